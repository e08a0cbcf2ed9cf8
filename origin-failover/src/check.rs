//! Checks of a live master manifest (bytes downloaded from an origin): redundant pairs, player
//! compatibility, and staleness against a static or predicted manifest.

use std::collections::BTreeMap;
use std::fmt;

use m3u8_rs::{AlternativeMediaType, MasterPlaylist, Playlist, VariantStream};

use crate::codecs::{has_video, normalized};

/// Why bytes could not be checked as a master manifest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not an HLS playlist.
    #[error("not an HLS playlist: {reason}")]
    Syntax {
        /// What the parser reported.
        reason: String,
    },
    /// The playlist is a media playlist (segments), not a master (variants).
    #[error("this is a media playlist (it lists segments): a master playlist listing variants is expected")]
    NotMaster,
    /// The playlist is a master (variants), not a media playlist (segments).
    #[error("this is a master playlist (it lists variants): a media playlist listing segments is expected")]
    NotMedia,
}

/// Parses a master playlist, tolerating a byte-order mark and leading or trailing spaces on lines (as
/// documents pasted from web pages have), which RFC 8216 does not allow but players accept.
pub fn parse_master(bytes: &[u8]) -> Result<MasterPlaylist, Error> {
    let text = String::from_utf8_lossy(bytes);
    let mut cleaned = String::with_capacity(text.len() + 1);
    for line in text.trim_start_matches('\u{feff}').lines() {
        cleaned.push_str(line.trim_matches([' ', '\t']));
        cleaned.push('\n');
    }
    match m3u8_rs::parse_playlist_res(cleaned.as_bytes()) {
        Ok(Playlist::MasterPlaylist(master)) => Ok(master),
        Ok(Playlist::MediaPlaylist(_)) => Err(Error::NotMaster),
        Err(e) if !cleaned.starts_with("#EXTM3U") => Err(Error::Syntax {
            reason: format!("the first line must be #EXTM3U ({:?})", e.map(|e| e.code)),
        }),
        Err(e) => Err(Error::Syntax {
            reason: format!("a tag or attribute could not be read ({:?})", e.map(|e| e.code)),
        }),
    }
}

/// A variant and its redundant copy from the other pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VariantPair {
    /// The URI listed first (the writing pipeline's own rendition).
    pub first: String,
    /// The URI of its copy.
    pub second: String,
    /// The name modifier both URIs end with: their longest common file-name suffix before `.m3u8`, from its
    /// first `_`, `-` or `.` when it has one.
    pub name_modifier: String,
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; playback and failover work.
    Notice,
    /// Some players misbehave or lose failover.
    Warning,
    /// Failover or playback breaks.
    Error,
}

/// Something a player or the failover design will trip over.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Finding {
    /// No variant has a redundant copy: the master is not a redundant manifest.
    NotRedundant,
    /// A variant has no copy with the same attributes.
    Unpaired {
        /// The variant's URI.
        uri: String,
    },
    /// Redundant copies refer to different audio groups.
    AudioGroupsDiffer {
        /// The pair.
        pair: VariantPair,
        /// The first variant's `AUDIO`.
        first: String,
        /// The copy's `AUDIO`.
        second: String,
    },
    /// Redundant copies refer to different subtitle groups.
    SubtitleGroupsDiffer {
        /// The pair.
        pair: VariantPair,
        /// The first variant's `SUBTITLES`.
        first: String,
        /// The copy's `SUBTITLES`.
        second: String,
    },
    /// A variant has no `CODECS`.
    MissingCodecs {
        /// The variant's URI.
        uri: String,
    },
    /// A video variant has no `RESOLUTION`.
    MissingResolution {
        /// The variant's URI.
        uri: String,
    },
    /// A video variant has no `FRAME-RATE`.
    MissingFrameRate {
        /// The variant's URI.
        uri: String,
    },
    /// A variant refers to a group that no `EXT-X-MEDIA` defines.
    UndefinedGroup {
        /// The variant's URI.
        uri: String,
        /// The group's `GROUP-ID`.
        group: String,
    },
    /// Pairs disagree on the two base names.
    InconsistentBaseNames {
        /// The base names of the first pair.
        expected: (String, String),
        /// A pair that differs.
        pair: VariantPair,
    },
}

impl Finding {
    /// How much it matters.
    pub fn severity(&self) -> Severity {
        match self {
            Self::NotRedundant | Self::UndefinedGroup { .. } => Severity::Error,
            Self::Unpaired { .. }
            | Self::AudioGroupsDiffer { .. }
            | Self::SubtitleGroupsDiffer { .. }
            | Self::MissingCodecs { .. }
            | Self::InconsistentBaseNames { .. } => Severity::Warning,
            Self::MissingResolution { .. } | Self::MissingFrameRate { .. } => Severity::Notice,
        }
    }

    /// Why it matters, for the person reading the report.
    pub fn explanation(&self) -> &'static str {
        match self {
            Self::NotRedundant => {
                "no variant is listed twice, so a player has nothing to fall back to when a pipeline pauses; enable RedundantManifest on the HLS group (STANDARD channels only)"
            }
            Self::Unpaired { .. } => {
                "this variant has no redundant copy with identical attributes, so a player playing it cannot fail over to the other pipeline"
            }
            Self::AudioGroupsDiffer { .. } => {
                "each copy names its own audio group (MediaLive suffixes audio GROUP-IDs per pipeline), so a player must pair a copy with its group: hls.js 1.7.4 does and moves between such copies without a stall (the drill's real-player runs), but a player that takes them for separate renditions may not fail over; muxed audio avoids the question"
            }
            Self::SubtitleGroupsDiffer { .. } => {
                "hls.js 1.5+ treats variants whose SUBTITLES groups differ as separate levels, not as redundant copies, so it will not fail over between them"
            }
            Self::MissingCodecs { .. } => {
                "without CODECS a player must download media to learn what it holds and may pick a variant it cannot decode; Apple's authoring rules require it"
            }
            Self::MissingResolution { .. } => {
                "without RESOLUTION a player cannot cap the picture size to the screen and may choose renditions poorly"
            }
            Self::MissingFrameRate { .. } => {
                "without FRAME-RATE a player cannot avoid high-frame-rate variants it plays poorly; Apple recommends it for video"
            }
            Self::UndefinedGroup { .. } => {
                "the variant names a rendition group that no EXT-X-MEDIA defines; players reject the variant or the whole manifest"
            }
            Self::InconsistentBaseNames { .. } => {
                "redundant copies should differ only in the pipelines' base names; a pair that differs otherwise points at files the channel does not write"
            }
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity() {
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let subject = match self {
            Self::NotRedundant => "no redundant variants".to_owned(),
            Self::Unpaired { uri } => format!("{uri}: no redundant copy"),
            Self::AudioGroupsDiffer { pair, first, second } => {
                format!("{} / {}: AUDIO {first:?} vs {second:?}", pair.first, pair.second)
            }
            Self::SubtitleGroupsDiffer { pair, first, second } => {
                format!(
                    "{} / {}: SUBTITLES {first:?} vs {second:?}",
                    pair.first, pair.second
                )
            }
            Self::MissingCodecs { uri } => format!("{uri}: no CODECS"),
            Self::MissingResolution { uri } => format!("{uri}: no RESOLUTION"),
            Self::MissingFrameRate { uri } => format!("{uri}: no FRAME-RATE"),
            Self::UndefinedGroup { uri, group } => format!("{uri}: group {group:?} is not defined"),
            Self::InconsistentBaseNames { expected, pair } => format!(
                "{} / {}: base names differ from {:?} / {:?}",
                pair.first, pair.second, expected.0, expected.1
            ),
        };
        write!(f, "{severity}: {subject}: {}", self.explanation())
    }
}

/// What the check of a master found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MasterReport {
    /// Redundant pairs, in the order of their first variant.
    pub pairs: Vec<VariantPair>,
    /// URIs of variants without a copy.
    pub unpaired: Vec<String>,
    /// The two base names, as the first pair shows them.
    pub base_names: Option<(String, String)>,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
}

impl MasterReport {
    /// The most severe finding's severity, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(Finding::severity).max()
    }
}

/// Parses and checks a master manifest.
pub fn check_master(bytes: &[u8]) -> Result<MasterReport, Error> {
    parse_master(bytes).map(|m| check(&m))
}

/// Attributes that must be equal for two variants to be redundant copies (`AUDIO` and `SUBTITLES` are
/// compared separately, since MediaLive suffixes audio groups per pipeline).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct CopyKey {
    bandwidth: u64,
    average_bandwidth: Option<u64>,
    codecs: Vec<String>,
    resolution: Option<(u64, u64)>,
    frame_rate_millis: Option<i64>,
    directory: String,
}

fn copy_key(v: &VariantStream) -> CopyKey {
    CopyKey {
        bandwidth: v.bandwidth,
        average_bandwidth: v.average_bandwidth,
        codecs: v.codecs.as_deref().map(normalized).unwrap_or_default(),
        resolution: v.resolution.map(|r| (r.width, r.height)),
        frame_rate_millis: v.frame_rate.map(millis),
        directory: split_uri(&v.uri).0.to_owned(),
    }
}

#[allow(clippy::cast_possible_truncation)]
pub(crate) fn millis(rate: f64) -> i64 {
    (rate * 1000.0).round() as i64
}

/// `(directory with trailing '/', file stem without .m3u8 and query)`.
fn split_uri(uri: &str) -> (&str, &str) {
    let uri = uri.split(['?', '#']).next().unwrap_or(uri);
    let (dir, file) = match uri.rfind('/') {
        Some(i) => uri.split_at(i + 1),
        None => ("", uri),
    };
    (dir, file.strip_suffix(".m3u8").unwrap_or(file))
}

fn pair_of(first: &VariantStream, second: &VariantStream) -> VariantPair {
    let (a, b) = (split_uri(&first.uri).1, split_uri(&second.uri).1);
    let common = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    // Keep the suffix on a character boundary and leave each base at least one character.
    let mut take = common
        .min(a.len().saturating_sub(1))
        .min(b.len().saturating_sub(1));
    while take > 0 && !(a.is_char_boundary(a.len() - take) && b.is_char_boundary(b.len() - take)) {
        take -= 1;
    }
    let mut modifier = &a[a.len() - take..];
    // Base names may end alike (`east`/`west` share `st`): name modifiers conventionally start at a
    // separator, so the modifier starts at the first one in the shared suffix, when there is one.
    if let Some(i) = modifier.find(['_', '-', '.']) {
        modifier = &modifier[i..];
    }
    VariantPair {
        first: first.uri.clone(),
        second: second.uri.clone(),
        name_modifier: modifier.to_owned(),
    }
}

fn bases(pair: &VariantPair) -> (String, String) {
    let strip = |uri: &str| {
        let stem = split_uri(uri).1;
        stem[..stem.len() - pair.name_modifier.len()].to_owned()
    };
    (strip(&pair.first), strip(&pair.second))
}

/// Checks a parsed master: pairs redundant variants (same attributes, same directory, names that differ
/// only before a shared name modifier), and reports player-compatibility findings.
pub fn check(master: &MasterPlaylist) -> MasterReport {
    let variants: Vec<&VariantStream> = master.variants.iter().filter(|v| !v.is_i_frame).collect();
    let mut groups: BTreeMap<CopyKey, Vec<usize>> = BTreeMap::new();
    for (i, v) in variants.iter().enumerate() {
        groups.entry(copy_key(v)).or_default().push(i);
    }
    let mut pairs: Vec<(usize, VariantPair)> = Vec::new();
    let mut unpaired: Vec<usize> = Vec::new();
    for members in groups.values() {
        match members.as_slice() {
            &[a, b] if split_uri(&variants[a].uri).1 != split_uri(&variants[b].uri).1 => {
                pairs.push((a, pair_of(variants[a], variants[b])));
            }
            other => unpaired.extend_from_slice(other),
        }
    }
    pairs.sort_by_key(|(i, _)| *i);
    unpaired.sort_unstable();

    let mut findings = Vec::new();
    if pairs.is_empty() && !variants.is_empty() {
        findings.push(Finding::NotRedundant);
    }
    let base_names = pairs.first().map(|(_, p)| bases(p));
    for (first, pair) in &pairs {
        if let Some(expected) = &base_names
            && &bases(pair) != expected
        {
            findings.push(Finding::InconsistentBaseNames {
                expected: expected.clone(),
                pair: pair.clone(),
            });
        }
        let a = variants[*first];
        let Some(b) = variants.iter().find(|v| v.uri == pair.second) else {
            continue;
        };
        if a.audio != b.audio {
            findings.push(Finding::AudioGroupsDiffer {
                pair: pair.clone(),
                first: a.audio.clone().unwrap_or_default(),
                second: b.audio.clone().unwrap_or_default(),
            });
        }
        if a.subtitles != b.subtitles {
            findings.push(Finding::SubtitleGroupsDiffer {
                pair: pair.clone(),
                first: a.subtitles.clone().unwrap_or_default(),
                second: b.subtitles.clone().unwrap_or_default(),
            });
        }
    }
    if !pairs.is_empty() {
        findings.extend(unpaired.iter().map(|&i| Finding::Unpaired {
            uri: variants[i].uri.clone(),
        }));
    }
    for v in &variants {
        let uri = v.uri.clone();
        match v.codecs.as_deref() {
            None | Some("") => findings.push(Finding::MissingCodecs { uri: uri.clone() }),
            Some(codecs) if has_video(codecs) => {
                if v.resolution.is_none() {
                    findings.push(Finding::MissingResolution { uri: uri.clone() });
                }
                if v.frame_rate.is_none() {
                    findings.push(Finding::MissingFrameRate { uri: uri.clone() });
                }
            }
            Some(_) => {}
        }
        let defined = |kind: AlternativeMediaType, group: &str| {
            master
                .alternatives
                .iter()
                .any(|m| m.media_type == kind && m.group_id == group)
        };
        for (kind, group) in [
            (AlternativeMediaType::Audio, &v.audio),
            (AlternativeMediaType::Subtitles, &v.subtitles),
        ] {
            if let Some(group) = group
                && !defined(kind, group)
            {
                findings.push(Finding::UndefinedGroup {
                    uri: uri.clone(),
                    group: group.clone(),
                });
            }
        }
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity()));
    MasterReport {
        pairs: pairs.into_iter().map(|(_, p)| p).collect(),
        unpaired: unpaired.into_iter().map(|i| variants[i].uri.clone()).collect(),
        base_names,
        findings,
    }
}
