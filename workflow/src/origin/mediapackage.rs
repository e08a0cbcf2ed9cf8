//! The MediaPackage v2 origin (what AWS documents for cross-Region failover today): per Region a
//! channel group, its channel (CMAF ingest, epoch-locked) with the policy that lets MediaLive write,
//! and an origin endpoint with the policy that lets the distribution read.

use serde::{Deserialize, Serialize};

/// A step of a Region's MediaPackage v2 origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaPackageStep {
    /// Create (or adopt) the channel group; its egress domain is what CloudFront reads from.
    CreateChannelGroup,
    /// Create (or adopt) the channel; its ingest endpoints are where MediaLive writes.
    CreateChannel,
    /// Put the channel policy that lets the MediaLive role write.
    PutChannelPolicy,
    /// Create (or adopt) the origin endpoint.
    CreateOriginEndpoint,
    /// Put the endpoint policy that lets the distribution (and only it) read: it names the
    /// distribution, so it follows the distribution's creation.
    PutEndpointPolicy,
}

impl MediaPackageStep {
    /// Every step, in the summary's order.
    pub const ALL: [MediaPackageStep; 5] = [
        MediaPackageStep::CreateChannelGroup,
        MediaPackageStep::CreateChannel,
        MediaPackageStep::PutChannelPolicy,
        MediaPackageStep::CreateOriginEndpoint,
        MediaPackageStep::PutEndpointPolicy,
    ];

    /// The steps of the same Region's origin that must finish before this one starts.
    pub fn dependencies(self) -> Vec<MediaPackageStep> {
        match self {
            MediaPackageStep::CreateChannelGroup => Vec::new(),
            MediaPackageStep::CreateChannel => vec![MediaPackageStep::CreateChannelGroup],
            MediaPackageStep::PutChannelPolicy | MediaPackageStep::CreateOriginEndpoint => {
                vec![MediaPackageStep::CreateChannel]
            }
            MediaPackageStep::PutEndpointPolicy => vec![MediaPackageStep::CreateOriginEndpoint],
        }
    }

    /// Whether the step waits for the distribution's creation (its document names the distribution).
    pub fn follows_distribution(self) -> bool {
        self == MediaPackageStep::PutEndpointPolicy
    }

    /// A stable identifier within the Region, such as `mediapackage.channel.create`.
    pub const fn id(self) -> &'static str {
        match self {
            MediaPackageStep::CreateChannelGroup => "mediapackage.channel-group.create",
            MediaPackageStep::CreateChannel => "mediapackage.channel.create",
            MediaPackageStep::PutChannelPolicy => "mediapackage.channel.put-policy",
            MediaPackageStep::CreateOriginEndpoint => "mediapackage.endpoint.create",
            MediaPackageStep::PutEndpointPolicy => "mediapackage.endpoint.put-policy",
        }
    }
}
