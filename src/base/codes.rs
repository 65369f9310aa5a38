//! The catalogue of diagnostic codes: every code quire emits, each on one
//! line of the `catalogue!` table with its default level, whether `rules:`
//! may lower it, a one-line summary and an example of what produces it.
//! A [`Diagnostic`](crate::base::diagnostic::Diagnostic) is made from a
//! [`Code`], so a code that is not here cannot be written at a call site.
//! `rules:` and `allow:` look codes up here (aliases included), and
//! docs/diagnostics.md's code tables are rendered from it (tests/it/codes.rs).

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

/// Writes the [`Code`] enum and its tables from one row per code:
/// `Variant = "name", Level, [locked: WHY,] "summary", "example";`, grouped
/// in sections as docs/diagnostics.md groups them.
macro_rules! catalogue {
    (@locked) => { None };
    (@locked $why:ident) => { Some($why) };
    ($($section:literal => {
        $($variant:ident = $name:literal, $level:ident, $(locked: $why:ident,)? $summary:literal, $example:literal;)*
    })*) => {
        /// One diagnostic code. Its name (`yaml-syntax`) is what every
        /// output shows and what `rules:` and `allow:` are written with.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($($variant,)*)*
        }

        /// Every code, in catalogue order.
        pub const ALL: &[Code] = &[$($(Code::$variant,)*)*];

        /// The catalogue's sections and their codes, as the docs show them.
        pub const SECTIONS: &[(&str, &[Code])] = &[$(($section, &[$(Code::$variant,)*]),)*];

        impl Code {
            /// The stable kebab-case name, e.g. `yaml-syntax`.
            pub const fn name(self) -> &'static str {
                match self { $($(Code::$variant => $name,)*)* }
            }

            /// The level before any rule changes it.
            pub const fn default_level(self) -> Usual {
                match self { $($(Code::$variant => Usual::$level,)*)* }
            }

            /// `Some(why)` for codes that mean something cannot be read or
            /// written: lowering them would publish a site without the file,
            /// or with two pages in one place, so `rules:` and `allow:` may
            /// only raise them.
            pub const fn locked(self) -> Option<&'static str> {
                match self { $($(Code::$variant => catalogue!(@locked $($why)?),)*)* }
            }

            /// What the code reports, in one line.
            pub const fn summary(self) -> &'static str {
                match self { $($(Code::$variant => $summary,)*)* }
            }

            /// A short input (or situation) that produces it, as Markdown.
            pub const fn example(self) -> &'static str {
                match self { $($(Code::$variant => $example,)*)* }
            }
        }
    };
}

const UNREAD: &str = "the file cannot be read, so the site would be built without it";
const NUL: &str = "a NUL byte means a binary or damaged file";
const NO_FOLDER: &str = "no file system could write the page's folder";
const NO_LINKS: &str =
    "quire never follows symbolic links, and a linked content/ would publish an empty site";
const NO_KIND: &str = "a playbook of no kind cannot be placed in the site";
const ONE_ID: &str = "two files would be one playbook";
const ONE_PLACE: &str = "two pages would be written to one place";
const NO_PDF: &str = "its pages would link a PDF that was not made";

catalogue! {
    "Reading files" => {
        YamlSyntax = "yaml-syntax", Error, locked: UNREAD, "YAML that cannot be parsed", "`tags: [新人, SOP` with no `]`";
        TomlSyntax = "toml-syntax", Error, locked: UNREAD, "TOML front matter (`+++`) that cannot be parsed", "`title = 新人接待` without quotes";
        UnterminatedFrontMatter = "unterminated-front-matter", Error, locked: UNREAD, "front matter opened with `---` and never closed", "a file that starts with `---` and has no second `---` line";
        InvalidUtf8 = "invalid-utf8", Error, locked: UNREAD, "a file that is not UTF-8", "a playbook saved as GBK";
        UnreadableFile = "unreadable-file", Error, locked: UNREAD, "a file or folder that cannot be read", "`chmod 000 content/sop/a.md`";
        FileTooLarge = "file-too-large", Error, locked: UNREAD, "a file over 64 MB (50 MB for a published image or attachment), refused before it is read", "`content/sop/培训录像.mp4` of 300 MB";
        ValueTooLong = "value-too-long", Error, "a YAML value over 10,000 characters", "a `title:` of 10,001 characters";
        ControlCharacter = "control-character", Either, locked: NUL, "NUL or another control character in a text file", "`title: a\\0b`";
        InvisibleCharacter = "invisible-character", Warning, "a zero-width or bidirectional character that changes text unseen", "a zero-width space (U+200B) in `## 步骤`";
        EmptyFile = "empty-file", Warning, "an empty playbook file, which gets no page", "`content/sop/a.md` of 0 bytes";
        FileName = "file-name", Either, locked: NO_FOLDER, "a file, slug or tag name that some file system cannot hold", "`content/sop/con.md`, `slug: CON`";
        SymlinkSkipped = "symlink-skipped", Either, locked: NO_LINKS, "a symbolic link, which quire does not follow", "`ln -s /etc static`";
        UnknownKey = "unknown-key", Warning, "a key quire.yaml does not have", "`langauge: en` in `quire.yaml`";
        UnknownRule = "unknown-rule", Warning, "a code in `rules:` or `allow:` that quire does not emit", "`allow: [placeholdr]`";
        LockedCode = "locked-code", Error, "a rule that would lower a code that cannot be lowered", "`rules: {yaml-syntax: warning}`";
    }
    "Playbooks and kinds" => {
        UnknownKind = "unknown-kind", Error, locked: NO_KIND, "a `kind:` no kind has", "`kind: case-studdy`";
        WrongType = "wrong-type", Error, "a value of the wrong type: text, a number, a list or a mapping where another is needed", "`size_limit: \"很多\"`";
        OutOfRange = "out-of-range", Error, "a number or a list outside the bounds its kind sets", "`size_limit: 0` where at least 1 is needed";
        UnknownValue = "unknown-value", Error, "a value that is not one of those allowed", "`medium: 广播` where 语音, 图文, 视频 or 直播 is needed";
        InvalidDate = "invalid-date", Error, "a date or a duration that cannot be read", "`reviewed: 2025/03/05`, `review_every: 3 months`";
        InvalidStep = "invalid-step", Error, "an SOP step without its time or its owner, or at a time that cannot be read", "`- D-1 拉群` (names nobody)";
        InvalidPath = "invalid-path", Error, "a slug, alias, id, folder or theme that is not a plain name inside the site", "`slug: /a/../b`";
        MissingKey = "missing-key", Error, "a mapping without a key it needs", "a glossary entry with a `definition` and no `term`";
        FolderLikeKind = "folder-like-kind", Warning, "a folder of plain pages named like a kind's folder", "`content/rules/a.md` (like group-rules)";
        UnstructuredSteps = "unstructured-steps", Warning, "SOP steps written as prose, so no timeline can be drawn", "a `## 步骤` section of paragraphs";
        LinkToUnreadable = "link-to-unreadable", Warning, "a link to a playbook whose file could not be parsed", "`[[sop/活动]]` where `sop/活动.md` has a `yaml-syntax` error";
        FullWidthPunctuation = "full-width-punctuation", Warning, "a full-width comma or 、 inside a YAML list item", "`tags: [读书会，分享]`";
        UnknownField = "unknown-field", Warning, "a front-matter key quire does not read", "`owener: 王芳`";
        MissingElement = "missing-element", Either, "an element the kind requires is not covered", "group rules without a `## 清理机制`";
        EmptyElement = "empty-element", Either, "an element's heading or field holds nothing", "`## 复盘` with nothing under it";
        DuplicateId = "duplicate-id", Error, locked: ONE_ID, "two files with one id", "`content/sop/a.md` and `content/sop/a.yaml`";
        DuplicateUrl = "duplicate-url", Error, locked: ONE_PLACE, "two pages, or a page and a file quire writes, at one address", "two playbooks with `slug: welcome` in one folder";
    }
    "Links" => {
        BrokenLink = "broken-link", Error, "a link or id that names no playbook, or a file link that names no file", "`[[sop/welcom]]`";
        BrokenImage = "broken-image", Either, "an image `src` that names no file (an error), or an image whose size cannot be read (a warning)", "`![入群二维码](qr.png)` with no `qr.png`";
        ImageTooLarge = "image-too-large", Error, "an image whose header claims more than 100 megapixels", "a PNG whose header says 80,000 × 80,000";
        PdfImageUnusable = "pdf-image-unusable", Warning, "an image a handbook PDF cannot embed (damaged, or not an image typst takes), printed as its file name", "a `qr.png` that is really a PDF";
        UnsafeFile = "unsafe-file", Warning, "a page, a script or an SVG with a script beside a playbook, not published", "`content/sop/a.html`";
        LinkToDraft = "link-to-draft", Error, "a link to a draft that the build leaves out", "`[[sop/活动]]` where `sop/活动.md` says `draft: true`";
        BrokenAnchor = "broken-anchor", Error, "a link to a heading the target does not have", "`[[group-rules/core#发言规范]]` after the heading was renamed";
        AmbiguousLink = "ambiguous-link", Error, "a link that more than one playbook answers to", "`[[dup]]` with `sop/dup.md` and `cases/dup.md`";
        SelfLink = "self-link", Warning, "a playbook that links to itself", "`[[welcome]]` in `sop/welcome.md`";
        UnknownTerm = "unknown-term", Error, "`[[term:…]]` naming no glossary term", "`[[term:登巴数字]]`";
        UnknownTag = "unknown-tag", Warning, "a tag that `tags:` in quire.yaml does not allow", "`tags: [新手]` where only `新人` is allowed";
        Orphan = "orphan", Warning, "a playbook nothing links to and no handbook includes", "a new case study no page mentions";
        DeadExternalLink = "dead-external-link", Warning, "a web link that did not answer (`check --external`)", "`https://example.com/gone` answering 404";
        EmptyChapter = "empty-chapter", Error, "a handbook chapter that selects no playbook", "`include: [{tag: 不存在}]`";
        ChapterAlreadyPlaced = "chapter-already-placed", Warning, "a handbook chapter whose selectors match only playbooks of earlier chapters", "a last chapter `include: [{kind: sop}]` after chapters that took every SOP";
        DuplicateInclude = "duplicate-include", Warning, "a playbook included twice in one handbook", "`include: [sop/welcome, sop/welcome]`";
        NoCjkFont = "no-cjk-font", Warning, "no font covers Chinese, so no PDFs are made", "a build with handbooks where `fonts-noto-cjk` is not installed";
        MissingGlyph = "missing-glyph", Warning, "a character no font has", "`欢迎🎉` where no font has 🎉";
        FontTooLarge = "font-too-large", Warning, "a font file over 128 MB, not read", "`fonts/all-weights.ttc` of 300 MB";
        HandbookTooLarge = "handbook-too-large", Warning, "a handbook too large to typeset, so it gets no PDF", "a handbook that prints 1,500,001 characters";
        TypesetFailed = "typeset-failed", Error, locked: NO_PDF, "typst refused a handbook's generated document", "none known: report it, and build with `--no-pdf` meanwhile";
        NoPdfSupport = "no-pdf-support", Warning, "a quire built without the `pdf` feature", "`cargo install --no-default-features` and a site with handbooks";
        RawHtml = "raw-html", Either, "raw HTML the sanitizer removes (error under `html: deny`)", "`<script>alert(1)</script>`";
        UnsafeAttribute = "unsafe-attribute", Either, "a heading attribute that is removed (error under `html: deny`)", "`## 正文 {onfocus=…}`";
        UnsafeLink = "unsafe-link", Either, "a link target whose scheme is not allowed (error under `html: deny`)", "`[点这里](javascript:…)`";
        ForeignSyntax = "foreign-syntax", Warning, "another generator's syntax quire does not run (a Hugo shortcode, MDX, Liquid, a Pandoc attribute)", "`{{< figure src=\"qr.png\" >}}`";
        UnclosedContainer = "unclosed-container", Warning, "a `::: tip` container never closed with `:::`", "`::: tip` and no `:::` after it";
        DiagramNotDrawn = "diagram-not-drawn", Warning, "a `mermaid` or `echarts` block, shown as its source", "a fenced block marked `mermaid`";
        NotAnImage = "not-an-image", Warning, "`![…](a.wav)`: an image whose file is sound, video or a document, shown as a player or a link", "`![](intro.mp4)`";
    }
    "Domain lints" => {
        SizeOverPlatform = "size-over-platform", Error, "a size limit above what the platform's groups hold", "`platform: 微信群` with `size_limit: 800`";
        CoreOverDunbar = "core-over-dunbar", Warning, "a core group above Dunbar's 150", "`core: true` with `size_limit: 200`";
        MixNot100 = "mix-not-100", Error, "a content mix that does not add up to 100%", "`mix: {干货: 40, 生活: 20, 故事: 15, 活动: 15}`";
        StepsOutOfOrder = "steps-out-of-order", Warning, "SOP steps out of time order", "a step at `D-1` after one at `T+0`";
        UnknownRole = "unknown-role", Warning, "a step's owner not among `roles:`", "`群主` as owner with `roles: [小助手, 管理员]`";
        BrokenScriptRef = "broken-script-ref", Warning, "a script pointer to a heading the page does not have", "`见下方话术` on a page without that heading";
        UndefinedVariable = "undefined-variable", Warning, "a `{变量}` in a script that `variables:` does not declare", "`{群名}` with `variables: [昵称]`";
        Placeholder = "placeholder", Warning, "TODO, 待定 or another placeholder left in the text", "`联系XX老师`";
        ReviewOverdue = "review-overdue", Warning, "a playbook whose review is overdue", "`reviewed: 2025-01-10` with `review_every: 90d`, in 2026";
    }
}

/// Names `rules:` and `allow:` still take for codes that were split, and
/// the codes each stands for: a rule on `invalid-field` sets them all.
pub const ALIASES: &[(&str, &[Code])] = &[(
    "invalid-field",
    &[
        Code::WrongType,
        Code::OutOfRange,
        Code::UnknownValue,
        Code::InvalidDate,
        Code::InvalidStep,
        Code::InvalidPath,
        Code::MissingKey,
    ],
)];

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The code named `name`.
pub fn find(name: &str) -> Option<Code> {
    ALL.iter().copied().find(|c| c.name() == name)
}

/// The codes a name in `rules:` or `allow:` stands for: the code of that
/// name, or every code an alias names.
pub fn resolve(name: &str) -> Option<&'static [Code]> {
    if let Some(at) = ALL.iter().position(|c| c.name() == name) {
        return Some(&ALL[at..=at]);
    }
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map(|(_, codes)| *codes)
}

/// Every name `rules:` and `allow:` take: each code's, then each alias.
pub fn names() -> Vec<&'static str> {
    ALL.iter()
        .map(|c| c.name())
        .chain(ALIASES.iter().map(|(alias, _)| *alias))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for name in names() {
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.split('-').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{name}"
            );
        }
        assert!(find("orphan").is_some() && find("orphans").is_none());
        assert!(find("yaml-syntax").and_then(Code::locked).is_some());
    }

    #[test]
    fn sections_hold_every_code_once() {
        let listed: Vec<Code> = SECTIONS
            .iter()
            .flat_map(|(_, c)| c.iter().copied())
            .collect();
        assert_eq!(listed, ALL);
    }

    #[test]
    fn an_alias_is_no_code_and_resolves_to_codes() {
        assert!(find("invalid-field").is_none());
        let split = resolve("invalid-field").unwrap_or_default();
        assert!(split.contains(&Code::InvalidDate) && split.len() > 1);
        assert_eq!(resolve("orphan"), Some(&[Code::Orphan][..]));
        assert_eq!(resolve("orphans"), None);
    }

    #[test]
    fn every_code_has_a_summary_and_an_example_fit_for_a_table_row() {
        for c in ALL {
            for text in [c.summary(), c.example()] {
                assert!(!text.trim().is_empty(), "{c}");
                assert!(!text.contains(['|', '\n']), "{c}: {text}");
            }
        }
    }
}
