//! Handbook definitions (`content/handbooks/<id>.yaml`) as written: a
//! title page and ordered chapters that include playbooks by id or by
//! selector (`kind: sop`, `tag: 新人`). Which playbooks each chapter holds
//! is settled later, once every id can be resolved (`link::handbook`).

use std::collections::HashMap;
use std::ops::Range;

use crate::base::codes::Code;
use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;
use crate::input::fields::Fields;
use crate::input::yaml::{self, Node, Value};

/// A handbook as written.
#[derive(Debug, Clone)]
pub struct Handbook {
    /// The file stem: `content/handbooks/newcomer.yaml` → `newcomer`.
    pub id: String,
    pub source: SourceFile,
    pub title: String,
    pub subtitle: Option<String>,
    pub audience: Option<String>,
    pub version: Option<String>,
    /// Markdown.
    pub cover_note: Option<String>,
    pub chapters: Vec<Chapter>,
    /// Playbook index → (chapter, position), both counted from 1; set by
    /// `link::handbook::select`.
    pub placed: HashMap<usize, (usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct Chapter {
    pub title: String,
    /// Markdown.
    pub intro: Option<String>,
    pub include: Vec<Include>,
    /// Where the chapter is written, for diagnostics.
    pub range: Range<usize>,
    /// The playbooks the chapter holds once selectors are expanded, in
    /// order; set by `link::handbook::select`.
    pub playbooks: Vec<usize>,
}

/// One entry of a chapter's `include`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Include {
    Id(String, Range<usize>),
    Kind(String, Range<usize>),
    Tag(String, Range<usize>),
}

const KEYS: &[&str] = &[
    "title",
    "subtitle",
    "audience",
    "version",
    "cover_note",
    "chapters",
];
const CHAPTER_KEYS: &[&str] = &["title", "intro", "include"];

/// Reads one handbook definition.
pub fn parse(source: SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Handbook> {
    let root = yaml::parse(&source, 0..source.text.len(), diags)
        .map_err(|d| diags.push(d))
        .ok()?;
    let id = crate::input::load::id_of(&source.path)
        .trim_start_matches("handbooks/")
        .to_string();
    let mut f = Fields::new(&source, diags);
    if !matches!(root.value, Value::Map(_)) {
        f.invalid(
            Code::WrongType,
            &root,
            crate::tr!(
                "培训手册是一个带 `title` 和 `chapters` 的映射，这里却是{}",
                "a handbook is a mapping with `title` and `chapters`, found {}",
                root.describe()
            ),
        );
        return None;
    }
    for (key, key_node, _) in root.entries() {
        if !KEYS.contains(&key.as_str()) {
            f.unknown_key(&key, key_node, KEYS);
        }
    }
    let mut text = |key: &str| root.get(key).and_then(|n| f.text(key, n));
    let title = text("title").unwrap_or_else(|| id.clone());
    let (subtitle, audience, version, cover_note) = (
        text("subtitle"),
        text("audience"),
        text("version"),
        text("cover_note"),
    );
    let mut chapters = Vec::new();
    match root.get("chapters") {
        Some(node) => match node.as_list() {
            Some(items) => {
                for item in items {
                    chapters.extend(parse_chapter(item, &mut f));
                }
            }
            None => f.invalid(
                Code::WrongType,
                node,
                crate::tr!(
                    "`chapters` 是章的列表，每一章要有 `title` 和 `include` 列表",
                    "`chapters` is a list of chapters, each with a `title` and an `include` list"
                ),
            ),
        },
        None => f.invalid(
            Code::MissingKey,
            &root,
            crate::tr!("培训手册要有 `chapters`", "a handbook needs `chapters`"),
        ),
    }
    Some(Handbook {
        id,
        source,
        title,
        subtitle,
        audience,
        version,
        cover_note,
        chapters,
        placed: HashMap::new(),
    })
}

fn parse_chapter(node: &Node, f: &mut Fields) -> Option<Chapter> {
    if !matches!(node.value, Value::Map(_)) {
        f.invalid(
            Code::WrongType,
            node,
            crate::tr!(
                "每一章是一个带 `title` 和 `include` 的映射，这里却是{}",
                "a chapter is a mapping with `title` and `include`, found {}",
                node.describe()
            ),
        );
        return None;
    }
    for (key, key_node, _) in node.entries() {
        if !CHAPTER_KEYS.contains(&key.as_str()) {
            f.unknown_key(&key, key_node, CHAPTER_KEYS);
        }
    }
    let title = node
        .get("title")
        .and_then(|n| f.text("title", n))
        .unwrap_or_default();
    let intro = node.get("intro").and_then(|n| f.text("intro", n));
    let mut include = Vec::new();
    if let Some(list) = node.get("include") {
        let items: Vec<&Node> = match list.as_list() {
            Some(items) => items.iter().collect(),
            None if list.is_null() => Vec::new(),
            None => vec![list],
        };
        for item in items {
            if let Some(id) = item.scalar_text() {
                include.push(Include::Id(id, item.span()));
                continue;
            }
            match (
                item.get("kind").and_then(Node::scalar_text),
                item.get("tag").and_then(Node::scalar_text),
            ) {
                (Some(kind), None) => include.push(Include::Kind(kind, item.span())),
                (None, Some(tag)) => include.push(Include::Tag(tag, item.span())),
                _ => f.invalid(
                    Code::WrongType,
                    item,
                    crate::tr!(
                        "收录一个手册 id，或者写选择条件 `kind: <类型>` 或 `tag: <标签>`",
                        "include a playbook id, or a selector `kind: <kind>` or `tag: <tag>`"
                    ),
                ),
            }
        }
    }
    Some(Chapter {
        title,
        intro,
        include,
        range: node.span(),
        playbooks: Vec::new(),
    })
}
