//! `VideoDescriptions`: one video encode each, with its H.264 settings.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

open_enum! {
    /// `H264Settings.Profile`.
    H264Profile {
        /// Baseline.
        Baseline = "BASELINE",
        /// Main (MediaLive's default).
        Main = "MAIN",
        /// High.
        High = "HIGH",
        /// High 10-bit.
        High10Bit = "HIGH_10BIT",
        /// High 4:2:2.
        High422 = "HIGH_422",
        /// High 4:2:2 10-bit.
        High422_10Bit = "HIGH_422_10BIT",
    }
}

open_enum! {
    /// `H264Settings.Level`.
    H264Level {
        /// Level 1.
        L1 = "H264_LEVEL_1",
        /// Level 1.1.
        L1_1 = "H264_LEVEL_1_1",
        /// Level 1.2.
        L1_2 = "H264_LEVEL_1_2",
        /// Level 1.3.
        L1_3 = "H264_LEVEL_1_3",
        /// Level 2.
        L2 = "H264_LEVEL_2",
        /// Level 2.1.
        L2_1 = "H264_LEVEL_2_1",
        /// Level 2.2.
        L2_2 = "H264_LEVEL_2_2",
        /// Level 3.
        L3 = "H264_LEVEL_3",
        /// Level 3.1.
        L3_1 = "H264_LEVEL_3_1",
        /// Level 3.2.
        L3_2 = "H264_LEVEL_3_2",
        /// Level 4.
        L4 = "H264_LEVEL_4",
        /// Level 4.1.
        L4_1 = "H264_LEVEL_4_1",
        /// Level 4.2.
        L4_2 = "H264_LEVEL_4_2",
        /// Level 5.
        L5 = "H264_LEVEL_5",
        /// Level 5.1.
        L5_1 = "H264_LEVEL_5_1",
        /// Level 5.2.
        L5_2 = "H264_LEVEL_5_2",
        /// Chosen by the encoder (MediaLive's default).
        Auto = "H264_LEVEL_AUTO",
    }
}

open_enum! {
    /// `H264Settings.RateControlMode`.
    H264RateControlMode {
        /// Constant bitrate.
        Cbr = "CBR",
        /// Variable bitrate.
        Vbr = "VBR",
        /// Quality-defined variable bitrate.
        Qvbr = "QVBR",
        /// Set by a multiplex.
        Multiplex = "MULTIPLEX",
    }
}

open_enum! {
    /// `FramerateControl`: whether the encode keeps the source's frame rate or sets its own.
    FramerateControl {
        /// The frame rate is `FramerateNumerator / FramerateDenominator`; epoch locking needs this.
        Specified = "SPECIFIED",
        /// The frame rate follows the source.
        InitializeFromSource = "INITIALIZE_FROM_SOURCE",
    }
}

open_enum! {
    /// `GopSizeUnits`.
    GopSizeUnits {
        /// `GopSize` is a number of frames.
        Frames = "FRAMES",
        /// `GopSize` is a duration in seconds.
        Seconds = "SECONDS",
    }
}

/// An entry of `VideoDescriptions`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VideoDescription {
    /// `Name`, referenced by outputs' `VideoDescriptionName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Width` in pixels; the source's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// `Height` in pixels; the source's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// `CodecSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codec_settings: Option<VideoCodecSettings>,
    /// Every other key (`ScalingBehavior`, `Sharpness`, `RespondToAfd`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `VideoDescription.CodecSettings`: one codec's settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VideoCodecSettings {
    /// `H264Settings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub h264_settings: Option<H264Settings>,
    /// Every other codec (`H265Settings`, `Mpeg2Settings`, `FrameCaptureSettings`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `H264Settings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct H264Settings {
    /// `Bitrate` in bits per second (average for CBR and VBR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bitrate: Option<u32>,
    /// `MaxBitrate` in bits per second (VBR and QVBR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bitrate: Option<u32>,
    /// `BufSize` in bits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buf_size: Option<u32>,
    /// `RateControlMode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_control_mode: Option<H264RateControlMode>,
    /// `Profile`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<H264Profile>,
    /// `Level`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<H264Level>,
    /// `FramerateControl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framerate_control: Option<FramerateControl>,
    /// `FramerateNumerator`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framerate_numerator: Option<u32>,
    /// `FramerateDenominator`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framerate_denominator: Option<u32>,
    /// `GopSize`, in [`GopSizeUnits`]; a JSON number that may have decimals when in seconds, kept as
    /// written (see [`H264Settings::gop`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gop_size: Option<Number>,
    /// `GopSizeUnits`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gop_size_units: Option<GopSizeUnits>,
    /// `GopNumBFrames`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gop_num_b_frames: Option<u32>,
    /// `GopClosedCadence`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gop_closed_cadence: Option<u32>,
    /// Every other key (`AdaptiveQuantization`, `SceneChangeDetect`, `TimecodeInsertion`, ...), kept as
    /// written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Why a GOP setting could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GopError {
    /// `GopSize` is absent.
    #[error("GopSize is missing: a GOP size in FRAMES or SECONDS is required to check segment alignment")]
    Missing,
    /// `GopSize` is not a non-negative decimal, or a fractional number of frames.
    #[error("GopSize {value} is not allowed with GopSizeUnits {units}: expected {expected}")]
    Value {
        /// The value as written.
        value: String,
        /// The units.
        units: GopSizeUnits,
        /// What is allowed.
        expected: &'static str,
    },
}

impl H264Settings {
    /// The encode's frame rate when `FramerateControl` is `SPECIFIED` and both numerator and denominator are
    /// present and non-zero; `None` otherwise (the rate then follows the source).
    pub fn specified_frame_rate(&self) -> Option<hls_epoch::FrameRate> {
        match (
            &self.framerate_control,
            self.framerate_numerator,
            self.framerate_denominator,
        ) {
            (Some(FramerateControl::Specified), Some(n), Some(d)) => hls_epoch::FrameRate::new(n, d).ok(),
            _ => None,
        }
    }

    /// The GOP as [`hls_epoch::Gop`]. `GopSizeUnits` defaults to `FRAMES` as in MediaLive. The number is read
    /// from its decimal text, never through floating point.
    pub fn gop(&self) -> Result<hls_epoch::Gop, GopError> {
        let size = self.gop_size.as_ref().ok_or(GopError::Missing)?;
        let units = self.gop_size_units.clone().unwrap_or(GopSizeUnits::Frames);
        let text = size.to_string();
        match units {
            GopSizeUnits::Seconds => text
                .parse::<hls_epoch::Seconds>()
                .map(hls_epoch::Gop::Seconds)
                .map_err(|_| GopError::Value {
                    value: text,
                    units,
                    expected: "a non-negative number of seconds with at most 9 decimals",
                }),
            GopSizeUnits::Frames => whole_number(&text)
                .map(hls_epoch::Gop::Frames)
                .ok_or(GopError::Value {
                    value: text,
                    units,
                    expected: "a whole number of frames",
                }),
            GopSizeUnits::Other(_) => Err(GopError::Value {
                value: text,
                units,
                expected: "GopSizeUnits FRAMES or SECONDS",
            }),
        }
    }
}

/// `60`, `60.0` and `6e1` are 60 frames; anything with a fraction is not a whole number.
fn whole_number(text: &str) -> Option<u32> {
    let seconds: hls_epoch::Seconds = text.parse().ok()?;
    if seconds.denominator() != 1 {
        return None;
    }
    u32::try_from(seconds.numerator()).ok()
}

impl VideoDescription {
    /// The H.264 settings, if this is an H.264 encode.
    pub fn h264(&self) -> Option<&H264Settings> {
        self.codec_settings.as_ref()?.h264_settings.as_ref()
    }
}
