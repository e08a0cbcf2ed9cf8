//! The MediaPackage v2 and CMAF Ingest output groups, their outputs and MediaPackage destinations, in
//! the SDK's form. Nested settings this crate does not model (`CaptionLanguageMappings`,
//! `AdditionalDestinations`, `WatermarkingSettings`) are errors naming their path ([`What::NotSent`](super::What::NotSent),
//! [`What::NotRead`](super::What::NotRead)).

use aws_sdk_medialive::types as sdk;
use serde_json::{Map, Value};

use super::{
    Error, carried, from_enum, int_from, int_to, json_i32, json_str, json_str_list, no_extra,
    no_extra_except, to_enum,
};
use crate::hls::OutputLocationRef;
use crate::media_package::{
    CmafIngestGroupSettings, CmafIngestOutputSettings, MediaPackageGroupSettings,
    MediaPackageOutputDestinationSettings, MediaPackageOutputSettings, MediaPackageV2DestinationSettings,
    MediapackageV2GroupSettings,
};

passthrough! {
    v2_group_pass_to, v2_group_pass_from, sdk::MediaPackageV2GroupSettings, sdk::builders::MediaPackageV2GroupSettingsBuilder {
        "Id3Behavior" => id3_behavior, set_id3_behavior, Enum(sdk::CmafId3Behavior);
        "KlvBehavior" => klv_behavior, set_klv_behavior, Enum(sdk::CmafKlvBehavior);
        "NielsenId3Behavior" => nielsen_id3_behavior, set_nielsen_id3_behavior, Enum(sdk::CmafNielsenId3Behavior);
        "Scte35Type" => scte35_type, set_scte35_type, Enum(sdk::Scte35Type);
        "TimedMetadataId3Frame" => timed_metadata_id3_frame, set_timed_metadata_id3_frame, Enum(sdk::CmafTimedMetadataId3Frame);
        "TimedMetadataId3Period" => timed_metadata_id3_period, set_timed_metadata_id3_period, Int;
        "TimedMetadataPassthrough" => timed_metadata_passthrough, set_timed_metadata_passthrough, Enum(sdk::CmafTimedMetadataPassthrough);
    }
}

passthrough! {
    cmaf_group_pass_to, cmaf_group_pass_from, sdk::CmafIngestGroupSettings, sdk::builders::CmafIngestGroupSettingsBuilder {
        "Id3Behavior" => id3_behavior, set_id3_behavior, Enum(sdk::CmafId3Behavior);
        "Id3NameModifier" => id3_name_modifier, set_id3_name_modifier, Str;
        "KlvBehavior" => klv_behavior, set_klv_behavior, Enum(sdk::CmafKlvBehavior);
        "KlvNameModifier" => klv_name_modifier, set_klv_name_modifier, Str;
        "NielsenId3Behavior" => nielsen_id3_behavior, set_nielsen_id3_behavior, Enum(sdk::CmafNielsenId3Behavior);
        "NielsenId3NameModifier" => nielsen_id3_name_modifier, set_nielsen_id3_name_modifier, Str;
        "Scte35NameModifier" => scte35_name_modifier, set_scte35_name_modifier, Str;
        "Scte35Type" => scte35_type, set_scte35_type, Enum(sdk::Scte35Type);
        "SendDelayMs" => send_delay_ms, set_send_delay_ms, Int;
        "TimedMetadataId3Frame" => timed_metadata_id3_frame, set_timed_metadata_id3_frame, Enum(sdk::CmafTimedMetadataId3Frame);
        "TimedMetadataId3Period" => timed_metadata_id3_period, set_timed_metadata_id3_period, Int;
        "TimedMetadataPassthrough" => timed_metadata_passthrough, set_timed_metadata_passthrough, Enum(sdk::CmafTimedMetadataPassthrough);
    }
}

passthrough! {
    v2_destination_pass_to, v2_destination_pass_from, sdk::MediaPackageV2DestinationSettings, sdk::builders::MediaPackageV2DestinationSettingsBuilder {
        "HlsAutoSelect" => hls_auto_select, set_hls_auto_select, Enum(sdk::HlsAutoSelect);
        "HlsDefault" => hls_default, set_hls_default, Enum(sdk::HlsDefault);
        "OutputUsage" => output_usage, set_output_usage, EnumList(sdk::OutputUsage);
    }
}

fn location_to(d: &Option<OutputLocationRef>, path: &str) -> Result<Option<sdk::OutputLocationRef>, Error> {
    d.as_ref()
        .map(|d| {
            no_extra(&d.extra, &format!("{path}.Destination"))?;
            Ok(sdk::OutputLocationRef::builder()
                .set_destination_ref_id(d.destination_ref_id.clone())
                .build())
        })
        .transpose()
}

fn location_from(d: &Option<sdk::OutputLocationRef>) -> Option<OutputLocationRef> {
    d.as_ref().map(|d| OutputLocationRef {
        destination_ref_id: d.destination_ref_id.clone(),
        extra: Map::new(),
    })
}

pub(super) fn media_package_group_to(
    g: &MediaPackageGroupSettings,
    path: &str,
) -> Result<sdk::MediaPackageGroupSettings, Error> {
    no_extra(&g.extra, path)?;
    let v2 = match &g.mediapackage_v2_group_settings {
        Some(v2) => Some(v2_group_to(v2, &format!("{path}.MediapackageV2GroupSettings"))?),
        None => None,
    };
    Ok(sdk::MediaPackageGroupSettings::builder()
        .set_destination(location_to(&g.destination, path)?)
        .set_mediapackage_v2_group_settings(v2)
        .build())
}

pub(super) fn media_package_group_from(
    g: &sdk::MediaPackageGroupSettings,
    path: &str,
) -> Result<MediaPackageGroupSettings, Error> {
    let v2 = match &g.mediapackage_v2_group_settings {
        Some(v2) => Some(v2_group_from(v2, &format!("{path}.MediapackageV2GroupSettings"))?),
        None => None,
    };
    let ours = MediaPackageGroupSettings {
        destination: location_from(&g.destination),
        mediapackage_v2_group_settings: v2,
        extra: Map::new(),
    };
    carried(g, &media_package_group_to(&ours, path)?, path)?;
    Ok(ours)
}

fn v2_group_to(
    v: &MediapackageV2GroupSettings,
    path: &str,
) -> Result<sdk::MediaPackageV2GroupSettings, Error> {
    let builder = sdk::MediaPackageV2GroupSettings::builder()
        .set_segment_length(int_to(v.segment_length, path, "SegmentLength")?)
        .set_segment_length_units(to_enum(&v.segment_length_units, |u| u.as_str()));
    let (builder, used) = v2_group_pass_to(builder, &v.extra, path)?;
    no_extra_except(&v.extra, path, &used)?;
    Ok(builder.build())
}

fn v2_group_from(
    v: &sdk::MediaPackageV2GroupSettings,
    path: &str,
) -> Result<MediapackageV2GroupSettings, Error> {
    let mut ours = MediapackageV2GroupSettings {
        segment_length: int_from(v.segment_length, path, "SegmentLength")?,
        segment_length_units: from_enum(&v.segment_length_units, sdk::CmafIngestSegmentLengthUnits::as_str),
        extra: Map::new(),
    };
    v2_group_pass_from(v, &mut ours.extra);
    carried(v, &v2_group_to(&ours, path)?, path)?;
    Ok(ours)
}

pub(super) fn cmaf_ingest_group_to(
    c: &CmafIngestGroupSettings,
    path: &str,
) -> Result<sdk::CmafIngestGroupSettings, Error> {
    let builder = sdk::CmafIngestGroupSettings::builder()
        .set_destination(location_to(&c.destination, path)?)
        .set_segment_length(int_to(c.segment_length, path, "SegmentLength")?)
        .set_segment_length_units(to_enum(&c.segment_length_units, |u| u.as_str()));
    let (builder, used) = cmaf_group_pass_to(builder, &c.extra, path)?;
    no_extra_except(&c.extra, path, &used)?;
    Ok(builder.build())
}

pub(super) fn cmaf_ingest_group_from(
    c: &sdk::CmafIngestGroupSettings,
    path: &str,
) -> Result<CmafIngestGroupSettings, Error> {
    let mut ours = CmafIngestGroupSettings {
        destination: location_from(&c.destination),
        segment_length: int_from(c.segment_length, path, "SegmentLength")?,
        segment_length_units: from_enum(&c.segment_length_units, sdk::CmafIngestSegmentLengthUnits::as_str),
        extra: Map::new(),
    };
    cmaf_group_pass_from(c, &mut ours.extra);
    carried(c, &cmaf_ingest_group_to(&ours, path)?, path)?;
    Ok(ours)
}

pub(super) fn media_package_output_to(
    o: &MediaPackageOutputSettings,
    path: &str,
) -> Result<sdk::MediaPackageOutputSettings, Error> {
    no_extra(&o.extra, path)?;
    let v2 = match &o.media_package_v2_destination_settings {
        Some(d) => {
            let path = format!("{path}.MediaPackageV2DestinationSettings");
            let builder = sdk::MediaPackageV2DestinationSettings::builder()
                .set_audio_group_id(d.audio_group_id.clone())
                .set_audio_rendition_sets(d.audio_rendition_sets.clone());
            let (builder, used) = v2_destination_pass_to(builder, &d.extra, &path)?;
            no_extra_except(&d.extra, &path, &used)?;
            Some(builder.build())
        }
        None => None,
    };
    Ok(sdk::MediaPackageOutputSettings::builder()
        .set_media_package_v2_destination_settings(v2)
        .build())
}

pub(super) fn media_package_output_from(
    o: &sdk::MediaPackageOutputSettings,
    path: &str,
) -> Result<MediaPackageOutputSettings, Error> {
    let v2 = o.media_package_v2_destination_settings.as_ref().map(|d| {
        let mut ours = MediaPackageV2DestinationSettings {
            audio_group_id: d.audio_group_id.clone(),
            audio_rendition_sets: d.audio_rendition_sets.clone(),
            extra: Map::new(),
        };
        v2_destination_pass_from(d, &mut ours.extra);
        ours
    });
    let ours = MediaPackageOutputSettings {
        media_package_v2_destination_settings: v2,
        extra: Map::new(),
    };
    carried(o, &media_package_output_to(&ours, path)?, path)?;
    Ok(ours)
}

pub(super) fn cmaf_ingest_output_to(
    o: &CmafIngestOutputSettings,
    path: &str,
) -> Result<sdk::CmafIngestOutputSettings, Error> {
    no_extra(&o.extra, path)?;
    Ok(sdk::CmafIngestOutputSettings::builder()
        .set_name_modifier(o.name_modifier.clone())
        .build())
}

pub(super) fn cmaf_ingest_output_from(
    o: &sdk::CmafIngestOutputSettings,
    path: &str,
) -> Result<CmafIngestOutputSettings, Error> {
    let ours = CmafIngestOutputSettings {
        name_modifier: o.name_modifier.clone(),
        extra: Map::new(),
    };
    carried(o, &cmaf_ingest_output_to(&ours, path)?, path)?;
    Ok(ours)
}

pub(super) fn media_package_destination_to(
    d: &MediaPackageOutputDestinationSettings,
    path: &str,
) -> Result<sdk::MediaPackageOutputDestinationSettings, Error> {
    no_extra(&d.extra, path)?;
    Ok(sdk::MediaPackageOutputDestinationSettings::builder()
        .set_channel_id(d.channel_id.clone())
        .set_channel_group(d.channel_group.clone())
        .set_channel_name(d.channel_name.clone())
        .set_channel_endpoint_id(d.channel_endpoint_id.as_ref().map(|id| id.as_str().to_owned()))
        .set_media_package_region_name(d.media_package_region_name.clone())
        .build())
}

pub(super) fn media_package_destination_from(
    d: &sdk::MediaPackageOutputDestinationSettings,
    path: &str,
) -> Result<MediaPackageOutputDestinationSettings, Error> {
    let ours = MediaPackageOutputDestinationSettings {
        channel_id: d.channel_id.clone(),
        channel_group: d.channel_group.clone(),
        channel_name: d.channel_name.clone(),
        channel_endpoint_id: d.channel_endpoint_id.as_deref().map(Into::into),
        media_package_region_name: d.media_package_region_name.clone(),
        extra: Map::new(),
    };
    carried(d, &media_package_destination_to(&ours, path)?, path)?;
    Ok(ours)
}
