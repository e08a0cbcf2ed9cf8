//! MediaLive's destinations from this crate's names, and the check that a MediaLive channel feeds a
//! Region's documents, negatives included.

use medialive_template::media_package::{MediapackageV2GroupSettings, SegmentLengthUnits};
use medialive_template::{Channel, LiveMediaPackageChannel, Pipeline};
use mediapackage_origin::InputType;
use mediapackage_origin::medialive::check_feed;
use mediastore_policy::Region;
use origin_failover::Site;

use crate::{names, pair};

fn east() -> Region {
    Region::new("us-east-1").unwrap()
}

fn channel(region: &Region, segment_length: u32) -> Channel {
    LiveMediaPackageChannel::builder()
        .name("event")
        .input_id("1")
        .destinations(names().medialive_destinations(region))
        .segment_length(segment_length)
        .build()
        .channel()
        .unwrap()
}

/// The channel's MediaPackage v2 group settings, to edit by hand.
fn v2_group_settings(channel: &mut Channel) -> &mut MediapackageV2GroupSettings {
    channel
        .encoder_settings
        .as_mut()
        .unwrap()
        .output_groups
        .as_mut()
        .unwrap()[0]
        .output_group_settings
        .as_mut()
        .unwrap()
        .media_package_group_settings
        .as_mut()
        .unwrap()
        .mediapackage_v2_group_settings
        .as_mut()
        .unwrap()
}

#[test]
fn pipelines_write_to_their_own_ingest_endpoint_in_the_given_region() {
    let [a, b] = names().medialive_destinations(&east());
    for (setting, endpoint) in [(&a, "ENDPOINT_1"), (&b, "ENDPOINT_2")] {
        assert_eq!(setting.channel_group.as_deref(), Some("live"));
        assert_eq!(setting.channel_name.as_deref(), Some("event"));
        assert_eq!(
            setting.channel_endpoint_id.as_ref().map(|e| e.as_str()),
            Some(endpoint)
        );
        assert_eq!(setting.media_package_region_name.as_deref(), Some("us-east-1"));
        assert_eq!(setting.channel_id, None);
    }
    assert_eq!(names().medialive_destination(&east(), Pipeline::Backup), b);
}

#[test]
fn a_channel_built_from_the_names_feeds_both_regions() {
    let pair = pair();
    let west = Region::new("us-west-2").unwrap();
    assert!(check_feed(pair.region(Site::Primary), &east(), &channel(&east(), 6)).is_empty());
    assert!(check_feed(pair.region(Site::Backup), &west, &channel(&west, 2)).is_empty());
}

#[test]
fn hls_input_type_is_refused() {
    let mut documents = pair().region(Site::Primary).clone();
    documents.channel.input_type = Some(InputType::Hls);
    let found = check_feed(&documents, &east(), &channel(&east(), 6));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "Channel.InputType");
    assert_eq!(found[0].value, "\"HLS\"");
    assert!(found[0].allowed.starts_with("CMAF"), "{}", found[0]);
    documents.channel.input_type = None;
    let found = check_feed(&documents, &east(), &channel(&east(), 6));
    assert_eq!(found[0].value, "absent (HLS by default)");
}

#[test]
fn an_endpoint_segment_that_is_not_a_multiple_of_the_input_is_refused() {
    // The endpoint's segment is 6 s; MediaLive's 4-second segments do not divide it.
    let found = check_feed(pair().region(Site::Primary), &east(), &channel(&east(), 4));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "OriginEndpoint.Segment.SegmentDurationSeconds");
    assert_eq!(found[0].value, "6");
    assert_eq!(
        found[0].allowed,
        "a whole multiple of the input's 4-second segments"
    );
    // 1500 ms divides 6 s; 2500 ms does not.
    let mut millis = channel(&east(), 6);
    let v2 = v2_group_settings(&mut millis);
    v2.segment_length_units = Some(SegmentLengthUnits::Milliseconds);
    v2.segment_length = Some(1500);
    assert!(check_feed(pair().region(Site::Primary), &east(), &millis).is_empty());
    let v2 = v2_group_settings(&mut millis);
    v2.segment_length = Some(2500);
    let found = check_feed(pair().region(Site::Primary), &east(), &millis);
    assert_eq!(
        found[0].allowed,
        "a whole multiple of the input's 2500-millisecond segments"
    );
}

#[test]
fn destinations_must_name_this_origin_in_this_region_pipeline_by_pipeline() {
    let west = Region::new("us-west-2").unwrap();
    // Written for the other Region.
    let found = check_feed(pair().region(Site::Primary), &east(), &channel(&west, 6));
    let paths: Vec<&str> = found.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "MediaLive $.Destinations[0].MediaPackageSettings[0]",
            "MediaLive $.Destinations[0].MediaPackageSettings[1]"
        ]
    );
    assert!(
        found[0].value.contains("us-west-2") && found[0].allowed.contains("us-east-1"),
        "{}",
        found[0]
    );
    // Pipelines swapped.
    let mut swapped = channel(&east(), 6);
    swapped.destinations.as_mut().unwrap()[0]
        .media_package_settings
        .as_mut()
        .unwrap()
        .reverse();
    let found = check_feed(pair().region(Site::Primary), &east(), &swapped);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].allowed.contains("ENDPOINT_1"), "{}", found[0]);
    // No MediaPackage group at all.
    let found = check_feed(pair().region(Site::Primary), &east(), &Channel::default());
    assert_eq!(found[0].path, "MediaLive $.EncoderSettings.OutputGroups");
}

#[test]
fn cmaf_ingest_urls_must_be_the_pipelines_own_endpoints_of_this_channel() {
    let url = |n: u8, channel: &str, region: &str| {
        format!(
            "https://abcde1-{n}.ingest.fghij2.mediapackagev2.{region}.amazonaws.com/in/v1/live/{n}/{channel}/"
        )
    };
    let cmaf = |urls: [String; 2], length: u32| {
        Channel::from_json(
            &serde_json::json!({
                "Destinations": [{"Id": "ingest", "Settings": [{"Url": urls[0]}, {"Url": urls[1]}]}],
                "EncoderSettings": {"OutputGroups": [{"OutputGroupSettings": {"CmafIngestGroupSettings": {
                    "Destination": {"DestinationRefId": "ingest"}, "SegmentLength": length}}}]}
            })
            .to_string(),
        )
        .unwrap()
    };
    let documents = pair();
    let primary = documents.region(Site::Primary);
    let good = cmaf([url(1, "event", "us-east-1"), url(2, "event", "us-east-1")], 2);
    assert!(check_feed(primary, &east(), &good).is_empty());
    let swapped = cmaf([url(2, "event", "us-east-1"), url(1, "event", "us-east-1")], 2);
    let found = check_feed(primary, &east(), &swapped);
    let paths: Vec<&str> = found.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "MediaLive $.Destinations[0].Settings[0].Url",
            "MediaLive $.Destinations[0].Settings[1].Url"
        ]
    );
    assert!(
        found[0]
            .allowed
            .starts_with("the ingest endpoint 1 of channel live/event in us-east-1"),
        "{}",
        found[0]
    );
    let other = cmaf([url(1, "other", "us-east-1"), url(2, "event", "us-west-2")], 2);
    assert_eq!(check_feed(primary, &east(), &other).len(), 2);
    let slow = cmaf([url(1, "event", "us-east-1"), url(2, "event", "us-east-1")], 4);
    let found = check_feed(primary, &east(), &slow);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "OriginEndpoint.Segment.SegmentDurationSeconds");
}
