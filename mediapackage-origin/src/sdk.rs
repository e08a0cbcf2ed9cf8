//! Conversions to the `aws-sdk-mediapackagev2` Create* inputs.
//!
//! A key kept in a document's `extra` (or a field this crate keeps as raw JSON, such as
//! `Segment.Encryption`) cannot go through the SDK's typed builders: it is an error naming its JSON
//! path, never a silent drop.

use aws_sdk_mediapackagev2::error::BuildError;
use aws_sdk_mediapackagev2::operation::create_channel::CreateChannelInput;
use aws_sdk_mediapackagev2::operation::create_channel_group::CreateChannelGroupInput;
use aws_sdk_mediapackagev2::operation::create_origin_endpoint::CreateOriginEndpointInput;
use aws_sdk_mediapackagev2::types;
use serde_json::{Map, Value};

use crate::document::{Channel, ChannelGroup, HlsManifest, OriginEndpoint, Tags};

/// Why a document could not become an SDK input.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {what}")]
pub struct Error {
    /// The JSON path of the field.
    pub path: String,
    /// What is wrong.
    pub what: &'static str,
    /// The SDK builder's error, when it refused.
    #[source]
    pub source: Option<BuildError>,
}

const NOT_CARRIED: &str =
    "this key is not carried by the typed conversion: remove it or send it with the SDK's builder directly";

fn no_extra(extra: &Map<String, Value>, prefix: &str) -> Result<(), Error> {
    match extra.keys().next() {
        Some(key) => Err(Error {
            path: if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            },
            what: NOT_CARRIED,
            source: None,
        }),
        None => Ok(()),
    }
}

fn built<T>(path: &str, result: Result<T, BuildError>) -> Result<T, Error> {
    result.map_err(|source| Error {
        path: path.to_owned(),
        what: "the SDK refused the value",
        source: Some(source),
    })
}

fn int(path: &str, value: Option<i64>) -> Result<Option<i32>, Error> {
    value
        .map(|v| {
            i32::try_from(v).map_err(|_| Error {
                path: path.to_owned(),
                what: "out of the SDK's 32-bit integer range",
                source: None,
            })
        })
        .transpose()
}

fn tags(tags: Option<&Tags>) -> Option<std::collections::HashMap<String, String>> {
    tags.map(|t| t.to_map().into_iter().collect())
}

impl TryFrom<&ChannelGroup> for CreateChannelGroupInput {
    type Error = Error;

    fn try_from(group: &ChannelGroup) -> Result<Self, Error> {
        no_extra(&group.extra, "")?;
        built(
            "ChannelGroupName",
            CreateChannelGroupInput::builder()
                .channel_group_name(group.channel_group_name.as_str())
                .set_description(group.description.clone())
                .set_tags(tags(group.tags.as_ref()))
                .build(),
        )
    }
}

impl TryFrom<&Channel> for CreateChannelInput {
    type Error = Error;

    fn try_from(channel: &Channel) -> Result<Self, Error> {
        no_extra(&channel.extra, "")?;
        let switching = match &channel.input_switch_configuration {
            Some(config) => {
                no_extra(&config.extra, "InputSwitchConfiguration")?;
                Some(
                    types::InputSwitchConfiguration::builder()
                        .set_mqcs_input_switching(config.mqcs_input_switching)
                        .set_preferred_input(int(
                            "InputSwitchConfiguration.PreferredInput",
                            config.preferred_input,
                        )?)
                        .build(),
                )
            }
            None => None,
        };
        let headers = match &channel.output_header_configuration {
            Some(config) => {
                no_extra(&config.extra, "OutputHeaderConfiguration")?;
                Some(
                    types::OutputHeaderConfiguration::builder()
                        .set_publish_mqcs(config.publish_mqcs)
                        .build(),
                )
            }
            None => None,
        };
        built(
            "ChannelName",
            CreateChannelInput::builder()
                .channel_group_name(channel.channel_group_name.as_str())
                .channel_name(channel.channel_name.as_str())
                .set_description(channel.description.clone())
                .set_input_type(
                    channel
                        .input_type
                        .as_ref()
                        .map(|t| types::InputType::from(t.as_str())),
                )
                .set_output_locking_mode(
                    channel
                        .output_locking_mode
                        .as_ref()
                        .map(|m| types::OutputLockingMode::from(m.as_str())),
                )
                .set_input_switch_configuration(switching)
                .set_output_header_configuration(headers)
                .set_tags(tags(channel.tags.as_ref()))
                .build(),
        )
    }
}

fn hls(manifest: &HlsManifest, path: &str) -> Result<types::CreateHlsManifestConfiguration, Error> {
    no_extra(&manifest.extra, path)?;
    built(
        &format!("{path}.ManifestName"),
        types::CreateHlsManifestConfiguration::builder()
            .manifest_name(manifest.manifest_name.as_str())
            .set_child_manifest_name(
                manifest
                    .child_manifest_name
                    .as_ref()
                    .map(|n| n.as_str().to_owned()),
            )
            .set_manifest_window_seconds(int(
                &format!("{path}.ManifestWindowSeconds"),
                manifest.manifest_window_seconds,
            )?)
            .set_program_date_time_interval_seconds(int(
                &format!("{path}.ProgramDateTimeIntervalSeconds"),
                manifest.program_date_time_interval_seconds,
            )?)
            .build(),
    )
}

fn low_latency(
    manifest: &HlsManifest,
    path: &str,
) -> Result<types::CreateLowLatencyHlsManifestConfiguration, Error> {
    no_extra(&manifest.extra, path)?;
    built(
        &format!("{path}.ManifestName"),
        types::CreateLowLatencyHlsManifestConfiguration::builder()
            .manifest_name(manifest.manifest_name.as_str())
            .set_child_manifest_name(
                manifest
                    .child_manifest_name
                    .as_ref()
                    .map(|n| n.as_str().to_owned()),
            )
            .set_manifest_window_seconds(int(
                &format!("{path}.ManifestWindowSeconds"),
                manifest.manifest_window_seconds,
            )?)
            .set_program_date_time_interval_seconds(int(
                &format!("{path}.ProgramDateTimeIntervalSeconds"),
                manifest.program_date_time_interval_seconds,
            )?)
            .build(),
    )
}

impl TryFrom<&OriginEndpoint> for CreateOriginEndpointInput {
    type Error = Error;

    fn try_from(endpoint: &OriginEndpoint) -> Result<Self, Error> {
        no_extra(&endpoint.extra, "")?;
        let not_carried = |path: &str| Error {
            path: path.to_owned(),
            what: NOT_CARRIED,
            source: None,
        };
        if endpoint.dash_manifests.is_some() {
            return Err(not_carried("DashManifests"));
        }
        if endpoint.mss_manifests.is_some() {
            return Err(not_carried("MssManifests"));
        }
        let segment = match &endpoint.segment {
            Some(segment) => {
                no_extra(&segment.extra, "Segment")?;
                if segment.encryption.is_some() {
                    return Err(not_carried("Segment.Encryption"));
                }
                Some(
                    types::Segment::builder()
                        .set_segment_duration_seconds(int(
                            "Segment.SegmentDurationSeconds",
                            segment.segment_duration_seconds,
                        )?)
                        .set_segment_name(segment.segment_name.clone())
                        .set_include_iframe_only_streams(segment.include_iframe_only_streams)
                        .set_ts_use_audio_rendition_group(segment.ts_use_audio_rendition_group)
                        .set_ts_include_dvb_subtitles(segment.ts_include_dvb_subtitles)
                        .build(),
                )
            }
            None => None,
        };
        let mut hls_manifests = None;
        if let Some(list) = &endpoint.hls_manifests {
            let converted: Result<Vec<_>, Error> = list
                .iter()
                .enumerate()
                .map(|(i, m)| hls(m, &format!("HlsManifests[{i}]")))
                .collect();
            hls_manifests = Some(converted?);
        }
        let mut ll_manifests = None;
        if let Some(list) = &endpoint.low_latency_hls_manifests {
            let converted: Result<Vec<_>, Error> = list
                .iter()
                .enumerate()
                .map(|(i, m)| low_latency(m, &format!("LowLatencyHlsManifests[{i}]")))
                .collect();
            ll_manifests = Some(converted?);
        }
        let force = match &endpoint.force_endpoint_error_configuration {
            Some(config) => {
                no_extra(&config.extra, "ForceEndpointErrorConfiguration")?;
                Some(
                    types::ForceEndpointErrorConfiguration::builder()
                        .set_endpoint_error_conditions(config.endpoint_error_conditions.as_ref().map(|all| {
                            all.iter()
                                .map(|c| types::EndpointErrorCondition::from(c.as_str()))
                                .collect()
                        }))
                        .build(),
                )
            }
            None => None,
        };
        built(
            "OriginEndpointName",
            CreateOriginEndpointInput::builder()
                .channel_group_name(endpoint.channel_group_name.as_str())
                .channel_name(endpoint.channel_name.as_str())
                .origin_endpoint_name(endpoint.origin_endpoint_name.as_str())
                .container_type(types::ContainerType::from(endpoint.container_type.as_str()))
                .set_segment(segment)
                .set_startover_window_seconds(int(
                    "StartoverWindowSeconds",
                    endpoint.startover_window_seconds,
                )?)
                .set_hls_manifests(hls_manifests)
                .set_low_latency_hls_manifests(ll_manifests)
                .set_force_endpoint_error_configuration(force)
                .set_description(endpoint.description.clone())
                .set_tags(tags(endpoint.tags.as_ref()))
                .build(),
        )
    }
}
