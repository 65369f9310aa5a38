//! Handbooks: the definitions' diagnostics, the print page (selection and
//! order, in-handbook links, unique ids, the glossary appendix), SOP
//! checklists and `--handbook`. The PDF is tested in `pdf.rs`.

use std::collections::HashSet;
use std::path::Path;

use crate::{fixture, quire, read, stderr, stdout};

pub fn build(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = quire(root, &all);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    run
}

/// The text between each `<h2 class="playbook-title">` and its `</h2>`.
pub fn playbook_titles(html: &str) -> Vec<String> {
    html.split("<h2 class=\"playbook-title\">")
        .skip(1)
        .map(|rest| {
            let title = &rest[..rest.find("</h2>").unwrap()];
            title.rsplit("</span> ").next().unwrap().to_string()
        })
        .collect()
}

#[test]
fn print_page_holds_the_chapters_in_order_with_links_inside_the_handbook() {
    let site = fixture("handbook");
    build(site.path(), &["--no-pdf"]);
    let html = read(site.path().join("public/handbooks/guide/index.html"));
    // `kind: sop` selects in id order: opening before welcome.
    assert_eq!(
        playbook_titles(&html),
        ["核心群群规", "开班仪式", "新人接待"]
    );
    assert!(
        html.contains("<h1 class=\"cover-title\">新人手册</h1>"),
        "{html}"
    );
    assert!(html.contains("<li><a href=\"#s2-2\"><span class=\"num\">2.2</span> 新人接待</a></li>"));
    // A link to an included playbook (and its heading) stays in the page ...
    assert!(
        html.contains("接待流程见<a href=\"#s2-2\">新人接待</a>"),
        "{html}"
    );
    assert!(html.contains(
        "发言边界见<a href=\"#s1-1-%E5%8F%91%E8%A8%80%E8%A7%84%E8%8C%83\">核心群群规</a>"
    ));
    // ... one to a playbook left out goes to the site and shows where.
    assert!(html.contains(
        "案例见<a href=\"../../cases/outside/index.html#%E8%83%8C%E6%99%AF\">外站案例</a>（/cases/outside/）"
    ));
    // Links to the page's own headings and footnotes take its prefix.
    assert!(html.contains("本页的<a href=\"#s2-2-%E6%AD%A5%E9%AA%A4\">步骤</a>"));
    assert!(html.contains("<a href=\"#s2-2-why\">1</a>"));
    assert!(html.contains("id=\"s2-2-why\""));
    // Glossary terms link to the appendix, which lists just the terms used.
    assert!(html.contains("<a class=\"term\" href=\"#term-社群\""));
    assert!(html.contains("<dt id=\"term-群名片\">群名片"));
    assert_eq!(html.matches("<dt id=\"term-").count(), 2);
    assert!(html.contains("href=\"../../static/print.css\""));
    assert!(!html.contains("site-header"), "no navigation chrome");
    assert!(
        !html.contains(".pdf\""),
        "no PDF link when PDFs are skipped"
    );
}

#[test]
fn ids_are_unique_across_the_handbook() {
    let site = fixture("handbook");
    build(site.path(), &["--no-pdf"]);
    let html = read(site.path().join("public/handbooks/guide/index.html"));
    let ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    // All three playbooks have a `## 步骤`.
    for id in ["s1-1-步骤", "s2-1-步骤", "s2-2-步骤"] {
        assert!(unique.contains(id), "{id} in {ids:?}");
    }
}

#[test]
fn each_sop_has_a_checklist_and_the_home_page_lists_the_handbook() {
    let site = fixture("handbook");
    build(site.path(), &["--no-pdf"]);
    let public = site.path().join("public");
    let checklist = read(public.join("sop/opening/checklist.html"));
    assert_eq!(checklist.matches("<span class=\"box\"").count(), 2);
    assert!(checklist.contains("<td class=\"when\">D0 20:00</td>\n      <td class=\"who\">班主任</td>\n      <td class=\"action\">主持开班仪式<p class=\"script\"><span>话术</span>欢迎大家来到训练营</p></td>"), "{checklist}");
    let welcome = read(public.join("sop/welcome/checklist.html"));
    assert!(welcome.contains("<td class=\"when\">T+10min</td>"));
    assert!(read(public.join("sop/welcome/index.html")).contains("href=\"checklist.html\""));
    assert!(!public.join("group-rules/core/checklist.html").exists());
    let home = read(public.join("index.html"));
    assert!(
        home.contains("<a href=\"handbooks/guide/index.html\">打印版网页</a>"),
        "{home}"
    );
}

#[test]
fn definition_problems_are_diagnostics() {
    let site = fixture("handbook");
    std::fs::write(
        site.path().join("content/handbooks/broken.yaml"),
        "title: 坏手册\nchapters:\n  - title: 一\n    include: [sop/welcom, sop/welcome, sop/welcome]\n  - title: 二\n    include:\n      - tag: 没有这个标签\n  - title: 三\n    include:\n      - kind: sops\n",
    )
    .unwrap();
    let run = quire(site.path(), &["check", "--format", "short"]);
    assert_eq!(run.status.code(), Some(1));
    insta::assert_snapshot!("handbook_definition_problems", stdout(&run));
}

#[test]
fn one_handbook_builds_alone_into_the_built_site() {
    let site = fixture("handbook");
    build(site.path(), &["--no-pdf"]);
    let public = site.path().join("public");
    let page = public.join("handbooks/guide/index.html");
    std::fs::write(&page, "old").unwrap();
    std::fs::remove_file(public.join("index.html")).unwrap();
    build(site.path(), &["--handbook", "guide", "--no-pdf"]);
    assert!(read(&page).contains("新人手册"));
    assert!(
        !public.join("index.html").exists(),
        "the rest of the site is left as it was"
    );
    assert!(public.join("sop/welcome/index.html").exists());

    // Without a PDF this time, an old one must not stay behind unlinked.
    std::fs::write(public.join("handbooks/guide.pdf"), "old").unwrap();
    build(site.path(), &["--handbook", "guide", "--no-pdf"]);
    assert!(!public.join("handbooks/guide.pdf").exists());

    let run = quire(site.path(), &["build", "--handbook", "gide"]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        stderr(&run),
        "error: there is no handbook `gide`; the handbooks are: guide\n"
    );
}
