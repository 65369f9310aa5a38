//! The raw HTML an author writes, one run at a time (an HTML block, or
//! inline tags that touch), read tag by tag and written back as only what
//! the site allows: every kept tag is rewritten from its name and its
//! allowed attributes, every other `<` becomes text. Each thing removed or
//! shown as text is a [`Removal`] at its byte offset in the run, so what
//! `quire check` reports and what the page loses come from one decision.
//!
//! Nothing an author writes can hide what follows it: a tag that is never
//! closed with `>`, an unclosed comment, a tag that is not HTML, and an
//! element such as `<textarea>` or `<template>` whose end never comes are
//! shown (or dropped) alone, and the rest of the page stays.

use crate::base::i18n::Text;
use std::borrow::Cow;

use super::names::{is_plain_name, theme_owned};
use super::token::{decode, find_end_tag, read, StartTag, Token};
use super::{safe_url, url_problem};

/// Elements an author's HTML may hold: ammonia's defaults, which
/// [`super::clean`] also keeps, and `section`.
pub const TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "area",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "map",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes allowed on every element of an author's HTML. Ids and
/// classes are further checked: plain names the theme does not use.
pub const GENERIC_ATTRIBUTES: &[&str] = &["id", "class", "title", "lang", "dir"];

/// Attributes allowed on some elements (ammonia's defaults).
pub const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("bdo", &["dir"]),
    ("blockquote", &["cite"]),
    ("col", &["align", "char", "charoff", "span"]),
    ("colgroup", &["align", "char", "charoff", "span"]),
    ("del", &["cite", "datetime"]),
    ("hr", &["align", "size", "width"]),
    ("img", &["align", "alt", "height", "src", "width"]),
    ("ins", &["cite", "datetime"]),
    ("ol", &["start"]),
    ("q", &["cite"]),
    ("table", &["align", "char", "charoff", "summary"]),
    ("tbody", &["align", "char", "charoff"]),
    (
        "td",
        &["align", "char", "charoff", "colspan", "headers", "rowspan"],
    ),
    ("tfoot", &["align", "char", "charoff"]),
    (
        "th",
        &[
            "align", "char", "charoff", "colspan", "headers", "rowspan", "scope",
        ],
    ),
    ("thead", &["align", "char", "charoff"]),
    ("tr", &["align", "char", "charoff"]),
];

/// Attributes that hold an address.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite"];

/// Elements removed with what is inside them, when their end tag is in the
/// same run: their content is never shown by a browser either.
const CONTENT_TAGS: &[&str] = &["script", "style", "template"];

/// Every other element HTML has, and the obsolete ones browsers still
/// read: removed, their text kept. Any other name is not HTML, and the tag
/// is shown as text (`<昵称>` and `<nickname>` are placeholders, not tags).
const OTHER_ELEMENTS: &[&str] = &[
    "address",
    "applet",
    "audio",
    "base",
    "basefont",
    "bgsound",
    "big",
    "blink",
    "body",
    "button",
    "canvas",
    "command",
    "datalist",
    "dialog",
    "dir",
    "embed",
    "fencedframe",
    "fieldset",
    "font",
    "form",
    "frame",
    "frameset",
    "head",
    "html",
    "iframe",
    "image",
    "input",
    "isindex",
    "keygen",
    "label",
    "legend",
    "link",
    "listing",
    "main",
    "marquee",
    "math",
    "menu",
    "menuitem",
    "meta",
    "meter",
    "multicol",
    "nextid",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "optgroup",
    "option",
    "output",
    "param",
    "picture",
    "plaintext",
    "portal",
    "progress",
    "rb",
    "search",
    "select",
    "selectedcontent",
    "slot",
    "source",
    "spacer",
    "svg",
    "textarea",
    "title",
    "track",
    "video",
    "xmp",
];

/// A run as the site shows it: tags (allowed, rewritten) and text (what
/// lies between them, and whatever is shown as text), each a piece of its
/// own, so that every output (the PDF too) keeps the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Html(String),
    /// Text as a browser reads it (character references decoded), and the
    /// byte range of the run it comes from.
    Text(String, std::ops::Range<usize>),
}

#[derive(Default)]
struct Pieces(Vec<Piece>);

impl Pieces {
    fn html(&mut self, html: &str) {
        match self.0.last_mut() {
            Some(Piece::Html(last)) => last.push_str(html),
            _ => self.0.push(Piece::Html(html.to_string())),
        }
    }

    /// Text written at `at..at + raw.len()` of the run.
    fn text(&mut self, raw: &str, at: usize) {
        if raw.is_empty() {
            return;
        }
        let text = decode(raw);
        match self.0.last_mut() {
            Some(Piece::Text(last, range)) if range.end == at => {
                last.push_str(&text);
                range.end = at + raw.len();
            }
            _ => self
                .0
                .push(Piece::Text(text.into_owned(), at..at + raw.len())),
        }
    }
}

/// Something the filter took out of a run, or showed as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// Byte offset in the run.
    pub at: usize,
    /// Bytes of the run it covers (at least 1), for a diagnostic's caret.
    pub len: usize,
    pub message: Text,
}

/// The run as the site may show it, and what was taken out.
pub fn filter(run: &str) -> (Vec<Piece>, Vec<Removal>) {
    let mut out = Pieces::default();
    let mut removed = Vec::new();
    let mut i = 0;
    while let Some(lt) = run[i..].find('<') {
        let at = i + lt;
        out.text(&run[i..at], i);
        i = match read(run, at) {
            Token::Comment(end) => end,
            Token::UnclosedComment => {
                removed.push(Removal {
                    at,
                    len: 4,
                    message: crate::tr!(
                        "`<!--` 没有用 `-->` 结束；它和后面的内容都按文字显示",
                        "`<!--` is never closed with `-->`; it and what follows are shown as text"
                    ),
                });
                out.text("<", at);
                at + 1
            }
            Token::Declaration(end) => {
                removed.push(Removal {
                    at,
                    len: end - at,
                    message: crate::tr!(
                        "`{}` 已从页面上去掉",
                        "`{}` is removed from the page",
                        shorten(&run[at..end])
                    ),
                });
                end
            }
            Token::Text => {
                out.text("<", at);
                at + 1
            }
            Token::Unterminated(name_end) => {
                removed.push(Removal {
                    at,
                    len: name_end - at,
                    message: crate::tr!(
                        "`{}` 没有用 `>` 结束；按文字显示",
                        "`{}` is never closed with `>`; it is shown as text",
                        &run[at..name_end]
                    ),
                });
                out.text("<", at);
                at + 1
            }
            Token::End { name, end } => {
                if TAGS.contains(&name.as_str()) {
                    out.html(&format!("</{name}>"));
                } else if !known(&name) {
                    out.text(&run[at..end], at);
                }
                end
            }
            Token::Start(tag) => start_tag(run, at, tag, &mut out, &mut removed),
        };
    }
    out.text(&run[i..], i);
    (out.0, removed)
}

/// Every start tag of an HTML element in a run, as (offset, length of
/// `<name`): what `deny` reports. A tag that is not HTML (`<昵称>`,
/// `<nickname>`) is text under every policy.
pub fn start_tags(run: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(lt) = run[i..].find('<') {
        let at = i + lt;
        i = match read(run, at) {
            Token::Comment(end) | Token::Declaration(end) | Token::End { end, .. } => end,
            Token::Start(tag) => {
                if known(&tag.name) {
                    found.push((at, tag.name.len() + 1));
                }
                tag.end
            }
            Token::Text | Token::UnclosedComment | Token::Unterminated(_) => at + 1,
        };
    }
    found
}

pub(crate) fn known(name: &str) -> bool {
    TAGS.contains(&name) || CONTENT_TAGS.contains(&name) || OTHER_ELEMENTS.contains(&name)
}

/// Writes (or drops) one start tag and returns where reading goes on.
fn start_tag(
    run: &str,
    at: usize,
    tag: StartTag,
    out: &mut Pieces,
    removed: &mut Vec<Removal>,
) -> usize {
    let name = tag.name.as_str();
    let name_len = name.len() + 1;
    if CONTENT_TAGS.contains(&name) {
        let close = find_end_tag(run, tag.end, name);
        let message = match close {
            Some((inner_end, _)) => crate::tr!(
                "`<{name}>` 已从页面上去掉，连同里面的 {} 个字符",
                "`<{name}>` is removed from the page, with the {} characters inside it",
                run[tag.end..inner_end].chars().count()
            ),
            None => crate::tr!(
                "`<{name}>` 已从页面上去掉；它没有结束，所以后面的内容保留",
                "`<{name}>` is removed from the page; it is never closed, so what follows it stays"
            ),
        };
        removed.push(Removal {
            at,
            len: name_len,
            message,
        });
        return close.map_or(tag.end, |(_, after)| after);
    }
    if OTHER_ELEMENTS.contains(&name) {
        removed.push(Removal {
            at,
            len: name_len,
            message: crate::tr!(
                "`<{name}>` 已从页面上去掉；里面的文字保留",
                "`<{name}>` is removed from the page; its text stays"
            ),
        });
        return tag.end;
    }
    if !TAGS.contains(&name) {
        // Not HTML: the reader sees what the author typed, so nothing is lost.
        out.text(&run[at..tag.end], at);
        return tag.end;
    }
    let mut html = format!("<{name}");
    let mut seen: Vec<&str> = Vec::new();
    for attr in &tag.attributes {
        let attr_name = attr.name.as_str();
        let gone = |message: Text| Removal {
            at: attr.at,
            len: attr.name.len().max(1),
            message,
        };
        if seen.contains(&attr_name) {
            continue; // browsers keep the first of a repeated attribute
        }
        seen.push(attr_name);
        if !allowed(name, attr_name) {
            removed.push(gone(crate::tr!(
                "`<{name}>` 的 `{attr_name}` 属性不会生效，发布时会被去掉",
                "the `{attr_name}` attribute of `<{name}>` is removed"
            )));
            continue;
        }
        let value = decode(&attr.value);
        if URL_ATTRIBUTES.contains(&attr_name) && !safe_url(&value, attr_name == "src") {
            removed.push(gone(crate::tr!(
                "`<{name}>` 的 `{attr_name}` 目标已去掉：{}",
                "the `{attr_name}` target of `<{name}>` is removed: {}",
                url_problem(&value)
            )));
            continue;
        }
        let value: Cow<str> = match attr_name {
            "class" => {
                let mut kept = Vec::new();
                for class in value.split_ascii_whitespace() {
                    match name_problem(class) {
                        Some(why) => removed.push(gone(crate::tr!(
                            "`<{name}>` 的 class `{class}` {}，已去掉",
                            "the class `{class}` of `<{name}>` {}; it is removed",
                            why
                        ))),
                        None => kept.push(class),
                    }
                }
                if kept.is_empty() {
                    continue;
                }
                Cow::Owned(kept.join(" "))
            }
            "id" => match name_problem(value.trim()) {
                Some(why) => {
                    removed.push(gone(crate::tr!(
                        "`<{name}>` 的 id `{}` {}，已去掉",
                        "the id `{}` of `<{name}>` {}; it is removed",
                        value.trim(),
                        why
                    )));
                    continue;
                }
                None => value,
            },
            _ => value,
        };
        html.push(' ');
        html.push_str(attr_name);
        html.push_str("=\"");
        html.push_str(&escape(&value));
        html.push('"');
    }
    html.push('>');
    out.html(&html);
    tag.end
}

/// Why an author's class or id cannot stay, if it cannot.
fn name_problem(name: &str) -> Option<Text> {
    if !is_plain_name(name) {
        Some(crate::tr!(
            "不是普通的名字（只能用字母、数字、`-` 和 `_`）",
            "is not a plain name (letters, digits, `-` and `_`)"
        ))
    } else if theme_owned(name) {
        Some(crate::tr!("是主题自己用的", "belongs to the theme"))
    } else {
        None
    }
}

fn allowed(tag: &str, attribute: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attribute)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attribute))
}

/// Text for HTML content or a double-quoted attribute value.
fn escape(s: &str) -> String {
    crate::markdown::escape_attr(s)
}

fn shorten(s: &str) -> String {
    let mut short: String = s.chars().take(24).collect();
    if short.len() < s.len() {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run as HTML, text escaped, as a page shows it.
    fn html(run: &str) -> String {
        filter(run)
            .0
            .into_iter()
            .map(|p| match p {
                Piece::Html(h) => h,
                Piece::Text(t, _) => escape(&t),
            })
            .collect()
    }

    fn messages(run: &str) -> (String, Vec<(usize, String)>) {
        let removed = filter(run).1;
        (
            html(run),
            removed.into_iter().map(|r| (r.at, r.message.en)).collect(),
        )
    }

    #[test]
    fn a_comment_ends_at_dash_dash_bang_too_as_in_browsers() {
        let (page, removed) = messages("<!-- a --!> 可见文字");
        assert_eq!(page, " 可见文字");
        assert!(removed.is_empty(), "{removed:?}");
    }

    #[test]
    fn allowed_tags_are_rewritten_with_only_their_allowed_attributes() {
        assert_eq!(
            messages("<a href='https://a.b/?x=1&amp;y=\"2\"' target=_blank TITLE=t>"),
            (
                "<a href=\"https://a.b/?x=1&amp;y=&quot;2&quot;\" title=\"t\">".into(),
                vec![(37, "the `target` attribute of `<a>` is removed".into())]
            )
        );
        assert_eq!(
            messages("<img src=x onerror=\"alert(1)\">"),
            (
                "<img src=\"x\">".into(),
                vec![(11, "the `onerror` attribute of `<img>` is removed".into())]
            )
        );
        assert_eq!(html("<br/><hr />"), "<br><hr>");
    }

    #[test]
    fn script_addresses_are_found_behind_character_references() {
        for href in [
            "java&#115;cript:alert(1)",
            "java&#x73;cript:alert(1)",
            "javascript&colon;alert(1)",
            "&#x20;javascript:x",
            "java&Tab;script:x",
        ] {
            let run = format!("<a href=\"{href}\">");
            let removed = filter(&run).1;
            assert_eq!(html(&run), "<a>", "{href}");
            assert_eq!(removed.len(), 1, "{href}");
        }
        assert_eq!(decode("a&ampb&amp;c&notit;&#0;"), "a&ampb&c&notit;\u{FFFD}");
        assert_eq!(
            decode("?x=1&copy=2"),
            "?x=1&copy=2",
            "`&copy=` stays in values"
        );
    }

    #[test]
    fn content_tags_go_with_their_content_only_when_closed() {
        assert_eq!(
            messages("<script>alert(1)</script >后"),
            (
                "后".into(),
                vec![(
                    0,
                    "`<script>` is removed from the page, with the 8 characters inside it".into()
                )]
            )
        );
        let (html, removed) = messages("<template><b>后面</b>");
        assert_eq!(html, "<b>后面</b>");
        assert!(removed[0].1.contains("never closed"), "{removed:?}");
    }

    #[test]
    fn nothing_unclosed_or_unknown_swallows_what_follows() {
        assert_eq!(html("<textarea>后面"), "后面");
        assert_eq!(html("<title>后面"), "后面");
        assert_eq!(html("<xmp>后面"), "后面");
        assert_eq!(html("<!-- 没关 <b>x</b>"), "&lt;!-- 没关 <b>x</b>");
        assert_eq!(html("<img src=\"x 后面"), "&lt;img src=&quot;x 后面");
        assert_eq!(
            messages("发送 <nickname> 给他"),
            ("发送 &lt;nickname&gt; 给他".into(), vec![]),
            "not HTML: shown as typed, nothing to report"
        );
        assert_eq!(html("a < b <3 </ x"), "a &lt; b &lt;3 &lt;/ x");
        assert_eq!(html("<!-- c --><!-->x<!DOCTYPE html>"), "x");
    }

    #[test]
    fn theme_classes_and_ids_are_taken_off_author_elements() {
        assert_eq!(
            messages("<div class=\"script note\" id=main><button class=copy>"),
            (
                "<div class=\"note\">".into(),
                vec![
                    (
                        5,
                        "the class `script` of `<div>` belongs to the theme; it is removed".into()
                    ),
                    (
                        25,
                        "the id `main` of `<div>` belongs to the theme; it is removed".into()
                    ),
                    (
                        33,
                        "`<button>` is removed from the page; its text stays".into()
                    ),
                ]
            )
        );
    }

    #[test]
    fn deny_sees_every_start_tag() {
        assert_eq!(
            start_tags("<b>x</b><!-- <i> --><img src=x><nickname>"),
            [(0, 2), (20, 4)]
        );
    }
}
