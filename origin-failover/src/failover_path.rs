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
use crate::origin_kind::OriginKind;

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

    /// The outcome in one sentence on an origin of `kind`: a MediaPackage v2 origin builds its
    /// own manifests from either input, so its sentences differ from the recipe's.
    pub fn description_on(self, kind: OriginKind) -> &'static str {
        match (kind, self) {
            (OriginKind::MediaPackageV2, ViewerOutcome::Unaffected) => {
                "MediaPackage switches each Region's channel to its other input (or only the backup \
                 Region is missing a copy), so the primary Region keeps answering every request and \
                 viewers see no change."
            }
            (OriginKind::MediaPackageV2, ViewerOutcome::SeamlessAtEdge) => {
                "The primary Region's channel gets no input: its endpoint answers 404 once the manifest \
                 is stale and CloudFront retries the backup Region, which serves the same segments \
                 thanks to epoch locking; fail-back is automatic because CloudFront keeps asking the \
                 primary Region first."
            }
            _ => self.description(),
        }
    }

    /// What a viewer sees when `lost` pipelines stop writing, on an origin of `kind`.
    ///
    /// A MediaStore origin is [`ViewerOutcome::of_source_loss`]. A MediaPackage v2 channel takes
    /// both pipelines as inputs and switches to the one still writing, so a lost pipeline is
    /// hidden inside its Region; only a Region that loses every pipeline stops answering (the
    /// primary's endpoint with 404, under its force-error conditions), which the origin group
    /// hides at the edge when it is the primary.
    ///
    /// ```
    /// use std::collections::{BTreeMap, BTreeSet};
    /// use medialive_template::Pipeline;
    /// use origin_failover::failover_path::ViewerOutcome;
    /// use origin_failover::origin_kind::OriginKind;
    /// use origin_failover::Site;
    ///
    /// let one = BTreeMap::from([(Site::Primary, BTreeSet::from([Pipeline::Primary]))]);
    /// assert_eq!(ViewerOutcome::of_source_loss_on(OriginKind::MediaStore, &one), ViewerOutcome::SeamlessAtEdge);
    /// assert_eq!(ViewerOutcome::of_source_loss_on(OriginKind::MediaPackageV2, &one), ViewerOutcome::Unaffected);
    /// let all = BTreeMap::from([(Site::Primary, BTreeSet::from(Pipeline::BOTH))]);
    /// assert_eq!(ViewerOutcome::of_source_loss_on(OriginKind::MediaPackageV2, &all), ViewerOutcome::SeamlessAtEdge);
    /// ```
    pub fn of_source_loss_on(kind: OriginKind, lost: &BTreeMap<Site, BTreeSet<Pipeline>>) -> ViewerOutcome {
        match kind {
            OriginKind::MediaPackageV2 => {
                let every_pipeline = |site| {
                    lost.get(&site)
                        .is_some_and(|set| set.len() == Pipeline::BOTH.len())
                };
                if every_pipeline(Site::Primary) {
                    ViewerOutcome::SeamlessAtEdge
                } else {
                    ViewerOutcome::Unaffected
                }
            }
            _ => ViewerOutcome::of_source_loss(lost),
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

    /// What a viewer should see on an origin of `kind` (see [`ViewerOutcome::of_source_loss_on`]).
    pub fn viewer_outcome_on(self, kind: OriginKind) -> ViewerOutcome {
        match self.failure() {
            Failure::SourceLoss(lost) => ViewerOutcome::of_source_loss_on(kind, &lost),
            Failure::OriginDown(_) => self.viewer_outcome(),
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
    fn on_mediapackage_only_the_primary_regions_outage_reaches_the_edge() {
        use FailoverPath::*;
        let on = |path: FailoverPath, kind| path.viewer_outcome_on(kind);
        for path in FailoverPath::ALL {
            assert_eq!(on(path, OriginKind::MediaStore), path.viewer_outcome(), "{path}");
            let outcome = on(path, OriginKind::MediaPackageV2);
            assert!(outcome.description_on(OriginKind::MediaPackageV2).ends_with('.'));
            assert_ne!(
                outcome.description_on(OriginKind::MediaPackageV2),
                outcome.description(),
                "{path}"
            );
        }
        assert_eq!(
            on(SourceLossPrimaryPipeline, OriginKind::MediaPackageV2),
            ViewerOutcome::Unaffected
        );
        assert_eq!(
            on(SourceLossBothRegions, OriginKind::MediaPackageV2),
            ViewerOutcome::Unaffected
        );
        assert_eq!(
            on(PrimaryRegionDown, OriginKind::MediaPackageV2),
            ViewerOutcome::SeamlessAtEdge
        );
        let backup_down = BTreeMap::from([(Site::Backup, BTreeSet::from(Pipeline::BOTH))]);
        assert_eq!(
            ViewerOutcome::of_source_loss_on(OriginKind::MediaPackageV2, &backup_down),
            ViewerOutcome::Unaffected
        );
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
