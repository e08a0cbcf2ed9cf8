//! Each epoch-locking check fires on the problem it names, at the right path, and stays quiet otherwise.

use hls_epoch::FrameRate;
use medialive_template::validation::Check;
use medialive_template::{Channel, LiveHlsChannel, Report, Severity, Template};
use mediastore_policy::DataEndpoint;
use serde_json::{Value, json};

const LSOA: &str = include_str!("../fixtures/lsoa-v1-encoder-settings-1080p-hls.json");
const HLS: &str = "/EncoderSettings/OutputGroups/0/OutputGroupSettings/HlsGroupSettings";
const HLS_PATH: &str = "$.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings";
const H264: &str = "/EncoderSettings/VideoDescriptions/0/CodecSettings/H264Settings";
const H264_PATH: &str = "$.EncoderSettings.VideoDescriptions[0].CodecSettings.H264Settings";

fn built(rate: FrameRate) -> Channel {
    LiveHlsChannel::builder()
        .name("live")
        .input_id("1234567")
        .destination(DataEndpoint::from_host("abcd.data.mediastore.us-east-1.amazonaws.com").unwrap())
        .pipelines(medialive_template::PipelineNames::recipe("live").unwrap())
        .frame_rate(rate)
        .build()
        .channel()
        .unwrap()
}

/// The default channel at 30 fps with one edit made to its JSON.
fn edited(edit: impl FnOnce(&mut Value)) -> Channel {
    let mut value = built(FrameRate::FPS_30).to_value().unwrap();
    edit(&mut value);
    serde_json::from_value(value).unwrap()
}

fn set(value: &mut Value, pointer: &str, new: Value) {
    *value.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer}")) = new;
}

fn remove(value: &mut Value, pointer: &str, key: &str) {
    value
        .pointer_mut(pointer)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(key);
}

/// The default channel at 30 fps, edited by `edit`, must report exactly the findings of `check` at
/// `paths`; returns the report for what else the test asserts.
fn assert_only_after(
    edit: impl FnOnce(&mut Value),
    check: Check,
    severity: Severity,
    paths: &[&str],
) -> Report {
    let report = edited(edit).validate(FrameRate::FPS_30);
    assert_only(&report, check, severity, paths);
    report
}

/// The report must hold exactly the findings of `check` at `paths`, and nothing else.
fn assert_only(report: &Report, check: Check, severity: Severity, paths: &[&str]) {
    let found: Vec<(Check, Severity, &str)> = report
        .findings()
        .iter()
        .map(|f| (f.check, f.severity, f.path.as_str()))
        .collect();
    let expected: Vec<(Check, Severity, &str)> = paths.iter().map(|p| (check, severity, *p)).collect();
    assert_eq!(found, expected, "\n{report}");
    assert!(report.findings().iter().all(|f| !f.explanation.is_empty()));
}

#[test]
fn builder_default_has_no_findings() {
    let report = built(FrameRate::FPS_30).validate(FrameRate::FPS_30);
    assert!(report.findings().is_empty(), "{report}");
    assert_eq!(report.to_string(), "no findings");
}

#[test]
fn epoch_locking_off() {
    let report = assert_only_after(
        |v| {
            set(
                v,
                "/EncoderSettings/GlobalConfiguration/OutputLockingMode",
                json!("PIPELINE_LOCKING"),
            )
        },
        Check::EpochLockingOff,
        Severity::Error,
        &["$.EncoderSettings.GlobalConfiguration.OutputLockingMode"],
    );
    assert!(report.findings()[0].explanation.contains("PIPELINE_LOCKING"));
}

#[test]
fn epoch_settings_are_checked_with_hls_epoch() {
    let base = "$.EncoderSettings.GlobalConfiguration.OutputLockingSettings.EpochLockingSettings";
    assert_only_after(
        |v| {
            set(
                v,
                "/EncoderSettings/GlobalConfiguration",
                json!({"OutputLockingMode": "EPOCH_LOCKING",
            "OutputLockingSettings": {"EpochLockingSettings": {"CustomEpoch": "1999-01-01T00:00:00"}}}),
            );
        },
        Check::EpochSetting,
        Severity::Error,
        &[&format!("{base}.CustomEpoch")],
    );
    let report = assert_only_after(
        |v| {
            set(
                v,
                "/EncoderSettings/GlobalConfiguration",
                json!({"OutputLockingMode": "EPOCH_LOCKING",
            "OutputLockingSettings": {"EpochLockingSettings": {"CustomEpoch": "2024-06-01T05:00:00", "JamSyncTime": "05:30:00"}}}),
            );
        },
        Check::EpochSetting,
        Severity::Error,
        &[&format!("{base}.JamSyncTime")],
    );
    assert!(report.findings()[0].explanation.contains("05:30:00"));
}

#[test]
fn jam_sync_without_an_ntsc_encode() {
    let jam = |v: &mut Value| {
        set(
            v,
            "/EncoderSettings/GlobalConfiguration",
            json!({"OutputLockingMode": "EPOCH_LOCKING",
            "OutputLockingSettings": {"EpochLockingSettings": {"JamSyncTime": "05:00:00"}}}),
        );
    };
    let report = edited(jam).validate(FrameRate::FPS_30);
    assert_only(
        &report,
        Check::JamSyncWithoutEffect,
        Severity::Warning,
        &["$.EncoderSettings.GlobalConfiguration.OutputLockingSettings.EpochLockingSettings.JamSyncTime"],
    );
    let mut value = built(FrameRate::FPS_59_94).to_value().unwrap();
    jam(&mut value);
    let channel: Channel = serde_json::from_value(value).unwrap();
    assert_eq!(
        channel
            .validate(FrameRate::FPS_59_94)
            .of(Check::JamSyncWithoutEffect)
            .count(),
        0
    );
}

#[test]
fn frame_rate_not_specified() {
    assert_only_after(
        |v| {
            set(
                v,
                &format!("{H264}/FramerateControl"),
                json!("INITIALIZE_FROM_SOURCE"),
            )
        },
        Check::FrameRateNotSpecified,
        Severity::Error,
        &[&format!("{H264_PATH}.FramerateControl")],
    );
    let report = assert_only_after(
        |v| remove(v, H264, "FramerateDenominator"),
        Check::FrameRateNotSpecified,
        Severity::Error,
        &[&format!("{H264_PATH}.FramerateControl")],
    );
    assert!(
        report.findings()[0].explanation.contains("SPECIFIED but"),
        "{report}"
    );
    // An H.265 encode is checked the same way.
    assert_only_after(
        |v| {
            let h264 = v.pointer(H264).unwrap().clone();
            let mut h265 = h264;
            h265["FramerateControl"] = json!("INITIALIZE_FROM_SOURCE");
            set(
                v,
                "/EncoderSettings/VideoDescriptions/0/CodecSettings",
                json!({"H265Settings": h265}),
            );
        },
        Check::FrameRateNotSpecified,
        Severity::Error,
        &["$.EncoderSettings.VideoDescriptions[0].CodecSettings.H265Settings.FramerateControl"],
    );
}

#[test]
fn a_description_without_codec_settings_follows_the_source() {
    let channel =
        Channel::from_json(include_str!("../fixtures/awscli-create-channel-hls-akamai.json")).unwrap();
    let report = channel.validate(FrameRate::FPS_30);
    let found: Vec<&str> = report
        .of(Check::FrameRateNotSpecified)
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(
        found,
        ["$.EncoderSettings.VideoDescriptions[0].CodecSettings.H264Settings.FramerateControl"]
    );
}

#[test]
fn complex_frame_rate_conversion() {
    let paths: Vec<String> = (0..4)
        .map(|v| {
            format!("$.EncoderSettings.VideoDescriptions[{v}].CodecSettings.H264Settings.FramerateNumerator")
        })
        .collect();
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    // The console template's 30 fps encodes on a 29.97 fps source.
    let report = built(FrameRate::FPS_30).validate(FrameRate::FPS_29_97);
    assert_only(
        &report,
        Check::ComplexFrameRateConversion,
        Severity::Error,
        &paths,
    );
    assert!(
        report.findings()[0].explanation.contains("29.97") && report.findings()[0].explanation.contains("30")
    );
    // 29.97 -> 23.976 is complex too.
    let report = built(FrameRate::FPS_23_976).validate(FrameRate::FPS_29_97);
    assert_eq!(
        report.of(Check::ComplexFrameRateConversion).count(),
        4,
        "{report}"
    );
    // 29.97 -> 59.94 doubles every frame: fine (its 6 s segment is 6.006 s, a warning of its own).
    let report = built(FrameRate::FPS_59_94).validate(FrameRate::FPS_29_97);
    assert_eq!(
        report.of(Check::ComplexFrameRateConversion).count(),
        0,
        "{report}"
    );
    assert!(report.is_ok(), "{report}");
}

#[test]
fn segment_not_whole_frames() {
    let report = built(FrameRate::FPS_29_97).validate(FrameRate::FPS_29_97);
    assert_only(
        &report,
        Check::SegmentNotWholeFrames,
        Severity::Warning,
        &[&format!("{HLS_PATH}.SegmentLength")],
    );
    assert!(report.findings()[0].explanation.contains("6.006"), "{report}");
    assert!(report.is_ok());
    // At whole rates, integer lengths are whole frames.
    assert_eq!(
        built(FrameRate::FPS_25).validate(FrameRate::FPS_25).findings(),
        []
    );
}

#[test]
fn gop_must_divide_the_segment() {
    let report = assert_only_after(
        |v| set(v, &format!("{H264}/GopSize"), json!(70)),
        Check::GopNotAligned,
        Severity::Error,
        &[&format!("{H264_PATH}.GopSize")],
    );
    assert!(
        report.findings()[0].explanation.contains("70 frames")
            && report.findings()[0].explanation.contains("180"),
        "{report}"
    );
    // 2 seconds divides 6 seconds; 1.5 seconds does too (45 frames of 180).
    let channel = edited(|v| {
        set(v, &format!("{H264}/GopSize"), json!(2));
        set(v, &format!("{H264}/GopSizeUnits"), json!("SECONDS"));
    });
    assert_eq!(channel.validate(FrameRate::FPS_30).findings(), []);
    let channel = edited(|v| {
        set(v, &format!("{H264}/GopSize"), json!(1.5));
        set(v, &format!("{H264}/GopSizeUnits"), json!("SECONDS"));
    });
    assert_eq!(channel.validate(FrameRate::FPS_30).findings(), []);
    // 4 seconds does not; a fractional number of frames is not a GOP.
    assert_only_after(
        |v| {
            set(v, &format!("{H264}/GopSize"), json!(4));
            set(v, &format!("{H264}/GopSizeUnits"), json!("SECONDS"));
        },
        Check::GopNotAligned,
        Severity::Error,
        &[&format!("{H264_PATH}.GopSize")],
    );
    let report = assert_only_after(
        |v| set(v, &format!("{H264}/GopSize"), json!(59.5)),
        Check::GopNotAligned,
        Severity::Error,
        &[&format!("{H264_PATH}.GopSize")],
    );
    assert!(report.findings()[0].explanation.contains("59.5"), "{report}");
}

#[test]
fn redundant_manifest_off() {
    assert_only_after(
        |v| set(v, &format!("{HLS}/RedundantManifest"), json!("DISABLED")),
        Check::RedundantManifestOff,
        Severity::Warning,
        &[&format!("{HLS_PATH}.RedundantManifest")],
    );
}

#[test]
fn redundant_manifest_needs_a_standard_channel() {
    assert_only_after(
        |v| set(v, "/ChannelClass", json!("SINGLE_PIPELINE")),
        Check::RedundantManifestNotStandard,
        Severity::Error,
        &["$.ChannelClass"],
    );
    // Without a redundant manifest, a single pipeline is not this check's business.
    let channel = edited(|v| {
        set(v, "/ChannelClass", json!("SINGLE_PIPELINE"));
        set(v, &format!("{HLS}/RedundantManifest"), json!("DISABLED"));
    });
    assert_eq!(
        channel
            .validate(FrameRate::FPS_30)
            .of(Check::RedundantManifestNotStandard)
            .count(),
        0
    );
}

#[test]
fn redundant_manifest_needs_two_destinations_differing_only_in_base() {
    let url =
        |host: &str, path: &str, base: &str| json!({"Url": format!("mediastoressl://{host}/{path}/{base}")});
    let h = "abcd.data.mediastore.us-east-1.amazonaws.com";
    let cases = [
        (
            json!([url(h, "live", "primary")]),
            "$.Destinations[0].Settings",
            "1 destinations",
        ),
        (
            json!([
                url(h, "live", "primary"),
                url(h, "live", "backup"),
                url(h, "live", "third")
            ]),
            "$.Destinations[0].Settings",
            "3 destinations",
        ),
        (
            json!([url(h, "live", "primary"), url("other.example", "live", "backup")]),
            "$.Destinations[0].Settings[1].Url",
            "same scheme, host and path",
        ),
        (
            json!([url(h, "live", "primary"), url(h, "live2", "backup")]),
            "$.Destinations[0].Settings[1].Url",
            "same scheme, host and path",
        ),
        (
            json!([url(h, "live", "primary"), url(h, "live", "primary")]),
            "$.Destinations[0].Settings[1].Url",
            "overwrite",
        ),
        (
            json!([url(h, "live", "primary"), {"Url": "nonsense"}]),
            "$.Destinations[0].Settings[1].Url",
            "nonsense",
        ),
    ];
    for (settings, path, words) in cases {
        let channel = edited(|v| set(v, "/Destinations/0/Settings", settings.clone()));
        let report = channel.validate(FrameRate::FPS_30);
        assert_only(
            &report,
            Check::RedundantManifestDestinations,
            Severity::Error,
            &[path],
        );
        assert!(report.findings()[0].explanation.contains(words), "{report}");
    }
    assert_only_after(
        |v| {
            set(
                v,
                &format!("{HLS}/Destination/DestinationRefId"),
                json!("missing"),
            )
        },
        Check::RedundantManifestDestinations,
        Severity::Error,
        &[&format!("{HLS_PATH}.Destination.DestinationRefId")],
    );
}

#[test]
fn date_time_variables_in_names() {
    let h = "abcd.data.mediastore.us-east-1.amazonaws.com";
    assert_only_after(
        |v| {
            set(
                v,
                "/Destinations/0/Settings/0/Url",
                json!(format!("mediastoressl://{h}/live/primary_$dt$")),
            );
            set(
                v,
                "/Destinations/0/Settings/1/Url",
                json!(format!("mediastoressl://{h}/live/backup_$dt$")),
            );
        },
        Check::DateTimeVariable,
        Severity::Error,
        &[
            "$.Destinations[0].Settings[0].Url",
            "$.Destinations[0].Settings[1].Url",
        ],
    );
    let modifier = "/EncoderSettings/OutputGroups/0/Outputs/1/OutputSettings/HlsOutputSettings";
    let channel = edited(|v| {
        set(v, &format!("{modifier}/NameModifier"), json!("_720p_$d$"));
        v.pointer_mut(modifier).unwrap()["SegmentModifier"] = json!("$t%02$");
    });
    let base = "$.EncoderSettings.OutputGroups[0].Outputs[1].OutputSettings.HlsOutputSettings";
    assert_only(
        &channel.validate(FrameRate::FPS_30),
        Check::DateTimeVariable,
        Severity::Error,
        &[
            &format!("{base}.NameModifier"),
            &format!("{base}.SegmentModifier"),
        ],
    );
    // Resolution and rate variables, and an escaped dollar, are stable names.
    let channel = edited(|v| set(v, &format!("{modifier}/NameModifier"), json!("_$h$p$f$_$$d")));
    assert_eq!(channel.validate(FrameRate::FPS_30).findings(), []);
}

#[test]
fn no_pause_output() {
    assert_only_after(
        |v| set(v, &format!("{HLS}/InputLossAction"), json!("EMIT_OUTPUT")),
        Check::NoPauseOutput,
        Severity::Error,
        &[&format!("{HLS_PATH}.InputLossAction")],
    );
    let report = assert_only_after(
        |v| remove(v, HLS, "InputLossAction"),
        Check::NoPauseOutput,
        Severity::Error,
        &[&format!("{HLS_PATH}.InputLossAction")],
    );
    assert!(report.findings()[0].explanation.contains("EMIT_OUTPUT"));
}

#[test]
fn timecode_without_utc() {
    assert_only_after(
        |v| set(v, "/EncoderSettings/TimecodeConfig/Source", json!("ZEROBASED")),
        Check::TimecodeWithoutUtc,
        Severity::Error,
        &["$.EncoderSettings.TimecodeConfig.Source"],
    );
    assert_only_after(
        |v| remove(v, "/EncoderSettings", "TimecodeConfig"),
        Check::TimecodeWithoutUtc,
        Severity::Error,
        &["$.EncoderSettings.TimecodeConfig"],
    );
    let channel = edited(|v| set(v, "/EncoderSettings/TimecodeConfig/Source", json!("SYSTEMCLOCK")));
    assert_eq!(channel.validate(FrameRate::FPS_30).findings(), []);
}

#[test]
fn the_published_profile_is_not_ready_for_the_recipe() {
    let template = Template::from_json(LSOA).unwrap();
    let report = template.validate(FrameRate::FPS_29_97);
    let checks: Vec<(Check, &str)> = report
        .findings()
        .iter()
        .map(|f| (f.check, f.path.as_str()))
        .collect();
    let hls = "$.OutputGroups[0].OutputGroupSettings.HlsGroupSettings";
    assert_eq!(
        checks,
        [
            (Check::EpochLockingOff, "$.GlobalConfiguration.OutputLockingMode"),
            (Check::NoPauseOutput, &*format!("{hls}.InputLossAction")),
            (Check::RedundantManifestOff, &*format!("{hls}.RedundantManifest")),
            // 6 s is not whole frames at 29.97 fps (180 frames, 6.006 s) nor at 14.985 fps (90 frames).
            (Check::SegmentNotWholeFrames, &*format!("{hls}.SegmentLength")),
            (Check::SegmentNotWholeFrames, &*format!("{hls}.SegmentLength")),
        ],
        "\n{report}"
    );
    assert!(!report.is_ok());
}
