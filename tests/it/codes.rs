//! The catalogue of codes (src/base/codes.rs) against what uses it: every
//! code is emitted somewhere in `src/`, and docs/diagnostics.md's code
//! tables are the catalogue's, rendered. `QUIRE_BLESS=1 cargo test --test
//! it codes::` rewrites those tables; each row keeps its hand-written
//! severity (checked against the code's level) and details.

use std::collections::BTreeMap;

use quire::base::codes::{self, Code, Usual};

use crate::*;

const TABLES_START: &str = "\n## Codes\n";

/// Which codes `src/` names outside the catalogue and outside unit tests.
fn named_in_source() -> String {
    let mut text = String::new();
    for entry in walkdir::WalkDir::new(repo().join("src")) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("base/codes.rs") {
            continue;
        }
        let file = read(path);
        // Unit tests make diagnostics of codes nothing else emits.
        text.push_str(file.split("#[cfg(test)]").next().unwrap());
    }
    text
}

#[test]
fn every_code_is_emitted_somewhere() {
    let source = named_in_source();
    let unused: Vec<&str> = codes::ALL
        .iter()
        .filter(|c| {
            let written = format!("Code::{c:?}");
            !source.match_indices(&written).any(|(at, _)| {
                let next = source[at + written.len()..].chars().next();
                !next.is_some_and(|n| n.is_alphanumeric() || n == '_')
            })
        })
        .map(|c| c.name())
        .collect();
    assert!(
        unused.is_empty(),
        "catalogue codes quire never emits: {unused:?}"
    );
}

/// A row's first `n` cells and the rest, split at the `|`s outside code.
/// The catalogue's cells hold no `|`; the details, last, may.
fn cells(row: &str, n: usize) -> (Vec<&str>, &str) {
    let mut rest = row.trim().strip_prefix('|').unwrap_or(row);
    let mut cells = Vec::new();
    while cells.len() < n {
        let mut in_code = false;
        let end = rest.char_indices().find(|&(_, ch)| {
            in_code ^= ch == '`';
            ch == '|' && !in_code
        });
        let Some((at, _)) = end else { break };
        cells.push(rest[..at].trim());
        rest = &rest[at + 1..];
    }
    (cells, rest.trim().strip_suffix('|').unwrap_or(rest).trim())
}

/// What docs/diagnostics.md says of each code beside the catalogue: its
/// severity (the second cell) and its details (the last).
fn written_rows(docs: &str) -> BTreeMap<String, (String, String)> {
    docs.lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let (cells, details) = cells(l, 5);
            let code = cells.first()?.strip_prefix('`')?.strip_suffix('`')?;
            let severity = cells.get(1)?;
            Some((
                code.to_string(),
                (severity.to_string(), details.to_string()),
            ))
        })
        .collect()
}

/// Whether a documented severity agrees with the code's default level.
fn agrees(severity: &str, usual: Usual) -> bool {
    match usual {
        Usual::Error => severity.starts_with("error"),
        Usual::Warning => severity.starts_with("warning"),
        Usual::Either => severity.contains("error") && severity.contains("warning"),
    }
}

/// The `## Codes` part of docs/diagnostics.md as the catalogue makes it,
/// keeping what `written` says of each code.
fn render(written: &BTreeMap<String, (String, String)>) -> String {
    let mut out = String::from(
        "\n<!-- Written from src/base/codes.rs: `QUIRE_BLESS=1 cargo test --test it codes::` \
         rewrites the tables, keeping each row's severity and details. -->\n",
    );
    for (section, codes) in codes::SECTIONS {
        out.push_str(&format!(
            "\n### {section}\n\n| code | severity | what it reports | 说明 | example | details |\n|---|---|---|---|---|---|\n"
        ));
        for &code in *codes {
            let (severity, details) = written
                .get(code.name())
                .cloned()
                .unwrap_or_else(|| (code.default_level().as_str().to_string(), String::new()));
            let summary = code.summary();
            let mut summary = summary.chars();
            let first = summary
                .next()
                .map(|c| c.to_uppercase().to_string())
                .unwrap_or_default();
            out.push_str(&format!(
                "| `{}` | {severity} | {first}{}. | {}。 | {} | {details} |\n",
                code.name(),
                summary.as_str(),
                code.summary_zh(),
                code.example()
            ));
        }
    }
    out.push_str(
        "\n### Aliases\n\nNames that `rules:` and `allow:` still take for codes that were split. \
         A rule on one sets every code it stands for, unless the same map names that code too.\n\n\
         | name | stands for |\n|---|---|\n",
    );
    for (alias, codes) in codes::ALIASES {
        let names: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
        out.push_str(&format!("| `{alias}` | {} |\n", names.join(", ")));
    }
    out
}

#[test]
fn the_docs_code_tables_are_the_catalogue() {
    let path = repo().join("docs/diagnostics.md");
    let docs = read(&path);
    let at = docs
        .find(TABLES_START)
        .expect("docs/diagnostics.md has a `## Codes` section")
        + TABLES_START.len();
    let written = written_rows(&docs[at..]);
    let disagree: Vec<String> = codes::ALL
        .iter()
        .filter_map(|c| {
            let (severity, _) = written.get(c.name())?;
            (!agrees(severity, c.default_level())).then(|| {
                format!(
                    "`{c}` is documented as `{severity}`, the catalogue says {}",
                    c.default_level().as_str()
                )
            })
        })
        .collect();
    assert!(disagree.is_empty(), "{}", disagree.join("\n"));
    let expected = render(&written);
    if docs[at..] == expected {
        return;
    }
    if std::env::var_os("QUIRE_BLESS").is_some() {
        std::fs::write(&path, format!("{}{expected}", &docs[..at])).unwrap();
        return;
    }
    let line = docs[at..]
        .lines()
        .zip(expected.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| docs[at..].lines().count().min(expected.lines().count()));
    let first_line = docs[..at].lines().count() + 1;
    panic!(
        "docs/diagnostics.md's code tables are not src/base/codes.rs's, from line {}:\n  \
         docs:      {}\n  catalogue: {}\n\
         Run `QUIRE_BLESS=1 cargo test --test it codes::` to rewrite them, then write the \
         new rows' details. The tables should read:\n{expected}",
        first_line + line,
        docs[at..].lines().nth(line).unwrap_or("(end of file)"),
        expected.lines().nth(line).unwrap_or("(end of file)"),
    );
}

#[test]
fn a_code_written_in_no_table_is_caught() {
    // The check above must see a code the docs do not hold: drop a row and
    // the rendering brings it back.
    let docs = read(repo().join("docs/diagnostics.md"));
    let without: String = docs
        .lines()
        .filter(|l| !l.starts_with("| `typeset-failed` |"))
        .map(|l| format!("{l}\n"))
        .collect();
    let at = without.find(TABLES_START).unwrap() + TABLES_START.len();
    let rendered = render(&written_rows(&without[at..]));
    assert_ne!(rendered, without[at..]);
    assert!(rendered.contains(&format!("| `typeset-failed` | error | {}", "Typst refused")));
    assert_eq!(Code::TypesetFailed.default_level(), Usual::Error);
}

/// Every `tr!` in the library says its message in both languages: the
/// Chinese string has Chinese in it whenever the English has words of its
/// own (not only code, paths and placeholders). The type system already
/// refuses a message in one language; this catches one copied across.
#[test]
fn every_message_is_written_in_chinese_too() {
    fn literal(text: &str) -> Option<(&str, &str)> {
        let text = text.trim_start();
        let rest = text.strip_prefix('"')?;
        let mut escaped = false;
        for (i, c) in rest.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return Some((&rest[..i], &rest[i + 1..])),
                _ => escaped = false,
            }
        }
        None
    }
    // What is left of an English message once code, placeholders and
    // paths are taken out: words only a translation can carry.
    fn has_words(en: &str) -> bool {
        let mut plain = String::new();
        let mut skip = None;
        for c in en.chars() {
            match (skip, c) {
                (None, '`') => skip = Some('`'),
                (None, '{') => skip = Some('}'),
                (Some(end), c) if c == end => skip = None,
                (None, c) => plain.push(c),
                _ => {}
            }
        }
        plain
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 2)
            .count()
            >= 2
    }
    let mut files = Vec::new();
    let mut stack = vec![repo().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut untranslated = Vec::new();
    let mut seen = 0;
    for path in files {
        let text = read(&path);
        for (at, _) in text.match_indices("tr!(") {
            let Some((zh, rest)) = literal(&text[at + 4..]) else {
                continue;
            };
            let Some((en, _)) = literal(rest.trim_start().strip_prefix(',').unwrap_or("")) else {
                continue;
            };
            seen += 1;
            let chinese = zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            if has_words(en) && !chinese {
                let line = text[..at].lines().count();
                untranslated.push(format!("{}:{line}: {en}", path.display()));
            }
        }
    }
    assert!(
        seen > 300,
        "only {seen} tr! calls found: the scan is broken"
    );
    assert!(untranslated.is_empty(), "{}", untranslated.join("\n"));
}
