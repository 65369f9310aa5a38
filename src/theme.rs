//! The theme: Tera templates and static assets. The default theme is compiled
//! into the binary so `quire` works from any folder; a site's own
//! `themes/<name>/` overrides it file by file, and a site's `static/` folder
//! is copied over both.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context as _};
use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

static DEFAULT: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates by name and static files by output path.
#[derive(Debug, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    pub static_files: BTreeMap<String, Vec<u8>>,
}

/// The theme `name` for the site at `root`.
pub fn load(root: &Path, name: &str) -> anyhow::Result<Theme> {
    let mut theme = Theme::default();
    collect_embedded(&DEFAULT, &mut theme);
    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        overlay(
            &dir.join("templates"),
            &mut theme.templates,
            |bytes, path| {
                String::from_utf8(bytes)
                    .with_context(|| format!("template {} is not UTF-8", path.display()))
            },
        )?;
        overlay(&dir.join("static"), &mut theme.static_files, |bytes, _| {
            Ok(bytes)
        })?;
    } else if name != "default" {
        bail!(
            "theme `{name}` not found: expected the folder {}",
            dir.display()
        );
    }
    overlay(&root.join("static"), &mut theme.static_files, |bytes, _| {
        Ok(bytes)
    })?;
    Ok(theme)
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

fn overlay<T>(
    dir: &Path,
    into: &mut BTreeMap<String, T>,
    convert: impl Fn(Vec<u8>, &Path) -> anyhow::Result<T>,
) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || crate::load::is_ignored_name(&name) {
            continue;
        }
        let rel = crate::load::relative(dir, entry.path());
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        into.insert(rel, convert(bytes, entry.path())?);
    }
    Ok(())
}
