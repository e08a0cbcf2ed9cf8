//! The pair's CloudFront side: the distribution over both Regions' egress domains, the check that each
//! endpoint policy lets that distribution read as it selects, and the failover budget with
//! MediaPackage's stale detection.

use hls_epoch::{Cadence, Seconds};
use origin_failover::Site;
use origin_failover::access_control::OriginAccessControlId;
use origin_failover::budget::{FailoverBudget, Player};
use origin_failover::mediapackage::{MediaPackageDistribution, MediaPackageOrigin};
use origin_failover::origin_group::SelectionCriteria;
use origin_failover::origin_kind::EgressDomain;

use crate::assumption::stale_manifest_threshold;
use crate::invalid::Invalid;
use crate::name::{DistributionArn, Location};
use crate::pair::RegionPair;
use crate::policy::{self, EndpointPolicy};

/// Why the pair's distribution could not be made or checked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// CloudFront refused a setting of the distribution.
    #[error("the pair's distribution is not valid")]
    Distribution {
        /// What CloudFront's rules reported.
        #[source]
        source: origin_failover::distribution::Error,
    },
    /// An endpoint policy does not let the distribution read as it selects.
    #[error("{site} Region's endpoint policy does not let the distribution read")]
    Policy {
        /// The Region whose policy it is.
        site: Site,
        /// What the policy check reported.
        #[source]
        source: policy::Error,
    },
    /// The pair and the distribution do not fit together.
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

impl From<origin_failover::distribution::Error> for Error {
    fn from(source: origin_failover::distribution::Error) -> Self {
        Self::Distribution { source }
    }
}

/// Each Region's channel group egress domain, as `CreateChannelGroup` returned it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Egress {
    /// The primary Region's.
    pub primary: EgressDomain,
    /// The backup Region's.
    pub backup: EgressDomain,
}

/// How long CloudFront may keep serving a playlist MediaPackage has since updated: MediaPackage's
/// `Cache-Control` gives HLS playlists half a segment (MediaPackage user guide, "CDNs"), and the
/// distribution honours it.
pub fn playlist_max_age(segment: Seconds) -> Seconds {
    segment.scale(1, 2).unwrap_or(segment)
}

impl RegionPair {
    /// The distribution over both Regions' endpoints: origins named after their Region on each egress
    /// domain, signed with `access_control`, one behaviour for the channel's path, selecting by media
    /// quality when `media_quality` (then the channel must publish MQCS, and the endpoint policies
    /// must allow `GetHeadObject`: [`RegionPair::check_endpoint_policy`]).
    pub fn distribution(
        &self,
        caller_reference: &str,
        egress: &Egress,
        access_control: &OriginAccessControlId,
        media_quality: bool,
    ) -> Result<MediaPackageDistribution, Error> {
        if egress.primary.region() == egress.backup.region() {
            return Err(Invalid::new(
                "Egress.backup",
                format!("{:?}", egress.backup.as_str()),
                "an egress domain in another Region than the primary's: one Region cannot fail over to itself",
            )
            .into());
        }
        let publish = self
            .region(Site::Primary)
            .channel
            .output_header_configuration
            .as_ref()
            .and_then(|c| c.publish_mqcs);
        if media_quality && publish != Some(true) {
            return Err(Invalid::new(
                "Channel.OutputHeaderConfiguration.PublishMQCS",
                publish.map_or_else(|| "absent".to_owned(), |p| p.to_string()),
                "true: media-quality-based selection compares the scores MediaPackage publishes",
            )
            .into());
        }
        let origin = |domain: &EgressDomain| {
            MediaPackageOrigin::new(domain.region(), domain.clone(), access_control.clone())
        };
        let mut distribution = MediaPackageDistribution::new(
            caller_reference,
            origin(&egress.primary)?,
            origin(&egress.backup)?,
            vec![self.playback_path().behaviour_pattern()?],
        )?;
        if media_quality {
            distribution = distribution.with_selection_criteria(SelectionCriteria::MediaQualityBased)?;
        }
        Ok(distribution)
    }

    /// Checks that `policy`, the `site` Region's endpoint policy at `location`, lets the distribution
    /// `arn` GET, and HEAD too when `distribution` selects by media quality.
    pub fn check_endpoint_policy(
        &self,
        site: Site,
        policy: &EndpointPolicy,
        location: &Location,
        arn: &DistributionArn,
        distribution: &MediaPackageDistribution,
    ) -> Result<(), Error> {
        let media_quality = *distribution.selection_criteria() == SelectionCriteria::MediaQualityBased;
        let endpoint = location.endpoint_arn(&self.region(site).names());
        policy
            .check_cloudfront_read(&endpoint, arn, media_quality)
            .map_err(|source| Error::Policy { site, source })
    }

    /// The failover budget of `distribution` for endpoint segments of `cadence` and `player`, with
    /// MediaPackage's stale detection: [`stale_manifest_threshold`] (an assumption: AWS does not
    /// document it) plus [`playlist_max_age`] at the edge.
    pub fn failover_budget(
        &self,
        distribution: &MediaPackageDistribution,
        cadence: Cadence,
        player: Player,
    ) -> FailoverBudget {
        let segment = cadence.duration();
        let threshold = stale_manifest_threshold(segment.to_duration());
        // The assumption speaks std durations; whole nanoseconds carry any segment length exactly
        // enough (a 29.97 fps segment of 180 frames is 6.006 s).
        let threshold = u64::try_from(threshold.as_nanos())
            .ok()
            .and_then(|nanos| Seconds::new(nanos, 1_000_000_000).ok())
            .unwrap_or(Seconds::whole(threshold.as_secs()));
        FailoverBudget::new(&distribution.origin_group_policy(), cadence, player)
            .with_stale_manifest(threshold, playlist_max_age(segment))
    }
}
