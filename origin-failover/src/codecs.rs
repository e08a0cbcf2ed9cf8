//! `CODECS` attribute values (RFC 6381) for what MediaLive encodes: H.264 video and AAC audio.

use medialive_template::audio::AacProfile;
use medialive_template::video::{H264Level, H264Profile};

/// The `avc1.PPCCLL` code of an H.264 stream (lowercase hex, as RFC 6381 writes it); `None` when the
/// profile or level is unknown or the level is `H264_LEVEL_AUTO` (see [`H264Level::lowest_for`]).
///
/// ```
/// use medialive_template::video::{H264Level, H264Profile};
/// use origin_failover::codecs::avc1;
///
/// assert_eq!(avc1(&H264Profile::Main, &H264Level::L3_1).as_deref(), Some("avc1.4d401f"));
/// assert_eq!(avc1(&H264Profile::High, &H264Level::from("H264_LEVEL_4_1")).as_deref(), Some("avc1.640029"));
/// ```
pub fn avc1(profile: &H264Profile, level: &H264Level) -> Option<String> {
    let (idc, constraints) = profile.idc_and_constraints()?;
    Some(format!("avc1.{idc:02x}{constraints:02x}{:02x}", level.idc()?))
}

/// The `mp4a.40.N` code of an AAC stream; `None` when the profile is unknown.
///
/// ```
/// use medialive_template::audio::AacProfile;
/// assert_eq!(origin_failover::codecs::mp4a(&AacProfile::Hev2).as_deref(), Some("mp4a.40.29"));
/// ```
pub fn mp4a(profile: &AacProfile) -> Option<String> {
    profile
        .object_type()
        .map(|object_type| format!("mp4a.40.{object_type}"))
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
    fn codes() {
        let level = H264Level::from_idc(30).unwrap();
        assert_eq!(
            avc1(&H264Profile::Baseline, &level).as_deref(),
            Some("avc1.42c01e")
        );
        assert_eq!(
            avc1(&H264Profile::High10Bit, &level).as_deref(),
            Some("avc1.6e001e")
        );
        assert_eq!(avc1(&H264Profile::Main, &H264Level::Auto), None);
        assert_eq!(mp4a(&AacProfile::from("HEV1")).as_deref(), Some("mp4a.40.5"));
        assert_eq!(mp4a(&AacProfile::Other("USAC".into())), None);
        assert!(same_codecs("mp4a.40.2, avc1.4D401F", "avc1.4d401f,mp4a.40.2"));
        assert!(!same_codecs("avc1.4d401f", "avc1.4d401f,mp4a.40.2"));
        assert!(has_video("mp4a.40.2,avc1.640028") && !has_video("mp4a.40.2"));
    }
}
