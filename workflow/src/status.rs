//! Status: every resource the state file records, described live.
//!
//! [`status()`] asks AWS about each container, flow, input and channel of both Regions and about
//! the distribution, all at once, and returns one [`Resource`] row each: its kind, Region, name,
//! identifier and the state AWS reports now. [`Status`] prints as a table and serializes to JSON.

use std::path::Path;

use serde::Serialize;

use crate::cloud::{self, Cloud};
use crate::state::{self, State};
use origin_failover::Site;

/// Why the status could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A cloud call failed.
    #[error("status of {resource} failed: {source}")]
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

/// A kind of resource the workflow deploys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A MediaStore container.
    Container,
    /// A MediaConnect flow.
    Flow,
    /// A MediaLive input.
    Input,
    /// A MediaLive channel.
    Channel,
    /// The CloudFront distribution.
    Distribution,
}

impl Kind {
    /// The lowercase name, as in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Container => "container",
            Kind::Flow => "flow",
            Kind::Input => "input",
            Kind::Channel => "channel",
            Kind::Distribution => "distribution",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One resource, as AWS describes it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resource {
    /// What it is.
    pub kind: Kind,
    /// Its Region, or `global` for the distribution.
    pub region: String,
    /// Its name (the distribution's is its domain name).
    pub name: String,
    /// How AWS identifies it: the ARN of a container or flow, the id of an input, channel or
    /// distribution.
    pub id: String,
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
    pub resources: Vec<Resource>,
}

impl Status {
    /// The row of a resource, by kind and name.
    pub fn get(&self, kind: Kind, name: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.kind == kind && r.name == name)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const HEADER: [&str; 5] = ["KIND", "REGION", "NAME", "STATE", "ID"];
        let rows: Vec<[&str; 5]> = self
            .resources
            .iter()
            .map(|r| {
                [
                    r.kind.as_str(),
                    r.region.as_str(),
                    r.name.as_str(),
                    r.state.as_deref().unwrap_or("(missing)"),
                    r.id.as_str(),
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
    let (primary, backup, distribution) = tokio::try_join!(
        describe_site(cloud, &state, Site::Primary),
        describe_site(cloud, &state, Site::Backup),
        describe_distribution(cloud, &state)
    )?;
    let mut resources = primary;
    resources.extend(backup);
    resources.extend(distribution);
    Ok(Status {
        event: state.event.clone(),
        resources,
    })
}

fn cloud_error(kind: Kind, name: &str) -> impl FnOnce(cloud::Error) -> Error + '_ {
    move |source| Error::Cloud {
        resource: format!("{kind} {name}"),
        source,
    }
}

async fn describe_site<C: Cloud>(cloud: &C, state: &State, site: Site) -> Result<Vec<Resource>, Error> {
    let Some(recorded) = state.regions.get(&site) else {
        return Ok(Vec::new());
    };
    let region = recorded.region.as_str();
    let row = |kind, name: &str, id: &str, state: Option<String>| Resource {
        kind,
        region: region.to_owned(),
        name: name.to_owned(),
        id: id.to_owned(),
        state,
    };
    let mut rows = Vec::new();
    if let Some(container) = &recorded.container {
        let live = cloud
            .describe_container(region, &container.name)
            .await
            .map_err(cloud_error(Kind::Container, &container.name))?;
        rows.push(row(
            Kind::Container,
            &container.name,
            &container.arn,
            live.map(|c| c.status),
        ));
    }
    for flow in recorded.flows.values() {
        let live = cloud
            .describe_flow(region, &flow.arn)
            .await
            .map_err(cloud_error(Kind::Flow, &flow.name))?;
        rows.push(row(Kind::Flow, &flow.name, &flow.arn, live.map(|f| f.status)));
    }
    if let Some(input) = &recorded.input {
        let inputs = cloud
            .list_inputs(region)
            .await
            .map_err(cloud_error(Kind::Input, &input.name))?;
        let live = inputs.into_iter().find(|i| i.id == input.id);
        rows.push(row(Kind::Input, &input.name, &input.id, live.map(|i| i.state)));
    }
    if let Some(channel) = &recorded.channel {
        let live = cloud
            .describe_channel(region, &channel.id)
            .await
            .map_err(cloud_error(Kind::Channel, &channel.name))?;
        rows.push(row(
            Kind::Channel,
            &channel.name,
            &channel.id,
            live.map(|(c, _)| c.state),
        ));
    }
    Ok(rows)
}

async fn describe_distribution<C: Cloud>(cloud: &C, state: &State) -> Result<Option<Resource>, Error> {
    let Some(recorded) = &state.distribution else {
        return Ok(None);
    };
    let live = cloud
        .list_distributions()
        .await
        .map_err(cloud_error(Kind::Distribution, &recorded.id))?
        .into_iter()
        .find(|d| d.id == recorded.id);
    Ok(Some(Resource {
        kind: Kind::Distribution,
        region: "global".to_owned(),
        name: recorded.domain_name.clone(),
        id: recorded.id.clone(),
        state: live.map(|d| {
            if d.enabled {
                d.status
            } else {
                format!("{} (disabled)", d.status)
            }
        }),
    }))
}
