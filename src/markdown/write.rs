//! HTML out of a prepared body: callouts as titled boxes, glossary links
//! with their class, code highlighted under its fence's title, scripts with
//! their placeholders marked and a copy button, images of known size with
//! their `width` and `height`, sound and video as players or links, the
//! `[[toc]]` marker as the page's headings.

use super::{callout, escape_attr, fences, image_size, outline, Prepared, Rendered, TERM_LINK};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use crate::markdown::html::{self as raw_html, Policy};

use crate::base::i18n::{self, Language};

/// An image `to_html` writes itself, once its alt text is read.
enum Written {
    /// An `<img>` of known size: its tag, with `\0alt` where the alt goes.
    Sized(String),
    /// A sound, video or document (`media`): shown as a player or a link.
    Media(crate::markdown::media::Media, String),
}

/// The HTML of a prepared body: callouts become titled boxes, glossary
/// links get their class.
pub fn to_html(prepared: Prepared, language: Language) -> Rendered {
    let mut out: Vec<Event> = Vec::with_capacity(prepared.events.len() + 16);
    let mut headings = prepared.headings.iter();
    // The level of the 话术 heading whose section we are in, if any.
    let mut script_section: Option<HeadingLevel> = None;
    // The text of the script being read.
    let mut script: Option<String> = None;
    let mut anchor: Option<String> = None;
    // Whether raw HTML is left on the page (`prepare` has already filtered
    // it); `sanitize` passes such a page through the sanitizer as well.
    let mut raw = false;
    // An image written here rather than by pulldown-cmark, while its alt
    // text is read: what it becomes, and the text so far.
    let mut image: Option<(Written, String)> = None;
    // Images inside that one's text (`![a ![b](c)](d)`), whose ends are not its end.
    let mut inner_images = 0usize;
    // A container's class, fold, whether it starts open, and title (none
    // for `!!! note ""`), from the marker before its box.
    let mut container: Option<(&'static str, bool, bool, Option<String>)> = None;
    // What closes each open callout box, innermost last.
    let mut boxes: Vec<&'static str> = Vec::new();
    // A fenced block in a language, read to be highlighted: its info string
    // and its events, kept in case the language is not one quire knows.
    let mut code: Option<(String, Vec<Event>)> = None;
    for event in prepared.events {
        if let Some((lang, held)) = &mut code {
            if matches!(event, Event::End(TagEnd::CodeBlock)) {
                let text: String = held
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let info = crate::markdown::fences::Info::read(lang);
                if let Some(title) = &info.title {
                    out.push(Event::Html(CowStr::from(format!(
                        "<figure class=\"code-titled\"><figcaption class=\"code-title\">{}</figcaption>\n",
                        escape_attr(title)
                    ))));
                }
                let html = crate::markdown::highlight::html(info.lang, &text, &info.marked)
                    .or_else(|| {
                        (!info.marked.is_empty()).then(|| {
                            crate::markdown::highlight::plain(info.lang, &text, &info.marked)
                        })
                    });
                match html {
                    Some(html) => out.push(Event::Html(CowStr::from(html))),
                    None => {
                        out.append(held);
                        out.push(event);
                    }
                }
                if info.title.is_some() {
                    out.push(Event::Html(CowStr::Borrowed("</figure>\n")));
                }
                code = None;
            } else {
                held.push(event);
            }
            continue;
        }
        if let Some((_, alt)) = &mut image {
            match event {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                Event::Start(Tag::Image { .. }) => inner_images += 1,
                Event::End(TagEnd::Image) if inner_images > 0 => inner_images -= 1,
                Event::End(TagEnd::Image) => {
                    let html = match image.take() {
                        Some((Written::Sized(start), alt)) => {
                            start.replacen("\0alt", &escape_attr(&alt), 1)
                        }
                        Some((Written::Media(kind, href), alt)) => {
                            let player = prepared.html == Policy::Allow;
                            crate::markdown::media::html(kind, &href, &alt, player)
                        }
                        None => String::new(),
                    };
                    out.push(Event::Html(CowStr::from(html)));
                }
                _ => {}
            }
            continue;
        }
        if let Some(code) = &mut script {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    out.push(Event::Html(CowStr::from(script_html(code, language))));
                    script = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, ref id, .. }) => {
                if script_section.is_some_and(|l| level <= l) {
                    script_section = None;
                }
                if headings
                    .next()
                    .is_some_and(|h| outline::normalize_heading(&h.text) == fences::SCRIPT_HEADING)
                {
                    script_section = Some(level);
                }
                anchor = id.as_deref().map(str::to_string);
                out.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(id) = anchor.take() {
                    out.push(Event::Html(CowStr::from(format!(
                        " <a class=\"anchor\" href=\"#{}\" aria-label=\"{}\">#</a>",
                        escape_attr(&crate::base::urls::encode_fragment(&id)),
                        i18n::t(language, "link_here")
                    ))));
                }
                out.push(event);
            }
            Event::Start(Tag::CodeBlock(ref kind))
                if script_section.is_some() || is_script_block(kind) =>
            {
                script = Some(String::new());
            }
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(ref info)))
                if !info.trim().is_empty() =>
            {
                // The whole info string: `fences` reads its title and marks.
                code = Some((info.to_string(), vec![event]));
            }
            Event::InlineMath(ref marker) if &**marker == crate::markdown::toc::MARKER => {
                out.push(Event::Html(CowStr::from(crate::markdown::toc::html(
                    &prepared.headings,
                    language,
                ))))
            }
            Event::InlineMath(ref marker)
                if marker.starts_with(crate::markdown::containers::MARKER)
                    || marker.starts_with(crate::markdown::containers::ADMONITION) =>
            {
                container = crate::markdown::containers::shown(marker, language).map(|s| {
                    let title = s.title.map(std::borrow::Cow::into_owned);
                    (s.class, s.details, s.open, title)
                });
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, key) = callout(kind);
                let (class, details, open, title) = container.take().unwrap_or_else(|| {
                    (
                        class,
                        false,
                        false,
                        Some(i18n::t(language, key).to_string()),
                    )
                });
                if details && !prepared.placed {
                    // A fold needs a summary: with no title, its type's.
                    let title = escape_attr(&title.unwrap_or_else(|| {
                        i18n::t(language, &format!("callout_{class}")).to_string()
                    }));
                    let open = if open { " open" } else { "" };
                    let fold = if class == "details" {
                        String::new()
                    } else {
                        " callout-fold".to_string()
                    };
                    boxes.push("</details>\n");
                    out.push(Event::Html(CowStr::from(format!(
                        "<details class=\"callout callout-{class}{fold}\"{open}><summary class=\"callout-title\">{title}</summary>\n"
                    ))));
                } else {
                    let title = title.map_or_else(String::new, |t| {
                        format!("<p class=\"callout-title\">{}</p>", escape_attr(&t))
                    });
                    boxes.push("</div>\n");
                    out.push(Event::Html(CowStr::from(format!(
                        "<div class=\"callout callout-{class}\" role=\"note\">{title}\n"
                    ))));
                }
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                out.push(Event::Html(CowStr::from(boxes.pop().unwrap_or("</div>\n"))));
            }
            Event::Start(Tag::Link {
                dest_url,
                title,
                id,
                ..
            }) if &*id == TERM_LINK => out.push(Event::Html(CowStr::from(format!(
                "<a class=\"term\" href=\"{}\" title=\"{}\">",
                escape_attr(&dest_url),
                escape_attr(&title)
            )))),
            Event::Start(Tag::Image { ref dest_url, .. })
                if crate::markdown::media::kind(dest_url).is_some() =>
            {
                if let Some(kind) = crate::markdown::media::kind(dest_url) {
                    image = Some((Written::Media(kind, dest_url.to_string()), String::new()));
                }
            }
            Event::Start(Tag::Image {
                ref dest_url,
                ref title,
                ref id,
                ..
            }) if image_size(id).is_some() => {
                // pulldown-cmark writes no width or height: the tag is
                // written here, so the page keeps its layout while it loads.
                let (w, h) = image_size(id).unwrap_or_default();
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape_attr(title))
                };
                image = Some((
                    Written::Sized(format!(
                        "<img src=\"{}\" alt=\"\0alt\"{title} width=\"{w}\" height=\"{h}\" />",
                        escape_attr(dest_url)
                    )),
                    String::new(),
                ));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                raw = true;
                out.push(event);
            }
            other => out.push(other),
        }
    }
    let mut html_out = String::new();
    pulldown_cmark::html::push_html(&mut html_out, out.into_iter());
    if raw && prepared.html == Policy::Sanitize {
        html_out = raw_html::clean(&html_out);
    }
    Rendered {
        html: html_out,
        headings: prepared.headings,
        terms_used: prepared.terms_used,
    }
}

/// A fenced block marked as a script: ```` ```script ```` or ```` ```话术 ````.
fn is_script_block(kind: &pulldown_cmark::CodeBlockKind) -> bool {
    matches!(kind, pulldown_cmark::CodeBlockKind::Fenced(info)
        if info.split_whitespace().next().is_some_and(fences::is_script))
}

/// A script as operators use it: the text as it is sent, `{变量}`
/// placeholders marked, and a button that copies the text exactly.
pub fn script_html(text: &str, language: Language) -> String {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut body = String::with_capacity(text.len() + 64);
    let mut last = 0;
    for (start, name) in outline::placeholders_in(text) {
        let end = start + name.len() + 2;
        body.push_str(&escape_attr(&text[last..start]));
        body.push_str("<span class=\"var\">");
        body.push_str(&escape_attr(&text[start..end]));
        body.push_str("</span>");
        last = end;
    }
    body.push_str(&escape_attr(&text[last..]));
    format!(
        "<figure class=\"script\"><pre><code>{body}</code></pre><button type=\"button\" class=\"copy\" data-copied=\"{}\">{}</button></figure>\n",
        i18n::t(language, "copied"),
        i18n::t(language, "copy"),
    )
}
