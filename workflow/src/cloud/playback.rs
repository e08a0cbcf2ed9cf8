//! Playback: reading an origin's playlists over HTTPS, the way a viewer or the deploying account
//! can.
//!
//! A MediaPackage v2 endpoint is read two ways: through the distribution, as a viewer does
//! ([`Reader::Viewer`], unsigned), and at a Region's egress domain with requests signed with
//! Signature Version 4 for `mediapackagev2` ([`Reader::Account`]). The endpoint policy lets only
//! CloudFront read unsigned; a signed request from the account that owns the endpoint is allowed
//! when the caller's IAM identity may `mediapackagev2:GetObject` on it.

use std::fmt;
use std::future::Future;

use super::Result;

/// Who reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader<'a> {
    /// A viewer: unsigned requests, through the distribution.
    Viewer,
    /// The deploying account: requests signed for MediaPackage v2 in `region`.
    Account {
        /// The Region of the endpoint read.
        region: &'a str,
    },
}

impl fmt::Display for Reader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reader::Viewer => f.write_str("viewer"),
            Reader::Account { region } => write!(f, "signed for {region}"),
        }
    }
}

/// An answer: its status and body, whatever the status (a 404 is what a MediaPackage endpoint
/// answers under its force-error conditions, so it is a reading, not an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The HTTP status code.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
}

impl Fetched {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// HTTPS GETs as one [`Reader`].
pub trait Playback: Send + Sync {
    /// GETs `url` (`https://host/path`); an error means no answer came (connection, TLS, a
    /// request that could not be signed).
    fn get(&self, url: &str) -> impl Future<Output = Result<Fetched>> + Send;
}
