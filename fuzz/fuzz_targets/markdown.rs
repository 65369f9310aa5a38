//! The Markdown pipeline: a fuzzed playbook file is loaded beside a few
//! others (parse, check against its kind, link), then its body is outlined
//! (headings, tables, links, code blocks: what element detection reads),
//! rendered with links resolved and glossary terms linked, rendered again as
//! a handbook chapter places it, and rendered plainly; its steps, if any,
//! are drawn as a timeline.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quire::base::i18n::Language;
use quire::markdown::{self, Context};
use quire::markdown::outline;
use quire_fuzz::FOLDERS;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let folder = FOLDERS[text.len() % FOLDERS.len()];
    let path = format!("content/{folder}/fuzz.md");
    let loaded = quire_fuzz::load(&[(&path, text)]);
    let built = &loaded.built;
    let site = &built.site;

    // The body alone, whether or not the file parsed as a playbook.
    // (Offsets count from after a leading BOM, as the file is read.)
    let file = quire_fuzz::source(&path, text);
    let body = match quire::input::parse::split_front_matter(&file) {
        Ok(split) => &file.text[split.body],
        Err(_) => &file.text[..],
    };
    let o = outline::outline(body);
    for s in &o.sections {
        assert!(body.get(s.range.clone()).is_some(), "{:?}", s.range);
        assert!((1..=6).contains(&s.level));
        for t in &s.tables {
            for cell in t.rows.iter().flatten() {
                assert!(body.get(cell.range.clone()).is_some(), "{:?}", cell.range);
            }
        }
    }
    for l in &o.links {
        assert!(body.get(l.range.clone()).is_some(), "{l:?}");
    }
    for (i, _) in o.sections.iter().enumerate() {
        let _ = o.has_content(i);
        assert!(o.subtree(i).next() == Some(i));
    }
    for lang in [Language::Zh, Language::En] {
        let plain = markdown::render(body, &Context::plain(lang));
        assert_eq!(plain.headings.len(), o.sections.len());
        for (h, s) in plain.headings.iter().zip(&o.sections) {
            // Texts may differ (the emphasis pass takes `*` out of text),
            // but the ids the checks accept are the ids the page has.
            assert_eq!(h.id, s.id);
        }
    }
    let _ = markdown::plain_text(body);
    let _ = markdown::script_html(body, Language::Zh);

    // As the site renders it.
    let Some(i) = site.playbooks.iter().position(|p| p.source.path == path) else {
        return;
    };
    let page = quire_fuzz::render(built, i, "", 0);
    let chapter = quire_fuzz::render(built, i, "ch2-", 2);
    assert_eq!(page.headings.len(), chapter.headings.len());
    let checked = &built.checked[i];
    if site.config.kind(&site.playbooks[i].kind).is_some() {
        let ids: Vec<&String> = page.headings.iter().map(|h| &h.id).collect();
        assert_eq!(checked.anchors.iter().collect::<Vec<_>>(), ids);
    }
    if let Some(t) = quire::output::timeline::draw(&checked.steps, &site.playbooks[i].title) {
        let t = t.link_scripts(&page.headings, |id| format!("#{id}"));
        assert!(t.svg.starts_with("<svg") && t.svg.ends_with("</svg>"));
    }
});
