//! A local rehearsal of the resilient two-Region live HLS workflow, measured as a viewer would see it.
//!
//! Everything runs on 127.0.0.1 against the real documents: two origins (one per Region) enforce the
//! recipe's container policy through `mediastore-policy`'s evaluation and expire stale rendition
//! playlists by its lifecycle policy; two channels of two pipelines write epoch-locked segments
//! (`hls-epoch`), rendition playlists and the redundant master (`origin-failover`'s prediction); an
//! edge applies the CloudFront origin group's rules (`origin-failover`'s decision model) and caches by
//! the origins' headers; an hls.js-like player plays the static `index.m3u8` and records every stall,
//! error and which origin served each request. Scripted faults (a source lost in one or both Regions,
//! a Region's origin gone, a crashed pipeline, a stopped channel) become rows of figures.
//!
//! Time is a [`DrillClock`] the caller gives: drill time runs faster than real time (6 s segments at
//! 20x take 0.3 s), and every figure is in drill time. Nothing reads the wall clock: the
//! caller picks the drill's starting instant, and the clock advances from a monotonic start the caller
//! gives too.
//!
//! ```
//! use failover_drill::{DrillClock, DrillSettings, EdgeTimeouts, Scenario};
//! use hls_epoch::{Cadence, FrameRate};
//!
//! # tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(async {
//! // 6 s segments at 30x: the 154 drill seconds of this scenario take about 5 s.
//! let clock = DrillClock::new("2026-11-24T22:00:00Z".parse()?, tokio::time::Instant::now(), 30)?;
//! let settings = DrillSettings::new(Cadence::from_medialive_segment_length(6, FrameRate::FPS_30)?);
//! let scenario = Scenario::named("primary-region-down", EdgeTimeouts::Recommended)
//!     .ok_or("no such scenario")?;
//! let row = scenario.run(&settings, &clock).await?;
//! assert!(row.stall.is_zero() && row.player_errors == 0);
//! assert!(row.requests_by_origin["demowest-us-west-2"] > 0); // the backup Region served the outage
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The `failover-drill` example runs the whole catalogue and prints the table (`--json` for JSON).
//!
//! # MediaPackage v2
//! The same drill runs on MediaPackage v2 origins ([`deployment::OriginKind`]): per Region a
//! [`packager::Packager`] built from `mediapackage-origin`'s documents, fed by both pipelines through
//! its two ingest endpoints, switching inputs on input loss and by MQCS, answering 404 on its
//! force-error conditions (the stale threshold and the MQCS header are `mediapackage-origin`'s named
//! assumptions), and read by the edge through Origin Access Control, by default or by media quality
//! ([`edge::Edge::start_with_access_control`]). Pipelines can also be degraded, on slate or missing an
//! output ([`pipeline::PipelineState`]). [`Scenario::origin_comparison`] runs the faults both kinds are
//! compared on, and [`report::OriginSideBySide`] prints them side by side.
//!
//! # The real player
//! The modelled player is fast and exact, but it is a model. [`browser::RealPlayer`] plays the same
//! scenarios with the project's player page (`player/index.html`, hls.js pinned by `npm`) in headless
//! Chromium, on real H.264/AAC segments that [`media::MediaLibrary`] encodes once per run with
//! `ffmpeg` ([`DrillSettings::media`]), in MPEG-TS or fragmented MP4 ([`media::Container`]), with the
//! page's fatal-error handling on or off ([`player::Recovery`], which the model mirrors);
//! [`report::Comparison`] puts the two players side by side and
//! [`timeline`] draws each run (buffer, stalls, which origin and pipeline answered) as SVG, with an HTML
//! report. The example's `--real-player` runs that suite.
//!
//! # Features
//! None: the crate always needs tokio and an HTTP stack (hyper, HTTP/1.1 on loopback, no TLS).
#![deny(missing_docs)]

pub mod browser;
pub mod clock;
pub mod deployment;
pub mod edge;
mod http;
pub mod media;
pub mod origin;
pub mod packager;
pub mod pipeline;
pub mod player;
pub mod report;
pub mod scenario;
pub mod timeline;

pub use clock::DrillClock;
pub use deployment::{DrillSettings, EdgeTimeouts, LocalDeployment};
pub use report::{Report, Row};
pub use scenario::{Expect, Scenario};
