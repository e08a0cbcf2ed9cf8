//! Conversions to and from the AWS SDK's MediaLive and MediaConnect types (feature `aws-sdk`).
//!
//! The convention, the same in every document crate of this workspace: a document and its SDK form
//! convert with the standard traits, `TryFrom` (or `From` where nothing can fail) in both directions,
//! and every failure is one [`Error`]: the JSON path of the field, [`What`] is wrong with it, and the
//! cause as its `source` when another library refused it.
//!
//! Here:
//! - [`Channel`] -> `CreateChannelInput`, and back from `CreateChannelInput` and from a `DescribeChannel`
//!   reply (`DescribeChannelOutput`).
//! - [`input::CreateInput`](crate::input::CreateInput) -> `CreateInputInput`.
//! - [`schedule::PauseStateAction`](crate::schedule::PauseStateAction) -> `ScheduleAction` and
//!   `BatchScheduleActionCreateRequest` (`From`).
//! - [`contribution::CreateFlow`](crate::contribution::CreateFlow) -> MediaConnect's `CreateFlowInput`
//!   (its `FlowSource` -> `SetSourceRequest`, `From`).
//!
//! The SDK's types are closed structs. Besides the typed fields, the scalar settings of the objects the
//! recipe touches (for example `H264Settings.SceneChangeDetect`, `HlsGroupSettings.ProgramDateTime`,
//! every `M3u8Settings` key) are carried between the `extra` map and the SDK field of the same name.
//! Any other key (a nested object this crate does not model, such as `AvailConfiguration` or
//! `HlsBasicPutSettings`) cannot be carried: it is an error that names its JSON path ([`What::NotSent`]
//! or [`What::NotRead`]), never a silent drop. Everything the recipe's builder writes is carried both
//! ways.
//!
//! ```
//! use aws_sdk_medialive::operation::create_channel::CreateChannelInput;
//! use medialive_template::{Channel, LiveHlsChannel};
//! use mediastore_policy::DataEndpoint;
//!
//! let channel = LiveHlsChannel::builder()
//!     .name("live")
//!     .input_id("1234567")
//!     .destination(DataEndpoint::from_host("abcd.data.mediastore.us-east-1.amazonaws.com")?)
//!     .build()
//!     .channel()?;
//! let input = CreateChannelInput::try_from(&channel)?;
//! assert_eq!(input.name.as_deref(), Some("live"));
//! assert_eq!(Channel::try_from(&input)?, channel);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The read-only status fields of a `DescribeChannel` reply (`Arn`, `Id`, `State`, `EgressEndpoints`,
//! `PipelineDetails`, `PipelinesRunningCount`, `Maintenance`, `ChannelEngineVersion`) describe the running
//! channel rather than its template and are not part of the returned [`Channel`]; read them from the reply.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

use aws_sdk_medialive::operation::create_channel::CreateChannelInput;
use aws_sdk_medialive::operation::describe_channel::DescribeChannelOutput;
use aws_sdk_medialive::types as sdk;
use serde_json::{Map, Number, Value};

use crate::audio::AudioCodecSettings;
use crate::channel::{AudioSelector, InputSettings};
use crate::hls::{
    AudioOnlyHlsSettings, HlsMediaStoreSettings, HlsS3Settings, OutputGroupSettings, OutputLocationRef,
    OutputSettings, StandardHlsSettings,
};
use crate::video::VideoCodecSettings;
use crate::{
    AacSettings, AudioDescription, Channel, EncoderSettings, EpochLockingSettings, GlobalConfiguration,
    H264Settings, HlsCdnSettings, HlsGroupSettings, HlsOutputSettings, HlsSettings, InputAttachment,
    InputSpecification, Output, OutputDestination, OutputDestinationSettings, OutputGroup,
    OutputLockingSettings, TimecodeConfig, VideoDescription,
};

hls_epoch::sdk_error!("$.EncoderSettings.VideoDescriptions[0].Width");

mod contribution;
mod input;
mod schedule;

impl TryFrom<&Channel> for CreateChannelInput {
    type Error = Error;

    /// The `CreateChannel` input for `channel`.
    fn try_from(channel: &Channel) -> Result<Self, Error> {
        no_extra(&channel.extra, "$")?;
        CreateChannelInput::builder()
            .set_name(channel.name.clone())
            .set_channel_class(to_enum(&channel.channel_class, |v| v.as_str()))
            .set_role_arn(channel.role_arn.clone())
            .set_input_attachments(list(
                &channel.input_attachments,
                "$.InputAttachments",
                input_attachment_to,
            )?)
            .set_input_specification(opt(
                &channel.input_specification,
                "$.InputSpecification",
                input_specification_to,
            )?)
            .set_destinations(list(&channel.destinations, "$.Destinations", destination_to)?)
            .set_encoder_settings(opt(
                &channel.encoder_settings,
                "$.EncoderSettings",
                encoder_settings_to,
            )?)
            .set_log_level(to_enum(&channel.log_level, |v| v.as_str()))
            .set_tags(channel.tags.as_ref().map(|t| {
                t.iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<HashMap<_, _>>()
            }))
            .build()
            .map_err(|error| Error::refused("$", "the AWS SDK", error))
    }
}

impl TryFrom<&CreateChannelInput> for Channel {
    type Error = Error;

    /// The channel a `CreateChannel` input describes.
    fn try_from(input: &CreateChannelInput) -> Result<Self, Error> {
        // `Reserved` is deprecated, but a caller may still set it: refusing it beats dropping it.
        #[allow(deprecated)]
        let unsupported = [
            ("$.CdiInputSpecification", input.cdi_input_specification.is_some()),
            ("$.Maintenance", input.maintenance.is_some()),
            ("$.RequestId", input.request_id.is_some()),
            ("$.Reserved", input.reserved.is_some()),
            ("$.Vpc", input.vpc.is_some()),
            ("$.AnywhereSettings", input.anywhere_settings.is_some()),
            ("$.ChannelEngineVersion", input.channel_engine_version.is_some()),
            ("$.DryRun", input.dry_run.is_some()),
            ("$.LinkedChannelSettings", input.linked_channel_settings.is_some()),
            ("$.ChannelSecurityGroups", input.channel_security_groups.is_some()),
            ("$.InferenceSettings", input.inference_settings.is_some()),
        ];
        refuse_unmodeled(&unsupported)?;
        channel_from_parts(Parts {
            name: &input.name,
            channel_class: &input.channel_class,
            role_arn: &input.role_arn,
            input_attachments: &input.input_attachments,
            input_specification: &input.input_specification,
            destinations: &input.destinations,
            encoder_settings: &input.encoder_settings,
            log_level: &input.log_level,
            tags: &input.tags,
        })
    }
}

impl TryFrom<&DescribeChannelOutput> for Channel {
    type Error = Error;

    /// The channel template of a `DescribeChannel` reply. See the module docs for the status fields
    /// left out.
    fn try_from(output: &DescribeChannelOutput) -> Result<Self, Error> {
        let unsupported = [
            (
                "$.CdiInputSpecification",
                output.cdi_input_specification.is_some(),
            ),
            ("$.Vpc", output.vpc.is_some()),
            ("$.AnywhereSettings", output.anywhere_settings.is_some()),
            (
                "$.LinkedChannelSettings",
                output.linked_channel_settings.is_some(),
            ),
            (
                "$.ChannelSecurityGroups",
                output.channel_security_groups.is_some(),
            ),
            ("$.InferenceSettings", output.inference_settings.is_some()),
        ];
        refuse_unmodeled(&unsupported)?;
        channel_from_parts(Parts {
            name: &output.name,
            channel_class: &output.channel_class,
            role_arn: &output.role_arn,
            input_attachments: &output.input_attachments,
            input_specification: &output.input_specification,
            destinations: &output.destinations,
            encoder_settings: &output.encoder_settings,
            log_level: &output.log_level,
            tags: &output.tags,
        })
    }
}

fn refuse_unmodeled(fields: &[(&str, bool)]) -> Result<(), Error> {
    match fields.iter().find(|(_, set)| *set) {
        Some((path, _)) => Err(Error::new(*path, What::NotRead)),
        None => Ok(()),
    }
}

/// The template fields shared by `CreateChannelInput` and `DescribeChannelOutput`.
struct Parts<'a> {
    name: &'a Option<String>,
    channel_class: &'a Option<sdk::ChannelClass>,
    role_arn: &'a Option<String>,
    input_attachments: &'a Option<Vec<sdk::InputAttachment>>,
    input_specification: &'a Option<sdk::InputSpecification>,
    destinations: &'a Option<Vec<sdk::OutputDestination>>,
    encoder_settings: &'a Option<sdk::EncoderSettings>,
    log_level: &'a Option<sdk::LogLevel>,
    tags: &'a Option<HashMap<String, String>>,
}

fn channel_from_parts(parts: Parts<'_>) -> Result<Channel, Error> {
    Ok(Channel {
        name: parts.name.clone(),
        channel_class: from_enum(parts.channel_class, sdk::ChannelClass::as_str),
        role_arn: parts.role_arn.clone(),
        input_attachments: list_from(
            parts.input_attachments,
            "$.InputAttachments",
            input_attachment_from,
        )?,
        input_specification: opt_from(
            parts.input_specification,
            "$.InputSpecification",
            input_specification_from,
        )?,
        destinations: list_from(parts.destinations, "$.Destinations", destination_from)?,
        encoder_settings: opt_from(parts.encoder_settings, "$.EncoderSettings", encoder_settings_from)?,
        log_level: from_enum(parts.log_level, sdk::LogLevel::as_str),
        tags: parts.tags.as_ref().map(|t| {
            t.iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<BTreeMap<_, _>>()
        }),
        extra: Map::new(),
    })
}

// ---- shared pieces ----

fn no_extra(extra: &Map<String, Value>, path: &str) -> Result<(), Error> {
    match extra.keys().next() {
        Some(key) => Err(Error::new(
            format!("{path}{}", crate::diff::key_segment(key)),
            What::NotSent,
        )),
        None => Ok(()),
    }
}

fn to_enum<O, S: for<'s> From<&'s str>>(value: &Option<O>, as_str: impl Fn(&O) -> &str) -> Option<S> {
    value.as_ref().map(|v| S::from(as_str(v)))
}

fn from_enum<S, O: for<'s> From<&'s str>>(value: &Option<S>, as_str: impl Fn(&S) -> &str) -> Option<O> {
    value.as_ref().map(|v| O::from(as_str(v)))
}

fn opt<O, S>(
    value: &Option<O>,
    path: &str,
    convert: impl Fn(&O, &str) -> Result<S, Error>,
) -> Result<Option<S>, Error> {
    value.as_ref().map(|v| convert(v, path)).transpose()
}

fn opt_from<S, O>(
    value: &Option<S>,
    path: &str,
    convert: impl Fn(&S, &str) -> Result<O, Error>,
) -> Result<Option<O>, Error> {
    value.as_ref().map(|v| convert(v, path)).transpose()
}

fn list<O, S>(
    items: &Option<Vec<O>>,
    path: &str,
    convert: impl Fn(&O, &str) -> Result<S, Error>,
) -> Result<Option<Vec<S>>, Error> {
    items
        .as_ref()
        .map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(i, item)| convert(item, &format!("{path}[{i}]")))
                .collect()
        })
        .transpose()
}

fn list_from<S, O>(
    items: &Option<Vec<S>>,
    path: &str,
    convert: impl Fn(&S, &str) -> Result<O, Error>,
) -> Result<Option<Vec<O>>, Error> {
    list(items, path, convert)
}

fn int_to(value: Option<u32>, path: &str, field: &str) -> Result<Option<i32>, Error> {
    value
        .map(|v| {
            i32::try_from(v)
                .map_err(|_| Error::value(format!("{path}.{field}"), v.to_string(), "at most 2147483647"))
        })
        .transpose()
}

fn int_from(value: Option<i32>, path: &str, field: &str) -> Result<Option<u32>, Error> {
    value
        .map(|v| {
            u32::try_from(v)
                .map_err(|_| Error::value(format!("{path}.{field}"), v.to_string(), "a non-negative integer"))
        })
        .transpose()
}

fn double_to(value: &Option<Number>, path: &str, field: &str) -> Result<Option<f64>, Error> {
    value
        .as_ref()
        .map(|n| {
            n.as_f64().ok_or_else(|| {
                Error::value(
                    format!("{path}.{field}"),
                    n.to_string(),
                    "a number a double can hold",
                )
            })
        })
        .transpose()
}

/// A double as a JSON number: whole values as integers (as the builder writes them), others as floats.
fn double_from(value: Option<f64>, path: &str, field: &str) -> Result<Option<Number>, Error> {
    value
        .map(|v| {
            // Whole values within i64 are written as integers; the cast is exact for them.
            if v.fract() == 0.0 && v.abs() < 9.0e15 {
                Ok(Number::from(v as i64))
            } else {
                Number::from_f64(v)
                    .ok_or_else(|| Error::value(format!("{path}.{field}"), v.to_string(), "a finite number"))
            }
        })
        .transpose()
}

/// Fails when `original` holds something the conversion left out, naming the first such field.
fn carried<T: PartialEq + Debug>(original: &T, rebuilt: &T, path: &str) -> Result<(), Error> {
    if original == rebuilt {
        return Ok(());
    }
    let (a, b) = (format!("{original:#?}"), format!("{rebuilt:#?}"));
    let (fa, fb) = (top_level_fields(&a), top_level_fields(&b));
    let field = fa
        .iter()
        .find(|(name, text)| fb.iter().find(|(n, _)| n == name).map(|(_, t)| t) != Some(text));
    let path = match field {
        Some((name, _)) => format!("{path}.{}", pascal_case(name)),
        None => path.to_owned(),
    };
    Err(Error::new(path, What::NotRead))
}

/// The top-level fields of a pretty `Debug` rendering, with their text.
fn top_level_fields(debug: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in debug.lines().skip(1) {
        let field = line
            .strip_prefix("    ")
            .filter(|rest| !rest.starts_with(' '))
            .and_then(|rest| rest.split_once(": "))
            .filter(|(name, _)| {
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            });
        match (field, fields.last_mut()) {
            (Some((name, _)), _) => fields.push((name.to_owned(), line.to_owned())),
            (None, Some((_, text))) => {
                text.push('\n');
                text.push_str(line);
            }
            (None, None) => {}
        }
    }
    fields
}

/// `index_n_segments` -> `IndexNSegments`, `h264_settings` -> `H264Settings`.
fn pascal_case(snake: &str) -> String {
    snake
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// Carries scalar SDK fields through a modeled object's `extra` map, by their JSON key: `*_pass_to`
/// sets them on the SDK builder and returns the keys it used; `*_pass_from` writes them back as JSON.
macro_rules! passthrough {
    ($to:ident, $from:ident, $sdk:ty, $builder:ty { $( $key:literal => $field:ident, $setter:ident, $kind:ident $(($ty:ty))?; )* }) => {
        fn $to(mut builder: $builder, extra: &Map<String, Value>, path: &str) -> Result<($builder, Vec<&'static str>), Error> {
            let mut used = Vec::new();
            $(
                if let Some(value) = extra.get($key) {
                    let path = format!("{path}.{}", $key);
                    builder = builder.$setter(Some(pass_to!($kind $(($ty))?, value, path)));
                    used.push($key);
                }
            )*
            Ok((builder, used))
        }

        fn $from(sdk: &$sdk, extra: &mut Map<String, Value>) {
            $(
                if let Some(value) = &sdk.$field {
                    extra.insert($key.to_owned(), pass_from!($kind, value));
                }
            )*
        }
    };
}

macro_rules! pass_to {
    (Enum($ty:ty), $value:expr, $path:expr) => {
        <$ty>::from(json_str($value, &$path)?)
    };
    (EnumList($ty:ty), $value:expr, $path:expr) => {
        json_str_list($value, &$path)?
            .into_iter()
            .map(<$ty>::from)
            .collect::<Vec<_>>()
    };
    (Str, $value:expr, $path:expr) => {
        json_str($value, &$path)?.to_owned()
    };
    (Int, $value:expr, $path:expr) => {
        json_i32($value, &$path)?
    };
}

macro_rules! pass_from {
    (Enum, $value:expr) => {
        Value::String($value.as_str().to_owned())
    };
    (EnumList, $value:expr) => {
        Value::Array(
            $value
                .iter()
                .map(|v| Value::String(v.as_str().to_owned()))
                .collect(),
        )
    };
    (Str, $value:expr) => {
        Value::String($value.clone())
    };
    (Int, $value:expr) => {
        Value::from(*$value)
    };
}

fn type_error(value: &Value, path: &str, expected: &'static str) -> Error {
    Error::value(path, value, expected)
}

fn json_str<'v>(value: &'v Value, path: &str) -> Result<&'v str, Error> {
    value.as_str().ok_or_else(|| type_error(value, path, "a string"))
}

fn json_str_list<'v>(value: &'v Value, path: &str) -> Result<Vec<&'v str>, Error> {
    let items = value
        .as_array()
        .ok_or_else(|| type_error(value, path, "a list of strings"))?;
    items
        .iter()
        .map(|item| {
            item.as_str()
                .ok_or_else(|| type_error(value, path, "a list of strings"))
        })
        .collect()
}

fn json_i32(value: &Value, path: &str) -> Result<i32, Error> {
    value
        .as_i64()
        .and_then(|v| i32::try_from(v).ok())
        .ok_or_else(|| type_error(value, path, "a whole number from -2147483648 to 2147483647"))
}

/// Like [`no_extra`], for the keys a passthrough did not use.
fn no_extra_except(extra: &Map<String, Value>, path: &str, used: &[&str]) -> Result<(), Error> {
    let rest: Map<String, Value> = extra
        .iter()
        .filter(|(key, _)| !used.contains(&key.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    no_extra(&rest, path)
}

passthrough! {
    h264_pass_to, h264_pass_from, sdk::H264Settings, sdk::builders::H264SettingsBuilder {
        "AdaptiveQuantization" => adaptive_quantization, set_adaptive_quantization, Enum(sdk::H264AdaptiveQuantization);
        "AfdSignaling" => afd_signaling, set_afd_signaling, Enum(sdk::AfdSignaling);
        "BufFillPct" => buf_fill_pct, set_buf_fill_pct, Int;
        "ColorMetadata" => color_metadata, set_color_metadata, Enum(sdk::H264ColorMetadata);
        "EntropyEncoding" => entropy_encoding, set_entropy_encoding, Enum(sdk::H264EntropyEncoding);
        "FixedAfd" => fixed_afd, set_fixed_afd, Enum(sdk::FixedAfd);
        "FlickerAq" => flicker_aq, set_flicker_aq, Enum(sdk::H264FlickerAq);
        "ForceFieldPictures" => force_field_pictures, set_force_field_pictures, Enum(sdk::H264ForceFieldPictures);
        "GopBReference" => gop_b_reference, set_gop_b_reference, Enum(sdk::H264GopBReference);
        "LookAheadRateControl" => look_ahead_rate_control, set_look_ahead_rate_control, Enum(sdk::H264LookAheadRateControl);
        "MinIInterval" => min_i_interval, set_min_i_interval, Int;
        "NumRefFrames" => num_ref_frames, set_num_ref_frames, Int;
        "ParControl" => par_control, set_par_control, Enum(sdk::H264ParControl);
        "ParDenominator" => par_denominator, set_par_denominator, Int;
        "ParNumerator" => par_numerator, set_par_numerator, Int;
        "QualityLevel" => quality_level, set_quality_level, Enum(sdk::H264QualityLevel);
        "QvbrQualityLevel" => qvbr_quality_level, set_qvbr_quality_level, Int;
        "ScanType" => scan_type, set_scan_type, Enum(sdk::H264ScanType);
        "SceneChangeDetect" => scene_change_detect, set_scene_change_detect, Enum(sdk::H264SceneChangeDetect);
        "Slices" => slices, set_slices, Int;
        "Softness" => softness, set_softness, Int;
        "SpatialAq" => spatial_aq, set_spatial_aq, Enum(sdk::H264SpatialAq);
        "SubgopLength" => subgop_length, set_subgop_length, Enum(sdk::H264SubGopLength);
        "Syntax" => syntax, set_syntax, Enum(sdk::H264Syntax);
        "TemporalAq" => temporal_aq, set_temporal_aq, Enum(sdk::H264TemporalAq);
        "TimecodeInsertion" => timecode_insertion, set_timecode_insertion, Enum(sdk::H264TimecodeInsertionBehavior);
        "MinQp" => min_qp, set_min_qp, Int;
        "MinBitrate" => min_bitrate, set_min_bitrate, Int;
        "AllowExplicitWeightedPrediction" => allow_explicit_weighted_prediction, set_allow_explicit_weighted_prediction, Enum(sdk::H264AllowExplicitWeightedPrediction);
    }
}

passthrough! {
    aac_pass_to, aac_pass_from, sdk::AacSettings, sdk::builders::AacSettingsBuilder {
        "InputType" => input_type, set_input_type, Enum(sdk::AacInputType);
        "RawFormat" => raw_format, set_raw_format, Enum(sdk::AacRawFormat);
        "Spec" => spec, set_spec, Enum(sdk::AacSpec);
        "VbrQuality" => vbr_quality, set_vbr_quality, Enum(sdk::AacVbrQuality);
    }
}

passthrough! {
    audio_description_pass_to, audio_description_pass_from, sdk::AudioDescription, sdk::builders::AudioDescriptionBuilder {
        "AudioType" => audio_type, set_audio_type, Enum(sdk::AudioType);
        "AudioTypeControl" => audio_type_control, set_audio_type_control, Enum(sdk::AudioDescriptionAudioTypeControl);
        "LanguageCode" => language_code, set_language_code, Str;
        "LanguageCodeControl" => language_code_control, set_language_code_control, Enum(sdk::AudioDescriptionLanguageCodeControl);
        "StreamName" => stream_name, set_stream_name, Str;
        "AudioDashRoles" => audio_dash_roles, set_audio_dash_roles, EnumList(sdk::DashRoleAudio);
        "DvbDashAccessibility" => dvb_dash_accessibility, set_dvb_dash_accessibility, Enum(sdk::DvbDashAccessibility);
    }
}

passthrough! {
    video_description_pass_to, video_description_pass_from, sdk::VideoDescription, sdk::builders::VideoDescriptionBuilder {
        "RespondToAfd" => respond_to_afd, set_respond_to_afd, Enum(sdk::VideoDescriptionRespondToAfd);
        "ScalingBehavior" => scaling_behavior, set_scaling_behavior, Enum(sdk::VideoDescriptionScalingBehavior);
        "Sharpness" => sharpness, set_sharpness, Int;
        "Border" => border, set_border, Int;
    }
}

passthrough! {
    hls_group_pass_to, hls_group_pass_from, sdk::HlsGroupSettings, sdk::builders::HlsGroupSettingsBuilder {
        "AdMarkers" => ad_markers, set_ad_markers, EnumList(sdk::HlsAdMarkers);
        "BaseUrlContent" => base_url_content, set_base_url_content, Str;
        "BaseUrlContent1" => base_url_content1, set_base_url_content1, Str;
        "BaseUrlManifest" => base_url_manifest, set_base_url_manifest, Str;
        "BaseUrlManifest1" => base_url_manifest1, set_base_url_manifest1, Str;
        "CaptionLanguageSetting" => caption_language_setting, set_caption_language_setting, Enum(sdk::HlsCaptionLanguageSetting);
        "ClientCache" => client_cache, set_client_cache, Enum(sdk::HlsClientCache);
        "CodecSpecification" => codec_specification, set_codec_specification, Enum(sdk::HlsCodecSpecification);
        "ConstantIv" => constant_iv, set_constant_iv, Str;
        "DirectoryStructure" => directory_structure, set_directory_structure, Enum(sdk::HlsDirectoryStructure);
        "DiscontinuityTags" => discontinuity_tags, set_discontinuity_tags, Enum(sdk::HlsDiscontinuityTags);
        "EncryptionType" => encryption_type, set_encryption_type, Enum(sdk::HlsEncryptionType);
        "HlsId3SegmentTagging" => hls_id3_segment_tagging, set_hls_id3_segment_tagging, Enum(sdk::HlsId3SegmentTaggingState);
        "IFrameOnlyPlaylists" => i_frame_only_playlists, set_i_frame_only_playlists, Enum(sdk::IFrameOnlyPlaylistType);
        "IncompleteSegmentBehavior" => incomplete_segment_behavior, set_incomplete_segment_behavior, Enum(sdk::HlsIncompleteSegmentBehavior);
        "IvInManifest" => iv_in_manifest, set_iv_in_manifest, Enum(sdk::HlsIvInManifest);
        "IvSource" => iv_source, set_iv_source, Enum(sdk::HlsIvSource);
        "KeyFormat" => key_format, set_key_format, Str;
        "KeyFormatVersions" => key_format_versions, set_key_format_versions, Str;
        "ManifestCompression" => manifest_compression, set_manifest_compression, Enum(sdk::HlsManifestCompression);
        "ManifestDurationFormat" => manifest_duration_format, set_manifest_duration_format, Enum(sdk::HlsManifestDurationFormat);
        "MinSegmentLength" => min_segment_length, set_min_segment_length, Int;
        "OutputSelection" => output_selection, set_output_selection, Enum(sdk::HlsOutputSelection);
        "ProgramDateTime" => program_date_time, set_program_date_time, Enum(sdk::HlsProgramDateTime);
        "ProgramDateTimeClock" => program_date_time_clock, set_program_date_time_clock, Enum(sdk::HlsProgramDateTimeClock);
        "ProgramDateTimePeriod" => program_date_time_period, set_program_date_time_period, Int;
        "SegmentationMode" => segmentation_mode, set_segmentation_mode, Enum(sdk::HlsSegmentationMode);
        "SegmentsPerSubdirectory" => segments_per_subdirectory, set_segments_per_subdirectory, Int;
        "StreamInfResolution" => stream_inf_resolution, set_stream_inf_resolution, Enum(sdk::HlsStreamInfResolution);
        "TimedMetadataId3Frame" => timed_metadata_id3_frame, set_timed_metadata_id3_frame, Enum(sdk::HlsTimedMetadataId3Frame);
        "TimedMetadataId3Period" => timed_metadata_id3_period, set_timed_metadata_id3_period, Int;
        "TimestampDeltaMilliseconds" => timestamp_delta_milliseconds, set_timestamp_delta_milliseconds, Int;
        "TsFileMode" => ts_file_mode, set_ts_file_mode, Enum(sdk::HlsTsFileMode);
    }
}

passthrough! {
    m3u8_pass_to, m3u8_pass_from, sdk::M3u8Settings, sdk::builders::M3u8SettingsBuilder {
        "AudioFramesPerPes" => audio_frames_per_pes, set_audio_frames_per_pes, Int;
        "AudioPids" => audio_pids, set_audio_pids, Str;
        "EcmPid" => ecm_pid, set_ecm_pid, Str;
        "NielsenId3Behavior" => nielsen_id3_behavior, set_nielsen_id3_behavior, Enum(sdk::M3u8NielsenId3Behavior);
        "PatInterval" => pat_interval, set_pat_interval, Int;
        "PcrControl" => pcr_control, set_pcr_control, Enum(sdk::M3u8PcrControl);
        "PcrPeriod" => pcr_period, set_pcr_period, Int;
        "PcrPid" => pcr_pid, set_pcr_pid, Str;
        "PmtInterval" => pmt_interval, set_pmt_interval, Int;
        "PmtPid" => pmt_pid, set_pmt_pid, Str;
        "ProgramNum" => program_num, set_program_num, Int;
        "Scte35Behavior" => scte35_behavior, set_scte35_behavior, Enum(sdk::M3u8Scte35Behavior);
        "Scte35Pid" => scte35_pid, set_scte35_pid, Str;
        "TimedMetadataBehavior" => timed_metadata_behavior, set_timed_metadata_behavior, Enum(sdk::M3u8TimedMetadataBehavior);
        "TimedMetadataPid" => timed_metadata_pid, set_timed_metadata_pid, Str;
        "TransportStreamId" => transport_stream_id, set_transport_stream_id, Int;
        "VideoPid" => video_pid, set_video_pid, Str;
        "KlvBehavior" => klv_behavior, set_klv_behavior, Enum(sdk::M3u8KlvBehavior);
        "KlvDataPids" => klv_data_pids, set_klv_data_pids, Str;
    }
}

passthrough! {
    global_configuration_pass_to, global_configuration_pass_from, sdk::GlobalConfiguration, sdk::builders::GlobalConfigurationBuilder {
        "InitialAudioGain" => initial_audio_gain, set_initial_audio_gain, Int;
        "InputEndAction" => input_end_action, set_input_end_action, Enum(sdk::GlobalConfigurationInputEndAction);
        "SupportLowFramerateInputs" => support_low_framerate_inputs, set_support_low_framerate_inputs, Enum(sdk::GlobalConfigurationLowFramerateInputs);
    }
}

passthrough! {
    input_settings_pass_to, input_settings_pass_from, sdk::InputSettings, sdk::builders::InputSettingsBuilder {
        "DeblockFilter" => deblock_filter, set_deblock_filter, Enum(sdk::InputDeblockFilter);
        "DenoiseFilter" => denoise_filter, set_denoise_filter, Enum(sdk::InputDenoiseFilter);
        "FilterStrength" => filter_strength, set_filter_strength, Int;
        "InputFilter" => input_filter, set_input_filter, Enum(sdk::InputFilter);
        "Scte35Pid" => scte35_pid, set_scte35_pid, Int;
        "Smpte2038DataPreference" => smpte2038_data_preference, set_smpte2038_data_preference, Enum(sdk::Smpte2038DataPreference);
        "SourceEndBehavior" => source_end_behavior, set_source_end_behavior, Enum(sdk::InputSourceEndBehavior);
    }
}

passthrough! {
    destination_settings_pass_to, destination_settings_pass_from, sdk::OutputDestinationSettings, sdk::builders::OutputDestinationSettingsBuilder {
        "VirtualSourceAddress" => virtual_source_address, set_virtual_source_address, Str;
    }
}

passthrough! {
    hls_output_pass_to, hls_output_pass_from, sdk::HlsOutputSettings, sdk::builders::HlsOutputSettingsBuilder {
        "H265PackagingType" => h265_packaging_type, set_h265_packaging_type, Enum(sdk::HlsH265PackagingType);
    }
}

passthrough! {
    audio_only_pass_to, audio_only_pass_from, sdk::AudioOnlyHlsSettings, sdk::builders::AudioOnlyHlsSettingsBuilder {
        "AudioTrackType" => audio_track_type, set_audio_track_type, Enum(sdk::AudioOnlyHlsTrackType);
        "SegmentType" => segment_type, set_segment_type, Enum(sdk::AudioOnlyHlsSegmentType);
    }
}

// Declared after the passthrough macros, which it uses.
mod media_package;

// ---- channel envelope ----

fn input_attachment_to(a: &InputAttachment, path: &str) -> Result<sdk::InputAttachment, Error> {
    no_extra(&a.extra, path)?;
    Ok(sdk::InputAttachment::builder()
        .set_input_id(a.input_id.clone())
        .set_input_attachment_name(a.input_attachment_name.clone())
        .set_input_settings(opt(
            &a.input_settings,
            &format!("{path}.InputSettings"),
            input_settings_to,
        )?)
        .build())
}

fn input_attachment_from(a: &sdk::InputAttachment, path: &str) -> Result<InputAttachment, Error> {
    let ours = InputAttachment {
        input_id: a.input_id.clone(),
        input_attachment_name: a.input_attachment_name.clone(),
        input_settings: opt_from(
            &a.input_settings,
            &format!("{path}.InputSettings"),
            input_settings_from,
        )?,
        extra: Map::new(),
    };
    carried(a, &input_attachment_to(&ours, path)?, path)?;
    Ok(ours)
}

fn input_settings_to(s: &InputSettings, path: &str) -> Result<sdk::InputSettings, Error> {
    let builder = sdk::InputSettings::builder().set_audio_selectors(list(
        &s.audio_selectors,
        &format!("{path}.AudioSelectors"),
        audio_selector_to,
    )?);
    let (builder, used) = input_settings_pass_to(builder, &s.extra, path)?;
    no_extra_except(&s.extra, path, &used)?;
    Ok(builder.build())
}

fn input_settings_from(s: &sdk::InputSettings, path: &str) -> Result<InputSettings, Error> {
    let mut ours = InputSettings {
        audio_selectors: list_from(
            &s.audio_selectors,
            &format!("{path}.AudioSelectors"),
            audio_selector_from,
        )?,
        extra: Map::new(),
    };
    input_settings_pass_from(s, &mut ours.extra);
    carried(s, &input_settings_to(&ours, path)?, path)?;
    Ok(ours)
}

fn audio_selector_to(s: &AudioSelector, path: &str) -> Result<sdk::AudioSelector, Error> {
    no_extra(&s.extra, path)?;
    Ok(sdk::AudioSelector::builder().set_name(s.name.clone()).build())
}

fn audio_selector_from(s: &sdk::AudioSelector, path: &str) -> Result<AudioSelector, Error> {
    let ours = AudioSelector {
        name: s.name.clone(),
        extra: Map::new(),
    };
    carried(s, &audio_selector_to(&ours, path)?, path)?;
    Ok(ours)
}

fn input_specification_to(s: &InputSpecification, path: &str) -> Result<sdk::InputSpecification, Error> {
    no_extra(&s.extra, path)?;
    Ok(sdk::InputSpecification::builder()
        .set_codec(to_enum(&s.codec, |v| v.as_str()))
        .set_maximum_bitrate(to_enum(&s.maximum_bitrate, |v| v.as_str()))
        .set_resolution(to_enum(&s.resolution, |v| v.as_str()))
        .build())
}

fn input_specification_from(s: &sdk::InputSpecification, path: &str) -> Result<InputSpecification, Error> {
    let ours = InputSpecification {
        codec: from_enum(&s.codec, sdk::InputCodec::as_str),
        maximum_bitrate: from_enum(&s.maximum_bitrate, sdk::InputMaximumBitrate::as_str),
        resolution: from_enum(&s.resolution, sdk::InputResolution::as_str),
        extra: Map::new(),
    };
    carried(s, &input_specification_to(&ours, path)?, path)?;
    Ok(ours)
}

fn destination_to(d: &OutputDestination, path: &str) -> Result<sdk::OutputDestination, Error> {
    no_extra(&d.extra, path)?;
    Ok(sdk::OutputDestination::builder()
        .set_id(d.id.clone())
        .set_settings(list(
            &d.settings,
            &format!("{path}.Settings"),
            destination_settings_to,
        )?)
        .set_media_package_settings(list(
            &d.media_package_settings,
            &format!("{path}.MediaPackageSettings"),
            media_package::media_package_destination_to,
        )?)
        .build())
}

fn destination_from(d: &sdk::OutputDestination, path: &str) -> Result<OutputDestination, Error> {
    let ours = OutputDestination {
        id: d.id.clone(),
        settings: list_from(
            &d.settings,
            &format!("{path}.Settings"),
            destination_settings_from,
        )?,
        media_package_settings: list_from(
            &d.media_package_settings,
            &format!("{path}.MediaPackageSettings"),
            media_package::media_package_destination_from,
        )?,
        extra: Map::new(),
    };
    carried(d, &destination_to(&ours, path)?, path)?;
    Ok(ours)
}

fn destination_settings_to(
    s: &OutputDestinationSettings,
    path: &str,
) -> Result<sdk::OutputDestinationSettings, Error> {
    let builder = sdk::OutputDestinationSettings::builder()
        .set_url(s.url.clone())
        .set_username(s.username.clone())
        .set_password_param(s.password_param.clone())
        .set_stream_name(s.stream_name.clone());
    let (builder, used) = destination_settings_pass_to(builder, &s.extra, path)?;
    no_extra_except(&s.extra, path, &used)?;
    Ok(builder.build())
}

fn destination_settings_from(
    s: &sdk::OutputDestinationSettings,
    path: &str,
) -> Result<OutputDestinationSettings, Error> {
    let mut ours = OutputDestinationSettings {
        url: s.url.clone(),
        username: s.username.clone(),
        password_param: s.password_param.clone(),
        stream_name: s.stream_name.clone(),
        extra: Map::new(),
    };
    destination_settings_pass_from(s, &mut ours.extra);
    carried(s, &destination_settings_to(&ours, path)?, path)?;
    Ok(ours)
}

// ---- encoder settings ----

fn encoder_settings_to(e: &EncoderSettings, path: &str) -> Result<sdk::EncoderSettings, Error> {
    no_extra(&e.extra, path)?;
    Ok(sdk::EncoderSettings::builder()
        .set_audio_descriptions(list(
            &e.audio_descriptions,
            &format!("{path}.AudioDescriptions"),
            audio_description_to,
        )?)
        .set_video_descriptions(list(
            &e.video_descriptions,
            &format!("{path}.VideoDescriptions"),
            video_description_to,
        )?)
        .set_output_groups(list(
            &e.output_groups,
            &format!("{path}.OutputGroups"),
            output_group_to,
        )?)
        .set_timecode_config(opt(
            &e.timecode_config,
            &format!("{path}.TimecodeConfig"),
            timecode_config_to,
        )?)
        .set_global_configuration(opt(
            &e.global_configuration,
            &format!("{path}.GlobalConfiguration"),
            global_configuration_to,
        )?)
        .build())
}

fn encoder_settings_from(e: &sdk::EncoderSettings, path: &str) -> Result<EncoderSettings, Error> {
    let ours = EncoderSettings {
        audio_descriptions: list_from(
            &e.audio_descriptions,
            &format!("{path}.AudioDescriptions"),
            audio_description_from,
        )?,
        video_descriptions: list_from(
            &e.video_descriptions,
            &format!("{path}.VideoDescriptions"),
            video_description_from,
        )?,
        output_groups: list_from(
            &e.output_groups,
            &format!("{path}.OutputGroups"),
            output_group_from,
        )?,
        timecode_config: opt_from(
            &e.timecode_config,
            &format!("{path}.TimecodeConfig"),
            timecode_config_from,
        )?,
        global_configuration: opt_from(
            &e.global_configuration,
            &format!("{path}.GlobalConfiguration"),
            global_configuration_from,
        )?,
        extra: Map::new(),
    };
    carried(e, &encoder_settings_to(&ours, path)?, path)?;
    Ok(ours)
}

fn timecode_config_to(t: &TimecodeConfig, path: &str) -> Result<sdk::TimecodeConfig, Error> {
    no_extra(&t.extra, path)?;
    Ok(sdk::TimecodeConfig::builder()
        .set_source(to_enum(&t.source, |v| v.as_str()))
        .set_sync_threshold(int_to(t.sync_threshold, path, "SyncThreshold")?)
        .build())
}

fn timecode_config_from(t: &sdk::TimecodeConfig, path: &str) -> Result<TimecodeConfig, Error> {
    let ours = TimecodeConfig {
        source: from_enum(&t.source, sdk::TimecodeConfigSource::as_str),
        sync_threshold: int_from(t.sync_threshold, path, "SyncThreshold")?,
        extra: Map::new(),
    };
    carried(t, &timecode_config_to(&ours, path)?, path)?;
    Ok(ours)
}

fn global_configuration_to(g: &GlobalConfiguration, path: &str) -> Result<sdk::GlobalConfiguration, Error> {
    let builder = sdk::GlobalConfiguration::builder()
        .set_output_locking_mode(to_enum(&g.output_locking_mode, |v| v.as_str()))
        .set_output_timing_source(to_enum(&g.output_timing_source, |v| v.as_str()))
        .set_output_locking_settings(opt(
            &g.output_locking_settings,
            &format!("{path}.OutputLockingSettings"),
            locking_to,
        )?);
    let (builder, used) = global_configuration_pass_to(builder, &g.extra, path)?;
    no_extra_except(&g.extra, path, &used)?;
    Ok(builder.build())
}

fn global_configuration_from(g: &sdk::GlobalConfiguration, path: &str) -> Result<GlobalConfiguration, Error> {
    let mut ours = GlobalConfiguration {
        output_locking_mode: from_enum(
            &g.output_locking_mode,
            sdk::GlobalConfigurationOutputLockingMode::as_str,
        ),
        output_timing_source: from_enum(
            &g.output_timing_source,
            sdk::GlobalConfigurationOutputTimingSource::as_str,
        ),
        output_locking_settings: opt_from(
            &g.output_locking_settings,
            &format!("{path}.OutputLockingSettings"),
            locking_from,
        )?,
        extra: Map::new(),
    };
    global_configuration_pass_from(g, &mut ours.extra);
    carried(g, &global_configuration_to(&ours, path)?, path)?;
    Ok(ours)
}

fn locking_to(l: &OutputLockingSettings, path: &str) -> Result<sdk::OutputLockingSettings, Error> {
    no_extra(&l.extra, path)?;
    Ok(sdk::OutputLockingSettings::builder()
        .set_epoch_locking_settings(opt(
            &l.epoch_locking_settings,
            &format!("{path}.EpochLockingSettings"),
            epoch_to,
        )?)
        .build())
}

fn locking_from(l: &sdk::OutputLockingSettings, path: &str) -> Result<OutputLockingSettings, Error> {
    let ours = OutputLockingSettings {
        epoch_locking_settings: opt_from(
            &l.epoch_locking_settings,
            &format!("{path}.EpochLockingSettings"),
            epoch_from,
        )?,
        extra: Map::new(),
    };
    carried(l, &locking_to(&ours, path)?, path)?;
    Ok(ours)
}

fn epoch_to(e: &EpochLockingSettings, path: &str) -> Result<sdk::EpochLockingSettings, Error> {
    no_extra(&e.extra, path)?;
    Ok(sdk::EpochLockingSettings::builder()
        .set_custom_epoch(e.custom_epoch.clone())
        .set_jam_sync_time(e.jam_sync_time.clone())
        .build())
}

fn epoch_from(e: &sdk::EpochLockingSettings, path: &str) -> Result<EpochLockingSettings, Error> {
    let ours = EpochLockingSettings {
        custom_epoch: e.custom_epoch.clone(),
        jam_sync_time: e.jam_sync_time.clone(),
        extra: Map::new(),
    };
    carried(e, &epoch_to(&ours, path)?, path)?;
    Ok(ours)
}

// ---- audio ----

fn audio_description_to(a: &AudioDescription, path: &str) -> Result<sdk::AudioDescription, Error> {
    let builder = sdk::AudioDescription::builder()
        .set_name(a.name.clone())
        .set_audio_selector_name(a.audio_selector_name.clone())
        .set_codec_settings(opt(
            &a.codec_settings,
            &format!("{path}.CodecSettings"),
            audio_codec_to,
        )?);
    let (builder, used) = audio_description_pass_to(builder, &a.extra, path)?;
    no_extra_except(&a.extra, path, &used)?;
    Ok(builder.build())
}

fn audio_description_from(a: &sdk::AudioDescription, path: &str) -> Result<AudioDescription, Error> {
    let mut ours = AudioDescription {
        name: a.name.clone(),
        audio_selector_name: a.audio_selector_name.clone(),
        codec_settings: opt_from(
            &a.codec_settings,
            &format!("{path}.CodecSettings"),
            audio_codec_from,
        )?,
        extra: Map::new(),
    };
    audio_description_pass_from(a, &mut ours.extra);
    carried(a, &audio_description_to(&ours, path)?, path)?;
    Ok(ours)
}

fn audio_codec_to(c: &AudioCodecSettings, path: &str) -> Result<sdk::AudioCodecSettings, Error> {
    no_extra(&c.extra, path)?;
    Ok(sdk::AudioCodecSettings::builder()
        .set_aac_settings(opt(&c.aac_settings, &format!("{path}.AacSettings"), aac_to)?)
        .build())
}

fn audio_codec_from(c: &sdk::AudioCodecSettings, path: &str) -> Result<AudioCodecSettings, Error> {
    let ours = AudioCodecSettings {
        aac_settings: opt_from(&c.aac_settings, &format!("{path}.AacSettings"), aac_from)?,
        extra: Map::new(),
    };
    carried(c, &audio_codec_to(&ours, path)?, path)?;
    Ok(ours)
}

fn aac_to(a: &AacSettings, path: &str) -> Result<sdk::AacSettings, Error> {
    let builder = sdk::AacSettings::builder()
        .set_bitrate(double_to(&a.bitrate, path, "Bitrate")?)
        .set_sample_rate(double_to(&a.sample_rate, path, "SampleRate")?)
        .set_coding_mode(to_enum(&a.coding_mode, |v| v.as_str()))
        .set_profile(to_enum(&a.profile, |v| v.as_str()))
        .set_rate_control_mode(to_enum(&a.rate_control_mode, |v| v.as_str()));
    let (builder, used) = aac_pass_to(builder, &a.extra, path)?;
    no_extra_except(&a.extra, path, &used)?;
    Ok(builder.build())
}

fn aac_from(a: &sdk::AacSettings, path: &str) -> Result<AacSettings, Error> {
    let mut ours = AacSettings {
        bitrate: double_from(a.bitrate, path, "Bitrate")?,
        sample_rate: double_from(a.sample_rate, path, "SampleRate")?,
        coding_mode: from_enum(&a.coding_mode, sdk::AacCodingMode::as_str),
        profile: from_enum(&a.profile, sdk::AacProfile::as_str),
        rate_control_mode: from_enum(&a.rate_control_mode, sdk::AacRateControlMode::as_str),
        extra: Map::new(),
    };
    aac_pass_from(a, &mut ours.extra);
    carried(a, &aac_to(&ours, path)?, path)?;
    Ok(ours)
}

// ---- video ----

fn video_description_to(v: &VideoDescription, path: &str) -> Result<sdk::VideoDescription, Error> {
    let builder = sdk::VideoDescription::builder()
        .set_name(v.name.clone())
        .set_width(int_to(v.width, path, "Width")?)
        .set_height(int_to(v.height, path, "Height")?)
        .set_codec_settings(opt(
            &v.codec_settings,
            &format!("{path}.CodecSettings"),
            video_codec_to,
        )?);
    let (builder, used) = video_description_pass_to(builder, &v.extra, path)?;
    no_extra_except(&v.extra, path, &used)?;
    Ok(builder.build())
}

fn video_description_from(v: &sdk::VideoDescription, path: &str) -> Result<VideoDescription, Error> {
    let mut ours = VideoDescription {
        name: v.name.clone(),
        width: int_from(v.width, path, "Width")?,
        height: int_from(v.height, path, "Height")?,
        codec_settings: opt_from(
            &v.codec_settings,
            &format!("{path}.CodecSettings"),
            video_codec_from,
        )?,
        extra: Map::new(),
    };
    video_description_pass_from(v, &mut ours.extra);
    carried(v, &video_description_to(&ours, path)?, path)?;
    Ok(ours)
}

fn video_codec_to(c: &VideoCodecSettings, path: &str) -> Result<sdk::VideoCodecSettings, Error> {
    no_extra(&c.extra, path)?;
    Ok(sdk::VideoCodecSettings::builder()
        .set_h264_settings(opt(&c.h264_settings, &format!("{path}.H264Settings"), h264_to)?)
        .build())
}

fn video_codec_from(c: &sdk::VideoCodecSettings, path: &str) -> Result<VideoCodecSettings, Error> {
    let ours = VideoCodecSettings {
        h264_settings: opt_from(&c.h264_settings, &format!("{path}.H264Settings"), h264_from)?,
        extra: Map::new(),
    };
    carried(c, &video_codec_to(&ours, path)?, path)?;
    Ok(ours)
}

fn h264_to(h: &H264Settings, path: &str) -> Result<sdk::H264Settings, Error> {
    let builder = sdk::H264Settings::builder()
        .set_bitrate(int_to(h.bitrate, path, "Bitrate")?)
        .set_max_bitrate(int_to(h.max_bitrate, path, "MaxBitrate")?)
        .set_buf_size(int_to(h.buf_size, path, "BufSize")?)
        .set_rate_control_mode(to_enum(&h.rate_control_mode, |v| v.as_str()))
        .set_profile(to_enum(&h.profile, |v| v.as_str()))
        .set_level(to_enum(&h.level, |v| v.as_str()))
        .set_framerate_control(to_enum(&h.framerate_control, |v| v.as_str()))
        .set_framerate_numerator(int_to(h.framerate_numerator, path, "FramerateNumerator")?)
        .set_framerate_denominator(int_to(h.framerate_denominator, path, "FramerateDenominator")?)
        .set_gop_size(double_to(&h.gop_size, path, "GopSize")?)
        .set_gop_size_units(to_enum(&h.gop_size_units, |v| v.as_str()))
        .set_gop_num_b_frames(int_to(h.gop_num_b_frames, path, "GopNumBFrames")?)
        .set_gop_closed_cadence(int_to(h.gop_closed_cadence, path, "GopClosedCadence")?);
    let (builder, used) = h264_pass_to(builder, &h.extra, path)?;
    no_extra_except(&h.extra, path, &used)?;
    Ok(builder.build())
}

fn h264_from(h: &sdk::H264Settings, path: &str) -> Result<H264Settings, Error> {
    let mut ours = H264Settings {
        bitrate: int_from(h.bitrate, path, "Bitrate")?,
        max_bitrate: int_from(h.max_bitrate, path, "MaxBitrate")?,
        buf_size: int_from(h.buf_size, path, "BufSize")?,
        rate_control_mode: from_enum(&h.rate_control_mode, sdk::H264RateControlMode::as_str),
        profile: from_enum(&h.profile, sdk::H264Profile::as_str),
        level: from_enum(&h.level, sdk::H264Level::as_str),
        framerate_control: from_enum(&h.framerate_control, sdk::H264FramerateControl::as_str),
        framerate_numerator: int_from(h.framerate_numerator, path, "FramerateNumerator")?,
        framerate_denominator: int_from(h.framerate_denominator, path, "FramerateDenominator")?,
        gop_size: double_from(h.gop_size, path, "GopSize")?,
        gop_size_units: from_enum(&h.gop_size_units, sdk::H264GopSizeUnits::as_str),
        gop_num_b_frames: int_from(h.gop_num_b_frames, path, "GopNumBFrames")?,
        gop_closed_cadence: int_from(h.gop_closed_cadence, path, "GopClosedCadence")?,
        extra: Map::new(),
    };
    h264_pass_from(h, &mut ours.extra);
    carried(h, &h264_to(&ours, path)?, path)?;
    Ok(ours)
}

// ---- output groups ----

fn output_group_to(g: &OutputGroup, path: &str) -> Result<sdk::OutputGroup, Error> {
    no_extra(&g.extra, path)?;
    Ok(sdk::OutputGroup::builder()
        .set_name(g.name.clone())
        .set_output_group_settings(opt(
            &g.output_group_settings,
            &format!("{path}.OutputGroupSettings"),
            group_settings_to,
        )?)
        .set_outputs(list(&g.outputs, &format!("{path}.Outputs"), output_to)?)
        .build())
}

fn output_group_from(g: &sdk::OutputGroup, path: &str) -> Result<OutputGroup, Error> {
    let ours = OutputGroup {
        name: g.name.clone(),
        output_group_settings: opt_from(
            &g.output_group_settings,
            &format!("{path}.OutputGroupSettings"),
            group_settings_from,
        )?,
        outputs: list_from(&g.outputs, &format!("{path}.Outputs"), output_from)?,
        extra: Map::new(),
    };
    carried(g, &output_group_to(&ours, path)?, path)?;
    Ok(ours)
}

fn group_settings_to(s: &OutputGroupSettings, path: &str) -> Result<sdk::OutputGroupSettings, Error> {
    no_extra(&s.extra, path)?;
    Ok(sdk::OutputGroupSettings::builder()
        .set_hls_group_settings(opt(
            &s.hls_group_settings,
            &format!("{path}.HlsGroupSettings"),
            hls_group_to,
        )?)
        .set_media_package_group_settings(opt(
            &s.media_package_group_settings,
            &format!("{path}.MediaPackageGroupSettings"),
            media_package::media_package_group_to,
        )?)
        .set_cmaf_ingest_group_settings(opt(
            &s.cmaf_ingest_group_settings,
            &format!("{path}.CmafIngestGroupSettings"),
            media_package::cmaf_ingest_group_to,
        )?)
        .build())
}

fn group_settings_from(s: &sdk::OutputGroupSettings, path: &str) -> Result<OutputGroupSettings, Error> {
    let ours = OutputGroupSettings {
        hls_group_settings: opt_from(
            &s.hls_group_settings,
            &format!("{path}.HlsGroupSettings"),
            hls_group_from,
        )?,
        media_package_group_settings: opt_from(
            &s.media_package_group_settings,
            &format!("{path}.MediaPackageGroupSettings"),
            media_package::media_package_group_from,
        )?,
        cmaf_ingest_group_settings: opt_from(
            &s.cmaf_ingest_group_settings,
            &format!("{path}.CmafIngestGroupSettings"),
            media_package::cmaf_ingest_group_from,
        )?,
        extra: Map::new(),
    };
    carried(s, &group_settings_to(&ours, path)?, path)?;
    Ok(ours)
}

fn hls_group_to(h: &HlsGroupSettings, path: &str) -> Result<sdk::HlsGroupSettings, Error> {
    let destination = match &h.destination {
        Some(d) => {
            no_extra(&d.extra, &format!("{path}.Destination"))?;
            Some(
                sdk::OutputLocationRef::builder()
                    .set_destination_ref_id(d.destination_ref_id.clone())
                    .build(),
            )
        }
        None => None,
    };
    let builder = sdk::HlsGroupSettings::builder()
        .set_destination(destination)
        .set_hls_cdn_settings(opt(
            &h.hls_cdn_settings,
            &format!("{path}.HlsCdnSettings"),
            cdn_to,
        )?)
        .set_input_loss_action(to_enum(&h.input_loss_action, |v| v.as_str()))
        .set_redundant_manifest(to_enum(&h.redundant_manifest, |v| v.as_str()))
        .set_segment_length(int_to(h.segment_length, path, "SegmentLength")?)
        .set_mode(to_enum(&h.mode, |v| v.as_str()))
        .set_index_n_segments(int_to(h.index_n_segments, path, "IndexNSegments")?)
        .set_keep_segments(int_to(h.keep_segments, path, "KeepSegments")?);
    let (builder, used) = hls_group_pass_to(builder, &h.extra, path)?;
    no_extra_except(&h.extra, path, &used)?;
    Ok(builder.build())
}

fn hls_group_from(h: &sdk::HlsGroupSettings, path: &str) -> Result<HlsGroupSettings, Error> {
    let destination = h.destination.as_ref().map(|d| OutputLocationRef {
        destination_ref_id: d.destination_ref_id.clone(),
        extra: Map::new(),
    });
    let mut ours = HlsGroupSettings {
        destination,
        hls_cdn_settings: opt_from(&h.hls_cdn_settings, &format!("{path}.HlsCdnSettings"), cdn_from)?,
        input_loss_action: from_enum(&h.input_loss_action, sdk::InputLossActionForHlsOut::as_str),
        redundant_manifest: from_enum(&h.redundant_manifest, sdk::HlsRedundantManifest::as_str),
        segment_length: int_from(h.segment_length, path, "SegmentLength")?,
        mode: from_enum(&h.mode, sdk::HlsMode::as_str),
        index_n_segments: int_from(h.index_n_segments, path, "IndexNSegments")?,
        keep_segments: int_from(h.keep_segments, path, "KeepSegments")?,
        extra: Map::new(),
    };
    hls_group_pass_from(h, &mut ours.extra);
    carried(h, &hls_group_to(&ours, path)?, path)?;
    Ok(ours)
}

fn cdn_to(c: &HlsCdnSettings, path: &str) -> Result<sdk::HlsCdnSettings, Error> {
    no_extra(&c.extra, path)?;
    let media_store = match &c.hls_media_store_settings {
        Some(m) => {
            let path = format!("{path}.HlsMediaStoreSettings");
            no_extra(&m.extra, &path)?;
            Some(
                sdk::HlsMediaStoreSettings::builder()
                    .set_media_store_storage_class(to_enum(&m.media_store_storage_class, |v| v.as_str()))
                    .set_connection_retry_interval(int_to(
                        m.connection_retry_interval,
                        &path,
                        "ConnectionRetryInterval",
                    )?)
                    .set_filecache_duration(int_to(m.filecache_duration, &path, "FilecacheDuration")?)
                    .set_num_retries(int_to(m.num_retries, &path, "NumRetries")?)
                    .set_restart_delay(int_to(m.restart_delay, &path, "RestartDelay")?)
                    .build(),
            )
        }
        None => None,
    };
    let s3 = match &c.hls_s3_settings {
        Some(s) => {
            no_extra(&s.extra, &format!("{path}.HlsS3Settings"))?;
            Some(
                sdk::HlsS3Settings::builder()
                    .set_canned_acl(s.canned_acl.as_deref().map(sdk::S3CannedAcl::from))
                    .build(),
            )
        }
        None => None,
    };
    Ok(sdk::HlsCdnSettings::builder()
        .set_hls_media_store_settings(media_store)
        .set_hls_s3_settings(s3)
        .build())
}

fn cdn_from(c: &sdk::HlsCdnSettings, path: &str) -> Result<HlsCdnSettings, Error> {
    let media_store = match &c.hls_media_store_settings {
        Some(m) => {
            let path = format!("{path}.HlsMediaStoreSettings");
            Some(HlsMediaStoreSettings {
                media_store_storage_class: from_enum(
                    &m.media_store_storage_class,
                    sdk::HlsMediaStoreStorageClass::as_str,
                ),
                connection_retry_interval: int_from(
                    m.connection_retry_interval,
                    &path,
                    "ConnectionRetryInterval",
                )?,
                filecache_duration: int_from(m.filecache_duration, &path, "FilecacheDuration")?,
                num_retries: int_from(m.num_retries, &path, "NumRetries")?,
                restart_delay: int_from(m.restart_delay, &path, "RestartDelay")?,
                extra: Map::new(),
            })
        }
        None => None,
    };
    let s3 = c.hls_s3_settings.as_ref().map(|s| HlsS3Settings {
        canned_acl: s.canned_acl.as_ref().map(|a| a.as_str().to_owned()),
        extra: Map::new(),
    });
    let ours = HlsCdnSettings {
        hls_media_store_settings: media_store,
        hls_s3_settings: s3,
        extra: Map::new(),
    };
    carried(c, &cdn_to(&ours, path)?, path)?;
    Ok(ours)
}

fn output_to(o: &Output, path: &str) -> Result<sdk::Output, Error> {
    no_extra(&o.extra, path)?;
    let settings = match &o.output_settings {
        Some(s) => {
            let path = format!("{path}.OutputSettings");
            no_extra(&s.extra, &path)?;
            Some(
                sdk::OutputSettings::builder()
                    .set_hls_output_settings(opt(
                        &s.hls_output_settings,
                        &format!("{path}.HlsOutputSettings"),
                        hls_output_to,
                    )?)
                    .set_media_package_output_settings(opt(
                        &s.media_package_output_settings,
                        &format!("{path}.MediaPackageOutputSettings"),
                        media_package::media_package_output_to,
                    )?)
                    .set_cmaf_ingest_output_settings(opt(
                        &s.cmaf_ingest_output_settings,
                        &format!("{path}.CmafIngestOutputSettings"),
                        media_package::cmaf_ingest_output_to,
                    )?)
                    .build(),
            )
        }
        None => None,
    };
    Ok(sdk::Output::builder()
        .set_output_name(o.output_name.clone())
        .set_video_description_name(o.video_description_name.clone())
        .set_audio_description_names(o.audio_description_names.clone())
        .set_caption_description_names(o.caption_description_names.clone())
        .set_output_settings(settings)
        .build())
}

fn output_from(o: &sdk::Output, path: &str) -> Result<Output, Error> {
    let settings = match &o.output_settings {
        Some(s) => {
            let path = format!("{path}.OutputSettings");
            let ours = OutputSettings {
                hls_output_settings: opt_from(
                    &s.hls_output_settings,
                    &format!("{path}.HlsOutputSettings"),
                    hls_output_from,
                )?,
                media_package_output_settings: opt_from(
                    &s.media_package_output_settings,
                    &format!("{path}.MediaPackageOutputSettings"),
                    media_package::media_package_output_from,
                )?,
                cmaf_ingest_output_settings: opt_from(
                    &s.cmaf_ingest_output_settings,
                    &format!("{path}.CmafIngestOutputSettings"),
                    media_package::cmaf_ingest_output_from,
                )?,
                extra: Map::new(),
            };
            Some(ours)
        }
        None => None,
    };
    let ours = Output {
        output_name: o.output_name.clone(),
        video_description_name: o.video_description_name.clone(),
        audio_description_names: o.audio_description_names.clone(),
        caption_description_names: o.caption_description_names.clone(),
        output_settings: settings,
        extra: Map::new(),
    };
    if let (Some(original), Some(rebuilt)) = (&o.output_settings, &output_to(&ours, path)?.output_settings) {
        carried(original, rebuilt, &format!("{path}.OutputSettings"))?;
    }
    carried(o, &output_to(&ours, path)?, path)?;
    Ok(ours)
}

fn hls_output_to(h: &HlsOutputSettings, path: &str) -> Result<sdk::HlsOutputSettings, Error> {
    let builder = sdk::HlsOutputSettings::builder()
        .set_name_modifier(h.name_modifier.clone())
        .set_segment_modifier(h.segment_modifier.clone())
        .set_hls_settings(opt(
            &h.hls_settings,
            &format!("{path}.HlsSettings"),
            hls_settings_to,
        )?);
    let (builder, used) = hls_output_pass_to(builder, &h.extra, path)?;
    no_extra_except(&h.extra, path, &used)?;
    Ok(builder.build())
}

fn hls_output_from(h: &sdk::HlsOutputSettings, path: &str) -> Result<HlsOutputSettings, Error> {
    let mut ours = HlsOutputSettings {
        name_modifier: h.name_modifier.clone(),
        segment_modifier: h.segment_modifier.clone(),
        hls_settings: opt_from(&h.hls_settings, &format!("{path}.HlsSettings"), hls_settings_from)?,
        extra: Map::new(),
    };
    hls_output_pass_from(h, &mut ours.extra);
    carried(h, &hls_output_to(&ours, path)?, path)?;
    Ok(ours)
}

fn hls_settings_to(h: &HlsSettings, path: &str) -> Result<sdk::HlsSettings, Error> {
    no_extra(&h.extra, path)?;
    let standard = match &h.standard_hls_settings {
        Some(s) => {
            let path = format!("{path}.StandardHlsSettings");
            no_extra(&s.extra, &path)?;
            let m3u8 = match &s.m3u8_settings {
                Some(m) => {
                    let m3u8_path = format!("{path}.M3u8Settings");
                    let (builder, used) = m3u8_pass_to(sdk::M3u8Settings::builder(), m, &m3u8_path)?;
                    no_extra_except(m, &m3u8_path, &used)?;
                    Some(builder.build())
                }
                None => None,
            };
            Some(
                sdk::StandardHlsSettings::builder()
                    .set_audio_rendition_sets(s.audio_rendition_sets.clone())
                    .set_m3u8_settings(m3u8)
                    .build(),
            )
        }
        None => None,
    };
    let audio_only = match &h.audio_only_hls_settings {
        Some(a) => {
            let audio_path = format!("{path}.AudioOnlyHlsSettings");
            let builder = sdk::AudioOnlyHlsSettings::builder().set_audio_group_id(a.audio_group_id.clone());
            let (builder, used) = audio_only_pass_to(builder, &a.extra, &audio_path)?;
            no_extra_except(&a.extra, &audio_path, &used)?;
            Some(builder.build())
        }
        None => None,
    };
    Ok(sdk::HlsSettings::builder()
        .set_standard_hls_settings(standard)
        .set_audio_only_hls_settings(audio_only)
        .build())
}

fn hls_settings_from(h: &sdk::HlsSettings, path: &str) -> Result<HlsSettings, Error> {
    let standard = h.standard_hls_settings.as_ref().map(|s| StandardHlsSettings {
        audio_rendition_sets: s.audio_rendition_sets.clone(),
        m3u8_settings: s.m3u8_settings.as_ref().map(|m| {
            let mut map = Map::new();
            m3u8_pass_from(m, &mut map);
            map
        }),
        extra: Map::new(),
    });
    let audio_only = h.audio_only_hls_settings.as_ref().map(|a| {
        let mut extra = Map::new();
        audio_only_pass_from(a, &mut extra);
        AudioOnlyHlsSettings {
            audio_group_id: a.audio_group_id.clone(),
            extra,
        }
    });
    let ours = HlsSettings {
        standard_hls_settings: standard,
        audio_only_hls_settings: audio_only,
        extra: Map::new(),
    };
    let rebuilt = hls_settings_to(&ours, path)?;
    if let (Some(original), Some(again)) = (&h.standard_hls_settings, &rebuilt.standard_hls_settings) {
        carried(original, again, &format!("{path}.StandardHlsSettings"))?;
    }
    if let (Some(original), Some(again)) = (&h.audio_only_hls_settings, &rebuilt.audio_only_hls_settings) {
        carried(original, again, &format!("{path}.AudioOnlyHlsSettings"))?;
    }
    carried(h, &rebuilt, path)?;
    Ok(ours)
}
