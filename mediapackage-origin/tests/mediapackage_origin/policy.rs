//! The ingest and OAC policies: built, read in both forms, limited and evaluated.

use mediapackage_origin::policy::{Error, MAX_POLICY_CHARS};
use mediapackage_origin::{ChannelPolicy, DistributionArn, EndpointPolicy, Location};
use mediastore_policy::{AccountId, Region};
use origin_failover::Site;

use crate::{names, pair};

const ROLE: &str = "arn:aws:iam::000011112222:role/MediaLiveAccessRole";

fn west() -> Location {
    Location::new(
        Region::new("us-west-2").unwrap(),
        AccountId::new("000011112222").unwrap(),
    )
}

fn distribution() -> DistributionArn {
    DistributionArn::new("arn:aws:cloudfront::000011112222:distribution/E2QWRUHAPOMQZL").unwrap()
}

#[test]
fn the_medialive_role_may_ingest_and_nobody_else() {
    let built = pair();
    let location = west();
    let policy = built.region(Site::Primary).channel_policy(&location, ROLE);
    let channel = location.channel_arn(&names().group, &names().channel);
    assert!(policy.allows_ingest(&channel, ROLE).unwrap());
    assert!(
        !policy
            .allows_ingest(&channel, "arn:aws:iam::999988887777:role/Intruder")
            .unwrap()
    );
    let other_channel = channel.replace("/channel/event", "/channel/other");
    assert!(!policy.allows_ingest(&other_channel, ROLE).unwrap());
}

#[test]
fn cloudfront_reads_only_for_its_distribution_and_heads_only_with_mqar() {
    let built = pair();
    let location = west();
    let endpoint = location.endpoint_arn(&names());
    let plain = built
        .region(Site::Primary)
        .endpoint_policy(&location, &distribution(), false);
    plain
        .check_cloudfront_read(&endpoint, &distribution(), false)
        .unwrap();
    let error = plain
        .check_cloudfront_read(&endpoint, &distribution(), true)
        .unwrap_err();
    assert!(
        matches!(&error, Error::Invalid(invalid) if invalid.value.starts_with("mediapackagev2:GetHeadObject denied")),
        "{error}"
    );
    let mqar = built
        .region(Site::Primary)
        .endpoint_policy(&location, &distribution(), true);
    mqar.check_cloudfront_read(&endpoint, &distribution(), true)
        .unwrap();
    let stranger = DistributionArn::new("arn:aws:cloudfront::999988887777:distribution/EOTHER").unwrap();
    assert!(
        !mqar
            .allows_cloudfront(&endpoint, &stranger, "mediapackagev2:GetObject")
            .unwrap()
    );
}

#[test]
fn a_policy_reads_as_a_json_string_and_as_an_object() {
    let policy = EndpointPolicy::cloudfront_read(
        "arn:aws:mediapackagev2:us-west-2:000011112222:channelGroup/live/channel/event/originEndpoint/hls",
        &distribution(),
        true,
    );
    let text = policy.to_policy_string().unwrap();
    assert_eq!(EndpointPolicy::read(&text).unwrap(), policy);
    let as_string = serde_json::to_string(&text).unwrap();
    assert!(as_string.starts_with("\"{"));
    assert_eq!(EndpointPolicy::read(&as_string).unwrap(), policy);
    let channel = ChannelPolicy::ingest(
        "arn:aws:mediapackagev2:us-west-2:000011112222:channelGroup/live/channel/event",
        ROLE,
    );
    assert_eq!(
        ChannelPolicy::read(&serde_json::to_string(&channel.to_policy_string().unwrap()).unwrap()).unwrap(),
        channel
    );
    assert!(matches!(
        EndpointPolicy::read("{not json"),
        Err(Error::Json { .. })
    ));
    assert!(matches!(
        EndpointPolicy::read(r#"{"Version":"2012-10-17"}"#),
        Err(Error::Grammar { .. })
    ));
    assert!(matches!(
        EndpointPolicy::read(r#""{\"Statement\": 3}""#),
        Err(Error::Grammar { .. })
    ));
}

#[test]
fn policies_longer_than_6144_characters_are_refused() {
    let mut policy = ChannelPolicy::ingest(
        "arn:aws:mediapackagev2:us-west-2:000011112222:channelGroup/live/channel/event",
        ROLE,
    );
    policy.0.id = Some("x".repeat(MAX_POLICY_CHARS));
    let error = policy.to_policy_string().unwrap_err();
    assert!(error.to_string().contains("at most 6144 characters"), "{error}");
}
