//! Simulated MediaPackage v2.
//!
//! As the service: creates are synchronous (the resource is complete in the reply, no state to wait
//! for); names are unique per scope (a group in its Region, a channel in its group, an endpoint on
//! its channel) and a second create of a name is a `ConflictException`; a group with channels and a
//! channel with endpoints cannot be deleted (`ConflictException`); deleting a channel or an endpoint
//! deletes its policy; policies are stored and returned as the text given; a channel's input type
//! is immutable and reported with the API's default (HLS) when the request left it out; an endpoint
//! that forces errors is refused on a channel that is not epoch-locked (`ValidationException`). A
//! group's egress domain and a channel's two ingest endpoints have the service's shapes; an
//! endpoint's HLS manifest URLs are its playback paths on the group's egress domain. Every call takes
//! [`LatencyProfile::package_call`](super::LatencyProfile::package_call).

use mediapackage_origin::document;
use mediapackage_origin::{
    ContainerType, IngestEndpoint, IngestEndpointId, InputType, ManifestName, OriginNames, OutputLockingMode,
    PlaybackPath, ResourceName,
};
use origin_failover::origin_kind::EgressDomain;

use super::{SIMULATED_ACCOUNT, SimulatedCloud, World, conflict, refused};
use crate::cloud::mediapackage::{Channel, ChannelGroup, EndpointSettings, MediaPackage, OriginEndpoint};
use crate::cloud::{InRegion, Result};

/// A channel group.
pub(super) struct SimChannelGroup {
    pub(super) region: String,
    pub(super) name: ResourceName,
    pub(super) arn: String,
    egress_domain: EgressDomain,
}

impl SimChannelGroup {
    fn reply(&self) -> ChannelGroup {
        ChannelGroup {
            name: self.name.clone(),
            arn: self.arn.clone(),
            egress_domain: Some(self.egress_domain.clone()),
        }
    }
}

/// A MediaPackage channel.
pub(super) struct SimPackageChannel {
    pub(super) region: String,
    pub(super) group: ResourceName,
    pub(super) name: ResourceName,
    pub(super) arn: String,
    input_type: InputType,
    locking: Option<OutputLockingMode>,
    ingest_endpoints: Vec<IngestEndpoint>,
    policy: Option<String>,
}

impl SimPackageChannel {
    fn reply(&self) -> Channel {
        Channel {
            group: self.group.clone(),
            name: self.name.clone(),
            arn: self.arn.clone(),
            input_type: Some(self.input_type.clone()),
            ingest_endpoints: self.ingest_endpoints.clone(),
        }
    }

    fn is(&self, region: &str, group: &ResourceName, name: &ResourceName) -> bool {
        self.region == region && &self.group == group && &self.name == name
    }
}

/// An origin endpoint.
pub(super) struct SimOriginEndpoint {
    pub(super) region: String,
    pub(super) names: OriginNames,
    pub(super) arn: String,
    container_type: ContainerType,
    hls_manifest_urls: Vec<String>,
    settings: EndpointSettings,
    policy: Option<String>,
}

impl SimOriginEndpoint {
    fn reply(&self) -> OriginEndpoint {
        OriginEndpoint {
            names: self.names.clone(),
            arn: self.arn.clone(),
            container_type: self.container_type.clone(),
            hls_manifest_urls: self.hls_manifest_urls.clone(),
            settings: Some(self.settings.clone()),
        }
    }

    fn on_channel(&self, region: &str, group: &ResourceName, channel: &ResourceName) -> bool {
        self.region == region && &self.names.group == group && &self.names.channel == channel
    }
}

impl World {
    fn channel_group(&self, region: &str, name: &ResourceName) -> Option<&SimChannelGroup> {
        self.channel_groups
            .iter()
            .find(|g| g.region == region && &g.name == name)
    }

    fn package_channel_mut(
        &mut self,
        region: &str,
        group: &ResourceName,
        name: &ResourceName,
    ) -> Option<&mut SimPackageChannel> {
        self.package_channels
            .iter_mut()
            .find(|c| c.is(region, group, name))
    }

    fn origin_endpoint_mut(&mut self, region: &str, names: &OriginNames) -> Option<&mut SimOriginEndpoint> {
        self.origin_endpoints
            .iter_mut()
            .find(|e| e.region == region && &e.names == names)
    }
}

/// `arn:aws:mediapackagev2:<region>:<account>:channelGroup/<group>`.
fn group_arn(region: &str, group: &ResourceName) -> String {
    format!("arn:aws:mediapackagev2:{region}:{SIMULATED_ACCOUNT}:channelGroup/{group}")
}

/// A host label as MediaPackage makes them: six lowercase letters and digits.
fn host_label(number: u64) -> String {
    format!("{:06x}", number & 0xff_ffff)
}

/// MediaPackage's answer for a resource that does not exist, where "not found" is not a value.
fn not_found(operation: &'static str, region: &str, what: &str) -> crate::cloud::Error {
    refused(operation, region, format!("ResourceNotFoundException: no {what}"))
}

fn validation(operation: &'static str, region: &str, message: String) -> crate::cloud::Error {
    refused(operation, region, format!("ValidationException: {message}"))
}

impl MediaPackage for InRegion<'_, SimulatedCloud> {
    async fn channel_group(&self, name: &ResourceName) -> Result<Option<ChannelGroup>> {
        let region = self.region;
        self.cloud
            .package_call("mediapackagev2:GetChannelGroup", region, false, |world| {
                Ok(world.channel_group(region, name).map(SimChannelGroup::reply))
            })
            .await
    }

    async fn list_channel_groups(&self) -> Result<Vec<ChannelGroup>> {
        let region = self.region;
        self.cloud
            .package_call("mediapackagev2:ListChannelGroups", region, false, |world| {
                // `ListChannelGroups` does not report egress domains.
                Ok(world
                    .channel_groups
                    .iter()
                    .filter(|g| g.region == region)
                    .map(|g| ChannelGroup {
                        egress_domain: None,
                        ..g.reply()
                    })
                    .collect())
            })
            .await
    }

    async fn create_channel_group(&self, group: &document::ChannelGroup) -> Result<ChannelGroup> {
        let region = self.region;
        const OP: &str = "mediapackagev2:CreateChannelGroup";
        let name = &group.channel_group_name;
        self.cloud
            .package_call(OP, region, true, |world| {
                if world.channel_group(region, name).is_some() {
                    return Err(conflict(
                        OP,
                        region,
                        format!("channel group {name} already exists"),
                    ));
                }
                let (first, second) = (host_label(world.next_id()), host_label(world.next_id()));
                let egress_domain = EgressDomain::new(&format!(
                    "{first}.egress.{second}.mediapackagev2.{region}.amazonaws.com"
                ))
                .map_err(|error| validation(OP, region, error.to_string()))?;
                let created = SimChannelGroup {
                    region: region.to_owned(),
                    name: name.clone(),
                    arn: group_arn(region, name),
                    egress_domain,
                };
                let reply = created.reply();
                world.channel_groups.push(created);
                Ok(reply)
            })
            .await
    }

    async fn delete_channel_group(&self, name: &ResourceName) -> Result<bool> {
        let region = self.region;
        const OP: &str = "mediapackagev2:DeleteChannelGroup";
        self.cloud
            .package_call(OP, region, true, |world| {
                if world.channel_group(region, name).is_none() {
                    return Ok(false);
                }
                let channels = world
                    .package_channels
                    .iter()
                    .filter(|c| c.region == region && &c.group == name)
                    .count();
                if channels > 0 {
                    return Err(conflict(
                        OP,
                        region,
                        format!("channel group {name} still has {channels} channels"),
                    ));
                }
                world
                    .channel_groups
                    .retain(|g| !(g.region == region && &g.name == name));
                Ok(true)
            })
            .await
    }

    async fn channel(&self, group: &ResourceName, name: &ResourceName) -> Result<Option<Channel>> {
        let region = self.region;
        self.cloud
            .package_call("mediapackagev2:GetChannel", region, false, |world| {
                Ok(world.package_channel_mut(region, group, name).map(|c| c.reply()))
            })
            .await
    }

    async fn list_channels(&self, group: &ResourceName) -> Result<Vec<Channel>> {
        let region = self.region;
        self.cloud
            .package_call("mediapackagev2:ListChannels", region, false, |world| {
                // `ListChannels` does not report ingest endpoints.
                Ok(world
                    .package_channels
                    .iter()
                    .filter(|c| c.region == region && &c.group == group)
                    .map(|c| Channel {
                        ingest_endpoints: Vec::new(),
                        ..c.reply()
                    })
                    .collect())
            })
            .await
    }

    async fn create_channel(&self, channel: &document::Channel) -> Result<Channel> {
        let region = self.region;
        const OP: &str = "mediapackagev2:CreateChannel";
        let (group, name) = (&channel.channel_group_name, &channel.channel_name);
        self.cloud
            .package_call(OP, region, true, |world| {
                if world.channel_group(region, group).is_none() {
                    return Err(not_found(OP, region, &format!("channel group {group}")));
                }
                if world.package_channel_mut(region, group, name).is_some() {
                    return Err(conflict(
                        OP,
                        region,
                        format!("channel {name} already exists in channel group {group}"),
                    ));
                }
                let (first, second) = (host_label(world.next_id()), host_label(world.next_id()));
                let ingest_endpoints = [IngestEndpointId::One, IngestEndpointId::Two]
                    .into_iter()
                    .map(|id| {
                        let n = id.as_str();
                        IngestEndpoint::parse(
                            n,
                            &format!(
                                "https://{first}-{n}.ingest.{second}.mediapackagev2.{region}.amazonaws.com/in/v1/{group}/{n}/{name}/"
                            ),
                        )
                        .map_err(|error| validation(OP, region, error.to_string()))
                    })
                    .collect::<Result<_>>()?;
                let created = SimPackageChannel {
                    region: region.to_owned(),
                    group: group.clone(),
                    name: name.clone(),
                    arn: format!("{}/channel/{name}", group_arn(region, group)),
                    input_type: channel.effective_input_type(),
                    locking: channel.effective_output_locking_mode(),
                    ingest_endpoints,
                    policy: None,
                };
                let reply = created.reply();
                world.package_channels.push(created);
                Ok(reply)
            })
            .await
    }

    async fn delete_channel(&self, group: &ResourceName, name: &ResourceName) -> Result<bool> {
        let region = self.region;
        const OP: &str = "mediapackagev2:DeleteChannel";
        self.cloud
            .package_call(OP, region, true, |world| {
                if world.package_channel_mut(region, group, name).is_none() {
                    return Ok(false);
                }
                let endpoints = world
                    .origin_endpoints
                    .iter()
                    .filter(|e| e.on_channel(region, group, name))
                    .count();
                if endpoints > 0 {
                    return Err(conflict(
                        OP,
                        region,
                        format!("channel {name} still has {endpoints} origin endpoints"),
                    ));
                }
                world.package_channels.retain(|c| !c.is(region, group, name));
                Ok(true)
            })
            .await
    }

    async fn channel_policy(&self, group: &ResourceName, channel: &ResourceName) -> Result<Option<String>> {
        let region = self.region;
        self.cloud
            .package_call("mediapackagev2:GetChannelPolicy", region, false, |world| {
                Ok(world
                    .package_channel_mut(region, group, channel)
                    .and_then(|c| c.policy.clone()))
            })
            .await
    }

    async fn put_channel_policy(
        &self,
        group: &ResourceName,
        channel: &ResourceName,
        policy: &str,
    ) -> Result<()> {
        let region = self.region;
        const OP: &str = "mediapackagev2:PutChannelPolicy";
        self.cloud
            .package_call(OP, region, true, |world| {
                let found = world.package_channel_mut(region, group, channel).ok_or_else(|| {
                    not_found(OP, region, &format!("channel {channel} in channel group {group}"))
                })?;
                found.policy = Some(policy.to_owned());
                Ok(())
            })
            .await
    }

    async fn delete_channel_policy(&self, group: &ResourceName, channel: &ResourceName) -> Result<bool> {
        let region = self.region;
        self.cloud
            .package_call("mediapackagev2:DeleteChannelPolicy", region, true, |world| {
                Ok(world
                    .package_channel_mut(region, group, channel)
                    .and_then(|c| c.policy.take())
                    .is_some())
            })
            .await
    }

    async fn origin_endpoint(&self, names: &OriginNames) -> Result<Option<OriginEndpoint>> {
        let region = self.region;
        self.cloud
            .package_call("mediapackagev2:GetOriginEndpoint", region, false, |world| {
                Ok(world.origin_endpoint_mut(region, names).map(|e| e.reply()))
            })
            .await
    }

    async fn list_origin_endpoints(
        &self,
        group: &ResourceName,
        channel: &ResourceName,
    ) -> Result<Vec<OriginEndpoint>> {
        let region = self.region;
        self.cloud
            .package_call("mediapackagev2:ListOriginEndpoints", region, false, |world| {
                Ok(world
                    .origin_endpoints
                    .iter()
                    .filter(|e| e.on_channel(region, group, channel))
                    .map(SimOriginEndpoint::reply)
                    .collect())
            })
            .await
    }

    async fn create_origin_endpoint(&self, endpoint: &document::OriginEndpoint) -> Result<OriginEndpoint> {
        let region = self.region;
        const OP: &str = "mediapackagev2:CreateOriginEndpoint";
        let names = OriginNames {
            group: endpoint.channel_group_name.clone(),
            channel: endpoint.channel_name.clone(),
            endpoint: endpoint.origin_endpoint_name.clone(),
        };
        self.cloud
            .package_call(OP, region, true, |world| {
                let egress_domain = world
                    .channel_group(region, &names.group)
                    .map(|g| g.egress_domain.clone())
                    .ok_or_else(|| not_found(OP, region, &format!("channel group {}", names.group)))?;
                let channel = world
                    .package_channel_mut(region, &names.group, &names.channel)
                    .ok_or_else(|| {
                        not_found(
                            OP,
                            region,
                            &format!("channel {} in channel group {}", names.channel, names.group),
                        )
                    })?;
                if endpoint.force_endpoint_error_configuration.is_some()
                    && channel.locking != Some(OutputLockingMode::EpochLocked)
                {
                    return Err(validation(
                        OP,
                        region,
                        format!(
                            "ForceEndpointErrorConfiguration needs an epoch-locked channel; channel {} is not",
                            names.channel
                        ),
                    ));
                }
                if world.origin_endpoint_mut(region, &names).is_some() {
                    return Err(conflict(
                        OP,
                        region,
                        format!(
                            "origin endpoint {} already exists on channel {}",
                            names.endpoint, names.channel
                        ),
                    ));
                }
                let hls_manifest_urls = endpoint
                    .hls_manifests
                    .iter()
                    .flatten()
                    .map(|manifest| manifest_url(&names, &manifest.manifest_name, &egress_domain))
                    .collect();
                let created = SimOriginEndpoint {
                    region: region.to_owned(),
                    arn: format!(
                        "{}/channel/{}/originEndpoint/{}",
                        group_arn(region, &names.group),
                        names.channel,
                        names.endpoint
                    ),
                    names: names.clone(),
                    container_type: endpoint.container_type.clone(),
                    hls_manifest_urls,
                    settings: EndpointSettings::of(endpoint),
                    policy: None,
                };
                let reply = created.reply();
                world.origin_endpoints.push(created);
                Ok(reply)
            })
            .await
    }

    async fn delete_origin_endpoint(&self, names: &OriginNames) -> Result<bool> {
        let region = self.region;
        self.cloud
            .package_call("mediapackagev2:DeleteOriginEndpoint", region, true, |world| {
                let before = world.origin_endpoints.len();
                world
                    .origin_endpoints
                    .retain(|e| !(e.region == region && &e.names == names));
                Ok(world.origin_endpoints.len() < before)
            })
            .await
    }

    async fn origin_endpoint_policy(&self, names: &OriginNames) -> Result<Option<String>> {
        let region = self.region;
        self.cloud
            .package_call("mediapackagev2:GetOriginEndpointPolicy", region, false, |world| {
                Ok(world
                    .origin_endpoint_mut(region, names)
                    .and_then(|e| e.policy.clone()))
            })
            .await
    }

    async fn put_origin_endpoint_policy(&self, names: &OriginNames, policy: &str) -> Result<()> {
        let region = self.region;
        const OP: &str = "mediapackagev2:PutOriginEndpointPolicy";
        self.cloud
            .package_call(OP, region, true, |world| {
                let found = world
                    .origin_endpoint_mut(region, names)
                    .ok_or_else(|| not_found(OP, region, &format!("origin endpoint {}", names.endpoint)))?;
                found.policy = Some(policy.to_owned());
                Ok(())
            })
            .await
    }

    async fn delete_origin_endpoint_policy(&self, names: &OriginNames) -> Result<bool> {
        let region = self.region;
        self.cloud
            .package_call(
                "mediapackagev2:DeleteOriginEndpointPolicy",
                region,
                true,
                |world| {
                    Ok(world
                        .origin_endpoint_mut(region, names)
                        .and_then(|e| e.policy.take())
                        .is_some())
                },
            )
            .await
    }
}

/// An HLS manifest's URL: its playback path on the group's egress domain.
fn manifest_url(names: &OriginNames, manifest: &ManifestName, egress_domain: &EgressDomain) -> String {
    PlaybackPath::new(names.clone(), manifest.clone()).url(egress_domain)
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tokio::time::Instant;

    use super::*;
    use crate::cloud::{Error, HasMediaPackage as _};
    use crate::resource::Kind;
    use crate::simulated::LatencyProfile;

    const REGION: &str = "us-east-1";

    fn name(text: &str) -> ResourceName {
        ResourceName::new(text).unwrap()
    }

    fn names() -> OriginNames {
        OriginNames {
            group: name("live"),
            channel: name("event"),
            endpoint: name("hls"),
        }
    }

    fn group() -> document::ChannelGroup {
        serde_json::from_value(json!({"ChannelGroupName": "live"})).unwrap()
    }

    fn channel(channel: &str, input_type: Option<&str>, locking: Option<&str>) -> document::Channel {
        let mut document = json!({"ChannelGroupName": "live", "ChannelName": channel});
        if let Some(input_type) = input_type {
            document["InputType"] = json!(input_type);
        }
        if let Some(locking) = locking {
            document["OutputLockingMode"] = json!(locking);
        }
        serde_json::from_value(document).unwrap()
    }

    fn endpoint(channel: &str, endpoint: &str, force_errors: bool) -> document::OriginEndpoint {
        let mut document = json!({
            "ChannelGroupName": "live",
            "ChannelName": channel,
            "OriginEndpointName": endpoint,
            "ContainerType": "CMAF",
            "HlsManifests": [{"ManifestName": "index"}, {"ManifestName": "index-ll"}],
        });
        if force_errors {
            document["ForceEndpointErrorConfiguration"] =
                json!({"EndpointErrorConditions": ["STALE_MANIFEST"]});
        }
        serde_json::from_value(document).unwrap()
    }

    /// The service's code in a refused call's message.
    fn refusal(error: Error) -> String {
        match error {
            Error::Call { message, .. } => message,
            other => panic!("expected a refused call, got {other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn resources_are_created_synchronously_in_the_services_shapes() {
        let cloud = SimulatedCloud::new(LatencyProfile::default());
        let package = cloud.mediapackage(REGION);
        let started = Instant::now();
        let created = package.create_channel_group(&group()).await.unwrap();
        assert_eq!(started.elapsed(), LatencyProfile::default().package_call);
        let egress = created.egress_domain.clone().unwrap();
        assert_eq!(egress.region(), REGION);
        assert_eq!(
            created.arn,
            format!("arn:aws:mediapackagev2:{REGION}:{SIMULATED_ACCOUNT}:channelGroup/live")
        );
        assert_eq!(package.channel_group(&name("live")).await.unwrap(), Some(created));

        let made = package
            .create_channel(&channel("event", Some("CMAF"), None))
            .await
            .unwrap();
        assert_eq!(made.input_type, Some(InputType::Cmaf));
        let ids: Vec<_> = made.ingest_endpoints.iter().map(IngestEndpoint::id).collect();
        assert_eq!(ids, [IngestEndpointId::One, IngestEndpointId::Two]);
        for ingest in &made.ingest_endpoints {
            assert_eq!(
                (ingest.group(), ingest.channel()),
                (&name("live"), &name("event"))
            );
            assert!(
                ingest
                    .url()
                    .contains(&format!(".mediapackagev2.{REGION}.amazonaws.com/in/v1/live/"))
            );
        }
        // The API's default input type is reported when the request left it out.
        let defaulted = package
            .create_channel(&channel("other", None, None))
            .await
            .unwrap();
        assert_eq!(defaulted.input_type, Some(InputType::Hls));
        assert_eq!(
            package.channel(&name("live"), &name("event")).await.unwrap(),
            Some(made)
        );

        let served = package
            .create_origin_endpoint(&endpoint("event", "hls", true))
            .await
            .unwrap();
        assert_eq!(served.names, names());
        assert_eq!(served.container_type, ContainerType::Cmaf);
        assert_eq!(
            served.hls_manifest_urls,
            [
                format!("https://{egress}/out/v1/live/event/hls/index.m3u8"),
                format!("https://{egress}/out/v1/live/event/hls/index-ll.m3u8"),
            ]
        );
        assert_eq!(
            package.origin_endpoint(&names()).await.unwrap(),
            Some(served.clone())
        );

        // Lists: every group without its egress domain, the group's channels without ingest
        // endpoints, the channel's endpoints.
        let groups = package.list_channel_groups().await.unwrap();
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].egress_domain, None);
        let channels = package.list_channels(&name("live")).await.unwrap();
        let listed: Vec<_> = channels.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(listed, ["event", "other"]);
        assert!(channels.iter().all(|c| c.ingest_endpoints.is_empty()));
        assert!(package.list_channels(&name("absent")).await.unwrap().is_empty());
        assert_eq!(
            package
                .list_origin_endpoints(&name("live"), &name("event"))
                .await
                .unwrap(),
            [served]
        );
        let inventory = cloud.inventory();
        assert_eq!(
            [Kind::ChannelGroup, Kind::PackageChannel, Kind::OriginEndpoint].map(|k| inventory.count(k)),
            [1, 2, 1]
        );

        // Delete from the leaves up; a second delete finds nothing.
        assert!(package.delete_origin_endpoint(&names()).await.unwrap());
        assert!(!package.delete_origin_endpoint(&names()).await.unwrap());
        assert_eq!(package.origin_endpoint(&names()).await.unwrap(), None);
        for channel in ["event", "other"] {
            assert!(
                package
                    .delete_channel(&name("live"), &name(channel))
                    .await
                    .unwrap()
            );
        }
        assert!(
            !package
                .delete_channel(&name("live"), &name("event"))
                .await
                .unwrap()
        );
        assert!(package.delete_channel_group(&name("live")).await.unwrap());
        assert!(!package.delete_channel_group(&name("live")).await.unwrap());
        assert_eq!(package.channel_group(&name("live")).await.unwrap(), None);
        assert!(cloud.inventory().is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn names_are_unique_per_scope_and_parents_with_children_stay() {
        let cloud = SimulatedCloud::new(LatencyProfile::instant());
        let package = cloud.mediapackage(REGION);
        let missing = package
            .create_channel(&channel("event", Some("CMAF"), None))
            .await
            .unwrap_err();
        assert!(refusal(missing).starts_with("ResourceNotFoundException"));
        package.create_channel_group(&group()).await.unwrap();
        let twice = package.create_channel_group(&group()).await.unwrap_err();
        assert_eq!(
            refusal(twice),
            "ConflictException: channel group live already exists"
        );
        // The same group name in another Region is another group.
        cloud
            .mediapackage("us-west-2")
            .create_channel_group(&group())
            .await
            .unwrap();

        package
            .create_channel(&channel("event", Some("CMAF"), None))
            .await
            .unwrap();
        let twice = package
            .create_channel(&channel("event", Some("CMAF"), None))
            .await
            .unwrap_err();
        assert!(refusal(twice).starts_with("ConflictException"));
        package
            .create_origin_endpoint(&endpoint("event", "hls", false))
            .await
            .unwrap();
        let twice = package
            .create_origin_endpoint(&endpoint("event", "hls", false))
            .await
            .unwrap_err();
        assert!(refusal(twice).starts_with("ConflictException"));

        let busy_group = package.delete_channel_group(&name("live")).await.unwrap_err();
        assert_eq!(
            refusal(busy_group),
            "ConflictException: channel group live still has 1 channels"
        );
        let busy_channel = package
            .delete_channel(&name("live"), &name("event"))
            .await
            .unwrap_err();
        assert_eq!(
            refusal(busy_channel),
            "ConflictException: channel event still has 1 origin endpoints"
        );
        assert!(
            package
                .channel(&name("live"), &name("event"))
                .await
                .unwrap()
                .is_some()
        );

        // Forcing errors needs an epoch-locked channel.
        package
            .create_channel(&channel("unlocked", Some("CMAF"), Some("NON_EPOCH_LOCKED")))
            .await
            .unwrap();
        let refused = package
            .create_origin_endpoint(&endpoint("unlocked", "hls", true))
            .await
            .unwrap_err();
        assert!(refusal(refused).starts_with("ValidationException"));
        assert!(
            package
                .list_origin_endpoints(&name("live"), &name("unlocked"))
                .await
                .unwrap()
                .is_empty()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn policies_are_kept_as_written_and_go_with_their_resource() {
        let cloud = SimulatedCloud::new(LatencyProfile::instant());
        let package = cloud.mediapackage(REGION);
        let (live, event) = (name("live"), name("event"));
        let policy = r#"{ "Version": "2012-10-17", "Statement": [] }"#;
        let absent = package
            .put_channel_policy(&live, &event, policy)
            .await
            .unwrap_err();
        assert!(refusal(absent).starts_with("ResourceNotFoundException"));
        assert_eq!(package.channel_policy(&live, &event).await.unwrap(), None);
        assert!(!package.delete_channel_policy(&live, &event).await.unwrap());

        package.create_channel_group(&group()).await.unwrap();
        package
            .create_channel(&channel("event", Some("CMAF"), None))
            .await
            .unwrap();
        assert_eq!(package.channel_policy(&live, &event).await.unwrap(), None);
        package.put_channel_policy(&live, &event, policy).await.unwrap();
        assert_eq!(
            package.channel_policy(&live, &event).await.unwrap().as_deref(),
            Some(policy)
        );
        assert!(package.delete_channel_policy(&live, &event).await.unwrap());
        assert!(!package.delete_channel_policy(&live, &event).await.unwrap());
        assert_eq!(package.channel_policy(&live, &event).await.unwrap(), None);

        package
            .create_origin_endpoint(&endpoint("event", "hls", false))
            .await
            .unwrap();
        package
            .put_origin_endpoint_policy(&names(), policy)
            .await
            .unwrap();
        assert_eq!(
            package.origin_endpoint_policy(&names()).await.unwrap().as_deref(),
            Some(policy)
        );
        // A policy goes with its endpoint: a new endpoint of the same name starts without one.
        assert!(package.delete_origin_endpoint(&names()).await.unwrap());
        assert_eq!(package.origin_endpoint_policy(&names()).await.unwrap(), None);
        package
            .create_origin_endpoint(&endpoint("event", "hls", false))
            .await
            .unwrap();
        assert_eq!(package.origin_endpoint_policy(&names()).await.unwrap(), None);
        package
            .put_origin_endpoint_policy(&names(), policy)
            .await
            .unwrap();
        assert!(package.delete_origin_endpoint_policy(&names()).await.unwrap());
        assert!(!package.delete_origin_endpoint_policy(&names()).await.unwrap());
    }
}
