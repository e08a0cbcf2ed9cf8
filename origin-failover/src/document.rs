//! The CloudFront `DistributionConfig` document in the CLI and API JSON shape (PascalCase keys, every
//! list as `Quantity` + `Items`), as `aws cloudfront get-distribution-config` prints it and
//! `create-distribution --distribution-config` reads it.
//!
//! Only the parts a live origin-group distribution needs are typed; everything else is kept in the
//! `extra` maps so that GET -> edit -> PUT loses nothing.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `aws cloudfront get-distribution-config` output: the document and the `ETag` an update must quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDistributionConfigOutput {
    /// The version tag to pass as `--if-match` when updating.
    #[serde(rename = "ETag", default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The distribution's configuration.
    pub distribution_config: DistributionConfig,
}

/// A CloudFront list: `{"Quantity": n, "Items": [...]}`, where an empty list may omit `Items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", bound(deserialize = "T: Deserialize<'de>"))]
pub struct List<T> {
    /// The number of items; CloudFront requires it to match `Items`.
    pub quantity: u32,
    /// The items; absent when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<T>>,
    /// Siblings of `Quantity` that some lists carry (`TrustedSigners.Enabled`, `CachedMethods`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<T> List<T> {
    /// A list holding `items`, with `Quantity` set to match.
    pub fn of(items: Vec<T>) -> Self {
        let quantity = u32::try_from(items.len()).unwrap_or(u32::MAX);
        Self {
            quantity,
            items: if items.is_empty() { None } else { Some(items) },
            extra: Map::new(),
        }
    }

    /// The items (empty when `Items` is absent).
    pub fn as_slice(&self) -> &[T] {
        self.items.as_deref().unwrap_or(&[])
    }

    /// Whether `Quantity` equals the number of `Items`.
    pub fn is_consistent(&self) -> bool {
        usize::try_from(self.quantity).is_ok_and(|q| q == self.as_slice().len())
    }
}

impl<T> Default for List<T> {
    fn default() -> Self {
        Self::of(Vec::new())
    }
}

/// The distribution configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DistributionConfig {
    /// A unique value that makes the create request idempotent.
    pub caller_reference: String,
    /// The origins.
    pub origins: List<Origin>,
    /// The origin groups (at most one group of two origins in a live distribution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_groups: Option<List<OriginGroup>>,
    /// The behaviour for requests that match no other behaviour.
    pub default_cache_behavior: CacheBehavior,
    /// Behaviours by path pattern, first match wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_behaviors: Option<List<CacheBehavior>>,
    /// A free comment (at most 128 characters).
    #[serde(default)]
    pub comment: String,
    /// Whether the distribution serves requests.
    pub enabled: bool,
    /// Everything else (aliases, logging, certificate, price class, ...), kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Origin {
    /// The origin's identifier, unique in the distribution.
    pub id: String,
    /// The origin's host name.
    pub domain_name: String,
    /// A path CloudFront puts before every request path (`/live`), or empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_path: Option<String>,
    /// Headers CloudFront adds to every request to this origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_headers: Option<List<CustomHeader>>,
    /// Settings of a custom (HTTP) origin, such as a MediaStore container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_origin_config: Option<CustomOriginConfig>,
    /// Connection attempts per request, 1-3 (CloudFront's default: 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_attempts: Option<u32>,
    /// Seconds to wait for each connection, 1-10 (CloudFront's default: 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_timeout: Option<u32>,
    /// Seconds a request may stay open in total, across attempts (no limit when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_completion_timeout: Option<u32>,
    /// Everything else (`S3OriginConfig`, `OriginShield`, `OriginAccessControlId`, ...), kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A header CloudFront adds to origin requests. The value is redacted in `Debug`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomHeader {
    /// The header name (`User-Agent`).
    pub header_name: String,
    /// The header value.
    pub header_value: RedactedHeaderValue,
}

/// A custom origin header's value as a document holds it: any string, kept exactly as read, and shown
/// as `<redacted>` by `Debug` and `Display`.
///
/// Custom origin headers are how origins are locked to the CDN, so any of them may be a secret; this
/// type keeps a read-back document lossless without printing them. It checks nothing: the secret
/// `User-Agent` that a live distribution sends is a [`mediastore_policy::UserAgentSecret`], checked when
/// [`LiveDistribution::from_config`](crate::LiveDistribution::from_config) reads it.
/// Serialization writes the real value (the document must carry it).
///
/// ```
/// use origin_failover::document::RedactedHeaderValue;
///
/// let value: RedactedHeaderValue = serde_json::from_str("\"any value at all\"")?;
/// assert_eq!(format!("{value} {value:?}"), "<redacted> RedactedHeaderValue(<redacted>)");
/// assert_eq!(value.expose(), "any value at all");
/// assert_eq!(serde_json::to_string(&value)?, "\"any value at all\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RedactedHeaderValue(String);

impl RedactedHeaderValue {
    /// A value as given, unchecked (CloudFront checks what it accepts when the document is sent).
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&mediastore_policy::UserAgentSecret> for RedactedHeaderValue {
    /// The secret as the origin header's value.
    fn from(secret: &mediastore_policy::UserAgentSecret) -> Self {
        Self(secret.expose().to_owned())
    }
}

impl fmt::Debug for RedactedHeaderValue {
    /// `RedactedHeaderValue(<redacted>)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RedactedHeaderValue(<redacted>)")
    }
}

impl fmt::Display for RedactedHeaderValue {
    /// `<redacted>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Settings of a custom origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomOriginConfig {
    /// The HTTP port.
    #[serde(rename = "HTTPPort")]
    pub http_port: u16,
    /// The HTTPS port.
    #[serde(rename = "HTTPSPort")]
    pub https_port: u16,
    /// `http-only`, `match-viewer` or `https-only`.
    #[serde(rename = "OriginProtocolPolicy")]
    pub origin_protocol_policy: String,
    /// TLS versions CloudFront may use towards the origin.
    #[serde(
        rename = "OriginSslProtocols",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub origin_ssl_protocols: Option<List<String>>,
    /// Seconds CloudFront waits for a response (and between packets), 1-120 (default 30).
    #[serde(
        rename = "OriginReadTimeout",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub origin_read_timeout: Option<u32>,
    /// Seconds CloudFront keeps an idle origin connection, 1-120 (default 5).
    #[serde(
        rename = "OriginKeepaliveTimeout",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub origin_keepalive_timeout: Option<u32>,
    /// Everything else, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An origin group: two origins, the first is asked first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginGroup {
    /// The group's identifier, which behaviours target.
    pub id: String,
    /// When CloudFront asks the second origin.
    pub failover_criteria: FailoverCriteria,
    /// The two member origins, primary first.
    pub members: List<OriginGroupMember>,
    /// `default`, or `media-quality-based` (MediaPackage v2 origins only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection_criteria: Option<String>,
    /// Everything else, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The status codes that make CloudFront ask the second origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FailoverCriteria {
    /// The codes.
    pub status_codes: List<u16>,
    /// Everything else, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A member of an origin group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginGroupMember {
    /// The member origin's `Id`.
    pub origin_id: String,
}

/// A cache behaviour (the default one has no `PathPattern`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CacheBehavior {
    /// The path pattern (`*.m3u8`); absent on the default behaviour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_pattern: Option<String>,
    /// The origin or origin group the behaviour sends requests to.
    pub target_origin_id: String,
    /// `allow-all`, `redirect-to-https` or `https-only`.
    pub viewer_protocol_policy: String,
    /// The methods CloudFront accepts and, in `CachedMethods`, caches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_methods: Option<List<String>>,
    /// The least time an object stays cached, in seconds (legacy cache settings).
    #[serde(rename = "MinTTL", default, skip_serializing_if = "Option::is_none")]
    pub min_ttl: Option<i64>,
    /// How long an object without `Cache-Control`/`Expires` stays cached, in seconds.
    #[serde(rename = "DefaultTTL", default, skip_serializing_if = "Option::is_none")]
    pub default_ttl: Option<i64>,
    /// The longest time an object stays cached, whatever the origin says, in seconds.
    #[serde(rename = "MaxTTL", default, skip_serializing_if = "Option::is_none")]
    pub max_ttl: Option<i64>,
    /// Everything else (`ForwardedValues`, `CachePolicyId`, `Compress`, ...), kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CacheBehavior {
    /// The methods in `AllowedMethods.Items`.
    pub fn allowed_method_names(&self) -> Vec<&str> {
        self.allowed_methods
            .as_ref()
            .map(|m| m.as_slice().iter().map(String::as_str).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_without_items_round_trips() {
        let list: List<u16> = serde_json::from_str(r#"{"Quantity": 0}"#).unwrap();
        assert!(list.is_consistent());
        assert_eq!(serde_json::to_string(&list).unwrap(), r#"{"Quantity":0}"#);
        let wrong: List<u16> = serde_json::from_str(r#"{"Quantity": 2, "Items": [404]}"#).unwrap();
        assert!(!wrong.is_consistent());
        let trusted: List<String> = serde_json::from_str(r#"{"Enabled": false, "Quantity": 0}"#).unwrap();
        assert_eq!(
            serde_json::to_value(&trusted).unwrap(),
            serde_json::json!({"Enabled": false, "Quantity": 0})
        );
    }

    #[test]
    fn header_values_load_whatever_they_hold_and_never_print() {
        let header: CustomHeader =
            serde_json::from_str(r#"{"HeaderName": "X-Origin-Verify", "HeaderValue": " a weak\tone "}"#)
                .unwrap();
        assert_eq!(header.header_value.expose(), " a weak\tone ");
        let shown = format!("{header:?} {}", header.header_value);
        assert!(!shown.contains("weak"), "{shown}");
        assert!(shown.contains("RedactedHeaderValue(<redacted>)"), "{shown}");
        assert_eq!(
            serde_json::to_value(&header).unwrap(),
            serde_json::json!({"HeaderName": "X-Origin-Verify", "HeaderValue": " a weak\tone "})
        );
    }
}
