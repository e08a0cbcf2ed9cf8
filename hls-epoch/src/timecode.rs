//! SMPTE timecode: `HH:MM:SS:FF`, and drop-frame `HH:MM:SS;FF` at 29.97 and 59.94 fps.

use std::fmt;
use std::str::FromStr;

use crate::{FrameRate, Seconds};

/// A SMPTE time-of-day timecode label.
///
/// A label alone does not say how many frames a second holds; operations that need it take the
/// [`FrameRate`]. Drop-frame labels (`;` before the frames) skip frame numbers 0 and 1 (0-3 at 59.94)
/// at the start of every minute not divisible by ten, which keeps 29.97 fps labels within a frame of
/// the wall clock.
///
/// ```
/// use hls_epoch::{FrameRate, Timecode};
///
/// let tc = Timecode::parse_at("00:10:00;00", FrameRate::FPS_29_97)?;
/// assert_eq!(tc.frame_count(FrameRate::FPS_29_97)?, 17_982);
/// assert_eq!(Timecode::from_frame_count(1_800, FrameRate::FPS_29_97, true)?.to_string(), "00:01:00;02");
/// assert!(Timecode::parse_at("25:00:00:00", FrameRate::FPS_25).is_err());
/// # Ok::<(), hls_epoch::timecode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Timecode {
    hours: u8,
    minutes: u8,
    seconds: u8,
    frames: u8,
    drop_frame: bool,
}

/// Why a timecode was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text does not have the `HH:MM:SS:FF` shape.
    #[error("timecode {text:?} is not allowed: expected HH:MM:SS:FF, or HH:MM:SS;FF for drop-frame")]
    Syntax {
        /// The text given.
        text: String,
    },
    /// Hours, minutes, seconds or frames out of range.
    #[error("timecode {timecode} has {field} {value}: allowed is {allowed}")]
    Field {
        /// The timecode, as written.
        timecode: String,
        /// `hours`, `minutes`, `seconds` or `frames`.
        field: &'static str,
        /// The value found.
        value: u64,
        /// The allowed range.
        allowed: String,
    },
    /// A drop-frame timecode at a rate that has no drop-frame counting.
    #[error(
        "timecode {timecode} is drop-frame, which is defined only at 29.97 and 59.94 fps, not at {rate} fps"
    )]
    DropFrameRate {
        /// The timecode, as written.
        timecode: String,
        /// The rate given.
        rate: FrameRate,
    },
    /// A drop-frame label that is skipped and never occurs.
    #[error(
        "timecode {timecode} does not exist: drop-frame counting skips frames 0-{last} at minutes not divisible by 10"
    )]
    DroppedLabel {
        /// The timecode, as written.
        timecode: String,
        /// The last skipped frame number.
        last: u8,
    },
    /// A frame count past one day.
    #[error("frame count {count} is not a time of day at {rate} fps: allowed is 0-{max}")]
    PastOneDay {
        /// The count given.
        count: u64,
        /// The rate.
        rate: FrameRate,
        /// The last frame of the day.
        max: u64,
    },
}

impl Timecode {
    /// A timecode label; hours 0-23, minutes and seconds 0-59, frames 0-99 (checked against a rate by
    /// [`Timecode::validate`]).
    pub fn new(hours: u8, minutes: u8, seconds: u8, frames: u8, drop_frame: bool) -> Result<Self, Error> {
        let tc = Self {
            hours,
            minutes,
            seconds,
            frames,
            drop_frame,
        };
        let field = |field: &'static str, value: u8, max: u8| {
            if value > max {
                Err(Error::Field {
                    timecode: tc.to_string(),
                    field,
                    value: value.into(),
                    allowed: format!("0-{max}"),
                })
            } else {
                Ok(())
            }
        };
        field("hours", hours, 23)?;
        field("minutes", minutes, 59)?;
        field("seconds", seconds, 59)?;
        field("frames", frames, 99)?;
        Ok(tc)
    }

    /// Parses and validates against `rate`.
    pub fn parse_at(text: &str, rate: FrameRate) -> Result<Self, Error> {
        let tc: Self = text.parse()?;
        tc.validate(rate)?;
        Ok(tc)
    }

    /// Checks the label against `rate`: frames below the nominal rate, drop-frame only at 29.97 and
    /// 59.94 fps, and no skipped drop-frame label.
    pub fn validate(self, rate: FrameRate) -> Result<(), Error> {
        let nominal = rate.nominal();
        if u32::from(self.frames) >= nominal {
            return Err(Error::Field {
                timecode: self.to_string(),
                field: "frames",
                value: self.frames.into(),
                allowed: format!("0-{} at {rate} fps", nominal - 1),
            });
        }
        if self.drop_frame {
            let dropped = drop_count(rate).ok_or(Error::DropFrameRate {
                timecode: self.to_string(),
                rate,
            })?;
            if self.seconds == 0 && !self.minutes.is_multiple_of(10) && u32::from(self.frames) < dropped {
                return Err(Error::DroppedLabel {
                    timecode: self.to_string(),
                    last: (dropped - 1) as u8,
                });
            }
        }
        Ok(())
    }

    /// Hours (0-23).
    pub const fn hours(self) -> u8 {
        self.hours
    }

    /// Minutes (0-59).
    pub const fn minutes(self) -> u8 {
        self.minutes
    }

    /// Seconds (0-59).
    pub const fn seconds(self) -> u8 {
        self.seconds
    }

    /// Frames within the second.
    pub const fn frames(self) -> u8 {
        self.frames
    }

    /// Whether the label is drop-frame.
    pub const fn is_drop_frame(self) -> bool {
        self.drop_frame
    }

    /// Frames since `00:00:00:00` at `rate`.
    pub fn frame_count(self, rate: FrameRate) -> Result<u64, Error> {
        self.validate(rate)?;
        let nominal = u64::from(rate.nominal());
        let labels = (u64::from(self.hours) * 3600 + u64::from(self.minutes) * 60 + u64::from(self.seconds))
            * nominal
            + u64::from(self.frames);
        if !self.drop_frame {
            return Ok(labels);
        }
        // validate() guarantees a drop-frame rate here.
        let dropped = u64::from(drop_count(rate).unwrap_or(0));
        let minutes = u64::from(self.hours) * 60 + u64::from(self.minutes);
        Ok(labels - dropped * (minutes - minutes / 10))
    }

    /// The label of frame `count` since midnight at `rate`, drop-frame or not.
    pub fn from_frame_count(count: u64, rate: FrameRate, drop_frame: bool) -> Result<Self, Error> {
        let nominal = u64::from(rate.nominal());
        let dropped = if drop_frame {
            u64::from(drop_count(rate).ok_or(Error::DropFrameRate {
                timecode: format!("frame {count} (drop-frame)"),
                rate,
            })?)
        } else {
            0
        };
        let per_day = 24 * 60 * 60 * nominal - dropped * 24 * 54;
        if count >= per_day {
            return Err(Error::PastOneDay {
                count,
                rate,
                max: per_day - 1,
            });
        }
        let mut labels = count;
        if drop_frame {
            let per_ten_minutes = 600 * nominal - 9 * dropped;
            let per_minute = 60 * nominal - dropped;
            let (tens, rest) = (count / per_ten_minutes, count % per_ten_minutes);
            labels += 9 * dropped * tens;
            if rest > dropped {
                labels += dropped * ((rest - dropped) / per_minute);
            }
        }
        let (seconds, frames) = (labels / nominal, labels % nominal);
        // count < per_day keeps the hours below 24; only a rate above 100 fps has more frame labels per
        // second than two timecode digits hold.
        let frames = u8::try_from(frames).map_err(|_| Error::Field {
            timecode: format!("frame {count}"),
            field: "frames",
            value: frames,
            allowed: "0-99 (timecode labels have two frame digits)".to_owned(),
        })?;
        Self::new(
            (seconds / 3600) as u8,
            (seconds / 60 % 60) as u8,
            (seconds % 60) as u8,
            frames,
            drop_frame,
        )
    }

    /// The real time from midnight to this frame at `rate`: [`Timecode::frame_count`] frame durations.
    /// A non-drop-frame count at 29.97 fps runs 3.6 s per hour behind the labels.
    pub fn elapsed(self, rate: FrameRate) -> Result<Seconds, Error> {
        let frames = self.frame_count(rate)?;
        Seconds::new(
            frames * u64::from(rate.denominator()),
            u64::from(rate.numerator()),
        )
        .map_err(|_| Error::Syntax {
            text: self.to_string(),
        })
    }

    /// The wall-clock time of day the label reads: `HH:MM:SS` plus `FF / nominal rate`. This is how a
    /// UTC-referenced source's timecode is compared with real time.
    pub fn label_time(self, rate: FrameRate) -> Result<Seconds, Error> {
        self.validate(rate)?;
        let whole = u64::from(self.hours) * 3600 + u64::from(self.minutes) * 60 + u64::from(self.seconds);
        let nominal = u64::from(rate.nominal());
        Seconds::new(whole * nominal + u64::from(self.frames), nominal).map_err(|_| Error::Syntax {
            text: self.to_string(),
        })
    }
}

/// Frame numbers skipped per minute in drop-frame counting: 2 at 29.97, 4 at 59.94.
fn drop_count(rate: FrameRate) -> Option<u32> {
    rate.supports_drop_frame().then(|| rate.nominal() / 15)
}

impl fmt::Display for Timecode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let separator = if self.drop_frame { ';' } else { ':' };
        write!(
            f,
            "{:02}:{:02}:{:02}{separator}{:02}",
            self.hours, self.minutes, self.seconds, self.frames
        )
    }
}

impl FromStr for Timecode {
    type Err = Error;

    /// Parses `HH:MM:SS:FF`; `;`, `.` or `,` before the frames marks drop-frame.
    fn from_str(text: &str) -> Result<Self, Error> {
        let syntax = || Error::Syntax {
            text: text.to_owned(),
        };
        let b = text.as_bytes();
        if b.len() != 11 || b[2] != b':' || b[5] != b':' {
            return Err(syntax());
        }
        let drop_frame = match b[8] {
            b':' => false,
            b';' | b'.' | b',' => true,
            _ => return Err(syntax()),
        };
        let two = |i: usize| -> Result<u8, Error> {
            let (h, l) = (b[i], b[i + 1]);
            if h.is_ascii_digit() && l.is_ascii_digit() {
                Ok((h - b'0') * 10 + (l - b'0'))
            } else {
                Err(syntax())
            }
        };
        let (hours, minutes, seconds, frames) = (two(0)?, two(3)?, two(6)?, two(9)?);
        Self::new(hours, minutes, seconds, frames, drop_frame).map_err(|e| match e {
            Error::Field {
                field,
                value,
                allowed,
                ..
            } => Error::Field {
                timecode: text.to_owned(),
                field,
                value,
                allowed,
            },
            other => other,
        })
    }
}

impl TryFrom<String> for Timecode {
    type Error = Error;
    fn try_from(text: String) -> Result<Self, Error> {
        text.parse()
    }
}

impl From<Timecode> for String {
    fn from(tc: Timecode) -> String {
        tc.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_frame_minute_boundaries() {
        let r = FrameRate::FPS_29_97;
        assert_eq!(
            Timecode::from_frame_count(1799, r, true).unwrap().to_string(),
            "00:00:59;29"
        );
        assert_eq!(
            Timecode::from_frame_count(1800, r, true).unwrap().to_string(),
            "00:01:00;02"
        );
        assert_eq!(
            Timecode::from_frame_count(17_982, r, true).unwrap().to_string(),
            "00:10:00;00"
        );
        assert_eq!(
            Timecode::from_frame_count(17_981, r, true).unwrap().to_string(),
            "00:09:59;29"
        );
        let r = FrameRate::FPS_59_94;
        assert_eq!(
            Timecode::from_frame_count(3600, r, true).unwrap().to_string(),
            "00:01:00;04"
        );
        assert_eq!(
            Timecode::parse_at("00:01:00;04", r).unwrap().frame_count(r),
            Ok(3600)
        );
    }

    #[test]
    fn a_drop_frame_day_matches_the_wall_clock_within_a_tenth_of_a_second() {
        let r = FrameRate::FPS_29_97;
        let last = Timecode::parse_at("23:59:59;29", r).unwrap();
        let frames = last.frame_count(r).unwrap() + 1;
        assert_eq!(frames, 2_589_408);
        let day = Seconds::new(frames * 1001, 30_000).unwrap();
        assert_eq!(day.to_string(), "86399.9136");
    }

    #[test]
    fn label_time_and_elapsed_differ_for_non_drop_ntsc() {
        let r = FrameRate::FPS_29_97;
        let tc = Timecode::parse_at("01:00:00:00", r).unwrap();
        assert_eq!(tc.label_time(r).unwrap(), Seconds::whole(3600));
        assert_eq!(tc.elapsed(r).unwrap().to_string(), "3603.6");
        let tc = Timecode::parse_at("23:32:06:15", FrameRate::FPS_30).unwrap();
        assert_eq!(tc.label_time(FrameRate::FPS_30).unwrap().to_string(), "84726.5");
    }

    #[test]
    fn refuses_bad_labels_naming_them() {
        let err = Timecode::parse_at("25:00:00:00", FrameRate::FPS_25).unwrap_err();
        assert!(
            err.to_string().contains("25:00:00:00") && err.to_string().contains("hours 25"),
            "{err}"
        );
        let err = Timecode::parse_at("00:00:00;00", FrameRate::FPS_25).unwrap_err();
        assert!(
            matches!(err, Error::DropFrameRate { .. }) && err.to_string().contains("25 fps"),
            "{err}"
        );
        let err = Timecode::parse_at("00:00:00:25", FrameRate::FPS_25).unwrap_err();
        assert!(err.to_string().contains("0-24 at 25 fps"), "{err}");
        let err = Timecode::parse_at("00:01:00;01", FrameRate::FPS_29_97).unwrap_err();
        assert!(matches!(err, Error::DroppedLabel { last: 1, .. }), "{err}");
        assert!(Timecode::parse_at("00:10:00;01", FrameRate::FPS_29_97).is_ok());
        for bad in ["", "1:00:00:00", "00:00:00", "00-00-00-00", "aa:00:00:00"] {
            assert!(
                matches!(bad.parse::<Timecode>(), Err(Error::Syntax { .. })),
                "{bad}"
            );
        }
        assert!(matches!(
            Timecode::from_frame_count(2_589_408, FrameRate::FPS_29_97, true),
            Err(Error::PastOneDay { .. })
        ));
    }
}
