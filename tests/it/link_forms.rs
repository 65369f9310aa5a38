//! Every way authors write a link to another playbook (no extension, a
//! trailing slash, from `/`, a kind's folder, the `.html` other tools
//! write) leads to the page, and each that names nothing is reported where
//! it is written. Bare web addresses are links and are asked by
//! `check --external`; glossary terms stay out of them. A handbook chapter
//! whose selector earlier chapters emptied is a warning, not an error.
//! The binary runs from inside the site folder, as users run it.

use crate::*;

/// `quire check --format short` from inside `site`: exit code and lines.
fn check_here(site: &std::path::Path, extra: &[&str]) -> (Option<i32>, Vec<String>) {
    let mut args = vec!["check", "--format", "short"];
    args.extend_from_slice(extra);
    let run = quire(site, &args);
    let lines = stdout(&run).lines().map(str::to_string).collect();
    (run.status.code(), lines)
}

/// The hrefs of the list items of `html`, in order: `(text, href)`.
fn list_links(html: &str) -> Vec<(String, String)> {
    html.match_indices("<li><a href=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            let (href, rest) = rest.split_once('"').unwrap();
            let text = rest[rest.find('>').unwrap() + 1..]
                .split('<')
                .next()
                .unwrap();
            (text.to_string(), href.to_string())
        })
        .collect()
}

#[test]
fn each_broken_form_is_reported_at_its_line_and_column_and_nothing_else() {
    let site = fixture("link-forms");
    let (code, lines) = check_here(site.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        lines,
        [
            "content/cases/broken.md:7:4: error[broken-link] no playbook `sop/welcom`",
            "content/cases/broken.md:8:4: error[broken-link] no playbook `sop/nope`",
            "content/cases/broken.md:8:22: error[broken-link] no playbook `cases/missing`",
            "content/cases/broken.md:9:4: error[broken-anchor] `新人接待` has no heading `#不存在`",
            "content/cases/broken.md:9:30: error[broken-link] no playbook `nowhere`",
            "content/handbooks/newcomer.yaml:11:9: warning[chapter-already-placed] every playbook `kind: sop` selects is in an earlier chapter, so the chapter `第二章 其余 SOP` prints only its title and intro",
            "checked 7 playbooks: 5 errors, 1 warning",
        ]
    );
    // The help names the nearest id, as for a `.md` link.
    let run = quire(site.path(), &["check"]);
    assert!(
        stderr(&run).contains("= help: did you mean `sop/welcome`"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn every_form_is_rewritten_to_the_relative_page_href() {
    let site = fixture("link-forms");
    std::fs::remove_file(site.path().join("content/cases/broken.md")).unwrap();
    let run = quire(site.path(), &["build", "--no-pdf", "--format", "short"]);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    let core = read(site.path().join("public/group-rules/core/index.html"));
    let step = "#%E6%AD%A5%E9%AA%A4";
    let welcome = "../../sop/welcome/index.html";
    let expected: Vec<(String, String)> = [
        ("a", welcome.to_string()),
        ("b", welcome.to_string()),
        ("c", welcome.to_string()),
        ("d", welcome.to_string()),
        ("e", welcome.to_string()),
        ("f", format!("{welcome}{step}")),
        ("g", format!("{welcome}?from=rules{step}")),
        ("h", "../../sop/index.html".to_string()),
        ("i", "../../sop/index.html".to_string()),
        ("j", welcome.to_string()),
        ("k", format!("{welcome}{step}")),
        ("l", "../../group-rules/other/index.html".to_string()),
        ("m", "../../group-rules/other/index.html".to_string()),
        ("n", "../../sop/daily/index.html".to_string()),
        ("o", "../../index.html".to_string()),
        ("p", "../../glossary/index.html".to_string()),
        // The folder's landing file is the folder's page: the kind's list.
        ("q", "../../sop/index.html".to_string()),
        (
            "r",
            "../../search/index.html?q=%E5%85%A5%E7%BE%A4".to_string(),
        ),
        ("s", "../../sop/daily/index.html".to_string()),
    ]
    .into_iter()
    .map(|(t, h)| (t.to_string(), h))
    .collect();
    let found: Vec<(String, String)> = list_links(&core)
        .into_iter()
        .filter(|(t, _)| t.len() == 1)
        .collect();
    assert_eq!(found, expected);
    for (_, href) in &found {
        let file = href.split(['?', '#']).next().unwrap();
        let path = site.path().join("public/group-rules/core").join(file);
        assert!(path.is_file(), "{href} leads to no file");
    }

    // In the handbook's print page, a placed playbook is a place in the
    // page, a page quire makes is the site's, with its address shown.
    let print = read(site.path().join("public/handbooks/newcomer/index.html"));
    for want in [
        "<li><a href=\"#s1-1\">a</a>",
        "<li><a href=\"#s1-1\">c</a>",
        "<li><a href=\"#s1-2\">n</a>",
        // `../sop/` is the folder's landing page, which the handbook holds.
        "<li><a href=\"#s1-3\">h</a>",
        "<li><a href=\"../../index.html\">o</a>（/）",
    ] {
        assert!(print.contains(want), "{want}");
    }
}

#[test]
fn a_bare_address_is_a_link_with_no_term_inside_it() {
    let site = fixture("link-forms");
    std::fs::remove_file(site.path().join("content/cases/broken.md")).unwrap();
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let html = read(site.path().join("public/cases/urls/index.html"));
    assert!(
        html.contains(
            "<p>见 <a href=\"https://example.com/community\">https://example.com/community</a>，社群里的 <a class=\"term\" href=\"../../glossary/index.html#term-community\" title=\"社群。\">community</a> 都认识。"
        ),
        "{html}"
    );
    assert!(html.contains("另见<a href=\"http://www.example.org\">www.example.org</a>。"));
    assert_eq!(html.matches("class=\"term\"").count(), 1);
}

#[test]
fn check_external_asks_bare_addresses() {
    let site = fixture("link-forms");
    std::fs::remove_file(site.path().join("content/cases/broken.md")).unwrap();
    // A port nothing listens on: the address cannot be reached.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // Only this address: the test needs no network.
    std::fs::write(
        site.path().join("content/cases/urls.md"),
        format!("---\ntitle: 网址\n---\n\n详见http://127.0.0.1:{closed}/gone。也可以问群主。\n"),
    )
    .unwrap();
    let (code, lines) = check_here(site.path(), &[]);
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(lines.len(), 2, "never asked by default: {lines:?}");

    let (code, lines) = check_here(site.path(), &["--external", "--timeout", "2"]);
    assert_eq!(code, Some(0), "warnings only");
    let want = format!(
        "content/cases/urls.md:5:3: warning[dead-external-link] http://127.0.0.1:{closed}/gone could not be reached"
    );
    assert!(lines[0].starts_with(&want), "{}\n{want}", lines[0]);
    assert_eq!(
        lines.last().unwrap(),
        "checked 6 playbooks: 0 errors, 2 warnings"
    );
}

#[test]
fn a_selector_takes_what_earlier_chapters_left() {
    let site = fixture("link-forms");
    std::fs::remove_file(site.path().join("content/cases/broken.md")).unwrap();
    // Chapter one no longer takes the check-in SOP: chapter two's
    // `kind: sop` holds it, and there is nothing to report. (The overview,
    // `sop/README`, is the folder's landing page, a page, not an SOP.)
    let handbook = site.path().join("content/handbooks/newcomer.yaml");
    std::fs::write(
        &handbook,
        read(&handbook).replace("      - sop/checkin\n", ""),
    )
    .unwrap();
    let (code, lines) = check_here(site.path(), &[]);
    assert_eq!(code, Some(0));
    assert_eq!(lines, ["checked 6 playbooks: 0 errors, 0 warnings"]);
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let print = read(site.path().join("public/handbooks/newcomer/index.html"));
    assert!(
        print.contains("<a href=\"#s2-1\"><span class=\"num\">2.1</span> 每日打卡</a>"),
        "{print}"
    );
    assert!(!print.contains("\"#s2-2\""));

    // A chapter whose `include` names nothing is still an error.
    std::fs::write(
        &handbook,
        read(&handbook).replace("      - kind: group-rules\n", "      - tag: 没有\n"),
    )
    .unwrap();
    let (code, lines) = check_here(site.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        lines[0],
        "content/handbooks/newcomer.yaml:11:5: error[empty-chapter] the chapter `第三章 群规` includes no playbook"
    );
}
