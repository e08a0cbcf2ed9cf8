//! The recipe's channel builder: its default document, its derived GOP and names, and its refusals.

use hls_epoch::{CustomEpoch, FrameRate, JamSyncTime};
use medialive_template::destination::BucketName;
use medialive_template::encoder::TimecodeSource;
use medialive_template::live_hls::Error;
use medialive_template::video::{H264Level, H264Profile};
use medialive_template::{Channel, LiveHlsChannel, Rung};
use mediastore_policy::DataEndpoint;

const HOST: &str = "abcdefghijkl.data.mediastore.us-east-1.amazonaws.com";

fn recipe() -> LiveHlsChannel {
    LiveHlsChannel::builder()
        .name("live-east")
        .role_arn("arn:aws:iam::111122223333:role/MediaLiveAccessRole")
        .input_id("1234567")
        .destination(DataEndpoint::from_host(HOST).unwrap())
        .pipelines(medialive_template::PipelineNames::recipe("live").unwrap())
        .build()
}

#[test]
fn default_channel_snapshot() {
    let channel = recipe().channel().unwrap();
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_json_snapshot!("default_channel", channel);
    });
}

#[test]
fn default_channel_reads_back_identically() {
    let channel = recipe().channel().unwrap();
    let text = channel.to_json_pretty().unwrap();
    assert_eq!(Channel::from_json(&text).unwrap(), channel);
    let rest = channel.to_rest_value().unwrap().to_string();
    assert_eq!(Channel::from_rest_json(&rest).unwrap(), channel);
}

#[test]
fn default_gop_is_the_largest_divisor_within_two_seconds() {
    let gop = |rate: FrameRate, segment_length: u32| {
        let mut spec = recipe();
        spec.frame_rate = rate;
        spec.segment_length = segment_length;
        spec.gop().unwrap()
    };
    assert_eq!(gop(FrameRate::FPS_30, 6), 60);
    assert_eq!(gop(FrameRate::FPS_29_97, 6), 60);
    assert_eq!(gop(FrameRate::FPS_25, 6), 50);
    assert_eq!(gop(FrameRate::FPS_59_94, 6), 120);
    assert_eq!(gop(FrameRate::FPS_23_976, 6), 48);
    assert_eq!(
        gop(FrameRate::FPS_30, 7),
        42,
        "210 frames: 60 does not divide it, 42 does"
    );
    assert_eq!(gop(FrameRate::FPS_30, 1), 30);
}

#[test]
fn builder_output_passes_validation_at_every_named_rate_and_length() {
    for rate in FrameRate::NAMED {
        for segment_length in 1..=12 {
            let mut spec = recipe();
            spec.frame_rate = rate;
            spec.segment_length = segment_length;
            let channel = spec.channel().unwrap();
            let report = channel.validate(rate);
            assert!(report.is_ok(), "{rate} fps, {segment_length} s:\n{report}");
        }
    }
}

#[test]
fn options_reach_the_document() {
    let channel = LiveHlsChannel::builder()
        .name("live")
        .input_id("1")
        .destination(BucketName::new("my-bucket").unwrap())
        .pipelines(medialive_template::PipelineNames::new("", "a", "b").unwrap())
        .frame_rate(FrameRate::FPS_29_97)
        .timecode_source(TimecodeSource::SystemClock)
        .custom_epoch("2024-06-01T05:00:00".parse::<CustomEpoch>().unwrap())
        .jam_sync_time(JamSyncTime::at_hour(5).unwrap())
        .ladder(vec![
            Rung::builder()
                .width(1280)
                .height(720)
                .video_bitrate(2_500_000)
                .profile(H264Profile::Baseline)
                .level(H264Level::L3_1)
                .custom_name_modifier("_hd")
                .build(),
        ])
        .build()
        .channel()
        .unwrap();
    let value = channel.to_value().unwrap();
    assert_eq!(
        value["Destinations"][0]["Settings"][0]["Url"],
        "s3ssl://my-bucket/a"
    );
    assert_eq!(
        value["Destinations"][0]["Settings"][1]["Url"],
        "s3ssl://my-bucket/b"
    );
    let settings = &value["EncoderSettings"];
    let hls = &settings["OutputGroups"][0]["OutputGroupSettings"]["HlsGroupSettings"];
    assert!(hls["HlsCdnSettings"]["HlsS3Settings"].is_object());
    assert!(hls["HlsCdnSettings"].get("HlsMediaStoreSettings").is_none());
    assert_eq!(settings["TimecodeConfig"]["Source"], "SYSTEMCLOCK");
    let epoch = &settings["GlobalConfiguration"]["OutputLockingSettings"]["EpochLockingSettings"];
    assert_eq!(epoch["CustomEpoch"], "2024-06-01T05:00:00");
    assert_eq!(epoch["JamSyncTime"], "05:00:00");
    let h264 = &settings["VideoDescriptions"][0]["CodecSettings"]["H264Settings"];
    assert_eq!(
        (
            h264["FramerateNumerator"].as_u64(),
            h264["FramerateDenominator"].as_u64()
        ),
        (Some(30000), Some(1001))
    );
    assert_eq!(h264["GopNumBFrames"], 0, "Baseline has no B-frames");
    assert_eq!(
        settings["OutputGroups"][0]["Outputs"][0]["OutputSettings"]["HlsOutputSettings"]["NameModifier"],
        "_hd"
    );
    assert!(channel.validate(FrameRate::FPS_29_97).is_ok());
}

#[test]
fn refusals_name_the_field_and_value() {
    let mut spec = recipe();
    spec.ladder = Some(Vec::new());
    assert_eq!(spec.channel().unwrap_err(), Error::EmptyLadder);

    let mut spec = recipe();
    spec.gop_frames = Some(70);
    let err = spec.channel().unwrap_err();
    assert!(
        matches!(err, Error::Gop { .. }) && crate::with_causes(&err).contains("70 frames"),
        "{err}"
    );

    let mut spec = recipe();
    spec.segment_length = 0;
    assert!(matches!(
        spec.channel().unwrap_err(),
        Error::Cadence {
            segment_length: 0,
            ..
        }
    ));

    // Equal base names and date/time variables are refused by the one base-name rule, before a
    // channel can be described with them.
    assert!(medialive_template::PipelineNames::new("live", "primary", "primary").is_err());
    let err = medialive_template::PipelineNames::new("live", "primary_$dt$", "backup").unwrap_err();
    assert!(
        err.to_string().contains("primary_base") && err.to_string().contains("$dt$"),
        "{err}"
    );

    // A destination that is neither a data endpoint nor a bucket cannot be built at all.
    let err = DataEndpoint::from_host("bad host/x").unwrap_err();
    assert!(err.to_string().contains("bad host/x"), "{err}");
    let err = BucketName::new("bad host/x").unwrap_err();
    assert!(err.to_string().contains("bad host/x"), "{err}");

    let rung = |modifier: &str| {
        Rung::builder()
            .width(640)
            .height(360)
            .video_bitrate(800_000)
            .profile(H264Profile::Main)
            .level(H264Level::L3)
            .custom_name_modifier(modifier)
            .build()
    };
    let mut spec = recipe();
    spec.ladder = Some(vec![rung("_a"), rung("_a")]);
    assert_eq!(
        spec.channel().unwrap_err(),
        Error::DuplicateNameModifier {
            index: 1,
            name_modifier: "_a".to_owned()
        }
    );
    spec.ladder = Some(vec![rung("_$t$")]);
    assert!(matches!(
        spec.channel().unwrap_err(),
        Error::DateTimeVariable { .. }
    ));
}

#[test]
fn https_endpoint_is_accepted_as_the_console_shows_it() {
    let mut spec = recipe();
    spec.destination = DataEndpoint::parse(&format!("https://{HOST}/")).unwrap().into();
    let channel = spec.channel().unwrap();
    let group = &channel.hls_output_groups().unwrap()[0];
    assert_eq!(
        group.destinations[0].to_string(),
        format!("mediastoressl://{HOST}/live/primary")
    );
}
