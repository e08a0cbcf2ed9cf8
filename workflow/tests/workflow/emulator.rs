//! Apply and teardown against the AWS emulator (moto, started by `scripts/test`).
//!
//! These tests need `WORKFLOW_EMULATOR_URL`; without it they fail, they never skip.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use ::origin_failover::Site;
use ::resilient_live::apply::{self, Outcome, Report};
use ::resilient_live::aws::AwsCloud;
use ::resilient_live::cloud::cloudfront::CloudFront as _;
use ::resilient_live::cloud::mediaconnect::{Flow, FlowTarget, MediaConnect};
use ::resilient_live::cloud::medialive::{ChannelState, ChannelSummary, ChannelTarget, Input, MediaLive};
use ::resilient_live::cloud::mediastore::MediaStore as _;
use ::resilient_live::cloud::mediastore_data::{Item, MediaStoreData as _};
use ::resilient_live::cloud::{
    self, AtEndpoint, Global, HasCloudFront, HasMediaConnect, HasMediaLive, HasMediaPackage, HasMediaStore,
    HasMediaStoreData, InRegion,
};
use ::resilient_live::plan::DistributionInputs;
use ::resilient_live::resource::Kind;
use ::resilient_live::teardown::Change;
use ::resilient_live::{Config, Plan, Polling, State};
use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, ConfigLoader, Region, SdkConfig};
use aws_sdk_mediastore::config::Credentials;
use mediastore_policy::DataEndpoint;
use origin_failover::LiveDistribution;

use crate::{TEST_SECRET, apply_plan, example_config, test_secret};

/// The emulator is shared: its tests run one at a time so each can count resources.
pub(crate) static EMULATOR: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub(crate) fn emulator_url() -> String {
    std::env::var("WORKFLOW_EMULATOR_URL").unwrap_or_else(|_| {
        panic!(
            "WORKFLOW_EMULATOR_URL is not set: the emulator-backed tests need the AWS emulator that \
             scripts/test installs and starts (run scripts/test, or start scripts/emulator.py and \
             export WORKFLOW_EMULATOR_URL=http://127.0.0.1:<port>)"
        )
    })
}

/// A client's settings for `region` of the emulator at `url`, with dummy credentials, whatever the
/// environment says.
fn emulator_loader(url: &str, region: &str) -> ConfigLoader {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("testing", "testing", None, None, "emulator"))
}

/// No retries: a fault must show at once.
fn without_retries(loader: ConfigLoader) -> ConfigLoader {
    loader.retry_config(RetryConfig::disabled())
}

/// Every client points at the emulator, with dummy credentials and no retries.
pub(crate) async fn sdk_config(url: &str, region: &str) -> SdkConfig {
    without_retries(emulator_loader(url, region)).load().await
}

pub(crate) async fn emulator_cloud(plan_regions: [&str; 2]) -> AwsCloud {
    emulator_cloud_with(plan_regions, without_retries).await
}

/// A cloud on `plan_regions` (and CloudFront's `us-east-1`) of the emulator, each client set up by
/// `configure` (its retries, its HTTP client).
pub(crate) async fn emulator_cloud_with(
    plan_regions: [&str; 2],
    configure: impl Fn(ConfigLoader) -> ConfigLoader,
) -> AwsCloud {
    let url = emulator_url();
    let mut configs = Vec::new();
    for region in plan_regions {
        configs.push(configure(emulator_loader(&url, region)).load().await);
    }
    let global = configure(emulator_loader(&url, "us-east-1")).load().await;
    AwsCloud::from_sdk_configs(configs, &global)
}

/// What a lifecycle test against the emulator starts from: the emulator to itself (its tests count
/// resources), the event's plan, a cloud on the event's Regions and a state file in a directory of
/// its own.
pub(crate) struct Emulated {
    /// The event's config.
    pub(crate) config: Config,
    /// The plan made from it.
    pub(crate) plan: Plan,
    /// The AWS adapter on the emulator, in the event's Regions.
    pub(crate) cloud: AwsCloud,
    /// The state file, in the fixture's own directory.
    pub(crate) state_path: PathBuf,
    regions: [String; 2],
    // Kept for the test's whole run: the directory holds the state file, and the guard keeps other
    // emulator tests out while this one counts resources.
    _dir: tempfile::TempDir,
    _serial: tokio::sync::MutexGuard<'static, ()>,
}

impl Emulated {
    /// `config`'s event, its clients without retries.
    pub(crate) async fn new(config: Config) -> Self {
        Self::with_clients(config, without_retries).await
    }

    /// `config`'s event, its clients set up by `configure`.
    pub(crate) async fn with_clients(
        config: Config,
        configure: impl Fn(ConfigLoader) -> ConfigLoader,
    ) -> Self {
        let serial = EMULATOR.lock().await;
        let regions = example_regions(&config);
        let cloud = emulator_cloud_with(regions.each_ref().map(String::as_str), configure).await;
        let plan = Plan::new(&config).unwrap();
        let dir = tempfile::tempdir().unwrap();
        Emulated {
            config,
            plan,
            cloud,
            state_path: dir.path().join("state.json"),
            regions,
            _dir: dir,
            _serial: serial,
        }
    }

    /// Applies the plan with the default polling, recording the state file, and with the test
    /// secret where the origin needs one (MediaStore's `User-Agent`; CloudFront signs its requests
    /// to MediaPackage v2).
    pub(crate) async fn apply(&self) -> Result<Report, apply::Error> {
        let secret = self.plan.mediastore().map(|_| test_secret());
        let (cloud, plan) = (self.cloud.clone(), self.plan.clone());
        ::resilient_live::apply(cloud, plan, secret.as_ref(), &self.state_path, Polling::default()).await
    }

    /// The event's Regions, primary first.
    pub(crate) fn regions(&self) -> [&str; 2] {
        self.regions.each_ref().map(String::as_str)
    }
}

/// Resources of the event found by list calls, per Region, plus distributions.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Census {
    pub(crate) containers: BTreeMap<String, Vec<String>>,
    pub(crate) flows: BTreeMap<String, Vec<String>>,
    pub(crate) inputs: BTreeMap<String, Vec<String>>,
    pub(crate) channels: BTreeMap<String, Vec<String>>,
    pub(crate) distributions: usize,
}

pub(crate) async fn census(cloud: &AwsCloud, regions: [&str; 2]) -> Census {
    let mut census = Census {
        containers: BTreeMap::new(),
        flows: BTreeMap::new(),
        inputs: BTreeMap::new(),
        channels: BTreeMap::new(),
        distributions: cloud.cloudfront().list_distributions().await.unwrap().len(),
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
                    .mediastore(region)
                    .list_containers()
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
                    .mediaconnect(region)
                    .list_flows()
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
                    .medialive(region)
                    .list_inputs()
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
                    .medialive(region)
                    .list_channels()
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

/// The example event's Regions, primary first.
pub(crate) fn example_regions(config: &::resilient_live::Config) -> [String; 2] {
    Site::BOTH.map(|site| config.region(site).to_string())
}

/// What a complete apply of the example event leaves in `regions` (primary first).
pub(crate) fn deployed(regions: [&str; 2]) -> Census {
    let [primary, backup] = regions.map(str::to_owned);
    Census {
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
    }
}

pub(crate) fn names(items: &[&str]) -> Vec<String> {
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
    let event = Emulated::new(example_config()).await;
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    // A current-thread runtime runs every spawned step on this thread, so the guard sees them all.
    let _guard = tracing::subscriber::set_default(subscriber);

    let (config, plan, cloud, state_path) = (&event.config, &event.plan, &event.cloud, &event.state_path);
    let regions = event.regions();
    let (primary, backup) = (regions[0].to_owned(), regions[1].to_owned());
    let before = census(cloud, regions).await;
    assert_eq!(before.distributions, 0, "the emulator is not fresh: {before:?}");

    // First apply: everything is created.
    let report = event.apply().await.unwrap();
    let printed = report.to_string();
    assert_eq!(report.count(Outcome::Created), 2 + 4 + 2 + 2 + 1, "{printed}");
    assert_eq!(report.count(Outcome::Updated), 8, "{printed}");
    assert_eq!(
        report.actions.len(),
        ::resilient_live::dag::Step::all(::resilient_live::origin::Origin::MediaStore).len()
    );
    let expected = deployed(regions);
    assert_eq!(census(cloud, regions).await, expected);

    // What AWS holds is what the plan rendered.
    let state = State::load(state_path).unwrap().unwrap();
    assert_eq!(state.config_hash, config.hash());
    let mut endpoints = Vec::new();
    for site in Site::BOTH {
        let recorded = &state.regions[&site];
        let region = recorded.region.as_str();
        let container = recorded.container.as_ref().unwrap();
        let endpoint = container.endpoint.clone().unwrap();
        assert_eq!(endpoint.region().as_str(), region, "{endpoint}");
        assert!(
            container.arn.contains(&format!(":{region}:")),
            "{}",
            container.arn
        );
        let policy = cloud
            .mediastore(region)
            .container_policy(&container.name)
            .await
            .unwrap()
            .unwrap();
        let policy: serde_json::Value = serde_json::from_str(&policy).unwrap();
        let planned: serde_json::Value = serde_json::from_str(
            &plan
                .mediastore()
                .unwrap()
                .container_policy(site, &test_secret())
                .to_policy_string()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(policy, planned);
        let lifecycle = cloud
            .mediastore(region)
            .lifecycle_policy(&container.name)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&lifecycle).unwrap(),
            serde_json::from_str::<serde_json::Value>(
                &plan
                    .mediastore()
                    .unwrap()
                    .lifecycle(site)
                    .to_policy_string()
                    .unwrap()
            )
            .unwrap()
        );
        assert_eq!(
            cloud
                .mediastore(region)
                .cors_policy(&container.name)
                .await
                .unwrap()
                .as_ref(),
            Some(plan.mediastore().unwrap().cors())
        );
        let index = cloud
            .mediastore_data(region, &endpoint)
            .get_object(plan.mediastore().unwrap().static_manifest_key())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            String::from_utf8(index).unwrap(),
            plan.mediastore().unwrap().static_manifest()
        );
        let flow_zones: Vec<&str> = recorded
            .flows
            .values()
            .map(|f| f.availability_zone.as_str())
            .collect();
        assert_eq!(flow_zones, [format!("{region}a"), format!("{region}b")]);
        let channel = recorded.channel.as_ref().unwrap();
        let input = recorded.input.as_ref().unwrap();
        let (described, document) = cloud
            .medialive(region)
            .describe_channel(&channel.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(described.state, ChannelState::Idle);
        assert_eq!(
            document,
            plan.mediastore()
                .unwrap()
                .channel(site, &input.id, &endpoint)
                .unwrap()
        );
        endpoints.push(endpoint);
    }
    let distribution = state.distribution.as_ref().unwrap();
    let (config_held, _) = cloud
        .cloudfront()
        .distribution_config(&distribution.id)
        .await
        .unwrap()
        .unwrap();
    let planned = LiveDistribution::from_config(
        &plan
            .distribution(DistributionInputs::MediaStore {
                secret: &test_secret(),
                endpoints: [&endpoints[0], &endpoints[1]],
            })
            .unwrap(),
    )
    .unwrap();
    assert_eq!(LiveDistribution::from_config(&config_held).unwrap(), planned);
    // The service adds its defaults (viewer certificate, logging, ...); the origin group itself
    // comes back exactly as sent.
    assert_eq!(config_held.origin_groups, planned.to_config().origin_groups);
    assert_eq!(
        config_held.default_cache_behavior.target_origin_id,
        planned.group_id()
    );

    // Second apply: nothing is created or changed, nothing is duplicated.
    let again = event.apply().await.unwrap();
    let printed_again = again.to_string();
    assert_eq!(again.count(Outcome::Created), 0, "{printed_again}");
    assert_eq!(again.count(Outcome::Updated), 0, "{printed_again}");
    assert_eq!(
        again.count(Outcome::Adopted),
        2 + 4 + 2 + 2 + 1,
        "{printed_again}"
    );
    assert_eq!(census(cloud, regions).await, expected);
    assert_eq!(State::load(state_path).unwrap().unwrap(), state);

    // Teardown: zero resources left in both Regions, the state file gone; a second one is a no-op.
    let removed = ::resilient_live::teardown(cloud, state_path).await.unwrap();
    let printed_removed = removed.to_string();
    assert!(
        printed_removed.ends_with("11 resources removed"),
        "{printed_removed}"
    );
    let kinds: Vec<Kind> = removed
        .removed
        .iter()
        .filter(|r| r.existed && r.change == Change::Deleted)
        .map(|r| r.kind)
        .collect();
    for (kind, count) in [
        (Kind::Container, 2),
        (Kind::Flow, 4),
        (Kind::Input, 2),
        (Kind::Channel, 2),
        (Kind::Distribution, 1),
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
    assert_eq!(census(cloud, regions).await, empty);
    for endpoint in &endpoints {
        assert_eq!(
            cloud
                .mediastore_data(&primary, endpoint)
                .list_items("")
                .await
                .unwrap(),
            vec![]
        );
    }
    assert!(!state_path.exists());
    let nothing = ::resilient_live::teardown(cloud, state_path).await.unwrap();
    assert!(nothing.removed.is_empty());

    // The secret reached AWS (the container policies, the origin headers) but no output or log.
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("distribution.create"), "logs were not captured");
    for text in [
        &printed,
        &printed_again,
        &printed_removed,
        &logs,
        &std::fs::read_to_string(state_path).unwrap_or_default(),
    ] {
        assert!(!text.contains(TEST_SECRET));
    }
}

/// Delegates to the emulator and records the start and stop calls and the waits that ended, in
/// order; with `fail_channel_in`, fails the first `CreateChannel` in that Region, as a throttled
/// or failed call would after the SDK's retries.
struct Observed {
    inner: AwsCloud,
    fail_channel_in: Option<String>,
    failed: std::sync::atomic::AtomicBool,
    calls: Mutex<Vec<String>>,
}

impl Observed {
    fn new(inner: AwsCloud, fail_channel_in: Option<&str>) -> Self {
        Observed {
            inner,
            fail_channel_in: fail_channel_in.map(str::to_owned),
            failed: std::sync::atomic::AtomicBool::new(false),
            calls: Mutex::new(Vec::new()),
        }
    }

    fn record(&self, call: String) {
        self.calls.lock().unwrap().push(call);
    }

    fn take_calls(&self) -> Vec<String> {
        std::mem::take(&mut *self.calls.lock().unwrap())
    }
}

/// MediaStore, its data plane, MediaPackage and CloudFront go straight to AWS; MediaConnect and
/// MediaLive calls pass through [`Observed`]'s own handle, which records them and injects the
/// failure.
impl HasMediaStore for Observed {
    type MediaStore<'a> = InRegion<'a, AwsCloud>;
    fn mediastore<'a>(&'a self, region: &'a str) -> Self::MediaStore<'a> {
        self.inner.mediastore(region)
    }
}

impl HasMediaStoreData for Observed {
    type MediaStoreData<'a> = AtEndpoint<'a, AwsCloud>;
    fn mediastore_data<'a>(
        &'a self,
        region: &'a str,
        endpoint: &'a DataEndpoint,
    ) -> Self::MediaStoreData<'a> {
        self.inner.mediastore_data(region, endpoint)
    }
}

impl HasMediaPackage for Observed {
    type MediaPackage<'a> = InRegion<'a, AwsCloud>;
    fn mediapackage<'a>(&'a self, region: &'a str) -> Self::MediaPackage<'a> {
        self.inner.mediapackage(region)
    }
}

impl HasCloudFront for Observed {
    type CloudFront<'a> = Global<'a, AwsCloud>;
    fn cloudfront(&self) -> Self::CloudFront<'_> {
        self.inner.cloudfront()
    }
}

impl HasMediaConnect for Observed {
    type MediaConnect<'a> = ObservedRegion<'a>;
    fn mediaconnect<'a>(&'a self, region: &'a str) -> Self::MediaConnect<'a> {
        ObservedRegion { cloud: self, region }
    }
}

impl HasMediaLive for Observed {
    type MediaLive<'a> = ObservedRegion<'a>;
    fn medialive<'a>(&'a self, region: &'a str) -> Self::MediaLive<'a> {
        ObservedRegion { cloud: self, region }
    }
}

/// [`Observed`] in one Region.
struct ObservedRegion<'a> {
    cloud: &'a Observed,
    region: &'a str,
}

impl<'a> ObservedRegion<'a> {
    /// The emulator's own handle in this Region, which every call ends at.
    fn aws(&self) -> InRegion<'a, AwsCloud> {
        InRegion {
            cloud: &self.cloud.inner,
            region: self.region,
        }
    }
}

impl MediaConnect for ObservedRegion<'_> {
    async fn list_flows(&self) -> cloud::Result<Vec<Flow>> {
        self.aws().list_flows().await
    }
    async fn create_flow(&self, q: &medialive_template::contribution::CreateFlow) -> cloud::Result<Flow> {
        self.aws().create_flow(q).await
    }
    async fn describe_flow(&self, a: &str) -> cloud::Result<Option<Flow>> {
        self.aws().describe_flow(a).await
    }
    async fn start_flow(&self, a: &str) -> cloud::Result<()> {
        self.cloud.record(format!("start flow {a}"));
        self.aws().start_flow(a).await
    }
    async fn stop_flow(&self, a: &str) -> cloud::Result<()> {
        self.cloud.record(format!("stop flow {a}"));
        self.aws().stop_flow(a).await
    }
    async fn delete_flow(&self, a: &str) -> cloud::Result<bool> {
        self.aws().delete_flow(a).await
    }
    async fn wait_flow(&self, a: &str, t: FlowTarget) -> cloud::Result<()> {
        self.aws().wait_flow(a, t).await?;
        self.cloud.record(format!("flow {a} is {t:?}"));
        Ok(())
    }
}

impl MediaLive for ObservedRegion<'_> {
    async fn list_inputs(&self) -> cloud::Result<Vec<Input>> {
        self.aws().list_inputs().await
    }
    async fn create_input(&self, q: &medialive_template::input::CreateInput) -> cloud::Result<Input> {
        self.aws().create_input(q).await
    }
    async fn delete_input(&self, i: &str) -> cloud::Result<bool> {
        self.aws().delete_input(i).await
    }
    async fn wait_input_deleted(&self, i: &str) -> cloud::Result<()> {
        self.aws().wait_input_deleted(i).await
    }
    async fn list_channels(&self) -> cloud::Result<Vec<ChannelSummary>> {
        self.aws().list_channels().await
    }
    async fn create_channel(&self, c: &medialive_template::Channel) -> cloud::Result<ChannelSummary> {
        if self.cloud.fail_channel_in.as_deref() == Some(self.region)
            && !self.cloud.failed.swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            return Err(cloud::Error::Call {
                operation: "medialive:CreateChannel",
                region: self.region.to_owned(),
                message: "ThrottlingException: rate exceeded (injected by the test)".to_owned(),
            });
        }
        self.aws().create_channel(c).await
    }
    async fn describe_channel(
        &self,
        i: &str,
    ) -> cloud::Result<Option<(ChannelSummary, medialive_template::Channel)>> {
        self.aws().describe_channel(i).await
    }
    async fn start_channel(&self, i: &str) -> cloud::Result<()> {
        self.cloud.record(format!("start channel {i}"));
        self.aws().start_channel(i).await
    }
    async fn stop_channel(&self, i: &str) -> cloud::Result<()> {
        self.cloud.record(format!("stop channel {i}"));
        self.aws().stop_channel(i).await
    }
    async fn delete_channel(&self, i: &str) -> cloud::Result<bool> {
        self.aws().delete_channel(i).await
    }
    async fn wait_channel(&self, i: &str, t: ChannelTarget) -> cloud::Result<()> {
        self.aws().wait_channel(i, t).await?;
        self.cloud.record(format!("channel {i} is {t:?}"));
        Ok(())
    }
    async fn set_paused_pipelines(
        &self,
        c: &str,
        n: &str,
        p: &[medialive_template::Pipeline],
    ) -> cloud::Result<()> {
        self.aws().set_paused_pipelines(c, n, p).await
    }
}

#[tokio::test]
async fn a_failed_step_keeps_the_state_and_a_re_run_resumes_without_duplicates() {
    let event = Emulated::new(example_config()).await;
    let (plan, cloud, state_path) = (&event.plan, &event.cloud, &event.state_path);
    let regions = event.regions();

    let failing = Observed::new(cloud.clone(), Some(regions[1]));
    let error = apply_plan(failing, plan.clone(), state_path).await.unwrap_err();
    let report = crate::with_causes(&error);
    assert!(report.contains("backup.channel.create"), "{report}");
    assert!(report.contains("ThrottlingException"), "{report}");
    // Every step that finished is in the state file; the failed one is not.
    let state = State::load(state_path).unwrap().unwrap();
    assert!(state.regions[&Site::Backup].input.is_some());
    assert!(state.regions[&Site::Backup].channel.is_none());
    assert!(
        state.regions[&Site::Primary]
            .container
            .as_ref()
            .unwrap()
            .endpoint
            .is_some()
    );

    let resumed = event.apply().await.unwrap();
    let printed = resumed.to_string();
    // Only the backup channel is left to create (the distribution may or may not have been created
    // before the failure stopped new steps).
    assert!(
        resumed.count(Outcome::Created) >= 1 && resumed.count(Outcome::Created) <= 2,
        "{printed}"
    );
    assert!(
        resumed
            .actions
            .iter()
            .any(|a| a.outcome == Outcome::Created && a.step.id() == "backup.channel.create"),
        "{printed}"
    );
    let after = census(cloud, regions).await;
    for region in regions {
        assert_eq!(after.channels[region].len(), 1, "{after:?}");
        assert_eq!(after.inputs[region].len(), 1, "{after:?}");
        assert_eq!(after.flows[region].len(), 2, "{after:?}");
        assert_eq!(after.containers[region].len(), 1, "{after:?}");
    }
    assert_eq!(after.distributions, 1);
    ::resilient_live::teardown(cloud, state_path).await.unwrap();
    assert_eq!(census(cloud, regions).await.distributions, 0);
}

/// The index of the first and the last recorded call that starts with `prefix`.
fn span(calls: &[String], prefix: &str) -> (usize, usize) {
    let at: Vec<usize> = (0..calls.len())
        .filter(|&i| calls[i].starts_with(prefix))
        .collect();
    assert!(!at.is_empty(), "no {prefix:?} in {calls:#?}");
    (at[0], at[at.len() - 1])
}

#[tokio::test]
async fn start_runs_flows_then_channels_stop_reverses_and_status_shows_each_state() {
    let event = Emulated::new(example_config()).await;
    let (cloud, state_path) = (&event.cloud, &event.state_path);
    let regions = event.regions();
    event.apply().await.unwrap();
    let state = State::load(state_path).unwrap().unwrap();
    let flows: Vec<(String, String)> = state
        .regions
        .values()
        .flat_map(|r| r.flows.values().map(|f| (r.region.clone(), f.arn.clone())))
        .collect();
    let channels: Vec<(String, String)> = state
        .regions
        .values()
        .filter_map(|r| r.channel.as_ref().map(|c| (r.region.clone(), c.id.clone())))
        .collect();
    assert_eq!((flows.len(), channels.len()), (4, 2));
    let live_states = |cloud: AwsCloud, flows: Vec<(String, String)>, channels: Vec<(String, String)>| async move {
        let mut found = Vec::new();
        for (region, arn) in &flows {
            found.push(String::from(
                cloud
                    .mediaconnect(region)
                    .describe_flow(arn)
                    .await
                    .unwrap()
                    .unwrap()
                    .status,
            ));
        }
        for (region, id) in &channels {
            found.push(String::from(
                cloud
                    .medialive(region)
                    .describe_channel(id)
                    .await
                    .unwrap()
                    .unwrap()
                    .0
                    .state,
            ));
        }
        found
    };
    let observed = Observed::new(cloud.clone(), None);

    // Before start, status shows what apply left: flows in standby, channels idle.
    let before = ::resilient_live::status(&observed, state_path).await.unwrap();
    for flow in [
        "demo-primary-a",
        "demo-primary-b",
        "demo-backup-a",
        "demo-backup-b",
    ] {
        let row = before.get(Kind::Flow, flow).unwrap();
        assert_eq!(row.state.as_deref(), Some("STANDBY"), "{before}");
    }

    // Start: every flow is ACTIVE before the first channel is started; channels end RUNNING.
    let started = ::resilient_live::start(&observed, state_path).await.unwrap();
    let calls = observed.take_calls();
    assert_eq!(started.changed(), 6, "{started}");
    let (_, last_flow_active) = span(&calls, "flow ");
    let (first_channel_start, _) = span(&calls, "start channel ");
    assert!(last_flow_active < first_channel_start, "{calls:#?}");
    assert_eq!(
        calls.iter().filter(|c| c.starts_with("start flow ")).count(),
        4,
        "{calls:#?}"
    );
    assert_eq!(
        calls.iter().filter(|c| c.ends_with(" is Active")).count(),
        4,
        "{calls:#?}"
    );
    assert_eq!(
        calls.iter().filter(|c| c.ends_with(" is Running")).count(),
        2,
        "{calls:#?}"
    );
    assert_eq!(
        live_states(cloud.clone(), flows.clone(), channels.clone()).await,
        ["ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "RUNNING", "RUNNING"]
    );

    // A second start changes nothing and makes no start call.
    let again = ::resilient_live::start(&observed, state_path).await.unwrap();
    assert_eq!(again.changed(), 0, "{again}");
    assert_eq!(again.transitions.len(), 6, "{again}");
    assert!(again.to_string().contains("RUNNING (left alone)"), "{again}");
    assert!(again.to_string().starts_with("flow     "), "{again}");
    assert!(observed.take_calls().is_empty());

    // Status: every resource of the state file with its live state, as a table and as JSON.
    let status = ::resilient_live::status(&observed, state_path).await.unwrap();
    assert_eq!(status.resources.len(), 2 + 4 + 2 + 2 + 1, "{status}");
    let table = status.to_string();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[1].starts_with("KIND"), "{table}");
    for row in &status.resources {
        let state = row.state.as_deref().unwrap_or_else(|| panic!("{table}"));
        let resource = &row.resource;
        let expected = match resource.kind {
            Kind::Flow => "ACTIVE",
            Kind::Channel => "RUNNING",
            Kind::Container => "ACTIVE",
            Kind::Input => "ATTACHED",
            Kind::Distribution => state,
            other => panic!("a MediaStore event records no {other}: {table}"),
        };
        assert_eq!(state, expected, "{table}");
        assert!(
            lines.iter().any(|line| line.contains(&resource.name)
                && line.contains(&resource.id)
                && line.contains(state)
                && line.starts_with(resource.kind.as_str())),
            "{table}"
        );
    }
    let json = serde_json::to_value(&status).unwrap();
    assert_eq!(json["event"], "demo");
    let rows = json["resources"].as_array().unwrap();
    assert_eq!(rows.len(), 11);
    let channel_rows: Vec<_> = rows.iter().filter(|r| r["kind"] == "channel").collect();
    assert_eq!(channel_rows.len(), 2);
    for row in channel_rows {
        assert_eq!(row["state"], "RUNNING", "{row}");
        assert!(
            row["region"] == regions[0] || row["region"] == regions[1],
            "{row}"
        );
    }
    assert_eq!(
        rows.iter()
            .filter(|r| r["kind"] == "flow" && r["state"] == "ACTIVE")
            .count(),
        4
    );
    assert_eq!(
        rows.iter()
            .filter(|r| r["kind"] == "distribution" && r["region"] == "global")
            .count(),
        1
    );

    // Stop: every channel is IDLE before the first flow is stopped; flows end in STANDBY.
    let stopped = ::resilient_live::stop(&observed, state_path).await.unwrap();
    let calls = observed.take_calls();
    assert_eq!(stopped.changed(), 6, "{stopped}");
    let (_, last_channel_stopped) = span(&calls, "channel ");
    let (first_flow_stop, _) = span(&calls, "stop flow ");
    assert!(last_channel_stopped < first_flow_stop, "{calls:#?}");
    assert_eq!(
        live_states(cloud.clone(), flows, channels).await,
        ["STANDBY", "STANDBY", "STANDBY", "STANDBY", "IDLE", "IDLE"]
    );
    let again = ::resilient_live::stop(&observed, state_path).await.unwrap();
    assert_eq!(again.changed(), 0, "{again}");
    assert!(observed.take_calls().is_empty());

    ::resilient_live::teardown(cloud, state_path).await.unwrap();
    assert_eq!(census(cloud, regions).await.distributions, 0);
    assert!(matches!(
        ::resilient_live::status(cloud, state_path).await,
        Err(::resilient_live::status::Error::State(
            ::resilient_live::state::Error::NotDeployed { .. }
        ))
    ));
}

/// Writes `count` segments per rendition, newest first at `newest`, for `base` into a container.
async fn write_segments(
    cloud: &AwsCloud,
    region: &str,
    endpoint: &DataEndpoint,
    path: &str,
    base: &str,
    newest: u64,
) {
    for modifier in ["_720p30", "_360p30"] {
        for number in newest - 2..=newest {
            let name = hls_epoch::SegmentName::new(base, modifier, number).to_string();
            cloud
                .mediastore_data(region, endpoint)
                .put_object(&format!("{path}/{name}"), vec![0x47; 188], "video/MP2T")
                .await
                .unwrap();
        }
    }
}

/// Removes every segment object under the event's path, leaving the manifests.
async fn clear_segments(cloud: &AwsCloud, region: &str, endpoint: &DataEndpoint, path: &str) {
    for item in cloud
        .mediastore_data(region, endpoint)
        .list_items(path)
        .await
        .unwrap()
    {
        if let Item::Object(name) = item
            && name.ends_with(".ts")
        {
            assert!(
                cloud
                    .mediastore_data(region, endpoint)
                    .delete_object(&format!("{path}/{name}"))
                    .await
                    .unwrap()
            );
        }
    }
}

#[tokio::test]
async fn verify_judges_synthetic_segments_and_a_stale_index() {
    let event = Emulated::new(example_config()).await;
    let (plan, cloud, state_path) = (&event.plan, &event.cloud, &event.state_path);
    let regions = event.regions();
    event.apply().await.unwrap();
    let state = State::load(state_path).unwrap().unwrap();
    let sites: Vec<(String, DataEndpoint)> = Site::BOTH
        .iter()
        .map(|site| {
            let recorded = &state.regions[site];
            (
                recorded.region.clone(),
                recorded.container.as_ref().unwrap().endpoint.clone().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        plan.mediastore().unwrap().settings().pipelines().bases(),
        ["primary", "backup"]
    );
    let now: hls_epoch::Timestamp = "2026-11-24T22:00:03Z".parse().unwrap();
    let newest = plan.epoch_clock().index_at(now).unwrap() - 1;
    let path = plan.mediastore().unwrap().settings().path();
    let write = |a: u64, b: u64| {
        let cloud = cloud.clone();
        let sites = sites.clone();
        async move {
            for (region, endpoint) in &sites {
                clear_segments(&cloud, region, endpoint, path).await;
                write_segments(&cloud, region, endpoint, path, "primary", a).await;
                write_segments(&cloud, region, endpoint, path, "backup", b).await;
            }
        }
    };

    // Good: both pipelines, both Regions, newest = index_at(now) - 1.
    write(newest, newest).await;
    let good = ::resilient_live::verify(cloud, plan, state_path, now, None)
        .await
        .unwrap();
    let printed = good.to_string();
    assert!(good.passed(), "{printed}");
    assert!(printed.ends_with("verdict: PASS"), "{printed}");
    for region in &good.regions {
        assert_eq!(region.segments_listed, 12, "{printed}");
        assert!(region.manifest.is_current(), "{printed}");
        assert_eq!(region.pipelines.len(), 2);
        for report in &region.pipelines {
            assert_eq!(
                report.verdict(),
                Some(hls_epoch::listing::Verdict::EpochLocked),
                "{printed}"
            );
            assert_eq!(report.expected, newest + 1);
        }
    }
    assert_eq!(good.cross_region.len(), 2);
    let json = serde_json::to_value(&good).unwrap();
    assert_eq!(json["passed"], true);
    assert_eq!(json["regions"][1]["manifest"]["verdict"], "current");

    // Numbered from 1: the symptom of a source without UTC timecode.
    write(3, 3).await;
    let from_one = ::resilient_live::verify(cloud, plan, state_path, now, None)
        .await
        .unwrap();
    let printed = from_one.to_string();
    assert!(!from_one.passed(), "{printed}");
    assert!(
        from_one
            .regions
            .iter()
            .flat_map(|r| &r.pipelines)
            .all(|report| report.verdict() == Some(hls_epoch::listing::Verdict::NumberedFromStart))
    );
    assert!(printed.contains("numbered from the channel start"), "{printed}");
    assert!(printed.ends_with("verdict: FAIL"), "{printed}");

    // A/B misaligned: pipeline B five segments behind A (still within the epoch tolerance).
    write(newest, newest - 5).await;
    let skewed = ::resilient_live::verify(cloud, plan, state_path, now, None)
        .await
        .unwrap();
    let printed = skewed.to_string();
    assert!(!skewed.passed(), "{printed}");
    for region in &skewed.regions {
        assert!(!region.a_vs_b.is_aligned(), "{printed}");
        assert!(region.a_vs_b.pairs.iter().all(|p| p.skew() == 5), "{printed}");
    }
    assert!(
        skewed.cross_region.iter().all(|c| c.alignment.is_aligned()),
        "{printed}"
    );
    assert!(printed.contains("_720p30: skew +5 segments"), "{printed}");

    // A stale index.m3u8 in the backup container: a different ladder than the plan predicts.
    write(newest, newest).await;
    let (region, endpoint) = &sites[1];
    let original = String::from_utf8(
        cloud
            .mediastore_data(region, endpoint)
            .get_object(plan.mediastore().unwrap().static_manifest_key())
            .await
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    let mut lines: Vec<&str> = original.lines().collect();
    let last_variant = lines
        .iter()
        .rposition(|l| l.starts_with("#EXT-X-STREAM-INF"))
        .unwrap();
    let dropped_uri = lines[last_variant + 1].to_owned();
    lines.drain(last_variant..=last_variant + 1);
    let other_ladder = lines.join("\n") + "\n";
    cloud
        .mediastore_data(region, endpoint)
        .put_object(
            plan.mediastore().unwrap().static_manifest_key(),
            other_ladder.into_bytes(),
            "application/x-mpegURL",
        )
        .await
        .unwrap();
    let stale = ::resilient_live::verify(cloud, plan, state_path, now, None)
        .await
        .unwrap();
    let printed = stale.to_string();
    assert!(!stale.passed(), "{printed}");
    assert!(stale.regions[0].manifest.is_current(), "{printed}");
    match &stale.regions[1].manifest {
        ::resilient_live::verify::ManifestCheck::Stale { differences } => {
            assert!(differences.iter().any(|d| d.contains(&dropped_uri)), "{printed}")
        }
        other => panic!("expected a stale manifest, got {other:?}"),
    }
    assert!(printed.contains("index.m3u8: FAIL: stale"), "{printed}");

    // An as-run log whose timecode is far from real time fails on its own.
    let as_run = r#"{"timestamp": "2026-11-24T21:59:00.000000", "as_run_type": "initial_timecode", "timecode": "01:00:00:00"}"#;
    write(newest, newest).await;
    cloud
        .mediastore_data(region, endpoint)
        .put_object(
            plan.mediastore().unwrap().static_manifest_key(),
            original.into_bytes(),
            "application/x-mpegURL",
        )
        .await
        .unwrap();
    let with_log = ::resilient_live::verify(cloud, plan, state_path, now, Some(as_run))
        .await
        .unwrap();
    let printed = with_log.to_string();
    assert!(with_log.regions.iter().all(|r| r.passed()), "{printed}");
    assert_eq!(with_log.as_run.as_ref().unwrap().unusable, 1, "{printed}");
    assert!(!with_log.passed(), "{printed}");

    ::resilient_live::teardown(cloud, state_path).await.unwrap();
    assert_eq!(census(cloud, regions).await.distributions, 0);
}

#[tokio::test]
async fn teardown_discover_removes_everything_after_the_state_file_is_lost() {
    let event = Emulated::new(example_config()).await;
    let (plan, cloud, state_path) = (&event.plan, &event.cloud, &event.state_path);
    let regions = event.regions();
    let nothing = census(cloud, regions).await;
    assert_eq!(nothing.distributions, 0, "the emulator is not fresh: {nothing:?}");

    event.apply().await.unwrap();
    // A second flow under the same name, as a create retried after its reply was lost leaves.
    let duplicate = cloud
        .mediaconnect(regions[0])
        .create_flow(&plan.site(Site::Primary).flows[0])
        .await
        .unwrap();
    std::fs::remove_file(state_path).unwrap();

    let found = ::resilient_live::discover::discover(cloud, plan).await.unwrap();
    for site in Site::BOTH {
        let entry = &found.state.regions[&site];
        assert!(entry.container.as_ref().unwrap().endpoint.is_some(), "{found:?}");
        assert_eq!(entry.flows.len(), 2, "{found:?}");
        assert!(entry.input.is_some() && entry.channel.is_some(), "{found:?}");
    }
    assert_eq!(
        found.state.distribution.as_ref().unwrap().caller_reference,
        plan.names().caller_reference()
    );
    assert_eq!(found.extra.len(), 1, "{:?}", found.extra);
    assert!(
        found.extra[0].to_string().starts_with("flow demo-primary-a"),
        "{:?}",
        found.extra
    );

    let report = ::resilient_live::teardown::teardown_discovered(cloud, plan, state_path)
        .await
        .unwrap();
    let removed = |kind: Kind| {
        report
            .removed
            .iter()
            .filter(|r| r.kind == kind && r.change == Change::Deleted && r.existed)
            .count()
    };
    assert_eq!(removed(Kind::Flow), 5, "{report}");
    assert_eq!(
        (
            removed(Kind::Container),
            removed(Kind::Input),
            removed(Kind::Channel),
            removed(Kind::Distribution)
        ),
        (2, 2, 2, 1),
        "{report}"
    );
    assert!(
        report
            .removed
            .iter()
            .any(|r| r.kind == Kind::Flow && r.change == Change::Deleted && r.resource == duplicate.name),
        "{report}"
    );
    assert_eq!(census(cloud, regions).await, nothing);
    assert!(!state_path.exists(), "a complete teardown removes the state file");
    // Nothing left: another discovery finds nothing, and another teardown removes nothing.
    assert!(
        ::resilient_live::discover::discover(cloud, plan)
            .await
            .unwrap()
            .is_empty()
    );
    let again = ::resilient_live::teardown::teardown_discovered(cloud, plan, state_path)
        .await
        .unwrap();
    assert!(again.removed.is_empty(), "{again}");
}
