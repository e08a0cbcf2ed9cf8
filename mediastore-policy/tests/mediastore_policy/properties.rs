//! Properties: serialise -> parse is the identity; arbitrary input never panics.

use hls_epoch::Timestamp;
use mediastore_policy::cors::Method;
use mediastore_policy::lifecycle::{Age, ArchiveRule, Comparison, DeleteRule, PathFilter, TransientRule};
use mediastore_policy::policy::{Condition, ConditionValue, Effect, PrincipalMap};
use mediastore_policy::{
    Caller, ContainerArn, ContainerPolicy, CorsPolicy, CorsRule, Decision, LifecyclePolicy, LifecycleRule,
    OneOrMany, Principal, RecipePolicy, Request, Statement, UserAgentSecret,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

use crate::SECRET;

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        "[a-zA-Z0-9:/*?_.-]{0,24}",
        any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
    .boxed()
}

fn one_or_many<T: Clone + std::fmt::Debug + 'static>(
    item: BoxedStrategy<T>,
) -> impl Strategy<Value = OneOrMany<T>> {
    prop_oneof![
        item.clone().prop_map(OneOrMany::One),
        prop::collection::vec(item, 0..4).prop_map(OneOrMany::Many)
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Keys no document type models, so they land in `extra`.
fn extra() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map("X[a-z]{1,6}", json(), 0..3).prop_map(|m| m.into_iter().collect())
}

fn condition_value() -> BoxedStrategy<ConditionValue> {
    prop_oneof![
        text().prop_map(ConditionValue::String),
        any::<bool>().prop_map(ConditionValue::Bool),
        any::<i64>().prop_map(|n| ConditionValue::Number(n.into())),
    ]
    .boxed()
}

const OPERATORS: [&str; 8] = [
    "StringLike",
    "Bool",
    "IpAddress",
    "NotIpAddress",
    "ForAnyValue:StringEquals",
    "ArnLikeIfExists",
    "NumericLessThan",
    "Null",
];

fn condition() -> impl Strategy<Value = Condition> {
    let entries = prop::collection::vec(
        ("[a-z]{1,4}:[A-Za-z]{1,10}", one_or_many(condition_value())),
        1..3,
    );
    prop::collection::vec((prop::sample::select(&OPERATORS[..]), entries), 0..4).prop_map(|clauses| {
        let mut condition = Condition::default();
        for (operator, entries) in clauses {
            if condition.clauses.iter().any(|c| c.operator == operator) {
                continue;
            }
            for (key, values) in entries {
                if condition.values(operator, &key).is_none() {
                    condition = condition.with(operator, &key, values);
                }
            }
        }
        condition
    })
}

fn principal() -> impl Strategy<Value = Principal> {
    prop_oneof![
        Just(Principal::Everyone),
        (
            prop::option::of(one_or_many(text())),
            prop::option::of(one_or_many(text())),
            extra()
        )
            .prop_map(|(aws, service, extra)| Principal::Typed(PrincipalMap {
                aws,
                service,
                extra,
                ..PrincipalMap::default()
            })),
    ]
}

fn statement() -> BoxedStrategy<Statement> {
    (
        prop::option::of(text()),
        any::<bool>(),
        prop::option::of(principal()),
        prop::option::of(one_or_many(text())),
        prop::option::of(one_or_many(text())),
        prop::option::of(one_or_many(text())),
        prop::option::of(condition()),
        extra(),
    )
        .prop_map(
            |(sid, allow, principal, action, not_action, resource, condition, extra)| Statement {
                sid,
                effect: if allow { Effect::Allow } else { Effect::Deny },
                principal,
                action,
                not_action,
                resource,
                condition,
                extra,
                ..Statement::default()
            },
        )
        .boxed()
}

fn container_policy() -> impl Strategy<Value = ContainerPolicy> {
    (
        prop::option::of(text()),
        prop::option::of(text()),
        one_or_many(statement()),
        extra(),
    )
        .prop_map(|(version, id, statement, extra)| ContainerPolicy {
            version,
            id,
            statement,
            extra,
        })
}

fn path() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9_/*.-]{1,20}"
}

fn age(range: std::ops::RangeInclusive<u32>) -> impl Strategy<Value = Age> {
    (any::<bool>(), range).prop_map(|(greater, value)| Age {
        comparison: if greater {
            Comparison::Greater
        } else {
            Comparison::GreaterOrEqual
        },
        value,
    })
}

fn lifecycle_rule() -> impl Strategy<Value = LifecycleRule> {
    let filter = prop_oneof![
        prop::collection::vec(path(), 1..4).prop_map(PathFilter::Prefixes),
        prop::collection::vec(path(), 1..4).prop_map(PathFilter::Wildcards),
    ];
    prop_oneof![
        (prop::collection::vec(path(), 1..=10), age(1..=300))
            .prop_map(|(paths, age)| TransientRule::new(paths, age).map(LifecycleRule::from)),
        (filter.clone(), age(1..=36_500))
            .prop_map(|(paths, age)| DeleteRule::new(paths, age).map(LifecycleRule::from)),
        filter.prop_map(|paths| ArchiveRule::new(paths).map(LifecycleRule::from)),
    ]
    .prop_map(|rule| rule.unwrap())
}

fn cors_rule() -> impl Strategy<Value = CorsRule> {
    let methods = prop::sample::subsequence(
        vec![Method::Put, Method::Get, Method::Delete, Method::Head],
        1..=4,
    );
    (
        prop::collection::vec(
            "(https://)?[a-z*.]{1,12}".prop_filter("one *", |o| o.matches('*').count() <= 1),
            1..4,
        ),
        methods,
        prop::collection::vec("[A-Za-z*-]{1,12}", 0..4),
        prop::option::of(0u32..=2_147_483_647),
        prop::option::of(prop::collection::vec("[A-Za-z-]{1,12}", 0..3)),
        extra(),
    )
        .prop_map(
            |(allowed_origins, allowed_methods, allowed_headers, max_age_seconds, expose_headers, extra)| {
                CorsRule {
                    allowed_origins,
                    allowed_methods,
                    allowed_headers,
                    max_age_seconds,
                    expose_headers,
                    extra,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn container_policy_round_trips(policy in container_policy()) {
        let text = serde_json::to_string(&policy).unwrap();
        prop_assert_eq!(&ContainerPolicy::parse(&text).unwrap(), &policy);
        prop_assert_eq!(ContainerPolicy::parse(&policy.to_pretty_json()).unwrap(), policy);
    }

    #[test]
    fn lifecycle_policy_round_trips(rules in prop::collection::vec(lifecycle_rule(), 0..=10)) {
        let policy = LifecyclePolicy::new(rules).unwrap();
        prop_assert_eq!(LifecyclePolicy::parse(&policy.to_policy_string().unwrap()).unwrap(), policy);
    }

    #[test]
    fn cors_policy_round_trips(rules in prop::collection::vec(cors_rule(), 1..4)) {
        let policy = CorsPolicy::new(rules).unwrap();
        prop_assert_eq!(CorsPolicy::parse(&policy.to_policy_string()).unwrap(), policy);
    }

    #[test]
    fn arbitrary_json_never_panics(value in json(), statements in prop::collection::vec(json(), 0..3)) {
        let text = value.to_string();
        let _ = ContainerPolicy::from_get_container_policy_output(&text);
        let _ = LifecyclePolicy::parse(&text);
        let _ = CorsPolicy::parse(&text);
        // Shapes close to a policy reach deeper into the parsers and, when they parse, the evaluator.
        let near = serde_json::json!({ "Version": "2012-10-17", "Statement": statements }).to_string();
        let container: ContainerArn = "arn:aws:mediastore:us-west-2:000011112222:container/c".parse().unwrap();
        for candidate in [text.as_str(), near.as_str()] {
            if let Ok(policy) = ContainerPolicy::parse(candidate) {
                let _ = policy.to_policy_string();
                let _ = policy.check_evaluable();
                let _ = policy.lint(&container);
                let request = Request::new(Caller::Aws("arn:aws:iam::000011112222:root"), "mediastore:GetObject", "x")
                    .user_agent("ua")
                    .source_ip([192, 0, 2, 1].into());
                let _ = policy.evaluate(&request);
            }
        }
        let rules = serde_json::json!({ "rules": [ { "definition": value, "action": "EXPIRE" } ] }).to_string();
        let _ = LifecyclePolicy::parse(&rules);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = ContainerPolicy::parse(&text);
        let _ = LifecyclePolicy::parse(&text);
        let _ = CorsPolicy::parse(&text);
        let _ = UserAgentSecret::new(text.clone());
        let _ = text.parse::<ContainerArn>();
        let _ = text.parse::<mediastore_policy::DataEndpoint>();
    }

    #[test]
    fn only_the_secret_reads_from_the_recipes_container(agent in "[ -~]{0,40}", secure in any::<bool>()) {
        let container: ContainerArn = "arn:aws:mediastore:us-west-2:000011112222:container/demowest".parse().unwrap();
        let secret = UserAgentSecret::new(SECRET).unwrap();
        let policy = RecipePolicy::builder().container(container.clone()).secret(secret).build().to_policy();
        let object = container.object("demo/index.m3u8");
        let read = Request::new(Caller::Anonymous, "mediastore:GetObject", &object).secure_transport(secure).user_agent(&agent);
        let expected = if secure && agent == SECRET { Decision::Allow } else { Decision::ImplicitDeny };
        prop_assert_eq!(policy.evaluate(&read).unwrap(), expected);
        prop_assert_eq!(policy.evaluate(&read.user_agent(SECRET)).unwrap().is_allowed(), secure);
    }

    #[test]
    fn transient_rules_expire_at_the_first_whole_second_past_the_threshold(
        seconds in 1u32..=300,
        greater in any::<bool>(),
        created_nanos in 0i128..4_000_000_000_000_000_000,
    ) {
        let age = if greater { Age::greater_than(seconds) } else { Age::at_least(seconds) };
        let policy = LifecyclePolicy::new(vec![TransientRule::new(vec!["*".to_owned()], age).unwrap().into()]).unwrap();
        let created = Timestamp::from_unix_nanos(created_nanos).unwrap();
        let due = i128::from(seconds + u32::from(greater)) * 1_000_000_000;
        let at = |offset: i128| created.checked_add_nanos(offset).unwrap();
        prop_assert!(!policy.is_expired("a", created, at(due - 1)));
        prop_assert!(policy.is_expired("a", created, at(due)));
    }
}
