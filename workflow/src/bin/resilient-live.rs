//! `resilient-live`: plan, apply, run and tear down the resilient two-Region live HLS workflow.
//! Run `resilient-live --help`; the command is [`workflow::cli`].

fn main() -> std::process::ExitCode {
    workflow::cli::main(None)
}
