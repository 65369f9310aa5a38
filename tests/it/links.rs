//! Every link in the built sample site leads somewhere: relative hrefs point
//! at files that exist and fragments at ids that exist in the target page.

use std::collections::HashMap;
use std::path::Path;

use crate::*;

fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

#[test]
fn every_internal_link_resolves() {
    let out = TempDir::new().unwrap();
    let public = out.path().join("public");
    let run = quire(&repo(), &["build", "--output", public.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));

    let mut pages: HashMap<std::path::PathBuf, String> = HashMap::new();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            pages.insert(entry.path().canonicalize().unwrap(), read(entry.path()));
        }
    }
    let mut checked = 0;
    let mut cross_page = 0;
    for (path, html) in &pages {
        if path.ends_with("404.html") {
            continue; // links there are absolute, from base_url
        }
        let dir = path.parent().unwrap();
        for href in attr_values(html, "href") {
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = href
                .split_once('#')
                .map_or((href, None), |(f, frag)| (f, Some(frag)));
            let target = if file.is_empty() {
                path.clone()
            } else {
                let t = dir.join(decode(file));
                assert!(t.is_file(), "{}: broken link {href}", path.display());
                t.canonicalize().unwrap()
            };
            if !file.is_empty() && file.ends_with("index.html") && target != *path {
                cross_page += 1;
            }
            if let Some(fragment) = fragment {
                let ids = attr_values(&pages[&target], "id");
                let fragment = decode(fragment);
                assert!(
                    ids.contains(&fragment.as_str()),
                    "{}: #{fragment} not found in {}",
                    path.display(),
                    Path::new(&target).display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    assert!(cross_page > 100);
}

fn check_short(root: &Path) -> (Option<i32>, String) {
    let run = quire(root, &["check", "--format", "short"]);
    (run.status.code(), stdout(&run))
}

#[test]
fn every_kind_of_broken_reference_at_its_line_and_column() {
    let site = fixture("links");
    let (code, out) = check_short(site.path());
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = out
        .lines()
        .map(|l| l.split(" no ").next().unwrap().split(" `").next().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            "content/glossary.yaml:9:9: error[broken-link]",
            "content/group-rules/core.md:12:10: error[ambiguous-link]",
            "content/sharing/format.md:3:32: error[broken-link]",
            "content/sop/welcome.md:3:12: warning[unknown-tag]",
            "content/sop/welcome.md:4:29: error[broken-link]",
            "content/sop/welcome.md:10:4: error[broken-link]",
            "content/sop/welcome.md:10:27: error[broken-anchor]",
            "content/sop/welcome.md:11:4: warning[self-link] this links to the page it is on",
            "content/sop/welcome.md:11:34: error[unknown-term]",
            "content/sop/welcome.md:12:14: error[broken-anchor]",
            "content/sop/welcome.md:12:25: error[broken-anchor]",
            "checked 5 playbooks: 9 errors, 2 warnings",
        ]
    );
    let run = quire(site.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let help = |line: u64, column: u64| {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| {
                d["line"] == line && d["column"] == column && d["file"] == "content/sop/welcome.md"
            })
            .unwrap()["help"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(help(10, 4), "did you mean `group-rules/core`?");
    assert_eq!(help(10, 27), "its headings: `speaking`, `清理`");
    assert_eq!(
        help(11, 34),
        "did you mean `邓巴数字`? or add it to content/glossary.yaml"
    );
    assert_eq!(
        help(3, 12),
        "did you mean `新人`? quire.yaml allows: 新人, SOP, 群规"
    );
    assert!(out.contains("`dup` is the name of several playbooks"));
}

/// The links fixture with every broken reference mended.
fn mended() -> TempDir {
    let site = fixture("links");
    let root = site.path();
    let edit = |file: &str, from: &str, to: &str| {
        let path = root.join(file);
        let text = read(&path);
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit("content/glossary.yaml", "sop/nope", "sop/welcome");
    edit(
        "content/group-rules/core.md",
        "[[dup]]",
        "[[sop/dup]]、[[cases/dup]]、[[sharing/format]]",
    );
    edit("content/sharing/format.md", ", group-rules/gone", "");
    edit(
        "content/cases/dup.md",
        "[[sop/welcome#步骤]]",
        "[[group-rules/core]]",
    );
    edit("content/sop/welcome.md", "[新人, 新手]", "[新人]");
    edit("content/sop/welcome.md", ", sop/nope", "");
    edit(
        "content/sop/welcome.md",
        "错字：[[group-rules/cor]]；坏锚：[规范](../group-rules/core.md#不存在)。",
        "清理见[规范](../group-rules/core.md#清理)。",
    );
    edit("content/sop/welcome.md", "自己：[[welcome]]；", "");
    edit("content/sop/welcome.md", " 和 [[term:登巴数字]]", "");
    edit(
        "content/sop/welcome.md",
        "，[坏锚](#不存在)，[改名](../group-rules/core.md#发言规范)",
        "",
    );
    site
}

#[test]
fn links_backlinks_related_and_glossary_in_the_html() {
    let site = mended();
    let run = quire(site.path(), &["build", "--strict"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let public = site.path().join("public");

    let welcome = read(public.join("sop/welcome/index.html"));
    for needle in [
        "先读<a href=\"../../group-rules/core/index.html\">核心群群规</a>",
        "再看<a href=\"../../group-rules/core/index.html#speaking\">发言规范</a>",
        "清理见<a href=\"../../group-rules/core/index.html#%E6%B8%85%E7%90%86\">规范</a>",
        "<a href=\"../../glossary/index.html#term-%E9%82%93%E5%B7%B4%E6%95%B0%E5%AD%97\" title=\"稳定关系的上限，约 150 人。\">邓巴数字</a>",
        "本页：<a href=\"#%E7%9B%AE%E6%A0%87\">目标</a>",
    ] {
        assert!(welcome.contains(needle), "{needle}\n{welcome}");
    }
    // The explicit [[term:…]] link counts as the term's first use; `社群` is linked in the body, not in the heading.
    assert!(
        welcome.contains("#</a></h2>\n<p><a class=\"term\"")
            && welcome.contains("<h2 id=\"步骤\">步骤 <a class=\"anchor\""),
        "{welcome}"
    );

    let core = read(public.join("group-rules/core/index.html"));
    // Longest term first: 社群运营, not 社群 inside it; headings stay plain.
    assert!(core.contains("<h2 id=\"speaking\">发言 <a class=\"anchor\" href=\"#speaking\" aria-label=\"本节链接\">#</a></h2>\n<p><a class=\"term\" href=\"../../glossary/index.html#term-%E7%A4%BE%E7%BE%A4%E8%BF%90%E8%90%A5\" title=\"让社群活下去的日常功夫。\">社群运营</a>从核心群开始；人数不超过<a class=\"term\""), "{core}");
    assert_eq!(core.matches("class=\"term\"").count(), 2);
    let backlinks = core
        .split("<section class=\"backlinks\">")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert_eq!(
        backlinks.matches("<li>").count(),
        3,
        "welcome, format and cases/dup link here: {backlinks}"
    );
    let groups: Vec<&str> = backlinks
        .split("<p class=\"group-name\">")
        .skip(1)
        .map(|g| g.split('<').next().unwrap())
        .collect();
    assert_eq!(groups, ["SOP话术", "分享形式", "案例"]);
    let related = core.split("<section class=\"related\">").nth(1).unwrap();
    assert!(
        related.contains(">新人接待</a>"),
        "related works both ways: {related}"
    );

    let glossary = read(public.join("glossary/index.html"));
    let entry = glossary
        .split("id=\"term-社群运营\"")
        .nth(1)
        .unwrap()
        .split("</div>")
        .next()
        .unwrap();
    assert!(
        entry.contains("用到它的手册：<a href=\"../group-rules/core/index.html\">核心群群规</a>"),
        "{entry}"
    );
}

#[test]
fn renaming_a_heading_breaks_the_links_to_it() {
    let site = mended();
    assert_eq!(check_short(site.path()).0, Some(0));
    let core = site.path().join("content/group-rules/core.md");
    std::fs::write(&core, read(&core).replace("## 清理", "## 清理机制")).unwrap();
    let (code, out) = check_short(site.path());
    assert_eq!(code, Some(1));
    assert!(out.starts_with("content/sop/welcome.md:10:4: error[broken-anchor] `核心群群规` has no heading `#清理`\n"), "{out}");
}

#[test]
fn orphans_are_reported_under_strict() {
    let site = mended();
    let lonely = site.path().join("content/cases/lonely.md");
    std::fs::write(&lonely, "---\ntitle: 没人链接\n---\n正文\n").unwrap();
    assert_eq!(check_short(site.path()).0, Some(0), "off by default");
    let run = quire(site.path(), &["check", "--strict", "--format", "short"]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(stdout(&run).lines().next().unwrap(), "content/cases/lonely.md:1:1: warning[orphan] nothing links to this playbook and no handbook includes it");
    std::fs::create_dir_all(site.path().join("content/handbooks")).unwrap();
    std::fs::write(
        site.path().join("content/handbooks/h.yaml"),
        "title: 手册\nchapters:\n  - title: 案例\n    include: [cases/lonely]\n",
    )
    .unwrap();
    let run = quire(site.path(), &["check", "--strict", "--format", "short"]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "a handbook includes it: {}",
        stdout(&run)
    );
}

/// A local web server for the external link check: `/ok` 200, `/gone` 404,
/// `/no-head` refuses HEAD but answers GET, `/slow` never answers in time.
/// It serves a bounded number of requests and then stops.
fn local_server() -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(16) {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buf = [0u8; 1024];
                let n = stream.read(&mut buf).unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]).to_string();
                let mut parts = request.split_whitespace();
                let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                let status = match (method, path) {
                    (_, "/ok") => "200 OK",
                    ("HEAD", "/no-head") => "405 Method Not Allowed",
                    ("GET", "/no-head") => "200 OK",
                    (_, "/slow") => {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                        "200 OK"
                    }
                    _ => "404 Not Found",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    port
}

#[test]
fn external_links_are_checked_only_when_asked() {
    let port = local_server();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let site = mended();
    let format = site.path().join("content/sharing/format.md");
    let links = format!(
        "\n[好](http://127.0.0.1:{port}/ok) [坏](http://127.0.0.1:{port}/gone) [拒](http://127.0.0.1:{port}/no-head)\n[慢](http://127.0.0.1:{port}/slow) [关](http://127.0.0.1:{closed}/x) [好](http://127.0.0.1:{port}/ok)\n"
    );
    std::fs::write(&format, read(&format) + &links).unwrap();
    assert_eq!(
        check_short(site.path()).0,
        Some(0),
        "never checked by default"
    );

    let run = quire(
        site.path(),
        &["check", "--external", "--timeout", "1", "--format", "short"],
    );
    assert_eq!(run.status.code(), Some(0), "warnings only");
    let out = stdout(&run);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    // Columns count characters; the ports' digits move them.
    let col = |line: &str, needle: &str| line[..line.find(needle).unwrap()].chars().count() + 1;
    let (first, second) = (links.lines().nth(1).unwrap(), links.lines().nth(2).unwrap());
    let expected = [
        format!("content/sharing/format.md:8:{}: warning[dead-external-link] http://127.0.0.1:{port}/gone answered 404", col(first, "[坏]")),
        format!("content/sharing/format.md:9:1: warning[dead-external-link] http://127.0.0.1:{port}/slow did not answer in time"),
        format!("content/sharing/format.md:9:{}: warning[dead-external-link] http://127.0.0.1:{closed}/x could not be reached", col(second, "[关]")),
    ];
    for (line, want) in lines.iter().zip(&expected) {
        assert!(line.starts_with(want.as_str()), "{line}\n{want}");
    }
    assert_eq!(lines[3], "checked 5 playbooks: 0 errors, 3 warnings");
}

#[test]
fn the_sample_content_is_a_web() {
    let options = quire::build::LoadOptions {
        strict: true,
        ..Default::default()
    };
    let loaded = quire::build::load_site(&repo(), &options).unwrap();
    let (built, diags) = (loaded.output, loaded.diagnostics);
    let (site, graph) = (&built.site, &built.links.graph);
    // Review dates age with the calendar; everything else must be clean.
    assert!(
        diags.iter().all(|d| d.code == "review-overdue"),
        "{diags:?}"
    );
    for (i, p) in site.playbooks.iter().enumerate() {
        let (out, inc) = (graph.outgoing[i].len(), graph.incoming[i].len());
        assert!(
            out >= 2 && inc >= 2,
            "{}: links to {out}, linked from {inc}",
            p.id
        );
    }
}
