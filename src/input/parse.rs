//! Stage 2: turn a source file into a [`Playbook`]: split the front matter
//! (YAML between `---`, or TOML between `+++` as Zola and Hugo write it) from
//! the Markdown body (or read a pure-YAML playbook), read the common fields
//! with their types checked, and settle the kind, id and URL.

use std::ops::Range;

use crate::base::codes::Code;
use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;
use crate::input::config::{Config, Fields};
use crate::input::load::id_of;
use crate::input::yaml::{self, Node, Value};

/// One playbook: its metadata, its Markdown body and where it will live.
#[derive(Debug, Clone)]
pub struct Playbook {
    /// Path under `content/` without extension, e.g. `sop/welcome`.
    pub id: String,
    pub source: std::sync::Arc<SourceFile>,
    /// Kind id, e.g. `sop`.
    pub kind: String,
    pub title: String,
    pub summary: Option<String>,
    pub owner: Option<String>,
    /// `YYYY-MM-DD`.
    pub reviewed: Option<String>,
    /// e.g. `90d`.
    pub review_every: Option<String>,
    pub tags: Vec<String>,
    pub audience: Option<String>,
    /// Ids of related playbooks.
    pub related: Vec<String>,
    /// An SOP's declared roles (`roles:`), when it declares them.
    pub roles: Option<Vec<String>>,
    /// The script variables a playbook declares (`variables:`), if any.
    pub variables: Option<Vec<String>>,
    pub draft: bool,
    /// Whether glossary terms are linked on this page (`glossary_links: false` turns it off).
    pub glossary_links: bool,
    /// Codes `allow:` turns off for this file (see [`crate::input::rules`]).
    pub allow: Vec<String>,
    /// The whole front matter, for the checks that know each kind's fields.
    pub front_matter: Node,
    /// Byte offset of the body in the source file. A Markdown file's body
    /// runs from here to the end of the file, and is not copied.
    pub body_offset: usize,
    /// The body of a pure-YAML playbook, unfolded from its `body:` value;
    /// positions in it map only roughly back to the file.
    pub yaml_body: Option<String>,
    /// Output directory of the page, e.g. `sop/welcome/`.
    pub dir: String,
    /// `dir` percent-encoded, made once: every page links to dozens of
    /// others, and encoding at each link was 2 % of a build.
    pub url: String,
    /// Its place among the pages of its folder (`weight:`, or `order:` or
    /// `sidebar_position:` as other tools write it): lower first, and
    /// pages without one after those with one.
    pub weight: Option<i64>,
    /// Whether it is its folder's landing page (`_index.md`, `index.md` or
    /// `README.md`): its page is the folder's, above the list of its pages.
    pub landing: bool,
    /// The old addresses `aliases:` keeps working, as output folders
    /// (`old/path/`), each with the span of the value that names it.
    pub aliases: Vec<(String, Range<usize>)>,
    /// The shorter title the sidebar shows (Docusaurus's `sidebar_label:`).
    pub sidebar_label: Option<String>,
}

impl Playbook {
    /// A byte range of the body as a range of the whole file. Bodies read
    /// from a YAML `body:` value map to the start of that value.
    pub fn file_range(&self, body: std::ops::Range<usize>) -> std::ops::Range<usize> {
        if self.yaml_body.is_none() {
            self.body_offset + body.start..self.body_offset + body.end
        } else {
            self.body_offset..self.body_offset + 1
        }
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        match &self.yaml_body {
            Some(body) => body,
            None => self.source.text.get(self.body_offset..).unwrap_or(""),
        }
    }

    /// Where the front matter starts: the opening `---` or `+++`, or the file's start.
    pub fn front_matter_start(&self) -> std::ops::Range<usize> {
        if self.source.text.starts_with("---") || self.source.text.starts_with("+++") {
            0..3
        } else {
            0..1
        }
    }
}

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

/// The file stems that make a file its folder's landing page, as in Zola
/// and Hugo (`_index`), mdBook and GitHub (`README`) and VitePress (`index`).
pub fn is_landing_stem(stem: &str) -> bool {
    stem == "_index" || stem == "index" || stem.eq_ignore_ascii_case("readme")
}

/// Where the front matter and the body are in a Markdown file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    /// The YAML (or TOML) between the fences; empty when the file has no front matter.
    pub yaml: Range<usize>,
    pub body: Range<usize>,
    /// Whether the fences are `+++`, around TOML.
    pub toml: bool,
}

/// Finds the `---` (YAML) or `+++` (TOML) fenced front matter at the top of
/// a Markdown file.
pub fn split_front_matter(source: &SourceFile) -> Result<Split, Diagnostic> {
    let text = &source.text;
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let fence = text[..first_end].trim_end();
    if fence != "---" && fence != "+++" {
        return Ok(Split {
            yaml: 0..0,
            body: 0..text.len(),
            toml: false,
        });
    }
    let toml = fence == "+++";
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end();
        let closes = match toml {
            true => line == "+++",
            false => line == "---" || line == "...",
        };
        if closes {
            return Ok(Split {
                yaml: first_end..pos,
                body: end..text.len(),
                toml,
            });
        }
        pos = end;
    }
    Err(Diagnostic::error(
        Code::UnterminatedFrontMatter,
        source,
        0..3,
        "the front matter starting here is never closed",
    )
    .with_help(format!(
        "end the front matter with a line containing only `{fence}`"
    )))
}

/// Parses one playbook file. Returns `None` when the file is too broken to
/// make a page of; every problem found is pushed to `diags`.
pub fn parse(source: SourceFile, config: &Config, diags: &mut Vec<Diagnostic>) -> Option<Playbook> {
    let is_yaml = source.path.ends_with(".yaml") || source.path.ends_with(".yml");
    let (front_matter, yaml_body, body_offset) = if is_yaml {
        let node = yaml::parse(&source, 0..source.text.len(), diags)
            .map_err(|d| diags.push(d))
            .ok()?;
        let (body, offset) = match node.get("body") {
            Some(b) => (b.scalar_text().unwrap_or_default(), b.offset),
            None => (String::new(), source.text.len()),
        };
        (node, Some(body), offset)
    } else {
        let split = split_front_matter(&source)
            .map_err(|d| diags.push(d))
            .ok()?;
        let node = match split.toml {
            true => crate::input::toml_front::parse(&source, split.yaml.clone()),
            false => yaml::parse(&source, split.yaml.clone(), diags),
        }
        .map_err(|d| diags.push(d))
        .ok()?;
        (node, None, split.body.start)
    };
    if !front_matter.is_null() && !matches!(front_matter.value, Value::Map(_)) {
        // `title：新人接待` alone reads as one text: say which colon it is.
        let yaml = &source.text[front_matter.offset..body_offset.max(front_matter.offset)];
        if let Some(at) = crate::input::yaml::full_width_key_colon(yaml) {
            diags.push(crate::input::yaml::full_width_colon(
                &source,
                front_matter.offset + at,
            ));
            return None;
        }
        diags.push(Diagnostic::error(
            Code::WrongType,
            &source,
            front_matter.offset..front_matter.offset + 1,
            format!(
                "front matter must be a mapping of fields, found {}",
                front_matter.describe()
            ),
        ));
        return None;
    }

    let id = id_of(&source.path);
    let stem = id.rsplit('/').next().unwrap_or(&id).to_string();
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let mut f = Fields::new(&source, diags);
    let mut text = |key: &str| front_matter.get(key).and_then(|n| f.text(key, n));
    // With no `title:`, the body's opening `# ` heading is the title, as in
    // mdBook and Docusaurus; failing that, the file name.
    let title = text("title")
        .or_else(|| {
            let body = match &yaml_body {
                Some(body) => body.as_str(),
                None => source.text.get(body_offset..).unwrap_or(""),
            };
            crate::markdown::first_title(body)
        })
        .unwrap_or_else(|| stem.clone());
    let summary = text("summary").or_else(|| text("description"));
    let owner = text("owner");
    let audience = text("audience");
    let kind_field = front_matter
        .get("kind")
        .and_then(|n| Some((f.text("kind", n)?, n)));
    // `lastmod:` (Hugo), `updated:` (Zola) and `last_update: {date: …}`
    // (Docusaurus) stand in for `reviewed:`; as those tools write them, they
    // may hold a time as well (`2026-03-05T10:00:00+08:00`, or a TOML date
    // and time), whose day is the date. `date:` (Hugo, Zola) stands in for
    // all of them when none is written.
    let last_update = front_matter
        .get("last_update")
        .and_then(|n| last_update_date(n, &mut f));
    let (key, node) = [
        ("reviewed", front_matter.get("reviewed")),
        ("lastmod", front_matter.get("lastmod")),
        ("updated", front_matter.get("updated")),
        ("last_update.date", last_update),
        ("date", front_matter.get("date")),
    ]
    .into_iter()
    .find_map(|(k, n)| Some((k, n?)))
    .map_or(("reviewed", None), |(k, n)| (k, Some(n)));
    let reviewed = node.and_then(|n| {
        let v = f.text(key, n)?;
        let v = match (key, v.get(..10), v.get(10..)) {
            (k, Some(day), Some(time)) if k != "reviewed" && time.starts_with(['T', ' ']) => {
                day.to_string()
            }
            _ => v,
        };
        valid_date(&v).then_some(v.clone()).or_else(|| {
            f.invalid_with(
                Code::InvalidDate,
                n,
                &format!("`{key}` must be a date like 2026-11-01, found `{v}`"),
                // In TOML the date is written bare, after ` = `.
                date_help(key, &v).map(|h| match source.text.starts_with("+++") {
                    true => h.replacen(": ", " = ", 1),
                    false => h,
                }),
            );
            None
        })
    });
    let review_every = front_matter.get("review_every").and_then(|n| {
        let v = f.text("review_every", n)?;
        valid_duration(&v).then_some(v.clone()).or_else(|| {
            f.invalid(
                Code::InvalidDate,
                n,
                &format!("`review_every` must be a duration like 90d, 8w, 6m or 1y, found `{v}`"),
            );
            None
        })
    });
    let mut tags = front_matter
        .get("tags")
        .map(|n| f.list("tags", n))
        .unwrap_or_default();
    // Hugo's `categories:` and Zola's `[taxonomies]` group pages as tags do,
    // and tags are quire's one way to group them: they are read as tags.
    for (key, node) in other_tags(&front_matter, &mut f) {
        for tag in f.list(key, node) {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    let sidebar_label = front_matter
        .get("sidebar_label")
        .and_then(|n| f.text("sidebar_label", n))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let related = front_matter
        .get("related")
        .map(|n| f.list("related", n))
        .unwrap_or_default();
    // Read here, like tags, so that `[主播，场控]` is split and reported once.
    let roles = front_matter.get("roles").map(|n| f.list("roles", n));
    let variables = front_matter
        .get("variables")
        .map(|n| f.list("variables", n));
    let glossary_links = front_matter
        .get("glossary_links")
        .and_then(|n| f.bool("glossary_links", n))
        .unwrap_or(true);
    let allow = front_matter
        .get("allow")
        .map(|n| crate::input::rules::read_allow(n, &mut f))
        .unwrap_or_default();
    let draft = front_matter
        .get("draft")
        .and_then(|n| f.bool("draft", n))
        .unwrap_or(false);
    let slug = front_matter.get("slug").and_then(|n| {
        let v = f.text("slug", n)?;
        let v = v.trim().to_string();
        // `slug: /abs/path` sets the whole address, as in Hugo and Docusaurus.
        if v.starts_with('/') {
            return absolute_dir(&v, "slug", n, &mut f).map(Slug::Absolute);
        }
        let bad = v.is_empty() || v == "." || v == ".." || v.contains(['/', '\\']);
        // The slug names a folder of the output as written, so it must be
        // a name every file system takes; a leading dot would hide it.
        let problem = crate::base::urls::name_problem(&v).or_else(|| {
            v.starts_with('.')
                .then(|| "the name starts with a dot, so the folder would be hidden".into())
        });
        if bad {
            f.invalid(
                Code::InvalidPath,
                n,
                "`slug` must be one path segment, without `/`",
            );
            None
        } else if let Some(problem) = problem {
            f.diags.push(
                Diagnostic::error(
                    Code::FileName,
                    f.source,
                    n.span(),
                    format!("`slug` cannot name the page's folder: {problem}"),
                )
                .with_help("choose a shorter slug with letters, digits, `-` or Chinese"),
            );
            None
        } else {
            Some(Slug::Segment(v))
        }
    });
    let weight = ["weight", "order", "sidebar_position"]
        .into_iter()
        .find_map(|k| Some((k, front_matter.get(k)?)))
        .and_then(|(key, n)| match n.value {
            Value::Int(w) => Some(w),
            Value::Null => None,
            _ => {
                f.invalid(
                    Code::WrongType,
                    n,
                    &format!(
                        "`{key}` must be a whole number (lower comes first), found {}",
                        n.describe()
                    ),
                );
                None
            }
        });
    let aliases = front_matter
        .get("aliases")
        .map(|n| read_aliases(n, &id, &mut f))
        .unwrap_or_default();

    // `slug: /` puts the page at the site's root, as Docusaurus reads it:
    // there it is the home page's intro, as `content/_index.md` would be.
    let landing = match &slug {
        None => is_landing_stem(&stem),
        Some(Slug::Absolute(dir)) => dir.is_empty(),
        Some(Slug::Segment(_)) => false,
    };
    let kind = match kind_field {
        Some((k, node)) => {
            if config.kind(&k).is_none() {
                let ids: Vec<&str> = config.kinds.iter().map(|k| k.id.as_str()).collect();
                let mut d = Diagnostic::error(
                    Code::UnknownKind,
                    &source,
                    node.offset..node.offset + k.len(),
                    format!("unknown kind `{k}`"),
                );
                d = match crate::input::config::closest(&k, &ids) {
                    Some(near) => d.with_help(format!(
                        "did you mean `{near}`? known kinds: {}",
                        ids.join(", ")
                    )),
                    None => d.with_help(format!("known kinds: {}", ids.join(", "))),
                };
                diags.push(d);
            }
            k
        }
        // A landing file is a page of its folder, whichever kind the folder holds.
        None if landing => crate::input::kind::PAGE.to_string(),
        None => match config.kind_for_folder(&id) {
            Some(k) => k.id.clone(),
            // A folder no kind claims, or the top of `content/`, holds plain
            // pages. One that looks meant for a kind is said.
            None => {
                let folder = id.split_once('/').map(|(f, _)| f);
                if let Some((folder, k)) =
                    folder.and_then(|f| Some((f, kind_named_like(config, f)?)))
                {
                    diags.push(
                        Diagnostic::warning(
                            Code::FolderLikeKind,
                            &source,
                            0..0,
                            format!(
                                "`{folder}/` holds plain pages, but it looks like the folder of {} ({})",
                                k.name_zh, k.id
                            ),
                        )
                        .with_help(format!(
                            "to check it as {}, move the file into content/{}/, add `kind: {}` to its front matter, \
                             or make `{folder}/` that kind's folder in quire.yaml (then all its files live there): \
                             `folders: {{{folder}: {}}}`",
                            k.id, k.folder, k.id, k.id
                        )),
                    );
                }
                crate::input::kind::PAGE.to_string()
            }
        },
    };
    if diags.iter().filter(|d| d.is_error()).count() > errors_before && config.kind(&kind).is_none()
    {
        return None;
    }

    let parent = id
        .rsplit_once('/')
        .map(|(p, _)| format!("{p}/"))
        .unwrap_or_default();
    let dir = match &slug {
        Some(Slug::Absolute(dir)) => dir.clone(),
        Some(Slug::Segment(slug)) => format!("{parent}{slug}/"),
        None if landing => parent,
        None => format!("{parent}{stem}/"),
    };
    Some(Playbook {
        id,
        source: std::sync::Arc::new(source),
        kind,
        title,
        summary,
        owner,
        reviewed,
        review_every,
        tags,
        audience,
        related,
        roles,
        variables,
        draft,
        glossary_links,
        allow,
        front_matter,
        body_offset,
        yaml_body,
        url: crate::base::urls::encode_path(&dir),
        dir,
        weight,
        landing,
        aliases,
        sidebar_label,
    })
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
            &format!(
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
                    format!("the taxonomy `{name}` is not used: quire reads `tags` and `categories` as tags"),
                )
                .with_help(format!("move what should group pages into `tags`; quire ignores `{name}`")),
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
            &format!(
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
            "author" => "the person who answers for a page is its `owner:`".to_string(),
            _ => "quire reads only `date` from `last_update`, as the review date".to_string(),
        };
        f.diags.push(
            Diagnostic::warning(
                Code::UnknownField,
                f.source,
                key.offset..key.offset + name.len(),
                format!("`{name}` under `last_update` is not used"),
            )
            .with_help(help),
        );
    }
    node.get("date")
}

/// What `slug:` says: the page's own folder name, or its whole address.
enum Slug {
    Segment(String),
    /// The output folder, `abs/path/` for `/abs/path`.
    Absolute(String),
}

/// An address written from the site root (`/old/path/`, as `slug:` and
/// `aliases:` take it) as an output folder, `old/path/`; `""` for `/`.
/// Each segment must be a name every file system takes.
fn absolute_dir(v: &str, key: &str, n: &Node, f: &mut Fields) -> Option<String> {
    let segments: Vec<&str> = v.split('/').filter(|s| !s.is_empty()).collect();
    if v.contains('\\') || segments.iter().any(|s| *s == "." || *s == "..") {
        f.invalid(Code::InvalidPath,
            n,
            &format!("`{key}` must be an address from the site root such as `/sop/welcome/`, without `.`, `..` or `\\`"),
        );
        return None;
    }
    for seg in &segments {
        let problem = crate::base::urls::name_problem(seg).or_else(|| {
            seg.starts_with('.')
                .then(|| "the name starts with a dot, so the folder would be hidden".into())
        });
        if let Some(problem) = problem {
            f.diags.push(
                Diagnostic::error(
                    Code::FileName,
                    f.source,
                    n.span(),
                    format!("`{key}` cannot name a folder `{seg}`: {problem}"),
                )
                .with_help("use letters, digits, `-` or Chinese in each part of the address"),
            );
            return None;
        }
    }
    Some(segments.iter().map(|s| format!("{s}/")).collect())
}

/// `aliases:`: old addresses, from the site root (`/old/path/`) or, as Hugo
/// reads them, relative to the page's folder (`old-name`), each as an
/// output folder. A `.html` or `index.html` ending names its folder.
fn read_aliases(node: &Node, id: &str, f: &mut Fields) -> Vec<(String, Range<usize>)> {
    let items: Vec<&Node> = match &node.value {
        Value::List(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        _ => vec![node],
    };
    let parent = id.rsplit_once('/').map_or("", |(p, _)| p);
    let mut out = Vec::new();
    for item in items {
        let Some(v) = f.text("aliases", item) else {
            continue;
        };
        let v = v.trim();
        let v = v.strip_suffix("index.html").unwrap_or(v);
        let v = v.strip_suffix(".html").unwrap_or(v);
        let path = if v.starts_with('/') {
            v.to_string()
        } else {
            format!("/{parent}/{v}")
        };
        if path.trim_matches('/').is_empty() {
            f.invalid(
                Code::InvalidPath,
                item,
                "an alias cannot be the home page `/`",
            );
            continue;
        }
        if let Some(dir) = absolute_dir(&path, "aliases", item, f) {
            out.push((dir, item.span()));
        }
    }
    out
}

/// The kind a folder name seems meant for: one whose id, folder or name
/// holds it or is held by it (`rules` → `group-rules`, `case` → `cases`).
fn kind_named_like<'c>(config: &'c Config, folder: &str) -> Option<&'c crate::input::kind::Kind> {
    let folder = folder.to_lowercase();
    let like = |name: &str| {
        let name = name.to_lowercase();
        folder.chars().count() >= 2 && (name.contains(&folder) || folder.contains(&name))
    };
    let mut found = config
        .kinds
        .iter()
        .filter(|k| like(&k.id) || like(&k.folder) || like(&k.name_zh) || like(&k.name_en));
    match (found.next(), found.next()) {
        (Some(k), None) => Some(k),
        _ => None,
    }
}

/// The help for a date written another way (`2025/03/05`, `2025.3.5`,
/// `2025年3月5日`): the same date as quire reads it.
pub fn date_help(key: &str, written: &str) -> Option<String> {
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
    valid_date(&iso).then(|| format!("write `{key}: {iso}` (year-month-day with `-`)"))
}

/// `YYYY-MM-DD` with a real month and day.
pub fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts[..] else { return false };
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(y, 4), num(m, 2), num(d, 2)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1]
}

/// A count and a unit: `90d`, `8w`, `6m` (months), `1y`.
pub fn valid_duration(s: &str) -> bool {
    let s = s.trim();
    // The unit is the last character, which need not be one byte (`90天`).
    let count = s.char_indices().last().map_or("", |(i, _)| &s[..i]);
    let digits = !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit());
    let any_date = crate::base::dates::Date {
        year: 2000,
        month: 1,
        day: 1,
    };
    digits && any_date.plus(s).is_some()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_date_written_another_way_gets_its_iso_form_as_help() {
        for written in ["2025/03/05", "2025.3.5", "2025年3月5日", "2025-3-5"] {
            assert_eq!(
                date_help("reviewed", written).as_deref(),
                Some("write `reviewed: 2025-03-05` (year-month-day with `-`)"),
                "{written}"
            );
        }
        assert_eq!(date_help("reviewed", "2025/02/30"), None);
        assert_eq!(date_help("reviewed", "上周"), None);
        assert_eq!(date_help("reviewed", "25/3/5"), None);
    }

    use super::*;
    use std::path::PathBuf;

    fn playbook(path: &str, text: &str) -> (Option<Playbook>, Vec<Diagnostic>) {
        let src = SourceFile::new(path, PathBuf::from(path), text.to_string());
        let mut diags = Vec::new();
        (parse(src, &Config::default(), &mut diags), diags)
    }

    #[test]
    fn durations_end_in_a_unit_of_any_width() {
        assert!(valid_duration("90d") && valid_duration(" 6m "));
        for bad in ["群主", "90天", "d", "", "９０d", "9223372036854775807d"] {
            assert!(!valid_duration(bad), "{bad}");
        }
    }

    #[test]
    fn front_matter_fields_and_folder_kind() {
        let (p, d) = playbook(
            "content/sop/welcome.md",
            "---\ntitle: 新人接待\ntags: [新人, SOP]\nreviewed: 2026-10-01\n---\n正文\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let p = p.unwrap();
        assert_eq!(
            (p.id.as_str(), p.kind.as_str(), p.title.as_str()),
            ("sop/welcome", "sop", "新人接待")
        );
        assert_eq!(p.tags, ["新人", "SOP"]);
        assert_eq!(p.body(), "正文\n");
        assert_eq!(p.dir, "sop/welcome/");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let (p, d) = playbook(
            "content/cases/小米社区.md",
            "\u{feff}---\r\ntitle: 小米\r\nslug: xiaomi\r\n---\r\n正文\r\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let p = p.unwrap();
        assert_eq!(
            (p.title.as_str(), p.dir.as_str()),
            ("小米", "cases/xiaomi/")
        );
    }

    #[test]
    fn front_matter_kind_wins_over_folder() {
        let (p, _) = playbook("content/sop/x.md", "---\nkind: case-study\n---\n");
        assert_eq!(p.unwrap().kind, "case-study");
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let (p, d) = playbook("content/sop/x.md", "---\ntitle: x\n");
        assert!(p.is_none());
        assert_eq!(
            (d[0].code, d[0].line, d[0].column),
            ("unterminated-front-matter", 1, 1)
        );
    }

    #[test]
    fn unknown_kind_points_at_the_value() {
        let (_, d) = playbook("content/x.md", "---\nkind: sops\n---\n");
        assert_eq!((d[0].code, d[0].line, d[0].column), ("unknown-kind", 2, 7));
        assert!(d[0].help.as_deref().unwrap().contains("`sop`"));
    }

    #[test]
    fn bad_dates_and_durations() {
        assert!(valid_date("2024-02-29") && !valid_date("2023-02-29") && !valid_date("2026-1-01"));
        assert!(
            valid_duration("90d")
                && valid_duration("6m")
                && !valid_duration("d")
                && !valid_duration("90 days")
        );
        let (_, d) = playbook("content/sop/x.md", "---\nreviewed: 2026-13-01\n---\n");
        assert_eq!((d[0].code, d[0].line, d[0].column), ("invalid-date", 2, 11));
    }

    #[test]
    fn pure_yaml_playbook_has_a_body_field() {
        let (p, d) = playbook(
            "content/sop/x.yaml",
            "title: Y\nbody: |\n  ## 目标\n  文本\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(p.unwrap().body(), "## 目标\n文本\n");
    }
}
