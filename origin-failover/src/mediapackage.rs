//! The distribution for MediaPackage v2 origins: one origin per Region on its channel group's egress
//! domain, read over HTTPS through Origin Access Control; an origin group failing over on 404 (the
//! primary endpoint's forced errors) and on connection errors and timeouts (503, 504), selecting by
//! media quality when asked; a cache behaviour per channel that honours MediaPackage's `Cache-Control`
//! and keys on the query strings MediaPackage reads; errors cached briefly so that fail-back is quick.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::access_control::OriginAccessControlId;
use crate::cache_behavior::{PathPattern, check_honours_origin, honouring_origin};
use crate::distribution::{
    DEFAULT_GROUP_ID, Error, FailoverStatusCodes, OriginTimeouts, check_id, check_live_behavior, check_pair,
    checked_comment, https_origin, invalid, live_settings, origin_group_document, with_path,
};
use crate::document::{DistributionConfig, List, Origin};
use crate::origin_group::{OriginGroupPolicy, SelectionCriteria, SingleGroup};
use crate::origin_kind::{EgressDomain, OriginKind};

/// The status codes every MediaPackage v2 origin group fails over on: 404 (the primary endpoint's
/// forced errors on a stale or incomplete manifest or slate), 503 (without it, a connection CloudFront
/// cannot make does not fail over) and 504 (without it, neither does a timeout).
pub const REQUIRED_STATUS_CODES: [u16; 3] = [404, 503, 504];

/// How long CloudFront caches a 404 by default (`ErrorCachingMinTTL`), in seconds: long enough that a
/// recovered primary keeps being skipped for every object it cached an error for.
pub const CLOUDFRONT_ERROR_CACHING_SECONDS: u32 = 10;

/// One Region's MediaPackage v2 origin: its channel group's egress domain, HTTPS only, signed through
/// an origin access control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaPackageOrigin {
    id: String,
    domain: EgressDomain,
    access_control: OriginAccessControlId,
    timeouts: OriginTimeouts,
}

impl MediaPackageOrigin {
    /// An origin named `id` (1-128 characters of `[A-Za-z0-9._-]`) on `domain`, signed with the
    /// origin access control `access_control`, with CloudFront's default timeouts.
    pub fn new(id: &str, domain: EgressDomain, access_control: OriginAccessControlId) -> Result<Self, Error> {
        check_id("Origins.Items[].Id", id)?;
        Ok(Self {
            id: id.to_owned(),
            domain,
            access_control,
            timeouts: OriginTimeouts::CLOUDFRONT_DEFAULTS,
        })
    }

    /// Replaces the timeouts.
    pub fn with_timeouts(mut self, timeouts: OriginTimeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The origin's identifier.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The egress domain.
    pub fn domain(&self) -> &EgressDomain {
        &self.domain
    }

    /// The origin access control that signs requests.
    pub fn access_control(&self) -> &OriginAccessControlId {
        &self.access_control
    }

    /// The timeouts.
    pub fn timeouts(&self) -> OriginTimeouts {
        self.timeouts
    }

    fn document(&self) -> Origin {
        let mut extra = Map::new();
        extra.insert(
            "OriginAccessControlId".to_owned(),
            json!(self.access_control.as_str()),
        );
        Origin {
            extra,
            ..https_origin(&self.id, self.domain.as_str().to_owned(), self.timeouts)
        }
    }

    fn read(origin: &Origin, path: &str) -> Result<Self, Error> {
        let field = |name: &str| format!("{path}.{name}");
        let domain =
            EgressDomain::new(&origin.domain_name).map_err(|e| with_path(e, &field("DomainName")))?;
        let config = origin
            .custom_origin_config
            .as_ref()
            .ok_or_else(|| Error::Missing {
                path: field("CustomOriginConfig"),
                expected: "a custom origin with OriginProtocolPolicy \"https-only\"".to_owned(),
            })?;
        if config.origin_protocol_policy != "https-only" {
            return Err(invalid(
                field("CustomOriginConfig.OriginProtocolPolicy"),
                &config.origin_protocol_policy,
                "\"https-only\": MediaPackage v2 egress and Origin Access Control signing need HTTPS",
            ));
        }
        let access_control = match origin.extra.get("OriginAccessControlId") {
            Some(Value::String(id)) => {
                OriginAccessControlId::new(id).map_err(|e| with_path(e, &field("OriginAccessControlId")))?
            }
            Some(other) => {
                return Err(invalid(
                    field("OriginAccessControlId"),
                    other,
                    "the origin access control's Id",
                ));
            }
            None => {
                return Err(Error::Missing {
                    path: field("OriginAccessControlId"),
                    expected: "an origin access control of type mediapackagev2: the endpoint policy admits only signed requests"
                        .to_owned(),
                });
            }
        };
        let timeouts = OriginTimeouts::read(origin, config, path)?;
        Ok(Self::new(&origin.id, domain, access_control)
            .map_err(|e| with_path(e, &field("Id")))?
            .with_timeouts(timeouts))
    }
}

/// A CloudFront distribution for a two-Region MediaPackage v2 origin.
///
/// ```
/// use origin_failover::access_control::OriginAccessControlId;
/// use origin_failover::cache_behavior::PathPattern;
/// use origin_failover::mediapackage::{MediaPackageDistribution, MediaPackageOrigin};
/// use origin_failover::origin_group::SelectionCriteria;
/// use origin_failover::origin_kind::EgressDomain;
///
/// let oac = OriginAccessControlId::new("E2QWRUHAPOMQZL")?;
/// let west = MediaPackageOrigin::new("us-west-2", EgressDomain::new("abc.egress.def.mediapackagev2.us-west-2.amazonaws.com")?, oac.clone())?;
/// let east = MediaPackageOrigin::new("us-east-1", EgressDomain::new("ghi.egress.jkl.mediapackagev2.us-east-1.amazonaws.com")?, oac)?;
/// let channel = PathPattern::new("/out/v1/live/final/*")?;
/// let distribution = MediaPackageDistribution::new("final-2026-11-30", west, east, vec![channel])?
///     .with_selection_criteria(SelectionCriteria::MediaQualityBased)?;
/// let config = distribution.to_config();
/// assert_eq!(config.origin_groups.as_ref().map(|g| g.quantity), Some(1));
/// assert_eq!(MediaPackageDistribution::from_config(&config)?, distribution);
/// # Ok::<(), origin_failover::distribution::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaPackageDistribution {
    caller_reference: String,
    comment: String,
    enabled: bool,
    group_id: String,
    primary: MediaPackageOrigin,
    backup: MediaPackageOrigin,
    status_codes: FailoverStatusCodes,
    selection: SelectionCriteria,
    channels: Vec<PathPattern>,
    default_ttl: u32,
    error_caching_min_ttl: u32,
}

impl MediaPackageDistribution {
    /// A distribution whose origin group asks `primary` first and `backup` second, failing over on 404,
    /// 500, 502, 503 and 504, selecting by default, with one cache behaviour per channel pattern in
    /// `channels` (media-quality scores are kept per behaviour, so channels never share one) and errors
    /// cached for 1 s.
    pub fn new(
        caller_reference: &str,
        primary: MediaPackageOrigin,
        backup: MediaPackageOrigin,
        channels: Vec<PathPattern>,
    ) -> Result<Self, Error> {
        check_pair(caller_reference, &primary.id, &backup.id)?;
        if primary.domain == backup.domain {
            return Err(invalid(
                "Origins.Items[1].DomainName",
                &backup.domain,
                "the other Region's egress domain: both origins point at the same place",
            ));
        }
        check_channels(&channels)?;
        Ok(Self {
            caller_reference: caller_reference.to_owned(),
            comment: String::new(),
            enabled: true,
            group_id: DEFAULT_GROUP_ID.to_owned(),
            primary,
            backup,
            status_codes: FailoverStatusCodes::new([404, 500, 502, 503, 504])?,
            selection: SelectionCriteria::Default,
            channels,
            default_ttl: 1,
            error_caching_min_ttl: 1,
        })
    }

    /// Sets the failover codes: they must hold 404, 503 and 504, and not 403 (MediaPackage v2 behind
    /// Origin Access Control answers 403 only for a deployment error, see
    /// [`OriginKind::answers_regional_403`]).
    pub fn with_failover_status_codes(mut self, codes: FailoverStatusCodes) -> Result<Self, Error> {
        check_codes(&codes, "OriginGroups.Items[0].FailoverCriteria.StatusCodes.Items")?;
        self.status_codes = codes;
        Ok(self)
    }

    /// Sets how the group chooses: `default` or `media-quality-based` (both members are MediaPackage v2
    /// origins, so both are allowed; the endpoint policies must then allow `GetHeadObject`).
    pub fn with_selection_criteria(mut self, selection: SelectionCriteria) -> Result<Self, Error> {
        if let SelectionCriteria::Other(other) = &selection {
            return Err(invalid(
                "OriginGroups.Items[0].SelectionCriteria",
                other,
                "\"default\" or \"media-quality-based\"",
            ));
        }
        self.selection = selection;
        Ok(self)
    }

    /// How long CloudFront caches an error answer (`ErrorCachingMinTTL`); 1 s by default, because
    /// CloudFront's own 10 s keeps a recovered primary skipped for every object it cached a 404 for.
    pub fn with_error_caching_min_ttl(mut self, seconds: u32) -> Self {
        self.error_caching_min_ttl = seconds;
        self
    }

    /// Gives both origins `timeouts` (see [`crate::budget::recommended_timeouts`]).
    pub fn with_origin_timeouts(mut self, timeouts: OriginTimeouts) -> Self {
        self.primary.timeouts = timeouts;
        self.backup.timeouts = timeouts;
        self
    }

    /// Sets the comment (at most 128 characters).
    pub fn with_comment(mut self, comment: &str) -> Result<Self, Error> {
        self.comment = checked_comment(comment)?;
        Ok(self)
    }

    /// The origin asked first.
    pub fn primary(&self) -> &MediaPackageOrigin {
        &self.primary
    }

    /// The origin asked when the primary fails.
    pub fn backup(&self) -> &MediaPackageOrigin {
        &self.backup
    }

    /// The failover codes.
    pub fn failover_status_codes(&self) -> &FailoverStatusCodes {
        &self.status_codes
    }

    /// How the group chooses between its members.
    pub fn selection_criteria(&self) -> &SelectionCriteria {
        &self.selection
    }

    /// The channels' path patterns, one behaviour each.
    pub fn channels(&self) -> &[PathPattern] {
        &self.channels
    }

    /// `ErrorCachingMinTTL` of every failover code.
    pub fn error_caching_min_ttl(&self) -> u32 {
        self.error_caching_min_ttl
    }

    /// The origin group's request rules, for the failover budget.
    pub fn origin_group_policy(&self) -> OriginGroupPolicy {
        OriginGroupPolicy::new(
            self.status_codes.clone(),
            self.primary.timeouts,
            self.backup.timeouts,
        )
    }

    /// The `DistributionConfig` document to create the distribution with.
    pub fn to_config(&self) -> DistributionConfig {
        let kind = OriginKind::MediaPackageV2;
        let behaviors = self
            .channels
            .iter()
            .map(|pattern| honouring_origin(Some(pattern), &self.group_id, kind, self.default_ttl))
            .collect();
        let origins = [self.primary.document(), self.backup.document()];
        DistributionConfig {
            caller_reference: self.caller_reference.clone(),
            origin_groups: Some(List::of(vec![origin_group_document(
                &self.group_id,
                &self.status_codes,
                &origins,
                &self.selection,
            )])),
            origins: List::of(origins.into()),
            default_cache_behavior: honouring_origin(None, &self.group_id, kind, self.default_ttl),
            cache_behaviors: Some(List::of(behaviors)),
            comment: self.comment.clone(),
            enabled: self.enabled,
            extra: live_settings(&self.status_codes, self.error_caching_min_ttl),
        }
    }

    /// Reads the distribution back from a document, checking every rule: the origin-group rules every
    /// document follows, then two HTTPS-only origins on MediaPackage v2 egress domains with an origin
    /// access control each, failover on 404, 503 and 504 and not on 403, and behaviours (one per
    /// channel, at least one) that target the group and honour MediaPackage's `Cache-Control` and
    /// cache-key query strings.
    ///
    /// Parts the typed model does not hold (aliases, logging, certificates, a behaviour's own
    /// `DefaultTTL` beyond the default behaviour's, ...) are not read; edit the [`DistributionConfig`]
    /// itself to change those and keep the rest.
    pub fn from_config(config: &DistributionConfig) -> Result<Self, Error> {
        let SingleGroup {
            group,
            behaviors: all_behaviors,
        } = SingleGroup::read(config, "the two Regions' origins")?;
        check_codes(
            &group.status_codes,
            "OriginGroups.Items[0].FailoverCriteria.StatusCodes.Items",
        )?;
        let find = |id: &str| -> Result<MediaPackageOrigin, Error> {
            let (origin, path) = SingleGroup::member(config, id)?;
            MediaPackageOrigin::read(origin, &path)
        };
        let primary = find(&group.primary)?;
        let backup = find(&group.backup)?;
        let mut channels = Vec::new();
        let mut default_ttl = 1;
        for (path, behavior) in &all_behaviors {
            check_live_behavior(behavior, path, &group.id)?;
            check_honours_origin(behavior, path, OriginKind::MediaPackageV2)?;
            match &behavior.path_pattern {
                Some(pattern) => channels.push(
                    PathPattern::new(pattern).map_err(|e| with_path(e, &format!("{path}.PathPattern")))?,
                ),
                None => {
                    default_ttl = behavior
                        .default_ttl
                        .and_then(|t| u32::try_from(t).ok())
                        .unwrap_or(86_400);
                }
            }
        }
        check_channels(&channels)?;
        let mut distribution = Self::new(&config.caller_reference, primary, backup, channels)?
            .with_comment(&config.comment)?
            .with_failover_status_codes(group.status_codes.clone())?
            .with_selection_criteria(group.selection_criteria.clone())?
            .with_error_caching_min_ttl(error_caching_for_404(config)?);
        distribution.group_id = group.id.clone();
        distribution.enabled = config.enabled;
        distribution.default_ttl = default_ttl;
        Ok(distribution)
    }
}

fn check_codes(codes: &FailoverStatusCodes, path: &str) -> Result<(), Error> {
    let shown = || format!("{:?}", codes.iter().collect::<Vec<_>>());
    if let Some(missing) = REQUIRED_STATUS_CODES.iter().find(|c| !codes.contains(**c)) {
        let why = match missing {
            404 => "404 is how the primary endpoint's forced errors (stale, incomplete, slate) fail over",
            503 => "without 503 a connection CloudFront cannot make does not fail over",
            _ => "without 504 an origin that does not answer in time does not fail over",
        };
        return Err(invalid(
            path,
            shown(),
            format!("404, 503 and 504 among the codes: {why}"),
        ));
    }
    if codes.contains(403) && !OriginKind::MediaPackageV2.answers_regional_403() {
        return Err(invalid(
            path,
            shown(),
            "no 403: behind Origin Access Control MediaPackage v2 answers 403 only when its endpoint policy \
             refuses the distribution, a deployment error that failing over would hide",
        ));
    }
    Ok(())
}

fn check_channels(channels: &[PathPattern]) -> Result<(), Error> {
    if channels.is_empty() {
        return Err(Error::Missing {
            path: "CacheBehaviors.Items".to_owned(),
            expected: "a cache behaviour per channel path (/out/v1/<group>/<channel>/*): media-quality scores are kept per behaviour"
                .to_owned(),
        });
    }
    let mut seen = BTreeSet::new();
    for (i, pattern) in channels.iter().enumerate() {
        if !seen.insert(pattern.as_str()) {
            return Err(invalid(
                format!("CacheBehaviors.Items[{i}].PathPattern"),
                pattern,
                "a pattern no other behaviour has",
            ));
        }
    }
    Ok(())
}

/// The `ErrorCachingMinTTL` CloudFront applies to a 404: the `CustomErrorResponses` entry's, or
/// CloudFront's default.
fn error_caching_for_404(config: &DistributionConfig) -> Result<u32, Error> {
    let items = config
        .extra
        .get("CustomErrorResponses")
        .and_then(|r| r.get("Items"))
        .and_then(Value::as_array);
    let Some((i, item)) = items
        .into_iter()
        .flatten()
        .enumerate()
        .find(|(_, item)| item.get("ErrorCode").and_then(Value::as_u64) == Some(404))
    else {
        return Ok(CLOUDFRONT_ERROR_CACHING_SECONDS);
    };
    let Some(ttl) = item.get("ErrorCachingMinTTL") else {
        return Ok(CLOUDFRONT_ERROR_CACHING_SECONDS);
    };
    ttl.as_u64().and_then(|t| u32::try_from(t).ok()).ok_or_else(|| {
        invalid(
            format!("CustomErrorResponses.Items[{i}].ErrorCachingMinTTL"),
            ttl,
            "0 to 4294967295 seconds",
        )
    })
}
