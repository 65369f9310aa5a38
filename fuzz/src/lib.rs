//! What the fuzz targets share: a site built in memory the way
//! `quire::build::load_site` builds one from disk (parse, assemble, check,
//! link), the link resolution the renderer does, and the invariants every
//! target holds its results to.

use quire::base::i18n::Language;
use std::path::PathBuf;
use std::sync::Once;

use quire::input::config::Config;
use quire::base::dates::Date;
use quire::base::diagnostic::Diagnostic;
use quire::input::site::Parts;
use quire::link::{self, Resolved};
use quire::output::Built;
use quire::markdown::{self, Context, LinkTarget, Rendered, TermLinks};
use quire::base::source::SourceFile;
use quire::base::urls;
use quire::input::{glossary, parse};
use quire::{check, Site};

/// Checking and linking run on rayon; one fuzzer keeps to one thread.
pub fn setup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build_global();
    });
}

/// The day the checks take as today (`review-overdue`).
pub const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 25,
};

/// A small glossary, so that glossary links and `[[term:…]]` resolve.
pub const GLOSSARY: &str = "- term: 社群\n  aliases: [community]\n  definition: 一群**人**。\n  see: [sop/welcome]\n- term: KOL\n  definition: 意见领袖\n  see: [nowhere]\n";

/// Playbooks that sit beside the fuzzed one, so that its links can lead
/// somewhere: pages by id, stem and slug, headings, an ambiguous name.
pub const COMPANIONS: &[(&str, &str)] = &[
    (
        "content/sop/welcome.md",
        "---\ntitle: 新人接待\ntags: [新人, SOP]\nrelated: [group-rules/core]\n---\n\n## 目标\n\n接待[[core#发言规范]]。\n\n## 步骤\n\n| 时间 | 负责人 | 动作 | 话术 |\n|---|---|---|---|\n| D-1 20:00 | 小助手 | 私聊 | 欢迎 |\n| T+10min | 群主 | 欢迎 | — |\n\n## 话术\n\n### 欢迎\n\n```\n欢迎{昵称}\n```\n",
    ),
    (
        "content/group-rules/core.md",
        "---\ntitle: 核心群\n---\n\n## 发言规范\n\n文明。\n\n## 发言规范\n\n再一次。\n",
    ),
    (
        "content/cases/小米社区.md",
        "---\ntitle: 小米\nslug: xiaomi\n---\n\n## 背景\n\n社群。\n",
    ),
    ("content/sharing/core.md", "---\ntitle: 同名\n---\n正文\n"),
];

/// The kind folders, to put a fuzzed file in one of them.
pub const FOLDERS: &[&str] = &["sop", "group-rules", "sharing", "cases"];

pub fn source(path: &str, text: &str) -> SourceFile {
    SourceFile::new(path, PathBuf::from(path), text.to_string())
}

/// A site loaded in memory, with everything the stages reported.
pub struct Loaded {
    pub built: Built,
    pub diags: Vec<Diagnostic>,
    /// Every file read, as read, to locate diagnostics in.
    pub sources: Vec<SourceFile>,
}

/// Loads `files` (path under the site root, text) beside the companions.
pub fn load(files: &[(&str, &str)]) -> Loaded {
    setup();
    let config = Config::default();
    let mut diags = Vec::new();
    let mut sources = Vec::new();
    let mut playbooks = Vec::new();
    for (path, text) in files.iter().chain(COMPANIONS) {
        let file = source(path, text);
        sources.push(file.clone());
        playbooks.extend(parse::parse(file, &config, &mut diags));
    }
    let glossary_source = source("content/glossary.yaml", GLOSSARY);
    let glossary = glossary::parse(&glossary_source, &mut diags);
    sources.push(glossary_source.clone());
    let parts = Parts {
        root: PathBuf::from("fuzz-site"),
        config,
        playbooks,
        glossary,
        glossary_source: Some(glossary_source),
        assets: Default::default(),
        unreadable: Vec::new(),
        drafts: true,
    };
    let site = Site::assemble(parts, &mut diags);
    let checked: Vec<_> = check::check_each(&site, TODAY, &|_| None)
        .into_iter()
        .map(|checked| checked.into_output(&mut diags))
        .collect();
    let links = link::link(&site, &checked).into_output(&mut diags);
    link::check_glossary(&site, &links.index, &mut diags);
    link::orphans(&site, &links.graph, &[], &mut diags);
    let built = Built {
        site,
        checked,
        links,
        handbooks: Vec::new(),
    };
    let loaded = Loaded {
        built,
        diags,
        sources,
    };
    for d in &loaded.diags {
        let file = loaded.sources.iter().find(|s| s.path == d.file);
        assert_located(d, file.expect("a diagnostic names a file that was read"));
    }
    loaded
}

/// A diagnostic's line and column lie inside its file, and its snippet is
/// that line.
pub fn assert_located(d: &Diagnostic, source: &SourceFile) {
    assert_eq!(d.file, source.path);
    if d.line == 0 {
        assert_eq!((d.column, d.width), (0, 0), "{d:?}");
        return;
    }
    let lines: Vec<&str> = source.text.split('\n').collect();
    assert!(d.line <= lines.len(), "line past the end: {d:?}");
    let line = lines[d.line - 1];
    assert!(
        d.column >= 1 && d.column <= line.chars().count() + 1,
        "column past the line: {d:?}"
    );
    assert!(d.width >= 1, "{d:?}");
    assert_eq!(
        d.source_line.as_deref(),
        Some(source.line_text(d.line)),
        "{d:?}"
    );
    // Both renderings of a diagnostic work on any diagnostic.
    for lang in [Language::Zh, Language::En] {
        let _ = d.to_json(lang);
        let _ = quire::base::report::human(&d, lang);
    }
    let _ = d.location();
}

/// Where a link written in playbook `from` leads, as the renderer works it
/// out (`render::Renderer::link_target` is private; this follows it).
pub fn link_target(built: &Built, from: usize, dest: &str, wiki: bool) -> Option<LinkTarget> {
    let site = &built.site;
    let p = &site.playbooks[from];
    match built.links.index.resolve(site, from, dest, wiki).ok()? {
        Resolved::Page {
            target,
            anchor,
            query,
        } => {
            assert!(target < site.playbooks.len());
            let t = &site.playbooks[target];
            let mut href = if target == from && query.is_none() {
                String::new()
            } else {
                urls::href_encoded(&p.dir, &t.url)
            };
            if let Some(query) = query {
                href.push('?');
                href.push_str(&query);
            }
            if let Some(anchor) = anchor {
                assert!(
                    built.checked[target].anchors.contains(&anchor),
                    "`{dest}` resolved to `#{anchor}`, not a heading of {}",
                    t.id
                );
                href.push('#');
                href.push_str(&urls::encode_fragment(&anchor));
            }
            Some(LinkTarget {
                href,
                text: Some(t.title.clone()),
                ..Default::default()
            })
        }
        Resolved::Term(k) => {
            let term = &site.glossary[k];
            Some(LinkTarget {
                href: format!(
                    "{}#{}",
                    urls::href(&p.dir, "glossary/"),
                    urls::encode_fragment(&quire::markdown::term_id(&term.term))
                ),
                text: Some(term.term.clone()),
                title: Some(markdown::plain_text(&term.definition)),
                term: Some(k),
                ..Default::default()
            })
        }
        Resolved::Anchor(anchor) => {
            assert!(
                anchor.is_empty() || built.checked[from].anchors.contains(&anchor),
                "`{dest}` resolved to `#{anchor}`, not a heading of the page"
            );
            Some(LinkTarget {
                href: format!("#{}", urls::encode_fragment(&anchor)),
                ..Default::default()
            })
        }
        Resolved::Listing {
            dir,
            query,
            fragment,
        } => Some(LinkTarget {
            href: link::with_rest(urls::href(&p.dir, &dir), query, fragment),
            ..Default::default()
        }),
        Resolved::Elsewhere => None,
    }
}

/// Renders playbook `i`'s body as its page does, with links resolved and
/// glossary terms linked; `id_prefix` and `heading_shift` as a handbook
/// chapter places it.
pub fn render(built: &Built, i: usize, id_prefix: &str, heading_shift: u8) -> Rendered {
    let site = &built.site;
    let p = &site.playbooks[i];
    let matcher = quire::input::glossary::matcher(&site.glossary);
    let term_target = |k: usize| {
        (
            format!("glossary/#{k}"),
            markdown::plain_text(&site.glossary[k].definition),
        )
    };
    let resolve = |dest: &str, wiki: bool| link_target(built, i, dest, wiki);
    let cx = Context {
        language: site.config.language,
        resolve_link: &resolve,
        glossary: (p.glossary_links && !matcher.is_empty()).then_some(TermLinks {
            matcher: &matcher,
            target: &term_target,
        }),
        id_prefix,
        heading_shift,
        html: site.config.html,
        files: Some(markdown::FileLinks {
            assets: &site.assets,
            source: &p.source.path,
            page_dir: &p.dir,
        }),
        title: Some(&p.title),
    };
    let rendered = markdown::render(p.body(), &cx);
    let body = p.body();
    for h in &rendered.headings {
        assert!(body.get(h.range.clone()).is_some(), "{h:?}");
        assert!((1..=6).contains(&h.level), "{h:?}");
        assert!(h.id.starts_with(id_prefix), "{h:?}");
    }
    for &k in &rendered.terms_used {
        assert!(k < site.glossary.len());
    }
    assert!(
        rendered.html.matches("<a class=\"anchor\"").count() >= rendered.headings.len(),
        "a heading without its anchor link"
    );
    rendered
}
