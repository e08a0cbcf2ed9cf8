//! The Create* documents, in the CLI/SDK form (PascalCase keys), as CloudFormation's
//! `AWS::MediaPackageV2::*` resources also spell their properties.
//!
//! Every document keeps the keys this crate does not model in `extra`, and every enum keeps a value
//! it does not know in `Other`, so a document read, edited and written again loses nothing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::invalid::{Invalid, quoted};
use crate::name::{ManifestName, ResourceName};

/// The most characters in a description.
pub const MAX_DESCRIPTION_CHARS: usize = 1024;
/// The shortest and longest origin endpoint segment, in seconds.
pub const SEGMENT_DURATION_SECONDS: std::ops::RangeInclusive<u32> = 1..=30;
/// The shortest manifest window, in seconds.
pub const MIN_MANIFEST_WINDOW_SECONDS: u32 = 30;
/// The longest startover window (14 days), in seconds.
pub const MAX_STARTOVER_WINDOW_SECONDS: u32 = 1_209_600;
/// The program date time interval, in seconds.
pub const PROGRAM_DATE_TIME_INTERVAL_SECONDS: std::ops::RangeInclusive<u32> = 1..=1_209_600;
/// The most manifests of all kinds on one origin endpoint.
pub const MAX_MANIFESTS_PER_ENDPOINT: usize = 25;

hls_epoch::open_enum! {
    /// What a channel ingests. Immutable; the API's default is HLS, and cross-Region failover needs CMAF.
    InputType {
        /// HLS ingest (kept for backwards compatibility; segments are not aligned across Regions).
        Hls = "HLS",
        /// CMAF ingest, epoch-locked by default: the input cross-Region failover needs.
        Cmaf = "CMAF",
        /// Multiview ingest.
        Multiview = "MULTIVIEW",
    }
}

hls_epoch::open_enum! {
    /// How a CMAF channel numbers its output. Immutable; the API's default for CMAF is `EPOCH_LOCKED`.
    OutputLockingMode {
        /// Segment numbers derived from the epoch: the same in every Region.
        EpochLocked = "EPOCH_LOCKED",
        /// Numbers from 0: no cross-Region failover, and no `ForceEndpointErrorConfiguration`.
        NonEpochLocked = "NON_EPOCH_LOCKED",
    }
}

hls_epoch::open_enum! {
    /// An origin endpoint's container. Immutable.
    ContainerType {
        /// MPEG-2 transport stream (HLS and LL-HLS manifests).
        Ts = "TS",
        /// CMAF (HLS, LL-HLS and DASH manifests).
        Cmaf = "CMAF",
        /// Smooth Streaming (MSS manifests only).
        Ism = "ISM",
    }
}

hls_epoch::open_enum! {
    /// A condition under which an endpoint answers 404 so that the CDN fails over.
    EndpointErrorCondition {
        /// The manifest stopped advancing.
        StaleManifest = "STALE_MANIFEST",
        /// The manifest misses segments.
        IncompleteManifest = "INCOMPLETE_MANIFEST",
        /// A DRM key could not be fetched.
        MissingDrmKey = "MISSING_DRM_KEY",
        /// The encoder is sending slate (its input is lost).
        SlateInput = "SLATE_INPUT",
    }
}

/// Tags, as a map (the CLI and SDK) or a list of `{Key, Value}` (CloudFormation), kept in the form read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Tags {
    /// `{"key": "value"}`.
    Map(BTreeMap<String, String>),
    /// `[{"Key": "key", "Value": "value"}]`.
    List(Vec<Tag>),
}

/// One CloudFormation tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
}

impl Tags {
    /// The tags as a map, whichever form they were read in.
    pub fn to_map(&self) -> BTreeMap<String, String> {
        match self {
            Self::Map(map) => map.clone(),
            Self::List(list) => list.iter().map(|t| (t.key.clone(), t.value.clone())).collect(),
        }
    }
}

/// `CreateChannelGroup`: the group whose endpoints share one egress domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChannelGroup {
    /// The group's name.
    pub channel_group_name: ResourceName,
    /// A description, 0-1024 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `InputSwitchConfiguration` (CMAF only): switch between the two ingest endpoints on media quality.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InputSwitchConfiguration {
    /// Switch to the input with the higher media quality confidence score (MQCS) when both are healthy.
    /// Its documented default differs between AWS pages: set it explicitly.
    #[serde(
        rename = "MQCSInputSwitching",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mqcs_input_switching: Option<bool>,
    /// The ingest endpoint (1 or 2) preferred when both scores are equal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_input: Option<i64>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `OutputHeaderConfiguration` (CMAF only): headers MediaPackage adds to its responses.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OutputHeaderConfiguration {
    /// Publish the MQCS in CMSD response headers, which CloudFront's media-quality-based selection reads.
    #[serde(rename = "PublishMQCS", default, skip_serializing_if = "Option::is_none")]
    pub publish_mqcs: Option<bool>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `CreateChannel`: what MediaLive ingests into, through two ingest endpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Channel {
    /// The channel's group.
    pub channel_group_name: ResourceName,
    /// The channel's name.
    pub channel_name: ResourceName,
    /// A description, 0-1024 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The input type; absent means HLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_type: Option<InputType>,
    /// Epoch-locked or not (CMAF only); absent means epoch-locked for CMAF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_locking_mode: Option<OutputLockingMode>,
    /// Input switching (CMAF only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_switch_configuration: Option<InputSwitchConfiguration>,
    /// Output headers (CMAF only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_header_configuration: Option<OutputHeaderConfiguration>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `Segment`: how an endpoint cuts its output.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Segment {
    /// 1-30 s, a whole multiple of the input's segment duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_duration_seconds: Option<i64>,
    /// The segment file name stem, 1-256 of `[A-Za-z0-9_-]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_name: Option<String>,
    /// Whether to add I-frame-only streams.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_iframe_only_streams: Option<bool>,
    /// TS only: put audio in a rendition group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ts_use_audio_rendition_group: Option<bool>,
    /// TS only: carry DVB subtitles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ts_include_dvb_subtitles: Option<bool>,
    /// Encryption (SPEKE key provider, methods), kept as read; its presence calls for `MISSING_DRM_KEY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<Value>,
    /// Keys this crate does not model (`Scte`, `OutputTimestampMode`), kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An HLS or low-latency HLS manifest of an endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HlsManifest {
    /// The multivariant playlist's name (`index` serves `index.m3u8`).
    pub manifest_name: ManifestName,
    /// The media playlists' name stem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_manifest_name: Option<ManifestName>,
    /// How much of the timeline the manifest lists, at least 30 s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_window_seconds: Option<i64>,
    /// How often `EXT-X-PROGRAM-DATE-TIME` appears, 1-1,209,600 s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program_date_time_interval_seconds: Option<i64>,
    /// Keys this crate does not model (`ScteHls`, `StartTag`, `FilterConfiguration`, ...), kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `ForceEndpointErrorConfiguration`: when the endpoint answers 404 so that the CDN fails over.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForceEndpointErrorConfiguration {
    /// The conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_error_conditions: Option<Vec<EndpointErrorCondition>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ForceEndpointErrorConfiguration {
    /// Whether `condition` is among the conditions.
    pub fn contains(&self, condition: &EndpointErrorCondition) -> bool {
        self.endpoint_error_conditions
            .as_ref()
            .is_some_and(|all| all.contains(condition))
    }
}

/// `CreateOriginEndpoint`: what CloudFront reads from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginEndpoint {
    /// The channel's group.
    pub channel_group_name: ResourceName,
    /// The channel.
    pub channel_name: ResourceName,
    /// The endpoint's name.
    pub origin_endpoint_name: ResourceName,
    /// The container.
    pub container_type: ContainerType,
    /// Segmentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<Segment>,
    /// How far back a viewer may start over, 0-1,209,600 s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startover_window_seconds: Option<i64>,
    /// HLS manifests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls_manifests: Option<Vec<HlsManifest>>,
    /// Low-latency HLS manifests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_latency_hls_manifests: Option<Vec<HlsManifest>>,
    /// DASH manifests, kept as read (counted against the manifest limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dash_manifests: Option<Vec<Value>>,
    /// MSS manifests, kept as read (counted against the manifest limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mss_manifests: Option<Vec<Value>>,
    /// When to answer 404 so that the CDN fails over: the primary Region's endpoint only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_endpoint_error_configuration: Option<ForceEndpointErrorConfiguration>,
    /// A description, 0-1024 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Keys this crate does not model (`UriSeparator`, `StreamNameOutputMode`), kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn check_description(description: Option<&String>) -> Result<(), Invalid> {
    match description {
        Some(text) if text.chars().count() > MAX_DESCRIPTION_CHARS => Err(Invalid::new(
            "Description",
            format!("a text of {} characters", text.chars().count()),
            "0 to 1024 characters",
        )),
        _ => Ok(()),
    }
}

impl ChannelGroup {
    /// Checks the group against MediaPackage's limits.
    pub fn validate(&self) -> Result<(), Invalid> {
        check_description(self.description.as_ref())
    }
}

impl Channel {
    /// The input type, with the API's default (HLS) when absent.
    pub fn effective_input_type(&self) -> InputType {
        self.input_type.clone().unwrap_or(InputType::Hls)
    }

    /// The output locking mode, with the API's default (epoch-locked for CMAF) when absent; `None`
    /// for an input type that has no locking mode.
    pub fn effective_output_locking_mode(&self) -> Option<OutputLockingMode> {
        match (&self.output_locking_mode, self.effective_input_type()) {
            (Some(mode), _) => Some(mode.clone()),
            (None, InputType::Cmaf) => Some(OutputLockingMode::EpochLocked),
            (None, _) => None,
        }
    }

    /// Checks the channel against MediaPackage's limits and its CMAF-only settings.
    pub fn validate(&self) -> Result<(), Invalid> {
        check_description(self.description.as_ref())?;
        let cmaf = self.effective_input_type() == InputType::Cmaf;
        let cmaf_only = "absent unless InputType is CMAF";
        let input = self.effective_input_type();
        if !cmaf {
            if self.output_locking_mode.is_some() {
                return Err(Invalid::new(
                    "OutputLockingMode",
                    format!("set with InputType {input}"),
                    cmaf_only,
                ));
            }
            if self.input_switch_configuration.is_some() {
                return Err(Invalid::new(
                    "InputSwitchConfiguration",
                    format!("set with InputType {input}"),
                    cmaf_only,
                ));
            }
            if self.output_header_configuration.is_some() {
                return Err(Invalid::new(
                    "OutputHeaderConfiguration",
                    format!("set with InputType {input}"),
                    cmaf_only,
                ));
            }
        }
        if let Some(preferred) = self
            .input_switch_configuration
            .as_ref()
            .and_then(|c| c.preferred_input)
            && !(1..=2).contains(&preferred)
        {
            return Err(Invalid::new(
                "InputSwitchConfiguration.PreferredInput",
                preferred.to_string(),
                "1 (the first ingest endpoint) or 2 (the second)",
            ));
        }
        Ok(())
    }
}

impl OriginEndpoint {
    /// Every manifest of every kind.
    pub fn manifest_count(&self) -> usize {
        self.hls_manifests.as_ref().map_or(0, Vec::len)
            + self.low_latency_hls_manifests.as_ref().map_or(0, Vec::len)
            + self.dash_manifests.as_ref().map_or(0, Vec::len)
            + self.mss_manifests.as_ref().map_or(0, Vec::len)
    }

    /// Whether the segments are encrypted (then `MISSING_DRM_KEY` belongs in the force-error conditions).
    pub fn is_encrypted(&self) -> bool {
        self.segment.as_ref().is_some_and(|s| s.encryption.is_some())
    }

    /// Checks the endpoint against MediaPackage's limits: segment duration, segment name, windows,
    /// manifests per endpoint and per container, unique manifest names.
    pub fn validate(&self) -> Result<(), Invalid> {
        check_description(self.description.as_ref())?;
        if let Some(segment) = &self.segment {
            if let Some(seconds) = segment.segment_duration_seconds
                && !(1..=30).contains(&seconds)
            {
                return Err(Invalid::new(
                    "Segment.SegmentDurationSeconds",
                    seconds.to_string(),
                    "1 to 30 seconds",
                ));
            }
            if let Some(name) = &segment.segment_name {
                ResourceName::new(name).map_err(|e| Invalid {
                    path: "Segment.SegmentName".to_owned(),
                    ..e
                })?;
            }
        }
        if let Some(seconds) = self.startover_window_seconds
            && !(0..=i64::from(MAX_STARTOVER_WINDOW_SECONDS)).contains(&seconds)
        {
            return Err(Invalid::new(
                "StartoverWindowSeconds",
                seconds.to_string(),
                "0 to 1209600 seconds (14 days)",
            ));
        }
        let count = self.manifest_count();
        if count > MAX_MANIFESTS_PER_ENDPOINT {
            return Err(Invalid::new(
                "HlsManifests",
                format!("{count} manifests in all"),
                "at most 25 manifests per endpoint",
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (field, list) in [
            ("HlsManifests", &self.hls_manifests),
            ("LowLatencyHlsManifests", &self.low_latency_hls_manifests),
        ] {
            for (index, manifest) in list.iter().flatten().enumerate() {
                let path = format!("{field}[{index}]");
                if let Some(window) = manifest.manifest_window_seconds
                    && window < i64::from(MIN_MANIFEST_WINDOW_SECONDS)
                {
                    return Err(Invalid::new(
                        format!("{path}.ManifestWindowSeconds"),
                        window.to_string(),
                        "at least 30 seconds",
                    ));
                }
                if let Some(interval) = manifest.program_date_time_interval_seconds
                    && !(1..=1_209_600).contains(&interval)
                {
                    return Err(Invalid::new(
                        format!("{path}.ProgramDateTimeIntervalSeconds"),
                        interval.to_string(),
                        "1 to 1209600 seconds",
                    ));
                }
                if !seen.insert(manifest.manifest_name.as_str().to_owned()) {
                    return Err(Invalid::new(
                        format!("{path}.ManifestName"),
                        quoted(manifest.manifest_name.as_str()),
                        "a name no other manifest of the endpoint uses",
                    ));
                }
            }
        }
        let has = |list: &Option<Vec<Value>>| list.as_ref().is_some_and(|l| !l.is_empty());
        let hls = self.hls_manifests.as_ref().is_some_and(|l| !l.is_empty())
            || self
                .low_latency_hls_manifests
                .as_ref()
                .is_some_and(|l| !l.is_empty());
        match self.container_type {
            ContainerType::Ts if has(&self.dash_manifests) || has(&self.mss_manifests) => {
                return Err(Invalid::new(
                    "ContainerType",
                    "TS with DASH or MSS manifests",
                    "HLS and LL-HLS manifests only on TS",
                ));
            }
            ContainerType::Cmaf if has(&self.mss_manifests) => {
                return Err(Invalid::new(
                    "ContainerType",
                    "CMAF with MSS manifests",
                    "HLS, LL-HLS and DASH manifests only on CMAF",
                ));
            }
            ContainerType::Ism if hls || has(&self.dash_manifests) => {
                return Err(Invalid::new(
                    "ContainerType",
                    "ISM with HLS or DASH manifests",
                    "MSS manifests only on ISM",
                ));
            }
            _ => {}
        }
        Ok(())
    }

    /// Checks the endpoint's segment against the channel's input: MediaPackage repackages whole input
    /// segments, so the endpoint's duration is a whole multiple of the input's (MediaLive's segment
    /// length, in whole seconds).
    pub fn validate_against_input(&self, input_segment_seconds: u32) -> Result<(), Invalid> {
        self.validate_against_input_millis(u64::from(input_segment_seconds) * 1000)
    }

    /// Like [`OriginEndpoint::validate_against_input`], for an input segment given in milliseconds
    /// (MediaLive's `SegmentLengthUnits` `MILLISECONDS`).
    pub fn validate_against_input_millis(&self, input_segment_millis: u64) -> Result<(), Invalid> {
        self.validate()?;
        let Some(seconds) = self.segment.as_ref().and_then(|s| s.segment_duration_seconds) else {
            return Ok(());
        };
        let millis = u64::try_from(seconds).unwrap_or(0).saturating_mul(1000);
        if input_segment_millis == 0 || !millis.is_multiple_of(input_segment_millis) {
            let input = if input_segment_millis.is_multiple_of(1000) {
                format!("{}-second", input_segment_millis / 1000)
            } else {
                format!("{input_segment_millis}-millisecond")
            };
            return Err(Invalid::new(
                "Segment.SegmentDurationSeconds",
                seconds.to_string(),
                format!("a whole multiple of the input's {input} segments"),
            ));
        }
        Ok(())
    }
}
