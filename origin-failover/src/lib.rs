//! The static HLS master manifest and the CloudFront origin group for two-Region live failover.
//!
//! In the resilient live recipe, two MediaLive pipelines per Region write epoch-locked HLS into a
//! container per Region, and CloudFront's origin group asks the backup Region whenever the primary fails.
//! Two artefacts make that work and both are usually made by hand: a static copy of the redundant master
//! manifest (`index.m3u8`, so that a paused rendition turns into a 404 that CloudFront fails over on), and
//! the distribution's origin settings (whose defaults, 10 s x 3 connection attempts per request, stall a
//! player for half a minute on every cache miss). This crate derives, checks and explains both.
//!
//! ```
//! use hls_epoch::{Cadence, FrameRate};
//! use medialive_template::LiveHlsChannel;
//! use mediastore_policy::{DataEndpoint, UserAgentSecret};
//! use origin_failover::budget::{FailoverBudget, Player};
//! use origin_failover::check::check_master;
//! use origin_failover::manifest::MasterSpec;
//! use origin_failover::origin_group::{Method, OriginGroupPolicy, OriginOutcome};
//! use origin_failover::{LiveDistribution, LiveOrigin, OriginTimeouts};
//!
//! // The static manifest, before the channel ever runs.
//! let channel = LiveHlsChannel::builder()
//!     .name("live")
//!     .input_id("1234567")
//!     .destination(DataEndpoint::from_host("aaa.data.mediastore.us-east-1.amazonaws.com")?)
//!     .pipelines(medialive_template::PipelineNames::recipe("live")?)
//!     .build()
//!     .channel()?;
//! let spec = MasterSpec::from_template(&channel)?;
//! let index = spec.static_manifest();
//! let report = check_master(index.as_bytes())?;
//! assert_eq!(report.pairs.len(), 4); // every rendition has its copy from the other pipeline
//!
//! // The distribution, with timeouts a 6-second cadence can afford.
//! let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30)?;
//! let agent = UserAgentSecret::new("k7Qe2-Lw9_xR4tZp8mVb3nHs")?; // the container policy's secret
//! let timeouts = OriginTimeouts::new(2, 1, 2, None)?;
//! let east = LiveOrigin::new("east", DataEndpoint::from_host("aaa.data.mediastore.us-east-1.amazonaws.com")?, agent.clone())?.with_timeouts(timeouts);
//! let west = LiveOrigin::new("west", DataEndpoint::from_host("bbb.data.mediastore.us-west-2.amazonaws.com")?, agent)?.with_timeouts(timeouts);
//! let distribution = LiveDistribution::new("live-2026-11-24", east, west)?.with_split_behaviors(cadence);
//! let config = distribution.to_config(); // the CLI/SDK `DistributionConfig` document
//! assert_eq!(config.origins.quantity, 2);
//!
//! // Its failover budget, and one request through the origin group.
//! let policy = OriginGroupPolicy::of(&distribution);
//! assert!(FailoverBudget::new(&policy, cadence, Player::segments(3, cadence)).is_seamless());
//! let route = policy.route(&Method::Get, OriginOutcome::Status(404), || OriginOutcome::Status(200));
//! assert_eq!(route.viewer_status, 200);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What is where
//! - [`manifest`]: the redundant master each pipeline writes ([`manifest::MasterSpec`], built by hand or
//!   with [`manifest::MasterSpec::from_template`] from a `medialive_template` channel) and the static
//!   `index.m3u8`; [`codecs`] derives `CODECS` (H.264 profile/level, AAC object type).
//! - [`check`]: a live master's redundant pairs and player-compatibility findings; [`staleness`]: whether
//!   a static manifest still matches the channel.
//! - [`distribution`]: the typed [`LiveDistribution`] and its rules; [`document`]: the CLI/API
//!   `DistributionConfig` JSON (lossless); [`cloudformation`]: the CloudFormation shape's origin groups.
//! - [`mediapackage`]: the distribution for MediaPackage v2 origins ([`mediapackage::MediaPackageDistribution`]),
//!   signed through [`access_control`]'s Origin Access Control, with [`cache_behavior`]'s per-channel
//!   behaviours; [`origin_kind`]: what an origin is ([`origin_kind::OriginKind`], [`origin_kind::EgressDomain`]).
//! - [`origin_group`]: the per-request decision, as a pure function; [`budget`]: the failover budget.
//!
//! The crate is pure: no I/O and no clock.
//!
//! # Features
//! - `aws-sdk` (off by default): the `sdk` module converts [`document::DistributionConfig`] to and from
//!   `aws_sdk_cloudfront::types::DistributionConfig`.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub mod access_control;
pub mod budget;
pub mod cache_behavior;
pub mod check;
pub mod cloudformation;
pub mod codecs;
pub mod distribution;
pub mod document;
pub mod failover_path;
pub mod manifest;
pub mod mediapackage;
pub mod origin_group;
pub mod origin_kind;
pub mod playlist;
#[cfg(feature = "aws-sdk")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-sdk")))]
pub mod sdk;
pub mod site;
pub mod staleness;
pub mod template;

pub use distribution::{FailoverStatusCodes, LiveDistribution, LiveOrigin, OriginTimeouts};
pub use manifest::MasterSpec;
pub use site::Site;

// The README's example runs as a doc test, so the page crates.io shows stays true to the code.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;
