//! The MediaPackage v2 builder, the CMAF groups' checks and the cross-Region rules.

use hls_epoch::FrameRate;
use medialive_template::cross_region::{cross_region, next_session};
use medialive_template::validation::Check;
use medialive_template::video::{H264Level, H264Profile};
use medialive_template::{Channel, LiveMediaPackageChannel, Rung, Severity, Template, live_hls};
use serde_json::{Value, json};

fn channel_in(region: &str, name: &str, rate: FrameRate) -> Channel {
    LiveMediaPackageChannel::builder()
        .name(name)
        .input_id("1234567")
        .destinations(crate::ingest(region))
        .frame_rate(rate)
        .segment_length(2)
        .build()
        .channel()
        .unwrap()
}

fn east() -> Channel {
    channel_in("us-east-1", "event-east", FrameRate::FPS_30)
}

fn west() -> Channel {
    channel_in("us-west-2", "event-west", FrameRate::FPS_30)
}

fn value(channel: &Channel) -> Value {
    channel.to_value().unwrap()
}

fn from(value: Value) -> Channel {
    Template::from_value(value).unwrap().channel().cloned().unwrap()
}

#[test]
fn builder_writes_a_media_package_v2_group_without_hls_only_settings() {
    let channel = east();
    let v = value(&channel);
    let group = &v["EncoderSettings"]["OutputGroups"][0];
    let settings = &group["OutputGroupSettings"];
    assert_eq!(
        settings["MediaPackageGroupSettings"]["MediapackageV2GroupSettings"],
        json!({"SegmentLength": 2, "SegmentLengthUnits": "SECONDS"})
    );
    assert!(settings.get("HlsGroupSettings").is_none());
    let text = v.to_string();
    assert!(
        !text.contains("InputLossAction") && !text.contains("RedundantManifest"),
        "{text}"
    );
    assert_eq!(
        v["EncoderSettings"]["GlobalConfiguration"]["OutputLockingMode"],
        "EPOCH_LOCKING"
    );
    assert_eq!(
        v["Destinations"][0]["MediaPackageSettings"][1],
        json!({"ChannelGroup": "live", "ChannelName": "event", "ChannelEndpointId": "ENDPOINT_2", "MediaPackageRegionName": "us-east-1"})
    );
    assert!(v["Destinations"][0].get("Settings").is_none());
    // Four video tracks, one per rung; two audio tracks, one per distinct AAC encode (128 and 96 kbit/s).
    let outputs = group["Outputs"].as_array().unwrap();
    let names: Vec<&str> = outputs
        .iter()
        .map(|o| o["OutputName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "1080p30",
            "720p30",
            "540p30",
            "360p30",
            "audio_1080p30",
            "audio_540p30"
        ]
    );
    let sets = |i: usize| &outputs[i]["OutputSettings"]["MediaPackageOutputSettings"]["MediaPackageV2DestinationSettings"];
    assert_eq!(sets(1)["AudioRenditionSets"], "audio_1080p30");
    assert_eq!(sets(3)["AudioRenditionSets"], "audio_540p30");
    assert_eq!(sets(5)["AudioGroupId"], "audio_540p30");
    assert_eq!(
        v["EncoderSettings"]["AudioDescriptions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let report = channel.validate(FrameRate::FPS_30);
    assert!(report.findings().is_empty(), "{report}");
}

#[test]
fn builder_applies_the_ladder_rules_of_the_hls_builder() {
    let rung = |modifier: &str| {
        Rung::builder()
            .width(1280)
            .height(720)
            .video_bitrate(3_000_000)
            .profile(H264Profile::High)
            .level(H264Level::L3_1)
            .custom_name_modifier(modifier)
            .build()
    };
    let build = |ladder: Vec<Rung>, segment: u32, gop: Option<u32>| {
        let builder = LiveMediaPackageChannel::builder()
            .name("x")
            .input_id("1")
            .destinations(crate::ingest("us-east-1"))
            .ladder(ladder)
            .segment_length(segment);
        match gop {
            Some(gop) => builder.gop_frames(gop).build().channel(),
            None => builder.build().channel(),
        }
    };
    let source = |err: medialive_template::live_media_package::Error| match err {
        medialive_template::live_media_package::Error::Encodes { source } => source,
        other => panic!("unexpected {other:?}"),
    };
    let err = source(build(vec![rung("_a"), rung("_a")], 6, None).unwrap_err());
    assert!(
        matches!(err, live_hls::Error::DuplicateNameModifier { index: 1, .. }),
        "{err:?}"
    );
    let err = source(build(vec![], 6, None).unwrap_err());
    assert_eq!(err, live_hls::Error::EmptyLadder);
    let err = source(build(vec![rung("_a")], 6, Some(7)).unwrap_err());
    assert!(matches!(err, live_hls::Error::Gop { .. }), "{err:?}");
    let err = build(vec![rung("_a")], 0, None).unwrap_err();
    assert_eq!(err.to_string(), "the encodes are not allowed");
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn twin_channels_pass_the_cross_region_check() {
    let report = cross_region(&east(), &west(), FrameRate::FPS_30);
    assert!(report.is_ok(), "{report}");
    assert!(report.between.findings().is_empty(), "{report}");
}

#[test]
fn different_output_names_across_regions_are_named() {
    let mut v = value(&west());
    v["EncoderSettings"]["OutputGroups"][0]["Outputs"][0]["OutputName"] = json!("hd");
    let report = cross_region(&east(), &from(v), FrameRate::FPS_30);
    let finding = report
        .between
        .of(Check::OutputNamesDiffer)
        .next()
        .expect("a finding");
    assert_eq!(
        finding.path,
        "$.EncoderSettings.OutputGroups[0].Outputs[0].OutputName"
    );
    assert!(
        finding.explanation.contains("\"1080p30\"") && finding.explanation.contains("\"hd\""),
        "{finding}"
    );
    assert!(!report.is_ok());
}

#[test]
fn different_encoder_or_group_settings_across_regions_are_named() {
    let mut v = value(&west());
    v["EncoderSettings"]["VideoDescriptions"][1]["CodecSettings"]["H264Settings"]["Bitrate"] =
        json!(2_500_000);
    v["EncoderSettings"]["OutputGroups"][0]["OutputGroupSettings"]["MediaPackageGroupSettings"]["MediapackageV2GroupSettings"]
        ["SegmentLength"] = json!(4);
    let report = cross_region(&east(), &from(v), FrameRate::FPS_30);
    let paths: Vec<&str> = report
        .between
        .of(Check::RegionsDiffer)
        .map(|f| f.path.as_str())
        .collect();
    assert!(
        paths.contains(&"$.EncoderSettings.VideoDescriptions[1].CodecSettings.H264Settings.Bitrate"),
        "{paths:?}"
    );
    assert!(paths.contains(&"$.EncoderSettings.OutputGroups[0].OutputGroupSettings.MediaPackageGroupSettings.MediapackageV2GroupSettings.SegmentLength"), "{paths:?}");
}

#[test]
fn mixed_fractional_and_integer_frame_rates_are_refused() {
    let mut v = value(&east());
    let h264 = &mut v["EncoderSettings"]["VideoDescriptions"][3]["CodecSettings"]["H264Settings"];
    h264["FramerateNumerator"] = json!(30000);
    h264["FramerateDenominator"] = json!(1001);
    let report = from(v).validate(FrameRate::FPS_30);
    let finding = report.of(Check::MixedFrameRates).next().expect("a finding");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(
        finding.path,
        "$.EncoderSettings.VideoDescriptions[3].CodecSettings.H264Settings.FramerateNumerator"
    );
    assert!(
        finding.explanation.contains("29.97") && finding.explanation.contains("all integer"),
        "{finding}"
    );
    // All fractional is fine.
    let fractional = channel_in("us-east-1", "e", FrameRate::FPS_29_97).validate(FrameRate::FPS_29_97);
    assert_eq!(fractional.of(Check::MixedFrameRates).count(), 0, "{fractional}");
}

#[test]
fn hls_ingest_to_media_package_is_refused_for_cross_region() {
    let hls = Channel::from_json(
        r#"{"Destinations": [{"Id": "mp", "Settings": [
            {"Url": "https://abcde1-1.ingest.fghij2.mediapackagev2.us-east-1.amazonaws.com/in/v1/live/1/event/index"}]}],
          "EncoderSettings": {"OutputGroups": [{"OutputGroupSettings": {"HlsGroupSettings": {
            "Destination": {"DestinationRefId": "mp"}}}}]}}"#,
    )
    .unwrap();
    let report = cross_region(&hls, &hls, FrameRate::FPS_30);
    let finding = report
        .primary
        .of(Check::HlsIngestToMediaPackage)
        .next()
        .expect("a finding");
    assert_eq!(finding.path, "$.Destinations[0].Settings[0].Url");
    assert!(
        finding.explanation.contains("InputType HLS") && finding.explanation.contains("CMAF"),
        "{finding}"
    );
}

#[test]
fn media_package_destinations_must_name_one_channel_in_two_regions() {
    let same_region = channel_in("us-east-1", "event-west", FrameRate::FPS_30);
    let report = cross_region(&east(), &same_region, FrameRate::FPS_30);
    let finding = report
        .between
        .of(Check::MediaPackageDestinations)
        .next()
        .expect("a finding");
    assert_eq!(
        finding.path,
        "$.Destinations[0].MediaPackageSettings[0].MediaPackageRegionName"
    );
    let mut v = value(&west());
    v["Destinations"][0]["MediaPackageSettings"][1]["ChannelName"] = json!("other");
    let report = cross_region(&east(), &from(v), FrameRate::FPS_30);
    let paths: Vec<&str> = report
        .between
        .findings()
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(paths, ["$.Destinations[0].MediaPackageSettings[1].ChannelName"]);
}

#[test]
fn next_session_may_not_grow_the_segment_change_the_family_or_the_epoch() {
    assert!(next_session(&east(), &east()).findings().is_empty());
    let mut v = value(&east());
    v["EncoderSettings"]["OutputGroups"][0]["OutputGroupSettings"]["MediaPackageGroupSettings"]["MediapackageV2GroupSettings"]
        ["SegmentLength"] = json!(3);
    v["EncoderSettings"]["VideoDescriptions"][0]["CodecSettings"]["H264Settings"]["FramerateNumerator"] =
        json!(25);
    v["EncoderSettings"]["VideoDescriptions"][1]["CodecSettings"]["H264Settings"]["FramerateNumerator"] =
        json!(60);
    v["EncoderSettings"]["GlobalConfiguration"]["OutputLockingSettings"] =
        json!({"EpochLockingSettings": {"CustomEpoch": "2020-01-01T00:00:00"}});
    let report = next_session(&east(), &from(v));
    let grew = report.of(Check::SegmentLengthGrew).next().expect("a finding");
    assert!(grew.explanation.contains("2000 ms to 3000 ms"), "{grew}");
    let changed: Vec<&str> = report
        .of(Check::FrameRateChanged)
        .map(|f| f.path.as_str())
        .collect();
    // 30 -> 25 is refused; 30 -> 60 is a whole multiple and allowed.
    assert_eq!(
        changed,
        ["$.EncoderSettings.VideoDescriptions[0].CodecSettings.H264Settings.FramerateNumerator"]
    );
    let epoch = report.of(Check::EpochChanged).next().expect("a finding");
    assert!(
        epoch
            .explanation
            .contains("the Unix epoch to 2020-01-01T00:00:00"),
        "{epoch}"
    );
    // A shorter segment is allowed.
    let mut shorter = value(&east());
    shorter["EncoderSettings"]["OutputGroups"][0]["OutputGroupSettings"]["MediaPackageGroupSettings"]["MediapackageV2GroupSettings"]
        ["SegmentLength"] = json!(1);
    assert_eq!(
        next_session(&east(), &from(shorter))
            .of(Check::SegmentLengthGrew)
            .count(),
        0
    );
}

#[test]
fn the_real_cmaf_ingest_profile_is_checked_like_a_media_package_group() {
    let text = include_str!("../fixtures/refarch-lef-hd-avc-50fps-medialive-cmaf-ingest-v1.json");
    let template = Template::from_rest_json(text).unwrap();
    let report = template.validate(FrameRate::FPS_50);
    // The profile is pipeline-locked, and its 112-frame GOP does not divide the 100-frame, 2-second segment.
    assert!(report.of(Check::EpochLockingOff).next().is_some(), "{report}");
    let gop = report.of(Check::GopNotAligned).next().expect("a GOP finding");
    assert_eq!(
        gop.path,
        "$.VideoDescriptions[0].CodecSettings.H264Settings.GopSize"
    );
    assert!(gop.explanation.contains("SegmentLength 2 SECONDS"), "{gop}");
    assert_eq!(report.of(Check::MixedFrameRates).count(), 0, "{report}");
    assert_eq!(report.of(Check::SegmentNotWholeFrames).count(), 0, "{report}");
}

#[test]
fn a_cmaf_group_without_segment_length_is_refused() {
    let template = Template::from_json(
        r#"{"OutputGroups": [{"OutputGroupSettings": {"CmafIngestGroupSettings": {"Destination": {"DestinationRefId": "d"}}}}]}"#,
    )
    .unwrap();
    let report = template.validate(FrameRate::FPS_25);
    let finding = report.of(Check::SegmentNotWholeFrames).next().expect("a finding");
    assert_eq!(
        finding.path,
        "$.OutputGroups[0].OutputGroupSettings.CmafIngestGroupSettings.SegmentLength"
    );
    assert_eq!(finding.severity, Severity::Error);
}
