//! The read API: every HLS output group of a template, resolved into what a master manifest is made of.
//!
//! MediaLive documents spread one rendition over three places (an output names a video description and
//! audio descriptions; the group names a destination entry). [`HlsGroupView`] puts them back together,
//! with every reference resolved, so a caller can predict playlists and master-manifest entries without
//! walking the document.
//!
//! ```
//! use medialive_template::LiveHlsChannel;
//! use mediastore_policy::DataEndpoint;
//!
//! let channel = LiveHlsChannel::builder()
//!     .name("live")
//!     .input_id("1234567")
//!     .destination(DataEndpoint::from_host("abcd.data.mediastore.us-east-1.amazonaws.com")?)
//!     .pipelines(medialive_template::PipelineNames::recipe("live")?)
//!     .build()
//!     .channel()?;
//! let groups = channel.hls_output_groups()?;
//! let group = &groups[0];
//! let pipeline_a = &group.destinations[0];
//! let top = &group.outputs[0];
//! let video = top.video.as_ref().ok_or("no video")?;
//! assert_eq!((video.width, video.height, video.bitrate), (Some(1920), Some(1080), Some(5_000_000)));
//! assert_eq!(pipeline_a.rendition_playlist_key(&top.name_modifier), "live/primary_1080p30.m3u8");
//! assert_eq!(top.audio[0].bitrate, Some(128_000));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use hls_epoch::{Cadence, FrameRate};

use crate::audio::{AacCodingMode, AacProfile};
use crate::destination::{self, DestinationUrl};
use crate::hls::{AudioOnlyHlsSettings, InputLossAction};
use crate::video::{FramerateControl, H264Level, H264Profile};
use crate::{AudioDescription, Channel, EncoderSettings, OutputDestination, VideoDescription};

hls_epoch::open_enum! {
    /// A video encode's codec, named by the key of its settings in `CodecSettings`.
    VideoCodec {
        /// `H264Settings`.
        H264 = "H264Settings",
        /// `H265Settings`.
        H265 = "H265Settings",
        /// `Mpeg2Settings`.
        Mpeg2 = "Mpeg2Settings",
        /// `Av1Settings`.
        Av1 = "Av1Settings",
        /// `FrameCaptureSettings`.
        FrameCapture = "FrameCaptureSettings",
    }
}

hls_epoch::open_enum! {
    /// An audio encode's codec, named by the key of its settings in `CodecSettings`.
    AudioCodec {
        /// `AacSettings`.
        Aac = "AacSettings",
        /// `Ac3Settings`.
        Ac3 = "Ac3Settings",
        /// `Eac3Settings`.
        Eac3 = "Eac3Settings",
        /// `Eac3AtmosSettings`.
        Eac3Atmos = "Eac3AtmosSettings",
        /// `Mp2Settings`.
        Mp2 = "Mp2Settings",
        /// `PassThroughSettings`.
        PassThrough = "PassThroughSettings",
        /// `WavSettings`.
        Wav = "WavSettings",
    }
}

/// One HLS output group, resolved.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HlsGroupView {
    /// The group's JSON path (`$.EncoderSettings.OutputGroups[0]`).
    pub path: String,
    /// The group's `Name`.
    pub name: Option<String>,
    /// The `DestinationRefId`.
    pub destination_ref_id: Option<String>,
    /// The destination of each pipeline, A first. Empty for an `EncoderSettings`-only document, which has
    /// no `Destinations`.
    pub destinations: Vec<DestinationUrl>,
    /// Whether `RedundantManifest` is `ENABLED`.
    pub redundant_manifest: bool,
    /// `SegmentLength` in whole seconds (MediaLive's default, 10, when absent). Use
    /// [`HlsGroupView::cadence`] for the exact duration.
    pub segment_length: u32,
    /// `InputLossAction` as written (MediaLive's default is `EMIT_OUTPUT`).
    pub input_loss_action: Option<InputLossAction>,
    /// The group's outputs, in document order.
    pub outputs: Vec<HlsOutputView>,
}

/// One HLS output (rendition), resolved.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HlsOutputView {
    /// The output's JSON path.
    pub path: String,
    /// `OutputName`.
    pub output_name: Option<String>,
    /// `NameModifier` (empty when absent).
    pub name_modifier: String,
    /// The video encode, if the output has one.
    pub video: Option<VideoRendition>,
    /// The audio encodes, in `AudioDescriptionNames` order. For an audio-only output each carries the
    /// output's audio group.
    pub audio: Vec<AudioRendition>,
    /// `StandardHlsSettings.AudioRenditionSets`: the audio groups a video rendition plays with, if set.
    pub audio_rendition_sets: Option<String>,
    /// Whether this is an audio-only output (`AudioOnlyHlsSettings`).
    pub audio_only: bool,
}

/// A video encode as a rendition.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VideoRendition {
    /// The video description's `Name`.
    pub description_name: String,
    /// The codec, when the description has codec settings.
    pub codec: Option<VideoCodec>,
    /// `Width`, pixels (the source's when absent).
    pub width: Option<u32>,
    /// `Height`, pixels (the source's when absent).
    pub height: Option<u32>,
    /// `Bitrate`, bits per second.
    pub bitrate: Option<u32>,
    /// `MaxBitrate`, bits per second.
    pub max_bitrate: Option<u32>,
    /// `FramerateControl` as written.
    pub framerate_control: Option<FramerateControl>,
    /// The frame rate when `SPECIFIED` (numerator and denominator via [`FrameRate::numerator`] and
    /// [`FrameRate::denominator`]); `None` when it follows the source.
    pub frame_rate: Option<FrameRate>,
    /// H.264 `Profile` as written (MediaLive's default is `MAIN`).
    pub profile: Option<H264Profile>,
    /// H.264 `Level` as written (MediaLive's default is `H264_LEVEL_AUTO`).
    pub level: Option<H264Level>,
}

/// An audio encode as a rendition.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AudioRendition {
    /// The audio description's `Name`.
    pub description_name: String,
    /// The codec.
    pub codec: Option<AudioCodec>,
    /// AAC `Bitrate`, bits per second.
    pub bitrate: Option<u64>,
    /// AAC `SampleRate`, Hz.
    pub sample_rate: Option<u64>,
    /// AAC `CodingMode`.
    pub coding_mode: Option<AacCodingMode>,
    /// AAC `Profile`.
    pub profile: Option<AacProfile>,
    /// The audio group, for an audio-only output (`program_audio` when its `AudioGroupId` is absent);
    /// `None` for audio muxed into a video rendition.
    pub audio_group_id: Option<String>,
}

/// Why a template's HLS groups could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A reference names nothing in the document.
    #[error("{path} is {name:?}, which names no {target}: expected the name of an existing {target}")]
    Dangling {
        /// The JSON path of the reference.
        path: String,
        /// The name given.
        name: String,
        /// What it should name (`Destinations entry`, `VideoDescriptions entry`, ...).
        target: &'static str,
    },
    /// A required field is absent.
    #[error("{path} is missing: {why}")]
    Missing {
        /// The JSON path of the field.
        path: String,
        /// Why it is required.
        why: &'static str,
    },
    /// A destination URL does not parse.
    #[error("destination URL at {path} does not parse")]
    Url {
        /// The JSON path of the URL.
        path: String,
        /// What is wrong with it.
        #[source]
        source: destination::Error,
    },
}

impl HlsGroupView {
    /// The exact segment cadence at `rate`, as MediaLive makes it from the integer `SegmentLength`
    /// ([`Cadence::from_medialive_segment_length`]).
    pub fn cadence(&self, rate: FrameRate) -> Result<Cadence, hls_epoch::cadence::Error> {
        Cadence::from_medialive_segment_length(self.segment_length, rate)
    }
}

impl Channel {
    /// Every HLS output group, with destinations, descriptions and defaults resolved.
    pub fn hls_output_groups(&self) -> Result<Vec<HlsGroupView>, Error> {
        let Some(settings) = &self.encoder_settings else {
            return Err(Error::Missing {
                path: "$.EncoderSettings".to_owned(),
                why: "a channel needs encoder settings",
            });
        };
        resolve(
            settings,
            "$.EncoderSettings",
            Some(self.destinations.as_deref().unwrap_or_default()),
        )
    }
}

impl EncoderSettings {
    /// Every HLS output group of an `EncoderSettings`-only document (paths start at `$`); destinations are
    /// left empty because such a document has none.
    pub fn hls_output_groups(&self) -> Result<Vec<HlsGroupView>, Error> {
        resolve(self, "$", None)
    }
}

fn resolve(
    settings: &EncoderSettings,
    prefix: &str,
    destinations: Option<&[OutputDestination]>,
) -> Result<Vec<HlsGroupView>, Error> {
    let mut views = Vec::new();
    for (g, group) in settings.output_groups.iter().flatten().enumerate() {
        let Some(hls) = group.hls() else { continue };
        let path = format!("{prefix}.OutputGroups[{g}]");
        let settings_path = format!("{path}.OutputGroupSettings.HlsGroupSettings");
        let ref_id = hls
            .destination
            .as_ref()
            .and_then(|d| d.destination_ref_id.clone());
        let urls = match destinations {
            None => Vec::new(),
            Some(destinations) => {
                let ref_path = format!("{settings_path}.Destination.DestinationRefId");
                let id = ref_id.as_deref().ok_or_else(|| Error::Missing {
                    path: ref_path.clone(),
                    why: "an HLS group must name its entry of Destinations",
                })?;
                destination_urls(destinations, id, &ref_path)?
            }
        };
        let mut outputs = Vec::new();
        for (o, output) in group.outputs.iter().flatten().enumerate() {
            let output_path = format!("{path}.Outputs[{o}]");
            let hls_output = output.hls();
            let hls_settings = hls_output.and_then(|h| h.hls_settings.as_ref());
            let audio_only = hls_settings.and_then(|s| s.audio_only_hls_settings.as_ref());
            let audio_group = audio_only.map(|a| {
                a.audio_group_id
                    .clone()
                    .unwrap_or_else(|| AudioOnlyHlsSettings::DEFAULT_AUDIO_GROUP_ID.to_owned())
            });
            let video = match &output.video_description_name {
                None => None,
                Some(name) => {
                    let description = find(&settings.video_descriptions, name, |v: &VideoDescription| {
                        v.name.as_deref()
                    })
                    .ok_or_else(|| Error::Dangling {
                        path: format!("{output_path}.VideoDescriptionName"),
                        name: name.clone(),
                        target: "VideoDescriptions entry",
                    })?;
                    Some(video_rendition(name, description))
                }
            };
            let mut audio = Vec::new();
            for (a, name) in output.audio_description_names.iter().flatten().enumerate() {
                let description = find(&settings.audio_descriptions, name, |d: &AudioDescription| {
                    d.name.as_deref()
                })
                .ok_or_else(|| Error::Dangling {
                    path: format!("{output_path}.AudioDescriptionNames[{a}]"),
                    name: name.clone(),
                    target: "AudioDescriptions entry",
                })?;
                audio.push(audio_rendition(name, description, audio_group.clone()));
            }
            outputs.push(HlsOutputView {
                path: output_path,
                output_name: output.output_name.clone(),
                name_modifier: hls_output
                    .and_then(|h| h.name_modifier.clone())
                    .unwrap_or_default(),
                video,
                audio,
                audio_rendition_sets: hls_settings
                    .and_then(|s| s.standard_hls_settings.as_ref())
                    .and_then(|s| s.audio_rendition_sets.clone()),
                audio_only: audio_only.is_some(),
            });
        }
        views.push(HlsGroupView {
            path,
            name: group.name.clone(),
            destination_ref_id: ref_id,
            destinations: urls,
            redundant_manifest: hls.is_redundant_manifest(),
            segment_length: hls.effective_segment_length(),
            input_loss_action: hls.input_loss_action.clone(),
            outputs,
        });
    }
    Ok(views)
}

/// The parsed URLs of the `Destinations` entry with `Id` `id`.
pub(crate) fn destination_urls(
    destinations: &[OutputDestination],
    id: &str,
    ref_path: &str,
) -> Result<Vec<DestinationUrl>, Error> {
    let (d, entry) = destinations
        .iter()
        .enumerate()
        .find(|(_, d)| d.id.as_deref() == Some(id))
        .ok_or_else(|| Error::Dangling {
            path: ref_path.to_owned(),
            name: id.to_owned(),
            target: "Destinations entry",
        })?;
    let mut urls = Vec::new();
    for (s, setting) in entry.settings.iter().flatten().enumerate() {
        let path = format!("$.Destinations[{d}].Settings[{s}].Url");
        let url = setting.url.as_deref().ok_or_else(|| Error::Missing {
            path: path.clone(),
            why: "an HLS destination needs a URL",
        })?;
        urls.push(url.parse().map_err(|source| Error::Url { path, source })?);
    }
    Ok(urls)
}

fn find<'a, T>(items: &'a Option<Vec<T>>, name: &str, name_of: impl Fn(&T) -> Option<&str>) -> Option<&'a T> {
    items.iter().flatten().find(|item| name_of(item) == Some(name))
}

fn video_rendition(name: &str, description: &VideoDescription) -> VideoRendition {
    let codec_settings = description.codec_settings.as_ref();
    let h264 = description.h264();
    let codec = match (h264, codec_settings.and_then(|c| c.extra.keys().next())) {
        (Some(_), _) => Some(VideoCodec::H264),
        (None, Some(key)) => Some(VideoCodec::from(key.as_str())),
        (None, None) => None,
    };
    VideoRendition {
        description_name: name.to_owned(),
        codec,
        width: description.width,
        height: description.height,
        bitrate: h264.and_then(|h| h.bitrate),
        max_bitrate: h264.and_then(|h| h.max_bitrate),
        framerate_control: h264.and_then(|h| h.framerate_control.clone()),
        frame_rate: h264.and_then(|h| h.specified_frame_rate()),
        profile: h264.and_then(|h| h.profile.clone()),
        level: h264.and_then(|h| h.level.clone()),
    }
}

fn audio_rendition(
    name: &str,
    description: &AudioDescription,
    audio_group_id: Option<String>,
) -> AudioRendition {
    let codec_settings = description.codec_settings.as_ref();
    let aac = description.aac();
    let codec = match (aac, codec_settings.and_then(|c| c.extra.keys().next())) {
        (Some(_), _) => Some(AudioCodec::Aac),
        (None, Some(key)) => Some(AudioCodec::from(key.as_str())),
        (None, None) => None,
    };
    AudioRendition {
        description_name: name.to_owned(),
        codec,
        bitrate: aac.and_then(|a| a.bitrate_bps()),
        sample_rate: aac.and_then(|a| a.sample_rate_hz()),
        coding_mode: aac.and_then(|a| a.coding_mode.clone()),
        profile: aac.and_then(|a| a.profile.clone()),
        audio_group_id,
    }
}
