//! Which epoch-locked segment is being written now, and what it is called in the origin.
//!
//! This is how to check Step 4 of the resilient-workflow recipe: compare the printed segment name with
//! the newest `.ts` object in the MediaStore container.
//!
//! ```text
//! cargo run -p hls-epoch --example epoch -- --rate 29.97 --segment-length 6 --name-modifier _720p30
//! cargo run -p hls-epoch --example epoch -- --at 2020-10-27T23:32:13.403259Z --custom-epoch 2020-01-01T00:00:00
//! ```

use std::time::SystemTime;

use clap::Parser;
use hls_epoch::{Cadence, CustomEpoch, Epoch, EpochClock, FrameRate, SegmentName, Timestamp};

/// Print the current epoch-locked segment number, its window, the next boundaries and the expected
/// segment name.
#[derive(Parser)]
struct Args {
    /// Output frame rate: "29.97", "30000/1001", "25", ...
    #[arg(long, default_value = "30")]
    rate: FrameRate,
    /// MediaLive's `SegmentLength`, in whole seconds.
    #[arg(long, default_value_t = 6)]
    segment_length: u32,
    /// The instant to reason about (RFC 3339); the system clock when omitted.
    #[arg(long)]
    at: Option<Timestamp>,
    /// MediaLive `CustomEpoch` ("YYYY-MM-DDTHH:00:00", UTC); the Unix epoch when omitted.
    #[arg(long)]
    custom_epoch: Option<CustomEpoch>,
    /// The destination's base name.
    #[arg(long, default_value = "primary")]
    base: String,
    /// The output's name modifier.
    #[arg(long, default_value = "_720p30")]
    name_modifier: String,
    /// How many upcoming boundaries to list.
    #[arg(long, default_value_t = 3)]
    boundaries: u64,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let now = match args.at {
        Some(at) => at,
        None => Timestamp::try_from(SystemTime::now())?,
    };
    let cadence = Cadence::from_medialive_segment_length(args.segment_length, args.rate)?;
    let epoch = args.custom_epoch.map_or(Epoch::Unix, Epoch::Custom);
    let clock = EpochClock::new(epoch, cadence);
    let window = clock.window_at(now)?;

    println!("instant          {now}");
    println!("epoch            {}", epoch.start());
    println!("cadence          {cadence}");
    println!("segment number   {}", window.index);
    println!("window           [{}, {})", window.start, window.end);
    println!(
        "being written    {}",
        SegmentName::new(&args.base, &args.name_modifier, window.index)
    );
    if let Some(previous) = window.index.checked_sub(1) {
        println!(
            "newest complete  {}",
            SegmentName::new(&args.base, &args.name_modifier, previous)
        );
    }
    println!("next boundaries");
    for k in 1..=args.boundaries {
        let index = window.index + k;
        println!("  {index}  {}", clock.start_of(index)?);
    }
    Ok(())
}
