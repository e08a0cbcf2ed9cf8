//! The field error the lifecycle and CORS policies share: which field, what value, what is allowed.

use std::fmt;

/// A field that breaks one of MediaStore's rules or limits.
///
/// ```
/// use mediastore_policy::CorsPolicy;
///
/// let error = CorsPolicy::parse(r#"[{"AllowedOrigins": [], "AllowedMethods": ["GET"], "AllowedHeaders": []}]"#)
///     .unwrap_err();
/// assert_eq!(error.to_string(), "[0].AllowedOrigins: 0 items is not allowed: expected 1 to 100 items");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {value} is not allowed: expected {allowed}")]
pub struct Invalid {
    /// The JSON path (`[0].AllowedOrigins[2]`, `rules[0].definition.seconds_since_create[0].numeric[1]`).
    pub path: String,
    /// The value found.
    pub value: String,
    /// What is allowed.
    pub allowed: String,
}

/// An error of type `E` (a policy's error) for the field at `path`.
pub(crate) fn field<E: From<Invalid>>(
    path: impl Into<String>,
    value: impl fmt::Display,
    allowed: impl Into<String>,
) -> E {
    E::from(Invalid {
        path: path.into(),
        value: value.to_string(),
        allowed: allowed.into(),
    })
}
