//! Integration tests: predicted manifests (snapshots), real-world playlists and CloudFront documents,
//! and the failover budget.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod origin_failover {
    /// The origins' `User-Agent` secret: strong enough for the container policy.
    const SECRET: &str = "k7Qe2-Lw9_xR4tZp8mVb3nHs";

    use origin_failover::distribution::Error;
    use origin_failover::document::DistributionConfig;

    /// A check that `read` refuses `config` after an edit, with an error that starts with the expected
    /// text (the JSON path and what is wrong there).
    fn refusals<T: std::fmt::Debug>(
        config: DistributionConfig,
        read: fn(&DistributionConfig) -> Result<T, Error>,
    ) -> impl Fn(&dyn Fn(&mut DistributionConfig), &str) {
        move |edit, expected| {
            let mut edited = config.clone();
            edit(&mut edited);
            let err = read(&edited).unwrap_err().to_string();
            assert!(err.starts_with(expected), "{err}");
        }
    }

    mod budget;
    mod cloudfront;
    mod manifest;
    mod mediapackage;
    mod properties;
    mod real_world;
    #[cfg(feature = "aws-sdk")]
    mod sdk;
}
