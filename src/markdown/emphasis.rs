//! Chinese emphasis. CommonMark's flanking rule decides whether `**` may open
//! or close emphasis by looking at the characters around it, and treats CJK
//! punctuation like ASCII punctuation. So `**注意：**正文` (a closing `**`
//! after `：` and before a letter) stays literal in pulldown-cmark, although
//! Chinese authors write exactly this all the time.
//!
//! This pass runs on the event stream after pulldown-cmark: it finds the `*`
//! runs that were left as literal text, pairs them the way an author means
//! (an opener is followed by a non-space, a closer preceded by one, both in
//! the same inline container), and turns a pair into `<em>`/`<strong>` only
//! when a CJK character touches one of its delimiters, so Latin text keeps
//! CommonMark's behaviour exactly.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::base::script;

type Spanned<'a> = (Event<'a>, Range<usize>);

#[derive(Debug, Clone, Copy)]
struct Delim {
    event: usize,
    /// Byte offset of the run within the event's text.
    pos: usize,
    len: usize,
    can_open: bool,
    can_close: bool,
    cjk: bool,
    scope: usize,
    /// Byte offset of the run in the source.
    abs: usize,
}

/// Rewrites literal `*`/`**` pairs next to CJK text into emphasis events.
pub fn fix<'a>(events: Vec<Spanned<'a>>, source: &str) -> Vec<Spanned<'a>> {
    let events = merge_literal_text(events, source);
    let delims = find_delims(&events, source);
    if delims.is_empty() {
        return events;
    }
    let pairs = pair(&delims);
    if pairs.is_empty() {
        return events;
    }
    // For each event, the (pos, len, is_open) splits to make in it.
    let mut splits: Vec<Vec<(usize, usize, bool)>> = vec![Vec::new(); events.len()];
    for (open, close) in pairs {
        let (o, c) = (delims[open], delims[close]);
        splits[o.event].push((o.pos, o.len, true));
        splits[c.event].push((c.pos, c.len, false));
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    for (i, (event, range)) in events.into_iter().enumerate() {
        if splits[i].is_empty() {
            out.push((event, range));
            continue;
        }
        let Event::Text(text) = &event else {
            unreachable!("delimiters are only found in text")
        };
        let mut cuts = std::mem::take(&mut splits[i]);
        cuts.sort_unstable();
        let mut last = 0;
        for (pos, len, is_open) in cuts {
            if pos > last {
                out.push((
                    Event::Text(CowStr::from(text[last..pos].to_string())),
                    range.start + last..range.start + pos,
                ));
            }
            let tag_range = range.start + pos..range.start + pos + len;
            let event = match (len, is_open) {
                (1, true) => Event::Start(Tag::Emphasis),
                (1, false) => Event::End(TagEnd::Emphasis),
                (_, true) => Event::Start(Tag::Strong),
                (_, false) => Event::End(TagEnd::Strong),
            };
            out.push((event, tag_range));
            last = pos + len;
        }
        if last < text.len() {
            out.push((
                Event::Text(CowStr::from(text[last..].to_string())),
                range.start + last..range.end,
            ));
        }
    }
    out
}

/// pulldown-cmark emits each unmatched `*` as its own text event; joins
/// adjacent text that stands verbatim in the source so runs can be seen whole.
/// Text from escapes and entities differs from its source and stays apart.
fn merge_literal_text<'a>(events: Vec<Spanned<'a>>, source: &str) -> Vec<Spanned<'a>> {
    let literal = |e: &Event, r: &Range<usize>| matches!(e, Event::Text(t) if source.get(r.clone()) == Some(&**t));
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    // The run being merged, built in one buffer so a long run stays linear.
    let mut run: Option<(String, Range<usize>)> = None;
    for (event, range) in events {
        if literal(&event, &range) {
            if let (Some((text, run_range)), Event::Text(t)) = (run.as_mut(), &event) {
                if run_range.end == range.start {
                    text.push_str(t);
                    run_range.end = range.end;
                    continue;
                }
            }
            if let Some((text, r)) = run.take() {
                out.push((Event::Text(CowStr::from(text)), r));
            }
            if let Event::Text(t) = &event {
                run = Some((t.to_string(), range));
            }
            continue;
        }
        if let Some((text, r)) = run.take() {
            out.push((Event::Text(CowStr::from(text)), r));
        }
        out.push((event, range));
    }
    if let Some((text, r)) = run {
        out.push((Event::Text(CowStr::from(text)), r));
    }
    out
}

fn find_delims(events: &[Spanned<'_>], source: &str) -> Vec<Delim> {
    let mut delims = Vec::new();
    let mut scopes = vec![0usize];
    let mut next_scope = 1;
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => {
                scopes.push(next_scope);
                next_scope += 1;
            }
            Event::End(_) => {
                scopes.pop();
            }
            // Only text that appears verbatim in the source: an escaped `\*`
            // or an entity produces text that differs from its source slice.
            Event::Text(text)
                if text.contains('*') && source.get(range.clone()) == Some(&**text) =>
            {
                let bytes = text.as_bytes();
                let mut p = 0;
                while p < bytes.len() {
                    if bytes[p] != b'*' {
                        p += 1;
                        continue;
                    }
                    let start = p;
                    while p < bytes.len() && bytes[p] == b'*' {
                        p += 1;
                    }
                    let len = p - start;
                    let abs = range.start + start;
                    let before = source[..abs].chars().next_back();
                    let after = source[abs + len..].chars().next();
                    let backslashes = source[..abs]
                        .bytes()
                        .rev()
                        .take_while(|&b| b == b'\\')
                        .count();
                    if len <= 2 && backslashes % 2 == 0 {
                        delims.push(Delim {
                            event: i,
                            pos: start,
                            len,
                            can_open: after.is_some_and(|c| !c.is_whitespace()),
                            can_close: before.is_some_and(|c| !c.is_whitespace()),
                            cjk: before.is_some_and(touches_cjk) || after.is_some_and(touches_cjk),
                            scope: *scopes.last().unwrap_or(&0),
                            abs,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    delims
}

/// Pairs openers with closers like CommonMark's delimiter stack: a closer
/// takes the nearest matching opener in its container and discards the
/// unmatched openers in between.
fn pair(delims: &[Delim]) -> Vec<(usize, usize)> {
    let mut stack: Vec<usize> = Vec::new();
    let mut pairs = Vec::new();
    for (i, d) in delims.iter().enumerate() {
        if d.can_close {
            let found = stack.iter().rposition(|&o| {
                let o = &delims[o];
                let empty = o.abs + o.len == d.abs;
                o.scope == d.scope && o.len == d.len && !empty && (o.cjk || d.cjk)
            });
            if let Some(at) = found {
                pairs.push((stack[at], i));
                stack.truncate(at);
                continue;
            }
        }
        if d.can_open {
            stack.push(i);
        }
    }
    pairs
}

/// Whether a character beside a delimiter makes the pair Chinese emphasis:
/// CJK, or a curly quote, since Chinese quotes a bold phrase with the same
/// marks English uses (`**“引号”**后面`). Latin text between curly quotes
/// gains nothing: its delimiters pair the CommonMark way too.
fn touches_cjk(c: char) -> bool {
    script::is_cjk(c) || script::is_curly_quote(c)
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{html, Parser};

    fn render(md: &str) -> String {
        let events = Parser::new(md).into_offset_iter().collect();
        let mut out = String::new();
        html::push_html(&mut out, super::fix(events, md).into_iter().map(|(e, _)| e));
        out
    }

    #[test]
    fn bold_after_chinese_punctuation() {
        assert_eq!(
            render("**注意：**正文"),
            "<p><strong>注意：</strong>正文</p>\n"
        );
        assert_eq!(
            render("**“引号”**后面"),
            "<p><strong>“引号”</strong>后面</p>\n"
        );
        assert_eq!(render("*强调：*文字"), "<p><em>强调：</em>文字</p>\n");
    }

    #[test]
    fn bold_inside_chinese_text() {
        assert_eq!(
            render("这是**重点**内容"),
            "<p>这是<strong>重点</strong>内容</p>\n"
        );
        assert_eq!(
            render("第一，**先加好友（1 对 1）**，再拉群"),
            "<p>第一，<strong>先加好友（1 对 1）</strong>，再拉群</p>\n"
        );
    }

    #[test]
    fn bold_spanning_a_link() {
        assert_eq!(
            render("**见[群规](a.md)：**正文"),
            "<p><strong>见<a href=\"a.md\">群规</a>：</strong>正文</p>\n"
        );
    }

    #[test]
    fn latin_text_and_escapes_keep_commonmark_behaviour() {
        assert_eq!(render("a ** b ** c"), "<p>a ** b ** c</p>\n");
        assert_eq!(render("\\*\\*不是\\*\\*"), "<p>**不是**</p>\n");
        assert_eq!(
            render("`**代码：**正文`"),
            "<p><code>**代码：**正文</code></p>\n"
        );
        assert_eq!(render("foo**bar:**baz"), "<p>foo**bar:**baz</p>\n");
        assert_eq!(render("****"), "<hr />\n");
    }

    #[test]
    fn what_touches_cjk_is_what_it_was_but_for_extensions_g_and_h() {
        // The set this pass had before `base::script` held the one `is_cjk`.
        let before = |c: char| {
            matches!(c as u32,
                0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
                | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF | 0x201C..=0x201D | 0x2018..=0x2019)
        };
        let changed: Vec<u32> = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter(|&c| super::touches_cjk(c) != before(c))
            .map(|c| c as u32)
            .collect();
        // Plane 3 (extensions G and H) is Han too, and now counts.
        assert!(changed.iter().all(|c| (0x30000..=0x3FFFF).contains(c)));
        assert_eq!(changed.len(), 0x10000);
        assert_eq!(
            render("**x.**\u{30000}"),
            "<p><strong>x.</strong>\u{30000}</p>\n"
        );
    }
}
