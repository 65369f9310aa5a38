//! What passed the check reaches the reader: the elements a playbook covers
//! by a front-matter field show in a facts box on its page, on the handbook's
//! print page and in the PDF, and an SOP's `steps:` field prints as a step
//! table. The fixture `facts` has one playbook of each built-in kind and one
//! of a kind defined in its `quire.yaml`.

use std::path::Path;

use crate::handbook::build;
use crate::{fixture, read, site, stderr};

/// The facts box of a built page: from its opening tag to the end of its list.
fn facts_box(html: &str) -> Option<&str> {
    let start = html.find("<div class=\"facts\">")?;
    let end = html[start..].find("</dl></div>")? + start + "</dl></div>".len();
    Some(&html[start..end])
}

fn page(root: &Path, dir: &str) -> String {
    read(root.join("public").join(dir).join("index.html"))
}

/// One box of rows, as the partial writes it.
fn expected(rows: &[(&str, &str)]) -> String {
    let rows: String = rows
        .iter()
        .map(|(label, value)| format!("<div><dt>{label}</dt><dd>{value}</dd></div>"))
        .collect();
    format!("<div class=\"facts\"><p class=\"facts-title\">要点</p><dl>{rows}</dl></div>")
}

#[test]
fn each_element_covered_by_a_field_shows_on_its_page() {
    let site = fixture("facts");
    let run = build(site.path(), &["--no-pdf"]);
    assert!(
        stderr(&run).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&run)
    );
    let root = site.path();
    let cases: &[(&str, &[(&str, &str)])] = &[
        // 人数上限 is covered by its heading and by `size_limit:` both.
        (
            "group-rules/core",
            &[("载体", "企业微信群"), ("人数上限", "200 人")],
        ),
        // `owner:` is in the header already, and `steps:` is the timeline.
        ("sop/opening", &[("时间基准", "活动日（开营当天）")]),
        ("sharing/talk", &[("形式", "干货分享"), ("媒介", "图文")]),
        ("cases/qiuye", &[("来源", "《社群运营》课程讲义，第三讲")]),
        // A kind of the site's own: a mix, a list, a duration and a ref.
        (
            "plans/q3",
            &[
                (
                    "内容配比",
                    "干货 40%、生活方式 20%、用户故事 15%、线下活动 15%、公司动态 10%",
                ),
                ("发布渠道", "公众号、社群、视频号"),
                ("复盘周期", "1 个月"),
                (
                    "适用群规",
                    "<a href=\"../../group-rules/core/index.html\">核心群群规</a>",
                ),
            ],
        ),
    ];
    for (dir, rows) in cases {
        let html = page(root, dir);
        assert_eq!(facts_box(&html), Some(expected(rows).as_str()), "{dir}");
        // In the header, after the metadata.
        let header = &html[html.find("<header class=\"playbook-header\">").unwrap()..];
        let header = &header[..header.find("</header>").unwrap()];
        assert!(
            header.find("</dl>\n    <div class=\"facts\">").is_some(),
            "{dir}: {header}"
        );
    }
}

#[test]
fn an_sop_whose_steps_are_a_field_lists_each_step_on_its_page() {
    let site = fixture("facts");
    build(site.path(), &["--no-pdf"]);
    let html = page(site.path(), "sop/opening");
    assert!(!html.contains("<table"), "the body has no step table");
    for step in [
        "<span class=\"step-when\">D-1</span><span class=\"step-who\">助教</span><span class=\"step-action\">预告开营时间</span>",
        "<span class=\"step-when\">D0 20:00</span><span class=\"step-who\">班主任</span><span class=\"step-action\">主持开营仪式</span>",
        "<span class=\"script-text\">欢迎大家来到 {营名}！</span>",
        "<span class=\"step-when\">D+1</span><span class=\"step-who\">小助手</span><span class=\"step-action\">发第一次打卡提醒</span>",
    ] {
        assert!(html.contains(step), "{step}");
    }
}

#[test]
fn the_print_page_shows_each_playbooks_facts_under_its_heading() {
    let site = fixture("facts");
    build(site.path(), &["--no-pdf"]);
    let html = read(site.path().join("public/handbooks/guide/index.html"));
    let boxes: Vec<&str> = html
        .split("<article class=\"playbook\"")
        .skip(1)
        .map(|article| {
            let header = &article[..article.find("</header>").unwrap()];
            facts_box(header).unwrap_or("")
        })
        .collect();
    assert_eq!(
        boxes,
        [
            expected(&[("载体", "企业微信群"), ("人数上限", "200 人")]),
            expected(&[("时间基准", "活动日（开营当天）")]),
            expected(&[("形式", "干货分享"), ("媒介", "图文")]),
            expected(&[("来源", "《社群运营》课程讲义，第三讲")]),
            // The rules are in the handbook, so the link goes to their place in it.
            expected(&[
                (
                    "内容配比",
                    "干货 40%、生活方式 20%、用户故事 15%、线下活动 15%、公司动态 10%"
                ),
                ("发布渠道", "公众号、社群、视频号"),
                ("复盘周期", "1 个月"),
                ("适用群规", "<a href=\"#s1-1\">核心群群规</a>"),
            ]),
        ]
    );
}

#[test]
fn no_facts_no_box_and_front_matter_is_never_html() {
    let site = site(
        "kinds:\n  - {id: group-rules, elements: [{id: platform, name: 载体, field: platform}, {id: size, name: 人数上限, field: size_limit, type: integer}]}\n  - {id: sop, elements: []}\n",
        &[
            (
                "content/group-rules/x.md",
                "---\ntitle: 群规\nplatform: \"<b onclick=alert(1)>微信群</b> & QQ群\"\nsize_limit: 1\n---\n正文。\n",
            ),
            ("content/sop/y.md", "---\ntitle: 没有字段\n---\n正文。\n"),
        ],
    );
    build(site.path(), &["--no-pdf"]);
    let html = page(site.path(), "group-rules/x");
    assert_eq!(
        facts_box(&html),
        Some(
            expected(&[
                (
                    "载体",
                    "&lt;b onclick=alert(1)&gt;微信群&lt;/b&gt; &amp; QQ群"
                ),
                ("人数上限", "1 人"),
            ])
            .as_str()
        )
    );
    assert!(!page(site.path(), "sop/y").contains("class=\"facts\""));
}

#[test]
fn an_english_site_says_key_facts_and_counts_people() {
    let site = site(
        "language: en\nkinds:\n  - {id: group-rules, elements: [{id: size, name: Size limit, field: size_limit, type: integer}, {id: channels, name: Channels, field: channels, type: list}]}\n",
        &[(
            "content/group-rules/x.md",
            "---\ntitle: Rules\nsize_limit: 150\nchannels: [WeChat, QQ]\n---\nText.\n",
        )],
    );
    build(site.path(), &["--no-pdf"]);
    assert_eq!(
        facts_box(&page(site.path(), "group-rules/x")),
        Some("<div class=\"facts\"><p class=\"facts-title\">Key facts</p><dl><div><dt>Size limit</dt><dd>150 people</dd></div><div><dt>Channels</dt><dd>WeChat, QQ</dd></div></dl></div>")
    );
}

#[cfg(feature = "pdf")]
#[test]
fn the_pdf_prints_the_facts_and_a_steps_field_as_a_step_table() {
    if !crate::pdf::pdf_tools() {
        return;
    }
    let site = fixture("facts");
    let run = build(site.path(), &[]);
    assert!(stderr(&run).contains("0 warnings"), "{}", stderr(&run));
    let pdf = site.path().join("public/handbooks/guide.pdf");
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for fact in [
        "要点",
        "企业微信群",
        "200 人",
        "活动日（开营当天）",
        "干货分享",
        "《社群运营》课程讲义，第三讲",
        "公众号、社群、视频号",
    ] {
        assert!(text.contains(fact), "{fact} in {text}");
    }
    // The step table: its header, then each step's time, who, action and script.
    let table = &text[text.find("时间\n").expect("a step table")..];
    for cell in [
        "负责人",
        "动作",
        "话术",
        "D-1",
        "助教",
        "预告开营时间",
        "D0 20:00",
        "班主任",
        "主持开营仪式",
        "欢迎大家来到 {营名}！",
        "D+1",
        "小助手",
        "发第一次打卡提醒",
    ] {
        assert!(table.contains(cell), "{cell} in {table}");
    }
}

#[test]
fn a_rebuild_after_renaming_a_referenced_playbook_shows_its_new_title_in_the_box() {
    use quire::serve::{build_in_memory, watch::Change, Memory};

    let site = fixture("facts");
    let root = site.path();
    let mut memory = Memory::default();
    let quire::base::diagnostic::Warned {
        output: first,
        diagnostics: _,
    } = build_in_memory(root, &mut memory, None).unwrap();
    let first = std::sync::Arc::new(first.unwrap());
    let rules = root.join("content/group-rules/core.md");
    std::fs::write(
        &rules,
        read(&rules).replace("title: 核心群群规", "title: 核心群的规矩"),
    )
    .unwrap();
    memory.forget(&Change {
        playbooks: vec!["content/group-rules/core.md".into()],
        ..Change::default()
    });
    let quire::base::diagnostic::Warned {
        output: again,
        diagnostics: diags,
    } = build_in_memory(root, &mut memory, Some(&first)).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    let again = again.unwrap();
    let plan = String::from_utf8(again.files["plans/q3/index.html"].to_vec()).unwrap();
    assert!(
        facts_box(&plan)
            .unwrap()
            .contains("<a href=\"../../group-rules/core/index.html\">核心群的规矩</a>"),
        "{plan}"
    );
}
