//! Plan, apply, run and tear down the resilient two-Region live HLS workflow.
//!
//! ```text
//! cargo run -p workflow --example deploy                      # plan examples/event.toml into ./plan
//! cargo run -p workflow --example deploy -- plan   --config event.toml --out plan
//! cargo run -p workflow --example deploy -- apply  --config event.toml --state state.json
//! cargo run -p workflow --example deploy -- start  --state state.json   # flows, then channels
//! cargo run -p workflow --example deploy -- status --state state.json [--json]
//! cargo run -p workflow --example deploy -- stop   --state state.json   # channels, then flows
//! cargo run -p workflow --example deploy -- verify --config event.toml --state state.json [--as-run log] [--json]
//! cargo run -p workflow --example deploy -- teardown --state state.json
//! ```
//!
//! With no arguments it plans the bundled example config: no AWS account is needed, and the
//! secret `User-Agent` is a fixed placeholder unless the variable the config names is set.
//! The commands that call AWS use aws-config's standard chain (`AWS_PROFILE`, `AWS_REGION`,
//! `AWS_ENDPOINT_URL`, ...). Logs go to standard error; `RUST_LOG` sets their level.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::SystemTime;

use aws_config::retry::RetryConfig;
use clap::{Parser, Subcommand};
use hls_epoch::Timestamp;
use mediastore_policy::UserAgentSecret;
use workflow::aws::AwsCloud;
use workflow::dag::Site;
use workflow::{Config, Plan, Polling};

/// The bundled example config.
const EXAMPLE_CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/event.toml");

/// Used by the no-argument plan when the config's secret variable is unset, so the plan renders
/// anywhere. It is marked as what it is; `apply` never uses it.
const PLACEHOLDER_SECRET: &str = "PLACEHOLDER-not-a-secret-0123456789abcdef";

#[derive(Debug, Parser)]
#[command(about = "Plan, apply, run and tear down the resilient two-Region live HLS workflow")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render every document into a plan directory and print the steps (no AWS call).
    Plan {
        /// The deployment config.
        #[arg(long, default_value = EXAMPLE_CONFIG)]
        config: PathBuf,
        /// The plan directory.
        #[arg(long, default_value = "plan")]
        out: PathBuf,
    },
    /// Create (or adopt) every resource in both Regions.
    Apply {
        /// The deployment config.
        #[arg(long)]
        config: PathBuf,
        /// The state file.
        #[arg(long, default_value = "state.json")]
        state: PathBuf,
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
    /// Remove every resource the state file records.
    Teardown {
        /// The state file.
        #[arg(long, default_value = "state.json")]
        state: PathBuf,
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
        None => plan(Path::new(EXAMPLE_CONFIG), Path::new("plan"), true),
        Some(Command::Plan { config, out }) => plan(&config, &out, config == Path::new(EXAMPLE_CONFIG)),
        Some(Command::Apply { config, state }) => {
            let config = read_config(&config)?;
            let secret = secret(&config, false)?;
            let plan = Plan::new(&config, &secret)?;
            let regions = Site::BOTH.map(|site| config.region(site).to_string());
            let cloud = AwsCloud::from_env(&[&regions[0], &regions[1]], RetryConfig::standard()).await;
            let report = workflow::apply(cloud, plan, &state, Polling::default()).await?;
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
            let config = read_config(&config)?;
            // The secret only shapes the container policies, which verify does not read.
            let secret = secret(&config, true)?;
            let plan = Plan::new(&config, &secret)?;
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
        Some(Command::Teardown { state }) => {
            if !state.exists() {
                println!("nothing to remove: {} does not exist", state.display());
                return Ok(());
            }
            let cloud = cloud_for(&state).await?;
            let report = workflow::teardown(&cloud, &state).await?;
            println!("{report}");
            Ok(())
        }
    }
}

/// SDK clients for the Regions the state file records.
async fn cloud_for(state: &Path) -> Result<AwsCloud, Box<dyn std::error::Error>> {
    let recorded = workflow::State::load(state)?
        .ok_or_else(|| format!("{} does not exist: run apply first", state.display()))?;
    let regions: Vec<&str> = recorded.regions.values().map(|r| r.region.as_str()).collect();
    Ok(AwsCloud::from_env(&regions, RetryConfig::standard()).await)
}

fn plan(config_path: &Path, out: &Path, allow_placeholder: bool) -> Result<(), Box<dyn std::error::Error>> {
    let config = read_config(config_path)?;
    let secret = secret(&config, allow_placeholder)?;
    let plan = Plan::new(&config, &secret)?;
    let files = plan.write(out)?;
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
    Ok(())
}

fn read_config(path: &Path) -> Result<Config, Box<dyn std::error::Error>> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    Config::from_toml(&text).map_err(|error| format!("{}: {error}", path.display()).into())
}

fn secret(config: &Config, allow_placeholder: bool) -> Result<UserAgentSecret, Box<dyn std::error::Error>> {
    let variable = config.user_agent_env();
    match std::env::var(variable) {
        Ok(value) => Ok(UserAgentSecret::new(&value).map_err(|error| format!("{variable}: {error}"))?),
        Err(_) if allow_placeholder => {
            eprintln!("note: {variable} is not set; planning with a placeholder User-Agent secret");
            Ok(UserAgentSecret::new(PLACEHOLDER_SECRET)?)
        }
        Err(_) => Err(format!(
            "set {variable} to the secret User-Agent (for example: export {variable}=$(openssl rand -hex 16))"
        )
        .into()),
    }
}
