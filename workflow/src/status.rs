//! Status: every resource the state file records, described live.
//!
//! [`status()`] asks AWS about each container, flow, input and channel of both Regions and about
//! the distribution, all at once, and returns one [`Row`] each: the [`Resource`] (kind, Region,
//! name, identifier) and the state AWS reports now. [`Status`] prints as a table and serializes to JSON.

use std::path::Path;

use serde::Serialize;

use crate::cloud::cloudfront::CloudFront as _;
use crate::cloud::mediaconnect::MediaConnect as _;
use crate::cloud::medialive::MediaLive as _;
use crate::cloud::mediapackage::{self, ArnNames, MediaPackage as _};
use crate::cloud::mediastore::MediaStore as _;
use crate::cloud::{self, Cloud};
use crate::resource::{self, Kind, Resource};
use crate::state::{self, State};
use origin_failover::Site;

/// Why the status could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A cloud call failed.
    #[error("status of {resource} failed")]
    Cloud {
        /// The resource described.
        resource: String,
        /// The cloud's error.
        #[source]
        source: cloud::Error,
    },
    /// The state file could not be read.
    #[error(transparent)]
    State(#[from] state::Error),
}

/// One resource, with the state AWS reports for it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The resource, as the state file records it.
    #[serde(flatten)]
    pub resource: Resource,
    /// The state AWS reports (`ACTIVE`, `STANDBY`, `RUNNING`, `IDLE`, `Deployed`, ...); `None`
    /// when the resource no longer exists.
    pub state: Option<String>,
}

/// Every resource of the state file, described live, in a fixed order: per Region (primary
/// first) container, flows, input, channel; then the distribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The event's name.
    pub event: String,
    /// The rows.
    pub resources: Vec<Row>,
}

impl Status {
    /// The rows of the recorded resources that no longer exist.
    pub fn missing(&self) -> impl Iterator<Item = &Row> {
        self.resources.iter().filter(|row| row.state.is_none())
    }

    /// The row of a resource, by kind and name.
    pub fn get(&self, kind: Kind, name: &str) -> Option<&Row> {
        self.resources
            .iter()
            .find(|row| row.resource.kind == kind && row.resource.name == name)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const HEADER: [&str; 5] = ["KIND", "REGION", "NAME", "STATE", "ID"];
        let rows: Vec<[&str; 5]> = self
            .resources
            .iter()
            .map(|row| {
                [
                    row.resource.kind.as_str(),
                    row.resource.region.as_str(),
                    row.resource.name.as_str(),
                    row.state.as_deref().unwrap_or("(missing)"),
                    row.resource.id.as_str(),
                ]
            })
            .collect();
        let mut widths = HEADER.map(str::len);
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.len());
            }
        }
        writeln!(f, "event {}", self.event)?;
        for row in std::iter::once(&HEADER).chain(&rows) {
            let line = row
                .iter()
                .zip(widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect::<Vec<_>>()
                .join("  ");
            writeln!(f, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// Describes every resource the state file at `state_path` records.
pub async fn status<C: Cloud>(cloud: &C, state_path: &Path) -> Result<Status, Error> {
    let state = State::load_deployed(state_path)?;
    let resources = state.resources();
    // Each Region and the distribution at once, each in the state file's order.
    let in_region = |site: Site| -> Vec<Resource> {
        let region = state.regions.get(&site).map(|entry| entry.region.as_str());
        resources
            .iter()
            .filter(|r| r.region != resource::GLOBAL && Some(r.region.as_str()) == region)
            .cloned()
            .collect()
    };
    let (first, second) = (in_region(Site::Primary), in_region(Site::Backup));
    let global = resources
        .iter()
        .filter(|r| r.region == resource::GLOBAL)
        .cloned()
        .collect();
    let (first, second, global) = tokio::try_join!(
        describe_all(cloud, first),
        describe_all(cloud, second),
        describe_all(cloud, global)
    )?;
    Ok(Status {
        event: state.event.clone(),
        resources: first.into_iter().chain(second).chain(global).collect(),
    })
}

async fn describe_all<C: Cloud>(cloud: &C, resources: Vec<Resource>) -> Result<Vec<Row>, Error> {
    let mut rows = Vec::with_capacity(resources.len());
    for resource in resources {
        let state = describe(cloud, &resource).await.map_err(|source| Error::Cloud {
            resource: format!("{} {}", resource.kind, resource.name),
            source,
        })?;
        rows.push(Row { resource, state });
    }
    Ok(rows)
}

/// The state AWS reports for one resource; `None` when it no longer exists.
async fn describe<C: Cloud>(cloud: &C, resource: &Resource) -> cloud::Result<Option<String>> {
    let region = resource.region.as_str();
    Ok(match resource.kind {
        Kind::Container => cloud
            .mediastore(region)
            .describe_container(&resource.name)
            .await?
            .map(|c| c.status.into()),
        Kind::ChannelGroup => cloud
            .mediapackage(region)
            .channel_group(&package_path(resource)?.group)
            .await?
            .map(|_| "present".to_owned()),
        Kind::PackageChannel => {
            let path = package_path(resource)?;
            let Some(channel) = &path.channel else {
                return Err(not_package_arn(resource));
            };
            cloud
                .mediapackage(region)
                .channel(&path.group, channel)
                .await?
                .map(|channel| match channel.input_type {
                    Some(input_type) => format!("present ({input_type} input)"),
                    None => "present".to_owned(),
                })
        }
        Kind::OriginEndpoint => cloud
            .mediapackage(region)
            .origin_endpoint(
                &package_path(resource)?
                    .origin_names()
                    .ok_or_else(|| not_package_arn(resource))?,
            )
            .await?
            .map(|endpoint| format!("present ({} segments)", endpoint.container_type)),
        Kind::Flow => cloud
            .mediaconnect(region)
            .describe_flow(&resource.id)
            .await?
            .map(|f| f.status.into()),
        Kind::Input => cloud
            .medialive(region)
            .list_inputs()
            .await?
            .into_iter()
            .find(|i| i.id == resource.id)
            .map(|i| i.state.into()),
        Kind::Channel => cloud
            .medialive(region)
            .describe_channel(&resource.id)
            .await?
            .map(|(c, _)| c.state.into()),
        Kind::Distribution => cloud
            .cloudfront()
            .list_distributions()
            .await?
            .into_iter()
            .find(|d| d.id == resource.id)
            .map(|d| {
                if d.enabled {
                    d.status.into()
                } else {
                    format!("{} (disabled)", d.status)
                }
            }),
        Kind::OriginAccessControl => cloud
            .cloudfront()
            .list_origin_access_controls()
            .await?
            .into_iter()
            .find(|control| control.id.as_str() == resource.id)
            .map(|_| "present".to_owned()),
    })
}

/// The names in a recorded MediaPackage resource's ARN (its `id`).
fn package_path(resource: &Resource) -> cloud::Result<ArnNames> {
    ArnNames::parse(&resource.id).ok_or_else(|| not_package_arn(resource))
}

fn not_package_arn(resource: &Resource) -> cloud::Error {
    mediapackage::not_an_arn("status", &resource.region, &resource.id)
}
