//! The structure of a playbook body, read in one pass over the Markdown:
//! its headings with the section under each (does it hold real content?),
//! the tables in each section, and the fenced code blocks. The checks work on
//! this instead of on raw Markdown.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Tag, TagEnd};

use crate::markdown;

/// One heading and what its section holds.
#[derive(Debug, Clone)]
pub struct Section {
    pub level: u8,
    pub text: String,
    pub id: String,
    /// The text as compared with element names ([`normalize_heading`]).
    pub key: String,
    /// Byte range of the heading line in the body.
    pub range: Range<usize>,
    /// Real content directly under this heading (before any sub-heading).
    own_content: bool,
    pub tables: Vec<Table>,
    /// The items of the lists directly in this section (not nested lists),
    /// as text with the range from its first character to its last.
    pub list_items: Vec<Cell>,
}

/// A table: header cells and rows of cells with their byte ranges.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub range: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub range: Range<usize>,
}

/// A fenced code block: its language and its text as pieces that stand
/// verbatim in the body (so positions inside it map back to the source).
#[derive(Debug, Clone)]
pub struct CodeBlock {
    pub lang: String,
    pub pieces: Vec<(String, Range<usize>)>,
    /// The heading it sits under, as an index into `sections`.
    pub section: Option<usize>,
    /// The whole block, fences included.
    pub range: Range<usize>,
}

/// A link in the body: where it points and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    /// `[[…]]` rather than `[…](…)`.
    pub wiki: bool,
    /// Byte range of the whole link in the body.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub sections: Vec<Section>,
    pub code_blocks: Vec<CodeBlock>,
    pub links: Vec<LinkRef>,
    /// Images, with `wiki` always false.
    pub images: Vec<LinkRef>,
    /// Raw HTML other than comments; adjoining pieces are one.
    pub raw_html: Vec<RawHtml>,
    /// Inline code, as byte ranges.
    pub inline_code: Vec<Range<usize>>,
}

/// HTML written into the Markdown, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHtml {
    pub text: String,
    pub range: Range<usize>,
}

impl Outline {
    /// Does the section of heading `i` (with its sub-sections) hold real content?
    pub fn has_content(&self, i: usize) -> bool {
        let level = self.sections[i].level;
        self.sections[i..]
            .iter()
            .enumerate()
            .take_while(|(j, s)| *j == 0 || s.level > level)
            .any(|(_, s)| s.own_content)
    }

    /// The indices of heading `i` and its sub-sections.
    /// The sections a body offset stands in: the one whose heading comes
    /// last before it, then each heading above that one.
    pub fn enclosing(&self, offset: usize) -> impl Iterator<Item = usize> + '_ {
        let last = self.sections.iter().rposition(|s| s.range.start <= offset);
        let mut level = u8::MAX;
        (0..last.map_or(0, |l| l + 1)).rev().filter(move |&i| {
            let above = self.sections[i].level < level;
            if above {
                level = self.sections[i].level;
            }
            above
        })
    }

    pub fn subtree(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let level = self.sections[i].level;
        (i..self.sections.len()).take_while(move |&j| j == i || self.sections[j].level > level)
    }
}

/// Reads the outline of a Markdown body.
pub fn outline(body: &str) -> Outline {
    let mut events = markdown::events(body);
    let headings = markdown::assign_heading_ids(&mut events);
    let mut out = Outline::default();
    let mut heading_iter = headings.into_iter();
    let mut in_heading = false;
    let mut table: Option<Table> = None;
    let mut cell: Option<Cell> = None;
    let mut row: Vec<Cell> = Vec::new();
    let mut in_head = false;
    let mut code: Option<CodeBlock> = None;
    let mut list_depth = 0usize;
    let mut item: Option<Cell> = None;
    for (event, range) in events {
        let current = out.sections.len().checked_sub(1);
        let html = matches!(event, Event::Html(_) | Event::InlineHtml(_));
        let event_is_code = matches!(event, Event::Code(_));
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                if let Some(h) = heading_iter.next() {
                    out.sections.push(Section {
                        key: normalize_heading(&h.text),
                        level: h.level,
                        text: h.text,
                        id: h.id,
                        range: h.range,
                        own_content: false,
                        tables: Vec::new(),
                        list_items: Vec::new(),
                    });
                }
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => out.links.push(LinkRef {
                dest: dest_url.to_string(),
                wiki: matches!(link_type, LinkType::WikiLink { .. }),
                range,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => out.images.push(LinkRef {
                dest: dest_url.to_string(),
                wiki: false,
                range,
            }),
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    range,
                    ..Table::default()
                })
            }
            Event::End(TagEnd::Table) => {
                if let (Some(t), Some(i)) = (table.take(), current) {
                    out.sections[i].tables.push(t);
                }
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableCell) => {
                cell = Some(Cell {
                    text: String::new(),
                    range: trim_range(body, range),
                })
            }
            Event::End(TagEnd::TableCell) => {
                if let (Some(c), Some(t)) = (cell.take(), table.as_mut()) {
                    if in_head {
                        t.header.push(c.text.trim().to_string());
                    } else {
                        row.push(Cell {
                            text: c.text.trim().to_string(),
                            range: c.range,
                        });
                    }
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.rows.push(std::mem::take(&mut row));
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some(CodeBlock {
                    lang,
                    pieces: Vec::new(),
                    section: current,
                    range: range.clone(),
                });
            }
            Event::End(TagEnd::CodeBlock) => out.code_blocks.extend(code.take()),
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) if list_depth == 1 => {
                item = Some(Cell {
                    text: String::new(),
                    range: range.start..range.start,
                })
            }
            Event::End(TagEnd::Item) if list_depth == 1 => {
                if let (Some(mut it), Some(i)) = (item.take(), current) {
                    it.text = it.text.trim().to_string();
                    out.sections[i].list_items.push(it);
                }
            }
            Event::SoftBreak | Event::HardBreak if list_depth == 1 => {
                if let Some(it) = item.as_mut() {
                    it.text.push(' ');
                }
            }
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                if event_is_code {
                    out.inline_code.push(range.clone());
                }
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&text);
                }
                if let (Some(it), 1, None) = (item.as_mut(), list_depth, &code) {
                    if it.text.is_empty() {
                        it.range = range.clone();
                    }
                    it.text.push_str(&text);
                    it.range.end = range.end;
                }
                if let Some(block) = code.as_mut() {
                    block.pieces.push((text.to_string(), range.clone()));
                }
                // Column names alone do not make a table say anything.
                let comment = text.trim_start().starts_with("<!--");
                if html && !comment {
                    match out.raw_html.last_mut() {
                        Some(last) if last.range.end == range.start => {
                            last.text.push_str(&text);
                            last.range.end = range.end;
                        }
                        _ => out.raw_html.push(RawHtml {
                            text: text.to_string(),
                            range,
                        }),
                    }
                }
                if !in_heading && !in_head && !comment && is_real_content(&text) {
                    if let Some(i) = current {
                        out.sections[i].own_content = true;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Narrows a range to its text without surrounding spaces and pipes, so a
/// diagnostic on a table cell points at the value, not the `| `.
fn trim_range(body: &str, range: Range<usize>) -> Range<usize> {
    let Some(slice) = body.get(range.clone()) else {
        return range;
    };
    let pad = |c: char| c.is_whitespace() || c == '|';
    let start = range.start + (slice.len() - slice.trim_start_matches(pad).len());
    let end = range.end - (slice.len() - slice.trim_end_matches(pad).len());
    if start <= end {
        start..end
    } else {
        range
    }
}

/// Placeholders an author leaves to fill in later.
pub const PLACEHOLDERS: &[&str] = &[
    "🔲",
    "TODO",
    "TBD",
    "XX",
    "xx",
    "待定",
    "【待确认】",
    "[待确认]",
    "【】",
    "（待补）",
    "(待补)",
    "待补充",
    "此处填写",
    "___",
];

/// The placeholder starting at byte `i` of `text`, as its length in bytes.
/// Latin ones (`TODO`, `TBD`, `XX`) count only as whole words, so `XXL` is
/// not one; a run of underscores or of X counts whole (`XXX`, `____`).
fn placeholder_at(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    if !rest.starts_with(['🔲', 'T', 'X', 'x', '待', '【', '[', '（', '(', '此', '_']) {
        return None;
    }
    let token = PLACEHOLDERS.iter().find(|t| rest.starts_with(**t))?;
    let run = |c: u8| rest.bytes().take_while(|b| *b == c).count();
    let len = match *token {
        "XX" | "xx" => {
            // Only the start of a run, and `XXXXXX` at most: a longer run
            // is not a blank someone left. Counting stops there, so a run of
            // millions is not counted again from each of its positions.
            let x = token.as_bytes()[0];
            if text[..i].ends_with(&token[..1]) {
                return None;
            }
            let len = rest.bytes().take(7).take_while(|b| *b == x).count();
            if len > 6 {
                return None;
            }
            len
        }
        _ => token.len(),
    };
    if token.bytes().all(|b| b.is_ascii_alphabetic()) {
        let before = text[..i].chars().next_back();
        let after = rest[len..].chars().next();
        if before.is_some_and(|c| c.is_ascii_alphanumeric())
            || after.is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return None;
        }
        // `TODO Group`, `TBD Labs`: a capitalized word after it makes it
        // part of a name, which a blank left to fill never is.
        let next_word = rest[len..].strip_prefix(' ').unwrap_or_default();
        if matches!(*token, "TODO" | "TBD")
            && next_word.starts_with(|c: char| c.is_ascii_uppercase())
            && next_word[1..].starts_with(|c: char| c.is_ascii_lowercase())
        {
            return None;
        }
    }
    if *token != "___" {
        return Some(len);
    }
    if text[..i].ends_with('_') {
        return None;
    }
    Some(run(b'_'))
}

/// Every placeholder in `text`, in order, as byte ranges. Searches for each
/// token over the whole text with memchr's vectorized substring search
/// (std's `match_indices` was a sixth of `quire check`'s time) rather than
/// testing every character.
pub fn placeholders(text: &str) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = PLACEHOLDERS
        .iter()
        .flat_map(|token| memchr::memmem::find_iter(text.as_bytes(), token.as_bytes()))
        .filter_map(|i| placeholder_at(text, i).map(|len| i..i + len))
        .collect();
    found.sort_by_key(|r| r.start);
    found.dedup_by(|later, earlier| later.start < earlier.end);
    found
}

/// Text that says something: a letter or digit outside any placeholder
/// (punctuation and whitespace do not count).
pub fn is_real_content(text: &str) -> bool {
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        if let Some(len) = placeholder_at(text, i) {
            i += len;
            continue;
        }
        if c.is_alphanumeric() {
            return true;
        }
        i += c.len_utf8();
    }
    false
}

/// Heading text as compared with element names: trimmed, full-width folded
/// to half-width, lowercased, numbering such as `一、`, `（二）`, `1.` or
/// `第三步：` removed, and spaces and trailing punctuation dropped.
pub fn normalize_heading(text: &str) -> String {
    heading_label(text)
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A heading as an author would name it elsewhere: full-width forms folded,
/// numbering and trailing punctuation removed (`三、群宗旨：` → `群宗旨`).
pub fn heading_label(text: &str) -> String {
    let folded: String = text.chars().map(fold_width).collect();
    strip_numbering(folded.trim())
        .trim_end_matches([':', '.', '、', '。'])
        .trim()
        .to_string()
}

/// A heading as an author would write it as an alias: numbering and
/// trailing punctuation removed, the rest as typed (`三、群宗旨：` → `群宗旨`,
/// `第1天：欢迎` stays); aliases are normalized like headings when matched.
pub fn heading_alias(text: &str) -> String {
    let label = heading_label(text);
    // Numbering and the trailing marks are ASCII once folded, so the label
    // is the typed text with a prefix and suffix cut off; find it there.
    let folded: String = text.chars().map(fold_width).collect();
    match folded.find(&label) {
        Some(at) => {
            let start = folded[..at].chars().count();
            let len = label.chars().count();
            text.chars().skip(start).take(len).collect()
        }
        None => label,
    }
}

fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十百零〇两".contains(c)
}

/// Removes leading numbering: `一、`, `1.`, `2)`, `(三)`, `第三步：`, `第2章`.
fn strip_numbering(s: &str) -> &str {
    let sep = |c: char| matches!(c, '、' | '.' | ':' | ')' | ']' | '-' | '—') || c.is_whitespace();
    // `第 N [步章节条部分项篇]`
    if let Some(rest) = s.strip_prefix('第') {
        let after_num = rest.trim_start_matches(is_numeral);
        if after_num.len() < rest.len() {
            let after_unit =
                after_num.trim_start_matches(['步', '章', '节', '条', '项', '篇', '部', '分']);
            let after_sep = after_unit.trim_start_matches(sep);
            if after_unit.len() < after_num.len() || after_sep.len() < after_unit.len() {
                return after_sep;
            }
        }
    }
    // `(N)` with any brackets.
    if let Some(rest) = s.strip_prefix(['(', '[']) {
        let after_num = rest.trim_start_matches(is_numeral);
        if after_num.len() < rest.len() && after_num.starts_with([')', ']']) {
            return after_num[1..].trim_start_matches(sep);
        }
    }
    // `N、` / `N.` / `N)` — a separator is required, so `五要素` keeps its `五`.
    let after_num = s.trim_start_matches(is_numeral);
    if after_num.len() < s.len() && after_num.starts_with(sep) {
        let rest = after_num.trim_start_matches(sep);
        // `1.2 定位`
        let rest = rest
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .trim_start();
        if !rest.is_empty() {
            return rest;
        }
    }
    s
}

/// `{name}` placeholders in a script: (byte offset of `{`, name).
pub fn placeholders_in(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('{') {
        let start = rest + open;
        let Some(close) = text[start + 1..].find(['}', '{', '\n']) else {
            break;
        };
        let end = start + 1 + close;
        let name = &text[start + 1..end];
        if text[end..].starts_with('}')
            && !name.trim().is_empty()
            && name.chars().count() <= 24
            && !name.contains(char::is_whitespace)
        {
            found.push((start, name));
        }
        rest = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_normalized_like_an_author_means_them() {
        for (heading, want) in [
            ("一、定位", "定位"),
            ("（二）入群门槛", "入群门槛"),
            ("(2) 入群门槛", "入群门槛"),
            ("1. 发言规范", "发言规范"),
            ("1.2 发言规范", "发言规范"),
            ("第三步：复盘", "复盘"),
            ("第3章 复盘", "复盘"),
            ("  定位：", "定位"),
            ("五要素", "五要素"),
            ("十点读书", "十点读书"),
            ("Speaking Rules", "speakingrules"),
            ("ＫＯＬ　管理", "kol管理"),
        ] {
            assert_eq!(normalize_heading(heading), want, "{heading}");
        }
    }

    #[test]
    fn sections_know_their_content_and_tables() {
        let o = outline(
            "## 目标\n\n待定\n\n## 步骤\n\n| 时间 | 负责人 |\n|---|---|\n| D-1 | 助教 |\n\n## 五要素\n\n### 同好\n\n读书。\n\n## 空\n",
        );
        let names: Vec<_> = o.sections.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(names, ["目标", "步骤", "五要素", "同好", "空"]);
        assert!(!o.has_content(0), "only a placeholder");
        assert!(o.has_content(1));
        assert!(o.has_content(2), "content in a sub-section counts");
        assert!(!o.has_content(4));
        let t = &o.sections[1].tables[0];
        assert_eq!(t.header, ["时间", "负责人"]);
        assert_eq!(t.rows[0][1].text, "助教");
        let body = "## 步骤\n\n| 时间 | 负责人 |\n|---|---|\n| D-1 | 助教 |\n";
        let cell = &outline(body).sections[0].tables[0].rows[0][0];
        assert_eq!(
            &body[cell.range.clone()],
            "D-1",
            "a cell's range covers its value"
        );
    }

    #[test]
    fn code_blocks_keep_source_positions() {
        let body = "## 话术\n\n```script\n你好{昵称}\n```\n";
        let o = outline(body);
        let block = &o.code_blocks[0];
        assert_eq!((block.lang.as_str(), block.section), ("script", Some(0)));
        let (text, range) = &block.pieces[0];
        assert_eq!(&body[range.clone()], text);
    }
}
