//! Speed of the epoch clock, and how often a naive `f64` implementation gets the index wrong on the
//! same sweep of instants.
//!
//! Run with `cargo bench -p hls-epoch --bench epoch`. Before the timings it prints the `f64` error count;
//! criterion's per-call medians are in `target/criterion/*/new/estimates.json` (`median`), divided by
//! the batch size printed here.

// A benchmark fails loudly on setup errors.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_main};
use hls_epoch::{Cadence, EpochClock, FrameRate, Timestamp};

/// 2200-01-01T00:00:00Z in nanoseconds.
const END_2200_NANOS: i128 = 7_258_118_400 * 1_000_000_000;
const SWEEP: usize = 1_000_000;
const BATCH: usize = 1024;

/// Half uniform instants over 1970-2200, half within a microsecond of a segment boundary; 6-second
/// segments at every named rate.
fn sweep() -> Vec<(EpochClock, Timestamp)> {
    // A fixed seed, as in the differential test, so every run measures the same instants.
    let mut rng = fastrand::Rng::with_seed(0x5EED);
    (0..SWEEP)
        .map(|i| {
            let rate = FrameRate::NAMED[i % FrameRate::NAMED.len()];
            let clock =
                EpochClock::unix(Cadence::from_medialive_segment_length(6, rate).expect("valid cadence"));
            let nanos = if i % 2 == 0 {
                rng.i128(0..END_2200_NANOS)
            } else {
                let index = rng.u64(..7_258_118_400 / 6);
                let start = clock.start_of(index).expect("in range").unix_nanos();
                (start + rng.i128(-1000..=1000)).max(0)
            };
            (clock, Timestamp::from_unix_nanos(nanos).expect("in range"))
        })
        .collect()
}

/// What a hand-rolled implementation typically does: seconds as `f64`, segment length as `f64`.
fn naive_f64_index(clock: EpochClock, t: Timestamp) -> u64 {
    let cadence = clock.cadence();
    let fps = f64::from(cadence.rate().numerator()) / f64::from(cadence.rate().denominator());
    let segment = f64::from(cadence.frames()) / fps;
    let seconds = t.unix_seconds() as f64 + f64::from(t.subsec_nanos()) * 1e-9;
    (seconds / segment).floor() as u64
}

fn report_f64_errors(sweep: &[(EpochClock, Timestamp)]) {
    let wrong = sweep
        .iter()
        .filter(|(c, t)| naive_f64_index(*c, *t) != c.index_at(*t).expect("after epoch"))
        .count();
    let near_boundary = sweep.len() / 2;
    println!(
        "naive f64 index: {wrong} wrong of {} instants ({:.2}% of the {near_boundary} near a boundary); exact: 0 wrong",
        sweep.len(),
        wrong as f64 * 100.0 / near_boundary as f64
    );
    println!("criterion batch size: {BATCH} calls per iteration");
}

fn bench(c: &mut Criterion) {
    let sweep = sweep();
    report_f64_errors(&sweep);
    let batch: Vec<(EpochClock, Timestamp)> =
        sweep.iter().step_by(SWEEP / BATCH).take(BATCH).copied().collect();
    let indices: Vec<(EpochClock, u64)> = batch
        .iter()
        .map(|(c, t)| (*c, c.index_at(*t).expect("after epoch")))
        .collect();

    let mut group = c.benchmark_group("epoch_clock");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.bench_function("index_at", |b| {
        b.iter(|| {
            for (clock, t) in &batch {
                black_box(clock.index_at(black_box(*t)).ok());
            }
        })
    });
    group.bench_function("start_of", |b| {
        b.iter(|| {
            for (clock, index) in &indices {
                black_box(clock.start_of(black_box(*index)).ok());
            }
        })
    });
    group.bench_function("naive_f64_index", |b| {
        b.iter(|| {
            for (clock, t) in &batch {
                black_box(naive_f64_index(*clock, black_box(*t)));
            }
        })
    });
    group.finish();
}

// The macro generates an undocumented public function.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
