//! A first draft written the way a new author writes: natural headings, a
//! numbered step list with clock times, full-width commas and colons from a
//! Chinese input method, a misspelled key. It must pass with exactly the
//! warnings that name those slips, and lose nothing the author meant.

use crate::{fixture, quire, read, stderr};

/// The exit code, `file:line:col severity code` of each diagnostic, and the
/// report of `quire check --format json`.
fn diagnostics(cwd: &std::path::Path) -> (Option<i32>, Vec<String>, serde_json::Value) {
    let (code, json) = crate::check_json(cwd, &[]);
    (code, crate::codes(&json), json)
}

#[test]
fn a_newcomers_first_draft_passes_with_a_warning_at_each_slip() {
    let dir = fixture("newcomer");
    let (code, list, json) = diagnostics(dir.path());
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(
        list,
        [
            "content/group-rules/baoma-reading.md:3:1 warning unknown-field",
            "content/group-rules/baoma-reading.md:4:11 warning full-width-punctuation",
            "content/group-rules/baoma-reading.md:4:14 warning full-width-punctuation",
            "content/sop/launch-night.md:2:6 warning full-width-punctuation",
        ]
    );
    assert_eq!(
        json["diagnostics"][0]["help"],
        "did you mean `owner:`? quire ignores `owener:`"
    );

    // As the README says: from inside the site, no flags.
    let out = quire(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 errors, 4 warnings"),
        "{}",
        stderr(&out)
    );
    let public = dir.path().join("public");
    // The full-width commas made three tags, not one.
    for tag in ["读书会", "分享", "宝妈"] {
        assert!(
            public.join("tags").join(tag).join("index.html").is_file(),
            "{tag}"
        );
    }
    // The title typed with `：` is the page's title.
    let launch = read(public.join("sop/launch-night/index.html"));
    assert!(launch.contains("<h1>新品直播之夜 SOP</h1>"), "{launch}");
    // The numbered steps with clock times are the timeline, on a clock axis.
    assert!(
        launch.contains(">18:00<") && launch.contains(">21:00<"),
        "{launch}"
    );
    assert!(!launch.contains("min<"), "{launch}");
    // 当天 20:00, 次日 and 第7天 are steps of the week's timeline, one lane per role.
    let week = read(public.join("sop/newcomer-week/index.html"));
    for lane in [">班主任</text>", ">助教</text>", ">D0</text>", ">5</text>"] {
        assert!(week.contains(lane), "{lane}");
    }
}

#[test]
fn the_same_draft_with_one_element_missing_gets_one_error_naming_the_closest_heading() {
    let dir = fixture("newcomer");
    let rules = dir.path().join("content/group-rules/baoma-reading.md");
    let text = read(&rules).replace("## 七、定期清理", "## 七、潜水的朋友");
    std::fs::write(&rules, text).unwrap();
    let (code, list, json) = diagnostics(dir.path());
    assert_eq!(code, Some(1));
    let errors: Vec<&String> = list.iter().filter(|d| d.contains(" error ")).collect();
    assert_eq!(
        errors,
        ["content/group-rules/baoma-reading.md:1:1 error missing-element"]
    );
    let error = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap();
    assert_eq!(error["message"], "missing element: 清理机制 (cleanup)");
    let help = error["help"].as_str().unwrap();
    assert!(
        help.contains("if `## 七、潜水的朋友` is meant to cover it, rename it to `## 清理机制`"),
        "{help}"
    );
    // The line the help offers, added to quire.yaml as it stands, makes the heading count.
    let line = help
        .rsplit_once("quire.yaml: `")
        .unwrap()
        .1
        .trim_end_matches('`');
    assert_eq!(
        line,
        r#"kinds: [{id: group-rules, aliases: {cleanup: ["潜水的朋友"]}}]"#
    );
    let config = dir.path().join("quire.yaml");
    std::fs::write(&config, format!("{}{line}\n", read(&config))).unwrap();
    let (code, list, _) = diagnostics(dir.path());
    assert_eq!(code, Some(0), "{list:?}");
    assert_eq!(list.len(), 4, "{list:?}");
}

#[test]
fn a_script_under_a_label_inside_a_days_section_covers_the_scripts() {
    let sop = "---\ntitle: 七天入营\nowner: 陈晓\nanchor: 开营日\n---\n\n## 目标\n\n留存八成。\n\n## 步骤\n\n1. D0 班主任：发欢迎语\n2. D+1 助教：提醒打卡\n\n### 第1天\n\n话术：\n\n> 欢迎来到训练营！\n\n### 第2天\n\n**话术：** 今天记得打卡哦\n\n## 指标\n\n打卡率。\n\n## 复盘\n\n第八天复盘。\n";
    let dir = crate::site("title: t\n", &[("content/sop/week.md", sop)]);
    let (code, list, _) = diagnostics(dir.path());
    assert_eq!(code, Some(0), "{list:?}");
    assert!(list.is_empty(), "{list:?}");
    // Without the labels the scripts are missing.
    let unlabelled = sop.replace("话术：\n", "").replace("**话术：** ", "");
    std::fs::write(dir.path().join("content/sop/week.md"), unlabelled).unwrap();
    let (code, list, _) = diagnostics(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(list, ["content/sop/week.md:1:1 error missing-element"]);
}

#[test]
fn steps_written_each_as_a_section_with_labelled_lines_are_the_timeline() {
    let sop = "---\ntitle: 七天培育\nowner: 婷婷\nanchor: 入群当天\n---\n\n## 目标\n\n首周复购。\n\n## 7天流程\n\n### 第1天：欢迎\n\n- **时间**：进群后 10 分钟内\n- **谁做**：社群运营\n- **动作**：群里欢迎新人\n\n### 第2天：私聊破冰\n\n- **时间**：上午10点\n- **谁做**：专属顾问\n\n话术：您好，我是您的专属顾问～\n\n## 指标\n\n复购率。\n\n## 复盘\n\n第八天复盘。\n";
    let dir = crate::site("title: t\n", &[("content/sop/week.md", sop)]);
    let (code, list, _) = diagnostics(dir.path());
    assert_eq!(code, Some(0), "{list:?}");
    assert!(list.is_empty(), "{list:?}");
    let out = quire(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = read(dir.path().join("public/sop/week/index.html"));
    for part in [
        ">社群运营</text>",
        ">专属顾问</text>",
        ">D+1</text>",
        "第2天 上午10点",
        "群里欢迎新人",
        // No 动作 line: the heading says what the step is.
        "私聊破冰",
    ] {
        assert!(page.contains(part), "{part}");
    }

    // A section that names nobody leaves the steps prose, and says so.
    let nobody = sop.replace("- **谁做**：专属顾问\n", "");
    std::fs::write(dir.path().join("content/sop/week.md"), nobody).unwrap();
    let (code, list, _) = diagnostics(dir.path());
    assert_eq!(code, Some(0));
    assert_eq!(
        list,
        ["content/sop/week.md:11:1 warning unstructured-steps"]
    );
}

#[test]
fn a_label_inside_another_elements_section_belongs_to_that_section() {
    let dir = fixture("newcomer");
    let rules = dir.path().join("content/group-rules/baoma-reading.md");
    let text = read(&rules);
    let start = text.find("## 九、管理员").unwrap();
    // The roles only as a label under the speaking rules: not covered.
    let speaking = text[..start].replace(
        "- 聊天可以，刷屏不行",
        "- 群主：王琳，负责选书\n- 聊天可以，刷屏不行",
    );
    std::fs::write(&rules, &speaking).unwrap();
    let (code, list, json) = diagnostics(dir.path());
    assert_eq!(code, Some(1), "{list:?}");
    let error = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap();
    assert_eq!(error["message"], "missing element: 角色分工 (roles)");
    // The same label under a heading no element has covers them.
    let aside = format!("{}## 其他\n\n- 群主：王琳，负责选书\n", &text[..start]);
    std::fs::write(&rules, aside).unwrap();
    let (code, list, _) = diagnostics(dir.path());
    assert_eq!(code, Some(0), "{list:?}");
}

#[test]
fn a_body_that_opens_with_its_title_as_a_heading_shows_it_once() {
    let dir = crate::site(
        crate::RELAXED,
        &[
            // No title: the opening heading is the title.
            (
                "content/sop/a.md",
                "---\nowner: 王琳\n---\n\n# 宝妈读书会群规\n\n正文。\n",
            ),
            // The title written twice, as an editor's template does.
            (
                "content/sop/b.md",
                "---\ntitle: 开播 SOP\n---\n# 开播 SOP\n\n正文。\n",
            ),
            // A different opening heading is the author's and stays.
            (
                "content/sop/c.md",
                "---\ntitle: 接待\n---\n\n# 第一部分\n\n正文。\n",
            ),
        ],
    );
    let out = quire(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let h1s = |id: &str| {
        let page = read(dir.path().join(format!("public/sop/{id}/index.html")));
        page.matches("<h1").count()
    };
    let a = read(dir.path().join("public/sop/a/index.html"));
    assert!(a.contains("<title>宝妈读书会群规 · "), "{a}");
    assert_eq!(h1s("a"), 1);
    assert_eq!(h1s("b"), 1);
    assert_eq!(h1s("c"), 2);
}

#[test]
fn description_and_lastmod_from_other_generators_are_the_summary_and_review_date() {
    let dir = crate::site(
        crate::RELAXED,
        &[
            (
                "content/sop/a.md",
                "---\ntitle: 迁移来的页面\ndescription: 从 Hugo 搬来的一句话介绍\nlastmod: 2026-11-20T10:00:00+08:00\n---\n\n正文。\n",
            ),
            (
                "content/sop/b.md",
                "---\ntitle: 两个都写了\nsummary: 摘要\ndescription: 另一个摘要\n---\n\n正文。\n",
            ),
        ],
    );
    let (code, list, json) = diagnostics(dir.path());
    assert_eq!(code, Some(0), "{list:?}");
    assert_eq!(list, ["content/sop/b.md:4:1 warning unknown-field"]);
    assert_eq!(
        json["diagnostics"][0]["message"],
        "`description` is not used: this playbook sets `summary:`, which it stands in for"
    );
    let out = quire(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = read(dir.path().join("public/sop/a/index.html"));
    assert!(page.contains("从 Hugo 搬来的一句话介绍"), "{page}");
    assert!(page.contains("2026-11-20"), "{page}");
}

#[test]
fn a_script_pointer_to_a_label_and_a_folder_like_a_kinds_are_told_what_to_write() {
    let sop = "---\ntitle: 开播\nowner: 李然\nanchor: 直播当天\n---\n\n## 目标\n\n破千。\n\n## 步骤\n\n| 时间 | 谁 | 做什么 | 话术/备注 |\n|---|---|---|---|\n| 20:00 | 主播 | 开播 | 见“开场话术” |\n\n## 话术\n\n开场话术（主播）：\n\n> 大家好！\n\n## 指标\n\n人数。\n\n## 复盘\n\n次日。\n";
    let rules = "---\ntitle: 群规\n---\n\n## 定位\n\n学习。\n";
    let dir = crate::site(
        "title: t\n",
        &[("content/sop/live.md", sop), ("content/rules/a.md", rules)],
    );
    let (code, list, json) = diagnostics(dir.path());
    assert_eq!(code, Some(0));
    assert_eq!(
        list,
        [
            "content/rules/a.md:1:1 warning folder-like-kind",
            "content/sop/live.md:15:21 warning broken-script-ref",
        ]
    );
    let help = |i: usize| json["diagnostics"][i]["help"].as_str().unwrap().to_string();
    assert_eq!(
        help(0),
        "to check it as group-rules, move the file into content/group-rules/, add `kind: group-rules` to its front matter, or make `rules/` that kind's folder in quire.yaml (then all its files live there): `folders: {rules: group-rules}`"
    );
    assert_eq!(
        help(1),
        "line 19 (`开场话术（主播）：`) names it as a label, which the checklist cannot show; make it a heading over the script, `### 开场话术（主播）`"
    );
}
