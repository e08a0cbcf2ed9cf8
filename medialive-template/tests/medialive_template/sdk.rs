//! With the `aws-sdk` feature: builder -> SDK input -> back gives the same document, and what the SDK
//! types cannot carry is an error naming its JSON path.

use aws_sdk_medialive::operation::create_channel::CreateChannelInput;
use aws_sdk_medialive::operation::describe_channel::DescribeChannelOutput;
use aws_sdk_medialive::types as ml;
use hls_epoch::{CustomEpoch, FrameRate, JamSyncTime};
use medialive_template::destination::BucketName;
use medialive_template::sdk::What;
use medialive_template::{Channel, LiveHlsChannel, Template};
use mediastore_policy::DataEndpoint;
use serde_json::json;

const AKAMAI: &str = include_str!("../fixtures/awscli-create-channel-hls-akamai.json");
const LSOA: &str = include_str!("../fixtures/lsoa-v1-encoder-settings-1080p-hls.json");

fn builders() -> Vec<Channel> {
    let base = || {
        LiveHlsChannel::builder()
            .name("live")
            .role_arn("arn:aws:iam::111122223333:role/MediaLiveAccessRole")
            .input_id("1234567")
            .destination(DataEndpoint::from_host("abcd.data.mediastore.us-east-1.amazonaws.com").unwrap())
            .pipelines(medialive_template::PipelineNames::recipe("live").unwrap())
    };
    vec![
        base().build().channel().unwrap(),
        LiveHlsChannel::builder()
            .name("s3")
            .input_id("1")
            .destination(BucketName::new("bucket").unwrap())
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
        let input = CreateChannelInput::try_from(&channel).unwrap();
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

        assert_eq!(Channel::try_from(&input).unwrap(), channel);
        let described = Channel::try_from(&describe(&input)).unwrap();
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
    let input = CreateChannelInput::try_from(&channel).unwrap();
    let back = Channel::try_from(&input).unwrap();
    assert_eq!(back.to_value().unwrap(), value);
}

#[test]
fn unmodeled_document_fields_are_errors_naming_the_path() {
    let channel = Channel::from_json(AKAMAI).unwrap();
    let err = CreateChannelInput::try_from(&channel).unwrap_err();
    assert_eq!(
        (err.path.as_str(), &err.what),
        (
            "$.InputAttachments[0].InputSettings.AudioSelectors[0].SelectorSettings",
            &What::NotSent
        )
    );

    let m3u8 = |settings: serde_json::Value| {
        let mut value = builders()[0].to_value().unwrap();
        value["EncoderSettings"]["OutputGroups"][0]["Outputs"][2]["OutputSettings"]["HlsOutputSettings"]["HlsSettings"]
            ["StandardHlsSettings"]["M3u8Settings"] = settings;
        CreateChannelInput::try_from(&serde_json::from_value(value).unwrap())
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    let m3u8_path = "$.EncoderSettings.OutputGroups[0].Outputs[2].OutputSettings.HlsOutputSettings.HlsSettings.StandardHlsSettings.M3u8Settings";
    let err = m3u8(json!({"PcrControl": "PCR_EVERY_PES_PACKET", "Future": {}}));
    assert!(
        err.starts_with(&format!("{m3u8_path}.Future cannot be carried")),
        "{err}"
    );
    let err = m3u8(json!({"ProgramNum": "one"}));
    assert!(
        err.starts_with(&format!("{m3u8_path}.ProgramNum is \"one\"")) && err.contains("whole number"),
        "{err}"
    );

    let mut channel = builders()[0].clone();
    channel.tags = None;
    channel.extra.insert("Vpc".to_owned(), json!({}));
    assert!(
        CreateChannelInput::try_from(&channel)
            .unwrap_err()
            .to_string()
            .starts_with("$.Vpc ")
    );
}

#[test]
fn unmodeled_sdk_fields_are_errors_naming_the_path() {
    let input = CreateChannelInput::try_from(&builders()[0]).unwrap();
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
        Channel::try_from(&described).unwrap_err().to_string()
    };
    let hls = "$.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings";
    let mapping = ml::CaptionLanguageMapping::builder()
        .caption_channel(1)
        .language_code("eng")
        .language_description("English")
        .build();
    let err = with(group(
        ml::HlsGroupSettings::builder()
            .segment_length(6)
            .caption_language_mappings(mapping)
            .build(),
    ));
    assert!(
        err.starts_with(&format!(
            "{hls}.CaptionLanguageMappings cannot be carried from the AWS SDK"
        )),
        "{err}"
    );

    let basic_put = ml::HlsBasicPutSettings::builder().num_retries(3).build();
    let err = with(group(
        ml::HlsGroupSettings::builder()
            .hls_cdn_settings(
                ml::HlsCdnSettings::builder()
                    .hls_basic_put_settings(basic_put)
                    .build(),
            )
            .build(),
    ));
    assert!(
        err.starts_with(&format!("{hls}.HlsCdnSettings.HlsBasicPutSettings ")),
        "{err}"
    );

    let mut described = describe(&input);
    described.vpc = Some(ml::VpcOutputSettingsDescription::builder().build());
    let err = Channel::try_from(&described).unwrap_err();
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

#[test]
fn scalar_sdk_fields_outside_the_model_are_carried_back() {
    let input = CreateChannelInput::try_from(&builders()[0]).unwrap();
    let mut described = describe(&input);
    let hls = ml::HlsGroupSettings::builder()
        .segment_length(6)
        .program_date_time(ml::HlsProgramDateTime::Include)
        .ad_markers(ml::HlsAdMarkers::ElementalScte35)
        .build();
    described.encoder_settings = Some(
        ml::EncoderSettings::builder()
            .output_groups(
                ml::OutputGroup::builder()
                    .output_group_settings(ml::OutputGroupSettings::builder().hls_group_settings(hls).build())
                    .build(),
            )
            .build(),
    );
    let channel = Channel::try_from(&described).unwrap();
    let value = channel.to_value().unwrap();
    let hls = &value["EncoderSettings"]["OutputGroups"][0]["OutputGroupSettings"]["HlsGroupSettings"];
    assert_eq!(hls["ProgramDateTime"], "INCLUDE");
    assert_eq!(hls["AdMarkers"], json!(["ELEMENTAL_SCTE35"]));
    assert_eq!(
        CreateChannelInput::try_from(&channel).unwrap().encoder_settings,
        described.encoder_settings
    );
}

#[test]
fn a_published_profile_is_carried_both_ways() {
    // The published 1080p profile in the recipe's envelope: every scalar H.264, AAC, HLS and M3U8 setting
    // it has goes to the SDK and comes back unchanged.
    let Template::EncoderSettings(profile) = Template::from_json(LSOA).unwrap() else {
        panic!()
    };
    let mut settings = serde_json::to_value(&*profile).unwrap();
    let mut channel = builders()[0].to_value().unwrap();
    // Nested objects outside the model stay refused; the recipe replaces them anyway.
    channel["EncoderSettings"] = settings.clone();
    let err = CreateChannelInput::try_from(&serde_json::from_value(channel.clone()).unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("$.EncoderSettings.AvailConfiguration cannot be carried"),
        "{err}"
    );
    settings.as_object_mut().unwrap().remove("AvailConfiguration");
    let hls = &mut settings["OutputGroups"][0]["OutputGroupSettings"]["HlsGroupSettings"];
    hls.as_object_mut().unwrap().remove("CaptionLanguageMappings");
    hls["HlsCdnSettings"] = json!({"HlsMediaStoreSettings": {"MediaStoreStorageClass": "TEMPORAL"}});
    hls["Destination"]["DestinationRefId"] = json!("hls-origin");
    channel["EncoderSettings"] = settings;
    let channel: Channel = serde_json::from_value(channel).unwrap();

    let input = CreateChannelInput::try_from(&channel).unwrap();
    let video = &input
        .encoder_settings
        .as_ref()
        .unwrap()
        .video_descriptions
        .as_ref()
        .unwrap()[0];
    let h264 = video
        .codec_settings
        .as_ref()
        .unwrap()
        .h264_settings
        .as_ref()
        .unwrap();
    assert_eq!(h264.scene_change_detect, Some(ml::H264SceneChangeDetect::Enabled));
    let back = Channel::try_from(&describe(&input)).unwrap();
    assert_eq!(back.to_value().unwrap(), channel.to_value().unwrap());
}

fn media_package_channel() -> Channel {
    use medialive_template::LiveMediaPackageChannel;
    LiveMediaPackageChannel::builder()
        .name("event-east")
        .role_arn("arn:aws:iam::111122223333:role/MediaLiveAccessRole")
        .input_id("1234567")
        .destinations(crate::ingest("us-east-1"))
        .frame_rate(FrameRate::FPS_50)
        .segment_length(2)
        .build()
        .channel()
        .unwrap()
}

#[test]
fn media_package_v2_channel_to_sdk_and_back_is_the_same_document() {
    let channel = media_package_channel();
    let input = CreateChannelInput::try_from(&channel).unwrap();
    let settings = input.encoder_settings.as_ref().unwrap();
    let group = settings.output_groups.as_ref().unwrap()[0]
        .output_group_settings
        .as_ref()
        .unwrap()
        .media_package_group_settings
        .as_ref()
        .unwrap();
    let v2 = group.mediapackage_v2_group_settings.as_ref().unwrap();
    assert_eq!(v2.segment_length, Some(2));
    assert_eq!(
        v2.segment_length_units,
        Some(ml::CmafIngestSegmentLengthUnits::Seconds)
    );
    let destination = &input.destinations.as_ref().unwrap()[0]
        .media_package_settings
        .as_ref()
        .unwrap()[1];
    assert_eq!(destination.channel_endpoint_id.as_deref(), Some("ENDPOINT_2"));
    assert_eq!(
        destination.media_package_region_name.as_deref(),
        Some("us-east-1")
    );
    let video = settings.output_groups.as_ref().unwrap()[0]
        .outputs
        .as_ref()
        .unwrap()[0]
        .output_settings
        .as_ref()
        .unwrap()
        .media_package_output_settings
        .as_ref()
        .unwrap()
        .media_package_v2_destination_settings
        .as_ref()
        .unwrap();
    assert_eq!(video.audio_rendition_sets.as_deref(), Some("audio_1080p50"));

    assert_eq!(Channel::try_from(&input).unwrap(), channel);
    let described = Channel::try_from(&describe(&input)).unwrap();
    assert_eq!(described.to_value().unwrap(), channel.to_value().unwrap());
}

#[test]
fn cmaf_ingest_and_media_package_scalars_are_carried_and_nested_keys_named() {
    let mut value = media_package_channel().to_value().unwrap();
    let v2 = &mut value["EncoderSettings"]["OutputGroups"][0]["OutputGroupSettings"]["MediaPackageGroupSettings"]
        ["MediapackageV2GroupSettings"];
    v2["Scte35Type"] = json!("SCTE_35_WITHOUT_SEGMENTATION");
    v2["TimedMetadataId3Period"] = json!(10);
    value["EncoderSettings"]["OutputGroups"][0]["Outputs"][4]["OutputSettings"]["MediaPackageOutputSettings"]
        ["MediaPackageV2DestinationSettings"]["HlsDefault"] = json!("DEFAULT");
    value["EncoderSettings"]["OutputGroups"]
        .as_array_mut()
        .unwrap()
        .push(json!({
            "Name": "CMAFIngest",
            "OutputGroupSettings": {"CmafIngestGroupSettings": {
                "Destination": {"DestinationRefId": "ingest"},
                "SegmentLength": 2000, "SegmentLengthUnits": "MILLISECONDS",
                "SendDelayMs": 100, "NielsenId3Behavior": "NO_PASSTHROUGH", "Scte35NameModifier": "scte"}},
            "Outputs": [{"OutputName": "v", "VideoDescriptionName": "video_1080p50",
                "OutputSettings": {"CmafIngestOutputSettings": {"NameModifier": "video_1080"}}}]
        }));
    let channel: Channel = serde_json::from_value(value.clone()).unwrap();
    let input = CreateChannelInput::try_from(&channel).unwrap();
    let cmaf = input
        .encoder_settings
        .as_ref()
        .unwrap()
        .output_groups
        .as_ref()
        .unwrap()[1]
        .output_group_settings
        .as_ref()
        .unwrap()
        .cmaf_ingest_group_settings
        .as_ref()
        .unwrap();
    assert_eq!(cmaf.send_delay_ms, Some(100));
    assert_eq!(
        cmaf.segment_length_units,
        Some(ml::CmafIngestSegmentLengthUnits::Milliseconds)
    );
    let back = Channel::try_from(&input).unwrap();
    assert_eq!(back.to_value().unwrap(), value);

    let mut nested = value.clone();
    nested["EncoderSettings"]["OutputGroups"][0]["OutputGroupSettings"]["MediaPackageGroupSettings"]["MediapackageV2GroupSettings"]
        ["AdditionalDestinations"] = json!([{"Destination": {"DestinationRefId": "x"}}]);
    let err = CreateChannelInput::try_from(&serde_json::from_value(nested).unwrap()).unwrap_err();
    assert_eq!(
        (err.path.as_str(), &err.what),
        (
            "$.EncoderSettings.OutputGroups[0].OutputGroupSettings.MediaPackageGroupSettings.MediapackageV2GroupSettings.AdditionalDestinations",
            &What::NotSent
        )
    );
}
