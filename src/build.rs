//! The pipeline, start to finish: load → parse → assemble → check → link →
//! render → write.
//! Content problems are collected as diagnostics across the whole site; only
//! when there are no errors is anything written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::config::{self, Config};
use crate::diagnostic::{self, Diagnostic};
use crate::parse::Playbook;
use crate::site::Site;
use crate::{check, dates, glossary, handbook, link, load, parse, render, theme, write};
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
    let mut config = load_config(root, diags);
    if let Some(url) = base_url {
        config.base_url = config::normalize_base_url(url);
    }
    let known = &cache.files;
    let unchanged = |rel: &str, stamp: &load::Stamp| {
        stamp.is_some() && known.get(rel).is_some_and(|c| c.stamp == *stamp)
    };
    let content = load::load_except(root, diags, &unchanged);
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
    for rel in content.unchanged {
        if let Some(c) = cache.files.remove(&rel) {
            diags.extend(c.diags.iter().cloned());
            playbooks.extend(c.playbook.clone());
            files.insert(rel, c);
        }
    }
    cache
        .fresh
        .extend(parsed.iter().map(|(path, ..)| path.clone()));
    for (path, stamp, playbook, found) in parsed {
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

    site.index = link::Index::new(&site);
    let (graph, found) = link::link(&site);
    site.graph = graph;
    diags.extend(found);
    for handbook in &mut handbooks {
        handbook::select(handbook, &site, &site.index, diags);
    }
    site.handbooks = handbooks;
    link::check_glossary(&site, diags);
    if strict || site.config.orphans {
        link::orphans(&site, diags);
    }
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
    let site = load_site(
        root,
        options.base_url.as_deref(),
        options.drafts,
        options.strict,
        &mut diags,
    )?;
    diagnostic::sort(&mut diags);
    let mut report = Report {
        playbooks: site.playbooks.len(),
        diagnostics: diags,
        written: None,
        output: output.clone(),
    };
    if report.failed(options.strict) {
        return Ok(report);
    }
    let theme = theme::load(root, &site.config.theme)?;
    let out = render::render(&site, &theme)?;
    write::write(root, &output, &out)
        .with_context(|| format!("cannot write the site to {}", output.display()))?;
    report.written = Some(out.files.len());
    Ok(report)
}
