//! Integration tests: predicted manifests (snapshots), real-world playlists and CloudFront documents,
//! and the failover budget.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod origin_failover {
    mod budget;
    mod cloudfront;
    mod manifest;
    mod properties;
    mod real_world;
    #[cfg(feature = "aws-sdk")]
    mod sdk;
}
