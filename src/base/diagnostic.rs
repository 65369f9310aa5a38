//! Content problems as values: every stage reports what it finds as a
//! [`Diagnostic`] and keeps going, so one run shows every problem in the
//! site. [`report`](crate::base::report) prints them.

use std::ops::Range;

use crate::base::codes::Code;
use crate::base::i18n::{Language, Text};
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
    /// 1-based, counted in characters (Unicode scalar values), so `数` is
    /// one column as `a` is.
    pub column: usize,
    /// Where the span ends: the line, and the column just past its last
    /// character (as ruff reports it); equal to `line` and `column` for a
    /// whole-file problem.
    pub end_line: usize,
    pub end_column: usize,
    /// Characters underlined by the caret.
    pub width: usize,
    /// The source line the problem is on, for the snippet.
    pub source_line: Option<String>,
    pub message: Text,
    pub help: Option<Text>,
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
    pub fn note(&self) -> Text {
        let at = if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        };
        let code = self.code;
        crate::tr!("原因是 {at} 的 [{code}] 错误", "follows from {at} [{code}]")
    }

    pub(crate) fn to_json(&self) -> serde_json::Value {
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
        message: impl Into<Text>,
    ) -> Self {
        let pos = source.position(range.start);
        let width = source.span_width(&range);
        let end = match range.end > range.start {
            true => source.position(range.end),
            // An empty span is shown as one character wide; so is its end.
            false => crate::base::source::Position {
                line: pos.line,
                column: pos.column + width,
            },
        };
        Diagnostic {
            severity,
            code: code.name(),
            file: source.path.clone(),
            line: pos.line,
            column: pos.column,
            end_line: end.line,
            end_column: end.column,
            width,
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
        message: impl Into<Text>,
    ) -> Self {
        Diagnostic {
            severity,
            code: code.name(),
            file: file.into(),
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
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
        message: impl Into<Text>,
    ) -> Self {
        Self::at(Severity::Error, code, source, range, message)
    }

    pub fn warning(
        code: Code,
        source: &SourceFile,
        range: Range<usize>,
        message: impl Into<Text>,
    ) -> Self {
        Self::at(Severity::Warning, code, source, range, message)
    }

    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
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

    /// The fields of `--format json`, as one object: only `message` and
    /// `help` change with the language.
    pub fn to_json(&self, lang: Language) -> serde_json::Value {
        let mut json = serde_json::json!({
            "severity": self.severity.as_str(),
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message.get(lang),
            "help": self.help.as_ref().map(|h| h.get(lang)),
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
