//! Plan, apply, run and tear down the resilient two-Region live HLS workflow: the `resilient-live`
//! command ([`resilient_live::cli`]), run from the workspace.
//!
//! ```text
//! cargo run -p resilient-live --example deploy                      # plan examples/event.toml into ./plan
//! cargo run -p resilient-live --example deploy -- plan   --config event.toml --out plan [--allow-stall]
//! cargo run -p resilient-live --example deploy -- apply  --config event.toml --state state.json [--allow-stall]
//! cargo run -p resilient-live --example deploy -- start  --state state.json   # flows, then channels
//! cargo run -p resilient-live --example deploy -- status --state state.json [--json] [--watch --every 10s]
//! cargo run -p resilient-live --example deploy -- stop   --state state.json   # channels, then flows
//! cargo run -p resilient-live --example deploy -- verify --config event.toml --state state.json [--as-run log] [--json]
//! cargo run -p resilient-live --example deploy -- drill  --config event.toml --state state.json \
//!     (--preset source-loss-primary-pipeline | --site primary --pipelines 0|1|both) [--hold 60s] [--json]
//! cargo run -p resilient-live --example deploy -- teardown --state state.json
//! cargo run -p resilient-live --example deploy -- teardown --state state.json --discover --config event.toml
//! ```
//!
//! With no arguments it plans the bundled example config (and `plan` without `--config` does too):
//! no AWS account is needed. Everything else is the installed command's behaviour: see
//! `cargo run -p resilient-live --example deploy -- --help` and the [`resilient_live::cli`] docs.

use std::path::Path;
use std::process::ExitCode;

/// The bundled example config.
const EXAMPLE_CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/event.toml");

fn main() -> ExitCode {
    resilient_live::cli::main(Some(Path::new(EXAMPLE_CONFIG)))
}
