//! The plan: every document of the deployment, rendered by the document crates, with no AWS call.
//!
//! A plan is pure and deterministic: the same config gives the same documents, byte for
//! byte. Values that exist only once `apply` has run (a container's data endpoint, a channel
//! group's egress domain, a flow's ARN, an input's id, the distribution's ARN) are written into the
//! plan directory as `${...}` references, such as `${primary.container.endpoint_host}`, never as
//! invented values; `apply` renders the same documents with the real values through the origin's
//! part ([`MediaStorePlan::channel`], [`MediaPackagePlan::channel`],
//! [`MediaPackagePlan::endpoint_policy`]), [`Plan::input_request`] and [`Plan::distribution`].

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use hls_epoch::naming::STATIC_MASTER_PLAYLIST;
use medialive_template::contribution::{CreateFlow, FlowSource, Protocol};
use medialive_template::input::CreateInput;
use medialive_template::{Channel, Pipeline};
use mediapackage_origin::Egress;
use mediastore_policy::{DataEndpoint, Region, UserAgentSecret};
use origin_failover::access_control::{CreateOriginAccessControl, OriginAccessControlId};
use origin_failover::budget::FailoverBudget;
use origin_failover::document::DistributionConfig;
use origin_failover::origin_group::OriginGroupPolicy;
use origin_failover::{FailoverStatusCodes, LiveDistribution, LiveOrigin, Site};

use crate::config::{self, Config, OriginConfig};
use crate::dag::{self, Step};
use crate::names::Names;
use crate::origin::Origin;

mod mediapackage;
mod mediastore;

pub use mediapackage::MediaPackagePlan;
pub use mediastore::MediaStorePlan;

/// Why a plan could not be made or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The channel could not be built.
    #[error("the channel cannot be built")]
    Channel(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The channel was built but breaks an epoch-locking rule.
    #[error("channel breaks epoch-locking rules:\n{report}")]
    ChannelRules {
        /// medialive-template's validation report.
        report: String,
    },
    /// A container document could not be built.
    #[error("the {site} container's {document} cannot be built")]
    ContainerDocument {
        /// The Region.
        site: Site,
        /// `policy`, `lifecycle` or `CORS policy`.
        document: &'static str,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The stand-in for a container's data endpoint could not be made.
    #[error("stand-in data endpoint of the {site} container")]
    Unresolved {
        /// The Region.
        site: Site,
        /// Why.
        #[source]
        source: mediastore_policy::name::Error,
    },
    /// What was asked of the plan belongs to another origin than the plan's.
    #[error("the plan's origin is {0}, which has no such document")]
    Origin(Origin),
    /// The MediaPackage v2 documents could not be built, or do not fit the channel that feeds them.
    #[error("the MediaPackage v2 documents cannot be built")]
    MediaPackage(#[source] mediapackage_origin::Invalid),
    /// The MediaPackage v2 distribution could not be built.
    #[error("the MediaPackage v2 distribution cannot be built")]
    PackageDistribution(#[source] mediapackage_origin::distribution::Error),
    /// A MediaPackage v2 policy could not be written.
    #[error("{path} cannot be written")]
    PackagePolicy {
        /// The plan file.
        path: String,
        /// The cause.
        #[source]
        source: mediapackage_origin::policy::Error,
    },
    /// A document could not be rendered as JSON.
    #[error("{path} cannot be rendered as JSON")]
    Render {
        /// The plan file.
        path: String,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// The static master manifest could not be predicted.
    #[error("the static master manifest cannot be built")]
    Manifest(#[source] origin_failover::template::Error),
    /// The distribution could not be built.
    #[error("the distribution cannot be built")]
    Distribution(#[source] origin_failover::distribution::Error),
    /// The origin timeouts make a viewer's player stall while the primary Region fails, and the config
    /// does not allow it.
    #[error(
        "origin timeouts {chosen} stall the player while the primary Region fails ({basis}): \
         {fault}: {verdict}; recommended: {recommended} (leave the three keys out of [cloudfront] to get them); \
         to deploy with the stall anyway, set allow_stall = true under [cloudfront] or pass --allow-stall",
        chosen = config::cloudfront_keys(*timeouts),
        basis = BudgetBasis(budget),
        fault = budget.worst().fault,
        verdict = budget.verdict(),
        recommended = config::cloudfront_keys(budget.recommended_timeouts()),
    )]
    Stall {
        /// The timeouts the config chose.
        timeouts: origin_failover::OriginTimeouts,
        /// Their budget.
        budget: Box<FailoverBudget>,
    },
    /// A plan file could not be written.
    #[error("cannot write {path}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// One Region's part of the plan that every origin shares.
#[derive(Debug, Clone)]
pub struct SitePlan {
    /// Primary or backup.
    pub site: Site,
    /// The Region.
    pub region: Region,
    /// The two flows, A then B, in different Availability Zones.
    pub flows: [CreateFlow; 2],
}

/// The whole deployment, rendered.
#[derive(Clone)]
pub struct Plan {
    names: Names,
    config_hash: String,
    role_arn: String,
    sites: [SitePlan; 2],
    origin: OriginPlan,
    origin_timeouts: origin_failover::OriginTimeouts,
    budget: FailoverBudget,
    cadence: hls_epoch::Cadence,
}

/// The origin's part of the plan.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum OriginPlan {
    /// The recipe's MediaStore containers.
    MediaStore(Box<MediaStorePlan>),
    /// A MediaPackage v2 channel per Region.
    MediaPackage(Box<MediaPackagePlan>),
}

impl fmt::Debug for Plan {
    // The documents are long: `Debug` shows the names and the Regions.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Plan")
            .field("names", &self.names)
            .field("config_hash", &self.config_hash)
            .field("sites", &self.sites)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// A value that exists only after `apply`, shown in the plan directory as `${site.what}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reference {
    EndpointHost(Site),
    EgressDomain(Site),
    InputId(Site),
    FlowArn(Site, Pipeline),
    AccessControlId,
    DistributionArn,
}

impl Reference {
    const ALL: [Reference; 12] = [
        Reference::EndpointHost(Site::Primary),
        Reference::EndpointHost(Site::Backup),
        Reference::EgressDomain(Site::Primary),
        Reference::EgressDomain(Site::Backup),
        Reference::InputId(Site::Primary),
        Reference::InputId(Site::Backup),
        Reference::FlowArn(Site::Primary, Pipeline::Primary),
        Reference::FlowArn(Site::Primary, Pipeline::Backup),
        Reference::FlowArn(Site::Backup, Pipeline::Primary),
        Reference::FlowArn(Site::Backup, Pipeline::Backup),
        Reference::AccessControlId,
        Reference::DistributionArn,
    ];

    /// A stand-in that every document crate accepts and no AWS value can be, replaced by
    /// [`Reference::marker`] when the plan is written: `.invalid` is reserved by RFC 2606, hosts are
    /// in Regions AWS does not have (`unresolved-<site>-0`), and ids are spelled `UNRESOLVED`.
    fn sentinel(self) -> String {
        match self {
            Reference::EndpointHost(site) => {
                format!("unresolved.data.mediastore.unresolved-{site}-0.amazonaws.com")
            }
            Reference::EgressDomain(site) => {
                format!("unresolved.egress.unresolved.mediapackagev2.unresolved-{site}-0.amazonaws.com")
            }
            Reference::InputId(site) => format!("unresolved-{site}-input-id.invalid"),
            Reference::FlowArn(site, pipeline) => {
                format!("unresolved-{site}-flow-{}-arn.invalid", pipeline.letter())
            }
            Reference::AccessControlId => "UNRESOLVEDORIGINACCESSCONTROL".to_owned(),
            Reference::DistributionArn => {
                "arn:aws:cloudfront::000000000000:distribution/UNRESOLVED".to_owned()
            }
        }
    }

    fn marker(self) -> String {
        match self {
            Reference::EndpointHost(site) => format!("${{{site}.container.endpoint_host}}"),
            Reference::EgressDomain(site) => format!("${{{site}.channel_group.egress_domain}}"),
            Reference::InputId(site) => format!("${{{site}.input.id}}"),
            Reference::FlowArn(site, pipeline) => format!("${{{site}.flow_{}.arn}}", pipeline.letter()),
            Reference::AccessControlId => "${origin_access_control.id}".to_owned(),
            Reference::DistributionArn => "${distribution.arn}".to_owned(),
        }
    }
}

/// Replaces every reference stand-in in a rendered document with its `${...}` marker.
fn mark_references(text: &str) -> String {
    Reference::ALL.iter().fold(text.to_owned(), |text, reference| {
        text.replace(&reference.sentinel(), &reference.marker())
    })
}

/// The position of a Region's part in the plan's pairs: primary first.
fn site_index(site: Site) -> usize {
    match site {
        Site::Primary => 0,
        Site::Backup => 1,
    }
}

/// The stand-in for a Region's container data endpoint until apply knows it.
fn unresolved_endpoint(site: Site) -> Result<DataEndpoint, Error> {
    Region::new(&format!("unresolved-{site}-0"))
        .and_then(|region| DataEndpoint::new("unresolved", region))
        .map_err(|source| Error::Unresolved { site, source })
}

/// `budget`, the failover budget of the origin group as the distribution deploys it, refused when it
/// stalls unless the config allows it.
fn judged(config: &Config, budget: FailoverBudget) -> Result<FailoverBudget, Error> {
    if !budget.is_seamless() && !config.allow_stall() {
        return Err(Error::Stall {
            timeouts: config.origin_timeouts(),
            budget: Box::new(budget),
        });
    }
    Ok(budget)
}

impl SitePlan {
    /// A Region's flows.
    fn new(config: &Config, names: &Names, site: Site) -> SitePlan {
        let region = config.region(site).clone();
        let zones = config.availability_zones();
        let flow = |pipeline: Pipeline, zone: &str| CreateFlow {
            name: names.flow(site, pipeline),
            availability_zone: format!("{region}{zone}"),
            source: FlowSource {
                name: names.flow_source(site, pipeline),
                description: format!(
                    "Contribution for pipeline {pipeline} of event {} ({site} Region)",
                    config.event()
                ),
                protocol: Protocol::ZixiPush,
                ingest_port: config.ingest_port(),
                whitelist_cidr: config.allowed_cidr().to_owned(),
            },
        };
        SitePlan {
            site,
            flows: [
                flow(Pipeline::Primary, zones[0]),
                flow(Pipeline::Backup, zones[1]),
            ],
            region,
        }
    }
}

/// What the distribution needs from apply, by origin.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum DistributionInputs<'a> {
    /// Both containers' data endpoints and the `User-Agent` secret the distribution sends.
    MediaStore {
        /// The secret.
        secret: &'a UserAgentSecret,
        /// The primary's and the backup's data endpoints.
        endpoints: [&'a DataEndpoint; 2],
    },
    /// Both channel groups' egress domains and the origin access control.
    MediaPackage {
        /// The egress domains.
        egress: &'a Egress,
        /// The origin access control's id.
        access_control: &'a OriginAccessControlId,
    },
}

impl Plan {
    /// Renders every document of a config that does not hold the `User-Agent` secret, checks the
    /// channel for both Regions, and judges the failover budget of the origin timeouts.
    pub fn new(config: &Config) -> Result<Plan, Error> {
        let names = Names::new(config);
        let origin = match config.origin_config() {
            OriginConfig::MediaStore(settings) => {
                OriginPlan::MediaStore(Box::new(MediaStorePlan::new(config, settings, &names)?))
            }
            OriginConfig::MediaPackageV2(settings) => {
                OriginPlan::MediaPackage(Box::new(MediaPackagePlan::new(config, settings, &names)?))
            }
        };
        let budget = match &origin {
            // The recipe's origin group: the default failover codes and the same timeouts on both.
            OriginPlan::MediaStore(_) => FailoverBudget::new(
                &OriginGroupPolicy::new(
                    FailoverStatusCodes::default(),
                    config.origin_timeouts(),
                    config.origin_timeouts(),
                ),
                config.cadence(),
                config.player(),
            ),
            // The pair's distribution, with MediaPackage's own stale detection on top.
            OriginPlan::MediaPackage(package) => {
                let distribution = package.distribution(
                    &names,
                    config.origin_timeouts(),
                    &package.unresolved_egress(),
                    &package.unresolved_access_control,
                )?;
                package
                    .pair()
                    .failover_budget(&distribution, config.cadence(), config.player())
            }
        };
        Ok(Plan {
            sites: [
                SitePlan::new(config, &names, Site::Primary),
                SitePlan::new(config, &names, Site::Backup),
            ],
            names,
            config_hash: config.hash(),
            role_arn: config.medialive_role_arn().to_owned(),
            origin,
            origin_timeouts: config.origin_timeouts(),
            budget: judged(config, budget)?,
            cadence: config.cadence(),
        })
    }

    /// The event's name.
    pub fn event(&self) -> &str {
        self.names.event()
    }

    /// Every name the plan gives AWS: resources, tags, the distribution's caller reference.
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// The kind of origin each Region serves from.
    pub fn origin(&self) -> Origin {
        match self.origin {
            OriginPlan::MediaStore(_) => Origin::MediaStore,
            OriginPlan::MediaPackage(_) => Origin::MediaPackageV2,
        }
    }

    /// The origin's part of the plan.
    pub fn origin_plan(&self) -> &OriginPlan {
        &self.origin
    }

    /// The MediaStore origin's part, when the origin is MediaStore.
    pub fn mediastore(&self) -> Option<&MediaStorePlan> {
        match &self.origin {
            OriginPlan::MediaStore(plan) => Some(plan),
            OriginPlan::MediaPackage(_) => None,
        }
    }

    /// The MediaPackage v2 origin's part, when the origin is MediaPackage v2.
    pub fn mediapackage(&self) -> Option<&MediaPackagePlan> {
        match &self.origin {
            OriginPlan::MediaPackage(plan) => Some(plan),
            OriginPlan::MediaStore(_) => None,
        }
    }

    /// Every step of the deployment, in the summary's order.
    pub fn steps(&self) -> Vec<Step> {
        Step::all(self.origin())
    }

    /// The hash of the config the plan was made from.
    pub fn config_hash(&self) -> &str {
        &self.config_hash
    }

    /// One Region's plan.
    pub fn site(&self, site: Site) -> &SitePlan {
        &self.sites[site_index(site)]
    }

    /// The path a viewer plays on the distribution, such as `/live/index.m3u8` or
    /// `/out/v1/demo/main/hls/index.m3u8`.
    pub fn playback_path(&self) -> String {
        match &self.origin {
            OriginPlan::MediaStore(plan) => format!("/{}", plan.static_manifest_key()),
            OriginPlan::MediaPackage(plan) => plan.pair().playback_path().to_string(),
        }
    }

    /// The failover budget of the distribution's origin group against the config's player: seamless,
    /// or (when the config allows it) the stall a viewer sees while the primary Region fails.
    pub fn budget(&self) -> &FailoverBudget {
        &self.budget
    }

    /// When the budget is not seamless (the config allowed it): the fault the viewer feels most, the
    /// stall, and the recommended timeouts.
    pub fn stall_warning(&self) -> Option<String> {
        if self.budget.is_seamless() {
            return None;
        }
        Some(format!(
            "{}: {}; recommended: {}",
            self.budget.worst().fault,
            self.budget.verdict(),
            config::cloudfront_keys(self.budget.recommended_timeouts())
        ))
    }

    /// The segment cadence of every output.
    pub fn cadence(&self) -> hls_epoch::Cadence {
        self.cadence
    }

    /// The epoch clock the channel numbers its segments by: MediaLive's epoch locking counts
    /// segments from the Unix epoch.
    pub fn epoch_clock(&self) -> hls_epoch::EpochClock {
        hls_epoch::EpochClock::unix(self.cadence)
    }

    /// The `CreateInput` request for a Region, with its two flows' ARNs (A then B).
    pub fn input_request(&self, site: Site, flow_arns: [&str; 2]) -> CreateInput {
        CreateInput::media_connect(
            self.names.input(site),
            self.role_arn.clone(),
            flow_arns,
            self.names.tags().clone(),
        )
    }

    /// The distribution's config, over the origins `inputs` name: the MediaStore origin's sends the
    /// secret `User-Agent`, the MediaPackage origin's signs with the origin access control.
    pub fn distribution(&self, inputs: DistributionInputs<'_>) -> Result<DistributionConfig, Error> {
        match (&self.origin, inputs) {
            (OriginPlan::MediaStore(_), DistributionInputs::MediaStore { secret, endpoints }) => {
                Ok(self.mediastore_distribution(secret, endpoints)?.to_config())
            }
            (
                OriginPlan::MediaPackage(plan),
                DistributionInputs::MediaPackage {
                    egress,
                    access_control,
                },
            ) => Ok(plan
                .distribution(&self.names, self.origin_timeouts, egress, access_control)?
                .to_config()),
            _ => Err(Error::Origin(self.origin())),
        }
    }

    /// The recipe's distribution over the two containers' data endpoints.
    fn mediastore_distribution(
        &self,
        secret: &UserAgentSecret,
        [primary, backup]: [&DataEndpoint; 2],
    ) -> Result<LiveDistribution, Error> {
        let origin = |site: Site, endpoint: &DataEndpoint| {
            LiveOrigin::new(&self.names.origin(site), endpoint.clone(), secret.clone())
                .map(|origin| origin.with_timeouts(self.origin_timeouts))
                .map_err(Error::Distribution)
        };
        LiveDistribution::new(
            &self.names.caller_reference(),
            origin(Site::Primary, primary)?,
            origin(Site::Backup, backup)?,
        )
        .and_then(|distribution| distribution.with_comment(&self.names.distribution_comment()))
        .map(|distribution| distribution.with_split_behaviors(self.cadence))
        .map_err(Error::Distribution)
    }

    /// A JSON plan file: pretty, ending in a newline, with `${...}` markers.
    fn json_file(path: String, holds_secret: bool, value: &serde_json::Value) -> Result<PlanFile, Error> {
        let mut text = serde_json::to_string_pretty(value).map_err(|source| Error::Render {
            path: path.clone(),
            source,
        })?;
        text.push('\n');
        Ok(PlanFile {
            path,
            holds_secret,
            contents: mark_references(&text),
        })
    }

    /// A document as a JSON value, or the error that names the file it was for.
    fn value(path: &str, document: &impl serde::Serialize) -> Result<serde_json::Value, Error> {
        serde_json::to_value(document).map_err(|source| Error::Render {
            path: path.to_owned(),
            source,
        })
    }

    /// The rendered plan files that do not hold the secret, by path relative to the plan
    /// directory. References are `${...}` markers.
    pub fn files(&self) -> Result<Vec<PlanFile>, Error> {
        let mut files = Vec::new();
        for site_plan in &self.sites {
            let site = site_plan.site;
            let folder = site_folder(site_plan);
            for (pipeline, flow) in Pipeline::BOTH.iter().zip(&site_plan.flows) {
                let path = format!("{folder}/create-flow-{}.json", pipeline.letter());
                files.push(Plan::json_file(path.clone(), false, &Plan::value(&path, flow)?)?);
            }
            let flow_arns = [
                Reference::FlowArn(site, Pipeline::Primary).sentinel(),
                Reference::FlowArn(site, Pipeline::Backup).sentinel(),
            ];
            let path = format!("{folder}/create-input.json");
            let input = self.input_request(site, [&flow_arns[0], &flow_arns[1]]);
            files.push(Plan::json_file(
                path.clone(),
                false,
                &Plan::value(&path, &input)?,
            )?);
            let input_id = Reference::InputId(site).sentinel();
            let channel = match &self.origin {
                OriginPlan::MediaStore(plan) => {
                    files.extend(plan.files(site, &folder)?);
                    plan.channel(site, &input_id, &plan.unresolved_endpoints[site_index(site)])?
                }
                OriginPlan::MediaPackage(plan) => {
                    files.extend(plan.files(site, &folder)?);
                    plan.channel(site, &input_id)?
                }
            };
            let mut text = channel
                .to_json_pretty()
                .map_err(|error| Error::Channel(Box::new(error)))?;
            text.push('\n');
            files.push(PlanFile {
                path: format!("{folder}/create-channel.json"),
                holds_secret: false,
                contents: mark_references(&text),
            });
        }
        match &self.origin {
            OriginPlan::MediaStore(plan) => files.push(PlanFile {
                path: STATIC_MASTER_PLAYLIST.to_owned(),
                holds_secret: false,
                contents: plan.static_manifest().to_owned(),
            }),
            OriginPlan::MediaPackage(plan) => {
                files.push(Plan::json_file(
                    ACCESS_CONTROL_FILE.to_owned(),
                    false,
                    &Plan::value(
                        ACCESS_CONTROL_FILE,
                        &CreateOriginAccessControl {
                            origin_access_control_config: plan.access_control().clone(),
                        },
                    )?,
                )?);
                let distribution = plan.distribution(
                    &self.names,
                    self.origin_timeouts,
                    &plan.unresolved_egress(),
                    &plan.unresolved_access_control,
                )?;
                files.push(self.distribution_file(false, distribution.to_config())?);
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// `create-distribution-with-tags.json`: the distribution's config with the event's tags.
    fn distribution_file(&self, holds_secret: bool, config: DistributionConfig) -> Result<PlanFile, Error> {
        let tags: Vec<serde_json::Value> = self
            .names
            .tags()
            .iter()
            .map(|(key, value)| serde_json::json!({"Key": key, "Value": value}))
            .collect();
        Plan::json_file(
            DISTRIBUTION_FILE.to_owned(),
            holds_secret,
            &serde_json::json!({
                "DistributionConfigWithTags": {
                    "DistributionConfig": Plan::value(DISTRIBUTION_FILE, &config)?,
                    "Tags": {"Items": tags},
                }
            }),
        )
    }

    /// The paths of the plan files that hold the secret, which only [`Plan::secret_files`]
    /// renders: each Region's container policy and the distribution of a MediaStore origin (a
    /// MediaPackage origin has none).
    pub fn secret_file_paths(&self) -> Vec<String> {
        if self.mediastore().is_none() {
            return Vec::new();
        }
        let mut paths: Vec<String> = self
            .sites
            .iter()
            .map(|site_plan| format!("{}/{CONTAINER_POLICY_FILE}", site_folder(site_plan)))
            .collect();
        paths.push(DISTRIBUTION_FILE.to_owned());
        paths.sort();
        paths
    }

    /// The plan files that hold the secret (each Region's container policy and the
    /// distribution), in the order of [`Plan::secret_file_paths`]. References are `${...}` markers.
    pub fn secret_files(&self, secret: &UserAgentSecret) -> Result<Vec<PlanFile>, Error> {
        let Some(plan) = self.mediastore() else {
            return Ok(Vec::new());
        };
        let mut files = Vec::new();
        for site_plan in &self.sites {
            let site = site_plan.site;
            let policy = plan.container_policy(site, secret).to_policy_string();
            files.push(Plan::json_file(
                format!("{}/{CONTAINER_POLICY_FILE}", site_folder(site_plan)),
                true,
                &serde_json::json!({
                    "ContainerName": plan.settings().container(site).as_str(),
                    "Policy": container_document(site, "policy", policy)?,
                }),
            )?);
        }
        let distribution = self.mediastore_distribution(
            secret,
            [&plan.unresolved_endpoints[0], &plan.unresolved_endpoints[1]],
        )?;
        files.push(self.distribution_file(true, distribution.to_config())?);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Writes the plan files into `dir` (created if needed), with the summary: every file when
    /// `secret` is given, else every file but those of [`Plan::secret_file_paths`]. Files that hold
    /// the secret are readable by their owner only. Returns the files written, by path.
    pub fn write(&self, dir: &Path, secret: Option<&UserAgentSecret>) -> Result<Vec<PlanFile>, Error> {
        let mut files = self.files()?;
        if let Some(secret) = secret {
            files.extend(self.secret_files(secret)?);
            files.sort_by(|a, b| a.path.cmp(&b.path));
        }
        for file in &files {
            let path = dir.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                    path: parent.to_owned(),
                    source,
                })?;
            }
            write_file(&path, file.contents.as_bytes(), file.holds_secret)
                .map_err(|source| Error::Io { path, source })?;
        }
        let summary = dir.join("summary.txt");
        write_file(&summary, self.to_string().as_bytes(), false).map_err(|source| Error::Io {
            path: summary,
            source,
        })?;
        Ok(files)
    }
}

/// The plan file of a Region's container policy, in the Region's folder.
const CONTAINER_POLICY_FILE: &str = "put-container-policy.json";

/// The plan file of the distribution.
const DISTRIBUTION_FILE: &str = "create-distribution-with-tags.json";

/// The plan file of a MediaPackage origin's origin access control.
const ACCESS_CONTROL_FILE: &str = "create-origin-access-control.json";

/// A Region's folder in the plan directory, such as `primary-us-east-1`.
fn site_folder(site_plan: &SitePlan) -> String {
    format!("{}-{}", site_plan.site, site_plan.region)
}

/// A channel document, checked against the epoch-locking rules at the config's frame rate.
fn checked<E>(config: &Config, channel: Result<Channel, E>) -> Result<Channel, Error>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let channel = channel.map_err(|error| Error::Channel(Box::new(error)))?;
    let report = channel.validate(config.frame_rate());
    if !report.is_ok() {
        return Err(Error::ChannelRules {
            report: report.to_string(),
        });
    }
    Ok(channel)
}

/// A container document's text, or the error that names the Region and the document.
fn container_document<E>(
    site: Site,
    document: &'static str,
    result: Result<String, E>,
) -> Result<String, Error>
where
    E: std::error::Error + Send + Sync + 'static,
{
    result.map_err(|error| Error::ContainerDocument {
        site,
        document,
        source: Box::new(error),
    })
}

/// One rendered plan file.
#[derive(Clone, PartialEq, Eq)]
pub struct PlanFile {
    /// The path relative to the plan directory.
    pub path: String,
    /// Whether the contents hold the `User-Agent` secret (written with mode 0600).
    pub holds_secret: bool,
    /// The file's text.
    pub contents: String,
}

impl fmt::Debug for PlanFile {
    // The contents may hold the secret: never print them through `Debug`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlanFile")
            .field("path", &self.path)
            .field("holds_secret", &self.holds_secret)
            .field("bytes", &self.contents.len())
            .finish()
    }
}

fn write_file(path: &Path, contents: &[u8], owner_only: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let mode = if owner_only { 0o600 } else { 0o644 };
        options.mode(mode);
        let mut file = options.open(path)?;
        // `mode` applies only to new files: tighten (or relax) an existing one too.
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        file.write_all(contents)?;
        file.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = owner_only;
        let mut file = options.open(path)?;
        file.write_all(contents)?;
        file.sync_all()
    }
}

impl fmt::Display for Plan {
    /// The readable summary: Regions, resources, the steps in waves with their dependencies, and
    /// the files. It never contains the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_resources(f)?;
        writeln!(f)?;
        self.write_budget(f)?;
        writeln!(f)?;
        self.write_steps(f)
    }
}

impl Plan {
    /// The summary's first part: every resource by Region, the distribution and the manifest.
    fn write_resources(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Plan for event {:?} (config sha256 {})",
            self.names.event(),
            self.config_hash
        )?;
        writeln!(f)?;
        for site_plan in &self.sites {
            writeln!(f, "{} Region {}:", capitalized(site_plan.site), site_plan.region)?;
            match &self.origin {
                OriginPlan::MediaStore(plan) => {
                    writeln!(
                        f,
                        "  MediaStore container  {}",
                        plan.settings().container(site_plan.site)
                    )?;
                }
                OriginPlan::MediaPackage(plan) => {
                    let names = plan.names();
                    writeln!(f, "  MediaPackage group    {}", names.group)?;
                    writeln!(
                        f,
                        "  MediaPackage channel  {} ({} input)",
                        names.channel,
                        plan.pair().region(site_plan.site).channel.effective_input_type()
                    )?;
                    writeln!(
                        f,
                        "  MediaPackage endpoint {} ({} segments{})",
                        names.endpoint,
                        plan.pair().region(site_plan.site).endpoint.container_type,
                        if site_plan.site == Site::Primary {
                            "; 404 on a stale, incomplete or slate manifest"
                        } else {
                            ""
                        }
                    )?;
                }
            }
            for flow in &site_plan.flows {
                writeln!(
                    f,
                    "  MediaConnect flow     {} in {} ({} on port {} from {})",
                    flow.name,
                    flow.availability_zone,
                    flow.source.protocol,
                    flow.source.ingest_port,
                    flow.source.whitelist_cidr
                )?;
            }
            writeln!(
                f,
                "  MediaLive input       {} (MEDIACONNECT, both flows)",
                self.names.input(site_plan.site)
            )?;
            writeln!(
                f,
                "  MediaLive channel     {}",
                self.names.channel(site_plan.site)
            )?;
        }
        match &self.origin {
            OriginPlan::MediaStore(plan) => {
                writeln!(
                    f,
                    "CloudFront distribution {} with an origin group (primary first, backup second)",
                    self.names.caller_reference()
                )?;
                writeln!(
                    f,
                    "Static manifest {} in both containers",
                    plan.static_manifest_key()
                )
            }
            OriginPlan::MediaPackage(plan) => {
                writeln!(
                    f,
                    "CloudFront origin access control {} (signs every origin request)",
                    self.names.origin_access_control()
                )?;
                writeln!(
                    f,
                    "CloudFront distribution {} with an origin group (primary first, backup second){}",
                    self.names.caller_reference(),
                    if plan.media_quality() {
                        ", selecting by media quality"
                    } else {
                        ""
                    }
                )?;
                writeln!(f, "Viewers play {}", self.playback_path())
            }
        }
    }

    /// The summary's failover budget: the verdict, the timeouts, the budget's table.
    fn write_budget(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.stall_warning() {
            None => writeln!(f, "Failover budget: {}", self.budget.verdict()),
            Some(_) => writeln!(
                f,
                "Failover budget: WARNING (allowed by allow_stall): {}: {}",
                self.budget.worst().fault,
                self.budget.verdict()
            ),
        }?;
        let recommended = self.budget.recommended_timeouts();
        writeln!(
            f,
            "  origin timeouts {}{}",
            config::cloudfront_keys(self.origin_timeouts),
            if self.origin_timeouts == recommended {
                " (the recommended values)".to_owned()
            } else {
                format!(" (recommended: {})", config::cloudfront_keys(recommended))
            }
        )?;
        for line in self.budget.to_string().lines() {
            writeln!(f, "  {line}")?;
        }
        Ok(())
    }

    /// The summary's steps in waves, and what the plan's files are.
    fn write_steps(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Steps (each wave starts when the steps it waits for are done):"
        )?;
        for (number, wave) in dag::waves(self.origin()).iter().enumerate() {
            for step in wave {
                let deps = step.dependencies(self.origin());
                if deps.is_empty() {
                    writeln!(f, "  {}. {step}", number + 1)
                } else {
                    writeln!(
                        f,
                        "  {}. {step}  <- {}",
                        number + 1,
                        deps.iter().copied().map(Step::id).collect::<Vec<_>>().join(", ")
                    )
                }?;
            }
        }
        writeln!(f)?;
        match self.origin() {
            Origin::MediaStore => writeln!(
                f,
                "Values known only after apply are written as ${{site.resource.field}} references; files holding the User-Agent secret are readable by their owner only."
            )?,
            Origin::MediaPackageV2 => writeln!(
                f,
                "Values known only after apply are written as ${{site.resource.field}} references; no file holds a secret (CloudFront signs its requests to MediaPackage)."
            )?,
        }
        match self.origin() {
            Origin::MediaStore => writeln!(
                f,
                "Each create-*.json and put-*.json file is the --cli-input-json of the AWS CLI command of its name: aws mediaconnect create-flow, aws medialive create-input and create-channel, aws mediastore put-container-policy, put-lifecycle-policy and put-cors-policy, aws cloudfront create-distribution-with-tags."
            )?,
            Origin::MediaPackageV2 => writeln!(
                f,
                "Each create-*.json and put-*.json file is the --cli-input-json of the AWS CLI command of its name: aws mediaconnect create-flow, aws medialive create-input and create-channel, aws mediapackagev2 create-channel-group, create-channel, put-channel-policy, create-origin-endpoint and put-origin-endpoint-policy (in mediapackage/), aws cloudfront create-origin-access-control and create-distribution-with-tags."
            )?,
        }
        Ok(())
    }
}

fn capitalized(site: Site) -> &'static str {
    match site {
        Site::Primary => "Primary",
        Site::Backup => "Backup",
    }
}

/// What a budget is reckoned against: `6 s segments and a player buffer of 18 s`.
struct BudgetBasis<'a>(&'a FailoverBudget);

impl fmt::Display for BudgetBasis<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} s segments and a player buffer of {} s",
            self.0.segment(),
            self.0.player().buffer()
        )
    }
}
