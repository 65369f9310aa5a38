//! Markdown as Typst markup. Bodies arrive as prepared Markdown events
//! ([`crate::markdown::prepare`]) and are written with Typst's function
//! syntax (`#list([…], […])`, `#table(…)`), which nests without caring
//! about indentation. Every piece of author text is escaped, so nothing an
//! author writes is read as Typst code.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{Alignment, BlockQuoteKind, CodeBlockKind, Event, LinkType, Tag, TagEnd};

use super::images::Images;
use crate::base::i18n::{self, Language};
use crate::base::script::is_cjk;
use crate::markdown::{self, TERM_LINK};

/// How deep blocks nest before they are set flat: well inside typst's
/// limits (256 levels of syntax, 64 of show rules, and a quote takes two).
const MAX_NESTING: usize = 16;
/// A paragraph longer than this (in bytes of its text, plus one per inline
/// element) is broken into lines first-fit rather than by typst's optimal
/// (Knuth-Plass) line breaking, whose cost grows faster than the length
/// of the paragraph: a 480 KB paragraph took 11.7 s that way and 0.5 s
/// first-fit. Chinese, with a break possible at every character, justifies
/// well either way; this is about half a page.
const LONG_PARAGRAPH: usize = 4_000;
/// What closes a list, an enum or a table: its entries are arguments.
const LIST_END: &str = ")\n\n";
/// What closes a table's header row: its cells are arguments.
const HEADER_END: &str = "), ";

/// What written markup asks of typst, counted as it is written: the
/// quantities whose growth makes typesetting slow or large (the limits on
/// them are in [`super::budget`]). A footnote counts once per reference,
/// since it is set at each.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Weight {
    /// Characters of text, code included.
    pub chars: usize,
    /// Elements outside tables: every block and inline Markdown element,
    /// code span and footnote.
    pub elements: usize,
    /// Table cells, which typst lays out one by one (a cell costs about
    /// as much memory as 60 characters of text).
    pub cells: usize,
    /// Characters and inline elements in the longest paragraph (or list
    /// item, table cell, heading): typst lays out a paragraph as a whole.
    pub paragraph: usize,
}

impl Weight {
    pub fn add(&mut self, other: Weight) {
        self.chars += other.chars;
        self.elements += other.elements;
        self.cells += other.cells;
        self.paragraph = self.paragraph.max(other.paragraph);
    }
}

/// Writes prepared Markdown events as Typst markup.
pub struct Writer<'a> {
    language: Language,
    /// Labels that exist in the document; a link to anything else is text.
    labels: &'a HashSet<String>,
    /// What closes each open tag, innermost last.
    closers: Vec<Cow<'static, str>>,
    /// The text of the code block being read.
    code: Option<(String, String)>,
    /// Footnote definitions by label, written where they are referenced.
    footnotes: HashMap<String, (String, Weight)>,
    weight: Weight,
    /// Characters and inline elements since the last block boundary.
    run: usize,
    table_columns: usize,
    /// Whether the last character written is CJK, to drop soft breaks between CJK text.
    last_cjk: bool,
    /// A soft line break is waiting for the next text.
    soft_break: bool,
    /// The heading level numbered in the handbook's scheme (a playbook's
    /// sections, 2.1.3); other author headings are not numbered, so they
    /// cannot shift the chapter and playbook numbers.
    numbered: Option<usize>,
    /// Inside a footnote, which is set once per reference: no heading labels.
    in_footnote: bool,
    /// The paragraph that starts next is longer than [`LONG_PARAGRAPH`].
    long_paragraph: bool,
    /// The images the PDF embeds; any other is shown as its file and caption.
    images: Option<&'a Images>,
    /// The alt text of the image that starts next, read ahead for typst's `alt`.
    alt: Option<String>,
    /// The title of the `:::` container whose box starts next.
    container_title: Option<String>,
}

impl<'a> Writer<'a> {
    pub fn new(language: Language, labels: &'a HashSet<String>) -> Self {
        Writer {
            language,
            labels,
            closers: Vec::new(),
            code: None,
            footnotes: HashMap::new(),
            weight: Weight::default(),
            run: 0,
            table_columns: 0,
            last_cjk: false,
            soft_break: false,
            numbered: None,
            in_footnote: false,
            long_paragraph: false,
            images: None,
            alt: None,
            container_title: None,
        }
    }

    /// Embeds the images `images` holds.
    pub fn images(self, images: &'a Images) -> Self {
        Writer {
            images: Some(images),
            ..self
        }
    }

    /// Numbers headings of `level` in the handbook's scheme.
    pub fn numbered(self, level: usize) -> Self {
        Writer {
            numbered: Some(level),
            ..self
        }
    }

    /// Writes `events` to `out`, and says what they weigh.
    pub fn write(mut self, events: &[Event], out: &mut String) -> Weight {
        // Footnotes are set at their reference, so read their definitions first.
        let mut i = 0;
        let mut body: Vec<&Event> = Vec::with_capacity(events.len());
        while i < events.len() {
            if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i] {
                let start = i + 1;
                let mut depth = 1;
                while i + 1 < events.len() && depth > 0 {
                    i += 1;
                    match &events[i] {
                        Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                        Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                        _ => {}
                    }
                }
                let mut text = String::new();
                let inner = Writer {
                    in_footnote: true,
                    images: self.images,
                    ..Writer::new(self.language, self.labels)
                };
                let weight = inner.write(&events[start..i.max(start)], &mut text);
                self.footnotes
                    .insert(label.to_string(), (text.trim().to_string(), weight));
            } else {
                body.push(&events[i]);
            }
            i += 1;
        }
        let long = long_paragraphs(&body);
        let mut alts = alt_texts(&body);
        for (k, event) in body.into_iter().enumerate() {
            self.long_paragraph = long.contains(&k);
            self.alt = alts.remove(&k);
            self.event(event, out);
        }
        while let Some(closer) = self.closers.pop() {
            out.push_str(&closer);
        }
        self.end_run();
        self.weight
    }

    /// A block boundary: the paragraph being counted ends.
    fn end_run(&mut self) {
        self.weight.paragraph = self.weight.paragraph.max(self.run);
        self.run = 0;
    }

    fn count_text(&mut self, text: &str) {
        let chars = text.chars().count();
        self.weight.chars += chars;
        self.run += chars;
    }

    fn event(&mut self, event: &Event, out: &mut String) {
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(t) => {
                    code.push_str(t);
                    self.count_text(t);
                    return;
                }
                Event::End(TagEnd::CodeBlock) => {}
                _ => return,
            }
        }
        if self.soft_break && !matches!(event, Event::Text(_)) {
            self.soft_break = false;
            out.push(' ');
        }
        match event {
            Event::Start(tag) => self.start(tag, out),
            Event::End(end) => self.end(end, out),
            Event::Text(t) => self.text(t, out),
            Event::Code(t) => {
                self.count_text(t);
                self.weight.elements += 1;
                self.run += 1;
                let _ = write!(out, "#raw({})", string(t));
                self.last_cjk = false;
            }
            Event::SoftBreak => self.soft_break = true,
            Event::HardBreak => out.push_str(" \\\n"),
            Event::Rule => out.push_str("#line(length: 100%, stroke: 0.4pt + luma(180))\n\n"),
            Event::TaskListMarker(done) => {
                let _ = write!(out, "#task({done}) ");
            }
            Event::FootnoteReference(label) => match self.footnotes.get(label.as_ref()) {
                Some((text, weight)) => {
                    let _ = write!(out, "#footnote[{text}]");
                    let weight = *weight;
                    self.weight.add(weight);
                    self.weight.elements += 1;
                    self.run += 1;
                }
                None => self.text(&format!("[^{label}]"), out),
            },
            // Raw HTML is not content a printed page can show, but for
            // the pictures it holds (its text is Text events already).
            Event::Html(html) | Event::InlineHtml(html) => self.raw_images(html, out),
            // A `:::` container's title, for the box that follows; the
            // handbook has its own contents, so `[[toc]]` prints nothing.
            Event::InlineMath(t) if t.starts_with('\0') => {
                self.container_title = crate::markdown::containers::shown(t, self.language)
                    .map(|s| s.title.map_or_else(String::new, |t| t.into_owned()));
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(t, out),
        }
    }

    fn start(&mut self, tag: &Tag, out: &mut String) {
        self.weigh_start(tag);
        if self.too_deep() {
            self.start_flat(tag, out);
            return;
        }
        // A tag whose markup is fixed: its opener is written, its closer kept.
        let fixed = |open: &str, out: &mut String, close: &'static str| {
            out.push_str(open);
            Cow::Borrowed(close)
        };
        let closer = match tag {
            Tag::Paragraph if self.long_paragraph => {
                fixed("#par(linebreaks: \"simple\")[", out, "]\n\n")
            }
            Tag::Paragraph => Cow::Borrowed("\n\n"),
            Tag::Heading { level, id, .. } => {
                self.open_heading(*level as usize, id.as_deref(), out)
            }
            Tag::BlockQuote(None) => fixed("#quote[", out, "]\n\n"),
            Tag::BlockQuote(Some(kind)) => self.open_callout(*kind, out),
            Tag::CodeBlock(kind) => self.open_code(kind),
            Tag::List(None) => fixed("#list(", out, LIST_END),
            Tag::List(Some(start)) => {
                let _ = write!(out, "#enum(start: {start}, ");
                Cow::Borrowed(LIST_END)
            }
            Tag::Item | Tag::TableCell => fixed("[", out, "], "),
            Tag::Table(alignments) => self.open_table(alignments, out),
            Tag::TableHead => fixed("table.header(", out, HEADER_END),
            Tag::TableRow => Cow::Borrowed(""),
            Tag::Emphasis => fixed("#emph[", out, "]"),
            Tag::Strong => fixed("#strong[", out, "]"),
            Tag::Strikethrough => fixed("#strike[", out, "]"),
            Tag::Superscript => fixed("#super[", out, "]"),
            Tag::Subscript => fixed("#sub[", out, "]"),
            Tag::Link {
                dest_url,
                id,
                link_type,
                ..
            } => self.open_link(dest_url, id, *link_type, out),
            Tag::Image { dest_url, .. } => self.open_image(dest_url, out),
            Tag::DefinitionList => Cow::Borrowed("\n"),
            Tag::DefinitionListTitle => fixed("#strong[", out, "] \\\n"),
            Tag::DefinitionListDefinition => fixed("#pad(left: 1.5em)[", out, "]\n\n"),
            Tag::HtmlBlock | Tag::MetadataBlock(_) | Tag::FootnoteDefinition(_) => {
                Cow::Borrowed("")
            }
        };
        self.closers.push(closer);
    }

    /// Counts what a tag asks of typst: a table's parts end the paragraph
    /// being counted, an inline element adds to it, any other block ends it.
    fn weigh_start(&mut self, tag: &Tag) {
        match tag {
            Tag::Table(_) | Tag::TableHead | Tag::TableRow => self.end_run(),
            Tag::TableCell => {
                self.weight.cells += 1;
                self.end_run();
            }
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. } => {
                self.weight.elements += 1;
                self.run += 1;
            }
            _ => {
                self.weight.elements += 1;
                self.end_run();
            }
        }
    }

    /// Whether the next tag opens past [`MAX_NESTING`]: typst's parser stops
    /// at a fixed depth, and Markdown can nest without end (`>>>>…`). Only
    /// the entries of a list or table opened just above the limit must
    /// still open, being its arguments.
    fn too_deep(&self) -> bool {
        let arguments = matches!(
            self.closers.last().map(|c| c.as_ref()),
            Some(LIST_END | HEADER_END)
        );
        self.closers.len() >= MAX_NESTING && !arguments
    }

    /// Past the depth, blocks are set flat, one after the other: every word
    /// still prints.
    fn start_flat(&mut self, tag: &Tag, out: &mut String) {
        if let Tag::CodeBlock(_) = tag {
            self.code = Some((String::new(), String::new()));
        }
        if matches!(tag, Tag::Item | Tag::Paragraph | Tag::BlockQuote(_)) {
            out.push_str("\n\n");
        } else {
            out.push(' ');
        }
        self.closers.push(Cow::Borrowed(""));
    }

    /// A heading, numbered only at the handbook's level, and labelled when
    /// something in the document links to it.
    fn open_heading(
        &mut self,
        level: usize,
        id: Option<&str>,
        out: &mut String,
    ) -> Cow<'static, str> {
        let numbering = if self.numbered == Some(level) {
            ""
        } else {
            ", numbering: none"
        };
        let _ = write!(out, "#heading(level: {level}, outlined: false{numbering})[");
        self.last_cjk = false;
        let closer = id
            .filter(|id| !self.in_footnote && self.labels.contains(*id))
            .map(|id| format!("] #label({})\n\n", string(id)))
            .unwrap_or_else(|| "]\n\n".into());
        Cow::Owned(closer)
    }

    /// A `> [!NOTE]` callout or an admonition: its box, titled by its
    /// container's title or its kind's name.
    fn open_callout(&mut self, kind: BlockQuoteKind, out: &mut String) -> Cow<'static, str> {
        let (color, key) = callout_style(kind);
        let title = self
            .container_title
            .take()
            .unwrap_or_else(|| i18n::t(self.language, key).to_string());
        if title.is_empty() {
            // `!!! note ""`: the box without its title line.
            let _ = write!(out, "#block(width: 100%, inset: 8pt, stroke: (left: 3pt + rgb(\"{color}\")), fill: rgb(\"{color}\").lighten(92%), breakable: false)[");
        } else {
            let _ = write!(out, "#callout({}, \"{color}\")[", string(&title));
        }
        Cow::Borrowed("]\n\n")
    }

    /// A code block is read whole and written at its end.
    fn open_code(&mut self, kind: &CodeBlockKind) -> Cow<'static, str> {
        let lang = match kind {
            // The whole info string: `fences` reads its language,
            // title and marked lines.
            CodeBlockKind::Fenced(info) => info.to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some((lang, String::new()));
        Cow::Borrowed("")
    }

    fn open_table(&mut self, alignments: &[Alignment], out: &mut String) -> Cow<'static, str> {
        self.table_columns = alignments.len().max(1);
        let aligns: Vec<&str> = alignments
            .iter()
            .map(|a| match a {
                Alignment::Center => "center",
                Alignment::Right => "right",
                Alignment::Left | Alignment::None => "left",
            })
            .collect();
        let _ = write!(
            out,
            "#table(columns: {}, align: ({},), ",
            self.table_columns,
            aligns.join(", ")
        );
        Cow::Borrowed(LIST_END)
    }

    /// A link to a label of the document (a glossary term's dotted), or to
    /// the web; any other is its text alone.
    fn open_link(
        &mut self,
        dest_url: &str,
        id: &str,
        link_type: LinkType,
        out: &mut String,
    ) -> Cow<'static, str> {
        let email = format!("mailto:{dest_url}");
        let dest = if link_type == LinkType::Email {
            &email
        } else {
            dest_url
        };
        if let Some(anchor) = dest.strip_prefix('#') {
            if !self.labels.contains(anchor) {
                out.push_str("#[");
                return Cow::Borrowed("]");
            }
            let _ = write!(out, "#link(label({}))[", string(anchor));
            if id == TERM_LINK {
                out.push_str("#underline(stroke: (dash: \"dotted\"))[");
                return Cow::Borrowed("]]");
            }
            Cow::Borrowed("]")
        } else if (dest.starts_with("http://")
            || dest.starts_with("https://")
            || dest.starts_with("mailto:"))
            // Typst refuses longer URLs; the text still prints.
            && dest.len() <= 8000
        {
            let _ = write!(out, "#link({})[", string(dest));
            Cow::Borrowed("]")
        } else {
            // A place a printed page cannot link to: its text stays.
            out.push_str("#[");
            Cow::Borrowed("]")
        }
    }

    fn open_image(&mut self, dest_url: &str, out: &mut String) -> Cow<'static, str> {
        match self.images.and_then(|images| images.get(dest_url)) {
            // The alt text is the caption, and typst's `alt` for readers.
            Some(image) => {
                let alt = self.alt.take().unwrap_or_default();
                let _ = write!(
                    out,
                    "#picture({}, {:.2}pt, {}, {})[",
                    string(&image.path),
                    image.width_pt,
                    image.pixelated,
                    if alt.trim().is_empty() {
                        "none".into()
                    } else {
                        string(alt.trim())
                    }
                );
                Cow::Borrowed("]")
            }
            // Not a file of the site (or one typst refuses, reported
            // by `Images`): its text stands in, with the address.
            None => {
                let _ = write!(out, "#text(fill: luma(90))[\\[{}: ", escape(dest_url));
                Cow::Borrowed("\\]]")
            }
        }
    }

    fn end(&mut self, end: &TagEnd, out: &mut String) {
        if !matches!(
            end,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ) {
            self.end_run();
        }
        if let (TagEnd::CodeBlock, Some((info, code))) = (end, self.code.take()) {
            let info = crate::markdown::fences::Info::read(&info);
            let lang = if info.lang.is_empty() {
                String::new()
            } else {
                format!("lang: {}, ", string(info.lang))
            };
            if let Some(title) = &info.title {
                let _ = writeln!(
                    out,
                    "#block(below: 0.4em, text(weight: \"bold\", size: 0.85em, {}))",
                    string(title)
                );
            }
            let raw = format!(
                "#raw(block: true, {lang}{})",
                string(code.trim_end_matches('\n'))
            );
            if info.marked.is_empty() {
                let _ = write!(out, "{raw}\n\n");
            } else {
                let lines: Vec<String> = info.marked.iter().map(usize::to_string).collect();
                let _ = write!(
                    out,
                    "#[#show raw.line: it => if it.number in ({},) {{ highlight(fill: rgb(\"#fff1b8\"), it) }} else {{ it }}\n{raw}]\n\n",
                    lines.join(", ")
                );
            }
        }
        if let Some(closer) = self.closers.pop() {
            out.push_str(&closer);
        }
        if matches!(end, TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) {
            self.last_cjk = false;
        }
    }

    /// The `<img>`s of some raw HTML that the PDF embeds, at the width the
    /// author gave (CSS pixels) or their own; their `alt` as caption.
    fn raw_images(&mut self, html: &str, out: &mut String) {
        let Some(images) = self.images else { return };
        for raw in crate::markdown::html::raw_images(html) {
            let Some(image) = images.get(&raw.src) else {
                continue;
            };
            let width = raw
                .width
                .map_or(image.width_pt, |w| f64::from(w) * super::images::PT_PER_PX);
            let alt = raw.alt.trim();
            self.count_text(alt);
            self.weight.elements += 1;
            let _ = write!(
                out,
                "#picture({}, {width:.2}pt, {}, {})[{}]",
                string(&image.path),
                image.pixelated,
                if alt.is_empty() {
                    "none".into()
                } else {
                    string(alt)
                },
                escape(alt),
            );
            self.last_cjk = false;
        }
    }

    fn text(&mut self, text: &str, out: &mut String) {
        // A line break inside a paragraph is a space, except between two
        // CJK characters, where Chinese has none.
        if std::mem::take(&mut self.soft_break)
            && !(self.last_cjk && text.chars().next().is_some_and(is_cjk))
        {
            out.push(' ');
        }
        if let Some(last) = text.chars().last() {
            self.last_cjk = is_cjk(last);
        }
        self.count_text(text);
        out.push_str(&escape(text));
    }
}

/// The alt text of each image, by the index of its start: its text,
/// inner images' included, as the site's `alt` attribute has it.
fn alt_texts(events: &[&Event]) -> HashMap<usize, String> {
    let mut alts = HashMap::new();
    let mut open: Vec<(usize, String)> = Vec::new();
    for (k, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Image { .. }) => open.push((k, String::new())),
            Event::End(TagEnd::Image) => {
                if let Some((start, alt)) = open.pop() {
                    if let Some((_, outer)) = open.last_mut() {
                        outer.push_str(&alt);
                    }
                    alts.insert(start, alt);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = open.last_mut() {
                    alt.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, alt)) = open.last_mut() {
                    alt.push(' ');
                }
            }
            _ => {}
        }
    }
    alts
}

/// Where the paragraphs longer than [`LONG_PARAGRAPH`] start, by index.
fn long_paragraphs(events: &[&Event]) -> HashSet<usize> {
    let mut long = HashSet::new();
    // Paragraphs do not nest: at most one is open.
    let mut open: Option<(usize, usize)> = None;
    for (k, event) in events.iter().enumerate() {
        match (event, &mut open) {
            (Event::Start(Tag::Paragraph), _) => open = Some((k, 0)),
            (Event::End(TagEnd::Paragraph), Some((at, size))) => {
                if *size > LONG_PARAGRAPH {
                    long.insert(*at);
                }
                open = None;
            }
            (Event::Text(t) | Event::Code(t), Some((_, size))) => *size += t.len(),
            (_, Some((_, size))) => *size += 1,
            (_, None) => {}
        }
    }
    long
}

fn callout_style(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    let (_, key) = markdown::callout(kind);
    let color = match kind {
        BlockQuoteKind::Note => "#2f6fb3",
        BlockQuoteKind::Tip => "#2b8a4b",
        BlockQuoteKind::Important => "#7a4cc2",
        BlockQuoteKind::Warning => "#b7791f",
        BlockQuoteKind::Caution => "#c0392b",
    };
    (color, key)
}

/// Author text as Typst markup: every ASCII symbol is escaped, so none of
/// it can start code, markup or a comment.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A Typst string literal.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Author text as a Typst content block.
pub fn content(text: &str) -> String {
    format!("[{}]", escape(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weigh(body: &str) -> (Weight, String) {
        let prepared = markdown::prepare(body, &markdown::Context::plain(Language::Zh));
        let labels = HashSet::new();
        let mut out = String::new();
        let weight = Writer::new(Language::Zh, &labels).write(&prepared.events, &mut out);
        (weight, out)
    }

    #[test]
    fn what_typst_is_asked_to_do_is_counted() {
        let (w, _) = weigh(
            "一段**加粗**文字[^n]，再引[^n]。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^n]: 脚注\n",
        );
        assert_eq!(
            w,
            Weight {
                // 一段 加粗 文字 ， 再引 。 a b 1 2, and 脚注 twice.
                chars: 2 + 2 + 2 + 1 + 2 + 1 + 4 + 2 * 2,
                // The paragraph, the strong, two footnotes (each with its paragraph).
                elements: 1 + 1 + 2 * 2,
                cells: 4,
                // The first paragraph: its text, the strong, two references.
                paragraph: 10 + 1 + 2,
            }
        );
    }

    #[test]
    fn only_long_paragraphs_are_broken_first_fit() {
        let (_, short) = weigh(&"群".repeat(1000));
        assert!(!short.contains("linebreaks"), "{short}");
        let (w, long) = weigh(&format!("{}\n\n短段。\n", "群".repeat(1400)));
        assert!(
            long.starts_with("#par(linebreaks: \"simple\")[群群"),
            "{long}"
        );
        assert!(long.ends_with("]\n\n短段。\n\n"), "{long}");
        assert_eq!(w.paragraph, 1400);
    }

    fn typst(body: &str) -> String {
        let no_links = |_: &str, _: bool| None;
        let prepared = markdown::prepare(
            body,
            &markdown::Context {
                language: Language::Zh,
                resolve_link: &no_links,
                glossary: None,
                id_prefix: "",
                heading_shift: 0,
                html: crate::markdown::html::Policy::default(),
                files: None,
                title: None,
            },
        );
        let labels: HashSet<String> = ["步骤".to_string()].into();
        let mut out = String::new();
        Writer::new(Language::Zh, &labels)
            .numbered(3)
            .write(&prepared.events, &mut out);
        out
    }

    #[test]
    fn an_embedded_image_is_a_picture_with_its_alt_text_and_any_other_keeps_its_address() {
        let mut images = Images::default();
        images.insert_for_test("qr.png", 217.5, true);
        let prepared = markdown::prepare(
            "![扫 **码** `入群`](qr.png) ![](qr.png) ![远](https://a.b/c.png)\n\n<img src=\"qr.png\" width=\"100\" alt=\"码\">\n",
            &markdown::Context::plain(Language::Zh),
        );
        let mut out = String::new();
        Writer::new(Language::Zh, &HashSet::new())
            .images(&images)
            .write(&prepared.events, &mut out);
        assert_eq!(
            out,
            "#picture(\"/img/0.png\", 217.50pt, true, \"扫 码 入群\")[扫 #strong[码] #raw(\"入群\")] \
             #picture(\"/img/0.png\", 217.50pt, true, none)[] \
             #text(fill: luma(90))[\\[https\\:\\/\\/a\\.b\\/c\\.png: 远\\]]\n\n\
             #picture(\"/img/0.png\", 75.00pt, true, \"码\")[码] "
        );
    }

    #[test]
    fn author_text_cannot_become_code() {
        assert_eq!(
            escape("#set page(width: 1pt) // $x$ <a> @b *c*"),
            "\\#set page\\(width\\: 1pt\\) \\/\\/ \\$x\\$ \\<a\\> \\@b \\*c\\*"
        );
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }

    #[test]
    fn blocks_nest_through_function_syntax() {
        assert_eq!(
            typst("## 步骤\n\n- 一\n  1. 甲\n- **二**\n\n| 时间 | 动作 |\n|---|--:|\n| D-1 | 预告 |\n"),
            "#heading(level: 2, outlined: false, numbering: none)[步骤] #label(\"步骤\")\n\n#list([一#enum(start: 1, [甲], )\n\n], [#strong[二]], )\n\n#table(columns: 2, align: (left, right,), table.header([时间], [动作], ), [D\\-1], [预告], )\n\n"
        );
    }

    #[test]
    fn only_section_headings_are_numbered_and_footnote_headings_get_no_label() {
        let out = typst("### 步骤\n\n正文[^a]\n\n[^a]: 注\n\n    ## 步骤\n");
        assert!(
            out.starts_with("#heading(level: 3, outlined: false)[步骤] #label(\"步骤\")"),
            "{out}"
        );
        assert_eq!(out.matches("#label").count(), 1, "{out}");
    }

    #[test]
    fn long_urls_and_email_autolinks() {
        let long = format!("[表](https://example.com/?q={})", "a".repeat(9000));
        assert!(typst(&long).starts_with("#[表]"));
        assert!(typst("<ops@example.com>").starts_with("#link(\"mailto:ops@example.com\")["));
    }

    #[test]
    fn soft_breaks_between_chinese_lines_vanish() {
        assert_eq!(
            typst("第一行\n第二行\nand\nmore"),
            "第一行第二行 and more\n\n"
        );
    }

    #[test]
    fn lines_join_across_what_they_joined_across_and_the_vertical_forms() {
        // The set this writer had before `base::script` held the one `is_cjk`.
        let before = |c: char| matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF);
        let changed: Vec<u32> = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_cjk(c) != before(c))
            .map(|c| c as u32)
            .collect();
        // The vertical forms (`︰`, `﹁`) are CJK punctuation, and now join.
        assert_eq!(changed, (0xFE30..=0xFE4F).collect::<Vec<u32>>());
        assert_eq!(typst("甲\n\u{FE41}乙\u{FE42}"), "甲\u{FE41}乙\u{FE42}\n\n");
        // Curly quotes are not CJK here: English keeps its space after one.
        assert_eq!(typst("“引号”\n正文"), "“引号” 正文\n\n");
    }

    #[test]
    fn footnotes_are_set_at_their_reference_and_unknown_anchors_are_text() {
        assert_eq!(
            typst("正文[^n]，见[别处](#nowhere)。\n\n[^n]: 注释。\n"),
            "正文#footnote[注释。]，见#[别处]。\n\n"
        );
    }

    #[test]
    fn code_keeps_its_text() {
        assert_eq!(
            typst("```text\n欢迎 #1 \"x\"\n```\n"),
            "#raw(block: true, lang: \"text\", \"欢迎 #1 \\\"x\\\"\")\n\n"
        );
    }

    #[test]
    fn code_keeps_its_title_and_marked_lines_and_admonitions_their_box() {
        assert_eq!(
            typst("```rust title=\"src/main.rs\" {2}\na\nb\n```\n"),
            "#block(below: 0.4em, text(weight: \"bold\", size: 0.85em, \"src/main.rs\"))\n#[#show raw.line: it => if it.number in (2,) { highlight(fill: rgb(\"#fff1b8\"), it) } else { it }\n#raw(block: true, lang: \"rust\", \"a\\nb\")]\n\n"
        );
        assert_eq!(
            typst("!!! danger \"别这样\"\n    正文\n\n!!! note \"\"\n    无题\n"),
            "#callout(\"别这样\", \"#c0392b\")[正文\n\n]\n\n#block(width: 100%, inset: 8pt, stroke: (left: 3pt + rgb(\"#2f6fb3\")), fill: rgb(\"#2f6fb3\").lighten(92%), breakable: false)[无题\n\n]\n\n"
        );
    }

    #[test]
    fn containers_keep_their_titles_code_its_language_and_toc_prints_nothing() {
        assert_eq!(
            typst("```rust\nfn main() {}\n```\n"),
            "#raw(block: true, lang: \"rust\", \"fn main() {}\")\n\n"
        );
        assert_eq!(
            typst(":::danger[别这样做]\n正文\n:::\n\n::: details 点击展开\n折叠\n:::\n\n[[toc]]\n"),
            "#callout(\"别这样做\", \"#c0392b\")[正文\n\n]\n\n#callout(\"点击展开\", \"#2f6fb3\")[折叠\n\n]\n\n"
        );
    }
}
