//! `quire schema`: a JSON Schema per kind for playbook front matter, so
//! editors (VS Code's YAML extension and others) complete field names and
//! check values while the author types. Every field quire reads is a
//! property and no other is (`additionalProperties: false`), so an editor
//! flags the same unknown fields `quire check` warns of; `required` names
//! what a pure-YAML playbook cannot do without.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::{json, Map, Value};

use crate::input::kind::{FieldType, Kind};
use crate::input::rules::{Level, Rules};

/// Writes `<out>/<kind>.schema.json` for every kind of the site at `root`.
pub fn write_schemas(root: &Path, out: &Path) -> anyhow::Result<Vec<PathBuf>> {
    crate::build::require_site(root)?;
    let mut diags = Vec::new();
    let config = crate::build::load_config(root, &mut diags);
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        anyhow::bail!(
            "quire.yaml has an error: {}: {}",
            d.location(),
            d.message.en
        );
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut written = Vec::new();
    for kind in &config.kinds {
        let path = out.join(format!("{}.schema.json", kind.id));
        let text = serde_json::to_string_pretty(&schema(kind, &config.rules))? + "\n";
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// The JSON Schema for the front matter of one kind, under the site's `rules`.
pub fn schema(kind: &Kind, rules: &Rules) -> Value {
    let text = |d: &str| json!({"type": ["string", "number"], "description": d});
    let list = |d: &str| json!({"type": "array", "items": {"type": ["string", "number"]}, "description": d});
    let mut props = Map::new();
    props.insert(
        "kind".into(),
        json!({"const": kind.id, "description": "the kind; defaults to the folder's kind"}),
    );
    props.insert("title".into(), text("标题 / title"));
    props.insert("slug".into(), json!({"type": "string", "pattern": "^(/[^\\\\]*|[^/\\\\]+)$", "description": "URL segment, or the whole address from the site root (`/abs/path`); defaults to the file name"}));
    props.insert("summary".into(), text("一句话摘要 / one-line summary"));
    props.insert(
        "description".into(),
        text(
            "summary 的另一种写法（Hugo、Docusaurus）/ the summary, as Hugo and Docusaurus name it",
        ),
    );
    props.insert("owner".into(), text("负责人 / owner"));
    props.insert("reviewed".into(), json!({"type": "string", "pattern": DATE, "description": "最近审阅日期 / last reviewed, YYYY-MM-DD"}));
    props.insert("lastmod".into(), json!({"type": "string", "description": "reviewed 的另一种写法（Hugo）/ last reviewed, as Hugo names it"}));
    props.insert("date".into(), json!({"type": "string", "description": "reviewed 的另一种写法（Hugo、Zola），没有 reviewed 和 lastmod 时使用 / the review date when neither reviewed nor lastmod is given"}));
    let weight = |d: &str| json!({"type": "integer", "description": d});
    props.insert(
        "weight".into(),
        weight("在文件夹中的顺序，小的在前 / place in its folder, lower first"),
    );
    props.insert(
        "order".into(),
        weight("weight 的另一种写法 / weight, as other tools name it"),
    );
    props.insert(
        "sidebar_position".into(),
        weight("weight 的另一种写法（Docusaurus）/ weight, as Docusaurus names it"),
    );
    props.insert(
        "aliases".into(),
        list("旧地址，各写一个跳转页 / old addresses, each given a redirect page"),
    );
    props.insert("updated".into(), json!({"type": "string", "description": "reviewed 的另一种写法（Zola）/ last reviewed, as Zola names it"}));
    props.insert("last_update".into(), json!({"type": "object", "properties": {"date": {"type": "string"}}, "description": "Docusaurus：date 是 reviewed 的另一种写法 / Docusaurus: its date is the review date"}));
    props.insert(
        "categories".into(),
        list("读作标签（Hugo）/ read as tags, as Hugo groups pages"),
    );
    props.insert("taxonomies".into(), json!({"type": "object", "properties": {"tags": {"type": "array"}, "categories": {"type": "array"}}, "description": "Zola：tags 和 categories 读作标签 / Zola: its tags and categories are read as tags"}));
    props.insert(
        "sidebar_label".into(),
        text("侧栏中较短的标题（Docusaurus）/ a shorter title for the sidebar"),
    );
    for (key, tool) in [("extra", "Zola"), ("params", "Hugo")] {
        props.insert(key.into(), json!({"type": "object", "description": format!("作者自己的数据，quire 不读取（{tool}）/ the author's own data, which quire does not read")}));
    }
    props.insert("review_every".into(), json!({"type": "string", "pattern": DURATION, "description": "审阅周期 / review interval: 90d, 8w, 6m, 1y"}));
    props.insert("tags".into(), list("标签 / tags"));
    props.insert("audience".into(), text("适用对象 / audience"));
    props.insert(
        "related".into(),
        list("相关手册的 id / ids of related playbooks"),
    );
    props.insert(
        "draft".into(),
        json!({"type": "boolean", "description": "草稿：只有 --drafts 时才发布"}),
    );
    props.insert(
        "roles".into(),
        list("SOP 中出现的角色 / roles that steps may name"),
    );
    props.insert(
        "variables".into(),
        list("话术中的 {变量} / variables scripts may use"),
    );
    props.insert(
        "core".into(),
        json!({"type": "boolean", "description": "核心群（人数不宜超过邓巴数 150）"}),
    );
    props.insert(
        "glossary_links".into(),
        json!({"type": "boolean", "description": "false：本页不自动链接术语表 / do not link glossary terms on this page"}),
    );
    let allowable: Vec<&str> = crate::base::codes::names()
        .into_iter()
        .filter(|name| {
            crate::base::codes::resolve(name)
                .is_some_and(|c| c.iter().all(|c| c.locked().is_none()))
        })
        .collect();
    props.insert(
        "allow".into(),
        json!({
            "anyOf": [{"enum": allowable}, {"type": "array", "items": {"enum": allowable}}],
            "description": "本文件不报告的检查代码 / diagnostic codes turned off in this file, e.g. [orphan]"
        }),
    );
    props.insert(
        "body".into(),
        json!({"type": "string", "description": "正文（Markdown），仅用于 .yaml 手册 / the Markdown body of a .yaml playbook"}),
    );
    for e in &kind.elements {
        let Some(field) = &e.field else { continue };
        let mut p = field_schema(&e.field_type);
        let note = if e.optional { "（可选）" } else { "" };
        p.insert(
            "description".into(),
            json!(format!("{}{note}；也可用“## {}”一节写明", e.name, e.name)),
        );
        props.insert(field.clone(), Value::Object(p));
    }
    let mut schema = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": format!("quire-{}.schema.json", kind.id),
        "title": format!("{} ({}) front matter", kind.name_zh, kind.name_en),
        "type": "object",
        "properties": props,
        "additionalProperties": false,
    });
    if let (Some(Value::Object(required)), Some(m)) =
        (required(kind, rules), schema.as_object_mut())
    {
        m.extend(required);
    }
    schema
}

/// What a playbook must hold, as schema keywords. No common field is
/// required (`title` defaults to the file name); an element the kind
/// requires is covered by its field or by a heading in `body:`. So `body`
/// is required when a required element has no field, and otherwise either
/// `body` or all the required elements' fields. Nothing is required when
/// `rules:` makes a missing element less than an error for this kind.
fn required(kind: &Kind, rules: &Rules) -> Option<Value> {
    if matches!(
        rules.level_for_kind("missing-element", &kind.id),
        Some(Level::Warning | Level::Off)
    ) {
        return None;
    }
    let needed: Vec<_> = kind.elements.iter().filter(|e| !e.optional).collect();
    if needed.is_empty() {
        return None;
    }
    if needed.iter().any(|e| e.field.is_none()) {
        return Some(json!({"required": ["body"]}));
    }
    let fields: Vec<&str> = needed.iter().filter_map(|e| e.field.as_deref()).collect();
    Some(json!({"anyOf": [{"required": ["body"]}, {"required": fields}]}))
}

const DATE: &str = "^\\d{4}-\\d{2}-\\d{2}$";
const DURATION: &str = "^\\d+[dwmy]$";
const OFFSET: &str = "^[DdTt]([+-]?\\d+(min|m|h|d|w)?)?( \\d{1,2}[:：]\\d{2})?$";

fn field_schema(t: &FieldType) -> Map<String, Value> {
    let v = match t {
        FieldType::Text => json!({"type": ["string", "number"]}),
        FieldType::Integer { min, max } => {
            let mut m = json!({"type": "integer"});
            if let Some(min) = min {
                m["minimum"] = json!(min);
            }
            if let Some(max) = max {
                m["maximum"] = json!(max);
            }
            m
        }
        FieldType::Enum { values } => json!({"enum": values}),
        FieldType::Date => json!({"type": "string", "pattern": DATE}),
        FieldType::Duration => json!({"type": "string", "pattern": DURATION}),
        FieldType::List { min_items } => json!({"type": "array", "minItems": min_items}),
        FieldType::Steps => json!({
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["when", "who", "action"],
                "properties": {
                    "when": {"type": "string", "pattern": OFFSET, "description": "offset from the anchor: D-7, D0 20:00, T+10min"},
                    "who": {"type": "string"},
                    "action": {"type": "string"},
                    "script": {"type": "string"}
                }
            }
        }),
        FieldType::Ref => json!({
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": "playbook ids, e.g. group-rules/core-group"
        }),
        FieldType::Mix => json!({
            "type": "object",
            "additionalProperties": {"type": ["number", "string"]},
            "description": "parts and their percentages, adding up to 100"
        }),
    };
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The schema lists exactly the fields `quire check` knows, so an
    /// editor and quire agree on what is an unknown field.
    #[test]
    fn properties_are_the_fields_quire_reads() {
        for kind in crate::input::kind::builtin() {
            let schema = schema(&kind, &Rules::default());
            let props: BTreeSet<&str> = schema["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let known: BTreeSet<&str> = crate::input::common_fields::COMMON_FIELDS
                .iter()
                .chain(crate::check::PLAYBOOK_FIELDS)
                .copied()
                .chain(kind.elements.iter().filter_map(|e| e.field.as_deref()))
                .collect();
            assert_eq!(props, known, "{}", kind.id);
            assert_eq!(schema["additionalProperties"], false);
            // Every built-in kind has a required element no field covers.
            assert_eq!(schema["required"], json!(["body"]), "{}", kind.id);
        }
    }

    #[test]
    fn required_follows_the_kind_and_the_rules() {
        let all_fields: Kind = {
            let mut k = crate::input::kind::builtin().remove(1);
            k.elements.retain(|e| e.field.is_some());
            k
        };
        let s = schema(&all_fields, &Rules::default());
        assert_eq!(
            s["anyOf"],
            json!([{"required": ["body"]}, {"required": ["owner", "anchor", "steps"]}])
        );
        assert!(s.get("required").is_none());
        assert!(s["properties"]["allow"]["anyOf"][0]["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("orphan")));
    }
}
