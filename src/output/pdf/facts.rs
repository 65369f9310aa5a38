//! What a playbook's front matter tells the printed reader: its facts box
//! (the elements it covers by a field, from [`crate::output::facts`]) under the
//! playbook's heading, and the step table of an SOP whose steps are a
//! `steps:` field, which no body table prints. Both are Typst markup with
//! every piece of author text escaped.

use std::collections::HashSet;
use std::fmt::Write as _;

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

use super::markup::{content, escape, string, Weight, Writer};
use crate::base::i18n;
use crate::input::handbook::Handbook;
use crate::output::facts::{self, FactValue};
use crate::output::Built;

/// The `#facts(…)` box of playbook `i`, if it has facts; a referenced
/// playbook in the handbook links to its place there.
pub fn facts_box(built: &Built, h: &Handbook, i: usize, out: &mut String) -> Weight {
    let site = &built.site;
    let p = &site.playbooks[i];
    let language = site.config.language;
    let Some(kind) = site.config.kind(&p.kind) else {
        return Weight::default();
    };
    let facts = facts::facts(p, kind, language);
    if facts.is_empty() {
        return Weight::default();
    }
    let mut weight = Weight::default();
    let mut rows = Vec::with_capacity(facts.len());
    for fact in facts {
        let value = match fact.value {
            FactValue::Text(text) => {
                weight.chars += text.chars().count();
                weight.paragraph = weight.paragraph.max(text.chars().count());
                content(&text)
            }
            FactValue::Refs(ids) => {
                let links: Vec<String> = ids
                    .iter()
                    .map(|id| {
                        let target = built.links.index.resolve_id(site, i, id).ok();
                        let title = target.map_or(id.as_str(), |t| &site.playbooks[t].title);
                        weight.chars += title.chars().count();
                        match target.and_then(|t| h.anchor(t)) {
                            Some(anchor) => {
                                format!("#link(label({}))[{}]", string(&anchor), escape(title))
                            }
                            None => escape(title),
                        }
                    })
                    .collect();
                format!("[{}]", links.join(i18n::t(language, "list_separator")))
            }
        };
        weight.chars += fact.label.chars().count();
        weight.cells += 2;
        rows.push(format!("({}, {value})", content(&fact.label)));
    }
    let _ = writeln!(
        out,
        "#facts({}, {})\n",
        content(i18n::t(language, "facts")),
        rows.join(", ")
    );
    weight
}

/// The step table of playbook `i` when its steps are a `steps:` field,
/// written as a body's step table is (time, who, action, and the script
/// where any step has one), through the same [`Writer`].
pub fn field_steps(built: &Built, i: usize, labels: &HashSet<String>, out: &mut String) -> Weight {
    let site = &built.site;
    let p = &site.playbooks[i];
    let language = site.config.language;
    let steps = built.checked.get(i).map_or(&[][..], |c| c.steps.as_slice());
    let from_field = site
        .config
        .kind(&p.kind)
        .is_some_and(|k| facts::steps_from_field(p, k));
    if steps.is_empty() || !from_field {
        return Weight::default();
    }
    let scripts = steps.iter().any(|s| s.script.is_some());
    let mut header = vec!["step_when", "step_who", "step_action"];
    if scripts {
        header.push("step_script");
    }
    let mut events: Vec<Event> = vec![Event::Start(Tag::Table(vec![
        Alignment::None;
        header.len()
    ]))];
    let cell = |events: &mut Vec<Event<'_>>, text: &str| {
        events.push(Event::Start(Tag::TableCell));
        if !text.is_empty() {
            events.push(Event::Text(CowStr::from(text.to_string())));
        }
        events.push(Event::End(TagEnd::TableCell));
    };
    events.push(Event::Start(Tag::TableHead));
    for key in &header {
        cell(&mut events, i18n::t(language, key));
    }
    events.push(Event::End(TagEnd::TableHead));
    for s in steps {
        events.push(Event::Start(Tag::TableRow));
        cell(&mut events, &s.when);
        cell(&mut events, &s.who);
        cell(&mut events, &s.action);
        if scripts {
            cell(&mut events, s.script.as_deref().unwrap_or(""));
        }
        events.push(Event::End(TagEnd::TableRow));
    }
    events.push(Event::End(TagEnd::Table));
    Writer::new(language, labels).write(&events, out)
}

/// Typst's definition of the facts box, for the document's preamble: a
/// tinted block of label–value rows that stays on one page.
pub const FACTS_DEFINITION: &str = r##"#let facts(title, ..rows) = block(width: 100%, breakable: false, above: 0.9em, below: 1.2em, inset: (x: 9pt, y: 7pt), radius: 2pt, fill: rgb("#f7f3ec"), stroke: (left: 2.5pt + rgb("#b4432c")))[
  #text(size: 8.5pt, weight: "bold", fill: rgb("#8a3320"), title)
  #v(-0.3em)
  #set par(justify: false)
  #grid(columns: (auto, 1fr), column-gutter: 1.4em, row-gutter: 0.7em, ..rows.pos().map(((label, value)) => (text(size: 9pt, fill: luma(80), label), text(size: 9.5pt, value))).flatten())
]
"##;

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixture site of `tests/it/facts.rs`, loaded and checked.
    fn built() -> Built {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/facts");
        let options = crate::build::LoadOptions::default();
        let loaded = crate::build::load_site(&root, &options).expect("loads");
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.output
    }

    fn index(built: &Built, id: &str) -> usize {
        built.site.position(id).expect(id)
    }

    #[test]
    fn a_facts_box_escapes_author_text_and_links_a_playbook_in_the_handbook() {
        let built = built();
        let h = &built.handbooks[0];
        let mut out = String::new();
        facts_box(&built, h, index(&built, "group-rules/core"), &mut out);
        assert_eq!(
            out,
            "#facts([要点], ([载体], [企业微信群]), ([人数上限], [200 人]))\n\n"
        );
        let mut out = String::new();
        let w = facts_box(&built, h, index(&built, "plans/q3"), &mut out);
        assert_eq!(
            out,
            "#facts([要点], ([内容配比], [干货 40\\%、生活方式 20\\%、用户故事 15\\%、线下活动 15\\%、公司动态 10\\%]), ([发布渠道], [公众号、社群、视频号]), ([复盘周期], [1 个月]), ([适用群规], [#link(label(\"s1-1\"))[核心群群规]]))\n\n"
        );
        assert_eq!(w.cells, 8);
    }

    #[test]
    fn steps_from_a_field_print_as_a_step_table() {
        let built = built();
        let labels = HashSet::new();
        let mut out = String::new();
        field_steps(&built, index(&built, "sop/opening"), &labels, &mut out);
        assert_eq!(
            out,
            "#table(columns: 4, align: (left, left, left, left,), table.header([时间], [负责人], [动作], [话术], ), [D\\-1], [助教], [预告开营时间], [], [D0 20\\:00], [班主任], [主持开营仪式], [欢迎大家来到 \\{营名\\}！], [D\\+1], [小助手], [发第一次打卡提醒], [], )\n\n"
        );
        // A playbook without a `steps:` field prints its body as written.
        let mut out = String::new();
        field_steps(&built, index(&built, "group-rules/core"), &labels, &mut out);
        assert_eq!(out, "");
    }
}
