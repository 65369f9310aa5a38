//! The preview server's HTTP side: the built site from memory, the live
//! script injected into every HTML page, the reload stream, and the status.
//!
//! Only files of the built site are ever served: a request path is decoded,
//! any `..` segment, backslash or NUL refuses it with 404, and what is left is
//! looked up in the in-memory site, so no request can reach the file system.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};
use percent_encoding::percent_decode_str;
use tokio::sync::broadcast;

use super::Preview;

const LIVE_JS: &str = include_str!("live.js");
/// The reload stream's path, which holds its connection open.
pub const EVENTS: &str = "/__quire/events";
const SCRIPT_TAG: &str = "<script src=\"/__quire/live.js\"></script>";

/// What the handlers share: the current preview and the reload channel.
#[derive(Clone)]
pub struct App {
    pub preview: Arc<RwLock<Preview>>,
    pub events: broadcast::Sender<String>,
}

pub fn router(app: App) -> Router {
    Router::new()
        .route("/__quire/live.js", get(live_js))
        .route(EVENTS, get(events))
        .route("/__quire/status", get(status))
        .fallback(page)
        .with_state(app)
}

async fn live_js() -> Response {
    with_headers(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        LIVE_JS.as_bytes().to_vec(),
    )
}

async fn status(State(app): State<App>) -> Response {
    let json = app
        .preview
        .read()
        .map(|p| p.message(super::Action::None))
        .unwrap_or_default();
    with_headers(StatusCode::OK, "application/json", json.into_bytes())
}

/// The reload stream: the current status first, then one message per rebuild.
/// A client that goes away only drops its own receiver.
async fn events(State(app): State<App>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let first = app
        .preview
        .read()
        .map(|p| p.message(super::Action::None))
        .unwrap_or_default();
    let rx = app.events.subscribe();
    let stream = stream::unfold((Some(first), rx), |(first, mut rx)| async move {
        if let Some(msg) = first {
            return Some((Ok(Event::default().data(msg)), (None, rx)));
        }
        loop {
            match rx.recv().await {
                Ok(msg) => return Some((Ok(Event::default().data(msg)), (None, rx))),
                // A slow client missed messages; the next one carries the full status.
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn page(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return with_headers(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        );
    }
    let Ok(preview) = app.preview.read() else {
        return with_headers(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            Vec::new(),
        );
    };
    let files = &preview.output.files;
    let found = site_path(uri.path()).and_then(|path| {
        if let Some(bytes) = files.get(&path) {
            return Some(Ok((path, bytes)));
        }
        // `/sop/welcome` → `/sop/welcome/`, so the page's relative links work.
        let dir_index = format!("{path}/index.html");
        files
            .contains_key(&dir_index)
            .then(|| Err(redirect_to(&path, uri.query())))
    });
    match found {
        Some(Ok((path, bytes))) => {
            with_headers(StatusCode::OK, content_type(&path), inject(&path, bytes))
        }
        Some(Err(location)) => {
            let mut response = with_headers(
                StatusCode::MOVED_PERMANENTLY,
                "text/plain; charset=utf-8",
                Vec::new(),
            );
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        None => {
            let body = files
                .get("404.html")
                .map(|b| inject("404.html", b))
                .unwrap_or_else(|| b"not found\n".to_vec());
            with_headers(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body)
        }
    }
}

/// Where a folder's address without its `/` redirects: the folder as the
/// site names it, with one leading `/`. Never the request's own path, whose
/// `//sop` a browser would read as the host `sop`.
fn redirect_to(dir: &str, query: Option<&str>) -> String {
    let mut location = format!("/{}/", crate::base::urls::encode_path(dir));
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    location
}

/// The site file a request path names, or `None` when it tries to leave the site.
pub fn site_path(raw: &str) -> Option<String> {
    let decoded = percent_decode_str(raw).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            seg => parts.push(seg),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn inject(path: &str, bytes: &[u8]) -> Vec<u8> {
    if !path.ends_with(".html") {
        return bytes.to_vec();
    }
    let html = String::from_utf8_lossy(bytes);
    match html.rfind("</body>") {
        Some(at) => format!("{}{SCRIPT_TAG}\n{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{SCRIPT_TAG}\n").into_bytes(),
    }
}

fn with_headers(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response {
    let mut response = (status, Body::from(body)).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // A preview must never show a stale page from the browser's cache.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

pub fn content_type(path: &str) -> &'static str {
    match path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/sop/..%2f..%2fCargo.toml",
            "/a\\..\\b",
            "/x%00.html",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/sop/welcome/").as_deref(),
            Some("sop/welcome/index.html")
        );
        assert_eq!(
            site_path("/cases/%E5%B0%8F%E7%B1%B3/").as_deref(),
            Some("cases/小米/index.html")
        );
        assert_eq!(
            site_path("//etc/passwd").as_deref(),
            Some("etc/passwd"),
            "absolute paths stay inside the site map"
        );
    }

    #[test]
    fn a_redirect_names_the_folder_with_one_leading_slash() {
        assert_eq!(redirect_to("sop/welcome", None), "/sop/welcome/");
        assert_eq!(
            redirect_to("cases/小米", Some("a=1")),
            "/cases/%E5%B0%8F%E7%B1%B3/?a=1"
        );
    }

    #[test]
    fn the_live_script_goes_before_the_body_ends() {
        assert_eq!(
            inject("a.html", b"<body><p>x</p></body></html>"),
            b"<body><p>x</p><script src=\"/__quire/live.js\"></script>\n</body></html>"
        );
        assert_eq!(inject("a.css", b"body{}"), b"body{}");
    }
}
