//! The playbook pages, rendered on every core: each either kept from the
//! previous output (its source file unchanged and its fingerprint the same)
//! or rendered afresh and handed to the sink; a landing page that is the
//! intro of a list page is rendered for that list instead. Gathers what the
//! pages found on the way: which playbooks use each glossary term, their
//! search entries, the intros, the fingerprints a rebuild compares.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Output, Renderer, Reuse, Sink};
use crate::base::urls;

/// One playbook's page, kept or rendered.
struct RenderedPlaybook {
    path: String,
    /// `None` once handed to the sink.
    html: Option<Arc<Vec<u8>>>,
    /// The glossary terms it links.
    terms: Vec<usize>,
    fingerprint: u64,
    /// Kept from the previous output rather than rendered.
    kept: bool,
    /// Its search index entry, made from the same parse as the page.
    entry: Option<Arc<str>>,
    /// For the landing page of `content/` or of a kind's folder, its body,
    /// which the home page or the kind's list shows above its list.
    intro: Option<String>,
}

/// What the playbook pages leave for the rest of the site.
pub(super) struct Pages {
    /// Which playbooks use each glossary term, for the glossary page.
    pub usage: Vec<Vec<usize>>,
    /// The playbooks whose pages were kept.
    pub kept: HashSet<usize>,
    /// Each playbook's search entry, `None` where a kept page's entry must
    /// be made again.
    pub entries: Vec<Option<Arc<str>>>,
    /// The landing pages' bodies, by the folder of `content/` they open.
    pub intros: HashMap<String, String>,
    /// Each page's fingerprint and the terms it links, for the next rebuild.
    pub memo: HashMap<String, (u64, Vec<usize>)>,
}

impl Renderer<'_> {
    /// Renders (or keeps) every playbook page, putting those not handed to
    /// `sink` in `out`.
    pub(super) fn playbook_pages(
        &self,
        out: &mut Output,
        reuse: &Reuse,
        sink: Option<&Sink>,
    ) -> anyhow::Result<Pages> {
        let site = self.site;
        let mut counts: Vec<(&str, usize)> =
            self.kind_counts.iter().map(|(k, n)| (*k, *n)).collect();
        counts.sort_unstable();
        let budget = crate::output::search::text_budget(site.playbooks.len());
        let pages: Vec<anyhow::Result<RenderedPlaybook>> = site
            .playbooks
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let fingerprint = self.fingerprint(i, &counts);
                let path = urls::page_file(&p.dir);
                if self.is_intro(p) {
                    // Shown inside a list page, which is rendered every time.
                    let (page, terms, entry) = self.playbook(i, p, budget);
                    return Ok(RenderedPlaybook {
                        path,
                        html: None,
                        terms,
                        fingerprint,
                        kept: false,
                        entry: Some(Arc::from(entry)),
                        intro: Some(page.into_content()),
                    });
                }
                if let Some(kept) = self.kept_page(reuse, p, &path, fingerprint, budget) {
                    return Ok(kept);
                }
                let (page, terms, entry) = self.playbook(i, p, budget);
                let mut cx = self.context(&p.dir);
                cx.insert("page", &page);
                let html = self.render("playbook.html", &cx)?;
                let html = match sink {
                    Some(sink) => {
                        sink(&path, &html)?;
                        None
                    }
                    None => Some(Arc::new(html)),
                };
                Ok(RenderedPlaybook {
                    path,
                    html,
                    terms,
                    fingerprint,
                    kept: false,
                    entry: Some(Arc::from(entry)),
                    intro: None,
                })
            })
            .collect();
        let mut found = Pages {
            usage: vec![Vec::new(); site.glossary.len()],
            kept: HashSet::new(),
            entries: Vec::with_capacity(site.playbooks.len()),
            intros: HashMap::new(),
            memo: HashMap::with_capacity(site.playbooks.len()),
        };
        for (i, page) in pages.into_iter().enumerate() {
            let page = page?;
            if page.kept {
                found.kept.insert(i);
            }
            for &k in &page.terms {
                if let Some(users) = found.usage.get_mut(k) {
                    users.push(i);
                }
            }
            let p = &site.playbooks[i];
            found
                .memo
                .insert(p.id.clone(), (page.fingerprint, page.terms));
            found.entries.push(page.entry);
            if let Some(intro) = page.intro {
                let folder = crate::input::site::folder_of(p).to_string();
                found.intros.insert(folder, intro);
            }
            if let Some(html) = page.html {
                self.insert(out, page.path, html)?;
            }
        }
        Ok(found)
    }

    /// The previous output's page of `p`, when a rebuild may keep it.
    fn kept_page(
        &self,
        reuse: &Reuse,
        p: &crate::input::parse::Playbook,
        path: &str,
        fingerprint: u64,
        budget: usize,
    ) -> Option<RenderedPlaybook> {
        if reuse.fresh.contains(&p.source.path) {
            return None;
        }
        let (_, terms) = reuse
            .memo
            .pages
            .get(&p.id)
            .filter(|(f, _)| *f == fingerprint)?;
        let bytes = reuse.previous?.files.get(path)?;
        let entry = reuse
            .memo
            .search
            .get(&p.id)
            .filter(|(b, _)| *b == budget)
            .map(|(_, e)| e.clone());
        Some(RenderedPlaybook {
            path: path.to_string(),
            html: Some(bytes.clone()),
            terms: terms.clone(),
            fingerprint,
            kept: true,
            entry,
            intro: None,
        })
    }
}
