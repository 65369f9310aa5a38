//! Syntax of other site generators that quire does not run: Hugo
//! shortcodes (`{{< figure … >}}`), Jekyll's Liquid (`{% include … %}`,
//! `{{ page.title }}`), MDX (`import … from '…'`, `<Tabs>`, `{/* … */}`),
//! VuePress and VitePress components (`<Badge text="新" />`) and Pandoc
//! or kramdown attributes (`{width=50%}`, `{: .note}`).
//!
//! [`find`] says where each is, what quire does with it and what to write
//! instead; [`crate::markdown::events`] applies that (a line that holds
//! nothing else is blanked before parsing, so it splits no paragraph; the
//! rest is cut out of the text events), and the check reports every one
//! as `foreign-syntax`. Nothing in code is touched.

use crate::base::i18n::Text;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::base::codes::Code;
use crate::markdown::{escape_attr, Finding};

type Spanned<'a> = (Event<'a>, Range<usize>);

/// What the page shows in place of a piece of foreign syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Hidden,
    /// Shown as written: a value quire cannot fill in.
    Kept,
    /// Its text in its place (`<Badge text="新" />` shows 新).
    Replaced(String),
}

/// One piece of foreign syntax.
#[derive(Debug, Clone)]
pub struct Foreign {
    pub range: Range<usize>,
    pub shown: Shown,
    /// Whether its line holds nothing else, so the whole line goes.
    pub line: bool,
    message: Text,
    help: Text,
}

/// Whether `body` may hold foreign syntax, to skip the work on most pages.
pub fn may_hold(body: &str) -> bool {
    let b = body.as_bytes();
    memchr::memchr_iter(b'{', b).any(|i| {
        matches!(b.get(i + 1), Some(b'{' | b'%' | b'/' | b':' | b'.' | b'#'))
            || b[i + 1..]
                .iter()
                .take(40)
                .take_while(|&&c| c != b'}')
                .any(|&c| c == b'=')
    }) || memchr::memchr_iter(b'<', b).any(|i| {
        let next = if b.get(i + 1) == Some(&b'/') {
            i + 2
        } else {
            i + 1
        };
        b.get(next).is_some_and(u8::is_ascii_uppercase)
    }) || memchr::memmem::find(b, b"import ").is_some()
        || memchr::memmem::find(b, b"export ").is_some()
}

/// The foreign syntax of `body`, in order. `parsed` is the body's events
/// as parsed, for where code and headings are.
pub fn find(body: &str, parsed: &[Spanned]) -> Vec<Foreign> {
    let mut code: Vec<Range<usize>> = Vec::new();
    let mut headings: Vec<Range<usize>> = Vec::new();
    for (event, range) in parsed {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => code.push(range.clone()),
            Event::Start(Tag::Heading { .. }) => headings.push(range.clone()),
            _ => {}
        }
    }
    let inside = crate::markdown::borrowed::in_ranges;
    let mut out: Vec<Foreign> = Vec::new();
    let b = body.as_bytes();
    let mut next = Next::default();
    let mut i = 0;
    while i < b.len() {
        let found = match b[i] {
            b'{' if !inside(&code, i) => braces(body, i, inside(&headings, i), &mut next),
            b'<' if !inside(&code, i) => component(body, i, &mut next),
            b'i' | b'e' if (i == 0 || b[i - 1] == b'\n') && !inside(&code, i) => mdx_line(body, i),
            _ => None,
        };
        match found {
            Some(f) => {
                i = f.range.end.max(i + 1);
                out.push(f);
            }
            None => i += 1,
        }
    }
    whole_lines(body, &mut out);
    out
}

/// Where each closing mark (`>}}`, `%}`, `>` …) next occurs, remembered, so
/// a body of openings never closed is read once, not once per opening.
#[derive(Default)]
struct Next(Vec<(&'static str, usize, Option<usize>)>);

impl Next {
    /// How far the next `close` at or after `at` is, if within [`NEAR`] bytes.
    fn find(&mut self, body: &str, close: &'static str, at: usize) -> Option<usize> {
        let k = match self.0.iter().position(|(c, ..)| *c == close) {
            Some(k) => k,
            None => {
                self.0.push((close, usize::MAX, None));
                self.0.len() - 1
            }
        };
        let (_, from, found) = self.0[k];
        // The first one after an earlier start is the first after `at`
        // too, when it is not before `at`; none after it, none after `at`.
        let found = if from <= at && found.is_none_or(|p| p >= at) {
            found
        } else {
            memchr::memmem::find(&body.as_bytes()[at..], close.as_bytes()).map(|i| at + i)
        };
        self.0[k] = (close, at, found);
        found.filter(|&p| p - at <= NEAR).map(|p| p - at)
    }
}

/// Past this many bytes, an opening without its end is text.
const NEAR: usize = 2_000;

/// Marks the pieces whose line holds nothing else (all of them hidden).
fn whole_lines(body: &str, found: &mut [Foreign]) {
    let line_of = |at: usize| {
        let start = body[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = body[at..].find('\n').map_or(body.len(), |i| at + i);
        start..end
    };
    let mut k = 0;
    while k < found.len() {
        let line = line_of(found[k].range.start);
        let mut j = k;
        let mut rest = String::new();
        let mut last = line.start;
        while j < found.len() && found[j].range.start < line.end {
            rest.push_str(&body[last..found[j].range.start.max(last)]);
            last = found[j].range.end;
            j += 1;
        }
        rest.push_str(body.get(last.min(line.end)..line.end).unwrap_or(""));
        let whole = rest.trim().is_empty()
            && found[k..j].iter().all(|f| f.shown == Shown::Hidden)
            && found[j - 1].range.end <= line.end;
        for f in &mut found[k..j] {
            f.line = whole;
        }
        k = j;
    }
}

/// `text` as a message shows it: its first line, at most 40 characters.
fn quoted(text: &str) -> String {
    let first = text.lines().next().unwrap_or("");
    let shown: String = first.chars().take(40).collect();
    if shown.len() < text.trim_end().len() {
        format!("{shown}…")
    } else {
        shown
    }
}

fn foreign(range: Range<usize>, shown: Shown, message: Text, help: Text) -> Foreign {
    Foreign {
        range,
        shown,
        line: false,
        message,
        help,
    }
}

/// What starts with `{` at `at`: a Hugo shortcode, a Liquid tag or value,
/// an MDX comment, a Pandoc or kramdown attribute list.
fn braces(body: &str, at: usize, in_heading: bool, next: &mut Next) -> Option<Foreign> {
    let rest = &body[at..];
    let mut near = |close: &'static str| next.find(body, close, at);
    if let Some(open) = ["{{<", "{{%"].into_iter().find(|o| rest.starts_with(o)) {
        let close = if open == "{{<" { ">}}" } else { "%}}" };
        let end = at + near(close)? + 3;
        let text = &body[at..end];
        let name = text[3..text.len() - 3]
            .trim()
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        return Some(foreign(
            at..end,
            Shown::Hidden,
            crate::tr!(
                "`{}` 是 Hugo 的短代码，quire 不支持，页面上不会显示出来",
                "`{}` is a Hugo shortcode, which quire does not run: it is left out of the page",
                quoted(text)
            ),
            shortcode_help(name),
        ));
    }
    if rest.starts_with("{%") {
        let end = at + near("%}")? + 2;
        let text = &body[at..end];
        let name = text[2..text.len() - 2]
            .trim()
            .trim_start_matches('-')
            .split_whitespace()
            .next()
            .unwrap_or("");
        return Some(foreign(
            at..end,
            Shown::Hidden,
            crate::tr!(
                "`{}` 是 Jekyll（Liquid）的标签，quire 不支持，页面上不会显示出来", "`{}` is a Jekyll (Liquid) tag, which quire does not run: it is left out of the page",
                quoted(text)
            ),
            liquid_help(name),
        ));
    }
    if rest.starts_with("{{") {
        let end = at + near("}}")? + 2;
        let inner = body[at + 2..end - 2].trim();
        // `{{ page.title }}`, `{{ .Title }}`, `{{ site.x | upcase }}`; not a
        // placeholder an operator writes in a script (`{{昵称}}`).
        let value = !inner.is_empty()
            && inner.is_ascii()
            && (inner.contains('.') || inner.contains('|'))
            && inner
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"._|: \"'-".contains(&c));
        if !value {
            return None;
        }
        return Some(foreign(
            at..end,
            Shown::Kept,
            crate::tr!(
                "`{}` 是 Jekyll 或 Hugo 的模板变量，quire 不会填上它：按原样显示", "`{}` is a Jekyll or Hugo template value, which quire does not fill in: it is shown as written",
                quoted(&body[at..end])
            ),
            crate::tr!("写出它代表的文字", "write the text it stands for"),
        ));
    }
    if rest.starts_with("{/*") {
        let end = at + near("*/}")? + 3;
        return Some(foreign(
            at..end,
            Shown::Hidden,
            crate::tr!(
                "`{}` 是 MDX 注释：页面上不显示",
                "`{}` is an MDX comment: it is left out of the page",
                quoted(&body[at..end])
            ),
            crate::tr!(
                "改写成 HTML 注释：`<!-- … -->`",
                "write an HTML comment, `<!-- … -->`"
            ),
        ));
    }
    let end = at + near("}")? + 1;
    let inner = &body[at + 1..end - 1];
    if !attributes(inner) {
        return None;
    }
    // A heading's `{#id .class}` is read as such; only what follows other
    // elements is foreign.
    if in_heading && !inner.starts_with(':') {
        return None;
    }
    let sized = inner.contains("width") || inner.contains("height");
    Some(foreign(
        at..end,
        Shown::Hidden,
        crate::tr!(
            "`{}` 是 Pandoc 或 kramdown 的属性，quire 不读它：页面上不显示", "`{}` is a Pandoc or kramdown attribute, which quire does not read: it is left out of the page",
            quoted(&body[at..end])
        ),
        if inner.trim_start_matches(':').trim() == "toc" {
            crate::tr!("要显示本页目录，在单独一行写 `[[toc]]`", "write `[[toc]]` on a line of its own for the page's contents")
        } else if sized {
            crate::tr!("quire 按图片本身的大小显示；要显示得小一点，写成 HTML：`<img src=\"图.png\" alt=\"说明\" width=\"300\">`", "quire gives every image its own size; to show one smaller, write it as HTML: `<img src=\"图.png\" alt=\"说明\" width=\"300\">`")
        } else {
            crate::tr!("只有标题能带 id 和 class，写成 `## 标题 {{#id .class}}`；其他元素都不能带", "a heading takes an id and classes as `## 标题 {{#id .class}}`; other elements take none")
        },
    ))
}

/// `.class`, `#id`, `key=value` and (after kramdown's `:`) names, spaced.
fn attributes(inner: &str) -> bool {
    let (kramdown, inner) = match inner.strip_prefix(':') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let mut any = false;
    for token in inner.split_whitespace() {
        let ok = if let Some(n) = token.strip_prefix(['.', '#']) {
            name(n)
        } else if let Some((k, v)) = token.split_once('=') {
            name(k) && !v.is_empty()
        } else {
            kramdown && name(token)
        };
        if !ok {
            return false;
        }
        any = true;
    }
    any
}

fn shortcode_help(name: &str) -> Text {
    match name {
        "figure" | "img" | "image" => crate::tr!(
            "用 Markdown 写图片：`![说明](图片.png)`",
            "write the image in Markdown: `![说明](图片.png)`"
        ),
        "ref" | "relref" => crate::tr!(
            "写一个指向这个文件的链接：`[文字](../sop/welcome.md)`",
            "write a link to the file: `[文字](../sop/welcome.md)`"
        ),
        "notice" | "hint" | "alert" | "admonition" | "callout" | "note" | "tip" | "warning" => {
            callout_help()
        }
        "details" | "expand" | "collapse" => details_help(),
        "highlight" | "code" => crate::tr!(
            "写成带语言的代码块：```` ```yaml ````",
            "write a fenced code block with its language: ```` ```yaml ````"
        ),
        "youtube" | "vimeo" | "bilibili" | "video" => crate::tr!(
            "链接到视频：`[视频](https://…)`",
            "link to the video: `[视频](https://…)`"
        ),
        "tabs" | "tab" => crate::tr!("每个标签页写一个标题", "write a heading for each tab"),
        _ => crate::tr!(
            "把它要显示的内容用 Markdown 写出来",
            "write what it shows in Markdown"
        ),
    }
}

fn callout_help() -> Text {
    crate::tr!(
        "写成提示框：`> [!TIP]` 或 `::: tip` … `:::`",
        "write a callout: `> [!TIP]` or `::: tip` … `:::`"
    )
}

fn details_help() -> Text {
    crate::tr!(
        "写成 `::: details 标题` … `:::`",
        "write `::: details 标题` … `:::`"
    )
}

fn liquid_help(name: &str) -> Text {
    match name {
        "raw" | "endraw" => crate::tr!(
            "quire 会按原样显示文字：删掉这个标签",
            "quire shows the text as written: delete the tag"
        ),
        "include" | "include_relative" => {
            crate::tr!(
                "把文字直接写进页面，或者链接到写着它的那篇手册",
                "put the text in the page, or link to the playbook that holds it"
            )
        }
        "highlight" | "endhighlight" => {
            crate::tr!(
                "写成带语言的代码块：```` ```yaml ````",
                "write a fenced code block with its language: ```` ```yaml ````"
            )
        }
        "link" | "post_url" => crate::tr!(
            "写一个指向这个文件的链接：`[文字](../sop/welcome.md)`",
            "write a link to the file: `[文字](../sop/welcome.md)`"
        ),
        _ => crate::tr!(
            "quire 的页面没有模板逻辑：直接写出最终要显示的文字",
            "quire pages have no template logic: write the text as it should read"
        ),
    }
}

/// VuePress and VitePress components; other capitalized tags are MDX's.
const VUE: &[&str] = &[
    "Badge",
    "ClientOnly",
    "CodeGroup",
    "CodeGroupItem",
    "OutboundLink",
    "RouterLink",
    "Content",
];

/// A capitalized tag (`<Tabs>`, `</TabItem>`, `<Badge text="新" />`): a
/// JSX or Vue component, not HTML, whose tags are case-insensitive.
fn component(body: &str, at: usize, next: &mut Next) -> Option<Foreign> {
    let rest = &body[at + 1..];
    let closing = rest.starts_with('/');
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.bytes().any(|c| c.is_ascii_lowercase());
    if !pascal || crate::markdown::html::is_html_element(&name.to_ascii_lowercase()) {
        return None;
    }
    if !rest[name_len..].starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>') {
        return None;
    }
    next.find(body, ">", at)?;
    let end = at + tag_end(&body[at..])?;
    let text = &body[at..end];
    let vue = VUE.contains(&name);
    let tool = if vue {
        crate::tr!(
            "一个 VuePress 或 VitePress 组件",
            "a VuePress or VitePress component"
        )
    } else {
        crate::tr!(
            "一个 MDX（Docusaurus）组件",
            "an MDX (Docusaurus) component"
        )
    };
    let badge = (name == "Badge" && !closing)
        .then(|| attribute(text, "text"))
        .flatten();
    let (shown, what) = match badge {
        Some(t) => (
            Shown::Replaced(t.to_string()),
            crate::tr!(
                "在它的位置显示它的文字 `{t}`",
                "its text `{t}` is shown in its place"
            ),
        ),
        None => (
            Shown::Hidden,
            crate::tr!(
                "去掉这个标签，显示它里面的内容",
                "the tag is left out and what it holds is shown"
            ),
        ),
    };
    let help = match name {
        "Badge" => crate::tr!(
            "直接写出文字，要醒目就用 `**加粗**`",
            "write the text itself, in `**bold**` to make it stand out"
        ),
        "Tabs" | "TabItem" | "CodeGroup" | "CodeGroupItem" => {
            crate::tr!("每个标签页写一个标题", "write a heading for each tab")
        }
        "Admonition" => callout_help(),
        "Details" => details_help(),
        _ => crate::tr!(
            "quire 没有组件：把它要显示的内容用 Markdown 写出来",
            "quire has no components: write what it shows in Markdown"
        ),
    };
    Some(foreign(
        at..end,
        shown,
        crate::tr!(
            "`{}` 是{}，quire 没有这个功能：{}",
            "`{}` is {}, which quire does not have: {}",
            quoted(text),
            tool,
            what
        ),
        help,
    ))
}

/// Where a tag that starts `text` ends, past quoted values and JSX `{…}`.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut braces = 0usize;
    for (i, &c) in text.as_bytes().iter().enumerate().take(2_000) {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'{') => braces += 1,
            (None, b'}') => braces = braces.saturating_sub(1),
            (None, b'>') if braces == 0 => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The value of `name="…"` in a tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let at = tag.find(&format!(" {name}="))? + name.len() + 2;
    let rest = &tag[at..];
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    rest[1..].split(q).next().filter(|t| !t.trim().is_empty())
}

/// An MDX `import … from '…'` or `export const …` line.
fn mdx_line(body: &str, at: usize) -> Option<Foreign> {
    let end = body[at..].find('\n').map_or(body.len(), |i| at + i);
    let line = body[at..end].trim_end_matches('\r');
    let import = line.strip_prefix("import ").is_some_and(|r| {
        r.contains(" from '") || r.contains(" from \"") || r.starts_with(['\'', '"'])
    });
    let export = [
        "export const ",
        "export default ",
        "export function ",
        "export let ",
    ]
    .iter()
    .any(|p| line.starts_with(p));
    if !(import || export) {
        return None;
    }
    Some(foreign(
        at..at + line.len(),
        Shown::Hidden,
        crate::tr!(
            "`{}` 是 MDX 的 {}（Docusaurus），quire 不读它：页面上不显示这一行", "`{}` is an MDX {} (Docusaurus), which quire does not read: the line is left out of the page",
            quoted(line),
            if import { "import" } else { "export" }
        ),
        crate::tr!("删掉它：quire 的页面没有组件；它要显示的内容用 Markdown 写出来", "delete it: quire pages have no components; write what they show in Markdown"),
    ))
}

/// What the check reports for each piece.
pub fn findings(found: &[Foreign]) -> Vec<Finding> {
    found
        .iter()
        .map(|f| {
            Finding::new(
                Code::ForeignSyntax,
                f.range.clone(),
                f.message.clone(),
                f.help.clone(),
            )
        })
        .collect()
}

/// Cuts the pieces that are not whole lines (those are blanked before
/// parsing) out of the text and raw HTML events, putting a replacement's
/// text in its place, and drops the paragraphs left empty.
pub fn apply<'a>(events: Vec<Spanned<'a>>, found: &[Foreign], body: &str) -> Vec<Spanned<'a>> {
    let cuts: Vec<&Foreign> = found
        .iter()
        .filter(|f| !f.line && f.shown != Shown::Kept)
        .collect();
    if cuts.is_empty() {
        return events;
    }
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    for (event, range) in events {
        // The cuts are in order and apart: those that end after the event
        // starts, while they start before it ends.
        let first = cuts.partition_point(|f| f.range.end <= range.start);
        let touching: Vec<&&Foreign> = cuts[first..]
            .iter()
            .take_while(|f| f.range.start < range.end)
            .collect();
        let literal = match &event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                body.get(range.clone()) == Some(&**t)
            }
            Event::SoftBreak => true,
            _ => false,
        };
        if touching.is_empty() || !literal {
            out.push((event, range));
            continue;
        }
        let mut html = !matches!(event, Event::Text(_) | Event::SoftBreak);
        let mut pieces: Vec<(String, Range<usize>)> = Vec::new();
        // Replacement texts, and whether the raw HTML around them is only space.
        let mut replaced = Vec::new();
        let mut only_space = true;
        let mut last = range.start;
        for f in touching {
            if f.range.start > last {
                let before = &body[last..f.range.start];
                only_space &= before.trim().is_empty();
                pieces.push((before.to_string(), last..f.range.start));
            }
            if let Shown::Replaced(t) = &f.shown {
                if f.range.start >= range.start {
                    replaced.push(t.clone());
                    let t = if html { escape_attr(t) } else { t.clone() };
                    pieces.push((t, f.range.clone()));
                }
            }
            last = last.max(f.range.end);
        }
        if last < range.end {
            only_space &= body[last..range.end].trim().is_empty();
            pieces.push((body[last..range.end].to_string(), last..range.end));
        }
        if matches!(event, Event::SoftBreak) {
            continue;
        }
        // A badge alone in raw HTML is text, which every output shows (the
        // PDF prints no raw HTML).
        if html && only_space && !replaced.is_empty() {
            html = false;
            pieces = vec![(replaced.concat(), range.clone())];
        }
        if html {
            let text: String = pieces.into_iter().map(|(t, _)| t).collect();
            if !text.trim().is_empty() {
                let e = match event {
                    Event::Html(_) => Event::Html(CowStr::from(text)),
                    _ => Event::InlineHtml(CowStr::from(text)),
                };
                out.push((e, range));
            }
        } else {
            out.extend(
                pieces
                    .into_iter()
                    .filter(|(t, _)| !t.is_empty())
                    .map(|(t, r)| (Event::Text(CowStr::from(t)), r)),
            );
        }
    }
    drop_empty(out)
}

/// Removes paragraphs and HTML blocks that hold nothing any more.
fn drop_empty(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut out: Vec<Spanned> = Vec::with_capacity(events.len());
    for (event, range) in events {
        let empty = matches!(
            (&event, out.last()),
            (
                Event::End(TagEnd::Paragraph),
                Some((Event::Start(Tag::Paragraph), _))
            ) | (
                Event::End(TagEnd::HtmlBlock),
                Some((Event::Start(Tag::HtmlBlock), _))
            )
        );
        if empty {
            out.pop();
        } else {
            out.push((event, range));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    fn shown(body: &str) -> String {
        let cx = crate::markdown::Context::plain(crate::base::i18n::Language::Zh);
        crate::markdown::render(body, &cx).html
    }

    #[test]
    fn half_written_syntax_is_text_and_costs_little() {
        let started = std::time::Instant::now();
        for odd in [
            "{{<",
            "{{< x",
            "{%",
            "{{",
            "{{ a.b",
            "{/*",
            "<Badge text=\"",
            "<Ab",
            "</Ab",
            "{é=1}",
            "{:",
            "{.}",
            "{#}",
            "{a=}",
            "import x",
            "export ",
            "{{< é >}}",
            "<Badge text='新'/>",
        ] {
            let _ = shown(odd);
            let _ = crate::markdown::syntax_findings(odd);
        }
        assert_eq!(shown("{{< x"), "<p>{{&lt; x</p>\n");
        assert_eq!(shown("<Badge text='新'/>"), "新");
        let many = "{{< ".repeat(100_000) + &"{a ".repeat(100_000) + &"<Ab ".repeat(100_000);
        let _ = crate::markdown::syntax_findings(&many);
        assert!(started.elapsed().as_secs() < 10);
    }
}
