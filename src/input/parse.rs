//! Stage 2: turn a source file into a [`Playbook`]: split the front matter
//! (YAML between `---`, or TOML between `+++` as Zola and Hugo write it) from
//! the Markdown body (or read a pure-YAML playbook), read the common fields
//! with their types checked ([`crate::input::common_fields`]), and settle
//! the kind, id and URL.

use std::ops::Range;

use crate::base::codes::Code;
use crate::base::dates::{Date, Duration};
use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;
use crate::input::common_fields::read_common;
use crate::input::config::Config;
use crate::input::fields::Fields;
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
    /// When it was last reviewed (`reviewed:`, or what another tool calls it).
    pub reviewed: Option<Date>,
    /// How often it is to be reviewed (`review_every: 90d`).
    pub review_every: Option<Duration>,
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
        crate::tr!(
            "从这里开始的 front matter（文件开头的字段）没有结束",
            "the front matter starting here is never closed"
        ),
    )
    .with_help(crate::tr!(
        "在 front matter 结尾写一行，只写 `{fence}`",
        "end the front matter with a line containing only `{fence}`"
    )))
}

/// Parses one playbook file. Returns `None` when the file is too broken to
/// make a page of; every problem found is pushed to `diags`.
pub fn parse(source: SourceFile, config: &Config, diags: &mut Vec<Diagnostic>) -> Option<Playbook> {
    let Front {
        front_matter,
        yaml_body,
        body_offset,
    } = read_front(&source, diags)?;
    let id = id_of(&source.path);
    let stem = id.rsplit('/').next().unwrap_or(&id).to_string();
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let mut f = Fields::new(&source, diags);
    let body = match &yaml_body {
        Some(body) => body.as_str(),
        None => source.text.get(body_offset..).unwrap_or(""),
    };
    let common = read_common(&front_matter, body, &stem, &mut f);
    let place = read_place(&front_matter, &id, &stem, &mut f);
    let kind = settle_kind(common.kind, place.landing, &id, config, &source, diags);
    if diags.iter().filter(|d| d.is_error()).count() > errors_before && config.kind(&kind).is_none()
    {
        return None;
    }
    Some(Playbook {
        id,
        source: std::sync::Arc::new(source),
        kind,
        title: common.title,
        summary: common.summary,
        owner: common.owner,
        reviewed: common.reviewed,
        review_every: common.review_every,
        tags: common.tags,
        audience: common.audience,
        related: common.related,
        roles: common.roles,
        variables: common.variables,
        draft: common.draft,
        glossary_links: common.glossary_links,
        allow: common.allow,
        front_matter,
        body_offset,
        yaml_body,
        url: crate::base::urls::encode_path(&place.dir),
        dir: place.dir,
        weight: place.weight,
        landing: place.landing,
        aliases: place.aliases,
        sidebar_label: common.sidebar_label,
    })
}

/// A file's front matter, and where its body is (see [`Playbook`]).
struct Front {
    front_matter: Node,
    yaml_body: Option<String>,
    body_offset: usize,
}

/// Reads the front matter of a Markdown file, or the whole of a pure-YAML
/// playbook; `None` when there is none to read or it is not a mapping.
fn read_front(source: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Front> {
    let is_yaml = source.path.ends_with(".yaml") || source.path.ends_with(".yml");
    let front = if is_yaml {
        let node = yaml::parse(source, 0..source.text.len(), diags)
            .map_err(|d| diags.push(d))
            .ok()?;
        let (body, offset) = match node.get("body") {
            Some(b) => (b.scalar_text().unwrap_or_default(), b.offset),
            None => (String::new(), source.text.len()),
        };
        Front {
            front_matter: node,
            yaml_body: Some(body),
            body_offset: offset,
        }
    } else {
        let split = split_front_matter(source).map_err(|d| diags.push(d)).ok()?;
        let node = match split.toml {
            true => crate::input::toml_front::parse(source, split.yaml.clone()),
            false => yaml::parse(source, split.yaml.clone(), diags),
        }
        .map_err(|d| diags.push(d))
        .ok()?;
        Front {
            front_matter: node,
            yaml_body: None,
            body_offset: split.body.start,
        }
    };
    match not_a_mapping(&front, source) {
        Some(d) => {
            diags.push(d);
            None
        }
        None => Some(front),
    }
}

/// What is wrong with front matter that holds something besides fields.
fn not_a_mapping(front: &Front, source: &SourceFile) -> Option<Diagnostic> {
    let fm = &front.front_matter;
    if fm.is_null() || matches!(fm.value, Value::Map(_)) {
        return None;
    }
    // `title：新人接待` alone reads as one text: say which colon it is.
    let yaml = &source.text[fm.offset..front.body_offset.max(fm.offset)];
    if let Some(at) = crate::input::yaml::full_width_key_colon(yaml) {
        return Some(crate::input::yaml::full_width_colon(source, fm.offset + at));
    }
    Some(Diagnostic::error(
        Code::WrongType,
        source,
        fm.offset..fm.offset + 1,
        crate::tr!(
            "front matter 应该是一组字段，这里却是{}",
            "front matter must be a mapping of fields, found {}",
            fm.describe()
        ),
    ))
}

/// Where a page lives, as its front matter and file name say.
struct Place {
    /// The output directory (see [`Playbook::dir`]).
    dir: String,
    weight: Option<i64>,
    aliases: Vec<(String, Range<usize>)>,
    landing: bool,
}

/// Reads `slug:`, `weight:` (or what other tools call it) and `aliases:`,
/// and settles the page's folder.
fn read_place(fm: &Node, id: &str, stem: &str, f: &mut Fields) -> Place {
    let slug = fm.get("slug").and_then(|n| read_slug(n, f));
    let weight = read_weight(fm, f);
    let aliases = fm
        .get("aliases")
        .map(|n| read_aliases(n, id, f))
        .unwrap_or_default();
    // `slug: /` puts the page at the site's root, as Docusaurus reads it:
    // there it is the home page's intro, as `content/_index.md` would be.
    let landing = match &slug {
        None => is_landing_stem(stem),
        Some(Slug::Absolute(dir)) => dir.is_empty(),
        Some(Slug::Segment(_)) => false,
    };
    let parent = id
        .rsplit_once('/')
        .map(|(p, _)| format!("{p}/"))
        .unwrap_or_default();
    let dir = match slug {
        Some(Slug::Absolute(dir)) => dir,
        Some(Slug::Segment(slug)) => format!("{parent}{slug}/"),
        None if landing => parent,
        None => format!("{parent}{stem}/"),
    };
    Place {
        dir,
        weight,
        aliases,
        landing,
    }
}

/// `slug:`: the page's folder name, or (`/abs/path`) its whole address.
fn read_slug(n: &Node, f: &mut Fields) -> Option<Slug> {
    let v = f.text("slug", n)?;
    let v = v.trim().to_string();
    // `slug: /abs/path` sets the whole address, as in Hugo and Docusaurus.
    if v.starts_with('/') {
        return absolute_dir(&v, "slug", n, f).map(Slug::Absolute);
    }
    let bad = v.is_empty() || v == "." || v == ".." || v.contains(['/', '\\']);
    // The slug names a folder of the output as written, so it must be
    // a name every file system takes; a leading dot would hide it.
    let problem = crate::base::urls::name_problem(&v).or_else(|| {
        v.starts_with('.').then(|| {
            crate::tr!(
                "名字以句点开头，文件夹会被隐藏",
                "the name starts with a dot, so the folder would be hidden"
            )
        })
    });
    if bad {
        f.invalid(
            Code::InvalidPath,
            n,
            crate::tr!(
                "`slug` 只能是一段路径，不能带 `/`",
                "`slug` must be one path segment, without `/`"
            ),
        );
        None
    } else if let Some(problem) = problem {
        f.diags.push(
            Diagnostic::error(
                Code::FileName,
                f.source,
                n.span(),
                crate::tr!(
                    "`slug` 不能作为页面的文件夹名：{0}",
                    "`slug` cannot name the page's folder: {0}",
                    problem
                ),
            )
            .with_help(crate::tr!(
                "换一个短一点的 slug，用字母、数字、`-` 或中文",
                "choose a shorter slug with letters, digits, `-` or Chinese"
            )),
        );
        None
    } else {
        Some(Slug::Segment(v))
    }
}

/// The page's place in its folder: `weight:`, or `order:` or
/// `sidebar_position:` as other tools write it.
fn read_weight(fm: &Node, f: &mut Fields) -> Option<i64> {
    let (key, n) = ["weight", "order", "sidebar_position"]
        .into_iter()
        .find_map(|k| Some((k, fm.get(k)?)))?;
    match n.value {
        Value::Int(w) => Some(w),
        Value::Null => None,
        _ => {
            f.invalid(
                Code::WrongType,
                n,
                crate::tr!(
                    "`{key}` 应该是整数（越小越靠前），这里却是{}",
                    "`{key}` must be a whole number (lower comes first), found {}",
                    n.describe()
                ),
            );
            None
        }
    }
}

/// The page's kind: `kind:` when written (an unknown one is said), else a
/// landing file's `page`, else its folder's.
fn settle_kind(
    written: Option<(String, usize)>,
    landing: bool,
    id: &str,
    config: &Config,
    source: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> String {
    match written {
        Some((k, at)) => {
            if config.kind(&k).is_none() {
                diags.push(unknown_kind(&k, at, config, source));
            }
            k
        }
        // A landing file is a page of its folder, whichever kind the folder holds.
        None if landing => crate::input::kind::PAGE.to_string(),
        None => match config.kind_for_folder(id) {
            Some(k) => k.id.clone(),
            // A folder no kind claims, or the top of `content/`, holds plain
            // pages. One that looks meant for a kind is said.
            None => {
                diags.extend(folder_like_kind(id, config, source));
                crate::input::kind::PAGE.to_string()
            }
        },
    }
}

/// `kind: sops`, with the known kinds and the one it is closest to.
fn unknown_kind(k: &str, at: usize, config: &Config, source: &SourceFile) -> Diagnostic {
    let ids: Vec<&str> = config.kinds.iter().map(|k| k.id.as_str()).collect();
    let d = Diagnostic::error(
        Code::UnknownKind,
        source,
        at..at + k.len(),
        crate::tr!("不认识的类型 `{k}`", "unknown kind `{k}`"),
    );
    match crate::base::suggest::closest(k, &ids) {
        Some(near) => d.with_help(crate::tr!(
            "是不是想写 `{near}`？可以用的类型：{}",
            "did you mean `{near}`? known kinds: {}",
            crate::base::i18n::Text::list(&ids)
        )),
        None => d.with_help(crate::tr!(
            "可以用的类型：{}",
            "known kinds: {}",
            crate::base::i18n::Text::list(&ids)
        )),
    }
}

/// A plain page in a folder named like a kind's (`rules/`), which was
/// perhaps meant to hold that kind.
fn folder_like_kind(id: &str, config: &Config, source: &SourceFile) -> Option<Diagnostic> {
    let (folder, _) = id.split_once('/')?;
    let k = kind_named_like(config, folder)?;
    Some(
        Diagnostic::warning(
            Code::FolderLikeKind,
            source,
            0..0,
            crate::tr!(
                "`{folder}/` 里放的是普通页面，但它看起来像{}（{}）的文件夹", "`{folder}/` holds plain pages, but it looks like the folder of {} ({})",
                k.name_zh, k.id
            ),
        )
        .with_help(crate::tr!(
            "要按{}来检查它，可以把文件移到 content/{}/，或者在它的 front matter 里加上 `kind: {}`，或者在 quire.yaml 里把 `{folder}/` 设成这个类型的文件夹（这样它里面的文件都算这个类型）：`folders: {{{folder}: {}}}`", "to check it as {}, move the file into content/{}/, add `kind: {}` to its front matter, \
             or make `{folder}/` that kind's folder in quire.yaml (then all its files live there): \
             `folders: {{{folder}: {}}}`",
            k.id, k.folder, k.id, k.id
        )),
    )
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
            crate::tr!("`{key}` 应该是从站点根目录写起的地址，例如 `/sop/welcome/`，不能带 `.`、`..` 或 `\\`", "`{key}` must be an address from the site root such as `/sop/welcome/`, without `.`, `..` or `\\`"),
        );
        return None;
    }
    for seg in &segments {
        let problem = crate::base::urls::name_problem(seg).or_else(|| {
            seg.starts_with('.').then(|| {
                crate::tr!(
                    "名字以句点开头，文件夹会被隐藏",
                    "the name starts with a dot, so the folder would be hidden"
                )
            })
        });
        if let Some(problem) = problem {
            f.diags.push(
                Diagnostic::error(
                    Code::FileName,
                    f.source,
                    n.span(),
                    crate::tr!(
                        "`{key}` 不能用 `{seg}` 作文件夹名：{0}",
                        "`{key}` cannot name a folder `{seg}`: {0}",
                        problem
                    ),
                )
                .with_help(crate::tr!(
                    "网址的每一段都用字母、数字、`-` 或中文",
                    "use letters, digits, `-` or Chinese in each part of the address"
                )),
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
                crate::tr!("别名不能是首页 `/`", "an alias cannot be the home page `/`"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn playbook(path: &str, text: &str) -> (Option<Playbook>, Vec<Diagnostic>) {
        let src = SourceFile::new(path, PathBuf::from(path), text.to_string());
        let mut diags = Vec::new();
        (parse(src, &Config::default(), &mut diags), diags)
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
        assert!(d[0]
            .help
            .as_ref()
            .map(|h| h.en.as_str())
            .unwrap()
            .contains("`sop`"));
    }

    #[test]
    fn a_bad_date_is_an_invalid_field_at_its_value() {
        let (_, d) = playbook("content/sop/x.md", "---\nreviewed: 2026-13-01\n---\n");
        assert_eq!((d[0].code, d[0].line, d[0].column), ("invalid-date", 2, 11));
    }

    #[test]
    fn review_fields_are_read_as_a_date_and_a_duration() {
        let (p, d) = playbook(
            "content/sop/x.md",
            "---\nlastmod: 2026-03-05T10:00:00+08:00\nreview_every: 90d\n---\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let p = p.unwrap();
        assert_eq!(p.reviewed, Date::parse("2026-03-05"));
        assert_eq!(p.review_every, Duration::parse("90d"));
        // `reviewed:` itself is the date alone, with no space around it.
        let (p, d) = playbook("content/sop/x.md", "---\nreviewed: \" 2026-03-05\"\n---\n");
        assert_eq!((p.unwrap().reviewed, d[0].code), (None, "invalid-date"));
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
