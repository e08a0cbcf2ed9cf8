//! The plan: every document of the deployment, rendered by the document crates, with no AWS call.
//!
//! A plan is pure and deterministic: the same config gives the same documents, byte for
//! byte. Values that exist only once `apply` has run (a container's data endpoint, a flow's ARN, an
//! input's id) are written into the plan directory as `${...}` references, such as
//! `${primary.container.endpoint_host}`, never as invented values; `apply` renders the same
//! documents with the real values through [`Plan::channel`], [`Plan::input_request`] and
//! [`Plan::distribution`].

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use hls_epoch::naming::STATIC_MASTER_PLAYLIST;
use medialive_template::{Channel, LiveHlsChannel, RegionClone};
use mediastore_policy::lifecycle::LifecyclePolicy;
use mediastore_policy::{
    ContainerArn, ContainerPolicy, CorsPolicy, DataEndpoint, RecipePolicy, Region, UserAgentSecret,
};
use origin_failover::budget::FailoverBudget;
use origin_failover::manifest::MasterSpec;
use origin_failover::origin_group::OriginGroupPolicy;
use origin_failover::{FailoverStatusCodes, LiveDistribution, LiveOrigin};

use medialive_template::contribution::{CreateFlow, FlowSource, Protocol};
use medialive_template::input::CreateInput;

use crate::config::{self, Config};
use crate::names::Names;
use medialive_template::{Pipeline, PipelineNames};
use origin_failover::Site;

use crate::dag::{self, Step};
use crate::origin::Origin;

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

/// One Region's part of the plan.
#[derive(Clone)]
pub struct SitePlan {
    /// Primary or backup.
    pub site: Site,
    /// The Region.
    pub region: Region,
    /// The lifecycle policy that expires stale rendition manifests.
    pub lifecycle: LifecyclePolicy,
    /// The CORS policy for web players.
    pub cors: CorsPolicy,
    /// The two flows, A then B, in different Availability Zones.
    pub flows: [CreateFlow; 2],
}

/// The whole deployment, rendered.
#[derive(Clone)]
pub struct Plan {
    names: Names,
    config_hash: String,
    origin: Origin,
    account: mediastore_policy::AccountId,
    pipelines: PipelineNames,
    role_arn: String,
    sites: [SitePlan; 2],
    template: Channel,
    static_manifest: String,
    static_manifest_key: String,
    origin_timeouts: origin_failover::OriginTimeouts,
    budget: FailoverBudget,
    cadence: hls_epoch::Cadence,
    unresolved_endpoints: [DataEndpoint; 2],
}

impl fmt::Debug for SitePlan {
    // The documents are long: `Debug` shows what identifies the Region's part.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SitePlan")
            .field("site", &self.site)
            .field("region", &self.region)
            .field("flows", &self.flows)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Plan {
    // The documents are long: `Debug` shows the names and the Regions.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Plan")
            .field("names", &self.names)
            .field("config_hash", &self.config_hash)
            .field("sites", &self.sites)
            .field("static_manifest_key", &self.static_manifest_key)
            .finish_non_exhaustive()
    }
}

/// A value that exists only after `apply`, shown in the plan directory as `${site.what}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reference {
    EndpointHost(Site),
    InputId(Site),
    FlowArn(Site, Pipeline),
}

impl Reference {
    const ALL: [Reference; 8] = [
        Reference::EndpointHost(Site::Primary),
        Reference::EndpointHost(Site::Backup),
        Reference::InputId(Site::Primary),
        Reference::InputId(Site::Backup),
        Reference::FlowArn(Site::Primary, Pipeline::Primary),
        Reference::FlowArn(Site::Primary, Pipeline::Backup),
        Reference::FlowArn(Site::Backup, Pipeline::Primary),
        Reference::FlowArn(Site::Backup, Pipeline::Backup),
    ];

    /// A stand-in that every document crate accepts and no AWS value can be, replaced by
    /// [`Reference::marker`] when the plan is written: `.invalid` is reserved by RFC 2606, and a data
    /// endpoint's stand-in is in a Region AWS does not have (see [`unresolved_endpoint`]).
    fn sentinel(self, unresolved_endpoints: &[DataEndpoint; 2]) -> String {
        match self {
            Reference::EndpointHost(site) => unresolved_endpoints[site_index(site)].host(),
            Reference::InputId(site) => format!("unresolved-{site}-input-id.invalid"),
            Reference::FlowArn(site, pipeline) => {
                format!("unresolved-{site}-flow-{}-arn.invalid", pipeline.letter())
            }
        }
    }

    fn marker(self) -> String {
        match self {
            Reference::EndpointHost(site) => format!("${{{site}.container.endpoint_host}}"),
            Reference::InputId(site) => format!("${{{site}.input.id}}"),
            Reference::FlowArn(site, pipeline) => format!("${{{site}.flow_{}.arn}}", pipeline.letter()),
        }
    }
}

/// The position of a Region's part in the plan's pairs: primary first.
fn site_index(site: Site) -> usize {
    match site {
        Site::Primary => 0,
        Site::Backup => 1,
    }
}

/// The stand-in for a Region's container data endpoint until apply knows it: id `unresolved` in the
/// Region `unresolved-<site>-0`, which AWS does not have.
fn unresolved_endpoint(site: Site) -> Result<DataEndpoint, Error> {
    Region::new(&format!("unresolved-{site}-0"))
        .and_then(|region| DataEndpoint::new("unresolved", region))
        .map_err(|source| Error::Unresolved { site, source })
}

/// The primary Region's channel, checked against the channel rules: built once, and cloned for the
/// backup at apply time (only its hostnames, input and name change: medialive-template's
/// RegionClone).
fn channel_template(
    config: &Config,
    names: &Names,
    unresolved_endpoints: &[DataEndpoint; 2],
) -> Result<Channel, Error> {
    let template = LiveHlsChannel::builder()
        .name(names.channel(Site::Primary))
        .role_arn(config.medialive_role_arn())
        .input_id(Reference::InputId(Site::Primary).sentinel(unresolved_endpoints))
        .destination(unresolved_endpoints[0].clone())
        .pipelines(config.pipelines().clone())
        .frame_rate(config.frame_rate())
        .segment_length(config.segment_length())
        .tags(names.tags().clone())
        .build();
    let template = match config.ladder() {
        Some(ladder) => LiveHlsChannel {
            ladder: Some(ladder.to_vec()),
            ..template
        },
        None => template,
    };
    let template = template
        .channel()
        .map_err(|error| Error::Channel(Box::new(error)))?;
    let report = template.validate(config.frame_rate());
    if !report.is_ok() {
        return Err(Error::ChannelRules {
            report: report.to_string(),
        });
    }
    Ok(template)
}

/// The failover budget of the origin group as `distribution` deploys it (the failover codes a
/// `LiveDistribution` is made with, and the config's timeouts on both origins); a stall is refused
/// unless the config allows it.
fn failover_budget(config: &Config) -> Result<FailoverBudget, Error> {
    let timeouts = config.origin_timeouts();
    let budget = FailoverBudget::new(
        &OriginGroupPolicy::new(FailoverStatusCodes::default(), timeouts, timeouts),
        config.cadence(),
        config.player(),
    );
    if !budget.is_seamless() && !config.allow_stall() {
        return Err(Error::Stall {
            timeouts: config.origin_timeouts(),
            budget: Box::new(budget),
        });
    }
    Ok(budget)
}

impl SitePlan {
    /// A Region's part of the plan: its flows and its container's documents.
    fn new(config: &Config, names: &Names, site: Site) -> Result<SitePlan, Error> {
        let region = config.region(site).clone();
        let lifecycle = LifecyclePolicy::stale_manifests(
            config.cadence(),
            config.stale_manifest_factor(),
            config.pipelines().path(),
            &config.pipelines().bases(),
        )
        .map_err(|error| Error::ContainerDocument {
            site,
            document: "lifecycle",
            source: Box::new(error),
        })?;
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
        Ok(SitePlan {
            site,
            flows: [
                flow(Pipeline::Primary, zones[0]),
                flow(Pipeline::Backup, zones[1]),
            ],
            region,
            lifecycle,
            cors: CorsPolicy::web_players(),
        })
    }
}

impl Plan {
    /// Renders every document of a config that does not hold the `User-Agent` secret, checks the
    /// channel once for both Regions, and judges the failover budget of the origin timeouts.
    pub fn new(config: &Config) -> Result<Plan, Error> {
        let names = Names::new(config);
        let unresolved_endpoints = [
            unresolved_endpoint(Site::Primary)?,
            unresolved_endpoint(Site::Backup)?,
        ];

        let template = channel_template(config, &names, &unresolved_endpoints)?;
        let pipelines = config.pipelines();

        let sites = [
            SitePlan::new(config, &names, Site::Primary)?,
            SitePlan::new(config, &names, Site::Backup)?,
        ];
        // The same file goes into both containers: it lists both pipelines' renditions, whose names
        // are equal in both Regions (origin-failover predicts it from the channel).
        let master = MasterSpec::from_template(&template).map_err(Error::Manifest)?;
        let static_manifest = master.static_manifest();
        let static_manifest_key = master.static_manifest_key();
        let budget = failover_budget(config)?;
        let plan = Plan {
            names,
            config_hash: config.hash(),
            origin: config.origin(),
            account: config.account().clone(),
            pipelines: pipelines.clone(),
            role_arn: config.medialive_role_arn().to_owned(),
            sites,
            template,
            static_manifest,
            static_manifest_key,
            origin_timeouts: config.origin_timeouts(),
            budget,
            cadence: config.cadence(),
            unresolved_endpoints,
        };
        // Render the backup Region's channel once with stand-ins, so a plan that cannot be applied
        // fails here rather than halfway through an apply. (The documents holding the secret are
        // checked the same way by `apply`, before its first step.)
        plan.channel(
            Site::Backup,
            &Reference::InputId(Site::Backup).sentinel(&plan.unresolved_endpoints),
            plan.unresolved_endpoint(Site::Backup),
        )?;
        Ok(plan)
    }

    fn unresolved_endpoint(&self, site: Site) -> &DataEndpoint {
        &self.unresolved_endpoints[site_index(site)]
    }

    /// Replaces every reference stand-in in a rendered document with its `${...}` marker.
    fn mark_references(&self, text: &str) -> String {
        Reference::ALL.iter().fold(text.to_owned(), |text, reference| {
            text.replace(
                &reference.sentinel(&self.unresolved_endpoints),
                &reference.marker(),
            )
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
        self.origin
    }

    /// Every step of the deployment, in the summary's order.
    pub fn steps(&self) -> Vec<Step> {
        Step::all(self.origin)
    }

    /// The hash of the config the plan was made from.
    pub fn config_hash(&self) -> &str {
        &self.config_hash
    }

    /// The folder(s) the channel writes into.
    pub fn path(&self) -> &str {
        self.pipelines.path()
    }

    /// Where each pipeline writes: the shared path and the base names (`primary`, `backup`).
    pub fn pipelines(&self) -> &PipelineNames {
        &self.pipelines
    }

    /// One Region's plan.
    pub fn site(&self, site: Site) -> &SitePlan {
        match site {
            Site::Primary => &self.sites[0],
            Site::Backup => &self.sites[1],
        }
    }

    /// The key of the static master manifest in each container, such as `live/index.m3u8`.
    pub fn static_manifest_key(&self) -> &str {
        &self.static_manifest_key
    }

    /// The static master manifest (`index.m3u8`), the same in both containers.
    pub fn static_manifest(&self) -> &str {
        &self.static_manifest
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

    /// The channel for a Region, attached to `input_id` and writing to the container at
    /// `endpoint`: the plan's one template, cloned.
    pub fn channel(&self, site: Site, input_id: &str, endpoint: &DataEndpoint) -> Result<Channel, Error> {
        RegionClone::builder()
            .name(self.names.channel(site))
            .input_id(input_id)
            .destination(endpoint.clone())
            .build()
            .apply(&self.template)
            .map_err(|error| Error::Channel(Box::new(error)))
    }

    /// A Region's container policy: reads over TLS only, with the secret `User-Agent`.
    pub fn container_policy(&self, site: Site, secret: &UserAgentSecret) -> ContainerPolicy {
        let arn = ContainerArn::new(
            self.site(site).region.clone(),
            self.account.clone(),
            self.names.container(site).clone(),
        );
        RecipePolicy::builder()
            .container(arn)
            .secret(secret.clone())
            .build()
            .to_policy()
    }

    /// The distribution for the two containers' data endpoints, sending the secret `User-Agent`.
    pub fn distribution(
        &self,
        secret: &UserAgentSecret,
        primary_endpoint: &DataEndpoint,
        backup_endpoint: &DataEndpoint,
    ) -> Result<LiveDistribution, Error> {
        let origin = |site: Site, endpoint: &DataEndpoint| {
            LiveOrigin::new(&self.names.origin(site), endpoint.clone(), secret.clone())
                .map(|origin| origin.with_timeouts(self.origin_timeouts))
                .map_err(Error::Distribution)
        };
        LiveDistribution::new(
            &self.names.caller_reference(),
            origin(Site::Primary, primary_endpoint)?,
            origin(Site::Backup, backup_endpoint)?,
        )
        .and_then(|distribution| distribution.with_comment(&self.names.distribution_comment()))
        .map(|distribution| distribution.with_split_behaviors(self.cadence))
        .map_err(Error::Distribution)
    }

    /// A JSON plan file's text: pretty, ending in a newline, with `${...}` markers.
    fn plan_json(&self, value: &serde_json::Value) -> String {
        let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
        text.push('\n');
        self.mark_references(&text)
    }

    /// The rendered plan files that do not hold the secret, by path relative to the plan
    /// directory. References are `${...}` markers.
    pub fn files(&self) -> Result<Vec<PlanFile>, Error> {
        let mut files = Vec::new();
        for site_plan in &self.sites {
            let site = site_plan.site;
            let folder = site_folder(site_plan);
            let container_name = self.names.container(site).as_str();
            files.push(PlanFile {
                path: format!("{folder}/put-lifecycle-policy.json"),
                holds_secret: false,
                contents: self.plan_json(&serde_json::json!({
                    "ContainerName": container_name,
                    "LifecyclePolicy": container_document(
                        site,
                        "lifecycle",
                        site_plan.lifecycle.to_policy_string(),
                    )?,
                })),
            });
            let cors = serde_json::to_value(&site_plan.cors).map_err(|error| Error::ContainerDocument {
                site,
                document: "CORS policy",
                source: Box::new(error),
            })?;
            files.push(PlanFile {
                path: format!("{folder}/put-cors-policy.json"),
                holds_secret: false,
                contents: self.plan_json(&serde_json::json!({
                    "ContainerName": container_name,
                    "CorsPolicy": cors,
                })),
            });
            for (pipeline, flow) in Pipeline::BOTH.iter().zip(&site_plan.flows) {
                files.push(PlanFile {
                    path: format!("{folder}/create-flow-{}.json", pipeline.letter()),
                    holds_secret: false,
                    contents: self.plan_json(&serde_json::to_value(flow).unwrap_or_default()),
                });
            }
            let flow_arns = [
                Reference::FlowArn(site, Pipeline::Primary).sentinel(&self.unresolved_endpoints),
                Reference::FlowArn(site, Pipeline::Backup).sentinel(&self.unresolved_endpoints),
            ];
            files.push(PlanFile {
                path: format!("{folder}/create-input.json"),
                holds_secret: false,
                contents: self.plan_json(
                    &serde_json::to_value(self.input_request(site, [&flow_arns[0], &flow_arns[1]]))
                        .unwrap_or_default(),
                ),
            });
            let channel = self.channel(
                site,
                &Reference::InputId(site).sentinel(&self.unresolved_endpoints),
                self.unresolved_endpoint(site),
            )?;
            files.push(PlanFile {
                path: format!("{folder}/create-channel.json"),
                holds_secret: false,
                contents: self.mark_references(
                    &channel
                        .to_json_pretty()
                        .map(|mut text| {
                            text.push('\n');
                            text
                        })
                        .map_err(|error| Error::Channel(Box::new(error)))?,
                ),
            });
        }
        files.push(PlanFile {
            path: STATIC_MASTER_PLAYLIST.to_owned(),
            holds_secret: false,
            contents: self.static_manifest.clone(),
        });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// The paths of the plan files that hold the secret, which only [`Plan::secret_files`]
    /// renders: each Region's container policy and the distribution.
    pub fn secret_file_paths(&self) -> Vec<String> {
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
        let mut files = Vec::new();
        for site_plan in &self.sites {
            let site = site_plan.site;
            let policy = self.container_policy(site, secret).to_policy_string();
            files.push(PlanFile {
                path: format!("{}/{CONTAINER_POLICY_FILE}", site_folder(site_plan)),
                holds_secret: true,
                contents: self.plan_json(&serde_json::json!({
                    "ContainerName": self.names.container(site).as_str(),
                    "Policy": container_document(site, "policy", policy)?,
                })),
            });
        }
        let distribution = self.distribution(
            secret,
            self.unresolved_endpoint(Site::Primary),
            self.unresolved_endpoint(Site::Backup),
        )?;
        let tags: Vec<serde_json::Value> = self
            .names
            .tags()
            .iter()
            .map(|(key, value)| serde_json::json!({"Key": key, "Value": value}))
            .collect();
        files.push(PlanFile {
            path: DISTRIBUTION_FILE.to_owned(),
            holds_secret: true,
            contents: self.plan_json(&serde_json::json!({
                "DistributionConfigWithTags": {
                    "DistributionConfig": distribution.to_config(),
                    "Tags": {"Items": tags},
                }
            })),
        });
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

/// A Region's folder in the plan directory, such as `primary-us-east-1`.
fn site_folder(site_plan: &SitePlan) -> String {
    format!("{}-{}", site_plan.site, site_plan.region)
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
            writeln!(
                f,
                "  MediaStore container  {}",
                self.names.container(site_plan.site)
            )?;
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
        writeln!(
            f,
            "CloudFront distribution {} with an origin group (primary first, backup second)",
            self.names.caller_reference()
        )?;
        writeln!(
            f,
            "Static manifest {} in both containers",
            self.static_manifest_key()
        )?;
        Ok(())
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
        for (number, wave) in dag::waves(self.origin).iter().enumerate() {
            for step in wave {
                let deps = step.dependencies(self.origin);
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
        writeln!(
            f,
            "Values known only after apply are written as ${{site.resource.field}} references; files holding the User-Agent secret are readable by their owner only."
        )?;
        writeln!(
            f,
            "Each create-*.json and put-*.json file is the --cli-input-json of the AWS CLI command of its name: aws mediaconnect create-flow, aws medialive create-input and create-channel, aws mediastore put-container-policy, put-lifecycle-policy and put-cors-policy, aws cloudfront create-distribution-with-tags."
        )?;
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
