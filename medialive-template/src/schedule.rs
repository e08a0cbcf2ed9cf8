//! The channel schedule's pause-state action: pause some pipelines of a running channel, now.
//!
//! Step 7 of the recipe tests failover by pausing pipelines through the channel schedule
//! (`BatchUpdateSchedule` with a `PauseStateSettings` action that starts immediately). Once the
//! action runs, exactly the pipelines it lists are paused and the others run: an action listing no
//! pipeline unpauses both. One [`PauseStateAction`] gives both forms of the call: the `--creates`
//! JSON of `aws medialive batch-update-schedule` ([`PauseStateAction::to_creates_json`]) and, with
//! the `aws-sdk` feature, the SDK's `BatchScheduleActionCreateRequest` (`From`).
//!
//! ```
//! use medialive_template::Pipeline;
//! use medialive_template::schedule::PauseStateAction;
//!
//! let pause = PauseStateAction::pause("drill-pause-1", &[Pipeline::Backup]);
//! assert_eq!(pause.paused(), [Pipeline::Backup]);
//! let unpause = PauseStateAction::unpause("drill-unpause-1");
//! assert_eq!(
//!     unpause.to_creates_json()?,
//!     r#"{"ScheduleActions":[{"ActionName":"drill-unpause-1","ScheduleActionStartSettings":{"ImmediateModeScheduleActionStartSettings":{}},"ScheduleActionSettings":{"PauseStateSettings":{"Pipelines":[]}}}]}"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::Pipeline;

/// An immediate pause-state schedule action: its name (unique in the channel's schedule) and the
/// pipelines paused once it runs (none: both run). Serialized as the CLI's `ScheduleAction`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "wire::ScheduleAction", try_from = "wire::ScheduleAction")]
pub struct PauseStateAction {
    action_name: String,
    paused: Vec<Pipeline>,
}

impl PauseStateAction {
    /// The action named `action_name` that pauses `pipelines` (in pipeline order, each once) and
    /// runs the others.
    pub fn pause(action_name: impl Into<String>, pipelines: &[Pipeline]) -> PauseStateAction {
        let mut paused = pipelines.to_vec();
        paused.sort();
        paused.dedup();
        PauseStateAction {
            action_name: action_name.into(),
            paused,
        }
    }

    /// The action named `action_name` that unpauses both pipelines (an empty pipeline list, which
    /// MediaLive reads as "pause none").
    pub fn unpause(action_name: impl Into<String>) -> PauseStateAction {
        PauseStateAction::pause(action_name, &[])
    }

    /// The action's name.
    pub fn action_name(&self) -> &str {
        &self.action_name
    }

    /// The pipelines paused once the action runs, in pipeline order.
    pub fn paused(&self) -> &[Pipeline] {
        &self.paused
    }

    /// The `--creates` value of `aws medialive batch-update-schedule`: a
    /// `BatchScheduleActionCreateRequest` holding this action only, on one line.
    pub fn to_creates_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&wire::Creates {
            schedule_actions: vec![self.clone()],
        })
    }
}

/// A `PipelineId` that names no pipeline of a STANDARD channel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("PipelineId {value:?} is not allowed: expected PIPELINE_0 or PIPELINE_1")]
pub struct PipelineIdError {
    /// The value found.
    pub value: String,
}

/// MediaLive's `PipelineId` of a pipeline: `PIPELINE_0` for pipeline A, `PIPELINE_1` for B.
pub fn pipeline_id(pipeline: Pipeline) -> &'static str {
    match pipeline {
        Pipeline::Primary => "PIPELINE_0",
        Pipeline::Backup => "PIPELINE_1",
    }
}

/// The pipeline a `PipelineId` names (the inverse of [`pipeline_id`]).
pub fn pipeline_from_id(value: &str) -> Result<Pipeline, PipelineIdError> {
    Pipeline::BOTH
        .into_iter()
        .find(|pipeline| pipeline_id(*pipeline) == value)
        .ok_or_else(|| PipelineIdError {
            value: value.to_owned(),
        })
}

/// The CLI's shapes, PascalCase; only what a pause-state action uses.
mod wire {
    use serde::{Deserialize, Serialize};

    use super::{PauseStateAction, PipelineIdError, pipeline_from_id, pipeline_id};

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub(super) struct Creates {
        pub(super) schedule_actions: Vec<PauseStateAction>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase", deny_unknown_fields)]
    pub(super) struct ScheduleAction {
        action_name: String,
        schedule_action_start_settings: StartSettings,
        schedule_action_settings: ActionSettings,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase", deny_unknown_fields)]
    struct StartSettings {
        immediate_mode_schedule_action_start_settings: Immediate,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Immediate {}

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase", deny_unknown_fields)]
    struct ActionSettings {
        pause_state_settings: PauseState,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase", deny_unknown_fields)]
    struct PauseState {
        pipelines: Vec<PipelineSettings>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase", deny_unknown_fields)]
    struct PipelineSettings {
        pipeline_id: String,
    }

    impl From<PauseStateAction> for ScheduleAction {
        fn from(action: PauseStateAction) -> ScheduleAction {
            ScheduleAction {
                action_name: action.action_name,
                schedule_action_start_settings: StartSettings {
                    immediate_mode_schedule_action_start_settings: Immediate {},
                },
                schedule_action_settings: ActionSettings {
                    pause_state_settings: PauseState {
                        pipelines: action
                            .paused
                            .into_iter()
                            .map(|pipeline| PipelineSettings {
                                pipeline_id: pipeline_id(pipeline).to_owned(),
                            })
                            .collect(),
                    },
                },
            }
        }
    }

    impl TryFrom<ScheduleAction> for PauseStateAction {
        type Error = PipelineIdError;

        fn try_from(action: ScheduleAction) -> Result<PauseStateAction, PipelineIdError> {
            let pipelines = action
                .schedule_action_settings
                .pause_state_settings
                .pipelines
                .iter()
                .map(|settings| pipeline_from_id(&settings.pipeline_id))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(PauseStateAction::pause(action.action_name, &pipelines))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pause_lists_its_pipelines_in_order_once() {
        let action = PauseStateAction::pause(
            "drill-c-pause-1",
            &[Pipeline::Backup, Pipeline::Primary, Pipeline::Backup],
        );
        assert_eq!(action.paused(), [Pipeline::Primary, Pipeline::Backup]);
        let creates: serde_json::Value = serde_json::from_str(&action.to_creates_json().unwrap()).unwrap();
        assert_eq!(
            creates,
            serde_json::json!({"ScheduleActions": [{
                "ActionName": "drill-c-pause-1",
                "ScheduleActionStartSettings": {"ImmediateModeScheduleActionStartSettings": {}},
                "ScheduleActionSettings": {"PauseStateSettings": {"Pipelines": [
                    {"PipelineId": "PIPELINE_0"}, {"PipelineId": "PIPELINE_1"}
                ]}},
            }]})
        );
    }

    #[test]
    fn an_action_reads_back_and_refuses_an_unknown_pipeline() {
        let action = PauseStateAction::pause("drill-a-pause-1", &[Pipeline::Backup]);
        let json = serde_json::to_string(&action).unwrap();
        assert_eq!(serde_json::from_str::<PauseStateAction>(&json).unwrap(), action);
        let bad = json.replace("PIPELINE_1", "PIPELINE_2");
        let error = serde_json::from_str::<PauseStateAction>(&bad)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("\"PIPELINE_2\"") && error.contains("PIPELINE_0 or PIPELINE_1"),
            "{error}"
        );
        assert_eq!(pipeline_from_id("PIPELINE_0").unwrap(), Pipeline::Primary);
    }
}
