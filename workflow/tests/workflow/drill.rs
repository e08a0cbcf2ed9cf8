//! The drill: the schedule calls `AwsCloud` sends (to a recording HTTP client: the emulator has no
//! schedule API), and the drill's sequence and verdicts against a fake event whose pipelines write
//! epoch-locked segments on tokio's paused clock.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ::origin_failover::Site;
use ::resilient_live::aws::AwsCloud;
use ::resilient_live::cloud::medialive::{ChannelSummary, ChannelTarget, Input, MediaLive};
use ::resilient_live::cloud::mediastore_data::{Item, MediaStoreData};
use ::resilient_live::cloud::playback::{Fetched, Playback, Reader};
use ::resilient_live::cloud::{self, HasMediaLive, HasMediaStoreData, HasPlayback};
use ::resilient_live::drill::{self, Drill, DrillReport, Expectation, Scenario, Stage};
use ::resilient_live::origin::Origin;
use ::resilient_live::state::{
    self, ChannelGroupState, ContainerState, DistributionState, MediaLiveResourceState,
};
use ::resilient_live::{Plan, State};
use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_medialive::config::http::{HttpRequest, HttpResponse};
use aws_sdk_medialive::config::{
    Credentials, RuntimeComponents, SharedCredentialsProvider, SharedHttpClient,
};
use aws_sdk_medialive::primitives::SdkBody;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::http::StatusCode;
use hls_epoch::SegmentName;
use medialive_template::Pipeline;
use mediastore_policy::DataEndpoint;
use origin_failover::failover_path::{FailoverPath, ViewerOutcome};
use origin_failover::origin_kind::OriginKind;
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::{endpoint_playlist, example_config, package_config};

// ---------------------------------------------------------------------------------------------
// The BatchUpdateSchedule request on the wire, through a recording HTTP client.

/// A request as the SDK sent it.
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    pub(crate) method: String,
    pub(crate) uri: String,
    pub(crate) body: Value,
}

/// Answers every request with one canned response and records what was sent.
#[derive(Debug, Clone)]
pub(crate) struct Recorder {
    pub(crate) sent: Arc<Mutex<Vec<Sent>>>,
    pub(crate) status: u16,
    pub(crate) error_type: Option<&'static str>,
    pub(crate) body: String,
}

impl HttpConnector for Recorder {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let body = request
            .body()
            .bytes()
            // A GET has an empty body.
            .filter(|bytes| !bytes.is_empty())
            .map(|bytes| serde_json::from_slice(bytes).unwrap())
            .unwrap_or(Value::Null);
        self.sent.lock().unwrap().push(Sent {
            method: request.method().to_owned(),
            uri: request.uri().to_owned(),
            body,
        });
        let mut response = HttpResponse::new(
            StatusCode::try_from(self.status).unwrap(),
            SdkBody::from(self.body.clone()),
        );
        response.headers_mut().insert("content-type", "application/json");
        if let Some(error_type) = self.error_type {
            response.headers_mut().insert("x-amzn-errortype", error_type);
        }
        HttpConnectorFuture::ready(Ok(response))
    }
}

impl HttpClient for Recorder {
    fn http_connector(&self, _: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

/// An `AwsCloud` for `region` whose every call gets `recorder`'s response, with no retries.
pub(crate) fn recorded_cloud(region: &str, recorder: &Recorder) -> AwsCloud {
    let config = |region: &str| {
        SdkConfig::builder()
            .region(Region::new(region.to_owned()))
            .behavior_version(BehaviorVersion::latest())
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "testing", "testing", None, None, "test",
            )))
            .http_client(SharedHttpClient::new(recorder.clone()))
            .retry_config(RetryConfig::disabled())
            .build()
    };
    AwsCloud::from_sdk_configs([config(region)], &config("us-east-1"))
}

#[tokio::test]
async fn pause_and_unpause_requests_have_the_schedule_api_shape() {
    let recorder = Recorder {
        sent: Arc::default(),
        status: 200,
        error_type: None,
        body: "{}".to_owned(),
    };
    let cloud = recorded_cloud("us-east-1", &recorder);
    let cases: [(&str, &[Pipeline], Value); 4] = [
        (
            "drill-a-pause-1",
            &[Pipeline::Primary],
            json!([{"pipelineId": "PIPELINE_0"}]),
        ),
        (
            "drill-b-pause-1",
            &[Pipeline::Backup],
            json!([{"pipelineId": "PIPELINE_1"}]),
        ),
        (
            "drill-c-pause-1",
            &[Pipeline::Primary, Pipeline::Backup],
            json!([{"pipelineId": "PIPELINE_0"}, {"pipelineId": "PIPELINE_1"}]),
        ),
        ("drill-c-unpause-1", &[], json!([])),
    ];
    for (action, paused, _) in &cases {
        cloud
            .medialive("us-east-1")
            .set_paused_pipelines("4521893", action, paused)
            .await
            .unwrap();
    }
    let sent = recorder.sent.lock().unwrap();
    assert_eq!(sent.len(), cases.len());
    for (request, (action, _, pipelines)) in sent.iter().zip(&cases) {
        assert_eq!(request.method, "PUT", "{request:?}");
        assert!(
            request.uri.ends_with("/prod/channels/4521893/schedule"),
            "{request:?}"
        );
        // The REST wire is camelCase; the unpause is an empty list, which MediaLive reads as
        // "unpause every pipeline", not an absent one.
        assert_eq!(
            request.body,
            json!({"creates": {"scheduleActions": [{
                "actionName": action,
                "scheduleActionStartSettings": {"immediateModeScheduleActionStartSettings": {}},
                "scheduleActionSettings": {"pauseStateSettings": {"pipelines": pipelines}},
            }]}}),
            "{request:?}"
        );
    }
}

#[tokio::test]
async fn a_refused_schedule_call_names_the_operation_region_and_reason() {
    let recorder = Recorder {
        sent: Arc::default(),
        status: 422,
        error_type: Some("UnprocessableEntityException"),
        body: r#"{"message": "Action name [drill-x-pause-1] already exists"}"#.to_owned(),
    };
    let cloud = recorded_cloud("us-west-2", &recorder);
    let error = cloud
        .medialive("us-west-2")
        .set_paused_pipelines("77", "drill-x-pause-1", &[Pipeline::Primary])
        .await
        .unwrap_err();
    match &error {
        cloud::Error::Call {
            operation, region, ..
        } => {
            assert_eq!(*operation, "medialive:BatchUpdateSchedule");
            assert_eq!(region, "us-west-2");
        }
        other => panic!("expected a call error, got {other:?}"),
    }
    let message = error.to_string();
    assert!(
        message.starts_with("medialive:BatchUpdateSchedule in us-west-2 failed"),
        "{message}"
    );
    assert!(message.contains("UnprocessableEntityException"), "{message}");
    assert!(message.contains("already exists"), "{message}");
    // The message holds the SDK's whole text, so the error carries no source that a reporter would
    // print a second time.
    assert!(std::error::Error::source(&error).is_none());
    assert_eq!(recorder.sent.lock().unwrap().len(), 1, "no retry");

    // A Region the cloud has no clients for is an error too, not a panic.
    let error = cloud
        .medialive("eu-west-1")
        .set_paused_pipelines("77", "drill-x-pause-1", &[])
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("eu-west-1") && error.contains("no clients"),
        "{error}"
    );
}

// ---------------------------------------------------------------------------------------------
// The drill's sequence, against a fake event on tokio's paused clock.

const CHANNELS: [(Site, &str, &str, &str); 2] = [
    (
        Site::Primary,
        "us-east-1",
        "https://east.data.mediastore.us-east-1.amazonaws.com",
        "1111111",
    ),
    (
        Site::Backup,
        "us-west-2",
        "https://west.data.mediastore.us-west-2.amazonaws.com",
        "2222222",
    ),
];

/// One pipeline of the fake event: epoch-locked, so while it runs its newest segment is the
/// clock's; while paused it stays where it stopped.
#[derive(Debug, Clone, Copy, Default)]
struct FakePipeline {
    frozen_at: Option<u64>,
    /// Keeps writing whatever the schedule says (a pause that did not take).
    ignores_pause: bool,
    /// Stays paused after the unpause (a pipeline that does not come back).
    ignores_unpause: bool,
}

/// The drill's view of an event: two Regions, each with a container listing and a channel.
struct FakeEvent {
    plan: Plan,
    segment: Duration,
    origin: Instant,
    first: u64,
    pipelines: Mutex<BTreeMap<(String, u8), FakePipeline>>,
    calls: Mutex<Vec<String>>,
    /// Fail listings in this Region once this many have succeeded there.
    fail_listing: Option<(String, usize)>,
    listed: Mutex<BTreeMap<String, usize>>,
    fail_pause_in: Option<String>,
    fail_unpause_in: Option<String>,
}

impl FakeEvent {
    fn new(plan: Plan) -> Self {
        let segment = plan.cadence().duration().to_duration();
        let now: hls_epoch::Timestamp = "2026-11-24T22:00:03Z".parse().unwrap();
        let first = plan.epoch_clock().index_at(now).unwrap() - 1;
        let pipelines = CHANNELS
            .iter()
            .flat_map(|(_, region, _, _)| {
                [0, 1].map(|index| (((*region).to_owned(), index), FakePipeline::default()))
            })
            .collect();
        FakeEvent {
            plan,
            segment,
            origin: Instant::now(),
            first,
            pipelines: Mutex::new(pipelines),
            calls: Mutex::new(Vec::new()),
            fail_listing: None,
            listed: Mutex::new(BTreeMap::new()),
            fail_pause_in: None,
            fail_unpause_in: None,
        }
    }

    fn with_pipeline(self, region: &str, index: u8, pipeline: FakePipeline) -> Self {
        self.pipelines
            .lock()
            .unwrap()
            .insert((region.to_owned(), index), pipeline);
        self
    }

    fn clock_newest(&self) -> u64 {
        let elapsed = Instant::now() - self.origin;
        self.first + (elapsed.as_nanos() / self.segment.as_nanos()) as u64
    }

    fn newest(&self, region: &str, index: u8) -> u64 {
        let pipelines = self.pipelines.lock().unwrap();
        let pipeline = pipelines[&(region.to_owned(), index)];
        pipeline.frozen_at.unwrap_or_else(|| self.clock_newest())
    }

    fn record(&self, call: String) {
        self.calls.lock().unwrap().push(call);
    }

    fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    fn region_of(endpoint: &DataEndpoint) -> &'static str {
        CHANNELS
            .iter()
            .find(|(_, _, e, _)| *e == endpoint.to_string())
            .map(|(_, region, _, _)| *region)
            .unwrap()
    }

    /// A state file recording both Regions' origins (containers, or MediaPackage channel groups
    /// and the distribution) and channels.
    fn write_state(&self, dir: &Path) -> PathBuf {
        let mut state = State::new(self.plan.event(), self.plan.config_hash());
        for (site, region, endpoint, channel) in CHANNELS {
            let recorded = state.region_mut(site, region);
            if self.plan.mediapackage().is_some() {
                recorded.channel_group = Some(ChannelGroupState {
                    name: "demo".to_owned(),
                    arn: format!("arn:aws:mediapackagev2:{region}:000011112222:channelGroup/demo"),
                    egress_domain: ::origin_failover::origin_kind::EgressDomain::new(&egress_domain(region))
                        .unwrap(),
                });
            } else {
                recorded.container = Some(ContainerState {
                    name: format!("demo-{site}"),
                    arn: format!("arn:aws:mediastore:{region}:000011112222:container/demo-{site}"),
                    endpoint: Some(endpoint.parse().unwrap()),
                });
            }
            recorded.channel = Some(MediaLiveResourceState {
                name: format!("demo-{site}"),
                id: channel.to_owned(),
                arn: format!("arn:aws:medialive:{region}:000011112222:channel:{channel}"),
            });
        }
        if self.plan.mediapackage().is_some() {
            state.distribution = Some(DistributionState {
                id: "E2QWRUHAPOMQZL".to_owned(),
                arn: "arn:aws:cloudfront::000011112222:distribution/E2QWRUHAPOMQZL".to_owned(),
                domain_name: DISTRIBUTION.to_owned(),
                caller_reference: "demo".to_owned(),
            });
        }
        let path = dir.join("state.json");
        state.save(&path).unwrap();
        path
    }

    /// The newest segment a Region's MediaPackage endpoint lists: a channel switches to whichever
    /// input still writes, so it is the newest of the two pipelines'.
    fn endpoint_newest(&self, region: &str) -> u64 {
        self.newest(region, 0).max(self.newest(region, 1))
    }

    /// Whether every pipeline of a Region is paused: its endpoint's manifest goes stale, and the
    /// primary Region's answers 404 (its force-error conditions; the fake answers at once).
    fn endpoint_stale(&self, region: &str) -> bool {
        let pipelines = self.pipelines.lock().unwrap();
        [0, 1]
            .iter()
            .all(|index| pipelines[&(region.to_owned(), *index)].frozen_at.is_some())
    }
}

const DISTRIBUTION: &str = "d111111abcdef8.cloudfront.net";

fn egress_domain(region: &str) -> String {
    format!("abcde.egress.fghij.mediapackagev2.{region}.amazonaws.com")
}

/// The fake's MediaPackage endpoints, read through the distribution or signed per Region.
impl HasPlayback for FakeEvent {
    type Playback<'a> = FakeReader<'a>;
    fn playback<'a>(&'a self, reader: Reader<'a>) -> FakeReader<'a> {
        FakeReader { cloud: self, reader }
    }
}

struct FakeReader<'a> {
    cloud: &'a FakeEvent,
    reader: Reader<'a>,
}

impl FakeReader<'_> {
    /// What a Region's endpoint answers for `file` (`index.m3u8` or a media playlist).
    fn endpoint(&self, site: Site, region: &str, file: &str) -> Fetched {
        let fake = self.cloud;
        if site == Site::Primary && fake.endpoint_stale(region) {
            return Fetched {
                status: 404,
                body: Vec::new(),
            };
        }
        Fetched {
            status: 200,
            body: endpoint_playlist(file, fake.endpoint_newest(region)),
        }
    }
}

impl Playback for FakeReader<'_> {
    async fn get(&self, url: &str) -> cloud::Result<Fetched> {
        let fake = self.cloud;
        let (host, path) = url.strip_prefix("https://").unwrap().split_once('/').unwrap();
        let (directory, file) = path.rsplit_once('/').unwrap();
        assert_eq!(
            format!("/{directory}/index.m3u8"),
            fake.plan.playback_path(),
            "{url}"
        );
        fake.record(format!("get {} {file}", self.reader));
        let [(primary, east), (backup, west)] = CHANNELS.map(|(site, region, _, _)| (site, region));
        match self.reader {
            Reader::Account { region } => {
                assert_eq!(
                    host,
                    egress_domain(region),
                    "a signed read goes to the Region's egress"
                );
                let site = if region == east { primary } else { backup };
                Ok(self.endpoint(site, region, file))
            }
            Reader::Viewer => {
                assert_eq!(host, DISTRIBUTION);
                // The origin group: the primary Region, else the backup on a 404.
                let first = self.endpoint(primary, east, file);
                Ok(if first.status == 404 {
                    self.endpoint(backup, west, file)
                } else {
                    first
                })
            }
        }
    }
}

fn refused(operation: &'static str, region: &str) -> cloud::Error {
    cloud::Error::Call {
        operation,
        region: region.to_owned(),
        message: "InternalServerErrorException: injected by the test".to_owned(),
    }
}

/// The drill calls only these; anything else is a bug in the drill.
fn unexpected<T>(operation: &str) -> cloud::Result<T> {
    panic!("the drill must not call {operation}")
}

/// The drill reads segments and sets the pause state: the fake has those two services only.
impl HasMediaStoreData for FakeEvent {
    type MediaStoreData<'a> = FakeRegion<'a>;
    fn mediastore_data<'a>(
        &'a self,
        region: &'a str,
        endpoint: &'a DataEndpoint,
    ) -> Self::MediaStoreData<'a> {
        assert_eq!(region, FakeEvent::region_of(endpoint));
        FakeRegion { cloud: self, region }
    }
}

impl HasMediaLive for FakeEvent {
    type MediaLive<'a> = FakeRegion<'a>;
    fn medialive<'a>(&'a self, region: &'a str) -> Self::MediaLive<'a> {
        FakeRegion { cloud: self, region }
    }
}

/// The fake event seen from one Region.
struct FakeRegion<'a> {
    cloud: &'a FakeEvent,
    region: &'a str,
}

impl MediaStoreData for FakeRegion<'_> {
    async fn list_items(&self, folder: &str) -> cloud::Result<Vec<Item>> {
        let (region, fake) = (self.region, self.cloud);
        assert_eq!(folder, fake.plan.mediastore().unwrap().settings().path());
        fake.record(format!("list {region}"));
        let mut listed = fake.listed.lock().unwrap();
        let count = listed.entry(region.to_owned()).or_default();
        if let Some((failing, after)) = &fake.fail_listing
            && failing == region
            && *count >= *after
        {
            return Err(refused("mediastore-data:ListItems", region));
        }
        *count += 1;
        drop(listed);
        let mut items = Vec::new();
        for (index, base) in fake
            .plan
            .mediastore()
            .unwrap()
            .settings()
            .pipelines()
            .bases()
            .iter()
            .enumerate()
        {
            let newest = fake.newest(region, index as u8);
            for modifier in ["_720p30", "_360p30"] {
                for number in newest - 2..=newest {
                    items.push(Item::Object(SegmentName::new(base, modifier, number).to_string()));
                }
                items.push(Item::Object(format!("{base}{modifier}.m3u8")));
            }
        }
        items.push(Item::Object("index.m3u8".to_owned()));
        Ok(items)
    }
    async fn put_object(&self, _: &str, _: Vec<u8>, _: &str) -> cloud::Result<()> {
        unexpected("PutObject")
    }
    async fn get_object(&self, _: &str) -> cloud::Result<Option<Vec<u8>>> {
        unexpected("GetObject")
    }
    async fn delete_object(&self, _: &str) -> cloud::Result<bool> {
        unexpected("DeleteObject")
    }
}

impl MediaLive for FakeRegion<'_> {
    async fn set_paused_pipelines(
        &self,
        channel_id: &str,
        action_name: &str,
        paused: &[Pipeline],
    ) -> cloud::Result<()> {
        let region = self.region;
        let fake = self.cloud;
        let indexes: Vec<String> = paused.iter().map(|p| p.index().to_string()).collect();
        fake.record(format!(
            "schedule {region} {channel_id} {action_name} [{}]",
            indexes.join(",")
        ));
        let failing = if paused.is_empty() {
            &fake.fail_unpause_in
        } else {
            &fake.fail_pause_in
        };
        if failing.as_deref() == Some(region) {
            return Err(refused("medialive:BatchUpdateSchedule", region));
        }
        assert_eq!(
            CHANNELS.iter().find(|(_, r, _, _)| *r == region).unwrap().3,
            channel_id
        );
        let newest = fake.clock_newest();
        let mut pipelines = fake.pipelines.lock().unwrap();
        for index in [0, 1] {
            let pipeline = pipelines.get_mut(&(region.to_owned(), index)).unwrap();
            let pause = paused.iter().any(|p| p.index() == index);
            if pause && !pipeline.ignores_pause && pipeline.frozen_at.is_none() {
                pipeline.frozen_at = Some(newest);
            }
            if !pause && !pipeline.ignores_unpause {
                pipeline.frozen_at = None;
            }
        }
        Ok(())
    }
    async fn list_inputs(&self) -> cloud::Result<Vec<Input>> {
        unexpected("ListInputs")
    }
    async fn create_input(&self, _: &medialive_template::input::CreateInput) -> cloud::Result<Input> {
        unexpected("CreateInput")
    }
    async fn delete_input(&self, _: &str) -> cloud::Result<bool> {
        unexpected("DeleteInput")
    }
    async fn wait_input_deleted(&self, _: &str) -> cloud::Result<()> {
        unexpected("wait for an input")
    }
    async fn list_channels(&self) -> cloud::Result<Vec<ChannelSummary>> {
        unexpected("ListChannels")
    }
    async fn create_channel(&self, _: &medialive_template::Channel) -> cloud::Result<ChannelSummary> {
        unexpected("CreateChannel")
    }
    async fn describe_channel(
        &self,
        _: &str,
    ) -> cloud::Result<Option<(ChannelSummary, medialive_template::Channel)>> {
        unexpected("DescribeChannel")
    }
    async fn start_channel(&self, _: &str) -> cloud::Result<()> {
        unexpected("StartChannel")
    }
    async fn stop_channel(&self, _: &str) -> cloud::Result<()> {
        unexpected("StopChannel")
    }
    async fn delete_channel(&self, _: &str) -> cloud::Result<bool> {
        unexpected("DeleteChannel")
    }
    async fn wait_channel(&self, _: &str, _: ChannelTarget) -> cloud::Result<()> {
        unexpected("wait for a channel")
    }
}

fn plan() -> Plan {
    Plan::new(&example_config()).unwrap()
}

const HOLD: Duration = Duration::from_secs(60);

/// The schedule calls, in order.
fn schedule_calls(calls: &[String]) -> Vec<&str> {
    calls
        .iter()
        .filter(|c| c.starts_with("schedule"))
        .map(String::as_str)
        .collect()
}

#[tokio::test(start_paused = true)]
async fn primary_pipeline_source_loss_pauses_holds_unpauses_and_passes() {
    let event = FakeEvent::new(plan());
    let dir = tempfile::tempdir().unwrap();
    let state = event.write_state(dir.path());
    let drill = Drill::new(FailoverPath::SourceLossPrimaryPipeline, "7", HOLD).unwrap();
    let started = Instant::now();
    let report = ::resilient_live::drill(&event, &event.plan, &state, &drill)
        .await
        .unwrap();
    let printed = report.to_string();
    assert!(report.passed(), "{printed}");
    assert!(Instant::now() - started >= HOLD, "the hold is held");

    let calls = event.calls();
    assert_eq!(
        schedule_calls(&calls),
        [
            "schedule us-east-1 1111111 drill-source-loss-primary-pipeline-pause-7 [0]",
            "schedule us-east-1 1111111 drill-source-loss-primary-pipeline-unpause-7 []",
        ]
    );
    // Both Regions are listed before the pause, and again before the unpause.
    let pause = calls.iter().position(|c| c.contains("-pause-7")).unwrap();
    let unpause = calls.iter().position(|c| c.contains("-unpause-7")).unwrap();
    assert_eq!(calls[..pause], ["list us-east-1", "list us-west-2"]);
    assert_eq!(calls[pause + 1..unpause], ["list us-east-1", "list us-west-2"]);
    assert!(calls[unpause + 1..].iter().all(|c| c.starts_with("list")));

    assert_eq!(report.scenario, "source-loss-primary-pipeline");
    assert_eq!(
        report.expected_outcome,
        FailoverPath::SourceLossPrimaryPipeline
            .viewer_outcome()
            .description()
    );
    assert_eq!(report.pipelines.len(), 4);
    let paused: Vec<_> = report.pipelines.iter().filter(|p| p.paused).collect();
    assert_eq!(paused.len(), 1);
    let primary = paused[0];
    assert_eq!(
        (primary.site, primary.pipeline, primary.base.as_str()),
        (Site::Primary, 0, "primary")
    );
    assert_eq!(primary.end_of_hold, primary.before);
    assert!(primary.after_unpause > primary.end_of_hold);
    assert_eq!(
        primary.checks.iter().map(|c| c.expectation).collect::<Vec<_>>(),
        [Expectation::Stops, Expectation::Resumes]
    );
    let segments_in_hold = HOLD.as_secs() / event.segment.as_secs();
    for running in report.pipelines.iter().filter(|p| !p.paused) {
        assert_eq!(
            running.end_of_hold.unwrap() - running.before.unwrap(),
            segments_in_hold,
            "{printed}"
        );
        assert_eq!(running.checks[0].expectation, Expectation::Advances);
    }
    assert!(
        printed.contains("expected viewer outcome: CloudFront gets a 404"),
        "{printed}"
    );
    assert!(
        printed.contains("paused pipeline 0 of channel 1111111 in us-east-1 (primary Region)"),
        "{printed}"
    );
    assert!(printed.contains("stops: ok, resumes: ok"), "{printed}");
    assert!(printed.ends_with("verdict: PASS"), "{printed}");

    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["passed"], true);
    assert_eq!(json["scenario"], "source-loss-primary-pipeline");
    assert_eq!(json["hold_seconds"], 60.0);
    assert_eq!(json["channels"][0]["paused"], serde_json::json!([0]));
    assert_eq!(json["pipelines"][0]["checks"][0]["expectation"], "stops");
    assert_eq!(json["pipelines"][0]["checks"][0]["passed"], true);
}

#[tokio::test(start_paused = true)]
async fn each_preset_pauses_the_pipelines_the_recipe_names() {
    let cases = [
        (
            FailoverPath::SourceLossBothRegions,
            vec![
                "schedule us-east-1 1111111 drill-source-loss-both-regions-pause-x [0]",
                "schedule us-west-2 2222222 drill-source-loss-both-regions-pause-x [0]",
                "schedule us-east-1 1111111 drill-source-loss-both-regions-unpause-x []",
                "schedule us-west-2 2222222 drill-source-loss-both-regions-unpause-x []",
            ],
            vec![(Site::Primary, 0), (Site::Backup, 0)],
        ),
        (
            FailoverPath::PrimaryRegionDown,
            vec![
                "schedule us-east-1 1111111 drill-primary-region-down-pause-x [0,1]",
                "schedule us-east-1 1111111 drill-primary-region-down-unpause-x []",
            ],
            vec![(Site::Primary, 0), (Site::Primary, 1)],
        ),
    ];
    for (preset, expected_calls, expected_paused) in cases {
        let event = FakeEvent::new(plan());
        let dir = tempfile::tempdir().unwrap();
        let state = event.write_state(dir.path());
        let drill = Drill::new(preset, "x", HOLD).unwrap();
        let report = ::resilient_live::drill(&event, &event.plan, &state, &drill)
            .await
            .unwrap();
        assert!(report.passed(), "{report}");
        assert_eq!(schedule_calls(&event.calls()), expected_calls, "{preset}");
        let paused: Vec<(Site, u8)> = report
            .pipelines
            .iter()
            .filter(|p| p.paused)
            .map(|p| (p.site, p.pipeline))
            .collect();
        assert_eq!(paused, expected_paused, "{preset}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_custom_choice_pauses_one_regions_pipelines() {
    let event = FakeEvent::new(plan());
    let dir = tempfile::tempdir().unwrap();
    let state = event.write_state(dir.path());
    let drill = Drill::new(
        Scenario::custom(Site::Backup, &[Pipeline::Backup]).unwrap(),
        "3",
        HOLD,
    )
    .unwrap();
    assert_eq!(drill.pause_action(), "drill-custom-backup-1-pause-3");
    let report = ::resilient_live::drill(&event, &event.plan, &state, &drill)
        .await
        .unwrap();
    assert!(report.passed(), "{report}");
    assert_eq!(
        schedule_calls(&event.calls()),
        [
            "schedule us-west-2 2222222 drill-custom-backup-1-pause-3 [1]",
            "schedule us-west-2 2222222 drill-custom-backup-1-unpause-3 []",
        ]
    );
    assert!(report.expected_outcome.contains("primary Region keeps answering"));

    // A custom choice that is a preset has the preset's expected outcome.
    assert_eq!(
        Scenario::custom(Site::Primary, &Pipeline::BOTH)
            .unwrap()
            .expected_outcome(Origin::MediaStore),
        FailoverPath::PrimaryRegionDown.viewer_outcome()
    );
    assert_eq!(
        Scenario::custom(Site::Primary, &[Pipeline::Primary])
            .unwrap()
            .paused(Site::Primary),
        [Pipeline::Primary]
    );
    assert!(
        Scenario::custom(Site::Primary, &[Pipeline::Primary])
            .unwrap()
            .paused(Site::Backup)
            .is_empty()
    );
}

#[tokio::test(start_paused = true)]
async fn a_pipeline_that_keeps_advancing_while_paused_fails_the_drill() {
    let event = FakeEvent::new(plan()).with_pipeline(
        "us-east-1",
        0,
        FakePipeline {
            ignores_pause: true,
            ..FakePipeline::default()
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let state = event.write_state(dir.path());
    let drill = Drill::new(FailoverPath::SourceLossPrimaryPipeline, "1", HOLD).unwrap();
    let report = ::resilient_live::drill(&event, &event.plan, &state, &drill)
        .await
        .unwrap();
    let printed = report.to_string();
    assert!(!report.passed(), "{printed}");
    let primary = &report.pipelines[0];
    assert!(primary.paused);
    assert!(!primary.checks[0].passed, "stops fails: {printed}");
    assert!(
        primary.checks[1].passed,
        "it kept writing, so it 'resumes': {printed}"
    );
    assert!(report.pipelines[1..].iter().all(|p| p.passed()), "{printed}");
    assert!(printed.contains("stops: FAIL"), "{printed}");
    assert!(printed.ends_with("verdict: FAIL"), "{printed}");
    assert_eq!(serde_json::to_value(&report).unwrap()["passed"], false);
    // It was unpaused all the same.
    assert!(schedule_calls(&event.calls())[1].contains("-unpause-1 []"));
}

#[tokio::test(start_paused = true)]
async fn a_pipeline_that_does_not_resume_fails_after_the_resume_timeout() {
    let event = FakeEvent::new(plan()).with_pipeline(
        "us-east-1",
        0,
        FakePipeline {
            ignores_unpause: true,
            ..FakePipeline::default()
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let state = event.write_state(dir.path());
    let timeout = Duration::from_secs(30);
    let drill = Drill::new(FailoverPath::SourceLossPrimaryPipeline, "1", HOLD)
        .unwrap()
        .resume_timeout(timeout);
    let started = Instant::now();
    let report = ::resilient_live::drill(&event, &event.plan, &state, &drill)
        .await
        .unwrap();
    assert!(
        Instant::now() - started >= HOLD + timeout,
        "it waited the whole timeout"
    );
    let primary = &report.pipelines[0];
    assert!(primary.checks[0].passed, "{report}");
    assert_eq!(primary.checks[1].expectation, Expectation::Resumes);
    assert!(!primary.checks[1].passed, "{report}");
    assert!(!report.passed());
}

#[tokio::test(start_paused = true)]
async fn a_failed_observation_during_the_hold_still_unpauses() {
    // The backup Region's container answers the first listing, then fails.
    let mut event = FakeEvent::new(plan());
    event.fail_listing = Some(("us-west-2".to_owned(), 1));
    let dir = tempfile::tempdir().unwrap();
    let state = event.write_state(dir.path());
    let drill = Drill::new(FailoverPath::SourceLossBothRegions, "9", HOLD).unwrap();
    let error = ::resilient_live::drill(&event, &event.plan, &state, &drill)
        .await
        .unwrap_err();
    match &error {
        drill::Error::Observe {
            stage, site, region, ..
        } => {
            assert_eq!(*stage, Stage::EndOfHold);
            assert_eq!(*site, Site::Backup);
            assert_eq!(region, "us-west-2");
        }
        other => panic!("expected an observation error, got {other:?}"),
    }
    assert!(
        error.to_string().contains("(the channels were unpaused)"),
        "{error}"
    );
    let calls = event.calls();
    let schedule = schedule_calls(&calls);
    assert_eq!(schedule.len(), 4, "{calls:?}");
    assert!(
        schedule[..2].iter().all(|c| c.contains("-pause-9 [0]")),
        "{calls:?}"
    );
    assert!(
        schedule[2..].iter().all(|c| c.contains("-unpause-9 []")),
        "{calls:?}"
    );
    // The unpause came after the failed listing, and nothing ran after it.
    assert!(calls.last().unwrap().contains("-unpause-9"), "{calls:?}");
    let pipelines = event.pipelines.lock().unwrap();
    assert!(pipelines.values().all(|p| p.frozen_at.is_none()), "{pipelines:?}");
}

#[tokio::test(start_paused = true)]
async fn a_failed_pause_unpauses_every_channel_it_touched() {
    let mut event = FakeEvent::new(plan());
    event.fail_pause_in = Some("us-west-2".to_owned());
    let dir = tempfile::tempdir().unwrap();
    let state = event.write_state(dir.path());
    let drill = Drill::new(FailoverPath::SourceLossBothRegions, "2", HOLD).unwrap();
    let started = Instant::now();
    let error = ::resilient_live::drill(&event, &event.plan, &state, &drill)
        .await
        .unwrap_err();
    assert!(Instant::now() - started < HOLD, "no hold after a failed pause");
    let message = error.to_string();
    assert!(
        matches!(
            error,
            drill::Error::Pause {
                site: Site::Backup,
                ..
            }
        ),
        "{message}"
    );
    assert!(message.contains("channel 2222222 in us-west-2"), "{message}");
    assert!(
        message.contains("drill-source-loss-both-regions-pause-2"),
        "{message}"
    );
    let calls = event.calls();
    let schedule = schedule_calls(&calls);
    assert_eq!(schedule.len(), 4, "{calls:?}");
    assert!(
        schedule[2..].iter().all(|c| c.contains("-unpause-2 []")),
        "{calls:?}"
    );
    let pipelines = event.pipelines.lock().unwrap();
    assert!(pipelines.values().all(|p| p.frozen_at.is_none()), "{pipelines:?}");
}

#[tokio::test(start_paused = true)]
async fn a_failed_unpause_says_how_to_unpause_by_hand() {
    let mut event = FakeEvent::new(plan());
    event.fail_unpause_in = Some("us-east-1".to_owned());
    let dir = tempfile::tempdir().unwrap();
    let state = event.write_state(dir.path());
    let drill = Drill::new(FailoverPath::PrimaryRegionDown, "5", HOLD).unwrap();
    let error = ::resilient_live::drill(&event, &event.plan, &state, &drill)
        .await
        .unwrap_err();
    let message = error.to_string();
    let drill::Error::Unpause { stuck, earlier } = &error else {
        panic!("expected an unpause error, got {error:?}");
    };
    assert!(earlier.is_none());
    assert_eq!(stuck.len(), 1);
    assert_eq!(stuck[0].channel_id, "1111111");
    assert!(
        message.starts_with("unpausing failed: channels may still be paused"),
        "{message}"
    );
    let command = "aws medialive batch-update-schedule --region us-east-1 --channel-id 1111111 --creates \
                   '{\"ScheduleActions\":[{\"ActionName\":\"drill-primary-region-down-unpause-5-by-hand\",\
                   \"ScheduleActionStartSettings\":{\"ImmediateModeScheduleActionStartSettings\":{}},\
                   \"ScheduleActionSettings\":{\"PauseStateSettings\":{\"Pipelines\":[]}}}]}'";
    assert!(message.contains(command), "{message}");
    // The by-hand command's JSON is the schedule API's document.
    let json = command
        .split_once("--creates '")
        .unwrap()
        .1
        .trim_end_matches('\'');
    let creates: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        creates["ScheduleActions"][0]["ScheduleActionSettings"]["PauseStateSettings"]["Pipelines"],
        serde_json::json!([])
    );
}

#[tokio::test(start_paused = true)]
async fn a_failed_unpause_after_a_failed_observation_reports_both() {
    let mut event = FakeEvent::new(plan());
    event.fail_listing = Some(("us-east-1".to_owned(), 1));
    event.fail_unpause_in = Some("us-east-1".to_owned());
    let dir = tempfile::tempdir().unwrap();
    let state = event.write_state(dir.path());
    let drill = Drill::new(FailoverPath::SourceLossPrimaryPipeline, "4", HOLD).unwrap();
    let error = ::resilient_live::drill(&event, &event.plan, &state, &drill)
        .await
        .unwrap_err();
    let drill::Error::Unpause { earlier, .. } = &error else {
        panic!("expected an unpause error, got {error:?}");
    };
    assert!(matches!(
        earlier.as_deref(),
        Some(drill::Error::Observe {
            stage: Stage::EndOfHold,
            ..
        })
    ));
    let message = error.to_string();
    assert!(
        message.contains("unpause it by hand with: aws medialive"),
        "{message}"
    );
    assert!(
        message.contains("the drill had already failed: listing the segments"),
        "{message}"
    );
}

#[tokio::test(start_paused = true)]
async fn bad_inputs_are_refused_before_any_call() {
    let event = FakeEvent::new(plan());
    let dir = tempfile::tempdir().unwrap();
    let state = event.write_state(dir.path());

    // Three 6 s segments at least.
    let short = Drill::new(FailoverPath::PrimaryRegionDown, "1", Duration::from_secs(17)).unwrap();
    let error = ::resilient_live::drill(&event, &event.plan, &state, &short)
        .await
        .unwrap_err();
    assert!(
        matches!(error, drill::Error::HoldTooShort { minimum, .. } if minimum == Duration::from_secs(18)),
        "{error}"
    );
    assert!(error.to_string().contains("at least 3 segments (18s)"), "{error}");

    // No state file.
    let drill = Drill::new(FailoverPath::PrimaryRegionDown, "1", HOLD).unwrap();
    let missing = dir.path().join("missing.json");
    let error = ::resilient_live::drill(&event, &event.plan, &missing, &drill)
        .await
        .unwrap_err();
    assert!(
        matches!(error, drill::Error::State(state::Error::NotDeployed { .. })),
        "{error}"
    );

    // No channel recorded for a Region the scenario pauses.
    let mut recorded = State::load(&state).unwrap().unwrap();
    recorded.regions.get_mut(&Site::Primary).unwrap().channel = None;
    recorded.save(&state).unwrap();
    let error = ::resilient_live::drill(&event, &event.plan, &state, &drill)
        .await
        .unwrap_err();
    assert!(
        matches!(error, drill::Error::NoChannel { site: Site::Primary }),
        "{error}"
    );
    assert!(event.calls().is_empty(), "{:?}", event.calls());

    for bad in ["", "a b", "2026-11-25T01:00:00Z", &"x".repeat(65)] {
        let error = Drill::new(FailoverPath::PrimaryRegionDown, bad, HOLD).unwrap_err();
        assert!(matches!(error, drill::Error::Discriminator { .. }), "{bad:?}");
        assert!(error.to_string().contains("A-Z, a-z, 0-9, - and _"), "{error}");
    }
    let error = Scenario::custom(Site::Primary, &[]).unwrap_err().to_string();
    assert_eq!(
        error,
        "a custom drill pauses at least one pipeline: give 0, 1 or both"
    );
}

// ---------------------------------------------------------------------------------------------
// MediaPackage v2: each Region's endpoint read signed, the viewer's path through the distribution.

fn mediapackage_plan() -> Plan {
    Plan::new(&package_config()).unwrap()
}

/// Runs `path` on `event` with the default hold; the report and its printed form.
async fn run_drill(event: &FakeEvent, path: FailoverPath, discriminator: &str) -> (DrillReport, String) {
    let dir = tempfile::tempdir().unwrap();
    let state = event.write_state(dir.path());
    let drill = Drill::new(path, discriminator, HOLD).unwrap();
    let report = ::resilient_live::drill(event, &event.plan, &state, &drill)
        .await
        .unwrap();
    let printed = report.to_string();
    (report, printed)
}

#[tokio::test(start_paused = true)]
async fn on_mediapackage_a_lost_pipeline_is_hidden_by_input_switching() {
    let event = FakeEvent::new(mediapackage_plan());
    let (report, printed) = run_drill(&event, FailoverPath::SourceLossPrimaryPipeline, "4").await;
    assert!(report.passed(), "{printed}");
    assert!(report.pipelines.is_empty());
    let outputs: Vec<_> = report
        .outputs
        .iter()
        .map(|o| (o.output.as_str(), o.region.as_deref()))
        .collect();
    assert_eq!(
        outputs,
        [
            ("primary endpoint", Some("us-east-1")),
            ("backup endpoint", Some("us-west-2")),
            ("viewer", None)
        ]
    );
    // Every output keeps advancing: MediaPackage takes the other input.
    for output in &report.outputs {
        assert!(!output.inputs_paused, "{printed}");
        assert_eq!(output.checks.len(), 1);
        assert_eq!(output.checks[0].expectation, Expectation::Advances);
    }
    assert_eq!(
        report.expected_outcome,
        ViewerOutcome::Unaffected.description_on(OriginKind::MediaPackageV2)
    );
    assert_eq!(
        schedule_calls(&event.calls()),
        [
            "schedule us-east-1 1111111 drill-source-loss-primary-pipeline-pause-4 [0]",
            "schedule us-east-1 1111111 drill-source-loss-primary-pipeline-unpause-4 []",
        ]
    );
    // Signed reads go to each Region, the viewer's to the distribution; the containers are not read.
    let calls = event.calls();
    assert!(
        calls.contains(&"get signed for us-east-1 index.m3u8".to_owned()),
        "{calls:?}"
    );
    assert!(
        calls.contains(&"get signed for us-west-2 index_2.m3u8".to_owned()),
        "{calls:?}"
    );
    assert!(calls.contains(&"get viewer index_1.m3u8".to_owned()), "{calls:?}");
    assert!(!calls.iter().any(|c| c.starts_with("list")), "{calls:?}");
    let json = serde_json::to_value(&report).unwrap();
    assert!(json.get("pipelines").is_none());
    assert_eq!(json["outputs"][2]["output"], "viewer");
}

#[tokio::test(start_paused = true)]
async fn on_mediapackage_the_primary_regions_outage_fails_over_at_the_edge() {
    let event = FakeEvent::new(mediapackage_plan());
    let (report, printed) = run_drill(&event, FailoverPath::PrimaryRegionDown, "5").await;
    assert!(report.passed(), "{printed}");
    let [primary, backup, viewer] = &report.outputs[..] else {
        panic!("{printed}")
    };
    // The primary endpoint answers 404 while its inputs are paused, then resumes.
    assert!(primary.inputs_paused);
    assert_eq!(primary.end_of_hold, None, "{printed}");
    assert!(primary.after_unpause.is_some(), "{printed}");
    assert_eq!(
        primary.checks.iter().map(|c| c.expectation).collect::<Vec<_>>(),
        [Expectation::Stops, Expectation::Resumes]
    );
    // The backup keeps going, and so does the viewer, served by the backup through the hold.
    assert!(!backup.inputs_paused && !viewer.inputs_paused);
    let segments_in_hold = HOLD.as_secs() / event.segment.as_secs();
    assert_eq!(
        viewer.end_of_hold.unwrap() - viewer.before.unwrap(),
        segments_in_hold,
        "{printed}"
    );
    assert_eq!(viewer.end_of_hold, backup.end_of_hold, "{printed}");
    assert!(
        printed.contains("expected viewer outcome: The primary Region's channel gets no input"),
        "{printed}"
    );
    assert!(printed.contains("viewer"), "{printed}");
    assert!(printed.ends_with("verdict: PASS"), "{printed}");
}

#[tokio::test(start_paused = true)]
async fn on_mediapackage_an_endpoint_that_keeps_serving_while_its_inputs_are_paused_fails() {
    // Pipeline 1 of the primary Region ignores the pause: the endpoint never goes stale.
    let event = FakeEvent::new(mediapackage_plan()).with_pipeline(
        "us-east-1",
        1,
        FakePipeline {
            ignores_pause: true,
            ..FakePipeline::default()
        },
    );
    let (report, printed) = run_drill(&event, FailoverPath::PrimaryRegionDown, "6").await;
    assert!(!report.passed(), "{printed}");
    assert!(!report.outputs[0].checks[0].passed, "{printed}");
    assert!(report.outputs[1..].iter().all(|o| o.passed()), "{printed}");
    assert!(schedule_calls(&event.calls())[1].contains("-unpause-6 []"));
}

#[tokio::test(start_paused = true)]
async fn on_mediapackage_a_state_without_a_distribution_is_refused_before_any_pause() {
    let event = FakeEvent::new(mediapackage_plan());
    let dir = tempfile::tempdir().unwrap();
    let path = event.write_state(dir.path());
    let mut state = State::load(&path).unwrap().unwrap();
    state.distribution = None;
    state.save(&path).unwrap();
    let drill = Drill::new(FailoverPath::PrimaryRegionDown, "8", HOLD).unwrap();
    let error = ::resilient_live::drill(&event, &event.plan, &path, &drill)
        .await
        .unwrap_err();
    assert!(matches!(error, drill::Error::NoDistribution), "{error}");
    assert!(error.to_string().contains("no distribution"), "{error}");
    assert!(event.calls().is_empty());
}
