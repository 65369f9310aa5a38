//! [`guard`]: the one pass over a body's events that applies the `html`
//! policy and says what it took out. `markdown::prepare` keeps its events;
//! `quire check` keeps its findings; both call it on the same parse.

use crate::base::codes::Code;
use crate::base::i18n::Text;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

use super::names::{is_plain_name, theme_owned};
use super::{tags, Policy, MAX_TAGS};

/// A diagnostic's code, its byte range in the Markdown, message and help.
pub type Finding = (Code, Range<usize>, Text, Text);

type Spanned<'a> = (Event<'a>, Range<usize>);

fn raw_html_help() -> Text {
    crate::tr!(
        "尽量改用 Markdown 来写；页面里能用哪些 HTML，由 quire.yaml 里的 `html` 设置决定（通常由负责站点配置的同事调整）",
        "write it in Markdown; quire.yaml's `html` setting says what raw HTML may do"
    )
}

fn attribute_help() -> Text {
    crate::tr!(
        "标题的 `{{…}}` 可以给它一个 id（`{{#步骤}}`）和主题没有用到的普通 class（`{{.note}}`）；别的能不能保留，由 quire.yaml 的 `html` 设置决定",
        "a heading's `{{…}}` may give it an id (`{{#步骤}}`) and plain classes the theme does not use (`{{.note}}`); quire.yaml's `html` setting says what else may pass"
    )
}

/// Applies `policy` to a body's events and says what it took out: each
/// run of raw HTML rewritten (under `deny`, to its text alone; past
/// [`MAX_TAGS`], dropped), each heading's attributes reduced to its id and
/// plain classes. `text` is the Markdown the events' ranges point into.
pub fn guard<'a>(
    events: Vec<Spanned<'a>>,
    text: &str,
    policy: Policy,
) -> (Vec<Spanned<'a>>, Vec<Finding>) {
    let mut found = Vec::new();
    let touched = |e: &Event| match e {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Heading { classes, attrs, .. }) => {
            !classes.is_empty() || !attrs.is_empty()
        }
        _ => false,
    };
    if policy == Policy::Allow || !events.iter().any(|(e, _)| touched(e)) {
        return (events, found);
    }
    let total: usize = events
        .iter()
        .map(|(e, _)| match e {
            Event::Html(h) | Event::InlineHtml(h) => tags(h),
            _ => 0,
        })
        .sum();
    let drop_all = policy == Policy::Sanitize && total > MAX_TAGS;
    if drop_all {
        if let Some((_, range)) = events
            .iter()
            .find(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
        {
            found.push((
                Code::RawHtml,
                range.clone(),
                crate::tr!("这一页有 {total} 个 HTML 标签，超过了 quire 能清理的 {MAX_TAGS} 个；页面上的原始 HTML 都去掉了", "the page holds {total} HTML tags, more than the {MAX_TAGS} quire sanitizes; its raw HTML is left out"),
                raw_html_help(),
            ));
        }
    }
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        let inline = match event {
            Event::Html(_) => false,
            Event::InlineHtml(_) => true,
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let (classes, attrs) = heading(text, &range, classes, attrs, policy, &mut found);
                out.push((
                    Event::Start(Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    }),
                    range,
                ));
                continue;
            }
            other => {
                out.push((other, range));
                continue;
            }
        };
        // A run: the lines of one HTML block, or inline tags that touch.
        let mut run = Run::default();
        run.push(&event, &range);
        while let Some((next, r)) = events.peek() {
            let joins = match next {
                Event::Html(_) => !inline,
                Event::InlineHtml(_) => inline && r.start == run.end,
                _ => false,
            };
            if !joins {
                break;
            }
            let (next, r) = events.next().expect("peeked");
            run.push(&next, &r);
        }
        if drop_all {
            continue;
        }
        let (pieces, removed) = tags::filter(&run.text);
        if policy == Policy::Deny {
            for (at, len) in tags::start_tags(&run.text) {
                found.push((
                    Code::RawHtml,
                    run.place(at, len),
                    crate::tr!(
                        "这个站点不允许原始 HTML",
                        "raw HTML is not allowed on this site"
                    ),
                    raw_html_help(),
                ));
            }
        } else {
            for r in removed {
                found.push((
                    Code::RawHtml,
                    run.place(r.at, r.len),
                    r.message,
                    raw_html_help(),
                ));
            }
        }
        // Under `deny` no tag is kept, but the text stays (`quire serve`
        // shows the page while the errors are fixed).
        let pieces = pieces
            .into_iter()
            .filter(|p| policy != Policy::Deny || matches!(p, tags::Piece::Text(..)));
        for piece in pieces {
            out.push(match piece {
                tags::Piece::Html(html) if inline => {
                    (Event::InlineHtml(html.into()), run.start..run.end)
                }
                tags::Piece::Html(html) => (Event::Html(html.into()), run.start..run.end),
                tags::Piece::Text(text, r) => {
                    let range = run.place(r.start, r.len());
                    (Event::Text(text.into()), range)
                }
            });
        }
    }
    (out, found)
}

/// Raw HTML pieces read as one, with where each piece stands in the Markdown.
#[derive(Default)]
struct Run {
    text: String,
    /// (offset in `text`, offset in the Markdown) of each piece.
    pieces: Vec<(usize, usize)>,
    start: usize,
    end: usize,
}

impl Run {
    fn push(&mut self, event: &Event, range: &Range<usize>) {
        let (Event::Html(t) | Event::InlineHtml(t)) = event else {
            return;
        };
        if self.pieces.is_empty() {
            self.start = range.start;
        }
        self.pieces.push((self.text.len(), range.start));
        self.text.push_str(t);
        self.end = range.end;
    }

    /// The Markdown range of `len` bytes at offset `at` of the run.
    fn place(&self, at: usize, len: usize) -> Range<usize> {
        let (offset, start) = self
            .pieces
            .iter()
            .rev()
            .find(|(o, _)| *o <= at)
            .copied()
            .unwrap_or((0, self.start));
        let from = start + at - offset;
        from..from + len.max(1)
    }
}

/// A heading's classes and attributes as the policy leaves them.
fn heading<'a>(
    text: &str,
    range: &Range<usize>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    policy: Policy,
    found: &mut Vec<Finding>,
) -> (Vec<CowStr<'a>>, Vec<(CowStr<'a>, Option<CowStr<'a>>)>) {
    // The `{…}` closes the heading's text; point into it where we can.
    let source = text.get(range.clone()).unwrap_or("");
    let block = source.rfind('{').unwrap_or(0);
    let place = |needle: &str| {
        let at = source[block..]
            .find(needle)
            .map_or(range.start + block, |i| range.start + block + i);
        at..at + needle.len().max(1)
    };
    let kept = classes
        .into_iter()
        .filter(|class| {
            let why = if !is_plain_name(class) {
                crate::tr!(
                    "不是普通的名字（只能用字母、数字、`-` 和 `_`）",
                    "is not a plain name (letters, digits, `-` and `_`)"
                )
            } else if theme_owned(class) {
                crate::tr!("是主题自己用的", "belongs to the theme")
            } else {
                return true;
            };
            let message = match policy {
                Policy::Deny => crate::tr!(
                    "标题的 class `{class}` {}",
                    "the heading class `{class}` {}",
                    why
                ),
                _ => crate::tr!(
                    "标题的 class `{class}` {}，已去掉",
                    "the heading class `{class}` {}; it is removed",
                    why
                ),
            };
            found.push((
                Code::UnsafeAttribute,
                place(&format!(".{class}")),
                message,
                attribute_help(),
            ));
            false
        })
        .collect();
    for (name, _) in &attrs {
        let message = match policy {
            Policy::Deny => crate::tr!(
                "这个站点不允许标题属性 `{name}`",
                "the heading attribute `{name}` is not allowed on this site"
            ),
            _ => crate::tr!(
                "标题属性 `{name}` 已去掉；标题只保留 id 和 class",
                "the heading attribute `{name}` is removed; a heading keeps only its id and classes"
            ),
        };
        found.push((
            Code::UnsafeAttribute,
            place(name),
            message,
            attribute_help(),
        ));
    }
    (kept, Vec::new())
}
