//! The CloudFront steps: the origin access control (a MediaPackage origin's) and the distribution
//! over both origins.

use mediapackage_origin::Egress;
use origin_failover::Site;
use origin_failover::access_control::OriginAccessControlId;

use super::{Action, Context, Error, Outcome, container_endpoint, find_distribution};
use crate::cloud::Cloud;
use crate::cloud::cloudfront::CloudFront as _;
use crate::dag::Step;
use crate::plan::{DistributionInputs, OriginPlan};
use crate::state::{DistributionState, OriginAccessControlState};

/// Creates the origin access control, or adopts the one of its name (names are unique in an
/// account).
pub(super) async fn create_origin_access_control<C: Cloud>(
    context: &Context<C>,
    step: Step,
) -> Result<Action, Error> {
    let Some(origin) = context.plan.mediapackage() else {
        return Err(Error::Conflict {
            step,
            message: format!(
                "the {} origin needs no origin access control",
                context.plan.origin()
            ),
        });
    };
    let config = origin.access_control();
    let cloudfront = context.cloud.cloudfront();
    let existing = cloudfront
        .list_origin_access_controls()
        .await
        .map_err(Error::at(step))?
        .into_iter()
        .find(|control| control.name == config.name);
    let (control, outcome) = match existing {
        Some(control) => (control, Outcome::Adopted),
        None => (
            cloudfront
                .create_origin_access_control(config)
                .await
                .map_err(Error::at(step))?,
            Outcome::Created,
        ),
    };
    context
        .record(|state| {
            state.origin_access_control = Some(OriginAccessControlState {
                id: control.id.as_str().to_owned(),
                name: control.name.clone(),
            });
        })
        .await?;
    Ok(Action::new(
        step,
        outcome,
        format!("{} ({})", control.name, control.id.as_str()),
    ))
}

/// Creates the distribution over both origins, or adopts the one with its caller reference.
pub(super) async fn create_distribution<C: Cloud>(context: &Context<C>, step: Step) -> Result<Action, Error> {
    let config = match context.plan.origin_plan() {
        OriginPlan::MediaStore(_) => {
            let primary = container_endpoint(context, Site::Primary, step).await?;
            let backup = container_endpoint(context, Site::Backup, step).await?;
            let secret = context.secret.as_ref().ok_or_else(|| Error::Conflict {
                step,
                message: "the MediaStore origin's distribution needs the User-Agent secret".to_owned(),
            })?;
            context.plan.distribution(DistributionInputs::MediaStore {
                secret,
                endpoints: [&primary, &backup],
            })
        }
        OriginPlan::MediaPackage(_) => {
            let (egress, access_control) = package_origins(context, step).await?;
            context.plan.distribution(DistributionInputs::MediaPackage {
                egress: &egress,
                access_control: &access_control,
            })
        }
    }
    .map_err(|source| Error::Plan { step, source })?;
    let caller_reference = context.plan.names().caller_reference();
    let (found, outcome) = match find_distribution(context, &caller_reference)
        .await
        .map_err(Error::at(step))?
    {
        Some(found) => (found, Outcome::Adopted),
        None => (
            context
                .cloud
                .cloudfront()
                .create_distribution(&config, context.plan.names().tags())
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

/// Both channel groups' egress domains and the origin access control's id, from the state file.
async fn package_origins<C: Cloud>(
    context: &Context<C>,
    step: Step,
) -> Result<(Egress, OriginAccessControlId), Error> {
    let state = context.snapshot().await;
    let egress = |site: Site| {
        state
            .regions
            .get(&site)
            .and_then(|region| region.channel_group.as_ref())
            .map(|group| group.egress_domain.clone())
            .ok_or_else(|| Error::Conflict {
                step,
                message: format!("the state file has no egress domain for the {site} channel group"),
            })
    };
    let egress = Egress {
        primary: egress(Site::Primary)?,
        backup: egress(Site::Backup)?,
    };
    let recorded = state
        .origin_access_control
        .as_ref()
        .ok_or_else(|| Error::Conflict {
            step,
            message: "the state file has no origin access control".to_owned(),
        })?;
    let id = OriginAccessControlId::new(&recorded.id).map_err(|source| Error::Conflict {
        step,
        message: format!("the state file's origin access control id is not valid: {source}"),
    })?;
    Ok((egress, id))
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
    context
        .waiting(
            step,
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
