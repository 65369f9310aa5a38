//! The files of the site that are not pages: the search index and
//! `sitemap.xml`.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::Memo;
use crate::base::urls;
use crate::input::site::Site;

/// The search index from each playbook's entry, made afresh where its page
/// was kept but its entry was not (the text budget changed).
pub(super) fn search_index(site: &Site, memo: &mut Memo, entries: Vec<Option<Arc<str>>>) -> String {
    let budget = crate::output::search::text_budget(site.playbooks.len());
    let entries: Vec<Arc<str>> = entries
        .into_par_iter()
        .enumerate()
        .map(|(i, e)| {
            e.unwrap_or_else(|| Arc::from(crate::output::search::entry_alone(site, i, budget)))
        })
        .collect();
    memo.search = site
        .playbooks
        .iter()
        .zip(&entries)
        .map(|(p, e)| (p.id.clone(), (budget, e.clone())))
        .collect();
    crate::output::search::index(&entries)
}

/// `sitemap.xml`: every page under `base_url`, a playbook with its last review.
pub(super) fn sitemap<'a>(site: &Site, paths: impl Iterator<Item = &'a String>) -> String {
    let reviewed: HashMap<String, crate::base::dates::Date> = site
        .playbooks
        .iter()
        .filter_map(|p| Some((urls::page_file(&p.dir), p.reviewed?)))
        .collect();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&String> = paths
        .filter(|p| p.ends_with("index.html") && !p.starts_with("search/"))
        .collect();
    pages.sort();
    pages.dedup();
    for path in pages {
        let dir = path.trim_end_matches("index.html");
        let loc = format!("{}{}", site.config.base_url, urls::encode_path(dir));
        xml.push_str("  <url><loc>");
        xml.push_str(&loc.replace('&', "&amp;").replace('<', "&lt;"));
        xml.push_str("</loc>");
        if let Some(date) = reviewed.get(path.as_str()) {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
