//! The deployment's steps and what each one waits for.
//!
//! Containers take minutes to become active on AWS and a distribution about twenty minutes to
//! deploy, so the critical path is "container active -> distribution deployed"; everything else
//! is arranged to overlap it:
//!
//! ```text
//! per Region (both at once):
//!   container create -> wait active -> {policy, lifecycle, CORS, index.m3u8}
//!   flow A, flow B -> input (both flow ARNs) -> channel (also needs the container endpoint)
//! global:
//!   both containers active -> distribution (origin group) -> wait deployed
//! ```

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// One of the deployment's two Regions, by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Site {
    /// The Region CloudFront asks first.
    Primary,
    /// The Region CloudFront fails over to.
    Backup,
}

impl Site {
    /// Both sites, primary first.
    pub const BOTH: [Site; 2] = [Site::Primary, Site::Backup];

    /// `primary` or `backup`.
    pub fn as_str(self) -> &'static str {
        match self {
            Site::Primary => "primary",
            Site::Backup => "backup",
        }
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One of a Region's two MediaConnect flows, each in its own Availability Zone and feeding one
/// MediaLive pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowSlot {
    /// Feeds pipeline 0 (`primary` outputs).
    A,
    /// Feeds pipeline 1 (`backup` outputs).
    B,
}

impl FlowSlot {
    /// Both slots, A first.
    pub const BOTH: [FlowSlot; 2] = [FlowSlot::A, FlowSlot::B];

    /// `a` or `b`.
    pub fn as_str(self) -> &'static str {
        match self {
            FlowSlot::A => "a",
            FlowSlot::B => "b",
        }
    }
}

impl fmt::Display for FlowSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A step of the deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// Create (or adopt) a Region's MediaStore container.
    CreateContainer {
        /// The Region.
        site: Site,
    },
    /// Wait until the container is `ACTIVE` and its data endpoint is known.
    WaitContainerActive {
        /// The Region.
        site: Site,
    },
    /// Put the container policy (secret `User-Agent`, TLS only).
    PutContainerPolicy {
        /// The Region.
        site: Site,
    },
    /// Put the lifecycle policy that expires stale rendition manifests.
    PutLifecyclePolicy {
        /// The Region.
        site: Site,
    },
    /// Put the CORS policy for web players.
    PutCorsPolicy {
        /// The Region.
        site: Site,
    },
    /// Put the static `index.m3u8`.
    PutStaticManifest {
        /// The Region.
        site: Site,
    },
    /// Create (or adopt) one MediaConnect flow.
    CreateFlow {
        /// The Region.
        site: Site,
        /// Which of the two flows.
        slot: FlowSlot,
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
    /// Create (or adopt) the CloudFront distribution with the origin group.
    CreateDistribution,
    /// Wait until the distribution is deployed.
    WaitDistributionDeployed,
}

impl Step {
    /// Every step, in a stable order (the order of the DAG's summary).
    pub fn all() -> Vec<Step> {
        let mut steps = Vec::new();
        for site in Site::BOTH {
            steps.push(Step::CreateContainer { site });
            steps.push(Step::WaitContainerActive { site });
            steps.push(Step::PutContainerPolicy { site });
            steps.push(Step::PutLifecyclePolicy { site });
            steps.push(Step::PutCorsPolicy { site });
            steps.push(Step::PutStaticManifest { site });
            for slot in FlowSlot::BOTH {
                steps.push(Step::CreateFlow { site, slot });
            }
            steps.push(Step::CreateInput { site });
            steps.push(Step::CreateChannel { site });
        }
        steps.push(Step::CreateDistribution);
        steps.push(Step::WaitDistributionDeployed);
        steps
    }

    /// The steps that must finish before this one starts.
    pub fn dependencies(self) -> Vec<Step> {
        match self {
            Step::CreateContainer { .. } | Step::CreateFlow { .. } => Vec::new(),
            Step::WaitContainerActive { site } => vec![Step::CreateContainer { site }],
            Step::PutContainerPolicy { site }
            | Step::PutLifecyclePolicy { site }
            | Step::PutCorsPolicy { site }
            | Step::PutStaticManifest { site } => vec![Step::WaitContainerActive { site }],
            Step::CreateInput { site } => FlowSlot::BOTH
                .into_iter()
                .map(|slot| Step::CreateFlow { site, slot })
                .collect(),
            Step::CreateChannel { site } => {
                vec![Step::CreateInput { site }, Step::WaitContainerActive { site }]
            }
            Step::CreateDistribution => Site::BOTH
                .into_iter()
                .map(|site| Step::WaitContainerActive { site })
                .collect(),
            Step::WaitDistributionDeployed => vec![Step::CreateDistribution],
        }
    }

    /// The Region the step works in, if it is not global.
    pub fn site(self) -> Option<Site> {
        match self {
            Step::CreateContainer { site }
            | Step::WaitContainerActive { site }
            | Step::PutContainerPolicy { site }
            | Step::PutLifecyclePolicy { site }
            | Step::PutCorsPolicy { site }
            | Step::PutStaticManifest { site }
            | Step::CreateFlow { site, .. }
            | Step::CreateInput { site }
            | Step::CreateChannel { site } => Some(site),
            Step::CreateDistribution | Step::WaitDistributionDeployed => None,
        }
    }

    /// A stable, readable identifier such as `primary.flow-a` or `distribution.wait-deployed`.
    pub fn id(self) -> String {
        let local = match self {
            Step::CreateContainer { .. } => "container.create".to_owned(),
            Step::WaitContainerActive { .. } => "container.wait-active".to_owned(),
            Step::PutContainerPolicy { .. } => "container.put-policy".to_owned(),
            Step::PutLifecyclePolicy { .. } => "container.put-lifecycle".to_owned(),
            Step::PutCorsPolicy { .. } => "container.put-cors".to_owned(),
            Step::PutStaticManifest { .. } => "container.put-index-m3u8".to_owned(),
            Step::CreateFlow { slot, .. } => format!("flow-{slot}.create"),
            Step::CreateInput { .. } => "input.create".to_owned(),
            Step::CreateChannel { .. } => "channel.create".to_owned(),
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
pub fn waves() -> Vec<Vec<Step>> {
    let mut done: BTreeSet<Step> = BTreeSet::new();
    let mut left = Step::all();
    let mut waves = Vec::new();
    while !left.is_empty() {
        let (ready, blocked): (Vec<Step>, Vec<Step>) = left
            .into_iter()
            .partition(|step| step.dependencies().iter().all(|dep| done.contains(dep)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_is_scheduled_once_after_its_dependencies() {
        let waves = waves();
        let order: Vec<Step> = waves.concat();
        assert_eq!(order.len(), Step::all().len());
        for (position, step) in order.iter().enumerate() {
            for dep in step.dependencies() {
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
        let waves = waves();
        assert_eq!(waves.len(), 4);
        assert!(waves[0].contains(&Step::CreateContainer { site: Site::Primary }));
        assert!(waves[0].contains(&Step::CreateFlow {
            site: Site::Backup,
            slot: FlowSlot::B
        }));
        assert_eq!(waves[3], vec![Step::WaitDistributionDeployed]);
    }

    #[test]
    fn ids_are_unique() {
        let ids: BTreeSet<String> = Step::all().into_iter().map(Step::id).collect();
        assert_eq!(ids.len(), Step::all().len());
    }
}
