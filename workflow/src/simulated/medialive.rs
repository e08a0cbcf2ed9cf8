//! Simulated MediaLive.

use medialive_template::input::CreateInput;
use medialive_template::{Channel, Pipeline};

use std::collections::BTreeSet;

use super::{
    CHANNEL_CREATED_POLL, Change, MEDIALIVE_POLL, Probe, SIMULATED_ACCOUNT, SimChannel, SimInput,
    SimulatedCloud, Timeline, conflict, no_such, refused,
};
use crate::cloud::medialive::{ChannelSummary, ChannelTarget, Input, MediaLive};
use crate::cloud::{InRegion, Result};

/// `StartChannel`: an idle channel starts.
const CHANNEL_START: Change = Change {
    from: &["IDLE"],
    through: "STARTING",
    to: "RUNNING",
};

/// `StopChannel`: a channel that runs, starts or recovers stops.
const CHANNEL_STOP: Change = Change {
    from: &["RUNNING", "STARTING", "RECOVERING"],
    through: "STOPPING",
    to: "IDLE",
};

impl InRegion<'_, SimulatedCloud> {
    /// Runs `change` on the channel `id` as the call `operation`, taking `after`; `then` updates
    /// what else the call changes on the channel.
    async fn change_channel(
        &self,
        operation: &'static str,
        id: &str,
        change: &Change,
        after: std::time::Duration,
        then: impl FnOnce(&mut SimChannel),
    ) -> Result<()> {
        let region = self.region;
        self.cloud
            .call(operation, region, true, |world, now| {
                let what = format!("channel {id}");
                let channel = world
                    .channel_mut(region, id)
                    .ok_or_else(|| no_such(operation, region, &what))?;
                channel
                    .timeline
                    .begin(change, now, after, (operation, region, &what))?;
                then(channel);
                Ok(())
            })
            .await
    }
}

impl MediaLive for InRegion<'_, SimulatedCloud> {
    async fn list_inputs(&self) -> Result<Vec<Input>> {
        let region = self.region;
        self.cloud
            .call("medialive:ListInputs", region, false, |world, _| {
                Ok(world
                    .inputs
                    .iter()
                    .filter(|i| i.region == region)
                    .map(|i| world.input_reply(i))
                    .collect())
            })
            .await
    }

    async fn create_input(&self, request: &CreateInput) -> Result<Input> {
        let region = self.region;
        const OP: &str = "medialive:CreateInput";
        let after = self.cloud.profile.input_transition;
        self.cloud
            .call(OP, region, true, |world, now| {
                for flow in &request.media_connect_flows {
                    if !world
                        .flows
                        .iter()
                        .any(|f| f.region == region && f.arn == flow.flow_arn && !f.timeline.is("DELETING"))
                    {
                        return Err(refused(
                            OP,
                            region,
                            format!("BadRequestException: no MediaConnect flow {}", flow.flow_arn),
                        ));
                    }
                }
                let id = format!("{}", 1_000_000 + world.next_id());
                let input = SimInput {
                    region: region.to_owned(),
                    name: request.name.clone(),
                    arn: format!("arn:aws:medialive:{region}:{SIMULATED_ACCOUNT}:input:{id}"),
                    id,
                    timeline: Timeline::moving(now, "CREATING", after, Some("DETACHED")),
                };
                let reply = world.input_reply(&input);
                world.inputs.push(input);
                Ok(reply)
            })
            .await
    }

    async fn delete_input(&self, id: &str) -> Result<bool> {
        let region = self.region;
        const OP: &str = "medialive:DeleteInput";
        let after = self.cloud.profile.input_transition;
        self.cloud
            .call(OP, region, true, |world, now| {
                let Some(index) = world
                    .inputs
                    .iter()
                    .position(|i| i.region == region && i.id == id && !i.timeline.is("DELETED"))
                else {
                    return Ok(false);
                };
                let state = world.input_state(&world.inputs[index]);
                match state {
                    "DETACHED" | "CREATING" => {
                        world.inputs[index].timeline =
                            Timeline::moving(now, "DELETING", after, Some("DELETED"));
                        Ok(true)
                    }
                    "DELETING" => Ok(true),
                    other => Err(conflict(
                        OP,
                        region,
                        format!("input {id} is {other}: delete its channel first"),
                    )),
                }
            })
            .await
    }

    async fn wait_input_deleted(&self, id: &str) -> Result<()> {
        let region = self.region;
        self.cloud
            .wait(
                "medialive:DescribeInput",
                region,
                format!("input {id}"),
                "DELETED",
                MEDIALIVE_POLL,
                |world| match world.inputs.iter().find(|i| i.region == region && i.id == id) {
                    None => Probe::Reached,
                    Some(input) if input.timeline.is("DELETED") => Probe::Reached,
                    Some(input) => Probe::Pending(input.timeline.status, input.timeline.due()),
                },
            )
            .await
    }

    async fn list_channels(&self) -> Result<Vec<ChannelSummary>> {
        let region = self.region;
        self.cloud
            .call("medialive:ListChannels", region, false, |world, _| {
                Ok(world
                    .channels
                    .iter()
                    .filter(|c| c.region == region)
                    .map(SimChannel::reply)
                    .collect())
            })
            .await
    }

    async fn create_channel(&self, channel: &Channel) -> Result<ChannelSummary> {
        let region = self.region;
        const OP: &str = "medialive:CreateChannel";
        let after = self.cloud.profile.channel_created;
        self.cloud
            .call(OP, region, true, |world, now| {
                let input_ids: Vec<String> = channel
                    .input_attachments
                    .iter()
                    .flatten()
                    .filter_map(|attachment| attachment.input_id.clone())
                    .collect();
                if input_ids.is_empty() {
                    return Err(refused(
                        OP,
                        region,
                        "BadRequestException: InputAttachments names no input".to_owned(),
                    ));
                }
                for input_id in &input_ids {
                    let Some(input) = world
                        .inputs
                        .iter()
                        .find(|i| i.region == region && &i.id == input_id)
                    else {
                        return Err(refused(
                            OP,
                            region,
                            format!("BadRequestException: no input {input_id}"),
                        ));
                    };
                    if world
                        .channels
                        .iter()
                        .any(|c| c.region == region && c.holds_inputs() && c.input_ids.contains(input_id))
                    {
                        return Err(conflict(
                            OP,
                            region,
                            format!("input {input_id} is ATTACHED; an input feeds one channel"),
                        ));
                    }
                    if matches!(input.timeline.status, "DELETING" | "DELETED") {
                        return Err(conflict(
                            OP,
                            region,
                            format!("input {input_id} is {}", input.timeline.status),
                        ));
                    }
                }
                let number = 1_000_000 + world.next_id();
                let created = SimChannel {
                    region: region.to_owned(),
                    name: channel.name.clone().unwrap_or_default(),
                    id: number.to_string(),
                    arn: format!("arn:aws:medialive:{region}:{SIMULATED_ACCOUNT}:channel:{number}"),
                    input_ids,
                    document: channel.clone(),
                    timeline: Timeline::moving(now, "CREATING", after, Some("IDLE")),
                    paused: Vec::new(),
                    action_names: BTreeSet::new(),
                };
                let reply = created.reply();
                world.channels.push(created);
                Ok(reply)
            })
            .await
    }

    async fn describe_channel(&self, id: &str) -> Result<Option<(ChannelSummary, Channel)>> {
        let region = self.region;
        self.cloud
            .call("medialive:DescribeChannel", region, false, |world, _| {
                Ok(world
                    .channel_mut(region, id)
                    .map(|c| (c.reply(), c.document.clone())))
            })
            .await
    }

    async fn start_channel(&self, id: &str) -> Result<()> {
        let after = self.cloud.profile.channel_started;
        self.change_channel("medialive:StartChannel", id, &CHANNEL_START, after, |_| {})
            .await
    }

    async fn stop_channel(&self, id: &str) -> Result<()> {
        let after = self.cloud.profile.channel_stopped;
        // A stopped channel comes back with both pipelines running.
        self.change_channel("medialive:StopChannel", id, &CHANNEL_STOP, after, |channel| {
            channel.paused.clear();
        })
        .await
    }

    async fn delete_channel(&self, id: &str) -> Result<bool> {
        let region = self.region;
        const OP: &str = "medialive:DeleteChannel";
        let after = self.cloud.profile.channel_deleted;
        self.cloud
            .call(OP, region, true, |world, now| {
                let Some(channel) = world.channel_mut(region, id) else {
                    return Ok(false);
                };
                match channel.timeline.status {
                    "IDLE" | "CREATE_FAILED" => {
                        channel.timeline = Timeline::moving(now, "DELETING", after, Some("DELETED"));
                        Ok(true)
                    }
                    "DELETING" => Ok(true),
                    "DELETED" => Ok(false),
                    other => Err(conflict(OP, region, format!("channel {id} is {other}, not IDLE"))),
                }
            })
            .await
    }

    async fn wait_channel(&self, id: &str, target: ChannelTarget) -> Result<()> {
        let region = self.region;
        let (name, want, poll) = match target {
            ChannelTarget::Created => ("IDLE", "IDLE", CHANNEL_CREATED_POLL),
            ChannelTarget::Running => ("RUNNING", "RUNNING", MEDIALIVE_POLL),
            ChannelTarget::Stopped => ("IDLE", "IDLE", MEDIALIVE_POLL),
            ChannelTarget::Deleted => ("DELETED", "DELETED", MEDIALIVE_POLL),
        };
        self.cloud
            .wait(
                "medialive:DescribeChannel",
                region,
                format!("channel {id}"),
                name,
                poll,
                |world| match world.channels.iter().find(|c| c.region == region && c.id == id) {
                    None if target == ChannelTarget::Deleted => Probe::Reached,
                    None => Probe::Failed("the channel does not exist".to_owned()),
                    Some(channel) if channel.timeline.is(want) => Probe::Reached,
                    Some(channel)
                        if target != ChannelTarget::Deleted
                            && matches!(
                                channel.timeline.status,
                                "DELETING" | "DELETED" | "CREATE_FAILED"
                            ) =>
                    {
                        Probe::Failed(format!("the channel is {}", channel.timeline.status))
                    }
                    Some(channel) => Probe::Pending(channel.timeline.status, channel.timeline.due()),
                },
            )
            .await
    }

    async fn set_paused_pipelines(
        &self,
        channel_id: &str,
        action_name: &str,
        paused: &[Pipeline],
    ) -> Result<()> {
        let region = self.region;
        const OP: &str = "medialive:BatchUpdateSchedule";
        self.cloud.call(OP, region, true, |world, _| {
            let channel = world
                .channel_mut(region, channel_id)
                .filter(|c| !c.timeline.is("DELETED"))
                .ok_or_else(|| no_such(OP, region, &format!("channel {channel_id}")))?;
            if !channel.action_names.insert(action_name.to_owned()) {
                return Err(refused(
                    OP,
                    region,
                    format!(
                        "UnprocessableEntityException: the schedule already has an action named {action_name}"
                    ),
                ));
            }
            let mut pipelines = paused.to_vec();
            pipelines.sort();
            pipelines.dedup();
            channel.paused = pipelines;
            Ok(())
        })
        .await
    }
}
