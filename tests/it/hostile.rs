//! Inputs found by a hostile review: each gets a diagnostic or a refusal,
//! never a panic, a hang, a page lost without a word, or a file written
//! outside the output folder.

use std::path::Path;

use crate::*;

fn short(root: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut all = vec!["check", "--format", "short"];
    all.extend_from_slice(args);
    let run = quire(root, &all);
    (run.status.code(), stdout(&run))
}

#[test]
fn kind_folders_cannot_leave_the_site() {
    let config = format!("{RELAXED}folders:\n  \"/\": sop\n  ../escaped: sop\n");
    let s = site(&config, &[("content/sop/a.md", "---\ntitle: a\n---\n")]);
    let (code, out) = short(s.path(), &[]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("quire.yaml:4:3: error[invalid-path] `/` is not a folder under content/"),
        "{out}"
    );
    assert!(
        out.contains(
            "quire.yaml:5:3: error[invalid-path] `../escaped` is not a folder under content/"
        ),
        "{out}"
    );
    let run = quire(s.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!s.path().parent().unwrap().join("escaped").exists());
}

#[test]
fn pages_never_silently_replace_each_other() {
    let s = site(
        RELAXED,
        &[
            ("content/sop.md", "---\ntitle: 与类型同名\nkind: sop\n---\n"),
            ("content/sop/a.md", "---\ntitle: a\ntags: [a/b]\n---\n"),
            ("content/sop/b.md", "---\ntitle: b\ntags: [a-b]\n---\n"),
        ],
    );
    let (code, out) = short(s.path(), &[]);
    assert_eq!(code, Some(1));
    assert!(out.contains("content/sop.md: error[duplicate-url] the page would be written to `sop/`, which the site itself uses"), "{out}");
    assert!(out.contains("content/sop/b.md:3:8: error[duplicate-url] the tag `a-b` would share the page `tags/a-b/` with the tag `a/b`"), "{out}");
}

#[test]
fn pathological_markdown_finishes() {
    let stars = "*".repeat(200_000);
    let headings = "## 同名\n\n正文\n\n".repeat(20_000);
    let s = site(
        RELAXED,
        &[
            (
                "content/sop/stars.md",
                &format!("---\ntitle: 星\n---\n{stars}\n"),
            ),
            (
                "content/sop/headings.md",
                &format!("---\ntitle: 标题\n---\n{headings}"),
            ),
        ],
    );
    let run = quire(s.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let page = read(s.path().join("public/sop/headings/index.html"));
    assert!(page.contains("id=\"同名-19999\""));
}

#[test]
fn huge_numbers_are_diagnostics_not_overflows() {
    let s = site(
        "",
        &[(
            "content/sop/x.md",
            "---\ntitle: x\nreview_every: 9223372036854775807d\nreviewed: 2026-01-01\nsteps:\n  - {when: D+9999999999999999, who: a, action: b}\n---\n",
        )],
    );
    let (code, out) = short(s.path(), &[]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains(
            "content/sop/x.md:3:15: error[invalid-date] `review_every` must be a duration"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "content/sop/x.md:6:12: error[invalid-step] `D+9999999999999999` is not an offset"
        ),
        "{out}"
    );
    assert!(!out.contains("internal error"));
}

#[test]
fn deeply_nested_yaml_is_a_diagnostic() {
    let nested = format!(
        "---\ntitle: x\ntags: {}{}\n---\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let block: String = (0..100)
        .map(|i| format!("{}- \n", "  ".repeat(i)))
        .collect();
    let s = site(
        RELAXED,
        &[
            ("content/sop/deep.md", &nested),
            (
                "content/sop/block.md",
                &format!("---\ntitle: y\ntags:\n{block}---\n"),
            ),
        ],
    );
    let (code, out) = short(s.path(), &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.starts_with("content/sop/block.md:"), "{out}");
    assert!(out.contains("\ncontent/sop/deep.md:3:"), "{out}");
    assert!(
        out.contains(
            "error[yaml-syntax] invalid YAML: the YAML nests or repeats more than quire allows"
        ),
        "{out}"
    );
}

#[test]
fn a_comment_is_not_content() {
    let kinds = quire::input::kind::builtin();
    let rules = read(repo().join("tests/fixtures/kinds/group-rules.md"))
        .replace("每天读书打卡，互相监督。", "<!-- 以后再写 -->");
    let s = site(
        "",
        &[(&format!("content/{}/x.md", kinds[0].folder), &rules)],
    );
    let (code, out) = short(s.path(), &[]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("content/group-rules/x.md:6:1: error[empty-element] `定位` has a heading but nothing under it"), "{out}");
}

#[test]
fn commands_need_an_existing_site() {
    let nowhere = TempDir::new().unwrap();
    let missing = nowhere.path().join("nope");
    for args in [vec!["schema", "--root"], vec!["new", "sop", "x", "--root"]] {
        let mut args = args;
        args.push(missing.to_str().unwrap());
        let run = quire(nowhere.path(), &args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&run).starts_with("error: the site folder"),
            "{}",
            stderr(&run)
        );
    }
    assert!(!missing.exists());
    let s = site(RELAXED, &[("content/sop/a.md", "---\ntitle: a\n---\n")]);
    let inside_static = s.path().join("static/site");
    let run = quire(
        s.path(),
        &["build", "--output", inside_static.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("it is inside"), "{}", stderr(&run));
}

/// Every kind of broken file the hostile-input issue lists, each with the
/// diagnostic it must get: (file under content/, bytes, expected line).
fn broken_files() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let laughs = {
        let mut y = String::from("---\ntitle: a\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let mut prev = 'a';
        for name in "bcdefghi".chars() {
            y.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 9].join(",")
            ));
            prev = name;
        }
        y + "---\n"
    };
    let f = |s: &str| s.as_bytes().to_vec();
    vec![
        ("sop/unterminated.md", f("---\ntitle: a\n\n正文\n"), "content/sop/unterminated.md:1:1: error[unterminated-front-matter]"),
        ("sop/only-dashes.md", f("---"), "content/sop/only-dashes.md:1:1: error[unterminated-front-matter]"),
        ("sop/tabs.md", f("---\ntitle: a\n\ttags: [x]\n---\n"), "content/sop/tabs.md:2:8: error[yaml-syntax] invalid YAML: a tab where YAML needs spaces"),
        ("sop/duplicate-keys.md", f("---\ntitle: a\ntitle: b\n---\n"), "content/sop/duplicate-keys.md:3:1: error[yaml-syntax] invalid YAML: the key `title` appears twice"),
        ("sop/custom-tag.md", f("---\ntitle: !!python/object:os.system a\n---\n"), "content/sop/custom-tag.md:2:8: error[yaml-syntax] invalid YAML: `!!python/object:os.system` is a YAML tag, which quire does not read"),
        ("sop/stream.yaml", f("title: a\n---\ntitle: b\n"), "content/sop/stream.yaml:2:1: error[yaml-syntax] invalid YAML: a second YAML document starts here; a file holds one"),
        ("sop/types.md", f("---\ntitle: [1, 2]\n---\n"), "content/sop/types.md:2:8: error[wrong-type] `title` must be text, found a list"),
        ("sop/huge-value.md", format!("---\ntitle: \"{}\"\n---\n", "x".repeat(10_000_000)).into_bytes(), "content/sop/huge-value.md:2:8: error[value-too-long] `title` is 10000000 characters long; a value may have at most 10000"),
        ("sop/laughs.md", laughs.into_bytes(), "content/sop/laughs.md:8:14: error[yaml-syntax] invalid YAML: the YAML nests or repeats more than quire allows (at most 24 levels)"),
        ("sop/deep.md", format!("---\ntitle: a\nx: {}{}\n---\n", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(), "content/sop/deep.md:3:28: error[yaml-syntax] invalid YAML: the YAML nests or repeats more than quire allows (at most 24 levels)"),
        ("sop/non-utf8.md", b"---\ntitle: \xff\xfe\n---\n".to_vec(), "content/sop/non-utf8.md:2:8: error[invalid-utf8] the file is not valid UTF-8 (byte 11)"),
        ("sop/bom-inside.md", f("---\ntitle: a\u{feff}b\n---\n"), "content/sop/bom-inside.md:2:9: warning[invisible-character] U+FEFF is invisible"),
        ("sop/bidi.md", f("---\ntitle: 群规\u{202e}txt.exe\n---\n"), "content/sop/bidi.md:2:10: warning[invisible-character] U+202E is invisible"),
        ("sop/zero-width.md", f("---\ntitle: a\n---\n## 步\u{200b}骤\n"), "content/sop/zero-width.md:4:5: warning[invisible-character] U+200B is invisible"),
        ("sop/nul-byte.md", f("---\ntitle: a\0b\n---\n"), "content/sop/nul-byte.md:2:9: error[control-character] U+0000 is a control character, not text"),
        ("sop/empty.md", Vec::new(), "content/sop/empty.md: warning[empty-file] the file is empty, so it gets no page"),
        ("sop/too-big.md", vec![b'a'; 64 * 1024 * 1024 + 1], "content/sop/too-big.md: error[file-too-large] the file is larger than 64 MB, the most quire reads"),
    ]
}

/// Adds `files` to the site's content/ and builds it: (exit code, stderr).
fn build_with(site: &Path, files: &[(&str, Vec<u8>, &str)]) -> (Option<i32>, String) {
    for (path, bytes, _) in files {
        std::fs::write(site.join("content").join(path), bytes).unwrap();
    }
    let run = quire(site, &["build", "--format", "short"]);
    (run.status.code(), stdout(&run))
}

#[test]
fn each_broken_file_gets_its_diagnostic_and_the_old_site_stays() {
    let files = broken_files();
    let s = site(
        RELAXED,
        &[("content/sop/good.md", "---\ntitle: 好\n---\n正文\n")],
    );
    let run = quire(s.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let before = read(s.path().join("public/sop/good/index.html"));
    let (code, out) = build_with(s.path(), &files);
    assert_eq!(code, Some(1), "{out}");
    for (path, _, expected) in &files {
        let lines: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with(&format!("content/{path}:")))
            .collect();
        assert_eq!(lines.len(), 1, "{path}: {lines:#?}");
        assert!(lines[0].starts_with(expected), "{path}: {}", lines[0]);
    }
    assert!(
        !out.contains("internal error") && !out.contains("panicked"),
        "{out}"
    );
    assert!(out.contains("build failed; nothing was written"), "{out}");
    assert_eq!(read(s.path().join("public/sop/good/index.html")), before);
    assert!(!s.path().join("public/sop/types").exists());
}

#[test]
fn the_sample_site_with_every_broken_file_added_reports_each_and_builds_nothing() {
    let s = TempDir::new().unwrap();
    std::fs::copy(repo().join("quire.yaml"), s.path().join("quire.yaml")).unwrap();
    copy_dir(&repo().join("content"), &s.path().join("content"));
    let files = broken_files();
    let (code, out) = build_with(s.path(), &files);
    assert_eq!(code, Some(1), "{out}");
    for (path, _, expected) in &files {
        assert!(
            out.lines().any(|l| l.starts_with(expected)),
            "{path}: {expected}\n{out}"
        );
    }
    assert!(out.contains("build failed; nothing was written"), "{out}");
    assert!(!s.path().join("public").exists());
}

#[test]
fn pathological_markdown_builds_within_bounds() {
    let quotes = format!("---\ntitle: 引用\n---\n{} 深\n", ">".repeat(100_000));
    let items = format!("---\ntitle: 列表\n---\n{}x\n", "- ".repeat(100_000));
    let emphasis = format!(
        "---\ntitle: 强调\n---\n{}\n{}\n",
        "*a **a ".repeat(50_000),
        "[a](".repeat(30_000)
    );
    let refs: String = (0..20_000)
        .map(|i| format!("[{i}]: /u{i}\n"))
        .collect::<String>()
        + &"[x]".repeat(20_000);
    let refs = format!("---\ntitle: 引用定义\n---\n{refs}\n");
    let divs = format!("---\ntitle: 标签\n---\n{}深\n", "<div>".repeat(100_000));
    let s = site(
        RELAXED,
        &[
            ("content/sop/quotes.md", &quotes),
            ("content/sop/items.md", &items),
            ("content/sop/emphasis.md", &emphasis),
            ("content/sop/refs.md", &refs),
            ("content/sop/divs.md", &divs),
        ],
    );
    let run = quire(s.path(), &["build", "--format", "short"]);
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(0), "{out}");
    let page = read(s.path().join("public/sop/quotes/index.html"));
    assert_eq!(page.matches("<blockquote>").count(), 100_000);
    // The sanitizer's parser is quadratic in nesting: past its limit, raw HTML is left out.
    assert!(out.contains("content/sop/divs.md:4:1: warning[raw-html] the page holds 100000 HTML tags, more than the 10000 quire sanitizes; its raw HTML is left out"), "{out}");
    let divs = read(s.path().join("public/sop/divs/index.html"));
    assert!(
        divs.contains("<h1>标签</h1>") && !divs.contains("<div><div>"),
        "{divs}"
    );
}

#[test]
fn odd_file_names_and_folders_build() {
    let s = site(
        RELAXED,
        &[
            ("content/sop/带 空格.md", "---\ntitle: 空格\n---\n"),
            ("content/sop/入群🎉.md", "---\ntitle: 表情\n---\n"),
            ("content/sop/a:b*c?.md", "---\ntitle: 冒号\n---\n"),
            ("content/sop/x.md/inside.md", "---\ntitle: 目录里\n---\n"),
            ("content/sop/con.md", "---\ntitle: 设备名\n---\n"),
        ],
    );
    let run = quire(s.path(), &["build", "--format", "short"]);
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(0), "{out}");
    let warnings: Vec<&str> = out.lines().filter(|l| l.contains("warning[")).collect();
    assert_eq!(
        warnings,
        [
            "content/sop/a:b*c?.md: warning[file-name] the name contains `:`, so the file cannot be checked out on Windows",
            "content/sop/con.md: warning[file-name] `CON` is a reserved device name, so the file cannot be checked out on Windows",
        ]
    );
    // A colon is percent-encoded in links, or `a:b/` would read as a URL scheme.
    let index = read(s.path().join("public/sop/index.html"));
    assert!(index.contains("a%3Ab*c%3F/index.html"), "{index}");
    for dir in ["sop/带 空格", "sop/入群🎉", "sop/a:b*c?", "sop/x.md/inside"] {
        assert!(
            s.path()
                .join("public")
                .join(dir)
                .join("index.html")
                .is_file(),
            "{dir}"
        );
    }
}

#[cfg(unix)]
#[test]
fn symlinks_are_reported_and_never_followed() {
    let outside = TempDir::new().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: 机密\n---\n机密内容\n",
    )
    .unwrap();
    let s = site(RELAXED, &[("content/sop/a.md", "---\ntitle: a\n---\n")]);
    let sop = s.path().join("content/sop");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), sop.join("secret.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), sop.join("outside")).unwrap();
    std::os::unix::fs::symlink(&sop, sop.join("loop")).unwrap();
    let run = quire(s.path(), &["build", "--format", "short"]);
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(0), "{out}");
    for link in ["loop", "outside", "secret.md"] {
        assert!(
            out.contains(&format!(
                "content/sop/{link}: warning[symlink-skipped] symbolic links are not followed"
            )),
            "{out}"
        );
    }
    assert!(!s.path().join("public/sop/secret").exists());
    let everything = walkdir::WalkDir::new(s.path().join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("机密")));
    assert!(!everything, "text from outside the site was published");
}

/// The files under `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    files.sort();
    files
}

/// Leftover staging or old-site folders beside `public/`.
fn leftovers(site: &Path) -> Vec<String> {
    std::fs::read_dir(site)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("quire-staging") || n.contains("quire-old"))
        .collect()
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let s = fixture("basic");
    let page = s.path().join("content/sop/welcome.md");
    let text = read(&page);
    let run = quire(s.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let files = listing(&s.path().join("public"));
    let built = s.path().join("public/sop/welcome/index.html");
    let mut seen = std::collections::BTreeSet::new();
    // Kill points from 1 ms to half a second, doubling, with jitter from a
    // fixed seed: the short ones land inside the build, the long ones after it.
    let mut seed: u64 = 0x5eed;
    for round in 0..24u64 {
        std::fs::write(&page, text.replace("欢迎", &format!("欢迎{round}"))).unwrap();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = std::time::Duration::from_micros((1000 << (round % 10)) + (seed >> 33) % 1000);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(["build", "--no-pdf"])
            .current_dir(s.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        assert_eq!(
            listing(&s.path().join("public")),
            files,
            "round {round}: a mix"
        );
        let html = read(&built);
        let version = (0..=round)
            .rev()
            .find(|r| html.contains(&format!("欢迎{r}")))
            .map_or("first".to_string(), |r| r.to_string());
        seen.insert((status.code(), version));
    }
    // Both outcomes happened: some builds were killed (no exit code), some
    // finished and put their version in place.
    assert!(seen.iter().any(|(code, _)| code.is_none()), "{seen:?}");
    assert!(
        seen.iter()
            .any(|(code, v)| *code == Some(0) && v != "first"),
        "{seen:?}"
    );
    let run = quire(s.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(leftovers(s.path()), Vec::<String>::new());
    assert!(read(&built).contains("欢迎23"));
}

/// Makes `dir` refuse new entries, even for root (who ignores permissions):
/// `chattr +i` where it works. Returns how to undo it.
#[cfg(unix)]
fn make_read_only(dir: &Path) -> impl FnOnce() {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join(".probe");
    let chattr = std::fs::write(&probe, "").is_ok();
    if chattr {
        std::fs::remove_file(&probe).unwrap();
        let made = std::process::Command::new("chattr")
            .arg("+i")
            .arg(dir)
            .status();
        assert!(
            made.is_ok_and(|s| s.success()),
            "running as root, and `chattr +i` failed: cannot make a read-only folder to test with"
        );
    }
    let dir = dir.to_path_buf();
    move || {
        if chattr {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&dir)
                .status();
        }
        let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755));
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_a_clear_error_and_the_old_site_stays() {
    let s = fixture("basic");
    let out = s.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let run = quire(s.path(), &["build", "--no-pdf", "--output", "out/site"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let before = listing(&out.join("site"));
    std::fs::write(
        s.path().join("content/sop/welcome.md"),
        "---\ntitle: 改了\n---\n",
    )
    .unwrap();
    let undo = make_read_only(&out);
    let run = quire(s.path(), &["build", "--no-pdf", "--output", "out/site"]);
    undo();
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: cannot create "), "{err}");
    assert!(err.contains("quire-staging"), "{err}");
    assert_eq!(listing(&out.join("site")), before);
    assert_eq!(leftovers(&out), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_errors_with_their_path() {
    use std::os::unix::fs::PermissionsExt;
    let s = site(
        RELAXED,
        &[
            ("content/sop/a.md", "---\ntitle: a\n---\n"),
            ("content/sop/secret.md", "---\ntitle: s\n---\n"),
            ("content/sop/locked/b.md", "---\ntitle: b\n---\n"),
        ],
    );
    for entry in walkdir::WalkDir::new(s.path()) {
        let entry = entry.unwrap();
        let mode = if entry.file_type().is_dir() {
            0o755
        } else {
            0o644
        };
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let sop = s.path().join("content/sop");
    std::fs::set_permissions(
        sop.join("secret.md"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::set_permissions(sop.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads everything; run quire as `nobody` then, as CI does.
    let as_root = std::fs::read(sop.join("secret.md")).is_ok();
    let mut command = if as_root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_quire"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
    };
    let run = command
        .args(["check", "--format", "short"])
        .env("QUIRE_LANG", "en")
        .current_dir(s.path())
        .output()
        .unwrap();
    std::fs::set_permissions(sop.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(1), "{out}");
    assert!(
        out.contains(
            "content/sop/secret.md: error[unreadable-file] cannot read file: Permission denied"
        ),
        "{out}"
    );
    assert!(
        out.contains("content/sop/locked: error[unreadable-file]")
            && out.contains("Permission denied"),
        "{out}"
    );
    assert!(out.contains("checked 1 playbook: 2 errors"), "{out}");
}

#[test]
fn a_handbook_cannot_include_itself_or_what_is_missing() {
    let s = site(
        RELAXED,
        &[
            ("content/sop/a.md", "---\ntitle: a\n---\n"),
            (
                "content/handbooks/self.yaml",
                "title: 自己\nchapters:\n  - title: 一\n    include: [handbooks/self, sop/a, sop/gone]\n",
            ),
        ],
    );
    let (code, out) = short(s.path(), &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(
            "content/handbooks/self.yaml:4:15: error[broken-link] no playbook `handbooks/self`"
        ),
        "{out}"
    );
    assert!(
        out.contains("content/handbooks/self.yaml:4:38: error[broken-link] no playbook `sop/gone`"),
        "{out}"
    );
}

/// A full disk, for real: a tmpfs just big enough for one copy of the site,
/// mounted in a private mount namespace (`unshare`), so the second build
/// runs out of space while writing beside the first.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_a_clear_error_and_the_old_site_stays() {
    let s = fixture("basic");
    let out = s.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let script = r#"
set -e
mount -t tmpfs -o size=64m tmpfs "$OUT"
"$QUIRE" build --no-pdf --output "$OUT/site" >/dev/null 2>&1
used=$(du -sk "$OUT" | cut -f1)
umount "$OUT"
mount -t tmpfs -o size=$((used * 3 / 2))k tmpfs "$OUT"
"$QUIRE" build --no-pdf --output "$OUT/site" >/dev/null 2>&1
(cd "$OUT/site" && find . -type f | sort | xargs md5sum) > before
printf '\n改过了\n' >> content/sop/welcome.md
set +e
"$QUIRE" build --no-pdf --output "$OUT/site" 2> log
echo $? > code
(cd "$OUT/site" && find . -type f | sort | xargs md5sum) > after
ls -A "$OUT" > beside
"#;
    let root = std::fs::read("/proc/self/status")
        .map(|s| String::from_utf8_lossy(&s).contains("\nUid:\t0\t"))
        .unwrap_or(false);
    let run = std::process::Command::new("unshare")
        .args(if root { &["-m"][..] } else { &["-r", "-m"][..] })
        .args(["sh", "-c", script])
        .env("QUIRE", env!("CARGO_BIN_EXE_quire"))
        .env("QUIRE_LANG", "en")
        .env("OUT", &out)
        .current_dir(s.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "could not set up a small file system with unshare and mount: {}",
        stderr(&run)
    );
    let code = read(s.path().join("code"));
    let log = read(s.path().join("log"));
    assert_eq!(code.trim(), "2", "{log}");
    assert!(log.starts_with("error: cannot write "), "{log}");
    assert!(log.contains("No space left on device"), "{log}");
    assert_eq!(read(s.path().join("before")), read(s.path().join("after")));
    assert!(read(s.path().join("before")).contains("./sop/welcome/index.html"));
    assert_eq!(read(s.path().join("beside")).trim(), "site");
}

#[test]
fn a_broken_config_is_reported_alone_not_buried_under_every_playbook() {
    let s = TempDir::new().unwrap();
    copy_dir(&repo().join("content"), &s.path().join("content"));
    std::fs::write(
        s.path().join("quire.yaml"),
        "title: [未闭合\nlanguage: zh-CN\n",
    )
    .unwrap();
    let (code, out) = short(s.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        out,
        "quire.yaml:1:8: error[yaml-syntax] invalid YAML: this `[` is never closed\nchecked 0 playbooks: 1 error, 0 warnings\n"
    );
}
