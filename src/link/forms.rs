//! The forms a Markdown link to a page takes: the source file
//! (`../sop/welcome.md`), the page's address without an extension or as a
//! folder (`../sop/welcome`, `welcome/`, `/sop/welcome`), the `.html` other
//! tools write, a kind's folder (`../sop/`), and the pages quire makes
//! itself. [`page_key`] turns each into the content path it names;
//! `Index::resolve` looks that up.

use crate::input::parse::Playbook;
use crate::input::site::Site;

/// `href` with a link's `?query` and `#fragment` put back as written.
pub fn with_rest(mut href: String, query: Option<String>, fragment: Option<String>) -> String {
    if let Some(query) = query {
        href.push('?');
        href.push_str(&query);
    }
    if let Some(fragment) = fragment {
        href.push('#');
        href.push_str(&fragment);
    }
    href
}

/// How a link names its target, by the extension of its last segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// A source file: `welcome.md`, `welcome.yaml`.
    Source,
    /// A page as another tool writes it: `welcome.html`, `welcome/index.html`.
    Html,
    /// A page by its address: `welcome`, `welcome/`, `../sop/`.
    Page,
    /// Any other file (`plan.pdf`): a page only if a playbook has exactly that id.
    File,
}

/// The content path a link names, without its extension, and how it names
/// it: `../sop/welcome.md` or `../sop/welcome/` written in
/// `content/cases/x.md` → `sop/welcome`. A path from `/` starts at
/// `content/`; `..` stops there.
pub(super) fn page_key(from: &Playbook, path: &str) -> (String, Form) {
    let name = path.rsplit('/').next().unwrap_or("");
    let ext = extension(name).map(|e| e.to_ascii_lowercase());
    let (path, form) = match ext.as_deref() {
        Some(ext) if crate::base::source::is_source_extension(ext) => {
            (&path[..path.len() - name.len()], Form::Source)
        }
        Some("html" | "htm") => (&path[..path.len() - name.len()], Form::Html),
        Some(_) => (path, Form::File),
        None => (path, Form::Page),
    };
    let mut parts: Vec<&str> = if path.starts_with('/') {
        vec!["content"]
    } else {
        let from_dir = from.source.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        from_dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            seg => parts.push(seg),
        }
    }
    // The last segment, without its extension (`welcome.md` → `welcome`);
    // `index.html` names the folder it is in.
    let stem = match form {
        Form::Source => name.rsplit_once('.').map_or(name, |(stem, _)| stem),
        Form::Html if !name.to_ascii_lowercase().starts_with("index.") => {
            name.rsplit_once('.').map_or(name, |(stem, _)| stem)
        }
        _ => "",
    };
    if !stem.is_empty() {
        parts.push(stem);
    }
    let key = parts.join("/");
    let key = match key.strip_prefix("content") {
        Some("") => String::new(),
        Some(rest) if rest.starts_with('/') => rest[1..].to_string(),
        _ => key,
    };
    (key, form)
}

/// The extension of a file name, if it has one that looks like a file
/// type (`md`, `pdf`, `xlsx`): letters and digits, at least one letter. A
/// dot inside a name (`v1.2`, `2024.秋季`) is not an extension.
fn extension(name: &str) -> Option<&str> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()
        && (1..=8).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && ext.bytes().any(|b| b.is_ascii_alphabetic()))
    .then_some(ext)
}

/// The folder of a page quire makes itself that `key` names, if any: the
/// home page, a kind's list, a folder's list, the glossary, search,
/// reviews, coverage, tags.
pub(super) fn listing(site: &Site, key: &str) -> Option<String> {
    const PAGES: [&str; 5] = ["glossary", "search", "review", "coverage", "tags"];
    let found = key.is_empty()
        || PAGES.contains(&key)
        || site
            .config
            .kinds
            .iter()
            .any(|k| k.folder.trim_matches('/') == key)
        // A folder of `content/` that holds pages has its list.
        || site.folders.contains_key(key)
        || (key.starts_with("tags/")
            && site
                .playbooks
                .iter()
                .flat_map(|p| &p.tags)
                .any(|t| crate::base::urls::tag_dir(t).trim_end_matches('/') == key));
    found.then(|| {
        if key.is_empty() {
            String::new()
        } else {
            format!("{key}/")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::extension;

    #[test]
    fn a_dot_inside_a_name_is_no_extension() {
        assert_eq!(extension("welcome.md"), Some("md"));
        assert_eq!(extension("plan.XLSX"), Some("XLSX"));
        assert_eq!(extension("v1.2"), None);
        assert_eq!(extension("2024.秋季"), None);
        assert_eq!(extension(".md"), None);
        assert_eq!(extension(".."), None);
        assert_eq!(extension("welcome"), None);
    }
}
