//! Images and attachments: every file under `content/` that is no playbook
//! is published beside its page, `static/` at the site root, and every image
//! `src` and file link is rewritten relative to the page, with the image's
//! width and height. The fixture `tests/fixtures/assets` holds small PNGs
//! made for it (a QR-code-like one among them) and `bomb.png`, a header that
//! claims 20000 × 20000 pixels, outside `content/` until a test puts it there.

use std::path::Path;

use crate::*;

fn img_tags(html: &str) -> Vec<&str> {
    html.match_indices("<img ")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .collect()
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

/// Checks that `src`, written in the page `page` (a path under `public`),
/// names a file that is there.
fn assert_resolves(public: &Path, page: &str, src: &str) {
    let dir = Path::new(page).parent().unwrap();
    let target = public.join(dir).join(decode(src));
    assert!(
        target.is_file(),
        "{src} from {page}: no {}",
        target.display()
    );
}

#[test]
fn every_form_of_image_path_is_published_where_the_page_finds_it() {
    let site = fixture("assets");
    // As an author runs it: from inside the site, with no flags.
    let run = quire(site.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let public = site.path().join("public");
    let page = read(public.join("group-rules/newcomer/index.html"));
    assert_eq!(
        img_tags(&page),
        [
            "<img src=\"../qr.png\" alt=\"入群二维码\" width=\"21\" height=\"21\" />",
            "<img src=\"../qr.png\" alt=\"二维码\" title=\"扫码入群\" width=\"21\" height=\"21\" />",
            "<img src=\"../../img/flow.png\" alt=\"SOP 执行流程图\" width=\"40\" height=\"12\" />",
            "<img src=\"../../img/logo.png\" alt=\"标志\" width=\"16\" height=\"8\" />",
            "<img src=\"../qr.png\" alt=\"同一个二维码\" width=\"21\" height=\"21\" />",
            "<img src=\"https://example.com/a.png\" alt=\"外站图片\" />",
        ]
    );
    assert!(
        page.contains(
            "<a href=\"../%E8%A1%A8%E6%A0%BC/%E6%8A%A5%E5%90%8D%E8%A1%A8.xlsx\">报名表</a>"
        ),
        "{page}"
    );
    for (file, source) in [
        ("group-rules/qr.png", "content/group-rules/qr.png"),
        ("img/flow.png", "content/img/flow.png"),
        (
            "group-rules/表格/报名表.xlsx",
            "content/group-rules/表格/报名表.xlsx",
        ),
        ("img/logo.png", "static/img/logo.png"),
    ] {
        assert_eq!(
            std::fs::read(public.join(file)).unwrap(),
            std::fs::read(site.path().join(source)).unwrap(),
            "{file}"
        );
    }
    assert!(
        !public.join("static/img/logo.png").exists(),
        "static/ is the site root, not /static/"
    );
    assert!(
        public.join("static/style.css").is_file(),
        "the theme's files stay"
    );
    // Every src of every page names a file that is there, the print page's too.
    for page in [
        "group-rules/newcomer/index.html",
        "sop/welcome/index.html",
        "handbooks/newcomer/index.html",
    ] {
        let html = read(public.join(page));
        let tags = img_tags(&html);
        assert!(!tags.is_empty(), "{page}");
        for tag in tags {
            let src = tag
                .split("src=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            if !src.starts_with("https:") {
                assert_resolves(&public, page, src);
            }
        }
    }
    let print = read(public.join("handbooks/newcomer/index.html"));
    assert!(
        print.contains("<img src=\"../../group-rules/qr.png\" alt=\"入群二维码\" width=\"21\" height=\"21\" />"),
        "{print}"
    );
}

#[test]
fn a_glossary_term_in_alt_text_stays_text() {
    let site = fixture("assets");
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let page = read(site.path().join("public/group-rules/newcomer/index.html"));
    assert!(
        page.contains("<img src=\"../../img/flow.png\" alt=\"SOP 执行流程图\""),
        "{page}"
    );
    assert!(!page.contains("class=\"term\""), "no term link: {page}");
}

#[test]
fn a_path_that_names_nothing_is_reported_at_the_path() {
    let site = fixture("assets");
    std::fs::write(
        site.path().join("content/sop/broken.md"),
        "---\ntitle: 坏图\n---\n\n正文 ![二维码](missing.png) 与 [表](nope.xlsx)\n\n![远](/img/nope.png) [页](welcome.md) [外](https://a.b/x.pdf) <ops@example.com> [官网](www.example.com)\n",
    )
    .unwrap();
    let run = quire(site.path(), &["check", "--format", "short"]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        stdout(&run),
        "content/sop/broken.md:5:11: error[broken-image] no image `missing.png` in the site\n\
         content/sop/broken.md:5:30: error[broken-link] no file `nope.xlsx` in the site\n\
         content/sop/broken.md:7:6: error[broken-image] no image `/img/nope.png` in the site\n\
         content/sop/broken.md:7:83: error[broken-link] no file `www.example.com` in the site\n\
         checked 3 playbooks: 4 errors, 0 warnings\n"
    );
    let help = quire(site.path(), &["check"]);
    assert!(
        stderr(&help)
            .contains("= help: a web address needs its scheme: write `https://www.example.com`"),
        "{}",
        stderr(&help)
    );
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!site.path().join("public").exists());
}

#[test]
fn an_image_that_claims_too_many_pixels_is_refused_without_decoding_it() {
    let site = fixture("assets");
    std::fs::copy(
        site.path().join("bomb.png"),
        site.path().join("content/img/bomb.png"),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let run = quire(site.path(), &["check", "--format", "short"]);
    assert!(started.elapsed().as_secs() < 10);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        stdout(&run),
        "content/img/bomb.png: error[image-too-large] the image says it is 20000 × 20000 pixels, more than the 100 megapixels a page may show (a browser would need 1525 MB to draw it)\n\
         checked 2 playbooks: 1 error, 0 warnings\n"
    );
}

#[test]
fn an_image_whose_size_cannot_be_read_is_published_without_one() {
    let site = fixture("assets");
    std::fs::write(site.path().join("content/img/flow.png"), "不是图片").unwrap();
    let run = quire(site.path(), &["build", "--no-pdf", "--format", "short"]);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    assert!(
        stdout(&run).starts_with("content/img/flow.png: warning[broken-image] the image's size cannot be read: it is not a PNG, JPEG, GIF or WebP file, so browsers may not show it\n"),
        "{}",
        stdout(&run)
    );
    let page = read(site.path().join("public/group-rules/newcomer/index.html"));
    assert!(
        page.contains("<img src=\"../../img/flow.png\" alt=\"SOP 执行流程图\" />"),
        "{page}"
    );
}

#[test]
fn a_file_at_a_page_address_or_too_large_is_refused() {
    let site = fixture("assets");
    std::fs::write(site.path().join("static/index.html"), "<p>我的首页</p>").unwrap();
    std::fs::write(site.path().join("content/img/Flow.PNG"), "x").unwrap();
    // Sparse: 51 MB on paper, nothing on disk.
    let video = std::fs::File::create(site.path().join("content/sop/录像.mp4")).unwrap();
    video.set_len(51 * 1024 * 1024).unwrap();
    let run = quire(site.path(), &["check", "--format", "short"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stdout(&run);
    for line in [
        "content/sop/录像.mp4: error[file-too-large] the file is 51 MB, and files published with the site may be 50 MB\n",
        "static/index.html: error[duplicate-url] this file would be published at index.html, where the home page is written\n",
        "content/img/flow.png: error[duplicate-url] this file would be published at img/flow.png, where the file content/img/Flow.PNG is written\n",
    ] {
        assert!(err.contains(line), "{line} in {err}");
    }
}

#[test]
fn the_preview_serves_the_files_and_a_changed_image_changes_its_page() {
    let site = fixture("assets");
    let root = site.path();
    let mut memory = quire::serve::Memory::default();
    let quire::base::diagnostic::Warned {
        output,
        diagnostics: diags,
    } = quire::serve::build_in_memory(root, &mut memory, None).unwrap();
    let output = output.unwrap();
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    assert_eq!(
        output.files["group-rules/qr.png"].as_slice(),
        std::fs::read(root.join("content/group-rules/qr.png")).unwrap()
    );
    assert!(output.files.contains_key("img/logo.png"));
    // A bigger image under the same name: its page shows the new size.
    std::fs::copy(
        root.join("content/img/flow.png"),
        root.join("content/group-rules/qr.png"),
    )
    .unwrap();
    let change = quire::serve::watch::classify(
        root,
        &[notify::Event::new(notify::EventKind::Any)
            .add_path(root.join("content/group-rules/qr.png"))],
    );
    assert!(change.static_files, "{change:?}");
    memory.forget(&change);
    let quire::base::diagnostic::Warned {
        output: again,
        diagnostics: _,
    } = quire::serve::build_in_memory(root, &mut memory, Some(&output)).unwrap();
    let again = again.unwrap();
    assert_eq!(
        again.files["group-rules/qr.png"].as_slice(),
        std::fs::read(root.join("content/img/flow.png")).unwrap()
    );
    let page =
        String::from_utf8_lossy(&again.files["group-rules/newcomer/index.html"]).into_owned();
    assert!(
        page.contains("<img src=\"../qr.png\" alt=\"入群二维码\" width=\"40\" height=\"12\" />"),
        "{page}"
    );
    assert_eq!(
        quire::serve::action(&output, &again),
        quire::serve::Action::Reload
    );
}

#[cfg(unix)]
#[test]
fn a_linked_file_is_not_published() {
    let site = fixture("assets");
    let outside = TempDir::new().unwrap();
    std::fs::write(outside.path().join("secret.png"), "root:secret").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        site.path().join("content/img/secret.png"),
    )
    .unwrap();
    let run = quire(site.path(), &["build", "--no-pdf", "--format", "short"]);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    assert!(
        stdout(&run).contains("content/img/secret.png: warning[symlink-skipped]"),
        "{}",
        stdout(&run)
    );
    assert!(!site.path().join("public/img/secret.png").exists());
}

#[test]
fn a_file_that_would_run_as_script_is_not_published_beside_a_playbook() {
    let page = "---\ntitle: 流程图\n---\n\n![流程](flow.svg)\n";
    let files = [
        ("content/sop/flow.md", page),
        ("content/sop/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"),
        ("content/sop/evil.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\" width=\"10\" height=\"10\"/>"),
        ("content/sop/page.html", "<script>alert(1)</script>"),
        ("static/track.js", "console.log(1)"),
    ];
    let dir = site(RELAXED, &files);
    let run = quire(dir.path(), &["build", "--format", "short"]);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    let out = stdout(&run);
    assert!(out.contains("content/sop/evil.svg: warning[unsafe-file] not published: this is an SVG with a script, an event handler or embedded HTML, which would run as script on the site"), "{out}");
    assert!(
        out.contains(
            "content/sop/page.html: warning[unsafe-file] not published: this is an HTML page"
        ),
        "{out}"
    );
    let public = dir.path().join("public");
    assert!(public.join("sop/flow.svg").is_file());
    assert!(!public.join("sop/evil.svg").exists());
    assert!(!public.join("sop/page.html").exists());
    // The site owner's static/ is published as it is.
    assert!(public.join("track.js").is_file());

    // Trusted authors: `html: allow` publishes it.
    std::fs::write(
        dir.path().join("quire.yaml"),
        format!("{RELAXED}html: allow\n"),
    )
    .unwrap();
    let run = quire(dir.path(), &["build", "--format", "short"]);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    assert!(!stdout(&run).contains("unsafe-file"));
    assert!(dir.path().join("public/sop/evil.svg").is_file());
}

#[test]
fn a_raw_html_img_is_resolved_checked_and_sized_like_a_markdown_image() {
    let site = fixture("assets");
    let page = "---\ntitle: 搬来的页面\n---\n\n正文 <img src=\"../../img/flow.png\" width=\"300\"> 里\n\n<p><img src=\"/img/logo.png\" alt=\"标志\"></p>\n\n<!-- <img src=\"gone.png\"> -->\n";
    let broken = "\n- 列表 <img src=\"./nope.png\">\n\n> <img src='nope2.png'>\n";
    std::fs::create_dir_all(site.path().join("content/sop/deep")).unwrap();
    let raw = site.path().join("content/sop/deep/raw.md");
    std::fs::write(&raw, format!("{page}{broken}")).unwrap();
    let run = quire(site.path(), &["check", "--format", "short"]);
    assert_eq!(
        stdout(&run),
        "content/sop/deep/raw.md:11:16: error[broken-image] no image `./nope.png` in the site\n\
         content/sop/deep/raw.md:13:13: error[broken-image] no image `nope2.png` in the site\n\
         checked 3 playbooks: 2 errors, 0 warnings\n"
    );
    std::fs::write(&raw, page).unwrap();
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let public = site.path().join("public");
    let html = read(public.join("sop/deep/raw/index.html"));
    let tags = img_tags(&html);
    // The author's width stays; with none, the file's size is written.
    assert!(
        tags.contains(&"<img src=\"../../../img/flow.png\" width=\"300\">"),
        "{tags:?}"
    );
    assert!(
        tags.contains(
            &"<img src=\"../../../img/logo.png\" alt=\"标志\" width=\"16\" height=\"8\">"
        ),
        "{tags:?}"
    );
    assert_eq!(tags.len(), 2, "{tags:?}");
    for src in ["../../../img/flow.png", "../../../img/logo.png"] {
        assert_resolves(&public, "sop/deep/raw/index.html", src);
    }
    // `html: allow` passes the HTML through as written, and still resolves it.
    let config = site.path().join("quire.yaml");
    std::fs::write(&config, read(&config) + "html: allow\n").unwrap();
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let html = read(public.join("sop/deep/raw/index.html"));
    assert!(
        html.contains(
            "<p><img src=\"../../../img/logo.png\" alt=\"标志\" width=\"16\" height=\"8\"></p>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"../../../img/flow.png\" width=\"300\">"),
        "{html}"
    );
}
