//! The plan directory: snapshots of every file, owner-only permissions for the files holding the
//! secret, `${...}` references for values that exist only after apply, no secret in the summary,
//! and a plan made and written without the secret.

use ::resilient_live::Plan;
use ::resilient_live::plan::{DistributionInputs, PlanFile};
use mediastore_policy::UserAgentSecret;

use crate::{TEST_SECRET, example_config, package_config, test_secret};

/// Writes `plan` (with `secret` where it holds one) to a fresh directory and checks it against the
/// snapshots named with `suffix`: the list of files, each file as written, and the summary. Returns
/// the files written.
fn assert_plan_directory_matches_snapshots(
    plan: &Plan,
    secret: Option<&UserAgentSecret>,
    suffix: Option<&str>,
) -> Vec<PlanFile> {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    if let Some(suffix) = suffix {
        settings.set_snapshot_suffix(suffix);
    }
    let _bound = settings.bind_to_scope();
    let dir = tempfile::tempdir().unwrap();
    let files = plan.write(dir.path(), secret).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    insta::assert_debug_snapshot!("plan_files", names);
    for file in &files {
        let written = std::fs::read_to_string(dir.path().join(&file.path)).unwrap();
        assert_eq!(written, file.contents);
        insta::assert_snapshot!(file.path.replace(['/', '.'], "_"), written);
    }
    insta::assert_snapshot!(
        "summary",
        std::fs::read_to_string(dir.path().join("summary.txt")).unwrap()
    );
    files
}

#[test]
fn the_plan_directory_matches_its_snapshots() {
    let plan = Plan::new(&example_config()).unwrap();
    assert_plan_directory_matches_snapshots(&plan, Some(&test_secret()), None);
}

#[test]
fn plans_are_deterministic() {
    let files = || {
        let plan = Plan::new(&example_config()).unwrap();
        let mut files = plan.files().unwrap();
        files.extend(plan.secret_files(&test_secret()).unwrap());
        files
    };
    assert_eq!(files(), files());
}

#[test]
fn only_the_owner_may_read_files_that_hold_the_secret() {
    use std::os::unix::fs::PermissionsExt;
    let plan = Plan::new(&example_config()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = plan.write(dir.path(), Some(&test_secret())).unwrap();
    for file in &files {
        let mode = std::fs::metadata(dir.path().join(&file.path))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        let holds = file.contents.contains(TEST_SECRET);
        assert_eq!(holds, file.holds_secret, "{}", file.path);
        assert_eq!(mode, if holds { 0o600 } else { 0o644 }, "{}", file.path);
    }
    assert!(files.iter().any(|f| f.holds_secret));
}

#[test]
fn values_known_only_after_apply_are_references() {
    let plan = Plan::new(&example_config()).unwrap();
    let mut files = plan.files().unwrap();
    files.extend(plan.secret_files(&test_secret()).unwrap());
    let text = |path: &str| files.iter().find(|f| f.path == path).unwrap().contents.clone();
    let channel = text("backup-us-west-2/create-channel.json");
    assert!(
        channel.contains("mediastoressl://${backup.container.endpoint_host}/live/primary"),
        "{channel}"
    );
    assert!(
        channel.contains("\"InputId\": \"${backup.input.id}\""),
        "{channel}"
    );
    let input = text("primary-us-east-1/create-input.json");
    assert!(
        input.contains("${primary.flow_a.arn}") && input.contains("${primary.flow_b.arn}"),
        "{input}"
    );
    let distribution = text("create-distribution-with-tags.json");
    assert!(
        distribution.contains("${primary.container.endpoint_host}"),
        "{distribution}"
    );
    assert!(
        distribution.contains("${backup.container.endpoint_host}"),
        "{distribution}"
    );
    for file in &files {
        assert!(
            !file.contents.contains(".invalid"),
            "{} keeps a stand-in",
            file.path
        );
    }
}

#[test]
fn the_summary_never_shows_the_secret() {
    let plan = Plan::new(&example_config()).unwrap();
    let summary = plan.to_string();
    assert!(
        summary.contains("primary.channel.create  <- primary.input.create, primary.container.wait-active"),
        "{summary}"
    );
    assert!(!summary.contains(TEST_SECRET));
    assert!(!format!("{plan:?}").contains(TEST_SECRET));
    let files = plan.secret_files(&test_secret()).unwrap();
    assert!(!format!("{files:?}").contains(TEST_SECRET));
}

#[test]
fn without_the_secret_every_file_but_those_holding_it_is_written() {
    let plan = Plan::new(&example_config()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let written = plan.write(dir.path(), None).unwrap();
    let skipped = plan.secret_file_paths();
    assert_eq!(
        skipped,
        [
            "backup-us-west-2/put-container-policy.json",
            "create-distribution-with-tags.json",
            "primary-us-east-1/put-container-policy.json",
        ]
    );
    assert!(written.iter().all(|file| !file.holds_secret));
    for path in &skipped {
        assert!(!dir.path().join(path).exists(), "{path}");
    }
    // Together, the two sets are exactly what a plan with the secret writes, identical file by file.
    let with_secret = tempfile::tempdir().unwrap();
    let all = plan.write(with_secret.path(), Some(&test_secret())).unwrap();
    let mut paths: Vec<&str> = written.iter().map(|f| f.path.as_str()).collect();
    paths.extend(skipped.iter().map(String::as_str));
    paths.sort_unstable();
    assert_eq!(paths, all.iter().map(|f| f.path.as_str()).collect::<Vec<_>>());
    for file in &written {
        assert!(all.contains(file), "{}", file.path);
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("summary.txt")).unwrap(),
        std::fs::read_to_string(with_secret.path().join("summary.txt")).unwrap()
    );
}

#[test]
fn the_as_run_check_passes_utc_timecode_and_names_what_fails() {
    let plan = Plan::new(&example_config()).unwrap();
    let near = r#"{"timestamp": "2026-11-24T21:59:00.000000", "as_run_type": "initial_timecode", "timecode": "21:58:55:00"}"#;
    let other = r#"{"timestamp": "2026-11-24T21:59:01.000000", "as_run_type": "input_switch"}"#;
    let good = ::resilient_live::verify::check_as_run(&plan, &format!("{near}\n\n{other}\n"));
    assert!(good.passed(), "{good:?}");
    assert_eq!(good.timecodes.len(), 1);
    assert!(good.timecodes[0].starts_with("line 1: "), "{good:?}");
    assert!(good.timecodes[0].contains("usable for epoch locking"), "{good:?}");

    let far = r#"{"timestamp": "2026-11-24T21:59:00.000000", "as_run_type": "initial_timecode", "timecode": "01:00:00:00"}"#;
    let bad = ::resilient_live::verify::check_as_run(&plan, &format!("{near}\n{far}\nnot json\n"));
    assert!(!bad.passed());
    assert_eq!(bad.unusable, 1, "{bad:?}");
    assert!(bad.timecodes[1].contains("NOT usable"), "{bad:?}");
    assert_eq!(bad.unreadable.len(), 1, "{bad:?}");
    assert!(bad.unreadable[0].starts_with("line 3: "), "{bad:?}");

    // A log without any timecode cannot show that epoch locking works.
    assert!(!::resilient_live::verify::check_as_run(&plan, other).passed());
}

fn example_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/event-mediastore.toml"
    ))
    .unwrap()
}

/// The example config with CloudFront's own default timeouts: 10 s x 3 connection attempts, 30 s read.
fn cloudfront_defaults() -> String {
    let text = example_text();
    let recommended = "connection_timeout = 2\nconnection_attempts = 1\norigin_read_timeout = 2\n";
    assert!(text.contains(recommended));
    text.replacen(
        recommended,
        "connection_timeout = 10\nconnection_attempts = 3\norigin_read_timeout = 30\n",
        1,
    )
}

#[test]
fn the_example_plan_is_seamless_and_says_by_how_much() {
    let plan = Plan::new(&example_config()).unwrap();
    assert!(plan.budget().is_seamless());
    assert_eq!(plan.stall_warning(), None);
    let summary = plan.to_string();
    assert!(
        summary.contains(
            "Failover budget: seamless (2 s to spare per segment)\n  origin timeouts connection_timeout = 2, \
             connection_attempts = 1, origin_read_timeout = 2 (the recommended values)\n"
        ),
        "{summary}"
    );
    assert!(!summary.contains("WARNING"), "{summary}");
}

#[test]
fn cloudfront_defaults_are_refused_with_the_budget() {
    let config = ::resilient_live::Config::from_toml(&cloudfront_defaults()).unwrap();
    let error = Plan::new(&config).unwrap_err();
    assert!(
        matches!(error, ::resilient_live::plan::Error::Stall { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "origin timeouts connection_timeout = 10, connection_attempts = 3, origin_read_timeout = 30 stall \
         the player while the primary Region fails (6 s segments and a player buffer of 18 s): primary slow \
         (read timeouts): stall of 174 s on every segment once the buffer is empty; recommended: \
         connection_timeout = 2, connection_attempts = 1, origin_read_timeout = 2 (leave the three keys out \
         of [cloudfront] to get them); to deploy with the stall anyway, set allow_stall = true under \
         [cloudfront] or pass --allow-stall"
    );
}

#[test]
fn allow_stall_accepts_the_stall_and_warns() {
    let text = cloudfront_defaults().replacen("# allow_stall = false", "allow_stall = true", 1);
    let from_file = ::resilient_live::Config::from_toml(&text).unwrap();
    let from_flag = ::resilient_live::Config::from_toml(&cloudfront_defaults())
        .unwrap()
        .allowing_stall();
    for config in [from_file, from_flag] {
        let plan = Plan::new(&config).unwrap();
        assert!(!plan.budget().is_seamless());
        assert_eq!(
            plan.stall_warning().as_deref(),
            Some(
                "primary slow (read timeouts): stall of 174 s on every segment once the buffer is empty; \
                 recommended: connection_timeout = 2, connection_attempts = 1, origin_read_timeout = 2"
            )
        );
        let summary = plan.to_string();
        assert!(
            summary.contains(
                "Failover budget: WARNING (allowed by allow_stall): primary slow (read timeouts): stall of \
                 174 s on every segment once the buffer is empty\n  origin timeouts connection_timeout = 10, \
                 connection_attempts = 3, origin_read_timeout = 30 (recommended: connection_timeout = 2, \
                 connection_attempts = 1, origin_read_timeout = 2)\n"
            ),
            "{summary}"
        );
        // The timeouts are deployed as chosen.
        let endpoint = |url: &str| mediastore_policy::DataEndpoint::parse(url).unwrap();
        let (primary, backup) = (
            endpoint("https://aaaa.data.mediastore.us-east-1.amazonaws.com"),
            endpoint("https://bbbb.data.mediastore.us-west-2.amazonaws.com"),
        );
        let config = plan
            .distribution(DistributionInputs::MediaStore {
                secret: &test_secret(),
                endpoints: [&primary, &backup],
            })
            .unwrap();
        let distribution = origin_failover::LiveDistribution::from_config(&config).unwrap();
        assert_eq!(distribution.primary().timeouts().read_timeout.seconds(), 30);
    }
}

/// The bundled event on MediaPackage v2: its plan directory, with the documents as snapshots.
#[test]
fn the_mediapackage_plan_directory_matches_its_snapshots() {
    let plan = Plan::new(&package_config()).unwrap();
    // A MediaPackage origin holds no secret: CloudFront signs its requests.
    assert!(plan.secret_file_paths().is_empty());
    let files = assert_plan_directory_matches_snapshots(&plan, None, Some("mediapackage"));
    for file in &files {
        assert!(!file.holds_secret, "{}", file.path);
    }
}

#[test]
fn the_mediapackage_dag_orders_policies_after_what_they_name() {
    use ::resilient_live::dag::Step;
    use ::resilient_live::origin::MediaPackageStep;
    use origin_failover::Site;
    let plan = Plan::new(&package_config()).unwrap();
    let steps = plan.steps();
    assert!(steps.contains(&Step::CreateOriginAccessControl));
    for site in Site::BOTH {
        let step = |s: MediaPackageStep| Step::origin(site, s);
        // The endpoint policy names the distribution.
        assert_eq!(
            step(MediaPackageStep::PutEndpointPolicy).dependencies(plan.origin()),
            [
                step(MediaPackageStep::CreateOriginEndpoint),
                Step::CreateDistribution
            ]
        );
        // The channel writes once MediaLive may.
        assert!(
            Step::CreateChannel { site }
                .dependencies(plan.origin())
                .contains(&step(MediaPackageStep::PutChannelPolicy))
        );
        assert!(
            Step::CreateDistribution
                .dependencies(plan.origin())
                .contains(&step(MediaPackageStep::CreateOriginEndpoint))
        );
    }
    assert!(
        Step::CreateDistribution
            .dependencies(plan.origin())
            .contains(&Step::CreateOriginAccessControl)
    );
    // Every step's dependencies come before it in some wave.
    let waves = ::resilient_live::dag::waves(plan.origin());
    assert_eq!(waves.concat().len(), steps.len());
}

/// Which AWS CLI command each plan file is the `--cli-input-json` of.
fn command_of(path: &str) -> Option<(&'static str, &'static str)> {
    let file = path.rsplit('/').next()?;
    let in_mediapackage = path.contains("/mediapackage/");
    Some(match file {
        "create-flow-a.json" | "create-flow-b.json" => ("mediaconnect", "CreateFlow"),
        "create-input.json" => ("medialive", "CreateInput"),
        "create-channel.json" if in_mediapackage => ("mediapackagev2", "CreateChannel"),
        "create-channel.json" => ("medialive", "CreateChannel"),
        "create-channel-group.json" => ("mediapackagev2", "CreateChannelGroup"),
        "put-channel-policy.json" => ("mediapackagev2", "PutChannelPolicy"),
        "create-origin-endpoint.json" => ("mediapackagev2", "CreateOriginEndpoint"),
        "put-origin-endpoint-policy.json" => ("mediapackagev2", "PutOriginEndpointPolicy"),
        "create-origin-access-control.json" => ("cloudfront", "CreateOriginAccessControl"),
        "create-distribution-with-tags.json" => ("cloudfront", "CreateDistributionWithTags"),
        "put-container-policy.json" => ("mediastore", "PutContainerPolicy"),
        "put-lifecycle-policy.json" => ("mediastore", "PutLifecyclePolicy"),
        "put-cors-policy.json" => ("mediastore", "PutCorsPolicy"),
        _ => return None,
    })
}

/// Every JSON file `plan` writes, for both origins, passes the AWS CLI's own parameter validation
/// (botocore's service models, which the test command installs and names in `BOTOCORE_PYTHON`).
#[test]
fn every_plan_file_passes_botocore_parameter_validation() {
    let python = std::env::var_os("BOTOCORE_PYTHON").unwrap_or_else(|| {
        panic!(
            "BOTOCORE_PYTHON is not set: this test validates the plan files with botocore, which the test \
             command installs (run ./scripts/test, or point BOTOCORE_PYTHON at a Python with botocore)"
        )
    });
    let mut calls = Vec::new();
    for (plan, secret) in [
        (Plan::new(&package_config()).unwrap(), None),
        (Plan::new(&example_config()).unwrap(), Some(test_secret())),
    ] {
        let mut files = plan.files().unwrap();
        if let Some(secret) = &secret {
            files.extend(plan.secret_files(secret).unwrap());
        }
        for file in files.iter().filter(|file| file.path.ends_with(".json")) {
            let (service, operation) =
                command_of(&file.path).unwrap_or_else(|| panic!("no AWS CLI command for {}", file.path));
            let input: serde_json::Value = serde_json::from_str(&file.contents).unwrap();
            calls.push(serde_json::json!({"service": service, "operation": operation, "input": input}));
        }
    }
    let list = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("plan-calls.json");
    std::fs::write(&list, serde_json::to_vec_pretty(&calls).unwrap()).unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../mediapackage-origin/tests/validate_cli_input.py"
    );
    let output = std::process::Command::new(&python)
        .arg(script)
        .arg(&list)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{report}");
    assert!(
        report.contains(&format!("{0} of {0} inputs valid", calls.len())),
        "{report}"
    );
    // MediaPackage: per Region 2 flows, the input, the channel and 5 MediaPackage documents, then the
    // access control and the distribution; MediaStore: per Region 2 flows, the input, the channel and
    // 3 container documents, then the distribution.
    assert_eq!(calls.len(), 20 + 15, "{report}");
}
