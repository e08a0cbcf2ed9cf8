//! MediaLive as-run log checks: is the source's timecode close enough to real time for epoch locking?
//!
//! MediaLive writes an `initial_timecode` record when a pipeline starts reading its input, such as
//! `{"timestamp": "2020-10-27T23:32:13.403259", "as_run_type": "initial_timecode", "timecode":
//! "23:32:06:00", ...}`. Epoch locking needs that timecode to be UTC and within two minutes of the
//! timestamp; otherwise segments are numbered from the channel start.

use std::fmt;

use crate::{FrameRate, Timecode, Timestamp, timecode};

/// The largest difference between source timecode and real time MediaLive accepts for epoch locking.
pub const MAX_TIMECODE_OFFSET_SECONDS: u64 = 120;

const NANOS_PER_SECOND: i128 = 1_000_000_000;
const NANOS_PER_DAY: i128 = 86_400 * NANOS_PER_SECOND;

/// One as-run log record, with the fields this crate reasons about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AsRunRecord {
    /// When MediaLive wrote the record (UTC).
    pub timestamp: Timestamp,
    /// The record type (`initial_timecode`, ...).
    pub as_run_type: String,
    /// The timecode, for records that carry one.
    pub timecode: Option<Timecode>,
    /// The input, when named.
    pub input_id: Option<String>,
    /// The output, when named.
    pub output_name: Option<String>,
}

/// The comparison of a timecode, read as a UTC time of day, with the instant it was observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimecodeCheck {
    /// The instant the timecode was observed.
    pub timestamp: Timestamp,
    /// The timecode.
    pub timecode: Timecode,
    /// Timecode minus real time, in nanoseconds: negative when the timecode is behind.
    pub offset_nanos: i128,
}

impl TimecodeCheck {
    /// Compares `timecode` (read as the wall-clock label of a UTC time of day at `rate`) with
    /// `timestamp`, taking the day that makes them closest, so a check across midnight (timecode
    /// `23:59:58:00` seen at `00:00:05`) gives -7 s, not +23 h.
    pub fn new(timestamp: Timestamp, timecode: Timecode, rate: FrameRate) -> Result<Self, timecode::Error> {
        let label = timecode.label_time(rate)?;
        let label_nanos = i128::try_from(label.as_nanos_floor()).unwrap_or(i128::MAX);
        let mut offset_nanos = label_nanos - timestamp.nanos_of_day();
        // Same day, previous day or next day: bring the offset into (-12 h, 12 h].
        if offset_nanos > NANOS_PER_DAY / 2 {
            offset_nanos -= NANOS_PER_DAY;
        } else if offset_nanos <= -NANOS_PER_DAY / 2 {
            offset_nanos += NANOS_PER_DAY;
        }
        Ok(Self {
            timestamp,
            timecode,
            offset_nanos,
        })
    }

    /// Whether the timecode is within [`MAX_TIMECODE_OFFSET_SECONDS`] of real time.
    pub fn is_usable_for_epoch_locking(&self) -> bool {
        self.offset_nanos.unsigned_abs() <= u128::from(MAX_TIMECODE_OFFSET_SECONDS) * NANOS_PER_SECOND as u128
    }
}

impl fmt::Display for TimecodeCheck {
    /// `timecode 23:32:06:00 at 2020-10-27T23:32:13.403259Z is 7.403259 s behind real time: usable for epoch locking`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let magnitude = self.offset_nanos.unsigned_abs();
        let direction = if self.offset_nanos < 0 {
            "behind"
        } else {
            "ahead of"
        };
        let mut frac = format!("{:09}", magnitude % 1_000_000_000);
        while frac.ends_with('0') {
            frac.pop();
        }
        let seconds = if frac.is_empty() {
            format!("{}", magnitude / 1_000_000_000)
        } else {
            format!("{}.{frac}", magnitude / 1_000_000_000)
        };
        let verdict = if self.is_usable_for_epoch_locking() {
            "usable for epoch locking".to_owned()
        } else {
            format!(
                "NOT usable for epoch locking (MediaLive needs UTC timecode within {MAX_TIMECODE_OFFSET_SECONDS} s)"
            )
        };
        write!(
            f,
            "timecode {} at {} is {seconds} s {direction} real time: {verdict}",
            self.timecode, self.timestamp
        )
    }
}

/// Why an as-run line could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The line is not a JSON object with the as-run fields.
    #[cfg(feature = "serde")]
    #[error("as-run line {line:?} is not a MediaLive as-run record")]
    Json {
        /// The line given.
        line: String,
        /// What the JSON reader said.
        #[source]
        source: serde_json::Error,
    },
    /// The `timestamp` field is not a UTC date and time.
    #[error("as-run field `timestamp` is not usable")]
    Timestamp(#[from] crate::timestamp::Error),
    /// The `timecode` field is not a timecode.
    #[error("as-run field `timecode` is not usable")]
    Timecode(#[from] timecode::Error),
}

impl AsRunRecord {
    /// Compares this record's timecode with its timestamp; `None` when the record has no timecode.
    pub fn check_timecode(&self, rate: FrameRate) -> Option<Result<TimecodeCheck, timecode::Error>> {
        self.timecode
            .map(|tc| TimecodeCheck::new(self.timestamp, tc, rate))
    }

    /// Reads one line of a MediaLive as-run log (a JSON object). Timestamps without an offset are UTC.
    #[cfg(feature = "serde")]
    #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
    pub fn from_json_line(line: &str) -> Result<Self, Error> {
        #[derive(serde::Deserialize)]
        struct Wire {
            timestamp: String,
            as_run_type: String,
            timecode: Option<String>,
            input_id: Option<String>,
            output_name: Option<String>,
        }
        let wire: Wire = serde_json::from_str(line).map_err(|source| Error::Json {
            line: line.to_owned(),
            source,
        })?;
        let timestamp = match Timestamp::parse_rfc3339(&wire.timestamp) {
            Ok(t) => t,
            Err(_) => Timestamp::parse_utc_without_offset(&wire.timestamp)?,
        };
        let timecode = wire.timecode.as_deref().map(str::parse).transpose()?;
        Ok(Self {
            timestamp,
            as_run_type: wire.as_run_type,
            timecode,
            input_id: wire.input_id,
            output_name: wire.output_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each error's own text, outermost first, as a reporter that walks `source()` prints it.
    #[cfg(feature = "serde")]
    fn chain(error: &dyn std::error::Error) -> Vec<String> {
        std::iter::successors(Some(error), |e| e.source())
            .map(ToString::to_string)
            .collect()
    }

    #[cfg(feature = "serde")]
    #[test]
    fn a_line_error_prints_each_cause_once() {
        let lines = [
            "not json",
            r#"{"timestamp": "yesterday", "as_run_type": "x"}"#,
            r#"{"timestamp": "2020-10-27T23:32:13Z", "as_run_type": "x", "timecode": "25:99"}"#,
        ];
        for line in lines {
            let error = AsRunRecord::from_json_line(line).unwrap_err();
            let texts = chain(&error);
            assert!(texts.len() >= 2, "the cause is a source: {texts:?}");
            for (i, outer) in texts.iter().enumerate() {
                for inner in &texts[i + 1..] {
                    assert!(!outer.contains(inner.as_str()), "{outer:?} repeats {inner:?}");
                }
            }
        }
    }

    #[test]
    fn the_recipe_example_is_usable() {
        let t = Timestamp::parse_utc_without_offset("2020-10-27T23:32:13.403259").unwrap();
        let tc: Timecode = "23:32:06:00".parse().unwrap();
        let check = TimecodeCheck::new(t, tc, FrameRate::FPS_30).unwrap();
        assert_eq!(check.offset_nanos, -7_403_259_000);
        assert!(check.is_usable_for_epoch_locking());
        assert!(check.to_string().contains("7.403259 s behind"), "{check}");
    }

    #[test]
    fn across_midnight_both_ways() {
        let tc: Timecode = "23:59:58:00".parse().unwrap();
        let t: Timestamp = "2020-10-28T00:00:05Z".parse().unwrap();
        assert_eq!(
            TimecodeCheck::new(t, tc, FrameRate::FPS_25).unwrap().offset_nanos,
            -7 * NANOS_PER_SECOND
        );
        let tc: Timecode = "00:00:03:00".parse().unwrap();
        let t: Timestamp = "2020-10-27T23:59:58Z".parse().unwrap();
        assert_eq!(
            TimecodeCheck::new(t, tc, FrameRate::FPS_25).unwrap().offset_nanos,
            5 * NANOS_PER_SECOND
        );
    }

    #[test]
    fn local_time_timecode_is_not_usable() {
        // A source stamped with US Eastern time instead of UTC.
        let tc: Timecode = "19:32:06:00".parse().unwrap();
        let t: Timestamp = "2020-10-27T23:32:13Z".parse().unwrap();
        let check = TimecodeCheck::new(t, tc, FrameRate::FPS_30).unwrap();
        assert!(!check.is_usable_for_epoch_locking());
        assert!(check.to_string().contains("NOT usable"), "{check}");
        let edge: Timecode = "23:34:13:00".parse().unwrap();
        assert!(
            TimecodeCheck::new(t, edge, FrameRate::FPS_30)
                .unwrap()
                .is_usable_for_epoch_locking()
        );
        let past: Timecode = "23:34:13:01".parse().unwrap();
        assert!(
            !TimecodeCheck::new(t, past, FrameRate::FPS_30)
                .unwrap()
                .is_usable_for_epoch_locking()
        );
    }
}
