//! The published files as the pages use them: every image `src` and file
//! link that names no file of the site (`broken-image`, `broken-link`), and
//! every file published where a page or another file is (`duplicate-url`).
//! What a name means is `input::assets`'s (`Assets::find`), so what this
//! accepts is what the pages link.

use crate::base::i18n::Text;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::base::codes::Code;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::urls;
use crate::check::Checked;
use crate::input::assets::Found;
use crate::input::handbook::Handbook;
use crate::input::site::Site;

/// Reports every image `src` and file link that names no file of the site,
/// and every published file whose address a page of the site takes or
/// another file takes.
pub fn check(
    site: &Site,
    checked: &[Checked],
    handbooks: &[Handbook],
    diags: &mut Vec<Diagnostic>,
) {
    collisions(site, handbooks, diags);
    let found: Vec<Vec<Diagnostic>> = site
        .playbooks
        .par_iter()
        .zip(checked.par_iter())
        .map(|(p, checked)| {
            let mut found = Vec::new();
            let body = p.body();
            let refs = checked
                .links
                .iter()
                .filter(|l| !l.wiki)
                .map(|l| (l, false))
                .chain(checked.images.iter().map(|l| (l, true)));
            for (link, image) in refs {
                let Found::Missing(path) = site.assets.find(&p.source.path, &link.dest, image)
                else {
                    continue;
                };
                let at = url_range(body, link.range.clone());
                let range = p.file_range(at);
                let (code, what) = if image {
                    (Code::BrokenImage, crate::tr!("图片", "image"))
                } else {
                    (Code::BrokenLink, crate::tr!("文件", "file"))
                };
                let help = if looks_like_a_host(&path) {
                    crate::tr!(
                        "网址要带上协议：写成 `https://{path}`",
                        "a web address needs its scheme: write `https://{path}`"
                    )
                } else {
                    crate::tr!(
                        "把文件放到 {} 所在的文件夹里，或者改正路径（路径从这篇手册所在的文件夹算起）；也可以放进 static/ 文件夹，路径写成以斜杠开头的 `/…`",
                        "put the file beside {} (or in static/ and write `/…`), or correct the path; it is read relative to this file",
                        p.source.path
                    )
                };
                found.push(
                    Diagnostic::error(code, &p.source, range, crate::tr!("找不到{} `{path}`", "no {} `{path}` in the site", what))
                        .with_help(help),
                );
            }
            found
        })
        .collect();
    diags.extend(found.into_iter().flatten());
}

/// `www.example.com` or `example.cn/a.png`: a web address written without
/// `https://`, which a browser reads as a file beside the page.
fn looks_like_a_host(path: &str) -> bool {
    let host = path.split('/').next().unwrap_or("");
    host.starts_with("www.")
        || [".com", ".cn", ".net", ".org", ".com.cn", ".io"]
            .iter()
            .any(|tld| host.ends_with(tld) && path.len() > host.len())
        || (!path.contains('/')
            && [".com", ".cn", ".net", ".org"]
                .iter()
                .any(|t| host.ends_with(t)))
}

/// Where the address of a link or image written `[…](url)` starts: after
/// its last `](`, past spaces and a `<`. A reference-style one (`![图][qr]`)
/// is reported at its start.
pub(crate) fn url_range(body: &str, link: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let Some(text) = body.get(link.clone()) else {
        return link;
    };
    let Some(open) = text.rfind("](") else {
        return link;
    };
    let rest = &text[open + 2..];
    let skipped = rest.len() - rest.trim_start().len();
    let rest = rest.trim_start();
    let lt = usize::from(rest.starts_with('<'));
    let start = link.start + open + 2 + skipped + lt;
    let len = rest[lt..]
        .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
        .unwrap_or(rest.len() - lt);
    start..start + len.max(1)
}

/// `duplicate-url` for a published file at the address of a page quire
/// writes, or of another file (a file of `static/` and one of `content/`
/// with one path). Compared as macOS and Windows compare names.
fn collisions(site: &Site, handbooks: &[Handbook], diags: &mut Vec<Diagnostic>) {
    let mut pages: HashMap<String, Text> = HashMap::new();
    let mut page = |path: String, what: Text| {
        pages.entry(urls::fold(&path)).or_insert(what);
    };
    for p in &site.playbooks {
        page(
            urls::page_file(&p.dir),
            crate::tr!("{} 的页面", "the page of {}", p.source.path),
        );
        page(
            urls::checklist_path(&p.dir),
            crate::tr!("{} 的步骤清单", "the checklist of {}", p.source.path),
        );
    }
    for kind in &site.config.kinds {
        page(
            urls::page_file(&format!("{}/", kind.folder)),
            crate::tr!("类型 `{}` 的页面", "the page of the kind `{}`", kind.id),
        );
    }
    for (file, zh, en) in urls::RESERVED_FILES {
        page(file.to_string(), Text::from((*zh, *en)));
    }
    for dir in ["tags/", "glossary/", "search/", "review/", "coverage/"] {
        page(
            urls::page_file(dir),
            crate::tr!("页面 {dir}", "the page {dir}"),
        );
    }
    for tag in site.tags().keys() {
        page(
            urls::page_file(&urls::tag_dir(tag)),
            crate::tr!("标签 `{tag}` 的页面", "the page of the tag `{tag}`"),
        );
    }
    for h in handbooks {
        let dir = urls::handbook_dir(&h.id);
        page(
            urls::page_file(&dir),
            crate::tr!(
                "培训手册 `{}` 的打印页",
                "the print page of handbook `{}`",
                h.id
            ),
        );
        page(
            urls::pdf_path(&h.id),
            crate::tr!("培训手册 `{}` 的 PDF", "the PDF of handbook `{}`", h.id),
        );
    }
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut reported = HashSet::new();
    for asset in &site.assets.list {
        let folded = urls::fold(&asset.output);
        let clash = match (pages.get(&folded), seen.get(&folded)) {
            (Some(what), _) => Some(what.clone()),
            (None, Some(other)) => Some(crate::tr!("文件 {other}", "the file {other}")),
            (None, None) => None,
        };
        seen.entry(folded).or_insert(&asset.source);
        let Some(clash) = clash else { continue };
        if reported.insert(asset.source.clone()) {
            diags.push(
                Diagnostic::file(
                    Severity::Error,
                    Code::DuplicateUrl,
                    asset.source.clone(),
                    crate::tr!(
                        "这个文件会发布到 {}，但那里已经要写{}",
                        "this file would be published at {}, where {} is written",
                        asset.output,
                        clash
                    ),
                )
                .with_help(crate::tr!(
                    "给文件改个名，或者移到别的文件夹",
                    "rename the file or move it to another folder"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_of_a_link_is_found_inside_it() {
        let body = "见 ![图](  <qr.png> \"t\") 与 [![a](b.png)](c.pdf)";
        let img = body.find("![图]").unwrap();
        let end = body.find(") 与").unwrap() + 1;
        let r = url_range(body, img..end);
        assert_eq!(&body[r], "qr.png");
        let outer = body.find("[![a]").unwrap();
        let r = url_range(body, outer..body.len());
        assert_eq!(&body[r], "c.pdf");
    }
}
