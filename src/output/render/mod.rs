//! Stage: turn the [`Site`] into pages. Each page gets a Tera context with the
//! site, the interface strings, the navigation and its own data; every href
//! in it is relative to the page (see [`crate::base::urls`]). The result is an
//! in-memory [`Output`], which `write` puts on disk and `serve` serves.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use anyhow::{anyhow, Context as _};
use serde::Serialize;
use tera::{Context, Tera};

use crate::base::i18n;
use crate::base::urls::{self, tag_dir};
use crate::input::parse::Playbook;
use crate::input::site::Site;
use crate::input::theme::Theme;
use crate::markdown;
use crate::markdown::terms::Matcher;
use crate::output::{Built, Pdfs};

mod coverage;
mod folders;
mod lists;
mod memo;
mod pages;
mod playbook;
mod print;
mod problems;
mod review;
mod site_files;

pub use memo::Memo;
pub use problems::Problems;

/// Takes each playbook page as soon as it is rendered (`quire build` writes
/// it to disk), so a large site's pages are never all in memory at once.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> anyhow::Result<()> + Sync + 'a;

/// The rendered site: output path (relative to the output directory) → bytes.
#[derive(Debug, Default)]
pub struct Output {
    /// Shared, so a rebuild keeps an unchanged page without copying it.
    pub files: BTreeMap<String, Arc<Vec<u8>>>,
    /// Files published as they are (images, attachments, `static/`), by
    /// output path: `write` copies them from disk unless `files` holds them
    /// (`quire serve` reads them into memory).
    pub copies: BTreeMap<String, Copied>,
}

/// A file of the site published as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub from: std::path::PathBuf,
    /// When it was read, so a rebuild keeps one that did not change.
    pub stamp: crate::input::load::Stamp,
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
struct TermEntry {
    term: String,
    id: String,
    aliases: Vec<String>,
    definition: String,
    see: Vec<Link>,
    used_by: Vec<Link>,
    /// Users beyond those listed: a term every playbook uses would
    /// otherwise list the whole site.
    used_by_more: usize,
}

/// What a render shows besides the site itself, and where its pages go.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// The handbook PDFs that sit beside their print pages, to link them.
    pub pdfs: &'a Pdfs,
    /// The diagnostics the pages show (a box on each playbook page whose
    /// file has any, marks on the coverage page, a page for each file that
    /// could not be parsed): `quire serve` passes the build's, `quire
    /// build` [`Problems::none`].
    pub problems: &'a Problems,
    /// Takes each playbook page as it is ready (`quire build` streams them
    /// to disk); `None` keeps them in the [`Output`].
    pub sink: Option<&'a Sink<'a>>,
}

/// What a rebuild may keep of the previous one: each playbook page whose
/// source file is not in `fresh` and whose other inputs (the titles and
/// places of the pages it links to and that link to it, the navigation
/// counts, its coverage, its problems) are as the `memo` remembers them.
pub struct Reuse<'a> {
    pub memo: &'a mut Memo,
    pub previous: Option<&'a Output>,
    pub fresh: &'a HashSet<String>,
}

/// Renders every page of the site with the theme.
pub fn render(built: &Built, theme: &Theme, options: &Options) -> anyhow::Result<Output> {
    let mut memo = Memo::default();
    let reuse = Reuse {
        memo: &mut memo,
        previous: None,
        fresh: &HashSet::new(),
    };
    render_with(built, theme, options, reuse)
}

/// Renders one handbook's print page (and the stylesheet it needs), for
/// `quire build --handbook`.
pub fn render_handbook(
    built: &Built,
    theme: &Theme,
    handbook: &crate::input::handbook::Handbook,
    pdfs: &Pdfs,
) -> anyhow::Result<Output> {
    let renderer = Renderer::new(built, theme, Problems::none(), pdfs)?;
    let mut out = Output::default();
    if let Some(css) = theme.static_files.get("print.css") {
        out.files
            .insert("static/print.css".into(), Arc::new(css.clone()));
    }
    renderer.handbook_page(&mut out, handbook)?;
    Ok(out)
}

/// Renders the site, keeping what `reuse` allows of the previous one.
/// Index pages are rendered again unless nothing they show changed.
pub fn render_with(
    built: &Built,
    theme: &Theme,
    options: &Options,
    reuse: Reuse,
) -> anyhow::Result<Output> {
    let site = &built.site;
    let renderer = Renderer::new(built, theme, options.problems, options.pdfs)?;
    let mut out = Output::default();
    for (path, bytes) in &theme.static_files {
        out.files
            .insert(format!("static/{path}"), Arc::new(bytes.clone()));
    }
    let mut pages = renderer.playbook_pages(&mut out, &reuse, options.sink)?;
    reuse.memo.pages = std::mem::take(&mut pages.memo);
    // The index pages show every playbook's title, place, kind, tags and
    // coverage, and the glossary who uses each term. When none of that
    // changed they are kept as they were.
    let index_fingerprint = renderer.index_fingerprint(&pages.usage);
    let keep = reuse
        .previous
        .filter(|_| reuse.memo.index == Some(index_fingerprint));
    reuse.memo.index = Some(index_fingerprint);
    let renderer = Renderer { keep, ..renderer };
    let redirects = crate::input::site::redirects(site);
    renderer.index_pages(&mut out, &pages, &redirects)?;
    let index = site_files::search_index(site, reuse.memo, pages.entries);
    out.files.insert(
        crate::base::urls::SEARCH_INDEX.into(),
        Arc::new(index.into_bytes()),
    );
    renderer.print_pages(&mut out, reuse.previous, &pages.kept)?;
    renderer.unreadable_pages(&mut out)?;
    renderer.sitemap(&mut out, &redirects);
    renderer.not_found_page(&mut out)?;
    publish_assets(site, &mut out, reuse.previous, options.sink.is_none())?;
    Ok(out)
}

/// Adds the site's files to `out`: by path for `write` to copy, and read
/// into memory as well when `in_memory` (`quire serve`), keeping the bytes
/// of one unchanged since `previous`. A page already at the path stays:
/// the check has reported the clash (`duplicate-url`), and the preview
/// still shows the page. A file of the site's `static/` replaces a theme
/// file of the same name, as in Zola and Hugo.
fn publish_assets(
    site: &Site,
    out: &mut Output,
    previous: Option<&Output>,
    in_memory: bool,
) -> anyhow::Result<()> {
    for asset in site.assets.list.iter().filter(|a| !a.refused) {
        let theme_file = asset.source.starts_with("static/")
            && asset.output.starts_with("static/")
            && out.files.contains_key(&asset.output);
        if (out.files.contains_key(&asset.output) && !theme_file)
            || out.copies.contains_key(&asset.output)
        {
            continue;
        }
        let copied = Copied {
            from: asset.path.clone(),
            stamp: asset.stamp,
        };
        if in_memory {
            let kept = previous
                .filter(|p| asset.stamp.is_some() && p.copies.get(&asset.output) == Some(&copied))
                .and_then(|p| p.files.get(&asset.output).cloned());
            let bytes = match kept {
                Some(bytes) => bytes,
                None => Arc::new(
                    std::fs::read(&asset.path)
                        .with_context(|| format!("cannot read {}", asset.source))?,
                ),
            };
            out.files.insert(asset.output.clone(), bytes);
        } else {
            out.files.remove(&asset.output);
        }
        out.copies.insert(asset.output.clone(), copied);
    }
    Ok(())
}

fn templates(theme: &Theme) -> anyhow::Result<Tera> {
    let mut tera = Tera::new();
    tera.set_escape_fn(escape_html);
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

/// Escapes like Tera's own function, `'` included so that a theme's
/// single-quoted attributes stay safe, but writes each unescaped run at once
/// rather than byte by byte (Tera's took 7 % of a build's instructions).
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
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
    built: &'a Built,
    /// `built.site`, which most of rendering reads.
    site: &'a Site,
    tera: Tera,
    matcher: Matcher,
    /// Each glossary term's definition as plain text.
    tooltips: Vec<String>,
    /// Playbooks per kind, counted once: every page's navigation shows them.
    kind_counts: HashMap<&'a str, usize>,
    /// Each playbook's place in its folder's list of pages
    /// (`Site::folders`), for the sidebar and previous/next; `None` for a
    /// landing page, which is the folder itself.
    place: Vec<Option<usize>>,
    /// The previous output, when its index pages are still right.
    keep: Option<&'a Output>,
    /// The handbook PDFs that are built, to link them.
    pdfs: &'a Pdfs,
    /// The diagnostics the pages show (none in a published site).
    problems: &'a Problems,
    /// Template values every page shares.
    shared: Shared,
}

struct Shared {
    site: tera::value::Value,
    strings: tera::value::Value,
    /// The search script's interface strings, as JSON for an attribute.
    search: tera::value::Value,
    /// The navigation by folder depth.
    navs: std::sync::Mutex<HashMap<usize, tera::value::Value>>,
}

#[derive(Serialize)]
struct Nav {
    home: String,
    search: String,
    review: String,
    tags: String,
    glossary: String,
    coverage: String,
    css: String,
    kinds: Vec<TagEntry>,
    /// The folders of plain pages at the top of `content/`.
    folders: Vec<TagEntry>,
}

impl<'a> Renderer<'a> {
    fn new(
        built: &'a Built,
        theme: &Theme,
        problems: &'a Problems,
        pdfs: &'a Pdfs,
    ) -> anyhow::Result<Renderer<'a>> {
        let site = &built.site;
        let tooltips = site
            .glossary
            .iter()
            .map(|t| markdown::plain_text(&t.definition))
            .collect();
        let mut kind_counts = HashMap::new();
        let mut place = vec![None; site.playbooks.len()];
        for p in &site.playbooks {
            *kind_counts.entry(p.kind.as_str()).or_insert(0) += 1;
        }
        for folder in site.folders.values() {
            for (at, &i) in folder.pages.iter().enumerate() {
                place[i] = Some(at);
            }
        }
        Ok(Renderer {
            built,
            site,
            tera: templates(theme)?,
            matcher: crate::input::glossary::matcher(&site.glossary),
            tooltips,
            kind_counts,
            place,
            keep: None,
            pdfs,
            problems,
            shared: Shared::new(site),
        })
    }

    fn lang(&self) -> i18n::Language {
        self.site.config.language
    }

    /// The context every template gets.
    fn context(&self, dir: &str) -> Context {
        let mut cx = Context::new();
        // What every page shares is made into template values once (they
        // are reference-counted), and the navigation once per folder depth:
        // its links depend on nothing else.
        cx.insert_value("site", self.shared.site.clone());
        cx.insert_value("t", self.shared.strings.clone());
        cx.insert_value("search_strings", self.shared.search.clone());
        cx.insert("root", &urls::root_prefix(dir));
        cx.insert_value("nav", self.nav_value(dir));
        cx.insert("page_dir", dir);
        cx
    }

    fn nav_value(&self, dir: &str) -> tera::value::Value {
        let depth = dir.matches('/').count();
        let mut navs = self.shared.navs.lock().unwrap_or_else(|e| e.into_inner());
        navs.entry(depth)
            .or_insert_with(|| tera::value::Value::from_serializable(&self.nav(dir)))
            .clone()
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
            search: href("search/"),
            review: href("review/"),
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
                    count: self.kind_counts.get(k.id.as_str()).copied().unwrap_or(0),
                })
                // A kind with no playbooks yet would be a dead end.
                .filter(|k| k.count > 0)
                .collect(),
            folders: self
                .site
                .folders
                .get("")
                .map(|root| root.folders.as_slice())
                .unwrap_or_default()
                .iter()
                .filter(|f| !self.site.config.kinds.iter().any(|k| &k.folder == *f))
                .map(|f| TagEntry {
                    name: self.site.folder_title(f, self.lang()),
                    href: href(&crate::input::site::Site::folder_dir(f)),
                    count: 0,
                })
                .collect(),
        }
    }

    /// Renders straight to bytes: every page goes to disk as bytes, and
    /// Tera's `render` would spend about 5 % of a build re-checking that its
    /// own output is UTF-8.
    fn render(&self, template: &str, cx: &Context) -> anyhow::Result<Vec<u8>> {
        let mut html = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(template, cx, &mut html)
            .map_err(|e| anyhow!("{}", describe_tera_error(&e)))
            .with_context(|| format!("cannot render template `{template}`"))?;
        Ok(html)
    }

    fn page(
        &self,
        out: &mut Output,
        dir: &str,
        template: &str,
        fill: impl FnOnce(&mut Context) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        if let Some(kept) = self.keep.and_then(|o| o.files.get(&urls::page_file(dir))) {
            return self.insert(out, urls::page_file(dir), kept.clone());
        }
        let mut cx = self.context(dir);
        fill(&mut cx)?;
        let html = self.render(template, &cx)?;
        self.insert(out, urls::page_file(dir), Arc::new(html))
    }

    /// Adds a page. Assembling the site reports pages that would collide;
    /// this is the last line of defence, so one page can never silently
    /// replace another.
    fn insert(&self, out: &mut Output, path: String, html: Arc<Vec<u8>>) -> anyhow::Result<()> {
        if out.files.contains_key(&path) {
            anyhow::bail!("two pages would be written to {path}");
        }
        out.files.insert(path, html);
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
            href: urls::href_encoded(from, &p.url),
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
                let mut of_kind: Vec<&Playbook> = self.site.of_kind(&k.id).collect();
                // By folder, and in each folder by weight, as its sidebar.
                of_kind.sort_by_cached_key(|p| {
                    (
                        crate::input::site::folder_of(p).to_string(),
                        !p.landing,
                        crate::input::site::weight_key(p.weight),
                        p.id.clone(),
                    )
                });
                let playbooks: Vec<Link> = of_kind.iter().map(|p| self.link(from, p)).collect();
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

    /// The glossary page's entries; `usage[k]` lists the playbooks that use term `k`.
    fn terms(&self, from: &str, usage: &[Vec<usize>]) -> Vec<TermEntry> {
        let playbook_links = |ids: &mut dyn Iterator<Item = usize>| -> Vec<Link> {
            ids.map(|i| self.link(from, &self.site.playbooks[i]))
                .collect()
        };
        self.site
            .glossary
            .iter()
            .enumerate()
            .map(|(k, t)| TermEntry {
                term: t.term.clone(),
                id: markdown::term_id(&t.term),
                aliases: t.aliases.clone(),
                definition: self.snippet(&t.definition),
                see: playbook_links(&mut t.see.iter().filter_map(|(id, _)| {
                    self.built.links.index.resolve_global(self.site, id).ok()
                })),
                used_by: playbook_links(
                    &mut usage
                        .get(k)
                        .into_iter()
                        .flatten()
                        .copied()
                        .take(USED_BY_SHOWN),
                ),
                used_by_more: usage
                    .get(k)
                    .map_or(0, |u| u.len().saturating_sub(USED_BY_SHOWN)),
            })
            .collect()
    }
}

/// How many of a term's users the glossary page lists.
const USED_BY_SHOWN: usize = 30;

impl Shared {
    fn new(site: &Site) -> Shared {
        let config = &site.config;
        let language = config.language;
        let info = SiteInfo {
            title: &config.title,
            description: config.description.as_deref(),
            language: language.html_lang(),
            base_url: &config.base_url,
        };
        let search = serde_json::json!({
            "none": i18n::t(language, "search_none"),
            "all": i18n::t(language, "search_all"),
            "count": i18n::t(language, "search_count"),
            "missing": i18n::t(language, "search_missing"),
        })
        .to_string();
        Shared {
            site: tera::value::Value::from_serializable(&info),
            strings: tera::value::Value::from_serializable(&i18n::strings(language)),
            search: tera::value::Value::from_serializable(&search),
            navs: Default::default(),
        }
    }
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_values_are_escaped_for_either_kind_of_quote() {
        let mut tera = Tera::new();
        tera.set_escape_fn(escape_html);
        tera.add_raw_template("t.html", "<a title='{{ v }}' href=\"{{ v }}\">{{ v }}</a>")
            .unwrap();
        let mut cx = Context::new();
        cx.insert("v", "x' onmouseover=\"alert(1)\" <b>&");
        let escaped = "x&#39; onmouseover=&quot;alert(1)&quot; &lt;b&gt;&amp;";
        assert_eq!(
            tera.render("t.html", &cx).unwrap(),
            format!("<a title='{escaped}' href=\"{escaped}\">{escaped}</a>")
        );
    }
}
