//! The resources the workflow deploys: one [`Kind`] and one [`Resource`] record, shared by the
//! state file, status, start and stop, teardown and discovery.

use serde::Serialize;

/// A kind of resource the workflow deploys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A MediaStore container.
    Container,
    /// A MediaPackage v2 channel group.
    ChannelGroup,
    /// A MediaPackage v2 channel.
    PackageChannel,
    /// A MediaPackage v2 origin endpoint.
    OriginEndpoint,
    /// A MediaConnect flow.
    Flow,
    /// A MediaLive input.
    Input,
    /// A MediaLive channel.
    Channel,
    /// The CloudFront distribution.
    Distribution,
    /// The CloudFront origin access control of a MediaPackage v2 origin.
    OriginAccessControl,
}

impl Kind {
    /// The name, as in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Container => "container",
            Kind::ChannelGroup => "channel-group",
            Kind::PackageChannel => "package-channel",
            Kind::OriginEndpoint => "origin-endpoint",
            Kind::Flow => "flow",
            Kind::Input => "input",
            Kind::Channel => "channel",
            Kind::Distribution => "distribution",
            Kind::OriginAccessControl => "origin-access-control",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, so that a width in the format string aligns columns.
        f.pad(self.as_str())
    }
}

/// The Region of a global resource (the distribution, the origin access control).
pub const GLOBAL: &str = "global";

/// One deployed resource: what it is, where, and how AWS identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resource {
    /// What it is.
    pub kind: Kind,
    /// Its Region, or [`GLOBAL`] for the distribution.
    pub region: String,
    /// Its name (the distribution's is its domain name).
    pub name: String,
    /// How AWS identifies it: the ARN of a container, flow or MediaPackage resource, the id of an
    /// input, channel, distribution or origin access control.
    pub id: String,
}

impl std::fmt::Display for Resource {
    /// `kind name (id) in region`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({}) in {}", self.kind, self.name, self.id, self.region)
    }
}
