//! Conversions to and from `aws-sdk-mediastore` types (feature `aws-sdk`).
//!
//! The convention, the same in every document crate of this workspace: a document and its SDK form
//! convert with the standard traits, `TryFrom` (or `From` where nothing can fail) in both directions,
//! and every failure is one [`Error`]: the JSON path of the field, [`What`] is wrong with it, and the
//! cause as its `source` when another library refused it. A key this crate kept from a read document
//! but the SDK's types cannot carry is an error naming its path ([`What::NotSent`]), never a silent drop.
//!
//! Here:
//! - `GetContainerPolicyOutput` -> [`ContainerPolicy`], `GetLifecyclePolicyOutput` -> [`LifecyclePolicy`]
//!   and `GetCorsPolicyOutput` -> [`CorsPolicy`] (`TryFrom`).
//! - [`CorsPolicy`] <-> the SDK's `Vec<CorsRule>` (what `PutCorsPolicy` takes), and [`CorsRule`] <-> the
//!   SDK's `CorsRule` (`TryFrom` both ways).
//! - `PutContainerPolicy` and `PutLifecyclePolicy` take the documents as JSON text, and their inputs
//!   also name the container, which a document does not hold: [`ContainerPolicy::to_policy_string`] and
//!   [`LifecyclePolicy::to_policy_string`] give the text.
//!
//! ```
//! use aws_sdk_mediastore::types::CorsRule as SdkCorsRule;
//! use mediastore_policy::CorsPolicy;
//!
//! let policy = CorsPolicy::web_players();
//! let rules = Vec::<SdkCorsRule>::try_from(&policy)?;
//! assert_eq!(CorsPolicy::try_from(rules.as_slice())?, policy);
//! # Ok::<(), mediastore_policy::sdk::Error>(())
//! ```

use aws_sdk_mediastore::operation::get_container_policy::GetContainerPolicyOutput;
use aws_sdk_mediastore::operation::get_cors_policy::GetCorsPolicyOutput;
use aws_sdk_mediastore::operation::get_lifecycle_policy::GetLifecyclePolicyOutput;
use aws_sdk_mediastore::types::{CorsRule as SdkCorsRule, MethodName};

use crate::cors::{self, CorsPolicy, CorsRule, Method};
use crate::{ContainerPolicy, LifecyclePolicy};

hls_epoch::sdk_error!("[0].AllowedMethods[1]");

/// Who refused a value that this crate's own validation turned down.
const RULES: &str = "this crate's rules";

impl Error {
    /// The same error with its path read from `prefix` (a rule's error inside a policy).
    fn within(mut self, prefix: &str) -> Self {
        self.path = match self.path.as_str() {
            "" => prefix.to_owned(),
            path if path.starts_with('[') => format!("{prefix}{path}"),
            path => format!("{prefix}.{path}"),
        };
        self
    }
}

impl TryFrom<&GetContainerPolicyOutput> for ContainerPolicy {
    type Error = Error;

    /// The policy a `GetContainerPolicy` call returned.
    fn try_from(output: &GetContainerPolicyOutput) -> Result<Self, Error> {
        Self::parse(output.policy()).map_err(|error| Error::refused("Policy", RULES, error))
    }
}

impl TryFrom<&GetLifecyclePolicyOutput> for LifecyclePolicy {
    type Error = Error;

    /// The policy a `GetLifecyclePolicy` call returned.
    fn try_from(output: &GetLifecyclePolicyOutput) -> Result<Self, Error> {
        Self::parse(output.lifecycle_policy())
            .map_err(|error| Error::refused("LifecyclePolicy", RULES, error))
    }
}

impl TryFrom<&GetCorsPolicyOutput> for CorsPolicy {
    type Error = Error;

    /// The policy a `GetCorsPolicy` call returned.
    fn try_from(output: &GetCorsPolicyOutput) -> Result<Self, Error> {
        Self::try_from(output.cors_policy()).map_err(|error| error.within("CorsPolicy"))
    }
}

impl TryFrom<&[SdkCorsRule]> for CorsPolicy {
    type Error = Error;

    /// A policy from the SDK's rules, validated like a parsed one.
    fn try_from(rules: &[SdkCorsRule]) -> Result<Self, Error> {
        let rules = rules
            .iter()
            .enumerate()
            .map(|(i, rule)| CorsRule::try_from(rule).map_err(|error| error.within(&format!("[{i}]"))))
            .collect::<Result<_, _>>()?;
        Self::new(rules).map_err(|error| Error::refused("(root)", RULES, error))
    }
}

impl TryFrom<&CorsPolicy> for Vec<SdkCorsRule> {
    type Error = Error;

    /// The rules `PutCorsPolicy` takes.
    fn try_from(policy: &CorsPolicy) -> Result<Self, Error> {
        policy
            .rules()
            .iter()
            .enumerate()
            .map(|(i, rule)| SdkCorsRule::try_from(rule).map_err(|error| error.within(&format!("[{i}]"))))
            .collect()
    }
}

impl TryFrom<&CorsRule> for SdkCorsRule {
    type Error = Error;

    /// The SDK's rule; error paths start at the rule (`MaxAgeSeconds`).
    fn try_from(rule: &CorsRule) -> Result<Self, Error> {
        if let Some(key) = rule.extra.keys().next() {
            return Err(Error {
                path: key.clone(),
                what: What::NotSent,
                source: None,
            });
        }
        let max_age = rule
            .max_age_seconds
            .map(|age| {
                i32::try_from(age).map_err(|_| {
                    Error::value(
                        "MaxAgeSeconds".to_owned(),
                        age,
                        format!("0 to {}", cors::MAX_AGE_SECONDS),
                    )
                })
            })
            .transpose()?;
        SdkCorsRule::builder()
            .set_allowed_origins(Some(rule.allowed_origins.clone()))
            .set_allowed_methods(Some(
                rule.allowed_methods
                    .iter()
                    .map(|m| MethodName::from(m.as_str()))
                    .collect(),
            ))
            .set_allowed_headers(Some(rule.allowed_headers.clone()))
            .set_max_age_seconds(max_age)
            .set_expose_headers(rule.expose_headers.clone())
            .build()
            .map_err(|error| Error::refused("", "the AWS SDK", error))
    }
}

impl TryFrom<&SdkCorsRule> for CorsRule {
    type Error = Error;

    /// A rule from the SDK's; error paths start at the rule (`AllowedMethods[0]`).
    fn try_from(rule: &SdkCorsRule) -> Result<Self, Error> {
        let methods = rule
            .allowed_methods()
            .iter()
            .enumerate()
            .map(|(i, method)| match method.as_str() {
                "PUT" => Ok(Method::Put),
                "GET" => Ok(Method::Get),
                "DELETE" => Ok(Method::Delete),
                "HEAD" => Ok(Method::Head),
                other => Err(Error::value(
                    format!("AllowedMethods[{i}]"),
                    format_args!("{other:?}"),
                    "PUT, GET, DELETE or HEAD",
                )),
            })
            .collect::<Result<_, _>>()?;
        let max_age_seconds = u32::try_from(rule.max_age_seconds()).map_err(|_| {
            Error::value(
                "MaxAgeSeconds".to_owned(),
                rule.max_age_seconds(),
                format!("0 to {}", cors::MAX_AGE_SECONDS),
            )
        })?;
        Ok(Self {
            allowed_origins: rule.allowed_origins().to_vec(),
            allowed_methods: methods,
            allowed_headers: rule.allowed_headers().to_vec(),
            // The SDK reports an absent MaxAgeSeconds as 0, which means the same to a browser.
            max_age_seconds: Some(max_age_seconds),
            expose_headers: (!rule.expose_headers().is_empty()).then(|| rule.expose_headers().to_vec()),
            extra: serde_json::Map::new(),
        })
    }
}
