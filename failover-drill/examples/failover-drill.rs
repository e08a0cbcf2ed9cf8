//! Rehearses every failure of the two-Region live HLS workflow on loopback and prints what a viewer saw.
//!
//! ```text
//! cargo run -p failover-drill --example failover-drill              # the tables
//! cargo run -p failover-drill --example failover-drill -- --json    # JSON
//! cargo run -p failover-drill --example failover-drill -- --scenario channel-stop --speed 10
//! cargo run -p failover-drill --example failover-drill -- --container fmp4   # real fMP4 segments
//! cargo run -p failover-drill --example failover-drill -- --real-player --container ts --container fmp4 --report drill-report
//! ```
//!
//! `--container ts|fmp4` (may repeat) writes real H.264/AAC segments that `ffmpeg` encodes, in MPEG-TS
//! or fragmented MP4, and runs every scenario in each; without it the model drill writes one-line text
//! segments (fast, no `ffmpeg`) and `--real-player` plays MPEG-TS.
//!
//! `--real-player` plays the real-player suite (every scenario of the catalogue with the shipped page,
//! and both Regions failing again with a page without the `startLoad()` recovery; `--scenario`
//! narrows it) with 2 s segments in headless Chromium (`player/index.html`; run `npm ci` in `player/`
//! first) and in the model, prints them side by side for every scenario and container and, with
//! `--report DIR`, writes a timeline per run and an HTML page linking them into `DIR`.
//!
//! Without `--real-player`, after the catalogue's table it runs the scenarios both origin kinds are
//! compared on (`Scenario::origin_comparison`: MediaStore next to MediaPackage v2 with default and
//! media-quality selection, and the MediaPackage v2 settings that must fail) and prints them side by
//! side, with the stale-primary figures; `--scenario` narrows both, `--no-compare` skips the second.
//! With the comparison, `--json` prints `{"catalogue": ..., "origin_comparison": ...}`, each a report.
//!
//! Exits with status 1 when a scenario does not show what it should.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use clap::Parser;
use failover_drill::browser::{MODEL_SPEED, RealPlayer, SUITE_SEGMENT_SECONDS, suite};
use failover_drill::media::{Container, Encoder, MediaLibrary, SegmentBodies};
use failover_drill::report::{Comparison, OriginSideBySide, SideBySide};
use failover_drill::{DrillClock, DrillSettings, Report, Scenario};
use hls_epoch::{Cadence, EpochClock, FrameRate, Timestamp};

/// Rehearse the resilient two-Region live HLS workflow locally.
#[derive(Debug, Parser)]
struct Args {
    /// Drill seconds per real second (1 = real time).
    #[arg(long, default_value_t = 20)]
    speed: u32,
    /// Segment length in whole seconds, as MediaLive's `SegmentLength`.
    #[arg(long, default_value_t = 6)]
    segment: u32,
    /// Frame rate of the encodes (`30`, `29.97`, `25`, ...).
    #[arg(long, default_value = "30")]
    frame_rate: String,
    /// Run only the scenarios with this name (may repeat).
    #[arg(long)]
    scenario: Vec<String>,
    /// Print JSON instead of the table.
    #[arg(long)]
    json: bool,
    /// Skip the MediaStore / MediaPackage v2 comparison.
    #[arg(long)]
    no_compare: bool,
    /// Real media in this segment container, `ts` or `fmp4` (may repeat: every scenario runs in
    /// each). Without it the model drill writes text segments and `--real-player` plays `ts`.
    #[arg(long)]
    container: Vec<Container>,
    /// Play the real-player suite in headless Chromium next to the model (real time, about five minutes
    /// per container).
    #[arg(long)]
    real_player: bool,
    /// The browser for `--real-player`.
    #[arg(long, default_value = failover_drill::browser::DEBIAN_CHROMIUM)]
    chromium: PathBuf,
    /// The player page's directory (with hls.js installed by `npm ci`) for `--real-player`.
    #[arg(long, default_value = "player")]
    player_dir: PathBuf,
    /// Where `--real-player` writes its timelines and HTML report.
    #[arg(long)]
    report: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    if args.real_player {
        return real_player(&args).await;
    }
    let rate: FrameRate = args.frame_rate.parse()?;
    let cadence = Cadence::from_medialive_segment_length(args.segment, rate)?;
    let start = Timestamp::try_from(SystemTime::now())?;
    let wanted = |s: &Scenario| args.scenario.is_empty() || args.scenario.contains(&s.name);
    let scenarios: Vec<Scenario> = Scenario::catalogue().into_iter().filter(wanted).collect();
    let compared: Vec<Scenario> = if args.no_compare {
        Vec::new()
    } else {
        Scenario::origin_comparison().into_iter().filter(wanted).collect()
    };
    if scenarios.is_empty() && compared.is_empty() {
        let mut names: Vec<String> = Scenario::catalogue().into_iter().map(|s| s.name).collect();
        names.extend(Scenario::origin_comparison().into_iter().map(|s| s.name));
        names.dedup();
        return Err(format!(
            "no scenario matches {:?}: choose from {}",
            args.scenario,
            names.join(", ")
        )
        .into());
    }
    // Text segments, or real media in each container asked for.
    let mut runs = Vec::new();
    if args.container.is_empty() {
        runs.push((None, DrillSettings::new(cadence)));
    }
    let longest = scenarios.iter().map(|s| s.duration).max().unwrap_or_default();
    for &container in &args.container {
        let mut settings = DrillSettings::new(cadence);
        settings.media = encode(container, &settings, start, longest)?;
        runs.push((Some(container), settings));
    }
    let mut failures = Vec::new();
    let mut check = |scenario: &Scenario, row: &failover_drill::Row| {
        if let Err(problems) = scenario.check(row) {
            failures.extend(problems.into_iter().map(|p| {
                format!(
                    "{} ({}, {:?}): {p}",
                    scenario.name,
                    scenario.origin.label(),
                    scenario.edge_timeouts
                )
            }));
        }
    };
    for (container, settings) in &runs {
        let mut rows = Vec::new();
        for scenario in &scenarios {
            // Every scenario's clock starts at `start`, so that one library of media covers them all.
            let clock = DrillClock::new(start, tokio::time::Instant::now(), args.speed)?;
            let row = scenario.run(settings, &clock).await?;
            check(scenario, &row);
            rows.push(row);
        }
        let mut compared_rows = Vec::new();
        for scenario in &compared {
            let clock = DrillClock::new(start, tokio::time::Instant::now(), args.speed)?;
            let row = scenario.run(settings, &clock).await?;
            check(scenario, &row);
            compared_rows.push(row);
        }
        let report = Report {
            speed: args.speed,
            segment_seconds: cadence.duration().to_string(),
            rows,
        };
        let comparison = Report {
            rows: compared_rows,
            ..report.clone()
        };
        if args.json && comparison.rows.is_empty() {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else if args.json {
            let both = serde_json::json!({"catalogue": report, "origin_comparison": comparison});
            println!("{}", serde_json::to_string_pretty(&both)?);
        } else {
            match container {
                Some(container) => println!("segments: {container} (real media)"),
                None => println!("segments: text"),
            }
            if !report.rows.is_empty() {
                print!("{report}");
            }
            if !comparison.rows.is_empty() {
                println!("\nMediaStore and MediaPackage v2 side by side (recommended edge timeouts):");
                print!("{}", OriginSideBySide(&comparison.rows));
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        for failure in &failures {
            eprintln!("unexpected: {failure}");
        }
        std::process::exit(1)
    }
}

/// Real media in `container` covering the player's warm-up and `longest` from `start`, encoded once.
fn encode(
    container: Container,
    settings: &DrillSettings,
    start: Timestamp,
    longest: Duration,
) -> Result<SegmentBodies, Box<dyn std::error::Error>> {
    let span = settings.cadence.duration().to_duration() * (settings.player.live_sync_segments + 2)
        + longest
        + Duration::from_secs(10);
    let encoder = Encoder {
        container,
        ..Encoder::default()
    };
    let library = MediaLibrary::covering(&encoder, EpochClock::unix(settings.cadence), start, span)?;
    eprintln!(
        "encoded {} {container} segments in {:.1} s (segment numbers burnt in: {})",
        library.numbers().count(),
        library.encode_time().as_secs_f64(),
        library.numbered(),
    );
    Ok(SegmentBodies::Encoded(Arc::new(library)))
}

/// The real-player suite in each container, three browsers at a time, next to the model.
async fn real_player(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    let player = RealPlayer::locate(&args.chromium, &args.player_dir)?;
    eprintln!("hls.js {}", player.hls_version());
    let cadence = Cadence::from_medialive_segment_length(SUITE_SEGMENT_SECONDS, FrameRate::FPS_30)?;
    let start = Timestamp::try_from(SystemTime::now())?;
    let scenarios: Vec<_> = suite()
        .into_iter()
        .filter(|(s, _)| args.scenario.is_empty() || args.scenario.contains(&s.name))
        .collect();
    if scenarios.is_empty() {
        return Err(format!("no scenario of the suite matches {:?}", args.scenario).into());
    }
    let containers = if args.container.is_empty() {
        vec![Container::Ts]
    } else {
        args.container.clone()
    };
    // Every run's clock starts at `start`: one library of media per container covers them all.
    let longest = scenarios
        .iter()
        .map(|(s, _)| s.duration)
        .max()
        .unwrap_or_default();
    let mut plan = Vec::new();
    for container in containers {
        let mut settings = DrillSettings::new(cadence);
        settings.media = encode(container, &settings, start, longest)?;
        for (scenario, recovery) in &scenarios {
            let mut settings = settings.clone();
            settings.player.recovery = *recovery;
            plan.push((scenario.clone(), settings));
        }
    }
    // The model first, one scenario at a time: its sped-up clock must not share the cores with browsers.
    let mut models = Vec::new();
    for (scenario, settings) in &plan {
        let clock = DrillClock::new(start, tokio::time::Instant::now(), MODEL_SPEED)?;
        models.push(scenario.run(settings, &clock).await?);
    }
    let browsers = Arc::new(tokio::sync::Semaphore::new(3));
    let mut runs = tokio::task::JoinSet::new();
    for (index, (scenario, settings)) in plan.into_iter().enumerate() {
        let (player, browsers) = (player.clone(), browsers.clone());
        runs.spawn(async move {
            let _permit = browsers.acquire().await;
            eprintln!(
                "playing {} ({:?} edge timeouts, {} segments, page: {})",
                scenario.name,
                scenario.edge_timeouts,
                settings.media.container(),
                settings.player.recovery.name()
            );
            let clock = DrillClock::new(start, tokio::time::Instant::now(), 1)?;
            let real = player.run(&scenario, &settings, &clock).await?;
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>((index, real))
        });
    }
    let mut comparisons = Vec::new();
    while let Some(done) = runs.join_next().await {
        let (index, real) = done?.map_err(|e| e.to_string())?;
        let model = models[index].clone();
        comparisons.push((index, Comparison { model, real }));
    }
    comparisons.sort_by_key(|(index, _)| *index);
    let comparisons: Vec<_> = comparisons.into_iter().map(|(_, c)| c).collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&comparisons)?);
    } else {
        print!("{}", SideBySide(&comparisons));
    }
    if let Some(dir) = &args.report {
        let index = failover_drill::timeline::write_report(dir, &comparisons)?;
        eprintln!("report: {}", index.display());
    }
    Ok(())
}
