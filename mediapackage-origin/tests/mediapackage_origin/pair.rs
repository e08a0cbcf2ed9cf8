//! The two-Region pair and the symmetry check, negatives included.

use mediapackage_origin::pair::primary_error_conditions;
use mediapackage_origin::{EndpointErrorCondition, InputType, ResourceName, symmetry};
use origin_failover::Site;
use serde_json::json;

use crate::{pair, spec};

#[test]
fn both_regions_get_identical_documents_but_force_error() {
    let built = pair();
    let primary = built.region(Site::Primary);
    let backup = built.region(Site::Backup);
    assert_eq!(primary.channel_group, backup.channel_group);
    assert_eq!(primary.channel, backup.channel);
    assert_eq!(primary.channel.input_type, Some(InputType::Cmaf));
    let mut without_force = primary.endpoint.clone();
    without_force.force_endpoint_error_configuration = None;
    assert_eq!(without_force, backup.endpoint);
    assert_eq!(
        primary
            .endpoint
            .force_endpoint_error_configuration
            .as_ref()
            .unwrap()
            .endpoint_error_conditions
            .as_deref(),
        Some(
            &[
                EndpointErrorCondition::StaleManifest,
                EndpointErrorCondition::IncompleteManifest,
                EndpointErrorCondition::SlateInput
            ][..]
        )
    );
    let channel = serde_json::to_value(&primary.channel).unwrap();
    assert_eq!(
        channel["InputSwitchConfiguration"],
        json!({"MQCSInputSwitching": true, "PreferredInput": 1})
    );
    assert_eq!(channel["OutputHeaderConfiguration"], json!({"PublishMQCS": true}));
    assert_eq!(channel["OutputLockingMode"], json!("EPOCH_LOCKED"));
    assert!(built.symmetry().is_empty());
}

#[test]
fn encrypted_endpoints_also_fail_over_on_a_missing_key() {
    let mut encrypted = spec();
    encrypted.encryption = Some(json!({"EncryptionMethod": {"CmafEncryptionMethod": "CBCS"}}));
    let built = mediapackage_origin::RegionPair::build(&encrypted).unwrap();
    let force = built
        .region(Site::Primary)
        .endpoint
        .force_endpoint_error_configuration
        .clone()
        .unwrap();
    assert!(force.contains(&EndpointErrorCondition::MissingDrmKey));
    assert_eq!(primary_error_conditions(true).len(), 4);
    // A primary without MISSING_DRM_KEY is named.
    let mut primary = built.region(Site::Primary).clone();
    primary.endpoint.force_endpoint_error_configuration =
        Some(mediapackage_origin::ForceEndpointErrorConfiguration {
            endpoint_error_conditions: Some(primary_error_conditions(false)),
            ..Default::default()
        });
    let report = symmetry(&primary, built.region(Site::Backup));
    assert_eq!(report.len(), 1);
    assert!(
        report[0].found.contains("missing MISSING_DRM_KEY"),
        "{}",
        report[0]
    );
}

#[test]
fn force_error_on_the_backup_is_named() {
    let built = pair();
    let mut backup = built.region(Site::Backup).clone();
    backup.endpoint.force_endpoint_error_configuration = built
        .region(Site::Primary)
        .endpoint
        .force_endpoint_error_configuration
        .clone();
    let report = symmetry(built.region(Site::Primary), &backup);
    assert_eq!(report.len(), 1);
    assert_eq!(report[0].site, Some(Site::Backup));
    assert_eq!(
        report[0].path,
        "OriginEndpoint.ForceEndpointErrorConfiguration.EndpointErrorConditions"
    );
    assert!(report[0].to_string().starts_with("backup: "), "{}", report[0]);
}

#[test]
fn no_force_error_on_the_primary_is_named() {
    let built = pair();
    let mut primary = built.region(Site::Primary).clone();
    primary.endpoint.force_endpoint_error_configuration = None;
    let report = symmetry(&primary, built.region(Site::Backup));
    assert_eq!(report.len(), 1);
    assert_eq!(report[0].site, Some(Site::Primary));
    assert!(
        report[0]
            .found
            .contains("missing STALE_MANIFEST, INCOMPLETE_MANIFEST, SLATE_INPUT"),
        "{}",
        report[0]
    );
}

#[test]
fn hls_input_is_named_in_each_region() {
    let built = pair();
    let mut primary = built.region(Site::Primary).clone();
    let mut backup = built.region(Site::Backup).clone();
    for documents in [&mut primary, &mut backup] {
        documents.channel.input_type = None;
        documents.channel.output_locking_mode = None;
    }
    let report = symmetry(&primary, &backup);
    let input: Vec<_> = report.iter().filter(|a| a.path == "Channel.InputType").collect();
    assert_eq!(input.len(), 2);
    assert_eq!(input[0].site, Some(Site::Primary));
    assert_eq!(input[0].found, "absent (HLS by default)");
    assert_eq!(input[1].site, Some(Site::Backup));
}

#[test]
fn names_that_differ_between_regions_are_each_named() {
    let built = pair();
    let mut backup = built.region(Site::Backup).clone();
    let other = ResourceName::new("event2").unwrap();
    backup.channel.channel_name = other.clone();
    backup.endpoint.channel_name = other;
    backup.endpoint.segment.as_mut().unwrap().segment_duration_seconds = Some(12);
    let report = symmetry(built.region(Site::Primary), &backup);
    let paths: Vec<&str> = report.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Channel.ChannelName",
            "OriginEndpoint.ChannelName",
            "OriginEndpoint.Segment.SegmentDurationSeconds"
        ]
    );
    assert!(report.iter().all(|a| a.site.is_none()));
    assert_eq!(report[0].found, "\"event\" in primary, \"event2\" in backup");
    assert_eq!(report[2].found, "6 in primary, 12 in backup");
}

#[test]
fn mqcs_left_to_defaults_is_named() {
    let built = pair();
    let mut primary = built.region(Site::Primary).clone();
    let mut backup = built.region(Site::Backup).clone();
    for documents in [&mut primary, &mut backup] {
        documents.channel.input_switch_configuration = None;
        documents.channel.output_header_configuration = None;
    }
    let report = symmetry(&primary, &backup);
    assert_eq!(report.len(), 4);
    assert!(report.iter().all(|a| a.needed.starts_with("set explicitly")));
}
