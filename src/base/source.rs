//! Source files as read from disk, and the mapping from byte offsets to the
//! line and column a person sees in their editor.

use std::ops::Range;
use std::path::PathBuf;

/// The extensions of the files quire reads as pages and playbooks: Markdown
/// as other tools name it (`.markdown` in Jekyll and Hugo, `.mdx` in
/// Docusaurus, whose imports and components are reported, not run), and
/// pure-YAML playbooks.
pub const SOURCE_EXTENSIONS: [&str; 5] = ["md", "markdown", "mdx", "yaml", "yml"];

/// Whether a file with this extension (any case) is a page or playbook.
pub fn is_source_extension(ext: &str) -> bool {
    SOURCE_EXTENSIONS
        .iter()
        .any(|e| e.eq_ignore_ascii_case(ext))
}

/// One file of the site, read whole, with its path relative to the site root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root with `/` separators, as shown in diagnostics.
    pub path: String,
    /// Where the file lives on disk.
    pub abs_path: PathBuf,
    /// The text, with a leading UTF-8 BOM removed (offsets count from after it).
    pub text: String,
    line_starts: Vec<usize>,
}

/// A position in a file: 1-based line, 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, abs_path: PathBuf, text: String) -> Self {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            abs_path,
            text,
            line_starts,
        }
    }

    /// The line and column of a byte offset; offsets inside a character or past
    /// the end are clamped so that a bad span can never panic.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and character column.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let text = self.line_text_at(start);
        let within: usize = text
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        start + within
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        match self.line_starts.get(line.saturating_sub(1)) {
            Some(&start) => self.line_text_at(start),
            None => "",
        }
    }

    fn line_text_at(&self, start: usize) -> &str {
        let rest = &self.text[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        rest[..end].trim_end_matches('\r')
    }

    /// Characters covered by `range` on its first line (at least one), for carets.
    pub fn span_width(&self, range: &Range<usize>) -> usize {
        let start = self.floor_char_boundary(range.start.min(self.text.len()));
        let end = self
            .floor_char_boundary(range.end.min(self.text.len()))
            .max(start);
        let covered = &self.text[start..end];
        let first_line = covered.split('\n').next().unwrap_or("");
        first_line.trim_end_matches('\r').chars().count().max(1)
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.md", PathBuf::from("a.md"), text.to_string())
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let f = file("第一行\n标题: 值\n");
        let off = f.text.find("值").unwrap();
        assert_eq!(f.position(off), Position { line: 2, column: 5 });
        assert_eq!(f.offset_of(2, 5), off);
        assert_eq!(f.line_text(2), "标题: 值");
    }

    #[test]
    fn bom_is_dropped_and_crlf_lines_are_trimmed() {
        let f = file("\u{feff}a\r\nb\r\n");
        assert_eq!(f.text, "a\r\nb\r\n");
        assert_eq!(f.line_text(1), "a");
        assert_eq!(f.position(3), Position { line: 2, column: 1 });
    }

    #[test]
    fn offsets_out_of_range_are_clamped() {
        let f = file("中");
        assert_eq!(f.position(1), Position { line: 1, column: 1 });
        assert_eq!(f.position(99), Position { line: 1, column: 2 });
        assert_eq!(f.line_text(7), "");
    }
}
