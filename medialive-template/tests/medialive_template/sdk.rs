//! With the `aws-sdk` feature: builder -> SDK input -> back gives the same document, and what the SDK
//! types cannot carry is an error naming its JSON path.

use aws_sdk_medialive::operation::create_channel::CreateChannelInput;
use aws_sdk_medialive::operation::describe_channel::DescribeChannelOutput;
use aws_sdk_medialive::types as ml;
use hls_epoch::{CustomEpoch, FrameRate, JamSyncTime};
use medialive_template::sdk::{self, Error};
use medialive_template::{Channel, DestinationScheme, LiveHlsChannel};
use serde_json::json;

const AKAMAI: &str = include_str!("../fixtures/awscli-create-channel-hls-akamai.json");

fn builders() -> Vec<Channel> {
    let base = || {
        LiveHlsChannel::builder()
            .name("live")
            .role_arn("arn:aws:iam::111122223333:role/MediaLiveAccessRole")
            .input_id("1234567")
            .destination_host("abcd.data.mediastore.us-east-1.amazonaws.com")
            .destination_path("live")
    };
    vec![
        base().build().channel().unwrap(),
        LiveHlsChannel::builder()
            .name("s3")
            .input_id("1")
            .scheme(DestinationScheme::S3Ssl)
            .destination_host("bucket")
            .frame_rate(FrameRate::FPS_29_97)
            .custom_epoch("2024-06-01T05:00:00".parse::<CustomEpoch>().unwrap())
            .jam_sync_time(JamSyncTime::at_hour(5).unwrap())
            .tags([("team".to_owned(), "news".to_owned())].into_iter().collect())
            .build()
            .channel()
            .unwrap(),
    ]
}

fn describe(input: &CreateChannelInput) -> DescribeChannelOutput {
    DescribeChannelOutput::builder()
        .arn("arn:aws:medialive:us-east-1:111122223333:channel:1")
        .id("1")
        .state(ml::ChannelState::Idle)
        .set_name(input.name.clone())
        .set_channel_class(input.channel_class.clone())
        .set_role_arn(input.role_arn.clone())
        .set_input_attachments(input.input_attachments.clone())
        .set_input_specification(input.input_specification.clone())
        .set_destinations(input.destinations.clone())
        .set_encoder_settings(input.encoder_settings.clone())
        .set_log_level(input.log_level.clone())
        .set_tags(input.tags.clone())
        .build()
}

#[test]
fn builder_to_sdk_and_back_is_the_same_document() {
    for channel in builders() {
        let input = sdk::create_channel_input(&channel).unwrap();
        assert_eq!(input.channel_class, Some(ml::ChannelClass::Standard));
        let settings = input.encoder_settings.as_ref().unwrap();
        let global = settings.global_configuration.as_ref().unwrap();
        assert_eq!(
            global.output_locking_mode,
            Some(ml::GlobalConfigurationOutputLockingMode::EpochLocking)
        );
        let hls = settings.output_groups.as_ref().unwrap()[0]
            .output_group_settings
            .as_ref()
            .unwrap()
            .hls_group_settings
            .as_ref()
            .unwrap();
        assert_eq!(
            hls.input_loss_action,
            Some(ml::InputLossActionForHlsOut::PauseOutput)
        );
        assert_eq!(hls.redundant_manifest, Some(ml::HlsRedundantManifest::Enabled));

        assert_eq!(sdk::channel_from_create_channel_input(&input).unwrap(), channel);
        let described = sdk::channel_from_describe_channel_output(&describe(&input)).unwrap();
        assert_eq!(described, channel);
        assert_eq!(described.to_value().unwrap(), channel.to_value().unwrap());
    }
}

#[test]
fn fractional_doubles_survive() {
    let mut value = builders()[0].to_value().unwrap();
    value["EncoderSettings"]["VideoDescriptions"][0]["CodecSettings"]["H264Settings"]["GopSize"] = json!(1.5);
    value["EncoderSettings"]["VideoDescriptions"][0]["CodecSettings"]["H264Settings"]["GopSizeUnits"] =
        json!("SECONDS");
    let channel: Channel = serde_json::from_value(value.clone()).unwrap();
    let input = sdk::create_channel_input(&channel).unwrap();
    let back = sdk::channel_from_create_channel_input(&input).unwrap();
    assert_eq!(back.to_value().unwrap(), value);
}

#[test]
fn unmodeled_document_fields_are_errors_naming_the_path() {
    let channel = Channel::from_json(AKAMAI).unwrap();
    let err = sdk::create_channel_input(&channel).unwrap_err();
    assert_eq!(
        err,
        Error::NotCarried {
            path: "$.InputAttachments[0].InputSettings.CaptionSelectors".to_owned(),
            direction: "to the AWS SDK",
            why: "this crate keeps it only as JSON and the SDK's types have no place for it",
        }
    );
    assert!(
        err.to_string()
            .starts_with("$.InputAttachments[0].InputSettings.CaptionSelectors cannot be carried"),
        "{err}"
    );

    let mut value = builders()[0].to_value().unwrap();
    value["EncoderSettings"]["OutputGroups"][0]["Outputs"][2]["OutputSettings"]["HlsOutputSettings"]["HlsSettings"]
        ["StandardHlsSettings"]["M3u8Settings"] = json!({"PcrControl": "PCR_EVERY_PES_PACKET"});
    let err = sdk::create_channel_input(&serde_json::from_value(value).unwrap()).unwrap_err();
    assert!(
        err.to_string().contains("$.EncoderSettings.OutputGroups[0].Outputs[2].OutputSettings.HlsOutputSettings.HlsSettings.StandardHlsSettings.M3u8Settings.PcrControl"),
        "{err}"
    );

    let mut channel = builders()[0].clone();
    channel.tags = None;
    channel.extra.insert("Vpc".to_owned(), json!({}));
    assert!(
        sdk::create_channel_input(&channel)
            .unwrap_err()
            .to_string()
            .starts_with("$.Vpc ")
    );
}

#[test]
fn unmodeled_sdk_fields_are_errors_naming_the_path() {
    let input = sdk::create_channel_input(&builders()[0]).unwrap();
    let group = |hls: ml::HlsGroupSettings| {
        ml::EncoderSettings::builder()
            .output_groups(
                ml::OutputGroup::builder()
                    .output_group_settings(ml::OutputGroupSettings::builder().hls_group_settings(hls).build())
                    .build(),
            )
            .build()
    };
    let with = |settings: ml::EncoderSettings| {
        let mut described = describe(&input);
        described.encoder_settings = Some(settings);
        sdk::channel_from_describe_channel_output(&described)
            .unwrap_err()
            .to_string()
    };
    let err = with(group(
        ml::HlsGroupSettings::builder()
            .segment_length(6)
            .program_date_time(ml::HlsProgramDateTime::Include)
            .build(),
    ));
    assert!(err.starts_with("$.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.ProgramDateTime cannot be carried from the AWS SDK"), "{err}");

    let err = with(group(
        ml::HlsGroupSettings::builder()
            .hls_cdn_settings(
                ml::HlsCdnSettings::builder()
                    .hls_basic_put_settings(ml::HlsBasicPutSettings::builder().num_retries(3).build())
                    .build(),
            )
            .build(),
    ));
    assert!(err.starts_with("$.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.HlsCdnSettings.HlsBasicPutSettings "), "{err}");

    let m3u8 = ml::EncoderSettings::builder()
        .output_groups(
            ml::OutputGroup::builder()
                .outputs(
                    ml::Output::builder()
                        .output_settings(
                            ml::OutputSettings::builder()
                                .hls_output_settings(
                                    ml::HlsOutputSettings::builder()
                                        .hls_settings(
                                            ml::HlsSettings::builder()
                                                .standard_hls_settings(
                                                    ml::StandardHlsSettings::builder()
                                                        .m3u8_settings(
                                                            ml::M3u8Settings::builder()
                                                                .pcr_control(
                                                                    ml::M3u8PcrControl::PcrEveryPesPacket,
                                                                )
                                                                .build(),
                                                        )
                                                        .build(),
                                                )
                                                .build(),
                                        )
                                        .build(),
                                )
                                .build(),
                        )
                        .build(),
                )
                .build(),
        )
        .build();
    let err = with(m3u8);
    assert!(err.starts_with("$.EncoderSettings.OutputGroups[0].Outputs[0].OutputSettings.HlsOutputSettings.HlsSettings.StandardHlsSettings.M3u8Settings "), "{err}");

    let mut described = describe(&input);
    described.vpc = Some(ml::VpcOutputSettingsDescription::builder().build());
    let err = sdk::channel_from_describe_channel_output(&described).unwrap_err();
    assert!(err.to_string().starts_with("$.Vpc "), "{err}");

    let negative = ml::EncoderSettings::builder()
        .video_descriptions(ml::VideoDescription::builder().name("v").width(-1).build())
        .build();
    let err = with(negative);
    assert!(
        err.contains("$.EncoderSettings.VideoDescriptions[0].Width is -1"),
        "{err}"
    );
}
