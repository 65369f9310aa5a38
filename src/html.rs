//! Raw HTML and script links written by authors, and what of them reaches a
//! page under the site's `html` policy.
//!
//! A training site is written by many hands and read by everyone in the
//! company, so the default, `sanitize`, lets through only HTML that cannot
//! run anything: the page's HTML is passed through an allow-list sanitizer
//! (ammonia) whenever its Markdown holds raw HTML, and links whose scheme
//! could run script (`javascript:`, `data:`, …) lose their target. `deny`
//! makes raw HTML and such links errors; `allow` trusts every author.
//!
//! Enforcement happens where pages are rendered ([`clean`], [`safe_url`]);
//! [`check`] only reports, so that authors learn what was removed and where.

use std::ops::Range;
use std::sync::OnceLock;

use crate::diagnostic::Diagnostic;
use crate::outline::Outline;
use crate::parse::Playbook;
use crate::site::Site;
use crate::source::SourceFile;

/// What happens to raw HTML and script links in Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Policy {
    /// Keep safe HTML, remove scripts, event handlers and script links, warn.
    #[default]
    Sanitize,
    /// Raw HTML and script links are errors.
    Deny,
    /// Everything passes through as written.
    Allow,
}

impl Policy {
    pub fn from_name(name: &str) -> Option<Policy> {
        match name {
            "sanitize" => Some(Policy::Sanitize),
            "deny" => Some(Policy::Deny),
            "allow" => Some(Policy::Allow),
            _ => None,
        }
    }
}

/// The most tags of raw HTML a page may hold for `sanitize` to clean it.
/// The HTML parser under the sanitizer slows with the square of nesting
/// (100,000 nested `<div>`s took 38 s); past this, a page's raw HTML is
/// left out instead, with a warning.
pub const MAX_TAGS: usize = 10_000;

/// How many tags there are in some raw HTML, as near as `<` tells.
pub fn tags(html: &str) -> usize {
    html.bytes().filter(|&b| b == b'<').count()
}

/// Can a link or image with this destination be followed without running
/// anything? Every scheme can but the script ones (`javascript:`,
/// `vbscript:`) and `data:`, which can carry a page of its own; images
/// embedded as `data:image/png` and the like are fine. Other schemes stay:
/// handbooks link to apps (`weixin://`, `tel:`, `zoommtg://`).
pub fn safe_url(url: &str, image: bool) -> bool {
    // Browsers ignore leading spaces and controls, and tabs and newlines
    // anywhere: `java\tscript:` is still `javascript:`.
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(64)
        .collect();
    let Some(colon) = url.find(':') else {
        return true;
    };
    if url[..colon].contains(['/', '?', '#']) {
        return true; // the colon is in a path, a query or a fragment
    }
    let scheme = url[..colon].to_ascii_lowercase();
    match scheme.as_str() {
        "javascript" | "vbscript" | "livescript" => false,
        "data" => {
            image && {
                let rest = url[colon + 1..].to_ascii_lowercase();
                ["image/png", "image/jpeg", "image/gif", "image/webp"]
                    .iter()
                    .any(|t| rest.starts_with(t))
            }
        }
        _ => true,
    }
}

/// A page body's HTML with everything that could run removed. The allow
/// list covers what Markdown and quire itself produce (headings with ids,
/// tables, footnotes, task lists, callouts, script boxes with their copy
/// buttons), so only what an author wrote by hand can lose anything.
pub fn clean(html: &str) -> String {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER
        .get_or_init(|| {
            let mut b = ammonia::Builder::default();
            b.add_tags(["button", "input", "section"])
                .add_generic_attributes([
                    "id",
                    "class",
                    "title",
                    "lang",
                    "dir",
                    "role",
                    "aria-label",
                    "aria-hidden",
                ])
                .add_tag_attributes("button", ["type", "data-copied"])
                .add_tag_attributes("input", ["type", "checked", "disabled"])
                .add_tag_attributes("th", ["style"])
                .add_tag_attributes("td", ["style"])
                .add_tag_attributes("ol", ["start"])
                .link_rel(None)
                .attribute_filter(|tag, attribute, value| match (tag, attribute) {
                    // Table alignment is the only style Markdown writes.
                    (_, "style") => [
                        "text-align: left",
                        "text-align: center",
                        "text-align: right",
                    ]
                    .contains(&value)
                    .then_some(value.into()),
                    ("input", "type") => (value == "checkbox").then_some(value.into()),
                    ("button", "type") => (value == "button").then_some(value.into()),
                    ("img", "src") if !safe_url(value, true) => None,
                    _ => Some(value.into()),
                });
            b
        })
        .clean(html)
        .to_string()
}

/// Reports, under `policy`, the raw HTML and script links in a playbook's
/// body: errors under `deny`, warnings for what `sanitize` removes.
pub fn check(p: &Playbook, outline: &Outline, policy: Policy, diags: &mut Vec<Diagnostic>) {
    for (code, range, message, help) in findings(outline, policy) {
        let range = p.file_range(range);
        diags.push(
            Diagnostic::at(severity(policy), code, &p.source, range, message).with_help(help),
        );
    }
}

/// Reports, like [`check`], on the Markdown snippets of the site's YAML
/// files: glossary definitions, handbook cover notes and chapter intros.
pub fn check_snippets(site: &Site, diags: &mut Vec<Diagnostic>) {
    if site.config.html == Policy::Allow {
        return;
    }
    if let Some(source) = &site.glossary_source {
        for term in &site.glossary {
            check_snippet(
                source,
                term.offset,
                &term.definition,
                site.config.html,
                diags,
            );
        }
    }
    for h in &site.handbooks {
        let snippets = h
            .cover_note
            .iter()
            .chain(h.chapters.iter().filter_map(|c| c.intro.as_ref()));
        for text in snippets {
            check_snippet(&h.source, 0, text, site.config.html, diags);
        }
    }
}

/// A snippet's findings, placed exactly when its text stands in the file as
/// written (a plain or literal value), else at the start of its value.
fn check_snippet(
    source: &SourceFile,
    from: usize,
    text: &str,
    policy: Policy,
    diags: &mut Vec<Diagnostic>,
) {
    let found = findings(&crate::outline::outline(text), policy);
    if found.is_empty() {
        return;
    }
    let first_line = text.lines().next().unwrap_or("");
    let start = source.text[from.min(source.text.len())..]
        .find(first_line)
        .map_or(from, |i| from + i);
    let verbatim = source.text[start..].starts_with(text);
    for (code, range, message, help) in found {
        let range = if verbatim {
            start + range.start..start + range.end
        } else {
            start..start + first_line.len().max(1)
        };
        diags.push(Diagnostic::at(severity(policy), code, source, range, message).with_help(help));
    }
}

type Finding = (&'static str, Range<usize>, String, &'static str);

fn findings(outline: &Outline, policy: Policy) -> Vec<Finding> {
    let mut found = Vec::new();
    if policy == Policy::Allow {
        return found;
    }
    let total: usize = outline.raw_html.iter().map(|h| tags(&h.text)).sum();
    if policy == Policy::Sanitize && total > MAX_TAGS {
        found.push((
            "raw-html",
            outline.raw_html[0].range.clone(),
            format!("the page holds {total} HTML tags, more than the {MAX_TAGS} quire sanitizes; its raw HTML is left out"),
            "write it in Markdown; quire.yaml's `html` setting says what raw HTML may do",
        ));
        return found;
    }
    for html in &outline.raw_html {
        let problem = match policy {
            // One report per element: its opening tag.
            Policy::Deny => {
                let text = html.text.trim_start();
                (text.starts_with('<') && !text.starts_with("</"))
                    .then(|| "raw HTML is not allowed on this site".to_string())
            }
            _ => unsafe_part(&html.text).map(|part| format!("{part} is removed from the page")),
        };
        if let Some(message) = problem {
            found.push((
                "raw-html",
                html.range.clone(),
                message,
                "write it in Markdown; quire.yaml's `html` setting says what raw HTML may do",
            ));
        }
    }
    let links = outline.links.iter().map(|l| (l, false));
    for (link, image) in links.chain(outline.images.iter().map(|l| (l, true))) {
        // Wikilinks name pages and terms; one that names nothing is a broken link.
        if !link.wiki && !safe_url(&link.dest, image) {
            let shown: String = link.dest.chars().take(40).collect();
            found.push((
                "unsafe-link",
                link.range.clone(),
                match policy {
                    Policy::Deny => format!("the link target `{shown}` could run a script"),
                    _ => format!("the link target `{shown}` could run a script; it is removed"),
                },
                "links may go anywhere but `javascript:`, `vbscript:` and `data:` addresses",
            ));
        }
    }
    found
}

fn severity(policy: Policy) -> crate::diagnostic::Severity {
    match policy {
        Policy::Deny => crate::diagnostic::Severity::Error,
        _ => crate::diagnostic::Severity::Warning,
    }
}

/// Tags that the sanitizer removes with everything in them, or that could
/// load or run something.
const UNSAFE_TAGS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
    "textarea", "select", "link", "meta", "base", "svg", "math", "template", "noscript",
];

/// The first thing in an HTML fragment that sanitizing removes and an
/// author would miss: a script-like tag, an event handler, a style, or a
/// script URL. This is a report only; [`clean`] is what enforces.
fn unsafe_part(fragment: &str) -> Option<String> {
    let lower = fragment.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        if name.is_empty() {
            continue;
        }
        if UNSAFE_TAGS.contains(&name) {
            return Some(format!("`<{name}>`"));
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let attributes = &rest[name_len..end];
        for (name, value) in attribute_pairs(attributes) {
            if name.starts_with("on") || name == "style" || name == "srcdoc" {
                return Some(format!("the `{name}` attribute"));
            }
            if matches!(
                name,
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) && !safe_url(value, name == "src")
            {
                return Some(format!("the `{name}` target"));
            }
        }
        rest = &rest[end..];
    }
    None
}

/// `name="value"` pairs of a tag's attribute text, loosely, as browsers read them.
fn attribute_pairs(mut text: &str) -> Vec<(&str, &str)> {
    let mut pairs = Vec::new();
    loop {
        text = text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if text.is_empty() {
            return pairs;
        }
        let name_end = text
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(text.len());
        let name = &text[..name_end];
        text = text[name_end..].trim_start();
        let mut value = "";
        if let Some(after) = text.strip_prefix('=') {
            let after = after.trim_start();
            let (v, rest) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let close = inner.find(q).unwrap_or(inner.len());
                    (&inner[..close], &inner[(close + 1).min(inner.len())..])
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v;
            text = rest;
        }
        if name_end == 0 && value.is_empty() {
            // A stray `=` or quote: skip a character so the loop moves on.
            text = &text[text.chars().next().map_or(0, char::len_utf8)..];
            continue;
        }
        pairs.push((name, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_recognised_however_they_are_written() {
        for url in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:x",
            "vbscript:x",
            "data:text/html,<script>",
        ] {
            assert!(!safe_url(url, false), "{url:?}");
        }
        for url in [
            "../sop/a/index.html",
            "#步骤",
            "https://example.com/a:b",
            "mailto:a@b.c",
            "a/b:c",
            "?x=javascript:1",
            "weixin://dl/chat",
            "term:社群",
            "",
        ] {
            assert!(safe_url(url, false), "{url:?}");
        }
        assert!(safe_url("data:image/png;base64,AAAA", true));
        assert!(!safe_url("data:image/svg+xml,<svg onload=x>", true));
        assert!(!safe_url("data:image/png;base64,AAAA", false));
    }

    #[test]
    fn sanitizing_removes_what_runs_and_keeps_what_markdown_makes() {
        let kept = concat!(
            "<h2 id=\"步骤\">步骤 <a class=\"anchor\" href=\"#步骤\" aria-label=\"链接\">#</a></h2>\n",
            "<table><thead><tr><th style=\"text-align: center\">时间</th></tr></thead></table>\n",
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\">\n完成</li>\n</ul>\n",
            "<figure class=\"script\"><pre><code>你好</code></pre><button type=\"button\" class=\"copy\" data-copied=\"已复制\">复制</button></figure>\n",
            "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">提示</p></div>\n",
            "<p><a href=\"../sop/a/index.html\" title=\"x\">a</a><sup>1</sup><br><kbd>Ctrl</kbd></p>\n",
        );
        assert_eq!(clean(kept), kept);
        assert_eq!(
            clean("<p onclick=\"x()\">a<script>alert(1)</script><a href=\"javascript:x\">b</a><img src=x onerror=alert(1)></p><style>*{}</style><iframe src=\"https://x\"></iframe><td style=\"color:red\">"),
            "<p>a<a>b</a><img src=\"x\"></p>",
        );
    }

    #[test]
    fn the_report_names_what_sanitizing_removes() {
        assert_eq!(
            unsafe_part("<script>alert(1)</script>").as_deref(),
            Some("`<script>`")
        );
        assert_eq!(
            unsafe_part("<img src=x onerror=alert(1)>").as_deref(),
            Some("the `onerror` attribute")
        );
        assert_eq!(
            unsafe_part("<a href='javascript:x'>").as_deref(),
            Some("the `href` target")
        );
        assert_eq!(
            unsafe_part("<SPAN Style=\"x\">").as_deref(),
            Some("the `style` attribute")
        );
        for benign in [
            "<br>",
            "<sup>1</sup>",
            "</b>",
            "<a href=\"https://a\" title=b>",
            "<",
            "< >",
            "<x ='\"",
            "<!-- 注释 -->",
        ] {
            assert_eq!(unsafe_part(benign), None, "{benign}");
        }
    }
}
