//! `prepare`, shared by every output: a body's events with heading ids
//! (prefixed and shifted for a handbook), links resolved through the
//! `Context`, image sources and file links rewritten through its `Files`,
//! glossary terms marked outside headings, links, code and alt text, and a
//! title the body repeats as its first heading dropped.

use super::{
    assign_heading_ids, drop_title, events, Context, Heading, Prepared, TermLinks, IMAGE_SIZE,
    TERM_LINK,
};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use crate::markdown::html::{self as raw_html, Policy};

/// `body`'s events, ready for any output to write, with what the page's
/// table of contents and glossary need.
pub fn prepare<'a>(body: &'a str, cx: &Context) -> Prepared<'a> {
    let mut events = crate::markdown::emphasis::fix(events(body), body);
    // Ids come from the headings as parsed, as in the check stage's outline,
    // so the text raw HTML leaves behind (`## 发送 <nickname>`) changes no
    // anchor. Raw HTML is guarded after the emphasis fix, which only touches
    // the author's text, so its text pieces are not read as Markdown. What
    // the policy removes is reported by `check::syntax::html`, from the same
    // findings.
    if let Some(title) = cx.title {
        drop_title(&mut events, title);
    }
    let mut headings = assign_heading_ids(&mut events);
    let (mut events, _) = raw_html::guard(events, body, cx.html);
    // `<img>` in what raw HTML the policy kept names files as `![](…)` does.
    if let Some(f) = cx.files {
        raw_html::resolve_images(&mut events, |src| {
            let t = f.assets.target(f.source, f.page_dir, src, true)?;
            Some((t.href, t.size))
        });
    }
    if !cx.id_prefix.is_empty() || cx.heading_shift > 0 {
        place(&mut events, &mut headings, cx.id_prefix, cx.heading_shift);
    }
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut terms_used: Vec<usize> = Vec::new();
    // Where glossary links may not go: headings, links and code.
    let (mut in_heading, mut in_link, mut in_code) = (false, 0usize, false);
    // Nor inside an image: its text is the `alt` attribute.
    let mut in_image = 0usize;
    let mut skip_link_text = false;
    // Text to add once the current link closes.
    let mut after: Vec<Option<String>> = Vec::new();
    // A script link, or one that leads nowhere, loses its target but keeps its text.
    let mut dropping_link = false;
    let guarded = cx.html != Policy::Allow;
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Link) if dropping_link => {
                in_link = in_link.saturating_sub(1);
                dropping_link = false;
                after.pop();
            }
            Event::Start(Tag::Image {
                link_type,
                ref dest_url,
                title,
                id,
            }) if guarded && !raw_html::safe_url(dest_url, true) => {
                in_image += 1;
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::Borrowed(""),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                in_image += 1;
                let target = cx
                    .files
                    .and_then(|f| f.assets.target(f.source, f.page_dir, &dest_url, true));
                let (dest_url, id) = match target {
                    Some(t) => (
                        CowStr::from(t.href),
                        t.size
                            .map_or(id, |(w, h)| CowStr::from(format!("{IMAGE_SIZE}{w}x{h}"))),
                    ),
                    None => (dest_url, id),
                };
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                out.push(event);
            }
            // A file of the site (a PDF, a spreadsheet) is linked where it
            // is published; pages are `resolve_link`'s.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if !matches!(link_type, LinkType::WikiLink { .. })
                && cx.files.is_some_and(|f| {
                    f.assets
                        .target(f.source, f.page_dir, &dest_url, false)
                        .is_some()
                }) =>
            {
                in_link += 1;
                after.push(None);
                let href = cx
                    .files
                    .and_then(|f| f.assets.target(f.source, f.page_dir, &dest_url, false))
                    .map_or_else(String::new, |t| t.href);
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(href),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                in_link += 1;
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                match (cx.resolve_link)(&dest_url, wiki) {
                    Some(target) if target.dead => {
                        after.push(None);
                        dropping_link = true;
                    }
                    Some(target) => {
                        if let Some(term) = target.term {
                            if !terms_used.contains(&term) {
                                terms_used.push(term);
                            }
                        }
                        let title = target.title.map_or(title, CowStr::from);
                        out.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: CowStr::from(target.href),
                            title,
                            id,
                        }));
                        after.push(target.after);
                        if let (LinkType::WikiLink { has_pothole: false }, Some(text)) =
                            (link_type, target.text)
                        {
                            out.push(Event::Text(CowStr::from(text)));
                            skip_link_text = true;
                        }
                    }
                    None if guarded && !raw_html::safe_url(&dest_url, false) => {
                        after.push(None);
                        dropping_link = true;
                    }
                    None => {
                        after.push(None);
                        out.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }))
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                skip_link_text = false;
                out.push(Event::End(TagEnd::Link));
                if let Some(Some(text)) = after.pop() {
                    out.push(Event::Text(CowStr::from(text)));
                }
            }
            _ if skip_link_text => {}
            // Headings and table headers name things; they are not prose to annotate.
            Event::Start(Tag::Heading { .. } | Tag::TableHead) => {
                in_heading = true;
                out.push(event);
            }
            Event::End(TagEnd::Heading(_) | TagEnd::TableHead) => {
                in_heading = false;
                out.push(event);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                out.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(event);
            }
            Event::Text(text) if !in_heading && in_link == 0 && !in_code && in_image == 0 => {
                match &cx.glossary {
                    // Each term is linked once a page; once all are, stop looking.
                    Some(glossary) if terms_used.len() < glossary.matcher.terms() => {
                        link_terms(text, glossary, &mut terms_used, &mut out)
                    }
                    Some(_) => out.push(Event::Text(text)),
                    None => out.push(Event::Text(text)),
                }
            }
            other => out.push(other),
        }
    }
    Prepared {
        events: out,
        headings,
        terms_used,
        html: cx.html,
        placed: !cx.id_prefix.is_empty() || cx.heading_shift > 0,
    }
}

/// Puts a body inside a larger page (a handbook): every heading id and
/// footnote label gets `prefix`, so they stay unique beside other bodies,
/// and headings move `shift` levels down, below the page's own.
fn place(
    events: &mut [(Event<'_>, Range<usize>)],
    headings: &mut [Heading],
    prefix: &str,
    shift: u8,
) {
    let shifted = |level: HeadingLevel| {
        HeadingLevel::try_from((level as usize + shift as usize).min(6)).unwrap_or(HeadingLevel::H6)
    };
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                *level = shifted(*level);
                if let Some(id) = id {
                    *id = CowStr::from(format!("{prefix}{id}"));
                }
            }
            Event::End(TagEnd::Heading(level)) => *level = shifted(*level),
            Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) => {
                *label = CowStr::from(format!("{prefix}{label}"));
            }
            _ => {}
        }
    }
    for h in headings {
        h.id = format!("{prefix}{}", h.id);
        h.level = (h.level + shift).min(6);
    }
}

/// Links the first use on the page of each glossary term in `text`.
fn link_terms<'a>(
    text: CowStr<'a>,
    glossary: &TermLinks,
    used: &mut Vec<usize>,
    out: &mut Vec<Event<'a>>,
) {
    let mut last = 0;
    for (range, term) in glossary.matcher.find(&text) {
        if used.contains(&term) {
            continue;
        }
        used.push(term);
        let (href, tooltip) = (glossary.target)(term);
        if range.start > last {
            out.push(Event::Text(CowStr::from(
                text[last..range.start].to_string(),
            )));
        }
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: CowStr::from(href),
            title: CowStr::from(tooltip),
            id: CowStr::Borrowed(TERM_LINK),
        }));
        out.push(Event::Text(CowStr::from(text[range.clone()].to_string())));
        out.push(Event::End(TagEnd::Link));
        last = range.end;
    }
    if last == 0 {
        out.push(Event::Text(text));
    } else if last < text.len() {
        out.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
}
