//! Raw HTML, heading attributes and script links under each `html` policy,
//! with XSS payloads in every place an author writes: the body, front-matter
//! values, a glossary definition, a handbook's title, cover note and chapter
//! title (`tests/fixtures/xss`); a fake script box made of the theme's
//! classes (`spoof.md`), app links beside raw HTML (`apps.md`) and tags that
//! used to swallow the rest of a page (`swallow.md`). The same site is
//! opened in Chromium by `tests/browser/xss.test.mjs`.

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
    (run.status.code(), stdout(&run))
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

/// Attributes that would run a handler without a click.
const RUNS_UNASKED: &[&str] = &["autofocus", "onfocus=", "onclick=\"window.xss", "tabindex="];

#[test]
fn sanitize_is_the_default_and_removes_what_runs_with_a_warning_at_each_place() {
    let site = with_policy(None);
    let (code, out) = build(site.path());
    assert_eq!(code, Some(0), "{out}");
    let warnings: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("warning[") && !l.contains("sop/swallow.md"))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/glossary.yaml:2:26: warning[raw-html] the `onerror` attribute of `<img>` is removed",
            "content/glossary.yaml:5:12: warning[unsafe-attribute] the heading attribute `tabindex` is removed; a heading keeps only its id and classes",
            "content/glossary.yaml:5:23: warning[unsafe-attribute] the heading attribute `autofocus` is removed; a heading keeps only its id and classes",
            "content/glossary.yaml:5:33: warning[unsafe-attribute] the heading attribute `onfocus` is removed; a heading keeps only its id and classes",
            "content/handbooks/h.yaml:3:3: warning[raw-html] `<iframe>` is removed from the page; its text stays",
            "content/handbooks/h.yaml:5:10: warning[unsafe-attribute] the heading attribute `tabindex` is removed; a heading keeps only its id and classes",
            "content/handbooks/h.yaml:5:21: warning[unsafe-attribute] the heading attribute `autofocus` is removed; a heading keeps only its id and classes",
            "content/handbooks/h.yaml:5:31: warning[unsafe-attribute] the heading attribute `onfocus` is removed; a heading keeps only its id and classes",
            "content/sop/apps.md:11:44: warning[raw-html] the `href` target of `<a>` is removed: quire does not link to `ms-msdt:` addresses",
            "content/sop/heading.md:5:8: warning[unsafe-attribute] the heading attribute `tabindex` is removed; a heading keeps only its id and classes",
            "content/sop/heading.md:5:19: warning[unsafe-attribute] the heading attribute `autofocus` is removed; a heading keeps only its id and classes",
            "content/sop/heading.md:5:29: warning[unsafe-attribute] the heading attribute `onfocus` is removed; a heading keeps only its id and classes",
            "content/sop/heading.md:9:21: warning[unsafe-attribute] the heading class `script` belongs to the theme; it is removed",
            "content/sop/heading.md:9:29: warning[unsafe-attribute] the heading attribute `onclick` is removed; a heading keeps only its id and classes",
            "content/sop/payload.md:9:1: warning[raw-html] `<script>` is removed from the page, with the 19 characters inside it",
            "content/sop/payload.md:11:28: warning[raw-html] the `onerror` attribute of `<img>` is removed",
            "content/sop/payload.md:13:1: warning[unsafe-link] the link target `javascript:window.xss='link'` is removed: `javascript:` addresses run scripts",
            "content/sop/spoof.md:7:9: warning[raw-html] the class `script` of `<figure>` belongs to the theme; it is removed",
            "content/sop/spoof.md:7:48: warning[raw-html] the class `skip` of `<span>` belongs to the theme; it is removed",
            "content/sop/spoof.md:7:107: warning[raw-html] `<button>` is removed from the page; its text stays",
        ]
    );
    let pages = pages(site.path());
    assert!(pages.len() > 5);
    for (path, html) in &pages {
        for bad in RUNNABLE.iter().chain(RUNS_UNASKED) {
            assert!(!html.contains(bad), "{path} contains {bad}");
        }
    }
    let page = read(site.path().join("public/sop/payload/index.html"));
    assert!(
        page.contains("<p>欢迎<b>新人</b>入群，<img src=\"../x\">请先读群规。</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p>点这里 不能运行，<a href=\"https://example.com\">官网</a> 可以。</p>")
    );
    assert!(page.contains("<title>&lt;img src=x onerror=&quot;window.xss=&#39;title&#39;&quot;&gt;入群欢迎 · 安全测试</title>"));
    assert!(!page.contains("以后补充"), "comments are removed");
    let glossary = read(site.path().join("public/glossary/index.html"));
    assert!(glossary.contains("<dd><p><img src=\"x\">一个人能维持稳定关系的人数上限，约 150。</p>"));
    assert!(glossary.contains("<h2 id=\"定义\">定义 "), "{glossary}");
    let handbook = read(site.path().join("public/handbooks/h/index.html"));
    assert!(handbook.contains("&lt;script&gt;window.xss=&quot;handbook&quot;&lt;/script&gt;手册"));
    assert!(handbook.contains("<div class=\"cover-note\">封面说明。"));
    assert!(handbook.contains("<h2 id=\"封面\">封面 "), "{handbook}");
}

#[test]
fn a_heading_keeps_its_id_and_plain_classes_and_nothing_that_runs() {
    let site = with_policy(None);
    let (code, out) = build(site.path());
    assert_eq!(code, Some(0), "{out}");
    let page = read(site.path().join("public/sop/heading/index.html"));
    assert!(
        page.contains("<h2 id=\"正文\">正文 <a class=\"anchor\""),
        "{page}"
    );
    assert!(
        page.contains("<h2 id=\"steps\" class=\"note\">步骤 <a class=\"anchor\""),
        "{page}"
    );
    // The print page places the same body under its own ids.
    let handbook = read(site.path().join("public/handbooks/h/index.html"));
    assert!(
        handbook.contains("<h3 id=\"s1-2-正文\">正文 "),
        "{handbook}"
    );
    assert!(
        handbook.contains("<h3 id=\"s1-2-steps\" class=\"note\">步骤 "),
        "{handbook}"
    );
}

#[test]
fn author_html_cannot_pass_for_the_theme_s_script_box() {
    let site = with_policy(None);
    let (code, out) = build(site.path());
    assert_eq!(code, Some(0), "{out}");
    let page = read(site.path().join("public/sop/spoof/index.html"));
    assert!(
        page.contains("<figure><pre><code>你好，欢迎入群<span>点击 http://phish.example/红包</span></code></pre>复制</figure>"),
        "the fake box loses the theme's classes and its button: {page}"
    );
    assert_eq!(
        page.matches("class=\"copy\"").count(),
        1,
        "only quire's own script has a button"
    );
    assert!(page.contains("<figure class=\"script\"><pre><code>欢迎入群，请先读群规</code></pre><button type=\"button\" class=\"copy\""));
}

#[test]
fn app_links_and_data_images_survive_raw_html_on_the_page() {
    let site = with_policy(None);
    let (code, out) = build(site.path());
    assert_eq!(code, Some(0), "{out}");
    let page = read(site.path().join("public/sop/apps/index.html"));
    for kept in [
        "<p>会议入口</p>",
        "<a href=\"weixin://dl/chat\">微信</a>",
        "<a href=\"zoommtg://zoom.us/join?confno=1\">腾讯会议</a>",
        "<a href=\"dingtalk://dingtalkclient/page/link\">钉钉</a>",
        "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"码\">",
        "<a href=\"weixin://dl/business\">企业微信</a> <a>诊断</a>",
    ] {
        assert!(page.contains(kept), "{kept} in {page}");
    }
}

/// Each element or attribute the sanitizer takes out of `swallow.md` has
/// its warning, and nothing else goes: every word of the page and every
/// section of its contents list is still there.
#[test]
fn what_is_removed_is_what_is_reported_and_nothing_swallows_the_rest() {
    let site = with_policy(None);
    let (code, out) = build(site.path());
    assert_eq!(code, Some(0), "{out}");
    let warnings: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("sop/swallow.md"))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/sop/swallow.md:7:1: warning[raw-html] `<video>` is removed from the page; its text stays",
            "content/sop/swallow.md:9:1: warning[raw-html] `<font>` is removed from the page; its text stays",
            "content/sop/swallow.md:11:6: warning[raw-html] the `align` attribute of `<div>` is removed",
            "content/sop/swallow.md:13:31: warning[raw-html] the `target` attribute of `<a>` is removed",
            "content/sop/swallow.md:17:8: warning[raw-html] `<template>` is removed from the page; it is never closed, so what follows it stays",
            "content/sop/swallow.md:21:19: warning[raw-html] `<textarea>` is removed from the page; its text stays",
            "content/sop/swallow.md:25:5: warning[raw-html] `<xmp>` is removed from the page; its text stays",
            "content/sop/swallow.md:35:1: warning[raw-html] `<textarea>` is removed from the page; its text stays",
        ]
    );
    let page = read(site.path().join("public/sop/swallow/index.html"));
    for text in [
        "<p>视频说明</p>",
        "<p>红字</p>",
        "<div>居中</div>",
        "<a href=\"https://example.com\">外站</a>",
        "<td>开头</td>",
        "发送 &lt;nickname&gt; 给新人，填写",
        "第三节。原样",
        "第四节。",
        "第五节。",
        "第六节。",
    ] {
        assert!(page.contains(text), "{text} in {page}");
    }
    // `<textarea>` alone on a line starts an HTML block that CommonMark
    // runs to the end of the page; the section after it is still a section.
    for id in ["一", "二", "三", "四", "五", "六"] {
        assert!(
            page.contains(&format!(">{id}</a></li>")),
            "contents list: {id}"
        );
        assert!(
            page.contains(&format!("<h2 id=\"{id}\">{id} ")),
            "section {id} in {page}"
        );
    }
}

#[test]
fn deny_makes_raw_html_and_script_links_errors_and_builds_nothing() {
    let site = with_policy(Some("deny"));
    let (code, out) = build(site.path());
    assert_eq!(code, Some(1), "{out}");
    let errors: Vec<&str> = out
        .lines()
        .filter(|l| {
            l.contains("error[")
                && !l.contains("apps.md")
                && !l.contains("spoof.md")
                && !l.contains("swallow.md")
        })
        .collect();
    assert_eq!(
        errors,
        [
            "content/glossary.yaml:2:15: error[raw-html] raw HTML is not allowed on this site",
            "content/glossary.yaml:5:12: error[unsafe-attribute] the heading attribute `tabindex` is not allowed on this site",
            "content/glossary.yaml:5:23: error[unsafe-attribute] the heading attribute `autofocus` is not allowed on this site",
            "content/glossary.yaml:5:33: error[unsafe-attribute] the heading attribute `onfocus` is not allowed on this site",
            "content/handbooks/h.yaml:3:3: error[raw-html] raw HTML is not allowed on this site",
            "content/handbooks/h.yaml:5:10: error[unsafe-attribute] the heading attribute `tabindex` is not allowed on this site",
            "content/handbooks/h.yaml:5:21: error[unsafe-attribute] the heading attribute `autofocus` is not allowed on this site",
            "content/handbooks/h.yaml:5:31: error[unsafe-attribute] the heading attribute `onfocus` is not allowed on this site",
            "content/sop/heading.md:5:8: error[unsafe-attribute] the heading attribute `tabindex` is not allowed on this site",
            "content/sop/heading.md:5:19: error[unsafe-attribute] the heading attribute `autofocus` is not allowed on this site",
            "content/sop/heading.md:5:29: error[unsafe-attribute] the heading attribute `onfocus` is not allowed on this site",
            "content/sop/heading.md:9:21: error[unsafe-attribute] the heading class `script` belongs to the theme",
            "content/sop/heading.md:9:29: error[unsafe-attribute] the heading attribute `onclick` is not allowed on this site",
            "content/sop/payload.md:9:1: error[raw-html] raw HTML is not allowed on this site",
            "content/sop/payload.md:11:3: error[raw-html] raw HTML is not allowed on this site",
            "content/sop/payload.md:11:15: error[raw-html] raw HTML is not allowed on this site",
            "content/sop/payload.md:13:1: error[unsafe-link] the link target `javascript:window.xss='link'` is not allowed: `javascript:` addresses run scripts",
        ]
    );
    assert!(
        out.contains(
            "content/sop/spoof.md:7:107: error[raw-html] raw HTML is not allowed on this site"
        ),
        "one error per start tag: {out}"
    );
    assert!(!site.path().join("public").exists());
}

/// The index puts its data in `window` only for a page of its own origin
/// (a page of another site may load it with `<script src>`); Chromium
/// checks the behaviour in `tests/browser/xss.test.mjs`.
#[test]
fn the_search_index_checks_who_loads_it_before_handing_over_its_data() {
    let site = with_policy(None);
    let (code, out) = build(site.path());
    assert_eq!(code, Some(0), "{out}");
    let index = read(site.path().join("public/search-index.js"));
    let check = index
        .find("u.origin!==location.origin)return;")
        .expect("origin check");
    let data = index.find("window.quireSearchIndex=").expect("hand-over");
    assert!(
        index.starts_with("(function(){var s=document.currentScript"),
        "{index}"
    );
    assert!(check < data && index.ends_with("]}})();\n"));
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
            "quire.yaml:6:7: error[unknown-value] `html` must be `sanitize`, `deny` or `allow`"
        ),
        "{out}"
    );
}
