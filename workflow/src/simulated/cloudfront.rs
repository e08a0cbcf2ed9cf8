//! Simulated CloudFront.

use std::collections::BTreeMap;

use origin_failover::document::DistributionConfig;

use super::{
    DISTRIBUTION_POLL, Probe, SIMULATED_ACCOUNT, SimDistribution, SimulatedCloud, Timeline, no_such, refused,
};
use crate::cloud::cloudfront::{CloudFront, Distribution};
use crate::cloud::{Global, Result};

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
}
