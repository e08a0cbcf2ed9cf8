use hls_epoch::{Cadence, FrameRate, Seconds};
use origin_failover::budget::{FailoverBudget, Fault, Player, Verdict, recommended_timeouts};
use origin_failover::origin_group::OriginGroupPolicy;
use origin_failover::{FailoverStatusCodes, OriginTimeouts};

fn six_seconds() -> Cadence {
    Cadence::from_medialive_segment_length(6, FrameRate::FPS_30).unwrap()
}

fn budget(timeouts: OriginTimeouts) -> FailoverBudget {
    let policy = OriginGroupPolicy::new(FailoverStatusCodes::default(), timeouts, timeouts);
    FailoverBudget::new(&policy, six_seconds(), Player::segments(3, six_seconds()))
}

#[test]
fn cloudfront_defaults_stall_a_three_segment_player() {
    let b = budget(OriginTimeouts::CLOUDFRONT_DEFAULTS);
    assert_eq!(b.player().buffer(), Seconds::whole(18));
    let down = b.faults().iter().find(|f| f.fault == Fault::Down).unwrap();
    assert_eq!(
        (down.delay_per_request, down.attempts_per_request),
        (Seconds::whole(30), 3)
    );
    // Two requests per segment x 30 s against 6 s of media: 54 s of stall per segment.
    assert_eq!(
        down.verdict,
        Verdict::Stall {
            seconds: Seconds::whole(54),
            recurring: true
        }
    );
    let slow = b.faults().iter().find(|f| f.fault == Fault::Slow).unwrap();
    assert_eq!(slow.delay_per_request, Seconds::whole(90));
    assert!(!slow.verdict.is_seamless());
    let missing = b.faults().iter().find(|f| f.fault == Fault::Missing).unwrap();
    assert!(missing.verdict.is_seamless());
    assert!(!b.is_seamless());
    assert!(b.to_string().contains("stall of 54 s on every segment"), "{b}");
    // The budget's verdict is its worst fault: three slow attempts of 30 s, twice a segment.
    assert_eq!(b.worst().fault, Fault::Slow);
    assert_eq!(
        b.verdict(),
        Verdict::Stall {
            seconds: Seconds::whole(174),
            recurring: true
        }
    );
}

#[test]
fn one_attempt_of_two_seconds_is_seamless() {
    let b = budget(OriginTimeouts::new(2, 1, 2, None).unwrap());
    assert!(b.is_seamless(), "{b}");
    let down = &b.faults()[0];
    assert_eq!(
        down.verdict,
        Verdict::Seamless {
            headroom: Seconds::whole(2)
        }
    );
}

#[test]
fn the_recommendation_is_seamless_for_ntsc_cadences_too() {
    for (length, rate) in [
        (6, FrameRate::FPS_30),
        (6, FrameRate::FPS_29_97),
        (2, FrameRate::FPS_25),
        (10, FrameRate::FPS_59_94),
    ] {
        let cadence = Cadence::from_medialive_segment_length(length, rate).unwrap();
        let defaults = OriginTimeouts::CLOUDFRONT_DEFAULTS;
        let policy = OriginGroupPolicy::new(FailoverStatusCodes::default(), defaults, defaults);
        let player = Player::segments(3, cadence);
        let recommended = FailoverBudget::new(&policy, cadence, player).recommended_timeouts();
        assert_eq!(recommended, recommended_timeouts(cadence, player));
        let policy = OriginGroupPolicy::new(FailoverStatusCodes::default(), recommended, recommended);
        let b = FailoverBudget::new(&policy, cadence, player);
        assert!(b.is_seamless(), "{length} s at {rate}: {b}");
        assert!(b.verdict().is_seamless(), "{length} s at {rate}: {b}");
    }
}

#[test]
fn a_failover_set_without_404_leaves_paused_renditions_broken() {
    let t = OriginTimeouts::new(2, 1, 2, None).unwrap();
    let policy = OriginGroupPolicy::new(FailoverStatusCodes::new([500, 502, 503, 504]).unwrap(), t, t);
    let b = FailoverBudget::new(&policy, six_seconds(), Player::segments(3, six_seconds()));
    assert_eq!(b.faults()[2].verdict, Verdict::NoFailover { viewer_status: 404 });
}
