//! Discover: find an event's resources in AWS by the names the plan gives them, for when the state
//! file is lost.
//!
//! Every resource has a deterministic name (containers, flows, input, channel) or caller
//! reference (the distribution), so the plan alone says what to look for. [`discover()`] returns
//! what it finds as a [`State`], the same record `apply` writes, so [`crate::teardown()`] can remove
//! it; [`crate::teardown::teardown_discovered`] does both. The lookups here are the ones `apply`
//! uses to adopt a resource instead of creating a second one.

use crate::cloud::cloudfront::{CloudFront as _, Distribution};
use crate::cloud::mediaconnect::{Flow, FlowStatus, MediaConnect as _};
use crate::cloud::medialive::{ChannelSummary, Input, Lifecycle, MediaLive as _, MediaLiveResource};
use crate::cloud::mediapackage::MediaPackage as _;
use crate::cloud::mediastore::{ContainerStatus, MediaStore as _};
use crate::cloud::{self, Cloud, HasCloudFront, HasMediaConnect, HasMediaLive};
use crate::plan::Plan;
use crate::resource::{self, Kind, Resource};
use crate::state::{
    ChannelGroupState, DistributionState, MediaLiveResourceState, OriginAccessControlState,
    PackageResourceState, State,
};
use medialive_template::Pipeline;
use mediapackage_origin::OriginNames;
use origin_failover::Site;

/// The flows named `name` in `region` that are not being deleted. MediaConnect does not keep flow
/// names unique, so there may be more than one.
pub(crate) async fn flows_named<C: HasMediaConnect>(
    cloud: &C,
    region: &str,
    name: &str,
) -> cloud::Result<Vec<Flow>> {
    Ok(cloud
        .mediaconnect(region)
        .list_flows()
        .await?
        .into_iter()
        .filter(|flow| flow.name == name && flow.status != FlowStatus::Deleting)
        .collect())
}

/// The live MediaLive resources named `name` among `listed` (MediaLive keeps listing deleted ones
/// for a while, and does not keep names unique).
fn live_named<S: Lifecycle>(listed: Vec<MediaLiveResource<S>>, name: &str) -> Vec<MediaLiveResource<S>> {
    listed
        .into_iter()
        .filter(|resource| resource.name == name && resource.is_live())
        .collect()
}

/// The live inputs named `name` in `region`.
pub(crate) async fn inputs_named<C: HasMediaLive>(
    cloud: &C,
    region: &str,
    name: &str,
) -> cloud::Result<Vec<Input>> {
    Ok(live_named(cloud.medialive(region).list_inputs().await?, name))
}

/// The live channels named `name` in `region`.
pub(crate) async fn channels_named<C: HasMediaLive>(
    cloud: &C,
    region: &str,
    name: &str,
) -> cloud::Result<Vec<ChannelSummary>> {
    Ok(live_named(cloud.medialive(region).list_channels().await?, name))
}

/// The distributions created with `caller_reference`, the one with id `preferred` first when it is
/// among them. CloudFront refuses a second distribution with the same caller reference, so there
/// is at most one unless something else created it.
pub(crate) async fn distributions_with<C: HasCloudFront>(
    cloud: &C,
    caller_reference: &str,
    preferred: Option<&str>,
) -> cloud::Result<Vec<Distribution>> {
    let mut listed = cloud.cloudfront().list_distributions().await?;
    // Asking for the preferred one first saves a GetDistributionConfig per distribution in the
    // account when the state file is right.
    listed.sort_by_key(|distribution| Some(distribution.id.as_str()) != preferred);
    let mut found = Vec::new();
    for distribution in listed {
        if let Some((config, _)) = cloud.cloudfront().distribution_config(&distribution.id).await?
            && config.caller_reference == caller_reference
        {
            found.push(distribution);
        }
    }
    Ok(found)
}

/// What [`discover()`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    /// The first resource found of each kind, recorded as `apply` would record it.
    pub state: State,
    /// Resources found beyond the first of their name (a create retried after its reply was
    /// lost can leave one). A second round of discovery finds them once the first ones are gone.
    pub extra: Vec<Resource>,
}

impl Discovery {
    /// True when nothing of the event was found.
    pub fn is_empty(&self) -> bool {
        self.state.is_empty() && self.extra.is_empty()
    }
}

/// Looks up, in both Regions and in CloudFront, every resource the plan names: the containers,
/// the flows, the inputs, the channels and the distribution (by its caller reference).
/// Resources being deleted are left out.
pub async fn discover<C: Cloud>(cloud: &C, plan: &Plan) -> cloud::Result<Discovery> {
    let mut state = State::new(plan.event(), plan.config_hash());
    let mut extra = Vec::new();
    for site in Site::BOTH {
        let names = plan.names();
        let region = plan.site(site).region.to_string();
        let container = match names.container(site) {
            Some(name) => cloud
                .mediastore(&region)
                .describe_container(name.as_str())
                .await?
                .filter(|container| container.status != ContainerStatus::Deleting),
            None => None,
        };
        let package = match names.package() {
            Some(package) => package_named(cloud, &region, package).await?,
            None => PackageFound::default(),
        };
        let mut flows = Vec::new();
        for pipeline in Pipeline::BOTH {
            flows.push((
                pipeline,
                flows_named(cloud, &region, &names.flow(site, pipeline)).await?,
            ));
        }
        let inputs = inputs_named(cloud, &region, &names.input(site)).await?;
        let channels = channels_named(cloud, &region, &names.channel(site)).await?;

        let found = |kind, name: String, id: String| Resource {
            kind,
            region: region.clone(),
            name,
            id,
        };
        let entry = state.region_mut(site, &region);
        entry.container = container.map(Into::into);
        entry.channel_group = package.group;
        entry.package_channel = package.channel;
        entry.origin_endpoint = package.endpoint;
        for (pipeline, flows) in flows {
            let mut flows = flows.into_iter();
            if let Some(flow) = flows.next() {
                entry.flows.insert(pipeline, flow.into());
            }
            extra.extend(flows.map(|flow| found(Kind::Flow, flow.name, flow.arn)));
        }
        let mut first = |kind, listed: Vec<MediaLiveResourceState>| {
            let mut listed = listed.into_iter();
            let first = listed.next();
            extra.extend(listed.map(|resource| found(kind, resource.name, resource.id)));
            first
        };
        entry.input = first(Kind::Input, inputs.into_iter().map(Into::into).collect());
        entry.channel = first(Kind::Channel, channels.into_iter().map(Into::into).collect());
    }
    let caller_reference = plan.names().caller_reference();
    let mut distributions = distributions_with(cloud, &caller_reference, None)
        .await?
        .into_iter();
    state.distribution = distributions
        .next()
        .map(|distribution| DistributionState::new(distribution, caller_reference.clone()));
    extra.extend(distributions.map(|distribution| Resource {
        kind: Kind::Distribution,
        region: resource::GLOBAL.to_owned(),
        name: distribution.domain_name,
        id: distribution.id,
    }));
    if plan.origin().signs_requests() {
        let name = plan.names().origin_access_control();
        state.origin_access_control = cloud
            .cloudfront()
            .list_origin_access_controls()
            .await?
            .into_iter()
            .find(|control| control.name == name)
            .map(|control| OriginAccessControlState {
                id: control.id.as_str().to_owned(),
                name: control.name,
            });
    }
    Ok(Discovery { state, extra })
}

/// A Region's MediaPackage v2 resources found by name.
#[derive(Default)]
struct PackageFound {
    group: Option<ChannelGroupState>,
    channel: Option<PackageResourceState>,
    endpoint: Option<PackageResourceState>,
}

/// The channel group, channel and endpoint of these names in `region`, each if it exists.
async fn package_named<C: Cloud>(
    cloud: &C,
    region: &str,
    names: &OriginNames,
) -> cloud::Result<PackageFound> {
    let mediapackage = cloud.mediapackage(region);
    let Some(group) = mediapackage.channel_group(&names.group).await? else {
        return Ok(PackageFound::default());
    };
    let group = ChannelGroupState::of(group).ok_or_else(|| cloud::Error::Incomplete {
        operation: "mediapackagev2:GetChannelGroup",
        region: region.to_owned(),
        field: "EgressDomain",
    })?;
    let channel = mediapackage.channel(&names.group, &names.channel).await?;
    let endpoint = match channel {
        Some(_) => mediapackage.origin_endpoint(names).await?,
        None => None,
    };
    Ok(PackageFound {
        group: Some(group),
        channel: channel.map(Into::into),
        endpoint: endpoint.map(Into::into),
    })
}
