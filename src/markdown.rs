//! Markdown to HTML for playbook bodies: pulldown-cmark with the extensions
//! authors expect (tables, footnotes, strikethrough, task lists, heading
//! attributes, definition lists, GFM callouts), heading ids that keep Chinese
//! and are unique on the page, Chinese emphasis fixed, and links to other
//! playbooks' `.md` files rewritten to their pages.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{html, BlockQuoteKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::i18n::{self, Language};

/// A heading of the page, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// Byte range of the heading in the body.
    #[serde(skip)]
    pub range: Range<usize>,
}

/// A rendered body.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// What rendering needs to know about the rest of the site.
pub struct Context<'a> {
    pub language: Language,
    /// Maps a link destination to the href it should have, or `None` to keep it.
    pub resolve_link: &'a dyn Fn(&str) -> Option<String>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// Renders a Markdown body.
pub fn render(body: &str, cx: &Context) -> Rendered {
    let events: Vec<_> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut events = crate::emphasis::fix(events, body);
    let headings = assign_heading_ids(&mut events);
    let events = events.into_iter().map(|(event, _)| match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = match (cx.resolve_link)(&dest_url) {
                Some(href) => CowStr::from(href),
                None => dest_url,
            };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::Start(Tag::BlockQuote(Some(kind))) => {
            let (class, key) = callout(kind);
            Event::Html(CowStr::from(format!(
                "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{}</p>\n",
                i18n::t(cx.language, key)
            )))
        }
        Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(CowStr::from("</div>\n")),
        other => other,
    });
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, events);
    Rendered {
        html: html_out,
        headings,
    }
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "callout_note"),
        BlockQuoteKind::Tip => ("tip", "callout_tip"),
        BlockQuoteKind::Important => ("important", "callout_important"),
        BlockQuoteKind::Warning => ("warning", "callout_warning"),
        BlockQuoteKind::Caution => ("caution", "callout_caution"),
    }
}

/// Gives every heading an id (its `{#id}` or one made from its text), unique
/// on the page, and returns the headings in order.
pub(crate) fn assign_heading_ids(events: &mut [(Event<'_>, Range<usize>)]) -> Vec<Heading> {
    let mut used = HashSet::new();
    // Explicit ids are claimed first so generated ones never take them.
    for (event, _) in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            used.insert(id.to_string());
        }
    }
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
            i += 1;
            continue;
        };
        let (level, explicit) = (*level as u8, id.clone());
        let start = events[i].1.clone();
        let mut text = String::new();
        let mut j = i + 1;
        while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
            if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                text.push_str(t);
            }
            j += 1;
        }
        let id = match explicit {
            Some(id) => id.to_string(),
            None => {
                let id = unique(anchor_id(&text), &mut used);
                if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                    *slot = Some(CowStr::from(id.clone()));
                }
                id
            }
        };
        headings.push(Heading {
            level,
            id,
            text: text.trim().to_string(),
            range: start,
        });
        i = j + 1;
    }
    headings
}

/// The anchor for a heading text: Chinese and other letters kept, spaces to
/// `-`, punctuation dropped, ASCII lowercased. `步骤` → `步骤`,
/// `Step 1: Invite` → `step-1-invite`.
pub fn anchor_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            id.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-') && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_string();
    if id.is_empty() {
        "section".into()
    } else {
        id
    }
}

fn unique(base: String, used: &mut HashSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(body: &str) -> Rendered {
        let resolve = |dest: &str| dest.strip_suffix(".md").map(|d| format!("{d}/index.html"));
        render(
            body,
            &Context {
                language: Language::Zh,
                resolve_link: &resolve,
            },
        )
    }

    #[test]
    fn heading_ids_keep_chinese_and_are_unique() {
        let r = md("## 步骤\n\n## 步骤\n\n## Step 1: Invite\n\n## 话术 {#scripts}\n\n## scripts\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["步骤", "步骤-1", "step-1-invite", "scripts", "scripts-1"]
        );
        assert!(r.html.contains("<h2 id=\"步骤\">步骤</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"scripts\">话术</h2>"));
    }

    #[test]
    fn full_width_punctuation_is_dropped_from_ids() {
        assert_eq!(anchor_id("干货分享（语音）"), "干货分享语音");
        assert_eq!(anchor_id("一、定位"), "一定位");
        assert_eq!(anchor_id("！！"), "section");
    }

    #[test]
    fn gfm_callouts_become_titled_boxes() {
        let r = md("> [!TIP]\n> 提前一天预告。\n");
        assert_eq!(
            r.html,
            "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">提示</p>\n<p>提前一天预告。</p>\n</div>\n"
        );
    }

    #[test]
    fn extensions_are_on() {
        let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~删~~ 脚注[^1]\n\n[^1]: 注\n\n- [x] 完成\n\n术语\n: 定义\n");
        for needle in [
            "<table>",
            "<del>删</del>",
            "footnote-definition",
            "type=\"checkbox\"",
            "<dl>",
        ] {
            assert!(r.html.contains(needle), "{needle} in {}", r.html);
        }
    }

    #[test]
    fn links_are_resolved() {
        let r = md("见[接待](../sop/welcome.md)和[外站](https://example.com)。");
        assert!(r.html.contains("href=\"../sop/welcome/index.html\""));
        assert!(r.html.contains("href=\"https://example.com\""));
    }

    #[test]
    fn chinese_emphasis_renders_bold() {
        assert!(md("**注意：**正文")
            .html
            .contains("<strong>注意：</strong>正文"));
    }
}
