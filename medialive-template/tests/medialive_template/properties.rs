//! Invariants over generated documents: reading never panics, and whatever reads writes back unchanged, in
//! both spellings.

use medialive_template::{Template, casing};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Map, Value};

/// Keys the model types (so generated documents exercise typed fields) mixed with keys it does not.
const KEYS: [&str; 25] = [
    "Name",
    "ChannelClass",
    "Destinations",
    "Settings",
    "Url",
    "Id",
    "EncoderSettings",
    "VideoDescriptions",
    "AudioDescriptions",
    "OutputGroups",
    "Outputs",
    "Width",
    "Height",
    "CodecSettings",
    "H264Settings",
    "GopSize",
    "AacSettings",
    "Bitrate",
    "OutputGroupSettings",
    "HlsGroupSettings",
    "SegmentLength",
    "TimecodeConfig",
    "Source",
    "Future",
    "Tags",
];

fn json() -> impl Strategy<Value = Value> {
    // No nulls: a `null` at a modeled key reads as "absent" and is not written back.
    let leaf = prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        (0u32..3_000_000).prop_map(Value::from),
        (-5i64..5).prop_map(Value::from),
        (0u32..400).prop_map(|n| Value::from(f64::from(n) / 4.0)),
        prop::sample::select(vec!["STANDARD", "EMBEDDED", "x", "", "mediastoressl://h/p/b"])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..6).prop_map(|pairs| {
                Value::Object(
                    pairs
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// A document: a top-level object.
fn document() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(KEYS.to_vec()), json()), 0..8).prop_map(|pairs| {
        Value::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect::<Map<_, _>>(),
        )
    })
}

#[test]
fn generated_documents_often_read() {
    // Guards the properties below against testing only refusals.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = document();
    let read = (0..400)
        .filter(|_| {
            let value = strategy.new_tree(&mut runner).unwrap().current();
            Template::from_value(value).is_ok()
        })
        .count();
    assert!(read > 100, "only {read} of 400 generated documents read");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn reading_never_panics_and_round_trips(value in document()) {
        if let Ok(template) = Template::from_value(value.clone()) {
            prop_assert_eq!(template.to_value().unwrap(), value.clone());
            let rest = template.to_rest_value().unwrap();
            let back = Template::from_rest_json(&rest.to_string()).unwrap();
            prop_assert_eq!(back.to_value().unwrap(), value);
        }
    }

    #[test]
    fn casing_round_trips(value in json()) {
        prop_assert_eq!(casing::from_rest(&casing::to_rest(&value)), value);
    }

    #[test]
    fn validation_and_resolution_never_panic(value in document(), fps in prop::sample::select(hls_epoch::FrameRate::NAMED.to_vec())) {
        if let Ok(template) = Template::from_value(value) {
            let report = template.validate(fps);
            prop_assert!(report.findings().iter().all(|f| f.path.starts_with('$')));
            if let Some(channel) = template.channel() {
                let _ = channel.hls_output_groups();
            }
        }
    }
}
