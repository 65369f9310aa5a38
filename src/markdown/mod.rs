//! Markdown to HTML for playbook bodies: pulldown-cmark with the extensions
//! authors expect (tables, footnotes, strikethrough, task lists, heading
//! attributes, definition lists, GFM callouts), heading ids that keep Chinese
//! and are unique on the page, Chinese emphasis fixed, and links to other
//! playbooks rewritten to their pages (whatever form `link::Index::resolve`
//! accepts), bare web addresses made links (`autolink`). What other tools
//! wrote is read in [`events`]: `:::` containers (`containers`), `[[toc]]`
//! (`toc`), foreign syntax (`foreign`) and MkDocs admonitions
//! (`admonitions`); code in a known language is highlighted (`highlight`),
//! under its fence's title and with its marked lines (`fences`); an image
//! whose file is not a picture is a player or a link (`media`).

pub mod admonitions;
pub mod autolink;
pub mod borrowed;
pub mod containers;
pub mod emphasis;
pub mod fences;
pub mod foreign;
pub mod highlight;
pub mod html;
pub mod media;
pub mod outline;
mod prepare;
pub mod terms;
pub mod toc;
mod write;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::markdown::html::Policy;
use crate::markdown::terms::Matcher;

use crate::base::i18n::Language;

pub use crate::markdown::borrowed::{syntax_findings, Finding};
pub use prepare::prepare;
pub use write::{script_html, to_html};

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
    /// Glossary terms linked on the page, by index, in order of first use.
    pub terms_used: Vec<usize>,
}

/// Where a link in the body should lead instead of where it is written.
#[derive(Debug, Clone, Default)]
pub struct LinkTarget {
    pub href: String,
    /// Replaces the text of a `[[wikilink]]` written without its own text.
    pub text: Option<String>,
    /// A tooltip.
    pub title: Option<String>,
    /// The glossary term it links, if any.
    pub term: Option<usize>,
    /// Text to show after the link, such as the site address of a page a
    /// printed handbook does not hold.
    pub after: Option<String>,
    /// The link leads nowhere (a rule let a broken link or one to a draft
    /// through): its text is shown without the link, never a dead href.
    pub dead: bool,
}

impl LinkTarget {
    /// A link shown as its text only.
    pub fn dead() -> Self {
        LinkTarget {
            dead: true,
            ..Default::default()
        }
    }
}

/// Glossary auto-linking: the matcher, and each term's href and tooltip.
pub struct TermLinks<'a> {
    pub matcher: &'a Matcher,
    pub target: &'a dyn Fn(usize) -> (String, String),
}

/// Where an image or file link leads once it is rewritten for a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileTarget {
    /// Relative to the page, percent-encoded, with the link's `?…` and `#…`.
    pub href: String,
    pub size: Option<(u32, u32)>,
}

/// The files a body's images and file links may name: the site's published
/// files (`input::assets::Assets`), kept behind a trait so that reading
/// Markdown does not depend on how a site is loaded.
pub trait Files {
    /// Where `dest`, written in source file `from`, leads from the page in
    /// output folder `page_dir`; `None` when it names no published file.
    fn target(&self, from: &str, page_dir: &str, dest: &str, image: bool) -> Option<FileTarget>;
}

/// Where the images and file links of a body lead: the site's published
/// files, the body's source file, and the output folder of the page it is
/// shown on.
#[derive(Clone, Copy)]
pub struct FileLinks<'a> {
    pub assets: &'a dyn Files,
    /// Relative to the site root: `content/group-rules/x.md`.
    pub source: &'a str,
    /// `group-rules/x/`, or a handbook's `handbooks/newcomer/`.
    pub page_dir: &'a str,
}

/// What rendering needs to know about the rest of the site.
pub struct Context<'a> {
    pub language: Language,
    /// Maps a link destination (and whether it is a wikilink) to its target,
    /// or `None` to keep the link as written.
    pub resolve_link: &'a dyn Fn(&str, bool) -> Option<LinkTarget>,
    /// `None` when glossary links are switched off.
    pub glossary: Option<TermLinks<'a>>,
    /// Put before every heading id and footnote label (empty on a page of its own).
    pub id_prefix: &'a str,
    /// How many levels to move headings down (0 on a page of its own).
    pub heading_shift: u8,
    /// What raw HTML and script links may do.
    pub html: Policy,
    /// `None` to keep image sources and file links as written.
    pub files: Option<FileLinks<'a>>,
    /// The playbook's title: a body that opens with it as a `# ` heading
    /// (as Typora and most editors start a document) does not show it twice.
    pub title: Option<&'a str>,
}

impl Context<'static> {
    /// For Markdown outside any playbook (a glossary definition, a
    /// handbook's cover note): links kept as written, no glossary links.
    pub fn plain(language: Language) -> Self {
        fn keep(_: &str, _: bool) -> Option<LinkTarget> {
            None
        }
        Context {
            language,
            resolve_link: &keep,
            glossary: None,
            id_prefix: "",
            heading_shift: 0,
            html: Policy::default(),
            files: None,
            title: None,
        }
    }
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// A body's events once links are resolved, glossary terms marked, heading
/// ids assigned and the body placed (ids prefixed, headings shifted): what
/// every output format starts from.
pub struct Prepared<'a> {
    pub events: Vec<Event<'a>>,
    pub headings: Vec<Heading>,
    /// Glossary terms linked, by index, in order of first use.
    pub terms_used: Vec<usize>,
    pub html: Policy,
    /// Placed inside a larger page (a handbook's print page): what folds
    /// on a page of its own (`::: details`) is shown open, as on paper.
    pub placed: bool,
}

/// Marks a glossary link among the prepared events: the `id` of its
/// `Tag::Link`. The parser never produces it (it replaces NUL characters).
pub const TERM_LINK: &str = "\0term";

/// Starts the `id` of a `Tag::Image` whose file's pixel size is known:
/// `"\0size:120x80"`, which [`image_size`] reads back.
pub const IMAGE_SIZE: &str = "\0size:";

/// The width and height an image's `id` carries, if it carries them.
pub fn image_size(id: &str) -> Option<(u32, u32)> {
    let (w, h) = id.strip_prefix(IMAGE_SIZE)?.split_once('x')?;
    Some((w.parse().ok()?, h.parse().ok()?))
}

/// Renders a Markdown body to HTML.
pub fn render(body: &str, cx: &Context) -> Rendered {
    to_html(prepare(body, cx), cx.language)
}

/// A body's events with their byte ranges, as every stage reads them.
///
/// CommonMark lets an HTML block opened by `<script>`, `<pre>`, `<style>`
/// or `<textarea>`, or by `<!--`, run to the end of the document when its
/// end never comes: every heading after a forgotten `<textarea>` would be
/// HTML, not a section. Here such a block ends with its first line, and
/// the rest is read as Markdown again, so the page keeps its sections (and
/// `html` reports the tag that was never closed). Bare web addresses are
/// links here too (`autolink`), so every stage sees the same links.
///
/// What other tools wrote is read here too, so every output agrees:
/// `:::` containers ([`crate::markdown::containers`]), `[[toc]]` ([`crate::markdown::toc`]) and
/// the syntax of other generators ([`crate::markdown::foreign`]). Lines they take
/// whole are blanked with spaces before parsing, so every offset stays
/// true.
pub fn events(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    crate::markdown::autolink::link(crate::markdown::borrowed::events(body), body)
}

/// The body as CommonMark reads it, with unclosed HTML blocks ended (see
/// [`events`]).
pub(crate) fn parse(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    // Each reopening parses the rest of the body again; past this many, the
    // rest stays as CommonMark reads it, so no body costs more than a few
    // parses of itself.
    const MAX_REOPENED: usize = 16;
    let mut events = Vec::new();
    let mut from = 0;
    for reopened in 0.. {
        let mut depth = 0usize;
        let mut cut = None;
        for (event, range) in Parser::new_ext(&body[from..], options()).into_offset_iter() {
            let range = from + range.start..from + range.end;
            match &event {
                Event::Start(Tag::HtmlBlock) if depth == 0 && reopened < MAX_REOPENED => {
                    if let Some(line_end) = unclosed_block(body, range.clone()) {
                        cut = Some(range.start..line_end);
                        break;
                    }
                    depth += 1;
                }
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            events.push((event, range));
        }
        let Some(line) = cut else {
            break;
        };
        // The block keeps its first line; what followed is Markdown again.
        events.push((Event::Start(Tag::HtmlBlock), line.clone()));
        events.push((
            Event::Html(CowStr::Borrowed(&body[line.clone()])),
            line.clone(),
        ));
        events.push((Event::End(TagEnd::HtmlBlock), line.clone()));
        from = line.end;
    }
    events
}

/// Where the first line of an HTML block ends, when the block is one that
/// runs to the end of the document because its end tag (or `-->`) never
/// comes.
fn unclosed_block(body: &str, block: Range<usize>) -> Option<usize> {
    if block.end < body.trim_end().len() {
        return None;
    }
    let text = &body[block.clone()];
    let lower = text
        .trim_start()
        .get(..10)
        .unwrap_or(text.trim_start())
        .to_ascii_lowercase();
    let closer = if lower.starts_with("<!--") {
        "-->"
    } else {
        let name = ["script", "pre", "style", "textarea"]
            .into_iter()
            .find(|n| {
                lower
                    .strip_prefix('<')
                    .and_then(|l| l.strip_prefix(n))
                    .is_some_and(|rest| {
                        rest.is_empty()
                            || rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '>')
                    })
            })?;
        return (!text.to_ascii_lowercase().contains(&format!("</{name}>")))
            .then(|| first_line_end(body, block.start))
            .filter(|&end| end < block.end);
    };
    (!text.contains(closer))
        .then(|| first_line_end(body, block.start))
        .filter(|&end| end < block.end)
}

fn first_line_end(body: &str, from: usize) -> usize {
    body[from..].find('\n').map_or(body.len(), |i| from + i + 1)
}

/// Parses a body and settles everything about it that does not depend on
/// the output format.
/// The body's opening `# ` heading, if it opens with one: the index of its
/// last event, and its text.
fn opening_h1(events: &[(Event<'_>, Range<usize>)]) -> Option<(usize, String)> {
    let (first, _) = events.first()?;
    if !matches!(
        first,
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        })
    ) {
        return None;
    }
    let end = events
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))?;
    let text: String = events[..end]
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    Some((end, text.trim().to_string()))
}

/// Removes the body's opening `# ` heading when it says the title: the
/// page shows the title already.
fn drop_title(events: &mut Vec<(Event<'_>, Range<usize>)>, title: &str) {
    if let Some((end, _)) = opening_h1(events).filter(|(_, text)| text == title.trim()) {
        events.drain(..=end);
    }
}

/// The text of a body's opening `# ` heading, for a playbook with no `title:`
/// (as mdBook and Docusaurus take it).
pub fn first_title(body: &str) -> Option<String> {
    opening_h1(&events(body))
        .map(|(_, text)| text)
        .filter(|text| !text.is_empty())
}

/// Text for HTML (or SVG), in content or a quoted attribute.
pub fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The text of a Markdown snippet without its marks, for tooltips.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

pub fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
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
    let mut next = HashMap::new();
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
                let id = unique(anchor_id(&text), &mut used, &mut next);
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

/// The id of a term's entry on the glossary page.
pub fn term_id(term: &str) -> String {
    format!("term-{}", anchor_id(term))
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

/// `base`, or `base-1`, `base-2`, … whichever is free. The next suffix to try
/// is remembered per base, so a page of many equal headings stays linear.
fn unique(base: String, used: &mut HashSet<String>, next: &mut HashMap<String, usize>) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    let n = next.entry(base.clone()).or_insert(1);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if used.insert(id.clone()) {
            return id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(body: &str) -> Rendered {
        let resolve = |dest: &str, _wiki: bool| {
            let href = format!("{}/index.html", dest.strip_suffix(".md")?);
            Some(LinkTarget {
                href,
                text: Some("标题".into()),
                ..LinkTarget::default()
            })
        };
        render(
            body,
            &Context {
                language: Language::Zh,
                resolve_link: &resolve,
                glossary: None,
                id_prefix: "",
                heading_shift: 0,
                html: Policy::default(),
                files: None,
                title: None,
            },
        )
    }

    fn with_terms(body: &str) -> String {
        let matcher = Matcher::new([["社群"], ["社群运营"], ["邓巴数字"]]);
        let target = |k: usize| (format!("g.html#{k}"), format!("定义 {k}"));
        let resolve = |_: &str, _: bool| None;
        let glossary = Some(TermLinks {
            matcher: &matcher,
            target: &target,
        });
        render(
            body,
            &Context {
                language: Language::Zh,
                resolve_link: &resolve,
                glossary,
                id_prefix: "",
                heading_shift: 0,
                html: Policy::default(),
                files: None,
                title: None,
            },
        )
        .html
    }

    #[test]
    fn glossary_terms_link_once_longest_first_and_not_in_headings_links_or_code() {
        let html = with_terms("## 社群运营与邓巴数字\n\n做好社群运营，先懂社群。[社群](x) `社群` 邓巴数字、邓巴数字。\n\n```\n社群\n```\n");
        let table = with_terms("| 社群 |\n|---|\n| 社群 |\n");
        assert_eq!(
            table.matches("class=\"term\"").count(),
            1,
            "only the cell, not the header: {table}"
        );
        assert!(table.contains("<th>社群</th>"), "{table}");
        assert_eq!(
            html,
            "<h2 id=\"社群运营与邓巴数字\">社群运营与邓巴数字 <a class=\"anchor\" href=\"#%E7%A4%BE%E7%BE%A4%E8%BF%90%E8%90%A5%E4%B8%8E%E9%82%93%E5%B7%B4%E6%95%B0%E5%AD%97\" aria-label=\"本节链接\">#</a></h2>\n<p>做好<a class=\"term\" href=\"g.html#1\" title=\"定义 1\">社群运营</a>，先懂<a class=\"term\" href=\"g.html#0\" title=\"定义 0\">社群</a>。<a href=\"x\">社群</a> <code>社群</code> <a class=\"term\" href=\"g.html#2\" title=\"定义 2\">邓巴数字</a>、邓巴数字。</p>\n<pre><code>社群\n</code></pre>\n"
        );
    }

    #[test]
    fn no_glossary_link_goes_inside_an_image_and_a_known_size_is_written() {
        let html = with_terms("![社群运营流程图](flow.png) 社群运营");
        assert_eq!(
            html,
            "<p><img src=\"flow.png\" alt=\"社群运营流程图\" /> <a class=\"term\" href=\"g.html#1\" title=\"定义 1\">社群运营</a></p>\n"
        );
        let mut assets = crate::input::assets::Assets::default();
        assets.insert_for_test("content/sop/a b.png", (30, 20));
        let cx = Context {
            files: Some(FileLinks {
                assets: &assets,
                source: "content/sop/x.md",
                page_dir: "sop/x/",
            }),
            ..Context::plain(Language::Zh)
        };
        assert_eq!(
            render("![外 ![内](a%20b.png) 字](a%20b.png)", &cx).html,
            "<p><img src=\"../a%20b.png\" alt=\"外 内 字\" width=\"30\" height=\"20\" /></p>\n"
        );
        assert_eq!(
            render("![图 `a` \"引\"](a%20b.png \"t\")", &cx).html,
            "<p><img src=\"../a%20b.png\" alt=\"图 a &quot;引&quot;\" title=\"t\" width=\"30\" height=\"20\" /></p>\n"
        );
    }

    #[test]
    fn script_links_keep_their_text_but_lose_their_target_unless_html_is_allowed() {
        let body = "[点](javascript:x) [[javascript:y]] ![图](vbscript:z) [好](https://a.b)";
        let sanitized = render(body, &Context::plain(Language::Zh)).html;
        assert_eq!(
            sanitized,
            "<p>点 javascript:y <img src=\"\" alt=\"图\" /> <a href=\"https://a.b\">好</a></p>\n"
        );
        let allowed = Context {
            html: Policy::Allow,
            ..Context::plain(Language::Zh)
        };
        assert!(render(body, &allowed)
            .html
            .contains("<a href=\"javascript:x\">点</a>"));
    }

    #[test]
    fn wikilinks_take_the_title_unless_they_have_their_own_text() {
        let r = md("[[sop/a.md]] 与 [[sop/b.md|自己的字]]");
        assert_eq!(
            r.html,
            "<p><a href=\"sop/a/index.html\">标题</a> 与 <a href=\"sop/b/index.html\">自己的字</a></p>\n"
        );
    }

    #[test]
    fn heading_ids_keep_chinese_and_are_unique() {
        let r = md("## 步骤\n\n## 步骤\n\n## Step 1: Invite\n\n## 话术 {#scripts}\n\n## scripts\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["步骤", "步骤-1", "step-1-invite", "scripts", "scripts-1"]
        );
        assert!(
            r.html
                .contains("<h2 id=\"步骤\">步骤 <a class=\"anchor\" href=\"#%E6%AD%A5%E9%AA%A4\""),
            "{}",
            r.html
        );
        assert!(r
            .html
            .contains("<h2 id=\"scripts\">话术 <a class=\"anchor\" href=\"#scripts\""));
    }

    #[test]
    fn scripts_get_a_copy_button_and_marked_variables() {
        let r = md("## 话术\n\n### 欢迎\n\n```\n欢迎{昵称}加入 <群>！\n第二行\n```\n\n## 指标\n\n```\n不是话术\n```\n\n```script\n{a}\n```\n");
        assert_eq!(
            r.html.matches("<figure class=\"script\">").count(),
            2,
            "{}",
            r.html
        );
        assert!(r.html.contains("<pre><code>欢迎<span class=\"var\">{昵称}</span>加入 &lt;群&gt;！\n第二行</code></pre><button type=\"button\" class=\"copy\" data-copied=\"已复制\">复制</button>"), "{}", r.html);
        assert!(r.html.contains("<pre><code>不是话术\n</code></pre>"));
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
    fn raw_html_keeps_its_text_for_every_output_and_moves_no_anchor() {
        let body = "## 发送 <nickname>\n\n<div>居中</div>\n\n作者写 <tag> 原样\n";
        let prepared = prepare(body, &Context::plain(Language::Zh));
        assert_eq!(prepared.headings[0].id, "发送", "as the outline has it");
        let texts: Vec<&str> = prepared
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(&**t),
                _ => None,
            })
            .collect();
        for text in ["<nickname>", "居中", "<tag>"] {
            assert!(texts.contains(&text), "{text} in {texts:?}");
        }
        let html = md(body).html;
        assert!(
            html.contains("<h2 id=\"发送\">发送 &lt;nickname&gt; <a class=\"anchor\""),
            "{html}"
        );
        assert!(html.contains("<div>居中</div>"), "{html}");
        assert!(html.contains("<p>作者写 &lt;tag&gt; 原样</p>"), "{html}");
    }

    #[test]
    fn heading_attributes_keep_the_id_and_plain_classes_only() {
        let html = md("## 正文 {#body .note .copy tabindex=0 autofocus onfocus=x()}\n").html;
        assert_eq!(
            html,
            "<h2 id=\"body\" class=\"note\">正文 <a class=\"anchor\" href=\"#body\" aria-label=\"本节链接\">#</a></h2>\n"
        );
        let allowed = Context {
            html: Policy::Allow,
            ..Context::plain(Language::Zh)
        };
        assert!(render("## 正文 {onfocus=x()}\n", &allowed)
            .html
            .contains("onfocus=\"x()\""));
    }

    #[test]
    fn an_html_block_never_closed_ends_with_its_line() {
        let headings =
            |body: &str| -> Vec<String> { md(body).headings.into_iter().map(|h| h.id).collect() };
        assert_eq!(
            headings("<textarea>\n\n## 一\n\n<pre>\n## 二\n"),
            ["一", "二"]
        );
        assert_eq!(headings("<!-- 没关\n\n## 一\n"), ["一"]);
        assert_eq!(
            headings("<textarea>\n\n## 一\n\n</textarea>\n\n## 二\n"),
            ["二"],
            "a closed block is CommonMark's"
        );
        // Reopening is capped: a body of unclosed blocks stays linear.
        let many = "<pre>\n".repeat(50_000) + "## 末\n";
        let started = std::time::Instant::now();
        let _ = events(&many);
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn chinese_emphasis_renders_bold() {
        assert!(md("**注意：**正文")
            .html
            .contains("<strong>注意：</strong>正文"));
    }
}
