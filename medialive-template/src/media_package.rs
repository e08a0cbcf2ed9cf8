//! The two output groups that feed MediaPackage v2 with CMAF ingest: the MediaPackage output group in
//! v2 mode (`MediaPackageGroupSettings` with `MediapackageV2GroupSettings`, destinations named by
//! channel group, channel, ingest endpoint and Region) and the CMAF Ingest output group
//! (`CmafIngestGroupSettings`, destinations that are ingest URLs).
//!
//! Neither group has an `InputLossAction` or a `RedundantManifest`: MediaPackage switches between the
//! two pipelines' inputs and builds the manifests itself. The documents are MediaLive's, spelled as
//! MediaLive spells them; the MediaPackage names they hold are checked where MediaPackage's rules
//! live (the `mediapackage-origin` crate, which also makes [`MediaPackageOutputDestinationSettings`]
//! from its typed names).

use hls_epoch::{Cadence, FrameRate, Seconds, medialive_frames_for};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::OutputGroup;
use crate::hls::OutputLocationRef;

hls_epoch::open_enum! {
    /// `SegmentLengthUnits` of a MediaPackage v2 or CMAF Ingest group.
    SegmentLengthUnits {
        /// `SegmentLength` counts whole seconds.
        Seconds = "SECONDS",
        /// `SegmentLength` counts milliseconds.
        Milliseconds = "MILLISECONDS",
    }
}

hls_epoch::open_enum! {
    /// `MediaPackageSettings[].ChannelEndpointId`: which of the MediaPackage v2 channel's two ingest
    /// endpoints a pipeline writes to.
    ChannelEndpointId {
        /// The channel's ingest endpoint 1.
        Endpoint1 = "ENDPOINT_1",
        /// The channel's ingest endpoint 2.
        Endpoint2 = "ENDPOINT_2",
    }
}

impl SegmentLengthUnits {
    /// **Assumption:** the unit MediaLive uses when `SegmentLengthUnits` is absent. MediaLive's API
    /// reference lists `SECONDS` and `MILLISECONDS` without naming a default; the console offers
    /// seconds first and every published profile that omits the key means seconds, so absent reads as
    /// [`SegmentLengthUnits::Seconds`].
    pub const fn assumed_default() -> Self {
        Self::Seconds
    }
}

/// A CMAF segment length as written: `SegmentLength` in `SegmentLengthUnits`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentLength {
    /// `SegmentLength`.
    pub length: u32,
    /// `SegmentLengthUnits`, or [`SegmentLengthUnits::assumed_default`] when absent.
    pub units: SegmentLengthUnits,
}

/// Why a CMAF segment length has no exact duration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SegmentLengthError {
    /// A unit this crate does not know.
    #[error("SegmentLengthUnits {units:?} is not allowed: expected SECONDS or MILLISECONDS")]
    Units {
        /// The unit as written.
        units: String,
    },
    /// A segment of no time.
    #[error("SegmentLength 0 is not allowed: expected at least 1")]
    Zero,
}

impl SegmentLength {
    /// The requested duration, exact.
    pub fn duration(&self) -> Result<Seconds, SegmentLengthError> {
        let millis = match &self.units {
            SegmentLengthUnits::Seconds => u64::from(self.length) * 1000,
            SegmentLengthUnits::Milliseconds => u64::from(self.length),
            SegmentLengthUnits::Other(units) => {
                return Err(SegmentLengthError::Units { units: units.clone() });
            }
        };
        if millis == 0 {
            return Err(SegmentLengthError::Zero);
        }
        // 1000 is never zero, so the fraction always exists.
        Seconds::new(millis, 1000).map_err(|_| SegmentLengthError::Zero)
    }

    /// The requested duration in milliseconds.
    pub fn millis(&self) -> Result<u64, SegmentLengthError> {
        let duration = self.duration()?;
        Ok(duration.numerator() * 1000 / duration.denominator())
    }

    /// The segment MediaLive makes at `rate`: the requested duration rounded to whole frames by
    /// [`hls_epoch::medialive_frames_for`], the same assumption the HLS group's cadence uses.
    pub fn cadence(&self, rate: FrameRate) -> Result<Cadence, CadenceError> {
        let duration = self.duration().map_err(CadenceError::Length)?;
        let frames = u32::try_from(medialive_frames_for(duration, rate)).unwrap_or(u32::MAX);
        Cadence::from_frames(frames, rate).map_err(CadenceError::Cadence)
    }
}

/// Why a CMAF segment length gives no cadence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CadenceError {
    /// The length or its units are not allowed.
    #[error(transparent)]
    Length(SegmentLengthError),
    /// The frames do not make a segment.
    #[error(transparent)]
    Cadence(hls_epoch::cadence::Error),
}

/// `OutputGroupSettings.MediaPackageGroupSettings`. In v2 mode (`MediapackageV2GroupSettings` set,
/// destinations naming a channel group and channel) MediaLive sends CMAF ingest to MediaPackage v2.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MediaPackageGroupSettings {
    /// `Destination`: the entry of `Destinations` whose `MediaPackageSettings` name the channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<OutputLocationRef>,
    /// `MediapackageV2GroupSettings` (MediaLive spells the key with a lower-case `p`).
    #[serde(
        default,
        rename = "MediapackageV2GroupSettings",
        skip_serializing_if = "Option::is_none"
    )]
    pub mediapackage_v2_group_settings: Option<MediapackageV2GroupSettings>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `MediapackageV2GroupSettings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MediapackageV2GroupSettings {
    /// `SegmentLength`, in [`MediapackageV2GroupSettings::segment_length_units`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_length: Option<u32>,
    /// `SegmentLengthUnits`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_length_units: Option<SegmentLengthUnits>,
    /// Every other key (`Scte35Type`, `Id3Behavior`, `CaptionLanguageMappings`,
    /// `AdditionalDestinations`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `OutputGroupSettings.CmafIngestGroupSettings`: CMAF ingest to an HTTPS ingest URL (MediaPackage
/// v2's, ending in `/`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CmafIngestGroupSettings {
    /// `Destination`: the entry of `Destinations` whose URLs are the ingest endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<OutputLocationRef>,
    /// `SegmentLength`, in [`CmafIngestGroupSettings::segment_length_units`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_length: Option<u32>,
    /// `SegmentLengthUnits`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_length_units: Option<SegmentLengthUnits>,
    /// Every other key (`SendDelayMs`, `Scte35Type`, `NielsenId3Behavior`, `AdditionalDestinations`,
    /// ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `OutputSettings.MediaPackageOutputSettings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MediaPackageOutputSettings {
    /// `MediaPackageV2DestinationSettings`: how the rendition appears in MediaPackage's manifests.
    #[serde(
        default,
        rename = "MediaPackageV2DestinationSettings",
        skip_serializing_if = "Option::is_none"
    )]
    pub media_package_v2_destination_settings: Option<MediaPackageV2DestinationSettings>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `MediaPackageV2DestinationSettings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MediaPackageV2DestinationSettings {
    /// `AudioGroupId`, for an audio rendition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_group_id: Option<String>,
    /// `AudioRenditionSets`, the audio groups a video rendition plays with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_rendition_sets: Option<String>,
    /// Every other key (`HlsAutoSelect`, `HlsDefault`, `OutputUsage`), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `OutputSettings.CmafIngestOutputSettings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CmafIngestOutputSettings {
    /// `NameModifier`, which names the track at the ingest endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_modifier: Option<String>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An entry of `Destinations[].MediaPackageSettings`: where one pipeline writes. In v2 mode it names
/// the channel group, the channel, the ingest endpoint and the channel's Region; in v1 mode only a
/// `ChannelId`.
///
/// `mediapackage-origin` makes these from its checked names (group, channel, Region, pipeline), so
/// MediaPackage's name rule stays in one place.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MediaPackageOutputDestinationSettings {
    /// `ChannelId`: a MediaPackage v1 channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    /// `ChannelGroup`: the MediaPackage v2 channel group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_group: Option<String>,
    /// `ChannelName`: the MediaPackage v2 channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_name: Option<String>,
    /// `ChannelEndpointId`: the ingest endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_endpoint_id: Option<ChannelEndpointId>,
    /// `MediaPackageRegionName`: the channel's Region (the MediaLive channel's own when absent). The
    /// only field a Region clone changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_package_region_name: Option<String>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl MediapackageV2GroupSettings {
    /// The segment length as written, when `SegmentLength` is set.
    pub fn segment(&self) -> Option<SegmentLength> {
        segment(self.segment_length, &self.segment_length_units)
    }
}

impl CmafIngestGroupSettings {
    /// The segment length as written, when `SegmentLength` is set.
    pub fn segment(&self) -> Option<SegmentLength> {
        segment(self.segment_length, &self.segment_length_units)
    }
}

impl OutputGroup {
    /// The MediaPackage group's settings, if this is a MediaPackage output group.
    pub fn media_package(&self) -> Option<&MediaPackageGroupSettings> {
        self.output_group_settings
            .as_ref()?
            .media_package_group_settings
            .as_ref()
    }

    /// The CMAF Ingest group's settings, if this is a CMAF Ingest output group.
    pub fn cmaf_ingest(&self) -> Option<&CmafIngestGroupSettings> {
        self.output_group_settings
            .as_ref()?
            .cmaf_ingest_group_settings
            .as_ref()
    }
}

fn segment(length: Option<u32>, units: &Option<SegmentLengthUnits>) -> Option<SegmentLength> {
    Some(SegmentLength {
        length: length?,
        units: units.clone().unwrap_or(SegmentLengthUnits::assumed_default()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_lengths_in_either_unit_give_exact_cadences() {
        let six = SegmentLength {
            length: 6,
            units: SegmentLengthUnits::Seconds,
        };
        assert_eq!(six.millis(), Ok(6000));
        assert_eq!(six.cadence(FrameRate::FPS_29_97).map(Cadence::frames), Ok(180));
        let two = SegmentLength {
            length: 2000,
            units: SegmentLengthUnits::Milliseconds,
        };
        assert_eq!(two.cadence(FrameRate::FPS_50).map(Cadence::frames), Ok(100));
        let odd = SegmentLength {
            length: 2,
            units: SegmentLengthUnits::Other("MINUTES".to_owned()),
        };
        assert_eq!(
            odd.duration().unwrap_err().to_string(),
            "SegmentLengthUnits \"MINUTES\" is not allowed: expected SECONDS or MILLISECONDS"
        );
        let zero = SegmentLength {
            length: 0,
            units: SegmentLengthUnits::Seconds,
        };
        assert_eq!(zero.duration(), Err(SegmentLengthError::Zero));
        assert_eq!(SegmentLengthUnits::assumed_default(), SegmentLengthUnits::Seconds);
    }

    #[test]
    fn media_package_group_keeps_medialive_spelling() {
        let value = serde_json::json!({
            "Destination": {"DestinationRefId": "mp"},
            "MediapackageV2GroupSettings": {"SegmentLength": 6, "SegmentLengthUnits": "SECONDS", "Scte35Type": "NONE"}
        });
        let group: MediaPackageGroupSettings = serde_json::from_value(value.clone()).unwrap();
        let v2 = group.mediapackage_v2_group_settings.as_ref().unwrap();
        assert_eq!(v2.segment().map(|s| s.length), Some(6));
        assert!(v2.extra.contains_key("Scte35Type"));
        assert_eq!(serde_json::to_value(&group).unwrap(), value);
    }
}
