//! The work one handbook's PDF may take. typst lays a whole handbook out in
//! memory, and its cost grows with what the handbook prints: characters,
//! elements (links most), table cells, and, faster than linearly, the
//! length of one paragraph. A handbook past any of these limits
//! gets no PDF (the site and its print page are still built) and one
//! `handbook-too-large` warning that says which limit, by how much, and
//! which playbook weighs most. The figures behind each limit are in the
//! README's "Security and limits".

use super::document::Weights;
use super::markup::Weight;
use crate::base::codes::Code;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::input::handbook::Handbook;
use crate::input::site::Site;

/// The most one handbook's PDF may print. Measured on a release build,
/// typst's peak memory grows by about 380 bytes a character of text, 13 KB
/// a link and 21 KB a table cell, from some 130 MB; just under any one
/// limit, the peak was at most 810 MB and 7 s. 1,500,000 characters are
/// some 1,000 A4 pages.
pub const LIMITS: Weight = Weight {
    chars: 1_500_000,
    elements: 50_000,
    cells: 30_000,
    paragraph: 100_000,
};

/// One measured quantity: its name in messages, how to read it from a
/// [`Weight`], and whether it adds up across playbooks (a total) or is the
/// largest single one (a table, a paragraph).
struct Measure {
    what: &'static str,
    get: fn(&Weight) -> usize,
    total: bool,
}

const MEASURES: &[Measure] = &[
    Measure {
        what: "characters of text",
        get: |w| w.chars,
        total: true,
    },
    Measure {
        what: "Markdown elements (paragraphs, list items, links, emphasis, code)",
        get: |w| w.elements,
        total: true,
    },
    Measure {
        what: "table cells",
        get: |w| w.cells,
        total: true,
    },
    Measure {
        what: "characters and links in one paragraph",
        get: |w| w.paragraph,
        total: false,
    },
];

/// A `handbook-too-large` warning when the handbook weighs more than
/// [`LIMITS`] allow, for the first measure it exceeds.
pub fn check(site: &Site, handbook: &Handbook, weights: &Weights) -> Option<Diagnostic> {
    let mut total = weights.rest;
    for (_, w) in &weights.playbooks {
        total.add(*w);
    }
    let measure = MEASURES
        .iter()
        .find(|m| (m.get)(&total) > (m.get)(&LIMITS))?;
    let (found, limit) = ((measure.get)(&total), (measure.get)(&LIMITS));
    let heaviest = weights
        .playbooks
        .iter()
        .max_by_key(|(_, w)| (measure.get)(w))
        .filter(|(_, w)| (measure.get)(w) > 0)
        .map(|&(i, w)| (&site.playbooks[i].id, (measure.get)(&w)));
    let amount = match measure.total {
        true => format!("it prints {} {}", thousands(found), measure.what),
        false => format!("it has {} {}", thousands(found), measure.what),
    };
    // Splitting the handbook helps only when no one playbook is past the
    // limit by itself.
    let help = match heaviest {
        Some((id, n)) if n > limit || !measure.total => format!(
            "`{id}` alone has {}: split it (or the table or paragraph in it) into smaller playbooks, or leave it out of this handbook",
            thousands(n)
        ),
        Some((id, n)) => format!(
            "split the handbook into several (one file each in content/handbooks/), or include fewer playbooks; the most is in `{id}` ({})",
            thousands(n)
        ),
        None => "split the handbook into several (one file each in content/handbooks/)".to_string(),
    };
    Some(
        Diagnostic::file(
            Severity::Warning,
            Code::HandbookTooLarge,
            handbook.source.path.clone(),
            crate::tr!(
                "培训手册 `{}` 不生成 PDF：{amount}，而一份 PDF 最多只能有 {}，这样排版才能在几秒内、1 GB 内存以内完成；站点和打印页照常构建", "no PDF for the handbook `{}`: {amount}, and a PDF may have at most {}, to keep typesetting within seconds and under 1 GB; the site and the print page are built",
                handbook.id,
                thousands(limit)
            ),
        )
        .with_help(help),
    )
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(7), "7");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(61_234_567), "61,234,567");
    }
}
