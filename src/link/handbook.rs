//! Handbook layouts: which playbooks each chapter of a definition
//! (`input::handbook`) holds, reporting unknown ids, empty chapters and
//! playbooks included twice, and what every printed form of a handbook
//! shares: where each playbook is placed (chapter and number) and where a
//! link in a placed playbook leads.

use std::collections::HashSet;
use std::ops::Range;

use crate::base::codes::Code;
use crate::base::diagnostic::{Cause, Diagnostic};
use crate::input::handbook::{Handbook, Include};
use crate::input::parse::Playbook;
use crate::input::site::Site;
use crate::link::{Index, Resolved};
use crate::markdown::term_id;
use crate::markdown::terms::Matcher;
use crate::markdown::{self, LinkTarget, Prepared};

/// Stage: expands every chapter's includes into playbooks, reporting unknown ids
/// (`broken-link`, or `link-to-draft` and `link-to-unreadable` for files
/// left out), unknown kinds, selectors and chapters that select nothing
/// (`empty-chapter`, a follow-on of the first include that failed), and
/// playbooks included twice (`duplicate-include`). A selector takes the
/// playbooks no earlier chapter holds, as a catch-all chapter means; one
/// left with none is `chapter-already-placed`, a warning, not an empty
/// chapter the author forgot to fill.
pub fn select(
    mut handbook: Handbook,
    site: &Site,
    index: &Index,
    diags: &mut Vec<Diagnostic>,
) -> Handbook {
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
                                crate::tr!("不认识的类型 `{kind}`", "unknown kind `{kind}`"),
                            )
                            .with_help(crate::tr!(
                                "可以用的类型：{}",
                                "known kinds: {}",
                                crate::base::i18n::Text::list(&ids)
                            )),
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
                            crate::tr!(
                                "`{}` 已经在这本培训手册里了",
                                "`{}` is already in this handbook",
                                site.playbooks[i].id
                            ),
                        )
                        .with_help(crate::tr!(
                            "每篇手册只印一次；删掉这一条或前面那一条",
                            "each playbook is printed once; remove this entry or the earlier one"
                        )),
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
                    crate::tr!(
                        "`{selector}` 选中的手册都已经在前面的章里了，所以 `{}` 这一章只印出标题和导语", "every playbook `{selector}` selects is in an earlier chapter, so the chapter `{}` prints only its title and intro",
                        chapter.title
                    ),
                )
                .with_help(crate::tr!("选择条件只会选中前面各章都没有收录的手册；删掉这一章，或者把那些手册从前面的章里拿出来", "a selector takes the playbooks no earlier chapter holds; remove this chapter, or take the playbooks out of the earlier one")),
            );
        } else if picked.is_empty() {
            let help = if first_failure.is_some() {
                crate::tr!(
                    "改好引起它的那个问题，或者在 `include:` 下面列别的手册",
                    "fix the problem it follows from, or list other playbooks under `include:`"
                )
            } else {
                crate::tr!(
                    "在 `include:` 下面列出手册 id，或者写选择条件，例如 `kind: sop`",
                    "list playbook ids under `include:`, or a selector such as `kind: sop`"
                )
            };
            diags.push(
                Diagnostic::error(
                    Code::EmptyChapter,
                    &handbook.source,
                    chapter.range.clone(),
                    crate::tr!(
                        "`{}` 这一章没有收录任何手册",
                        "the chapter `{}` includes no playbook",
                        chapter.title
                    ),
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
    handbook
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
        index: &Index,
        i: usize,
        matcher: &Matcher,
        site_href: &(dyn Fn(&Playbook) -> String + Sync),
    ) -> Prepared<'a> {
        let p = &site.playbooks[i];
        let resolve =
            |dest: &str, wiki: bool| self.link_target(site, index, i, dest, wiki, site_href);
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
        let page_dir = crate::base::urls::handbook_dir(&self.id);
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
        index: &Index,
        site_href: &(dyn Fn(&Playbook) -> String + Sync),
    ) -> (Vec<Vec<(usize, Prepared<'a>)>>, Vec<usize>) {
        use rayon::prelude::*;
        let matcher = crate::input::glossary::matcher(&site.glossary);
        let chapters: Vec<Vec<(usize, Prepared)>> = self
            .chapters
            .iter()
            .map(|chapter| {
                chapter
                    .playbooks
                    .par_iter()
                    .map(|&i| (i, self.prepare(site, index, i, &matcher, site_href)))
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
        index: &Index,
        from: usize,
        dest: &str,
        wiki: bool,
        site_href: &(dyn Fn(&Playbook) -> String + Sync),
    ) -> Option<LinkTarget> {
        let local = |anchor: &str| format!("#{}-{anchor}", self.anchor(from).unwrap_or_default());
        let resolved = match index.resolve(site, from, dest, wiki) {
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
