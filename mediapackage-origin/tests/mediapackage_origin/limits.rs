//! Every documented limit, each error naming the field, the value and what is allowed.

use mediapackage_origin::{Channel, InputType, OriginEndpoint, PairSpec, RegionPair, ResourceName};
use serde_json::json;

use crate::{names, pair, spec};

fn endpoint(change: impl FnOnce(&mut serde_json::Value)) -> OriginEndpoint {
    let mut value = json!({
        "ChannelGroupName": "live", "ChannelName": "event", "OriginEndpointName": "hls",
        "ContainerType": "CMAF", "Segment": {"SegmentDurationSeconds": 6},
        "HlsManifests": [{"ManifestName": "index", "ManifestWindowSeconds": 60}],
    });
    change(&mut value);
    serde_json::from_value(value).unwrap()
}

#[test]
fn names_are_checked_when_read() {
    let error =
        serde_json::from_value::<Channel>(json!({"ChannelGroupName": "live event", "ChannelName": "c"}))
            .unwrap_err();
    assert!(
        error.to_string().contains("\"live event\" is not allowed"),
        "{error}"
    );
    assert!(ResourceName::new(&"x".repeat(257)).is_err());
}

#[test]
fn segment_duration_is_1_to_30_seconds() {
    endpoint(|_| {}).validate().unwrap();
    for bad in [0, 31] {
        let error = endpoint(|v| v["Segment"]["SegmentDurationSeconds"] = json!(bad))
            .validate()
            .unwrap_err();
        assert_eq!(error.path, "Segment.SegmentDurationSeconds");
        assert_eq!(error.value, bad.to_string());
        assert_eq!(error.allowed, "1 to 30 seconds");
    }
}

#[test]
fn segment_duration_is_a_whole_multiple_of_the_input() {
    endpoint(|v| v["Segment"]["SegmentDurationSeconds"] = json!(12))
        .validate_against_input(6)
        .unwrap();
    let error = endpoint(|v| v["Segment"]["SegmentDurationSeconds"] = json!(4))
        .validate_against_input(6)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "Segment.SegmentDurationSeconds: 4 is not allowed: a whole multiple of the input's 6-second segments"
    );
    let mut odd = spec();
    odd.segment_duration_seconds = 9;
    let error = RegionPair::build(&odd).unwrap_err();
    assert_eq!(
        error.path,
        "primary.OriginEndpoint.Segment.SegmentDurationSeconds"
    );
}

#[test]
fn windows_and_manifest_counts_are_limited() {
    let error = endpoint(|v| v["HlsManifests"][0]["ManifestWindowSeconds"] = json!(29))
        .validate()
        .unwrap_err();
    assert_eq!(error.path, "HlsManifests[0].ManifestWindowSeconds");
    assert_eq!(error.allowed, "at least 30 seconds");
    let error = endpoint(|v| v["StartoverWindowSeconds"] = json!(1_209_601))
        .validate()
        .unwrap_err();
    assert_eq!(error.path, "StartoverWindowSeconds");
    endpoint(|v| v["StartoverWindowSeconds"] = json!(1_209_600))
        .validate()
        .unwrap();
    let many: Vec<_> = (0..26)
        .map(|i| json!({"ManifestName": format!("m{i}")}))
        .collect();
    let error = endpoint(|v| v["HlsManifests"] = json!(many))
        .validate()
        .unwrap_err();
    assert_eq!(error.value, "26 manifests in all");
    let twenty_five: Vec<_> = (0..25)
        .map(|i| json!({"ManifestName": format!("m{i}")}))
        .collect();
    endpoint(|v| v["HlsManifests"] = json!(twenty_five))
        .validate()
        .unwrap();
    let error = endpoint(|v| v["LowLatencyHlsManifests"] = json!([{"ManifestName": "index"}]))
        .validate()
        .unwrap_err();
    assert_eq!(error.path, "LowLatencyHlsManifests[0].ManifestName");
}

#[test]
fn containers_take_only_their_manifests() {
    let error = endpoint(|v| {
        v["ContainerType"] = json!("TS");
        v["DashManifests"] = json!([{"ManifestName": "d"}]);
    })
    .validate()
    .unwrap_err();
    assert_eq!(error.path, "ContainerType");
    assert_eq!(error.allowed, "HLS and LL-HLS manifests only on TS");
}

#[test]
fn cmaf_only_settings_need_cmaf_input() {
    let mut channel = pair().region(origin_failover::Site::Primary).channel.clone();
    channel.validate().unwrap();
    channel.input_type = Some(InputType::Hls);
    let error = channel.validate().unwrap_err();
    assert_eq!(error.path, "OutputLockingMode");
    assert_eq!(error.allowed, "absent unless InputType is CMAF");
    let mut preferred = pair().region(origin_failover::Site::Backup).channel.clone();
    if let Some(config) = preferred.input_switch_configuration.as_mut() {
        config.preferred_input = Some(3);
    }
    assert_eq!(
        preferred.validate().unwrap_err().path,
        "InputSwitchConfiguration.PreferredInput"
    );
}

#[test]
fn names_in_the_pair_spec_are_the_endpoint_names() {
    let built = pair();
    for site in origin_failover::Site::BOTH {
        assert_eq!(built.region(site).names(), names());
    }
}

#[test]
fn a_bad_manifest_window_names_the_region_and_path() {
    let mut spec: PairSpec = spec();
    spec.manifest_window_seconds = 10;
    let error = RegionPair::build(&spec).unwrap_err();
    assert_eq!(
        error.to_string(),
        "primary.OriginEndpoint.HlsManifests[0].ManifestWindowSeconds: 10 is not allowed: at least 30 seconds"
    );
}
