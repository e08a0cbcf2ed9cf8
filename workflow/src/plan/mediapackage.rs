//! The MediaPackage v2 origin's part of the plan: both Regions' channel group, channel and
//! endpoint, their policies, the channel that feeds them and the origin access control.

use std::fmt;

use medialive_template::{Channel, LiveMediaPackageChannel};
use mediapackage_origin::document::Tags;
use mediapackage_origin::{
    ChannelPolicy, DistributionArn, Egress, EndpointPolicy, Location, OriginNames, RegionDocuments,
    RegionPair,
};
use origin_failover::Site;
use origin_failover::access_control::{OriginAccessControlConfig, OriginAccessControlId};
use origin_failover::mediapackage::MediaPackageDistribution;
use origin_failover::origin_kind::EgressDomain;

use crate::config::{Config, MediaPackageConfig};
use crate::names::Names;

use super::{Error, Plan, PlanFile, Reference, checked, site_index};

/// The MediaPackage v2 origin's documents: both Regions' channel group, channel and endpoint, the
/// channel that feeds them, their policies and the origin access control.
#[derive(Clone)]
pub struct MediaPackagePlan {
    pair: RegionPair,
    tags: std::collections::BTreeMap<String, String>,
    locations: [Location; 2],
    role_arn: String,
    channels: [LiveMediaPackageChannel; 2],
    access_control: OriginAccessControlConfig,
    media_quality: bool,
    unresolved_egress: [EgressDomain; 2],
    pub(super) unresolved_access_control: OriginAccessControlId,
    unresolved_distribution: DistributionArn,
}

impl fmt::Debug for MediaPackagePlan {
    // The documents are long: `Debug` shows what identifies the origin.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MediaPackagePlan")
            .field("playback_path", &self.pair.playback_path().to_string())
            .field("media_quality", &self.media_quality)
            .finish_non_exhaustive()
    }
}

impl MediaPackagePlan {
    /// A Region's MediaPackage documents, each the `--cli-input-json` of its `aws mediapackagev2`
    /// command, in the Region's `mediapackage/` folder.
    pub(super) fn files(&self, site: Site, folder: &str) -> Result<Vec<PlanFile>, Error> {
        let documents = self.documents(site);
        let names = self.names();
        let policy = |text: Result<String, mediapackage_origin::policy::Error>, path: &str| {
            text.map_err(|source| Error::PackagePolicy {
                path: path.to_owned(),
                source,
            })
        };
        let folder = format!("{folder}/mediapackage");
        let channel_policy_path = format!("{folder}/put-channel-policy.json");
        let endpoint_policy_path = format!("{folder}/put-origin-endpoint-policy.json");
        Ok(vec![
            Plan::json_file(
                format!("{folder}/create-channel-group.json"),
                false,
                &Plan::value(&folder, &documents.channel_group)?,
            )?,
            Plan::json_file(
                format!("{folder}/create-channel.json"),
                false,
                &Plan::value(&folder, &documents.channel)?,
            )?,
            Plan::json_file(
                format!("{folder}/create-origin-endpoint.json"),
                false,
                &Plan::value(&folder, &documents.endpoint)?,
            )?,
            Plan::json_file(
                channel_policy_path.clone(),
                false,
                &serde_json::json!({
                    "ChannelGroupName": names.group.as_str(),
                    "ChannelName": names.channel.as_str(),
                    "Policy": policy(self.channel_policy(site).to_policy_string(), &channel_policy_path)?,
                }),
            )?,
            Plan::json_file(
                endpoint_policy_path.clone(),
                false,
                &serde_json::json!({
                    "ChannelGroupName": names.group.as_str(),
                    "ChannelName": names.channel.as_str(),
                    "OriginEndpointName": names.endpoint.as_str(),
                    "Policy": policy(
                        self.endpoint_policy(site, &self.unresolved_distribution).to_policy_string(),
                        &endpoint_policy_path,
                    )?,
                }),
            )?,
        ])
    }
}

impl MediaPackagePlan {
    /// Both Regions' documents from the config's one description, the channel that feeds each
    /// Region (checked against the channel rules and against the Region's documents), and the
    /// origin access control.
    pub(super) fn new(
        config: &Config,
        settings: &MediaPackageConfig,
        names: &Names,
    ) -> Result<MediaPackagePlan, Error> {
        let pair =
            RegionPair::build(&settings.pair_spec(config.segment_length())).map_err(Error::MediaPackage)?;
        let locations =
            Site::BOTH.map(|site| Location::new(config.region(site).clone(), config.account().clone()));
        let channel = |site: Site| {
            let channel = LiveMediaPackageChannel::builder()
                .name(names.channel(site))
                .role_arn(config.medialive_role_arn())
                .input_id(Reference::InputId(site).sentinel())
                .destinations(settings.names().medialive_destinations(config.region(site)))
                .frame_rate(config.frame_rate())
                .segment_length(config.segment_length())
                .tags(names.tags().clone())
                .build();
            match config.ladder() {
                Some(ladder) => LiveMediaPackageChannel {
                    ladder: Some(ladder.to_vec()),
                    ..channel
                },
                None => channel,
            }
        };
        let access_control = OriginAccessControlConfig::media_package_v2(&names.origin_access_control())
            .map_err(Error::Distribution)?;
        let unresolved_egress = [
            EgressDomain::new(&Reference::EgressDomain(Site::Primary).sentinel())
                .map_err(Error::Distribution)?,
            EgressDomain::new(&Reference::EgressDomain(Site::Backup).sentinel())
                .map_err(Error::Distribution)?,
        ];
        let plan = MediaPackagePlan {
            pair,
            tags: names.tags().clone(),
            locations,
            role_arn: config.medialive_role_arn().to_owned(),
            channels: [channel(Site::Primary), channel(Site::Backup)],
            access_control,
            media_quality: settings.media_quality(),
            unresolved_egress,
            unresolved_access_control: OriginAccessControlId::new(&Reference::AccessControlId.sentinel())
                .map_err(Error::Distribution)?,
            unresolved_distribution: DistributionArn::new(&Reference::DistributionArn.sentinel())
                .map_err(Error::MediaPackage)?,
        };
        for site in Site::BOTH {
            let channel = checked(config, plan.channel(site, &Reference::InputId(site).sentinel()))?;
            let problems = mediapackage_origin::medialive::check_feed(
                plan.pair.region(site),
                config.region(site),
                &channel,
            );
            if let Some(problem) = problems.into_iter().next() {
                return Err(Error::MediaPackage(problem));
            }
        }
        Ok(plan)
    }

    /// Both Regions' MediaPackage documents, as checked for symmetry (without tags).
    pub fn pair(&self) -> &RegionPair {
        &self.pair
    }

    /// A Region's documents as they are created: the pair's, with the event's tags.
    pub fn documents(&self, site: Site) -> RegionDocuments {
        let mut documents = self.pair.region(site).clone();
        let tags = || Some(Tags::Map(self.tags.clone()));
        documents.channel_group.tags = tags();
        documents.channel.tags = tags();
        documents.endpoint.tags = tags();
        documents
    }

    /// The channel group, channel and endpoint names, the same in both Regions.
    pub fn names(&self) -> &OriginNames {
        &self.pair.playback_path().names
    }

    /// Where a Region's resources live: its Region and the account.
    pub fn location(&self, site: Site) -> &Location {
        &self.locations[site_index(site)]
    }

    /// Whether CloudFront selects between the Regions by media quality.
    pub fn media_quality(&self) -> bool {
        self.media_quality
    }

    /// The origin access control the distribution signs its requests with.
    pub fn access_control(&self) -> &OriginAccessControlConfig {
        &self.access_control
    }

    /// The channel for a Region, attached to `input_id`, writing to the Region's MediaPackage
    /// channel through both ingest endpoints.
    pub fn channel(&self, site: Site, input_id: &str) -> Result<Channel, Error> {
        LiveMediaPackageChannel {
            input_id: input_id.to_owned(),
            ..self.channels[site_index(site)].clone()
        }
        .channel()
        .map_err(|error| Error::Channel(Box::new(error)))
    }

    /// A Region's channel policy: the MediaLive role may write to the channel.
    pub fn channel_policy(&self, site: Site) -> ChannelPolicy {
        self.pair
            .region(site)
            .channel_policy(self.location(site), &self.role_arn)
    }

    /// A Region's endpoint policy: the distribution `distribution` (and only it) may read, `HEAD`
    /// included when it selects by media quality.
    pub fn endpoint_policy(&self, site: Site, distribution: &DistributionArn) -> EndpointPolicy {
        self.pair
            .region(site)
            .endpoint_policy(self.location(site), distribution, self.media_quality)
    }

    /// The distribution over both Regions' egress domains, signing with `access_control`.
    pub(super) fn distribution(
        &self,
        names: &Names,
        timeouts: origin_failover::OriginTimeouts,
        egress: &Egress,
        access_control: &OriginAccessControlId,
    ) -> Result<MediaPackageDistribution, Error> {
        self.pair
            .distribution(
                &names.caller_reference(),
                egress,
                access_control,
                self.media_quality,
            )
            .map_err(Error::PackageDistribution)?
            .with_origin_timeouts(timeouts)
            .with_comment(&names.distribution_comment())
            .map_err(Error::Distribution)
    }

    pub(super) fn unresolved_egress(&self) -> Egress {
        Egress {
            primary: self.unresolved_egress[0].clone(),
            backup: self.unresolved_egress[1].clone(),
        }
    }
}
