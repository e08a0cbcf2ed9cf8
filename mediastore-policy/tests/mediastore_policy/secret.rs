//! The secret never appears in Debug, Display or log output.

use mediastore_policy::lint::FindingKind;
use mediastore_policy::{ContainerArn, ContainerPolicy, RecipePolicy, UserAgentSecret};

use crate::SECRET;

#[test]
fn debug_display_and_errors_never_show_the_secret() {
    let secret = UserAgentSecret::new(SECRET).unwrap();
    let container: ContainerArn = "arn:aws:mediastore:us-west-2:000011112222:container/demowest"
        .parse()
        .unwrap();
    let recipe = RecipePolicy::builder()
        .container(container)
        .secret(secret.clone())
        .build();
    let outputs = [
        format!("{secret}"),
        format!("{secret:?}"),
        format!("{secret:#?}"),
        format!("{recipe:?}"),
        format!("{recipe:#?}"),
        format!("{:?}", Some(&secret)),
        format!(
            "{:?}",
            std::collections::BTreeMap::from([("user_agent", secret.clone())])
        ),
    ];
    for output in &outputs {
        assert!(!output.contains(SECRET), "{output}");
        // Not even a fragment of it.
        assert!(!output.contains(&SECRET[..8]), "{output}");
    }
    assert_eq!(format!("{secret}"), "<redacted>");
    assert_eq!(format!("{secret:?}"), "UserAgentSecret(<redacted>)");
    // The document is the one place it is written.
    assert!(recipe.to_policy().to_policy_string().unwrap().contains(SECRET));
}

#[test]
fn errors_and_findings_about_a_weak_secret_never_show_it() {
    let weak = "hunter2hunter2hunter2hunter2";
    let err = UserAgentSecret::new(weak).unwrap_err();
    assert!(!err.to_string().contains("hunter"), "{err}");
    assert!(!format!("{err:?}").contains("hunter"), "{err:?}");
    let policy = ContainerPolicy::parse(&format!(
        r#"{{"Statement":[{{"Effect":"Allow","Principal":"*","Action":"mediastore:GetObject","Resource":"*",
            "Condition":{{"StringEquals":{{"aws:UserAgent":"{weak}"}},"Bool":{{"aws:SecureTransport":"true"}}}}}}]}}"#
    ))
    .unwrap();
    let container: ContainerArn = "arn:aws:mediastore:us-west-2:000011112222:container/demowest"
        .parse()
        .unwrap();
    let findings = policy.lint(&container);
    assert!(
        findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::WeakSecret { .. }))
    );
    for finding in &findings {
        assert!(!finding.to_string().contains("hunter"), "{finding}");
        assert!(!format!("{finding:?}").contains("hunter"), "{finding:?}");
    }
}

#[test]
fn a_secret_from_configuration_is_checked() {
    let from_json: Result<UserAgentSecret, _> = serde_json::from_str(&format!("\"{SECRET}\""));
    assert_eq!(from_json.unwrap().expose(), SECRET);
    let weak = serde_json::from_str::<UserAgentSecret>("\"SuperSecretAgent\"")
        .unwrap_err()
        .to_string();
    assert!(
        weak.contains("at least 24") && !weak.contains("SuperSecret"),
        "{weak}"
    );
}
