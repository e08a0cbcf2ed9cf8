//! The emulator behaves like MediaPackage v2 and CloudFront for the calls a MediaPackage v2 deployment
//! makes: each test drives the AWS SDK for Rust with documents from `mediapackage_origin::RegionPair`
//! and proves one behaviour of the service, most of them one fix of `scripts/emulator.py` (its number
//! is in the test's doc).
//!
//! These tests need `WORKFLOW_EMULATOR_URL`; without it they fail, they never skip. Each uses Regions
//! (none the example event deploys to) and names of its own, so they run side by side, and first
//! removes what an earlier run against the same emulator left; those that create a distribution hold
//! the emulator's lock, because other tests count distributions.

use std::collections::HashMap;
use std::fmt::Debug;
use std::time::{SystemTime, UNIX_EPOCH};

use ::origin_failover::Site;
use aws_sdk_cloudfront::types::{
    OriginAccessControlConfig as SdkOacConfig, OriginAccessControlOriginTypes,
    OriginAccessControlSigningBehaviors, OriginAccessControlSigningProtocols,
};
use aws_sdk_mediapackagev2::Client;
use aws_sdk_mediapackagev2::error::SdkError;
use aws_sdk_mediapackagev2::operation::create_channel::{
    CreateChannelError, CreateChannelInput, CreateChannelOutput,
};
use aws_sdk_mediapackagev2::operation::create_channel_group::{
    CreateChannelGroupError, CreateChannelGroupInput, CreateChannelGroupOutput,
};
use aws_sdk_mediapackagev2::operation::create_origin_endpoint::{
    CreateOriginEndpointError, CreateOriginEndpointInput, CreateOriginEndpointOutput,
};
use aws_sdk_mediapackagev2::operation::delete_channel::{DeleteChannelError, DeleteChannelOutput};
use aws_sdk_mediapackagev2::operation::delete_channel_group::{
    DeleteChannelGroupError, DeleteChannelGroupOutput,
};
use aws_sdk_mediapackagev2::operation::delete_origin_endpoint::{
    DeleteOriginEndpointError, DeleteOriginEndpointOutput,
};
use aws_sdk_mediapackagev2::operation::delete_origin_endpoint_policy::{
    DeleteOriginEndpointPolicyError, DeleteOriginEndpointPolicyOutput,
};
use aws_sdk_mediapackagev2::operation::get_channel::{GetChannelError, GetChannelOutput};
use aws_sdk_mediapackagev2::operation::get_channel_group::{GetChannelGroupError, GetChannelGroupOutput};
use aws_sdk_mediapackagev2::operation::get_channel_policy::{GetChannelPolicyError, GetChannelPolicyOutput};
use aws_sdk_mediapackagev2::operation::get_origin_endpoint::{
    GetOriginEndpointError, GetOriginEndpointOutput,
};
use aws_sdk_mediapackagev2::operation::get_origin_endpoint_policy::{
    GetOriginEndpointPolicyError, GetOriginEndpointPolicyOutput,
};
use aws_sdk_mediapackagev2::operation::list_channels::{ListChannelsError, ListChannelsOutput};
use aws_sdk_mediapackagev2::types::{ContainerType, InputType, OutputLockingMode};
use mediapackage_origin::document::{Channel, ChannelGroup, OriginEndpoint, Tags};
use mediapackage_origin::pair::primary_error_conditions;
use mediapackage_origin::{
    ChannelPolicy, DistributionArn, Egress, EndpointPolicy, IngestEndpoint, IngestEndpointId,
    InputType as DocInputType, Location, ManifestName, OriginNames, PairSpec, RegionPair, ResourceName,
};
use mediastore_policy::{AccountId, Region};
use origin_failover::access_control::{OriginAccessControlConfig, OriginAccessControlId};
use origin_failover::document::DistributionConfig;
use origin_failover::mediapackage::MediaPackageDistribution;
use origin_failover::origin_kind::EgressDomain;

use crate::workflow::emulator::{EMULATOR, emulator_url, sdk_config};

/// What a request to the emulator's MediaPackage v2 answered.
type Answer<T, E> = Result<T, SdkError<E>>;

/// The account moto answers for.
const ACCOUNT: &str = "123456789012";
/// The role a MediaLive channel would ingest with.
const MEDIALIVE_ROLE: &str = "arn:aws:iam::123456789012:role/medialive-ingest";

async fn mediapackage(region: &str) -> Client {
    Client::new(&sdk_config(&emulator_url(), region).await)
}

async fn cloudfront() -> aws_sdk_cloudfront::Client {
    aws_sdk_cloudfront::Client::new(&sdk_config(&emulator_url(), "us-east-1").await)
}

fn names(group: &str) -> OriginNames {
    OriginNames {
        group: ResourceName::new(group).unwrap(),
        channel: ResourceName::new("event").unwrap(),
        endpoint: ResourceName::new("hls").unwrap(),
    }
}

/// Both Regions' documents with 6-second segments, `index.m3u8`, MQCS switching and publishing on.
fn pair(group: &str) -> RegionPair {
    RegionPair::build(&PairSpec::new(
        names(group),
        ManifestName::new("index").unwrap(),
        6,
        6,
    ))
    .unwrap()
}

/// Asserts that `error` is the service's error that `is` picks out (a conflict, a missing resource).
#[track_caller]
fn assert_service_error<E: Debug, R: Debug>(error: &SdkError<E, R>, is: impl FnOnce(&E) -> bool) {
    assert!(error.as_service_error().is_some_and(is), "{error:?}");
}

// The calls the tests make more than once, addressed by group, channel and endpoint name.

async fn get_channel_group(
    client: &Client,
    group: &str,
) -> Answer<GetChannelGroupOutput, GetChannelGroupError> {
    client.get_channel_group().channel_group_name(group).send().await
}

async fn delete_channel_group(
    client: &Client,
    group: &str,
) -> Answer<DeleteChannelGroupOutput, DeleteChannelGroupError> {
    client
        .delete_channel_group()
        .channel_group_name(group)
        .send()
        .await
}

async fn list_channels(client: &Client, group: &str) -> Answer<ListChannelsOutput, ListChannelsError> {
    client.list_channels().channel_group_name(group).send().await
}

async fn get_channel(
    client: &Client,
    group: &str,
    channel: &str,
) -> Answer<GetChannelOutput, GetChannelError> {
    client
        .get_channel()
        .channel_group_name(group)
        .channel_name(channel)
        .send()
        .await
}

async fn delete_channel(
    client: &Client,
    group: &str,
    channel: &str,
) -> Answer<DeleteChannelOutput, DeleteChannelError> {
    client
        .delete_channel()
        .channel_group_name(group)
        .channel_name(channel)
        .send()
        .await
}

async fn get_channel_policy(
    client: &Client,
    group: &str,
    channel: &str,
) -> Answer<GetChannelPolicyOutput, GetChannelPolicyError> {
    client
        .get_channel_policy()
        .channel_group_name(group)
        .channel_name(channel)
        .send()
        .await
}

async fn get_origin_endpoint(
    client: &Client,
    group: &str,
    channel: &str,
    endpoint: &str,
) -> Answer<GetOriginEndpointOutput, GetOriginEndpointError> {
    client
        .get_origin_endpoint()
        .channel_group_name(group)
        .channel_name(channel)
        .origin_endpoint_name(endpoint)
        .send()
        .await
}

async fn delete_origin_endpoint(
    client: &Client,
    group: &str,
    channel: &str,
    endpoint: &str,
) -> Answer<DeleteOriginEndpointOutput, DeleteOriginEndpointError> {
    client
        .delete_origin_endpoint()
        .channel_group_name(group)
        .channel_name(channel)
        .origin_endpoint_name(endpoint)
        .send()
        .await
}

async fn get_origin_endpoint_policy(
    client: &Client,
    group: &str,
    channel: &str,
    endpoint: &str,
) -> Answer<GetOriginEndpointPolicyOutput, GetOriginEndpointPolicyError> {
    client
        .get_origin_endpoint_policy()
        .channel_group_name(group)
        .channel_name(channel)
        .origin_endpoint_name(endpoint)
        .send()
        .await
}

async fn delete_origin_endpoint_policy(
    client: &Client,
    group: &str,
    channel: &str,
    endpoint: &str,
) -> Answer<DeleteOriginEndpointPolicyOutput, DeleteOriginEndpointPolicyError> {
    client
        .delete_origin_endpoint_policy()
        .channel_group_name(group)
        .channel_name(channel)
        .origin_endpoint_name(endpoint)
        .send()
        .await
}

/// Puts the channel's policy and its endpoint's policy.
async fn put_policies(
    client: &Client,
    names: &OriginNames,
    channel_policy: &ChannelPolicy,
    endpoint_policy: &EndpointPolicy,
) {
    let (group, channel) = (names.group.as_str(), names.channel.as_str());
    client
        .put_channel_policy()
        .channel_group_name(group)
        .channel_name(channel)
        .policy(channel_policy.to_policy_string().unwrap())
        .send()
        .await
        .unwrap();
    client
        .put_origin_endpoint_policy()
        .channel_group_name(group)
        .channel_name(channel)
        .origin_endpoint_name(names.endpoint.as_str())
        .policy(endpoint_policy.to_policy_string().unwrap())
        .send()
        .await
        .unwrap();
}

/// A client for `region` where the group `group` does not exist (an earlier run against the same
/// emulator may have left it), and the pair of that group.
async fn fresh(region: &str, group: &str) -> (Client, RegionPair) {
    let client = mediapackage(region).await;
    if let Ok(channels) = list_channels(&client, group).await {
        for channel in channels.items() {
            let name = channel.channel_name();
            let endpoints = client
                .list_origin_endpoints()
                .channel_group_name(group)
                .channel_name(name)
                .send()
                .await
                .unwrap();
            for endpoint in endpoints.items() {
                delete_origin_endpoint(&client, group, name, endpoint.origin_endpoint_name())
                    .await
                    .unwrap();
            }
            delete_channel(&client, group, name).await.unwrap();
        }
        delete_channel_group(&client, group).await.unwrap();
    }
    (client, pair(group))
}

fn location(region: &str) -> Location {
    Location::new(Region::new(region).unwrap(), AccountId::new(ACCOUNT).unwrap())
}

async fn create_group(
    client: &Client,
    group: &ChannelGroup,
) -> Answer<CreateChannelGroupOutput, CreateChannelGroupError> {
    let input = CreateChannelGroupInput::try_from(group).unwrap();
    client
        .create_channel_group()
        .set_channel_group_name(input.channel_group_name)
        .set_description(input.description)
        .set_tags(input.tags)
        .send()
        .await
}

async fn create_channel(
    client: &Client,
    channel: &Channel,
) -> Answer<CreateChannelOutput, CreateChannelError> {
    let input = CreateChannelInput::try_from(channel).unwrap();
    client
        .create_channel()
        .set_channel_group_name(input.channel_group_name)
        .set_channel_name(input.channel_name)
        .set_description(input.description)
        .set_input_type(input.input_type)
        .set_input_switch_configuration(input.input_switch_configuration)
        .set_output_header_configuration(input.output_header_configuration)
        .set_output_locking_mode(input.output_locking_mode)
        .set_tags(input.tags)
        .send()
        .await
}

async fn create_endpoint(
    client: &Client,
    endpoint: &OriginEndpoint,
) -> Answer<CreateOriginEndpointOutput, CreateOriginEndpointError> {
    let input = CreateOriginEndpointInput::try_from(endpoint).unwrap();
    client
        .create_origin_endpoint()
        .set_channel_group_name(input.channel_group_name)
        .set_channel_name(input.channel_name)
        .set_origin_endpoint_name(input.origin_endpoint_name)
        .set_container_type(input.container_type)
        .set_segment(input.segment)
        .set_startover_window_seconds(input.startover_window_seconds)
        .set_hls_manifests(input.hls_manifests)
        .set_low_latency_hls_manifests(input.low_latency_hls_manifests)
        .set_force_endpoint_error_configuration(input.force_endpoint_error_configuration)
        .set_description(input.description)
        .set_tags(input.tags)
        .send()
        .await
}

/// Creates one Region's group, channel and endpoint; returns the group's egress domain.
async fn deploy(client: &Client, pair: &RegionPair, site: Site) -> EgressDomain {
    let documents = pair.region(site);
    let group = create_group(client, &documents.channel_group).await.unwrap();
    create_channel(client, &documents.channel).await.unwrap();
    create_endpoint(client, &documents.endpoint).await.unwrap();
    EgressDomain::new(group.egress_domain()).unwrap()
}

fn now_seconds() -> i64 {
    i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()).unwrap()
}

/// No fix needed (moto does it): a channel group has the service's egress domain, an ARN with the
/// Region and account, epoch timestamps and an ETag, and ListChannelGroups lists it.
#[tokio::test]
async fn a_channel_group_has_the_services_egress_domain_arn_and_listing() {
    let (region, group_name) = ("eu-west-1", "mp-group-shape");
    let (client, pair) = fresh(region, group_name).await;
    let created = create_group(&client, &pair.region(Site::Primary).channel_group)
        .await
        .unwrap();

    let egress = EgressDomain::new(created.egress_domain()).unwrap();
    assert_eq!(egress.region(), region);
    assert_eq!(
        created.arn(),
        format!("arn:aws:mediapackagev2:{region}:{ACCOUNT}:channelGroup/{group_name}")
    );
    assert!(
        (now_seconds() - created.created_at().secs()).abs() < 300,
        "{:?}",
        created.created_at()
    );
    assert!(created.e_tag().is_some_and(|tag| !tag.is_empty()));
    let read = get_channel_group(&client, group_name).await.unwrap();
    assert_eq!(read.egress_domain(), created.egress_domain());
    let listed = client.list_channel_groups().send().await.unwrap();
    assert!(
        listed.items().iter().any(|g| g.arn() == created.arn()),
        "{listed:?}"
    );
}

/// No fix needed (moto does it): a group that still has a channel cannot be deleted.
#[tokio::test]
async fn a_group_with_a_channel_cannot_be_deleted() {
    let (client, pair) = fresh("eu-west-2", "mp-group-busy").await;
    let documents = pair.region(Site::Primary);
    create_group(&client, &documents.channel_group).await.unwrap();
    create_channel(&client, &documents.channel).await.unwrap();

    let refused = delete_channel_group(&client, "mp-group-busy").await.unwrap_err();
    assert_service_error(&refused, |e| e.is_conflict_exception());
    get_channel_group(&client, "mp-group-busy").await.unwrap();
}

/// Fix 10: a second create of a group or a channel is a ConflictException, and the first one (its
/// egress domain, its channel) is still there.
#[tokio::test]
async fn a_second_create_of_a_group_or_channel_is_a_conflict_and_keeps_the_first() {
    let (client, pair) = fresh("eu-west-3", "mp-conflict").await;
    let documents = pair.region(Site::Primary);
    let first = create_group(&client, &documents.channel_group).await.unwrap();
    create_channel(&client, &documents.channel).await.unwrap();

    let again = create_group(&client, &documents.channel_group).await.unwrap_err();
    assert_service_error(&again, |e| e.is_conflict_exception());
    let again = create_channel(&client, &documents.channel).await.unwrap_err();
    assert_service_error(&again, |e| e.is_conflict_exception());

    let group = get_channel_group(&client, "mp-conflict").await.unwrap();
    assert_eq!(group.egress_domain(), first.egress_domain());
    get_channel(&client, "mp-conflict", "event").await.unwrap();
}

/// Fix 11: groups and channels keep their description and tags, and a channel has its timestamps.
#[tokio::test]
async fn groups_and_channels_keep_their_description_and_tags() {
    let (client, pair) = fresh("eu-central-1", "mp-tags").await;
    let tags = Tags::Map([("event".to_owned(), "final".to_owned())].into());
    let mut group = pair.region(Site::Primary).channel_group.clone();
    group.description = Some("the final's origin".to_owned());
    group.tags = Some(tags.clone());
    let mut channel = pair.region(Site::Primary).channel.clone();
    channel.description = Some("the final, CMAF ingest".to_owned());
    channel.tags = Some(tags);
    create_group(&client, &group).await.unwrap();
    let created = create_channel(&client, &channel).await.unwrap();

    let expected = HashMap::from([("event".to_owned(), "final".to_owned())]);
    let read = get_channel_group(&client, "mp-tags").await.unwrap();
    assert_eq!(read.description(), Some("the final's origin"));
    assert_eq!(read.tags(), Some(&expected));
    let listed = client.list_channel_groups().send().await.unwrap();
    let summary = listed
        .items()
        .iter()
        .find(|g| g.channel_group_name() == "mp-tags")
        .unwrap();
    assert_eq!(summary.description(), Some("the final's origin"));
    let read = get_channel(&client, "mp-tags", "event").await.unwrap();
    assert_eq!(read.description(), Some("the final, CMAF ingest"));
    assert_eq!(read.tags(), Some(&expected));
    assert!(
        (now_seconds() - created.created_at().secs()).abs() < 300,
        "{:?}",
        created.created_at()
    );
    assert_eq!(read.created_at(), created.created_at());
}

/// Fix 12: a CMAF channel reads back as CMAF, epoch-locked, with the MQCS settings it was created
/// with (GetChannel and ListChannels); a channel created without InputType is HLS, and an HLS channel
/// refuses CMAF-only settings as the service does.
#[tokio::test]
async fn a_cmaf_channel_reads_back_as_cmaf_and_an_hls_channel_refuses_cmaf_settings() {
    let (client, pair) = fresh("eu-north-1", "mp-input-type").await;
    let documents = pair.region(Site::Primary);
    assert_eq!(documents.channel.input_type, Some(DocInputType::Cmaf));
    create_group(&client, &documents.channel_group).await.unwrap();
    create_channel(&client, &documents.channel).await.unwrap();

    let read = get_channel(&client, "mp-input-type", "event").await.unwrap();
    assert_eq!(read.input_type(), Some(&InputType::Cmaf));
    assert_eq!(read.output_locking_mode(), Some(&OutputLockingMode::EpochLocked));
    let switching = read.input_switch_configuration().unwrap();
    assert_eq!(switching.mqcs_input_switching(), Some(true));
    assert_eq!(switching.preferred_input(), Some(1));
    assert_eq!(
        read.output_header_configuration().unwrap().publish_mqcs(),
        Some(true)
    );
    let listed = list_channels(&client, "mp-input-type").await.unwrap();
    assert_eq!(listed.items()[0].input_type(), Some(&InputType::Cmaf));

    let mut hls = documents.channel.clone();
    hls.channel_name = ResourceName::new("hls-input").unwrap();
    hls.input_type = None;
    hls.output_locking_mode = None;
    let refused = create_channel(&client, &hls).await.unwrap_err();
    assert_service_error(&refused, |e| e.is_validation_exception());
    hls.input_switch_configuration = None;
    hls.output_header_configuration = None;
    create_channel(&client, &hls).await.unwrap();
    let read = get_channel(&client, "mp-input-type", "hls-input").await.unwrap();
    assert_eq!(read.input_type(), Some(&InputType::Hls));
}

/// Fix 13: a CMAF channel's two ingest endpoints are CMAF Ingest destinations `IngestEndpoint::parse`
/// accepts: endpoint 1 for pipeline 0, endpoint 2 for pipeline 1, each naming the group and channel.
#[tokio::test]
async fn a_cmaf_channels_two_ingest_endpoints_parse_as_cmaf_ingest_destinations() {
    let (client, pair) = fresh("ap-southeast-1", "mp-ingest").await;
    let documents = pair.region(Site::Primary);
    create_group(&client, &documents.channel_group).await.unwrap();
    let created = create_channel(&client, &documents.channel).await.unwrap();
    let read = get_channel(&client, "mp-ingest", "event").await.unwrap();

    for endpoints in [created.ingest_endpoints(), read.ingest_endpoints()] {
        let parsed: Vec<IngestEndpoint> = endpoints
            .iter()
            .map(|e| IngestEndpoint::parse(e.id().unwrap(), e.url().unwrap()).unwrap())
            .collect();
        assert_eq!(
            parsed.iter().map(IngestEndpoint::id).collect::<Vec<_>>(),
            [IngestEndpointId::One, IngestEndpointId::Two]
        );
        for endpoint in &parsed {
            assert_eq!(endpoint.group().as_str(), "mp-ingest");
            assert_eq!(endpoint.channel().as_str(), "event");
            assert!(
                endpoint.url().contains(".mediapackagev2.ap-southeast-1."),
                "{}",
                endpoint.url()
            );
        }
    }
}

/// Fix 14: ListChannels lists the group's channels, and a missing group is ResourceNotFoundException.
#[tokio::test]
async fn list_channels_lists_the_groups_channels() {
    let (client, pair) = fresh("ap-northeast-1", "mp-list").await;
    let documents = pair.region(Site::Primary);
    create_group(&client, &documents.channel_group).await.unwrap();
    create_channel(&client, &documents.channel).await.unwrap();
    let mut second = documents.channel.clone();
    second.channel_name = ResourceName::new("event-2").unwrap();
    create_channel(&client, &second).await.unwrap();

    let listed = list_channels(&client, "mp-list").await.unwrap();
    let mut names: Vec<&str> = listed.items().iter().map(|c| c.channel_name()).collect();
    names.sort_unstable();
    assert_eq!(names, ["event", "event-2"]);
    let missing = list_channels(&client, "mp-nothing").await.unwrap_err();
    assert_service_error(&missing, |e| e.is_resource_not_found_exception());
}

/// Fix 15: an origin endpoint keeps what the workflow sends and serves its HLS manifest on the group's
/// egress domain at the pair's playback path; a second create conflicts, a missing one is not found,
/// an update replaces the settings but not the container, and force-error needs a CMAF channel.
#[tokio::test]
async fn an_origin_endpoint_round_trips_with_its_manifest_on_the_groups_egress_domain() {
    let (client, pair) = fresh("ap-northeast-2", "mp-endpoint").await;
    let documents = pair.region(Site::Primary);
    let group = create_group(&client, &documents.channel_group).await.unwrap();
    create_channel(&client, &documents.channel).await.unwrap();
    let created = create_endpoint(&client, &documents.endpoint).await.unwrap();

    let egress = EgressDomain::new(group.egress_domain()).unwrap();
    let manifest_url = pair.playback_path().url(&egress);
    let conditions: Vec<String> = primary_error_conditions(false)
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    let read = get_origin_endpoint(&client, "mp-endpoint", "event", "hls")
        .await
        .unwrap();
    assert_eq!(created.arn(), read.arn());
    assert_eq!(
        read.arn(),
        format!(
            "{}/originEndpoint/hls",
            location("ap-northeast-2")
                .channel_arn(&names("mp-endpoint").group, &names("mp-endpoint").channel)
        )
    );
    assert_eq!(read.container_type(), &ContainerType::Cmaf);
    assert_eq!(read.segment().unwrap().segment_duration_seconds(), Some(6));
    assert_eq!(read.startover_window_seconds(), Some(0));
    assert_eq!(read.hls_manifests().len(), 1);
    assert_eq!(read.hls_manifests()[0].manifest_name(), "index");
    assert_eq!(read.hls_manifests()[0].url(), manifest_url);
    assert_eq!(read.hls_manifests()[0].manifest_window_seconds(), Some(60));
    assert!(read.low_latency_hls_manifests().is_empty());
    assert!(read.dash_manifests().is_empty());
    let read_conditions: Vec<String> = read
        .force_endpoint_error_configuration()
        .unwrap()
        .endpoint_error_conditions()
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    assert_eq!(read_conditions, conditions);
    let listed = client
        .list_origin_endpoints()
        .channel_group_name("mp-endpoint")
        .channel_name("event")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.items().len(), 1);
    assert_eq!(
        listed.items()[0].hls_manifests()[0].url(),
        Some(manifest_url.as_str())
    );

    let again = create_endpoint(&client, &documents.endpoint).await.unwrap_err();
    assert_service_error(&again, |e| e.is_conflict_exception());
    let missing = get_origin_endpoint(&client, "mp-endpoint", "event", "nothing")
        .await
        .unwrap_err();
    assert_service_error(&missing, |e| e.is_resource_not_found_exception());

    let input = CreateOriginEndpointInput::try_from(&documents.endpoint).unwrap();
    let updated = client
        .update_origin_endpoint()
        .channel_group_name("mp-endpoint")
        .channel_name("event")
        .origin_endpoint_name("hls")
        .set_container_type(input.container_type)
        .set_segment(input.segment)
        .startover_window_seconds(300)
        .set_hls_manifests(input.hls_manifests.clone())
        .set_force_endpoint_error_configuration(input.force_endpoint_error_configuration)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.startover_window_seconds(), Some(300));
    assert_eq!(updated.hls_manifests()[0].url(), manifest_url);
    let container = client
        .update_origin_endpoint()
        .channel_group_name("mp-endpoint")
        .channel_name("event")
        .origin_endpoint_name("hls")
        .container_type(ContainerType::Ts)
        .set_hls_manifests(input.hls_manifests)
        .send()
        .await
        .unwrap_err();
    assert_service_error(&container, |e| e.is_validation_exception());

    // The primary's force-error conditions on a channel with HLS input.
    let mut hls = documents.channel.clone();
    hls.channel_name = ResourceName::new("hls-input").unwrap();
    (hls.input_type, hls.output_locking_mode) = (None, None);
    (hls.input_switch_configuration, hls.output_header_configuration) = (None, None);
    create_channel(&client, &hls).await.unwrap();
    let mut endpoint = documents.endpoint.clone();
    endpoint.channel_name = hls.channel_name.clone();
    let refused = create_endpoint(&client, &endpoint).await.unwrap_err();
    assert_service_error(&refused, |e| e.is_validation_exception());
}

/// Fix 16 (and the order teardown must follow): a channel with an origin endpoint cannot be deleted;
/// policies, then endpoints, then channels, then groups leaves the Region with no channel group.
#[tokio::test]
async fn a_channel_with_an_endpoint_cannot_be_deleted_and_the_teardown_order_empties_the_region() {
    let region = "sa-east-1";
    let (client, pair) = fresh(region, "mp-teardown").await;
    deploy(&client, &pair, Site::Backup).await;
    let documents = pair.region(Site::Backup);
    let distribution =
        DistributionArn::new("arn:aws:cloudfront::123456789012:distribution/EMPTEARDOWN").unwrap();
    let channel_policy = documents.channel_policy(&location(region), MEDIALIVE_ROLE);
    let endpoint_policy = documents.endpoint_policy(&location(region), &distribution, true);
    let (group, channel, endpoint) = ("mp-teardown", "event", "hls");
    put_policies(&client, &documents.names(), &channel_policy, &endpoint_policy).await;

    let refused = delete_channel(&client, group, channel).await.unwrap_err();
    assert_service_error(&refused, |e| e.is_conflict_exception());

    delete_origin_endpoint_policy(&client, group, channel, endpoint)
        .await
        .unwrap();
    client
        .delete_channel_policy()
        .channel_group_name(group)
        .channel_name(channel)
        .send()
        .await
        .unwrap();
    delete_origin_endpoint(&client, group, channel, endpoint)
        .await
        .unwrap();
    delete_channel(&client, group, channel).await.unwrap();
    delete_channel_group(&client, group).await.unwrap();
    let left = client.list_channel_groups().send().await.unwrap();
    assert!(left.items().is_empty(), "{left:?}");
    // A teardown that runs again finds nothing and succeeds: deletes of what is gone are not errors.
    delete_origin_endpoint(&client, group, channel, endpoint)
        .await
        .unwrap();
    delete_channel_group(&client, group).await.unwrap();
}

/// Fix 17: channel and endpoint policies are stored as the text sent and read back as the same
/// typed policies, granting what they granted; absent ones are ResourceNotFoundException.
#[tokio::test]
async fn channel_and_endpoint_policies_round_trip_and_read_back_as_typed_policies() {
    let region = "ca-central-1";
    let (client, pair) = fresh(region, "mp-policies").await;
    deploy(&client, &pair, Site::Primary).await;
    let documents = pair.region(Site::Primary);
    let here = location(region);
    let distribution =
        DistributionArn::new("arn:aws:cloudfront::123456789012:distribution/EMPPOLICIES").unwrap();
    let channel_policy = documents.channel_policy(&here, MEDIALIVE_ROLE);
    let endpoint_policy = documents.endpoint_policy(&here, &distribution, true);
    let (group, channel, endpoint) = ("mp-policies", "event", "hls");

    let none = get_channel_policy(&client, group, channel).await.unwrap_err();
    assert_service_error(&none, |e| e.is_resource_not_found_exception());
    put_policies(&client, &documents.names(), &channel_policy, &endpoint_policy).await;

    let read = get_channel_policy(&client, group, channel).await.unwrap();
    let read_channel = ChannelPolicy::read(read.policy()).unwrap();
    assert_eq!(read_channel, channel_policy);
    let channel_arn = here.channel_arn(
        &documents.channel.channel_group_name,
        &documents.channel.channel_name,
    );
    assert!(read_channel.allows_ingest(&channel_arn, MEDIALIVE_ROLE).unwrap());
    let read = get_origin_endpoint_policy(&client, group, channel, endpoint)
        .await
        .unwrap();
    let read_endpoint = EndpointPolicy::read(read.policy()).unwrap();
    assert_eq!(read_endpoint, endpoint_policy);
    read_endpoint
        .check_cloudfront_read(&here.endpoint_arn(&documents.names()), &distribution, true)
        .unwrap();

    delete_origin_endpoint_policy(&client, group, channel, endpoint)
        .await
        .unwrap();
    let gone = get_origin_endpoint_policy(&client, group, channel, endpoint)
        .await
        .unwrap_err();
    assert_service_error(&gone, |e| e.is_resource_not_found_exception());
    let no_endpoint = client
        .put_origin_endpoint_policy()
        .channel_group_name(group)
        .channel_name(channel)
        .origin_endpoint_name("nothing")
        .policy(endpoint_policy.to_policy_string().unwrap())
        .send()
        .await
        .unwrap_err();
    assert_service_error(&no_endpoint, |e| e.is_resource_not_found_exception());
}

async fn create_oac(cloudfront: &aws_sdk_cloudfront::Client, name: &str) -> (OriginAccessControlId, String) {
    let config = OriginAccessControlConfig::media_package_v2(name).unwrap();
    let sdk = SdkOacConfig::builder()
        .name(&config.name)
        .signing_protocol(OriginAccessControlSigningProtocols::from(
            config.signing_protocol.as_str(),
        ))
        .signing_behavior(OriginAccessControlSigningBehaviors::from(
            config.signing_behavior.as_str(),
        ))
        .origin_access_control_origin_type(OriginAccessControlOriginTypes::from(
            config.origin_access_control_origin_type.as_str(),
        ))
        .build()
        .unwrap();
    let created = cloudfront
        .create_origin_access_control()
        .origin_access_control_config(sdk)
        .send()
        .await
        .unwrap();
    let control = created.origin_access_control().unwrap();
    (
        OriginAccessControlId::new(control.id()).unwrap(),
        created.e_tag().unwrap().to_owned(),
    )
}

/// The pair's distribution over both Regions' egress domains, signed with `oac`; returns its id and
/// ETag and the document it was created from.
async fn create_distribution(
    cloudfront: &aws_sdk_cloudfront::Client,
    group: &str,
    regions: [&str; 2],
    oac: &OriginAccessControlId,
) -> (String, String, MediaPackageDistribution) {
    let (primary_client, pair) = fresh(regions[0], group).await;
    let primary = deploy(&primary_client, &pair, Site::Primary).await;
    let backup = deploy(&fresh(regions[1], group).await.0, &pair, Site::Backup).await;
    let distribution = pair
        .distribution(group, &Egress { primary, backup }, oac, true)
        .unwrap();
    let config = aws_sdk_cloudfront::types::DistributionConfig::try_from(&distribution.to_config()).unwrap();
    let created = cloudfront
        .create_distribution()
        .distribution_config(config)
        .send()
        .await
        .unwrap();
    let id = created.distribution().unwrap().id().to_owned();
    (id, created.e_tag().unwrap().to_owned(), distribution)
}

async fn delete_distribution(cloudfront: &aws_sdk_cloudfront::Client, id: &str, etag: &str) {
    cloudfront
        .delete_distribution()
        .id(id)
        .if_match(etag)
        .send()
        .await
        .unwrap();
}

/// Fix 18: a distribution whose origins are the two egress domains (custom origins, HTTPS only) with
/// an origin access control each is accepted and read back as the same MediaPackage distribution,
/// origin access control included.
#[tokio::test]
async fn a_distribution_over_both_egress_domains_keeps_its_origin_access_control() {
    let _emulator = EMULATOR.lock().await;
    let cloudfront = cloudfront().await;
    let (oac, _) = create_oac(&cloudfront, "mp-distribution").await;
    let (id, etag, distribution) =
        create_distribution(&cloudfront, "mp-distribution", ["us-west-1", "us-east-2"], &oac).await;
    let read = cloudfront.get_distribution_config().id(&id).send().await;
    // Clean up before judging, so that a failure here leaves no distribution for other tests to count.
    delete_distribution(&cloudfront, &id, &etag).await;
    cloudfront
        .delete_origin_access_control()
        .id(oac.as_str())
        .send()
        .await
        .unwrap();

    let read = read.unwrap();
    let sdk_config = read.distribution_config().unwrap();
    for origin in sdk_config.origins().unwrap().items() {
        assert_eq!(
            origin.origin_access_control_id(),
            Some(oac.as_str()),
            "{origin:?}"
        );
        assert!(origin.domain_name().contains(".egress."), "{origin:?}");
    }
    let document = DistributionConfig::try_from(sdk_config).unwrap();
    assert_eq!(
        MediaPackageDistribution::from_config(&document).unwrap(),
        distribution
    );
}

/// No fix needed for Create/Get/List (moto does them for origin type `mediapackagev2`); fix 19: an
/// origin access control a distribution uses cannot be deleted, and deleting a missing one is
/// NoSuchOriginAccessControl.
#[tokio::test]
async fn an_origin_access_control_for_mediapackagev2_round_trips_and_is_kept_while_used() {
    let _emulator = EMULATOR.lock().await;
    let cloudfront = cloudfront().await;
    let (oac, etag) = create_oac(&cloudfront, "mp-oac").await;
    let (id, distribution_etag, _) =
        create_distribution(&cloudfront, "mp-oac", ["ap-south-1", "ap-southeast-2"], &oac).await;
    let in_use = cloudfront
        .delete_origin_access_control()
        .id(oac.as_str())
        .if_match(&etag)
        .send()
        .await;
    delete_distribution(&cloudfront, &id, &distribution_etag).await;

    let in_use = in_use.unwrap_err();
    assert_service_error(&in_use, |e| e.is_origin_access_control_in_use());
    let read = cloudfront
        .get_origin_access_control()
        .id(oac.as_str())
        .send()
        .await
        .unwrap();
    let config = read
        .origin_access_control()
        .unwrap()
        .origin_access_control_config()
        .unwrap();
    assert_eq!(config.name(), "mp-oac");
    assert_eq!(
        config.origin_access_control_origin_type(),
        &OriginAccessControlOriginTypes::Mediapackagev2
    );
    assert_eq!(
        config.signing_protocol(),
        &OriginAccessControlSigningProtocols::Sigv4
    );
    assert_eq!(
        config.signing_behavior(),
        &OriginAccessControlSigningBehaviors::Always
    );
    let listed = cloudfront.list_origin_access_controls().send().await.unwrap();
    let items = listed.origin_access_control_list().unwrap().items();
    assert!(items.iter().any(|c| c.id() == oac.as_str()), "{items:?}");

    cloudfront
        .delete_origin_access_control()
        .id(oac.as_str())
        .if_match(&etag)
        .send()
        .await
        .unwrap();
    let gone = cloudfront
        .delete_origin_access_control()
        .id(oac.as_str())
        .if_match(&etag)
        .send()
        .await
        .unwrap_err();
    assert_service_error(&gone, |e| e.is_no_such_origin_access_control());
}
