//! Stage: put the rendered site on disk, all or nothing. Pages are written to
//! a staging directory beside the output and swapped in only when every file
//! is written, so a failed build leaves the previous site exactly as it was.
//! Nothing outside the output directory (and its staging sibling) is touched,
//! and an output directory that would swallow the site's sources is refused.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::render::Output;

/// A file quire puts in every output directory it owns, so it never replaces
/// a folder someone else made.
pub const MARKER: &str = ".quire-output";

/// Refuses output directories that are, or contain, the site's sources, and
/// existing folders that quire did not create.
pub fn check_output_dir(root: &Path, output: &Path) -> anyhow::Result<()> {
    let root = normalize(root);
    let output = normalize(output);
    let protected = [
        root.clone(),
        root.join("content"),
        root.join("themes"),
        root.join("static"),
    ];
    for p in &protected {
        if p.starts_with(&output) {
            bail!(
                "refusing to write the site to {}: it is or contains {}, which the build would replace",
                output.display(),
                p.display()
            );
        }
    }
    for p in &protected[1..] {
        if output.starts_with(p) {
            bail!(
                "refusing to write the site to {}: it is inside {}",
                output.display(),
                p.display()
            );
        }
    }
    if output.exists() {
        if !output.is_dir() {
            bail!(
                "the output path {} exists and is not a directory",
                output.display()
            );
        }
        let empty = fs::read_dir(&output)
            .with_context(|| format!("cannot read {}", output.display()))?
            .next()
            .is_none();
        if !empty && !output.join(MARKER).exists() {
            bail!(
                "refusing to replace {}: it was not created by quire (no {MARKER} file in it); remove it or choose another --output",
                output.display()
            );
        }
    }
    Ok(())
}

/// Writes `out` to `output`, replacing what was there only on success.
pub fn write(root: &Path, output: &Path, out: &Output) -> anyhow::Result<()> {
    check_output_dir(root, output)?;
    let output = normalize(output);
    let parent = output
        .parent()
        .context("the output directory has no parent")?;
    let name = output
        .file_name()
        .context("the output directory has no name")?
        .to_string_lossy();
    fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.quire-staging-{pid}"));
    let old = parent.join(format!(".{name}.quire-old-{pid}"));
    let _ = fs::remove_dir_all(&staging);

    if let Err(err) = write_all(&staging, out) {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    if output.exists() {
        fs::rename(&output, &old)
            .with_context(|| format!("cannot move the old {} aside", output.display()))?;
    }
    if let Err(err) = fs::rename(&staging, &output) {
        if old.exists() {
            let _ = fs::rename(&old, &output);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(err)
            .with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    if old.exists() {
        fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove the old site at {}", old.display()))?;
    }
    Ok(())
}

/// Writes `out` into `output` beside what is already there (for
/// `quire build --handbook`, which rebuilds one handbook of a built site).
/// Each file is written to a temporary name and renamed over the old one,
/// so a reader never sees half a file.
pub fn update(root: &Path, output: &Path, out: &Output) -> anyhow::Result<()> {
    check_output_dir(root, output)?;
    fs::create_dir_all(output).with_context(|| format!("cannot create {}", output.display()))?;
    if !output.join(MARKER).exists() {
        fs::write(output.join(MARKER), MARKER_TEXT)
            .with_context(|| format!("cannot write in {}", output.display()))?;
    }
    let pid = std::process::id();
    for (rel, bytes) in &out.files {
        let path = plain(output, rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let temp = path.with_file_name(format!(".quire-new-{pid}"));
        if let Err(err) = fs::write(&temp, bytes.as_slice()).and_then(|()| fs::rename(&temp, &path))
        {
            let _ = fs::remove_file(&temp);
            return Err(err).with_context(|| format!("cannot write {}", path.display()));
        }
    }
    Ok(())
}

/// Removes `rel` from `output` if it is there.
pub fn remove(output: &Path, rel: &str) -> anyhow::Result<()> {
    let path = plain(output, rel)?;
    match fs::remove_file(&path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            Err(err).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

const MARKER_TEXT: &str = "This folder is written by quire build and replaced on every build.\n";

/// `dir/rel`, refusing any `rel` that would climb out of `dir`. Output
/// paths come from file names and configuration; whatever produced one,
/// it stays inside the output folder.
fn plain(dir: &Path, rel: &str) -> anyhow::Result<PathBuf> {
    if !crate::kind::is_plain_path(rel) {
        bail!("refusing to write `{rel}`: it is not a plain path inside the output folder");
    }
    Ok(dir.join(rel))
}

fn write_all(dir: &Path, out: &Output) -> anyhow::Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    fs::write(dir.join(MARKER), MARKER_TEXT)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    for (rel, bytes) in &out.files {
        let path = plain(dir, rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, bytes.as_slice())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// An absolute path with `.`/`..` and symlinks resolved as far as it exists.
fn normalize(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    if let Ok(canon) = abs.canonicalize() {
        return canon;
    }
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => normalize(parent).join(name),
        _ => abs,
    }
}
