use mediastore_policy::UserAgentSecret;
use origin_failover::cloudformation;
use origin_failover::distribution::Error;
use origin_failover::document::{DistributionConfig, GetDistributionConfigOutput};
use origin_failover::{FailoverStatusCodes, LiveDistribution, LiveOrigin, OriginTimeouts};

use super::SECRET;

fn live() -> LiveDistribution {
    let agent = UserAgentSecret::new(SECRET).unwrap();
    let timeouts = OriginTimeouts::new(2, 1, 4, None).unwrap();
    let east = LiveOrigin::new(
        "east",
        "https://aaa.data.mediastore.us-east-1.amazonaws.com"
            .parse()
            .unwrap(),
        agent.clone(),
    )
    .unwrap()
    .with_origin_path("/live")
    .unwrap()
    .with_timeouts(timeouts);
    let west = LiveOrigin::new(
        "west",
        "https://bbb.data.mediastore.us-west-2.amazonaws.com"
            .parse()
            .unwrap(),
        agent,
    )
    .unwrap()
    .with_origin_path("/live")
    .unwrap()
    .with_timeouts(timeouts);
    let cadence = hls_epoch::Cadence::from_medialive_segment_length(6, hls_epoch::FrameRate::FPS_30).unwrap();
    LiveDistribution::new("demo-2026-11-24", east, west)
        .unwrap()
        .with_comment("two-Region live")
        .unwrap()
        .with_split_behaviors(cadence)
}

#[test]
fn cli_output_is_read_and_written_back_unchanged() {
    let text = std::fs::read_to_string("tests/fixtures/awscli-get-distribution-config-output.json").unwrap();
    let output: GetDistributionConfigOutput = serde_json::from_str(&text).unwrap();
    assert_eq!(output.etag.as_deref(), Some("E2QWRUHEXAMPLE"));
    let config = &output.distribution_config;
    assert_eq!(
        config.origins.as_slice()[0].domain_name,
        "amzn-s3-demo-bucket.s3.amazonaws.com"
    );
    assert_eq!(config.origin_groups.as_ref().unwrap().quantity, 0);
    let original: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&output).unwrap(), original);
    // A single S3 origin and no group: not a live distribution, and the error says where and why.
    let err = LiveDistribution::from_config(config).unwrap_err();
    assert_eq!(
        err,
        Error::Invalid {
            path: "OriginGroups.Quantity".to_owned(),
            value: "0".to_owned(),
            allowed: "exactly 1 origin group for a live distribution".to_owned()
        }
    );
}

#[test]
fn cdk_template_origin_group_is_read() {
    let text = std::fs::read_to_string("tests/fixtures/cdk-integ-origin-group.template.json").unwrap();
    let template: serde_json::Value = serde_json::from_str(&text).unwrap();
    let distributions = cloudformation::DistributionConfig::from_template(&template).unwrap();
    assert_eq!(distributions.len(), 1);
    let (id, config) = &distributions[0];
    assert_eq!(id, "Distribution830FAC52");
    assert!(
        config.origins[0].domain_name.is_object(),
        "Fn::GetAtt stays an object"
    );
    let groups = config.origin_groups().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(
        groups[0].primary,
        "cloudfrontorigingroupDistributionOrigin137659A54"
    );
    assert_eq!(
        groups[0].backup,
        "cloudfrontorigingroupDistributionOrigin2CCE5D500"
    );
    assert_eq!(
        groups[0].status_codes,
        FailoverStatusCodes::new([500, 502, 503, 504]).unwrap()
    );
    // Written back, the distribution's configuration is what CDK wrote.
    let original = &template["Resources"]["Distribution830FAC52"]["Properties"]["DistributionConfig"];
    assert_eq!(&serde_json::to_value(config).unwrap(), original);

    let mut quality = config.clone();
    quality.origin_groups.as_mut().unwrap().items.as_mut().unwrap()[0].selection_criteria =
        Some("media-quality-based".into());
    let err = quality.origin_groups().unwrap_err().to_string();
    assert!(
        err.contains("www.example.com is not a MediaPackage v2 endpoint"),
        "{err}"
    );

    let mut broken = config.clone();
    broken.default_cache_behavior.allowed_methods = Some(vec!["GET".into(), "HEAD".into(), "POST".into()]);
    let err = broken.origin_groups().unwrap_err();
    assert!(
        err.to_string().starts_with("DefaultCacheBehavior.AllowedMethods"),
        "{err}"
    );
}

#[test]
fn live_distribution_document_snapshot() {
    let config = live().to_config();
    insta::assert_json_snapshot!("live_distribution_config", config);
    let text = serde_json::to_string_pretty(&config).unwrap();
    let back: DistributionConfig = serde_json::from_str(&text).unwrap();
    assert_eq!(LiveDistribution::from_config(&back).unwrap(), live());
}

#[test]
fn the_secret_never_shows_in_debug() {
    let config = live().to_config();
    for text in [format!("{:?}", live()), format!("{config:?}")] {
        assert!(!text.contains(SECRET), "{text}");
        assert!(text.contains("<redacted>"));
    }
    // The document itself must carry it.
    assert!(serde_json::to_string(&config).unwrap().contains(SECRET));
}

#[test]
fn rules_are_enforced_with_paths() {
    let check = super::refusals(live().to_config(), LiveDistribution::from_config);
    check(
        &|c| c.origins.items.as_mut().unwrap()[0].connection_attempts = Some(4),
        "Origins.Items[0].ConnectionAttempts = 4",
    );
    check(
        &|c| {
            c.origins.items.as_mut().unwrap()[1]
                .custom_origin_config
                .as_mut()
                .unwrap()
                .origin_read_timeout = Some(0)
        },
        "Origins.Items[1].CustomOriginConfig.OriginReadTimeout = 0",
    );
    check(
        &|c| {
            c.origins.items.as_mut().unwrap()[0]
                .custom_origin_config
                .as_mut()
                .unwrap()
                .origin_protocol_policy = "match-viewer".into()
        },
        "Origins.Items[0].CustomOriginConfig.OriginProtocolPolicy = match-viewer",
    );
    check(
        &|c| {
            c.origin_groups.as_mut().unwrap().items.as_mut().unwrap()[0]
                .failover_criteria
                .status_codes = origin_failover::document::List::of(vec![404, 418])
        },
        "OriginGroups.Items[0].FailoverCriteria.StatusCodes.Items = 418",
    );
    check(
        &|c| {
            c.origin_groups.as_mut().unwrap().items.as_mut().unwrap()[0]
                .members
                .quantity = 3
        },
        "OriginGroups.Items[0].Members.Quantity = 3 but",
    );
    check(
        &|c| {
            c.origin_groups.as_mut().unwrap().items.as_mut().unwrap()[0]
                .members
                .items
                .as_mut()
                .unwrap()[1]
                .origin_id = "nowhere".into()
        },
        "OriginGroups.Items[0].Members.Items[1].OriginId = nowhere",
    );
    check(
        &|c| {
            c.origin_groups.as_mut().unwrap().items.as_mut().unwrap()[0].selection_criteria =
                Some("media-quality-based".into())
        },
        "OriginGroups.Items[0].SelectionCriteria = media-quality-based",
    );
    check(
        &|c| {
            c.cache_behaviors.as_mut().unwrap().items.as_mut().unwrap()[0]
                .allowed_methods
                .as_mut()
                .unwrap()
                .items
                .as_mut()
                .unwrap()
                .push("POST".into())
        },
        "CacheBehaviors.Items[0].AllowedMethods",
    );
    check(
        &|c| c.default_cache_behavior.viewer_protocol_policy = "allow-all".into(),
        "DefaultCacheBehavior.ViewerProtocolPolicy = allow-all",
    );
}

#[test]
fn unknown_keys_survive_a_round_trip() {
    let mut value = serde_json::to_value(live().to_config()).unwrap();
    value["Logging"] = serde_json::json!({"Enabled": true, "Bucket": "logs.s3.amazonaws.com", "Prefix": "cf/", "IncludeCookies": false});
    value["Origins"]["Items"][0]["OriginShield"] =
        serde_json::json!({"Enabled": true, "OriginShieldRegion": "us-east-1"});
    let config: DistributionConfig = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&config).unwrap(), value);
}
