//! Exact, non-negative durations in seconds.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::rate::{Written, gcd, parse_written};

/// A non-negative duration held as an exact, reduced fraction of seconds (6.006 s is `6006/1000`).
///
/// ```
/// use hls_epoch::Seconds;
///
/// let segment: Seconds = "6.006".parse()?;
/// assert_eq!(segment, Seconds::new(180 * 1001, 30000)?);
/// assert_eq!(segment.to_string(), "6.006");
/// assert_eq!(segment.ceil(), 7);
/// # Ok::<(), hls_epoch::seconds::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Seconds {
    numerator: u64,
    denominator: u64,
}

/// Why a duration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The denominator is zero.
    #[error("duration {numerator}/0 s is not allowed: the denominator must be at least 1")]
    ZeroDenominator {
        /// The numerator given.
        numerator: u64,
    },
    /// The text is not a non-negative decimal number of seconds.
    #[error(
        "duration {text:?} is not allowed: expected a non-negative decimal number of seconds with at most 9 decimals, such as \"6\" or \"6.006\""
    )]
    Syntax {
        /// The text given.
        text: String,
    },
    /// A product of durations does not fit in 64 bits.
    #[error("duration {value} x {factor} is too large to represent exactly")]
    Overflow {
        /// The duration.
        value: String,
        /// The factor it was multiplied by.
        factor: String,
    },
}

impl Seconds {
    /// Zero seconds.
    pub const ZERO: Self = Self {
        numerator: 0,
        denominator: 1,
    };

    /// `numerator / denominator` seconds, reduced.
    pub fn new(numerator: u64, denominator: u64) -> Result<Self, Error> {
        if denominator == 0 {
            return Err(Error::ZeroDenominator { numerator });
        }
        let g = gcd(numerator, denominator).max(1);
        Ok(Self {
            numerator: numerator / g,
            denominator: denominator / g,
        })
    }

    /// A whole number of seconds.
    pub const fn whole(seconds: u64) -> Self {
        Self {
            numerator: seconds,
            denominator: 1,
        }
    }

    /// The reduced numerator.
    pub const fn numerator(self) -> u64 {
        self.numerator
    }

    /// The reduced denominator.
    pub const fn denominator(self) -> u64 {
        self.denominator
    }

    /// The smallest whole number of seconds not less than this duration.
    pub const fn ceil(self) -> u64 {
        self.numerator.div_ceil(self.denominator)
    }

    /// The largest whole number of seconds not greater than this duration.
    pub const fn floor(self) -> u64 {
        self.numerator / self.denominator
    }

    /// This duration times `numerator / denominator`, exactly.
    pub fn scale(self, numerator: u64, denominator: u64) -> Result<Self, Error> {
        let n = u128::from(self.numerator) * u128::from(numerator);
        let d = u128::from(self.denominator) * u128::from(denominator);
        if d == 0 {
            return Err(Error::ZeroDenominator { numerator });
        }
        let g = gcd_u128(n, d).max(1);
        match (u64::try_from(n / g), u64::try_from(d / g)) {
            (Ok(numerator), Ok(denominator)) => Ok(Self {
                numerator,
                denominator,
            }),
            _ => Err(Error::Overflow {
                value: self.to_string(),
                factor: format!("{numerator}/{denominator}"),
            }),
        }
    }

    /// The duration in whole nanoseconds, rounded down.
    pub fn as_nanos_floor(self) -> u128 {
        u128::from(self.numerator) * 1_000_000_000 / u128::from(self.denominator)
    }

    /// The duration as a [`std::time::Duration`], rounded down to the nanosecond.
    pub fn to_duration(self) -> std::time::Duration {
        let secs = self.floor();
        let rem =
            u128::from(self.numerator % self.denominator) * 1_000_000_000 / u128::from(self.denominator);
        // `rem` is below one second's worth of nanoseconds, so it fits in u32.
        std::time::Duration::new(secs, rem as u32)
    }

    /// The duration rounded half-up to `decimals` decimal places (at most 9), as HLS writes
    /// `#EXTINF` and `#EXT-X-TARGETDURATION` values.
    pub fn to_decimal_string(self, decimals: usize) -> String {
        let decimals = decimals.min(9);
        let scale = 10u128.pow(decimals as u32);
        let (n, d) = (u128::from(self.numerator), u128::from(self.denominator));
        let scaled = (n * scale * 2 + d) / (2 * d);
        let (int, frac) = (scaled / scale, scaled % scale);
        if decimals == 0 {
            format!("{int}")
        } else {
            format!("{int}.{frac:0decimals$}")
        }
    }
}

impl Ord for Seconds {
    fn cmp(&self, other: &Self) -> Ordering {
        (u128::from(self.numerator) * u128::from(other.denominator))
            .cmp(&(u128::from(other.numerator) * u128::from(self.denominator)))
    }
}

impl PartialOrd for Seconds {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Seconds {
    /// The exact decimal when it has at most nine decimals (`6.006`), otherwise `numerator/denominator`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, d) = (u128::from(self.numerator), u128::from(self.denominator));
        if (n * 1_000_000_000) % d != 0 {
            return write!(f, "{}/{}", self.numerator, self.denominator);
        }
        let nanos = n * 1_000_000_000 / d;
        let (int, mut frac) = (nanos / 1_000_000_000, nanos % 1_000_000_000);
        if frac == 0 {
            return write!(f, "{int}");
        }
        let mut digits = 9;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        write!(f, "{int}.{frac:0digits$}")
    }
}

impl FromStr for Seconds {
    type Err = Error;

    /// Parses a non-negative decimal (`"6"`, `"6.006"`) or a fraction (`"6006/1000"`).
    fn from_str(text: &str) -> Result<Self, Error> {
        let syntax = || Error::Syntax {
            text: text.to_owned(),
        };
        match parse_written(text).ok_or_else(syntax)? {
            Written::Fraction(numerator, denominator) => Seconds::new(numerator, denominator),
            Written::Decimal(mantissa, scale) => Seconds::new(mantissa, scale),
        }
    }
}

impl TryFrom<String> for Seconds {
    type Error = Error;
    fn try_from(text: String) -> Result<Self, Error> {
        text.parse()
    }
}

impl From<Seconds> for String {
    fn from(value: Seconds) -> String {
        value.to_string()
    }
}

fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_displays_and_orders() {
        let s: Seconds = "6.006".parse().unwrap();
        assert_eq!((s.numerator(), s.denominator()), (3003, 500));
        assert_eq!(s.to_string(), "6.006");
        assert_eq!("6006/1000".parse::<Seconds>(), Ok(s));
        assert!(Seconds::whole(6) < s && s < Seconds::whole(7));
        assert_eq!(Seconds::new(1, 3).unwrap().to_string(), "1/3");
        assert_eq!(Seconds::ZERO.to_string(), "0");
    }

    #[test]
    fn rounds_and_scales_exactly() {
        let s = Seconds::new(3003, 500).unwrap();
        assert_eq!((s.floor(), s.ceil()), (6, 7));
        assert_eq!(s.scale(18, 10).unwrap().to_string(), "10.8108");
        assert_eq!(s.to_decimal_string(3), "6.006");
        assert_eq!(s.to_decimal_string(0), "6");
        assert_eq!(Seconds::new(2, 3).unwrap().to_decimal_string(5), "0.66667");
        assert_eq!(s.to_duration(), std::time::Duration::from_millis(6006));
        assert_eq!(s.as_nanos_floor(), 6_006_000_000);
    }

    #[test]
    fn refuses_bad_text_naming_it() {
        for bad in ["", "-1", "1.", "1.0000000001", "six", "1/0"] {
            let err = bad.parse::<Seconds>().unwrap_err();
            assert!(
                err.to_string().contains(bad) || matches!(err, Error::ZeroDenominator { .. }),
                "{err}"
            );
        }
        assert!(matches!(
            Seconds::whole(u64::MAX).scale(u64::MAX, 1),
            Err(Error::Overflow { .. })
        ));
    }
}
