//! Plan, apply, run and tear down the resilient two-Region live HLS workflow: the `resilient-live`
//! command ([`workflow::cli`]), run from the workspace.
//!
//! ```text
//! cargo run -p workflow --example deploy                      # plan examples/event.toml into ./plan
//! cargo run -p workflow --example deploy -- plan   --config event.toml --out plan [--allow-stall]
//! cargo run -p workflow --example deploy -- apply  --config event.toml --state state.json [--allow-stall]
//! cargo run -p workflow --example deploy -- start  --state state.json   # flows, then channels
//! cargo run -p workflow --example deploy -- status --state state.json [--json] [--watch --every 10s]
//! cargo run -p workflow --example deploy -- stop   --state state.json   # channels, then flows
//! cargo run -p workflow --example deploy -- verify --config event.toml --state state.json [--as-run log] [--json]
//! cargo run -p workflow --example deploy -- drill  --config event.toml --state state.json \
//!     (--preset source-loss-primary-pipeline | --site primary --pipelines 0|1|both) [--hold 60s] [--json]
//! cargo run -p workflow --example deploy -- teardown --state state.json
//! cargo run -p workflow --example deploy -- teardown --state state.json --discover --config event.toml
//! ```
//!
//! With no arguments it plans the bundled example config (and `plan` without `--config` does too):
//! no AWS account is needed. Everything else is the installed command's behaviour: see
//! `cargo run -p workflow --example deploy -- --help` and the [`workflow::cli`] docs.

use std::path::Path;
use std::process::ExitCode;

/// The bundled example config.
const EXAMPLE_CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/event.toml");

fn main() -> ExitCode {
    workflow::cli::main(Some(Path::new(EXAMPLE_CONFIG)))
}
