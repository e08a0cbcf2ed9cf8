//! HLS destinations: where the recipe's channel writes ([`Destination`]: a MediaStore container's data
//! endpoint or an S3 bucket) and destination URLs as MediaLive spells them (`<scheme>://<host>/<path>/<base>`).

use std::fmt;
use std::str::FromStr;

use mediastore_policy::DataEndpoint;

hls_epoch::open_enum! {
    /// The scheme of a destination URL.
    DestinationScheme {
        /// MediaStore over TLS: `mediastoressl://<data-endpoint-host>/<path>/<base>`.
        MediaStoreSsl = "mediastoressl",
        /// MediaStore without TLS.
        MediaStore = "mediastore",
        /// S3 over TLS: `s3ssl://<bucket>/<path>/<base>`.
        S3Ssl = "s3ssl",
        /// S3 without TLS.
        S3 = "s3",
        /// HTTPS PUT or WebDAV.
        Https = "https",
        /// HTTP PUT or WebDAV.
        Http = "http",
    }
}

/// Where the recipe's channel writes its two pipelines: a MediaStore container, through its data
/// endpoint, or an S3 bucket. Both are written over TLS.
///
/// ```
/// use medialive_template::destination::{BucketName, Destination};
/// use mediastore_policy::DataEndpoint;
///
/// let container = Destination::from(DataEndpoint::from_host("abcd.data.mediastore.us-east-1.amazonaws.com")?);
/// assert_eq!(container.url("live", "primary")?.to_string(), "mediastoressl://abcd.data.mediastore.us-east-1.amazonaws.com/live/primary");
/// let bucket = Destination::from(BucketName::new("my-bucket")?);
/// assert_eq!(bucket.url("", "backup")?.to_string(), "s3ssl://my-bucket/backup");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Destination {
    /// A MediaStore container: `mediastoressl://<data-endpoint-host>/<path>/<base>`.
    MediaStore(DataEndpoint),
    /// An S3 bucket: `s3ssl://<bucket>/<path>/<base>`.
    S3(BucketName),
}

impl Destination {
    /// The scheme MediaLive writes with: `mediastoressl` or `s3ssl`.
    pub fn scheme(&self) -> DestinationScheme {
        match self {
            Self::MediaStore(_) => DestinationScheme::MediaStoreSsl,
            Self::S3(_) => DestinationScheme::S3Ssl,
        }
    }

    /// The host of the URLs: the data endpoint's host, or the bucket.
    pub fn host(&self) -> String {
        match self {
            Self::MediaStore(endpoint) => endpoint.host(),
            Self::S3(bucket) => bucket.as_str().to_owned(),
        }
    }

    /// Whether a URL with `scheme` writes to the same kind of store (with or without TLS), so that
    /// moving it to this destination changes only its host.
    pub fn accepts(&self, scheme: &DestinationScheme) -> bool {
        match self {
            Self::MediaStore(_) => {
                matches!(
                    scheme,
                    DestinationScheme::MediaStoreSsl | DestinationScheme::MediaStore
                )
            }
            Self::S3(_) => matches!(scheme, DestinationScheme::S3Ssl | DestinationScheme::S3),
        }
    }

    /// The URL of base name `base` under the folders `path` (which may be empty).
    pub fn url(&self, path: &str, base: &str) -> Result<DestinationUrl, Error> {
        DestinationUrl::new(self.scheme(), &self.host(), path, base)
    }
}

impl From<DataEndpoint> for Destination {
    fn from(endpoint: DataEndpoint) -> Self {
        Self::MediaStore(endpoint)
    }
}

impl From<BucketName> for Destination {
    fn from(bucket: BucketName) -> Self {
        Self::S3(bucket)
    }
}

impl fmt::Display for Destination {
    /// The data endpoint's URL, or `s3://<bucket>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MediaStore(endpoint) => write!(f, "{endpoint}"),
            Self::S3(bucket) => write!(f, "s3://{bucket}"),
        }
    }
}

/// An S3 bucket name: 3 to 63 characters of `a-z`, `0-9`, `.` and `-`, starting and ending with a
/// letter or digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BucketName(String);

impl BucketName {
    /// A validated bucket name.
    pub fn new(name: &str) -> Result<Self, Error> {
        let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        let valid = (3..=63).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
            && edge(name.as_bytes().first())
            && edge(name.as_bytes().last());
        if !valid {
            return Err(Error::Bucket {
                bucket: name.to_owned(),
            });
        }
        Ok(Self(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for BucketName {
    type Err = Error;
    fn from_str(name: &str) -> Result<Self, Error> {
        Self::new(name)
    }
}

impl fmt::Display for BucketName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A destination URL split the way the recipe reasons about it: scheme, host (a MediaStore data endpoint
/// host or an S3 bucket), path (zero or more folders) and base name (the last part, to which MediaLive
/// appends name modifiers and `.m3u8`).
///
/// ```
/// use medialive_template::{DestinationScheme, DestinationUrl};
///
/// let url: DestinationUrl = "mediastoressl://abcd.data.mediastore.us-east-1.amazonaws.com/live/channel1/primary".parse()?;
/// assert_eq!(url.scheme(), &DestinationScheme::MediaStoreSsl);
/// assert_eq!(url.host(), "abcd.data.mediastore.us-east-1.amazonaws.com");
/// assert_eq!(url.path(), "live/channel1");
/// assert_eq!(url.base(), "primary");
/// assert_eq!(url.master_playlist_key(), "live/channel1/primary.m3u8");
/// let west = url.with_host("efgh.data.mediastore.us-west-2.amazonaws.com")?;
/// assert_eq!(west.to_string(), "mediastoressl://efgh.data.mediastore.us-west-2.amazonaws.com/live/channel1/primary");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DestinationUrl {
    scheme: DestinationScheme,
    host: String,
    path: String,
    base: String,
}

/// Why a destination URL or host was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The URL does not have the `<scheme>://<host>/[<path>/]<base>` shape.
    #[error(
        "destination URL {url:?} is not allowed: {reason}; expected <scheme>://<host>/[<path>/]<base>, such as \"mediastoressl://<data-endpoint-host>/live/primary\""
    )]
    Shape {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A host that is empty or holds characters a host cannot hold.
    #[error(
        "destination host {host:?} is not allowed: expected a host name such as \"abcd.data.mediastore.us-west-2.amazonaws.com\" (no scheme, path, spaces or port)"
    )]
    Host {
        /// The host given.
        host: String,
    },
    /// A name that S3 does not allow for a bucket.
    #[error(
        "S3 bucket {bucket:?} is not allowed: expected 3 to 63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit"
    )]
    Bucket {
        /// The name given.
        bucket: String,
    },
}

impl DestinationUrl {
    /// A URL from its parts; `path` may be empty or hold several folders (`live/channel1`).
    pub fn new(scheme: DestinationScheme, host: &str, path: &str, base: &str) -> Result<Self, Error> {
        check_host(host)?;
        let path = path.trim_matches('/');
        let url = if path.is_empty() {
            format!("{scheme}://{host}/{base}")
        } else {
            format!("{scheme}://{host}/{path}/{base}")
        };
        url.parse()
    }

    /// The scheme.
    pub fn scheme(&self) -> &DestinationScheme {
        &self.scheme
    }

    /// The host: a MediaStore data endpoint host, an S3 bucket, or a web server.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The folders between host and base name, without leading or trailing `/` (empty when none).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The base name.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The object key of this destination's master playlist (`<path>/<base>.m3u8`), named by
    /// [`hls_epoch::naming::master_playlist`].
    pub fn master_playlist_key(&self) -> String {
        self.key(&hls_epoch::naming::master_playlist(&self.base))
    }

    /// The object key of an output's rendition playlist (`<path>/<base><modifier>.m3u8`), named by
    /// [`hls_epoch::naming::rendition_playlist`].
    pub fn rendition_playlist_key(&self, name_modifier: &str) -> String {
        self.key(&hls_epoch::naming::rendition_playlist(&self.base, name_modifier))
    }

    fn key(&self, file: &str) -> String {
        if self.path.is_empty() {
            file.to_owned()
        } else {
            format!("{}/{file}", self.path)
        }
    }

    /// The same URL on another host; everything else stays identical.
    pub fn with_host(&self, host: &str) -> Result<Self, Error> {
        Ok(Self {
            host: check_host(host)?.to_owned(),
            ..self.clone()
        })
    }
}

/// Accepts a bare host name (no scheme, path, spaces or port); refuses anything else.
fn check_host(host: &str) -> Result<&str, Error> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_';
    if host.is_empty() || !host.bytes().all(allowed) || host.starts_with('.') || host.ends_with('.') {
        return Err(Error::Host {
            host: host.to_owned(),
        });
    }
    Ok(host)
}

impl FromStr for DestinationUrl {
    type Err = Error;

    fn from_str(url: &str) -> Result<Self, Error> {
        let shape = |reason| Error::Shape {
            url: url.to_owned(),
            reason,
        };
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| shape("no \"://\" after a scheme"))?;
        if scheme.is_empty()
            || !scheme
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return Err(shape("the scheme must be lower-case letters and digits"));
        }
        let (host, rest) = rest
            .split_once('/')
            .ok_or_else(|| shape("no base name after the host"))?;
        if check_host(host).is_err() {
            return Err(shape("the host is empty or not a host name"));
        }
        let (path, base) = rest.rsplit_once('/').unwrap_or(("", rest));
        if base.is_empty() {
            return Err(shape("the base name is empty"));
        }
        if path.split('/').any(str::is_empty) && !path.is_empty() {
            return Err(shape("the path has an empty folder (\"//\")"));
        }
        Ok(Self {
            scheme: DestinationScheme::from(scheme),
            host: host.to_owned(),
            path: path.to_owned(),
            base: base.to_owned(),
        })
    }
}

impl fmt::Display for DestinationUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}/", self.scheme, self.host)?;
        if !self.path.is_empty() {
            write!(f, "{}/", self.path)?;
        }
        f.write_str(&self.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths_of_every_depth() {
        let no_path: DestinationUrl = "s3ssl://bucket/primary".parse().unwrap();
        assert_eq!(
            (no_path.host(), no_path.path(), no_path.base()),
            ("bucket", "", "primary")
        );
        assert_eq!(no_path.master_playlist_key(), "primary.m3u8");
        let deep: DestinationUrl = "mediastoressl://h.example/a/b/c/backup".parse().unwrap();
        assert_eq!((deep.path(), deep.base()), ("a/b/c", "backup"));
        assert_eq!(deep.rendition_playlist_key("_720p30"), "a/b/c/backup_720p30.m3u8");
        assert_eq!(deep.to_string(), "mediastoressl://h.example/a/b/c/backup");
    }

    #[test]
    fn refuses_bad_urls_and_hosts_with_the_value() {
        for bad in [
            "mediastoressl://host",
            "host/path/base",
            "mediastoressl:///path/base",
            "mediastoressl://h/a//base",
            "mediastoressl://h/a/",
            "MS://h/b",
        ] {
            let err = bad.parse::<DestinationUrl>().unwrap_err();
            assert!(err.to_string().contains(bad), "{err}");
        }
        assert_eq!(
            check_host("abcd.data.mediastore.us-west-2.amazonaws.com"),
            Ok("abcd.data.mediastore.us-west-2.amazonaws.com")
        );
        assert!(check_host("https://abcd.data.mediastore.us-west-2.amazonaws.com/").is_err());
        assert!(check_host("abcd.example/live").is_err());
        assert!(check_host("").is_err());
    }

    #[test]
    fn destinations_give_their_scheme_and_host() {
        let endpoint = DataEndpoint::parse("https://abcd.data.mediastore.us-west-2.amazonaws.com/").unwrap();
        let container = Destination::from(endpoint);
        assert_eq!(
            container.url("a/b", "primary").unwrap().to_string(),
            "mediastoressl://abcd.data.mediastore.us-west-2.amazonaws.com/a/b/primary"
        );
        assert!(container.accepts(&DestinationScheme::MediaStore));
        assert!(!container.accepts(&DestinationScheme::S3Ssl));
        let bucket = Destination::from(BucketName::new("my.bucket-1").unwrap());
        assert_eq!(bucket.scheme(), DestinationScheme::S3Ssl);
        assert_eq!(bucket.host(), "my.bucket-1");
        assert!(!bucket.accepts(&DestinationScheme::Https));
        for bad in [
            "ab",
            "My-Bucket",
            "-bucket",
            "bucket.",
            "bucket/live",
            &"a".repeat(64),
        ] {
            let err = BucketName::new(bad).unwrap_err();
            assert!(err.to_string().contains(bad), "{err}");
        }
    }
}
