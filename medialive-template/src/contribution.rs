//! The contribution: the AWS Elemental MediaConnect flows that carry the feed to a channel's
//! pipelines, one flow per pipeline in its own Availability Zone.
//!
//! [`CreateFlow`] is the `CreateFlow` request as the AWS CLI spells it
//! (`aws mediaconnect create-flow --cli-input-json`); with the `aws-sdk` feature the same value
//! converts to the SDK's `CreateFlowInput` (`TryFrom`).
//!
//! ```
//! use medialive_template::contribution::{CreateFlow, FlowSource, Protocol};
//!
//! let flow = CreateFlow {
//!     name: "live-primary-a".to_owned(),
//!     availability_zone: "us-east-1a".to_owned(),
//!     source: FlowSource {
//!         name: "live-primary-a-source".to_owned(),
//!         description: "Contribution for pipeline A".to_owned(),
//!         protocol: Protocol::ZixiPush,
//!         ingest_port: 2088,
//!         whitelist_cidr: "203.0.113.0/24".to_owned(),
//!     },
//! };
//! let json = serde_json::to_value(&flow)?;
//! assert_eq!(json["Source"]["Protocol"], "zixi-push");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

hls_epoch::open_enum! {
    /// A MediaConnect source's `Protocol`.
    Protocol {
        /// Zixi push (the recipe's Reliable TS contribution).
        ZixiPush = "zixi-push",
        /// Zixi pull.
        ZixiPull = "zixi-pull",
        /// RIST.
        Rist = "rist",
        /// RTP.
        Rtp = "rtp",
        /// RTP with forward error correction.
        RtpFec = "rtp-fec",
        /// SRT, MediaConnect listening.
        SrtListener = "srt-listener",
        /// SRT, MediaConnect calling.
        SrtCaller = "srt-caller",
    }
}

/// The `CreateFlow` request, with what the recipe's flows need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateFlow {
    /// `Name`.
    pub name: String,
    /// `AvailabilityZone`, such as `us-east-1a`.
    pub availability_zone: String,
    /// `Source`.
    pub source: FlowSource,
}

/// A flow's source (`SetSourceRequest`): where the contribution encoder pushes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlowSource {
    /// `Name`.
    pub name: String,
    /// `Description`.
    pub description: String,
    /// `Protocol`.
    pub protocol: Protocol,
    /// `IngestPort`.
    pub ingest_port: u16,
    /// `WhitelistCidr`: who may push.
    pub whitelist_cidr: String,
}

/// A flow with every field set, for the tests of this document and of its SDK form.
#[cfg(test)]
pub(crate) fn sample_flow() -> CreateFlow {
    CreateFlow {
        name: "e-primary-a".to_owned(),
        availability_zone: "us-east-1a".to_owned(),
        source: FlowSource {
            name: "e-primary-a-source".to_owned(),
            description: "d".to_owned(),
            protocol: Protocol::ZixiPush,
            ingest_port: 2088,
            whitelist_cidr: "10.0.0.0/8".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_the_clis_and_reads_back() {
        let flow = sample_flow();
        let json = serde_json::to_string(&flow).unwrap();
        assert_eq!(
            json,
            r#"{"Name":"e-primary-a","AvailabilityZone":"us-east-1a","Source":{"Name":"e-primary-a-source","Description":"d","Protocol":"zixi-push","IngestPort":2088,"WhitelistCidr":"10.0.0.0/8"}}"#
        );
        assert_eq!(serde_json::from_str::<CreateFlow>(&json).unwrap(), flow);
    }
}
