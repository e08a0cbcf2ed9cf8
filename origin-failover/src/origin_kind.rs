//! What an origin is, as CloudFront's rules for it see it: which access control it takes, which
//! selection criteria it supports, which query strings belong in the cache key, which status codes
//! it answers for a fault in its own Region.

use std::fmt;

use mediastore_policy::DataEndpoint;
use serde_json::Value;

use crate::distribution::{Error, invalid};

/// The kind of a distribution's origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OriginKind {
    /// A MediaStore container's data endpoint (the recipe's origin).
    MediaStore,
    /// A MediaPackage v2 channel group's egress domain.
    MediaPackageV2,
    /// Any other origin: a bucket, a load balancer, a server.
    Other,
}

/// The query strings MediaPackage v2 reads (manifest filtering and settings, LL-HLS blocking reloads);
/// it ignores every other one, so the cache key holds these and no more.
pub const MEDIAPACKAGE_CACHE_KEY_QUERY_STRINGS: [&str; 4] = [
    "aws.manifestfilter",
    "aws.manifestsettings",
    "_HLS_msn",
    "_HLS_part",
];

impl OriginKind {
    /// The kind of the origin at `host`, by the host's shape.
    ///
    /// ```
    /// use origin_failover::origin_kind::OriginKind;
    ///
    /// assert_eq!(OriginKind::of_host("abc.egress.def.mediapackagev2.us-west-2.amazonaws.com"), OriginKind::MediaPackageV2);
    /// assert_eq!(OriginKind::of_host("aaa.data.mediastore.us-east-1.amazonaws.com"), OriginKind::MediaStore);
    /// assert_eq!(OriginKind::of_host("www.example.com"), OriginKind::Other);
    /// ```
    pub fn of_host(host: &str) -> Self {
        if EgressDomain::new(host).is_ok() {
            Self::MediaPackageV2
        } else if DataEndpoint::from_host(host).is_ok() {
            Self::MediaStore
        } else {
            Self::Other
        }
    }

    /// The kind of a CloudFormation origin's `DomainName`: a host, or `Fn::GetAtt` of a MediaPackage v2
    /// channel group's `EgressDomain` (the only resource attribute of that name). `None` when the
    /// value is resolved at deploy time in a way that does not tell (a `Ref` to a parameter, an import).
    pub fn of_cloudformation(domain_name: &Value) -> Option<Self> {
        match domain_name {
            Value::String(host) => Some(Self::of_host(host)),
            Value::Object(map) => match map.get("Fn::GetAtt")?.as_array()?.as_slice() {
                [Value::String(_), Value::String(attribute)] if attribute == "EgressDomain" => {
                    Some(Self::MediaPackageV2)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether an origin group of this kind may select by media quality (`media-quality-based`): only
    /// MediaPackage v2 reports the media quality confidence scores it compares.
    pub const fn supports_media_quality_selection(self) -> bool {
        matches!(self, Self::MediaPackageV2)
    }

    /// Whether a 403 from this origin means a fault in its own Region that the other Region can repair.
    ///
    /// MediaStore answers 403 when one Region's container policy refuses the request (and a bucket
    /// answers 403 for a missing key without `s3:ListBucket`); MediaPackage v2 behind Origin Access
    /// Control answers 403 only when its endpoint policy refuses the distribution's signed request,
    /// a deployment error that failing over would hide while doubling every request's cost.
    pub const fn answers_regional_403(self) -> bool {
        !matches!(self, Self::MediaPackageV2)
    }

    /// The query strings that belong in the cache key of a behaviour serving this kind (none but
    /// MediaPackage v2's own).
    pub fn cache_key_query_strings(self) -> &'static [&'static str] {
        match self {
            Self::MediaPackageV2 => &MEDIAPACKAGE_CACHE_KEY_QUERY_STRINGS,
            Self::MediaStore | Self::Other => &[],
        }
    }
}

impl fmt::Display for OriginKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MediaStore => "a MediaStore container",
            Self::MediaPackageV2 => "a MediaPackage v2 endpoint",
            Self::Other => "another kind of origin",
        })
    }
}

/// The host every endpoint of a MediaPackage v2 channel group answers on (`CreateChannelGroup`'s
/// `EgressDomain`): `<id>.egress.<id>.mediapackagev2.<region>.amazonaws.com`, CloudFront's origin domain.
///
/// ```
/// use origin_failover::origin_kind::EgressDomain;
///
/// let domain = EgressDomain::new("abcde1.egress.fghij2.mediapackagev2.us-west-2.amazonaws.com")?;
/// assert_eq!(domain.region(), "us-west-2");
/// assert!(EgressDomain::new("aaa.data.mediastore.us-west-2.amazonaws.com").is_err());
/// # Ok::<(), origin_failover::distribution::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EgressDomain(String);

impl EgressDomain {
    /// Checks that `host` is a MediaPackage v2 egress host (the error's path is `EgressDomain`).
    pub fn new(host: &str) -> Result<Self, Error> {
        let labels: Vec<&str> = host.split('.').collect();
        let ok = matches!(
            labels.as_slice(),
            [id, "egress", id2, "mediapackagev2", region, "amazonaws", "com"]
                if !id.is_empty() && !id2.is_empty() && !region.is_empty()
                    && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        );
        if ok {
            Ok(Self(host.to_owned()))
        } else {
            Err(invalid(
                "EgressDomain",
                format!("{host:?}"),
                "<id>.egress.<id>.mediapackagev2.<region>.amazonaws.com",
            ))
        }
    }

    /// The host.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Region the host names.
    pub fn region(&self) -> &str {
        self.0.split('.').nth(4).unwrap_or_default()
    }
}

impl TryFrom<String> for EgressDomain {
    type Error = Error;

    fn try_from(host: String) -> Result<Self, Error> {
        Self::new(&host)
    }
}

impl From<EgressDomain> for String {
    fn from(domain: EgressDomain) -> Self {
        domain.0
    }
}

impl fmt::Display for EgressDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_from_hosts_and_templates() {
        assert_eq!(
            OriginKind::of_cloudformation(&json!({"Fn::GetAtt": ["cg1", "EgressDomain"]})),
            Some(OriginKind::MediaPackageV2)
        );
        assert_eq!(
            OriginKind::of_cloudformation(&json!({"Fn::GetAtt": ["Bucket", "RegionalDomainName"]})),
            None
        );
        assert_eq!(
            OriginKind::of_cloudformation(&json!("www.example.com")),
            Some(OriginKind::Other)
        );
        assert_eq!(OriginKind::of_cloudformation(&json!({"Ref": "Domain"})), None);
        // A look-alike is not an egress domain.
        assert_eq!(
            OriginKind::of_host("x.egress.y.mediapackagev2.example.com"),
            OriginKind::Other
        );
        assert!(!OriginKind::MediaPackageV2.answers_regional_403());
        assert!(OriginKind::MediaStore.answers_regional_403());
        assert_eq!(OriginKind::MediaPackageV2.cache_key_query_strings().len(), 4);
        assert!(OriginKind::Other.cache_key_query_strings().is_empty());
    }

    #[test]
    fn egress_domains() {
        let error = EgressDomain::new("demo.data.mediastore.us-west-2.amazonaws.com").unwrap_err();
        assert!(
            error.to_string().starts_with("EgressDomain = \"demo.data"),
            "{error}"
        );
        assert!(EgressDomain::new("a.egress.b.mediapackagev2.us-west-2.amazonaws.com/x").is_err());
        assert!(EgressDomain::new(".egress.b.mediapackagev2.us-west-2.amazonaws.com").is_err());
    }
}
