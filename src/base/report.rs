//! Diagnostics printed for people and programs, in the language of the run:
//! rustc-style snippets (`human`), one line each (`short`), GitHub Actions
//! annotations (`github`) and one JSON document (`json`), with the run's
//! summary line. Whatever comes from content is escaped on the way to a
//! terminal ([`for_terminal`]), so a title holding escape sequences cannot
//! erase lines or draw a fake summary; a long source line is cut around its
//! span so the snippet fits a terminal of [`SNIPPET_COLUMNS`].

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

use crate::base::diagnostic::{count, follow_ons, Diagnostic, Severity};
use crate::base::i18n::{Language, Text};
use crate::tr;

/// The terminal width a snippet's source line is cut to fit, gutter included.
pub const SNIPPET_COLUMNS: usize = 100;

/// Marks where a cut source line goes on. Three dots, not `…`: `…` is of
/// ambiguous width, two columns in many Chinese terminals, which would put
/// the caret one column off.
const CUT: &str = "...";

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

impl Severity {
    /// The severity as the snippet header says it.
    fn label(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Severity::Error, Language::Zh) => "错误",
            (Severity::Warning, Language::Zh) => "警告",
            (severity, Language::En) => severity.as_str(),
        }
    }
}

/// `file:line:col: severity[code] message`, one line, with the cause of a
/// follow-on in brackets after it. The severity stays English, as the
/// code does: it is what tools match on.
pub fn short(d: &Diagnostic, lang: Language) -> String {
    let mut line = format!(
        "{}: {}[{}] {}",
        for_terminal(&d.location()),
        d.severity.as_str(),
        d.code,
        for_terminal(d.message.get(lang))
    );
    if let Some(cause) = &d.caused_by {
        let open = if lang == Language::Zh { "（" } else { " (" };
        let close = if lang == Language::Zh { "）" } else { ")" };
        let _ = write!(
            line,
            "{open}{}{close}",
            for_terminal(cause.note().get(lang))
        );
    }
    line
}

/// A GitHub Actions workflow command, shown as an annotation on the span.
pub fn github(d: &Diagnostic, lang: Language) -> String {
    // Workflow commands end at a newline and use `%`, `,` and `:` as syntax.
    let escape_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_prop = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    // The log view interprets escape sequences too, so content is escaped
    // before the command's own syntax is.
    let mut message = for_terminal(d.message.get(lang)).into_owned();
    let (note, help) = labels(lang);
    if let Some(cause) = &d.caused_by {
        let _ = write!(message, "\n{note}{}", for_terminal(cause.note().get(lang)));
    }
    if let Some(h) = &d.help {
        let _ = write!(message, "\n{help}{}", for_terminal(h.get(lang)));
    }
    let mut props = format!("file={}", escape_prop(&for_terminal(&d.file)));
    if d.line > 0 {
        let _ = write!(
            props,
            ",line={},col={},endLine={},endColumn={}",
            d.line, d.column, d.end_line, d.end_column
        );
    }
    let _ = write!(props, ",title={}", escape_prop(d.code));
    format!(
        "::{} {props}::{}",
        d.severity.as_str(),
        escape_data(&message)
    )
}

/// `note: ` and `help: ` as the run's language writes them.
fn labels(lang: Language) -> (&'static str, &'static str) {
    match lang {
        Language::Zh => ("说明：", "怎么改："),
        Language::En => ("note: ", "help: "),
    }
}

/// A rustc-style snippet: header, location, the source line, and a caret
/// under the span, aligned by display width so Chinese text lines up.
pub fn human(d: &Diagnostic, lang: Language) -> String {
    let mut out = String::new();
    let colon = if lang == Language::Zh { "：" } else { ": " };
    let _ = writeln!(
        out,
        "{}[{}]{colon}{}",
        d.severity.label(lang),
        d.code,
        for_terminal(d.message.get(lang))
    );
    let gutter = d.line.to_string().len().max(1);
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad}--> {}", for_terminal(&d.location()));
    if let (Some(line), true) = (&d.source_line, d.line > 0) {
        let (text, offset, carets) = snippet(line, d.column, d.width, SNIPPET_COLUMNS - gutter - 3);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{} | {}", d.line, text.trim_end());
        let _ = writeln!(out, "{pad} | {}{}", " ".repeat(offset), "^".repeat(carets));
    }
    // rustc's order: what explains the problem, then what to do.
    let (note, help) = labels(lang);
    if let Some(cause) = &d.caused_by {
        let _ = writeln!(
            out,
            "{pad} = {note}{}",
            for_terminal(cause.note().get(lang))
        );
    }
    if let Some(h) = &d.help {
        let _ = writeln!(out, "{pad} = {help}{}", for_terminal(h.get(lang)));
    }
    if let Some(rule) = &d.rule {
        let made = match (lang, d.severity) {
            (Language::Zh, Severity::Error) => format!("{rule} 的规则把它定为错误"),
            (Language::Zh, Severity::Warning) => format!("{rule} 的规则把它定为警告"),
            (Language::En, level) => format!("made {} by the rule at {rule}", level.as_str()),
        };
        let _ = writeln!(out, "{pad} = {note}{made}");
    }
    out
}

/// The source line as shown (escaped, tabs as four spaces), cut to `room`
/// columns around the span, with the caret's offset and width in columns.
/// `column` and `width` count characters of the raw line.
fn snippet(line: &str, column: usize, width: usize, room: usize) -> (String, usize, usize) {
    // Escaping lengthens what it escapes, so the caret is placed by the
    // width of the escaped text before it, and is as wide as the escaped
    // text it underlines.
    let shown = |s: &str| for_terminal(&s.replace('\t', "    ")).into_owned();
    let start = column.saturating_sub(1);
    let before: Vec<char> = shown(&line.chars().take(start).collect::<String>())
        .chars()
        .collect();
    let mut under: Vec<char> = shown(
        &line
            .chars()
            .skip(start)
            .take(width.max(1))
            .collect::<String>(),
    )
    .chars()
    .collect();
    let mut after: Vec<char> = shown(&line.chars().skip(start + width.max(1)).collect::<String>())
        .trim_end()
        .chars()
        .collect();
    let cols = |cs: &[char]| cs.iter().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    let (left, mid, right) = (cols(&before), cols(&under), cols(&after));
    if left + mid + right <= room {
        let text: String = before.iter().chain(&under).chain(&after).collect();
        return (text, left, mid.max(1));
    }
    // A span wider than the room is cut too: its start is what matters.
    let most = room.saturating_sub(2 * CUT.len() + 8).max(1);
    if mid > most {
        let mut kept = 0;
        let keep = under.iter().take_while(|c| {
            kept += c.width().unwrap_or(0);
            kept <= most
        });
        under = keep.copied().collect();
        after.clear();
    }
    let mid = cols(&under);
    let right = cols(&after);
    let spare = room.saturating_sub(mid);
    // Context on both sides, as much as there is up to half the room each;
    // what one side does not need goes to the other.
    let (mut give_left, mut give_right) = (spare / 2, spare - spare / 2);
    if left < give_left {
        give_right += give_left - left;
        give_left = left;
    } else if right < give_right {
        give_left += give_right - right;
        give_right = right;
    }
    let mut text = String::new();
    let mut offset = 0;
    if left > give_left {
        let budget = give_left.saturating_sub(CUT.len());
        let mut kept = Vec::new();
        let mut used = 0;
        for c in before.iter().rev() {
            let w = c.width().unwrap_or(0);
            if used + w > budget {
                break;
            }
            used += w;
            kept.push(*c);
        }
        text.push_str(CUT);
        text.extend(kept.iter().rev());
        offset = CUT.len() + used;
    } else {
        text.extend(&before);
        offset += left;
    }
    text.extend(&under);
    if right > give_right {
        let budget = give_right.saturating_sub(CUT.len());
        let mut used = 0;
        for c in &after {
            let w = c.width().unwrap_or(0);
            if used + w > budget {
                break;
            }
            used += w;
            text.push(*c);
        }
        text.push_str(CUT);
    } else {
        text.extend(&after);
    }
    (text, offset, mid.max(1))
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

/// `1 error`, `2 errors`; `1 个错误`.
pub fn errors(n: usize) -> Text {
    match n {
        1 => tr!("1 个错误", "1 error"),
        n => tr!("{n} 个错误", "{n} errors"),
    }
}

/// `1 warning`, `2 warnings`; `1 个警告`.
pub fn warnings(n: usize) -> Text {
    match n {
        1 => tr!("1 个警告", "1 warning"),
        n => tr!("{n} 个警告", "{n} warnings"),
    }
}

/// `1 playbook`, `16 playbooks`; `16 篇手册`.
pub fn playbooks(n: usize) -> Text {
    match n {
        1 => tr!("1 篇手册", "1 playbook"),
        n => tr!("{n} 篇手册", "{n} playbooks"),
    }
}

/// The run's last line: `what`, then how many errors and warnings, and
/// how many of them follow from others.
pub fn summary(diagnostics: &[Diagnostic], what: &Text) -> Text {
    let (e, w) = count(diagnostics);
    let mut line = tr!("{}：{}，{}", "{}: {}, {}", what, errors(e), warnings(w));
    line += match follow_ons(diagnostics) {
        0 => Text::same(""),
        1 => tr!(
            "（其中 1 个是连带问题：先改好前面列出的）",
            " (1 follow-on: fix the problems listed first)"
        ),
        n => tr!(
            "（其中 {n} 个是连带问题：先改好前面列出的）",
            " ({n} follow-ons: fix the problems listed first)"
        ),
    };
    line
}

/// Renders a run's diagnostics and its summary line in `format` and `lang`.
/// `what` begins the summary, e.g. "checked 16 playbooks".
pub fn render_all(
    diagnostics: &[Diagnostic],
    format: Format,
    lang: Language,
    playbooks: usize,
    what: &Text,
) -> String {
    let line: fn(&Diagnostic, Language) -> String = match format {
        Format::Human => human,
        Format::Short => short,
        Format::Github => github,
        Format::Json => return json(diagnostics, lang, playbooks),
    };
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&line(d, lang));
        out.push('\n');
    }
    out.push_str(summary(diagnostics, what).get(lang));
    out.push('\n');
    out
}

fn json(diagnostics: &[Diagnostic], lang: Language, playbooks: usize) -> String {
    let (errors, warnings) = count(diagnostics);
    let items: Vec<serde_json::Value> = diagnostics.iter().map(|d| d.to_json(lang)).collect();
    let doc = serde_json::json!({
        "diagnostics": items,
        "summary": {"playbooks": playbooks, "errors": errors, "warnings": warnings},
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::codes::Code;
    use crate::base::diagnostic::{sort, Cause};
    use crate::base::source::SourceFile;
    use std::path::PathBuf;

    const EN: Language = Language::En;

    #[test]
    fn caret_lines_up_under_chinese_text() {
        let src = SourceFile::new(
            "content/a.md",
            PathBuf::from("a.md"),
            "---\n标题: [未闭合\n---\n".to_string(),
        );
        let start = src.text.find('[').unwrap();
        let d = Diagnostic::error(
            Code::YamlSyntax,
            &src,
            start..start + 1,
            crate::base::i18n::Text::same("bad"),
        )
        .with_help(crate::base::i18n::Text::same("close the bracket"));
        assert_eq!(
            human(&d, EN),
            "error[yaml-syntax]: bad\n --> content/a.md:2:5\n  |\n2 | 标题: [未闭合\n  |       ^\n  = help: close the bracket\n"
        );
        assert_eq!(short(&d, EN), "content/a.md:2:5: error[yaml-syntax] bad");
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
            crate::base::i18n::Text::same("tag `\u{1b}[32m ok\r` \u{202e}"),
        )
        .with_help(crate::base::i18n::Text::same("a\u{9b}b"));
        // Column 17 counts the raw characters; the caret sits under the
        // escaped line: 7 + 6 + 3 + 5 + 4 (two wide characters) + 2 columns in.
        assert_eq!(
            human(&d, EN),
            format!(
                "error[unknown-tag]: tag `\\u{{1b}}[32m ok\\u{{d}}` \\u{{202e}}\n --> content/a.md:2:17\n  |\n\
                 2 | tags: [\\u{{1b}}[2K\\u{{d}}标签, 坏]\n  | {}^^\n  = help: a\\u{{9b}}b\n",
                " ".repeat(27)
            )
        );
        assert_eq!(
            short(&d, EN),
            "content/a.md:2:17: error[unknown-tag] tag `\\u{1b}[32m ok\\u{d}` \\u{202e}"
        );
        assert!(!github(&d, EN).contains(['\u{1b}', '\r', '\u{9b}']));
        assert!(matches!(for_terminal("新人 SOP"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_follow_on_names_its_cause_and_sorts_after_every_root() {
        let src = SourceFile::new(
            "content/sop/b.md",
            PathBuf::from("b.md"),
            "---\ntitle: b\n---\n\n见[[a]]。\n".to_string(),
        );
        let root = Diagnostic::file(
            Severity::Error,
            Code::YamlSyntax,
            "content/sop/z.md",
            crate::base::i18n::Text::same("bad"),
        );
        let root = Diagnostic {
            line: 2,
            column: 6,
            ..root
        };
        let start = src.text.find("[[").unwrap();
        let follow = Diagnostic::warning(
            Code::LinkToUnreadable,
            &src,
            start..start + 5,
            crate::base::i18n::Text::same("unread"),
        )
        .with_help(crate::base::i18n::Text::same("fix it"))
        .with_cause(Some(Cause::of(&root)));
        assert_eq!(
            human(&follow, EN),
            "warning[link-to-unreadable]: unread\n --> content/sop/b.md:5:2\n  |\n5 | 见[[a]]。\n  |   ^^^^^\n  \
             = note: follows from content/sop/z.md:2:6 [yaml-syntax]\n  = help: fix it\n"
        );
        assert_eq!(
            short(&follow, EN),
            "content/sop/b.md:5:2: warning[link-to-unreadable] unread (follows from content/sop/z.md:2:6 [yaml-syntax])"
        );
        assert!(github(&follow, EN).ends_with(
            "::unread%0Anote: follows from content/sop/z.md:2:6 [yaml-syntax]%0Ahelp: fix it"
        ));
        assert_eq!(
            follow.to_json(EN)["caused_by"],
            serde_json::json!({"file": "content/sop/z.md", "line": 2, "column": 6, "code": "yaml-syntax"})
        );
        // A whole-file cause is named by its file alone.
        let whole = Diagnostic::file(
            Severity::Error,
            Code::DuplicateId,
            "content/x.md",
            crate::base::i18n::Text::same("dup"),
        );
        assert_eq!(
            Cause::of(&whole).note().en,
            "follows from content/x.md [duplicate-id]"
        );

        // `b.md` sorts before `z.md` by name, but its follow-on comes after z's root.
        let mut all = vec![follow.clone(), root.clone()];
        sort(&mut all);
        assert_eq!(all, [root.clone(), follow.clone()]);
        let out = render_all(
            &all,
            Format::Short,
            EN,
            2,
            &Text::same("checked 2 playbooks"),
        );
        assert!(out.ends_with(
            "checked 2 playbooks: 1 error, 1 warning (1 follow-on: fix the problems listed first)\n"
        ));
        let out = render_all(
            &[root],
            Format::Short,
            EN,
            2,
            &Text::same("checked 2 playbooks"),
        );
        assert!(out.ends_with("checked 2 playbooks: 1 error, 0 warnings\n"));
        let checked = tr!("已检查 2 篇手册", "checked 2 playbooks");
        let out = render_all(&all, Format::Short, Language::Zh, 2, &checked);
        assert!(out.ends_with(
            "已检查 2 篇手册：1 个错误，1 个警告（其中 1 个是连带问题：先改好前面列出的）\n"
        ));
    }
}
