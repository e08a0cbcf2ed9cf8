//! Verify: is the running event epoch-locked, aligned across Regions, and is its origin as planned?
//!
//! [`verify()`] is the recipe's Step 4 against what the origins hold. On MediaStore, for each Region it lists
//! the segment objects under the event's path, judges pipeline A and pipeline B with
//! [`hls_epoch::listing::judge`] at one instant `now` (a parameter: the library never reads the
//! clock), compares A with B and each pipeline across Regions with
//! [`hls_epoch::listing::compare`], and checks each container's `index.m3u8` against the plan's
//! static manifest with [`origin_failover::staleness::compare_bytes`]. An as-run log, when given,
//! is judged record by record with [`hls_epoch::as_run`]. The [`Verification`] prints as a
//! readable report and serializes to JSON; [`Verification::passed`] is the overall verdict.
//!
//! On MediaPackage v2 (its `mediapackage` module) the numbers come from the playlists each Region's endpoint
//! serves, read with signed requests, and from the viewer's path through the distribution; each
//! endpoint's settings are compared with the plan's.

mod mediapackage;

pub(crate) use mediapackage::Judge;
pub use mediapackage::{EndpointCheck, PlaylistCheck, SettingsCheck};

use std::fmt;
use std::path::Path;

use hls_epoch::as_run::AsRunRecord;
use hls_epoch::listing::{self, Alignment, MAX_SKEW, Report, Tolerance};
use hls_epoch::{SegmentName, Timestamp};
use mediastore_policy::DataEndpoint;
use origin_failover::staleness;
use serde::Serialize;

use crate::cloud::mediastore_data::{Item, MediaStoreData as _};
use crate::cloud::{self, HasMediaPackage, HasMediaStoreData, HasPlayback};
use crate::plan::{MediaStorePlan, OriginPlan, Plan};
use crate::state::{self, State};
use origin_failover::Site;

/// Why verification could not run (a failed check is a verdict in the report, not an error).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A cloud call failed.
    #[error("verify in {region} failed")]
    Cloud {
        /// The Region.
        region: String,
        /// The cloud's error.
        #[source]
        source: cloud::Error,
    },
    /// A playlist could not be fetched (no answer came: a 4xx or 5xx is a verdict instead).
    #[error("reading {url} as {reader} failed")]
    Playback {
        /// Who read: `viewer`, or `signed for <Region>`.
        reader: String,
        /// The multivariant playlist's URL.
        url: String,
        /// The cloud's error.
        #[source]
        source: Box<cloud::Error>,
    },
    /// `now` is before the epoch clock's epoch.
    #[error("cannot judge segments at {now}")]
    Clock {
        /// The instant given.
        now: Timestamp,
        /// The clock's error.
        #[source]
        source: hls_epoch::epoch::Error,
    },
    /// The plan's static manifest does not parse (a plan bug, reported rather than hidden).
    #[error("the planned static manifest cannot be read: {0}")]
    PlannedManifest(String),
    /// The state file could not be read.
    #[error(transparent)]
    State(#[from] state::Error),
}

/// What a container's `index.m3u8` says compared with the plan's prediction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum ManifestCheck {
    /// It matches the prediction.
    Current,
    /// It differs: each difference with what to do about it.
    Stale {
        /// The differences, one sentence each.
        differences: Vec<String>,
    },
    /// The container has no `index.m3u8`.
    Missing,
    /// It is not a master playlist.
    Unreadable {
        /// Why.
        message: String,
    },
}

impl ManifestCheck {
    /// Whether the manifest matches the prediction.
    pub fn is_current(&self) -> bool {
        matches!(self, ManifestCheck::Current)
    }
}

/// One Region's segments and manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionCheck {
    /// Primary or backup.
    pub site: Site,
    /// The Region code.
    pub region: String,
    /// Segment objects found under the event's path.
    pub segments_listed: usize,
    /// Pipeline A's judgement, then pipeline B's.
    pub pipelines: Vec<Report>,
    /// Pipeline A against pipeline B.
    pub a_vs_b: Alignment,
    /// The container's `index.m3u8` against the plan.
    pub manifest: ManifestCheck,
}

impl RegionCheck {
    /// Whether both pipelines are epoch-locked and aligned and the manifest is current.
    pub fn passed(&self) -> bool {
        self.pipelines.iter().all(Report::is_epoch_locked)
            && self.a_vs_b.is_aligned()
            && self.manifest.is_current()
    }
}

/// One output in the primary Region against the same output in the backup Region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrossRegionCheck {
    /// The output's base name: the pipeline's on MediaStore, the manifest's on MediaPackage v2.
    pub base: String,
    /// Primary Region (side A) against backup Region (side B).
    pub alignment: Alignment,
}

/// The as-run log's timecode records, judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AsRunCheck {
    /// Records that carry a timecode, each as a sentence with its verdict.
    pub timecodes: Vec<String>,
    /// How many of them are too far from real time for epoch locking.
    pub unusable: usize,
    /// Lines that are not as-run records, with the reason.
    pub unreadable: Vec<String>,
}

impl AsRunCheck {
    /// Whether timecodes were found, every one is usable and every line was read.
    pub fn passed(&self) -> bool {
        !self.timecodes.is_empty() && self.unusable == 0 && self.unreadable.is_empty()
    }
}

/// The result of [`verify()`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// The event's name.
    pub event: String,
    /// The instant every listing was judged at.
    pub now: Timestamp,
    /// MediaStore: the primary Region's container, then the backup's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<RegionCheck>,
    /// MediaPackage v2: the primary Region's endpoint, then the backup's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<EndpointCheck>,
    /// MediaPackage v2: the playlists through the distribution, as a viewer reads them (`None`
    /// when the state records no distribution).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub viewer: Option<PlaylistCheck>,
    /// Primary Region against backup Region: per pipeline on MediaStore, the endpoint's
    /// renditions on MediaPackage v2.
    pub cross_region: Vec<CrossRegionCheck>,
    /// The as-run log, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_run: Option<AsRunCheck>,
    /// The overall verdict.
    pub passed: bool,
}

impl Verification {
    /// Whether every check passed.
    pub fn passed(&self) -> bool {
        self.passed
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "FAIL" }
}

fn write_alignment(f: &mut fmt::Formatter<'_>, label: &str, alignment: &Alignment) -> fmt::Result {
    writeln!(f, "  {label}: {}", verdict(alignment.is_aligned()))?;
    if alignment.pairs.is_empty() && alignment.only_a.is_empty() && alignment.only_b.is_empty() {
        writeln!(f, "    no renditions to compare")?;
    }
    for pair in &alignment.pairs {
        if pair.skew().unsigned_abs() > u128::from(alignment.max_skew) {
            writeln!(
                f,
                "    {}: skew {:+} segments ({} vs {}; at most {} allowed)",
                if pair.name_modifier.is_empty() {
                    "(no modifier)"
                } else {
                    &pair.name_modifier
                },
                pair.skew(),
                pair.newest_a,
                pair.newest_b,
                alignment.max_skew
            )?;
        }
    }
    for modifier in &alignment.only_a {
        writeln!(f, "    {modifier}: only on the first side")?;
    }
    for modifier in &alignment.only_b {
        writeln!(f, "    {modifier}: only on the second side")?;
    }
    Ok(())
}

fn write_playlists(f: &mut fmt::Formatter<'_>, check: &PlaylistCheck) -> fmt::Result {
    writeln!(f, "  {} ({}): {}", check.url, check.reader, check.status)?;
    if let Some(report) = &check.report {
        for line in report.to_string().lines() {
            writeln!(f, "  {line}")?;
        }
    }
    for problem in &check.problems {
        writeln!(f, "  FAIL: {problem}")?;
    }
    Ok(())
}

impl fmt::Display for Verification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "verify {} at {}", self.event, self.now)?;
        for region in &self.regions {
            writeln!(
                f,
                "{} Region {}: {} ({} segment objects)",
                region.site,
                region.region,
                verdict(region.passed()),
                region.segments_listed
            )?;
            for report in &region.pipelines {
                for line in report.to_string().lines() {
                    writeln!(f, "  {line}")?;
                }
            }
            write_alignment(f, "pipeline A vs B", &region.a_vs_b)?;
            match &region.manifest {
                ManifestCheck::Current => writeln!(f, "  index.m3u8: current")?,
                ManifestCheck::Missing => writeln!(f, "  index.m3u8: FAIL: missing")?,
                ManifestCheck::Unreadable { message } => {
                    writeln!(f, "  index.m3u8: FAIL: unreadable: {message}")?
                }
                ManifestCheck::Stale { differences } => {
                    writeln!(f, "  index.m3u8: FAIL: stale")?;
                    for difference in differences {
                        writeln!(f, "    {difference}")?;
                    }
                }
            }
        }
        for endpoint in &self.endpoints {
            writeln!(
                f,
                "{} Region {}: {}",
                endpoint.site,
                endpoint.region,
                verdict(endpoint.passed())
            )?;
            write_playlists(f, &endpoint.playlists)?;
            match &endpoint.settings {
                SettingsCheck::Current => writeln!(f, "  endpoint settings: as planned")?,
                SettingsCheck::Missing => {
                    writeln!(f, "  endpoint settings: FAIL: the endpoint does not exist")?
                }
                SettingsCheck::Differs { differences } => {
                    writeln!(f, "  endpoint settings: FAIL: not as planned")?;
                    for difference in differences {
                        writeln!(f, "    {difference}")?;
                    }
                }
            }
        }
        if let Some(viewer) = &self.viewer {
            writeln!(f, "through the distribution: {}", verdict(viewer.passed()))?;
            write_playlists(f, viewer)?;
        }
        writeln!(f, "Region vs Region:")?;
        for check in &self.cross_region {
            write_alignment(f, &check.base, &check.alignment)?;
        }
        if let Some(as_run) = &self.as_run {
            writeln!(f, "as-run log: {}", verdict(as_run.passed()))?;
            if as_run.timecodes.is_empty() {
                writeln!(f, "  no record carries a timecode")?;
            }
            for line in as_run.timecodes.iter().chain(&as_run.unreadable) {
                writeln!(f, "  {line}")?;
            }
        }
        write!(f, "verdict: {}", if self.passed { "PASS" } else { "FAIL" })
    }
}

/// Judges the as-run log `text` (one JSON record a line; blank lines skipped) at the plan's rate.
pub fn check_as_run(plan: &Plan, text: &str) -> AsRunCheck {
    let rate = plan.cadence().rate();
    let mut check = AsRunCheck {
        timecodes: Vec::new(),
        unusable: 0,
        unreadable: Vec::new(),
    };
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record = match AsRunRecord::from_json_line(line) {
            Ok(record) => record,
            Err(error) => {
                check.unreadable.push(format!("line {}: {error}", number + 1));
                continue;
            }
        };
        match record.check_timecode(rate) {
            None => {}
            Some(Ok(timecode)) => {
                if !timecode.is_usable_for_epoch_locking() {
                    check.unusable += 1;
                }
                check.timecodes.push(format!("line {}: {timecode}", number + 1));
            }
            Some(Err(error)) => check.unreadable.push(format!("line {}: {error}", number + 1)),
        }
    }
    check
}

/// Lists every object under `folder`, recursively, as paths relative to the container root.
pub(crate) async fn list_objects<C: HasMediaStoreData>(
    cloud: &C,
    region: &str,
    endpoint: &DataEndpoint,
    folder: &str,
) -> cloud::Result<Vec<String>> {
    let mut objects = Vec::new();
    let mut folders = vec![folder.trim_matches('/').to_owned()];
    while let Some(folder) = folders.pop() {
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        for item in cloud
            .mediastore_data(region, endpoint)
            .list_items(&folder)
            .await?
        {
            match item {
                Item::Object(name) => objects.push(format!("{prefix}{name}")),
                Item::Folder(name) => folders.push(format!("{prefix}{name}")),
            }
        }
    }
    Ok(objects)
}

/// The highest segment number of the destination `base` among `objects` (any rendition), with
/// the same reading of names as [`listing::judge`]; `None` when it has no segment.
pub(crate) fn newest_segment<'a>(base: &str, objects: impl IntoIterator<Item = &'a str>) -> Option<u64> {
    objects
        .into_iter()
        .filter_map(|name| {
            let file = name.rsplit('/').next().unwrap_or(name);
            let segment = SegmentName::parse(file).ok()?;
            segment.name_modifier(base)?;
            Some(segment.number())
        })
        .max()
}

/// Each pipeline's segments in one Region's listing, how many were listed, and how the two
/// pipelines line up.
fn judge_pipelines(
    plan: &Plan,
    origin: &MediaStorePlan,
    objects: &[String],
    now: Timestamp,
) -> Result<(Vec<Report>, usize, Alignment), Error> {
    let (clock, tolerance) = (plan.epoch_clock(), Tolerance::medialive(plan.cadence()));
    let mut pipelines = Vec::new();
    for base in origin.settings().pipelines().bases() {
        let report = listing::judge(clock, base, objects.iter().map(String::as_str), now, tolerance)
            .map_err(|source| Error::Clock { now, source })?;
        pipelines.push(report);
    }
    let segments_listed = pipelines
        .iter()
        .flat_map(|r| &r.renditions)
        .map(|r| r.count)
        .sum();
    let a_vs_b = match pipelines.as_slice() {
        [a, b, ..] => listing::compare(a, b, MAX_SKEW),
        _ => Alignment {
            max_skew: MAX_SKEW,
            pairs: Vec::new(),
            only_a: Vec::new(),
            only_b: Vec::new(),
        },
    };
    Ok((pipelines, segments_listed, a_vs_b))
}

/// How a Region's static master playlist (`None` when missing) compares with the plan's.
fn judge_manifest(live: Option<&[u8]>, expected_manifest: &[u8]) -> Result<ManifestCheck, Error> {
    Ok(match live {
        None => ManifestCheck::Missing,
        Some(live) => {
            match staleness::compare_bytes(live, expected_manifest, staleness::Tolerance::default()) {
                Ok(result) if result.is_stale() => ManifestCheck::Stale {
                    differences: result.differences.iter().map(ToString::to_string).collect(),
                },
                Ok(_) => ManifestCheck::Current,
                Err(error) => {
                    // Tell a plan bug from a bad object: the prediction alone must parse.
                    if let Err(planned) = origin_failover::check::check_master(expected_manifest) {
                        return Err(Error::PlannedManifest(planned.to_string()));
                    }
                    ManifestCheck::Unreadable {
                        message: error.to_string(),
                    }
                }
            }
        }
    })
}

/// Checks the deployed event recorded at `state_path` at the instant `now`; `as_run` is the text of
/// an as-run log to judge too. Failed checks are verdicts in the [`Verification`]; an `Err` means
/// the checks could not run.
pub async fn verify<C: HasMediaStoreData + HasMediaPackage + HasPlayback>(
    cloud: &C,
    plan: &Plan,
    state_path: &Path,
    now: Timestamp,
    as_run: Option<&str>,
) -> Result<Verification, Error> {
    let state = State::load_deployed(state_path)?;
    let (regions, endpoints, viewer, cross_region) = match plan.origin_plan() {
        OriginPlan::MediaStore(origin) => {
            let regions = verify_containers(cloud, plan, origin, &state, now).await?;
            let cross_region = match regions.as_slice() {
                [primary, backup] => primary
                    .pipelines
                    .iter()
                    .zip(&backup.pipelines)
                    .map(|(a, b)| CrossRegionCheck {
                        base: a.base.clone(),
                        alignment: listing::compare(a, b, MAX_SKEW),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            (regions, Vec::new(), None, cross_region)
        }
        OriginPlan::MediaPackage(origin) => {
            let (endpoints, viewer) = mediapackage::verify(cloud, plan, origin, &state, now).await?;
            let reports: Vec<_> = endpoints
                .iter()
                .filter_map(|endpoint| endpoint.playlists.report.as_ref())
                .collect();
            let cross_region = match reports.as_slice() {
                [primary, backup] => vec![CrossRegionCheck {
                    base: primary.base.clone(),
                    alignment: listing::compare(primary, backup, MAX_SKEW),
                }],
                _ => Vec::new(),
            };
            (Vec::new(), endpoints, viewer, cross_region)
        }
    };
    let as_run = as_run.map(|text| check_as_run(plan, text));
    let passed = regions.iter().all(RegionCheck::passed)
        && endpoints.iter().all(EndpointCheck::passed)
        && viewer.as_ref().is_none_or(PlaylistCheck::passed)
        && !cross_region.is_empty()
        && cross_region.iter().all(|c| c.alignment.is_aligned())
        && as_run.as_ref().is_none_or(AsRunCheck::passed);
    Ok(Verification {
        event: state.event.clone(),
        now,
        regions,
        endpoints,
        viewer,
        cross_region,
        as_run,
        passed,
    })
}

/// Each Region's container: its segments, judged, and its static manifest.
async fn verify_containers<C: HasMediaStoreData>(
    cloud: &C,
    plan: &Plan,
    origin: &MediaStorePlan,
    state: &State,
    now: Timestamp,
) -> Result<Vec<RegionCheck>, Error> {
    let expected_manifest = origin.static_manifest().as_bytes();
    let mut regions = Vec::new();
    for site in Site::BOTH {
        let (region, endpoint) = state.endpoint(site)?;
        let (region, endpoint) = (region.to_owned(), endpoint.clone());
        let cloud_error = |source| Error::Cloud {
            region: region.clone(),
            source,
        };
        let objects = list_objects(cloud, &region, &endpoint, origin.settings().path())
            .await
            .map_err(cloud_error)?;
        let (pipelines, segments_listed, a_vs_b) = judge_pipelines(plan, origin, &objects, now)?;
        let live = cloud
            .mediastore_data(&region, &endpoint)
            .get_object(origin.static_manifest_key())
            .await
            .map_err(cloud_error)?;
        let manifest = judge_manifest(live.as_deref(), expected_manifest)?;
        regions.push(RegionCheck {
            site,
            region,
            segments_listed,
            pipelines,
            a_vs_b,
            manifest,
        });
    }
    Ok(regions)
}
