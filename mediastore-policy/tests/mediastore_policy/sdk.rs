//! Conversions to and from `aws-sdk-mediastore` types.

use aws_sdk_mediastore::operation::get_container_policy::GetContainerPolicyOutput;
use aws_sdk_mediastore::operation::get_cors_policy::GetCorsPolicyOutput;
use aws_sdk_mediastore::operation::get_lifecycle_policy::GetLifecyclePolicyOutput;
use aws_sdk_mediastore::types::{CorsRule as SdkCorsRule, MethodName};
use mediastore_policy::{ContainerPolicy, CorsPolicy, LifecyclePolicy};

use crate::fixture;

#[test]
fn documents_from_get_outputs() {
    let policy = fixture("recipe-container-policy.json");
    let output = GetContainerPolicyOutput::builder()
        .policy(&policy)
        .build()
        .unwrap();
    assert_eq!(
        ContainerPolicy::from_sdk_output(&output).unwrap(),
        ContainerPolicy::parse(&policy).unwrap()
    );
    let lifecycle = fixture("lifecycle-multiple-rules.json");
    let output = GetLifecyclePolicyOutput::builder()
        .lifecycle_policy(&lifecycle)
        .build()
        .unwrap();
    assert_eq!(
        LifecyclePolicy::from_sdk_output(&output).unwrap(),
        LifecyclePolicy::parse(&lifecycle).unwrap()
    );
    let rule = SdkCorsRule::builder()
        .allowed_origins("*")
        .allowed_methods(MethodName::Get)
        .allowed_methods(MethodName::Head)
        .allowed_headers("*")
        .max_age_seconds(3000)
        .build()
        .unwrap();
    let output = GetCorsPolicyOutput::builder().cors_policy(rule).build().unwrap();
    assert_eq!(
        CorsPolicy::from_sdk_output(&output).unwrap(),
        CorsPolicy::web_players()
    );
}

#[test]
fn cors_rules_round_trip_through_the_sdk() {
    let policy = CorsPolicy::parse(&fixture("cors-read-all-domains.json")).unwrap();
    let sdk = policy.to_sdk().unwrap();
    assert_eq!(sdk[0].allowed_methods(), [MethodName::Get, MethodName::Head]);
    assert_eq!(sdk[0].max_age_seconds(), 3000);
    assert_eq!(CorsPolicy::from_sdk(&sdk).unwrap(), policy);
}

#[test]
fn what_the_sdk_cannot_carry_is_an_error() {
    let policy = CorsPolicy::parse(
        r#"[{"AllowedOrigins":["*"],"AllowedMethods":["GET"],"AllowedHeaders":[],"Future":1}]"#,
    )
    .unwrap();
    let err = policy.to_sdk().unwrap_err().to_string();
    assert!(
        err.starts_with("[0].Future: an unmodelled key is not allowed"),
        "{err}"
    );
    let unknown = SdkCorsRule::builder()
        .allowed_origins("*")
        .allowed_methods(MethodName::from("PATCH"))
        .allowed_headers("*")
        .build()
        .unwrap();
    let err = CorsPolicy::from_sdk(&[unknown]).unwrap_err().to_string();
    assert_eq!(
        err,
        r#"[0].AllowedMethods[0]: "PATCH" is not allowed: expected PUT, GET, DELETE or HEAD"#
    );
}
