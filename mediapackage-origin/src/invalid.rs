//! The one validation error: which field, what value, what is allowed.

/// A value MediaPackage v2 (or the two-Region failover pattern) does not accept.
///
/// ```
/// use mediapackage_origin::ResourceName;
///
/// let error = ResourceName::new("live.event").unwrap_err();
/// assert_eq!(error.to_string(), "name: \"live.event\" is not allowed: 1 to 256 characters of A-Z, a-z, 0-9, _ and -");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {value} is not allowed: {allowed}")]
pub struct Invalid {
    /// The JSON path of the field (`Segment.SegmentDurationSeconds`, `HlsManifests[1].ManifestName`).
    pub path: String,
    /// The value as found, JSON-quoted when it is text (`"live.event"`, `45`, `absent`).
    pub value: String,
    /// What is allowed instead.
    pub allowed: String,
}

impl Invalid {
    /// An error at `path` for `value` (already formatted) with what is `allowed`.
    pub fn new(path: impl Into<String>, value: impl Into<String>, allowed: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            value: value.into(),
            allowed: allowed.into(),
        }
    }

    /// The same error with `prefix.` in front of its path, for a field inside a larger document.
    #[must_use]
    pub fn within(mut self, prefix: &str) -> Self {
        if !prefix.is_empty() {
            self.path = format!("{prefix}.{}", self.path);
        }
        self
    }
}

/// `"text"` for a string value, as the error messages print it.
pub(crate) fn quoted(text: &str) -> String {
    format!("{text:?}")
}
