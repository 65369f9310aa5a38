//! Resource ceilings: how much YAML one file may hold (and the glossary's
//! larger allowance), the site's `fonts/` folder (its size cap and its
//! symbolic links), and the work one handbook's PDF may take. Inputs sit
//! just past each limit, so every test is quick on any build.

use std::path::Path;

use crate::{fixture, quire, stdout};

fn check_short(root: &Path) -> (Option<i32>, String) {
    let run = quire(root, &["check", "--format", "short"]);
    (run.status.code(), stdout(&run))
}

/// Glossary entries of twelve YAML values each (the entry, four keys, the
/// term, two aliases in a list, the definition, one `see` in a list).
fn glossary(terms: usize) -> String {
    (0..terms)
        .map(|i| {
            format!("- term: 术语{i}\n  aliases: [别名{i}, alias{i}]\n  definition: 第 {i} 个术语。\n  see: [sop/welcome]\n")
        })
        .collect()
}

#[test]
fn a_glossary_of_many_thousand_terms_is_read() {
    // 22,000 entries are 264,000 values: past what one playbook may hold.
    let site = fixture("handbook");
    std::fs::write(site.path().join("content/glossary.yaml"), glossary(22_000)).unwrap();
    let (code, out) = check_short(site.path());
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out, "checked 4 playbooks: 0 errors, 0 warnings\n");
}

#[test]
fn yaml_with_too_many_values_says_so_and_not_that_it_nests() {
    let site = fixture("handbook");
    let tags = vec!["a"; 250_001].join(", ");
    std::fs::write(
        site.path().join("content/sop/many.md"),
        format!("---\ntitle: 很多标签\ntags: [{tags}]\n---\n"),
    )
    .unwrap();
    let (code, out) = check_short(site.path());
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(
        out.lines().next().unwrap(),
        "content/sop/many.md:2:1: error[yaml-syntax] invalid YAML: the file holds more than 250000 YAML values (each text, number, list and mapping counts), the most quire reads in one file"
    );
}

#[cfg(feature = "pdf")]
mod fonts {
    use super::*;

    fn build_short(root: &Path) -> String {
        let run = quire(
            root,
            &["build", "--ignore-system-fonts", "--format", "short"],
        );
        assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
        stdout(&run)
    }

    /// A folder outside the site, holding `name`.
    fn outside(name: &str) -> tempfile::TempDir {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::write(dir.path().join(name), b"not read").unwrap();
        dir
    }

    #[test]
    fn a_symlinked_fonts_folder_is_not_followed() {
        let site = fixture("handbook");
        let elsewhere = outside("secret.ttf");
        std::os::unix::fs::symlink(elsewhere.path(), site.path().join("fonts")).unwrap();
        let out = build_short(site.path());
        assert!(
            out.contains("fonts: warning[symlink-skipped] symbolic links are not followed\n"),
            "{out}"
        );
    }

    #[test]
    fn symlinks_inside_fonts_are_not_followed_and_huge_fonts_not_read() {
        let site = fixture("handbook");
        let fonts = site.path().join("fonts");
        std::fs::create_dir(&fonts).unwrap();
        let elsewhere = outside("secret.ttf");
        std::os::unix::fs::symlink(elsewhere.path().join("secret.ttf"), fonts.join("a.ttf"))
            .unwrap();
        // Sparse: one byte past the cap costs no disk, and reading it would
        // cost 128 MB of memory.
        let huge = std::fs::File::create(fonts.join("b.otf")).unwrap();
        huge.set_len(128 * 1024 * 1024 + 1).unwrap();
        let out = build_short(site.path());
        let mut lines = out.lines().filter(|l| l.starts_with("fonts/"));
        assert_eq!(
            lines.next(),
            Some("fonts/a.ttf: warning[symlink-skipped] symbolic links are not followed")
        );
        assert_eq!(
            lines.next(),
            Some("fonts/b.otf: warning[font-too-large] this font file is 129 MB; quire reads font files of at most 128 MB, so it is not used")
        );
        assert_eq!(lines.next(), None, "{out}");
    }
}

#[cfg(feature = "pdf")]
mod handbook_pdf {
    use std::process::{Command, Output, Stdio};
    use std::time::{Duration, Instant};

    use super::*;
    use crate::read;

    /// Runs quire like [`quire`], but kills it and fails after `secs`: on
    /// a build without the budget these inputs would typeset for minutes.
    fn quire_within(root: &Path, args: &[&str], secs: u64) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(args)
            .current_dir(root)
            .env("QUIRE_LANG", "en")
            .env("SOURCE_DATE_EPOCH", "1795564800")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(secs);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                child.kill().unwrap();
                panic!("quire {args:?} still running after {secs} s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        child.wait_with_output().unwrap()
    }

    fn with_case(body: &str) -> tempfile::TempDir {
        let site = fixture("handbook");
        std::fs::write(
            site.path().join("content/cases/outside.md"),
            format!("---\ntitle: 外站案例\n---\n\n## 背景\n\n{body}"),
        )
        .unwrap();
        let guide = site.path().join("content/handbooks/guide.yaml");
        let more = "  - title: 案例\n    include: [cases/outside]\n";
        std::fs::write(&guide, read(&guide) + more).unwrap();
        site
    }

    #[test]
    fn a_handbook_past_the_budget_gets_no_pdf_and_no_page_links_one() {
        // The budget is checked only where a PDF could be made.
        if !crate::pdf::pdf_tools() {
            return;
        }
        // 1,500,001 characters in paragraphs of 300, and the fixture's own 318 (its `<tag>` is text, printed as typed; its SOP's `steps:` field prints as a step table).
        let paragraph = "社群运营新人接待规则分享".repeat(25);
        let body = format!("{}甲\n", format!("{paragraph}\n\n").repeat(5_000));
        let site = with_case(&body);
        let run = quire_within(site.path(), &["build", "--format", "short"], 60);
        let err = stdout(&run);
        assert_eq!(run.status.code(), Some(0), "{err}");
        assert_eq!(
            err.lines().next().unwrap(),
            "content/handbooks/guide.yaml: warning[handbook-too-large] no PDF for the handbook `guide`: it prints 1,500,319 characters of text, and a PDF may have at most 1,500,000, to keep typesetting within seconds and under 1 GB; the site and the print page are built"
        );
        let public = site.path().join("public");
        assert!(!public.join("handbooks/guide.pdf").exists());
        let page = read(public.join("handbooks/guide/index.html"));
        assert!(page.contains("社群运营新人接待规则分享"));
        assert!(!page.contains("guide.pdf"), "the print page links no PDF");
        assert!(!read(public.join("index.html")).contains("guide.pdf"));
        let run = quire(site.path(), &["build", "--strict"]);
        assert_eq!(run.status.code(), Some(1), "a warning fails --strict");
    }

    #[test]
    fn one_paragraph_past_the_budget_names_its_playbook() {
        // The budget is checked only where a PDF could be made.
        if !crate::pdf::pdf_tools() {
            return;
        }
        let site = with_case(&format!("{}\n", "群".repeat(100_001)));
        let run = quire_within(site.path(), &["build", "--handbook", "guide"], 60);
        let err = crate::stderr(&run);
        assert_eq!(run.status.code(), Some(0), "{err}");
        assert!(
            err.contains("warning[handbook-too-large]: no PDF for the handbook `guide`: it has 100,001 characters and links in one paragraph, and a PDF may have at most 100,000"),
            "{err}"
        );
        assert!(
            err.contains("= help: `cases/outside` alone has 100,001: split it (or the table or paragraph in it) into smaller playbooks, or leave it out of this handbook"),
            "{err}"
        );
    }
}
