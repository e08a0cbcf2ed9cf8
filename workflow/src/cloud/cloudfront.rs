//! CloudFront: the distribution (a global API).

use std::collections::BTreeMap;
use std::future::Future;

use origin_failover::document::DistributionConfig;

use super::Result;

hls_epoch::open_enum! {
    /// A distribution's status, as `GetDistribution`/`ListDistributions` report it.
    DistributionStatus {
        /// A change is deploying to the edge locations.
        InProgress = "InProgress",
        /// Every edge location has the current config.
        Deployed = "Deployed",
    }
}

/// A CloudFront distribution as `ListDistributions`/`GetDistribution` report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution {
    /// Its id.
    pub id: String,
    /// Its ARN.
    pub arn: String,
    /// Its `*.cloudfront.net` domain name.
    pub domain_name: String,
    /// Its status.
    pub status: DistributionStatus,
    /// Whether it serves requests.
    pub enabled: bool,
}

/// CloudFront's global API.
pub trait CloudFront: Send + Sync {
    /// `ListDistributions` (every page).
    fn list_distributions(&self) -> impl Future<Output = Result<Vec<Distribution>>> + Send;
    /// `GetDistributionConfig`: the config and its `ETag`; `None` when there is no such
    /// distribution.
    fn distribution_config(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<(DistributionConfig, String)>>> + Send;
    /// `CreateDistributionWithTags`.
    fn create_distribution(
        &self,
        config: &DistributionConfig,
        tags: &BTreeMap<String, String>,
    ) -> impl Future<Output = Result<Distribution>> + Send;
    /// `UpdateDistribution` with the `ETag` from [`CloudFront::distribution_config`]; returns the new
    /// `ETag`.
    fn update_distribution(
        &self,
        id: &str,
        config: &DistributionConfig,
        etag: &str,
    ) -> impl Future<Output = Result<String>> + Send;
    /// `DeleteDistribution` (it must be disabled and deployed); false when it did not exist.
    fn delete_distribution(&self, id: &str, etag: &str) -> impl Future<Output = Result<bool>> + Send;
    /// Waits until a distribution is `Deployed`.
    fn wait_distribution_deployed(&self, id: &str) -> impl Future<Output = Result<()>> + Send;
}
