//! What can go wrong in a command, the exit code each says, and the one reporter that prints an
//! error with its causes.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::progress::Operation;
use crate::{apply, config, drill, plan, run, state, status, teardown, verify};

/// The exit codes of `resilient-live`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: the command did what it was asked, and every check passed.
    Ok = 0,
    /// 1: a check failed: `verify` or `drill` found an expectation broken. (`status` is a report:
    /// it shows a recorded resource that no longer exists as missing, and exits 0.)
    CheckFailed = 1,
    /// 2: bad input: a flag, the config, the secret's variable or the state file (clap's usage
    /// errors exit with 2 as well).
    BadInput = 2,
    /// 3: AWS or the machine failed while the command ran (a call refused, a wait timed out, a
    /// file not written); the state file records what finished, so the same command resumes.
    Failed = 3,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// Why a command failed. The library's errors are boxed: they carry the cloud's, which are large.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The config file could not be read.
    #[error("cannot read config {path}")]
    ReadConfig {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The config file is not a valid deployment config.
    #[error("config {path} is not valid")]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: config::Error,
    },
    /// `plan` was given no `--config`, and there is no bundled example to plan.
    #[error("no config: give --config <FILE>")]
    NoConfig,
    /// The config cannot become a plan (such as origin timeouts that stall the player).
    #[error("the config cannot be planned")]
    Plan(#[source] plan::Error),
    /// The variable that holds the secret `User-Agent` is not set.
    #[error(
        "{variable} is not set: set it to the secret User-Agent (for example: export {variable}=$(openssl rand -hex 16))"
    )]
    MissingSecret {
        /// The variable the config names.
        variable: String,
    },
    /// The secret `User-Agent` is not one MediaStore and CloudFront accept.
    #[error("{variable} does not hold a valid User-Agent secret")]
    Secret {
        /// The variable the config names.
        variable: String,
        /// What is wrong.
        #[source]
        source: mediastore_policy::secret::Error,
    },
    /// The variable that holds the secret is not Unicode.
    #[error("{variable} is not valid Unicode")]
    SecretNotUnicode {
        /// The variable the config names.
        variable: String,
    },
    /// The as-run log could not be read.
    #[error("cannot read as-run log {path}")]
    ReadAsRun {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The state file could not be used.
    #[error("the state file cannot be used")]
    State(#[source] state::Error),
    /// The drill asked for cannot be set up.
    #[error("the drill cannot be set up")]
    DrillSetup(#[source] drill::Error),
    /// The system clock cannot be read as an instant of the epoch arithmetic.
    #[error("the system clock cannot be read")]
    Clock(#[source] hls_epoch::timestamp::Error),
    /// Writing the plan's files failed.
    #[error("cannot write the plan into {dir}")]
    WritePlan {
        /// The plan directory.
        dir: PathBuf,
        /// The cause.
        #[source]
        source: plan::Error,
    },
    /// Apply stopped on a failure.
    #[error(
        "apply stopped: {state} records every step that finished; run the same apply command again to resume"
    )]
    Apply {
        /// The state file.
        state: PathBuf,
        /// The failure.
        #[source]
        source: Box<apply::Error>,
    },
    /// Starting or stopping the event failed.
    #[error("{operation} failed")]
    Run {
        /// [`Operation::Start`] or [`Operation::Stop`].
        operation: Operation,
        /// The failure.
        #[source]
        source: Box<run::Error>,
    },
    /// Describing the resources failed.
    #[error("status failed")]
    Status(#[source] Box<status::Error>),
    /// The checks could not run.
    #[error("verify could not run its checks")]
    Verify(#[source] Box<verify::Error>),
    /// The drill could not run or could not finish.
    #[error("the drill could not run")]
    Drill(#[source] Box<drill::Error>),
    /// Teardown stopped on a failure.
    #[error("teardown stopped: {state} records what is left; run the same teardown command again to resume")]
    Teardown {
        /// The state file.
        state: PathBuf,
        /// The failure.
        #[source]
        source: Box<teardown::Error>,
    },
    /// Verification found a check failed (the report says which).
    #[error("verification failed")]
    VerificationFailed,
    /// The drill found an expectation broken (the report says which).
    #[error("the drill failed")]
    DrillFailed,
    /// The by-hand unpause command printed before a drill could not be rendered.
    #[error("cannot render the command that unpauses the {site} Region's channel by hand")]
    UnpauseCommand {
        /// The Region whose channel the drill pauses.
        site: origin_failover::Site,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// A report could not be written as JSON.
    #[error("cannot write the report as JSON")]
    Json(#[source] serde_json::Error),
    /// Standard output or a generated file could not be written.
    #[error("cannot write the output")]
    Output(#[source] io::Error),
    /// The async runtime could not start.
    #[error("cannot start the async runtime")]
    Runtime(#[source] io::Error),
}

impl Error {
    /// The exit code that says what kind of failure this is.
    pub fn exit(&self) -> Exit {
        match self {
            Error::VerificationFailed | Error::DrillFailed => Exit::CheckFailed,
            Error::ReadConfig { .. }
            | Error::Config { .. }
            | Error::NoConfig
            | Error::Plan(_)
            | Error::MissingSecret { .. }
            | Error::Secret { .. }
            | Error::SecretNotUnicode { .. }
            | Error::ReadAsRun { .. }
            | Error::State(_)
            | Error::DrillSetup(_) => Exit::BadInput,
            Error::Clock(_)
            | Error::WritePlan { .. }
            | Error::Apply { .. }
            | Error::Run { .. }
            | Error::Status(_)
            | Error::Verify(_)
            | Error::Drill(_)
            | Error::Teardown { .. }
            | Error::Json(_)
            | Error::UnpauseCommand { .. }
            | Error::Output(_)
            | Error::Runtime(_) => Exit::Failed,
        }
    }
}

/// Writes `error`, then each of its causes on a line of its own: `error: ...`, then
/// `  caused by: ...` per cause. Every error of the workspace carries either a message or a source,
/// never both, so each cause is printed once.
pub fn report(error: &dyn std::error::Error, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "error: {error}")?;
    let mut source = error.source();
    while let Some(cause) = source {
        writeln!(out, "  caused by: {cause}")?;
        source = cause.source();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("{0}")]
    struct Message(&'static str, #[source] Option<Box<Message>>);

    fn chain(messages: &[&'static str]) -> Message {
        let mut error: Option<Message> = None;
        for message in messages.iter().rev() {
            error = Some(Message(message, error.map(Box::new)));
        }
        error.unwrap_or(Message("", None))
    }

    fn printed_report(error: &dyn std::error::Error) -> String {
        let mut out = Vec::new();
        assert!(report(error, &mut out).is_ok());
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn prints_the_error_then_each_cause() {
        let error = chain(&[
            "apply stopped",
            "step primary.container.create failed",
            "throttled",
        ]);
        assert_eq!(
            printed_report(&error),
            "error: apply stopped\n  caused by: step primary.container.create failed\n  caused by: throttled\n"
        );
    }

    #[test]
    fn a_config_error_prints_each_cause_once() {
        let source = config::Config::from_toml("[event]\nname = 7\n").err();
        assert!(source.is_some(), "a name that is a number is refused");
        let Some(source) = source else { return };
        let error = Error::Config {
            path: PathBuf::from("bad.toml"),
            source,
        };
        let printed = printed_report(&error);
        let lines: Vec<&str> = printed.lines().collect();
        assert_eq!(lines.first(), Some(&"error: config bad.toml is not valid"));
        assert!(lines.len() >= 2, "{printed}");
        for (line, next) in lines.iter().zip(lines.iter().skip(1)) {
            let next = next.trim_start_matches("  caused by: ");
            assert!(!line.ends_with(next), "a cause is printed twice:\n{printed}");
        }
    }

    #[test]
    fn exit_codes_name_the_kind_of_failure() {
        assert_eq!(Error::VerificationFailed.exit(), Exit::CheckFailed);
        assert_eq!(Error::NoConfig.exit(), Exit::BadInput);
        assert_eq!(Error::Output(io::Error::other("closed")).exit(), Exit::Failed);
        assert_eq!(Exit::BadInput as u8, 2);
    }
}
