//! The `resilient-live` command: plan, apply, run, check and tear down the workflow from a shell.
//!
//! ```text
//! resilient-live plan     --config event.toml --out plan [--allow-stall]
//! resilient-live apply    --config event.toml --state state.json [--allow-stall] [--json]
//! resilient-live start    --state state.json [--json]       # flows, then channels
//! resilient-live status   --state state.json [--json] [--watch [--every 10s]]
//! resilient-live stop     --state state.json [--json]       # channels, then flows
//! resilient-live verify   --config event.toml --state state.json [--as-run log] [--json]
//! resilient-live drill    --config event.toml --state state.json \
//!     (--preset source-loss-primary-pipeline | --site primary --pipelines 0|1|both) [--hold 60s] [--json]
//! resilient-live teardown --state state.json [--discover --config event.toml] [--json]
//! resilient-live completions bash|zsh|fish|elvish|powershell
//! resilient-live man
//! ```
//!
//! `plan` and `apply` refuse a config whose origin timeouts make a viewer's player stall while the
//! primary Region fails, naming the stall and the recommended timeouts; `--allow-stall` (or the
//! config's `allow_stall = true` under `[cloudfront]`) accepts it with a warning. `verify`, `drill`
//! and `teardown --discover` work on a deployment that exists, so they do not judge its budget again.
//! `teardown --discover` is for a lost or stale state file: after removing what the state file
//! records, it looks the event's resources up by the names the config gives them and removes those
//! too.
//!
//! Only the commands that write the secret `User-Agent` read it, from the variable the config
//! names: `apply`, and `plan` for the files that hold it (each Region's container policy and the
//! distribution), which it skips, saying so, when the variable is not set. The commands that call
//! AWS use aws-config's standard chain (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`, ...).
//!
//! `apply`, `start`, `stop` and `teardown` show one line per resource with its state and elapsed
//! time, updating in place, when standard error is a terminal; otherwise one log line per event on
//! standard error, or with `--json` one JSON object per event on standard output. Every command's
//! final report goes to standard output: a table or text, or with `--json` one JSON document (for
//! the long operations, the last JSON line: `{"operation": .., "event": "done", "report": {..}}`).
//! Logs go to standard error; `RUST_LOG` sets their level. Exit codes are [`Exit`]'s: 0 ok, 1 a
//! check failed (`verify`, `drill`), 2 bad input, 3 AWS or the machine failed. `status` reports a
//! recorded resource that no longer exists as missing and exits 0: it is a report, not a check. A
//! reader that stops reading standard output (`| head`) ends the command quietly.
//!
//! The `resilient-live` binary and the workspace's `deploy` example both run [`main`]; the example
//! passes the bundled example config, so that with no arguments it plans it without an AWS account.

mod args;
mod display;
mod error;

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};
use hls_epoch::Timestamp;
use indicatif::{MultiProgress, ProgressDrawTarget};
use mediastore_policy::UserAgentSecret;
use origin_failover::Site;

use crate::aws::{AwsCloud, retry_policy};
use crate::drill::{Drill, Scenario};
use crate::progress::Operation;
use crate::{Config, Plan, Polling, State};

pub use args::{Pipelines, PresetArg, SiteArg};
pub use display::{Display, Mode};
pub use error::{Error, Exit, report};

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "resilient-live",
    version,
    about = "Plan, apply, run and tear down the resilient two-Region live HLS workflow on AWS",
    after_help = "Exit codes: 0 ok; 1 a check failed (verify, drill); 2 bad input (flags, config, \
                  secret, state file); 3 AWS or the machine failed (the same command resumes)."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render every document into a plan directory and print the steps (no AWS call). The files
    /// holding the secret `User-Agent` are rendered only when the variable the config names is set.
    Plan {
        /// The deployment config.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// The plan directory.
        #[arg(long, default_value = "plan", value_name = "DIR")]
        out: PathBuf,
        /// Accept origin timeouts whose failover the player's buffer cannot hide (as the config's
        /// `allow_stall = true` under `[cloudfront]`); the plan shows the stall as a warning.
        #[arg(long)]
        allow_stall: bool,
    },
    /// Create (or adopt) every resource in both Regions.
    Apply {
        /// The deployment config.
        #[arg(long, value_name = "FILE")]
        config: PathBuf,
        /// The state file.
        #[arg(long, default_value = "state.json", value_name = "FILE")]
        state: PathBuf,
        /// Accept origin timeouts whose failover the player's buffer cannot hide (as the config's
        /// `allow_stall = true` under `[cloudfront]`).
        #[arg(long)]
        allow_stall: bool,
        /// Print progress and the report as JSON lines on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Start the flows (waiting for ACTIVE), then the channels (waiting for RUNNING).
    Start {
        /// The state file.
        #[arg(long, default_value = "state.json", value_name = "FILE")]
        state: PathBuf,
        /// Print progress and the report as JSON lines on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Stop the channels (waiting for IDLE), then the flows (waiting for STANDBY).
    Stop {
        /// The state file.
        #[arg(long, default_value = "state.json", value_name = "FILE")]
        state: PathBuf,
        /// Print progress and the report as JSON lines on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Describe every resource the state file records, with its live state (a resource that no
    /// longer exists is reported missing).
    Status {
        /// The state file.
        #[arg(long, default_value = "state.json", value_name = "FILE")]
        state: PathBuf,
        /// Print JSON instead of a table (one line per refresh with --watch).
        #[arg(long)]
        json: bool,
        /// Refresh until interrupted (Ctrl-C).
        #[arg(long)]
        watch: bool,
        /// How often --watch refreshes, such as 10s or 1m.
        #[arg(long, default_value = "10s", value_parser = args::refresh_interval, requires = "watch")]
        every: Duration,
    },
    /// Check at the current time that both Regions' segments are epoch-locked and aligned and that
    /// the origin is as planned (containers and index.m3u8, or endpoints and their playlists
    /// through the distribution); exits 1 on any failure.
    Verify {
        /// The deployment config.
        #[arg(long, value_name = "FILE")]
        config: PathBuf,
        /// The state file.
        #[arg(long, default_value = "state.json", value_name = "FILE")]
        state: PathBuf,
        /// A MediaLive as-run log (one JSON record a line) to judge too.
        #[arg(long, value_name = "FILE")]
        as_run: Option<PathBuf>,
        /// Print JSON instead of a report.
        #[arg(long)]
        json: bool,
    },
    /// Rehearse a failover path: pause pipelines through the channel schedule, hold, check the
    /// segments, and always unpause; exits 1 when an expectation fails.
    Drill {
        /// The deployment config.
        #[arg(long, value_name = "FILE")]
        config: PathBuf,
        /// The state file.
        #[arg(long, default_value = "state.json", value_name = "FILE")]
        state: PathBuf,
        /// One of the recipe's failover paths.
        #[arg(long, required_unless_present = "site", conflicts_with_all = ["site", "pipelines"])]
        preset: Option<PresetArg>,
        /// The Region whose channel to pause, instead of a preset.
        #[arg(long, requires = "pipelines")]
        site: Option<SiteArg>,
        /// The pipelines to pause with --site.
        #[arg(long, requires = "site")]
        pipelines: Option<Pipelines>,
        /// How long to keep the pipelines paused, such as 60s or 2m.
        #[arg(long, default_value = "60s", value_parser = humantime::parse_duration)]
        hold: Duration,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Remove every resource the state file records (and, with --discover, every resource named
    /// for the event).
    Teardown {
        /// The state file.
        #[arg(long, default_value = "state.json", value_name = "FILE")]
        state: PathBuf,
        /// Also find the event's resources by name, for a lost or stale state file.
        #[arg(long, requires = "config")]
        discover: bool,
        /// The deployment config (names the resources to discover; only with --discover).
        #[arg(long, value_name = "FILE", requires = "discover")]
        config: Option<PathBuf>,
        /// Print progress and the report as JSON lines on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script for the command.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the command's man page (roff).
    Man,
}

/// Runs the command line of this process and returns its exit code. `bundled_config` is the
/// config `plan` uses when given none, and what a run with no subcommand plans; without it, a run
/// with no subcommand prints the help.
pub fn main(bundled_config: Option<&Path>) -> ExitCode {
    let command = Cli::command().arg_required_else_help(bundled_config.is_none());
    let cli = match command
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version exit 0; usage errors exit 2, as `Exit::BadInput`.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(Exit::BadInput as u8));
        }
    };
    let lines = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
    init_logs(&cli, &lines);
    match execute(cli, bundled_config, &lines) {
        Ok(()) => Exit::Ok.into(),
        // The reader of standard output went away (`| head`): it has what it wanted.
        Err(Error::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => Exit::Ok.into(),
        Err(error) => {
            let _ = report(&error, &mut io::stderr().lock());
            error.exit().into()
        }
    }
}

/// Logs to standard error, above the progress lines. For the commands that show progress, only
/// warnings, since their progress says what the info logs would; `RUST_LOG` overrides.
fn init_logs(cli: &Cli, lines: &MultiProgress) {
    let level = match &cli.command {
        Some(
            Command::Apply { .. } | Command::Start { .. } | Command::Stop { .. } | Command::Teardown { .. },
        ) => "warn",
        _ => "info",
    };
    let lines = lines.clone();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level)),
        )
        .with_writer(move || display::Stderr(lines.clone()))
        .try_init();
}

/// Runs one command on a new async runtime.
fn execute(cli: Cli, bundled_config: Option<&Path>, lines: &MultiProgress) -> Result<(), Error> {
    match cli.command {
        None => match bundled_config {
            Some(config) => plan(config, Path::new("plan"), false),
            None => Err(Error::NoConfig),
        },
        Some(Command::Plan {
            config,
            out,
            allow_stall,
        }) => {
            let config = config.as_deref().or(bundled_config).ok_or(Error::NoConfig)?;
            plan(config, &out, allow_stall)
        }
        Some(Command::Completions { shell }) => {
            // clap_complete panics when its writer fails: it writes to memory, and this writes out.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "resilient-live", &mut script);
            emit(&script)
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .map_err(Error::Output)?;
            emit(&page)
        }
        Some(command) => {
            let runtime = tokio::runtime::Runtime::new().map_err(Error::Runtime)?;
            runtime.block_on(run(command, lines))
        }
    }
}

/// The commands that call AWS.
async fn run(command: Command, lines: &MultiProgress) -> Result<(), Error> {
    match command {
        Command::Apply {
            config,
            state,
            allow_stall,
            json,
        } => {
            apply(
                &config,
                &state,
                allow_stall,
                display(json, Operation::Apply, lines),
            )
            .await
        }
        Command::Start { state, json } => {
            let cloud = cloud_for(&state).await?;
            let display = display(json, Operation::Start, lines);
            let result = observed(
                &display,
                crate::run::start_with_progress(&cloud, &state, &display),
            )
            .await;
            let report = result.map_err(|source| Error::Run {
                operation: Operation::Start,
                source: Box::new(source),
            })?;
            print_report(json, Operation::Start, &report, None)
        }
        Command::Stop { state, json } => {
            let cloud = cloud_for(&state).await?;
            let display = display(json, Operation::Stop, lines);
            let result = observed(&display, crate::run::stop_with_progress(&cloud, &state, &display)).await;
            let report = result.map_err(|source| Error::Run {
                operation: Operation::Stop,
                source: Box::new(source),
            })?;
            print_report(json, Operation::Stop, &report, None)
        }
        Command::Status {
            state,
            json,
            watch,
            every,
        } => {
            let cloud = cloud_for(&state).await?;
            if watch {
                watch_status(&cloud, &state, json, every).await
            } else {
                let status = crate::status(&cloud, &state)
                    .await
                    .map_err(|error| Error::Status(Box::new(error)))?;
                print_status(&status, json, false)
            }
        }
        Command::Verify {
            config,
            state,
            as_run,
            json,
        } => verify(&config, &state, as_run.as_deref(), json).await,
        Command::Drill {
            config,
            state,
            preset,
            site,
            pipelines,
            hold,
            json,
        } => {
            let scenario = match (preset, site, pipelines) {
                (Some(PresetArg(path)), _, _) => Scenario::from(path),
                (None, Some(SiteArg(site)), Some(pipelines)) => {
                    Scenario::custom(site, &pipelines.to_vec()).map_err(Error::DrillSetup)?
                }
                // clap requires --preset, or --site with --pipelines.
                _ => return Err(Error::DrillSetup(crate::drill::Error::NoPipelines)),
            };
            drill(&config, &state, scenario, hold, json).await
        }
        Command::Teardown {
            state,
            discover,
            config,
            json,
        } => teardown(&state, config.as_deref().filter(|_| discover), json, lines).await,
        // `execute` runs these without a runtime.
        Command::Plan { .. } | Command::Completions { .. } | Command::Man => Ok(()),
    }
}

/// How often plain progress lines say which tasks are still running.
const STILL_RUNNING_EVERY: Duration = Duration::from_secs(30);

/// Awaits a long operation that reports to `display`: in plain mode, says every
/// [`STILL_RUNNING_EVERY`] which tasks are still running; at the end, marks the lines of the tasks
/// the operation left unfinished (it failed first).
async fn observed<F: Future>(display: &Display, work: F) -> F::Output {
    let first = tokio::time::Instant::now() + STILL_RUNNING_EVERY;
    let mut ticker = tokio::time::interval_at(first, STILL_RUNNING_EVERY);
    tokio::pin!(work);
    let output = loop {
        tokio::select! {
            output = &mut work => break output,
            _ = ticker.tick() => display.still_running(),
        }
    };
    display.finish();
    output
}

fn display(json: bool, operation: Operation, lines: &MultiProgress) -> Display {
    Display::new(Mode::detect(json), operation, lines.clone())
}

async fn apply(config: &Path, state: &Path, allow_stall: bool, display: Display) -> Result<(), Error> {
    let config = with_allow_stall(read_config(config)?, allow_stall);
    // Only the MediaStore origin's documents hold a secret; a MediaPackage origin needs none.
    let secret = match config.mediastore() {
        Some(mediastore) => Some(secret(&config)?.ok_or_else(|| Error::MissingSecret {
            variable: mediastore.user_agent_env().to_owned(),
        })?),
        None => None,
    };
    let plan = Plan::new(&config).map_err(Error::Plan)?;
    warn_of_stall(&plan);
    let regions = Site::BOTH.map(|site| config.region(site).to_string());
    let cloud = AwsCloud::from_env(&[&regions[0], &regions[1]], retry_policy()).await;
    let apply =
        crate::apply::apply_with_progress(cloud, plan, secret.as_ref(), state, Polling::default(), &display);
    let result = observed(&display, apply).await;
    let report = result.map_err(|source| match source {
        // The state file's own fault is bad input, not a failure the same command resumes.
        crate::apply::Error::State(error) if error.is_bad_file() => Error::State(error),
        source => Error::Apply {
            state: state.to_owned(),
            source: Box::new(source),
        },
    })?;
    print_report(
        display.mode() == Mode::Json,
        Operation::Apply,
        &report,
        Some(state),
    )
}

async fn verify(config: &Path, state: &Path, as_run: Option<&Path>, json: bool) -> Result<(), Error> {
    // The deployment exists: its failover budget was accepted (or allowed) when it was applied.
    let plan = Plan::new(&read_config(config)?.allowing_stall()).map_err(Error::Plan)?;
    let as_run = match as_run {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|source| Error::ReadAsRun {
            path: path.to_owned(),
            source,
        })?),
        None => None,
    };
    let now = Timestamp::try_from(SystemTime::now()).map_err(Error::Clock)?;
    let cloud = cloud_for(state).await?;
    let verification = crate::verify(&cloud, &plan, state, now, as_run.as_deref())
        .await
        .map_err(|error| Error::Verify(Box::new(error)))?;
    if json {
        print_json(&verification)?;
    } else {
        emit(format!("{verification}\n").as_bytes())?;
    }
    if verification.passed() {
        Ok(())
    } else {
        Err(Error::VerificationFailed)
    }
}

async fn drill(
    config: &Path,
    state: &Path,
    scenario: Scenario,
    hold: Duration,
    json: bool,
) -> Result<(), Error> {
    // The deployment exists: its failover budget was accepted (or allowed) when it was applied.
    let plan = Plan::new(&read_config(config)?.allowing_stall()).map_err(Error::Plan)?;
    // Action names must be unique in a channel's schedule: the start time makes them so.
    let started = Timestamp::try_from(SystemTime::now())
        .map_err(Error::Clock)?
        .to_string();
    let discriminator: String = started.chars().filter(char::is_ascii_alphanumeric).collect();
    let drill = Drill::new(scenario, &discriminator, hold).map_err(Error::DrillSetup)?;
    let recorded = load_state(state)?;
    for site in Site::BOTH {
        if drill.scenario().paused(site).is_empty() {
            continue;
        }
        if let Some(region) = recorded.regions.get(&site)
            && let Some(channel) = &region.channel
        {
            let command = crate::drill::unpause_command(&region.region, &channel.id, &drill.unpause_action())
                .map_err(|source| Error::UnpauseCommand { site, source })?;
            eprintln!(
                "note: should this program be killed before it unpauses, unpause the {site} Region's channel with:\n  {command}"
            );
        }
    }
    // Ctrl-C must not leave a channel paused: the drill finishes (and unpauses) first.
    tokio::spawn(async {
        while tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("the drill unpauses before it exits: it ends after the hold and the resume check");
        }
    });
    let cloud = cloud_for(state).await?;
    let report = crate::drill(&cloud, &plan, state, &drill)
        .await
        .map_err(|error| Error::Drill(Box::new(error)))?;
    if json {
        print_json(&report)?;
    } else {
        emit(format!("{report}\n").as_bytes())?;
    }
    if report.passed() {
        Ok(())
    } else {
        Err(Error::DrillFailed)
    }
}

async fn teardown(
    state: &Path,
    discover: Option<&Path>,
    json: bool,
    lines: &MultiProgress,
) -> Result<(), Error> {
    let display = display(json, Operation::Teardown, lines);
    let result = match discover {
        Some(config) => {
            // The deployment exists: its failover budget was accepted (or allowed) when it was applied.
            let config = read_config(config)?.allowing_stall();
            let plan = Plan::new(&config).map_err(Error::Plan)?;
            let regions = Site::BOTH.map(|site| config.region(site).to_string());
            let cloud = AwsCloud::from_env(&[&regions[0], &regions[1]], retry_policy()).await;
            let teardown = crate::teardown::teardown_discovered_with_progress(&cloud, &plan, state, &display);
            observed(&display, teardown).await
        }
        None => {
            if !state.exists() {
                if json {
                    return print_report(
                        json,
                        Operation::Teardown,
                        &crate::teardown::Report::default(),
                        None,
                    );
                }
                return emit(format!("nothing to remove: {} does not exist\n", state.display()).as_bytes());
            }
            let cloud = cloud_for(state).await?;
            observed(
                &display,
                crate::teardown::teardown_with_progress(&cloud, state, &display),
            )
            .await
        }
    };
    let report = result.map_err(|source| match source {
        // The state file's own fault is bad input, not a failure the same command resumes.
        crate::teardown::Error::State(error) if error.is_bad_file() => Error::State(error),
        source => Error::Teardown {
            state: state.to_owned(),
            source: Box::new(source),
        },
    })?;
    print_report(json, Operation::Teardown, &report, None)
}

/// Refreshes the status every `every` until Ctrl-C; the exit code is the last refresh's.
async fn watch_status(cloud: &AwsCloud, state: &Path, json: bool, every: Duration) -> Result<(), Error> {
    loop {
        let last = match crate::status(cloud, state).await {
            Ok(status) => print_status(&status, json, true),
            Err(error) => {
                // A watch outlives a failed refresh: say so and try again at the next one.
                let error = Error::Status(Box::new(error));
                let _ = report(&error, &mut io::stderr().lock());
                Err(error)
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => return last,
            () = tokio::time::sleep(every) => {}
        }
    }
}

fn print_status(status: &crate::Status, json: bool, watching: bool) -> Result<(), Error> {
    use std::io::IsTerminal as _;
    let mut out = Vec::new();
    if json {
        // With --watch, one line per refresh; otherwise one document.
        let document = if watching {
            serde_json::to_string(status)
        } else {
            serde_json::to_string_pretty(status)
        };
        writeln!(out, "{}", document.map_err(Error::Json)?).map_err(Error::Output)?;
    } else {
        if watching {
            let now = humantime::format_rfc3339_seconds(SystemTime::now());
            if io::stdout().is_terminal() {
                // Clear the screen and go home: the table replaces the last one.
                write!(out, "\x1b[2J\x1b[H").map_err(Error::Output)?;
            }
            writeln!(out, "{now} (refreshing; Ctrl-C to stop)").map_err(Error::Output)?;
        }
        write!(out, "{status}").map_err(Error::Output)?;
    }
    emit(&out)?;
    let missing = status.missing().count();
    if missing > 0 {
        let _ = writeln!(
            io::stderr(),
            "note: {missing} resource(s) in the state file no longer exist: run apply again to recreate them"
        );
    }
    Ok(())
}

/// A long operation's report: as text (with where the state is, when it wrote one), or with
/// `--json` as one JSON line, the last of the operation's events.
fn print_report(
    json: bool,
    operation: Operation,
    report: &(impl std::fmt::Display + serde::Serialize),
    state: Option<&Path>,
) -> Result<(), Error> {
    let mut out = Vec::new();
    if json {
        let mut line = serde_json::json!({
            "operation": operation.as_str(),
            "event": "done",
            "report": report,
        });
        if let Some(state) = state {
            line["state"] = state.display().to_string().into();
        }
        writeln!(out, "{line}").map_err(Error::Output)?;
    } else {
        writeln!(out, "{report}").map_err(Error::Output)?;
        if let Some(state) = state {
            writeln!(out, "state written to {}", state.display()).map_err(Error::Output)?;
        }
    }
    emit(&out)
}

/// Writes `bytes` to standard output and flushes, failing (never panicking, as `print!` would)
/// when standard output is closed; [`main`] ends quietly when its reader went away.
fn emit(bytes: &[u8]) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(Error::Output)
}

fn print_json(value: &impl serde::Serialize) -> Result<(), Error> {
    let document = serde_json::to_string_pretty(value).map_err(Error::Json)?;
    emit(format!("{document}\n").as_bytes())
}

fn load_state(path: &Path) -> Result<State, Error> {
    State::load_deployed(path).map_err(Error::State)
}

/// SDK clients for the Regions the state file records.
async fn cloud_for(state: &Path) -> Result<AwsCloud, Error> {
    let recorded = load_state(state)?;
    let regions: Vec<&str> = recorded.regions.values().map(|r| r.region.as_str()).collect();
    Ok(AwsCloud::from_env(&regions, retry_policy()).await)
}

fn plan(config_path: &Path, out: &Path, allow_stall: bool) -> Result<(), Error> {
    let config = with_allow_stall(read_config(config_path)?, allow_stall);
    let plan = Plan::new(&config).map_err(Error::Plan)?;
    let secret = secret(&config)?;
    let files = plan
        .write(out, secret.as_ref())
        .map_err(|source| Error::WritePlan {
            dir: out.to_owned(),
            source,
        })?;
    let mut text = format!("{plan}\n");
    text.push_str(&format!("Files in {}:\n", out.display()));
    for file in &files {
        let note = if file.holds_secret {
            "  (holds the User-Agent secret: owner-only)"
        } else {
            ""
        };
        text.push_str(&format!("  {}{note}\n", file.path));
    }
    if let (None, Some(mediastore)) = (&secret, config.mediastore()) {
        let variable = mediastore.user_agent_env();
        text.push_str(&format!(
            "Skipped: these files hold the secret User-Agent, and {variable} is not set (set it, as apply needs, and plan again to render them):\n"
        ));
        for path in plan.secret_file_paths() {
            text.push_str(&format!("  {path}\n"));
        }
    }
    emit(text.as_bytes())
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

fn read_config(path: &Path) -> Result<Config, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::ReadConfig {
        path: path.to_owned(),
        source,
    })?;
    Config::from_toml(&text).map_err(|source| Error::Config {
        path: path.to_owned(),
        source,
    })
}

/// The secret `User-Agent` from the variable the config names; `None` when it is not set or the
/// origin needs none.
fn secret(config: &Config) -> Result<Option<UserAgentSecret>, Error> {
    let Some(variable) = config.mediastore().map(|mediastore| mediastore.user_agent_env()) else {
        return Ok(None);
    };
    match std::env::var(variable) {
        Ok(value) => UserAgentSecret::new(value)
            .map(Some)
            .map_err(|source| Error::Secret {
                variable: variable.to_owned(),
                source,
            }),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::SecretNotUnicode {
            variable: variable.to_owned(),
        }),
    }
}
