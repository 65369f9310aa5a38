//! What every output reads: the site and what each stage found about it,
//! put together once when the last stage is done and never changed after.
//! The stages return their products as values (`check::check_each` each
//! playbook's [`Checked`], `link::link` the [`Links`], `link::handbook::select`
//! the handbooks' layouts), so no stage can read another's product before
//! it exists; `build` and `serve` put them here.

use std::collections::HashSet;

use crate::check::Checked;
use crate::input::handbook::Handbook;
use crate::input::site::Site;
use crate::link::Links;

/// The site, checked and linked, ready to render.
#[derive(Debug)]
pub struct Built {
    pub site: Site,
    /// What checking found for each playbook, in the order of `site.playbooks`.
    pub checked: Vec<Checked>,
    pub links: Links,
    /// Handbook definitions with their chapters' playbooks selected.
    pub handbooks: Vec<Handbook>,
}

impl Built {
    /// What checking found for the playbook `id`.
    pub fn checked(&self, id: &str) -> Option<&Checked> {
        self.site.position(id).and_then(|i| self.checked.get(i))
    }
}

/// Which handbooks' PDFs sit beside their print pages, by handbook id, so
/// that pages link only PDFs that exist: none without fonts (or with
/// `--no-pdf`), and never one too large to typeset.
#[derive(Debug, Clone, Default)]
pub struct Pdfs(HashSet<String>);

impl Pdfs {
    pub fn none() -> Pdfs {
        Pdfs::default()
    }

    pub fn of<'a>(ids: impl IntoIterator<Item = &'a str>) -> Pdfs {
        Pdfs(ids.into_iter().map(str::to_string).collect())
    }

    pub fn has(&self, handbook: &str) -> bool {
        self.0.contains(handbook)
    }
}
