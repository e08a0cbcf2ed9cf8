//! Every real-world document parses and round-trips without loss.

use mediastore_policy::policy::{ConditionValue, Effect};
use mediastore_policy::{ContainerPolicy, CorsPolicy, LifecyclePolicy, OneOrMany, Principal};
use serde_json::Value;

use crate::fixture;

const CONTAINER_POLICIES: [&str; 5] = [
    "container-policy-cross-account-full.json",
    "container-policy-default.json",
    "container-policy-public-read-https.json",
    "container-policy-specific-ip.json",
    "recipe-container-policy.json",
];
const LIFECYCLE_POLICIES: [&str; 4] = [
    "lifecycle-empty-container.json",
    "lifecycle-expire-seconds.json",
    "lifecycle-multiple-rules.json",
    "recipe-lifecycle-policy.json",
];

fn value(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn container_policies_round_trip_without_loss() {
    for name in CONTAINER_POLICIES {
        let text = fixture(name);
        let policy = ContainerPolicy::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // JSON value equality: every key, every value and every string-or-list form is kept.
        assert_eq!(value(&policy.to_policy_string().unwrap()), value(&text), "{name}");
        assert_eq!(
            ContainerPolicy::parse(&policy.to_pretty_json()).unwrap(),
            policy,
            "{name}"
        );
    }
}

#[test]
fn string_or_list_forms_are_kept() {
    let cross = ContainerPolicy::parse(&fixture("container-policy-cross-account-full.json")).unwrap();
    let statements: Vec<_> = cross.statements().collect();
    assert_eq!(
        statements[0].action,
        Some(OneOrMany::One("mediastore:PutObject".to_owned()))
    );
    assert_eq!(
        statements[1].not_action,
        Some(OneOrMany::One("mediastore:PutObject".to_owned()))
    );
    let default = ContainerPolicy::parse(&fixture("container-policy-default.json")).unwrap();
    let first = default.statements().next().unwrap();
    assert_eq!(
        first.action,
        Some(OneOrMany::Many(vec!["mediastore:*".to_owned()]))
    );
    assert!(matches!(first.principal, Some(Principal::Typed(_))));
    let ip = ContainerPolicy::parse(&fixture("container-policy-specific-ip.json")).unwrap();
    let condition = ip.statements().next().unwrap().condition.as_ref().unwrap();
    assert_eq!(
        condition.values("IpAddress", "aws:SourceIp"),
        Some(&OneOrMany::Many(vec![ConditionValue::String(
            "198.51.100.0/24".to_owned()
        )]))
    );
    assert_eq!(
        condition.values("NotIpAddress", "aws:SourceIp"),
        Some(&OneOrMany::One(ConditionValue::String(
            "198.51.100.188/32".to_owned()
        )))
    );
}

#[test]
fn unknown_keys_are_kept_at_every_level() {
    let text = r#"{"Version":"2012-10-17","Id":"p1","Future":{"a":1},"Statement":{"Sid":"s","Effect":"Deny",
        "Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:root"],"Partner":"x"},
        "NotAction":"mediastore:GetObject","NotResource":["a","b"],"Extra":[1,2],
        "Condition":{"NumericLessThan":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":false}}}}"#;
    let policy = ContainerPolicy::parse(text).unwrap();
    assert_eq!(policy.extra.get("Future"), Some(&serde_json::json!({"a": 1})));
    let statement = policy.statements().next().unwrap();
    assert_eq!(statement.effect, Effect::Deny);
    assert_eq!(statement.extra.get("Extra"), Some(&serde_json::json!([1, 2])));
    let Some(Principal::Typed(principal)) = &statement.principal else {
        panic!("typed principal")
    };
    assert_eq!(principal.extra.get("Partner"), Some(&serde_json::json!("x")));
    assert_eq!(value(&policy.to_policy_string().unwrap()), value(text));
}

#[test]
fn get_container_policy_output_is_read() {
    let document = fixture("recipe-container-policy.json");
    let output = serde_json::json!({ "Policy": document }).to_string();
    let from_output = ContainerPolicy::from_get_container_policy_output(&output).unwrap();
    assert_eq!(from_output, ContainerPolicy::parse(&document).unwrap());
    // The document as an object, as the CLI documentation prints it, reads the same.
    let as_object = format!(r#"{{"Policy": {document}}}"#);
    let from_object = ContainerPolicy::from_get_container_policy_output(&as_object).unwrap();
    assert_eq!(from_object, from_output);
    let err = ContainerPolicy::from_get_container_policy_output(r#"{"Document": "{}"}"#);
    assert!(err.unwrap_err().to_string().contains("no \"Policy\""));
}

#[test]
fn malformed_container_policies_name_what_is_wrong() {
    let err =
        crate::with_causes(&ContainerPolicy::parse(r#"{"Statement":[{"Effect":"Maybe"}]}"#).unwrap_err());
    assert!(err.contains("Maybe"), "{err}");
    let missing =
        ContainerPolicy::parse(r#"{"Statement":[{"Effect":"Allow","Principal":"*","Resource":"*"}]}"#)
            .unwrap();
    let err = missing.to_policy_string().unwrap_err().to_string();
    assert!(err.starts_with("Statement[0]: missing Action"), "{err}");
    let both =
        r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"a","NotAction":"b","Resource":"*"}}"#;
    let err = ContainerPolicy::parse(both)
        .unwrap()
        .validate()
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("Statement: both Action and NotAction"), "{err}");
}

#[test]
fn policy_length_limit_is_8192_characters() {
    let statement = |n: usize| {
        format!(
            r#"{{"Effect":"Allow","Principal":"*","Action":"mediastore:GetObject","Resource":"{}"}}"#,
            "r".repeat(n)
        )
    };
    // {"Version":"2012-10-17","Statement":[ ... ]} adds 39 characters around the statement.
    let base = format!(r#"{{"Version":"2012-10-17","Statement":[{}]}}"#, statement(0)).len();
    let fits = ContainerPolicy::parse(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statement(8192 - base)
    ))
    .unwrap();
    assert_eq!(fits.to_policy_string().unwrap().len(), 8192);
    let over = ContainerPolicy::parse(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statement(8193 - base)
    ))
    .unwrap();
    assert_eq!(
        over.to_policy_string().unwrap_err().to_string(),
        "container policy has 8193 characters: 1 to 8192 are allowed"
    );
}

#[test]
fn lifecycle_policies_round_trip_without_loss() {
    for name in LIFECYCLE_POLICIES {
        let text = fixture(name);
        let policy = LifecyclePolicy::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(value(&policy.to_policy_string().unwrap()), value(&text), "{name}");
        assert_eq!(
            LifecyclePolicy::parse(&policy.to_pretty_json()).unwrap(),
            policy,
            "{name}"
        );
    }
}

#[test]
fn lifecycle_unknown_keys_are_kept() {
    let text = r#"{"rules":[{"definition":{"path":[{"prefix":"a/"}],"days_since_create":[{"numeric":[">",1]}],"storage":"x"},
        "action":"EXPIRE","id":"r1"}],"comment":"kept"}"#;
    let policy = LifecyclePolicy::parse(text).unwrap();
    assert_eq!(value(&policy.to_policy_string().unwrap()), value(text));
}

#[test]
fn cors_policy_round_trips_without_loss() {
    let text = fixture("cors-read-all-domains.json");
    let policy = CorsPolicy::parse(&text).unwrap();
    assert_eq!(value(&policy.to_policy_string()), value(&text));
    assert_eq!(policy, CorsPolicy::web_players());
}
