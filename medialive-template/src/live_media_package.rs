//! The epoch-locked channel that feeds MediaPackage v2: a MediaPackage output group in v2 mode, each
//! pipeline writing to one of the MediaPackage channel's two ingest endpoints, and the ladder of
//! [`Rung`]s the HLS builder uses, as separate video and audio tracks.
//!
//! ```
//! use medialive_template::LiveMediaPackageChannel;
//! use medialive_template::media_package::{ChannelEndpointId, MediaPackageOutputDestinationSettings};
//!
//! // `mediapackage-origin` makes these from its checked names; spelled out here.
//! let endpoint = |id: ChannelEndpointId| MediaPackageOutputDestinationSettings {
//!     channel_group: Some("live".to_owned()),
//!     channel_name: Some("event".to_owned()),
//!     channel_endpoint_id: Some(id),
//!     media_package_region_name: Some("us-east-1".to_owned()),
//!     ..Default::default()
//! };
//! let channel = LiveMediaPackageChannel::builder()
//!     .name("event-east")
//!     .input_id("1234567")
//!     .destinations([endpoint(ChannelEndpointId::Endpoint1), endpoint(ChannelEndpointId::Endpoint2)])
//!     .build()
//!     .channel()?;
//! let group = &channel.encoder_settings.as_ref().ok_or("no encoder settings")?.output_groups.as_ref().ok_or("no groups")?[0];
//! let v2 = group.media_package().and_then(|g| g.mediapackage_v2_group_settings.as_ref()).ok_or("not v2")?;
//! assert_eq!(v2.segment_length, Some(6));
//! assert!(channel.validate("30".parse()?).is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use hls_epoch::{Cadence, CustomEpoch, FrameRate, JamSyncTime};
use serde_json::Map;
use typed_builder::TypedBuilder;

use crate::channel::{ChannelClass, InputCodec, InputMaximumBitrate, InputResolution};
use crate::encoder::TimecodeSource;
use crate::hls::{OutputGroupSettings, OutputLocationRef, OutputSettings};
use crate::ladder::{self, Encodes};
use crate::live_hls::{self, Rung};
use crate::media_package::{
    MediaPackageGroupSettings, MediaPackageOutputDestinationSettings, MediaPackageOutputSettings,
    MediaPackageV2DestinationSettings, MediapackageV2GroupSettings, SegmentLengthUnits,
};
use crate::{Channel, EncoderSettings, InputSpecification, Output, OutputDestination, OutputGroup};

/// The `Id` of the destination the MediaPackage group writes to.
pub const DESTINATION_ID: &str = "mediapackage-v2";

/// The epoch-locked channel for MediaPackage v2. Required: name, input and both pipelines' destinations;
/// everything else has the HLS builder's defaults.
///
/// What the built channel always has: a `STANDARD` channel, `OutputLockingMode` `EPOCH_LOCKING`, one
/// MediaPackage output group with `MediapackageV2GroupSettings` (`SegmentLength` in `SECONDS`), a
/// destination with one `MediaPackageSettings` entry per pipeline, `FramerateControl` `SPECIFIED` on
/// every encode at [`LiveMediaPackageChannel::frame_rate`] (so the rates are all whole or all
/// fractional, as cross-Region failover needs), and a GOP that divides the segment. No
/// `InputLossAction` and no redundant manifest: MediaPackage switches between the pipelines and
/// builds the manifests. Each output carries one track, as CMAF ingest does: a video output per rung
/// and an audio output per distinct audio encode, each video output naming its audio as an audio
/// rendition group.
#[derive(Debug, Clone, PartialEq, TypedBuilder)]
#[builder(doc)]
pub struct LiveMediaPackageChannel {
    /// `Name` of the channel.
    #[builder(setter(into))]
    pub name: String,
    /// `RoleArn`: a role allowed `mediapackagev2:PutObject` on the MediaPackage channel; MediaLive's
    /// default role when absent.
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
    /// Where each pipeline writes, pipeline 0 first: the MediaPackage channel's group, name, ingest
    /// endpoint and Region. `mediapackage-origin` makes them from its checked names.
    pub destinations: [MediaPackageOutputDestinationSettings; 2],
    /// The encodes' frame rate; it must be the source's, or reachable from it without a complex
    /// conversion. 30 fps by default.
    #[builder(default = FrameRate::FPS_30)]
    pub frame_rate: FrameRate,
    /// `SegmentLength`, whole seconds. The MediaPackage endpoint's segment must be a whole multiple of it.
    #[builder(default = 6)]
    pub segment_length: u32,
    /// The GOP in frames; by default the largest divisor of the segment not longer than 2 seconds.
    #[builder(default, setter(strip_option))]
    pub gop_frames: Option<u32>,
    /// The ladder; [`Rung::default_ladder`] at the frame rate when `None`. Custom name modifiers name
    /// the outputs here too.
    #[builder(default, setter(strip_option))]
    pub ladder: Option<Vec<Rung>>,
    /// `TimecodeConfig.Source`: `EMBEDDED` by default, or `SYSTEMCLOCK`.
    #[builder(default = TimecodeSource::Embedded)]
    pub timecode_source: TimecodeSource,
    /// `EpochLockingSettings.CustomEpoch`; the Unix epoch when absent. It must never change once the
    /// event has run.
    #[builder(default, setter(strip_option))]
    pub custom_epoch: Option<CustomEpoch>,
    /// `EpochLockingSettings.JamSyncTime`.
    #[builder(default, setter(strip_option))]
    pub jam_sync_time: Option<JamSyncTime>,
    /// `Tags`.
    #[builder(default, setter(strip_option))]
    pub tags: Option<BTreeMap<String, String>>,
}

/// Why the MediaPackage v2 channel could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The ladder, segment length or GOP breaks a rule every epoch-locked builder applies.
    #[error("the encodes are not allowed")]
    Encodes {
        /// The rule broken, as the HLS builder reports it.
        #[source]
        source: live_hls::Error,
    },
}

impl From<live_hls::Error> for Error {
    fn from(source: live_hls::Error) -> Self {
        Self::Encodes { source }
    }
}

impl LiveMediaPackageChannel {
    /// The segment cadence, via [`Cadence::from_medialive_segment_length`].
    pub fn cadence(&self) -> Result<Cadence, Error> {
        Ok(ladder::cadence(self.segment_length, self.frame_rate)?)
    }

    /// The GOP in frames, as [`LiveHlsChannel::gop`](crate::LiveHlsChannel::gop) chooses it.
    pub fn gop(&self) -> Result<u32, Error> {
        Ok(ladder::gop(
            self.segment_length,
            self.frame_rate,
            self.gop_frames,
        )?)
    }

    /// The channel document.
    pub fn channel(&self) -> Result<Channel, Error> {
        let Encodes {
            videos,
            audios,
            renditions,
        } = ladder::encodes(self.ladder.as_deref(), self.frame_rate, self.gop()?)?;

        // One audio output per distinct audio encode: rungs that share their audio share its track.
        let mut kept_audio: Vec<crate::AudioDescription> = Vec::new();
        let mut video_outputs = Vec::new();
        for (rendition, audio) in renditions.iter().zip(&audios) {
            let group = match kept_audio
                .iter()
                .find(|kept| kept.codec_settings == audio.codec_settings)
            {
                Some(kept) => kept.name.clone().unwrap_or_default(),
                None => {
                    kept_audio.push(audio.clone());
                    rendition.audio.clone()
                }
            };
            video_outputs.push(output(
                &rendition.output_name,
                Some(rendition.video.clone()),
                None,
                MediaPackageV2DestinationSettings {
                    audio_rendition_sets: Some(group),
                    ..Default::default()
                },
            ));
        }
        let audio_outputs = kept_audio.iter().filter_map(|audio| {
            let name = audio.name.clone()?;
            Some(output(
                &name,
                None,
                Some(name.clone()),
                MediaPackageV2DestinationSettings {
                    audio_group_id: Some(name.clone()),
                    ..Default::default()
                },
            ))
        });
        let outputs = video_outputs.into_iter().chain(audio_outputs).collect();

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
                media_package_settings: Some(self.destinations.to_vec()),
                ..Default::default()
            }]),
            encoder_settings: Some(EncoderSettings {
                audio_descriptions: Some(kept_audio),
                video_descriptions: Some(videos),
                output_groups: Some(vec![OutputGroup {
                    name: Some("MediaPackageV2".to_owned()),
                    output_group_settings: Some(OutputGroupSettings {
                        media_package_group_settings: Some(MediaPackageGroupSettings {
                            destination: Some(OutputLocationRef {
                                destination_ref_id: Some(DESTINATION_ID.to_owned()),
                                extra: Map::new(),
                            }),
                            mediapackage_v2_group_settings: Some(MediapackageV2GroupSettings {
                                segment_length: Some(self.segment_length),
                                segment_length_units: Some(SegmentLengthUnits::Seconds),
                                extra: Map::new(),
                            }),
                            extra: Map::new(),
                        }),
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
}

fn output(
    name: &str,
    video: Option<String>,
    audio: Option<String>,
    settings: MediaPackageV2DestinationSettings,
) -> Output {
    Output {
        output_name: Some(name.to_owned()),
        video_description_name: video,
        audio_description_names: audio.map(|a| vec![a]),
        output_settings: Some(OutputSettings {
            media_package_output_settings: Some(MediaPackageOutputSettings {
                media_package_v2_destination_settings: Some(settings),
                extra: Map::new(),
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}
