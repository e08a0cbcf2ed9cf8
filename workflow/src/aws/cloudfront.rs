//! CloudFront on AWS (a global API).

use std::collections::BTreeMap;

use aws_sdk_cloudfront::client::Waiters as _;
use aws_sdk_cloudfront::types::{
    DistributionConfig as SdkDistributionConfig, DistributionConfigWithTags,
    OriginAccessControlConfig as SdkOriginAccessControlConfig, Tag, Tags,
};
use origin_failover::access_control::{OriginAccessControlConfig, OriginAccessControlId};
use origin_failover::document::DistributionConfig;

use super::{AwsCloud, MAX_WAIT, Reply, document_error, waited};
use crate::cloud::cloudfront::{CloudFront, Distribution, DistributionStatus, OriginAccessControl};
use crate::cloud::{Global, Result};
use crate::resource::GLOBAL;

fn reply(operation: &'static str) -> Reply<'static> {
    Reply {
        operation,
        region: GLOBAL,
    }
}

/// An origin access control from its reply's id and name.
fn access_control_from(
    reply: Reply<'_>,
    [id_field, name_field]: [&'static str; 2],
    id: &str,
    name: &str,
) -> Result<OriginAccessControl> {
    Ok(OriginAccessControl {
        id: OriginAccessControlId::new(reply.required(id, id_field)?)
            .map_err(|source| reply.invalid(id_field, source))?,
        name: reply.required(name, name_field)?.to_owned(),
    })
}

impl CloudFront for Global<'_, AwsCloud> {
    async fn list_distributions(&self) -> Result<Vec<Distribution>> {
        let reply = reply("cloudfront:ListDistributions");
        let pages = reply
            .pages(self.cloud.cloudfront.list_distributions().into_paginator().send())
            .await?;
        Ok(pages
            .iter()
            .filter_map(|page| page.distribution_list())
            .flat_map(|list| list.items())
            .map(|summary| Distribution {
                id: summary.id().to_owned(),
                arn: summary.arn().to_owned(),
                domain_name: summary.domain_name().to_owned(),
                status: DistributionStatus::from(summary.status()),
                enabled: summary.enabled(),
            })
            .collect())
    }

    async fn distribution_config(&self, id: &str) -> Result<Option<(DistributionConfig, String)>> {
        let reply = reply("cloudfront:GetDistributionConfig");
        let sent = self
            .cloud
            .cloudfront
            .get_distribution_config()
            .id(id)
            .send()
            .await;
        let Some(output) = reply.found(sent)? else {
            return Ok(None);
        };
        let etag = reply.text(output.e_tag(), "ETag")?;
        let config = reply.field(output.distribution_config(), "DistributionConfig")?;
        let config = DistributionConfig::try_from(config)
            .map_err(|error| document_error("distribution config", error))?;
        Ok(Some((config, etag)))
    }

    async fn create_distribution(
        &self,
        config: &DistributionConfig,
        tags: &BTreeMap<String, String>,
    ) -> Result<Distribution> {
        let reply = reply("cloudfront:CreateDistributionWithTags");
        let config = SdkDistributionConfig::try_from(config)
            .map_err(|error| document_error("distribution config", error))?;
        let tags: Vec<Tag> = tags
            .iter()
            .map(|(key, value)| Tag::builder().key(key).value(value).build())
            .collect::<std::result::Result<_, _>>()
            .map_err(|error| document_error("distribution tags", error))?;
        let config_with_tags = DistributionConfigWithTags::builder()
            .distribution_config(config)
            .tags(Tags::builder().set_items(Some(tags)).build())
            .build();
        let output = self
            .cloud
            .cloudfront
            .create_distribution_with_tags()
            .distribution_config_with_tags(config_with_tags)
            .send()
            .await
            .map_err(|error| reply.failed(error))?;
        let created = reply.field(output.distribution(), "Distribution")?;
        let created_config = reply.field(created.distribution_config(), "Distribution.DistributionConfig")?;
        Ok(Distribution {
            id: created.id().to_owned(),
            arn: created.arn().to_owned(),
            domain_name: created.domain_name().to_owned(),
            status: DistributionStatus::from(created.status()),
            enabled: created_config.enabled(),
        })
    }

    async fn update_distribution(&self, id: &str, config: &DistributionConfig, etag: &str) -> Result<String> {
        let reply = reply("cloudfront:UpdateDistribution");
        let config = SdkDistributionConfig::try_from(config)
            .map_err(|error| document_error("distribution config", error))?;
        let output = self
            .cloud
            .cloudfront
            .update_distribution()
            .id(id)
            .if_match(etag)
            .distribution_config(config)
            .send()
            .await
            .map_err(|error| reply.failed(error))?;
        reply.text(output.e_tag(), "ETag")
    }

    async fn delete_distribution(&self, id: &str, etag: &str) -> Result<bool> {
        let reply = reply("cloudfront:DeleteDistribution");
        let sent = self
            .cloud
            .cloudfront
            .delete_distribution()
            .id(id)
            .if_match(etag)
            .send()
            .await;
        Ok(reply.found(sent)?.is_some())
    }

    async fn wait_distribution_deployed(&self, id: &str) -> Result<()> {
        waited(
            self.cloud
                .cloudfront
                .wait_until_distribution_deployed()
                .id(id)
                .wait(MAX_WAIT)
                .await,
            &format!("distribution {id}"),
            GLOBAL,
            "Deployed",
        )
    }

    async fn list_origin_access_controls(&self) -> Result<Vec<OriginAccessControl>> {
        let reply = reply("cloudfront:ListOriginAccessControls");
        let pages = reply
            .pages(
                self.cloud
                    .cloudfront
                    .list_origin_access_controls()
                    .into_paginator()
                    .send(),
            )
            .await?;
        pages
            .iter()
            .filter_map(|page| page.origin_access_control_list())
            .flat_map(|list| list.items())
            .map(|summary| {
                access_control_from(
                    reply,
                    [
                        "OriginAccessControlList.Items[].Id",
                        "OriginAccessControlList.Items[].Name",
                    ],
                    summary.id(),
                    summary.name(),
                )
            })
            .collect()
    }

    async fn create_origin_access_control(
        &self,
        config: &OriginAccessControlConfig,
    ) -> Result<OriginAccessControl> {
        let reply = reply("cloudfront:CreateOriginAccessControl");
        let config = SdkOriginAccessControlConfig::try_from(config)
            .map_err(|error| document_error("origin access control", error))?;
        let output = self
            .cloud
            .cloudfront
            .create_origin_access_control()
            .origin_access_control_config(config)
            .send()
            .await
            .map_err(|error| reply.failed(error))?;
        let created = reply.field(output.origin_access_control(), "OriginAccessControl")?;
        let created_config = reply.field(
            created.origin_access_control_config(),
            "OriginAccessControl.OriginAccessControlConfig",
        )?;
        access_control_from(
            reply,
            [
                "OriginAccessControl.Id",
                "OriginAccessControl.OriginAccessControlConfig.Name",
            ],
            created.id(),
            created_config.name(),
        )
    }

    async fn origin_access_control_etag(&self, id: &OriginAccessControlId) -> Result<Option<String>> {
        let reply = reply("cloudfront:GetOriginAccessControl");
        let sent = self
            .cloud
            .cloudfront
            .get_origin_access_control()
            .id(id.as_str())
            .send()
            .await;
        reply
            .found(sent)?
            .map(|output| reply.text(output.e_tag(), "ETag"))
            .transpose()
    }

    async fn delete_origin_access_control(&self, id: &OriginAccessControlId, etag: &str) -> Result<bool> {
        let reply = reply("cloudfront:DeleteOriginAccessControl");
        let sent = self
            .cloud
            .cloudfront
            .delete_origin_access_control()
            .id(id.as_str())
            .if_match(etag)
            .send()
            .await;
        Ok(reply.found(sent)?.is_some())
    }
}
