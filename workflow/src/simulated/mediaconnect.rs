//! Simulated MediaConnect.

use medialive_template::contribution::CreateFlow;

use super::{
    Change, FLOW_POLL, Probe, SIMULATED_ACCOUNT, SimFlow, SimulatedCloud, Timeline, conflict, no_such,
};
use crate::cloud::mediaconnect::{Flow, FlowTarget, MediaConnect};
use crate::cloud::{InRegion, Result};

/// `StartFlow`: a flow in standby, or failed, starts.
const FLOW_START: Change = Change {
    from: &["STANDBY", "ERROR"],
    through: "STARTING",
    to: "ACTIVE",
};

/// `StopFlow`: a flow that runs, starts or failed stops.
const FLOW_STOP: Change = Change {
    from: &["ACTIVE", "STARTING", "ERROR"],
    through: "STOPPING",
    to: "STANDBY",
};

impl InRegion<'_, SimulatedCloud> {
    /// Runs `change` on the flow `arn` as the call `operation`.
    async fn change_flow(&self, operation: &'static str, arn: &str, change: &Change) -> Result<()> {
        let region = self.region;
        let after = self.cloud.profile.flow_transition;
        self.cloud
            .call(operation, region, true, |world, now| {
                let what = format!("flow {arn}");
                let flow = world
                    .flow_mut(region, arn)
                    .ok_or_else(|| no_such(operation, region, &what))?;
                flow.timeline
                    .begin(change, now, after, (operation, region, &what))
            })
            .await
    }
}

impl MediaConnect for InRegion<'_, SimulatedCloud> {
    async fn list_flows(&self) -> Result<Vec<Flow>> {
        let region = self.region;
        self.cloud
            .call("mediaconnect:ListFlows", region, false, |world, _| {
                Ok(world
                    .flows
                    .iter()
                    .filter(|f| f.region == region)
                    .map(SimFlow::reply)
                    .collect())
            })
            .await
    }

    async fn create_flow(&self, request: &CreateFlow) -> Result<Flow> {
        let region = self.region;
        self.cloud
            .call("mediaconnect:CreateFlow", region, true, |world, _| {
                // Names are not unique: every create makes a new flow.
                let id = world.next_id();
                let flow = SimFlow {
                    region: region.to_owned(),
                    request: request.clone(),
                    arn: format!(
                        "arn:aws:mediaconnect:{region}:{SIMULATED_ACCOUNT}:flow:1-sim{id:012x}:{}",
                        request.name
                    ),
                    timeline: Timeline::at("STANDBY"),
                };
                let reply = flow.reply();
                world.flows.push(flow);
                Ok(reply)
            })
            .await
    }

    async fn describe_flow(&self, arn: &str) -> Result<Option<Flow>> {
        let region = self.region;
        self.cloud
            .call("mediaconnect:DescribeFlow", region, false, |world, _| {
                Ok(world.flow_mut(region, arn).map(|f| f.reply()))
            })
            .await
    }

    async fn start_flow(&self, arn: &str) -> Result<()> {
        self.change_flow("mediaconnect:StartFlow", arn, &FLOW_START).await
    }

    async fn stop_flow(&self, arn: &str) -> Result<()> {
        self.change_flow("mediaconnect:StopFlow", arn, &FLOW_STOP).await
    }

    async fn delete_flow(&self, arn: &str) -> Result<bool> {
        let region = self.region;
        const OP: &str = "mediaconnect:DeleteFlow";
        let after = self.cloud.profile.flow_transition;
        self.cloud
            .call(OP, region, true, |world, now| {
                let Some(flow) = world.flow_mut(region, arn) else {
                    return Ok(false);
                };
                match flow.timeline.status {
                    "STANDBY" | "ERROR" => {
                        flow.timeline = Timeline::moving(now, "DELETING", after, None);
                        Ok(true)
                    }
                    "DELETING" => Ok(true),
                    other => Err(conflict(
                        OP,
                        region,
                        format!("flow {arn} is {other}: stop it before deleting it"),
                    )),
                }
            })
            .await
    }

    async fn wait_flow(&self, arn: &str, target: FlowTarget) -> Result<()> {
        let region = self.region;
        let (name, want) = match target {
            FlowTarget::Active => ("ACTIVE", Some("ACTIVE")),
            FlowTarget::Standby => ("STANDBY", Some("STANDBY")),
            FlowTarget::Deleted => ("deleted", None),
        };
        self.cloud
            .wait(
                "mediaconnect:DescribeFlow",
                region,
                format!("flow {arn}"),
                name,
                FLOW_POLL,
                |world| match (
                    world.flows.iter().find(|f| f.region == region && f.arn == arn),
                    want,
                ) {
                    (None, None) => Probe::Reached,
                    (None, Some(_)) => Probe::Failed("the flow does not exist".to_owned()),
                    (Some(flow), Some(want)) if flow.timeline.is(want) => Probe::Reached,
                    (Some(flow), _) if flow.timeline.is("ERROR") => {
                        Probe::Failed("the flow is in ERROR".to_owned())
                    }
                    (Some(flow), _) => Probe::Pending(flow.timeline.status, flow.timeline.due()),
                },
            )
            .await
    }
}
