//! `quire serve` end to end: the real binary on port 0 in a temporary copy
//! of a fixture, its reload stream read over a plain TCP socket. Nothing
//! waits by sleeping: every wait is for an event, with a generous bound.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::*;

const BOUND: Duration = Duration::from_secs(30);

struct Server {
    child: Child,
    port: u16,
    _site: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: TempDir) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.path())
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
    let line = rx
        .recv_timeout(BOUND)
        .expect("the server says where it listens");
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("{line}"));
    Server {
        child,
        port,
        _site: site,
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
    let server = start(fixture("basic"));
    let port = server.port;
    let (status, page) = get(port, "/sop/welcome/");
    assert_eq!(status, 200);
    assert!(page.contains("<script src=\"/__quire/live.js\"></script>\n</body>"));
    let stream = events(port);
    let first = stream.recv_timeout(BOUND).unwrap();
    assert_eq!(first["action"], "none");

    let file = server._site.path().join("content/sop/welcome.md");
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
    let (_, page) = get(port, "/sop/welcome/");
    assert!(
        page.contains("十分钟内完成"),
        "the last good page is still served"
    );
    let (_, status) = get(port, "/__quire/status");
    assert!(status.contains("broken-link"));

    save(&file, &original);
    let msg = next_action(&stream, "reload");
    assert_eq!(msg["status"]["diagnostics"], serde_json::json!([]));
    assert!(!get(port, "/sop/welcome/").1.contains("十分钟内完成"));
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

/// A rebuild that reuses what it can gives exactly the site a full build
/// gives, edit after edit: the cache and the kept pages never go stale.
#[test]
fn incremental_rebuilds_equal_full_builds() {
    use quire::serve::{build_in_memory, watch::Change, Memory};

    let site = TempDir::new().unwrap();
    copy_dir(&repo().join("content"), &site.path().join("content"));
    std::fs::copy(repo().join("quire.yaml"), site.path().join("quire.yaml")).unwrap();
    let root = site.path();
    let mut memory = Memory::default();
    let (first, _) = build_in_memory(root, false, &mut memory, None).unwrap();
    let mut last = std::sync::Arc::new(first.unwrap());

    let edit = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = read(&path);
        assert!(text.contains(from), "{rel}: {from}");
        save(&path, &text.replace(from, to));
    };
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
        let (incremental, diags) = build_in_memory(root, false, &mut memory, Some(&last)).unwrap();
        let (full, full_diags) =
            build_in_memory(root, false, &mut Memory::default(), None).unwrap();
        assert_eq!(diags, full_diags, "{what}");
        match (incremental, full) {
            (Some(incremental), Some(full)) => {
                assert!(expect_ok, "{what} should have failed");
                let differ: Vec<&String> = full
                    .files
                    .keys()
                    .filter(|k| incremental.files.get(*k) != full.files.get(*k))
                    .collect();
                assert!(differ.is_empty(), "{what}: stale pages {differ:?}");
                assert_eq!(incremental.files.len(), full.files.len(), "{what}");
                last = std::sync::Arc::new(incremental);
            }
            (None, None) => assert!(!expect_ok, "{what}: {diags:?}"),
            _ => panic!("{what}: incremental and full builds disagree"),
        }
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
    let css = server._site.path().join("themes/default/static/style.css");
    std::fs::write(css.with_extension("tmp"), "body { color: navy; }\n").unwrap();
    std::fs::rename(css.with_extension("tmp"), &css).unwrap();
    let msg = next_action(&stream, "css");
    assert_eq!(msg["status"]["diagnostics"], serde_json::json!([]));
    assert_eq!(
        get(server.port, "/static/style.css").1,
        "body { color: navy; }\n"
    );
}
