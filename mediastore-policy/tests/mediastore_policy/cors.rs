//! CORS rules: limits, the web-player rule and first-match-wins.

use mediastore_policy::cors::{Method, WEB_PLAYER_MAX_AGE_SECONDS};
use mediastore_policy::{CorsPolicy, CorsRule};

fn err(text: &str) -> String {
    crate::with_causes(&CorsPolicy::parse(text).unwrap_err())
}

#[test]
fn web_players_get_and_head_from_any_origin() {
    let rule = CorsRule::web_players();
    assert_eq!(rule.allowed_methods, [Method::Get, Method::Head]);
    assert_eq!(rule.allowed_origins, ["*"]);
    assert_eq!(rule.max_age_seconds, Some(WEB_PLAYER_MAX_AGE_SECONDS));
    assert!(rule.allows("https://player.example.com", Method::Head));
    assert!(!rule.allows("https://player.example.com", Method::Delete));
}

#[test]
fn the_first_matching_rule_applies() {
    let policy = CorsPolicy::parse(
        r#"[{"AllowedOrigins":["https://*.example.com"],"AllowedMethods":["GET","PUT"],"AllowedHeaders":[],"MaxAgeSeconds":60},
            {"AllowedOrigins":["*"],"AllowedMethods":["GET"],"AllowedHeaders":["*"]}]"#,
    )
    .unwrap();
    assert_eq!(
        policy
            .rule_for("https://studio.example.com", Method::Get)
            .and_then(|r| r.max_age_seconds),
        Some(60)
    );
    assert_eq!(
        policy
            .rule_for("https://other.org", Method::Get)
            .and_then(|r| r.max_age_seconds),
        None
    );
    assert!(policy.rule_for("https://other.org", Method::Put).is_none());
    assert!(
        policy
            .rule_for("https://studio.example.com", Method::Put)
            .is_some()
    );
}

#[test]
fn limits_are_checked_with_the_field_path() {
    assert_eq!(
        err("[]"),
        "(root): 0 rules is not allowed: expected 1 to 100 rules"
    );
    assert_eq!(
        err(r#"[{"AllowedOrigins":[],"AllowedMethods":["GET"],"AllowedHeaders":[]}]"#),
        "[0].AllowedOrigins: 0 items is not allowed: expected 1 to 100 items"
    );
    assert_eq!(
        err(
            r#"[{"AllowedOrigins":["*"],"AllowedMethods":["GET"],"AllowedHeaders":[]},{"AllowedOrigins":["https://*.*.example.com"],"AllowedMethods":["GET"],"AllowedHeaders":[]}]"#
        ),
        r#"[1].AllowedOrigins[0]: "https://*.*.example.com" is not allowed: expected a non-empty origin with at most one '*'"#
    );
    assert_eq!(
        err(r#"[{"AllowedOrigins":["*"],"AllowedMethods":["GET","GET"],"AllowedHeaders":[]}]"#),
        "[0].AllowedMethods[1]: GET is not allowed: expected each method once"
    );
    assert_eq!(
        err(
            r#"[{"AllowedOrigins":["*"],"AllowedMethods":["GET"],"AllowedHeaders":[],"MaxAgeSeconds":2147483648}]"#
        ),
        "[0].MaxAgeSeconds: 2147483648 is not allowed: expected 0 to 2147483647"
    );
    let headers: Vec<String> = (0..101).map(|i| format!("\"x-h{i}\"")).collect();
    assert_eq!(
        err(&format!(
            r#"[{{"AllowedOrigins":["*"],"AllowedMethods":["GET"],"AllowedHeaders":[{}]}}]"#,
            headers.join(",")
        )),
        "[0].AllowedHeaders: 101 items is not allowed: expected 0 to 100 items"
    );
    // AllowedHeaders is required; an unknown method is refused by name.
    assert!(
        err(r#"[{"AllowedOrigins":["*"],"AllowedMethods":["GET"]}]"#)
            .contains("missing field `AllowedHeaders`")
    );
    assert!(
        err(r#"[{"AllowedOrigins":["*"],"AllowedMethods":["POST"],"AllowedHeaders":[]}]"#)
            .contains("unknown variant `POST`")
    );
    let rules = vec![CorsRule::web_players(); 101];
    assert_eq!(
        CorsPolicy::new(rules).unwrap_err().to_string(),
        "(root): 101 rules is not allowed: expected 1 to 100 rules"
    );
}
