//! The preview's connections: accepting them, how long a client may take to
//! send a request, and how many may be open at once.
//!
//! `axum::serve` keeps a connection for as long as the client likes, so
//! half-sent requests and idle keep-alive connections pile up until the
//! process runs out of file descriptors and stops answering anyone. Here
//! hyper serves each connection with a timer:
//!
//! - **[`HEAD_TIMEOUT`]** to send a request's head, counted from when the
//!   connection opens or its previous response ends. hyper restarts the same
//!   timer after each response, so it is the idle (keep-alive) timeout too.
//!   A reload stream is one long response, so it is never idle.
//! - **At most [`Limits::connections`] open.** When one more arrives, the
//!   connection that has waited longest for its next request (idle, or
//!   sending its head slowly) is closed to make room; failing that, one whose
//!   response has been stuck for longer than [`HEAD_TIMEOUT`]. Reload streams
//!   are never closed, and may take at most half the connections, so there
//!   is always room for the requests that pages make.

use std::collections::HashMap;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::Router;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

use super::guard::Policy;

/// How long a client has to send a request's head, after it connects or
/// after its previous response. Long enough for any client that is sending;
/// browsers reopen a closed keep-alive connection by themselves.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// The most connections the preview keeps open, whatever the system allows.
const MOST_CONNECTIONS: usize = 1024;

/// How many connections may be open, and how many of them reload streams.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub connections: usize,
    pub streams: usize,
}

impl Limits {
    /// Within this process's file-descriptor limit, keeping an eighth of it
    /// (at least 64) for what a rebuild opens: sources, templates, fonts.
    pub fn for_this_process() -> Limits {
        let connections = match descriptor_limit() {
            Some(limit) => limit.saturating_sub((limit / 8).max(64)),
            None => MOST_CONNECTIONS,
        }
        .clamp(16, MOST_CONNECTIONS);
        Limits {
            connections,
            streams: connections / 2,
        }
    }
}

#[cfg(unix)]
fn descriptor_limit() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    ok.then(|| usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX))
}

#[cfg(not(unix))]
fn descriptor_limit() -> Option<usize> {
    None
}

/// Accepts connections until the future is dropped, and serves each with `router`.
pub async fn run(listener: TcpListener, router: Router, policy: Policy, limits: Limits) {
    let connections = Arc::new(Connections {
        limits,
        table: Mutex::new(Table::default()),
    });
    let app = TowerToHyperService::new(router);
    let policy = Arc::new(policy);
    loop {
        let tcp = match listener.accept().await {
            Ok((tcp, _)) => tcp,
            // Out of file descriptors, most likely (other programs share the
            // limit): free one, and wait a moment rather than spin.
            Err(_) => {
                connections.make_room(Instant::now());
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let Some((id, close)) = connections.admit() else {
            // Every connection is in the middle of a response: this one
            // closes at once, and the client tries again.
            continue;
        };
        let _ = tcp.set_nodelay(true);
        tokio::spawn(serve(
            tcp,
            id,
            close,
            connections.clone(),
            app.clone(),
            policy.clone(),
        ));
    }
}

async fn serve(
    tcp: TcpStream,
    id: u64,
    close: Arc<Notify>,
    connections: Arc<Connections>,
    app: TowerToHyperService<Router>,
    policy: Arc<Policy>,
) {
    let tracked = connections.clone();
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let (connections, app, policy) = (tracked.clone(), app.clone(), policy.clone());
        async move {
            if let Some(refusal) = policy.refuse(&request) {
                return Ok::<_, Infallible>(Tracked::new(refusal, connections.busy(id)));
            }
            let busy = if request.uri().path() == super::http::EVENTS {
                match connections.stream(id) {
                    Some(busy) => busy,
                    None => return Ok(Tracked::new(too_many_streams(), connections.busy(id))),
                }
            } else {
                connections.busy(id)
            };
            let response = match hyper::service::Service::call(&app, request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            Ok(Tracked::new(response, busy))
        }
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .serve_connection(TokioIo::new(tcp), service);
    // A connection that ends in an error (a client that went away, a head
    // that took too long) only ends itself.
    tokio::select! {
        _ = connection => {}
        () = close.notified() => {}
    }
    connections.close(id);
}

fn too_many_streams() -> Response<Body> {
    let mut response = Response::new(Body::from(
        "quire serve: too many open pages hold the reload stream; close some tabs and reload\n",
    ));
    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// The open connections, by id.
struct Connections {
    limits: Limits,
    table: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    next: u64,
    open: HashMap<u64, Open>,
    streams: usize,
}

struct Open {
    /// Requests whose response is not yet sent in full.
    busy: usize,
    /// Of those, reload streams.
    streams: usize,
    /// When the last request began or the last response ended.
    since: Instant,
    close: Arc<Notify>,
}

impl Connections {
    fn table(&self) -> MutexGuard<'_, Table> {
        // The table stays consistent through every step, so a panic
        // elsewhere while it was locked leaves nothing to repair.
        self.table
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a new connection, making room first when all are taken.
    fn admit(&self) -> Option<(u64, Arc<Notify>)> {
        let now = Instant::now();
        let mut table = self.table();
        if table.open.len() >= self.limits.connections && !evict(&mut table, now) {
            return None;
        }
        table.next += 1;
        let id = table.next;
        let close = Arc::new(Notify::new());
        table.open.insert(
            id,
            Open {
                busy: 0,
                streams: 0,
                since: now,
                close: close.clone(),
            },
        );
        Some((id, close))
    }

    fn make_room(&self, now: Instant) {
        evict(&mut self.table(), now);
    }

    /// A request has begun on a connection.
    fn busy(self: &Arc<Self>, id: u64) -> Busy {
        let mut table = self.table();
        if let Some(open) = table.open.get_mut(&id) {
            open.busy += 1;
            open.since = Instant::now();
        }
        Busy {
            connections: self.clone(),
            id,
            stream: false,
        }
    }

    /// A reload stream has begun, when there is room for one more.
    fn stream(self: &Arc<Self>, id: u64) -> Option<Busy> {
        let mut table = self.table();
        if table.streams >= self.limits.streams {
            return None;
        }
        let open = table.open.get_mut(&id)?;
        open.busy += 1;
        open.streams += 1;
        table.streams += 1;
        Some(Busy {
            connections: self.clone(),
            id,
            stream: true,
        })
    }

    fn close(&self, id: u64) {
        let mut table = self.table();
        if let Some(open) = table.open.remove(&id) {
            table.streams -= open.streams;
        }
    }
}

/// Closes one connection to make room: the one idle the longest, else the
/// one whose response has been stuck the longest. Never a reload stream.
fn evict(table: &mut Table, now: Instant) -> bool {
    let idle = table
        .open
        .iter()
        .filter(|(_, open)| open.busy == 0)
        .min_by_key(|(_, open)| open.since);
    let stuck = || {
        table
            .open
            .iter()
            .filter(|(_, open)| open.streams == 0 && now - open.since > HEAD_TIMEOUT)
            .min_by_key(|(_, open)| open.since)
    };
    let Some(id) = idle.or_else(stuck).map(|(id, _)| *id) else {
        return false;
    };
    if let Some(open) = table.open.remove(&id) {
        table.streams -= open.streams;
        open.close.notify_one();
    }
    true
}

/// A request in progress, until its response is sent in full (or dropped).
struct Busy {
    connections: Arc<Connections>,
    id: u64,
    stream: bool,
}

impl Drop for Busy {
    fn drop(&mut self) {
        let mut table = self.connections.table();
        // A connection closed to make room has already left the table.
        let Some(open) = table.open.get_mut(&self.id) else {
            return;
        };
        open.busy -= 1;
        open.since = Instant::now();
        if self.stream {
            open.streams -= 1;
            table.streams -= 1;
        }
    }
}

/// A response body that keeps its request [`Busy`] until hyper has sent it
/// and drops it.
struct Tracked {
    body: Body,
    _busy: Busy,
}

impl Tracked {
    fn new(response: Response<Body>, busy: Busy) -> Response<Tracked> {
        response.map(|body| Tracked { body, _busy: busy })
    }
}

impl hyper::body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connections(limit: usize) -> Arc<Connections> {
        Arc::new(Connections {
            limits: Limits {
                connections: limit,
                streams: limit / 2,
            },
            table: Mutex::new(Table::default()),
        })
    }

    #[test]
    fn a_full_table_closes_the_longest_idle_connection_never_a_stream() {
        let conns = connections(4);
        let ids: Vec<u64> = (0..4).map(|_| conns.admit().unwrap().0).collect();
        let stream = conns.stream(ids[0]).unwrap();
        let busy = conns.busy(ids[2]);
        // ids[1] has been idle longer than ids[3].
        if let Some(open) = conns.table().open.get_mut(&ids[1]) {
            open.since -= Duration::from_secs(1);
        }
        conns.admit().unwrap();
        let open: Vec<u64> = {
            let mut v: Vec<u64> = conns.table().open.keys().copied().collect();
            v.sort();
            v
        };
        assert_eq!(open, [ids[0], ids[2], ids[3], 5]);
        drop(busy);
        assert_eq!(conns.table().streams, 1);
        drop(stream);
        assert_eq!(conns.table().streams, 0);
    }

    #[test]
    fn reload_streams_take_at_most_half() {
        let conns = connections(4);
        let a = conns.admit().unwrap().0;
        let b = conns.admit().unwrap().0;
        let c = conns.admit().unwrap().0;
        let _one = conns.stream(a).unwrap();
        let _two = conns.stream(b).unwrap();
        assert!(conns.stream(c).is_none());
        assert_eq!(conns.table().streams, 2);
    }

    #[test]
    fn a_table_of_fresh_busy_connections_admits_no_more() {
        let conns = connections(2);
        let a = conns.admit().unwrap().0;
        let b = conns.admit().unwrap().0;
        let _busy = (conns.busy(a), conns.busy(b));
        assert!(conns.admit().is_none());
        // Once a response has been stuck past the head timeout, it gives way.
        let later = Instant::now() + HEAD_TIMEOUT + Duration::from_secs(1);
        conns.make_room(later);
        assert_eq!(conns.table().open.len(), 1);
    }
}
