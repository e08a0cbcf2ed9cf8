//! Judging an origin's segment listing: is the output epoch-locked, and are two outputs aligned?
//!
//! This is Step 4 of the resilient-workflow recipe as code: segment numbers must be large (counted from
//! the epoch, not from 1), close to what the epoch clock predicts at `now`, and equal between pipeline A
//! and pipeline B and between Regions.

use std::collections::BTreeMap;
use std::fmt;

use crate::{Cadence, EpochClock, SegmentName, Timestamp, epoch};

/// Largest skew, in segments, between two epoch-locked outputs of one source (pipeline A against
/// pipeline B, or one Region against the other): the [`compare`] argument for outputs that are aligned.
///
/// Both outputs number segment `N` identically, but each uploads it on its own schedule, so at the
/// instant of a listing one may have uploaded `N` while the other is still uploading it. Two segments
/// apart means one output is a whole segment late, which a player switching origins would see.
pub const MAX_SKEW: u64 = 1;

/// Segments a pipeline may still upload after it was paused: the one it was writing.
///
/// MediaLive's pause-state action stops a pipeline's output at a segment boundary, so the segment in
/// progress is completed and uploaded. A paused pipeline's newest number may therefore advance by this
/// much after the pause and still count as stopped; a running pipeline must advance by more.
pub const IN_FLIGHT_SEGMENTS: u64 = 1;

/// The shortest observation, in segments, that tells a paused pipeline from a running one.
///
/// In a hold of this many segments a running pipeline writes about this many new segments (one fewer if
/// the looks fall just after and just before a boundary), which must exceed what a paused pipeline may
/// still add ([`IN_FLIGHT_SEGMENTS`]) by at least one: `3 - 1 > 1`.
pub const MIN_HOLD_SEGMENTS: u32 = 3;

/// How far the newest segment number may be from the one the epoch clock predicts at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Tolerance {
    /// Segments the newest one may be behind the segment containing `now`.
    pub behind: u64,
    /// Segments the newest one may be ahead of the segment containing `now`.
    pub ahead: u64,
}

impl Tolerance {
    /// MediaLive accepts source timecode up to two minutes from real time; a segment is listed only
    /// once it is complete and uploaded. So the newest number may be up to two minutes of segments
    /// ahead, and two minutes plus two segments behind.
    pub fn medialive(cadence: Cadence) -> Self {
        let two_minutes = crate::Seconds::whole(crate::as_run::MAX_TIMECODE_OFFSET_SECONDS);
        let drift =
            crate::medialive_frames_for(two_minutes, cadence.rate()).div_ceil(u64::from(cadence.frames()));
        Self {
            behind: drift + 2,
            ahead: drift,
        }
    }
}

/// What one rendition's numbering says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Verdict {
    /// The newest number is within tolerance of the epoch clock's prediction.
    EpochLocked,
    /// The numbers count from the channel's start (the newest is less than half the prediction):
    /// the symptom of a source without usable UTC timecode.
    NumberedFromStart,
    /// The numbers are epoch-sized but off by more than the tolerance.
    Misaligned,
}

/// One rendition (one name modifier) in a listing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Rendition {
    /// The name modifier (`_720p30`), empty when the output has none.
    pub name_modifier: String,
    /// Segments seen.
    pub count: usize,
    /// The lowest number seen.
    pub oldest: u64,
    /// The highest number seen.
    pub newest: u64,
    /// What the numbering says.
    pub verdict: Verdict,
}

impl Rendition {
    /// `newest − expected` as a signed number of segments.
    pub fn offset(&self, expected: u64) -> i128 {
        i128::from(self.newest) - i128::from(expected)
    }
}

/// The judgement of one destination's segments (one base name) at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Report {
    /// The base name judged (`primary`).
    pub base: String,
    /// The instant judged at.
    pub now: Timestamp,
    /// The index of the segment containing `now`.
    pub expected: u64,
    /// The tolerance applied.
    pub tolerance: Tolerance,
    /// One entry per name modifier, sorted by modifier.
    pub renditions: Vec<Rendition>,
    /// Names under the base that are not segment names (playlists, for example).
    pub other_objects: usize,
}

impl Report {
    /// The worst verdict over the renditions; `None` when no segment was found.
    pub fn verdict(&self) -> Option<Verdict> {
        let worst = |v: &Verdict| match v {
            Verdict::EpochLocked => 0,
            Verdict::Misaligned => 1,
            Verdict::NumberedFromStart => 2,
        };
        self.renditions.iter().map(|r| r.verdict).max_by_key(worst)
    }

    /// Whether segments were found and every rendition is epoch-locked.
    pub fn is_epoch_locked(&self) -> bool {
        self.verdict() == Some(Verdict::EpochLocked)
    }
}

impl fmt::Display for Report {
    /// One line per rendition: `primary_720p30: newest 294012345, expected 294012346 (-1): epoch-locked`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.renditions.is_empty() {
            return write!(f, "{}: no segments found", self.base);
        }
        for (i, r) in self.renditions.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let verdict = match r.verdict {
                Verdict::EpochLocked => "epoch-locked",
                Verdict::NumberedFromStart => {
                    "numbered from the channel start: is the source's timecode UTC?"
                }
                Verdict::Misaligned => "misaligned with the epoch clock",
            };
            write!(
                f,
                "{}{}: newest {}, expected {} ({:+}): {verdict}",
                self.base,
                r.name_modifier,
                r.newest,
                self.expected,
                r.offset(self.expected)
            )?;
        }
        Ok(())
    }
}

/// Judges the object names under one destination (`base`) at `now`. Names may carry a path; names not
/// under `base` are skipped, and names under it that are not segments are counted in
/// [`Report::other_objects`].
///
/// ```
/// use hls_epoch::{Cadence, EpochClock, FrameRate, SegmentName, Timestamp};
/// use hls_epoch::listing::{judge, Tolerance, Verdict};
///
/// let clock = EpochClock::unix(Cadence::from_medialive_segment_length(6, FrameRate::FPS_30)?);
/// let now: Timestamp = "2026-11-24T22:00:00Z".parse()?;
/// let newest = clock.index_at(now)? - 1;
/// let names = [SegmentName::new("primary", "_720p", newest).to_string(), "primary_720p.m3u8".to_owned()];
/// let report = judge(clock, "primary", names.iter().map(String::as_str), now, Tolerance::medialive(clock.cadence()))?;
/// assert_eq!(report.verdict(), Some(Verdict::EpochLocked));
///
/// let from_one = judge(clock, "primary", ["primary_720p_00001.ts"], now, Tolerance::medialive(clock.cadence()))?;
/// assert_eq!(from_one.verdict(), Some(Verdict::NumberedFromStart));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn judge<'a>(
    clock: EpochClock,
    base: &str,
    names: impl IntoIterator<Item = &'a str>,
    now: Timestamp,
    tolerance: Tolerance,
) -> Result<Report, epoch::Error> {
    let mut seen: BTreeMap<String, Numbers> = BTreeMap::new();
    let mut other_objects = 0;
    for name in names {
        let file = name.rsplit('/').next().unwrap_or(name);
        if !file.starts_with(base) {
            continue;
        }
        let Ok(segment) = SegmentName::parse(file) else {
            other_objects += 1;
            continue;
        };
        let Some(modifier) = segment.name_modifier(base) else {
            continue;
        };
        let entry = seen.entry(modifier.to_owned()).or_insert(Numbers {
            count: 0,
            oldest: u64::MAX,
            newest: 0,
        });
        entry.count += 1;
        entry.oldest = entry.oldest.min(segment.number());
        entry.newest = entry.newest.max(segment.number());
    }
    let mut report = judge_numbers(clock, base, seen, now, tolerance)?;
    report.other_objects = other_objects;
    Ok(report)
}

/// The segment numbers one rendition shows: how many, the lowest and the highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Numbers {
    /// Segments seen.
    pub count: usize,
    /// The lowest number seen.
    pub oldest: u64,
    /// The highest number seen.
    pub newest: u64,
}

/// Judges renditions already reduced to their [`Numbers`], keyed by name modifier: what [`judge`]
/// does after reading a listing's names, for sources that number segments another way (a media
/// playlist's `EXT-X-MEDIA-SEQUENCE` and its segment count, for example).
///
/// ```
/// use hls_epoch::{Cadence, EpochClock, FrameRate, Timestamp};
/// use hls_epoch::listing::{judge_numbers, Numbers, Tolerance, Verdict};
///
/// let clock = EpochClock::unix(Cadence::from_medialive_segment_length(6, FrameRate::FPS_30)?);
/// let now: Timestamp = "2026-11-24T22:00:00Z".parse()?;
/// let newest = clock.index_at(now)? - 1;
/// let numbers = Numbers { count: 10, oldest: newest - 9, newest };
/// let report = judge_numbers(clock, "index", [("_1".to_owned(), numbers)], now, Tolerance::medialive(clock.cadence()))?;
/// assert_eq!(report.verdict(), Some(Verdict::EpochLocked));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn judge_numbers(
    clock: EpochClock,
    base: &str,
    renditions: impl IntoIterator<Item = (String, Numbers)>,
    now: Timestamp,
    tolerance: Tolerance,
) -> Result<Report, epoch::Error> {
    let expected = clock.index_at(now)?;
    let mut renditions: Vec<Rendition> = renditions
        .into_iter()
        .map(
            |(
                name_modifier,
                Numbers {
                    count,
                    oldest,
                    newest,
                },
            )| {
                let verdict = if newest < expected / 2 {
                    Verdict::NumberedFromStart
                } else if newest + tolerance.behind >= expected
                    && newest <= expected.saturating_add(tolerance.ahead)
                {
                    Verdict::EpochLocked
                } else {
                    Verdict::Misaligned
                };
                Rendition {
                    name_modifier,
                    count,
                    oldest,
                    newest,
                    verdict,
                }
            },
        )
        .collect();
    renditions.sort_by(|a, b| a.name_modifier.cmp(&b.name_modifier));
    Ok(Report {
        base: base.to_owned(),
        now,
        expected,
        tolerance,
        renditions,
        other_objects: 0,
    })
}

/// One rendition present in both listings compared.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Pair {
    /// The shared name modifier.
    pub name_modifier: String,
    /// The newest number on side A.
    pub newest_a: u64,
    /// The newest number on side B.
    pub newest_b: u64,
}

impl Pair {
    /// `newest_a − newest_b`.
    pub fn skew(&self) -> i128 {
        i128::from(self.newest_a) - i128::from(self.newest_b)
    }
}

/// How two listings (pipeline A against B, or one Region against the other) line up.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Alignment {
    /// Largest skew accepted, in segments.
    pub max_skew: u64,
    /// Renditions present on both sides.
    pub pairs: Vec<Pair>,
    /// Name modifiers only side A has.
    pub only_a: Vec<String>,
    /// Name modifiers only side B has.
    pub only_b: Vec<String>,
}

impl Alignment {
    /// Whether both sides have the same renditions and every pair is within `max_skew`.
    pub fn is_aligned(&self) -> bool {
        self.only_a.is_empty()
            && self.only_b.is_empty()
            && !self.pairs.is_empty()
            && self
                .pairs
                .iter()
                .all(|p| p.skew().unsigned_abs() <= u128::from(self.max_skew))
    }
}

/// Pairs the renditions of two reports by name modifier. Two epoch-locked outputs of the same source
/// differ by at most one segment at any instant, so `max_skew` is usually [`MAX_SKEW`].
pub fn compare(a: &Report, b: &Report, max_skew: u64) -> Alignment {
    let b_by_modifier: BTreeMap<&str, &Rendition> = b
        .renditions
        .iter()
        .map(|r| (r.name_modifier.as_str(), r))
        .collect();
    let mut pairs = Vec::new();
    let mut only_a = Vec::new();
    for ra in &a.renditions {
        match b_by_modifier.get(ra.name_modifier.as_str()) {
            Some(rb) => pairs.push(Pair {
                name_modifier: ra.name_modifier.clone(),
                newest_a: ra.newest,
                newest_b: rb.newest,
            }),
            None => only_a.push(ra.name_modifier.clone()),
        }
    }
    let a_modifiers: Vec<&str> = a.renditions.iter().map(|r| r.name_modifier.as_str()).collect();
    let only_b = b
        .renditions
        .iter()
        .filter(|r| !a_modifiers.contains(&r.name_modifier.as_str()))
        .map(|r| r.name_modifier.clone())
        .collect();
    Alignment {
        max_skew,
        pairs,
        only_a,
        only_b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FrameRate;

    fn setup() -> (EpochClock, Timestamp, u64) {
        let clock =
            EpochClock::unix(Cadence::from_medialive_segment_length(6, FrameRate::FPS_29_97).unwrap());
        let now: Timestamp = "2026-11-24T22:00:00Z".parse().unwrap();
        let expected = clock.index_at(now).unwrap();
        (clock, now, expected)
    }

    fn names(base: &str, modifiers: &[&str], newest: u64) -> Vec<String> {
        modifiers
            .iter()
            .flat_map(|m| {
                (newest - 4..=newest).map(move |n| format!("demo/{}", SegmentName::new(base, m, n)))
            })
            .chain([format!("demo/{base}.m3u8")])
            .collect()
    }

    #[test]
    fn tolerance_is_two_minutes_of_segments() {
        let (clock, ..) = setup();
        assert_eq!(
            Tolerance::medialive(clock.cadence()),
            Tolerance {
                behind: 22,
                ahead: 20
            }
        );
    }

    #[test]
    fn judges_locked_from_start_and_misaligned() {
        let (clock, now, expected) = setup();
        let tol = Tolerance::medialive(clock.cadence());
        let good = names("primary", &["_1080p", "_720p"], expected - 1);
        let report = judge(clock, "primary", good.iter().map(String::as_str), now, tol).unwrap();
        assert!(report.is_epoch_locked(), "{report}");
        assert_eq!(report.renditions.len(), 2);
        assert_eq!(report.renditions[0].count, 5);
        assert_eq!(report.other_objects, 1);

        let from_one = names("primary", &["_720p"], 40);
        let report = judge(clock, "primary", from_one.iter().map(String::as_str), now, tol).unwrap();
        assert_eq!(report.verdict(), Some(Verdict::NumberedFromStart));
        assert!(report.to_string().contains("timecode"), "{report}");

        let late = names("primary", &["_720p"], expected - 100);
        let report = judge(clock, "primary", late.iter().map(String::as_str), now, tol).unwrap();
        assert_eq!(report.verdict(), Some(Verdict::Misaligned));
        assert!(report.to_string().contains("(-100)"), "{report}");

        let nothing = judge(clock, "primary", ["demo/backup_720p_00001.ts"], now, tol).unwrap();
        assert_eq!(nothing.verdict(), None);
        assert!(!nothing.is_epoch_locked());
    }

    #[test]
    fn max_skew_accepts_one_upload_in_progress_and_no_more() {
        let (clock, now, expected) = setup();
        let tol = Tolerance::medialive(clock.cadence());
        let report = |base: &str, newest: u64| {
            let listed = names(base, &["_720p"], newest);
            judge(clock, base, listed.iter().map(String::as_str), now, tol).unwrap()
        };
        let a = report("primary", expected - 1);
        assert!(compare(&a, &report("backup", expected - 1), MAX_SKEW).is_aligned());
        assert!(compare(&a, &report("backup", expected - 2), MAX_SKEW).is_aligned());
        assert!(compare(&a, &report("backup", expected), MAX_SKEW).is_aligned());
        assert!(!compare(&a, &report("backup", expected - 3), MAX_SKEW).is_aligned());
    }

    #[test]
    fn a_minimum_hold_tells_a_running_pipeline_from_a_paused_one() {
        // The fewest segments a running pipeline adds in the shortest hold (the looks may fall just
        // after and just before a segment boundary) must exceed what a paused one may still add.
        let running_at_least = u64::from(MIN_HOLD_SEGMENTS) - 1;
        assert!(running_at_least > IN_FLIGHT_SEGMENTS, "{running_at_least}");
        // One segment shorter and the two cannot be told apart.
        assert!(u64::from(MIN_HOLD_SEGMENTS - 1) - 1 <= IN_FLIGHT_SEGMENTS);
    }

    #[test]
    fn compares_pipelines_and_regions() {
        let (clock, now, expected) = setup();
        let tol = Tolerance::medialive(clock.cadence());
        let a = names("primary", &["_1080p", "_720p"], expected - 1);
        let b = names("backup", &["_1080p", "_720p"], expected - 2);
        let ra = judge(clock, "primary", a.iter().map(String::as_str), now, tol).unwrap();
        let rb = judge(clock, "backup", b.iter().map(String::as_str), now, tol).unwrap();
        assert!(compare(&ra, &rb, 1).is_aligned());
        let skewed = names("backup", &["_1080p", "_720p"], expected - 5);
        let rs = judge(clock, "backup", skewed.iter().map(String::as_str), now, tol).unwrap();
        let alignment = compare(&ra, &rs, 1);
        assert!(!alignment.is_aligned());
        assert_eq!(alignment.pairs[0].skew(), 4);
        let partial = names("backup", &["_720p", "_540p"], expected - 1);
        let rp = judge(clock, "backup", partial.iter().map(String::as_str), now, tol).unwrap();
        let alignment = compare(&ra, &rp, 1);
        assert_eq!(
            (alignment.only_a.clone(), alignment.only_b.clone()),
            (vec!["_1080p".to_owned()], vec!["_540p".to_owned()])
        );
        assert!(!alignment.is_aligned());
    }
}
