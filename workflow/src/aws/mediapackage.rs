//! MediaPackage v2 on AWS.
//!
//! Requests are `mediapackage-origin`'s documents converted by its `sdk` module; every field of the
//! converted input is sent. Replies are read into the port's types: names, the egress domain and
//! the ingest endpoints are checked on the way in, so a value of the wrong shape is an error naming
//! the call and the field, never a string passed on.

use aws_sdk_mediapackagev2::operation::create_channel::CreateChannelInput;
use aws_sdk_mediapackagev2::operation::create_channel_group::CreateChannelGroupInput;
use aws_sdk_mediapackagev2::operation::create_origin_endpoint::CreateOriginEndpointInput;
use aws_sdk_mediapackagev2::types;
use mediapackage_origin::{
    ContainerType, EndpointErrorCondition, IngestEndpoint, InputType, ManifestName, OriginNames,
    ResourceName, document,
};
use origin_failover::origin_kind::EgressDomain;

use super::{AwsCloud, Reply, document_error};
use crate::cloud::mediapackage::{Channel, ChannelGroup, EndpointSettings, MediaPackage, OriginEndpoint};
use crate::cloud::{InRegion, Result};

/// Where a reply keeps a resource's fields: at the top (Create*, Get*) or in `Items[]` (List*).
#[derive(Clone, Copy)]
struct Fields {
    group: &'static str,
    channel: &'static str,
    endpoint: &'static str,
    arn: &'static str,
    egress_domain: &'static str,
    input_type: &'static str,
    ingest_endpoints: &'static str,
    ingest_endpoint_id: &'static str,
    ingest_endpoint_url: &'static str,
    container_type: &'static str,
    manifest_url: &'static str,
}

const TOP: Fields = Fields {
    group: "ChannelGroupName",
    channel: "ChannelName",
    endpoint: "OriginEndpointName",
    arn: "Arn",
    egress_domain: "EgressDomain",
    input_type: "InputType",
    ingest_endpoints: "IngestEndpoints[]",
    ingest_endpoint_id: "IngestEndpoints[].Id",
    ingest_endpoint_url: "IngestEndpoints[].Url",
    container_type: "ContainerType",
    manifest_url: "HlsManifests[].Url",
};

const ITEMS: Fields = Fields {
    group: "Items[].ChannelGroupName",
    channel: "Items[].ChannelName",
    endpoint: "Items[].OriginEndpointName",
    arn: "Items[].Arn",
    egress_domain: "Items[].EgressDomain",
    input_type: "Items[].InputType",
    ingest_endpoints: "Items[].IngestEndpoints[]",
    ingest_endpoint_id: "Items[].IngestEndpoints[].Id",
    ingest_endpoint_url: "Items[].IngestEndpoints[].Url",
    container_type: "Items[].ContainerType",
    manifest_url: "Items[].HlsManifests[].Url",
};

fn name(reply: Reply<'_>, value: &str, field: &'static str) -> Result<ResourceName> {
    ResourceName::new(reply.required(value, field)?).map_err(|source| reply.invalid(field, source))
}

fn arn(reply: Reply<'_>, value: &str, field: &'static str) -> Result<String> {
    reply.required(value, field).map(str::to_owned)
}

/// A channel group from its reply's fields; `egress_domain` is `None` where the reply has no such
/// field (`ListChannelGroups`), and required where it has one.
fn group_from(
    reply: Reply<'_>,
    fields: Fields,
    group: &str,
    group_arn: &str,
    egress_domain: Option<&str>,
) -> Result<ChannelGroup> {
    let egress_domain = egress_domain
        .map(|domain| {
            EgressDomain::new(reply.required(domain, fields.egress_domain)?)
                .map_err(|source| reply.invalid(fields.egress_domain, source))
        })
        .transpose()?;
    Ok(ChannelGroup {
        name: name(reply, group, fields.group)?,
        arn: arn(reply, group_arn, fields.arn)?,
        egress_domain,
    })
}

/// The fields of a channel reply.
struct ChannelReply<'r> {
    group: &'r str,
    name: &'r str,
    arn: &'r str,
    input_type: Option<&'r types::InputType>,
    ingest_endpoints: &'r [types::IngestEndpoint],
}

fn channel_from(reply: Reply<'_>, fields: Fields, channel: ChannelReply<'_>) -> Result<Channel> {
    let input_type = channel
        .input_type
        .map(|input_type| {
            reply
                .required(input_type.as_str(), fields.input_type)
                .map(InputType::from)
        })
        .transpose()?;
    // Only a CMAF channel's ingest URLs are CMAF Ingest destinations (ending in `/`); an HLS
    // channel's end in `/index` and are not what a MediaLive CMAF Ingest group writes to.
    let ingest_endpoints = if input_type == Some(InputType::Cmaf) {
        channel
            .ingest_endpoints
            .iter()
            .map(|endpoint| {
                let id = reply.field(endpoint.id(), fields.ingest_endpoint_id)?;
                let url = reply.field(endpoint.url(), fields.ingest_endpoint_url)?;
                IngestEndpoint::parse(id, url)
                    .map_err(|source| reply.invalid(fields.ingest_endpoints, source))
            })
            .collect::<Result<_>>()?
    } else {
        Vec::new()
    };
    Ok(Channel {
        group: name(reply, channel.group, fields.group)?,
        name: name(reply, channel.name, fields.channel)?,
        arn: arn(reply, channel.arn, fields.arn)?,
        input_type,
        ingest_endpoints,
    })
}

/// The fields of an origin endpoint reply; `manifest_urls` as the reply gives them (`None` for a
/// manifest without one).
struct EndpointReply<'r> {
    group: &'r str,
    channel: &'r str,
    endpoint: &'r str,
    arn: &'r str,
    container_type: &'r types::ContainerType,
    manifest_urls: Vec<Option<&'r str>>,
    settings: Option<EndpointSettings>,
}

fn endpoint_from(reply: Reply<'_>, fields: Fields, endpoint: EndpointReply<'_>) -> Result<OriginEndpoint> {
    let hls_manifest_urls = endpoint
        .manifest_urls
        .into_iter()
        .map(|url| {
            reply
                .required(url.unwrap_or_default(), fields.manifest_url)
                .map(str::to_owned)
        })
        .collect::<Result<_>>()?;
    Ok(OriginEndpoint {
        names: OriginNames {
            group: name(reply, endpoint.group, fields.group)?,
            channel: name(reply, endpoint.channel, fields.channel)?,
            endpoint: name(reply, endpoint.endpoint, fields.endpoint)?,
        },
        arn: arn(reply, endpoint.arn, fields.arn)?,
        container_type: ContainerType::from(
            reply.required(endpoint.container_type.as_str(), fields.container_type)?,
        ),
        hls_manifest_urls,
        settings: endpoint.settings,
    })
}

/// The fields of a `GetChannel` or `CreateChannel` reply, ingest endpoints included: the SDK gives
/// the two operations distinct output types with the same accessors.
macro_rules! full_channel_reply {
    ($output:expr) => {{
        let output = &$output;
        ChannelReply {
            group: output.channel_group_name(),
            name: output.channel_name(),
            arn: output.arn(),
            input_type: output.input_type(),
            ingest_endpoints: output.ingest_endpoints(),
        }
    }};
}

/// The fields of a `GetOriginEndpoint` or `CreateOriginEndpoint` reply, settings included: the SDK
/// gives the two operations distinct output types with the same accessors.
macro_rules! full_endpoint_reply {
    ($output:expr) => {{
        let output = &$output;
        EndpointReply {
            group: output.channel_group_name(),
            channel: output.channel_name(),
            endpoint: output.origin_endpoint_name(),
            arn: output.arn(),
            container_type: output.container_type(),
            manifest_urls: output.hls_manifests().iter().map(|m| Some(m.url())).collect(),
            settings: Some(settings_from(
                output.segment(),
                output.startover_window_seconds(),
                output
                    .hls_manifests()
                    .iter()
                    .map(|m| (m.manifest_name(), m.manifest_window_seconds())),
                output.force_endpoint_error_configuration(),
            )),
        }
    }};
}

/// An endpoint's settings from the parts of a `GetOriginEndpoint` or `CreateOriginEndpoint`
/// reply (a manifest name MediaPackage reports is one it accepted, so it reads back).
fn settings_from<'r>(
    segment: Option<&types::Segment>,
    startover_window_seconds: Option<i32>,
    manifests: impl Iterator<Item = (&'r str, Option<i32>)>,
    force_errors: Option<&types::ForceEndpointErrorConfiguration>,
) -> EndpointSettings {
    let hls_manifests = manifests
        .filter_map(|(name, window)| {
            let name = ManifestName::new(name).ok()?;
            Some((name, window.map(i64::from)))
        })
        .collect();
    EndpointSettings {
        segment_duration_seconds: segment.and_then(|s| s.segment_duration_seconds()).map(i64::from),
        startover_window_seconds: startover_window_seconds.map(i64::from),
        hls_manifests,
        force_error_conditions: force_errors
            .map(|c| {
                c.endpoint_error_conditions()
                    .iter()
                    .map(|condition| EndpointErrorCondition::from(condition.as_str()))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

impl MediaPackage for InRegion<'_, AwsCloud> {
    async fn channel_group(&self, group: &ResourceName) -> Result<Option<ChannelGroup>> {
        let reply = self.reply("mediapackagev2:GetChannelGroup");
        let client = &self.clients(reply)?.mediapackage;
        let sent = client
            .get_channel_group()
            .channel_group_name(group.as_str())
            .send()
            .await;
        reply
            .found(sent)?
            .map(|output| {
                group_from(
                    reply,
                    TOP,
                    output.channel_group_name(),
                    output.arn(),
                    Some(output.egress_domain()),
                )
            })
            .transpose()
    }

    async fn list_channel_groups(&self) -> Result<Vec<ChannelGroup>> {
        let reply = self.reply("mediapackagev2:ListChannelGroups");
        let groups = self
            .clients(reply)?
            .mediapackage
            .list_channel_groups()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|error| reply.failed(error))?;
        groups
            .iter()
            .map(|group| group_from(reply, ITEMS, group.channel_group_name(), group.arn(), None))
            .collect()
    }

    async fn create_channel_group(&self, group: &document::ChannelGroup) -> Result<ChannelGroup> {
        let reply = self.reply("mediapackagev2:CreateChannelGroup");
        let input = CreateChannelGroupInput::try_from(group)
            .map_err(|error| document_error("channel group", error))?;
        let output = self
            .clients(reply)?
            .mediapackage
            .create_channel_group()
            .set_channel_group_name(input.channel_group_name)
            .set_client_token(input.client_token)
            .set_description(input.description)
            .set_tags(input.tags)
            .send()
            .await
            .map_err(|error| reply.failed(error))?;
        group_from(
            reply,
            TOP,
            output.channel_group_name(),
            output.arn(),
            Some(output.egress_domain()),
        )
    }

    async fn delete_channel_group(&self, group: &ResourceName) -> Result<bool> {
        let reply = self.reply("mediapackagev2:DeleteChannelGroup");
        let client = &self.clients(reply)?.mediapackage;
        let sent = client
            .delete_channel_group()
            .channel_group_name(group.as_str())
            .send()
            .await;
        Ok(reply.found(sent)?.is_some())
    }

    async fn channel(&self, group: &ResourceName, channel: &ResourceName) -> Result<Option<Channel>> {
        let reply = self.reply("mediapackagev2:GetChannel");
        let client = &self.clients(reply)?.mediapackage;
        let sent = client
            .get_channel()
            .channel_group_name(group.as_str())
            .channel_name(channel.as_str())
            .send()
            .await;
        reply
            .found(sent)?
            .map(|output| channel_from(reply, TOP, full_channel_reply!(output)))
            .transpose()
    }

    async fn list_channels(&self, group: &ResourceName) -> Result<Vec<Channel>> {
        let reply = self.reply("mediapackagev2:ListChannels");
        let listed = self
            .clients(reply)?
            .mediapackage
            .list_channels()
            .channel_group_name(group.as_str())
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await;
        let Some(channels) = reply.found(listed)? else {
            return Ok(Vec::new());
        };
        channels
            .iter()
            .map(|channel| {
                channel_from(
                    reply,
                    ITEMS,
                    ChannelReply {
                        group: channel.channel_group_name(),
                        name: channel.channel_name(),
                        arn: channel.arn(),
                        input_type: channel.input_type(),
                        // `ListChannels` does not list ingest endpoints.
                        ingest_endpoints: &[],
                    },
                )
            })
            .collect()
    }

    async fn create_channel(&self, channel: &document::Channel) -> Result<Channel> {
        let reply = self.reply("mediapackagev2:CreateChannel");
        let input =
            CreateChannelInput::try_from(channel).map_err(|error| document_error("channel", error))?;
        let output = self
            .clients(reply)?
            .mediapackage
            .create_channel()
            .set_channel_group_name(input.channel_group_name)
            .set_channel_name(input.channel_name)
            .set_client_token(input.client_token)
            .set_input_type(input.input_type)
            .set_description(input.description)
            .set_input_switch_configuration(input.input_switch_configuration)
            .set_output_header_configuration(input.output_header_configuration)
            .set_multiview_configuration(input.multiview_configuration)
            .set_output_locking_mode(input.output_locking_mode)
            .set_tags(input.tags)
            .send()
            .await
            .map_err(|error| reply.failed(error))?;
        channel_from(reply, TOP, full_channel_reply!(output))
    }

    async fn delete_channel(&self, group: &ResourceName, channel: &ResourceName) -> Result<bool> {
        let reply = self.reply("mediapackagev2:DeleteChannel");
        let client = &self.clients(reply)?.mediapackage;
        let sent = client
            .delete_channel()
            .channel_group_name(group.as_str())
            .channel_name(channel.as_str())
            .send()
            .await;
        Ok(reply.found(sent)?.is_some())
    }

    async fn channel_policy(&self, group: &ResourceName, channel: &ResourceName) -> Result<Option<String>> {
        let reply = self.reply("mediapackagev2:GetChannelPolicy");
        let client = &self.clients(reply)?.mediapackage;
        let sent = client
            .get_channel_policy()
            .channel_group_name(group.as_str())
            .channel_name(channel.as_str())
            .send()
            .await;
        reply
            .found(sent)?
            .map(|output| reply.required(output.policy(), "Policy").map(str::to_owned))
            .transpose()
    }

    async fn put_channel_policy(
        &self,
        group: &ResourceName,
        channel: &ResourceName,
        policy: &str,
    ) -> Result<()> {
        let reply = self.reply("mediapackagev2:PutChannelPolicy");
        self.clients(reply)?
            .mediapackage
            .put_channel_policy()
            .channel_group_name(group.as_str())
            .channel_name(channel.as_str())
            .policy(policy)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| reply.failed(error))
    }

    async fn delete_channel_policy(&self, group: &ResourceName, channel: &ResourceName) -> Result<bool> {
        let reply = self.reply("mediapackagev2:DeleteChannelPolicy");
        let client = &self.clients(reply)?.mediapackage;
        let sent = client
            .delete_channel_policy()
            .channel_group_name(group.as_str())
            .channel_name(channel.as_str())
            .send()
            .await;
        Ok(reply.found(sent)?.is_some())
    }

    async fn origin_endpoint(&self, names: &OriginNames) -> Result<Option<OriginEndpoint>> {
        let reply = self.reply("mediapackagev2:GetOriginEndpoint");
        let client = &self.clients(reply)?.mediapackage;
        let sent = client
            .get_origin_endpoint()
            .channel_group_name(names.group.as_str())
            .channel_name(names.channel.as_str())
            .origin_endpoint_name(names.endpoint.as_str())
            .send()
            .await;
        reply
            .found(sent)?
            .map(|output| endpoint_from(reply, TOP, full_endpoint_reply!(output)))
            .transpose()
    }

    async fn list_origin_endpoints(
        &self,
        group: &ResourceName,
        channel: &ResourceName,
    ) -> Result<Vec<OriginEndpoint>> {
        let reply = self.reply("mediapackagev2:ListOriginEndpoints");
        let listed = self
            .clients(reply)?
            .mediapackage
            .list_origin_endpoints()
            .channel_group_name(group.as_str())
            .channel_name(channel.as_str())
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await;
        let Some(endpoints) = reply.found(listed)? else {
            return Ok(Vec::new());
        };
        endpoints
            .iter()
            .map(|endpoint| {
                endpoint_from(
                    reply,
                    ITEMS,
                    EndpointReply {
                        group: endpoint.channel_group_name(),
                        channel: endpoint.channel_name(),
                        endpoint: endpoint.origin_endpoint_name(),
                        arn: endpoint.arn(),
                        container_type: endpoint.container_type(),
                        manifest_urls: endpoint.hls_manifests().iter().map(|m| m.url()).collect(),
                        settings: None,
                    },
                )
            })
            .collect()
    }

    async fn create_origin_endpoint(&self, endpoint: &document::OriginEndpoint) -> Result<OriginEndpoint> {
        let reply = self.reply("mediapackagev2:CreateOriginEndpoint");
        let input = CreateOriginEndpointInput::try_from(endpoint)
            .map_err(|error| document_error("origin endpoint", error))?;
        let output = self
            .clients(reply)?
            .mediapackage
            .create_origin_endpoint()
            .set_channel_group_name(input.channel_group_name)
            .set_channel_name(input.channel_name)
            .set_origin_endpoint_name(input.origin_endpoint_name)
            .set_container_type(input.container_type)
            .set_segment(input.segment)
            .set_client_token(input.client_token)
            .set_description(input.description)
            .set_startover_window_seconds(input.startover_window_seconds)
            .set_hls_manifests(input.hls_manifests)
            .set_low_latency_hls_manifests(input.low_latency_hls_manifests)
            .set_dash_manifests(input.dash_manifests)
            .set_mss_manifests(input.mss_manifests)
            .set_force_endpoint_error_configuration(input.force_endpoint_error_configuration)
            .set_uri_separator(input.uri_separator)
            .set_stream_name_output_mode(input.stream_name_output_mode)
            .set_tags(input.tags)
            .send()
            .await
            .map_err(|error| reply.failed(error))?;
        endpoint_from(reply, TOP, full_endpoint_reply!(output))
    }

    async fn delete_origin_endpoint(&self, names: &OriginNames) -> Result<bool> {
        let reply = self.reply("mediapackagev2:DeleteOriginEndpoint");
        let client = &self.clients(reply)?.mediapackage;
        let sent = client
            .delete_origin_endpoint()
            .channel_group_name(names.group.as_str())
            .channel_name(names.channel.as_str())
            .origin_endpoint_name(names.endpoint.as_str())
            .send()
            .await;
        Ok(reply.found(sent)?.is_some())
    }

    async fn origin_endpoint_policy(&self, names: &OriginNames) -> Result<Option<String>> {
        let reply = self.reply("mediapackagev2:GetOriginEndpointPolicy");
        let client = &self.clients(reply)?.mediapackage;
        let sent = client
            .get_origin_endpoint_policy()
            .channel_group_name(names.group.as_str())
            .channel_name(names.channel.as_str())
            .origin_endpoint_name(names.endpoint.as_str())
            .send()
            .await;
        reply
            .found(sent)?
            .map(|output| reply.required(output.policy(), "Policy").map(str::to_owned))
            .transpose()
    }

    async fn put_origin_endpoint_policy(&self, names: &OriginNames, policy: &str) -> Result<()> {
        let reply = self.reply("mediapackagev2:PutOriginEndpointPolicy");
        self.clients(reply)?
            .mediapackage
            .put_origin_endpoint_policy()
            .channel_group_name(names.group.as_str())
            .channel_name(names.channel.as_str())
            .origin_endpoint_name(names.endpoint.as_str())
            .policy(policy)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| reply.failed(error))
    }

    async fn delete_origin_endpoint_policy(&self, names: &OriginNames) -> Result<bool> {
        let reply = self.reply("mediapackagev2:DeleteOriginEndpointPolicy");
        let client = &self.clients(reply)?.mediapackage;
        let sent = client
            .delete_origin_endpoint_policy()
            .channel_group_name(names.group.as_str())
            .channel_name(names.channel.as_str())
            .origin_endpoint_name(names.endpoint.as_str())
            .send()
            .await;
        Ok(reply.found(sent)?.is_some())
    }
}
