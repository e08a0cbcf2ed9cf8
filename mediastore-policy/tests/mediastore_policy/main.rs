//! Integration tests: real-world documents, the recipe's documents, evaluation, lifecycle timing, CORS,
//! secrecy and properties.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cors;
mod evaluate;
mod fixtures;
mod golden;
mod lifecycle;
mod lint;
mod properties;
#[cfg(feature = "aws-sdk")]
mod sdk;
mod secret;

use std::path::PathBuf;

/// The text of `tests/fixtures/<name>`.
pub(crate) fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Runs `f` with insta writing to `tests/snapshots/`.
pub(crate) fn with_snapshots(f: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(f);
}

/// A strong secret for tests.
pub(crate) const SECRET: &str = "k7Qe2-Lw9_xR4tZp8mVb3nHs";

/// An error and every cause it carries, joined as a reporter prints them on one line.
pub(crate) fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let chain = std::iter::successors(Some(error), |error| error.source());
    chain.map(ToString::to_string).collect::<Vec<_>>().join(": ")
}
