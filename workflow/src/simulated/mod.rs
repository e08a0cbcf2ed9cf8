//! A simulated AWS: every call of the [cloud ports](crate::cloud) served from memory, with AWS's
//! latencies on tokio's clock. One module per service, like the real adapter.
//!
//! [`SimulatedCloud`] keeps containers, objects, MediaPackage v2 channel groups, channels and
//! origin endpoints, flows, inputs, channels, distributions and origin access controls in memory
//! and answers like AWS does: "not found" is `Ok(None)`/`Ok(false)`; container, MediaPackage and
//! origin access control names are unique in their scope but flow, input and channel names are not
//! (a blind re-create makes a duplicate, which [`Inventory::duplicates`] shows); MediaPackage v2
//! creates are synchronous and its deletes refuse a group with channels or a channel with
//! endpoints; an origin access control that a distribution's origin names cannot be deleted; a
//! deleted container stays `DELETING` for a
//! while and MediaLive keeps listing deleted inputs and channels as `DELETED`; a container's data
//! endpoint appears once it is `ACTIVE`; channels (`CREATING`, `IDLE`, `STARTING`, `RUNNING`,
//! `STOPPING`, `DELETING`, `DELETED`) and flows (`STANDBY`, `STARTING`, `ACTIVE`, `STOPPING`,
//! `DELETING`) move through their state machines and refuse calls their state does not allow;
//! an input can feed only one channel; distributions carry an `ETag` that updates and deletes
//! must match, the caller reference makes creation idempotent, and only a disabled, deployed
//! distribution can be deleted. The pause state set by [`MediaLive::set_paused_pipelines`](crate::cloud::medialive::MediaLive::set_paused_pipelines) is
//! recorded per channel ([`SimulatedCloud::paused_pipelines`]).
//!
//! Time is tokio's: every call takes a round trip ([`LatencyProfile::api_call`], or
//! [`LatencyProfile::package_call`] for MediaPackage v2) and every state
//! change is due at a tokio [`Instant`], so in a paused runtime (`start_paused = true`) a twenty
//! minute deployment runs in milliseconds on a virtual clock, deterministically. Nothing here
//! reads the real clock.
//!
//! The `wait_*` calls poll like the SDK's waiters do, one describe call per poll, at the
//! waiter's minimum delay (3 s for flows and `ChannelCreated`, 5 s for the other MediaLive
//! waiters, 60 s for `DistributionDeployed`, from aws-sdk-medialive 1.165, aws-sdk-mediaconnect
//! 1.133 and aws-sdk-cloudfront 1.141). The real waiters back off with jitter from that
//! minimum, so a simulated wait is the best case of a real one. With
//! [`LatencyProfile::waiter_polling`] off, a wait ends exactly when the state is reached.
//!
//! Faults can be injected per call ([`SimulatedCloud::set_faults`]): a call refused before it
//! takes effect (a 5xx or a throttle), or a call that takes effect and whose reply is lost.
//!
//! What is not modelled: IAM, quotas and throttling limits (only what [`Fault`] injects), the
//! content of documents (stored and returned as given; MediaPackage v2 policies too), MediaLive's
//! schedule beyond the pause state and action names, MediaPackage v2's ingest and egress (no media
//! goes in or out), and anything billing-related.
//!
//! ```
//! use resilient_live::cloud::HasMediaStore as _;
//! use resilient_live::cloud::mediastore::{ContainerStatus, MediaStore as _};
//! use resilient_live::resource::Kind;
//! use resilient_live::simulated::{LatencyProfile, SimulatedCloud};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build()?.block_on(async {
//! let cloud = SimulatedCloud::new(LatencyProfile::default());
//! let created = cloud.mediastore("us-east-1").create_container("demo-east", &Default::default()).await?;
//! assert_eq!(created.status, ContainerStatus::Creating);
//! // Virtual time: this sleep returns at once in a paused runtime.
//! tokio::time::sleep(LatencyProfile::default().container_active).await;
//! let described = cloud.mediastore("us-east-1").describe_container("demo-east").await?;
//! assert_eq!(described.map(|c| c.status), Some(ContainerStatus::Active));
//! assert_eq!(cloud.inventory().count(Kind::Container), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use medialive_template::Channel;
use medialive_template::Pipeline;
use mediastore_policy::{CorsPolicy, DataEndpoint};
use origin_failover::document::DistributionConfig;
use tokio::time::Instant;

use medialive_template::contribution::CreateFlow;

use crate::cloud::cloudfront::{Distribution, DistributionStatus};
use crate::cloud::mediaconnect::{Flow, FlowStatus};
use crate::cloud::medialive::{ChannelState, ChannelSummary, Input, InputState};
use crate::cloud::mediastore::{Container, ContainerStatus};
use crate::cloud::{Error, Result};

mod cloudfront;
mod mediaconnect;
mod medialive;
mod mediapackage;
mod mediastore;
mod mediastore_data;

crate::cloud::cloud_handles!(SimulatedCloud);

/// The account the simulated resources belong to (in their ARNs).
pub const SIMULATED_ACCOUNT: &str = "000000000000";

/// The longest a simulated `wait_*` waits, as long as [`crate::aws::AwsCloud`]'s waiters (a
/// distribution can take half an hour to deploy).
const MAX_WAIT: Duration = Duration::from_secs(45 * 60);

// The SDK waiters' minimum delays (see the module documentation).
const FLOW_POLL: Duration = Duration::from_secs(3);
const CHANNEL_CREATED_POLL: Duration = Duration::from_secs(3);
const MEDIALIVE_POLL: Duration = Duration::from_secs(5);
const DISTRIBUTION_POLL: Duration = Duration::from_secs(60);

/// How long AWS takes, per call and per state change.
///
/// The defaults are what the AWS documentation says where it gives a figure, and estimates
/// (marked as such) where it does not; change them to match what you measure in your account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatencyProfile {
    /// One API call's round trip; the call takes effect halfway. Default 200 ms: an estimate,
    /// the middle of the 100-300 ms a call to a nearby Region usually takes. CloudFront's origin
    /// access control calls take this too (they create nothing that deploys).
    pub api_call: Duration,
    /// One MediaPackage v2 control-plane call's round trip, creates included: MediaPackage v2
    /// creates synchronously (the channel group, channel or endpoint is complete in the reply), so
    /// there is no state to wait for. Default 300 ms: an estimate (AWS documents no figure; the
    /// calls answer in well under a second), a little above [`LatencyProfile::api_call`] for the
    /// endpoints a create provisions.
    pub package_call: Duration,
    /// `CreateContainer` to `ACTIVE`. Default 2 minutes: the MediaStore user guide says a new
    /// container is active "in a few minutes"; two is an estimate of "a few".
    pub container_active: Duration,
    /// `DeleteContainer` to gone (`DELETING` meanwhile). Default 1 minute: an estimate.
    pub container_deleted: Duration,
    /// A flow's `StartFlow`, `StopFlow` or `DeleteFlow` to its next state. Default 5 s: an
    /// estimate of MediaConnect's "a few seconds".
    pub flow_transition: Duration,
    /// `CreateInput` to `DETACHED`, `DeleteInput` to `DELETED`. Default 3 s: an estimate.
    pub input_transition: Duration,
    /// `CreateChannel` to `IDLE`. Default 20 s: an estimate (MediaLive reports `CREATING` for
    /// some seconds; the issue's profile uses 20 s).
    pub channel_created: Duration,
    /// `StartChannel` to `RUNNING`. Default 90 s: an estimate (MediaLive documents no figure;
    /// starting takes a minute or two in practice).
    pub channel_started: Duration,
    /// `StopChannel` to `IDLE`. Default 30 s: an estimate.
    pub channel_stopped: Duration,
    /// `DeleteChannel` to `DELETED`. Default 30 s: an estimate.
    pub channel_deleted: Duration,
    /// `CreateDistribution` or `UpdateDistribution` to `Deployed`. Default 20 minutes: the
    /// figure the CloudFront documentation long gave for a change to propagate (it now often
    /// takes less; 20 minutes is the conservative estimate the recipe plans around).
    pub distribution_deployed: Duration,
    /// Whether `wait_*` polls at the SDK waiters' minimum delay (true) or ends exactly when the
    /// state is reached (false). Default true.
    pub waiter_polling: bool,
}

impl Default for LatencyProfile {
    fn default() -> Self {
        LatencyProfile {
            api_call: Duration::from_millis(200),
            package_call: Duration::from_millis(300),
            container_active: Duration::from_secs(120),
            container_deleted: Duration::from_secs(60),
            flow_transition: Duration::from_secs(5),
            input_transition: Duration::from_secs(3),
            channel_created: Duration::from_secs(20),
            channel_started: Duration::from_secs(90),
            channel_stopped: Duration::from_secs(30),
            channel_deleted: Duration::from_secs(30),
            distribution_deployed: Duration::from_secs(20 * 60),
            waiter_polling: true,
        }
    }
}

impl LatencyProfile {
    /// Every latency zero and no polling: calls and state changes are instantaneous (for tests
    /// of logic rather than timing).
    pub fn instant() -> Self {
        LatencyProfile {
            api_call: Duration::ZERO,
            package_call: Duration::ZERO,
            container_active: Duration::ZERO,
            container_deleted: Duration::ZERO,
            flow_transition: Duration::ZERO,
            input_transition: Duration::ZERO,
            channel_created: Duration::ZERO,
            channel_started: Duration::ZERO,
            channel_stopped: Duration::ZERO,
            channel_deleted: Duration::ZERO,
            distribution_deployed: Duration::ZERO,
            waiter_polling: false,
        }
    }
}

/// One call, as the fault hook sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// How many calls came before it (0 for the first).
    pub index: u64,
    /// How many calls that change something came before it.
    pub mutating_index: u64,
    /// The operation, such as `mediastore:CreateContainer`.
    pub operation: &'static str,
    /// Whether it changes something (create, put, update, start, stop, delete).
    pub mutating: bool,
}

/// How an injected fault fails a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Refused before it takes effect (a throttle or a 5xx).
    Refused,
    /// Takes effect, but the caller gets a 5xx instead of the reply.
    ReplyLost,
}

type FaultHook = Box<dyn FnMut(&Call) -> Option<Fault> + Send>;

/// A kind of resource: the same kinds [`crate::status()`] describes.
use crate::resource::Kind;

/// One resource that exists in the simulation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Resource {
    /// Its kind.
    pub kind: Kind,
    /// Its Region, or `global` for a distribution.
    pub region: String,
    /// Its name (a distribution's caller reference; a MediaPackage channel's or endpoint's own
    /// name, without its group's and channel's).
    pub name: String,
    /// Its id: the name for a container, the ARN for a flow or a MediaPackage v2 resource, the id
    /// otherwise.
    pub id: String,
    /// Its current state.
    pub status: String,
}

/// One stored object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StoredObject {
    /// The container's Region.
    pub region: String,
    /// The container.
    pub container: String,
    /// The object's path.
    pub path: String,
}

/// Everything that exists in the simulation at one instant. MediaLive inputs and channels that
/// are `DELETED` are left out (they are gone, even if AWS still lists them for a while); a
/// container being deleted is in, as `DELETING`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    /// The resources, sorted by kind, Region and name.
    pub resources: Vec<Resource>,
    /// The objects in every container, sorted.
    pub objects: Vec<StoredObject>,
}

impl Inventory {
    /// True when nothing exists: no resource and no object.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.objects.is_empty()
    }

    /// How many resources of a kind exist.
    pub fn count(&self, kind: Kind) -> usize {
        self.resources.iter().filter(|r| r.kind == kind).count()
    }

    /// The `(region, name)` of every resource of a kind, sorted.
    pub fn names(&self, kind: Kind) -> Vec<(String, String)> {
        self.resources
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| (r.region.clone(), r.name.clone()))
            .collect()
    }

    /// Resources that share their kind, Region and name with an earlier one: duplicates a blind
    /// re-create would leave.
    pub fn duplicates(&self) -> Vec<&Resource> {
        let mut seen = BTreeSet::new();
        self.resources
            .iter()
            .filter(|r| !seen.insert((r.kind, r.region.as_str(), r.name.as_str())))
            .collect()
    }
}

impl fmt::Display for Inventory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return write!(f, "nothing");
        }
        for resource in &self.resources {
            writeln!(
                f,
                "{:<12} {:<10} {:<28} {}",
                resource.kind.as_str(),
                resource.region,
                resource.name,
                resource.status
            )?;
        }
        write!(f, "{} objects", self.objects.len())
    }
}

/// A state, and the next one with when it is due (`None` for "gone").
#[derive(Debug, Clone)]
/// A start or a stop as a service runs it: the states it starts from, the state it moves
/// through, and the state it ends in.
struct Change {
    from: &'static [&'static str],
    through: &'static str,
    to: &'static str,
}

struct Timeline {
    status: &'static str,
    next: Option<(Instant, Option<&'static str>)>,
}

impl Timeline {
    fn at(status: &'static str) -> Self {
        Timeline { status, next: None }
    }

    /// `now` first, `then` once `after` has passed (at once when it is zero).
    fn moving(now: Instant, status: &'static str, after: Duration, then: Option<&'static str>) -> Self {
        let mut timeline = Timeline {
            status,
            next: Some((now + after, then)),
        };
        timeline.settle(now);
        timeline
    }

    fn is(&self, status: &str) -> bool {
        self.status == status
    }

    /// Starts `change` at `now`, reaching its end once `after` has passed; from a state the
    /// change does not start from, the service refuses the call `operation` on `what`.
    fn begin(
        &mut self,
        change: &Change,
        now: Instant,
        after: Duration,
        (operation, region, what): (&'static str, &str, &str),
    ) -> Result<()> {
        if !change.from.contains(&self.status) {
            return Err(conflict(
                operation,
                region,
                format!("{what} is {}, not {}", self.status, change.from.join(" or ")),
            ));
        }
        *self = Timeline::moving(now, change.through, after, Some(change.to));
        Ok(())
    }

    fn gone(&self) -> bool {
        self.status.is_empty()
    }

    /// When the pending change is due, if there is one.
    fn due(&self) -> Option<Instant> {
        self.next.map(|(at, _)| at)
    }

    fn settle(&mut self, now: Instant) {
        if let Some((at, next)) = self.next
            && at <= now
        {
            self.status = next.unwrap_or("");
            self.next = None;
        }
    }
}

struct SimContainer {
    region: String,
    name: String,
    arn: String,
    endpoint: DataEndpoint,
    timeline: Timeline,
    policy: Option<String>,
    lifecycle: Option<String>,
    cors: Option<CorsPolicy>,
    objects: BTreeMap<String, (Vec<u8>, String)>,
}

impl SimContainer {
    fn reply(&self) -> Container {
        Container {
            name: self.name.clone(),
            arn: self.arn.clone(),
            status: ContainerStatus::from(self.timeline.status),
            endpoint: self.timeline.is("ACTIVE").then(|| self.endpoint.clone()),
        }
    }
}

struct SimFlow {
    region: String,
    request: CreateFlow,
    arn: String,
    timeline: Timeline,
}

impl SimFlow {
    fn reply(&self) -> Flow {
        Flow {
            name: self.request.name.clone(),
            arn: self.arn.clone(),
            availability_zone: self.request.availability_zone.clone(),
            status: FlowStatus::from(self.timeline.status),
        }
    }
}

struct SimInput {
    region: String,
    name: String,
    id: String,
    arn: String,
    timeline: Timeline,
}

struct SimChannel {
    region: String,
    name: String,
    id: String,
    arn: String,
    input_ids: Vec<String>,
    document: Channel,
    timeline: Timeline,
    paused: Vec<Pipeline>,
    action_names: BTreeSet<String>,
}

impl SimChannel {
    fn reply(&self) -> ChannelSummary {
        ChannelSummary {
            name: self.name.clone(),
            id: self.id.clone(),
            arn: self.arn.clone(),
            state: ChannelState::from(self.timeline.status),
        }
    }

    /// Holds its inputs: every state but `DELETED`.
    fn holds_inputs(&self) -> bool {
        !self.timeline.is("DELETED")
    }
}

struct SimDistribution {
    id: String,
    arn: String,
    domain_name: String,
    config: DistributionConfig,
    etag: String,
    timeline: Timeline,
}

impl SimDistribution {
    fn reply(&self) -> Distribution {
        Distribution {
            id: self.id.clone(),
            arn: self.arn.clone(),
            domain_name: self.domain_name.clone(),
            status: DistributionStatus::from(self.timeline.status),
            enabled: self.config.enabled,
        }
    }
}

#[derive(Default)]
struct World {
    containers: Vec<SimContainer>,
    flows: Vec<SimFlow>,
    inputs: Vec<SimInput>,
    channels: Vec<SimChannel>,
    distributions: Vec<SimDistribution>,
    channel_groups: Vec<mediapackage::SimChannelGroup>,
    package_channels: Vec<mediapackage::SimPackageChannel>,
    origin_endpoints: Vec<mediapackage::SimOriginEndpoint>,
    origin_access_controls: Vec<cloudfront::SimOriginAccessControl>,
    next_id: u64,
    calls: u64,
    mutating_calls: u64,
    faults: Option<FaultHook>,
}

impl World {
    /// Applies every state change due by `now` and forgets what is gone.
    fn settle(&mut self, now: Instant) {
        for container in &mut self.containers {
            container.timeline.settle(now);
        }
        self.containers.retain(|c| !c.timeline.gone());
        for flow in &mut self.flows {
            flow.timeline.settle(now);
        }
        self.flows.retain(|f| !f.timeline.gone());
        for input in &mut self.inputs {
            input.timeline.settle(now);
        }
        for channel in &mut self.channels {
            channel.timeline.settle(now);
        }
        for distribution in &mut self.distributions {
            distribution.timeline.settle(now);
        }
    }

    fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn container(&self, region: &str, name: &str) -> Option<&SimContainer> {
        self.containers
            .iter()
            .find(|c| c.region == region && c.name == name)
    }

    fn container_mut(&mut self, region: &str, name: &str) -> Option<&mut SimContainer> {
        self.containers
            .iter_mut()
            .find(|c| c.region == region && c.name == name)
    }

    /// The active container behind a data endpoint.
    fn data_container(
        &mut self,
        operation: &'static str,
        region: &str,
        endpoint: &DataEndpoint,
    ) -> Result<&mut SimContainer> {
        let container = self
            .containers
            .iter_mut()
            .find(|c| c.region == region && &c.endpoint == endpoint)
            .ok_or_else(|| {
                refused(
                    operation,
                    region,
                    format!("no data endpoint {endpoint} in {region}"),
                )
            })?;
        if !container.timeline.is("ACTIVE") {
            return Err(refused(
                operation,
                region,
                format!(
                    "ContainerInUseException: container {} is {}",
                    container.name, container.timeline.status
                ),
            ));
        }
        Ok(container)
    }

    /// An input's state: `ATTACHED` while a channel (not yet deleted) uses it.
    fn input_state(&self, input: &SimInput) -> &'static str {
        let held = self
            .channels
            .iter()
            .any(|c| c.region == input.region && c.holds_inputs() && c.input_ids.contains(&input.id));
        match input.timeline.status {
            "CREATING" | "DETACHED" if held => "ATTACHED",
            status => status,
        }
    }

    fn input_reply(&self, input: &SimInput) -> Input {
        Input {
            name: input.name.clone(),
            id: input.id.clone(),
            arn: input.arn.clone(),
            state: InputState::from(self.input_state(input)),
        }
    }

    fn channel_mut(&mut self, region: &str, id: &str) -> Option<&mut SimChannel> {
        self.channels
            .iter_mut()
            .find(|c| c.region == region && c.id == id)
    }

    fn flow_mut(&mut self, region: &str, arn: &str) -> Option<&mut SimFlow> {
        self.flows.iter_mut().find(|f| f.region == region && f.arn == arn)
    }

    fn distribution_mut(&mut self, id: &str) -> Option<&mut SimDistribution> {
        self.distributions.iter_mut().find(|d| d.id == id)
    }

    fn new_etag(&mut self) -> String {
        format!("E{:012}", self.next_id())
    }

    fn inventory(&self) -> Inventory {
        let mut resources = Vec::new();
        let mut objects = Vec::new();
        for container in &self.containers {
            resources.push(Resource {
                kind: Kind::Container,
                region: container.region.clone(),
                name: container.name.clone(),
                id: container.name.clone(),
                status: container.timeline.status.to_owned(),
            });
            objects.extend(container.objects.keys().map(|path| StoredObject {
                region: container.region.clone(),
                container: container.name.clone(),
                path: path.clone(),
            }));
        }
        for group in &self.channel_groups {
            resources.push(Resource {
                kind: Kind::ChannelGroup,
                region: group.region.clone(),
                name: group.name.to_string(),
                id: group.arn.clone(),
                status: PRESENT.to_owned(),
            });
        }
        for channel in &self.package_channels {
            resources.push(Resource {
                kind: Kind::PackageChannel,
                region: channel.region.clone(),
                name: channel.name.to_string(),
                id: channel.arn.clone(),
                status: PRESENT.to_owned(),
            });
        }
        for endpoint in &self.origin_endpoints {
            resources.push(Resource {
                kind: Kind::OriginEndpoint,
                region: endpoint.region.clone(),
                name: endpoint.names.endpoint.to_string(),
                id: endpoint.arn.clone(),
                status: PRESENT.to_owned(),
            });
        }
        for flow in &self.flows {
            resources.push(Resource {
                kind: Kind::Flow,
                region: flow.region.clone(),
                name: flow.request.name.clone(),
                id: flow.arn.clone(),
                status: flow.timeline.status.to_owned(),
            });
        }
        for input in self.inputs.iter().filter(|i| !i.timeline.is("DELETED")) {
            resources.push(Resource {
                kind: Kind::Input,
                region: input.region.clone(),
                name: input.name.clone(),
                id: input.id.clone(),
                status: self.input_state(input).to_owned(),
            });
        }
        for channel in self.channels.iter().filter(|c| !c.timeline.is("DELETED")) {
            resources.push(Resource {
                kind: Kind::Channel,
                region: channel.region.clone(),
                name: channel.name.clone(),
                id: channel.id.clone(),
                status: channel.timeline.status.to_owned(),
            });
        }
        for distribution in &self.distributions {
            resources.push(Resource {
                kind: Kind::Distribution,
                region: "global".to_owned(),
                name: distribution.config.caller_reference.clone(),
                id: distribution.id.clone(),
                status: distribution.timeline.status.to_owned(),
            });
        }
        for control in &self.origin_access_controls {
            resources.push(Resource {
                kind: Kind::OriginAccessControl,
                region: "global".to_owned(),
                name: control.config.name.clone(),
                id: control.id.to_string(),
                status: PRESENT.to_owned(),
            });
        }
        resources.sort();
        objects.sort();
        Inventory { resources, objects }
    }
}

/// The status of a resource that has no state machine (MediaPackage v2 resources and origin
/// access controls exist as soon as they are created).
const PRESENT: &str = "present";

/// The error AWS answers when a call is refused.
fn refused(operation: &'static str, region: &str, message: String) -> Error {
    Error::Call {
        operation,
        region: region.to_owned(),
        message,
    }
}

/// What a poll of a waiter found.
enum Probe {
    Reached,
    /// Not yet; the pending change is due at this instant if one is under way.
    Pending(&'static str, Option<Instant>),
    Failed(String),
}

/// An in-memory AWS on tokio's clock. Clones share the same simulated account.
#[derive(Clone)]
pub struct SimulatedCloud {
    profile: LatencyProfile,
    world: Arc<Mutex<World>>,
}

impl fmt::Debug for SimulatedCloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimulatedCloud")
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

impl SimulatedCloud {
    /// An empty simulated account with these latencies.
    pub fn new(profile: LatencyProfile) -> Self {
        SimulatedCloud {
            profile,
            world: Arc::new(Mutex::new(World::default())),
        }
    }

    /// The latencies in use.
    pub fn profile(&self) -> LatencyProfile {
        self.profile
    }

    fn world(&self) -> std::sync::MutexGuard<'_, World> {
        // A panic while the lock was held leaves the world as consistent as each call left it.
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// What exists now.
    pub fn inventory(&self) -> Inventory {
        let mut world = self.world();
        world.settle(Instant::now());
        world.inventory()
    }

    /// How many calls were made so far (every call, waiters' polls too).
    pub fn calls(&self) -> u64 {
        self.world().calls
    }

    /// How many calls that change something were made so far.
    pub fn mutating_calls(&self) -> u64 {
        self.world().mutating_calls
    }

    /// Decides the fate of every later call: `hook` sees each call and returns the fault to
    /// inject, or `None` to let it through. Replaces any earlier hook.
    pub fn set_faults(&self, hook: impl FnMut(&Call) -> Option<Fault> + Send + 'static) {
        self.world().faults = Some(Box::new(hook));
    }

    /// Lets every later call through.
    pub fn clear_faults(&self) {
        self.world().faults = None;
    }

    /// The pipelines paused by the last pause-state action on a channel (empty when none or all
    /// were unpaused); `None` when there is no such channel.
    pub fn paused_pipelines(&self, region: &str, channel_id: &str) -> Option<Vec<Pipeline>> {
        self.world()
            .channel_mut(region, channel_id)
            .map(|c| c.paused.clone())
    }

    /// The objects of a container with their `Content-Type`, by path; `None` when there is no
    /// such container.
    pub fn objects(&self, region: &str, container: &str) -> Option<BTreeMap<String, (Vec<u8>, String)>> {
        self.world()
            .container(region, container)
            .map(|c| c.objects.clone())
    }

    /// A call that reads or changes an active container's documents: MediaStore refuses it while
    /// the container is not active, and answers "not found" when there is no such container.
    async fn on_container<T>(
        &self,
        operation: &'static str,
        region: &str,
        name: &str,
        mutating: bool,
        act: impl FnOnce(&mut SimContainer) -> T,
    ) -> Result<T> {
        self.call(operation, region, mutating, |world, _| {
            match active_container(world, operation, region, name)? {
                Some(container) => Ok(act(container)),
                None => Err(no_such(operation, region, &format!("container {name}"))),
            }
        })
        .await
    }

    /// One call: half a round trip, the effect (unless a fault refuses it), the other half.
    async fn call<T>(
        &self,
        operation: &'static str,
        region: &str,
        mutating: bool,
        act: impl FnOnce(&mut World, Instant) -> Result<T>,
    ) -> Result<T> {
        self.call_taking(self.profile.api_call, operation, region, mutating, act)
            .await
    }

    /// One MediaPackage v2 call: a [`LatencyProfile::package_call`] round trip; its effect is
    /// complete when it takes effect (nothing in MediaPackage v2 changes state later).
    async fn package_call<T>(
        &self,
        operation: &'static str,
        region: &str,
        mutating: bool,
        act: impl FnOnce(&mut World) -> Result<T>,
    ) -> Result<T> {
        self.call_taking(
            self.profile.package_call,
            operation,
            region,
            mutating,
            |world, _| act(world),
        )
        .await
    }

    /// One call of `round_trip`: half of it, the effect (unless a fault refuses it), the other half.
    async fn call_taking<T>(
        &self,
        round_trip: Duration,
        operation: &'static str,
        region: &str,
        mutating: bool,
        act: impl FnOnce(&mut World, Instant) -> Result<T>,
    ) -> Result<T> {
        let half = round_trip / 2;
        tokio::time::sleep(half).await;
        let (fault, result) = {
            let mut world = self.world();
            let now = Instant::now();
            world.settle(now);
            let call = Call {
                index: world.calls,
                mutating_index: world.mutating_calls,
                operation,
                mutating,
            };
            world.calls += 1;
            if mutating {
                world.mutating_calls += 1;
            }
            let fault = world.faults.as_mut().and_then(|hook| hook(&call));
            match fault {
                Some(Fault::Refused) => (fault, None),
                _ => (fault, Some(act(&mut world, now))),
            }
        };
        tokio::time::sleep(round_trip - half).await;
        match (fault, result) {
            (Some(Fault::Refused), _) | (_, None) => Err(refused(
                operation,
                region,
                "simulated fault: 503 Service Unavailable (the call did not take effect)".to_owned(),
            )),
            (Some(Fault::ReplyLost), Some(_)) => Err(refused(
                operation,
                region,
                "simulated fault: 500 Internal Server Error (the reply was lost)".to_owned(),
            )),
            (None, Some(result)) => result,
        }
    }

    /// Polls with `operation` until `probe` says the target is reached, like an SDK waiter.
    async fn wait(
        &self,
        operation: &'static str,
        region: &str,
        what: String,
        target: &'static str,
        poll: Duration,
        probe: impl Fn(&World) -> Probe,
    ) -> Result<()> {
        let started = Instant::now();
        loop {
            let (status, due) = match self
                .call(operation, region, false, |world, _| Ok(probe(world)))
                .await?
            {
                Probe::Reached => return Ok(()),
                Probe::Failed(message) => {
                    return Err(Error::Wait {
                        what,
                        region: region.to_owned(),
                        target,
                        message,
                    });
                }
                Probe::Pending(status, due) => (status, due),
            };
            let wake = match (self.profile.waiter_polling, due) {
                (false, Some(due)) => due.max(Instant::now()),
                _ => Instant::now() + poll,
            };
            if wake.duration_since(started) > MAX_WAIT {
                return Err(Error::Wait {
                    what,
                    region: region.to_owned(),
                    target,
                    message: format!("still {status} after {:?}", started.elapsed()),
                });
            }
            tokio::time::sleep_until(wake).await;
        }
    }
}

fn not_active(operation: &'static str, region: &str, container: &SimContainer) -> Error {
    refused(
        operation,
        region,
        format!(
            "ContainerInUseException: container {} is {}, not ACTIVE",
            container.name, container.timeline.status
        ),
    )
}

/// The active container for a policy call, or the error AWS gives.
fn active_container<'w>(
    world: &'w mut World,
    operation: &'static str,
    region: &str,
    name: &str,
) -> Result<Option<&'w mut SimContainer>> {
    match world.container_mut(region, name) {
        None => Ok(None),
        Some(container) if !container.timeline.is("ACTIVE") => Err(not_active(operation, region, container)),
        Some(container) => Ok(Some(container)),
    }
}

fn no_such(operation: &'static str, region: &str, what: &str) -> Error {
    refused(operation, region, format!("NotFoundException: no such {what}"))
}

fn conflict(operation: &'static str, region: &str, message: String) -> Error {
    refused(operation, region, format!("ConflictException: {message}"))
}
