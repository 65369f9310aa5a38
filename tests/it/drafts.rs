//! Drafts and cascades: `quire new` writes a draft and says so, a link to a
//! draft left out of the build is `link-to-draft` (and works under
//! `--drafts`), and a file that cannot be parsed is listed before the links
//! to it, each of which names it as its cause. Every command runs from
//! inside the site folder, as users run it.

use crate::*;

#[test]
fn new_writes_a_draft_and_says_so() {
    let dir = TempDir::new().unwrap();
    let run = quire(dir.path(), &["init", "手册"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let site = dir.path().join("手册");
    // The sample site `init` writes is published as it is: no drafts.
    for entry in walkdir::WalkDir::new(site.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            assert!(
                !read(entry.path()).contains("draft: true"),
                "{}",
                entry.path().display()
            );
        }
    }

    let run = quire(&site, &["new", "sop", "活动", "--title", "周末活动SOP"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(
        stderr(&run),
        "created ./content/sop/活动.md as a draft (it says `draft: true`)\n  \
         fill in each section; `quire check --drafts` lists what is left\n  \
         `quire serve` previews it while you write\n  \
         `quire build` publishes it once you remove `draft: true` (or build with `--drafts`)\n"
    );
    let written = read(site.join("content/sop/活动.md"));
    assert!(
        written.starts_with(
            "---\ntitle: 周末活动SOP\nsummary: 🔲 一句话说明这份SOP话术是做什么的\nowner: 🔲\n\
             reviewed: 2026-11-25\nreview_every: 180d\ntags: []\n\
             draft: true    # 草稿：写完后删掉这一行才会发布（quire build --drafts 也会发布）\n"
        ),
        "{written}"
    );

    // Left out of a plain check and build, so the site still builds…
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(codes(&json), Vec::<String>::new());
    assert_eq!(json["summary"]["playbooks"], 4);
    let run = quire(&site, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!site.join("public/sop/活动").exists());

    // …and with --drafts the file reads as valid front matter: what is
    // reported is only what is left to write, nothing about `draft: true`.
    let (code, json) = check_json(&site, &["--drafts"]);
    assert_eq!(code, Some(1));
    assert_eq!(json["summary"]["playbooks"], 5);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    for d in diagnostics {
        assert_eq!(d["file"], "content/sop/活动.md", "{d}");
        assert!(
            ["empty-element", "placeholder"].contains(&d["code"].as_str().unwrap()),
            "{d}"
        );
        assert_ne!(d["line"], 8, "{d}");
    }
}

#[test]
fn a_link_to_a_draft_says_the_target_is_a_draft() {
    let dir = fixture("drafts/links");
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        [
            "content/glossary.yaml:3:9 error link-to-draft",
            "content/handbooks/活动.yaml:6:15 error link-to-draft",
            "content/sop/报名.md:3:11 error link-to-draft",
            "content/sop/报名.md:8:6 error link-to-draft",
            "content/sop/报名.md:8:26 error link-to-draft",
            // Listed last: the chapter is empty only because of its include.
            "content/handbooks/活动.yaml:5:5 error empty-chapter",
        ]
    );
    let diagnostics = json["diagnostics"].as_array().unwrap();
    for d in &diagnostics[..5] {
        assert_eq!(
            d["message"],
            "`sop/活动` is a draft (`draft: true` in content/sop/活动.md), so this link would lead nowhere in the published site"
        );
        assert_eq!(
            d["help"],
            "remove `draft: true` from content/sop/活动.md to publish it, or build with `--drafts`"
        );
        assert_eq!(d["caused_by"], serde_json::Value::Null);
    }
    assert_eq!(
        diagnostics[5]["caused_by"],
        serde_json::json!({
            "file": "content/handbooks/活动.yaml",
            "line": 6,
            "column": 15,
            "code": "link-to-draft",
        })
    );

    // A build would publish dead links, so it writes nothing.
    let run = quire(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("error[link-to-draft]: `sop/活动` is a draft"),
        "{}",
        stderr(&run)
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn with_drafts_the_links_work_and_the_drafts_own_links_are_checked() {
    let dir = fixture("drafts/links");
    let (code, json) = check_json(dir.path(), &["--drafts"]);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&json), ["content/sop/活动.md:8:18 error broken-link"]);
    assert_eq!(json["diagnostics"][0]["message"], "no playbook `sop/场地`");

    let draft = dir.path().join("content/sop/活动.md");
    std::fs::write(&draft, read(&draft).replace("，场地见[[sop/场地]]", "")).unwrap();
    let run = quire(dir.path(), &["build", "--drafts"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let page = read(dir.path().join("public/sop/报名/index.html"));
    assert!(
        page.contains("href=\"../../sop/%E6%B4%BB%E5%8A%A8/index.html#%E6%AD%A5%E9%AA%A4\""),
        "{page}"
    );
    assert!(dir.path().join("public/sop/活动/index.html").is_file());
}

#[test]
fn an_unreadable_file_is_listed_first_and_the_links_to_it_name_it() {
    let dir = fixture("drafts/cascade");
    let run = quire(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let out = stderr(&run);
    let blocks: Vec<&str> = out.split("\n\n").collect();
    assert_eq!(blocks.len(), 7, "{out}");
    assert!(
        blocks[0].starts_with(
            "error[yaml-syntax]: invalid YAML: this `[` is never closed\n --> content/sop/活动.md:3:7\n"
        ),
        "{out}"
    );
    assert!(!blocks[0].contains("= note:"), "{out}");
    let follow_ons = [
        "content/sop/复盘.md:5:6",
        "content/sop/报名.md:5:7",
        "content/sop/物料.md:5:6",
        "content/sop/签到.md:5:5",
        "content/sop/通知.md:3:11",
    ];
    for (block, at) in blocks[1..6].iter().zip(follow_ons) {
        assert!(
            block.starts_with(&format!(
                "warning[link-to-unreadable]: `sop/活动` could not be read, so this link cannot be checked yet\n --> {at}\n"
            )),
            "{block}"
        );
        assert!(
            block.ends_with(
                "  = note: follows from content/sop/活动.md:3:7 [yaml-syntax]\n  \
                 = help: fix the problem reported in content/sop/活动.md; the link is checked again then"
            ),
            "{block}"
        );
    }
    assert_eq!(
        blocks[6],
        "checked 5 playbooks: 1 error, 5 warnings (5 follow-ons: fix the problems listed first)\n"
    );
}

#[test]
fn the_cause_of_a_follow_on_is_in_every_format() {
    let dir = fixture("drafts/cascade");
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        [
            "content/sop/活动.md:3:7 error yaml-syntax",
            "content/sop/复盘.md:5:6 warning link-to-unreadable",
            "content/sop/报名.md:5:7 warning link-to-unreadable",
            "content/sop/物料.md:5:6 warning link-to-unreadable",
            "content/sop/签到.md:5:5 warning link-to-unreadable",
            "content/sop/通知.md:3:11 warning link-to-unreadable",
        ]
    );
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics[0]["caused_by"], serde_json::Value::Null);
    for d in &diagnostics[1..] {
        assert_eq!(
            d["caused_by"],
            serde_json::json!({
                "file": "content/sop/活动.md",
                "line": 3,
                "column": 7,
                "code": "yaml-syntax",
            }),
            "{d}"
        );
    }

    let run = quire(dir.path(), &["check", "--format", "short"]);
    let lines: Vec<String> = stdout(&run).lines().map(String::from).collect();
    assert_eq!(
        lines[1],
        "content/sop/复盘.md:5:6: warning[link-to-unreadable] `sop/活动` could not be read, so this link cannot be checked yet (follows from content/sop/活动.md:3:7 [yaml-syntax])"
    );

    let run = quire(dir.path(), &["check", "--format", "github"]);
    let lines: Vec<String> = stdout(&run).lines().map(String::from).collect();
    assert_eq!(
        lines[1],
        "::warning file=content/sop/复盘.md,line=5,col=6,endLine=5,endColumn=17,title=link-to-unreadable::`sop/活动` could not be read, so this link cannot be checked yet%0Anote: follows from content/sop/活动.md:3:7 [yaml-syntax]%0Ahelp: fix the problem reported in content/sop/活动.md; the link is checked again then"
    );
}

#[test]
fn unknown_terms_follow_from_a_glossary_that_could_not_be_read() {
    let dir = site(
        RELAXED,
        &[
            (
                "content/glossary.yaml",
                "- term: 邓巴数字\n  definition: [约 150 人\n",
            ),
            (
                "content/sop/a.md",
                "---\ntitle: a\n---\n\n见[[term:邓巴数字]]。\n",
            ),
        ],
    );
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        [
            "content/glossary.yaml:2:15 error yaml-syntax",
            "content/sop/a.md:5:2 error unknown-term",
        ]
    );
    let term = &json["diagnostics"][1];
    assert_eq!(term["message"], "no glossary term `邓巴数字`");
    assert_eq!(
        term["help"],
        "no term could be read from content/glossary.yaml; fix its error first"
    );
    assert_eq!(
        term["caused_by"],
        serde_json::json!({
            "file": "content/glossary.yaml",
            "line": 2,
            "column": 15,
            "code": "yaml-syntax",
        })
    );
}

#[test]
fn links_to_files_that_could_not_be_read_follow_from_their_problem() {
    let dir = site(
        RELAXED,
        &[
            ("content/sop/空.md", ""),
            (
                "content/sop/报名.md",
                "---\ntitle: 报名\n---\n\n见[[活动]]和[空](空.md)。\n",
            ),
        ],
    );
    // 活动 in GBK, as an editor set to the Windows Chinese code page saves it.
    std::fs::write(
        dir.path().join("content/sop/活动.md"),
        b"---\ntitle: \xbb\xee\xb6\xaf\n---\n",
    )
    .unwrap();
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        [
            "content/sop/活动.md:2:8 error invalid-utf8",
            "content/sop/空.md:0:0 warning empty-file",
            "content/sop/报名.md:5:2 warning link-to-unreadable",
            // An error: an empty file's warning alone would let the build
            // publish this dead link.
            "content/sop/报名.md:5:9 error link-to-unreadable",
        ]
    );
    let d = &json["diagnostics"];
    assert_eq!(
        d[2]["caused_by"],
        serde_json::json!({"file": "content/sop/活动.md", "line": 2, "column": 8, "code": "invalid-utf8"})
    );
    assert_eq!(
        d[3]["message"],
        "`sop/空` is an empty file, so it has no page and this link leads nowhere"
    );
    assert_eq!(
        d[3]["caused_by"],
        serde_json::json!({"file": "content/sop/空.md", "line": 0, "column": 0, "code": "empty-file"})
    );
}

#[test]
fn a_draft_in_the_same_folder_is_what_a_short_link_means_with_or_without_drafts() {
    let dir = site(
        "kinds:\n  - {id: sop, elements: []}\n  - {id: case-study, elements: []}\n",
        &[
            (
                "content/sop/签到.md",
                "---\ntitle: 签到SOP\ndraft: true\n---\n",
            ),
            ("content/cases/签到.md", "---\ntitle: 签到案例\n---\n"),
            (
                "content/sop/报名.md",
                "---\ntitle: 报名\n---\n\n见[[签到]]。\n",
            ),
        ],
    );
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        ["content/sop/报名.md:5:2 error link-to-draft"]
    );
    assert_eq!(
        json["diagnostics"][0]["message"],
        "`sop/签到` is a draft (`draft: true` in content/sop/签到.md), so this link would lead nowhere in the published site"
    );
    let run = quire(dir.path(), &["build", "--drafts"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let page = read(dir.path().join("public/sop/报名/index.html"));
    assert!(page.contains(">签到SOP</a>"), "{page}");
}
