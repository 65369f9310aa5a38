//! Stage 1: walk `content/` and read every playbook, the glossary and the
//! handbook definitions. Editor litter (hidden, swap, backup and temp files)
//! is skipped; files that cannot be read become diagnostics, not failures.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;

/// Everything read from `content/`, sorted by path.
#[derive(Debug, Default)]
pub struct Content {
    /// Playbook files read, each with its stamp from just before reading.
    pub playbooks: Vec<(SourceFile, Stamp)>,
    /// Playbook files not read because the caller already has them (see [`load_except`]).
    pub unchanged: Vec<String>,
    pub glossary: Option<SourceFile>,
    pub handbooks: Vec<SourceFile>,
}

/// A file's modification time and length: what tells an unchanged file from
/// a changed one without reading it.
pub type Stamp = Option<(std::time::SystemTime, u64)>;

pub fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Reads the content folder of the site at `root`. Playbook files for which
/// `unchanged(path relative to the root, stamp)` holds are listed in
/// `unchanged` instead of being read.
pub fn load_except(
    root: &Path,
    diags: &mut Vec<Diagnostic>,
    unchanged: &(dyn Fn(&str, &Stamp) -> bool + Sync),
) -> Content {
    let content_dir = root.join("content");
    let mut paths = Vec::new();
    let walker = WalkDir::new(&content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| "content".into());
                diags.push(Diagnostic::file(
                    Severity::Error,
                    "unreadable-file",
                    path,
                    err.to_string(),
                ));
                continue;
            }
        };
        if entry.path_is_symlink() {
            diags.push(
                Diagnostic::file(
                    Severity::Warning,
                    "symlink-skipped",
                    relative(root, entry.path()),
                    "symbolic links are not followed",
                )
                .with_help("copy the file into content/ instead of linking to it"),
            );
            continue;
        }
        if entry.file_type().is_file() && has_content_extension(entry.path()) {
            paths.push(entry.into_path());
        }
    }
    // Reading is most of loading; do it on every core.
    enum Found {
        Read(SourceFile, Stamp),
        Unchanged(String),
        Unreadable,
    }
    let read: Vec<(Found, Vec<Diagnostic>)> = paths
        .par_iter()
        .map(|path| {
            let mut found = Vec::new();
            let rel = relative(root, path);
            let under_content = rel.strip_prefix("content/").unwrap_or(&rel);
            let playbook = !(under_content.starts_with("glossary.")
                || under_content.starts_with("handbooks/"));
            let stamp = stamp(path);
            if playbook && unchanged(&rel, &stamp) {
                return (Found::Unchanged(rel), found);
            }
            let file = match read(root, path, &mut found) {
                Some(source) => Found::Read(source, stamp),
                None => Found::Unreadable,
            };
            (file, found)
        })
        .collect();
    let mut content = Content::default();
    for (file, found) in read {
        diags.extend(found);
        let (source, stamp) = match file {
            Found::Read(source, stamp) => (source, stamp),
            Found::Unchanged(rel) => {
                content.unchanged.push(rel);
                continue;
            }
            Found::Unreadable => continue,
        };
        let under_content = source.path.strip_prefix("content/").unwrap_or(&source.path);
        if under_content == "glossary.yaml" || under_content == "glossary.yml" {
            content.glossary = Some(source);
        } else if under_content.starts_with("handbooks/") {
            content.handbooks.push(source);
        } else {
            content.playbooks.push((source, stamp));
        }
    }
    content
}

/// Reads one file as UTF-8 text, or reports why it could not be.
pub fn read(root: &Path, path: &Path, diags: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    let rel = relative(root, path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diags.push(Diagnostic::file(
                Severity::Error,
                "unreadable-file",
                rel,
                format!("cannot read file: {err}"),
            ));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(SourceFile::new(rel, path.to_path_buf(), text)),
        Err(err) => {
            let good = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            let mut d = Diagnostic::file(
                Severity::Error,
                "invalid-utf8",
                rel,
                format!("the file is not valid UTF-8 (byte {good})"),
            )
            .with_help("save the file as UTF-8; editors call it \"UTF-8\" or \"Unicode (UTF-8)\"");
            d.line = line;
            d.column = column;
            diags.push(d);
            None
        }
    }
}

/// Path relative to the site root with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn has_content_extension(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "yaml" | "yml")
    )
}

/// Hidden files and the temporary files editors leave while saving.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with('~')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".orig",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

/// The source path of `path` relative to `content/`, without its extension:
/// the playbook's id.
pub fn id_of(rel_path: &str) -> String {
    let under = rel_path.strip_prefix("content/").unwrap_or(rel_path);
    let path = PathBuf::from(under);
    let stem = path.with_extension("");
    stem.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_litter_is_ignored() {
        for name in [
            ".hidden.md",
            "a.md~",
            ".a.md.swp",
            "a.md.swp",
            "#a.md#",
            "4913",
            "a.md___jb_tmp___",
            "a.tmp",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["群规.md", "welcome.md", "a b.yaml"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn ids_drop_the_content_folder_and_extension() {
        assert_eq!(id_of("content/sop/welcome.md"), "sop/welcome");
        assert_eq!(id_of("content/cases/小米社区.md"), "cases/小米社区");
        assert_eq!(id_of("content/a.b.yaml"), "a.b");
    }
}
