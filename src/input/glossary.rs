//! `content/glossary.yaml`: the field's vocabulary, one entry per term with
//! its aliases, a Markdown definition and the playbooks to see.

use crate::base::codes::Code;
use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;
use crate::input::fields::Fields;
use crate::input::yaml::{self, Value};
use crate::markdown::terms::Matcher;

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub term: String,
    pub aliases: Vec<String>,
    /// Markdown.
    pub definition: String,
    /// Playbook ids, with where each is written.
    pub see: Vec<(String, std::ops::Range<usize>)>,
    /// Byte offset of the entry, for diagnostics.
    pub offset: usize,
}

const KEYS: &[&str] = &["term", "aliases", "definition", "see"];

/// How many YAML values the glossary may hold. A site has one glossary,
/// and a large one is legitimate: an entry with two aliases and a `see`
/// is about a dozen values, so this is some 160,000 such terms. The most
/// values per byte (one term with 2,000,000 one-letter aliases) peaks
/// below 300 MB.
pub const MAX_VALUES: usize = 2_000_000;

/// Reads the glossary; entries with problems are reported and skipped.
pub fn parse(source: &SourceFile, diags: &mut Vec<Diagnostic>) -> Vec<Term> {
    let root = match yaml::parse_within(source, 0..source.text.len(), MAX_VALUES, diags) {
        Ok(node) => node,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let mut f = Fields::new(source, diags);
    let items = match &root.value {
        Value::List(items) => items,
        Value::Null => return Vec::new(),
        _ => {
            f.invalid(
                Code::WrongType,
                &root,
                crate::tr!(
                    "术语表是一个条目列表（`- term: …`），这里却是{}",
                    "the glossary is a list of entries (`- term: …`), found {}",
                    root.describe()
                ),
            );
            return Vec::new();
        }
    };
    let mut terms = Vec::new();
    for item in items {
        if !matches!(item.value, Value::Map(_)) {
            f.invalid(
                Code::WrongType,
                item,
                crate::tr!(
                    "术语表的条目要有 `term` 和 `definition`，这里却是{}",
                    "a glossary entry has `term` and `definition`, found {}",
                    item.describe()
                ),
            );
            continue;
        }
        for (key, key_node, _) in item.entries() {
            if !KEYS.contains(&key.as_str()) {
                f.unknown_key(&key, key_node, KEYS);
            }
        }
        let term_node = item.get("term");
        let term = term_node
            .and_then(|n| f.text("term", n))
            .filter(|t| !t.trim().is_empty());
        let Some(term) = term else {
            // A term of the wrong type was reported already.
            if term_node.is_none_or(|n| n.is_null() || n.scalar_text().is_some()) {
                f.invalid(
                    Code::MissingKey,
                    item,
                    crate::tr!("术语表的条目要有 `term`", "a glossary entry needs a `term`"),
                );
            }
            continue;
        };
        terms.push(Term {
            term: term.trim().to_string(),
            aliases: item
                .get("aliases")
                .map(|n| f.list("aliases", n))
                .unwrap_or_default(),
            definition: item
                .get("definition")
                .and_then(|n| f.text("definition", n))
                .unwrap_or_default(),
            see: item
                .get("see")
                .map(|n| see_list(n, &mut f))
                .unwrap_or_default(),
            offset: item.offset,
        });
    }
    terms
}

fn see_list(
    node: &crate::input::yaml::Node,
    f: &mut Fields,
) -> Vec<(String, std::ops::Range<usize>)> {
    let items: Vec<&crate::input::yaml::Node> = match node.as_list() {
        Some(items) => items.iter().collect(),
        None if node.is_null() => Vec::new(),
        None => vec![node],
    };
    items
        .into_iter()
        .filter_map(|n| Some((f.text("see", n)?, n.span())))
        .collect()
}

impl Term {
    /// The term and its aliases: every name the glossary finds it by.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// The matcher that finds these terms in text, term `i` as index `i`.
pub fn matcher(terms: &[Term]) -> Matcher {
    Matcher::new(terms.iter().map(Term::names))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn entries_and_their_problems() {
        let text = "- term: 邓巴数字\n  aliases: [邓巴数]\n  definition: 约 150 人。\n  see: [group-rules/core-group]\n- term: [x]\n- defintion: y\n";
        let src = SourceFile::new("content/glossary.yaml", PathBuf::from("g"), text.into());
        let mut diags = Vec::new();
        let terms = parse(&src, &mut diags);
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].aliases, ["邓巴数"]);
        let codes: Vec<_> = diags.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(
            codes,
            [
                ("wrong-type", 5, 9),
                ("unknown-key", 6, 3),
                ("missing-key", 6, 3)
            ]
        );
    }
}
