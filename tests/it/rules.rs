//! Rule levels: `rules:` in `quire.yaml` (global, per kind, per folder),
//! `allow:` in a playbook, unknown codes, bad levels, codes that cannot be
//! lowered, `--strict`, `--format json`, and `invalid-field` as the alias
//! of the codes it was split into.

use std::path::Path;

use crate::*;

fn json(root: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let run = quire(root, args);
    let json =
        serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&run)));
    (run.status.code(), json)
}

fn check(root: &Path) -> (Option<i32>, serde_json::Value) {
    json(root, &["check", "--format", "json"])
}

/// `file:line:col severity code`, with ` (rule)` where a rule set the level.
fn seen(json: &serde_json::Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let rule = match d.get("rule") {
                Some(r) => format!(" ({})", r.as_str().unwrap()),
                None => String::new(),
            };
            format!(
                "{}:{}:{} {} {}{rule}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
            )
        })
        .collect()
}

fn help(json: &serde_json::Value, code: &str, file: &str) -> String {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code && d["file"] == file)
        .unwrap_or_else(|| panic!("no {code} in {file}"))["help"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Run from inside the site with no `--root`, as users do.
#[test]
fn levels_by_site_kind_folder_and_file() {
    let site = fixture("rules");
    let (code, json) = check(site.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        seen(&json),
        [
            // Global `missing-element: warning`; the TODO is off globally.
            "content/memos/a.md:1:1 warning missing-element (quire.yaml:14:20)",
            // `allow: [missing-element, …]` drops its own; the typo is named.
            "content/memos/e.md:3:26 warning unknown-rule",
            // The folder's `placeholder: 错误` beats the global `off`.
            "content/memos/strict/d.md:11:3 error placeholder (quire.yaml:22:18)",
            "quire.yaml:16:3 warning unknown-rule",
        ]
    );
    // The kind `note` and the folder `content/memos/drafts/` turned
    // `missing-element` off for b.md and c.md.
    assert_eq!(
        json["summary"],
        serde_json::json!({"playbooks": 5, "errors": 1, "warnings": 3})
    );
    assert_eq!(
        help(&json, "unknown-rule", "quire.yaml"),
        "did you mean `orphan`?"
    );
    assert_eq!(
        help(&json, "unknown-rule", "content/memos/e.md"),
        "did you mean `placeholder`?"
    );
    // The default levels, where no rule applies, carry no `rule`.
    assert!(json["diagnostics"][1].get("rule").is_none());
    assert_eq!(
        json["diagnostics"][3]["message"],
        "`orphans` is not a diagnostic code quire reports, so this rule does nothing"
    );
    // People are told where the level came from.
    let human = stderr(&quire(site.path(), &["check"]));
    assert!(
        human.contains(" --> content/memos/a.md:1:1\n")
            && human.contains("\n  = note: made warning by the rule at quire.yaml:14:20\n"),
        "{human}"
    );
}

#[test]
fn a_bad_level_is_an_error_at_the_value() {
    let site = site(
        "rules:\n  placeholder: maybe\n  sop:\n    orphan: [off]\n",
        &[],
    );
    std::fs::create_dir(site.path().join("content")).unwrap();
    let (code, json) = check(site.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        seen(&json),
        [
            "quire.yaml:2:16 error unknown-value",
            "quire.yaml:4:13 error wrong-type",
        ]
    );
    assert_eq!(
        json["diagnostics"][0]["message"],
        "`maybe` is not a level: write `error`, `warning` or `off` (错误, 警告, 关闭)"
    );
}

#[test]
fn codes_that_mean_a_broken_site_cannot_be_lowered() {
    let site = site(
        "rules:\n  yaml-syntax: warning\n  file-name: error\n  content/:\n    duplicate-url: off\n",
        &[("content/sop/a.md", "---\ntitle: a\n---\n")],
    );
    let (code, json) = check(site.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        seen(&json),
        [
            "quire.yaml:2:16 error locked-code",
            "quire.yaml:5:20 error locked-code",
        ]
    );
    assert_eq!(
        json["diagnostics"][0]["message"],
        "`yaml-syntax` cannot be lowered: the file cannot be read, so the site would be built without it"
    );
    // Nor can a playbook allow one; an unknown code there is a warning.
    let site = self::site(
        RELAXED,
        &[(
            "content/sop/a.md",
            "---\ntitle: a\nallow: [duplicate-url, orphan]\n---\n",
        )],
    );
    let (code, json) = check(site.path());
    assert_eq!(code, Some(1));
    assert_eq!(seen(&json), ["content/sop/a.md:3:9 error locked-code"]);
}

#[test]
fn strict_fails_on_the_warnings_rules_leave() {
    // --strict also reports orphans; this one allows it for itself.
    let playbook = "---\ntitle: 接待\nallow: orphan\n---\n\n## 目标\n\n新人第一周发言。\n";
    let config = "kinds:\n  - {id: sop, elements: [{id: goal, name: 目标}, {id: owner, name: 负责人}]}\nrules:\n  missing-element: warning\n";
    let site = site(config, &[("content/sop/a.md", playbook)]);
    assert_eq!(quire(site.path(), &["check"]).status.code(), Some(0));
    let strict = quire(site.path(), &["check", "--strict", "--format", "short"]);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(
        stdout(&strict),
        "content/sop/a.md:1:1: warning[missing-element] missing element: 负责人 (owner)\nchecked 1 playbook: 0 errors, 1 warning\n"
    );
    // A build honours the level too: the warning does not stop it.
    let built = quire(site.path(), &["build", "--format", "short"]);
    assert_eq!(built.status.code(), Some(0), "{}", stdout(&built));
    assert!(site.path().join("public/sop/a/index.html").is_file());
    // Off, nothing remains for --strict to fail on.
    std::fs::write(
        site.path().join("quire.yaml"),
        config.replace("warning", "off"),
    )
    .unwrap();
    assert_eq!(
        quire(site.path(), &["check", "--strict"]).status.code(),
        Some(0)
    );
}

#[test]
fn a_key_that_is_neither_kind_nor_folder_is_named() {
    let site = site(
        "rules:\n  sopp:\n    placeholder: off\n  content/drafts/:\n    placeholder: off\n  sharing:\n    placeholder: off\n  sop/:\n    placeholder: off\n",
        &[],
    );
    std::fs::create_dir_all(site.path().join("content/sop")).unwrap();
    let (code, json) = check(site.path());
    assert_eq!(code, Some(0));
    // `sharing` is the folder of the kind `sharing-format`, so it is known.
    assert_eq!(
        seen(&json),
        [
            "quire.yaml:2:3 warning unknown-rule",
            "quire.yaml:4:3 warning unknown-rule",
            "quire.yaml:8:3 warning unknown-rule",
        ]
    );
    assert_eq!(
        json["diagnostics"][2]["help"],
        "did you mean `content/sop/`? folders are written from the site root"
    );
    assert_eq!(
        help(&json, "unknown-rule", "quire.yaml"),
        "did you mean the kind `sop`?"
    );
    assert_eq!(
        json["diagnostics"][1]["message"],
        "there is no folder `content/drafts/` in the site, so this rule applies to nothing"
    );
}

#[test]
fn a_rule_for_orphan_turns_the_check_on() {
    let site = site(
        &format!("{RELAXED}rules:\n  orphan: error\n"),
        &[("content/sop/alone.md", "---\ntitle: 孤单\n---\n")],
    );
    let (code, json) = check(site.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        seen(&json),
        ["content/sop/alone.md:1:1 error orphan (quire.yaml:4:11)"]
    );
}

#[test]
fn schema_requires_nothing_where_missing_elements_are_warnings() {
    let site = site("rules:\n  sop:\n    missing-element: warning\n", &[]);
    std::fs::create_dir(site.path().join("content")).unwrap();
    let run = quire(site.path(), &["schema"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let schema = |kind: &str| -> serde_json::Value {
        serde_json::from_str(&read(
            site.path().join(format!("schemas/{kind}.schema.json")),
        ))
        .unwrap()
    };
    assert!(schema("sop").get("required").is_none());
    assert_eq!(
        schema("case-study")["required"],
        serde_json::json!(["body"])
    );
    assert_eq!(schema("sop")["additionalProperties"], false);
}

#[test]
fn invalid_field_still_names_every_code_it_was_split_into() {
    let bad = "reviewed: 2025/03/05\nweight: 第一\n---\n\n## 背景\n\n正文。\n";
    let site = site(
        &format!("{RELAXED}rules:\n  invalid-field: warning\n  content/sop/keep/:\n    invalid-date: error\n"),
        &[
            ("content/sop/a.md", &format!("---\n{bad}")),
            ("content/sop/keep/b.md", &format!("---\n{bad}")),
            ("content/sop/c.md", &format!("---\nallow: [invalid-field]\n{bad}")),
        ],
    );
    let (code, json) = check(site.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        seen(&json),
        [
            "content/sop/a.md:2:11 warning invalid-date (quire.yaml:4:18)",
            "content/sop/a.md:3:9 warning wrong-type (quire.yaml:4:18)",
            // The folder's rule on the one code wins over the site's alias.
            "content/sop/keep/b.md:2:11 error invalid-date",
            "content/sop/keep/b.md:3:9 warning wrong-type (quire.yaml:4:18)",
        ]
    );
}

#[test]
fn allow_reads_a_list_of_codes_and_says_what_it_cannot() {
    let body = "\n## 背景\n\nTODO 待补。\n";
    let site = site(
        RELAXED,
        &[
            (
                "content/sop/a.md",
                &format!("---\nallow: [orphan，placeholder]\n---\n{body}"),
            ),
            (
                "content/sop/b.md",
                &format!("---\nallow: orphan, placeholder\n---\n{body}"),
            ),
        ],
    );
    let (code, json) = json(site.path(), &["check", "--strict", "--format", "json"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        seen(&json),
        [
            // Both codes are read, and the full-width comma is named.
            "content/sop/a.md:2:15 warning full-width-punctuation",
            // One text with a comma is not two codes: nothing is allowed.
            "content/sop/b.md:1:1 warning orphan",
            "content/sop/b.md:2:8 warning unknown-rule",
            "content/sop/b.md:7:1 warning placeholder",
        ]
    );
    assert_eq!(
        help(&json, "unknown-rule", "content/sop/b.md"),
        "write them as a list: `allow: [orphan, placeholder]`"
    );
}

/// The PDF stage reports after the checks; its findings pass through the
/// rules too. With `--ignore-system-fonts` and no `fonts/` folder there is
/// never a Chinese font, so `no-cjk-font` comes on every machine.
#[cfg(feature = "pdf")]
#[test]
fn rules_reach_what_the_pdf_stage_reports() {
    let site = fixture("handbook");
    let args = [
        "build",
        "--strict",
        "--ignore-system-fonts",
        "--format",
        "short",
    ];
    let before = quire(site.path(), &args);
    assert_eq!(before.status.code(), Some(1));
    assert!(
        stdout(&before).contains("warning[no-cjk-font]"),
        "{}",
        stdout(&before)
    );
    let config = site.path().join("quire.yaml");
    let text = read(&config);
    // --strict reports orphans as well; with them off, the font warning
    // alone still fails the build, until it is off too.
    std::fs::write(&config, format!("{text}rules:\n  orphan: off\n")).unwrap();
    let orphans_off = quire(site.path(), &args);
    assert_eq!(orphans_off.status.code(), Some(1));
    let warnings: Vec<_> = stdout(&orphans_off)
        .lines()
        .filter(|l| l.contains("warning["))
        .map(str::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("warning[no-cjk-font]"));
    std::fs::write(
        &config,
        format!("{text}rules:\n  orphan: off\n  no-cjk-font: off\n"),
    )
    .unwrap();
    let after = quire(site.path(), &args);
    assert_eq!(after.status.code(), Some(0), "{}", stderr(&after));
    assert!(site
        .path()
        .join("public/handbooks/guide/index.html")
        .is_file());
}

#[test]
fn an_orphan_rule_for_one_kind_asks_for_the_check_there_only() {
    let config = "kinds:\n  - {id: sop, elements: []}\n  - {id: notes, folder: notes, elements: []}\nrules:\n  sop:\n    orphan: error\n";
    let dir = site(
        config,
        &[
            (
                "content/sop/alone.md",
                "---\ntitle: 孤立的SOP\n---\n\n正文。\n",
            ),
            (
                "content/notes/alone.md",
                "---\ntitle: 孤立的笔记\n---\n\n正文。\n",
            ),
        ],
    );
    let (code, json) = check(dir.path());
    assert_eq!(code, Some(1));
    let seen = seen(&json);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0].starts_with("content/sop/alone.md:")
            && seen[0].contains(" error orphan (quire.yaml:6:13)"),
        "{seen:?}"
    );
}

#[test]
fn a_broken_link_a_rule_lets_through_is_published_as_its_text_never_a_dead_href() {
    let site = site(
        "rules:\n  broken-link: warning\n  orphan: off\n",
        &[
            (
                "content/handbooks/all.yaml",
                "title: 全部\nchapters:\n  - title: 页面\n    include: [guide/a, guide/b]\n",
            ),
            (
                "content/guide/a.md",
                "# 甲\n\n见[纪录片](视频链接)和 [@me](github.com/me)，[乙](b.md)。\n",
            ),
            ("content/guide/b.md", "# 乙\n\n正文。\n"),
        ],
    );
    let run = quire(site.path(), &["build", "--no-pdf", "--format", "short"]);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    let out = String::from_utf8_lossy(&run.stdout).to_string() + &stderr(&run);
    assert!(
        out.contains("content/guide/a.md:3:2: warning[broken-link]"),
        "{out}"
    );
    for page in [
        "public/guide/a/index.html",
        "public/handbooks/all/index.html",
    ] {
        let html = read(site.path().join(page));
        assert!(html.contains("见纪录片和 @me，<a "), "{page}: {html}");
        assert!(
            !html.contains("视频链接") && !html.contains("href=\"github.com"),
            "{page}"
        );
    }
}
