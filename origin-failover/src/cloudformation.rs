//! The CloudFormation shape of a distribution (`AWS::CloudFront::Distribution`'s `DistributionConfig`),
//! as CDK synthesizes it: `Origins` and `CacheBehaviors` are plain lists, while `OriginGroups`, their
//! `Members` and `StatusCodes` keep `Quantity` + `Items`; values may be intrinsic functions
//! (`{"Fn::GetAtt": [...]}`) instead of strings.
//!
//! Reading checks the origin-group rules that hold whatever the origins are (two existing members,
//! failover codes CloudFront accepts, `media-quality-based` selection only with MediaPackage v2 origins,
//! GET/HEAD/OPTIONS only on behaviours that target a group).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::distribution::Error;
use crate::document::{List, OriginGroup};
use crate::origin_group::{DeclaredBehavior, DeclaredOrigin, GroupSummary, check_declared};
use crate::origin_kind::OriginKind;

/// `Properties.DistributionConfig` of an `AWS::CloudFront::Distribution` resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DistributionConfig {
    /// The origins (a plain list).
    #[serde(default)]
    pub origins: Vec<Origin>,
    /// The origin groups (`Quantity` + `Items`, as in the API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_groups: Option<List<OriginGroup>>,
    /// The default behaviour.
    pub default_cache_behavior: CacheBehavior,
    /// Behaviours by path pattern (a plain list).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cache_behaviors: Vec<CacheBehavior>,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An origin in the CloudFormation shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Origin {
    /// The origin's identifier.
    pub id: String,
    /// The host name: a string, or an intrinsic function resolved at deploy time.
    pub domain_name: Value,
    /// Everything else (`CustomOriginConfig`, `S3OriginConfig`, `OriginCustomHeaders`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A cache behaviour in the CloudFormation shape (`AllowedMethods` is a plain list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CacheBehavior {
    /// The path pattern; absent on the default behaviour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_pattern: Option<String>,
    /// The origin or origin group.
    pub target_origin_id: String,
    /// Allowed methods; CloudFormation's default is GET and HEAD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_methods: Option<Vec<String>>,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl DistributionConfig {
    /// Every `AWS::CloudFront::Distribution` in a CloudFormation template (JSON), by logical id.
    pub fn from_template(template: &Value) -> Result<Vec<(String, Self)>, Error> {
        let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
            return Err(Error::Missing {
                path: "Resources".to_owned(),
                expected: "a CloudFormation template's resources".to_owned(),
            });
        };
        let mut found = Vec::new();
        for (id, resource) in resources {
            if resource.get("Type").and_then(Value::as_str) != Some("AWS::CloudFront::Distribution") {
                continue;
            }
            let path = format!("Resources.{id}.Properties.DistributionConfig");
            let config = resource
                .get("Properties")
                .and_then(|p| p.get("DistributionConfig"))
                .ok_or_else(|| Error::Missing {
                    path: path.clone(),
                    expected: "the distribution's configuration".to_owned(),
                })?;
            let config = Self::deserialize(config).map_err(|e| Error::Invalid {
                path,
                value: "the document".to_owned(),
                allowed: format!("CloudFormation's DistributionConfig shape ({e})"),
            })?;
            found.push((id.clone(), config));
        }
        Ok(found)
    }

    /// Checks every origin group and the behaviours that target one, with the rules of
    /// [`origin_group`](crate::origin_group) that every document shape follows.
    pub fn origin_groups(&self) -> Result<Vec<GroupSummary>, Error> {
        let origins: Vec<DeclaredOrigin<'_>> = self
            .origins
            .iter()
            .map(|o| DeclaredOrigin {
                id: &o.id,
                domain_name: match &o.domain_name {
                    Value::String(host) => host.clone(),
                    other => other.to_string(),
                },
                kind: OriginKind::of_cloudformation(&o.domain_name),
            })
            .collect();
        let behaviors: Vec<DeclaredBehavior<'_>> =
            std::iter::once(("DefaultCacheBehavior".to_owned(), &self.default_cache_behavior))
                .chain(
                    self.cache_behaviors
                        .iter()
                        .enumerate()
                        .map(|(i, b)| (format!("CacheBehaviors[{i}]"), b)),
                )
                .map(|(path, behavior)| DeclaredBehavior {
                    methods_path: format!("{path}.AllowedMethods"),
                    target: &behavior.target_origin_id,
                    methods: behavior
                        .allowed_methods
                        .as_ref()
                        .map(|m| m.iter().map(String::as_str).collect()),
                })
                .collect();
        check_declared(self.origin_groups.as_ref(), &origins, &behaviors)
    }
}
