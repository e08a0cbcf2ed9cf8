//! Origin Access Control: CloudFront signs its origin requests (SigV4) so that the origin's own policy,
//! not a shared secret, decides who may read. The document is `CreateOriginAccessControl`'s
//! `OriginAccessControlConfig`, which CloudFormation's `AWS::CloudFront::OriginAccessControl` takes too.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::distribution::{Error, invalid};
use crate::origin_kind::OriginKind;

/// The most characters in an origin access control's name.
pub const MAX_NAME_CHARS: usize = 64;
/// The most characters in an origin access control's description.
pub const MAX_DESCRIPTION_CHARS: usize = 256;

hls_epoch::open_enum! {
    /// `SigningProtocol`.
    SigningProtocol {
        /// `sigv4`, the only protocol CloudFront offers.
        SigV4 = "sigv4",
    }
}

hls_epoch::open_enum! {
    /// `SigningBehavior`: which requests CloudFront signs.
    SigningBehavior {
        /// `always`: every request, replacing a viewer's `Authorization` header.
        Always = "always",
        /// `never`: none (access control off).
        Never = "never",
        /// `no-override`: every request without a viewer `Authorization` header.
        NoOverride = "no-override",
    }
}

hls_epoch::open_enum! {
    /// `OriginAccessControlOriginType`: the service the signature is for.
    OriginType {
        /// `mediapackagev2`.
        MediaPackageV2 = "mediapackagev2",
        /// `mediastore`.
        MediaStore = "mediastore",
        /// `s3`.
        S3 = "s3",
        /// `lambda` (function URLs).
        Lambda = "lambda",
    }
}

/// `OriginAccessControlConfig`, lossless (unknown keys kept in `extra`).
///
/// ```
/// use origin_failover::access_control::OriginAccessControlConfig;
/// use origin_failover::origin_kind::OriginKind;
///
/// let oac = OriginAccessControlConfig::media_package_v2("live-final")?;
/// oac.check_for(OriginKind::MediaPackageV2)?;
/// assert_eq!(
///     serde_json::to_value(&oac)?,
///     serde_json::json!({
///         "Name": "live-final",
///         "SigningProtocol": "sigv4",
///         "SigningBehavior": "always",
///         "OriginAccessControlOriginType": "mediapackagev2"
///     })
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginAccessControlConfig {
    /// The name, unique in the account (1-64 characters).
    pub name: String,
    /// A description (at most 256 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How CloudFront signs.
    pub signing_protocol: SigningProtocol,
    /// Which requests CloudFront signs.
    pub signing_behavior: SigningBehavior,
    /// The origin's service.
    pub origin_access_control_origin_type: OriginType,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl OriginAccessControlConfig {
    /// The access control a MediaPackage v2 origin needs: type `mediapackagev2`, SigV4, every request
    /// signed (the endpoint policy refuses unsigned ones).
    pub fn media_package_v2(name: &str) -> Result<Self, Error> {
        let config = Self {
            name: name.to_owned(),
            description: None,
            signing_protocol: SigningProtocol::SigV4,
            signing_behavior: SigningBehavior::Always,
            origin_access_control_origin_type: OriginType::MediaPackageV2,
            extra: Map::new(),
        };
        config.validate()?;
        Ok(config)
    }

    /// Checks CloudFront's limits: a name of 1-64 characters, a description of at most 256.
    pub fn validate(&self) -> Result<(), Error> {
        let chars = self.name.chars().count();
        if chars == 0 || chars > MAX_NAME_CHARS {
            return Err(invalid(
                "OriginAccessControlConfig.Name",
                format!("{:?}", self.name),
                "1 to 64 characters",
            ));
        }
        if let Some(description) = &self.description
            && description.chars().count() > MAX_DESCRIPTION_CHARS
        {
            return Err(invalid(
                "OriginAccessControlConfig.Description",
                format!("{} characters", description.chars().count()),
                "at most 256 characters",
            ));
        }
        Ok(())
    }

    /// Checks the limits, and that this access control signs for an origin of `kind` the way that
    /// origin's policy expects: for MediaPackage v2, type `mediapackagev2`, `sigv4`, `always`.
    pub fn check_for(&self, kind: OriginKind) -> Result<(), Error> {
        self.validate()?;
        let expected = match kind {
            OriginKind::MediaPackageV2 => OriginType::MediaPackageV2,
            OriginKind::MediaStore => OriginType::MediaStore,
            // Buckets and function URLs are told apart by the caller; nothing more to check here.
            _ => return Ok(()),
        };
        if self.origin_access_control_origin_type != expected {
            return Err(invalid(
                "OriginAccessControlConfig.OriginAccessControlOriginType",
                &self.origin_access_control_origin_type,
                format!("{expected:?} for {kind}", expected = expected.as_str()),
            ));
        }
        if self.signing_protocol != SigningProtocol::SigV4 {
            return Err(invalid(
                "OriginAccessControlConfig.SigningProtocol",
                &self.signing_protocol,
                "\"sigv4\"",
            ));
        }
        if self.signing_behavior != SigningBehavior::Always {
            return Err(invalid(
                "OriginAccessControlConfig.SigningBehavior",
                &self.signing_behavior,
                format!("\"always\": {kind} refuses requests CloudFront does not sign"),
            ));
        }
        Ok(())
    }

    /// Every `AWS::CloudFront::OriginAccessControl` in a CloudFormation template (JSON), by logical id.
    pub fn from_template(template: &Value) -> Result<Vec<(String, Self)>, Error> {
        let resources = template
            .get("Resources")
            .and_then(Value::as_object)
            .ok_or_else(|| Error::Missing {
                path: "Resources".to_owned(),
                expected: "a CloudFormation template's resources".to_owned(),
            })?;
        let mut found = Vec::new();
        for (id, resource) in resources {
            if resource.get("Type").and_then(Value::as_str) != Some("AWS::CloudFront::OriginAccessControl") {
                continue;
            }
            let path = format!("Resources.{id}.Properties.OriginAccessControlConfig");
            let config = resource
                .get("Properties")
                .and_then(|p| p.get("OriginAccessControlConfig"))
                .ok_or_else(|| Error::Missing {
                    path: path.clone(),
                    expected: "the origin access control's configuration".to_owned(),
                })?;
            let config = Self::deserialize(config).map_err(|e| Error::Invalid {
                path,
                value: "the document".to_owned(),
                allowed: format!("CloudFormation's OriginAccessControlConfig shape ({e})"),
            })?;
            found.push((id.clone(), config));
        }
        Ok(found)
    }
}

/// The identifier CloudFront gives an origin access control (`CreateOriginAccessControl`'s
/// `OriginAccessControl.Id`), which an origin names in `OriginAccessControlId`: 1-128 characters of
/// `A-Z` and `0-9`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OriginAccessControlId(String);

impl OriginAccessControlId {
    /// Checks the shape (the error's path is `OriginAccessControlId`).
    pub fn new(id: &str) -> Result<Self, Error> {
        if id.is_empty()
            || id.len() > 128
            || !id.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Err(invalid(
                "OriginAccessControlId",
                format!("{id:?}"),
                "1 to 128 characters of A-Z and 0-9, as CreateOriginAccessControl returns it",
            ));
        }
        Ok(Self(id.to_owned()))
    }

    /// The identifier.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OriginAccessControlId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `aws cloudfront create-origin-access-control --cli-input-json`: the parameters of
/// `CreateOriginAccessControl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateOriginAccessControl {
    /// The configuration.
    pub origin_access_control_config: OriginAccessControlConfig,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_package_needs_sigv4_always() {
        let oac = OriginAccessControlConfig::media_package_v2("live").unwrap();
        oac.check_for(OriginKind::MediaPackageV2).unwrap();
        let mut never = oac.clone();
        never.signing_behavior = SigningBehavior::NoOverride;
        assert_eq!(
            never
                .check_for(OriginKind::MediaPackageV2)
                .unwrap_err()
                .to_string(),
            "OriginAccessControlConfig.SigningBehavior = no-override is not allowed: \"always\": a MediaPackage v2 \
             endpoint refuses requests CloudFront does not sign"
        );
        let mut s3 = oac.clone();
        s3.origin_access_control_origin_type = OriginType::S3;
        assert!(s3.check_for(OriginKind::MediaPackageV2).is_err());
        assert!(OriginAccessControlConfig::media_package_v2("").is_err());
        assert!(OriginAccessControlConfig::media_package_v2(&"a".repeat(65)).is_err());
        let mut long = oac;
        long.description = Some("d".repeat(257));
        assert!(long.validate().is_err());
    }

    #[test]
    fn unknown_values_are_kept() {
        let text = r#"{"Name":"n","SigningProtocol":"sigv5","SigningBehavior":"always","OriginAccessControlOriginType":"newservice","Future":1}"#;
        let oac: OriginAccessControlConfig = serde_json::from_str(text).unwrap();
        assert_eq!(oac.signing_protocol, SigningProtocol::Other("sigv5".to_owned()));
        assert_eq!(
            serde_json::to_value(&oac).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }
}
