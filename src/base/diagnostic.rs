//! Content problems as values: every stage reports what it finds as a
//! [`Diagnostic`] and keeps going, so one run shows every problem in the site.
//! This module also renders them for people (rustc-style snippets) and as
//! one-line `file:line:col` records. Whatever comes from content is escaped
//! on the way to a terminal ([`for_terminal`]), so a title holding escape
//! sequences cannot erase lines or draw a fake summary.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use crate::base::codes::Code;
use crate::base::source::SourceFile;

/// How bad a problem is. Errors stop a build from writing anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in one file, located at a line and column of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The name of its [`Code`], e.g. `yaml-syntax`: what every output shows.
    pub code: &'static str,
    /// Path relative to the site root.
    pub file: String,
    /// 1-based; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    /// Characters underlined by the caret.
    pub width: usize,
    /// The source line the problem is on, for the snippet.
    pub source_line: Option<String>,
    pub message: String,
    pub help: Option<String>,
    /// The problem this one follows from, when it is a follow-on: a link to
    /// a file that could not be parsed exists only because of that file's
    /// own error, and fixing that error is what makes it go away.
    pub caused_by: Option<Cause>,
    /// Where a `rules:` entry changed this diagnostic's level (`quire.yaml:3:5`).
    pub rule: Option<String>,
}

/// Where the problem a follow-on comes from was reported: enough to find
/// it in the same run's output.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cause {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub code: &'static str,
}

impl Cause {
    /// The cause that `diagnostic` is.
    pub fn of(diagnostic: &Diagnostic) -> Cause {
        Cause {
            file: diagnostic.file.clone(),
            line: diagnostic.line,
            column: diagnostic.column,
            code: diagnostic.code,
        }
    }

    /// `follows from content/x.md:3:7 [yaml-syntax]`.
    pub fn note(&self) -> String {
        let at = if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        };
        format!("follows from {at} [{}]", self.code)
    }

    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
        })
    }
}

impl Diagnostic {
    /// A problem at a byte range of a source file.
    pub fn at(
        severity: Severity,
        code: Code,
        source: &SourceFile,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let pos = source.position(range.start);
        Diagnostic {
            severity,
            code: code.name(),
            file: source.path.clone(),
            line: pos.line,
            column: pos.column,
            width: source.span_width(&range),
            source_line: Some(source.line_text(pos.line).to_string()),
            message: message.into(),
            help: None,
            caused_by: None,
            rule: None,
        }
    }

    /// A problem with a file as a whole (unreadable, not UTF-8, …).
    pub fn file(
        severity: Severity,
        code: Code,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code: code.name(),
            file: file.into(),
            line: 0,
            column: 0,
            width: 0,
            source_line: None,
            message: message.into(),
            help: None,
            caused_by: None,
            rule: None,
        }
    }

    pub fn error(
        code: Code,
        source: &SourceFile,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self::at(Severity::Error, code, source, range, message)
    }

    pub fn warning(
        code: Code,
        source: &SourceFile,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self::at(Severity::Warning, code, source, range, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Marks this problem as a follow-on of `cause` (none: it stands alone).
    pub fn with_cause(mut self, cause: Option<Cause>) -> Self {
        self.caused_by = cause;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The fields of `--format json`, as one object.
    pub fn to_json(&self) -> serde_json::Value {
        let mut json = serde_json::json!({
            "severity": self.severity.as_str(),
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "help": self.help,
            "caused_by": self.caused_by.as_ref().map(Cause::to_json),
        });
        if let Some(rule) = &self.rule {
            json["rule"] = rule.as_str().into();
        }
        json
    }

    /// `file:line:col` (or just `file` for whole-file problems).
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }

    /// `file:line:col: severity[code] message`, one line, with the cause
    /// of a follow-on in brackets after it.
    pub fn render_short(&self) -> String {
        let mut line = format!(
            "{}: {}[{}] {}",
            for_terminal(&self.location()),
            self.severity.as_str(),
            self.code,
            for_terminal(&self.message)
        );
        if let Some(cause) = &self.caused_by {
            let _ = write!(line, " ({})", for_terminal(&cause.note()));
        }
        line
    }

    /// A GitHub Actions workflow command, shown as an annotation on the line.
    pub fn render_github(&self) -> String {
        // Workflow commands end at a newline and use `%`, `,` and `:` as syntax.
        let escape_data = |s: &str| {
            s.replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let escape_prop = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
        // The log view interprets escape sequences too, so content is
        // escaped before the command's own syntax is.
        let mut message = for_terminal(&self.message).into_owned();
        if let Some(cause) = &self.caused_by {
            message.push_str("\nnote: ");
            message.push_str(&for_terminal(&cause.note()));
        }
        if let Some(help) = &self.help {
            message.push_str("\nhelp: ");
            message.push_str(&for_terminal(help));
        }
        let mut props = format!("file={}", escape_prop(&for_terminal(&self.file)));
        if self.line > 0 {
            props.push_str(&format!(",line={},col={}", self.line, self.column));
        }
        props.push_str(&format!(",title={}", escape_prop(self.code)));
        format!(
            "::{} {props}::{}",
            self.severity.as_str(),
            escape_data(&message)
        )
    }

    /// A rustc-style snippet: header, location, the source line, and a caret
    /// under the span, aligned by display width so Chinese text lines up.
    pub fn render_human(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}[{}]: {}",
            self.severity.as_str(),
            self.code,
            for_terminal(&self.message)
        );
        let gutter = self.line.to_string().len().max(1);
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad}--> {}", for_terminal(&self.location()));
        if let (Some(line), true) = (&self.source_line, self.line > 0) {
            // Escaping lengthens what it escapes, so the caret is placed by
            // the width of the escaped text before it, and is as wide as
            // the escaped text it underlines.
            let shown = |s: &str| for_terminal(&s.replace('\t', "    ")).into_owned();
            let start = self.column.saturating_sub(1);
            let before: String = line.chars().take(start).collect();
            let underlined: String = line.chars().skip(start).take(self.width.max(1)).collect();
            let carets = "^".repeat(shown(&underlined).width().max(1));
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{} | {}", self.line, shown(line).trim_end());
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(shown(&before).width()),
                carets
            );
        }
        // rustc's order: what explains the problem, then what to do.
        if let Some(cause) = &self.caused_by {
            let _ = writeln!(out, "{pad} = note: {}", for_terminal(&cause.note()));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} = help: {}", for_terminal(help));
        }
        if let Some(rule) = &self.rule {
            let level = self.severity.as_str();
            let _ = writeln!(out, "{pad} = note: made {level} by the rule at {rule}");
        }
        out
    }
}

/// `text` as it may be printed to a terminal: control characters (C0
/// including CR and LF, DEL, C1) and the invisible characters that reorder
/// or break lines (bidirectional overrides, isolates and marks, the Unicode
/// line separators) are written as Rust escapes, `\u{1b}`, as rustc writes
/// them in its messages. A title holding `ESC[2K` or a lone CR would
/// otherwise erase lines or overwrite the summary. Everything else,
/// Chinese included, is left as it is; text with nothing to escape is not
/// copied.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// rustc-style snippets with the source line and a caret
    #[default]
    Human,
    /// one line each: `file:line:col: severity[code] message`
    Short,
    /// one JSON document with every diagnostic and a summary
    Json,
    /// GitHub Actions annotations
    Github,
}

/// Renders a run's diagnostics and its one-line summary in `format`.
/// `what` completes the summary, e.g. "checked 16 playbooks".
pub fn render_all(
    diagnostics: &[Diagnostic],
    format: Format,
    playbooks: usize,
    what: &str,
) -> String {
    let (errors, warnings) = count(diagnostics);
    let mut summary = format!(
        "{what}: {}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    let follow_ons = follow_ons(diagnostics);
    if follow_ons > 0 {
        let _ = write!(
            summary,
            " ({}: fix the problems listed first)",
            plural(follow_ons, "follow-on")
        );
    }
    let mut out = String::new();
    let line: fn(&Diagnostic) -> String = match format {
        Format::Human => Diagnostic::render_human,
        Format::Short => Diagnostic::render_short,
        Format::Github => Diagnostic::render_github,
        Format::Json => return render_json(diagnostics, playbooks),
    };
    for d in diagnostics {
        out.push_str(&line(d));
        out.push('\n');
    }
    out.push_str(&summary);
    out.push('\n');
    out
}

fn render_json(diagnostics: &[Diagnostic], playbooks: usize) -> String {
    let (errors, warnings) = count(diagnostics);
    let items: Vec<serde_json::Value> = diagnostics.iter().map(Diagnostic::to_json).collect();
    let doc = serde_json::json!({
        "diagnostics": items,
        "summary": {"playbooks": playbooks, "errors": errors, "warnings": warnings},
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Sort for output: problems that stand alone first, then follow-ons, so
/// the error to fix comes before what it caused and is not lost under it;
/// within each, by file, then line and column, errors before warnings.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            a.caused_by.is_some(),
            &a.file,
            a.line,
            a.column,
            a.severity,
            a.code,
        )
            .cmp(&(
                b.caused_by.is_some(),
                &b.file,
                b.line,
                b.column,
                b.severity,
                b.code,
            ))
    });
}

/// How many problems are follow-ons of others.
pub fn follow_ons(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.caused_by.is_some()).count()
}

/// Whether diagnostics fail a run: any error, or under `strict` any warning.
pub fn fails(diagnostics: &[Diagnostic], strict: bool) -> bool {
    let (errors, warnings) = count(diagnostics);
    errors > 0 || (strict && warnings > 0)
}

/// How many errors and warnings a list holds.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

/// A stage's product with what the stage found on the way, as typst's
/// `Warned` carries a compiled document and its warnings. Every stage of the
/// pipeline returns one (a per-file stage, one per file); inside a stage,
/// helpers push into the stage's `&mut Vec<Diagnostic>`, and `Result<T,
/// Diagnostic>` is left for a problem that means there is no `T` at all.
#[derive(Debug, Clone)]
pub struct Warned<T> {
    pub output: T,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Warned<T> {
    pub fn new(output: T, diagnostics: Vec<Diagnostic>) -> Self {
        Warned {
            output,
            diagnostics,
        }
    }

    /// The product, its diagnostics moved to `sink`.
    pub fn into_output(self, sink: &mut Vec<Diagnostic>) -> T {
        sink.extend(self.diagnostics);
        self.output
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn caret_lines_up_under_chinese_text() {
        let src = SourceFile::new(
            "content/a.md",
            PathBuf::from("a.md"),
            "---\n标题: [未闭合\n---\n".to_string(),
        );
        let start = src.text.find('[').unwrap();
        let d = Diagnostic::error(Code::YamlSyntax, &src, start..start + 1, "bad")
            .with_help("close the bracket");
        assert_eq!(
            d.render_human(),
            "error[yaml-syntax]: bad\n --> content/a.md:2:5\n  |\n2 | 标题: [未闭合\n  |       ^\n  = help: close the bracket\n"
        );
        assert_eq!(d.render_short(), "content/a.md:2:5: error[yaml-syntax] bad");
    }

    #[test]
    fn content_reaches_the_terminal_escaped_and_the_caret_still_lines_up() {
        let src = SourceFile::new(
            "content/a.md",
            PathBuf::from("a.md"),
            "---\ntags: [\u{1b}[2K\r标签, 坏]\n---\n".to_string(),
        );
        let start = src.text.find('坏').unwrap();
        let d = Diagnostic::error(
            Code::UnknownTag,
            &src,
            start..start + 3,
            "tag `\u{1b}[32m ok\r` \u{202e}",
        )
        .with_help("a\u{9b}b");
        // Column 17 counts the raw characters; the caret sits under the
        // escaped line: 7 + 6 + 3 + 5 + 4 (two wide characters) + 2 columns in.
        assert_eq!(
            d.render_human(),
            format!(
                "error[unknown-tag]: tag `\\u{{1b}}[32m ok\\u{{d}}` \\u{{202e}}\n --> content/a.md:2:17\n  |\n\
                 2 | tags: [\\u{{1b}}[2K\\u{{d}}标签, 坏]\n  | {}^^\n  = help: a\\u{{9b}}b\n",
                " ".repeat(27)
            )
        );
        assert_eq!(
            d.render_short(),
            "content/a.md:2:17: error[unknown-tag] tag `\\u{1b}[32m ok\\u{d}` \\u{202e}"
        );
        assert!(!d.render_github().contains(['\u{1b}', '\r', '\u{9b}']));
        assert!(matches!(for_terminal("新人 SOP"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_follow_on_names_its_cause_and_sorts_after_every_root() {
        let src = SourceFile::new(
            "content/sop/b.md",
            PathBuf::from("b.md"),
            "---\ntitle: b\n---\n\n见[[a]]。\n".to_string(),
        );
        let root = Diagnostic::file(Severity::Error, Code::YamlSyntax, "content/sop/z.md", "bad");
        let root = Diagnostic {
            line: 2,
            column: 6,
            ..root
        };
        let start = src.text.find("[[").unwrap();
        let follow = Diagnostic::warning(Code::LinkToUnreadable, &src, start..start + 5, "unread")
            .with_help("fix it")
            .with_cause(Some(Cause::of(&root)));
        assert_eq!(
            follow.render_human(),
            "warning[link-to-unreadable]: unread\n --> content/sop/b.md:5:2\n  |\n5 | 见[[a]]。\n  |   ^^^^^\n  \
             = note: follows from content/sop/z.md:2:6 [yaml-syntax]\n  = help: fix it\n"
        );
        assert_eq!(
            follow.render_short(),
            "content/sop/b.md:5:2: warning[link-to-unreadable] unread (follows from content/sop/z.md:2:6 [yaml-syntax])"
        );
        assert!(follow.render_github().ends_with(
            "::unread%0Anote: follows from content/sop/z.md:2:6 [yaml-syntax]%0Ahelp: fix it"
        ));
        assert_eq!(
            follow.to_json()["caused_by"],
            serde_json::json!({"file": "content/sop/z.md", "line": 2, "column": 6, "code": "yaml-syntax"})
        );
        // A whole-file cause is named by its file alone.
        let whole = Diagnostic::file(Severity::Error, Code::DuplicateId, "content/x.md", "dup");
        assert_eq!(
            Cause::of(&whole).note(),
            "follows from content/x.md [duplicate-id]"
        );

        // `b.md` sorts before `z.md` by name, but its follow-on comes after z's root.
        let mut all = vec![follow.clone(), root.clone()];
        sort(&mut all);
        assert_eq!(all, [root.clone(), follow.clone()]);
        let out = render_all(&all, Format::Short, 2, "checked 2 playbooks");
        assert!(out.ends_with(
            "checked 2 playbooks: 1 error, 1 warning (1 follow-on: fix the problems listed first)\n"
        ));
        let out = render_all(&[root], Format::Short, 2, "checked 2 playbooks");
        assert!(out.ends_with("checked 2 playbooks: 1 error, 0 warnings\n"));
    }
}
