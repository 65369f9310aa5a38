//! Resource ceilings: how much YAML one file may hold (and the glossary's
//! larger allowance), the site's `fonts/` folder (its size cap and its
//! symbolic links), and the work one handbook's PDF may take. Inputs sit
//! just past each limit, so every test is quick on any build.

use std::path::Path;

use crate::{fixture, quire, stderr};

fn check_short(root: &Path) -> (Option<i32>, String) {
    let run = quire(root, &["check", "--format", "short"]);
    (run.status.code(), stderr(&run))
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
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        stderr(&run)
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
