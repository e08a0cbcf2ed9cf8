//! Apply: run the plan's steps against a [`Cloud`], every ready step at once, recording the state
//! file after each.
//!
//! Every step is idempotent: resources have deterministic names, so a step first looks for its
//! resource (in the state file, then by name) and adopts it instead of creating a second one, and
//! a document already in place is left alone. A re-run after a failure therefore resumes where
//! the last run stopped.

use std::collections::BTreeSet;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use mediastore_policy::DataEndpoint;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;
use tracing::{info, warn};

use crate::cloud::cloudfront::Distribution;
use crate::cloud::{self, Cloud};
use mediastore_policy::UserAgentSecret;
use origin_failover::Site;

use crate::dag::Step;
use crate::discover;
use crate::origin::{Origin, OriginStep};
use crate::plan::{self, Plan};
use crate::progress::{self, Event, Operation, Progress, Silent, Task};
use crate::state::{self, State};

/// A duration as `m:ss.s`, the scale of a deployment's steps.
pub(crate) struct Minutes(pub(crate) Duration);

impl std::fmt::Display for Minutes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = self.0.as_millis() / 100;
        write!(f, "{}:{:02}.{}", tenths / 600, tenths / 10 % 60, tenths % 10)
    }
}

/// Why an apply stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A step failed; the state file holds every step finished before it, and a re-run resumes.
    #[error("step {step} failed")]
    Step {
        /// The step.
        step: Step,
        /// The cloud's error.
        #[source]
        source: cloud::Error,
    },
    /// A step found something it cannot adopt or proceed with.
    #[error("step {step} cannot proceed: {message}")]
    Conflict {
        /// The step.
        step: Step,
        /// What was found.
        message: String,
    },
    /// A document could not be rendered with the values apply found.
    #[error("step {step}: a document cannot be rendered")]
    Plan {
        /// The step.
        step: Step,
        /// The cause.
        #[source]
        source: plan::Error,
    },
    /// The documents that hold the `User-Agent` secret (the container policies, the
    /// distribution) cannot be rendered with the secret given; nothing was created.
    #[error("the documents holding the User-Agent secret cannot be rendered: nothing was created")]
    SecretDocuments(#[source] plan::Error),
    /// The origin needs the `User-Agent` secret and none was given; nothing was created.
    #[error("the {0} origin needs the User-Agent secret: nothing was created")]
    NoSecret(Origin),
    /// The state file could not be read or written.
    #[error(transparent)]
    State(#[from] state::Error),
    /// A step's task ended abnormally.
    #[error("a step's task ended abnormally: {0}")]
    Task(String),
}

/// What a step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Created a resource.
    Created,
    /// Found the resource already there and took it over.
    Adopted,
    /// Put a document that was missing or different.
    Updated,
    /// The document in place already matched.
    Unchanged,
    /// Waited for a state and reached it.
    Ready,
}

impl Error {
    /// Wraps a cloud error as the failure of `step`.
    fn at(step: Step) -> impl FnOnce(cloud::Error) -> Error {
        move |source| Error::Step { step, source }
    }
}

impl Outcome {
    /// `created`, `adopted`, `updated`, `unchanged` or `ready`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Adopted => "adopted",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Ready => "ready",
        }
    }
}

mod cloudfront;
mod medialive;
mod mediapackage;
mod mediastore;

/// One finished step; as JSON, the step is its id and the times are seconds (`started_s`, `took_s`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    /// The step.
    #[serde(serialize_with = "step_id")]
    pub step: Step,
    /// What it did.
    pub outcome: Outcome,
    /// The resource it worked on (name, id or key).
    pub resource: String,
    /// When it started, from the start of the run.
    #[serde(rename = "started_s", serialize_with = "seconds")]
    pub started: Duration,
    /// How long it took.
    #[serde(rename = "took_s", serialize_with = "seconds")]
    pub took: Duration,
}

/// A step as its id (`primary.container.create`), the name the report and the progress use.
fn step_id<S: serde::Serializer>(step: &Step, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&step.id())
}

/// A duration as seconds, the unit of the JSON reports.
pub(crate) fn seconds<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64())
}

impl Action {
    /// A step's outcome on `resource`; timed by the caller, which knows when the run started.
    fn new(step: Step, outcome: Outcome, resource: String) -> Action {
        Action {
            step,
            outcome,
            resource,
            started: Duration::ZERO,
            took: Duration::ZERO,
        }
    }
}

/// What an apply did, in the order steps finished.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The finished steps.
    pub actions: Vec<Action>,
    /// How long the run took, from reading the state file to the last step's end.
    #[serde(rename = "duration_s", serialize_with = "seconds")]
    pub duration: Duration,
}

impl Report {
    /// How many steps had an outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.actions
            .iter()
            .filter(|action| action.outcome == outcome)
            .count()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for action in &self.actions {
            writeln!(
                f,
                "{:<10} {:<42} {:>9} {:>9}  {}",
                action.outcome.as_str(),
                action.step.id(),
                format!("+{}", Minutes(action.started)),
                Minutes(action.took),
                action.resource
            )?;
        }
        write!(
            f,
            "{} created, {} adopted, {} updated, {} unchanged in {}",
            self.count(Outcome::Created),
            self.count(Outcome::Adopted),
            self.count(Outcome::Updated),
            self.count(Outcome::Unchanged),
            Minutes(self.duration)
        )
    }
}

/// How long to poll MediaStore (which has no SDK waiter) for a container to become active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polling {
    /// The first delay.
    pub initial: Duration,
    /// The longest delay between two polls.
    pub max_delay: Duration,
    /// The longest total wait.
    pub max_wait: Duration,
}

impl Default for Polling {
    /// 1 s, doubling up to 30 s, for at most 20 minutes (AWS documents "a few minutes").
    fn default() -> Self {
        Polling {
            initial: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            max_wait: Duration::from_secs(20 * 60),
        }
    }
}

struct Context<C> {
    cloud: C,
    plan: Plan,
    secret: Option<UserAgentSecret>,
    state: Mutex<State>,
    state_path: PathBuf,
    polling: Polling,
    /// Where the steps, each in a task of its own, send what they wait for; [`run_steps`] passes
    /// it on to the caller's observer.
    waits: Waits,
}

/// The steps' side of the channel that carries their [`Event::Waiting`] to the observer, which
/// the steps cannot hold (it is borrowed, and they run as spawned tasks).
struct Waits(mpsc::UnboundedSender<Event>);

impl Progress for Waits {
    fn report(&self, event: Event) {
        // The receiver lives until every step has ended: a send cannot fail before then.
        let _ = self.0.send(event);
    }
}

impl<C: Cloud> Context<C> {
    fn region(&self, site: Site) -> String {
        self.plan.site(site).region.to_string()
    }

    /// Awaits `wait`, reporting that `step` waits for `until` (see [`progress::waiting`]).
    async fn waiting<F: Future>(&self, step: Step, until: &str, wait: F) -> F::Output {
        progress::waiting(&self.waits, &step_task(step), until, wait).await
    }

    /// Updates the state and writes the state file, under one lock so writes never interleave.
    async fn record(&self, update: impl FnOnce(&mut State)) -> Result<(), Error> {
        let mut state = self.state.lock().await;
        update(&mut state);
        state.save(&self.state_path)?;
        Ok(())
    }

    async fn snapshot(&self) -> State {
        self.state.lock().await.clone()
    }
}

/// Applies a plan: runs every step of the DAG against `cloud`, each as soon as the steps it waits
/// for are done, and writes the state file at `state_path` after every step. `secret` is the
/// `User-Agent` a MediaStore origin's container policies require and its distribution sends (a
/// MediaPackage origin needs none: CloudFront signs its requests); the documents holding it are
/// rendered once before any step, so a bad or missing one stops the apply before anything is
/// created.
///
/// On the first failure no new step starts; the steps already running finish (and are recorded),
/// then the error is returned. Running `apply` again resumes.
pub async fn apply<C: Cloud + 'static>(
    cloud: C,
    plan: Plan,
    secret: Option<&UserAgentSecret>,
    state_path: &Path,
    polling: Polling,
) -> Result<Report, Error> {
    apply_with_progress(cloud, plan, secret, state_path, polling, &Silent).await
}

/// [`apply()`], reporting each step to `progress` as it starts, as it waits for AWS (a container
/// to become `ACTIVE`, a channel to be created, the distribution to deploy) and as it finishes or
/// fails ([`Operation::Apply`]; the task's id is the step's, [`Step::id`]).
pub async fn apply_with_progress<C: Cloud + 'static>(
    cloud: C,
    plan: Plan,
    secret: Option<&UserAgentSecret>,
    state_path: &Path,
    polling: Polling,
    progress: &dyn Progress,
) -> Result<Report, Error> {
    let run_started = tokio::time::Instant::now();
    match secret {
        Some(secret) => {
            plan.secret_files(secret).map_err(Error::SecretDocuments)?;
        }
        None if !plan.secret_file_paths().is_empty() => return Err(Error::NoSecret(plan.origin())),
        None => {}
    }
    let state = prepared_state(&plan, state_path)?;
    let (waits, waits_reported) = mpsc::unbounded_channel();
    let context = Arc::new(Context {
        cloud,
        plan,
        secret: secret.cloned(),
        state: Mutex::new(state),
        state_path: state_path.to_owned(),
        polling,
        waits: Waits(waits),
    });

    let mut report = Report::default();
    let failure = run_steps(&context, run_started, &mut report, progress, waits_reported).await;
    report.duration = run_started.elapsed();
    match failure {
        Some(error) => Err(error),
        None => Ok(report),
    }
}

/// The state file to record into: the last run's, or a new one, with the config's hash and both
/// Regions, saved before any step.
fn prepared_state(plan: &Plan, state_path: &Path) -> Result<State, Error> {
    let mut state = State::load(state_path)?.unwrap_or_else(|| State::new(plan.event(), plan.config_hash()));
    if state.config_hash != plan.config_hash() {
        warn!(
            previous = %state.config_hash,
            current = %plan.config_hash(),
            "the config changed since the last apply: existing resources are adopted as they are"
        );
        plan.config_hash().clone_into(&mut state.config_hash);
    }
    for site in Site::BOTH {
        let region = plan.site(site).region.to_string();
        state.region_mut(site, &region);
    }
    state.save(state_path)?;
    Ok(state)
}

/// Runs every step of the plan, each as soon as the steps it waits for are done, adding each
/// finished one to `report`; returns the first failure (no new step starts after it).
async fn run_steps<C: Cloud + 'static>(
    context: &Arc<Context<C>>,
    run_started: tokio::time::Instant,
    report: &mut Report,
    progress: &dyn Progress,
    mut waits: mpsc::UnboundedReceiver<Event>,
) -> Option<Error> {
    let origin = context.plan.origin();
    let all = context.plan.steps();
    let mut done: BTreeSet<Step> = BTreeSet::new();
    let mut started: BTreeSet<Step> = BTreeSet::new();
    let mut running: JoinSet<(Step, Result<Action, Error>)> = JoinSet::new();
    let mut failure: Option<Error> = None;
    loop {
        if failure.is_none() {
            for step in &all {
                if !started.contains(step) && step.dependencies(origin).iter().all(|dep| done.contains(dep)) {
                    started.insert(*step);
                    let context = Arc::clone(context);
                    let step = *step;
                    info!(step = %step, "starting");
                    progress.report(Event::Started(step_task(step)));
                    running.spawn(async move {
                        let step_started = tokio::time::Instant::now();
                        let result = run_step(&context, step).await.map(|action| Action {
                            started: step_started - run_started,
                            took: step_started.elapsed(),
                            ..action
                        });
                        (step, result)
                    });
                }
            }
        }
        // A step's wait is reported as it begins, while the steps run.
        let joined = tokio::select! {
            joined = running.join_next() => joined,
            Some(event) = waits.recv() => {
                progress.report(event);
                continue;
            }
        };
        while let Ok(event) = waits.try_recv() {
            progress.report(event);
        }
        let Some(joined) = joined else {
            break;
        };
        match joined {
            Ok((step, Ok(action))) => {
                info!(step = %step, outcome = action.outcome.as_str(), resource = %action.resource, "done");
                progress.report(Event::Finished {
                    task: step_task(step),
                    outcome: action.outcome.as_str().to_owned(),
                    resource: Some(action.resource.clone()),
                });
                done.insert(step);
                report.actions.push(action);
            }
            Ok((step, Err(error))) => {
                warn!(step = %step, error = &error as &(dyn std::error::Error + 'static), "failed");
                progress.report(Event::Failed {
                    task: step_task(step),
                    error: error.to_string(),
                });
                failure.get_or_insert(error);
            }
            Err(join_error) => {
                failure.get_or_insert(Error::Task(join_error.to_string()));
            }
        }
    }
    failure
}

/// The progress task of an apply step.
fn step_task(step: Step) -> Task {
    Task::new(Operation::Apply, step.id())
}

fn sha256(text: &[u8]) -> String {
    Sha256::digest(text)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

async fn run_step<C: Cloud>(context: &Context<C>, step: Step) -> Result<Action, Error> {
    match step {
        Step::Origin {
            site,
            origin_step: OriginStep::MediaStore(origin_step),
        } => mediastore::run(context, step, site, origin_step).await,
        Step::Origin {
            site,
            origin_step: OriginStep::MediaPackage(origin_step),
        } => mediapackage::run(context, step, site, origin_step).await,
        Step::CreateFlow { site, pipeline } => medialive::create_flow(context, step, site, pipeline).await,
        Step::CreateInput { site } => medialive::create_input(context, step, site).await,
        Step::CreateChannel { site } => medialive::create_channel(context, step, site).await,
        Step::CreateOriginAccessControl => cloudfront::create_origin_access_control(context, step).await,
        Step::CreateDistribution => cloudfront::create_distribution(context, step).await,
        Step::WaitDistributionDeployed => cloudfront::wait_distribution_deployed(context, step).await,
    }
}

/// The one shape of every document step: write the document only when the container does not already
/// hold it (so a re-run changes nothing), then record its hash under `record_as` in the state file.
async fn converge<C: Cloud, F>(
    context: &Context<C>,
    step: Step,
    site: Site,
    record_as: &str,
    recorded: &[u8],
    unchanged: bool,
    put: impl FnOnce() -> F,
) -> Result<Outcome, Error>
where
    F: Future<Output = cloud::Result<()>>,
{
    let outcome = if unchanged {
        Outcome::Unchanged
    } else {
        put().await.map_err(|source| Error::Step { step, source })?;
        Outcome::Updated
    };
    record_document(context, site, record_as, recorded).await?;
    Ok(outcome)
}

/// The one shape of every policy step: read the policy the resource holds with `current`, and put
/// `desired` only when the two differ as JSON values (AWS may reformat a policy it stores).
async fn converge_policy<C: Cloud, G, F>(
    context: &Context<C>,
    step: Step,
    site: Site,
    record_as: &str,
    desired: &str,
    current: G,
    put: impl FnOnce() -> F,
) -> Result<Outcome, Error>
where
    G: Future<Output = cloud::Result<Option<String>>>,
    F: Future<Output = cloud::Result<()>>,
{
    let current = current.await.map_err(Error::at(step))?;
    let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
    let unchanged = current
        .as_deref()
        .and_then(parse)
        .is_some_and(|current| Some(current) == parse(desired));
    converge(context, step, site, record_as, desired.as_bytes(), unchanged, put).await
}

async fn record_document<C: Cloud>(
    context: &Context<C>,
    site: Site,
    name: &str,
    contents: &[u8],
) -> Result<(), Error> {
    let region = context.region(site);
    let hash = sha256(contents);
    context
        .record(|state| {
            state
                .region_mut(site, &region)
                .documents
                .insert(name.to_owned(), hash);
        })
        .await
}

async fn container_endpoint<C: Cloud>(
    context: &Context<C>,
    site: Site,
    step: Step,
) -> Result<DataEndpoint, Error> {
    let state = context.state.lock().await;
    state
        .regions
        .get(&site)
        .and_then(|region| region.container.as_ref())
        .and_then(|container| container.endpoint.clone())
        .ok_or_else(|| Error::Conflict {
            step,
            message: format!("the state file has no data endpoint for the {site} container"),
        })
}

/// The distribution with this caller reference: the one in the state file if it still exists,
/// otherwise the first listed whose config has it.
async fn find_distribution<C: Cloud>(
    context: &Context<C>,
    caller_reference: &str,
) -> cloud::Result<Option<Distribution>> {
    let recorded = context.snapshot().await.distribution.map(|d| d.id);
    Ok(
        discover::distributions_with(&context.cloud, caller_reference, recorded.as_deref())
            .await?
            .into_iter()
            .next(),
    )
}
