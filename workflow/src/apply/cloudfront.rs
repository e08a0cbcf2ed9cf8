//! The CloudFront steps: the distribution over both origins.

use origin_failover::Site;

use super::{Action, Context, Error, Outcome, container_endpoint, find_distribution, with_progress};
use crate::cloud::Cloud;
use crate::cloud::cloudfront::CloudFront as _;
use crate::dag::Step;
use crate::state::DistributionState;

/// Creates the distribution over both containers, or adopts the one with its caller reference.
pub(super) async fn create_distribution<C: Cloud>(context: &Context<C>, step: Step) -> Result<Action, Error> {
    let primary = container_endpoint(context, Site::Primary, step).await?;
    let backup = container_endpoint(context, Site::Backup, step).await?;
    let distribution = context
        .plan
        .distribution(&context.secret, &primary, &backup)
        .map_err(|source| Error::Plan { step, source })?;
    let caller_reference = distribution.caller_reference().to_owned();
    let (found, outcome) = match find_distribution(context, &caller_reference)
        .await
        .map_err(Error::at(step))?
    {
        Some(found) => (found, Outcome::Adopted),
        None => (
            context
                .cloud
                .cloudfront()
                .create_distribution(&distribution.to_config(), context.plan.names().tags())
                .await
                .map_err(Error::at(step))?,
            Outcome::Created,
        ),
    };
    context
        .record(|state| {
            state.distribution = Some(DistributionState::new(found.clone(), caller_reference.clone()));
        })
        .await?;
    Ok(Action::new(
        step,
        outcome,
        format!("{} ({})", found.id, found.domain_name),
    ))
}

/// Waits until the distribution is deployed (about 20 minutes on AWS).
pub(super) async fn wait_distribution_deployed<C: Cloud>(
    context: &Context<C>,
    step: Step,
) -> Result<Action, Error> {
    let state = context.snapshot().await;
    let id = state
        .distribution
        .as_ref()
        .map(|d| d.id.clone())
        .ok_or_else(|| Error::Conflict {
            step,
            message: "the state file has no distribution".to_owned(),
        })?;
    with_progress(
        &format!("distribution {id} to deploy (about 20 minutes on AWS)"),
        async {
            context
                .cloud
                .cloudfront()
                .wait_distribution_deployed(&id)
                .await
                .map_err(Error::at(step))
        },
    )
    .await?;
    Ok(Action::new(step, Outcome::Ready, id))
}
