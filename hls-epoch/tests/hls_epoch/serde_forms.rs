//! With the `serde` feature, value types use their text forms, and as-run lines parse.

use hls_epoch::as_run::AsRunRecord;
use hls_epoch::{Cadence, EpochClock, FrameRate, Timecode, Timestamp};
use serde_json::json;

#[test]
fn value_types_use_their_text_forms() {
    let clock = EpochClock::unix(Cadence::from_medialive_segment_length(6, FrameRate::FPS_29_97).unwrap());
    let value = serde_json::to_value(clock).unwrap();
    assert_eq!(
        value,
        json!({"epoch": "Unix", "cadence": {"frames": 180, "rate": "29.97"}})
    );
    assert_eq!(serde_json::from_value::<EpochClock>(value).unwrap(), clock);
    let tc: Timecode = serde_json::from_value(json!("00:01:00;02")).unwrap();
    assert!(tc.is_drop_frame());
    let t: Timestamp = serde_json::from_value(json!("2026-11-24T22:00:00.25Z")).unwrap();
    assert_eq!(serde_json::to_value(t).unwrap(), json!("2026-11-24T22:00:00.25Z"));
    let err = serde_json::from_value::<FrameRate>(json!("0"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("0/1"), "{err}");
}

#[test]
fn the_recipe_as_run_line() {
    let line = r#"{"timestamp": "2020-10-27T23:32:13.403259", "as_run_type": "initial_timecode", "timecode": "23:32:06:00", "input_id": "demo-east", "date": "2020-10-27 (tz=0)", "output_name": "output_7"}"#;
    let record = AsRunRecord::from_json_line(line).unwrap();
    assert_eq!(record.as_run_type, "initial_timecode");
    assert_eq!(record.input_id.as_deref(), Some("demo-east"));
    let check = record.check_timecode(FrameRate::FPS_30).unwrap().unwrap();
    assert_eq!(check.offset_nanos, -7_403_259_000);
    assert!(check.is_usable_for_epoch_locking());
}

#[test]
fn bad_as_run_lines_name_the_problem() {
    let err = AsRunRecord::from_json_line("not json").unwrap_err().to_string();
    assert!(err.contains("not json"), "{err}");
    let line = r#"{"timestamp": "2020-10-27T23:32:13", "as_run_type": "initial_timecode", "timecode": "25:00:00:00"}"#;
    // The error names the field; its source says why, once.
    let err = AsRunRecord::from_json_line(line).unwrap_err();
    let mut chain = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    assert!(
        chain.contains("timecode") && chain.contains("hours 25"),
        "{chain}"
    );
}
