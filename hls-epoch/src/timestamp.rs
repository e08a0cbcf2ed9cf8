//! Exact UTC instants: whole seconds plus nanoseconds since the Unix epoch.

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

const NANOS_PER_SECOND: i128 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// A UTC instant with nanosecond resolution, counted from 1970-01-01T00:00:00Z without leap seconds
/// (as Unix time and AWS timestamps are).
///
/// ```
/// use hls_epoch::Timestamp;
///
/// let t: Timestamp = "2020-10-27T23:32:13.403259Z".parse()?;
/// assert_eq!(t.unix_seconds(), 1_603_841_533);
/// assert_eq!(t.subsec_nanos(), 403_259_000);
/// assert_eq!(t.to_string(), "2020-10-27T23:32:13.403259Z");
/// # Ok::<(), hls_epoch::timestamp::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Timestamp {
    seconds: i64,
    nanos: u32,
}

/// Why an instant was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text does not have the expected shape.
    #[error("timestamp {text:?} is not allowed: expected {expected}")]
    Syntax {
        /// The text given.
        text: String,
        /// The shape that was expected.
        expected: &'static str,
    },
    /// A field is outside its range.
    #[error("timestamp {text:?} has {field} {value}: allowed is {allowed}")]
    Field {
        /// The text given.
        text: String,
        /// The field (`month`, `day`, `hour`, ...).
        field: &'static str,
        /// Its value.
        value: i64,
        /// The allowed range.
        allowed: &'static str,
    },
    /// The nanoseconds are not below one second, or the instant is outside years 0000-9999.
    #[error(
        "instant {seconds} s + {nanos} ns is out of range: allowed are nanoseconds below 1000000000 within years 0000-9999"
    )]
    OutOfRange {
        /// Seconds since the Unix epoch.
        seconds: i128,
        /// Nanoseconds.
        nanos: i128,
    },
}

/// The earliest and latest supported instants (0000-01-01 and 9999-12-31T23:59:59).
const MIN_SECONDS: i64 = -62_167_219_200;
const MAX_SECONDS: i64 = 253_402_300_799;

impl Timestamp {
    /// The Unix epoch, 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Self = Self { seconds: 0, nanos: 0 };

    /// The instant `seconds` + `nanos` after the Unix epoch (`seconds` may be negative).
    pub fn from_unix(seconds: i64, nanos: u32) -> Result<Self, Error> {
        if nanos >= 1_000_000_000 || !(MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
            return Err(Error::OutOfRange {
                seconds: seconds.into(),
                nanos: nanos.into(),
            });
        }
        Ok(Self { seconds, nanos })
    }

    /// The instant `nanos` nanoseconds after the Unix epoch.
    pub fn from_unix_nanos(nanos: i128) -> Result<Self, Error> {
        let seconds = nanos.div_euclid(NANOS_PER_SECOND);
        let sub = nanos.rem_euclid(NANOS_PER_SECOND);
        let out_of_range = || Error::OutOfRange { seconds, nanos: sub };
        let seconds = i64::try_from(seconds).map_err(|_| out_of_range())?;
        Self::from_unix(seconds, u32::try_from(sub).map_err(|_| out_of_range())?)
    }

    /// A calendar date and time of day in UTC.
    pub fn from_utc(
        year: i64,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
        nanos: u32,
    ) -> Result<Self, Error> {
        let text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
        check_field(&text, "year", year, 0, 9999, "0-9999")?;
        check_field(&text, "month", month.into(), 1, 12, "1-12")?;
        let last_day = days_in_month(year, month);
        check_field(
            &text,
            "day",
            day.into(),
            1,
            last_day.into(),
            "1 to the last day of the month",
        )?;
        check_field(&text, "hour", hour.into(), 0, 23, "0-23")?;
        check_field(&text, "minute", minute.into(), 0, 59, "0-59")?;
        check_field(
            &text,
            "second",
            second.into(),
            0,
            59,
            "0-59 (leap seconds are not represented)",
        )?;
        let days = days_from_civil(year, month, day);
        let seconds =
            days * SECONDS_PER_DAY + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
        Self::from_unix(seconds, nanos)
    }

    /// Parses RFC 3339 text: `2026-11-24T22:22:44Z`, `2026-11-24T22:22:44.5+01:00`, up to nine decimals.
    pub fn parse_rfc3339(text: &str) -> Result<Self, Error> {
        const EXPECTED: &str = "RFC 3339 text such as \"2026-11-24T22:22:44.123Z\" or \"...+01:00\"";
        let (local, offset_seconds) = split_offset(text).ok_or_else(|| syntax(text, EXPECTED))?;
        let local = parse_naive(text, local, EXPECTED)?;
        local
            .checked_add_nanos(-i128::from(offset_seconds) * NANOS_PER_SECOND)
            .map_err(|_| syntax(text, EXPECTED))
    }

    /// Parses a date and time without an offset as UTC (`2020-10-27T23:32:13.403259`), as MediaLive's
    /// as-run log writes its timestamps.
    pub fn parse_utc_without_offset(text: &str) -> Result<Self, Error> {
        parse_naive(
            text,
            text,
            "UTC date and time without an offset, such as \"2020-10-27T23:32:13.403259\"",
        )
    }

    /// Whole seconds since the Unix epoch (floor, so negative before 1970).
    pub const fn unix_seconds(self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`Self::unix_seconds`], below one second.
    pub const fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// Nanoseconds since the Unix epoch.
    pub const fn unix_nanos(self) -> i128 {
        self.seconds as i128 * NANOS_PER_SECOND + self.nanos as i128
    }

    /// This instant moved by `nanos` (negative moves back).
    pub fn checked_add_nanos(self, nanos: i128) -> Result<Self, Error> {
        Self::from_unix_nanos(self.unix_nanos() + nanos)
    }

    /// The UTC calendar date: (year, month 1-12, day 1-31).
    pub fn date(self) -> (i64, u8, u8) {
        civil_from_days(self.seconds.div_euclid(SECONDS_PER_DAY))
    }

    /// Nanoseconds since the start of the UTC day.
    pub fn nanos_of_day(self) -> i128 {
        i128::from(self.seconds.rem_euclid(SECONDS_PER_DAY)) * NANOS_PER_SECOND + i128::from(self.nanos)
    }

    /// Midnight UTC at the start of this instant's day.
    pub fn start_of_day(self) -> Self {
        Self {
            seconds: self.seconds - self.seconds.rem_euclid(SECONDS_PER_DAY),
            nanos: 0,
        }
    }
}

impl TryFrom<SystemTime> for Timestamp {
    type Error = Error;

    /// Reads a `SystemTime` exactly, to the nanosecond.
    fn try_from(time: SystemTime) -> Result<Self, Error> {
        let nanos = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).unwrap_or(i128::MAX),
            Err(before) => -i128::try_from(before.duration().as_nanos()).unwrap_or(i128::MAX),
        };
        Self::from_unix_nanos(nanos)
    }
}

impl From<Timestamp> for SystemTime {
    fn from(t: Timestamp) -> SystemTime {
        let nanos = t.unix_nanos().unsigned_abs();
        // Below 10^9 after the remainder, and the seconds of years 0000-9999 fit in u64.
        let magnitude =
            std::time::Duration::new((nanos / 1_000_000_000) as u64, (nanos % 1_000_000_000) as u32);
        if t.unix_nanos() >= 0 {
            UNIX_EPOCH + magnitude
        } else {
            UNIX_EPOCH - magnitude
        }
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC with as many decimals as needed: `2020-10-27T23:32:13.403259Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.date();
        let of_day = self.seconds.rem_euclid(SECONDS_PER_DAY);
        let (h, m, s) = (of_day / 3600, of_day % 3600 / 60, of_day % 60);
        write!(f, "{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}")?;
        if self.nanos != 0 {
            let mut frac = self.nanos;
            let mut digits = 9;
            while frac.is_multiple_of(10) {
                frac /= 10;
                digits -= 1;
            }
            write!(f, ".{frac:0digits$}")?;
        }
        f.write_str("Z")
    }
}

impl FromStr for Timestamp {
    type Err = Error;
    /// Same as [`Timestamp::parse_rfc3339`].
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::parse_rfc3339(text)
    }
}

impl TryFrom<String> for Timestamp {
    type Error = Error;
    fn try_from(text: String) -> Result<Self, Error> {
        text.parse()
    }
}

impl From<Timestamp> for String {
    fn from(t: Timestamp) -> String {
        t.to_string()
    }
}

fn syntax(text: &str, expected: &'static str) -> Error {
    Error::Syntax {
        text: text.to_owned(),
        expected,
    }
}

fn check_field(
    text: &str,
    field: &'static str,
    value: i64,
    min: i64,
    max: i64,
    allowed: &'static str,
) -> Result<(), Error> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Error::Field {
            text: text.to_owned(),
            field,
            value,
            allowed,
        })
    }
}

/// Splits `local` from a trailing `Z` or `±HH:MM` and returns the offset east of UTC in seconds.
fn split_offset(text: &str) -> Option<(&str, i64)> {
    if let Some(local) = text.strip_suffix('Z').or_else(|| text.strip_suffix('z')) {
        return Some((local, 0));
    }
    let split = text.len().checked_sub(6)?;
    let (local, offset) = (text.get(..split)?, text.get(split..)?.as_bytes());
    let sign = match offset[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    if offset[3] != b':' {
        return None;
    }
    let hours = digits(&offset[1..3])?;
    let minutes = digits(&offset[4..6])?;
    (hours < 24 && minutes < 60).then_some((local, sign * (hours * 3600 + minutes * 60)))
}

/// Parses `YYYY-MM-DD[T ]HH:MM:SS[.fraction]` as UTC; `whole` is the text named in errors.
fn parse_naive(whole: &str, text: &str, expected: &'static str) -> Result<Timestamp, Error> {
    let b = text.as_bytes();
    let shape_ok = b.len() >= 19
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'T' | b't' | b' ')
        && b[13] == b':'
        && b[16] == b':';
    if !shape_ok {
        return Err(syntax(whole, expected));
    }
    let field = |range: std::ops::Range<usize>| digits(&b[range]).ok_or_else(|| syntax(whole, expected));
    let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
    let (hour, minute, second) = (field(11..13)?, field(14..16)?, field(17..19)?);
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', frac @ ..] if (1..=9).contains(&frac.len()) => {
            let value = digits(frac).ok_or_else(|| syntax(whole, expected))?;
            // frac.len() <= 9, so the product stays below 10^9.
            (value * 10i64.pow(9 - frac.len() as u32)) as u32
        }
        _ => return Err(syntax(whole, expected)),
    };
    let narrow = |field: &'static str, value: i64| {
        u8::try_from(value).map_err(|_| Error::Field {
            text: whole.to_owned(),
            field,
            value,
            allowed: "two digits",
        })
    };
    Timestamp::from_utc(
        year,
        narrow("month", month)?,
        narrow("day", day)?,
        narrow("hour", hour)?,
        narrow("minute", minute)?,
        narrow("second", second)?,
        nanos,
    )
    .map_err(|e| match e {
        Error::Field {
            field,
            value,
            allowed,
            ..
        } => Error::Field {
            text: whole.to_owned(),
            field,
            value,
            allowed,
        },
        other => other,
    })
}

fn digits(bytes: &[u8]) -> Option<i64> {
    if bytes.is_empty() || bytes.len() > 18 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0')))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // month is 1-12 and day 1-31 by construction.
    (year, month as u8, day as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_offsets_and_fractions() {
        let z: Timestamp = "2018-12-31T01:47:22Z".parse().unwrap();
        let plus8: Timestamp = "2018-12-31T09:47:22+08:00".parse().unwrap();
        assert_eq!(z, plus8);
        let t = Timestamp::parse_rfc3339("1970-01-01T00:00:00.000000001Z").unwrap();
        assert_eq!(t.unix_nanos(), 1);
        let minus = Timestamp::parse_rfc3339("1969-12-31T19:00:00-05:00").unwrap();
        assert_eq!(minus, Timestamp::UNIX_EPOCH);
        assert_eq!(
            "2200-01-01T00:00:00Z"
                .parse::<Timestamp>()
                .unwrap()
                .unix_seconds(),
            7_258_118_400
        );
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "1970-01-01T00:00:00Z",
            "2000-02-29T12:00:00.5Z",
            "2199-12-31T23:59:59.999999999Z",
        ] {
            assert_eq!(text.parse::<Timestamp>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn naive_as_run_timestamps_are_utc() {
        let t = Timestamp::parse_utc_without_offset("2020-10-27T23:32:13.403259").unwrap();
        assert_eq!(t.to_string(), "2020-10-27T23:32:13.403259Z");
        assert_eq!(t.date(), (2020, 10, 27));
        assert_eq!(
            t.nanos_of_day(),
            (23 * 3600 + 32 * 60 + 13) * 1_000_000_000 + 403_259_000
        );
    }

    #[test]
    fn refuses_bad_fields_naming_them() {
        let err = "2021-02-29T00:00:00Z".parse::<Timestamp>().unwrap_err();
        assert!(
            matches!(
                err,
                Error::Field {
                    field: "day",
                    value: 29,
                    ..
                }
            ),
            "{err}"
        );
        let err = "2021-01-01T24:00:00Z".parse::<Timestamp>().unwrap_err();
        assert!(
            err.to_string().contains("hour 24") && err.to_string().contains("0-23"),
            "{err}"
        );
        let err = "2021-01-01T23:59:60Z".parse::<Timestamp>().unwrap_err();
        assert!(err.to_string().contains("leap seconds"), "{err}");
        for bad in [
            "",
            "2021-01-01",
            "2021-01-01T00:00:00",
            "2021-01-01T00:00:00.Z",
            "2021-01-01T00:00:00+0100",
        ] {
            assert!(
                matches!(bad.parse::<Timestamp>(), Err(Error::Syntax { .. })),
                "{bad}"
            );
        }
        assert!(Timestamp::from_unix(0, 1_000_000_000).is_err());
    }

    #[test]
    fn system_time_conversions_are_exact() {
        let t = Timestamp::from_unix(1_700_000_000, 123_456_789).unwrap();
        let system: SystemTime = t.into();
        assert_eq!(Timestamp::try_from(system), Ok(t));
        let before = Timestamp::from_unix(-1, 5).unwrap();
        assert_eq!(Timestamp::try_from(SystemTime::from(before)), Ok(before));
    }

    #[test]
    fn civil_conversion_agrees_over_four_centuries() {
        for days in (-800_000..800_000).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
