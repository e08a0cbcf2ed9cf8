//! Plan, apply and tear down the resilient two-Region live HLS workflow on AWS.
//!
//! A short TOML [`Config`] becomes a [`Plan`]: every document of AWS's "resilient two-Region live
//! HLS" recipe, rendered by the document crates (`mediastore-policy`, `mediapackage-origin`,
//! `medialive-template`, `origin-failover`) with no AWS call, on the origin the config names
//! ([`origin`]): the recipe's MediaStore containers (retired by AWS on 2025-11-13) or MediaPackage v2,
//! what AWS documents for cross-Region failover today. [`apply()`] runs the plan's steps ([`dag`]) against a
//! [`Cloud`] — both Regions at once, every independent step overlapping — and records a
//! [`State`] file after every step; [`teardown()`] removes everything in the recipe's clean-up
//! order. Both are idempotent: deterministic names ([`names`], computed from the config alone) let a
//! re-run adopt what exists, and when the state file is lost, [`discover`] finds the event's
//! resources by those names ([`teardown::teardown_discovered`]).
//! [`start()`] and [`stop()`] run the event (flows, then channels; and the reverse) and
//! [`status()`] describes every recorded resource live; [`verify()`] checks at one instant that
//! both Regions' segments are epoch-locked and aligned, and that the origin is as planned (each
//! container's `index.m3u8` on MediaStore; each endpoint's settings on MediaPackage v2, whose
//! playlists it reads signed per Region and through the distribution).
//! [`drill()`] rehearses the recipe's failover paths: it pauses pipelines through the channel
//! schedule, checks that what lost its input stops while the rest advances, and always unpauses.
//!
//! ```
//! use mediastore_policy::UserAgentSecret;
//! use resilient_live::{Config, Plan};
//!
//! let config = Config::from_toml(r#"
//!     [event]
//!     name = "demo"
//!     path = "live"
//!     account_id = "000011112222"
//!     medialive_role_arn = "arn:aws:iam::000011112222:role/MediaLiveAccessRole"
//!     user_agent_env = "DEMO_USER_AGENT"
//!
//!     [regions]
//!     primary = "us-east-1"
//!     backup = "us-west-2"
//!
//!     [containers]
//!     primary = "demo-east"
//!     backup = "demo-west"
//!
//!     [contribution]
//!     protocol = "zixi-push"
//!     allowed_cidr = "203.0.113.0/24"
//!     ingest_port = 2088
//! "#)?;
//! // The plan needs no secret: only the documents that hold it do.
//! let plan = Plan::new(&config)?;
//! assert_eq!(plan.playback_path(), "/live/index.m3u8");
//! let summary = plan.to_string();
//! assert!(summary.contains("demo-primary-a in us-east-1a"));
//! // Timeouts left out of the config get the failover budget's recommendation: no stall.
//! assert!(summary.contains("Failover budget: seamless (2 s to spare per segment)"));
//! // The program reads the secret from the variable the config names; the library never does.
//! let secret = UserAgentSecret::new("k7Qe2-Lw9_xR4tZp8mVb3nHs")?;
//! let secret_files = plan.secret_files(&secret)?;
//! assert_eq!(secret_files.len(), plan.secret_file_paths().len());
//! assert!(secret_files.iter().all(|file| file.holds_secret && file.contents.contains(secret.expose())));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The AWS calls sit behind one port per service ([`cloud`]; [`Cloud`] is a cloud with all of
//! them): [`aws::AwsCloud`] implements them with the AWS SDK (aws-config's standard chain per
//! Region, so `AWS_PROFILE` and `AWS_ENDPOINT_URL` work); a simulated or mocked cloud can run the
//! same [`apply()`] and [`teardown()`]; with the `simulated` feature,
//! [`simulated::SimulatedCloud`] is an in-memory AWS with AWS's latencies on tokio's clock.
//!
//! Apart from the command's own code (the `cli` module, which reads the secret's variable, the
//! terminal and the system clock and passes them in) and aws-config's credential and endpoint chain
//! in [`aws::AwsCloud`], the library reads neither the environment nor the clock: the secret, the
//! paths and the instants are parameters, and waits use tokio's timer (which tests can pause). The
//! long operations report their progress to an observer the caller gives ([`progress`]).
//!
//! # Features
//! - `cli` (default): [`cli`], the `resilient-live` command (its arguments, progress lines and error
//!   reporter), with clap, indicatif and tracing-subscriber. Turn default features off to embed the
//!   library without them.
//! - `simulated`: [`simulated::SimulatedCloud`], an in-memory AWS on tokio's clock, for tests,
//!   benchmarks and rehearsals without an account. Off by default.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub mod apply;
pub mod aws;
#[cfg(feature = "cli")]
#[cfg_attr(docsrs, doc(cfg(feature = "cli")))]
pub mod cli;
pub mod cloud;
pub mod config;
pub mod dag;
pub mod discover;
pub mod drill;
pub mod names;
pub mod origin;
pub mod plan;
pub mod progress;
pub mod resource;
pub mod run;
#[cfg(feature = "simulated")]
#[cfg_attr(docsrs, doc(cfg(feature = "simulated")))]
pub mod simulated;
pub mod state;
pub mod status;
pub mod teardown;
pub mod verify;

pub use apply::{Polling, apply};
pub use cloud::Cloud;
pub use config::Config;
pub use drill::{Drill, DrillReport, drill};
pub use plan::Plan;
pub use run::{start, stop};
pub use state::State;
pub use status::{Status, status};
pub use teardown::teardown;
pub use verify::{Verification, verify};
