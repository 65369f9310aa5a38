//! The review page: playbooks whose review is overdue or due within 30
//! days, soonest first, with their owners; and the counts the home page
//! shows beside the coverage.

use serde::Serialize;

use super::Renderer;
use crate::base::dates;
use crate::base::i18n;
use crate::base::urls;

/// How far ahead the page looks.
const AHEAD_DAYS: i64 = 30;

#[derive(Serialize)]
pub(super) struct ReviewRow {
    title: String,
    href: String,
    kind: String,
    owner: Option<String>,
    reviewed: String,
    due: String,
    /// Days until due; negative when overdue.
    days: i64,
    /// `过期 3 天` or `还有 12 天`.
    status: String,
}

#[derive(Serialize)]
pub(super) struct ReviewPage {
    today: String,
    overdue: Vec<ReviewRow>,
    soon: Vec<ReviewRow>,
}

impl ReviewPage {
    pub(super) fn overdue_count(&self) -> usize {
        self.overdue.len()
    }

    pub(super) fn soon_count(&self) -> usize {
        self.soon.len()
    }
}

impl Renderer<'_> {
    pub(super) fn review(&self, from: &str) -> ReviewPage {
        let today = dates::today();
        let mut rows: Vec<ReviewRow> = self
            .site
            .playbooks
            .iter()
            .filter_map(|p| {
                let reviewed = p.reviewed?;
                let due = reviewed.after(p.review_every?);
                let days = due.days() - today.days();
                let status = match days {
                    d if d < 0 => {
                        i18n::t(self.lang(), "days_overdue").replace("{n}", &(-d).to_string())
                    }
                    d => i18n::t(self.lang(), "days_left").replace("{n}", &d.to_string()),
                };
                (days <= AHEAD_DAYS).then(|| ReviewRow {
                    status,
                    title: p.title.clone(),
                    href: urls::href_encoded(from, &p.url),
                    kind: self.kind_name(&p.kind),
                    owner: p.owner.clone(),
                    reviewed: reviewed.to_string(),
                    due: due.to_string(),
                    days,
                })
            })
            .collect();
        rows.sort_by(|a, b| a.days.cmp(&b.days).then_with(|| a.title.cmp(&b.title)));
        let (overdue, soon) = rows.into_iter().partition(|r| r.days < 0);
        ReviewPage {
            today: today.to_string(),
            overdue,
            soon,
        }
    }
}
