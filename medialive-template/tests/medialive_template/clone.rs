//! Region cloning changes exactly the paths the recipe allows, and its verification catches anything else.

use medialive_template::clone::Error;
use medialive_template::destination::BucketName;
use medialive_template::diff::Change;
use medialive_template::{Channel, LiveHlsChannel, OutputDestination, RegionClone, TemplateDiff};
use mediastore_policy::DataEndpoint;
use serde_json::json;

const AKAMAI: &str = include_str!("../fixtures/awscli-create-channel-hls-akamai.json");
const EAST: &str = "abcd.data.mediastore.us-east-1.amazonaws.com";
const WEST: &str = "wxyz.data.mediastore.us-west-2.amazonaws.com";

fn endpoint(host: &str) -> DataEndpoint {
    DataEndpoint::from_host(host).unwrap()
}

fn primary() -> Channel {
    LiveHlsChannel::builder()
        .name("live-east")
        .role_arn("arn:aws:iam::111122223333:role/MediaLiveEast")
        .input_id("1111111")
        .destination(endpoint(EAST))
        .pipelines(medialive_template::PipelineNames::recipe("live/event").unwrap())
        .build()
        .channel()
        .unwrap()
}

fn to_west() -> RegionClone {
    RegionClone::builder()
        .name("live-west")
        .input_id("2222222")
        .destination(endpoint(WEST))
        .build()
}

#[test]
fn clone_changes_exactly_name_input_and_hosts() {
    let primary = primary();
    let backup = to_west().apply(&primary).unwrap();
    let diff = TemplateDiff::between(&primary, &backup).unwrap();
    assert_eq!(
        diff.paths().collect::<Vec<_>>(),
        [
            "$.Destinations[0].Settings[0].Url",
            "$.Destinations[0].Settings[1].Url",
            "$.InputAttachments[0].InputId",
            "$.Name",
        ]
    );
    let urls: Vec<&str> = backup.destinations.as_ref().unwrap()[0]
        .settings
        .as_ref()
        .unwrap()
        .iter()
        .map(|s| s.url.as_deref().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            format!("mediastoressl://{WEST}/live/event/primary"),
            format!("mediastoressl://{WEST}/live/event/backup")
        ]
    );
    assert_eq!(
        diff.entries()[3].1,
        Change::Changed {
            before: json!("live-east"),
            after: json!("live-west")
        }
    );
    // The clone is as valid as the primary, and its playlists have the same keys.
    assert!(backup.validate("30".parse().unwrap()).findings().is_empty());
    let keys = |c: &Channel| {
        c.hls_output_groups().unwrap()[0]
            .destinations
            .iter()
            .map(|d| d.master_playlist_key())
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&primary), keys(&backup));
}

#[test]
fn clone_with_a_role_changes_it_too() {
    let primary = primary();
    let clone = RegionClone::builder()
        .name("live-west")
        .input_id("2222222")
        .destination(DataEndpoint::parse(&format!("https://{WEST}")).unwrap())
        .role_arn("arn:aws:iam::111122223333:role/MediaLiveWest")
        .build();
    let backup = clone.apply(&primary).unwrap();
    let diff = RegionClone::verify(&primary, &backup).unwrap();
    assert_eq!(diff.paths().filter(|p| *p == "$.RoleArn").count(), 1);
    assert_eq!(diff.paths().count(), 5);
}

#[test]
fn clone_keeps_unmodeled_fields_and_other_destinations() {
    let mut primary = primary();
    primary
        .extra
        .insert("Vpc".to_owned(), json!({"SubnetIds": ["subnet-1"]}));
    let rtmp: OutputDestination = serde_json::from_value(json!({"Id": "social", "Settings": [
        {"Url": "rtmp://203.0.113.55/live", "StreamName": "key"}, {"Url": "rtmp://203.0.113.56/live", "StreamName": "key"}]}))
    .unwrap();
    primary.destinations.as_mut().unwrap().push(rtmp.clone());
    let backup = to_west().apply(&primary).unwrap();
    let diff = TemplateDiff::between(&primary, &backup).unwrap();
    assert_eq!(
        diff.paths().collect::<Vec<_>>(),
        [
            "$.Destinations[0].Settings[0].Url",
            "$.Destinations[0].Settings[1].Url",
            "$.InputAttachments[0].InputId",
            "$.Name"
        ]
    );
    assert_eq!(backup.extra["Vpc"], json!({"SubnetIds": ["subnet-1"]}));
    assert_eq!(
        backup.destinations.as_ref().unwrap()[1],
        rtmp,
        "a destination no HLS group uses stays as it is"
    );
}

#[test]
fn clone_refuses_to_merge_distinct_hosts() {
    // The CLI example's two pipelines write to two different servers.
    let primary = Channel::from_json(AKAMAI).unwrap();
    let err = RegionClone::builder()
        .name("News_East")
        .input_id("1")
        .destination(endpoint(WEST))
        .build()
        .apply(&primary)
        .unwrap_err();
    assert!(matches!(err, Error::DistinctHosts { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("$.Destinations[0].Settings[1].Url") && text.contains("203.0.113.82"),
        "{text}"
    );
}

#[test]
fn verify_catches_hand_edits_beyond_the_host() {
    let primary = primary();
    let backup = to_west().apply(&primary).unwrap();

    let mut renamed_base = backup.clone();
    renamed_base.destinations.as_mut().unwrap()[0]
        .settings
        .as_mut()
        .unwrap()[1]
        .url = Some(format!("mediastoressl://{WEST}/live/event/backup-west"));
    let err = RegionClone::verify(&primary, &renamed_base).unwrap_err();
    assert!(
        matches!(&err, Error::Unexpected { path, .. } if path == "$.Destinations[0].Settings[1].Url"),
        "{err}"
    );
    assert!(err.to_string().contains("base name"), "{err}");

    let mut other_path = backup.clone();
    other_path.destinations.as_mut().unwrap()[0]
        .settings
        .as_mut()
        .unwrap()[0]
        .url = Some(format!("mediastoressl://{WEST}/live/primary"));
    assert!(RegionClone::verify(&primary, &other_path).is_err());

    let mut retuned = backup.clone();
    let settings = retuned.encoder_settings.as_mut().unwrap();
    settings.output_groups.as_mut().unwrap()[0]
        .hls_mut()
        .unwrap()
        .segment_length = Some(4);
    let err = RegionClone::verify(&primary, &retuned).unwrap_err();
    assert!(
        err.to_string()
            .contains("$.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.SegmentLength"),
        "{err}"
    );

    assert_eq!(RegionClone::verify(&primary, &backup).unwrap().paths().count(), 4);
}

#[test]
fn clone_refuses_what_it_cannot_do_faithfully() {
    let mut two_inputs = primary();
    let attachment = two_inputs.input_attachments.as_ref().unwrap()[0].clone();
    two_inputs.input_attachments.as_mut().unwrap().push(attachment);
    assert!(matches!(
        to_west().apply(&two_inputs),
        Err(Error::InputAttachments { count: 2 })
    ));

    // A host that is not a data endpoint cannot be given at all.
    let err = DataEndpoint::from_host("west/live").unwrap_err();
    assert!(err.to_string().contains("west/live"), "{err}");

    // A MediaStore channel does not move to a bucket by changing its host.
    let to_bucket = RegionClone::builder()
        .name("x")
        .input_id("1")
        .destination(BucketName::new("west-bucket").unwrap())
        .build();
    let err = to_bucket.apply(&primary()).unwrap_err();
    assert!(
        matches!(&err, Error::Scheme { path, .. } if path == "$.Destinations[0].Settings[0].Url"),
        "{err}"
    );
    assert!(err.to_string().contains("s3://west-bucket"), "{err}");

    let mut no_destinations = primary();
    no_destinations.destinations = None;
    assert!(matches!(
        to_west().apply(&no_destinations),
        Err(Error::NoHlsDestination)
    ));

    let mut bad_url = primary();
    bad_url.destinations.as_mut().unwrap()[0]
        .settings
        .as_mut()
        .unwrap()[0]
        .url = Some("primary".to_owned());
    let err = to_west().apply(&bad_url).unwrap_err();
    assert!(
        err.to_string().contains("$.Destinations[0].Settings[0].Url"),
        "{err}"
    );
}

#[test]
fn diff_reports_added_removed_and_quoted_keys() {
    let a = json!({"Tags": {"cost-center": "1"}, "List": [1, 2], "Same": {"X": 1}});
    let b = json!({"Tags": {"cost-center": "2"}, "List": [1], "New": true, "Same": {"X": 1}});
    let diff = TemplateDiff::between_values(&a, &b);
    assert_eq!(
        diff.paths().collect::<Vec<_>>(),
        ["$.List[1]", "$.New", "$.Tags[\"cost-center\"]"]
    );
    assert_eq!(
        diff.to_string(),
        "- $.List[1]: 2\n+ $.New: true\n~ $.Tags[\"cost-center\"]: \"1\" -> \"2\""
    );
    assert!(TemplateDiff::between_values(&a, &a).is_empty());
}
