//! The recipe's failover paths played by a real player: the project's page (`player/index.html`, hls.js)
//! in headless Chromium, on real H.264/AAC segments, next to the modelled player on the same scenario.
//!
//! A binary of its own, run after the modelled drill's: it needs the browser, `ffmpeg` and hls.js
//! (`scripts/test` installs them), and real time. A missing one is a failure, never a skip.
//!
//! Scenarios run with 2 s segments, their catalogue times scaled by a third (30 s of steady play
//! become 10 s), at most two browsers at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use failover_drill::browser::{BrowserRow, DEBIAN_CHROMIUM, RealPlayer, SUITE_SEGMENT_SECONDS, suite};
use failover_drill::media::{Encoder, MediaLibrary, SegmentBodies};
use failover_drill::report::SideBySide;
use failover_drill::timeline;
use failover_drill::{DrillSettings, Row, Scenario};
use hls_epoch::{Cadence, EpochClock, FrameRate, Timestamp};
use tokio::sync::Semaphore;

/// The drill instant every run starts at: the same segment numbers, so one library serves all.
const START: &str = "2026-11-24T22:00:00Z";
/// Browsers at once: the machine has two cores.
static BROWSERS: Semaphore = Semaphore::const_new(2);

fn cadence() -> Cadence {
    Cadence::from_medialive_segment_length(SUITE_SEGMENT_SECONDS, FrameRate::FPS_30).unwrap()
}

fn start() -> Timestamp {
    START.parse().unwrap()
}

/// The media, made once for every test of this binary: warm-up and the longest scenario, with margin.
fn media() -> SegmentBodies {
    static MEDIA: OnceLock<SegmentBodies> = OnceLock::new();
    MEDIA
        .get_or_init(|| {
            let library = MediaLibrary::covering(
                &Encoder::default(),
                EpochClock::unix(cadence()),
                start(),
                Duration::from_secs(90),
            )
            .unwrap_or_else(|e| panic!("the real-player tests need ffmpeg: {e}"));
            SegmentBodies::Encoded(std::sync::Arc::new(library))
        })
        .clone()
}

fn player_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../player")
}

fn real_player() -> RealPlayer {
    let chromium = std::env::var_os("FAILOVER_DRILL_CHROMIUM")
        .map_or_else(|| PathBuf::from(DEBIAN_CHROMIUM), PathBuf::from);
    RealPlayer::locate(&chromium, &player_dir())
        .unwrap_or_else(|e| panic!("the real-player tests need the browser and hls.js: {e}"))
}

fn settings() -> DrillSettings {
    let mut settings = DrillSettings::new(cadence());
    settings.media = media();
    settings
}

fn scenario(name: &str, recover: bool) -> Scenario {
    suite()
        .into_iter()
        .find(|(s, r)| s.name == name && *r == recover)
        .map(|(s, _)| s)
        .unwrap()
}

/// The scenario in the model and in the browser, side by side; its timeline is written under the
/// target directory for a person to look at.
async fn both(scenario: &Scenario, recover: bool) -> (BrowserRow, Row) {
    let player = real_player();
    let _permit = BROWSERS.acquire().await.unwrap();
    let comparison = player
        .compare(scenario, &settings(), start(), recover)
        .await
        .unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-player");
    let index = timeline::write_report(
        &dir.join(format!("{}-{recover}", scenario.name)),
        std::slice::from_ref(&comparison),
    )
    .unwrap();
    eprintln!(
        "{}\ntimeline: {}",
        SideBySide(std::slice::from_ref(&comparison)),
        index.display()
    );
    // The model played the same real segments and found each one the media its number names.
    assert_eq!(comparison.model.media_mismatches, 0);
    assert!(comparison.model.segments_by_pathway.iter().sum::<u32>() > 0);
    (comparison.real, comparison.model)
}

fn seamless(real: &BrowserRow) {
    assert!(real.started.is_some(), "the video never played: {real:#?}");
    assert_eq!(real.stall, Duration::ZERO, "{:#?}", real.stalls);
    assert_eq!(real.fatal_errors, 0, "{:?}", real.errors_by_details);
    assert!(
        real.time_to_failover.is_some(),
        "nothing failed over: {:?}",
        real.segments_by_origin
    );
}

/// The edge hides the fault: no error reaches hls.js, and the backup Region serves the outage.
fn hidden_by_the_edge(real: &BrowserRow) {
    assert_eq!(real.errors, 0, "{:?}", real.errors_by_details);
    assert!(
        real.segments_by_origin
            .get("demowest-us-west-2")
            .is_some_and(|&n| n > 0),
        "{:?}",
        real.segments_by_origin
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn source_loss_in_the_primary_region_plays_without_a_stall() {
    let (real, _) = both(&scenario("source-loss-primary-pipeline", true), true).await;
    seamless(&real);
    hidden_by_the_edge(&real);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn source_loss_in_both_regions_plays_without_a_stall() {
    let (real, _) = both(&scenario("source-loss-both-regions", true), true).await;
    seamless(&real);
    // hls.js sees the 404 and moves to the backup pipeline's copy.
    assert!(real.errors > 0);
    assert!(
        real.segments_by_pipeline.get("backup").is_some_and(|&n| n > 0),
        "{:?}",
        real.segments_by_pipeline
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn origin_failure_in_the_primary_region_plays_without_a_stall() {
    let (real, _) = both(&scenario("primary-region-down", true), true).await;
    seamless(&real);
    hidden_by_the_edge(&real);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_both_regions_fail_the_shipped_page_recovers() {
    let (real, _) = both(&scenario("origin-failure-both-regions", true), true).await;
    assert!(real.fatal_errors > 0, "{:?}", real.errors_by_details);
    assert!(real.recoveries > 0);
    assert!(
        real.played_after_recovery >= Duration::from_secs(5),
        "played {:?} after the recovery: {:#?}",
        real.played_after_recovery,
        real.stalls
    );
    assert!(
        real.stalls.last().is_some_and(|s| s.end < real.duration),
        "still stalled at the end: {:#?}",
        real.stalls
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_both_regions_fail_a_page_without_start_load_stays_black() {
    let (real, _) = both(&scenario("origin-failure-both-regions", false), false).await;
    assert!(real.fatal_errors > 0, "{:?}", real.errors_by_details);
    assert_eq!(real.recoveries, 0);
    assert!(
        real.played_after_recovery < Duration::from_secs(1),
        "played {:?} after the recovery",
        real.played_after_recovery
    );
    let last = real.stalls.last().expect("a stall");
    assert_eq!(
        last.end, real.duration,
        "the stall lasts to the end: {:#?}",
        real.stalls
    );
}
