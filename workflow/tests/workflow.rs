//! Integration tests: the config's errors, the plan directory (snapshots, permissions, secrecy),
//! apply/teardown against the AWS emulator that `scripts/test` starts, and that emulator's MediaPackage v2
//! and Origin Access Control against what the service does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod workflow {
    pub(crate) mod cli;
    pub(crate) mod config;
    pub(crate) mod drill;
    pub(crate) mod emulator;
    pub(crate) mod emulator_deploy_mediapackage;
    pub(crate) mod emulator_mediapackage;
    pub(crate) mod faults;
    pub(crate) mod plan;
    pub(crate) mod replies;
    pub(crate) mod simulated;
    pub(crate) mod verify;
}

use std::path::Path;

use ::resilient_live::apply::{self, Report};
use ::resilient_live::cloud::Cloud;
use ::resilient_live::{Config, Plan, Polling};
use mediastore_policy::UserAgentSecret;

/// A secret used only by these tests.
pub(crate) const TEST_SECRET: &str = "t3st-S3cr3t_UA.kq8v7x2m9w4z";

/// The recipe's example event, on MediaStore.
pub(crate) fn example_config() -> Config {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/event-mediastore.toml"
    ))
    .unwrap();
    Config::from_toml(&text).unwrap()
}

/// The bundled example event, on MediaPackage v2.
pub(crate) fn package_config() -> Config {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/event.toml")).unwrap();
    Config::from_toml(&text).unwrap()
}

pub(crate) fn test_secret() -> UserAgentSecret {
    UserAgentSecret::new(TEST_SECRET).unwrap()
}

/// Applies `plan` to `cloud` with the test secret and the default polling, recording `state`.
pub(crate) async fn apply_plan<C: Cloud + 'static>(
    cloud: C,
    plan: Plan,
    state: &Path,
) -> Result<Report, apply::Error> {
    ::resilient_live::apply(cloud, plan, Some(&test_secret()), state, Polling::default()).await
}

/// What a MediaPackage v2 endpoint serves in these tests at `url` (or a file name): for
/// `index.m3u8`, a multivariant playlist of two renditions; else a media playlist of the five
/// segments up to `newest`.
pub(crate) fn endpoint_playlist(url: &str, newest: u64) -> Vec<u8> {
    if url.rsplit('/').next() == Some("index.m3u8") {
        return b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=5000000\nindex_1.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1000000\nindex_2.m3u8\n"
            .to_vec();
    }
    let mut text = format!(
        "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:{}\n",
        newest - 4
    );
    for number in newest - 4..=newest {
        text.push_str(&format!("#EXTINF:6.0,\nsegment_{number}.mp4\n"));
    }
    text.into_bytes()
}

/// An error and every cause it carries, joined as a reporter prints them on one line.
pub(crate) fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let chain = std::iter::successors(Some(error), |error| error.source());
    chain.map(ToString::to_string).collect::<Vec<_>>().join(": ")
}
