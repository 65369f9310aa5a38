//! Inputs found by the `cargo fuzz` targets (see `fuzz/README.md`) and
//! hand-made nasty seeds, kept under `tests/fixtures/fuzz/<target>/`. Each
//! is fed through the functions its target exercises, in this process, and
//! then through `quire check` on a site holding it, which must report
//! exactly the diagnostics listed in [`EXPECTED`]. A crash the fuzzers found
//! and that is not fixed yet is listed in [`KNOWN_CRASHES`] and has its own
//! ignored test, so the suite stays green until the fix lands.

use std::path::{Path, PathBuf};

use quire::base::dates::Date;
use quire::base::i18n::Language;
use quire::base::source::SourceFile;
use quire::check::steps;
use quire::input::config::Config;
use quire::input::handbook;
use quire::input::{common_fields, glossary, parse, yaml};
use quire::markdown::outline;
use quire::markdown::{self, Context};
use quire::output::search;

use crate::*;

/// One kind, `sop`, whose only element is an optional step list, so that
/// `when` values are checked without every other element being reported.
const CONFIG: &str = "kinds:\n  - id: sop\n    elements:\n      - {id: steps, name: 步骤, field: steps, type: steps, optional: true}\n";

/// A page for the fuzzed files to link to.
const WELCOME: &str = "---\ntitle: 新人接待\nsteps:\n  - {when: D0, who: 群主, action: 欢迎}\n---\n\n## 接待\n\n接待。\n";

/// Each case (`<target>/<file>`) and the head (`file:line:col: severity[code]`)
/// of every diagnostic `quire check --format short` gives on its site.
const EXPECTED: &[(&str, &[&str])] = &[
    (
        "front_matter/alias-bomb",
        &["content/sop/fuzz.md:7:16: error[yaml-syntax]"],
    ),
    (
        "front_matter/bad-values",
        &[
            "content/sop/fuzz.md:2:8: error[wrong-type]",
            "content/sop/fuzz.md:3:11: error[invalid-date]",
            "content/sop/fuzz.md:4:7: error[invalid-path]",
            "content/sop/fuzz.md:5:8: error[wrong-type]",
            "content/sop/fuzz.md:6:7: error[unknown-kind]",
        ],
    ),
    (
        "front_matter/bom-crlf-dots",
        &["content/sop/fuzz.md:1:1: warning[missing-element]"],
    ),
    (
        "front_matter/dashes-only",
        &["content/sop/fuzz.md:1:1: error[unterminated-front-matter]"],
    ),
    (
        "front_matter/deep-nesting",
        &["content/sop/fuzz.md:3:31: error[yaml-syntax]"],
    ),
    (
        "front_matter/not-a-mapping",
        &["content/sop/fuzz.md:2:1: error[wrong-type]"],
    ),
    (
        "front_matter/unclosed-quote-cjk",
        &["content/sop/fuzz.md:2:8: error[yaml-syntax]"],
    ),
    (
        "front_matter/unterminated",
        &["content/sop/fuzz.md:1:1: error[unterminated-front-matter]"],
    ),
    (
        "markdown/deep-quotes",
        &[
            "content/sop/fuzz.md:1:1: warning[missing-element]",
            "content/sop/fuzz.md:5:601: error[unknown-term]",
        ],
    ),
    (
        "markdown/heading-ids",
        &[
            "content/sop/fuzz.md:1:1: warning[missing-element]",
            "content/sop/fuzz.md:17:1: warning[undefined-variable]",
        ],
    ),
    (
        "markdown/links-everywhere",
        &[
            "content/sop/fuzz.md:1:1: warning[missing-element]",
            "content/sop/fuzz.md:4:18: error[broken-anchor]",
            "content/sop/fuzz.md:4:27: error[unknown-term]",
            "content/sop/fuzz.md:4:37: error[unknown-term]",
            "content/sop/fuzz.md:4:55: error[broken-link]",
            "content/sop/fuzz.md:4:77: error[broken-link]",
            "content/sop/fuzz.md:4:89: error[broken-link]",
            "content/sop/fuzz.md:4:109: error[broken-link]",
            "content/sop/fuzz.md:4:121: error[broken-link]",
            "content/sop/fuzz.md:4:129: error[broken-link]",
        ],
    ),
    (
        "markdown/stars-and-cjk",
        &["content/sop/fuzz.md:1:1: warning[missing-element]"],
    ),
    (
        "search/tiny-budget-cjk",
        &["content/sop/fuzz.md:1:1: warning[missing-element]"],
    ),
    (
        "search/zero-budget",
        &["content/sop/fuzz.md:1:1: warning[missing-element]"],
    ),
    (
        "when_and_wikilinks/huge-offset",
        &[
            "content/sop/fuzz-field.md:4:12: error[invalid-step]",
            "content/sop/fuzz-field.md:5:12: error[invalid-step]",
            "content/sop/fuzz-field.md:7:12: error[invalid-step]",
            "content/sop/fuzz-field.md:8:12: warning[steps-out-of-order]",
            "content/sop/fuzz-field.md:9:12: error[invalid-step]",
            // `d+1 ２０：００`: full-width digits, as an input method types them.
            "content/sop/fuzz-field.md:10:12: warning[steps-out-of-order]",
            "content/sop/fuzz-field.md:11:12: warning[steps-out-of-order]",
            "content/sop/fuzz-field.md:12:12: error[invalid-step]",
            "content/sop/fuzz-field.md:13:12: warning[steps-out-of-order]",
            "content/sop/fuzz-field.md:18:1: error[broken-link]",
            "content/sop/fuzz-field.md:18:28: error[broken-link]",
            "content/sop/fuzz-field.md:18:57: error[broken-link]",
            "content/sop/fuzz-field.md:20:1: error[broken-link]",
            "content/sop/fuzz-field.md:20:15: error[broken-link]",
            "content/sop/fuzz-field.md:20:31: error[broken-link]",
            "content/sop/fuzz-field.md:22:1: error[broken-link]",
            "content/sop/fuzz-field.md:22:16: error[broken-link]",
            "content/sop/fuzz-field.md:22:33: error[broken-link]",
            "content/sop/fuzz-field.md:24:1: error[broken-link]",
            "content/sop/fuzz-field.md:24:31: error[broken-link]",
            "content/sop/fuzz-field.md:26:1: error[broken-link]",
            "content/sop/fuzz-field.md:26:29: error[broken-link]",
            "content/sop/fuzz-field.md:28:1: error[broken-link]",
            "content/sop/fuzz-field.md:28:29: error[broken-link]",
            "content/sop/fuzz-field.md:30:1: error[broken-link]",
            "content/sop/fuzz-field.md:30:31: error[broken-link]",
            "content/sop/fuzz-field.md:32:1: error[broken-link]",
            "content/sop/fuzz-field.md:32:13: error[broken-link]",
            "content/sop/fuzz-field.md:32:27: error[broken-link]",
            "content/sop/fuzz-field.md:34:1: error[broken-link]",
            "content/sop/fuzz-field.md:34:8: error[broken-link]",
            "content/sop/fuzz-field.md:34:17: error[broken-link]",
            "content/sop/fuzz-field.md:36:1: error[broken-link]",
            "content/sop/fuzz-field.md:36:7: error[broken-link]",
            "content/sop/fuzz-field.md:36:15: error[broken-link]",
            "content/sop/fuzz-table.md:9:3: error[invalid-step]",
            "content/sop/fuzz-table.md:10:3: error[invalid-step]",
            "content/sop/fuzz-table.md:12:3: error[invalid-step]",
            "content/sop/fuzz-table.md:13:3: warning[steps-out-of-order]",
            "content/sop/fuzz-table.md:14:3: error[invalid-step]",
            "content/sop/fuzz-table.md:15:3: warning[steps-out-of-order]",
            "content/sop/fuzz-table.md:16:3: warning[steps-out-of-order]",
            "content/sop/fuzz-table.md:17:3: error[invalid-step]",
            "content/sop/fuzz-table.md:18:3: warning[steps-out-of-order]",
            "content/sop/fuzz-table.md:22:1: error[broken-link]",
            "content/sop/fuzz-table.md:22:28: error[broken-link]",
            "content/sop/fuzz-table.md:22:57: error[broken-link]",
            "content/sop/fuzz-table.md:24:1: error[broken-link]",
            "content/sop/fuzz-table.md:24:15: error[broken-link]",
            "content/sop/fuzz-table.md:24:31: error[broken-link]",
            "content/sop/fuzz-table.md:26:1: error[broken-link]",
            "content/sop/fuzz-table.md:26:16: error[broken-link]",
            "content/sop/fuzz-table.md:26:33: error[broken-link]",
            "content/sop/fuzz-table.md:28:1: error[broken-link]",
            "content/sop/fuzz-table.md:28:31: error[broken-link]",
            "content/sop/fuzz-table.md:30:1: error[broken-link]",
            "content/sop/fuzz-table.md:30:29: error[broken-link]",
            "content/sop/fuzz-table.md:32:1: error[broken-link]",
            "content/sop/fuzz-table.md:32:29: error[broken-link]",
            "content/sop/fuzz-table.md:34:1: error[broken-link]",
            "content/sop/fuzz-table.md:34:31: error[broken-link]",
            "content/sop/fuzz-table.md:36:1: error[broken-link]",
            "content/sop/fuzz-table.md:36:13: error[broken-link]",
            "content/sop/fuzz-table.md:36:27: error[broken-link]",
            "content/sop/fuzz-table.md:38:1: error[broken-link]",
            "content/sop/fuzz-table.md:38:8: error[broken-link]",
            "content/sop/fuzz-table.md:38:17: error[broken-link]",
            "content/sop/fuzz-table.md:40:1: error[broken-link]",
            "content/sop/fuzz-table.md:40:7: error[broken-link]",
            "content/sop/fuzz-table.md:40:15: error[broken-link]",
        ],
    ),
    (
        "when_and_wikilinks/wikilink-edges",
        &[
            "content/sop/fuzz-field.md:4:12: error[invalid-step]",
            "content/sop/fuzz-field.md:5:12: error[invalid-step]",
            "content/sop/fuzz-field.md:6:12: error[invalid-step]",
            "content/sop/fuzz-field.md:7:12: error[invalid-step]",
            "content/sop/fuzz-field.md:8:12: error[invalid-step]",
            "content/sop/fuzz-field.md:9:12: error[invalid-step]",
            "content/sop/fuzz-field.md:10:12: error[invalid-step]",
            "content/sop/fuzz-field.md:11:12: error[invalid-step]",
            "content/sop/fuzz-field.md:12:12: error[invalid-step]",
            "content/sop/fuzz-field.md:13:12: error[invalid-step]",
            "content/sop/fuzz-field.md:14:12: error[invalid-step]",
            "content/sop/fuzz-field.md:15:12: error[invalid-step]",
            "content/sop/fuzz-field.md:16:12: error[invalid-step]",
            "content/sop/fuzz-field.md:21:8: error[broken-link]",
            "content/sop/fuzz-field.md:23:8: error[broken-link]",
            "content/sop/fuzz-field.md:25:7: error[broken-link]",
            "content/sop/fuzz-field.md:29:1: error[unknown-term]",
            // `[文字](term:…)` is a Markdown link to a scheme quire does not link to.
            "content/sop/fuzz-field.md:29:11: warning[unsafe-link]",
            "content/sop/fuzz-field.md:29:23: error[unknown-term]",
            "content/sop/fuzz-field.md:31:1: error[unknown-term]",
            "content/sop/fuzz-field.md:31:14: warning[unsafe-link]",
            "content/sop/fuzz-field.md:31:29: error[unknown-term]",
            "content/sop/fuzz-field.md:33:1: error[unknown-term]",
            "content/sop/fuzz-field.md:33:31: error[unknown-term]",
            "content/sop/fuzz-field.md:35:1: error[broken-link]",
            "content/sop/fuzz-field.md:35:26: error[broken-anchor]",
            "content/sop/fuzz-field.md:35:53: error[broken-link]",
            "content/sop/fuzz-field.md:37:1: error[broken-link]",
            "content/sop/fuzz-field.md:37:15: error[broken-link]",
            "content/sop/fuzz-field.md:37:31: error[broken-link]",
            "content/sop/fuzz-field.md:39:1: error[broken-link]",
            "content/sop/fuzz-field.md:39:10: error[broken-link]",
            "content/sop/fuzz-field.md:39:21: error[broken-link]",
            "content/sop/fuzz-field.md:43:1: error[broken-link]",
            "content/sop/fuzz-field.md:43:17: error[broken-link]",
            "content/sop/fuzz-field.md:45:20: error[broken-link]",
            "content/sop/fuzz-table.md:9:3: error[invalid-step]",
            "content/sop/fuzz-table.md:10:3: error[invalid-step]",
            "content/sop/fuzz-table.md:11:2: error[invalid-step]",
            "content/sop/fuzz-table.md:12:3: error[invalid-step]",
            "content/sop/fuzz-table.md:13:3: error[invalid-step]",
            "content/sop/fuzz-table.md:14:3: error[invalid-step]",
            "content/sop/fuzz-table.md:15:3: error[invalid-step]",
            "content/sop/fuzz-table.md:16:3: error[invalid-step]",
            "content/sop/fuzz-table.md:17:3: error[invalid-step]",
            "content/sop/fuzz-table.md:18:3: error[invalid-step]",
            "content/sop/fuzz-table.md:19:3: error[invalid-step]",
            "content/sop/fuzz-table.md:20:3: error[invalid-step]",
            "content/sop/fuzz-table.md:21:3: error[invalid-step]",
            "content/sop/fuzz-table.md:25:8: error[broken-link]",
            "content/sop/fuzz-table.md:27:8: error[broken-link]",
            "content/sop/fuzz-table.md:29:7: error[broken-link]",
            "content/sop/fuzz-table.md:33:1: error[unknown-term]",
            "content/sop/fuzz-table.md:33:11: warning[unsafe-link]",
            "content/sop/fuzz-table.md:33:23: error[unknown-term]",
            "content/sop/fuzz-table.md:35:1: error[unknown-term]",
            "content/sop/fuzz-table.md:35:14: warning[unsafe-link]",
            "content/sop/fuzz-table.md:35:29: error[unknown-term]",
            "content/sop/fuzz-table.md:37:1: error[unknown-term]",
            "content/sop/fuzz-table.md:37:31: error[unknown-term]",
            "content/sop/fuzz-table.md:39:1: error[broken-link]",
            "content/sop/fuzz-table.md:39:26: error[broken-anchor]",
            "content/sop/fuzz-table.md:39:53: error[broken-link]",
            "content/sop/fuzz-table.md:41:1: error[broken-link]",
            "content/sop/fuzz-table.md:41:15: error[broken-link]",
            "content/sop/fuzz-table.md:41:31: error[broken-link]",
            "content/sop/fuzz-table.md:43:1: error[broken-link]",
            "content/sop/fuzz-table.md:43:10: error[broken-link]",
            "content/sop/fuzz-table.md:43:21: error[broken-link]",
            "content/sop/fuzz-table.md:47:1: error[broken-link]",
            "content/sop/fuzz-table.md:47:17: error[broken-link]",
            "content/sop/fuzz-table.md:49:20: error[broken-link]",
        ],
    ),
    ("front_matter/review-every-cjk", REVIEW_EVERY_CJK),
    (
        "front_matter/review-every-yaml-playbook",
        &["content/sop/fuzz.md:1:1: warning[missing-element]"],
    ),
    (
        "when_and_wikilinks/duration-ends-multibyte",
        DURATION_ENDS_MULTIBYTE,
    ),
];

/// What the `valid_duration` crash cases give now that it is fixed.
const REVIEW_EVERY_CJK: &[&str] = &[
    "content/sop/fuzz.md:1:1: warning[missing-element]",
    "content/sop/fuzz.md:3:15: error[invalid-date]",
];
const DURATION_ENDS_MULTIBYTE: &[&str] = &[
    "content/sop/fuzz-field.md:4:12: error[invalid-step]",
    "content/sop/fuzz-field.md:9:1: error[broken-link]",
    "content/sop/fuzz-field.md:9:7: error[broken-link]",
    "content/sop/fuzz-field.md:9:15: error[broken-link]",
    "content/sop/fuzz-table.md:9:3: error[invalid-step]",
    "content/sop/fuzz-table.md:13:1: error[broken-link]",
    "content/sop/fuzz-table.md:13:7: error[broken-link]",
    "content/sop/fuzz-table.md:13:15: error[broken-link]",
];

/// Cases that still crash quire: (case, what crashes). Each has its own
/// ignored test below; when the fix lands, move the case to [`EXPECTED`].
/// None now: the three `valid_duration` cases are fixed and listed there.
const KNOWN_CRASHES: &[(&str, &str)] = &[];

fn cases_dir() -> PathBuf {
    repo().join("tests/fixtures/fuzz")
}

/// Every case on disk, as `<target>/<file>`, sorted.
fn all_cases() -> Vec<String> {
    let mut cases = Vec::new();
    for target in std::fs::read_dir(cases_dir()).unwrap() {
        let target = target.unwrap();
        for file in std::fs::read_dir(target.path()).unwrap() {
            cases.push(format!(
                "{}/{}",
                target.file_name().to_string_lossy(),
                file.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    cases.sort();
    cases
}

fn file(path: &str, text: &str) -> SourceFile {
    SourceFile::new(path, PathBuf::from(path), text.to_string())
}

/// The playbook files a case puts in `content/`, with the search budget
/// for the `search` target (its input's first two bytes).
fn files_of(target: &str, bytes: &[u8]) -> (Vec<(String, String)>, usize) {
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).expect("fuzz cases are UTF-8");
    match target {
        "search" => {
            let budget = usize::from(u16::from_le_bytes([bytes[0], bytes[1]]));
            (
                vec![("content/sop/fuzz.md".into(), text(&bytes[2..]))],
                budget,
            )
        }
        // As the fuzz target writes them: each line as a front-matter step,
        // a step table row, a wikilink and a Markdown link.
        "when_and_wikilinks" => {
            let input = text(bytes);
            let mut field = String::from("---\ntitle: 字段\nsteps:\n");
            let mut table = String::from(
                "---\ntitle: 表格\n---\n\n## 步骤\n\n| 时间 | 负责人 | 动作 | 话术 |\n|---|---|---|---|\n",
            );
            let mut links = String::from("\n## 链接\n\n");
            for (n, line) in input.lines().take(16).enumerate() {
                let quoted = serde_json::to_string(line).unwrap();
                field.push_str(&format!(
                    "  - {{when: {quoted}, who: 角色{n}, action: 做事, script: {quoted}}}\n"
                ));
                table.push_str(&format!("| {line} | 角色{} | 做事 | {line} |\n", n % 3));
                links.push_str(&format!("[[{line}]] [文字]({line}) [[{line}|文字]]\n\n"));
            }
            field.push_str("---\n");
            field.push_str(&links);
            table.push_str(&links);
            (
                vec![
                    ("content/sop/fuzz-field.md".into(), field),
                    ("content/sop/fuzz-table.md".into(), table),
                ],
                0,
            )
        }
        _ => (vec![("content/sop/fuzz.md".into(), text(bytes))], 0),
    }
}

/// The functions the case's fuzz target calls, in this process.
fn library(target: &str, text: &str) {
    match target {
        "front_matter" => {
            let md = file("content/sop/fuzz.md", text);
            if let Ok(split) = parse::split_front_matter(&md) {
                let _ = yaml::parse(&md, split.yaml, &mut Vec::new());
            }
            let config = Config::default();
            for path in ["content/sop/fuzz.md", "content/fuzz.yaml"] {
                let _ = parse::parse(file(path, text), &config, &mut Vec::new());
            }
            let mut diags = Vec::new();
            let _ = Config::parse(&file("quire.yaml", text), &mut diags);
            let _ = glossary::parse(&file("content/glossary.yaml", text), &mut diags);
            let _ = handbook::parse(file("content/handbooks/fuzz.yaml", text), &mut diags);
        }
        "markdown" | "search" => {
            let md = file("content/sop/fuzz.md", text);
            let body = match parse::split_front_matter(&md) {
                Ok(split) => &md.text[split.body],
                Err(_) => &md.text[..],
            };
            let o = outline::outline(body);
            let rendered = markdown::render(body, &Context::plain(Language::Zh));
            assert_eq!(rendered.headings.len(), o.sections.len());
            let _ = markdown::plain_text(body);
        }
        "when_and_wikilinks" => {
            let base = Date {
                year: 2026,
                month: 1,
                day: 31,
            };
            for line in std::iter::once(text).chain(text.lines()) {
                let _ = steps::parse_offset(line);
                let _ = Date::parse(line);
                let _ = common_fields::valid_date(line);
                let _ = common_fields::valid_duration(line);
                let _ = base.plus(line);
            }
        }
        other => panic!("no fuzz target `{other}`"),
    }
}

/// Runs one case: the library functions, the search index for the
/// `search` target, then `quire check`. Returns the diagnostic heads.
fn run_case(case: &str) -> Vec<String> {
    let (target, _) = case.split_once('/').unwrap();
    let bytes = std::fs::read(cases_dir().join(case)).unwrap();
    let (files, budget) = files_of(target, &bytes);
    let input = match target {
        "search" => &files[0].1,
        _ => std::str::from_utf8(&bytes).unwrap(),
    };
    library(target, input);

    let dir = TempDir::new().unwrap();
    let root = dir.path();
    std::fs::write(root.join("quire.yaml"), CONFIG).unwrap();
    let mut all = files.clone();
    all.push(("content/sop/welcome.md".into(), WELCOME.into()));
    for (path, text) in &all {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    if target == "search" {
        search_entries(root, budget);
    }
    let run = quire(root, &["check", "--format", "short"]);
    let out = stdout(&run);
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{case}: exit {:?}\n{out}",
        run.status.code()
    );
    let heads: Vec<String> = out
        .lines()
        .filter_map(|l| l.find("] ").map(|end| l[..=end].trim_end().to_string()))
        .filter(|h| h.contains("error[") || h.contains("warning["))
        .collect();
    let errors = heads.iter().any(|h| h.contains(": error["));
    assert_eq!(run.status.code(), Some(i32::from(errors)), "{case}\n{out}");
    heads
}

/// The site's search index, at the case's budget, is well-formed JSON.
fn search_entries(root: &Path, budget: usize) {
    let options = quire::build::LoadOptions::default();
    let site = quire::build::load_site(root, &options).unwrap().output.site;
    let entries: Vec<String> = (0..site.playbooks.len())
        .map(|i| search::entry_alone(&site, i, budget))
        .collect();
    for e in &entries {
        let doc: serde_json::Value = serde_json::from_str(e).unwrap();
        assert!(doc["x"].is_array(), "{e}");
    }
    let js = search::index(&entries);
    assert!(js.ends_with(search::INDEX_CLOSING));
}

#[test]
fn every_fuzz_case_gives_its_diagnostics() {
    let known: Vec<&str> = KNOWN_CRASHES.iter().map(|(c, _)| *c).collect();
    let listed: Vec<&str> = EXPECTED.iter().map(|(c, _)| *c).collect();
    let mut failures = Vec::new();
    for case in all_cases() {
        if known.contains(&case.as_str()) {
            continue;
        }
        let got = run_case(&case);
        match EXPECTED.iter().find(|(c, _)| *c == case) {
            Some((_, expected)) if got == *expected => {}
            Some((_, expected)) => {
                failures.push(format!("{case}: expected {expected:#?}\ngot {got:#?}"))
            }
            None => failures.push(format!("not in EXPECTED: (\"{case}\", &{got:?}),")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for case in listed.iter().chain(&known) {
        assert!(
            cases_dir().join(case).is_file(),
            "{case} is listed but missing"
        );
    }
}

#[test]
fn a_duration_ending_in_a_multi_byte_character_is_a_diagnostic() {
    assert!(!common_fields::valid_duration("λ"));
    assert!(!common_fields::valid_duration("3月"));
    assert_eq!(run_case("front_matter/review-every-cjk"), REVIEW_EVERY_CJK);
    // As front_matter found it, in a pure-YAML playbook.
    assert_eq!(
        run_case("front_matter/review-every-yaml-playbook"),
        ["content/sop/fuzz.md:1:1: warning[missing-element]"]
    );
    let text = std::fs::read_to_string(cases_dir().join("front_matter/review-every-yaml-playbook"))
        .unwrap();
    let mut diags = Vec::new();
    let _ = parse::parse(
        file("content/sop/fuzz.yaml", &text),
        &Config::default(),
        &mut diags,
    );
    let heads: Vec<_> = diags.iter().map(|d| (d.code, d.line, d.column)).collect();
    assert_eq!(heads, [("invalid-date", 3, 15)]);
    // As when_and_wikilinks found it: `λ` through every function of its target.
    assert_eq!(
        run_case("when_and_wikilinks/duration-ends-multibyte"),
        DURATION_ENDS_MULTIBYTE
    );
}
