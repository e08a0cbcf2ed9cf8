//! The MediaStore origin's part of the plan: the containers' documents, the channel that writes
//! to a container, and the static master playlist.

use std::fmt;

use medialive_template::{Channel, LiveHlsChannel, RegionClone};
use mediastore_policy::lifecycle::LifecyclePolicy;
use mediastore_policy::{
    AccountId, ContainerArn, ContainerPolicy, CorsPolicy, DataEndpoint, RecipePolicy, Region, UserAgentSecret,
};
use origin_failover::Site;
use origin_failover::manifest::MasterSpec;

use crate::config::{Config, MediaStoreConfig};
use crate::names::Names;

use super::{Error, Plan, PlanFile, Reference, checked, container_document, site_index, unresolved_endpoint};

/// The MediaStore origin's documents: the channel that writes to a container, the containers'
/// policies and the static master playlist.
#[derive(Clone)]
pub struct MediaStorePlan {
    settings: MediaStoreConfig,
    regions: [Region; 2],
    account: AccountId,
    channel_names: [String; 2],
    template: Channel,
    lifecycle: [LifecyclePolicy; 2],
    cors: CorsPolicy,
    static_manifest: String,
    static_manifest_key: String,
    pub(super) unresolved_endpoints: [DataEndpoint; 2],
}

impl fmt::Debug for MediaStorePlan {
    // The documents are long: `Debug` shows what identifies the origin.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MediaStorePlan")
            .field("settings", &self.settings)
            .field("static_manifest_key", &self.static_manifest_key)
            .finish_non_exhaustive()
    }
}

impl MediaStorePlan {
    /// The containers' documents and the channel template, checked against the channel rules:
    /// built once, and cloned for the backup at apply time (only its hostnames, input and name
    /// change: medialive-template's RegionClone).
    pub(super) fn new(
        config: &Config,
        settings: &MediaStoreConfig,
        names: &Names,
    ) -> Result<MediaStorePlan, Error> {
        let unresolved_endpoints = [
            unresolved_endpoint(Site::Primary)?,
            unresolved_endpoint(Site::Backup)?,
        ];
        let template = LiveHlsChannel::builder()
            .name(names.channel(Site::Primary))
            .role_arn(config.medialive_role_arn())
            .input_id(Reference::InputId(Site::Primary).sentinel())
            .destination(unresolved_endpoints[0].clone())
            .pipelines(settings.pipelines().clone())
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
        let template = checked(config, template.channel())?;
        let lifecycle = |site: Site| {
            LifecyclePolicy::stale_manifests(
                config.cadence(),
                settings.stale_manifest_factor(),
                settings.path(),
                &settings.pipelines().bases(),
            )
            .map_err(|error| Error::ContainerDocument {
                site,
                document: "lifecycle",
                source: Box::new(error),
            })
        };
        // The same file goes into both containers: it lists both pipelines' renditions, whose names
        // are equal in both Regions (origin-failover predicts it from the channel).
        let master = MasterSpec::from_template(&template).map_err(Error::Manifest)?;
        let plan = MediaStorePlan {
            settings: settings.clone(),
            regions: Site::BOTH.map(|site| config.region(site).clone()),
            account: config.account().clone(),
            channel_names: Site::BOTH.map(|site| names.channel(site)),
            lifecycle: [lifecycle(Site::Primary)?, lifecycle(Site::Backup)?],
            cors: CorsPolicy::web_players(),
            static_manifest: master.static_manifest(),
            static_manifest_key: master.static_manifest_key(),
            template,
            unresolved_endpoints,
        };
        // Render the backup Region's channel once with stand-ins, so a plan that cannot be applied
        // fails here rather than halfway through an apply.
        plan.channel(
            Site::Backup,
            &Reference::InputId(Site::Backup).sentinel(),
            &plan.unresolved_endpoints[1],
        )?;
        Ok(plan)
    }

    /// The origin's settings from the config: the containers, where each pipeline writes, the
    /// secret's variable.
    pub fn settings(&self) -> &MediaStoreConfig {
        &self.settings
    }

    /// A Region's lifecycle policy, which expires stale rendition manifests.
    pub fn lifecycle(&self, site: Site) -> &LifecyclePolicy {
        &self.lifecycle[site_index(site)]
    }

    /// The CORS policy for web players, the same in both containers.
    pub fn cors(&self) -> &CorsPolicy {
        &self.cors
    }

    /// The key of the static master manifest in each container, such as `live/index.m3u8`.
    pub fn static_manifest_key(&self) -> &str {
        &self.static_manifest_key
    }

    /// The static master manifest (`index.m3u8`), the same in both containers.
    pub fn static_manifest(&self) -> &str {
        &self.static_manifest
    }

    /// The channel for a Region, attached to `input_id` and writing to the container at
    /// `endpoint`: the plan's one template, cloned.
    pub fn channel(&self, site: Site, input_id: &str, endpoint: &DataEndpoint) -> Result<Channel, Error> {
        RegionClone::builder()
            .name(self.channel_names[site_index(site)].clone())
            .input_id(input_id)
            .destination(endpoint.clone())
            .build()
            .apply(&self.template)
            .map_err(|error| Error::Channel(Box::new(error)))
    }

    /// A Region's container policy: reads over TLS only, with the secret `User-Agent`.
    pub fn container_policy(&self, site: Site, secret: &UserAgentSecret) -> ContainerPolicy {
        let arn = ContainerArn::new(
            self.regions[site_index(site)].clone(),
            self.account.clone(),
            self.settings.container(site).clone(),
        );
        RecipePolicy::builder()
            .container(arn)
            .secret(secret.clone())
            .build()
            .to_policy()
    }
}

impl MediaStorePlan {
    /// A Region's container documents that hold no secret: the lifecycle and CORS policies.
    pub(super) fn files(&self, site: Site, folder: &str) -> Result<Vec<PlanFile>, Error> {
        let container_name = self.settings.container(site).as_str();
        let cors = Plan::value("put-cors-policy.json", &self.cors)?;
        Ok(vec![
            Plan::json_file(
                format!("{folder}/put-lifecycle-policy.json"),
                false,
                &serde_json::json!({
                    "ContainerName": container_name,
                    "LifecyclePolicy": container_document(
                        site,
                        "lifecycle",
                        self.lifecycle(site).to_policy_string(),
                    )?,
                }),
            )?,
            Plan::json_file(
                format!("{folder}/put-cors-policy.json"),
                false,
                &serde_json::json!({
                    "ContainerName": container_name,
                    "CorsPolicy": cors,
                }),
            )?,
        ])
    }
}
