//! Code blocks highlighted at build time: syntect reads the block with the
//! syntaxes typst compiles in (two-face), and each token that matters is
//! wrapped in a short class (`hl-k` for a keyword, `hl-s` a string …)
//! that the theme colours for light and dark mode. Classes, not inline
//! styles, so a page of code stays light and follows the reader's scheme.

use std::sync::LazyLock;

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

use crate::markdown::escape_attr;

/// Loaded the first time a page has a block in a known language.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// The scopes the theme colours, most specific first, and their classes.
/// Everything else (punctuation, plain names) keeps the text colour.
const CLASSES: &[(&str, &str)] = &[
    ("comment", "hl-c"),
    ("string", "hl-s"),
    ("constant.character.escape", "hl-e"),
    ("constant", "hl-n"),
    ("entity.name.function", "hl-f"),
    ("support.function", "hl-f"),
    ("variable.function", "hl-f"),
    ("entity.name.tag", "hl-t"),
    ("entity.other.attribute-name", "hl-a"),
    ("entity.name", "hl-t"),
    ("support.type", "hl-t"),
    ("support.class", "hl-t"),
    ("storage.type", "hl-k"),
    ("storage", "hl-k"),
    ("keyword.operator", "hl-o"),
    ("keyword", "hl-k"),
    ("variable.parameter", "hl-v"),
    ("variable.other", "hl-v"),
    ("markup.heading", "hl-k"),
    ("markup.bold", "hl-k"),
];

static SCOPES: LazyLock<Vec<(Scope, &'static str)>> = LazyLock::new(|| {
    CLASSES
        .iter()
        .filter_map(|(s, class)| Some((Scope::new(s).ok()?, *class)))
        .collect()
});

/// A block past this size, or with a line past [`MAX_LINE`], is shown
/// plain: highlighting costs grow with it and help little.
const MAX_BLOCK: usize = 64 * 1024;
const MAX_LINE: usize = 2_000;

/// The syntax a fence's language names (`rust`, `yaml`, `sh`, `py` …), if
/// quire knows it. `text` and `plain` mean no highlighting.
fn syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.trim();
    if lang.is_empty() || matches!(lang, "text" | "txt" | "plain" | "plaintext") {
        return None;
    }
    if !lang
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'#' | b'-' | b'_' | b'.'))
    {
        return None;
    }
    let set = &*SYNTAXES;
    set.find_syntax_by_token(lang)
        .filter(|s| s.name != "Plain Text")
}

/// The HTML of a fenced block in `lang`: `<pre class="hl">` with classed
/// spans, the lines in `marked` (counted from 1, in order) each in a
/// `<span class="hl-line">`; or `None` to leave it as pulldown-cmark
/// writes it (an unknown language, no language, a block too large).
pub fn html(lang: &str, code: &str, marked: &[usize]) -> Option<String> {
    if code.len() > MAX_BLOCK || code.lines().any(|l| l.len() > MAX_LINE) {
        return None;
    }
    let syntax = syntax(lang)?;
    let set = &*SYNTAXES;
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut body = String::with_capacity(code.len() * 2);
    // The class of the span open in `body`, if any.
    let mut open: Option<&'static str> = None;
    for (n, line) in code.split_inclusive('\n').enumerate() {
        let mark = marked.binary_search(&(n + 1)).is_ok();
        if mark {
            close(&mut body, &mut open);
            body.push_str("<span class=\"hl-line\">");
        }
        let ops = state.parse_line(line, set).ok()?;
        let mut last = 0;
        for (at, op) in ops {
            if at > last {
                push(&mut body, &mut open, class(&stack), &line[last..at]);
                last = at;
            }
            stack.apply(&op).ok()?;
        }
        push(&mut body, &mut open, class(&stack), &line[last..]);
        if mark {
            let newline = body.ends_with('\n');
            if newline {
                body.pop();
            }
            close(&mut body, &mut open);
            body.push_str(if newline { "</span>\n" } else { "</span>" });
        }
    }
    close(&mut body, &mut open);
    let lang = escape_attr(lang.trim());
    Some(format!(
        "<pre class=\"hl\"><code class=\"language-{lang}\">{body}</code></pre>\n"
    ))
}

/// Closes the span open in `body`, if any.
fn close(body: &mut String, open: &mut Option<&'static str>) {
    if open.take().is_some() {
        body.push_str("</span>");
    }
}

/// A block quire does not highlight, with the lines in `marked` marked as
/// [`html`] marks them.
pub fn plain(lang: &str, code: &str, marked: &[usize]) -> String {
    let mut body = String::with_capacity(code.len() + 32);
    for (n, line) in code.split_inclusive('\n').enumerate() {
        let text = line.strip_suffix('\n').unwrap_or(line);
        let end = if text.len() < line.len() { "\n" } else { "" };
        if marked.binary_search(&(n + 1)).is_ok() {
            body.push_str("<span class=\"hl-line\">");
            body.push_str(&escape_attr(text));
            body.push_str("</span>");
        } else {
            body.push_str(&escape_attr(text));
        }
        body.push_str(end);
    }
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape_attr(lang))
    };
    format!("<pre><code{class}>{body}</code></pre>\n")
}

/// Adds `text` to `body` in `class`, continuing the open span when the
/// class is the same, so a run of one colour is one span.
fn push(
    body: &mut String,
    open: &mut Option<&'static str>,
    class: Option<&'static str>,
    text: &str,
) {
    if text.is_empty() {
        return;
    }
    // Spaces and line ends take any colour: they need no span of their own.
    if class != *open && !text.trim().is_empty() {
        if open.is_some() {
            body.push_str("</span>");
        }
        if let Some(c) = class {
            body.push_str("<span class=\"");
            body.push_str(c);
            body.push_str("\">");
        }
        *open = class;
    }
    body.push_str(&escape_attr(text));
}

/// The class of the innermost scope on the stack that the theme colours.
fn class(stack: &ScopeStack) -> Option<&'static str> {
    stack.as_slice().iter().rev().find_map(|scope| {
        SCOPES
            .iter()
            .find(|(prefix, _)| prefix.is_prefix_of(*scope))
            .map(|(_, class)| *class)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classed_spans_and_text_stays_escaped() {
        let rust =
            html("rust", "fn main() { let s = \"<a>\"; } // 注释\n", &[]).unwrap_or_default();
        assert!(rust.starts_with("<pre class=\"hl\"><code class=\"language-rust\">"));
        assert!(rust.contains("<span class=\"hl-k\">fn </span>"), "{rust}");
        assert!(
            rust.contains("<span class=\"hl-s\">&quot;&lt;a&gt;&quot;</span>"),
            "{rust}"
        );
        assert!(rust.contains("<span class=\"hl-c\">// 注释"), "{rust}");
        let yaml = html("yaml", "title: 新人\n", &[]).unwrap_or_default();
        assert!(yaml.contains("<span class=\"hl-t\">title</span>"), "{yaml}");
        let bash = html("bash", "echo \"hi\" # x\n", &[]).unwrap_or_default();
        assert!(bash.contains("hl-s"), "{bash}");
        for (lang, code) in [("", "x"), ("text", "x"), ("klingon", "x"), ("a\"b", "x")] {
            assert_eq!(html(lang, code, &[]), None, "{lang}");
        }
        let long = "a".repeat(MAX_LINE + 1);
        assert_eq!(html("rust", &long, &[]), None);
    }

    #[test]
    fn marked_lines_are_wrapped_whole_and_spans_stay_balanced() {
        let code = "let a = \"x\nmore\";\nlet b = 1;\nlast";
        let html = html("rust", code, &[2, 4]).unwrap_or_default();
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count(),
            "{html}"
        );
        assert!(
            html.contains(
                "<span class=\"hl-line\"><span class=\"hl-s\">more&quot;</span>;</span>\n"
            ),
            "{html}"
        );
        assert!(
            html.ends_with("<span class=\"hl-line\">last</span></code></pre>\n"),
            "{html}"
        );
        assert_eq!(
            plain("x", "a\n<b>\n", &[2]),
            "<pre><code class=\"language-x\">a\n<span class=\"hl-line\">&lt;b&gt;</span>\n</code></pre>\n"
        );
    }
}
