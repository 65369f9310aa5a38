//! A playbook's facts: the elements of its kind that its front matter
//! covers by a field (`size_limit: 200`, `platform: 企业微信群`), each as a
//! label and a value the way an author would read it (`200 人`). The check
//! counts these elements as covered, so the reader must see them too: the
//! playbook page, the handbook's print page and its PDF all show what this
//! module gives. It reads the kind's schema, so a kind defined in
//! `quire.yaml` gets its facts with no code change.

use crate::base::i18n::Language;
use crate::input::common_fields::COMMON_FIELDS;
use crate::input::kind::{Element, FieldType, Kind};
use crate::input::parse::Playbook;
use crate::input::yaml::Node;

/// One element covered by a field, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The element's id, e.g. `size`.
    pub element: String,
    /// The element's display name from the kind, e.g. `人数上限`.
    pub label: String,
    pub value: FactValue,
}

/// What a fact says.
#[derive(Debug, Clone, PartialEq)]
pub enum FactValue {
    /// Text to show as it is (escaped by whoever writes it out).
    Text(String),
    /// The ids of other playbooks (a `ref` field), for the writer to turn
    /// into titles and links.
    Refs(Vec<String>),
}

/// The facts of playbook `p` of `kind`, in the kind's element order.
///
/// Left out: the common fields (`owner:` covers an SOP's 负责人, but the
/// page's header already shows it), a `steps:` field (drawn as the
/// timeline and its step list), and any value whose shape does not fit its
/// type (the check reported it, and a build with errors shows nothing).
pub fn facts(p: &Playbook, kind: &Kind, lang: Language) -> Vec<Fact> {
    kind.elements
        .iter()
        .filter_map(|e| {
            let field = e.field.as_deref()?;
            if COMMON_FIELDS.contains(&field) {
                return None;
            }
            let node = p.front_matter.get(field)?;
            Some(Fact {
                element: e.id.clone(),
                label: e.name.clone(),
                value: value(e, node, lang)?,
            })
        })
        .collect()
}

/// Whether playbook `p`'s steps come from a front-matter field rather than
/// its body: then no body table or list shows them, and a printed form
/// must write them out itself.
pub fn steps_from_field(p: &Playbook, kind: &Kind) -> bool {
    kind.elements.iter().any(|e| {
        e.field_type == FieldType::Steps
            && e.field
                .as_deref()
                .and_then(|f| p.front_matter.get(f))
                .and_then(Node::as_list)
                .is_some_and(|items| !items.is_empty())
    })
}

fn value(e: &Element, node: &Node, lang: Language) -> Option<FactValue> {
    let text = match &e.field_type {
        FieldType::Steps => return None,
        FieldType::Ref => {
            let ids: Vec<String> = match node.as_list() {
                Some(items) => items.iter().filter_map(Node::scalar_text).collect(),
                None => vec![node.scalar_text()?],
            };
            let ids: Vec<String> = ids
                .into_iter()
                .map(|id| id.trim().to_string())
                .filter(|id| !id.is_empty())
                .collect();
            return (!ids.is_empty()).then_some(FactValue::Refs(ids));
        }
        FieldType::Integer { .. } => {
            let n = match node.value {
                crate::input::yaml::Value::Int(n) => n,
                _ => return None,
            };
            if counts_people(e) {
                match lang {
                    Language::Zh => format!("{n} 人"),
                    Language::En if n == 1 => "1 person".to_string(),
                    Language::En => format!("{n} people"),
                }
            } else {
                n.to_string()
            }
        }
        FieldType::Duration => duration(&node.scalar_text()?, lang),
        FieldType::List { .. } => {
            let items: Vec<String> = node
                .as_list()?
                .iter()
                .filter_map(Node::scalar_text)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            items.join(separator(lang))
        }
        FieldType::Mix => crate::check::lint::mix_entries(node)?
            .iter()
            .map(|(part, percent)| format!("{part} {}%", number(*percent)))
            .collect::<Vec<_>>()
            .join(separator(lang)),
        FieldType::Text | FieldType::Enum { .. } | FieldType::Date => {
            node.scalar_text()?.trim().to_string()
        }
    };
    (!text.is_empty()).then_some(FactValue::Text(text))
}

/// Whether an element's number counts people (a group's size limit, a
/// session's audience): its id is `size` or one of its names says 人数.
fn counts_people(e: &Element) -> bool {
    e.id == "size"
        || std::iter::once(&e.name)
            .chain(&e.aliases)
            .any(|n| n.contains("人数"))
}

/// How a list reads: 、 between Chinese items, a comma between English ones.
fn separator(lang: Language) -> &'static str {
    match lang {
        Language::Zh => "、",
        Language::En => ", ",
    }
}

/// `40` rather than `40.0`, `12.5` as it is.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// `180d` as `180 天` or `180 days`; a unit quire does not know is shown
/// as written.
fn duration(text: &str, lang: Language) -> String {
    let text = text.trim();
    let Some(unit) = text.chars().last() else {
        return String::new();
    };
    let count = &text[..text.len() - unit.len_utf8()];
    let one = count == "1";
    let word = match (unit, lang) {
        ('d', Language::Zh) => "天",
        ('w', Language::Zh) => "周",
        ('m', Language::Zh) => "个月",
        ('y', Language::Zh) => "年",
        ('d', Language::En) if one => "day",
        ('d', Language::En) => "days",
        ('w', Language::En) if one => "week",
        ('w', Language::En) => "weeks",
        ('m', Language::En) if one => "month",
        ('m', Language::En) => "months",
        ('y', Language::En) if one => "year",
        ('y', Language::En) => "years",
        _ => return text.to_string(),
    };
    format!("{count} {word}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::SourceFile;
    use crate::input::config::Config;

    fn playbook(text: &str) -> Playbook {
        let path = "content/group-rules/x.md";
        let source = SourceFile::new(path, path.into(), text.to_string());
        let mut diags = Vec::new();
        crate::input::parse::parse(source, &Config::default(), &mut diags).expect("parses")
    }

    fn custom_kind(elements: &str) -> Kind {
        let text = format!("id: plan\nelements:\n{elements}");
        let source = SourceFile::new("quire.yaml", "quire.yaml".into(), text);
        let node = crate::input::yaml::parse(&source, 0..source.text.len(), &mut Vec::new())
            .expect("yaml");
        let mut diags = Vec::new();
        let mut f = crate::input::fields::Fields::new(&source, &mut diags);
        let kind = crate::input::kind::parse_kind(&node, &mut f).expect("a kind");
        assert!(diags.is_empty(), "{diags:?}");
        kind
    }

    fn texts(facts: &[Fact]) -> Vec<(&str, &str)> {
        facts
            .iter()
            .map(|f| match &f.value {
                FactValue::Text(t) => (f.label.as_str(), t.as_str()),
                FactValue::Refs(_) => (f.label.as_str(), "<refs>"),
            })
            .collect()
    }

    #[test]
    fn a_size_reads_in_people_and_text_as_written() {
        let rules = &crate::input::kind::builtin()[0];
        let p = playbook("---\ntitle: 群规\nsize_limit: 120\nplatform: 微信群\n---\n");
        assert_eq!(
            texts(&facts(&p, rules, Language::Zh)),
            [("载体", "微信群"), ("人数上限", "120 人")]
        );
        assert_eq!(
            texts(&facts(&p, rules, Language::En)),
            [("载体", "微信群"), ("人数上限", "120 people")]
        );
    }

    #[test]
    fn owner_and_steps_are_shown_elsewhere() {
        let sop = &crate::input::kind::builtin()[1];
        let p = playbook(
            "---\ntitle: x\nkind: sop\nowner: 王芳\nanchor: 开营日\nsteps:\n  - {when: D-1, who: 班主任, action: 拉群}\n---\n",
        );
        assert_eq!(
            texts(&facts(&p, sop, Language::Zh)),
            [("时间基准", "开营日")]
        );
        assert!(steps_from_field(&p, sop));
        assert!(!steps_from_field(&playbook("---\ntitle: x\n---\n"), sop));
    }

    #[test]
    fn a_custom_kind_gets_its_lists_mixes_durations_and_refs_read() {
        let kind = custom_kind(
            "  - {id: mix, name: 内容配比, field: mix, type: mix}\n\
             \x20 - {id: channels, name: 渠道, field: channels, type: list}\n\
             \x20 - {id: cycle, name: 周期, field: cycle, type: duration}\n\
             \x20 - {id: uses, name: 用到的群规, field: uses, type: ref}\n\
             \x20 - {id: audience, name: 参与人数, field: headcount, type: integer}\n\
             \x20 - {id: round, name: 轮次, field: round, type: integer}\n",
        );
        let p = playbook(
            "---\ntitle: x\nmix: {干货: 40, 生活: 12.5, 新闻: 47.5}\nchannels: [公众号, 社群]\ncycle: 6m\nuses: group-rules/core\nheadcount: 30\nround: 3\n---\n",
        );
        let facts = facts(&p, &kind, Language::Zh);
        assert_eq!(
            texts(&facts),
            [
                ("内容配比", "干货 40%、生活 12.5%、新闻 47.5%"),
                ("渠道", "公众号、社群"),
                ("周期", "6 个月"),
                ("用到的群规", "<refs>"),
                ("参与人数", "30 人"),
                ("轮次", "3"),
            ]
        );
        assert_eq!(
            facts[3].value,
            FactValue::Refs(vec!["group-rules/core".into()])
        );
    }

    #[test]
    fn values_that_do_not_fit_their_type_or_are_empty_are_left_out() {
        let rules = &crate::input::kind::builtin()[0];
        let p = playbook("---\ntitle: x\nsize_limit: 两百\nplatform: \"  \"\n---\n");
        assert!(facts(&p, rules, Language::Zh).is_empty());
    }
}
