//! The recipe's failover paths played by a real player: the project's page (`player/index.html`, hls.js)
//! in headless Chromium, on real H.264/AAC segments, next to the modelled player on the same scenario.
//!
//! A binary of its own, run after the modelled drill's: it needs the browser, `ffmpeg` and hls.js
//! (`scripts/test` installs them), and real time. A missing one is a failure, never a skip.
//!
//! Scenarios run with 2 s segments, their catalogue times scaled by a third (30 s of steady play
//! become 10 s), at most [`BROWSERS`] browsers at once: the recipe's three failover paths in MPEG-TS and
//! in fMP4 (a test per container, playing the three at once), both Regions failing with and without
//! the page's recovery, and MediaPackage v2 origins with a stale and with a degraded primary Region.
//! The binary takes about five minutes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use failover_drill::browser::{
    BOTH_REGIONS_FAIL, BrowserRow, DEBIAN_CHROMIUM, RealPlayer, SUITE_SEGMENT_SECONDS, suite,
};
use failover_drill::media::{Container, Encoder, MediaLibrary, SegmentBodies};
use failover_drill::player::Recovery;
use failover_drill::report::{Comparison, SideBySide};
use failover_drill::timeline;
use failover_drill::{DrillSettings, Row, Scenario};
use hls_epoch::{Cadence, EpochClock, FrameRate, Timestamp};
use origin_failover::failover_path::FailoverPath;
use tokio::sync::Semaphore;

/// The drill instant every run starts at: the same segment numbers, so one library serves all.
const START: &str = "2026-11-24T22:00:00Z";
/// Browsers at once: a browser takes about a fifth of a core, and the test harness runs two tests at
/// once on a two-core machine, one of which may play three scenarios at once.
static BROWSERS: Semaphore = Semaphore::const_new(4);

fn cadence() -> Cadence {
    Cadence::from_medialive_segment_length(SUITE_SEGMENT_SECONDS, FrameRate::FPS_30).unwrap()
}

fn start() -> Timestamp {
    START.parse().unwrap()
}

/// The media in `container`, made once for every test of this binary: warm-up and the longest
/// scenario, with margin.
fn media(container: Container) -> SegmentBodies {
    static MEDIA: [OnceLock<SegmentBodies>; 2] = [OnceLock::new(), OnceLock::new()];
    let slot = &MEDIA[usize::from(container == Container::Fmp4)];
    slot.get_or_init(|| {
        let encoder = Encoder {
            container,
            ..Encoder::default()
        };
        let library = MediaLibrary::covering(
            &encoder,
            EpochClock::unix(cadence()),
            start(),
            Duration::from_secs(90),
        )
        .unwrap_or_else(|e| panic!("the real-player tests need ffmpeg: {e}"));
        assert_eq!(library.container(), container);
        assert_eq!(library.init().is_some(), container == Container::Fmp4);
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

fn settings(recovery: Recovery, container: Container) -> DrillSettings {
    let mut settings = DrillSettings::new(cadence());
    settings.media = media(container);
    settings.player.recovery = recovery;
    settings
}

fn scenario(name: &str, recovery: Recovery) -> Scenario {
    suite()
        .into_iter()
        .find(|(s, r)| s.name == name && *r == recovery)
        .map(|(s, _)| s)
        .unwrap()
}

/// The scenario in the model and in the browser, side by side, with the page's `recovery`, on media
/// in `container`; its timeline is written under the target directory for a person to look at.
async fn both(name: &str, recovery: Recovery, container: Container) -> Comparison {
    played(scenario(name, recovery), recovery, container).await
}

/// [`both`] for any scenario.
async fn played(scenario: Scenario, recovery: Recovery, container: Container) -> Comparison {
    let player = real_player();
    let settings = settings(recovery, container);
    let _permit = BROWSERS.acquire().await.unwrap();
    let comparison = player.compare(&scenario, &settings, start()).await.unwrap();
    assert_eq!(
        (comparison.real.recovery, comparison.real.container),
        (recovery, container)
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-player");
    let index = timeline::write_report(
        &dir.join(format!(
            "{}-{}-{}-{container}",
            scenario.name,
            scenario.origin.label().replace(' ', "-"),
            recovery.name()
        )),
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
    comparison
}

/// [`both`], the real player's row and the model's.
async fn rows(name: &str, recovery: Recovery) -> (BrowserRow, Row) {
    let comparison = both(name, recovery, Container::Ts).await;
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
async fn after_both_regions_fail_the_shipped_page_recovers() {
    let (real, _) = rows(BOTH_REGIONS_FAIL, Recovery::StartLoad).await;
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
    let comparison = both(BOTH_REGIONS_FAIL, Recovery::Stop, Container::Ts).await;
    let real = &comparison.real;
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

/// The model mirrors a page without the recovery: it stops loading after the fatal error too, and
/// its stall and failover agree with hls.js's within a second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_both_regions_fail_the_model_without_start_load_agrees_with_hls_js() {
    let comparison = both(BOTH_REGIONS_FAIL, Recovery::Stop, Container::Fmp4).await;
    assert!(
        comparison.real.fatal_errors > 0,
        "{:?}",
        comparison.real.errors_by_details
    );
    assert_eq!(comparison.real.recoveries, 0);
    let model = &comparison.model;
    let last = model.stalls.last().expect("a stall in the model");
    assert!(
        comparison.real.duration.abs_diff(last.end) < Duration::from_secs(1),
        "the model's stall lasts to the end too: {:#?}",
        model.stalls
    );
    assert_eq!(comparison.differences(), Vec::<String>::new());
}

/// The recipe's three failover paths on media in `container`, played at once: hls.js plays each
/// without a stall, and so does the model.
async fn three_failover_paths(container: Container) {
    let runs = FailoverPath::ALL
        .map(|path| async move { (path, both(path.name(), Recovery::StartLoad, container).await) });
    let [a, b, c] = runs;
    let (a, b, c) = tokio::join!(a, b, c);
    for (path, comparison) in [a, b, c] {
        let real = &comparison.real;
        seamless(real);
        match path {
            // The edge hides the fault: the backup Region serves the outage.
            FailoverPath::SourceLossPrimaryPipeline | FailoverPath::PrimaryRegionDown => {
                hidden_by_the_edge(real);
            }
            // hls.js sees the 404 and moves to the backup pipeline's copy.
            FailoverPath::SourceLossBothRegions => {
                assert!(real.errors > 0, "{path:?}");
                assert!(
                    real.segments_by_pipeline.get("backup").is_some_and(|&n| n > 0),
                    "{path:?}: {:?}",
                    real.segments_by_pipeline
                );
            }
        }
        assert_eq!(
            comparison.model.stall,
            Duration::ZERO,
            "{path:?}: {:#?}",
            comparison.model.stalls
        );
    }
}

/// MPEG-TS, which hls.js transmuxes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_three_failover_paths_play_without_a_stall_in_mpeg_ts() {
    three_failover_paths(Container::Ts).await;
}

/// fMP4: an initialization segment named by `#EXT-X-MAP`, then fragmented MP4 segments.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_three_failover_paths_play_without_a_stall_in_fmp4() {
    three_failover_paths(Container::Fmp4).await;
}

/// MediaPackage v2 in hls.js: a stale primary Region abandoned on force-error, and a degraded primary
/// Region passed over by media-quality selection, both without a stall and without an error reaching
/// the player, the backup Region serving meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mediapackage_stale_and_degraded_primaries_play_without_a_stall() {
    let run = |name: &'static str, origin: &'static str| async move {
        let scenario = Scenario::compared(name, origin)
            .unwrap()
            .scaled(SUITE_SEGMENT_SECONDS, 6);
        (name, played(scenario, Recovery::StartLoad, Container::Ts).await)
    };
    let (a, b) = tokio::join!(
        run("stale-primary-region", "mediapackage-v2"),
        run("degraded-primary-region", "mediapackage-v2 mqar")
    );
    for (name, comparison) in [a, b] {
        let real = &comparison.real;
        seamless(real);
        assert_eq!(real.errors, 0, "{name}: {:?}", real.errors_by_details);
        assert!(
            real.segments_by_origin.get("us-west-2").is_some_and(|&n| n > 0),
            "{name}: {:?}",
            real.segments_by_origin
        );
        assert_eq!(
            comparison.model.stall,
            Duration::ZERO,
            "{name}: {:#?}",
            comparison.model.stalls
        );
    }
}
