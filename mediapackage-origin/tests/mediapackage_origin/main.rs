//! Integration tests: real CloudFormation documents, every limit, the two-Region pair and its
//! symmetry check, the policies, the URLs and the SDK conversions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;
mod distribution;
/// The example's sample event and calls, so that the tests check what it prints.
#[path = "../../examples/pair.rs"]
#[allow(dead_code)]
mod example;
mod fixtures;
mod limits;
mod medialive;
mod pair;
mod policy;
#[cfg(feature = "aws-sdk")]
mod sdk;
mod url;

use std::path::PathBuf;

use mediapackage_origin::{ManifestName, OriginNames, PairSpec, RegionPair, ResourceName};

/// The text of `tests/fixtures/<name>`.
pub(crate) fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The sample event's names: group `live`, channel `event`, endpoint `hls`.
pub(crate) fn names() -> OriginNames {
    OriginNames {
        group: ResourceName::new("live").unwrap(),
        channel: ResourceName::new("event").unwrap(),
        endpoint: ResourceName::new("hls").unwrap(),
    }
}

/// The sample event's description: 6-second segments from 6-second input segments.
pub(crate) fn spec() -> PairSpec {
    PairSpec::new(names(), ManifestName::new("index").unwrap(), 6, 6)
}

/// The sample event's pair.
pub(crate) fn pair() -> RegionPair {
    RegionPair::build(&spec()).unwrap()
}
