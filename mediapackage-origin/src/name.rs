//! Resource names and ARNs: what MediaPackage v2 accepts, checked once.

use std::fmt;
use std::str::FromStr;

use mediastore_policy::{AccountId, Region};
use serde::{Deserialize, Serialize};

use crate::invalid::{Invalid, quoted};

/// The most characters in a channel group, channel, origin endpoint or segment name.
pub const MAX_NAME_CHARS: usize = 256;

const NAME_RULE: &str = "1 to 256 characters of A-Z, a-z, 0-9, _ and -";
const MANIFEST_NAME_RULE: &str = "1 to 256 characters of A-Z, a-z, 0-9 and - (no _)";

/// A channel group, channel or origin endpoint name: 1-256 of `[A-Za-z0-9_-]`, immutable once created.
///
/// The playback path is made of these names only, so identical names in both Regions give identical
/// paths and one CloudFront behaviour serves both origins.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResourceName(String);

impl ResourceName {
    /// Checks `name` against MediaPackage's rule (the error's path is `name`).
    pub fn new(name: &str) -> Result<Self, Invalid> {
        check(
            name,
            |c| c.is_ascii_alphanumeric() || c == '_' || c == '-',
            NAME_RULE,
        )?;
        Ok(Self(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A manifest name (`index`, `index-ll`): 1-256 of `[A-Za-z0-9-]`; unlike resource names, no `_`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ManifestName(String);

impl ManifestName {
    /// Checks `name` against MediaPackage's manifest-name rule (the error's path is `name`).
    pub fn new(name: &str) -> Result<Self, Invalid> {
        check(
            name,
            |c| c.is_ascii_alphanumeric() || c == '-',
            MANIFEST_NAME_RULE,
        )?;
        Ok(Self(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn check(name: &str, allowed: impl Fn(char) -> bool, rule: &str) -> Result<(), Invalid> {
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || !name.chars().all(allowed) {
        return Err(Invalid::new("name", quoted(name), rule));
    }
    Ok(())
}

macro_rules! string_newtype_impls {
    ($ty:ident) => {
        impl TryFrom<String> for $ty {
            type Error = Invalid;
            fn try_from(name: String) -> Result<Self, Invalid> {
                Self::new(&name)
            }
        }
        impl From<$ty> for String {
            fn from(name: $ty) -> String {
                name.0
            }
        }
        impl FromStr for $ty {
            type Err = Invalid;
            fn from_str(name: &str) -> Result<Self, Invalid> {
                Self::new(name)
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
string_newtype_impls!(ResourceName);
string_newtype_impls!(ManifestName);

/// The three names that make one origin: channel group, channel, origin endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OriginNames {
    /// The channel group.
    pub group: ResourceName,
    /// The channel in that group.
    pub channel: ResourceName,
    /// The origin endpoint on that channel.
    pub endpoint: ResourceName,
}

/// Where a channel or endpoint lives: partition, Region and account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// The partition (`aws`, `aws-cn`, `aws-us-gov`).
    pub partition: String,
    /// The Region.
    pub region: Region,
    /// The account.
    pub account: AccountId,
}

impl Location {
    /// A Region and account in the `aws` partition.
    pub fn new(region: Region, account: AccountId) -> Self {
        Self {
            partition: "aws".to_owned(),
            region,
            account,
        }
    }

    /// The channel's ARN, the resource of the channel policy:
    /// `arn:aws:mediapackagev2:<region>:<account>:channelGroup/<group>/channel/<channel>`.
    pub fn channel_arn(&self, group: &ResourceName, channel: &ResourceName) -> String {
        format!(
            "arn:{}:mediapackagev2:{}:{}:channelGroup/{group}/channel/{channel}",
            self.partition,
            self.region.as_str(),
            self.account.as_str()
        )
    }

    /// The origin endpoint's ARN, the resource of the endpoint policy:
    /// `<channel ARN>/originEndpoint/<endpoint>`.
    pub fn endpoint_arn(&self, names: &OriginNames) -> String {
        format!(
            "{}/originEndpoint/{}",
            self.channel_arn(&names.group, &names.channel),
            names.endpoint
        )
    }
}

/// A CloudFront distribution's ARN (`arn:aws:cloudfront::<account>:distribution/<id>`), the
/// `AWS:SourceArn` an endpoint policy lets read through Origin Access Control.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DistributionArn(String);

impl DistributionArn {
    /// Checks the shape `arn:<partition>:cloudfront::<12 digits>:distribution/<id>` (path `distribution`).
    pub fn new(arn: &str) -> Result<Self, Invalid> {
        let fields: Vec<&str> = arn.splitn(6, ':').collect();
        let ok = matches!(
            fields.as_slice(),
            ["arn", partition, "cloudfront", "", account, resource]
                if !partition.is_empty()
                    && account.len() == 12
                    && account.bytes().all(|b| b.is_ascii_digit())
                    && resource.strip_prefix("distribution/").is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
        );
        if ok {
            Ok(Self(arn.to_owned()))
        } else {
            Err(Invalid::new(
                "distribution",
                quoted(arn),
                "arn:<partition>:cloudfront::<12-digit account>:distribution/<id>",
            ))
        }
    }

    /// The ARN.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype_impls!(DistributionArn);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_api_patterns() {
        assert!(ResourceName::new("live_event-1").is_ok());
        assert!(ResourceName::new("").is_err());
        assert!(ResourceName::new(&"a".repeat(256)).is_ok());
        assert!(ResourceName::new(&"a".repeat(257)).is_err());
        assert!(ManifestName::new("index-ll").is_ok());
        assert_eq!(
            ManifestName::new("index_ll").map_err(|e| e.value),
            Err("\"index_ll\"".to_owned())
        );
    }

    #[test]
    fn arns_name_the_channel_and_endpoint() -> Result<(), Box<dyn std::error::Error>> {
        let location = Location::new(Region::new("us-west-2")?, AccountId::new("000011112222")?);
        let names = OriginNames {
            group: ResourceName::new("live")?,
            channel: ResourceName::new("event")?,
            endpoint: ResourceName::new("hls")?,
        };
        assert_eq!(
            location.endpoint_arn(&names),
            "arn:aws:mediapackagev2:us-west-2:000011112222:channelGroup/live/channel/event/originEndpoint/hls"
        );
        assert!(DistributionArn::new("arn:aws:cloudfront::000011112222:distribution/E2QWRUHAPOMQZL").is_ok());
        assert!(DistributionArn::new("arn:aws:cloudfront:us-east-1:000011112222:distribution/E2").is_err());
        Ok(())
    }
}
