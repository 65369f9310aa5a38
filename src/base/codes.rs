//! The catalogue of diagnostic codes: every code quire emits, with its
//! default severity, whether `rules:` may lower it, and a one-line summary.
//! `rules:` and `allow:` check their codes against it, and tests keep it in
//! step with the source (every code a constructor is given) and with
//! docs/diagnostics.md (every code documented there).

/// What a code is before any rule changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usual {
    Error,
    Warning,
    /// Error or warning by case (an optional element, `html: deny`, a NUL byte …).
    Either,
}

impl Usual {
    pub fn as_str(self) -> &'static str {
        match self {
            Usual::Error => "error",
            Usual::Warning => "warning",
            Usual::Either => "error or warning",
        }
    }
}

/// One diagnostic code.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    pub name: &'static str,
    pub default: Usual,
    /// `Some(why)` for codes that mean something cannot be read or written:
    /// lowering them would publish a site without the file, or with two
    /// pages in one place, so `rules:` and `allow:` may only raise them.
    pub locked: Option<&'static str>,
    pub summary: &'static str,
}

const fn code(name: &'static str, default: Usual, summary: &'static str) -> Code {
    Code {
        name,
        default,
        locked: None,
        summary,
    }
}

const fn locked(
    name: &'static str,
    default: Usual,
    why: &'static str,
    summary: &'static str,
) -> Code {
    Code {
        name,
        default,
        locked: Some(why),
        summary,
    }
}

use Usual::{Either, Error, Warning};

const UNREAD: &str = "the file cannot be read, so the site would be built without it";

/// Every code, grouped as docs/diagnostics.md groups them.
pub const CODES: &[Code] = &[
    // Reading files
    locked("yaml-syntax", Error, UNREAD, "YAML that cannot be parsed"),
    locked(
        "toml-syntax",
        Error,
        UNREAD,
        "TOML front matter (`+++`) that cannot be parsed",
    ),
    locked(
        "unterminated-front-matter",
        Error,
        UNREAD,
        "front matter opened with `---` and never closed",
    ),
    locked("invalid-utf8", Error, UNREAD, "a file that is not UTF-8"),
    locked(
        "unreadable-file",
        Error,
        UNREAD,
        "a file or folder that cannot be read",
    ),
    locked(
        "file-too-large",
        Error,
        UNREAD,
        "a file over 64 MB (50 MB for a published image or attachment), refused before it is read",
    ),
    code(
        "value-too-long",
        Error,
        "a YAML value over 10,000 characters",
    ),
    locked(
        "control-character",
        Either,
        "a NUL byte means a binary or damaged file",
        "NUL or another control character in a text file",
    ),
    code(
        "invisible-character",
        Warning,
        "a zero-width or bidirectional character that changes text unseen",
    ),
    code(
        "empty-file",
        Warning,
        "an empty playbook file, which gets no page",
    ),
    locked(
        "file-name",
        Either,
        "no file system could write the page's folder",
        "a file, slug or tag name that some file system cannot hold",
    ),
    locked(
        "symlink-skipped",
        Either,
        "quire never follows symbolic links, and a linked content/ would publish an empty site",
        "a symbolic link, which quire does not follow",
    ),
    code("unknown-key", Warning, "a key quire.yaml does not have"),
    code(
        "unknown-rule",
        Warning,
        "a code in `rules:` or `allow:` that quire does not emit",
    ),
    code(
        "locked-code",
        Error,
        "a rule that would lower a code that cannot be lowered",
    ),
    // Playbooks and kinds
    locked(
        "unknown-kind",
        Error,
        "a playbook of no kind cannot be placed in the site",
        "a `kind:` no kind has",
    ),
    code("invalid-field", Error, "a value of the wrong type or form"),
    code(
        "folder-like-kind",
        Warning,
        "a folder of plain pages named like a kind's folder",
    ),
    code(
        "unstructured-steps",
        Warning,
        "SOP steps written as prose, so no timeline can be drawn",
    ),
    code(
        "link-to-unreadable",
        Warning,
        "a link to a playbook whose file could not be parsed",
    ),
    code(
        "link-to-draft",
        Error,
        "a link to a draft that the build leaves out",
    ),
    code(
        "full-width-punctuation",
        Warning,
        "a full-width comma or 、 inside a YAML list item",
    ),
    code(
        "unknown-field",
        Warning,
        "a front-matter key quire does not read",
    ),
    code(
        "missing-element",
        Either,
        "an element the kind requires is not covered",
    ),
    code(
        "empty-element",
        Either,
        "an element's heading or field holds nothing",
    ),
    locked(
        "duplicate-id",
        Error,
        "two files would be one playbook",
        "two files with one id",
    ),
    locked(
        "duplicate-url",
        Error,
        "two pages would be written to one place",
        "two pages, or a page and a file quire writes, at one address",
    ),
    // Links
    code("broken-link", Error, "a link or id that names no playbook, or a file link that names no file"),
    code(
        "broken-image",
        Either,
        "an image `src` that names no file (an error), or an image whose size cannot be read (a warning)",
    ),
    code(
        "image-too-large",
        Error,
        "an image whose header claims more than 100 megapixels",
    ),
    code(
        "pdf-image-unusable",
        Warning,
        "an image a handbook PDF cannot embed (damaged, or not an image typst takes), printed as its file name",
    ),
    code(
        "unsafe-file",
        Warning,
        "a page, a script or an SVG with a script beside a playbook, not published",
    ),
    code(
        "broken-anchor",
        Error,
        "a link to a heading the target does not have",
    ),
    code(
        "ambiguous-link",
        Error,
        "a link that more than one playbook answers to",
    ),
    code("self-link", Warning, "a playbook that links to itself"),
    code(
        "unknown-term",
        Error,
        "`[[term:…]]` naming no glossary term",
    ),
    code(
        "unknown-tag",
        Warning,
        "a tag that `tags:` in quire.yaml does not allow",
    ),
    code(
        "orphan",
        Warning,
        "a playbook nothing links to and no handbook includes",
    ),
    code(
        "dead-external-link",
        Warning,
        "a web link that did not answer (`check --external`)",
    ),
    code(
        "empty-chapter",
        Error,
        "a handbook chapter that selects no playbook",
    ),
    code(
        "chapter-already-placed",
        Warning,
        "a handbook chapter whose selectors match only playbooks of earlier chapters",
    ),
    code(
        "duplicate-include",
        Warning,
        "a playbook included twice in one handbook",
    ),
    code(
        "no-cjk-font",
        Warning,
        "no font covers Chinese, so no PDFs are made",
    ),
    code("missing-glyph", Warning, "a character no font has"),
    code(
        "font-too-large",
        Warning,
        "a font file over 128 MB, not read",
    ),
    code(
        "handbook-too-large",
        Warning,
        "a handbook too large to typeset, so it gets no PDF",
    ),
    locked(
        "typeset-failed",
        Error,
        "its pages would link a PDF that was not made",
        "typst refused a handbook's generated document",
    ),
    code(
        "no-pdf-support",
        Warning,
        "a quire built without the `pdf` feature",
    ),
    code(
        "raw-html",
        Either,
        "raw HTML the sanitizer removes (error under `html: deny`)",
    ),
    code(
        "unsafe-attribute",
        Either,
        "a heading attribute that is removed (error under `html: deny`)",
    ),
    code(
        "unsafe-link",
        Either,
        "a link target whose scheme is not allowed (error under `html: deny`)",
    ),
    code(
        "foreign-syntax",
        Warning,
        "another generator's syntax quire does not run (a Hugo shortcode, MDX, Liquid, a Pandoc attribute)",
    ),
    code(
        "unclosed-container",
        Warning,
        "a `::: tip` container never closed with `:::`",
    ),
    code(
        "diagram-not-drawn",
        Warning,
        "a `mermaid` or `echarts` block, shown as its source",
    ),
    code(
        "not-an-image",
        Warning,
        "`![…](a.wav)`: an image whose file is sound, video or a document, shown as a player or a link",
    ),
    // Domain lints
    code(
        "size-over-platform",
        Error,
        "a size limit above what the platform's groups hold",
    ),
    code(
        "core-over-dunbar",
        Warning,
        "a core group above Dunbar's 150",
    ),
    code(
        "mix-not-100",
        Error,
        "a content mix that does not add up to 100%",
    ),
    code("steps-out-of-order", Warning, "SOP steps out of time order"),
    code("unknown-role", Warning, "a step's owner not among `roles:`"),
    code(
        "broken-script-ref",
        Warning,
        "a script pointer to a heading the page does not have",
    ),
    code(
        "undefined-variable",
        Warning,
        "a `{变量}` in a script that `variables:` does not declare",
    ),
    code(
        "placeholder",
        Warning,
        "TODO, 待定 or another placeholder left in the text",
    ),
    code(
        "review-overdue",
        Warning,
        "a playbook whose review is overdue",
    ),
];

/// The code named `name`.
pub fn find(name: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.name == name)
}

/// Every code's name, in catalogue order.
pub fn names() -> Vec<&'static str> {
    CODES.iter().map(|c| c.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for c in CODES {
            assert!(seen.insert(c.name), "{} twice", c.name);
            assert!(
                c.name.split('-').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{}",
                c.name
            );
        }
        assert!(find("orphan").is_some() && find("orphans").is_none());
        assert!(find("yaml-syntax").and_then(|c| c.locked).is_some());
    }
}
