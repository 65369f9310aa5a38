//! Files published beside the pages: every file under `content/` that is no
//! playbook, glossary or handbook (images, PDFs, spreadsheets), at its path
//! under `content/` (`content/group-rules/qr.png` → `group-rules/qr.png`),
//! and every file of the site's `static/`, at the site root
//! (`static/img/logo.png` → `img/logo.png`), as Hugo, Zola and mdBook
//! publish them.
//!
//! It owns what an image `src` or a file link in Markdown means: the path is
//! read relative to the source file (so it also works in the author's own
//! editor), or from the site root when it starts with `/` (against `static/`,
//! then `content/`), and rewritten relative to the page it ends up on, so
//! the site keeps working from `file://` and under any sub-path. Images get
//! their pixel size from the file's header alone, never by decoding them.
//!
//! Files are copied by path when the site is written, so a large attachment
//! is never held in memory by `quire build`; `quire serve` reads them into
//! its in-memory output.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::base::codes::Code;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::urls;
use crate::input::load::{self, Stamp};
use crate::markdown::html::Policy;
use crate::markdown::FileTarget;

/// The largest file published beside the pages. Training material is
/// screenshots, QR codes and the odd PDF; a video belongs on a video
/// service, and a site copied to every operator's laptop should stay small.
pub const MAX_ASSET: u64 = 50 * 1024 * 1024;

/// The most pixels an image may claim. A browser decodes an image whole, at
/// four bytes a pixel: 100 megapixels is 400 MB for one picture, and a PNG
/// of a few kilobytes can claim far more (a decompression bomb).
pub const MAX_PIXELS: u64 = 100_000_000;

/// One published file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path relative to the site root: `content/group-rules/qr.png`.
    pub source: String,
    /// Where it is on disk.
    pub path: PathBuf,
    /// Path in the output: `group-rules/qr.png`.
    pub output: String,
    /// Width and height in pixels, for an image whose header could be read.
    pub size: Option<(u32, u32)>,
    pub stamp: Stamp,
    /// Reported and not published (too large, or an image too large to show).
    pub refused: bool,
}

/// Every published file, looked up by source path.
#[derive(Debug, Default)]
pub struct Assets {
    pub list: Vec<Asset>,
    by_source: HashMap<String, usize>,
}

/// What an image `src` or file link names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found<'a> {
    /// A published file.
    Asset(&'a Asset),
    /// Not a file of the site: a web address, `data:`, an anchor, a page
    /// (which `link.rs` resolves).
    Elsewhere,
    /// A path of the site that holds no file, as the path was read.
    Missing(String),
}

impl Assets {
    /// Gathers the files `load` found under `content/` and those of the
    /// site's `static/`, refusing what is too large and reading each image's
    /// size from its header.
    pub fn collect(
        root: &Path,
        content: Vec<PathBuf>,
        policy: Policy,
        diags: &mut Vec<Diagnostic>,
    ) -> Assets {
        let from_content = content.len();
        let mut paths = content;
        paths.extend(static_files(root));
        let found: Vec<(Option<Asset>, Vec<Diagnostic>)> = paths
            .par_iter()
            .enumerate()
            .map(|(i, path)| {
                let mut found = Vec::new();
                let mut asset = read(root, path, &mut found);
                // static/ is the site owner's, published as it is (as in Zola
                // and Hugo); what authors put beside their playbooks is held
                // to the html policy like their Markdown.
                if let Some(a) = asset.as_mut().filter(|_| i < from_content) {
                    refuse_active(a, policy, &mut found);
                }
                (asset, found)
            })
            .collect();
        let mut assets = Assets::default();
        for (asset, found) in found {
            diags.extend(found);
            if let Some(asset) = asset {
                assets
                    .by_source
                    .insert(asset.source.clone(), assets.list.len());
                assets.list.push(asset);
            }
        }
        assets
    }

    /// The published file at `source` (a path relative to the site root).
    pub fn get(&self, source: &str) -> Option<&Asset> {
        self.by_source.get(source).map(|&i| &self.list[i])
    }

    /// What `dest` names when written in the file `from` (relative to the
    /// site root). `image` says it is an image `src`; otherwise only a path
    /// with a file extension other than a page's is taken as a file link.
    pub fn find(&self, from: &str, dest: &str, image: bool) -> Found<'_> {
        let Some(path) = local_path(dest) else {
            return Found::Elsewhere;
        };
        // `<ops@example.com>` is an address to mail, not a file.
        if !image && (!names_a_file(path) || (path.contains('@') && !path.contains('/'))) {
            return Found::Elsewhere;
        }
        let path = percent_decode_str(path).decode_utf8_lossy();
        let candidates: Vec<String> = match path.strip_prefix('/') {
            Some(rooted) => ["static", "content"]
                .iter()
                .filter_map(|top| normalize(top, rooted))
                .collect(),
            None => {
                let dir = from.rsplit_once('/').map_or("", |(dir, _)| dir);
                normalize(dir, &path).into_iter().collect()
            }
        };
        match candidates.iter().find_map(|c| self.get(c)) {
            Some(asset) => Found::Asset(asset),
            None => Found::Missing(path.into_owned()),
        }
    }

    /// [`Assets::find`] as the page in output folder `page_dir` links it.
    pub fn target(
        &self,
        from: &str,
        page_dir: &str,
        dest: &str,
        image: bool,
    ) -> Option<FileTarget> {
        let Found::Asset(asset) = self.find(from, dest, image) else {
            return None;
        };
        let suffix = dest
            .trim()
            .find(['?', '#'])
            .map_or("", |at| &dest.trim()[at..]);
        Some(FileTarget {
            href: format!("{}{suffix}", urls::relative_file(page_dir, &asset.output)),
            size: asset.size,
        })
    }
}

/// The path part of an address that names a file of the site, or `None` for
/// one with a scheme (`https:`, `data:`, `weixin:`), a host (`//cdn…`), or
/// no path at all (`#步骤`).
fn local_path(dest: &str) -> Option<&str> {
    let dest = dest.trim();
    let path = dest.split(['?', '#']).next().unwrap_or("");
    let scheme = path.split_once(':').is_some_and(|(s, _)| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    (!path.is_empty() && !scheme && !path.starts_with("//") && !path.contains('\\')).then_some(path)
}

/// Whether a link path names a file rather than a page: its last segment has
/// an extension, and not that of a playbook or a page.
fn names_a_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => {
            let ext = ext.to_ascii_lowercase();
            ext.chars().all(|c| c.is_ascii_alphanumeric())
                && !crate::base::source::is_source_extension(&ext)
                && !matches!(ext.as_str(), "html" | "htm")
        }
        _ => false,
    }
}

/// `base/rel` with `.` and `..` settled, or `None` when it climbs above the
/// site root.
fn normalize(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            seg => parts.push(seg),
        }
    }
    Some(parts.join("/"))
}

/// The files of the site's `static/`. Symbolic links (and a linked
/// `static/` itself) are skipped: `theme::check` reports them.
fn static_files(root: &Path) -> Vec<PathBuf> {
    let dir = root.join("static");
    if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
        return Vec::new();
    }
    WalkDir::new(&dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !load::is_ignored_name(&e.file_name().to_string_lossy())
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// One file as an asset, or `None` when it cannot be published at all.
fn read(root: &Path, path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Asset> {
    let source = load::relative(root, path);
    let output = source
        .strip_prefix("content/")
        .or_else(|| source.strip_prefix("static/"))
        .unwrap_or(&source)
        .to_string();
    let stamp = load::stamp(path);
    let len = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(err) => {
            diags.push(Diagnostic::file(
                Severity::Error,
                Code::UnreadableFile,
                source,
                crate::tr!("读不了这个文件：{err}", "cannot read file: {err}"),
            ));
            return None;
        }
    };
    let mut asset = Asset {
        source,
        path: path.to_path_buf(),
        output,
        size: None,
        stamp,
        refused: false,
    };
    if len > MAX_ASSET {
        diags.push(
            Diagnostic::file(
                Severity::Error,
                Code::FileTooLarge,
                asset.source.clone(),
                crate::tr!(
                    "这个文件有 {} MB，随站点发布的文件最大只能 {} MB", "the file is {} MB, and files published with the site may be {} MB",
                    len >> 20,
                    MAX_ASSET >> 20
                ),
            )
            .with_help(crate::tr!("把它变小（截图一般用不着超过 1 MB），或者放到网盘或视频平台上，再链接过去", "make it smaller (a screenshot rarely needs more than 1 MB), or put it on a file or video service and link to it")),
        );
        asset.refused = true;
        return Some(asset);
    }
    if !is_image(&asset.source) {
        return Some(asset);
    }
    match image_size(path) {
        Ok((w, h)) if u64::from(w) * u64::from(h) > MAX_PIXELS => {
            diags.push(
                Diagnostic::file(
                    Severity::Error,
                    Code::ImageTooLarge,
                    asset.source.clone(),
                    crate::tr!(
                        "这张图片自称 {w} × {h} 像素，超过了一个页面能显示的 {} 百万像素（浏览器要用 {} MB 内存才画得出来）", "the image says it is {w} × {h} pixels, more than the {} megapixels a page may show (a browser would need {} MB to draw it)",
                        MAX_PIXELS / 1_000_000,
                        (u64::from(w) * u64::from(h) * 4) >> 20
                    ),
                )
                .with_help(crate::tr!("把它缩小；在屏幕上看，横向 2000 像素就足够了", "scale it down; 2,000 pixels across is plenty for a screen")),
            );
            asset.refused = true;
        }
        Ok(size) => asset.size = Some(size),
        Err(why) => diags.push(
            Diagnostic::file(
                Severity::Warning,
                Code::BrokenImage,
                asset.source.clone(),
                crate::tr!(
                    "读不出这张图片的尺寸：{why}，浏览器可能显示不了它",
                    "the image's size cannot be read: {why}, so browsers may not show it"
                ),
            )
            .with_help(crate::tr!(
                "用图片编辑器打开，重新存成 PNG 或 JPEG",
                "open it in an image editor and save it again as PNG or JPEG"
            )),
        ),
    }
    Some(asset)
}

/// What a browser runs when the file is opened from the site: a page, a
/// script, or an SVG with a script, an event handler or embedded HTML.
/// Under `html: sanitize` or `deny` such a file beside a playbook is not
/// published (a warning or an error): it would run on the site's own origin,
/// where no sanitizer sees it. Under `allow` it is published as it is.
fn refuse_active(asset: &mut Asset, policy: Policy, diags: &mut Vec<Diagnostic>) {
    if policy == Policy::Allow || asset.refused {
        return;
    }
    let ext = asset
        .source
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    let why = match ext.as_deref() {
        Some("html" | "htm" | "xhtml" | "shtml") => Some("an HTML page"),
        Some("js" | "mjs" | "cjs") => Some("a script"),
        Some("svg") if svg_is_active(&asset.path) => {
            Some("an SVG with a script, an event handler or embedded HTML")
        }
        _ => None,
    };
    let Some(why) = why else { return };
    let severity = match policy {
        Policy::Deny => Severity::Error,
        _ => Severity::Warning,
    };
    diags.push(
        Diagnostic::file(
            severity,
            Code::UnsafeFile,
            asset.source.clone(),
            crate::tr!("没有发布：这是{why}，放到站点上会作为脚本运行", "not published: this is {why}, which would run as script on the site"),
        )
        .with_help(crate::tr!("把图片存成不带脚本的版本（导出为 PNG，或普通的 SVG），或者链接到它原来所在的页面；如果所有作者都可信，也可以在 quire.yaml 里设置 `html: allow`", "save the image without scripts (export as PNG, or as a plain SVG), link to the page where it lives elsewhere, or set `html: allow` in quire.yaml if every author is trusted")),
    );
    asset.refused = true;
}

/// Whether an SVG holds what a browser runs: `<script`, `on…=` handlers,
/// `javascript:` links or `<foreignObject>` (HTML inside the image).
fn svg_is_active(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
    let handler = text.match_indices(" on").any(|(i, _)| {
        let rest = &text[i + 3..];
        let name = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        name > 0 && rest[name..].trim_start().starts_with('=')
    });
    handler
        || text.contains("<script")
        || text.contains("javascript:")
        || text.contains("<foreignobject")
        || text.contains(":script")
}

/// Images whose size is read and written into the page.
fn is_image(path: &str) -> bool {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("png" | "jpg" | "jpeg" | "gif" | "webp" | "svg")
    )
}

/// Width and height from the file's header (PNG, JPEG, GIF, WebP) or the
/// root element of an SVG, without decoding the picture.
fn image_size(path: &Path) -> Result<(u32, u32), String> {
    let svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let (w, h) = if svg {
        svg_size(path)?
    } else {
        let size = imagesize::size(path).map_err(|e| match e {
            imagesize::ImageError::NotSupported => {
                "it is not a PNG, JPEG, GIF or WebP file".to_string()
            }
            imagesize::ImageError::CorruptedImage => "its header is damaged".to_string(),
            imagesize::ImageError::IoError(e) => e.to_string(),
        })?;
        (size.width as u64, size.height as u64)
    };
    if w == 0 || h == 0 {
        return Err("it says it has no pixels".into());
    }
    let fit = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok((fit(w), fit(h)))
}

/// An SVG's size: the `width` and `height` of its root element when they are
/// plain numbers (or pixels), else its `viewBox`. Only the file's first
/// 64 KB are read; the root element is near the top.
fn svg_size(path: &Path) -> Result<(u64, u64), String> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&head);
    let start = text.find("<svg").ok_or("it has no <svg> element")?;
    let end = text[start..]
        .find('>')
        .ok_or("its <svg> tag is not closed")?
        + start;
    let tag = &text[start..end];
    let attr = |name: &str| -> Option<&str> {
        let mut from = 0;
        while let Some(at) = tag[from..].find(name) {
            let at = from + at;
            from = at + name.len();
            let before = tag[..at].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let rest = tag[from..].trim_start().strip_prefix('=')?.trim_start();
            let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
            let rest = &rest[1..];
            return rest.find(quote).map(|close| &rest[..close]);
        }
        None
    };
    let number = |v: &str| -> Option<u64> {
        let v = v.trim().strip_suffix("px").unwrap_or(v.trim());
        v.parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n > 0.0)
            .map(|n| n.round() as u64)
    };
    if let (Some(w), Some(h)) = (
        attr("width").and_then(number),
        attr("height").and_then(number),
    ) {
        return Ok((w, h));
    }
    let view: Vec<u64> = attr("viewBox")
        .map(|v| {
            v.split([' ', ','])
                .filter(|s| !s.is_empty())
                .filter_map(number)
                .collect()
        })
        .unwrap_or_default();
    match view.as_slice() {
        [_, _, w, h] | [w, h] => Ok((*w, *h)),
        _ => Err("its <svg> gives neither a width and height nor a viewBox".into()),
    }
}

impl crate::markdown::Files for Assets {
    fn target(&self, from: &str, page_dir: &str, dest: &str, image: bool) -> Option<FileTarget> {
        Assets::target(self, from, page_dir, dest, image)
    }
}

#[cfg(test)]
impl Assets {
    /// Adds a file as if it were found, with an image's size.
    pub fn insert_for_test(&mut self, source: &str, size: (u32, u32)) {
        self.by_source.insert(source.to_string(), self.list.len());
        self.list.push(Asset {
            source: source.to_string(),
            path: PathBuf::from(source),
            output: source
                .strip_prefix("content/")
                .or_else(|| source.strip_prefix("static/"))
                .unwrap_or(source)
                .to_string(),
            size: Some(size),
            stamp: None,
            refused: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets(sources: &[&str]) -> Assets {
        let mut a = Assets::default();
        for s in sources {
            a.insert_for_test(s, (2, 1));
        }
        a
    }

    #[test]
    fn every_form_of_path_resolves_relative_to_the_page() {
        let a = assets(&[
            "content/group-rules/qr.png",
            "content/img/a.png",
            "static/img/logo.png",
            "content/sop/表格 1.xlsx",
        ]);
        let from = "content/group-rules/x.md";
        let href = |dest: &str, image: bool| {
            a.target(from, "group-rules/x/", dest, image)
                .map(|t| t.href)
        };
        assert_eq!(href("qr.png", true).as_deref(), Some("../qr.png"));
        assert_eq!(href("./qr.png", true).as_deref(), Some("../qr.png"));
        assert_eq!(
            href("../img/a.png", true).as_deref(),
            Some("../../img/a.png")
        );
        assert_eq!(
            href("/img/logo.png", true).as_deref(),
            Some("../../img/logo.png")
        );
        assert_eq!(
            href("/group-rules/qr.png", true).as_deref(),
            Some("../qr.png")
        );
        assert_eq!(
            href("../../static/img/logo.png", true).as_deref(),
            Some("../../img/logo.png")
        );
        assert_eq!(
            href("../sop/表格%201.xlsx#sheet", false).as_deref(),
            Some("../../sop/%E8%A1%A8%E6%A0%BC%201.xlsx#sheet")
        );
        assert_eq!(a.find(from, "https://a.b/x.png", true), Found::Elsewhere);
        assert_eq!(
            a.find(from, "data:image/png;base64,AA", true),
            Found::Elsewhere
        );
        assert_eq!(a.find(from, "../sop/welcome.md", false), Found::Elsewhere);
        assert_eq!(a.find(from, "../sop/welcome", false), Found::Elsewhere);
        assert_eq!(
            a.find(from, "../../../x.png", true),
            Found::Missing("../../../x.png".into())
        );
        assert_eq!(
            a.find(from, "nope.pdf", false),
            Found::Missing("nope.pdf".into())
        );
    }
}
