//! Plan, apply, run and tear down the resilient two-Region live HLS workflow.
//!
//! ```text
//! cargo run -p workflow --example deploy                      # plan examples/event.toml into ./plan
//! cargo run -p workflow --example deploy -- plan   --config event.toml --out plan [--allow-stall]
//! cargo run -p workflow --example deploy -- apply  --config event.toml --state state.json [--allow-stall]
//! cargo run -p workflow --example deploy -- start  --state state.json   # flows, then channels
//! cargo run -p workflow --example deploy -- status --state state.json [--json]
//! cargo run -p workflow --example deploy -- stop   --state state.json   # channels, then flows
//! cargo run -p workflow --example deploy -- verify --config event.toml --state state.json [--as-run log] [--json]
//! cargo run -p workflow --example deploy -- drill  --config event.toml --state state.json \
//!     (--preset source-loss-primary-pipeline | --site primary --pipelines 0|1|both) [--hold 60s] [--json]
//! cargo run -p workflow --example deploy -- teardown --state state.json
//! cargo run -p workflow --example deploy -- teardown --state state.json --discover --config event.toml
//! ```
//!
//! `plan` and `apply` refuse a config whose origin timeouts make a viewer's player stall while the
//! primary Region fails, naming the stall and the recommended timeouts; `--allow-stall` (or the config's
//! `allow_stall = true` under `[cloudfront]`) accepts it with a warning. `verify`, `drill` and
//! `teardown --discover` work on a deployment that exists, so they do not judge its budget again.
//!
//! `teardown --discover` is for a lost or stale state file: after removing what the state file
//! records, it looks the event's resources up by the names the config gives them and removes
//! those too.
//!
//! With no arguments it plans the bundled example config: no AWS account is needed. Only the
//! commands that write the secret `User-Agent` read it, from the variable the config names: `apply`,
//! and `plan` for the files that hold it (each Region's container policy and the distribution),
//! which it skips, saying so, when the variable is not set.
//! The commands that call AWS use aws-config's standard chain (`AWS_PROFILE`, `AWS_REGION`,
//! `AWS_ENDPOINT_URL`, ...). Logs go to standard error; `RUST_LOG` sets their level.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use clap::{Parser, Subcommand};
use hls_epoch::Timestamp;
use medialive_template::Pipeline;
use mediastore_policy::UserAgentSecret;
use origin_failover::Site;
use origin_failover::failover_path::FailoverPath;
use workflow::aws::{AwsCloud, retry_policy};
use workflow::drill::{Drill, Scenario};
use workflow::{Config, Plan, Polling};

/// The bundled example config.
const EXAMPLE_CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/event.toml");

#[derive(Debug, Parser)]
#[command(about = "Plan, apply, run and tear down the resilient two-Region live HLS workflow")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render every document into a plan directory and print the steps (no AWS call). The files
    /// holding the secret `User-Agent` are rendered only when the variable the config names is set.
    Plan {
        /// The deployment config.
        #[arg(long, default_value = EXAMPLE_CONFIG)]
        config: PathBuf,
        /// The plan directory.
        #[arg(long, default_value = "plan")]
        out: PathBuf,
        /// Accept origin timeouts whose failover the player's buffer cannot hide (as the config's
        /// `allow_stall = true` under [cloudfront]); the plan shows the stall as a warning.
        #[arg(long)]
        allow_stall: bool,
    },
    /// Create (or adopt) every resource in both Regions.
    Apply {
        /// The deployment config.
        #[arg(long)]
        config: PathBuf,
        /// The state file.
        #[arg(long, default_value = "state.json")]
        state: PathBuf,
        /// Accept origin timeouts whose failover the player's buffer cannot hide (as the config's
        /// `allow_stall = true` under [cloudfront]).
        #[arg(long)]
        allow_stall: bool,
    },
    /// Start the flows (waiting for ACTIVE), then the channels (waiting for RUNNING).
    Start {
        /// The state file.
        #[arg(long, default_value = "state.json")]
        state: PathBuf,
    },
    /// Stop the channels (waiting for IDLE), then the flows (waiting for STANDBY).
    Stop {
        /// The state file.
        #[arg(long, default_value = "state.json")]
        state: PathBuf,
    },
    /// Describe every resource the state file records, with its live state.
    Status {
        /// The state file.
        #[arg(long, default_value = "state.json")]
        state: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check the segments in both containers (epoch-locked, A vs B, Region vs Region) and each
    /// container's index.m3u8 at the current time; exits non-zero on any failure.
    Verify {
        /// The deployment config.
        #[arg(long)]
        config: PathBuf,
        /// The state file.
        #[arg(long, default_value = "state.json")]
        state: PathBuf,
        /// A MediaLive as-run log (one JSON record a line) to judge too.
        #[arg(long)]
        as_run: Option<PathBuf>,
        /// Print JSON instead of a report.
        #[arg(long)]
        json: bool,
    },
    /// Rehearse a failover path: pause pipelines through the channel schedule, hold, check the
    /// segments, and always unpause; exits non-zero when an expectation fails. Presets:
    /// source-loss-primary-pipeline, source-loss-both-regions, primary-region-down.
    Drill {
        /// The deployment config.
        #[arg(long)]
        config: PathBuf,
        /// The state file.
        #[arg(long, default_value = "state.json")]
        state: PathBuf,
        /// One of the recipe's failover paths.
        #[arg(long, required_unless_present = "site", conflicts_with_all = ["site", "pipelines"])]
        preset: Option<FailoverPath>,
        /// The Region whose channel to pause, instead of a preset: primary or backup.
        #[arg(long, requires = "pipelines")]
        site: Option<Site>,
        /// The pipelines to pause with --site: 0, 1 or both.
        #[arg(long, requires = "site", value_parser = parse_pipelines)]
        pipelines: Option<PipelineChoice>,
        /// How long to keep the pipelines paused, such as 60s or 2m.
        #[arg(long, default_value = "60s", value_parser = parse_duration)]
        hold: Duration,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Remove every resource the state file records (and, with --discover, every resource named
    /// for the event).
    Teardown {
        /// The state file.
        #[arg(long, default_value = "state.json")]
        state: PathBuf,
        /// Also find the event's resources by name, for a lost or stale state file.
        #[arg(long, requires = "config")]
        discover: bool,
        /// The deployment config (names the resources to discover).
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            let mut source = error.source();
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Option<Command>) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        None => plan(Path::new(EXAMPLE_CONFIG), Path::new("plan"), false),
        Some(Command::Plan {
            config,
            out,
            allow_stall,
        }) => plan(&config, &out, allow_stall),
        Some(Command::Apply {
            config,
            state,
            allow_stall,
        }) => {
            let config = with_allow_stall(read_config(&config)?, allow_stall);
            let secret = match config.mediastore() {
                Some(_) => Some(secret(&config)?.ok_or_else(|| missing_secret(&config))?),
                None => None,
            };
            let plan = Plan::new(&config)?;
            warn_of_stall(&plan);
            let regions = Site::BOTH.map(|site| config.region(site).to_string());
            let cloud = AwsCloud::from_env(&[&regions[0], &regions[1]], retry_policy()).await;
            let report = workflow::apply(cloud, plan, secret.as_ref(), &state, Polling::default())
                .await
                .map_err(|error| resume_hint(error, "apply", &state))?;
            println!("{report}");
            println!("state written to {}", state.display());
            Ok(())
        }
        Some(Command::Start { state }) => {
            let cloud = cloud_for(&state).await?;
            println!("{}", workflow::start(&cloud, &state).await?);
            Ok(())
        }
        Some(Command::Stop { state }) => {
            let cloud = cloud_for(&state).await?;
            println!("{}", workflow::stop(&cloud, &state).await?);
            Ok(())
        }
        Some(Command::Status { state, json }) => {
            let cloud = cloud_for(&state).await?;
            let status = workflow::status(&cloud, &state).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&status)?);
            } else {
                print!("{status}");
            }
            Ok(())
        }
        Some(Command::Verify {
            config,
            state,
            as_run,
            json,
        }) => {
            // The deployment exists: its failover budget was accepted (or allowed) when it was applied.
            let plan = Plan::new(&read_config(&config)?.allowing_stall())?;
            let as_run = match as_run {
                Some(path) => Some(
                    std::fs::read_to_string(&path)
                        .map_err(|error| format!("cannot read {}: {error}", path.display()))?,
                ),
                None => None,
            };
            let now = Timestamp::try_from(SystemTime::now())?;
            let cloud = cloud_for(&state).await?;
            let verification = workflow::verify(&cloud, &plan, &state, now, as_run.as_deref()).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&verification)?);
            } else {
                println!("{verification}");
            }
            if verification.passed() {
                Ok(())
            } else {
                Err("verification failed".into())
            }
        }
        Some(Command::Drill {
            config,
            state,
            preset,
            site,
            pipelines,
            hold,
            json,
        }) => {
            // The deployment exists: its failover budget was accepted (or allowed) when it was applied.
            let plan = Plan::new(&read_config(&config)?.allowing_stall())?;
            let scenario = match (preset, site, pipelines) {
                (Some(preset), _, _) => Scenario::from(preset),
                (None, Some(site), Some(pipelines)) => Scenario::custom(site, &pipelines)?,
                _ => return Err("give --preset, or --site with --pipelines".into()),
            };
            // Action names must be unique in a channel's schedule: the start time makes them so.
            let started = Timestamp::try_from(SystemTime::now())?.to_string();
            let discriminator: String = started.chars().filter(char::is_ascii_alphanumeric).collect();
            let drill = Drill::new(scenario, &discriminator, hold)?;
            let recorded = workflow::State::load(&state)?
                .ok_or_else(|| format!("{} does not exist: run apply first", state.display()))?;
            for site in Site::BOTH {
                if drill.scenario().paused(site).is_empty() {
                    continue;
                }
                if let Some(region) = recorded.regions.get(&site)
                    && let Some(channel) = &region.channel
                {
                    eprintln!(
                        "note: should this program be killed before it unpauses, unpause the {site} Region's channel with:\n  {}",
                        workflow::drill::unpause_command(
                            &region.region,
                            &channel.id,
                            &format!("{}-by-hand", drill.unpause_action())
                        )?
                    );
                }
            }
            // Ctrl-C must not leave a channel paused: the drill finishes (and unpauses) first.
            tokio::spawn(async {
                while tokio::signal::ctrl_c().await.is_ok() {
                    eprintln!(
                        "the drill unpauses before it exits: it ends after the hold and the resume check"
                    );
                }
            });
            let cloud = cloud_for(&state).await?;
            let report = workflow::drill(&cloud, &plan, &state, &drill).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!("{report}");
            }
            if report.passed() {
                Ok(())
            } else {
                Err("the drill failed".into())
            }
        }
        Some(Command::Teardown {
            state,
            discover: true,
            config: Some(config),
        }) => {
            // The deployment exists: its failover budget was accepted (or allowed) when it was applied.
            let config = read_config(&config)?.allowing_stall();
            let plan = Plan::new(&config)?;
            let regions = Site::BOTH.map(|site| config.region(site).to_string());
            let cloud = AwsCloud::from_env(&[&regions[0], &regions[1]], retry_policy()).await;
            let report = workflow::teardown::teardown_discovered(&cloud, &plan, &state)
                .await
                .map_err(|error| resume_hint(error, "teardown", &state))?;
            println!("{report}");
            Ok(())
        }
        Some(Command::Teardown { state, .. }) => {
            if !state.exists() {
                println!("nothing to remove: {} does not exist", state.display());
                return Ok(());
            }
            let cloud = cloud_for(&state).await?;
            let report = workflow::teardown(&cloud, &state)
                .await
                .map_err(|error| resume_hint(error, "teardown", &state))?;
            println!("{report}");
            Ok(())
        }
    }
}

/// The error, and how to go on: the state file records every step that finished.
fn resume_hint(error: impl std::fmt::Display, command: &str, state: &Path) -> String {
    format!(
        "{error}\n{} records every step that finished; run the same {command} command again to resume",
        state.display()
    )
}

/// SDK clients for the Regions the state file records.
async fn cloud_for(state: &Path) -> Result<AwsCloud, Box<dyn std::error::Error>> {
    let recorded = workflow::State::load(state)?
        .ok_or_else(|| format!("{} does not exist: run apply first", state.display()))?;
    let regions: Vec<&str> = recorded.regions.values().map(|r| r.region.as_str()).collect();
    Ok(AwsCloud::from_env(&regions, retry_policy()).await)
}

fn plan(config_path: &Path, out: &Path, allow_stall: bool) -> Result<(), Box<dyn std::error::Error>> {
    let config = with_allow_stall(read_config(config_path)?, allow_stall);
    let plan = Plan::new(&config)?;
    let secret = secret(&config)?;
    let files = plan.write(out, secret.as_ref())?;
    print!("{plan}");
    println!();
    println!("Files in {}:", out.display());
    for file in &files {
        let note = if file.holds_secret {
            "  (holds the User-Agent secret: owner-only)"
        } else {
            ""
        };
        println!("  {}{note}", file.path);
    }
    if let (None, Some(mediastore)) = (&secret, config.mediastore()) {
        let variable = mediastore.user_agent_env();
        println!(
            "Skipped: these files hold the secret User-Agent, and {variable} is not set (set it, as apply needs, and plan again to render them):"
        );
        for path in plan.secret_file_paths() {
            println!("  {path}");
        }
    }
    Ok(())
}

/// The config, with stalls allowed when the command line says `--allow-stall`.
fn with_allow_stall(config: Config, allow_stall: bool) -> Config {
    if allow_stall {
        config.allowing_stall()
    } else {
        config
    }
}

/// A warning on standard error when the plan's failover budget stalls (it was allowed).
fn warn_of_stall(plan: &Plan) {
    if let Some(warning) = plan.stall_warning() {
        eprintln!("warning: failover budget: {warning}");
    }
}

/// The pipelines `--pipelines` names. An alias, so that clap takes the list as one value.
type PipelineChoice = Vec<Pipeline>;

/// `0`, `1` or `both`.
fn parse_pipelines(value: &str) -> Result<PipelineChoice, String> {
    match value {
        "both" => Ok(Pipeline::BOTH.to_vec()),
        one => one
            .parse::<Pipeline>()
            .map(|pipeline| vec![pipeline])
            .map_err(|error| format!("{error}, or both")),
    }
}

/// Whole seconds or minutes: `90s`, `2m`, or `90` (seconds).
fn parse_duration(value: &str) -> Result<Duration, String> {
    let (number, unit) = match value.strip_suffix('s') {
        Some(number) => (number, 1),
        None => match value.strip_suffix('m') {
            Some(number) => (number, 60),
            None => (value, 1),
        },
    };
    number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .map(Duration::from_secs)
        .ok_or_else(|| {
            format!("{value:?} is not a duration: expected whole seconds or minutes, such as 60s or 2m")
        })
}

fn read_config(path: &Path) -> Result<Config, Box<dyn std::error::Error>> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    Config::from_toml(&text).map_err(|error| format!("{}: {error}", path.display()).into())
}

/// The secret `User-Agent` from the variable the config names; `None` when it is not set or the
/// origin needs none.
fn secret(config: &Config) -> Result<Option<UserAgentSecret>, Box<dyn std::error::Error>> {
    let Some(variable) = config.mediastore().map(|mediastore| mediastore.user_agent_env()) else {
        return Ok(None);
    };
    match std::env::var(variable) {
        Ok(value) => Ok(Some(
            UserAgentSecret::new(&value).map_err(|error| format!("{variable}: {error}"))?,
        )),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(error) => Err(format!("{variable}: {error}").into()),
    }
}

/// What to do when a command that writes the secret finds no secret.
fn missing_secret(config: &Config) -> String {
    let variable = config
        .mediastore()
        .map_or("the variable event.user_agent_env names", |mediastore| {
            mediastore.user_agent_env()
        });
    format!(
        "set {variable} to the secret User-Agent (for example: export {variable}=$(openssl rand -hex 16))"
    )
}
