//! The documents the example prints pass the AWS CLI's own parameter validation: botocore's service
//! models, installed by the test command, which points `BOTOCORE_PYTHON` at the interpreter that has
//! them. Without it this test fails; it never skips.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::example;

fn python() -> PathBuf {
    std::env::var_os("BOTOCORE_PYTHON").map(PathBuf::from).unwrap_or_else(|| {
        panic!(
            "BOTOCORE_PYTHON is not set: this test validates the example's AWS CLI inputs with botocore, which \
             the test command installs (run ./scripts/test, or point BOTOCORE_PYTHON at a Python with botocore)"
        )
    })
}

/// Runs the validator on `calls`; its exit status and what it printed.
fn validate(name: &str, calls: &[Value]) -> (bool, String) {
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.json"));
    std::fs::write(&file, serde_json::to_vec_pretty(calls).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate_cli_input.py");
    let python = python();
    let output = Command::new(&python)
        .arg(&script)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", python.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn the_example_calls_pass_botocore_parameter_validation() {
    let pair = example::sample().unwrap();
    let calls = example::calls(&pair).unwrap();
    let operations: BTreeSet<&str> = calls.iter().map(|c| c.operation).collect();
    assert_eq!(
        operations,
        BTreeSet::from([
            "CreateChannelGroup",
            "CreateChannel",
            "CreateOriginEndpoint",
            "PutChannelPolicy",
            "PutOriginEndpointPolicy",
            "CreateOriginAccessControl",
            "CreateDistribution",
        ])
    );
    let documents: Vec<Value> = calls
        .iter()
        .map(|c| json!({"service": c.service, "operation": c.operation, "input": c.input}))
        .collect();
    let (ok, report) = validate("example-calls", &documents);
    assert!(ok, "{report}");
    assert!(
        report.contains(&format!("{0} of {0} inputs valid", calls.len())),
        "{report}"
    );
}

#[test]
fn botocore_refuses_what_the_cli_would() {
    let pair = example::sample().unwrap();
    let mut channel = example::calls(&pair).unwrap().remove(1);
    assert_eq!(channel.operation, "CreateChannel");
    let input = channel.input.as_object_mut().unwrap();
    input.remove("ChannelName");
    input.insert("InputTipe".to_owned(), json!("CMAF"));
    let broken = json!({"service": channel.service, "operation": channel.operation, "input": channel.input});
    let (ok, report) = validate("broken-call", &[broken]);
    assert!(!ok, "{report}");
    assert!(
        report.contains("REFUSED mediapackagev2 CreateChannel"),
        "{report}"
    );
    assert!(report.contains("ChannelName"), "{report}");
    assert!(report.contains("InputTipe"), "{report}");
}
