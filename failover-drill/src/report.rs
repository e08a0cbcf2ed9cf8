//! The drill's figures: one row per scenario, printed as a table for people or as JSON for machines.
//! Every duration is drill (viewer) time, in seconds.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::time::Duration;

use crate::deployment::EdgeTimeouts;
use crate::player::Stall;

/// Serialises a duration as decimal seconds (millisecond precision).
pub(crate) mod seconds {
    use std::time::Duration;

    pub(crate) fn serialize<S: serde::Serializer>(
        value: &Duration,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(super::as_seconds(*value))
    }
}

/// Serialises an optional duration as decimal seconds or `null`.
pub(crate) mod option_seconds {
    use std::time::Duration;

    pub(crate) fn serialize<S: serde::Serializer>(
        value: &Option<Duration>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(&super::as_seconds(*value)),
            None => serializer.serialize_none(),
        }
    }
}

/// A duration in seconds, rounded to the millisecond, for reports only (never for arithmetic).
#[allow(clippy::cast_precision_loss)]
pub(crate) fn as_seconds(value: Duration) -> f64 {
    value.as_millis() as f64 / 1000.0
}

/// The failover budget next to what the drill measured, for a primary origin that is down or slow.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BudgetComparison {
    /// The budget's fault the scenario rehearses.
    pub fault: String,
    /// What `origin-failover`'s budget says a request costs while the fault lasts.
    #[serde(with = "seconds")]
    pub predicted_delay_per_request: Duration,
    /// The mean time the edge spent on the primary before asking the backup, during the outage.
    #[serde(with = "option_seconds")]
    pub measured_delay_per_request: Option<Duration>,
    /// The budget's verdict at its worst case (two cache misses per segment).
    pub predicted_verdict: String,
    /// Requests the player made per segment during the outage.
    pub measured_requests_per_segment: f64,
    /// How far each segment's delivery falls behind its duration, by the budget at the measured request
    /// rate: the stall on every segment once the buffer is empty (zero when seamless).
    #[serde(with = "seconds")]
    pub predicted_lag_per_segment: Duration,
    /// The same, measured: the mean interval between segments delivered during the outage, less a
    /// segment's duration.
    #[serde(with = "option_seconds")]
    pub measured_lag_per_segment: Option<Duration>,
}

/// One scenario's figures.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Row {
    /// The scenario's name.
    pub scenario: String,
    /// The origins it ran on ([`crate::deployment::OriginKind::label`]).
    pub origin: String,
    /// The origin ids, primary first.
    pub origin_ids: [String; 2],
    /// The edge timeouts it ran with.
    pub edge_timeouts: EdgeTimeouts,
    /// Total stall time after playback started.
    #[serde(with = "seconds")]
    pub stall: Duration,
    /// Each stall, in drill time since the player started.
    pub stalls: Vec<Stall>,
    /// Requests the player saw fail (an error status or no response).
    pub player_errors: usize,
    /// From the first fault to the first response from another origin or redundant copy.
    #[serde(with = "option_seconds")]
    pub time_to_failover: Option<Duration>,
    /// From the recovery to the first response from the primary origin's first copy again.
    #[serde(with = "option_seconds")]
    pub time_to_failback: Option<Duration>,
    /// Player requests by the origin that served them (cache hits count for the origin that filled
    /// the cache).
    pub requests_by_origin: BTreeMap<String, u32>,
    /// Origin fetches the edge made, by origin asked.
    pub origin_fetches: BTreeMap<String, u32>,
    /// Segments the player took from each redundant copy (0 = first listed).
    pub segments_by_pathway: Vec<u32>,
    /// Whether playback ended at an `#EXT-X-ENDLIST`.
    pub ended: bool,
    /// Segments whose media was not what their number names.
    pub media_mismatches: u32,
    /// Media skipped because it was missing everywhere.
    #[serde(with = "seconds")]
    pub skipped: Duration,
    /// Segments played whose picture was degraded or slate.
    pub impaired_segments: u32,
    /// The budget next to the measure, for origin outages.
    pub budget: Option<BudgetComparison>,
}

/// A set of rows and how they were produced.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    /// Drill seconds per real second.
    pub speed: u32,
    /// The segment duration, in seconds.
    pub segment_seconds: String,
    /// The rows, in run order.
    pub rows: Vec<Row>,
}

fn cell(value: Option<Duration>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{:.1}", as_seconds(v)))
}

impl fmt::Display for Report {
    /// The table: one line per scenario, then the budget comparisons.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "segments of {} s, drill clock at {}x; every figure in drill seconds",
            self.segment_seconds, self.speed
        )?;
        writeln!(
            f,
            "{:<38} {:<11} {:>7} {:>6} {:>9} {:>9} {:<28} notes",
            "scenario", "edge", "stall s", "errors", "failover", "failback", "requests by origin"
        )?;
        for row in &self.rows {
            let origins = row
                .requests_by_origin
                .iter()
                .fold(String::new(), |mut s, (origin, n)| {
                    if !s.is_empty() {
                        s.push(' ');
                    }
                    let _ = write!(s, "{origin}={n}");
                    s
                });
            let mut notes = Vec::new();
            if row.segments_by_pathway.iter().skip(1).any(|&n| n > 0) {
                notes.push(format!("segments by copy {:?}", row.segments_by_pathway));
            }
            if row.ended {
                notes.push("ended at ENDLIST".to_owned());
            }
            if row.media_mismatches > 0 {
                notes.push(format!("{} media mismatches", row.media_mismatches));
            }
            if !row.skipped.is_zero() {
                notes.push(format!("{:.1} s skipped", as_seconds(row.skipped)));
            }
            let edge = match row.edge_timeouts {
                EdgeTimeouts::Recommended => "recommended",
                EdgeTimeouts::CloudFrontDefaults => "defaults",
            };
            writeln!(
                f,
                "{:<38} {:<11} {:>7.1} {:>6} {:>9} {:>9} {:<28} {}",
                row.scenario,
                edge,
                as_seconds(row.stall),
                row.player_errors,
                cell(row.time_to_failover),
                cell(row.time_to_failback),
                origins,
                notes.join("; ")
            )?;
        }
        writeln!(
            f,
            "failover: fault to the first answer from another origin or redundant copy; failback: recovery to \
             the first answer from the primary origin's first copy; requests by origin: the player's requests \
             by the origin that served them (a cache hit counts for the origin that filled the cache)"
        )?;
        for row in &self.rows {
            let Some(budget) = &row.budget else { continue };
            writeln!(
                f,
                "{} ({:?} edge timeouts), budget fault: {}",
                row.scenario, row.edge_timeouts, budget.fault
            )?;
            writeln!(
                f,
                "  delay per request: predicted {:.1} s, measured {} s",
                as_seconds(budget.predicted_delay_per_request),
                cell(budget.measured_delay_per_request)
            )?;
            writeln!(
                f,
                "  lag per segment (the stall on each once the buffer is empty) at {:.2} requests/segment: predicted {:.1} s, measured {} s",
                budget.measured_requests_per_segment,
                as_seconds(budget.predicted_lag_per_segment),
                cell(budget.measured_lag_per_segment)
            )?;
            writeln!(f, "  budget at 2 requests/segment: {}", budget.predicted_verdict)?;
        }
        Ok(())
    }
}

/// One scenario played by the modelled player and by the real one.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Comparison {
    /// The modelled player's row.
    pub model: Row,
    /// The real player's row.
    pub real: crate::browser::BrowserRow,
}

impl Comparison {
    /// Where the two differ by more than a second: in stall, or in time to fail over.
    ///
    /// A failover that the player notices on a playlist reload (a paused pipeline's deleted playlist)
    /// comes with the first reload after the fault, and the reload timer's phase against the fault is
    /// arbitrary: each player's time to fail over varies run to run within one target duration, so
    /// the two can differ by up to that much without either being wrong.
    pub fn differences(&self) -> Vec<String> {
        let second = Duration::from_secs(1);
        let apart = |a: Duration, b: Duration| a.abs_diff(b) > second;
        let mut found = Vec::new();
        if apart(self.model.stall, self.real.stall) {
            found.push(format!(
                "stall: model {:.1} s, hls.js {:.1} s",
                as_seconds(self.model.stall),
                as_seconds(self.real.stall)
            ));
        }
        match (self.model.time_to_failover, self.real.time_to_failover) {
            (Some(model), Some(real)) if apart(model, real) => found.push(format!(
                "failover: model {:.1} s, hls.js {:.1} s",
                as_seconds(model),
                as_seconds(real)
            )),
            (Some(_), None) | (None, Some(_)) => found.push(format!(
                "failover: model {}, hls.js {}",
                cell(self.model.time_to_failover),
                cell(self.real.time_to_failover)
            )),
            _ => {}
        }
        found
    }
}

/// The model and the real player side by side, as a table.
#[derive(Debug, Clone, Copy)]
pub struct SideBySide<'a>(pub &'a [Comparison]);

impl fmt::Display for SideBySide<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<38} {:<5} {:<10} {:>11} {:>12} {:>14} {:>15}  hls.js segments by origin / pipeline",
            "scenario", "media", "page", "stall model", "stall hls.js", "failover model", "failover hls.js"
        )?;
        for c in self.0 {
            let scenario = match c.real.edge_timeouts {
                EdgeTimeouts::Recommended => c.real.scenario.clone(),
                EdgeTimeouts::CloudFrontDefaults => format!("{} (defaults)", c.real.scenario),
            };
            let join = |map: &BTreeMap<String, u32>| {
                map.iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            writeln!(
                f,
                "{:<38} {:<5} {:<10} {:>11.1} {:>12.1} {:>14} {:>15}  {} / {}",
                scenario,
                c.real.container,
                c.real.recovery.name(),
                as_seconds(c.model.stall),
                as_seconds(c.real.stall),
                cell(c.model.time_to_failover),
                cell(c.real.time_to_failover),
                join(&c.real.segments_by_origin),
                join(&c.real.segments_by_pipeline),
            )?;
            writeln!(
                f,
                "{:<38} {:<5} {:<10} errors: model {}, hls.js {} ({} fatal{}){}",
                "",
                "",
                "",
                c.model.player_errors,
                c.real.errors,
                c.real.fatal_errors,
                if c.real.recoveries > 0 {
                    format!(", {} restarts", c.real.recoveries)
                } else {
                    String::new()
                },
                c.differences()
                    .iter()
                    .fold(String::new(), |s, d| format!("{s}; differs by > 1 s: {d}"))
            )?;
        }
        Ok(())
    }
}

/// Both origin kinds side by side, one line per scenario and MediaPackage v2 setting, the MediaStore
/// figures of the same scenario next to each (rows of [`crate::Scenario::origin_comparison`]), then the
/// stale-primary figures: how long each kind serves a primary Region whose channel died.
#[derive(Debug, Clone, Copy)]
pub struct OriginSideBySide<'a>(pub &'a [Row]);

/// The label of MediaStore rows ([`crate::deployment::OriginKind::label`]).
const MEDIASTORE: &str = "mediastore";

impl OriginSideBySide<'_> {
    /// The MediaStore row of `scenario`, if one ran.
    fn media_store(&self, scenario: &str) -> Option<&Row> {
        self.0
            .iter()
            .find(|r| r.scenario == scenario && r.origin == MEDIASTORE)
    }
}

/// Stall, errors, failover, failback and requests to the primary / backup origin of one row.
fn figures(row: Option<&Row>) -> String {
    let Some(row) = row else {
        return format!("{:>7} {:>6} {:>8} {:>8} {:>9}", "-", "-", "-", "-", "-");
    };
    let requests = |site: usize| {
        row.requests_by_origin
            .get(&row.origin_ids[site])
            .copied()
            .unwrap_or(0)
    };
    format!(
        "{:>7.1} {:>6} {:>8} {:>8} {:>9}",
        as_seconds(row.stall),
        row.player_errors,
        cell(row.time_to_failover),
        cell(row.time_to_failback),
        format!("{}/{}", requests(0), requests(1)),
    )
}

impl fmt::Display for OriginSideBySide<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let columns = format!(
            "{:>7} {:>6} {:>8} {:>8} {:>9}",
            "stall s", "errors", "failover", "failback", "req p/b"
        );
        writeln!(f, "{:<44} | {:<42} | MediaPackage v2", "", "MediaStore")?;
        writeln!(
            f,
            "{:<44} | {columns} | {:<20} {columns}",
            "scenario", "selection"
        )?;
        let mut seen = Vec::new();
        for row in self.0 {
            if row.origin == MEDIASTORE {
                if !self
                    .0
                    .iter()
                    .any(|r| r.scenario == row.scenario && r.origin != MEDIASTORE)
                {
                    writeln!(
                        f,
                        "{:<44} | {} | {:<20} {}",
                        row.scenario,
                        figures(Some(row)),
                        '-',
                        figures(None)
                    )?;
                }
                continue;
            }
            let selection = row
                .origin
                .strip_prefix("mediapackage-v2")
                .unwrap_or(&row.origin)
                .trim();
            let selection = if selection.is_empty() {
                "default"
            } else {
                selection
            };
            let picture = if row.impaired_segments > 0 {
                format!("  ({} impaired segments)", row.impaired_segments)
            } else {
                String::new()
            };
            let store = self.media_store(&row.scenario);
            let store_picture = store
                .filter(|r| r.impaired_segments > 0)
                .map(|r| format!("  (MediaStore: {} impaired segments)", r.impaired_segments))
                .unwrap_or_default();
            let first = !seen.contains(&row.scenario);
            seen.push(row.scenario.clone());
            writeln!(
                f,
                "{:<44} | {} | {:<20} {}{picture}{}",
                row.scenario,
                figures(store),
                selection,
                figures(Some(row)),
                if first { store_picture } else { String::new() },
            )?;
        }
        writeln!(
            f,
            "stall, errors the player saw, failover (fault to the first answer from the backup origin), failback \
             (recovery to the first answer from the primary again), requests the player made by the origin that \
             served them (primary/backup); impaired: segments played with a degraded or slate picture"
        )?;
        let stale = |origin: &str| {
            self.0
                .iter()
                .find(|r| r.scenario == "stale-primary-region" && r.origin == origin)
                .and_then(|r| r.time_to_failover)
        };
        if let (Some(store), Some(package)) = (stale(MEDIASTORE), stale("mediapackage-v2")) {
            writeln!(
                f,
                "stale primary (both primary pipelines crashed): MediaStore lifecycle rule fails over after {:.1} s, \
                 MediaPackage v2 force-error (STALE_MANIFEST) after {:.1} s",
                as_seconds(store),
                as_seconds(package)
            )?;
        }
        Ok(())
    }
}
