//! Lifecycle rules: the stale-manifest constructor, every limit, and expiry timing.

use hls_epoch::{Cadence, FrameRate, Timestamp};
use mediastore_policy::lifecycle::{
    Age, ArchiveRule, DeleteRule, Factor, LifecycleAction, PathFilter, TransientRule,
    rendition_manifest_wildcard, stale_manifest_age,
};
use mediastore_policy::{LifecyclePolicy, LifecycleRule};

use crate::fixture;

fn t(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn cadence(seconds: u32, rate: FrameRate) -> Cadence {
    Cadence::from_medialive_segment_length(seconds, rate).unwrap()
}

#[test]
fn the_recipes_threshold_and_ntsc_rounding() {
    // 1.8 x 6 s = 10.8 s -> deleted at 11 s -> "> 10".
    assert_eq!(
        stale_manifest_age(cadence(6, FrameRate::FPS_30), Factor::RECIPE).unwrap(),
        Age::greater_than(10)
    );
    // 1.8 x 6.006 s = 10.8108 s -> deleted at 11 s -> "> 10" as well.
    assert_eq!(
        stale_manifest_age(cadence(6, FrameRate::FPS_29_97), Factor::RECIPE).unwrap(),
        Age::greater_than(10)
    );
    // Exactly 12 s stays 12 s: "> 11"; 2 x 6.006 s = 12.012 s rounds up to 13 s: "> 12".
    let two: Factor = "2".parse().unwrap();
    assert_eq!(
        stale_manifest_age(cadence(6, FrameRate::FPS_30), two).unwrap(),
        Age::greater_than(11)
    );
    assert_eq!(
        stale_manifest_age(cadence(6, FrameRate::FPS_29_97), two).unwrap(),
        Age::greater_than(12)
    );
    // 2-second segments: 3.6 s -> 4 s -> "> 3".
    assert_eq!(
        stale_manifest_age(cadence(2, FrameRate::FPS_50), Factor::RECIPE).unwrap(),
        Age::greater_than(3)
    );
    assert_eq!("1.8".parse::<Factor>().unwrap(), Factor::RECIPE);
    assert_eq!(Factor::RECIPE.to_string(), "1.8");
}

#[test]
fn thresholds_that_would_delete_live_manifests_or_exceed_300_s_are_refused() {
    let six = cadence(6, FrameRate::FPS_25);
    let err = stale_manifest_age(six, "1".parse().unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("threshold of 6 s") && err.contains("would delete a live manifest"),
        "{err}"
    );
    assert!(stale_manifest_age(six, "0.5".parse().unwrap()).is_err());
    // 1.01 x 6 = 6.06 -> 7 s: longer than a segment, allowed.
    assert_eq!(
        stale_manifest_age(six, "1.01".parse().unwrap()).unwrap(),
        Age::greater_than(6)
    );
    // 50 x 6 = 300 s -> "> 299"; 50.2 x 6 = 301.2 -> 302 s -> "> 301" is over the limit.
    assert_eq!(
        stale_manifest_age(six, "50".parse().unwrap()).unwrap(),
        Age::greater_than(299)
    );
    assert_eq!(
        stale_manifest_age(six, "50.1".parse().unwrap()).unwrap(),
        Age::greater_than(300)
    );
    let err = stale_manifest_age(six, "50.2".parse().unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("seconds_since_create > 301") && err.contains("at most 300"),
        "{err}"
    );
    assert!("0".parse::<Factor>().is_err());
    assert!("-1.8".parse::<Factor>().is_err());
    assert!(Factor::new(9, 0).is_err());
}

#[test]
fn wildcards_come_from_path_and_base_names() {
    assert_eq!(
        rendition_manifest_wildcard("demo", "primary").unwrap(),
        "demo/primary_*.m3u8"
    );
    assert_eq!(
        rendition_manifest_wildcard("/live/demo/", "backup").unwrap(),
        "live/demo/backup_*.m3u8"
    );
    assert_eq!(
        rendition_manifest_wildcard("", "primary").unwrap(),
        "primary_*.m3u8"
    );
    assert!(rendition_manifest_wildcard("demo", "").is_err());
    assert!(rendition_manifest_wildcard("demo", "a/b").is_err());
    assert!(rendition_manifest_wildcard("de*mo", "primary").is_err());
    let rule = TransientRule::stale_manifests(
        cadence(6, FrameRate::FPS_30),
        Factor::RECIPE,
        "demo",
        &["primary", "backup"],
    )
    .unwrap();
    assert!(rule.matches("demo/primary_720p30.m3u8"));
    assert!(rule.matches("demo/backup_1080p.m3u8"));
    // Never the masters, the static index or segments.
    for kept in [
        "demo/primary.m3u8",
        "demo/backup.m3u8",
        "demo/index.m3u8",
        "demo/primary_720p30_00001.ts",
        "other/primary_1.m3u8",
    ] {
        assert!(!rule.matches(kept), "{kept}");
    }
}

#[test]
fn greater_than_15_deletes_at_16_seconds() {
    let policy = LifecyclePolicy::new(vec![
        TransientRule::new(vec!["*.m3u8".to_owned()], Age::greater_than(15))
            .unwrap()
            .into(),
    ])
    .unwrap();
    let created = t("2026-11-24T22:00:00.250Z");
    assert_eq!(
        policy.expires_at("a.m3u8", created),
        Some(t("2026-11-24T22:00:16.250Z"))
    );
    assert!(!policy.is_expired("a.m3u8", created, t("2026-11-24T22:00:16.249999999Z")));
    assert!(policy.is_expired("a.m3u8", created, t("2026-11-24T22:00:16.250Z")));
    assert!(!policy.is_expired("a.ts", created, t("2030-01-01T00:00:00Z")));
    let at_least = LifecyclePolicy::new(vec![
        TransientRule::new(vec!["*".to_owned()], Age::at_least(15))
            .unwrap()
            .into(),
    ])
    .unwrap();
    assert_eq!(
        at_least.expires_at("a", created),
        Some(t("2026-11-24T22:00:15.250Z"))
    );
}

#[test]
fn the_earliest_matching_rule_decides_and_days_are_86400_s() {
    let policy = LifecyclePolicy::parse(&fixture("lifecycle-multiple-rules.json")).unwrap();
    let created = t("2026-04-01T00:00:00Z");
    assert_eq!(
        policy.archives_at("AwardsShow/a.ts", created),
        Some(t("2026-05-01T00:00:00Z"))
    );
    assert_eq!(policy.expires_at("AwardsShow/a.ts", created), None);
    assert_eq!(
        policy.expires_at("Football/main.m3u8", created),
        Some(t("2026-04-01T00:00:21Z"))
    );
    // "April" is a bare prefix: it matches "AprilFools/x" too; "> 10" days is due on day 11.
    assert_eq!(
        policy.expires_at("AprilFools/x.ts", created),
        Some(t("2026-04-12T00:00:00Z"))
    );
    assert_eq!(
        policy.expires_at("Program/seg.ts", created),
        Some(t("2026-04-07T00:00:00Z"))
    );
    assert_eq!(
        policy.expires_at("Program/sub/seg.ts", created),
        Some(t("2026-04-07T00:00:00Z")),
        "* crosses /"
    );
    assert_eq!(
        policy.expires_at("program/seg.ts", created),
        None,
        "paths are case-sensitive"
    );
    let kinds: Vec<_> = policy.rules().iter().map(LifecycleRule::action).collect();
    assert_eq!(
        kinds,
        [
            LifecycleAction::Archive,
            LifecycleAction::Expire,
            LifecycleAction::Expire,
            LifecycleAction::Expire
        ]
    );
    assert!(matches!(policy.rules()[1], LifecycleRule::Transient(_)));
    assert!(matches!(policy.rules()[2], LifecycleRule::Delete(_)));
}

fn parse_err(text: &str) -> String {
    LifecyclePolicy::parse(text).unwrap_err().to_string()
}

fn rule(definition: &str, action: &str) -> String {
    format!(
        r#"{{"rules":[{{"definition":{{"path":[{{"wildcard":"ok/*"}}],"days_since_create":[{{"numeric":[">",1]}}]}},"action":"EXPIRE"}},{{"definition":{definition},"action":"{action}"}}]}}"#
    )
}

#[test]
fn every_limit_is_checked_and_errors_name_rule_and_field() {
    let cases = [
        (
            rule(
                r#"{"path":[{"wildcard":"a"}],"seconds_since_create":[{"numeric":[">",0]}]}"#,
                "EXPIRE",
            ),
            "rules[1].definition.seconds_since_create[0].numeric[1]: 0 is not allowed: expected 1 to 300",
        ),
        (
            rule(
                r#"{"path":[{"wildcard":"a"}],"seconds_since_create":[{"numeric":[">=",301]}]}"#,
                "EXPIRE",
            ),
            "rules[1].definition.seconds_since_create[0].numeric[1]: 301 is not allowed: expected 1 to 300",
        ),
        (
            rule(
                r#"{"path":[{"prefix":"a"}],"seconds_since_create":[{"numeric":[">",10]}]}"#,
                "EXPIRE",
            ),
            "rules[1].definition.path: a prefix is not allowed: expected wildcards only in a transient (seconds_since_create) rule",
        ),
        (
            rule(
                r#"{"path":[{"prefix":"a"}],"days_since_create":[{"numeric":[">",36501]}]}"#,
                "EXPIRE",
            ),
            "rules[1].definition.days_since_create[0].numeric[1]: 36501 is not allowed: expected 1 to 36500",
        ),
        (
            rule(
                r#"{"path":[{"prefix":"a"},{"wildcard":"b"}],"days_since_create":[{"numeric":[">",1]}]}"#,
                "EXPIRE",
            ),
            "rules[1].definition.path: both prefix and wildcard paths is not allowed: expected only prefixes or only wildcards in one rule",
        ),
        (
            rule(
                r#"{"path":[{"prefix":"a"}],"days_since_create":[{"numeric":[">",30]}]}"#,
                "ARCHIVE",
            ),
            r#"rules[1].definition.days_since_create[0].numeric: [">", 30] is not allowed: expected [">=", 30] for ARCHIVE"#,
        ),
        (
            rule(
                r#"{"path":[{"prefix":"a"}],"seconds_since_create":[{"numeric":[">",30]}]}"#,
                "ARCHIVE",
            ),
            r#"rules[1].action: "ARCHIVE" with seconds_since_create is not allowed: expected "EXPIRE" (ARCHIVE takes days_since_create >= 30)"#,
        ),
        (
            rule(
                r#"{"path":[{"prefix":"a"}],"days_since_create":[{"numeric":[">",1]}]}"#,
                "DELETE",
            ),
            r#"rules[1].action: "DELETE" is not allowed: expected "EXPIRE" or "ARCHIVE""#,
        ),
        (
            rule(
                r#"{"path":[{"prefix":"a"}],"days_since_create":[{"numeric":["<",1]}]}"#,
                "EXPIRE",
            ),
            r#"rules[1].definition.days_since_create[0].numeric[0]: "<" is not allowed: expected ">" or ">=""#,
        ),
        (
            rule(
                r#"{"path":[{"prefix":"a"}],"days_since_create":[{"numeric":[">",1.5]}]}"#,
                "EXPIRE",
            ),
            "rules[1].definition.days_since_create[0].numeric[1]: 1.5 is not allowed: expected a whole number",
        ),
        (
            rule(r#"{"path":[{"prefix":"a"}],"days_since_create":[]}"#, "EXPIRE"),
            r#"rules[1].definition.days_since_create: 0 conditions is not allowed: expected exactly one {"numeric": [">" or ">=", n]}"#,
        ),
        (
            rule(r#"{"path":[{"prefix":"a"}]}"#, "EXPIRE"),
            "rules[1].definition: neither seconds_since_create nor days_since_create is not allowed: expected exactly one of them",
        ),
        (
            rule(
                r#"{"path":[],"days_since_create":[{"numeric":[">",1]}]}"#,
                "EXPIRE",
            ),
            r#"rules[1].definition.path: an empty list is not allowed: expected at least one {"prefix": ...} or {"wildcard": ...}"#,
        ),
        (
            rule(
                r#"{"path":[{"prefix":""}],"days_since_create":[{"numeric":[">",1]}]}"#,
                "EXPIRE",
            ),
            r#"rules[1].definition.path[0].prefix: "" is not allowed: expected a non-empty prefix"#,
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_err(&text), expected, "{text}");
    }
    let eleven_paths: Vec<String> = (0..11).map(|i| format!(r#"{{"wildcard":"p{i}/*"}}"#)).collect();
    let text = rule(
        &format!(
            r#"{{"path":[{}],"seconds_since_create":[{{"numeric":[">",10]}}]}}"#,
            eleven_paths.join(",")
        ),
        "EXPIRE",
    );
    assert_eq!(
        parse_err(&text),
        "rules[1].definition.path: 11 paths is not allowed: expected 1 to 10 wildcards in a transient rule"
    );
    let eleven_rules: Vec<LifecycleRule> = (0..11)
        .map(|i| {
            DeleteRule::new(PathFilter::Prefixes(vec![format!("p{i}/")]), Age::at_least(1))
                .unwrap()
                .into()
        })
        .collect();
    assert_eq!(
        LifecyclePolicy::new(eleven_rules).unwrap_err().to_string(),
        "rules: 11 rules is not allowed: expected at most 10 rules"
    );
}

#[test]
fn the_8192_character_limit() {
    let policy = |n: usize| {
        LifecyclePolicy::new(vec![
            TransientRule::new(vec!["a".repeat(n)], Age::greater_than(10))
                .unwrap()
                .into(),
        ])
    };
    // Everything around a one-character wildcard.
    let base = policy(1).unwrap().to_policy_string().unwrap().len() - 1;
    assert_eq!(
        policy(8192 - base).unwrap().to_policy_string().unwrap().len(),
        8192
    );
    let err = policy(8193 - base).unwrap_err().to_string();
    assert_eq!(
        err,
        "lifecycle policy has 8193 characters: at most 8192 are allowed"
    );
}

#[test]
fn constructors_validate() {
    assert!(TransientRule::new(vec![], Age::greater_than(10)).is_err());
    assert!(TransientRule::new(vec!["a".to_owned()], Age::greater_than(0)).is_err());
    assert!(DeleteRule::new(PathFilter::Wildcards(vec!["*".to_owned()]), Age::at_least(36_500)).is_ok());
    assert!(DeleteRule::new(PathFilter::Prefixes(vec![]), Age::at_least(1)).is_err());
    let archive = ArchiveRule::new(PathFilter::Prefixes(vec!["vod/".to_owned()])).unwrap();
    assert_eq!(archive.age(), Age::at_least(30));
    let policy = LifecyclePolicy::new(vec![archive.into()]).unwrap();
    assert_eq!(
        policy.to_policy_string().unwrap(),
        r#"{"rules":[{"definition":{"path":[{"prefix":"vod/"}],"days_since_create":[{"numeric":[">=",30]}]},"action":"ARCHIVE"}]}"#
    );
}
