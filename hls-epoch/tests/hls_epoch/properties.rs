//! Invariants that must hold for every instant from 1970 to 2200 at every named frame rate.

use hls_epoch::{Cadence, CustomEpoch, Epoch, EpochClock, FrameRate, Timecode, Timestamp};
use proptest::prelude::*;

/// 2200-01-01T00:00:00Z.
const END_2200: i64 = 7_258_118_400;

fn named_rate() -> impl Strategy<Value = FrameRate> {
    prop::sample::select(FrameRate::NAMED.to_vec())
}

fn instant() -> impl Strategy<Value = Timestamp> {
    (0..END_2200, 0..1_000_000_000u32).prop_map(|(s, n)| Timestamp::from_unix(s, n).expect("in range"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn an_instant_lies_in_the_window_of_its_index(rate in named_rate(), seconds in 1u32..=30, t in instant()) {
        let clock = EpochClock::unix(Cadence::from_medialive_segment_length(seconds, rate).unwrap());
        let index = clock.index_at(t).unwrap();
        let window = clock.window(index).unwrap();
        prop_assert!(window.start <= t, "start {} > t {}", window.start, t);
        prop_assert!(t < window.end, "t {} >= end {}", t, window.end);
        prop_assert_eq!(clock.start_of(index + 1).unwrap(), window.end);
        prop_assert_eq!(clock.index_at(window.start).unwrap(), index);
        prop_assert_eq!(clock.next_boundary(t).unwrap(), window.end);
    }

    #[test]
    fn custom_epochs_shift_the_same_arithmetic(
        rate in named_rate(),
        frames in 1u32..2000,
        hours_after_2000 in 0i64..1_000_000,
        after in 0i64..3_000_000_000,
    ) {
        let epoch_start = Timestamp::from_unix(946_684_800 + hours_after_2000 * 3600, 0).unwrap();
        let epoch = CustomEpoch::new(epoch_start).unwrap();
        let clock = EpochClock::new(Epoch::Custom(epoch), Cadence::from_frames(frames, rate).unwrap());
        let t = epoch_start.checked_add_nanos(i128::from(after) * 1_000_000_007).unwrap();
        let index = clock.index_at(t).unwrap();
        prop_assert!(clock.start_of(index).unwrap() <= t && t < clock.start_of(index + 1).unwrap());
    }

    #[test]
    fn timecode_round_trips_through_frame_counts(rate in named_rate(), drop in any::<bool>(), count in 0u64..5_184_000) {
        let drop = drop && rate.supports_drop_frame();
        let per_day = u64::from(rate.nominal()) * 86_400 - if drop { u64::from(rate.nominal() / 15) * 1296 } else { 0 };
        let count = count % per_day;
        let tc = Timecode::from_frame_count(count, rate, drop).unwrap();
        prop_assert_eq!(tc.frame_count(rate).unwrap(), count);
        let parsed = Timecode::parse_at(&tc.to_string(), rate).unwrap();
        prop_assert_eq!(parsed, tc);
    }

    #[test]
    fn timestamps_round_trip_through_rfc3339(t in instant()) {
        prop_assert_eq!(t.to_string().parse::<Timestamp>().unwrap(), t);
    }

    /// Broadcast rates show as numbers and every other rate as a fraction: either way the text is the rate.
    #[test]
    fn every_rate_round_trips_through_its_text(numerator in 1u32.., denominator in 1u32..) {
        let rate = FrameRate::new(numerator, denominator).unwrap();
        prop_assert_eq!(rate.to_string().parse::<FrameRate>().unwrap(), rate);
    }

    /// A number parses only to a broadcast rate.
    #[test]
    fn a_number_parses_only_to_a_broadcast_rate(int in 0u32..200, frac in 0u32..10_000) {
        if let Ok(rate) = format!("{int}.{frac:04}").parse::<FrameRate>() {
            prop_assert!(rate.is_broadcast(), "{int}.{frac:04} -> {rate}");
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,40}") {
        let _ = text.parse::<FrameRate>();
        let _ = text.parse::<Timecode>();
        let _ = text.parse::<Timestamp>();
        let _ = text.parse::<CustomEpoch>();
        let _ = text.parse::<hls_epoch::SegmentName>();
        let _ = text.parse::<hls_epoch::Seconds>();
    }
}

#[test]
fn every_drop_frame_minute_boundary_round_trips() {
    for rate in [FrameRate::FPS_29_97, FrameRate::FPS_59_94] {
        let dropped = u64::from(rate.nominal() / 15);
        for minute in 0..24 * 60u64 {
            let tc = Timecode::new((minute / 60) as u8, (minute % 60) as u8, 0, 0, true).unwrap();
            let first = if minute % 10 == 0 {
                tc
            } else {
                Timecode::new(tc.hours(), tc.minutes(), 0, dropped as u8, true).unwrap()
            };
            let count = first.frame_count(rate).unwrap();
            assert_eq!(
                Timecode::from_frame_count(count, rate, true).unwrap(),
                first,
                "{first}"
            );
            if count > 0 {
                let before = Timecode::from_frame_count(count - 1, rate, true).unwrap();
                assert_eq!(before.seconds(), 59, "{before} precedes {first}");
                assert_eq!(
                    u32::from(before.frames()),
                    rate.nominal() - 1,
                    "{before} precedes {first}"
                );
            }
        }
    }
}
