//! MediaStore's control plane: containers and the documents they hold.

use std::collections::BTreeMap;
use std::future::Future;

use mediastore_policy::{CorsPolicy, DataEndpoint};

use super::Result;

hls_epoch::open_enum! {
    /// A container's status, as `DescribeContainer` reports it.
    ContainerStatus {
        /// Being created: no data endpoint yet.
        Creating = "CREATING",
        /// Ready: its data endpoint takes requests.
        Active = "ACTIVE",
        /// Being deleted.
        Deleting = "DELETING",
    }
}

/// A MediaStore container as `DescribeContainer`/`ListContainers` report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Its status.
    pub status: ContainerStatus,
    /// Its data endpoint, once active.
    pub endpoint: Option<DataEndpoint>,
}

/// MediaStore in one Region.
pub trait MediaStore: Send + Sync {
    /// `DescribeContainer`; `None` when there is no such container.
    fn describe_container(&self, name: &str) -> impl Future<Output = Result<Option<Container>>> + Send;
    /// `ListContainers` (every page).
    fn list_containers(&self) -> impl Future<Output = Result<Vec<Container>>> + Send;
    /// `CreateContainer` with tags.
    fn create_container(
        &self,
        name: &str,
        tags: &BTreeMap<String, String>,
    ) -> impl Future<Output = Result<Container>> + Send;
    /// `DeleteContainer`; false when it did not exist.
    fn delete_container(&self, name: &str) -> impl Future<Output = Result<bool>> + Send;
    /// `GetContainerPolicy`; `None` when none is set.
    fn container_policy(&self, name: &str) -> impl Future<Output = Result<Option<String>>> + Send;
    /// `PutContainerPolicy`.
    fn put_container_policy(&self, name: &str, policy: &str) -> impl Future<Output = Result<()>> + Send;
    /// `GetLifecyclePolicy`; `None` when none is set.
    fn lifecycle_policy(&self, name: &str) -> impl Future<Output = Result<Option<String>>> + Send;
    /// `PutLifecyclePolicy`.
    fn put_lifecycle_policy(&self, name: &str, policy: &str) -> impl Future<Output = Result<()>> + Send;
    /// `GetCorsPolicy`; `None` when none is set.
    fn cors_policy(&self, name: &str) -> impl Future<Output = Result<Option<CorsPolicy>>> + Send;
    /// `PutCorsPolicy`.
    fn put_cors_policy(&self, name: &str, policy: &CorsPolicy) -> impl Future<Output = Result<()>> + Send;
}
