//! The HTTP plumbing every drill server and client shares: HTTP/1.1 on 127.0.0.1, one connection per
//! request (so that every request pays its own connection, as a CDN cache miss does), bodies in memory.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// A response the drill servers build.
pub(crate) type Reply = Response<Full<Bytes>>;

/// A boxed future answering one request.
pub(crate) type ReplyFuture = Pin<Box<dyn Future<Output = Reply> + Send>>;

/// What a server does with each request.
pub(crate) type Handler = Arc<dyn Fn(Request<Incoming>) -> ReplyFuture + Send + Sync>;

/// Whether a server serves a newly accepted connection (`false` closes it at once, as a reset would).
pub(crate) type Admit = Arc<dyn Fn() -> bool + Send + Sync>;

/// A server on an ephemeral port of 127.0.0.1, running until [`Server::shutdown`] (or drop).
#[derive(Debug)]
pub(crate) struct Server {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    /// Binds 127.0.0.1:0 and serves `handler` on every connection `admit` lets in.
    pub(crate) async fn bind(handler: Handler, admit: Admit) -> io::Result<Self> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
        let addr = listener.local_addr()?;
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            loop {
                tokio::select! {
                    _ = stopped.changed() => break,
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else {
                            // Out of descriptors or a reset in the backlog: back off instead of spinning.
                            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                            continue;
                        };
                        if !admit() {
                            drop(stream);
                            continue;
                        }
                        let handler = handler.clone();
                        connections.spawn(serve_connection(stream, handler));
                    }
                    // Reap finished connections so the set stays small over a long drill.
                    Some(_) = connections.join_next(), if !connections.is_empty() => {}
                }
            }
            connections.shutdown().await;
        });
        Ok(Self {
            addr,
            stop,
            task: Some(task),
        })
    }

    /// The address the server listens on.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, closes every open connection and waits for the server task to end.
    pub(crate) async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

async fn serve_connection(stream: TcpStream, handler: Handler) {
    let service = hyper::service::service_fn(move |request| {
        let reply = handler(request);
        async move { Ok::<_, Infallible>(reply.await) }
    });
    // A client that goes away mid-request is an ordinary event in a failover drill, not an error.
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// A reply with a status, headers and a body.
pub(crate) fn reply(status: u16, headers: &[(&str, &str)], body: Bytes) -> Reply {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// A response as a client sees it.
#[derive(Debug, Clone)]
pub(crate) struct Fetched {
    /// The status code.
    pub(crate) status: u16,
    /// The headers.
    pub(crate) headers: hyper::HeaderMap,
    /// The whole body.
    pub(crate) body: Bytes,
}

impl Fetched {
    /// A header's value as text, if present and visible ASCII.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Why a request on an open connection failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ExchangeError {
    /// The server closed or reset the connection before a full response.
    #[error("connection closed before a full response")]
    Closed(#[source] hyper::Error),
}

/// Sends `request` on `stream` and reads the whole response.
pub(crate) async fn exchange(
    stream: TcpStream,
    request: Request<Full<Bytes>>,
) -> Result<Fetched, ExchangeError> {
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(ExchangeError::Closed)?;
    let driver = tokio::spawn(async move {
        let _ = connection.await;
    });
    let result = async {
        let response = sender
            .send_request(request)
            .await
            .map_err(ExchangeError::Closed)?;
        let (parts, body) = response.into_parts();
        let body = body.collect().await.map_err(ExchangeError::Closed)?.to_bytes();
        Ok(Fetched {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body,
        })
    }
    .await;
    driver.abort();
    result
}

/// A request with a method, a path, headers and a body.
pub(crate) fn request(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Bytes,
) -> Request<Full<Bytes>> {
    let mut request = Request::new(Full::new(body));
    *request.method_mut() = hyper::Method::from_bytes(method.as_bytes()).unwrap_or(hyper::Method::GET);
    *request.uri_mut() = path.parse().unwrap_or_else(|_| hyper::Uri::from_static("/"));
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(value),
        ) {
            request.headers_mut().append(name, value);
        }
    }
    request
}
