//! What a body's raw HTML and borrowed syntax are reported as. The
//! `markdown` layer finds them (`html::findings`, `markdown::syntax_findings`)
//! as ranges in the text; this places them in the file: in a playbook's body,
//! and in the Markdown snippets of the site's YAML files.

use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::source::SourceFile;
use crate::input::handbook::Handbook;
use crate::input::parse::Playbook;
use crate::input::site::Site;
use crate::markdown::html::{self, Policy};
use crate::markdown::outline::{self, Outline};

/// Reports, under `policy`, what `html::guard` takes out of a playbook's body
/// and its unsafe links: errors under `deny`, warnings under `sanitize`.
pub fn html(p: &Playbook, outline: &Outline, policy: Policy, diags: &mut Vec<Diagnostic>) {
    for (code, range, message, help) in html::findings(p.body(), outline, policy) {
        let range = p.file_range(range);
        diags.push(
            Diagnostic::at(severity(policy), code, &p.source, range, message).with_help(help),
        );
    }
}

/// Reports, like [`html`] and [`borrowed`], on the Markdown snippets of the site's YAML
/// files: glossary definitions, handbook cover notes and chapter intros.
pub fn snippets(site: &Site, handbooks: &[Handbook], diags: &mut Vec<Diagnostic>) {
    if let Some(source) = &site.glossary_source {
        for term in &site.glossary {
            snippet(
                source,
                term.offset,
                &term.definition,
                site.config.html,
                diags,
            );
        }
    }
    for h in handbooks {
        let snippets = h
            .cover_note
            .iter()
            .chain(h.chapters.iter().filter_map(|c| c.intro.as_ref()));
        for text in snippets {
            snippet(&h.source, 0, text, site.config.html, diags);
        }
    }
}

/// A snippet's findings, placed exactly where each line of its text stands
/// in the file as written (a plain value, or a block scalar's indented
/// lines), else at the start of its value.
fn snippet(
    source: &SourceFile,
    from: usize,
    text: &str,
    policy: Policy,
    diags: &mut Vec<Diagnostic>,
) {
    let found = if policy == Policy::Allow {
        Vec::new()
    } else {
        html::findings(text, &outline::outline(text), policy)
    };
    // What other tools wrote (`:::`, shortcodes …) is read in snippets
    // too, and reported as in a playbook, as warnings under every policy.
    let syntax = crate::markdown::syntax_findings(text);
    if found.is_empty() && syntax.is_empty() {
        return;
    }
    let first_line = text.lines().next().unwrap_or("");
    let start = source.text[from.min(source.text.len())..]
        .find(first_line)
        .map_or(from, |i| from + i);
    // (offset in the snippet, offset in the file) of each line found in turn.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut cursor = start;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        match source.text[cursor..].find(bare) {
            Some(i) if !bare.is_empty() => {
                lines.push((offset, cursor + i));
                cursor += i + bare.len();
            }
            Some(_) => {}
            None => break,
        }
        offset += line.len();
    }
    let place = |range: std::ops::Range<usize>| {
        let line = lines.iter().rev().find(|(o, _)| *o <= range.start);
        match line {
            Some((o, at)) => at + range.start - o..at + range.end - o,
            None => start..start + first_line.len().max(1),
        }
    };
    for (code, range, message, help) in found {
        let range = place(range);
        diags.push(Diagnostic::at(severity(policy), code, source, range, message).with_help(help));
    }
    for f in syntax {
        diags
            .push(Diagnostic::warning(f.code, source, place(f.range), f.message).with_help(f.help));
    }
}

/// Reports what a playbook's body borrowed from other tools: each piece of
/// foreign syntax, and each `:::` container of an unknown type or never
/// closed, at its line and column.
pub fn borrowed(p: &Playbook, diags: &mut Vec<Diagnostic>) {
    for f in crate::markdown::syntax_findings(p.body()) {
        let range = p.file_range(f.range);
        diags.push(Diagnostic::warning(f.code, &p.source, range, f.message).with_help(f.help));
    }
}

fn severity(policy: Policy) -> Severity {
    match policy {
        Policy::Deny => Severity::Error,
        _ => Severity::Warning,
    }
}
