//! The catalogue of failover paths the recipe names (its Step 7): what fails, in which Region, and
//! what a viewer should see.
//!
//! The drill on AWS stages each path through the channel schedule and the local rehearsal stages it on
//! loopback; both take the path, its failures and its expected outcome from here.
//!
//! ```
//! use medialive_template::Pipeline;
//! use origin_failover::failover_path::{FailoverPath, ViewerOutcome};
//! use origin_failover::Site;
//!
//! let path: FailoverPath = "source-loss-both-regions".parse()?;
//! assert_eq!(path.viewer_outcome(), ViewerOutcome::SeamlessInPlayer);
//! assert_eq!(path.pipelines_to_pause()[&Site::Backup], [Pipeline::Primary]);
//! # Ok::<(), origin_failover::failover_path::UnknownPath>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use medialive_template::Pipeline;

use crate::Site;

/// One of the recipe's failover paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailoverPath {
    /// 1. Source loss in the primary Region on the primary pipeline: pipeline 0 stops writing there.
    SourceLossPrimaryPipeline,
    /// 2. Source loss on the primary pipeline in both Regions: pipeline 0 stops writing in both.
    SourceLossBothRegions,
    /// 3. The primary Region's origin fails.
    PrimaryRegionDown,
}

/// What fails on a failover path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// These pipelines lose their source and, with `PAUSE_OUTPUT`, stop writing.
    SourceLoss(BTreeMap<Site, BTreeSet<Pipeline>>),
    /// This Region's origin stops answering.
    OriginDown(Site),
}

/// What a viewer should see while a failure lasts and after it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ViewerOutcome {
    /// Nothing the viewer's requests reach has changed.
    Unaffected,
    /// The origin group hides the failure: CloudFront gets a 404 or no answer from the primary Region
    /// and asks the backup Region, which serves the same segment thanks to epoch locking. Fail-back is
    /// automatic, because every request asks the primary Region first.
    SeamlessAtEdge,
    /// Both Regions miss the same pipeline: CloudFront passes the 404 on, and the player moves to the
    /// other pipeline's renditions of the redundant manifest and stays there.
    SeamlessInPlayer,
}

impl ViewerOutcome {
    /// The outcome in one sentence, as the recipe tells it.
    pub fn description(self) -> &'static str {
        match self {
            ViewerOutcome::Unaffected => {
                "The primary Region keeps answering every request, so viewers see no change; only the \
                 backup Region's copy is missing while the failure lasts."
            }
            ViewerOutcome::SeamlessAtEdge => {
                "CloudFront gets a 404 (or no answer) from the primary Region and retries the backup \
                 Region: seamless for the player thanks to epoch locking, and fail-back is automatic \
                 because CloudFront keeps asking the primary Region first."
            }
            ViewerOutcome::SeamlessInPlayer => {
                "CloudFront gets a 404 from both Regions and passes it on: the player switches to the \
                 other pipeline's renditions of the redundant manifest and stays there unless network \
                 conditions make it change rendition."
            }
        }
    }

    /// What a viewer sees when `lost` pipelines stop writing: a pipeline missing in the primary Region
    /// is hidden by the origin group when the backup Region still has it, and reaches the player when it
    /// is missing in both.
    pub fn of_source_loss(lost: &BTreeMap<Site, BTreeSet<Pipeline>>) -> ViewerOutcome {
        let lost_in =
            |site: Site, pipeline: Pipeline| lost.get(&site).is_some_and(|set| set.contains(&pipeline));
        let mut outcome = ViewerOutcome::Unaffected;
        for pipeline in Pipeline::BOTH {
            match (lost_in(Site::Primary, pipeline), lost_in(Site::Backup, pipeline)) {
                (true, true) => return ViewerOutcome::SeamlessInPlayer,
                (true, false) => outcome = ViewerOutcome::SeamlessAtEdge,
                (false, _) => {}
            }
        }
        outcome
    }
}

impl FailoverPath {
    /// Every path, in the recipe's order.
    pub const ALL: [FailoverPath; 3] = [
        FailoverPath::SourceLossPrimaryPipeline,
        FailoverPath::SourceLossBothRegions,
        FailoverPath::PrimaryRegionDown,
    ];

    /// The path's name (`source-loss-primary-pipeline`).
    pub const fn name(self) -> &'static str {
        match self {
            FailoverPath::SourceLossPrimaryPipeline => "source-loss-primary-pipeline",
            FailoverPath::SourceLossBothRegions => "source-loss-both-regions",
            FailoverPath::PrimaryRegionDown => "primary-region-down",
        }
    }

    /// What fails.
    pub fn failure(self) -> Failure {
        let primary_pipeline = || BTreeSet::from([Pipeline::Primary]);
        match self {
            FailoverPath::SourceLossPrimaryPipeline => {
                Failure::SourceLoss(BTreeMap::from([(Site::Primary, primary_pipeline())]))
            }
            FailoverPath::SourceLossBothRegions => Failure::SourceLoss(
                Site::BOTH
                    .into_iter()
                    .map(|site| (site, primary_pipeline()))
                    .collect(),
            ),
            FailoverPath::PrimaryRegionDown => Failure::OriginDown(Site::Primary),
        }
    }

    /// The pipelines to pause, per Region, to stage the path through the channel schedule. An origin
    /// failure is staged by pausing every pipeline of its Region: the origin then answers 404 for every
    /// playlist and segment, which the origin group fails over on just as on an unreachable origin.
    pub fn pipelines_to_pause(self) -> BTreeMap<Site, Vec<Pipeline>> {
        match self.failure() {
            Failure::SourceLoss(lost) => lost
                .into_iter()
                .map(|(site, pipelines)| (site, pipelines.into_iter().collect()))
                .collect(),
            Failure::OriginDown(site) => BTreeMap::from([(site, Pipeline::BOTH.to_vec())]),
        }
    }

    /// What a viewer should see, as the recipe tells it.
    pub fn viewer_outcome(self) -> ViewerOutcome {
        match self.failure() {
            Failure::SourceLoss(lost) => ViewerOutcome::of_source_loss(&lost),
            Failure::OriginDown(Site::Primary) => ViewerOutcome::SeamlessAtEdge,
            Failure::OriginDown(Site::Backup) => ViewerOutcome::Unaffected,
        }
    }

    /// The path whose staging pauses exactly `pauses`, if one does.
    pub fn staged_by(pauses: &BTreeMap<Site, Vec<Pipeline>>) -> Option<FailoverPath> {
        FailoverPath::ALL
            .into_iter()
            .find(|path| &path.pipelines_to_pause() == pauses)
    }
}

impl fmt::Display for FailoverPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of the recipe's failover paths.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("failover path {value:?} is not one of the recipe's: expected {allowed}")]
pub struct UnknownPath {
    /// The name given.
    pub value: String,
    /// The paths' names.
    pub allowed: String,
}

impl FromStr for FailoverPath {
    type Err = UnknownPath;

    fn from_str(value: &str) -> Result<FailoverPath, UnknownPath> {
        FailoverPath::ALL
            .into_iter()
            .find(|path| path.name() == value)
            .ok_or_else(|| UnknownPath {
                value: value.to_owned(),
                allowed: FailoverPath::ALL.map(FailoverPath::name).join(", "),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_stages_and_expects_what_the_recipe_says() {
        use FailoverPath::*;
        use Pipeline::{Backup as P1, Primary as P0};
        assert_eq!(
            SourceLossPrimaryPipeline.pipelines_to_pause(),
            BTreeMap::from([(Site::Primary, vec![P0])])
        );
        assert_eq!(
            SourceLossBothRegions.pipelines_to_pause(),
            BTreeMap::from([(Site::Primary, vec![P0]), (Site::Backup, vec![P0])])
        );
        assert_eq!(
            PrimaryRegionDown.pipelines_to_pause(),
            BTreeMap::from([(Site::Primary, vec![P0, P1])])
        );
        assert_eq!(PrimaryRegionDown.failure(), Failure::OriginDown(Site::Primary));
        assert_eq!(
            SourceLossPrimaryPipeline.viewer_outcome(),
            ViewerOutcome::SeamlessAtEdge
        );
        assert_eq!(
            SourceLossBothRegions.viewer_outcome(),
            ViewerOutcome::SeamlessInPlayer
        );
        assert_eq!(PrimaryRegionDown.viewer_outcome(), ViewerOutcome::SeamlessAtEdge);
        for path in FailoverPath::ALL {
            assert_eq!(FailoverPath::staged_by(&path.pipelines_to_pause()), Some(path));
            assert_eq!(path.name().parse::<FailoverPath>(), Ok(path));
            assert!(path.viewer_outcome().description().ends_with('.'));
            assert_eq!(
                serde_json::to_value(path).unwrap(),
                serde_json::json!(path.name())
            );
        }
    }

    #[test]
    fn any_source_loss_has_an_outcome() {
        let lost = |entries: &[(Site, &[Pipeline])]| -> BTreeMap<Site, BTreeSet<Pipeline>> {
            entries
                .iter()
                .map(|(site, pipelines)| (*site, pipelines.iter().copied().collect()))
                .collect()
        };
        use Pipeline::{Backup as P1, Primary as P0};
        assert_eq!(
            ViewerOutcome::of_source_loss(&lost(&[(Site::Backup, &[P0, P1])])),
            ViewerOutcome::Unaffected
        );
        assert_eq!(
            ViewerOutcome::of_source_loss(&lost(&[(Site::Primary, &[P1])])),
            ViewerOutcome::SeamlessAtEdge
        );
        assert_eq!(
            ViewerOutcome::of_source_loss(&lost(&[(Site::Primary, &[P1]), (Site::Backup, &[P1])])),
            ViewerOutcome::SeamlessInPlayer
        );
        assert_eq!(
            ViewerOutcome::of_source_loss(&BTreeMap::new()),
            ViewerOutcome::Unaffected
        );
    }

    #[test]
    fn unknown_names_list_the_paths() {
        let err = "region-down".parse::<FailoverPath>().unwrap_err().to_string();
        assert_eq!(
            err,
            "failover path \"region-down\" is not one of the recipe's: expected source-loss-primary-pipeline, source-loss-both-regions, primary-region-down"
        );
    }
}
