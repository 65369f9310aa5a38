//! The search index: each playbook's entry (title, kind, tags, owner,
//! summary, and its text by section, cut to a budget) as the browser's
//! search reads it. The budget comes from the input's first two bytes, so
//! small budgets that cut text inside characters get tried.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quire::output::search;
use quire_fuzz::FOLDERS;

fuzz_target!(|data: &[u8]| {
    let (budget, rest) = match data {
        [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
        _ => return,
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let folder = FOLDERS[text.len() % FOLDERS.len()];
    let path = format!("content/{folder}/fuzz.md");
    let loaded = quire_fuzz::load(&[(&path, text)]);
    let built = &loaded.built;
    let site = &built.site;
    let mut entries = Vec::new();
    for i in 0..site.playbooks.len() {
        let entry = search::entry_alone(site, i, budget);
        let doc: serde_json::Value = serde_json::from_str(&entry).expect("an entry is JSON");
        let p = &site.playbooks[i];
        assert_eq!(doc["u"], p.url.as_str());
        assert_eq!(doc["t"], p.title.as_str());
        let sections = doc["x"].as_array().expect("sections");
        let mut total = 0;
        for s in sections {
            let s = s.as_array().expect("a section");
            assert_eq!(s.len(), 3);
            let body = s[2].as_str().expect("text");
            assert_eq!(body, body.trim_end());
            total += body.len();
        }
        // Every section keeps at least its opening 60 bytes.
        assert!(
            total <= budget + 60 * sections.len(),
            "{total} bytes over a budget of {budget} in {} sections",
            sections.len()
        );
        // The page's own parse gives the same entry.
        let cx = quire::markdown::Context::plain(site.config.language);
        let prepared = quire::markdown::prepare(p.body(), &cx);
        assert_eq!(search::entry(site, i, &prepared.events, budget), entry);
        entries.push(entry);
    }
    let js = search::index(&entries);
    let docs = js
        .strip_prefix(search::INDEX_OPENING)
        .and_then(|j| j.strip_suffix(search::INDEX_CLOSING))
        .expect("the index script's shape");
    let json = format!("{{\"docs\":[{docs}]}}");
    let index: serde_json::Value = serde_json::from_str(&json).expect("the index is JSON");
    assert_eq!(index["docs"].as_array().map(Vec::len), Some(entries.len()));
    let _ = search::text_budget(budget);
});
