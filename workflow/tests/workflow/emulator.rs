//! Apply and teardown against the AWS emulator (moto, started by `scripts/test`).
//!
//! These tests need `WORKFLOW_EMULATOR_URL`; without it they fail, they never skip.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use ::workflow::apply::Outcome;
use ::workflow::aws::AwsCloud;
use ::workflow::cloud::Cloud;
use ::workflow::dag::Site;
use ::workflow::{Plan, Polling, State};
use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_mediastore::config::Credentials;
use origin_failover::LiveDistribution;

use crate::{TEST_SECRET, example_config, test_secret};

fn emulator_url() -> String {
    std::env::var("WORKFLOW_EMULATOR_URL").unwrap_or_else(|_| {
        panic!(
            "WORKFLOW_EMULATOR_URL is not set: the emulator-backed tests need the AWS emulator that \
             scripts/test installs and starts (run scripts/test, or start scripts/emulator.py and \
             export WORKFLOW_EMULATOR_URL=http://127.0.0.1:<port>)"
        )
    })
}

/// Every client points at the emulator, with dummy credentials and no retries (a fault must show
/// at once), whatever the environment says.
async fn sdk_config(url: &str, region: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("testing", "testing", None, None, "emulator"))
        .retry_config(RetryConfig::disabled())
        .load()
        .await
}

async fn emulator_cloud(plan_regions: [&str; 2]) -> AwsCloud {
    let url = emulator_url();
    let mut configs = Vec::new();
    for region in plan_regions {
        configs.push(sdk_config(&url, region).await);
    }
    AwsCloud::from_sdk_configs(configs, &sdk_config(&url, "us-east-1").await)
}

/// Resources of the event found by list calls, per Region, plus distributions.
#[derive(Debug, PartialEq, Eq)]
struct Census {
    containers: BTreeMap<String, Vec<String>>,
    flows: BTreeMap<String, Vec<String>>,
    inputs: BTreeMap<String, Vec<String>>,
    channels: BTreeMap<String, Vec<String>>,
    distributions: usize,
}

async fn census(cloud: &AwsCloud, regions: [&str; 2]) -> Census {
    let mut census = Census {
        containers: BTreeMap::new(),
        flows: BTreeMap::new(),
        inputs: BTreeMap::new(),
        channels: BTreeMap::new(),
        distributions: cloud.list_distributions().await.unwrap().len(),
    };
    for region in regions {
        let sorted = |mut names: Vec<String>| {
            names.sort();
            names
        };
        census.containers.insert(
            region.to_owned(),
            sorted(
                cloud
                    .list_containers(region)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|c| c.name)
                    .collect(),
            ),
        );
        census.flows.insert(
            region.to_owned(),
            sorted(
                cloud
                    .list_flows(region)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|f| f.name)
                    .collect(),
            ),
        );
        // MediaLive lists deleted inputs and channels for a while: count the live ones.
        census.inputs.insert(
            region.to_owned(),
            sorted(
                cloud
                    .list_inputs(region)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|i| i.is_live())
                    .map(|i| i.name)
                    .collect(),
            ),
        );
        census.channels.insert(
            region.to_owned(),
            sorted(
                cloud
                    .list_channels(region)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|c| c.is_live())
                    .map(|c| c.name)
                    .collect(),
            ),
        );
    }
    census
}

fn names(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Captures every log line (all targets, down to DEBUG) so the test can look for the secret.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn apply_creates_everything_once_and_teardown_removes_it_all() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    // A current-thread runtime runs every spawned step on this thread, so the guard sees them all.
    let _guard = tracing::subscriber::set_default(subscriber);

    let config = example_config();
    let regions = [
        config.region(Site::Primary).to_string(),
        config.region(Site::Backup).to_string(),
    ];
    let regions = [regions[0].as_str(), regions[1].as_str()];
    let cloud = emulator_cloud(regions).await;
    let plan = Plan::new(&config, &test_secret()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let state_path = dir.path().join("state.json");
    let (primary, backup) = (regions[0].to_owned(), regions[1].to_owned());
    let before = census(&cloud, regions).await;
    assert_eq!(before.distributions, 0, "the emulator is not fresh: {before:?}");

    // First apply: everything is created.
    let report = ::workflow::apply(cloud.clone(), plan.clone(), &state_path, Polling::default())
        .await
        .unwrap();
    let printed = report.to_string();
    assert_eq!(report.count(Outcome::Created), 2 + 4 + 2 + 2 + 1, "{printed}");
    assert_eq!(report.count(Outcome::Updated), 8, "{printed}");
    assert_eq!(report.actions.len(), ::workflow::dag::Step::all().len());
    let expected = Census {
        containers: BTreeMap::from([
            (primary.clone(), names(&["demo-east"])),
            (backup.clone(), names(&["demo-west"])),
        ]),
        flows: BTreeMap::from([
            (primary.clone(), names(&["demo-primary-a", "demo-primary-b"])),
            (backup.clone(), names(&["demo-backup-a", "demo-backup-b"])),
        ]),
        inputs: BTreeMap::from([
            (primary.clone(), names(&["demo-primary-input"])),
            (backup.clone(), names(&["demo-backup-input"])),
        ]),
        channels: BTreeMap::from([
            (primary.clone(), names(&["demo-primary"])),
            (backup.clone(), names(&["demo-backup"])),
        ]),
        distributions: 1,
    };
    assert_eq!(census(&cloud, regions).await, expected);

    // What AWS holds is what the plan rendered.
    let state = State::load(&state_path).unwrap().unwrap();
    assert_eq!(state.config_hash, config.hash());
    let mut endpoints = Vec::new();
    for site in Site::BOTH {
        let recorded = &state.regions[&site];
        let region = recorded.region.as_str();
        let site_plan = plan.site(site);
        let container = recorded.container.as_ref().unwrap();
        let endpoint = container.endpoint.clone().unwrap();
        assert!(
            endpoint.starts_with("https://") && endpoint.contains(&format!(".data.mediastore.{region}.")),
            "{endpoint}"
        );
        assert!(
            container.arn.contains(&format!(":{region}:")),
            "{}",
            container.arn
        );
        let policy = cloud
            .container_policy(region, &container.name)
            .await
            .unwrap()
            .unwrap();
        let policy: serde_json::Value = serde_json::from_str(&policy).unwrap();
        let planned: serde_json::Value =
            serde_json::from_str(&site_plan.container_policy.to_policy_string().unwrap()).unwrap();
        assert_eq!(policy, planned);
        let lifecycle = cloud
            .lifecycle_policy(region, &container.name)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&lifecycle).unwrap(),
            serde_json::from_str::<serde_json::Value>(&site_plan.lifecycle.to_policy_string().unwrap())
                .unwrap()
        );
        assert_eq!(
            cloud.cors_policy(region, &container.name).await.unwrap().as_ref(),
            Some(&site_plan.cors)
        );
        let index = cloud
            .get_object(region, &endpoint, plan.static_manifest_key())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(String::from_utf8(index).unwrap(), plan.static_manifest());
        let flow_zones: Vec<&str> = recorded
            .flows
            .values()
            .map(|f| f.availability_zone.as_str())
            .collect();
        assert_eq!(flow_zones, [format!("{region}a"), format!("{region}b")]);
        let channel = recorded.channel.as_ref().unwrap();
        let input = recorded.input.as_ref().unwrap();
        let (described, document) = cloud
            .describe_channel(region, &channel.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(described.state, "IDLE");
        assert_eq!(document, plan.channel(site, &input.id, &endpoint).unwrap());
        endpoints.push(endpoint);
    }
    let distribution = state.distribution.as_ref().unwrap();
    let (config_held, _) = cloud
        .distribution_config(&distribution.id)
        .await
        .unwrap()
        .unwrap();
    let planned = plan.distribution(&endpoints[0], &endpoints[1]).unwrap();
    assert_eq!(LiveDistribution::from_config(&config_held).unwrap(), planned);
    // The service adds its defaults (viewer certificate, logging, ...); the origin group itself
    // comes back exactly as sent.
    assert_eq!(config_held.origin_groups, planned.to_config().origin_groups);
    assert_eq!(
        config_held.default_cache_behavior.target_origin_id,
        planned.group_id()
    );

    // Second apply: nothing is created or changed, nothing is duplicated.
    let again = ::workflow::apply(cloud.clone(), plan.clone(), &state_path, Polling::default())
        .await
        .unwrap();
    let printed_again = again.to_string();
    assert_eq!(again.count(Outcome::Created), 0, "{printed_again}");
    assert_eq!(again.count(Outcome::Updated), 0, "{printed_again}");
    assert_eq!(
        again.count(Outcome::Adopted),
        2 + 4 + 2 + 2 + 1,
        "{printed_again}"
    );
    assert_eq!(census(&cloud, regions).await, expected);
    assert_eq!(State::load(&state_path).unwrap().unwrap(), state);

    // Teardown: zero resources left in both Regions, the state file gone; a second one is a no-op.
    let removed = ::workflow::teardown(&cloud, &state_path).await.unwrap();
    let printed_removed = removed.to_string();
    let kinds: Vec<&str> = removed
        .removed
        .iter()
        .filter(|r| r.existed)
        .map(|r| r.kind)
        .collect();
    for (kind, count) in [
        ("container", 2),
        ("flow", 4),
        ("input", 2),
        ("channel", 2),
        ("distribution", 1),
    ] {
        assert_eq!(
            kinds.iter().filter(|k| **k == kind).count(),
            count,
            "{kind}: {printed_removed}"
        );
    }
    let empty = Census {
        containers: BTreeMap::from([(primary.clone(), vec![]), (backup.clone(), vec![])]),
        flows: BTreeMap::from([(primary.clone(), vec![]), (backup.clone(), vec![])]),
        inputs: BTreeMap::from([(primary.clone(), vec![]), (backup.clone(), vec![])]),
        channels: BTreeMap::from([(primary.clone(), vec![]), (backup.clone(), vec![])]),
        distributions: 0,
    };
    assert_eq!(census(&cloud, regions).await, empty);
    for endpoint in &endpoints {
        assert_eq!(cloud.list_items(&primary, endpoint, "").await.unwrap(), vec![]);
    }
    assert!(!state_path.exists());
    let nothing = ::workflow::teardown(&cloud, &state_path).await.unwrap();
    assert!(nothing.removed.is_empty());

    // The secret reached AWS (the container policies, the origin headers) but no output or log.
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("distribution.create"), "logs were not captured");
    for text in [
        &printed,
        &printed_again,
        &printed_removed,
        &logs,
        &std::fs::read_to_string(dir.path().join("state.json")).unwrap_or_default(),
    ] {
        assert!(!text.contains(TEST_SECRET));
    }
}
