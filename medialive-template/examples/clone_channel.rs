//! Clone a MediaLive channel to the backup Region: only the destination host, the input, the name and
//! (optionally) the role change. Prints the template diff and the epoch-locking validation report, and
//! writes the backup channel.
//!
//! ```text
//! cargo run -p medialive-template --example clone_channel -- \
//!     primary.json wxyz.data.mediastore.us-west-2.amazonaws.com live-west 2222222 29.97 backup.json \
//!     [arn:aws:iam::111122223333:role/MediaLiveWest]
//! ```
//!
//! `primary.json` may be in the CLI form (PascalCase, as `aws medialive describe-channel` or the console's
//! "Download custom template" give it) or the REST form (camelCase); the output uses the same form. The
//! status keys of a `describe-channel` reply (`Arn`, `Id`, `State`, ...) are left out of the backup, since
//! `create-channel` refuses them. Exits with 2 when the backup has validation errors.

use anyhow::Context;
use std::process::ExitCode;

use hls_epoch::FrameRate;
use medialive_template::casing::{self, Spelling};
use medialive_template::{Channel, RegionClone};
use mediastore_policy::DataEndpoint;

const USAGE: &str = "usage: clone_channel <primary.json> <backup-data-endpoint-host> <backup-name> <backup-input-id> <source-fps> <backup.json> [backup-role-arn]";

fn main() -> anyhow::Result<ExitCode> {
    Ok(if run()? {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Returns whether the backup channel validated without errors.
fn run() -> anyhow::Result<bool> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, host, name, input_id, fps, output, rest @ ..] = args.as_slice() else {
        anyhow::bail!(USAGE);
    };
    let role = match rest {
        [] => None,
        [role] => Some(role.clone()),
        _ => anyhow::bail!(USAGE),
    };
    let source: FrameRate = fps.parse()?;
    let text = std::fs::read_to_string(input).with_context(|| format!("cannot read {input}"))?;
    let value: serde_json::Value = serde_json::from_str(&text)?;
    let rest_form = casing::detect(&value) == Spelling::Rest;
    let described = if rest_form {
        Channel::from_rest_json(&text)?
    } else {
        Channel::from_json(&text)?
    };
    let primary = described.without_status_keys();

    let destination = DataEndpoint::from_host(host)?;
    let clone = match role {
        Some(role) => RegionClone::builder()
            .name(name)
            .input_id(input_id)
            .destination(destination)
            .role_arn(role)
            .build(),
        None => RegionClone::builder()
            .name(name)
            .input_id(input_id)
            .destination(destination)
            .build(),
    };
    let backup = clone.apply(&primary)?;
    let diff = RegionClone::verify(&primary, &backup)?;
    println!("changed paths:\n{diff}\n");

    let report = backup.validate(source);
    println!("validation against a {source} fps source:\n{report}");

    let written = if rest_form {
        serde_json::to_string_pretty(&backup.to_rest_value()?)?
    } else {
        backup.to_json_pretty()?
    };
    std::fs::write(output, written + "\n").with_context(|| format!("cannot write {output}"))?;
    println!("\nwrote {output}");
    Ok(report.is_ok())
}
