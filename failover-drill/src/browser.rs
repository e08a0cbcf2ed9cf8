//! The real player: the project's player page (`player/index.html`, hls.js) in headless Chromium,
//! playing the drill's real media through the edge, and reporting what its video element and hls.js
//! saw back to a server of the drill's own.
//!
//! Nothing is downloaded at run time: Chromium is the one installed on the machine (Debian's
//! `chromium`), hls.js is the one `npm ci` put under `player/node_modules`. The browser is started with
//! `std::process::Command` on a fresh profile directory and ended by its process id. Drill time must
//! run at real speed (a browser plays in real time).
//!
//! The page posts its events in batches stamped with its own clock (`performance.now()`); the server
//! stamps each batch on arrival with the drill clock, and the smallest difference between the two
//! (the batch that waited least) maps page time onto drill time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;

use crate::clock::DrillClock;
use crate::deployment::{self, EdgeTimeouts, LocalDeployment};
use crate::http::{self, Server};
use crate::media::Container;
use crate::player::{Recovery, Stall};
use crate::scenario::Scenario;

/// Where Debian's `chromium` package puts the browser itself (its `/usr/bin/chromium` is a wrapper
/// script that adds flags of its own).
pub const DEBIAN_CHROMIUM: &str = "/usr/lib/chromium/chromium";

/// The flags every drill browser runs with, besides its profile directory and the page.
pub const CHROMIUM_FLAGS: [&str; 10] = [
    "--headless",
    // Chromium refuses to run as root inside a sandbox; the browser only ever loads loopback pages.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--mute-audio",
    // Keep timers of a page nobody looks at running at full rate.
    "--disable-background-timer-throttling",
];

/// Why a real-player run failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The browser is not installed where expected.
    #[error(
        "no browser at {path}: install Debian's chromium (apt-get install --no-install-recommends chromium)"
    )]
    NoBrowser {
        /// The path looked at.
        path: PathBuf,
    },
    /// The player page or hls.js is missing.
    #[error("{path} is missing: run `npm ci` in {dir}")]
    NoPage {
        /// The missing file.
        path: PathBuf,
        /// The player directory.
        dir: PathBuf,
    },
    /// hls.js's `package.json` could not be read.
    #[error("cannot read the hls.js version from {path}")]
    HlsVersion {
        /// The file.
        path: PathBuf,
    },
    /// The drill clock does not run at real speed.
    #[error("clock speed = {speed}: a real player needs drill time at real speed (1)")]
    Speed {
        /// The clock's speed.
        speed: u32,
    },
    /// The drill's page server could not start.
    #[error("cannot listen on 127.0.0.1 for the player page")]
    Serve(#[source] std::io::Error),
    /// A profile directory could not be made.
    #[error("cannot make a browser profile directory")]
    Profile(#[source] std::io::Error),
    /// The browser could not be started.
    #[error("cannot start the browser at {path}")]
    Launch {
        /// The executable.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The page reported nothing in time.
    #[error("the player page reported nothing within {waited:?} (browser output: {output})")]
    Silent {
        /// How long the drill waited.
        waited: Duration,
        /// The end of what the browser printed.
        output: String,
    },
    /// The deployment could not start.
    #[error(transparent)]
    Deployment(#[from] deployment::Error),
    /// A drill clock could not be made.
    #[error(transparent)]
    Clock(crate::clock::Error),
}

/// The segment length of real-player runs, in seconds: short, so that a scenario plays in under a
/// minute of real time.
pub const SUITE_SEGMENT_SECONDS: u32 = 2;

/// The real-player suite, each scenario with the page's behaviour after a fatal error: every scenario
/// of [`Scenario::catalogue`] with the shipped page ([`Recovery::StartLoad`]), then both Regions
/// failing again with a page that does not recover ([`Recovery::Stop`]). The catalogue's times suit
/// 6 s segments; here they are scaled to [`SUITE_SEGMENT_SECONDS`].
pub fn suite() -> Vec<(Scenario, Recovery)> {
    let scaled = |s: Scenario| s.scaled(SUITE_SEGMENT_SECONDS, 6);
    let catalogue = Scenario::catalogue();
    let without_recovery = catalogue
        .iter()
        .filter(|s| s.name == BOTH_REGIONS_FAIL)
        .map(|s| (scaled(s.clone()), Recovery::Stop))
        .collect::<Vec<_>>();
    catalogue
        .into_iter()
        .map(|s| (scaled(s), Recovery::StartLoad))
        .chain(without_recovery)
        .collect()
}

/// The scenario where every copy fails at once, the one where the page's [`Recovery`] decides the
/// outcome.
pub const BOTH_REGIONS_FAIL: &str = "origin-failure-both-regions";

/// The speed the modelled player runs at next to the real one: a 2 s segment lasts a third of a
/// second, as the drill's own 6 s segments do at 20x, far above a loaded machine's scheduling jitter.
pub const MODEL_SPEED: u32 = 6;

/// The installed browser and the player page.
#[derive(Debug, Clone)]
pub struct RealPlayer {
    chromium: PathBuf,
    page_dir: PathBuf,
    hls_version: String,
}

/// The files the drill serves from the player directory, by URL path.
const PAGE: &str = "index.html";
const HLS_JS: &str = "node_modules/hls.js/dist/hls.min.js";

impl RealPlayer {
    /// Checks that `chromium` exists and that `page_dir` holds `index.html` and hls.js (after
    /// `npm ci`), and reads hls.js's version.
    pub fn locate(chromium: &Path, page_dir: &Path) -> Result<Self, Error> {
        if !chromium.is_file() {
            return Err(Error::NoBrowser {
                path: chromium.to_owned(),
            });
        }
        for file in [PAGE, HLS_JS] {
            let path = page_dir.join(file);
            if !path.is_file() {
                return Err(Error::NoPage {
                    path,
                    dir: page_dir.to_owned(),
                });
            }
        }
        let manifest = page_dir.join("node_modules/hls.js/package.json");
        let hls_version = std::fs::read(&manifest)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
            .and_then(|json| json.get("version")?.as_str().map(str::to_owned))
            .ok_or_else(|| Error::HlsVersion {
                path: manifest.clone(),
            })?;
        Ok(Self {
            chromium: chromium.to_owned(),
            page_dir: page_dir.to_owned(),
            hls_version,
        })
    }

    /// Plays `scenario` in the modelled player (at [`MODEL_SPEED`], on its own clock starting at
    /// `start`) and then in the browser (real time, a clock starting at `start` too), both with the
    /// page behaviour `settings.player.recovery`: the two rows side by side.
    pub async fn compare(
        &self,
        scenario: &Scenario,
        settings: &deployment::DrillSettings,
        start: hls_epoch::Timestamp,
    ) -> Result<crate::report::Comparison, Error> {
        let fast = DrillClock::new(start, tokio::time::Instant::now(), MODEL_SPEED).map_err(Error::Clock)?;
        let model = scenario.run(settings, &fast).await?;
        let clock = DrillClock::new(start, tokio::time::Instant::now(), 1).map_err(Error::Clock)?;
        let real = self.run(scenario, settings, &clock).await?;
        Ok(crate::report::Comparison { model, real })
    }

    /// The hls.js version the page plays with (from its `package.json`).
    pub fn hls_version(&self) -> &str {
        &self.hls_version
    }

    /// Runs `scenario` on a fresh deployment built from `settings` (which should carry real media),
    /// with the page playing in the browser, told to behave as `settings.player.recovery` says after
    /// a fatal error. Everything started is ended before this returns, the browser by its process id.
    pub async fn run(
        &self,
        scenario: &Scenario,
        settings: &deployment::DrillSettings,
        clock: &DrillClock,
    ) -> Result<BrowserRow, Error> {
        if clock.speed() != 1 {
            return Err(Error::Speed { speed: clock.speed() });
        }
        let settings = scenario.settings_for(settings);
        let deployment = LocalDeployment::start(settings, clock.clone()).await?;
        let outcome = self.play(scenario, &deployment, clock).await;
        let (recovery, container) = (
            deployment.settings().player.recovery,
            deployment.settings().media.container(),
        );
        let ids = deployment.edge().origin_ids().map(str::to_owned);
        let base = deployment.first_copy().to_owned();
        deployment.shutdown().await;
        let (t0, end, events) = outcome?;
        Ok(BrowserRow::measure(
            scenario,
            (recovery, container),
            &self.hls_version,
            Primary {
                origin: &ids[0],
                pipeline: &base,
            },
            t0,
            end,
            &events,
        ))
    }

    async fn play(
        &self,
        scenario: &Scenario,
        deployment: &LocalDeployment,
        clock: &DrillClock,
    ) -> Result<(Duration, Duration, Vec<TimedEvent>), Error> {
        clock.sleep(deployment.warm_up()).await;
        let inbox = Arc::new(Inbox::default());
        let server = self.serve(inbox.clone(), clock.clone()).await?;
        let player = &deployment.settings().player;
        let master = &player.master_key;
        let url = format!(
            "http://{page}/{PAGE}?src=http://{edge}/{master}&events=/events&recover={}",
            u8::from(player.recovery == Recovery::StartLoad),
            page = server.addr(),
            edge = deployment.edge().addr(),
        );
        let mut browser = Browser::launch(&self.chromium, &url)?;
        // The page must say something within a few seconds, or nothing below would be measured.
        let waited = Duration::from_secs(20);
        let Some(t0) = clock.timeout(waited, inbox.first()).await else {
            let output = browser.end();
            server.shutdown().await;
            return Err(Error::Silent { waited, output });
        };
        // The page posts its start at once: from then on hls.js runs, as the model's player does from
        // its start. Timing the faults from the browser's launch instead would give hls.js a head
        // start or a handicap of however long the browser took to come up (0.3 s to 3 s on a busy
        // machine), which shifts its reload timer against the fault.
        scenario.play_faults(deployment, clock, t0).await;
        // The run ends with the scenario, as the model's does; the page's last batch of events (it
        // posts every 250 ms) is still let in.
        let end = clock.elapsed();
        clock.sleep(Duration::from_millis(500)).await;
        browser.end();
        server.shutdown().await;
        Ok((t0, end, inbox.timed()))
    }

    async fn serve(&self, inbox: Arc<Inbox>, clock: DrillClock) -> Result<Server, Error> {
        let dir = self.page_dir.clone();
        let handler: http::Handler = Arc::new(move |request| {
            let dir = dir.clone();
            let inbox = inbox.clone();
            let clock = clock.clone();
            Box::pin(async move {
                let path = request.uri().path().trim_start_matches('/').to_owned();
                match (request.method().as_str(), path.as_str()) {
                    ("POST", "events") => {
                        let arrived = clock.elapsed();
                        match request.into_body().collect().await {
                            Ok(body) => {
                                inbox.receive(&body.to_bytes(), arrived);
                                http::reply(204, &[], Bytes::new())
                            }
                            Err(_) => http::reply(400, &[], Bytes::new()),
                        }
                    }
                    ("GET", file @ (PAGE | HLS_JS)) => match tokio::fs::read(dir.join(file)).await {
                        Ok(body) => {
                            let kind = if file == PAGE {
                                "text/html; charset=utf-8"
                            } else {
                                "text/javascript"
                            };
                            http::reply(200, &[("content-type", kind)], Bytes::from(body))
                        }
                        Err(_) => http::reply(404, &[], Bytes::new()),
                    },
                    _ => http::reply(404, &[], Bytes::new()),
                }
            })
        });
        Server::bind(handler, Arc::new(|| true))
            .await
            .map_err(Error::Serve)
    }
}

/// A running browser, ended (killed and reaped) by its process id on [`Browser::end`] or drop.
struct Browser {
    child: Option<Child>,
    profile: tempfile::TempDir,
}

impl Browser {
    fn launch(chromium: &Path, url: &str) -> Result<Self, Error> {
        let profile = tempfile::Builder::new()
            .prefix("failover-drill-chromium-")
            .tempdir()
            .map_err(Error::Profile)?;
        let log = std::fs::File::create(profile.path().join("browser.log")).map_err(Error::Profile)?;
        let child = Command::new(chromium)
            .args(CHROMIUM_FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|source| Error::Launch {
                path: chromium.to_owned(),
                source,
            })?;
        Ok(Self {
            child: Some(child),
            profile,
        })
    }

    /// Kills the browser, waits for it, and returns the end of what it printed.
    fn end(&mut self) -> String {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let log = std::fs::read_to_string(self.profile.path().join("browser.log")).unwrap_or_default();
        log.lines()
            .filter(|line| !line.contains("dbus"))
            .rev()
            .take(5)
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One event the page posted, as it sent it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PageEvent {
    /// The page started hls.js.
    Page {
        /// hls.js's own version string.
        version: String,
        /// Whether the page recovers from fatal network errors.
        recover: bool,
    },
    /// The master playlist was parsed.
    Manifest {
        /// Levels (renditions) after folding redundant copies into pathways.
        levels: u32,
    },
    /// A rendition playlist was loaded.
    Playlist {
        /// Its URL.
        url: String,
        /// What the edge said served it.
        #[serde(rename = "servedBy")]
        served_by: Option<String>,
        /// The edge's cache status.
        cache: Option<String>,
    },
    /// A segment was loaded.
    Segment {
        /// Its URL.
        url: String,
        /// Its media sequence number.
        sn: u64,
        /// The hls.js pathway it came through.
        pathway: Option<String>,
        /// What the edge said served it.
        #[serde(rename = "servedBy")]
        served_by: Option<String>,
        /// The edge's cache status.
        cache: Option<String>,
    },
    /// hls.js raised an error.
    Error {
        /// `networkError`, `mediaError`, ...
        kind: String,
        /// hls.js's error details (`levelLoadError`, `fragLoadError`, `bufferStalledError`, ...).
        details: String,
        /// Whether hls.js stopped.
        fatal: bool,
        /// The URL concerned, if any.
        url: Option<String>,
        /// The HTTP status, if any.
        code: Option<u16>,
    },
    /// The page asked hls.js to start again.
    Recover {
        /// How (`startLoad`, `recoverMediaError`).
        how: String,
    },
    /// The video element started or resumed playing.
    Playing,
    /// The video element ran out of data.
    Waiting,
    /// A periodic sample of the video element.
    Sample {
        /// The play head, in media seconds.
        #[serde(rename = "currentTime")]
        current_time: f64,
        /// Seconds buffered ahead of the play head.
        buffered: f64,
    },
    /// Anything else the page reports.
    #[serde(other)]
    Other,
}

/// An event with its page timestamp.
#[derive(Debug, serde::Deserialize)]
struct Stamped {
    /// `performance.now()` when it happened, in milliseconds.
    t: f64,
    #[serde(flatten)]
    event: PageEvent,
}

#[derive(Debug, serde::Deserialize)]
struct Batch {
    sent: f64,
    events: Vec<Stamped>,
}

/// An event placed on the drill clock.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TimedEvent {
    /// Drill time since the clock's start.
    #[serde(with = "crate::report::seconds")]
    pub at: Duration,
    /// What happened.
    #[serde(flatten)]
    pub event: PageEvent,
}

/// What the page posted, with each batch's arrival time.
#[derive(Debug, Default)]
struct Inbox {
    batches: Mutex<Vec<(Duration, Batch)>>,
    notify: tokio::sync::Notify,
}

impl Inbox {
    fn receive(&self, body: &[u8], arrived: Duration) {
        match serde_json::from_slice::<Batch>(body) {
            Ok(batch) => {
                self.batches
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push((arrived, batch));
                self.notify.notify_waiters();
            }
            Err(error) => tracing::warn!(%error, "the player page posted events the drill cannot read"),
        }
    }

    /// Waits for the first batch; when it arrived.
    async fn first(&self) -> Duration {
        loop {
            let notified = self.notify.notified();
            if let Some((arrived, _)) = self
                .batches
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .first()
            {
                return *arrived;
            }
            notified.await;
        }
    }

    /// Every event on the drill clock, in page order.
    fn timed(&self) -> Vec<TimedEvent> {
        let batches = self.batches.lock().unwrap_or_else(PoisonError::into_inner);
        // Page time + offset = drill time; a batch can only arrive after it was sent, so the smallest
        // difference is the best estimate of the offset.
        let offset = batches
            .iter()
            .map(|(arrived, batch)| arrived.as_secs_f64() - batch.sent / 1000.0)
            .fold(f64::INFINITY, f64::min);
        let mut events: Vec<(f64, TimedEvent)> = batches
            .iter()
            .flat_map(|(_, batch)| &batch.events)
            .map(|stamped| {
                let at = (offset + stamped.t / 1000.0).max(0.0);
                (
                    stamped.t,
                    TimedEvent {
                        at: Duration::try_from_secs_f64(at).unwrap_or_default(),
                        event: stamped.event.clone(),
                    },
                )
            })
            .collect();
        events.sort_by(|a, b| a.0.total_cmp(&b.0));
        events.into_iter().map(|(_, e)| e).collect()
    }
}

/// The primary Region's origin id and the primary pipeline's base name: what "not failed over" means.
#[derive(Debug, Clone, Copy)]
struct Primary<'a> {
    origin: &'a str,
    pipeline: &'a str,
}

/// What the real player showed in one scenario, in drill seconds since the page started hls.js.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BrowserRow {
    /// The scenario's name.
    pub scenario: String,
    /// The edge timeouts it ran with.
    pub edge_timeouts: EdgeTimeouts,
    /// What the page did after a fatal network error.
    pub recovery: Recovery,
    /// The container the segments were in.
    pub container: Container,
    /// The hls.js version.
    pub hls_version: String,
    /// Total time the video element waited for data after it first played.
    #[serde(with = "crate::report::seconds")]
    pub stall: Duration,
    /// Each stall (`waiting` to `playing`, or to the end of the run).
    pub stalls: Vec<Stall>,
    /// Errors hls.js raised.
    pub errors: usize,
    /// Of those, the fatal ones.
    pub fatal_errors: usize,
    /// Errors by hls.js's details.
    pub errors_by_details: BTreeMap<String, u32>,
    /// Times the page restarted hls.js.
    pub recoveries: u32,
    /// From the fault to the first answer from another origin or pipeline.
    #[serde(with = "crate::report::option_seconds")]
    pub time_to_failover: Option<Duration>,
    /// From the recovery to the first answer from the primary origin and pipeline again (not from the
    /// edge's cache).
    #[serde(with = "crate::report::option_seconds")]
    pub time_to_failback: Option<Duration>,
    /// Segments by the origin that served them.
    pub segments_by_origin: BTreeMap<String, u32>,
    /// Segments by the pipeline (base name) that wrote them.
    pub segments_by_pipeline: BTreeMap<String, u32>,
    /// When the video first played.
    #[serde(with = "crate::report::option_seconds")]
    pub started: Option<Duration>,
    /// Media seconds played after the recovery (zero when playback never resumed).
    #[serde(with = "crate::report::seconds")]
    pub played_after_recovery: Duration,
    /// When the fault started and ended (if it did), for the timeline.
    #[serde(with = "crate::report::seconds")]
    pub fault_at: Duration,
    /// When the recovery happened.
    #[serde(with = "crate::report::option_seconds")]
    pub recover_at: Option<Duration>,
    /// How long the run lasted.
    #[serde(with = "crate::report::seconds")]
    pub duration: Duration,
    /// Every event, since the page started hls.js.
    pub events: Vec<TimedEvent>,
}

impl BrowserRow {
    fn measure(
        scenario: &Scenario,
        (recovery, container): (Recovery, Container),
        hls_version: &str,
        primary: Primary<'_>,
        t0: Duration,
        end: Duration,
        events: &[TimedEvent],
    ) -> Self {
        // What happened from the browser's start to the end of the scenario.
        let events: Vec<TimedEvent> = events
            .iter()
            .filter(|e| e.at <= end)
            .map(|e| TimedEvent {
                at: e.at.saturating_sub(t0),
                event: e.event.clone(),
            })
            .collect();
        let duration = end.saturating_sub(t0);
        let fault_at = scenario.fault_at;
        let recover_at = scenario.recover_at;
        let mut stalls = Vec::new();
        let mut started = None;
        let mut open: Option<Duration> = None;
        let mut errors_by_details = BTreeMap::new();
        let (mut errors, mut fatal_errors, mut recoveries) = (0, 0, 0);
        let mut segments_by_origin = BTreeMap::new();
        let mut segments_by_pipeline = BTreeMap::new();
        for e in &events {
            match &e.event {
                PageEvent::Playing => {
                    started.get_or_insert(e.at);
                    if let Some(start) = open.take() {
                        stalls.push(Stall { start, end: e.at });
                    }
                }
                PageEvent::Waiting if started.is_some() && open.is_none() => open = Some(e.at),
                PageEvent::Error { details, fatal, .. } => {
                    errors += 1;
                    fatal_errors += usize::from(*fatal);
                    *errors_by_details.entry(details.clone()).or_insert(0) += 1;
                }
                PageEvent::Recover { .. } => recoveries += 1,
                PageEvent::Segment { url, served_by, .. } => {
                    let origin = served_by.clone().unwrap_or_else(|| "-".to_owned());
                    *segments_by_origin.entry(origin).or_insert(0) += 1;
                    *segments_by_pipeline.entry(pipeline_of(url)).or_insert(0) += 1;
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            stalls.push(Stall { start, end: duration });
        }
        let answered = |e: &&TimedEvent| -> Option<(String, String, bool)> {
            match &e.event {
                PageEvent::Playlist {
                    url,
                    served_by,
                    cache,
                }
                | PageEvent::Segment {
                    url,
                    served_by,
                    cache,
                    ..
                } => Some((
                    served_by.clone().unwrap_or_default(),
                    pipeline_of(url),
                    cache.as_deref().is_some_and(|c| c.starts_with("Hit")),
                )),
                _ => None,
            }
        };
        let time_to_failover = events
            .iter()
            .filter(|e| e.at >= fault_at)
            .find(|e| {
                answered(e).is_some_and(|(origin, pipeline, _)| {
                    origin != primary.origin || pipeline != primary.pipeline
                })
            })
            .map(|e| e.at - fault_at);
        let time_to_failback = match (recover_at, time_to_failover) {
            (Some(recover_at), Some(_)) => events
                .iter()
                .filter(|e| e.at >= recover_at)
                .find(|e| {
                    answered(e).is_some_and(|(origin, pipeline, hit)| {
                        !hit && origin == primary.origin && pipeline == primary.pipeline
                    })
                })
                .map(|e| e.at - recover_at),
            _ => None,
        };
        let played_after_recovery = recover_at.map_or(Duration::ZERO, |recover_at| {
            let times: Vec<f64> = events
                .iter()
                .filter(|e| e.at >= recover_at)
                .filter_map(|e| match e.event {
                    PageEvent::Sample { current_time, .. } => Some(current_time),
                    _ => None,
                })
                .collect();
            match (times.first(), times.last()) {
                (Some(first), Some(last)) => {
                    Duration::try_from_secs_f64((last - first).max(0.0)).unwrap_or_default()
                }
                _ => Duration::ZERO,
            }
        });
        Self {
            scenario: scenario.name.clone(),
            edge_timeouts: scenario.edge_timeouts,
            recovery,
            container,
            hls_version: hls_version.to_owned(),
            stall: stalls.iter().map(Stall::duration).sum(),
            stalls,
            errors,
            fatal_errors,
            errors_by_details,
            recoveries,
            time_to_failover,
            time_to_failback,
            segments_by_origin,
            segments_by_pipeline,
            started,
            played_after_recovery,
            fault_at,
            recover_at,
            duration,
            events,
        }
    }
}

/// The pipeline's base name in a playlist or segment URL: MediaLive names them
/// `<base><modifier>[_<number>].<ext>`, and the drill's modifiers start with `_`.
pub(crate) fn pipeline_of(url: &str) -> String {
    let file = url.rsplit('/').next().unwrap_or(url);
    file.split('_').next().unwrap_or(file).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipelines_are_read_from_urls() {
        assert_eq!(
            pipeline_of("http://127.0.0.1:1/demo/backup_720p30_42.ts"),
            "backup"
        );
        assert_eq!(pipeline_of("demo/primary_360p30.m3u8"), "primary");
    }

    #[test]
    fn page_time_maps_onto_drill_time_by_the_quickest_batch() {
        let inbox = Inbox::default();
        inbox.receive(
            br#"{"sent": 1000, "events": [{"t": 900, "type": "playing"}]}"#,
            Duration::from_millis(5_050),
        );
        inbox.receive(
            br#"{"sent": 2000, "events": [{"t": 1990, "type": "sample", "currentTime": 1.5, "buffered": 6}]}"#,
            Duration::from_millis(6_010),
        );
        let timed = inbox.timed();
        assert_eq!(timed.len(), 2);
        // The second batch waited least: offset 4.01 s.
        assert_eq!(timed[0].at, Duration::from_millis(4_910));
        assert_eq!(timed[0].event, PageEvent::Playing);
        assert!(matches!(timed[1].event, PageEvent::Sample { current_time, .. } if current_time == 1.5));
    }
}
