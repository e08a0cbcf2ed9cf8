//! Evaluation: the recipe's requests, and IAM's rules one by one.

use std::net::IpAddr;

use mediastore_policy::{
    Caller, ContainerArn, ContainerPolicy, Decision, EvalError, RecipePolicy, Request, UserAgentSecret,
};

use crate::{SECRET, fixture};

const ACCOUNT_ROLE: &str = "arn:aws:iam::000011112222:role/MediaLiveAccessRole";
const OTHER_ACCOUNT_ROLE: &str = "arn:aws:iam::999988887777:role/Intruder";

fn container() -> ContainerArn {
    "arn:aws:mediastore:us-west-2:000011112222:container/demowest"
        .parse()
        .unwrap()
}

fn recipe() -> ContainerPolicy {
    RecipePolicy::builder()
        .container(container())
        .secret(UserAgentSecret::new(SECRET).unwrap())
        .build()
        .to_policy()
}

fn decide(policy: &ContainerPolicy, request: Request<'_>) -> Decision {
    policy.evaluate(&request).unwrap()
}

#[test]
fn cloudfront_with_the_secret_over_tls_reads() {
    let policy = recipe();
    let object = container().object("demo/primary_720p30.m3u8");
    for action in ["mediastore:GetObject", "mediastore:DescribeObject"] {
        let cdn = Request::new(Caller::Anonymous, action, &object)
            .secure_transport(true)
            .user_agent(SECRET);
        assert_eq!(decide(&policy, cdn), Decision::Allow, "{action}");
    }
}

#[test]
fn the_same_without_tls_with_another_agent_or_writing_is_denied() {
    let policy = recipe();
    let object = container().object("demo/primary_720p30.m3u8");
    let cdn = Request::new(Caller::Anonymous, "mediastore:GetObject", &object)
        .secure_transport(true)
        .user_agent(SECRET);
    assert_eq!(
        decide(&policy, cdn.secure_transport(false)),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide(&policy, cdn.user_agent("Amazon CloudFront")),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide(&policy, cdn.user_agent(&SECRET[1..])),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide(
            &policy,
            Request {
                user_agent: None,
                ..cdn
            }
        ),
        Decision::ImplicitDeny
    );
    for write in [
        "mediastore:PutObject",
        "mediastore:DeleteObject",
        "mediastore:ListItems",
    ] {
        assert_eq!(
            decide(&policy, Request { action: write, ..cdn }),
            Decision::ImplicitDeny,
            "{write}"
        );
    }
    // Another container's objects are not covered.
    let other = "arn:aws:mediastore:us-west-2:000011112222:container/demoeast/demo/index.m3u8";
    assert_eq!(
        decide(
            &policy,
            Request {
                resource: other,
                ..cdn
            }
        ),
        Decision::ImplicitDeny
    );
}

#[test]
fn the_account_writes_over_tls_only() {
    let policy = recipe();
    let object = container().object("demo/primary_720p30_00001.ts");
    let medialive =
        Request::new(Caller::Aws(ACCOUNT_ROLE), "mediastore:PutObject", &object).secure_transport(true);
    assert_eq!(decide(&policy, medialive), Decision::Allow);
    assert_eq!(
        decide(&policy, medialive.secure_transport(false)),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide(
            &policy,
            Request {
                principal: Caller::Aws(OTHER_ACCOUNT_ROLE),
                ..medialive
            }
        ),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide(
            &policy,
            Request {
                principal: Caller::Anonymous,
                ..medialive
            }
        ),
        Decision::ImplicitDeny
    );
}

#[test]
fn explicit_deny_wins_over_allow() {
    let mut policy = recipe();
    let deny: mediastore_policy::Statement = serde_json::from_str(
        r#"{"Sid":"NoBlockedNetwork","Effect":"Deny","Principal":"*","Action":"mediastore:*","Resource":"*",
            "Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]}}}"#,
    )
    .unwrap();
    policy.statement.push(deny);
    let object = container().object("demo/index.m3u8");
    let cdn = Request::new(Caller::Anonymous, "mediastore:GetObject", &object)
        .secure_transport(true)
        .user_agent(SECRET);
    let blocked: IpAddr = "203.0.113.77".parse().unwrap();
    assert_eq!(decide(&policy, cdn.source_ip(blocked)), Decision::ExplicitDeny);
    assert_eq!(
        decide(&policy, cdn.source_ip("2001:db8::1".parse().unwrap())),
        Decision::ExplicitDeny
    );
    assert_eq!(
        decide(&policy, cdn.source_ip("198.51.100.1".parse().unwrap())),
        Decision::Allow
    );
    // No address: IpAddress cannot hold, so the deny does not apply.
    assert_eq!(decide(&policy, cdn), Decision::Allow);
}

#[test]
fn ip_allow_list_with_an_exception() {
    let policy = ContainerPolicy::parse(&fixture("container-policy-specific-ip.json")).unwrap();
    let resource = "arn:aws:mediastore:<region>:<owner acct number>:container/<container name>/a.ts";
    let read = Request::new(Caller::Anonymous, "mediastore:GetObject", resource);
    let at = |ip: &str| decide(&policy, read.source_ip(ip.parse().unwrap()));
    assert_eq!(at("198.51.100.7"), Decision::Allow);
    assert_eq!(at("198.51.100.188"), Decision::ImplicitDeny);
    assert_eq!(at("198.51.101.7"), Decision::ImplicitDeny);
    // Unknown address: IpAddress fails, so no access.
    assert_eq!(decide(&policy, read), Decision::ImplicitDeny);
}

#[test]
fn not_action_grants_everything_else() {
    let policy = ContainerPolicy::parse(&fixture("container-policy-cross-account-full.json")).unwrap();
    let role = "arn:aws:iam::<other acct number>:role/<role name>";
    let resource = "arn:aws:mediastore:<region>:<owner acct number>:container/<container name>/a.ts";
    let request = Request::new(Caller::Aws(role), "mediastore:GetObject", resource);
    assert_eq!(decide(&policy, request), Decision::Allow);
    assert_eq!(
        decide(
            &policy,
            Request {
                action: "mediastore:PutObject",
                ..request
            }
        ),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide(
            &policy,
            Request {
                action: "mediastore:PutObject",
                ..request
            }
            .secure_transport(true)
        ),
        Decision::Allow
    );
}

fn one_condition(condition: &str) -> ContainerPolicy {
    ContainerPolicy::parse(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"mediastore:Get*","Resource":"*","Condition":{condition}}}]}}"#
    ))
    .unwrap()
}

fn get() -> Request<'static> {
    Request::new(
        Caller::Anonymous,
        "mediastore:GetObject",
        "arn:aws:mediastore:us-west-2:000011112222:container/c/a.ts",
    )
}

#[test]
fn string_operators_and_wildcards() {
    let like = one_condition(r#"{"StringLike":{"aws:UserAgent":["Mozilla/5.0 *","cdn-?"]}}"#);
    assert_eq!(
        decide(&like, get().user_agent("Mozilla/5.0 (X11)")),
        Decision::Allow
    );
    assert_eq!(decide(&like, get().user_agent("cdn-1")), Decision::Allow);
    assert_eq!(decide(&like, get().user_agent("cdn-12")), Decision::ImplicitDeny);
    let equals = one_condition(r#"{"StringEquals":{"aws:useragent":"cdn-*"}}"#);
    assert_eq!(
        decide(&equals, get().user_agent("cdn-*")),
        Decision::Allow,
        "keys compare case-insensitively"
    );
    assert_eq!(
        decide(&equals, get().user_agent("cdn-1")),
        Decision::ImplicitDeny,
        "StringEquals has no wildcards"
    );
    let ignore_case = one_condition(r#"{"StringEqualsIgnoreCase":{"aws:UserAgent":"CDN"}}"#);
    assert_eq!(decide(&ignore_case, get().user_agent("cdn")), Decision::Allow);
    let not_like = one_condition(r#"{"StringNotLike":{"aws:UserAgent":["curl/*","Wget/*"]}}"#);
    assert_eq!(
        decide(&not_like, get().user_agent("curl/8.5.0")),
        Decision::ImplicitDeny
    );
    assert_eq!(decide(&not_like, get().user_agent("hls.js")), Decision::Allow);
    // A negated operator holds when the key is absent.
    assert_eq!(decide(&not_like, get()), Decision::Allow);
    let not_equals = one_condition(r#"{"StringNotEquals":{"aws:UserAgent":"x"}}"#);
    assert_eq!(decide(&not_equals, get()), Decision::Allow);
    assert_eq!(decide(&not_equals, get().user_agent("x")), Decision::ImplicitDeny);
}

#[test]
fn if_exists_null_and_set_qualifiers() {
    let if_exists = one_condition(r#"{"StringLikeIfExists":{"aws:UserAgent":"cdn-*"}}"#);
    assert_eq!(decide(&if_exists, get()), Decision::Allow);
    assert_eq!(
        decide(&if_exists, get().user_agent("other")),
        Decision::ImplicitDeny
    );
    let null = one_condition(r#"{"Null":{"aws:UserAgent":"true"}}"#);
    assert_eq!(decide(&null, get()), Decision::Allow);
    assert_eq!(decide(&null, get().user_agent("x")), Decision::ImplicitDeny);
    let any = one_condition(r#"{"ForAnyValue:StringEquals":{"aws:UserAgent":["a","b"]}}"#);
    assert_eq!(decide(&any, get().user_agent("b")), Decision::Allow);
    assert_eq!(decide(&any, get()), Decision::ImplicitDeny);
    let all = one_condition(r#"{"ForAllValues:StringEquals":{"aws:UserAgent":["a","b"]}}"#);
    assert_eq!(decide(&all, get().user_agent("c")), Decision::ImplicitDeny);
    assert_eq!(
        decide(&all, get()),
        Decision::Allow,
        "ForAllValues holds for an empty set"
    );
}

#[test]
fn bool_arn_and_account_conditions() {
    let json_bool = one_condition(r#"{"Bool":{"aws:SecureTransport":true}}"#);
    assert_eq!(decide(&json_bool, get().secure_transport(true)), Decision::Allow);
    assert_eq!(decide(&json_bool, get()), Decision::ImplicitDeny);
    let arn = one_condition(r#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/MediaLive*"}}"#);
    assert_eq!(
        decide(
            &arn,
            Request {
                principal: Caller::Aws(ACCOUNT_ROLE),
                ..get()
            }
        ),
        Decision::Allow
    );
    assert_eq!(
        decide(
            &arn,
            Request {
                principal: Caller::Aws(OTHER_ACCOUNT_ROLE),
                ..get()
            }
        ),
        Decision::ImplicitDeny
    );
    assert_eq!(decide(&arn, get()), Decision::ImplicitDeny);
    let account = one_condition(r#"{"StringEquals":{"aws:PrincipalAccount":"000011112222"}}"#);
    assert_eq!(
        decide(
            &account,
            Request {
                principal: Caller::Aws(ACCOUNT_ROLE),
                ..get()
            }
        ),
        Decision::Allow
    );
}

#[test]
fn source_arn_is_the_resource_a_service_acts_for() {
    let distribution = "arn:aws:cloudfront::000011112222:distribution/E2QWRUHAPOMQZL";
    let policy = one_condition(&format!(
        r#"{{"StringEquals":{{"AWS:SourceArn":"{distribution}"}}}}"#
    ));
    assert_eq!(decide(&policy, get()), Decision::ImplicitDeny);
    assert_eq!(decide(&policy, get().source_arn(distribution)), Decision::Allow);
    assert_eq!(
        decide(
            &policy,
            get().source_arn("arn:aws:cloudfront::999988887777:distribution/EOTHER")
        ),
        Decision::ImplicitDeny
    );
}

#[test]
fn what_cannot_be_evaluated_is_an_error_never_a_guess() {
    let numeric = one_condition(r#"{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}"#);
    let err = numeric.evaluate(&get()).unwrap_err();
    assert!(
        matches!(&err, EvalError::UnsupportedOperator { path, operator } if path == "Statement[0].Condition.NumericLessThan" && operator == "NumericLessThan"),
        "{err}"
    );
    assert_eq!(numeric.check_evaluable(), Err(err));
    let key = one_condition(r#"{"StringEquals":{"aws:Referer":"https://example.com"}}"#);
    assert!(matches!(
        key.evaluate(&get()),
        Err(EvalError::UnsupportedKey { .. })
    ));
    let value = one_condition(r#"{"Bool":{"aws:SecureTransport":"yes"}}"#);
    let err = value.evaluate(&get()).unwrap_err().to_string();
    assert_eq!(
        err,
        r#"Statement[0].Condition.Bool.aws:SecureTransport: value "yes" is not allowed: expected "true" or "false""#
    );
    let cidr = one_condition(r#"{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","10.0.0.0/33"]}}"#);
    assert!(
        cidr.check_evaluable()
            .unwrap_err()
            .to_string()
            .contains("aws:SourceIp[1]")
    );
    let variable = one_condition(r#"{"StringLike":{"aws:UserAgent":"${aws:username}"}}"#);
    assert!(matches!(
        variable.evaluate(&get().user_agent("x")),
        Err(EvalError::PolicyVariable { .. })
    ));
    assert!(recipe().check_evaluable().is_ok());
}

#[test]
fn an_applicable_deny_is_final_even_next_to_an_unsupported_statement() {
    let policy = ContainerPolicy::parse(
        r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}},
            {"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#,
    )
    .unwrap();
    assert_eq!(decide(&policy, get()), Decision::ExplicitDeny);
}

#[test]
fn service_principals_and_not_principal() {
    let policy = ContainerPolicy::parse(
        r#"{"Statement":[
            {"Effect":"Allow","Principal":{"Service":"medialive.amazonaws.com"},"Action":"mediastore:PutObject","Resource":"*"},
            {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::000011112222:root"},"Action":"mediastore:DeleteObject","Resource":"*"}]}"#,
    )
    .unwrap();
    let put = Request::new(
        Caller::Service("medialive.amazonaws.com"),
        "mediastore:PutObject",
        "x",
    );
    assert_eq!(decide(&policy, put), Decision::Allow);
    assert_eq!(
        decide(
            &policy,
            Request {
                principal: Caller::Service("s3.amazonaws.com"),
                ..put
            }
        ),
        Decision::ImplicitDeny
    );
    let delete = Request {
        action: "mediastore:DeleteObject",
        ..put
    };
    assert_eq!(decide(&policy, delete), Decision::ExplicitDeny);
    assert_eq!(
        decide(
            &policy,
            Request {
                principal: Caller::Aws(ACCOUNT_ROLE),
                ..delete
            }
        ),
        Decision::ImplicitDeny
    );
}
