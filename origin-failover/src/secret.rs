//! The secret header value CloudFront sends to the origins (the `User-Agent` the container policy expects).

use std::fmt;

/// A header value that must not leak into logs: `Debug` and `Display` print `<redacted>`.
///
/// The recipe locks each container to requests that carry a secret `User-Agent`, and CloudFront adds it
/// to every origin request as a custom header. Serialization writes the real value (the document must
/// carry it); only formatting hides it. Compare values with `==`; read it with [`SecretHeaderValue::expose`].
/// Only what a header can carry is checked here; how strong the secret is belongs to whoever makes it
/// (the container policy's owner).
///
/// ```
/// use origin_failover::SecretHeaderValue;
///
/// let agent = SecretHeaderValue::new("SuperSecretAgent")?;
/// assert_eq!(format!("{agent:?}"), "SecretHeaderValue(<redacted>)");
/// assert_eq!(agent.expose(), "SuperSecretAgent");
/// # Ok::<(), origin_failover::secret::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SecretHeaderValue(String);

/// Why a header value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The value is empty.
    #[error("header value is empty: a secret header needs 1 to 1783 visible ASCII characters")]
    Empty,
    /// The value is longer than CloudFront allows for a custom header value.
    #[error("header value has {length} characters: CloudFront allows at most {MAX_LENGTH}")]
    TooLong {
        /// The length given.
        length: usize,
    },
    /// The value holds a character that cannot travel in an HTTP header (the value itself is not shown).
    #[error("header value has a character at position {position} that is not visible ASCII or a space")]
    Character {
        /// The character's zero-based position.
        position: usize,
    },
}

/// The longest custom header value CloudFront accepts (its quota on header values).
pub const MAX_LENGTH: usize = 1783;

impl SecretHeaderValue {
    /// A secret of 1 to [`MAX_LENGTH`] visible ASCII characters (spaces allowed inside, not at the ends).
    pub fn new(value: impl Into<String>) -> Result<Self, Error> {
        let value = value.into();
        if value.is_empty() {
            return Err(Error::Empty);
        }
        if value.len() > MAX_LENGTH {
            return Err(Error::TooLong { length: value.len() });
        }
        let last = value.len() - 1;
        if let Some(position) = value
            .bytes()
            .enumerate()
            .position(|(i, b)| !(b.is_ascii_graphic() || (b == b' ' && i != 0 && i != last)))
        {
            return Err(Error::Character { position });
        }
        Ok(Self(value))
    }

    /// A value read from a document, unchecked: documents read back from AWS must load whatever they hold.
    pub(crate) fn from_document(value: String) -> Self {
        Self(value)
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretHeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretHeaderValue(<redacted>)")
    }
}

impl fmt::Display for SecretHeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl serde::Serialize for SecretHeaderValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for SecretHeaderValue {
    /// Reads any string: a document read back from AWS must load even if its header values would not
    /// pass [`SecretHeaderValue::new`]; [`crate::LiveDistribution`] checks them when it is built.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from_document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_and_checks() {
        let secret = SecretHeaderValue::new("Super Secret").unwrap();
        assert_eq!(secret.to_string(), "<redacted>");
        assert!(!format!("{secret:?}").contains("Super"));
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"Super Secret\"");
        assert_eq!(SecretHeaderValue::new(""), Err(Error::Empty));
        assert_eq!(
            SecretHeaderValue::new(" lead"),
            Err(Error::Character { position: 0 })
        );
        assert_eq!(
            SecretHeaderValue::new("a\nb"),
            Err(Error::Character { position: 1 })
        );
        assert_eq!(
            SecretHeaderValue::new("x".repeat(1784)),
            Err(Error::TooLong { length: 1784 })
        );
        let err = SecretHeaderValue::new("sécret").unwrap_err();
        assert!(!err.to_string().contains("sécret"), "{err}");
    }
}
