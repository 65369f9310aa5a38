//! What a code fence's info string says besides its language, as other
//! tools write it: a title (Docusaurus and MkDocs `title="src/main.rs"`,
//! VitePress `[文件名]`), lines to mark (`{1,3-5}`, MkDocs
//! `hl_lines="1 3"`), line numbers (`showLineNumbers`, `:line-numbers`,
//! `linenums="1"`), and a diagram language (`mermaid`, `echarts`); and
//! what marks a block as a script an operator sends ([`is_script`]).
//!
//! [`Info::read`] is what every output reads of the string (the site and
//! print page show the title and mark the lines, the PDF too); [`findings`]
//! reports what is not shown: line numbers, words quire does not read, and
//! diagrams, which quire does not draw (`diagram-not-drawn`).

use crate::base::i18n::Text;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag};

use crate::base::codes::Code;
use crate::markdown::Finding;

/// A fence's info string, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Info<'a> {
    /// The language (`rust`), or empty.
    pub lang: &'a str,
    pub title: Option<String>,
    /// The lines to mark, counted from 1, in order.
    pub marked: Vec<usize>,
    /// `showLineNumbers` and the like, as written.
    pub line_numbers: Option<&'a str>,
    /// Words quire does not read, as written.
    pub unread: Vec<&'a str>,
}

/// The fence languages of a script: `script`, and `话术`, the operators'
/// own word. They are syntax, as `mermaid` is, not a kind's data: the site,
/// the PDF and the checks must agree on what a script is whatever a site
/// names its kinds' elements, and code blocks are scripts in every kind.
const SCRIPT_LANGUAGES: [&str; 2] = ["script", "话术"];

/// The heading (normalized) under which every code block is a script, in
/// any kind: fixed for the same reason as the script fence languages.
pub const SCRIPT_HEADING: &str = "话术";

/// Whether a fence's language marks its block as a script.
pub fn is_script(lang: &str) -> bool {
    SCRIPT_LANGUAGES.contains(&lang)
}

/// More marked lines than this are not marked (`{1-99999999}`).
const MAX_MARKED: usize = 10_000;

impl<'a> Info<'a> {
    pub fn read(info: &'a str) -> Info<'a> {
        let info = info.trim();
        let end = info
            .find(|c: char| c.is_whitespace() || c == '{' || c == '[')
            .unwrap_or(info.len());
        let mut out = Info {
            lang: &info[..end],
            ..Info::default()
        };
        let mut rest = info[end..].trim_start();
        while !rest.is_empty() {
            let (word, after) = word(rest);
            out.take(word);
            rest = after.trim_start();
        }
        out
    }

    fn take(&mut self, word: &'a str) {
        if let Some(inner) = word.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            match lines(inner, ',') {
                Some(l) => self.marked.extend(l),
                None => self.unread.push(word),
            }
        } else if let Some(t) = word.strip_prefix('[').and_then(|w| w.strip_suffix(']')) {
            self.title = Some(t.trim().to_string()).filter(|t| !t.is_empty());
        } else if let Some((key, value)) = word.split_once('=') {
            let value = value.trim_matches(['"', '\'']);
            match key {
                "title" => self.title = Some(value.trim().to_string()).filter(|t| !t.is_empty()),
                "hl_lines" => match lines(value, ' ') {
                    Some(l) => self.marked.extend(l),
                    None => self.unread.push(word),
                },
                "showLineNumbers" | "linenums" => self.line_numbers = Some(word),
                _ => self.unread.push(word),
            }
        } else if matches!(word, "showLineNumbers" | ":line-numbers") {
            self.line_numbers = Some(word);
        } else if word != ":no-line-numbers" {
            self.unread.push(word);
        }
        self.marked.sort_unstable();
        self.marked.dedup();
        self.marked.truncate(MAX_MARKED);
    }
}

/// The first word of `s` (a `{…}`, `[…]` or quoted value whole) and what follows.
fn word(s: &str) -> (&str, &str) {
    let close = match s.as_bytes()[0] {
        b'{' => Some('}'),
        b'[' => Some(']'),
        _ => None,
    };
    let end = match close {
        Some(c) => s.find(c).map_or(s.len(), |i| i + 1),
        None => {
            let mut quote: Option<char> = None;
            s.char_indices()
                .find(|&(_, c)| match quote {
                    Some(q) => {
                        if c == q {
                            quote = None;
                        }
                        false
                    }
                    None if c == '"' || c == '\'' => {
                        quote = Some(c);
                        false
                    }
                    None => c.is_whitespace(),
                })
                .map_or(s.len(), |(i, _)| i)
        }
    };
    s.split_at(end)
}

/// `1,3-5` (or `1 3-5`) as line numbers; `None` if it is not that.
fn lines(list: &str, sep: char) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    for part in list.split(sep).map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        let (a, b): (usize, usize) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        if a == 0 || b < a {
            return None;
        }
        out.extend((a..=b).take(MAX_MARKED.saturating_sub(out.len())));
        if out.len() >= MAX_MARKED {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Whether `body` has a fence whose info string says more than a plain
/// language, or names a diagram, to skip the work on most pages.
pub fn may_hold(body: &str) -> bool {
    let b = body.as_bytes();
    ["```", "~~~"].iter().any(|fence| {
        memchr::memmem::find_iter(b, fence.as_bytes()).any(|at| {
            let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i);
            let info = body
                .get(at..end)
                .unwrap_or("")
                .trim_start_matches(['`', '~'])
                .trim();
            let lang = info.split([' ', '{', '[']).next().unwrap_or("");
            lang.len() < info.len() || DIAGRAMS.iter().any(|(d, ..)| *d == lang)
        })
    })
}

/// The diagram languages quire shows as source, and how to make a picture
/// (in Chinese, then in English).
const DIAGRAMS: &[(&str, &str, &str)] = &[
    ("mermaid", "在 Mermaid 编辑器（mermaid.live）里或用 `mmdc` 画出来，导出成 SVG 或 PNG 放在页面旁边，再作为图片显示：`![流程图](flow.svg)`", "draw it in the Mermaid editor (mermaid.live) or with `mmdc`, export an SVG or PNG beside the page and show it as an image: `![流程图](flow.svg)`"),
    ("echarts", "把图表存成图片（ECharts 的 `saveAsImage`），放在页面旁边，再作为图片显示：`![图表](chart.png)`", "save the chart as a picture (ECharts' `saveAsImage`), put it beside the page and show it as an image: `![图表](chart.png)`"),
    ("plantuml", "把图导出成 SVG 或 PNG 放在页面旁边，再作为图片显示：`![图](diagram.svg)`", "export the diagram as an SVG or PNG beside the page and show it as an image: `![图](diagram.svg)`"),
    ("flowchart", "把图导出成 SVG 或 PNG 放在页面旁边，再作为图片显示：`![图](diagram.svg)`", "export the diagram as an SVG or PNG beside the page and show it as an image: `![图](diagram.svg)`"),
];

/// What quire does not show of the fences in `parsed` (the events of
/// `body`): line numbers, words it does not read, diagrams.
pub fn findings(body: &str, parsed: &[(Event, Range<usize>)]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (event, range) in parsed {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event else {
            continue;
        };
        let read = Info::read(info);
        let line_end = body[range.start..]
            .find('\n')
            .map_or(body.len(), |i| range.start + i);
        let line = &body[range.start..line_end];
        // Where a word of the info string is on the fence line.
        let at = |word: &str| {
            let from = line.find(read.lang).unwrap_or(0);
            let start = line[from..]
                .find(word)
                .map_or(range.start, |i| range.start + from + i);
            start..(start + word.len()).min(line_end).max(start)
        };
        if let Some((name, zh, en)) = DIAGRAMS.iter().find(|(d, ..)| *d == read.lang) {
            out.push(Finding::new(
                Code::DiagramNotDrawn,
                at(read.lang),
                crate::tr!(
                    "`{name}` 图不会画出来：quire 把它的源码按代码显示",
                    "a `{name}` diagram is not drawn: quire shows its source as code"
                ),
                Text {
                    zh: zh.to_string(),
                    en: en.to_string(),
                },
            ));
        }
        // A script is shown as it is sent, with its copy button.
        if is_script(read.lang) && (read.title.is_some() || !read.marked.is_empty()) {
            out.push(Finding::new(
                Code::ForeignSyntax,
                at(read.lang),
                crate::tr!("话术的标题和标记的行不会显示：话术按要发出去的文字原样显示", "a script's title and marked lines are not shown: a script is shown as the text it sends"),
                crate::tr!("把标题写成话术上方的一个标题", "put the title in a heading above the script"),
            ));
        }
        if let Some(word) = read.line_numbers {
            out.push(Finding::new(
                Code::ForeignSyntax,
                at(word),
                crate::tr!("`{word}` 要求显示行号，但 quire 不显示行号：代码照常显示，不带行号", "`{word}` asks for line numbers, which quire does not show: the code is shown without them"),
                crate::tr!("删掉它", "delete it"),
            ));
        }
        for word in &read.unread {
            out.push(Finding::new(
                Code::ForeignSyntax,
                at(word),
                crate::tr!("代码块开头那行里的 `{word}`，quire 不读：已去掉", "`{word}` in the code fence's line is not something quire reads: it is left out"),
                crate::tr!("语言后面，quire 会读标题（`title=\"src/main.rs\"` 或 `[文件名]`）和要标出的行（`{{1,3-5}}`）", "after the language, quire reads a title (`title=\"src/main.rs\"` or `[文件名]`) and lines to mark (`{{1,3-5}}`)"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tool_s_way_of_writing_extras_is_read() {
        let r = Info::read("rust title=\"src/main.rs\" {1,3-5} showLineNumbers");
        assert_eq!(r.lang, "rust");
        assert_eq!(r.title.as_deref(), Some("src/main.rs"));
        assert_eq!(r.marked, [1, 3, 4, 5]);
        assert_eq!(r.line_numbers, Some("showLineNumbers"));
        let v = Info::read("js{1,3} [配置 文件.js]");
        assert_eq!((v.lang, v.title.as_deref()), ("js", Some("配置 文件.js")));
        assert_eq!(v.marked, [1, 3]);
        let m = Info::read("python hl_lines=\"2 4\" title='a b.py' linenums=\"1\"");
        assert_eq!(m.marked, [2, 4]);
        assert_eq!(m.title.as_deref(), Some("a b.py"));
        assert_eq!(m.line_numbers, Some("linenums=\"1\""));
        assert_eq!(
            Info::read("sh {a} x=1 :no-line-numbers").unread,
            ["{a}", "x=1"]
        );
        assert_eq!(Info::read("{1-99999999999}").marked.len(), MAX_MARKED);
        for odd in ["", "{", "[", "\"", "a \"", "a title=", "a {3-1}", "a [x"] {
            let _ = Info::read(odd);
        }
        assert!(may_hold("```mermaid\n") && may_hold("~~~ js [a]\n") && !may_hold("```js\n"));
    }

    #[test]
    fn what_is_not_shown_is_reported_at_its_word() {
        let body = "```话术 title=\"开场\"\n欢迎\n```\n\n```jsx live {x}\nx\n```\n";
        let found: Vec<(&str, &str)> = findings(body, &crate::markdown::parse(body))
            .iter()
            .map(|f| (f.code.name(), &body[f.range.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                ("foreign-syntax", "话术"),
                ("foreign-syntax", "live"),
                ("foreign-syntax", "{x}")
            ]
        );
    }
}
