//! Raw HTML and script links under each `html` policy, with XSS payloads in
//! every place an author writes: the body, front-matter values, a glossary
//! definition, a handbook's title, cover note and chapter title
//! (`tests/fixtures/xss`). The search box is tested in Chromium
//! (`tests/browser/site.test.mjs`).

use std::path::Path;

use crate::*;

fn with_policy(policy: Option<&str>) -> TempDir {
    let site = fixture("xss");
    if let Some(policy) = policy {
        let config = site.path().join("quire.yaml");
        let text = read(&config);
        std::fs::write(&config, format!("{text}html: {policy}\n")).unwrap();
    }
    site
}

fn build(site: &Path) -> (Option<i32>, String) {
    let run = quire(site, &["build", "--no-pdf", "--format", "short"]);
    (run.status.code(), stderr(&run))
}

/// Every HTML page of the built site, with its path.
fn pages(site: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(site.join("public"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| (e.path().display().to_string(), read(e.path())))
        .collect()
}

/// What would run in a browser, written as it would have to stand in HTML
/// (escaped text such as `onerror=&quot;` cannot run).
const RUNNABLE: &[&str] = &["<script>window", "onerror=\"", "javascript:", "<iframe"];

#[test]
fn sanitize_is_the_default_and_removes_what_runs_with_a_warning_at_each_place() {
    let site = with_policy(None);
    let (code, out) = build(site.path());
    assert_eq!(code, Some(0), "{out}");
    let warnings: Vec<&str> = out.lines().filter(|l| l.contains("warning[")).collect();
    assert_eq!(
        warnings,
        [
            "content/glossary.yaml:2:15: warning[raw-html] the `onerror` attribute is removed from the page",
            "content/handbooks/h.yaml:3:3: warning[raw-html] `<iframe>` is removed from the page",
            "content/sop/payload.md:9:1: warning[raw-html] `<script>` is removed from the page",
            "content/sop/payload.md:11:15: warning[raw-html] the `onerror` attribute is removed from the page",
            "content/sop/payload.md:13:1: warning[unsafe-link] the link target `javascript:window.xss='link'` could run a script; it is removed",
        ]
    );
    let pages = pages(site.path());
    assert!(pages.len() > 5);
    for (path, html) in &pages {
        for bad in RUNNABLE {
            assert!(!html.contains(bad), "{path} contains {bad}");
        }
    }
    let page = read(site.path().join("public/sop/payload/index.html"));
    assert!(
        page.contains("<p>欢迎<b>新人</b>入群，<img src=\"x\">请先读群规。</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p>点这里 不能运行，<a href=\"https://example.com\">官网</a> 可以。</p>")
    );
    assert!(page.contains("<title>&lt;img src=x onerror=&quot;window.xss=&#39;title&#39;&quot;&gt;入群欢迎 · 安全测试</title>"));
    assert!(!page.contains("以后补充"), "comments are removed");
    let glossary = read(site.path().join("public/glossary/index.html"));
    assert!(glossary.contains("<dd><p><img src=\"x\">一个人能维持稳定关系的人数上限，约 150。</p>"));
    let handbook = read(site.path().join("public/handbooks/h/index.html"));
    assert!(handbook.contains("&lt;script&gt;window.xss=&quot;handbook&quot;&lt;/script&gt;手册"));
    assert!(handbook.contains("<div class=\"cover-note\">封面说明。"));
}

#[test]
fn deny_makes_raw_html_and_script_links_errors_and_builds_nothing() {
    let site = with_policy(Some("deny"));
    let (code, out) = build(site.path());
    assert_eq!(code, Some(1), "{out}");
    let errors: Vec<&str> = out.lines().filter(|l| l.contains("error[")).collect();
    assert_eq!(
        errors,
        [
            "content/glossary.yaml:2:15: error[raw-html] raw HTML is not allowed on this site",
            "content/handbooks/h.yaml:3:3: error[raw-html] raw HTML is not allowed on this site",
            "content/sop/payload.md:9:1: error[raw-html] raw HTML is not allowed on this site",
            "content/sop/payload.md:11:3: error[raw-html] raw HTML is not allowed on this site",
            "content/sop/payload.md:11:15: error[raw-html] raw HTML is not allowed on this site",
            "content/sop/payload.md:13:1: error[unsafe-link] the link target `javascript:window.xss='link'` could run a script",
        ]
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn allow_trusts_the_body_but_never_front_matter_values() {
    let site = with_policy(Some("allow"));
    let (code, out) = build(site.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(
        !out.contains("raw-html") && !out.contains("unsafe-link"),
        "{out}"
    );
    let page = read(site.path().join("public/sop/payload/index.html"));
    assert!(page.contains("<script>window.xss = \"body\"</script>"));
    assert!(page.contains("<a href=\"javascript:window.xss=&#x27;link&#x27;\">点这里</a>"));
    assert!(page.contains("<title>&lt;img src=x onerror="));
}

#[test]
fn an_unknown_policy_is_an_error_at_its_value() {
    let site = with_policy(Some("maybe"));
    let (code, out) = build(site.path());
    assert_eq!(code, Some(1));
    assert!(
        out.contains(
            "quire.yaml:6:7: error[invalid-field] `html` must be `sanitize`, `deny` or `allow`"
        ),
        "{out}"
    );
}
