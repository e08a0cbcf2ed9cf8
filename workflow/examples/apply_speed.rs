//! How fast `apply` deploys: the example event applied to a simulated AWS on a virtual clock.
//!
//! ```text
//! cargo run -p resilient-live --example apply_speed [-- path/to/event.toml]
//! ```
//!
//! Without a path it measures both bundled events: the recipe's on MediaStore
//! (`examples/event-mediastore.toml`) and the same event on MediaPackage v2 (`examples/event.toml`).
//!
//! The simulated AWS answers with the documented latency profile (container ACTIVE after about
//! 2 minutes, distribution Deployed after about 20, channel created after about 20 s, every call
//! a 200 ms round trip), on tokio's paused clock: a 22-minute deployment runs in a fraction of a
//! second and the same run always gives the same figures. The example prints the run's (virtual)
//! duration, the DAG's critical path with the measured step durations, what a strictly sequential
//! order would take, and their ratio, with PASS when the run takes at most 1.05 x the critical path
//! (the process exits with an error otherwise). Then, for the first event, how the run grows with the
//! number of renditions in the ladder and, on MediaStore, whether several events can share the
//! containers.
//!
//! Every figure printed is measured by this program; none is written in it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use mediastore_policy::{DataEndpoint, UserAgentSecret};
use origin_failover::Site;
use resilient_live::apply::Report;
use resilient_live::cloud::HasMediaStore as _;
use resilient_live::cloud::mediastore::MediaStore as _;
use resilient_live::dag::{self, CriticalPath, Step};
use resilient_live::origin::{MediaStoreStep, OriginStep};
use resilient_live::plan::{MediaStorePlan, OriginPlan};
use resilient_live::simulated::{LatencyProfile, SimulatedCloud};
use resilient_live::{Config, Plan, Polling};

type Error = Box<dyn std::error::Error>;

/// The target: the run takes at most this many times its critical path.
const TARGET_RATIO: f64 = 1.05;

/// How many times the real (wall-clock) cost of plan + apply is measured; the median is printed.
const WALL_RUNS: usize = 5;

/// A secret for the simulation only (the simulated origins check nothing).
const SECRET: &str = "apply-speed-benchmark-secret-0123";

/// One measured apply.
struct Measured {
    report: Report,
    critical_path: CriticalPath,
    sequential: Duration,
}

impl Measured {
    fn ratio(&self) -> f64 {
        self.report.duration.as_secs_f64() / self.critical_path.length.as_secs_f64()
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    // A paused clock: sleeps end at once and tokio's Instant advances by exactly the time slept.
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()?)
}

/// Applies `plan` on a fresh simulated AWS and measures it.
fn measure(
    plan: &Plan,
    secret: &UserAgentSecret,
    profile: LatencyProfile,
    state_dir: &Path,
) -> Result<(Measured, SimulatedCloud), Error> {
    let cloud = SimulatedCloud::new(profile);
    let state = state_dir.join("state.json");
    let secret = plan.mediastore().map(|_| secret);
    let report = runtime()?.block_on(resilient_live::apply(
        cloud.clone(),
        plan.clone(),
        secret,
        &state,
        Polling::default(),
    ))?;
    let took = |step: Step| {
        report
            .actions
            .iter()
            .find(|action| action.step == step)
            .map(|action| action.took)
            .unwrap_or_default()
    };
    let critical_path = dag::critical_path(plan.origin(), took);
    let sequential = dag::sequential_duration(plan.origin(), took);
    Ok((
        Measured {
            report,
            critical_path,
            sequential,
        },
        cloud,
    ))
}

/// The median real time `Plan::new` and `apply` take on the simulation (the computation itself:
/// the virtual waits cost nothing).
fn wall_time(
    config: &Config,
    secret: &UserAgentSecret,
    profile: LatencyProfile,
) -> Result<(Duration, Duration), Error> {
    let mut plans = Vec::with_capacity(WALL_RUNS);
    let mut applies = Vec::with_capacity(WALL_RUNS);
    for _ in 0..WALL_RUNS {
        let dir = tempfile::tempdir()?;
        let started = Instant::now();
        let plan = Plan::new(config)?;
        plans.push(started.elapsed());
        let started = Instant::now();
        measure(&plan, secret, profile, dir.path())?;
        applies.push(started.elapsed());
    }
    let median = |mut times: Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    Ok((median(plans), median(applies)))
}

fn minutes(duration: Duration) -> String {
    let tenths = duration.as_millis() / 100;
    format!("{}:{:02}.{}", tenths / 600, tenths / 10 % 60, tenths % 10)
}

/// `count` rungs, largest first, each a distinct height (the outputs' name modifiers differ).
fn ladder_toml(count: usize) -> String {
    const RUNGS: [(u32, u32, u32, &str, &str); 8] = [
        (1920, 1080, 5_000_000, "HIGH", "H264_LEVEL_4_1"),
        (1280, 720, 3_000_000, "HIGH", "H264_LEVEL_3_1"),
        (960, 540, 1_500_000, "MAIN", "H264_LEVEL_3_1"),
        (854, 480, 1_200_000, "MAIN", "H264_LEVEL_3_1"),
        (768, 432, 1_000_000, "MAIN", "H264_LEVEL_3_1"),
        (640, 360, 800_000, "MAIN", "H264_LEVEL_3"),
        (512, 288, 500_000, "MAIN", "H264_LEVEL_3"),
        (416, 234, 300_000, "MAIN", "H264_LEVEL_3"),
    ];
    RUNGS
        .iter()
        .take(count)
        .map(|(width, height, bitrate, profile, level)| {
            format!(
                "\n[[encoding.ladder]]\nwidth = {width}\nheight = {height}\nvideo_bitrate = {bitrate}\n\
                 profile = \"{profile}\"\nlevel = \"{level}\"\n"
            )
        })
        .collect()
}

fn main() -> Result<ExitCode, Error> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let config_paths = match std::env::args_os().nth(1) {
        Some(path) => vec![PathBuf::from(path)],
        None => vec![
            examples.join("event-mediastore.toml"),
            examples.join("event.toml"),
        ],
    };
    let secret = UserAgentSecret::new(SECRET)?;
    let profile = LatencyProfile::default();

    println!("Simulated AWS latency profile (resilient_live::simulated::LatencyProfile::default()):");
    println!("  API call round trip        {:?}", profile.api_call);
    println!("  container ACTIVE           {:?}", profile.container_active);
    println!("  channel created (IDLE)     {:?}", profile.channel_created);
    println!("  input created              {:?}", profile.input_transition);
    println!("  distribution Deployed      {:?}", profile.distribution_deployed);
    println!(
        "  waiters poll at the SDK's minimum delay: {}",
        profile.waiter_polling
    );
    println!();

    // 1. Each event.
    let mut all_pass = true;
    let mut first = None;
    for config_path in &config_paths {
        let config_text = std::fs::read_to_string(config_path)
            .map_err(|error| format!("cannot read {}: {error}", config_path.display()))?;
        let config = Config::from_toml(&config_text)?;
        let (pass, plan, cloud) = measure_event(config_path, &config, &secret, profile)?;
        all_pass &= pass;
        first.get_or_insert((config_text, plan, cloud));
    }
    let Some((config_text, plan, cloud)) = first else {
        return Ok(ExitCode::FAILURE);
    };
    all_pass &= growth(&config_text, &secret, profile)?;
    if let Some(mediastore) = plan.mediastore() {
        sharing(&config_text, &plan, mediastore, &cloud, &secret)?;
    }
    Ok(if all_pass {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Applies one event and prints its run against its critical path; true when it passes.
fn measure_event(
    config_path: &Path,
    config: &Config,
    secret: &UserAgentSecret,
    profile: LatencyProfile,
) -> Result<(bool, Plan, SimulatedCloud), Error> {
    let plan = Plan::new(config)?;
    let dir = tempfile::tempdir()?;
    let (measured, cloud) = measure(&plan, secret, profile, dir.path())?;
    println!(
        "apply of {} ({} origin) on the simulated AWS (virtual time):",
        config_path.display(),
        plan.origin()
    );
    println!("{}", measured.report);
    println!();
    let inventory = cloud.inventory();
    println!(
        "resources: {} ({} duplicates)",
        inventory.resources.len(),
        inventory.duplicates().len()
    );
    println!("run duration        {}", minutes(measured.report.duration));
    println!("critical path       {}", minutes(measured.critical_path.length));
    for step in &measured.critical_path.steps {
        let took = measured
            .report
            .actions
            .iter()
            .find(|action| action.step == *step)
            .map(|action| action.took)
            .unwrap_or_default();
        println!("  {:<42} {:>9}", step.id(), minutes(took));
    }
    println!("sequential order    {}", minutes(measured.sequential));
    let ratio = measured.ratio();
    let pass = ratio <= TARGET_RATIO;
    println!(
        "run / critical path {ratio:.4} (target <= {TARGET_RATIO}): {}",
        if pass { "PASS" } else { "FAIL" }
    );
    println!(
        "sequential / run    {:.2}x (what overlapping the steps saves)",
        measured.sequential.as_secs_f64() / measured.report.duration.as_secs_f64()
    );
    // What the waiters' polling cadence costs: the same run with waits that end the moment the
    // simulated state is reached (apply's own container polling is unchanged).
    let exact = LatencyProfile {
        waiter_polling: false,
        ..profile
    };
    let dir = tempfile::tempdir()?;
    let (without_polling, _) = measure(&plan, secret, exact, dir.path())?;
    println!(
        "run if waiters saw state changes at once {} (polling cost {})",
        minutes(without_polling.report.duration),
        minutes(
            measured
                .report
                .duration
                .saturating_sub(without_polling.report.duration)
        )
    );
    println!();

    Ok((pass, plan, cloud))
}

/// How the run grows with the number of renditions in the ladder; true when every run passes.
fn growth(config_text: &str, secret: &UserAgentSecret, profile: LatencyProfile) -> Result<bool, Error> {
    println!("(a) growth with the number of renditions in the ladder:");
    println!(
        "{:>6} {:>13} {:>14} {:>14} {:>7} {:>12} {:>13}",
        "rungs", "channel JSON", "run (virtual)", "critical path", "ratio", "plan (wall)", "apply (wall)"
    );
    let mut all_pass = true;
    for rungs in [1, 2, 4, 8] {
        let config = Config::from_toml(&format!("{config_text}{}", ladder_toml(rungs)))?;
        let plan = Plan::new(&config)?;
        let channel = match plan.origin_plan() {
            OriginPlan::MediaStore(origin) => origin.channel(
                Site::Primary,
                "1234567",
                &"https://example.data.mediastore.us-east-1.amazonaws.com".parse::<DataEndpoint>()?,
            )?,
            OriginPlan::MediaPackage(origin) => origin.channel(Site::Primary, "1234567")?,
            _ => return Err("an origin this benchmark does not know".into()),
        };
        let channel_bytes = serde_json::to_vec(&channel)?.len();
        let dir = tempfile::tempdir()?;
        let (measured, _) = measure(&plan, secret, profile, dir.path())?;
        all_pass &= measured.ratio() <= TARGET_RATIO;
        let (plan_wall, apply_wall) = wall_time(&config, secret, profile)?;
        println!(
            "{rungs:>6} {:>11} B {:>14} {:>14} {:>7.4} {:>9.2} ms {:>10.2} ms",
            channel_bytes,
            minutes(measured.report.duration),
            minutes(measured.critical_path.length),
            measured.ratio(),
            plan_wall.as_secs_f64() * 1000.0,
            apply_wall.as_secs_f64() * 1000.0,
        );
    }
    println!(
        "    The simulated latencies do not depend on the ladder (AWS documents none that does:\n    \
         a bigger channel document is one CreateChannel call either way), so the virtual run is flat;\n    \
         the wall columns are the real medians of {WALL_RUNS} runs of Plan::new and of apply on the\n    \
         simulation (apply's includes writing and syncing the state file after every step)."
    );
    println!();
    Ok(all_pass)
}

/// Whether several events can share the MediaStore containers.
fn sharing(
    config_text: &str,
    plan: &Plan,
    mediastore: &MediaStorePlan,
    cloud: &SimulatedCloud,
    secret: &UserAgentSecret,
) -> Result<(), Error> {
    println!("(b) growth with the number of events sharing the containers:");
    let second = config_text
        .replacen("name = \"demo\"", "name = \"demo2\"", 1)
        .replacen("path = \"live\"", "path = \"live2\"", 1);
    if second == config_text {
        println!("    not measured: the config does not use the example's event name and path");
    } else {
        // Apply a second event naming the same containers with another path, and look at what the
        // shared containers hold afterwards.
        let second = Config::from_toml(&second)?;
        let second_plan = Plan::new(&second)?;
        let runtime = runtime()?;
        let dir = tempfile::tempdir()?;
        let report = runtime.block_on(resilient_live::apply(
            cloud.clone(),
            second_plan.clone(),
            Some(secret),
            &dir.path().join("state.json"),
            Polling::default(),
        ))?;
        let container = mediastore.settings().container(Site::Primary).to_string();
        let region = plan.site(Site::Primary).region.to_string();
        let lifecycle = runtime
            .block_on(cloud.mediastore(&region).lifecycle_policy(&container))?
            .unwrap_or_default();
        let first_rule_kept = lifecycle.contains(&format!("\"{}/", mediastore.settings().path()));
        println!(
            "    a second event on the same containers: {} (virtual), containers {}",
            minutes(report.duration),
            report
                .actions
                .iter()
                .filter(|a| matches!(
                    a.step,
                    Step::Origin {
                        origin_step: OriginStep::MediaStore(MediaStoreStep::CreateContainer),
                        ..
                    }
                ))
                .map(|a| a.outcome.as_str())
                .collect::<Vec<_>>()
                .join("/")
        );
        println!(
            "    the shared container's lifecycle policy after it: first event's rules {}",
            if first_rule_kept { "kept" } else { "REPLACED" }
        );
        if first_rule_kept {
            println!("    sharing works for the lifecycle policy; no table of its growth is printed yet");
        } else {
            println!(
                "    NOT SUPPORTED: a container has one lifecycle policy and each event's apply puts its own,\n    \
                 so the last event's replaces the others' stale-manifest rules (and each event's teardown\n    \
                 deletes the shared containers). One config deploys one event; no growth table is printed."
            );
        }
    }

    Ok(())
}
