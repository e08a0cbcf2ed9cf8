//! A Region's MediaPackage v2 origin: a channel with two ingest endpoints that the Region's pipelines
//! feed (pipeline 0 endpoint 1, pipeline 1 endpoint 2), and an origin endpoint whose HLS manifests the
//! packager makes from whichever input it takes each segment from. Its documents are
//! `mediapackage-origin`'s: the channel's input switching and MQCS publishing, the endpoint's manifest
//! window and force-error conditions, the channel policy (who may ingest) and the endpoint policy (who
//! may read, through Origin Access Control), each enforced through `mediastore-policy`'s evaluation.
//!
//! What the model does, from the MediaPackage v2 user guide and `mediapackage-origin`'s named
//! assumptions:
//! - Input switching, per segment: epoch locking makes segment N the same media on both inputs, so the
//!   packager takes N from the input that delivered it; when both did and `MQCSInputSwitching` is on,
//!   from the one with the higher media quality confidence score (MQCS), the preferred input on a tie,
//!   and otherwise from the preferred input. An input that stops delivering (input loss) is thereby
//!   switched away from at the next segment. MediaPackage's own switching has hysteresis the model
//!   leaves out: it switches back as soon as the preferred input is as good again.
//! - Force-error (`ForceEndpointErrorConfiguration`), on every manifest and segment request while a
//!   condition holds: `STALE_MANIFEST` once the newest segment is older than
//!   [`stale_manifest_threshold`], `INCOMPLETE_MANIFEST` while the newest segment misses a rendition,
//!   `SLATE_INPUT` while the newest segment is slate. Without the configuration (the backup Region) the
//!   endpoint serves what it has, stale or slate.
//! - `PublishMQCS`: every segment answer carries its score in [`mqcs_header`] (the drill's value
//!   format: [`mqcs_value`]).
//! - `Cache-Control`: half a segment on manifests ([`playlist_max_age`]), a day on segments.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use hls_epoch::naming::{PLAYLIST_CONTENT_TYPE, rendition_playlist};
use hls_epoch::{EpochClock, SegmentName, Timestamp};
use http_body_util::BodyExt;
use hyper::Request;
use hyper::body::Incoming;
use m3u8_rs::{Map, MasterPlaylist, MediaPlaylist, MediaSegment, Resolution, VariantStream};
use mediapackage_origin::assumption::{mqcs_header, stale_manifest_threshold};
use mediapackage_origin::distribution::playlist_max_age;
use mediapackage_origin::policy::{HEAD_ACTION, INGEST_ACTION, READ_ACTION};
use mediapackage_origin::{
    ChannelPolicy, EndpointErrorCondition, EndpointPolicy, Location, PlaybackPath, RegionDocuments,
};
use mediastore_policy::{Caller, Decision};
use origin_failover::manifest::{MasterSpec, frame_rate_attribute};
use tokio::sync::watch;

use crate::clock::DrillClock;
use crate::http::{self, Reply};
use crate::media::Container;
use crate::origin::{
    FORWARDED_PROTO_HEADER, OriginHealth, OriginLink, OriginServer, PRINCIPAL_HEADER, REGION_HEADER, outage,
};
use crate::pipeline::{Picture, mqcs_of, mqcs_value};

/// The header naming the AWS service a request is signed as (`cloudfront.amazonaws.com` for Origin
/// Access Control); on AWS the SigV4 signature says it.
pub const SERVICE_HEADER: &str = "x-drill-service";

/// The header carrying the ARN of the resource a service signs for (the distribution, for Origin
/// Access Control), which the endpoint policy's `AWS:SourceArn` condition tests.
pub const SOURCE_ARN_HEADER: &str = "x-drill-source-arn";

/// Why a packager could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A policy has a statement the evaluation cannot decide.
    #[error("the {which} policy of the channel in {region} cannot be enforced")]
    Policy {
        /// `channel` or `endpoint`.
        which: &'static str,
        /// The Region.
        region: String,
        /// Why.
        #[source]
        source: mediastore_policy::EvalError,
    },
    /// The listening socket could not be opened.
    #[error("cannot listen on 127.0.0.1 for the MediaPackage channel in {region}")]
    Bind {
        /// The Region.
        region: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Everything a Region's packager is built from.
#[derive(Debug, Clone)]
pub struct PackagerConfig {
    /// Where the channel lives (its ARNs).
    pub location: Location,
    /// The Region's channel and endpoint documents.
    pub documents: RegionDocuments,
    /// Who may ingest.
    pub channel_policy: ChannelPolicy,
    /// Who may read.
    pub endpoint_policy: EndpointPolicy,
    /// The path of the endpoint's multivariant playlist.
    pub playback: PlaybackPath,
    /// The ladder the pipelines encode (the manifests list it).
    pub spec: MasterSpec,
    /// The epoch-locked segment clock.
    pub epoch: EpochClock,
    /// The segments' container.
    pub container: Container,
}

/// One input's copy of one segment.
#[derive(Debug, Clone)]
struct Copy {
    arrived: Timestamp,
    score: u8,
    picture: Picture,
    /// Rendition bodies by name modifier.
    renditions: BTreeMap<String, Bytes>,
}

/// What the packager counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct PackagerCounters {
    /// Egress reads (GET and HEAD) answered, with any status.
    pub reads: u64,
    /// Ingest writes answered, with any status.
    pub writes: u64,
    /// Requests a policy denied (403).
    pub denied: u64,
    /// Egress reads answered 404 by a force-error condition.
    pub forced_errors: u64,
}

struct State {
    config: PackagerConfig,
    channel_arn: String,
    endpoint_arn: String,
    /// The endpoint's directory (`out/v1/<group>/<channel>/<endpoint>`).
    directory: String,
    /// The manifest's name, which its renditions and segments are named after.
    base: String,
    window: u64,
    clock: DrillClock,
    /// Segments by number, each input's copy by input (0 = endpoint 1).
    segments: Mutex<BTreeMap<u64, [Option<Copy>; 2]>>,
    inits: Mutex<BTreeMap<String, Bytes>>,
    counters: Mutex<PackagerCounters>,
    health: watch::Receiver<OriginHealth>,
}

/// A running MediaPackage v2 channel and origin endpoint for one Region, on 127.0.0.1.
pub struct Packager {
    state: Arc<State>,
    server: OriginServer,
}

impl std::fmt::Debug for Packager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Packager")
            .field("endpoint", &self.state.endpoint_arn)
            .field("addr", &self.server.addr())
            .finish_non_exhaustive()
    }
}

impl Packager {
    /// Starts the channel and its endpoint.
    pub async fn start(config: PackagerConfig, clock: DrillClock) -> Result<Self, Error> {
        let region = config.location.region.to_string();
        let names = config.documents.names();
        let channel_arn = config.location.channel_arn(&names.group, &names.channel);
        let endpoint_arn = config.location.endpoint_arn(&names);
        for (which, policy) in [
            ("channel", &config.channel_policy.0),
            ("endpoint", &config.endpoint_policy.0),
        ] {
            policy.check_evaluable().map_err(|source| Error::Policy {
                which,
                region: region.clone(),
                source,
            })?;
        }
        let segment = config.epoch.cadence().duration().to_duration();
        let window_seconds = config
            .documents
            .endpoint
            .hls_manifests
            .iter()
            .flatten()
            .find(|m| m.manifest_name == config.playback.manifest)
            .and_then(|m| m.manifest_window_seconds)
            .and_then(|s| u64::try_from(s).ok())
            .unwrap_or(60);
        let window = (Duration::from_secs(window_seconds).as_nanos() / segment.as_nanos().max(1)).max(1);
        let playback = config.playback.to_string();
        let (directory, file) = playback
            .trim_start_matches('/')
            .rsplit_once('/')
            .unwrap_or(("", ""));
        let (directory, base) = (directory.to_owned(), file.trim_end_matches(".m3u8").to_owned());
        let (health, watched) = watch::channel(OriginHealth::Serving);
        let state = Arc::new(State {
            config,
            channel_arn,
            endpoint_arn,
            directory,
            base,
            window: u64::try_from(window).unwrap_or(10),
            clock: clock.clone(),
            segments: Mutex::new(BTreeMap::new()),
            inits: Mutex::new(BTreeMap::new()),
            counters: Mutex::new(PackagerCounters::default()),
            health: watched,
        });
        let handler_state = state.clone();
        let handler: http::Handler = Arc::new(move |request| {
            let state = handler_state.clone();
            Box::pin(async move { state.handle(request).await })
        });
        let server = OriginServer::bind(handler, health, clock)
            .await
            .map_err(|source| Error::Bind { region, source })?;
        Ok(Self { state, server })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The network path to this origin, as the edge and the pipelines use it.
    pub fn link(&self) -> OriginLink {
        self.server.link()
    }

    /// Changes how the origin behaves from now on.
    pub fn set_health(&self, health: OriginHealth) {
        self.server.set_health(health);
    }

    /// The force-error condition that holds now, if the endpoint is configured for it.
    pub fn forced_error(&self) -> Option<EndpointErrorCondition> {
        let segments = self.state.segments.lock().unwrap_or_else(PoisonError::into_inner);
        self.state.forced_error(&segments, self.state.clock.now())
    }

    /// What the packager counted so far.
    pub fn counters(&self) -> PackagerCounters {
        *self.state.counters.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stops the server and closes its connections.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

/// What the endpoint serves for one egress key.
enum Egress {
    Master,
    Rendition(String),
    Init(String),
    Segment(String, u64),
}

impl State {
    fn count(&self, update: impl FnOnce(&mut PackagerCounters)) {
        update(&mut self.counters.lock().unwrap_or_else(PoisonError::into_inner));
    }

    fn reply(&self, status: u16, headers: &[(&str, &str)], body: Bytes) -> Reply {
        let region = self.config.location.region.to_string();
        let mut all = vec![(REGION_HEADER, region.as_str())];
        all.extend_from_slice(headers);
        http::reply(status, &all, body)
    }

    async fn handle(&self, request: Request<Incoming>) -> Reply {
        if let Some(status) = outage(&self.health, &self.clock).await {
            return self.reply(status, &[], Bytes::new());
        }
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let secure = header(FORWARDED_PROTO_HEADER).is_some_and(|p| p.eq_ignore_ascii_case("https"));
        let principal = header(PRINCIPAL_HEADER);
        let service = header(SERVICE_HEADER);
        let source_arn = header(SOURCE_ARN_HEADER);
        let score = header(mqcs_header()).and_then(|v| mqcs_of(&v));
        let picture = header(Picture::HEADER).and_then(|v| Picture::parse(&v));
        let method = request.method().as_str().to_owned();
        let key = request.uri().path().trim_start_matches('/').to_owned();
        let caller = match (&principal, &service) {
            (Some(principal), _) => Caller::Aws(principal),
            (None, Some(service)) => Caller::Service(service),
            (None, None) => Caller::Anonymous,
        };
        let (action, resource) = match method.as_str() {
            "PUT" => (INGEST_ACTION, &self.channel_arn),
            "GET" => (READ_ACTION, &self.endpoint_arn),
            "HEAD" => (HEAD_ACTION, &self.endpoint_arn),
            _ => return self.reply(405, &[], Bytes::new()),
        };
        let mut facts = mediastore_policy::Request::new(caller, action, resource).secure_transport(secure);
        if let Some(arn) = source_arn.as_deref() {
            facts = facts.source_arn(arn);
        }
        let policy = if method == "PUT" {
            &self.config.channel_policy.0
        } else {
            &self.config.endpoint_policy.0
        };
        self.count(|c| {
            if method == "PUT" {
                c.writes += 1
            } else {
                c.reads += 1
            }
        });
        match policy.evaluate(&facts) {
            Ok(Decision::Allow) => {}
            Ok(Decision::ExplicitDeny | Decision::ImplicitDeny) => {
                self.count(|c| c.denied += 1);
                return self.reply(403, &[], Bytes::from_static(b"access denied by the policy\n"));
            }
            Err(error) => return self.reply(500, &[], Bytes::from(format!("{error}\n"))),
        }
        if method == "PUT" {
            let Ok(body) = request.into_body().collect().await.map(|b| b.to_bytes()) else {
                return self.reply(400, &[], Bytes::new());
            };
            let status = self.ingest(&key, score, picture.unwrap_or(Picture::Good), body);
            return self.reply(status, &[], Bytes::new());
        }
        let Some(egress) = self.egress(&key) else {
            return self.reply(404, &[], Bytes::new());
        };
        let Some((body, headers)) = self.serve(egress, self.clock.now()) else {
            return self.reply(404, &[], Bytes::new());
        };
        let manifest_age = playlist_max_age(self.config.epoch.cadence().duration())
            .to_duration()
            .as_secs();
        let manifest_cache = format!("max-age={manifest_age}");
        let is_manifest = key.ends_with(".m3u8");
        let mut all: Vec<(&str, &str)> = vec![
            (
                "content-type",
                if is_manifest {
                    PLAYLIST_CONTENT_TYPE
                } else {
                    self.config.container.content_type()
                },
            ),
            (
                "cache-control",
                if is_manifest {
                    manifest_cache.as_str()
                } else {
                    "max-age=86400"
                },
            ),
        ];
        all.extend(headers.iter().map(|(n, v)| (*n, v.as_str())));
        let body = if method == "HEAD" { Bytes::new() } else { body };
        self.reply(200, &all, body)
    }

    /// The body of an egress object at `now` and the headers that describe its media, or `None` for a
    /// 404: a force-error condition holds, or the object is not there.
    fn serve(&self, egress: Egress, now: Timestamp) -> Option<(Bytes, Vec<(&'static str, String)>)> {
        let segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(condition) = self.forced_error(&segments, now) {
            tracing::debug!(?condition, "the endpoint forces an error");
            self.count(|c| c.forced_errors += 1);
            return None;
        }
        match egress {
            Egress::Master => Some((self.master(), Vec::new())),
            Egress::Rendition(modifier) => Some((self.rendition(&segments, &modifier)?, Vec::new())),
            Egress::Init(modifier) => {
                let inits = self.inits.lock().unwrap_or_else(PoisonError::into_inner);
                Some((inits.get(&modifier)?.clone(), Vec::new()))
            }
            Egress::Segment(modifier, number) => {
                let copy = self.choose(segments.get(&number)?)?;
                let body = copy.renditions.get(&modifier)?.clone();
                let mut headers = vec![(Picture::HEADER, copy.picture.as_str().to_owned())];
                if self.publishes_mqcs() {
                    headers.push((mqcs_header(), mqcs_value(copy.score)));
                }
                Some((body, headers))
            }
        }
    }

    /// Stores one ingested file; the status to answer.
    fn ingest(&self, key: &str, score: Option<u8>, picture: Picture, body: Bytes) -> u16 {
        let names = self.config.documents.names();
        let prefix = format!("in/v1/{}/", names.group);
        let Some(rest) = key.strip_prefix(&prefix) else {
            return 404;
        };
        let Some((input, rest)) = rest.split_once('/') else {
            return 404;
        };
        let input = match input {
            "1" => 0,
            "2" => 1,
            _ => return 404,
        };
        let Some(file) = rest
            .strip_prefix(names.channel.as_str())
            .and_then(|r| r.strip_prefix('/'))
        else {
            return 404;
        };
        if let Some(modifier) = self.init_modifier(file) {
            self.inits
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(modifier, body);
            return 200;
        }
        let Ok(name) = SegmentName::parse(file) else {
            return 400;
        };
        let Some(modifier) = self.modifier_of(name.stem()) else {
            return 400;
        };
        let now = self.clock.now();
        let mut segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        let copy = &mut segments.entry(name.number()).or_default()[input];
        let copy = copy.get_or_insert_with(|| Copy {
            arrived: now,
            // A segment without a score is scored by what it shows.
            score: score.unwrap_or(picture.mqcs()),
            picture,
            renditions: BTreeMap::new(),
        });
        copy.renditions.insert(modifier, body);
        // Keep what a manifest window and a player's buffer can still ask for.
        let keep = self.window.saturating_mul(3);
        while segments.len() > usize::try_from(keep).unwrap_or(usize::MAX) {
            segments.pop_first();
        }
        200
    }

    /// The ladder's name modifier a segment stem (`<base><modifier>`) ends with.
    fn modifier_of(&self, stem: &str) -> Option<String> {
        self.config
            .spec
            .renditions()
            .iter()
            .map(|r| r.name_modifier())
            .find(|m| stem.ends_with(m))
            .map(str::to_owned)
    }

    /// The name modifier of an initialization segment's file name, for a container that has one.
    fn init_modifier(&self, file: &str) -> Option<String> {
        let names = self.config.spec.names();
        self.config.spec.renditions().iter().find_map(|r| {
            let m = r.name_modifier();
            medialive_template::Pipeline::BOTH
                .into_iter()
                .any(|p| self.config.container.init_segment(names.base(p), m).as_deref() == Some(file))
                .then(|| m.to_owned())
        })
    }

    /// Which egress object `key` names, if any.
    fn egress(&self, key: &str) -> Option<Egress> {
        let file = key.strip_prefix(&self.directory)?.strip_prefix('/')?;
        if file == format!("{}.m3u8", self.base) {
            return Some(Egress::Master);
        }
        for rendition in self.config.spec.renditions() {
            let m = rendition.name_modifier();
            if file == rendition_playlist(&self.base, m) {
                return Some(Egress::Rendition(m.to_owned()));
            }
            if self.config.container.init_segment(&self.base, m).as_deref() == Some(file) {
                return Some(Egress::Init(m.to_owned()));
            }
        }
        let name = SegmentName::parse(file).ok()?;
        let modifier = name.name_modifier(&self.base)?.to_owned();
        Some(Egress::Segment(modifier, name.number()))
    }

    fn publishes_mqcs(&self) -> bool {
        self.config
            .documents
            .channel
            .output_header_configuration
            .as_ref()
            .and_then(|c| c.publish_mqcs)
            == Some(true)
    }

    /// The input a segment is taken from, as MediaPackage's input switching would choose it.
    fn choose<'c>(&self, copies: &'c [Option<Copy>; 2]) -> Option<&'c Copy> {
        let switching = self.config.documents.channel.input_switch_configuration.as_ref();
        let preferred = match switching.and_then(|c| c.preferred_input) {
            Some(2) => 1,
            _ => 0,
        };
        let by_quality = switching.and_then(|c| c.mqcs_input_switching) == Some(true);
        let other = 1 - preferred;
        match (&copies[preferred], &copies[other]) {
            (Some(first), Some(second)) if by_quality && second.score > first.score => Some(second),
            (Some(first), _) => Some(first),
            (None, second) => second.as_ref(),
        }
    }

    /// The newest segment and the copy taken for it.
    fn newest<'c>(&self, segments: &'c BTreeMap<u64, [Option<Copy>; 2]>) -> Option<(u64, &'c Copy)> {
        segments
            .iter()
            .rev()
            .find_map(|(&n, copies)| self.choose(copies).map(|c| (n, c)))
    }

    /// The force-error condition that holds at `now`, among those the endpoint is configured with.
    fn forced_error(
        &self,
        segments: &BTreeMap<u64, [Option<Copy>; 2]>,
        now: Timestamp,
    ) -> Option<EndpointErrorCondition> {
        let configured = self
            .config
            .documents
            .endpoint
            .force_endpoint_error_configuration
            .as_ref()?;
        let (_, copy) = self.newest(segments)?;
        let segment = self.config.epoch.cadence().duration().to_duration();
        let age = crate::clock::between(copy.arrived, now);
        let holds = [
            (
                EndpointErrorCondition::StaleManifest,
                age > stale_manifest_threshold(segment),
            ),
            (
                EndpointErrorCondition::IncompleteManifest,
                copy.renditions.len() < self.config.spec.renditions().len(),
            ),
            (EndpointErrorCondition::SlateInput, copy.picture == Picture::Slate),
        ];
        holds
            .into_iter()
            .find(|(condition, holds)| *holds && configured.contains(condition))
            .map(|(condition, _)| condition)
    }

    /// The multivariant playlist: one variant per rendition of the ladder (MediaPackage makes one
    /// copy of each, whichever input it takes).
    fn master(&self) -> Bytes {
        let variants = self
            .config
            .spec
            .renditions()
            .iter()
            .map(|r| VariantStream {
                uri: rendition_playlist(&self.base, r.name_modifier()),
                bandwidth: r.bandwidth(),
                codecs: Some(r.codecs().to_owned()),
                resolution: r.resolution().map(|(width, height)| Resolution {
                    width: u64::from(width),
                    height: u64::from(height),
                }),
                frame_rate: r.frame_rate().map(frame_rate_attribute),
                ..VariantStream::default()
            })
            .collect();
        let master = MasterPlaylist {
            version: Some(self.config.container.playlist_version()),
            variants,
            independent_segments: true,
            ..MasterPlaylist::default()
        };
        let mut text = Vec::new();
        if master.write_to(&mut text).is_err() {
            return Bytes::new();
        }
        Bytes::from(text)
    }

    /// A rendition's playlist: the window's segments that have this rendition, newest last.
    fn rendition(&self, segments: &BTreeMap<u64, [Option<Copy>; 2]>, modifier: &str) -> Option<Bytes> {
        let (newest, _) = self.newest(segments)?;
        let first = newest.saturating_sub(self.window - 1);
        // The newest unbroken run: a playlist's media sequence numbers count its segments, so a hole
        // (every input lost for a while) cannot be listed across; after one, the playlist starts anew
        // at the segment after it, still numbered by the epoch as in the other Region.
        let mut listed: Vec<u64> = segments
            .range(first..=newest)
            .rev()
            .map_while(|(&n, copies)| {
                self.choose(copies)
                    .filter(|c| c.renditions.contains_key(modifier))
                    .map(|_| n)
            })
            .scan(None, |next: &mut Option<u64>, n| {
                let unbroken = next.is_none_or(|next| n + 1 == next);
                *next = Some(n);
                unbroken.then_some(n)
            })
            .collect();
        listed.reverse();
        let &media_sequence = listed.first()?;
        let segment = self.config.epoch.cadence().duration();
        let extinf: f32 = segment.to_decimal_string(3).parse().unwrap_or(0.0);
        let container = self.config.container;
        let mut map = container.init_segment(&self.base, modifier).map(|uri| Map {
            uri,
            ..Map::default()
        });
        let playlist = MediaPlaylist {
            version: Some(container.playlist_version()),
            target_duration: segment.ceil(),
            media_sequence,
            segments: listed
                .iter()
                .map(|&n| MediaSegment {
                    uri: container.segment_name(&self.base, modifier, n).to_string(),
                    duration: extinf,
                    map: map.take(),
                    ..MediaSegment::default()
                })
                .collect(),
            ..MediaPlaylist::default()
        };
        let mut text = Vec::new();
        playlist.write_to(&mut text).ok()?;
        Some(Bytes::from(text))
    }
}
