//! `CODECS` attribute values (RFC 6381) for what MediaLive encodes: H.264 video and AAC audio.

use std::fmt;

use hls_epoch::FrameRate;

/// An H.264 profile, as MediaLive's `H264Settings.Profile` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum H264Profile {
    /// `BASELINE` (written as constrained baseline, which is what encoders produce).
    Baseline,
    /// `MAIN`.
    Main,
    /// `HIGH`.
    High,
    /// `HIGH_10BIT`.
    High10,
    /// `HIGH_422`.
    High422,
    /// `HIGH_422_10BIT`.
    High422TenBit,
}

impl H264Profile {
    /// Reads MediaLive's enum value (`MAIN`, `HIGH`, ...).
    pub fn from_medialive(value: &str) -> Option<Self> {
        Some(match value {
            "BASELINE" => Self::Baseline,
            "MAIN" => Self::Main,
            "HIGH" => Self::High,
            "HIGH_10BIT" => Self::High10,
            "HIGH_422" => Self::High422,
            "HIGH_422_10BIT" => Self::High422TenBit,
            _ => return None,
        })
    }

    /// `profile_idc` and the constraint-flags byte of the `avc1.PPCCLL` code.
    const fn idc_and_constraints(self) -> (u8, u8) {
        match self {
            // constraint_set0 and constraint_set1: constrained baseline.
            Self::Baseline => (66, 0xC0),
            // constraint_set1: what encoders set for Main.
            Self::Main => (77, 0x40),
            Self::High => (100, 0),
            Self::High10 => (110, 0),
            Self::High422 | Self::High422TenBit => (122, 0),
        }
    }

    /// The factor by which High profiles raise a level's bit-rate limit (H.264 Table A-2).
    const fn bitrate_factor_percent(self) -> u64 {
        match self {
            Self::Baseline | Self::Main => 100,
            Self::High => 125,
            Self::High10 => 300,
            Self::High422 | Self::High422TenBit => 400,
        }
    }
}

/// An H.264 level, as `level_idc` (level 3.1 is 31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct H264Level(u8);

/// H.264 Table A-1: level_idc, max macroblocks per second, max frame size in macroblocks, max video
/// bit rate in kbit/s (Baseline/Main).
const LEVELS: [(u8, u64, u64, u64); 16] = [
    (10, 1_485, 99, 64),
    (11, 3_000, 396, 192),
    (12, 6_000, 396, 384),
    (13, 11_880, 396, 768),
    (20, 11_880, 396, 2_000),
    (21, 19_800, 792, 4_000),
    (22, 20_250, 1_620, 4_000),
    (30, 40_500, 1_620, 10_000),
    (31, 108_000, 3_600, 14_000),
    (32, 216_000, 5_120, 20_000),
    (40, 245_760, 8_192, 20_000),
    (41, 245_760, 8_192, 50_000),
    (42, 522_240, 8_704, 50_000),
    (50, 589_824, 22_080, 135_000),
    (51, 983_040, 36_864, 240_000),
    (52, 2_073_600, 36_864, 240_000),
];

impl H264Level {
    /// Reads MediaLive's `H264_LEVEL_3_1`-style value; `None` for `H264_LEVEL_AUTO` or anything unknown.
    pub fn from_medialive(value: &str) -> Option<Self> {
        let digits = value.strip_prefix("H264_LEVEL_")?;
        let (major, minor) = digits.split_once('_').unwrap_or((digits, "0"));
        let idc = major
            .parse::<u8>()
            .ok()?
            .checked_mul(10)?
            .checked_add(minor.parse::<u8>().ok()?)?;
        LEVELS.iter().any(|l| l.0 == idc).then_some(Self(idc))
    }

    /// The level from its `level_idc` (31 for 3.1), if H.264 defines it.
    pub fn from_idc(idc: u8) -> Option<Self> {
        LEVELS.iter().any(|l| l.0 == idc).then_some(Self(idc))
    }

    /// `level_idc`.
    pub const fn idc(self) -> u8 {
        self.0
    }

    /// The lowest level whose limits (H.264 Table A-1) admit this picture size, frame rate and bit rate.
    ///
    /// This is the assumption made for MediaLive's `H264_LEVEL_AUTO`, whose choice is not documented:
    /// the smallest conforming level. `None` when no level admits it.
    pub fn lowest_for(
        width: u32,
        height: u32,
        rate: FrameRate,
        bitrate: u64,
        profile: H264Profile,
    ) -> Option<Self> {
        let macroblocks = u64::from(width.div_ceil(16)) * u64::from(height.div_ceil(16));
        // Macroblocks per second, rounded up, from the exact rate.
        let per_second = (macroblocks * u64::from(rate.numerator())).div_ceil(u64::from(rate.denominator()));
        let kbits = bitrate.div_ceil(1000);
        LEVELS
            .iter()
            .find(|&&(_, max_mbps, max_fs, max_br)| {
                macroblocks <= max_fs
                    && per_second <= max_mbps
                    && kbits * 100 <= max_br * profile.bitrate_factor_percent()
            })
            .map(|l| Self(l.0))
    }
}

impl fmt::Display for H264Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

/// The `avc1.PPCCLL` code of an H.264 stream (lowercase hex, as RFC 6381 writes it).
///
/// ```
/// use origin_failover::codecs::{H264Level, H264Profile, avc1};
///
/// assert_eq!(avc1(H264Profile::Main, H264Level::from_idc(31).unwrap()), "avc1.4d401f");
/// assert_eq!(avc1(H264Profile::High, H264Level::from_medialive("H264_LEVEL_4_1").unwrap()), "avc1.640029");
/// ```
pub fn avc1(profile: H264Profile, level: H264Level) -> String {
    let (idc, constraints) = profile.idc_and_constraints();
    format!("avc1.{idc:02x}{constraints:02x}{:02x}", level.idc())
}

/// An AAC profile, as MediaLive's `AacSettings.Profile` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AacProfile {
    /// `LC`: AAC-LC, object type 2.
    Lc,
    /// `HEV1`: HE-AAC (SBR), object type 5.
    HeV1,
    /// `HEV2`: HE-AACv2 (SBR + PS), object type 29.
    HeV2,
}

impl AacProfile {
    /// Reads MediaLive's enum value; MediaLive's default when absent is `LC`.
    pub fn from_medialive(value: &str) -> Option<Self> {
        Some(match value {
            "LC" => Self::Lc,
            "HEV1" => Self::HeV1,
            "HEV2" => Self::HeV2,
            _ => return None,
        })
    }

    /// The `mp4a.40.N` code.
    pub const fn codec(self) -> &'static str {
        match self {
            Self::Lc => "mp4a.40.2",
            Self::HeV1 => "mp4a.40.5",
            Self::HeV2 => "mp4a.40.29",
        }
    }
}

/// A `CODECS` value as a list of codes, compared without regard to order, case or spaces
/// (`"mp4a.40.2, avc1.4D401F"` equals `"avc1.4d401f,mp4a.40.2"`).
pub fn same_codecs(a: &str, b: &str) -> bool {
    normalized(a) == normalized(b)
}

pub(crate) fn normalized(codecs: &str) -> Vec<String> {
    let mut list: Vec<String> = codecs
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty())
        .collect();
    list.sort();
    list
}

/// Whether a `CODECS` value names a video codec.
pub(crate) fn has_video(codecs: &str) -> bool {
    normalized(codecs).iter().any(|c| {
        ["avc1", "avc3", "hvc1", "hev1", "dvh1", "dvhe", "av01", "vp09"]
            .iter()
            .any(|v| c.starts_with(v))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        let l = |w, h, r: &str, br| {
            H264Level::lowest_for(w, h, r.parse().unwrap(), br, H264Profile::High)
                .unwrap()
                .idc()
        };
        assert_eq!(l(1920, 1080, "30", 6_000_000), 40);
        assert_eq!(l(1920, 1080, "60", 6_000_000), 42);
        assert_eq!(l(1280, 720, "29.97", 3_000_000), 31);
        assert_eq!(l(1280, 720, "60", 3_000_000), 32);
        assert_eq!(l(640, 360, "30", 1_000_000), 30);
        assert_eq!(l(1920, 1080, "30", 30_000_000), 41);
        assert!(H264Level::lowest_for(8192, 8192, FrameRate::FPS_60, 1, H264Profile::High).is_none());
        assert_eq!(
            H264Level::from_medialive("H264_LEVEL_4").map(H264Level::idc),
            Some(40)
        );
        assert_eq!(H264Level::from_medialive("H264_LEVEL_AUTO"), None);
        assert_eq!(H264Level::from_idc(31).unwrap().to_string(), "3.1");
    }

    #[test]
    fn codes() {
        let level = H264Level::from_idc(30).unwrap();
        assert_eq!(avc1(H264Profile::Baseline, level), "avc1.42c01e");
        assert_eq!(avc1(H264Profile::High10, level), "avc1.6e001e");
        assert_eq!(
            AacProfile::from_medialive("HEV1").map(AacProfile::codec),
            Some("mp4a.40.5")
        );
        assert!(same_codecs("mp4a.40.2, avc1.4D401F", "avc1.4d401f,mp4a.40.2"));
        assert!(!same_codecs("avc1.4d401f", "avc1.4d401f,mp4a.40.2"));
        assert!(has_video("mp4a.40.2,avc1.640028") && !has_video("mp4a.40.2"));
    }
}
