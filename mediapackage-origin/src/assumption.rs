//! What AWS leaves open, as named assumptions: one function each, each tested, each to revisit when
//! AWS documents the behaviour.

use std::time::Duration;

use hls_epoch::{Cadence, EpochClock};

/// How long an endpoint's manifest may go without a new segment before `STALE_MANIFEST` makes it
/// answer 404: assumed **two segment durations**.
///
/// AWS does not document the threshold (MediaPackage v2 API reference,
/// `ForceEndpointErrorConfiguration`). Two segments is the smallest gap that a single late segment
/// never crosses and a lost input always does; the recipe's MediaStore lifecycle rule (1.8 segments,
/// rounded up to whole seconds) sits just below it. The failover budget and the local drill use this
/// value, so a slower real threshold shows up as a longer measured failover, not as a silent error.
pub fn stale_manifest_threshold(segment: Duration) -> Duration {
    segment.saturating_mul(2)
}

/// The response header that carries MediaPackage's media quality confidence score (MQCS) to
/// CloudFront when `PublishMQCS` is on: assumed **`CMSD-Static`**, CTA-5006's header for values that do
/// not change for an object.
///
/// AWS documents that MediaPackage sends MQCS in Common Media Server Data headers (MediaPackage user
/// guide, "CMSD") but not the key's exact name; CloudFront logs the score it read as `x-edge-mqcs`.
pub fn mqcs_header() -> &'static str {
    "CMSD-Static"
}

/// Whether MediaLive's MediaPackage output group (v2 mode) sends MQCS with its segments as the CMAF
/// Ingest output group does: assumed **yes**.
///
/// MediaLive's MQCS page lists only the CMAF Ingest output group; the MediaPackage output group is
/// documented as CMAF ingest underneath. Under this assumption both output groups can feed
/// `MQCSInputSwitching`; a deployment that must not rely on it uses the CMAF Ingest output group.
pub fn media_package_output_group_emits_mqcs() -> bool {
    true
}

/// How an epoch-locked endpoint numbers its segments: assumed **the epoch clock's index at the
/// endpoint's segment duration**, counted from the channel's epoch (MediaLive's custom epoch, else
/// the Unix epoch), so that the media sequence of an `endpoint_segment` of `d` seconds that starts at
/// `t` is `(t - epoch) / d`.
///
/// AWS documents that epoch-locked channels align segments across Regions (MediaPackage v2 user
/// guide, "cross-Region failover") but not the numbering itself. Whether both Regions number alike
/// is checked without this assumption (their media sequences are compared with each other); only
/// the judgement "epoch-locked" (the numbers are close to this clock's) rests on it.
pub fn endpoint_epoch_clock(input: EpochClock, endpoint_segment: Cadence) -> EpochClock {
    EpochClock::new(input.epoch(), endpoint_segment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_threshold_is_two_segments() {
        assert_eq!(
            stale_manifest_threshold(Duration::from_secs(6)),
            Duration::from_secs(12)
        );
        assert_eq!(
            stale_manifest_threshold(Duration::from_millis(6006)),
            Duration::from_millis(12012)
        );
        assert_eq!(stale_manifest_threshold(Duration::MAX), Duration::MAX);
    }

    #[test]
    fn mqcs_travels_in_cmsd_static() {
        assert_eq!(mqcs_header(), "CMSD-Static");
        assert!(mqcs_header().starts_with("CMSD-"));
    }

    #[test]
    fn endpoint_segments_count_from_the_inputs_epoch() {
        use hls_epoch::FrameRate;
        let input = Cadence::from_medialive_segment_length(2, FrameRate::FPS_30).unwrap();
        let endpoint = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30).unwrap();
        let clock = endpoint_epoch_clock(EpochClock::unix(input), endpoint);
        let now: hls_epoch::Timestamp = "2026-11-24T22:00:00Z".parse().unwrap();
        // Three input segments make one endpoint segment.
        assert_eq!(
            clock.index_at(now).unwrap(),
            EpochClock::unix(input).index_at(now).unwrap() / 3
        );
        assert_eq!(clock.epoch(), EpochClock::unix(input).epoch());
        assert_eq!(clock.cadence(), endpoint);
    }

    #[test]
    fn media_package_output_group_is_assumed_to_emit_mqcs() {
        assert!(media_package_output_group_emits_mqcs());
    }
}
