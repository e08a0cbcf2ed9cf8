//! The channel policy (who may ingest) and the origin endpoint policy (who may read), in IAM's
//! grammar, built and evaluated with the same grammar and evaluator as the MediaStore policies.

use mediastore_policy::policy::{Condition, ConditionValue, Effect, Principal, Statement};
use mediastore_policy::{Caller, ContainerPolicy, Decision, EvalError, OneOrMany, Request};
use serde_json::Value;

use crate::invalid::Invalid;
use crate::name::DistributionArn;

/// The most characters in a channel or origin endpoint policy (`PutChannelPolicy`, `PutOriginEndpointPolicy`).
pub const MAX_POLICY_CHARS: usize = 6144;
/// The action MediaLive needs to ingest into a channel.
pub const INGEST_ACTION: &str = "mediapackagev2:PutObject";
/// The action CloudFront needs to read manifests and segments.
pub const READ_ACTION: &str = "mediapackagev2:GetObject";
/// The action CloudFront's media-quality-based selection needs for its HEAD to the other origin.
pub const HEAD_ACTION: &str = "mediapackagev2:GetHeadObject";
/// The service principal CloudFront signs origin requests as under Origin Access Control.
pub const CLOUDFRONT_SERVICE: &str = "cloudfront.amazonaws.com";

/// Why a policy could not be read, written or evaluated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not JSON.
    #[error("policy is not JSON")]
    Json {
        /// What the JSON parser reported.
        #[source]
        source: serde_json::Error,
    },
    /// The document is not a policy in IAM's grammar.
    #[error("policy is not an IAM policy document")]
    Grammar {
        /// What the grammar reported.
        #[source]
        source: mediastore_policy::policy::Error,
    },
    /// A statement cannot be evaluated.
    #[error("policy cannot be evaluated")]
    Evaluate {
        /// What the evaluator reported.
        #[source]
        source: EvalError,
    },
    /// A limit or a rule of the failover pattern is broken.
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

/// Reads a policy as the APIs return it (a JSON string holding the document) or as the CLI docs
/// print it (the document as an object).
fn read(text: &str) -> Result<ContainerPolicy, Error> {
    ContainerPolicy::read(text).map_err(|error| match error {
        // Text that is not JSON at all; JSON of the wrong shape breaks the grammar.
        mediastore_policy::policy::Error::Json { source } if source.is_syntax() || source.is_eof() => {
            Error::Json { source }
        }
        source => Error::Grammar { source },
    })
}

fn from_value(value: Value) -> Result<ContainerPolicy, Error> {
    read(&value.to_string())
}

/// The compact text the Put*Policy calls take, within [`MAX_POLICY_CHARS`].
fn to_text(policy: &ContainerPolicy) -> Result<String, Error> {
    let text = policy
        .to_policy_string()
        .map_err(|source| Error::Grammar { source })?;
    if text.chars().count() > MAX_POLICY_CHARS {
        return Err(Invalid::new(
            "Policy",
            format!("a document of {} characters", text.chars().count()),
            "at most 6144 characters",
        )
        .into());
    }
    Ok(text)
}

fn decide(policy: &ContainerPolicy, request: &Request<'_>) -> Result<Decision, Error> {
    policy
        .evaluate(request)
        .map_err(|source| Error::Evaluate { source })
}

/// `PutChannelPolicy`: who may ingest into a channel.
///
/// ```
/// use mediapackage_origin::ChannelPolicy;
///
/// let channel = "arn:aws:mediapackagev2:us-west-2:000011112222:channelGroup/live/channel/event";
/// let role = "arn:aws:iam::000011112222:role/medialive";
/// let policy = ChannelPolicy::ingest(channel, role);
/// assert!(policy.allows_ingest(channel, role)?);
/// assert!(!policy.allows_ingest(channel, "arn:aws:iam::000011112222:role/other")?);
/// # Ok::<(), mediapackage_origin::policy::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelPolicy(pub ContainerPolicy);

impl ChannelPolicy {
    /// Lets the MediaLive channel's role PutObject into the channel (its ARN, with no wildcard:
    /// MediaPackage resource policies do not take wildcards in resource ARNs).
    pub fn ingest(channel_arn: &str, medialive_role_arn: &str) -> Self {
        Self(ContainerPolicy::new(vec![Statement {
            sid: Some("AllowMediaLiveIngest".to_owned()),
            effect: Effect::Allow,
            principal: Some(Principal::aws(medialive_role_arn)),
            action: Some(OneOrMany::One(INGEST_ACTION.to_owned())),
            resource: Some(OneOrMany::One(channel_arn.to_owned())),
            ..Statement::default()
        }]))
    }

    /// Reads a policy given as a JSON string or as an object.
    pub fn read(text: &str) -> Result<Self, Error> {
        read(text).map(Self)
    }

    /// The compact text `PutChannelPolicy` takes.
    pub fn to_policy_string(&self) -> Result<String, Error> {
        to_text(&self.0)
    }

    /// Whether `role_arn` may ingest into the channel.
    pub fn allows_ingest(&self, channel_arn: &str, role_arn: &str) -> Result<bool, Error> {
        let request = Request::new(Caller::Aws(role_arn), INGEST_ACTION, channel_arn).secure_transport(true);
        Ok(decide(&self.0, &request)?.is_allowed())
    }
}

/// `PutOriginEndpointPolicy`: who may read from an origin endpoint.
///
/// ```
/// use mediapackage_origin::{DistributionArn, EndpointPolicy};
///
/// let endpoint = "arn:aws:mediapackagev2:us-west-2:000011112222:channelGroup/live/channel/event/originEndpoint/hls";
/// let distribution = DistributionArn::new("arn:aws:cloudfront::000011112222:distribution/E2QWRUHAPOMQZL")?;
/// let policy = EndpointPolicy::cloudfront_read(endpoint, &distribution, true);
/// policy.check_cloudfront_read(endpoint, &distribution, true)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointPolicy(pub ContainerPolicy);

impl EndpointPolicy {
    /// Lets CloudFront, signing with Origin Access Control for `distribution` only, read the endpoint:
    /// `GetObject`, plus `GetHeadObject` when the origin group selects by media quality.
    pub fn cloudfront_read(endpoint_arn: &str, distribution: &DistributionArn, media_quality: bool) -> Self {
        let action = if media_quality {
            OneOrMany::Many(vec![READ_ACTION.to_owned(), HEAD_ACTION.to_owned()])
        } else {
            OneOrMany::One(READ_ACTION.to_owned())
        };
        let condition = Condition::default().with(
            "StringEquals",
            "AWS:SourceArn",
            OneOrMany::One(ConditionValue::String(distribution.as_str().to_owned())),
        );
        Self(ContainerPolicy::new(vec![Statement {
            sid: Some("AllowCloudFrontOriginAccessControl".to_owned()),
            effect: Effect::Allow,
            principal: Some(Principal::service(CLOUDFRONT_SERVICE)),
            action: Some(action),
            resource: Some(OneOrMany::One(endpoint_arn.to_owned())),
            condition: Some(condition),
            ..Statement::default()
        }]))
    }

    /// Reads a policy given as a JSON string or as an object.
    pub fn read(text: &str) -> Result<Self, Error> {
        read(text).map(Self)
    }

    /// Reads a policy from a JSON value: a string holding the document, or the document.
    pub fn from_value(value: Value) -> Result<Self, Error> {
        from_value(value).map(Self)
    }

    /// The compact text `PutOriginEndpointPolicy` takes.
    pub fn to_policy_string(&self) -> Result<String, Error> {
        to_text(&self.0)
    }

    /// Whether CloudFront, signing for `distribution`, may perform `action` on the endpoint.
    pub fn allows_cloudfront(
        &self,
        endpoint_arn: &str,
        distribution: &DistributionArn,
        action: &str,
    ) -> Result<bool, Error> {
        let request = Request::new(Caller::Service(CLOUDFRONT_SERVICE), action, endpoint_arn)
            .secure_transport(true)
            .source_arn(distribution.as_str());
        Ok(decide(&self.0, &request)?.is_allowed())
    }

    /// Checks that CloudFront, signing for `distribution`, may GET the endpoint, and HEAD it too when
    /// the origin group selects by media quality (else every HEAD is refused and selection is blind).
    pub fn check_cloudfront_read(
        &self,
        endpoint_arn: &str,
        distribution: &DistributionArn,
        media_quality: bool,
    ) -> Result<(), Error> {
        let needed: &[&str] = if media_quality {
            &[READ_ACTION, HEAD_ACTION]
        } else {
            &[READ_ACTION]
        };
        for action in needed {
            if !self.allows_cloudfront(endpoint_arn, distribution, action)? {
                let allowed = if *action == HEAD_ACTION {
                    "a statement allowing cloudfront.amazonaws.com mediapackagev2:GetHeadObject with AWS:SourceArn = the distribution (media-quality-based selection sends HEAD requests)"
                } else {
                    "a statement allowing cloudfront.amazonaws.com mediapackagev2:GetObject with AWS:SourceArn = the distribution"
                };
                return Err(
                    Invalid::new("Statement", format!("{action} denied to {distribution}"), allowed).into(),
                );
            }
        }
        Ok(())
    }
}
