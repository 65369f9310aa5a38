//! The names the default theme owns: classes it gives a look or a
//! behaviour, and the ids of its pages. An author's element or heading that
//! took one could pass for the theme's own controls (a fake script box whose
//! copy button copies hidden text), so [`super::guard`] takes them off.

/// Class names the default theme gives a look or a behaviour. An author's
/// element or heading that took one could pass for the theme's own (a fake
/// script box whose copy button copies hidden text).
const THEME_NAMES: &[&str] = &[
    "action",
    "active",
    "alert",
    "aliases",
    "anchor",
    "appendix",
    "backlinks",
    "badges",
    "bar",
    "box",
    "brand",
    "callout",
    "card",
    "card-links",
    "card-summary",
    "card-title",
    "cards",
    "cell",
    "chapter",
    "chapter-intro",
    "chapter-title",
    "checklist",
    "checklist-link",
    "code-title",
    "code-titled",
    "content",
    "contents",
    "copy",
    "count",
    "cover",
    "cover-meta",
    "cover-note",
    "cover-site",
    "cover-subtitle",
    "cover-title",
    "coverage",
    "coverage-kind",
    "covered",
    "crumbs",
    "done",
    "empty",
    "facts",
    "facts-title",
    "failing",
    "folder-list",
    "glossary",
    "group-name",
    "has-errors",
    "handbook",
    "handbooks",
    "hero",
    "home",
    "incomplete",
    "intro",
    "kind",
    "lane",
    "lead",
    "legend",
    "line",
    "main",
    "mark",
    "media-link",
    "meta",
    "missing",
    "next",
    "num",
    "only-warnings",
    "optional",
    "overall",
    "overdue",
    "page",
    "pager",
    "pages",
    "playbook",
    "playbook-body",
    "playbook-header",
    "playbook-title",
    "prev",
    "print-bar",
    "problem",
    "problems",
    "related",
    "review-group",
    "review-table",
    "role",
    "score",
    "score-badge",
    "screen-only",
    "script",
    "script-text",
    "search-page",
    "search-page-results",
    "search-panel",
    "search-results",
    "search-status",
    "see",
    "sidebar",
    "sidebar-folders",
    "sidebar-more",
    "sidebar-title",
    "sidebar-up",
    "sign",
    "site-footer",
    "site-header",
    "site-nav",
    "site-search",
    "site-stats",
    "skip",
    "soon",
    "steps",
    "table-wrap",
    "tag-cloud",
    "tags",
    "term",
    "terms",
    "tick",
    "tick-label",
    "timeline",
    "timeline-scroll",
    "timeline-steps",
    "timeline-svg",
    "timeline-title",
    "toc",
    "toc-title",
    "used-by",
    "var",
    "when",
    "who",
    "zero",
];

/// Families of theme names made from data (`kind-sop`, `role-2`, `toc-h3`,
/// `callout-tip`, `sr-title`, `step-who`, `term-邓巴数字`), the preview's
/// problem markers (`problem-code`, `problems-title`), and the ids of what
/// `quire serve` adds to a page (`quire-problems`, `quire-overlay`).
const THEME_PREFIXES: &[&str] = &[
    "callout-",
    "kind-",
    "role-",
    "toc-",
    "sr-",
    "step-",
    "term-",
    "problem-",
    "problems-",
    "quire-",
    // Highlighted code: `hl`, `hl-k`, `hl-s` …
    "hl",
];

/// Is this class or id one the theme uses (including the ids of a
/// handbook's chapters and sections, `ch2` and `s2-3`)?
pub fn theme_owned(name: &str) -> bool {
    let numbered = |rest: &str| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
    THEME_NAMES.contains(&name)
        || THEME_PREFIXES.iter().any(|p| name.starts_with(p))
        || name.strip_prefix("ch").is_some_and(numbered)
        || name.strip_prefix('s').is_some_and(|rest| {
            let mut parts = rest.splitn(3, '-');
            parts.next().is_some_and(numbered) && parts.next().is_some_and(numbered)
        })
}

/// A class or id that is one word of letters, digits, `-` and `_`.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_names_are_known() {
        for name in [
            "script",
            "copy",
            "skip",
            "callout-tip",
            "kind-sop",
            "role-3",
            "ch2",
            "s2-3",
            "s2-3-步骤",
            "term-社群",
            "problems",
            "problem-code",
            "quire-problems",
        ] {
            assert!(theme_owned(name), "{name}");
        }
        for name in ["note", "重点", "steps2", "chapter1", "s2", "summary"] {
            assert!(!theme_owned(name), "{name}");
        }
    }

    /// Every class the default theme's stylesheets, scripts and templates
    /// name, and every class quire writes, is one [`theme_owned`] knows,
    /// so the list cannot fall behind the theme.
    #[test]
    fn the_theme_list_covers_the_theme() {
        let stylesheets = [
            include_str!("../../../themes/default/static/style.css"),
            include_str!("../../../themes/default/static/print.css"),
        ];
        let files = [
            include_str!("../../../themes/default/static/page.js"),
            include_str!("../../../themes/default/static/search.js"),
            include_str!("../../../themes/default/templates/base.html"),
            include_str!("../../../themes/default/templates/playbook.html"),
            include_str!("../../../themes/default/templates/handbook.html"),
            include_str!("../../../themes/default/templates/index.html"),
            include_str!("../../../themes/default/templates/coverage.html"),
            include_str!("../../../themes/default/templates/checklist.html"),
            include_str!("../../../themes/default/templates/glossary.html"),
            include_str!("../../../themes/default/templates/review.html"),
            include_str!("../../../themes/default/templates/timeline.html"),
            include_str!("../../../themes/default/templates/kind.html"),
            include_str!("../../../themes/default/templates/tag.html"),
            include_str!("../../../themes/default/templates/tags.html"),
            include_str!("../../../themes/default/templates/search.html"),
            include_str!("../../../themes/default/templates/404.html"),
            include_str!("../../../themes/default/templates/problems.html"),
            include_str!("../../../themes/default/templates/unreadable.html"),
            include_str!("../../../themes/default/templates/problem.html"),
            include_str!("../mod.rs"),
            include_str!("../../output/timeline.rs"),
            include_str!("../../output/render/playbook.rs"),
            include_str!("../../output/render/print.rs"),
            include_str!("../../output/render/problems.rs"),
        ];
        let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        let mut names = Vec::new();
        for css in stylesheets {
            // `.name` in a selector (not `1.5rem`, not inside a comment's prose).
            for (i, _) in css.match_indices('.') {
                let name: String = css[i + 1..].chars().take_while(|&c| word(c)).collect();
                if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    names.push(name);
                }
            }
        }
        for file in files {
            // What a Rust file writes, not what its tests write.
            let file = file.split("#[cfg(test)]").next().unwrap_or(file);
            for part in file.split("class=").skip(1) {
                let part = part.trim_start_matches(['"', '\\']);
                let value: String = part
                    .chars()
                    .take_while(|&c| c != '"' && c != '\\')
                    .collect();
                // A template tag (`{% if … %}`) is dropped; an expression
                // stands for a family (`kind-{{ page.kind }}` is `kind-`).
                let mut plain = String::new();
                let mut rest = value.as_str();
                while let Some(open) = rest.find('{') {
                    plain.push_str(&rest[..open]);
                    let close = if rest[open..].starts_with("{%") {
                        "%}"
                    } else {
                        "}}"
                    };
                    plain.push(if close == "}}" { '{' } else { ' ' });
                    rest = rest[open..]
                        .find(close)
                        .map_or("", |c| &rest[open + c + 2..]);
                }
                plain.push_str(rest);
                for name in plain.split_whitespace() {
                    let name = name.split('{').next().unwrap_or("");
                    if !name.is_empty() {
                        names.push(name.to_string());
                    }
                }
            }
            for part in file.split("classList.").skip(1) {
                if let Some(name) = part.split('"').nth(1) {
                    names.push(name.to_string());
                }
            }
        }
        let missing: Vec<String> = names
            .into_iter()
            .filter(|name| {
                let family = name.ends_with('-') && THEME_PREFIXES.contains(&name.as_str());
                !(theme_owned(name) || family)
            })
            .collect();
        assert!(
            missing.is_empty(),
            "the theme's but not in THEME_NAMES: {missing:?}"
        );
    }
}
