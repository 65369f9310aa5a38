//! MkDocs (Python-Markdown, Material) admonitions: `!!! note "标题"`,
//! `??? tip` (folded) and `???+ warning` (folded, open), with their body
//! indented four spaces below, read as the callouts `:::` containers make.
//!
//! The indented body would be an indented code block to CommonMark. So
//! [`crate::markdown::borrowed::Syntax`] blanks the marker line and the body with
//! spaces (every other byte keeps its offset), and the body is parsed on
//! its own with its indentation taken off: [`Admonition::dedent`] keeps,
//! per line, where it starts in the body, so each event's range is put
//! back at its true offset ([`Dedented::range`]) and a broken link inside
//! an admonition is reported at its own line and column.

use std::ops::Range;

use crate::base::codes::Code;
use crate::markdown::Finding;

/// An admonition inside this many others is left as CommonMark reads it,
/// so a hostile body of nested ones costs a few parses, not one per level.
pub const MAX_DEPTH: usize = 8;

/// How an admonition folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// `!!!`: a box that does not fold.
    None,
    /// `???`: folded.
    Closed,
    /// `???+`: folds, open at first.
    Open,
}

/// One admonition as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admonition {
    /// The marker line (`!!! note "标题"`), without its line end.
    pub marker: Range<usize>,
    /// The body: from the line after the marker to the end of its last
    /// indented line (blank lines after it are not the body's).
    pub body: Range<usize>,
    /// The type as written, lowercased (`note`, `abstract`).
    pub name: String,
    /// The `:::` container type it is shown as (`note`, `danger`, `quote`).
    pub shown_as: &'static str,
    /// Whether `name` is one Material knows.
    pub known: bool,
    /// `None` for no title (`!!! note ""`); `Some("")` for the type's own.
    pub title: Option<String>,
    pub fold: Fold,
    /// The spaces before the marker: an admonition in a list item is
    /// indented as the item's text is, and its body four more.
    pub indent: usize,
    /// Drawn as a box; not so for the indented content of an MDX
    /// component ([`Admonition::component_body`]), read the same way.
    pub boxed: bool,
}

impl Admonition {
    /// What an MDX component line alone (`<TabItem value="预览">`, at
    /// `tag`) holds when it is indented as code would be: the lines after
    /// it indented deeper than the tag, read as Markdown with that
    /// indentation taken off (MDX has no indented code), as an
    /// admonition's body is. `None` when nothing after it is indented four
    /// spaces or more, which reads as Markdown already.
    pub fn component_body(body: &str, tag: Range<usize>) -> Option<Admonition> {
        let line_start = body[..tag.start].rfind('\n').map_or(0, |i| i + 1);
        let tag_indent = tag.start - line_start;
        let text = &body[tag.end..];
        let start = tag.end + text.find('\n')? + 1;
        let (mut end, mut least, mut pos) = (start, usize::MAX, start);
        for line in body[start..].split_inclusive('\n') {
            let indent = line.bytes().take_while(|&b| b == b' ').count();
            // A blank line between indented ones is the body's.
            if !line.trim().is_empty() {
                if indent <= tag_indent {
                    break;
                }
                least = least.min(indent);
                end = pos + line.trim_end_matches('\n').len();
            }
            pos += line.len();
        }
        (least != usize::MAX && least >= 4).then(|| Admonition {
            marker: line_start..tag.end,
            body: start..end,
            name: String::new(),
            shown_as: "note",
            known: true,
            title: None,
            fold: Fold::None,
            indent: least - 4,
            boxed: false,
        })
    }
}

/// Material's types and their aliases, and the `:::` type each is shown as.
const TYPES: &[(&[&str], &str)] = &[
    (&["note", "seealso"], "note"),
    (&["abstract", "summary", "tldr"], "note"),
    (&["info", "todo"], "info"),
    (&["tip", "hint"], "tip"),
    (&["important"], "important"),
    (&["success", "check", "done"], "tip"),
    (&["question", "help", "faq"], "note"),
    (&["warning", "attention"], "warning"),
    (&["caution"], "caution"),
    (&["failure", "fail", "missing"], "danger"),
    (&["danger", "error"], "danger"),
    (&["bug"], "danger"),
    (&["example"], "note"),
    (&["quote", "cite"], "quote"),
];

/// Whether `body` may hold an admonition, to skip the work on most pages.
pub fn may_hold(body: &str) -> bool {
    let b = body.as_bytes();
    memchr::memmem::find(b, b"!!!").is_some() || memchr::memmem::find(b, b"???").is_some()
}

/// The admonitions of `body`, at the left margin or indented as a list
/// item's text is, outside code (`in_code` says whether an offset is in a
/// code block or span), in order. Those nested inside are their bodies'
/// own, found when they are read.
pub fn scan(body: &str, in_code: impl Fn(usize) -> bool) -> Vec<Admonition> {
    let mut out: Vec<Admonition> = Vec::new();
    let mut lines = lines(body).peekable();
    while let Some(line) = lines.next() {
        let text = &body[line.clone()];
        let indent = text.bytes().take_while(|&b| b == b' ').count();
        let Some((name, title, fold)) = marker(&text[indent..]) else {
            continue;
        };
        // An indented marker outside a list item is an indented code block.
        if in_code(line.start + indent) {
            continue;
        }
        let body_indent = " ".repeat(indent + 4);
        let start = (line.end + 1).min(body.len());
        let mut end = start;
        while let Some(next) = lines.peek() {
            let t = &body[next.clone()];
            if t.trim().is_empty() {
                lines.next();
            } else if t.starts_with(&body_indent)
                || t[..]
                    .strip_prefix(&body_indent[4..])
                    .is_some_and(|t| t.starts_with('\t'))
            {
                end = (next.end + 1).min(body.len());
                lines.next();
            } else {
                break;
            }
        }
        let found = TYPES
            .iter()
            .find(|(names, _)| names.contains(&name.as_str()));
        out.push(Admonition {
            marker: line,
            body: start..end.max(start),
            shown_as: found.map_or("note", |(_, shown)| shown),
            known: found.is_some(),
            name,
            title,
            fold,
            indent,
            boxed: true,
        });
    }
    out
}

/// Each line of `body`, without its line end (`\r` is the line's).
fn lines(body: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = 0;
    body.split_inclusive('\n').map(move |line| {
        let start = pos;
        pos += line.len();
        start..start + line.trim_end_matches('\n').len()
    })
}

/// Reads a marker line as Python-Markdown does:
/// `!!! type [more classes] ["title"]`, `???`, `???+`.
fn marker(line: &str) -> Option<(String, Option<String>, Fold)> {
    let (fold, rest) = if let Some(r) = line.strip_prefix("!!!") {
        (Fold::None, r)
    } else if let Some(r) = line.strip_prefix("???+") {
        (Fold::Open, r)
    } else {
        (Fold::Closed, line.strip_prefix("???")?)
    };
    let rest = rest.trim_end_matches('\r').trim();
    let (classes, title) = match rest.find('"') {
        Some(q) => {
            let quoted = rest[q + 1..].strip_suffix('"')?;
            (rest[..q].trim(), Some(quoted.trim().to_string()))
        }
        None => (rest, None),
    };
    let name = classes.split_whitespace().next()?;
    // Python's `\w` takes any letter, so `!!! note 基本语法` is an
    // admonition there, its second word a CSS class.
    if !name.starts_with(|c: char| c.is_ascii_alphabetic())
        || !classes
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
    {
        return None;
    }
    // Chinese words after the type are no CSS class anyone writes: the
    // author left out the quotes of a title, and MkDocs would lose it.
    let unquoted = classes[name.len()..].trim();
    let title = match title {
        None if !unquoted.is_ascii() => Some(unquoted.to_string()),
        title => title,
    };
    // No quotes: the type's own title. `""`: no title at all.
    let title = match title {
        None => Some(String::new()),
        Some(t) if t.is_empty() => None,
        Some(t) => Some(t),
    };
    Some((name.to_ascii_lowercase(), title, fold))
}

/// An admonition's body with its indentation taken off, and where each of
/// its lines is in the page's body.
pub struct Dedented {
    pub text: String,
    /// (start in `text`, start in the page's body) of each line.
    lines: Vec<(usize, usize)>,
}

impl Admonition {
    pub fn dedent(&self, body: &str) -> Dedented {
        let mut text = String::with_capacity(self.body.len());
        let mut lines = Vec::new();
        let mut pos = self.body.start;
        for line in body[self.body.clone()].split_inclusive('\n') {
            // The marker's indent and four spaces or a tab, as
            // Python-Markdown takes off; a blank line loses what it has.
            let spaces = line
                .bytes()
                .take(self.indent + 4)
                .take_while(|&b| b == b' ')
                .count();
            let cut = if spaces == self.indent && line[spaces..].starts_with('\t') {
                spaces + 1
            } else {
                spaces
            };
            lines.push((text.len(), pos + cut));
            text.push_str(&line[cut..]);
            pos += line.len();
        }
        Dedented { text, lines }
    }

    /// The marker's text for [`crate::markdown::containers::shown`].
    pub fn marker_text(&self) -> String {
        let fold = match self.fold {
            Fold::None => "",
            Fold::Closed => "closed",
            Fold::Open => "open",
        };
        match &self.title {
            Some(t) => format!(
                "{}{}\0{fold}\0+{t}",
                crate::markdown::containers::ADMONITION,
                self.shown_as
            ),
            None => format!(
                "{}{}\0{fold}\0-",
                crate::markdown::containers::ADMONITION,
                self.shown_as
            ),
        }
    }
}

impl Dedented {
    /// Where `offset` in [`Dedented::text`] is in the page's body. An end
    /// offset at a line's start is the end of the line before.
    fn at(&self, offset: usize, end: bool) -> usize {
        let k = if end {
            self.lines.partition_point(|(s, _)| *s < offset)
        } else {
            self.lines.partition_point(|(s, _)| *s <= offset)
        };
        match k.checked_sub(1).and_then(|k| self.lines.get(k)) {
            Some((s, o)) => o + (offset - s),
            None => self.lines.first().map_or(offset, |(_, o)| *o),
        }
    }

    /// `range` in [`Dedented::text`] as a range of the page's body.
    pub fn range(&self, range: &Range<usize>) -> Range<usize> {
        let start = self.at(range.start, false);
        start..self.at(range.end, true).max(start)
    }
}

/// What the check reports of the admonition itself: a type Material does
/// not know, shown as a note.
pub fn findings(a: &Admonition, body: &str) -> Vec<Finding> {
    if a.known {
        return Vec::new();
    }
    let written: String = body[a.marker.clone()].trim().chars().take(40).collect();
    vec![Finding::new(
        Code::ForeignSyntax,
        a.marker.clone(),
        crate::tr!(
            "`{written}` 是 MkDocs 的提示框，但 quire 不认识这个类型：按 note 显示", "`{written}` is an MkDocs admonition of a type quire does not know: it is shown as a note"
        ),
        crate::tr!("可用的类型有 note、abstract、info、tip、success、question、warning、failure、danger、bug、example 和 quote（或者 `::: tip`、`::: warning` …）", "the types are note, abstract, info, tip, success, question, warning, failure, danger, bug, example and quote (or `::: tip`, `::: warning` …)"),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_read_as_python_markdown_reads_them() {
        let t = |s: &str| Some(s.to_string());
        assert_eq!(
            marker("!!! note \"标题\""),
            Some(("note".into(), t("标题"), Fold::None))
        );
        assert_eq!(marker("??? Tip"), Some(("tip".into(), t(""), Fold::Closed)));
        assert_eq!(
            marker("???+ warning inline end \"看\""),
            Some(("warning".into(), t("看"), Fold::Open))
        );
        assert_eq!(
            marker("!!! note \"\""),
            Some(("note".into(), None, Fold::None))
        );
        assert_eq!(
            marker("!!! note 基本语法"),
            Some(("note".into(), t("基本语法"), Fold::None))
        );
        assert_eq!(
            marker("???+ tip 有趣的工具"),
            Some(("tip".into(), t("有趣的工具"), Fold::Open))
        );
        for not in [
            "!!!",
            "!!! 注意",
            "!!! tip 协议 (CLA)\"",
            "!!!note\"",
            "??? \"x\"",
            "!!! a.b",
            "!!! x \"y",
        ] {
            assert_eq!(marker(not), None, "{not}");
        }
    }

    #[test]
    fn a_body_runs_while_indented_and_maps_back_to_its_offsets() {
        let body = "!!! note\n    一\n\n    二 [x](y)\n\n正文\n";
        let found = scan(body, |_| false);
        assert_eq!(found.len(), 1);
        assert_eq!(&body[found[0].body.clone()], "    一\n\n    二 [x](y)\n");
        let d = found[0].dedent(body);
        assert_eq!(d.text, "一\n\n二 [x](y)\n");
        let at = d.text.find('[').unwrap_or_default();
        let r = d.range(&(at..at + 6));
        assert_eq!(&body[r], "[x](y)");
        assert_eq!(scan("```\n!!! note\n```\n", |at| at < 16), []);
    }

    #[test]
    fn a_box_inside_a_container_stays_inside_it() {
        let cx = crate::markdown::Context::plain(crate::base::i18n::Language::Zh);
        let html =
            crate::markdown::render("::: tip 外\n!!! note \"内\"\n    正文\n:::\n\n后\n", &cx).html;
        assert_eq!(
            html,
            "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">外</p>\n<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">内</p>\n<p>正文</p>\n</div>\n</div>\n<p>后</p>\n"
        );
    }

    /// A page with raw HTML passes through the sanitizer: the fold that
    /// starts open, a fence's title and its marked lines come through.
    #[test]
    fn open_folds_titles_and_marks_survive_the_sanitizer() {
        let cx = crate::markdown::Context::plain(crate::base::i18n::Language::Zh);
        let body = "<b>粗</b>\n\n???+ tip \"开着\"\n    内容\n\n```text title=\"a.txt\" {1}\nx\n```\n\n![](a.mp3)\n";
        let html = crate::markdown::render(body, &cx).html;
        for kept in [
            "<details class=\"callout callout-tip callout-fold\" open=\"\"><summary class=\"callout-title\">开着</summary>",
            "<figure class=\"code-titled\"><figcaption class=\"code-title\">a.txt</figcaption>",
            "<span class=\"hl-line\">x</span>",
            "<a class=\"media-link\" href=\"a.mp3\">a.mp3</a>",
        ] {
            assert!(html.contains(kept), "{kept} in {html}");
        }
    }

    #[test]
    fn hostile_admonitions_cost_little_and_stay_balanced() {
        use pulldown_cmark::{Event, Tag, TagEnd};
        let started = std::time::Instant::now();
        // Nested past the depth read: the rest stays as CommonMark reads it.
        let mut deep = String::new();
        for level in 0..40 {
            deep.push_str(&" ".repeat(4 * level));
            deep.push_str("!!! note \"x\"\n");
        }
        deep.push_str(&" ".repeat(160));
        deep.push_str("底\n");
        let many = "!!! tip\n    正文 {{< x >}}\n".repeat(20_000) + &"???+ a\n".repeat(20_000);
        for body in [deep.as_str(), many.as_str()] {
            let events = crate::markdown::events(body);
            let opened = events
                .iter()
                .filter(|(e, _)| matches!(e, Event::Start(Tag::BlockQuote(_))))
                .count();
            let closed = events
                .iter()
                .filter(|(e, _)| matches!(e, Event::End(TagEnd::BlockQuote(_))))
                .count();
            assert_eq!(opened, closed);
            assert!(events
                .iter()
                .all(|(_, r)| r.start <= r.end && r.end <= body.len()));
            let _ = crate::markdown::syntax_findings(body);
        }
        for odd in [
            "!!! note",
            "!!! note\n",
            "??? x\n\t\n\tb",
            "!!! a\n    ",
            "!!! a\r\n    b\r\n",
        ] {
            let cx = crate::markdown::Context::plain(crate::base::i18n::Language::Zh);
            let _ = crate::markdown::render(odd, &cx);
            let _ = crate::markdown::syntax_findings(odd);
        }
        assert_eq!(
            crate::markdown::events(&deep)
                .iter()
                .filter(|(e, _)| matches!(e, Event::Start(Tag::BlockQuote(_))))
                .count(),
            MAX_DEPTH
        );
        assert!(started.elapsed().as_secs() < 10);
    }
}
