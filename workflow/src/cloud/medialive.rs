//! MediaLive: the input, the channel and its schedule.

use std::future::Future;

use medialive_template::input::CreateInput;
use medialive_template::{Channel, Pipeline};

use super::Result;

hls_epoch::open_enum! {
    /// An input's state, as `ListInputs` reports it.
    InputState {
        /// Being created.
        Creating = "CREATING",
        /// Attached to no channel.
        Detached = "DETACHED",
        /// Attached to a channel.
        Attached = "ATTACHED",
        /// Being deleted.
        Deleting = "DELETING",
        /// Deleted (MediaLive lists it for a while).
        Deleted = "DELETED",
    }
}

hls_epoch::open_enum! {
    /// A channel's state, as `DescribeChannel`/`ListChannels` report it.
    ChannelState {
        /// Being created.
        Creating = "CREATING",
        /// Creation failed.
        CreateFailed = "CREATE_FAILED",
        /// Created, not running.
        Idle = "IDLE",
        /// Starting.
        Starting = "STARTING",
        /// Running: both pipelines encode.
        Running = "RUNNING",
        /// Running, recovering from a failure.
        Recovering = "RECOVERING",
        /// Stopping.
        Stopping = "STOPPING",
        /// Being deleted.
        Deleting = "DELETING",
        /// Deleted (MediaLive lists it for a while).
        Deleted = "DELETED",
        /// Being updated.
        Updating = "UPDATING",
        /// An update failed.
        UpdateFailed = "UPDATE_FAILED",
    }
}

/// A state that says whether MediaLive is deleting, or has deleted, its resource.
pub trait Lifecycle {
    /// True once deletion has started.
    fn is_deleted(&self) -> bool;
}

impl Lifecycle for InputState {
    fn is_deleted(&self) -> bool {
        matches!(self, InputState::Deleting | InputState::Deleted)
    }
}

impl Lifecycle for ChannelState {
    fn is_deleted(&self) -> bool {
        matches!(self, ChannelState::Deleting | ChannelState::Deleted)
    }
}

impl ChannelState {
    /// Started, or on its way: `STARTING`, `RUNNING` or `RECOVERING`.
    pub fn is_started(&self) -> bool {
        matches!(
            self,
            ChannelState::Starting | ChannelState::Running | ChannelState::Recovering
        )
    }
}

/// A MediaLive input or channel as `List*`/`Describe*` report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaLiveResource<S> {
    /// Its name.
    pub name: String,
    /// Its id.
    pub id: String,
    /// Its ARN.
    pub arn: String,
    /// Its state.
    pub state: S,
}

/// A MediaLive input.
pub type Input = MediaLiveResource<InputState>;

/// A MediaLive channel (its identity and state; [`MediaLive::describe_channel`] adds its
/// document).
pub type ChannelSummary = MediaLiveResource<ChannelState>;

impl<S: Lifecycle> MediaLiveResource<S> {
    /// False once deletion has started: MediaLive keeps listing deleted resources for a while.
    pub fn is_live(&self) -> bool {
        !self.state.is_deleted()
    }
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

/// MediaLive in one Region.
pub trait MediaLive: Send + Sync {
    /// `ListInputs` (every page).
    fn list_inputs(&self) -> impl Future<Output = Result<Vec<Input>>> + Send;
    /// `CreateInput`.
    fn create_input(&self, request: &CreateInput) -> impl Future<Output = Result<Input>> + Send;
    /// `DeleteInput`; false when it did not exist.
    fn delete_input(&self, id: &str) -> impl Future<Output = Result<bool>> + Send;
    /// Waits for an input to be deleted.
    fn wait_input_deleted(&self, id: &str) -> impl Future<Output = Result<()>> + Send;
    /// `ListChannels` (every page).
    fn list_channels(&self) -> impl Future<Output = Result<Vec<ChannelSummary>>> + Send;
    /// `CreateChannel` from a channel document.
    fn create_channel(&self, channel: &Channel) -> impl Future<Output = Result<ChannelSummary>> + Send;
    /// `DescribeChannel`: the channel and its document as MediaLive holds it; `None` when there is
    /// no such channel.
    fn describe_channel(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<(ChannelSummary, Channel)>>> + Send;
    /// `StartChannel`.
    fn start_channel(&self, id: &str) -> impl Future<Output = Result<()>> + Send;
    /// `StopChannel`.
    fn stop_channel(&self, id: &str) -> impl Future<Output = Result<()>> + Send;
    /// `DeleteChannel`; false when it did not exist.
    fn delete_channel(&self, id: &str) -> impl Future<Output = Result<bool>> + Send;
    /// Waits for a channel to reach `target`.
    fn wait_channel(&self, id: &str, target: ChannelTarget) -> impl Future<Output = Result<()>> + Send;
    /// `BatchUpdateSchedule` with one immediate pause-state action named `action_name`: once it
    /// runs, exactly the pipelines in `paused` are paused and the others run (an empty list
    /// unpauses both).
    fn set_paused_pipelines(
        &self,
        channel_id: &str,
        action_name: &str,
        paused: &[Pipeline],
    ) -> impl Future<Output = Result<()>> + Send;
}
