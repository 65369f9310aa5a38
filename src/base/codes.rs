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
/// `Variant = "name", Level, [locked: WHY,] "summary", "中文摘要", "example";`, grouped
/// in sections as docs/diagnostics.md groups them.
macro_rules! catalogue {
    (@locked) => { None };
    (@locked $why:ident) => { Some($why) };
    ($($section:literal => {
        $($variant:ident = $name:literal, $level:ident, $(locked: $why:ident,)? $summary:literal, $summary_zh:literal, $example:literal;)*
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
                match self.locked_why() {
                    Some((_, en)) => Some(en),
                    None => None,
                }
            }

            /// [`locked`](Self::locked)'s reason in Chinese and in English.
            pub const fn locked_why(self) -> Option<(&'static str, &'static str)> {
                match self { $($(Code::$variant => catalogue!(@locked $($why)?),)*)* }
            }

            /// What the code reports, in one line.
            pub const fn summary(self) -> &'static str {
                match self { $($(Code::$variant => $summary,)*)* }
            }

            /// [`summary`](Self::summary) in Chinese.
            pub const fn summary_zh(self) -> &'static str {
                match self { $($(Code::$variant => $summary_zh,)*)* }
            }

            /// A short input (or situation) that produces it, as Markdown.
            pub const fn example(self) -> &'static str {
                match self { $($(Code::$variant => $example,)*)* }
            }
        }
    };
}

// Why a code is locked, in Chinese and in English.
const UNREAD: (&str, &str) = (
    "文件读不了，站点就会少了它",
    "the file cannot be read, so the site would be built without it",
);
const NUL: (&str, &str) = (
    "有 NUL 字节说明这是二进制文件或损坏的文件",
    "a NUL byte means a binary or damaged file",
);
const NO_FOLDER: (&str, &str) = (
    "没有哪个文件系统能写出这个页面的文件夹",
    "no file system could write the page's folder",
);
const NO_LINKS: (&str, &str) = (
    "quire 从不跟随符号链接，链接过来的 content/ 会发布成一个空站点",
    "quire never follows symbolic links, and a linked content/ would publish an empty site",
);
const NO_KIND: (&str, &str) = (
    "不属于任何类型的手册没法放进站点",
    "a playbook of no kind cannot be placed in the site",
);
const ONE_ID: (&str, &str) = (
    "两个文件会变成同一篇手册",
    "two files would be one playbook",
);
const ONE_PLACE: (&str, &str) = (
    "两个页面会写到同一个地方",
    "two pages would be written to one place",
);
const NO_PDF: (&str, &str) = (
    "页面会链接到一个没有生成的 PDF",
    "its pages would link a PDF that was not made",
);

catalogue! {
    "Reading files" => {
        YamlSyntax = "yaml-syntax", Error, locked: UNREAD, "YAML that cannot be parsed", "无法解析的 YAML", "`tags: [新人, SOP` with no `]`";
        TomlSyntax = "toml-syntax", Error, locked: UNREAD, "TOML front matter (`+++`) that cannot be parsed", "无法解析的 TOML front matter（`+++`）", "`title = 新人接待` without quotes";
        UnterminatedFrontMatter = "unterminated-front-matter", Error, locked: UNREAD, "front matter opened with `---` and never closed", "用 `---` 开头的 front matter 没有结束", "a file that starts with `---` and has no second `---` line";
        InvalidUtf8 = "invalid-utf8", Error, locked: UNREAD, "a file that is not UTF-8", "文件不是 UTF-8 编码", "a playbook saved as GBK";
        UnreadableFile = "unreadable-file", Error, locked: UNREAD, "a file or folder that cannot be read", "读不了的文件或文件夹", "`chmod 000 content/sop/a.md`";
        FileTooLarge = "file-too-large", Error, locked: UNREAD, "a file over 64 MB (50 MB for a published image or attachment), refused before it is read", "文件超过 64 MB（发布的图片或附件超过 50 MB），读之前就拒绝", "`content/sop/培训录像.mp4` of 300 MB";
        ValueTooLong = "value-too-long", Error, "a YAML value over 10,000 characters", "YAML 值超过 10,000 个字符", "a `title:` of 10,001 characters";
        ControlCharacter = "control-character", Either, locked: NUL, "NUL or another control character in a text file", "文本文件里有 NUL 或其他控制字符", "`title: a\\0b`";
        InvisibleCharacter = "invisible-character", Warning, "a zero-width or bidirectional character that changes text unseen", "看不见却会改变文字的零宽字符或双向控制字符", "a zero-width space (U+200B) in `## 步骤`";
        EmptyFile = "empty-file", Warning, "an empty playbook file, which gets no page", "空的手册文件，不会生成页面", "`content/sop/a.md` of 0 bytes";
        FileName = "file-name", Either, locked: NO_FOLDER, "a file, slug or tag name that some file system cannot hold", "某些文件系统存不下的文件名、slug 或标签名", "`content/sop/con.md`, `slug: CON`";
        SymlinkSkipped = "symlink-skipped", Either, locked: NO_LINKS, "a symbolic link, which quire does not follow", "符号链接，quire 不跟随", "`ln -s /etc static`";
        UnknownKey = "unknown-key", Warning, "a key quire.yaml does not have", "quire.yaml 没有这个键", "`langauge: en` in `quire.yaml`";
        UnknownRule = "unknown-rule", Warning, "a code in `rules:` or `allow:` that quire does not emit", "`rules:` 或 `allow:` 里写了 quire 不会报的代码", "`allow: [placeholdr]`";
        LockedCode = "locked-code", Error, "a rule that would lower a code that cannot be lowered", "规则想降低一个不能降低的代码", "`rules: {yaml-syntax: warning}`";
    }
    "Playbooks and kinds" => {
        UnknownKind = "unknown-kind", Error, locked: NO_KIND, "a `kind:` no kind has", "没有哪个类型叫这个 `kind:`", "`kind: case-studdy`";
        WrongType = "wrong-type", Error, "a value of the wrong type: text, a number, a list or a mapping where another is needed", "值的类型不对：该写文字、数字、列表或映射的地方写了别的", "`size_limit: \"很多\"`";
        OutOfRange = "out-of-range", Error, "a number or a list outside the bounds its kind sets", "数字或列表超出了类型规定的范围", "`size_limit: 0` where at least 1 is needed";
        UnknownValue = "unknown-value", Error, "a value that is not one of those allowed", "值不在允许的几个之中", "`medium: 广播` where 语音, 图文, 视频 or 直播 is needed";
        InvalidDate = "invalid-date", Error, "a date or a duration that cannot be read", "读不懂的日期或时长", "`reviewed: 2025/03/05`, `review_every: 3 months`";
        InvalidStep = "invalid-step", Error, "an SOP step without its time or its owner, or at a time that cannot be read", "SOP 步骤缺时间或负责人，或时间读不懂", "`- D-1 拉群` (names nobody)";
        InvalidPath = "invalid-path", Error, "a slug, alias, id, folder or theme that is not a plain name inside the site", "slug、别名、id、文件夹或主题不是站点里的普通名字", "`slug: /a/../b`";
        MissingKey = "missing-key", Error, "a mapping without a key it needs", "映射缺了必须有的键", "a glossary entry with a `definition` and no `term`";
        FolderLikeKind = "folder-like-kind", Warning, "a folder of plain pages named like a kind's folder", "普通页面的文件夹名字像某个类型的文件夹", "`content/rules/a.md` (like group-rules)";
        UnstructuredSteps = "unstructured-steps", Warning, "SOP steps written as prose, so no timeline can be drawn", "SOP 步骤写成了段落，画不出时间线", "a `## 步骤` section of paragraphs";
        LinkToUnreadable = "link-to-unreadable", Warning, "a link to a playbook whose file could not be parsed", "链接指向的手册文件解析失败", "`[[sop/活动]]` where `sop/活动.md` has a `yaml-syntax` error";
        FullWidthPunctuation = "full-width-punctuation", Warning, "a full-width comma or 、 inside a YAML list item", "YAML 列表项里用了全角逗号或顿号", "`tags: [读书会，分享]`";
        UnknownField = "unknown-field", Warning, "a front-matter key quire does not read", "quire 不读取的 front matter 字段", "`owener: 王芳`";
        MissingElement = "missing-element", Either, "an element the kind requires is not covered", "缺少这一类型要求的要素", "group rules without a `## 清理机制`";
        EmptyElement = "empty-element", Either, "an element's heading or field holds nothing", "要素的标题或字段下面什么也没写", "`## 复盘` with nothing under it";
        DuplicateId = "duplicate-id", Error, locked: ONE_ID, "two files with one id", "两个文件是同一个 id", "`content/sop/a.md` and `content/sop/a.yaml`";
        DuplicateUrl = "duplicate-url", Error, locked: ONE_PLACE, "two pages, or a page and a file quire writes, at one address", "两个页面（或一个页面和 quire 写的文件）在同一个网址", "two playbooks with `slug: welcome` in one folder";
    }
    "Links" => {
        BrokenLink = "broken-link", Error, "a link or id that names no playbook, or a file link that names no file", "链接或 id 找不到对应的手册，或文件链接找不到文件", "`[[sop/welcom]]`";
        BrokenImage = "broken-image", Either, "an image `src` that names no file (an error), or an image whose size cannot be read (a warning)", "图片 `src` 找不到文件（错误），或读不出图片尺寸（警告）", "`![入群二维码](qr.png)` with no `qr.png`";
        ImageTooLarge = "image-too-large", Error, "an image whose header claims more than 100 megapixels", "图片文件头声称超过 1 亿像素", "a PNG whose header says 80,000 × 80,000";
        PdfImageUnusable = "pdf-image-unusable", Warning, "an image a handbook PDF cannot embed (damaged, or not an image typst takes), printed as its file name", "培训手册 PDF 嵌不进去的图片（损坏，或 typst 不支持），印成文件名", "a `qr.png` that is really a PDF";
        UnsafeFile = "unsafe-file", Warning, "a page, a script or an SVG with a script beside a playbook, not published", "手册旁边的网页、脚本或带脚本的 SVG，不会发布", "`content/sop/a.html`";
        LinkToDraft = "link-to-draft", Error, "a link to a draft that the build leaves out", "链接指向构建时会略过的草稿", "`[[sop/活动]]` where `sop/活动.md` says `draft: true`";
        BrokenAnchor = "broken-anchor", Error, "a link to a heading the target does not have", "链接指向目标页面没有的标题", "`[[group-rules/core#发言规范]]` after the heading was renamed";
        AmbiguousLink = "ambiguous-link", Error, "a link that more than one playbook answers to", "不止一篇手册对得上的链接", "`[[dup]]` with `sop/dup.md` and `cases/dup.md`";
        SelfLink = "self-link", Warning, "a playbook that links to itself", "手册链接到了自己", "`[[welcome]]` in `sop/welcome.md`";
        UnknownTerm = "unknown-term", Error, "`[[term:…]]` naming no glossary term", "`[[term:…]]` 写的术语不在术语表里", "`[[term:登巴数字]]`";
        UnknownTag = "unknown-tag", Warning, "a tag that `tags:` in quire.yaml does not allow", "quire.yaml 的 `tags:` 不允许的标签", "`tags: [新手]` where only `新人` is allowed";
        Orphan = "orphan", Warning, "a playbook nothing links to and no handbook includes", "没有任何页面链接、也没有培训手册收录的手册", "a new case study no page mentions";
        DeadExternalLink = "dead-external-link", Warning, "a web link that did not answer (`check --external`)", "打不开的网页链接（`check --external`）", "`https://example.com/gone` answering 404";
        EmptyChapter = "empty-chapter", Error, "a handbook chapter that selects no playbook", "培训手册里一篇手册也没选中的章", "`include: [{tag: 不存在}]`";
        ChapterAlreadyPlaced = "chapter-already-placed", Warning, "a handbook chapter whose selectors match only playbooks of earlier chapters", "培训手册的章选中的手册都已经放进了前面的章", "a last chapter `include: [{kind: sop}]` after chapters that took every SOP";
        DuplicateInclude = "duplicate-include", Warning, "a playbook included twice in one handbook", "同一本培训手册把一篇手册收录了两次", "`include: [sop/welcome, sop/welcome]`";
        NoCjkFont = "no-cjk-font", Warning, "no font covers Chinese, so no PDFs are made", "没有能显示中文的字体，所以不生成 PDF", "a build with handbooks where `fonts-noto-cjk` is not installed";
        MissingGlyph = "missing-glyph", Warning, "a character no font has", "所有字体都没有的字符", "`欢迎🎉` where no font has 🎉";
        FontTooLarge = "font-too-large", Warning, "a font file over 128 MB, not read", "超过 128 MB 的字体文件，不读取", "`fonts/all-weights.ttc` of 300 MB";
        HandbookTooLarge = "handbook-too-large", Warning, "a handbook too large to typeset, so it gets no PDF", "培训手册太大，排不了版，不生成 PDF", "a handbook that prints 1,500,001 characters";
        TypesetFailed = "typeset-failed", Error, locked: NO_PDF, "typst refused a handbook's generated document", "typst 拒绝了为培训手册生成的文档", "none known: report it, and build with `--no-pdf` meanwhile";
        NoPdfSupport = "no-pdf-support", Warning, "a quire built without the `pdf` feature", "这个 quire 构建时没有带 `pdf` 功能", "`cargo install --no-default-features` and a site with handbooks";
        RawHtml = "raw-html", Either, "raw HTML the sanitizer removes (error under `html: deny`)", "会被清理掉的原始 HTML（`html: deny` 时是错误）", "`<script>alert(1)</script>`";
        UnsafeAttribute = "unsafe-attribute", Either, "a heading attribute that is removed (error under `html: deny`)", "会被去掉的标题属性（`html: deny` 时是错误）", "`## 正文 {onfocus=…}`";
        UnsafeLink = "unsafe-link", Either, "a link target whose scheme is not allowed (error under `html: deny`)", "链接用了不允许的协议（`html: deny` 时是错误）", "`[点这里](javascript:…)`";
        ForeignSyntax = "foreign-syntax", Warning, "another generator's syntax quire does not run (a Hugo shortcode, MDX, Liquid, a Pandoc attribute)", "别的生成器的语法，quire 不执行（Hugo 短代码、MDX、Liquid、Pandoc 属性）", "`{{< figure src=\"qr.png\" >}}`";
        UnclosedContainer = "unclosed-container", Warning, "a `::: tip` container never closed with `:::`", "`::: tip` 容器没有用 `:::` 收尾", "`::: tip` and no `:::` after it";
        DiagramNotDrawn = "diagram-not-drawn", Warning, "a `mermaid` or `echarts` block, shown as its source", "`mermaid` 或 `echarts` 代码块，按源码显示", "a fenced block marked `mermaid`";
        NotAnImage = "not-an-image", Warning, "`![…](a.wav)`: an image whose file is sound, video or a document, shown as a player or a link", "`![…](a.wav)`：当图片写的其实是音频、视频或文档，显示成播放器或链接", "`![](intro.mp4)`";
    }
    "Domain lints" => {
        SizeOverPlatform = "size-over-platform", Error, "a size limit above what the platform's groups hold", "人数上限超过了平台一个群能容纳的人数", "`platform: 微信群` with `size_limit: 800`";
        CoreOverDunbar = "core-over-dunbar", Warning, "a core group above Dunbar's 150", "核心群超过邓巴数 150", "`core: true` with `size_limit: 200`";
        MixNot100 = "mix-not-100", Error, "a content mix that does not add up to 100%", "内容配比加起来不是 100%", "`mix: {干货: 40, 生活: 20, 故事: 15, 活动: 15}`";
        StepsOutOfOrder = "steps-out-of-order", Warning, "SOP steps out of time order", "SOP 步骤没有按时间顺序排列", "a step at `D-1` after one at `T+0`";
        UnknownRole = "unknown-role", Warning, "a step's owner not among `roles:`", "步骤的负责人不在 `roles:` 里", "`群主` as owner with `roles: [小助手, 管理员]`";
        BrokenScriptRef = "broken-script-ref", Warning, "a script pointer to a heading the page does not have", "指向本页没有的标题的话术引用", "`见下方话术` on a page without that heading";
        UndefinedVariable = "undefined-variable", Warning, "a `{变量}` in a script that `variables:` does not declare", "话术里的 `{变量}` 没有在 `variables:` 里声明", "`{群名}` with `variables: [昵称]`";
        Placeholder = "placeholder", Warning, "TODO, 待定 or another placeholder left in the text", "正文里留着 TODO、待定之类的占位符", "`联系XX老师`";
        ReviewOverdue = "review-overdue", Warning, "a playbook whose review is overdue", "手册的审阅已经过期", "`reviewed: 2025-01-10` with `review_every: 90d`, in 2026";
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
            let chinese = c
                .summary_zh()
                .chars()
                .filter(|&c| crate::base::script::is_cjk(c))
                .count();
            assert!(chinese >= 4, "{c}: the Chinese summary is not Chinese");
            assert_ne!(c.summary(), c.summary_zh(), "{c}");
            for text in [c.summary(), c.summary_zh(), c.example()] {
                assert!(!text.trim().is_empty(), "{c}");
                assert!(!text.contains(['|', '\n']), "{c}: {text}");
            }
        }
    }
}
