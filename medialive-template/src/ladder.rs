//! What every epoch-locked builder shares, whichever output group it writes: the encodes of a ladder of
//! [`Rung`]s at one frame rate and GOP, the input attachment, the timecode and the epoch-locked global
//! configuration. [`LiveHlsChannel`](crate::LiveHlsChannel) and
//! [`LiveMediaPackageChannel`](crate::LiveMediaPackageChannel) both build from here, so a ladder one
//! accepts is never refused by the other.

use hls_epoch::{Cadence, CustomEpoch, FrameRate, Gop, JamSyncTime};
use serde_json::{Map, Number};

use crate::audio::{AacCodingMode, AacProfile, AacRateControlMode};
use crate::channel::{AudioSelector, InputSettings};
use crate::encoder::{OutputLockingMode, TimecodeSource};
use crate::live_hls::{AUDIO_SELECTOR, Error, Rung};
use crate::validation::date_time_variables;
use crate::video::{FramerateControl, GopSizeUnits, H264Profile, H264RateControlMode};
use crate::{
    AacSettings, AudioCodecSettings, AudioDescription, EpochLockingSettings, GlobalConfiguration,
    H264Settings, InputAttachment, OutputLockingSettings, TimecodeConfig, VideoCodecSettings,
    VideoDescription,
};

/// The encodes of a ladder and the names an output uses to reference them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Encodes {
    /// One video description per rung.
    pub videos: Vec<VideoDescription>,
    /// One audio description per rung.
    pub audios: Vec<AudioDescription>,
    /// Per rung, what its output is called and references.
    pub renditions: Vec<Rendition>,
}

/// The names of one rung's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rendition {
    /// `OutputName`: the name modifier without its leading `_` (`1080p30`).
    pub output_name: String,
    /// `NameModifier` (`_1080p30`).
    pub name_modifier: String,
    /// The video description's `Name`.
    pub video: String,
    /// The audio description's `Name`.
    pub audio: String,
}

/// The segment cadence of `segment_length` whole seconds at `rate`, via
/// [`Cadence::from_medialive_segment_length`].
pub(crate) fn cadence(segment_length: u32, rate: FrameRate) -> Result<Cadence, Error> {
    Cadence::from_medialive_segment_length(segment_length, rate).map_err(|source| Error::Cadence {
        segment_length,
        frame_rate: rate,
        source,
    })
}

/// The GOP in frames: `configured`, or the largest divisor of the segment that lasts at most 2 seconds.
/// Checked with [`Cadence::gops_per_segment`].
pub(crate) fn gop(segment_length: u32, rate: FrameRate, configured: Option<u32>) -> Result<u32, Error> {
    let cadence = cadence(segment_length, rate)?;
    let frames = match configured {
        Some(frames) => frames,
        None => {
            let two_seconds = hls_epoch::medialive_frames_for(hls_epoch::Seconds::whole(2), rate);
            (1..=cadence.frames())
                .rev()
                .find(|d| cadence.frames() % d == 0 && u64::from(*d) <= two_seconds)
                .unwrap_or(1)
        }
    };
    cadence
        .gops_per_segment(Gop::Frames(frames))
        .map_err(|source| Error::Gop { source })?;
    Ok(frames)
}

/// The encodes of `ladder` ([`Rung::default_ladder`] at `rate` when `None`): unique name modifiers
/// without date/time variables, `FramerateControl` `SPECIFIED` at `rate`, GOP `gop_frames`.
pub(crate) fn encodes(ladder: Option<&[Rung]>, rate: FrameRate, gop_frames: u32) -> Result<Encodes, Error> {
    let default;
    let ladder = match ladder {
        Some(ladder) => ladder,
        None => {
            default = Rung::default_ladder(rate);
            &default
        }
    };
    if ladder.is_empty() {
        return Err(Error::EmptyLadder);
    }
    let mut encodes = Encodes {
        videos: Vec::new(),
        audios: Vec::new(),
        renditions: Vec::new(),
    };
    for (index, rung) in ladder.iter().enumerate() {
        let modifier = rung.name_modifier(rate);
        if let Some(variable) = date_time_variables(&modifier).into_iter().next() {
            return Err(Error::DateTimeVariable {
                field: format!("ladder[{index}] name modifier"),
                value: modifier,
                variable,
            });
        }
        if encodes.renditions.iter().any(|r| r.name_modifier == modifier) {
            return Err(Error::DuplicateNameModifier {
                index,
                name_modifier: modifier,
            });
        }
        let label = modifier.trim_start_matches('_').to_owned();
        let rendition = Rendition {
            video: format!("video_{label}"),
            audio: format!("audio_{label}"),
            output_name: label,
            name_modifier: modifier,
        };
        encodes
            .videos
            .push(video_description(rung, &rendition.video, rate, gop_frames));
        encodes.audios.push(audio_description(rung, &rendition.audio));
        encodes.renditions.push(rendition);
    }
    Ok(encodes)
}

/// The single input attachment, reading the audio selector the audio encodes use.
pub(crate) fn input_attachment(input_id: &str, attachment_name: &str) -> InputAttachment {
    InputAttachment {
        input_id: Some(input_id.to_owned()),
        input_attachment_name: Some(attachment_name.to_owned()),
        input_settings: Some(InputSettings {
            audio_selectors: Some(vec![AudioSelector {
                name: Some(AUDIO_SELECTOR.to_owned()),
                extra: Map::new(),
            }]),
            extra: Map::new(),
        }),
        extra: Map::new(),
    }
}

/// `TimecodeConfig` with `source`.
pub(crate) fn timecode_config(source: &TimecodeSource) -> TimecodeConfig {
    TimecodeConfig {
        source: Some(source.clone()),
        ..Default::default()
    }
}

/// `GlobalConfiguration` with `EPOCH_LOCKING`, and `EpochLockingSettings` when a custom epoch or jam sync
/// is given.
pub(crate) fn epoch_locked(
    custom_epoch: Option<CustomEpoch>,
    jam_sync_time: Option<JamSyncTime>,
) -> GlobalConfiguration {
    let epoch_settings = (custom_epoch.is_some() || jam_sync_time.is_some()).then(|| OutputLockingSettings {
        epoch_locking_settings: Some(EpochLockingSettings {
            custom_epoch: custom_epoch.map(|e| e.to_string()),
            jam_sync_time: jam_sync_time.map(|t| t.to_string()),
            extra: Map::new(),
        }),
        extra: Map::new(),
    });
    GlobalConfiguration {
        output_locking_mode: Some(OutputLockingMode::EpochLocking),
        output_locking_settings: epoch_settings,
        ..Default::default()
    }
}

fn video_description(rung: &Rung, name: &str, rate: FrameRate, gop_frames: u32) -> VideoDescription {
    // B-frames are not part of the Baseline profile.
    let b_frames = if rung.profile == H264Profile::Baseline {
        0
    } else {
        3
    };
    VideoDescription {
        name: Some(name.to_owned()),
        width: Some(rung.width),
        height: Some(rung.height),
        codec_settings: Some(VideoCodecSettings {
            h264_settings: Some(H264Settings {
                bitrate: Some(rung.video_bitrate),
                buf_size: Some(rung.video_bitrate.saturating_mul(2)),
                rate_control_mode: Some(H264RateControlMode::Cbr),
                profile: Some(rung.profile.clone()),
                level: Some(rung.level.clone()),
                framerate_control: Some(FramerateControl::Specified),
                framerate_numerator: Some(rate.numerator()),
                framerate_denominator: Some(rate.denominator()),
                gop_size: Some(Number::from(gop_frames)),
                gop_size_units: Some(GopSizeUnits::Frames),
                gop_num_b_frames: Some(b_frames),
                gop_closed_cadence: Some(1),
                ..Default::default()
            }),
            extra: Map::new(),
        }),
        extra: Map::new(),
    }
}

fn audio_description(rung: &Rung, name: &str) -> AudioDescription {
    AudioDescription {
        name: Some(name.to_owned()),
        audio_selector_name: Some(AUDIO_SELECTOR.to_owned()),
        codec_settings: Some(AudioCodecSettings {
            aac_settings: Some(AacSettings {
                bitrate: Some(Number::from(rung.audio_bitrate)),
                sample_rate: Some(Number::from(48_000)),
                coding_mode: Some(AacCodingMode::CodingMode2_0),
                profile: Some(AacProfile::Lc),
                rate_control_mode: Some(AacRateControlMode::Cbr),
                extra: Map::new(),
            }),
            extra: Map::new(),
        }),
        extra: Map::new(),
    }
}
