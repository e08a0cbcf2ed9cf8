//! Prints the static `index.m3u8` predicted for a MediaLive channel template, and the failover budget of
//! CloudFront origin settings for that channel's segments.
//!
//! ```text
//! cargo run -p origin-failover --example static_manifest -- [--template channel.json] \
//!     [--connection-timeout 10] [--connection-attempts 3] [--read-timeout 30] [--buffer-segments 3]
//! ```
//!
//! Without `--template`, the recipe's default channel (four rungs, 30 fps, 6 s segments) is used.

use anyhow::Context;

use clap::Parser;
use hls_epoch::{Cadence, FrameRate};
use medialive_template::PipelineNames;
use medialive_template::{Channel, LiveHlsChannel, Template};
use mediastore_policy::DataEndpoint;
use origin_failover::budget::{FailoverBudget, Player};
use origin_failover::manifest::MasterSpec;
use origin_failover::origin_group::OriginGroupPolicy;
use origin_failover::{FailoverStatusCodes, OriginTimeouts};

/// Predict the static master manifest and the CloudFront failover budget.
#[derive(Debug, Parser)]
struct Args {
    /// A channel template (CreateChannel JSON, or an EncoderSettings-only document).
    #[arg(long)]
    template: Option<std::path::PathBuf>,
    /// Object path of the outputs, for an EncoderSettings-only document (which has no destinations).
    #[arg(long, default_value = "live")]
    path: String,
    /// Pipeline A's base file name, for an EncoderSettings-only document.
    #[arg(long, default_value = "primary")]
    primary_base: String,
    /// Pipeline B's base file name, for an EncoderSettings-only document.
    #[arg(long, default_value = "backup")]
    backup_base: String,
    /// CloudFront ConnectionTimeout, seconds (1-10).
    #[arg(long, default_value_t = 10)]
    connection_timeout: u32,
    /// CloudFront ConnectionAttempts (1-3).
    #[arg(long, default_value_t = 3)]
    connection_attempts: u32,
    /// CloudFront OriginReadTimeout, seconds (1-120).
    #[arg(long, default_value_t = 30)]
    read_timeout: u32,
    /// Segments the player buffers.
    #[arg(long, default_value_t = 3)]
    buffer_segments: u32,
    /// Failover status codes, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [403, 404, 500, 502, 503, 504])]
    status_codes: Vec<u16>,
}

fn main() -> anyhow::Result<()> {
    run(Args::parse())
}

fn run(args: Args) -> anyhow::Result<()> {
    let (spec, cadence) = match &args.template {
        None => {
            let channel = LiveHlsChannel::builder()
                .name("live")
                .input_id("1234567")
                .destination(DataEndpoint::from_host(
                    "example.data.mediastore.us-east-1.amazonaws.com",
                )?)
                .pipelines(medialive_template::PipelineNames::recipe("live")?)
                .build()
                .channel()?;
            (MasterSpec::from_template(&channel)?, cadence_of(&channel)?)
        }
        Some(file) => match Template::from_json(&std::fs::read_to_string(file)?)? {
            Template::Channel(channel) => (MasterSpec::from_template(&channel)?, cadence_of(&channel)?),
            Template::EncoderSettings(settings) => {
                let names = PipelineNames::new(&args.path, &args.primary_base, &args.backup_base)?;
                let spec = MasterSpec::from_encoder_settings(&settings, names)?;
                let group = settings
                    .hls_output_groups()?
                    .into_iter()
                    .find(|g| g.redundant_manifest);
                let rate = spec
                    .renditions()
                    .iter()
                    .find_map(|r| r.frame_rate())
                    .unwrap_or(FrameRate::FPS_30);
                let length = group.map_or(6, |g| g.segment_length);
                (spec, Cadence::from_medialive_segment_length(length, rate)?)
            }
            _ => anyhow::bail!("unsupported template shape"),
        },
    };

    println!("# {}", spec.static_manifest_key());
    print!("{}", spec.static_manifest());

    let timeouts = OriginTimeouts::new(
        args.connection_timeout,
        args.connection_attempts,
        args.read_timeout,
        None,
    )?;
    let policy = OriginGroupPolicy::new(FailoverStatusCodes::new(args.status_codes)?, timeouts, timeouts);
    let budget = FailoverBudget::new(&policy, cadence, Player::segments(args.buffer_segments, cadence));
    println!();
    println!(
        "# failover budget: {} s x {} connection attempt(s), read timeout {} s",
        args.connection_timeout, args.connection_attempts, args.read_timeout
    );
    print!("{budget}");
    if !budget.is_seamless() {
        let r = budget.recommended_timeouts();
        println!(
            "recommended: ConnectionTimeout {}, ConnectionAttempts {}, OriginReadTimeout {}",
            r.connection_timeout.seconds(),
            r.connection_attempts.count(),
            r.read_timeout.seconds()
        );
    }
    Ok(())
}

/// The segment cadence of the channel's first redundant HLS group, at its first video frame rate.
fn cadence_of(channel: &Channel) -> anyhow::Result<Cadence> {
    let groups = channel.hls_output_groups()?;
    let group = groups
        .iter()
        .find(|g| g.redundant_manifest)
        .context("no HLS group with a redundant manifest")?;
    let rate = group
        .outputs
        .iter()
        .find_map(|o| o.video.as_ref().and_then(|v| v.frame_rate))
        .context("no video output with a SPECIFIED frame rate")?;
    Ok(group.cadence(rate)?)
}
