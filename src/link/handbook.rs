//! Handbook definitions (`content/handbooks/<id>.yaml`): a title page and
//! ordered chapters that include playbooks by id or by selector
//! (`kind: sop`, `tag: 新人`). This module reads them and settles which
//! playbooks each chapter holds, reporting unknown ids, empty chapters and
//! playbooks included twice. It also owns what every printed form of a
//! handbook shares: where each playbook is placed (chapter and number) and
//! where a link in a placed playbook leads.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::base::codes::Code;
use crate::base::diagnostic::{Cause, Diagnostic};
use crate::base::source::SourceFile;
use crate::input::config::Fields;
use crate::input::glossary::Matcher;
use crate::input::parse::Playbook;
use crate::input::site::Site;
use crate::input::yaml::{self, Node, Value};
use crate::link::{Index, Resolved};
use crate::markdown::{self, LinkTarget, Prepared};
use crate::output::render::term_id;

/// A handbook as written.
#[derive(Debug, Clone)]
pub struct Handbook {
    /// The file stem: `content/handbooks/newcomer.yaml` → `newcomer`.
    pub id: String,
    pub source: SourceFile,
    pub title: String,
    pub subtitle: Option<String>,
    pub audience: Option<String>,
    pub version: Option<String>,
    /// Markdown.
    pub cover_note: Option<String>,
    pub chapters: Vec<Chapter>,
    /// Playbook index → (chapter, position), both counted from 1; set by [`select`].
    pub placed: HashMap<usize, (usize, usize)>,
    /// Set by the build when this handbook gets no PDF although the others
    /// do (it is too large to typeset), so that no page links one.
    pub without_pdf: bool,
}

#[derive(Debug, Clone)]
pub struct Chapter {
    pub title: String,
    /// Markdown.
    pub intro: Option<String>,
    pub include: Vec<Include>,
    /// Where the chapter is written, for diagnostics.
    pub range: Range<usize>,
    /// The playbooks the chapter holds once selectors are expanded, in order.
    pub playbooks: Vec<usize>,
}

/// One entry of a chapter's `include`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Include {
    Id(String, Range<usize>),
    Kind(String, Range<usize>),
    Tag(String, Range<usize>),
}

const KEYS: &[&str] = &[
    "title",
    "subtitle",
    "audience",
    "version",
    "cover_note",
    "chapters",
];
const CHAPTER_KEYS: &[&str] = &["title", "intro", "include"];

/// Reads one handbook definition.
pub fn parse(source: SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Handbook> {
    let root = yaml::parse(&source, 0..source.text.len(), diags)
        .map_err(|d| diags.push(d))
        .ok()?;
    let id = crate::input::load::id_of(&source.path)
        .trim_start_matches("handbooks/")
        .to_string();
    let mut f = Fields::new(&source, diags);
    if !matches!(root.value, Value::Map(_)) {
        f.invalid(
            Code::WrongType,
            &root,
            &format!(
                "a handbook is a mapping with `title` and `chapters`, found {}",
                root.describe()
            ),
        );
        return None;
    }
    for (key, key_node, _) in root.entries() {
        if !KEYS.contains(&key.as_str()) {
            f.unknown_key(&key, key_node, KEYS);
        }
    }
    let mut text = |key: &str| root.get(key).and_then(|n| f.text(key, n));
    let title = text("title").unwrap_or_else(|| id.clone());
    let (subtitle, audience, version, cover_note) = (
        text("subtitle"),
        text("audience"),
        text("version"),
        text("cover_note"),
    );
    let mut chapters = Vec::new();
    match root.get("chapters") {
        Some(node) => match node.as_list() {
            Some(items) => {
                for item in items {
                    chapters.extend(parse_chapter(item, &mut f));
                }
            }
            None => f.invalid(
                Code::WrongType,
                node,
                "`chapters` is a list of chapters, each with a `title` and an `include` list",
            ),
        },
        None => f.invalid(Code::MissingKey, &root, "a handbook needs `chapters`"),
    }
    Some(Handbook {
        id,
        source,
        title,
        subtitle,
        audience,
        version,
        cover_note,
        chapters,
        placed: HashMap::new(),
        without_pdf: false,
    })
}

fn parse_chapter(node: &Node, f: &mut Fields) -> Option<Chapter> {
    if !matches!(node.value, Value::Map(_)) {
        f.invalid(
            Code::WrongType,
            node,
            &format!(
                "a chapter is a mapping with `title` and `include`, found {}",
                node.describe()
            ),
        );
        return None;
    }
    for (key, key_node, _) in node.entries() {
        if !CHAPTER_KEYS.contains(&key.as_str()) {
            f.unknown_key(&key, key_node, CHAPTER_KEYS);
        }
    }
    let title = node
        .get("title")
        .and_then(|n| f.text("title", n))
        .unwrap_or_default();
    let intro = node.get("intro").and_then(|n| f.text("intro", n));
    let mut include = Vec::new();
    if let Some(list) = node.get("include") {
        let items: Vec<&Node> = match list.as_list() {
            Some(items) => items.iter().collect(),
            None if list.is_null() => Vec::new(),
            None => vec![list],
        };
        for item in items {
            if let Some(id) = item.scalar_text() {
                include.push(Include::Id(id, item.span()));
                continue;
            }
            match (
                item.get("kind").and_then(Node::scalar_text),
                item.get("tag").and_then(Node::scalar_text),
            ) {
                (Some(kind), None) => include.push(Include::Kind(kind, item.span())),
                (None, Some(tag)) => include.push(Include::Tag(tag, item.span())),
                _ => f.invalid(
                    Code::WrongType,
                    item,
                    "include a playbook id, or a selector `kind: <kind>` or `tag: <tag>`",
                ),
            }
        }
    }
    Some(Chapter {
        title,
        intro,
        include,
        range: node.span(),
        playbooks: Vec::new(),
    })
}

/// Expands every chapter's includes into playbooks, reporting unknown ids
/// (`broken-link`, or `link-to-draft` and `link-to-unreadable` for files
/// left out), unknown kinds, selectors and chapters that select nothing
/// (`empty-chapter`, a follow-on of the first include that failed), and
/// playbooks included twice (`duplicate-include`). A selector takes the
/// playbooks no earlier chapter holds, as a catch-all chapter means; one
/// left with none is `chapter-already-placed`, a warning, not an empty
/// chapter the author forgot to fill.
pub fn select(handbook: &mut Handbook, site: &Site, index: &Index, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashSet<usize> = HashSet::new();
    for chapter in &mut handbook.chapters {
        let mut picked = Vec::new();
        // What made the first include that failed fail: if the chapter ends
        // up empty, fixing that fills it.
        let mut first_failure: Option<Cause> = None;
        // The first selector whose playbooks were all placed in earlier
        // chapters: a selector takes what is left, and nothing was.
        let mut taken_earlier: Option<&Include> = None;
        let mut failed = |d: Diagnostic, diags: &mut Vec<Diagnostic>| {
            if first_failure.is_none() {
                first_failure = Some(d.caused_by.clone().unwrap_or_else(|| Cause::of(&d)));
            }
            diags.push(d);
        };
        for include in &chapter.include {
            let (found, range): (Vec<usize>, &Range<usize>) = match include {
                Include::Id(id, range) => match index.resolve_global(site, id) {
                    Ok(i) => (vec![i], range),
                    Err(broken) => {
                        let d = crate::link::broken_diagnostic(
                            site,
                            &handbook.source,
                            range.clone(),
                            &broken,
                        );
                        failed(d, diags);
                        continue;
                    }
                },
                Include::Kind(kind, range) => {
                    if site.config.kind(kind).is_none() {
                        let ids: Vec<&str> =
                            site.config.kinds.iter().map(|k| k.id.as_str()).collect();
                        failed(
                            Diagnostic::error(
                                Code::UnknownKind,
                                &handbook.source,
                                range.clone(),
                                format!("unknown kind `{kind}`"),
                            )
                            .with_help(format!("known kinds: {}", ids.join(", "))),
                            diags,
                        );
                        continue;
                    }
                    (
                        site.playbooks
                            .iter()
                            .enumerate()
                            .filter(|(_, p)| &p.kind == kind)
                            .map(|(i, _)| i)
                            .collect(),
                        range,
                    )
                }
                Include::Tag(tag, range) => (
                    site.playbooks
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.tags.contains(tag))
                        .map(|(i, _)| i)
                        .collect(),
                    range,
                ),
            };
            if !matches!(include, Include::Id(..))
                && !found.is_empty()
                && found.iter().all(|i| seen.contains(i))
            {
                taken_earlier.get_or_insert(include);
            }
            for i in found {
                if seen.insert(i) {
                    picked.push(i);
                } else if matches!(include, Include::Id(..)) {
                    diags.push(
                        Diagnostic::warning(
                            Code::DuplicateInclude,
                            &handbook.source,
                            range.clone(),
                            format!("`{}` is already in this handbook", site.playbooks[i].id),
                        )
                        .with_help(
                            "each playbook is printed once; remove this entry or the earlier one",
                        ),
                    );
                }
            }
        }
        if let (true, None, Some(selector)) = (picked.is_empty(), &first_failure, taken_earlier) {
            // Not a mistake: the playbooks are in the book, only earlier.
            let (selector, range) = match selector {
                Include::Kind(kind, range) => (format!("kind: {kind}"), range),
                Include::Tag(tag, range) => (format!("tag: {tag}"), range),
                Include::Id(id, range) => (id.clone(), range),
            };
            diags.push(
                Diagnostic::warning(
                    Code::ChapterAlreadyPlaced,
                    &handbook.source,
                    range.clone(),
                    format!(
                        "every playbook `{selector}` selects is in an earlier chapter, so the chapter `{}` prints only its title and intro",
                        chapter.title
                    ),
                )
                .with_help("a selector takes the playbooks no earlier chapter holds; remove this chapter, or take the playbooks out of the earlier one"),
            );
        } else if picked.is_empty() {
            let help = if first_failure.is_some() {
                "fix the problem it follows from, or list other playbooks under `include:`"
            } else {
                "list playbook ids under `include:`, or a selector such as `kind: sop`"
            };
            diags.push(
                Diagnostic::error(
                    Code::EmptyChapter,
                    &handbook.source,
                    chapter.range.clone(),
                    format!("the chapter `{}` includes no playbook", chapter.title),
                )
                .with_help(help)
                .with_cause(first_failure),
            );
        }
        chapter.playbooks = picked;
    }
    handbook.placed = handbook
        .chapters
        .iter()
        .enumerate()
        .flat_map(|(c, chapter)| {
            chapter
                .playbooks
                .iter()
                .enumerate()
                .map(move |(n, &i)| (i, (c + 1, n + 1)))
        })
        .collect();
}

impl Handbook {
    /// The anchor of a placed playbook: `s2-3` for the third of chapter two.
    /// Its headings' anchors start with it too (`s2-3-步骤`), so they are
    /// unique across the handbook.
    pub fn anchor(&self, playbook: usize) -> Option<String> {
        let (c, n) = self.placed.get(&playbook)?;
        Some(format!("s{c}-{n}"))
    }

    /// The body of placed playbook `i`, ready for any printed form: heading
    /// ids and footnotes under its anchor, headings one level down (below
    /// the chapter and the playbook title), links resolved for the handbook
    /// and glossary terms linked to the appendix.
    pub fn prepare<'a>(
        &self,
        site: &'a Site,
        i: usize,
        matcher: &Matcher,
        site_href: &(dyn Fn(&Playbook) -> String + Sync),
    ) -> Prepared<'a> {
        let p = &site.playbooks[i];
        let resolve = |dest: &str, wiki: bool| self.link_target(site, i, dest, wiki, site_href);
        let term_target = |k: usize| {
            let term = &site.glossary[k];
            (
                format!("#{}", term_id(&term.term)),
                markdown::plain_text(&term.definition),
            )
        };
        let glossary = (site.config.glossary_links && p.glossary_links && !matcher.is_empty())
            .then_some(markdown::TermLinks {
                matcher,
                target: &term_target,
            });
        let prefix = format!("{}-", self.anchor(i).unwrap_or_default());
        // Images and files are linked from the print page's folder.
        let page_dir = crate::output::render::handbook_dir(&self.id);
        markdown::prepare(
            p.body(),
            &markdown::Context {
                language: site.config.language,
                resolve_link: &resolve,
                glossary,
                id_prefix: &prefix,
                heading_shift: 1,
                html: site.config.html,
                files: Some(markdown::FileLinks {
                    assets: &site.assets,
                    source: &p.source.path,
                    page_dir: &page_dir,
                }),
                title: Some(&p.title),
            },
        )
    }

    /// Every placed playbook's prepared body, chapter by chapter, and the
    /// glossary terms they link, in the glossary's order (the appendix is
    /// looked up, not read front to back).
    pub fn bodies<'a>(
        &self,
        site: &'a Site,
        site_href: &(dyn Fn(&Playbook) -> String + Sync),
    ) -> (Vec<Vec<(usize, Prepared<'a>)>>, Vec<usize>) {
        use rayon::prelude::*;
        let matcher = Matcher::new(&site.glossary);
        let chapters: Vec<Vec<(usize, Prepared)>> = self
            .chapters
            .iter()
            .map(|chapter| {
                chapter
                    .playbooks
                    .par_iter()
                    .map(|&i| (i, self.prepare(site, i, &matcher, site_href)))
                    .collect()
            })
            .collect();
        let mut terms: Vec<usize> = chapters
            .iter()
            .flatten()
            .flat_map(|(_, p)| p.terms_used.iter().copied())
            .filter(|&k| k < site.glossary.len())
            .collect();
        terms.sort_unstable();
        terms.dedup();
        (chapters, terms)
    }

    /// Where a link written in playbook `from` leads in this handbook: an
    /// anchor for a placed playbook, a glossary entry of the appendix, or
    /// `site_href` of a playbook the handbook leaves out, with its site
    /// address shown after the link text.
    pub fn link_target(
        &self,
        site: &Site,
        from: usize,
        dest: &str,
        wiki: bool,
        site_href: &(dyn Fn(&Playbook) -> String + Sync),
    ) -> Option<LinkTarget> {
        let local = |anchor: &str| format!("#{}-{anchor}", self.anchor(from).unwrap_or_default());
        let resolved = match site.index.resolve(site, from, dest, wiki) {
            Ok(resolved) => resolved,
            Err(broken) => return broken.leads_nowhere().then(LinkTarget::dead),
        };
        match resolved {
            // A query means nothing at a place in the print page; a link to
            // the site keeps it.
            Resolved::Page {
                target,
                anchor,
                query,
            } => {
                let t = &site.playbooks[target];
                let text = Some(t.title.clone());
                Some(match self.anchor(target) {
                    Some(placed) => LinkTarget {
                        href: match anchor {
                            Some(anchor) => format!("#{placed}-{anchor}"),
                            None => format!("#{placed}"),
                        },
                        text,
                        ..LinkTarget::default()
                    },
                    None => LinkTarget {
                        href: match site_href(t) {
                            href if href.is_empty() => href,
                            href => crate::link::with_rest(
                                href,
                                query,
                                anchor.map(|a| crate::base::urls::encode_fragment(&a)),
                            ),
                        },
                        text,
                        after: Some(format!("（{}{}）", site.config.base_url, t.dir)),
                        ..LinkTarget::default()
                    },
                })
            }
            Resolved::Term(k) => Some(LinkTarget {
                href: format!("#{}", term_id(&site.glossary[k].term)),
                text: Some(site.glossary[k].term.clone()),
                term: Some(k),
                ..LinkTarget::default()
            }),
            Resolved::Anchor(anchor) => Some(LinkTarget {
                href: local(&anchor),
                ..LinkTarget::default()
            }),
            // A page quire makes (a kind's list, the glossary) is not in the
            // handbook: the link goes to the site, and its address is shown.
            Resolved::Listing {
                dir,
                query,
                fragment,
            } => Some(LinkTarget {
                href: crate::link::with_rest(
                    crate::base::urls::href(&format!("handbooks/{}/", self.id), &dir),
                    query,
                    fragment,
                ),
                after: Some(format!("（{}{dir}）", site.config.base_url)),
                ..LinkTarget::default()
            }),
            Resolved::Elsewhere => None,
        }
    }
}
