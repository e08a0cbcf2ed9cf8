//! HLS destination URLs: `<scheme>://<host>/<path>/<base>`.

use std::fmt;
use std::str::FromStr;

open_enum! {
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
}

impl DestinationUrl {
    /// A URL from its parts; `path` may be empty or hold several folders (`live/channel1`).
    pub fn new(scheme: DestinationScheme, host: &str, path: &str, base: &str) -> Result<Self, Error> {
        let host = validate_host(host)?;
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
            host: validate_host(host)?.to_owned(),
            ..self.clone()
        })
    }
}

/// Accepts a bare host, or a MediaStore data endpoint as the console shows it (`https://<host>`, which the
/// recipe says to copy without its scheme); refuses anything else.
pub fn validate_host(host: &str) -> Result<&str, Error> {
    let bare = host
        .strip_prefix("https://")
        .unwrap_or(host)
        .trim_end_matches('/');
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_';
    if bare.is_empty() || !bare.bytes().all(allowed) || bare.starts_with('.') || bare.ends_with('.') {
        return Err(Error::Host {
            host: host.to_owned(),
        });
    }
    Ok(bare)
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
        if validate_host(host).ok() != Some(host) {
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
            validate_host("https://abcd.data.mediastore.us-west-2.amazonaws.com/"),
            Ok("abcd.data.mediastore.us-west-2.amazonaws.com")
        );
        assert!(validate_host("abcd.example/live").is_err());
        assert!(validate_host("").is_err());
    }
}
