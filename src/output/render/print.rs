//! Print pages: each handbook as one print-ready HTML page
//! (`handbooks/<id>/index.html`: cover, contents, numbered chapters, every
//! playbook on a new page, a glossary appendix) and each SOP's steps as a
//! checklist to tick (`<sop>/checklist.html`). The handbook's layout and its
//! links are settled in [`crate::link::handbook`]; this module only fills templates.

use std::collections::HashSet;
use std::sync::Arc;

use serde::Serialize;

use super::{Output, Renderer};
use crate::base::urls::{self, checklist_path, handbook_dir, pdf_path};
use crate::input::handbook::Handbook;
use crate::markdown;

#[derive(Serialize)]
struct HandbookPage {
    id: String,
    title: String,
    subtitle: Option<String>,
    audience: Option<String>,
    version: Option<String>,
    cover_note: Option<String>,
    /// The PDF beside the page, when one is built.
    pdf: Option<String>,
    chapters: Vec<ChapterPage>,
    terms: Vec<TermPage>,
}

#[derive(Serialize)]
pub(super) struct HandbookLink {
    title: String,
    subtitle: Option<String>,
    href: String,
    pdf: Option<String>,
}

#[derive(Serialize)]
struct ChapterPage {
    number: usize,
    anchor: String,
    title: String,
    intro: Option<String>,
    playbooks: Vec<PlacedPage>,
}

#[derive(Serialize)]
struct PlacedPage {
    number: String,
    anchor: String,
    title: String,
    kind: String,
    kind_name: String,
    summary: Option<String>,
    owner: Option<String>,
    reviewed: Option<String>,
    content: String,
    timeline: Option<crate::output::timeline::Timeline>,
    facts: Vec<super::playbook::FactRow>,
}

#[derive(Serialize)]
struct TermPage {
    id: String,
    term: String,
    aliases: Vec<String>,
    definition: String,
}

#[derive(Serialize)]
struct ChecklistPage {
    title: String,
    playbook_href: String,
    owner: Option<String>,
    steps: Vec<StepRow>,
}

#[derive(Serialize)]
struct StepRow {
    when: String,
    who: String,
    action: String,
    script: Option<String>,
}

impl Renderer<'_> {
    /// Renders the print page of every handbook and the checklist of every
    /// playbook with steps. A checklist shows only its own playbook, so one
    /// whose page was `kept` from `previous` is kept too.
    pub(super) fn print_pages(
        &self,
        out: &mut Output,
        previous: Option<&Output>,
        kept: &HashSet<usize>,
    ) -> anyhow::Result<()> {
        for handbook in &self.built.handbooks {
            self.handbook_page(out, handbook)?;
        }
        for (i, p) in self.site.playbooks.iter().enumerate() {
            let Some(checked) = self.built.checked.get(i) else {
                continue;
            };
            if checked.steps.is_empty() {
                continue;
            }
            let path = checklist_path(&p.dir);
            if let Some(bytes) = previous
                .filter(|_| kept.contains(&i))
                .and_then(|o| o.files.get(&path))
            {
                self.insert(out, path, bytes.clone())?;
                continue;
            }
            let page = ChecklistPage {
                title: p.title.clone(),
                playbook_href: "index.html".into(),
                owner: p.owner.clone(),
                steps: checked
                    .steps
                    .iter()
                    .map(|s| StepRow {
                        when: s.when.clone(),
                        who: s.who.clone(),
                        action: s.action.clone(),
                        script: s.script.clone(),
                    })
                    .collect(),
            };
            let mut cx = self.context(&p.dir);
            cx.insert("checklist", &page);
            let html = self.render("checklist.html", &cx)?;
            self.insert(out, path, Arc::new(html))?;
        }
        Ok(())
    }

    pub(super) fn handbook_page(
        &self,
        out: &mut Output,
        handbook: &Handbook,
    ) -> anyhow::Result<()> {
        let dir = handbook_dir(&handbook.id);
        let mut cx = self.context(&dir);
        cx.insert("handbook", &self.handbook(handbook));
        let html = self.render("handbook.html", &cx)?;
        self.insert(out, urls::page_file(&dir), Arc::new(html))
    }

    /// The site's handbooks as links from page `dir`, for the home page.
    pub(super) fn handbook_links(&self, dir: &str) -> Vec<HandbookLink> {
        self.built
            .handbooks
            .iter()
            .map(|h| HandbookLink {
                title: h.title.clone(),
                subtitle: h.subtitle.clone(),
                href: urls::href(dir, &handbook_dir(&h.id)),
                pdf: self.pdfs.has(&h.id).then(|| pdf_href(dir, &h.id)),
            })
            .collect()
    }

    fn handbook(&self, h: &Handbook) -> HandbookPage {
        let site = self.site;
        let dir = handbook_dir(&h.id);
        let site_href = |p: &crate::input::parse::Playbook| urls::href_encoded(&dir, &p.url);
        let (bodies, terms) = h.bodies(site, &self.built.links.index, &site_href);
        let chapters = h
            .chapters
            .iter()
            .zip(bodies)
            .enumerate()
            .map(|(c, (chapter, bodies))| ChapterPage {
                number: c + 1,
                anchor: format!("ch{}", c + 1),
                title: chapter.title.clone(),
                intro: chapter.intro.as_deref().map(|m| self.snippet(m)),
                playbooks: bodies
                    .into_iter()
                    .enumerate()
                    .map(|(n, (i, prepared))| {
                        let p = &site.playbooks[i];
                        let rendered = markdown::to_html(prepared, self.lang());
                        PlacedPage {
                            number: format!("{}.{}", c + 1, n + 1),
                            anchor: h.anchor(i).unwrap_or_default(),
                            title: p.title.clone(),
                            kind: p.kind.clone(),
                            kind_name: self.kind_name(&p.kind),
                            summary: p.summary.clone(),
                            owner: p.owner.clone(),
                            reviewed: p.reviewed.map(|d| d.to_string()),
                            timeline: self.timeline(i, &rendered.headings),
                            // A playbook in the handbook is linked at its place in it.
                            facts: self.facts(i, &|t| match h.anchor(t) {
                                Some(anchor) => format!("#{}", urls::encode_fragment(&anchor)),
                                None => urls::href_encoded(&dir, &site.playbooks[t].url),
                            }),
                            content: rendered.html,
                        }
                    })
                    .collect(),
            })
            .collect();
        HandbookPage {
            id: h.id.clone(),
            title: h.title.clone(),
            subtitle: h.subtitle.clone(),
            audience: h.audience.clone(),
            version: h.version.clone(),
            cover_note: h.cover_note.as_deref().map(|m| self.snippet(m)),
            pdf: self.pdfs.has(&h.id).then(|| pdf_href(&dir, &h.id)),
            chapters,
            terms: terms
                .into_iter()
                .map(|k| {
                    let t = &site.glossary[k];
                    TermPage {
                        id: crate::markdown::term_id(&t.term),
                        term: t.term.clone(),
                        aliases: t.aliases.clone(),
                        definition: self.snippet(&t.definition),
                    }
                })
                .collect(),
        }
    }

    /// Markdown written in a definition file (a cover note, an intro, a
    /// definition), where links are kept as written.
    pub(super) fn snippet(&self, text: &str) -> String {
        let cx = markdown::Context {
            html: self.site.config.html,
            ..markdown::Context::plain(self.lang())
        };
        markdown::render(text, &cx).html
    }
}

/// The href of a handbook's PDF from the page in `dir`. Handbook ids may
/// have folders (`team/onboarding`), so it goes through the site root.
fn pdf_href(dir: &str, id: &str) -> String {
    format!(
        "{}{}",
        urls::root_prefix(dir),
        urls::encode_path(&pdf_path(id))
    )
}
