//! `VideoDescriptions`: one video encode each, with its H.264 settings.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

hls_epoch::open_enum! {
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

hls_epoch::open_enum! {
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

impl H264Profile {
    /// `profile_idc` and the constraint-flags byte a stream of this profile carries (the `PPCC` of an
    /// RFC 6381 `avc1.PPCCLL` code); `None` for a profile this crate does not know.
    ///
    /// ```
    /// use medialive_template::video::H264Profile;
    /// assert_eq!(H264Profile::Main.idc_and_constraints(), Some((77, 0x40)));
    /// ```
    pub fn idc_and_constraints(&self) -> Option<(u8, u8)> {
        Some(match self {
            // constraint_set0 and constraint_set1: constrained baseline, which is what encoders produce.
            Self::Baseline => (66, 0xC0),
            // constraint_set1: what encoders set for Main.
            Self::Main => (77, 0x40),
            Self::High => (100, 0),
            Self::High10Bit => (110, 0),
            Self::High422 | Self::High422_10Bit => (122, 0),
            Self::Other(_) => return None,
        })
    }

    /// The factor, in percent, by which the profile raises a level's bit-rate limit (H.264 Table A-2).
    fn bitrate_factor_percent(&self) -> Option<u64> {
        Some(match self {
            Self::Baseline | Self::Main => 100,
            Self::High => 125,
            Self::High10Bit => 300,
            Self::High422 | Self::High422_10Bit => 400,
            Self::Other(_) => return None,
        })
    }
}

/// H.264 Table A-1, one row per level this crate names: the level, `level_idc`, max macroblocks per
/// second, max frame size in macroblocks, max video bit rate in kbit/s (Baseline/Main).
const LEVELS: [(H264Level, u8, u64, u64, u64); 16] = [
    (H264Level::L1, 10, 1_485, 99, 64),
    (H264Level::L1_1, 11, 3_000, 396, 192),
    (H264Level::L1_2, 12, 6_000, 396, 384),
    (H264Level::L1_3, 13, 11_880, 396, 768),
    (H264Level::L2, 20, 11_880, 396, 2_000),
    (H264Level::L2_1, 21, 19_800, 792, 4_000),
    (H264Level::L2_2, 22, 20_250, 1_620, 4_000),
    (H264Level::L3, 30, 40_500, 1_620, 10_000),
    (H264Level::L3_1, 31, 108_000, 3_600, 14_000),
    (H264Level::L3_2, 32, 216_000, 5_120, 20_000),
    (H264Level::L4, 40, 245_760, 8_192, 20_000),
    (H264Level::L4_1, 41, 245_760, 8_192, 50_000),
    (H264Level::L4_2, 42, 522_240, 8_704, 50_000),
    (H264Level::L5, 50, 589_824, 22_080, 135_000),
    (H264Level::L5_1, 51, 983_040, 36_864, 240_000),
    (H264Level::L5_2, 52, 2_073_600, 36_864, 240_000),
];

impl H264Level {
    /// `level_idc` (31 for level 3.1); `None` for `H264_LEVEL_AUTO` or a level this crate does not know.
    ///
    /// ```
    /// use medialive_template::video::H264Level;
    /// assert_eq!(H264Level::L3_1.idc(), Some(31));
    /// assert_eq!(H264Level::Auto.idc(), None);
    /// ```
    pub fn idc(&self) -> Option<u8> {
        LEVELS.iter().find(|row| &row.0 == self).map(|row| row.1)
    }

    /// The level whose `level_idc` is `idc` (31 for 3.1), if H.264 defines it.
    pub fn from_idc(idc: u8) -> Option<Self> {
        LEVELS.iter().find(|row| row.1 == idc).map(|row| row.0.clone())
    }

    /// The lowest level whose limits (H.264 Table A-1) admit this picture size, frame rate and bit rate
    /// in `profile`; `None` when no level admits it or the profile is unknown.
    ///
    /// This is the assumption made for `H264_LEVEL_AUTO`, whose choice MediaLive does not document: the
    /// smallest conforming level.
    pub fn lowest_for(
        width: u32,
        height: u32,
        rate: hls_epoch::FrameRate,
        bitrate: u64,
        profile: &H264Profile,
    ) -> Option<Self> {
        let factor = profile.bitrate_factor_percent()?;
        let macroblocks = u64::from(width.div_ceil(16)) * u64::from(height.div_ceil(16));
        // Macroblocks per second, rounded up, from the exact rate.
        let per_second = (macroblocks * u64::from(rate.numerator())).div_ceil(u64::from(rate.denominator()));
        let kbits = bitrate.div_ceil(1000);
        LEVELS
            .iter()
            .find(|&&(_, _, max_mbps, max_fs, max_br)| {
                macroblocks <= max_fs && per_second <= max_mbps && kbits * 100 <= max_br * factor
            })
            .map(|row| row.0.clone())
    }
}

hls_epoch::open_enum! {
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

hls_epoch::open_enum! {
    /// `FramerateControl`: whether the encode keeps the source's frame rate or sets its own.
    FramerateControl {
        /// The frame rate is `FramerateNumerator / FramerateDenominator`; epoch locking needs this.
        Specified = "SPECIFIED",
        /// The frame rate follows the source.
        InitializeFromSource = "INITIALIZE_FROM_SOURCE",
    }
}

hls_epoch::open_enum! {
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

#[cfg(test)]
mod tests {
    use super::*;
    use hls_epoch::FrameRate;

    #[test]
    fn levels() {
        let l = |w, h, r: &str, br| {
            H264Level::lowest_for(w, h, r.parse().unwrap(), br, &H264Profile::High)
                .unwrap()
                .idc()
                .unwrap()
        };
        assert_eq!(l(1920, 1080, "30", 6_000_000), 40);
        assert_eq!(l(1920, 1080, "60", 6_000_000), 42);
        assert_eq!(l(1280, 720, "29.97", 3_000_000), 31);
        assert_eq!(l(1280, 720, "60", 3_000_000), 32);
        assert_eq!(l(640, 360, "30", 1_000_000), 30);
        assert_eq!(l(1920, 1080, "30", 30_000_000), 41);
        assert!(H264Level::lowest_for(8192, 8192, FrameRate::FPS_60, 1, &H264Profile::High).is_none());
        assert!(
            H264Level::lowest_for(640, 360, FrameRate::FPS_30, 1, &H264Profile::Other("X".into())).is_none()
        );
        assert_eq!(H264Level::from("H264_LEVEL_4").idc(), Some(40));
        assert_eq!(H264Level::from("H264_LEVEL_AUTO").idc(), None);
        assert_eq!(H264Level::from_idc(31), Some(H264Level::L3_1));
        assert_eq!(H264Level::from_idc(31).unwrap().as_str(), "H264_LEVEL_3_1");
        assert_eq!(H264Level::from_idc(33), None);
    }
}
