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
    what_zh: &'static str,
    get: fn(&Weight) -> usize,
    total: bool,
}

const MEASURES: &[Measure] = &[
    Measure {
        what: "characters of text",
        what_zh: "个字符",
        get: |w| w.chars,
        total: true,
    },
    Measure {
        what: "Markdown elements (paragraphs, list items, links, emphasis, code)",
        what_zh: "个 Markdown 元素（段落、列表项、链接、强调、代码）",
        get: |w| w.elements,
        total: true,
    },
    Measure {
        what: "table cells",
        what_zh: "个表格单元格",
        get: |w| w.cells,
        total: true,
    },
    Measure {
        what: "characters and links in one paragraph",
        what_zh: "个字符和链接在同一段里",
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
    let (n, what, what_zh) = (thousands(found), measure.what, measure.what_zh);
    let amount = match measure.total {
        true => crate::tr!("它要印 {n} {what_zh}", "it prints {n} {what}"),
        false => crate::tr!("它有 {n} {what_zh}", "it has {n} {what}"),
    };
    // Splitting the handbook helps only when no one playbook is past the
    // limit by itself.
    let help = match heaviest {
        Some((id, n)) if n > limit || !measure.total => crate::tr!(
            "光是 `{id}` 就有 {}：把它（或它里面的表格、段落）拆成几篇小一点的手册，或者不收进这本培训手册",
            "`{id}` alone has {}: split it (or the table or paragraph in it) into smaller playbooks, or leave it out of this handbook",
            thousands(n)
        ),
        Some((id, n)) => crate::tr!(
            "把这本培训手册拆成几本（content/handbooks/ 里每本一个文件），或者少收几篇；最多的是 `{id}`（{}）",
            "split the handbook into several (one file each in content/handbooks/), or include fewer playbooks; the most is in `{id}` ({})",
            thousands(n)
        ),
        None => crate::tr!(
            "把这本培训手册拆成几本（content/handbooks/ 里每本一个文件）",
            "split the handbook into several (one file each in content/handbooks/)"
        ),
    };
    Some(
        Diagnostic::file(
            Severity::Warning,
            Code::HandbookTooLarge,
            handbook.source.path.clone(),
            crate::tr!(
                "培训手册 `{}` 不生成 PDF：{}，而一份 PDF 最多只能有 {}，这样排版才能在几秒内、1 GB 内存以内完成；站点和打印页照常构建", "no PDF for the handbook `{}`: {}, and a PDF may have at most {}, to keep typesetting within seconds and under 1 GB; the site and the print page are built",
                handbook.id,
                amount,
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
