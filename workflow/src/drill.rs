//! Drill: rehearse the recipe's failover paths on AWS by pausing MediaLive pipelines.
//!
//! Step 7 of the recipe tests failover by pausing one or both pipelines of a channel through the
//! channel schedule. [`drill()`] does exactly that, and checks what the origins show:
//!
//! 1. it records the newest segment number of every output: on MediaStore each pipeline's in each
//!    Region's container; on MediaPackage v2 each Region's endpoint (read with signed requests)
//!    and the viewer's path through the distribution;
//! 2. it pauses the [`Scenario`]'s pipelines with an immediate pause-state action
//!    ([`MediaLive::set_paused_pipelines`](crate::cloud::medialive::MediaLive::set_paused_pipelines)) in each Region concerned;
//! 3. it holds for the given duration (tokio's timer) and looks again: a paused pipeline's newest
//!    segment must have stopped advancing, every other one's must have advanced (on MediaPackage
//!    v2 a channel switches to its other input, so an endpoint stops only when every pipeline of its
//!    Region is paused, and the viewer's path keeps advancing while one Region still gets input);
//! 4. it **always** unpauses every channel it paused, also when a pause or an observation failed
//!    (if unpausing fails, the error gives the exact command that unpauses by hand);
//! 5. it watches what stopped resume, and returns a [`DrillReport`].
//!
//! The recipe's three failover paths come from [`FailoverPath`]'s catalogue; [`Scenario::custom`] pauses any pipelines
//! of one Region. What a viewer should see is documented per scenario
//! ([`Scenario::expected_outcome`], per origin); the drill itself judges segment numbers, not the
//! player (the `failover-drill` crate measures playback through each path on loopback).
//!
//! Schedule action names must be unique in a channel's schedule, so the caller passes a
//! discriminator (a run number, or the time it read): the library never reads the clock.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::time::Duration;

use hls_epoch::listing::{IN_FLIGHT_SEGMENTS, MIN_HOLD_SEGMENTS};
use medialive_template::Pipeline;
use medialive_template::schedule::PauseStateAction;
use mediastore_policy::DataEndpoint;
use origin_failover::Site;
use origin_failover::failover_path::{FailoverPath, ViewerOutcome};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use crate::cloud::medialive::MediaLive as _;
use crate::cloud::playback::Reader;
use crate::cloud::{self, HasMediaLive, HasMediaStoreData, HasPlayback};
use crate::origin::Origin;
use crate::plan::{MediaStorePlan, OriginPlan, Plan};
use crate::state::{self, State};
use crate::verify::{self, Judge};

/// The longest discriminator: MediaLive action names stay short and readable.
pub const MAX_DISCRIMINATOR_LEN: usize = 64;

/// Why a drill could not run or could not clean up (a failed expectation is a verdict in the
/// [`DrillReport`], not an error).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The state file records no channel for a Region the scenario pauses.
    #[error("the state file records no channel for the {site} Region: run apply first")]
    NoChannel {
        /// The Region's role.
        site: Site,
    },
    /// A custom drill names no pipeline to pause.
    #[error("a custom drill pauses at least one pipeline: give 0, 1 or both")]
    NoPipelines,
    /// The discriminator cannot be part of a schedule action name.
    #[error(
        "drill discriminator {value:?} is not allowed: expected 1 to {MAX_DISCRIMINATOR_LEN} characters of A-Z, a-z, 0-9, - and _"
    )]
    Discriminator {
        /// The value given.
        value: String,
    },
    /// The hold is too short to tell a paused pipeline from a running one.
    #[error(
        "a hold of {hold:?} is too short: at least {MIN_HOLD_SEGMENTS} segments ({minimum:?}) are needed to tell a paused pipeline from a running one"
    )]
    HoldTooShort {
        /// The hold given.
        hold: Duration,
        /// The shortest hold for the plan's segment cadence.
        minimum: Duration,
    },
    /// Reading a Region's segments failed. Whatever the drill paused was unpaused.
    #[error("listing the segments in the {site} Region ({region}) {stage} failed")]
    Observe {
        /// When.
        stage: Stage,
        /// The Region's role.
        site: Site,
        /// The Region.
        region: String,
        /// The cloud's error.
        #[source]
        source: Box<cloud::Error>,
    },
    /// Reading the playlists through the distribution failed. Whatever the drill paused was
    /// unpaused.
    #[error("reading the playlists through the distribution {stage} failed")]
    ObserveViewer {
        /// When.
        stage: Stage,
        /// Why.
        #[source]
        source: Box<cloud::Error>,
    },
    /// A pause call failed. Every channel the drill touched was unpaused.
    #[error(
        "pausing pipelines {pipelines} of channel {channel_id} in {region} ({site} Region) with schedule action {action} failed (the drill unpaused what it had touched)"
    )]
    Pause {
        /// The Region's role.
        site: Site,
        /// The Region.
        region: String,
        /// The channel.
        channel_id: String,
        /// The pipelines, such as `0` or `0 and 1`.
        pipelines: String,
        /// The schedule action's name.
        action: String,
        /// The cloud's error.
        #[source]
        source: Box<cloud::Error>,
    },
    /// Unpausing failed: channels may still be paused. The message says how to unpause each by
    /// hand.
    #[error("{}", unpause_message(.stuck, .earlier.as_deref()))]
    Unpause {
        /// Every channel whose unpause call failed.
        stuck: Vec<StuckChannel>,
        /// The failure that came first, if the drill was already failing.
        earlier: Option<Box<Error>>,
    },
    /// The state file records no distribution: the viewer's path cannot be read.
    #[error("the state file records no distribution: run apply first")]
    NoDistribution,
    /// The state file could not be read.
    #[error(transparent)]
    State(#[from] state::Error),
}

/// When an observation was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Before anything was paused.
    BeforePause,
    /// At the end of the hold (the channels were then unpaused).
    EndOfHold,
    /// While waiting for the paused pipelines to resume (the channels were unpaused).
    AfterUnpause,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::BeforePause => "before pausing",
            Stage::EndOfHold => "at the end of the hold (the channels were unpaused)",
            Stage::AfterUnpause => "after unpausing",
        })
    }
}

/// A channel the drill could not unpause.
#[derive(Debug)]
pub struct StuckChannel {
    /// The Region's role.
    pub site: Site,
    /// The Region.
    pub region: String,
    /// The channel.
    pub channel_id: String,
    /// The unpause action that failed.
    pub action: String,
    /// The cloud's error.
    pub source: cloud::Error,
}

impl StuckChannel {
    /// The AWS CLI command that unpauses the channel by hand (see [`unpause_command`]).
    pub fn unpause_command(&self) -> Result<String, serde_json::Error> {
        unpause_command(&self.region, &self.channel_id, &self.action)
    }
}

/// The AWS CLI command that unpauses both pipelines of a channel by hand: the immediate
/// pause-state action with no pipeline ([`PauseStateAction::unpause`], the value the SDK call sends
/// too), named after the drill's own unpause action `unpause_action` with `-by-hand`, so that it is
/// not in the channel's schedule yet.
pub fn unpause_command(
    region: &str,
    channel_id: &str,
    unpause_action: &str,
) -> Result<String, serde_json::Error> {
    let creates = PauseStateAction::unpause(format!("{unpause_action}-by-hand")).to_creates_json()?;
    Ok(format!(
        "aws medialive batch-update-schedule --region {region} --channel-id {channel_id} --creates '{creates}'"
    ))
}

fn unpause_message(stuck: &[StuckChannel], earlier: Option<&Error>) -> String {
    let mut message = String::from("unpausing failed: channels may still be paused");
    for channel in stuck {
        let by_hand = match channel.unpause_command() {
            Ok(command) => format!("unpause it by hand with: {command}"),
            Err(error) => format!("the unpause command could not be written ({error})"),
        };
        message.push_str(&format!(
            "; channel {} in {} ({} Region): {} failed: {}; {by_hand}",
            channel.channel_id, channel.region, channel.site, channel.action, channel.source,
        ));
    }
    if let Some(earlier) = earlier {
        message.push_str(&format!("; the drill had already failed: {earlier}"));
    }
    message
}

/// What a drill pauses: one of the recipe's [`FailoverPath`]s, or any pipelines of one Region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    name: String,
    pauses: BTreeMap<Site, Vec<Pipeline>>,
}

impl From<FailoverPath> for Scenario {
    fn from(path: FailoverPath) -> Scenario {
        Scenario {
            name: path.name().to_owned(),
            pauses: path.pipelines_to_pause(),
        }
    }
}

impl Scenario {
    /// Pauses `pipelines` of the channel in the `site` Region. A choice that stages one of the
    /// recipe's paths gets the path's expected outcome; its name stays `custom-<site>-<0|1|both>`.
    pub fn custom(site: Site, pipelines: &[Pipeline]) -> Result<Scenario, Error> {
        let chosen: BTreeSet<Pipeline> = pipelines.iter().copied().collect();
        let label = match chosen.len() {
            0 => return Err(Error::NoPipelines),
            1 => chosen.iter().map(ToString::to_string).collect(),
            _ => "both".to_owned(),
        };
        let pauses = BTreeMap::from([(site, chosen.into_iter().collect::<Vec<_>>())]);
        Ok(Scenario {
            name: format!("custom-{site}-{label}"),
            pauses,
        })
    }

    /// The scenario's name: the preset's, or `custom-<site>-<pipelines>`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What a viewer should see on `origin`. Pausing every pipeline of a Region is how a path
    /// stages an origin failure, so a choice that stages one of the recipe's paths has the path's
    /// outcome.
    pub fn expected_outcome(&self, origin: Origin) -> ViewerOutcome {
        match FailoverPath::staged_by(&self.pauses) {
            Some(path) => path.viewer_outcome_on(origin.kind()),
            None => {
                let lost = self
                    .pauses
                    .iter()
                    .map(|(site, pipelines)| (*site, pipelines.iter().copied().collect()))
                    .collect();
                ViewerOutcome::of_source_loss_on(origin.kind(), &lost)
            }
        }
    }

    /// Whether every pipeline of the `site` Region is paused (its origin then stops getting
    /// segments).
    fn pauses_every_pipeline(&self, site: Site) -> bool {
        Pipeline::BOTH
            .iter()
            .all(|pipeline| self.paused(site).contains(pipeline))
    }

    /// The pipelines paused in the `site` Region (none when the scenario leaves it alone).
    pub fn paused(&self, site: Site) -> &[Pipeline] {
        self.pauses.get(&site).map(Vec::as_slice).unwrap_or_default()
    }
}

/// A drill to run: a scenario, the hold, and the discriminator that makes its schedule action
/// names unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    scenario: Scenario,
    discriminator: String,
    hold: Duration,
    resume_timeout: Duration,
}

impl Drill {
    /// How long the drill waits, by default, for paused pipelines to write again after the unpause.
    pub const DEFAULT_RESUME_TIMEOUT: Duration = Duration::from_secs(60);

    /// A drill of `scenario` that holds the pause for `hold`. `discriminator` (such as a run
    /// number or a compact UTC time) goes into the schedule action names, which must be unique in a
    /// channel's schedule: 1 to [`MAX_DISCRIMINATOR_LEN`] characters of `A-Z a-z 0-9 - _`.
    pub fn new(scenario: impl Into<Scenario>, discriminator: &str, hold: Duration) -> Result<Drill, Error> {
        let valid = !discriminator.is_empty()
            && discriminator.len() <= MAX_DISCRIMINATOR_LEN
            && discriminator
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(Error::Discriminator {
                value: discriminator.to_owned(),
            });
        }
        Ok(Drill {
            scenario: scenario.into(),
            discriminator: discriminator.to_owned(),
            hold,
            resume_timeout: Drill::DEFAULT_RESUME_TIMEOUT,
        })
    }

    /// Waits at most `timeout` after the unpause for the paused pipelines to write again.
    pub fn resume_timeout(mut self, timeout: Duration) -> Drill {
        self.resume_timeout = timeout;
        self
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The hold.
    pub fn hold(&self) -> Duration {
        self.hold
    }

    /// The pause action's name: `drill-<scenario>-pause-<discriminator>`.
    pub fn pause_action(&self) -> String {
        format!("drill-{}-pause-{}", self.scenario.name, self.discriminator)
    }

    /// The unpause action's name: `drill-<scenario>-unpause-<discriminator>`.
    pub fn unpause_action(&self) -> String {
        format!("drill-{}-unpause-{}", self.scenario.name, self.discriminator)
    }
}

/// What the drill expects of one pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expectation {
    /// Paused: its newest segment stops advancing during the hold (one in-flight segment allowed).
    Stops,
    /// Not paused: its newest segment advances during the hold by more than one segment.
    Advances,
    /// Paused: its newest segment advances again after the unpause.
    Resumes,
}

impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expectation::Stops => "stops",
            Expectation::Advances => "advances",
            Expectation::Resumes => "resumes",
        })
    }
}

/// One expectation and its verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// What was expected.
    pub expectation: Expectation,
    /// Whether the segments showed it.
    pub passed: bool,
}

/// One pipeline of one Region through the drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineRecord {
    /// The Region's role.
    pub site: Site,
    /// The Region.
    pub region: String,
    /// MediaLive's pipeline index (0 or 1).
    pub pipeline: u8,
    /// The pipeline's destination base name (`primary` or `backup`).
    pub base: String,
    /// Whether the drill paused it.
    pub paused: bool,
    /// Its newest segment number before the pause (`None`: no segment).
    pub before: Option<u64>,
    /// Its newest segment number at the end of the hold.
    pub end_of_hold: Option<u64>,
    /// Its newest segment number at the last look after the unpause.
    pub after_unpause: Option<u64>,
    /// The expectations and their verdicts.
    pub checks: Vec<Check>,
}

impl PipelineRecord {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|check| check.passed)
    }
}

/// One MediaPackage v2 output through the drill: a Region's endpoint, or the viewer's path through
/// the distribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputRecord {
    /// What was read: `<site> endpoint` or `viewer`.
    pub output: String,
    /// The Region of an endpoint (`None` for the viewer's path).
    pub region: Option<String>,
    /// Whether every input it depends on was paused (its segments should stop).
    pub inputs_paused: bool,
    /// Its newest segment number before the pause (`None`: no segment, or an error status).
    pub before: Option<u64>,
    /// Its newest segment number at the end of the hold.
    pub end_of_hold: Option<u64>,
    /// Its newest segment number at the last look after the unpause.
    pub after_unpause: Option<u64>,
    /// The expectations and their verdicts.
    pub checks: Vec<Check>,
}

impl OutputRecord {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|check| check.passed)
    }
}

/// The schedule actions sent to one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelActions {
    /// The Region's role.
    pub site: Site,
    /// The Region.
    pub region: String,
    /// The channel.
    pub channel_id: String,
    /// The pipelines paused (MediaLive indexes).
    pub paused: Vec<u8>,
    /// The pause action's name.
    pub pause_action: String,
    /// The unpause action's name.
    pub unpause_action: String,
}

/// The result of [`drill()`]: `Display` prints a table, `Serialize` gives JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillReport {
    /// The event's name.
    pub event: String,
    /// The scenario's name.
    pub scenario: String,
    /// What a viewer should see, as the recipe describes it.
    pub expected_outcome: String,
    /// The hold, in seconds.
    pub hold_seconds: f64,
    /// The schedule actions sent, per channel.
    pub channels: Vec<ChannelActions>,
    /// MediaStore: every pipeline of both Regions, primary Region first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pipelines: Vec<PipelineRecord>,
    /// MediaPackage v2: each Region's endpoint, primary first, then the viewer's path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<OutputRecord>,
    /// The overall verdict.
    pub passed: bool,
}

impl DrillReport {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.passed
    }
}

fn number(value: Option<u64>) -> String {
    value.map_or_else(|| "-".to_owned(), |n| n.to_string())
}

impl fmt::Display for DrillReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "drill {} on {} (hold {}s)",
            self.scenario, self.event, self.hold_seconds
        )?;
        writeln!(f, "expected viewer outcome: {}", self.expected_outcome)?;
        for channel in &self.channels {
            let pipelines: Vec<String> = channel.paused.iter().map(u8::to_string).collect();
            writeln!(
                f,
                "paused pipeline {} of channel {} in {} ({} Region) with {}; unpaused with {}",
                pipelines.join(" and "),
                channel.channel_id,
                channel.region,
                channel.site,
                channel.pause_action,
                channel.unpause_action
            )?;
        }
        if !self.pipelines.is_empty() {
            writeln!(
                f,
                "{:<8} {:<14} {:<8} {:<7} {:>12} {:>12} {:>14}  checks",
                "site", "region", "pipeline", "paused", "before", "end of hold", "after unpause"
            )?;
        }
        for record in &self.pipelines {
            writeln!(
                f,
                "{:<8} {:<14} {:<8} {:<7} {:>12} {:>12} {:>14}  {}",
                record.site,
                record.region,
                format!("{} {}", record.pipeline, record.base),
                if record.paused { "yes" } else { "no" },
                number(record.before),
                number(record.end_of_hold),
                number(record.after_unpause),
                checks_text(&record.checks)
            )?;
        }
        if !self.outputs.is_empty() {
            writeln!(
                f,
                "{:<16} {:<14} {:<7} {:>12} {:>12} {:>14}  checks",
                "output", "region", "paused", "before", "end of hold", "after unpause"
            )?;
        }
        for record in &self.outputs {
            writeln!(
                f,
                "{:<16} {:<14} {:<7} {:>12} {:>12} {:>14}  {}",
                record.output,
                record.region.as_deref().unwrap_or("-"),
                if record.inputs_paused { "all" } else { "no" },
                number(record.before),
                number(record.end_of_hold),
                number(record.after_unpause),
                checks_text(&record.checks)
            )?;
        }
        write!(f, "verdict: {}", if self.passed { "PASS" } else { "FAIL" })
    }
}

fn checks_text(checks: &[Check]) -> String {
    let checks: Vec<String> = checks
        .iter()
        .map(|check| {
            format!(
                "{}: {}",
                check.expectation,
                if check.passed { "ok" } else { "FAIL" }
            )
        })
        .collect();
    checks.join(", ")
}

/// Where one Region's segments are read.
enum Source<'a> {
    /// The segment objects in a MediaStore container, at its data endpoint.
    Container {
        plan: &'a MediaStorePlan,
        endpoint: DataEndpoint,
    },
    /// A MediaPackage v2 endpoint's playlists (the multivariant playlist's URL), read with signed
    /// requests.
    Endpoint { judge: Judge<'a>, url: String },
}

/// Where one Region's segments and channel are.
struct SiteTarget<'a> {
    site: Site,
    region: String,
    source: Source<'a>,
    channel_id: Option<String>,
}

/// One output the drill watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Point {
    /// A pipeline's segments in a Region's MediaStore container.
    Pipeline(Site, Pipeline),
    /// A Region's MediaPackage v2 endpoint.
    Endpoint(Site),
    /// The viewer's path through the distribution (MediaPackage v2).
    Viewer,
}

impl Point {
    /// Whether the scenario stops every input this output depends on.
    fn stops(self, scenario: &Scenario) -> bool {
        match self {
            Point::Pipeline(site, pipeline) => scenario.paused(site).contains(&pipeline),
            Point::Endpoint(site) => scenario.pauses_every_pipeline(site),
            Point::Viewer => Site::BOTH
                .into_iter()
                .all(|site| scenario.pauses_every_pipeline(site)),
        }
    }
}

/// Newest segment number per output.
type Observation = BTreeMap<Point, Option<u64>>;

/// What the drill reads: each Region's segments, and on MediaPackage v2 the viewer's path (the
/// judge that reads playlists, and the URL through the distribution).
struct Watch<'a> {
    targets: Vec<SiteTarget<'a>>,
    viewer: Option<(Judge<'a>, String)>,
}

impl Watch<'_> {
    async fn observe<C: HasMediaStoreData + HasPlayback>(
        &self,
        cloud: &C,
        stage: Stage,
    ) -> Result<Observation, Error> {
        let mut observation = Observation::new();
        for target in &self.targets {
            let failed = |source| Error::Observe {
                stage,
                site: target.site,
                region: target.region.clone(),
                source: Box::new(source),
            };
            match &target.source {
                Source::Container { plan, endpoint } => {
                    let objects =
                        verify::list_objects(cloud, &target.region, endpoint, plan.settings().path())
                            .await
                            .map_err(failed)?;
                    for pipeline in Pipeline::BOTH {
                        let base = plan.settings().pipelines().base(pipeline);
                        let newest = verify::newest_segment(base, objects.iter().map(String::as_str));
                        observation.insert(Point::Pipeline(target.site, pipeline), newest);
                    }
                }
                Source::Endpoint { judge, url } => {
                    let reader = Reader::Account {
                        region: &target.region,
                    };
                    let newest = judge.newest(cloud, reader, url).await.map_err(failed)?;
                    observation.insert(Point::Endpoint(target.site), newest);
                }
            }
        }
        if let Some((judge, url)) = &self.viewer {
            let newest =
                judge
                    .newest(cloud, Reader::Viewer, url)
                    .await
                    .map_err(|source| Error::ObserveViewer {
                        stage,
                        source: Box::new(source),
                    })?;
            observation.insert(Point::Viewer, newest);
        }
        Ok(observation)
    }
}

fn pipeline_list(pipelines: &[Pipeline]) -> String {
    let indexes: Vec<String> = pipelines.iter().map(|p| p.index().to_string()).collect();
    indexes.join(" and ")
}

/// A channel the scenario pauses.
#[derive(Clone, Copy)]
struct Paused<'a> {
    site: Site,
    region: &'a str,
    channel_id: &'a str,
    pipelines: &'a [Pipeline],
}

/// Runs `call` on the channels of both Regions at once (a Region not in `channels` is skipped);
/// the outputs come primary Region first.
async fn in_both_regions<'a, T, F, Fut>(channels: &[Paused<'a>], call: F) -> Vec<T>
where
    F: Fn(Paused<'a>) -> Fut,
    Fut: Future<Output = T>,
{
    let run = |site: Site| {
        let channel = channels.iter().find(|channel| channel.site == site);
        let call = &call;
        async move {
            match channel {
                Some(channel) => Some(call(*channel).await),
                None => None,
            }
        }
    };
    let (primary, backup) = tokio::join!(run(Site::Primary), run(Site::Backup));
    [primary, backup].into_iter().flatten().collect()
}

/// Unpauses every channel in `channels`, both Regions at once; the failures, each with what to
/// run by hand.
async fn unpause_all<C: HasMediaLive>(cloud: &C, channels: &[Paused<'_>], action: &str) -> Vec<StuckChannel> {
    in_both_regions(channels, |channel| async move {
        let (region, channel_id) = (channel.region, channel.channel_id);
        match cloud
            .medialive(region)
            .set_paused_pipelines(channel_id, action, &[])
            .await
        {
            Ok(()) => {
                info!(region, channel_id, action, "unpaused");
                None
            }
            Err(source) => {
                warn!(region, channel_id, action, error = %source, "unpause failed");
                Some(StuckChannel {
                    site: channel.site,
                    region: region.to_owned(),
                    channel_id: channel_id.to_owned(),
                    action: action.to_owned(),
                    source,
                })
            }
        }
    })
    .await
    .into_iter()
    .flatten()
    .collect()
}

/// Runs the drill on the event recorded at `state_path`: see the [module docs](self) for the
/// sequence. Failed expectations are verdicts in the [`DrillReport`]; an `Err` means the drill
/// could not run or could not finish, and (except for [`Error::Unpause`], which says how to
/// unpause by hand) every channel it paused has been unpaused.
pub async fn drill<C: HasMediaLive + HasMediaStoreData + HasPlayback>(
    cloud: &C,
    plan: &Plan,
    state_path: &Path,
    drill: &Drill,
) -> Result<DrillReport, Error> {
    let state = State::load_deployed(state_path)?;
    let segment = plan.cadence().duration().to_duration();
    let minimum = segment * MIN_HOLD_SEGMENTS;
    if drill.hold < minimum {
        return Err(Error::HoldTooShort {
            hold: drill.hold,
            minimum,
        });
    }
    let watch = watch(plan, &state, drill)?;
    let pausing: Vec<Paused<'_>> = watch
        .targets
        .iter()
        .filter_map(|target| {
            let pipelines = drill.scenario.paused(target.site);
            Some(Paused {
                site: target.site,
                region: &target.region,
                channel_id: target.channel_id.as_deref().filter(|_| !pipelines.is_empty())?,
                pipelines,
            })
        })
        .collect();
    let (pause_action, unpause_action) = (drill.pause_action(), drill.unpause_action());

    let before = watch.observe(cloud, Stage::BeforePause).await?;

    // Pause every Region concerned at once (the both-Regions path loses its source everywhere at
    // the same moment). A failed pause still unpauses all of them: the call may have been applied.
    let paused = pause_all(cloud, &pausing, &pause_action).await;
    let during = match paused {
        Ok(()) => {
            tokio::time::sleep(drill.hold).await;
            watch.observe(cloud, Stage::EndOfHold).await
        }
        Err(error) => Err(error),
    };
    let stuck = unpause_all(cloud, &pausing, &unpause_action).await;
    let during = match (during, stuck.is_empty()) {
        (Ok(during), true) => during,
        (Err(error), true) => return Err(error),
        (during, false) => {
            return Err(Error::Unpause {
                stuck,
                earlier: during.err().map(Box::new),
            });
        }
    };

    // Look once a segment until everything that stopped writes again, or the timeout.
    let resumed = |after: &Observation| {
        after.iter().all(|(&point, &newest)| {
            !point.stops(&drill.scenario) || advanced(during.get(&point).copied().flatten(), newest, 0)
        })
    };
    let after = wait_until_resumed(cloud, plan, &watch, drill, &resumed).await?;
    let (pipelines, outputs) = judge(&watch, &drill.scenario, [&before, &during, &after]);
    let channels = channel_actions(&pausing, &pause_action, &unpause_action);
    let passed = pipelines.iter().all(PipelineRecord::passed) && outputs.iter().all(OutputRecord::passed);
    Ok(DrillReport {
        event: state.event.clone(),
        scenario: drill.scenario.name.clone(),
        expected_outcome: drill
            .scenario
            .expected_outcome(plan.origin())
            .description_on(plan.origin().kind())
            .to_owned(),
        hold_seconds: drill.hold.as_secs_f64(),
        channels,
        pipelines,
        outputs,
        passed,
    })
}

/// What the drill schedules to each channel it paused: the pipelines and both schedule actions' names.
fn channel_actions(pausing: &[Paused<'_>], pause_action: &str, unpause_action: &str) -> Vec<ChannelActions> {
    pausing
        .iter()
        .map(|channel| ChannelActions {
            site: channel.site,
            region: channel.region.to_owned(),
            channel_id: channel.channel_id.to_owned(),
            paused: channel.pipelines.iter().map(|p| p.index()).collect(),
            pause_action: pause_action.to_owned(),
            unpause_action: unpause_action.to_owned(),
        })
        .collect()
}

/// Where each Region's segments are read and which channel is paused there, and, on MediaPackage
/// v2, the viewer's path.
fn watch<'a>(plan: &'a Plan, state: &State, drill: &Drill) -> Result<Watch<'a>, Error> {
    let mut targets = Vec::new();
    for site in Site::BOTH {
        let (region, source) = match plan.origin_plan() {
            OriginPlan::MediaStore(origin) => {
                let (region, endpoint) = state.endpoint(site)?;
                let source = Source::Container {
                    plan: origin,
                    endpoint: endpoint.clone(),
                };
                (region, source)
            }
            OriginPlan::MediaPackage(origin) => {
                let (region, group) = state.channel_group(site)?;
                let source = Source::Endpoint {
                    judge: Judge::new(plan, origin),
                    url: origin.pair().playback_path().url(&group.egress_domain),
                };
                (region, source)
            }
        };
        let channel_id = state
            .regions
            .get(&site)
            .and_then(|r| r.channel.as_ref())
            .map(|c| c.id.clone());
        if channel_id.is_none() && !drill.scenario.paused(site).is_empty() {
            return Err(Error::NoChannel { site });
        }
        targets.push(SiteTarget {
            site,
            region: region.to_owned(),
            source,
            channel_id,
        });
    }
    let viewer = match plan.origin_plan() {
        OriginPlan::MediaStore(_) => None,
        OriginPlan::MediaPackage(origin) => {
            let distribution = state.distribution.as_ref().ok_or(Error::NoDistribution)?;
            let url = format!("https://{}{}", distribution.domain_name, plan.playback_path());
            Some((Judge::new(plan, origin), url))
        }
    };
    Ok(Watch { targets, viewer })
}

/// Pauses every Region concerned at once (the both-Regions path loses its source everywhere at
/// the same moment).
async fn pause_all<C: HasMediaLive>(
    cloud: &C,
    pausing: &[Paused<'_>],
    pause_action: &str,
) -> Result<(), Error> {
    let paused: Result<Vec<()>, Error> = in_both_regions(pausing, |channel| {
        let action = pause_action;
        async move {
            let (region, channel_id) = (channel.region, channel.channel_id);
            let pipelines = pipeline_list(channel.pipelines);
            info!(region, channel_id, action, pipelines, "pausing");
            cloud
                .medialive(region)
                .set_paused_pipelines(channel_id, action, channel.pipelines)
                .await
                .map_err(|source| Error::Pause {
                    site: channel.site,
                    region: region.to_owned(),
                    channel_id: channel_id.to_owned(),
                    pipelines,
                    action: action.to_owned(),
                    source: Box::new(source),
                })
        }
    })
    .await
    .into_iter()
    .collect();
    paused.map(|_| ())
}

/// Looks once a segment until `resumed` holds, or the drill's resume timeout; returns the last
/// observation.
async fn wait_until_resumed<C: HasMediaStoreData + HasPlayback>(
    cloud: &C,
    plan: &Plan,
    watch: &Watch<'_>,
    drill: &Drill,
    resumed: &impl Fn(&Observation) -> bool,
) -> Result<Observation, Error> {
    let segment = plan.cadence().duration().to_duration();
    let mut waited = Duration::ZERO;
    loop {
        tokio::time::sleep(segment).await;
        waited += segment;
        let after = watch.observe(cloud, Stage::AfterUnpause).await?;
        if resumed(&after) || waited >= drill.resume_timeout {
            return Ok(after);
        }
    }
}

/// The expectations of an output: one that lost every input stops and resumes, the others advance.
fn checks(
    stops: bool,
    before: Option<u64>,
    end_of_hold: Option<u64>,
    after_unpause: Option<u64>,
) -> Vec<Check> {
    if stops {
        vec![
            Check {
                expectation: Expectation::Stops,
                passed: !advanced(before, end_of_hold, IN_FLIGHT_SEGMENTS),
            },
            Check {
                expectation: Expectation::Resumes,
                passed: advanced(end_of_hold, after_unpause, 0),
            },
        ]
    } else {
        vec![Check {
            expectation: Expectation::Advances,
            passed: before.is_some() && advanced(before, end_of_hold, IN_FLIGHT_SEGMENTS),
        }]
    }
}

/// Each output's record: a MediaStore pipeline's, or a MediaPackage v2 endpoint's or viewer's.
fn judge(
    watch: &Watch<'_>,
    scenario: &Scenario,
    [before, during, after]: [&Observation; 3],
) -> (Vec<PipelineRecord>, Vec<OutputRecord>) {
    let looks = |point: Point| {
        let look = |observation: &Observation| observation.get(&point).copied().flatten();
        (look(before), look(during), look(after))
    };
    let output = |point: Point, name: String, region: Option<String>| {
        let (before, end_of_hold, after_unpause) = looks(point);
        let stops = point.stops(scenario);
        OutputRecord {
            output: name,
            region,
            inputs_paused: stops,
            before,
            end_of_hold,
            after_unpause,
            checks: checks(stops, before, end_of_hold, after_unpause),
        }
    };
    let (mut pipelines, mut outputs) = (Vec::new(), Vec::new());
    for target in &watch.targets {
        match &target.source {
            Source::Container { plan, .. } => {
                for pipeline in Pipeline::BOTH {
                    let point = Point::Pipeline(target.site, pipeline);
                    let (before, end_of_hold, after_unpause) = looks(point);
                    let paused = point.stops(scenario);
                    pipelines.push(PipelineRecord {
                        site: target.site,
                        region: target.region.clone(),
                        pipeline: pipeline.index(),
                        base: plan.settings().pipelines().base(pipeline).to_owned(),
                        paused,
                        before,
                        end_of_hold,
                        after_unpause,
                        checks: checks(paused, before, end_of_hold, after_unpause),
                    });
                }
            }
            Source::Endpoint { .. } => outputs.push(output(
                Point::Endpoint(target.site),
                format!("{} endpoint", target.site),
                Some(target.region.clone()),
            )),
        }
    }
    if watch.viewer.is_some() {
        outputs.push(output(Point::Viewer, "viewer".to_owned(), None));
    }
    (pipelines, outputs)
}

/// Whether the newest segment moved from `from` to `to` by more than `allowance` segments. A
/// pipeline with no segment at the later look has not advanced; one that had none before and has
/// some now has.
fn advanced(from: Option<u64>, to: Option<u64>, allowance: u64) -> bool {
    match (from, to) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(from), Some(to)) => to > from.saturating_add(allowance),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advanced_allows_the_in_flight_segment() {
        assert!(!advanced(Some(10), Some(11), IN_FLIGHT_SEGMENTS));
        assert!(advanced(Some(10), Some(12), IN_FLIGHT_SEGMENTS));
        assert!(advanced(Some(10), Some(11), 0));
        assert!(!advanced(Some(10), Some(10), 0));
        assert!(!advanced(Some(10), None, 0));
        assert!(advanced(None, Some(1), 0));
        assert!(!advanced(None, None, 0));
    }
}
