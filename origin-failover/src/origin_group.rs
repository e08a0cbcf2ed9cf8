//! The origin group's decision for one request, as a pure function: CloudFront asks the primary; on a
//! failover status code, a connection failure (with 503 among the codes) or a timeout (with 504) of a
//! GET, HEAD or OPTIONS request it asks the backup. Nothing is remembered between requests: every cache miss starts at the primary again.

use std::fmt;
use std::str::FromStr;

use hls_epoch::Seconds;

use crate::distribution::{
    Error, FailoverStatusCodes, LiveDistribution, OriginTimeouts, check_list, invalid, with_path,
};
use crate::document::{CacheBehavior, DistributionConfig, List, Origin, OriginGroup};
use crate::origin_kind::OriginKind;

/// An origin group a distribution document declares, after the rules every origin group follows were
/// checked (see [`cloudformation::DistributionConfig::origin_groups`](crate::cloudformation::DistributionConfig::origin_groups)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSummary {
    /// The group's identifier.
    pub id: String,
    /// The member asked first.
    pub primary: String,
    /// The member asked second.
    pub backup: String,
    /// The failover status codes.
    pub status_codes: FailoverStatusCodes,
    /// How the group chooses between its members.
    pub selection_criteria: SelectionCriteria,
}

/// An origin as the origin-group rules see it, whichever document shape declared it.
pub(crate) struct DeclaredOrigin<'a> {
    /// `Id`.
    pub(crate) id: &'a str,
    /// `DomainName` as written (a host, or CloudFormation's function that gives one at deploy time).
    pub(crate) domain_name: String,
    /// What the origin is, when the document tells.
    pub(crate) kind: Option<OriginKind>,
}

/// `SelectionCriteria`: how an origin group chooses between its members.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SelectionCriteria {
    /// `default`: the primary, unless it fails over.
    Default,
    /// `media-quality-based`: CloudFront asks both members (GET to the primary, HEAD to the other) and
    /// serves the higher media quality confidence score; MediaPackage v2 origins only.
    MediaQualityBased,
    /// A value this crate does not know yet, kept as read.
    Other(String),
}

impl SelectionCriteria {
    /// The value as the API spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Default => "default",
            Self::MediaQualityBased => "media-quality-based",
            Self::Other(value) => value,
        }
    }

    /// Reads a document's value; absent means `default`.
    pub fn from_document(value: Option<&str>) -> Self {
        match value {
            None | Some("default") => Self::Default,
            Some("media-quality-based") => Self::MediaQualityBased,
            Some(other) => Self::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for SelectionCriteria {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A cache behaviour as the origin-group rules see it, whichever document shape declared it.
pub(crate) struct DeclaredBehavior<'a> {
    /// The JSON path of its allowed methods.
    pub(crate) methods_path: String,
    /// `TargetOriginId`.
    pub(crate) target: &'a str,
    /// The allowed methods, when given.
    pub(crate) methods: Option<Vec<&'a str>>,
}

/// A live distribution's one origin group, read and checked by the rules every document follows
/// ([`check_declared`]), with every cache behaviour (the default one first) and its JSON path.
pub(crate) struct SingleGroup<'c> {
    /// The group.
    pub(crate) group: GroupSummary,
    /// `(JSON path, behaviour)` for the default behaviour and each `CacheBehaviors` item.
    pub(crate) behaviors: Vec<(String, &'c CacheBehavior)>,
}

impl<'c> SingleGroup<'c> {
    /// Reads the one origin group of `config`; `expected` says, in the error for a missing group,
    /// which origins it should group.
    pub(crate) fn read(config: &'c DistributionConfig, expected: &str) -> Result<Self, Error> {
        check_list("Origins", &config.origins)?;
        let groups = config.origin_groups.as_ref().ok_or_else(|| Error::Missing {
            path: "OriginGroups".to_owned(),
            expected: format!("one origin group of {expected}"),
        })?;
        let origins: Vec<DeclaredOrigin<'_>> = config
            .origins
            .as_slice()
            .iter()
            .map(|o| DeclaredOrigin {
                id: &o.id,
                domain_name: o.domain_name.clone(),
                kind: Some(OriginKind::of_host(&o.domain_name)),
            })
            .collect();
        let behaviors: Vec<(String, &CacheBehavior)> =
            std::iter::once(("DefaultCacheBehavior".to_owned(), &config.default_cache_behavior))
                .chain(
                    config
                        .cache_behaviors
                        .iter()
                        .flat_map(|list| list.as_slice().iter().enumerate())
                        .map(|(i, b)| (format!("CacheBehaviors.Items[{i}]"), b)),
                )
                .collect();
        let declared: Vec<DeclaredBehavior<'_>> = behaviors
            .iter()
            .map(|(path, behavior)| DeclaredBehavior {
                methods_path: format!("{path}.AllowedMethods.Items"),
                target: &behavior.target_origin_id,
                methods: behavior
                    .allowed_methods
                    .as_ref()
                    .map(|_| behavior.allowed_method_names()),
            })
            .collect();
        let summaries = check_declared(Some(groups), &origins, &declared)?;
        let [group] = <[GroupSummary; 1]>::try_from(summaries).map_err(|summaries| {
            invalid(
                "OriginGroups.Quantity",
                summaries.len(),
                "exactly 1 origin group for a live distribution",
            )
        })?;
        Ok(Self { group, behaviors })
    }

    /// The origin the group names `id`, with its JSON path. [`SingleGroup::read`] has checked that
    /// both members are among the origins.
    pub(crate) fn member(config: &'c DistributionConfig, id: &str) -> Result<(&'c Origin, String), Error> {
        config
            .origins
            .as_slice()
            .iter()
            .enumerate()
            .find(|(_, o)| o.id == id)
            .map(|(position, origin)| (origin, format!("Origins.Items[{position}]")))
            .ok_or_else(|| {
                invalid(
                    "OriginGroups.Items[0].Members",
                    id,
                    "the Id of an origin in Origins",
                )
            })
    }
}

/// The rules every origin group follows, whatever its origins and whichever shape (the API's or
/// CloudFormation's) declared it: consistent lists, exactly two members that exist in `origins`,
/// failover codes CloudFront accepts, `media-quality-based` selection only with MediaPackage v2
/// origins, and only GET, HEAD and OPTIONS on behaviours that target a group. Returns the groups.
pub(crate) fn check_declared(
    groups: Option<&List<OriginGroup>>,
    origins: &[DeclaredOrigin<'_>],
    behaviors: &[DeclaredBehavior<'_>],
) -> Result<Vec<GroupSummary>, Error> {
    let Some(groups) = groups else {
        return Ok(Vec::new());
    };
    check_list("OriginGroups", groups)?;
    let mut summaries = Vec::new();
    for (g, group) in groups.as_slice().iter().enumerate() {
        let path = format!("OriginGroups.Items[{g}]");
        check_list(&format!("{path}.Members"), &group.members)?;
        let [primary, backup] = group.members.as_slice() else {
            return Err(invalid(
                format!("{path}.Members.Quantity"),
                group.members.as_slice().len(),
                "exactly 2 members: the primary origin, then the backup",
            ));
        };
        let mut members = Vec::new();
        for (m, member) in [primary, backup].into_iter().enumerate() {
            let origin = origins.iter().find(|o| o.id == member.origin_id).ok_or_else(|| {
                invalid(
                    format!("{path}.Members.Items[{m}].OriginId"),
                    &member.origin_id,
                    "the Id of an origin in Origins",
                )
            })?;
            members.push(origin);
        }
        let codes_path = format!("{path}.FailoverCriteria.StatusCodes");
        let codes = &group.failover_criteria.status_codes;
        check_list(&codes_path, codes)?;
        let status_codes = FailoverStatusCodes::new(codes.as_slice().iter().copied())
            .map_err(|e| with_path(e, &format!("{codes_path}.Items")))?;
        let selection_criteria = SelectionCriteria::from_document(group.selection_criteria.as_deref());
        match &selection_criteria {
            SelectionCriteria::Default => {}
            SelectionCriteria::MediaQualityBased => {
                check_media_quality(&format!("{path}.SelectionCriteria"), &members)?;
            }
            SelectionCriteria::Other(other) => {
                return Err(invalid(
                    format!("{path}.SelectionCriteria"),
                    other,
                    "\"default\" or \"media-quality-based\"",
                ));
            }
        }
        summaries.push(GroupSummary {
            id: group.id.clone(),
            primary: primary.origin_id.clone(),
            backup: backup.origin_id.clone(),
            status_codes,
            selection_criteria,
        });
    }
    for behavior in behaviors {
        if !summaries.iter().any(|s| s.id == behavior.target) {
            continue;
        }
        if let Some(methods) = &behavior.methods
            && methods
                .iter()
                .any(|m| !m.parse::<Method>().is_ok_and(|m| m.fails_over()))
        {
            return Err(invalid(
                &behavior.methods_path,
                format!("{methods:?}"),
                "GET, HEAD and OPTIONS only: a behaviour that targets an origin group allows no other method",
            ));
        }
    }
    Ok(summaries)
}

/// `media-quality-based` selection needs both members to be MediaPackage v2 origins: only those report
/// the media quality confidence scores it compares. A member known to be something else is named first;
/// then one whose kind the document does not tell.
fn check_media_quality(path: &str, members: &[&DeclaredOrigin<'_>]) -> Result<(), Error> {
    let refuse = |origin: &DeclaredOrigin<'_>, what: String| {
        invalid(
            path,
            "media-quality-based",
            format!(
                "\"default\": {} {what}, and only MediaPackage v2 endpoints support media-quality-based selection",
                origin.domain_name
            ),
        )
    };
    if let Some((origin, kind)) = members.iter().find_map(|o| {
        o.kind
            .filter(|k| !k.supports_media_quality_selection())
            .map(|k| (o, k))
    }) {
        return Err(refuse(
            origin,
            format!("is not a MediaPackage v2 endpoint ({kind})"),
        ));
    }
    if let Some(origin) = members.iter().find(|o| o.kind.is_none()) {
        return Err(refuse(
            origin,
            "cannot be shown to be a MediaPackage v2 endpoint".to_owned(),
        ));
    }
    Ok(())
}

/// A viewer request's HTTP method.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `HEAD`.
    Head,
    /// `OPTIONS`.
    Options,
    /// Any other method (never fails over).
    Other(String),
}

impl Method {
    /// Whether an origin group may retry this method on the backup (GET, HEAD and OPTIONS only).
    pub fn fails_over(&self) -> bool {
        !matches!(self, Self::Other(_))
    }

    /// Whether CloudFront retries this method when an origin does not answer in time (GET and HEAD).
    fn retries_reads(&self) -> bool {
        matches!(self, Self::Get | Self::Head)
    }
}

impl FromStr for Method {
    type Err = std::convert::Infallible;

    /// Reads a method name; HTTP methods are case-sensitive, so `get` is an `Other`.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Ok(match name {
            "GET" => Self::Get,
            "HEAD" => Self::Head,
            "OPTIONS" => Self::Options,
            other => Self::Other(other.to_owned()),
        })
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Get => "GET",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
            Self::Other(name) => name,
        })
    }
}

/// What happened when CloudFront asked one origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OriginOutcome {
    /// The origin answered with this status code.
    Status(u16),
    /// No connection within the connection timeout, on every attempt.
    ConnectTimeout,
    /// The connection was refused (or reset) on every attempt.
    ConnectionRefused,
    /// Connected, but no response (or a stalled one) within the read timeout, on every attempt.
    ReadTimeout,
}

impl OriginOutcome {
    /// The status the viewer gets from this outcome when no other origin is asked: the origin's status,
    /// 502 (Bad Gateway) for a refused connection, 504 (Gateway Timeout) for a timeout.
    pub const fn viewer_status(self) -> u16 {
        match self {
            Self::Status(status) => status,
            Self::ConnectionRefused => 502,
            Self::ConnectTimeout | Self::ReadTimeout => 504,
        }
    }
}

/// What asking one origin cost: connection attempts made and seconds spent waiting on timeouts (the
/// origin's own response time is not modelled, so an answer costs zero seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cost {
    /// Connections CloudFront opened (or tried to).
    pub attempts: u32,
    /// Seconds spent on timeouts.
    pub waited: Seconds,
}

/// Which origin answered the viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Served {
    /// The primary (first) origin.
    Primary,
    /// The backup (second) origin.
    Backup,
}

/// What the origin group does after asking the primary.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Decision {
    /// The viewer gets the primary's outcome.
    ServePrimary {
        /// The status the viewer gets.
        viewer_status: u16,
        /// What asking the primary cost.
        cost: Cost,
    },
    /// CloudFront asks the backup, after spending `cost` on the primary.
    TryBackup {
        /// Why the primary's outcome fails over.
        reason: OriginOutcome,
        /// What asking the primary cost before failing over.
        cost: Cost,
    },
}

/// The end of one request through the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Route {
    /// The status the viewer gets.
    pub viewer_status: u16,
    /// The origin whose outcome the viewer gets.
    pub served_by: Served,
    /// Connection attempts on both origins.
    pub attempts: u32,
    /// Seconds spent on timeouts before the viewer got an answer.
    pub waited: Seconds,
}

/// An origin group's request rules: failover codes and each member's timeouts.
///
/// ```
/// use origin_failover::origin_group::{Decision, Method, OriginGroupPolicy, OriginOutcome};
/// use origin_failover::{FailoverStatusCodes, OriginTimeouts};
///
/// let policy = OriginGroupPolicy::new(FailoverStatusCodes::default(), OriginTimeouts::default(), OriginTimeouts::default());
/// match policy.decide(&Method::Get, OriginOutcome::ConnectTimeout) {
///     Decision::TryBackup { cost, .. } => assert_eq!((cost.attempts, cost.waited.to_string()), (3, "30".to_owned())),
///     other => panic!("{other:?}"),
/// }
/// let route = policy.route(&Method::Get, OriginOutcome::Status(404), || OriginOutcome::Status(200));
/// assert_eq!(route.viewer_status, 200);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginGroupPolicy {
    status_codes: FailoverStatusCodes,
    primary: OriginTimeouts,
    backup: OriginTimeouts,
}

impl OriginGroupPolicy {
    /// The rules of a group with these failover codes and member timeouts.
    pub fn new(status_codes: FailoverStatusCodes, primary: OriginTimeouts, backup: OriginTimeouts) -> Self {
        Self {
            status_codes,
            primary,
            backup,
        }
    }

    /// The rules of a distribution's origin group.
    pub fn of(distribution: &LiveDistribution) -> Self {
        Self::new(
            distribution.failover_status_codes().clone(),
            distribution.primary().timeouts(),
            distribution.backup().timeouts(),
        )
    }

    /// The failover status codes.
    pub fn status_codes(&self) -> &FailoverStatusCodes {
        &self.status_codes
    }

    /// The primary origin's timeouts.
    pub fn primary_timeouts(&self) -> OriginTimeouts {
        self.primary
    }

    /// Whether `outcome` of the primary makes the group ask the backup for a `method` request.
    ///
    /// CloudFront fails over on a connection it cannot make only when 503 is a failover code, and on
    /// an origin that does not answer in time only when 504 is: a group of 404 alone serves the viewer
    /// CloudFront's own error while the primary Region is down.
    pub fn fails_over(&self, method: &Method, outcome: OriginOutcome) -> bool {
        method.fails_over()
            && match outcome {
                OriginOutcome::Status(status) => self.status_codes.contains(status),
                OriginOutcome::ConnectTimeout | OriginOutcome::ConnectionRefused => {
                    self.status_codes.contains(503)
                }
                OriginOutcome::ReadTimeout => self.status_codes.contains(504),
            }
    }

    /// The decision after asking the primary.
    pub fn decide(&self, method: &Method, primary: OriginOutcome) -> Decision {
        let cost = cost(self.primary, method, primary);
        if self.fails_over(method, primary) {
            Decision::TryBackup {
                reason: primary,
                cost,
            }
        } else {
            Decision::ServePrimary {
                viewer_status: primary.viewer_status(),
                cost,
            }
        }
    }

    /// The whole request: asks the primary, and the backup (through `backup`, called at most once) when
    /// the decision says so. The viewer gets the backup's outcome as is, failover code or not.
    pub fn route(
        &self,
        method: &Method,
        primary: OriginOutcome,
        backup: impl FnOnce() -> OriginOutcome,
    ) -> Route {
        match self.decide(method, primary) {
            Decision::ServePrimary { viewer_status, cost } => Route {
                viewer_status,
                served_by: Served::Primary,
                attempts: cost.attempts,
                waited: cost.waited,
            },
            Decision::TryBackup { cost: first, .. } => {
                let outcome = backup();
                let second = cost(self.backup, method, outcome);
                Route {
                    viewer_status: outcome.viewer_status(),
                    served_by: Served::Backup,
                    attempts: first.attempts + second.attempts,
                    waited: add(first.waited, second.waited),
                }
            }
        }
    }
}

/// What asking an origin with `timeouts` cost when it ended in `outcome`.
///
/// The model, from CloudFront's documentation: a connection timeout is paid once per connection attempt;
/// a refused connection is retried as often but costs no waiting; a read timeout is paid once per attempt
/// for GET and HEAD (CloudFront retries those) and once for other methods; `ResponseCompletionTimeout`,
/// when set, caps the total.
pub fn cost(timeouts: OriginTimeouts, method: &Method, outcome: OriginOutcome) -> Cost {
    let attempts = timeouts.connection_attempts.count();
    let (attempts, per_attempt) = match outcome {
        OriginOutcome::Status(_) => (1, 0),
        OriginOutcome::ConnectionRefused => (attempts, 0),
        OriginOutcome::ConnectTimeout => (attempts, timeouts.connection_timeout.seconds()),
        OriginOutcome::ReadTimeout if method.retries_reads() => (attempts, timeouts.read_timeout.seconds()),
        OriginOutcome::ReadTimeout => (1, timeouts.read_timeout.seconds()),
    };
    let mut waited = u64::from(attempts) * u64::from(per_attempt);
    if let Some(limit) = timeouts.response_completion_timeout {
        waited = waited.min(u64::from(limit));
    }
    Cost {
        attempts,
        waited: Seconds::whole(waited),
    }
}

/// The exact sum of two durations.
pub(crate) fn add(a: Seconds, b: Seconds) -> Seconds {
    let n = u128::from(a.numerator()) * u128::from(b.denominator())
        + u128::from(b.numerator()) * u128::from(a.denominator());
    let d = u128::from(a.denominator()) * u128::from(b.denominator());
    reduce(n, d)
}

/// `a - b`, or zero when `b >= a`.
pub(crate) fn saturating_sub(a: Seconds, b: Seconds) -> Seconds {
    if b >= a {
        return Seconds::ZERO;
    }
    let n = u128::from(a.numerator()) * u128::from(b.denominator())
        - u128::from(b.numerator()) * u128::from(a.denominator());
    let d = u128::from(a.denominator()) * u128::from(b.denominator());
    reduce(n, d)
}

fn reduce(mut n: u128, mut d: u128) -> Seconds {
    let (mut x, mut y) = (n, d);
    while y != 0 {
        (x, y) = (y, x % y);
    }
    if x > 1 {
        n /= x;
        d /= x;
    }
    // Sums of segment-scale durations (denominators up to a few thousand) stay far inside 64 bits; if
    // they ever did not, round down to whole milliseconds rather than fail.
    match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => Seconds::new(n, d).unwrap_or(Seconds::ZERO),
        _ => Seconds::new(u64::try_from(n * 1000 / d).unwrap_or(u64::MAX), 1000).unwrap_or(Seconds::ZERO),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(codes: &[u16], connect: u32, attempts: u32, read: u32) -> OriginGroupPolicy {
        let t = OriginTimeouts::new(connect, attempts, read, None).unwrap();
        OriginGroupPolicy::new(FailoverStatusCodes::new(codes.iter().copied()).unwrap(), t, t)
    }

    #[test]
    fn every_outcome() {
        let p = policy(&[404, 500, 502, 503, 504], 10, 3, 30);
        let get = Method::Get;
        assert_eq!(
            p.decide(&get, OriginOutcome::Status(200)),
            Decision::ServePrimary {
                viewer_status: 200,
                cost: Cost {
                    attempts: 1,
                    waited: Seconds::ZERO
                }
            }
        );
        // 403 is not in this group's codes: the viewer gets it.
        assert!(matches!(
            p.decide(&get, OriginOutcome::Status(403)),
            Decision::ServePrimary {
                viewer_status: 403,
                ..
            }
        ));
        let Decision::TryBackup { cost, .. } = p.decide(&get, OriginOutcome::ReadTimeout) else {
            panic!()
        };
        assert_eq!((cost.attempts, cost.waited), (3, Seconds::whole(90)));
        let Decision::TryBackup { cost, .. } = p.decide(&Method::Options, OriginOutcome::ReadTimeout) else {
            panic!()
        };
        assert_eq!((cost.attempts, cost.waited), (1, Seconds::whole(30)));
        let Decision::TryBackup { cost, .. } = p.decide(&get, OriginOutcome::ConnectionRefused) else {
            panic!()
        };
        assert_eq!((cost.attempts, cost.waited), (3, Seconds::ZERO));
        let post: Method = "POST".parse().unwrap();
        assert_eq!(
            p.decide(&post, OriginOutcome::ConnectTimeout),
            Decision::ServePrimary {
                viewer_status: 504,
                cost: Cost {
                    attempts: 3,
                    waited: Seconds::whole(30)
                }
            }
        );
        assert!(matches!(
            p.decide(&post, OriginOutcome::ConnectionRefused),
            Decision::ServePrimary {
                viewer_status: 502,
                ..
            }
        ));
    }

    #[test]
    fn connection_errors_fail_over_only_with_503_and_timeouts_only_with_504() {
        let only_404 = policy(&[404], 2, 1, 4);
        for (outcome, viewer_status) in [
            (OriginOutcome::ConnectTimeout, 504),
            (OriginOutcome::ConnectionRefused, 502),
            (OriginOutcome::ReadTimeout, 504),
        ] {
            assert!(!only_404.fails_over(&Method::Get, outcome), "{outcome:?}");
            assert_eq!(
                only_404
                    .route(&Method::Get, outcome, || OriginOutcome::Status(200))
                    .viewer_status,
                viewer_status
            );
        }
        let with_503 = policy(&[404, 503], 2, 1, 4);
        assert!(with_503.fails_over(&Method::Get, OriginOutcome::ConnectTimeout));
        assert!(with_503.fails_over(&Method::Get, OriginOutcome::ConnectionRefused));
        assert!(!with_503.fails_over(&Method::Get, OriginOutcome::ReadTimeout));
        assert!(policy(&[504], 2, 1, 4).fails_over(&Method::Get, OriginOutcome::ReadTimeout));
    }

    #[test]
    fn routes_through_the_backup() {
        let p = policy(&[404, 503], 2, 1, 4);
        let both_gone = p.route(&Method::Get, OriginOutcome::Status(404), || {
            OriginOutcome::Status(404)
        });
        assert_eq!(
            (both_gone.viewer_status, both_gone.served_by),
            (404, Served::Backup)
        );
        let down = p.route(&Method::Head, OriginOutcome::ConnectTimeout, || {
            OriginOutcome::Status(200)
        });
        assert_eq!(
            (down.viewer_status, down.attempts, down.waited),
            (200, 2, Seconds::whole(2))
        );
        let mut asked = false;
        let ok = p.route(&Method::Get, OriginOutcome::Status(200), || {
            asked = true;
            OriginOutcome::Status(500)
        });
        assert_eq!(
            (ok.viewer_status, ok.served_by, asked),
            (200, Served::Primary, false)
        );
    }

    #[test]
    fn completion_timeout_caps_waiting() {
        let t = OriginTimeouts::new(10, 3, 30, Some(40)).unwrap();
        assert_eq!(
            cost(t, &Method::Get, OriginOutcome::ReadTimeout).waited,
            Seconds::whole(40)
        );
        assert_eq!(
            cost(t, &Method::Get, OriginOutcome::ConnectTimeout).waited,
            Seconds::whole(30)
        );
    }

    #[test]
    fn exact_sums() {
        let a: Seconds = "6.006".parse().unwrap();
        assert_eq!(add(a, Seconds::whole(2)).to_string(), "8.006");
        assert_eq!(saturating_sub(a, Seconds::whole(2)).to_string(), "4.006");
        assert_eq!(saturating_sub(Seconds::whole(2), a), Seconds::ZERO);
    }
}
