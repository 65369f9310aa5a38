//! Inputs found by a hostile review: each gets a diagnostic or a refusal,
//! never a panic, a hang, a page lost without a word, or a file written
//! outside the output folder.

use std::path::Path;

use crate::*;

/// A one-kind site whose kind requires nothing, with `files` written into it.
fn site(config: &str, files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("quire.yaml"), config).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const RELAXED: &str = "kinds:\n  - {id: sop, elements: []}\n";

fn short(root: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut all = vec!["check", "--format", "short"];
    all.extend_from_slice(args);
    let run = quire(root, &all);
    (run.status.code(), stderr(&run))
}

#[test]
fn kind_folders_cannot_leave_the_site() {
    let config = format!("{RELAXED}folders:\n  \"/\": sop\n  ../escaped: sop\n");
    let s = site(&config, &[("content/sop/a.md", "---\ntitle: a\n---\n")]);
    let (code, out) = short(s.path(), &[]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("quire.yaml:4:3: error[invalid-field] `/` is not a folder under content/"),
        "{out}"
    );
    assert!(
        out.contains(
            "quire.yaml:5:3: error[invalid-field] `../escaped` is not a folder under content/"
        ),
        "{out}"
    );
    let run = quire(s.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!s.path().parent().unwrap().join("escaped").exists());
}

#[test]
fn pages_never_silently_replace_each_other() {
    let s = site(
        RELAXED,
        &[
            ("content/sop.md", "---\ntitle: 与类型同名\nkind: sop\n---\n"),
            ("content/sop/a.md", "---\ntitle: a\ntags: [a/b]\n---\n"),
            ("content/sop/b.md", "---\ntitle: b\ntags: [a-b]\n---\n"),
        ],
    );
    let (code, out) = short(s.path(), &[]);
    assert_eq!(code, Some(1));
    assert!(out.contains("content/sop.md: error[duplicate-url] the page would be written to `sop/`, which the site itself uses"), "{out}");
    assert!(out.contains("content/sop/b.md: error[duplicate-url] the tag `a-b` would share the page `tags/a-b/` with the tag `a/b`"), "{out}");
}

#[test]
fn pathological_markdown_finishes() {
    let stars = "*".repeat(200_000);
    let headings = "## 同名\n\n正文\n\n".repeat(20_000);
    let s = site(
        RELAXED,
        &[
            (
                "content/sop/stars.md",
                &format!("---\ntitle: 星\n---\n{stars}\n"),
            ),
            (
                "content/sop/headings.md",
                &format!("---\ntitle: 标题\n---\n{headings}"),
            ),
        ],
    );
    let run = quire(s.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let page = read(s.path().join("public/sop/headings/index.html"));
    assert!(page.contains("id=\"同名-19999\""));
}

#[test]
fn huge_numbers_are_diagnostics_not_overflows() {
    let s = site(
        "",
        &[(
            "content/sop/x.md",
            "---\ntitle: x\nreview_every: 9223372036854775807d\nreviewed: 2026-01-01\nsteps:\n  - {when: D+9999999999999999, who: a, action: b}\n---\n",
        )],
    );
    let (code, out) = short(s.path(), &[]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains(
            "content/sop/x.md:3:15: error[invalid-field] `review_every` must be a duration"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "content/sop/x.md:6:12: error[invalid-field] `D+9999999999999999` is not an offset"
        ),
        "{out}"
    );
    assert!(!out.contains("internal error"));
}

#[test]
fn deeply_nested_yaml_is_a_diagnostic() {
    let nested = format!(
        "---\ntitle: x\ntags: {}{}\n---\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let block: String = (0..100)
        .map(|i| format!("{}- \n", "  ".repeat(i)))
        .collect();
    let s = site(
        RELAXED,
        &[
            ("content/sop/deep.md", &nested),
            (
                "content/sop/block.md",
                &format!("---\ntitle: y\ntags:\n{block}---\n"),
            ),
        ],
    );
    let (code, out) = short(s.path(), &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.starts_with("content/sop/block.md:"), "{out}");
    assert!(out.contains("\ncontent/sop/deep.md:3:"), "{out}");
    assert!(
        out.contains(
            "error[yaml-syntax] invalid YAML: the YAML nests or repeats more than quire allows"
        ),
        "{out}"
    );
}

#[test]
fn a_comment_is_not_content() {
    let kinds = quire::kind::builtin();
    let rules = read(repo().join("tests/fixtures/kinds/group-rules.md"))
        .replace("每天读书打卡，互相监督。", "<!-- 以后再写 -->");
    let s = site(
        "",
        &[(&format!("content/{}/x.md", kinds[0].folder), &rules)],
    );
    let (code, out) = short(s.path(), &[]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("content/group-rules/x.md:6:1: error[empty-element] `定位` has a heading but nothing under it"), "{out}");
}

#[test]
fn commands_need_an_existing_site() {
    let nowhere = TempDir::new().unwrap();
    let missing = nowhere.path().join("nope");
    for args in [vec!["schema", "--root"], vec!["new", "sop", "x", "--root"]] {
        let mut args = args;
        args.push(missing.to_str().unwrap());
        let run = quire(nowhere.path(), &args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&run).starts_with("error: the site folder"),
            "{}",
            stderr(&run)
        );
    }
    assert!(!missing.exists());
    let s = site(RELAXED, &[("content/sop/a.md", "---\ntitle: a\n---\n")]);
    let inside_static = s.path().join("static/site");
    let run = quire(
        s.path(),
        &["build", "--output", inside_static.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("it is inside"), "{}", stderr(&run));
}
