//! The assembled site: configuration, every playbook that will be published,
//! the glossary, and the lookups between them (ids, URLs, tags). Assembling
//! also reports problems that only show across files, such as two playbooks
//! that would be written to the same URL, or to a name quire writes itself.
//! Names are compared as macOS and Windows compare them ([`urls::fold`]), so a
//! site that builds on Linux does not lose a page when it is copied there.
//! The site also remembers the playbook files it does not publish, drafts
//! and files that could not be parsed ([`LeftOut`]), so that a link to one
//! says why it leads nowhere instead of claiming there is no such playbook.

use crate::base::i18n::Text;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::base::codes::Code;
use crate::base::diagnostic::{Cause, Diagnostic, Severity};
use crate::base::source::SourceFile;
use crate::base::urls;
use crate::input::config::Config;
use crate::input::glossary::Term;
use crate::input::parse::Playbook;
use crate::input::yaml::Node;

/// Everything a build publishes.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Published playbooks, sorted by id.
    pub playbooks: Vec<Playbook>,
    pub glossary: Vec<Term>,
    /// The file the glossary was read from, for diagnostics.
    pub glossary_source: Option<SourceFile>,
    /// Playbook files this build does not publish: drafts (without
    /// `--drafts`) and files that could not be parsed. Links to them are
    /// reported for what they are, not as links to no playbook.
    pub left_out: Vec<LeftOut>,
    /// The glossary's first error, when it was too broken to read any
    /// term from: every unknown term is then a follow-on of it.
    pub glossary_failure: Option<Cause>,
    /// Files published beside the pages (images, attachments, `static/`).
    pub assets: crate::input::assets::Assets,
    /// Every folder under `content/` that holds pages, by its path there
    /// (`""` for `content/` itself, `sop/onboarding`).
    pub folders: BTreeMap<String, Folder>,
    by_id: HashMap<String, usize>,
}

/// A folder of `content/` as the site shows it: its landing page, the
/// pages in it and the folders under it, each list in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Folder {
    /// Its `_index.md`, `index.md` or `README.md`, by index in `playbooks`.
    pub landing: Option<usize>,
    /// Its other pages, by `weight` (lower first, none last), then id.
    pub pages: Vec<usize>,
    /// The folders directly under it, by their landing page's `weight`,
    /// then path.
    pub folders: Vec<String>,
}

/// The folder under `content/` a playbook's file is in: `sop/onboarding`
/// for `content/sop/onboarding/day1.md`, `""` at the top.
pub fn folder_of(p: &Playbook) -> &str {
    p.id.rsplit_once('/').map_or("", |(f, _)| f)
}

/// The reading order of pages by `weight`: weighted first, lower first.
pub fn weight_key(w: Option<i64>) -> (bool, i64) {
    (w.is_none(), w.unwrap_or(0))
}

/// A playbook file that exists but has no page in this build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The id the file would have, from its path.
    pub id: String,
    /// Path relative to the site root, e.g. `content/sop/活动.md`.
    pub path: String,
    /// The names a link may use for it besides its id: the file stem, and a
    /// draft's page folder name when its `slug` differs.
    pub names: Vec<String>,
    pub why: Why,
}

/// Why a playbook file has no page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// It says `draft: true`, and the build does not include drafts.
    Draft,
    /// It could not be read or parsed, or is empty. The cause is its first
    /// error (or warning, when it has none: an empty file); `fails` says
    /// whether that cause fails the run by itself.
    Unreadable { cause: Option<Cause>, fails: bool },
}

impl LeftOut {
    fn draft(p: &Playbook) -> LeftOut {
        let slug = p.dir.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        let mut names = vec![stem(&p.id).to_string()];
        if !slug.is_empty() && slug != names[0] {
            names.push(slug.to_string());
        }
        LeftOut {
            id: p.id.clone(),
            path: p.source.path.clone(),
            names,
            why: Why::Draft,
        }
    }

    /// A playbook file that could not be read or parsed, with the first of
    /// its problems in `diags`.
    fn unreadable(path: String, diags: &[Diagnostic]) -> LeftOut {
        let id = crate::input::load::id_of(&path);
        let fails = diags.iter().any(|d| d.file == path && d.is_error());
        LeftOut {
            names: vec![stem(&id).to_string()],
            why: Why::Unreadable {
                cause: first_problem(&path, diags),
                fails,
            },
            id,
            path,
        }
    }
}

/// The last segment of an id: `sop/welcome` → `welcome`.
fn stem(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

/// What loading and parsing produced: the parts [`Site::assemble`] puts
/// together.
#[derive(Debug)]
pub struct Parts {
    pub root: PathBuf,
    pub config: Config,
    pub playbooks: Vec<Playbook>,
    pub glossary: Vec<Term>,
    /// The file the glossary was read from.
    pub glossary_source: Option<SourceFile>,
    pub assets: crate::input::assets::Assets,
    /// Playbook files that could not be read or parsed, relative to the root.
    pub unreadable: Vec<String>,
    /// Publish drafts too (`--drafts`, `quire serve`).
    pub drafts: bool,
}

impl Site {
    /// Stage: puts the parsed playbooks together, dropping drafts unless
    /// asked for, and reports ids and URLs that collide. `diags` holds what
    /// loading and parsing found: a file that failed is remembered with its
    /// first problem, as the cause of every link to it.
    pub fn assemble(parts: Parts, diags: &mut Vec<Diagnostic>) -> Site {
        let Parts {
            root,
            config,
            mut playbooks,
            glossary,
            glossary_source,
            assets,
            unreadable,
            drafts,
        } = parts;
        let mut left_out = if drafts {
            Vec::new()
        } else {
            playbooks
                .iter()
                .filter(|p| p.draft)
                .map(LeftOut::draft)
                .collect()
        };
        playbooks.retain(|p| drafts || !p.draft);
        playbooks.sort_by(|a, b| a.id.cmp(&b.id).then(a.source.path.cmp(&b.source.path)));
        let mut keep = claim_pages(&config, &playbooks, diags);
        refuse_files_as_folders(&config, &playbooks, &mut keep, diags);
        let mut i = 0;
        playbooks.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        check_tags(&playbooks, diags);
        let folders = folders(&playbooks);
        let by_id = playbooks
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        left_out.extend(
            unreadable
                .into_iter()
                .map(|path| LeftOut::unreadable(path, diags)),
        );
        // A glossary too broken to read any term from: every unknown term
        // is then a follow-on of its first error.
        let glossary_failure = glossary_source
            .as_ref()
            .filter(|_| glossary.is_empty())
            .and_then(|g| {
                let fails = diags.iter().any(|d| d.file == g.path && d.is_error());
                first_problem(&g.path, diags).filter(|_| fails)
            });
        Site {
            root,
            config,
            playbooks,
            glossary,
            glossary_source,
            left_out,
            glossary_failure,
            assets,
            folders,
            by_id,
        }
    }

    /// The output folder of `content/`'s folder `folder`: `sop/onboarding/`.
    pub fn folder_dir(folder: &str) -> String {
        if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        }
    }

    /// What a folder is called: a kind's name for a kind's folder (as its
    /// list and the navigation call it), else its landing page's title,
    /// else its own name.
    pub fn folder_title(&self, folder: &str, lang: crate::base::i18n::Language) -> String {
        if let Some(k) = self.config.kinds.iter().find(|k| k.folder == folder) {
            return k.name(lang).to_string();
        }
        if let Some(&i) = self.folders.get(folder).and_then(|f| f.landing.as_ref()) {
            return self.playbooks[i].title.clone();
        }
        folder.rsplit('/').next().unwrap_or(folder).to_string()
    }

    /// The folders that get a list page of their own at their output
    /// folder: every folder that holds pages but is not `content/`, not a
    /// kind's folder (those have theirs), and not a page's folder already.
    pub fn folder_pages(&self) -> Vec<&str> {
        let kind_folders: Vec<&str> = self
            .config
            .kinds
            .iter()
            .map(|k| k.folder.as_str())
            .collect();
        let page_dirs: std::collections::HashSet<String> =
            self.playbooks.iter().map(|p| urls::fold(&p.dir)).collect();
        self.folders
            .keys()
            .map(String::as_str)
            .filter(|f| {
                !f.is_empty()
                    && !kind_folders.contains(f)
                    && !page_dirs.contains(&urls::fold(&Site::folder_dir(f)))
            })
            .collect()
    }

    pub fn playbook(&self, id: &str) -> Option<&Playbook> {
        self.by_id.get(id).map(|&i| &self.playbooks[i])
    }

    /// Where the playbook `id` is in `playbooks`, which is also where what
    /// each later stage found about it is.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Published playbooks of one kind, in id order.
    pub fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s Playbook> + 's {
        self.playbooks.iter().filter(move |p| p.kind == kind)
    }

    /// Every tag with the playbooks that carry it, sorted by tag.
    pub fn tags(&self) -> BTreeMap<&str, Vec<&Playbook>> {
        let mut tags: BTreeMap<&str, Vec<&Playbook>> = BTreeMap::new();
        for p in &self.playbooks {
            for tag in &p.tags {
                tags.entry(tag.as_str()).or_default().push(p);
            }
        }
        tags
    }
}

/// Which playbooks may have their page: the first of each id and of each
/// output folder (compared as macOS and Windows compare names), and none
/// whose folder is one the site itself writes (`duplicate-id`, else
/// `duplicate-url`).
fn claim_pages(config: &Config, playbooks: &[Playbook], diags: &mut Vec<Diagnostic>) -> Vec<bool> {
    let mut by_id = HashMap::new();
    let mut by_dir: HashMap<String, usize> = HashMap::new();
    let mut keep = vec![true; playbooks.len()];
    // Pages the site itself writes: kind indexes and everything under the reserved folders.
    let kind_pages: Vec<String> = config
        .kinds
        .iter()
        .map(|k| urls::fold(&format!("{}/", k.folder)))
        .collect();
    let reserved: Vec<String> = urls::RESERVED_DIRS.iter().map(|r| urls::fold(r)).collect();
    let taken = |dir: &str| {
        let dir = urls::fold(dir);
        dir.is_empty()
            || kind_pages.contains(&dir)
            || reserved.iter().any(|r| dir.starts_with(r.as_str()))
    };
    // A landing page of `content/` or of a kind's folder is the intro
    // of the home page or of the kind's list, not a page of its own.
    let intro = |p: &Playbook| {
        let dir = urls::fold(&p.dir);
        p.landing && (dir.is_empty() || kind_pages.contains(&dir))
    };
    for (i, p) in playbooks.iter().enumerate() {
        if let Some(&first) = by_id.get(&p.id) {
            let other: &Playbook = &playbooks[first];
            diags.push(
                Diagnostic::file(
                    Severity::Error,
                    Code::DuplicateId,
                    &p.source.path,
                    crate::tr!(
                        "`{}` 也是 {} 的 id",
                        "`{}` is also the id of {}",
                        p.id,
                        other.source.path
                    ),
                )
                .with_help(crate::tr!(
                    "给其中一个文件改名；id 就是 content/ 下面去掉扩展名的路径",
                    "rename one of the files; ids are paths under content/ without the extension"
                )),
            );
            keep[i] = false;
            continue;
        }
        if taken(&p.dir) && !intro(p) {
            diags.push(reserved_folder(p, &reserved));
            keep[i] = false;
            continue;
        }
        if let Some(&first) = by_dir.get(&urls::fold(&p.dir)) {
            diags.push(same_folder(p, &playbooks[first]));
            keep[i] = false;
            continue;
        }
        by_id.insert(p.id.clone(), i);
        by_dir.insert(urls::fold(&p.dir), i);
    }
    keep
}

/// A page whose folder the site itself writes.
fn reserved_folder(p: &Playbook, reserved: &[String]) -> Diagnostic {
    // The slug is to blame unless a folder above it already is reserved.
    let parent = p
        .dir
        .strip_suffix('/')
        .and_then(|d| d.rsplit_once('/'))
        .map(|(up, _)| up);
    let own = !parent.is_some_and(|up| {
        let up = urls::fold(&format!("{up}/"));
        reserved.iter().any(|r| up.starts_with(r.as_str()))
    });
    at_folder(
        p,
        own,
        crate::tr!(
            "这个页面会写到 `{}`，但站点自己要用那里",
            "the page would be written to `{}`, which the site itself uses",
            p.dir
        ),
    )
    .with_help(crate::tr!(
        "给这篇手册换一个 `slug` 或文件名",
        "give the playbook another `slug` or file name"
    ))
}

/// Two pages in one folder: `p`, and `first`, which claimed it before.
fn same_folder(p: &Playbook, first: &Playbook) -> Diagnostic {
    // Point at the slug that made the collision, where one did.
    let (blamed, other) = match (slug(p), slug(first)) {
        (None, Some(_)) => (first, p),
        _ => (p, first),
    };
    let both_landing = blamed.landing && other.landing;
    let message = if both_landing {
        crate::tr!(
            "{} 和 {} 都是文件夹 `{}` 的首页",
            "{} and {} are both the landing page of the folder `{}`",
            other.source.path,
            blamed.source.path,
            if blamed.dir.is_empty() {
                "content/"
            } else {
                blamed.dir.as_str()
            }
        )
    } else if other.dir == blamed.dir {
        crate::tr!(
            "页面 `{}` 也是 {} 的页面",
            "the page `{}` is also the page of {}",
            blamed.dir,
            other.source.path
        )
    } else {
        crate::tr!(
            "页面 `{}` 和 {2} 的页面 `{1}` 在 macOS 和 Windows 上是同一个文件夹，这两个系统不区分大小写，也不区分组合与分解的重音字母", "the page `{}` and the page `{}` of {} are one folder on macOS and Windows, which do not tell upper from lower case or composed from decomposed accents",
            blamed.dir, other.dir, other.source.path
        )
    };
    let help = if both_landing {
        crate::tr!(
            "一个文件夹只留一个首页文件（`_index.md`、`index.md` 或 `README.md`）",
            "keep one landing file (`_index.md`, `index.md` or `README.md`) in a folder"
        )
    } else {
        crate::tr!(
            "给其中一篇换一个 `slug` 或文件名",
            "give one of them another `slug` or file name"
        )
    };
    at_folder(blamed, true, message).with_help(help)
}

/// Refuses each kept page whose folder, or a folder on the way to it, is a
/// file quire writes (`sop/welcome/checklist.html/`).
fn refuse_files_as_folders(
    config: &Config,
    playbooks: &[Playbook],
    keep: &mut [bool],
    diags: &mut Vec<Diagnostic>,
) {
    let files = written_files(config, playbooks, keep);
    for (i, p) in playbooks.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        // Every folder on the way to the page, the page's own last.
        let folders = p.dir.match_indices('/').map(|(at, _)| &p.dir[..at]);
        for folder in folders {
            let Some(what) = files.get(&urls::fold(folder)) else {
                continue;
            };
            let own = folder.len() + 1 == p.dir.len();
            diags.push(
                at_folder(
                    p,
                    own,
                    crate::tr!("这个页面会是文件夹 `{folder}/`，但 `{folder}` 是 quire 要写的文件：{}", "the page would be the folder `{folder}/`, but `{folder}` is a file quire writes: {}", what),
                )
                .with_help(crate::tr!("给这篇手册换一个 `slug` 或文件名", "give the playbook another `slug` or file name")),
            );
            keep[i] = false;
            break;
        }
    }
}

/// The first error reported in `file` (by position), or its first warning
/// when it has no error.
fn first_problem(file: &str, diags: &[Diagnostic]) -> Option<Cause> {
    diags
        .iter()
        .filter(|d| d.file == file)
        .min_by_key(|d| (d.severity, d.line, d.column))
        .map(Cause::of)
}

/// Every file a build writes that a playbook's folder could collide with,
/// by folded path: the root's files, the kind indexes and each kept
/// playbook's page and checklist.
fn written_files(config: &Config, playbooks: &[Playbook], keep: &[bool]) -> HashMap<String, Text> {
    let mut files: HashMap<String, Text> = urls::RESERVED_FILES
        .iter()
        .map(|(name, zh, en)| (urls::fold(name), Text::from((*zh, *en))))
        .collect();
    for kind in &config.kinds {
        files.insert(
            urls::fold(&format!("{}/index.html", kind.folder)),
            crate::tr!("类型 `{}` 的索引页", "the index of the kind `{}`", kind.id),
        );
    }
    for (p, _) in playbooks.iter().zip(keep).filter(|(_, k)| **k) {
        for (name, what_zh, what) in urls::PAGE_FILES {
            files.insert(
                urls::fold(&format!("{}{name}", p.dir)),
                crate::tr!("{} 的{what_zh}", "the {what} of {}", p.source.path),
            );
        }
    }
    files
}

/// A problem with a playbook's page folder, at its `slug:` value when the
/// slug named the folder (`own`), else at the file.
fn at_folder(p: &Playbook, own: bool, message: Text) -> Diagnostic {
    match slug(p).filter(|_| own) {
        Some(slug) => Diagnostic::at(
            Severity::Error,
            Code::DuplicateUrl,
            &p.source,
            slug.span(),
            message,
        ),
        None => Diagnostic::file(Severity::Error, Code::DuplicateUrl, &p.source.path, message),
    }
}

/// The `slug:` value of a playbook, if it has one.
fn slug(p: &Playbook) -> Option<&Node> {
    p.front_matter
        .get("slug")
        .filter(|n| n.scalar_text().is_some())
}

/// Every folder of `content/` that holds pages, with its landing page, its
/// pages and its folders in reading order.
fn folders(playbooks: &[Playbook]) -> BTreeMap<String, Folder> {
    let mut folders: BTreeMap<String, Folder> = BTreeMap::new();
    for (i, p) in playbooks.iter().enumerate() {
        let folder = folder_of(p);
        let entry = folders.entry(folder.to_string()).or_default();
        if p.landing && entry.landing.is_none() {
            entry.landing = Some(i);
        } else {
            entry.pages.push(i);
        }
        // Every folder on the way down holds this one.
        let mut child = folder;
        while let Some((up, _)) = child.rsplit_once('/') {
            folders.entry(up.to_string()).or_default();
            child = up;
        }
        if !folder.is_empty() {
            folders.entry(String::new()).or_default();
        }
    }
    let paths: Vec<String> = folders.keys().cloned().collect();
    for path in paths.iter().filter(|p| !p.is_empty()) {
        let up = path.rsplit_once('/').map_or("", |(up, _)| up);
        if let Some(parent) = folders.get_mut(up) {
            parent.folders.push(path.clone());
        }
    }
    let weight = |folders: &BTreeMap<String, Folder>, path: &str| {
        weight_key(
            folders
                .get(path)
                .and_then(|f| f.landing)
                .and_then(|i| playbooks[i].weight),
        )
    };
    let snapshot = folders.clone();
    for folder in folders.values_mut() {
        folder
            .pages
            .sort_by_key(|&i| (weight_key(playbooks[i].weight), i));
        folder
            .folders
            .sort_by(|a, b| (weight(&snapshot, a), a).cmp(&(weight(&snapshot, b), b)));
    }
    folders
}

/// `duplicate-url` at an `aliases:` value whose address is taken: by a
/// page, a list or file quire writes, a published file, or another alias.
pub fn check_aliases(site: &Site, diags: &mut Vec<Diagnostic>) {
    for (i, a, clash) in alias_clashes(site) {
        let Some(what) = clash else { continue };
        let p = &site.playbooks[i];
        let (alias, span) = &p.aliases[a];
        diags.push(
            Diagnostic::at(
                Severity::Error,
                Code::DuplicateUrl,
                &p.source,
                span.clone(),
                crate::tr!(
                    "别名 `/{alias}` 会在{}所在的地方写一个跳转页",
                    "the alias `/{alias}` would write a redirect where {} is",
                    what
                ),
            )
            .with_help(crate::tr!(
                "删掉这个别名，或者把那里的东西移走",
                "remove the alias, or move what is there"
            )),
        );
    }
}

/// The aliases that get a redirect page, each one no other address takes:
/// (output folder, index of the page it leads to).
pub fn redirects(site: &Site) -> Vec<(String, usize)> {
    alias_clashes(site)
        .into_iter()
        .filter(|(.., clash)| clash.is_none())
        .map(|(i, a, _)| (site.playbooks[i].aliases[a].0.clone(), i))
        .collect()
}

/// Each alias (playbook, alias) with what already holds its address, if
/// anything does; the first of two equal aliases stands.
fn alias_clashes(site: &Site) -> Vec<(usize, usize, Option<Text>)> {
    let mut taken: HashMap<String, Text> = HashMap::new();
    for p in &site.playbooks {
        taken.insert(
            urls::fold(&p.dir),
            crate::tr!("{} 的页面", "the page of {}", p.source.path),
        );
    }
    taken.insert(String::new(), crate::tr!("首页", "the home page"));
    for k in &site.config.kinds {
        taken.insert(
            urls::fold(&format!("{}/", k.folder)),
            crate::tr!("类型 `{}` 的列表页", "the list of the kind `{}`", k.id),
        );
    }
    for f in site.folder_pages() {
        taken.insert(
            urls::fold(&Site::folder_dir(f)),
            crate::tr!(
                "文件夹 content/{f}/ 的列表页",
                "the list of the folder content/{f}/"
            ),
        );
    }
    for tag in site.tags().keys() {
        taken.insert(
            urls::fold(&urls::tag_dir(tag)),
            crate::tr!("标签 `{tag}` 的页面", "the page of the tag `{tag}`"),
        );
    }
    let assets: HashMap<String, &str> = site
        .assets
        .list
        .iter()
        .map(|a| (urls::fold(&a.output), a.source.as_str()))
        .collect();
    let reserved: Vec<String> = urls::RESERVED_DIRS.iter().map(|r| urls::fold(r)).collect();
    let mut out = Vec::new();
    for (i, p) in site.playbooks.iter().enumerate() {
        for (a, (alias, _)) in p.aliases.iter().enumerate() {
            let folded = urls::fold(alias);
            let clash = taken
                .get(&folded)
                .cloned()
                .or_else(|| {
                    reserved
                        .iter()
                        .any(|r| folded.starts_with(r.as_str()))
                        .then(|| crate::tr!("站点自己用的文件夹", "a folder the site itself uses"))
                })
                .or_else(|| {
                    assets
                        .get(&urls::fold(&urls::page_file(alias)))
                        .map(|f| crate::tr!("文件 {f}", "the file {f}"))
                });
            if clash.is_none() {
                taken.insert(
                    folded,
                    crate::tr!("{} 的别名", "an alias of {}", p.source.path),
                );
            }
            out.push((i, a, clash));
        }
    }
    out
}

/// Each tag's page folder must be a name every file system takes, and no two
/// spellings may share one. `KOL` and `kol` are an error rather than one page:
/// merging would change what an author wrote, and the fix is one edit.
fn check_tags(playbooks: &[Playbook], diags: &mut Vec<Diagnostic>) {
    let mut tag_dirs: HashMap<String, (&str, String)> = HashMap::new();
    for p in playbooks {
        for tag in &p.tags {
            let dir = urls::tag_dir(tag);
            let at = |code, message: Text| match tag_node(p, tag) {
                Some(n) => Diagnostic::at(Severity::Error, code, &p.source, n.span(), message),
                None => Diagnostic::file(Severity::Error, code, &p.source.path, message),
            };
            let name = &dir["tags/".len()..dir.len() - 1];
            if let Some(problem) = urls::name_problem(name) {
                diags.push(
                    at(
                        Code::FileName,
                        crate::tr!(
                            "标签 `{tag}` 不能作为它的页面的文件夹名：{}",
                            "the tag `{tag}` cannot name its page's folder: {}",
                            problem
                        ),
                    )
                    .with_help(crate::tr!(
                        "用短一点的标签，或者换个写法",
                        "use a shorter tag, or another spelling"
                    )),
                );
                continue;
            }
            // `tags/` holds the list of tags as its own page.
            if urls::fold(name) == "index.html" {
                diags.push(
                    at(
                        Code::DuplicateUrl,
                        crate::tr!("标签 `{tag}` 会是文件夹 `{dir}`，但 `tags/index.html` 是 quire 要写的文件：标签列表", "the tag `{tag}` would be the folder `{dir}`, but `tags/index.html` is a file quire writes: the list of tags"),
                    )
                    .with_help(crate::tr!("给这个标签换个写法", "use another spelling for the tag")),
                );
                continue;
            }
            match tag_dirs.get(&urls::fold(&dir)) {
                Some((other, _)) if *other == tag.as_str() => {}
                Some((other, other_dir)) => {
                    let message = if *other_dir == dir {
                        crate::tr!(
                            "标签 `{tag}` 会和标签 `{other}` 共用页面 `{dir}`",
                            "the tag `{tag}` would share the page `{dir}` with the tag `{other}`"
                        )
                    } else {
                        crate::tr!("在 macOS 和 Windows 上，标签 `{tag}` 会和标签 `{other}` 共用页面 `{dir}`，这两个系统不区分大小写，也不区分组合与分解的重音字母", "the tag `{tag}` would share the page `{dir}` with the tag `{other}` on macOS and Windows, which do not tell upper from lower case or composed from decomposed accents")
                    };
                    diags.push(at(Code::DuplicateUrl, message).with_help(
                        crate::tr!("这个标签只用一种写法；`/`、`?`、`#` 这类字符在标签页的名字里都会变成 `-`", "use one spelling for the tag; `/`, `?`, `#` and similar characters become `-` in its page's name"),
                    ));
                }
                None => {
                    tag_dirs.insert(urls::fold(&dir), (tag, dir));
                }
            }
        }
    }
}

/// The front-matter value a tag was read from (`tags:`, or Hugo's and
/// Zola's fields that are read as tags), else the first of them.
fn tag_node<'p>(p: &'p Playbook, tag: &str) -> Option<&'p Node> {
    let nodes = crate::input::common_fields::tag_nodes(&p.front_matter);
    let found = nodes
        .iter()
        .find(|n| n.scalar_text().as_deref() == Some(tag));
    found.or(nodes.first()).copied()
}
