//! Pages that are not playbooks, and folders that read like a book: plain
//! pages in folders no kind claims, landing files (`_index.md`, `README.md`),
//! `weight:`, the folder sidebar, `aliases:` redirects, `date:` and an
//! absolute `slug:`. The `book` fixture holds one of each.

use crate::*;

fn built() -> tempfile::TempDir {
    let site = fixture("book");
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    site
}

/// The `<main>` of a page: what differs from page to page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>");
    &html[start..end]
}

#[test]
fn a_folder_no_kind_claims_holds_plain_pages_with_no_diagnostic() {
    let site = fixture("book");
    let (code, json) = check_json(site.path(), &[]);
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(codes(&json), Vec::<String>::new());
    assert_eq!(json["summary"]["playbooks"], 8);
}

#[test]
fn each_file_becomes_the_page_its_place_says() {
    let site = built();
    let public = site.path().join("public");
    for page in [
        "about/index.html",               // content/about.md
        "guide/index.html",               // content/guide/README.md
        "guide/a/index.html",             // content/guide/a.md
        "guide/advanced/index.html",      // no landing file: a list
        "abs/path/index.html",            // slug: /abs/path
        "sop/onboarding/index.html",      // a folder in a kind's folder
        "sop/onboarding/day1/index.html", // a playbook of the kind
        "guide/old-b/index.html",         // aliases: [old-b]
        "legacy/b/index.html",            // aliases: [/legacy/b/]
    ] {
        assert!(public.join(page).is_file(), "{page} is missing");
    }
    // Landing files are their folders' pages, not pages of their own.
    for none in [
        "guide/README/index.html",
        "sop/_index/index.html",
        "_index/index.html",
        "guide/advanced/x/index.html",
    ] {
        assert!(!public.join(none).exists(), "{none} was written");
    }
}

#[test]
fn a_landing_page_shows_its_text_above_its_folders_pages_in_weight_order() {
    let site = built();
    let guide = read(site.path().join("public/guide/index.html"));
    let main = main_of(&guide);
    let text = main.find("这是指南的首页。").expect("the landing text");
    // `weight: 1` before the page with none; then the folder under it.
    let b = main
        .find("<span class=\"card-title\">乙</span>")
        .expect("乙");
    let a = main
        .find("<span class=\"card-title\">甲篇</span>")
        .expect("甲篇");
    let advanced = main
        .find("<span class=\"card-title\">advanced</span>")
        .unwrap();
    assert!(text < b && b < a && a < advanced, "{main}");
    // The sidebar is the folder's, in the same order, with its folder.
    assert!(
        main.contains("<ul><li><a href=\"../guide/b/index.html\">乙</a></li><li><a href=\"../guide/a/index.html\">甲篇</a></li></ul>\n  <ul class=\"sidebar-folders\"><li><a href=\"../guide/advanced/index.html\">advanced</a></li></ul>"),
        "{main}"
    );
    // Previous and next follow it too.
    let b_page = read(site.path().join("public/guide/b/index.html"));
    assert!(
        b_page.contains("<a class=\"next\" href=\"../../guide/a/index.html\" rel=\"next\"><span>下一篇</span>甲篇</a>"),
        "{}",
        main_of(&b_page)
    );
    assert!(!b_page.contains("rel=\"prev\""));
}

#[test]
fn the_landing_files_of_content_and_of_a_kind_are_the_intros_of_their_lists() {
    let site = built();
    let home = read(site.path().join("public/index.html"));
    let main = main_of(&home);
    assert!(
        main.contains("<p>欢迎来到<strong>手册</strong>。</p>"),
        "{main}"
    );
    // The plain pages at the top, and the folders of pages.
    assert!(main.contains("<h2>页面</h2>"), "{main}");
    assert!(
        main.contains("<a href=\"about/index.html\"><span class=\"card-title\">关于</span></a>")
    );
    assert!(main
        .contains("<a href=\"guide/index.html\"><span class=\"card-title\">使用指南</span></a>"));
    let sop = read(site.path().join("public/sop/index.html"));
    let main = main_of(&sop);
    // Its links are the list page's: `../guide/README.md` is the guide's folder.
    assert!(
        main.contains("<p>所有 SOP 的说明。见<a href=\"../guide/index.html\">入门</a>，先读<a href=\"../sop/onboarding/day1/index.html\">第一天</a>。</p>"),
        "{main}"
    );
    assert!(main.contains("<a href=\"../sop/onboarding/index.html\"><span class=\"card-title\">onboarding</span></a>"), "{main}");
}

#[test]
fn kinds_with_no_playbooks_are_not_on_the_home_page_or_in_the_navigation() {
    let site = built();
    let home = read(site.path().join("public/index.html"));
    let nav_start = home.find("<nav class=\"site-nav\"").unwrap();
    let nav = &home[nav_start..nav_start + home[nav_start..].find("</nav>").unwrap()];
    assert!(
        nav.contains(
            "<a href=\"sop/index.html\">SOP话术</a><a href=\"guide/index.html\">使用指南</a>"
        ),
        "{nav}"
    );
    for empty in ["group-rules/", "sharing/", "cases/"] {
        assert!(
            !home.contains(&format!("href=\"{empty}index.html\"")),
            "{empty}"
        );
        // The list still exists, so a link to it is no dead end.
        assert!(site
            .path()
            .join("public")
            .join(empty)
            .join("index.html")
            .is_file());
    }
    // Plain pages are not playbooks with nothing covered.
    let coverage = read(site.path().join("public/coverage/index.html"));
    let main = main_of(&coverage);
    assert!(main.contains("SOP话术") && !main.contains("关于") && !main.contains("使用指南"));
}

#[test]
fn a_nested_page_has_the_folders_above_it_in_its_crumbs_and_sidebar() {
    let site = built();
    let day1 = read(site.path().join("public/sop/onboarding/day1/index.html"));
    let main = main_of(&day1);
    assert!(
        main.contains("<ul class=\"sidebar-up\"><li><a href=\"../../../sop/index.html\">SOP话术</a></li></ul>"),
        "{main}"
    );
    assert!(
        main.contains("<nav class=\"crumbs\"><a href=\"../../../index.html\">首页</a> / <a href=\"../../../sop/index.html\">SOP话术</a> / <a href=\"../../../sop/onboarding/index.html\">onboarding</a></nav>"),
        "{main}"
    );
}

#[test]
fn an_alias_is_a_relative_redirect_to_the_page() {
    let site = built();
    for (alias, href) in [
        ("guide/old-b", "../../guide/b/index.html"),
        ("legacy/b", "../../guide/b/index.html"),
    ] {
        let html = read(site.path().join("public").join(alias).join("index.html"));
        for want in [
            format!("<link rel=\"canonical\" href=\"{href}\">"),
            format!("<meta http-equiv=\"refresh\" content=\"0; url={href}\">"),
            format!("<a href=\"{href}\">乙</a>"),
        ] {
            assert!(html.contains(&want), "{alias}: {want}\n{html}");
        }
        assert!(!html.contains("<script"));
    }
}

#[test]
fn a_link_to_the_opening_heading_that_became_the_title_lands_on_the_title() {
    let site = built();
    let a = read(site.path().join("public/guide/a/index.html"));
    assert!(
        a.contains("<header class=\"playbook-header\" id=\"甲篇\">"),
        "{}",
        main_of(&a)
    );
    let b = read(site.path().join("public/guide/b/index.html"));
    assert!(b.contains("<a href=\"../../guide/a/index.html#%E7%94%B2%E7%AF%87\">甲</a>"));
}

#[test]
fn a_link_to_a_folder_leads_to_its_list() {
    let site = built();
    let b = read(site.path().join("public/guide/b/index.html"));
    for want in [
        "<a href=\"../../index.html\">首页</a>",
        "<a href=\"../../guide/advanced/index.html\">进阶</a>",
        "<a href=\"../../sop/onboarding/index.html\">入职</a>",
    ] {
        assert!(b.contains(want), "{want}");
    }
    // A folder that holds no pages is still a broken link.
    let dir = site_with(&[("content/guide/a.md", "# 甲\n\n[x](../nowhere/)\n")]);
    let (_, json) = check_json(dir.path(), &[]);
    assert_eq!(codes(&json), ["content/guide/a.md:3:1 error broken-link"]);
}

#[test]
fn date_is_the_review_date_when_none_other_is_given() {
    let site = built();
    let about = read(site.path().join("public/about/index.html"));
    assert!(about.contains("<time datetime=\"2026-03-05\">2026-03-05</time>"));
    // Beside `lastmod:`, it is said to be unused.
    let dir = site_with(&[(
        "content/about.md",
        "---\ntitle: 关于\nlastmod: 2026-03-01\ndate: 2025-01-01\n---\n正文\n",
    )]);
    let (_, json) = check_json(dir.path(), &[]);
    assert_eq!(codes(&json), ["content/about.md:4:1 warning unknown-field"]);
    assert_eq!(
        json["diagnostics"][0]["message"],
        "`date` is not used: this playbook sets `lastmod:`, which it stands in for"
    );
}

fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    site("title: t\n", files)
}

#[test]
fn weight_order_and_sidebar_position_order_pages_and_are_checked_at_the_value() {
    let dir = site_with(&[
        (
            "content/notes/a.md",
            "---\ntitle: 一\nweight: 第一\n---\n正文\n",
        ),
        (
            "content/notes/b.md",
            "---\ntitle: 二\norder: [1]\n---\n正文\n",
        ),
        (
            "content/notes/c.md",
            "---\ntitle: 三\nsidebar_position: 1\n---\n正文\n",
        ),
        (
            "content/notes/d.md",
            "---\ntitle: 四\nkind: nope\n---\n正文\n",
        ),
    ]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        [
            "content/notes/a.md:3:9 error wrong-type",
            "content/notes/b.md:3:8 error wrong-type",
            "content/notes/d.md:3:7 error unknown-kind",
        ]
    );
    assert_eq!(
        json["diagnostics"][0]["message"],
        "`weight` must be a whole number (lower comes first), found text"
    );
}

#[test]
fn two_landing_files_in_one_folder_are_a_duplicate_url() {
    let dir = site_with(&[
        ("content/guide/README.md", "# 指南\n"),
        ("content/guide/_index.md", "# 指南\n"),
    ]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        ["content/guide/_index.md:0:0 error duplicate-url"]
    );
    assert_eq!(
        json["diagnostics"][0]["message"],
        "content/guide/README.md and content/guide/_index.md are both the landing page of the folder `guide/`"
    );
}

#[test]
fn an_alias_that_collides_is_a_duplicate_url_at_the_value() {
    let dir = site_with(&[
        (
            "content/guide/a.md",
            "---\ntitle: 甲\naliases: [b, /old/, /sop/, /static/x/]\n---\n正文\n",
        ),
        (
            "content/guide/b.md",
            "---\ntitle: 乙\naliases:\n  - /old/\n---\n正文\n",
        ),
        ("content/old2/index.html", "<p>x</p>"),
        (
            "content/guide/c.md",
            "---\ntitle: 丙\naliases: /old2/\n---\n正文\n",
        ),
    ]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let found: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "duplicate-url")
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d["file"], d["line"], d["column"], d["message"]
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "\"content/guide/a.md\":3:11 \"the alias `/guide/b/` would write a redirect where the page of content/guide/b.md is\"",
            "\"content/guide/a.md\":3:21 \"the alias `/sop/` would write a redirect where the list of the kind `sop` is\"",
            "\"content/guide/a.md\":3:28 \"the alias `/static/x/` would write a redirect where a folder the site itself uses is\"",
            "\"content/guide/b.md\":4:5 \"the alias `/old/` would write a redirect where an alias of content/guide/a.md is\"",
            "\"content/guide/c.md\":3:10 \"the alias `/old2/` would write a redirect where the file content/old2/index.html is\"",
        ]
    );
}

#[test]
fn the_sitemap_lists_folders_and_landing_pages_but_no_redirect() {
    let site = fixture("book");
    std::fs::write(
        site.path().join("quire.yaml"),
        "title: 手册\nbase_url: https://example.com/\n",
    )
    .unwrap();
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let sitemap = read(site.path().join("public/sitemap.xml"));
    for want in [
        "<loc>https://example.com/</loc>",
        "<loc>https://example.com/guide/</loc>",
        "<loc>https://example.com/guide/advanced/</loc>",
        "<loc>https://example.com/sop/</loc>",
        "<loc>https://example.com/abs/path/</loc>",
    ] {
        assert_eq!(sitemap.matches(want).count(), 1, "{want}\n{sitemap}");
    }
    assert!(
        !sitemap.contains("old-b") && !sitemap.contains("legacy"),
        "{sitemap}"
    );
}

#[test]
fn a_playbook_lists_the_plain_pages_that_link_to_it() {
    let site = built();
    let day1 = read(site.path().join("public/sop/onboarding/day1/index.html"));
    assert!(
        day1.contains("<p class=\"group-name\">页面</p>\n    <ul><li><a href=\"../../../sop/index.html\">SOP 总览</a></li></ul>"),
        "{}",
        main_of(&day1)
    );
}

#[test]
fn mdx_and_markdown_files_are_pages_and_links_to_them_resolve() {
    let site = site(
        "",
        &[
            (
                "content/guide/shop.mdx",
                "---\ntitle: 商店\n---\n\n见[简介](./intro.markdown)。\n",
            ),
            (
                "content/guide/intro.markdown",
                "# 简介\n\n见 [商店](shop.mdx)。\n",
            ),
        ],
    );
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let public = site.path().join("public");
    let intro = read(public.join("guide/intro/index.html"));
    assert!(
        intro.contains(r#"href="../../guide/shop/index.html">商店</a>"#),
        "{intro}"
    );
    let shop = read(public.join("guide/shop/index.html"));
    assert!(
        shop.contains(r#"href="../../guide/intro/index.html">简介</a>"#),
        "{shop}"
    );
    // Neither is published as a file of its own.
    assert!(!public.join("guide/shop.mdx").exists());
    assert!(!public.join("guide/intro.markdown").exists());
}

#[test]
fn slug_slash_makes_a_page_the_home_pages_intro_as_in_docusaurus() {
    let site = site(
        "",
        &[
            (
                "content/intro.md",
                "---\ntitle: 介绍\nslug: /\n---\n\n欢迎使用。\n",
            ),
            (
                "content/guide/install.md",
                "---\ntitle: 安装\n---\n\n见[介绍](../intro.md)。\n",
            ),
        ],
    );
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let public = site.path().join("public");
    assert!(read(public.join("index.html")).contains("欢迎使用。"));
    assert!(!public.join("intro/index.html").exists());
    let install = read(public.join("guide/install/index.html"));
    assert!(
        install.contains(r#"href="../../index.html">介绍</a>"#),
        "{install}"
    );
}
