//! Stage: handbooks as PDF, typeset by typst inside quire (no browser, no
//! LaTeX). This module owns the fonts (the site's `fonts/` folder first,
//! then the system's), the small typst `World` that holds one generated
//! source file, and the compile to PDF. The source is written by
//! [`document`] (the book) and [`markup`] (the playbooks' Markdown).
//! Without a CJK font a Chinese PDF would show empty boxes, so quire then
//! builds no PDF and says how to get one.

mod budget;
mod document;
mod facts;
mod images;
mod markup;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt as _, World};

use crate::base::codes::Code;
use crate::base::diagnostic::{Diagnostic, Warned};
use crate::base::source::SourceFile;
use crate::input::handbook::Handbook;
use crate::input::site::Site;
use crate::output::Built;

/// The family names quire prefers, in order, for each role; the first one
/// installed wins. Any other font that covers Chinese is the last resort.
const BODY: &[&str] = &[
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Serif SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
];
const HEADING: &[&str] = &["Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC"];
const MONO: &[&str] = &[
    "Noto Sans Mono CJK SC",
    "DejaVu Sans Mono",
    "Liberation Mono",
];

/// The fonts a PDF can use.
pub struct Fonts {
    book: LazyHash<FontBook>,
    /// Each face in the book, by the book's index.
    slots: Vec<Slot>,
    files: Vec<FontFile>,
    body: Option<String>,
    heading: String,
    mono: String,
}

/// One face of a font file, parsed when typst first asks for it.
struct Slot {
    file: usize,
    index: u32,
    font: OnceLock<Option<Font>>,
}

/// A font file, read once however many of its faces are used (a CJK
/// collection is some 20 MB).
struct FontFile {
    path: PathBuf,
    /// A file of the site's `fonts/` folder, read only up to [`MAX_FONT_BYTES`].
    capped: bool,
    data: OnceLock<Option<Bytes>>,
}

/// The largest font file quire reads from a site's `fonts/` folder. Noto
/// CJK's collections are 20 to 30 MB; a file past this is more likely a
/// mistake or an attack (a sparse 2 GB file costs 2 GB of memory to read).
pub const MAX_FONT_BYTES: u64 = 128 * 1024 * 1024;

impl Fonts {
    /// Finds fonts in `<root>/fonts` and, unless `system` is false, in the
    /// system's font folders. The site's folder is content: its symbolic
    /// links are not followed and its files are capped at
    /// [`MAX_FONT_BYTES`], each skipped file a warning. System folders are
    /// the machine's own and read as they are.
    pub fn discover(root: &Path, system: bool) -> Warned<Fonts> {
        let mut diags = Vec::new();
        let mut files = site_font_files(root, &mut diags);
        if system {
            for dir in system_font_dirs() {
                let mut found: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
                    .follow_links(true)
                    .into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_file())
                    .map(walkdir::DirEntry::into_path)
                    .filter(|p| is_font_file(p))
                    .collect();
                found.sort();
                files.extend(found);
            }
        }
        let site_fonts = root.join("fonts");
        // Reading a face's coverage walks its whole character map; CJK
        // collections hold tens of thousands of characters in each of many
        // faces, so the files are read on every core.
        let faces: Vec<Vec<(u32, FontInfo)>> = files
            .par_iter()
            .map(|path| {
                let Ok(data) = read_font(path, path.starts_with(&site_fonts)) else {
                    return Vec::new();
                };
                // A face that does not parse is skipped; the others keep
                // their index in the collection.
                (0..faces_in(&data))
                    .filter_map(|index| Some((index, FontInfo::new(&data, index)?)))
                    .collect()
            })
            .collect();
        let mut infos = Vec::new();
        let mut slots = Vec::new();
        for (file, faces) in faces.into_iter().enumerate() {
            for (index, info) in faces {
                infos.push(info);
                slots.push(Slot {
                    file,
                    index,
                    font: OnceLock::new(),
                });
            }
        }
        let covers_chinese = |info: &FontInfo| info.coverage.contains('中' as u32);
        let installed = |names: &[&str]| {
            names
                .iter()
                .find(|n| infos.iter().any(|i| i.family == **n))
                .map(|n| n.to_string())
        };
        // A site's own CJK font comes first: the site chose it.
        let site_font = infos
            .iter()
            .zip(&slots)
            .find(|(info, slot)| files[slot.file].starts_with(&site_fonts) && covers_chinese(info))
            .map(|(info, _)| info.family.clone());
        let body = site_font.or_else(|| installed(BODY)).or_else(|| {
            infos
                .iter()
                .find(|i| covers_chinese(i))
                .map(|i| i.family.clone())
        });
        let heading = installed(HEADING)
            .filter(|_| body.is_some())
            .or_else(|| body.clone())
            .unwrap_or_default();
        let mono = installed(MONO).unwrap_or_else(|| heading.clone());
        let fonts = Fonts {
            book: LazyHash::new(FontBook::from_infos(infos)),
            slots,
            files: files
                .into_iter()
                .map(|path| FontFile {
                    capped: path.starts_with(&site_fonts),
                    path,
                    data: OnceLock::new(),
                })
                .collect(),
            body,
            heading,
            mono,
        };
        Warned::new(fonts, diags)
    }

    /// The family body text is set in, when a font covering Chinese was found.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    fn covers(&self, c: char) -> bool {
        (0..self.slots.len())
            .filter_map(|i| self.book.info(i))
            .any(|info| info.coverage.contains(c as u32))
    }
}

/// Warns of the characters a handbook prints that no font has a glyph for
/// (an emoji, a rare character): the PDF would show an empty box there.
/// One warning per source file, at the first such character it holds,
/// naming them all: a page of emoji is one thing to fix, not forty.
/// `printed` is the generated source, so exactly what is printed is checked.
fn missing_glyphs(
    site: &Site,
    handbook: &Handbook,
    fonts: &Fonts,
    printed: &str,
) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    let missing: Vec<char> = printed
        .chars()
        .filter(|&c| !c.is_ascii() && !c.is_whitespace() && !c.is_control())
        .filter(|&c| seen.insert(c) && !fonts.covers(c))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let playbooks = handbook.chapters.iter().flat_map(|c| &c.playbooks);
    let sources: Vec<&SourceFile> = playbooks
        .map(|&i| &*site.playbooks[i].source)
        .chain(std::iter::once(&handbook.source))
        .chain(site.glossary_source.as_ref())
        .collect();
    // Each missing character goes to the first source that uses it (one only
    // quire's own layout uses has no place to point at).
    let mut by_source: Vec<(&SourceFile, Vec<(usize, char)>)> = Vec::new();
    for c in missing {
        let Some((source, at)) = sources.iter().find_map(|s| Some((*s, s.text.find(c)?))) else {
            continue;
        };
        match by_source.iter_mut().find(|(s, _)| std::ptr::eq(*s, source)) {
            Some((_, chars)) => chars.push((at, c)),
            None => by_source.push((source, vec![(at, c)])),
        }
    }
    by_source
        .into_iter()
        .map(|(source, mut chars)| {
            chars.sort_unstable();
            let (at, first) = chars[0];
            let message = match chars.len() {
                1 => {
                    let code_point = format!("U+{:04X}", first as u32);
                    crate::tr!(
                        "没有哪个字体有 `{first}`（{code_point}）：培训手册 `{}` 在这里会印成空方框",
                        "no font has `{first}` ({code_point}): the handbook `{}` prints an empty box here",
                        handbook.id
                    )
                }
                n => crate::tr!(
                    "这个文件里有 {n} 个字符没有哪个字体有，第一个 `{first}` 在这里：{}；培训手册 `{}` 会把它们都印成空方框",
                    "no font has these {n} characters of this file, first `{first}` here: {}; the handbook `{}` prints an empty box for each",
                    chars.iter().map(|(_, c)| format!("`{c}`")).collect::<Vec<_>>().join(" "),
                    handbook.id
                ),
            };
            Diagnostic::warning(Code::MissingGlyph, source, at..at + first.len_utf8(), message)
                .with_help(crate::tr!("安装一个有这些字符的字体（emoji：`apt-get install fonts-noto-color-emoji`），或者把字体放进 quire.yaml 旁边的 fonts/ 文件夹", "install a font that has them (emoji: `apt-get install fonts-noto-color-emoji`) or put one in fonts/ beside quire.yaml"))
        })
        .collect()
}

/// The font files of the site's `fonts/` folder, in name order. A
/// symbolic link (the folder itself or anything in it) could reach outside
/// the site, so it is skipped, as in `content/`; so is a file over
/// [`MAX_FONT_BYTES`].
fn site_font_files(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    use crate::base::diagnostic::Severity;
    let dir = root.join("fonts");
    let skipped = |path: &Path| {
        Diagnostic::file(
            Severity::Warning,
            Code::SymlinkSkipped,
            crate::input::load::relative(root, path),
            crate::tr!("不跟随符号链接", "symbolic links are not followed"),
        )
        .with_help(crate::tr!(
            "把字体复制到 fonts/ 里，不要用链接",
            "copy the font into fonts/ instead of linking to it"
        ))
    };
    match std::fs::symlink_metadata(&dir) {
        Ok(meta) if meta.file_type().is_symlink() => {
            diags.push(skipped(&dir));
            return Vec::new();
        }
        Ok(_) => {}
        Err(_) => return Vec::new(),
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path_is_symlink() {
            diags.push(skipped(entry.path()));
            continue;
        }
        if !entry.file_type().is_file() || !is_font_file(entry.path()) {
            continue;
        }
        let size = entry.metadata().map_or(0, |m| m.len());
        if size > MAX_FONT_BYTES {
            diags.push(
                Diagnostic::file(
                    Severity::Warning,
                    Code::FontTooLarge,
                    crate::input::load::relative(root, entry.path()),
                    crate::tr!(
                        "这个字体文件有 {} MB；quire 只读 {} MB 以内的字体文件，所以不会用它", "this font file is {} MB; quire reads font files of at most {} MB, so it is not used",
                        size.div_ceil(1024 * 1024),
                        MAX_FONT_BYTES / (1024 * 1024)
                    ),
                )
                .with_help(crate::tr!("只用你需要的那几个字重的字体文件（一个中文字体每个字重 20–30 MB），不要用更大的合集", "use the font's own files for the weights you need (a CJK font is 20–30 MB per weight) instead of a larger collection")),
            );
            continue;
        }
        files.push(entry.into_path());
    }
    files
}

fn is_font_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "ttf" | "otf" | "ttc" | "otc"
        )
    })
}

/// Reads a font file; a `capped` one (from the site's `fonts/`) only up to
/// [`MAX_FONT_BYTES`], whatever its size said when it was found: a file
/// can grow between the two reads.
fn read_font(path: &Path, capped: bool) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    if !capped {
        return std::fs::read(path);
    }
    let mut data = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FONT_BYTES + 1)
        .read_to_end(&mut data)?;
    if data.len() as u64 > MAX_FONT_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            "font file over the cap",
        ));
    }
    Ok(data)
}

/// How many faces a font file holds: a collection (`ttcf`) says so in its
/// header; any other font file is one face.
fn faces_in(data: &[u8]) -> u32 {
    match data {
        [b't', b't', b'c', b'f', _, _, _, _, a, b, c, d, ..] => {
            u32::from_be_bytes([*a, *b, *c, *d]).min(1024)
        }
        _ => 1,
    }
}

fn system_font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/Library/Fonts",
        "/System/Library/Fonts",
        "C:\\Windows\\Fonts",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    dirs.retain(|d| d.is_dir());
    dirs
}

/// A handbook written as Typst source, within [`budget::LIMITS`], ready
/// to typeset.
pub struct Book {
    source: String,
    images: images::Images,
}

/// Writes a handbook as Typst source and weighs it: a handbook past the
/// budget is refused with a `handbook-too-large` warning, before any of
/// the typesetting it would take minutes and gigabytes to do.
pub fn write(built: &Built, handbook: &Handbook, fonts: &Fonts) -> Result<Book, Diagnostic> {
    let site = &built.site;
    let families = document::Families {
        body: fonts.body.as_deref().unwrap_or_default(),
        heading: &fonts.heading,
        mono: &fonts.mono,
    };
    let images = images::Images::gather(built, handbook);
    let (source, weights) = document::handbook(built, handbook, &families, &images);
    match budget::check(site, handbook, &weights) {
        Some(refusal) => Err(refusal),
        None => Ok(Book { source, images }),
    }
}

/// Typesets a written handbook: its PDF, or `None` with an error when
/// typst refuses it, and warnings of characters no font has. Author text
/// is escaped and the size is bounded, so a refusal is rare, but it is
/// still the content's, reported on the handbook.
pub fn typeset(
    built: &Built,
    handbook: &Handbook,
    book: Book,
    fonts: &Fonts,
) -> Warned<Option<Vec<u8>>> {
    let site = &built.site;
    let world = HandbookWorld::new(book.source, fonts, &book.images);
    let mut diags = missing_glyphs(site, handbook, fonts, world.source.text());
    diags.extend(book.images.diags.iter().cloned());
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(format!("quire-handbook-{}", handbook.id)),
        creator: Smart::Custom(Some(format!("quire {}", env!("CARGO_PKG_VERSION")))),
        standards: pdf_version(),
        ..typst_pdf::PdfOptions::default()
    };
    let pdf = typst::compile::<typst_layout::PagedDocument>(&world)
        .output
        .and_then(|document| typst_pdf::pdf(&document, &options));
    match pdf {
        Ok(bytes) => Warned::new(Some(bytes), diags),
        Err(errors) => {
            diags.push(
                Diagnostic::file(
                    crate::base::diagnostic::Severity::Error,
                    Code::TypesetFailed,
                    handbook.source.path.clone(),
                    crate::tr!("排不了培训手册 `{}`：{}", "cannot typeset the handbook `{}`: {}", handbook.id, describe(&world, &errors)),
                )
                .with_help(crate::tr!("先用 --no-pdf 构建，拿到站点和打印页，也请把这个问题报告给我们", "build with --no-pdf to get the site and print pages meanwhile, and please report this")),
            );
            Warned::new(None, diags)
        }
    }
}

/// The PDF version quire writes: 1.5, not typst's default 1.7, and still
/// tagged (a structure tree, `/Lang`, the bookmarks).
///
/// A tagged PDF from 1.6 to 1.7 carries `/MarkInfo << /Suspects false >>`
/// (krilla writes it, as PDF/UA asks). That is valid PDF, but poppler (22.12
/// in Debian 12, and releases up to 25.11 at least) takes any `/Suspects`
/// that is not `true` for the wrong type: `pdfinfo`, and whatever else asks
/// poppler whether the file is tagged, prints `Syntax Error: Suspects object
/// is wrong type (boolean)` (typst/typst#7140). `/Suspects` is a PDF 1.6
/// key, so at 1.5 it is left out. What 1.5 drops besides is nothing a reader sees:
/// the running header and page number stay artifacts but lose their
/// `/Subtype /Header` and `/Footer` (1.7), the grey colour profile is ICC v2
/// instead of v4, and a link's one rectangle is not repeated as QuadPoints.
/// PDF 2.0 also leaves `/Suspects` out, but drops the document information
/// dictionary (pdfinfo then shows no title) and writes structure roles
/// (`Strong`, `Em`) poppler does not know.
fn pdf_version() -> typst_pdf::PdfStandards {
    // One version and no PDF/A or PDF/UA cannot conflict, so this never
    // falls back; if a typst release ever refused it, 1.7 still prints.
    typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::V_1_5]).unwrap_or_default()
}

fn describe(world: &HandbookWorld, errors: &[SourceDiagnostic]) -> String {
    let mut seen = std::collections::HashSet::new();
    errors
        .iter()
        .filter(|e| seen.insert(&e.message))
        .map(|e| {
            let at = typst::WorldExt::range(world, e.span)
                .map(|r| {
                    let text = world.source.text();
                    let line = text[..r.start.min(text.len())].matches('\n').count() + 1;
                    format!(" (generated line {line})")
                })
                .unwrap_or_default();
            format!("{}{at}", e.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A world of one source file, the discovered fonts and the handbook's
/// images ([`images::Images`]); it reads nothing else, so a handbook cannot
/// reach other files or the network through typst.
struct HandbookWorld<'a> {
    library: LazyHash<Library>,
    source: Source,
    fonts: &'a Fonts,
    images: &'a images::Images,
}

impl<'a> HandbookWorld<'a> {
    fn new(text: String, fonts: &'a Fonts, images: &'a images::Images) -> Self {
        let id = RootedPath::new(
            VirtualRoot::Project,
            VirtualPath::new("handbook.typ").expect("a plain relative path"),
        )
        .intern();
        HandbookWorld {
            library: LazyHash::new(Library::builder().build()),
            source: Source::new(id, text),
            fonts,
            images,
        }
    }
}

impl World for HandbookWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.source.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.images.file(id).ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        let slot = self.fonts.slots.get(index)?;
        slot.font
            .get_or_init(|| {
                let file = self.fonts.files.get(slot.file)?;
                let data = file
                    .data
                    .get_or_init(|| read_font(&file.path, file.capped).ok().map(Bytes::new))
                    .clone()?;
                Font::new(data, slot.index)
            })
            .clone()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        let d = crate::base::dates::today();
        Datetime::from_ymd(i32::try_from(d.year).ok()?, d.month as u8, d.day as u8)
    }
}
