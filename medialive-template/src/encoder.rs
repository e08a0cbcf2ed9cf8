//! `EncoderSettings`: the encodes, output groups, timecode and global settings of a channel.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{AudioDescription, OutputGroup, VideoDescription};

hls_epoch::open_enum! {
    /// `GlobalConfiguration.OutputLockingMode`: how pipelines align their output.
    OutputLockingMode {
        /// Align to a theoretical encoder running since an epoch (Unix by default): pipelines and channels in
        /// any Region produce the same segment numbers.
        EpochLocking = "EPOCH_LOCKING",
        /// Align the two pipelines of one channel with each other.
        PipelineLocking = "PIPELINE_LOCKING",
        /// No locking.
        Disabled = "DISABLED",
    }
}

hls_epoch::open_enum! {
    /// `GlobalConfiguration.OutputTimingSource`.
    OutputTimingSource {
        /// The input's clock.
        InputClock = "INPUT_CLOCK",
        /// The system clock.
        SystemClock = "SYSTEM_CLOCK",
    }
}

hls_epoch::open_enum! {
    /// `TimecodeConfig.Source`: where the channel's timecode comes from.
    TimecodeSource {
        /// The timecode embedded in the source (UTC when the contribution encoder sends it so).
        Embedded = "EMBEDDED",
        /// The pipeline's UTC system clock.
        SystemClock = "SYSTEMCLOCK",
        /// Counting from 00:00:00:00 at channel start, which carries no wall-clock time.
        ZeroBased = "ZEROBASED",
    }
}

/// `EncoderSettings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EncoderSettings {
    /// `AudioDescriptions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_descriptions: Option<Vec<AudioDescription>>,
    /// `VideoDescriptions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_descriptions: Option<Vec<VideoDescription>>,
    /// `OutputGroups`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_groups: Option<Vec<OutputGroup>>,
    /// `TimecodeConfig`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timecode_config: Option<TimecodeConfig>,
    /// `GlobalConfiguration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_configuration: Option<GlobalConfiguration>,
    /// Every other key (`CaptionDescriptions`, `AvailConfiguration`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GlobalConfiguration`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlobalConfiguration {
    /// `OutputLockingMode`; the recipe needs `EPOCH_LOCKING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_locking_mode: Option<OutputLockingMode>,
    /// `OutputLockingSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_locking_settings: Option<OutputLockingSettings>,
    /// `OutputTimingSource`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_timing_source: Option<OutputTimingSource>,
    /// Every other key (`InputEndAction`, `InputLossBehavior`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GlobalConfiguration.OutputLockingSettings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OutputLockingSettings {
    /// `EpochLockingSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch_locking_settings: Option<EpochLockingSettings>,
    /// Every other key (`PipelineLockingSettings`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EpochLockingSettings`: a custom epoch and a daily jam sync, both optional.
///
/// The values are kept as written so that a document with a bad value still reads (and round-trips);
/// [`crate::validation`] checks them with [`hls_epoch::CustomEpoch`] and [`hls_epoch::JamSyncTime`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EpochLockingSettings {
    /// `CustomEpoch`, `YYYY-MM-DDTHH:MM:SS` UTC on the hour; the Unix epoch when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_epoch: Option<String>,
    /// `JamSyncTime`, `HH:00:00` UTC; only 29.97 and 59.94 fps encodes jam-sync.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jam_sync_time: Option<String>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `TimecodeConfig`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimecodeConfig {
    /// `Source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<TimecodeSource>,
    /// `SyncThreshold`, in frames: how far embedded timecode may drift before the channel resyncs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_threshold: Option<u32>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl EpochLockingSettings {
    /// The custom epoch, parsed; `Ok(None)` when absent (the Unix epoch).
    pub fn custom_epoch(&self) -> Result<Option<hls_epoch::CustomEpoch>, hls_epoch::epoch::SettingError> {
        self.custom_epoch.as_deref().map(str::parse).transpose()
    }

    /// The daily jam sync time, parsed; `Ok(None)` when absent.
    pub fn jam_sync_time(&self) -> Result<Option<hls_epoch::JamSyncTime>, hls_epoch::epoch::SettingError> {
        self.jam_sync_time.as_deref().map(str::parse).transpose()
    }
}
