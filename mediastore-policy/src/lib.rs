//! Typed, validated and evaluable AWS Elemental MediaStore container, lifecycle and CORS policies.
//!
//! The resilient two-Region live HLS recipe keeps its origin safe and self-healing with three JSON
//! documents per container: a container policy that lets only the CDN read (a secret `User-Agent`, TLS
//! only), a lifecycle policy that deletes rendition manifests a crashed pipeline stopped rewriting (so
//! the CDN fails over), and a CORS policy for web players. This crate types them exactly as MediaStore
//! reads them, checks them against MediaStore's limits, and evaluates them: would this request be
//! allowed, and when does this object expire?
//!
//! ```
//! use hls_epoch::{Cadence, FrameRate, Timestamp};
//! use mediastore_policy::lifecycle::Factor;
//! use mediastore_policy::{Caller, ContainerArn, Decision, LifecyclePolicy, RecipePolicy, Request, UserAgentSecret};
//!
//! let container: ContainerArn = "arn:aws:mediastore:us-west-2:000011112222:container/demowest".parse()?;
//! let secret = UserAgentSecret::new("9f86d081884c7d659a2feaa0c55ad015")?;
//! let policy = RecipePolicy::builder().container(container.clone()).secret(secret.clone()).build().to_policy();
//! assert!(policy.lint(&container).is_empty());
//!
//! // The CDN, over TLS with the secret, may read; anyone else may not.
//! let object = container.object("demo/primary_720p30.m3u8");
//! let cdn = Request::new(Caller::Anonymous, "mediastore:GetObject", &object)
//!     .secure_transport(true)
//!     .user_agent(secret.expose());
//! assert_eq!(policy.evaluate(&cdn)?, Decision::Allow);
//! assert_eq!(policy.evaluate(&cdn.user_agent("curl/8.5.0"))?, Decision::ImplicitDeny);
//!
//! // A manifest not rewritten for 11 s (1.8 x 6 s, rounded up) is gone.
//! let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30)?;
//! let lifecycle = LifecyclePolicy::stale_manifests(cadence, Factor::RECIPE, "demo", &["primary", "backup"])?;
//! let written: Timestamp = "2026-11-24T22:00:00Z".parse()?;
//! assert!(!lifecycle.is_expired("demo/primary_720p30.m3u8", written, "2026-11-24T22:00:10.999Z".parse()?));
//! assert!(lifecycle.is_expired("demo/primary_720p30.m3u8", written, "2026-11-24T22:00:11Z".parse()?));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The crate is pure: no I/O and no clock; instants are parameters.
//!
//! # Features
//! - `aws-sdk`: `TryFrom` conversions to and from `aws-sdk-mediastore` types (the `Get*` outputs, CORS
//!   rules), failing with one [`sdk::Error`] shape.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub mod cors;
pub mod evaluate;
pub mod invalid;
pub mod lifecycle;
pub mod lint;
pub mod name;
pub mod pattern;
pub mod policy;
pub mod recipe;
#[cfg(feature = "aws-sdk")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-sdk")))]
pub mod sdk;
pub mod secret;

pub use cors::{CorsPolicy, CorsRule};
pub use evaluate::{Caller, Decision, EvalError, Request};
pub use lifecycle::{LifecyclePolicy, LifecycleRule};
pub use lint::Finding;
pub use name::{AccountId, ContainerArn, ContainerName, DataEndpoint, Region};
pub use policy::{ContainerPolicy, OneOrMany, Principal, Statement};
pub use recipe::RecipePolicy;
pub use secret::UserAgentSecret;

// The README's example runs as a doc test, so the page crates.io shows stays true to the code.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;
