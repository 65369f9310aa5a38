//! `[[toc]]`, `[TOC]` and `${toc}` alone on a line, as VitePress, Typora,
//! GitLab and Markdown editors write "the contents of this page here".
//! [`mark`] turns such a paragraph into one marker event (so the check
//! never reads `[[toc]]` as a wikilink to a page named `toc`), and
//! [`html`] writes the page's headings, linked, where it stands. The PDF
//! leaves it out: the handbook has its own contents, with page numbers.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::base::i18n::{self, Language};
use crate::markdown::{escape_attr, Heading};

type Spanned<'a> = (Event<'a>, Range<usize>);

/// The text of the `Event::InlineMath` that stands for the contents.
pub const MARKER: &str = "\0toc";

/// The ways of writing it, compared without regard to case.
const FORMS: &[&str] = &["[[toc]]", "[toc]", "${toc}", "[[_toc_]]"];

/// Whether the source of a paragraph asks for the contents.
pub fn is_toc(text: &str) -> bool {
    let t = text.trim();
    FORMS.iter().any(|f| t.eq_ignore_ascii_case(f))
}

/// Whether `body` may hold one, to skip the work on most pages.
pub fn may_hold(body: &str) -> bool {
    let b = body.as_bytes();
    memchr::memmem::find(b, b"toc").is_some()
        || memchr::memmem::find(b, b"TOC").is_some()
        || memchr::memmem::find(b, b"Toc").is_some()
}

/// Replaces each top-level paragraph that says `[[toc]]` with the marker.
pub fn mark<'a>(events: Vec<Spanned<'a>>, body: &str) -> Vec<Spanned<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut depth = 0usize;
    // Inside a paragraph being replaced.
    let mut skipping = false;
    for (event, range) in events {
        if skipping {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                skipping = false;
            }
            continue;
        }
        match &event {
            Event::Start(Tag::Paragraph)
                if depth == 0 && body.get(range.clone()).is_some_and(is_toc) =>
            {
                skipping = true;
                out.push((Event::InlineMath(CowStr::Borrowed(MARKER)), range));
                continue;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push((event, range));
    }
    out
}

/// The page's contents: its two highest levels of headings, each linked.
pub fn html(headings: &[Heading], language: Language) -> String {
    let Some(top) = headings.iter().map(|h| h.level).min() else {
        return String::new();
    };
    let mut out = format!(
        "<nav class=\"toc-inline\" aria-label=\"{0}\"><p class=\"toc-inline-title\">{0}</p>\n<ul>\n",
        i18n::t(language, "toc")
    );
    for h in headings.iter().filter(|h| h.level <= top + 1) {
        let class = if h.level > top {
            " class=\"toc-inline-sub\""
        } else {
            ""
        };
        out.push_str(&format!(
            "<li{class}><a href=\"#{}\">{}</a></li>\n",
            escape_attr(&crate::base::urls::encode_fragment(&h.id)),
            escape_attr(&h.text)
        ));
    }
    out.push_str("</ul></nav>\n");
    out
}
