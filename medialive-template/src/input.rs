//! The MediaLive input the recipe's channel reads: a `MEDIACONNECT` input fed by two flows.
//!
//! [`CreateInput`] is the `CreateInput` request as the AWS CLI spells it
//! (`aws medialive create-input --cli-input-json`); with the `aws-sdk` feature the same value
//! converts to the SDK's `CreateInputInput` (`TryFrom`).
//!
//! ```
//! use std::collections::BTreeMap;
//! use medialive_template::input::{CreateInput, InputType};
//!
//! let input = CreateInput::media_connect(
//!     "live-primary-input",
//!     "arn:aws:iam::111122223333:role/MediaLiveAccessRole",
//!     ["arn:aws:mediaconnect:us-east-1:111122223333:flow:1-a:live-a", "arn:aws:mediaconnect:us-east-1:111122223333:flow:1-b:live-b"],
//!     BTreeMap::new(),
//! );
//! assert_eq!(input.input_type, InputType::MediaConnect);
//! let json = serde_json::to_value(&input)?;
//! assert_eq!(json["Type"], "MEDIACONNECT");
//! assert!(json["MediaConnectFlows"][1]["FlowArn"].as_str().is_some_and(|arn| arn.ends_with("live-b")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

hls_epoch::open_enum! {
    /// A MediaLive input's `Type`.
    InputType {
        /// Fed by AWS Elemental MediaConnect flows (the recipe's contribution path).
        MediaConnect = "MEDIACONNECT",
        /// An RTMP push.
        RtmpPush = "RTMP_PUSH",
        /// An RTP push.
        RtpPush = "RTP_PUSH",
        /// A UDP push.
        UdpPush = "UDP_PUSH",
        /// An SRT caller.
        SrtCaller = "SRT_CALLER",
        /// A pull from a URL (HLS, MP4, TS); epoch locking refuses HLS inputs.
        UrlPull = "URL_PULL",
        /// A MediaLive Anywhere or Link input device.
        InputDevice = "INPUT_DEVICE",
    }
}

/// The `CreateInput` request, with what a `MEDIACONNECT` input needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateInput {
    /// `Name`.
    pub name: String,
    /// `Type`.
    #[serde(rename = "Type")]
    pub input_type: InputType,
    /// `MediaConnectFlows`: one per pipeline, in pipeline order (A feeds pipeline 0).
    pub media_connect_flows: Vec<MediaConnectFlow>,
    /// `RoleArn`: the role MediaLive uses to read the flows.
    pub role_arn: String,
    /// `Tags`.
    pub tags: BTreeMap<String, String>,
}

impl CreateInput {
    /// A `MEDIACONNECT` input named `name`, reading the two flows `flow_arns` (pipeline A's
    /// first) with the role `role_arn`.
    pub fn media_connect(
        name: impl Into<String>,
        role_arn: impl Into<String>,
        flow_arns: [&str; 2],
        tags: BTreeMap<String, String>,
    ) -> CreateInput {
        CreateInput {
            name: name.into(),
            input_type: InputType::MediaConnect,
            media_connect_flows: flow_arns
                .into_iter()
                .map(|arn| MediaConnectFlow {
                    flow_arn: arn.to_owned(),
                })
                .collect(),
            role_arn: role_arn.into(),
            tags,
        }
    }
}

/// One flow of a `MEDIACONNECT` input (`MediaConnectFlowRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MediaConnectFlow {
    /// `FlowArn`.
    pub flow_arn: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_the_clis_and_reads_back() {
        let input = CreateInput::media_connect(
            "e-primary-input",
            "arn:aws:iam::111122223333:role/R",
            ["arn:a", "arn:b"],
            BTreeMap::from([("k".to_owned(), "v".to_owned())]),
        );
        let json = serde_json::to_string(&input).unwrap();
        assert_eq!(
            json,
            r#"{"Name":"e-primary-input","Type":"MEDIACONNECT","MediaConnectFlows":[{"FlowArn":"arn:a"},{"FlowArn":"arn:b"}],"RoleArn":"arn:aws:iam::111122223333:role/R","Tags":{"k":"v"}}"#
        );
        assert_eq!(serde_json::from_str::<CreateInput>(&json).unwrap(), input);
        let other: CreateInput = serde_json::from_str(&json.replace("MEDIACONNECT", "SDI")).unwrap();
        assert_eq!(other.input_type, InputType::Other("SDI".to_owned()));
    }
}
