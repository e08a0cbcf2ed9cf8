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

use crate::distribution::{Error, FailoverStatusCodes};
use crate::document::{List, OriginGroup};

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

/// An origin group as a template declares it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSummary {
    /// The group's identifier.
    pub id: String,
    /// The member asked first.
    pub primary: String,
    /// The member asked second.
    pub backup: String,
    /// The failover status codes.
    pub status_codes: FailoverStatusCodes,
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

    /// Checks every origin group and the behaviours that target one.
    pub fn origin_groups(&self) -> Result<Vec<GroupSummary>, Error> {
        let Some(groups) = &self.origin_groups else {
            return Ok(Vec::new());
        };
        if !groups.is_consistent() {
            return Err(Error::Quantity {
                path: "OriginGroups".to_owned(),
                quantity: groups.quantity,
                items: groups.as_slice().len(),
            });
        }
        let mut summaries = Vec::new();
        for (g, group) in groups.as_slice().iter().enumerate() {
            let path = format!("OriginGroups.Items[{g}]");
            let members = &group.members;
            if !members.is_consistent() {
                return Err(Error::Quantity {
                    path: format!("{path}.Members"),
                    quantity: members.quantity,
                    items: members.as_slice().len(),
                });
            }
            let [primary, backup] = members.as_slice() else {
                return Err(Error::Invalid {
                    path: format!("{path}.Members.Quantity"),
                    value: members.as_slice().len().to_string(),
                    allowed: "exactly 2 members".to_owned(),
                });
            };
            for (m, member) in [primary, backup].iter().enumerate() {
                if !self.origins.iter().any(|o| o.id == member.origin_id) {
                    return Err(Error::Invalid {
                        path: format!("{path}.Members.Items[{m}].OriginId"),
                        value: member.origin_id.clone(),
                        allowed: "the Id of an origin in Origins".to_owned(),
                    });
                }
            }
            let codes = &group.failover_criteria.status_codes;
            let codes_path = format!("{path}.FailoverCriteria.StatusCodes");
            if !codes.is_consistent() {
                return Err(Error::Quantity {
                    path: codes_path,
                    quantity: codes.quantity,
                    items: codes.as_slice().len(),
                });
            }
            let status_codes =
                FailoverStatusCodes::new(codes.as_slice().iter().copied()).map_err(|e| match e {
                    Error::Invalid { value, allowed, .. } => Error::Invalid {
                        path: format!("{codes_path}.Items"),
                        value,
                        allowed,
                    },
                    other => other,
                })?;
            match group.selection_criteria.as_deref() {
                None | Some("default") => {}
                Some("media-quality-based") => {
                    // Only MediaPackage v2 endpoints report the media-quality scores this criterion needs.
                    for member in [primary, backup] {
                        let domain = self
                            .origins
                            .iter()
                            .find(|o| o.id == member.origin_id)
                            .map(|o| &o.domain_name);
                        if let Some(Value::String(domain)) = domain
                            && !domain.contains(".mediapackagev2.")
                        {
                            return Err(Error::Invalid {
                                path: format!("{path}.SelectionCriteria"),
                                value: "media-quality-based".to_owned(),
                                allowed: format!(
                                    "\"default\": {domain} is not a MediaPackage v2 endpoint, and only those support media-quality-based selection"
                                ),
                            });
                        }
                    }
                }
                Some(other) => {
                    return Err(Error::Invalid {
                        path: format!("{path}.SelectionCriteria"),
                        value: other.to_owned(),
                        allowed: "\"default\" or \"media-quality-based\"".to_owned(),
                    });
                }
            }
            summaries.push(GroupSummary {
                id: group.id.clone(),
                primary: primary.origin_id.clone(),
                backup: backup.origin_id.clone(),
                status_codes,
            });
        }
        let behaviors = std::iter::once(("DefaultCacheBehavior".to_owned(), &self.default_cache_behavior))
            .chain(
                self.cache_behaviors
                    .iter()
                    .enumerate()
                    .map(|(i, b)| (format!("CacheBehaviors[{i}]"), b)),
            );
        for (path, behavior) in behaviors {
            if !summaries.iter().any(|s| s.id == behavior.target_origin_id) {
                continue;
            }
            if let Some(methods) = &behavior.allowed_methods
                && methods
                    .iter()
                    .any(|m| !matches!(m.as_str(), "GET" | "HEAD" | "OPTIONS"))
            {
                return Err(Error::Invalid {
                    path: format!("{path}.AllowedMethods"),
                    value: format!("{methods:?}"),
                    allowed: "GET, HEAD and OPTIONS only: a behaviour that targets an origin group allows no other method"
                        .to_owned(),
                });
            }
        }
        Ok(summaries)
    }
}
