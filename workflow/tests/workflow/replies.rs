//! Replies as the ports read them: a field the workflow needs is never stood in for, and a state
//! AWS adds later is kept as it is written and refused where it matters.

use std::sync::{Arc, Mutex};

use ::origin_failover::Site;
use ::resilient_live::State;
use ::resilient_live::cloud::mediaconnect::{FlowStatus, MediaConnect as _};
use ::resilient_live::cloud::mediapackage::{Channel as PackageChannel, MediaPackage as _};
use ::resilient_live::cloud::{self, HasMediaConnect as _, HasMediaPackage as _};
use ::resilient_live::run;
use ::resilient_live::state::FlowState;
use medialive_template::Pipeline;
use mediapackage_origin::{IngestEndpointId, ResourceName};

use crate::workflow::drill::{Recorder, Sent, recorded_cloud};

const REGION: &str = "us-east-1";
const ARN: &str = "arn:aws:mediaconnect:us-east-1:000011112222:flow:1-abc:demo-primary-a";

fn answering(body: impl Into<String>) -> Recorder {
    Recorder {
        sent: Arc::new(Mutex::new(Vec::new())),
        status: 200,
        error_type: None,
        body: body.into(),
    }
}

#[tokio::test]
async fn a_reply_without_a_field_the_workflow_needs_names_the_call_and_the_field() {
    // The SDK fills a missing required member of a structure it got (a flow without its status
    // reads as an unknown status, kept as `Other` and refused where it matters, as the next test
    // shows), but a missing structure stays missing.
    let recorder = answering("{}");
    let cloud = recorded_cloud(REGION, &recorder);
    let error = cloud.mediaconnect(REGION).describe_flow(ARN).await.unwrap_err();
    match &error {
        cloud::Error::Incomplete {
            operation,
            region,
            field,
        } => {
            assert_eq!(*operation, "mediaconnect:DescribeFlow");
            assert_eq!(region, REGION);
            assert_eq!(*field, "Flow");
        }
        other => panic!("expected a missing field, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "mediaconnect:DescribeFlow in us-east-1 returned no Flow"
    );
}

#[tokio::test]
async fn a_state_aws_adds_later_is_kept_and_start_refuses_it_with_the_states_it_starts_from() {
    let recorder = answering(
        r#"{"flow": {"name": "demo-primary-a", "flowArn": "arn:aws:mediaconnect:us-east-1:000011112222:flow:1-abc:demo-primary-a", "availabilityZone": "us-east-1a", "status": "HIBERNATING"}}"#,
    );
    let cloud = recorded_cloud(REGION, &recorder);
    let flow = cloud
        .mediaconnect(REGION)
        .describe_flow(ARN)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(flow.status, FlowStatus::Other("HIBERNATING".to_owned()));
    assert_eq!(flow.status.as_str(), "HIBERNATING");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let mut state = State::new("demo", "hash");
    state.region_mut(Site::Primary, REGION).flows.insert(
        Pipeline::Primary,
        FlowState {
            name: flow.name.clone(),
            arn: flow.arn.clone(),
            availability_zone: flow.availability_zone.clone(),
        },
    );
    state.save(&path).unwrap();
    match run::start(&cloud, &path).await.unwrap_err() {
        run::Error::Unstartable {
            resource,
            region,
            state,
            allowed,
        } => {
            assert_eq!(resource, "flow demo-primary-a");
            assert_eq!(region, REGION);
            assert_eq!(state, "HIBERNATING");
            assert_eq!(allowed, "STANDBY, STOPPING or ERROR");
        }
        other => panic!("expected the flow to be refused, got {other:?}"),
    }
    // Only the describe call went out: nothing was started.
    let sent = recorder.sent.lock().unwrap();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent.iter().all(|request| request.method == "GET"), "{sent:?}");
}

fn name(text: &str) -> ResourceName {
    ResourceName::new(text).unwrap()
}

/// A GetChannel reply for the channel `live/event` with its two ingest endpoints, and with
/// `"InputType": input_type` where that is given.
fn channel_reply(input_type: Option<&str>) -> String {
    let input_type = input_type
        .map(|input_type| format!(r#""InputType": "{input_type}", "#))
        .unwrap_or_default();
    format!(
        r#"{{"Arn": "arn:aws:mediapackagev2:us-east-1:000011112222:channelGroup/live/channel/event",
            "ChannelGroupName": "live", "ChannelName": "event", {input_type}
            "CreatedAt": 1764460800, "ModifiedAt": 1764460800,
            "IngestEndpoints": [
                {{"Id": "1", "Url": "https://abcde1-1.ingest.fghij2.mediapackagev2.us-east-1.amazonaws.com/in/v1/live/1/event/"}},
                {{"Id": "2", "Url": "https://abcde1-2.ingest.fghij2.mediapackagev2.us-east-1.amazonaws.com/in/v1/live/2/event/"}}
            ]}}"#
    )
}

/// The channel `live/event` as the port reads it from `reply`, and what the port sent.
async fn channel_read_from(reply: String) -> (PackageChannel, Vec<Sent>) {
    let recorder = answering(reply);
    let cloud = recorded_cloud(REGION, &recorder);
    let channel = cloud
        .mediapackage(REGION)
        .channel(&name("live"), &name("event"))
        .await
        .unwrap()
        .unwrap();
    let sent = recorder.sent.lock().unwrap().clone();
    (channel, sent)
}

#[tokio::test]
async fn a_channel_whose_reply_leaves_out_its_input_type_reads_as_none() {
    let (channel, sent) = channel_read_from(channel_reply(None)).await;
    assert_eq!(channel.input_type, None);
    assert_eq!((channel.group.as_str(), channel.name.as_str()), ("live", "event"));
    // Not known to be CMAF: its ingest URLs are not taken for CMAF Ingest destinations.
    assert!(channel.ingest_endpoints.is_empty(), "{channel:?}");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].uri.contains("/channelGroup/live/channel/event"),
        "{sent:?}"
    );

    // A CMAF channel's two ingest endpoints are read and checked.
    let (channel, _) = channel_read_from(channel_reply(Some("CMAF"))).await;
    assert_eq!(channel.input_type, Some(mediapackage_origin::InputType::Cmaf));
    let ids: Vec<_> = channel.ingest_endpoints.iter().map(|e| e.id()).collect();
    assert_eq!(ids, [IngestEndpointId::One, IngestEndpointId::Two]);
}

#[tokio::test]
async fn an_egress_domain_of_the_wrong_shape_is_refused_naming_the_call_and_the_field() {
    let recorder = answering(
        r#"{"Arn": "arn:aws:mediapackagev2:us-east-1:000011112222:channelGroup/live",
            "ChannelGroupName": "live", "CreatedAt": 1764460800, "ModifiedAt": 1764460800,
            "EgressDomain": "aaa.data.mediastore.us-east-1.amazonaws.com"}"#,
    );
    let cloud = recorded_cloud(REGION, &recorder);
    let error = cloud
        .mediapackage(REGION)
        .channel_group(&name("live"))
        .await
        .unwrap_err();
    match &error {
        cloud::Error::Invalid {
            operation,
            region,
            field,
            source,
        } => {
            assert_eq!(*operation, "mediapackagev2:GetChannelGroup");
            assert_eq!(region, REGION);
            assert_eq!(*field, "EgressDomain");
            assert!(source.to_string().contains("mediastore"), "{source}");
        }
        other => panic!("expected an invalid field, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "mediapackagev2:GetChannelGroup in us-east-1 returned a EgressDomain that is not allowed"
    );
}

#[tokio::test]
async fn a_channel_group_that_is_not_there_is_none_and_one_without_its_egress_domain_is_incomplete() {
    let missing = Recorder {
        status: 404,
        error_type: Some("ResourceNotFoundException"),
        ..answering(r#"{"Message": "no such channel group"}"#)
    };
    let cloud = recorded_cloud(REGION, &missing);
    assert_eq!(
        cloud
            .mediapackage(REGION)
            .channel_group(&name("live"))
            .await
            .unwrap(),
        None
    );

    let recorder = answering(
        r#"{"Arn": "arn:aws:mediapackagev2:us-east-1:000011112222:channelGroup/live",
            "ChannelGroupName": "live", "CreatedAt": 1764460800, "ModifiedAt": 1764460800}"#,
    );
    let cloud = recorded_cloud(REGION, &recorder);
    let error = cloud
        .mediapackage(REGION)
        .channel_group(&name("live"))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "mediapackagev2:GetChannelGroup in us-east-1 returned no EgressDomain"
    );
}
