//! The segment cadence: how long one HLS segment lasts, exactly, as whole frames at a frame rate.

use std::fmt;

use crate::{FrameRate, Seconds};

/// The length of every segment of an epoch-locked output: a whole number of frames at a frame rate.
///
/// Epoch locking only works when a segment is a whole number of frames, so this type cannot hold
/// anything else. Its duration is exact: 180 frames at 29.97 fps is 6.006 s, not 6 s.
///
/// ```
/// use hls_epoch::{Cadence, FrameRate, Gop};
///
/// // MediaLive's `SegmentLength: 6` on a 29.97 fps encode.
/// let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_29_97)?;
/// assert_eq!(cadence.frames(), 180);
/// assert_eq!(cadence.duration().to_string(), "6.006");
/// // A 2-second GOP divides it three times.
/// assert_eq!(cadence.gops_per_segment(Gop::Seconds("2".parse()?))?, 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Cadence {
    frames: u32,
    rate: FrameRate,
}

/// A GOP size as MediaLive expresses it (`GopSize` with `GopSizeUnits` `FRAMES` or `SECONDS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Gop {
    /// A whole number of frames.
    Frames(u32),
    /// A duration, turned into frames with [`medialive_frames_for`].
    Seconds(Seconds),
}

/// Why a cadence or a GOP was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A segment of zero frames or zero seconds.
    #[error("segment length {value} is not allowed: a segment must last at least one frame")]
    EmptySegment {
        /// The length given, with its unit.
        value: String,
    },
    /// The segment duration is not a whole number of frames at the rate.
    #[error(
        "segment duration {duration} s is not a whole number of frames at {rate} fps ({frames} frames): epoch locking needs whole-frame segments, such as {suggestion} s"
    )]
    NotWholeFrames {
        /// The duration given.
        duration: Seconds,
        /// The frame rate.
        rate: FrameRate,
        /// The exact (fractional) number of frames it holds.
        frames: Seconds,
        /// The nearest whole-frame duration not shorter than it.
        suggestion: Seconds,
    },
    /// The segment holds more frames than fit in 32 bits.
    #[error("segment length {value} is too long: at most 4294967295 frames are allowed")]
    TooLong {
        /// The length given, with its unit.
        value: String,
    },
    /// A GOP of zero frames or zero seconds.
    #[error("GOP size {gop} is not allowed: a GOP must last at least one frame")]
    EmptyGop {
        /// The GOP given.
        gop: Gop,
    },
    /// The GOP does not divide the segment, so segments would not all start on a key frame.
    #[error(
        "GOP size {gop} ({gop_frames} frames) does not divide the {segment_frames}-frame segment: the GOP must be a divisor of the segment, such as {suggestion} frames"
    )]
    GopDoesNotDivide {
        /// The GOP given.
        gop: Gop,
        /// The GOP in frames.
        gop_frames: u64,
        /// The segment in frames.
        segment_frames: u32,
        /// The largest divisor of the segment not larger than the GOP.
        suggestion: u32,
    },
}

/// **The one assumption about MediaLive's rounding.** How many frames MediaLive puts in a duration
/// given in seconds (an integer `SegmentLength`, or a `GopSize` in `SECONDS`).
///
/// MediaLive does not document this. We assume it uses the shortest whole number of frames that lasts
/// at least the requested duration: `ceil(duration × rate)`. That matches what MediaLive is seen to
/// write at NTSC rates, where a 6-second segment at 29.97 fps lasts 180 frames (6.006 s, `#EXTINF:6.006`),
/// equals `seconds × nominal rate` for every segment up to 33 s at 29.97 fps and up to 16 s at 59.94 fps,
/// and is exact at whole rates. Everything in this crate that turns seconds into frames calls this
/// function, so a different finding about MediaLive changes one line.
///
/// ```
/// use hls_epoch::{medialive_frames_for, FrameRate, Seconds};
/// assert_eq!(medialive_frames_for(Seconds::whole(6), FrameRate::FPS_29_97), 180);
/// assert_eq!(medialive_frames_for(Seconds::whole(6), FrameRate::FPS_23_976), 144);
/// assert_eq!(medialive_frames_for(Seconds::whole(2), FrameRate::FPS_25), 50);
/// ```
pub fn medialive_frames_for(duration: Seconds, rate: FrameRate) -> u64 {
    let n = u128::from(duration.numerator()) * u128::from(rate.numerator());
    let d = u128::from(duration.denominator()) * u128::from(rate.denominator());
    // u64 × u32 / (u64 × u32) with d >= 1 is at most u64::MAX × u32::MAX / 1; clamp instead of wrapping.
    u64::try_from(n.div_ceil(d)).unwrap_or(u64::MAX)
}

impl Cadence {
    /// A segment of `frames` frames at `rate`.
    pub fn from_frames(frames: u32, rate: FrameRate) -> Result<Self, Error> {
        if frames == 0 {
            return Err(Error::EmptySegment {
                value: "0 frames".to_owned(),
            });
        }
        Ok(Self { frames, rate })
    }

    /// The segment MediaLive makes from an integer `SegmentLength` in seconds at `rate`, using the
    /// documented assumption in [`medialive_frames_for`].
    pub fn from_medialive_segment_length(seconds: u32, rate: FrameRate) -> Result<Self, Error> {
        let value = || format!("{seconds} s");
        if seconds == 0 {
            return Err(Error::EmptySegment { value: value() });
        }
        let frames = medialive_frames_for(Seconds::whole(u64::from(seconds)), rate);
        let frames = u32::try_from(frames).map_err(|_| Error::TooLong { value: value() })?;
        Self::from_frames(frames, rate)
    }

    /// A segment of exactly `duration` at `rate`; refused unless it is a whole number of frames.
    pub fn from_duration(duration: Seconds, rate: FrameRate) -> Result<Self, Error> {
        if duration == Seconds::ZERO {
            return Err(Error::EmptySegment {
                value: "0 s".to_owned(),
            });
        }
        let frames = duration
            .scale(u64::from(rate.numerator()), u64::from(rate.denominator()))
            .map_err(|_| Error::TooLong {
                value: format!("{duration} s"),
            })?;
        if frames.denominator() != 1 {
            let whole = u32::try_from(frames.ceil()).map_err(|_| Error::TooLong {
                value: format!("{duration} s"),
            })?;
            let suggestion = Self { frames: whole, rate }.duration();
            return Err(Error::NotWholeFrames {
                duration,
                rate,
                frames,
                suggestion,
            });
        }
        let frames = u32::try_from(frames.numerator()).map_err(|_| Error::TooLong {
            value: format!("{duration} s"),
        })?;
        Self::from_frames(frames, rate)
    }

    /// Frames per segment.
    pub const fn frames(self) -> u32 {
        self.frames
    }

    /// The frame rate.
    pub const fn rate(self) -> FrameRate {
        self.rate
    }

    /// The exact segment duration.
    pub fn duration(self) -> Seconds {
        // frames × den / num: u32 × u32 always fits in u64, and num >= 1.
        let n = u64::from(self.frames) * u64::from(self.rate.denominator());
        Seconds::new(n, u64::from(self.rate.numerator())).unwrap_or(Seconds::ZERO)
    }

    /// The GOP in frames at this cadence's rate.
    pub fn gop_frames(self, gop: Gop) -> u64 {
        match gop {
            Gop::Frames(frames) => u64::from(frames),
            Gop::Seconds(seconds) => medialive_frames_for(seconds, self.rate),
        }
    }

    /// How many GOPs make one segment; an error unless the GOP divides the segment exactly.
    pub fn gops_per_segment(self, gop: Gop) -> Result<u32, Error> {
        let gop_frames = self.gop_frames(gop);
        if gop_frames == 0 {
            return Err(Error::EmptyGop { gop });
        }
        let segment = u64::from(self.frames);
        if segment % gop_frames != 0 {
            let suggestion = (1..=self.frames)
                .rev()
                .find(|d| self.frames.is_multiple_of(*d) && u64::from(*d) <= gop_frames)
                .unwrap_or(1);
            return Err(Error::GopDoesNotDivide {
                gop,
                gop_frames,
                segment_frames: self.frames,
                suggestion,
            });
        }
        // segment / gop_frames <= segment, which is a u32.
        Ok((segment / gop_frames) as u32)
    }
}

impl fmt::Display for Cadence {
    /// `180 frames at 29.97 fps (6.006 s)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} frames at {} fps ({} s)",
            self.frames,
            self.rate,
            self.duration()
        )
    }
}

impl fmt::Display for Gop {
    /// `60 frames` or `2 s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gop::Frames(frames) => write!(f, "{frames} frames"),
            Gop::Seconds(seconds) => write!(f, "{seconds} s"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medialive_segment_lengths_at_every_named_rate() {
        let six: Vec<(u32, String)> = FrameRate::NAMED
            .iter()
            .map(|&rate| {
                let c = Cadence::from_medialive_segment_length(6, rate).unwrap();
                (c.frames(), c.duration().to_string())
            })
            .collect();
        let expected = [
            (144, "6.006"),
            (144, "6"),
            (150, "6"),
            (180, "6.006"),
            (180, "6"),
            (300, "6"),
            (360, "6.006"),
            (360, "6"),
        ];
        let expected: Vec<(u32, String)> = expected.iter().map(|&(f, d)| (f, d.to_owned())).collect();
        assert_eq!(six, expected);
    }

    #[test]
    fn the_rounding_assumption_is_ceiling() {
        // 20 s at 29.97 fps is 599.4 frames: the assumption rounds up, to 600 frames (20.02 s).
        assert_eq!(
            medialive_frames_for(Seconds::whole(20), FrameRate::FPS_29_97),
            600
        );
        // 17 s at 59.94 fps is 1018.98 frames: 1019, one less than 17 × 60.
        assert_eq!(
            medialive_frames_for(Seconds::whole(17), FrameRate::FPS_59_94),
            1019
        );
        assert_eq!(
            medialive_frames_for(Seconds::whole(16), FrameRate::FPS_59_94),
            960
        );
        assert_eq!(
            medialive_frames_for("0.5".parse().unwrap(), FrameRate::FPS_29_97),
            15
        );
    }

    #[test]
    fn whole_frame_validation_names_the_value() {
        let err = Cadence::from_duration(Seconds::whole(6), FrameRate::FPS_29_97).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("6 s") && text.contains("29.97") && text.contains("6.006"),
            "{text}"
        );
        let ok = Cadence::from_duration("6.006".parse().unwrap(), FrameRate::FPS_29_97).unwrap();
        assert_eq!(ok.frames(), 180);
        assert!(matches!(
            Cadence::from_frames(0, FrameRate::FPS_25),
            Err(Error::EmptySegment { .. })
        ));
        assert!(matches!(
            Cadence::from_medialive_segment_length(0, FrameRate::FPS_25),
            Err(Error::EmptySegment { .. })
        ));
    }

    #[test]
    fn gop_must_divide_the_segment() {
        let c = Cadence::from_medialive_segment_length(6, FrameRate::FPS_29_97).unwrap();
        assert_eq!(c.gops_per_segment(Gop::Frames(60)), Ok(3));
        assert_eq!(c.gops_per_segment(Gop::Seconds(Seconds::whole(1))), Ok(6));
        let err = c.gops_per_segment(Gop::Frames(90 + 7)).unwrap_err();
        assert_eq!(
            err,
            Error::GopDoesNotDivide {
                gop: Gop::Frames(97),
                gop_frames: 97,
                segment_frames: 180,
                suggestion: 90
            }
        );
        assert!(err.to_string().contains("97 frames"), "{err}");
        assert!(matches!(
            c.gops_per_segment(Gop::Frames(0)),
            Err(Error::EmptyGop { .. })
        ));
        let four = c.gops_per_segment(Gop::Seconds(Seconds::whole(4))).unwrap_err();
        assert!(four.to_string().contains("4 s (120 frames)"), "{four}");
    }
}
