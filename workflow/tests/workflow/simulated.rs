//! The simulated AWS itself, apply's speed on it, and apply interrupted at every point and run
//! again: after any interruption (a refused call, a lost reply, the program stopped at any
//! instant) a re-run converges to exactly the deployment an uninterrupted run makes, with no
//! duplicate, and teardown then leaves nothing. Everything runs on tokio's paused clock, so the
//! timings asserted are virtual and deterministic.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use ::resilient_live::apply::{self, Outcome};
use ::resilient_live::cloud::cloudfront::{CloudFront as _, DistributionStatus};
use ::resilient_live::cloud::mediaconnect::{FlowStatus, FlowTarget, MediaConnect as _};
use ::resilient_live::cloud::medialive::{ChannelState, ChannelTarget, InputState, MediaLive as _};
use ::resilient_live::cloud::mediastore::{ContainerStatus, MediaStore as _};
use ::resilient_live::cloud::mediastore_data::{Item, MediaStoreData as _};
use ::resilient_live::cloud::{
    HasCloudFront, HasMediaConnect, HasMediaLive, HasMediaStore, HasMediaStoreData,
};
use ::resilient_live::dag::{self, Step};
use ::resilient_live::origin::{MediaStoreStep, Origin, OriginStep};
use ::resilient_live::plan::DistributionInputs;
use ::resilient_live::resource::Kind;
use ::resilient_live::simulated::{Fault, Inventory, LatencyProfile, SimulatedCloud};
use ::resilient_live::{Plan, Polling, State};
use medialive_template::Pipeline;
use medialive_template::contribution::{CreateFlow, FlowSource, Protocol};
use medialive_template::input::{CreateInput, MediaConnectFlow};
use origin_failover::Site;

use crate::{apply_plan, example_config, package_config, test_secret};

const EAST: &str = "us-east-1";

fn plan() -> Plan {
    Plan::new(&example_config()).unwrap()
}

/// The bundled event, on MediaPackage v2.
fn package_plan() -> Plan {
    Plan::new(&package_config()).unwrap()
}

/// Both origins' plans: the interruption tests run on each.
const PLANS: [fn() -> Plan; 2] = [plan, package_plan];

fn flow_request(name: &str) -> CreateFlow {
    CreateFlow {
        name: name.to_owned(),
        availability_zone: "us-east-1a".to_owned(),
        source: FlowSource {
            name: format!("{name}-source"),
            description: "test".to_owned(),
            protocol: Protocol::ZixiPush,
            ingest_port: 2088,
            whitelist_cidr: "203.0.113.0/24".to_owned(),
        },
    }
}

// ---- The simulation's own semantics. ----

#[tokio::test(start_paused = true)]
async fn a_container_is_active_with_an_endpoint_after_the_profile_delay_and_names_are_unique() {
    let profile = LatencyProfile::default();
    let cloud = SimulatedCloud::new(profile);
    assert_eq!(
        cloud.mediastore(EAST).describe_container("c").await.unwrap(),
        None
    );
    let started = tokio::time::Instant::now();
    let created = cloud
        .mediastore(EAST)
        .create_container("c", &BTreeMap::new())
        .await
        .unwrap();
    assert_eq!(started.elapsed(), profile.api_call, "one round trip");
    assert_eq!(created.status, ContainerStatus::Creating);
    assert_eq!(created.endpoint, None, "no endpoint before ACTIVE");
    let error = cloud
        .mediastore(EAST)
        .put_container_policy("c", "{}")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("CREATING"), "{error}");
    let again = cloud
        .mediastore(EAST)
        .create_container("c", &BTreeMap::new())
        .await
        .unwrap_err();
    assert!(again.to_string().contains("already exists"), "{again}");

    tokio::time::sleep(profile.container_active).await;
    let active = cloud
        .mediastore(EAST)
        .describe_container("c")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(active.status, ContainerStatus::Active);
    let endpoint = active.endpoint.unwrap();
    assert_eq!(endpoint.region().as_str(), "us-east-1", "{endpoint}");
    assert_eq!(cloud.mediastore(EAST).container_policy("c").await.unwrap(), None);
    cloud
        .mediastore(EAST)
        .put_container_policy("c", "{\"a\":1}")
        .await
        .unwrap();
    assert_eq!(
        cloud
            .mediastore(EAST)
            .container_policy("c")
            .await
            .unwrap()
            .as_deref(),
        Some("{\"a\":1}")
    );

    // Objects, folders, and a container that must be empty before it is deleted.
    cloud
        .mediastore_data(EAST, &endpoint)
        .put_object(
            "live/index.m3u8",
            b"#EXTM3U".to_vec(),
            hls_epoch::naming::PLAYLIST_CONTENT_TYPE,
        )
        .await
        .unwrap();
    cloud
        .mediastore_data(EAST, &endpoint)
        .put_object("top.txt", b"x".to_vec(), "text/plain")
        .await
        .unwrap();
    let root = cloud
        .mediastore_data(EAST, &endpoint)
        .list_items("")
        .await
        .unwrap();
    assert_eq!(
        root,
        vec![
            Item::Folder("live".to_owned()),
            Item::Object("top.txt".to_owned())
        ]
    );
    assert_eq!(
        cloud
            .mediastore_data(EAST, &endpoint)
            .get_object("live/index.m3u8")
            .await
            .unwrap()
            .as_deref(),
        Some(&b"#EXTM3U"[..])
    );
    assert_eq!(
        cloud
            .mediastore_data(EAST, &endpoint)
            .get_object("live/missing")
            .await
            .unwrap(),
        None
    );
    let refused = cloud.mediastore(EAST).delete_container("c").await.unwrap_err();
    assert!(refused.to_string().contains("2 objects"), "{refused}");
    assert!(
        cloud
            .mediastore_data(EAST, &endpoint)
            .delete_object("live/index.m3u8")
            .await
            .unwrap()
    );
    assert!(
        !cloud
            .mediastore_data(EAST, &endpoint)
            .delete_object("live/index.m3u8")
            .await
            .unwrap()
    );
    assert!(
        cloud
            .mediastore_data(EAST, &endpoint)
            .delete_object("top.txt")
            .await
            .unwrap()
    );

    assert!(cloud.mediastore(EAST).delete_container("c").await.unwrap());
    assert_eq!(
        cloud
            .mediastore(EAST)
            .describe_container("c")
            .await
            .unwrap()
            .unwrap()
            .status,
        ContainerStatus::Deleting
    );
    tokio::time::sleep(profile.container_deleted).await;
    assert_eq!(
        cloud.mediastore(EAST).describe_container("c").await.unwrap(),
        None
    );
    assert!(
        !cloud.mediastore(EAST).delete_container("c").await.unwrap(),
        "not found is false"
    );
    assert!(cloud.inventory().is_empty());
}

#[tokio::test(start_paused = true)]
async fn flow_names_are_not_unique_and_flows_follow_their_state_machine() {
    let profile = LatencyProfile::default();
    let cloud = SimulatedCloud::new(profile);
    let first = cloud
        .mediaconnect(EAST)
        .create_flow(&flow_request("f"))
        .await
        .unwrap();
    let second = cloud
        .mediaconnect(EAST)
        .create_flow(&flow_request("f"))
        .await
        .unwrap();
    assert_ne!(first.arn, second.arn);
    assert_eq!(first.status, FlowStatus::Standby);
    let inventory = cloud.inventory();
    assert_eq!(inventory.count(Kind::Flow), 2);
    assert_eq!(inventory.duplicates().len(), 1, "{inventory}");

    cloud.mediaconnect(EAST).start_flow(&first.arn).await.unwrap();
    assert_eq!(
        cloud
            .mediaconnect(EAST)
            .describe_flow(&first.arn)
            .await
            .unwrap()
            .unwrap()
            .status,
        FlowStatus::Starting
    );
    let error = cloud
        .mediaconnect(EAST)
        .delete_flow(&first.arn)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("stop it"), "{error}");
    let started = tokio::time::Instant::now();
    cloud
        .mediaconnect(EAST)
        .wait_flow(&first.arn, FlowTarget::Active)
        .await
        .unwrap();
    // Polled every 3 s (the SDK waiter's minimum delay): the first poll at or after 5 s.
    let waited = started.elapsed();
    assert!(
        waited >= profile.flow_transition - profile.api_call * 2,
        "{waited:?}"
    );
    assert!(
        waited <= profile.flow_transition + Duration::from_secs(3) + profile.api_call,
        "{waited:?}"
    );
    cloud.mediaconnect(EAST).stop_flow(&first.arn).await.unwrap();
    cloud
        .mediaconnect(EAST)
        .wait_flow(&first.arn, FlowTarget::Standby)
        .await
        .unwrap();
    assert!(cloud.mediaconnect(EAST).delete_flow(&first.arn).await.unwrap());
    cloud
        .mediaconnect(EAST)
        .wait_flow(&first.arn, FlowTarget::Deleted)
        .await
        .unwrap();
    assert_eq!(
        cloud.mediaconnect(EAST).describe_flow(&first.arn).await.unwrap(),
        None
    );
    assert!(!cloud.mediaconnect(EAST).delete_flow(&first.arn).await.unwrap());
    assert_eq!(cloud.inventory().count(Kind::Flow), 1);
}

#[tokio::test(start_paused = true)]
async fn channels_move_through_their_states_and_an_input_feeds_one_channel() {
    let profile = LatencyProfile::default();
    let cloud = SimulatedCloud::new(profile);
    let plan = plan();
    let a = cloud
        .mediaconnect(EAST)
        .create_flow(&flow_request("a"))
        .await
        .unwrap();
    let b = cloud
        .mediaconnect(EAST)
        .create_flow(&flow_request("b"))
        .await
        .unwrap();
    let input = cloud
        .medialive(EAST)
        .create_input(&plan.input_request(Site::Primary, [&a.arn, &b.arn]))
        .await
        .unwrap();
    let bogus = CreateInput {
        media_connect_flows: vec![MediaConnectFlow {
            flow_arn: "arn:aws:mediaconnect:us-east-1:0:flow:nope".to_owned(),
        }],
        ..plan.input_request(Site::Primary, [&a.arn, &b.arn])
    };
    assert!(
        cloud.medialive(EAST).create_input(&bogus).await.is_err(),
        "an input needs existing flows"
    );
    let document = plan
        .mediastore()
        .unwrap()
        .channel(
            Site::Primary,
            &input.id,
            &"https://x.data.mediastore.us-east-1.amazonaws.com"
                .parse()
                .unwrap(),
        )
        .unwrap();
    let channel = cloud.medialive(EAST).create_channel(&document).await.unwrap();
    assert_eq!(channel.state, ChannelState::Creating);
    let second = cloud.medialive(EAST).create_channel(&document).await.unwrap_err();
    assert!(second.to_string().contains("one channel"), "{second}");
    let error = cloud
        .medialive(EAST)
        .start_channel(&channel.id)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("CREATING"), "{error}");

    let started = tokio::time::Instant::now();
    cloud
        .medialive(EAST)
        .wait_channel(&channel.id, ChannelTarget::Created)
        .await
        .unwrap();
    assert!(started.elapsed() >= profile.channel_created - profile.api_call);
    let (described, held) = cloud
        .medialive(EAST)
        .describe_channel(&channel.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(described.state, ChannelState::Idle);
    assert_eq!(held, document, "the document comes back as sent");
    let listed = cloud.medialive(EAST).list_inputs().await.unwrap();
    assert_eq!(listed[0].state, InputState::Attached);
    let refused = cloud.medialive(EAST).delete_input(&input.id).await.unwrap_err();
    assert!(
        refused.to_string().contains("delete its channel first"),
        "{refused}"
    );

    cloud.medialive(EAST).start_channel(&channel.id).await.unwrap();
    cloud
        .medialive(EAST)
        .wait_channel(&channel.id, ChannelTarget::Running)
        .await
        .unwrap();
    // The pause state is recorded; action names are unique in a schedule.
    cloud
        .medialive(EAST)
        .set_paused_pipelines(&channel.id, "drill-1", &[Pipeline::Backup, Pipeline::Primary])
        .await
        .unwrap();
    assert_eq!(
        cloud.paused_pipelines(EAST, &channel.id),
        Some(vec![Pipeline::Primary, Pipeline::Backup])
    );
    let duplicate = cloud
        .medialive(EAST)
        .set_paused_pipelines(&channel.id, "drill-1", &[])
        .await
        .unwrap_err();
    assert!(duplicate.to_string().contains("drill-1"), "{duplicate}");
    cloud
        .medialive(EAST)
        .set_paused_pipelines(&channel.id, "drill-2", &[])
        .await
        .unwrap();
    assert_eq!(cloud.paused_pipelines(EAST, &channel.id), Some(vec![]));
    assert_eq!(cloud.paused_pipelines(EAST, "9999999"), None);
    let busy = cloud
        .medialive(EAST)
        .delete_channel(&channel.id)
        .await
        .unwrap_err();
    assert!(busy.to_string().contains("RUNNING"), "{busy}");

    cloud.medialive(EAST).stop_channel(&channel.id).await.unwrap();
    cloud
        .medialive(EAST)
        .wait_channel(&channel.id, ChannelTarget::Stopped)
        .await
        .unwrap();
    assert!(cloud.medialive(EAST).delete_channel(&channel.id).await.unwrap());
    cloud
        .medialive(EAST)
        .wait_channel(&channel.id, ChannelTarget::Deleted)
        .await
        .unwrap();
    // MediaLive keeps listing it as DELETED; the inventory leaves it out.
    let listed = cloud.medialive(EAST).list_channels().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].is_live());
    assert_eq!(cloud.inventory().count(Kind::Channel), 0);
    assert!(cloud.medialive(EAST).delete_input(&input.id).await.unwrap());
    cloud.medialive(EAST).wait_input_deleted(&input.id).await.unwrap();
    assert!(!cloud.medialive(EAST).delete_input(&input.id).await.unwrap());
}

#[tokio::test(start_paused = true)]
async fn distributions_are_idempotent_by_caller_reference_and_guarded_by_etag() {
    let profile = LatencyProfile::default();
    let cloud = SimulatedCloud::new(profile);
    let plan = plan();
    let (primary, backup) = (
        "https://a.data.mediastore.us-east-1.amazonaws.com"
            .parse()
            .unwrap(),
        "https://b.data.mediastore.us-west-2.amazonaws.com"
            .parse()
            .unwrap(),
    );
    let config = plan
        .distribution(DistributionInputs::MediaStore {
            secret: &test_secret(),
            endpoints: [&primary, &backup],
        })
        .unwrap();
    let created = cloud
        .cloudfront()
        .create_distribution(&config, plan.names().tags())
        .await
        .unwrap();
    assert_eq!(created.status, DistributionStatus::InProgress);
    let again = cloud
        .cloudfront()
        .create_distribution(&config, plan.names().tags())
        .await
        .unwrap();
    assert_eq!(
        again.id, created.id,
        "same caller reference and config: the same distribution"
    );
    let mut other = config.clone();
    other.comment = "another".to_owned();
    assert!(
        cloud
            .cloudfront()
            .create_distribution(&other, plan.names().tags())
            .await
            .is_err()
    );
    assert_eq!(cloud.inventory().count(Kind::Distribution), 1);

    let (mut read, etag) = cloud
        .cloudfront()
        .distribution_config(&created.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read, config);
    read.enabled = false;
    let stale = cloud
        .cloudfront()
        .update_distribution(&created.id, &read, "E-stale")
        .await
        .unwrap_err();
    assert!(stale.to_string().contains("PreconditionFailed"), "{stale}");
    let new_etag = cloud
        .cloudfront()
        .update_distribution(&created.id, &read, &etag)
        .await
        .unwrap();
    assert_ne!(new_etag, etag);
    let early = cloud
        .cloudfront()
        .delete_distribution(&created.id, &new_etag)
        .await
        .unwrap_err();
    assert!(early.to_string().contains("InProgress"), "{early}");
    let started = tokio::time::Instant::now();
    cloud
        .cloudfront()
        .wait_distribution_deployed(&created.id)
        .await
        .unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= profile.distribution_deployed - profile.api_call * 4,
        "{waited:?}"
    );
    assert!(
        waited <= profile.distribution_deployed + Duration::from_secs(61),
        "polled every 60 s: {waited:?}"
    );
    assert!(
        cloud
            .cloudfront()
            .delete_distribution(&created.id, &etag)
            .await
            .is_err(),
        "the old ETag"
    );
    assert!(
        cloud
            .cloudfront()
            .delete_distribution(&created.id, &new_etag)
            .await
            .unwrap()
    );
    assert_eq!(
        cloud.cloudfront().distribution_config(&created.id).await.unwrap(),
        None
    );
    assert!(
        !cloud
            .cloudfront()
            .delete_distribution(&created.id, &new_etag)
            .await
            .unwrap()
    );
}

#[tokio::test(start_paused = true)]
async fn faults_refuse_a_call_or_lose_its_reply() {
    let cloud = SimulatedCloud::new(LatencyProfile::default());
    cloud.set_faults(|call| match call.mutating_index {
        0 if call.mutating => Some(Fault::Refused),
        1 if call.mutating => Some(Fault::ReplyLost),
        _ => None,
    });
    let refused = cloud
        .mediaconnect(EAST)
        .create_flow(&flow_request("f"))
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("did not take effect"), "{refused}");
    assert_eq!(cloud.inventory().count(Kind::Flow), 0);
    let lost = cloud
        .mediaconnect(EAST)
        .create_flow(&flow_request("f"))
        .await
        .unwrap_err();
    assert!(lost.to_string().contains("reply was lost"), "{lost}");
    assert_eq!(cloud.inventory().count(Kind::Flow), 1, "the call took effect");
    assert_eq!(
        cloud.mediaconnect(EAST).list_flows().await.unwrap().len(),
        1,
        "reads pass"
    );
    assert_eq!(cloud.mutating_calls(), 2);
    assert_eq!(cloud.calls(), 3);
    cloud.clear_faults();
    cloud
        .mediaconnect(EAST)
        .create_flow(&flow_request("g"))
        .await
        .unwrap();
}

// ---- Apply on the simulation: speed. ----

/// Applies `plan` on a fresh simulated cloud and returns the report and the cloud.
async fn apply_fresh(plan: Plan, state: &Path) -> (apply::Report, SimulatedCloud) {
    let cloud = SimulatedCloud::new(LatencyProfile::default());
    let report = apply_plan(cloud.clone(), plan, state).await.unwrap();
    (report, cloud)
}

fn step_durations(report: &apply::Report) -> BTreeMap<Step, Duration> {
    report.actions.iter().map(|a| (a.step, a.took)).collect()
}

#[tokio::test(start_paused = true)]
async fn apply_takes_no_longer_than_its_critical_path_plus_five_percent() {
    let dir = tempfile::tempdir().unwrap();
    let (report, cloud) = apply_fresh(plan(), &dir.path().join("state.json")).await;
    let took = step_durations(&report);
    assert_eq!(took.len(), Step::all(Origin::MediaStore).len());
    let path = dag::critical_path(Origin::MediaStore, |step| {
        took.get(&step).copied().unwrap_or_default()
    });
    let sequential = dag::sequential_duration(Origin::MediaStore, |step| {
        took.get(&step).copied().unwrap_or_default()
    });
    let ratio = report.duration.as_secs_f64() / path.length.as_secs_f64();
    assert!(
        ratio <= 1.05,
        "run {:?} vs critical path {path}: {ratio}",
        report.duration
    );
    assert!(
        report.duration >= path.length,
        "no schedule beats the critical path"
    );
    // Container active (2 min) then distribution deployed (20 min) is the critical path on AWS.
    assert_eq!(path.steps.last(), Some(&Step::WaitDistributionDeployed));
    assert!(
        path.steps.iter().any(|s| matches!(
            s,
            Step::Origin {
                origin_step: OriginStep::MediaStore(MediaStoreStep::WaitContainerActive),
                ..
            }
        )),
        "{path}"
    );
    assert!(path.length >= Duration::from_secs(22 * 60), "{path}");
    assert!(path.length <= Duration::from_secs(24 * 60), "{path}");
    assert!(sequential > path.length, "overlap saves time: {sequential:?}");
    // Every action is timed inside the run.
    for action in &report.actions {
        assert!(action.started + action.took <= report.duration, "{action:?}");
    }
    assert!(report.to_string().contains(" in 2"), "{report}");

    let inventory = cloud.inventory();
    for (kind, count) in [
        (Kind::Container, 2),
        (Kind::Flow, 4),
        (Kind::Input, 2),
        (Kind::Channel, 2),
        (Kind::Distribution, 1),
    ] {
        assert_eq!(inventory.count(kind), count, "{kind}: {inventory}");
    }
    assert!(inventory.duplicates().is_empty(), "{inventory}");
}

#[tokio::test(start_paused = true)]
async fn a_second_apply_adopts_everything_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let (_, cloud) = apply_fresh(plan(), &state).await;
    let before = cloud.inventory();
    let report = apply_plan(cloud.clone(), plan(), &state).await.unwrap();
    assert_eq!(report.count(Outcome::Created), 0, "{report}");
    assert_eq!(report.count(Outcome::Updated), 0, "{report}");
    assert_eq!(report.count(Outcome::Adopted), 2 + 4 + 2 + 2 + 1, "{report}");
    assert_eq!(cloud.inventory(), before);
}

// ---- Interruptions. ----

/// The deployment's shape: every resource by kind, Region, name and state.
fn census(inventory: &Inventory) -> Vec<(Kind, String, String, String)> {
    inventory
        .resources
        .iter()
        .map(|r| (r.kind, r.region.clone(), r.name.clone(), r.status.clone()))
        .collect()
}

/// The state file without the values AWS assigns (ids, ARNs, endpoints, domain names), which
/// differ between runs that create resources in a different order.
fn stable(state: &State) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    if matches!(key.as_str(), "id" | "arn" | "endpoint" | "domain_name") {
                        *value = serde_json::Value::String("<assigned>".to_owned());
                    } else {
                        strip(value);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(state).unwrap();
    strip(&mut value);
    value
}

/// Every id in the state file names a resource that exists.
fn assert_state_matches(state: &State, inventory: &Inventory) {
    let ids: Vec<(Kind, &str)> = inventory
        .resources
        .iter()
        .map(|r| (r.kind, r.id.as_str()))
        .collect();
    let mut expected: Vec<(Kind, String)> = Vec::new();
    for region in state.regions.values() {
        expected.extend(region.container.iter().map(|c| (Kind::Container, c.name.clone())));
        expected.extend(
            region
                .channel_group
                .iter()
                .map(|g| (Kind::ChannelGroup, g.arn.clone())),
        );
        expected.extend(
            region
                .package_channel
                .iter()
                .map(|c| (Kind::PackageChannel, c.arn.clone())),
        );
        expected.extend(
            region
                .origin_endpoint
                .iter()
                .map(|e| (Kind::OriginEndpoint, e.arn.clone())),
        );
        expected.extend(region.flows.values().map(|f| (Kind::Flow, f.arn.clone())));
        expected.extend(region.input.iter().map(|i| (Kind::Input, i.id.clone())));
        expected.extend(region.channel.iter().map(|c| (Kind::Channel, c.id.clone())));
    }
    expected.extend(
        state
            .distribution
            .iter()
            .map(|d| (Kind::Distribution, d.id.clone())),
    );
    expected.extend(
        state
            .origin_access_control
            .iter()
            .map(|c| (Kind::OriginAccessControl, c.id.clone())),
    );
    // MediaStore: 2 containers; MediaPackage: 2 groups, 2 channels, 2 endpoints and the access
    // control. Both: 4 flows, 2 inputs, 2 channels and the distribution.
    let origin = if state.origin_access_control.is_some() {
        7
    } else {
        2
    };
    assert_eq!(expected.len(), origin + 9, "{state:?}");
    for (kind, id) in expected {
        assert!(
            ids.contains(&(kind, id.as_str())),
            "{kind} {id} is in the state file but not in AWS"
        );
    }
}

/// What an uninterrupted run of `plan` leaves, once every state change has settled.
async fn reference(plan: fn() -> Plan) -> (Vec<(Kind, String, String, String)>, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let (_, cloud) = apply_fresh(plan(), &state).await;
    settle().await;
    (
        census(&cloud.inventory()),
        stable(&State::load(&state).unwrap().unwrap()),
    )
}

/// Lets every pending state change happen (a channel adopted while still being created, ...).
async fn settle() {
    tokio::time::sleep(Duration::from_secs(60)).await;
}

/// Re-runs apply of `plan` without faults and checks it converged to `expected`.
async fn rerun_converges(
    plan: fn() -> Plan,
    cloud: &SimulatedCloud,
    state: &Path,
    expected: &(Vec<(Kind, String, String, String)>, serde_json::Value),
    what: &str,
) {
    // The interrupted run left a state file that loads (or none, if it stopped before writing).
    State::load(state).unwrap_or_else(|error| panic!("{what}: the state file does not load: {error}"));
    cloud.clear_faults();
    let report = apply_plan(cloud.clone(), plan(), state)
        .await
        .unwrap_or_else(|error| panic!("{what}: the re-run failed: {error}"));
    assert_eq!(report.actions.len(), plan().steps().len(), "{what}");
    // No settling here: when apply returns, everything must already be usable (a channel adopted
    // while still being created has been waited for), so states are compared as they are.
    let inventory = cloud.inventory();
    assert!(
        inventory.duplicates().is_empty(),
        "{what}: duplicates\n{inventory}"
    );
    assert_eq!(census(&inventory), expected.0, "{what}\n{inventory}");
    let saved = State::load(state).unwrap().unwrap();
    assert_eq!(stable(&saved), expected.1, "{what}");
    assert_state_matches(&saved, &inventory);
}

async fn teardown_empties(cloud: &SimulatedCloud, state: &Path, what: &str) {
    ::resilient_live::teardown(cloud, state)
        .await
        .unwrap_or_else(|error| panic!("{what}: teardown failed: {error}"));
    // Deletions finish on AWS's time (a container stays DELETING for a while).
    tokio::time::sleep(cloud.profile().container_deleted + Duration::from_secs(1)).await;
    let inventory = cloud.inventory();
    assert!(inventory.is_empty(), "{what}: left behind\n{inventory}");
    assert!(!state.exists(), "{what}: the state file is removed");
}

/// How many mutating calls an uninterrupted apply of `plan` makes.
async fn mutating_calls_of_a_run(plan: fn() -> Plan) -> u64 {
    let dir = tempfile::tempdir().unwrap();
    let (_, cloud) = apply_fresh(plan(), &dir.path().join("state.json")).await;
    cloud.mutating_calls()
}

#[tokio::test(start_paused = true)]
async fn after_every_call_refused_from_the_kth_change_on_a_rerun_converges() {
    for plan in PLANS {
        refused_from_the_kth_change_on(plan).await;
    }
}

async fn refused_from_the_kth_change_on(plan: fn() -> Plan) {
    let expected = reference(plan).await;
    let changes = mutating_calls_of_a_run(plan).await;
    // MediaStore: 11 creates and 8 document puts; MediaPackage: 16 creates and 4 policies.
    assert!(changes >= 19, "{changes}");
    for k in 0..=changes {
        let what = format!("calls refused from change {k} on");
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state.json");
        let cloud = SimulatedCloud::new(LatencyProfile::default());
        cloud.set_faults(move |call| (call.mutating_index >= k).then_some(Fault::Refused));
        let outcome = apply_plan(cloud.clone(), plan(), &state).await;
        if k < changes {
            assert!(outcome.is_err(), "{what}: the run cannot finish");
        }
        rerun_converges(plan, &cloud, &state, &expected, &what).await;
        if k % 5 == 0 {
            teardown_empties(&cloud, &state, &what).await;
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_channel_adopted_while_still_being_created_is_idle_when_the_rerun_returns() {
    // Nothing else to wait for, so the re-run would end while the channel is still creating.
    let profile = LatencyProfile {
        distribution_deployed: Duration::ZERO,
        ..LatencyProfile::default()
    };
    let cloud = SimulatedCloud::new(profile);
    cloud.set_faults(|call| (call.operation == "medialive:CreateChannel").then_some(Fault::ReplyLost));
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    assert!(apply_plan(cloud.clone(), plan(), &state).await.is_err());
    cloud.clear_faults();
    let report = apply_plan(cloud.clone(), plan(), &state).await.unwrap();
    // Both channels were created by the first run, whose replies were lost: all 11 are adopted.
    assert_eq!(report.count(Outcome::Adopted), 11, "{report}");
    let channels: Vec<String> = cloud
        .inventory()
        .resources
        .iter()
        .filter(|r| r.kind == Kind::Channel)
        .map(|r| r.status.clone())
        .collect();
    assert_eq!(channels, ["IDLE", "IDLE"], "{report}");
}

#[tokio::test(start_paused = true)]
async fn a_lost_reply_to_any_change_is_adopted_not_duplicated() {
    for plan in PLANS {
        lost_reply_to_each_change(plan).await;
    }
}

async fn lost_reply_to_each_change(plan: fn() -> Plan) {
    let expected = reference(plan).await;
    let changes = mutating_calls_of_a_run(plan).await;
    for k in 0..changes {
        let what = format!("reply to change {k} lost");
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state.json");
        let cloud = SimulatedCloud::new(LatencyProfile::default());
        cloud.set_faults(move |call| (call.mutating && call.mutating_index == k).then_some(Fault::ReplyLost));
        let outcome = apply_plan(cloud.clone(), plan(), &state).await;
        assert!(outcome.is_err(), "{what}: the caller saw the error");
        assert!(
            cloud.inventory().duplicates().is_empty(),
            "{what}: the lost reply made no duplicate"
        );
        rerun_converges(plan, &cloud, &state, &expected, &what).await;
        if k % 4 == 0 {
            teardown_empties(&cloud, &state, &what).await;
        }
    }
}

#[tokio::test(start_paused = true)]
async fn apply_stopped_at_any_instant_then_rerun_converges() {
    for plan in PLANS {
        stopped_at_any_instant(plan).await;
    }
}

async fn stopped_at_any_instant(plan: fn() -> Plan) {
    let expected = reference(plan).await;
    let dir = tempfile::tempdir().unwrap();
    let (full, _) = apply_fresh(plan(), &dir.path().join("state.json")).await;
    // Densely where the calls are (the first seconds: every 0.1 s round trip is split), then
    // every 20 s through the long waits, up to the end of the run.
    let mut instants: Vec<Duration> = (0..60).map(|i| Duration::from_millis(37 * i)).collect();
    let mut at = Duration::from_secs(3);
    while at < full.duration {
        instants.push(at);
        at += Duration::from_secs(20);
    }
    instants.push(full.duration - Duration::from_millis(50));
    for (index, stop_at) in instants.into_iter().enumerate() {
        let what = format!("apply stopped at {stop_at:?}");
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state.json");
        let cloud = SimulatedCloud::new(LatencyProfile::default());
        let secret = test_secret();
        let run = ::resilient_live::apply(cloud.clone(), plan(), Some(&secret), &state, Polling::default());
        // Dropping the future cancels the run and its steps, as a killed program would.
        assert!(
            tokio::time::timeout(stop_at, run).await.is_err(),
            "{what}: it finished"
        );
        rerun_converges(plan, &cloud, &state, &expected, &what).await;
        if index % 10 == 0 {
            teardown_empties(&cloud, &state, &what).await;
        }
    }
}

#[tokio::test(start_paused = true)]
async fn teardown_after_a_full_apply_leaves_the_simulation_empty() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let (_, cloud) = apply_fresh(plan(), &state).await;
    assert_eq!(
        cloud.inventory().objects.len(),
        2,
        "index.m3u8 in both containers"
    );
    teardown_empties(&cloud, &state, "full apply").await;
}

#[tokio::test(start_paused = true)]
async fn mediapackage_apply_keeps_to_its_critical_path_a_rerun_adopts_everything_and_teardown_empties() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let (report, cloud) = apply_fresh(package_plan(), &state).await;
    let took = step_durations(&report);
    assert_eq!(took.len(), Step::all(Origin::MediaPackageV2).len());
    let duration = |step| took.get(&step).copied().unwrap_or_default();
    let path = dag::critical_path(Origin::MediaPackageV2, duration);
    let ratio = report.duration.as_secs_f64() / path.length.as_secs_f64();
    assert!(
        ratio <= 1.05,
        "run {:?} vs critical path {path}: {ratio}",
        report.duration
    );
    // MediaPackage creates synchronously: the distribution's deployment is the whole wait.
    assert_eq!(path.steps.last(), Some(&Step::WaitDistributionDeployed));
    assert!(path.length >= Duration::from_secs(20 * 60), "{path}");
    assert!(path.length <= Duration::from_secs(21 * 60), "{path}");

    let inventory = cloud.inventory();
    for (kind, count) in [
        (Kind::ChannelGroup, 2),
        (Kind::PackageChannel, 2),
        (Kind::OriginEndpoint, 2),
        (Kind::Flow, 4),
        (Kind::Input, 2),
        (Kind::Channel, 2),
        (Kind::Distribution, 1),
        (Kind::OriginAccessControl, 1),
        (Kind::Container, 0),
    ] {
        assert_eq!(inventory.count(kind), count, "{kind}: {inventory}");
    }
    assert!(inventory.duplicates().is_empty(), "{inventory}");

    let again = apply_plan(cloud.clone(), package_plan(), &state).await.unwrap();
    assert_eq!(again.count(Outcome::Created), 0, "{again}");
    assert_eq!(again.count(Outcome::Updated), 0, "{again}");
    assert_eq!(again.count(Outcome::Adopted), 2 * 7 + 2, "{again}");
    assert_eq!(cloud.inventory(), inventory);

    teardown_empties(&cloud, &state, "after a MediaPackage apply").await;
}
