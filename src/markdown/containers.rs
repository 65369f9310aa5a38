//! `:::` containers, as VitePress, VuePress and Docusaurus write them
//! (`::: tip 标题`, `:::warning`, `:::danger[标题]`, `::: details 点击展开`,
//! `::::` around `:::` to nest), read as the callouts `> [!TIP]` makes.
//!
//! [`crate::markdown::events`] blanks each fence line with spaces before
//! it parses (so every byte keeps its offset and the content is parsed as
//! the Markdown it is), then [`wrap`] puts the container's events around
//! the blocks between its fences: a title marker and a
//! `Tag::BlockQuote(Some(kind))`, which every output already shows as a
//! callout. A type quire does not know (`::: code-group`) keeps its
//! content, without a box, and is reported.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use crate::base::codes::Code;
use crate::base::i18n::{self, Language};
use crate::markdown::Finding;

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Starts the text of the `Event::InlineMath` put before a container's
/// block quote: `"\0container:tip\0自定义标题"`. The parser never makes
/// math (the option is off) nor NUL characters, so it is only ever ours.
pub const MARKER: &str = "\0container:";

/// Starts the marker of an MkDocs admonition ([`crate::markdown::admonitions`]):
/// `"\0admonition:tip\0open\0+标题"`, its fold (empty, `closed`, `open`)
/// and `+` before its title, or `-` for none.
pub const ADMONITION: &str = "\0admonition:";

/// The types quire shows: the name written, the callout it is, its class
/// (`callout-info`) and its default title's interface string.
const TYPES: &[(&str, BlockQuoteKind, &str, &str)] = &[
    ("note", BlockQuoteKind::Note, "note", "callout_note"),
    ("info", BlockQuoteKind::Note, "info", "callout_info"),
    ("tip", BlockQuoteKind::Tip, "tip", "callout_tip"),
    (
        "important",
        BlockQuoteKind::Important,
        "important",
        "callout_important",
    ),
    (
        "warning",
        BlockQuoteKind::Warning,
        "warning",
        "callout_warning",
    ),
    (
        "caution",
        BlockQuoteKind::Caution,
        "caution",
        "callout_caution",
    ),
    (
        "danger",
        BlockQuoteKind::Caution,
        "danger",
        "callout_danger",
    ),
    (
        "details",
        BlockQuoteKind::Note,
        "details",
        "callout_details",
    ),
    // Only MkDocs admonitions (`!!! quote`) are shown as it.
    ("quote", BlockQuoteKind::Note, "quote", "callout_quote"),
];

/// One container as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    /// The opening fence line, without its line end.
    pub open: Range<usize>,
    /// The closing fence line, if it comes.
    pub close: Option<Range<usize>>,
    colons: usize,
    /// The spaces before the fence: more than three inside a list item.
    indent: usize,
    /// The type as written, lowercased (`tip`, `code-group`).
    pub name: String,
    /// The title written after the type, if any.
    pub title: Option<String>,
    /// Its entry in [`TYPES`], or `None` for a type quire does not know.
    known: Option<usize>,
}

/// The containers of `body`, in the order they open. A fence is a line of
/// three or more colons (indented as a list item's text inside one), outside code
/// (`in_code` says whether an offset is in a code block or span); a
/// closing line needs at least as many colons as its opening, as
/// markdown-it-container reads them.
pub fn scan(body: &str, in_code: impl Fn(usize) -> bool) -> Vec<Container> {
    if memchr::memmem::find(body.as_bytes(), b":::").is_none() {
        return Vec::new();
    }
    let mut out: Vec<Container> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        let indent = text.len() - text.trim_start_matches(' ').len();
        let t = &text[indent..];
        // Indented further, a fence is inside a list item (indented code
        // is `in_code`), and closes only at its own indent.
        if !t.starts_with(":::") || in_code(start + indent) {
            continue;
        }
        let colons = t.bytes().take_while(|&b| b == b':').count();
        let rest = t[colons..].trim();
        let range = start + indent..start + text.len();
        if rest.is_empty() {
            if let Some(&top) = open.last() {
                let nested = |i: usize| if i > 3 { Some(i) } else { None };
                if out[top].colons <= colons && nested(out[top].indent) == nested(indent) {
                    out[top].close = Some(range);
                    open.pop();
                }
            }
            continue;
        }
        let Some((name, title)) = opening(rest) else {
            continue;
        };
        let known = TYPES
            .iter()
            .position(|(n, ..)| *n == name)
            .filter(|&k| TYPES[k].0 != "quote");
        open.push(out.len());
        out.push(Container {
            open: range,
            close: None,
            colons,
            indent,
            name,
            title,
            known,
        });
    }
    out
}

impl Container {
    /// Whether it is drawn as a box: a known type, closed when it is in a
    /// list item (its end would otherwise fall outside the item).
    fn boxed(&self) -> Option<usize> {
        self.known
            .filter(|_| self.indent <= 3 || self.close.is_some())
    }
}

/// The type and title after an opening fence's colons: `tip 标题`,
/// `danger[标题]`, `details 点击展开`, Pandoc's `{.warning}`.
fn opening(rest: &str) -> Option<(String, Option<String>)> {
    let rest = match rest.strip_prefix('{') {
        // A Pandoc fenced div names its class: `::: {.warning}`.
        Some(attrs) => attrs.trim_start().strip_prefix('.')?,
        None => rest,
    };
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let name = rest[..end].to_ascii_lowercase();
    let after = rest[end..].trim();
    let title = match after.strip_prefix('[') {
        Some(t) => t.split_once(']').map(|(t, _)| t),
        // Attributes (`{open}`, `{.x}`) are no title.
        None => Some(after.split('{').next().unwrap_or("").trim_end_matches('}')),
    }
    .map(str::trim)
    .filter(|t| !t.is_empty())
    .map(str::to_string);
    Some((name, title))
}

/// The byte ranges of the fence lines quire reads (every container's,
/// known or not), for blanking before the body is parsed.
pub fn fences(containers: &[Container]) -> impl Iterator<Item = Range<usize>> + '_ {
    containers
        .iter()
        .flat_map(|c| std::iter::once(c.open.clone()).chain(c.close.clone()))
}

/// Puts each known container's events around the top-level blocks between
/// its fences. Every insertion is between top-level blocks, so tags stay
/// balanced whatever the blocks are; one never closed runs to `end`.
pub fn wrap<'a>(
    events: Vec<Spanned<'a>>,
    containers: &[Container],
    end: usize,
) -> Vec<Spanned<'a>> {
    // (offset, order among equal offsets, inside a list item, events)
    let mut inserts: Vec<(usize, usize, bool, Vec<Spanned<'a>>)> = Vec::new();
    for c in containers {
        let Some(k) = c.boxed() else { continue };
        let (name, kind, ..) = TYPES[k];
        let close = c.close.clone().unwrap_or(end..end);
        let marker = format!("{MARKER}{name}\0{}", c.title.as_deref().unwrap_or(""));
        let nested = c.indent > 3;
        inserts.push((
            c.open.start,
            0,
            nested,
            vec![
                (Event::InlineMath(CowStr::from(marker)), c.open.clone()),
                (
                    Event::Start(Tag::BlockQuote(Some(kind))),
                    c.open.start..close.end,
                ),
            ],
        ));
        // Containers left open all close at the end, the innermost first.
        inserts.push((
            close.start,
            usize::MAX - c.open.start,
            nested,
            vec![(Event::End(TagEnd::BlockQuote(Some(kind))), close)],
        ));
    }
    if inserts.is_empty() {
        return events;
    }
    inserts.sort_by_key(|(at, order, ..)| (*at, *order));
    let runs = inserts
        .into_iter()
        .map(|(at, _, nested, add)| (at, nested, add))
        .collect();
    insert_between_blocks(events, runs)
}

/// Puts each run of events (runs in order) before the first block that
/// starts at or after its offset, so tags stay balanced: at the top level,
/// or, for a run that was indented (a box in a list item), also
/// inside a list item or quote, or at the end of the one it is in.
pub(crate) fn insert_between_blocks<'a>(
    events: Vec<Spanned<'a>>,
    runs: Vec<(usize, bool, Vec<Spanned<'a>>)>,
) -> Vec<Spanned<'a>> {
    let mut runs = runs.into_iter().peekable();
    let mut out = Vec::with_capacity(events.len());
    // Whether each open tag holds blocks a box may sit between.
    let mut open: Vec<bool> = Vec::new();
    for (event, range) in events {
        let in_blocks = open.last().copied();
        match &event {
            Event::End(_) => {
                if in_blocks == Some(true) {
                    while let Some((_, _, add)) =
                        runs.next_if(|(at, nested, _)| *nested && *at < range.end)
                    {
                        out.extend(add);
                    }
                }
            }
            _ => {
                while let Some((_, _, add)) = runs.next_if(|(at, nested, _)| {
                    *at <= range.start
                        && (in_blocks.is_none() || (*nested && in_blocks == Some(true)))
                }) {
                    out.extend(add);
                }
            }
        }
        match &event {
            Event::Start(tag) => open.push(matches!(tag, Tag::Item | Tag::BlockQuote(_))),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
        out.push((event, range));
    }
    out.extend(runs.flat_map(|(_, _, add)| add));
    out
}

/// What a container marker asks the page to show.
pub struct Shown<'a> {
    /// The class after `callout-`.
    pub class: &'static str,
    /// A `details` container or a `???` admonition, which folds.
    pub details: bool,
    /// Folds, but open at first (`???+`).
    pub open: bool,
    /// `None` for no title (`!!! note ""`).
    pub title: Option<Cow<'a, str>>,
}

/// The callout a container type is shown as (`tip` → `Tip`).
pub fn kind_of(name: &str) -> Option<BlockQuoteKind> {
    TYPES.iter().find(|(n, ..)| *n == name).map(|(_, k, ..)| *k)
}

/// Reads a marker made by [`wrap`] or [`crate::markdown::admonitions`]; `None` for
/// any other text.
pub fn shown(marker: &str, language: Language) -> Option<Shown<'_>> {
    if let Some(rest) = marker.strip_prefix(ADMONITION) {
        let (name, rest) = rest.split_once('\0')?;
        let (fold, title) = rest.split_once('\0')?;
        let (_, _, class, key) = TYPES.iter().find(|(n, ..)| *n == name)?;
        let title = match title.strip_prefix('+') {
            Some("") => Some(Cow::Borrowed(i18n::t(language, key))),
            Some(t) => Some(Cow::Borrowed(t)),
            None => None,
        };
        return Some(Shown {
            class,
            details: !fold.is_empty(),
            open: fold == "open",
            title,
        });
    }
    let (name, title) = marker.strip_prefix(MARKER)?.split_once('\0')?;
    let (_, _, class, key) = TYPES.iter().find(|(n, ..)| *n == name)?;
    Some(Shown {
        class,
        details: *class == "details",
        open: false,
        title: Some(if title.is_empty() {
            Cow::Borrowed(i18n::t(language, key))
        } else {
            Cow::Borrowed(title)
        }),
    })
}

/// What the check reports: a type quire does not know, a container never
/// closed.
pub fn findings(containers: &[Container], body: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for c in containers {
        let written = body[c.open.clone()].trim();
        let shown: String = written.chars().take(40).collect();
        if c.known.is_none() {
            out.push(Finding::new(
                Code::ForeignSyntax,
                c.open.clone(),
                crate::tr!(
                    "`{shown}` 是 VitePress 或 Docusaurus 的容器，但 quire 不认识这个类型：去掉它的 `:::` 行，内容照常显示，不加框", "`{shown}` is a VitePress or Docusaurus container of a type quire does not know: its fence lines are left out and its content is shown without a box"
                ),
                crate::tr!("quire 的容器有 `::: tip`、`::: note`、`::: info`、`::: warning`、`::: caution`、`::: danger` 和 `::: details 标题`；也可以写成提示框，例如 `> [!TIP]`", "quire's containers are `::: tip`, `::: note`, `::: info`, `::: warning`, `::: caution`, `::: danger` and `::: details 标题`; or write a callout such as `> [!TIP]`"),
            ));
        }
        if c.close.is_none() {
            let colons = ":".repeat(c.colons);
            out.push(Finding::new(
                Code::UnclosedContainer,
                c.open.clone(),
                if c.boxed().is_some() {
                    crate::tr!("`{shown}` 没有结束：它的框一直延伸到页面末尾", "`{shown}` is never closed: its box runs to the end of the page")
                } else if c.known.is_some() {
                    crate::tr!("`{shown}` 在它所在的列表项里没有结束：去掉它的 `:::` 行，内容照常显示，不加框", "`{shown}` is never closed inside its list item: its fence line is left out and its content is shown without a box")
                } else {
                    crate::tr!("`{shown}` 没有结束", "`{shown}` is never closed")
                },
                crate::tr!("在容器结尾写一行 `{colons}`", "end the container with a line `{colons}`"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(body: &str) -> Vec<(String, Option<String>, bool)> {
        scan(body, |_| false)
            .into_iter()
            .map(|c| (c.name, c.title, c.close.is_some()))
            .collect()
    }

    #[test]
    fn every_way_tools_open_a_container_is_read() {
        let t = |s: &str| Some(s.to_string());
        assert_eq!(
            names("::: tip 自定义标题\nA\n:::\n:::warning\nB\n:::\n:::danger[小心]\nC\n:::\n::: details 点击展开\nD\n:::\n::: {.note}\nE\n:::\n"),
            [
                ("tip".into(), t("自定义标题"), true),
                ("warning".into(), None, true),
                ("danger".into(), t("小心"), true),
                ("details".into(), t("点击展开"), true),
                ("note".into(), None, true),
            ]
        );
        // `::::` holds `:::`; a `:::` line cannot close a `::::`.
        let nested = scan(":::: tip\n::: warning\nx\n:::\ny\n::::\n", |_| false);
        assert_eq!(nested[0].close, Some(29..33));
        assert_eq!(nested[1].close, Some(23..26));
        assert_eq!(names("::: 分隔\n:::x\n"), [("x".into(), None, false)]);
    }

    /// A page with raw HTML passes through the sanitizer: what containers,
    /// the contents and highlighting write comes through it unchanged.
    #[test]
    fn boxes_contents_and_highlighting_survive_the_sanitizer() {
        use crate::base::i18n::Language;
        use crate::markdown::{render, Context};
        let body = "<b>粗</b>\n\n::: details 标题\n内容\n:::\n\n[[toc]]\n\n## 节\n\n```rust\nfn a() {}\n```\n";
        let html = render(body, &Context::plain(Language::Zh)).html;
        for kept in [
            "<details class=\"callout callout-details\"><summary class=\"callout-title\">标题</summary>",
            "<nav class=\"toc-inline\" aria-label=\"目录\"><p class=\"toc-inline-title\">目录</p>",
            "<li><a href=\"#%E8%8A%82\">节</a></li>",
            "<pre class=\"hl\"><code class=\"language-rust\"><span class=\"hl-k\">fn </span>",
        ] {
            assert!(html.contains(kept), "{kept} in {html}");
        }
    }

    #[test]
    fn hostile_fences_cost_little_and_stay_balanced() {
        let deep = ":::: tip\n".repeat(20_000) + "正文\n" + &":::\n".repeat(100);
        let started = std::time::Instant::now();
        let events = crate::markdown::events(&deep);
        let opened = events
            .iter()
            .filter(|(e, _)| matches!(e, Event::Start(Tag::BlockQuote(_))))
            .count();
        let closed = events
            .iter()
            .filter(|(e, _)| matches!(e, Event::End(TagEnd::BlockQuote(_))))
            .count();
        assert_eq!((opened, closed), (20_000, 20_000));
        for odd in ["::: tip[", ":::", "::::x]", "::: {", "::: {.", "::: 标题"] {
            let _ = crate::markdown::render(odd, &crate::markdown::Context::plain(Language::Zh));
        }
        assert!(started.elapsed().as_secs() < 5);
    }
}
