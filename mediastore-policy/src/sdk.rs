//! Conversions to and from `aws-sdk-mediastore` types (feature `aws-sdk`).
//!
//! `PutContainerPolicy` and `PutLifecyclePolicy` take the documents as JSON text:
//! [`ContainerPolicy::to_policy_string`] and [`LifecyclePolicy::to_policy_string`] give it.
//! `PutCorsPolicy` takes typed rules: [`CorsPolicy::to_sdk`]. A key this crate kept from a read
//! document but the SDK's `CorsRule` cannot carry is an error naming its JSON path, never a silent drop.

use aws_sdk_mediastore::operation::get_container_policy::GetContainerPolicyOutput;
use aws_sdk_mediastore::operation::get_cors_policy::GetCorsPolicyOutput;
use aws_sdk_mediastore::operation::get_lifecycle_policy::GetLifecyclePolicyOutput;
use aws_sdk_mediastore::types::{CorsRule as SdkCorsRule, MethodName};

use crate::cors::{self, CorsPolicy, CorsRule, Method};
use crate::{ContainerPolicy, LifecyclePolicy, lifecycle, policy};

impl ContainerPolicy {
    /// The policy a `GetContainerPolicy` call returned.
    pub fn from_sdk_output(output: &GetContainerPolicyOutput) -> Result<Self, policy::Error> {
        Self::parse(output.policy())
    }
}

impl LifecyclePolicy {
    /// The policy a `GetLifecyclePolicy` call returned.
    pub fn from_sdk_output(output: &GetLifecyclePolicyOutput) -> Result<Self, lifecycle::Error> {
        Self::parse(output.lifecycle_policy())
    }
}

impl CorsPolicy {
    /// The policy a `GetCorsPolicy` call returned.
    pub fn from_sdk_output(output: &GetCorsPolicyOutput) -> Result<Self, cors::Error> {
        Self::from_sdk(output.cors_policy())
    }

    /// A policy from SDK rules.
    pub fn from_sdk(rules: &[SdkCorsRule]) -> Result<Self, cors::Error> {
        let rules = rules
            .iter()
            .enumerate()
            .map(|(i, rule)| CorsRule::from_sdk(rule, i))
            .collect::<Result<_, _>>()?;
        Self::new(rules)
    }

    /// The rules `PutCorsPolicy` takes.
    pub fn to_sdk(&self) -> Result<Vec<SdkCorsRule>, cors::Error> {
        self.rules()
            .iter()
            .enumerate()
            .map(|(i, rule)| rule.to_sdk(i))
            .collect()
    }
}

impl CorsRule {
    /// The SDK rule; `index` is the rule's position, for error paths.
    pub fn to_sdk(&self, index: usize) -> Result<SdkCorsRule, cors::Error> {
        if let Some(key) = self.extra.keys().next() {
            return Err(cors::Error::Field {
                path: format!("[{index}].{key}"),
                value: "an unmodelled key".to_owned(),
                allowed: "only AllowedOrigins, AllowedMethods, AllowedHeaders, MaxAgeSeconds and ExposeHeaders, which the SDK's CorsRule carries".to_owned(),
            });
        }
        let max_age = self
            .max_age_seconds
            .map(|age| {
                i32::try_from(age).map_err(|_| cors::Error::Field {
                    path: format!("[{index}].MaxAgeSeconds"),
                    value: age.to_string(),
                    allowed: format!("0 to {}", cors::MAX_AGE_SECONDS),
                })
            })
            .transpose()?;
        SdkCorsRule::builder()
            .set_allowed_origins(Some(self.allowed_origins.clone()))
            .set_allowed_methods(Some(
                self.allowed_methods
                    .iter()
                    .map(|m| MethodName::from(m.as_str()))
                    .collect(),
            ))
            .set_allowed_headers(Some(self.allowed_headers.clone()))
            .set_max_age_seconds(max_age)
            .set_expose_headers(self.expose_headers.clone())
            .build()
            .map_err(|error| cors::Error::Field {
                path: format!("[{index}]"),
                value: "a rule".to_owned(),
                allowed: format!("a rule the SDK accepts ({error})"),
            })
    }

    /// A rule from the SDK's; `index` is its position, for error paths.
    pub fn from_sdk(rule: &SdkCorsRule, index: usize) -> Result<Self, cors::Error> {
        let methods = rule
            .allowed_methods()
            .iter()
            .enumerate()
            .map(|(i, method)| match method.as_str() {
                "PUT" => Ok(Method::Put),
                "GET" => Ok(Method::Get),
                "DELETE" => Ok(Method::Delete),
                "HEAD" => Ok(Method::Head),
                other => Err(cors::Error::Field {
                    path: format!("[{index}].AllowedMethods[{i}]"),
                    value: format!("{other:?}"),
                    allowed: "PUT, GET, DELETE or HEAD".to_owned(),
                }),
            })
            .collect::<Result<_, _>>()?;
        let max_age_seconds = u32::try_from(rule.max_age_seconds()).map_err(|_| cors::Error::Field {
            path: format!("[{index}].MaxAgeSeconds"),
            value: rule.max_age_seconds().to_string(),
            allowed: format!("0 to {}", cors::MAX_AGE_SECONDS),
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
