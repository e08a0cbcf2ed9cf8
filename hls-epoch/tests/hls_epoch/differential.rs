//! The epoch clock against an independent arbitrary-precision rational reference.

use hls_epoch::{Cadence, EpochClock, FrameRate, Timestamp};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::ToPrimitive;

/// 2200-01-01T00:00:00Z in nanoseconds.
const END_2200_NANOS: i128 = 7_258_118_400 * 1_000_000_000;
const INSTANTS: usize = 1_000_000;

/// floor(t / segment) with segment = frames × den / num seconds, in exact big rationals.
fn reference_index(t_nanos: i128, frames: u32, rate: FrameRate) -> u64 {
    let t = BigRational::new(BigInt::from(t_nanos), BigInt::from(1_000_000_000u64));
    let segment = BigRational::new(
        BigInt::from(u64::from(frames) * u64::from(rate.denominator())),
        BigInt::from(rate.numerator()),
    );
    (t / segment).floor().to_integer().to_u64().expect("index fits")
}

#[test]
fn a_million_instants_agree_with_the_reference() {
    // A fixed seed, so every run checks the same instants.
    let mut rng = fastrand::Rng::with_seed(0x5EED);
    let mut disagreements = Vec::new();
    let segment_lengths = [1u32, 2, 4, 6, 10];
    for i in 0..INSTANTS {
        let rate = FrameRate::NAMED[i % FrameRate::NAMED.len()];
        let seconds = segment_lengths[(i / FrameRate::NAMED.len()) % segment_lengths.len()];
        let clock = EpochClock::unix(Cadence::from_medialive_segment_length(seconds, rate).unwrap());
        // Half the instants are uniform over 1970-2200; half sit within a microsecond of a boundary,
        // where rounding mistakes show.
        let t_nanos = if i % 2 == 0 {
            rng.i128(0..END_2200_NANOS)
        } else {
            let index = rng.u64(..7_258_118_400 / u64::from(seconds));
            let start = clock.start_of(index).unwrap().unix_nanos();
            start + rng.i128(-1000..=1000)
        };
        let t = Timestamp::from_unix_nanos(t_nanos.max(0)).unwrap();
        let expected = reference_index(t.unix_nanos(), clock.cadence().frames(), rate);
        let actual = clock.index_at(t).unwrap();
        if actual != expected {
            disagreements.push((t, rate, seconds, expected, actual));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements, first: {:?}",
        disagreements.len(),
        disagreements.first()
    );
}
