//! The deployment's steps and what each one waits for.
//!
//! Containers take minutes to become active on AWS and a distribution about twenty minutes to
//! deploy, so the critical path is "container active -> distribution deployed"; everything else
//! is arranged to overlap it:
//!
//! ```text
//! per Region (both at once):
//!   the origin's steps (the MediaStore origin's below; see [`Origin::steps`]):
//!   container create -> wait active -> {policy, lifecycle, CORS, index.m3u8}
//!   flow A, flow B -> input (both flow ARNs) -> channel (also needs the origin ready)
//! global:
//!   both origins ready -> distribution (origin group) -> wait deployed
//! ```
//!
//! The MediaPackage v2 origin's steps are synchronous; its critical path is the distribution's
//! deployment:
//!
//! ```text
//! per Region:
//!   channel group -> channel -> {channel policy, origin endpoint}
//!   channel policy and input -> MediaLive channel
//!   origin endpoint and the distribution's creation -> endpoint policy (it names the distribution)
//! global:
//!   origin access control, both origin endpoints -> distribution -> wait deployed
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::time::Duration;

use medialive_template::Pipeline;
use origin_failover::Site;
use serde::{Deserialize, Serialize};

use crate::origin::{Origin, OriginStep};

/// A step of the deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// A step of a Region's origin ([`Origin::steps`]).
    Origin {
        /// The Region.
        site: Site,
        /// The origin's step.
        origin_step: OriginStep,
    },
    /// Create (or adopt) one MediaConnect flow: the one in its own Availability Zone that feeds
    /// `pipeline`.
    CreateFlow {
        /// The Region.
        site: Site,
        /// The pipeline the flow feeds.
        #[serde(alias = "slot")]
        pipeline: Pipeline,
    },
    /// Create (or adopt) the MediaLive input that takes both flows.
    CreateInput {
        /// The Region.
        site: Site,
    },
    /// Create (or adopt) the MediaLive channel and wait until it is idle.
    CreateChannel {
        /// The Region.
        site: Site,
    },
    /// Create (or adopt) the origin access control the distribution signs its origin requests
    /// with (an origin that [`Origin::signs_requests`] only).
    CreateOriginAccessControl,
    /// Create (or adopt) the CloudFront distribution with the origin group.
    CreateDistribution,
    /// Wait until the distribution is deployed.
    WaitDistributionDeployed,
}

impl Step {
    /// A step of a Region's origin.
    pub fn origin(site: Site, step: impl Into<OriginStep>) -> Step {
        Step::Origin {
            site,
            origin_step: step.into(),
        }
    }

    /// Every step of a deployment on `origin`, in a stable order (the order of the DAG's summary).
    pub fn all(origin: Origin) -> Vec<Step> {
        let mut steps = Vec::new();
        for site in Site::BOTH {
            steps.extend(origin.steps().into_iter().map(|step| Step::origin(site, step)));
            for pipeline in Pipeline::BOTH {
                steps.push(Step::CreateFlow { site, pipeline });
            }
            steps.push(Step::CreateInput { site });
            steps.push(Step::CreateChannel { site });
        }
        if origin.signs_requests() {
            steps.push(Step::CreateOriginAccessControl);
        }
        steps.push(Step::CreateDistribution);
        steps.push(Step::WaitDistributionDeployed);
        steps
    }

    /// The steps that must finish before this one starts in a deployment on `origin`.
    pub fn dependencies(self, origin: Origin) -> Vec<Step> {
        match self {
            Step::Origin { site, origin_step } => {
                let mut dependencies: Vec<Step> = origin_step
                    .dependencies()
                    .into_iter()
                    .map(|step| Step::origin(site, step))
                    .collect();
                if origin_step.follows_distribution() {
                    dependencies.push(Step::CreateDistribution);
                }
                dependencies
            }
            Step::CreateFlow { .. } => Vec::new(),
            Step::CreateInput { site } => Pipeline::BOTH
                .into_iter()
                .map(|pipeline| Step::CreateFlow { site, pipeline })
                .collect(),
            Step::CreateChannel { site } => {
                vec![
                    Step::CreateInput { site },
                    Step::origin(site, origin.ready_for_channel()),
                ]
            }
            Step::CreateOriginAccessControl => Vec::new(),
            Step::CreateDistribution => {
                let mut dependencies: Vec<Step> = Site::BOTH
                    .into_iter()
                    .map(|site| Step::origin(site, origin.ready_for_distribution()))
                    .collect();
                if origin.signs_requests() {
                    dependencies.push(Step::CreateOriginAccessControl);
                }
                dependencies
            }
            Step::WaitDistributionDeployed => vec![Step::CreateDistribution],
        }
    }

    /// The Region the step works in, if it is not global.
    pub fn site(self) -> Option<Site> {
        match self {
            Step::Origin { site, .. }
            | Step::CreateFlow { site, .. }
            | Step::CreateInput { site }
            | Step::CreateChannel { site } => Some(site),
            Step::CreateOriginAccessControl | Step::CreateDistribution | Step::WaitDistributionDeployed => {
                None
            }
        }
    }

    /// A stable, readable identifier such as `primary.flow-a` or `distribution.wait-deployed`.
    pub fn id(self) -> String {
        let local = match self {
            Step::Origin { origin_step, .. } => origin_step.id().to_owned(),
            Step::CreateFlow { pipeline, .. } => format!("flow-{}.create", pipeline.letter()),
            Step::CreateInput { .. } => "input.create".to_owned(),
            Step::CreateChannel { .. } => "channel.create".to_owned(),
            Step::CreateOriginAccessControl => "origin-access-control.create".to_owned(),
            Step::CreateDistribution => "distribution.create".to_owned(),
            Step::WaitDistributionDeployed => "distribution.wait-deployed".to_owned(),
        };
        match self.site() {
            Some(site) => format!("{site}.{local}"),
            None => local,
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

/// The steps in an order where every step comes after its dependencies, grouped in waves: every
/// step of a wave can run at the same time once the waves before it are done.
pub fn waves(origin: Origin) -> Vec<Vec<Step>> {
    let mut done: BTreeSet<Step> = BTreeSet::new();
    let mut left = Step::all(origin);
    let mut waves = Vec::new();
    while !left.is_empty() {
        let (ready, blocked): (Vec<Step>, Vec<Step>) = left
            .into_iter()
            .partition(|step| step.dependencies(origin).iter().all(|dep| done.contains(dep)));
        // The graph is a fixed acyclic table (checked by a test), so every wave makes progress.
        if ready.is_empty() {
            break;
        }
        done.extend(ready.iter().copied());
        waves.push(ready);
        left = blocked;
    }
    waves
}

/// The longest chain of dependent steps: no schedule can finish the deployment sooner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriticalPath {
    /// The sum of the durations of the steps on it.
    pub length: Duration,
    /// Its steps, first to last; each depends on the one before.
    pub steps: Vec<Step>,
}

impl fmt::Display for CriticalPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let steps: Vec<String> = self.steps.iter().map(|step| step.id()).collect();
        write!(f, "{} ({:?})", steps.join(" -> "), self.length)
    }
}

/// The critical path of the DAG when each step takes `duration(step)`: the chain of dependent
/// steps whose durations add up to the most. Ties go to the step that comes first in
/// [`Step::all()`], so the answer is deterministic.
pub fn critical_path(origin: Origin, duration: impl Fn(Step) -> Duration) -> CriticalPath {
    // Earliest finish of every step when each starts as soon as its dependencies are done, and
    // the dependency that finished last (the one it waited for).
    let mut finish: BTreeMap<Step, Duration> = BTreeMap::new();
    let mut waited_for: BTreeMap<Step, Step> = BTreeMap::new();
    for step in waves(origin).concat() {
        let mut start = Duration::ZERO;
        for dep in step.dependencies(origin) {
            let dep_finish = finish.get(&dep).copied().unwrap_or_default();
            if dep_finish > start || !waited_for.contains_key(&step) {
                start = start.max(dep_finish);
                waited_for.insert(step, dep);
            }
        }
        finish.insert(step, start + duration(step));
    }
    let mut last: Option<(Step, Duration)> = None;
    for step in Step::all(origin) {
        let end = finish.get(&step).copied().unwrap_or_default();
        if last.is_none_or(|(_, longest)| end > longest) {
            last = Some((step, end));
        }
    }
    let Some((last, length)) = last else {
        return CriticalPath {
            length: Duration::ZERO,
            steps: Vec::new(),
        };
    };
    let mut steps = vec![last];
    while let Some(previous) = steps.last().and_then(|step| waited_for.get(step)) {
        steps.push(*previous);
    }
    steps.reverse();
    CriticalPath { length, steps }
}

/// How long the deployment takes when its steps run one after another: the sum of every step's
/// duration.
pub fn sequential_duration(origin: Origin, duration: impl Fn(Step) -> Duration) -> Duration {
    Step::all(origin).into_iter().map(duration).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::MediaStoreStep;

    #[test]
    fn with_equal_durations_the_critical_path_is_the_longest_chain() {
        let path = critical_path(Origin::MediaStore, |_| Duration::from_secs(1));
        assert_eq!(path.length, Duration::from_secs(4));
        assert_eq!(
            path.steps,
            vec![
                Step::origin(Site::Primary, MediaStoreStep::CreateContainer),
                Step::origin(Site::Primary, MediaStoreStep::WaitContainerActive),
                Step::CreateDistribution,
                Step::WaitDistributionDeployed,
            ]
        );
        assert_eq!(
            sequential_duration(Origin::MediaStore, |_| Duration::from_secs(1)),
            Duration::from_secs(22)
        );
    }

    #[test]
    fn slow_flows_move_the_critical_path_to_the_channel() {
        // flow 100 + input 10 + channel 20 = 130 s beats container 1 + 1 + distribution 1 + 1.
        let duration = |step: Step| match step {
            Step::CreateFlow { .. } => Duration::from_secs(100),
            Step::CreateInput { .. } => Duration::from_secs(10),
            Step::CreateChannel { .. } => Duration::from_secs(20),
            _ => Duration::from_secs(1),
        };
        let path = critical_path(Origin::MediaStore, duration);
        assert_eq!(path.length, Duration::from_secs(130));
        assert_eq!(
            path.steps,
            vec![
                Step::CreateFlow {
                    site: Site::Primary,
                    pipeline: Pipeline::Primary
                },
                Step::CreateInput { site: Site::Primary },
                Step::CreateChannel { site: Site::Primary },
            ]
        );
        // 4 flows x 100 + 2 inputs x 10 + 2 channels x 20 + 14 other steps x 1.
        assert_eq!(
            sequential_duration(Origin::MediaStore, duration),
            Duration::from_secs(400 + 20 + 40 + 14)
        );
    }

    #[test]
    fn the_slower_region_and_the_later_dependency_decide() {
        // Backup container: 3 + 150 = 153 s to active; primary: 2 + 120 = 122 s. The
        // distribution waits for the later one: 153 + 2 + 1200 = 1355 s. The backup channel
        // path (153 + 20 = 173 s) and the flows (5 + 5 + 20 = 30 s) are shorter.
        let duration = |step: Step| {
            Duration::from_secs(match step {
                Step::Origin {
                    site: Site::Primary,
                    origin_step: OriginStep::MediaStore(MediaStoreStep::CreateContainer),
                } => 2,
                Step::Origin {
                    site: Site::Backup,
                    origin_step: OriginStep::MediaStore(MediaStoreStep::CreateContainer),
                } => 3,
                Step::Origin {
                    site: Site::Primary,
                    origin_step: OriginStep::MediaStore(MediaStoreStep::WaitContainerActive),
                } => 120,
                Step::Origin {
                    site: Site::Backup,
                    origin_step: OriginStep::MediaStore(MediaStoreStep::WaitContainerActive),
                } => 150,
                Step::CreateDistribution => 2,
                Step::WaitDistributionDeployed => 1200,
                Step::CreateFlow { .. } | Step::CreateInput { .. } => 5,
                Step::CreateChannel { .. } => 20,
                _ => 1,
            })
        };
        let path = critical_path(Origin::MediaStore, duration);
        assert_eq!(path.length, Duration::from_secs(1355));
        assert_eq!(
            path.steps,
            vec![
                Step::origin(Site::Backup, MediaStoreStep::CreateContainer),
                Step::origin(Site::Backup, MediaStoreStep::WaitContainerActive),
                Step::CreateDistribution,
                Step::WaitDistributionDeployed,
            ]
        );
        assert_eq!(
            path.to_string(),
            "backup.container.create -> backup.container.wait-active -> distribution.create -> \
             distribution.wait-deployed (1355s)"
        );
        // 2 + 3 + 120 + 150 + 2 + 1200 + 4 x 5 + 2 x 5 + 2 x 20 + 8 document steps x 1.
        assert_eq!(
            sequential_duration(Origin::MediaStore, duration),
            Duration::from_secs(1555)
        );
    }

    #[test]
    fn zero_durations_give_a_zero_length_path() {
        let path = critical_path(Origin::MediaStore, |_| Duration::ZERO);
        assert_eq!(path.length, Duration::ZERO);
        assert_eq!(
            path.steps.first(),
            Some(&Step::origin(Site::Primary, MediaStoreStep::CreateContainer))
        );
    }

    #[test]
    fn every_step_is_scheduled_once_after_its_dependencies() {
        let waves = waves(Origin::MediaStore);
        let order: Vec<Step> = waves.concat();
        assert_eq!(order.len(), Step::all(Origin::MediaStore).len());
        for (position, step) in order.iter().enumerate() {
            for dep in step.dependencies(Origin::MediaStore) {
                let dep_position = order.iter().position(|s| *s == dep);
                assert!(
                    matches!(dep_position, Some(p) if p < position),
                    "{step} before {dep}"
                );
            }
        }
    }

    #[test]
    fn the_critical_path_is_container_then_distribution() {
        let waves = waves(Origin::MediaStore);
        assert_eq!(waves.len(), 4);
        assert!(waves[0].contains(&Step::origin(Site::Primary, MediaStoreStep::CreateContainer)));
        assert!(waves[0].contains(&Step::CreateFlow {
            site: Site::Backup,
            pipeline: Pipeline::Backup
        }));
        assert_eq!(waves[3], vec![Step::WaitDistributionDeployed]);
    }

    #[test]
    fn ids_are_unique() {
        let ids: BTreeSet<String> = Step::all(Origin::MediaStore).into_iter().map(Step::id).collect();
        assert_eq!(ids.len(), Step::all(Origin::MediaStore).len());
    }
}
