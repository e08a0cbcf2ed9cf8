//! Prints the recipe's MediaStore documents for one container, and the lint report.
//!
//! ```text
//! MEDIASTORE_USER_AGENT_SECRET=$(openssl rand -hex 16) cargo run -p mediastore-policy --example mediastore_policies -- \
//!     --account 000011112222 --region us-west-2 --container demowest --path demo --segment-length 6 --frame-rate 29.97
//! ```
//!
//! The secret `User-Agent` is read from the environment variable named by `--secret-env` so that it
//! never appears in a shell history or a process list; it is printed only inside the container policy.

use clap::Parser;
use hls_epoch::{Cadence, FrameRate};
use mediastore_policy::lifecycle::{Factor, stale_manifest_age};
use mediastore_policy::{
    AccountId, ContainerArn, ContainerName, CorsPolicy, LifecyclePolicy, RecipePolicy, Region,
    UserAgentSecret,
};

#[derive(Debug, Parser)]
#[command(about = "Print the recipe's container, lifecycle and CORS policies for one MediaStore container")]
struct Args {
    /// The 12-digit account that owns the container.
    #[arg(long)]
    account: String,
    /// The container's Region.
    #[arg(long)]
    region: String,
    /// The container name.
    #[arg(long)]
    container: String,
    /// The path MediaLive writes under (the destination's path, without the base name).
    #[arg(long, default_value = "demo")]
    path: String,
    /// MediaLive's `SegmentLength` in seconds.
    #[arg(long, default_value_t = 6)]
    segment_length: u32,
    /// The encode's frame rate (`25`, `29.97`, `30000/1001`, ...).
    #[arg(long, default_value = "30")]
    frame_rate: String,
    /// Delete a rendition manifest not rewritten for this many segment durations.
    #[arg(long, default_value = "1.8")]
    factor: String,
    /// The destinations' base file names (pipeline A, then pipeline B).
    #[arg(long, value_delimiter = ',', default_value = "primary,backup")]
    bases: Vec<String>,
    /// The environment variable holding the secret `User-Agent`.
    #[arg(long, default_value = "MEDIASTORE_USER_AGENT_SECRET")]
    secret_env: String,
}

fn main() -> anyhow::Result<()> {
    run(Args::parse())
}

fn run(args: Args) -> anyhow::Result<()> {
    let container = ContainerArn::new(
        Region::new(&args.region)?,
        AccountId::new(&args.account)?,
        ContainerName::new(&args.container)?,
    );
    let secret = std::env::var(&args.secret_env).map_err(|_| {
        anyhow::anyhow!(
            "set {} to the secret User-Agent (for example the output of `openssl rand -hex 16`)",
            args.secret_env
        )
    })?;
    let secret = UserAgentSecret::new(secret)?;
    let rate: FrameRate = args.frame_rate.parse()?;
    let cadence = Cadence::from_medialive_segment_length(args.segment_length, rate)?;
    let factor: Factor = args.factor.parse()?;
    let bases: Vec<&str> = args.bases.iter().map(String::as_str).collect();

    let policy = RecipePolicy::builder()
        .container(container.clone())
        .secret(secret)
        .build()
        .to_policy();
    let age = stale_manifest_age(cadence, factor)?;
    let lifecycle = LifecyclePolicy::stale_manifests(cadence, factor, &args.path, &bases)?;
    let cors = CorsPolicy::web_players();
    policy.validate()?;

    println!("# Container {container}");
    println!(
        "# Segment: {cadence}; a stale rendition manifest is deleted {} s after its last write \
         ({factor} x segment, rounded up: seconds_since_create {age})",
        age.first_due()
    );
    println!(
        "\n## Container policy (PutContainerPolicy)\n{}",
        policy.to_pretty_json()
    );
    println!(
        "\n## Lifecycle policy (PutLifecyclePolicy)\n{}",
        lifecycle.to_pretty_json()
    );
    println!("\n## CORS policy (PutCorsPolicy)\n{}", cors.to_pretty_json());
    let findings = policy.lint(&container);
    println!("\n## Lint: {} finding(s)", findings.len());
    for finding in findings {
        println!("- {finding}");
    }
    Ok(())
}
