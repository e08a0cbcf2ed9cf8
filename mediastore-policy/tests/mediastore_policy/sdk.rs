//! Conversions to and from `aws-sdk-mediastore` types.

use aws_sdk_mediastore::operation::get_container_policy::GetContainerPolicyOutput;
use aws_sdk_mediastore::operation::get_cors_policy::GetCorsPolicyOutput;
use aws_sdk_mediastore::operation::get_lifecycle_policy::GetLifecyclePolicyOutput;
use aws_sdk_mediastore::types::{CorsRule as SdkCorsRule, MethodName};
use mediastore_policy::sdk::What;
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
        ContainerPolicy::try_from(&output).unwrap(),
        ContainerPolicy::parse(&policy).unwrap()
    );
    let lifecycle = fixture("lifecycle-multiple-rules.json");
    let output = GetLifecyclePolicyOutput::builder()
        .lifecycle_policy(&lifecycle)
        .build()
        .unwrap();
    assert_eq!(
        LifecyclePolicy::try_from(&output).unwrap(),
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
    assert_eq!(CorsPolicy::try_from(&output).unwrap(), CorsPolicy::web_players());
}

#[test]
fn a_get_output_this_crate_refuses_names_the_field_and_keeps_the_cause() {
    let output = GetLifecyclePolicyOutput::builder()
        .lifecycle_policy("{")
        .build()
        .unwrap();
    let err = LifecyclePolicy::try_from(&output).unwrap_err();
    assert_eq!(err.path, "LifecyclePolicy");
    assert_eq!(
        err.what,
        What::Refused {
            by: "this crate's rules"
        }
    );
    assert_eq!(
        std::error::Error::source(&err)
            .map(ToString::to_string)
            .as_deref(),
        Some("lifecycle policy is not a valid document")
    );
}

#[test]
fn cors_rules_round_trip_through_the_sdk() {
    let policy = CorsPolicy::parse(&fixture("cors-read-all-domains.json")).unwrap();
    let sdk = Vec::<SdkCorsRule>::try_from(&policy).unwrap();
    assert_eq!(sdk[0].allowed_methods(), [MethodName::Get, MethodName::Head]);
    assert_eq!(sdk[0].max_age_seconds(), 3000);
    assert_eq!(CorsPolicy::try_from(sdk.as_slice()).unwrap(), policy);
}

#[test]
fn what_the_sdk_cannot_carry_is_an_error() {
    let policy = CorsPolicy::parse(
        r#"[{"AllowedOrigins":["*"],"AllowedMethods":["GET"],"AllowedHeaders":[],"Future":1}]"#,
    )
    .unwrap();
    let err = Vec::<SdkCorsRule>::try_from(&policy).unwrap_err();
    assert_eq!((err.path.as_str(), &err.what), ("[0].Future", &What::NotSent));
    let unknown = SdkCorsRule::builder()
        .allowed_origins("*")
        .allowed_methods(MethodName::from("PATCH"))
        .allowed_headers("*")
        .build()
        .unwrap();
    let err = CorsPolicy::try_from([unknown.clone()].as_slice())
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        r#"[0].AllowedMethods[0] is "PATCH", which is not allowed: expected PUT, GET, DELETE or HEAD"#
    );
    let output = GetCorsPolicyOutput::builder()
        .cors_policy(unknown)
        .build()
        .unwrap();
    assert_eq!(
        CorsPolicy::try_from(&output).unwrap_err().path,
        "CorsPolicy[0].AllowedMethods[0]"
    );
}
