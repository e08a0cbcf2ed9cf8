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
        start_flow(cloud, region, flow, observer)
    })
    .await?;
    transitions.extend(
        for_each_channel(&state, observer, |region, channel| {
            start_channel(cloud, region, channel, observer)
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
        stop_channel(cloud, region, channel, observer)
    })
    .await?;
    transitions.extend(
        for_each_flow(state, observer, |region, flow| {
            stop_flow(cloud, region, flow, observer)
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

async fn start_flow<C: HasMediaConnect>(
    cloud: &C,
    region: &str,
    flow: &state::FlowState,
    observer: Observer<'_>,
) -> Result<Option<Transition>, Error> {
    let resource = format!("{} {}", Kind::Flow, flow.name);
    let mediaconnect = cloud.mediaconnect(region);
    let live = mediaconnect
        .describe_flow(&flow.arn)
        .await
        .map_err(cloud_error(&resource))?
        .ok_or_else(|| Error::Missing {
            resource: resource.clone(),
            region: region.to_owned(),
        })?;
    match live.status {
        FlowStatus::Active | FlowStatus::Starting => {}
        FlowStatus::Stopping | FlowStatus::Standby | FlowStatus::Error => {
            if live.status == FlowStatus::Stopping {
                observer
                    .waiting(
                        &resource,
                        FlowStatus::Standby.as_str(),
                        mediaconnect.wait_flow(&flow.arn, FlowTarget::Standby),
                    )
                    .await
                    .map_err(cloud_error(&resource))?;
            }
            mediaconnect
                .start_flow(&flow.arn)
                .await
                .map_err(cloud_error(&resource))?;
        }
        other => {
            return Err(Error::Unstartable {
                resource,
                region: region.to_owned(),
                state: other.into(),
                allowed: "STANDBY, STOPPING or ERROR",
            });
        }
    }
    if live.status != FlowStatus::Active {
        observer
            .waiting(
                &resource,
                FlowStatus::Active.as_str(),
                mediaconnect.wait_flow(&flow.arn, FlowTarget::Active),
            )
            .await
            .map_err(cloud_error(&resource))?;
    }
    Ok(transition(
        Kind::Flow,
        region,
        &flow.name,
        live.status.as_str(),
        FlowStatus::Active.as_str(),
    ))
}

async fn start_channel<C: HasMediaLive>(
    cloud: &C,
    region: &str,
    channel: &MediaLiveResourceState,
    observer: Observer<'_>,
) -> Result<Option<Transition>, Error> {
    let resource = format!("{} {}", Kind::Channel, channel.name);
    let medialive = cloud.medialive(region);
    let (live, _) = medialive
        .describe_channel(&channel.id)
        .await
        .map_err(cloud_error(&resource))?
        .ok_or_else(|| Error::Missing {
            resource: resource.clone(),
            region: region.to_owned(),
        })?;
    match live.state {
        ref started if started.is_started() => {}
        ChannelState::Idle | ChannelState::Stopping => {
            if live.state == ChannelState::Stopping {
                observer
                    .waiting(
                        &resource,
                        ChannelState::Idle.as_str(),
                        medialive.wait_channel(&channel.id, ChannelTarget::Stopped),
                    )
                    .await
                    .map_err(cloud_error(&resource))?;
            }
            medialive
                .start_channel(&channel.id)
                .await
                .map_err(cloud_error(&resource))?;
        }
        other => {
            return Err(Error::Unstartable {
                resource,
                region: region.to_owned(),
                state: other.into(),
                allowed: "IDLE or STOPPING",
            });
        }
    }
    if live.state != ChannelState::Running {
        observer
            .waiting(
                &resource,
                ChannelState::Running.as_str(),
                medialive.wait_channel(&channel.id, ChannelTarget::Running),
            )
            .await
            .map_err(cloud_error(&resource))?;
    }
    Ok(transition(
        Kind::Channel,
        region,
        &channel.name,
        live.state.as_str(),
        ChannelState::Running.as_str(),
    ))
}

async fn stop_channel<C: HasMediaLive>(
    cloud: &C,
    region: &str,
    channel: &MediaLiveResourceState,
    observer: Observer<'_>,
) -> Result<Option<Transition>, Error> {
    let resource = format!("{} {}", Kind::Channel, channel.name);
    let medialive = cloud.medialive(region);
    let Some((live, _)) = medialive
        .describe_channel(&channel.id)
        .await
        .map_err(cloud_error(&resource))?
    else {
        return Ok(None);
    };
    let before = live.state.as_str();
    if !(live.state.is_started() || live.state == ChannelState::Stopping) {
        return Ok(transition(Kind::Channel, region, &channel.name, before, before));
    }
    if live.state != ChannelState::Stopping {
        medialive
            .stop_channel(&channel.id)
            .await
            .map_err(cloud_error(&resource))?;
    }
    observer
        .waiting(
            &resource,
            ChannelState::Idle.as_str(),
            medialive.wait_channel(&channel.id, ChannelTarget::Stopped),
        )
        .await
        .map_err(cloud_error(&resource))?;
    Ok(transition(
        Kind::Channel,
        region,
        &channel.name,
        before,
        ChannelState::Idle.as_str(),
    ))
}

async fn stop_flow<C: HasMediaConnect>(
    cloud: &C,
    region: &str,
    flow: &state::FlowState,
    observer: Observer<'_>,
) -> Result<Option<Transition>, Error> {
    let resource = format!("{} {}", Kind::Flow, flow.name);
    let mediaconnect = cloud.mediaconnect(region);
    let Some(live) = mediaconnect
        .describe_flow(&flow.arn)
        .await
        .map_err(cloud_error(&resource))?
    else {
        return Ok(None);
    };
    let before = live.status.as_str();
    if !matches!(
        live.status,
        FlowStatus::Active | FlowStatus::Starting | FlowStatus::Stopping | FlowStatus::Error
    ) {
        return Ok(transition(Kind::Flow, region, &flow.name, before, before));
    }
    if live.status != FlowStatus::Stopping {
        mediaconnect
            .stop_flow(&flow.arn)
            .await
            .map_err(cloud_error(&resource))?;
    }
    observer
        .waiting(
            &resource,
            FlowStatus::Standby.as_str(),
            mediaconnect.wait_flow(&flow.arn, FlowTarget::Standby),
        )
        .await
        .map_err(cloud_error(&resource))?;
    Ok(transition(
        Kind::Flow,
        region,
        &flow.name,
        before,
        FlowStatus::Standby.as_str(),
    ))
}
