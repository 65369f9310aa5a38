//! `quire check`: every diagnostic code at its exact line and column, the
//! four output formats, element coverage per built-in kind (complete, missing,
//! empty and aliased elements), user-defined kinds, `new` and `schema`.

use std::path::Path;

use quire::input::kind::{self, Kind};
use quire::markdown::outline::normalize_heading;

use crate::*;

#[test]
fn every_code_is_reported_at_its_line_and_column() {
    let site = fixture("broken");
    let (code, json) = check_json(site.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        [
            "content/cases/case.md:3:7 error unknown-kind",
            "content/group-rules/big-core.md:1:1 warning missing-element",
            "content/group-rules/big-core.md:4:13 error size-over-platform",
            "content/group-rules/big-core.md:4:13 warning core-over-dunbar",
            "content/group-rules/big-core.md:6:11 warning review-overdue",
            "content/group-rules/big-core.md:26:1 error empty-element",
            "content/group-rules/big-core.md:28:1 warning placeholder",
            "content/misc/bad-yaml.md:2:8 error yaml-syntax",
            "content/misc/dup.yaml:0:0 error duplicate-id",
            "content/sop/welcome.md:6:15 error invalid-date",
            "content/sop/welcome.md:19:3 warning steps-out-of-order",
            "content/sop/welcome.md:19:9 warning unknown-role",
            "content/sop/welcome.md:20:3 error invalid-step",
            "content/sop/welcome.md:25:12 warning undefined-variable",
            "content/sop/welcome.md:32:1 error empty-element",
            "quire.yaml:2:1 warning unknown-key",
        ]
    );
    assert_eq!(
        json["summary"],
        serde_json::json!({"playbooks": 4, "errors": 8, "warnings": 8})
    );
    let help = |code: &str| {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .unwrap()["help"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(help("unknown-kind").contains("did you mean `case-study`?"));
    assert_eq!(help("unknown-key"), "did you mean `language`?");
}

#[test]
fn output_formats() {
    let site = fixture("broken");
    let run = quire(site.path(), &["check", "--format", "human"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stdout.is_empty());
    insta::assert_snapshot!("broken_human", stderr(&run));
    // The formats for programs go to stdout, so they can be piped.
    for format in ["short", "github", "json"] {
        let run = quire(site.path(), &["check", "--format", format]);
        assert_eq!(run.status.code(), Some(1));
        assert!(run.stderr.is_empty(), "{format}: {}", stderr(&run));
        insta::assert_snapshot!(format!("broken_{format}"), stdout(&run));
    }
}

/// The broken site says `language: zh-CN`: run as its author runs it, every
/// message and help is Chinese; `--lang en` (or `QUIRE_LANG=en`, as every
/// other test runs) is English, and the JSON differs only in the texts.
#[test]
fn the_broken_site_speaks_its_language_and_english_on_request() {
    let site = fixture("broken");
    let zh = quire_as_author(site.path(), &["check"]);
    assert_eq!(zh.status.code(), Some(1));
    insta::assert_snapshot!("broken_human_zh", stderr(&zh));
    let en = quire_as_author(site.path(), &["check", "--lang", "en"]);
    assert_eq!(stderr(&en), stderr(&quire(site.path(), &["check"])));

    let json = |args: &[&str]| -> serde_json::Value {
        let run = quire_as_author(site.path(), args);
        serde_json::from_slice(&run.stdout).unwrap()
    };
    let mut zh = json(&["check", "--format", "json"]);
    let mut en = json(&["check", "--format", "json", "--lang", "en"]);
    insta::assert_snapshot!("broken_json_zh", serde_json::to_string_pretty(&zh).unwrap());
    let has_chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for (zh, en) in zh["diagnostics"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(en["diagnostics"].as_array_mut().unwrap())
    {
        for key in ["message", "help"] {
            if let Some(text) = zh[key].as_str() {
                assert!(has_chinese(text), "{key} not in Chinese: {text}");
                assert_ne!(zh[key], en[key], "{key}: {text}");
            }
            assert_eq!(zh[key].is_null(), en[key].is_null(), "{key}");
            zh[key] = serde_json::Value::Null;
            en[key] = serde_json::Value::Null;
        }
    }
    assert_eq!(zh, en);
}

/// A Chinese paragraph is one long line: the snippet is cut around the
/// span to fit 100 columns, and the caret stays under the link.
#[test]
fn a_long_chinese_line_is_cut_to_fit_a_terminal_with_the_caret_in_place() {
    use unicode_width::UnicodeWidthStr;
    let before = "新成员入群后先阅读群公告，".repeat(12);
    let after = "，有问题请私信小助手处理。".repeat(11);
    let line = format!("{before}[[sop/不存在]]{after}");
    assert!(line.chars().count() > 300);
    let s = site(
        RELAXED,
        &[(
            "content/sop/a.md",
            &format!("---\ntitle: 入群\n---\n\n{line}\n"),
        )],
    );
    for lang in ["en", "zh-CN"] {
        let run = quire(s.path(), &["check", "--lang", lang]);
        let out = stderr(&run);
        for l in out.lines() {
            assert!(l.width() <= 100, "{} columns: {l}", l.width());
        }
        let lines: Vec<&str> = out.lines().collect();
        let source = lines.iter().position(|l| l.starts_with("5 | ")).unwrap();
        let (text, carets) = (lines[source], lines[source + 1]);
        assert!(
            text.starts_with("5 | ...") && text.ends_with("..."),
            "{text}"
        );
        let at = carets.find('^').unwrap();
        // The caret's column is the display width of the text before the link.
        let link = text.find("[[sop/不存在]]").unwrap();
        assert_eq!(text[..link].width(), at, "{text}\n{carets}");
        assert_eq!(
            carets[at..].trim_end(),
            "^".repeat("[[sop/不存在]]".width())
        );
    }
}

#[test]
fn sample_content_passes_strict_check() {
    let run = quire(&repo(), &["check", "--strict"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(stderr(&run), "checked 16 playbooks: 0 errors, 0 warnings\n");
}

#[test]
fn strict_turns_warnings_into_failure() {
    let site = TempDir::new().unwrap();
    let rules = read(repo().join("tests/fixtures/kinds/group-rules.md"))
        .replace("## 群文化", "## 别的")
        .replace("每次打卡以", "TODO 每次打卡以");
    write_playbook(site.path(), "group-rules", &rules);
    let run = quire(site.path(), &["check"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let run = quire(site.path(), &["check", "--strict"]);
    assert_eq!(run.status.code(), Some(1));
    let run = quire(site.path(), &["build", "--strict"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!site.path().join("public").exists());
}

fn write_playbook(root: &Path, folder: &str, text: &str) {
    let dir = root.join("content").join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("x.md"), text).unwrap();
}

/// Checks one playbook in a fresh site, in-process.
fn diagnostics_for(kind: &Kind, text: &str) -> Vec<String> {
    let site = TempDir::new().unwrap();
    write_playbook(site.path(), &kind.folder, text);
    let options = quire::build::LoadOptions::default();
    let mut diags = quire::build::load_site(site.path(), &options)
        .unwrap()
        .diagnostics;
    quire::base::diagnostic::sort(&mut diags);
    diags
        .iter()
        .map(|d| format!("{}:{} {}", d.line, d.column, d.code))
        .collect()
}

/// Splits a playbook at its `## ` headings: (front matter, [(heading, section)]).
fn sections(text: &str) -> (String, Vec<(String, String)>) {
    let mut parts = text.split("\n## ");
    let head = parts.next().unwrap().to_string();
    let secs = parts
        .map(|p| {
            let (h, body) = p.split_once('\n').unwrap();
            (h.to_string(), body.to_string())
        })
        .collect();
    (head, secs)
}

fn join(head: &str, secs: &[(String, String)]) -> String {
    let mut out = head.to_string();
    for (h, body) in secs {
        out.push_str(&format!("\n## {h}\n{body}"));
    }
    out
}

fn line_of(text: &str, heading: &str) -> usize {
    text.lines()
        .position(|l| l == format!("## {heading}"))
        .unwrap()
        + 1
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_graphic() {
                char::from_u32(c as u32 + 0xFEE0).unwrap()
            } else {
                c
            }
        })
        .collect()
}

#[test]
fn each_builtin_kind_complete_missing_empty_and_aliased() {
    let numbering = [
        "一、{}",
        "（二）{}",
        "3. {}",
        "第四步：{}",
        "１．{}",
        "(6) {}",
    ];
    let mut variants = 0;
    for kind in kind::builtin() {
        let text = read(
            repo()
                .join("tests/fixtures/kinds")
                .join(format!("{}.md", kind.id)),
        );
        assert!(
            diagnostics_for(&kind, &text).is_empty(),
            "{} complete: {:?}",
            kind.id,
            diagnostics_for(&kind, &text)
        );
        let (head, secs) = sections(&text);
        for (n, e) in kind.elements.iter().enumerate() {
            let names: Vec<String> = std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(|s| normalize_heading(s))
                .collect();
            let i = secs
                .iter()
                .position(|(h, _)| names.contains(&normalize_heading(h)))
                .unwrap_or_else(|| panic!("{}: no heading for {}", kind.id, e.id));
            let severity_code = "missing-element";

            let mut missing = secs.clone();
            missing.remove(i);
            assert_eq!(
                diagnostics_for(&kind, &join(&head, &missing)),
                [format!("1:1 {severity_code}")],
                "{} without {}",
                kind.id,
                e.id
            );

            let mut empty = secs.clone();
            empty[i].1 = "\n待定\n".into();
            let empty_text = join(&head, &empty);
            let line = line_of(&empty_text, &secs[i].0);
            assert_eq!(
                diagnostics_for(&kind, &empty_text),
                [
                    format!("{line}:1 empty-element"),
                    format!("{}:1 placeholder", line + 2)
                ],
                "{} with {} empty",
                kind.id,
                e.id
            );

            let alias = e
                .aliases
                .iter()
                .find(|a| normalize_heading(a) != normalize_heading(&secs[i].0))
                .unwrap();
            let alias = if alias.is_ascii() && n % 2 == 0 {
                full_width(alias)
            } else {
                alias.clone()
            };
            let mut aliased = secs.clone();
            aliased[i].0 = numbering[n % numbering.len()].replace("{}", &alias);
            assert!(
                diagnostics_for(&kind, &join(&head, &aliased)).is_empty(),
                "{} with {} as `{}`",
                kind.id,
                e.id,
                aliased[i].0
            );
            variants += 3;
        }
    }
    assert!(variants >= 90, "{variants}");
}

#[test]
fn fields_cover_elements_and_are_type_checked() {
    let kinds = kind::builtin();
    let rules = &kinds[0];
    let text = read(repo().join("tests/fixtures/kinds/group-rules.md"));
    let (head, secs) = sections(&text);
    let without: Vec<_> = secs
        .iter()
        .filter(|(h, _)| h != "载体" && h != "人数上限")
        .cloned()
        .collect();
    let with_fields = join(
        &head.replace("summary:", "platform: QQ群\nsize_limit: 1500\nsummary:"),
        &without,
    );
    assert!(diagnostics_for(rules, &with_fields).is_empty());
    let bad = join(
        &head.replace("summary:", "platform: QQ群\nsize_limit: \"很多\"\nsummary:"),
        &without,
    );
    assert_eq!(diagnostics_for(rules, &bad), ["4:13 wrong-type"]);
    let too_big = join(
        &head.replace("summary:", "platform: QQ群\nsize_limit: 2500\nsummary:"),
        &without,
    );
    assert_eq!(
        diagnostics_for(rules, &too_big),
        ["4:13 size-over-platform"]
    );

    let sharing = &kinds[2];
    let text = read(repo().join("tests/fixtures/kinds/sharing-format.md"));
    let (head, secs) = sections(&text);
    let without: Vec<_> = secs.iter().filter(|(h, _)| h != "形式").cloned().collect();
    let wrong = join(
        &head.replace("summary:", "format: 干货分亨\nsummary:"),
        &without,
    );
    assert_eq!(diagnostics_for(sharing, &wrong), ["3:9 unknown-value"]);
}

#[test]
fn steps_in_front_matter_are_checked_like_a_table() {
    let kinds = kind::builtin();
    let sop = &kinds[1];
    let text = read(repo().join("tests/fixtures/kinds/sop.md"));
    let (head, secs) = sections(&text);
    let without: Vec<_> = secs.iter().filter(|(h, _)| h != "步骤").cloned().collect();
    let steps = "steps:\n  - {when: D-1, who: 助教, action: 拉群}\n  - {when: D-3, who: 主持人, action: 预告}\n  - {when: 后天, who: 助教, action: 回访}\nsummary:";
    let diags = diagnostics_for(sop, &join(&head.replace("summary:", steps), &without));
    assert_eq!(
        diags,
        [
            "5:12 steps-out-of-order",
            "5:22 unknown-role",
            "6:12 invalid-step"
        ]
    );
}

#[test]
fn a_user_defined_kind_is_enforced_without_code() {
    let site = fixture("custom-kind");
    let (code, json) = check_json(site.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        [
            "content/fission/spring.md:1:1 error missing-element",
            "content/plans/q3.md:4:3 error mix-not-100",
            "content/sop/relaxed.md:1:1 warning missing-element",
        ]
    );
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages[0], "missing element: 落地页 (landing-page)");
    assert_eq!(messages[1], "the parts of `mix` add up to 90%, not 100%");
}

#[test]
fn new_writes_a_playbook_that_check_reports_until_filled() {
    let site = TempDir::new().unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    let run = quire(
        site.path(),
        &[
            "new",
            "sharing-format",
            "晚间分享",
            "--title",
            "晚间分享: 图文",
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let path = site.path().join("content/sharing/晚间分享.md");
    assert!(read(&path).starts_with("---\ntitle: \"晚间分享: 图文\"\n"));
    // `quire new` writes a draft, so only a check of drafts reads it.
    let (code, json) = check_json(site.path(), &["--drafts"]);
    assert_eq!(code, Some(1));
    let empty = codes(&json)
        .iter()
        .filter(|c| c.ends_with("error empty-element"))
        .count();
    assert_eq!(empty, 8, "{:?}", codes(&json));
    let run = quire(site.path(), &["new", "sharing-format", "晚间分享"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("refusing to overwrite"));
    let run = quire(site.path(), &["new", "nope", "x"]);
    assert!(stderr(&run).contains(
        "unknown kind `nope`; known kinds: group-rules, sop, sharing-format, case-study"
    ));
}

#[test]
fn schema_describes_each_kinds_front_matter() {
    let site = fixture("custom-kind");
    let run = quire(site.path(), &["schema", "--out", "schemas"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let rules: serde_json::Value =
        serde_json::from_str(&read(site.path().join("schemas/group-rules.schema.json"))).unwrap();
    assert_eq!(rules["properties"]["size_limit"]["type"], "integer");
    assert_eq!(rules["properties"]["size_limit"]["minimum"], 1);
    let sharing: serde_json::Value = serde_json::from_str(&read(
        site.path().join("schemas/sharing-format.schema.json"),
    ))
    .unwrap();
    assert_eq!(
        sharing["properties"]["medium"]["enum"],
        serde_json::json!(["语音", "图文", "视频", "直播"])
    );
    let sop: serde_json::Value =
        serde_json::from_str(&read(site.path().join("schemas/sop.schema.json"))).unwrap();
    assert_eq!(
        sop["properties"]["steps"]["items"]["required"],
        serde_json::json!(["when", "who", "action"])
    );
    assert!(site
        .path()
        .join("schemas/fission-campaign.schema.json")
        .is_file());
    let plan: serde_json::Value =
        serde_json::from_str(&read(site.path().join("schemas/content-plan.schema.json"))).unwrap();
    assert_eq!(plan["properties"]["mix"]["type"], "object");
}

#[test]
fn coverage_page_and_badges() {
    let site = TempDir::new().unwrap();
    let rules = read(repo().join("tests/fixtures/kinds/group-rules.md"));
    let (head, secs) = sections(&rules);
    let without_culture: Vec<_> = secs
        .iter()
        .filter(|(h, _)| h != "群文化")
        .cloned()
        .collect();
    write_playbook(site.path(), "group-rules", &join(&head, &without_culture));
    let run = quire(site.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).ends_with(": 0 errors, 1 warning\n"),
        "{}",
        stderr(&run)
    );
    let public = site.path().join("public");
    let coverage = read(public.join("coverage/index.html"));
    assert!(coverage.contains("<section class=\"coverage-kind\" id=\"kind-group-rules\">"));
    let row = coverage.split("<tbody>").nth(1).unwrap();
    assert_eq!(row.matches("class=\"cell covered\"").count(), 9);
    assert_eq!(row.matches("class=\"cell optional\"").count(), 1);
    assert!(row.contains("<td class=\"score\">9/9</td>"));
    assert!(coverage.contains("<strong>100%</strong> <span class=\"count\">9/9</span>"));
    let page = read(public.join("group-rules/x/index.html"));
    assert!(
        page.contains("href=\"../../coverage/index.html#kind-group-rules\">9/9 要素</a>"),
        "{page}"
    );
}

#[test]
fn file_level_codes() {
    let site = TempDir::new().unwrap();
    let root = site.path();
    let rules = read(repo().join("tests/fixtures/kinds/group-rules.md"));
    write_playbook(root, "group-rules", &rules);
    let dir = root.join("content/group-rules");
    // Same page as x.md through its slug.
    std::fs::write(
        dir.join("y.md"),
        rules.replace("summary:", "slug: x\nsummary:"),
    )
    .unwrap();
    // GBK bytes on line 3, after two good lines.
    std::fs::write(
        dir.join("gbk.md"),
        [
            b"---\ntitle: ok\n".as_slice(),
            b"owner: \xd6\xd0\xce\xc4\n---\n",
        ]
        .concat(),
    )
    .unwrap();
    std::fs::write(dir.join("open.md"), "---\ntitle: 未结束\n").unwrap();
    std::os::unix::fs::symlink(dir.join("x.md"), dir.join("link.md")).unwrap();
    let (code, json) = check_json(root, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        [
            "content/group-rules/gbk.md:3:8 error invalid-utf8",
            "content/group-rules/link.md:0:0 warning symlink-skipped",
            "content/group-rules/open.md:1:1 error unterminated-front-matter",
            "content/group-rules/y.md:3:7 error duplicate-url",
        ]
    );
}

#[test]
fn front_matter_keys_quire_does_not_read_are_named() {
    let playbook =
        "---\ntitle: 读书会群规\nowener: 王芳\n平台: 企业微信群\nlayout: doc\n---\n\n正文。\n";
    let dir = site(
        "kinds:\n  - id: group-rules\n    elements:\n      - {id: platform, name: 载体, aliases: [平台], field: platform}\n",
        &[("content/group-rules/book.md", playbook)],
    );
    let (code, json) = check_json(dir.path(), &[]);
    // `平台:` is ignored, so the platform is missing: the warning says why.
    assert_eq!(code, Some(1), "{json}");
    assert_eq!(json["diagnostics"][0]["code"], "missing-element");
    let found: Vec<(String, String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-field")
        .map(|d| {
            (
                format!("{}:{}", d["line"], d["column"]),
                d["message"].as_str().unwrap().to_string(),
                d["help"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = |pos: &str, message: &str, help: &str| {
        (pos.to_string(), message.to_string(), help.to_string())
    };
    assert_eq!(
        found,
        [
            expect(
                "3:1",
                "unknown field `owener`",
                "did you mean `owner:`? quire ignores `owener:`"
            ),
            expect(
                "4:1",
                "unknown field `平台`",
                "did you mean `platform:`? quire ignores `平台:`"
            ),
            expect(
                "5:1",
                "`layout` is a Jekyll and VitePress field that quire does not use",
                "quire ignores `layout:`; a theme under themes/ changes every page's layout"
            ),
        ]
    );
}

#[test]
fn full_width_commas_in_a_list_are_separate_items_each_reported() {
    let playbook = "---\ntitle: 宝妈读书会\ntags: [读书会，分享、宝妈]\n---\n\n正文。\n";
    let dir = site(RELAXED, &[("content/sop/book.md", playbook)]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(
        codes(&json),
        [
            "content/sop/book.md:3:11 warning full-width-punctuation",
            "content/sop/book.md:3:14 warning full-width-punctuation",
        ]
    );
    assert_eq!(
        json["diagnostics"][0]["help"],
        "quire read `tags` as 3 items (读书会, 分享, 宝妈); write `[读书会, 分享, 宝妈]` to say so"
    );
    // One page per tag, not one for the whole run.
    let run = quire(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    for tag in ["读书会", "分享", "宝妈"] {
        assert!(
            dir.path()
                .join("public/tags")
                .join(tag)
                .join("index.html")
                .exists(),
            "{tag}"
        );
    }
}

#[test]
fn a_full_width_colon_after_a_key_is_read_as_a_colon_and_named_where_it_stands() {
    let typed = "---\ntitle：宝妈读书会群规\nsummary: 群规\n---\n\n正文。\n";
    let alone = "---\ntitle：只有一行\n---\n\n正文。\n";
    let linker = "---\ntitle: 链接\n---\n\n见[群规](typed.md)和[[sop/alone]]。\n";
    let dir = site(
        RELAXED,
        &[
            ("content/sop/typed.md", typed),
            ("content/sop/alone.md", alone),
            ("content/sop/linker.md", linker),
        ],
    );
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        codes(&json),
        [
            "content/sop/alone.md:2:6 warning full-width-punctuation",
            "content/sop/typed.md:2:6 warning full-width-punctuation",
        ]
    );
    let first = &json["diagnostics"][1];
    assert_eq!(
        first["message"],
        "the `：` here is a full-width colon; quire read it as the `:` after a key"
    );
    assert_eq!(
        first["help"],
        "write `title: 宝妈读书会群规`, with a half-width `:` and a space"
    );
}

#[test]
fn a_full_width_colon_is_still_named_when_reading_it_as_one_does_not_help() {
    // `tags: [a, b` stays broken whatever the colon is: the colon, being
    // the likelier slip, is what the error names.
    let broken = "---\ntitle：宝妈读书会群规\ntags: [a, b\n---\n\n正文。\n";
    let linker = "---\ntitle: 链接\n---\n\n见[群规](broken.md)。\n";
    let dir = site(
        RELAXED,
        &[
            ("content/sop/broken.md", broken),
            ("content/sop/linker.md", linker),
        ],
    );
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        [
            "content/sop/broken.md:2:6 error yaml-syntax",
            "content/sop/linker.md:5:2 warning link-to-unreadable",
        ]
    );
    assert_eq!(
        json["diagnostics"][0]["message"],
        "invalid YAML: the `：` here is a full-width colon; a key needs `:` and a space"
    );
}
