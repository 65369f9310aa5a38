//! Folders as the site shows them: the list page of a folder of plain pages
//! (its landing page's text above the list), the entries of a folder's list
//! (its pages, then its folders, in reading order), and which landing pages
//! are shown inside the home page or a kind's list rather than on their own.

use serde::Serialize;

use super::{Link, Renderer};
use crate::base::urls;
use crate::input::parse::Playbook;
use crate::input::site::{folder_of, Site};

#[derive(Serialize)]
pub(super) struct FolderPage {
    title: String,
    /// The folders above it, from the top, for the breadcrumbs.
    up: Vec<Link>,
    entries: Vec<Link>,
}

impl Renderer<'_> {
    /// Whether `p` is the landing page of `content/` or of a kind's folder,
    /// whose body the home page or the kind's list shows.
    pub(super) fn is_intro(&self, p: &Playbook) -> bool {
        p.landing
            && (p.dir.is_empty()
                || self
                    .site
                    .config
                    .kinds
                    .iter()
                    .any(|k| format!("{}/", k.folder) == p.dir))
    }

    /// A link to folder `folder` of `content/`, from page `from`.
    pub(super) fn folder_link(&self, folder: &str, from: &str) -> Link {
        let landing = self.site.folders.get(folder).and_then(|f| f.landing);
        Link {
            title: self.site.folder_title(folder, self.lang()),
            href: urls::href(from, &Site::folder_dir(folder)),
            summary: landing.and_then(|i| self.site.playbooks[i].summary.clone()),
            kind: String::new(),
        }
    }

    /// The folders in `folder`, as links from `from`.
    pub(super) fn subfolder_links(&self, folder: &str, from: &str) -> Vec<Link> {
        self.site
            .folders
            .get(folder)
            .map(|f| f.folders.as_slice())
            .unwrap_or_default()
            .iter()
            .filter(|f| !self.site.config.kinds.iter().any(|k| &k.folder == *f))
            .map(|f| self.folder_link(f, from))
            .collect()
    }

    /// What a folder's list shows: its pages in order, then its folders
    /// (a kind's folder is on the home page already, so not here).
    pub(super) fn folder_entries(&self, folder: &str, from: &str) -> Vec<Link> {
        let Some(f) = self.site.folders.get(folder) else {
            return Vec::new();
        };
        let pages = f
            .pages
            .iter()
            .map(|&i| &self.site.playbooks[i])
            // The home page lists the kinds' playbooks by kind.
            .filter(|p| !folder.is_empty() || p.kind == crate::input::kind::PAGE)
            .map(|p| self.link(from, p));
        pages.chain(self.subfolder_links(folder, from)).collect()
    }

    /// The folders above `folder`, from the top, as links from `from`.
    pub(super) fn folders_up(&self, folder: &str, from: &str) -> Vec<Link> {
        folder
            .match_indices('/')
            .map(|(at, _)| self.folder_link(&folder[..at], from))
            .collect()
    }

    pub(super) fn folder_page(&self, folder: &str, dir: &str) -> FolderPage {
        FolderPage {
            title: self.site.folder_title(folder, self.lang()),
            up: self.folders_up(folder, dir),
            entries: self.folder_entries(folder, dir),
        }
    }

    /// The folder of `content/` that playbook `i`'s sidebar shows.
    pub(super) fn sidebar_folder(&self, i: usize) -> &str {
        folder_of(&self.site.playbooks[i])
    }
}
