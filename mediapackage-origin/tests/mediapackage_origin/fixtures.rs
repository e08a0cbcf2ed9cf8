//! Every real MediaPackage v2 document in the fixtures parses and round-trips without loss.

use mediapackage_origin::cloudformation::{Intrinsic, Template, resolve};
use mediapackage_origin::{
    ContainerType, DistributionArn, EndpointErrorCondition, EndpointPolicy, InputType, OutputLockingMode,
};
use serde_json::Value;

use crate::fixture;

const TEMPLATES: [&str; 5] = [
    "cdk-integ-endpoint-force-error-config.template.json",
    "cdk-integ-endpoint-mqcs.template.json",
    "cdk-integ-endpoint-policy-tests.template.json",
    "cdk-integ-mediapackagev2-cloudfront-origin-oac.template.json",
    "cdk-integ-origin-group-selection-criteria.template.json",
];

fn properties(text: &str, id: &str) -> Value {
    let value: Value = serde_json::from_str(text).unwrap();
    value["Resources"][id]["Properties"].clone()
}

#[test]
fn every_document_round_trips_without_loss() {
    let mut counts = [0usize; 4];
    for name in TEMPLATES {
        let text = fixture(name);
        let template = Template::parse(&text).unwrap();
        for (id, group) in template.channel_groups().unwrap() {
            assert_eq!(
                serde_json::to_value(&group).unwrap(),
                properties(&text, &id),
                "{name} {id}"
            );
            group.validate().unwrap();
            counts[0] += 1;
        }
        for (id, channel) in template.channels().unwrap() {
            assert_eq!(
                serde_json::to_value(&channel).unwrap(),
                properties(&text, &id),
                "{name} {id}"
            );
            channel.validate().unwrap();
            assert_eq!(channel.input_type, Some(InputType::Cmaf));
            assert_eq!(
                channel.effective_output_locking_mode(),
                Some(OutputLockingMode::EpochLocked)
            );
            counts[1] += 1;
        }
        for (id, endpoint) in template.origin_endpoints().unwrap() {
            assert_eq!(
                serde_json::to_value(&endpoint).unwrap(),
                properties(&text, &id),
                "{name} {id}"
            );
            endpoint.validate().unwrap();
            assert_eq!(endpoint.container_type, ContainerType::Cmaf);
            counts[2] += 1;
        }
        for (id, policy) in template.policies().unwrap() {
            assert_eq!(
                serde_json::to_value(&policy).unwrap(),
                properties(&text, &id),
                "{name} {id}"
            );
            counts[3] += 1;
        }
    }
    assert_eq!(counts, [6, 4, 5, 3], "groups, channels, endpoints, policies");
}

#[test]
fn the_cdk_force_error_and_mqcs_settings_are_read() {
    let force = Template::parse(&fixture("cdk-integ-endpoint-force-error-config.template.json")).unwrap();
    let (_, endpoint) = force.origin_endpoints().unwrap().remove(0);
    let config = endpoint.force_endpoint_error_configuration.unwrap();
    assert_eq!(
        config.endpoint_error_conditions.unwrap(),
        [
            EndpointErrorCondition::IncompleteManifest,
            EndpointErrorCondition::StaleManifest
        ]
    );
    assert_eq!(endpoint.startover_window_seconds, Some(900));
    let mqcs = Template::parse(&fixture("cdk-integ-endpoint-mqcs.template.json")).unwrap();
    let (_, channel) = mqcs.channels().unwrap().remove(0);
    assert_eq!(
        channel.input_switch_configuration.unwrap().mqcs_input_switching,
        Some(true)
    );
    assert_eq!(
        channel.output_header_configuration.unwrap().publish_mqcs,
        Some(true)
    );
}

#[test]
fn unknown_keys_and_values_are_kept() {
    let text =
        r#"{"ChannelGroupName":"g","ChannelName":"c","InputType":"SOMETHING_NEW","FutureSetting":{"A":1}}"#;
    let channel: mediapackage_origin::Channel = serde_json::from_str(text).unwrap();
    assert_eq!(
        channel.input_type,
        Some(InputType::Other("SOMETHING_NEW".to_owned()))
    );
    assert_eq!(
        serde_json::to_value(&channel).unwrap(),
        serde_json::from_str::<Value>(text).unwrap()
    );
}

/// The templates' policies hold `Fn::GetAtt`, `Ref` and `Fn::Join`: resolved, they are policies the
/// evaluator reads, and the OAC policy lets exactly its distribution HEAD and GET.
#[test]
fn template_policies_resolve_and_evaluate() {
    let endpoint_arn = "arn:aws:mediapackagev2:us-east-1:123456789012:channelGroup/integ-cf-origin-group/channel/c/originEndpoint/e";
    let template = Template::parse(&fixture(
        "cdk-integ-mediapackagev2-cloudfront-origin-oac.template.json",
    ))
    .unwrap();
    let (_, resource) = template.policies().unwrap().remove(0);
    let resolver = |intrinsic: Intrinsic<'_>| match intrinsic {
        Intrinsic::GetAtt(_, "Arn") => Some(endpoint_arn.to_owned()),
        Intrinsic::Ref("AWS::Partition") => Some("aws".to_owned()),
        Intrinsic::Ref("AWS::AccountId") => Some("123456789012".to_owned()),
        Intrinsic::Ref(_) => Some("E2QWRUHAPOMQZL".to_owned()),
        Intrinsic::GetAtt(..) => None,
    };
    let policy = EndpointPolicy::from_value(resolve(&resource.policy, &resolver).unwrap()).unwrap();
    let distribution =
        DistributionArn::new("arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL").unwrap();
    policy
        .check_cloudfront_read(endpoint_arn, &distribution, true)
        .unwrap();
    let other = DistributionArn::new("arn:aws:cloudfront::123456789012:distribution/EOTHER").unwrap();
    assert!(policy.check_cloudfront_read(endpoint_arn, &other, false).is_err());

    let unresolved = resolve(&resource.policy, &|_| None).unwrap_err();
    assert_eq!(
        unresolved.path,
        "Policy.Statement[0].Condition.StringEquals.aws:SourceArn.Fn::Join[1][1]"
    );
}

/// The CDK test's second policy allows GetObject only: with media-quality selection, the HEAD is
/// refused and the check says so.
#[test]
fn a_get_only_policy_fails_the_media_quality_check() {
    let endpoint_arn =
        "arn:aws:mediapackagev2:us-east-1:123456789012:channelGroup/g/channel/c/originEndpoint/e";
    let template = Template::parse(&fixture("cdk-integ-endpoint-policy-tests.template.json")).unwrap();
    let resolver = |intrinsic: Intrinsic<'_>| {
        matches!(intrinsic, Intrinsic::GetAtt(_, "Arn")).then(|| endpoint_arn.to_owned())
    };
    let distribution =
        DistributionArn::new("arn:aws:cloudfront::123456789012:distribution/AAAAAAAAA").unwrap();
    let policies = template.policies().unwrap();
    let get_only = policies
        .iter()
        .find(|(id, _)| id.starts_with("myNamedEndpointPolicy"))
        .unwrap();
    let policy = EndpointPolicy::from_value(resolve(&get_only.1.policy, &resolver).unwrap()).unwrap();
    policy
        .check_cloudfront_read(endpoint_arn, &distribution, false)
        .unwrap();
    let error = policy
        .check_cloudfront_read(endpoint_arn, &distribution, true)
        .unwrap_err();
    assert!(
        error.to_string().contains("mediapackagev2:GetHeadObject"),
        "{error}"
    );
}
