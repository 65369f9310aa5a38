//! What other tools wrote, read as one: where a body's `:::` containers
//! ([`crate::containers`]), foreign syntax ([`crate::foreign`]) and
//! `[[toc]]` ([`crate::toc`]) are, the events [`crate::markdown::events`]
//! makes of them (lines they take whole blanked with spaces before the
//! parse, so every offset stays true), and the findings `quire check`
//! reports.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

/// What other tools wrote in a body, once found.
pub struct Syntax {
    containers: Vec<crate::containers::Container>,
    foreign: Vec<crate::foreign::Foreign>,
    toc: bool,
}

impl Syntax {
    /// `None` for the many bodies that hold none of it.
    pub fn read(body: &str) -> Option<Syntax> {
        let colons = memchr::memmem::find(body.as_bytes(), b":::").is_some();
        let foreign = crate::foreign::may_hold(body);
        let toc = crate::toc::may_hold(body);
        if !(colons || foreign || toc) {
            return None;
        }
        let parsed = (colons || foreign).then(|| crate::markdown::parse(body));
        let parsed = parsed.as_deref().unwrap_or(&[]);
        let code: Vec<Range<usize>> = parsed
            .iter()
            .filter(|(e, _)| matches!(e, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
            .map(|(_, r)| r.clone())
            .collect();
        let containers = if colons {
            crate::containers::scan(body, |at| in_ranges(&code, at))
        } else {
            Vec::new()
        };
        let fences: Vec<Range<usize>> = crate::containers::fences(&containers).collect();
        let mut foreign = if foreign {
            crate::foreign::find(body, parsed)
        } else {
            Vec::new()
        };
        // A fence's own `{.warning}` is the container's.
        foreign.retain(|f| !fences.iter().any(|r| r.contains(&f.range.start)));
        Some(Syntax {
            containers,
            foreign,
            toc,
        })
    }

    pub fn events<'a>(&self, body: &'a str) -> Vec<(Event<'a>, Range<usize>)> {
        let blanks: Vec<Range<usize>> = crate::containers::fences(&self.containers)
            .chain(
                self.foreign
                    .iter()
                    .filter(|f| f.line)
                    .map(|f| f.range.clone()),
            )
            .collect();
        let mut events = if blanks.is_empty() {
            crate::markdown::parse(body)
        } else {
            let mut blanked = body.as_bytes().to_vec();
            for r in &blanks {
                blanked[r.clone()].fill(b' ');
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
        events = crate::containers::wrap(events, &self.containers, body.len());
        if self.toc {
            events = crate::toc::mark(events, body);
        }
        crate::foreign::apply(events, &self.foreign, body)
    }

    fn findings(&self, body: &str) -> Vec<Finding> {
        let mut out = crate::containers::findings(&self.containers, body);
        out.extend(crate::foreign::findings(&self.foreign));
        out.sort_by_key(|f| f.range.start);
        out
    }
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
    pub code: &'static str,
    pub range: Range<usize>,
    pub message: String,
    pub help: String,
}

impl Finding {
    pub fn new(
        code: &'static str,
        range: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Finding {
            code,
            range,
            message: message.into(),
            help: help.into(),
        }
    }
}

/// What [`crate::markdown::events`] read from other tools and reports: `:::` containers of
/// unknown types or never closed, and `foreign-syntax`.
pub fn syntax_findings(body: &str) -> Vec<Finding> {
    Syntax::read(body).map_or_else(Vec::new, |s| s.findings(body))
}
