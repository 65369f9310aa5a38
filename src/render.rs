//! Stage: turn the [`Site`] into pages. Each page gets a Tera context with the
//! site, the interface strings, the navigation and its own data; every href
//! in it is relative to the page (see [`crate::urls`]). The result is an
//! in-memory [`Output`], which `write` puts on disk and `serve` will serve.

use std::collections::BTreeMap;

use anyhow::{anyhow, Context as _};
use serde::Serialize;
use tera::{Context, Tera};

use crate::check::Status;
use crate::i18n;
use crate::markdown;
use crate::parse::Playbook;
use crate::site::Site;
use crate::theme::Theme;
use crate::urls;

/// The rendered site: output path (relative to the output directory) → bytes.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
}

#[derive(Serialize)]
struct Link {
    title: String,
    href: String,
    summary: Option<String>,
    kind: String,
}

#[derive(Serialize)]
struct KindEntry {
    id: String,
    name: String,
    href: String,
    count: usize,
    playbooks: Vec<Link>,
}

#[derive(Serialize)]
struct TagEntry {
    name: String,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct PlaybookPage {
    id: String,
    title: String,
    summary: Option<String>,
    kind: String,
    kind_name: String,
    kind_href: String,
    owner: Option<String>,
    reviewed: Option<String>,
    review_every: Option<String>,
    audience: Option<String>,
    draft: bool,
    tags: Vec<TagEntry>,
    toc: Vec<markdown::Heading>,
    content: String,
    related: Vec<Link>,
    /// `(covered, required)` elements of the kind.
    score: Option<(usize, usize)>,
    coverage_href: String,
}

#[derive(Serialize)]
struct CoverageRow {
    title: String,
    href: String,
    covered: usize,
    total: usize,
    cells: Vec<&'static str>,
}

#[derive(Serialize)]
struct KindCoverage {
    id: String,
    name: String,
    href: String,
    elements: Vec<String>,
    rows: Vec<CoverageRow>,
    percent: u32,
}

#[derive(Serialize)]
struct CoveragePage {
    kinds: Vec<KindCoverage>,
    percent: u32,
    covered: usize,
    total: usize,
}

fn percent(covered: usize, total: usize) -> u32 {
    (covered * 100).checked_div(total).map_or(100, |p| p as u32)
}

#[derive(Serialize)]
struct TermEntry {
    term: String,
    id: String,
    aliases: Vec<String>,
    definition: String,
    see: Vec<Link>,
}

/// Renders every page of the site with the theme.
pub fn render(site: &Site, theme: &Theme) -> anyhow::Result<Output> {
    let tera = templates(theme)?;
    let renderer = Renderer { site, tera };
    let mut out = Output::default();
    for (path, bytes) in &theme.static_files {
        out.files.insert(format!("static/{path}"), bytes.clone());
    }
    renderer.page(&mut out, "", "index.html", |cx| {
        cx.insert("kinds_full", &renderer.kinds("", true));
        Ok(())
    })?;
    for kind in &site.config.kinds {
        let dir = format!("{}/", kind.folder);
        renderer.page(&mut out, &dir, "kind.html", |cx| {
            let entry = renderer
                .kinds(&dir, true)
                .into_iter()
                .find(|k| k.id == kind.id);
            cx.insert("kind", &entry);
            Ok(())
        })?;
    }
    for p in &site.playbooks {
        renderer.page(&mut out, &p.dir, "playbook.html", |cx| {
            cx.insert("page", &renderer.playbook(p));
            Ok(())
        })?;
    }
    let tags = site.tags();
    renderer.page(&mut out, "tags/", "tags.html", |cx| {
        cx.insert("tags", &renderer.tag_entries("tags/"));
        Ok(())
    })?;
    for (tag, playbooks) in &tags {
        let dir = tag_dir(tag);
        renderer.page(&mut out, &dir, "tag.html", |cx| {
            cx.insert("tag", tag);
            let links: Vec<Link> = playbooks.iter().map(|p| renderer.link(&dir, p)).collect();
            cx.insert("playbooks", &links);
            Ok(())
        })?;
    }
    renderer.page(&mut out, "coverage/", "coverage.html", |cx| {
        cx.insert("coverage", &renderer.coverage("coverage/"));
        Ok(())
    })?;
    renderer.page(&mut out, "glossary/", "glossary.html", |cx| {
        cx.insert("terms", &renderer.terms("glossary/"));
        Ok(())
    })?;
    // The 404 page is served for any missing path, so its links are absolute.
    let mut cx = renderer.context("");
    cx.insert("root", &site.config.base_url);
    cx.insert("nav", &renderer.nav_with_root(&site.config.base_url));
    let html = renderer.render("404.html", &cx)?;
    out.files.insert("404.html".into(), html.into_bytes());
    Ok(out)
}

/// The output directory of a tag's page. Chinese stays; characters that would
/// break a path are replaced.
pub fn tag_dir(tag: &str) -> String {
    let safe: String = tag
        .trim()
        .chars()
        .map(|c| {
            if matches!(
                c,
                '/' | '\\' | '?' | '#' | '%' | ':' | '*' | '"' | '<' | '>' | '|'
            ) || c.is_control()
            {
                '-'
            } else {
                c
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    format!("tags/{}/", if safe.is_empty() { "-" } else { safe })
}

fn templates(theme: &Theme) -> anyhow::Result<Tera> {
    let mut tera = Tera::new();
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, c)| (n.as_str(), c.as_str())),
    )
    .map_err(|e| anyhow!("{}", describe_tera_error(&e)))
    .context("the theme's templates have an error")?;
    Ok(tera)
}

fn describe_tera_error(err: &tera::Error) -> String {
    let text = err.to_string();
    let mut message = text.strip_prefix("error: ").unwrap_or(&text).to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    message
}

struct Renderer<'a> {
    site: &'a Site,
    tera: Tera,
}

#[derive(Serialize)]
struct Nav {
    home: String,
    tags: String,
    glossary: String,
    coverage: String,
    css: String,
    kinds: Vec<TagEntry>,
}

impl Renderer<'_> {
    fn lang(&self) -> i18n::Language {
        self.site.config.language
    }

    /// The context every template gets.
    fn context(&self, dir: &str) -> Context {
        let config = &self.site.config;
        let mut cx = Context::new();
        let site = SiteInfo {
            title: &config.title,
            description: config.description.as_deref(),
            language: self.lang().html_lang(),
            base_url: &config.base_url,
        };
        cx.insert("site", &site);
        cx.insert("t", &i18n::strings(self.lang()));
        cx.insert("root", &urls::root_prefix(dir));
        cx.insert("nav", &self.nav(dir));
        cx.insert("page_dir", dir);
        cx
    }

    fn nav(&self, dir: &str) -> Nav {
        self.nav_with(|to| urls::href(dir, to))
    }

    fn nav_with_root(&self, root: &str) -> Nav {
        self.nav_with(|to| format!("{root}{}", urls::encode_path(&urls::page_file(to))))
    }

    fn nav_with(&self, href: impl Fn(&str) -> String) -> Nav {
        let home = href("");
        let css = home.trim_end_matches("index.html").to_string() + "static/style.css";
        Nav {
            home,
            tags: href("tags/"),
            glossary: href("glossary/"),
            coverage: href("coverage/"),
            css,
            kinds: self
                .site
                .config
                .kinds
                .iter()
                .map(|k| TagEntry {
                    name: k.name(self.lang()).to_string(),
                    href: href(&format!("{}/", k.folder)),
                    count: self.site.of_kind(&k.id).count(),
                })
                .collect(),
        }
    }

    fn render(&self, template: &str, cx: &Context) -> anyhow::Result<String> {
        self.tera
            .render(template, cx)
            .map_err(|e| anyhow!("{}", describe_tera_error(&e)))
            .with_context(|| format!("cannot render template `{template}`"))
    }

    fn page(
        &self,
        out: &mut Output,
        dir: &str,
        template: &str,
        fill: impl FnOnce(&mut Context) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut cx = self.context(dir);
        fill(&mut cx)?;
        let html = self.render(template, &cx)?;
        out.files.insert(urls::page_file(dir), html.into_bytes());
        Ok(())
    }

    fn kind_name(&self, id: &str) -> String {
        self.site
            .config
            .kind(id)
            .map_or_else(|| id.to_string(), |k| k.name(self.lang()).to_string())
    }

    fn link(&self, from: &str, p: &Playbook) -> Link {
        Link {
            title: p.title.clone(),
            href: urls::href(from, &p.dir),
            summary: p.summary.clone(),
            kind: self.kind_name(&p.kind),
        }
    }

    fn kinds(&self, from: &str, with_playbooks: bool) -> Vec<KindEntry> {
        self.site
            .config
            .kinds
            .iter()
            .map(|k| {
                let playbooks: Vec<Link> = self
                    .site
                    .of_kind(&k.id)
                    .map(|p| self.link(from, p))
                    .collect();
                KindEntry {
                    id: k.id.clone(),
                    name: k.name(self.lang()).to_string(),
                    href: urls::href(from, &format!("{}/", k.folder)),
                    count: playbooks.len(),
                    playbooks: if with_playbooks {
                        playbooks
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect()
    }

    fn tag_entries(&self, from: &str) -> Vec<TagEntry> {
        self.site
            .tags()
            .into_iter()
            .map(|(tag, ps)| TagEntry {
                name: tag.to_string(),
                href: urls::href(from, &tag_dir(tag)),
                count: ps.len(),
            })
            .collect()
    }

    fn playbook(&self, p: &Playbook) -> PlaybookPage {
        let resolve = |dest: &str| self.site.resolve_file_link(p, dest);
        let rendered = markdown::render(
            &p.body,
            &markdown::Context {
                language: self.lang(),
                resolve_link: &resolve,
            },
        );
        let kind_folder = self
            .site
            .config
            .kind(&p.kind)
            .map_or("", |k| k.folder.as_str());
        PlaybookPage {
            id: p.id.clone(),
            title: p.title.clone(),
            summary: p.summary.clone(),
            kind: p.kind.clone(),
            kind_name: self.kind_name(&p.kind),
            kind_href: urls::href(&p.dir, &format!("{kind_folder}/")),
            owner: p.owner.clone(),
            reviewed: p.reviewed.clone(),
            review_every: p.review_every.clone(),
            audience: p.audience.clone(),
            draft: p.draft,
            tags: p
                .tags
                .iter()
                .map(|t| TagEntry {
                    name: t.clone(),
                    href: urls::href(&p.dir, &tag_dir(t)),
                    count: 0,
                })
                .collect(),
            toc: rendered
                .headings
                .into_iter()
                .filter(|h| h.level == 2 || h.level == 3)
                .collect(),
            content: rendered.html,
            score: self
                .site
                .checked(&p.id)
                .map(|c| c.score())
                .filter(|(_, total)| *total > 0),
            coverage_href: format!(
                "{}#{}",
                urls::href(&p.dir, "coverage/"),
                urls::encode_fragment(&format!("kind-{}", p.kind))
            ),
            related: p
                .related
                .iter()
                .filter_map(|id| self.site.playbook(id))
                .map(|r| self.link(&p.dir, r))
                .collect(),
        }
    }

    fn coverage(&self, from: &str) -> CoveragePage {
        let (mut covered, mut total) = (0, 0);
        let kinds = self
            .site
            .config
            .kinds
            .iter()
            .filter(|k| !k.elements.is_empty())
            .map(|k| {
                let rows: Vec<CoverageRow> = self
                    .site
                    .of_kind(&k.id)
                    .filter_map(|p| Some((p, self.site.checked(&p.id)?)))
                    .map(|(p, c)| {
                        let (row_covered, row_total) = c.score();
                        CoverageRow {
                            title: p.title.clone(),
                            href: urls::href(from, &p.dir),
                            covered: row_covered,
                            total: row_total,
                            cells: c
                                .coverage
                                .iter()
                                .map(|e| match (e.status, e.optional) {
                                    (Status::Covered, _) => "covered",
                                    (_, true) => "optional",
                                    (Status::Empty, false) => "empty",
                                    (Status::Missing, false) => "missing",
                                })
                                .collect(),
                        }
                    })
                    .collect();
                let kind_covered: usize = rows.iter().map(|r| r.covered).sum();
                let kind_total: usize = rows.iter().map(|r| r.total).sum();
                covered += kind_covered;
                total += kind_total;
                KindCoverage {
                    id: k.id.clone(),
                    name: k.name(self.lang()).to_string(),
                    href: urls::href(from, &format!("{}/", k.folder)),
                    elements: k.elements.iter().map(|e| e.name.clone()).collect(),
                    rows,
                    percent: percent(kind_covered, kind_total),
                }
            })
            .collect();
        CoveragePage {
            kinds,
            percent: percent(covered, total),
            covered,
            total,
        }
    }

    fn terms(&self, from: &str) -> Vec<TermEntry> {
        let no_links = |_: &str| None;
        self.site
            .glossary
            .iter()
            .map(|t| TermEntry {
                term: t.term.clone(),
                id: markdown::anchor_id(&t.term),
                aliases: t.aliases.clone(),
                definition: markdown::render(
                    &t.definition,
                    &markdown::Context {
                        language: self.lang(),
                        resolve_link: &no_links,
                    },
                )
                .html,
                see: t
                    .see
                    .iter()
                    .filter_map(|id| self.site.playbook(id))
                    .map(|p| self.link(from, p))
                    .collect(),
            })
            .collect()
    }
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: &'a str,
}
