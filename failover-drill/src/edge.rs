//! The CDN edge: a CloudFront-like caching proxy in front of the two origins. Every cache miss goes
//! through the origin group exactly as `origin-failover`'s decision model says (primary first, each
//! connection attempt paying its timeout, failover on the configured status codes and on timeouts,
//! never sticky), and objects are cached by the origin's `Cache-Control` within the behaviour's TTLs.
//!
//! With media-quality-based selection (MediaPackage v2 origins), every cache miss asks both members at
//! once, a GET to the primary and a HEAD to the backup, and serves the one whose answer carries the
//! higher media quality confidence score (MQCS), the primary on a tie or when neither carries one; a
//! primary answer that fails over (a failover status, a connection failure or a timeout) makes the edge
//! GET the backup whatever the scores. The edge compares once both have answered, so a backup that
//! times out delays every miss by its timeouts: an assumption, as CloudFront does not document how long
//! it waits for the HEAD.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use hls_epoch::Timestamp;
use hyper::Request;
use hyper::body::Incoming;
use mediapackage_origin::DistributionArn;
use mediapackage_origin::assumption::mqcs_header;
use mediapackage_origin::policy::CLOUDFRONT_SERVICE;
use origin_failover::LiveDistribution;
use origin_failover::distribution::Error as DistributionError;
use origin_failover::distribution::path_pattern_matches;
use origin_failover::document::DistributionConfig;
use origin_failover::origin_group::{Decision, Method, OriginGroupPolicy, OriginOutcome, SelectionCriteria};
use origin_failover::{FailoverStatusCodes, LiveOrigin, OriginTimeouts};

use crate::clock::{DrillClock, between};
use crate::http::{self, Fetched, Reply, Server};
use crate::origin::{ConnectFailure, FORWARDED_PROTO_HEADER, OriginLink};
use crate::packager::{SERVICE_HEADER, SOURCE_ARN_HEADER};
use crate::pipeline::{Picture, mqcs_of};

/// The response header naming the origin (by its id in the distribution) whose answer the viewer got;
/// on a cache hit, the origin that filled the cache.
pub const SERVED_BY_HEADER: &str = "x-drill-served-by";

/// CloudFront's cache status header (`Hit from cloudfront`, `Miss from cloudfront`).
pub const CACHE_HEADER: &str = "x-cache";

/// The CORS headers on every answer: a player page on another site may read the playlists and
/// segments, and the two headers above (as the recipe's container CORS policy allows any origin to
/// `GET`, and a distribution forwards it).
const CORS: [(&str, &str); 2] = [
    ("access-control-allow-origin", "*"),
    (
        "access-control-expose-headers",
        "x-drill-served-by, x-cache, x-drill-picture",
    ),
];

/// Why the edge could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The listening socket could not be opened.
    #[error("cannot listen on 127.0.0.1 for the edge")]
    Bind(#[source] std::io::Error),
    /// The distribution document does not say what the edge needs (its origin group, its members'
    /// timeouts), or says it out of CloudFront's range.
    #[error("the distribution document cannot be served")]
    Distribution(#[source] DistributionError),
}

/// One origin fetch the edge made on a cache miss, in drill time.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OriginFetch {
    /// When the viewer's request arrived, since the clock's start.
    #[serde(with = "crate::report::seconds")]
    pub at: Duration,
    /// The object key.
    pub key: String,
    /// The primary's outcome.
    #[serde(serialize_with = "outcome::serialize")]
    pub primary: OriginOutcome,
    /// The backup's outcome, when the group asked it for the object (a GET, or the viewer's HEAD).
    #[serde(serialize_with = "outcome::serialize_option")]
    pub backup: Option<OriginOutcome>,
    /// The backup's answer to media-quality selection's HEAD, when the group selects by media quality.
    #[serde(serialize_with = "outcome::serialize_option")]
    pub backup_head: Option<OriginOutcome>,
    /// Time spent on the primary before the group asked the backup (zero when it did not).
    #[serde(with = "crate::report::seconds")]
    pub failover_wait: Duration,
    /// The status the viewer got.
    pub viewer_status: u16,
}

/// Serialises `origin-failover`'s outcomes as `{"kind": "status", "status": 404}` or
/// `{"kind": "connect_timeout"}` for reports.
mod outcome {
    use origin_failover::origin_group::OriginOutcome;
    use serde::ser::SerializeMap;

    pub(super) fn serialize<S: serde::Serializer>(
        outcome: &OriginOutcome,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let (kind, status) = match outcome {
            OriginOutcome::Status(status) => ("status", Some(*status)),
            OriginOutcome::ConnectTimeout => ("connect_timeout", None),
            OriginOutcome::ConnectionRefused => ("connection_refused", None),
            OriginOutcome::ReadTimeout => ("read_timeout", None),
        };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", kind)?;
        if let Some(status) = status {
            map.serialize_entry("status", &status)?;
        }
        map.end()
    }

    pub(super) fn serialize_option<S: serde::Serializer>(
        outcome: &Option<OriginOutcome>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match outcome {
            Some(outcome) => serialize(outcome, serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// Cache lifetimes of one behaviour, in drill time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ttls {
    min: Duration,
    default: Duration,
    max: Duration,
}

#[derive(Debug, Clone)]
struct Member {
    id: String,
    link: OriginLink,
    /// The headers that identify the edge to this origin: the secret `User-Agent`, or Origin Access
    /// Control's signature (the CloudFront service, for the distribution).
    identity: Vec<(&'static str, String)>,
    origin_path: String,
    timeouts: OriginTimeouts,
}

/// The headers an origin's answer passes on to the viewer (and the cache keeps).
fn passed_on() -> [&'static str; 4] {
    ["content-type", "cache-control", Picture::HEADER, mqcs_header()]
}

/// What one cache miss came to.
struct Answered {
    /// 0 for the primary, 1 for the backup.
    served: usize,
    primary: OriginOutcome,
    backup: Option<OriginOutcome>,
    backup_head: Option<OriginOutcome>,
    outcome: OriginOutcome,
    response: Option<Fetched>,
    failover_wait: Duration,
}

#[derive(Debug, Clone)]
struct Cached {
    status: u16,
    headers: Vec<(String, String)>,
    body: Bytes,
    served_by: String,
    expires: Timestamp,
}

struct State {
    policy: OriginGroupPolicy,
    selection: SelectionCriteria,
    members: [Member; 2],
    behaviors: Vec<(String, Ttls)>,
    default_ttls: Ttls,
    error_ttl: Duration,
    clock: DrillClock,
    cache: Mutex<HashMap<String, Cached>>,
    fetches: Mutex<Vec<OriginFetch>>,
}

/// A running edge on 127.0.0.1.
pub struct Edge {
    state: Arc<State>,
    server: Server,
}

impl std::fmt::Debug for Edge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Edge")
            .field("addr", &self.server.addr())
            .finish_non_exhaustive()
    }
}

impl Edge {
    /// Starts an edge serving `distribution`, reaching its primary origin through `primary` and its
    /// backup through `backup` (the drill's stand-in for the origins' DNS names).
    ///
    /// The cache behaviours and the error caching TTL are read from the distribution's
    /// `DistributionConfig` document, as CloudFront would read them.
    pub async fn start(
        distribution: &LiveDistribution,
        primary: OriginLink,
        backup: OriginLink,
        clock: DrillClock,
    ) -> Result<Self, Error> {
        let config = distribution.to_config();
        let member = |origin: &LiveOrigin, link: OriginLink| Member {
            id: origin.id().to_owned(),
            link,
            identity: vec![
                ("user-agent", origin.user_agent().expose().to_owned()),
                (FORWARDED_PROTO_HEADER, "https".to_owned()),
            ],
            origin_path: origin
                .origin_path()
                .unwrap_or_default()
                .trim_matches('/')
                .to_owned(),
            timeouts: origin.timeouts(),
        };
        let members = [
            member(distribution.primary(), primary),
            member(distribution.backup(), backup),
        ];
        Self::serve(
            &config,
            OriginGroupPolicy::of(distribution),
            SelectionCriteria::Default,
            members,
            clock,
        )
        .await
    }

    /// Starts an edge serving the distribution `config` documents, whose origins are read through
    /// Origin Access Control as the distribution `arn` (MediaPackage v2 origins): the origin group's
    /// failover codes and selection criteria, each member's timeouts and origin path, the behaviours
    /// and the error caching TTL are all read from the document, as CloudFront reads them, so that a
    /// hand-edited document is served as written.
    pub async fn start_with_access_control(
        config: &DistributionConfig,
        arn: &DistributionArn,
        primary: OriginLink,
        backup: OriginLink,
        clock: DrillClock,
    ) -> Result<Self, Error> {
        let missing = |path: &str, expected: &str| {
            Error::Distribution(DistributionError::Missing {
                path: path.to_owned(),
                expected: expected.to_owned(),
            })
        };
        let group = config
            .origin_groups
            .as_ref()
            .and_then(|groups| groups.as_slice().first())
            .ok_or_else(|| missing("OriginGroups.Items[0]", "the origin group of the two Regions"))?;
        let codes = FailoverStatusCodes::new(group.failover_criteria.status_codes.as_slice().iter().copied())
            .map_err(Error::Distribution)?;
        let selection = SelectionCriteria::from_document(group.selection_criteria.as_deref());
        let ids = group.members.as_slice();
        let (Some(first), Some(second)) = (ids.first(), ids.get(1)) else {
            return Err(missing("OriginGroups.Items[0].Members", "two members"));
        };
        let member = |id: &str, link: OriginLink| -> Result<Member, Error> {
            let origin = config
                .origins
                .as_slice()
                .iter()
                .find(|o| o.id == id)
                .ok_or_else(|| missing("Origins.Items", "an origin for each member of the group"))?;
            let defaults = OriginTimeouts::CLOUDFRONT_DEFAULTS;
            let timeouts = OriginTimeouts::new(
                origin
                    .connection_timeout
                    .unwrap_or(defaults.connection_timeout.seconds()),
                origin
                    .connection_attempts
                    .unwrap_or(defaults.connection_attempts.count()),
                origin
                    .custom_origin_config
                    .as_ref()
                    .and_then(|c| c.origin_read_timeout)
                    .unwrap_or(defaults.read_timeout.seconds()),
                origin.response_completion_timeout,
            )
            .map_err(Error::Distribution)?;
            Ok(Member {
                id: origin.id.clone(),
                link,
                identity: vec![
                    (SERVICE_HEADER, CLOUDFRONT_SERVICE.to_owned()),
                    (SOURCE_ARN_HEADER, arn.as_str().to_owned()),
                    (FORWARDED_PROTO_HEADER, "https".to_owned()),
                ],
                origin_path: origin
                    .origin_path
                    .as_deref()
                    .unwrap_or_default()
                    .trim_matches('/')
                    .to_owned(),
                timeouts,
            })
        };
        let members = [
            member(&first.origin_id, primary)?,
            member(&second.origin_id, backup)?,
        ];
        let policy = OriginGroupPolicy::new(codes, members[0].timeouts, members[1].timeouts);
        Self::serve(config, policy, selection, members, clock).await
    }

    async fn serve(
        config: &DistributionConfig,
        policy: OriginGroupPolicy,
        selection: SelectionCriteria,
        members: [Member; 2],
        clock: DrillClock,
    ) -> Result<Self, Error> {
        let state = Arc::new(State {
            policy,
            selection,
            members,
            behaviors: config
                .cache_behaviors
                .iter()
                .flat_map(|list| list.as_slice())
                .filter_map(|b| Some((b.path_pattern.clone()?, ttls(b.min_ttl, b.default_ttl, b.max_ttl))))
                .collect(),
            default_ttls: {
                let b = &config.default_cache_behavior;
                ttls(b.min_ttl, b.default_ttl, b.max_ttl)
            },
            error_ttl: error_caching_min_ttl(config),
            clock,
            cache: Mutex::new(HashMap::new()),
            fetches: Mutex::new(Vec::new()),
        });
        let handler_state = state.clone();
        let handler: http::Handler = Arc::new(move |request| {
            let state = handler_state.clone();
            Box::pin(async move { state.handle(request).await })
        });
        let server = Server::bind(handler, Arc::new(|| true))
            .await
            .map_err(Error::Bind)?;
        Ok(Self { state, server })
    }

    /// The address viewers connect to.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The origin ids, primary first.
    pub fn origin_ids(&self) -> [&str; 2] {
        [&self.state.members[0].id, &self.state.members[1].id]
    }

    /// Every origin fetch so far, in order.
    pub fn fetches(&self) -> Vec<OriginFetch> {
        self.state
            .fetches
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Empties the cache (an invalidation of `/*`).
    pub fn invalidate_all(&self) {
        self.state
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// Stops the server and closes its connections.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

impl State {
    async fn handle(&self, request: Request<Incoming>) -> Reply {
        let method: Method = request.method().as_str().parse().unwrap_or(Method::Get);
        if !matches!(method, Method::Get | Method::Head) {
            return http::reply(405, &[], Bytes::new());
        }
        let key = request.uri().path().trim_start_matches('/').to_owned();
        let arrived = self.clock.now();
        if let Some(hit) = self.lookup(&key, arrived) {
            let mut headers: Vec<(&str, &str)> = hit
                .headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            headers.push((SERVED_BY_HEADER, &hit.served_by));
            headers.extend(CORS);
            headers.push((
                CACHE_HEADER,
                if hit.status == 200 {
                    "Hit from cloudfront"
                } else {
                    "Error from cloudfront"
                },
            ));
            let body = if method == Method::Head {
                Bytes::new()
            } else {
                hit.body
            };
            return http::reply(hit.status, &headers, body);
        }
        let Answered {
            served,
            primary: primary_outcome,
            backup,
            backup_head,
            outcome,
            response,
            failover_wait,
        } = match self.selection {
            SelectionCriteria::MediaQualityBased => self.by_media_quality(&method, &key, arrived).await,
            SelectionCriteria::Default | SelectionCriteria::Other(_) => {
                self.by_default(&method, &key, arrived).await
            }
        };
        let viewer_status = outcome.viewer_status();
        self.fetches
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(OriginFetch {
                at: self.clock.since_start(arrived),
                key: key.clone(),
                primary: primary_outcome,
                backup,
                backup_head,
                failover_wait: if served == 1 {
                    failover_wait
                } else {
                    Duration::ZERO
                },
                viewer_status,
            });
        let served_by = self.members[served].id.clone();
        let mut headers: Vec<(String, String)> = Vec::new();
        let body = match &response {
            Some(fetched) => {
                for name in passed_on() {
                    if let Some(value) = fetched.header(name) {
                        headers.push((name.to_owned(), value.to_owned()));
                    }
                }
                fetched.body.clone()
            }
            None => Bytes::new(),
        };
        self.store(
            &key,
            viewer_status,
            &headers,
            &body,
            &served_by,
            response.as_ref(),
        );
        let mut reply_headers: Vec<(&str, &str)> =
            headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        reply_headers.push((SERVED_BY_HEADER, &served_by));
        reply_headers.extend(CORS);
        reply_headers.push((
            CACHE_HEADER,
            if viewer_status == 200 {
                "Miss from cloudfront"
            } else {
                "Error from cloudfront"
            },
        ));
        let body = if method == Method::Head {
            Bytes::new()
        } else {
            body
        };
        http::reply(viewer_status, &reply_headers, body)
    }

    /// The default selection: the primary, and the backup when the primary's answer fails over.
    async fn by_default(&self, method: &Method, key: &str, arrived: Timestamp) -> Answered {
        let (primary, primary_response) = self.ask(0, method, key).await;
        let failover_wait = between(arrived, self.clock.now());
        match self.policy.decide(method, primary) {
            Decision::ServePrimary { .. } => Answered {
                served: 0,
                primary,
                backup: None,
                backup_head: None,
                outcome: primary,
                response: primary_response,
                failover_wait,
            },
            Decision::TryBackup { reason, .. } => {
                tracing::debug!(%key, ?reason, waited = ?failover_wait, "origin group asks the backup");
                let (outcome, response) = self.ask(1, method, key).await;
                Answered {
                    served: 1,
                    primary,
                    backup: Some(outcome),
                    backup_head: None,
                    outcome,
                    response,
                    failover_wait,
                }
            }
        }
    }

    /// Media-quality-based selection: the viewer's request to the primary and a HEAD to the backup
    /// at once; the higher score wins, the primary on a tie; a primary answer that fails over sends the
    /// request to the backup regardless.
    async fn by_media_quality(&self, method: &Method, key: &str, arrived: Timestamp) -> Answered {
        let ((primary, primary_response), (head, head_response)) =
            tokio::join!(self.ask(0, method, key), self.ask(1, &Method::Head, key));
        let failover_wait = between(arrived, self.clock.now());
        let score = |response: &Option<Fetched>| {
            response
                .as_ref()
                .filter(|r| r.status == 200)
                .and_then(|r| r.header(mqcs_header()))
                .and_then(mqcs_of)
        };
        // An answer without a score ranks below any score: equal (both without) keeps the primary.
        let backup_better =
            head == OriginOutcome::Status(200) && score(&head_response) > score(&primary_response);
        if !self.policy.fails_over(method, primary) && !backup_better {
            return Answered {
                served: 0,
                primary,
                backup: None,
                backup_head: Some(head),
                outcome: primary,
                response: primary_response,
                failover_wait: Duration::ZERO,
            };
        }
        tracing::debug!(%key, ?primary, ?head, "media-quality selection asks the backup");
        let (outcome, response) = if *method == Method::Head {
            (head, head_response)
        } else {
            self.ask(1, method, key).await
        };
        Answered {
            served: 1,
            primary,
            backup: Some(outcome),
            backup_head: Some(head),
            outcome,
            response,
            failover_wait,
        }
    }

    fn lookup(&self, key: &str, now: Timestamp) -> Option<Cached> {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        match cache.get(key) {
            Some(entry) if entry.expires > now => Some(entry.clone()),
            Some(_) => {
                cache.remove(key);
                None
            }
            None => None,
        }
    }

    /// Caches a 200 for the behaviour's TTL given the origin's `Cache-Control`, and an error answer of
    /// a failover status code for the error caching minimum TTL.
    fn store(
        &self,
        key: &str,
        status: u16,
        headers: &[(String, String)],
        body: &Bytes,
        served_by: &str,
        response: Option<&Fetched>,
    ) {
        let ttl = if status == 200 {
            let ttls = self.ttls_for(key);
            match response.and_then(|r| r.header("cache-control")).and_then(max_age) {
                Some(age) => age.clamp(ttls.min, ttls.max),
                None => ttls.default,
            }
        } else if response.is_some() && self.policy.status_codes().contains(status) {
            self.error_ttl
        } else {
            Duration::ZERO
        };
        if ttl.is_zero() {
            return;
        }
        let nanos = i128::try_from(ttl.as_nanos()).unwrap_or(i128::MAX);
        let now = self.clock.now();
        let expires = now.checked_add_nanos(nanos).unwrap_or(now);
        self.cache.lock().unwrap_or_else(PoisonError::into_inner).insert(
            key.to_owned(),
            Cached {
                status,
                headers: headers.to_vec(),
                body: body.clone(),
                served_by: served_by.to_owned(),
                expires,
            },
        );
    }

    fn ttls_for(&self, key: &str) -> Ttls {
        self.behaviors
            .iter()
            .find(|(pattern, _)| path_pattern_matches(pattern, key))
            .map_or(self.default_ttls, |(_, ttls)| *ttls)
    }

    /// Asks one member for `key`: every connection attempt pays its connection timeout, a GET or HEAD
    /// that gets no answer within the read timeout is tried again on a new connection.
    async fn ask(&self, member: usize, method: &Method, key: &str) -> (OriginOutcome, Option<Fetched>) {
        let member = &self.members[member];
        let timeouts = member.timeouts;
        let attempts = timeouts.connection_attempts.count().max(1);
        let connect_timeout = Duration::from_secs(u64::from(timeouts.connection_timeout.seconds()));
        let read_timeout = Duration::from_secs(u64::from(timeouts.read_timeout.seconds()));
        let path = if member.origin_path.is_empty() {
            format!("/{key}")
        } else {
            format!("/{}/{key}", member.origin_path)
        };
        let all_attempts = async {
            let mut last = OriginOutcome::ConnectTimeout;
            for _ in 0..attempts {
                let stream = match member.link.connect(connect_timeout).await {
                    Ok(stream) => stream,
                    Err(ConnectFailure::Timeout) => {
                        last = OriginOutcome::ConnectTimeout;
                        continue;
                    }
                    Err(ConnectFailure::Refused) => {
                        last = OriginOutcome::ConnectionRefused;
                        continue;
                    }
                };
                let headers: Vec<(&str, &str)> = member
                    .identity
                    .iter()
                    .map(|(name, value)| (*name, value.as_str()))
                    .collect();
                let request = http::request(&method.to_string(), &path, &headers, Bytes::new());
                match self
                    .clock
                    .timeout(read_timeout, http::exchange(stream, request))
                    .await
                {
                    Some(Ok(fetched)) => return (OriginOutcome::Status(fetched.status), Some(fetched)),
                    Some(Err(_)) => last = OriginOutcome::ConnectionRefused,
                    None => {
                        last = OriginOutcome::ReadTimeout;
                        if !matches!(method, Method::Get | Method::Head) {
                            break;
                        }
                    }
                }
            }
            (last, None)
        };
        match timeouts.response_completion_timeout {
            Some(limit) => {
                let limit = Duration::from_secs(u64::from(limit));
                self.clock
                    .timeout(limit, all_attempts)
                    .await
                    .unwrap_or((OriginOutcome::ReadTimeout, None))
            }
            None => all_attempts.await,
        }
    }
}

fn ttls(min: Option<i64>, default: Option<i64>, max: Option<i64>) -> Ttls {
    let seconds =
        |v: Option<i64>, or: u64| Duration::from_secs(v.and_then(|v| u64::try_from(v).ok()).unwrap_or(or));
    // CloudFront's own defaults for legacy cache settings: 0 s, 1 day, 1 year.
    Ttls {
        min: seconds(min, 0),
        default: seconds(default, 86_400),
        max: seconds(max, 31_536_000),
    }
}

/// `ErrorCachingMinTTL` of the distribution's custom error responses (CloudFront's default, 10 s, when
/// the document sets none).
fn error_caching_min_ttl(config: &DistributionConfig) -> Duration {
    let ttl = config
        .extra
        .get("CustomErrorResponses")
        .and_then(|r| r.get("Items"))
        .and_then(|items| items.as_array())
        .and_then(|items| {
            items
                .iter()
                .find_map(|item| item.get("ErrorCachingMinTTL")?.as_u64())
        });
    Duration::from_secs(ttl.unwrap_or(10))
}

/// `max-age` (or `s-maxage`, which wins for a shared cache) of a `Cache-Control` value.
fn max_age(cache_control: &str) -> Option<Duration> {
    let mut max_age = None;
    for directive in cache_control.split(',').map(str::trim) {
        let (name, value) = directive.split_once('=').unwrap_or((directive, ""));
        let seconds = value.trim_matches('"').parse::<u64>().ok();
        match name.trim().to_ascii_lowercase().as_str() {
            "s-maxage" => return seconds.map(Duration::from_secs),
            "max-age" => max_age = seconds.map(Duration::from_secs),
            "no-cache" | "no-store" | "private" => max_age = max_age.or(Some(Duration::ZERO)),
            _ => {}
        }
    }
    max_age
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_control() {
        assert_eq!(max_age("max-age=3"), Some(Duration::from_secs(3)));
        assert_eq!(
            max_age("public, max-age=3, s-maxage=1"),
            Some(Duration::from_secs(1))
        );
        assert_eq!(max_age("no-cache"), Some(Duration::ZERO));
        assert_eq!(max_age("public"), None);
    }
}
