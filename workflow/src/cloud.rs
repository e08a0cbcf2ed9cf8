//! The port to the cloud: every AWS call the workflow makes, as one small async trait.
//!
//! [`crate::aws::AwsCloud`] implements it with the AWS SDK. Anything else that implements it (a
//! simulated AWS on a virtual clock, a mock that injects faults) can run the same
//! [`crate::apply()`] and [`crate::teardown()`]. Calls are per Region (the `region` argument) except
//! CloudFront's, which is global. "Not found" is a value (`Ok(None)`/`Ok(false)`), not an error, so
//! that adoption and teardown stay idempotent.
//!
//! Waiting is part of the port (`wait_*`), so an implementation decides how long AWS takes; the
//! workflow decides only what to wait for.

use std::collections::BTreeMap;
use std::future::Future;

use medialive_template::Channel;
use medialive_template::Pipeline;
use medialive_template::contribution::CreateFlow;
use medialive_template::input::CreateInput;
use mediastore_policy::{CorsPolicy, DataEndpoint};
use origin_failover::document::DistributionConfig;
use serde::{Deserialize, Serialize};

/// Why a cloud call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service refused the call or could not be reached.
    #[error("{operation} in {region} failed: {message}")]
    Call {
        /// The operation, such as `mediastore:CreateContainer`.
        operation: &'static str,
        /// The Region, or `global`.
        region: String,
        /// The service's code and message, with every cause the SDK gave.
        message: String,
    },
    /// A reply lacked a value the workflow needs.
    #[error("{operation} in {region} returned no {field}")]
    Incomplete {
        /// The operation.
        operation: &'static str,
        /// The Region, or `global`.
        region: String,
        /// The missing field.
        field: &'static str,
    },
    /// A reply held a value the workflow cannot use.
    #[error("{operation} in {region} returned a {field} that is not allowed")]
    Invalid {
        /// The operation.
        operation: &'static str,
        /// The Region, or `global`.
        region: String,
        /// The field.
        field: &'static str,
        /// Why the value was refused.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A resource did not reach the state waited for.
    #[error("{what} in {region} did not become {target}: {message}")]
    Wait {
        /// The resource, such as `channel 1234567`.
        what: String,
        /// The Region, or `global`.
        region: String,
        /// The state waited for.
        target: &'static str,
        /// Why the wait ended.
        message: String,
    },
    /// A document could not be turned into the SDK's types.
    #[error("{document} cannot be sent")]
    Document {
        /// Which document.
        document: &'static str,
        /// What is wrong, with the JSON path.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// A MediaStore container as `DescribeContainer`/`ListContainers` report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Container {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// `CREATING`, `ACTIVE` or `DELETING`.
    pub status: String,
    /// Its data endpoint, once active.
    pub endpoint: Option<DataEndpoint>,
}

/// An entry of a container folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// An object, by name (relative to the folder listed).
    Object(String),
    /// A sub-folder, by name.
    Folder(String),
}

/// A MediaConnect flow as `ListFlows`/`DescribeFlow` report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Its Availability Zone.
    pub availability_zone: String,
    /// `STANDBY`, `ACTIVE`, `STARTING`, `STOPPING`, `UPDATING`, `DELETING` or `ERROR`.
    pub status: String,
}

/// A MediaLive input or channel as `List*`/`Describe*` report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaLiveResource {
    /// Its name.
    pub name: String,
    /// Its id.
    pub id: String,
    /// Its ARN.
    pub arn: String,
    /// Its state, such as `IDLE`, `DETACHED`, `ATTACHED` or `DELETED`.
    pub state: String,
}

impl MediaLiveResource {
    /// False once deletion has started: MediaLive keeps listing deleted resources for a while.
    pub fn is_live(&self) -> bool {
        !matches!(self.state.as_str(), "DELETING" | "DELETED")
    }
}

/// A CloudFront distribution as `ListDistributions`/`GetDistribution` report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distribution {
    /// Its id.
    pub id: String,
    /// Its ARN.
    pub arn: String,
    /// Its `*.cloudfront.net` domain name.
    pub domain_name: String,
    /// `InProgress` or `Deployed`.
    pub status: String,
    /// Whether it serves requests.
    pub enabled: bool,
}

/// What to wait for on a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelTarget {
    /// Created and idle.
    Created,
    /// Started: both pipelines running.
    Running,
    /// Stopped (idle again).
    Stopped,
    /// Deleted.
    Deleted,
}

/// What to wait for on a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowTarget {
    /// Started: taking the contribution.
    Active,
    /// Stopped (standby).
    Standby,
    /// Deleted.
    Deleted,
}

/// Shorthand for the futures the port returns.
pub type Result<T> = std::result::Result<T, Error>;

/// Every AWS call the workflow makes.
///
/// Implementations must be cheap to share (`Send + Sync`): the executor runs independent steps
/// concurrently on one instance.
pub trait Cloud: Send + Sync {
    // MediaStore.

    /// `DescribeContainer`; `None` when there is no such container.
    fn describe_container(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<Container>>> + Send;
    /// `ListContainers` (every page).
    fn list_containers(&self, region: &str) -> impl Future<Output = Result<Vec<Container>>> + Send;
    /// `CreateContainer` with tags.
    fn create_container(
        &self,
        region: &str,
        name: &str,
        tags: &BTreeMap<String, String>,
    ) -> impl Future<Output = Result<Container>> + Send;
    /// `DeleteContainer`; false when it did not exist.
    fn delete_container(&self, region: &str, name: &str) -> impl Future<Output = Result<bool>> + Send;
    /// `GetContainerPolicy`; `None` when none is set.
    fn container_policy(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<String>>> + Send;
    /// `PutContainerPolicy`.
    fn put_container_policy(
        &self,
        region: &str,
        name: &str,
        policy: &str,
    ) -> impl Future<Output = Result<()>> + Send;
    /// `GetLifecyclePolicy`; `None` when none is set.
    fn lifecycle_policy(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<String>>> + Send;
    /// `PutLifecyclePolicy`.
    fn put_lifecycle_policy(
        &self,
        region: &str,
        name: &str,
        policy: &str,
    ) -> impl Future<Output = Result<()>> + Send;
    /// `GetCorsPolicy`; `None` when none is set.
    fn cors_policy(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<CorsPolicy>>> + Send;
    /// `PutCorsPolicy`.
    fn put_cors_policy(
        &self,
        region: &str,
        name: &str,
        policy: &CorsPolicy,
    ) -> impl Future<Output = Result<()>> + Send;

    // MediaStore Data, at a container's data endpoint.

    /// `PutObject`.
    fn put_object(
        &self,
        region: &str,
        endpoint: &DataEndpoint,
        path: &str,
        body: Vec<u8>,
        content_type: &str,
    ) -> impl Future<Output = Result<()>> + Send;
    /// `GetObject`; `None` when there is no such object.
    fn get_object(
        &self,
        region: &str,
        endpoint: &DataEndpoint,
        path: &str,
    ) -> impl Future<Output = Result<Option<Vec<u8>>>> + Send;
    /// `ListItems` of one folder (`""` for the root), every page.
    fn list_items(
        &self,
        region: &str,
        endpoint: &DataEndpoint,
        folder: &str,
    ) -> impl Future<Output = Result<Vec<Item>>> + Send;
    /// `DeleteObject`; false when it did not exist.
    fn delete_object(
        &self,
        region: &str,
        endpoint: &DataEndpoint,
        path: &str,
    ) -> impl Future<Output = Result<bool>> + Send;

    // MediaConnect.

    /// `ListFlows` (every page).
    fn list_flows(&self, region: &str) -> impl Future<Output = Result<Vec<Flow>>> + Send;
    /// `CreateFlow`.
    fn create_flow(&self, region: &str, request: &CreateFlow) -> impl Future<Output = Result<Flow>> + Send;
    /// `DescribeFlow`; `None` when there is no such flow.
    fn describe_flow(&self, region: &str, arn: &str) -> impl Future<Output = Result<Option<Flow>>> + Send;
    /// `StartFlow`.
    fn start_flow(&self, region: &str, arn: &str) -> impl Future<Output = Result<()>> + Send;
    /// `StopFlow`.
    fn stop_flow(&self, region: &str, arn: &str) -> impl Future<Output = Result<()>> + Send;
    /// `DeleteFlow`; false when it did not exist.
    fn delete_flow(&self, region: &str, arn: &str) -> impl Future<Output = Result<bool>> + Send;
    /// Waits for a flow to reach `target`.
    fn wait_flow(
        &self,
        region: &str,
        arn: &str,
        target: FlowTarget,
    ) -> impl Future<Output = Result<()>> + Send;

    // MediaLive.

    /// `ListInputs` (every page).
    fn list_inputs(&self, region: &str) -> impl Future<Output = Result<Vec<MediaLiveResource>>> + Send;
    /// `CreateInput`.
    fn create_input(
        &self,
        region: &str,
        request: &CreateInput,
    ) -> impl Future<Output = Result<MediaLiveResource>> + Send;
    /// `DeleteInput`; false when it did not exist.
    fn delete_input(&self, region: &str, id: &str) -> impl Future<Output = Result<bool>> + Send;
    /// Waits for an input to be deleted.
    fn wait_input_deleted(&self, region: &str, id: &str) -> impl Future<Output = Result<()>> + Send;
    /// `ListChannels` (every page).
    fn list_channels(&self, region: &str) -> impl Future<Output = Result<Vec<MediaLiveResource>>> + Send;
    /// `CreateChannel` from a channel document.
    fn create_channel(
        &self,
        region: &str,
        channel: &Channel,
    ) -> impl Future<Output = Result<MediaLiveResource>> + Send;
    /// `DescribeChannel`: the channel and its document as MediaLive holds it; `None` when there is
    /// no such channel.
    fn describe_channel(
        &self,
        region: &str,
        id: &str,
    ) -> impl Future<Output = Result<Option<(MediaLiveResource, Channel)>>> + Send;
    /// `StartChannel`.
    fn start_channel(&self, region: &str, id: &str) -> impl Future<Output = Result<()>> + Send;
    /// `StopChannel`.
    fn stop_channel(&self, region: &str, id: &str) -> impl Future<Output = Result<()>> + Send;
    /// `DeleteChannel`; false when it did not exist.
    fn delete_channel(&self, region: &str, id: &str) -> impl Future<Output = Result<bool>> + Send;
    /// Waits for a channel to reach `target`.
    fn wait_channel(
        &self,
        region: &str,
        id: &str,
        target: ChannelTarget,
    ) -> impl Future<Output = Result<()>> + Send;
    /// `BatchUpdateSchedule` with one immediate pause-state action named `action_name`: once it
    /// runs, exactly the pipelines in `paused` are paused and the others run (an empty list
    /// unpauses both).
    fn set_paused_pipelines(
        &self,
        region: &str,
        channel_id: &str,
        action_name: &str,
        paused: &[Pipeline],
    ) -> impl Future<Output = Result<()>> + Send;

    // CloudFront (global).

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
    /// `UpdateDistribution` with the `ETag` from [`Cloud::distribution_config`]; returns the new
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
