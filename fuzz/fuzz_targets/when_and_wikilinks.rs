//! The `when` of SOP steps (`D-7`, `D+1 20:00`, `T+10min`) with the date
//! helpers beside it, and link destinations (`[[sop/welcome#步骤|…]]`,
//! `[[term:社群]]`, `../sop/welcome.md#步骤`). Each input line is tried
//! directly, then written into two SOPs (as a front-matter step, a step
//! table row, a wikilink and a Markdown link) that are loaded, checked,
//! linked, rendered and drawn as timelines.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use quire::base::dates::Date;
use quire::link::broken_diagnostic;
use quire::input::common_fields::{valid_date, valid_duration};
use quire::check::steps::parse_offset;
use quire_fuzz::{assert_located, Loaded};

/// Offsets are bounded to a million units of at most a week, plus a time of day.
const MAX_MINUTES: i64 = 1_000_000 * 7 * 1440 + 23 * 60 + 59;

fn when(s: &str) {
    let m = parse_offset(s);
    if let Some(m) = m {
        assert!(m.abs() <= MAX_MINUTES, "{s:?} → {m}");
        // The same offset written plainly reads back the same.
        if m.abs() <= 1_000_000 {
            assert_eq!(parse_offset(&format!("T{m:+}min")), Some(m), "{s:?}");
        }
        if m % 1440 == 0 && (m / 1440).abs() <= 1_000_000 {
            assert_eq!(parse_offset(&format!("D{:+}", m / 1440)), Some(m), "{s:?}");
        }
    }
    // Surrounding space and ASCII case do not matter.
    assert_eq!(parse_offset(&format!(" {s}\t")), m, "{s:?}");
    assert_eq!(parse_offset(&s.to_ascii_lowercase()), m, "{s:?}");
    assert_eq!(parse_offset(&s.to_ascii_uppercase()), m, "{s:?}");
}

fn dates(s: &str) {
    let parsed = Date::parse(s);
    assert_eq!(valid_date(s), s == s.trim() && parsed.is_some(), "{s:?}");
    if let Some(d) = parsed {
        assert_eq!(d.to_string(), s.trim());
        assert_eq!(Date::from_days(d.days()), d);
    }
    let base = Date {
        year: 2026,
        month: 1,
        day: 31,
    };
    if let Some(later) = base.plus(s) {
        assert!((1..=12).contains(&later.month) && later.day >= 1 && later.day <= 31);
        assert_eq!(Date::from_days(later.days()), later);
    }
    // Once a crash (tests/fixtures/fuzz/when_and_wikilinks/duration-ends-multibyte).
    let _ = valid_duration(s);
}

/// The companions alone, loaded once.
fn companions() -> &'static Loaded {
    static SITE: OnceLock<Loaded> = OnceLock::new();
    SITE.get_or_init(|| quire_fuzz::load(&[]))
}

fn destination(s: &str) {
    let Loaded { built, sources, .. } = companions();
    let site = &built.site;
    for from in 0..site.playbooks.len() {
        for wiki in [true, false] {
            let _ = quire_fuzz::link_target(built, from, s, wiki);
            if let Err(broken) = built.links.index.resolve(site, from, s, wiki) {
                let p = &site.playbooks[from];
                let d = broken_diagnostic(site, &p.source, 0..s.len(), &broken);
                let file = sources.iter().find(|f| f.path == p.source.path).unwrap();
                assert_located(&d, file);
            }
        }
        match built.links.index.resolve_id(site, from, s) {
            Ok(t) => assert!(t < site.playbooks.len()),
            Err(_) => {}
        }
    }
    let _ = built.links.index.resolve_global(site, s);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    when(text);
    dates(text);
    destination(text);
    let lines: Vec<&str> = text.lines().take(16).collect();
    for line in &lines {
        when(line);
        dates(line);
        destination(line);
    }

    // Written into SOPs: steps from the front matter, and from a table.
    let mut field = String::from("---\ntitle: 字段\nsteps:\n");
    let mut table = String::from(
        "---\ntitle: 表格\n---\n\n## 步骤\n\n| 时间 | 负责人 | 动作 | 话术 |\n|---|---|---|---|\n",
    );
    let mut links = String::from("\n## 链接\n\n");
    for (n, line) in lines.iter().enumerate() {
        let quoted = serde_json::to_string(line).unwrap();
        field.push_str(&format!(
            "  - {{when: {quoted}, who: 角色{n}, action: 做事, script: {quoted}}}\n"
        ));
        table.push_str(&format!("| {line} | 角色{} | 做事 | {line} |\n", n % 3));
        links.push_str(&format!("[[{line}]] [文字]({line}) [[{line}|文字]]\n\n"));
    }
    field.push_str("---\n");
    field.push_str(&links);
    table.push_str(&links);
    let loaded = quire_fuzz::load(&[
        ("content/sop/fuzz-field.md", &field),
        ("content/sop/fuzz-table.md", &table),
    ]);
    let built = &loaded.built;
    let site = &built.site;
    for (i, p) in site.playbooks.iter().enumerate() {
        let page = quire_fuzz::render(built, i, "", 0);
        for step in &built.checked[i].steps {
            assert_eq!(step.minutes, parse_offset(&step.when));
        }
        if let Some(t) = quire::output::timeline::draw(&built.checked[i].steps, &p.title) {
            let t = t.link_scripts(&page.headings, |id| format!("#{id}"));
            assert!(t.svg.starts_with("<svg") && t.svg.ends_with("</svg>"));
        }
    }
});
