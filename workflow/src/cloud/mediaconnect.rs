//! MediaConnect: the contribution flows.

use std::future::Future;

use medialive_template::contribution::CreateFlow;

use super::Result;

hls_epoch::open_enum! {
    /// A flow's status, as `DescribeFlow`/`ListFlows` report it.
    FlowStatus {
        /// Created or stopped: not taking the contribution.
        Standby = "STANDBY",
        /// Starting.
        Starting = "STARTING",
        /// Taking the contribution.
        Active = "ACTIVE",
        /// Stopping.
        Stopping = "STOPPING",
        /// Being updated.
        Updating = "UPDATING",
        /// Being deleted.
        Deleting = "DELETING",
        /// Failed; it can be started again.
        Error = "ERROR",
    }
}

/// A MediaConnect flow as `ListFlows`/`DescribeFlow` report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Its Availability Zone.
    pub availability_zone: String,
    /// Its status.
    pub status: FlowStatus,
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

/// MediaConnect in one Region.
pub trait MediaConnect: Send + Sync {
    /// `ListFlows` (every page).
    fn list_flows(&self) -> impl Future<Output = Result<Vec<Flow>>> + Send;
    /// `CreateFlow`.
    fn create_flow(&self, request: &CreateFlow) -> impl Future<Output = Result<Flow>> + Send;
    /// `DescribeFlow`; `None` when there is no such flow.
    fn describe_flow(&self, arn: &str) -> impl Future<Output = Result<Option<Flow>>> + Send;
    /// `StartFlow`.
    fn start_flow(&self, arn: &str) -> impl Future<Output = Result<()>> + Send;
    /// `StopFlow`.
    fn stop_flow(&self, arn: &str) -> impl Future<Output = Result<()>> + Send;
    /// `DeleteFlow`; false when it did not exist.
    fn delete_flow(&self, arn: &str) -> impl Future<Output = Result<bool>> + Send;
    /// Waits for a flow to reach `target`.
    fn wait_flow(&self, arn: &str, target: FlowTarget) -> impl Future<Output = Result<()>> + Send;
}
