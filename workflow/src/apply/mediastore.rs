//! The MediaStore origin's steps: the container, its documents and the static master playlist.

use hls_epoch::naming::{PLAYLIST_CONTENT_TYPE, STATIC_MASTER_PLAYLIST};
use origin_failover::Site;

use super::{Action, Context, Error, Outcome, container_endpoint, converge, converge_policy};
use crate::cloud::mediastore::{ContainerStatus, MediaStore as _};
use crate::cloud::mediastore_data::MediaStoreData as _;
use crate::cloud::{self, Cloud};
use crate::dag::Step;
use crate::origin::MediaStoreStep;
use crate::plan::{self, MediaStorePlan};
use crate::state::ContainerState;
use mediastore_policy::UserAgentSecret;

/// Runs one step of a Region's MediaStore container.
pub(super) async fn run<C: Cloud>(
    context: &Context<C>,
    step: Step,
    site: Site,
    origin_step: MediaStoreStep,
) -> Result<Action, Error> {
    let origin = origin(context, step)?;
    match origin_step {
        MediaStoreStep::CreateContainer => create_container(context, origin, step, site).await,
        MediaStoreStep::WaitContainerActive => wait_container_active(context, origin, step, site).await,
        MediaStoreStep::PutContainerPolicy => put_container_policy(context, origin, step, site).await,
        MediaStoreStep::PutLifecyclePolicy => put_lifecycle_policy(context, origin, step, site).await,
        MediaStoreStep::PutCorsPolicy => put_cors_policy(context, origin, step, site).await,
        MediaStoreStep::PutStaticManifest => put_static_manifest(context, origin, step, site).await,
    }
}

/// The plan's MediaStore part: a MediaStore step runs only in a plan of that origin.
fn origin<C: Cloud>(context: &Context<C>, step: Step) -> Result<&MediaStorePlan, Error> {
    context.plan.mediastore().ok_or_else(|| Error::Conflict {
        step,
        message: format!("the plan's origin is {}, not MediaStore", context.plan.origin()),
    })
}

/// The `User-Agent` secret the container policy requires (checked before the first step).
fn secret<C: Cloud>(context: &Context<C>, step: Step) -> Result<&UserAgentSecret, Error> {
    context.secret.as_ref().ok_or_else(|| Error::Conflict {
        step,
        message: "the MediaStore origin needs the User-Agent secret".to_owned(),
    })
}

/// Creates the Region's container, or adopts the one of that name (refusing one being deleted).
async fn create_container<C: Cloud>(
    context: &Context<C>,
    origin: &MediaStorePlan,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let mediastore = context.cloud.mediastore(&region);
    let name = origin.settings().container(site).to_string();
    let (container, outcome) = match mediastore
        .describe_container(&name)
        .await
        .map_err(Error::at(step))?
    {
        Some(existing) if existing.status == ContainerStatus::Deleting => {
            return Err(Error::Conflict {
                step,
                message: format!(
                    "container {name} in {region} is being deleted; run apply again once it is gone"
                ),
            });
        }
        Some(existing) => (existing, Outcome::Adopted),
        None => (
            mediastore
                .create_container(&name, context.plan.names().tags())
                .await
                .map_err(Error::at(step))?,
            Outcome::Created,
        ),
    };
    context
        .record(|state| {
            let entry = state.region_mut(site, &region);
            let endpoint = entry.container.as_ref().and_then(|c| c.endpoint.clone());
            let mut recorded = ContainerState::from(container.clone());
            recorded.endpoint = recorded.endpoint.or(endpoint);
            entry.container = Some(recorded);
        })
        .await?;
    Ok(Action::new(step, outcome, name))
}

/// Polls the container until it is `ACTIVE` with a data endpoint ([`super::Polling`]: MediaStore has
/// no SDK waiter).
async fn wait_container_active<C: Cloud>(
    context: &Context<C>,
    origin: &MediaStorePlan,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let mediastore = context.cloud.mediastore(&region);
    let name = origin.settings().container(site).to_string();
    let (container, endpoint) = context
        .waiting(
            step,
            &format!("container {name} in {region} to become ACTIVE"),
            async {
                let started = tokio::time::Instant::now();
                let mut delay = context.polling.initial;
                loop {
                    match mediastore
                        .describe_container(&name)
                        .await
                        .map_err(Error::at(step))?
                    {
                        Some(container) if container.status == ContainerStatus::Active => {
                            if let Some(endpoint) = container.endpoint.clone() {
                                return Ok((container, endpoint));
                            }
                        }
                        Some(_) => {}
                        None => {
                            return Err(Error::Conflict {
                                step,
                                message: format!(
                                    "container {name} in {region} disappeared while waiting for it"
                                ),
                            });
                        }
                    }
                    if started.elapsed() + delay > context.polling.max_wait {
                        return Err(Error::at(step)(cloud::Error::Wait {
                            what: format!("container {name}"),
                            region: region.clone(),
                            target: "ACTIVE",
                            message: format!("still not active after {:?}", started.elapsed()),
                        }));
                    }
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(context.polling.max_delay);
                }
            },
        )
        .await?;
    context
        .record(|state| {
            state.region_mut(site, &region).container = Some(container.into());
        })
        .await?;
    Ok(Action::new(step, Outcome::Ready, endpoint.to_string()))
}

/// A container document as text, or the plan error that names it (`policy`, `lifecycle`).
fn rendered<E>(
    step: Step,
    site: Site,
    document: &'static str,
    text: Result<String, E>,
) -> Result<String, Error>
where
    E: std::error::Error + Send + Sync + 'static,
{
    text.map_err(|error| Error::Plan {
        step,
        source: plan::Error::ContainerDocument {
            site,
            document,
            source: Box::new(error),
        },
    })
}

/// Puts the container policy unless the container holds it already.
async fn put_container_policy<C: Cloud>(
    context: &Context<C>,
    origin: &MediaStorePlan,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let mediastore = context.cloud.mediastore(&region);
    let name = origin.settings().container(site).to_string();
    let desired = rendered(
        step,
        site,
        "policy",
        origin
            .container_policy(site, secret(context, step)?)
            .to_policy_string(),
    )?;
    let outcome = converge_policy(
        context,
        step,
        site,
        "policy",
        &desired,
        mediastore.container_policy(&name),
        || mediastore.put_container_policy(&name, &desired),
    )
    .await?;
    Ok(Action::new(step, outcome, format!("{name} container policy")))
}

/// Puts the lifecycle policy unless the container holds it already.
async fn put_lifecycle_policy<C: Cloud>(
    context: &Context<C>,
    origin: &MediaStorePlan,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let mediastore = context.cloud.mediastore(&region);
    let name = origin.settings().container(site).to_string();
    let desired = rendered(step, site, "lifecycle", origin.lifecycle(site).to_policy_string())?;
    let outcome = converge_policy(
        context,
        step,
        site,
        "lifecycle",
        &desired,
        mediastore.lifecycle_policy(&name),
        || mediastore.put_lifecycle_policy(&name, &desired),
    )
    .await?;
    Ok(Action::new(step, outcome, format!("{name} lifecycle policy")))
}

/// Puts the CORS policy unless the container holds it already.
async fn put_cors_policy<C: Cloud>(
    context: &Context<C>,
    origin: &MediaStorePlan,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let mediastore = context.cloud.mediastore(&region);
    let name = origin.settings().container(site).to_string();
    let current = mediastore.cors_policy(&name).await.map_err(Error::at(step))?;
    let recorded = origin.cors().to_policy_string();
    let unchanged = current.as_ref() == Some(origin.cors());
    let outcome = converge(
        context,
        step,
        site,
        "cors",
        recorded.as_bytes(),
        unchanged,
        || mediastore.put_cors_policy(&name, origin.cors()),
    )
    .await?;
    Ok(Action::new(step, outcome, format!("{name} CORS policy")))
}

/// Puts the static master playlist unless the container holds it already.
async fn put_static_manifest<C: Cloud>(
    context: &Context<C>,
    origin: &MediaStorePlan,
    step: Step,
    site: Site,
) -> Result<Action, Error> {
    let region = context.region(site);
    let endpoint = container_endpoint(context, site, step).await?;
    let data = context.cloud.mediastore_data(&region, &endpoint);
    let key = origin.static_manifest_key().to_owned();
    let desired = origin.static_manifest().as_bytes();
    let current = data.get_object(&key).await.map_err(Error::at(step))?;
    let unchanged = current.as_deref() == Some(desired);
    let outcome = converge(
        context,
        step,
        site,
        STATIC_MASTER_PLAYLIST,
        desired,
        unchanged,
        || data.put_object(&key, desired.to_vec(), PLAYLIST_CONTENT_TYPE),
    )
    .await?;
    Ok(Action::new(step, outcome, key))
}
