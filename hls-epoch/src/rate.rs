//! Frame rates as exact rationals.

use std::fmt;
use std::str::FromStr;

/// A video frame rate as an exact, reduced fraction of frames per second.
///
/// NTSC-family rates are fractions over 1001 (29.97 fps is `30000/1001`), which no binary float holds
/// exactly; keeping the fraction is what lets segment arithmetic stay exact over decades of seconds.
///
/// ```
/// use hls_epoch::FrameRate;
///
/// let rate: FrameRate = "29.97".parse()?;
/// assert_eq!(rate, FrameRate::FPS_29_97);
/// assert_eq!((rate.numerator(), rate.denominator()), (30000, 1001));
/// assert_eq!(rate.to_string(), "29.97");
/// assert_eq!("30000/1001".parse::<FrameRate>()?, rate);
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
        "frame rate {text:?} is not allowed: expected a positive number (\"25\", \"29.97\", \"12.5\") or a fraction (\"30000/1001\") below 4294967296"
    )]
    Syntax {
        /// The text given.
        text: String,
    },
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

    /// Every named broadcast rate, slowest first.
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
    /// `30` for whole rates, three decimals without trailing zeros for NTSC rates (`29.97`, `23.976`),
    /// the exact decimal where it has at most three decimals (`12.5`), `num/den` otherwise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, d) = (u64::from(self.numerator), u64::from(self.denominator));
        if d == 1 {
            return write!(f, "{n}");
        }
        let thousandths_exact = (n * 1000) % d == 0;
        if self.ntsc_nominal().is_some() || thousandths_exact {
            // Round half up to three decimals; exact when `thousandths_exact`.
            let milli = (n * 1000 * 2 + d) / (2 * d);
            let (int, mut frac) = (milli / 1000, milli % 1000);
            let mut digits = 3;
            while digits > 0 && frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
            return if digits == 0 {
                write!(f, "{int}")
            } else {
                write!(f, "{int}.{frac:0digits$}")
            };
        }
        write!(f, "{n}/{d}")
    }
}

impl FromStr for FrameRate {
    type Err = Error;

    /// Parses `"30"`, `"30000/1001"`, or a decimal. A decimal within 0.005 of an NTSC rate
    /// (`nominal × 1000/1001`: `"29.97"`, `"29.970"`, `"23.98"`, `"59.94"`) means that rate; any other
    /// decimal is taken exactly (`"12.5"` is `25/2`).
    fn from_str(text: &str) -> Result<Self, Error> {
        let syntax = || Error::Syntax {
            text: text.to_owned(),
        };
        let trimmed = text.trim();
        if let Some((n, d)) = trimmed.split_once('/') {
            let n = parse_u32(n.trim()).ok_or_else(syntax)?;
            let d = parse_u32(d.trim()).ok_or_else(syntax)?;
            return FrameRate::new(n, d);
        }
        let (mantissa, scale) = parse_decimal(trimmed).ok_or_else(syntax)?;
        if scale > 1 {
            // nominal = round(value × 1.001); near an NTSC rate iff |value − nominal/1.001| < 0.005.
            let nominal = (mantissa * 1001 * 2 + scale * 1000) / (scale * 1000 * 2);
            let target = nominal * 1000 * scale; // value × 1001 × scale when exactly NTSC
            let diff = (mantissa * 1001).abs_diff(target);
            let fractional = mantissa % scale != 0;
            if fractional && nominal > 0 && diff * 200 < 1001 * scale {
                let numerator = u32::try_from(nominal * 1000).map_err(|_| syntax())?;
                return FrameRate::new(numerator, 1001);
            }
        }
        let g = gcd(mantissa, scale);
        let numerator = u32::try_from(mantissa / g).map_err(|_| syntax())?;
        let denominator = u32::try_from(scale / g).map_err(|_| syntax())?;
        FrameRate::new(numerator, denominator)
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

fn parse_u32(text: &str) -> Option<u32> {
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
        assert_eq!("29.970".parse(), Ok(FrameRate::FPS_29_97));
        assert_eq!(" 60000/1001 ".parse(), Ok(FrameRate::FPS_59_94));
        assert_eq!("60/2".parse(), Ok(FrameRate::FPS_30));
        assert_eq!("25.0".parse(), Ok(FrameRate::FPS_25));
        assert_eq!(
            "12.5"
                .parse::<FrameRate>()
                .map(|r| (r.numerator(), r.denominator())),
            Ok((25, 2))
        );
        assert_eq!(
            "119.88".parse::<FrameRate>().map(FrameRate::ntsc_nominal),
            Ok(Some(120))
        );
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
