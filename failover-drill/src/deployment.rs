//! The recipe's workflow on loopback: two Regions, each with an origin enforcing its container and
//! lifecycle policies and a channel of two pipelines writing into it, and one edge with the origin
//! group in front, all built from the documents the other crates produce.

use std::time::Duration;

use hls_epoch::naming::{PLAYLIST_CONTENT_TYPE, STATIC_MASTER_PLAYLIST};
use hls_epoch::{Cadence, EpochClock};
use medialive_template::{Pipeline, PipelineNames};
use mediastore_policy::lifecycle::Factor;
use mediastore_policy::{
    AccountId, ContainerArn, ContainerName, DataEndpoint, LifecyclePolicy, RecipePolicy, Region,
    UserAgentSecret,
};
use origin_failover::budget::{FailoverBudget, Player as BudgetPlayer};
use origin_failover::manifest::{AudioRendition, MasterSpec, Rendition};
use origin_failover::origin_group::OriginGroupPolicy;
use origin_failover::{FailoverStatusCodes, LiveDistribution, LiveOrigin, OriginTimeouts, Site};

use crate::clock::DrillClock;
use crate::edge::Edge;
use crate::media::SegmentBodies;
use crate::origin::{Origin, OriginHealth};
use crate::pipeline::{Channel, ChannelConfig, PipelineState, put_as};
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

    fn lifecycle(&self) -> Result<Option<LifecyclePolicy>, Error> {
        let Some(factor) = self.lifecycle_factor else {
            return Ok(None);
        };
        LifecyclePolicy::stale_manifests(self.cadence, factor, PATH, &["primary", "backup"])
            .map(Some)
            .map_err(document("lifecycle"))
    }
}

/// The running workflow: origins, channels and edge (the player is started by the scenario).
#[derive(Debug)]
pub struct LocalDeployment {
    settings: DrillSettings,
    clock: DrillClock,
    origins: [Origin; 2],
    channels: [Channel; 2],
    edge: Edge,
    spec: MasterSpec,
}

impl LocalDeployment {
    /// Starts both origins (with their policies, the static `index.m3u8` already uploaded), both
    /// channels and the edge.
    pub async fn start(settings: DrillSettings, clock: DrillClock) -> Result<Self, Error> {
        let spec = settings.master_spec()?;
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
        let primary = origin(0).await?;
        let backup = origin(1).await?;
        let epoch = EpochClock::unix(settings.cadence);
        let config = ChannelConfig {
            spec: spec.clone(),
            epoch,
            playlist_segments: settings.playlist_segments,
            principal: MEDIALIVE_ROLE.to_owned(),
            playlist_cache_control: None,
            segment_cache_control: None,
            bodies: settings.media.clone(),
        };
        let channels = [
            Channel::start(REGIONS[0], config.clone(), primary.link(), clock.clone()),
            Channel::start(REGIONS[1], config, backup.link(), clock.clone()),
        ];
        let distribution = settings.distribution()?;
        let edge = Edge::start(&distribution, primary.link(), backup.link(), clock.clone()).await?;
        let deployment = Self {
            settings,
            clock,
            origins: [primary, backup],
            channels,
            edge,
            spec,
        };
        deployment.publish_static_manifest().await?;
        Ok(deployment)
    }

    /// Uploads the static `index.m3u8` (`origin-failover`'s prediction) to both containers, as the
    /// recipe's operator does by hand.
    async fn publish_static_manifest(&self) -> Result<(), Error> {
        let key = self.spec.static_manifest_key();
        let body = bytes::Bytes::from(self.spec.static_manifest());
        for origin in &self.origins {
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

    /// A Region's origin.
    pub fn origin(&self, site: Site) -> &Origin {
        &self.origins[site.index()]
    }

    /// A Region's channel.
    pub fn channel(&self, site: Site) -> &Channel {
        &self.channels[site.index()]
    }

    /// The edge.
    pub fn edge(&self) -> &Edge {
        &self.edge
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
        self.origins[site.index()].set_health(health);
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
        let [a, b] = self.origins;
        a.shutdown().await;
        b.shutdown().await;
    }
}
