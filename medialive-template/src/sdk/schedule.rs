//! The pause-state schedule action's SDK form.

use aws_sdk_medialive::types as sdk;

use crate::schedule::{PauseStateAction, pipeline_id};

impl From<&PauseStateAction> for sdk::ScheduleAction {
    fn from(action: &PauseStateAction) -> sdk::ScheduleAction {
        let pipelines = action
            .paused()
            .iter()
            .map(|pipeline| {
                sdk::PipelinePauseStateSettings::builder()
                    .pipeline_id(sdk::PipelineId::from(pipeline_id(*pipeline)))
                    .build()
            })
            .collect();
        sdk::ScheduleAction::builder()
            .action_name(action.action_name())
            .schedule_action_start_settings(
                sdk::ScheduleActionStartSettings::builder()
                    .immediate_mode_schedule_action_start_settings(
                        sdk::ImmediateModeScheduleActionStartSettings::builder().build(),
                    )
                    .build(),
            )
            .schedule_action_settings(
                sdk::ScheduleActionSettings::builder()
                    .pause_state_settings(
                        // An empty list, never an absent one: MediaLive reads it as "pause none".
                        sdk::PauseStateScheduleActionSettings::builder()
                            .set_pipelines(Some(pipelines))
                            .build(),
                    )
                    .build(),
            )
            .build()
    }
}

impl From<&PauseStateAction> for sdk::BatchScheduleActionCreateRequest {
    /// The `Creates` of a `BatchUpdateSchedule` call holding this action only.
    fn from(action: &PauseStateAction) -> sdk::BatchScheduleActionCreateRequest {
        sdk::BatchScheduleActionCreateRequest::builder()
            .schedule_actions(sdk::ScheduleAction::from(action))
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;

    #[test]
    fn the_sdk_form_has_the_clis_values() {
        let action = PauseStateAction::pause("drill-b-pause-1", &[Pipeline::Backup]);
        let creates = sdk::BatchScheduleActionCreateRequest::from(&action);
        let [scheduled] = creates.schedule_actions.as_deref().unwrap_or_default() else {
            panic!("expected one action, got {creates:?}");
        };
        assert_eq!(scheduled.action_name.as_deref(), Some("drill-b-pause-1"));
        assert!(
            scheduled
                .schedule_action_start_settings
                .as_ref()
                .and_then(|start| start.immediate_mode_schedule_action_start_settings.as_ref())
                .is_some()
        );
        let pipelines = scheduled
            .schedule_action_settings
            .as_ref()
            .and_then(|settings| settings.pause_state_settings.as_ref())
            .and_then(|pause| pause.pipelines.clone());
        assert_eq!(
            pipelines,
            Some(vec![
                sdk::PipelinePauseStateSettings::builder()
                    .pipeline_id(sdk::PipelineId::Pipeline1)
                    .build()
            ])
        );
        let unpause = sdk::ScheduleAction::from(&PauseStateAction::unpause("u"));
        assert_eq!(
            unpause
                .schedule_action_settings
                .and_then(|settings| settings.pause_state_settings)
                .and_then(|pause| pause.pipelines),
            Some(vec![])
        );
    }
}
