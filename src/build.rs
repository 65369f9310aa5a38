//! The pipeline, start to finish: load → parse → assemble → check → link →
//! render → write.
//! Content problems are collected as diagnostics across the whole site; only
//! when there are no errors is anything written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::base::codes::Code;
use crate::base::dates;
use crate::base::diagnostic::{self, Diagnostic, Warned};
use crate::base::i18n::Language;
use crate::check::Checked;
use crate::input::config::{self, Config};
use crate::input::handbook::Handbook;
use crate::input::parse::Playbook;
use crate::input::site::{Parts, Site};
use crate::input::{glossary, load, parse, theme};
use crate::link::handbook;
use crate::output::{render, write, Built, Pdfs};
use crate::{check, link};
use rayon::prelude::*;

/// What `quire build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's root folder (holding `quire.yaml` and `content/`).
    pub root: PathBuf,
    /// Where to write; `<root>/public` when not given.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Treat warnings as errors: nothing is written when there are any.
    pub strict: bool,
    /// Build only this handbook (its print page and PDF) into the output.
    pub handbook: Option<String>,
    /// Skip the handbooks' PDFs.
    pub no_pdf: bool,
    /// Look for PDF fonts only in the site's `fonts/` folder.
    pub ignore_system_fonts: bool,
}

/// The outcome of a build whose tool side worked.
#[derive(Debug)]
pub struct Report {
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    pub playbooks: usize,
    /// Files written, or `None` when errors stopped the build before writing.
    pub written: Option<usize>,
    pub output: PathBuf,
    /// How long each stage took.
    pub timings: crate::timings::Timings,
}

impl Report {
    /// Whether the diagnostics fail the run: any error, or under `strict` any warning.
    pub fn failed(&self, strict: bool) -> bool {
        diagnostic::fails(&self.diagnostics, strict)
    }
}

/// What a load of the site is asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    /// Replaces quire.yaml's `base_url` (`--base-url`; `quire serve` serves at `/`).
    pub base_url: Option<&'a str>,
    /// Publish drafts too.
    pub drafts: bool,
    /// Warnings fail the run (`--strict`), which also asks for `orphan`.
    pub strict: bool,
}

/// Reads and checks the site: load, parse, assemble, check and link,
/// without rendering. `Err` is a tool failure (no site there); what the
/// content gets wrong is in the diagnostics, with rules applied.
pub fn load_site(root: &Path, options: &LoadOptions) -> anyhow::Result<Warned<Built>> {
    // A cache that keeps nothing: one load reads, parses and checks each file once.
    load_site_cached(root, options, &mut Cache::default())
}

/// What earlier loads learned of each playbook file, so that a rebuild after
/// one edit reads, parses and checks only the files that changed. Keyed by
/// path relative to the site root; a file counts as unchanged while its
/// modification time and length are. Anything that changes how every file
/// is read or checked (the configuration) must [`Cache::clear`] it.
#[derive(Debug, Default)]
pub struct Cache {
    /// Whether to keep what a load learns; off for one-off builds, where
    /// copying every playbook into the cache would only cost time.
    keep: bool,
    files: HashMap<String, Cached>,
    /// Paths read afresh since the caller last called [`Cache::rendered`]:
    /// their pages must be rendered again, even when a build in between
    /// failed before rendering.
    pub fresh: HashSet<String>,
    /// How long the stages of the last load took.
    pub timings: crate::timings::Timings,
}

#[derive(Debug)]
struct Cached {
    stamp: load::Stamp,
    playbook: Option<Playbook>,
    diags: Vec<Diagnostic>,
    check: Option<check::PlaybookCheck>,
}

impl Cache {
    /// A cache that keeps what each load learns, for the next one.
    pub fn keeping() -> Cache {
        Cache {
            keep: true,
            ..Cache::default()
        }
    }

    pub fn clear(&mut self) {
        self.files.clear();
    }

    /// Forgets files a watcher saw change, whatever their stamps say (two
    /// saves within the clock's resolution can leave time and length alike).
    pub fn forget(&mut self, rel_paths: &[String]) {
        for rel in rel_paths {
            self.files.remove(rel);
        }
    }

    /// The pages of everything read so far have been rendered.
    pub fn rendered(&mut self) {
        self.fresh.clear();
    }
}

/// [`load_site`], reusing and refreshing `cache`.
pub fn load_site_cached(
    root: &Path,
    options: &LoadOptions,
    cache: &mut Cache,
) -> anyhow::Result<Warned<Built>> {
    require_site(root)?;
    let mut diags = Vec::new();
    cache.timings = crate::timings::Timings::default();
    let mut config = load_config(root, &mut diags);
    if let Some(url) = options.base_url {
        config.base_url = config::normalize_base_url(url);
    }
    // Playbooks checked against a configuration with errors would bury its
    // one error under hundreds about the wrong kinds: stop at the config.
    if diags.iter().any(|d| d.is_error() && d.file == "quire.yaml") {
        let parts = Parts {
            root: root.to_path_buf(),
            config,
            playbooks: Vec::new(),
            glossary: Vec::new(),
            glossary_source: None,
            assets: Default::default(),
            unreadable: Vec::new(),
            drafts: options.drafts,
        };
        let site = Site::assemble(parts, &mut diags);
        apply_rules(&site, &mut diags);
        let built = Built {
            site,
            checked: Vec::new(),
            links: Default::default(),
            handbooks: Vec::new(),
        };
        return Ok(Warned::new(built, diags));
    }
    let (parts, definitions) = read(root, config, options.drafts, cache, &mut diags);
    let site = Site::assemble(parts, &mut diags);
    cache.timings.lap("parse");
    let checked = check_playbooks(&site, cache, &mut diags);
    cache.timings.lap("check");
    let links = link::link(&site, &checked).into_output(&mut diags);
    let handbooks: Vec<Handbook> = definitions
        .into_iter()
        .map(|h| handbook::select(h, &site, &links.index, &mut diags))
        .collect();
    check_across(
        &site,
        &checked,
        &links,
        &handbooks,
        options.strict,
        &mut diags,
    );
    cache.timings.lap("link");
    // Rule levels apply once, over everything every stage found.
    site.config.rules.check_folders(root, &mut diags);
    apply_rules(&site, &mut diags);
    let built = Built {
        site,
        checked,
        links,
        handbooks,
    };
    Ok(Warned::new(built, diags))
}

/// Stages load and parse: `content/`'s files read (those `cache` holds
/// unchanged taken from it), the theme checked, published files gathered,
/// playbooks, the glossary and handbook definitions parsed.
fn read(
    root: &Path,
    config: Config,
    drafts: bool,
    cache: &mut Cache,
    diags: &mut Vec<Diagnostic>,
) -> (Parts, Vec<Handbook>) {
    let known = &cache.files;
    let unchanged = |rel: &str, stamp: &load::Stamp| {
        stamp.is_some() && known.get(rel).is_some_and(|c| c.stamp == *stamp)
    };
    let mut content = load::load_except(root, diags, &unchanged);
    theme::check(root, &config.theme, diags);
    let assets = crate::input::assets::Assets::collect(
        root,
        std::mem::take(&mut content.assets),
        config.html,
        diags,
    );
    cache.timings.lap("load");
    let (playbooks, unreadable) = parse_playbooks(
        &config,
        content.playbooks,
        content.unchanged,
        content.unreadable,
        cache,
        diags,
    );
    let glossary = content
        .glossary
        .as_ref()
        .map(|g| glossary::parse(g, diags))
        .unwrap_or_default();
    let definitions = content
        .handbooks
        .into_iter()
        .filter_map(|source| crate::input::handbook::parse(source, diags))
        .collect();
    let parts = Parts {
        root: root.to_path_buf(),
        config,
        playbooks,
        glossary,
        glossary_source: content.glossary,
        assets,
        unreadable,
        drafts,
    };
    (parts, definitions)
}

/// Stage parse, for the playbook files: those read now in parallel, those
/// `unchanged` from `cache` with what was found in them then. Returns the
/// playbooks and every file that could not be parsed.
fn parse_playbooks(
    config: &Config,
    read: Vec<(crate::base::source::SourceFile, load::Stamp)>,
    unchanged: Vec<String>,
    mut unreadable: Vec<String>,
    cache: &mut Cache,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Playbook>, Vec<String>) {
    let parsed: Vec<(String, load::Stamp, Option<Playbook>, Vec<Diagnostic>)> = read
        .into_par_iter()
        .map(|(source, stamp)| {
            let mut found = Vec::new();
            let path = source.path.clone();
            let playbook = parse::parse(source, config, &mut found);
            (path, stamp, playbook, found)
        })
        .collect();
    let mut files = HashMap::with_capacity(parsed.len() + unchanged.len());
    let mut playbooks = Vec::with_capacity(parsed.len() + unchanged.len());
    for rel in unchanged {
        if let Some(c) = cache.files.remove(&rel) {
            if c.playbook.is_none() {
                unreadable.push(rel.clone());
            }
            diags.extend(c.diags.iter().cloned());
            playbooks.extend(c.playbook.clone());
            files.insert(rel, c);
        }
    }
    cache
        .fresh
        .extend(parsed.iter().map(|(path, ..)| path.clone()));
    for (path, stamp, playbook, found) in parsed {
        if playbook.is_none() {
            unreadable.push(path.clone());
        }
        diags.extend(found.iter().cloned());
        if cache.keep {
            playbooks.extend(playbook.clone());
            files.insert(
                path,
                Cached {
                    stamp,
                    playbook,
                    diags: found,
                    check: None,
                },
            );
        } else {
            playbooks.extend(playbook);
        }
    }
    cache.files = files;
    (playbooks, unreadable)
}

/// Stage check: every playbook held to its kind, in parallel, a file
/// `cache` holds unchanged keeping what its last check found.
fn check_playbooks(site: &Site, cache: &mut Cache, diags: &mut Vec<Diagnostic>) -> Vec<Checked> {
    let earlier = |p: &Playbook| {
        cache
            .files
            .get(&p.source.path)
            .and_then(|c| c.check.clone())
    };
    let results = check::check_each(site, dates::today(), &earlier);
    let mut checked = Vec::with_capacity(results.len());
    for (p, result) in site.playbooks.iter().zip(results) {
        diags.extend(result.diagnostics.iter().cloned());
        match cache
            .files
            .get_mut(&p.source.path)
            .filter(|e| e.check.is_none())
        {
            Some(entry) => {
                checked.push(result.output.clone());
                entry.check = Some(result);
            }
            None => checked.push(result.output),
        }
    }
    checked
}

/// The checks that need the whole site checked and linked: glossary `see`
/// ids, images and file links, `aliases:`, the Markdown snippets of the
/// YAML files, and (under `strict`, `orphans: true` or a rule that asks
/// for it) `orphan`.
fn check_across(
    site: &Site,
    checked: &[Checked],
    links: &link::Links,
    handbooks: &[Handbook],
    strict: bool,
    diags: &mut Vec<Diagnostic>,
) {
    link::check_glossary(site, &links.index, diags);
    check::assets::check(site, checked, handbooks, diags);
    crate::input::site::check_aliases(site, diags);
    check::syntax::snippets(site, handbooks, diags);
    if strict || site.config.orphans {
        link::orphans(site, &links.graph, handbooks, diags);
    } else if site.config.rules.scoped_raises("orphan") {
        // `sop: {orphan: error}` asks for the check in its kind or folder
        // only: everywhere else it stays off, as without the rule.
        let mut found = Vec::new();
        link::orphans(site, &links.graph, handbooks, &mut found);
        let kind_of = |file: &str| {
            site.playbooks
                .iter()
                .find(|p| p.source.path == file)
                .map(|p| p.kind.as_str())
        };
        diags.extend(found.into_iter().filter(|d| {
            site.config
                .rules
                .decides("orphan", &d.file, kind_of(&d.file))
        }));
    }
}

/// Fails unless `root` is a site: a folder with `content/` in it.
pub fn require_site(root: &Path) -> anyhow::Result<()> {
    if !root.is_dir() {
        bail!("the site folder {} does not exist", root.display());
    }
    if !root.join("content").is_dir() {
        bail!(
            "no content/ folder in {}; run `quire init` to start a site, or pass --root",
            root.display()
        );
    }
    Ok(())
}

/// Reads `quire.yaml` (defaults when there is none).
pub fn load_config(root: &Path, diags: &mut Vec<Diagnostic>) -> Config {
    let path = root.join("quire.yaml");
    if !path.is_file() {
        return Config::default();
    }
    match load::read(root, &path, diags) {
        Some(source) => Config::parse(&source, diags),
        None => Config::default(),
    }
}

/// The language `quire.yaml` at `root` states, if any (see
/// [`config::stated_language`]).
pub fn stated_language(root: &Path) -> Option<Language> {
    let path = root.join("quire.yaml");
    if !path.is_file() {
        return None;
    }
    let source = load::read(root, &path, &mut Vec::new())?;
    config::stated_language(&source)
}

/// Builds the site. `Err` means the tool failed (exit 2); content errors are
/// in the report's diagnostics (exit 1) and then nothing is written.
pub fn build(options: &BuildOptions) -> anyhow::Result<Report> {
    let root = &options.root;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    write::check_output_dir(root, &output)?;
    let mut cache = Cache::default();
    let load = LoadOptions {
        base_url: options.base_url.as_deref(),
        drafts: options.drafts,
        strict: options.strict,
    };
    let Warned {
        output: built,
        diagnostics: mut diags,
    } = load_site_cached(root, &load, &mut cache)?;
    let mut timings = cache.timings;
    // An index, not a reference: the PDF stage marks handbooks it refuses.
    let only = match options.handbook.as_deref() {
        Some(id) => Some(handbook_position(&built, id)?),
        None => None,
    };
    diagnostic::sort(&mut diags);
    let mut report = Report {
        playbooks: built.site.playbooks.len(),
        diagnostics: diags,
        written: None,
        output: output.clone(),
        timings: crate::timings::Timings::default(),
    };
    if report.failed(options.strict) {
        report.timings = timings;
        return Ok(report);
    }
    let fonts = if options.no_pdf || built.handbooks.is_empty() {
        None
    } else {
        pdf_fonts(&built, options.ignore_system_fonts, &mut report.diagnostics)
    };
    // Each PDF is written and weighed before any page is rendered, so that
    // no page links the PDF of a handbook too large to typeset.
    let books = match &fonts {
        Some(fonts) => write_books(&built, only, fonts, &mut report.diagnostics),
        None => Vec::new(),
    };
    let pdfs = Pdfs::of(books.iter().map(|(i, _)| built.handbooks[*i].id.as_str()));
    let only = only.map(|i| &built.handbooks[i]);
    let theme = theme::load(root, &built.site.config.theme)?;
    // A whole build streams its playbook pages into the staging folder; one
    // handbook is written beside the built site instead.
    let streamed = std::sync::atomic::AtomicUsize::new(0);
    let (mut out, staging) = match only {
        Some(handbook) => (
            render::render_handbook(&built, &theme, handbook, &pdfs)?,
            None,
        ),
        None => {
            let staging = write::Staging::begin(root, &output)?;
            let sink = |rel: &str, bytes: &[u8]| {
                streamed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                staging.put(rel, bytes)
            };
            let render = render::Options {
                pdfs: &pdfs,
                problems: render::Problems::none(),
                sink: Some(&sink),
            };
            let out = render::render(&built, &theme, &render)?;
            (out, Some(staging))
        }
    };
    timings.lap("render");
    if let Some(fonts) = &fonts {
        let typeset = typeset(&built, books, fonts, &mut out);
        report.diagnostics.extend(typeset);
        timings.lap("pdf");
    }
    // Fonts and typesetting can add warnings (and, rarely, an error); a
    // dropped staging folder removes itself.
    apply_rules(&built.site, &mut report.diagnostics);
    diagnostic::sort(&mut report.diagnostics);
    if report.failed(options.strict) {
        report.timings = timings;
        return Ok(report);
    }
    match (staging, only) {
        (Some(staging), _) => staging.finish(&out),
        (None, Some(handbook)) => write::update(root, &output, &out).and_then(|()| {
            // The page no longer links a PDF; an old one must not linger.
            let pdf = crate::base::urls::pdf_path(&handbook.id);
            match out.files.contains_key(&pdf) {
                true => Ok(()),
                false => write::remove(&output, &pdf),
            }
        }),
        (None, None) => Ok(()),
    }
    .with_context(|| format!("cannot write the site to {}", output.display()))?;
    timings.lap("write");
    let copied = out
        .copies
        .keys()
        .filter(|k| !out.files.contains_key(*k))
        .count();
    report.written = Some(out.files.len() + copied + streamed.into_inner());
    report.timings = timings;
    Ok(report)
}

/// Where handbook `id` (`--handbook`) is among the site's handbooks.
fn handbook_position(built: &Built, id: &str) -> anyhow::Result<usize> {
    built
        .handbooks
        .iter()
        .position(|h| h.id == id)
        .with_context(|| {
            let ids: Vec<&str> = built.handbooks.iter().map(|h| h.id.as_str()).collect();
            match ids.is_empty() {
                true => format!("there is no handbook `{id}`: content/handbooks/ holds none"),
                false => format!(
                    "there is no handbook `{id}`; the handbooks are: {}",
                    ids.join(", ")
                ),
            }
        })
}

#[cfg(feature = "pdf")]
type Fonts = crate::output::pdf::Fonts;
#[cfg(not(feature = "pdf"))]
type Fonts = ();

/// The fonts for the handbooks' PDFs, or `None` (with one warning) when
/// PDFs cannot be made: no font covers Chinese, or this quire was built
/// without PDF support.
fn pdf_fonts(built: &Built, ignore_system: bool, diags: &mut Vec<Diagnostic>) -> Option<Fonts> {
    let first = &built.handbooks.first()?.source.path;
    #[cfg(feature = "pdf")]
    {
        let fonts = crate::output::pdf::Fonts::discover(&built.site.root, !ignore_system)
            .into_output(diags);
        if fonts.body().is_some() {
            return Some(fonts);
        }
        let place = if ignore_system {
            "in the site's fonts/ folder"
        } else {
            "in the site's fonts/ folder or on this system"
        };
        diags.push(
            Diagnostic::file(
                diagnostic::Severity::Warning,
                Code::NoCjkFont,
                first.clone(),
                crate::tr!("不生成 PDF 培训手册：{place}没有能显示中文的字体，PDF 里的字会显示成空方框；站点和打印页照常构建", "no PDF handbooks: no font {place} covers Chinese, so the PDFs would show empty boxes; the site and the print pages are built"),
            )
            .with_help(crate::tr!("安装 Noto CJK 字体（Debian 和 Ubuntu：`apt-get install fonts-noto-cjk`），或者把一个能显示中文的 .ttf/.otf/.ttc 字体放进 quire.yaml 旁边的 fonts/ 文件夹", "install Noto CJK (Debian and Ubuntu: `apt-get install fonts-noto-cjk`), or put a .ttf/.otf/.ttc font that covers Chinese in fonts/ beside quire.yaml")),
        );
        None
    }
    #[cfg(not(feature = "pdf"))]
    {
        let _ = ignore_system;
        diags.push(
            Diagnostic::file(
                diagnostic::Severity::Warning,
                Code::NoPdfSupport,
                first.clone(),
                crate::tr!(
                    "不生成 PDF 培训手册：这个 quire 构建时没有带 `pdf` 功能；站点和打印页照常构建",
                    "no PDF handbooks: this quire was built without the `pdf` feature; the site and the print pages are built"
                ),
            )
            .with_help(crate::tr!(
                "用默认功能重新构建 quire，或者加上 --no-pdf 不再显示这条",
                "build quire with its default features, or pass --no-pdf to silence this"
            )),
        );
        None
    }
}

/// Writes each handbook (or just `only`) as Typst source, in parallel,
/// reporting each too large to typeset; returns the others by index: the
/// handbooks that get a PDF.
#[cfg(feature = "pdf")]
fn write_books(
    built: &Built,
    only: Option<usize>,
    fonts: &Fonts,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(usize, crate::output::pdf::Book)> {
    let picked: Vec<usize> = match only {
        Some(i) => vec![i],
        None => (0..built.handbooks.len()).collect(),
    };
    let written: Vec<_> = picked
        .into_par_iter()
        .map(|i| {
            (
                i,
                crate::output::pdf::write(built, &built.handbooks[i], fonts),
            )
        })
        .collect();
    let mut books = Vec::new();
    for (i, book) in written {
        match book {
            Ok(book) => books.push((i, book)),
            Err(refusal) => diags.push(refusal),
        }
    }
    books
}

#[cfg(not(feature = "pdf"))]
fn write_books(
    _: &Built,
    _: Option<usize>,
    _: &Fonts,
    _: &mut Vec<Diagnostic>,
) -> Vec<(usize, ())> {
    Vec::new()
}

/// Typesets each written handbook to PDF, in parallel, beside its print
/// page; returns what typesetting found (characters no font has, a refusal).
#[cfg(feature = "pdf")]
fn typeset(
    built: &Built,
    books: Vec<(usize, crate::output::pdf::Book)>,
    fonts: &Fonts,
    out: &mut render::Output,
) -> Vec<Diagnostic> {
    let results: Vec<_> = books
        .into_par_iter()
        .map(|(i, book)| {
            let h = &built.handbooks[i];
            (
                crate::base::urls::pdf_path(&h.id),
                crate::output::pdf::typeset(built, h, book, fonts),
            )
        })
        .collect();
    let mut diags = Vec::new();
    for (path, pdf) in results {
        if let Some(bytes) = pdf.into_output(&mut diags) {
            out.files.insert(path, std::sync::Arc::new(bytes));
        }
    }
    diags
}

#[cfg(not(feature = "pdf"))]
fn typeset(_: &Built, _: Vec<(usize, ())>, _: &Fonts, _: &mut render::Output) -> Vec<Diagnostic> {
    Vec::new()
}

/// [`apply`] with each file's kind and `allow:` taken from `site`. A file
/// that is no published playbook (unreadable, a draft left out) takes the
/// kind of its folder. Applying twice changes nothing more, so a later
/// stage may apply again over everything.
pub fn apply_rules(site: &Site, diags: &mut Vec<Diagnostic>) {
    let by_file: std::collections::HashMap<&str, &crate::input::parse::Playbook> = site
        .playbooks
        .iter()
        .map(|p| (p.source.path.as_str(), p))
        .collect();
    crate::input::rules::apply(diags, &site.config.rules, |file| match by_file.get(file) {
        Some(p) => crate::input::rules::Target {
            kind: Some(p.kind.as_str()),
            allow: &p.allow,
        },
        None => crate::input::rules::Target {
            kind: file
                .strip_prefix("content/")
                .and_then(|_| {
                    site.config
                        .kind_for_folder(&crate::input::load::id_of(file))
                })
                .map(|k| k.id.as_str()),
            allow: &[],
        },
    });
    // A follow-on whose cause a rule turned off would point at nothing.
    let shown: std::collections::HashSet<diagnostic::Cause> =
        diags.iter().map(diagnostic::Cause::of).collect();
    for d in diags.iter_mut() {
        if d.caused_by.as_ref().is_some_and(|c| !shown.contains(c)) {
            d.caused_by = None;
        }
    }
}
