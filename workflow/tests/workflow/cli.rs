//! The `resilient-live` command: its clap definition, every subcommand's parse, the exit codes of
//! the built binary, and the progress events the long operations report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};
use std::sync::Mutex;
use std::time::Duration;

use ::resilient_live::cli::{Cli, Command, Pipelines, PresetArg, SiteArg};
use ::resilient_live::dag::Step;
use ::resilient_live::progress::{Event, Operation, Progress, Task};
use ::resilient_live::simulated::{LatencyProfile, SimulatedCloud};
use ::resilient_live::{Plan, Polling};
use clap::{CommandFactory as _, Parser as _};
use medialive_template::Pipeline;
use origin_failover::Site;
use origin_failover::failover_path::FailoverPath;

use crate::{example_config, test_secret};

const BIN: &str = env!("CARGO_BIN_EXE_resilient-live");
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/event.toml");
/// The recipe's event, on MediaStore: the origin whose documents hold a secret.
const RECIPE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/event-mediastore.toml");

fn parse(args: &[&str]) -> Command {
    let cli = Cli::try_parse_from(std::iter::once("resilient-live").chain(args.iter().copied()))
        .unwrap_or_else(|error| panic!("{args:?}: {error}"));
    cli.command.expect("a subcommand")
}

fn refused(args: &[&str]) -> clap::error::ErrorKind {
    Cli::try_parse_from(std::iter::once("resilient-live").chain(args.iter().copied()))
        .expect_err("refused")
        .kind()
}

#[test]
fn the_clap_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn plan_and_apply_parse_with_their_defaults() {
    match parse(&["plan", "--config", "e.toml"]) {
        Command::Plan {
            config,
            out,
            allow_stall,
        } => {
            assert_eq!(config, Some(PathBuf::from("e.toml")));
            assert_eq!(out, PathBuf::from("plan"));
            assert!(!allow_stall);
        }
        other => panic!("{other:?}"),
    }
    match parse(&["apply", "--config", "e.toml", "--allow-stall", "--json"]) {
        Command::Apply {
            config,
            state,
            allow_stall,
            json,
        } => {
            assert_eq!(config, PathBuf::from("e.toml"));
            assert_eq!(state, PathBuf::from("state.json"));
            assert!(allow_stall && json);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        refused(&["apply"]),
        clap::error::ErrorKind::MissingRequiredArgument
    );
}

#[test]
fn start_stop_and_status_parse() {
    assert!(matches!(
        parse(&["start", "--state", "s.json"]),
        Command::Start { state, json: false } if state == Path::new("s.json")
    ));
    assert!(matches!(
        parse(&["stop", "--json"]),
        Command::Stop { state, json: true } if state == Path::new("state.json")
    ));
    match parse(&["status", "--watch", "--every", "1m 30s"]) {
        Command::Status {
            watch, every, json, ..
        } => {
            assert!(watch && !json);
            assert_eq!(every, Duration::from_secs(90));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        parse(&["status"]),
        Command::Status { watch: false, every, .. } if every == Duration::from_secs(10)
    ));
    // --every means nothing without --watch.
    assert_eq!(
        refused(&["status", "--every", "5s"]),
        clap::error::ErrorKind::MissingRequiredArgument
    );
    assert_eq!(
        refused(&["status", "--watch", "--every", "soon"]),
        clap::error::ErrorKind::ValueValidation
    );
}

#[test]
fn verify_parses() {
    match parse(&["verify", "--config", "e.toml", "--as-run", "log.jsonl", "--json"]) {
        Command::Verify {
            config, as_run, json, ..
        } => {
            assert_eq!(config, PathBuf::from("e.toml"));
            assert_eq!(as_run, Some(PathBuf::from("log.jsonl")));
            assert!(json);
        }
        other => panic!("{other:?}"),
    }
}

/// The drill the command line `line` (its words split at white space) asks for: its preset, site,
/// pipelines and hold.
fn drill(line: &str) -> (Option<PresetArg>, Option<SiteArg>, Option<Pipelines>, Duration) {
    match parse(&line.split_whitespace().collect::<Vec<_>>()) {
        Command::Drill {
            preset,
            site,
            pipelines,
            hold,
            ..
        } => (preset, site, pipelines, hold),
        other => panic!("{other:?}"),
    }
}

#[test]
fn drill_takes_a_preset_or_a_site_with_pipelines() {
    for path in FailoverPath::ALL {
        let (preset, site, _, hold) = drill(&format!("drill --config e.toml --preset {}", path.name()));
        assert_eq!(preset, Some(PresetArg(path)));
        assert_eq!(site, None);
        assert_eq!(hold, Duration::from_secs(60));
    }
    let (preset, site, pipelines, hold) =
        drill("drill --config e.toml --site backup --pipelines both --hold 2m");
    assert_eq!(preset, None);
    assert_eq!(site, Some(SiteArg(Site::Backup)));
    assert_eq!(pipelines.map(Pipelines::to_vec), Some(Pipeline::BOTH.to_vec()));
    assert_eq!(hold, Duration::from_secs(120));
    let (_, site, pipelines, _) = drill("drill --config e.toml --site primary --pipelines 1");
    assert_eq!(site, Some(SiteArg(Site::Primary)));
    assert_eq!(pipelines, Some(Pipelines::One(Pipeline::Backup)));
    use clap::error::ErrorKind;
    for (line, kind) in [
        ("drill --config e.toml", ErrorKind::MissingRequiredArgument),
        (
            "drill --config e.toml --site primary",
            ErrorKind::MissingRequiredArgument,
        ),
        (
            "drill --config e.toml --preset primary-region-down --site primary",
            ErrorKind::ArgumentConflict,
        ),
        (
            "drill --config e.toml --site secondary --pipelines 0",
            ErrorKind::InvalidValue,
        ),
        (
            "drill --config e.toml --site primary --pipelines 2",
            ErrorKind::InvalidValue,
        ),
        (
            "drill --config e.toml --preset region-down",
            ErrorKind::InvalidValue,
        ),
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(refused(&args), kind, "{line}");
    }
}

#[test]
fn teardown_discover_needs_a_config() {
    match parse(&["teardown", "--discover", "--config", "e.toml"]) {
        Command::Teardown { discover, config, .. } => {
            assert!(discover);
            assert_eq!(config, Some(PathBuf::from("e.toml")));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        parse(&["teardown"]),
        Command::Teardown {
            discover: false,
            config: None,
            ..
        }
    ));
    assert_eq!(
        refused(&["teardown", "--discover"]),
        clap::error::ErrorKind::MissingRequiredArgument
    );
}

#[test]
fn completions_and_man_parse() {
    assert!(matches!(
        parse(&["completions", "zsh"]),
        Command::Completions {
            shell: clap_complete::Shell::Zsh
        }
    ));
    assert!(matches!(parse(&["man"]), Command::Man));
    assert_eq!(
        refused(&["completions", "tcsh"]),
        clap::error::ErrorKind::InvalidValue
    );
}

#[test]
fn the_help_lists_every_subcommand_and_the_exit_codes() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.bind(|| insta::assert_snapshot!("help", Cli::command().render_help().to_string()));
}

// ---- The built binary. ----

/// Runs the binary in `dir`, without the variables that would make it reach AWS or find a secret.
fn run(dir: &Path, args: &[&str]) -> Output {
    Process::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("DEMO_USER_AGENT")
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("an exit code")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_bad_config_exits_2_and_names_the_file_and_each_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        "[event]\nname = \"demo\"\ncolour = \"red\"\n",
    )
    .unwrap();
    let output = run(dir.path(), &["plan", "--config", "bad.toml"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    let stderr = stderr(&output);
    assert!(
        stderr.starts_with("error: config bad.toml is not valid\n  caused by: "),
        "{stderr}"
    );
    let lines: Vec<&str> = stderr.lines().collect();
    let unique: std::collections::BTreeSet<&str> = lines.iter().copied().collect();
    assert_eq!(unique.len(), lines.len(), "a line printed twice: {stderr}");
    assert!(!dir.path().join("plan").exists(), "nothing is written");
}

#[test]
fn bad_input_exits_2_before_any_aws_call() {
    let dir = tempfile::tempdir().unwrap();
    let missing = run(dir.path(), &["plan", "--config", "absent.toml"]);
    assert_eq!(code(&missing), 2);
    assert!(stderr(&missing).starts_with("error: cannot read config absent.toml\n  caused by: "));
    // apply of a MediaStore event needs the secret before anything else.
    let no_secret = run(dir.path(), &["apply", "--config", RECIPE]);
    assert_eq!(code(&no_secret), 2);
    assert!(
        stderr(&no_secret).contains("DEMO_USER_AGENT is not set"),
        "{}",
        stderr(&no_secret)
    );
    let no_state = run(dir.path(), &["status", "--state", "absent.json"]);
    assert_eq!(code(&no_state), 2);
    assert!(stderr(&no_state).contains("state file absent.json does not exist"));
    // A state file that is not one is bad input, not a failure the same apply could resume.
    std::fs::write(dir.path().join("corrupt.json"), "not json").unwrap();
    let corrupt = run(
        dir.path(),
        &["apply", "--config", EXAMPLE, "--state", "corrupt.json"],
    );
    assert_eq!(code(&corrupt), 2, "{}", stderr(&corrupt));
    assert!(
        stderr(&corrupt).starts_with(
            "error: the state file cannot be used\n  caused by: state file corrupt.json is not valid"
        ),
        "{}",
        stderr(&corrupt)
    );
    // --config names what teardown --discover finds: without --discover it is a usage error.
    let config_alone = run(dir.path(), &["teardown", "--config", EXAMPLE]);
    assert_eq!(code(&config_alone), 2, "{}", stderr(&config_alone));
    assert!(
        stderr(&config_alone).contains("--discover"),
        "{}",
        stderr(&config_alone)
    );
    // Each refresh of a watch calls AWS: a zero interval is refused.
    let every_zero = run(dir.path(), &["status", "--watch", "--every", "0s"]);
    assert_eq!(code(&every_zero), 2);
    assert!(
        stderr(&every_zero).contains("0s is shorter than the 1s allowed at the least"),
        "{}",
        stderr(&every_zero)
    );
    let unknown_flag = run(dir.path(), &["plan", "--colour"]);
    assert_eq!(code(&unknown_flag), 2);
    // The binary has no bundled config: no subcommand is a usage error with the help.
    let nothing = run(dir.path(), &[]);
    assert_eq!(code(&nothing), 2);
    assert!(stderr(&nothing).contains("Usage: resilient-live"));
}

#[test]
fn plan_help_completions_and_man_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let plan = run(dir.path(), &["plan", "--config", EXAMPLE, "--out", "p"]);
    assert_eq!(code(&plan), 0, "{}", stderr(&plan));
    assert!(dir.path().join("p/summary.txt").exists());
    assert_eq!(code(&run(dir.path(), &["--help"])), 0);
    let completions = run(dir.path(), &["completions", "bash"]);
    assert_eq!(code(&completions), 0);
    assert!(String::from_utf8_lossy(&completions.stdout).contains("_resilient__live()"));
    let man = run(dir.path(), &["man"]);
    assert_eq!(code(&man), 0);
    let man = String::from_utf8_lossy(&man.stdout);
    assert!(man.starts_with(".ie"), "{man}");
    assert!(man.contains(".TH resilient-live 1"), "{man}");
}

// ---- Progress. ----

/// Keeps every event.
#[derive(Default)]
struct Recorder(Mutex<Vec<Event>>);

impl Progress for Recorder {
    fn report(&self, event: Event) {
        self.0.lock().unwrap().push(event);
    }
}

impl Recorder {
    /// Per task: how many times it started, finished and failed.
    fn counts(&self) -> BTreeMap<(String, String), [usize; 3]> {
        let mut counts = BTreeMap::new();
        for event in self.0.lock().unwrap().iter() {
            let Task { operation, id } = event.task();
            let entry: &mut [usize; 3] = counts.entry((operation.to_string(), id.clone())).or_default();
            match event {
                Event::Started(_) => entry[0] += 1,
                // What a task waits for: checked by `waits`.
                Event::Waiting { .. } => {}
                Event::Finished { .. } => entry[1] += 1,
                Event::Failed { .. } => entry[2] += 1,
                other => panic!("an event the test does not know: {other:?}"),
            }
        }
        counts
    }

    /// What the task `id` of `operation` waited for, in order (nothing if it never waited).
    fn waited(&self, operation: &str, id: &str) -> Vec<String> {
        let mut waits = self.waits();
        waits
            .remove(&(operation.to_owned(), id.to_owned()))
            .unwrap_or_default()
    }

    /// Per task: what it waited for, in order. Each wait falls between the task's start and its end.
    fn waits(&self) -> BTreeMap<(String, String), Vec<String>> {
        let events = self.0.lock().unwrap();
        let mut waits: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for (position, event) in events.iter().enumerate() {
            if let Event::Waiting { task, until } = event {
                assert!(
                    events[..position].contains(&Event::Started(task.clone())),
                    "{task}"
                );
                assert!(
                    !events[..position]
                        .iter()
                        .any(|e| e.task() == task
                            && matches!(e, Event::Finished { .. } | Event::Failed { .. })),
                    "{task} waits after it ended"
                );
                waits
                    .entry((task.operation.to_string(), task.id.clone()))
                    .or_default()
                    .push(until.clone());
            }
        }
        waits
    }
}

#[tokio::test(start_paused = true)]
async fn each_step_of_an_apply_reports_one_start_and_one_finish() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let plan = Plan::new(&example_config()).unwrap();
    let steps: Vec<String> = Step::all(plan.origin()).into_iter().map(Step::id).collect();
    let cloud = SimulatedCloud::new(LatencyProfile::default());
    let recorder = Recorder::default();
    ::resilient_live::apply::apply_with_progress(
        cloud.clone(),
        plan,
        Some(&test_secret()),
        &state,
        Polling::default(),
        &recorder,
    )
    .await
    .unwrap();
    let counts = recorder.counts();
    let expected: BTreeMap<(String, String), [usize; 3]> = steps
        .into_iter()
        .map(|id| ((Operation::Apply.to_string(), id), [1, 1, 0]))
        .collect();
    assert_eq!(counts, expected);
    // The long waits say what they wait for: each container, each channel, the distribution.
    let waits = recorder.waits();
    assert_eq!(
        waits.len(),
        5,
        "two containers, two channels, the distribution: {waits:?}"
    );
    assert!(
        recorder
            .waited("apply", "primary.container.wait-active")
            .iter()
            .any(|until| until.ends_with("to become ACTIVE")),
        "{waits:?}"
    );
    assert!(
        waits
            .values()
            .flatten()
            .any(|until| until.starts_with("distribution ") && until.contains(" to deploy")),
        "{waits:?}"
    );
    // A step finishes after it starts, and says what it worked on.
    {
        let events = recorder.0.lock().unwrap();
        for (position, event) in events.iter().enumerate() {
            if let Event::Finished { task, resource, .. } = event {
                assert!(
                    events[..position].contains(&Event::Started(task.clone())),
                    "{task}"
                );
                assert!(resource.as_deref().is_some_and(|r| !r.is_empty()), "{task}");
            }
        }
    }

    // Start, stop and teardown report each flow, channel and removal the same way.
    let recorder = Recorder::default();
    ::resilient_live::run::start_with_progress(&cloud, &state, &recorder)
        .await
        .unwrap();
    let started = recorder.counts();
    assert_eq!(started.len(), 6, "four flows, two channels: {started:?}");
    assert!(started.values().all(|c| *c == [1, 1, 0]), "{started:?}");
    assert!(
        started.contains_key(&("start".to_owned(), "flow demo-primary-a".to_owned())),
        "{started:?}"
    );
    // Each flow and channel says the state it waits for.
    let waits = recorder.waits();
    let flow_and_channel = [
        recorder.waited("start", "flow demo-primary-a"),
        recorder.waited("start", "channel demo-primary"),
    ];
    assert_eq!(flow_and_channel, [["ACTIVE"], ["RUNNING"]], "{waits:?}");
    assert_eq!(waits.len(), 6, "{waits:?}");

    let recorder = Recorder::default();
    ::resilient_live::teardown::teardown_with_progress(&cloud, &state, &recorder)
        .await
        .unwrap();
    let removed = recorder.counts();
    assert!(removed.values().all(|c| *c == [1, 1, 0]), "{removed:?}");
    let per_operation = |operation: &str| removed.keys().filter(|(o, _)| o == operation).count();
    // Teardown stops the running channels and flows first, then removes 2 containers, 4 flows,
    // 2 inputs, 2 channels and the distribution.
    assert_eq!(per_operation("stop"), 6, "{removed:?}");
    assert_eq!(per_operation("teardown"), 11, "{removed:?}");
    // The stops wait for STANDBY and IDLE; the removals that AWS finishes later wait for it.
    let waits = recorder.waits();
    let stop_and_removal = [
        recorder.waited("stop", "channel demo-backup"),
        recorder.waited("teardown", "flow demo-backup-b"),
    ];
    assert_eq!(stop_and_removal, [["IDLE"], ["deletion"]], "{waits:?}");
    assert!(
        waits
            .keys()
            .any(|(operation, id)| operation == "teardown" && id.starts_with("distribution ")),
        "{waits:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_failed_step_reports_failed_and_never_finished() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let plan = Plan::new(&example_config()).unwrap();
    let cloud = SimulatedCloud::new(LatencyProfile::default());
    cloud.set_faults(|call| {
        (call.operation == "medialive:CreateInput").then_some(::resilient_live::simulated::Fault::Refused)
    });
    let recorder = Recorder::default();
    let result = ::resilient_live::apply::apply_with_progress(
        cloud,
        plan,
        Some(&test_secret()),
        &state,
        Polling::default(),
        &recorder,
    )
    .await;
    assert!(result.is_err());
    let counts = recorder.counts();
    let failed: Vec<&String> = counts
        .iter()
        .filter(|(_, c)| c[2] > 0)
        .map(|((_, id), _)| id)
        .collect();
    assert!(!failed.is_empty());
    assert!(failed.iter().all(|id| id.ends_with("input.create")), "{failed:?}");
    assert!(
        counts.values().all(|c| c[0] == 1 && c[1] + c[2] == 1),
        "{counts:?}"
    );
}

// ---- The built binary against the AWS emulator. ----

/// Runs the binary in `dir` against the emulator that `scripts/test` starts (the SDK's standard
/// variables point every client at it, with dummy credentials).
fn run_on_emulator(dir: &Path, args: &[&str]) -> Output {
    let url = crate::workflow::emulator::emulator_url();
    Process::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("AWS_ENDPOINT_URL", url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

/// Every line of standard output, each a JSON document.
fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{line:?}: {error}")))
        .collect()
}

#[tokio::test]
async fn with_json_each_report_is_one_document_and_status_reports_a_gone_resource_with_exit_0() {
    let _serial = crate::workflow::emulator::EMULATOR.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let config = crate::package_config();
    let steps = Step::all(Plan::new(&config).unwrap().origin()).len();

    // apply --json: one JSON line per event, the last one the report with every step.
    let apply = run_on_emulator(
        dir.path(),
        &["apply", "--config", EXAMPLE, "--state", "s.json", "--json"],
    );
    assert_eq!(code(&apply), 0, "{}", stderr(&apply));
    let lines = json_lines(&apply);
    let done = lines.last().expect("a report");
    assert_eq!(done["operation"], "apply", "{done}");
    assert_eq!(done["event"], "done", "{done}");
    assert_eq!(done["state"], "s.json", "{done}");
    let actions = done["report"]["actions"].as_array().expect("the steps");
    assert_eq!(actions.len(), steps, "{done}");
    assert!(
        actions
            .iter()
            .all(|action| action["step"].is_string() && action["took_s"].is_f64())
    );
    assert_eq!(
        lines.iter().filter(|line| line["event"] == "started").count(),
        steps,
        "one started event per step"
    );

    // A flow deleted behind the workflow's back: status reports it missing, and exits 0.
    let state = ::resilient_live::State::load(&dir.path().join("s.json"))
        .unwrap()
        .unwrap();
    let primary = &state.regions[&Site::Primary];
    let flow = &primary.flows[&Pipeline::BOTH[0]];
    let regions = Site::BOTH.map(|site| config.region(site).to_string());
    let cloud = crate::workflow::emulator::emulator_cloud([&regions[0], &regions[1]]).await;
    {
        use ::resilient_live::cloud::HasMediaConnect as _;
        use ::resilient_live::cloud::mediaconnect::MediaConnect as _;
        assert!(
            cloud
                .mediaconnect(&primary.region)
                .delete_flow(&flow.arn)
                .await
                .unwrap()
        );
    }
    let status = run_on_emulator(dir.path(), &["status", "--state", "s.json", "--json"]);
    assert_eq!(code(&status), 0, "{}", stderr(&status));
    let report: serde_json::Value = serde_json::from_slice(&status.stdout).expect("one JSON document");
    let gone: Vec<&serde_json::Value> = report["resources"]
        .as_array()
        .expect("the resources")
        .iter()
        .filter(|row| row["state"].is_null())
        .collect();
    assert_eq!(gone.len(), 1, "{report}");
    assert_eq!(gone[0]["name"], flow.name.as_str(), "{report}");
    assert!(
        stderr(&status).contains("1 resource(s) in the state file no longer exist"),
        "{}",
        stderr(&status)
    );
    let table = run_on_emulator(dir.path(), &["status", "--state", "s.json"]);
    assert_eq!(code(&table), 0, "{}", stderr(&table));
    assert!(String::from_utf8_lossy(&table.stdout).contains("(missing)"));

    // teardown --json: the last line is the report of every removal; nothing is left.
    let teardown = run_on_emulator(dir.path(), &["teardown", "--state", "s.json", "--json"]);
    assert_eq!(code(&teardown), 0, "{}", stderr(&teardown));
    let lines = json_lines(&teardown);
    let done = lines.last().expect("a report");
    assert_eq!(
        (&done["operation"], &done["event"]),
        (&"teardown".into(), &"done".into())
    );
    let removed = done["report"]["removed"].as_array().expect("the removals");
    assert!(
        removed
            .iter()
            .any(|removal| removal["resource"] == flow.name.as_str() && removal["existed"] == false),
        "the deleted flow is reported gone: {done}"
    );
    assert!(!dir.path().join("s.json").exists());
    // With no state file left, the report is still one JSON document.
    let again = run_on_emulator(dir.path(), &["teardown", "--state", "s.json", "--json"]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert_eq!(json_lines(&again).len(), 1);
}

#[test]
fn a_closed_standard_output_ends_the_command_quietly() {
    use std::process::Stdio;
    // Like `resilient-live completions bash | head -1`: the reader is gone before the command
    // writes (closed as soon as the process starts), so the write fails with a broken pipe.
    for args in [
        &["completions", "bash"][..],
        &["man"][..],
        &["plan", "--config", EXAMPLE, "--out", "p"][..],
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Process::new(BIN)
            .args(args)
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
