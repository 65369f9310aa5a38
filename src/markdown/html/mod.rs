//! Raw HTML, heading attributes and link targets written by authors, and
//! what of them reaches a page under the site's `html` policy.
//!
//! A training site is written by many hands and read by everyone in the
//! company, so the default, `sanitize`, lets through only what cannot run
//! anything or pass for the theme's own controls:
//!
//! - raw HTML is rewritten tag by tag ([`tags::filter`]) into allowed
//!   elements with allowed attributes, classes and ids the theme does not
//!   use; anything else is removed or shown as text;
//! - a heading's `{…}` keeps its id and plain classes, nothing else;
//! - a link or image whose address is not one of [`SCHEMES`] (or, for an
//!   image, a raster `data:` image) keeps its text and loses its target.
//!
//! `deny` makes each of these an error; `allow` trusts every author and
//! passes them through as written.
//!
//! Of the events pulldown-cmark 0.13 produces with [`crate::markdown::options`],
//! only raw HTML (`Html`, `InlineHtml`) and a heading's classes and
//! attributes let an author write markup; [`guard`] handles those. Link and
//! image targets go through [`safe_url`] in `markdown::prepare`. Everything
//! else is written escaped by pulldown-cmark's HTML writer: text and code,
//! link and image titles and alt text, heading ids, a code block's language
//! (as `class="language-…"`, a name the theme does not use), footnote labels,
//! table alignment, task-list boxes, definition lists and callouts (written
//! by quire). Metadata blocks, math, super- and subscript are not switched
//! on; switching one on means reading it here first.
//!
//! One function decides and reports: [`guard`] runs over a body's events
//! both when a page is prepared (for every output) and when `quire check`
//! reports, so each diagnostic names exactly what the page lost. [`clean`]
//! then passes a page that had raw HTML through ammonia, with the same
//! lists, as a second line behind it.

mod guard;
mod images;
mod names;
mod tags;
mod token;

pub use guard::{guard, Finding};
pub use images::{image_refs, raw_images, resolve_images, RawImage};
pub use names::{is_plain_name, theme_owned};

/// Whether `name` (lowercase) is an element of HTML, current or obsolete.
pub fn is_html_element(name: &str) -> bool {
    tags::known(name)
}

use crate::base::i18n::Text;
use std::sync::OnceLock;

use crate::base::codes::Code;
use crate::markdown::outline::Outline;

/// What happens to raw HTML, heading attributes and script links in Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Policy {
    /// Keep safe HTML, remove what could run or imitate the theme, warn.
    #[default]
    Sanitize,
    /// Raw HTML, unsafe attributes and script links are errors.
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

/// The schemes a link may use, in Markdown and in raw HTML alike: the web,
/// mail and phone, the common internet ones, and the apps Chinese
/// operations teams link to (WeChat, WeCom, DingTalk, Feishu, Zoom,
/// Tencent Meeting, QQ, Alipay, Taobao, Weibo). `data:` is allowed only
/// for raster images ([`safe_url`]).
pub const SCHEMES: &[&str] = &[
    "http",
    "https",
    "mailto",
    "tel",
    "sms",
    "smsto",
    "ftp",
    "ftps",
    "geo",
    "im",
    "irc",
    "ircs",
    "magnet",
    "mms",
    "news",
    "nntp",
    "sip",
    "ssh",
    "webcal",
    "xmpp",
    "weixin",
    "wxwork",
    "dingtalk",
    "feishu",
    "lark",
    "zoommtg",
    "zoomus",
    "tencentmeeting",
    "wemeet",
    "mqq",
    "mqqapi",
    "alipays",
    "alipay",
    "taobao",
    "sinaweibo",
];

/// Image types a `data:` image may have.
const DATA_IMAGES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// An address as a browser reads it: leading spaces and controls dropped,
/// tabs and newlines removed anywhere (`java\tscript:` is `javascript:`),
/// and its scheme, if it has one.
fn scheme_of(url: &str) -> (Option<String>, String) {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(64)
        .collect();
    let scheme = url.find(':').and_then(|colon| {
        let s = &url[..colon];
        // Anything else before the colon makes it a path (`a/b:c`, `注意:看`).
        let valid = s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        valid.then(|| s.to_ascii_lowercase())
    });
    (scheme, url)
}

/// May a link (or, with `image`, an image) lead here? Addresses without a
/// scheme (pages, anchors, files of the site) may; with a scheme, only one
/// of [`SCHEMES`], and `data:` only for an image of a raster type.
pub fn safe_url(url: &str, image: bool) -> bool {
    let (scheme, url) = scheme_of(url);
    match scheme.as_deref() {
        None => true,
        Some("data") => {
            image && {
                let rest = url["data:".len()..].to_ascii_lowercase();
                DATA_IMAGES.iter().any(|t| rest.starts_with(t))
            }
        }
        Some(s) => SCHEMES.contains(&s),
    }
}

/// Why [`safe_url`] refuses an address, for a diagnostic.
pub fn url_problem(url: &str) -> Text {
    match scheme_of(url).0.as_deref() {
        Some(s @ ("javascript" | "vbscript" | "livescript")) => {
            crate::tr!("`{s}:` 地址会运行脚本", "`{s}:` addresses run scripts")
        }
        Some("data") => crate::tr!(
            "`data:` 地址只能是 PNG、JPEG、GIF 或 WebP 图片",
            "a `data:` address may only be a PNG, JPEG, GIF or WebP image"
        ),
        Some(s) => crate::tr!(
            "quire 不链接到 `{s}:` 地址",
            "quire does not link to `{s}:` addresses"
        ),
        None => crate::tr!("这不是一个地址", "it is not an address"),
    }
}

/// A page body's HTML passed through ammonia, with the lists [`guard`]
/// enforces on author HTML plus what quire itself writes (headings with
/// ids, tables, footnotes, task lists, callouts, script boxes with their
/// copy buttons). After [`guard`], it finds nothing more to remove; it is
/// there so that a mistake in one is not a hole.
pub fn clean(html: &str) -> String {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER
        .get_or_init(|| {
            let mut b = ammonia::Builder::default();
            let mut tag_attributes: std::collections::HashMap<&str, Vec<&str>> =
                tags::TAG_ATTRIBUTES
                    .iter()
                    .map(|(t, a)| (*t, a.to_vec()))
                    .collect();
            for (tag, attrs) in [
                ("button", &["type", "data-copied"][..]),
                ("input", &["type", "checked", "disabled"]),
                ("th", &["style"]),
                ("td", &["style"]),
                // `???+` admonitions start open.
                ("details", &["open"]),
            ] {
                tag_attributes.entry(tag).or_default().extend(attrs);
            }
            b.tags(
                tags::TAGS
                    .iter()
                    .copied()
                    .chain(["button", "input"])
                    .collect(),
            )
            .generic_attributes(
                tags::GENERIC_ATTRIBUTES
                    .iter()
                    .copied()
                    .chain(["role", "aria-label", "aria-hidden"])
                    .collect(),
            )
            .tag_attributes(
                tag_attributes
                    .into_iter()
                    .map(|(t, a)| (t, a.into_iter().collect()))
                    .collect(),
            )
            .url_schemes(SCHEMES.iter().copied().chain(["data"]).collect())
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
                (_, "href" | "src" | "cite") => {
                    safe_url(value, tag == "img" && attribute == "src").then_some(value.into())
                }
                _ => Some(value.into()),
            });
            b
        })
        .clean(html)
        .to_string()
}

/// Everything `policy` takes out of the Markdown `text`, in order.
pub fn findings(text: &str, outline: &Outline, policy: Policy) -> Vec<Finding> {
    if policy == Policy::Allow {
        return Vec::new();
    }
    // Only a body with raw HTML (comments included) or a heading's `{…}`
    // is read again; the rest are on the fast path.
    let heading_braces = outline
        .sections
        .iter()
        .any(|s| text.get(s.range.clone()).is_some_and(|h| h.contains('{')));
    let mut found = if !outline.raw_html.is_empty()
        || heading_braces
        || memchr::memmem::find(text.as_bytes(), b"<!--").is_some()
    {
        let events = crate::markdown::events(text);
        guard(events, text, policy).1
    } else {
        Vec::new()
    };
    let links = outline.links.iter().map(|l| (l, false));
    for (link, image) in links.chain(outline.images.iter().map(|l| (l, true))) {
        // Wikilinks name pages and terms; one that names nothing is a broken link.
        if !link.wiki && !safe_url(&link.dest, image) {
            let shown: String = link.dest.chars().take(40).collect();
            let why = url_problem(&link.dest);
            found.push((
                Code::UnsafeLink,
                link.range.clone(),
                match policy {
                    Policy::Deny => crate::tr!(
                        "不允许链接到 `{shown}`：{}",
                        "the link target `{shown}` is not allowed: {}",
                        why
                    ),
                    _ => crate::tr!(
                        "链接目标 `{shown}` 已去掉：{}",
                        "the link target `{shown}` is removed: {}",
                        why
                    ),
                },
                crate::tr!("链接可以指向站点里的页面和文件、网页、邮箱、电话，以及 docs/diagnostics.md 列出的应用", "links may go to pages and files of the site, the web, mail, phones and the apps docs/diagnostics.md lists"),
            ));
        }
    }
    found.sort_by_key(|f| f.1.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_list_of_schemes_decides_every_address() {
        for url in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:x",
            "vbscript:x",
            "data:text/html,<script>",
            "ms-msdt:/id",
            "file:///etc/passwd",
        ] {
            assert!(!safe_url(url, false), "{url:?}");
        }
        for url in [
            "../sop/a/index.html",
            "#步骤",
            "https://example.com/a:b",
            "mailto:a@b.c",
            "a/b:c",
            "注意:看",
            "?x=javascript:1",
            "weixin://dl/chat",
            "zoommtg://zoom.us/join?confno=1",
            "dingtalk://dingtalkclient/page/link",
            "tel:10086",
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
            "<h2 id=\"步骤\" class=\"note\">步骤 <a class=\"anchor\" href=\"#步骤\" aria-label=\"链接\">#</a></h2>\n",
            "<table><thead><tr><th style=\"text-align: center\">时间</th></tr></thead></table>\n",
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\">\n完成</li>\n</ul>\n",
            "<figure class=\"script\"><pre><code>你好</code></pre><button type=\"button\" class=\"copy\" data-copied=\"已复制\">复制</button></figure>\n",
            "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">提示</p></div>\n",
            "<p><a href=\"../sop/a/index.html\" title=\"x\">a</a><sup>1</sup><br><kbd>Ctrl</kbd></p>\n",
            "<p><a href=\"weixin://dl/chat\">微信</a><a href=\"zoommtg://zoom.us/join\">会议</a><img src=\"data:image/png;base64,AAAA\"></p>\n",
        );
        assert_eq!(clean(kept), kept);
        assert_eq!(
            clean("<p onclick=\"x()\">a<script>alert(1)</script><a href=\"javascript:x\">b</a><img src=x onerror=alert(1)></p><style>*{}</style><iframe src=\"https://x\"></iframe><td style=\"color:red\">"),
            "<p>a<a>b</a><img src=\"x\"></p>",
        );
    }

    /// Whatever `guard` leaves of author HTML, ammonia leaves as it is: the
    /// two agree, so what `quire check` reports is all a page loses.
    #[test]
    fn the_sanitizer_finds_nothing_more_after_the_guard() {
        for run in [
            "<div align=center class=\"script note\" id=\"x\"><font color=red>红</font></div>",
            "<video src=a.mp4>视频</video><a href=\"weixin://dl\" target=_blank>微信</a>",
            "<img src=\"data:image/png;base64,AA\" alt=图 width=10><a href=\"java&#115;cript:x\">a</a>",
            "<table><tbody><tr><td><template><b>粗</b></td></tr></tbody></table>",
            "<p title='a\"b' lang=en dir=rtl>x</p><q cite=\"https://a\">引</q>",
        ] {
            let html: String = tags::filter(run)
                .0
                .into_iter()
                .map(|p| match p {
                    tags::Piece::Html(h) => h,
                    tags::Piece::Text(t, _) => crate::markdown::escape_attr(&t),
                })
                .collect();
            assert_eq!(clean(&html), html, "{run}");
        }
    }
}
