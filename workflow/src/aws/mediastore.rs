//! MediaStore's control plane on AWS.

use std::collections::BTreeMap;

use mediastore_policy::{CorsPolicy, DataEndpoint};

use super::{AwsCloud, Reply, document_error};
use crate::cloud::mediastore::{Container, ContainerStatus, MediaStore};
use crate::cloud::{InRegion, Result};

fn container_from(reply: Reply<'_>, container: &aws_sdk_mediastore::types::Container) -> Result<Container> {
    Ok(Container {
        name: reply.text(container.name(), "Container.Name")?,
        arn: reply.text(container.arn(), "Container.ARN")?,
        status: ContainerStatus::from(reply.field(container.status(), "Container.Status")?.as_str()),
        endpoint: container
            .endpoint()
            .map(DataEndpoint::parse)
            .transpose()
            .map_err(|source| reply.invalid("Container.Endpoint", source))?,
    })
}

impl MediaStore for InRegion<'_, AwsCloud> {
    async fn describe_container(&self, name: &str) -> Result<Option<Container>> {
        let reply = self.reply("mediastore:DescribeContainer");
        let client = &self.clients(reply)?.mediastore;
        let sent = client.describe_container().container_name(name).send().await;
        reply
            .found(sent)?
            .map(|output| container_from(reply, reply.field(output.container(), "Container")?))
            .transpose()
    }

    async fn list_containers(&self) -> Result<Vec<Container>> {
        let reply = self.reply("mediastore:ListContainers");
        let pages = reply
            .pages(
                self.clients(reply)?
                    .mediastore
                    .list_containers()
                    .into_paginator()
                    .send(),
            )
            .await?;
        pages
            .iter()
            .flat_map(|page| page.containers())
            .map(|container| container_from(reply, container))
            .collect()
    }

    async fn create_container(&self, name: &str, tags: &BTreeMap<String, String>) -> Result<Container> {
        let reply = self.reply("mediastore:CreateContainer");
        let client = &self.clients(reply)?.mediastore;
        let tags: Vec<aws_sdk_mediastore::types::Tag> = tags
            .iter()
            .map(|(key, value)| {
                aws_sdk_mediastore::types::Tag::builder()
                    .key(key)
                    .value(value)
                    .build()
            })
            .collect::<std::result::Result<_, _>>()
            .map_err(|error| document_error("container tags", error))?;
        let output = client
            .create_container()
            .container_name(name)
            .set_tags(Some(tags))
            .send()
            .await
            .map_err(|error| reply.failed(error))?;
        container_from(reply, reply.field(output.container(), "Container")?)
    }

    async fn delete_container(&self, name: &str) -> Result<bool> {
        let reply = self.reply("mediastore:DeleteContainer");
        let client = &self.clients(reply)?.mediastore;
        let sent = client.delete_container().container_name(name).send().await;
        Ok(reply.found(sent)?.is_some())
    }

    async fn container_policy(&self, name: &str) -> Result<Option<String>> {
        let reply = self.reply("mediastore:GetContainerPolicy");
        let client = &self.clients(reply)?.mediastore;
        let sent = client.get_container_policy().container_name(name).send().await;
        Ok(reply.found(sent)?.map(|output| output.policy().to_owned()))
    }

    async fn put_container_policy(&self, name: &str, policy: &str) -> Result<()> {
        let reply = self.reply("mediastore:PutContainerPolicy");
        self.clients(reply)?
            .mediastore
            .put_container_policy()
            .container_name(name)
            .policy(policy)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| reply.failed(error))
    }

    async fn lifecycle_policy(&self, name: &str) -> Result<Option<String>> {
        let reply = self.reply("mediastore:GetLifecyclePolicy");
        let client = &self.clients(reply)?.mediastore;
        let sent = client.get_lifecycle_policy().container_name(name).send().await;
        Ok(reply
            .found(sent)?
            .map(|output| output.lifecycle_policy().to_owned()))
    }

    async fn put_lifecycle_policy(&self, name: &str, policy: &str) -> Result<()> {
        let reply = self.reply("mediastore:PutLifecyclePolicy");
        self.clients(reply)?
            .mediastore
            .put_lifecycle_policy()
            .container_name(name)
            .lifecycle_policy(policy)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| reply.failed(error))
    }

    async fn cors_policy(&self, name: &str) -> Result<Option<CorsPolicy>> {
        let reply = self.reply("mediastore:GetCorsPolicy");
        let client = &self.clients(reply)?.mediastore;
        let sent = client.get_cors_policy().container_name(name).send().await;
        reply
            .found(sent)?
            .map(|output| CorsPolicy::try_from(&output).map_err(|error| document_error("CORS policy", error)))
            .transpose()
    }

    async fn put_cors_policy(&self, name: &str, policy: &CorsPolicy) -> Result<()> {
        let reply = self.reply("mediastore:PutCorsPolicy");
        let rules = Vec::try_from(policy).map_err(|error| document_error("CORS policy", error))?;
        self.clients(reply)?
            .mediastore
            .put_cors_policy()
            .container_name(name)
            .set_cors_policy(Some(rules))
            .send()
            .await
            .map(|_| ())
            .map_err(|error| reply.failed(error))
    }
}
