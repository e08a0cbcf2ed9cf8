//! MediaLive on AWS.

use aws_sdk_medialive::client::Waiters as _;
use aws_sdk_medialive::operation::create_channel::CreateChannelInput;
use aws_sdk_medialive::operation::create_input::CreateInputInput;
use aws_sdk_medialive::types::BatchScheduleActionCreateRequest;
use medialive_template::input::CreateInput;
use medialive_template::schedule::PauseStateAction;
use medialive_template::{Channel, Pipeline};

use super::{AwsCloud, MAX_WAIT, Reply, document_error, waited};
use crate::cloud::medialive::{
    ChannelState, ChannelSummary, ChannelTarget, Input, InputState, MediaLive, MediaLiveResource,
};
use crate::cloud::{InRegion, Result};

/// A MediaLive resource from the fields of a reply (name, id, ARN, state), with those fields'
/// names where the resource sits in the reply (`Inputs[].Name`, ...) to name a missing one.
fn resource<S: for<'s> From<&'s str>>(
    reply: Reply<'_>,
    [name, id, arn, state]: [&'static str; 4],
    fields: [Option<&str>; 4],
) -> Result<MediaLiveResource<S>> {
    let [name_value, id_value, arn_value, state_value] = fields;
    Ok(MediaLiveResource {
        name: reply.text(name_value, name)?,
        id: reply.text(id_value, id)?,
        arn: reply.text(arn_value, arn)?,
        state: S::from(reply.field(state_value, state)?),
    })
}

const INPUTS: [&str; 4] = ["Inputs[].Name", "Inputs[].Id", "Inputs[].Arn", "Inputs[].State"];
const INPUT: [&str; 4] = ["Input.Name", "Input.Id", "Input.Arn", "Input.State"];
const CHANNELS: [&str; 4] = [
    "Channels[].Name",
    "Channels[].Id",
    "Channels[].Arn",
    "Channels[].State",
];
const CHANNEL: [&str; 4] = ["Channel.Name", "Channel.Id", "Channel.Arn", "Channel.State"];
const DESCRIBED: [&str; 4] = ["Name", "Id", "Arn", "State"];

fn input_from(
    reply: Reply<'_>,
    names: [&'static str; 4],
    input: &aws_sdk_medialive::types::Input,
) -> Result<Input> {
    resource::<InputState>(
        reply,
        names,
        [
            input.name(),
            input.id(),
            input.arn(),
            input.state().map(|s| s.as_str()),
        ],
    )
}

impl MediaLive for InRegion<'_, AwsCloud> {
    async fn list_inputs(&self) -> Result<Vec<Input>> {
        let reply = self.reply("medialive:ListInputs");
        let pages = reply
            .pages(
                self.clients(reply)?
                    .medialive
                    .list_inputs()
                    .into_paginator()
                    .send(),
            )
            .await?;
        pages
            .iter()
            .flat_map(|page| page.inputs())
            .map(|input| input_from(reply, INPUTS, input))
            .collect()
    }

    async fn create_input(&self, request: &CreateInput) -> Result<Input> {
        let reply = self.reply("medialive:CreateInput");
        let input = CreateInputInput::try_from(request).map_err(|error| document_error("input", error))?;
        // medialive-template's document sets only these fields.
        let output = self
            .clients(reply)?
            .medialive
            .create_input()
            .set_name(input.name)
            .set_type(input.r#type)
            .set_media_connect_flows(input.media_connect_flows)
            .set_role_arn(input.role_arn)
            .set_tags(input.tags)
            .send()
            .await
            .map_err(|error| reply.failed(error))?;
        input_from(reply, INPUT, reply.field(output.input(), "Input")?)
    }

    async fn delete_input(&self, id: &str) -> Result<bool> {
        let reply = self.reply("medialive:DeleteInput");
        let sent = self
            .clients(reply)?
            .medialive
            .delete_input()
            .input_id(id)
            .send()
            .await;
        Ok(reply.found(sent)?.is_some())
    }

    async fn wait_input_deleted(&self, id: &str) -> Result<()> {
        let reply = self.reply("medialive:DescribeInput");
        waited(
            self.clients(reply)?
                .medialive
                .wait_until_input_deleted()
                .input_id(id)
                .wait(MAX_WAIT)
                .await,
            &format!("input {id}"),
            self.region,
            "DELETED",
        )
    }

    async fn list_channels(&self) -> Result<Vec<ChannelSummary>> {
        let reply = self.reply("medialive:ListChannels");
        let pages = reply
            .pages(
                self.clients(reply)?
                    .medialive
                    .list_channels()
                    .into_paginator()
                    .send(),
            )
            .await?;
        pages
            .iter()
            .flat_map(|page| page.channels())
            .map(|channel| {
                resource::<ChannelState>(
                    reply,
                    CHANNELS,
                    [
                        channel.name(),
                        channel.id(),
                        channel.arn(),
                        channel.state().map(|s| s.as_str()),
                    ],
                )
            })
            .collect()
    }

    async fn create_channel(&self, channel: &Channel) -> Result<ChannelSummary> {
        let reply = self.reply("medialive:CreateChannel");
        let input =
            CreateChannelInput::try_from(channel).map_err(|error| document_error("channel", error))?;
        // medialive-template's document sets only these fields.
        let output = self
            .clients(reply)?
            .medialive
            .create_channel()
            .set_name(input.name)
            .set_channel_class(input.channel_class)
            .set_role_arn(input.role_arn)
            .set_input_attachments(input.input_attachments)
            .set_input_specification(input.input_specification)
            .set_destinations(input.destinations)
            .set_encoder_settings(input.encoder_settings)
            .set_log_level(input.log_level)
            .set_tags(input.tags)
            .send()
            .await
            .map_err(|error| reply.failed(error))?;
        let created = reply.field(output.channel(), "Channel")?;
        resource(
            reply,
            CHANNEL,
            [
                created.name(),
                created.id(),
                created.arn(),
                created.state().map(|s| s.as_str()),
            ],
        )
    }

    async fn describe_channel(&self, id: &str) -> Result<Option<(ChannelSummary, Channel)>> {
        let reply = self.reply("medialive:DescribeChannel");
        let sent = self
            .clients(reply)?
            .medialive
            .describe_channel()
            .channel_id(id)
            .send()
            .await;
        let Some(output) = reply.found(sent)? else {
            return Ok(None);
        };
        let summary = resource(
            reply,
            DESCRIBED,
            [
                output.name(),
                output.id(),
                output.arn(),
                output.state().map(|s| s.as_str()),
            ],
        )?;
        let channel = Channel::try_from(&output).map_err(|error| document_error("channel", error))?;
        Ok(Some((summary, channel)))
    }

    async fn start_channel(&self, id: &str) -> Result<()> {
        let reply = self.reply("medialive:StartChannel");
        self.clients(reply)?
            .medialive
            .start_channel()
            .channel_id(id)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| reply.failed(error))
    }

    async fn stop_channel(&self, id: &str) -> Result<()> {
        let reply = self.reply("medialive:StopChannel");
        self.clients(reply)?
            .medialive
            .stop_channel()
            .channel_id(id)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| reply.failed(error))
    }

    async fn delete_channel(&self, id: &str) -> Result<bool> {
        let reply = self.reply("medialive:DeleteChannel");
        let sent = self
            .clients(reply)?
            .medialive
            .delete_channel()
            .channel_id(id)
            .send()
            .await;
        Ok(reply.found(sent)?.is_some())
    }

    async fn wait_channel(&self, id: &str, target: ChannelTarget) -> Result<()> {
        let reply = self.reply("medialive:DescribeChannel");
        let client = &self.clients(reply)?.medialive;
        let what = format!("channel {id}");
        let region = self.region;
        match target {
            ChannelTarget::Created => waited(
                client
                    .wait_until_channel_created()
                    .channel_id(id)
                    .wait(MAX_WAIT)
                    .await,
                &what,
                region,
                "IDLE",
            ),
            ChannelTarget::Running => waited(
                client
                    .wait_until_channel_running()
                    .channel_id(id)
                    .wait(MAX_WAIT)
                    .await,
                &what,
                region,
                "RUNNING",
            ),
            ChannelTarget::Stopped => waited(
                client
                    .wait_until_channel_stopped()
                    .channel_id(id)
                    .wait(MAX_WAIT)
                    .await,
                &what,
                region,
                "IDLE",
            ),
            ChannelTarget::Deleted => waited(
                client
                    .wait_until_channel_deleted()
                    .channel_id(id)
                    .wait(MAX_WAIT)
                    .await,
                &what,
                region,
                "DELETED",
            ),
        }
    }

    async fn set_paused_pipelines(
        &self,
        channel_id: &str,
        action_name: &str,
        paused: &[Pipeline],
    ) -> Result<()> {
        let reply = self.reply("medialive:BatchUpdateSchedule");
        let action = PauseStateAction::pause(action_name, paused);
        self.clients(reply)?
            .medialive
            .batch_update_schedule()
            .channel_id(channel_id)
            .creates(BatchScheduleActionCreateRequest::from(&action))
            .send()
            .await
            .map(|_| ())
            .map_err(|error| reply.failed(error))
    }
}
