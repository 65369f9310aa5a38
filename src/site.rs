//! The assembled site: configuration, every playbook that will be published,
//! the glossary, and the lookups between them (ids, URLs, tags). Assembling
//! also reports problems that only show across files, such as two playbooks
//! that would be written to the same URL.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::check::Checked;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::glossary::Term;
use crate::handbook::Handbook;
use crate::link::{Graph, Index};
use crate::parse::Playbook;
use crate::source::SourceFile;

/// Output directories the site's own pages use; a playbook may not take them.
pub const RESERVED_DIRS: &[&str] = &[
    "tags/",
    "glossary/",
    "static/",
    "handbooks/",
    "coverage/",
    "search/",
    "review/",
    "404/",
];

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
    /// Handbook definitions with their chapters' playbooks selected.
    pub handbooks: Vec<Handbook>,
    /// What checking found for each playbook, in the order of `playbooks`.
    pub checked: Vec<Checked>,
    /// Lookups for resolving links.
    pub index: Index,
    /// Who links to whom.
    pub graph: Graph,
    by_id: HashMap<String, usize>,
}

impl Site {
    /// Puts the parsed playbooks together, dropping drafts unless asked for,
    /// and reports ids and URLs that collide.
    pub fn assemble(
        root: PathBuf,
        config: Config,
        mut playbooks: Vec<Playbook>,
        glossary: Vec<Term>,
        drafts: bool,
        diags: &mut Vec<Diagnostic>,
    ) -> Site {
        playbooks.retain(|p| drafts || !p.draft);
        playbooks.sort_by(|a, b| a.id.cmp(&b.id).then(a.source.path.cmp(&b.source.path)));
        let mut by_id = HashMap::new();
        let mut by_dir: HashMap<String, usize> = HashMap::new();
        let mut keep = vec![true; playbooks.len()];
        // Pages the site itself writes: kind indexes and everything under the reserved folders.
        let kind_pages: Vec<String> = config
            .kinds
            .iter()
            .map(|k| format!("{}/", k.folder))
            .collect();
        let taken = |dir: &str| {
            dir.is_empty()
                || kind_pages.iter().any(|k| k == dir)
                || RESERVED_DIRS.iter().any(|r| dir.starts_with(r))
        };
        for (i, p) in playbooks.iter().enumerate() {
            if let Some(&first) = by_id.get(&p.id) {
                let other: &Playbook = &playbooks[first];
                diags.push(
                    Diagnostic::file(
                        Severity::Error,
                        "duplicate-id",
                        &p.source.path,
                        format!("`{}` is also the id of {}", p.id, other.source.path),
                    )
                    .with_help("rename one of the files; ids are paths under content/ without the extension"),
                );
                keep[i] = false;
                continue;
            }
            if taken(&p.dir) {
                diags.push(
                    Diagnostic::file(
                        Severity::Error,
                        "duplicate-url",
                        &p.source.path,
                        format!(
                            "the page would be written to `{}`, which the site itself uses",
                            p.dir
                        ),
                    )
                    .with_help("give the playbook another `slug` or file name"),
                );
                keep[i] = false;
                continue;
            }
            if let Some(&first) = by_dir.get(&p.dir) {
                diags.push(
                    Diagnostic::file(
                        Severity::Error,
                        "duplicate-url",
                        &p.source.path,
                        format!(
                            "the page `{}` is also the page of {}",
                            p.dir, playbooks[first].source.path
                        ),
                    )
                    .with_help("give one of them another `slug` or file name"),
                );
                keep[i] = false;
                continue;
            }
            by_id.insert(p.id.clone(), i);
            by_dir.insert(p.dir.clone(), i);
        }
        let mut i = 0;
        playbooks.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        let mut tag_dirs: HashMap<String, &str> = HashMap::new();
        for p in &playbooks {
            for tag in &p.tags {
                let dir = crate::urls::tag_dir(tag);
                match tag_dirs.get(&dir) {
                    Some(other) if *other != tag => diags.push(
                        Diagnostic::file(
                            Severity::Error,
                            "duplicate-url",
                            &p.source.path,
                            format!("the tag `{tag}` would share the page `{dir}` with the tag `{other}`"),
                        )
                        .with_help("use one spelling for the tag; `/`, `?`, `#` and similar characters become `-` in its page's name"),
                    ),
                    Some(_) => {}
                    None => {
                        tag_dirs.insert(dir, tag);
                    }
                }
            }
        }
        let by_id = playbooks
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        Site {
            root,
            config,
            playbooks,
            glossary,
            glossary_source: None,
            handbooks: Vec::new(),
            checked: Vec::new(),
            index: Index::default(),
            graph: Graph::default(),
            by_id,
        }
    }

    /// What checking found for a playbook, if the checks have run.
    pub fn checked(&self, id: &str) -> Option<&Checked> {
        self.by_id.get(id).and_then(|&i| self.checked.get(i))
    }

    pub fn playbook(&self, id: &str) -> Option<&Playbook> {
        self.by_id.get(id).map(|&i| &self.playbooks[i])
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
