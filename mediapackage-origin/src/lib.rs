//! Typed, validated AWS Elemental MediaPackage v2 origins for two-Region live failover.
//!
//! MediaStore, the recipe's origin, closed on 2025-11-13. AWS's documented pattern for the same goal
//! is a MediaPackage v2 channel per Region, fed by epoch-locked CMAF ingest from MediaLive, with
//! identical names in both Regions; the primary Region's endpoint answers 404 on a stale or incomplete
//! manifest or on slate, so that CloudFront's origin group fails over; CloudFront reads through
//! Origin Access Control. This crate types the documents involved (channel group, channel, origin
//! endpoint, channel and endpoint policies), checks them against MediaPackage's limits, builds both
//! Regions' documents from one description, and names every difference between two Regions that
//! would break failover.
//!
//! ```
//! use mediapackage_origin::{DistributionArn, Location, ManifestName, OriginNames, PairSpec, RegionPair, ResourceName};
//! use mediastore_policy::{AccountId, Region};
//! use origin_failover::Site;
//!
//! let names = OriginNames {
//!     group: ResourceName::new("live")?,
//!     channel: ResourceName::new("event")?,
//!     endpoint: ResourceName::new("hls")?,
//! };
//! let pair = RegionPair::build(&PairSpec::new(names, ManifestName::new("index")?, 6, 6))?;
//! assert_eq!(pair.playback_path().to_string(), "/out/v1/live/event/hls/index.m3u8");
//! assert!(pair.symmetry().is_empty());
//!
//! // Break it: the backup Region's endpoint also forces errors.
//! let mut backup = pair.region(Site::Backup).clone();
//! backup.endpoint.force_endpoint_error_configuration =
//!     pair.region(Site::Primary).endpoint.force_endpoint_error_configuration.clone();
//! let report = mediapackage_origin::symmetry(pair.region(Site::Primary), &backup);
//! assert_eq!(report.len(), 1);
//! assert_eq!(report[0].site, Some(Site::Backup));
//!
//! // CloudFront may read the primary's endpoint, HEAD included for media-quality selection.
//! let west = Location::new(Region::new("us-west-2")?, AccountId::new("000011112222")?);
//! let distribution = DistributionArn::new("arn:aws:cloudfront::000011112222:distribution/E2QWRUHAPOMQZL")?;
//! let policy = pair.region(Site::Primary).endpoint_policy(&west, &distribution, true);
//! policy.check_cloudfront_read(&west.endpoint_arn(&pair.playback_path().names), &distribution, true)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The pair's CloudFront distribution (origin-failover's [`MediaPackageDistribution`] over both Regions'
//! egress domains), the check that each endpoint policy fits it, and its failover budget with
//! MediaPackage's stale detection are in [`distribution`].
//!
//! [`MediaPackageDistribution`]: origin_failover::mediapackage::MediaPackageDistribution
//!
//! The crate is pure: no I/O, no clock, no environment.
//!
//! # Features
//! - `aws-sdk`: `TryFrom` conversions of the documents to `aws-sdk-mediapackagev2`'s Create* inputs.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub mod assumption;
pub mod cloudformation;
pub mod distribution;
pub mod document;
pub mod invalid;
pub mod medialive;
pub mod name;
pub mod pair;
pub mod policy;
#[cfg(feature = "aws-sdk")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-sdk")))]
pub mod sdk;
pub mod url;

pub use distribution::Egress;
pub use document::{
    Channel, ChannelGroup, ContainerType, EndpointErrorCondition, ForceEndpointErrorConfiguration,
    HlsManifest, InputSwitchConfiguration, InputType, OriginEndpoint, OutputHeaderConfiguration,
    OutputLockingMode, Segment,
};
pub use invalid::Invalid;
pub use name::{DistributionArn, Location, ManifestName, OriginNames, ResourceName};
pub use pair::{Asymmetry, PairSpec, RegionDocuments, RegionPair, symmetry};
pub use policy::{ChannelPolicy, EndpointPolicy};
pub use url::{IngestEndpoint, IngestEndpointId, PlaybackPath};

// The README's example runs as a doc test, so the page crates.io shows stays true to the code.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;
