//! Frame rates as exact rationals.

use std::fmt;
use std::str::FromStr;

/// A video frame rate as an exact, reduced fraction of frames per second.
///
/// NTSC-family rates are fractions over 1001 (29.97 fps is `30000/1001`), which no binary float holds
/// exactly; keeping the fraction is what lets segment arithmetic stay exact over decades of seconds.
///
/// # Spelling a rate
/// A rate is written as a number or as a fraction, and the two mean different things:
/// - a **number** (`30`, `29.97`, `23.976`) must name one of the broadcast rates in [`FrameRate::NAMED`]:
///   a whole rate written exactly (`25`, `25.0`), or an NTSC rate written with at least two decimals,
///   rounded or cut short (`29.97`, `29.970`, `23.98`, `23.97`, `59.94`). Anything else is refused with
///   the nearest broadcast rates, because a decimal that is not one is almost always a typo (`29.976`);
/// - a **fraction** (`30000/1001`, `25/2`, `15/1`) is taken exactly, whatever its rate: it is how a rate
///   outside the broadcast set is written on purpose.
///
/// [`Display`](fmt::Display) writes broadcast rates as numbers and every other rate as a fraction, so the
/// text always parses back to the same rate.
///
/// ```
/// use hls_epoch::FrameRate;
///
/// let rate: FrameRate = "29.97".parse()?;
/// assert_eq!(rate, FrameRate::FPS_29_97);
/// assert_eq!((rate.numerator(), rate.denominator()), (30000, 1001));
/// assert_eq!(rate.to_string(), "29.97");
/// assert_eq!("30000/1001".parse::<FrameRate>()?, rate);
///
/// // A decimal that is not a broadcast rate is a typo until written as a fraction.
/// let typo = "29.976".parse::<FrameRate>().unwrap_err();
/// assert!(typo.to_string().contains("nearest: 29.97 (30000/1001), 30"));
/// let meant: FrameRate = "3747/125".parse()?;
/// assert_eq!(meant.to_string(), "3747/125");
/// # Ok::<(), hls_epoch::rate::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct FrameRate {
    numerator: u32,
    denominator: u32,
}

/// Why a frame rate was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The numerator or denominator is zero.
    #[error(
        "frame rate {numerator}/{denominator} is not allowed: numerator and denominator must both be at least 1"
    )]
    Zero {
        /// The numerator given.
        numerator: u32,
        /// The denominator given.
        denominator: u32,
    },
    /// The text is not a frame rate.
    #[error(
        "frame rate {text:?} is not allowed: expected a broadcast rate as a number (\"25\", \"29.97\") or any rate as a fraction (\"30000/1001\", \"25/2\") of numbers below 4294967296"
    )]
    Syntax {
        /// The text given.
        text: String,
    },
    /// The text is a number that is not a broadcast rate (see [`FrameRate`]'s spelling rule).
    #[error(
        "frame rate {text:?} is not a broadcast frame rate; nearest: {nearest}; to use exactly {text} fps, write it as the fraction \"{exact}\"",
        nearest = Nearest(*below, *above)
    )]
    NotBroadcast {
        /// The text given.
        text: String,
        /// The exact rate the text spells, as a fraction would give it.
        exact: FrameRate,
        /// The fastest broadcast rate below it, if any.
        below: Option<FrameRate>,
        /// The slowest broadcast rate above it, if any.
        above: Option<FrameRate>,
    },
}

/// The broadcast rates around a refused number, NTSC rates with their exact fraction:
/// `29.97 (30000/1001), 30`.
struct Nearest(Option<FrameRate>, Option<FrameRate>);

impl fmt::Display for Nearest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for rate in [self.0, self.1].into_iter().flatten() {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            if rate.is_integer() {
                write!(f, "{rate}")?;
            } else {
                write!(f, "{rate} ({}/{})", rate.numerator, rate.denominator)?;
            }
        }
        Ok(())
    }
}

impl FrameRate {
    /// 23.976 fps (`24000/1001`).
    pub const FPS_23_976: Self = Self::ntsc(24);
    /// 24 fps.
    pub const FPS_24: Self = Self::whole(24);
    /// 25 fps (PAL).
    pub const FPS_25: Self = Self::whole(25);
    /// 29.97 fps (`30000/1001`, NTSC).
    pub const FPS_29_97: Self = Self::ntsc(30);
    /// 30 fps.
    pub const FPS_30: Self = Self::whole(30);
    /// 50 fps.
    pub const FPS_50: Self = Self::whole(50);
    /// 59.94 fps (`60000/1001`).
    pub const FPS_59_94: Self = Self::ntsc(60);
    /// 60 fps.
    pub const FPS_60: Self = Self::whole(60);

    /// The broadcast rates, slowest first: the film, PAL and NTSC families up to 60 fps. A number
    /// parses only to one of these; any other rate is written as a fraction.
    pub const NAMED: [Self; 8] = [
        Self::FPS_23_976,
        Self::FPS_24,
        Self::FPS_25,
        Self::FPS_29_97,
        Self::FPS_30,
        Self::FPS_50,
        Self::FPS_59_94,
        Self::FPS_60,
    ];

    const fn whole(fps: u32) -> Self {
        Self {
            numerator: fps,
            denominator: 1,
        }
    }

    const fn ntsc(nominal: u32) -> Self {
        Self {
            numerator: nominal * 1000,
            denominator: 1001,
        }
    }

    /// A rate of `numerator / denominator` frames per second, reduced to lowest terms
    /// (MediaLive's `FramerateNumerator` and `FramerateDenominator`).
    pub fn new(numerator: u32, denominator: u32) -> Result<Self, Error> {
        if numerator == 0 || denominator == 0 {
            return Err(Error::Zero {
                numerator,
                denominator,
            });
        }
        let g = gcd(u64::from(numerator), u64::from(denominator));
        // Dividing by a common divisor never grows a value, so both still fit in u32.
        Ok(Self {
            numerator: (u64::from(numerator) / g) as u32,
            denominator: (u64::from(denominator) / g) as u32,
        })
    }

    /// The reduced numerator (frames).
    pub const fn numerator(self) -> u32 {
        self.numerator
    }

    /// The reduced denominator (seconds).
    pub const fn denominator(self) -> u32 {
        self.denominator
    }

    /// The whole number of frame labels per second that SMPTE timecode counts at this rate:
    /// the rate rounded up (30 for 29.97, 24 for 23.976, 25 for 25).
    pub const fn nominal(self) -> u32 {
        self.numerator.div_ceil(self.denominator)
    }

    /// Whether this rate is a whole number of frames per second.
    pub const fn is_integer(self) -> bool {
        self.denominator == 1
    }

    /// Whether SMPTE drop-frame timecode is defined at this rate (29.97 and 59.94 fps).
    pub fn supports_drop_frame(self) -> bool {
        self == Self::FPS_29_97 || self == Self::FPS_59_94
    }

    /// The NTSC-family rate `nominal × 1000/1001` if this is one (29.97 is `Some(30)`).
    pub const fn ntsc_nominal(self) -> Option<u32> {
        if self.denominator == 1001 && self.numerator.is_multiple_of(1000) {
            Some(self.numerator / 1000)
        } else {
            None
        }
    }

    /// Whether `to` can be reached from `self` by repeating or dropping whole frames in a fixed pattern
    /// (an integer ratio between the rates, such as 29.97 -> 59.94 or 50 -> 25).
    ///
    /// Any other change (29.97 -> 30, 29.97 -> 23.976) needs frame interpolation or telecine, which
    /// MediaLive calls a complex frame-rate conversion and which breaks epoch locking.
    pub fn converts_simply_to(self, to: FrameRate) -> bool {
        let a = u64::from(self.numerator) * u64::from(to.denominator);
        let b = u64::from(to.numerator) * u64::from(self.denominator);
        a % b == 0 || b % a == 0
    }
}

impl fmt::Display for FrameRate {
    /// A broadcast rate as a number (`30`, `29.97`, `23.976`: NTSC rates to three decimals without
    /// trailing zeros), every other rate as its reduced fraction (`25/2`, `15/1`), so that the text
    /// parses back to the same rate.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, d) = (u64::from(self.numerator), u64::from(self.denominator));
        if !self.is_broadcast() {
            return write!(f, "{n}/{d}");
        }
        if d == 1 {
            return write!(f, "{n}");
        }
        // Round half up to three decimals.
        let milli = (n * 1000 * 2 + d) / (2 * d);
        let (int, mut frac) = (milli / 1000, milli % 1000);
        let mut digits = 3;
        while digits > 0 && frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        if digits == 0 {
            write!(f, "{int}")
        } else {
            write!(f, "{int}.{frac:0digits$}")
        }
    }
}

impl FromStr for FrameRate {
    type Err = Error;

    /// Parses a broadcast rate written as a number (`"30"`, `"29.97"`, `"23.976"`) or any rate written as
    /// a fraction (`"30000/1001"`, `"25/2"`); see [`FrameRate`] for the rule.
    fn from_str(text: &str) -> Result<Self, Error> {
        let syntax = || Error::Syntax {
            text: text.to_owned(),
        };
        let trimmed = text.trim();
        let (mantissa, scale) = match parse_written(trimmed).ok_or_else(syntax)? {
            Written::Fraction(n, d) => {
                let n = u32::try_from(n).map_err(|_| syntax())?;
                let d = u32::try_from(d).map_err(|_| syntax())?;
                return FrameRate::new(n, d);
            }
            Written::Decimal(mantissa, scale) => (mantissa, scale),
        };
        if let Some(rate) = FrameRate::NAMED
            .into_iter()
            .find(|rate| rate.is_spelled_by(mantissa, scale))
        {
            return Ok(rate);
        }
        let g = gcd(mantissa, scale);
        let numerator = u32::try_from(mantissa / g).map_err(|_| syntax())?;
        let denominator = u32::try_from(scale / g).map_err(|_| syntax())?;
        let exact = FrameRate::new(numerator, denominator)?;
        let below = FrameRate::NAMED
            .into_iter()
            .rev()
            .find(|rate| rate.cmp_decimal(mantissa, scale).is_lt());
        let above = FrameRate::NAMED
            .into_iter()
            .find(|rate| rate.cmp_decimal(mantissa, scale).is_gt());
        Err(Error::NotBroadcast {
            text: trimmed.to_owned(),
            exact,
            below,
            above,
        })
    }
}

impl FrameRate {
    /// Whether this is one of the broadcast rates in [`FrameRate::NAMED`].
    pub fn is_broadcast(self) -> bool {
        Self::NAMED.contains(&self)
    }

    /// Whether the decimal `mantissa / scale` (`scale` = 10^decimals) spells this rate: exactly, or, for a
    /// rate that is not whole, to at least two decimals, rounded half up or cut short.
    fn is_spelled_by(self, mantissa: u64, scale: u64) -> bool {
        let (n, d) = (u128::from(self.numerator), u128::from(self.denominator));
        let (m, s) = (u128::from(mantissa), u128::from(scale));
        if m * d == n * s {
            return true;
        }
        let cut = n * s / d;
        let rounded = (2 * n * s + d) / (2 * d);
        d != 1 && s >= 100 && (m == cut || m == rounded)
    }

    /// This rate compared with the decimal `mantissa / scale`.
    fn cmp_decimal(self, mantissa: u64, scale: u64) -> std::cmp::Ordering {
        (u128::from(self.numerator) * u128::from(scale))
            .cmp(&(u128::from(mantissa) * u128::from(self.denominator)))
    }
}

impl TryFrom<String> for FrameRate {
    type Error = Error;
    fn try_from(text: String) -> Result<Self, Error> {
        text.parse()
    }
}

impl From<FrameRate> for String {
    fn from(rate: FrameRate) -> String {
        rate.to_string()
    }
}

/// A non-negative number as a person writes it in a config or on a command line.
pub(crate) enum Written {
    /// `n/d`, both sides whole numbers.
    Fraction(u64, u64),
    /// A decimal as `mantissa / scale`, `scale` a power of ten.
    Decimal(u64, u64),
}

/// Reads `"30000/1001"` as a fraction and `"29.97"` or `"30"` as a decimal (spaces around either
/// allowed).
pub(crate) fn parse_written(text: &str) -> Option<Written> {
    let text = text.trim();
    match text.split_once('/') {
        Some((n, d)) => Some(Written::Fraction(parse_whole(n.trim())?, parse_whole(d.trim())?)),
        None => parse_decimal(text).map(|(mantissa, scale)| Written::Decimal(mantissa, scale)),
    }
}

fn parse_whole(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A non-negative decimal as `mantissa / scale` with `scale` a power of ten (at most 9 decimals).
pub(crate) fn parse_decimal(text: &str) -> Option<(u64, u64)> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty() && frac.is_empty()
        || frac.len() > 9
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        || (text.contains('.') && frac.is_empty())
    {
        return None;
    }
    let scale = 10u64.pow(frac.len() as u32);
    let int: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let frac: u64 = if frac.is_empty() { 0 } else { frac.parse().ok()? };
    Some((int.checked_mul(scale)?.checked_add(frac)?, scale))
}

pub(crate) const fn gcd(mut a: u64, mut b: u64) -> u64 {
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
    fn named_rates_display_and_parse_back() {
        let shown: Vec<String> = FrameRate::NAMED.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["23.976", "24", "25", "29.97", "30", "50", "59.94", "60"]);
        for rate in FrameRate::NAMED {
            assert_eq!(rate.to_string().parse::<FrameRate>(), Ok(rate));
        }
    }

    #[test]
    fn parses_every_spelling() {
        assert_eq!("23.98".parse(), Ok(FrameRate::FPS_23_976));
        assert_eq!("23.97".parse(), Ok(FrameRate::FPS_23_976));
        assert_eq!("29.970".parse(), Ok(FrameRate::FPS_29_97));
        assert_eq!("29.9700".parse(), Ok(FrameRate::FPS_29_97));
        assert_eq!("59.9401".parse(), Ok(FrameRate::FPS_59_94));
        assert_eq!(" 60000/1001 ".parse(), Ok(FrameRate::FPS_59_94));
        assert_eq!("60/2".parse(), Ok(FrameRate::FPS_30));
        assert_eq!("25.0".parse(), Ok(FrameRate::FPS_25));
        assert_eq!(
            "25/2"
                .parse::<FrameRate>()
                .map(|r| (r.numerator(), r.denominator())),
            Ok((25, 2))
        );
        assert_eq!(
            "120000/1001".parse::<FrameRate>().map(FrameRate::ntsc_nominal),
            Ok(Some(120))
        );
    }

    #[test]
    fn a_number_must_be_a_broadcast_rate() {
        let err = "29.976".parse::<FrameRate>().unwrap_err();
        assert_eq!(
            err,
            Error::NotBroadcast {
                text: "29.976".to_owned(),
                exact: FrameRate::new(3747, 125).unwrap(),
                below: Some(FrameRate::FPS_29_97),
                above: Some(FrameRate::FPS_30),
            }
        );
        assert_eq!(
            err.to_string(),
            "frame rate \"29.976\" is not a broadcast frame rate; nearest: 29.97 (30000/1001), 30; \
             to use exactly 29.976 fps, write it as the fraction \"3747/125\""
        );
        // One decimal is too few to tell 29.97 from 30, and a rounding that is neither half up nor a cut
        // is a different rate.
        for typo in ["29.9", "30.1", "29.98", "23.977", "59.95", "31", "12.5", "119.88"] {
            assert!(
                matches!(typo.parse::<FrameRate>(), Err(Error::NotBroadcast { .. })),
                "{typo}"
            );
        }
        let slow = "12.5".parse::<FrameRate>().unwrap_err().to_string();
        assert!(
            slow.contains("nearest: 23.976 (24000/1001);") && slow.contains("\"25/2\""),
            "{slow}"
        );
        let fast = "119.88".parse::<FrameRate>().unwrap_err().to_string();
        assert!(
            fast.contains("nearest: 60;") && fast.contains("\"2997/25\""),
            "{fast}"
        );
    }

    #[test]
    fn a_fraction_is_taken_exactly_and_shown_as_one() {
        for (text, shown) in [
            ("3747/125", "3747/125"),
            ("15/1", "15/1"),
            ("30/2", "15/1"),
            ("50/2", "25"),
        ] {
            let rate: FrameRate = text.parse().unwrap();
            assert_eq!(rate.to_string(), shown);
            assert_eq!(rate.to_string().parse::<FrameRate>(), Ok(rate));
        }
        assert!(!FrameRate::new(15, 1).unwrap().is_broadcast());
        assert!(FrameRate::FPS_59_94.is_broadcast());
    }

    #[test]
    fn refuses_zero_and_garbage_with_the_value() {
        let err = "0".parse::<FrameRate>().unwrap_err();
        assert_eq!(
            err,
            Error::Zero {
                numerator: 0,
                denominator: 1
            }
        );
        assert!(err.to_string().contains("0/1"), "{err}");
        assert!(matches!("30/0".parse::<FrameRate>(), Err(Error::Zero { .. })));
        for bad in ["", "fast", "-25", "29.", ".", "1/2/3", "99999999999", "1e3"] {
            let err = bad.parse::<FrameRate>().unwrap_err();
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
    }

    #[test]
    fn nominal_and_drop_frame() {
        assert_eq!(FrameRate::FPS_29_97.nominal(), 30);
        assert_eq!(FrameRate::FPS_23_976.nominal(), 24);
        assert_eq!(FrameRate::FPS_25.nominal(), 25);
        assert!(FrameRate::FPS_59_94.supports_drop_frame());
        assert!(!FrameRate::FPS_23_976.supports_drop_frame());
        assert!(!FrameRate::FPS_30.supports_drop_frame());
    }

    #[test]
    fn simple_and_complex_conversions() {
        assert!(FrameRate::FPS_29_97.converts_simply_to(FrameRate::FPS_59_94));
        assert!(FrameRate::FPS_50.converts_simply_to(FrameRate::FPS_25));
        assert!(FrameRate::FPS_30.converts_simply_to(FrameRate::FPS_30));
        assert!(!FrameRate::FPS_29_97.converts_simply_to(FrameRate::FPS_30));
        assert!(!FrameRate::FPS_29_97.converts_simply_to(FrameRate::FPS_23_976));
        assert!(!FrameRate::FPS_25.converts_simply_to(FrameRate::FPS_30));
    }
}
