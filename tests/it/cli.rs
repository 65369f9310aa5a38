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

/// In a zh-CN site's folder, `quire --help` and each command's help are
/// Chinese, with no English heading or description left; `--lang en`
/// gives clap's English.
#[test]
fn help_speaks_the_site_language() {
    let site = fixture("basic");
    let run = quire_as_author(site.path(), &["--help"]);
    assert_eq!(run.status.code(), Some(0));
    let help = stdout(&run);
    assert!(help.starts_with("把一文件夹的社群运营手册变成培训网站\n\n用法：quire [选项] <命令>\n\n命令:\n  build   检查每一篇手册"), "{help}");
    assert!(
        help.contains(
            "\n示例：\n  quire init my-handbook           在 ./my-handbook 新建一个站点\n"
        ),
        "{help}"
    );
    for english in [
        "Usage",
        "Commands",
        "Options",
        "Print help",
        "Examples",
        "Turns a folder",
    ] {
        assert!(!help.contains(english), "{english} in {help}");
    }
    for command in ["build", "check", "serve", "init", "new", "schema"] {
        let run = quire_as_author(site.path(), &[command, "--help"]);
        let help = stdout(&run);
        assert!(
            help.contains("用法：quire ") && help.contains("选项:"),
            "{help}"
        );
        for english in [
            "Usage",
            "Options",
            "Possible values",
            "[default",
            "Examples",
            "The site's folder",
        ] {
            assert!(!help.contains(english), "{command}: {english} in {help}");
        }
    }
    let help = stdout(&quire_as_author(site.path(), &["serve", "--help"]));
    assert!(
        help.contains(
            "--port <PORT>        端口；0（或端口被占用时）自动选一个空闲的（默认 1111）"
        ),
        "{help}"
    );

    let run = quire_as_author(site.path(), &["--help", "--lang", "en"]);
    let help = stdout(&run);
    assert!(help.starts_with("Turns a folder of community-operations playbooks into a training site\n\nUsage: quire [OPTIONS] <COMMAND>"), "{help}");
    assert!(!help.contains("用法"), "{help}");
    // QUIRE_LANG outranks the site.
    assert!(stdout(&quire(site.path(), &["--help"])).starts_with("Turns a folder"));
}

/// A mistyped command or option is said in the run's language too.
#[test]
fn command_line_mistakes_are_said_in_chinese() {
    let site = fixture("basic");
    let run = quire_as_author(site.path(), &["check", "--formt", "json"]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        stderr(&run),
        "错误：不认识的选项 `--formt`；是不是想写 `--format`？\n\n用法：quire check [选项]\n\n运行 `quire --help` 看所有命令和选项。\n"
    );
    let run = quire_as_author(site.path(), &["biuld"]);
    assert!(
        stderr(&run).starts_with("错误：没有 `biuld` 这个命令；是不是想写 `build`？\n"),
        "{}",
        stderr(&run)
    );
    let run = quire_as_author(site.path(), &["check", "--format", "xml"]);
    assert!(
        stderr(&run).starts_with(
            "错误：`--format <FORMAT>` 不能是 `xml`，可以写：human、short、json、github\n"
        ),
        "{}",
        stderr(&run)
    );
    let run = quire(site.path(), &["check", "--formt", "json"]);
    assert!(
        stderr(&run).starts_with("error: unexpected argument '--formt' found"),
        "{}",
        stderr(&run)
    );
}

/// `init`, `new` and `schema` say what they wrote in the site's language.
#[test]
fn init_new_and_schema_report_in_chinese() {
    let dir = TempDir::new().unwrap();
    // No site yet, so the locale decides, English here: ask for Chinese.
    let run = quire_as_author(dir.path(), &["init", "站点"]);
    assert!(stderr(&run).contains("  created 站点/quire.yaml\n"));
    let again = TempDir::new().unwrap();
    let run = quire_as_author(again.path(), &["init", "站点", "--lang", "zh-CN"]);
    assert_eq!(run.status.code(), Some(0));
    let out = stderr(&run);
    assert!(out.contains("  已创建 站点/quire.yaml\n"), "{out}");
    assert!(out.ends_with("新站点建在 站点。先 `cd 站点`，再运行 `quire serve --open`，边写边预览；`quire build` 把站点写到 public/，之后用浏览器打开 public/index.html\n"), "{out}");
    let site = dir.path().join("站点");
    let run = quire_as_author(&site, &["new", "sop", "欢迎"]);
    assert!(
        stderr(&run)
            .starts_with("已创建 ./content/sop/欢迎.md，是一份草稿（文件里写着 `draft: true`）\n"),
        "{}",
        stderr(&run)
    );
    let run = quire_as_author(&site, &["schema"]);
    assert!(
        stderr(&run).starts_with("  已写入 ./schemas/"),
        "{}",
        stderr(&run)
    );
    // `--out` is taken from the current folder, not the site's.
    let run = quire_as_author(dir.path(), &["schema", "--root", "站点", "--out", "editor"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(dir.path().join("editor/sop.schema.json").is_file());
    assert!(!site.join("editor").exists());
}
