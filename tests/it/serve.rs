//! `quire serve` end to end: the real binary in a temporary copy of a
//! fixture, on port 0 or started as the README says (see [`Launch`]), its
//! reload stream and raw requests sent over plain TCP sockets. Nothing
//! waits by sleeping: every wait is for an event, with a generous bound.
//! (The one sleep paces a burst of saves; no result depends on it.)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::*;

const BOUND: Duration = Duration::from_secs(30);

struct Server {
    child: Child,
    port: u16,
    /// The site folder (for tests to edit).
    site: PathBuf,
    /// What the server prints on stdout, line by line, after the line that
    /// says where it listens.
    stdout: mpsc::Receiver<String>,
    _dir: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How the server is started: the ways people run it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Launch {
    /// `quire serve --port 0 --root /tmp/…/site`.
    Absolute,
    /// `quire serve --root site` from the folder above, as the README's quick start.
    Relative,
    /// `quire serve` from inside the site folder, with no flags.
    Inside,
    /// As `Inside`, and without `QUIRE_LANG`: it speaks the site's
    /// language, as on an author's machine (every other launch is English).
    InsideSiteLanguage,
    /// `quire serve --port 0 --root link` from the folder above, where `link`
    /// is a symbolic link to the site.
    Symlink,
}

fn start(site: TempDir) -> Server {
    start_as(site, Launch::Absolute, &[])
}

/// Starts the server on a site (moved to `site/` in a new folder), with
/// `extra` arguments after the launch's own.
fn start_as(site: TempDir, launch: Launch, extra: &[&str]) -> Server {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("site");
    std::fs::rename(site.keep(), &folder).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_quire"));
    command.arg("serve").env("QUIRE_LANG", "en");
    match launch {
        Launch::Absolute => {
            command.args(["--port", "0", "--root"]).arg(&folder);
        }
        Launch::Relative => {
            command.args(["--root", "site"]).current_dir(dir.path());
        }
        Launch::Inside => {
            command.current_dir(&folder);
        }
        Launch::InsideSiteLanguage => {
            command.current_dir(&folder).env_remove("QUIRE_LANG");
        }
        Launch::Symlink => {
            std::os::unix::fs::symlink(&folder, dir.path().join("link")).unwrap();
            command
                .args(["--port", "0", "--root", "link"])
                .current_dir(dir.path());
        }
    }
    command.args(extra);
    spawn(command, dir, folder)
}

/// Runs the server command and waits for the line that says where it listens.
fn spawn(mut command: Command, dir: TempDir, folder: PathBuf) -> Server {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    // Without `--port` the default port may be taken (by another test, say):
    // the server then says so first, and picks a free one.
    let port = loop {
        let line = rx
            .recv_timeout(BOUND)
            .expect("the server says where it listens");
        if let Some(port) = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse().ok())
        {
            break port;
        }
        assert!(line.contains("is busy"), "{line}");
    };
    Server {
        child,
        port,
        site: folder,
        stdout: rx,
        _dir: dir,
    }
}

/// A raw GET; returns (status, body).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(BOUND)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A response read to its end: the status, the head's lines and the body.
#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    /// A header's value (the first, when there are several).
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Sends `request` as it is (the test writes the whole head) and reads the
/// reply until the server closes the connection.
fn exchange(port: u16, request: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(BOUND)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Reply {
        status: head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A GET with the given extra header lines, each ending in `\r\n`.
fn get_with(port: u16, path: &str, headers: &str) -> Reply {
    exchange(
        port,
        &format!("GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"),
    )
}

/// The reload stream: each `data:` line, as it arrives.
fn events(port: u16) -> mpsc::Receiver<serde_json::Value> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /__quire/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(data) = line.strip_prefix("data: ") {
                if tx.send(serde_json::from_str(data).unwrap()).is_err() {
                    break;
                }
            }
        }
    });
    rx
}

/// Saves as vim does: write a new file beside the old one, rename it over.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("md.swp-new");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Whether a message makes the page show the overlay: a failure of the tool
/// (a broken template, no content folder) or an error diagnostic.
fn has_overlay(msg: &serde_json::Value) -> bool {
    !msg["status"]["failure"].is_null()
        || msg["status"]["diagnostics"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d["severity"] == "error"))
}

/// The next message that `accept` takes, skipping the others.
fn next_where(
    rx: &mpsc::Receiver<serde_json::Value>,
    what: &str,
    accept: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + BOUND;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let msg = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no message {what} within {BOUND:?}"));
        if accept(&msg) {
            return msg;
        }
    }
}

/// The next message whose failure (the overlay's text) contains `text`.
fn next_failure(rx: &mpsc::Receiver<serde_json::Value>, text: &str) -> serde_json::Value {
    next_where(rx, &format!("with a failure naming {text}"), |m| {
        m["status"]["failure"]
            .as_str()
            .is_some_and(|f| f.contains(text))
    })
}

/// The next line the server prints that contains `text`, skipping the others.
fn next_line(server: &Server, text: &str) -> String {
    let deadline = Instant::now() + BOUND;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = server
            .stdout
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no line with {text:?} within {BOUND:?}"));
        if line.contains(text) {
            return line;
        }
    }
}

/// The server answers, from the last good site.
fn answers(port: u16) {
    assert_eq!(get(port, "/").0, 200, "the home page");
    assert_eq!(get(port, "/sop/welcome/").0, 200, "a playbook page");
}

fn next_action(rx: &mpsc::Receiver<serde_json::Value>, want: &str) -> serde_json::Value {
    loop {
        let msg = rx.recv_timeout(BOUND).expect("a message from the server");
        if msg["action"] == want
            || (want == "errors"
                && msg["status"]["diagnostics"]
                    .as_array()
                    .is_some_and(|d| !d.is_empty()))
        {
            return msg;
        }
    }
}

#[test]
fn an_edit_reloads_and_a_broken_link_shows_an_overlay_until_fixed() {
    edit_then_break_then_fix(Launch::Absolute);
}

/// `quire serve --root site`, the README's way, from the folder above.
#[test]
fn an_edit_reloads_with_a_relative_root() {
    edit_then_break_then_fix(Launch::Relative);
}

/// `cd site && quire serve`, with no flags at all.
#[test]
fn an_edit_reloads_when_started_inside_the_site() {
    edit_then_break_then_fix(Launch::Inside);
}

#[test]
fn an_edit_reloads_when_the_root_is_a_symlink() {
    edit_then_break_then_fix(Launch::Symlink);
}

/// A save reloads the page; a broken link shows in the overlay, and the
/// page is served with the link's problem marked on it; the fix reloads again.
fn edit_then_break_then_fix(launch: Launch) {
    let server = start_as(fixture("basic"), launch, &[]);
    let port = server.port;
    let (status, page) = get(port, "/sop/welcome/");
    assert_eq!(status, 200);
    assert!(page.contains("<script src=\"/__quire/live.js\"></script>\n</body>"));
    let stream = events(port);
    let first = stream.recv_timeout(BOUND).unwrap();
    assert_eq!(first["action"], "none");

    let file = server.site.join("content/sop/welcome.md");
    let original = read(&file);
    save(
        &file,
        &original.replace(
            "先私聊，再在群里欢迎。",
            "先私聊，再在群里欢迎，十分钟内完成。",
        ),
    );
    next_action(&stream, "reload");
    assert!(get(port, "/sop/welcome/").1.contains("十分钟内完成"));

    save(
        &file,
        &original.replace("../group-rules/core.md#发言规范", "../group-rules/nope.md"),
    );
    let msg = next_action(&stream, "errors");
    let diagnostic = &msg["status"]["diagnostics"][0];
    assert_eq!(
        (diagnostic["code"].as_str(), diagnostic["line"].as_u64()),
        (Some("broken-link"), Some(14))
    );
    assert!(diagnostic["text"]
        .as_str()
        .unwrap()
        .contains("--> content/sop/welcome.md:14:29"));
    assert_eq!(msg["action"], "reload", "{msg}");
    assert_eq!(msg["status"]["served"], "latest", "{msg}");
    let (_, page) = get(port, "/sop/welcome/");
    assert!(!page.contains("十分钟内完成"), "the page as it is now");
    assert!(
        page.contains(MARKER_BOX)
            && page.contains(&marker_item("14:29", "broken-link", "找不到叫")),
        "{page}"
    );
    let (_, status) = get(port, "/__quire/status");
    assert!(status.contains("broken-link"));

    save(&file, &original);
    let msg = next_action(&stream, "reload");
    assert_eq!(msg["status"]["diagnostics"], serde_json::json!([]));
    let (_, page) = get(port, "/sop/welcome/");
    assert!(!page.contains("十分钟内完成") && !page.contains(MARKER_BOX));
}

/// The start of the box that marks a page whose file has errors.
const MARKER_BOX: &str = "<section class=\"problems\" id=\"quire-problems\"";

/// One problem as a page's box lists it: where, the code, the message's start.
/// One line of the marker box; the page's marks speak the site's
/// language, as the rest of the page does (the fixtures are zh-CN).
fn marker_item(at: &str, code: &str, message: &str) -> String {
    format!(
        "<span class=\"problem-at\" title=\"行:列\">{at}</span> <code class=\"problem-code\">{code}</code> <span class=\"problem-message\">{message}"
    )
}

#[test]
fn requests_outside_the_site_are_refused() {
    let server = start(fixture("basic"));
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/quire.yaml",
        "/sop/..%2f..%2fquire.yaml",
        "//etc/passwd",
        "/content/sop/welcome.md",
        "/quire.yaml",
    ] {
        assert_eq!(get(server.port, path).0, 404, "{path}");
    }
    assert_eq!(get(server.port, "/static/style.css").0, 200);
    assert_eq!(get(server.port, "/sop/welcome").0, 301);
}

/// A page on another web site can rebind its own name to 127.0.0.1 and
/// read the preview as its origin; the rebound request names that site's
/// host, and is refused on every route with one line that says how to
/// allow a host that is meant.
#[test]
fn requests_for_another_host_are_refused() {
    let server = start_as(
        fixture("basic"),
        Launch::Absolute,
        &["--allow-host", "wiki.corp"],
    );
    let port = server.port;
    for path in [
        "/",
        "/sop/welcome/",
        "/search-index.js",
        "/__quire/status",
        "/__quire/live.js",
        "/__quire/events",
        "/nope/",
    ] {
        let reply = get_with(port, path, "Host: evil.example\r\n");
        assert_eq!(reply.status, 403, "{path}: {reply:?}");
        assert_eq!(
            reply.body,
            "quire serve: refused a request for the host evil.example; the preview \
             answers only localhost and IP addresses, against DNS rebinding. If \
             evil.example is yours, start quire serve with --allow-host evil.example\n",
            "{path}"
        );
        assert_eq!(
            reply.header("content-type"),
            Some("text/plain; charset=utf-8")
        );
    }
    let with_port = get_with(port, "/", &format!("Host: evil.example:{port}\r\n"));
    assert_eq!(with_port.status, 403);
    for host in [
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("handbook.localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("wiki.corp:{port}"),
    ] {
        let reply = get_with(port, "/", &format!("Host: {host}\r\n"));
        assert_eq!(reply.status, 200, "{host}: {reply:?}");
    }
    // Every browser sends a Host; an HTTP/1.0 client without one is no rebinding.
    let old = exchange(port, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(old.status, 200, "{old:?}");
    let absolute = get_with(port, "http://evil.example/", "Host: localhost\r\n");
    assert_eq!(absolute.status, 403, "{absolute:?}");
}

#[test]
fn allow_host_takes_names_without_a_port() {
    let site = fixture("basic");
    let run = quire(site.path(), &["serve", "--allow-host", "wiki.corp:1111"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains(
            "invalid value 'wiki.corp:1111' for '--allow-host <NAME>': give the name \
             without a port, e.g. --allow-host wiki.corp"
        ),
        "{}",
        stderr(&run)
    );
}

/// Another site's page may link to the preview, but may not load its files:
/// a `<script src>` of the search index would run it, with its data, in
/// that page. Browsers say so in `Sec-Fetch-Site`.
#[test]
fn another_sites_page_cannot_load_the_previews_files() {
    let server = start(fixture("basic"));
    let port = server.port;
    let fetch = |path: &str, site: &str, mode: &str, dest: &str| {
        get_with(
            port,
            path,
            &format!(
                "Host: localhost:{port}\r\nSec-Fetch-Site: {site}\r\n\
                 Sec-Fetch-Mode: {mode}\r\nSec-Fetch-Dest: {dest}\r\n"
            ),
        )
    };
    for (path, mode, dest) in [
        ("/search-index.js", "no-cors", "script"),
        ("/__quire/status", "cors", "empty"),
        ("/__quire/events", "cors", "empty"),
        ("/sop/welcome/", "no-cors", "image"),
        ("/static/style.css", "no-cors", "style"),
        ("/sop/welcome/", "navigate", "embed"),
    ] {
        let reply = fetch(path, "cross-site", mode, dest);
        assert_eq!(reply.status, 403, "{path} {mode} {dest}: {reply:?}");
        assert_eq!(
            reply.body,
            format!(
                "quire serve: refused {path} for a page on another site \
                 (Sec-Fetch-Site: cross-site); the preview's files are for its own pages\n"
            )
        );
        // (The reload stream never ends, so it is not read to its end here.)
        if path != "/__quire/events" {
            for site in ["same-origin", "same-site", "none"] {
                assert_eq!(fetch(path, site, mode, dest).status, 200, "{path} {site}");
            }
        }
    }
    // Following a link from another site shows that site nothing.
    let followed = fetch("/sop/welcome/", "cross-site", "navigate", "document");
    assert_eq!(followed.status, 200, "{followed:?}");
}

/// Reads from a connection until the server closes it; what it sent, and
/// how long it took. Fails if the server keeps it open past `BOUND`.
fn until_closed(mut stream: TcpStream) -> (String, Duration) {
    let started = Instant::now();
    stream.set_read_timeout(Some(BOUND)).unwrap();
    let mut seen = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(err) => panic!(
                "the connection is still open after {:?} ({err}); it sent {:?}",
                started.elapsed(),
                String::from_utf8_lossy(&seen)
            ),
        }
    }
    (
        String::from_utf8_lossy(&seen).into_owned(),
        started.elapsed(),
    )
}

/// A client has 10 s to send a request's head, from when it connects or
/// from its previous response: a half-sent request and an idle keep-alive
/// connection are closed then. A reload stream stays open.
#[test]
fn half_sent_requests_and_idle_connections_are_closed_after_ten_seconds() {
    let server = start(fixture("basic"));
    let port = server.port;
    let stream = events(port);
    stream.recv_timeout(BOUND).unwrap();

    let mut half = TcpStream::connect(("127.0.0.1", port)).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .unwrap();
    let silent = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    idle.write_all(b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let waits: Vec<_> = [("half-sent", half), ("silent", silent), ("idle", idle)]
        .into_iter()
        .map(|(what, socket)| (what, std::thread::spawn(move || until_closed(socket))))
        .collect();
    for (what, wait) in waits {
        let (sent, took) = wait.join().unwrap();
        eprintln!("{what} connection closed after {took:?}");
        assert!(
            (Duration::from_secs(9)..Duration::from_secs(20)).contains(&took),
            "{what}: closed after {took:?}"
        );
        if what == "idle" {
            assert!(sent.starts_with("HTTP/1.1 200 OK\r\n"), "{sent}");
        } else {
            assert_eq!(sent, "", "{what}");
        }
    }
    // The reload stream outlived them all.
    let file = server.site.join("content/sop/welcome.md");
    save(&file, &(read(&file) + "\n又一句。\n"));
    next_action(&stream, "reload");
}

/// The server in a process that may open at most `files` files, as under
/// `ulimit -n`.
fn start_with_file_limit(site: TempDir, files: u32) -> Server {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("site");
    std::fs::rename(site.keep(), &folder).unwrap();
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -n {files} && exec \"$0\" serve --port 0"))
        .arg(env!("CARGO_BIN_EXE_quire"))
        .current_dir(&folder);
    spawn(command, dir, folder)
}

/// This process may hold `files` open files (sockets), as far as its hard
/// limit allows.
#[cfg(unix)]
fn allow_open_files(files: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit read and write only the struct given.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        if limit.rlim_cur < files {
            limit.rlim_cur = files.min(limit.rlim_max);
            assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
        }
    }
}

/// 1,100 connections that send nothing, or half a request, held against a
/// server that may open 1,024 files (more than it can hold, as in the
/// report that found it): a new request is still answered within a second,
/// because the server closes the longest idle connection to make room. The
/// reload stream opened first is never the one closed.
#[cfg(unix)]
#[test]
fn a_thousand_idle_connections_do_not_stop_a_new_request() {
    const HELD: usize = 1100;
    allow_open_files(4096);
    let server = start_with_file_limit(fixture("basic"), 1024);
    let port = server.port;
    answers(port);
    let stream = events(port);
    stream.recv_timeout(BOUND).unwrap();

    let mut held = Vec::with_capacity(HELD);
    for i in 0..HELD {
        let mut socket = TcpStream::connect(("127.0.0.1", port)).unwrap();
        if i % 4 == 0 {
            socket
                .write_all(b"GET /sop/welcome/ HTTP/1.1\r\nHost: localhost\r\nAccept: ")
                .unwrap();
        }
        held.push(socket);
    }
    let started = Instant::now();
    let (status, page) = get(port, "/sop/welcome/");
    let took = started.elapsed();
    eprintln!("a GET with {HELD} idle connections held: {took:?}");
    assert_eq!(status, 200);
    assert!(page.contains("</html>"));
    assert!(took < Duration::from_secs(1), "answered after {took:?}");

    let file = server.site.join("content/sop/welcome.md");
    save(&file, &(read(&file) + "\n又一句。\n"));
    next_action(&stream, "reload");
    drop(held);
}

/// A folder's address without its `/` redirects to the folder on this
/// site, however many slashes it starts with: `//sop/welcome/` as a
/// `Location` is the host `sop` to a browser.
#[test]
fn redirects_stay_on_the_site() {
    let server = start(fixture("basic"));
    let host = "Host: localhost\r\n";
    for path in [
        "/sop/welcome",
        "//sop/welcome",
        "///sop/welcome",
        "/%2F/sop/welcome",
        "/%2F%2Fsop/welcome",
        "/.//sop/welcome",
        "/sop//welcome",
    ] {
        let reply = get_with(server.port, path, host);
        assert_eq!(reply.status, 301, "{path}: {reply:?}");
        assert_eq!(reply.header("location"), Some("/sop/welcome/"), "{path}");
    }
    let reply = get_with(server.port, "//sop/welcome?from=chat", host);
    assert_eq!(reply.header("location"), Some("/sop/welcome/?from=chat"));
    // Backslashes, raw or encoded, are refused before any redirect.
    for path in ["/\\sop/welcome", "/%5Csop/welcome", "/%5C%5Csop/welcome"] {
        let reply = get_with(server.port, path, host);
        assert!(matches!(reply.status, 400 | 404), "{path}: {reply:?}");
        assert_eq!(reply.header("location"), None, "{path}");
    }
}

/// A rebuild that reuses what it can gives exactly the site a full build
/// gives, edit after edit: the cache and the kept pages never go stale,
/// their problem markers included (a renamed heading marks the pages whose
/// links it breaks, though their files did not change).
#[test]
fn incremental_rebuilds_equal_full_builds() {
    use quire::serve::{build_in_memory, watch::Change, Memory};

    let site = TempDir::new().unwrap();
    copy_dir(&repo().join("content"), &site.path().join("content"));
    std::fs::copy(repo().join("quire.yaml"), site.path().join("quire.yaml")).unwrap();
    let root = site.path();
    let mut memory = Memory::default();
    let quire::base::diagnostic::Warned {
        output: first,
        diagnostics: _,
    } = build_in_memory(root, &mut memory, None).unwrap();
    let mut last = std::sync::Arc::new(first.unwrap());

    let edit = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = read(&path);
        assert!(text.contains(from), "{rel}: {from}");
        save(&path, &text.replace(from, to));
    };
    // What each step does, the files it changes, and whether the site has
    // no errors after it.
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>, Vec<&'a str>, bool);
    let steps: Vec<Step> = vec![
        (
            "body text",
            Box::new(|| {
                edit(
                    "content/sop/welcome.md",
                    "## 目标",
                    "## 目标\n\n新加的一句。\n",
                )
            }),
            vec!["content/sop/welcome.md"],
            true,
        ),
        (
            "a title others show",
            Box::new(|| {
                edit(
                    "content/group-rules/core-group.md",
                    "title: 核心群群规",
                    "title: 核心群的规矩",
                )
            }),
            vec!["content/group-rules/core-group.md"],
            true,
        ),
        (
            "a new playbook",
            Box::new(|| {
                let case = read(repo().join("tests/fixtures/kinds/case-study.md"))
                    + "\n见[[group-rules/core-group]]。\n";
                std::fs::write(root.join("content/cases/新案例.md"), case).unwrap()
            }),
            vec!["content/cases/新案例.md"],
            true,
        ),
        (
            "a renamed heading breaks a link",
            Box::new(|| edit("content/cases/秋叶PPT.md", "## 做法", "## 打法")),
            vec!["content/cases/秋叶PPT.md"],
            false,
        ),
        (
            "the heading back",
            Box::new(|| edit("content/cases/秋叶PPT.md", "## 打法", "## 做法")),
            vec!["content/cases/秋叶PPT.md"],
            true,
        ),
        (
            "a link to a file that cannot be parsed",
            Box::new(|| {
                std::fs::write(
                    root.join("content/sop/坏文件.md"),
                    "---\ntitle: 坏文件\ntags: [新人\n---\n正文。\n",
                )
                .unwrap();
                edit(
                    "content/cases/新案例.md",
                    "见[[group-rules/core-group]]。",
                    "见[[sop/坏文件]]。",
                );
            }),
            vec!["content/sop/坏文件.md", "content/cases/新案例.md"],
            false,
        ),
        (
            "that file removed",
            Box::new(|| std::fs::remove_file(root.join("content/sop/坏文件.md")).unwrap()),
            vec!["content/sop/坏文件.md"],
            false,
        ),
        (
            "a playbook removed",
            Box::new(|| std::fs::remove_file(root.join("content/cases/新案例.md")).unwrap()),
            vec!["content/cases/新案例.md"],
            true,
        ),
        (
            "the glossary",
            Box::new(|| edit("content/glossary.yaml", "term: 邓巴数字", "term: 邓巴数")),
            vec![],
            true,
        ),
    ];
    for (what, apply, paths, expect_ok) in steps {
        apply();
        let mut change = Change {
            playbooks: paths.iter().map(|p| p.to_string()).collect(),
            ..Change::default()
        };
        change.glossary = what == "the glossary";
        memory.forget(&change);
        let quire::base::diagnostic::Warned {
            output: incremental,
            diagnostics: diags,
        } = build_in_memory(root, &mut memory, Some(&last)).unwrap();
        let quire::base::diagnostic::Warned {
            output: full,
            diagnostics: full_diags,
        } = build_in_memory(root, &mut Memory::default(), None).unwrap();
        assert_eq!(diags, full_diags, "{what}");
        assert_eq!(
            !diags.iter().any(|d| d.is_error()),
            expect_ok,
            "{what}: {diags:?}"
        );
        // Content errors are rendered too: only quire.yaml's stop the preview.
        let (incremental, full) = (incremental.unwrap(), full.unwrap());
        let differ: Vec<&String> = full
            .files
            .keys()
            .filter(|k| incremental.files.get(*k) != full.files.get(*k))
            .collect();
        assert!(differ.is_empty(), "{what}: stale pages {differ:?}");
        assert_eq!(incremental.files.len(), full.files.len(), "{what}");
        // Pages whose files did not change are marked when a change
        // elsewhere gives them a problem, and unmarked when it goes.
        let page = |path: &str| {
            incremental
                .files
                .get(path)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default()
        };
        let core = page("group-rules/core-group/index.html");
        assert_eq!(
            core.contains(MARKER_BOX) && core.contains(">broken-anchor</code>"),
            what == "a renamed heading breaks a link",
            "{what}: {core}"
        );
        let case = page("cases/新案例/index.html");
        assert_eq!(
            case.contains(">link-to-unreadable</code>"),
            what == "a link to a file that cannot be parsed",
            "{what}: {case}"
        );
        assert_eq!(
            case.contains(
                ">broken-link</code> <span class=\"problem-message\">找不到叫 `sop/坏文件` 的手册"
            ),
            what == "that file removed",
            "{what}: {case}"
        );
        last = std::sync::Arc::new(incremental);
    }
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let site = fixture("basic");
    let css = site.path().join("themes/default/static/style.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::write(&css, "body { color: black; }\n").unwrap();
    let server = start(site);
    let stream = events(server.port);
    stream.recv_timeout(BOUND).unwrap();
    let css = server.site.join("themes/default/static/style.css");
    std::fs::write(css.with_extension("tmp"), "body { color: navy; }\n").unwrap();
    std::fs::rename(css.with_extension("tmp"), &css).unwrap();
    let msg = next_action(&stream, "css");
    assert_eq!(msg["status"]["diagnostics"], serde_json::json!([]));
    assert_eq!(
        get(server.port, "/static/style.css").1,
        "body { color: navy; }\n"
    );
}

/// The default theme's playbook template, as a site would copy it to change it.
fn default_playbook_template() -> String {
    read(repo().join("themes/default/templates/playbook.html"))
}

const TITLE: &str = "<h1>{{ page.title }}</h1>";

#[test]
fn a_template_syntax_error_shows_an_overlay_until_fixed() {
    let site = fixture("basic");
    let template = site.path().join("themes/default/templates/playbook.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    let original = default_playbook_template();
    std::fs::write(&template, &original).unwrap();
    let server = start(site);
    let port = server.port;
    let stream = events(port);
    assert!(!has_overlay(&stream.recv_timeout(BOUND).unwrap()));

    let template = server.site.join("themes/default/templates/playbook.html");
    save(
        &template,
        &original.replace(TITLE, "<h1>{{ page.title </h1>"),
    );
    let msg = next_where(&stream, "with the overlay", has_overlay);
    let failure = msg["status"]["failure"].as_str().unwrap_or_default();
    assert!(
        failure.contains("the theme's templates have an error")
            && failure.contains("playbook.html"),
        "{msg}"
    );
    assert_eq!(msg["action"], "none", "the page stays, under the overlay");
    assert_eq!(msg["status"]["served"], "earlier", "{msg}");
    let line = next_line(&server, "changed templates");
    assert!(line.ends_with(" ms; serving the last good site"), "{line}");
    answers(port);

    save(
        &template,
        &original.replace(TITLE, "<h1 data-fixed>{{ page.title }}</h1>"),
    );
    let msg = next_action(&stream, "reload");
    assert!(!has_overlay(&msg), "{msg}");
    assert!(get(port, "/sop/welcome/").1.contains("<h1 data-fixed>"));
}

#[test]
fn a_deleted_content_folder_shows_an_overlay_until_it_comes_back() {
    let server = start(fixture("basic"));
    let port = server.port;
    let stream = events(port);
    stream.recv_timeout(BOUND).unwrap();

    let content = server.site.join("content");
    std::fs::remove_dir_all(&content).unwrap();
    next_failure(&stream, "no content/ folder");
    answers(port);

    copy_dir(&repo().join("tests/fixtures/basic/content"), &content);
    let msg = next_where(&stream, "without the overlay", |m| !has_overlay(m));
    // The site is the one it was: the overlay goes, and there is nothing new to load.
    assert_eq!(msg["status"]["diagnostics"], serde_json::json!([]), "{msg}");
    answers(port);

    // The folder that came back is watched again.
    let file = content.join("sop/welcome.md");
    save(
        &file,
        &read(&file).replace(
            "先私聊，再在群里欢迎。",
            "先私聊，再在群里欢迎，十分钟内完成。",
        ),
    );
    let msg = next_action(&stream, "reload");
    assert!(!has_overlay(&msg), "{msg}");
    assert!(get(port, "/sop/welcome/").1.contains("十分钟内完成"));
}

#[test]
fn an_invalid_config_shows_an_overlay_until_fixed() {
    let server = start(fixture("basic"));
    let port = server.port;
    let stream = events(port);
    stream.recv_timeout(BOUND).unwrap();
    let config = server.site.join("quire.yaml");
    let original = read(&config);

    for (broken, code, at) in [
        ("title: [测试手册", "yaml-syntax", "--> quire.yaml:1:8"),
        ("title: [测试, 手册]", "wrong-type", "--> quire.yaml:1:8"),
    ] {
        save(&config, &original.replace("title: 测试手册", broken));
        let msg = next_where(&stream, "with the overlay", has_overlay);
        let found = msg["status"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["file"] == "quire.yaml" && d["severity"] == "error")
            .unwrap_or_else(|| panic!("{broken}: no error in quire.yaml: {msg}"));
        assert_eq!(found["code"], code, "{broken}: {found}");
        assert!(
            found["text"].as_str().unwrap().contains(at),
            "{broken}: {found}"
        );
        assert_eq!(msg["status"]["served"], "earlier", "{msg}");
        answers(port);
        assert!(get(port, "/").1.contains("测试手册"), "the last good site");
    }

    save(
        &config,
        &original.replace("title: 测试手册", "title: 修好的手册"),
    );
    let msg = next_action(&stream, "reload");
    assert!(!has_overlay(&msg), "{msg}");
    assert!(get(port, "/").1.contains("修好的手册"));
}

#[test]
fn a_theme_file_removed_mid_session_shows_an_overlay_until_put_back() {
    let site = fixture("basic");
    let config = site.path().join("quire.yaml");
    std::fs::write(&config, read(&config) + "theme: mine\n").unwrap();
    let templates = site.path().join("themes/mine/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let playbook = default_playbook_template()
        .replace(TITLE, &format!("{TITLE}{{% include \"note.html\" %}}"));
    std::fs::write(templates.join("playbook.html"), playbook).unwrap();
    std::fs::write(templates.join("note.html"), "<p>note one</p>").unwrap();
    let server = start(site);
    let port = server.port;
    let stream = events(port);
    assert!(!has_overlay(&stream.recv_timeout(BOUND).unwrap()));
    assert!(get(port, "/sop/welcome/").1.contains("note one"));

    // One file of the theme.
    let themes = server.site.join("themes");
    let note = themes.join("mine/templates/note.html");
    std::fs::remove_file(&note).unwrap();
    next_failure(&stream, "note.html");
    answers(port);
    assert!(get(port, "/sop/welcome/").1.contains("note one"));
    std::fs::write(&note, "<p>note two</p>").unwrap();
    let msg = next_action(&stream, "reload");
    assert!(!has_overlay(&msg), "{msg}");
    assert!(get(port, "/sop/welcome/").1.contains("note two"));

    // The whole themes folder.
    let kept = TempDir::new().unwrap();
    copy_dir(&themes, kept.path());
    std::fs::remove_dir_all(&themes).unwrap();
    next_failure(&stream, "theme `mine` not found");
    answers(port);
    copy_dir(kept.path(), &themes);
    let msg = next_where(&stream, "without the overlay", |m| !has_overlay(m));
    assert_eq!(msg["status"]["diagnostics"], serde_json::json!([]), "{msg}");
    assert!(get(port, "/sop/welcome/").1.contains("note two"));
    // The folder that came back is watched again.
    std::fs::write(&note, "<p>note three</p>").unwrap();
    let msg = next_action(&stream, "reload");
    assert!(!has_overlay(&msg), "{msg}");
    assert!(get(port, "/sop/welcome/").1.contains("note three"));
}

/// 1,000 saves of one file spread over one second are one burst: one
/// rebuild when it ends. Two when the saving stalls on a busy machine early
/// on, where 20 ms of quiet end a batch: the rest of the burst is then found
/// waiting after the first rebuild and waits for the long quiet (see
/// `watch::next_batch`). And the last text is served.
#[test]
fn a_thousand_saves_in_a_second_rebuild_once_or_twice() {
    let server = start(fixture("basic"));
    let port = server.port;
    let stream = events(port);
    let first = stream.recv_timeout(BOUND).unwrap();
    let file = server.site.join("content/sop/welcome.md");
    let original = read(&file);
    let version = |i: u64| {
        original.replace(
            "先私聊，再在群里欢迎。",
            &format!("先私聊，再在群里欢迎（第{i}版）。"),
        )
    };

    let started = Instant::now();
    for i in 0..1000 {
        // Save i is due i ms after the first; the sleep only paces the burst.
        if let Some(wait) = Duration::from_millis(i).checked_sub(started.elapsed()) {
            std::thread::sleep(wait);
        }
        save(&file, &version(i));
    }
    let took = started.elapsed();
    next_where(&stream, "serving the last save", |m| {
        assert!(!has_overlay(m), "{m}");
        get(port, "/sop/welcome/").1.contains("（第999版）")
    });

    // Any later rebuild for the burst comes before the one for a new
    // change, which breaks a link so that its message is told apart.
    let other = server.site.join("content/group-rules/core.md");
    save(&other, &(read(&other) + "\n见[没有](nope.md)。\n"));
    let last = next_where(&stream, "for the broken link", has_overlay);
    let rebuilds = last["status"]["generation"].as_u64().unwrap()
        - first["status"]["generation"].as_u64().unwrap()
        - 1;
    eprintln!(
        "1,000 saves in {} ms: {rebuilds} rebuilds",
        took.as_millis()
    );
    assert!(
        (1..=2).contains(&rebuilds),
        "{rebuilds} rebuilds for 1,000 saves in {} ms",
        took.as_millis()
    );
    assert!(get(port, "/sop/welcome/").1.contains("（第999版）"));
}

/// The server's open file descriptors.
fn fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count()
}

/// The server's resident memory, in kB.
fn rss_kb(pid: u32) -> u64 {
    read(format!("/proc/{pid}/status"))
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/<pid>/status")
}

/// What wrk reports: requests, requests per second, socket errors and
/// responses outside 2xx and 3xx (the last two lines appear only when not 0).
#[derive(Debug)]
struct Wrk {
    requests: u64,
    per_second: f64,
    socket_errors: u64,
    not_ok: u64,
}

fn parse_wrk(out: &str) -> Wrk {
    let number_after = |key: &str| -> Option<f64> {
        let line = out.lines().find(|l| l.contains(key))?;
        line.split(key)
            .nth(1)?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    };
    let requests = out
        .lines()
        .find(|l| l.contains(" requests in "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no request count in wrk's output:\n{out}"));
    // "Socket errors: connect 0, read 0, write 0, timeout 0"
    let socket_errors = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("Socket errors:"))
        .map(|l| {
            l.split(',')
                .filter_map(|part| part.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0);
    Wrk {
        requests,
        per_second: number_after("Requests/sec:").expect("Requests/sec in wrk's output"),
        socket_errors,
        not_ok: number_after("Non-2xx or 3xx responses:").unwrap_or(0.0) as u64,
    }
}

/// 200 pages hold the reload stream while wrk keeps 200 connections asking
/// for a page and a playbook is saved three times: every request answers,
/// every stream gets every reload, and once all clients are gone the
/// server's file descriptors and memory are back where they were.
#[cfg(target_os = "linux")]
#[test]
fn two_hundred_clients_under_load_leak_nothing() {
    const CLIENTS: usize = 200;
    const SAVES: usize = 3;
    // File descriptors that may come and go besides the clients'.
    const SLACK: usize = 4;
    let mut server = start(fixture("basic"));
    let port = server.port;
    let pid = server.child.id();
    answers(port);
    let (fds_before, rss_before) = (fds(pid), rss_kb(pid));

    // The held streams: each reports its first message and every reload.
    let (tx, rx) = mpsc::channel::<(usize, String)>();
    let mut held = Vec::new();
    for client in 0..CLIENTS {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__quire/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let socket = stream.try_clone().unwrap();
        let tx = tx.clone();
        let reader = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if let Some(data) = line.strip_prefix("data: ") {
                        let msg: serde_json::Value = serde_json::from_str(data).unwrap();
                        let _ = tx.send((client, msg["action"].as_str().unwrap().to_string()));
                    }
                }
            })
            .unwrap();
        held.push((socket, reader));
    }
    drop(tx);
    // Every stream has its first status, so every stream is subscribed.
    let mut seen = vec![0; CLIENTS];
    for _ in 0..CLIENTS {
        let (client, action) = rx.recv_timeout(BOUND).expect("each stream's first status");
        assert_eq!(action, "none");
        seen[client] += 1;
    }
    assert!(seen.iter().all(|&n| n == 1), "{seen:?}");
    let fds_held = fds(pid);
    // (A connection that just answered may still be closing when counted.)
    assert!(
        fds_held + SLACK >= fds_before + CLIENTS,
        "{fds_held} fds hold {CLIENTS} streams, {fds_before} before"
    );

    let mut wrk = match Command::new("wrk")
        .args(["-t2", "-c200", "-d4s", "--timeout", "10s"])
        .arg(format!("http://127.0.0.1:{port}/sop/welcome/"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(err) => panic!(
            "cannot run wrk ({err}): this test needs it; install it with \
             `apt-get install wrk` (.ci/run does)"
        ),
    };

    let file = server.site.join("content/sop/welcome.md");
    let original = read(&file);
    let mut reloads = vec![0; CLIENTS];
    for save_no in 1..=SAVES {
        save(
            &file,
            &original.replace("先私聊，再在群里欢迎。", &format!("第{save_no}次保存。")),
        );
        let deadline = Instant::now() + BOUND;
        while reloads.iter().any(|&n| n < save_no) {
            let left = deadline.saturating_duration_since(Instant::now());
            let (client, action) = rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("save {save_no}: not every stream got the reload"));
            if action == "reload" {
                reloads[client] += 1;
            }
        }
        assert!(get(port, "/sop/welcome/")
            .1
            .contains(&format!("第{save_no}次保存。")));
    }
    let saved_under_load = wrk.try_wait().unwrap().is_none();

    let out = wrk.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "wrk: {text}{}", stderr(&out));
    let report = parse_wrk(&text);
    assert!(
        saved_under_load,
        "wrk ended before the saves did: {report:?}"
    );
    assert!(report.requests > 0, "{text}");
    assert_eq!(report.socket_errors, 0, "{text}");
    assert_eq!(report.not_ok, 0, "{text}");

    // Every client leaves: the streams close, wrk has ended.
    for (socket, _) in &held {
        let _ = socket.shutdown(Shutdown::Both);
    }
    for (_, reader) in held {
        reader.join().unwrap();
    }
    assert_eq!(reloads, vec![SAVES; CLIENTS], "each stream got each reload");
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the server runs"
    );
    answers(port);

    // The server notices each closed stream on its own time: wait for it.
    let deadline = Instant::now() + BOUND;
    let mut fds_after = fds(pid);
    while fds_after > fds_before + SLACK && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        fds_after = fds(pid);
    }
    let rss_after = rss_kb(pid);
    eprintln!(
        "wrk: {} requests, {:.0}/s, {} socket errors, {} not 2xx/3xx; \
         fds {fds_before} -> {fds_held} (streams held) -> {fds_after}; RSS {rss_before} kB -> {rss_after} kB",
        report.requests, report.per_second, report.socket_errors, report.not_ok
    );
    assert!(
        fds_after <= fds_before + SLACK,
        "file descriptors: {fds_before} before, {fds_after} after"
    );
    // Freed memory stays with the allocator (glibc keeps an arena per worker
    // thread), and 400 connections' buffers come and go: half as much again
    // plus 20 MB (45 MB before, 55 MB after, on a debug build). wrk makes
    // 50,000 to 90,000 requests here on a quiet machine, so a leak of 1 kB
    // per request goes over it, and so does one of 200 kB per held stream.
    assert!(
        rss_after < rss_before * 3 / 2 + 20 * 1024,
        "RSS: {rss_before} kB before, {rss_after} kB after"
    );
}

/// A first draft, as a new author's site looks, previewed as the README
/// says (`quire serve` inside the site, no flags): every playbook that
/// parses is served with its problems marked at the exact line and column,
/// the file that does not parse has a page that says why, the clean page
/// and the draft are served unmarked, and each fix takes its mark away.
#[test]
fn a_site_with_errors_is_previewed_page_by_page_with_its_problems_marked() {
    let server = start_as(fixture("draft-errors"), Launch::Inside, &[]);
    let port = server.port;
    let page = |path: &str| {
        let (status, body) = get(port, path);
        assert_eq!(status, 200, "{path}: {body}");
        body
    };

    let rules = page("/group-rules/newcomer/");
    assert!(rules.contains("<h1>新人交流群群规</h1>"), "{rules}");
    assert!(rules.contains("<p class=\"problems-title\" id=\"quire-problems-title\">源文件有 1 个错误、1 个警告</p>"), "{rules}");
    assert!(rules.contains(&marker_item("1:1", "missing-element", "缺少要素：清理机制")));
    assert!(rules.contains(&marker_item(
        "1:1",
        "missing-element",
        "缺少建议写的要素：群文化"
    )));
    // The box sits above the content, and the content is all there.
    let marked = rules.find(MARKER_BOX).unwrap();
    let content = rules.find("<div class=\"content\">").unwrap();
    assert!(marked < content && rules[content..].contains("城市-昵称-期数"));

    let case = page("/cases/reading-club/");
    assert!(
        case.contains(&marker_item(
            "20:37",
            "broken-link",
            "找不到叫 `sop/signup` 的手册"
        )),
        "{case}"
    );
    assert!(case.contains(&marker_item(
        "32:11",
        "link-to-unreadable",
        "`sop/bad-yaml` 这篇手册本身有错误"
    )));
    assert!(case.contains("<a href=\"../../sop/welcome/index.html\">新人入群接待</a>"));

    let unreadable = page("/sop/bad-yaml/");
    assert!(
        unreadable.contains("<h1>这个文件读不出来</h1>"),
        "{unreadable}"
    );
    assert!(unreadable.contains("quire 读不懂 content/sop/bad-yaml.md"));
    assert!(unreadable.contains(&marker_item("3:7", "yaml-syntax", "YAML 写错了")));

    let clean = page("/sop/welcome/");
    assert!(
        clean.contains("<h1>新人入群接待</h1>") && !clean.contains("class=\"problems"),
        "{clean}"
    );
    let draft = page("/sharing/draft-talk/");
    assert!(draft.contains("<h1>周五语音分享（草稿）</h1>") && draft.contains(" · 草稿</span>"));
    assert!(!draft.contains("class=\"problems"));

    let coverage = page("/coverage/");
    for href in [
        "../group-rules/newcomer/index.html",
        "../cases/reading-club/index.html",
    ] {
        assert!(
            coverage.contains(&format!(
                "<a class=\"problem-mark\" href=\"{href}#quire-problems\">1 个错误</a>"
            )),
            "{href}: {coverage}"
        );
    }
    assert_eq!(
        coverage.matches("class=\"problem-mark\"").count(),
        2,
        "{coverage}"
    );
    let (_, status) = get(port, "/__quire/status");
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["status"]["served"], "latest");
    let codes: Vec<&str> = status["status"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["broken-link", "missing-element", "yaml-syntax"]);

    // Each fix takes its mark away, and the terminal says what is served.
    let stream = events(port);
    stream.recv_timeout(BOUND).unwrap();
    let file = server.site.join("content/sop/bad-yaml.md");
    // Fixed, and written out as a whole SOP.
    let welcome = read(server.site.join("content/sop/welcome.md"));
    save(
        &file,
        &welcome.replace("title: 新人入群接待", "title: 报名流程\ntags: [报名, SOP]"),
    );
    next_action(&stream, "reload");
    let line = next_line(&server, "changed content/sop/bad-yaml.md");
    assert!(
        line.starts_with("changed content/sop/bad-yaml.md: 2 errors in ")
            && line.contains(" ms; pages with errors are marked"),
        "{line}"
    );
    assert_eq!(
        next_line(&server, "  content/"),
        "  content/cases/reading-club.md:20:37: error[broken-link] no playbook `sop/signup`"
    );
    let fixed = page("/sop/bad-yaml/");
    assert!(
        fixed.contains("<h1>报名流程</h1>") && !fixed.contains("这个文件读不出来"),
        "{fixed}"
    );
    let case = page("/cases/reading-club/");
    assert!(
        case.contains("源文件有 1 个错误</p>") && !case.contains("link-to-unreadable"),
        "{case}"
    );

    let file = server.site.join("content/cases/reading-club.md");
    save(
        &file,
        &read(&file).replace("[[sop/signup]]", "[[sop/bad-yaml]]"),
    );
    next_action(&stream, "reload");
    assert!(!page("/cases/reading-club/").contains("class=\"problems"));

    let file = server.site.join("content/group-rules/newcomer.md");
    save(
        &file,
        &(read(&file) + "\n## 清理机制\n\n每季度清理一次不发言的成员。\n"),
    );
    let msg = next_action(&stream, "reload");
    assert!(!has_overlay(&msg), "{msg}");
    let line = next_line(&server, "changed content/group-rules/newcomer.md");
    assert!(
        line.contains(": reload (") && line.contains("1 warning) in "),
        "{line}"
    );
    let rules = page("/group-rules/newcomer/");
    assert!(
        !rules.contains(&marker_item("1:1", "missing-element", "缺少要素")),
        "{rules}"
    );
    // A warning alone is marked more quietly.
    assert!(
        rules.contains("<section class=\"problems only-warnings\""),
        "{rules}"
    );
    assert!(!page("/coverage/").contains("class=\"problem-mark\""));
}

/// With an error in quire.yaml from the start nothing can be rendered: the
/// holding page says why, claims no earlier site, and gives way to the site
/// once the error is fixed.
#[test]
fn a_config_error_at_the_first_start_serves_a_holding_page_until_fixed() {
    let site = fixture("basic");
    let config = site.path().join("quire.yaml");
    let original = read(&config);
    std::fs::write(
        &config,
        original.replace("title: 测试手册", "title: [测试手册"),
    )
    .unwrap();
    // A quire.yaml with an error still says its language.
    let server = start_as(site, Launch::InsideSiteLanguage, &[]);
    let port = server.port;
    for path in ["/", "/sop/welcome/"] {
        let (status, page) = get(port, path);
        assert_eq!(status, if path == "/" { 200 } else { 404 }, "{path}");
        assert!(
            page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"),
            "{page}"
        );
        assert!(
            page.contains("<h1>暂时无法预览</h1>") && page.contains("quire.yaml 有错误"),
            "{page}"
        );
        assert!(
            page.contains("<code>quire.yaml:1:8</code> <code>yaml-syntax</code>"),
            "{page}"
        );
        assert!(page.contains("<script src=\"/__quire/live.js\"></script>\n</body>"));
        for claim in ["last good", "上次", "上一"] {
            assert!(!page.contains(claim), "{claim}: {page}");
        }
    }
    let (_, status) = get(port, "/__quire/status");
    assert!(status.contains("\"served\":\"holding\""), "{status}");

    let stream = events(port);
    stream.recv_timeout(BOUND).unwrap();
    let config = server.site.join("quire.yaml");
    save(&config, &original);
    let msg = next_action(&stream, "reload");
    assert!(!has_overlay(&msg), "{msg}");
    assert_eq!(msg["status"]["served"], "latest");
    answers(port);
    assert!(get(port, "/").1.contains("测试手册"));
    // The terminal speaks the site's language too.
    let line = next_line(&server, "quire.yaml 改了：");
    assert!(
        line.starts_with("quire.yaml 改了：页面已刷新（")
            && line.contains(" 个文件，0 个警告），用时 "),
        "{line}"
    );
}

/// A tool failure at the first start (a broken template) is said on the
/// holding page, and a later failure after a good build keeps that build.
#[test]
fn a_broken_template_at_the_first_start_serves_a_holding_page_then_the_site() {
    let site = fixture("basic");
    let template = site.path().join("themes/default/templates/playbook.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    let original = default_playbook_template();
    std::fs::write(
        &template,
        original.replace(TITLE, "<h1>{{ page.title </h1>"),
    )
    .unwrap();
    let server = start(site);
    let port = server.port;
    let (status, page) = get(port, "/");
    assert_eq!(status, 200);
    // The holding page speaks the run's language, English here.
    assert!(
        page.contains("quire could not build the site:") && page.contains("playbook.html"),
        "{page}"
    );
    assert!(!page.contains("last good"), "{page}");

    let stream = events(port);
    stream.recv_timeout(BOUND).unwrap();
    let template = server.site.join("themes/default/templates/playbook.html");
    save(&template, &original);
    let msg = next_action(&stream, "reload");
    assert_eq!(msg["status"]["served"], "latest", "{msg}");
    answers(port);

    save(
        &template,
        &original.replace(TITLE, "<h1>{{ page.title </h1>"),
    );
    let msg = next_where(&stream, "with the overlay", has_overlay);
    assert_eq!(msg["status"]["served"], "earlier", "{msg}");
    let line = next_line(&server, "changed templates: failed");
    assert!(
        line.starts_with("changed templates: failed in ")
            && line.ends_with(" ms; serving the last good site"),
        "{line}"
    );
    assert!(
        next_line(&server, "error: ").starts_with("  error: the theme's templates have an error")
    );
    answers(port);
    assert!(get(port, "/sop/welcome/").1.contains("<h1>新人接待</h1>"));
}

/// Every kind of content error still renders: broken links and anchors,
/// missing elements, unreadable files, raw HTML, a handbook whose chapters
/// select nothing or name no playbook, a glossary entry that points nowhere.
/// Each page of a file with problems is marked; nothing panics.
#[test]
fn every_kind_of_content_error_is_rendered_with_its_pages_marked() {
    use quire::serve::{build_in_memory, Memory};

    let handbook = fixture("handbook");
    let book = handbook.path().join("content/handbooks/guide.yaml");
    std::fs::write(
        &book,
        read(&book).replace("include: [group-rules/core]", "include: [group-rules/nope]")
            + "  - title: 空的一章\n    include:\n      - tag: 没有这个标签\n",
    )
    .unwrap();
    let glossary = handbook.path().join("content/glossary.yaml");
    std::fs::write(
        &glossary,
        read(&glossary) + "- term: 裂变\n  definition: 老带新。\n  see: [sop/nope]\n",
    )
    .unwrap();
    let sites = [
        "broken",
        "links",
        "xss",
        "custom-kind",
        "yaml-error",
        "escapes",
    ]
    .map(|name| (name, fixture(name)));
    for (name, site) in sites
        .iter()
        .map(|(n, s)| (*n, s))
        .chain([("handbook", &handbook)])
    {
        let quire::base::diagnostic::Warned {
            output,
            diagnostics: diags,
        } = build_in_memory(site.path(), &mut Memory::default(), None)
            .unwrap_or_else(|e| panic!("{name}: {e:#}"));
        assert!(!diags.is_empty(), "{name}: no problems");
        let output = output.unwrap_or_else(|| panic!("{name}: nothing rendered"));
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        if name == "handbook" {
            for code in ["broken-link", "empty-chapter"] {
                assert!(codes.contains(&code), "{codes:?}");
            }
            assert!(output.files.contains_key("handbooks/guide/index.html"));
        }
        // Each file with problems that has a page is marked on it.
        let mut marked = 0;
        for d in &diags {
            // A file left out for its id or address has no page of its own:
            // the page there is the other file's (the overlay lists it).
            if matches!(d.code, "duplicate-id" | "duplicate-url") {
                continue;
            }
            let Some(rel) = d.file.strip_prefix("content/") else {
                continue;
            };
            // The glossary's and handbooks' problems are listed in the overlay.
            if rel == "glossary.yaml" || rel.starts_with("handbooks/") {
                continue;
            }
            let (stem, _) = rel.rsplit_once('.').unwrap_or((rel, ""));
            let Some(page) = output.files.get(&format!("{stem}/index.html")) else {
                continue;
            };
            let page = String::from_utf8_lossy(page);
            let at = match d.line {
                0 => String::new(),
                line => format!(">{line}:{}</span> ", d.column),
            };
            assert!(
                page.contains(&format!(
                    "{at}<code class=\"problem-code\">{}</code>",
                    d.code
                )),
                "{name}: {} not on {stem}/: {page}",
                quire::base::report::short(d, quire::base::i18n::Language::En)
            );
            marked += 1;
        }
        // Pages moved or renamed would skip every check above. (The
        // handbook site's problems are all in its handbook and glossary.)
        assert!(
            marked > 0 || name == "handbook",
            "{name}: no problem was looked for on a page"
        );
    }
    // A file that cannot be parsed has its page all the same.
    let quire::base::diagnostic::Warned {
        output,
        diagnostics: _,
    } = build_in_memory(sites[0].1.path(), &mut Memory::default(), None).unwrap();
    let page =
        String::from_utf8_lossy(&output.unwrap().files["misc/bad-yaml/index.html"]).into_owned();
    assert!(page.contains(">yaml-syntax</code>"), "{page}");
}
