//! Every scenario of the catalogue, run at 20x on its own deployment, checked against its expectations
//! ([`Scenario::check`]) and against the figures specific to it.
//!
//! Tolerances: timers never fire early, and fire late by scheduling latency times 20, so a measured
//! delay is checked as at least what the model says and at most a quarter plus one drill second over
//! it. Failover times are bounded by what the mechanism allows (a cache lifetime, a reload interval, a
//! lifecycle threshold), with a segment of slack.

use std::time::Duration;

use failover_drill::player::Recovery;
use failover_drill::{DrillSettings, EdgeTimeouts, Row, Scenario};

use super::{cadence, clock};

const SPEED: u32 = 20;

async fn run(name: &str, timeouts: EdgeTimeouts) -> (Scenario, Row) {
    let scenario = Scenario::named(name, timeouts).unwrap();
    let row = scenario
        .run(&DrillSettings::new(cadence()), &clock(SPEED))
        .await
        .unwrap();
    if let Err(problems) = scenario.check(&row) {
        panic!("{name} ({timeouts:?}):\n  {}\n{row:#?}", problems.join("\n  "));
    }
    (scenario, row)
}

const SEGMENT: Duration = Duration::from_secs(6);

fn served_by(row: &Row, origin: &str) -> u32 {
    row.requests_by_origin.get(origin).copied().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steady_playback_stays_on_the_primary() {
    let (_, row) = run("steady", EdgeTimeouts::Recommended).await;
    assert!(served_by(&row, "demoeast-us-east-1") > 10, "{row:#?}");
    assert_eq!(row.origin_fetches.get("demowest-us-west-2"), Some(&0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn source_loss_in_the_primary_region_fails_over_at_the_edge_and_back() {
    let (_, row) = run("source-loss-primary-pipeline", EdgeTimeouts::Recommended).await;
    // The pause deletes the playlists at once: the next reload (at most one target duration away)
    // gets the 404 and the backup's copy.
    assert!(row.time_to_failover.unwrap() <= SEGMENT + SEGMENT, "{row:#?}");
    assert!(served_by(&row, "demowest-us-west-2") > 0);
    // Back on the primary once the resumed pipeline writes again (a segment) and the cached playlist
    // from the backup expires (its TTL), with a reload of slack.
    assert!(row.time_to_failback.unwrap() <= SEGMENT * 3, "{row:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn source_loss_in_both_regions_moves_the_player_to_the_backup_pipeline() {
    let (_, row) = run("source-loss-both-regions", EdgeTimeouts::Recommended).await;
    assert!(row.time_to_failover.unwrap() <= SEGMENT + SEGMENT, "{row:#?}");
    // The player's switch is sticky: it stays on the backup copy after the recovery, and that copy is
    // still served from the primary Region.
    assert!(
        row.segments_by_pathway[1] > row.segments_by_pathway[0] / 2,
        "{row:#?}"
    );
    assert!(
        served_by(&row, "demoeast-us-east-1") > served_by(&row, "demowest-us-west-2"),
        "{row:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_pipeline_audio_groups_are_still_copies_of_one_rendition() {
    let (_, row) = run("source-loss-both-regions-audio-group", EdgeTimeouts::Recommended).await;
    // The same fault as source-loss-both-regions: MediaLive's per-pipeline audio GROUP-IDs do not stop
    // the player from moving to the other pipeline's copy, as hls.js does in the real-player runs.
    assert!(row.stall.is_zero(), "{row:#?}");
    assert_eq!(row.segments_by_pathway.len(), 2, "{row:#?}");
    assert!(row.player_errors >= 1, "{row:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn origin_failure_with_recommended_timeouts_is_seamless() {
    let (_, row) = run("primary-region-down", EdgeTimeouts::Recommended).await;
    let budget = row.budget.as_ref().unwrap();
    assert!(budget.predicted_verdict.starts_with("seamless"), "{budget:?}");
    assert_eq!(budget.predicted_delay_per_request, Duration::from_secs(2));
    let measured = budget.measured_delay_per_request.unwrap();
    assert!(
        measured >= Duration::from_secs(2) && measured <= Duration::from_millis(3500),
        "{measured:?}"
    );
    // The first miss after the fault pays one connection timeout (2 s), then the backup answers. That
    // miss comes within a reload interval (6 s), or two when the first reload hits the edge's cached
    // playlist.
    let bound = SEGMENT * 2 + Duration::from_secs(2) + Scenario::TIMING_TOLERANCE;
    assert!(row.time_to_failover.unwrap() <= bound, "{row:#?}");
    assert!(row.time_to_failback.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_primary_origin_is_seamless_with_recommended_timeouts() {
    let (_, row) = run("origin-slow-primary-region", EdgeTimeouts::Recommended).await;
    let budget = row.budget.as_ref().unwrap();
    assert!(
        budget.fault.contains("read timeouts") && budget.predicted_verdict.starts_with("seamless"),
        "{budget:?}"
    );
    // One attempt with a 2 s read timeout, then the backup.
    let measured = budget.measured_delay_per_request.unwrap();
    assert!(
        measured >= Duration::from_secs(2) && measured <= Duration::from_millis(3500),
        "{measured:?}"
    );
    assert!(row.time_to_failback.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn origin_failure_with_cloudfront_defaults_stalls_as_the_budget_predicts() {
    let (scenario, row) = run("primary-region-down", EdgeTimeouts::CloudFrontDefaults).await;
    let budget = row.budget.as_ref().unwrap();
    assert_eq!(budget.predicted_delay_per_request, Duration::from_secs(30));
    assert!(
        budget
            .predicted_verdict
            .contains("stall of 54 s on every segment"),
        "{budget:?}"
    );
    // The first failover costs 30 s against a buffer of at most 18 s: a stall within one request.
    let first_failover = row.time_to_failover.unwrap();
    assert!(
        first_failover >= Duration::from_secs(30) && first_failover <= Duration::from_secs(40),
        "{row:#?}"
    );
    // Over the outage the picture stands still for most of the time.
    let outage = scenario.recover_at.unwrap() - scenario.fault_at;
    assert!(row.stall > outage / 2, "{row:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashed_pipeline_fails_over_once_the_lifecycle_rule_deletes_its_playlists() {
    let (_, row) = run("pipeline-crash-primary-region", EdgeTimeouts::Recommended).await;
    // The stale playlist is served until the rule is due (11 s after its last write, itself at most
    // a segment before the crash), plus the edge's playlist TTL (3 s) and one reload interval.
    let failover = row.time_to_failover.unwrap();
    assert!(
        failover >= Duration::from_secs(4),
        "the stale playlist is served for a while: {row:#?}"
    );
    assert!(
        failover <= Duration::from_secs(11) + Duration::from_secs(3) + SEGMENT + SEGMENT,
        "{row:#?}"
    );
    assert!(row.time_to_failback.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_lifecycle_rule_a_crashed_pipeline_stalls_the_player() {
    let (scenario, row) = run("pipeline-crash-without-lifecycle", EdgeTimeouts::Recommended).await;
    let outage = scenario.recover_at.unwrap() - scenario.fault_at;
    // Nothing expires, nothing fails over: the player waits out the outage less its buffer.
    assert!(
        row.stall >= outage - Duration::from_secs(18) - SEGMENT * 2,
        "{row:#?}"
    );
    assert_eq!(row.player_errors, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_the_channel_ends_playback() {
    let (_, row) = run("channel-stop", EdgeTimeouts::Recommended).await;
    assert!(row.ended);
    assert_eq!(row.time_to_failover, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_both_regions_fail_playback_resumes_after_the_recovery() {
    let (scenario, row) = run("origin-failure-both-regions", EdgeTimeouts::Recommended).await;
    // Every copy fails: the player waits out the outage, less its buffer, and plays again once an
    // origin answers (a reload and a segment later).
    let outage = scenario.recover_at.unwrap() - scenario.fault_at;
    assert!(
        row.stall >= outage - Duration::from_secs(18) - SEGMENT * 2 && row.stall <= outage + SEGMENT * 2,
        "{row:#?}"
    );
    assert!(row.player_errors >= 5, "{row:#?}");
    // It resumes within a reload and two segments of the recovery (it passes over the segments the
    // outage kept from the origins, and jumps to the live edge if it fell too far behind).
    let resumed = row.stalls.last().unwrap().end;
    assert!(resumed <= scenario.recover_at.unwrap() + SEGMENT * 3, "{row:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_both_regions_fail_a_player_that_does_not_recover_stays_stalled() {
    // A page without `startLoad()` handling: hls.js stops after its fatal error, and the model does too.
    let scenario = Scenario::named("origin-failure-both-regions", EdgeTimeouts::Recommended).unwrap();
    let mut settings = DrillSettings::new(cadence());
    settings.player.recovery = Recovery::Stop;
    let row = scenario.run(&settings, &clock(SPEED)).await.unwrap();
    // One stall, from the moment the buffer ran dry (its three and a half segments and the start-up
    // after the fault, at most) to the end.
    assert_eq!(row.stalls.len(), 1, "{row:#?}");
    let stall = row.stalls[0];
    assert!(
        stall.start >= scenario.fault_at && stall.start <= scenario.fault_at + SEGMENT * 4,
        "{row:#?}"
    );
    assert!(stall.end >= scenario.duration, "{row:#?}");
    // It gave up on the last copy after its attempts there: a handful of errors, not a retry per second
    // for the whole outage as with the recovery.
    let outage = scenario.recover_at.unwrap() - scenario.fault_at;
    assert!(row.player_errors >= 2, "{row:#?}");
    assert!(
        u64::try_from(row.player_errors).unwrap() < outage.as_secs() / 2,
        "{row:#?}"
    );
    assert_eq!(row.time_to_failback, None, "{row:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ntsc_segments_of_6_006_s_fail_over_as_cleanly() {
    // 180 frames at 29.97 fps: segment boundaries fall on fractional seconds, exactly.
    let cadence =
        hls_epoch::Cadence::from_medialive_segment_length(6, hls_epoch::FrameRate::FPS_29_97).unwrap();
    assert_eq!(cadence.duration().to_string(), "6.006");
    let scenario = Scenario::named("source-loss-primary-pipeline", EdgeTimeouts::Recommended).unwrap();
    let row = scenario
        .run(&DrillSettings::new(cadence), &clock(SPEED))
        .await
        .unwrap();
    if let Err(problems) = scenario.check(&row) {
        panic!("{}\n{row:#?}", problems.join("\n"));
    }
    assert_eq!(row.media_mismatches, 0);
}

#[test]
fn checks_catch_what_a_scenario_must_not_show() {
    let scenario = Scenario::named("source-loss-primary-pipeline", EdgeTimeouts::Recommended).unwrap();
    let row = Row {
        scenario: scenario.name.clone(),
        origin: "mediastore".to_owned(),
        origin_ids: ["demoeast-us-east-1".to_owned(), "demowest-us-west-2".to_owned()],
        edge_timeouts: EdgeTimeouts::Recommended,
        stall: Duration::from_millis(1500),
        stalls: vec![],
        player_errors: 2,
        time_to_failover: None,
        time_to_failback: None,
        requests_by_origin: Default::default(),
        origin_fetches: Default::default(),
        segments_by_pathway: vec![3, 1],
        ended: false,
        media_mismatches: 1,
        skipped: Duration::ZERO,
        impaired_segments: 0,
        budget: None,
    };
    let problems = scenario.check(&row).unwrap_err();
    for expected in [
        "not the media",
        "stalled 1.5 s",
        "2 player errors",
        "backup origin",
        "after the recovery",
        "left the first copy",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected:?} in {problems:#?}"
        );
    }
    let defaults = Scenario::named("primary-region-down", EdgeTimeouts::CloudFrontDefaults).unwrap();
    let problems = defaults
        .check(&Row {
            stall: Duration::ZERO,
            media_mismatches: 0,
            ..row
        })
        .unwrap_err();
    assert!(
        problems.iter().any(|p| p.contains("no stall")) && problems.iter().any(|p| p.contains("no budget")),
        "{problems:#?}"
    );
}
