//! HLS object names and content types: MediaLive's `<base><nameModifier>_<number>.ts` segments (`.mp4`
//! in an fMP4 container, with an initialization segment), `<base><nameModifier>.m3u8` rendition
//! playlists and `<base>.m3u8` masters, the recipe's static `index.m3u8`, and the `Content-Type` each
//! is written with.

use std::fmt;
use std::str::FromStr;

/// The `Content-Type` of HLS playlists (RFC 8216, section 4).
pub const PLAYLIST_CONTENT_TYPE: &str = "application/vnd.apple.mpegurl";

/// The `Content-Type` of MPEG-2 transport stream segments (`.ts`).
pub const TS_SEGMENT_CONTENT_TYPE: &str = "video/mp2t";

/// The extension of MPEG-2 transport stream segments.
pub const TS_SEGMENT_EXTENSION: &str = "ts";

/// The `Content-Type` of fragmented MP4 (fMP4/CMAF) media and initialization segments (RFC 4337).
pub const FMP4_SEGMENT_CONTENT_TYPE: &str = "video/mp4";

/// The extension MediaLive gives media segments in an fMP4 container.
pub const FMP4_SEGMENT_EXTENSION: &str = "mp4";

/// The file name of the static master playlist the recipe copies into both Regions' origins, beside
/// the pipelines' own masters.
pub const STATIC_MASTER_PLAYLIST: &str = "index.m3u8";

/// The fewest digits MediaLive writes in a segment number (`primary_720p_00001.ts`); larger numbers are
/// written in full.
pub const SEQUENCE_DIGITS: usize = 5;

/// A segment object name as MediaLive writes it: `<stem>_<number>.<extension>`, where the stem is the
/// destination's base name followed by the output's name modifier.
///
/// ```
/// use hls_epoch::SegmentName;
///
/// let name: SegmentName = "demo/primary_720p30_294012345.ts".parse()?;
/// assert_eq!(name.stem(), "primary_720p30");
/// assert_eq!(name.number(), 294_012_345);
/// assert_eq!(name.name_modifier("primary"), Some("_720p30"));
/// assert_eq!(SegmentName::new("backup", "_720p30", 7).to_string(), "backup_720p30_00007.ts");
/// # Ok::<(), hls_epoch::naming::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct SegmentName {
    stem: String,
    number: u64,
    digits: usize,
    extension: String,
}

/// Why a name is not a MediaLive segment name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The name does not have the `<stem>_<digits>.<extension>` shape.
    #[error(
        "{name:?} is not a segment name: expected <base><nameModifier>_<number>.<extension>, such as \"primary_720p30_00001.ts\""
    )]
    Shape {
        /// The name given.
        name: String,
    },
}

impl SegmentName {
    /// The name MediaLive gives segment `number` of the output with `name_modifier` under `base`,
    /// as a `.ts` segment.
    pub fn new(base: &str, name_modifier: &str, number: u64) -> Self {
        let digits = number
            .checked_ilog10()
            .map_or(1, |d| d as usize + 1)
            .max(SEQUENCE_DIGITS);
        Self {
            stem: format!("{base}{name_modifier}"),
            number,
            digits,
            extension: TS_SEGMENT_EXTENSION.to_owned(),
        }
    }

    /// The same segment with another extension ([`FMP4_SEGMENT_EXTENSION`] for an fMP4 output).
    ///
    /// ```
    /// use hls_epoch::SegmentName;
    /// use hls_epoch::naming::FMP4_SEGMENT_EXTENSION;
    ///
    /// let name = SegmentName::new("backup", "_720p30", 7).with_extension(FMP4_SEGMENT_EXTENSION);
    /// assert_eq!(name.to_string(), "backup_720p30_00007.mp4");
    /// ```
    pub fn with_extension(mut self, extension: &str) -> Self {
        extension.clone_into(&mut self.extension);
        self
    }

    /// Parses a name, ignoring any leading path (`demo/primary_1_00001.ts`).
    pub fn parse(name: &str) -> Result<Self, Error> {
        let shape = || Error::Shape {
            name: name.to_owned(),
        };
        let file = name.rsplit('/').next().unwrap_or(name);
        let (rest, extension) = file.rsplit_once('.').ok_or_else(shape)?;
        let (stem, digits) = rest.rsplit_once('_').ok_or_else(shape)?;
        // Playlists share the `_<digits>` shape when a name modifier is numeric (`primary_1.m3u8`).
        let valid_extension = !extension.is_empty()
            && extension.bytes().all(|b| b.is_ascii_alphanumeric())
            && !extension.eq_ignore_ascii_case("m3u8");
        if stem.is_empty() || digits.is_empty() || digits.len() > 20 || !valid_extension {
            return Err(shape());
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(shape());
        }
        let number = digits.parse().map_err(|_| shape())?;
        Ok(Self {
            stem: stem.to_owned(),
            number,
            digits: digits.len(),
            extension: extension.to_owned(),
        })
    }

    /// The base name and name modifier together (`primary_720p30`).
    pub fn stem(&self) -> &str {
        &self.stem
    }

    /// The segment number.
    pub const fn number(&self) -> u64 {
        self.number
    }

    /// The file extension without its dot (`ts`).
    pub fn extension(&self) -> &str {
        &self.extension
    }

    /// The name modifier, if the stem starts with `base` (`Some("_720p30")` for base `primary`).
    pub fn name_modifier(&self, base: &str) -> Option<&str> {
        self.stem.strip_prefix(base)
    }
}

impl fmt::Display for SegmentName {
    /// `<stem>_<number>.<extension>`, the number zero-padded to the width it was parsed with (at least
    /// [`SEQUENCE_DIGITS`] for constructed names).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}_{:0width$}.{}",
            self.stem,
            self.number,
            self.extension,
            width = self.digits
        )
    }
}

impl FromStr for SegmentName {
    type Err = Error;
    fn from_str(name: &str) -> Result<Self, Error> {
        Self::parse(name)
    }
}

impl TryFrom<String> for SegmentName {
    type Error = Error;
    fn try_from(name: String) -> Result<Self, Error> {
        Self::parse(&name)
    }
}

impl From<SegmentName> for String {
    fn from(name: SegmentName) -> String {
        name.to_string()
    }
}

/// The rendition playlist MediaLive writes for an output: `<base><nameModifier>.m3u8`.
///
/// ```
/// assert_eq!(hls_epoch::naming::rendition_playlist("primary", "_720p30"), "primary_720p30.m3u8");
/// ```
pub fn rendition_playlist(base: &str, name_modifier: &str) -> String {
    format!("{base}{name_modifier}.m3u8")
}

/// The initialization segment (`#EXT-X-MAP`) of an fMP4 output: `<base><nameModifier>_init.mp4`.
/// Its `init` in place of a number keeps it apart from the media segments ([`SegmentName::parse`]
/// refuses it).
///
/// ```
/// use hls_epoch::naming::init_segment;
///
/// assert_eq!(init_segment("primary", "_720p30"), "primary_720p30_init.mp4");
/// assert!(hls_epoch::SegmentName::parse(&init_segment("primary", "_720p30")).is_err());
/// ```
pub fn init_segment(base: &str, name_modifier: &str) -> String {
    format!("{base}{name_modifier}_init.{FMP4_SEGMENT_EXTENSION}")
}

/// The master (multivariant) playlist MediaLive writes for a destination: `<base>.m3u8`.
pub fn master_playlist(base: &str) -> String {
    format!("{base}.m3u8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let name = SegmentName::parse("primary_1_00001.ts").unwrap();
        assert_eq!(
            (name.stem(), name.number(), name.extension()),
            ("primary_1", 1, "ts")
        );
        assert_eq!(name.to_string(), "primary_1_00001.ts");
        let long = SegmentName::new("primary", "_1080p", 294_012_345);
        assert_eq!(long.to_string(), "primary_1080p_294012345.ts");
        assert_eq!(SegmentName::parse(&long.to_string()), Ok(long));
        assert_eq!(SegmentName::parse("a/b/backup__9.aac").unwrap().stem(), "backup_");
    }

    #[test]
    fn refuses_other_objects() {
        for bad in [
            "primary.m3u8",
            "index.m3u8",
            "primary_1.m3u8",
            "primary_720p.m3u8",
            "_00001.ts",
            "primary_00x01.ts",
            "primary_1.",
        ] {
            let err = SegmentName::parse(bad).unwrap_err();
            assert!(err.to_string().contains(bad), "{err}");
        }
    }
}
