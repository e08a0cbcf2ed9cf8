//! The recipe's channel: live HLS with epoch locking, a redundant manifest over two destinations,
//! `PAUSE_OUTPUT` on input loss, and a ladder of H.264 renditions with AAC audio.

use std::collections::BTreeMap;

use hls_epoch::{Cadence, CustomEpoch, FrameRate, JamSyncTime};
use serde_json::Map;
use typed_builder::TypedBuilder;

use crate::channel::{ChannelClass, InputCodec, InputMaximumBitrate, InputResolution};
use crate::destination::{self, Destination, DestinationUrl};
use crate::encoder::TimecodeSource;
use crate::hls::{
    HlsMediaStoreSettings, HlsMode, HlsS3Settings, InputLossAction, MediaStoreStorageClass,
    OutputGroupSettings, OutputLocationRef, OutputSettings, RedundantManifest, StandardHlsSettings,
};
use crate::ladder;
use crate::pipeline::{Pipeline, PipelineNames};
use crate::video::{H264Level, H264Profile};
use crate::{
    Channel, EncoderSettings, HlsCdnSettings, HlsGroupSettings, HlsOutputSettings, HlsSettings,
    InputSpecification, Output, OutputDestination, OutputDestinationSettings, OutputGroup,
};

/// The `Id` of the destination the HLS group writes to.
pub const DESTINATION_ID: &str = "hls-origin";
/// The name of the input audio selector the audio encodes read.
pub const AUDIO_SELECTOR: &str = "default";

/// One rung of the ladder: a video encode and the AAC audio muxed with it.
///
/// ```
/// use medialive_template::Rung;
/// use medialive_template::video::{H264Level, H264Profile};
///
/// let rung = Rung::builder().width(1280).height(720).video_bitrate(3_000_000)
///     .profile(H264Profile::High).level(H264Level::L3_1).audio_bitrate(128_000).build();
/// assert_eq!(rung.name_modifier("30".parse()?), "_720p30");
/// assert_eq!(rung.name_modifier("29.97".parse()?), "_720p2997");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, TypedBuilder)]
pub struct Rung {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Video bitrate, bits per second (CBR).
    pub video_bitrate: u32,
    /// H.264 profile.
    pub profile: H264Profile,
    /// H.264 level.
    pub level: H264Level,
    /// AAC bitrate, bits per second.
    #[builder(default = 128_000)]
    pub audio_bitrate: u32,
    /// The output's `NameModifier`; derived from height and frame rate when `None`
    /// (see [`Rung::name_modifier`]).
    #[builder(default, setter(strip_option, into))]
    pub custom_name_modifier: Option<String>,
}

impl Rung {
    /// The default ladder at `rate`: four 16:9 rungs, CBR, with stereo AAC-LC at 48 kHz.
    ///
    /// | rung | video | profile | level (<= 30 fps / > 30 fps) | audio |
    /// |---|---|---|---|---|
    /// | 1920x1080 | 5 Mbit/s | HIGH | 4.1 / 4.2 | 128 kbit/s |
    /// | 1280x720 | 3 Mbit/s | HIGH | 3.1 / 3.2 | 128 kbit/s |
    /// | 960x540 | 1.5 Mbit/s | MAIN | 3.1 / 3.2 | 96 kbit/s |
    /// | 640x360 | 800 kbit/s | MAIN | 3 / 3.1 | 96 kbit/s |
    ///
    /// The levels are the lowest whose macroblock rate fits the rung at the rate.
    pub fn default_ladder(rate: FrameRate) -> Vec<Rung> {
        // Above 30 fps the macroblock rate doubles, which needs the next level up.
        let fast = u64::from(rate.numerator()) > 30 * u64::from(rate.denominator());
        let pick = |slow: H264Level, quick: H264Level| if fast { quick } else { slow };
        vec![
            Rung::builder()
                .width(1920)
                .height(1080)
                .video_bitrate(5_000_000)
                .profile(H264Profile::High)
                .level(pick(H264Level::L4_1, H264Level::L4_2))
                .audio_bitrate(128_000)
                .build(),
            Rung::builder()
                .width(1280)
                .height(720)
                .video_bitrate(3_000_000)
                .profile(H264Profile::High)
                .level(pick(H264Level::L3_1, H264Level::L3_2))
                .audio_bitrate(128_000)
                .build(),
            Rung::builder()
                .width(960)
                .height(540)
                .video_bitrate(1_500_000)
                .profile(H264Profile::Main)
                .level(pick(H264Level::L3_1, H264Level::L3_2))
                .audio_bitrate(96_000)
                .build(),
            Rung::builder()
                .width(640)
                .height(360)
                .video_bitrate(800_000)
                .profile(H264Profile::Main)
                .level(pick(H264Level::L3, H264Level::L3_1))
                .audio_bitrate(96_000)
                .build(),
        ]
    }

    /// The output's `NameModifier`: the custom one, or `_<height>p<rate>` with the rate's digits
    /// (`_1080p30`, `_1080p2997` at 29.97 fps, `_720p5994` at 59.94 fps).
    pub fn name_modifier(&self, rate: FrameRate) -> String {
        match &self.custom_name_modifier {
            Some(custom) => custom.clone(),
            None => format!("_{}p{}", self.height, rate.to_string().replace(['.', '/'], "")),
        }
    }
}

/// The recipe's live HLS channel. Required: name, input and destination; everything else has the
/// recipe's default.
///
/// What the built channel always has, because the recipe needs it: a `STANDARD` channel,
/// `OutputLockingMode` `EPOCH_LOCKING`, one HLS group with `InputLossAction` `PAUSE_OUTPUT` and
/// `RedundantManifest` `ENABLED`, two destinations that differ only in base name, `FramerateControl`
/// `SPECIFIED` on every encode at [`LiveHlsChannel::frame_rate`], and a GOP (in frames) that divides the
/// segment. Audio is muxed into each rendition rather than sent as a separate audio group: per-pipeline
/// audio `GROUP-ID`s in a redundant manifest keep some players from treating the two pipelines'
/// renditions as copies of each other.
#[derive(Debug, Clone, PartialEq, TypedBuilder)]
#[builder(doc)]
pub struct LiveHlsChannel {
    /// `Name` of the channel.
    #[builder(setter(into))]
    pub name: String,
    /// `RoleArn`; MediaLive's default role when absent.
    #[builder(default, setter(strip_option, into))]
    pub role_arn: Option<String>,
    /// The MediaLive input to attach (`InputId`).
    #[builder(setter(into))]
    pub input_id: String,
    /// `InputAttachmentName`.
    #[builder(default = "input".to_owned(), setter(into))]
    pub input_attachment_name: String,
    /// `InputSpecification`; AVC, HD, up to 20 Mbit/s by default.
    #[builder(default = InputSpecification {
        codec: Some(InputCodec::Avc),
        maximum_bitrate: Some(InputMaximumBitrate::Max20Mbps),
        resolution: Some(InputResolution::Hd),
        extra: Map::new(),
    })]
    pub input_specification: InputSpecification,
    /// Where both pipelines write: a MediaStore container's data endpoint (`mediastoressl://`) or an S3
    /// bucket (`s3ssl://`).
    #[builder(setter(into))]
    pub destination: Destination,
    /// The folders under the host and the two pipelines' base names; the recipe's `primary` and
    /// `backup` at the root by default.
    #[builder(default)]
    pub pipelines: PipelineNames,
    /// The encodes' frame rate; it must be the source's, or reachable from it without a complex
    /// conversion. 30 fps by default, as the console's "Live event - HLS" template.
    #[builder(default = FrameRate::FPS_30)]
    pub frame_rate: FrameRate,
    /// `SegmentLength`, whole seconds.
    #[builder(default = 6)]
    pub segment_length: u32,
    /// The GOP in frames; by default the largest divisor of the segment not longer than 2 seconds.
    #[builder(default, setter(strip_option))]
    pub gop_frames: Option<u32>,
    /// The ladder; [`Rung::default_ladder`] at the frame rate when `None`.
    #[builder(default, setter(strip_option))]
    pub ladder: Option<Vec<Rung>>,
    /// `TimecodeConfig.Source`: `EMBEDDED` (UTC timecode from the contribution encoder, the default) or
    /// `SYSTEMCLOCK`.
    #[builder(default = TimecodeSource::Embedded)]
    pub timecode_source: TimecodeSource,
    /// `EpochLockingSettings.CustomEpoch`; the Unix epoch when absent.
    #[builder(default, setter(strip_option))]
    pub custom_epoch: Option<CustomEpoch>,
    /// `EpochLockingSettings.JamSyncTime`.
    #[builder(default, setter(strip_option))]
    pub jam_sync_time: Option<JamSyncTime>,
    /// `Tags`.
    #[builder(default, setter(strip_option))]
    pub tags: Option<BTreeMap<String, String>>,
}

/// Why the recipe's channel could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The ladder has no rung.
    #[error("ladder is empty: at least one rung is required")]
    EmptyLadder,
    /// The segment length gives no valid cadence at the frame rate.
    #[error("segment_length {segment_length} at {frame_rate} fps is not allowed")]
    Cadence {
        /// The segment length given.
        segment_length: u32,
        /// The frame rate.
        frame_rate: FrameRate,
        /// Why.
        #[source]
        source: hls_epoch::cadence::Error,
    },
    /// The GOP does not divide the segment.
    #[error("gop_frames is not allowed")]
    Gop {
        /// Why.
        #[source]
        source: hls_epoch::cadence::Error,
    },
    /// Two rungs have the same name modifier, so their playlists would overwrite each other.
    #[error(
        "ladder[{index}] name modifier {name_modifier:?} is already used by an earlier rung: name modifiers must be unique"
    )]
    DuplicateNameModifier {
        /// The rung's index.
        index: usize,
        /// The modifier.
        name_modifier: String,
    },
    /// A name modifier would change with the date or time, so the two Regions and pipelines would
    /// disagree.
    #[error(
        "{field} {value:?} holds the date/time variable {variable}: epoch-locked names must not change with time"
    )]
    DateTimeVariable {
        /// `ladder[i] name modifier`.
        field: String,
        /// The value given.
        value: String,
        /// The variable found.
        variable: String,
    },
    /// The path does not make a destination URL with the destination's host.
    #[error("destination is not allowed")]
    Destination {
        /// Why.
        #[source]
        source: destination::Error,
    },
}

impl LiveHlsChannel {
    /// The segment cadence, via [`Cadence::from_medialive_segment_length`].
    pub fn cadence(&self) -> Result<Cadence, Error> {
        ladder::cadence(self.segment_length, self.frame_rate)
    }

    /// The GOP in frames: the configured one, or the largest divisor of the segment that lasts at most
    /// 2 seconds. Checked with [`Cadence::gops_per_segment`].
    pub fn gop(&self) -> Result<u32, Error> {
        ladder::gop(self.segment_length, self.frame_rate, self.gop_frames)
    }

    /// The two destination URLs, pipeline 0 first.
    pub fn destinations(&self) -> Result<[DestinationUrl; 2], Error> {
        let url = |pipeline: Pipeline| {
            self.destination
                .url(self.pipelines.path(), self.pipelines.base(pipeline))
                .map_err(|source| Error::Destination { source })
        };
        Ok([url(Pipeline::Primary)?, url(Pipeline::Backup)?])
    }

    /// The channel document.
    pub fn channel(&self) -> Result<Channel, Error> {
        let encodes = ladder::encodes(self.ladder.as_deref(), self.frame_rate, self.gop()?)?;
        let [url_a, url_b] = self.destinations()?;
        let outputs = encodes
            .renditions
            .iter()
            .map(|rendition| Output {
                output_name: Some(rendition.output_name.clone()),
                video_description_name: Some(rendition.video.clone()),
                audio_description_names: Some(vec![rendition.audio.clone()]),
                output_settings: Some(OutputSettings {
                    hls_output_settings: Some(HlsOutputSettings {
                        name_modifier: Some(rendition.name_modifier.clone()),
                        hls_settings: Some(HlsSettings {
                            standard_hls_settings: Some(StandardHlsSettings {
                                m3u8_settings: Some(Map::new()),
                                ..Default::default()
                            }),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .collect();

        Ok(Channel {
            name: Some(self.name.clone()),
            channel_class: Some(ChannelClass::Standard),
            role_arn: self.role_arn.clone(),
            input_attachments: Some(vec![ladder::input_attachment(
                &self.input_id,
                &self.input_attachment_name,
            )]),
            input_specification: Some(self.input_specification.clone()),
            destinations: Some(vec![OutputDestination {
                id: Some(DESTINATION_ID.to_owned()),
                settings: Some(
                    [url_a, url_b]
                        .iter()
                        .map(|url| OutputDestinationSettings {
                            url: Some(url.to_string()),
                            ..Default::default()
                        })
                        .collect(),
                ),
                ..Default::default()
            }]),
            encoder_settings: Some(EncoderSettings {
                audio_descriptions: Some(encodes.audios),
                video_descriptions: Some(encodes.videos),
                output_groups: Some(vec![OutputGroup {
                    name: Some("HD".to_owned()),
                    output_group_settings: Some(OutputGroupSettings {
                        hls_group_settings: Some(self.hls_group_settings()),
                        ..Default::default()
                    }),
                    outputs: Some(outputs),
                    extra: Map::new(),
                }]),
                timecode_config: Some(ladder::timecode_config(&self.timecode_source)),
                global_configuration: Some(ladder::epoch_locked(self.custom_epoch, self.jam_sync_time)),
                extra: Map::new(),
            }),
            log_level: None,
            tags: self.tags.clone(),
            extra: Map::new(),
        })
    }

    fn hls_group_settings(&self) -> HlsGroupSettings {
        let cdn = match self.destination {
            Destination::S3(_) => HlsCdnSettings {
                hls_s3_settings: Some(HlsS3Settings::default()),
                ..Default::default()
            },
            Destination::MediaStore(_) => HlsCdnSettings {
                hls_media_store_settings: Some(HlsMediaStoreSettings {
                    media_store_storage_class: Some(MediaStoreStorageClass::Temporal),
                    connection_retry_interval: Some(1),
                    filecache_duration: Some(300),
                    num_retries: Some(10),
                    restart_delay: Some(15),
                    extra: Map::new(),
                }),
                ..Default::default()
            },
        };
        HlsGroupSettings {
            destination: Some(OutputLocationRef {
                destination_ref_id: Some(DESTINATION_ID.to_owned()),
                extra: Map::new(),
            }),
            hls_cdn_settings: Some(cdn),
            input_loss_action: Some(InputLossAction::PauseOutput),
            redundant_manifest: Some(RedundantManifest::Enabled),
            segment_length: Some(self.segment_length),
            mode: Some(HlsMode::Live),
            index_n_segments: Some(10),
            keep_segments: Some(21),
            extra: Map::new(),
        }
    }
}
