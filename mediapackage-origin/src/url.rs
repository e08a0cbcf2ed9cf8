//! Egress and ingest URLs: where CloudFront reads and where each MediaLive pipeline writes.

use std::fmt;

use medialive_template::Pipeline;
use medialive_template::media_package::ChannelEndpointId;
use origin_failover::cache_behavior::PathPattern;
use origin_failover::origin_kind::EgressDomain;

use crate::invalid::{Invalid, quoted};
use crate::name::{ManifestName, OriginNames, ResourceName};

/// The path a player asks for: `/out/v1/<group>/<channel>/<endpoint>/<manifest>.m3u8`. It holds
/// names only, so identical names give the same path in both Regions.
///
/// ```
/// use mediapackage_origin::{ManifestName, OriginNames, PlaybackPath, ResourceName};
///
/// let names = OriginNames {
///     group: ResourceName::new("live")?,
///     channel: ResourceName::new("event")?,
///     endpoint: ResourceName::new("hls")?,
/// };
/// let path = PlaybackPath::new(names, ManifestName::new("index")?);
/// assert_eq!(path.to_string(), "/out/v1/live/event/hls/index.m3u8");
/// assert_eq!(path.behaviour_pattern()?.as_str(), "/out/v1/live/event/*");
/// # Ok::<(), mediapackage_origin::Invalid>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlaybackPath {
    /// The group, channel and endpoint.
    pub names: OriginNames,
    /// The multivariant playlist's name.
    pub manifest: ManifestName,
}

impl PlaybackPath {
    /// The path of `manifest` on the endpoint `names`.
    pub fn new(names: OriginNames, manifest: ManifestName) -> Self {
        Self { names, manifest }
    }

    /// The CloudFront path pattern for one cache behaviour per channel (media-quality scores are
    /// kept per behaviour, so channels must not share one): `/out/v1/<group>/<channel>/*`, refused when
    /// the names make it longer than a pattern may be (path `PathPattern`).
    pub fn behaviour_pattern(&self) -> Result<PathPattern, Invalid> {
        let pattern = format!("/out/v1/{}/{}/*", self.names.group, self.names.channel);
        PathPattern::new(&pattern).map_err(|_| {
            Invalid::new(
                "PathPattern",
                quoted(&pattern),
                "at most 255 characters: shorter channel group and channel names",
            )
        })
    }

    /// The HTTPS URL of this path on a Region's egress `domain`.
    pub fn url(&self, domain: &EgressDomain) -> String {
        format!("https://{domain}{self}")
    }
}

impl fmt::Display for PlaybackPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "/out/v1/{}/{}/{}/{}.m3u8",
            self.names.group, self.names.channel, self.names.endpoint, self.manifest
        )
    }
}

/// One of a channel's two ingest endpoints (`IngestEndpoints[].Id` "1" or "2").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IngestEndpointId {
    /// Endpoint 1, which pipeline 0 writes to.
    One,
    /// Endpoint 2, which pipeline 1 writes to.
    Two,
}

impl IngestEndpointId {
    /// The endpoint a MediaLive pipeline writes to: pipeline 0 -> 1, pipeline 1 -> 2, always.
    pub const fn for_pipeline(pipeline: Pipeline) -> Self {
        match pipeline {
            Pipeline::Primary => Self::One,
            Pipeline::Backup => Self::Two,
        }
    }

    /// The pipeline that writes to this endpoint.
    pub const fn pipeline(self) -> Pipeline {
        match self {
            Self::One => Pipeline::Primary,
            Self::Two => Pipeline::Backup,
        }
    }

    /// `1` or `2`, as the API's `Id` and the URL spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::One => "1",
            Self::Two => "2",
        }
    }

    /// MediaLive's `ChannelEndpointId` for a MediaPackage output group destination.
    pub const fn medialive_endpoint_id(self) -> ChannelEndpointId {
        match self {
            Self::One => ChannelEndpointId::Endpoint1,
            Self::Two => ChannelEndpointId::Endpoint2,
        }
    }
}

/// An ingest endpoint as `CreateChannel` returns it:
/// `https://<id>-<n>.ingest.<id>.mediapackagev2.<region>.amazonaws.com/in/v1/<group>/<n>/<channel>/`.
///
/// ```
/// use mediapackage_origin::{IngestEndpoint, IngestEndpointId};
/// use medialive_template::Pipeline;
///
/// let url = "https://abcde1-2.ingest.fghij2.mediapackagev2.us-west-2.amazonaws.com/in/v1/live/2/event/";
/// let endpoint = IngestEndpoint::parse("2", url)?;
/// assert_eq!(endpoint.id(), IngestEndpointId::Two);
/// assert_eq!(endpoint.id().pipeline(), Pipeline::Backup);
/// # Ok::<(), mediapackage_origin::Invalid>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IngestEndpoint {
    id: IngestEndpointId,
    url: String,
    group: ResourceName,
    channel: ResourceName,
}

impl IngestEndpoint {
    /// Reads an `IngestEndpoints[]` entry: its `Id` and `Url` must agree, and the URL must end in `/`
    /// (a CMAF Ingest destination without it is refused by MediaLive).
    pub fn parse(id: &str, url: &str) -> Result<Self, Invalid> {
        let id = match id {
            "1" => IngestEndpointId::One,
            "2" => IngestEndpointId::Two,
            other => {
                return Err(Invalid::new(
                    "IngestEndpoints[].Id",
                    quoted(other),
                    "\"1\" or \"2\"",
                ));
            }
        };
        let shape = "https://<id>-<n>.ingest.<id>.mediapackagev2.<region>.amazonaws.com/in/v1/<group>/<n>/<channel>/ with <n> the endpoint's Id";
        let bad = || Invalid::new("IngestEndpoints[].Url", quoted(url), shape);
        let rest = url.strip_prefix("https://").ok_or_else(bad)?;
        let (host, path) = rest.split_once('/').ok_or_else(bad)?;
        let first = host.split('.').next().unwrap_or_default();
        if !first.ends_with(&format!("-{}", id.as_str()))
            || !host.contains(".ingest.")
            || !host.contains(".mediapackagev2.")
        {
            return Err(bad());
        }
        let segments: Vec<&str> = path.split('/').collect();
        match segments.as_slice() {
            ["in", "v1", group, n, channel, ""] if *n == id.as_str() => Ok(Self {
                id,
                url: url.to_owned(),
                group: ResourceName::new(group).map_err(|_| bad())?,
                channel: ResourceName::new(channel).map_err(|_| bad())?,
            }),
            _ => Err(bad()),
        }
    }

    /// Which of the two endpoints.
    pub fn id(&self) -> IngestEndpointId {
        self.id
    }

    /// The URL, ending in `/` (a CMAF Ingest output group's destination).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The channel group the URL names.
    pub fn group(&self) -> &ResourceName {
        &self.group
    }

    /// The channel the URL names.
    pub fn channel(&self) -> &ResourceName {
        &self.channel
    }
}
