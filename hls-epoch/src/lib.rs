//! Exact epoch-locked HLS segment arithmetic, as AWS Elemental MediaLive's `EPOCH_LOCKING` mode does it.
//!
//! With epoch locking, every pipeline numbers its segments as if it had been encoding since an epoch
//! (1970-01-01 by default): segment `N` is the same media, with the same name, in every pipeline and
//! every Region, which is what lets a CDN fail over between origins mid-stream. The numbers are large
//! (about 294 million for 6-second segments in 2026) and NTSC segments last fractional seconds
//! (180 frames at 29.97 fps is 6.006 s), so this crate computes them with integers over exact fractions
//! and never with floating point.
//!
//! ```
//! use hls_epoch::{Cadence, EpochClock, FrameRate, Timestamp};
//!
//! let rate: FrameRate = "29.97".parse()?;
//! let cadence = Cadence::from_medialive_segment_length(6, rate)?; // 180 frames = 6.006 s
//! let clock = EpochClock::unix(cadence);
//! let now: Timestamp = "2026-11-24T22:00:00Z".parse()?;
//! let index = clock.index_at(now)?;
//! let window = clock.window(index)?;
//! assert!(window.start <= now && now < window.end);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The crate is pure: no I/O and no clock; the instant to reason about is always a parameter.
//!
//! # Features
//! - `serde`: `Serialize`/`Deserialize` for the public value types (in their text forms), and
//!   [`as_run::AsRunRecord::from_json_line`] for MediaLive as-run log lines.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
// Floating point has no place in segment arithmetic; see the crate docs.
#![deny(clippy::float_arithmetic)]

pub mod as_run;
pub mod cadence;
pub mod epoch;
pub mod listing;
pub mod naming;
mod open_enum;
pub mod rate;
mod sdk_error;
pub mod seconds;
pub mod timecode;
pub mod timestamp;

pub use cadence::{Cadence, Gop, medialive_frames_for};
pub use epoch::{CustomEpoch, Epoch, EpochClock, JamSyncTime, SegmentWindow};
pub use naming::SegmentName;
pub use rate::FrameRate;
pub use seconds::Seconds;
pub use timecode::Timecode;
pub use timestamp::Timestamp;

// The README's example runs as a doc test, so the page crates.io shows stays true to the code.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;
