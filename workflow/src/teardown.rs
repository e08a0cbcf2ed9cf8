//! Teardown: remove everything the state file records, in the recipe's clean-up order, so that
//! nothing keeps billing.
//!
//! The order: stop the channels, stop the flows, disable the distribution, wait for it and delete
//! it, then remove the origins it read from: empty each container (every object, nested folders
//! too) and delete it, or, for MediaPackage v2, delete each endpoint's policy and endpoint, the
//! channel's policy and channel, then the group (MediaPackage's own order), and the origin access
//! control once no distribution uses it; meanwhile, delete the MediaLive channels, the inputs and
//! the flows, each waiting as AWS requires. Both Regions are handled at
//! once, and the MediaLive and MediaConnect deletions overlap the distribution's long wait (they
//! do not depend on it). Every removal is written to the state file as it happens, and a resource
//! that is already gone counts as removed, so teardown can be run again after any failure.

use std::path::Path;

use mediastore_policy::DataEndpoint;
use origin_failover::access_control::OriginAccessControlId;
use serde::Serialize;
use tracing::info;

use crate::cloud::cloudfront::CloudFront as _;
use crate::cloud::mediaconnect::{FlowTarget, MediaConnect as _};
use crate::cloud::medialive::{ChannelTarget, MediaLive as _};
use crate::cloud::mediapackage::{self, ArnNames, MediaPackage as _};
use crate::cloud::mediastore::MediaStore as _;
use crate::cloud::mediastore_data::{Item, MediaStoreData as _};
use crate::cloud::{self, Cloud};
use crate::discover::{Discovery, discover};
use crate::plan::Plan;
use crate::progress::{self, Event, Operation, Progress, Silent, Task};
use crate::resource::{self, Kind, Resource};
use crate::run;
use crate::state::{self, MediaLiveResourceState, State};
use medialive_template::Pipeline;
use origin_failover::Site;

/// Why a teardown stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A cloud call failed; the state file still records what is left.
    #[error("teardown of {resource} failed")]
    Cloud {
        /// The resource being removed.
        resource: String,
        /// The cloud's error.
        #[source]
        source: cloud::Error,
    },
    /// Stopping the channels and flows failed; nothing was deleted.
    #[error(transparent)]
    Stop(#[from] run::Error),
    /// The state file could not be read or written.
    #[error(transparent)]
    State(#[from] state::Error),
    /// Looking for the event's resources by name failed.
    #[error("discovering the event's resources failed")]
    Discover(#[source] cloud::Error),
    /// Resources of the event were still found after every round of discovery.
    #[error(
        "{} resource(s) named for this event remain after {rounds} rounds of discovery: {}",
        remaining.len(),
        remaining.iter().map(Resource::to_string).collect::<Vec<_>>().join(", ")
    )]
    Remaining {
        /// How many rounds ran.
        rounds: usize,
        /// What remains.
        remaining: Vec<Resource>,
    },
}

/// What teardown did to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Stopped (a running channel or flow), before anything is deleted.
    Stopped,
    /// Emptied (a container's objects deleted).
    Emptied,
    /// Deleted.
    Deleted,
}

/// One resource stopped, emptied or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removal {
    /// What was done.
    pub change: Change,
    /// What kind of resource.
    pub kind: Kind,
    /// The Region, or `global`.
    pub region: String,
    /// Its name or id (when emptied, how many objects were deleted from which container).
    pub resource: String,
    /// False when it was already gone (nothing to do).
    pub existed: bool,
}

/// What a teardown removed, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The removals.
    pub removed: Vec<Removal>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.removed.is_empty() {
            return write!(f, "nothing to remove: the state file records no resource");
        }
        for removal in &self.removed {
            let what = if removal.existed { "removed" } else { "gone" };
            let (label, resource) = match removal.change {
                Change::Deleted => (removal.kind.as_str(), removal.resource.clone()),
                Change::Stopped => ("stopped", format!("{} {}", removal.kind, removal.resource)),
                Change::Emptied => ("objects", removal.resource.clone()),
            };
            writeln!(f, "{what:<8} {label:<12} {:<10} {resource}", removal.region)?;
        }
        write!(
            f,
            "{} resources removed",
            self.removed
                .iter()
                .filter(|r| r.existed && r.change == Change::Deleted)
                .count()
        )
    }
}

struct Teardown<'a, C> {
    cloud: &'a C,
    path: &'a Path,
    state: tokio::sync::Mutex<State>,
    removed: std::sync::Mutex<Vec<Removal>>,
    progress: &'a dyn Progress,
}

impl<C: Cloud> Teardown<'_, C> {
    async fn save(&self, update: impl FnOnce(&mut State)) -> Result<(), Error> {
        let mut state = self.state.lock().await;
        update(&mut state);
        state.save(self.path)?;
        Ok(())
    }

    /// Reports the removal of `name` (`kind name`, as the error names it) started.
    fn started(&self, name: &str) {
        self.progress
            .report(Event::Started(Task::new(Operation::Teardown, name)));
    }

    /// Awaits `wait`, reporting that the removal of `name` waits for `until`.
    async fn waiting<F: Future>(&self, name: &str, until: &str, wait: F) -> F::Output {
        progress::waiting(self.progress, &Task::new(Operation::Teardown, name), until, wait).await
    }

    fn note(&self, change: Change, kind: Kind, region: &str, resource: String, existed: bool) {
        info!(?change, kind = kind.as_str(), region, resource = %resource, existed, "removed");
        if change == Change::Deleted {
            self.progress.report(Event::Finished {
                task: Task::new(Operation::Teardown, format!("{kind} {resource}")),
                outcome: if existed { "removed" } else { "gone" }.to_owned(),
                resource: None,
            });
        }
        if let Ok(mut removed) = self.removed.lock() {
            removed.push(Removal {
                change,
                kind,
                region: region.to_owned(),
                resource,
                existed,
            });
        }
    }

    async fn snapshot(&self) -> State {
        self.state.lock().await.clone()
    }

    /// Removes one recorded resource, `kind name` in `region`, as one task: `delete` deletes it
    /// (and waits for what must finish first) and says whether it still existed; then the state
    /// file forgets it with `forget`, and the removal is noted.
    async fn remove_one(
        &self,
        kind: Kind,
        region: &str,
        name: &str,
        delete: impl Future<Output = Result<bool, Error>>,
        forget: impl FnOnce(&mut State),
    ) -> Result<(), Error> {
        self.started(&format!("{kind} {name}"));
        let existed = delete.await?;
        self.save(forget).await?;
        self.note(Change::Deleted, kind, region, name.to_owned(), existed);
        Ok(())
    }

    /// Deletes with `delete` and, when the resource existed, waits with `deleted` until the
    /// service has removed it (what it held is busy until then). `task` names it in errors.
    async fn delete_and_wait(
        &self,
        task: &str,
        delete: impl Future<Output = cloud::Result<bool>>,
        deleted: impl Future<Output = cloud::Result<()>>,
    ) -> Result<bool, Error> {
        let existed = delete.await.map_err(|source| cloud_error(task, source))?;
        if existed {
            self.waiting(task, "deletion", deleted)
                .await
                .map_err(|source| cloud_error(task, source))?;
        }
        Ok(existed)
    }

    /// Stops what is running (channels, then flows, both Regions at once), with the code that
    /// [`crate::run::stop()`] uses.
    async fn stop_event(&self) -> Result<(), Error> {
        let state = self.snapshot().await;
        let report = run::stop_recorded(self.cloud, &state, self.progress).await?;
        for stopped in report.transitions.iter().filter(|t| t.changed()) {
            self.note(
                Change::Stopped,
                stopped.kind,
                &stopped.region,
                stopped.name.clone(),
                true,
            );
        }
        Ok(())
    }

    async fn remove_distribution(&self) -> Result<(), Error> {
        let Some(distribution) = self.snapshot().await.distribution else {
            return Ok(());
        };
        let task = format!("{} {}", Kind::Distribution, distribution.id);
        let delete = async {
            let cloudfront = self.cloud.cloudfront();
            let failed = |source| cloud_error(&task, source);
            let Some((mut config, mut etag)) = cloudfront
                .distribution_config(&distribution.id)
                .await
                .map_err(failed)?
            else {
                return Ok(false);
            };
            if config.enabled {
                config.enabled = false;
                etag = cloudfront
                    .update_distribution(&distribution.id, &config, &etag)
                    .await
                    .map_err(failed)?;
            }
            self.waiting(
                &task,
                "the disabled distribution to deploy (about 20 minutes on AWS)",
                cloudfront.wait_distribution_deployed(&distribution.id),
            )
            .await
            .map_err(failed)?;
            cloudfront
                .delete_distribution(&distribution.id, &etag)
                .await
                .map_err(failed)
        };
        self.remove_one(
            Kind::Distribution,
            resource::GLOBAL,
            &distribution.id,
            delete,
            |state| {
                state.distribution = None;
            },
        )
        .await
    }

    async fn remove_container(&self, site: Site) -> Result<(), Error> {
        let state = self.snapshot().await;
        let Some(region_state) = state.regions.get(&site) else {
            return Ok(());
        };
        let Some(container) = &region_state.container else {
            return Ok(());
        };
        let region = region_state.region.as_str();
        let task = format!("{} {}", Kind::Container, container.name);
        let delete = async {
            let mediastore = self.cloud.mediastore(region);
            let failed = |source| cloud_error(&task, source);
            let Some(live) = mediastore
                .describe_container(&container.name)
                .await
                .map_err(failed)?
            else {
                return Ok(false);
            };
            // MediaStore deletes only an empty container.
            if let Some(endpoint) = live.endpoint.or_else(|| container.endpoint.clone()) {
                let deleted = self.empty_folder(region, &endpoint, "", &task).await?;
                self.note(
                    Change::Emptied,
                    Kind::Container,
                    region,
                    format!("{deleted} from {}", container.name),
                    deleted > 0,
                );
            }
            mediastore.delete_container(&container.name).await.map_err(failed)
        };
        self.remove_one(
            Kind::Container,
            region,
            &container.name,
            delete,
            in_region(site, |entry| {
                entry.container = None;
                entry.documents.clear();
            }),
        )
        .await
    }

    /// Removes a Region's MediaPackage v2 origin in MediaPackage's order: the endpoint's policy and
    /// the endpoint, the channel's policy and the channel, then the group.
    async fn remove_package(&self, site: Site) -> Result<(), Error> {
        let state = self.snapshot().await;
        let Some(region_state) = state.regions.get(&site) else {
            return Ok(());
        };
        let region = region_state.region.as_str();
        let mediapackage = self.cloud.mediapackage(region);
        if let Some(endpoint) = &region_state.origin_endpoint {
            let task = format!("{} {}", Kind::OriginEndpoint, endpoint.name);
            let delete = async {
                let names = ArnNames::parse(&endpoint.arn)
                    .and_then(|names| names.origin_names())
                    .ok_or_else(|| not_package_arn(&task, region, &endpoint.arn))?;
                mediapackage
                    .delete_origin_endpoint_policy(&names)
                    .await
                    .map_err(|source| cloud_error(&task, source))?;
                mediapackage
                    .delete_origin_endpoint(&names)
                    .await
                    .map_err(|source| cloud_error(&task, source))
            };
            self.remove_one(
                Kind::OriginEndpoint,
                region,
                &endpoint.name,
                delete,
                in_region(site, |entry| {
                    entry.origin_endpoint = None;
                    entry.documents.remove("endpoint-policy");
                }),
            )
            .await?;
        }
        if let Some(channel) = &region_state.package_channel {
            let task = format!("{} {}", Kind::PackageChannel, channel.name);
            let delete = async {
                let not_package_arn = || not_package_arn(&task, region, &channel.arn);
                let names = ArnNames::parse(&channel.arn).ok_or_else(not_package_arn)?;
                let channel_name = names.channel.as_ref().ok_or_else(not_package_arn)?;
                mediapackage
                    .delete_channel_policy(&names.group, channel_name)
                    .await
                    .map_err(|source| cloud_error(&task, source))?;
                mediapackage
                    .delete_channel(&names.group, channel_name)
                    .await
                    .map_err(|source| cloud_error(&task, source))
            };
            self.remove_one(
                Kind::PackageChannel,
                region,
                &channel.name,
                delete,
                in_region(site, |entry| {
                    entry.package_channel = None;
                    entry.documents.remove("channel-policy");
                }),
            )
            .await?;
        }
        if let Some(group) = &region_state.channel_group {
            let task = format!("{} {}", Kind::ChannelGroup, group.name);
            let delete = async {
                let names =
                    ArnNames::parse(&group.arn).ok_or_else(|| not_package_arn(&task, region, &group.arn))?;
                mediapackage
                    .delete_channel_group(&names.group)
                    .await
                    .map_err(|source| cloud_error(&task, source))
            };
            self.remove_one(
                Kind::ChannelGroup,
                region,
                &group.name,
                delete,
                in_region(site, |entry| {
                    entry.channel_group = None;
                }),
            )
            .await?;
        }
        Ok(())
    }

    /// Deletes the origin access control (once the distribution that used it is gone).
    async fn remove_access_control(&self) -> Result<(), Error> {
        let Some(control) = self.snapshot().await.origin_access_control else {
            return Ok(());
        };
        let task = format!("{} {}", Kind::OriginAccessControl, control.name);
        let delete = async {
            let failed = |source| cloud_error(&task, source);
            let id = OriginAccessControlId::new(&control.id).map_err(|source| {
                failed(cloud::Error::Invalid {
                    operation: "teardown",
                    region: resource::GLOBAL.to_owned(),
                    field: "origin access control id in the state file",
                    source: Box::new(source),
                })
            })?;
            let cloudfront = self.cloud.cloudfront();
            match cloudfront.origin_access_control_etag(&id).await.map_err(failed)? {
                Some(etag) => cloudfront
                    .delete_origin_access_control(&id, &etag)
                    .await
                    .map_err(failed),
                None => Ok(false),
            }
        };
        self.remove_one(
            Kind::OriginAccessControl,
            resource::GLOBAL,
            &control.name,
            delete,
            |state| {
                state.origin_access_control = None;
            },
        )
        .await
    }

    /// Deletes every object under `folder`, depth first; returns how many.
    async fn empty_folder(
        &self,
        region: &str,
        endpoint: &DataEndpoint,
        folder: &str,
        name: &str,
    ) -> Result<usize, Error> {
        let mut deleted = 0;
        // Folders still to walk; a stack rather than recursion keeps the future simple.
        let mut folders = vec![folder.to_owned()];
        while let Some(folder) = folders.pop() {
            let items = self
                .cloud
                .mediastore_data(region, endpoint)
                .list_items(&folder)
                .await
                .map_err(|source| cloud_error(name, source))?;
            for item in items {
                let join = |child: &str| {
                    if folder.is_empty() {
                        child.to_owned()
                    } else {
                        format!("{folder}/{child}")
                    }
                };
                match item {
                    Item::Folder(child) => folders.push(join(&child)),
                    Item::Object(child) => {
                        if self
                            .cloud
                            .mediastore_data(region, endpoint)
                            .delete_object(&join(&child))
                            .await
                            .map_err(|source| cloud_error(name, source))?
                        {
                            deleted += 1;
                        }
                    }
                }
            }
        }
        Ok(deleted)
    }

    async fn remove_medialive_and_flows(&self, site: Site) -> Result<(), Error> {
        let state = self.snapshot().await;
        let Some(region_state) = state.regions.get(&site) else {
            return Ok(());
        };
        let region = region_state.region.as_str();
        if let Some(channel) = &region_state.channel {
            self.remove_channel(site, region, channel).await?;
        }
        if let Some(input) = &region_state.input {
            self.remove_input(site, region, input).await?;
        }
        for pipeline in Pipeline::BOTH {
            let Some(flow) = region_state.flows.get(&pipeline) else {
                continue;
            };
            let mediaconnect = self.cloud.mediaconnect(region);
            let task = format!("{} {}", Kind::Flow, flow.name);
            let delete = self.delete_and_wait(
                &task,
                mediaconnect.delete_flow(&flow.arn),
                mediaconnect.wait_flow(&flow.arn, FlowTarget::Deleted),
            );
            self.remove_one(
                Kind::Flow,
                region,
                &flow.name,
                delete,
                in_region(site, |entry| {
                    entry.flows.remove(&pipeline);
                }),
            )
            .await?;
        }
        Ok(())
    }

    /// Deletes a channel and waits until MediaLive has deleted it (its input is busy until then).
    async fn remove_channel(
        &self,
        site: Site,
        region: &str,
        channel: &MediaLiveResourceState,
    ) -> Result<(), Error> {
        let medialive = self.cloud.medialive(region);
        let task = format!("{} {}", Kind::Channel, channel.name);
        let delete = self.delete_and_wait(
            &task,
            medialive.delete_channel(&channel.id),
            medialive.wait_channel(&channel.id, ChannelTarget::Deleted),
        );
        self.remove_one(
            Kind::Channel,
            region,
            &channel.name,
            delete,
            in_region(site, |entry| {
                entry.channel = None;
            }),
        )
        .await
    }

    /// Deletes an input and waits until MediaLive has deleted it (its flows are busy until then).
    async fn remove_input(
        &self,
        site: Site,
        region: &str,
        input: &MediaLiveResourceState,
    ) -> Result<(), Error> {
        let medialive = self.cloud.medialive(region);
        let task = format!("{} {}", Kind::Input, input.name);
        let delete = self.delete_and_wait(
            &task,
            medialive.delete_input(&input.id),
            medialive.wait_input_deleted(&input.id),
        );
        self.remove_one(
            Kind::Input,
            region,
            &input.name,
            delete,
            in_region(site, |entry| {
                entry.input = None;
            }),
        )
        .await
    }
}

/// The state change that forgets something of `site`'s Region (nothing when the Region is not
/// recorded).
fn in_region(site: Site, forget: impl FnOnce(&mut state::RegionState)) -> impl FnOnce(&mut State) {
    move |state| {
        if let Some(entry) = state.regions.get_mut(&site) {
            forget(entry);
        }
    }
}

/// A state file's MediaPackage record, `resource`, in `region`, whose ARN lacks the names it needs.
fn not_package_arn(resource: &str, region: &str, arn: &str) -> Error {
    cloud_error(resource, mediapackage::not_an_arn("teardown", region, arn))
}

fn cloud_error(resource: &str, source: cloud::Error) -> Error {
    Error::Cloud {
        resource: resource.to_owned(),
        source,
    }
}

/// Removes every resource the state file at `state_path` records, and then the state file.
/// A missing state file means there is nothing to remove.
pub async fn teardown<C: Cloud>(cloud: &C, state_path: &Path) -> Result<Report, Error> {
    teardown_with_progress(cloud, state_path, &Silent).await
}

/// [`teardown()`], reporting each removal to `progress` as it starts and as it finishes or fails
/// ([`Operation::Teardown`]; the task's id is the resource's kind and name or id,
/// `distribution E2QWRUHEXAMPLE`), and the stopping of each flow and channel before it
/// ([`Operation::Stop`]).
pub async fn teardown_with_progress<C: Cloud>(
    cloud: &C,
    state_path: &Path,
    progress: &dyn Progress,
) -> Result<Report, Error> {
    // On the heap: every removal runs at once, and their joined future is too large for the
    // stack of a runtime's worker thread.
    let result = Box::pin(remove_recorded(cloud, state_path, progress)).await;
    // The removal that failed names its resource as its task does.
    if let Err(error) = &result
        && let Error::Cloud { resource, .. } = error
    {
        progress.report(Event::Failed {
            task: Task::new(Operation::Teardown, resource.as_str()),
            error: error.to_string(),
        });
    }
    result
}

async fn remove_recorded<C: Cloud>(
    cloud: &C,
    state_path: &Path,
    progress: &dyn Progress,
) -> Result<Report, Error> {
    let Some(state) = State::load(state_path)? else {
        return Ok(Report::default());
    };
    let teardown = Teardown {
        cloud,
        path: state_path,
        state: tokio::sync::Mutex::new(state),
        removed: std::sync::Mutex::new(Vec::new()),
        progress,
    };
    // 1. Stop what is running (channels, then flows), both Regions at once.
    teardown.stop_event().await?;
    // 2. The distribution, then the origins it reads from and the origin access control it signs
    //    with; meanwhile, the channels, inputs and flows (already stopped, and not read by the
    //    distribution).
    let edge_then_origins = async {
        teardown.remove_distribution().await?;
        tokio::try_join!(
            teardown.remove_container(Site::Primary),
            teardown.remove_container(Site::Backup),
            teardown.remove_package(Site::Primary),
            teardown.remove_package(Site::Backup),
            teardown.remove_access_control()
        )?;
        Ok::<(), Error>(())
    };
    tokio::try_join!(
        edge_then_origins,
        teardown.remove_medialive_and_flows(Site::Primary),
        teardown.remove_medialive_and_flows(Site::Backup)
    )?;
    let state = teardown.state.lock().await.clone();
    if state.is_empty() {
        State::remove(state_path)?;
    }
    let removed = teardown.removed.lock().map(|r| r.clone()).unwrap_or_default();
    Ok(Report { removed })
}

/// The most rounds of discovery [`teardown_discovered`] runs: each removes the first resource of
/// every name, so duplicates need another.
const DISCOVERY_ROUNDS: usize = 4;

/// Removes the event's resources whether or not the state file records them: first everything the
/// state file at `state_path` records (if there is one), then whatever [`discover()`] finds by the
/// plan's names, recorded in the state file before it is removed, round after round until nothing
/// of the event is left. For a lost or stale state file.
pub async fn teardown_discovered<C: Cloud>(
    cloud: &C,
    plan: &Plan,
    state_path: &Path,
) -> Result<Report, Error> {
    teardown_discovered_with_progress(cloud, plan, state_path, &Silent).await
}

/// [`teardown_discovered()`], reporting to `progress` as [`teardown_with_progress()`] does.
pub async fn teardown_discovered_with_progress<C: Cloud>(
    cloud: &C,
    plan: &Plan,
    state_path: &Path,
    progress: &dyn Progress,
) -> Result<Report, Error> {
    let mut report = teardown_with_progress(cloud, state_path, progress).await?;
    for _ in 0..DISCOVERY_ROUNDS {
        let Discovery { state, extra } = discover(cloud, plan).await.map_err(Error::Discover)?;
        if state.is_empty() {
            return Ok(report);
        }
        info!(duplicates = extra.len(), "found resources of the event by name");
        // Recorded first, so that an interrupted teardown leaves a state file that says what is left.
        state.save(state_path)?;
        report
            .removed
            .extend(teardown_with_progress(cloud, state_path, progress).await?.removed);
    }
    let Discovery { state, extra } = discover(cloud, plan).await.map_err(Error::Discover)?;
    if state.is_empty() {
        return Ok(report);
    }
    let mut remaining = state.resources();
    remaining.extend(extra);
    Err(Error::Remaining {
        rounds: DISCOVERY_ROUNDS,
        remaining,
    })
}
