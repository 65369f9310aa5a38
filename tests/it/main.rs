//! End-to-end tests: the `quire` binary run on the sample site and on fixture
//! sites under `tests/fixtures/`, asserting on exit codes, diagnostics and the
//! files produced. Each test copies its fixture into a temporary folder, so
//! tests never write into the repository.

mod assets;
mod build;
mod check;
mod cli;
mod codes;
mod drafts;
mod facts;
mod front_matter;
mod fuzz_cases;
mod handbook;
mod hostile;
mod html;
mod layers;
mod limits;
mod link_forms;
mod links;
mod newcomer;
mod pages;
mod paths;
// The PDF engine is a cargo feature (on by default).
#[cfg(feature = "pdf")]
mod pdf;
mod rules;
mod serve;
mod syntax;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The repository root, which is also the sample site.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `tests/fixtures/<name>` into a new temporary folder.
pub fn fixture(name: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A site with `config` as its `quire.yaml` and `files` written into it.
pub fn site(config: &str, files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("quire.yaml"), config).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// A one-kind configuration whose kind requires nothing.
pub const RELAXED: &str = "kinds:\n  - {id: sop, elements: []}\n";

/// Runs the quire binary with `args` in `cwd`.
pub fn quire(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        // Messages in English, whatever the site's language: the tests of
        // Chinese messages ask for them with `--lang zh-CN`.
        .env("QUIRE_LANG", "en")
        // 2026-11-25, so that `review-overdue` does not depend on the day the tests run.
        .env("SOURCE_DATE_EPOCH", "1795564800")
        .output()
        .unwrap()
}

/// `quire check --format json` with `extra` arguments, run in `root`: the
/// exit code and the parsed report.
pub fn check_json(root: &Path, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let run = quire(root, &args);
    let json =
        serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&run)));
    (run.status.code(), json)
}

/// `file:line:col severity code` of each diagnostic, in output order.
pub fn codes(json: &serde_json::Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap()
            )
        })
        .collect()
}

/// Runs quire as an author does on their own machine: no `QUIRE_LANG`, so
/// it speaks the site's language (with an English system locale, which the
/// site's language outranks).
pub fn quire_as_author(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .env_remove("QUIRE_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8")
        .env("SOURCE_DATE_EPOCH", "1795564800")
        .output()
        .unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What `--format short`, `json` and `github` print: they go to stdout.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}
