//! Whether a static (or predicted) master still matches the live one: the recipe's static `index.m3u8`
//! must be redone after any change to the ladder, and this is how to notice that it was not.

use std::fmt;

use m3u8_rs::{AlternativeMedia, MasterPlaylist, VariantStream};

use crate::check::{millis, parse_master};
use crate::codecs::same_codecs;

/// How far numbers may drift before they count as a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tolerance {
    /// Allowed relative difference of `BANDWIDTH` and `AVERAGE-BANDWIDTH`, in percent of the expected
    /// value. A prediction cannot know the exact figure MediaLive measures, so the default is 10.
    pub bandwidth_percent: u64,
}

impl Default for Tolerance {
    fn default() -> Self {
        Self {
            bandwidth_percent: 10,
        }
    }
}

impl Tolerance {
    /// No drift allowed: for comparing two copies of the same file.
    pub const EXACT: Self = Self { bandwidth_percent: 0 };
}

/// One way the live master differs from the expected one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Difference {
    /// The live master lists a playlist the expected one does not.
    OnlyInLive {
        /// The playlist's URI.
        uri: String,
    },
    /// The expected master lists a playlist the live one does not.
    OnlyInExpected {
        /// The playlist's URI.
        uri: String,
    },
    /// A playlist is listed in both with a different attribute.
    Attribute {
        /// The playlist's URI.
        uri: String,
        /// The attribute's name (`CODECS`).
        attribute: &'static str,
        /// The live value (empty when absent).
        live: String,
        /// The expected value (empty when absent).
        expected: String,
    },
}

impl Difference {
    /// Why it matters.
    pub fn explanation(&self) -> &'static str {
        match self {
            Self::OnlyInLive { .. } => {
                "the channel writes this playlist but the static manifest does not list it: viewers never get it; publish a new index.m3u8"
            }
            Self::OnlyInExpected { .. } => {
                "the static manifest lists a playlist the live master does not: players that pick it get 404 from both Regions; publish a new index.m3u8, unless its pipeline is only paused now (check again while both pipelines run)"
            }
            Self::Attribute { .. } => {
                "the static manifest describes this playlist differently from the channel: players choose renditions on wrong information; publish a new index.m3u8"
            }
        }
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OnlyInLive { uri } => write!(f, "{uri}: only in the live master: {}", self.explanation()),
            Self::OnlyInExpected { uri } => {
                write!(f, "{uri}: only in the static master: {}", self.explanation())
            }
            Self::Attribute {
                uri,
                attribute,
                live,
                expected,
            } => {
                write!(
                    f,
                    "{uri}: {attribute} is {live:?} live, {expected:?} static: {}",
                    self.explanation()
                )
            }
        }
    }
}

/// The result of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staleness {
    /// Every difference, variants first, then renditions.
    pub differences: Vec<Difference>,
}

impl Staleness {
    /// Whether the expected master no longer matches the live one.
    pub fn is_stale(&self) -> bool {
        !self.differences.is_empty()
    }
}

/// Parses both masters (bytes as downloaded) and compares them with [`compare`]: the check a deployment's
/// `verify` step makes between an origin's live master and the published `index.m3u8`.
///
/// ```
/// use origin_failover::staleness::{Tolerance, compare_bytes};
///
/// let live = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS=\"avc1.4d401e,mp4a.40.2\"\nprimary_360p.m3u8\n";
/// let published = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS=\"avc1.4d401e,mp4a.40.2\"\nprimary_360p.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=3000000,CODECS=\"avc1.64001f,mp4a.40.2\"\nprimary_720p.m3u8\n";
/// let staleness = compare_bytes(live.as_bytes(), published.as_bytes(), Tolerance::default())?;
/// assert!(staleness.is_stale()); // the 720p rendition is gone from the channel
/// # Ok::<(), origin_failover::check::Error>(())
/// ```
pub fn compare_bytes(
    live: &[u8],
    expected: &[u8],
    tolerance: Tolerance,
) -> Result<Staleness, crate::check::Error> {
    Ok(compare(&parse_master(live)?, &parse_master(expected)?, tolerance))
}

/// Compares a live master with the expected one (the published static manifest, or a prediction), by
/// playlist URI, so the order of variants (each pipeline lists its own first) does not matter.
pub fn compare(live: &MasterPlaylist, expected: &MasterPlaylist, tolerance: Tolerance) -> Staleness {
    let mut differences = Vec::new();
    let live_variants: Vec<&VariantStream> = live.variants.iter().filter(|v| !v.is_i_frame).collect();
    let expected_variants: Vec<&VariantStream> = expected.variants.iter().filter(|v| !v.is_i_frame).collect();
    for v in &live_variants {
        match expected_variants.iter().find(|e| e.uri == v.uri) {
            None => differences.push(Difference::OnlyInLive { uri: v.uri.clone() }),
            Some(e) => compare_variant(v, e, tolerance, &mut differences),
        }
    }
    for e in &expected_variants {
        if !live_variants.iter().any(|v| v.uri == e.uri) {
            differences.push(Difference::OnlyInExpected { uri: e.uri.clone() });
        }
    }
    let with_uri = |list: &[AlternativeMedia]| -> Vec<(String, AlternativeMedia)> {
        list.iter()
            .filter_map(|m| m.uri.clone().map(|u| (u, m.clone())))
            .collect()
    };
    let (live_media, expected_media) = (with_uri(&live.alternatives), with_uri(&expected.alternatives));
    for (uri, m) in &live_media {
        match expected_media.iter().find(|(u, _)| u == uri) {
            None => differences.push(Difference::OnlyInLive { uri: uri.clone() }),
            Some((_, e)) => {
                let fields = [
                    ("TYPE", m.media_type.to_string(), e.media_type.to_string()),
                    ("GROUP-ID", m.group_id.clone(), e.group_id.clone()),
                    ("NAME", m.name.clone(), e.name.clone()),
                    (
                        "LANGUAGE",
                        m.language.clone().unwrap_or_default(),
                        e.language.clone().unwrap_or_default(),
                    ),
                ];
                for (attribute, live, expected) in fields {
                    if live != expected {
                        differences.push(Difference::Attribute {
                            uri: uri.clone(),
                            attribute,
                            live,
                            expected,
                        });
                    }
                }
            }
        }
    }
    for (uri, _) in &expected_media {
        if !live_media.iter().any(|(u, _)| u == uri) {
            differences.push(Difference::OnlyInExpected { uri: uri.clone() });
        }
    }
    Staleness { differences }
}

fn compare_variant(
    live: &VariantStream,
    expected: &VariantStream,
    tolerance: Tolerance,
    out: &mut Vec<Difference>,
) {
    let uri = live.uri.clone();
    let mut diff = |attribute: &'static str, l: String, e: String| {
        out.push(Difference::Attribute {
            uri: uri.clone(),
            attribute,
            live: l,
            expected: e,
        });
    };
    if !within(live.bandwidth, expected.bandwidth, tolerance) {
        diff(
            "BANDWIDTH",
            live.bandwidth.to_string(),
            expected.bandwidth.to_string(),
        );
    }
    match (live.average_bandwidth, expected.average_bandwidth) {
        (Some(l), Some(e)) if !within(l, e, tolerance) => {
            diff("AVERAGE-BANDWIDTH", l.to_string(), e.to_string())
        }
        _ => {}
    }
    let (lc, ec) = (
        live.codecs.clone().unwrap_or_default(),
        expected.codecs.clone().unwrap_or_default(),
    );
    if !same_codecs(&lc, &ec) {
        diff("CODECS", lc, ec);
    }
    let resolution = |v: &VariantStream| v.resolution.map(|r| r.to_string()).unwrap_or_default();
    if resolution(live) != resolution(expected) {
        diff("RESOLUTION", resolution(live), resolution(expected));
    }
    if live.frame_rate.map(millis) != expected.frame_rate.map(millis) {
        let text = |v: &VariantStream| v.frame_rate.map(|r| format!("{r:.3}")).unwrap_or_default();
        diff("FRAME-RATE", text(live), text(expected));
    }
    if live.audio != expected.audio {
        diff(
            "AUDIO",
            live.audio.clone().unwrap_or_default(),
            expected.audio.clone().unwrap_or_default(),
        );
    }
    if live.subtitles != expected.subtitles {
        diff(
            "SUBTITLES",
            live.subtitles.clone().unwrap_or_default(),
            expected.subtitles.clone().unwrap_or_default(),
        );
    }
}

fn within(live: u64, expected: u64, tolerance: Tolerance) -> bool {
    let delta = u128::from(live.abs_diff(expected)) * 100;
    delta <= u128::from(expected) * u128::from(tolerance.bandwidth_percent)
}
