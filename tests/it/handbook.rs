//! Handbooks: the definitions' diagnostics, the print page (selection and
//! order, in-handbook links, unique ids, the glossary appendix), SOP
//! checklists, `--handbook`, the missing-font path, and the PDF itself
//! (where Noto CJK and poppler's tools are installed, as `.ci/run` makes sure).

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use crate::{fixture, quire, read, stderr};

fn build(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = quire(root, &all);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    run
}

/// The text between each `<h2 class="playbook-title">` and its `</h2>`.
fn playbook_titles(html: &str) -> Vec<String> {
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
    insta::assert_snapshot!("handbook_definition_problems", stderr(&run));
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

#[cfg(feature = "pdf")]
#[test]
fn without_a_chinese_font_the_site_builds_and_one_warning_says_how_to_get_pdfs() {
    let site = fixture("handbook");
    let run = build(site.path(), &["--ignore-system-fonts"]);
    let err = stderr(&run);
    let (problems, summary) = err.rsplit_once("built ").unwrap();
    insta::assert_snapshot!("no_cjk_font", problems);
    assert!(summary.ends_with(": 0 errors, 1 warning\n"), "{summary}");
    let public = site.path().join("public");
    assert!(public.join("handbooks/guide/index.html").exists());
    assert!(!public.join("handbooks/guide.pdf").exists());
    let run = quire(site.path(), &["build", "--ignore-system-fonts", "--strict"]);
    assert_eq!(run.status.code(), Some(1), "a warning fails --strict");
}

/// Where the PDF tools or the fonts are missing, the PDF tests cannot run;
/// in CI (which installs both) that is a failure, elsewhere a note.
fn pdf_tools() -> bool {
    let has = |tool: &str| Command::new(tool).arg("-v").output().is_ok();
    let fonts = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists();
    let ready = has("pdftotext") && has("pdfinfo") && has("pdffonts") && has("pdftohtml") && fonts;
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have poppler-utils and fonts-noto-cjk (see .ci/run)"
        );
        eprintln!("skipping: install poppler-utils and fonts-noto-cjk to test PDFs");
    }
    ready
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap();
    assert!(out.status.success(), "{name}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[cfg(feature = "pdf")]
#[test]
fn pdf_has_every_playbook_in_order_with_chinese_fonts_and_an_outline() {
    if !pdf_tools() {
        return;
    }
    let site = fixture("handbook");
    let run = build(site.path(), &[]);
    assert!(stderr(&run).contains("0 warnings"), "{}", stderr(&run));
    let pdf = site.path().join("public/handbooks/guide.pdf");
    let pdf = pdf.to_str().unwrap();
    let text = tool("pdftotext", &[pdf, "-"]);
    let mut from = 0;
    for title in ["核心群群规", "开班仪式", "新人接待"] {
        // Past the contents page, in order.
        let at = text[from..]
            .find(&format!(" {title}\n"))
            .unwrap_or_else(|| panic!("{title} after byte {from} in {text}"));
        from += at + 1 + title.len();
    }
    assert!(text.contains("社群接待先私聊再公开"), "{text}");
    // Author text that looks like Typst is printed, not run.
    assert!(text.contains("#set page(width: 1pt) $x$"), "{text}");
    assert!(!text.contains('\u{FFFD}'));
    let fonts = tool("pdffonts", &[pdf]);
    assert!(fonts.contains("NotoSerifCJK"), "{fonts}");
    assert!(fonts.contains("NotoSansCJK"), "{fonts}");
    let info = tool("pdfinfo", &[pdf]);
    assert!(info.contains("Title:           新人手册"), "{info}");
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );
    let xml = tool("pdftohtml", &["-xml", "-stdout", "-i", "-q", pdf]);
    assert_eq!(
        outline_top(&xml),
        ["1 群规", "2 SOP", "附录 术语表"],
        "one entry per chapter: {xml}"
    );
    assert!(
        xml.contains(">2.2 新人接待</item>"),
        "playbooks nest under their chapter"
    );
    // The print page links the PDF once there is one.
    let html = read(site.path().join("public/handbooks/guide/index.html"));
    assert!(
        html.contains("href=\"../../handbooks/guide.pdf\""),
        "{html}"
    );
}

/// The top-level entries of the PDF outline in `pdftohtml -xml` output.
fn outline_top(xml: &str) -> Vec<String> {
    let mut depth = 0;
    let mut top = Vec::new();
    for line in xml.lines() {
        if line.starts_with("<outline") {
            depth += 1;
        } else if line.starts_with("</outline>") {
            depth -= 1;
        } else if let (1, Some(item)) = (depth, line.strip_prefix("<item")) {
            let text = &item[item.find('>').unwrap() + 1..item.find("</item>").unwrap()];
            top.push(text.to_string());
        }
    }
    top
}

#[cfg(feature = "pdf")]
#[test]
fn a_font_in_the_sites_fonts_folder_is_enough_for_pdfs() {
    if !pdf_tools() {
        return;
    }
    let site = fixture("handbook");
    let fonts = site.path().join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    std::fs::copy(
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        fonts.join("NotoSansCJK-Regular.ttc"),
    )
    .unwrap();
    let run = build(site.path(), &["--ignore-system-fonts"]);
    assert!(stderr(&run).contains("0 warnings"), "{}", stderr(&run));
    let pdf = site.path().join("public/handbooks/guide.pdf");
    let used = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(used.contains("NotoSansCJKsc-Regular"), "{used}");
    assert!(!used.contains("Serif"), "only the site's font: {used}");

    // No CJK font has emoji: the PDF would show a box, so quire says where.
    let core = site.path().join("content/group-rules/core.md");
    std::fs::write(&core, read(&core).replace("不刷屏", "不刷屏🎉")).unwrap();
    let run = quire(
        site.path(),
        &["build", "--ignore-system-fonts", "--format", "short"],
    );
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        stderr(&run).lines().next().unwrap(),
        "content/group-rules/core.md:8:9: warning[missing-glyph] no font has `🎉` (U+1F389): the handbook `guide` prints an empty box here"
    );
}

#[cfg(feature = "pdf")]
#[test]
fn the_sample_handbook_prints_every_playbook_of_its_print_page_in_order() {
    if !pdf_tools() {
        return;
    }
    let out = tempfile::TempDir::new().unwrap();
    let public = out.path().join("public");
    build(&crate::repo(), &["--output", public.to_str().unwrap()]);
    let titles = playbook_titles(&read(public.join("handbooks/newcomer/index.html")));
    assert_eq!(titles.len(), 16, "{titles:?}");
    let text = tool(
        "pdftotext",
        &[public.join("handbooks/newcomer.pdf").to_str().unwrap(), "-"],
    );
    // pdftotext breaks long lines, and typst puts a quarter space between
    // Chinese and Latin letters (`秋叶 PPT`): compare without white space.
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let text = squeeze(&text);
    // Past the contents, which ends with the appendix.
    let body = &text[text.find("附录术语表").unwrap()..];
    let mut from = 0;
    for title in &titles {
        let title = squeeze(title);
        let at = body[from..]
            .find(&title)
            .unwrap_or_else(|| panic!("{title} in order in {body}"));
        from += at + title.len();
    }
}

#[cfg(feature = "pdf")]
#[test]
fn markdown_that_typst_could_choke_on_still_typesets() {
    if !pdf_tools() {
        return;
    }
    let site = fixture("handbook");
    let welcome = site.path().join("content/sop/welcome.md");
    let deep_list: String = (0..60)
        .map(|i| format!("{}- 层{i}\n", "  ".repeat(i)))
        .collect();
    let hostile = format!(
        "\n## 甲 {{#x}}\n\n## 乙 {{#x}}\n\n见[甲乙](#x)，再见[^a]和[^a]。\n\n[^a]: 脚注\n\n    ### 脚注里的标题 {{#fn}}\n\n\
         联系 <ops@example.com>，看[长链接](https://example.com/?q={}) 和 [[#fn]]。\n\n{} 很深的引用\n\n{deep_list}\n\
         ![图](pic.png)\n\n| a |\n|---|\n| 1 | 2 | 3 |\n",
        "q".repeat(9000),
        ">".repeat(300),
    );
    std::fs::write(&welcome, read(&welcome) + &hostile).unwrap();
    let run = build(site.path(), &["--format", "short"]);
    assert!(stderr(&run).contains(": 0 errors,"), "{}", stderr(&run));
    let pdf = site.path().join("public/handbooks/guide.pdf");
    // Typst spaces Chinese from Latin letters and digits; compare without spaces.
    let text: String = tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
        .split_whitespace()
        .collect();
    for needle in [
        "很深的引用",
        "层0",
        "层59",
        "ops@example.com",
        "脚注里的标题",
        "[pic.png:图]",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
}
