//! Simulated MediaStore control plane.

use std::collections::BTreeMap;

use mediastore_policy::{CorsPolicy, DataEndpoint, Region};

use super::{SIMULATED_ACCOUNT, SimContainer, SimulatedCloud, Timeline, not_active, refused};
use crate::cloud::mediastore::{Container, MediaStore};
use crate::cloud::{InRegion, Result};

impl MediaStore for InRegion<'_, SimulatedCloud> {
    async fn describe_container(&self, name: &str) -> Result<Option<Container>> {
        let region = self.region;
        self.cloud
            .call("mediastore:DescribeContainer", region, false, |world, _| {
                Ok(world.container(region, name).map(SimContainer::reply))
            })
            .await
    }

    async fn list_containers(&self) -> Result<Vec<Container>> {
        let region = self.region;
        self.cloud
            .call("mediastore:ListContainers", region, false, |world, _| {
                Ok(world
                    .containers
                    .iter()
                    .filter(|c| c.region == region)
                    .map(SimContainer::reply)
                    .collect())
            })
            .await
    }

    async fn create_container(&self, name: &str, _tags: &BTreeMap<String, String>) -> Result<Container> {
        let region = self.region;
        const OP: &str = "mediastore:CreateContainer";
        let after = self.cloud.profile.container_active;
        self.cloud
            .call(OP, region, true, |world, now| {
                if world.container(region, name).is_some() {
                    return Err(refused(
                        OP,
                        region,
                        format!("ContainerInUseException: a container named {name} already exists"),
                    ));
                }
                let code = Region::new(region).map_err(|error| refused(OP, region, error.to_string()))?;
                let id = world.next_id();
                let endpoint = DataEndpoint::new(&format!("sim{id:011x}"), code)
                    .map_err(|error| refused(OP, region, error.to_string()))?;
                let container = SimContainer {
                    region: region.to_owned(),
                    name: name.to_owned(),
                    arn: format!("arn:aws:mediastore:{region}:{SIMULATED_ACCOUNT}:container/{name}"),
                    endpoint,
                    timeline: Timeline::moving(now, "CREATING", after, Some("ACTIVE")),
                    policy: None,
                    lifecycle: None,
                    cors: None,
                    objects: BTreeMap::new(),
                };
                let reply = container.reply();
                world.containers.push(container);
                Ok(reply)
            })
            .await
    }

    async fn delete_container(&self, name: &str) -> Result<bool> {
        let region = self.region;
        const OP: &str = "mediastore:DeleteContainer";
        let after = self.cloud.profile.container_deleted;
        self.cloud
            .call(OP, region, true, |world, now| {
                let Some(container) = world.container_mut(region, name) else {
                    return Ok(false);
                };
                match container.timeline.status {
                    // Deletion already under way: accepted again, nothing changes (an assumption:
                    // MediaStore does not document this case).
                    "DELETING" => Ok(true),
                    "CREATING" => Err(not_active(OP, region, container)),
                    _ if !container.objects.is_empty() => Err(refused(
                        OP,
                        region,
                        format!(
                            "ContainerInUseException: container {name} still holds {} objects",
                            container.objects.len()
                        ),
                    )),
                    _ => {
                        container.timeline = Timeline::moving(now, "DELETING", after, None);
                        Ok(true)
                    }
                }
            })
            .await
    }

    async fn container_policy(&self, name: &str) -> Result<Option<String>> {
        let region = self.region;
        self.cloud
            .on_container(
                "mediastore:GetContainerPolicy",
                region,
                name,
                false,
                |container| container.policy.clone(),
            )
            .await
    }

    async fn put_container_policy(&self, name: &str, policy: &str) -> Result<()> {
        let region = self.region;
        self.cloud
            .on_container("mediastore:PutContainerPolicy", region, name, true, |container| {
                container.policy = Some(policy.to_owned());
            })
            .await
    }

    async fn lifecycle_policy(&self, name: &str) -> Result<Option<String>> {
        let region = self.region;
        self.cloud
            .on_container(
                "mediastore:GetLifecyclePolicy",
                region,
                name,
                false,
                |container| container.lifecycle.clone(),
            )
            .await
    }

    async fn put_lifecycle_policy(&self, name: &str, policy: &str) -> Result<()> {
        let region = self.region;
        self.cloud
            .on_container("mediastore:PutLifecyclePolicy", region, name, true, |container| {
                container.lifecycle = Some(policy.to_owned());
            })
            .await
    }

    async fn cors_policy(&self, name: &str) -> Result<Option<CorsPolicy>> {
        let region = self.region;
        self.cloud
            .on_container("mediastore:GetCorsPolicy", region, name, false, |container| {
                container.cors.clone()
            })
            .await
    }

    async fn put_cors_policy(&self, name: &str, policy: &CorsPolicy) -> Result<()> {
        let region = self.region;
        self.cloud
            .on_container("mediastore:PutCorsPolicy", region, name, true, |container| {
                container.cors = Some(policy.clone());
            })
            .await
    }
}
