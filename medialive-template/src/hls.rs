//! `OutputGroups`, their HLS settings, and their `Outputs`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::media_package::{
    CmafIngestGroupSettings, CmafIngestOutputSettings, MediaPackageGroupSettings, MediaPackageOutputSettings,
};

hls_epoch::open_enum! {
    /// `HlsGroupSettings.InputLossAction`: what a pipeline does when its input is lost.
    InputLossAction {
        /// Keep writing segments (of the input-loss slate or black frames).
        EmitOutput = "EMIT_OUTPUT",
        /// Stop writing, drop its renditions from its master and delete its rendition manifests, so players
        /// and the CDN move to the other pipeline or Region. The recipe needs this.
        PauseOutput = "PAUSE_OUTPUT",
    }
}

hls_epoch::open_enum! {
    /// `HlsGroupSettings.RedundantManifest`.
    RedundantManifest {
        /// Each pipeline's master lists the other pipeline's renditions too.
        Enabled = "ENABLED",
        /// Each master lists its own renditions only (MediaLive's default).
        Disabled = "DISABLED",
    }
}

hls_epoch::open_enum! {
    /// `HlsGroupSettings.Mode`.
    HlsMode {
        /// A live sliding window.
        Live = "LIVE",
        /// A growing event playlist.
        Vod = "VOD",
    }
}

hls_epoch::open_enum! {
    /// `HlsMediaStoreSettings.MediaStoreStorageClass`.
    MediaStoreStorageClass {
        /// The only class MediaStore offers.
        Temporal = "TEMPORAL",
    }
}

/// An entry of `OutputGroups`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OutputGroup {
    /// `Name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `OutputGroupSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_group_settings: Option<OutputGroupSettings>,
    /// `Outputs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outputs: Option<Vec<Output>>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `OutputGroupSettings`: one kind of group's settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OutputGroupSettings {
    /// `HlsGroupSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls_group_settings: Option<HlsGroupSettings>,
    /// `MediaPackageGroupSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_package_group_settings: Option<MediaPackageGroupSettings>,
    /// `CmafIngestGroupSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cmaf_ingest_group_settings: Option<CmafIngestGroupSettings>,
    /// Every other kind of group (`RtmpGroupSettings`, `UdpGroupSettings`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `HlsGroupSettings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HlsGroupSettings {
    /// `Destination`: which entry of the channel's `Destinations` the group writes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<OutputLocationRef>,
    /// `HlsCdnSettings`: how the group talks to its origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls_cdn_settings: Option<HlsCdnSettings>,
    /// `InputLossAction` (MediaLive's default is `EMIT_OUTPUT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_loss_action: Option<InputLossAction>,
    /// `RedundantManifest` (MediaLive's default is `DISABLED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redundant_manifest: Option<RedundantManifest>,
    /// `SegmentLength`, whole seconds (see [`HlsGroupSettings::DEFAULT_SEGMENT_LENGTH`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_length: Option<u32>,
    /// `Mode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<HlsMode>,
    /// `IndexNSegments`: segments listed in a rendition manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_n_segments: Option<u32>,
    /// `KeepSegments`: segments kept at the destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_segments: Option<u32>,
    /// Every other key (`ProgramDateTime`, `ManifestDurationFormat`, `CodecSpecification`, ...), kept as
    /// written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl HlsGroupSettings {
    /// The segment length MediaLive uses when `SegmentLength` is absent, in seconds.
    pub const DEFAULT_SEGMENT_LENGTH: u32 = 10;

    /// `SegmentLength`, or [`HlsGroupSettings::DEFAULT_SEGMENT_LENGTH`] when absent.
    pub fn effective_segment_length(&self) -> u32 {
        self.segment_length.unwrap_or(Self::DEFAULT_SEGMENT_LENGTH)
    }

    /// Whether `RedundantManifest` is `ENABLED`.
    pub fn is_redundant_manifest(&self) -> bool {
        self.redundant_manifest == Some(RedundantManifest::Enabled)
    }
}

/// A reference to an entry of the channel's `Destinations`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OutputLocationRef {
    /// `DestinationRefId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_ref_id: Option<String>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `HlsCdnSettings`: one kind of origin's settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HlsCdnSettings {
    /// `HlsMediaStoreSettings`, for `mediastoressl://` destinations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls_media_store_settings: Option<HlsMediaStoreSettings>,
    /// `HlsS3Settings`, for `s3ssl://` destinations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls_s3_settings: Option<HlsS3Settings>,
    /// Every other kind (`HlsBasicPutSettings`, `HlsAkamaiSettings`, `HlsWebdavSettings`), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `HlsMediaStoreSettings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HlsMediaStoreSettings {
    /// `MediaStoreStorageClass`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_store_storage_class: Option<MediaStoreStorageClass>,
    /// `ConnectionRetryInterval`, seconds between retries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_retry_interval: Option<u32>,
    /// `FilecacheDuration`, seconds of output cached on failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filecache_duration: Option<u32>,
    /// `NumRetries`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_retries: Option<u32>,
    /// `RestartDelay`, seconds before restarting after a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_delay: Option<u32>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `HlsS3Settings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HlsS3Settings {
    /// `CannedAcl`, such as `BUCKET_OWNER_FULL_CONTROL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canned_acl: Option<String>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An entry of an output group's `Outputs`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Output {
    /// `OutputName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_name: Option<String>,
    /// `VideoDescriptionName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_description_name: Option<String>,
    /// `AudioDescriptionNames`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_description_names: Option<Vec<String>>,
    /// `CaptionDescriptionNames`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption_description_names: Option<Vec<String>>,
    /// `OutputSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_settings: Option<OutputSettings>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `OutputSettings`: one kind of output's settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OutputSettings {
    /// `HlsOutputSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls_output_settings: Option<HlsOutputSettings>,
    /// `MediaPackageOutputSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_package_output_settings: Option<MediaPackageOutputSettings>,
    /// `CmafIngestOutputSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cmaf_ingest_output_settings: Option<CmafIngestOutputSettings>,
    /// Every other kind of output, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `HlsOutputSettings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HlsOutputSettings {
    /// `NameModifier`, appended to the destination's base name (`primary` + `_720p30` gives
    /// `primary_720p30.m3u8`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_modifier: Option<String>,
    /// `SegmentModifier`, inserted into segment names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_modifier: Option<String>,
    /// `HlsSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls_settings: Option<HlsSettings>,
    /// Every other key (`H265PackagingType`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `HlsSettings`: the kind of HLS output.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HlsSettings {
    /// `StandardHlsSettings`: a transport-stream rendition (video, with any muxed audio).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_hls_settings: Option<StandardHlsSettings>,
    /// `AudioOnlyHlsSettings`: an audio rendition in an audio group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_only_hls_settings: Option<AudioOnlyHlsSettings>,
    /// Every other kind (`Fmp4HlsSettings`, `FrameCaptureHlsSettings`), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `StandardHlsSettings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StandardHlsSettings {
    /// `AudioRenditionSets`: comma-separated audio group ids this rendition plays with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_rendition_sets: Option<String>,
    /// `M3u8Settings`, kept as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m3u8_settings: Option<Map<String, Value>>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `AudioOnlyHlsSettings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AudioOnlyHlsSettings {
    /// `AudioGroupId`: the audio group (`program_audio` when absent, as in MediaLive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_group_id: Option<String>,
    /// Every other key (`AudioTrackType`, `SegmentType`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AudioOnlyHlsSettings {
    /// The audio group MediaLive uses when `AudioGroupId` is absent.
    pub const DEFAULT_AUDIO_GROUP_ID: &'static str = "program_audio";
}

impl OutputGroup {
    /// The HLS settings, if this is an HLS group.
    pub fn hls(&self) -> Option<&HlsGroupSettings> {
        self.output_group_settings.as_ref()?.hls_group_settings.as_ref()
    }

    /// The HLS settings, mutable.
    pub fn hls_mut(&mut self) -> Option<&mut HlsGroupSettings> {
        self.output_group_settings.as_mut()?.hls_group_settings.as_mut()
    }
}

impl Output {
    /// The HLS output settings, if this is an HLS output.
    pub fn hls(&self) -> Option<&HlsOutputSettings> {
        self.output_settings.as_ref()?.hls_output_settings.as_ref()
    }
}
