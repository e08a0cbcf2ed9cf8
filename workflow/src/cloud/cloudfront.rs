//! CloudFront: the distribution (a global API).

use std::collections::BTreeMap;
use std::future::Future;

use origin_failover::access_control::{OriginAccessControlConfig, OriginAccessControlId};
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

/// An origin access control as `CreateOriginAccessControl`/`ListOriginAccessControls` report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginAccessControl {
    /// Its id, which an origin names.
    pub id: OriginAccessControlId,
    /// Its name (unique in the account).
    pub name: String,
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
    /// `ListOriginAccessControls` (every page).
    fn list_origin_access_controls(&self) -> impl Future<Output = Result<Vec<OriginAccessControl>>> + Send;
    /// `CreateOriginAccessControl`.
    fn create_origin_access_control(
        &self,
        config: &OriginAccessControlConfig,
    ) -> impl Future<Output = Result<OriginAccessControl>> + Send;
    /// `GetOriginAccessControl`'s `ETag`; `None` when there is no such origin access control.
    fn origin_access_control_etag(
        &self,
        id: &OriginAccessControlId,
    ) -> impl Future<Output = Result<Option<String>>> + Send;
    /// `DeleteOriginAccessControl` (no distribution may use it) with the `ETag` from
    /// [`CloudFront::origin_access_control_etag`]; false when it did not exist.
    fn delete_origin_access_control(
        &self,
        id: &OriginAccessControlId,
        etag: &str,
    ) -> impl Future<Output = Result<bool>> + Send;
}
