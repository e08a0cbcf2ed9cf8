use hls_epoch::{Cadence, FrameRate};
use medialive_template::audio::AacProfile;
use medialive_template::video::{H264Level, H264Profile};
use medialive_template::{Pipeline, PipelineNames};
use origin_failover::budget::{FailoverBudget, Player};
use origin_failover::check::{check, parse_master};
use origin_failover::codecs::{avc1, mp4a};
use origin_failover::manifest::{MasterSpec, Rendition, render};
use origin_failover::origin_group::OriginGroupPolicy;
use origin_failover::staleness::{Tolerance, compare};
use origin_failover::{FailoverStatusCodes, OriginTimeouts};
use proptest::prelude::*;

fn rung() -> impl Strategy<Value = (u32, u32, usize, usize)> {
    (1u32..=120, 1u32..=68, 0..FrameRate::NAMED.len(), 0..3usize)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any ladder's predicted masters parse back unchanged, pair every rendition with its copy, and match
    /// each other.
    #[test]
    fn predicted_masters_parse_and_pair(
        rungs in proptest::collection::vec(rung(), 1..8),
        primary in "[a-z][a-z0-9]{0,11}",
        backup in "[a-z][a-z0-9]{0,11}",
    ) {
        prop_assume!(primary != backup);
        let names = PipelineNames::new("live", &primary, &backup).unwrap();
        let renditions: Vec<Rendition> = rungs
            .iter()
            .enumerate()
            .map(|(i, &(w, h, rate, profile))| {
                let (width, height) = (w * 16, h * 16);
                let rate = FrameRate::NAMED[rate];
                let profile = [H264Profile::Baseline, H264Profile::Main, H264Profile::High][profile].clone();
                // Distinct bit rates: identical renditions would be indistinguishable copies.
                let bitrate = 200_000 + 100_000 * i as u64;
                let level = H264Level::lowest_for(width, height, rate, bitrate, &profile).unwrap();
                let codecs = format!("{},{}", avc1(&profile, &level).unwrap(), mp4a(&AacProfile::Lc).unwrap());
                Rendition::new(&format!("_{height}p{i}"), bitrate + 96_000, &codecs)
                    .with_resolution(width, height)
                    .with_frame_rate(rate)
            })
            .collect();
        let spec = MasterSpec::new(names, renditions).unwrap();
        for pipeline in Pipeline::BOTH {
            let master = spec.predicted_master(pipeline);
            let parsed = parse_master(render(&master).as_bytes()).unwrap();
            prop_assert_eq!(&parsed, &master);
            let report = check(&parsed);
            prop_assert_eq!(report.pairs.len(), rungs.len());
            prop_assert!(report.findings.is_empty(), "{:?}", report.findings);
            let bases = report.base_names.unwrap();
            prop_assert_eq!(bases.0.as_str(), spec.names().base(pipeline));
            prop_assert_eq!(bases.1.as_str(), spec.names().base(pipeline.other()));
            prop_assert!(!compare(&parsed, &spec.static_master(), Tolerance::EXACT).is_stale());
        }
    }

    /// The recommended timeouts hide an outage for any cadence of 2 s or more and a buffer of at least
    /// one segment.
    #[test]
    fn recommendations_are_seamless(length in 2u32..=30, rate in 0..FrameRate::NAMED.len(), segments in 1u32..=6) {
        let cadence = Cadence::from_medialive_segment_length(length, FrameRate::NAMED[rate]).unwrap();
        let player = Player::segments(segments, cadence);
        let defaults = OriginTimeouts::CLOUDFRONT_DEFAULTS;
        let policy = OriginGroupPolicy::new(FailoverStatusCodes::default(), defaults, defaults);
        let recommended = FailoverBudget::new(&policy, cadence, player).recommended_timeouts();
        let policy = OriginGroupPolicy::new(FailoverStatusCodes::default(), recommended, recommended);
        let budget = FailoverBudget::new(&policy, cadence, player);
        prop_assert!(budget.is_seamless(), "{}", budget);
    }

    /// Longer timeouts never shorten the wait before the backup serves.
    #[test]
    fn waits_grow_with_timeouts(connect in 1u32..=9, attempts in 1u32..=3, read in 1u32..=119) {
        let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30).unwrap();
        let player = Player::segments(3, cadence);
        let budget = |t: OriginTimeouts| {
            let policy = OriginGroupPolicy::new(FailoverStatusCodes::default(), t, t);
            FailoverBudget::new(&policy, cadence, player)
        };
        let small = budget(OriginTimeouts::new(connect, attempts, read, None).unwrap());
        let large = budget(OriginTimeouts::new(connect + 1, attempts, read + 1, None).unwrap());
        for (s, l) in small.faults().iter().zip(large.faults()) {
            prop_assert!(s.delay_per_request <= l.delay_per_request);
            // Whatever the larger timeouts hide, the smaller ones hide too.
            prop_assert!(!l.verdict.is_seamless() || s.verdict.is_seamless());
        }
    }
}

fn playlist_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("#EXTM3U".to_owned()),
        Just("#EXT-X-VERSION:3".to_owned()),
        "#EXT-X-STREAM-INF:BANDWIDTH=[0-9]{1,8}(,CODECS=\"[a-z0-9.,]{0,20}\")?(,RESOLUTION=[0-9]{1,4}x[0-9]{1,4})?(,FRAME-RATE=[0-9.]{1,6})?(,AUDIO=\"[a-z]{1,3}\")?",
        "#EXT-X-MEDIA:TYPE=(AUDIO|SUBTITLES|VIDEO),GROUP-ID=\"[a-z]{1,3}\",NAME=\"[a-z]{1,5}\"(,URI=\"[a-z]{1,5}.m3u8\")?",
        "#EXTINF:[0-9.]{1,6},",
        "[ \t]{0,4}[a-z_/]{1,12}\\.(m3u8|ts)",
        "[ -~]{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the bytes, checking them ends in a report or an error, never a panic.
    #[test]
    fn checking_never_panics(lines in proptest::collection::vec(playlist_line(), 0..24), raw in proptest::collection::vec(any::<u8>(), 0..64)) {
        let text = lines.join("\n");
        let _ = origin_failover::check::check_master(text.as_bytes());
        let _ = origin_failover::check::check_master(&raw);
        let _ = origin_failover::staleness::compare_bytes(text.as_bytes(), text.as_bytes(), Tolerance::default());
    }
}
