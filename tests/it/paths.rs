//! What a build may read and write: nothing outside the site is published
//! (symbolic links are refused wherever they are), every name `quire check`
//! accepts can be written on every file system, and content reaches the
//! terminal escaped.

use std::path::Path;

use tempfile::TempDir;

use crate::{fixture, quire, site, stderr, stdout, RELAXED};

/// `file:line:col severity code message` of each diagnostic `quire check` reports.
fn check(root: &Path) -> (Option<i32>, Vec<String>) {
    let run = quire(root, &["check", "--format", "json"]);
    let json: serde_json::Value =
        serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&run)));
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {} {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    (run.status.code(), found)
}

/// Asserts that `quire check` reports exactly `expected` (each the start of
/// one diagnostic) and fails, and that `quire build` then fails as a
/// content error, not as a tool failure, with nothing written.
fn refused(root: &Path, expected: &[&str]) {
    let (code, found) = check(root);
    assert_eq!(code, Some(1), "{found:#?}");
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (f, e) in found.iter().zip(expected) {
        assert!(f.starts_with(e), "expected `{e}…`, found `{f}`");
    }
    let run = quire(root, &["build"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(!root.join("public").exists());
    let staging = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains("quire-staging"));
    assert!(!staging, "a staging folder was left behind");
}

fn page(slug: &str) -> String {
    format!("---\ntitle: 页\nslug: {slug}\n---\n正文\n")
}

#[test]
fn slugs_that_name_a_file_quire_writes() {
    let root_page = |slug: &str| format!("---\ntitle: 页\nkind: sop\nslug: {slug}\n---\n正文\n");
    let s = site(
        RELAXED,
        &[
            ("content/a.md", &root_page("404.html")),
            ("content/b.md", &root_page("search-index.js")),
            ("content/c.md", &root_page("Sitemap.xml")),
            ("content/d.md", &root_page(".quire-output")),
            ("content/e.md", &root_page("Tags")),
            ("content/sop/e.md", &page("index.html")),
            ("content/sop/welcome.md", "---\ntitle: 接待\n---\n"),
            ("content/sop/welcome/f.md", &page("checklist.html")),
            (
                "content/sop/g.md",
                "---\ntitle: g\ntags: [Index.html]\n---\n",
            ),
        ],
    );
    refused(
        s.path(),
        &[
            "content/a.md:4:7 error duplicate-url the page would be the folder `404.html/`, but `404.html` is a file quire writes: the 404 page",
            "content/b.md:4:7 error duplicate-url the page would be the folder `search-index.js/`, but `search-index.js` is a file quire writes: the search index",
            "content/c.md:4:7 error duplicate-url the page would be the folder `Sitemap.xml/`, but `Sitemap.xml` is a file quire writes: the sitemap",
            "content/d.md:4:7 error file-name `slug` cannot name the page's folder: the name starts with a dot",
            "content/e.md:4:7 error duplicate-url the page would be written to `Tags/`, which the site itself uses",
            "content/sop/e.md:3:7 error duplicate-url the page would be the folder `sop/index.html/`, but `sop/index.html` is a file quire writes: the index of the kind `sop`",
            "content/sop/g.md:3:8 error duplicate-url the tag `Index.html` would be the folder `tags/Index.html/`, but `tags/index.html` is a file quire writes: the list of tags",
            "content/sop/welcome/f.md:3:7 error duplicate-url the page would be the folder `sop/welcome/checklist.html/`, but `sop/welcome/checklist.html` is a file quire writes: the checklist of content/sop/welcome.md",
        ],
    );
}

#[test]
fn names_too_long_for_the_file_system() {
    // 100 Chinese characters are 300 bytes; a file name may have 255.
    let long = "标".repeat(100);
    let s = site(
        RELAXED,
        &[
            ("content/sop/a.md", &page(&long)),
            (
                "content/sop/b.md",
                &format!("---\ntitle: 页\ntags: [新人, {long}]\n---\n"),
            ),
            // 85 characters, 255 bytes: the longest name that fits.
            ("content/sop/c.md", &page(&"标".repeat(85))),
        ],
    );
    refused(
        s.path(),
        &[
            "content/sop/a.md:3:7 error file-name `slug` cannot name the page's folder: the name is 300 bytes long, and file systems allow 255",
            &format!("content/sop/b.md:3:12 error file-name the tag `{long}` cannot name its page's folder: the name is 300 bytes long"),
        ],
    );
}

#[test]
fn kinds_that_would_write_outside_the_site() {
    let outside = TempDir::new().unwrap();
    let abs = outside.path().join("x");
    let config = format!(
        "kinds:\n  - id: ../../escaped-by-kind\n  - id: {}\n  - id: search\n  - {{id: sop, elements: []}}\n  - {{id: sop2, folder: sop}}\n",
        abs.display()
    );
    let s = site(&config, &[("content/sop/a.md", "---\ntitle: a\n---\n")]);
    refused(
        s.path(),
        &[
            "quire.yaml:2:9 error invalid-path the kind id `../../escaped-by-kind` cannot be used: it must be one plain name",
            "quire.yaml:3:9 error invalid-path the kind id ",
            "quire.yaml:4:9 error invalid-path the kind `search` would keep its pages in `search/`, but the site itself writes `search`",
            "quire.yaml:6:24 error duplicate-url the kinds `sop` and `sop2` both keep their pages in `sop/`",
        ],
    );
    // `quire new` with such a kind writes nothing, inside the site or out.
    for kind in ["../../escaped-by-kind", abs.to_str().unwrap()] {
        let run = quire(s.path(), &["new", kind, "a"]);
        assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
        assert!(
            stderr(&run).contains("quire.yaml has an error"),
            "{}",
            stderr(&run)
        );
    }
    assert!(!s.path().parent().unwrap().join("escaped-by-kind").exists());
    assert!(!abs.exists());
    // Nor does `quire schema`, which names its files after the kinds.
    let run = quire(s.path(), &["schema"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(!abs.with_extension("schema.json").exists());
}

#[test]
fn names_that_are_one_on_macos_and_windows() {
    let s = site(
        RELAXED,
        &[
            ("content/sop/A.md", "---\ntitle: 大写\n---\n"),
            ("content/sop/a.md", "---\ntitle: 小写\n---\n"),
            ("content/sop/welcome.md", "---\ntitle: 接待\n---\n"),
            ("content/sop/x.md", &page("Welcome")),
            // é composed (NFC) and decomposed (NFD, as macOS writes it).
            ("content/sop/caf\u{e9}.md", "---\ntitle: 组合\n---\n"),
            ("content/sop/cafe\u{301}.md", "---\ntitle: 分解\n---\n"),
            (
                "content/sop/t1.md",
                "---\ntitle: t1\ntags: [KOL, 新人]\n---\n",
            ),
            (
                "content/sop/t2.md",
                "---\ntitle: t2\ntags: [新人, kol]\n---\n",
            ),
        ],
    );
    refused(
        s.path(),
        &[
            "content/sop/a.md:0:0 error duplicate-url the page `sop/a/` and the page `sop/A/` of content/sop/A.md are one folder on macOS and Windows",
            "content/sop/caf\u{e9}.md:0:0 error duplicate-url the page `sop/caf\u{e9}/` and the page `sop/cafe\u{301}/` of content/sop/cafe\u{301}.md are one folder",
            "content/sop/t2.md:3:12 error duplicate-url the tag `kol` would share the page `tags/kol/` with the tag `KOL` on macOS and Windows",
            "content/sop/x.md:3:7 error duplicate-url the page `sop/Welcome/` and the page `sop/welcome/` of content/sop/welcome.md are one folder",
        ],
    );
}

#[test]
fn names_windows_refuses() {
    let s = site(
        RELAXED,
        &[
            ("content/sop/a.md", &page("CON")),
            ("content/sop/b.md", &page("con.txt")),
            ("content/sop/c.md", &page("\"a.\"")),
            (
                "content/sop/d.md",
                "---\ntitle: d\ntags: [lpt1, \"好.\"]\n---\n",
            ),
            ("content/sop/Aux/e.md", "---\ntitle: e\n---\n"),
        ],
    );
    refused(
        s.path(),
        &[
            "content/sop/Aux:0:0 warning file-name `AUX` is a reserved device name, so the folder cannot be checked out on Windows",
            "content/sop/a.md:3:7 error file-name `slug` cannot name the page's folder: `CON` is a reserved device name, which Windows refuses",
            "content/sop/b.md:3:7 error file-name `slug` cannot name the page's folder: `CON` is a reserved device name",
            "content/sop/c.md:3:7 error file-name `slug` cannot name the page's folder: the name ends with a dot or a space",
            "content/sop/d.md:3:8 error file-name the tag `lpt1` cannot name its page's folder: `LPT1` is a reserved device name",
            "content/sop/d.md:3:14 error file-name the tag `好.` cannot name its page's folder: the name ends with a dot or a space",
        ],
    );
}

/// A folder outside the site holding a secret, and a site beside it.
fn secret() -> (TempDir, TempDir) {
    let outside = TempDir::new().unwrap();
    std::fs::write(outside.path().join("shadow"), "root:secret").unwrap();
    std::fs::create_dir(outside.path().join("static")).unwrap();
    std::fs::write(outside.path().join("static/shadow"), "root:secret").unwrap();
    let s = site(
        "theme: mine\nkinds:\n  - {id: sop, elements: []}\n",
        &[("content/sop/a.md", "---\ntitle: a\n---\n")],
    );
    std::fs::create_dir_all(s.path().join("themes/mine")).unwrap();
    (outside, s)
}

/// Every file of the built site, relative to `public/`.
fn published(root: &Path) -> Vec<String> {
    walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| quire::input::load::relative(&root.join("public"), e.path()))
        .collect()
}

#[test]
fn symbolic_links_never_publish_what_is_outside() {
    use std::os::unix::fs::symlink;
    let (outside, s) = secret();
    let root = s.path();
    // The site's static/ is a link; the theme's static/ holds a linked file
    // and a linked folder.
    symlink(outside.path(), root.join("static")).unwrap();
    let theme_static = root.join("themes/mine/static");
    std::fs::create_dir_all(&theme_static).unwrap();
    std::fs::write(theme_static.join("own.css"), "a{}").unwrap();
    symlink(outside.path().join("shadow"), theme_static.join("shadow")).unwrap();
    symlink(outside.path(), theme_static.join("etc")).unwrap();
    // The theme's templates/ folder is a link.
    symlink(outside.path(), root.join("themes/mine/templates")).unwrap();
    let (code, found) = check(root);
    assert_eq!(code, Some(0));
    let skipped =
        "warning symlink-skipped symbolic links are not followed, so nothing is published from it";
    assert_eq!(
        found,
        [
            format!("static:0:0 {skipped}"),
            format!("themes/mine/static/etc:0:0 {skipped}"),
            format!("themes/mine/static/shadow:0:0 {skipped}"),
            format!("themes/mine/templates:0:0 {skipped}"),
        ]
    );
    let run = quire(root, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let files = published(root);
    assert!(files.contains(&"static/own.css".to_string()), "{files:?}");
    assert!(!files.iter().any(|f| f.contains("shadow")), "{files:?}");
    for file in &files {
        let text = std::fs::read(root.join("public").join(file)).unwrap();
        assert!(!text.windows(6).any(|w| w == b"secret"), "{file}");
    }
}

#[test]
fn a_linked_theme_or_themes_folder_is_refused() {
    use std::os::unix::fs::symlink;
    // themes/mine is a link: the theme cannot be used.
    let (outside, s) = secret();
    std::fs::remove_dir(s.path().join("themes/mine")).unwrap();
    symlink(outside.path(), s.path().join("themes/mine")).unwrap();
    let (code, found) = check(s.path());
    assert_eq!(code, Some(1));
    assert_eq!(found, ["quire.yaml:0:0 error invalid-path theme `mine` cannot be used: themes/mine is a symbolic link, and quire does not follow them"]);
    // themes/ is a link.
    let (outside, s) = secret();
    std::fs::remove_dir_all(s.path().join("themes")).unwrap();
    symlink(outside.path(), s.path().join("themes")).unwrap();
    let (code, found) = check(s.path());
    assert_eq!(code, Some(1));
    assert_eq!(found, ["quire.yaml:0:0 error invalid-path theme `mine` cannot be used: themes is a symbolic link, and quire does not follow them"]);
    let run = quire(s.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    // The default theme's folder as a link falls back to the built-in theme.
    let (outside, s) = secret();
    std::fs::write(s.path().join("quire.yaml"), RELAXED).unwrap();
    symlink(outside.path(), s.path().join("themes/default")).unwrap();
    let (code, found) = check(s.path());
    assert_eq!(code, Some(0));
    assert_eq!(found, ["themes/default:0:0 warning symlink-skipped symbolic links are not followed, so nothing is published from it"]);
    let run = quire(s.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!published(s.path()).iter().any(|f| f.contains("shadow")));
    // A theme name is a folder name, not a path.
    let s = site(
        "theme: ../../etc\n",
        &[("content/sop/a.md", "---\ntitle: a\n---\n")],
    );
    let (code, found) = check(s.path());
    assert_eq!(code, Some(1));
    assert_eq!(found, ["quire.yaml:1:8 error invalid-path theme `../../etc` is not a folder name under themes/; write a name such as `mine`"]);
}

#[test]
fn a_linked_content_folder_is_an_error() {
    let outside = TempDir::new().unwrap();
    std::fs::create_dir(outside.path().join("sop")).unwrap();
    std::fs::write(outside.path().join("sop/a.md"), "---\ntitle: 外面\n---\n").unwrap();
    let s = site(RELAXED, &[]);
    std::os::unix::fs::symlink(outside.path(), s.path().join("content")).unwrap();
    refused(
        s.path(),
        &["content:0:0 error symlink-skipped content/ is a symbolic link; quire does not follow symbolic links"],
    );
}

#[test]
fn every_file_a_build_writes_is_reserved_or_a_page() {
    // The sample site has every kind of output: kinds, tags, the glossary,
    // a handbook, SOP checklists; a base URL with a host adds the sitemap.
    let s = TempDir::new().unwrap();
    crate::copy_dir(&crate::repo().join("content"), &s.path().join("content"));
    std::fs::copy(
        crate::repo().join("quire.yaml"),
        s.path().join("quire.yaml"),
    )
    .unwrap();
    let run = quire(
        s.path(),
        &[
            "build",
            "--no-pdf",
            "--base-url",
            "https://handbook.example/",
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let kinds = ["group-rules/", "sop/", "sharing/", "cases/"];
    for file in published(s.path()) {
        let claimed = quire::base::urls::RESERVED_FILES
            .iter()
            .any(|(f, ..)| *f == file)
            || quire::base::urls::RESERVED_DIRS
                .iter()
                .any(|d| file.starts_with(d))
            || kinds.iter().any(|k| file.starts_with(k));
        assert!(claimed, "{file} is written by quire but not reserved");
    }
}

#[test]
fn content_reaches_the_terminal_escaped() {
    let s = fixture("escapes");
    let run = quire(s.path(), &["check"]);
    assert_eq!(run.status.code(), Some(0));
    let err = &run.stderr;
    assert!(
        !err.contains(&0x1b) && !err.contains(&b'\r'),
        "{}",
        stderr(&run)
    );
    let err = stderr(&run);
    // The tag from a YAML escape, in the message; the raw bytes of the body,
    // in the snippet, with the caret under the escaped character.
    assert!(err.contains("warning[unknown-tag]: `\\u{1b}[32m新人\\u{d}` is not one of the site's tags\n --> content/sop/welcome.md:3:12\n"), "{err}");
    assert!(err.contains(" --> content/sop/welcome.md:6:3\n  |\n6 | 正文\\u{1b}[2K\\u{d}假的一行\n  |     ^^^^^^\n"), "{err}");
    assert!(
        err.ends_with("\nchecked 1 playbook: 0 errors, 2 warnings\n"),
        "{err}"
    );
    for format in ["short", "github"] {
        let run = quire(s.path(), &["check", "--format", format]);
        assert!(!run.stdout.contains(&0x1b), "{format}: {}", stdout(&run));
        assert!(!stdout(&run).contains('\r'), "{format}");
        assert!(stdout(&run).contains("\\u{1b}[32m新人"), "{format}");
    }
}
