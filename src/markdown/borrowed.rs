//! What other tools wrote, read as one: where a body's `:::` containers
//! ([`crate::markdown::containers`]), foreign syntax ([`crate::markdown::foreign`]),
//! `[[toc]]` ([`crate::markdown::toc`]) and MkDocs admonitions
//! ([`crate::markdown::admonitions`], each body read again on its own) are, what
//! code fences and images ask for that is not shown ([`crate::markdown::fences`],
//! [`crate::markdown::media`]), the events [`crate::markdown::events`]
//! makes of them (lines they take whole blanked with spaces before the
//! parse, so every offset stays true), and the findings `quire check`
//! reports.

use crate::base::i18n::Text;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::base::codes::Code;

/// What other tools wrote in a body, once found.
pub struct Syntax {
    containers: Vec<crate::markdown::containers::Container>,
    foreign: Vec<crate::markdown::foreign::Foreign>,
    toc: bool,
    /// What code fences ask for that is not shown ([`crate::markdown::fences`]), and
    /// images that are not pictures ([`crate::markdown::media`]).
    fences: Vec<Finding>,
    /// MkDocs admonitions, each with its body dedented and what that holds.
    admonitions: Vec<Nested>,
}

/// An admonition, its body without the indentation, and what other tools
/// wrote in that body (`None` when nothing, or too deep to read).
struct Nested {
    admonition: crate::markdown::admonitions::Admonition,
    dedented: crate::markdown::admonitions::Dedented,
    inner: Option<Box<Syntax>>,
}

/// A body's events as [`crate::markdown::events`] makes them, but for bare
/// web addresses (which it links once, over the whole body).
pub(crate) fn events(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    match Syntax::read(body) {
        None => crate::markdown::parse(body),
        Some(s) => s.events(body),
    }
}

impl Syntax {
    /// `None` for the many bodies that hold none of it.
    pub fn read(body: &str) -> Option<Syntax> {
        Syntax::read_at(body, 0)
    }

    /// `depth` is how many admonitions `body` is inside.
    fn read_at(body: &str, depth: usize) -> Option<Syntax> {
        let colons = memchr::memmem::find(body.as_bytes(), b":::").is_some();
        let foreign = crate::markdown::foreign::may_hold(body);
        let toc = crate::markdown::toc::may_hold(body);
        let bangs = depth < crate::markdown::admonitions::MAX_DEPTH
            && crate::markdown::admonitions::may_hold(body);
        let extras = crate::markdown::fences::may_hold(body);
        let media = crate::markdown::media::may_hold(body);
        if !(colons || foreign || toc || bangs || extras || media) {
            return None;
        }
        let parsed =
            (colons || foreign || bangs || extras || media).then(|| crate::markdown::parse(body));
        let parsed = parsed.as_deref().unwrap_or(&[]);
        let code: Vec<Range<usize>> = parsed
            .iter()
            .filter(|(e, _)| matches!(e, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
            .map(|(_, r)| r.clone())
            .collect();
        let containers = if colons {
            crate::markdown::containers::scan(body, |at| in_ranges(&code, at))
        } else {
            Vec::new()
        };
        let fences: Vec<Range<usize>> = crate::markdown::containers::fences(&containers).collect();
        let mut foreign = if foreign {
            crate::markdown::foreign::find(body, parsed)
        } else {
            Vec::new()
        };
        // A fence's own `{.warning}` is the container's.
        foreign.retain(|f| !fences.iter().any(|r| r.contains(&f.range.start)));
        let mut fences = if extras {
            crate::markdown::fences::findings(body, parsed)
        } else {
            Vec::new()
        };
        if media {
            fences.extend(crate::markdown::media::findings(parsed));
        }
        let admonitions: Vec<Nested> = if bangs {
            crate::markdown::admonitions::scan(body, |at| in_ranges(&code, at))
                .into_iter()
                .map(|admonition| {
                    let dedented = admonition.dedent(body);
                    let inner = Syntax::read_at(&dedented.text, depth + 1).map(Box::new);
                    Nested {
                        admonition,
                        dedented,
                        inner,
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut admonitions = admonitions;
        // An MDX component's indented content, which would read as code;
        // one inside another's content is read with that content, as deep
        // as admonitions are.
        let boxes = spans_of(&admonitions);
        let mut read_up_to = 0;
        let components = foreign
            .iter()
            .filter(|f| f.line && depth < crate::markdown::admonitions::MAX_DEPTH);
        for f in components {
            let tag = &body[f.range.clone()];
            if tag.starts_with("</")
                || tag.ends_with("/>")
                || f.range.start < read_up_to
                || in_ranges(&boxes, f.range.start)
            {
                continue;
            }
            if let Some(admonition) =
                crate::markdown::admonitions::Admonition::component_body(body, f.range.clone())
            {
                read_up_to = admonition.body.end;
                let dedented = admonition.dedent(body);
                let inner = Syntax::read_at(&dedented.text, depth + 1).map(Box::new);
                admonitions.push(Nested {
                    admonition,
                    dedented,
                    inner,
                });
            }
        }
        admonitions.sort_by_key(|n| n.admonition.marker.start);
        // What is inside an admonition is its body's, read there (a
        // component's own tag line stays the page's).
        let spans = spans_of(&admonitions);
        let taken = |at: usize| in_ranges(&spans, at);
        foreign.retain(|f| !taken(f.range.start));
        fences.retain(|f| !taken(f.range.start));
        let mut containers = containers;
        containers.retain(|c| !taken(c.open.start));
        Some(Syntax {
            containers,
            foreign,
            toc,
            fences,
            admonitions,
        })
    }

    pub fn events<'a>(&self, body: &'a str) -> Vec<(Event<'a>, Range<usize>)> {
        let blanks: Vec<Range<usize>> = crate::markdown::containers::fences(&self.containers)
            .chain(
                self.foreign
                    .iter()
                    .filter(|f| f.line)
                    .map(|f| f.range.clone()),
            )
            .collect();
        let lines: Vec<Range<usize>> = self
            .admonitions
            .iter()
            .flat_map(|n| [n.admonition.marker.clone(), n.admonition.body.clone()])
            .collect();
        let mut events = if blanks.is_empty() && lines.is_empty() {
            crate::markdown::parse(body)
        } else {
            let mut blanked = body.as_bytes().to_vec();
            for r in &blanks {
                blanked[r.clone()].fill(b' ');
            }
            // An admonition's lines, whole, so its line ends stay.
            for r in &lines {
                for b in &mut blanked[r.clone()] {
                    if *b != b'\n' {
                        *b = b' ';
                    }
                }
            }
            // Only whole lines of ASCII-bounded syntax are blanked, so the
            // text stays UTF-8; should it not, the body is read as written.
            match String::from_utf8(blanked) {
                Ok(blanked) => crate::markdown::parse(&blanked)
                    .into_iter()
                    .map(|(e, r)| (e.into_static(), r))
                    .collect(),
                Err(_) => crate::markdown::parse(body),
            }
        };
        // Before the containers are wrapped, so that a box inside a `:::`
        // container stays inside it.
        if !self.admonitions.is_empty() {
            let boxes = self.admonitions.iter().map(|n| {
                let a = &n.admonition;
                let text = &n.dedented.text;
                let inner = match &n.inner {
                    Some(s) => s.events(text),
                    None => crate::markdown::parse(text),
                };
                let inner = inner
                    .into_iter()
                    .map(|(e, r)| (e.into_static(), n.dedented.range(&r)));
                if !a.boxed {
                    return (a.body.start, a.indent > 0, inner.collect());
                }
                let kind = crate::markdown::containers::kind_of(a.shown_as);
                let whole = a.marker.start..a.body.end.max(a.marker.end);
                let mut add = vec![
                    (
                        Event::InlineMath(CowStr::from(a.marker_text())),
                        a.marker.clone(),
                    ),
                    (Event::Start(Tag::BlockQuote(kind)), whole.clone()),
                ];
                add.extend(inner);
                add.push((Event::End(TagEnd::BlockQuote(kind)), whole));
                (a.marker.start, a.indent > 0, add)
            });
            events = crate::markdown::containers::insert_between_blocks(events, boxes.collect());
        }
        events = crate::markdown::containers::wrap(events, &self.containers, body.len());
        if self.toc {
            events = crate::markdown::toc::mark(events, body);
        }
        crate::markdown::foreign::apply(events, &self.foreign, body)
    }

    fn findings(&self, body: &str) -> Vec<Finding> {
        let mut out = crate::markdown::containers::findings(&self.containers, body);
        out.extend(crate::markdown::foreign::findings(&self.foreign));
        out.extend(self.fences.iter().cloned());
        for n in &self.admonitions {
            out.extend(crate::markdown::admonitions::findings(&n.admonition, body));
            if let Some(inner) = &n.inner {
                out.extend(
                    inner
                        .findings(&n.dedented.text)
                        .into_iter()
                        .map(|f| Finding {
                            range: n.dedented.range(&f.range),
                            ..f
                        }),
                );
            }
        }
        out.sort_by_key(|f| f.range.start);
        out
    }
}

/// Where each admonition lies in its body, in order: its marker and body,
/// or only the body of an MDX component.
fn spans_of(admonitions: &[Nested]) -> Vec<Range<usize>> {
    admonitions
        .iter()
        .map(|n| {
            let a = &n.admonition;
            let start = if a.boxed {
                a.marker.start
            } else {
                a.body.start
            };
            start..a.body.end.max(a.marker.end)
        })
        .collect()
}

/// Whether `at` is inside one of `ranges`, which are in order and do not
/// overlap (code spans and blocks, headings).
pub(crate) fn in_ranges(ranges: &[Range<usize>], at: usize) -> bool {
    let after = ranges.partition_point(|r| r.start <= at);
    after > 0 && ranges[after - 1].contains(&at)
}

/// A problem in what a body borrowed from another tool: its code, byte
/// range in the body, message and help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub range: Range<usize>,
    pub message: Text,
    pub help: Text,
}

impl Finding {
    pub fn new(code: Code, range: Range<usize>, message: Text, help: Text) -> Self {
        Finding {
            code,
            range,
            message,
            help,
        }
    }
}

/// What [`crate::markdown::events`] read from other tools and reports: `:::` containers of
/// unknown types or never closed, and `foreign-syntax`.
pub fn syntax_findings(body: &str) -> Vec<Finding> {
    Syntax::read(body).map_or_else(Vec::new, |s| s.findings(body))
}
