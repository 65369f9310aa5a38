//! The theme: Tera templates and static assets. The default theme is compiled
//! into the binary so `quire` works from any folder; a site's own
//! `themes/<name>/` overrides it file by file. Theme files are published
//! under `static/`; the site's own `static/` is published at the site root
//! by [`crate::input::assets`] (checked for links here all the same).
//!
//! Everything read here is published, so symbolic links are never followed,
//! neither inside these folders nor as the folders themselves (`static` →
//! `/etc` would publish the machine's files). [`check`] reports each one as
//! `symlink-skipped` when the site is checked; [`load`] skips them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::base::codes::Code;
use crate::base::diagnostic::{Diagnostic, Severity};

static DEFAULT: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates by name and static files by output path.
#[derive(Debug, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    pub static_files: BTreeMap<String, Vec<u8>>,
}

/// Why `name` cannot be a theme's name, if it cannot: it names a folder
/// under `themes/`, so it is one plain name.
pub fn name_problem(name: &str) -> Option<String> {
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':'])
        && !name.chars().any(char::is_control);
    (!plain).then(|| {
        format!("`{name}` is not a folder name under themes/; write a name such as `mine`")
    })
}

/// The theme `name` for the site at `root`.
pub fn load(root: &Path, name: &str) -> anyhow::Result<Theme> {
    let mut theme = Theme::default();
    collect_embedded(&DEFAULT, &mut theme);
    let theme_dir = theme_dir(root, name)?;
    // The site's own static/ is published at the site root, with the
    // content's files (`crate::input::assets`), not under the theme's static/.
    let mut folders = folders(root, theme_dir.as_deref());
    folders.pop();
    for (dir, templates) in folders {
        let Ok(dir) = dir else { continue };
        for (rel, path) in files(&dir)? {
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            if templates {
                let text = String::from_utf8(bytes)
                    .with_context(|| format!("template {} is not UTF-8", path.display()))?;
                theme.templates.insert(rel, text);
            } else {
                theme.static_files.insert(rel, bytes);
            }
        }
    }
    Ok(theme)
}

/// Reports every symbolic link that [`load`] would skip, and a theme folder
/// that is a link (which `load` refuses), so that `quire check` fails where
/// `build` would.
pub fn check(root: &Path, name: &str, diags: &mut Vec<Diagnostic>) {
    // A theme folder that is not there at all stays a failure of the tool,
    // which `load` reports, like a missing `content/`.
    let dir = root.join("themes").join(name);
    if name != "default" && linked(root, &["themes", name]).is_none() && !real_dir(&dir) {
        return;
    }
    let theme_dir = match theme_dir(root, name) {
        Ok(dir) => dir,
        Err(err) => {
            diags.push(Diagnostic::file(
                Severity::Error,
                Code::InvalidPath,
                "quire.yaml",
                crate::tr!("{err:#}", "{err:#}"),
            ));
            return;
        }
    };
    let skipped = |path: &Path| {
        Diagnostic::file(
            Severity::Warning,
            Code::SymlinkSkipped,
            crate::input::load::relative(root, path),
            crate::tr!(
                "不跟随符号链接，所以里面的东西都不会发布",
                "symbolic links are not followed, so nothing is published from it"
            ),
        )
        .with_help(crate::tr!(
            "把文件复制到站点里，不要用链接",
            "copy the files into the site instead of linking to them"
        ))
    };
    // The default theme falls back to the embedded one when its folder is a link.
    if let (None, Some(link)) = (&theme_dir, linked(root, &["themes", name])) {
        diags.push(skipped(&link));
    }
    for (dir, _) in folders(root, theme_dir.as_deref()) {
        let dir = match dir {
            Ok(dir) => dir,
            Err(Some(link)) => {
                diags.push(skipped(&link));
                continue;
            }
            Err(None) => continue,
        };
        let walker = WalkDir::new(&dir)
            .follow_links(false)
            .follow_root_links(false)
            .sort_by_file_name();
        for entry in walker.into_iter().flatten() {
            let name = entry.file_name().to_string_lossy();
            if entry.path_is_symlink() && !crate::input::load::is_ignored_name(&name) {
                diags.push(skipped(entry.path()));
            }
        }
    }
}

/// The site's `themes/<name>/` folder, `None` for the built-in default
/// theme, or why the theme cannot be used.
fn theme_dir(root: &Path, name: &str) -> anyhow::Result<Option<PathBuf>> {
    if let Some(problem) = name_problem(name) {
        bail!("theme {problem}");
    }
    let dir = root.join("themes").join(name);
    match linked(root, &["themes", name]) {
        Some(link) if name != "default" => bail!(
            "theme `{name}` cannot be used: {} is a symbolic link, and quire does not follow them",
            crate::input::load::relative(root, &link)
        ),
        _ if real_dir(&dir) => Ok(Some(dir)),
        _ if name == "default" => Ok(None),
        _ => bail!(
            "theme `{name}` not found: expected the folder {}",
            dir.display()
        ),
    }
}

/// The folders read over the embedded theme, in order, each with whether it
/// holds templates: the theme's `templates/` and `static/`, then the site's
/// `static/`. Each is `Ok(dir)` when it is a real folder, `Err(Some(link))`
/// when it or a folder above it is a symbolic link, `Err(None)` when absent.
fn folders(root: &Path, theme: Option<&Path>) -> Vec<(Result<PathBuf, Option<PathBuf>>, bool)> {
    let mut out = Vec::new();
    let theme_parts = theme.and_then(|t| t.strip_prefix(root).ok()).map(|rel| {
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
    });
    let mut wanted: Vec<(Vec<String>, bool)> = Vec::new();
    if let Some(parts) = theme_parts {
        for (sub, templates) in [("templates", true), ("static", false)] {
            let mut p = parts.clone();
            p.push(sub.into());
            wanted.push((p, templates));
        }
    }
    wanted.push((vec!["static".into()], false));
    for (parts, templates) in wanted {
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let dir = parts.iter().fold(root.to_path_buf(), |d, p| d.join(p));
        let found = match linked(root, &parts) {
            Some(link) => Err(Some(link)),
            None if real_dir(&dir) => Ok(dir),
            None => Err(None),
        };
        out.push((found, templates));
    }
    out
}

/// The first of `root/a`, `root/a/b`, … that is a symbolic link.
fn linked(root: &Path, parts: &[&str]) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for part in parts {
        path.push(part);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(path);
        }
    }
    None
}

/// A folder that is not a symbolic link.
fn real_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// The regular files under `dir` by path relative to it, skipping editor
/// litter and symbolic links (which [`check`] reports).
fn files(dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name();
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && !crate::input::load::is_ignored_name(&name) {
            out.push((
                crate::input::load::relative(dir, entry.path()),
                entry.into_path(),
            ));
        }
    }
    Ok(out)
}

fn collect_embedded(dir: &Dir<'static>, theme: &mut Theme) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            theme.templates.insert(
                name.to_string(),
                String::from_utf8_lossy(file.contents()).into_owned(),
            );
        } else if let Some(name) = path.strip_prefix("static/") {
            theme
                .static_files
                .insert(name.to_string(), file.contents().to_vec());
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, theme);
    }
}
