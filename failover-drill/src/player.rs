//! The viewer: an HLS client with a buffer that plays the static master through the edge and handles
//! redundant variants the way hls.js does, recording every request, error and stall in drill time.
//!
//! What it models from hls.js 1.5: playback starts `live_sync_segments` segments behind the live edge;
//! a live playlist is reloaded one target duration after it changed, half of one when it did not;
//! variants with the same `BANDWIDTH`, `RESOLUTION` and `CODECS` are redundant copies (pathways) of one
//! rendition, even when each names its own `AUDIO` group (hls.js keeps a copy's audio group with it, as
//! the real-player runs of `source-loss-both-regions-audio-group` show), and on a playlist or segment error the player moves to the next copy and
//! never comes back; with no copy left it retries the same one after a delay, and passes over a segment
//! that failed twice there; a play head more than `live_max_latency_segments` behind the newest segment
//! jumps forward to the live sync point. A playlist that fails `last_copy_attempts` times in a row on
//! the last copy is hls.js's fatal error (sooner than hls.js, see the field): what follows is the
//! page's [`Recovery`], loading again
//! (the project's page calls `startLoad()`) or stopping for good (a page without that handling). In
//! fMP4, the initialization segment a playlist names in `#EXT-X-MAP` is loaded before the first
//! segment it applies to and again whenever it changes (on every move to another copy), as hls.js
//! does. That is what hls.js was measured to do with the project's player page, with and without its
//! recovery (the `browser` module's real-player runs). One rendition is played (the highest); adaptive
//! switching is not modelled, since it is not what failover exercises, and an audio rendition group is
//! not loaded.
//!
//! Where it is simpler than hls.js: it makes one request at a time, and reloads the playlist only when
//! the next segment is not listed yet (hls.js reloads on a timer while segments load). Behind the live
//! edge, as during a slow failover, it therefore makes fewer playlist requests than hls.js would; the
//! drill reports the requests per segment it measured next to the budget.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use hls_epoch::naming::STATIC_MASTER_PLAYLIST;
use hls_epoch::{EpochClock, SegmentName, Timestamp};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::clock::{DrillClock, between};
use crate::edge::{CACHE_HEADER, SERVED_BY_HEADER};
use crate::http::{self, Fetched};
use crate::media::SegmentBodies;
use crate::pipeline::Picture;

/// How the player behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayerConfig {
    /// The master playlist's key (`demo/index.m3u8`).
    pub master_key: String,
    /// How many segments behind the live edge playback starts (hls.js `liveSyncDurationCount`, 3).
    pub live_sync_segments: u32,
    /// How far ahead of the play head the player buffers (hls.js `maxBufferLength`, 30 s).
    pub max_buffer: Duration,
    /// How long one request may take before the player gives up on it. hls.js uses 10 s for playlists
    /// and 20 s for segments; the drill's default is longer so that a slow failover at the edge is
    /// measured as the stall it causes, not cut short by the player.
    pub request_timeout: Duration,
    /// The wait before retrying when no redundant copy is left.
    pub retry_delay: Duration,
    /// How far behind the newest listed segment the next one to load may fall before the player jumps
    /// forward to the live sync point, in segments (hls.js `liveMaxLatencyDurationCount`, 9 on the
    /// project's player page; `None`: never, hls.js's default).
    pub live_max_latency_segments: Option<u32>,
    /// From the first segment's arrival to the first picture: hls.js parses and appends it to the
    /// media source and the browser decodes, which takes 0.3 to 0.6 s in headless Chromium on an idle
    /// machine and 1.3 to 1.5 s on a busy one (the `browser` module's runs). It leaves the play head
    /// that much further behind the live edge, so that much more is buffered when a fault comes.
    pub startup: Duration,
    /// Attempts in a row at the last redundant copy's playlist before the model calls the error fatal
    /// (2). hls.js gets there later: it retries a playlist answering 5xx on the same copy, and on each
    /// rendition, with the page's backoff (1 s, 2 s) before it moves on, so in the drill's two-Region
    /// outage its fatal error came about 10 s and 10 errors after the fault, the model's after about
    /// 1 s and 3. What the viewer sees is the same as long as the outage outlasts hls.js's retries
    /// (the buffer runs dry either way, and neither loads again): it does in every drill scenario.
    pub last_copy_attempts: u32,
    /// What the page does after that fatal error.
    pub recovery: Recovery,
}

/// What the player page does once hls.js has raised a fatal network error (every redundant copy
/// failed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recovery {
    /// Calls `hls.startLoad()` again until an origin answers: the project's page
    /// (`player/index.html`), which resumes playback by itself after a two-Region outage.
    #[default]
    StartLoad,
    /// Nothing: hls.js stops loading for good, the buffer plays out and the picture freezes, as with a
    /// page that has no fatal-error handling (the project's page with `?recover=0`).
    Stop,
}

impl Recovery {
    /// The short name reports use (`startLoad`, `no-restart`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::StartLoad => "startLoad",
            Self::Stop => "no-restart",
        }
    }
}

impl Default for PlayerConfig {
    fn default() -> Self {
        Self {
            master_key: STATIC_MASTER_PLAYLIST.to_owned(),
            live_sync_segments: 3,
            max_buffer: Duration::from_secs(30),
            request_timeout: Duration::from_secs(120),
            retry_delay: Duration::from_secs(1),
            live_max_latency_segments: Some(9),
            startup: Duration::from_millis(800),
            last_copy_attempts: 2,
            recovery: Recovery::StartLoad,
        }
    }
}

/// What a request was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// The master (multivariant) playlist.
    Master,
    /// A rendition (media) playlist.
    Playlist,
    /// A media segment.
    Segment,
    /// An fMP4 initialization segment (`#EXT-X-MAP`).
    Init,
}

/// One request the player made, in drill time since the clock's start.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlayerRequest {
    /// When it was sent.
    #[serde(with = "crate::report::seconds")]
    pub at: Duration,
    /// How long it took.
    #[serde(with = "crate::report::seconds")]
    pub took: Duration,
    /// The object key.
    pub key: String,
    /// What it was for.
    pub kind: RequestKind,
    /// The redundant copy (0 = the first listed) it belonged to.
    pub pathway: usize,
    /// The status, or `None` when no response came (timeout, connection error).
    pub status: Option<u16>,
    /// The origin that served it, as the edge reported.
    pub served_by: Option<String>,
    /// Whether the edge answered from its cache.
    pub cache_hit: bool,
}

/// A playback stall: the play head waited for data, in drill time since the clock's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Stall {
    /// When the buffer ran dry.
    #[serde(with = "crate::report::seconds")]
    pub start: Duration,
    /// When playback resumed (or the drill ended).
    #[serde(with = "crate::report::seconds")]
    pub end: Duration,
}

impl Stall {
    /// How long the picture stood still.
    pub fn duration(&self) -> Duration {
        self.end.saturating_sub(self.start)
    }
}

/// Everything the player saw.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PlayerLog {
    /// Every request, in order.
    pub requests: Vec<PlayerRequest>,
    /// Stalls after playback started.
    pub stalls: Vec<Stall>,
    /// When playback started.
    #[serde(with = "crate::report::option_seconds")]
    pub started: Option<Duration>,
    /// When playback ended at an `#EXT-X-ENDLIST`.
    #[serde(with = "crate::report::option_seconds")]
    pub ended: Option<Duration>,
    /// Segments whose content was not the media their number names (never, with epoch locking).
    pub media_mismatches: u32,
    /// Media skipped because a segment was missing from every copy.
    #[serde(with = "crate::report::seconds")]
    pub skipped: Duration,
    /// Segments played whose picture was not the programme (degraded or slate), as the origin marked
    /// them ([`Picture::HEADER`]).
    pub impaired_segments: u32,
    /// Segments appended to the buffer from each redundant copy, by pathway.
    pub segments_by_pathway: Vec<u32>,
    /// When loading stopped for good after a fatal error ([`Recovery::Stop`]).
    #[serde(with = "crate::report::option_seconds")]
    pub gave_up: Option<Duration>,
}

impl PlayerLog {
    /// Requests that failed (no response, or a status other than 200).
    pub fn errors(&self) -> impl Iterator<Item = &PlayerRequest> {
        self.requests.iter().filter(|r| r.status != Some(200))
    }

    /// The total stall time.
    pub fn stall_time(&self) -> Duration {
        self.stalls.iter().map(Stall::duration).sum()
    }
}

/// A running player.
#[derive(Debug)]
pub struct Player {
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<PlayerLog>>,
}

impl Player {
    /// Starts playing the master at `config.master_key` through the edge at `edge`; `epoch` places
    /// segments on the media timeline by their numbers, and `bodies` says what each segment must hold.
    pub fn start(
        edge: SocketAddr,
        config: PlayerConfig,
        epoch: EpochClock,
        bodies: SegmentBodies,
        clock: DrillClock,
    ) -> Self {
        let (stop, stopped) = watch::channel(false);
        let session = Session::new(edge, config, epoch, bodies, clock, stopped);
        Self {
            stop,
            task: Some(tokio::spawn(session.run())),
        }
    }

    /// Stops and returns what the player saw; a stall still open is closed now.
    pub async fn stop(mut self) -> PlayerLog {
        let _ = self.stop.send(true);
        match self.task.take() {
            Some(task) => task.await.unwrap_or_default(),
            None => PlayerLog::default(),
        }
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// The play head against the buffer, in drill time (wall) and media time (epoch-locked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Play {
    Waiting,
    Playing { since: Timestamp, from: Timestamp },
    Stalled { since: Timestamp, at: Timestamp },
    Ended,
}

struct Session {
    edge: SocketAddr,
    config: PlayerConfig,
    epoch: EpochClock,
    bodies: SegmentBodies,
    clock: DrillClock,
    stopped: watch::Receiver<bool>,
    log: PlayerLog,
    play: Play,
    buffered_end: Option<Timestamp>,
    stream_complete: bool,
}

/// A segment a rendition playlist lists: its number, its key, and the key of the initialization
/// segment it needs (fMP4).
struct Listed {
    number: u64,
    key: String,
    init: Option<String>,
}

/// A parsed rendition playlist.
struct Playlist {
    numbers: Vec<Listed>,
    end_list: bool,
    target: Duration,
}

enum Step {
    Continue,
    Stop,
}

impl Session {
    fn new(
        edge: SocketAddr,
        config: PlayerConfig,
        epoch: EpochClock,
        bodies: SegmentBodies,
        clock: DrillClock,
        stopped: watch::Receiver<bool>,
    ) -> Self {
        Self {
            edge,
            config,
            epoch,
            bodies,
            clock,
            stopped,
            log: PlayerLog::default(),
            play: Play::Waiting,
            buffered_end: None,
            stream_complete: false,
        }
    }

    async fn run(mut self) -> PlayerLog {
        let pathways = loop {
            if *self.stopped.borrow() {
                return self.finish();
            }
            match self.load_master().await {
                Some(pathways) if !pathways.is_empty() => break pathways,
                _ => {
                    if matches!(self.pause(self.config.retry_delay).await, Step::Stop) {
                        return self.finish();
                    }
                }
            }
        };
        self.log.segments_by_pathway = vec![0; pathways.len()];
        let mut pathway = 0;
        let mut playlist: Option<Playlist> = None;
        let mut next_reload = self.clock.now();
        let mut next: Option<u64> = None;
        // The last segment that failed on the last copy.
        let mut failed: Option<u64> = None;
        // Playlist failures in a row on the last copy, and the initialization segment in use.
        let mut last_copy_failures = 0;
        let mut init: Option<String> = None;
        loop {
            if *self.stopped.borrow() {
                break;
            }
            let now = self.clock.now();
            self.update(now);
            if self.play == Play::Ended {
                break;
            }
            let listed = |p: &Option<Playlist>, n: Option<u64>| -> Option<(String, Option<String>)> {
                let (p, n) = (p.as_ref()?, n?);
                p.numbers
                    .iter()
                    .find(|l| l.number == n)
                    .map(|l| (l.key.clone(), l.init.clone()))
            };
            let end_reached = playlist.as_ref().is_some_and(|p| {
                p.end_list && next.is_some_and(|n| p.numbers.last().is_none_or(|last| n > last.number))
            });
            if end_reached {
                self.stream_complete = true;
            }
            let needs_reload = playlist.is_none()
                || (listed(&playlist, next).is_none() && !end_reached && now >= next_reload);
            if needs_reload {
                let uri = &pathways[pathway];
                match self.load_playlist(uri, pathway).await {
                    Ok(loaded) => {
                        last_copy_failures = 0;
                        let newest = |p: &Playlist| p.numbers.last().map(|l| l.number);
                        let changed = playlist.as_ref().is_none_or(|old| newest(old) != newest(&loaded));
                        let interval = if changed { loaded.target } else { loaded.target / 2 };
                        next_reload = self
                            .clock
                            .now()
                            .checked_add_nanos(i128::try_from(interval.as_nanos()).unwrap_or(0))
                            .unwrap_or(now);
                        if next.is_none() {
                            let back = usize::try_from(self.config.live_sync_segments.max(1)).unwrap_or(1);
                            let start = loaded.numbers.len().saturating_sub(back);
                            next = loaded.numbers.get(start).map(|l| l.number);
                        } else if let (Some(n), Some(first)) = (next, loaded.numbers.first()) {
                            // Fell out of the live window: jump to its start, skipping what is gone
                            // (counted as skipped when the next segment lands after the hole).
                            if n < first.number {
                                next = Some(first.number);
                            }
                        }
                        // Too far behind the live edge: jump to the live sync point, as hls.js does
                        // past its maximum latency (a long outage leaves the play head far behind).
                        if let (Some(n), Some(max), Some(last)) =
                            (next, self.config.live_max_latency_segments, newest(&loaded))
                            && last + 1 - n.min(last) > u64::from(max)
                        {
                            let sync = last + 1 - u64::from(self.config.live_sync_segments.max(1)).min(last);
                            tracing::info!(from = n, to = sync, "player jumps to the live edge");
                            next = Some(sync.max(n));
                        }
                        playlist = Some(loaded);
                    }
                    Err(()) => {
                        if pathway + 1 < pathways.len() {
                            pathway += 1;
                            tracing::info!(pathway, "player moves to the next redundant copy");
                            playlist = None;
                            continue;
                        }
                        last_copy_failures += 1;
                        if last_copy_failures >= self.config.last_copy_attempts.max(1) {
                            // hls.js's fatal error: what happens next is the page's.
                            match self.config.recovery {
                                Recovery::Stop => {
                                    tracing::info!("every copy failed: the player stops loading for good");
                                    self.log.gave_up = Some(self.clock.since_start(self.clock.now()));
                                    let _ = self.stopped.wait_for(|stop| *stop).await;
                                    break;
                                }
                                // `startLoad()` starts again from the live sync point of the next
                                // playlist that loads, not from the segment after the last one
                                // loaded: the segments the outage kept from the origins are not
                                // tried one by one.
                                Recovery::StartLoad => next = None,
                            }
                        }
                        if matches!(self.pause(self.config.retry_delay).await, Step::Stop) {
                            break;
                        }
                    }
                }
                continue;
            }
            if let Some((key, wanted_init)) = listed(&playlist, next)
                && self.buffer_ahead(now) < self.config.max_buffer
            {
                let number = next.unwrap_or_default();
                let loaded = match wanted_init {
                    Some(wanted) if init.as_ref() != Some(&wanted) => {
                        let loaded = self.load_init(&wanted, pathway).await;
                        if loaded.is_ok() {
                            init = Some(wanted);
                        }
                        loaded
                    }
                    _ => Ok(()),
                };
                let loaded = match loaded {
                    Ok(()) => self.load_segment(&key, number, pathway).await,
                    Err(()) => Err(()),
                };
                match loaded {
                    Ok(()) => {
                        if let Some(count) = self.log.segments_by_pathway.get_mut(pathway) {
                            *count += 1;
                        }
                        next = Some(number + 1);
                    }
                    Err(()) => {
                        if pathway + 1 < pathways.len() {
                            pathway += 1;
                            tracing::info!(pathway, "player moves to the next redundant copy");
                            playlist = None;
                        } else {
                            // A segment missing from every copy is tried twice, then passed over
                            // (hls.js tries it in another rendition, then loads the next one).
                            if failed == Some(number) {
                                tracing::info!(number, "player passes over a segment missing everywhere");
                                next = Some(number + 1);
                            }
                            failed = Some(number);
                            if matches!(self.pause(self.config.retry_delay).await, Step::Stop) {
                                break;
                            }
                        }
                    }
                }
                continue;
            }
            // Nothing to fetch now: wait for the next reload, for buffer room, or for the play head.
            let until_reload = between(now, next_reload);
            let wait = until_reload.clamp(Duration::from_millis(100), self.segment_duration() / 2);
            if matches!(self.pause(wait).await, Step::Stop) {
                break;
            }
        }
        self.finish()
    }

    fn segment_duration(&self) -> Duration {
        self.epoch.cadence().duration().to_duration()
    }

    async fn pause(&mut self, drill: Duration) -> Step {
        let clock = self.clock.clone();
        tokio::select! {
            () = clock.sleep(drill) => Step::Continue,
            _ = self.stopped.changed() => Step::Stop,
        }
    }

    fn buffer_ahead(&self, now: Timestamp) -> Duration {
        let Some(end) = self.buffered_end else {
            return Duration::ZERO;
        };
        match self.play {
            Play::Playing { since, from } => between(advance(from, between(since, now)), end),
            Play::Stalled { at, .. } => between(at, end),
            Play::Waiting | Play::Ended => Duration::ZERO,
        }
    }

    /// Moves the play head to `now`: a buffer that ran dry is a stall from the moment it did.
    fn update(&mut self, now: Timestamp) {
        if let (Play::Playing { since, from }, Some(end)) = (self.play, self.buffered_end) {
            let position = advance(from, between(since, now));
            if position >= end {
                let dry = advance(since, between(from, end));
                if self.stream_complete {
                    self.log.ended = Some(self.clock.since_start(dry));
                    self.play = Play::Ended;
                } else {
                    self.play = Play::Stalled { since: dry, at: end };
                }
            }
        }
    }

    fn append(&mut self, number: u64) {
        let Ok(window) = self.epoch.window(number) else {
            return;
        };
        let now = self.clock.now();
        self.update(now);
        if let Some(end) = self.buffered_end
            && window.start > end
        {
            // A hole in the media: the player jumps it (hls.js skips small gaps).
            self.log.skipped += between(end, window.start);
            if let Play::Stalled { since, .. } = self.play {
                self.play = Play::Stalled {
                    since,
                    at: window.start,
                };
            }
        }
        self.buffered_end = Some(window.end);
        match self.play {
            Play::Waiting => {
                // The picture starts after the start-up; the play head holds until then.
                let since = advance(now, self.config.startup);
                self.log.started = Some(self.clock.since_start(since));
                self.play = Play::Playing {
                    since,
                    from: window.start,
                };
            }
            Play::Stalled { since, at } => {
                self.log.stalls.push(Stall {
                    start: self.clock.since_start(since),
                    end: self.clock.since_start(now),
                });
                self.play = Play::Playing { since: now, from: at };
            }
            Play::Playing { .. } | Play::Ended => {}
        }
    }

    fn finish(mut self) -> PlayerLog {
        let now = self.clock.now();
        self.update(now);
        if let Play::Stalled { since, .. } = self.play {
            self.log.stalls.push(Stall {
                start: self.clock.since_start(since),
                end: self.clock.since_start(now),
            });
        }
        self.log
    }

    async fn get(&mut self, key: &str, kind: RequestKind, pathway: usize) -> Option<Fetched> {
        let sent = self.clock.now();
        let edge = self.edge;
        let request = http::request(
            "GET",
            &format!("/{key}"),
            &[("user-agent", "failover-drill-player")],
            Bytes::new(),
        );
        let attempt = async move {
            let stream = TcpStream::connect(edge).await.ok()?;
            http::exchange(stream, request).await.ok()
        };
        let fetched = self
            .clock
            .timeout(self.config.request_timeout, attempt)
            .await
            .flatten();
        let done = self.clock.now();
        self.log.requests.push(PlayerRequest {
            at: self.clock.since_start(sent),
            took: between(sent, done),
            key: key.to_owned(),
            kind,
            pathway,
            status: fetched.as_ref().map(|f| f.status),
            served_by: fetched
                .as_ref()
                .and_then(|f| f.header(SERVED_BY_HEADER))
                .map(str::to_owned),
            cache_hit: fetched
                .as_ref()
                .and_then(|f| f.header(CACHE_HEADER))
                .is_some_and(|c| c.starts_with("Hit")),
        });
        fetched.filter(|f| f.status == 200)
    }

    /// The master's redundant copies of its highest rendition, in listed order.
    async fn load_master(&mut self) -> Option<Vec<String>> {
        let key = self.config.master_key.clone();
        let fetched = self.get(&key, RequestKind::Master, 0).await?;
        let master = m3u8_rs::parse_master_playlist_res(&fetched.body).ok()?;
        // The first listed of the highest bandwidth, as hls.js starts on the first pathway.
        let best = master
            .variants
            .iter()
            .filter(|v| !v.is_i_frame)
            .map(|v| v.bandwidth)
            .max()?;
        let top = master
            .variants
            .iter()
            .find(|v| !v.is_i_frame && v.bandwidth == best)?;
        let same = |v: &m3u8_rs::VariantStream| {
            !v.is_i_frame
                && v.bandwidth == top.bandwidth
                && v.resolution == top.resolution
                && v.codecs == top.codecs
                && v.subtitles == top.subtitles
        };
        let directory = key
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        Some(
            master
                .variants
                .iter()
                .filter(|v| same(v))
                .map(|v| format!("{directory}{}", v.uri))
                .collect(),
        )
    }

    async fn load_playlist(&mut self, key: &str, pathway: usize) -> Result<Playlist, ()> {
        let fetched = self.get(key, RequestKind::Playlist, pathway).await.ok_or(())?;
        let parsed = m3u8_rs::parse_media_playlist_res(&fetched.body).map_err(|_| ())?;
        let directory = key
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        // An `#EXT-X-MAP` applies to every segment after it, up to the next one.
        let mut init = None;
        let numbers = parsed
            .segments
            .iter()
            .filter_map(|s| {
                if let Some(map) = &s.map {
                    init = Some(format!("{directory}{}", map.uri));
                }
                Some(Listed {
                    number: SegmentName::parse(&s.uri).ok()?.number(),
                    key: format!("{directory}{}", s.uri),
                    init: init.clone(),
                })
            })
            .collect();
        Ok(Playlist {
            numbers,
            end_list: parsed.end_list,
            target: Duration::from_secs(parsed.target_duration.max(1)),
        })
    }

    /// Loads an initialization segment; a body other than the media's own counts as a mismatch.
    async fn load_init(&mut self, key: &str, pathway: usize) -> Result<(), ()> {
        let fetched = self.get(key, RequestKind::Init, pathway).await.ok_or(())?;
        if self
            .bodies
            .init()
            .is_none_or(|init| init.as_ref() != fetched.body.as_ref())
        {
            self.log.media_mismatches += 1;
        }
        Ok(())
    }

    async fn load_segment(&mut self, key: &str, number: u64, pathway: usize) -> Result<(), ()> {
        let fetched = self.get(key, RequestKind::Segment, pathway).await.ok_or(())?;
        let stem = SegmentName::parse(key)
            .map(|name| name.stem().to_owned())
            .unwrap_or_default();
        if !self.bodies.is_media_of(&fetched.body, &stem, number) {
            self.log.media_mismatches += 1;
        }
        if fetched
            .header(Picture::HEADER)
            .and_then(Picture::parse)
            .is_some_and(|picture| picture != Picture::Good)
        {
            self.log.impaired_segments += 1;
        }
        self.append(number);
        Ok(())
    }
}

fn advance(instant: Timestamp, by: Duration) -> Timestamp {
    instant
        .checked_add_nanos(i128::try_from(by.as_nanos()).unwrap_or(i128::MAX))
        .unwrap_or(instant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stall_duration_saturates() {
        let stall = Stall {
            start: Duration::from_secs(5),
            end: Duration::from_secs(3),
        };
        assert_eq!(stall.duration(), Duration::ZERO);
    }
}
