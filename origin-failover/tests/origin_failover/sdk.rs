use aws_sdk_cloudfront::types::DistributionConfig as SdkDistributionConfig;
use mediastore_policy::{DataEndpoint, UserAgentSecret};
use origin_failover::document::{DistributionConfig, GetDistributionConfigOutput};
use origin_failover::sdk::What;
use origin_failover::{LiveDistribution, LiveOrigin, OriginTimeouts};

use super::SECRET;

fn live_config() -> DistributionConfig {
    let agent = UserAgentSecret::new(SECRET).unwrap();
    let timeouts = OriginTimeouts::new(2, 1, 4, Some(8)).unwrap();
    let east = LiveOrigin::new(
        "east",
        DataEndpoint::from_host("aaa.data.mediastore.us-east-1.amazonaws.com").unwrap(),
        agent.clone(),
    )
    .unwrap()
    .with_timeouts(timeouts);
    let west = LiveOrigin::new(
        "west",
        DataEndpoint::from_host("bbb.data.mediastore.us-west-2.amazonaws.com").unwrap(),
        agent,
    )
    .unwrap()
    .with_timeouts(timeouts);
    let cadence =
        hls_epoch::Cadence::from_medialive_segment_length(6, hls_epoch::FrameRate::FPS_29_97).unwrap();
    LiveDistribution::new("ref", east, west)
        .unwrap()
        .with_split_behaviors(cadence)
        .to_config()
}

#[test]
fn live_distribution_round_trips_through_the_sdk() {
    let config = live_config();
    let sdk = SdkDistributionConfig::try_from(&config).unwrap();
    assert_eq!(
        sdk.origins().unwrap().items()[0]
            .custom_headers()
            .unwrap()
            .items()[0]
            .header_value(),
        SECRET
    );
    assert_eq!(
        sdk.origin_groups().unwrap().items()[0].members().unwrap().items()[1].origin_id(),
        "west"
    );
    let back = DistributionConfig::try_from(&sdk).unwrap();
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        serde_json::to_value(&config).unwrap()
    );
    assert_eq!(
        LiveDistribution::from_config(&back).unwrap(),
        LiveDistribution::from_config(&config).unwrap()
    );
}

#[test]
fn cli_output_round_trips_through_the_sdk() {
    let text = std::fs::read_to_string("tests/fixtures/awscli-get-distribution-config-output.json").unwrap();
    let output: GetDistributionConfigOutput = serde_json::from_str(&text).unwrap();
    let back =
        DistributionConfig::try_from(&SdkDistributionConfig::try_from(&output.distribution_config).unwrap())
            .unwrap();
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        serde_json::to_value(&output.distribution_config).unwrap()
    );
}

#[test]
fn fields_it_cannot_carry_are_errors_with_paths() {
    let mut value = serde_json::to_value(live_config()).unwrap();
    value["Origins"]["Items"][1]["VpcOriginConfig"] = serde_json::json!({"VpcOriginId": "vo_1"});
    let config: DistributionConfig = serde_json::from_value(value).unwrap();
    let err = SdkDistributionConfig::try_from(&config).unwrap_err();
    assert!(
        err.path == "Origins.Items[1].VpcOriginConfig" && err.what == What::NotSent,
        "{err}"
    );

    let mut value = serde_json::to_value(live_config()).unwrap();
    value["DefaultCacheBehavior"]["FunctionAssociations"] =
        serde_json::json!({"Quantity": 1, "Items": [{"FunctionARN": "arn", "EventType": "viewer-request"}]});
    let config: DistributionConfig = serde_json::from_value(value).unwrap();
    let err = SdkDistributionConfig::try_from(&config).unwrap_err().to_string();
    assert!(
        err.starts_with("DefaultCacheBehavior.FunctionAssociations.Items"),
        "{err}"
    );
}

#[test]
fn what_get_distribution_config_adds_is_carried() {
    let mut value = serde_json::to_value(live_config()).unwrap();
    value["Origins"]["Items"][0]["OriginShield"] = serde_json::json!({"Enabled": false});
    value["Origins"]["Items"][1]["OriginShield"] =
        serde_json::json!({"Enabled": true, "OriginShieldRegion": "us-west-2"});
    value["Origins"]["Items"][0]["CustomOriginConfig"]["IpAddressType"] = serde_json::json!("ipv4");
    value["DefaultCacheBehavior"]["TrustedKeyGroups"] = serde_json::json!({"Enabled": false, "Quantity": 0});
    value["DefaultCacheBehavior"]["GrpcConfig"] = serde_json::json!({"Enabled": false});
    let config: DistributionConfig = serde_json::from_value(value.clone()).unwrap();
    let back = DistributionConfig::try_from(&SdkDistributionConfig::try_from(&config).unwrap()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), value);
    // The live view does not model them and still reads the distribution.
    assert!(LiveDistribution::from_config(&back).is_ok());
}

/// The MediaPackage v2 distribution (Origin Access Control, media-quality selection, cache-key query
/// strings) goes through the SDK's typed builders and comes back unchanged.
#[test]
fn mediapackage_distribution_round_trips_through_the_sdk() {
    use origin_failover::mediapackage::MediaPackageDistribution;

    let distribution = super::mediapackage::distribution();
    let config = distribution.to_config();
    let sdk = SdkDistributionConfig::try_from(&config).unwrap();
    assert_eq!(
        sdk.origins().unwrap().items()[0].origin_access_control_id(),
        Some("E2QWRUHAPOMQZL")
    );
    let back = DistributionConfig::try_from(&sdk).unwrap();
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        serde_json::to_value(&config).unwrap()
    );
    assert_eq!(
        MediaPackageDistribution::from_config(&back).unwrap(),
        distribution
    );
}

#[test]
fn an_origin_access_control_goes_to_the_sdk_and_an_unknown_key_is_refused() {
    use aws_sdk_cloudfront::types::{
        OriginAccessControlConfig as SdkOac, OriginAccessControlOriginTypes,
        OriginAccessControlSigningBehaviors,
    };
    use origin_failover::access_control::OriginAccessControlConfig;

    let oac = OriginAccessControlConfig::media_package_v2("live-final").unwrap();
    let sdk = SdkOac::try_from(&oac).unwrap();
    assert_eq!(sdk.name(), "live-final");
    assert_eq!(
        sdk.signing_behavior(),
        &OriginAccessControlSigningBehaviors::Always
    );
    assert_eq!(
        sdk.origin_access_control_origin_type(),
        &OriginAccessControlOriginTypes::Mediapackagev2
    );
    let mut future = oac;
    future.extra.insert("Future".to_owned(), serde_json::json!(1));
    let error = SdkOac::try_from(&future).unwrap_err();
    assert_eq!(error.path, "OriginAccessControlConfig.Future");
    assert_eq!(error.what, What::NotSent);
}
