//! The recipe's workflow on loopback: two Regions, each with an origin and a channel of two pipelines
//! writing into it, and one edge with the origin group in front, all built from the documents the
//! other crates produce. The origin is the recipe's MediaStore container (container and lifecycle
//! policies) or a MediaPackage v2 channel and endpoint (`mediapackage-origin`'s pair of documents,
//! channel and endpoint policies, and the distribution over both Regions through Origin Access Control).

use std::time::Duration;

use hls_epoch::naming::{PLAYLIST_CONTENT_TYPE, STATIC_MASTER_PLAYLIST};
use hls_epoch::{Cadence, EpochClock};
use medialive_template::{Pipeline, PipelineNames};
use mediapackage_origin::distribution::Egress;
use mediapackage_origin::{
    DistributionArn, Location, ManifestName, OriginNames, PairSpec, RegionDocuments, RegionPair, ResourceName,
};
use mediastore_policy::lifecycle::Factor;
use mediastore_policy::{
    AccountId, ContainerArn, ContainerName, DataEndpoint, LifecyclePolicy, RecipePolicy, Region,
    UserAgentSecret,
};
use origin_failover::access_control::OriginAccessControlId;
use origin_failover::budget::{FailoverBudget, Player as BudgetPlayer};
use origin_failover::document::{DistributionConfig, List};
use origin_failover::manifest::{AudioRendition, MasterSpec, Rendition};
use origin_failover::origin_group::OriginGroupPolicy;
use origin_failover::origin_kind::EgressDomain;
use origin_failover::{FailoverStatusCodes, LiveDistribution, LiveOrigin, OriginTimeouts, Site};

use crate::clock::DrillClock;
use crate::edge::Edge;
use crate::media::SegmentBodies;
use crate::origin::{Origin, OriginHealth, OriginLink};
use crate::packager::{Packager, PackagerConfig};
use crate::pipeline::{Channel, ChannelConfig, Ingest, PipelineState, put_as};
use crate::player::PlayerConfig;

/// Why the deployment could not be built or started.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A document could not be built from the settings.
    #[error("{field} cannot be built from the drill settings")]
    Document {
        /// The setting or document that was refused.
        field: &'static str,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// An origin could not start.
    #[error(transparent)]
    Origin(#[from] crate::origin::Error),
    /// The edge could not start.
    #[error(transparent)]
    Edge(#[from] crate::edge::Error),
    /// A packager could not start.
    #[error(transparent)]
    Packager(#[from] crate::packager::Error),
    /// The static manifest could not be uploaded.
    #[error("uploading index.m3u8 to {container} failed with {status:?} (None: no answer)")]
    Publish {
        /// The container.
        container: String,
        /// The status the origin answered.
        status: Option<u16>,
    },
}

fn document<E: std::error::Error + Send + Sync + 'static>(field: &'static str) -> impl FnOnce(E) -> Error {
    move |source| Error::Document {
        field,
        source: Box::new(source),
    }
}

/// Which CloudFront timeouts the edge uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeTimeouts {
    /// `origin-failover`'s recommendation for the cadence and the player's buffer.
    Recommended,
    /// CloudFront's defaults (10 s x 3 connection attempts, 30 s read timeout).
    CloudFrontDefaults,
}

/// Which Regions' origin endpoints answer 404 on their force-error conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ForceErrorOn {
    /// The primary Region only: the pattern's setting (`mediapackage-origin`'s pair).
    Primary,
    /// Neither Region: nothing makes a stale primary fail over.
    Neither,
    /// Both Regions: the backup fails too when the condition holds there.
    Both,
}

/// The MediaPackage v2 variant's settings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct MediaPackageSettings {
    /// Whether the origin group selects by media quality (MQAR) instead of by default.
    pub media_quality: bool,
    /// Where force-error is configured.
    pub force_error: ForceErrorOn,
    /// Failover status codes written into the distribution document in place of the distribution's
    /// own (`mediapackage-origin` refuses a set without 404, 503 and 504, so this edits the document
    /// as a hand-made distribution would); `None` keeps the distribution's.
    pub failover_status_codes: Option<Vec<u16>>,
}

impl MediaPackageSettings {
    /// The pattern's settings: force-error on the primary, the distribution's failover codes, and
    /// selection by media quality or by default.
    pub fn recommended(media_quality: bool) -> Self {
        Self {
            media_quality,
            force_error: ForceErrorOn::Primary,
            failover_status_codes: None,
        }
    }
}

/// Which origin each Region runs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OriginKind {
    /// The recipe's MediaStore containers.
    MediaStore,
    /// MediaPackage v2 channels and endpoints.
    MediaPackageV2(MediaPackageSettings),
}

impl OriginKind {
    /// A short label for reports (`mediastore`, `mediapackage-v2`, `mediapackage-v2 mqar`).
    pub fn label(&self) -> &'static str {
        match self {
            Self::MediaStore => "mediastore",
            Self::MediaPackageV2(settings) if settings.media_quality => "mediapackage-v2 mqar",
            Self::MediaPackageV2(_) => "mediapackage-v2",
        }
    }
}

/// Everything a drill deployment is built from. `Debug` leaves the secret out, as every secret is.
#[derive(Clone)]
pub struct DrillSettings {
    /// The segment cadence.
    pub cadence: Cadence,
    /// Segments in each rendition playlist.
    pub playlist_segments: usize,
    /// The lifecycle factor of the stale-manifest rule (the recipe's 1.8), or `None` for no lifecycle
    /// policy at all.
    pub lifecycle_factor: Option<Factor>,
    /// The edge's timeouts.
    pub edge_timeouts: EdgeTimeouts,
    /// The player.
    pub player: PlayerConfig,
    /// The secret `User-Agent` shared by the container policies and the distribution's origins.
    pub secret: String,
    /// Whether the ladder carries its audio as an audio-only rendition group (`EXT-X-MEDIA`), which the
    /// redundant master suffixes per pipeline, instead of muxed into each video rendition.
    pub audio_group: bool,
    /// What the segments hold: a line of text (the default, fast) or real media a browser can play.
    pub media: SegmentBodies,
    /// The origins.
    pub origin: OriginKind,
}

impl std::fmt::Debug for DrillSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DrillSettings")
            .field("cadence", &self.cadence)
            .field("playlist_segments", &self.playlist_segments)
            .field("lifecycle_factor", &self.lifecycle_factor)
            .field("edge_timeouts", &self.edge_timeouts)
            .field("player", &self.player)
            .field("secret", &"<redacted>")
            .field("audio_group", &self.audio_group)
            .field("media", &self.media)
            .field("origin", &self.origin)
            .finish()
    }
}

impl DrillSettings {
    /// The recipe's settings for `cadence`: the 1.8 lifecycle factor, ten segments per playlist
    /// (MediaLive's default `NumSegments`),
    /// recommended edge timeouts and an hls.js-like player on `demo/index.m3u8`.
    pub fn new(cadence: Cadence) -> Self {
        Self {
            cadence,
            playlist_segments: 10,
            lifecycle_factor: Some(Factor::RECIPE),
            edge_timeouts: EdgeTimeouts::Recommended,
            player: PlayerConfig {
                master_key: format!("{PATH}/{STATIC_MASTER_PLAYLIST}"),
                ..PlayerConfig::default()
            },
            // A loopback drill's secret protects nothing; it only has to satisfy the policies' strength
            // rules and show that the origin refuses requests without it.
            secret: "drill-Q7mK2vX9pL4tR8wZ3nB6".to_owned(),
            audio_group: false,
            media: SegmentBodies::Text,
            origin: OriginKind::MediaStore,
        }
    }
}

/// The audio rendition group of the ladder, when it has one (before MediaLive's per-pipeline suffix).
pub const AUDIO_GROUP: &str = "aac";

/// The object path both pipelines share.
pub const PATH: &str = "demo";
/// The account that owns both containers.
pub const ACCOUNT: &str = "000011112222";
/// The identity MediaLive writes with.
pub const MEDIALIVE_ROLE: &str = "arn:aws:iam::000011112222:role/MediaLiveAccessRole";
/// The Regions, primary first.
pub const REGIONS: [&str; 2] = ["us-east-1", "us-west-2"];
/// The containers, primary Region first.
pub const CONTAINERS: [&str; 2] = ["demoeast", "demowest"];
/// The MediaPackage v2 channel group, channel and origin endpoint, the same in both Regions.
pub const MEDIAPACKAGE_NAMES: [&str; 3] = ["live", "event", "hls"];
/// The MediaPackage v2 endpoint's multivariant playlist (`index.m3u8`).
pub const MEDIAPACKAGE_MANIFEST: &str = "index";
/// The distribution whose Origin Access Control the MediaPackage v2 endpoints let read.
pub const DISTRIBUTION_ARN: &str = "arn:aws:cloudfront::000011112222:distribution/EDRILL0000000";
/// Each Region's channel group egress domain, primary Region first (the edge reaches them on loopback).
pub const EGRESS_DOMAINS: [&str; 2] = [
    "drill0.egress.drill0.mediapackagev2.us-east-1.amazonaws.com",
    "drill1.egress.drill1.mediapackagev2.us-west-2.amazonaws.com",
];

impl DrillSettings {
    /// The ladder and names the channels write and the static manifest lists.
    pub fn master_spec(&self) -> Result<MasterSpec, Error> {
        let names = PipelineNames::new(PATH, "primary", "backup").map_err(document("master.names"))?;
        let rate = self.cadence.rate();
        let ladder = [
            ("_720p30", 3_128_000, "avc1.4d401f", (1280, 720)),
            ("_360p30", 878_000, "avc1.4d401e", (640, 360)),
        ];
        let renditions = ladder
            .iter()
            .map(|&(modifier, bandwidth, video, (width, height))| {
                let rendition = if self.audio_group {
                    Rendition::new(modifier, bandwidth, video).with_audio_group(AUDIO_GROUP)
                } else {
                    Rendition::new(modifier, bandwidth, &format!("{video},mp4a.40.2"))
                };
                rendition.with_resolution(width, height).with_frame_rate(rate)
            })
            .collect();
        let spec = MasterSpec::new(names, renditions).map_err(document("master.renditions"))?;
        if !self.audio_group {
            return Ok(spec);
        }
        let audio = AudioRendition::new("_aac", AUDIO_GROUP, "English")
            .with_language("en")
            .with_default(true);
        spec.with_audio(vec![audio]).map_err(document("master.audio"))
    }

    /// The player's buffer as `origin-failover`'s budget sees it: the segments it holds at the live sync
    /// point.
    pub fn budget_player(&self) -> BudgetPlayer {
        BudgetPlayer::segments(self.player.live_sync_segments, self.cadence)
    }

    /// The failover budget of `timeouts` for this cadence and player.
    pub fn budget(&self, timeouts: OriginTimeouts) -> FailoverBudget {
        self.budget_for(timeouts, self.budget_player())
    }

    /// The failover budget of `timeouts` for this cadence and `player`, with the distribution's
    /// failover status codes (CloudFront's defaults as [`LiveDistribution::new`] sets them).
    pub fn budget_for(&self, timeouts: OriginTimeouts, player: BudgetPlayer) -> FailoverBudget {
        let policy = OriginGroupPolicy::new(FailoverStatusCodes::default(), timeouts, timeouts);
        FailoverBudget::new(&policy, self.cadence, player)
    }

    /// The timeouts the edge uses.
    pub fn timeouts(&self) -> OriginTimeouts {
        match self.edge_timeouts {
            EdgeTimeouts::CloudFrontDefaults => OriginTimeouts::CLOUDFRONT_DEFAULTS,
            EdgeTimeouts::Recommended => self
                .budget(OriginTimeouts::CLOUDFRONT_DEFAULTS)
                .recommended_timeouts(),
        }
    }

    /// The distribution: one origin per Region's container, in an origin group, with the secret header.
    pub fn distribution(&self) -> Result<LiveDistribution, Error> {
        let secret = self.user_agent_secret()?;
        let timeouts = self.timeouts();
        let origin = |i: usize| {
            let region = Region::new(REGIONS[i]).map_err(document("region"))?;
            let endpoint =
                DataEndpoint::new(&format!("drill{i}"), region).map_err(document("distribution.origins"))?;
            LiveOrigin::new(
                &format!("{}-{}", CONTAINERS[i], REGIONS[i]),
                endpoint,
                secret.clone(),
            )
            .map(|o| o.with_timeouts(timeouts))
            .map_err(document("distribution.origins"))
        };
        LiveDistribution::new("failover-drill", origin(0)?, origin(1)?)
            .map(|d| d.with_split_behaviors(self.cadence))
            .map_err(document("distribution"))
    }

    /// The secret, checked once for both its uses: the container policies and the origins' header.
    fn user_agent_secret(&self) -> Result<UserAgentSecret, Error> {
        UserAgentSecret::new(self.secret.clone()).map_err(document("secret"))
    }

    fn container(&self, i: usize) -> Result<ContainerArn, Error> {
        let region = Region::new(REGIONS[i]).map_err(document("region"))?;
        let account = AccountId::new(ACCOUNT).map_err(document("account"))?;
        let name = ContainerName::new(CONTAINERS[i]).map_err(document("container"))?;
        Ok(ContainerArn::new(region, account, name))
    }

    /// Both Regions' MediaPackage v2 documents, from `mediapackage-origin`'s pair with the segment
    /// length of the cadence (force-error on the primary only).
    pub fn media_package_pair(&self) -> Result<RegionPair, Error> {
        let name = |n: &str| ResourceName::new(n).map_err(document("mediapackage.names"));
        let names = OriginNames {
            group: name(MEDIAPACKAGE_NAMES[0])?,
            channel: name(MEDIAPACKAGE_NAMES[1])?,
            endpoint: name(MEDIAPACKAGE_NAMES[2])?,
        };
        let manifest = ManifestName::new(MEDIAPACKAGE_MANIFEST).map_err(document("mediapackage.manifest"))?;
        let seconds = u32::try_from(self.cadence.duration().ceil()).unwrap_or(u32::MAX);
        let spec = PairSpec::new(names, manifest, seconds, seconds);
        RegionPair::build(&spec).map_err(document("mediapackage.pair"))
    }

    /// Each Region's documents as deployed, primary first: the pair's, with force-error where
    /// `force_error` says (the pair has it on the primary only).
    pub fn media_package_documents(pair: &RegionPair, force_error: ForceErrorOn) -> [RegionDocuments; 2] {
        let [mut primary, mut backup] = Site::BOTH.map(|site| pair.region(site).clone());
        match force_error {
            ForceErrorOn::Primary => {}
            ForceErrorOn::Neither => primary.endpoint.force_endpoint_error_configuration = None,
            ForceErrorOn::Both => {
                backup.endpoint.force_endpoint_error_configuration =
                    primary.endpoint.force_endpoint_error_configuration.clone();
            }
        }
        [primary, backup]
    }

    /// A Region's location (for its ARNs).
    fn location(i: usize) -> Result<Location, Error> {
        let region = Region::new(REGIONS[i]).map_err(document("region"))?;
        let account = AccountId::new(ACCOUNT).map_err(document("account"))?;
        Ok(Location::new(region, account))
    }

    /// The MediaPackage v2 distribution's document and ARN: `mediapackage-origin`'s distribution over
    /// both egress domains with this cadence's recommended timeouts, each endpoint policy checked
    /// against it, and the failover codes of `settings` written into the document.
    pub fn media_package_distribution(
        &self,
        pair: &RegionPair,
        settings: &MediaPackageSettings,
    ) -> Result<(DistributionConfig, DistributionArn), Error> {
        let egress = Egress {
            primary: EgressDomain::new(EGRESS_DOMAINS[0]).map_err(document("egress"))?,
            backup: EgressDomain::new(EGRESS_DOMAINS[1]).map_err(document("egress"))?,
        };
        let access = OriginAccessControlId::new("EDRILLOAC00000").map_err(document("access_control"))?;
        let arn = DistributionArn::new(DISTRIBUTION_ARN).map_err(document("distribution.arn"))?;
        let distribution = pair
            .distribution("failover-drill", &egress, &access, settings.media_quality)
            .map_err(document("distribution"))?
            .with_origin_timeouts(self.timeouts());
        for (i, site) in Site::BOTH.into_iter().enumerate() {
            let location = Self::location(i)?;
            let policy = pair
                .region(site)
                .endpoint_policy(&location, &arn, settings.media_quality);
            pair.check_endpoint_policy(site, &policy, &location, &arn, &distribution)
                .map_err(document("endpoint_policy"))?;
        }
        let mut config = distribution.to_config();
        if let Some(codes) = &settings.failover_status_codes
            && let Some(group) = config
                .origin_groups
                .as_mut()
                .and_then(|groups| groups.items.as_mut())
                .and_then(|items| items.first_mut())
        {
            group.failover_criteria.status_codes = List::of(codes.clone());
        }
        Ok((config, arn))
    }

    fn lifecycle(&self) -> Result<Option<LifecyclePolicy>, Error> {
        let Some(factor) = self.lifecycle_factor else {
            return Ok(None);
        };
        LifecyclePolicy::stale_manifests(self.cadence, factor, PATH, &["primary", "backup"])
            .map(Some)
            .map_err(document("lifecycle"))
    }
}

/// Both Regions' origins, primary first.
#[derive(Debug)]
enum Origins {
    MediaStore([Origin; 2]),
    MediaPackage([Packager; 2]),
}

impl Origins {
    fn links(&self) -> [OriginLink; 2] {
        match self {
            Self::MediaStore(origins) => [origins[0].link(), origins[1].link()],
            Self::MediaPackage(packagers) => [packagers[0].link(), packagers[1].link()],
        }
    }
}

/// The running workflow: origins, channels and edge (the player is started by the scenario).
#[derive(Debug)]
pub struct LocalDeployment {
    settings: DrillSettings,
    clock: DrillClock,
    origins: Origins,
    channels: [Channel; 2],
    edge: Edge,
    spec: MasterSpec,
}

impl LocalDeployment {
    /// Starts both origins (MediaStore containers with their policies and the static `index.m3u8`
    /// already uploaded, or MediaPackage v2 channels and endpoints), both channels and the edge. For
    /// MediaPackage v2 the player's master becomes the endpoint's multivariant playlist.
    pub async fn start(mut settings: DrillSettings, clock: DrillClock) -> Result<Self, Error> {
        let spec = settings.master_spec()?;
        let epoch = EpochClock::unix(settings.cadence);
        let mut config = ChannelConfig {
            spec: spec.clone(),
            epoch,
            playlist_segments: settings.playlist_segments,
            principal: MEDIALIVE_ROLE.to_owned(),
            playlist_cache_control: None,
            segment_cache_control: None,
            bodies: settings.media.clone(),
            ingest: Ingest::MediaStore,
        };
        let (origins, edge) = match settings.origin.clone() {
            OriginKind::MediaStore => {
                let secret = settings.user_agent_secret()?;
                let lifecycle = settings.lifecycle()?;
                let origin = async |i: usize| -> Result<Origin, Error> {
                    let container = settings.container(i)?;
                    let policy = RecipePolicy::builder()
                        .container(container.clone())
                        .secret(secret.clone())
                        .build()
                        .to_policy();
                    Ok(Origin::start(container, policy, lifecycle.clone(), clock.clone()).await?)
                };
                let origins = [origin(0).await?, origin(1).await?];
                let distribution = settings.distribution()?;
                let edge =
                    Edge::start(&distribution, origins[0].link(), origins[1].link(), clock.clone()).await?;
                (Origins::MediaStore(origins), edge)
            }
            OriginKind::MediaPackageV2(mediapackage) => {
                let pair = settings.media_package_pair()?;
                let (distribution, arn) = settings.media_package_distribution(&pair, &mediapackage)?;
                let documents = DrillSettings::media_package_documents(&pair, mediapackage.force_error);
                let start = async |i: usize, documents: RegionDocuments| -> Result<Packager, Error> {
                    let location = DrillSettings::location(i)?;
                    let channel_policy = documents.channel_policy(&location, MEDIALIVE_ROLE);
                    let endpoint_policy =
                        documents.endpoint_policy(&location, &arn, mediapackage.media_quality);
                    let packager = PackagerConfig {
                        location,
                        documents,
                        channel_policy,
                        endpoint_policy,
                        playback: pair.playback_path().clone(),
                        spec: spec.clone(),
                        epoch,
                        container: settings.media.container(),
                    };
                    Ok(Packager::start(packager, clock.clone()).await?)
                };
                let [primary, backup] = documents;
                let packagers = [start(0, primary).await?, start(1, backup).await?];
                let edge = Edge::start_with_access_control(
                    &distribution,
                    &arn,
                    packagers[0].link(),
                    packagers[1].link(),
                    clock.clone(),
                )
                .await?;
                let names = pair.region(Site::Primary).names();
                config.ingest = Ingest::MediaPackage {
                    group: names.group,
                    channel: names.channel,
                };
                settings.player.master_key = pair
                    .playback_path()
                    .to_string()
                    .trim_start_matches('/')
                    .to_owned();
                (Origins::MediaPackage(packagers), edge)
            }
        };
        let [primary, backup] = origins.links();
        let channels = [
            Channel::start(REGIONS[0], config.clone(), primary, clock.clone()),
            Channel::start(REGIONS[1], config, backup, clock.clone()),
        ];
        let deployment = Self {
            settings,
            clock,
            origins,
            channels,
            edge,
            spec,
        };
        deployment.publish_static_manifest().await?;
        Ok(deployment)
    }

    /// Uploads the static `index.m3u8` (`origin-failover`'s prediction) to both containers, as the
    /// recipe's operator does by hand (MediaPackage v2 makes its own).
    async fn publish_static_manifest(&self) -> Result<(), Error> {
        let Origins::MediaStore(origins) = &self.origins else {
            return Ok(());
        };
        let key = self.spec.static_manifest_key();
        let body = bytes::Bytes::from(self.spec.static_manifest());
        for origin in origins {
            let status = put_as(
                &origin.link(),
                &self.clock,
                MEDIALIVE_ROLE,
                &key,
                PLAYLIST_CONTENT_TYPE,
                body.clone(),
            )
            .await;
            if status != Some(200) {
                return Err(Error::Publish {
                    container: origin.container().to_string(),
                    status,
                });
            }
        }
        Ok(())
    }

    /// The settings.
    pub fn settings(&self) -> &DrillSettings {
        &self.settings
    }

    /// The clock.
    pub fn clock(&self) -> &DrillClock {
        &self.clock
    }

    /// The epoch-locked segment clock.
    pub fn epoch(&self) -> EpochClock {
        EpochClock::unix(self.settings.cadence)
    }

    /// A Region's MediaStore origin, when the deployment runs MediaStore.
    pub fn origin(&self, site: Site) -> Option<&Origin> {
        match &self.origins {
            Origins::MediaStore(origins) => Some(&origins[site.index()]),
            Origins::MediaPackage(_) => None,
        }
    }

    /// A Region's MediaPackage v2 origin, when the deployment runs MediaPackage v2.
    pub fn packager(&self, site: Site) -> Option<&Packager> {
        match &self.origins {
            Origins::MediaPackage(packagers) => Some(&packagers[site.index()]),
            Origins::MediaStore(_) => None,
        }
    }

    /// A Region's channel.
    pub fn channel(&self, site: Site) -> &Channel {
        &self.channels[site.index()]
    }

    /// The edge.
    pub fn edge(&self) -> &Edge {
        &self.edge
    }

    /// The base name of the segments a viewer gets while nothing has failed over: the primary
    /// pipeline's (MediaStore), or the endpoint manifest's (MediaPackage v2 names its segments after
    /// it, whichever input it takes them from).
    pub fn first_copy(&self) -> &str {
        match self.origins {
            Origins::MediaStore(_) => self.spec.names().base(Pipeline::Primary),
            Origins::MediaPackage(_) => MEDIAPACKAGE_MANIFEST,
        }
    }

    /// The ladder.
    pub fn spec(&self) -> &MasterSpec {
        &self.spec
    }

    /// Sets a pipeline's state.
    pub fn set_pipeline(&self, site: Site, pipeline: Pipeline, state: PipelineState) {
        self.channels[site.index()].set(pipeline, state);
    }

    /// Sets an origin's health.
    pub fn set_origin(&self, site: Site, health: OriginHealth) {
        match &self.origins {
            Origins::MediaStore(origins) => origins[site.index()].set_health(health),
            Origins::MediaPackage(packagers) => packagers[site.index()].set_health(health),
        }
    }

    /// How long the drill waits, from now, before a player joins: long enough for every playlist to
    /// hold `live_sync_segments` segments, and then to the middle of a segment, so that the player's
    /// first playlist never races the pipelines' writes at a boundary (a race that would start it a
    /// whole segment further behind the live edge one run in two). Faults, timed from the join, then
    /// fall mid-segment too.
    pub fn warm_up(&self) -> Duration {
        let segment = self.settings.cadence.duration().to_duration();
        let segments = self.settings.player.live_sync_segments.saturating_add(1);
        let filled = segment.saturating_mul(segments);
        let now = self.clock.now();
        let epoch = self.epoch();
        let half = i128::try_from((segment / 2).as_nanos()).unwrap_or(0);
        let middle = now
            .checked_add_nanos(i128::try_from(filled.as_nanos()).unwrap_or(0))
            .ok()
            .and_then(|ready| epoch.index_at(ready).ok())
            .and_then(|index| epoch.start_of(index + 1).ok())
            .and_then(|next| next.checked_add_nanos(half).ok());
        middle.map_or(filled, |middle| crate::clock::between(now, middle))
    }

    /// Stops everything and closes every socket.
    pub async fn shutdown(self) {
        let [a, b] = self.channels;
        a.shutdown().await;
        b.shutdown().await;
        self.edge.shutdown().await;
        match self.origins {
            Origins::MediaStore([a, b]) => {
                a.shutdown().await;
                b.shutdown().await;
            }
            Origins::MediaPackage([a, b]) => {
                a.shutdown().await;
                b.shutdown().await;
            }
        }
    }
}
