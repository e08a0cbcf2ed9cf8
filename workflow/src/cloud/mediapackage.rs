//! MediaPackage v2 in one Region: the channel group, its channel, the channel's origin endpoint and
//! their resource policies.
//!
//! Requests take `mediapackage-origin`'s documents and names as they are; replies keep what the
//! workflow records or compares with the plan (adopting by name refuses a resource whose immutable
//! settings differ from the plan's).

use std::future::Future;

use mediapackage_origin::{
    ContainerType, EndpointErrorCondition, IngestEndpoint, InputType, ManifestName, OriginNames,
    ResourceName, document,
};
use origin_failover::origin_kind::EgressDomain;

use super::Result;

/// A channel group as `CreateChannelGroup`/`GetChannelGroup`/`ListChannelGroups` report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelGroup {
    /// Its name.
    pub name: ResourceName,
    /// Its ARN.
    pub arn: String,
    /// The domain its endpoints serve on (`None` only in `ListChannelGroups` replies that omit it).
    pub egress_domain: Option<EgressDomain>,
}

/// A channel as `CreateChannel`/`GetChannel`/`ListChannels` report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    /// Its group.
    pub group: ResourceName,
    /// Its name.
    pub name: ResourceName,
    /// Its ARN.
    pub arn: String,
    /// What it ingests (immutable); `None` where a reply leaves it out.
    pub input_type: Option<InputType>,
    /// Its two CMAF ingest endpoints, where the reply lists them; empty for a channel of another
    /// input type (an HLS channel's ingest URLs are of another shape).
    pub ingest_endpoints: Vec<IngestEndpoint>,
}

/// An origin endpoint as `CreateOriginEndpoint`/`GetOriginEndpoint`/`ListOriginEndpoints` report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginEndpoint {
    /// The group, channel and endpoint names.
    pub names: OriginNames,
    /// Its ARN.
    pub arn: String,
    /// Its container (immutable).
    pub container_type: ContainerType,
    /// The URLs of its HLS manifests, on the group's egress domain.
    pub hls_manifest_urls: Vec<String>,
    /// Its settings, where the reply carries them (`GetOriginEndpoint`, `CreateOriginEndpoint`;
    /// not `ListOriginEndpoints`).
    pub settings: Option<EndpointSettings>,
}

/// The settings of an origin endpoint that the viewer's stream and failover depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointSettings {
    /// `Segment.SegmentDurationSeconds`.
    pub segment_duration_seconds: Option<i64>,
    /// `StartoverWindowSeconds`.
    pub startover_window_seconds: Option<i64>,
    /// Each HLS manifest's name and `ManifestWindowSeconds`.
    pub hls_manifests: Vec<(ManifestName, Option<i64>)>,
    /// `ForceEndpointErrorConfiguration.EndpointErrorConditions`.
    pub force_error_conditions: Vec<EndpointErrorCondition>,
}

impl EndpointSettings {
    /// The settings a document asks for.
    pub fn of(endpoint: &document::OriginEndpoint) -> EndpointSettings {
        EndpointSettings {
            segment_duration_seconds: endpoint.segment.as_ref().and_then(|s| s.segment_duration_seconds),
            startover_window_seconds: endpoint.startover_window_seconds,
            hls_manifests: endpoint
                .hls_manifests
                .iter()
                .flatten()
                .map(|manifest| (manifest.manifest_name.clone(), manifest.manifest_window_seconds))
                .collect(),
            force_error_conditions: endpoint
                .force_endpoint_error_configuration
                .as_ref()
                .and_then(|c| c.endpoint_error_conditions.clone())
                .unwrap_or_default(),
        }
    }

    /// Each setting of `self` (what exists) that differs from `planned`, as `field: found X,
    /// planned Y`. A setting the plan leaves to MediaPackage's default is not compared; the
    /// force-error conditions are compared as a set.
    pub fn differences(&self, planned: &EndpointSettings) -> Vec<String> {
        // A setting the plan leaves to MediaPackage's default (`None`) is not compared.
        let differs = |field: &str, found: Option<i64>, wanted: Option<i64>| {
            let wanted = wanted.filter(|wanted| found != Some(*wanted))?;
            let found = found.map_or_else(|| "none".to_owned(), |v| v.to_string());
            Some(format!("{field}: found {found}, planned {wanted}"))
        };
        let mut differences: Vec<String> = [
            differs(
                "Segment.SegmentDurationSeconds",
                self.segment_duration_seconds,
                planned.segment_duration_seconds,
            ),
            differs(
                "StartoverWindowSeconds",
                self.startover_window_seconds,
                planned.startover_window_seconds,
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        for (name, window) in &planned.hls_manifests {
            match self.hls_manifests.iter().find(|(found, _)| found == name) {
                Some((_, found)) => differences.extend(differs(
                    &format!("HlsManifests[{}].ManifestWindowSeconds", name.as_str()),
                    *found,
                    *window,
                )),
                None => differences.push(format!("HlsManifests: no manifest {:?}, planned", name.as_str())),
            }
        }
        let names = |conditions: &[EndpointErrorCondition]| {
            let mut names: Vec<String> = conditions.iter().map(ToString::to_string).collect();
            names.sort();
            names.dedup();
            names
        };
        let (found, wanted) = (
            names(&self.force_error_conditions),
            names(&planned.force_error_conditions),
        );
        if found != wanted {
            differences.push(format!(
                "ForceEndpointErrorConfiguration.EndpointErrorConditions: found [{}], planned [{}]",
                found.join(", "),
                wanted.join(", ")
            ));
        }
        differences
    }
}

/// MediaPackage v2 in one Region.
pub trait MediaPackage: Send + Sync {
    /// `GetChannelGroup`; `None` when there is no such group.
    fn channel_group(&self, name: &ResourceName)
    -> impl Future<Output = Result<Option<ChannelGroup>>> + Send;
    /// `ListChannelGroups` (every page).
    fn list_channel_groups(&self) -> impl Future<Output = Result<Vec<ChannelGroup>>> + Send;
    /// `CreateChannelGroup`.
    fn create_channel_group(
        &self,
        group: &document::ChannelGroup,
    ) -> impl Future<Output = Result<ChannelGroup>> + Send;
    /// `DeleteChannelGroup` (it must have no channels); false when it did not exist.
    fn delete_channel_group(&self, name: &ResourceName) -> impl Future<Output = Result<bool>> + Send;

    /// `GetChannel`; `None` when there is no such channel.
    fn channel(
        &self,
        group: &ResourceName,
        name: &ResourceName,
    ) -> impl Future<Output = Result<Option<Channel>>> + Send;
    /// `ListChannels` of a group (every page); empty when the group does not exist.
    fn list_channels(&self, group: &ResourceName) -> impl Future<Output = Result<Vec<Channel>>> + Send;
    /// `CreateChannel`.
    fn create_channel(&self, channel: &document::Channel) -> impl Future<Output = Result<Channel>> + Send;
    /// `DeleteChannel` (it must have no origin endpoints); false when it did not exist.
    fn delete_channel(
        &self,
        group: &ResourceName,
        name: &ResourceName,
    ) -> impl Future<Output = Result<bool>> + Send;
    /// `GetChannelPolicy`; `None` when none is set.
    fn channel_policy(
        &self,
        group: &ResourceName,
        channel: &ResourceName,
    ) -> impl Future<Output = Result<Option<String>>> + Send;
    /// `PutChannelPolicy`.
    fn put_channel_policy(
        &self,
        group: &ResourceName,
        channel: &ResourceName,
        policy: &str,
    ) -> impl Future<Output = Result<()>> + Send;
    /// `DeleteChannelPolicy`; false when none was set.
    fn delete_channel_policy(
        &self,
        group: &ResourceName,
        channel: &ResourceName,
    ) -> impl Future<Output = Result<bool>> + Send;

    /// `GetOriginEndpoint`; `None` when there is no such endpoint.
    fn origin_endpoint(
        &self,
        names: &OriginNames,
    ) -> impl Future<Output = Result<Option<OriginEndpoint>>> + Send;
    /// `ListOriginEndpoints` of a channel (every page); empty when the channel does not exist.
    fn list_origin_endpoints(
        &self,
        group: &ResourceName,
        channel: &ResourceName,
    ) -> impl Future<Output = Result<Vec<OriginEndpoint>>> + Send;
    /// `CreateOriginEndpoint`.
    fn create_origin_endpoint(
        &self,
        endpoint: &document::OriginEndpoint,
    ) -> impl Future<Output = Result<OriginEndpoint>> + Send;
    /// `DeleteOriginEndpoint`; false when it did not exist.
    fn delete_origin_endpoint(&self, names: &OriginNames) -> impl Future<Output = Result<bool>> + Send;
    /// `GetOriginEndpointPolicy`; `None` when none is set.
    fn origin_endpoint_policy(
        &self,
        names: &OriginNames,
    ) -> impl Future<Output = Result<Option<String>>> + Send;
    /// `PutOriginEndpointPolicy`.
    fn put_origin_endpoint_policy(
        &self,
        names: &OriginNames,
        policy: &str,
    ) -> impl Future<Output = Result<()>> + Send;
    /// `DeleteOriginEndpointPolicy`; false when none was set.
    fn delete_origin_endpoint_policy(&self, names: &OriginNames)
    -> impl Future<Output = Result<bool>> + Send;
}

/// The names a MediaPackage v2 ARN holds:
/// `arn:<partition>:mediapackagev2:<region>:<account>:channelGroup/<group>[/channel/<channel>[/originEndpoint/<endpoint>]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnNames {
    /// The channel group.
    pub group: ResourceName,
    /// The channel, in a channel's or an endpoint's ARN.
    pub channel: Option<ResourceName>,
    /// The origin endpoint, in an endpoint's ARN.
    pub endpoint: Option<ResourceName>,
}

impl ArnNames {
    /// Reads a MediaPackage v2 ARN; `None` when it is not one.
    pub fn parse(arn: &str) -> Option<ArnNames> {
        let mut fields = arn.splitn(6, ':');
        let (Some("arn"), Some(_), Some("mediapackagev2")) = (fields.next(), fields.next(), fields.next())
        else {
            return None;
        };
        let resource = fields.nth(2)?;
        let parts: Vec<&str> = resource.split('/').collect();
        let name = |text: &str| ResourceName::new(text).ok();
        match parts.as_slice() {
            ["channelGroup", group] => Some(ArnNames {
                group: name(group)?,
                channel: None,
                endpoint: None,
            }),
            ["channelGroup", group, "channel", channel] => Some(ArnNames {
                group: name(group)?,
                channel: Some(name(channel)?),
                endpoint: None,
            }),
            [
                "channelGroup",
                group,
                "channel",
                channel,
                "originEndpoint",
                endpoint,
            ] => Some(ArnNames {
                group: name(group)?,
                channel: Some(name(channel)?),
                endpoint: Some(name(endpoint)?),
            }),
            _ => None,
        }
    }

    /// The group, channel and endpoint names of an endpoint's ARN.
    pub fn origin_names(&self) -> Option<OriginNames> {
        Some(OriginNames {
            group: self.group.clone(),
            channel: self.channel.clone()?,
            endpoint: self.endpoint.clone()?,
        })
    }
}

/// A MediaPackage v2 ARN recorded in the state file that does not hold the names its resource
/// needs, for `operation` in `region`: the error names the field, the value and what is allowed.
pub fn not_an_arn(operation: &'static str, region: &str, arn: &str) -> super::Error {
    super::Error::Invalid {
        operation,
        region: region.to_owned(),
        field: "MediaPackage ARN in the state file",
        source: format!(
            "{arn:?} is not allowed: expected arn:<partition>:mediapackagev2:<region>:<account>:channelGroup/<group>\
             [/channel/<channel>[/originEndpoint/<endpoint>]], with the names the resource has"
        )
        .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_give_their_names() {
        let endpoint = ArnNames::parse(
            "arn:aws:mediapackagev2:us-east-1:000011112222:channelGroup/live/channel/event/originEndpoint/hls",
        )
        .unwrap();
        assert_eq!(endpoint.origin_names().unwrap().endpoint.as_str(), "hls");
        let channel =
            ArnNames::parse("arn:aws:mediapackagev2:us-east-1:000011112222:channelGroup/live/channel/event")
                .unwrap();
        assert_eq!(channel.channel.as_ref().map(ResourceName::as_str), Some("event"));
        assert_eq!(channel.origin_names(), None);
        let group =
            ArnNames::parse("arn:aws:mediapackagev2:us-east-1:000011112222:channelGroup/live").unwrap();
        assert_eq!(group.group.as_str(), "live");
        assert_eq!(
            ArnNames::parse("arn:aws:mediastore:us-east-1:000011112222:container/live"),
            None
        );
        assert_eq!(
            ArnNames::parse("arn:aws:mediapackagev2:us-east-1:0:channelGroup/a/b"),
            None
        );
    }

    fn settings(segment: i64, window: i64, conditions: &[EndpointErrorCondition]) -> EndpointSettings {
        EndpointSettings {
            segment_duration_seconds: Some(segment),
            startover_window_seconds: None,
            hls_manifests: vec![(ManifestName::new("index").unwrap(), Some(window))],
            force_error_conditions: conditions.to_vec(),
        }
    }

    #[test]
    fn differences_name_the_field_what_was_found_and_what_was_planned() {
        use EndpointErrorCondition::{IncompleteManifest, StaleManifest};
        let planned = settings(6, 60, &[StaleManifest, IncompleteManifest]);
        // The same conditions in another order are the same set.
        assert!(
            settings(6, 60, &[IncompleteManifest, StaleManifest])
                .differences(&planned)
                .is_empty()
        );
        let found = settings(4, 30, &[StaleManifest]);
        assert_eq!(
            found.differences(&planned),
            [
                "Segment.SegmentDurationSeconds: found 4, planned 6",
                "HlsManifests[index].ManifestWindowSeconds: found 30, planned 60",
                "ForceEndpointErrorConfiguration.EndpointErrorConditions: found [STALE_MANIFEST], planned [INCOMPLETE_MANIFEST, STALE_MANIFEST]",
            ]
        );
        // A setting the plan leaves to MediaPackage is not compared; a missing manifest is named.
        let mut unplanned = planned.clone();
        unplanned.segment_duration_seconds = None;
        unplanned
            .hls_manifests
            .push((ManifestName::new("extra").unwrap(), None));
        assert_eq!(
            found.differences(&unplanned),
            [
                "HlsManifests[index].ManifestWindowSeconds: found 30, planned 60",
                "HlsManifests: no manifest \"extra\", planned",
                "ForceEndpointErrorConfiguration.EndpointErrorConditions: found [STALE_MANIFEST], planned [INCOMPLETE_MANIFEST, STALE_MANIFEST]",
            ]
        );
    }
}
