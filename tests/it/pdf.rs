//! Handbook PDFs, read back with poppler's tools: contents and order,
//! fonts, the outline, the missing-font path, a site's own fonts, a file
//! qpdf and poppler find no error in, and Markdown that could trip typst.
//! They need Noto CJK, poppler-utils and qpdf, which `.ci/run` installs.

use std::path::Path;
use std::process::Command;

use crate::handbook::{build, playbook_titles};
use crate::{fixture, quire, read, stderr, stdout};

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
pub(crate) fn pdf_tools() -> bool {
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
    // The SOP's timeline is drawn in: its minute axis has a T+5min tick
    // that no other text has.
    assert!(text.contains("T+5min"), "{text}");
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

#[test]
fn the_pdf_passes_qpdf_check_and_poppler_reads_it_without_a_syntax_error() {
    if !pdf_tools() {
        return;
    }
    if Command::new("qpdf").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have qpdf (see .ci/run)"
        );
        eprintln!("skipping: install qpdf to check the PDF's structure");
        return;
    }
    let site = fixture("handbook");
    // As users run it: from inside the site, with relative paths.
    let run = quire(site.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pdf = "public/handbooks/guide.pdf";
    // Each tool's exit code, output and errors, run in the site folder.
    let in_site = |name: &str, args: &[&str]| {
        let out = Command::new(name)
            .args(args)
            .current_dir(site.path())
            .output()
            .unwrap();
        // Lossy: `pdfinfo -struct` prints titles as raw UTF-16.
        let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
        (out.status.code(), text(out.stdout), text(out.stderr))
    };

    let (code, out, err) = in_site("qpdf", &["--check", pdf]);
    assert_eq!((code, err.as_str()), (Some(0), ""), "{out}");
    assert!(out.contains("No syntax or stream encoding errors"), "{out}");

    // poppler took typst's `/MarkInfo << /Suspects false >>` (PDF 1.6 and
    // 1.7) for the wrong type; quire writes 1.5 and stays tagged.
    let (code, info, err) = in_site("pdfinfo", &[pdf]);
    assert_eq!((code, err.as_str()), (Some(0), ""), "{info}");
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("PDF version:     1.5"), "{info}");
    assert!(info.contains("Title:           新人手册"), "{info}");
    for args in [&[pdf, "-"][..], &["-layout", pdf, "-"]] {
        let (code, text, err) = in_site("pdftotext", args);
        assert_eq!((code, err.as_str()), (Some(0), ""), "{args:?}");
        assert!(text.contains("社群接待先私聊再公开"), "{text}");
    }
    let (code, _, err) = in_site(
        "pdftoppm",
        &["-r", "30", "-png", "-f", "1", "-l", "1", pdf, "page"],
    );
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert!(site.path().join("page-1.png").exists());

    // The structure tree reads without an error too. poppler takes any array
    // in a table's `/BorderColor` for the one-colour-per-side form, so the
    // single colour typst writes for an even border (valid PDF) is a warning
    // of poppler's own; nothing else may be.
    let (code, tree, err) = in_site("pdfinfo", &["-struct", pdf]);
    assert_eq!(code, Some(0));
    assert!(tree.contains("Table"), "{tree}");
    for line in err.lines() {
        assert_eq!(
            line, "Syntax Warning: Attribute BorderColor value is of wrong type (array)",
            "{err}"
        );
    }
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
        stdout(&run).lines().next().unwrap(),
        "content/group-rules/core.md:8:9: warning[missing-glyph] no font has `🎉` (U+1F389): the handbook `guide` prints an empty box here"
    );

    // A file of emoji is one thing to fix: one warning names them all.
    std::fs::write(&core, read(&core).replace("不刷屏🎉", "不刷屏🎉🙋")).unwrap();
    let run = quire(
        site.path(),
        &["build", "--ignore-system-fonts", "--format", "short"],
    );
    let out = stdout(&run);
    assert_eq!(out.matches("missing-glyph").count(), 1, "{out}");
    assert_eq!(
        out.lines().next().unwrap(),
        "content/group-rules/core.md:8:9: warning[missing-glyph] no font has these 2 characters of this file, first `🎉` here: `🎉` `🙋`; the handbook `guide` prints an empty box for each"
    );
}

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
    // The image must be there, or it is a broken-image error.
    std::fs::write(site.path().join("content/sop/pic.png"), "not drawn").unwrap();
    let run = build(site.path(), &["--format", "short"]);
    assert!(stdout(&run).contains(": 0 errors,"), "{}", stdout(&run));
    // A file that is no image keeps its place and caption, and is said to.
    let body = read(&welcome);
    let line = body[..body.find("![图](pic.png)").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(
        stdout(&run).contains(&format!(
            "content/sop/welcome.md:{line}:6: warning[pdf-image-unusable] the PDF of `guide` cannot show the image content/sop/pic.png: it is not a PNG, JPEG, GIF, WebP or SVG image (its contents say otherwise); it prints the file name and caption instead\n"
        )),
        "{}",
        stdout(&run)
    );
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
        // The image's address from the print page, in its place.
        "[../../sop/pic.png:图]",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
}

/// `pdfimages -list`'s rows: width, height and whether a viewer may smooth it.
fn pdf_images(pdf: &str) -> Vec<(u32, u32, String)> {
    let mut rows: Vec<(u32, u32, String)> = tool("pdfimages", &["-list", pdf])
        .lines()
        .skip(2)
        .map(|row| {
            let cols: Vec<&str> = row.split_whitespace().collect();
            (
                cols[3].parse().unwrap(),
                cols[4].parse().unwrap(),
                cols[9].to_string(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn the_pdf_embeds_every_image_the_handbook_shows_qr_codes_pixelated() {
    if !pdf_tools() {
        return;
    }
    let site = fixture("pdf-images");
    let run = quire(site.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).ends_with(": 0 errors, 0 warnings\n"),
        "{}",
        stderr(&run)
    );
    let pdf = "public/handbooks/guide.pdf";
    let pdf = site.path().join(pdf);
    let pdf = pdf.to_str().unwrap();
    // The QR code twice (after its caption, and in a table cell) and never
    // smoothed; the screenshot twice (Markdown, and raw HTML `<img>` on a
    // nested page), smoothed; the 7 × 5 picture inside the SVG, which only
    // an embedded SVG brings; the `/img/logo.png` of static/, from raw HTML.
    assert_eq!(
        pdf_images(pdf),
        [
            (7, 5, "no".into()),
            (64, 32, "no".into()),
            (290, 290, "no".into()),
            (290, 290, "no".into()),
            (800, 450, "yes".into()),
            (800, 450, "yes".into()),
        ]
    );
    let text: String = tool("pdftotext", &[pdf, "-"]).split_whitespace().collect();
    for caption in ["入群二维码", "后台截图", "流程图", "站标", "截图"] {
        assert!(text.contains(caption), "{caption} in {text}");
    }
    assert!(
        !text.contains("[../"),
        "no image left as its address: {text}"
    );
    // The print page shows the raw `<img>` of static/ from its own folder.
    let print = read(site.path().join("public/handbooks/guide/index.html"));
    assert!(
        print.contains("<img src=\"../../img/logo.png\" alt=\"站标\" width=\"64\" height=\"32\">"),
        "{print}"
    );
    if Command::new("qpdf").arg("--version").output().is_ok() {
        let check = Command::new("qpdf")
            .args(["--check", pdf])
            .output()
            .unwrap();
        assert_eq!(
            check.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
}

#[test]
fn a_damaged_image_is_reported_where_it_is_shown_and_the_pdf_still_builds() {
    if !pdf_tools() {
        return;
    }
    let site = fixture("pdf-images");
    // The header (and so the size) intact, the picture cut off.
    let qr = site.path().join("content/group-rules/qr.png");
    let bytes = std::fs::read(&qr).unwrap();
    std::fs::write(&qr, &bytes[..100]).unwrap();
    let run = quire(site.path(), &["build", "--format", "short"]);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    let err = stdout(&run);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    for (line, at) in lines.iter().zip(["9:10", "17:12"]) {
        let expected = format!("content/group-rules/join.md:{at}: warning[pdf-image-unusable] the PDF of `guide` cannot show the image content/group-rules/qr.png: it does not decode (");
        assert!(line.starts_with(&expected), "{line}\nnot\n{expected}");
        assert!(
            line.ends_with("; it prints the file name and caption instead"),
            "{line}"
        );
    }
    assert!(lines[2].ends_with(": 0 errors, 2 warnings"), "{err}");
    let pdf = site.path().join("public/handbooks/guide.pdf");
    let pdf = pdf.to_str().unwrap();
    let images = pdf_images(pdf);
    assert!(!images.iter().any(|(w, ..)| *w == 290), "{images:?}");
    assert_eq!(images.len(), 4, "{images:?}");
    let text: String = tool("pdftotext", &[pdf, "-"]).split_whitespace().collect();
    assert!(
        text.contains("[../../group-rules/qr.png:入群二维码]"),
        "{text}"
    );
}
