//! A Region's MediaLive channel as its origin sees it: two pipelines writing epoch-locked segments, a
//! rendition playlist per output and the redundant master into a MediaStore container, or sending
//! their segments with a media quality score to a MediaPackage v2 channel's two ingest endpoints, at
//! the cadence of the drill clock, with MediaLive's behaviour on input loss (PAUSE_OUTPUT), on a
//! crash, on stop, and while its picture is degraded, slate or missing an output.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hls_epoch::EpochClock;
use hls_epoch::naming::{PLAYLIST_CONTENT_TYPE, rendition_playlist};
use m3u8_rs::{Map, MediaPlaylist, MediaSegment};
use medialive_template::Pipeline;
use mediapackage_origin::ResourceName;
use mediapackage_origin::assumption::mqcs_header;
use mediapackage_origin::url::IngestEndpointId;
use origin_failover::manifest::{MasterSpec, render};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::clock::{DrillClock, between};
use crate::http;
use crate::media::SegmentBodies;
use crate::origin::{FORWARDED_PROTO_HEADER, OriginLink, PRINCIPAL_HEADER};

/// What a pipeline is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PipelineState {
    /// Encoding and writing at cadence.
    Running,
    /// Input lost with `PAUSE_OUTPUT`: no more writes, its renditions leave the masters, its rendition
    /// playlists are deleted.
    Paused,
    /// The pipeline died: no more writes and no clean-up, so its playlists go stale in the container.
    Crashed,
    /// The channel was stopped: the last playlists end with `#EXT-X-ENDLIST`.
    Stopped,
    /// Writing at cadence, but the picture is black or frozen: MediaLive lowers the segments' media
    /// quality confidence score (MQCS).
    Degraded,
    /// Input lost with a slate as the input loss behaviour: writing slate at cadence.
    Slate,
    /// Writing at cadence, but only the first output (the others' encodes failed), so a packager's
    /// manifest built from it misses renditions.
    Incomplete,
}

impl PipelineState {
    /// Whether the pipeline writes segments at cadence.
    pub const fn writes(self) -> bool {
        matches!(
            self,
            Self::Running | Self::Degraded | Self::Slate | Self::Incomplete
        )
    }

    /// What the pipeline's segments show.
    pub const fn picture(self) -> Picture {
        match self {
            Self::Degraded => Picture::Degraded,
            Self::Slate => Picture::Slate,
            Self::Running | Self::Paused | Self::Crashed | Self::Stopped | Self::Incomplete => Picture::Good,
        }
    }
}

/// What a segment shows a viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Picture {
    /// The programme.
    Good,
    /// Black or frozen frames.
    Degraded,
    /// The input loss slate.
    Slate,
}

impl Picture {
    /// The header a segment's picture travels in, from the pipeline through the origin and the edge to
    /// the player: the drill's record of what a viewer would see, which no AWS service sends. On AWS a
    /// MediaPackage channel learns of slate from MediaLive's input-loss signalling in the ingest stream;
    /// the drill's packager reads it from this header.
    pub const HEADER: &'static str = "x-drill-picture";

    /// The header's value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Good => "good",
            Self::Degraded => "degraded",
            Self::Slate => "slate",
        }
    }

    /// Reads the header's value.
    pub fn parse(value: &str) -> Option<Self> {
        [Self::Good, Self::Degraded, Self::Slate]
            .into_iter()
            .find(|p| p.as_str() == value)
    }

    /// The media quality confidence score (0-100) MediaLive sends with a segment of this picture: full
    /// for the programme, low for black or frozen frames, none for slate. AWS does not publish the
    /// scores MediaLive gives; these are the drill's, and only their order matters to a selection.
    pub const fn mqcs(self) -> u8 {
        match self {
            Self::Good => 100,
            Self::Degraded => 25,
            Self::Slate => 0,
        }
    }
}

/// Where a channel's pipelines deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ingest {
    /// An HLS output group writing into a MediaStore container: segments, a rendition playlist per
    /// output and the redundant masters; a paused pipeline's playlists are deleted.
    MediaStore,
    /// A MediaPackage output group (CMAF ingest) sending each pipeline's segments to its own ingest
    /// endpoint of the channel `channel` in `group` (pipeline 0 to endpoint 1, pipeline 1 to endpoint 2),
    /// each with its MQCS in the header MediaPackage reads it from; MediaPackage makes the manifests.
    MediaPackage {
        /// The channel group.
        group: ResourceName,
        /// The channel.
        channel: ResourceName,
    },
}

impl Ingest {
    /// The ingest path of `file` from `pipeline`: `in/v1/<group>/<n>/<channel>/<file>`, as the ingest
    /// endpoint URL's path continues, or the MediaStore key.
    fn key(&self, pipeline: Pipeline, key: String, file: &str) -> String {
        match self {
            Self::MediaStore => key,
            Self::MediaPackage { group, channel } => format!(
                "in/v1/{group}/{}/{channel}/{file}",
                IngestEndpointId::for_pipeline(pipeline).as_str()
            ),
        }
    }
}

/// How a channel writes.
#[derive(Debug, Clone)]
pub struct ChannelConfig {
    /// The ladder and the pipelines' names, which the masters are predicted from.
    pub spec: MasterSpec,
    /// The epoch-locked segment clock.
    pub epoch: EpochClock,
    /// Segments listed in each rendition playlist (MediaLive's `NumSegments`).
    pub playlist_segments: usize,
    /// The identity the pipelines write with (MediaLive's role in the container's account).
    pub principal: String,
    /// `Cache-Control` written on playlists (MediaLive's HLS `CacheControl`, "max-age=..." here).
    pub playlist_cache_control: Option<String>,
    /// `Cache-Control` written on segments.
    pub segment_cache_control: Option<String>,
    /// What each segment holds: the same bytes for the same number in every pipeline, in the
    /// container the segments are named and typed by.
    pub bodies: SegmentBodies,
    /// Where the pipelines deliver.
    pub ingest: Ingest,
}

/// One channel (two pipelines) writing into one Region's origin.
#[derive(Debug)]
pub struct Channel {
    region: String,
    controls: [watch::Sender<PipelineState>; 2],
    task: Option<JoinHandle<()>>,
}

impl Channel {
    /// Starts both pipelines, writing into the origin at `link`; the first segment is written at the next
    /// segment boundary of the drill clock.
    pub fn start(region: &str, config: ChannelConfig, link: OriginLink, clock: DrillClock) -> Self {
        let (primary, primary_rx) = watch::channel(PipelineState::Running);
        let (backup, backup_rx) = watch::channel(PipelineState::Running);
        let writer = Writer {
            config: Arc::new(config),
            link,
            clock,
        };
        let task = tokio::spawn(writer.run([primary_rx, backup_rx]));
        Self {
            region: region.to_owned(),
            controls: [primary, backup],
            task: Some(task),
        }
    }

    /// The Region label.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Sets a pipeline's state; it takes effect at once (a pause deletes the playlists now) or, for
    /// writes, at the next segment boundary.
    pub fn set(&self, pipeline: Pipeline, state: PipelineState) {
        self.controls[usize::from(pipeline.index())].send_replace(state);
    }

    /// A pipeline's state.
    pub fn state(&self, pipeline: Pipeline) -> PipelineState {
        *self.controls[usize::from(pipeline.index())].borrow()
    }

    /// Stops writing for good (the task ends; nothing more is written).
    pub async fn shutdown(mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

struct Writer {
    config: Arc<ChannelConfig>,
    link: OriginLink,
    clock: DrillClock,
}

/// What one pipeline has written into its current playlists.
struct Output {
    state: PipelineState,
    /// Segment numbers listed, oldest first, always consecutive.
    window: VecDeque<u64>,
    /// Whether the origin holds this output's initialization segment (fMP4): written before the
    /// first segment after a start or restart, and again until a write succeeds.
    init_written: bool,
}

impl Output {
    /// Adds the segments encoded up to `finished` to the window (at most `size` of them are kept) and
    /// returns the numbers added.
    fn produce(&mut self, finished: u64, size: usize) -> Vec<u64> {
        let size = size.max(1);
        let from = match self.window.back() {
            Some(&last) if last >= finished => return Vec::new(),
            Some(&last) => (last + 1).max(finished.saturating_sub(size as u64 - 1)),
            None => finished,
        };
        let added: Vec<u64> = (from..=finished).collect();
        if self.window.back().is_some_and(|&last| last + 1 != from) {
            // Too far behind to list everything: a new playlist starts.
            self.window.clear();
        }
        self.window.extend(&added);
        while self.window.len() > size {
            self.window.pop_front();
        }
        added
    }
}

impl Writer {
    async fn run(self, mut controls: [watch::Receiver<PipelineState>; 2]) {
        let mut outputs = [
            Output {
                state: PipelineState::Running,
                window: VecDeque::new(),
                init_written: false,
            },
            Output {
                state: PipelineState::Running,
                window: VecDeque::new(),
                init_written: false,
            },
        ];
        let epoch = self.config.epoch;
        loop {
            let now = self.clock.now();
            let Ok(boundary) = epoch.next_boundary(now) else {
                return;
            };
            // Wake at the boundary, or earlier when a pipeline changes state.
            let [primary, backup] = &mut controls;
            tokio::select! {
                () = self.clock.sleep_until(boundary) => {}
                _ = primary.changed() => {}
                _ = backup.changed() => {}
            }
            let primary_wanted = *controls[0].borrow_and_update();
            let backup_wanted = *controls[1].borrow_and_update();
            let wanted = [primary_wanted, backup_wanted];
            for pipeline in Pipeline::BOTH {
                let i = usize::from(pipeline.index());
                if wanted[i] != outputs[i].state {
                    let other = outputs[usize::from(pipeline.other().index())].state;
                    self.transition(pipeline, &mut outputs[i], wanted[i], other).await;
                }
            }
            let now = self.clock.now();
            if now < boundary {
                continue;
            }
            // The segment that just ended is complete: write it.
            let Ok(index) = epoch.index_at(now) else { return };
            let Some(finished) = index.checked_sub(1) else {
                continue;
            };
            // Everything encoded since the last write: normally just `finished`, more when this loop
            // woke late. Listing them all keeps each playlist's sequence numbers consecutive.
            let mut produced: [Vec<u64>; 2] = [Vec::new(), Vec::new()];
            for pipeline in Pipeline::BOTH {
                let i = usize::from(pipeline.index());
                if outputs[i].state.writes() {
                    produced[i] = outputs[i].produce(finished, self.config.playlist_segments);
                }
            }
            // The uploads of one segment must not delay the next: what is not written by the next
            // boundary is dropped (a missing object that the edge fails over on), as MediaLive drops a
            // segment it cannot deliver in time.
            let Ok(deadline) = epoch.next_boundary(self.clock.now()) else {
                return;
            };
            let states = [outputs[0].state, outputs[1].state];
            let [first_output, second_output] = &mut outputs;
            let uploads = async {
                for (pipeline, output) in Pipeline::BOTH.into_iter().zip([first_output, second_output]) {
                    let i = usize::from(pipeline.index());
                    if !states[i].writes() {
                        continue;
                    }
                    if !output.init_written && !produced[i].is_empty() {
                        output.init_written = self.write_init(pipeline).await;
                    }
                    for &number in &produced[i] {
                        self.write_segment(pipeline, number, states[i]).await;
                    }
                    self.write_playlists(pipeline, output, false).await;
                }
                for pipeline in Pipeline::BOTH {
                    if states[usize::from(pipeline.index())].writes() {
                        self.write_master(pipeline, states).await;
                    }
                }
            };
            let budget = between(self.clock.now(), deadline);
            let _ = self.clock.timeout(budget, uploads).await;
        }
    }

    async fn transition(
        &self,
        pipeline: Pipeline,
        output: &mut Output,
        to: PipelineState,
        other: PipelineState,
    ) {
        tracing::info!(?pipeline, from = ?output.state, ?to, "pipeline changes state");
        let media_store = self.config.ingest == Ingest::MediaStore;
        match to {
            // With CMAF ingest a paused pipeline just stops sending: MediaPackage notices the input
            // loss itself.
            PipelineState::Paused if !media_store => output.window.clear(),
            PipelineState::Paused => {
                for modifier in self.modifiers() {
                    let key = self.key(&rendition_playlist(self.base(pipeline), modifier));
                    self.send("DELETE", &key, "", "", &[], Bytes::new()).await;
                }
                output.window.clear();
                let mut states = [other; 2];
                states[usize::from(pipeline.index())] = PipelineState::Paused;
                self.write_master(pipeline, states).await;
            }
            PipelineState::Stopped => {
                if output.state.writes() {
                    self.write_playlists(pipeline, output, true).await;
                }
            }
            // A restarted pipeline begins a new playlist at the current segment, after its
            // initialization segment; a writing pipeline whose picture changes goes on as it was.
            PipelineState::Running
            | PipelineState::Degraded
            | PipelineState::Slate
            | PipelineState::Incomplete => {
                if !output.state.writes() {
                    output.window.clear();
                    output.init_written = false;
                }
            }
            PipelineState::Crashed => {}
        }
        output.state = to;
    }

    /// Writes every output's initialization segment, for a container that has one; whether the
    /// origin took them all (always, when there are none).
    async fn write_init(&self, pipeline: Pipeline) -> bool {
        let Some(body) = self.config.bodies.init() else {
            return true;
        };
        let container = self.config.bodies.container();
        let cache = self.config.segment_cache_control.as_deref().unwrap_or_default();
        let mut written = true;
        for modifier in self.modifiers() {
            let Some(name) = container.init_segment(self.base(pipeline), modifier) else {
                continue;
            };
            let status = self
                .send(
                    "PUT",
                    &self.ingest_key(pipeline, &name),
                    container.content_type(),
                    cache,
                    &[],
                    body.clone(),
                )
                .await;
            written &= status == Some(200);
        }
        written
    }

    async fn write_segment(&self, pipeline: Pipeline, number: u64, state: PipelineState) {
        let container = self.config.bodies.container();
        let picture = state.picture();
        let mqcs = mqcs_value(picture.mqcs());
        let mut headers = vec![(Picture::HEADER, picture.as_str())];
        if self.config.ingest != Ingest::MediaStore {
            headers.push((mqcs_header(), mqcs.as_str()));
        }
        for modifier in self.outputs(state) {
            let name = container.segment_name(self.base(pipeline), modifier, number);
            // Epoch locking makes segment N the same media in every pipeline and Region: the body says
            // which media it is and nothing about who wrote it, so a player can check continuity.
            let Some(body) = self.config.bodies.body(modifier, number) else {
                tracing::warn!(number, "no media made for this segment; it is not written");
                continue;
            };
            let cache = self.config.segment_cache_control.as_deref().unwrap_or_default();
            self.send(
                "PUT",
                &self.ingest_key(pipeline, &name.to_string()),
                container.content_type(),
                cache,
                &headers,
                body,
            )
            .await;
        }
    }

    /// A MediaStore output's rendition playlists; MediaPackage makes its own from the segments.
    async fn write_playlists(&self, pipeline: Pipeline, output: &Output, end_list: bool) {
        if self.config.ingest != Ingest::MediaStore {
            return;
        }
        let Some(&first) = output.window.front() else {
            return;
        };
        let segment = self.config.epoch.cadence().duration();
        let extinf: f32 = segment.to_decimal_string(3).parse().unwrap_or(0.0);
        let container = self.config.bodies.container();
        for modifier in self.outputs(output.state) {
            let base = self.base(pipeline);
            // The initialization segment applies to every segment after its `#EXT-X-MAP`.
            let mut map = container.init_segment(base, modifier).map(|uri| Map {
                uri,
                ..Map::default()
            });
            let playlist = MediaPlaylist {
                version: Some(container.playlist_version()),
                target_duration: segment.ceil(),
                media_sequence: first,
                segments: output
                    .window
                    .iter()
                    .map(|&n| MediaSegment {
                        uri: container.segment_name(base, modifier, n).to_string(),
                        duration: extinf,
                        map: map.take(),
                        ..MediaSegment::default()
                    })
                    .collect(),
                end_list,
                ..MediaPlaylist::default()
            };
            let mut text = Vec::new();
            if playlist.write_to(&mut text).is_err() {
                continue;
            }
            let key = self.key(&rendition_playlist(self.base(pipeline), modifier));
            let cache = self.config.playlist_cache_control.as_deref().unwrap_or_default();
            self.send("PUT", &key, PLAYLIST_CONTENT_TYPE, cache, &[], Bytes::from(text))
                .await;
        }
    }

    /// The pipeline's own master: MediaLive's redundant master without the renditions of a paused
    /// pipeline (with `PAUSE_OUTPUT`, MediaLive removes a paused pipeline's renditions from the masters).
    async fn write_master(&self, pipeline: Pipeline, states: [PipelineState; 2]) {
        if self.config.ingest != Ingest::MediaStore {
            return;
        }
        let mut master = self.config.spec.predicted_master(pipeline);
        for paused in Pipeline::BOTH
            .into_iter()
            .filter(|p| states[usize::from(p.index())] == PipelineState::Paused)
        {
            let prefix = self.base(paused).to_owned();
            master.variants.retain(|v| !v.uri.starts_with(&prefix));
            master
                .alternatives
                .retain(|a| !a.uri.as_deref().is_some_and(|u| u.starts_with(&prefix)));
        }
        let key = self.config.spec.names().master_key(pipeline);
        let cache = self.config.playlist_cache_control.as_deref().unwrap_or_default();
        self.send(
            "PUT",
            &key,
            PLAYLIST_CONTENT_TYPE,
            cache,
            &[],
            Bytes::from(render(&master)),
        )
        .await;
    }

    /// The name modifier of every output: video renditions, then audio-only ones.
    fn modifiers(&self) -> impl Iterator<Item = &str> {
        let video = self.config.spec.renditions().iter().map(|r| r.name_modifier());
        video.chain(self.config.spec.audio().iter().map(|a| a.name_modifier()))
    }

    /// The outputs a pipeline in `state` writes: every one, or only the first when it is incomplete.
    fn outputs(&self, state: PipelineState) -> impl Iterator<Item = &str> {
        let all = self.modifiers();
        all.take(if state == PipelineState::Incomplete {
            1
        } else {
            usize::MAX
        })
    }

    /// Where `pipeline` delivers the file `name` (a segment or an initialization segment).
    fn ingest_key(&self, pipeline: Pipeline, name: &str) -> String {
        self.config.ingest.key(pipeline, self.key(name), name)
    }

    fn base(&self, pipeline: Pipeline) -> &str {
        self.config.spec.names().base(pipeline)
    }

    fn key(&self, file: &str) -> String {
        self.config.spec.names().key(file)
    }

    /// One write; a failed write is lost, as MediaLive's would be (it retries, then drops the segment).
    /// The status, or `None` when the origin did not answer.
    async fn send(
        &self,
        method: &str,
        key: &str,
        content_type: &str,
        cache_control: &str,
        headers: &[(&str, &str)],
        body: Bytes,
    ) -> Option<u16> {
        let write = Write {
            principal: &self.config.principal,
            method,
            key,
            content_type,
            cache_control,
            headers,
        };
        write.send(&self.link, &self.clock, body).await
    }
}

/// One signed write over TLS (as the container policy sees it) to an origin.
struct Write<'a> {
    principal: &'a str,
    method: &'a str,
    key: &'a str,
    content_type: &'a str,
    cache_control: &'a str,
    /// More headers: the picture, and the MQCS for MediaPackage.
    headers: &'a [(&'a str, &'a str)],
}

impl Write<'_> {
    /// Sends the write; returns the status, or `None` when the origin did not answer.
    async fn send(&self, link: &OriginLink, clock: &DrillClock, body: Bytes) -> Option<u16> {
        let stream = link.connect(WRITE_CONNECT_TIMEOUT).await.ok()?;
        let mut headers = vec![
            (PRINCIPAL_HEADER, self.principal),
            (FORWARDED_PROTO_HEADER, "https"),
        ];
        if !self.content_type.is_empty() {
            headers.push(("content-type", self.content_type));
        }
        if !self.cache_control.is_empty() {
            headers.push(("cache-control", self.cache_control));
        }
        headers.extend_from_slice(self.headers);
        let request = http::request(self.method, &format!("/{}", self.key), &headers, body);
        let fetched = clock
            .timeout(WRITE_TIMEOUT, http::exchange(stream, request))
            .await?
            .ok()?;
        Some(fetched.status)
    }
}

/// Puts one object as `principal` over TLS; the status, or `None` when the origin did not answer.
pub(crate) async fn put_as(
    link: &OriginLink,
    clock: &DrillClock,
    principal: &str,
    key: &str,
    content_type: &str,
    body: Bytes,
) -> Option<u16> {
    let write = Write {
        principal,
        method: "PUT",
        key,
        content_type,
        cache_control: "",
        headers: &[],
    };
    write.send(link, clock, body).await
}

/// The value of the MQCS header ([`mqcs_header`]) for `score`: a CMSD dictionary with the score under
/// `mqcs`. AWS documents neither the key nor the format, only the header family; the drill's packager
/// and edge read it with [`mqcs_of`].
pub fn mqcs_value(score: u8) -> String {
    format!("mqcs={score}")
}

/// The score in an MQCS header's value, if it holds one.
pub fn mqcs_of(value: &str) -> Option<u8> {
    value
        .split(',')
        .filter_map(|member| member.trim().split_once('='))
        .find(|(key, _)| *key == "mqcs")
        .and_then(|(_, score)| score.trim().parse().ok())
}

/// How long a pipeline waits to connect to its origin (drill time).
const WRITE_CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a pipeline waits for a write to complete (drill time).
const WRITE_TIMEOUT: Duration = Duration::from_secs(4);

/// The body of segment `number` of the output with `name_modifier`: the same in every pipeline.
pub fn media_body(name_modifier: &str, number: u64) -> String {
    format!("media{name_modifier} {number}\n")
}

/// Whether `body` is the media of segment `number` of an output whose segment stem (`<base><modifier>`)
/// is `stem`: what a player checks to prove that a copy from another pipeline or Region is the same media.
pub fn is_media_of(body: &[u8], stem: &str, number: u64) -> bool {
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    let Some((modifier, rest)) = text.strip_prefix("media").and_then(|t| t.split_once(' ')) else {
        return false;
    };
    rest.trim_end() == number.to_string() && stem.ends_with(modifier) && !modifier.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playlists_stay_consecutive_when_the_writer_is_late() {
        let mut output = Output {
            state: PipelineState::Running,
            window: VecDeque::new(),
            init_written: false,
        };
        assert_eq!(output.produce(10, 3), vec![10]);
        assert_eq!(output.produce(10, 3), Vec::<u64>::new());
        assert_eq!(output.produce(12, 3), vec![11, 12]);
        assert_eq!(output.window, [10, 11, 12]);
        // Far behind: only the last `size` are produced, in a new playlist.
        assert_eq!(output.produce(20, 3), vec![18, 19, 20]);
        assert_eq!(output.window, [18, 19, 20]);
    }

    #[test]
    fn mqcs_values_round_trip_and_pictures_rank() {
        assert_eq!(mqcs_of(&mqcs_value(25)), Some(25));
        assert_eq!(mqcs_of("n=\"x\", mqcs=80"), Some(80));
        assert_eq!(mqcs_of("mqcs=high"), None);
        assert!(Picture::Good.mqcs() > Picture::Degraded.mqcs());
        assert!(Picture::Degraded.mqcs() > Picture::Slate.mqcs());
        for picture in [Picture::Good, Picture::Degraded, Picture::Slate] {
            assert_eq!(Picture::parse(picture.as_str()), Some(picture));
        }
        assert!(PipelineState::Incomplete.writes() && !PipelineState::Crashed.writes());
    }

    #[test]
    fn media_is_recognised_across_pipelines() {
        let body = media_body("_720p30", 42);
        assert!(is_media_of(body.as_bytes(), "primary_720p30", 42));
        assert!(is_media_of(body.as_bytes(), "backup_720p30", 42));
        assert!(!is_media_of(body.as_bytes(), "backup_720p30", 43));
        assert!(!is_media_of(body.as_bytes(), "backup_360p30", 42));
        assert!(!is_media_of(b"garbage", "backup_360p30", 42));
    }
}
