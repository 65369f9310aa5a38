//! Stage: the links between playbooks. Every reference is resolved in one
//! pass over the whole site: Markdown links to source files
//! (`../sop/welcome.md#步骤`) and to pages in the other forms authors write
//! (`../sop/welcome`, `welcome/`, `/sop/welcome`, `../sop/` for a kind's
//! list, `welcome.html`), wikilinks (`[[sop/welcome#步骤|text]]`,
//! `[[term:邓巴数字]]`), same-page anchors, `related` and reference fields.
//! The same [`Index::resolve`] serves checking and rendering, so what the
//! checks accept is exactly what the site links. A link that names a file
//! the build leaves out (a draft, a file that could not be parsed) is
//! resolved to that file too, so it is reported for what it is.

pub mod handbook;

use crate::base::i18n::Text;
use std::collections::{HashMap, HashSet};

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::base::codes::Code;
use crate::base::diagnostic::{Diagnostic, Severity, Warned};
use crate::base::source::SourceFile;
use crate::base::suggest::edit_distance;
use crate::check::Checked;
use crate::input::handbook::Handbook;
use crate::input::kind::FieldType;
use crate::input::site::{Site, Why};
use crate::input::yaml::Node;
use crate::markdown::anchor_id;

mod forms;
pub use forms::with_rest;
use forms::{listing, page_key, Form};

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Another (or the same) playbook, at a heading id when the link names
    /// one, with the `?query` it was written with.
    Page {
        target: usize,
        anchor: Option<String>,
        query: Option<String>,
    },
    /// A page quire makes itself: the home page (`""`), a kind's list
    /// (`sop/`), `glossary/`, `search/`, `review/`, `coverage/`, `tags/…`;
    /// by its output folder. Its fragment and query are kept as written.
    Listing {
        dir: String,
        query: Option<String>,
        fragment: Option<String>,
    },
    /// A glossary entry, by index.
    Term(usize),
    /// A heading of the page the link is on.
    Anchor(String),
    /// Anything quire does not check: web addresses, images, other files.
    Elsewhere,
}

/// Why a link leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    Link {
        wanted: String,
        suggestions: Vec<String>,
    },
    Ambiguous {
        wanted: String,
        candidates: Vec<String>,
    },
    Anchor {
        target: usize,
        fragment: String,
        headings: Vec<String>,
    },
    Term {
        wanted: String,
        suggestions: Vec<String>,
    },
    /// A playbook file the build leaves out, by index in `Site::left_out`.
    LeftOut(usize),
}

impl Broken {
    /// Whether the link has no page to lead to at all (no such playbook, or
    /// one left out of the build), rather than a page without the heading
    /// it names. Published only when a rule lowered its error, such a link
    /// is shown as its text: a reader never gets a dead href.
    pub fn leads_nowhere(&self) -> bool {
        matches!(
            self,
            Broken::Link { .. } | Broken::Ambiguous { .. } | Broken::LeftOut(_)
        )
    }
}

/// Lookups over the whole site.
#[derive(Debug, Default)]
pub struct Index {
    by_id: HashMap<String, usize>,
    /// File stems and slugs; more than one playbook under a name makes it ambiguous.
    by_name: HashMap<String, Vec<usize>>,
    /// Output folders (`sop/welcome/`), for links written as the page's
    /// address rather than its file.
    by_dir: HashMap<String, usize>,
    anchors: Vec<Anchors>,
    terms: HashMap<String, usize>,
    /// `Site::left_out` by id and by name, looked up only once the
    /// published playbooks have no match.
    left_out_ids: HashMap<String, usize>,
    left_out_names: HashMap<String, Vec<usize>>,
}

/// One playbook's heading ids, held once: sorted, to look one up, with the
/// page's order beside them for the help of a link to a heading it does not
/// have.
#[derive(Debug, Default)]
struct Anchors {
    sorted: Vec<String>,
    /// `sorted[order[k]]` is the page's `k`-th heading id.
    order: Vec<u32>,
}

impl Anchors {
    fn new(ids: &[String]) -> Anchors {
        let mut by_id: Vec<(usize, &String)> = ids.iter().enumerate().collect();
        by_id.sort_by(|a, b| a.1.cmp(b.1));
        let mut order = vec![0; ids.len()];
        for (at, (k, _)) in by_id.iter().enumerate() {
            order[*k] = at as u32;
        }
        Anchors {
            sorted: by_id.into_iter().map(|(_, id)| id.clone()).collect(),
            order,
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.sorted.binary_search_by(|a| a.as_str().cmp(id)).is_ok()
    }

    fn in_page_order(&self) -> Vec<String> {
        self.order
            .iter()
            .map(|&k| self.sorted[k as usize].clone())
            .collect()
    }
}

/// Who links to whom.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Playbooks each playbook's body links to, without repeats.
    pub outgoing: Vec<Vec<usize>>,
    /// Playbooks whose bodies link to each playbook.
    pub incoming: Vec<Vec<usize>>,
    /// `related` in both directions.
    pub related: Vec<Vec<usize>>,
}

impl Index {
    pub fn new(site: &Site, checked: &[Checked]) -> Index {
        let mut index = Index::default();
        for (i, p) in site.playbooks.iter().enumerate() {
            index.by_id.insert(p.id.clone(), i);
            index.by_dir.insert(p.dir.clone(), i);
            let stem = p.id.rsplit('/').next().unwrap_or(&p.id).to_string();
            let slug = p
                .dir
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            for name in [stem, slug] {
                let entry = index.by_name.entry(name).or_default();
                if !entry.contains(&i) {
                    entry.push(i);
                }
            }
            let ids = checked.get(i).map_or(&[][..], |c| c.anchors.as_slice());
            index.anchors.push(Anchors::new(ids));
        }
        for (i, l) in site.left_out.iter().enumerate() {
            index.left_out_ids.entry(l.id.clone()).or_insert(i);
            for name in &l.names {
                index
                    .left_out_names
                    .entry(name.clone())
                    .or_default()
                    .push(i);
            }
        }
        for (i, t) in site.glossary.iter().enumerate() {
            for name in std::iter::once(&t.term).chain(&t.aliases) {
                index.terms.entry(name.to_lowercase()).or_insert(i);
            }
        }
        index
    }

    /// Resolves a link written in playbook `from`.
    pub fn resolve(
        &self,
        site: &Site,
        from: usize,
        dest: &str,
        wiki: bool,
    ) -> Result<Resolved, Broken> {
        let dest = dest.trim();
        if wiki {
            if let Some(term) = dest.strip_prefix("term:") {
                return self.term(site, term.trim());
            }
            let (id, fragment) = split_fragment(dest);
            if id.is_empty() {
                return self
                    .anchor(from, fragment.unwrap_or(""))
                    .map(|a| Resolved::Anchor(a.unwrap_or_default()));
            }
            let target = self.resolve_id(site, from, id)?;
            return Ok(Resolved::Page {
                target,
                anchor: self.anchor(target, fragment.unwrap_or(""))?,
                query: None,
            });
        }
        let (path, fragment) = split_fragment(dest);
        let (path, query) = match path.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path, None),
        };
        if path.is_empty() {
            return match (fragment, query) {
                (Some(f), None) => self
                    .anchor(from, f)
                    .map(|a| Resolved::Anchor(a.unwrap_or_default())),
                _ => Ok(Resolved::Elsewhere),
            };
        }
        // A scheme (`https:`, `mailto:`), a host (`//cdn…`) or a Windows path.
        if path.contains(':') || path.starts_with("//") || path.starts_with('\\') {
            return Ok(Resolved::Elsewhere);
        }
        let path = percent_decode_str(path).decode_utf8_lossy();
        let (key, form) = page_key(&site.playbooks[from], &path);
        let query = query.map(str::to_string);
        let page = |target: usize| -> Result<Resolved, Broken> {
            Ok(Resolved::Page {
                target,
                anchor: self.anchor(target, fragment.unwrap_or(""))?,
                query: query.clone(),
            })
        };
        if let Some(&target) = self.by_id.get(&key) {
            return page(target);
        }
        if form != Form::Source {
            if let Some(&target) = self.by_dir.get(&format!("{key}/")) {
                return page(target);
            }
        }
        if let Some(&left_out) = self.left_out_ids.get(&key) {
            return Err(Broken::LeftOut(left_out));
        }
        if form == Form::File {
            // `plan.pdf`, `logo.png`: not a page, so not resolved here.
            return Ok(Resolved::Elsewhere);
        }
        if form != Form::Source {
            if key == "handbooks" || key.starts_with("handbooks/") {
                // Handbooks are settled after the links; their pages stay unchecked.
                return Ok(Resolved::Elsewhere);
            }
            if let Some(dir) = listing(site, &key) {
                return Ok(Resolved::Listing {
                    dir,
                    query,
                    fragment: fragment.filter(|f| !f.is_empty()).map(str::to_string),
                });
            }
        }
        if form == Form::Html {
            // Not a page: a file of `static/` or of another tool, unchecked as before.
            return Ok(Resolved::Elsewhere);
        }
        Err(Broken::Link {
            suggestions: self.suggest(&key),
            wanted: key,
        })
    }

    /// Resolves a playbook id as written in a wikilink or a front-matter
    /// reference: the full id, an id relative to the linking playbook's
    /// folder, or a file stem or slug that only one playbook has. The ids
    /// are tried on the published playbooks, then on the left-out files,
    /// before any name: a draft in the same folder is what `[[x]]` means,
    /// even when another folder has a published `x`, as it will mean once
    /// the draft is published.
    pub fn resolve_id(&self, site: &Site, from: usize, id: &str) -> Result<usize, Broken> {
        let id = id.trim().trim_end_matches(".md").trim_matches('/');
        let folder = site.playbooks[from]
            .id
            .rsplit_once('/')
            .map_or("", |(f, _)| f);
        let ids = [id.to_string(), format!("{folder}/{id}")];
        if let Some(&i) = ids.iter().find_map(|id| self.by_id.get(id)) {
            return Ok(i);
        }
        if let Some(&l) = ids.iter().find_map(|id| self.left_out_ids.get(id)) {
            return Err(Broken::LeftOut(l));
        }
        self.resolve_name(site, id)
    }

    /// Resolves an id written outside any playbook (handbooks, the glossary):
    /// the full id, or a file stem or slug that only one playbook has.
    pub fn resolve_global(&self, site: &Site, id: &str) -> Result<usize, Broken> {
        let id = id.trim().trim_end_matches(".md").trim_matches('/');
        if let Some(&i) = self.by_id.get(id) {
            return Ok(i);
        }
        if let Some(&l) = self.left_out_ids.get(id) {
            return Err(Broken::LeftOut(l));
        }
        self.resolve_name(site, id)
    }

    /// A file stem or slug that only one playbook has, or else only one
    /// left-out file.
    fn resolve_name(&self, site: &Site, id: &str) -> Result<usize, Broken> {
        match self.by_name.get(id).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(many) if many.len() > 1 => Err(Broken::Ambiguous {
                wanted: id.to_string(),
                candidates: many.iter().map(|&i| site.playbooks[i].id.clone()).collect(),
            }),
            _ => match self.left_out_names.get(id).map(Vec::as_slice) {
                Some([one]) => Err(Broken::LeftOut(*one)),
                _ => Err(Broken::Link {
                    wanted: id.to_string(),
                    suggestions: self.suggest(id),
                }),
            },
        }
    }

    /// The canonical heading id a fragment names on `target`: the id itself,
    /// or the heading text it was made from (`#干货分享（语音）`).
    fn anchor(&self, target: usize, fragment: &str) -> Result<Option<String>, Broken> {
        if fragment.is_empty() {
            return Ok(None);
        }
        let decoded = percent_decode_str(fragment)
            .decode_utf8_lossy()
            .into_owned();
        let anchors = &self.anchors[target];
        if anchors.contains(&decoded) {
            return Ok(Some(decoded));
        }
        let normalized = anchor_id(&decoded);
        if anchors.contains(&normalized) {
            return Ok(Some(normalized));
        }
        let headings = anchors.in_page_order();
        Err(Broken::Anchor {
            target,
            fragment: decoded,
            headings,
        })
    }

    fn term(&self, site: &Site, term: &str) -> Result<Resolved, Broken> {
        match self.terms.get(&term.to_lowercase()) {
            Some(&i) => Ok(Resolved::Term(i)),
            None => {
                let names: Vec<&str> = site.glossary.iter().map(|t| t.term.as_str()).collect();
                Err(Broken::Term {
                    wanted: term.to_string(),
                    suggestions: nearest(term, names.into_iter()),
                })
            }
        }
    }

    fn suggest(&self, id: &str) -> Vec<String> {
        nearest(
            id,
            self.by_id
                .keys()
                .map(String::as_str)
                .chain(self.by_name.keys().map(String::as_str)),
        )
    }
}

/// Up to three candidates nearest to `wanted` by edit distance over
/// characters (one Chinese character is one edit), near enough to be a typo.
fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let limit = (wanted.chars().count() / 2).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| c.to_string())
        .collect()
}

fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    }
}

/// What linking found: the index every reference is resolved with, and
/// who links to whom.
#[derive(Debug, Default)]
pub struct Links {
    pub index: Index,
    pub graph: Graph,
}

/// Stage: resolves every reference in the site (body links, `related` and
/// reference fields) against the playbooks and the headings `checked` found
/// in them. Returns the index and the link graph, with the problems found.
pub fn link(site: &Site, checked: &[Checked]) -> Warned<Links> {
    let index = Index::new(site, checked);
    let per_playbook: Vec<(Vec<usize>, Vec<usize>, Vec<Diagnostic>)> = (0..site.playbooks.len())
        .into_par_iter()
        .map(|i| {
            let mut diags = Vec::new();
            let outgoing = body_links(site, &index, checked.get(i), i, &mut diags);
            let related = front_matter_refs(site, &index, i, &mut diags);
            (outgoing, related, diags)
        })
        .collect();
    let n = site.playbooks.len();
    let mut graph = Graph {
        outgoing: Vec::with_capacity(n),
        incoming: vec![Vec::new(); n],
        related: vec![Vec::new(); n],
    };
    let mut diags = Vec::new();
    for (i, (outgoing, related, found)) in per_playbook.into_iter().enumerate() {
        for &t in &outgoing {
            graph.incoming[t].push(i);
        }
        for &r in &related {
            for (a, b) in [(i, r), (r, i)] {
                if !graph.related[a].contains(&b) {
                    graph.related[a].push(b);
                }
            }
        }
        graph.outgoing.push(outgoing);
        diags.extend(found);
    }
    Warned::new(Links { index, graph }, diags)
}

fn body_links(
    site: &Site,
    index: &Index,
    checked: Option<&Checked>,
    i: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let p = &site.playbooks[i];
    let Some(checked) = checked else {
        return Vec::new();
    };
    let mut outgoing = Vec::new();
    for link in &checked.links {
        let range = p.file_range(link.range.clone());
        match index.resolve(site, i, &link.dest, link.wiki) {
            Ok(Resolved::Page { target, anchor, .. }) => {
                if target == i && anchor.is_none() {
                    diags.push(
                        Diagnostic::warning(
                            Code::SelfLink,
                            &p.source,
                            range,
                            crate::tr!(
                                "这个链接指向它所在的页面",
                                "this links to the page it is on"
                            ),
                        )
                        .with_help(crate::tr!(
                            "用 `#…` 链接到某个标题，或者链接到另一篇手册",
                            "link to a heading with `#…`, or to another playbook"
                        )),
                    );
                } else if target != i && !outgoing.contains(&target) {
                    outgoing.push(target);
                }
            }
            Ok(_) => {}
            Err(broken) => diags.push(broken_diagnostic(site, &p.source, range, &broken)),
        }
    }
    outgoing
}

/// `related` and every field of a reference type; returns the related playbooks.
fn front_matter_refs(
    site: &Site,
    index: &Index,
    i: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let p = &site.playbooks[i];
    let mut fields = vec!["related".to_string()];
    if let Some(kind) = site.config.kind(&p.kind) {
        fields.extend(
            kind.elements
                .iter()
                .filter(|e| e.field_type == FieldType::Ref)
                .filter_map(|e| e.field.clone()),
        );
    }
    let mut related = Vec::new();
    for field in &fields {
        let Some(node) = p.front_matter.get(field) else {
            continue;
        };
        let nodes: Vec<&Node> = match node.as_list() {
            Some(items) => items.iter().collect(),
            None => vec![node],
        };
        for n in nodes {
            let Some(id) = n.scalar_text() else { continue };
            match index.resolve_id(site, i, &id) {
                Ok(t) if t == i => diags.push(
                    Diagnostic::warning(
                        Code::SelfLink,
                        &p.source,
                        n.span(),
                        crate::tr!(
                            "`{field}` 写的是这篇手册自己",
                            "`{field}` names this playbook itself"
                        ),
                    )
                    .with_help(crate::tr!("把它从列表里删掉", "remove it from the list")),
                ),
                Ok(t) => {
                    if field == "related" && !related.contains(&t) {
                        related.push(t);
                    }
                }
                Err(broken) => diags.push(broken_diagnostic(site, &p.source, n.span(), &broken)),
            }
        }
    }
    related
}

/// The diagnostic for a reference that leads nowhere, written at `range` of `source`.
pub fn broken_diagnostic(
    site: &Site,
    source: &SourceFile,
    range: std::ops::Range<usize>,
    broken: &Broken,
) -> Diagnostic {
    let list = |items: &[String]| {
        let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
        Text::list(&quoted)
    };
    // Suggestions are alternatives: "a 或 b", "a, b".
    let or_list = |items: &[String]| {
        let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
        Text {
            zh: quoted.join(" 或 "),
            en: quoted.join(", "),
        }
    };
    match broken {
        Broken::LeftOut(which) => {
            let left_out = &site.left_out[*which];
            let (id, path) = (&left_out.id, &left_out.path);
            match &left_out.why {
                // An error: the published site would hold a dead link.
                Why::Draft => Diagnostic::error(
                    Code::LinkToDraft,
                    source,
                    range,
                    crate::tr!("`{id}` 是草稿（{path} 里写着 `draft: true`），发布的站点里这个链接会打不开", "`{id}` is a draft (`draft: true` in {path}), so this link would lead nowhere in the published site"),
                )
                .with_help(crate::tr!(
                    "删掉 {path} 里的 `draft: true` 就会发布它，或者用 `--drafts` 构建", "remove `draft: true` from {path} to publish it, or build with `--drafts`"
                )),
                // A warning when the file's own error already fails the
                // run; an error when nothing else would stop a build from
                // publishing the dead link (an empty file is only a warning).
                Why::Unreadable { cause, fails } => Diagnostic::at(
                    if *fails { Severity::Warning } else { Severity::Error },
                    Code::LinkToUnreadable,
                    source,
                    range,
                    match cause {
                        Some(c) if c.code == "empty-file" => crate::tr!(
                            "`{id}` 是空文件，没有页面，这个链接打不开",
                            "`{id}` is an empty file, so it has no page and this link leads nowhere"
                        ),
                        _ => crate::tr!(
                            "`{id}` 这篇手册本身有错误，quire 读不了它，所以暂时检查不了这个链接",
                            "`{id}` could not be read, so this link cannot be checked yet"
                        ),
                    },
                )
                .with_help(crate::tr!(
                    "先改好 {path} 里报的问题，改好后 quire 会重新检查这个链接", "fix the problem reported in {path}; the link is checked again then"
                ))
                .with_cause(cause.clone()),
            }
        }
        Broken::Link {
            wanted,
            suggestions,
        } => {
            let d = Diagnostic::error(
                Code::BrokenLink,
                source,
                range,
                crate::tr!("找不到叫 `{wanted}` 的手册", "no playbook `{wanted}`"),
            );
            if let Some(web) = web_address_without_scheme(wanted) {
                d.with_help(crate::tr!(
                    "`{web}` 看起来像网址：要写上协议，`https://{web}`",
                    "`{web}` looks like a web address: write it with its scheme, `https://{web}`"
                ))
            } else if suggestions.is_empty() {
                d.with_help(crate::tr!("链接要写手册的 id：content/ 下面去掉扩展名的路径，例如 `sop/welcome`", "link to a playbook id: its path under content/ without the extension, e.g. `sop/welcome`"))
            } else {
                d.with_help(crate::tr!(
                    "是不是想写 {}？如果这篇手册还没写，先把它建好，或者删掉这个链接",
                    "did you mean {}?",
                    or_list(suggestions)
                ))
            }
        }
        Broken::Ambiguous { wanted, candidates } => Diagnostic::error(
            Code::AmbiguousLink,
            source,
            range,
            crate::tr!(
                "有好几篇手册都叫 `{wanted}`",
                "`{wanted}` is the name of several playbooks"
            ),
        )
        .with_help(crate::tr!(
            "写完整的 id：{}",
            "write the full id: {}",
            list(candidates)
        )),
        Broken::Anchor {
            target,
            fragment,
            headings,
        } => {
            let title = &site.playbooks[*target].title;
            let d = Diagnostic::error(
                Code::BrokenAnchor,
                source,
                range,
                crate::tr!(
                    "`{title}` 里没有标题 `#{fragment}`",
                    "`{title}` has no heading `#{fragment}`"
                ),
            );
            if headings.is_empty() {
                d.with_help(crate::tr!(
                    "那篇手册没有标题；直接链接到那一页",
                    "that playbook has no headings; link to the page itself"
                ))
            } else {
                d.with_help(crate::tr!(
                    "它的标题有：{}",
                    "its headings: {}",
                    list(&headings.iter().take(12).cloned().collect::<Vec<_>>())
                ))
            }
        }
        Broken::Term {
            wanted,
            suggestions,
        } => {
            let d = Diagnostic::error(
                Code::UnknownTerm,
                source,
                range,
                crate::tr!(
                    "术语表里没有 `{wanted}` 这个术语",
                    "no glossary term `{wanted}`"
                ),
            );
            if let Some(cause) = &site.glossary_failure {
                d.with_help(crate::tr!(
                    "{} 里一个术语也没读出来；先改好它的错误",
                    "no term could be read from {}; fix its error first",
                    cause.file
                ))
                .with_cause(Some(cause.clone()))
            } else if suggestions.is_empty() {
                d.with_help(crate::tr!(
                    "把这个术语加到 content/glossary.yaml",
                    "add the term to content/glossary.yaml"
                ))
            } else {
                d.with_help(crate::tr!(
                    "是不是想写 {}？或者把它加到 content/glossary.yaml",
                    "did you mean {}? or add it to content/glossary.yaml",
                    list(suggestions)
                ))
            }
        }
    }
}

/// The glossary's `see` ids must name playbooks.
pub fn check_glossary(site: &Site, index: &Index, diags: &mut Vec<Diagnostic>) {
    let Some(source) = &site.glossary_source else {
        return;
    };
    for term in &site.glossary {
        for (id, range) in &term.see {
            if let Err(broken) = index.resolve_global(site, id) {
                diags.push(broken_diagnostic(site, source, range.clone(), &broken));
            }
        }
    }
}

/// `orphan` warnings: playbooks that no other playbook links to or lists as
/// related, and that no handbook includes.
pub fn orphans(site: &Site, graph: &Graph, handbooks: &[Handbook], diags: &mut Vec<Diagnostic>) {
    let in_handbook: HashSet<usize> = handbooks
        .iter()
        .flat_map(|h| h.chapters.iter().flat_map(|c| c.playbooks.iter().copied()))
        .collect();
    for (i, p) in site.playbooks.iter().enumerate() {
        let linked = graph.incoming.get(i).is_some_and(|v| !v.is_empty());
        let related = graph.related.get(i).is_some_and(|v| !v.is_empty());
        // A landing page is reached through its folder's address.
        if !linked && !related && !in_handbook.contains(&i) && !p.landing {
            diags.push(
                Diagnostic::warning(Code::Orphan, &p.source, p.front_matter_start(), crate::tr!("没有别的手册链接到这篇，也没有哪本培训手册收录它", "nothing links to this playbook and no handbook includes it"))
                    .with_help(crate::tr!("在相关的手册里加一个指向它的链接（写法如 `[[…]]`），或者把它写进另一篇手册的 `related` 字段，或者收进一本培训手册", "link to it from a related playbook (e.g. `[[…]]`), list it in another playbook's `related`, or include it in a handbook")),
            );
        }
    }
}

/// The part of a link read as a page path that is a web address written
/// without `https://` (`github.com/someone` in `ch2/github.com/someone`): a
/// segment that ends in a common top-level domain, and what follows it.
fn web_address_without_scheme(wanted: &str) -> Option<&str> {
    const DOMAINS: [&str; 12] = [
        "com", "cn", "org", "net", "io", "dev", "me", "edu", "gov", "app", "top", "xyz",
    ];
    let mut at = 0;
    for segment in wanted.split('/') {
        let host = segment.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && DOMAINS.contains(&tld.to_ascii_lowercase().as_str())
        });
        if host {
            return Some(&wanted[at..]);
        }
        at += segment.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_host_written_without_its_scheme_is_found_in_the_path() {
        use super::web_address_without_scheme as web;
        assert_eq!(
            web("ch2/github.com/Dreadful-Me"),
            Some("github.com/Dreadful-Me")
        );
        assert_eq!(web("www.example.cn"), Some("www.example.cn"));
        assert_eq!(web("sop/welcome"), None);
        assert_eq!(web("sop/v1.2"), None);
    }

    #[test]
    fn anchors_are_found_by_id_and_listed_in_page_order() {
        let ids: Vec<String> = ["目标", "步骤", "话术", "复盘-2"].map(String::from).into();
        let anchors = super::Anchors::new(&ids);
        assert!(anchors.contains("话术") && anchors.contains("复盘-2"));
        assert!(!anchors.contains("指标") && !anchors.contains(""));
        assert_eq!(anchors.in_page_order(), ids);
        assert_eq!(
            super::Anchors::new(&[]).in_page_order(),
            Vec::<String>::new()
        );
    }
}
