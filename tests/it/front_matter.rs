//! Front matter as other tools write it: TOML between `+++` lines (Zola,
//! Hugo), read into the same fields as YAML with every diagnostic at its
//! line and column, and the field names of Zola, Hugo and Docusaurus. The
//! `zola` fixture holds one page of each.

use crate::*;

fn built() -> tempfile::TempDir {
    let site = fixture("zola");
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    site
}

fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    site("title: t\n", files)
}

/// `file:line:col severity code message` of each diagnostic.
fn found(json: &serde_json::Value) -> Vec<String> {
    codes(json)
        .into_iter()
        .zip(json["diagnostics"].as_array().unwrap())
        .map(|(c, d)| format!("{c} {}", d["message"].as_str().unwrap()))
        .collect()
}

#[test]
fn a_zola_site_checks_clean_extra_and_params_keys_are_silent() {
    let site = fixture("zola");
    let (code, json) = check_json(site.path(), &[]);
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(codes(&json), Vec::<String>::new());
    assert_eq!(json["summary"]["playbooks"], 4);
}

#[test]
fn a_toml_page_is_built_with_its_fields_and_no_front_matter_as_text() {
    let site = built();
    let page = read(site.path().join("public/guide/welcome/index.html"));
    assert!(page.contains("<h1>新人接待</h1>"), "{page}");
    assert!(page.contains("<p class=\"lead\">新人进群后的第一天</p>"));
    // `date = 2026-01-02`, a TOML date, is the review date.
    assert!(page.contains("<time datetime=\"2026-01-02\">2026-01-02</time>"));
    // `[taxonomies] tags` are the page's tags, each with its page.
    assert!(page.contains(
        "<ul class=\"tags\"><li><a href=\"../../tags/%E6%96%B0%E4%BA%BA/index.html\">新人</a></li><li><a href=\"../../tags/SOP/index.html\">SOP</a></li></ul>"
    ));
    assert!(site.path().join("public/tags/新人/index.html").is_file());
    // Nothing of the TOML reaches the page.
    for text in ["+++", "taxonomies", "a.png", "title ="] {
        assert!(!page.contains(text), "{text} is on the page");
    }
    // Zola's `updated` (a date and time) gives its day; Hugo's `categories` are tags.
    let updated = read(site.path().join("public/guide/updated/index.html"));
    assert!(updated.contains("<time datetime=\"2026-03-05\">2026-03-05</time>"));
    assert!(updated.contains("tags/%E5%A4%8D%E7%9B%98/index.html\">复盘</a>"));
    // Docusaurus's `last_update: {date: …}` is the review date too.
    let rules = read(site.path().join("public/guide/rules/index.html"));
    assert!(rules.contains("<time datetime=\"2026-02-03\">2026-02-03</time>"));
}

#[test]
fn weight_orders_toml_pages_and_sidebar_label_names_a_page_in_the_sidebar() {
    let site = built();
    let page = read(site.path().join("public/guide/welcome/index.html"));
    let start = page.find("<nav class=\"sidebar\"").expect("a sidebar");
    let sidebar = &page[start..start + page[start..].find("</nav>").unwrap()];
    // `sidebar_position: 1`, `weight = 2`, `weight = 3`; the label, not the title.
    let order: Vec<usize> = ["群规</a>", "新人接待</a>", "复盘</a>"]
        .iter()
        .map(|t| {
            sidebar
                .find(t)
                .unwrap_or_else(|| panic!("{t} in {sidebar}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{sidebar}");
    assert!(!sidebar.contains("群规总则"), "{sidebar}");
    // The page itself keeps its title.
    let rules = read(site.path().join("public/guide/rules/index.html"));
    assert!(rules.contains("<h1>群规总则</h1>"));
}

#[test]
fn an_error_inside_toml_is_reported_at_its_line_and_column_and_the_page_is_not_built() {
    let dir = site_with(&[
        (
            "content/a.md",
            "+++\ntitle = \"a\"\nowner = 王芳\n+++\n正文\n",
        ),
        (
            "content/b.md",
            "+++\ntitle = \"b\"\ntags = [\"a\", \"b\"\nowner = \"x\"\n+++\n正文\n",
        ),
        ("content/c.md", "+++\ntitle = \"c\"\ntitle = \"d\"\n+++\n"),
        ("content/d.md", "+++\ntitle = \"d\"\n正文\n"),
    ]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        [
            "content/a.md:3:9 error toml-syntax",
            "content/b.md:3:8 error toml-syntax",
            "content/c.md:3:1 error toml-syntax",
            "content/d.md:1:1 error unterminated-front-matter",
        ]
    );
    let d = &json["diagnostics"];
    assert_eq!(d[1]["message"], "invalid TOML: this `[` is never closed");
    assert!(d[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("invalid TOML: "));
    assert!(d[3]["help"].as_str().unwrap().contains("`+++`"), "{d:#}");
    let run = quire(dir.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_toml_value_of_the_wrong_type_is_reported_at_the_value() {
    let dir = site_with(&[
        (
            "content/a.md",
            "+++\ntitle = \"a\"\nweight = \"a\"\ndraft = \"yes\"\n+++\n正文\n",
        ),
        (
            "content/b.md",
            "+++\ntitle = \"b\"\ndate = 2026-13-01\n+++\n正文\n",
        ),
        (
            "content/c.md",
            "+++\ntitle = [\"c\"]\n\n[taxonomies]\ntags = \"x\"\nauthors = [\"王芳\"]\n+++\n正文\n",
        ),
        (
            "content/d.md",
            "+++\ntitle = \"d\"\nupdated = \"2026/03/05\"\n+++\n正文\n",
        ),
    ]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        found(&json),
        [
            "content/a.md:3:10 error wrong-type `weight` must be a whole number (lower comes first), found text",
            "content/a.md:4:9 error wrong-type `draft` must be true or false, found text",
            // TOML refuses month 13 itself, at the month.
            "content/b.md:3:13 error toml-syntax invalid TOML: invalid date-time",
            "content/c.md:2:9 error wrong-type `title` must be text, found a list",
            "content/c.md:6:1 warning unknown-field the taxonomy `authors` is not used: quire reads `tags` and `categories` as tags",
            "content/d.md:3:11 error invalid-date `updated` must be a date like 2026-11-01, found `2026/03/05`",
        ]
    );
    // The help writes the date as TOML does, bare after ` = `.
    assert_eq!(
        json["diagnostics"][5]["help"],
        "write `updated = 2026-03-05` (year-month-day with `-`)"
    );
}

#[test]
fn zola_and_docusaurus_fields_quire_does_not_use_are_said_once_each_with_a_hint() {
    let dir = site_with(&[
        (
            "content/guide/_index.md",
            "+++\ntitle = \"指南\"\nsort_by = \"weight\"\ntemplate = \"section.html\"\npage_template = \"page.html\"\nrender = true\nin_search_index = true\n+++\n",
        ),
        (
            "content/guide/doc.md",
            "---\ntitle: 文档\nid: doc-id\nhide_title: true\nkeywords: [a]\nlast_update:\n  date: 2026-01-01\n  author: 王芳\n---\n正文\n",
        ),
        (
            "content/guide/both.md",
            "+++\ntitle = \"两个\"\ndate = 2025-01-01\nupdated = 2026-01-01\n+++\n正文\n",
        ),
    ]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(
        found(&json),
        [
            "content/guide/_index.md:3:1 warning unknown-field `sort_by` is a Zola field that quire does not use",
            "content/guide/_index.md:4:1 warning unknown-field `template` is a Zola field that quire does not use",
            "content/guide/_index.md:5:1 warning unknown-field `page_template` is a Zola field that quire does not use",
            "content/guide/_index.md:6:1 warning unknown-field `render` is a Zola field that quire does not use",
            "content/guide/_index.md:7:1 warning unknown-field `in_search_index` is a Zola field that quire does not use",
            "content/guide/both.md:3:1 warning unknown-field `date` is not used: this playbook sets `updated:`, which it stands in for",
            "content/guide/doc.md:3:1 warning unknown-field `id` is a Docusaurus field that quire does not use",
            "content/guide/doc.md:4:1 warning unknown-field `hide_title` is a Docusaurus field that quire does not use",
            "content/guide/doc.md:5:1 warning unknown-field `keywords` is a Hugo and Docusaurus field that quire does not use",
            "content/guide/doc.md:8:3 warning unknown-field `author` under `last_update` is not used",
        ]
    );
    let helps: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert!(helps[0].contains("`weight:`"), "{helps:?}");
    assert!(helps[6].contains("path under content/"), "{helps:?}");
}

#[test]
fn tags_read_from_taxonomies_are_checked_against_the_sites_tags_at_their_place() {
    let dir = site(
        "title: t\ntags: [新人]\n",
        &[(
            "content/a.md",
            "+++\ntitle = \"a\"\n\n[taxonomies]\ntags = [\"新人\", \"新手\"]\n+++\n正文\n",
        )],
    );
    let (_, json) = check_json(dir.path(), &[]);
    assert_eq!(codes(&json), ["content/a.md:5:15 warning unknown-tag"]);
}
