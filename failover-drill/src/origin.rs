//! A Region's origin: an HTTP object store standing in for a MediaStore container. It enforces the
//! container policy document through `mediastore-policy`'s evaluation and the lifecycle document by the
//! drill clock, and it can be made unreachable, refusing, slow or failing to rehearse a Region outage.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use hls_epoch::Timestamp;
use http_body_util::BodyExt;
use hyper::Request;
use hyper::body::Incoming;
use mediastore_policy::{Caller, ContainerArn, ContainerPolicy, Decision, LifecyclePolicy};
use tokio::net::TcpStream;
use tokio::sync::watch;

use crate::clock::DrillClock;
use crate::http::{self, Reply, Server};
use crate::pipeline::Picture;

/// The header that carries a request's signed identity (an IAM ARN).
///
/// On AWS the caller is known from the request's SigV4 signature; on loopback the drill's writers name
/// themselves with this header, and requests without it are anonymous, as CloudFront's origin fetches are.
pub const PRINCIPAL_HEADER: &str = "x-drill-principal";

/// The header that tells the origin the request arrived over TLS (`https`), which is what the policy's
/// `aws:SecureTransport` condition tests. Drill traffic is plain HTTP on loopback; TLS is a request
/// property, set by whoever would have used HTTPS on AWS.
pub const FORWARDED_PROTO_HEADER: &str = "x-forwarded-proto";

/// The header an origin names its Region in, on every response.
pub const REGION_HEADER: &str = "x-drill-region";

/// Why an origin could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The container policy has a statement the evaluation cannot decide.
    #[error("the container policy of {container} cannot be enforced")]
    Policy {
        /// The container.
        container: String,
        /// Why.
        #[source]
        source: mediastore_policy::EvalError,
    },
    /// The listening socket could not be opened.
    #[error("cannot listen on 127.0.0.1 for the origin of {container}")]
    Bind {
        /// The container.
        container: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// The origin's state as its clients see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "status")]
pub enum OriginHealth {
    /// Serving requests.
    Serving,
    /// The Region is cut off: packets to the origin are dropped, so every connection attempt times out
    /// (the Region's own pipelines cannot write either).
    Unreachable,
    /// The host is up but nothing listens: every connection is closed at once.
    Refusing,
    /// Connections are accepted but no response comes until the origin serves again.
    Slow,
    /// Every request is answered with this status code (a 5xx outage of the service).
    Failing(u16),
}

/// One stored object.
#[derive(Debug, Clone)]
struct Object {
    body: Bytes,
    content_type: String,
    cache_control: Option<String>,
    picture: Option<String>,
    created: Timestamp,
}

/// What the origin counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct OriginCounters {
    /// Reads (GET and HEAD) answered, with any status.
    pub reads: u64,
    /// Writes (PUT and DELETE) answered, with any status.
    pub writes: u64,
    /// Requests the container policy denied (403).
    pub denied: u64,
    /// Objects the lifecycle policy expired.
    pub expired: u64,
}

struct State {
    container: ContainerArn,
    policy: ContainerPolicy,
    lifecycle: Option<LifecyclePolicy>,
    clock: DrillClock,
    objects: Mutex<BTreeMap<String, Object>>,
    counters: Mutex<OriginCounters>,
    health: watch::Receiver<OriginHealth>,
}

/// A running origin for one container, on 127.0.0.1.
pub struct Origin {
    state: Arc<State>,
    server: OriginServer,
}

impl std::fmt::Debug for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Origin")
            .field("container", &self.state.container.to_string())
            .field("addr", &self.server.addr())
            .finish_non_exhaustive()
    }
}

impl Origin {
    /// Starts an origin for `container` enforcing `policy` and, when given, `lifecycle`.
    pub async fn start(
        container: ContainerArn,
        policy: ContainerPolicy,
        lifecycle: Option<LifecyclePolicy>,
        clock: DrillClock,
    ) -> Result<Self, Error> {
        policy.check_evaluable().map_err(|source| Error::Policy {
            container: container.to_string(),
            source,
        })?;
        let (health, watched) = watch::channel(OriginHealth::Serving);
        let state = Arc::new(State {
            container: container.clone(),
            policy,
            lifecycle,
            clock: clock.clone(),
            objects: Mutex::new(BTreeMap::new()),
            counters: Mutex::new(OriginCounters::default()),
            health: watched,
        });
        let handler_state = state.clone();
        let handler: http::Handler = Arc::new(move |request| {
            let state = handler_state.clone();
            Box::pin(async move { state.handle(request).await })
        });
        let server = OriginServer::bind(handler, health, clock)
            .await
            .map_err(|source| Error::Bind {
                container: container.to_string(),
                source,
            })?;
        Ok(Self { state, server })
    }

    /// The container this origin stands for.
    pub fn container(&self) -> &ContainerArn {
        &self.state.container
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The network path to this origin, as the edge uses it.
    pub fn link(&self) -> OriginLink {
        self.server.link()
    }

    /// Changes how the origin behaves from now on.
    pub fn set_health(&self, health: OriginHealth) {
        self.server.set_health(health);
    }

    /// How the origin behaves now.
    pub fn health(&self) -> OriginHealth {
        self.server.health()
    }

    /// Whether an object is stored and not expired now.
    pub fn has(&self, key: &str) -> bool {
        let now = self.state.clock.now();
        let objects = self.state.objects.lock().unwrap_or_else(PoisonError::into_inner);
        objects
            .get(key)
            .is_some_and(|object| !self.state.is_expired(key, object, now))
    }

    /// An object's body, if it is stored and not expired now.
    pub fn object(&self, key: &str) -> Option<Bytes> {
        let now = self.state.clock.now();
        let objects = self.state.objects.lock().unwrap_or_else(PoisonError::into_inner);
        objects
            .get(key)
            .filter(|object| !self.state.is_expired(key, object, now))
            .map(|object| object.body.clone())
    }

    /// The stored keys that are not expired now.
    pub fn keys(&self) -> Vec<String> {
        let now = self.state.clock.now();
        let objects = self.state.objects.lock().unwrap_or_else(PoisonError::into_inner);
        objects
            .iter()
            .filter(|(key, object)| !self.state.is_expired(key, object, now))
            .map(|(key, _)| key.clone())
            .collect()
    }

    /// What the origin counted so far.
    pub fn counters(&self) -> OriginCounters {
        *self.state.counters.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stops the server and closes its connections.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

impl State {
    fn is_expired(&self, key: &str, object: &Object, now: Timestamp) -> bool {
        self.lifecycle
            .as_ref()
            .is_some_and(|lifecycle| lifecycle.is_expired(key, object.created, now))
    }

    fn count(&self, update: impl FnOnce(&mut OriginCounters)) {
        update(&mut self.counters.lock().unwrap_or_else(PoisonError::into_inner));
    }

    async fn handle(&self, request: Request<Incoming>) -> Reply {
        if let Some(status) = outage(&self.health, &self.clock).await {
            return self.reply(status, &[], Bytes::new());
        }
        let method = request.method().as_str().to_owned();
        let key = request.uri().path().trim_start_matches('/').to_owned();
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let principal = header(PRINCIPAL_HEADER);
        let user_agent = header("user-agent");
        let secure = header(FORWARDED_PROTO_HEADER).is_some_and(|p| p.eq_ignore_ascii_case("https"));
        let content_type = header("content-type");
        let cache_control = header("cache-control");
        let picture = header(Picture::HEADER);
        let action = match method.as_str() {
            "GET" => "mediastore:GetObject",
            "HEAD" => "mediastore:DescribeObject",
            "PUT" => "mediastore:PutObject",
            "DELETE" => "mediastore:DeleteObject",
            _ => return self.reply(405, &[], Bytes::new()),
        };
        let resource = self.container.object(&key);
        let caller = principal.as_deref().map_or(Caller::Anonymous, Caller::Aws);
        let mut facts = mediastore_policy::Request::new(caller, action, &resource).secure_transport(secure);
        if let Some(agent) = user_agent.as_deref() {
            facts = facts.user_agent(agent);
        }
        let is_read = matches!(method.as_str(), "GET" | "HEAD");
        self.count(|c| if is_read { c.reads += 1 } else { c.writes += 1 });
        match self.policy.evaluate(&facts) {
            Ok(Decision::Allow) => {}
            Ok(Decision::ExplicitDeny | Decision::ImplicitDeny) => {
                self.count(|c| c.denied += 1);
                return self.reply(
                    403,
                    &[],
                    Bytes::from_static(b"access denied by the container policy\n"),
                );
            }
            Err(error) => return self.reply(500, &[], Bytes::from(format!("{error}\n"))),
        }
        let now = self.clock.now();
        match method.as_str() {
            "PUT" => {
                let Ok(body) = request.into_body().collect().await.map(|b| b.to_bytes()) else {
                    return self.reply(400, &[], Bytes::new());
                };
                let object = Object {
                    body,
                    content_type: content_type.unwrap_or_else(|| "application/octet-stream".to_owned()),
                    cache_control,
                    picture,
                    created: now,
                };
                self.objects
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(key, object);
                self.reply(200, &[], Bytes::new())
            }
            "DELETE" => {
                let removed = self
                    .objects
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .remove(&key);
                self.reply(if removed.is_some() { 200 } else { 404 }, &[], Bytes::new())
            }
            _ => {
                let found = {
                    let mut objects = self.objects.lock().unwrap_or_else(PoisonError::into_inner);
                    match objects.get(&key) {
                        Some(object) if self.is_expired(&key, object, now) => {
                            objects.remove(&key);
                            self.count(|c| c.expired += 1);
                            None
                        }
                        other => other.cloned(),
                    }
                };
                match found {
                    None => self.reply(404, &[], Bytes::new()),
                    Some(object) => {
                        let mut headers = vec![("content-type", object.content_type.as_str())];
                        if let Some(cache) = object.cache_control.as_deref() {
                            headers.push(("cache-control", cache));
                        }
                        if let Some(picture) = object.picture.as_deref() {
                            headers.push((Picture::HEADER, picture));
                        }
                        let body = if method == "HEAD" {
                            Bytes::new()
                        } else {
                            object.body
                        };
                        self.reply(200, &headers, body)
                    }
                }
            }
        }
    }

    fn reply(&self, status: u16, headers: &[(&str, &str)], body: Bytes) -> Reply {
        let region = self.container.region().to_string();
        let mut all = vec![(REGION_HEADER, region.as_str())];
        all.extend_from_slice(headers);
        http::reply(status, &all, body)
    }
}

/// What an origin in an outage answers before it looks at a request: `None` while it serves, the
/// status of a failing origin at once, and for a slow, unreachable or refusing one a 503 once it serves
/// again. Holding the request until then means its client has given up (its read timeout decides
/// when), and that a write held through an outage does not land late over newer objects. A bound keeps
/// a forgotten fault from holding a task.
pub(crate) async fn outage(health: &watch::Receiver<OriginHealth>, clock: &DrillClock) -> Option<u16> {
    let now = *health.borrow();
    match now {
        OriginHealth::Serving => None,
        OriginHealth::Failing(status) => Some(status),
        OriginHealth::Slow | OriginHealth::Unreachable | OriginHealth::Refusing => {
            let mut health = health.clone();
            let recovered = health.wait_for(|h| *h == OriginHealth::Serving);
            let _ = clock.timeout(Duration::from_secs(600), recovered).await;
            Some(503)
        }
    }
}

/// The server side every drill origin shares, whatever it stores: an HTTP server on 127.0.0.1 that
/// closes every new connection while its health says [`OriginHealth::Refusing`], and the health its
/// handler and the edge's [`OriginLink`]s watch.
#[derive(Debug)]
pub(crate) struct OriginServer {
    server: Server,
    health: watch::Sender<OriginHealth>,
    clock: DrillClock,
}

impl OriginServer {
    /// Serves `handler`, whose state watches `health` for outages (see [`outage`]).
    pub(crate) async fn bind(
        handler: http::Handler,
        health: watch::Sender<OriginHealth>,
        clock: DrillClock,
    ) -> std::io::Result<Self> {
        let watched = health.subscribe();
        let admit: http::Admit = Arc::new(move || *watched.borrow() != OriginHealth::Refusing);
        let server = Server::bind(handler, admit).await?;
        Ok(Self {
            server,
            health,
            clock,
        })
    }

    /// The address it listens on.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The network path to this origin.
    pub(crate) fn link(&self) -> OriginLink {
        OriginLink::new(self.server.addr(), self.health.subscribe(), self.clock.clone())
    }

    /// Changes how the origin behaves from now on.
    pub(crate) fn set_health(&self, health: OriginHealth) {
        self.health.send_replace(health);
    }

    /// How the origin behaves now.
    pub(crate) fn health(&self) -> OriginHealth {
        *self.health.borrow()
    }

    /// Stops the server and closes its connections.
    pub(crate) async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

/// How a connection attempt to an origin failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConnectFailure {
    /// Nothing answered within the connection timeout.
    Timeout,
    /// The connection was refused or closed at once.
    Refused,
}

/// The network path from the edge to one origin.
#[derive(Debug, Clone)]
pub struct OriginLink {
    addr: SocketAddr,
    health: watch::Receiver<OriginHealth>,
    clock: DrillClock,
}

impl OriginLink {
    /// The path to a server at `addr` whose behaviour `health` says.
    pub(crate) fn new(addr: SocketAddr, health: watch::Receiver<OriginHealth>, clock: DrillClock) -> Self {
        Self { addr, health, clock }
    }

    /// The origin's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// One connection attempt, given `timeout` of drill time.
    ///
    /// Loopback cannot drop packets without privileges, so an unreachable origin is modelled here, on
    /// the path: the attempt waits out its timeout and fails, exactly as a dropped SYN would.
    pub(crate) async fn connect(&self, timeout: Duration) -> Result<TcpStream, ConnectFailure> {
        if *self.health.borrow() == OriginHealth::Unreachable {
            self.clock.sleep(timeout).await;
            return Err(ConnectFailure::Timeout);
        }
        match self.clock.timeout(timeout, TcpStream::connect(self.addr)).await {
            None => Err(ConnectFailure::Timeout),
            Some(Err(_)) => Err(ConnectFailure::Refused),
            Some(Ok(stream)) => Ok(stream),
        }
    }
}
