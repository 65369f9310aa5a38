//! Bare web addresses in text become links, as GitHub's extended autolinks
//! do: `https://example.com/a` and `www.example.com` written in a sentence.
//! pulldown-cmark (0.13) has no such option, so this pass runs over the
//! parsed events, before any stage reads them, and every stage sees the
//! same links: the checks, `check --external`, the glossary (which never
//! links inside a link) and every output.
//!
//! Chinese text puts no space around an address, so an address may follow
//! any non-ASCII character (`详见https://…`), and it ends at whitespace, at
//! `<`, and at full-width punctuation (`，。）」`). Its host is ASCII, so a
//! Chinese character right after the host ends it too (`https://a.cn了解`);
//! after a `/` the path may hold Chinese (`…/wiki/邓巴数字`).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Turns the bare addresses in `events` (parsed from `body`) into links.
pub fn link<'a>(events: Vec<Spanned<'a>>, body: &'a str) -> Vec<Spanned<'a>> {
    let bytes = body.as_bytes();
    if memchr::memmem::find(bytes, b"://").is_none()
        && memchr::memmem::find(bytes, b"www.").is_none()
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    // Inside a link, an image (its alt text) or code, nothing is linked;
    // nor between a raw `<a …>` and its `</a>`.
    let (mut inside, mut raw_anchor) = (0usize, false);
    // Adjacent text that stands as it is in the source: pulldown-cmark
    // splits text at `_`, `*` and the like, which addresses hold.
    let mut run: Vec<Spanned<'a>> = Vec::new();
    for (event, range) in events {
        let literal = inside == 0
            && !raw_anchor
            && matches!(&event, Event::Text(t) if body.get(range.clone()) == Some(&**t));
        if literal {
            if run.last().is_some_and(|(_, r)| r.end != range.start) {
                flush(&mut run, &mut out, body);
            }
            run.push((event, range));
            continue;
        }
        flush(&mut run, &mut out, body);
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => inside += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                inside = inside.saturating_sub(1)
            }
            Event::InlineHtml(html) => {
                let tag = html.trim_start_matches('<').to_ascii_lowercase();
                if tag.starts_with("a ") || tag.starts_with("a>") {
                    raw_anchor = true;
                } else if tag.starts_with("/a") {
                    raw_anchor = false;
                }
            }
            _ => {}
        }
        out.push((event, range));
    }
    flush(&mut run, &mut out, body);
    out
}

/// Writes out a run of literal text, with its addresses as links.
fn flush<'a>(run: &mut Vec<Spanned<'a>>, out: &mut Vec<Spanned<'a>>, body: &'a str) {
    let (Some(first), Some(last)) = (run.first(), run.last()) else {
        return;
    };
    let span = first.1.start..last.1.end;
    let text = &body[span.clone()];
    let urls = find(text);
    if urls.is_empty() {
        out.append(run);
        return;
    }
    run.clear();
    let at = |r: Range<usize>| span.start + r.start..span.start + r.end;
    let mut last = 0;
    for url in urls {
        if url.start > last {
            let r = at(last..url.start);
            out.push((Event::Text(CowStr::Borrowed(&body[r.clone()])), r));
        }
        let r = at(url.clone());
        let shown = &body[r.clone()];
        let dest = if shown
            .get(..4)
            .is_some_and(|s| s.eq_ignore_ascii_case("www."))
        {
            CowStr::from(format!("http://{shown}"))
        } else {
            CowStr::Borrowed(shown)
        };
        out.push((
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: dest,
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }),
            r.clone(),
        ));
        out.push((Event::Text(CowStr::Borrowed(shown)), r.clone()));
        out.push((Event::End(TagEnd::Link), r));
        last = url.end;
    }
    if last < text.len() {
        let r = at(last..text.len());
        out.push((Event::Text(CowStr::Borrowed(&body[r.clone()])), r));
    }
}

/// The bare addresses in `text`, as byte ranges.
pub fn find(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(next) = text[i..].find(['h', 'H', 'w']) else {
            break;
        };
        let at = i + next;
        let starts = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || !c.is_ascii() || "*_~(\"'".contains(c));
        match starts.then(|| web_address_len(&text[at..])).flatten() {
            Some(len) => {
                found.push(at..at + len);
                i = at + len;
            }
            None => i = at + 1,
        }
    }
    found
}

/// The length of the `http(s)://` or `www.` address `text` starts with.
fn web_address_len(text: &str) -> Option<usize> {
    // As in GFM, `www.` is lower case; a scheme may be in any case.
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    let host_from = if text.starts_with("www.") {
        0
    } else {
        ["https://", "http://"]
            .into_iter()
            .find(|s| lower.starts_with(s))?
            .len()
    };
    address_len(text, host_from)
}

/// Where an address whose host starts at `host_from` ends: the host (ASCII
/// letters, digits, `-`, `_`, `.`, with at least one `.`), then a port,
/// path, query or fragment, less the punctuation that ends a sentence.
fn address_len(text: &str, host_from: usize) -> Option<usize> {
    let host_len = text[host_from..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(text.len() - host_from);
    let host = text[host_from..host_from + host_len].trim_end_matches('.');
    let last_label = host.rsplit('.').next().unwrap_or("");
    if !host.contains('.') || last_label.is_empty() || last_label.contains('_') {
        return None;
    }
    let mut end = host_from + host_len;
    if text[end..].starts_with(['/', '?', '#', ':']) {
        end += text[end..]
            .find(|c: char| c.is_whitespace() || c == '<' || ends_address(c))
            .unwrap_or(text.len() - end);
    }
    Some(trim_trailing(&text[..end]))
}

/// Full-width and CJK punctuation, which ends an address in Chinese text.
fn ends_address(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'   // 、。「」『』【】〈〉《》
        | '\u{FF00}'..='\u{FFEF}' // ，！？：；（）＂
        | '\u{FE30}'..='\u{FE4F}' // vertical and small forms
        | '\u{2018}'..='\u{201F}' // ‘’“”
        | '\u{2014}' | '\u{2026}' | '\u{00B7}') // — … ·
}

/// GFM's trailing rule: a sentence's `.`, `,`, `!` … after an address is
/// not part of it, nor is a `)` that closes no `(` inside it, nor an
/// entity-like `&amp;` at its end.
fn trim_trailing(url: &str) -> usize {
    let mut end = url.len();
    loop {
        let s = &url[..end];
        let Some(c) = s.chars().next_back() else {
            return end;
        };
        let unbalanced = c == ')' && s.matches(')').count() > s.matches('(').count();
        if "?!.,:*_~'\"".contains(c) || unbalanced {
            end -= 1;
        } else if c == ';' {
            match s[..end - 1].rfind('&') {
                Some(amp)
                    if s[amp + 1..end - 1]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric()) =>
                {
                    end = amp
                }
                _ => return end,
            }
        } else {
            return end;
        }
    }
}

/// The length of the address of any scheme (`ftp://…`) or `www.` that
/// `text` starts with, for the glossary, which never links inside one.
pub fn any_address_len(text: &str) -> Option<usize> {
    let scheme = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .unwrap_or(text.len());
    if scheme > 0 && text[scheme..].starts_with("://") {
        let rest = &text[scheme + 3..];
        let len = rest
            .find(|c: char| c.is_whitespace() || c == '<' || ends_address(c))
            .unwrap_or(rest.len());
        return Some(scheme + 3 + trim_trailing(&rest[..len]));
    }
    web_address_len(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn addresses_end_where_chinese_punctuation_or_a_sentence_does() {
        assert_eq!(
            urls("见 https://example.com/community，然后"),
            ["https://example.com/community"]
        );
        assert_eq!(urls("详见https://example.com了解"), ["https://example.com"]);
        assert_eq!(
            urls("（https://zh.wikipedia.org/wiki/邓巴数字）"),
            ["https://zh.wikipedia.org/wiki/邓巴数字"]
        );
        assert_eq!(urls("Go to www.example.org."), ["www.example.org"]);
        assert_eq!(
            urls("(see https://a.example/x_(y)) and http://b.example/?q=1&amp;"),
            ["https://a.example/x_(y)", "http://b.example/?q=1"]
        );
        assert_eq!(
            urls("http://127.0.0.1:8080/ok。"),
            ["http://127.0.0.1:8080/ok"]
        );
    }

    #[test]
    fn words_that_only_look_like_addresses_stay_text() {
        assert!(urls("xhttps://example.com http://localhost/ awww.example.org what").is_empty());
        assert!(urls("https:// 和 http://. 和 www.").is_empty());
    }

    #[test]
    fn any_scheme_counts_for_the_glossary() {
        let text = "ftp://files.example/community 之后";
        assert_eq!(
            any_address_len(text),
            Some("ftp://files.example/community".len())
        );
        assert_eq!(any_address_len("community"), None);
    }

    #[test]
    fn only_prose_gets_links() {
        use crate::base::i18n::Language;
        use crate::markdown::{render, Context};
        let html = |body: &str| render(body, &Context::plain(Language::Zh)).html;
        assert_eq!(
            html("详见https://example.com/a_b_c，再说。"),
            "<p>详见<a href=\"https://example.com/a_b_c\">https://example.com/a_b_c</a>，再说。</p>\n"
        );
        for body in [
            "`https://example.com/a`",
            "```\nhttps://example.com/a\n```",
            "[https://example.com/a](https://example.com/b)",
            "![https://example.com/a](x.png)",
            "<a href=\"https://example.com/b\">https://example.com/a</a>",
        ] {
            let out = html(body);
            assert!(
                !out.contains("href=\"https://example.com/a\""),
                "{body}: {out}"
            );
        }
        // The one link `<https://…>` already is stays one.
        assert_eq!(html("<https://example.com/a>").matches("<a ").count(), 1);
    }
}
