//! Stage: check every playbook against its kind. Each element is covered by
//! its front-matter field (present, well-typed, not empty) or by a heading
//! that names it with real content under it; typed fields are checked where
//! they are written. The domain lints in [`crate::check::lint`] run on the result.

pub mod assets;
pub mod external;
pub mod headings;
pub mod lint;
mod step_sources;
pub mod steps;
pub mod syntax;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::base::codes::Code;
use crate::base::dates::Date;
use crate::base::diagnostic::{Diagnostic, Severity, Warned};
use crate::base::i18n::Text;
use crate::check::headings::{ElementNames, Match};
use crate::check::steps::Step;
use crate::input::common_fields::COMMON_FIELDS;
use crate::input::kind::{Element, FieldType, Kind};
use crate::input::parse::Playbook;
use crate::input::site::Site;
use crate::input::yaml::{Node, Value};
use crate::markdown::outline::{self, Outline};
use crate::tr;

/// Front-matter fields every playbook may have besides [`COMMON_FIELDS`]:
/// what the lints read, and a pure-YAML playbook's `body`.
pub const PLAYBOOK_FIELDS: &[&str] = &["roles", "variables", "core", "body"];

/// Fields other site generators use, named in the warning so an author
/// moving a handbook knows why they do nothing here: the field, the tools,
/// and what to do instead in English and in Chinese.
const FOREIGN_FIELDS: &[(&str, &str, &str, &str)] = &[
    (
        "id",
        "Docusaurus",
        "a playbook's id is its path under content/ (`sop/welcome`), and links name that",
        "手册的 id 就是它在 content/ 下面的路径（`sop/welcome`），链接也写这个",
    ),
    (
        "layout",
        "Jekyll and VitePress",
        "a theme under themes/ changes every page's layout",
        "要改所有页面的版式，在 themes/ 下面放一个主题",
    ),
    ("permalink", "Jekyll", "use `slug:`", "改用 `slug:`"),
    ("author", "Hugo and Jekyll", "use `owner:`", "改用 `owner:`"),
    (
        "template",
        "Zola",
        "a theme under themes/ changes every page's layout",
        "要改所有页面的版式，在 themes/ 下面放一个主题",
    ),
    (
        "page_template",
        "Zola",
        "a theme under themes/ changes every page's layout",
        "要改所有页面的版式，在 themes/ 下面放一个主题",
    ),
    (
        "sort_by",
        "Zola",
        "a folder's pages are in `weight:` order, then by id",
        "文件夹里的页面按 `weight:` 排序，再按 id 排",
    ),
    (
        "render",
        "Zola",
        "every page is published; `draft: true` keeps one out of the build",
        "每个页面都会发布；写 `draft: true` 可以让某一页不参与构建",
    ),
    (
        "in_search_index",
        "Zola",
        "every published page is in the search index",
        "发布的页面都会进入搜索索引",
    ),
    (
        "hide_title",
        "Docusaurus",
        "every page shows its title",
        "每个页面都会显示标题",
    ),
    (
        "keywords",
        "Hugo and Docusaurus",
        "pages carry no keywords for search engines; words that group pages belong in `tags:`",
        "页面不带给搜索引擎的关键词；用来给页面分组的词写进 `tags:`",
    ),
];

/// Whether an element is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Covered,
    Empty,
    Missing,
}

/// One element's status in one playbook.
#[derive(Debug, Clone, Serialize)]
pub struct ElementCoverage {
    pub id: String,
    pub name: String,
    pub status: Status,
    pub optional: bool,
}

/// What checking one playbook found, besides diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub coverage: Vec<ElementCoverage>,
    pub steps: Vec<Step>,
    /// The ids of the body's headings, which links may point at.
    pub anchors: Vec<String>,
    /// The links written in the body, for the link stage.
    pub links: Vec<outline::LinkRef>,
    /// The images written in the body, for `assets::check`.
    pub images: Vec<outline::LinkRef>,
}

impl Checked {
    /// Covered elements and all elements, counting required ones only.
    pub fn score(&self) -> (usize, usize) {
        let required = self.coverage.iter().filter(|e| !e.optional);
        let total = required.clone().count();
        (
            required.filter(|e| e.status == Status::Covered).count(),
            total,
        )
    }
}

/// What checking one playbook found, with its own diagnostics.
pub type PlaybookCheck = Warned<Checked>;

/// Stage: checks each playbook, or takes what `earlier` already knows of it (an
/// unchanged file under an unchanged configuration); results follow
/// `site.playbooks`.
pub fn check_each(
    site: &Site,
    today: Date,
    earlier: &(dyn Fn(&Playbook) -> Option<PlaybookCheck> + Sync),
) -> Vec<PlaybookCheck> {
    // Normalized names of every element, once per kind rather than per playbook.
    let keys: HashMap<&str, ElementNames> = site
        .config
        .kinds
        .iter()
        // First, so that a kind a site names `page` takes its place.
        .rev()
        .chain(std::iter::once(crate::input::kind::page()))
        .rev()
        .map(|k| (k.id.as_str(), ElementNames::new(&k.elements)))
        .collect();
    site.playbooks
        .par_iter()
        .map(|p| {
            if let Some(known) = earlier(p) {
                return known;
            }
            let mut diags = Vec::new();
            let checked = match (site.config.kind(&p.kind), keys.get(p.kind.as_str())) {
                (Some(kind), Some(names)) => {
                    check_playbook(p, kind, names, today, site.config.html, &mut diags)
                }
                _ => Checked::default(),
            };
            crate::check::lint::tags(p, site.config.tags.as_deref(), &mut diags);
            Warned::new(checked, diags)
        })
        .collect()
}

/// Checks one playbook against its kind (`names` prepared for that kind),
/// then runs the domain lints.
fn check_playbook(
    p: &Playbook,
    kind: &Kind,
    names: &ElementNames,
    today: Date,
    html: crate::markdown::html::Policy,
    diags: &mut Vec<Diagnostic>,
) -> Checked {
    let outline = outline::outline(p.body());
    let assigned = names.assign(&outline);
    let mut cx = Cx {
        p,
        kind,
        outline: &outline,
        names,
        assigned: &assigned,
        diags,
        steps: Vec::new(),
        labels: None,
    };
    let coverage = kind
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| cx.element(i, e))
        .collect();
    cx.script_refs();
    cx.unknown_fields();
    let mut checked = Checked {
        coverage,
        steps: std::mem::take(&mut cx.steps),
        anchors: Vec::new(),
        links: Vec::new(),
        images: Vec::new(),
    };
    crate::check::lint::lint(p, kind, &outline, &checked, today, diags);
    syntax::html(p, &outline, html, diags);
    syntax::borrowed(p, diags);
    checked.anchors = outline.sections.iter().map(|s| s.id.clone()).collect();
    checked.links = outline.links;
    checked.images = outline.images;
    // Raw HTML's `<img>` too, at its `src`.
    checked.images.extend(crate::markdown::html::image_refs(
        &outline.raw_html,
        p.body(),
    ));
    checked
}

struct Cx<'a> {
    p: &'a Playbook,
    kind: &'a Kind,
    outline: &'a Outline,
    names: &'a ElementNames,
    /// The heading that covers each element, if any.
    assigned: &'a [Option<Match>],
    diags: &'a mut Vec<Diagnostic>,
    steps: Vec<Step>,
    /// The body's labels (`话术：…`), read when an element has no heading.
    labels: Option<Vec<crate::check::headings::Label>>,
}

/// What a front-matter field says about its element.
enum FieldState {
    Absent,
    Empty(usize),
    Invalid,
    Valid,
}

impl Cx<'_> {
    /// Whether a label with content names element `e` exactly (`话术：` over
    /// a script inside a day's section). Steps need their structure, so a
    /// label never stands in for a step list; and a label inside another
    /// element's section belongs to that section (`群主：小王` under the
    /// speaking rules is not the roles), except inside the steps, whose
    /// sections hold each step's script.
    fn labelled(&mut self, index: usize, e: &Element) -> bool {
        if e.field_type == FieldType::Steps {
            return false;
        }
        let body = self.p.body();
        let labels = self
            .labels
            .get_or_insert_with(|| crate::check::headings::labels(body));
        let owned_by_another = |offset: usize| {
            self.outline.enclosing(offset).any(|section| {
                self.assigned.iter().enumerate().any(|(other, m)| {
                    other != index
                        && m.is_some_and(|m| m.section() == section)
                        && self.kind.elements[other].field_type != FieldType::Steps
                })
            })
        };
        labels.iter().any(|l| {
            l.content && self.names.names_exactly(index, &l.key) && !owned_by_another(l.offset)
        })
    }

    fn element(&mut self, index: usize, e: &Element) -> ElementCoverage {
        let field = match e
            .field
            .as_deref()
            .and_then(|f| self.p.front_matter.get(f).map(|n| (f, n)))
        {
            Some((name, node)) => self.field(e, name, node),
            None => FieldState::Absent,
        };
        let heading = self.assigned[index].map(Match::section);
        let covered_by_heading = heading.is_some_and(|i| self.outline.has_content(i));
        if let (Some(i), true) = (
            heading,
            e.field_type == FieldType::Steps && !matches!(field, FieldState::Valid),
        ) {
            self.table_steps(e, i);
        }
        let status = match (&field, heading) {
            (FieldState::Valid, _) => Status::Covered,
            (_, Some(_)) if covered_by_heading => Status::Covered,
            (_, Some(i)) => {
                let range = self.p.file_range(self.outline.sections[i].range.clone());
                self.push(
                    Diagnostic::at(
                        self.severity(e),
                        Code::EmptyElement,
                        &self.p.source,
                        range,
                        crate::tr!(
                            "`{}` 这一节只有标题，下面什么也没写",
                            "`{}` has a heading but nothing under it",
                            e.name
                        ),
                    )
                    .with_help(crate::tr!(
                        "在这个标题下面写上具体的{}，或者删掉这个标题{}",
                        "write the {} under this heading, or remove the heading{}",
                        e.name,
                        self.field_hint(e)
                    )),
                );
                Status::Empty
            }
            (FieldState::Empty(offset), None) => {
                let range = *offset..*offset + 1;
                self.push(
                    Diagnostic::at(
                        self.severity(e),
                        Code::EmptyElement,
                        &self.p.source,
                        range,
                        crate::tr!(
                            "`{}` 是空的",
                            "`{}` is empty",
                            e.field.as_deref().unwrap_or(&e.name)
                        ),
                    )
                    .with_help(crate::tr!(
                        "给它填上值，或者写一节 `## {}` 来覆盖它",
                        "give it a value, or cover it with a `## {}` section",
                        e.name
                    )),
                );
                Status::Empty
            }
            (FieldState::Invalid, None) => Status::Missing,
            (FieldState::Absent, None) if self.labelled(index, e) => Status::Covered,
            (FieldState::Absent, None) => {
                let name = &e.name;
                let mut help = match &e.hint {
                    Some(hint) => tr!(
                        "加上一节 `## {name}`，写清楚{hint}",
                        "{name}: {hint}; add a `## {name}` section"
                    ),
                    None => tr!("加上一节 `## {name}`", "add a `## {name}` section"),
                };
                help += self.field_hint(e);
                if let Some(closest) =
                    self.names
                        .closest_unmatched(index, self.outline, self.assigned)
                {
                    let marks = "#".repeat(closest.level as usize);
                    let alias = crate::markdown::outline::heading_alias(&closest.text)
                        .replace('\\', "\\\\")
                        .replace('"', "\\\"");
                    let (heading, kind, id) = (&closest.text, &self.kind.id, &e.id);
                    help += tr!(
                        "；如果 `{marks} {heading}` 就是写这个的，把它改成 `{marks} {name}`，\
                         或者在 quire.yaml 里把这个标题加为别名：\
                         `kinds: [{{id: {kind}, aliases: {{{id}: [\"{alias}\"]}}}}]`",
                        "; if `{marks} {heading}` is meant to cover it, rename it to `{marks} {name}`, \
                         or add the heading as an alias in quire.yaml: \
                         `kinds: [{{id: {kind}, aliases: {{{id}: [\"{alias}\"]}}}}]`"
                    );
                } else if !e.aliases.is_empty() {
                    let aliases = e
                        .aliases
                        .iter()
                        .take(4)
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>();
                    let aliases = Text {
                        zh: aliases.join("、"),
                        en: aliases.join(", "),
                    };
                    help += tr!(
                        "；标题也可以写成 {}",
                        "; the heading may also be {}",
                        aliases
                    );
                }
                self.push(
                    Diagnostic::at(
                        self.severity(e),
                        Code::MissingElement,
                        &self.p.source,
                        self.p.front_matter_start(),
                        crate::tr!(
                            "缺少{}：{}（{}）",
                            "missing {}: {} ({})",
                            if e.optional {
                                tr!("建议写的要素", "recommended element")
                            } else {
                                tr!("要素", "element")
                            },
                            e.name,
                            e.id
                        ),
                    )
                    .with_help(help),
                );
                Status::Missing
            }
        };
        ElementCoverage {
            id: e.id.clone(),
            name: e.name.clone(),
            status,
            optional: e.optional,
        }
    }

    fn severity(&self, e: &Element) -> Severity {
        if e.optional {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    fn field_hint(&self, e: &Element) -> Text {
        match &e.field {
            Some(f) => tr!(
                "，或者在 front matter 里写 `{f}:`（{}）",
                ", or set `{f}:` ({}) in the front matter",
                type_hint(&e.field_type)
            ),
            None => Text::same(""),
        }
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn invalid(&mut self, code: Code, node: &Node, message: Text, help: Option<Text>) {
        let mut d = Diagnostic::error(code, &self.p.source, node.span(), message);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.push(d);
    }

    fn field(&mut self, e: &Element, name: &str, node: &Node) -> FieldState {
        // Common fields had their type checked when the playbook was parsed.
        let reported = COMMON_FIELDS.contains(&name);
        let empty = match &node.value {
            Value::Null => true,
            Value::Str(s) => !outline::is_real_content(s),
            Value::List(items) => items.is_empty(),
            Value::Map(pairs) => pairs.is_empty(),
            _ => false,
        };
        if empty {
            return FieldState::Empty(node.offset);
        }
        let problem: Option<(Code, Text, Option<Text>)> = match &e.field_type {
            FieldType::Text => node.scalar_text().is_none().then(|| {
                (
                    Code::WrongType,
                    crate::tr!(
                        "`{name}` 应该是文字，这里却是{}",
                        "`{name}` must be text, found {}",
                        node.describe()
                    ),
                    None,
                )
            }),
            FieldType::Integer { min, max } => match node.value {
                Value::Int(n) if min.is_some_and(|m| n < m) => Some((
                    Code::OutOfRange,
                    crate::tr!(
                        "`{name}` 不能小于 {}，这里是 {n}",
                        "`{name}` must be at least {}, found {n}",
                        min.unwrap_or_default()
                    ),
                    None,
                )),
                Value::Int(n) if max.is_some_and(|m| n > m) => Some((
                    Code::OutOfRange,
                    crate::tr!(
                        "`{name}` 不能大于 {}，这里是 {n}",
                        "`{name}` must be at most {}, found {n}",
                        max.unwrap_or_default()
                    ),
                    None,
                )),
                Value::Int(_) => None,
                _ => Some((
                    Code::WrongType,
                    crate::tr!(
                        "`{name}` 应该是整数，这里却是{}",
                        "`{name}` must be a whole number, found {}",
                        node.describe()
                    ),
                    Some(crate::tr!(
                        "不加引号也不带单位，例如 `{name}: 200`",
                        "write it without quotes or units, e.g. `{name}: 200`"
                    )),
                )),
            },
            FieldType::Enum { values } => {
                let v = node.scalar_text().unwrap_or_default();
                (!values.contains(&v)).then(|| {
                    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
                    let help = match crate::base::suggest::closest(&v, &refs) {
                        Some(near) => {
                            crate::tr!(
                                "是不是想写 `{near}`？可以写：{}",
                                "did you mean `{near}`? allowed: {}",
                                crate::base::i18n::Text::list(values)
                            )
                        }
                        None => crate::tr!(
                            "可以写：{}",
                            "allowed: {}",
                            crate::base::i18n::Text::list(values)
                        ),
                    };
                    (
                        Code::UnknownValue,
                        crate::tr!(
                            "`{name}` 只能是允许的几个值之一，这里是 `{v}`",
                            "`{name}` must be one of the allowed values, found `{v}`"
                        ),
                        Some(help),
                    )
                })
            }
            FieldType::Date => {
                let text = node.scalar_text();
                text.as_deref()
                    .is_none_or(|t| Date::parse(t).is_none())
                    .then(|| {
                        (
                            Code::InvalidDate,
                            crate::tr!(
                                "`{name}` 应该是像 2026-11-01 这样的日期",
                                "`{name}` must be a date like 2026-11-01"
                            ),
                            text.and_then(|t| crate::input::common_fields::date_help(name, &t)),
                        )
                    })
            }
            FieldType::Duration => node
                .scalar_text()
                .is_none_or(|t| !crate::input::common_fields::valid_duration(&t))
                .then(|| {
                    (
                        Code::InvalidDate,
                        crate::tr!(
                            "`{name}` 应该是像 90d、8w、6m 或 1y 这样的时长",
                            "`{name}` must be a duration like 90d, 8w, 6m or 1y"
                        ),
                        None,
                    )
                }),
            FieldType::List { min_items } => match node.as_list() {
                Some(items) if items.len() < *min_items => Some((
                    Code::OutOfRange,
                    crate::tr!(
                        "`{name}` 至少要有 {min_items} 项，这里只有 {}",
                        "`{name}` needs at least {min_items} items, found {}",
                        items.len()
                    ),
                    None,
                )),
                Some(_) => None,
                None => Some((
                    Code::WrongType,
                    crate::tr!(
                        "`{name}` 应该是列表，这里却是{}",
                        "`{name}` must be a list, found {}",
                        node.describe()
                    ),
                    None,
                )),
            },
            FieldType::Steps => return self.field_steps(name, node),
            // Whether the ids exist is for the link stage; here only the shape.
            FieldType::Ref => {
                let ok = node.scalar_text().is_some()
                    || node
                        .as_list()
                        .is_some_and(|l| l.iter().all(|n| n.scalar_text().is_some()));
                (!ok).then(|| {
                    (
                        Code::WrongType,
                        crate::tr!(
                            "`{name}` 应该是一个手册 id，或 id 的列表",
                            "`{name}` must be a playbook id or a list of ids"
                        ),
                        None,
                    )
                })
            }
            FieldType::Mix => crate::check::lint::mix_entries(node).is_none().then(|| {
                (
                    Code::WrongType,
                    crate::tr!(
                        "`{name}` 应该给每个部分写一个百分比，例如 `干货: 40`",
                        "`{name}` must map each part to a percentage, e.g. `干货: 40`"
                    ),
                    None,
                )
            }),
        };
        match problem {
            Some((code, message, help)) => {
                if !reported {
                    self.invalid(code, node, message, help);
                }
                FieldState::Invalid
            }
            None => FieldState::Valid,
        }
    }

    /// A front-matter key quire does not read is a typo or a habit from
    /// another tool; either way the author should hear that it does nothing.
    fn unknown_fields(&mut self) {
        let fields: Vec<&str> = self
            .kind
            .elements
            .iter()
            .filter_map(|e| e.field.as_deref())
            .collect();
        let known: Vec<&str> = COMMON_FIELDS
            .iter()
            .copied()
            .chain(PLAYBOOK_FIELDS.iter().copied())
            .chain(fields.iter().copied())
            .collect();
        let mut found = Vec::new();
        for (key, key_node, _) in self.p.front_matter.entries() {
            // `description:` and `lastmod:` stand in for `summary:` and
            // `reviewed:`, as other generators write them; beside the field
            // itself they are not used, and that is said.
            let stands_for: &[&str] = match key.as_str() {
                "description" => &["summary"],
                "lastmod" => &["reviewed"],
                "date" => &["reviewed", "lastmod", "updated", "last_update"],
                "updated" => &["reviewed", "lastmod"],
                "last_update" => &["reviewed", "lastmod", "updated"],
                "order" => &["weight"],
                "sidebar_position" => &["weight", "order"],
                _ => &[],
            };
            let stood_for = stands_for
                .iter()
                .find(|f| self.p.front_matter.get(f).is_some());
            if let Some(field) = stood_for {
                let range = key_node.offset..key_node.offset + key.len();
                found.push(
                    Diagnostic::warning(
                        Code::UnknownField,
                        &self.p.source,
                        range,
                        crate::tr!("`{key}` 用不上：这篇手册已经写了 `{field}:`，它们说的是同一件事", "`{key}` is not used: this playbook sets `{field}:`, which it stands in for"),
                    )
                    .with_help(crate::tr!("`{field}:` 和 `{key}:` 只留一个", "keep one of `{field}:` and `{key}:`")),
                );
                continue;
            }
            if known.contains(&key.as_str()) {
                continue;
            }
            let range = key_node.offset..key_node.offset + key.len();
            if let Some((_, tools, instead, instead_zh)) =
                FOREIGN_FIELDS.iter().find(|(k, ..)| *k == key)
            {
                let tools_zh = tools.replace(" and ", " 和 ");
                found.push(
                    Diagnostic::warning(
                        Code::UnknownField,
                        &self.p.source,
                        range,
                        crate::tr!(
                            "`{key}` 是 {tools_zh} 的字段，quire 不用它",
                            "`{key}` is a {tools} field that quire does not use"
                        ),
                    )
                    .with_help(crate::tr!(
                        "quire 会忽略 `{key}:`；{instead_zh}",
                        "quire ignores `{key}:`; {instead}"
                    )),
                );
                continue;
            }
            // `平台:` for `platform:`: a Chinese key that names an element.
            let by_name = self.kind.elements.iter().find_map(|e| {
                let field = e.field.as_deref()?;
                let names = std::iter::once(&e.name).chain(&e.aliases);
                names
                    .map(|n| outline::normalize_heading(n))
                    .any(|n| n == outline::normalize_heading(&key))
                    .then_some(field)
            });
            let help = match by_name.or_else(|| crate::base::suggest::closest(&key, &known)) {
                Some(near) => crate::tr!(
                    "quire 会忽略 `{key}:` 这一行。是不是想写 `{near}:`？",
                    "did you mean `{near}:`? quire ignores `{key}:`"
                ),
                None => crate::tr!(
                    "quire 会忽略它；{}能写的字段有：{}",
                    "quire ignores it; the fields of a {} are {}",
                    self.kind.name_zh,
                    crate::base::i18n::Text::list(&known)
                ),
            };
            found.push(
                Diagnostic::warning(
                    Code::UnknownField,
                    &self.p.source,
                    range,
                    crate::tr!("不认识的字段 `{key}`", "unknown field `{key}`"),
                )
                .with_help(help),
            );
        }
        for d in found {
            self.push(d);
        }
    }

    /// A step's script that points at a heading (`欢迎话术`) must name one
    /// of the page's, or the reader gets the pointer to copy instead of the
    /// script.
    fn script_refs(&mut self) {
        let keys: Vec<&str> = self
            .outline
            .sections
            .iter()
            .map(|s| s.key.as_str())
            .collect();
        let texts: Vec<&str> = self
            .outline
            .sections
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        let mut found = Vec::new();
        for step in &self.steps {
            let (Some(script), Some(range)) = (&step.script, &step.script_range) else {
                continue;
            };
            let steps::ScriptCell::Ref(key) = steps::script_cell(script) else {
                continue;
            };
            if keys.contains(&key.as_str()) {
                continue;
            }
            // `预告话术1（上午 10 点发）：` over the script is a label, which
            // a reader sees but a checklist cannot point at.
            let body = self.p.body();
            let labels = self
                .labels
                .get_or_insert_with(|| crate::check::headings::labels(body));
            let label = labels.iter().find(|l| l.key.starts_with(key.as_str()));
            let help = match (label, crate::base::suggest::closest(script.trim(), &texts)) {
                (Some(label), _) => {
                    let at = self.p.file_range(label.offset..label.offset);
                    let line = self.p.source.position(at.start).line;
                    let text = body[label.offset..].lines().next().unwrap_or("").trim();
                    let name = text
                        .split(['：', ':'])
                        .next()
                        .unwrap_or(text)
                        .trim_matches(|c: char| "*_->+ ".contains(c));
                    crate::tr!(
                        "第 {line} 行（`{text}`）只是把它写成了一个标签，步骤清单显示不了；把它改成话术上方的标题 `### {name}`", "line {line} (`{text}`) names it as a label, which the checklist cannot show; \
                         make it a heading over the script, `### {name}`"
                    )
                }
                (None, Some(near)) => crate::tr!("最接近的标题是 `## {near}`；要写得一字不差，或者直接在这里写出话术", "the nearest heading is `## {near}`; name it exactly, or write the script itself here"),
                (None, None) => tr!("在话术上方加一个这个名字的标题，或者直接在这里写出话术", "add a heading with this name over the script, or write the script itself here"),
            };
            found.push(
                Diagnostic::warning(
                    Code::BrokenScriptRef,
                    &self.p.source,
                    range.clone(),
                    crate::tr!(
                        "本页没有叫 `{}` 的标题",
                        "`{}` names no heading on this page",
                        script.trim()
                    ),
                )
                .with_help(help),
            );
        }
        for d in found {
            self.push(d);
        }
    }
}

fn type_hint(t: &FieldType) -> Text {
    match t {
        FieldType::Text => tr!("文字", "text"),
        FieldType::Integer { min: Some(m), .. } => {
            tr!("不小于 {m} 的整数", "a whole number, at least {m}")
        }
        FieldType::Integer { .. } => tr!("整数", "a whole number"),
        FieldType::Enum { values } => tr!(
            "{} 之一",
            "one of {}",
            crate::base::i18n::Text::list(values)
        ),
        FieldType::Date => tr!("像 2026-11-01 这样的日期", "a date like 2026-11-01"),
        FieldType::Duration => tr!("像 90d 这样的时长", "a duration like 90d"),
        FieldType::List { min_items } => tr!(
            "至少 {min_items} 项的列表",
            "a list of at least {min_items}"
        ),
        FieldType::Steps => tr!(
            "步骤列表，每步有时间、负责人和动作",
            "a list of steps with when, who and action"
        ),
        FieldType::Mix => tr!(
            "各部分的百分比，加起来是 100",
            "parts with percentages adding up to 100"
        ),
        FieldType::Ref => tr!(
            "一个手册 id，或 id 的列表",
            "a playbook id or a list of ids"
        ),
    }
}
