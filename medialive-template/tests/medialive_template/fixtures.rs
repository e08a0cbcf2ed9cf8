//! The real-world documents parse and round-trip without loss, in both spellings.

use medialive_template::media_package::SegmentLengthUnits;
use medialive_template::{Channel, Template, casing};
use serde_json::Value;

const AKAMAI: &str = include_str!("../fixtures/awscli-create-channel-hls-akamai.json");
const LSOA: &str = include_str!("../fixtures/lsoa-v1-encoder-settings-1080p-hls.json");

#[test]
fn fixtures_keep_their_awkward_bytes() {
    assert!(
        AKAMAI.contains("\r\n"),
        "the CLI example must keep its CRLF endings"
    );
    assert!(
        LSOA.starts_with("{\n\t\""),
        "the encoding profile must keep its tab indentation"
    );
}

#[test]
fn crlf_channel_round_trips_without_loss() {
    let original: Value = serde_json::from_str(AKAMAI).unwrap();
    let template = Template::from_json(AKAMAI).unwrap();
    let channel = template.channel().expect("a channel envelope");
    assert_eq!(channel.name.as_deref(), Some("News_West"));
    assert_eq!(
        channel.destinations.as_ref().unwrap()[0]
            .settings
            .as_ref()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(template.to_value().unwrap(), original);
    // Unmodeled keys at every level are kept: the caption descriptions and the Akamai credentials.
    let settings = channel.encoder_settings.as_ref().unwrap();
    assert!(settings.extra.contains_key("CaptionDescriptions"));
    let setting = &channel.destinations.as_ref().unwrap()[0]
        .settings
        .as_ref()
        .unwrap()[0];
    assert_eq!(setting.password_param.as_deref(), Some("/medialive/examplecorp1"));
}

#[test]
fn tab_indented_encoder_settings_only_document_round_trips() {
    let original: Value = serde_json::from_str(LSOA).unwrap();
    let template = Template::from_json(LSOA).unwrap();
    let Template::EncoderSettings(settings) = &template else {
        panic!("expected an EncoderSettings-only document")
    };
    assert_eq!(settings.video_descriptions.as_ref().unwrap().len(), 9);
    assert_eq!(
        settings.output_groups.as_ref().unwrap()[0]
            .outputs
            .as_ref()
            .unwrap()
            .len(),
        9
    );
    assert!(settings.extra.contains_key("AvailConfiguration"));
    assert_eq!(template.to_value().unwrap(), original);
}

#[test]
fn rest_spelling_round_trips_both_fixtures() {
    for text in [AKAMAI, LSOA] {
        let original: Value = serde_json::from_str(text).unwrap();
        let template = Template::from_json(text).unwrap();
        let rest = template.to_rest_value().unwrap();
        let rest_text = serde_json::to_string(&rest).unwrap();
        assert!(
            !rest_text.contains("\"EncoderSettings\"") && !rest_text.contains("\"OutputGroups\""),
            "{rest_text}"
        );
        let back = Template::from_rest_json(&rest_text).unwrap();
        assert_eq!(back, template);
        assert_eq!(back.to_value().unwrap(), original);
    }
}

#[test]
fn rest_spelling_matches_the_wire_names() {
    let channel = Channel::from_json(AKAMAI).unwrap();
    let rest = channel.to_rest_value().unwrap();
    assert_eq!(
        rest["roleArn"],
        "arn:aws:iam::111122223333:role/MediaLiveAccessRole"
    );
    assert_eq!(
        rest["inputAttachments"][0]["inputSettings"]["audioSelectors"][0]["name"],
        "English-Audio"
    );
    let group = &rest["encoderSettings"]["outputGroups"][0]["outputGroupSettings"]["hlsGroupSettings"];
    assert_eq!(group["destination"]["destinationRefId"], "akamai-server-west");
    assert!(group["hlsCdnSettings"]["hlsBasicPutSettings"].is_object());
    assert_eq!(
        rest["encoderSettings"]["audioDescriptions"][0]["codecSettings"]["aacSettings"],
        serde_json::json!({})
    );
    assert_eq!(Channel::from_rest_json(&rest.to_string()).unwrap(), channel);
    assert_eq!(casing::from_rest(&rest), channel.to_value().unwrap());
}

#[test]
fn tags_keep_user_keys_in_both_spellings() {
    let text = r#"{"Name": "x", "Tags": {"cost-Center": "1", "Team": "news"}}"#;
    let channel = Channel::from_json(text).unwrap();
    let rest = channel.to_rest_value().unwrap();
    assert_eq!(rest["tags"]["Team"], "news");
    assert_eq!(rest["tags"]["cost-Center"], "1");
    assert_eq!(Channel::from_rest_json(&rest.to_string()).unwrap(), channel);
}

#[test]
fn unknown_enum_values_and_keys_survive() {
    let text = r#"{"ChannelClass": "TRIPLE_PIPELINE", "Future": {"A": 1}, "EncoderSettings": {
        "GlobalConfiguration": {"OutputLockingMode": "QUANTUM_LOCKING", "Extra": true},
        "TimecodeConfig": {"Source": "GPS"}}}"#;
    let channel = Channel::from_json(text).unwrap();
    let class = channel.channel_class.as_ref().unwrap();
    assert_eq!(class.as_str(), "TRIPLE_PIPELINE");
    assert_eq!(
        channel.to_value().unwrap(),
        serde_json::from_str::<Value>(text).unwrap()
    );
}

#[test]
fn bad_documents_are_errors_not_panics() {
    let err = Template::from_json("[1, 2]").unwrap_err();
    assert!(crate::with_causes(&err).contains("an array"), "{err}");
    let err =
        Channel::from_json(r#"{"EncoderSettings": {"VideoDescriptions": [{"Width": "wide"}]}}"#).unwrap_err();
    assert!(crate::with_causes(&err).contains("wide"), "{err}");
    assert!(Template::from_json("{").is_err());
}

const CMAF_INGEST: &str = include_str!("../fixtures/refarch-lef-hd-avc-50fps-medialive-cmaf-ingest-v1.json");

#[test]
fn camel_case_cmaf_ingest_profile_round_trips_without_loss() {
    let original: Value = serde_json::from_str(CMAF_INGEST).unwrap();
    let template = Template::from_rest_json(CMAF_INGEST).unwrap();
    let Template::EncoderSettings(settings) = &template else {
        panic!("expected an EncoderSettings-only document")
    };
    let group = &settings.output_groups.as_ref().unwrap()[0];
    let cmaf = group.cmaf_ingest().expect("a CMAF Ingest group");
    assert_eq!(
        cmaf.destination.as_ref().unwrap().destination_ref_id.as_deref(),
        Some("media-destination")
    );
    let segment = cmaf.segment().unwrap();
    assert_eq!(segment.length, 2);
    assert_eq!(segment.units, SegmentLengthUnits::Seconds);
    assert_eq!(cmaf.extra["Scte35Type"], "SCTE_35_WITHOUT_SEGMENTATION");
    let outputs = group.outputs.as_ref().unwrap();
    assert_eq!(outputs.len(), 8);
    let modifiers: Vec<&str> = outputs
        .iter()
        .filter_map(|o| {
            o.output_settings
                .as_ref()?
                .cmaf_ingest_output_settings
                .as_ref()?
                .name_modifier
                .as_deref()
        })
        .collect();
    assert_eq!(modifiers.len(), 8);
    assert_eq!(modifiers[0], "video_h_264_3000000");
    assert!(group.hls().is_none() && group.media_package().is_none());
    // Unmodeled keys at every level are kept: slate, avails, the burn-in under H264Settings.
    assert!(settings.extra.contains_key("BlackoutSlate"));
    assert_eq!(template.to_rest_value().unwrap(), original);
    assert_eq!(
        Template::from_value(template.to_value().unwrap()).unwrap(),
        template
    );
}
