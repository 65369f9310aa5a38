//! The coverage page: for each kind, which playbook covers which element,
//! with per-kind and overall percentages.

use serde::Serialize;

use super::Renderer;
use crate::base::urls;
use crate::check::Status;

#[derive(Serialize)]
pub(super) struct CoverageRow {
    title: String,
    href: String,
    covered: usize,
    total: usize,
    cells: Vec<&'static str>,
    /// In the preview, `2 个错误` when the playbook's file has errors.
    errors: Option<String>,
}

#[derive(Serialize)]
pub(super) struct KindCoverage {
    id: String,
    name: String,
    href: String,
    elements: Vec<String>,
    rows: Vec<CoverageRow>,
    percent: u32,
}

#[derive(Serialize)]
pub(super) struct CoveragePage {
    kinds: Vec<KindCoverage>,
    percent: u32,
    covered: usize,
    total: usize,
}

fn percent(covered: usize, total: usize) -> u32 {
    (covered * 100).checked_div(total).map_or(100, |p| p as u32)
}

impl CoveragePage {
    pub(super) fn percent(&self) -> u32 {
        self.percent
    }
}

impl Renderer<'_> {
    pub(super) fn coverage(&self, from: &str) -> CoveragePage {
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
                    .filter_map(|p| Some((p, self.built.checked(&p.id)?)))
                    .map(|(p, c)| {
                        let (row_covered, row_total) = c.score();
                        let errors = self.problems.errors_in(&p.source.path);
                        CoverageRow {
                            title: p.title.clone(),
                            href: urls::href_encoded(from, &p.url),
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
                            errors: (errors > 0)
                                .then(|| super::problems::error_count(self.lang(), errors)),
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
}
