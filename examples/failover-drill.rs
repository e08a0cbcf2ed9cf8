//! Rehearses every failure of the two-Region live HLS workflow on loopback and prints what a viewer saw.
//!
//! ```text
//! cargo run -p failover-drill --example failover-drill              # the table
//! cargo run -p failover-drill --example failover-drill -- --json    # JSON
//! cargo run -p failover-drill --example failover-drill -- --scenario channel-stop --speed 10
//! ```
//!
//! Exits with status 1 when a scenario does not show what it should.

use std::time::SystemTime;

use clap::Parser;
use failover_drill::{DrillClock, DrillSettings, Report, Scenario};
use hls_epoch::{Cadence, FrameRate, Timestamp};

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
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let rate: FrameRate = args.frame_rate.parse()?;
    let cadence = Cadence::from_medialive_segment_length(args.segment, rate)?;
    let settings = DrillSettings::new(cadence);
    let start = Timestamp::try_from(SystemTime::now())?;
    let clock = DrillClock::new(start, tokio::time::Instant::now(), args.speed)?;
    let scenarios: Vec<Scenario> = Scenario::catalogue()
        .into_iter()
        .filter(|s| args.scenario.is_empty() || args.scenario.contains(&s.name))
        .collect();
    if scenarios.is_empty() {
        let names: Vec<String> = Scenario::catalogue().into_iter().map(|s| s.name).collect();
        return Err(format!(
            "no scenario matches {:?}: choose from {}",
            args.scenario,
            names.join(", ")
        )
        .into());
    }
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for scenario in &scenarios {
        let row = scenario.run(&settings, &clock).await?;
        if let Err(problems) = scenario.check(&row) {
            failures.extend(
                problems
                    .into_iter()
                    .map(|p| format!("{} ({:?}): {p}", scenario.name, scenario.edge_timeouts)),
            );
        }
        rows.push(row);
    }
    let report = Report {
        speed: args.speed,
        segment_seconds: cadence.duration().to_string(),
        rows,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
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
