//! Start and stop the event: the flows, then the channels; and the reverse.
//!
//! [`start()`] starts the four MediaConnect flows (both flows of both Regions at once) and waits
//! for each to be `ACTIVE`, then starts both channels and waits for each to be `RUNNING`: a
//! channel started before its flows carry the contribution would start on nothing. [`stop()`]
//! stops both channels and waits for `IDLE`, then the flows, waiting for `STANDBY`. Both work
//! from the state file that [`crate::apply()`] writes and are idempotent: a resource already in
//! the state asked for is left alone, and one on its way there is only waited for.
//! [`crate::teardown()`] stops the event with the same code before it deletes anything.

use std::path::Path;

use serde::Serialize;
use tracing::info;

use crate::cloud::mediaconnect::{FlowStatus, FlowTarget, MediaConnect as _};
use crate::cloud::medialive::{ChannelState, ChannelTarget, MediaLive as _};
use crate::cloud::{self, HasMediaConnect, HasMediaLive};
use crate::progress::{self, Operation, Progress, Silent, Task};
use crate::resource::Kind;
use crate::state::{self, MediaLiveResourceState, State};
use medialive_template::Pipeline;
use origin_failover::Site;

/// Why a start or stop failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The state file records a resource that no longer exists.
    #[error("{resource} in {region} is in the state file but not in AWS: run apply again")]
    Missing {
        /// The resource, such as `flow demo-primary-a`.
        resource: String,
        /// Its Region.
        region: String,
    },
    /// A resource is in a state it cannot be started from.
    #[error("{resource} in {region} is {state}: it can be started from {allowed}")]
    Unstartable {
        /// The resource.
        resource: String,
        /// Its Region.
        region: String,
        /// The state found.
        state: String,
        /// The states it can be started from.
        allowed: &'static str,
    },
    /// A cloud call failed.
    #[error("{resource} failed")]
    Cloud {
        /// The resource being started or stopped.
        resource: String,
        /// The cloud's error.
        #[source]
        source: cloud::Error,
    },
    /// The state file could not be read.
    #[error(transparent)]
    State(#[from] state::Error),
}

/// One resource started or stopped (or found already so).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// [`Kind::Flow`] or [`Kind::Channel`].
    pub kind: Kind,
    /// Its Region.
    pub region: String,
    /// Its name.
    pub name: String,
    /// The state found, such as `STANDBY`.
    pub before: String,
    /// The state reached, such as `ACTIVE`.
    pub after: String,
}

impl Transition {
    /// True when the call changed the resource (false when it was already in the state asked for).
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// What a start or stop did, in the order it finished.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every flow and channel of the state file.
    pub transitions: Vec<Transition>,
}

impl Report {
    /// How many resources changed state.
    pub fn changed(&self) -> usize {
        self.transitions.iter().filter(|t| t.changed()).count()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for t in &self.transitions {
            let change = if t.changed() {
                format!("{} -> {}", t.before, t.after)
            } else {
                format!("{} (left alone)", t.after)
            };
            writeln!(f, "{:<8} {:<10} {:<24} {change}", t.kind, t.region, t.name)?;
        }
        write!(f, "{} of {} changed", self.changed(), self.transitions.len())
    }
}

/// Starts the event the state file at `state_path` records: flows, then channels. A recorded
/// resource that no longer exists is an error ([`Error::Missing`]): `apply` recreates it.
pub async fn start<C: HasMediaConnect + HasMediaLive>(cloud: &C, state_path: &Path) -> Result<Report, Error> {
    start_with_progress(cloud, state_path, &Silent).await
}

/// [`start()`], reporting each flow and channel to `progress` as it starts and as it finishes or
/// fails ([`Operation::Start`]; the task's id is the resource's kind and name, `flow demo-primary-a`).
pub async fn start_with_progress<C: HasMediaConnect + HasMediaLive>(
    cloud: &C,
    state_path: &Path,
    progress: &dyn Progress,
) -> Result<Report, Error> {
    let state = State::load_deployed(state_path)?;
    let observer = Observer(Operation::Start, progress);
    let mut transitions = for_each_flow(&state, observer, |region, flow| {
        start_one(FlowSwitch { cloud, region, flow }, observer)
    })
    .await?;
    transitions.extend(
        for_each_channel(&state, observer, |region, channel| {
            start_one(
                ChannelSwitch {
                    cloud,
                    region,
                    channel,
                },
                observer,
            )
        })
        .await?,
    );
    Ok(Report { transitions })
}

/// Stops the event the state file at `state_path` records: channels, then flows. A recorded
/// resource that no longer exists is skipped (there is nothing to stop).
pub async fn stop<C: HasMediaConnect + HasMediaLive>(cloud: &C, state_path: &Path) -> Result<Report, Error> {
    stop_with_progress(cloud, state_path, &Silent).await
}

/// [`stop()`], reporting each flow and channel to `progress` as it starts and as it finishes or
/// fails ([`Operation::Stop`]; the task's id is the resource's kind and name, `channel demo-primary`).
pub async fn stop_with_progress<C: HasMediaConnect + HasMediaLive>(
    cloud: &C,
    state_path: &Path,
    progress: &dyn Progress,
) -> Result<Report, Error> {
    let state = State::load_deployed(state_path)?;
    stop_recorded(cloud, &state, progress).await
}

/// Stops what `state` records (channels, then flows); resources already gone are skipped, so
/// teardown can run this after any failure.
pub(crate) async fn stop_recorded<C: HasMediaConnect + HasMediaLive>(
    cloud: &C,
    state: &State,
    progress: &dyn Progress,
) -> Result<Report, Error> {
    let observer = Observer(Operation::Stop, progress);
    let mut transitions = for_each_channel(state, observer, |region, channel| {
        stop_one(
            ChannelSwitch {
                cloud,
                region,
                channel,
            },
            observer,
        )
    })
    .await?;
    transitions.extend(
        for_each_flow(state, observer, |region, flow| {
            stop_one(FlowSwitch { cloud, region, flow }, observer)
        })
        .await?,
    );
    Ok(Report { transitions })
}

/// Where a start or stop reports each resource.
#[derive(Clone, Copy)]
struct Observer<'p>(Operation, &'p dyn Progress);

impl Observer<'_> {
    /// Awaits `wait`, reporting that the task of `resource` (`kind name`) waits for the state
    /// `until`.
    async fn waiting<F: Future>(self, resource: &str, until: &str, wait: F) -> F::Output {
        let Observer(operation, progress) = self;
        progress::waiting(progress, &Task::new(operation, resource), until, wait).await
    }

    /// Runs `work` on the resource `kind name` as one observed task: its outcome is the transition.
    async fn observe(
        self,
        kind: Kind,
        name: &str,
        work: impl Future<Output = Result<Option<Transition>, Error>>,
    ) -> Result<Option<Transition>, Error> {
        let Observer(operation, progress) = self;
        let task = Task::new(operation, format!("{kind} {name}"));
        progress::observe(progress, task, work, |transition| {
            let outcome = match transition {
                Some(t) if t.changed() => format!("{} -> {}", t.before, t.after),
                Some(t) => format!("{} (left alone)", t.after),
                None => "gone (nothing to do)".to_owned(),
            };
            (outcome, None)
        })
        .await
    }
}

/// Runs `action` on the four flows at once; the flows that are not recorded are skipped.
async fn for_each_flow<'s, F, Fut>(
    state: &'s State,
    observer: Observer<'_>,
    action: F,
) -> Result<Vec<Transition>, Error>
where
    F: Fn(&'s str, &'s state::FlowState) -> Fut,
    Fut: Future<Output = Result<Option<Transition>, Error>>,
{
    let run = |site: Site, pipeline: Pipeline| {
        let recorded = state.regions.get(&site).and_then(|region| {
            region
                .flows
                .get(&pipeline)
                .map(|flow| (region.region.as_str(), flow))
        });
        let action = &action;
        async move {
            match recorded {
                Some((region, flow)) => {
                    observer
                        .observe(Kind::Flow, &flow.name, action(region, flow))
                        .await
                }
                None => Ok(None),
            }
        }
    };
    let [a, b] = Pipeline::BOTH;
    let done = tokio::try_join!(
        run(Site::Primary, a),
        run(Site::Primary, b),
        run(Site::Backup, a),
        run(Site::Backup, b)
    )?;
    Ok([done.0, done.1, done.2, done.3].into_iter().flatten().collect())
}

/// Runs `action` on both channels at once; a channel that is not recorded is skipped.
async fn for_each_channel<'s, F, Fut>(
    state: &'s State,
    observer: Observer<'_>,
    action: F,
) -> Result<Vec<Transition>, Error>
where
    F: Fn(&'s str, &'s MediaLiveResourceState) -> Fut,
    Fut: Future<Output = Result<Option<Transition>, Error>>,
{
    let run = |site: Site| {
        let recorded = state.regions.get(&site).and_then(|region| {
            region
                .channel
                .as_ref()
                .map(|channel| (region.region.as_str(), channel))
        });
        let action = &action;
        async move {
            match recorded {
                Some((region, channel)) => {
                    observer
                        .observe(Kind::Channel, &channel.name, action(region, channel))
                        .await
                }
                None => Ok(None),
            }
        }
    };
    let done = tokio::try_join!(run(Site::Primary), run(Site::Backup))?;
    Ok([done.0, done.1].into_iter().flatten().collect())
}

fn cloud_error(resource: &str) -> impl FnOnce(cloud::Error) -> Error + '_ {
    move |source| Error::Cloud {
        resource: resource.to_owned(),
        source,
    }
}

fn transition(kind: Kind, region: &str, name: &str, before: &str, after: &str) -> Option<Transition> {
    let transition = Transition {
        kind,
        region: region.to_owned(),
        name: name.to_owned(),
        before: before.to_owned(),
        after: after.to_owned(),
    };
    info!(kind = %kind, region, name, before, after, "state");
    Some(transition)
}

/// Where a flow or a channel stands, in the terms start and stop decide on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Running (`ACTIVE`, `RUNNING`).
    Running,
    /// On its way to running (a channel's `RECOVERING` too).
    Starting,
    /// On its way to stopped.
    Stopping,
    /// Stopped (`STANDBY`, `IDLE`).
    Stopped,
    /// Failed while running (a flow's `ERROR`): it can be started again, and it can be stopped.
    Failed,
    /// Any other state (being created, updated or deleted): start refuses it, stop leaves it.
    Other,
}

/// A recorded flow or channel as start and stop see it: its service's calls and how its states
/// read, so that one [`start_one`] and one [`stop_one`] serve both kinds.
trait Switch: Send + Sync {
    /// Its kind.
    const KIND: Kind;
    /// Its service's states.
    type State: std::fmt::Display + Send;
    /// Running (`ACTIVE`, `RUNNING`).
    const RUNNING: Self::State;
    /// Stopped (`STANDBY`, `IDLE`).
    const STOPPED: Self::State;
    /// The states it can be started from, for [`Error::Unstartable`].
    const STARTABLE: &'static str;
    /// Its name.
    fn name(&self) -> &str;
    /// Its Region.
    fn region(&self) -> &str;
    /// What `state` means to start and stop.
    fn phase(state: &Self::State) -> Phase;
    /// Its live state; `None` when it no longer exists.
    fn state(&self) -> impl Future<Output = cloud::Result<Option<Self::State>>> + Send;
    /// Asks the service to start it.
    fn start(&self) -> impl Future<Output = cloud::Result<()>> + Send;
    /// Asks the service to stop it.
    fn stop(&self) -> impl Future<Output = cloud::Result<()>> + Send;
    /// Waits until it runs (`running`) or is stopped.
    fn wait(&self, running: bool) -> impl Future<Output = cloud::Result<()>> + Send;
}

/// A recorded flow, through MediaConnect in its Region.
struct FlowSwitch<'a, C> {
    cloud: &'a C,
    region: &'a str,
    flow: &'a state::FlowState,
}

impl<C: HasMediaConnect> Switch for FlowSwitch<'_, C> {
    const KIND: Kind = Kind::Flow;
    type State = FlowStatus;
    const RUNNING: FlowStatus = FlowStatus::Active;
    const STOPPED: FlowStatus = FlowStatus::Standby;
    const STARTABLE: &'static str = "STANDBY, STOPPING or ERROR";

    fn name(&self) -> &str {
        &self.flow.name
    }

    fn region(&self) -> &str {
        self.region
    }

    fn phase(state: &FlowStatus) -> Phase {
        match state {
            FlowStatus::Active => Phase::Running,
            FlowStatus::Starting => Phase::Starting,
            FlowStatus::Stopping => Phase::Stopping,
            FlowStatus::Standby => Phase::Stopped,
            FlowStatus::Error => Phase::Failed,
            _ => Phase::Other,
        }
    }

    async fn state(&self) -> cloud::Result<Option<FlowStatus>> {
        let live = self
            .cloud
            .mediaconnect(self.region)
            .describe_flow(&self.flow.arn)
            .await?;
        Ok(live.map(|live| live.status))
    }

    async fn start(&self) -> cloud::Result<()> {
        self.cloud
            .mediaconnect(self.region)
            .start_flow(&self.flow.arn)
            .await
    }

    async fn stop(&self) -> cloud::Result<()> {
        self.cloud
            .mediaconnect(self.region)
            .stop_flow(&self.flow.arn)
            .await
    }

    async fn wait(&self, running: bool) -> cloud::Result<()> {
        let target = if running {
            FlowTarget::Active
        } else {
            FlowTarget::Standby
        };
        self.cloud
            .mediaconnect(self.region)
            .wait_flow(&self.flow.arn, target)
            .await
    }
}

/// A recorded channel, through MediaLive in its Region.
struct ChannelSwitch<'a, C> {
    cloud: &'a C,
    region: &'a str,
    channel: &'a MediaLiveResourceState,
}

impl<C: HasMediaLive> Switch for ChannelSwitch<'_, C> {
    const KIND: Kind = Kind::Channel;
    type State = ChannelState;
    const RUNNING: ChannelState = ChannelState::Running;
    const STOPPED: ChannelState = ChannelState::Idle;
    const STARTABLE: &'static str = "IDLE or STOPPING";

    fn name(&self) -> &str {
        &self.channel.name
    }

    fn region(&self) -> &str {
        self.region
    }

    fn phase(state: &ChannelState) -> Phase {
        match state {
            ChannelState::Running => Phase::Running,
            started if started.is_started() => Phase::Starting,
            ChannelState::Stopping => Phase::Stopping,
            ChannelState::Idle => Phase::Stopped,
            _ => Phase::Other,
        }
    }

    async fn state(&self) -> cloud::Result<Option<ChannelState>> {
        let live = self
            .cloud
            .medialive(self.region)
            .describe_channel(&self.channel.id)
            .await?;
        Ok(live.map(|(live, _)| live.state))
    }

    async fn start(&self) -> cloud::Result<()> {
        self.cloud
            .medialive(self.region)
            .start_channel(&self.channel.id)
            .await
    }

    async fn stop(&self) -> cloud::Result<()> {
        self.cloud
            .medialive(self.region)
            .stop_channel(&self.channel.id)
            .await
    }

    async fn wait(&self, running: bool) -> cloud::Result<()> {
        let target = if running {
            ChannelTarget::Running
        } else {
            ChannelTarget::Stopped
        };
        self.cloud
            .medialive(self.region)
            .wait_channel(&self.channel.id, target)
            .await
    }
}

/// Starts a flow or a channel: one already running or starting is only waited for; one stopping
/// is waited for, then started; one in any other state is refused.
async fn start_one<S: Switch>(switch: S, observer: Observer<'_>) -> Result<Option<Transition>, Error> {
    let resource = format!("{} {}", S::KIND, switch.name());
    let before = switch
        .state()
        .await
        .map_err(cloud_error(&resource))?
        .ok_or_else(|| Error::Missing {
            resource: resource.clone(),
            region: switch.region().to_owned(),
        })?;
    let phase = S::phase(&before);
    let before = before.to_string();
    match phase {
        Phase::Running | Phase::Starting => {}
        Phase::Stopping | Phase::Stopped | Phase::Failed => {
            if phase == Phase::Stopping {
                observer
                    .waiting(&resource, &S::STOPPED.to_string(), switch.wait(false))
                    .await
                    .map_err(cloud_error(&resource))?;
            }
            switch.start().await.map_err(cloud_error(&resource))?;
        }
        Phase::Other => {
            return Err(Error::Unstartable {
                resource,
                region: switch.region().to_owned(),
                state: before,
                allowed: S::STARTABLE,
            });
        }
    }
    if phase != Phase::Running {
        observer
            .waiting(&resource, &S::RUNNING.to_string(), switch.wait(true))
            .await
            .map_err(cloud_error(&resource))?;
    }
    Ok(transition(
        S::KIND,
        switch.region(),
        switch.name(),
        &before,
        &S::RUNNING.to_string(),
    ))
}

/// Stops a flow or a channel and waits until it is stopped; one already stopped (or in a state
/// that does not run) is left alone, and one already gone is skipped.
async fn stop_one<S: Switch>(switch: S, observer: Observer<'_>) -> Result<Option<Transition>, Error> {
    let resource = format!("{} {}", S::KIND, switch.name());
    let Some(before) = switch.state().await.map_err(cloud_error(&resource))? else {
        return Ok(None);
    };
    let phase = S::phase(&before);
    let before = before.to_string();
    match phase {
        Phase::Stopped | Phase::Other => {
            return Ok(transition(
                S::KIND,
                switch.region(),
                switch.name(),
                &before,
                &before,
            ));
        }
        Phase::Running | Phase::Starting | Phase::Failed => {
            switch.stop().await.map_err(cloud_error(&resource))?;
        }
        Phase::Stopping => {}
    }
    observer
        .waiting(&resource, &S::STOPPED.to_string(), switch.wait(false))
        .await
        .map_err(cloud_error(&resource))?;
    Ok(transition(
        S::KIND,
        switch.region(),
        switch.name(),
        &before,
        &S::STOPPED.to_string(),
    ))
}
