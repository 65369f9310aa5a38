//! Stage: put the rendered site on disk, all or nothing. Pages are written to
//! a staging directory beside the output and swapped in only when every file
//! is written, so a failed build leaves the previous site exactly as it was.
//! Nothing outside the output directory (and its staging sibling) is touched,
//! and an output directory that would swallow the site's sources is refused.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::base::urls::OUTPUT_MARKER;
use crate::output::render::Output;

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
        if !empty && !output.join(OUTPUT_MARKER).exists() {
            bail!(
                "refusing to replace {}: it was not created by quire (no {OUTPUT_MARKER} file in it); remove it or choose another --output",
                output.display()
            );
        }
    }
    Ok(())
}

/// Writes `out` to `output`, replacing what was there only on success.
pub fn write(root: &Path, output: &Path, out: &Output) -> anyhow::Result<()> {
    Staging::begin(root, output)?.finish(out)
}

/// A build being written: files go into a staging folder beside the output
/// as they are ready (a large site's pages need not all be held in memory),
/// and [`Staging::finish`] swaps it into place. Dropped unfinished, it
/// removes itself and the previous site stays as it was.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    finished: bool,
}

impl Staging {
    pub fn begin(root: &Path, output: &Path) -> anyhow::Result<Staging> {
        check_output_dir(root, output)?;
        let output = normalize(output);
        let parent = output
            .parent()
            .context("the output directory has no parent")?;
        let name = output
            .file_name()
            .context("the output directory has no name")?
            .to_string_lossy()
            .into_owned();
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let pid = std::process::id();
        remove_abandoned(parent, &name);
        let dir = parent.join(format!(".{name}.quire-staging-{pid}"));
        let old = parent.join(format!(".{name}.quire-old-{pid}"));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let staging = Staging {
            output,
            dir,
            old,
            finished: false,
        };
        fs::write(staging.dir.join(OUTPUT_MARKER), MARKER_TEXT)
            .with_context(|| format!("cannot write in {}", staging.dir.display()))?;
        Ok(staging)
    }

    /// Writes one file of the new site.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = plain(&self.dir, rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Copies one file of the site into the new site, streaming it: an
    /// attachment is never read whole into memory.
    pub fn copy(&self, rel: &str, from: &Path) -> anyhow::Result<()> {
        let path = plain(&self.dir, rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        // Read as a file when it was found; never follow a link put there since.
        if fs::symlink_metadata(from).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!(
                "refusing to copy {}: it is now a symbolic link",
                from.display()
            );
        }
        fs::copy(from, &path)
            .map(|_| ())
            .with_context(|| format!("cannot copy {} to {}", from.display(), path.display()))
    }

    /// Writes the rest of the site and swaps it in for the old one.
    pub fn finish(mut self, out: &Output) -> anyhow::Result<()> {
        for (rel, bytes) in &out.files {
            self.put(rel, bytes)?;
        }
        for (rel, copied) in &out.copies {
            if !out.files.contains_key(rel) {
                self.copy(rel, &copied.from)?;
            }
        }
        let output = &self.output;
        if output.exists() {
            if exchange(&self.dir, output)? {
                // The staging name now holds the old site.
                self.finished = true;
                return remove_all(&self.dir).with_context(|| {
                    format!("cannot remove the old site at {}", self.dir.display())
                });
            }
            fs::rename(output, &self.old)
                .with_context(|| format!("cannot move the old {} aside", output.display()))?;
        }
        if let Err(err) = fs::rename(&self.dir, output) {
            if self.old.exists() {
                let _ = fs::rename(&self.old, output);
            }
            return Err(err)
                .with_context(|| format!("cannot move the new site into {}", output.display()));
        }
        self.finished = true;
        if self.old.exists() {
            remove_all(&self.old)
                .with_context(|| format!("cannot remove the old site at {}", self.old.display()))?;
        }
        Ok(())
    }
}

/// Swaps two folders in one step, so that a build killed at any moment
/// leaves the output either the old site or the new one, never missing.
/// `Ok(false)` where the system cannot (not Linux, or a file system
/// without the call); the caller then renames twice.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> anyhow::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (ca, cb) = (
        CString::new(a.as_os_str().as_bytes())?,
        CString::new(b.as_os_str().as_bytes())?,
    );
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(err).with_context(|| format!("cannot swap the new site into {}", b.display())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> anyhow::Result<bool> {
    Ok(false)
}

/// Removes the staging and old-site folders that builds killed before they
/// could clean up left beside the output. A folder whose build is still
/// running (its process exists) is left alone.
fn remove_abandoned(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [
        format!(".{name}.quire-staging-"),
        format!(".{name}.quire-old-"),
    ];
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let running = pid != std::process::id()
            && Path::new("/proc").is_dir()
            && Path::new("/proc").join(pid.to_string()).exists();
        let empty = fs::read_dir(entry.path()).is_ok_and(|mut d| d.next().is_none());
        if !running && (empty || entry.path().join(OUTPUT_MARKER).is_file()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Removes a folder, its top-level entries in parallel: a large site's old
/// output holds tens of thousands of folders. The marker goes last, so a
/// removal cut short still marks the folder as quire's to finish removing.
fn remove_all(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let marker = dir.join(OUTPUT_MARKER);
    let entries: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| *p != marker)
        .collect();
    entries.par_iter().try_for_each(|path| {
        if path.is_dir() && !path.is_symlink() {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        }
    })?;
    if marker.exists() {
        fs::remove_file(&marker)?;
    }
    fs::remove_dir(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished && remove_all(&self.dir).is_err() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `out` into `output` beside what is already there (for
/// `quire build --handbook`, which rebuilds one handbook of a built site).
/// Each file is written to a temporary name and renamed over the old one,
/// so a reader never sees half a file.
pub fn update(root: &Path, output: &Path, out: &Output) -> anyhow::Result<()> {
    check_output_dir(root, output)?;
    fs::create_dir_all(output).with_context(|| format!("cannot create {}", output.display()))?;
    if !output.join(OUTPUT_MARKER).exists() {
        fs::write(output.join(OUTPUT_MARKER), MARKER_TEXT)
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
    if !crate::input::kind::is_plain_path(rel) {
        bail!("refusing to write `{rel}`: it is not a plain path inside the output folder");
    }
    Ok(dir.join(rel))
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
