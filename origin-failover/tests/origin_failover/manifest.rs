use hls_epoch::FrameRate;
use medialive_template::video::{H264Level, H264Profile};
use medialive_template::{LiveHlsChannel, Rung};
use medialive_template::{Pipeline, PipelineNames};
use mediastore_policy::DataEndpoint;
use origin_failover::check::{Finding, check, check_master, parse_master};
use origin_failover::manifest::{AudioRendition, MasterSpec, Rendition, render};
use origin_failover::staleness::{Difference, Tolerance, compare};

fn default_channel() -> medialive_template::Channel {
    LiveHlsChannel::builder()
        .name("live-east")
        .input_id("1234567")
        .destination(DataEndpoint::from_host("abcdefgh.data.mediastore.us-east-1.amazonaws.com").unwrap())
        .pipelines(medialive_template::PipelineNames::recipe("demo").unwrap())
        .build()
        .channel()
        .unwrap()
}

fn custom_channel() -> medialive_template::Channel {
    let rung = |w, h, bitrate, profile, level| {
        Rung::builder()
            .width(w)
            .height(h)
            .video_bitrate(bitrate)
            .profile(profile)
            .level(level)
            .audio_bitrate(96_000)
            .build()
    };
    LiveHlsChannel::builder()
        .name("sports")
        .input_id("7654321")
        .destination(DataEndpoint::from_host("ijklmnop.data.mediastore.us-west-2.amazonaws.com").unwrap())
        .pipelines(medialive_template::PipelineNames::new("sports/live", "east", "west").unwrap())
        .frame_rate(FrameRate::FPS_59_94)
        .segment_length(4)
        .ladder(vec![
            rung(1280, 720, 4_500_000, H264Profile::High, H264Level::L3_2),
            rung(960, 540, 2_000_000, H264Profile::Main, H264Level::L3_1),
            rung(416, 234, 400_000, H264Profile::Baseline, H264Level::L3),
        ])
        .build()
        .channel()
        .unwrap()
}

#[test]
fn default_channel_static_manifest() {
    let spec = MasterSpec::from_template(&default_channel()).unwrap();
    assert_eq!(spec.static_manifest_key(), "demo/index.m3u8");
    insta::assert_snapshot!("default_channel_index", spec.static_manifest());
}

#[test]
fn custom_ladder_static_manifest() {
    let spec = MasterSpec::from_template(&custom_channel()).unwrap();
    insta::assert_snapshot!("custom_ladder_index", spec.static_manifest());
    insta::assert_snapshot!(
        "custom_ladder_backup_master",
        render(&spec.predicted_master(Pipeline::Backup))
    );
}

#[test]
fn predicted_manifests_parse_back_and_pair_completely() {
    for channel in [default_channel(), custom_channel()] {
        let spec = MasterSpec::from_template(&channel).unwrap();
        for pipeline in Pipeline::BOTH {
            let text = render(&spec.predicted_master(pipeline));
            let parsed = parse_master(text.as_bytes()).unwrap();
            assert_eq!(parsed, spec.predicted_master(pipeline));
            let report = check(&parsed);
            assert_eq!(report.pairs.len(), spec.renditions().len(), "{report:?}");
            assert!(report.unpaired.is_empty(), "{report:?}");
            assert!(report.findings.is_empty(), "{:?}", report.findings);
            let (own, other) = report.base_names.clone().unwrap();
            assert_eq!(
                (own.as_str(), other.as_str()),
                (spec.names().base(pipeline), spec.names().base(pipeline.other()))
            );
            for pair in &report.pairs {
                assert!(
                    spec.renditions()
                        .iter()
                        .any(|r| r.name_modifier() == pair.name_modifier),
                    "{pair:?}"
                );
            }
        }
    }
}

#[test]
fn both_pipelines_masters_match_each_other_and_the_static_copy() {
    let spec = MasterSpec::from_template(&default_channel()).unwrap();
    let primary = spec.predicted_master(Pipeline::Primary);
    let backup = spec.predicted_master(Pipeline::Backup);
    // Same variants in another order: nothing is stale.
    assert!(!compare(&backup, &primary, Tolerance::EXACT).is_stale());
    assert_ne!(primary.variants[0].uri, backup.variants[0].uri);
}

#[test]
fn a_channel_change_makes_the_static_manifest_stale() {
    let before = MasterSpec::from_template(&default_channel())
        .unwrap()
        .static_master();
    let names = PipelineNames::new("demo", "primary", "backup").unwrap();
    // The ladder after an edit: the 1080p rung is gone and 720p got a new bit rate and level.
    let after = MasterSpec::new(
        names,
        vec![
            Rendition::new("_720p30", 4_128_000, "avc1.640020,mp4a.40.2")
                .with_resolution(1280, 720)
                .with_frame_rate(FrameRate::FPS_30),
            Rendition::new("_540p30", 2_128_000, "avc1.4d401f,mp4a.40.2")
                .with_resolution(960, 540)
                .with_frame_rate(FrameRate::FPS_30),
        ],
    )
    .unwrap();
    let live = parse_master(render(&after.predicted_master(Pipeline::Backup)).as_bytes()).unwrap();
    let staleness = compare(&live, &before, Tolerance::default());
    assert!(staleness.is_stale());
    let only_static: Vec<&str> = staleness
        .differences
        .iter()
        .filter_map(|d| match d {
            Difference::OnlyInExpected { uri } => Some(uri.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        only_static.contains(&"primary_1080p30.m3u8") && only_static.contains(&"backup_1080p30.m3u8"),
        "{only_static:?}"
    );
    assert!(
        staleness.differences.iter().any(|d| matches!(d, Difference::Attribute { uri, attribute: "CODECS", .. } if uri == "backup_720p30.m3u8")),
        "{staleness:?}"
    );
    for d in &staleness.differences {
        assert!(d.to_string().contains("index.m3u8"), "{d}");
    }
}

#[test]
fn bandwidth_drift_within_tolerance_is_not_stale() {
    let names = PipelineNames::new("", "a", "b").unwrap();
    let spec = |bw| {
        MasterSpec::new(
            names.clone(),
            vec![Rendition::new("_1", bw, "avc1.4d401f,mp4a.40.2")],
        )
        .unwrap()
    };
    let predicted = spec(1_000_000).static_master();
    assert!(!compare(&spec(1_080_000).static_master(), &predicted, Tolerance::default()).is_stale());
    assert!(compare(&spec(1_200_000).static_master(), &predicted, Tolerance::default()).is_stale());
    assert!(compare(&spec(1_000_001).static_master(), &predicted, Tolerance::EXACT).is_stale());
}

#[test]
fn per_pipeline_audio_groups_are_reported_for_hls_js() {
    let names = PipelineNames::new("demo", "primary", "backup").unwrap();
    let spec = MasterSpec::new(
        names,
        vec![
            Rendition::new("_720p", 3_000_000, "avc1.4d401f,mp4a.40.2")
                .with_resolution(1280, 720)
                .with_frame_rate(FrameRate::FPS_25)
                .with_audio_group("aac"),
        ],
    )
    .unwrap()
    .with_audio(vec![
        AudioRendition::new("_aac", "aac", "English")
            .with_language("eng")
            .with_default(true),
    ])
    .unwrap();
    insta::assert_snapshot!(
        "audio_group_backup_master",
        render(&spec.predicted_master(Pipeline::Backup))
    );
    let report = check(&spec.static_master());
    assert_eq!(report.pairs.len(), 1);
    let finding = report
        .findings
        .iter()
        .find(|f| matches!(f, Finding::AudioGroupsDiffer { .. }))
        .unwrap();
    let Finding::AudioGroupsDiffer { first, second, .. } = finding else {
        unreachable!()
    };
    assert_eq!((first.as_str(), second.as_str()), ("aac-0", "aac-1"));
    assert!(finding.to_string().contains("hls.js"), "{finding}");
}

#[test]
fn unpaired_and_undefined_are_reported() {
    let text = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=640x360,CODECS=\"avc1.4d401e\"\nprimary_360p.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=640x360,CODECS=\"avc1.4d401e\"\nbackup_360p.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=500,AUDIO=\"nowhere\"\nprimary_low.m3u8\n";
    let report = check_master(text.as_bytes()).unwrap();
    assert_eq!(report.pairs.len(), 1);
    assert_eq!(report.unpaired, ["primary_low.m3u8"]);
    assert!(report.findings.contains(&Finding::Unpaired {
        uri: "primary_low.m3u8".to_owned()
    }));
    assert!(report.findings.contains(&Finding::UndefinedGroup {
        uri: "primary_low.m3u8".to_owned(),
        group: "nowhere".to_owned()
    }));
    assert!(report.findings.contains(&Finding::MissingCodecs {
        uri: "primary_low.m3u8".to_owned()
    }));
    assert!(report.findings.contains(&Finding::MissingFrameRate {
        uri: "primary_360p.m3u8".to_owned()
    }));
}

#[test]
fn templates_without_redundant_manifest_are_refused() {
    let text = std::fs::read_to_string("tests/fixtures/awscli-create-channel-hls-akamai.json").unwrap();
    let template = medialive_template::Template::from_json(&text).unwrap();
    let channel = template.channel().unwrap();
    let err = MasterSpec::from_template(channel).unwrap_err();
    assert!(err.to_string().contains("RedundantManifest"), "{err}");

    let text = std::fs::read_to_string("tests/fixtures/lsoa-v1-encoder-settings-1080p-hls.json").unwrap();
    let medialive_template::Template::EncoderSettings(settings) =
        medialive_template::Template::from_json(&text).unwrap()
    else {
        panic!("an EncoderSettings-only document")
    };
    let names = PipelineNames::new("live", "primary", "backup").unwrap();
    let err = MasterSpec::from_encoder_settings(&settings, names).unwrap_err();
    assert!(err.to_string().contains("RedundantManifest"), "{err}");
}

/// The default channel reworked to carry its audio once, as an audio rendition group: the video outputs
/// lose their muxed audio and refer to the group; one audio-only output joins it.
fn audio_group_channel() -> medialive_template::Channel {
    let mut value = serde_json::to_value(default_channel()).unwrap();
    let outputs = value["EncoderSettings"]["OutputGroups"][0]["Outputs"]
        .as_array_mut()
        .unwrap();
    let audio_name = outputs[0]["AudioDescriptionNames"][0].clone();
    for output in outputs.iter_mut() {
        output.as_object_mut().unwrap().remove("AudioDescriptionNames");
        output["OutputSettings"]["HlsOutputSettings"]["HlsSettings"]["StandardHlsSettings"]["AudioRenditionSets"] =
            serde_json::json!("aac");
    }
    outputs.push(serde_json::json!({
        "AudioDescriptionNames": [audio_name],
        "OutputName": "audio",
        "OutputSettings": {"HlsOutputSettings": {
            "NameModifier": "_audio",
            "HlsSettings": {"AudioOnlyHlsSettings": {"AudioGroupId": "aac"}}
        }}
    }));
    medialive_template::Channel::from_json(&value.to_string()).unwrap()
}

#[test]
fn audio_rendition_groups_are_predicted_and_flagged() {
    let spec = MasterSpec::from_template(&audio_group_channel()).unwrap();
    let master = spec.static_master();
    insta::assert_snapshot!("audio_group_channel_index", render(&master));
    // CODECS names the group's audio and BANDWIDTH adds its bit rate (RFC 8216 4.3.4.2).
    let top = &master.variants[0];
    assert_eq!(top.codecs.as_deref(), Some("avc1.640029,mp4a.40.2"));
    assert_eq!(top.bandwidth, 5_000_000 + 128_000);
    assert_eq!(top.audio.as_deref(), Some("aac-0"));
    // MediaLive's per-pipeline GROUP-IDs make every pair of copies name different audio groups.
    let report = check(&master);
    assert_eq!(report.pairs.len(), 4);
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| matches!(f, Finding::AudioGroupsDiffer { .. }))
            .count(),
        4
    );
}
