//! The secret `User-Agent` that lets only the CDN read from a container.
//!
//! The recipe's container policy allows reads only from requests whose `User-Agent` equals a shared
//! secret, and CloudFront sends that value as a custom origin header. Whoever learns it can read the
//! origin directly, so the value lives in one type that never prints it.

use std::fmt;

/// Why a value was refused as a `User-Agent` secret. Messages never contain the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Fewer characters than [`UserAgentSecret::MIN_LEN`].
    #[error("user-agent secret has {len} characters: at least {min} are required")]
    TooShort {
        /// The length given.
        len: usize,
        /// The minimum.
        min: usize,
    },
    /// More characters than [`UserAgentSecret::MAX_LEN`].
    #[error("user-agent secret has {len} characters: at most {max} are allowed")]
    TooLong {
        /// The length given.
        len: usize,
        /// The maximum.
        max: usize,
    },
    /// A character outside `A-Z a-z 0-9 - . _ ~`.
    #[error(
        "user-agent secret has a character that is not allowed at position {position}: only A-Z, a-z, 0-9, '-', '.', '_' and '~' are (no wildcards, quotes or spaces)"
    )]
    Character {
        /// The 0-based character position.
        position: usize,
    },
    /// Too few distinct characters (such as a repeated pattern).
    #[error("user-agent secret uses {distinct} distinct characters: at least {min} are required")]
    LowVariety {
        /// Distinct characters found.
        distinct: usize,
        /// The minimum.
        min: usize,
    },
    /// Length times the size of the character classes used gives too few bits to resist guessing.
    #[error(
        "user-agent secret has an estimated strength of {bits} bits: at least {min} are required (use a longer value, or more kinds of characters)"
    )]
    LowEntropy {
        /// The estimate, rounded down.
        bits: u32,
        /// The minimum.
        min: u32,
    },
}

/// A secret `User-Agent` value, checked for strength, that never appears in `Debug` or `Display`.
///
/// The value is written only where it must be: into the container policy (see
/// [`RecipePolicy`](crate::RecipePolicy)) and, by the caller, into the CDN's origin header through
/// [`UserAgentSecret::expose`]. The type has no `Serialize` implementation, so it cannot leak into a
/// serialised log or state file by accident.
///
/// A strong secret has [`MIN_LEN`](Self::MIN_LEN) to [`MAX_LEN`](Self::MAX_LEN) characters of
/// `A-Z a-z 0-9 - . _ ~` (header-safe, JSON-safe and free of the `*`/`?` wildcards that `StringLike`
/// would interpret), at least [`MIN_DISTINCT`](Self::MIN_DISTINCT) distinct characters, and an estimated
/// [`MIN_BITS`](Self::MIN_BITS) bits: its length times `log2` of the size of the character classes it
/// uses (lowercase 26, uppercase 26, digits 10, symbols 4). A random 32-character hex string passes.
///
/// ```
/// use mediastore_policy::UserAgentSecret;
///
/// let secret = UserAgentSecret::new("k7Qe2-Lw9_xR4tZp8mVb3nHs")?;
/// assert_eq!(format!("{secret} {secret:?}").contains("k7Qe2"), false);
/// assert_eq!(secret.expose(), "k7Qe2-Lw9_xR4tZp8mVb3nHs");
/// assert!(UserAgentSecret::new("SuperSecretAgent").is_err()); // the recipe's placeholder is too weak
/// # Ok::<(), mediastore_policy::secret::Error>(())
/// ```
#[derive(Clone, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct UserAgentSecret(String);

impl UserAgentSecret {
    /// The fewest characters allowed.
    pub const MIN_LEN: usize = 24;
    /// The most characters allowed.
    pub const MAX_LEN: usize = 256;
    /// The fewest distinct characters allowed.
    pub const MIN_DISTINCT: usize = 10;
    /// The lowest estimated strength allowed, in bits.
    pub const MIN_BITS: u32 = 112;

    /// A secret, after checking its strength.
    pub fn new(value: impl Into<String>) -> Result<Self, Error> {
        let value = value.into();
        check_strength(&value)?;
        Ok(Self(value))
    }

    /// The secret value, for the one place that must send it (the CDN's origin `User-Agent` header).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether `user_agent` equals the secret, comparing in time that does not depend on where the
    /// first difference is.
    pub fn matches(&self, user_agent: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), user_agent.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// Checks `value` against the strength rules of [`UserAgentSecret`] (also used by the lint).
pub(crate) fn check_strength(value: &str) -> Result<(), Error> {
    let len = value.chars().count();
    if len < UserAgentSecret::MIN_LEN {
        return Err(Error::TooShort {
            len,
            min: UserAgentSecret::MIN_LEN,
        });
    }
    if len > UserAgentSecret::MAX_LEN {
        return Err(Error::TooLong {
            len,
            max: UserAgentSecret::MAX_LEN,
        });
    }
    let (mut lower, mut upper, mut digit, mut symbol) = (false, false, false, false);
    let mut seen = [false; 128];
    for (position, c) in value.chars().enumerate() {
        match c {
            'a'..='z' => lower = true,
            'A'..='Z' => upper = true,
            '0'..='9' => digit = true,
            '-' | '.' | '_' | '~' => symbol = true,
            _ => return Err(Error::Character { position }),
        }
        // Every allowed character is ASCII.
        seen[c as usize] = true;
    }
    let distinct = seen.iter().filter(|s| **s).count();
    if distinct < UserAgentSecret::MIN_DISTINCT {
        return Err(Error::LowVariety {
            distinct,
            min: UserAgentSecret::MIN_DISTINCT,
        });
    }
    let alphabet =
        26 * u32::from(lower) + 26 * u32::from(upper) + 10 * u32::from(digit) + 4 * u32::from(symbol);
    // An estimate, not a measurement: it assumes every character was drawn at random from the classes
    // used, which is the best case for the value; the other checks catch the obviously patterned ones.
    let bits = (len as f64 * f64::from(alphabet).log2()).floor() as u32;
    if bits < UserAgentSecret::MIN_BITS {
        return Err(Error::LowEntropy {
            bits,
            min: UserAgentSecret::MIN_BITS,
        });
    }
    Ok(())
}

impl TryFrom<String> for UserAgentSecret {
    type Error = Error;
    fn try_from(value: String) -> Result<Self, Error> {
        Self::new(value)
    }
}

impl PartialEq for UserAgentSecret {
    fn eq(&self, other: &Self) -> bool {
        self.matches(&other.0)
    }
}

impl Eq for UserAgentSecret {}

impl fmt::Debug for UserAgentSecret {
    /// `UserAgentSecret(<redacted>)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UserAgentSecret(<redacted>)")
    }
}

impl fmt::Display for UserAgentSecret {
    /// `<redacted>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strength_rules() {
        assert!(matches!(
            UserAgentSecret::new("SuperSecretAgent"),
            Err(Error::TooShort { len: 16, .. })
        ));
        assert!(matches!(
            UserAgentSecret::new("a".repeat(257)),
            Err(Error::TooLong { .. })
        ));
        assert!(matches!(
            UserAgentSecret::new("abcdefghijklmnopqrstuvw*"),
            Err(Error::Character { position: 23 })
        ));
        assert!(matches!(
            UserAgentSecret::new("abababababababababababab"),
            Err(Error::LowVariety { distinct: 2, .. })
        ));
        // 24 lowercase letters: 24 x log2(26) = 112.8 bits, just enough; 24 digits are not.
        assert!(UserAgentSecret::new("qwertyuiopasdfghjklzxcvb").is_ok());
        assert!(matches!(
            UserAgentSecret::new("012345678901234567890123"),
            Err(Error::LowEntropy { bits: 79, min: 112 })
        ));
        // A random 32-character hex string, as `openssl rand -hex 16` prints.
        assert!(UserAgentSecret::new("9f86d081884c7d659a2feaa0c55ad015").is_ok());
    }

    #[test]
    fn equality_and_matching() {
        let a = UserAgentSecret::new("9f86d081884c7d659a2feaa0c55ad015").unwrap();
        assert!(a.matches("9f86d081884c7d659a2feaa0c55ad015"));
        assert!(!a.matches("9f86d081884c7d659a2feaa0c55ad01"));
        assert!(!a.matches("9f86d081884c7d659a2feaa0c55ad016"));
        assert_eq!(a, a.clone());
    }
}
