//! Simulated CloudFront.
//!
//! Origin access controls as the service keeps them: names unique in the account
//! (`OriginAccessControlAlreadyExists`), an `ETag` that a delete must match (`PreconditionFailed`),
//! and no delete while a distribution's origin names the control (`OriginAccessControlInUse`).

use std::collections::BTreeMap;

use origin_failover::access_control::{OriginAccessControlConfig, OriginAccessControlId};
use origin_failover::document::DistributionConfig;

use super::{
    DISTRIBUTION_POLL, Probe, SIMULATED_ACCOUNT, SimDistribution, SimulatedCloud, Timeline, no_such, refused,
};
use crate::cloud::cloudfront::{CloudFront, Distribution, OriginAccessControl};
use crate::cloud::{Global, Result};

/// An origin access control.
pub(super) struct SimOriginAccessControl {
    pub(super) id: OriginAccessControlId,
    pub(super) config: OriginAccessControlConfig,
    etag: String,
}

impl SimOriginAccessControl {
    fn reply(&self) -> OriginAccessControl {
        OriginAccessControl {
            id: self.id.clone(),
            name: self.config.name.clone(),
        }
    }
}

/// Whether an origin of `config` signs its requests with the origin access control `id`.
fn uses_access_control(config: &DistributionConfig, id: &OriginAccessControlId) -> bool {
    config
        .origins
        .as_slice()
        .iter()
        .any(|origin| origin.extra.get("OriginAccessControlId").and_then(|v| v.as_str()) == Some(id.as_str()))
}

impl CloudFront for Global<'_, SimulatedCloud> {
    async fn list_distributions(&self) -> Result<Vec<Distribution>> {
        self.cloud
            .call("cloudfront:ListDistributions", "global", false, |world, _| {
                Ok(world.distributions.iter().map(SimDistribution::reply).collect())
            })
            .await
    }

    async fn distribution_config(&self, id: &str) -> Result<Option<(DistributionConfig, String)>> {
        self.cloud
            .call("cloudfront:GetDistributionConfig", "global", false, |world, _| {
                Ok(world
                    .distribution_mut(id)
                    .map(|d| (d.config.clone(), d.etag.clone())))
            })
            .await
    }

    async fn create_distribution(
        &self,
        config: &DistributionConfig,
        _tags: &BTreeMap<String, String>,
    ) -> Result<Distribution> {
        const OP: &str = "cloudfront:CreateDistributionWithTags";
        let after = self.cloud.profile.distribution_deployed;
        self.cloud
            .call(OP, "global", true, |world, now| {
                // CloudFront: the same caller reference with the same config returns the existing
                // distribution; with a different config it is an error.
                if let Some(existing) = world
                    .distributions
                    .iter()
                    .find(|d| d.config.caller_reference == config.caller_reference)
                {
                    return if &existing.config == config {
                        Ok(existing.reply())
                    } else {
                        Err(refused(
                            OP,
                            "global",
                            format!(
                                "DistributionAlreadyExists: caller reference {} was used with another config",
                                config.caller_reference
                            ),
                        ))
                    };
                }
                let number = world.next_id();
                let id = format!("ESIM{number:010}");
                let etag = world.new_etag();
                let distribution = SimDistribution {
                    arn: format!("arn:aws:cloudfront::{SIMULATED_ACCOUNT}:distribution/{id}"),
                    domain_name: format!("d{number:012x}.cloudfront.net"),
                    id,
                    config: config.clone(),
                    etag,
                    timeline: Timeline::moving(now, "InProgress", after, Some("Deployed")),
                };
                let reply = distribution.reply();
                world.distributions.push(distribution);
                Ok(reply)
            })
            .await
    }

    async fn update_distribution(&self, id: &str, config: &DistributionConfig, etag: &str) -> Result<String> {
        const OP: &str = "cloudfront:UpdateDistribution";
        let after = self.cloud.profile.distribution_deployed;
        self.cloud
            .call(OP, "global", true, |world, now| {
                let new_etag = world.new_etag();
                let distribution = world
                    .distribution_mut(id)
                    .ok_or_else(|| no_such(OP, "global", &format!("distribution {id}")))?;
                if distribution.etag != etag {
                    return Err(refused(
                        OP,
                        "global",
                        format!("PreconditionFailed: ETag {etag} is not the current one"),
                    ));
                }
                if distribution.config.caller_reference != config.caller_reference {
                    return Err(refused(
                        OP,
                        "global",
                        "IllegalUpdate: the caller reference cannot change".to_owned(),
                    ));
                }
                distribution.config = config.clone();
                distribution.etag = new_etag.clone();
                distribution.timeline = Timeline::moving(now, "InProgress", after, Some("Deployed"));
                Ok(new_etag)
            })
            .await
    }

    async fn delete_distribution(&self, id: &str, etag: &str) -> Result<bool> {
        const OP: &str = "cloudfront:DeleteDistribution";
        self.cloud.call(OP, "global", true, |world, _| {
            let Some(index) = world.distributions.iter().position(|d| d.id == id) else {
                return Ok(false);
            };
            let distribution = &world.distributions[index];
            if distribution.etag != etag {
                return Err(refused(
                    OP,
                    "global",
                    format!("PreconditionFailed: ETag {etag} is not the current one"),
                ));
            }
            if distribution.config.enabled || !distribution.timeline.is("Deployed") {
                return Err(refused(
                    OP,
                    "global",
                    format!(
                        "DistributionNotDisabled: distribution {id} must be disabled and deployed (it is {}, {})",
                        if distribution.config.enabled { "enabled" } else { "disabled" },
                        distribution.timeline.status
                    ),
                ));
            }
            world.distributions.remove(index);
            Ok(true)
        })
        .await
    }

    async fn wait_distribution_deployed(&self, id: &str) -> Result<()> {
        self.cloud
            .wait(
                "cloudfront:GetDistribution",
                "global",
                format!("distribution {id}"),
                "Deployed",
                DISTRIBUTION_POLL,
                |world| match world.distributions.iter().find(|d| d.id == id) {
                    None => Probe::Failed("the distribution does not exist".to_owned()),
                    Some(d) if d.timeline.is("Deployed") => Probe::Reached,
                    Some(d) => Probe::Pending(d.timeline.status, d.timeline.due()),
                },
            )
            .await
    }

    async fn list_origin_access_controls(&self) -> Result<Vec<OriginAccessControl>> {
        self.cloud
            .call(
                "cloudfront:ListOriginAccessControls",
                "global",
                false,
                |world, _| {
                    Ok(world
                        .origin_access_controls
                        .iter()
                        .map(SimOriginAccessControl::reply)
                        .collect())
                },
            )
            .await
    }

    async fn create_origin_access_control(
        &self,
        config: &OriginAccessControlConfig,
    ) -> Result<OriginAccessControl> {
        const OP: &str = "cloudfront:CreateOriginAccessControl";
        self.cloud
            .call(OP, "global", true, |world, _| {
                if world
                    .origin_access_controls
                    .iter()
                    .any(|c| c.config.name == config.name)
                {
                    return Err(refused(
                        OP,
                        "global",
                        format!(
                            "OriginAccessControlAlreadyExists: an origin access control named {} already exists",
                            config.name
                        ),
                    ));
                }
                config
                    .validate()
                    .map_err(|error| refused(OP, "global", format!("InvalidArgument: {error}")))?;
                let id = OriginAccessControlId::new(&format!("ESIMOAC{:07}", world.next_id()))
                    .map_err(|error| refused(OP, "global", error.to_string()))?;
                let control = SimOriginAccessControl {
                    id,
                    config: config.clone(),
                    etag: world.new_etag(),
                };
                let reply = control.reply();
                world.origin_access_controls.push(control);
                Ok(reply)
            })
            .await
    }

    async fn origin_access_control_etag(&self, id: &OriginAccessControlId) -> Result<Option<String>> {
        self.cloud
            .call(
                "cloudfront:GetOriginAccessControl",
                "global",
                false,
                |world, _| {
                    Ok(world
                        .origin_access_controls
                        .iter()
                        .find(|c| &c.id == id)
                        .map(|c| c.etag.clone()))
                },
            )
            .await
    }

    async fn delete_origin_access_control(&self, id: &OriginAccessControlId, etag: &str) -> Result<bool> {
        const OP: &str = "cloudfront:DeleteOriginAccessControl";
        self.cloud
            .call(OP, "global", true, |world, _| {
                let Some(index) = world.origin_access_controls.iter().position(|c| &c.id == id) else {
                    return Ok(false);
                };
                if world.origin_access_controls[index].etag != etag {
                    return Err(refused(
                        OP,
                        "global",
                        format!("PreconditionFailed: ETag {etag} is not the current one"),
                    ));
                }
                if let Some(user) = world
                    .distributions
                    .iter()
                    .find(|d| uses_access_control(&d.config, id))
                {
                    return Err(refused(
                        OP,
                        "global",
                        format!(
                            "OriginAccessControlInUse: distribution {} signs with origin access control {id}",
                            user.id
                        ),
                    ));
                }
                world.origin_access_controls.remove(index);
                Ok(true)
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use origin_failover::cache_behavior::PathPattern;
    use origin_failover::mediapackage::{MediaPackageDistribution, MediaPackageOrigin};
    use origin_failover::origin_kind::EgressDomain;

    use super::*;
    use crate::cloud::{Error, HasCloudFront as _};
    use crate::resource::Kind;
    use crate::simulated::LatencyProfile;

    fn refusal(error: Error) -> String {
        match error {
            Error::Call { message, .. } => message,
            other => panic!("expected a refused call, got {other:?}"),
        }
    }

    fn distribution(control: &OriginAccessControlId) -> DistributionConfig {
        let origin = |region: &str| {
            let domain = EgressDomain::new(&format!(
                "abc123.egress.def456.mediapackagev2.{region}.amazonaws.com"
            ));
            MediaPackageOrigin::new(region, domain.unwrap(), control.clone()).unwrap()
        };
        let channel = PathPattern::new("/out/v1/live/event/*").unwrap();
        MediaPackageDistribution::new(
            "live-event",
            origin("us-east-1"),
            origin("us-west-2"),
            vec![channel],
        )
        .unwrap()
        .to_config()
    }

    #[tokio::test(start_paused = true)]
    async fn an_origin_access_control_is_unique_by_name_and_deleted_only_with_its_etag_when_unused() {
        let cloud = SimulatedCloud::new(LatencyProfile::instant());
        let cloudfront = cloud.cloudfront();
        let config = OriginAccessControlConfig::media_package_v2("live-event").unwrap();
        let created = cloudfront.create_origin_access_control(&config).await.unwrap();
        assert_eq!(created.name, "live-event");
        assert_eq!(
            cloudfront.list_origin_access_controls().await.unwrap(),
            std::slice::from_ref(&created)
        );
        let twice = cloudfront
            .create_origin_access_control(&config)
            .await
            .unwrap_err();
        assert!(refusal(twice).starts_with("OriginAccessControlAlreadyExists"));
        assert_eq!(cloud.inventory().count(Kind::OriginAccessControl), 1);

        let etag = cloudfront
            .origin_access_control_etag(&created.id)
            .await
            .unwrap()
            .unwrap();
        let stale = cloudfront
            .delete_origin_access_control(&created.id, "E0")
            .await
            .unwrap_err();
        assert!(refusal(stale).starts_with("PreconditionFailed"));

        // A distribution whose origins sign with it keeps it.
        let used = cloudfront
            .create_distribution(&distribution(&created.id), &BTreeMap::new())
            .await
            .unwrap();
        let in_use = cloudfront
            .delete_origin_access_control(&created.id, &etag)
            .await
            .unwrap_err();
        assert_eq!(
            refusal(in_use),
            format!(
                "OriginAccessControlInUse: distribution {} signs with origin access control {}",
                used.id, created.id
            )
        );
        let (mut config, distribution_etag) =
            cloudfront.distribution_config(&used.id).await.unwrap().unwrap();
        config.enabled = false;
        let distribution_etag = cloudfront
            .update_distribution(&used.id, &config, &distribution_etag)
            .await
            .unwrap();
        assert!(
            cloudfront
                .delete_distribution(&used.id, &distribution_etag)
                .await
                .unwrap()
        );

        assert!(
            cloudfront
                .delete_origin_access_control(&created.id, &etag)
                .await
                .unwrap()
        );
        assert!(
            !cloudfront
                .delete_origin_access_control(&created.id, &etag)
                .await
                .unwrap()
        );
        assert_eq!(
            cloudfront.origin_access_control_etag(&created.id).await.unwrap(),
            None
        );
        assert!(cloud.inventory().is_empty());
    }
}
