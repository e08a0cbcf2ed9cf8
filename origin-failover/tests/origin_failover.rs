//! Integration tests: predicted manifests (snapshots), real-world playlists and CloudFront documents,
//! and the failover budget.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod origin_failover {
    /// The origins' `User-Agent` secret: strong enough for the container policy.
    const SECRET: &str = "k7Qe2-Lw9_xR4tZp8mVb3nHs";

    mod budget;
    mod cloudfront;
    mod manifest;
    mod mediapackage;
    mod properties;
    mod real_world;
    #[cfg(feature = "aws-sdk")]
    mod sdk;
}
