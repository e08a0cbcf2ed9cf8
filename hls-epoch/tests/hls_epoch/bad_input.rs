//! Bad input gets an error naming the value and what is allowed; nothing panics.

use hls_epoch::{Cadence, CustomEpoch, FrameRate, Timecode};

#[test]
fn a_rate_of_zero() {
    let err = FrameRate::new(0, 1).unwrap_err().to_string();
    assert!(err.contains("0/1") && err.contains("at least 1"), "{err}");
    let err = "0".parse::<FrameRate>().unwrap_err().to_string();
    assert!(err.contains("0/1"), "{err}");
}

#[test]
fn a_decimal_rate_that_is_not_a_broadcast_rate() {
    let err = "29.976".parse::<FrameRate>().unwrap_err().to_string();
    assert!(
        err.contains("\"29.976\" is not a broadcast frame rate; nearest: 29.97 (30000/1001), 30")
            && err.contains("\"3747/125\""),
        "{err}"
    );
    // Written as a fraction, the same rate is taken as meant.
    let rate: FrameRate = "3747/125".parse().unwrap();
    assert_eq!((rate.numerator(), rate.denominator()), (3747, 125));
}

#[test]
fn a_custom_epoch_with_minutes() {
    let err = "2024-06-01T05:15:00"
        .parse::<CustomEpoch>()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("2024-06-01T05:15:00") && err.contains("minutes and seconds must be 00:00"),
        "{err}"
    );
}

#[test]
fn twenty_five_hours() {
    let err = "25:00:00:00".parse::<Timecode>().unwrap_err().to_string();
    assert!(
        err.contains("25:00:00:00") && err.contains("hours 25") && err.contains("0-23"),
        "{err}"
    );
}

#[test]
fn drop_frame_at_25_fps() {
    let err = Timecode::parse_at("10:00:00;00", FrameRate::FPS_25)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("10:00:00;00") && err.contains("29.97 and 59.94") && err.contains("25 fps"),
        "{err}"
    );
}

#[test]
fn a_segment_that_is_not_whole_frames() {
    let err = Cadence::from_duration("6".parse().unwrap(), FrameRate::FPS_59_94)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("6 s") && err.contains("59.94") && err.contains("6.006"),
        "{err}"
    );
}
