//! The epoch clock: which segment an instant falls in, when a segment starts, and MediaLive's epoch
//! settings (`CustomEpoch`, `JamSyncTime`).

use std::fmt;
use std::str::FromStr;

use crate::{Cadence, FrameRate, Timestamp};

const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// The instant an epoch-locked encoder counts segments from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Epoch {
    /// 1970-01-01T00:00:00Z, MediaLive's default.
    #[default]
    Unix,
    /// MediaLive's `EpochLockingSettings.CustomEpoch`.
    Custom(CustomEpoch),
}

impl Epoch {
    /// The instant segment 0 starts.
    pub fn start(self) -> Timestamp {
        match self {
            Epoch::Unix => Timestamp::UNIX_EPOCH,
            Epoch::Custom(custom) => custom.instant(),
        }
    }
}

/// A MediaLive custom epoch: `YYYY-MM-DDTHH:MM:SS` in UTC, not before 2000-01-01T00:00:00, on the hour
/// (minutes and seconds zero).
///
/// ```
/// use hls_epoch::CustomEpoch;
///
/// let epoch: CustomEpoch = "2024-06-01T05:00:00".parse()?;
/// assert_eq!(epoch.to_string(), "2024-06-01T05:00:00");
/// assert!("2024-06-01T05:30:00".parse::<CustomEpoch>().is_err());
/// # Ok::<(), hls_epoch::epoch::SettingError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct CustomEpoch(Timestamp);

/// MediaLive's `EpochLockingSettings.JamSyncTime`: the daily UTC time (`HH:00:00`) at which a 29.97 or
/// 59.94 fps encode re-synchronises its timecode to the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct JamSyncTime {
    hour: u8,
}

/// Why a MediaLive epoch setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingError {
    /// The text does not have the expected shape.
    #[error("{setting} {text:?} is not allowed: expected {expected}")]
    Syntax {
        /// `CustomEpoch` or `JamSyncTime`.
        setting: &'static str,
        /// The text given.
        text: String,
        /// The expected shape.
        expected: &'static str,
    },
    /// A custom epoch before 2000-01-01T00:00:00.
    #[error("CustomEpoch {text:?} is not allowed: MediaLive accepts epochs from 2000-01-01T00:00:00 on")]
    TooEarly {
        /// The text given.
        text: String,
    },
    /// Minutes or seconds are not zero.
    #[error("{setting} {text:?} is not allowed: minutes and seconds must be 00:00")]
    NotOnTheHour {
        /// `CustomEpoch` or `JamSyncTime`.
        setting: &'static str,
        /// The text given.
        text: String,
    },
}

/// Why a segment could not be located.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The instant is before the epoch, where no segment exists.
    #[error("instant {instant} is before the epoch {epoch}: segments are numbered from the epoch on")]
    BeforeEpoch {
        /// The instant asked about.
        instant: Timestamp,
        /// The epoch.
        epoch: Timestamp,
    },
    /// The segment index or its start is outside what a timestamp can hold (years 0000-9999).
    #[error("segment {index} is out of range: its start is past 9999-12-31")]
    OutOfRange {
        /// The index asked about.
        index: u128,
    },
}

impl CustomEpoch {
    /// The earliest custom epoch MediaLive accepts, 2000-01-01T00:00:00Z.
    pub const MIN_UNIX_SECONDS: i64 = 946_684_800;

    const EXPECTED: &'static str =
        "UTC \"YYYY-MM-DDTHH:MM:SS\" with minutes and seconds 00:00, such as \"2024-06-01T05:00:00\"";

    /// Validates an instant as a custom epoch.
    pub fn new(instant: Timestamp) -> Result<Self, SettingError> {
        let text = Self(instant).to_string();
        if instant.unix_seconds() < Self::MIN_UNIX_SECONDS {
            return Err(SettingError::TooEarly { text });
        }
        if instant.subsec_nanos() != 0 || instant.unix_seconds() % 3600 != 0 {
            return Err(SettingError::NotOnTheHour {
                setting: "CustomEpoch",
                text,
            });
        }
        Ok(Self(instant))
    }

    /// The epoch as an instant.
    pub const fn instant(self) -> Timestamp {
        self.0
    }
}

impl fmt::Display for CustomEpoch {
    /// MediaLive's form, `YYYY-MM-DDTHH:MM:SS` (UTC, no offset).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = Timestamp::from_unix(self.0.unix_seconds(), 0)
            .map_err(|_| fmt::Error)?
            .to_string();
        f.write_str(text.trim_end_matches('Z'))
    }
}

impl FromStr for CustomEpoch {
    type Err = SettingError;
    fn from_str(text: &str) -> Result<Self, SettingError> {
        let syntax = || SettingError::Syntax {
            setting: "CustomEpoch",
            text: text.to_owned(),
            expected: Self::EXPECTED,
        };
        if text.len() != 19 {
            return Err(syntax());
        }
        let instant = Timestamp::parse_utc_without_offset(text).map_err(|_| syntax())?;
        Self::new(instant).map_err(|e| match e {
            SettingError::TooEarly { .. } => SettingError::TooEarly {
                text: text.to_owned(),
            },
            SettingError::NotOnTheHour { setting, .. } => SettingError::NotOnTheHour {
                setting,
                text: text.to_owned(),
            },
            other => other,
        })
    }
}

impl TryFrom<String> for CustomEpoch {
    type Error = SettingError;
    fn try_from(text: String) -> Result<Self, SettingError> {
        text.parse()
    }
}

impl From<CustomEpoch> for String {
    fn from(epoch: CustomEpoch) -> String {
        epoch.to_string()
    }
}

impl JamSyncTime {
    /// A daily jam sync at `hour`:00:00 UTC (0-23).
    pub fn at_hour(hour: u8) -> Result<Self, SettingError> {
        if hour > 23 {
            return Err(SettingError::Syntax {
                setting: "JamSyncTime",
                text: format!("{hour:02}:00:00"),
                expected: "an hour 00-23",
            });
        }
        Ok(Self { hour })
    }

    /// The UTC hour of the daily jam sync.
    pub const fn hour(self) -> u8 {
        self.hour
    }

    /// Whether MediaLive applies a jam sync to an encode at `rate` (only 29.97 and 59.94 fps, whose
    /// timecode drifts from the wall clock).
    pub fn applies_to(rate: FrameRate) -> bool {
        rate.supports_drop_frame()
    }
}

impl fmt::Display for JamSyncTime {
    /// `HH:00:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:00:00", self.hour)
    }
}

impl FromStr for JamSyncTime {
    type Err = SettingError;
    fn from_str(text: &str) -> Result<Self, SettingError> {
        let syntax = || SettingError::Syntax {
            setting: "JamSyncTime",
            text: text.to_owned(),
            expected: "\"HH:MM:SS\" with HH 00-23 and minutes and seconds 00:00, such as \"05:00:00\"",
        };
        let b = text.as_bytes();
        if b.len() != 8 || b[2] != b':' || b[5] != b':' {
            return Err(syntax());
        }
        let two = |i: usize| -> Option<u8> {
            let (h, l) = (b[i], b[i + 1]);
            (h.is_ascii_digit() && l.is_ascii_digit()).then(|| (h - b'0') * 10 + (l - b'0'))
        };
        let (hour, minute, second) = (
            two(0).ok_or_else(syntax)?,
            two(3).ok_or_else(syntax)?,
            two(6).ok_or_else(syntax)?,
        );
        if hour > 23 || minute > 59 || second > 59 {
            return Err(syntax());
        }
        if minute != 0 || second != 0 {
            return Err(SettingError::NotOnTheHour {
                setting: "JamSyncTime",
                text: text.to_owned(),
            });
        }
        Ok(Self { hour })
    }
}

impl TryFrom<String> for JamSyncTime {
    type Error = SettingError;
    fn try_from(text: String) -> Result<Self, SettingError> {
        text.parse()
    }
}

impl From<JamSyncTime> for String {
    fn from(time: JamSyncTime) -> String {
        time.to_string()
    }
}

/// One segment's place in time: `[start, end)`, both as the first nanosecond that belongs to the segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SegmentWindow {
    /// The segment's epoch-locked index (MediaLive's sequence number).
    pub index: u64,
    /// The first nanosecond of the segment.
    pub start: Timestamp,
    /// The first nanosecond of the next segment.
    pub end: Timestamp,
}

/// Segment arithmetic for an epoch-locked output: an [`Epoch`] and a [`Cadence`].
///
/// Everything is computed in integers over nanoseconds and the cadence's exact fraction, so it is exact
/// for every instant from the epoch to 9999 at every frame rate; no floating point is involved.
///
/// ```
/// use hls_epoch::{Cadence, EpochClock, FrameRate, Timestamp};
///
/// let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_29_97)?;
/// let clock = EpochClock::unix(cadence);
/// let now: Timestamp = "2020-10-27T23:32:13.403259Z".parse()?;
/// let index = clock.index_at(now)?;
/// assert_eq!(index, 267_039_882);
/// let window = clock.window(index)?;
/// assert!(window.start <= now && now < window.end);
/// assert_eq!(window.start.to_string(), "2020-10-27T23:32:11.292Z");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EpochClock {
    epoch: Epoch,
    cadence: Cadence,
}

impl EpochClock {
    /// A clock counting `cadence` segments from `epoch`.
    pub const fn new(epoch: Epoch, cadence: Cadence) -> Self {
        Self { epoch, cadence }
    }

    /// A clock counting from the Unix epoch (MediaLive's default).
    pub const fn unix(cadence: Cadence) -> Self {
        Self {
            epoch: Epoch::Unix,
            cadence,
        }
    }

    /// The epoch.
    pub const fn epoch(self) -> Epoch {
        self.epoch
    }

    /// The cadence.
    pub const fn cadence(self) -> Cadence {
        self.cadence
    }

    /// Segment duration as `(numerator, denominator)` nanoseconds: `frames × den × 10⁹ / num`.
    fn segment_nanos(self) -> (i128, i128) {
        let rate = self.cadence.rate();
        let n = i128::from(self.cadence.frames()) * i128::from(rate.denominator()) * NANOS_PER_SECOND;
        (n, i128::from(rate.numerator()))
    }

    /// The index of the segment that contains `instant`.
    pub fn index_at(self, instant: Timestamp) -> Result<u64, Error> {
        let epoch = self.epoch.start();
        let elapsed = instant.unix_nanos() - epoch.unix_nanos();
        if elapsed < 0 {
            return Err(Error::BeforeEpoch { instant, epoch });
        }
        let (n, d) = self.segment_nanos();
        // index = floor(elapsed / (n / d)) = floor(elapsed × d / n). elapsed < 3.2e20 and d < 4.3e9,
        // so the product stays far below i128::MAX.
        let index = elapsed * d / n;
        u64::try_from(index).map_err(|_| Error::OutOfRange {
            index: index.unsigned_abs(),
        })
    }

    /// The first nanosecond of segment `index` (its exact start, rounded up to the nanosecond, so
    /// that `start_of(index_at(t)) <= t` always holds).
    pub fn start_of(self, index: u64) -> Result<Timestamp, Error> {
        let (n, d) = self.segment_nanos();
        let out_of_range = || Error::OutOfRange { index: index.into() };
        let offset = i128::from(index).checked_mul(n).ok_or_else(out_of_range)?;
        // ceil(offset / d) for non-negative offset.
        let offset = (offset + d - 1) / d;
        self.epoch
            .start()
            .checked_add_nanos(offset)
            .map_err(|_| out_of_range())
    }

    /// Segment `index`'s window.
    pub fn window(self, index: u64) -> Result<SegmentWindow, Error> {
        let next = index.checked_add(1).ok_or(Error::OutOfRange {
            index: u128::from(index) + 1,
        })?;
        Ok(SegmentWindow {
            index,
            start: self.start_of(index)?,
            end: self.start_of(next)?,
        })
    }

    /// The window of the segment that contains `instant`.
    pub fn window_at(self, instant: Timestamp) -> Result<SegmentWindow, Error> {
        self.window(self.index_at(instant)?)
    }

    /// The first segment boundary strictly after `instant`.
    pub fn next_boundary(self, instant: Timestamp) -> Result<Timestamp, Error> {
        Ok(self.window_at(instant)?.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(seconds: u32, rate: FrameRate) -> EpochClock {
        EpochClock::unix(Cadence::from_medialive_segment_length(seconds, rate).unwrap())
    }

    #[test]
    fn boundaries_are_exact_at_29_97() {
        let c = clock(6, FrameRate::FPS_29_97);
        // 1000 segments of 6.006 s end exactly at 6006 s.
        let t = Timestamp::from_unix(6006, 0).unwrap();
        assert_eq!(c.index_at(t), Ok(1000));
        assert_eq!(
            c.index_at(Timestamp::from_unix(6005, 999_999_999).unwrap()),
            Ok(999)
        );
        assert_eq!(c.start_of(1000), Ok(t));
        // Segment 1 starts at 6.006 s; segment 1/3 of the way through a frame rounds up.
        let c = EpochClock::unix(Cadence::from_frames(1, FrameRate::FPS_29_97).unwrap());
        assert_eq!(c.start_of(1).unwrap().unix_nanos(), 33_366_667);
        assert_eq!(c.index_at(Timestamp::from_unix_nanos(33_366_666).unwrap()), Ok(0));
        assert_eq!(c.index_at(Timestamp::from_unix_nanos(33_366_667).unwrap()), Ok(1));
    }

    #[test]
    fn custom_epoch_shifts_segment_zero() {
        let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_25).unwrap();
        let epoch: CustomEpoch = "2024-06-01T05:00:00".parse().unwrap();
        let c = EpochClock::new(Epoch::Custom(epoch), cadence);
        let t: Timestamp = "2024-06-01T05:01:00Z".parse().unwrap();
        assert_eq!(c.index_at(t), Ok(10));
        let before: Timestamp = "2024-06-01T04:59:59Z".parse().unwrap();
        let err = c.index_at(before).unwrap_err();
        assert!(err.to_string().contains("before the epoch"), "{err}");
        assert_eq!(c.next_boundary(t).unwrap().to_string(), "2024-06-01T05:01:06Z");
    }

    #[test]
    fn custom_epoch_rules() {
        let err = "1999-12-31T23:00:00".parse::<CustomEpoch>().unwrap_err();
        assert!(matches!(err, SettingError::TooEarly { .. }), "{err}");
        let err = "2024-06-01T05:30:00".parse::<CustomEpoch>().unwrap_err();
        assert!(
            err.to_string().contains("2024-06-01T05:30:00") && err.to_string().contains("00:00"),
            "{err}"
        );
        for bad in ["2024-06-01 05:00", "2024-06-01T05:00:00Z", "yesterday"] {
            assert!(
                matches!(bad.parse::<CustomEpoch>(), Err(SettingError::Syntax { .. })),
                "{bad}"
            );
        }
        assert_eq!(
            "2000-01-01T00:00:00"
                .parse::<CustomEpoch>()
                .unwrap()
                .instant()
                .unix_seconds(),
            946_684_800
        );
    }

    #[test]
    fn jam_sync_rules() {
        assert_eq!("05:00:00".parse::<JamSyncTime>().unwrap().hour(), 5);
        assert!(matches!(
            "05:30:00".parse::<JamSyncTime>(),
            Err(SettingError::NotOnTheHour { .. })
        ));
        assert!(matches!(
            "24:00:00".parse::<JamSyncTime>(),
            Err(SettingError::Syntax { .. })
        ));
        assert!(JamSyncTime::applies_to(FrameRate::FPS_59_94));
        assert!(!JamSyncTime::applies_to(FrameRate::FPS_25));
    }
}
