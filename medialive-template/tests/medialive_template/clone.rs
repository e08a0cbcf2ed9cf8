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

/// What a clone to another Region changes on the recipe's channel: both pipelines' hosts, the input
/// and the name.
const CLONED: [&str; 4] = [
    "$.Destinations[0].Settings[0].Url",
    "$.Destinations[0].Settings[1].Url",
    "$.InputAttachments[0].InputId",
    "$.Name",
];

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

/// Points pipeline `index`'s destination at `url` by hand.
fn set_url(channel: &mut Channel, index: usize, url: impl Into<String>) {
    channel.destinations.as_mut().unwrap()[0]
        .settings
        .as_mut()
        .unwrap()[index]
        .url = Some(url.into());
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
    assert_eq!(diff.paths().collect::<Vec<_>>(), CLONED);
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
    assert_eq!(diff.paths().collect::<Vec<_>>(), CLONED);
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
    set_url(
        &mut renamed_base,
        1,
        format!("mediastoressl://{WEST}/live/event/backup-west"),
    );
    let err = RegionClone::verify(&primary, &renamed_base).unwrap_err();
    assert!(
        matches!(&err, Error::Unexpected { path, .. } if path == "$.Destinations[0].Settings[1].Url"),
        "{err}"
    );
    assert!(err.to_string().contains("base name"), "{err}");

    let mut other_path = backup.clone();
    set_url(&mut other_path, 0, format!("mediastoressl://{WEST}/live/primary"));
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
    set_url(&mut bad_url, 0, "primary");
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

fn media_package_primary() -> Channel {
    use medialive_template::LiveMediaPackageChannel;
    LiveMediaPackageChannel::builder()
        .name("event-east")
        .input_id("1111111")
        .destinations(crate::ingest("us-east-1"))
        .build()
        .channel()
        .unwrap()
}

fn west_region() -> mediastore_policy::Region {
    mediastore_policy::Region::new("us-west-2").unwrap()
}

#[test]
fn media_package_clone_changes_only_the_region_of_its_destinations() {
    let primary = media_package_primary();
    let backup = RegionClone::builder()
        .name("event-west")
        .input_id("2222222")
        .media_package_region(west_region())
        .build()
        .apply(&primary)
        .unwrap();
    let diff = RegionClone::verify(&primary, &backup).unwrap();
    assert_eq!(
        diff.paths().collect::<Vec<_>>(),
        [
            "$.Destinations[0].MediaPackageSettings[0].MediaPackageRegionName",
            "$.Destinations[0].MediaPackageSettings[1].MediaPackageRegionName",
            "$.InputAttachments[0].InputId",
            "$.Name",
        ]
    );
    let settings = backup.destinations.as_ref().unwrap()[0]
        .media_package_settings
        .as_ref()
        .unwrap();
    assert!(
        settings
            .iter()
            .all(|s| s.media_package_region_name.as_deref() == Some("us-west-2"))
    );
    assert_eq!(settings[1].channel_name.as_deref(), Some("event"));
    // The clone passes the cross-Region check.
    let report = medialive_template::cross_region::cross_region(&primary, &backup, "30".parse().unwrap());
    assert!(report.is_ok(), "{report}");
}

#[test]
fn media_package_clone_needs_a_region_and_keeps_names_identical() {
    let primary = media_package_primary();
    let err = RegionClone::builder()
        .name("event-west")
        .input_id("2")
        .build()
        .apply(&primary)
        .unwrap_err();
    assert!(
        matches!(&err, Error::MissingTarget { path, field: "media_package_region" } if path == "$.Destinations[0].MediaPackageSettings[0]"),
        "{err}"
    );
    let err = RegionClone::builder()
        .name("live-west")
        .input_id("2")
        .media_package_region(west_region())
        .destination(endpoint(WEST))
        .build()
        .apply(&primary)
        .unwrap_err();
    assert!(matches!(err, Error::NoHlsDestination), "{err}");
    // An HLS destination alone does not say where the MediaPackage destinations go.
    let err = to_west().apply(&primary).unwrap_err();
    assert!(
        matches!(
            err,
            Error::MissingTarget {
                field: "media_package_region",
                ..
            }
        ),
        "{err}"
    );
    let hls = self::primary();
    let no_destination = RegionClone::builder().name("live-west").input_id("2").build();
    let err = no_destination.apply(&hls).unwrap_err();
    assert!(
        matches!(&err, Error::MissingTarget { path, field: "destination" } if path == "$.Destinations[0].Settings[0].Url"),
        "{err}"
    );
    let region_only = RegionClone::builder()
        .name("live-west")
        .input_id("2")
        .media_package_region(west_region())
        .build();
    assert!(matches!(
        region_only.apply(&hls),
        Err(Error::NoMediaPackageDestination)
    ));

    let mut renamed = primary.clone();
    renamed.destinations.as_mut().unwrap()[0]
        .media_package_settings
        .as_mut()
        .unwrap()[0]
        .channel_name = Some("other".to_owned());
    let err = RegionClone::verify(&primary, &renamed).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("$.Destinations[0].MediaPackageSettings[0].ChannelName differs"),
        "{err}"
    );
}

#[test]
fn cmaf_ingest_destinations_are_not_cloned() {
    let primary = Channel::from_json(
        r#"{"InputAttachments": [{"InputId": "1"}], "Destinations": [{"Id": "ingest", "Settings": [
            {"Url": "https://abcde1-1.ingest.fghij2.mediapackagev2.us-east-1.amazonaws.com/in/v1/live/1/event/"}]}],
          "EncoderSettings": {"OutputGroups": [{"OutputGroupSettings": {"CmafIngestGroupSettings": {
            "Destination": {"DestinationRefId": "ingest"}, "SegmentLength": 2}}}]}}"#,
    )
    .unwrap();
    let err = RegionClone::builder()
        .name("w")
        .input_id("2")
        .media_package_region(west_region())
        .build()
        .apply(&primary)
        .unwrap_err();
    assert!(
        matches!(&err, Error::CmafIngestDestination { path } if path == "$.Destinations[0].Settings"),
        "{err}"
    );
}
