//! Conversions to the `aws-sdk-mediapackagev2` Create* inputs (feature `aws-sdk`).
//!
//! The convention, the same in every document crate of this workspace: a document and its SDK form
//! convert with the standard traits, `TryFrom` (or `From` where nothing can fail), and every failure is
//! one [`Error`]: the JSON path of the field, [`What`] is wrong with it, and the cause as its `source`
//! when another library refused it.
//!
//! Here [`ChannelGroup`], [`Channel`] and [`OriginEndpoint`] convert to `CreateChannelGroupInput`,
//! `CreateChannelInput` and `CreateOriginEndpointInput` (`TryFrom`). A key kept in a document's `extra`
//! (or a field this crate keeps as raw JSON, such as `Segment.Encryption`) cannot go through the SDK's
//! typed builders: it is an error naming its JSON path ([`What::NotSent`]), never a silent drop.
//!
//! ```
//! use aws_sdk_mediapackagev2::operation::create_channel_group::CreateChannelGroupInput;
//! use mediapackage_origin::document::ChannelGroup;
//!
//! let group: ChannelGroup = serde_json::from_str(r#"{"ChannelGroupName": "live", "Future": 1}"#)?;
//! let error = CreateChannelGroupInput::try_from(&group).unwrap_err();
//! assert_eq!(error.to_string(), "Future cannot be carried to the AWS SDK: its types have no place for it");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use aws_sdk_mediapackagev2::error::BuildError;
use aws_sdk_mediapackagev2::operation::create_channel::CreateChannelInput;
use aws_sdk_mediapackagev2::operation::create_channel_group::CreateChannelGroupInput;
use aws_sdk_mediapackagev2::operation::create_origin_endpoint::CreateOriginEndpointInput;
use aws_sdk_mediapackagev2::types;
use serde_json::{Map, Value};

use crate::document::{Channel, ChannelGroup, HlsManifest, OriginEndpoint, Tags};

hls_epoch::sdk_error!("HlsManifests[0].StartTag");

fn not_sent(path: impl Into<String>) -> Error {
    Error {
        path: path.into(),
        what: What::NotSent,
        source: None,
    }
}

fn no_extra(extra: &Map<String, Value>, prefix: &str) -> Result<(), Error> {
    match extra.keys().next() {
        Some(key) if prefix.is_empty() => Err(not_sent(key.clone())),
        Some(key) => Err(not_sent(format!("{prefix}.{key}"))),
        None => Ok(()),
    }
}

fn built<T>(path: &str, result: Result<T, BuildError>) -> Result<T, Error> {
    result.map_err(|source| Error {
        path: path.to_owned(),
        what: What::Refused { by: "the AWS SDK" },
        source: Some(Box::new(source)),
    })
}

fn int(path: &str, value: Option<i64>) -> Result<Option<i32>, Error> {
    value
        .map(|v| {
            i32::try_from(v).map_err(|_| Error {
                path: path.to_owned(),
                what: What::Value {
                    value: v.to_string(),
                    allowed: "at most 2147483647 (the SDK's 32-bit integer)".to_owned(),
                },
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

/// An HLS or LL-HLS manifest configuration: the SDK has a builder of each type with the same fields.
macro_rules! manifest {
    ($builder:ty, $manifest:expr, $path:expr) => {{
        let (manifest, path): (&HlsManifest, &str) = ($manifest, $path);
        no_extra(&manifest.extra, path)?;
        built(
            &format!("{path}.ManifestName"),
            <$builder>::default()
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
    }};
}

/// Each manifest of `list`, converted by `convert` with its path.
fn manifests<T>(
    list: Option<&Vec<HlsManifest>>,
    key: &str,
    convert: impl Fn(&HlsManifest, &str) -> Result<T, Error>,
) -> Result<Option<Vec<T>>, Error> {
    list.map(|list| {
        list.iter()
            .enumerate()
            .map(|(i, m)| convert(m, &format!("{key}[{i}]")))
            .collect()
    })
    .transpose()
}

impl TryFrom<&OriginEndpoint> for CreateOriginEndpointInput {
    type Error = Error;

    fn try_from(endpoint: &OriginEndpoint) -> Result<Self, Error> {
        no_extra(&endpoint.extra, "")?;
        if endpoint.dash_manifests.is_some() {
            return Err(not_sent("DashManifests"));
        }
        if endpoint.mss_manifests.is_some() {
            return Err(not_sent("MssManifests"));
        }
        let segment = match &endpoint.segment {
            Some(segment) => {
                no_extra(&segment.extra, "Segment")?;
                if segment.encryption.is_some() {
                    return Err(not_sent("Segment.Encryption"));
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
        let hls_manifests = manifests(endpoint.hls_manifests.as_ref(), "HlsManifests", |m, path| {
            manifest!(types::builders::CreateHlsManifestConfigurationBuilder, m, path)
        })?;
        let ll_manifests = manifests(
            endpoint.low_latency_hls_manifests.as_ref(),
            "LowLatencyHlsManifests",
            |m, path| {
                manifest!(
                    types::builders::CreateLowLatencyHlsManifestConfigurationBuilder,
                    m,
                    path
                )
            },
        )?;
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
