//! Front matter: splitting the `---` fence, the YAML reader, the common
//! fields of a Markdown or pure-YAML playbook, and the same text read as
//! `quire.yaml`, the glossary and a handbook. Then the file is checked
//! against its kind (front-matter fields such as `steps`, enums, numbers).
#![no_main]

use libfuzzer_sys::fuzz_target;
use quire::input::config::Config;
use quire::input::parse::{self, Split};
use quire::input::yaml::{self, Node, Value};
use quire_fuzz::{assert_located, source, FOLDERS};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    quire_fuzz::setup();
    let md = source("content/sop/fuzz.md", text);
    let t = &md.text;
    match parse::split_front_matter(&md) {
        Ok(Split { yaml, body, toml }) => {
            assert!(yaml.start <= yaml.end && yaml.end <= body.start && body.end == t.len());
            for at in [yaml.start, yaml.end, body.start] {
                assert!(t.is_char_boundary(at), "split inside a character at {at}");
            }
            let fence = if toml { "+++" } else { "---" };
            let fenced = t.split('\n').next().is_some_and(|l| l.trim_end() == fence);
            if !fenced {
                assert_eq!((yaml.clone(), body.clone()), (0..0, 0..t.len()));
            }
            let mut warnings = Vec::new();
            let read = if toml {
                quire::input::toml_front::parse(&md, yaml.clone())
            } else {
                yaml::parse(&md, yaml.clone(), &mut warnings)
            };
            match read {
                Ok(node) => offsets_inside(&node, &md.text, yaml.start, yaml.end.max(yaml.start)),
                Err(d) => {
                    let code = if toml { "toml-syntax" } else { "yaml-syntax" };
                    assert_eq!(d.code, code);
                    assert_located(&d, &md);
                }
            }
            for d in &warnings {
                assert_located(d, &md);
            }
        }
        Err(d) => {
            assert_eq!(
                (d.code, d.line, d.column),
                ("unterminated-front-matter", 1, 1)
            );
            assert_located(&d, &md);
        }
    }

    let config = Config::default();
    for path in ["content/sop/fuzz.md", "content/fuzz.yaml"] {
        let file = source(path, text);
        let mut diags = Vec::new();
        let playbook = parse::parse(file.clone(), &config, &mut diags);
        for d in &diags {
            assert_located(d, &file);
        }
        if let Some(p) = playbook {
            assert!(p.body_offset <= file.text.len());
            let _ = p.body();
            let _ = p.file_range(0..p.body().len());
            assert!(p.dir.ends_with('/') && p.dir.len() > 1, "{}", p.dir);
            assert!(!p.url.is_empty());
        } else {
            assert!(
                diags.iter().any(|d| d.is_error()),
                "dropped without an error"
            );
        }
    }

    // The same reader serves the site's other YAML files.
    let mut diags = Vec::new();
    let config_file = source("quire.yaml", text);
    let _ = Config::parse(&config_file, &mut diags);
    let glossary_file = source("content/glossary.yaml", text);
    let terms = quire::input::glossary::parse(&glossary_file, &mut diags);
    let _ = quire::input::glossary::matcher(&terms).find("社群运营与 KOL community");
    let handbook_file = source("content/handbooks/fuzz.yaml", text);
    let _ = quire::input::handbook::parse(handbook_file.clone(), &mut diags);
    for d in &diags {
        let file = [&config_file, &glossary_file, &handbook_file]
            .into_iter()
            .find(|f| f.path == d.file)
            .expect("a diagnostic names its file");
        assert_located(d, file);
    }

    // Checked against its kind: the folder is picked by length, so every
    // kind's front-matter fields get their turn.
    let folder = FOLDERS[text.len() % FOLDERS.len()];
    let path = format!("content/{folder}/fuzz.md");
    let _ = quire_fuzz::load(&[(&path, text)]);
});

/// Every value's offset is inside the YAML it was read from.
fn offsets_inside(node: &Node, text: &str, start: usize, end: usize) {
    assert!(
        node.offset >= start && node.offset <= end,
        "offset {} outside {start}..{end}",
        node.offset
    );
    assert!(
        text.is_char_boundary(node.offset),
        "offset {} inside a character",
        node.offset
    );
    let _ = node.span();
    match &node.value {
        Value::List(items) => items
            .iter()
            .for_each(|n| offsets_inside(n, text, start, end)),
        Value::Map(pairs) => pairs.iter().for_each(|(k, v)| {
            offsets_inside(k, text, start, end);
            offsets_inside(v, text, start, end);
        }),
        _ => {}
    }
}
