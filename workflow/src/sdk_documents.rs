//! The documents' SDK forms, through the document crates' `aws-sdk` features.
//!
//! The conversions themselves live in the document crates (one home per document); this module
//! only moves their results into the SDK's request builders.

use origin_failover::document::DistributionConfig;

/// The SDK's `DistributionConfig` for a distribution config document.
pub(crate) fn distribution_config_to(
    config: &DistributionConfig,
) -> Result<aws_sdk_cloudfront::types::DistributionConfig, origin_failover::sdk::Error> {
    origin_failover::sdk::to_sdk(config)
}

/// The distribution config document of the SDK's `DistributionConfig`.
pub(crate) fn distribution_config_from(
    config: &aws_sdk_cloudfront::types::DistributionConfig,
) -> Result<DistributionConfig, origin_failover::sdk::Error> {
    origin_failover::sdk::from_sdk(config)
}
