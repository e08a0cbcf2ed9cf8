//! Lint findings.

use mediastore_policy::lint::FindingKind;
use mediastore_policy::{ContainerArn, ContainerPolicy, RecipePolicy, UserAgentSecret};

use crate::{SECRET, fixture};

fn container() -> ContainerArn {
    "arn:aws:mediastore:us-west-2:000011112222:container/demowest"
        .parse()
        .unwrap()
}

fn kinds(policy: &ContainerPolicy) -> Vec<FindingKind> {
    policy.lint(&container()).into_iter().map(|f| f.kind).collect()
}

#[test]
fn the_recipe_built_with_a_strong_secret_is_clean() {
    let policy = RecipePolicy::builder()
        .container(container())
        .secret(UserAgentSecret::new(SECRET).unwrap())
        .build()
        .to_policy();
    assert_eq!(kinds(&policy), []);
}

#[test]
fn the_recipes_placeholder_secret_is_weak() {
    let policy = ContainerPolicy::parse(&fixture("recipe-container-policy.json")).unwrap();
    let findings = policy.lint(&container());
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].path, "Statement[1]");
    assert!(matches!(findings[0].kind, FindingKind::WeakSecret { .. }));
    let message = findings[0].to_string();
    assert_eq!(
        message,
        "Statement[1]: weak User-Agent secret: user-agent secret has 16 characters: at least 24 are required"
    );
}

#[test]
fn public_write_all_actions_and_reads_without_tls() {
    let policy = ContainerPolicy::parse(
        r#"{"Statement":[
            {"Effect":"Allow","Principal":{"AWS":"*"},"Action":"mediastore:Put*","Resource":"arn:aws:mediastore:us-west-2:000011112222:container/demowest/*"},
            {"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:mediastore:us-west-2:000011112222:container/demowest/*",
             "Condition":{"Bool":{"aws:SecureTransport":"true"}}},
            {"Effect":"Allow","Principal":"*","Action":"mediastore:GetObject","Resource":"arn:aws:mediastore:us-west-2:000011112222:container/demowest/*"},
            {"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#,
    )
    .unwrap();
    let findings = policy.lint(&container());
    let located: Vec<_> = findings
        .iter()
        .map(|f| (f.path.as_str(), f.kind.clone()))
        .collect();
    assert_eq!(
        located,
        [
            ("Statement[0]", FindingKind::PublicWrite),
            ("Statement[1]", FindingKind::PublicWrite),
            ("Statement[1]", FindingKind::PublicAllActions),
            ("Statement[2]", FindingKind::PublicReadWithoutTls),
        ]
    );
}

#[test]
fn resources_outside_the_container() {
    let policy = ContainerPolicy::parse(&fixture("container-policy-public-read-https.json")).unwrap();
    let resource = "arn:aws:mediastore:<region>:<owner acct number>:container/<container name>/*".to_owned();
    assert_eq!(
        kinds(&policy),
        [FindingKind::ResourceOutsideContainer { resource }]
    );
    let other_region = ContainerPolicy::parse(
        r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000011112222:root"},"Action":"mediastore:*",
            "Resource":["arn:aws:mediastore:us-east-1:000011112222:container/demowest/*","arn:aws:mediastore:*:000011112222:container/demowest/*","*"]}]}"#,
    )
    .unwrap();
    let kinds = kinds(&other_region);
    assert_eq!(kinds.len(), 1);
    assert!(
        matches!(&kinds[0], FindingKind::ResourceOutsideContainer { resource } if resource.contains("us-east-1"))
    );
}

#[test]
fn wildcard_secrets_and_unevaluable_statements() {
    let policy = ContainerPolicy::parse(
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"mediastore:GetObject","Resource":"*",
            "Condition":{"StringLike":{"aws:UserAgent":"Amazon*"},"Bool":{"aws:SecureTransport":"true"},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}]}"#,
    )
    .unwrap();
    let kinds = kinds(&policy);
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert_eq!(kinds[0], FindingKind::WildcardSecret);
    assert!(
        matches!(&kinds[1], FindingKind::NotEvaluable { reason } if reason.to_string().contains("DateLessThan"))
    );
}

#[test]
fn deny_lists_of_agents_are_not_secrets() {
    let policy = ContainerPolicy::parse(
        r#"{"Statement":[
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000011112222:root"},"Action":"mediastore:GetObject",
             "Resource":"arn:aws:mediastore:us-west-2:000011112222:container/demowest/*",
             "Condition":{"StringNotLike":{"aws:UserAgent":["curl/*","Wget/*"]}}},
            {"Effect":"Deny","Principal":"*","Action":"*","Resource":"arn:aws:mediastore:us-west-2:000011112222:container/demowest/*",
             "Condition":{"StringEquals":{"aws:UserAgent":"bad-bot"}}}]}"#,
    )
    .unwrap();
    assert_eq!(kinds(&policy), []);
}
