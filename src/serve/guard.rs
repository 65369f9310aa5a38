//! Which requests the preview answers at all, checked before any route: the
//! host a request was sent to, and whether another site's page sent it.
//!
//! **Host.** A page on any web site can make the browser resolve the site's
//! name to 127.0.0.1 ("DNS rebinding") and then read the preview as its own
//! origin: every page, the search index, and the status with its paths and
//! source snippets. A rebound request still names the attacker's host in
//! `Host`, so the preview answers only names that always mean this machine
//! (`localhost` and `*.localhost`, RFC 6761), IP literals (which cannot be
//! rebound), and the names given with `--allow-host`. The bound address is
//! an IP literal, so it is among them. As in Vite (`server.allowedHosts`)
//! and webpack-dev-server, a request with no `Host` at all is answered:
//! every browser sends one, so only other HTTP/1.0 clients omit it, and
//! rebinding needs a browser.
//!
//! **Fetch metadata.** A page on another site can still load the preview's
//! files as no-cors subresources: `<script src=".../search-index.js">` runs
//! the index in that page, with its data. Browsers say where a request comes
//! from in `Sec-Fetch-Site`; a `cross-site` request is refused on every
//! route unless it is a top-level navigation (following a link to the
//! preview shows the other site nothing). The preview's own pages only ever
//! load its own files, so nothing legitimate is refused. `same-site` (another
//! port on localhost) is allowed, as in the usual resource isolation policy:
//! whatever serves it runs on this machine already.

use std::net::{Ipv4Addr, Ipv6Addr};

use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};

/// The hosts the preview answers besides its built-in ones.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Names from `--allow-host`, lower case; `.example.com` stands for the
    /// name and every name under it.
    allowed: Vec<String>,
}

/// What a `Host` names, once its port is set aside.
#[derive(Debug, PartialEq, Eq)]
enum Host {
    Ip,
    Name(String),
}

impl Policy {
    pub fn new(allowed: Vec<String>) -> Policy {
        Policy { allowed }
    }

    /// The answer to a request that must not be served, or `None`.
    pub fn refuse<B>(&self, request: &Request<B>) -> Option<Response<Body>> {
        let hosts: Vec<&HeaderValue> = request.headers().get_all(header::HOST).iter().collect();
        if hosts.len() > 1 {
            return Some(plain(
                StatusCode::BAD_REQUEST,
                "quire serve: a request may name only one Host\n".to_string(),
            ));
        }
        // An absolute-form request line (`GET http://name/ HTTP/1.1`) names
        // a host too; both must be allowed.
        let named = hosts
            .first()
            .map(|value| value.to_str().unwrap_or("\u{fffd}"))
            .into_iter()
            .chain(request.uri().authority().map(|a| a.as_str()));
        for host in named {
            if !self.allows(host) {
                return Some(plain(StatusCode::FORBIDDEN, refusal_for_host(host)));
            }
        }
        if is_cross_site_subresource(request) {
            return Some(plain(
                StatusCode::FORBIDDEN,
                format!(
                    "quire serve: refused {} for a page on another site (Sec-Fetch-Site: cross-site); the preview's files are for its own pages\n",
                    request.uri().path()
                ),
            ));
        }
        None
    }

    /// Whether a `Host` value (a name or address, perhaps with a port) is answered.
    pub fn allows(&self, value: &str) -> bool {
        match parse_host(value) {
            Some(Host::Ip) => true,
            Some(Host::Name(name)) => {
                name == "localhost"
                    || name.ends_with(".localhost")
                    || self
                        .allowed
                        .iter()
                        .any(|allowed| match allowed.strip_prefix('.') {
                            Some(domain) => {
                                name == domain
                                    || name
                                        .strip_suffix(domain)
                                        .is_some_and(|sub| sub.ends_with('.'))
                            }
                            None => name == *allowed,
                        })
            }
            None => false,
        }
    }
}

/// Reads an `--allow-host` value: a host name, or `.name` for it and every
/// name under it. A port or a scheme is refused with what to write instead.
pub fn parse_allowed_host(value: &str) -> Result<String, String> {
    let (dot, name) = match value.strip_prefix('.') {
        Some(rest) => (".", rest),
        None => ("", value),
    };
    if value.contains("://") || value.contains('/') {
        return Err(format!(
            "give a host name only, without a scheme or path, e.g. --allow-host {}",
            host_of_url(value)
        ));
    }
    match parse_host(name) {
        Some(Host::Name(name)) if !value.contains(':') => Ok(format!("{dot}{name}")),
        Some(Host::Ip) => Err(format!(
            "{value} is an IP address, which the preview answers already"
        )),
        _ if value.contains(':') => Err(format!(
            "give the name without a port, e.g. --allow-host {}",
            value.split(':').next().unwrap_or(value)
        )),
        _ => Err(format!(
            "`{value}` is not a host name (letters, digits, `-`, `_` and `.`)"
        )),
    }
}

fn host_of_url(value: &str) -> &str {
    let rest = value.split_once("://").map_or(value, |(_, rest)| rest);
    let host = rest.split('/').next().unwrap_or(rest);
    host.split(':').next().unwrap_or(host)
}

/// A `Host` value split into what it names: `name`, `name:port`,
/// `1.2.3.4[:port]` or `[v6][:port]`. `None` when it is none of these.
fn parse_host(value: &str) -> Option<Host> {
    let port_ok = |port: &str| port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = value.strip_prefix('[') {
        let (address, after) = rest.split_once(']')?;
        address.parse::<Ipv6Addr>().ok()?;
        return match after.strip_prefix(':') {
            Some(port) if port_ok(port) => Some(Host::Ip),
            None if after.is_empty() => Some(Host::Ip),
            _ => None,
        };
    }
    let name = match value.split_once(':') {
        Some((name, port)) if port_ok(port) => name,
        Some(_) => return None,
        None => value,
    };
    if name.parse::<Ipv4Addr>().is_ok() {
        return Some(Host::Ip);
    }
    // A fully qualified `localhost.` is the same name.
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    let label_ok = |label: &str| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    name.split('.').all(label_ok).then_some(Host::Name(name))
}

/// One line that names the refused host and how to allow it.
fn refusal_for_host(value: &str) -> String {
    match parse_host(value) {
        Some(Host::Name(name)) => format!(
            "quire serve: refused a request for the host {name}; the preview answers only localhost and IP addresses, against DNS rebinding. If {name} is yours, start quire serve with --allow-host {name}\n"
        ),
        _ => "quire serve: refused a request with an invalid Host header; the preview answers only localhost, IP addresses and names given with --allow-host\n".to_string(),
    }
}

/// A browser's request from another site's page for anything but a page to
/// show in its place: a script, a stylesheet, an image, a fetch, a reload stream.
fn is_cross_site_subresource<B>(request: &Request<B>) -> bool {
    let metadata = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase)
    };
    if metadata("sec-fetch-site").as_deref() != Some("cross-site") {
        return false;
    }
    let navigation = metadata("sec-fetch-mode").as_deref() == Some("navigate")
        && matches!(*request.method(), Method::GET | Method::HEAD)
        && !matches!(
            metadata("sec-fetch-dest").as_deref(),
            Some("object" | "embed")
        );
    !navigation
}

fn plain(status: StatusCode, text: String) -> Response<Body> {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_ip_literals_are_answered() {
        let policy = Policy::default();
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.:1111",
            "handbook.localhost:8080",
            "127.0.0.1",
            "127.0.0.1:1111",
            "192.168.1.20:1111",
            "[::1]",
            "[::1]:1111",
            "[fe80::1]:80",
        ] {
            assert!(policy.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "evillocalhost",
            "::1",
            "[::1",
            "[::1]x",
            "127.0.0.1:port",
            "",
            "a..b",
            "a b",
        ] {
            assert!(!policy.allows(host), "{host}");
        }
    }

    #[test]
    fn allowed_names_and_their_subdomains() {
        let policy = Policy::new(vec!["wiki.corp".into(), ".docs.corp".into()]);
        for host in [
            "wiki.corp",
            "WIKI.corp:1111",
            "docs.corp",
            "a.b.docs.corp:80",
        ] {
            assert!(policy.allows(host), "{host}");
        }
        for host in ["x.wiki.corp", "evildocs.corp", "corp"] {
            assert!(!policy.allows(host), "{host}");
        }
    }

    #[test]
    fn allow_host_values_are_names_only() {
        assert_eq!(parse_allowed_host("Wiki.Corp").as_deref(), Ok("wiki.corp"));
        assert_eq!(
            parse_allowed_host(".docs.corp").as_deref(),
            Ok(".docs.corp")
        );
        assert_eq!(
            parse_allowed_host("wiki.corp:1111"),
            Err("give the name without a port, e.g. --allow-host wiki.corp".into())
        );
        assert_eq!(
            parse_allowed_host("http://wiki.corp:1111/"),
            Err(
                "give a host name only, without a scheme or path, e.g. --allow-host wiki.corp"
                    .into()
            )
        );
        assert!(parse_allowed_host("10.0.0.2").is_err());
        assert!(parse_allowed_host("a b").is_err());
    }

    fn request(headers: &[(&str, &str)]) -> Request<()> {
        let mut builder = Request::get("/search-index.js");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).unwrap()
    }

    #[test]
    fn only_navigations_may_come_from_another_site() {
        let policy = Policy::default();
        let host = ("host", "localhost:1111");
        let refused =
            |headers: &[(&str, &str)]| policy.refuse(&request(headers)).map(|r| r.status());
        assert_eq!(refused(&[host]), None);
        assert_eq!(refused(&[host, ("sec-fetch-site", "same-origin")]), None);
        assert_eq!(refused(&[host, ("sec-fetch-site", "none")]), None);
        assert_eq!(refused(&[host, ("sec-fetch-site", "same-site")]), None);
        let cross = ("sec-fetch-site", "cross-site");
        assert_eq!(
            refused(&[
                host,
                cross,
                ("sec-fetch-mode", "no-cors"),
                ("sec-fetch-dest", "script")
            ]),
            Some(StatusCode::FORBIDDEN)
        );
        assert_eq!(
            refused(&[
                host,
                cross,
                ("sec-fetch-mode", "cors"),
                ("sec-fetch-dest", "empty")
            ]),
            Some(StatusCode::FORBIDDEN)
        );
        assert_eq!(
            refused(&[
                host,
                cross,
                ("sec-fetch-mode", "navigate"),
                ("sec-fetch-dest", "embed")
            ]),
            Some(StatusCode::FORBIDDEN)
        );
        assert_eq!(
            refused(&[
                host,
                cross,
                ("sec-fetch-mode", "navigate"),
                ("sec-fetch-dest", "document")
            ]),
            None
        );
    }

    #[test]
    fn a_request_without_host_is_answered_and_two_hosts_are_not() {
        let policy = Policy::default();
        assert!(policy.refuse(&request(&[])).is_none());
        let two = request(&[("host", "localhost"), ("host", "evil.example")]);
        assert_eq!(
            policy.refuse(&two).map(|r| r.status()),
            Some(StatusCode::BAD_REQUEST)
        );
        let absolute = Request::get("http://evil.example/")
            .header("host", "localhost")
            .body(())
            .unwrap();
        assert_eq!(
            policy.refuse(&absolute).map(|r| r.status()),
            Some(StatusCode::FORBIDDEN)
        );
    }
}
