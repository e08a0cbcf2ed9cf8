//! The recipe's two documents, generated from typed inputs.

use hls_epoch::{Cadence, FrameRate};
use mediastore_policy::lifecycle::Factor;
use mediastore_policy::{
    ContainerArn, ContainerPolicy, CorsPolicy, LifecyclePolicy, RecipePolicy, UserAgentSecret,
};
use serde_json::Value;

use crate::{SECRET, fixture, with_snapshots};

fn recipe_container() -> ContainerArn {
    "arn:aws:mediastore:us-west-2:000011112222:container/demowest"
        .parse()
        .unwrap()
}

fn recipe_policy(read_sid: &str) -> ContainerPolicy {
    RecipePolicy::builder()
        .container(recipe_container())
        .secret(UserAgentSecret::new(SECRET).unwrap())
        .read_sid(read_sid)
        .build()
        .to_policy()
}

#[test]
fn container_policy_is_the_recipes_with_a_strong_secret() {
    // The recipe's placeholder secret is too weak for `UserAgentSecret`, so the expected document is the
    // recipe's with the secret replaced; everything else, key order included, must be identical.
    let expected = fixture("recipe-container-policy.json").replace("SuperSecretAgent", SECRET);
    let policy = recipe_policy("PublicReadOverHttpOrHttps");
    assert_eq!(
        serde_json::from_str::<Value>(&policy.to_policy_string().unwrap()).unwrap(),
        serde_json::from_str::<Value>(&expected).unwrap()
    );
    assert_eq!(policy.to_pretty_json(), expected.trim_end());
}

#[test]
fn lifecycle_policy_is_the_recipes() {
    let expected = fixture("recipe-lifecycle-policy.json");
    for rate in [
        FrameRate::FPS_30,
        FrameRate::FPS_25,
        FrameRate::FPS_29_97,
        FrameRate::FPS_59_94,
    ] {
        let cadence = Cadence::from_medialive_segment_length(6, rate).unwrap();
        let policy =
            LifecyclePolicy::stale_manifests(cadence, Factor::RECIPE, "demo", &["primary", "backup"])
                .unwrap();
        assert_eq!(policy.to_pretty_json(), expected.trim_end(), "{rate}");
    }
}

#[test]
fn snapshots_of_the_generated_documents() {
    let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_29_97).unwrap();
    with_snapshots(|| {
        insta::assert_snapshot!(
            "recipe_container_policy",
            recipe_policy("ReadWithSecretUserAgentOverHttps").to_pretty_json()
        );
        insta::assert_snapshot!(
            "recipe_lifecycle_policy",
            LifecyclePolicy::stale_manifests(cadence, Factor::RECIPE, "demo", &["primary", "backup"])
                .unwrap()
                .to_policy_string()
                .unwrap()
        );
        insta::assert_snapshot!(
            "web_player_cors_policy",
            CorsPolicy::web_players().to_pretty_json()
        );
    });
}

#[test]
fn default_builder_names_the_read_statement_for_what_it_does() {
    let policy = RecipePolicy::builder()
        .container(recipe_container())
        .secret(UserAgentSecret::new(SECRET).unwrap())
        .build()
        .to_policy();
    let sids: Vec<_> = policy.statements().map(|s| s.sid.clone().unwrap()).collect();
    assert_eq!(sids, ["MediaStoreFullAccess", "ReadWithSecretUserAgentOverHttps"]);
    let role = RecipePolicy::builder()
        .container(recipe_container())
        .secret(UserAgentSecret::new(SECRET).unwrap())
        .full_access_principal("arn:aws:iam::000011112222:role/MediaLiveAccessRole")
        .build()
        .to_policy();
    assert!(
        role.to_policy_string()
            .unwrap()
            .contains(r#""Principal":{"AWS":"arn:aws:iam::000011112222:role/MediaLiveAccessRole"}"#)
    );
}
