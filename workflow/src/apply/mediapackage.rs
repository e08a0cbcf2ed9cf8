//! The MediaPackage v2 origin's steps: the channel group, the channel and its policy, the origin
//! endpoint and its policy.
//!
//! MediaPackage's calls are synchronous: a resource exists, with its final settings, when its
//! create call returns. Adopting a resource by name compares the settings AWS does not let change
//! (a channel's `InputType`, an endpoint's `ContainerType`) with the plan's, and refuses a
//! resource that differs, saying how to recover, rather than deploying a channel that cannot fail
//! over.

use mediapackage_origin::{DistributionArn, InputType};
use origin_failover::Site;

use super::{Action, Context, Error, Outcome, converge_policy};
use crate::cloud::Cloud;
use crate::cloud::mediapackage::{Channel, MediaPackage as _, OriginEndpoint};
use crate::dag::Step;
use crate::origin::MediaPackageStep;
use crate::plan::{self, MediaPackagePlan};
use crate::state::{ChannelGroupState, PackageResourceState};

/// Runs one step of a Region's MediaPackage v2 origin.
pub(super) async fn run<C: Cloud>(
    context: &Context<C>,
    step: Step,
    site: Site,
    origin_step: MediaPackageStep,
) -> Result<Action, Error> {
    let origin = context.plan.mediapackage().ok_or_else(|| Error::Conflict {
        step,
        message: format!(
            "the plan's origin is {}, not MediaPackage v2",
            context.plan.origin()
        ),
    })?;
    match origin_step {
        MediaPackageStep::CreateChannelGroup => create_channel_group(context, origin, step, site).await,
        MediaPackageStep::CreateChannel => create_channel(context, origin, step, site).await,
        MediaPackageStep::PutChannelPolicy => put_channel_policy(context, origin, step, site).await,
        MediaPackageStep::CreateOriginEndpoint => create_origin_endpoint(context, origin, step, site).await,
        MediaPackageStep::PutEndpointPolicy => put_endpoint_policy(context, origin, step, site).await,
    }
}

/// The resource that exists under the plan's name, unless `conflict` says why it cannot be
/// adopted, or else the one `create` makes.
async fn adopt_or_create<T, F>(
    step: Step,
    existing: Option<T>,
    conflict: impl FnOnce(&T) -> Option<String>,
    create: impl FnOnce() -> F,
) -> Result<(T, Outcome), Error>
where
    F: Future<Output = crate::cloud::Result<T>>,
{
    match existing {
        Some(existing) => match conflict(&existing) {
            Some(message) => Err(Error::Conflict { step, message }),
            None => Ok((existing, Outcome::Adopted)),
        },
        None => Ok((create().await.map_err(Error::at(step))?, Outcome::Created)),
    }
}

/// Creates the channel group, or adopts the one of that name, and records its egress domain.
async fn create_channel_group<C: Cloud>(
    context: &Context<C>,
    origin: &MediaPackagePlan,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let mediapackage = context.cloud.mediapackage(&region);
    let name = &origin.names().group;
    let documents = origin.documents(site);
    let existing = mediapackage.channel_group(name).await.map_err(Error::at(step))?;
    let (group, outcome) = adopt_or_create(
        step,
        existing,
        |_| None,
        || mediapackage.create_channel_group(&documents.channel_group),
    )
    .await?;
    let recorded = ChannelGroupState::of(group).ok_or_else(|| {
        Error::at(step)(crate::cloud::Error::Incomplete {
            operation: "mediapackagev2:GetChannelGroup",
            region: region.clone(),
            field: "EgressDomain",
        })
    })?;
    let egress = recorded.egress_domain.to_string();
    context
        .record(|state| state.region_mut(site, &region).channel_group = Some(recorded))
        .await?;
    Ok(Action::new(step, outcome, format!("{name} ({egress})")))
}

/// Creates the channel, or adopts the one of that name when its input type is the plan's.
async fn create_channel<C: Cloud>(
    context: &Context<C>,
    origin: &MediaPackagePlan,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let mediapackage = context.cloud.mediapackage(&region);
    let names = origin.names();
    let desired = origin.documents(site).channel;
    let existing = mediapackage
        .channel(&names.group, &names.channel)
        .await
        .map_err(Error::at(step))?;
    let conflict = |existing: &Channel| {
        // A channel created without `InputType` ingests HLS, as the API's default.
        let found = existing.input_type.clone().unwrap_or(InputType::Hls);
        let wanted = desired.effective_input_type();
        (found != wanted).then(|| {
            format!(
                "MediaPackage channel {}/{} in {region} exists with InputType {found}, and the plan needs \
                 {wanted}; InputType cannot change after creation: delete that channel (its endpoints \
                 first), or name another with origin.channel, then run apply again",
                names.group, names.channel
            )
        })
    };
    let (channel, outcome) =
        adopt_or_create(step, existing, conflict, || mediapackage.create_channel(&desired)).await?;
    let resource = format!("{}/{}", names.group, names.channel);
    context
        .record(|state| {
            state.region_mut(site, &region).package_channel = Some(PackageResourceState::from(channel));
        })
        .await?;
    Ok(Action::new(step, outcome, resource))
}

/// Puts the channel policy unless the channel holds it already.
async fn put_channel_policy<C: Cloud>(
    context: &Context<C>,
    origin: &MediaPackagePlan,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let mediapackage = context.cloud.mediapackage(&region);
    let names = origin.names();
    let desired = policy_text(
        step,
        "channel policy",
        origin.channel_policy(site).to_policy_string(),
    )?;
    let outcome = converge_policy(
        context,
        step,
        site,
        "channel-policy",
        &desired,
        mediapackage.channel_policy(&names.group, &names.channel),
        || mediapackage.put_channel_policy(&names.group, &names.channel, &desired),
    )
    .await?;
    Ok(Action::new(
        step,
        outcome,
        format!("{}/{} channel policy", names.group, names.channel),
    ))
}

/// Creates the origin endpoint, or adopts the one of that name when its container is the plan's.
async fn create_origin_endpoint<C: Cloud>(
    context: &Context<C>,
    origin: &MediaPackagePlan,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let mediapackage = context.cloud.mediapackage(&region);
    let names = origin.names();
    let desired = origin.documents(site).endpoint;
    let existing = mediapackage
        .origin_endpoint(names)
        .await
        .map_err(Error::at(step))?;
    let conflict = |existing: &OriginEndpoint| {
        (existing.container_type != desired.container_type).then(|| {
            format!(
                "MediaPackage origin endpoint {}/{}/{} in {region} exists with ContainerType {}, and the \
                 plan needs {}; ContainerType cannot change after creation: delete that endpoint, or name \
                 another with origin.endpoint, then run apply again",
                names.group, names.channel, names.endpoint, existing.container_type, desired.container_type
            )
        })
    };
    let (endpoint, outcome) = adopt_or_create(step, existing, conflict, || {
        mediapackage.create_origin_endpoint(&desired)
    })
    .await?;
    let resource = endpoint
        .hls_manifest_urls
        .first()
        .cloned()
        .unwrap_or_else(|| format!("{}/{}/{}", names.group, names.channel, names.endpoint));
    context
        .record(|state| {
            state.region_mut(site, &region).origin_endpoint = Some(PackageResourceState::from(endpoint));
        })
        .await?;
    Ok(Action::new(step, outcome, resource))
}

/// Puts the endpoint policy that lets the distribution read, unless the endpoint holds it already.
async fn put_endpoint_policy<C: Cloud>(
    context: &Context<C>,
    origin: &MediaPackagePlan,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let mediapackage = context.cloud.mediapackage(&region);
    let names = origin.names();
    let recorded = context
        .snapshot()
        .await
        .distribution
        .map(|distribution| distribution.arn)
        .ok_or_else(|| Error::Conflict {
            step,
            message: "the state file has no distribution".to_owned(),
        })?;
    let distribution = DistributionArn::new(&recorded).map_err(|source| Error::Plan {
        step,
        source: plan::Error::MediaPackage(source),
    })?;
    let desired = policy_text(
        step,
        "endpoint policy",
        origin.endpoint_policy(site, &distribution).to_policy_string(),
    )?;
    let outcome = converge_policy(
        context,
        step,
        site,
        "endpoint-policy",
        &desired,
        mediapackage.origin_endpoint_policy(names),
        || mediapackage.put_origin_endpoint_policy(names, &desired),
    )
    .await?;
    Ok(Action::new(
        step,
        outcome,
        format!(
            "{}/{}/{} endpoint policy",
            names.group, names.channel, names.endpoint
        ),
    ))
}

/// A policy's text, or the plan error that names it.
fn policy_text(
    step: Step,
    document: &str,
    text: Result<String, mediapackage_origin::policy::Error>,
) -> Result<String, Error> {
    text.map_err(|source| Error::Plan {
        step,
        source: plan::Error::PackagePolicy {
            path: document.to_owned(),
            source,
        },
    })
}
