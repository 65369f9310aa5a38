//! The common front-matter fields, which every kind has ([`COMMON_FIELDS`]),
//! and reading those that say what a page is (`title`, `summary`, `owner`,
//! the review date and interval, tags, …) with their types checked, under
//! other tools' names too (`description`, `lastmod`, `updated`,
//! `last_update.date`, `date`, `categories`, `[taxonomies]`). Where a page
//! lives (`slug`, `weight`, `aliases`) and its kind are settled in
//! [`crate::input::parse`].

use crate::base::codes::Code;
use crate::base::dates::{Date, Duration};
use crate::base::diagnostic::Diagnostic;
use crate::base::i18n::Text;
use crate::input::fields::Fields;
use crate::input::yaml::{Node, Value};

/// The common front-matter fields; anything else belongs to the kind.
pub const COMMON_FIELDS: &[&str] = &[
    "kind",
    "title",
    "slug",
    "summary",
    "owner",
    "reviewed",
    "review_every",
    "tags",
    "audience",
    "related",
    "draft",
    "glossary_links",
    "allow",
    // What Hugo, Zola and Docusaurus call `summary` and `reviewed`.
    "description",
    "lastmod",
    // Hugo's `date:` (the review date when none other is given), its and
    // Zola's `weight:`, mdBook-style `order:`, Docusaurus's
    // `sidebar_position:`, and the old addresses of `aliases:`.
    "date",
    "weight",
    "order",
    "sidebar_position",
    "aliases",
    // Zola's `updated:` and Docusaurus's `last_update: {date: …}` (for
    // `reviewed:`), Zola's `[taxonomies]` (its `tags` and `categories`) and
    // Hugo's `categories:` (read as tags), Docusaurus's `sidebar_label:`, and
    // the author's own data, which quire keeps quiet about: Zola's
    // `[extra]`, Hugo's `[params]`.
    "updated",
    "last_update",
    "taxonomies",
    "categories",
    "sidebar_label",
    "extra",
    "params",
];

/// The common fields, read with their types checked.
pub(super) struct Common {
    pub(super) title: String,
    pub(super) summary: Option<String>,
    pub(super) owner: Option<String>,
    pub(super) audience: Option<String>,
    /// `kind:` as written, and where its value starts: `parse` settles the kind.
    pub(super) kind: Option<(String, usize)>,
    pub(super) reviewed: Option<Date>,
    pub(super) review_every: Option<Duration>,
    pub(super) tags: Vec<String>,
    pub(super) sidebar_label: Option<String>,
    pub(super) related: Vec<String>,
    pub(super) roles: Option<Vec<String>>,
    pub(super) variables: Option<Vec<String>>,
    pub(super) glossary_links: bool,
    pub(super) allow: Vec<String>,
    pub(super) draft: bool,
}

/// Reads the common fields of the front matter `fm` of a page whose body is
/// `body` and whose file is named `stem`.
pub(super) fn read_common(fm: &Node, body: &str, stem: &str, f: &mut Fields) -> Common {
    let mut text = |key: &str| fm.get(key).and_then(|n| f.text(key, n));
    // With no `title:`, the body's opening `# ` heading is the title, as in
    // mdBook and Docusaurus; failing that, the file name.
    let title = text("title")
        .or_else(|| crate::markdown::first_title(body))
        .unwrap_or_else(|| stem.to_string());
    let summary = text("summary").or_else(|| text("description"));
    let owner = text("owner");
    let audience = text("audience");
    let kind = fm
        .get("kind")
        .and_then(|n| Some((f.text("kind", n)?, n.offset)));
    let reviewed = read_reviewed(fm, f);
    let review_every = fm.get("review_every").and_then(|n| {
        let v = f.text("review_every", n)?;
        Duration::parse(&v).or_else(|| {
            f.invalid(
                Code::InvalidDate,
                n,
                crate::tr!(
                    "`review_every` 要写成像 90d、8w、6m 或 1y 这样的时长，这里写的是 `{v}`",
                    "`review_every` must be a duration like 90d, 8w, 6m or 1y, found `{v}`"
                ),
            );
            None
        })
    });
    let tags = read_tags(fm, f);
    let sidebar_label = fm
        .get("sidebar_label")
        .and_then(|n| f.text("sidebar_label", n))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let related = fm
        .get("related")
        .map(|n| f.list("related", n))
        .unwrap_or_default();
    // Read here, like tags, so that `[主播，场控]` is split and reported once.
    let roles = fm.get("roles").map(|n| f.list("roles", n));
    let variables = fm.get("variables").map(|n| f.list("variables", n));
    let glossary_links = fm
        .get("glossary_links")
        .and_then(|n| f.bool("glossary_links", n))
        .unwrap_or(true);
    let allow = fm
        .get("allow")
        .map(|n| crate::input::rules::read_allow(n, f))
        .unwrap_or_default();
    let draft = fm
        .get("draft")
        .and_then(|n| f.bool("draft", n))
        .unwrap_or(false);
    Common {
        title,
        summary,
        owner,
        audience,
        kind,
        reviewed,
        review_every,
        tags,
        sidebar_label,
        related,
        roles,
        variables,
        glossary_links,
        allow,
        draft,
    }
}

/// The review date: `reviewed:`, or what another tool writes for it.
fn read_reviewed(fm: &Node, f: &mut Fields) -> Option<Date> {
    // `lastmod:` (Hugo), `updated:` (Zola) and `last_update: {date: …}`
    // (Docusaurus) stand in for `reviewed:`; as those tools write them, they
    // may hold a time as well (`2026-03-05T10:00:00+08:00`, or a TOML date
    // and time), whose day is the date. `date:` (Hugo, Zola) stands in for
    // all of them when none is written.
    let last_update = fm.get("last_update").and_then(|n| last_update_date(n, f));
    let (key, node) = [
        ("reviewed", fm.get("reviewed")),
        ("lastmod", fm.get("lastmod")),
        ("updated", fm.get("updated")),
        ("last_update.date", last_update),
        ("date", fm.get("date")),
    ]
    .into_iter()
    .find_map(|(k, n)| Some((k, n?)))?;
    let v = f.text(key, node)?;
    let v = match (key, v.get(..10), v.get(10..)) {
        (k, Some(day), Some(time)) if k != "reviewed" && time.starts_with(['T', ' ']) => {
            day.to_string()
        }
        _ => v,
    };
    read_date(&v).or_else(|| {
        f.invalid_with(
            Code::InvalidDate,
            node,
            crate::tr!(
                "`{key}` 要写成像 2026-11-01 这样的日期，这里写的是 `{v}`",
                "`{key}` must be a date like 2026-11-01, found `{v}`"
            ),
            // In TOML the date is written bare, after ` = `.
            date_help(key, &v).map(|h| match f.source.text.starts_with("+++") {
                true => Text {
                    zh: h.zh.replacen(": ", " = ", 1),
                    en: h.en.replacen(": ", " = ", 1),
                },
                false => h,
            }),
        );
        None
    })
}

/// `tags:`, and what other tools group pages by: Hugo's `categories:` and
/// Zola's `[taxonomies]` group pages as tags do, and tags are quire's one
/// way to group them, so they are read as tags.
fn read_tags(fm: &Node, f: &mut Fields) -> Vec<String> {
    let mut tags = fm
        .get("tags")
        .map(|n| f.list("tags", n))
        .unwrap_or_default();
    for (key, node) in other_tags(fm, f) {
        for tag in f.list(key, node) {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    tags
}

/// The tags beside `tags:`: Hugo's `categories:` and the `tags` and
/// `categories` of Zola's `[taxonomies]`, each with the name its messages
/// give it. Any other taxonomy (`authors = […]`) is not read, and is said.
fn other_tags<'n>(fm: &'n Node, f: &mut Fields) -> Vec<(&'static str, &'n Node)> {
    let mut found: Vec<(&'static str, &'n Node)> = fm
        .get("categories")
        .map(|n| ("categories", n))
        .into_iter()
        .collect();
    let Some(taxonomies) = fm.get("taxonomies") else {
        return found;
    };
    if !matches!(taxonomies.value, Value::Map(_) | Value::Null) {
        f.invalid(
            Code::WrongType,
            taxonomies,
            crate::tr!(
                "`taxonomies` 应该是一个由列表组成的表，例如 `tags = [\"新人\"]`，这里却是{}",
                "`taxonomies` must be a table of lists, such as `tags = [\"新人\"]`, found {}",
                taxonomies.describe()
            ),
        );
        return found;
    }
    for (name, key, node) in taxonomies.entries() {
        match name.as_str() {
            "tags" => found.push(("taxonomies.tags", node)),
            "categories" => found.push(("taxonomies.categories", node)),
            _ => f.diags.push(
                Diagnostic::warning(
                    Code::UnknownField,
                    f.source,
                    key.offset..key.offset + name.len(),
                    crate::tr!("分类法 `{name}` 用不上：quire 只把 `tags` 和 `categories` 当作标签", "the taxonomy `{name}` is not used: quire reads `tags` and `categories` as tags"),
                )
                .with_help(crate::tr!("要用来给页面分组的，移到 `tags` 里；quire 会忽略 `{name}`", "move what should group pages into `tags`; quire ignores `{name}`")),
            ),
        }
    }
    found
}

/// Every front-matter value a tag is read from (`tags:`, `categories:`,
/// `[taxonomies]`'s `tags` and `categories`), one per item of a list, so a
/// check of a tag can point at where it is written.
pub fn tag_nodes(fm: &Node) -> Vec<&Node> {
    let taxonomy = |k: &str| fm.get("taxonomies").and_then(|t| t.get(k));
    [
        fm.get("tags"),
        fm.get("categories"),
        taxonomy("tags"),
        taxonomy("categories"),
    ]
    .into_iter()
    .flatten()
    .flat_map(|n| match n.as_list() {
        Some(items) => items.iter().collect(),
        None if n.is_null() => Vec::new(),
        None => vec![n],
    })
    .collect()
}

/// The `date` of Docusaurus's `last_update: {date: …, author: …}`; its other
/// keys are not used, and that is said (the page's owner is `owner:`).
fn last_update_date<'n>(node: &'n Node, f: &mut Fields) -> Option<&'n Node> {
    if node.is_null() {
        return None;
    }
    if !matches!(node.value, Value::Map(_)) {
        f.invalid(
            Code::WrongType,
            node,
            crate::tr!(
                "`last_update` 应该是一个映射，例如 `{{date: 2026-03-05}}`，这里却是{}",
                "`last_update` must be a mapping such as `{{date: 2026-03-05}}`, found {}",
                node.describe()
            ),
        );
        return None;
    }
    for (name, key, _) in node.entries() {
        if name == "date" {
            continue;
        }
        let help = match name.as_str() {
            "author" => crate::tr!(
                "为一页内容负责的人写在 `owner:` 里",
                "the person who answers for a page is its `owner:`"
            ),
            _ => crate::tr!(
                "quire 只读 `last_update` 里的 `date`，当作审阅日期",
                "quire reads only `date` from `last_update`, as the review date"
            ),
        };
        f.diags.push(
            Diagnostic::warning(
                Code::UnknownField,
                f.source,
                key.offset..key.offset + name.len(),
                crate::tr!(
                    "`last_update` 下面的 `{name}` 用不上",
                    "`{name}` under `last_update` is not used"
                ),
            )
            .with_help(help),
        );
    }
    node.get("date")
}

/// The help for a date written another way (`2025/03/05`, `2025.3.5`,
/// `2025年3月5日`): the same date as quire reads it.
pub fn date_help(key: &str, written: &str) -> Option<Text> {
    let digits: Vec<&str> = written
        .trim()
        .trim_end_matches('日')
        .split(['/', '.', '-', '年', '月'])
        .map(str::trim)
        .collect();
    let [y, m, d] = digits[..] else { return None };
    // `25/3/5` could be any century: only a written-out year is offered.
    if y.len() != 4 {
        return None;
    }
    let num = |p: &str| {
        p.parse::<u32>()
            .ok()
            .filter(|_| p.bytes().all(|b| b.is_ascii_digit()))
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    let iso = format!("{y:04}-{m:02}-{d:02}");
    valid_date(&iso).then(|| {
        crate::tr!(
            "写成 `{key}: {iso}`（年-月-日，用 `-` 隔开）",
            "write `{key}: {iso}` (year-month-day with `-`)"
        )
    })
}

/// `YYYY-MM-DD` with a real month and day.
pub fn valid_date(s: &str) -> bool {
    read_date(s).is_some()
}

/// A date as a field must hold it: `YYYY-MM-DD` exactly, with no space
/// around it (which [`Date::parse`], reading the dates of a kind's own
/// fields, lets pass).
fn read_date(s: &str) -> Option<Date> {
    Date::parse(s).filter(|_| s.trim() == s)
}

/// A count and a unit: `90d`, `8w`, `6m` (months), `1y`.
pub fn valid_duration(s: &str) -> bool {
    Duration::parse(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_written_another_way_gets_its_iso_form_as_help() {
        for written in ["2025/03/05", "2025.3.5", "2025年3月5日", "2025-3-5"] {
            assert_eq!(
                date_help("reviewed", written).map(|h| h.en).as_deref(),
                Some("write `reviewed: 2025-03-05` (year-month-day with `-`)"),
                "{written}"
            );
        }
        assert_eq!(date_help("reviewed", "2025/02/30"), None);
        assert_eq!(date_help("reviewed", "上周"), None);
        assert_eq!(date_help("reviewed", "25/3/5"), None);
    }

    #[test]
    fn durations_end_in_a_unit_of_any_width() {
        assert!(valid_duration("90d") && valid_duration(" 6m "));
        for bad in ["群主", "90天", "d", "", "９０d", "9223372036854775807d"] {
            assert!(!valid_duration(bad), "{bad}");
        }
    }

    #[test]
    fn dates_are_exact_and_durations_digits_and_a_unit() {
        assert!(valid_date("2024-02-29") && !valid_date("2023-02-29") && !valid_date("2026-1-01"));
        assert!(!valid_date(" 2024-02-29"));
        assert!(
            valid_duration("90d")
                && valid_duration("6m")
                && !valid_duration("d")
                && !valid_duration("90 days")
        );
    }
}
