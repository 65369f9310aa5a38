//! The search index: what the browser searches, written at build time as a
//! script (`search-index.js`) so that search works with no server, even
//! from `file://`, where a page may load scripts but not fetch files.
//!
//! Each playbook contributes its title, kind, tags, owner, summary, its
//! headings (with their anchors) and its text split by section. Matching
//! happens in the browser (`static/search.js`): Chinese by character
//! bigrams confirmed by substring, Latin words by prefix. The text kept per
//! playbook is capped so that the index stays small on large sites (see
//! [`text_budget`]); titles, headings, tags and summaries are always whole.

use pulldown_cmark::{Event, Tag, TagEnd};
use serde::Serialize;

use crate::input::site::Site;
use crate::markdown;

/// About this many bytes of body text are kept across all playbooks, so a
/// site of 10,000 playbooks gets a search index under 10 MB.
const TEXT_BUDGET: usize = 4_500_000;
/// Every playbook keeps at least this many bytes of its text.
const TEXT_FLOOR: usize = 450;

/// One playbook in the index. The keys are single letters because they
/// repeat ten thousand times in a large site's index.
#[derive(Serialize)]
struct Doc<'a> {
    /// The page's folder from the site root, percent-encoded as in the
    /// site's own links (a file name may hold `#` or `?`).
    u: String,
    t: &'a str,
    k: &'a str,
    g: &'a [String],
    o: &'a str,
    s: &'a str,
    /// Sections as `[anchor, heading, text]`; text before the first
    /// heading comes first, with no anchor.
    x: Vec<(String, String, String)>,
}

/// How many bytes of text each playbook keeps: all of it on a site of a
/// few hundred playbooks, the opening of each section on a very large one.
/// The share is rounded down to a power of two, so adding or removing a
/// playbook rarely changes it (and `quire serve` keeps every other entry).
pub fn text_budget(playbooks: usize) -> usize {
    let share = TEXT_BUDGET / playbooks.max(1);
    let rounded = 1usize << (usize::BITS - 1 - share.max(1).leading_zeros());
    rounded.max(TEXT_FLOOR)
}

/// Playbook `i`'s entry in the index, as JSON, from the body's `events`
/// as its page was rendered (one parse serves both). Entries are joined by
/// [`index`]; `quire serve` keeps those of unchanged playbooks.
pub fn entry(site: &Site, i: usize, events: &[Event], budget: usize) -> String {
    let p = &site.playbooks[i];
    let doc = Doc {
        u: p.url.clone(),
        t: &p.title,
        k: site
            .config
            .kind(&p.kind)
            .map_or(p.kind.as_str(), |k| k.name(site.config.language)),
        g: &p.tags,
        o: p.owner.as_deref().unwrap_or(""),
        s: p.summary.as_deref().unwrap_or(""),
        x: sections(events, budget),
    };
    serde_json::to_string(&doc).expect("strings always serialize")
}

/// The start of the index script. Any page on the web may load a script
/// from another site with `<script src>` and read what it leaves in
/// `window`, so the index hands itself over only to a page of its own
/// origin: the script's own address (`document.currentScript`) against the
/// page's `location`. Opened from disk both are `file:` (whose origin is
/// the opaque "null"), and there the site must keep working.
pub const INDEX_OPENING: &str = concat!(
    "(function(){var s=document.currentScript,u;if(!s)return;",
    "try{u=new URL(s.src,location.href)}catch(e){return}",
    "if(u.protocol===\"file:\"?location.protocol!==\"file:\":u.origin!==location.origin)return;",
    "window.quireSearchIndex={\"docs\":[",
);

/// The end of the index script.
pub const INDEX_CLOSING: &str = "]}})();\n";

/// The index as a script that hands it to the search code.
pub fn index<S: AsRef<str>>(entries: &[S]) -> String {
    let size: usize = entries.iter().map(|e| e.as_ref().len() + 1).sum();
    let mut js = String::with_capacity(size + INDEX_OPENING.len() + 16);
    js.push_str(INDEX_OPENING);
    for (n, e) in entries.iter().enumerate() {
        if n > 0 {
            js.push(',');
        }
        js.push_str(e.as_ref());
    }
    js.push_str(INDEX_CLOSING);
    js
}

/// [`entry`] for a playbook whose page is not being rendered.
pub fn entry_alone(site: &Site, i: usize, budget: usize) -> String {
    let language = site.config.language;
    let prepared = markdown::prepare(
        site.playbooks[i].body(),
        &markdown::Context::plain(language),
    );
    entry(site, i, &prepared.events, budget)
}

/// A body's text by section, each section's text cut so that the whole
/// stays within `budget` bytes: every section keeps its opening.
fn sections(events: &[Event], budget: usize) -> Vec<(String, String, String)> {
    let mut sections: Vec<(String, String, String)> = vec![Default::default()];
    let mut in_heading = false;
    for event in events {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = true;
                sections.push((
                    id.as_deref().unwrap_or("").to_string(),
                    String::new(),
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) => {
                let Some(last) = sections.last_mut() else {
                    continue;
                };
                if in_heading {
                    last.1.push_str(t);
                } else {
                    last.2.push_str(t);
                }
            }
            // Blocks are apart; a line break inside Chinese text is not a space.
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) if !in_heading => {
                if let Some(last) = sections.last_mut() {
                    let cjk = last.2.chars().last().is_some_and(|c| c as u32 >= 0x2E80);
                    let soft = matches!(event, Event::SoftBreak);
                    if !(last.2.ends_with(' ') || last.2.is_empty() || soft && cjk) {
                        last.2.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
    if sections[0].2.trim().is_empty() {
        sections.remove(0);
    }
    let total: usize = sections.iter().map(|s| s.2.len()).sum();
    if total > budget {
        // Each section keeps the same share of itself, at least a little.
        let share = budget as f64 / total as f64;
        for s in &mut sections {
            let keep = ((s.2.len() as f64 * share) as usize).max(60.min(s.2.len()));
            truncate(&mut s.2, keep);
        }
    }
    for s in &mut sections {
        let trimmed = s.2.trim_end().len();
        s.2.truncate(trimmed);
    }
    sections
}

/// Cuts `s` to at most `bytes` bytes, at a character boundary.
fn truncate(s: &mut String, bytes: usize) {
    if s.len() > bytes {
        let mut end = bytes;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections_of(body: &str, budget: usize) -> Vec<(String, String, String)> {
        let cx = markdown::Context::plain(crate::base::i18n::Language::Zh);
        sections(&markdown::prepare(body, &cx).events, budget)
    }

    #[test]
    fn sections_keep_their_anchor_heading_and_text() {
        let s = sections_of("导语。\n\n## 步骤\n\n先**私聊**，再\n公开。\n\n| a |\n|---|\n| 表格 |\n\n## 话术 {#scripts}\n\n```\n欢迎\n```\n", 10_000);
        assert_eq!(
            s,
            [
                ("".into(), "".into(), "导语。".into()),
                (
                    "步骤".into(),
                    "步骤".into(),
                    "先私聊，再公开。 a 表格".into()
                ),
                ("scripts".into(), "话术".into(), "欢迎".into()),
            ]
        );
    }

    #[test]
    fn a_large_site_keeps_the_opening_of_every_section() {
        let body = format!(
            "## 一\n\n{}\n\n## 二\n\n{}\n",
            "甲".repeat(1000),
            "乙".repeat(100)
        );
        let s = sections_of(&body, 900);
        let total: usize = s.iter().map(|x| x.2.len()).sum();
        assert!(total <= 900 + 60 * 3, "{total}");
        assert!(
            s[1].2.starts_with("乙"),
            "the short section is not starved: {s:?}"
        );
        assert!(s[1].2.len() >= 60);
        assert_eq!(text_budget(16), 262_144);
        assert_eq!(
            text_budget(17),
            262_144,
            "one more playbook keeps the budget"
        );
        assert_eq!(text_budget(100_000), TEXT_FLOOR);
    }
}
