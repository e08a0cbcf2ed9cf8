//! MediaConnect on AWS.

use aws_sdk_mediaconnect::client::Waiters as _;
use aws_sdk_mediaconnect::operation::create_flow::CreateFlowInput;
use medialive_template::contribution::CreateFlow;

use super::{AwsCloud, MAX_WAIT, Reply, document_error, waited};
use crate::cloud::mediaconnect::{Flow, FlowStatus, FlowTarget, MediaConnect};
use crate::cloud::{InRegion, Result};

/// The fields a flow reply has, listed (`ListedFlow`) or described (`Flow`).
struct FlowFields<'f> {
    name: Option<&'f str>,
    arn: Option<&'f str>,
    availability_zone: Option<&'f str>,
    status: Option<&'f aws_sdk_mediaconnect::types::Status>,
}

/// The names of a flow's fields (name, ARN, Availability Zone, status) where it sits in a reply.
type FieldNames = [&'static str; 4];
const LISTED: FieldNames = [
    "Flows[].Name",
    "Flows[].FlowArn",
    "Flows[].AvailabilityZone",
    "Flows[].Status",
];
const DESCRIBED: FieldNames = [
    "Flow.Name",
    "Flow.FlowArn",
    "Flow.AvailabilityZone",
    "Flow.Status",
];

impl FlowFields<'_> {
    fn into_flow(self, reply: Reply<'_>, [name, arn, availability_zone, status]: FieldNames) -> Result<Flow> {
        Ok(Flow {
            name: reply.text(self.name, name)?,
            arn: reply.text(self.arn, arn)?,
            availability_zone: reply.text(self.availability_zone, availability_zone)?,
            status: FlowStatus::from(reply.field(self.status, status)?.as_str()),
        })
    }
}

fn described(reply: Reply<'_>, flow: Option<&aws_sdk_mediaconnect::types::Flow>) -> Result<Flow> {
    let flow = reply.field(flow, "Flow")?;
    FlowFields {
        name: flow.name(),
        arn: flow.flow_arn(),
        availability_zone: flow.availability_zone(),
        status: flow.status(),
    }
    .into_flow(reply, DESCRIBED)
}

impl MediaConnect for InRegion<'_, AwsCloud> {
    async fn list_flows(&self) -> Result<Vec<Flow>> {
        let reply = self.reply("mediaconnect:ListFlows");
        let pages = reply
            .pages(
                self.clients(reply)?
                    .mediaconnect
                    .list_flows()
                    .into_paginator()
                    .send(),
            )
            .await?;
        pages
            .iter()
            .flat_map(|page| page.flows())
            .map(|flow| {
                FlowFields {
                    name: flow.name(),
                    arn: flow.flow_arn(),
                    availability_zone: flow.availability_zone(),
                    status: flow.status(),
                }
                .into_flow(reply, LISTED)
            })
            .collect()
    }

    async fn create_flow(&self, request: &CreateFlow) -> Result<Flow> {
        let reply = self.reply("mediaconnect:CreateFlow");
        let input = CreateFlowInput::try_from(request).map_err(|error| document_error("flow", error))?;
        // medialive-template's document sets only these fields.
        let output = self
            .clients(reply)?
            .mediaconnect
            .create_flow()
            .set_name(input.name)
            .set_availability_zone(input.availability_zone)
            .set_source(input.source)
            .send()
            .await
            .map_err(|error| reply.failed(error))?;
        described(reply, output.flow())
    }

    async fn describe_flow(&self, arn: &str) -> Result<Option<Flow>> {
        let reply = self.reply("mediaconnect:DescribeFlow");
        let sent = self
            .clients(reply)?
            .mediaconnect
            .describe_flow()
            .flow_arn(arn)
            .send()
            .await;
        reply
            .found(sent)?
            .map(|output| described(reply, output.flow()))
            .transpose()
    }

    async fn start_flow(&self, arn: &str) -> Result<()> {
        let reply = self.reply("mediaconnect:StartFlow");
        self.clients(reply)?
            .mediaconnect
            .start_flow()
            .flow_arn(arn)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| reply.failed(error))
    }

    async fn stop_flow(&self, arn: &str) -> Result<()> {
        let reply = self.reply("mediaconnect:StopFlow");
        self.clients(reply)?
            .mediaconnect
            .stop_flow()
            .flow_arn(arn)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| reply.failed(error))
    }

    async fn delete_flow(&self, arn: &str) -> Result<bool> {
        let reply = self.reply("mediaconnect:DeleteFlow");
        let sent = self
            .clients(reply)?
            .mediaconnect
            .delete_flow()
            .flow_arn(arn)
            .send()
            .await;
        Ok(reply.found(sent)?.is_some())
    }

    async fn wait_flow(&self, arn: &str, target: FlowTarget) -> Result<()> {
        let reply = self.reply("mediaconnect:DescribeFlow");
        let client = &self.clients(reply)?.mediaconnect;
        let what = format!("flow {arn}");
        let region = self.region;
        match target {
            FlowTarget::Active => waited(
                client.wait_until_flow_active().flow_arn(arn).wait(MAX_WAIT).await,
                &what,
                region,
                "ACTIVE",
            ),
            FlowTarget::Standby => waited(
                client
                    .wait_until_flow_standby()
                    .flow_arn(arn)
                    .wait(MAX_WAIT)
                    .await,
                &what,
                region,
                "STANDBY",
            ),
            FlowTarget::Deleted => waited(
                client
                    .wait_until_flow_deleted()
                    .flow_arn(arn)
                    .wait(MAX_WAIT)
                    .await,
                &what,
                region,
                "deleted",
            ),
        }
    }
}
