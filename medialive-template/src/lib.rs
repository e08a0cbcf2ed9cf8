//! Typed AWS Elemental MediaLive channel template for epoch-locked, redundant live HLS.
//!
//! The recipe for resilient two-Region live HLS hinges on one document: the MediaLive channel (the
//! `CreateChannel` request). It must use `EPOCH_LOCKING`, `PAUSE_OUTPUT` on input loss, a redundant
//! manifest across two destinations that differ only in base name, whole-frame segments and no complex
//! frame-rate conversion; and the backup Region's channel must differ from the primary's only in its
//! destination hostnames, input, name and role. This crate types that document, builds it, checks it and
//! clones it.
//!
//! ```
//! use medialive_template::{Channel, LiveHlsChannel, RegionClone, Severity, TemplateDiff};
//! use mediastore_policy::DataEndpoint;
//!
//! // Build the recipe's channel for the primary Region.
//! let primary: Channel = LiveHlsChannel::builder()
//!     .name("live-east")
//!     .role_arn("arn:aws:iam::111122223333:role/MediaLiveAccessRole")
//!     .input_id("1234567")
//!     .destination(DataEndpoint::from_host("abcdefgh.data.mediastore.us-east-1.amazonaws.com")?)
//!     .pipelines(medialive_template::PipelineNames::recipe("live")?)
//!     .build()
//!     .channel()?;
//!
//! // Every rung of the default ladder, as origin-failover predicts the master manifest from it.
//! let group = &primary.hls_output_groups()?[0];
//! assert!(group.redundant_manifest);
//! assert_eq!(group.destinations[0].base(), "primary");
//! assert_eq!(group.outputs[0].name_modifier, "_1080p30");
//!
//! // Epoch-locking validation against the source's frame rate.
//! let report = primary.validate("30".parse()?);
//! assert!(report.findings().iter().all(|f| f.severity != Severity::Error), "{report}");
//!
//! // The backup Region's channel: only hostnames, input, name (and role) change.
//! let backup = RegionClone::builder()
//!     .name("live-west")
//!     .input_id("7654321")
//!     .destination(DataEndpoint::from_host("ijklmnop.data.mediastore.us-west-2.amazonaws.com")?)
//!     .build()
//!     .apply(&primary)?;
//! let diff = TemplateDiff::between(&primary, &backup)?;
//! assert_eq!(diff.paths().count(), 4); // Name, InputId, two destination URLs
//!
//! // The same document, as the REST API spells it.
//! let rest = backup.to_rest_value()?;
//! assert!(rest["encoderSettings"]["outputGroups"].is_array());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What is modeled
//! The document is the `CreateChannel` request as the AWS CLI and SDKs spell it (PascalCase keys); the
//! REST API's camelCase form is read and written through [`casing`]. Types cover what the recipe
//! touches: [`GlobalConfiguration`] (output locking, [`EpochLockingSettings`]), [`TimecodeConfig`],
//! [`VideoDescription`] with [`H264Settings`], [`AudioDescription`] with [`AacSettings`], HLS
//! [`OutputGroup`]s ([`HlsGroupSettings`] with [`HlsCdnSettings`], redundant manifest, input loss action,
//! segment length), [`Output`]s with name modifiers, and [`OutputDestination`]s. Every modeled object keeps
//! the keys it does not model in an `extra` map, so reading a document and writing it back loses nothing.
//! Values AWS may add later are kept by open enums (`Other(String)`). One thing is not kept: an explicit
//! `null` at a modeled key reads as "absent" (AWS never writes one).
//!
//! For MediaPackage v2 origins (AWS's cross-Region failover pattern since MediaStore closed), the crate
//! also types the MediaPackage output group in v2 mode and the CMAF Ingest output group
//! ([`media_package`]), builds the epoch-locked channel that feeds MediaPackage
//! ([`LiveMediaPackageChannel`], from the same ladder of [`Rung`]s), checks both groups in
//! [`Channel::validate`], checks two Regions' channels and two sessions of one channel against the
//! cross-Region encoder rules ([`cross_region`]), and clones such a channel to the backup Region by
//! changing its `MediaPackageRegionName` ([`RegionClone`]).
//!
//! Next to the channel, the crate types the other documents a deployment sends to MediaLive and
//! MediaConnect: the `MEDIACONNECT` input ([`input::CreateInput`]), the channel schedule's immediate
//! pause-state action that rehearses failover ([`schedule::PauseStateAction`]) and the contribution
//! flows that feed the input ([`contribution::CreateFlow`]).
//!
//! A file holding only `EncoderSettings` (as many encoding profiles are published) is read as
//! [`Template::EncoderSettings`]; see [`Template::from_json`].
//!
//! # Read API (for master-manifest prediction)
//! [`Channel::hls_output_groups`] (and [`EncoderSettings::hls_output_groups`] for envelope-less documents)
//! resolves every HLS output group into an [`HlsGroupView`]: its destinations parsed into
//! [`DestinationUrl`] (scheme, host, path, base), the redundant-manifest flag, the segment length and
//! input loss action, and per output an [`HlsOutputView`] with its name modifier, resolved
//! [`VideoRendition`] (size, bitrate, frame rate, H.264 profile and level) and [`AudioRendition`]s
//! (codec, bitrate, sample rate, coding mode, audio group). Names of playlists and segments come from
//! [`hls_epoch::naming`]; segment cadence from [`HlsGroupView::cadence`], which uses
//! [`hls_epoch::Cadence::from_medialive_segment_length`].
//!
//! # Features
//! - `aws-sdk` (off by default): [`sdk`] converts with `TryFrom`: a [`Channel`] to the AWS SDK's
//!   `CreateChannelInput` and back, and from `DescribeChannelOutput`; the [`input`], [`schedule`] and
//!   [`contribution`] documents to their SDK inputs (`aws-sdk-medialive`, and `aws-sdk-mediaconnect`
//!   for the flows). A field the SDK types cannot carry is an [`sdk::Error`] naming its JSON path.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub mod audio;
pub mod casing;
pub mod channel;
pub mod clone;
pub mod contribution;
pub mod cross_region;
pub mod destination;
pub mod diff;
pub mod encoder;
pub mod hls;
pub mod input;
mod ladder;
pub mod live_hls;
pub mod live_media_package;
pub mod media_package;
pub mod pipeline;
pub mod rendition;
pub mod schedule;
#[cfg(feature = "aws-sdk")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-sdk")))]
pub mod sdk;
pub mod validation;
pub mod video;

pub use audio::{AacSettings, AudioCodecSettings, AudioDescription};
pub use channel::{
    Channel, InputAttachment, InputSpecification, OutputDestination, OutputDestinationSettings, Template,
};
pub use clone::RegionClone;
pub use destination::{Destination, DestinationScheme, DestinationUrl};
pub use diff::TemplateDiff;
pub use encoder::{
    EncoderSettings, EpochLockingSettings, GlobalConfiguration, OutputLockingSettings, TimecodeConfig,
};
pub use hls::{HlsCdnSettings, HlsGroupSettings, HlsOutputSettings, HlsSettings, Output, OutputGroup};
pub use live_hls::{LiveHlsChannel, Rung};
pub use live_media_package::LiveMediaPackageChannel;
pub use pipeline::{Pipeline, PipelineNames};
pub use rendition::{AudioRendition, HlsGroupView, HlsOutputView, VideoRendition};
pub use validation::{Finding, Report, Severity};
pub use video::{H264Settings, VideoCodecSettings, VideoDescription};

// The README's example runs as a doc test, so the page crates.io shows stays true to the code.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;
