//! The read API resolves HLS groups as a master-manifest predictor needs them.

use hls_epoch::FrameRate;
use medialive_template::rendition::{AudioCodec, Error, VideoCodec};
use medialive_template::video::{H264Level, H264Profile};
use medialive_template::{Channel, DestinationScheme, LiveHlsChannel, Template};
use mediastore_policy::DataEndpoint;

const AKAMAI: &str = include_str!("../fixtures/awscli-create-channel-hls-akamai.json");
const LSOA: &str = include_str!("../fixtures/lsoa-v1-encoder-settings-1080p-hls.json");

#[test]
fn resolves_the_cli_example() {
    let channel = Channel::from_json(AKAMAI).unwrap();
    let groups = channel.hls_output_groups().unwrap();
    assert_eq!(groups.len(), 1);
    let group = &groups[0];
    assert_eq!(group.path, "$.EncoderSettings.OutputGroups[0]");
    assert_eq!(group.destinations.len(), 2);
    assert_eq!(group.destinations[0].scheme(), &DestinationScheme::Http);
    assert_eq!(
        (group.destinations[0].host(), group.destinations[0].path()),
        ("203.0.113.55", "news")
    );
    assert_eq!(group.destinations[1].base(), "news_west");
    assert!(!group.redundant_manifest);
    assert_eq!(
        group.segment_length, 10,
        "MediaLive's default when SegmentLength is absent"
    );
    let video_out = &group.outputs[0];
    assert_eq!(video_out.name_modifier, "_1");
    let video = video_out.video.as_ref().unwrap();
    assert_eq!(
        (video.width, video.height, video.codec.clone()),
        (Some(1280), Some(720), None)
    );
    assert_eq!(video_out.audio[0].codec, Some(AudioCodec::Aac));
    assert_eq!(video_out.audio[0].bitrate, None);
    assert!(group.outputs[1].video.is_none() && group.outputs[1].audio.is_empty());
}

#[test]
fn resolves_an_encoder_settings_only_profile() {
    let Template::EncoderSettings(settings) = Template::from_json(LSOA).unwrap() else {
        panic!()
    };
    let group = &settings.hls_output_groups().unwrap()[0];
    assert_eq!(group.path, "$.OutputGroups[0]");
    assert!(group.destinations.is_empty());
    assert_eq!(group.segment_length, 6);
    let top = group
        .outputs
        .iter()
        .find(|o| o.name_modifier == "_1920x1080_8000k")
        .unwrap();
    let video = top.video.as_ref().unwrap();
    assert_eq!(video.codec, Some(VideoCodec::H264));
    assert_eq!(
        (video.width, video.height, video.bitrate),
        (Some(1920), Some(1080), Some(8_000_000))
    );
    assert_eq!(video.frame_rate, Some(FrameRate::FPS_29_97));
    assert_eq!(video.profile, Some(H264Profile::High));
    assert_eq!(top.audio[0].bitrate, Some(128_000));
    assert_eq!(top.audio[0].audio_group_id, None);
    let low = group
        .outputs
        .iter()
        .find(|o| o.name_modifier == "_416x234_200k")
        .unwrap();
    assert_eq!(
        low.video.as_ref().unwrap().frame_rate,
        Some(FrameRate::new(15000, 1001).unwrap())
    );
    assert_eq!(
        group
            .cadence(FrameRate::FPS_29_97)
            .unwrap()
            .duration()
            .to_string(),
        "6.006"
    );
}

#[test]
fn resolves_the_builders_channel() {
    let channel = LiveHlsChannel::builder()
        .name("live")
        .input_id("1234567")
        .destination(DataEndpoint::from_host("abcd.data.mediastore.us-east-1.amazonaws.com").unwrap())
        .pipelines(medialive_template::PipelineNames::recipe("live/event").unwrap())
        .frame_rate(FrameRate::FPS_59_94)
        .build()
        .channel()
        .unwrap();
    let group = &channel.hls_output_groups().unwrap()[0];
    assert!(group.redundant_manifest);
    let bases: Vec<&str> = group.destinations.iter().map(|d| d.base()).collect();
    assert_eq!(bases, ["primary", "backup"]);
    assert_eq!(
        group.destinations[1].master_playlist_key(),
        "live/event/backup.m3u8"
    );
    let modifiers: Vec<&str> = group.outputs.iter().map(|o| o.name_modifier.as_str()).collect();
    assert_eq!(modifiers, ["_1080p5994", "_720p5994", "_540p5994", "_360p5994"]);
    let top = group.outputs[0].video.as_ref().unwrap();
    assert_eq!(
        top.frame_rate.map(|r| (r.numerator(), r.denominator())),
        Some((60000, 1001))
    );
    assert_eq!(top.level, Some(H264Level::L4_2));
    let audio = &group.outputs[3].audio[0];
    assert_eq!((audio.bitrate, audio.sample_rate), (Some(96_000), Some(48_000)));
    assert_eq!(
        audio.coding_mode.as_ref().map(|m| m.as_str()),
        Some("CODING_MODE_2_0")
    );
}

#[test]
fn dangling_references_name_their_path() {
    let mut channel = Channel::from_json(AKAMAI).unwrap();
    channel.destinations.as_mut().unwrap()[0].id = Some("elsewhere".to_owned());
    let err = channel.hls_output_groups().unwrap_err();
    assert!(matches!(err, Error::Dangling { .. }));
    assert!(err.to_string().contains("$.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.Destination.DestinationRefId"), "{err}");

    let mut channel = Channel::from_json(AKAMAI).unwrap();
    let settings = channel.encoder_settings.as_mut().unwrap();
    settings.video_descriptions.as_mut().unwrap()[0].name = Some("renamed".to_owned());
    let err = channel.hls_output_groups().unwrap_err();
    assert!(
        err.to_string().contains("Outputs[0].VideoDescriptionName") && err.to_string().contains("Video_high"),
        "{err}"
    );

    let mut channel = Channel::from_json(AKAMAI).unwrap();
    channel.destinations.as_mut().unwrap()[0]
        .settings
        .as_mut()
        .unwrap()[1]
        .url = Some("no-scheme".to_owned());
    let err = channel.hls_output_groups().unwrap_err();
    assert!(
        crate::with_causes(&err).contains("$.Destinations[0].Settings[1].Url")
            && crate::with_causes(&err).contains("no-scheme"),
        "{err}"
    );
}
