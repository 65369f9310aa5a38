//! The command line itself: help, version, init, and tool failures.

use crate::*;

#[test]
fn version_and_help() {
    let run = quire(&repo(), &["--version"]);
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        format!("quire {}\n", env!("CARGO_PKG_VERSION"))
    );
    let run = quire(&repo(), &["help"]);
    let help = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0));
    for example in [
        "quire init my-handbook",
        "quire check",
        "quire build --base-url",
        "quire new sop",
        "quire schema",
    ] {
        assert!(help.contains(example), "{example} in {help}");
    }
    let run = quire(&repo(), &["help", "build"]);
    assert!(String::from_utf8_lossy(&run.stdout).contains("--base-url"));
}

#[test]
fn bad_flags_and_missing_sites_are_tool_failures() {
    let run = quire(&repo(), &["build", "--no-such-flag"]);
    assert_eq!(run.status.code(), Some(2));
    let empty = TempDir::new().unwrap();
    let run = quire(empty.path(), &["build"]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(err.starts_with("error: no content/ folder in"), "{err}");
    assert!(err.contains("quire init"));
    assert!(!err.contains("panicked") && !err.contains("backtrace"));
}

#[test]
fn init_scaffolds_a_site_that_builds_and_never_overwrites() {
    let dir = TempDir::new().unwrap();
    let site = dir.path().join("新手册");
    let run = quire(dir.path(), &["init", "新手册"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    for file in [
        "quire.yaml",
        "content/glossary.yaml",
        "content/handbooks/handbook.yaml",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    for kind in ["group-rules", "sop", "sharing", "cases"] {
        assert_eq!(
            std::fs::read_dir(site.join("content").join(kind))
                .unwrap()
                .count(),
            1,
            "{kind}"
        );
    }
    let run = quire(&site, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("built 4 playbooks"),
        "{}",
        stderr(&run)
    );
    assert!(site.join("public/index.html").is_file());

    std::fs::write(site.join("quire.yaml"), "title: 我改过的\n").unwrap();
    let run = quire(dir.path(), &["init", "新手册"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("refusing to overwrite existing files"),
        "{}",
        stderr(&run)
    );
    assert_eq!(read(site.join("quire.yaml")), "title: 我改过的\n");
}
