//! The contribution and encoding steps: the MediaConnect flows, the MediaLive input and channel.

use medialive_template::Pipeline;
use origin_failover::Site;

use super::{Action, Context, Error, Outcome, container_endpoint};
use crate::cloud::Cloud;
use crate::cloud::mediaconnect::MediaConnect as _;
use crate::cloud::medialive::{ChannelState, ChannelTarget, MediaLive as _};
use crate::dag::Step;
use crate::discover;
use crate::plan::OriginPlan;

/// Creates the flow that feeds `pipeline`, or adopts the one of that name.
pub(super) async fn create_flow<C: Cloud>(
    context: &Context<C>,
    step: Step,
    site: Site,
    pipeline: Pipeline,
) -> Result<Action, Error> {
    let region = context.region(site);
    let request = &context.plan.site(site).flows[usize::from(pipeline.index())];
    let existing = discover::flows_named(&context.cloud, &region, &request.name)
        .await
        .map_err(Error::at(step))?;
    let (flow, outcome) = match existing.as_slice() {
        [] => (
            context
                .cloud
                .mediaconnect(&region)
                .create_flow(request)
                .await
                .map_err(Error::at(step))?,
            Outcome::Created,
        ),
        [flow] => (flow.clone(), Outcome::Adopted),
        many => {
            return Err(Error::Conflict {
                step,
                message: format!(
                    "{} flows named {} exist in {region}; delete the extra ones",
                    many.len(),
                    request.name
                ),
            });
        }
    };
    context
        .record(|state| {
            state
                .region_mut(site, &region)
                .flows
                .insert(pipeline, flow.clone().into());
        })
        .await?;
    Ok(Action::new(step, outcome, flow.name))
}

/// Creates the MediaLive input over both recorded flows, or adopts the one of that name.
pub(super) async fn create_input<C: Cloud>(
    context: &Context<C>,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let state = context.snapshot().await;
    let flows = state
        .regions
        .get(&site)
        .map(|r| r.flows.clone())
        .unwrap_or_default();
    let (Some(a), Some(b)) = (flows.get(&Pipeline::Primary), flows.get(&Pipeline::Backup)) else {
        return Err(Error::Conflict {
            step,
            message: "the state file has no ARNs for both flows".to_owned(),
        });
    };
    let request = context.plan.input_request(site, [&a.arn, &b.arn]);
    let existing = discover::inputs_named(&context.cloud, &region, &request.name)
        .await
        .map_err(Error::at(step))?
        .into_iter()
        .next();
    let (input, outcome) = match existing {
        Some(input) => (input, Outcome::Adopted),
        None => (
            context
                .cloud
                .medialive(&region)
                .create_input(&request)
                .await
                .map_err(Error::at(step))?,
            Outcome::Created,
        ),
    };
    context
        .record(|state| {
            state.region_mut(site, &region).input = Some(input.clone().into());
        })
        .await?;
    Ok(Action::new(step, outcome, input.name))
}

/// Creates the MediaLive channel, or adopts the one of that name, and waits until it is created.
pub(super) async fn create_channel<C: Cloud>(
    context: &Context<C>,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let name = context.plan.names().channel(site);
    let existing = discover::channels_named(&context.cloud, &region, &name)
        .await
        .map_err(Error::at(step))?
        .into_iter()
        .next();
    let (channel, outcome) = match existing {
        Some(channel) => (channel, Outcome::Adopted),
        None => {
            let state = context.snapshot().await;
            let input_id = state
                .regions
                .get(&site)
                .and_then(|r| r.input.as_ref())
                .map(|input| input.id.clone())
                .ok_or_else(|| Error::Conflict {
                    step,
                    message: "the state file has no input id".to_owned(),
                })?;
            let document = match context.plan.origin_plan() {
                OriginPlan::MediaStore(origin) => {
                    let endpoint = container_endpoint(context, site, step).await?;
                    origin.channel(site, &input_id, &endpoint)
                }
                OriginPlan::MediaPackage(origin) => origin.channel(site, &input_id),
            }
            .map_err(|source| Error::Plan { step, source })?;
            let created = context
                .cloud
                .medialive(&region)
                .create_channel(&document)
                .await
                .map_err(Error::at(step))?;
            (created, Outcome::Created)
        }
    };
    // A channel adopted from an interrupted run may still be creating: `start` needs it
    // idle, so wait for it as for a new one.
    if outcome == Outcome::Created || channel.state == ChannelState::Creating {
        context
            .waiting(
                step,
                &format!("channel {} in {region} to be created", channel.id),
                async {
                    context
                        .cloud
                        .medialive(&region)
                        .wait_channel(&channel.id, ChannelTarget::Created)
                        .await
                        .map_err(Error::at(step))
                },
            )
            .await?;
    }
    context
        .record(|state| {
            state.region_mut(site, &region).channel = Some(channel.clone().into());
        })
        .await?;
    Ok(Action::new(step, outcome, channel.name))
}
