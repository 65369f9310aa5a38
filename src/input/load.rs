//! Stage 1: walk `content/` and read every playbook, the glossary and the
//! handbook definitions. Editor litter (hidden, swap, backup and temp files)
//! is skipped; files that cannot be read become diagnostics, not failures.

use crate::base::i18n::Text;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::base::codes::Code;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::source::SourceFile;

/// Everything read from `content/`, sorted by path.
#[derive(Debug, Default)]
pub struct Content {
    /// Playbook files read, each with its stamp from just before reading.
    pub playbooks: Vec<(SourceFile, Stamp)>,
    /// Playbook files not read because the caller already has them (see [`load_except`]).
    pub unchanged: Vec<String>,
    /// Playbook files that could not be read or are empty, by path relative
    /// to the root: links to them follow from that file's own problem.
    pub unreadable: Vec<String>,
    pub glossary: Option<SourceFile>,
    pub handbooks: Vec<SourceFile>,
    /// Every other file (images, PDFs, spreadsheets), published beside the
    /// pages by [`crate::input::assets`].
    pub assets: Vec<PathBuf>,
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
    let mut assets = Vec::new();
    // The root too: `content` itself as a link would publish whatever it
    // points at.
    let walker = WalkDir::new(&content_dir)
        .follow_links(false)
        .follow_root_links(false)
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
                    Code::UnreadableFile,
                    path,
                    crate::tr!("读不了：{}", "{}", err.to_string()),
                ));
                continue;
            }
        };
        if entry.path_is_symlink() && entry.depth() == 0 {
            diags.push(
                Diagnostic::file(
                    Severity::Error,
                    Code::SymlinkSkipped,
                    "content",
                    crate::tr!("content/ 是一个符号链接；quire 不跟随符号链接，所以站点以外的东西都不会发布", "content/ is a symbolic link; quire does not follow symbolic links, so nothing outside the site is published"),
                )
                .with_help(crate::tr!("把文件夹移到站点里，不要用链接", "move the folder into the site instead of linking to it")),
            );
            continue;
        }
        if entry.path_is_symlink() {
            diags.push(
                Diagnostic::file(
                    Severity::Warning,
                    Code::SymlinkSkipped,
                    relative(root, entry.path()),
                    crate::tr!("不跟随符号链接", "symbolic links are not followed"),
                )
                .with_help(crate::tr!(
                    "把文件复制到 content/ 里，不要用链接",
                    "copy the file into content/ instead of linking to it"
                )),
            );
            continue;
        }
        // A folder names the page folders under it, so Windows must take it too.
        let folder = entry.file_type().is_dir() && entry.depth() > 0;
        let source = entry.file_type().is_file() && has_content_extension(entry.path());
        // Any other file is published as it is, so its name must travel too.
        let asset = entry.file_type().is_file() && !source && entry.depth() > 0;
        if folder || source || asset {
            if let Some(problem) =
                crate::base::urls::windows_name_problem(&entry.file_name().to_string_lossy())
            {
                let (what, help) = if folder {
                    (
                        crate::tr!("文件夹", "folder"),
                        crate::tr!("给文件夹改个名", "rename the folder"),
                    )
                } else if asset {
                    (
                        crate::tr!("文件", "file"),
                        crate::tr!(
                            "给文件改个名，并改好指向它的链接",
                            "rename the file and the links to it"
                        ),
                    )
                } else {
                    (
                        crate::tr!("文件", "file"),
                        crate::tr!(
                            "给文件改个名；要保留页面的地址，就写 `slug:`",
                            "rename the file; use `slug:` if the page's address should stay"
                        ),
                    )
                };
                diags.push(
                    Diagnostic::file(
                        Severity::Warning,
                        Code::FileName,
                        relative(root, entry.path()),
                        crate::tr!(
                            "{}，所以这个{}在 Windows 上签出不了",
                            "{}, so the {} cannot be checked out on Windows",
                            problem,
                            what
                        ),
                    )
                    .with_help(help),
                );
            }
        }
        if source {
            paths.push(entry.into_path());
        } else if asset {
            assets.push(entry.into_path());
        }
    }
    // Reading is most of loading; do it on every core.
    enum Found {
        Read(SourceFile, Stamp),
        Unchanged(String),
        /// The path, for a playbook file.
        Unreadable(Option<String>),
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
            let unreadable = Found::Unreadable(playbook.then(|| rel.clone()));
            let file = match read(root, path, &mut found) {
                // An empty playbook is most often a file just created or
                // being saved; it has no title to show, so it gets no page.
                Some(source) if playbook && source.text.trim().is_empty() => {
                    found.push(Diagnostic::file(
                        Severity::Warning,
                        Code::EmptyFile,
                        rel,
                        crate::tr!(
                            "文件是空的，所以不会生成页面",
                            "the file is empty, so it gets no page"
                        ),
                    ));
                    unreadable
                }
                Some(source) => Found::Read(source, stamp),
                None => unreadable,
            };
            (file, found)
        })
        .collect();
    let mut content = Content {
        assets,
        ..Content::default()
    };
    for (file, found) in read {
        diags.extend(found);
        let (source, stamp) = match file {
            Found::Read(source, stamp) => (source, stamp),
            Found::Unchanged(rel) => {
                content.unchanged.push(rel);
                continue;
            }
            Found::Unreadable(rel) => {
                content.unreadable.extend(rel);
                continue;
            }
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

/// The largest file quire reads, in bytes. A 50 MB playbook builds in
/// about half a gigabyte; past this, a file is refused before it is read,
/// so memory stays bounded whatever lands in `content/`.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;

/// Reads one file as UTF-8 text, or reports why it could not be.
pub fn read(root: &Path, path: &Path, diags: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    let rel = relative(root, path);
    let bytes = match read_at_most(path, MAX_FILE) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            diags.push(
                Diagnostic::file(
                    Severity::Error,
                    Code::FileTooLarge,
                    rel,
                    crate::tr!(
                        "文件超过了 {} MB，这是 quire 能读的上限",
                        "the file is larger than {} MB, the most quire reads",
                        MAX_FILE >> 20
                    ),
                )
                .with_help(crate::tr!(
                    "把它拆成几篇手册",
                    "split it into several playbooks"
                )),
            );
            return None;
        }
        Err(err) => {
            diags.push(Diagnostic::file(
                Severity::Error,
                Code::UnreadableFile,
                rel,
                crate::tr!("读不了这个文件：{err}", "cannot read file: {err}"),
            ));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let source = SourceFile::new(rel, path.to_path_buf(), text);
            check_characters(&source, diags);
            Some(source)
        }
        Err(err) => {
            let good = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            let mut d = Diagnostic::file(
                Severity::Error,
                Code::InvalidUtf8,
                rel,
                crate::tr!(
                    "文件不是有效的 UTF-8 编码（在第 {good} 个字节处）",
                    "the file is not valid UTF-8 (byte {good})"
                ),
            )
            .with_help(crate::tr!(
                "把文件另存为 UTF-8 编码；编辑器里一般叫“UTF-8”或“Unicode (UTF-8)”",
                "save the file as UTF-8; editors call it \"UTF-8\" or \"Unicode (UTF-8)\""
            ));
            d.line = line;
            d.column = column;
            diags.push(d);
            None
        }
    }
}

/// Characters that do not belong in a text file (NUL and other controls:
/// a binary file or a damaged copy), and invisible ones that change what a
/// title, id or heading means without showing: zero-width spaces, a BOM
/// in the middle, and bidirectional overrides ("Trojan Source"). One
/// diagnostic of each kind per file, at the first.
fn check_characters(source: &SourceFile, diags: &mut Vec<Diagnostic>) {
    let text = &source.text;
    // Every file is scanned, so look at bytes: controls are single bytes,
    // and the invisible characters all start with 0xE2 or 0xEF.
    let control = text
        .bytes()
        .position(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f);
    // 0xE2 and 0xEF only ever lead a character, so each is a boundary.
    let invisible = text
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == 0xE2 || b == 0xEF)
        .map(|(i, _)| i)
        .find(|&i| text[i..].chars().next().is_some_and(is_invisible));
    let found = [
        (control, Code::ControlCharacter,
         crate::tr!("是控制字符，不是文字", "is a control character, not text"),
         crate::tr!("文件可能是二进制文件或已损坏；删掉这个字符，或者把文件重新存成纯文本",
            "the file may be binary or damaged; delete the character or save the file again as plain text")),
        (invisible, Code::InvisibleCharacter,
         crate::tr!("是看不见的字符，却会改变包含它的标题、id 和链接", "is invisible, yet it changes titles, ids and links that contain it"),
         crate::tr!("删掉它；从聊天软件或文字处理软件里复制文字时常常会带进来",
            "delete it; it often comes along when text is copied from chat apps or word processors")),
    ];
    for (at, code, what, help) in found {
        let Some(at) = at else { continue };
        let c = text[at..].chars().next().unwrap_or_default();
        let count = text.matches(c).count();
        let also = if count > 1 {
            crate::tr!("（这个文件里有 {count} 个）", " ({count} in this file)")
        } else {
            Text::same("")
        };
        let severity = if c == '\0' {
            Severity::Error
        } else {
            Severity::Warning
        };
        let code_point = format!("U+{:04X}", c as u32);
        let message = crate::tr!("{code_point} {}{}", "{code_point} {}{}", what, also);
        diags.push(
            Diagnostic::at(severity, code, source, at..at + c.len_utf8(), message).with_help(help),
        );
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}' | '\u{2060}' | '\u{FEFF}'
            | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// The file's bytes, or `None` when it has more than `limit`. The limit is
/// applied while reading too, in case the file grows after its size is read.
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > limit {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
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
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(crate::base::source::is_source_extension)
}

/// Hidden files and the temporary files editors leave while saving. A
/// playbook's name with something after it (`welcome.md.swp-new`,
/// `a.yaml.crswap`) is a save in progress, not a file to publish.
pub fn is_ignored_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    crate::base::source::SOURCE_EXTENSIONS
        .iter()
        .any(|ext| lower.contains(&format!(".{ext}.")))
        || name.starts_with('.')
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
            "welcome.md.swp-new",
            "a.yaml.crswap",
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
