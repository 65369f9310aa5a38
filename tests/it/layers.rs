//! The folders of `src/` are the pipeline's layers, and a layer imports only
//! the layers below it. This reads every `crate::…` path in the library's
//! code (unit tests aside) and fails on one that reaches upward, naming the
//! file, the line and the layer it reached.

use std::path::Path;

use crate::repo;

/// The layers, lowest first. The files at the top of `src/` (`build.rs`,
/// `cli.rs`, `serve/` …) run the pipeline and may import every layer.
const LAYERS: &[&str] = &["base", "markdown", "input", "check", "link", "output"];

/// Macros exported at the crate's root, and the layer that defines each.
const MACROS: &[(&str, &str)] = &[("tr", "base")];

fn rank(module: &str) -> usize {
    let module = MACROS
        .iter()
        .find(|(name, _)| *name == module)
        .map_or(module, |(_, layer)| layer);
    LAYERS
        .iter()
        .position(|l| *l == module)
        .unwrap_or(LAYERS.len())
}

/// `crate::x` paths in `text`, with their line numbers, the `mod tests`
/// block at the end left out: a unit test may build what it tests from
/// any layer.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(end) => &text[..end],
        None => text,
    };
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() && rest.starts_with('{') {
                // `use crate::{a, b}`: each name in the group.
                let group = &rest[1..rest.find('}').unwrap_or(rest.len())];
                for part in group.split(',') {
                    let part = part.trim().split("::").next().unwrap_or("");
                    if !part.is_empty() {
                        found.push((n + 1, part.to_string()));
                    }
                }
            } else if !name.is_empty() {
                found.push((n + 1, name));
            }
        }
    }
    found
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_layer_imports_a_layer_above_it() {
    let src = repo().join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    all.sort();
    let mut upward = Vec::new();
    for path in &all {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let layer = rel.split('/').next().unwrap();
        let own = rank(layer);
        if own == LAYERS.len() {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for (line, module) in crate_paths(&text) {
            if rank(&module) > own {
                upward.push(format!("src/{rel}:{line}: {layer} imports {module}"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports from a higher layer:\n{}",
        upward.join("\n")
    );
}

/// The scan itself: a path anywhere on a line counts, a group counts each
/// name, and a comment does not.
#[test]
fn the_scan_finds_paths_in_groups_and_expressions() {
    let text = "use crate::{base, output::render};\nlet x = crate::link::f();\n// crate::output\n";
    let found: Vec<String> = crate_paths(text).into_iter().map(|(_, m)| m).collect();
    assert_eq!(found, ["base", "output", "link"]);
}

/// Every folder of `src/` is a layer this test knows, or one of the
/// pipeline's own (`serve/`), so a new folder cannot escape the check.
#[test]
fn every_folder_of_src_is_a_known_layer() {
    for entry in std::fs::read_dir(repo().join("src")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                LAYERS.contains(&name.as_str()) || name == "serve" || name == "cli",
                "src/{name}/ is not a layer of tests/it/layers.rs"
            );
            assert!(path.join("mod.rs").exists(), "src/{name}/ has no mod.rs");
        }
    }
}
