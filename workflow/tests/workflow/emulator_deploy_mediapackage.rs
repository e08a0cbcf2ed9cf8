//! The whole lifecycle on MediaPackage v2 against the AWS emulator: apply creates each resource
//! once, a re-run creates nothing, teardown (from the state file, or by name once it is lost)
//! leaves nothing, and adopting a channel whose immutable input type differs is refused.
//!
//! These tests need `WORKFLOW_EMULATOR_URL`; without it they fail, they never skip.

use std::collections::BTreeMap;

use ::origin_failover::Site;
use ::resilient_live::State;
use ::resilient_live::apply::Outcome;
use ::resilient_live::aws::AwsCloud;
use ::resilient_live::cloud::cloudfront::CloudFront as _;
use ::resilient_live::cloud::mediaconnect::MediaConnect as _;
use ::resilient_live::cloud::medialive::MediaLive;
use ::resilient_live::cloud::mediapackage::MediaPackage;
use ::resilient_live::cloud::{HasCloudFront, HasMediaConnect, HasMediaLive, HasMediaPackage};
use ::resilient_live::dag::Step;
use ::resilient_live::origin::Origin;
use ::resilient_live::resource::Kind;
use ::resilient_live::teardown::Change;

use crate::package_config;
use crate::workflow::emulator::Emulated;

/// The MediaPackage event's resources, found by list calls.
#[derive(Debug, PartialEq, Eq, Default)]
pub(crate) struct Census {
    /// Per Region: channel groups, channels, endpoints, channel policies and endpoint policies.
    packages: BTreeMap<String, [usize; 5]>,
    /// Per Region: flows, live inputs, live MediaLive channels.
    media: BTreeMap<String, [usize; 3]>,
    access_controls: usize,
    distributions: usize,
}

pub(crate) async fn census(cloud: &AwsCloud, regions: [&str; 2]) -> Census {
    let mut census = Census {
        access_controls: cloud
            .cloudfront()
            .list_origin_access_controls()
            .await
            .unwrap()
            .len(),
        distributions: cloud.cloudfront().list_distributions().await.unwrap().len(),
        ..Census::default()
    };
    for region in regions {
        let mediapackage = cloud.mediapackage(region);
        let mut counts = [0; 5];
        for group in mediapackage.list_channel_groups().await.unwrap() {
            counts[0] += 1;
            for channel in MediaPackage::list_channels(&mediapackage, &group.name)
                .await
                .unwrap()
            {
                counts[1] += 1;
                if mediapackage
                    .channel_policy(&group.name, &channel.name)
                    .await
                    .unwrap()
                    .is_some()
                {
                    counts[3] += 1;
                }
                for endpoint in mediapackage
                    .list_origin_endpoints(&group.name, &channel.name)
                    .await
                    .unwrap()
                {
                    counts[2] += 1;
                    if mediapackage
                        .origin_endpoint_policy(&endpoint.names)
                        .await
                        .unwrap()
                        .is_some()
                    {
                        counts[4] += 1;
                    }
                }
            }
        }
        census.packages.insert(region.to_owned(), counts);
        let flows = cloud.mediaconnect(region).list_flows().await.unwrap().len();
        let inputs = cloud
            .medialive(region)
            .list_inputs()
            .await
            .unwrap()
            .into_iter()
            .filter(|input| input.is_live())
            .count();
        let channels = MediaLive::list_channels(&cloud.medialive(region))
            .await
            .unwrap()
            .into_iter()
            .filter(|channel| channel.is_live())
            .count();
        census.media.insert(region.to_owned(), [flows, inputs, channels]);
    }
    census
}

/// What a complete apply leaves: per Region 1 channel group, 1 channel, 1 endpoint, 2 policies,
/// 2 flows, 1 input and 1 MediaLive channel; 1 origin access control and 1 distribution.
pub(crate) fn deployed(regions: [&str; 2]) -> Census {
    Census {
        packages: regions.map(|region| (region.to_owned(), [1, 1, 1, 1, 1])).into(),
        media: regions.map(|region| (region.to_owned(), [2, 1, 1])).into(),
        access_controls: 1,
        distributions: 1,
    }
}

pub(crate) fn empty(regions: [&str; 2]) -> Census {
    Census {
        packages: regions.map(|region| (region.to_owned(), [0; 5])).into(),
        media: regions.map(|region| (region.to_owned(), [0; 3])).into(),
        access_controls: 0,
        distributions: 0,
    }
}

/// The bundled MediaPackage event on the emulator, which holds none of its resources yet.
async fn fresh_event() -> Emulated {
    let event = Emulated::new(package_config()).await;
    let regions = event.regions();
    assert_eq!(
        census(&event.cloud, regions).await,
        empty(regions),
        "the emulator is not fresh"
    );
    event
}

#[tokio::test]
async fn mediapackage_apply_creates_each_resource_once_and_teardown_removes_them_all() {
    let event = fresh_event().await;
    let (plan, cloud, state_path) = (&event.plan, &event.cloud, &event.state_path);
    let regions = event.regions();

    let report = event.apply().await.unwrap();
    let printed = report.to_string();
    // Per Region a group, a channel, an endpoint, 2 flows, an input and a channel; then the access
    // control and the distribution. The 4 policies are put.
    assert_eq!(report.count(Outcome::Created), 2 * 7 + 2, "{printed}");
    assert_eq!(report.count(Outcome::Updated), 4, "{printed}");
    assert_eq!(
        report.actions.len(),
        Step::all(Origin::MediaPackageV2).len(),
        "{printed}"
    );
    assert_eq!(census(cloud, regions).await, deployed(regions));

    // What the state records is what AWS holds, and the endpoint policy names the distribution.
    let state = State::load(state_path).unwrap().unwrap();
    let distribution_arn = state.distribution.as_ref().unwrap().arn.clone();
    let names = plan.mediapackage().unwrap().names().clone();
    for site in Site::BOTH {
        let recorded = &state.regions[&site];
        let mediapackage = cloud.mediapackage(&recorded.region);
        let group = mediapackage.channel_group(&names.group).await.unwrap().unwrap();
        assert_eq!(
            Some(&recorded.channel_group.as_ref().unwrap().egress_domain),
            group.egress_domain.as_ref()
        );
        let policy = mediapackage
            .origin_endpoint_policy(&names)
            .await
            .unwrap()
            .unwrap();
        assert!(policy.contains(&distribution_arn), "{policy}");
    }

    // A re-run creates and changes nothing.
    let again = event.apply().await.unwrap();
    assert_eq!(again.count(Outcome::Created), 0, "{again}");
    assert_eq!(again.count(Outcome::Updated), 0, "{again}");
    assert_eq!(census(cloud, regions).await, deployed(regions));

    // `status` describes every recorded resource.
    let status = ::resilient_live::status(cloud, state_path).await.unwrap();
    let kinds = |kind: Kind| {
        status
            .resources
            .iter()
            .filter(|row| row.resource.kind == kind)
            .count()
    };
    assert_eq!(
        [
            Kind::ChannelGroup,
            Kind::PackageChannel,
            Kind::OriginEndpoint,
            Kind::OriginAccessControl
        ]
        .map(kinds),
        [2, 2, 2, 1]
    );
    assert!(status.resources.iter().all(|row| row.state.is_some()), "{status}");

    let report = ::resilient_live::teardown(cloud, state_path).await.unwrap();
    let deleted = |kind: Kind| {
        report
            .removed
            .iter()
            .filter(|r| r.kind == kind && r.change == Change::Deleted && r.existed)
            .count()
    };
    assert_eq!(
        [
            Kind::OriginEndpoint,
            Kind::PackageChannel,
            Kind::ChannelGroup,
            Kind::OriginAccessControl
        ]
        .map(deleted),
        [2, 2, 2, 1],
        "{report}"
    );
    assert_eq!(census(cloud, regions).await, empty(regions));
    assert!(!state_path.exists(), "a complete teardown removes the state file");
}

#[tokio::test]
async fn mediapackage_teardown_discover_removes_everything_after_the_state_file_is_lost() {
    let event = fresh_event().await;
    let (plan, cloud, state_path) = (&event.plan, &event.cloud, &event.state_path);
    let regions = event.regions();

    event.apply().await.unwrap();
    std::fs::remove_file(state_path).unwrap();
    let found = ::resilient_live::discover::discover(cloud, plan).await.unwrap();
    for site in Site::BOTH {
        let entry = &found.state.regions[&site];
        assert!(
            entry.channel_group.is_some()
                && entry.package_channel.is_some()
                && entry.origin_endpoint.is_some(),
            "{found:?}"
        );
    }
    assert!(found.state.origin_access_control.is_some(), "{found:?}");

    ::resilient_live::teardown::teardown_discovered(cloud, plan, state_path)
        .await
        .unwrap();
    assert_eq!(census(cloud, regions).await, empty(regions));
    assert!(
        ::resilient_live::discover::discover(cloud, plan)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn adopting_a_channel_with_another_input_type_is_refused_with_how_to_recover() {
    let event = fresh_event().await;
    let (plan, cloud, state_path) = (&event.plan, &event.cloud, &event.state_path);
    let regions = event.regions();
    let origin = plan.mediapackage().unwrap();

    // Someone created the primary Region's channel by hand, with the API's default input (HLS).
    let documents = origin.documents(Site::Primary);
    let mediapackage = cloud.mediapackage(regions[0]);
    mediapackage
        .create_channel_group(&documents.channel_group)
        .await
        .unwrap();
    let hls = mediapackage_origin::Channel {
        input_type: None,
        output_locking_mode: None,
        input_switch_configuration: None,
        output_header_configuration: None,
        ..documents.channel.clone()
    };
    MediaPackage::create_channel(&mediapackage, &hls).await.unwrap();

    let error = event.apply().await.unwrap_err();
    let message = crate::with_causes(&error);
    assert!(
        message.contains("primary.mediapackage.channel.create cannot proceed")
            && message.contains("exists with InputType HLS, and the plan needs CMAF")
            && message.contains("InputType cannot change after creation")
            && message.contains("origin.channel"),
        "{message}"
    );
    // The refused channel was neither adopted nor recorded. Removed by hand (as the message says),
    // the next apply goes through; teardown then removes everything.
    let state = State::load(state_path).unwrap().unwrap();
    assert!(
        state.regions[&Site::Primary].package_channel.is_none(),
        "{state:?}"
    );
    let names = origin.names();
    assert!(
        MediaPackage::delete_channel(&mediapackage, &names.group, &names.channel)
            .await
            .unwrap()
    );
    event.apply().await.unwrap();
    assert_eq!(census(cloud, regions).await, deployed(regions));
    ::resilient_live::teardown(cloud, state_path).await.unwrap();
    assert_eq!(census(cloud, regions).await, empty(regions));
}
