//! The distribution for MediaPackage v2 origins, its access control and the CDK's real documents.

use hls_epoch::{Cadence, FrameRate, Seconds};
use origin_failover::FailoverStatusCodes;
use origin_failover::access_control::{OriginAccessControlConfig, OriginAccessControlId};
use origin_failover::budget::{FailoverBudget, Fault, Player, Verdict};
use origin_failover::cache_behavior::PathPattern;
use origin_failover::cloudformation;
use origin_failover::distribution::Error;
use origin_failover::document::DistributionConfig;
use origin_failover::mediapackage::{MediaPackageDistribution, MediaPackageOrigin};
use origin_failover::origin_group::SelectionCriteria;
use origin_failover::origin_kind::{EgressDomain, OriginKind};
use serde_json::{Value, json};

fn template(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("tests/fixtures/{name}")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn origin(id: &str, host: &str) -> MediaPackageOrigin {
    MediaPackageOrigin::new(
        id,
        EgressDomain::new(host).unwrap(),
        OriginAccessControlId::new("E2QWRUHAPOMQZL").unwrap(),
    )
    .unwrap()
}

/// Two MediaPackage v2 origins, one channel, selecting by media quality.
pub(super) fn distribution() -> MediaPackageDistribution {
    MediaPackageDistribution::new(
        "final-2026-11-30",
        origin(
            "us-west-2",
            "abc.egress.def.mediapackagev2.us-west-2.amazonaws.com",
        ),
        origin(
            "us-east-1",
            "ghi.egress.jkl.mediapackagev2.us-east-1.amazonaws.com",
        ),
        vec![PathPattern::new("/out/v1/live/final/*").unwrap()],
    )
    .unwrap()
    .with_selection_criteria(SelectionCriteria::MediaQualityBased)
    .unwrap()
}

#[test]
fn the_document_has_oac_https_origins_the_codes_and_a_behaviour_per_channel() {
    let config = serde_json::to_value(distribution().to_config()).unwrap();
    for origin in config["Origins"]["Items"].as_array().unwrap() {
        assert_eq!(origin["OriginAccessControlId"], json!("E2QWRUHAPOMQZL"));
        assert_eq!(
            origin["CustomOriginConfig"]["OriginProtocolPolicy"],
            json!("https-only")
        );
        assert!(
            origin["DomainName"]
                .as_str()
                .unwrap()
                .contains(".mediapackagev2.")
        );
    }
    let group = &config["OriginGroups"]["Items"][0];
    assert_eq!(
        group["FailoverCriteria"]["StatusCodes"]["Items"],
        json!([404, 500, 502, 503, 504])
    );
    assert_eq!(group["SelectionCriteria"], json!("media-quality-based"));
    let behaviours = config["CacheBehaviors"]["Items"].as_array().unwrap();
    assert_eq!(behaviours.len(), 1);
    assert_eq!(behaviours[0]["PathPattern"], json!("/out/v1/live/final/*"));
    assert_eq!(behaviours[0]["MinTTL"], json!(0));
    assert_eq!(
        behaviours[0]["ForwardedValues"]["QueryStringCacheKeys"]["Items"],
        json!([
            "aws.manifestfilter",
            "aws.manifestsettings",
            "_HLS_msn",
            "_HLS_part"
        ])
    );
    let errors = config["CustomErrorResponses"]["Items"].as_array().unwrap();
    assert!(errors.contains(&json!({"ErrorCode": 404, "ErrorCachingMinTTL": 1})));
    // Written and read back, nothing changes.
    let back: DistributionConfig = serde_json::from_value(config).unwrap();
    assert_eq!(
        MediaPackageDistribution::from_config(&back).unwrap(),
        distribution()
    );
}

#[test]
fn failover_on_404_alone_is_refused_and_the_budget_says_why() {
    let only_404 = FailoverStatusCodes::new([404]).unwrap();
    let error = distribution()
        .with_failover_status_codes(only_404.clone())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("without 503 a connection CloudFront cannot make does not fail over"),
        "{error}"
    );
    let without_504 = FailoverStatusCodes::new([404, 503]).unwrap();
    let error = distribution()
        .with_failover_status_codes(without_504)
        .unwrap_err()
        .to_string();
    assert!(error.contains("without 504"), "{error}");
    let with_403 = FailoverStatusCodes::new([403, 404, 503, 504]).unwrap();
    let error = distribution()
        .with_failover_status_codes(with_403)
        .unwrap_err()
        .to_string();
    assert!(error.contains("no 403"), "{error}");

    // The same group as a budget: a Region that is down never fails over.
    let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30).unwrap();
    let d = distribution();
    let policy = origin_failover::origin_group::OriginGroupPolicy::new(
        only_404,
        d.primary().timeouts(),
        d.backup().timeouts(),
    );
    let budget = FailoverBudget::new(&policy, cadence, Player::live_edge(cadence));
    assert_eq!(budget.worst().fault, Fault::Down);
    assert_eq!(budget.verdict(), Verdict::NoFailover { viewer_status: 504 });
}

#[test]
fn read_back_rules_name_the_path() {
    let config = distribution().to_config();
    let check = super::refusals(config.clone(), MediaPackageDistribution::from_config);
    check(
        &|c| {
            c.origins.items.as_mut().unwrap()[1]
                .extra
                .remove("OriginAccessControlId");
        },
        "Origins.Items[1].OriginAccessControlId is missing",
    );
    check(
        &|c| {
            c.origins.items.as_mut().unwrap()[0]
                .custom_origin_config
                .as_mut()
                .unwrap()
                .origin_protocol_policy = "match-viewer".to_owned();
        },
        "Origins.Items[0].CustomOriginConfig.OriginProtocolPolicy = match-viewer",
    );
    // Media-quality selection with a member that is not MediaPackage v2.
    check(
        &|c| {
            c.origins.items.as_mut().unwrap()[1].domain_name =
                "bbb.data.mediastore.us-east-1.amazonaws.com".to_owned()
        },
        "OriginGroups.Items[0].SelectionCriteria = media-quality-based is not allowed: \"default\": \
         bbb.data.mediastore.us-east-1.amazonaws.com is not a MediaPackage v2 endpoint (a MediaStore container)",
    );
    check(&|c| c.cache_behaviors = None, "CacheBehaviors.Items is missing");
    check(
        &|c| c.cache_behaviors.as_mut().unwrap().items.as_mut().unwrap()[0].min_ttl = Some(60),
        "CacheBehaviors.Items[0].MinTTL = 60",
    );
    // CloudFront's default error caching is read as such.
    let mut default_caching = config.clone();
    default_caching.extra.remove("CustomErrorResponses");
    assert_eq!(
        MediaPackageDistribution::from_config(&default_caching)
            .unwrap()
            .error_caching_min_ttl(),
        10
    );
}

#[test]
fn the_failover_budget_counts_mediapackage_stale_detection() {
    let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30).unwrap();
    let timeouts = origin_failover::OriginTimeouts::new(2, 1, 2, None).unwrap();
    let d = MediaPackageDistribution::new(
        "final",
        origin("a", "abc.egress.def.mediapackagev2.us-west-2.amazonaws.com").with_timeouts(timeouts),
        origin("b", "ghi.egress.jkl.mediapackagev2.us-east-1.amazonaws.com").with_timeouts(timeouts),
        vec![PathPattern::new("/out/v1/live/final/*").unwrap()],
    )
    .unwrap();
    let budget = FailoverBudget::new(&d.origin_group_policy(), cadence, Player::live_edge(cadence))
        .with_stale_manifest(Seconds::whole(12), Seconds::whole(3));
    assert!(budget.is_seamless(), "{budget}");
    assert_eq!(budget.faults().len(), 4);
}

#[test]
fn cdk_selection_criteria_template_round_trips_and_is_media_quality() {
    let template = template("cdk-integ-origin-group-selection-criteria.template.json");
    let distributions = cloudformation::DistributionConfig::from_template(&template).unwrap();
    let (id, config) = &distributions[0];
    let original = &template["Resources"][id]["Properties"]["DistributionConfig"];
    assert_eq!(&serde_json::to_value(config).unwrap(), original);
    let groups = config.origin_groups().unwrap();
    assert_eq!(groups[0].selection_criteria, SelectionCriteria::MediaQualityBased);
    // The CDK's group fails over on 404 alone: connection errors and timeouts would reach viewers.
    assert_eq!(groups[0].status_codes, FailoverStatusCodes::new([404]).unwrap());
    let err = distribution()
        .with_failover_status_codes(groups[0].status_codes.clone())
        .unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err}");
    // A member that is not a channel group's egress domain is refused, naming it.
    let mut custom = config.clone();
    custom.origins[1].domain_name = json!("www.example.com");
    let err = custom.origin_groups().unwrap_err().to_string();
    assert!(
        err.contains("www.example.com is not a MediaPackage v2 endpoint"),
        "{err}"
    );
    let mut unknown = config.clone();
    unknown.origins[0].domain_name = json!({"Ref": "OriginDomain"});
    let err = unknown.origin_groups().unwrap_err().to_string();
    assert!(
        err.contains("cannot be shown to be a MediaPackage v2 endpoint"),
        "{err}"
    );
}

#[test]
fn cdk_origin_access_control_template_round_trips() {
    let template = template("cdk-integ-mediapackagev2-cloudfront-origin-oac.template.json");
    let controls = OriginAccessControlConfig::from_template(&template).unwrap();
    assert_eq!(controls.len(), 1);
    let (id, oac) = &controls[0];
    assert_eq!(
        &serde_json::to_value(oac).unwrap(),
        &template["Resources"][id]["Properties"]["OriginAccessControlConfig"]
    );
    oac.check_for(OriginKind::MediaPackageV2).unwrap();
    let distributions = cloudformation::DistributionConfig::from_template(&template).unwrap();
    let (id, config) = &distributions[0];
    assert_eq!(
        &serde_json::to_value(config).unwrap(),
        &template["Resources"][id]["Properties"]["DistributionConfig"]
    );
    assert_eq!(
        OriginKind::of_cloudformation(&config.origins[0].domain_name),
        Some(OriginKind::MediaPackageV2)
    );
    assert!(config.origins[0].extra.contains_key("OriginAccessControlId"));
}
