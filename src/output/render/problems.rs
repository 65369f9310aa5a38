//! What the preview shows of a site's diagnostics on its pages: a box at the
//! top of each playbook page whose file has diagnostics, a mark on the
//! coverage page's row of each playbook with errors, and a page, at the
//! address it would have had, for each playbook file that could not be
//! parsed at all.
//!
//! Only `quire serve` hands real [`Problems`] to the renderer. `quire build`
//! gives [`Problems::none`]: it never renders a site with errors, and the
//! warnings of a published site stay in the terminal, so no reader of the
//! published site ever sees a marker.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock};

use serde::Serialize;

use super::{Output, Renderer};
use crate::base::diagnostic::Diagnostic;
use crate::base::i18n::{self, Language};
use crate::base::urls;
use crate::input::site::Site;

/// The diagnostics of one build, by the file they are in.
#[derive(Debug, Default)]
pub struct Problems {
    /// Source path (as in [`Diagnostic::file`]) → its diagnostics, in order.
    by_file: HashMap<String, Vec<Diagnostic>>,
    /// Playbook files that could not be parsed, by the page they would have had.
    unreadable: Vec<Unreadable>,
}

#[derive(Debug)]
struct Unreadable {
    /// The page's folder, e.g. `sop/x/` for `content/sop/x.md`.
    dir: String,
    /// The files of that id that could not be parsed (`x.md` and `x.yaml` may both fail).
    files: Vec<String>,
}

static NONE: LazyLock<Problems> = LazyLock::new(Problems::default);

impl Problems {
    /// No problems: what `quire build` renders with.
    pub fn none() -> &'static Problems {
        &NONE
    }

    /// Sorts `diagnostics` by file. `site` says which playbook files could
    /// not be parsed: they get a page of their own that says why.
    pub fn new(site: &Site, diagnostics: &[Diagnostic]) -> Problems {
        let mut by_file: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        for d in diagnostics {
            by_file.entry(d.file.clone()).or_default().push(d.clone());
        }
        let mut unreadable: Vec<Unreadable> = Vec::new();
        for left in &site.left_out {
            if !matches!(left.why, crate::input::site::Why::Unreadable { .. }) {
                continue;
            }
            let dir = format!("{}/", left.id);
            // `a.md` and `a.yaml` that both fail share the id, and one page.
            match unreadable.iter_mut().find(|u| u.dir == dir) {
                Some(u) => u.files.push(left.path.clone()),
                None => unreadable.push(Unreadable {
                    dir,
                    files: vec![left.path.clone()],
                }),
            }
        }
        for u in &mut unreadable {
            u.files.sort();
        }
        Problems {
            by_file,
            unreadable,
        }
    }

    /// The diagnostics of one file.
    pub fn of(&self, file: &str) -> &[Diagnostic] {
        self.by_file.get(file).map_or(&[], Vec::as_slice)
    }

    /// How many errors one file has.
    pub fn errors_in(&self, file: &str) -> usize {
        self.of(file).iter().filter(|d| d.is_error()).count()
    }

    /// Feeds what a page shows of `file`'s diagnostics to a fingerprint, so
    /// that a page is rendered again when its problems change.
    pub(super) fn hash_file(&self, file: &str, h: &mut impl Hasher) {
        for d in self.of(file) {
            (d.severity.as_str(), d.code, d.line, d.column, &d.message).hash(h);
            d.help.hash(h);
        }
        0xfdu8.hash(h);
    }
}

/// The box at the top of a page whose file has diagnostics.
#[derive(Serialize)]
pub(super) struct Marker {
    /// E.g. `源文件有 2 个错误、1 个警告`.
    title: String,
    /// Whether any is an error (the box is quieter for warnings alone).
    errors: bool,
    items: Vec<MarkerItem>,
}

#[derive(Serialize)]
struct MarkerItem {
    severity: &'static str,
    /// `line:column`, or empty for a problem with the file as a whole.
    at: String,
    code: &'static str,
    message: String,
    help: Option<String>,
}

/// `2 个错误、1 个警告` / `2 errors and 1 warning`.
fn counts(lang: Language, errors: usize, warnings: usize) -> String {
    let one = |n: usize, one: &str, many: &str| {
        let key = if n == 1 { one } else { many };
        i18n::t(lang, key).replace("{n}", &n.to_string())
    };
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(one(errors, "problems_one_error", "problems_errors"));
    }
    if warnings > 0 {
        parts.push(one(warnings, "problems_one_warning", "problems_warnings"));
    }
    parts.join(i18n::t(lang, "problems_and"))
}

/// `2 个错误` / `2 errors`, for the coverage page's mark.
pub(super) fn error_count(lang: Language, errors: usize) -> String {
    counts(lang, errors, 0)
}

fn items(lang: Language, diagnostics: &[Diagnostic]) -> Vec<MarkerItem> {
    diagnostics
        .iter()
        .map(|d| MarkerItem {
            severity: d.severity.as_str(),
            at: match d.line {
                0 => String::new(),
                line => format!("{line}:{}", d.column),
            },
            code: d.code,
            message: d.message.get(lang).to_string(),
            help: d.help.as_ref().map(|h| h.get(lang).to_string()),
        })
        .collect()
}

/// What the page of a file that could not be parsed shows.
#[derive(Serialize)]
struct UnreadablePage {
    title: String,
    text: String,
    files: Vec<UnreadableFile>,
}

#[derive(Serialize)]
struct UnreadableFile {
    path: String,
    items: Vec<MarkerItem>,
}

impl Renderer<'_> {
    /// The box for the page of the playbook read from `file`, if it has problems.
    pub(super) fn marker(&self, file: &str) -> Option<Marker> {
        let found = self.problems.of(file);
        if found.is_empty() {
            return None;
        }
        let errors = found.iter().filter(|d| d.is_error()).count();
        let warnings = found.len() - errors;
        Some(Marker {
            title: i18n::t(self.lang(), "problems_heading")
                .replace("{list}", &counts(self.lang(), errors, warnings)),
            errors: errors > 0,
            items: items(self.lang(), found),
        })
    }

    /// A page for each playbook file that could not be parsed, where its
    /// page would have been; a page the site already has there wins.
    /// They are rendered every time: they are few, and their text is the
    /// diagnostics, which change with every save.
    pub(super) fn unreadable_pages(&self, out: &mut Output) -> anyhow::Result<()> {
        for u in &self.problems.unreadable {
            let path = urls::page_file(&u.dir);
            if out.files.contains_key(&path) {
                continue;
            }
            let names: Vec<&str> = u.files.iter().map(String::as_str).collect();
            let page = UnreadablePage {
                title: i18n::t(self.lang(), "unreadable_title").to_string(),
                text: i18n::t(self.lang(), "unreadable_text").replace("{file}", &names.join(", ")),
                files: u
                    .files
                    .iter()
                    .map(|f| UnreadableFile {
                        path: f.clone(),
                        items: items(self.lang(), self.problems.of(f)),
                    })
                    .collect(),
            };
            let mut cx = self.context(&u.dir);
            cx.insert("page", &page);
            let html = self.render("unreadable.html", &cx)?;
            out.files.insert(path, Arc::new(html));
        }
        Ok(())
    }
}
