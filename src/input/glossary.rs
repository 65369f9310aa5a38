//! `content/glossary.yaml`: the field's vocabulary, one entry per term with
//! its aliases, a Markdown definition and the playbooks to see.

use crate::base::codes::Code;
use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;
use crate::input::config::Fields;
use crate::input::yaml::{self, Value};

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
                &format!(
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
                &format!(
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
                f.invalid(Code::MissingKey, item, "a glossary entry needs a `term`");
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

/// Finds glossary terms in text: every term and alias, longest first, so
/// `社群运营` wins over `社群` where both are terms. Latin terms match whole
/// words only and ignore case (`kol` finds `KOL`); Chinese has no spaces
/// between words, so Chinese terms match anywhere.
#[derive(Debug, Default)]
pub struct Matcher {
    /// By first character (lowercased): (name, term index), longest name first.
    /// Sorted by character, for a binary search: quicker than hashing at
    /// every character of every page.
    by_first: Vec<(char, Vec<(String, usize)>)>,
    /// Which characters of the Basic Multilingual Plane can start a name, in
    /// either case: most characters of a text cannot, and this says so
    /// without lower-casing or hashing them.
    may_start: Vec<u64>,
    terms: usize,
}

impl Matcher {
    pub fn new(terms: &[Term]) -> Matcher {
        let mut grouped: std::collections::BTreeMap<char, Vec<(String, usize)>> =
            Default::default();
        for (i, t) in terms.iter().enumerate() {
            for name in std::iter::once(&t.term).chain(&t.aliases) {
                let name = name.trim().to_lowercase();
                if let Some(first) = name.chars().next() {
                    grouped.entry(first).or_default().push((name, i));
                }
            }
        }
        let mut by_first: Vec<(char, Vec<(String, usize)>)> = grouped.into_iter().collect();
        for (_, names) in &mut by_first {
            names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        }
        let mut may_start = vec![0u64; 0x10000 / 64];
        for &(first, _) in &by_first {
            for c in std::iter::once(first).chain(first.to_uppercase()) {
                if let Some(word) = may_start.get_mut(c as usize / 64) {
                    *word |= 1 << (c as usize % 64);
                }
            }
        }
        let mut found: Vec<usize> = by_first
            .iter()
            .flat_map(|(_, names)| names.iter().map(|(_, t)| *t))
            .collect();
        found.sort_unstable();
        found.dedup();
        Matcher {
            by_first,
            may_start,
            terms: found.len(),
        }
    }

    /// False when `c` certainly starts no name.
    fn may_start(&self, c: char) -> bool {
        self.may_start
            .get(c as usize / 64)
            .is_none_or(|word| word & (1 << (c as usize % 64)) != 0)
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// How many terms the matcher can find.
    pub fn terms(&self) -> usize {
        self.terms
    }

    /// Non-overlapping matches in `text`: (byte range, term index).
    pub fn find(&self, text: &str) -> Vec<(std::ops::Range<usize>, usize)> {
        let mut found = Vec::new();
        let mut i = 0;
        while let Some(c) = text[i..].chars().next() {
            // A web address is an address, not prose: `https://…/community`
            // holds no term, even where it is not a link.
            if c.is_ascii_alphabetic() && !text[..i].ends_with(|c: char| c.is_ascii_alphanumeric())
            {
                if let Some(len) = crate::markdown::autolink::any_address_len(&text[i..]) {
                    i += len.max(1);
                    continue;
                }
            }
            if !self.may_start(c) {
                i += c.len_utf8();
                continue;
            }
            let first = lower(c);
            let hit = self
                .by_first
                .binary_search_by_key(&first, |(c, _)| *c)
                .ok()
                .map(|at| &self.by_first[at].1)
                .and_then(|names| {
                    names.iter().find_map(|(name, term)| {
                        let len = prefix_len_ignoring_case(&text[i..], name)?;
                        let word = name.is_ascii();
                        let bounded = !word
                            || (!text[..i].ends_with(|c: char| c.is_ascii_alphanumeric())
                                && !text[i + len..]
                                    .starts_with(|c: char| c.is_ascii_alphanumeric()));
                        bounded.then_some((len, *term))
                    })
                });
            match hit {
                Some((len, term)) => {
                    found.push((i..i + len, term));
                    i += len;
                }
                None => i += c.len_utf8(),
            }
        }
        found
    }
}

/// The byte length of the prefix of `text` equal to the lowercase `name`.
/// A character lower-cased, with the common cases quick: ASCII, and CJK,
/// which has no case. (Matching runs over every character of every page.)
fn lower(c: char) -> char {
    match c {
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        '\u{3000}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'.. => c,
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

fn prefix_len_ignoring_case(text: &str, name: &str) -> Option<usize> {
    let mut len = 0;
    let mut chars = text.chars();
    for want in name.chars() {
        let c = chars.next()?;
        if lower(c) != want {
            return None;
        }
        len += c.len_utf8();
    }
    Some(len)
}

#[cfg(test)]
mod matcher_tests {
    use super::*;

    fn term(name: &str, aliases: &[&str]) -> Term {
        Term {
            term: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            definition: String::new(),
            see: Vec::new(),
            offset: 0,
        }
    }

    #[test]
    fn longest_first_and_whole_latin_words() {
        let m = Matcher::new(&[
            term("社群", &[]),
            term("社群运营", &[]),
            term("KOL", &["意见领袖"]),
        ]);
        let text = "社群运营要找 kol，不是 KOLS；社群里的意见领袖。";
        let found: Vec<(&str, usize)> = m
            .find(text)
            .into_iter()
            .map(|(r, t)| (&text[r], t))
            .collect();
        assert_eq!(
            found,
            [("社群运营", 1), ("kol", 2), ("社群", 0), ("意见领袖", 2)]
        );
    }

    #[test]
    fn no_term_inside_a_web_address() {
        let m = Matcher::new(&[term("community", &[]), term("社群", &[])]);
        let text = "ftp://x.example/community 与 www.example.com/社群 之后的 community";
        let found: Vec<(usize, usize)> = m
            .find(text)
            .into_iter()
            .map(|(r, t)| (r.start, t))
            .collect();
        assert_eq!(found, [(text.rfind("community").unwrap(), 0)]);
    }
}
