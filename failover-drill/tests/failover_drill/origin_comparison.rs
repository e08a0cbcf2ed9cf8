//! Both origin kinds side by side: every scenario of [`Scenario::origin_comparison`], run at 20x on its
//! own deployment and checked against its expectations, with the figures specific to each kind.

use std::time::Duration;

use failover_drill::{DrillSettings, Row, Scenario};

use super::{cadence, clock};

const SPEED: u32 = 20;
const SEGMENT: Duration = Duration::from_secs(6);

async fn run(name: &str, origin: &str) -> Row {
    let scenario = Scenario::compared(name, origin).unwrap();
    let row = scenario
        .run(&DrillSettings::new(cadence()), &clock(SPEED))
        .await
        .unwrap();
    if let Err(problems) = scenario.check(&row) {
        panic!("{name} ({origin}):\n  {}\n{row:#?}", problems.join("\n  "));
    }
    row
}

fn served_by(row: &Row, site: usize) -> u32 {
    row.requests_by_origin
        .get(&row.origin_ids[site])
        .copied()
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mediapackage_steady_playback_stays_on_the_primary() {
    let row = run("steady", "mediapackage-v2").await;
    assert_eq!(row.origin_ids, ["us-east-1", "us-west-2"]);
    assert!(served_by(&row, 0) > 10, "{row:#?}");
    assert_eq!(row.origin_fetches.get("us-west-2"), Some(&0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mediapackage_switches_inputs_when_a_pipeline_is_lost_or_crashes() {
    for name in [
        "source-loss-primary-pipeline",
        "source-loss-both-regions",
        "pipeline-crash-primary-region",
    ] {
        let row = run(name, "mediapackage-v2").await;
        // Nothing reaches the edge or the player: one copy, the primary Region's, all along.
        assert_eq!(row.segments_by_pathway.len(), 1, "{row:#?}");
        assert_eq!(served_by(&row, 1), 0, "{row:#?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mediapackage_origin_failure_fails_over_at_the_edge_and_back() {
    let row = run("primary-region-down", "mediapackage-v2").await;
    let bound = SEGMENT * 2 + Duration::from_secs(2) + Scenario::TIMING_TOLERANCE;
    assert!(row.time_to_failover.unwrap() <= bound, "{row:#?}");
    assert!(row.time_to_failback.is_some(), "{row:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_primary_fails_over_by_lifecycle_and_by_force_error() {
    let store = run("stale-primary-region", "mediastore").await;
    let package = run("stale-primary-region", "mediapackage-v2").await;
    // MediaStore: the lifecycle rule is due 11 s after the last write; MediaPackage v2: the stale
    // threshold is two segments (12 s) after the last segment. Either is served until then, plus the
    // edge's playlist lifetime and a reload.
    for row in [&store, &package] {
        let failover = row.time_to_failover.unwrap();
        assert!(failover >= Duration::from_secs(4), "{row:#?}");
        assert!(
            failover <= Duration::from_secs(12) + Duration::from_secs(3) + SEGMENT * 2,
            "{row:#?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incomplete_primary_manifest_fails_over_at_the_edge() {
    run("incomplete-manifest-primary-pipeline", "mediastore").await;
    let row = run("incomplete-manifest-primary-pipeline", "mediapackage-v2").await;
    assert!(served_by(&row, 1) > 0, "{row:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slate_primary_is_shown_by_mediastore_and_skipped_by_mediapackage() {
    let store = run("slate-primary-region", "mediastore").await;
    assert!(store.impaired_segments >= 5, "{store:#?}");
    let package = run("slate-primary-region", "mediapackage-v2").await;
    assert!(served_by(&package, 1) > 0, "{package:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_degraded_primary_pipeline_is_switched_away_from_by_mqcs() {
    run("degraded-primary-pipeline", "mediastore").await;
    let row = run("degraded-primary-pipeline", "mediapackage-v2 mqar").await;
    assert_eq!(served_by(&row, 1), 0, "{row:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_media_quality_selection_prefers_the_backup_over_a_degraded_primary_region() {
    let default = run("degraded-primary-region", "mediapackage-v2").await;
    assert!(default.impaired_segments >= 5, "{default:#?}");
    let mqar = run("degraded-primary-region", "mediapackage-v2 mqar").await;
    assert!(served_by(&mqar, 1) > 0, "{mqar:#?}");
    // Every miss asked the backup too (the HEAD), so the backup saw as many fetches as the primary.
    assert_eq!(
        mqar.origin_fetches.get("us-west-2"),
        mqar.origin_fetches.get("us-east-1"),
        "{mqar:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slate_everywhere_is_shown_from_the_backup_region() {
    run("slate-both-regions", "mediastore").await;
    let row = run("slate-both-regions", "mediapackage-v2 mqar").await;
    assert!(served_by(&row, 1) > 0, "{row:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn negative_cases_stall_or_error() {
    // Force-error on neither Region: the stale manifest is served and the player stalls.
    let row = run("stale-primary-region-force-error-on-neither", "mediapackage-v2").await;
    assert!(row.stall > SEGMENT, "{row:#?}");
    // A group failing over on 404 only: the outage's gateway timeouts reach the player.
    let row = run("primary-region-down-without-503-504", "mediapackage-v2").await;
    assert!(row.player_errors > 0 && !row.stall.is_zero(), "{row:#?}");
    // Media-quality selection with a backup that forces errors too: every copy answers 404.
    let row = run("slate-both-regions-force-error-on-both", "mediapackage-v2 mqar").await;
    assert!(row.player_errors > 0 && !row.stall.is_zero(), "{row:#?}");
}
