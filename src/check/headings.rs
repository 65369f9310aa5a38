//! Which heading of a playbook covers which element of its kind.
//!
//! Authors name sections in their own words, so a heading covers an element
//! in two ways. Exactly: its text is the element's name or an alias
//! (`## 群宗旨`). By containment: it holds a name or alias as a whole part
//! (`## 定期清理` holds 清理) and no other element's, so `## 奖惩与清理`
//! is left to exact matches because it could mean either. Exact matches
//! win over containment anywhere on the page.
//!
//! When an element is still missing, [`closest_unmatched`] finds the page's
//! heading that looks most like it among those that cover nothing, so the
//! help can say which heading to rename or which alias to add.

use crate::input::kind::Element;
use crate::markdown::outline::{normalize_heading, Outline};

/// The normalized names of each element of one kind, prepared once per
/// kind rather than once per playbook.
#[derive(Debug, Clone)]
pub struct ElementNames {
    /// Per element, its normalized name and aliases.
    keys: Vec<Vec<String>>,
}

/// How a heading came to cover an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Exact(usize),
    Contains(usize),
}

impl Match {
    pub fn section(self) -> usize {
        match self {
            Match::Exact(i) | Match::Contains(i) => i,
        }
    }
}

/// How many distinctive characters a heading must share with an element's
/// names to be offered as meant for it.
const MIN_SHARED: usize = 2;

/// The shortest name that may cover an element by containment: one
/// character (`群`, `人`) is part of too many headings to mean anything.
const MIN_CONTAINED_CHARS: usize = 2;

impl ElementNames {
    pub fn new(elements: &[Element]) -> ElementNames {
        let keys = elements
            .iter()
            .map(|e| {
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(|n| normalize_heading(n))
                    .filter(|k| !k.is_empty())
                    .collect()
            })
            .collect();
        ElementNames { keys }
    }

    /// Whether `label` (normalized) is one of element `e`'s names exactly.
    pub fn names_exactly(&self, e: usize, label: &str) -> bool {
        self.keys[e].iter().any(|k| k == label)
    }

    /// For each element, the heading that covers it, if any.
    pub fn assign(&self, outline: &Outline) -> Vec<Option<Match>> {
        let exact: Vec<Option<usize>> = self
            .keys
            .iter()
            .map(|keys| outline.sections.iter().position(|s| keys.contains(&s.key)))
            .collect();
        let taken = |i: usize| exact.contains(&Some(i));
        // The one element each heading holds by containment, if exactly one.
        let contained: Vec<Option<usize>> = outline
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if taken(i) {
                    return None;
                }
                let mut holders = (0..self.keys.len()).filter(|&e| self.contains(e, &s.key));
                match (holders.next(), holders.next()) {
                    (Some(e), None) => Some(e),
                    _ => None,
                }
            })
            .collect();
        exact
            .iter()
            .enumerate()
            .map(|(e, found)| match found {
                Some(i) => Some(Match::Exact(*i)),
                None => contained
                    .iter()
                    .position(|c| *c == Some(e))
                    .map(Match::Contains),
            })
            .collect()
    }

    /// Whether `heading` (normalized) holds one of element `e`'s names as a
    /// whole part.
    fn contains(&self, e: usize, heading: &str) -> bool {
        self.keys[e].iter().any(|k| {
            k.chars().count() >= MIN_CONTAINED_CHARS
                && heading.match_indices(k.as_str()).any(|(at, _)| {
                    whole_part(heading[..at].chars().next_back())
                        && whole_part(heading[at + k.len()..].chars().next())
                })
        })
    }

    /// Of the headings that cover no element, the one most likely meant for
    /// element `e`: the one sharing the most distinctive characters (at
    /// least two: one shared character is chance) with its names; failing
    /// that, the only heading standing where the kind's order puts `e`, at
    /// the level of the headings around it, when `e` is the only element
    /// missing between two covered ones. The page's title (`# …`) is never
    /// offered. None when no heading fits: no suggestion beats a wrong one.
    pub fn closest_unmatched<'o>(
        &self,
        e: usize,
        outline: &'o Outline,
        assigned: &[Option<Match>],
    ) -> Option<&'o crate::markdown::outline::Section> {
        let used: Vec<usize> = assigned.iter().flatten().map(|m| m.section()).collect();
        let level = element_level(outline, &used)?;
        let candidates: Vec<(usize, &crate::markdown::outline::Section)> = outline
            .sections
            .iter()
            .enumerate()
            .filter(|(i, s)| !used.contains(i) && !s.key.is_empty() && s.level == level)
            .collect();
        let by_characters = candidates
            .iter()
            .map(|(_, s)| {
                let shared = self.keys[e]
                    .iter()
                    .map(|k| self.shared_distinctive(k, &s.key))
                    .max()
                    .unwrap_or(0);
                (shared, s)
            })
            .filter(|(shared, _)| *shared >= MIN_SHARED)
            // The first of equally close headings.
            .fold(
                None,
                |best: Option<(usize, &&crate::markdown::outline::Section)>, cur| match best {
                    Some(b) if b.0 >= cur.0 => Some(b),
                    _ => Some(cur),
                },
            );
        if let Some((_, s)) = by_characters {
            return Some(s);
        }
        // By place: the nearest covered elements before and after `e` in
        // the kind's order must be its neighbours, so the gap is `e`'s alone.
        // A first or last element has only one neighbour, and whatever
        // follows the last covered heading is as likely an extra section.
        let before = e.checked_sub(1).and_then(|b| assigned[b])?.section();
        let after = assigned.get(e + 1).copied().flatten()?.section();
        let mut in_gap = candidates.iter().filter(|(i, _)| *i > before && *i < after);
        match (in_gap.next(), in_gap.next()) {
            (Some((_, s)), None) => Some(s),
            _ => None,
        }
    }

    /// How many distinct characters of `name` occur in `heading`, leaving
    /// out ASCII (Latin letters overlap by chance) and characters that many
    /// of the kind's elements share (群 is in most group-rules names, so it
    /// says nothing about which one a heading means).
    fn shared_distinctive(&self, name: &str, heading: &str) -> usize {
        let mut seen: Vec<char> = Vec::new();
        for c in name.chars().filter(|c| !c.is_ascii()) {
            if heading.contains(c) && !seen.contains(&c) && self.is_distinctive(c) {
                seen.push(c);
            }
        }
        seen.len()
    }

    fn is_distinctive(&self, c: char) -> bool {
        const COMMON: usize = 3;
        self.keys
            .iter()
            .filter(|keys| keys.iter().any(|k| k.contains(c)))
            .count()
            < COMMON
    }
}

/// The labels of a body: a line outside code that starts with a short
/// name and a colon (`话术：`, `**群人数：** 200`, `- 违规处理: 先提醒`), as
/// authors write an element inside another section instead of under its own
/// heading. Each label comes normalized like a heading, with whether it has
/// content (text after the colon, or a next line that is not a heading) and
/// the byte offset of its line in the body.
pub fn labels(body: &str) -> Vec<Label> {
    /// Longer than this, the text before a colon is a sentence, not a label.
    const MAX_LABEL_CHARS: usize = 12;
    let mut found = Vec::new();
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    let lines: Vec<(usize, &str)> = body
        .split_inclusive('\n')
        .map(|raw| {
            let start = offset;
            offset += raw.len();
            (start, raw.trim_end_matches(['\n', '\r']))
        })
        .collect();
    for (i, &(start, line)) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        if trimmed.starts_with('#') || trimmed.starts_with('|') {
            continue;
        }
        let item = trimmed
            .trim_start_matches('>')
            .trim_start()
            .trim_start_matches(['-', '*', '+'])
            .trim_start();
        let Some((label, rest)) = item.split_once(['：', ':']) else {
            continue;
        };
        let label = label
            .trim()
            .trim_matches(['*', '_', '【', '】', '[', ']'])
            .trim();
        if label.is_empty() || label.chars().count() > MAX_LABEL_CHARS {
            continue;
        }
        let rest = rest.trim().trim_start_matches(['*', '_']).trim();
        let next = lines[i + 1..]
            .iter()
            .map(|(_, l)| l.trim())
            .find(|l| !l.is_empty());
        let content = !rest.is_empty() || next.is_some_and(|l| !l.starts_with('#'));
        found.push(Label {
            key: normalize_heading(label),
            content,
            offset: start,
        });
    }
    found
}

/// A label found by [`labels`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Normalized as a heading is.
    pub key: String,
    /// Whether something follows it.
    pub content: bool,
    /// Byte offset of its line in the body.
    pub offset: usize,
}

/// The heading level a page's elements stand at: that of most of the
/// headings that cover one, else the page's highest level below the title.
/// A heading at another level is a part of a section (a day under the
/// steps), not a section an element was meant to have.
fn element_level(outline: &Outline, used: &[usize]) -> Option<u8> {
    let mut counts = [0usize; 7];
    for &i in used {
        counts[outline.sections[i].level.min(6) as usize] += 1;
    }
    let most = (2..7).max_by_key(|&l| (counts[l], std::cmp::Reverse(l)))?;
    if counts[most] > 0 {
        return Some(most as u8);
    }
    outline
        .sections
        .iter()
        .map(|s| s.level)
        .filter(|&l| l > 1)
        .min()
}

/// A Latin name inside a Latin word is not a whole part of it (`size` in
/// `oversized`); next to Chinese characters or punctuation it is, since
/// Chinese has no spaces between words.
fn whole_part(neighbour: Option<char>) -> bool {
    !neighbour.is_some_and(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::kind::Kind;

    fn names(kind: &str) -> (Kind, ElementNames) {
        let kind = crate::input::kind::builtin()
            .into_iter()
            .find(|k| k.id == kind)
            .unwrap();
        let names = ElementNames::new(&kind.elements);
        (kind, names)
    }

    fn covered_by(kind: &str, body: &str) -> Vec<(String, Option<String>)> {
        let (kind, names) = names(kind);
        let outline = crate::markdown::outline::outline(body);
        names
            .assign(&outline)
            .into_iter()
            .zip(&kind.elements)
            .map(|(m, e)| {
                (
                    e.id.clone(),
                    m.map(|m| outline.sections[m.section()].text.clone()),
                )
            })
            .collect()
    }

    fn heading_for(kind: &str, body: &str, element: &str) -> Option<String> {
        covered_by(kind, body)
            .into_iter()
            .find(|(id, _)| id == element)
            .unwrap()
            .1
    }

    /// The unmatched heading offered for element `id` of `kind` on `body`.
    fn closest(kind: &str, body: &str, id: &str) -> Option<String> {
        let (kind, names) = names(kind);
        let outline = crate::markdown::outline::outline(body);
        let assigned = names.assign(&outline);
        let e = kind.elements.iter().position(|e| e.id == id).unwrap();
        names
            .closest_unmatched(e, &outline, &assigned)
            .map(|s| s.text.clone())
    }

    #[test]
    fn a_heading_holding_one_elements_name_covers_it() {
        let body = "## 定期清理\n\n每半年。\n\n## 发言要注意的事\n\n不发广告。\n";
        assert_eq!(
            heading_for("group-rules", body, "cleanup").as_deref(),
            Some("定期清理")
        );
        assert_eq!(
            heading_for("group-rules", body, "speaking").as_deref(),
            Some("发言要注意的事")
        );
    }

    #[test]
    fn a_heading_holding_two_elements_names_covers_neither() {
        let body = "## 奖惩与清理\n\n先警告，再移出。\n";
        assert_eq!(heading_for("group-rules", body, "rewards"), None);
        assert_eq!(heading_for("group-rules", body, "cleanup"), None);
    }

    #[test]
    fn an_exact_heading_wins_over_a_containing_one() {
        let body = "## 清理规则细则\n\n甲\n\n## 清理机制\n\n乙\n";
        assert_eq!(
            heading_for("group-rules", body, "cleanup").as_deref(),
            Some("清理机制")
        );
    }

    #[test]
    fn latin_names_are_whole_words_only() {
        let (_, names) = names("group-rules");
        let size = 6;
        assert!(names.contains(size, "群size"));
        assert!(names.contains(size, "size(上限)"));
        assert!(!names.contains(size, "oversized"));
    }

    #[test]
    fn no_two_elements_of_a_builtin_kind_share_a_name() {
        for kind in crate::input::kind::builtin() {
            let names = ElementNames::new(&kind.elements);
            for (a, keys) in names.keys.iter().enumerate() {
                for k in keys {
                    for (b, other) in names.keys.iter().enumerate() {
                        assert!(
                            a == b || !other.contains(k),
                            "{}: `{k}` names both {} and {}",
                            kind.id,
                            kind.elements[a].id,
                            kind.elements[b].id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_closest_unmatched_heading_shares_distinctive_characters() {
        let body = "# 群规\n\n## 群宗旨\n\n甲\n\n## 人员上线\n\n乙\n\n## 友情提示\n\n丙\n";
        // 人员上线 shares 人 and 上 with 人数上限; 群 would say nothing.
        assert_eq!(
            closest("group-rules", body, "size").as_deref(),
            Some("人员上线")
        );
        // Many elements are missing after the purpose: none is offered by place,
        // and the title never is.
        assert_eq!(closest("group-rules", body, "entry"), None);
    }

    #[test]
    fn a_heading_out_of_place_and_unlike_the_element_is_not_offered() {
        let body =
            "## 违规处理\n\n甲\n\n## 本群容量\n\n乙\n\n## 定期清理\n\n丙\n\n## 管理员\n\n丁\n";
        // Between the penalties and the cleanup, where the size limit goes.
        assert_eq!(
            closest("group-rules", body, "size").as_deref(),
            Some("本群容量")
        );
        // 群 is in most of the kind's names, and the culture comes last.
        assert_eq!(closest("group-rules", body, "culture"), None);
        // 规 of 发言规范 is in no heading; 处 of 违规处理 is taken.
        assert_eq!(closest("group-rules", body, "speaking"), None);
    }

    #[test]
    fn a_sub_heading_a_last_element_and_one_shared_character_are_not_offered() {
        // The day's `###` under the steps is not the scripts section.
        let sop = "## 目标\n\n甲\n\n## 负责人\n\n乙\n\n## 时间基准\n\n丙\n\n## 步骤\n\n丁\n\n### 第1天：欢迎\n\n戊\n\n## 指标\n\n己\n\n## 复盘\n\n庚\n";
        assert_eq!(closest("sop", sop, "scripts"), None);
        // What follows the lessons is not the source, though the source comes last.
        let case = "## 背景\n\n甲\n\n## 启示\n\n乙\n\n## 没做好的地方\n\n丙\n";
        assert_eq!(closest("case-study", case, "source"), None);
        // 群 alone does not make a heading about a theme the five elements.
        let case = "## 背景\n\n甲\n\n## 给群一个主题\n\n乙\n";
        assert_eq!(closest("case-study", case, "elements"), None);
    }

    #[test]
    fn labels_are_short_names_before_a_colon_outside_code() {
        let body = "### 第1天\n\n话术：\n\n> 欢迎入群！\n\n- **群人数：** 200\n\n违规处理: 先私聊提醒\n\n请注意：这一句话太长了所以它不是一个标签而是一句话：对吧\n\n```\n话术：代码里的不算\n```\n\n备注：\n## 下一节\n";
        let found: Vec<(String, bool, &str)> = labels(body)
            .into_iter()
            .map(|l| (l.key, l.content, body[l.offset..].lines().next().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                ("话术".to_string(), true, "话术："),
                ("群人数".to_string(), true, "- **群人数：** 200"),
                ("违规处理".to_string(), true, "违规处理: 先私聊提醒"),
                (
                    "请注意".to_string(),
                    true,
                    "请注意：这一句话太长了所以它不是一个标签而是一句话：对吧"
                ),
                ("备注".to_string(), false, "备注："),
            ]
        );
    }

    #[test]
    fn docs_list_every_builtin_alias() {
        let docs = include_str!("../../docs/kinds.md");
        for kind in crate::input::kind::builtin() {
            for e in &kind.elements {
                let row = format!(
                    "| `{}` | {} | {} | {} |",
                    kind.id,
                    e.id,
                    e.name,
                    e.aliases.join("、")
                );
                assert!(docs.contains(&row), "docs/kinds.md lacks the row\n{row}");
            }
        }
    }
}
