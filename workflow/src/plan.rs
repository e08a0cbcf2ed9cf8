//! The plan: every document of the deployment, rendered by the document crates, with no AWS call.
//!
//! A plan is pure and deterministic: the same config and secret give the same documents, byte for
//! byte. Values that exist only once `apply` has run (a container's data endpoint, a flow's ARN, an
//! input's id) are written into the plan directory as `${...}` references, such as
//! `${primary.container.endpoint_host}`, never as invented values; `apply` renders the same
//! documents with the real values through [`Plan::channel`], [`Plan::input_request`] and
//! [`Plan::distribution`].

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use hls_epoch::naming::STATIC_MASTER_PLAYLIST;
use medialive_template::{Channel, LiveHlsChannel, RegionClone};
use mediastore_policy::lifecycle::LifecyclePolicy;
use mediastore_policy::{
    ContainerArn, ContainerName, ContainerPolicy, CorsPolicy, DataEndpoint, RecipePolicy, Region,
    UserAgentSecret,
};
use origin_failover::budget::FailoverBudget;
use origin_failover::manifest::MasterSpec;
use origin_failover::origin_group::OriginGroupPolicy;
use origin_failover::{LiveDistribution, LiveOrigin};

use medialive_template::contribution::{CreateFlow, FlowSource, Protocol};
use medialive_template::input::CreateInput;

use crate::config::{self, Config};
use medialive_template::{Pipeline, PipelineNames};
use origin_failover::Site;

use crate::dag::{self, Step};

/// The tag every tagged resource carries, with the event's name as value.
pub const EVENT_TAG: &str = "resilient-live:event";

/// Why a plan could not be made or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The channel could not be built.
    #[error("channel: {0}")]
    Channel(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The channel was built but breaks an epoch-locking rule.
    #[error("channel breaks epoch-locking rules:\n{report}")]
    ChannelRules {
        /// medialive-template's validation report.
        report: String,
    },
    /// A container document could not be built.
    #[error("{site} container {document}: {message}")]
    ContainerDocument {
        /// The Region.
        site: Site,
        /// `policy` or `lifecycle`.
        document: &'static str,
        /// Why.
        message: String,
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
    #[error("static master manifest: {0}")]
    Manifest(#[source] origin_failover::template::Error),
    /// The distribution could not be built.
    #[error("distribution: {0}")]
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
    #[error("cannot write {path}: {source}")]
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
    /// The container's name.
    pub container: ContainerName,
    /// The container policy (holds the secret).
    pub container_policy: ContainerPolicy,
    /// The lifecycle policy that expires stale rendition manifests.
    pub lifecycle: LifecyclePolicy,
    /// The CORS policy for web players.
    pub cors: CorsPolicy,
    /// The two flows, A then B, in different Availability Zones.
    pub flows: [CreateFlow; 2],
    /// The MediaLive input's name.
    pub input_name: String,
    /// The MediaLive channel's name.
    pub channel_name: String,
}

/// The whole deployment, rendered.
#[derive(Clone)]
pub struct Plan {
    event: String,
    config_hash: String,
    pipelines: PipelineNames,
    role_arn: String,
    tags: BTreeMap<String, String>,
    sites: [SitePlan; 2],
    template: Channel,
    static_manifest: String,
    static_manifest_key: String,
    secret: UserAgentSecret,
    origin_timeouts: origin_failover::OriginTimeouts,
    budget: FailoverBudget,
    cadence: hls_epoch::Cadence,
    unresolved_endpoints: [DataEndpoint; 2],
}

impl fmt::Debug for SitePlan {
    // The container policy holds the secret: `Debug` shows names only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SitePlan")
            .field("site", &self.site)
            .field("region", &self.region)
            .field("container", &self.container)
            .field("flows", &self.flows)
            .field("input_name", &self.input_name)
            .field("channel_name", &self.channel_name)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Plan {
    // Documents holding the secret are left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Plan")
            .field("event", &self.event)
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

impl Plan {
    /// Renders every document for a config and the `User-Agent` secret.
    pub fn new(config: &Config, secret: &UserAgentSecret) -> Result<Plan, Error> {
        let mut tags = config.tags().clone();
        tags.insert(EVENT_TAG.to_owned(), config.event().to_owned());
        let unresolved_endpoints = [
            unresolved_endpoint(Site::Primary)?,
            unresolved_endpoint(Site::Backup)?,
        ];

        // The channel is built once, for the primary Region, and cloned for the backup at apply
        // time; only its hostnames, input and name change (medialive-template's RegionClone).
        let template = LiveHlsChannel::builder()
            .name(channel_name(config, Site::Primary))
            .role_arn(config.medialive_role_arn())
            .input_id(Reference::InputId(Site::Primary).sentinel(&unresolved_endpoints))
            .destination(unresolved_endpoints[0].clone())
            .pipelines(config.pipelines().clone())
            .frame_rate(config.frame_rate())
            .segment_length(config.segment_length())
            .tags(tags.clone())
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
        let pipelines = config.pipelines();

        let site_plan = |site: Site| -> Result<SitePlan, Error> {
            let region = config.region(site).clone();
            let container = config.container(site).clone();
            let arn = ContainerArn::new(region.clone(), config.account().clone(), container.clone());
            let container_policy = RecipePolicy::builder()
                .container(arn)
                .secret(secret.clone())
                .build()
                .to_policy();
            let lifecycle = LifecyclePolicy::stale_manifests(
                config.cadence(),
                config.stale_manifest_factor(),
                pipelines.path(),
                &pipelines.bases(),
            )
            .map_err(|error| Error::ContainerDocument {
                site,
                document: "lifecycle",
                message: error.to_string(),
            })?;
            let zones = config.availability_zones();
            let flow = |pipeline: Pipeline, zone: &str| {
                let name = format!("{}-{site}-{}", config.event(), pipeline.letter());
                CreateFlow {
                    availability_zone: format!("{region}{zone}"),
                    source: FlowSource {
                        name: format!("{name}-source"),
                        description: format!(
                            "Contribution for pipeline {pipeline} of event {} ({site} Region)",
                            config.event()
                        ),
                        protocol: Protocol::ZixiPush,
                        ingest_port: config.ingest_port(),
                        whitelist_cidr: config.allowed_cidr().to_owned(),
                    },
                    name,
                }
            };
            Ok(SitePlan {
                site,
                flows: [
                    flow(Pipeline::Primary, zones[0]),
                    flow(Pipeline::Backup, zones[1]),
                ],
                input_name: format!("{}-{site}-input", config.event()),
                channel_name: channel_name(config, site),
                region,
                container,
                container_policy,
                lifecycle,
                cors: CorsPolicy::web_players(),
            })
        };
        let sites = [site_plan(Site::Primary)?, site_plan(Site::Backup)?];
        // The same file goes into both containers: it lists both pipelines' renditions, whose names
        // are equal in both Regions (origin-failover predicts it from the channel).
        let master = MasterSpec::from_template(&template).map_err(Error::Manifest)?;
        let static_manifest = master.static_manifest();
        let static_manifest_key = master.static_manifest_key();
        // The budget of the origin group as deployed: its failover codes and the primary's timeouts.
        let distribution = live_distribution(
            config.event(),
            secret,
            config.origin_timeouts(),
            config.cadence(),
            &unresolved_endpoints[0],
            &unresolved_endpoints[1],
        )?;
        let budget = FailoverBudget::new(
            &OriginGroupPolicy::of(&distribution),
            config.cadence(),
            config.player(),
        );
        if !budget.is_seamless() && !config.allow_stall() {
            return Err(Error::Stall {
                timeouts: config.origin_timeouts(),
                budget: Box::new(budget),
            });
        }
        let plan = Plan {
            event: config.event().to_owned(),
            config_hash: config.hash(),
            pipelines: pipelines.clone(),
            role_arn: config.medialive_role_arn().to_owned(),
            tags,
            sites,
            template,
            static_manifest,
            static_manifest_key,
            secret: secret.clone(),
            origin_timeouts: config.origin_timeouts(),
            budget,
            cadence: config.cadence(),
            unresolved_endpoints,
        };
        // Render the documents that need apply-time values once with stand-ins (the distribution
        // above, the backup's channel here), so a plan that cannot be applied fails here rather than
        // halfway through an apply.
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
        &self.event
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

    /// The tags every tagged resource gets.
    pub fn tags(&self) -> &BTreeMap<String, String> {
        &self.tags
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

    /// The CloudFront caller reference: deterministic, so a re-run finds the distribution.
    pub fn caller_reference(&self) -> String {
        caller_reference(&self.event)
    }

    /// The `CreateInput` request for a Region, with its two flows' ARNs (A then B).
    pub fn input_request(&self, site: Site, flow_arns: [&str; 2]) -> CreateInput {
        CreateInput::media_connect(
            self.site(site).input_name.clone(),
            self.role_arn.clone(),
            flow_arns,
            self.tags.clone(),
        )
    }

    /// The channel for a Region, attached to `input_id` and writing to the container at
    /// `endpoint`: the plan's one template, cloned.
    pub fn channel(&self, site: Site, input_id: &str, endpoint: &DataEndpoint) -> Result<Channel, Error> {
        RegionClone::builder()
            .name(self.site(site).channel_name.clone())
            .input_id(input_id)
            .destination(endpoint.clone())
            .build()
            .apply(&self.template)
            .map_err(|error| Error::Channel(Box::new(error)))
    }

    /// The distribution for the two containers' data endpoints.
    pub fn distribution(
        &self,
        primary_endpoint: &DataEndpoint,
        backup_endpoint: &DataEndpoint,
    ) -> Result<LiveDistribution, Error> {
        live_distribution(
            &self.event,
            &self.secret,
            self.origin_timeouts,
            self.cadence,
            primary_endpoint,
            backup_endpoint,
        )
    }

    /// The rendered plan files, by path relative to the plan directory, with whether each holds
    /// the secret. References are `${...}` markers.
    pub fn files(&self) -> Result<Vec<PlanFile>, Error> {
        let mut files = Vec::new();
        let json = |value: &serde_json::Value| {
            let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
            text.push('\n');
            self.mark_references(&text)
        };
        for site_plan in &self.sites {
            let site = site_plan.site;
            let folder = format!("{site}-{}", site_plan.region);
            let container_name = site_plan.container.as_str();
            let document = |document: &'static str, result: Result<String, String>| {
                result.map_err(|message| Error::ContainerDocument {
                    site,
                    document,
                    message,
                })
            };
            files.push(PlanFile {
                path: format!("{folder}/put-container-policy.json"),
                holds_secret: true,
                contents: json(&serde_json::json!({
                    "ContainerName": container_name,
                    "Policy": document("policy", site_plan.container_policy.to_policy_string().map_err(|e| e.to_string()))?,
                })),
            });
            files.push(PlanFile {
                path: format!("{folder}/put-lifecycle-policy.json"),
                holds_secret: false,
                contents: json(&serde_json::json!({
                    "ContainerName": container_name,
                    "LifecyclePolicy": document("lifecycle", site_plan.lifecycle.to_policy_string().map_err(|e| e.to_string()))?,
                })),
            });
            let cors: serde_json::Value =
                serde_json::from_str(&site_plan.cors.to_policy_string()).unwrap_or_default();
            files.push(PlanFile {
                path: format!("{folder}/put-cors-policy.json"),
                holds_secret: false,
                contents: json(&serde_json::json!({
                    "ContainerName": container_name,
                    "CorsPolicy": cors,
                })),
            });
            for (pipeline, flow) in Pipeline::BOTH.iter().zip(&site_plan.flows) {
                files.push(PlanFile {
                    path: format!("{folder}/create-flow-{}.json", pipeline.letter()),
                    holds_secret: false,
                    contents: json(&serde_json::to_value(flow).unwrap_or_default()),
                });
            }
            let flow_arns = [
                Reference::FlowArn(site, Pipeline::Primary).sentinel(&self.unresolved_endpoints),
                Reference::FlowArn(site, Pipeline::Backup).sentinel(&self.unresolved_endpoints),
            ];
            files.push(PlanFile {
                path: format!("{folder}/create-input.json"),
                holds_secret: false,
                contents: json(
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
        let distribution = self.distribution(
            self.unresolved_endpoint(Site::Primary),
            self.unresolved_endpoint(Site::Backup),
        )?;
        let tags: Vec<serde_json::Value> = self
            .tags
            .iter()
            .map(|(key, value)| serde_json::json!({"Key": key, "Value": value}))
            .collect();
        files.push(PlanFile {
            path: "create-distribution-with-tags.json".to_owned(),
            holds_secret: true,
            contents: json(&serde_json::json!({
                "DistributionConfigWithTags": {
                    "DistributionConfig": distribution.to_config(),
                    "Tags": {"Items": tags},
                }
            })),
        });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Writes the plan files into `dir` (created if needed); files that hold the secret are
    /// readable by their owner only. Returns the files written.
    pub fn write(&self, dir: &Path) -> Result<Vec<PlanFile>, Error> {
        let files = self.files()?;
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

/// The event's distribution for the two containers' data endpoints.
fn live_distribution(
    event: &str,
    secret: &UserAgentSecret,
    timeouts: origin_failover::OriginTimeouts,
    cadence: hls_epoch::Cadence,
    primary_endpoint: &DataEndpoint,
    backup_endpoint: &DataEndpoint,
) -> Result<LiveDistribution, Error> {
    let origin = |site: Site, endpoint: &DataEndpoint| {
        LiveOrigin::new(&format!("{event}-{site}"), endpoint.clone(), secret.clone())
            .map(|origin| origin.with_timeouts(timeouts))
            .map_err(Error::Distribution)
    };
    LiveDistribution::new(
        &caller_reference(event),
        origin(Site::Primary, primary_endpoint)?,
        origin(Site::Backup, backup_endpoint)?,
    )
    .and_then(|distribution| distribution.with_comment(&format!("Live HLS event {event}")))
    .map(|distribution| distribution.with_split_behaviors(cadence))
    .map_err(Error::Distribution)
}

fn caller_reference(event: &str) -> String {
    format!("{event}-distribution")
}

fn channel_name(config: &Config, site: Site) -> String {
    format!("{}-{site}", config.event())
}

impl fmt::Display for Plan {
    /// The readable summary: Regions, resources, the steps in waves with their dependencies, and
    /// the files. It never contains the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Plan for event {:?} (config sha256 {})",
            self.event, self.config_hash
        );
        let _ = writeln!(out);
        for site_plan in &self.sites {
            let _ = writeln!(
                out,
                "{} Region {}:",
                capitalized(site_plan.site),
                site_plan.region
            );
            let _ = writeln!(out, "  MediaStore container  {}", site_plan.container);
            for flow in &site_plan.flows {
                let _ = writeln!(
                    out,
                    "  MediaConnect flow     {} in {} ({} on port {} from {})",
                    flow.name,
                    flow.availability_zone,
                    flow.source.protocol,
                    flow.source.ingest_port,
                    flow.source.whitelist_cidr
                );
            }
            let _ = writeln!(
                out,
                "  MediaLive input       {} (MEDIACONNECT, both flows)",
                site_plan.input_name
            );
            let _ = writeln!(out, "  MediaLive channel     {}", site_plan.channel_name);
        }
        let _ = writeln!(
            out,
            "CloudFront distribution {} with an origin group (primary first, backup second)",
            self.caller_reference()
        );
        let _ = writeln!(
            out,
            "Static manifest {} in both containers",
            self.static_manifest_key()
        );
        let _ = writeln!(out);
        let _ = match self.stall_warning() {
            None => writeln!(out, "Failover budget: {}", self.budget.verdict()),
            Some(_) => writeln!(
                out,
                "Failover budget: WARNING (allowed by allow_stall): {}: {}",
                self.budget.worst().fault,
                self.budget.verdict()
            ),
        };
        let recommended = self.budget.recommended_timeouts();
        let _ = writeln!(
            out,
            "  origin timeouts {}{}",
            config::cloudfront_keys(self.origin_timeouts),
            if self.origin_timeouts == recommended {
                " (the recommended values)".to_owned()
            } else {
                format!(" (recommended: {})", config::cloudfront_keys(recommended))
            }
        );
        for line in self.budget.to_string().lines() {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Steps (each wave starts when the steps it waits for are done):"
        );
        for (number, wave) in dag::waves().iter().enumerate() {
            for step in wave {
                let deps = step.dependencies();
                let _ = if deps.is_empty() {
                    writeln!(out, "  {}. {step}", number + 1)
                } else {
                    writeln!(
                        out,
                        "  {}. {step}  <- {}",
                        number + 1,
                        deps.iter().copied().map(Step::id).collect::<Vec<_>>().join(", ")
                    )
                };
            }
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Values known only after apply are written as ${{site.resource.field}} references; files holding the User-Agent secret are readable by their owner only."
        );
        let _ = writeln!(
            out,
            "Each create-*.json and put-*.json file is the --cli-input-json of the AWS CLI command of its name: aws mediaconnect create-flow, aws medialive create-input and create-channel, aws mediastore put-container-policy, put-lifecycle-policy and put-cors-policy, aws cloudfront create-distribution-with-tags."
        );
        f.write_str(&out)
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
