//! Kinds of playbook as schemas: a kind's names, its default folder and the
//! ordered elements a complete playbook of that kind covers. The built-in
//! kinds are read from the embedded `kinds/builtin.yaml`; `quire.yaml` can
//! change them or add new ones in the same format, with no code change.

use crate::base::i18n::Text;
use serde::Serialize;

use crate::base::codes::Code;
use crate::base::i18n::Language;
use crate::input::fields::Fields;
use crate::input::yaml::{Node, Value};

/// A kind of playbook.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Kind {
    /// Stable id used in front matter (`kind: sop`).
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Folder under `content/` whose files default to this kind.
    pub folder: String,
    pub elements: Vec<Element>,
    /// Where `quire.yaml` set the folder (its `folder:` value, or the `id:`
    /// it defaults to), for reporting two kinds that share one.
    #[serde(skip)]
    pub folder_at: Option<std::ops::Range<usize>>,
}

/// Something a complete playbook of a kind covers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Element {
    pub id: String,
    /// The heading that covers it, e.g. `人数上限`.
    pub name: String,
    pub aliases: Vec<String>,
    /// What the element asks for, in a few words, for the diagnostic when
    /// it is missing.
    pub hint: Option<String>,
    /// The front-matter field that covers it, if any.
    pub field: Option<String>,
    pub field_type: FieldType,
    /// Recommended only: missing it is a warning.
    pub optional: bool,
}

/// The type a field's value must have.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum FieldType {
    Text,
    Integer {
        min: Option<i64>,
        max: Option<i64>,
    },
    Enum {
        values: Vec<String>,
    },
    Date,
    Duration,
    List {
        min_items: usize,
    },
    /// An SOP step list: `when`, `who`, `action`, optional `script`.
    Steps,
    /// Named percentages that must add up to 100.
    Mix,
    /// The id of another playbook, or a list of ids.
    Ref,
}

impl Kind {
    /// The display name in the site's language.
    pub fn name(&self, lang: Language) -> &str {
        match lang {
            Language::Zh => &self.name_zh,
            Language::En => &self.name_en,
        }
    }

    pub fn element(&self, id: &str) -> Option<&Element> {
        self.elements.iter().find(|e| e.id == id)
    }
}

const BUILTIN: &str = include_str!("../../kinds/builtin.yaml");

/// The four kinds every site has, in the order the site lists them.
/// The id of the kind of a plain page: a file in a folder no kind claims,
/// directly under `content/`, or a folder's landing file (`_index.md`). It
/// requires nothing, and it is not a playbook for coverage or review.
pub const PAGE: &str = "page";

/// The built-in `page` kind. It is not in `Config::kinds` (it has no folder
/// of its own, no list page, no place on the home page); `Config::kind`
/// finds it by its id.
pub fn page() -> &'static Kind {
    static PAGE_KIND: std::sync::OnceLock<Kind> = std::sync::OnceLock::new();
    PAGE_KIND.get_or_init(|| Kind {
        id: PAGE.into(),
        name_zh: "页面".into(),
        name_en: "Pages".into(),
        folder: String::new(),
        elements: Vec::new(),
        folder_at: None,
    })
}

pub fn builtin() -> Vec<Kind> {
    static KINDS: std::sync::OnceLock<Vec<Kind>> = std::sync::OnceLock::new();
    KINDS.get_or_init(|| parse_builtin().0).clone()
}

/// Reads `kinds/builtin.yaml`; its diagnostics are empty (a unit test holds it to that).
fn parse_builtin() -> (Vec<Kind>, Vec<crate::base::diagnostic::Diagnostic>) {
    let source = crate::base::source::SourceFile::new(
        "kinds/builtin.yaml",
        "kinds/builtin.yaml".into(),
        BUILTIN.into(),
    );
    let mut diags = Vec::new();
    let node = match crate::input::yaml::parse(&source, 0..source.text.len(), &mut diags) {
        Ok(node) => node,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut fields = Fields::new(&source, &mut diags);
    let kinds = node
        .as_list()
        .unwrap_or_default()
        .iter()
        .filter_map(|n| parse_kind(n, &mut fields))
        .collect();
    (kinds, diags)
}

const KIND_KEYS: &[&str] = &["id", "name", "name_en", "folder", "elements"];
const PATCH_KEYS: &[&str] = &[
    "id",
    "name",
    "name_en",
    "folder",
    "elements",
    "add_elements",
    "drop_elements",
    "optional_elements",
    "aliases",
];
const ELEMENT_KEYS: &[&str] = &[
    "id",
    "name",
    "aliases",
    "hint",
    "field",
    "type",
    "min",
    "max",
    "values",
    "min_items",
    "optional",
];

/// Reads a whole kind definition (a new kind in `quire.yaml`, or a built-in).
pub fn parse_kind(node: &Node, f: &mut Fields) -> Option<Kind> {
    let id = required_text(node, "id", f)?;
    let id_node = node.get("id")?;
    // The id names the kind's schema file, and its folder when none is given.
    if let Some(problem) = name_problem(&id) {
        f.invalid(
            Code::InvalidPath,
            id_node,
            crate::tr!(
                "类型 id `{id}` 不能用：{0}",
                "the kind id `{id}` cannot be used: {0}",
                problem
            ),
        );
        return None;
    }
    for (key, key_node, _) in node.entries() {
        if !KIND_KEYS.contains(&key.as_str()) {
            f.unknown_key(&key, key_node, KIND_KEYS);
        }
    }
    let name = node
        .get("name")
        .and_then(|n| f.text("name", n))
        .unwrap_or_else(|| id.clone());
    let elements = match node.get("elements") {
        Some(list) => parse_elements(list, f),
        None => Vec::new(),
    };
    let (folder, folder_at) = match node.get("folder") {
        Some(n) => (folder(n, f)?, n.span()),
        None => {
            if let Some(problem) = reserved_problem(&id) {
                f.invalid(
                    Code::InvalidPath,
                    id_node,
                    crate::tr!(
                        "类型 `{id}` 会把页面放在 `{id}/` 里，但{0}；请加上 `folder:`",
                        "the kind `{id}` would keep its pages in `{id}/`, but {0}; add a `folder:`",
                        problem
                    ),
                );
                return None;
            }
            (id.clone(), id_node.span())
        }
    };
    Some(Kind {
        name_en: node
            .get("name_en")
            .and_then(|n| f.text("name_en", n))
            .unwrap_or_else(|| name.clone()),
        name_zh: name,
        folder,
        folder_at: Some(folder_at),
        id,
        elements,
    })
}

/// Why `text` cannot be one name in the output, if it cannot.
fn name_problem(text: &str) -> Option<Text> {
    if text.is_empty() || text == "." || text == ".." || text.contains(['/', '\\']) {
        return Some(crate::tr!(
            "它只能是一个普通的名字，不能带 `/`、`\\`、`.` 或 `..`",
            "it must be one plain name, without `/`, `\\`, `.` or `..`"
        ));
    }
    crate::base::urls::name_problem(text)
}

/// Why a kind's pages cannot live in `folder`: its first name is one the
/// site itself writes at its root.
fn reserved_problem(folder: &str) -> Option<Text> {
    let first = crate::base::urls::fold(folder.split('/').next().unwrap_or(folder));
    let dirs = crate::base::urls::RESERVED_DIRS
        .iter()
        .map(|d| d.trim_end_matches('/'));
    let files = crate::base::urls::RESERVED_FILES
        .iter()
        .map(|(name, ..)| *name);
    dirs.chain(files)
        .find(|name| crate::base::urls::fold(name) == first)
        .map(|name| crate::tr!("站点自己要写 `{name}`", "the site itself writes `{name}`"))
}

/// Reports kinds whose folders are one (`sop` twice, or `SOP` and `sop` on
/// macOS and Windows): their index pages would overwrite each other.
pub fn check_folders(kinds: &[Kind], f: &mut Fields) {
    for (j, kind) in kinds.iter().enumerate() {
        let Some(other) = kinds[..j]
            .iter()
            .find(|o| crate::base::urls::fold(&o.folder) == crate::base::urls::fold(&kind.folder))
        else {
            continue;
        };
        let Some(at) = kind.folder_at.clone().or_else(|| other.folder_at.clone()) else {
            continue;
        };
        f.diags.push(
            crate::base::diagnostic::Diagnostic::error(
                Code::DuplicateUrl,
                f.source,
                at,
                crate::tr!(
                    "类型 `{}` 和 `{}` 都把页面放在 `{}/` 里",
                    "the kinds `{}` and `{}` both keep their pages in `{}/`",
                    other.id,
                    kind.id,
                    kind.folder
                ),
            )
            .with_help(crate::tr!(
                "给其中一个换个 `folder:`",
                "give one of them another `folder:`"
            )),
        );
    }
}

/// Applies a `quire.yaml` entry for a kind that already exists: rename,
/// move, add, drop or relax elements, and add aliases.
pub fn patch_kind(kind: &mut Kind, node: &Node, f: &mut Fields) {
    for (key, key_node, value) in node.entries() {
        match key.as_str() {
            "id" => {}
            "name" => {
                kind.name_zh = f
                    .text("name", value)
                    .unwrap_or_else(|| kind.name_zh.clone())
            }
            "name_en" => {
                kind.name_en = f
                    .text("name_en", value)
                    .unwrap_or_else(|| kind.name_en.clone())
            }
            "folder" => {
                if let Some(folder) = folder(value, f) {
                    kind.folder = folder;
                    kind.folder_at = Some(value.span());
                }
            }
            "elements" => kind.elements = parse_elements(value, f),
            "add_elements" => kind.elements.extend(parse_elements(value, f)),
            "drop_elements" | "optional_elements" => {
                for id_node in value.as_list().unwrap_or(std::slice::from_ref(value)) {
                    let Some(id) = f.text(&key, id_node) else {
                        continue;
                    };
                    match kind.elements.iter().position(|e| e.id == id) {
                        Some(i) if key == "drop_elements" => {
                            kind.elements.remove(i);
                        }
                        Some(i) => kind.elements[i].optional = true,
                        None => unknown_element(kind, &id, id_node, f),
                    }
                }
            }
            "aliases" => {
                for (element_id, id_node, aliases) in value.entries() {
                    let extra = f.list("aliases", aliases);
                    match kind.elements.iter_mut().find(|e| e.id == element_id) {
                        Some(e) => e.aliases.extend(extra),
                        None => unknown_element(kind, &element_id, id_node, f),
                    }
                }
            }
            _ => f.unknown_key(&key, key_node, PATCH_KEYS),
        }
    }
}

/// A kind's folder: one or more plain names under `content/`. Pages are
/// written to the same path in the output, so `..`, `/…` or an empty name
/// would write outside it.
pub fn folder(node: &Node, f: &mut Fields) -> Option<String> {
    let text = f.text("folder", node)?;
    let folder = text.trim().trim_matches('/');
    if !is_plain_path(folder) {
        f.invalid(
            Code::InvalidPath,
            node,
            crate::tr!(
"`{text}` 不是 content/ 下的文件夹；写一个像 `sop` 或 `rules/core` 这样的名字",
"`{text}` is not a folder under content/; write a name such as `sop` or `rules/core`"
),
        );
        return None;
    }
    let problem = folder
        .split('/')
        .find_map(crate::base::urls::name_problem)
        .or_else(|| reserved_problem(folder));
    match problem {
        Some(problem) => {
            f.invalid(
                Code::InvalidPath,
                node,
                crate::tr!(
                    "`{text}` 不能用来放一个类型的页面：{0}",
                    "`{text}` cannot hold a kind's pages: {0}",
                    problem
                ),
            );
            None
        }
        None => Some(folder.to_string()),
    }
}

/// Relative, with only plain names: no empty, `.` or `..` segment, no `\\`.
pub fn is_plain_path(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

fn unknown_element(kind: &Kind, id: &str, node: &Node, f: &mut Fields) {
    let ids: Vec<&str> = kind.elements.iter().map(|e| e.id.as_str()).collect();
    f.invalid(
        Code::UnknownValue,
        node,
        crate::tr!(
            "类型 `{}` 没有要素 `{id}`；它的要素有：{}",
            "kind `{}` has no element `{id}`; its elements: {}",
            kind.id,
            ids.join(", ")
        ),
    );
}

fn parse_elements(node: &Node, f: &mut Fields) -> Vec<Element> {
    let Some(items) = node.as_list() else {
        f.invalid(
            Code::WrongType,
            node,
            crate::tr!(
                "`elements` 应该是要素的列表，这里却是{}",
                "`elements` must be a list of elements, found {}",
                node.describe()
            ),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| parse_element(item, f))
        .collect()
}

fn parse_element(node: &Node, f: &mut Fields) -> Option<Element> {
    let id = required_text(node, "id", f)?;
    for (key, key_node, _) in node.entries() {
        if !ELEMENT_KEYS.contains(&key.as_str()) {
            f.unknown_key(&key, key_node, ELEMENT_KEYS);
        }
    }
    let int = |key: &str, f: &mut Fields| match node.get(key).map(|n| (&n.value, n)) {
        Some((Value::Int(i), _)) => Some(*i),
        Some((_, n)) => {
            f.invalid(
                Code::WrongType,
                n,
                crate::tr!(
                    "`{key}` 应该是整数，这里却是{}",
                    "`{key}` must be a whole number, found {}",
                    n.describe()
                ),
            );
            None
        }
        None => None,
    };
    let type_name = node.get("type").and_then(|n| Some((f.text("type", n)?, n)));
    let field_type = match type_name.as_ref().map(|(t, n)| (t.as_str(), *n)) {
        None | Some(("text", _)) => FieldType::Text,
        Some(("integer", _)) => FieldType::Integer {
            min: int("min", f),
            max: int("max", f),
        },
        Some(("enum", _)) => FieldType::Enum {
            values: node
                .get("values")
                .map(|n| f.list("values", n))
                .unwrap_or_default(),
        },
        Some(("date", _)) => FieldType::Date,
        Some(("duration", _)) => FieldType::Duration,
        Some(("list", _)) => FieldType::List {
            min_items: int("min_items", f).unwrap_or(1).max(0) as usize,
        },
        Some(("steps", _)) => FieldType::Steps,
        Some(("mix", _)) => FieldType::Mix,
        Some(("ref", _)) => FieldType::Ref,
        Some((other, n)) => {
            f.invalid(Code::UnknownValue,
                n,
                crate::tr!("不认识的字段类型 `{other}`；可以用 text、integer、enum、date、duration、list、steps、mix 或 ref", "unknown field type `{other}`; use text, integer, enum, date, duration, list, steps, mix or ref"),
            );
            FieldType::Text
        }
    };
    Some(Element {
        name: node
            .get("name")
            .and_then(|n| f.text("name", n))
            .unwrap_or_else(|| id.clone()),
        aliases: node
            .get("aliases")
            .map(|n| f.list("aliases", n))
            .unwrap_or_default(),
        hint: node.get("hint").and_then(|n| f.text("hint", n)),
        field: node.get("field").and_then(|n| f.text("field", n)),
        field_type,
        optional: node
            .get("optional")
            .and_then(|n| f.bool("optional", n))
            .unwrap_or(false),
        id,
    })
}

fn required_text(node: &Node, key: &str, f: &mut Fields) -> Option<String> {
    if !matches!(node.value, Value::Map(_)) {
        f.invalid(
            Code::WrongType,
            node,
            crate::tr!(
                "这里应该是带 `{key}` 的映射，却是{}",
                "expected a mapping with `{key}`, found {}",
                node.describe()
            ),
        );
        return None;
    }
    let value = node
        .get(key)
        .and_then(|n| f.text(key, n))
        .filter(|v| !v.trim().is_empty());
    if value.is_none() {
        f.invalid(
            Code::MissingKey,
            node,
            crate::tr!("这里需要 `{key}`", "this needs an `{key}`"),
        );
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_kinds_parse_cleanly() {
        let (kinds, diags) = parse_builtin();
        assert!(diags.is_empty(), "{diags:?}");
        let ids: Vec<_> = kinds.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(ids, ["group-rules", "sop", "sharing-format", "case-study"]);
        let rules = &kinds[0];
        assert_eq!(rules.elements.len(), 10);
        assert!(rules.element("culture").unwrap().optional);
        assert_eq!(
            rules.element("size").unwrap().field_type,
            FieldType::Integer {
                min: Some(1),
                max: None
            }
        );
        assert_eq!(
            kinds[1].element("steps").unwrap().field_type,
            FieldType::Steps
        );
    }
}
