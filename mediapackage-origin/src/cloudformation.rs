//! Reading the documents from CloudFormation templates (`AWS::MediaPackageV2::*` resources, whose
//! properties use the same PascalCase keys as the CLI and SDK).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::document::{Channel, ChannelGroup, OriginEndpoint};
use crate::invalid::Invalid;
use crate::name::ResourceName;

/// The resource type of a channel group.
pub const CHANNEL_GROUP: &str = "AWS::MediaPackageV2::ChannelGroup";
/// The resource type of a channel.
pub const CHANNEL: &str = "AWS::MediaPackageV2::Channel";
/// The resource type of an origin endpoint.
pub const ORIGIN_ENDPOINT: &str = "AWS::MediaPackageV2::OriginEndpoint";
/// The resource type of a channel policy.
pub const CHANNEL_POLICY: &str = "AWS::MediaPackageV2::ChannelPolicy";
/// The resource type of an origin endpoint policy.
pub const ORIGIN_ENDPOINT_POLICY: &str = "AWS::MediaPackageV2::OriginEndpointPolicy";

/// Why a template or one of its resources could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The template or a resource's properties do not have the expected shape.
    #[error("{path}: not a valid {what}")]
    Shape {
        /// The JSON path (`Resources.Channel4048F119.Properties`).
        path: String,
        /// What was expected there.
        what: &'static str,
        /// What the JSON reader reported.
        #[source]
        source: serde_json::Error,
    },
    /// A value is a CloudFormation function this crate cannot resolve.
    #[error(transparent)]
    Unresolved(#[from] Invalid),
}

/// A CloudFormation template, as far as its resources go.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Template {
    /// The resources by logical id.
    #[serde(rename = "Resources", default)]
    pub resources: BTreeMap<String, Resource>,
}

/// One resource of a template.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Resource {
    /// `AWS::MediaPackageV2::Channel`, ...
    #[serde(rename = "Type")]
    pub resource_type: String,
    /// The properties, as written.
    #[serde(rename = "Properties", default)]
    pub properties: Value,
}

/// A channel or origin endpoint policy resource, its `Policy` kept as written (an object that may
/// hold `Fn::GetAtt`, `Ref` and `Fn::Join`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
pub struct PolicyResource {
    /// The channel group.
    #[serde(rename = "ChannelGroupName")]
    pub channel_group_name: ResourceName,
    /// The channel.
    #[serde(rename = "ChannelName")]
    pub channel_name: ResourceName,
    /// The origin endpoint (endpoint policies only).
    #[serde(
        rename = "OriginEndpointName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub origin_endpoint_name: Option<ResourceName>,
    /// The policy document, as written.
    #[serde(rename = "Policy")]
    pub policy: Value,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A CloudFormation function a policy value may hold, for the caller to resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intrinsic<'a> {
    /// `{"Ref": name}`: a parameter, a pseudo parameter (`AWS::Partition`) or a resource.
    Ref(&'a str),
    /// `{"Fn::GetAtt": [resource, attribute]}`.
    GetAtt(&'a str, &'a str),
}

impl Template {
    /// Reads a template.
    pub fn parse(text: &str) -> Result<Self, Error> {
        serde_json::from_str(text).map_err(|source| Error::Shape {
            path: "(template)".to_owned(),
            what: "CloudFormation template",
            source,
        })
    }

    fn typed<T: DeserializeOwned>(
        &self,
        resource_type: &str,
        what: &'static str,
    ) -> Result<Vec<(String, T)>, Error> {
        self.resources
            .iter()
            .filter(|(_, resource)| resource.resource_type == resource_type)
            .map(|(id, resource)| {
                serde_json::from_value(resource.properties.clone())
                    .map(|document| (id.clone(), document))
                    .map_err(|source| Error::Shape {
                        path: format!("Resources.{id}.Properties"),
                        what,
                        source,
                    })
            })
            .collect()
    }

    /// The channel groups, by logical id.
    pub fn channel_groups(&self) -> Result<Vec<(String, ChannelGroup)>, Error> {
        self.typed(CHANNEL_GROUP, "MediaPackage v2 channel group")
    }

    /// The channels, by logical id.
    pub fn channels(&self) -> Result<Vec<(String, Channel)>, Error> {
        self.typed(CHANNEL, "MediaPackage v2 channel")
    }

    /// The origin endpoints, by logical id.
    pub fn origin_endpoints(&self) -> Result<Vec<(String, OriginEndpoint)>, Error> {
        self.typed(ORIGIN_ENDPOINT, "MediaPackage v2 origin endpoint")
    }

    /// The channel and origin endpoint policies, by logical id.
    pub fn policies(&self) -> Result<Vec<(String, PolicyResource)>, Error> {
        let mut all = self.typed(CHANNEL_POLICY, "MediaPackage v2 channel policy")?;
        all.extend(self.typed(ORIGIN_ENDPOINT_POLICY, "MediaPackage v2 origin endpoint policy")?);
        Ok(all)
    }
}

/// Replaces every `Ref`, `Fn::GetAtt` and `Fn::Join` in `value` with text, asking `resolve` for each
/// reference; a function it cannot resolve is an error naming its JSON path.
pub fn resolve(value: &Value, resolve: &dyn Fn(Intrinsic<'_>) -> Option<String>) -> Result<Value, Invalid> {
    resolve_at(value, resolve, "Policy")
}

fn resolve_at(
    value: &Value,
    resolver: &dyn Fn(Intrinsic<'_>) -> Option<String>,
    path: &str,
) -> Result<Value, Invalid> {
    let unresolved = |what: &Value| {
        Invalid::new(
            path,
            what.to_string(),
            "text, or a Ref, Fn::GetAtt or Fn::Join the caller resolves",
        )
    };
    match value {
        Value::Object(map) if map.len() == 1 && map.keys().all(|k| k == "Ref" || k.starts_with("Fn::")) => {
            let (key, argument) = map.iter().next().ok_or_else(|| unresolved(value))?;
            let text = match (key.as_str(), argument) {
                ("Ref", Value::String(name)) => resolver(Intrinsic::Ref(name)),
                ("Fn::GetAtt", Value::Array(parts)) => match parts.as_slice() {
                    [Value::String(resource), Value::String(attribute)] => {
                        resolver(Intrinsic::GetAtt(resource, attribute))
                    }
                    _ => None,
                },
                ("Fn::Join", Value::Array(parts)) => match parts.as_slice() {
                    [Value::String(separator), Value::Array(items)] => {
                        let mut texts = Vec::with_capacity(items.len());
                        for (index, item) in items.iter().enumerate() {
                            match resolve_at(item, resolver, &format!("{path}.Fn::Join[1][{index}]"))? {
                                Value::String(text) => texts.push(text),
                                other => return Err(unresolved(&other)),
                            }
                        }
                        Some(texts.join(separator))
                    }
                    _ => None,
                },
                _ => None,
            };
            text.map(Value::String).ok_or_else(|| unresolved(value))
        }
        Value::Object(map) => map
            .iter()
            .map(|(key, child)| {
                Ok((
                    key.clone(),
                    resolve_at(child, resolver, &format!("{path}.{key}"))?,
                ))
            })
            .collect::<Result<Map<_, _>, Invalid>>()
            .map(Value::Object),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, child)| resolve_at(child, resolver, &format!("{path}[{index}]")))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}
