//! The pair's distribution, the endpoint policies it needs and its failover budget.

use std::error::Error as _;

use hls_epoch::{Cadence, FrameRate, Seconds};
use mediapackage_origin::assumption::stale_manifest_threshold;
use mediapackage_origin::distribution::{Error, playlist_max_age};
use mediapackage_origin::{DistributionArn, Egress, Location};
use mediastore_policy::{AccountId, Region};
use origin_failover::Site;
use origin_failover::access_control::OriginAccessControlId;
use origin_failover::budget::{Fault, Player, Verdict, recommended_timeouts};
use origin_failover::mediapackage::MediaPackageDistribution;
use origin_failover::origin_group::SelectionCriteria;
use origin_failover::origin_kind::EgressDomain;

use crate::{pair, spec};

fn egress() -> Egress {
    Egress {
        primary: EgressDomain::new("abcde1.egress.fghij2.mediapackagev2.us-west-2.amazonaws.com").unwrap(),
        backup: EgressDomain::new("klmno3.egress.pqrst4.mediapackagev2.us-east-1.amazonaws.com").unwrap(),
    }
}

fn oac() -> OriginAccessControlId {
    OriginAccessControlId::new("E1ZT3XAMPLE0AC").unwrap()
}

fn arn() -> DistributionArn {
    DistributionArn::new("arn:aws:cloudfront::000011112222:distribution/E2QWRUHAPOMQZL").unwrap()
}

fn west() -> Location {
    Location::new(
        Region::new("us-west-2").unwrap(),
        AccountId::new("000011112222").unwrap(),
    )
}

#[test]
fn the_distribution_serves_the_channel_path_from_both_egress_domains() {
    let built = pair();
    let distribution = built.distribution("event", &egress(), &oac(), true).unwrap();
    assert_eq!(distribution.primary().domain(), &egress().primary);
    assert_eq!(distribution.backup().domain(), &egress().backup);
    assert_eq!(distribution.primary().id(), "us-west-2");
    assert_eq!(distribution.channels()[0].as_str(), "/out/v1/live/event/*");
    assert!(distribution.channels()[0].matches(&built.playback_path().to_string()));
    assert_eq!(
        *distribution.selection_criteria(),
        SelectionCriteria::MediaQualityBased
    );
    let config = distribution.to_config();
    assert_eq!(
        MediaPackageDistribution::from_config(&config).unwrap(),
        distribution
    );
}

#[test]
fn one_region_cannot_fail_over_to_itself() {
    let mut same = egress();
    same.backup = EgressDomain::new("zzz.egress.yyy.mediapackagev2.us-west-2.amazonaws.com").unwrap();
    let error = pair().distribution("event", &same, &oac(), false).unwrap_err();
    assert!(
        matches!(&error, Error::Invalid(invalid) if invalid.path == "Egress.backup"),
        "{error}"
    );
}

#[test]
fn media_quality_needs_published_scores() {
    let mut quiet = spec();
    quiet.publish_mqcs = false;
    let built = mediapackage_origin::RegionPair::build(&quiet).unwrap();
    let error = built.distribution("event", &egress(), &oac(), true).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("Channel.OutputHeaderConfiguration.PublishMQCS: false"),
        "{error}"
    );
    // Default selection does not read them.
    built.distribution("event", &egress(), &oac(), false).unwrap();
}

#[test]
fn media_quality_without_get_head_object_in_the_endpoint_policy_is_refused() {
    let built = pair();
    let distribution = built.distribution("event", &egress(), &oac(), true).unwrap();
    let get_only = built
        .region(Site::Primary)
        .endpoint_policy(&west(), &arn(), false);
    let error = built
        .check_endpoint_policy(Site::Primary, &get_only, &west(), &arn(), &distribution)
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Policy {
                site: Site::Primary,
                ..
            }
        ),
        "{error}"
    );
    let cause = error.source().unwrap().to_string();
    assert!(cause.contains("mediapackagev2:GetHeadObject"), "{cause}");
    // With the HEAD allowed it passes; with default selection GET alone is enough.
    let with_head = built.region(Site::Primary).endpoint_policy(&west(), &arn(), true);
    built
        .check_endpoint_policy(Site::Primary, &with_head, &west(), &arn(), &distribution)
        .unwrap();
    let default = built.distribution("event", &egress(), &oac(), false).unwrap();
    built
        .check_endpoint_policy(Site::Primary, &get_only, &west(), &arn(), &default)
        .unwrap();
}

#[test]
fn the_budget_waits_for_mediapackage_stale_detection() {
    let built = pair();
    let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30).unwrap();
    let player = Player::live_edge(cadence);
    let distribution = built
        .distribution("event", &egress(), &oac(), true)
        .unwrap()
        .with_origin_timeouts(recommended_timeouts(cadence, player));
    let budget = built.failover_budget(&distribution, cadence, player);
    let stale = budget.faults().iter().find(|f| f.fault == Fault::Stale).unwrap();
    // The assumed threshold (two segments, 12 s) and half a segment at the edge, beyond the 6 s
    // a new segment takes anyway.
    assert_eq!(
        stale_manifest_threshold(std::time::Duration::from_secs(6)),
        std::time::Duration::from_secs(12)
    );
    assert_eq!(playlist_max_age(Seconds::whole(6)), Seconds::whole(3));
    assert_eq!(stale.delay_per_request, Seconds::whole(9));
    assert_eq!(
        stale.verdict,
        Verdict::Seamless {
            headroom: Seconds::whole(9)
        }
    );
    assert!(budget.is_seamless(), "{budget}");
    // A player holding a single segment stalls while MediaPackage decides the manifest is stale.
    let short = built.failover_budget(&distribution, cadence, Player::segments(1, cadence));
    assert_eq!(short.worst().fault, Fault::Stale);
    assert!(matches!(short.verdict(), Verdict::Stall { recurring: false, .. }));
}
