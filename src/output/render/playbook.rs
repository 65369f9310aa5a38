//! A playbook's page: its body rendered with links resolved for the site,
//! its timeline, the kind sidebar and previous/next, and the pages that link
//! to it.

use serde::Serialize;

use super::{Link, Renderer, TagEntry};
use crate::base::urls::{self, tag_dir};
use crate::input::parse::Playbook;
use crate::link::Resolved;
use crate::markdown;
use crate::markdown::term_id;

#[derive(Serialize)]
pub(super) struct PlaybookPage {
    id: String,
    title: String,
    summary: Option<String>,
    kind: String,
    kind_name: String,
    kind_href: String,
    owner: Option<String>,
    reviewed: Option<String>,
    review_every: Option<String>,
    audience: Option<String>,
    draft: bool,
    tags: Vec<TagEntry>,
    toc: Vec<markdown::Heading>,
    content: String,
    related: Vec<Link>,
    referenced_by: Vec<LinkGroup>,
    /// `(covered, required)` elements of the kind.
    score: Option<(usize, usize)>,
    coverage_href: String,
    /// The printable checklist of an SOP's steps.
    checklist_href: Option<String>,
    timeline: Option<crate::output::timeline::Timeline>,
    /// The elements covered by a front-matter field, for the facts box.
    facts: Vec<FactRow>,
    /// The sidebar: the pages of this one's folder around it.
    sidebar: Sidebar,
    /// The folders above this page, from the top, for the breadcrumbs.
    crumbs: Vec<Link>,
    /// A landing page's list: its folder's pages, then its folders.
    children: Vec<Link>,
    /// The id of the title, when the body opened with it as a `# ` heading:
    /// a link to that heading's anchor lands on the title.
    title_id: Option<String>,
    prev: Option<Link>,
    next: Option<Link>,
    /// The preview's box of this file's diagnostics (never in a published site).
    problems: Option<super::problems::Marker>,
}

/// One row of a facts box: an element and what its field says.
#[derive(Serialize)]
pub(super) struct FactRow {
    label: String,
    /// The value as text; empty when `links` holds it.
    value: String,
    /// A `ref` field's playbooks.
    links: Vec<FactLink>,
}

#[derive(Serialize)]
pub(super) struct FactLink {
    title: String,
    /// Empty when the id leads nowhere (the check reported it).
    href: String,
}

#[derive(Serialize)]
struct Sidebar {
    /// The folder's title.
    kind: String,
    href: String,
    count: usize,
    /// Playbooks shown before this one's neighbours are cut off.
    items: Vec<SidebarItem>,
    more: bool,
    /// The folders above this one, from the top (each closed).
    up: Vec<Link>,
    /// The folders in this one.
    folders: Vec<Link>,
}

#[derive(Serialize)]
struct SidebarItem {
    title: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct LinkGroup {
    name: String,
    links: Vec<Link>,
}

impl PlaybookPage {
    /// The rendered body, for a landing page shown inside a list page.
    pub(super) fn into_content(self) -> String {
        self.content
    }
}

impl Renderer<'_> {
    /// Where a link written in playbook `from` leads, for the Markdown renderer.
    fn link_target(&self, from: usize, dest: &str, wiki: bool) -> Option<markdown::LinkTarget> {
        let p = &self.site.playbooks[from];
        let resolved = match self.built.links.index.resolve(self.site, from, dest, wiki) {
            Ok(resolved) => resolved,
            Err(broken) => return broken.leads_nowhere().then(markdown::LinkTarget::dead),
        };
        match resolved {
            Resolved::Page {
                target,
                anchor,
                query,
            } => {
                let t = &self.site.playbooks[target];
                let mut href = if target == from && query.is_none() {
                    String::new()
                } else {
                    urls::href_encoded(&p.dir, &t.url)
                };
                if let Some(query) = query {
                    href.push('?');
                    href.push_str(&query);
                }
                if let Some(anchor) = anchor {
                    href.push('#');
                    href.push_str(&urls::encode_fragment(&anchor));
                }
                Some(markdown::LinkTarget {
                    href,
                    text: Some(t.title.clone()),
                    ..Default::default()
                })
            }
            Resolved::Term(k) => {
                let (href, tooltip) = self.term_target(&p.dir, k);
                Some(markdown::LinkTarget {
                    href,
                    text: Some(self.site.glossary[k].term.clone()),
                    title: Some(tooltip),
                    term: Some(k),
                    ..Default::default()
                })
            }
            Resolved::Anchor(anchor) => Some(markdown::LinkTarget {
                href: format!("#{}", urls::encode_fragment(&anchor)),
                ..Default::default()
            }),
            Resolved::Listing {
                dir,
                query,
                fragment,
            } => Some(markdown::LinkTarget {
                href: crate::link::with_rest(urls::href(&p.dir, &dir), query, fragment),
                ..Default::default()
            }),
            Resolved::Elsewhere => None,
        }
    }

    /// The href of glossary term `k` from page `dir`, and its tooltip.
    fn term_target(&self, dir: &str, k: usize) -> (String, String) {
        let term = &self.site.glossary[k];
        let href = format!(
            "{}#{}",
            urls::href(dir, "glossary/"),
            urls::encode_fragment(&term_id(&term.term))
        );
        (href, self.tooltips[k].clone())
    }

    /// The page of playbook `i`, and the glossary terms it links.
    /// The page of playbook `i`, the glossary terms it links, and its search
    /// index entry (from the same parse).
    pub(super) fn playbook(
        &self,
        i: usize,
        p: &Playbook,
        budget: usize,
    ) -> (PlaybookPage, Vec<usize>, String) {
        let resolve = |dest: &str, wiki: bool| self.link_target(i, dest, wiki);
        let term_target = |k: usize| self.term_target(&p.dir, k);
        let glossary =
            (self.site.config.glossary_links && p.glossary_links && !self.matcher.is_empty())
                .then_some(markdown::TermLinks {
                    matcher: &self.matcher,
                    target: &term_target,
                });
        let prepared = markdown::prepare(
            p.body(),
            &markdown::Context {
                language: self.lang(),
                resolve_link: &resolve,
                glossary,
                id_prefix: "",
                heading_shift: 0,
                html: self.site.config.html,
                files: Some(markdown::FileLinks {
                    assets: &self.site.assets,
                    source: &p.source.path,
                    page_dir: &p.dir,
                }),
                title: Some(&p.title),
            },
        );
        let entry = crate::output::search::entry(self.site, i, &prepared.events, budget);
        let rendered = markdown::to_html(prepared, self.lang());
        let kind_folder = self
            .site
            .config
            .kind(&p.kind)
            .map_or("", |k| k.folder.as_str());
        let timeline = self.timeline(i, &rendered.headings);
        let folder = crate::input::site::folder_of(p);
        // The crumbs lead to the folders above; a landing page is its folder.
        let crumbs = match p.landing {
            true => self.folders_up(folder, &p.dir),
            false => {
                let mut up = self.folders_up(folder, &p.dir);
                if !folder.is_empty() {
                    up.push(self.folder_link(folder, &p.dir));
                }
                up
            }
        };
        let title_id = markdown::first_title(p.body())
            .filter(|t| *t == p.title)
            .map(|t| markdown::anchor_id(&t));
        let page = PlaybookPage {
            id: p.id.clone(),
            title: p.title.clone(),
            summary: p.summary.clone(),
            kind: p.kind.clone(),
            kind_name: self.kind_name(&p.kind),
            kind_href: urls::href(&p.dir, &format!("{kind_folder}/")),
            owner: p.owner.clone(),
            reviewed: p.reviewed.map(|d| d.to_string()),
            review_every: p.review_every.map(|d| d.to_string()),
            audience: p.audience.clone(),
            draft: p.draft,
            tags: p
                .tags
                .iter()
                .map(|t| TagEntry {
                    name: t.clone(),
                    href: urls::href(&p.dir, &tag_dir(t)),
                    count: 0,
                })
                .collect(),
            toc: rendered
                .headings
                .into_iter()
                .filter(|h| h.level == 2 || h.level == 3)
                .collect(),
            content: rendered.html,
            score: self
                .built
                .checked
                .get(i)
                .map(|c| c.score())
                .filter(|(_, total)| *total > 0),
            coverage_href: format!(
                "{}#{}",
                urls::href(&p.dir, "coverage/"),
                urls::encode_fragment(&format!("kind-{}", p.kind))
            ),
            checklist_href: self
                .built
                .checked
                .get(i)
                .filter(|c| !c.steps.is_empty())
                .map(|_| "checklist.html".to_string()),
            timeline,
            facts: self.facts(i, &|t| {
                urls::href_encoded(&p.dir, &self.site.playbooks[t].url)
            }),
            sidebar: self.sidebar(i, &p.dir),
            crumbs,
            children: if p.landing {
                self.folder_entries(folder, &p.dir)
            } else {
                Vec::new()
            },
            title_id,
            prev: self
                .neighbour(i, -1)
                .map(|t| self.link(&p.dir, &self.site.playbooks[t])),
            next: self
                .neighbour(i, 1)
                .map(|t| self.link(&p.dir, &self.site.playbooks[t])),
            related: self
                .built
                .links
                .graph
                .related
                .get(i)
                .map_or_else(Vec::new, |r| {
                    r.iter()
                        .map(|&t| self.link(&p.dir, &self.site.playbooks[t]))
                        .collect()
                }),
            referenced_by: self.referenced_by(i, &p.dir),
            problems: self.marker(&p.source.path),
        };
        (page, rendered.terms_used, entry)
    }

    /// The facts box of playbook `i`: each element its front matter covers
    /// by a field. `href` says where a referenced playbook is from the page.
    pub(super) fn facts(&self, i: usize, href: &dyn Fn(usize) -> String) -> Vec<FactRow> {
        let p = &self.site.playbooks[i];
        let Some(kind) = self.site.config.kind(&p.kind) else {
            return Vec::new();
        };
        crate::output::facts::facts(p, kind, self.lang())
            .into_iter()
            .map(|fact| match fact.value {
                crate::output::facts::FactValue::Text(value) => FactRow {
                    label: fact.label,
                    value,
                    links: Vec::new(),
                },
                crate::output::facts::FactValue::Refs(ids) => FactRow {
                    label: fact.label,
                    value: String::new(),
                    links: ids
                        .into_iter()
                        .map(
                            |id| match self.built.links.index.resolve_id(self.site, i, &id) {
                                Ok(t) => FactLink {
                                    title: self.site.playbooks[t].title.clone(),
                                    href: href(t),
                                },
                                Err(_) => FactLink {
                                    title: id,
                                    href: String::new(),
                                },
                            },
                        )
                        .collect(),
                },
            })
            .collect()
    }

    /// The playbooks that playbook `i`'s facts name (its `ref` fields),
    /// whose titles and places its page shows.
    pub(super) fn fact_refs(&self, i: usize) -> Vec<usize> {
        let p = &self.site.playbooks[i];
        let Some(kind) = self.site.config.kind(&p.kind) else {
            return Vec::new();
        };
        crate::output::facts::facts(p, kind, self.lang())
            .into_iter()
            .filter_map(|fact| match fact.value {
                crate::output::facts::FactValue::Refs(ids) => Some(ids),
                crate::output::facts::FactValue::Text(_) => None,
            })
            .flatten()
            .filter_map(|id| self.built.links.index.resolve_id(self.site, i, &id).ok())
            .collect()
    }

    /// The pages of `i`'s folder that its sidebar lists: all of them in a
    /// small folder, the nearest in a large one (a page stays light however
    /// big the site grows).
    pub(super) fn kind_window(&self, i: usize) -> &[usize] {
        const SHOWN: usize = 40;
        let list = self.folder_list(i);
        let at = self.place.get(i).copied().flatten().unwrap_or(0);
        let start = at
            .saturating_sub(SHOWN / 2)
            .min(list.len().saturating_sub(SHOWN));
        &list[start..(start + SHOWN).min(list.len())]
    }

    /// The pages of playbook `i`'s folder, in reading order.
    fn folder_list(&self, i: usize) -> &[usize] {
        self.site
            .folders
            .get(self.sidebar_folder(i))
            .map_or(&[][..], |f| f.pages.as_slice())
    }

    /// The page before (`-1`) or after (`1`) `i` in its folder.
    pub(super) fn neighbour(&self, i: usize, step: isize) -> Option<usize> {
        let at = self
            .place
            .get(i)
            .copied()
            .flatten()?
            .checked_add_signed(step)?;
        self.folder_list(i).get(at).copied()
    }

    fn sidebar(&self, i: usize, from: &str) -> Sidebar {
        let folder = self.sidebar_folder(i);
        let window = self.kind_window(i);
        let count = self.folder_list(i).len();
        let title = if folder.is_empty() {
            crate::base::i18n::t(self.lang(), "home").to_string()
        } else {
            self.site.folder_title(folder, self.lang())
        };
        Sidebar {
            kind: title,
            href: urls::href(from, &crate::input::site::Site::folder_dir(folder)),
            count,
            items: window
                .iter()
                .map(|&t| SidebarItem {
                    // Docusaurus's `sidebar_label:`, a shorter title, is for here.
                    title: (self.site.playbooks[t].sidebar_label.as_ref())
                        .unwrap_or(&self.site.playbooks[t].title)
                        .clone(),
                    href: urls::href_encoded(from, &self.site.playbooks[t].url),
                    current: t == i,
                })
                .collect(),
            more: window.len() < count,
            up: self.folders_up(folder, from),
            folders: self.subfolder_links(folder, from),
        }
    }

    /// The timeline of playbook `i`'s steps, its scripts linked to the
    /// `headings` of the page that writes them out.
    pub(super) fn timeline(
        &self,
        i: usize,
        headings: &[markdown::Heading],
    ) -> Option<crate::output::timeline::Timeline> {
        let checked = self.built.checked.get(i)?;
        let title = &self.site.playbooks[i].title;
        crate::output::timeline::draw(&checked.steps, title)
            .map(|t| t.link_scripts(headings, |id| format!("#{}", urls::encode_fragment(id))))
    }

    /// The playbooks that link to playbook `i`, grouped by kind in the
    /// site's kind order, plain pages last.
    fn referenced_by(&self, i: usize, from: &str) -> Vec<LinkGroup> {
        let Some(incoming) = self.built.links.graph.incoming.get(i) else {
            return Vec::new();
        };
        // Plain pages link to playbooks too; they come last.
        let page = std::iter::once(crate::input::kind::page())
            .filter(|p| !self.site.config.kinds.iter().any(|k| k.id == p.id));
        self.site
            .config
            .kinds
            .iter()
            .chain(page)
            .filter_map(|k| {
                let links: Vec<Link> = incoming
                    .iter()
                    .map(|&s| &self.site.playbooks[s])
                    .filter(|s| s.kind == k.id)
                    .map(|s| self.link(from, s))
                    .collect();
                (!links.is_empty()).then(|| LinkGroup {
                    name: k.name(self.lang()).to_string(),
                    links,
                })
            })
            .collect()
    }
}
