//! The pipeline, start to finish: load → parse → assemble → check → link →
//! render → write.
//! Content problems are collected as diagnostics across the whole site; only
//! when there are no errors is anything written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::base::codes::Code;
use crate::base::dates;
use crate::base::diagnostic::{self, Diagnostic};
use crate::input::config::{self, Config};
use crate::input::parse::Playbook;
use crate::input::site::Site;
use crate::input::{glossary, load, parse, theme};
use crate::link::handbook;
use crate::output::{render, write};
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

/// Reads and checks the site: load, parse, assemble, check and link, without rendering.
pub fn load_site(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    strict: bool,
    diags: &mut Vec<Diagnostic>,
) -> anyhow::Result<Site> {
    // A cache that keeps nothing: one load reads, parses and checks each file once.
    load_site_cached(root, base_url, drafts, strict, diags, &mut Cache::default())
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
    base_url: Option<&str>,
    drafts: bool,
    strict: bool,
    diags: &mut Vec<Diagnostic>,
    cache: &mut Cache,
) -> anyhow::Result<Site> {
    require_site(root)?;
    cache.timings = crate::timings::Timings::default();
    let mut config = load_config(root, diags);
    if let Some(url) = base_url {
        config.base_url = config::normalize_base_url(url);
    }
    // Playbooks checked against a configuration with errors would bury its
    // one error under hundreds about the wrong kinds: stop at the config.
    if diags.iter().any(|d| d.is_error() && d.file == "quire.yaml") {
        let site = Site::assemble(
            root.to_path_buf(),
            config,
            Vec::new(),
            Vec::new(),
            drafts,
            diags,
        );
        apply_rules(&site, diags);
        return Ok(site);
    }
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
    let parsed: Vec<(String, load::Stamp, Option<Playbook>, Vec<Diagnostic>)> = content
        .playbooks
        .into_par_iter()
        .map(|(source, stamp)| {
            let mut found = Vec::new();
            let path = source.path.clone();
            let playbook = parse::parse(source, &config, &mut found);
            (path, stamp, playbook, found)
        })
        .collect();
    let mut files = HashMap::with_capacity(parsed.len() + content.unchanged.len());
    let mut playbooks = Vec::with_capacity(parsed.len() + content.unchanged.len());
    let mut unreadable = content.unreadable;
    for rel in content.unchanged {
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
    let glossary = content
        .glossary
        .as_ref()
        .map(|g| glossary::parse(g, diags))
        .unwrap_or_default();
    let mut handbooks: Vec<_> = content
        .handbooks
        .into_iter()
        .filter_map(|source| handbook::parse(source, diags))
        .collect();
    let mut site = Site::assemble(
        root.to_path_buf(),
        config,
        playbooks,
        glossary,
        drafts,
        diags,
    );
    site.glossary_source = content.glossary;
    site.assets = assets;
    site.note_failures(unreadable, diags);
    cache.timings.lap("parse");

    let earlier = |p: &Playbook| {
        cache
            .files
            .get(&p.source.path)
            .and_then(|c| c.check.clone())
    };
    let results = check::check_each(&site, dates::today(), &earlier);
    let mut checked = Vec::with_capacity(results.len());
    for (p, (c, found)) in site.playbooks.iter().zip(results) {
        diags.extend(found.iter().cloned());
        if let Some(entry) = cache
            .files
            .get_mut(&p.source.path)
            .filter(|e| e.check.is_none())
        {
            entry.check = Some((c.clone(), found));
        }
        checked.push(c);
    }
    site.checked = checked;
    cache.timings.lap("check");

    site.index = link::Index::new(&site);
    let (graph, found) = link::link(&site);
    site.graph = graph;
    diags.extend(found);
    for handbook in &mut handbooks {
        handbook::select(handbook, &site, &site.index, diags);
    }
    site.handbooks = handbooks;
    link::check_glossary(&site, diags);
    crate::input::assets::check(&site, diags);
    crate::input::site::check_aliases(&site, diags);
    crate::markdown::html::check_snippets(&site, diags);
    if strict || site.config.orphans {
        link::orphans(&site, diags);
    } else if site.config.rules.scoped_raises("orphan") {
        // `sop: {orphan: error}` asks for the check in its kind or folder
        // only: everywhere else it stays off, as without the rule.
        let mut found = Vec::new();
        link::orphans(&site, &mut found);
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
    cache.timings.lap("link");
    // Rule levels apply once, over everything every stage found.
    site.config.rules.check_folders(root, diags);
    apply_rules(&site, diags);
    Ok(site)
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

/// Builds the site. `Err` means the tool failed (exit 2); content errors are
/// in the report's diagnostics (exit 1) and then nothing is written.
pub fn build(options: &BuildOptions) -> anyhow::Result<Report> {
    let root = &options.root;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    write::check_output_dir(root, &output)?;
    let mut diags = Vec::new();
    let mut cache = Cache::default();
    let mut site = load_site_cached(
        root,
        options.base_url.as_deref(),
        options.drafts,
        options.strict,
        &mut diags,
        &mut cache,
    )?;
    let mut timings = cache.timings;
    // An index, not a reference: the PDF stage marks handbooks it refuses.
    let only = match options.handbook.as_deref() {
        Some(id) => Some(
            site.handbooks
                .iter()
                .position(|h| h.id == id)
                .with_context(|| {
                    let ids: Vec<&str> = site.handbooks.iter().map(|h| h.id.as_str()).collect();
                    match ids.is_empty() {
                        true => {
                            format!("there is no handbook `{id}`: content/handbooks/ holds none")
                        }
                        false => format!(
                            "there is no handbook `{id}`; the handbooks are: {}",
                            ids.join(", ")
                        ),
                    }
                })?,
        ),
        None => None,
    };
    diagnostic::sort(&mut diags);
    let mut report = Report {
        playbooks: site.playbooks.len(),
        diagnostics: diags,
        written: None,
        output: output.clone(),
        timings: crate::timings::Timings::default(),
    };
    if report.failed(options.strict) {
        report.timings = timings;
        return Ok(report);
    }
    let fonts = if options.no_pdf || site.handbooks.is_empty() {
        None
    } else {
        pdf_fonts(&site, options.ignore_system_fonts, &mut report.diagnostics)
    };
    // Each PDF is written and weighed before any page is rendered, so that
    // no page links the PDF of a handbook too large to typeset.
    let books = match &fonts {
        Some(fonts) => write_books(&mut site, only, fonts, &mut report.diagnostics),
        None => Vec::new(),
    };
    let only = only.map(|i| &site.handbooks[i]);
    let theme = theme::load(root, &site.config.theme)?;
    let pdfs = fonts.is_some();
    // A whole build streams its playbook pages into the staging folder; one
    // handbook is written beside the built site instead.
    let streamed = std::sync::atomic::AtomicUsize::new(0);
    let (mut out, staging) = match only {
        Some(handbook) => (
            render::render_handbook(&site, &theme, handbook, pdfs)?,
            None,
        ),
        None => {
            let staging = write::Staging::begin(root, &output)?;
            let sink = |rel: &str, bytes: &[u8]| {
                streamed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                staging.put(rel, bytes)
            };
            let out = render::render(&site, &theme, pdfs, &sink)?;
            (out, Some(staging))
        }
    };
    timings.lap("render");
    if let Some(fonts) = &fonts {
        let typeset = typeset(&site, books, fonts, &mut out);
        report.diagnostics.extend(typeset);
        timings.lap("pdf");
    }
    // Fonts and typesetting can add warnings (and, rarely, an error); a
    // dropped staging folder removes itself.
    apply_rules(&site, &mut report.diagnostics);
    diagnostic::sort(&mut report.diagnostics);
    if report.failed(options.strict) {
        report.timings = timings;
        return Ok(report);
    }
    match (staging, only) {
        (Some(staging), _) => staging.finish(&out),
        (None, Some(handbook)) => write::update(root, &output, &out).and_then(|()| {
            // The page no longer links a PDF; an old one must not linger.
            let pdf = render::pdf_path(&handbook.id);
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

#[cfg(feature = "pdf")]
type Fonts = crate::output::pdf::Fonts;
#[cfg(not(feature = "pdf"))]
type Fonts = ();

/// The fonts for the handbooks' PDFs, or `None` (with one warning) when
/// PDFs cannot be made: no font covers Chinese, or this quire was built
/// without PDF support.
fn pdf_fonts(site: &Site, ignore_system: bool, diags: &mut Vec<Diagnostic>) -> Option<Fonts> {
    let first = &site.handbooks.first()?.source.path;
    #[cfg(feature = "pdf")]
    {
        let (fonts, found) = crate::output::pdf::Fonts::discover(&site.root, !ignore_system);
        diags.extend(found);
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
                format!("no PDF handbooks: no font {place} covers Chinese, so the PDFs would show empty boxes; the site and the print pages are built"),
            )
            .with_help("install Noto CJK (Debian and Ubuntu: `apt-get install fonts-noto-cjk`), or put a .ttf/.otf/.ttc font that covers Chinese in fonts/ beside quire.yaml"),
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
                "no PDF handbooks: this quire was built without the `pdf` feature; the site and the print pages are built",
            )
            .with_help("build quire with its default features, or pass --no-pdf to silence this"),
        );
        None
    }
}

/// Writes each handbook (or just `only`) as Typst source, in parallel, and
/// marks those too large to typeset, reporting each; returns the others
/// by index.
#[cfg(feature = "pdf")]
fn write_books(
    site: &mut Site,
    only: Option<usize>,
    fonts: &Fonts,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(usize, crate::output::pdf::Book)> {
    let picked: Vec<usize> = match only {
        Some(i) => vec![i],
        None => (0..site.handbooks.len()).collect(),
    };
    let written: Vec<_> = picked
        .into_par_iter()
        .map(|i| {
            (
                i,
                crate::output::pdf::write(site, &site.handbooks[i], fonts),
            )
        })
        .collect();
    let mut books = Vec::new();
    for (i, book) in written {
        match book {
            Ok(book) => books.push((i, book)),
            Err(refusal) => {
                site.handbooks[i].without_pdf = true;
                diags.push(refusal);
            }
        }
    }
    books
}

#[cfg(not(feature = "pdf"))]
fn write_books(
    _: &mut Site,
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
    site: &Site,
    books: Vec<(usize, crate::output::pdf::Book)>,
    fonts: &Fonts,
    out: &mut render::Output,
) -> Vec<Diagnostic> {
    let results: Vec<_> = books
        .into_par_iter()
        .map(|(i, book)| {
            let h = &site.handbooks[i];
            (
                render::pdf_path(&h.id),
                crate::output::pdf::typeset(site, h, book, fonts),
            )
        })
        .collect();
    let mut diags = Vec::new();
    for (path, (pdf, found)) in results {
        if let Some(bytes) = pdf {
            out.files.insert(path, std::sync::Arc::new(bytes));
        }
        diags.extend(found);
    }
    diags
}

#[cfg(not(feature = "pdf"))]
fn typeset(_: &Site, _: Vec<(usize, ())>, _: &Fonts, _: &mut render::Output) -> Vec<Diagnostic> {
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
