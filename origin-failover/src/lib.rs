//! The static HLS master manifest and the CloudFront origin group for two-Region live failover.
//!
//! Placeholder docs; replaced below.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub mod budget;
pub mod check;
pub mod cloudformation;
pub mod codecs;
pub mod distribution;
pub mod document;
pub mod manifest;
pub mod origin_group;
pub mod secret;
pub mod staleness;
pub mod template;

pub use distribution::{FailoverStatusCodes, LiveDistribution, LiveOrigin, OriginTimeouts};
pub use secret::SecretHeaderValue;
