//! The typed live distribution: two origins (one container per Region), one origin group, and the
//! cache behaviours that serve a live HLS channel through it.

use std::collections::BTreeSet;
use std::fmt;

use hls_epoch::Cadence;
use mediastore_policy::pattern::Glob;
use mediastore_policy::{DataEndpoint, UserAgentSecret};
use serde_json::{Map, Value, json};

use crate::cache_behavior::legacy_behavior;
use crate::document::{
    CacheBehavior, CustomHeader, CustomOriginConfig, DistributionConfig, FailoverCriteria, List, Origin,
    OriginGroup, OriginGroupMember, RedactedHeaderValue,
};
use crate::origin_group::{SelectionCriteria, SingleGroup};
use crate::origin_kind::OriginKind;

/// Why a distribution, or one of its settings, was refused. Paths are JSON paths into the
/// `DistributionConfig` document (`Origins.Items[0].ConnectionTimeout`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value is out of range or not one of the allowed values.
    #[error("{path} = {value} is not allowed: {allowed}")]
    Invalid {
        /// Where the value is.
        path: String,
        /// The value found (secrets are never shown).
        value: String,
        /// What is allowed there.
        allowed: String,
    },
    /// A required value is absent.
    #[error("{path} is missing: {expected}")]
    Missing {
        /// Where the value should be.
        path: String,
        /// What should be there.
        expected: String,
    },
    /// A list's `Quantity` does not match its `Items`.
    #[error("{path}.Quantity = {quantity} but {path}.Items holds {items}: they must match")]
    Quantity {
        /// The list.
        path: String,
        /// The `Quantity` given.
        quantity: u32,
        /// The number of items.
        items: usize,
    },
    /// An origin's domain name is not a MediaStore container's data endpoint host.
    #[error("{path} is not a MediaStore data endpoint host")]
    DataEndpoint {
        /// Where the domain name is.
        path: String,
        /// Why.
        #[source]
        source: mediastore_policy::name::Error,
    },
}

pub(crate) fn invalid(
    path: impl Into<String>,
    value: impl fmt::Display,
    allowed: impl Into<String>,
) -> Error {
    Error::Invalid {
        path: path.into(),
        value: value.to_string(),
        allowed: allowed.into(),
    }
}

/// Seconds CloudFront waits for each connection to an origin: 1 to 10 (CloudFront's default: 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnectionTimeout(u8);

impl ConnectionTimeout {
    /// CloudFront's default, 10 s.
    pub const DEFAULT: Self = Self(10);

    /// A timeout of `seconds`, 1 to 10.
    pub fn new(seconds: u32) -> Result<Self, Error> {
        match u8::try_from(seconds) {
            Ok(s @ 1..=10) => Ok(Self(s)),
            _ => Err(invalid("ConnectionTimeout", seconds, "1 to 10 seconds")),
        }
    }

    /// The timeout in seconds.
    pub const fn seconds(self) -> u32 {
        self.0 as u32
    }
}

/// How many times CloudFront tries to connect to an origin per request: 1 to 3 (default: 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnectionAttempts(u8);

impl ConnectionAttempts {
    /// CloudFront's default, 3 attempts.
    pub const DEFAULT: Self = Self(3);

    /// `attempts` attempts, 1 to 3.
    pub fn new(attempts: u32) -> Result<Self, Error> {
        match u8::try_from(attempts) {
            Ok(a @ 1..=3) => Ok(Self(a)),
            _ => Err(invalid("ConnectionAttempts", attempts, "1 to 3 attempts")),
        }
    }

    /// The number of attempts.
    pub const fn count(self) -> u32 {
        self.0 as u32
    }
}

/// Seconds CloudFront waits for an origin's response, and between its packets: 1 to 120 (default: 30).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReadTimeout(u8);

impl ReadTimeout {
    /// CloudFront's default, 30 s.
    pub const DEFAULT: Self = Self(30);

    /// A timeout of `seconds`, 1 to 120.
    pub fn new(seconds: u32) -> Result<Self, Error> {
        match u8::try_from(seconds) {
            Ok(s @ 1..=120) => Ok(Self(s)),
            _ => Err(invalid(
                "CustomOriginConfig.OriginReadTimeout",
                seconds,
                "1 to 120 seconds",
            )),
        }
    }

    /// The timeout in seconds.
    pub const fn seconds(self) -> u32 {
        self.0 as u32
    }
}

/// How long CloudFront waits on one origin before it gives up on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OriginTimeouts {
    /// Seconds per connection attempt.
    pub connection_timeout: ConnectionTimeout,
    /// Connection attempts per request.
    pub connection_attempts: ConnectionAttempts,
    /// Seconds to wait for a response (and between packets).
    pub read_timeout: ReadTimeout,
    /// Seconds a request may stay open across every attempt (`ResponseCompletionTimeout`); none by default.
    pub response_completion_timeout: Option<u32>,
}

impl OriginTimeouts {
    /// CloudFront's defaults: 10 s x 3 connection attempts, 30 s read timeout, no completion limit.
    pub const CLOUDFRONT_DEFAULTS: Self = Self {
        connection_timeout: ConnectionTimeout::DEFAULT,
        connection_attempts: ConnectionAttempts::DEFAULT,
        read_timeout: ReadTimeout::DEFAULT,
        response_completion_timeout: None,
    };

    /// Timeouts from whole seconds, each checked against CloudFront's range; the completion timeout,
    /// when given, must be at least the read timeout.
    pub fn new(
        connection_timeout: u32,
        connection_attempts: u32,
        read_timeout: u32,
        response_completion_timeout: Option<u32>,
    ) -> Result<Self, Error> {
        let timeouts = Self {
            connection_timeout: ConnectionTimeout::new(connection_timeout)?,
            connection_attempts: ConnectionAttempts::new(connection_attempts)?,
            read_timeout: ReadTimeout::new(read_timeout)?,
            response_completion_timeout,
        };
        timeouts.check_completion("ResponseCompletionTimeout")?;
        Ok(timeouts)
    }

    fn check_completion(&self, path: &str) -> Result<(), Error> {
        match self.response_completion_timeout {
            Some(c) if c < self.read_timeout.seconds() => Err(invalid(
                path,
                c,
                format!(
                    "at least the origin read timeout ({} s)",
                    self.read_timeout.seconds()
                ),
            )),
            _ => Ok(()),
        }
    }
}

impl Default for OriginTimeouts {
    fn default() -> Self {
        Self::CLOUDFRONT_DEFAULTS
    }
}

/// One Region's origin: a container's data endpoint, reached over HTTPS only, with the secret
/// `User-Agent` the container policy requires.
///
/// The secret is the container policy's own [`UserAgentSecret`], so the header CloudFront sends is the
/// value the policy demands, checked for strength once; `Debug` shows it redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveOrigin {
    id: String,
    endpoint: DataEndpoint,
    origin_path: Option<String>,
    user_agent: UserAgentSecret,
    timeouts: OriginTimeouts,
}

/// The header that carries the secret: MediaStore's policy condition `aws:UserAgent` reads it.
pub const USER_AGENT_HEADER: &str = "User-Agent";

impl LiveOrigin {
    /// An origin named `id` (1-128 characters of `[A-Za-z0-9._-]`) for a container's data endpoint,
    /// with CloudFront's default timeouts and no origin path. CloudFront sends `user_agent` as the
    /// origin's `User-Agent` header: pass the secret the container's policy was made with.
    pub fn new(id: &str, endpoint: DataEndpoint, user_agent: UserAgentSecret) -> Result<Self, Error> {
        check_id("Origins.Items[].Id", id)?;
        Ok(Self {
            id: id.to_owned(),
            endpoint,
            origin_path: None,
            user_agent,
            timeouts: OriginTimeouts::CLOUDFRONT_DEFAULTS,
        })
    }

    /// Puts `path` (such as `/live`: a leading `/`, no trailing `/`) before every request path.
    pub fn with_origin_path(mut self, path: &str) -> Result<Self, Error> {
        check_origin_path("Origins.Items[].OriginPath", path)?;
        self.origin_path = if path.is_empty() {
            None
        } else {
            Some(path.to_owned())
        };
        Ok(self)
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

    /// The container's data endpoint.
    pub fn endpoint(&self) -> &DataEndpoint {
        &self.endpoint
    }

    /// The host name CloudFront connects to: the data endpoint's host.
    pub fn domain_name(&self) -> String {
        self.endpoint.host()
    }

    /// The origin path, if any.
    pub fn origin_path(&self) -> Option<&str> {
        self.origin_path.as_deref()
    }

    /// The secret `User-Agent` value.
    pub fn user_agent(&self) -> &UserAgentSecret {
        &self.user_agent
    }

    /// The timeouts.
    pub fn timeouts(&self) -> OriginTimeouts {
        self.timeouts
    }
}

/// Every status code CloudFront can fail over on.
pub const FAILOVER_ELIGIBLE_STATUS_CODES: [u16; 9] = [400, 403, 404, 416, 429, 500, 502, 503, 504];

/// The status codes on which the origin group asks the backup: a non-empty subset of
/// [`FAILOVER_ELIGIBLE_STATUS_CODES`]. The default is 403, 404, 500, 502, 503 and 504: 404 is how a
/// paused pipeline's missing rendition shows, 403 is a policy refusal in one Region.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FailoverStatusCodes(BTreeSet<u16>);

impl FailoverStatusCodes {
    /// The codes given, each checked.
    pub fn new(codes: impl IntoIterator<Item = u16>) -> Result<Self, Error> {
        let mut set = BTreeSet::new();
        for code in codes {
            if !FAILOVER_ELIGIBLE_STATUS_CODES.contains(&code) {
                return Err(invalid(
                    "OriginGroups.Items[].FailoverCriteria.StatusCodes.Items[]",
                    code,
                    "one of 400, 403, 404, 416, 429, 500, 502, 503, 504",
                ));
            }
            set.insert(code);
        }
        if set.is_empty() {
            return Err(Error::Missing {
                path: "OriginGroups.Items[].FailoverCriteria.StatusCodes.Items".to_owned(),
                expected: "at least one of 400, 403, 404, 416, 429, 500, 502, 503, 504".to_owned(),
            });
        }
        Ok(Self(set))
    }

    /// Whether `status` makes the group ask the backup.
    pub fn contains(&self, status: u16) -> bool {
        self.0.contains(&status)
    }

    /// The codes, ascending.
    pub fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        self.0.iter().copied()
    }
}

impl Default for FailoverStatusCodes {
    fn default() -> Self {
        Self(BTreeSet::from([403, 404, 500, 502, 503, 504]))
    }
}

/// Cache lifetimes of a behaviour with legacy cache settings, in seconds. With `min` at 0 the origin's
/// `Cache-Control` decides (capped by `max`); `default` applies when the origin sends none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CacheTtls {
    min: u32,
    default: u32,
    max: u32,
}

impl CacheTtls {
    /// Lifetimes with `min <= default <= max`.
    pub fn new(min: u32, default: u32, max: u32) -> Result<Self, Error> {
        if min > default || default > max {
            return Err(invalid(
                "DefaultCacheBehavior.DefaultTTL",
                format!("{min} <= {default} <= {max}"),
                "MinTTL <= DefaultTTL <= MaxTTL",
            ));
        }
        Ok(Self { min, default, max })
    }

    /// For playlists, which change every segment: half a segment by default, at most one segment, and
    /// the origin's `Cache-Control` honoured below that.
    pub fn for_playlists(cadence: Cadence) -> Self {
        let segment = cadence.duration();
        let max = u32::try_from(segment.ceil()).unwrap_or(u32::MAX).max(1);
        let default = u32::try_from(segment.floor() / 2)
            .unwrap_or(u32::MAX)
            .clamp(1, max);
        Self { min: 0, default, max }
    }

    /// For segments, which never change once written: a day by default, a year at most.
    pub const fn for_segments() -> Self {
        Self {
            min: 0,
            default: 86_400,
            max: 31_536_000,
        }
    }

    /// For an origin whose `Cache-Control` decides (MediaPackage v2): 0 at least, a year at most (or
    /// `default` when longer), `default` only for an answer without `Cache-Control`.
    pub const fn honouring_origin(default: u32) -> Self {
        let max = if default > 31_536_000 { default } else { 31_536_000 };
        Self { min: 0, default, max }
    }

    /// `MinTTL`.
    pub const fn min(self) -> u32 {
        self.min
    }

    /// `DefaultTTL`.
    pub const fn default_ttl(self) -> u32 {
        self.default
    }

    /// `MaxTTL`.
    pub const fn max(self) -> u32 {
        self.max
    }
}

/// Whether a request `path` matches a cache behaviour's `pattern` as CloudFront matches them: `*`
/// matches any run of characters, `?` exactly one, letters case-sensitively, and a leading `/` is
/// optional on both.
///
/// ```
/// use origin_failover::distribution::{PLAYLIST_PATH_PATTERN, path_pattern_matches};
///
/// assert!(path_pattern_matches(PLAYLIST_PATH_PATTERN, "/live/primary_720p30.m3u8"));
/// ```
pub fn path_pattern_matches(pattern: &str, path: &str) -> bool {
    // CloudFront's wildcards are IAM's.
    Glob::IAM.matches(pattern.trim_start_matches('/'), path.trim_start_matches('/'))
}

/// The path pattern of the optional playlist behaviour.
pub const PLAYLIST_PATH_PATTERN: &str = "*.m3u8";
/// The path pattern of the optional segment behaviour.
pub const SEGMENT_PATH_PATTERN: &str = "*.ts";

/// A CloudFront distribution for a two-Region live channel: a primary and a backup origin, an origin
/// group that asks them in that order, and behaviours that all target the group (redirect HTTP to
/// HTTPS, GET/HEAD/OPTIONS, the origin's cache headers honoured).
///
/// ```
/// use hls_epoch::{Cadence, FrameRate};
/// use mediastore_policy::{DataEndpoint, UserAgentSecret};
/// use origin_failover::{LiveDistribution, LiveOrigin, OriginTimeouts};
///
/// let agent = UserAgentSecret::new("k7Qe2-Lw9_xR4tZp8mVb3nHs")?;
/// let timeouts = OriginTimeouts::new(2, 1, 4, None)?;
/// let east = LiveOrigin::new("east", "https://aaa.data.mediastore.us-east-1.amazonaws.com".parse()?, agent.clone())?
///     .with_timeouts(timeouts);
/// let west = LiveOrigin::new("west", DataEndpoint::from_host("bbb.data.mediastore.us-west-2.amazonaws.com")?, agent)?
///     .with_timeouts(timeouts);
/// let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30)?;
/// let distribution = LiveDistribution::new("demo-2026-11-24", east, west)?.with_split_behaviors(cadence);
/// let config = distribution.to_config();
/// assert_eq!(config.default_cache_behavior.target_origin_id, "live-origin-group");
/// assert_eq!(LiveDistribution::from_config(&config)?, distribution);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveDistribution {
    caller_reference: String,
    comment: String,
    enabled: bool,
    group_id: String,
    primary: LiveOrigin,
    backup: LiveOrigin,
    status_codes: FailoverStatusCodes,
    default_ttls: CacheTtls,
    playlist_ttls: Option<CacheTtls>,
    segment_ttls: Option<CacheTtls>,
    error_caching_min_ttl: u32,
}

/// The origin group's default identifier.
pub const DEFAULT_GROUP_ID: &str = "live-origin-group";

impl LiveDistribution {
    /// A distribution whose origin group asks `primary` first and `backup` second, failing over on the
    /// default status codes; one default behaviour with playlist-safe lifetimes (1 s default, 6 s at
    /// most) until [`LiveDistribution::with_split_behaviors`] or [`LiveDistribution::with_default_ttls`].
    pub fn new(caller_reference: &str, primary: LiveOrigin, backup: LiveOrigin) -> Result<Self, Error> {
        check_pair(caller_reference, &primary.id, &backup.id)?;
        if primary.endpoint == backup.endpoint && primary.origin_path == backup.origin_path {
            return Err(invalid(
                "Origins.Items[1].DomainName",
                backup.endpoint.host(),
                "the other Region's data endpoint: both origins point at the same place",
            ));
        }
        Ok(Self {
            caller_reference: caller_reference.to_owned(),
            comment: String::new(),
            enabled: true,
            group_id: DEFAULT_GROUP_ID.to_owned(),
            primary,
            backup,
            status_codes: FailoverStatusCodes::default(),
            default_ttls: CacheTtls {
                min: 0,
                default: 1,
                max: 6,
            },
            playlist_ttls: None,
            segment_ttls: None,
            error_caching_min_ttl: 1,
        })
    }

    /// Sets the comment (at most 128 characters).
    pub fn with_comment(mut self, comment: &str) -> Result<Self, Error> {
        self.comment = checked_comment(comment)?;
        Ok(self)
    }

    /// Names the origin group (the behaviours' target).
    pub fn with_group_id(mut self, id: &str) -> Result<Self, Error> {
        check_id("OriginGroups.Items[0].Id", id)?;
        if id == self.primary.id || id == self.backup.id {
            return Err(invalid(
                "OriginGroups.Items[0].Id",
                id,
                "an id that no origin uses",
            ));
        }
        self.group_id = id.to_owned();
        Ok(self)
    }

    /// Sets the status codes that fail over.
    pub fn with_failover_status_codes(mut self, codes: FailoverStatusCodes) -> Self {
        self.status_codes = codes;
        self
    }

    /// Sets the default behaviour's lifetimes.
    pub fn with_default_ttls(mut self, ttls: CacheTtls) -> Self {
        self.default_ttls = ttls;
        self
    }

    /// Adds a `*.m3u8` behaviour with [`CacheTtls::for_playlists`] and a `*.ts` behaviour with
    /// [`CacheTtls::for_segments`], so segments stay cached while playlists stay fresh; the default
    /// behaviour gets the playlist lifetimes too.
    pub fn with_split_behaviors(mut self, cadence: Cadence) -> Self {
        let playlists = CacheTtls::for_playlists(cadence);
        self.default_ttls = playlists;
        self.playlist_ttls = Some(playlists);
        self.segment_ttls = Some(CacheTtls::for_segments());
        self
    }

    /// How long CloudFront caches an error answer of a failover status code (`ErrorCachingMinTTL`);
    /// 1 s by default, because CloudFront's own default of 10 s would keep serving a 404 for a segment
    /// that a pipeline has written since.
    pub fn with_error_caching_min_ttl(mut self, seconds: u32) -> Self {
        self.error_caching_min_ttl = seconds;
        self
    }

    /// Sets whether the distribution serves requests.
    pub fn with_enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// The origin asked first.
    pub fn primary(&self) -> &LiveOrigin {
        &self.primary
    }

    /// The origin asked when the primary fails.
    pub fn backup(&self) -> &LiveOrigin {
        &self.backup
    }

    /// The origin group's identifier.
    pub fn group_id(&self) -> &str {
        &self.group_id
    }

    /// The status codes that fail over.
    pub fn failover_status_codes(&self) -> &FailoverStatusCodes {
        &self.status_codes
    }

    /// The caller reference.
    pub fn caller_reference(&self) -> &str {
        &self.caller_reference
    }

    /// The `DistributionConfig` document to create the distribution with.
    pub fn to_config(&self) -> DistributionConfig {
        let mut behaviors = Vec::new();
        if let Some(ttls) = self.playlist_ttls {
            behaviors.push(self.behavior(Some(PLAYLIST_PATH_PATTERN), ttls));
        }
        if let Some(ttls) = self.segment_ttls {
            behaviors.push(self.behavior(Some(SEGMENT_PATH_PATTERN), ttls));
        }
        let origins = [origin_document(&self.primary), origin_document(&self.backup)];
        DistributionConfig {
            caller_reference: self.caller_reference.clone(),
            origin_groups: Some(List::of(vec![origin_group_document(
                &self.group_id,
                &self.status_codes,
                &origins,
                &SelectionCriteria::Default,
            )])),
            origins: List::of(origins.into()),
            default_cache_behavior: self.behavior(None, self.default_ttls),
            cache_behaviors: Some(List::of(behaviors)),
            comment: self.comment.clone(),
            enabled: self.enabled,
            extra: live_settings(&self.status_codes, self.error_caching_min_ttl),
        }
    }

    fn behavior(&self, path_pattern: Option<&str>, ttls: CacheTtls) -> CacheBehavior {
        // Legacy cache settings, as the recipe chooses: MediaStore reads no query string, so no
        // cookies, headers or query strings in the cache key, and every viewer of a segment shares one
        // cached copy.
        legacy_behavior(
            path_pattern.map(str::to_owned),
            &self.group_id,
            OriginKind::MediaStore,
            ttls,
        )
    }

    /// Reads a live distribution back from a document (for example `get-distribution-config`'s), checking
    /// every rule a two-Region live distribution must follow: one origin group of two HTTPS-only origins
    /// with the secret `User-Agent` and timeouts in range, failover codes CloudFront accepts, and every
    /// behaviour targeting the group with GET/HEAD(/OPTIONS) only and HTTPS towards viewers. The
    /// `User-Agent` header value must be a [`UserAgentSecret`] (the container policy refuses a weaker one);
    /// otherwise the error names the header's path and the rule it breaks, never the value.
    ///
    /// Parts the typed model does not hold (aliases, logging, certificates, ...) are not read; edit the
    /// [`DistributionConfig`] itself to change those and keep the rest.
    pub fn from_config(config: &DistributionConfig) -> Result<Self, Error> {
        let SingleGroup { group, .. } = SingleGroup::read(config, "the primary and backup origins")?;
        check_id("OriginGroups.Items[0].Id", &group.id)?;
        let find = |id: &str| -> Result<LiveOrigin, Error> {
            let (origin, path) = SingleGroup::member(config, id)?;
            live_origin(origin, &path)
        };
        let primary = find(&group.primary)?;
        let backup = find(&group.backup)?;

        let mut distribution = Self::new(&config.caller_reference, primary, backup)?
            .with_comment(&config.comment)?
            .with_enabled(config.enabled)
            .with_failover_status_codes(group.status_codes.clone());
        distribution.group_id = group.id.clone();
        distribution.default_ttls =
            behavior_ttls(&config.default_cache_behavior, "DefaultCacheBehavior", &group.id)?;
        if let Some(behaviors) = &config.cache_behaviors {
            check_list("CacheBehaviors", behaviors)?;
            for (i, behavior) in behaviors.as_slice().iter().enumerate() {
                let path = format!("CacheBehaviors.Items[{i}]");
                let ttls = behavior_ttls(behavior, &path, &group.id)?;
                match behavior.path_pattern.as_deref() {
                    Some(PLAYLIST_PATH_PATTERN) if distribution.playlist_ttls.is_none() => {
                        distribution.playlist_ttls = Some(ttls);
                    }
                    Some(SEGMENT_PATH_PATTERN) if distribution.segment_ttls.is_none() => {
                        distribution.segment_ttls = Some(ttls);
                    }
                    other => {
                        return Err(invalid(
                            format!("{path}.PathPattern"),
                            format!("{other:?}"),
                            "\"*.m3u8\" or \"*.ts\", each at most once",
                        ));
                    }
                }
            }
        }
        if let Some(ttl) = error_caching_min_ttl(config, &distribution.status_codes)? {
            distribution.error_caching_min_ttl = ttl;
        }
        Ok(distribution)
    }
}

fn error_caching_min_ttl(
    config: &DistributionConfig,
    codes: &FailoverStatusCodes,
) -> Result<Option<u32>, Error> {
    let Some(responses) = config
        .extra
        .get("CustomErrorResponses")
        .and_then(|r| r.get("Items"))
    else {
        return Ok(None);
    };
    let Some(items) = responses.as_array() else {
        return Ok(None);
    };
    for (i, item) in items.iter().enumerate() {
        let code = item.get("ErrorCode").and_then(Value::as_u64).unwrap_or_default();
        if u16::try_from(code).is_ok_and(|c| codes.contains(c)) {
            let ttl = item
                .get("ErrorCachingMinTTL")
                .and_then(Value::as_u64)
                .unwrap_or(10);
            return u32::try_from(ttl).map(Some).map_err(|_| {
                invalid(
                    format!("CustomErrorResponses.Items[{i}].ErrorCachingMinTTL"),
                    ttl,
                    "0 to 4294967295 seconds",
                )
            });
        }
    }
    Ok(None)
}

pub(crate) fn with_path(error: Error, path: &str) -> Error {
    match error {
        Error::Invalid { value, allowed, .. } => Error::Invalid {
            path: path.to_owned(),
            value,
            allowed,
        },
        Error::Missing { expected, .. } => Error::Missing {
            path: path.to_owned(),
            expected,
        },
        other => other,
    }
}

pub(crate) fn check_list<T>(path: &str, list: &List<T>) -> Result<(), Error> {
    if list.is_consistent() {
        Ok(())
    } else {
        Err(Error::Quantity {
            path: path.to_owned(),
            quantity: list.quantity,
            items: list.as_slice().len(),
        })
    }
}

/// What every two-origin live distribution checks first: a caller reference CloudFront accepts and two
/// origins with different ids.
pub(crate) fn check_pair(caller_reference: &str, primary_id: &str, backup_id: &str) -> Result<(), Error> {
    if caller_reference.is_empty() || caller_reference.len() > 128 {
        return Err(invalid(
            "CallerReference",
            format!("{caller_reference:?}"),
            "1 to 128 characters",
        ));
    }
    if primary_id == backup_id {
        return Err(invalid(
            "Origins.Items[1].Id",
            backup_id,
            "an id different from the primary origin's",
        ));
    }
    Ok(())
}

/// A distribution comment CloudFront accepts: at most 128 characters.
pub(crate) fn checked_comment(comment: &str) -> Result<String, Error> {
    let chars = comment.chars().count();
    if chars > 128 {
        return Err(invalid(
            "Comment",
            format!("{chars} characters"),
            "at most 128 characters",
        ));
    }
    Ok(comment.to_owned())
}

pub(crate) fn check_id(path: &str, id: &str) -> Result<(), Error> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(invalid(
            path,
            format!("{id:?}"),
            "1 to 128 characters of A-Z, a-z, 0-9, '.', '_', '-'",
        ))
    }
}

fn check_origin_path(path: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Ok(());
    }
    let ok = value.starts_with('/')
        && !value.ends_with('/')
        && value.len() <= 255
        && !value.contains("//")
        && value
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'?' | b'#' | b'*'));
    if ok {
        Ok(())
    } else {
        Err(invalid(
            path,
            format!("{value:?}"),
            "empty, or a path such as \"/live\": a leading '/', no trailing '/', no '?', '#' or '*', at most 255 characters",
        ))
    }
}

/// The origin group of a two-origin live distribution: `origins` as its members in order (the first is
/// asked first), failing over on `codes`, choosing by `selection` (`default` or `media-quality-based`).
pub(crate) fn origin_group_document(
    id: &str,
    codes: &FailoverStatusCodes,
    origins: &[Origin; 2],
    selection: &SelectionCriteria,
) -> OriginGroup {
    OriginGroup {
        id: id.to_owned(),
        failover_criteria: FailoverCriteria {
            status_codes: List::of(codes.iter().collect()),
            extra: Map::new(),
        },
        members: List::of(
            origins
                .iter()
                .map(|origin| OriginGroupMember {
                    origin_id: origin.id.clone(),
                })
                .collect(),
        ),
        selection_criteria: Some(selection.as_str().to_owned()),
        extra: Map::new(),
    }
}

/// The distribution settings every live distribution writes alike, whatever its origins: no aliases,
/// each failover code's error cached for `error_caching_min_ttl` seconds (short, so that fail-back is
/// quick), every price class, HTTP/2 and IPv6.
pub(crate) fn live_settings(codes: &FailoverStatusCodes, error_caching_min_ttl: u32) -> Map<String, Value> {
    let errors: Vec<Value> = codes
        .iter()
        .map(|code| json!({"ErrorCode": code, "ErrorCachingMinTTL": error_caching_min_ttl}))
        .collect();
    let mut settings = Map::new();
    settings.insert("Aliases".to_owned(), json!({"Quantity": 0}));
    settings.insert(
        "CustomErrorResponses".to_owned(),
        json!({"Quantity": errors.len(), "Items": errors}),
    );
    settings.insert("PriceClass".to_owned(), json!("PriceClass_All"));
    settings.insert("HttpVersion".to_owned(), json!("http2"));
    settings.insert("IsIPV6Enabled".to_owned(), json!(true));
    settings
}

fn origin_document(origin: &LiveOrigin) -> Origin {
    Origin {
        origin_path: Some(origin.origin_path.clone().unwrap_or_default()),
        custom_headers: Some(List::of(vec![CustomHeader {
            header_name: USER_AGENT_HEADER.to_owned(),
            header_value: RedactedHeaderValue::from(&origin.user_agent),
        }])),
        ..https_origin(&origin.id, origin.endpoint.host(), origin.timeouts)
    }
}

/// The origin document every live origin starts from, whatever its kind: HTTPS only over TLS 1.2, with
/// `timeouts`, no origin path and no custom header. Each kind adds how CloudFront proves itself to it
/// (a secret header, an origin access control).
pub(crate) fn https_origin(id: &str, domain_name: String, timeouts: OriginTimeouts) -> Origin {
    Origin {
        id: id.to_owned(),
        domain_name,
        origin_path: Some(String::new()),
        custom_headers: Some(List::default()),
        custom_origin_config: Some(CustomOriginConfig {
            http_port: 80,
            https_port: 443,
            origin_protocol_policy: "https-only".to_owned(),
            origin_ssl_protocols: Some(List::of(vec!["TLSv1.2".to_owned()])),
            origin_read_timeout: Some(timeouts.read_timeout.seconds()),
            origin_keepalive_timeout: Some(5),
            extra: Map::new(),
        }),
        connection_attempts: Some(timeouts.connection_attempts.count()),
        connection_timeout: Some(timeouts.connection_timeout.seconds()),
        response_completion_timeout: timeouts.response_completion_timeout,
        extra: Map::new(),
    }
}

impl OriginTimeouts {
    /// Reads an origin's timeouts, CloudFront's defaults where the document leaves one out; each
    /// error names the field at `path` (the origin's) and the values allowed.
    pub(crate) fn read(origin: &Origin, config: &CustomOriginConfig, path: &str) -> Result<Self, Error> {
        let field = |name: &str| format!("{path}.{name}");
        let defaults = OriginTimeouts::CLOUDFRONT_DEFAULTS;
        let connection_timeout = match origin.connection_timeout {
            Some(seconds) => {
                ConnectionTimeout::new(seconds).map_err(|e| with_path(e, &field("ConnectionTimeout")))?
            }
            None => defaults.connection_timeout,
        };
        let connection_attempts = match origin.connection_attempts {
            Some(count) => {
                ConnectionAttempts::new(count).map_err(|e| with_path(e, &field("ConnectionAttempts")))?
            }
            None => defaults.connection_attempts,
        };
        let read_timeout = match config.origin_read_timeout {
            Some(seconds) => ReadTimeout::new(seconds)
                .map_err(|e| with_path(e, &field("CustomOriginConfig.OriginReadTimeout")))?,
            None => defaults.read_timeout,
        };
        let timeouts = OriginTimeouts {
            connection_timeout,
            connection_attempts,
            read_timeout,
            response_completion_timeout: origin.response_completion_timeout,
        };
        timeouts.check_completion(&field("ResponseCompletionTimeout"))?;
        Ok(timeouts)
    }
}

fn live_origin(origin: &Origin, path: &str) -> Result<LiveOrigin, Error> {
    check_id(&format!("{path}.Id"), &origin.id)?;
    let config = origin
        .custom_origin_config
        .as_ref()
        .ok_or_else(|| Error::Missing {
            path: format!("{path}.CustomOriginConfig"),
            expected:
                "a custom origin with OriginProtocolPolicy \"https-only\" (the container policy requires TLS)"
                    .to_owned(),
        })?;
    if config.origin_protocol_policy != "https-only" {
        return Err(invalid(
            format!("{path}.CustomOriginConfig.OriginProtocolPolicy"),
            &config.origin_protocol_policy,
            "\"https-only\": the container policy refuses requests without TLS",
        ));
    }
    let header_path = format!("{path}.CustomHeaders");
    let headers = origin.custom_headers.as_ref().ok_or_else(|| Error::Missing {
        path: header_path.clone(),
        expected: "a User-Agent header with the secret the container policy requires".to_owned(),
    })?;
    check_list(&header_path, headers)?;
    let (index, header) = headers
        .as_slice()
        .iter()
        .enumerate()
        .find(|(_, h)| h.header_name.eq_ignore_ascii_case(USER_AGENT_HEADER))
        .ok_or_else(|| Error::Missing {
            path: format!("{header_path}.Items"),
            expected: "a User-Agent header with the secret the container policy requires".to_owned(),
        })?;
    let user_agent = UserAgentSecret::new(header.header_value.expose()).map_err(|e| {
        invalid(
            format!("{header_path}.Items[{index}].HeaderValue"),
            "<redacted>",
            format!("a User-Agent secret the container policy accepts ({e})"),
        )
    })?;
    let field = |name: &str| format!("{path}.{name}");
    let timeouts = OriginTimeouts::read(origin, config, path)?;
    let origin_path = origin.origin_path.as_deref().unwrap_or_default();
    let endpoint = DataEndpoint::from_host(&origin.domain_name).map_err(|source| Error::DataEndpoint {
        path: field("DomainName"),
        source,
    })?;
    let live = LiveOrigin::new(&origin.id, endpoint, user_agent)?
        .with_origin_path(origin_path)
        .map_err(|e| with_path(e, &field("OriginPath")))?;
    Ok(live.with_timeouts(timeouts))
}

/// What every live distribution's behaviour must be, whatever its origins: aimed at the origin group
/// (so that requests fail over) and HTTPS to viewers.
pub(crate) fn check_live_behavior(behavior: &CacheBehavior, path: &str, group_id: &str) -> Result<(), Error> {
    if behavior.target_origin_id != group_id {
        return Err(invalid(
            format!("{path}.TargetOriginId"),
            &behavior.target_origin_id,
            format!("the origin group {group_id:?}, so that requests fail over"),
        ));
    }
    if !matches!(
        behavior.viewer_protocol_policy.as_str(),
        "redirect-to-https" | "https-only"
    ) {
        return Err(invalid(
            format!("{path}.ViewerProtocolPolicy"),
            &behavior.viewer_protocol_policy,
            "\"redirect-to-https\" or \"https-only\"",
        ));
    }
    Ok(())
}

fn behavior_ttls(behavior: &CacheBehavior, path: &str, group_id: &str) -> Result<CacheTtls, Error> {
    check_live_behavior(behavior, path, group_id)?;
    if let Some(methods) = &behavior.allowed_methods {
        check_list(&format!("{path}.AllowedMethods"), methods)?;
    }
    // That nothing but GET, HEAD and OPTIONS is allowed is an origin-group rule, checked before; a live
    // distribution also needs players' GET and HEAD.
    let methods = behavior.allowed_method_names();
    if !methods.contains(&"GET") || !methods.contains(&"HEAD") {
        return Err(invalid(
            format!("{path}.AllowedMethods.Items"),
            format!("{methods:?}"),
            "GET and HEAD, optionally OPTIONS: a behaviour that targets an origin group allows no other method",
        ));
    }
    let ttl = |value: Option<i64>, name: &str, default: u32| -> Result<u32, Error> {
        match value {
            None => Ok(default),
            Some(v) => {
                u32::try_from(v).map_err(|_| invalid(format!("{path}.{name}"), v, "0 to 4294967295 seconds"))
            }
        }
    };
    let min = ttl(behavior.min_ttl, "MinTTL", 0)?;
    let default = ttl(behavior.default_ttl, "DefaultTTL", 86_400)?;
    let max = ttl(behavior.max_ttl, "MaxTTL", 31_536_000)?;
    CacheTtls::new(min, default, max).map_err(|e| with_path(e, &format!("{path}.DefaultTTL")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hls_epoch::FrameRate;

    fn endpoint(host: &str) -> DataEndpoint {
        DataEndpoint::from_host(host).unwrap()
    }

    fn agent() -> UserAgentSecret {
        UserAgentSecret::new("k7Qe2-Lw9_xR4tZp8mVb3nHs").unwrap()
    }

    fn distribution() -> LiveDistribution {
        let east = LiveOrigin::new(
            "east",
            "https://aaa.data.mediastore.us-east-1.amazonaws.com/"
                .parse()
                .unwrap(),
            agent(),
        )
        .unwrap();
        let west = LiveOrigin::new(
            "west",
            endpoint("bbb.data.mediastore.us-west-2.amazonaws.com"),
            agent(),
        )
        .unwrap();
        LiveDistribution::new("ref", east, west).unwrap()
    }

    #[test]
    fn path_patterns() {
        assert!(path_pattern_matches("*.m3u8", "demo/primary_720p30.m3u8"));
        assert!(path_pattern_matches("/*.ts", "demo/primary_720p30_00001.ts"));
        assert!(!path_pattern_matches("*.ts", "demo/index.m3u8"));
        assert!(path_pattern_matches("demo/?ndex.m3u8", "demo/index.m3u8"));
    }

    #[test]
    fn ranges() {
        assert!(ConnectionTimeout::new(0).is_err());
        assert_eq!(ConnectionTimeout::new(10).unwrap().seconds(), 10);
        assert!(ConnectionTimeout::new(11).is_err());
        assert!(ConnectionAttempts::new(4).is_err());
        assert!(ReadTimeout::new(121).is_err());
        let err = OriginTimeouts::new(2, 1, 30, Some(10)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ResponseCompletionTimeout = 10 is not allowed: at least the origin read timeout (30 s)"
        );
        assert!(
            FailoverStatusCodes::new([404, 418])
                .unwrap_err()
                .to_string()
                .contains("418")
        );
        assert!(FailoverStatusCodes::new([]).is_err());
    }

    #[test]
    fn endpoints_and_paths() {
        // A data endpoint is https:// with a host and nothing else; mediastore-policy refuses the rest.
        let err = "http://a.data.mediastore.us-east-1.amazonaws.com"
            .parse::<DataEndpoint>()
            .unwrap_err();
        assert!(err.to_string().contains("https://"), "{err}");
        assert!(
            "https://a.data.mediastore.us-east-1.amazonaws.com/demo"
                .parse::<DataEndpoint>()
                .is_err()
        );
        let a = "https://a.data.mediastore.us-east-1.amazonaws.com/"
            .parse::<DataEndpoint>()
            .unwrap();
        assert!(LiveOrigin::new("bad id!", a.clone(), agent()).is_err());
        let origin = LiveOrigin::new("x", a, agent()).unwrap();
        assert_eq!(origin.domain_name(), "a.data.mediastore.us-east-1.amazonaws.com");
        assert!(origin.clone().with_origin_path("live/").is_err());
        assert_eq!(
            origin.with_origin_path("/live").unwrap().origin_path(),
            Some("/live")
        );
    }

    #[test]
    fn round_trips_and_explains() {
        let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_29_97).unwrap();
        let d = distribution().with_split_behaviors(cadence);
        let config = d.to_config();
        assert_eq!(LiveDistribution::from_config(&config).unwrap(), d);
        let text = serde_json::to_string(&config).unwrap();
        let back: DistributionConfig = serde_json::from_str(&text).unwrap();
        assert_eq!(back, config);

        let mut broken = config.clone();
        broken.default_cache_behavior.target_origin_id = "east".to_owned();
        let err = LiveDistribution::from_config(&broken).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("DefaultCacheBehavior.TargetOriginId = east"),
            "{err}"
        );

        let mut broken = config.clone();
        broken.origins.items.as_mut().unwrap()[1].connection_timeout = Some(30);
        let err = LiveDistribution::from_config(&broken).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Origins.Items[1].ConnectionTimeout = 30 is not allowed: 1 to 10 seconds"
        );

        let mut broken = config.clone();
        broken.origins.items.as_mut().unwrap()[0].custom_headers = Some(List::default());
        let err = LiveDistribution::from_config(&broken).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("Origins.Items[0].CustomHeaders.Items is missing"),
            "{err}"
        );

        // A document may hold any header value; a weak one loads but is not a live origin's secret.
        let mut weak = config;
        weak.origins.items.as_mut().unwrap()[1].custom_headers = Some(List::of(vec![CustomHeader {
            header_name: "user-agent".to_owned(),
            header_value: RedactedHeaderValue::new("SuperSecretAgent"),
        }]));
        let err = LiveDistribution::from_config(&weak).unwrap_err().to_string();
        assert_eq!(
            err,
            "Origins.Items[1].CustomHeaders.Items[0].HeaderValue = <redacted> is not allowed: a User-Agent \
             secret the container policy accepts (user-agent secret has 16 characters: at least 24 are required)"
        );
        assert!(!err.contains("SuperSecretAgent"));
    }

    #[test]
    fn playlist_ttls_follow_the_cadence() {
        let six = Cadence::from_medialive_segment_length(6, FrameRate::FPS_29_97).unwrap();
        let ttls = CacheTtls::for_playlists(six);
        assert_eq!((ttls.min(), ttls.default_ttl(), ttls.max()), (0, 3, 7));
        let one = Cadence::from_medialive_segment_length(1, FrameRate::FPS_25).unwrap();
        let ttls = CacheTtls::for_playlists(one);
        assert_eq!((ttls.min(), ttls.default_ttl(), ttls.max()), (0, 1, 1));
    }
}
