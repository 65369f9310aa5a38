//! What lets a rebuild keep pages: the fingerprints of what each playbook
//! page and the index pages show, beyond the playbook's own file.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::Renderer;

/// What the previous render of each playbook page depended on, so a rebuild
/// can keep the pages an edit did not touch. Anything that shapes every page
/// (configuration, templates, the glossary) must [`Memo::clear`] it.
#[derive(Debug, Default)]
pub struct Memo {
    /// Playbook id → (fingerprint of the page's inputs, glossary terms it links).
    pub(super) pages: HashMap<String, (u64, Vec<usize>)>,
    /// Fingerprint of what the index pages show.
    pub(super) index: Option<u64>,
    /// Playbook id → (text budget, its search index entry).
    pub(super) search: HashMap<String, (usize, Arc<str>)>,
}

impl Memo {
    pub fn clear(&mut self) {
        self.pages.clear();
        self.index = None;
        self.search.clear();
    }
}

impl Renderer<'_> {
    /// A hash of what playbook `i`'s page shows besides its own file: the
    /// pages it links to, that link to it and that are related (their ids,
    /// titles, places and kinds), the navigation counts, its coverage, and
    /// the neighbours in its kind that the sidebar and previous/next show,
    /// and the diagnostics of its file that the preview marks it with.
    pub(super) fn fingerprint(&self, i: usize, counts: &[(&str, usize)]) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let graph = &self.built.links.graph;
        for list in [&graph.outgoing, &graph.incoming, &graph.related] {
            for &t in list.get(i).map(Vec::as_slice).unwrap_or_default() {
                let t = &self.site.playbooks[t];
                (&t.id, &t.title, &t.dir, &t.kind, &t.summary).hash(&mut h);
            }
            0xfeu8.hash(&mut h);
        }
        // The facts box names the playbooks of its `ref` fields.
        for t in self.fact_refs(i) {
            let t = &self.site.playbooks[t];
            (&t.id, &t.title, &t.dir).hash(&mut h);
        }
        counts.hash(&mut h);
        self.built.checked.get(i).map(|c| c.score()).hash(&mut h);
        // A link elsewhere can break this page's own links (a renamed
        // heading): its problems change while its file does not.
        self.problems
            .hash_file(&self.site.playbooks[i].source.path, &mut h);
        // The sidebar and previous/next show neighbours in the kind.
        let neighbours = [self.neighbour(i, -1), self.neighbour(i, 1)];
        for t in self
            .kind_window(i)
            .iter()
            .chain(neighbours.iter().flatten())
        {
            let t = &self.site.playbooks[*t];
            (&t.title, &t.dir).hash(&mut h);
            t.sidebar_label.hash(&mut h);
        }
        // The sidebar and crumbs name the folders around this one, and a
        // landing page lists its folder.
        let folder = self.sidebar_folder(i);
        let p = &self.site.playbooks[i];
        let listed = match p.landing {
            true => self.folder_entries(folder, &p.dir),
            false => Vec::new(),
        };
        for link in self
            .folders_up(folder, &p.dir)
            .iter()
            .chain(&self.subfolder_links(folder, &p.dir))
            .chain(&listed)
        {
            (&link.title, &link.href, &link.summary).hash(&mut h);
        }
        h.finish()
    }

    /// A hash of everything the index pages show: each playbook's id, title,
    /// summary, place, kind, tags, coverage, owner and review dates, how many
    /// errors the preview marks it with, who uses each term, today's date,
    /// and the handbooks.
    pub(super) fn index_fingerprint(&self, usage: &[Vec<usize>]) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (i, p) in self.site.playbooks.iter().enumerate() {
            (&p.id, &p.title, &p.summary, &p.dir, &p.kind, &p.tags).hash(&mut h);
            // The lists' order, the redirects, and the intros they show.
            (p.weight, p.landing, &p.aliases).hash(&mut h);
            if self.is_intro(p) {
                p.source.text.hash(&mut h);
            }
            // The review page and the home page's counts.
            (&p.owner, &p.reviewed, &p.review_every).hash(&mut h);
            // The coverage page marks the rows of playbooks with errors.
            self.problems.errors_in(&p.source.path).hash(&mut h);
            if let Some(c) = self.built.checked.get(i) {
                for e in &c.coverage {
                    (&e.id, e.status as u8, e.optional).hash(&mut h);
                }
            }
        }
        usage.hash(&mut h);
        crate::base::dates::today().to_string().hash(&mut h);
        // The home page lists the handbooks.
        for book in &self.built.handbooks {
            (&book.id, &book.title, &book.subtitle).hash(&mut h);
        }
        h.finish()
    }
}
