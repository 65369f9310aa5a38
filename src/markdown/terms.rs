//! Finding glossary terms in text: the matcher the page, the print page and
//! the PDF link terms with. It knows names only; `input::glossary` reads
//! the terms and builds it (`glossary::matcher`).

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
    /// `terms` gives each term's names (the term and its aliases); a match
    /// says which term by its place in `terms`.
    pub fn new<'a, T, N>(terms: T) -> Matcher
    where
        T: IntoIterator<Item = N>,
        N: IntoIterator<Item = &'a str>,
    {
        let mut grouped: std::collections::BTreeMap<char, Vec<(String, usize)>> =
            Default::default();
        for (i, names) in terms.into_iter().enumerate() {
            for name in names {
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
mod tests {
    use super::*;

    #[test]
    fn longest_first_and_whole_latin_words() {
        let m = Matcher::new([vec!["社群"], vec!["社群运营"], vec!["KOL", "意见领袖"]]);
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
        let m = Matcher::new([["community"], ["社群"]]);
        let text = "ftp://x.example/community 与 www.example.com/社群 之后的 community";
        let found: Vec<(usize, usize)> = m
            .find(text)
            .into_iter()
            .map(|(r, t)| (r.start, t))
            .collect();
        assert_eq!(found, [(text.rfind("community").unwrap(), 0)]);
    }
}
