//! `resilient-live`: plan, apply, run and tear down the resilient two-Region live HLS workflow.
//! Run `resilient-live --help`; the command is [`resilient_live::cli`].

fn main() -> std::process::ExitCode {
    resilient_live::cli::main(None)
}
