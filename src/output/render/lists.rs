//! The pages quire makes itself from the whole site: the home page, each
//! kind's and folder's list, the redirects of `aliases:`, the tags, search,
//! review, coverage and glossary pages, the sitemap and the 404 page.

use std::collections::HashSet;
use std::sync::Arc;

use super::pages::Pages;
use super::{site_files, KindEntry, Link, Output, Renderer};
use crate::base::urls::{self, tag_dir};

impl Renderer<'_> {
    /// Every list page, with the intros and term usage the playbook pages
    /// found; `redirects` are the `aliases:` pages (alias folder, target).
    pub(super) fn index_pages(
        &self,
        out: &mut Output,
        pages: &Pages,
        redirects: &[(String, usize)],
    ) -> anyhow::Result<()> {
        let site = self.site;
        let review = self.review("review/");
        let coverage = self.coverage("coverage/");
        let due = (review.overdue_count(), review.soon_count());
        self.page(out, "", "index.html", |cx| {
            // A kind with no playbooks yet is no place to send a reader.
            let kinds: Vec<KindEntry> = self
                .kinds("", true)
                .into_iter()
                .filter(|k| k.count > 0)
                .collect();
            cx.insert("kinds_full", &kinds);
            cx.insert("handbooks", &self.handbook_links(""));
            cx.insert("due", &due);
            cx.insert("coverage_percent", &coverage.percent());
            cx.insert("intro", &pages.intros.get(""));
            cx.insert("pages", &self.folder_entries("", ""));
            Ok(())
        })?;
        for kind in &site.config.kinds {
            let dir = format!("{}/", kind.folder);
            self.page(out, &dir, "kind.html", |cx| {
                let entry = self.kinds(&dir, true).into_iter().find(|k| k.id == kind.id);
                cx.insert("kind", &entry);
                cx.insert("intro", &pages.intros.get(&kind.folder));
                cx.insert("folders", &self.subfolder_links(&kind.folder, &dir));
                Ok(())
            })?;
        }
        for folder in site.folder_pages() {
            let dir = crate::input::site::Site::folder_dir(folder);
            self.page(out, &dir, "folder.html", |cx| {
                cx.insert("folder", &self.folder_page(folder, &dir));
                Ok(())
            })?;
        }
        for (alias, target) in redirects {
            let to = &site.playbooks[*target];
            let mut cx = self.context(alias);
            cx.insert("title", &to.title);
            cx.insert("href", &urls::href_encoded(alias, &to.url));
            let html = self.render("redirect.html", &cx)?;
            self.insert(out, urls::page_file(alias), Arc::new(html))?;
        }
        self.page(out, "tags/", "tags.html", |cx| {
            cx.insert("tags", &self.tag_entries("tags/"));
            Ok(())
        })?;
        for (tag, playbooks) in &site.tags() {
            let dir = tag_dir(tag);
            self.page(out, &dir, "tag.html", |cx| {
                cx.insert("tag", tag);
                let links: Vec<Link> = playbooks.iter().map(|p| self.link(&dir, p)).collect();
                cx.insert("playbooks", &links);
                Ok(())
            })?;
        }
        self.page(out, "search/", "search.html", |_| Ok(()))?;
        self.page(out, "review/", "review.html", |cx| {
            cx.insert("review", &review);
            Ok(())
        })?;
        self.page(out, "coverage/", "coverage.html", |cx| {
            cx.insert("coverage", &coverage);
            Ok(())
        })?;
        self.page(out, "glossary/", "glossary.html", |cx| {
            cx.insert("terms", &self.terms("glossary/", &pages.usage));
            Ok(())
        })
    }

    /// `sitemap.xml`, when `base_url` has a host: a sitemap holds absolute
    /// addresses, and without one there are none.
    pub(super) fn sitemap(&self, out: &mut Output, redirects: &[(String, usize)]) {
        let site = self.site;
        let base = &site.config.base_url;
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return;
        }
        // Playbook pages may have gone to the sink; list them from the site.
        let playbooks: Vec<String> = site
            .playbooks
            .iter()
            .filter(|p| !self.is_intro(p))
            .map(|p| urls::page_file(&p.dir))
            .collect();
        // A redirect is no page of its own to list.
        let moved: HashSet<String> = redirects.iter().map(|(a, _)| urls::page_file(a)).collect();
        let sitemap = site_files::sitemap(
            site,
            out.files
                .keys()
                .chain(&playbooks)
                .filter(|p| !moved.contains(*p)),
        );
        out.files
            .insert("sitemap.xml".into(), Arc::new(sitemap.into_bytes()));
    }

    /// The 404 page, served for any missing path, so its links are absolute.
    pub(super) fn not_found_page(&self, out: &mut Output) -> anyhow::Result<()> {
        let base = &self.site.config.base_url;
        let html = match self.keep.and_then(|o| o.files.get("404.html").cloned()) {
            Some(html) => html,
            None => {
                let mut cx = self.context("");
                cx.insert("root", base);
                cx.insert("nav", &self.nav_with_root(base));
                Arc::new(self.render("404.html", &cx)?)
            }
        };
        out.files.insert("404.html".into(), html);
        Ok(())
    }
}
