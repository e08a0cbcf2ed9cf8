//! Conversions to the SDK's Create* inputs.

use aws_sdk_mediapackagev2::operation::create_channel::CreateChannelInput;
use aws_sdk_mediapackagev2::operation::create_channel_group::CreateChannelGroupInput;
use aws_sdk_mediapackagev2::operation::create_origin_endpoint::CreateOriginEndpointInput;
use aws_sdk_mediapackagev2::types::{ContainerType, EndpointErrorCondition, InputType, OutputLockingMode};
use mediapackage_origin::cloudformation::Template;
use mediapackage_origin::sdk::What;
use origin_failover::Site;
use serde_json::json;

use crate::{fixture, pair};

#[test]
fn the_pair_converts_to_create_inputs() {
    let built = pair();
    let primary = built.region(Site::Primary);
    let group = CreateChannelGroupInput::try_from(&primary.channel_group).unwrap();
    assert_eq!(group.channel_group_name(), Some("live"));
    let channel = CreateChannelInput::try_from(&primary.channel).unwrap();
    assert_eq!(channel.input_type(), Some(&InputType::Cmaf));
    assert_eq!(
        channel.output_locking_mode(),
        Some(&OutputLockingMode::EpochLocked)
    );
    assert_eq!(
        channel
            .input_switch_configuration()
            .unwrap()
            .mqcs_input_switching(),
        Some(true)
    );
    assert_eq!(
        channel.output_header_configuration().unwrap().publish_mqcs(),
        Some(true)
    );
    let endpoint = CreateOriginEndpointInput::try_from(&primary.endpoint).unwrap();
    assert_eq!(endpoint.container_type(), Some(&ContainerType::Cmaf));
    assert_eq!(endpoint.segment().unwrap().segment_duration_seconds(), Some(6));
    assert_eq!(endpoint.hls_manifests()[0].manifest_name(), "index");
    assert_eq!(
        endpoint
            .force_endpoint_error_configuration()
            .unwrap()
            .endpoint_error_conditions(),
        [
            EndpointErrorCondition::StaleManifest,
            EndpointErrorCondition::IncompleteManifest,
            EndpointErrorCondition::SlateInput
        ]
    );
    let backup = CreateOriginEndpointInput::try_from(&built.region(Site::Backup).endpoint).unwrap();
    assert!(backup.force_endpoint_error_configuration().is_none());
}

#[test]
fn template_documents_convert_with_their_tags() {
    let template = Template::parse(&fixture("cdk-integ-endpoint-force-error-config.template.json")).unwrap();
    for (_, endpoint) in template.origin_endpoints().unwrap() {
        let input = CreateOriginEndpointInput::try_from(&endpoint).unwrap();
        assert_eq!(input.startover_window_seconds(), Some(900));
    }
    let mut channel = pair().region(Site::Primary).channel.clone();
    channel.tags = Some(serde_json::from_value(json!([{"Key": "event", "Value": "final"}])).unwrap());
    let input = CreateChannelInput::try_from(&channel).unwrap();
    assert_eq!(
        input.tags().unwrap().get("event").map(String::as_str),
        Some("final")
    );
}

#[test]
fn what_the_conversion_cannot_carry_is_named() {
    let mut endpoint = pair().region(Site::Primary).endpoint.clone();
    endpoint.extra.insert("UriSeparator".to_owned(), json!("HYPHEN"));
    let error = CreateOriginEndpointInput::try_from(&endpoint).unwrap_err();
    assert_eq!(
        (error.path.as_str(), &error.what),
        ("UriSeparator", &What::NotSent)
    );
    let mut encrypted = pair().region(Site::Primary).endpoint.clone();
    encrypted.segment.as_mut().unwrap().encryption = Some(json!({}));
    assert_eq!(
        CreateOriginEndpointInput::try_from(&encrypted).unwrap_err().path,
        "Segment.Encryption"
    );
    let mut manifest_extra = pair().region(Site::Primary).endpoint.clone();
    manifest_extra.hls_manifests.as_mut().unwrap()[0]
        .extra
        .insert("StartTag".to_owned(), json!({"TimeOffset": 1}));
    assert_eq!(
        CreateOriginEndpointInput::try_from(&manifest_extra)
            .unwrap_err()
            .path,
        "HlsManifests[0].StartTag"
    );
}

#[test]
fn a_value_beyond_the_sdks_integers_is_named_with_what_is_allowed() {
    let mut endpoint = pair().region(Site::Primary).endpoint.clone();
    endpoint.startover_window_seconds = Some(i64::from(i32::MAX) + 1);
    let error = CreateOriginEndpointInput::try_from(&endpoint).unwrap_err();
    assert_eq!(
        error.to_string(),
        "StartoverWindowSeconds is 2147483648, which is not allowed: expected at most 2147483647 (the SDK's 32-bit integer)"
    );
}
