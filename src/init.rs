//! `quire init`: scaffold a new site (config, one playbook per kind, a
//! glossary and a handbook) that builds at once. Never overwrites: if any
//! file it would write exists, it writes nothing.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use include_dir::{include_dir, Dir};

static SCAFFOLD: Dir = include_dir!("$CARGO_MANIFEST_DIR/scaffold");

/// Writes the scaffold into `dir`, returning the files written.
pub fn init(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    collect(&SCAFFOLD, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let existing: Vec<String> = files
        .iter()
        .filter(|(rel, _)| dir.join(rel).exists())
        .map(|(rel, _)| rel.display().to_string())
        .collect();
    if !existing.is_empty() {
        bail!(
            "refusing to overwrite existing files in {}: {}",
            dir.display(),
            existing.join(", ")
        );
    }
    let mut written = Vec::new();
    for (rel, contents) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(rel);
    }
    Ok(written)
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
    for file in dir.files() {
        out.push((file.path().to_path_buf(), file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}
