//! Building sites: pages produced, escaping, BOM/CRLF, drafts, YAML errors,
//! and the guarantees about the output folder.

use crate::*;

#[test]
fn sample_site_has_a_page_per_playbook() {
    let out = TempDir::new().unwrap();
    let public = out.path().join("public");
    let run = quire(&repo(), &["build", "--output", public.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(public.join("index.html").is_file());
    let mut count = 0;
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(repo().join("content")).unwrap();
        let rel = rel.to_string_lossy();
        if rel.ends_with(".md") {
            let page = public.join(rel.trim_end_matches(".md")).join("index.html");
            assert!(page.is_file(), "no page for {rel}");
            count += 1;
        }
    }
    assert!(count >= 16, "only {count} sample playbooks");
    for kind in ["group-rules", "sop", "sharing", "cases"] {
        let n = std::fs::read_dir(repo().join("content").join(kind))
            .unwrap()
            .count();
        assert!(n >= 4, "{kind} has {n} playbooks");
    }
    assert!(public.join("cases/小米社区/index.html").is_file());
    assert!(
        stderr(&run).contains("built 16 playbooks"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn yaml_error_is_reported_at_its_line_and_old_output_survives() {
    let site = fixture("yaml-error");
    let public = site.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join(".quire-output"), "").unwrap();
    std::fs::write(public.join("index.html"), "old site").unwrap();

    let run = quire(site.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run).replace(&*public.to_string_lossy(), "<public>");
    insta::assert_snapshot!("yaml_error_stderr", err);
    assert_eq!(read(public.join("index.html")), "old site");
    assert_eq!(
        std::fs::read_dir(&public).unwrap().count(),
        2,
        "nothing added to the old output"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("quire-"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn a_successful_build_replaces_the_old_output_whole() {
    let site = fixture("basic");
    let public = site.path().join("public");
    std::fs::create_dir_all(public.join("stale")).unwrap();
    std::fs::write(public.join(".quire-output"), "").unwrap();
    std::fs::write(public.join("stale/index.html"), "gone soon").unwrap();
    let run = quire(site.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!public.join("stale").exists());
    assert!(public.join("sop/welcome/index.html").is_file());
}

fn build_basic() -> (TempDir, PathBuf) {
    let site = fixture("basic");
    let run = quire(site.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let public = site.path().join("public");
    (site, public)
}

#[test]
fn front_matter_values_are_escaped() {
    let (_site, public) = build_basic();
    let page = read(public.join("cases/小米社区/index.html"));
    assert!(
        page.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; 小米</h1>"),
        "{page}"
    );
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("标题里的 &lt;b&gt;标签&lt;/b&gt; 要转义"));
    let index = read(public.join("cases/index.html"));
    assert!(!index.contains("<script>alert(1)"));
}

#[test]
fn bom_and_crlf_files_build() {
    let (_site, public) = build_basic();
    let page = read(public.join("cases/crlf/index.html"));
    assert!(page.contains("<h1>CRLF 文件</h1>"), "{page}");
    assert!(page.contains("<h2 id=\"标题\">标题 <a class=\"anchor\" href=\"#%E6%A0%87%E9%A2%98\""));
    assert!(page.contains("正文<strong>重点</strong>。"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let (site, public) = build_basic();
    assert!(!public.join("cases/draft").exists());
    let run = quire(site.path(), &["build", "--drafts"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(read(public.join("cases/draft/index.html")).contains("草稿"));
}

#[test]
fn playbook_page_html() {
    let (_site, public) = build_basic();
    let page = read(public.join("sop/welcome/index.html"));
    insta::assert_snapshot!("welcome_page", page);
}

#[test]
fn base_url_is_used_where_links_must_be_absolute() {
    let site = fixture("basic");
    let run = quire(site.path(), &["build", "--base-url", "/handbook"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let not_found = read(site.path().join("public/404.html"));
    assert!(
        not_found.contains("href=\"/handbook/static/style.css\""),
        "{not_found}"
    );
    assert!(not_found.contains("href=\"/handbook/sop/index.html\""));
    // Every other page links relatively, so it works under any sub-path.
    let page = read(site.path().join("public/sop/welcome/index.html"));
    assert!(page.contains("href=\"../../static/style.css\""));
}

#[test]
fn output_guards_refuse_the_sources() {
    let site = fixture("basic");
    let root = site.path();
    let parent = root.parent().unwrap();
    for (output, why) in [
        (root.to_path_buf(), "it is or contains"),
        (root.join("content"), "it is or contains"),
        (root.join("themes"), "it is or contains"),
        (root.join("content/sop/out"), "it is inside"),
        (parent.to_path_buf(), "it is or contains"),
    ] {
        let run = quire(root, &["build", "--output", output.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(2), "{}", output.display());
        let err = stderr(&run);
        assert!(
            err.starts_with("error: refusing to write the site to"),
            "{err}"
        );
        assert!(err.contains(why), "{err}");
    }
    assert!(root.join("content/sop/welcome.md").is_file());

    let foreign = TempDir::new().unwrap();
    std::fs::write(foreign.path().join("notes.txt"), "mine").unwrap();
    let run = quire(
        root,
        &["build", "--output", foreign.path().to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("it was not created by quire"),
        "{}",
        stderr(&run)
    );
    assert_eq!(read(foreign.path().join("notes.txt")), "mine");
}

#[test]
fn a_site_theme_overrides_the_default_file_by_file_and_english_works() {
    let site = fixture("basic");
    let root = site.path();
    let relaxed = read(root.join("quire.yaml"))
        .split("kinds:")
        .nth(1)
        .unwrap()
        .to_string();
    let config = format!("title: Test\nlanguage: en\ntheme: mine\nkinds:{relaxed}");
    std::fs::write(root.join("quire.yaml"), config).unwrap();
    let templates = root.join("themes/mine/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("tag.html"),
        "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ tag }}</p>{% endblock content %}",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/logo.svg"), "<svg/>").unwrap();

    let run = quire(root, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let public = root.join("public");
    assert!(read(public.join("tags/SOP/index.html")).contains("<p class=\"mine\">SOP</p>"));
    let page = read(public.join("sop/welcome/index.html"));
    assert!(
        page.contains("<html lang=\"en\" ")
            && page.contains(">Glossary</a>")
            && page.contains(">Tip</p>"),
        "{page}"
    );
    assert_eq!(
        read(public.join("logo.svg")),
        "<svg/>",
        "static/ is the site root"
    );
    assert!(
        public.join("static/style.css").is_file(),
        "the default theme's files stay"
    );

    std::fs::write(templates.join("tag.html"), "{% if %}").unwrap();
    let run = quire(root, &["build"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).starts_with("error: the theme's templates have an error"),
        "{}",
        stderr(&run)
    );
    assert!(
        read(public.join("tags/SOP/index.html")).contains("mine"),
        "old output kept"
    );

    std::fs::write(
        root.join("quire.yaml"),
        format!("theme: missing\nkinds:{relaxed}"),
    )
    .unwrap();
    let run = quire(root, &["build"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("theme `missing` not found"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_sitemap_lists_every_page_when_base_url_names_a_host() {
    let site = fixture("basic");
    let run = quire(
        site.path(),
        &["build", "--base-url", "https://ops.example.com/手册/"],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let sitemap = read(site.path().join("public/sitemap.xml"));
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"));
    assert!(
        sitemap.contains("<url><loc>https://ops.example.com/手册/sop/welcome/</loc><lastmod>2026-10-01</lastmod></url>"),
        "{sitemap}"
    );
    assert!(sitemap.contains(
        "<loc>https://ops.example.com/手册/cases/%E5%B0%8F%E7%B1%B3%E7%A4%BE%E5%8C%BA/</loc>"
    ));
    assert!(
        !sitemap.contains("search/"),
        "the results page is not a page to index"
    );

    let run = quire(site.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0));
    assert!(
        !site.path().join("public/sitemap.xml").exists(),
        "relative addresses make no sitemap"
    );
}

/// The benchmark corpus and the pipeline keep working together: 1,000
/// generated playbooks of every kind, with links, a glossary and a
/// handbook, build with no problem. (Timing belongs to bench/perf.sh.)
#[test]
fn the_generated_benchmark_corpus_builds_cleanly() {
    let dir = tempfile::TempDir::new().unwrap();
    let site = dir.path().join("corpus");
    let made = std::process::Command::new("python3")
        .arg(crate::repo().join("bench/gen_corpus.py"))
        .arg(&site)
        .arg("1000")
        .status()
        .expect("python3 runs the corpus generator");
    assert!(made.success());
    let run = quire(
        &site,
        &["build", "--no-pdf", "--strict", "--format", "short"],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    assert!(
        stdout(&run).starts_with("built 1000 playbooks into ./public ("),
        "{}",
        stdout(&run)
    );
    let public = site.join("public");
    assert!(public.join("sop/p000001/index.html").exists());
    assert!(public.join("handbooks/bench/index.html").exists());
    let index = read(public.join("search-index.js"));
    assert_eq!(index.matches("{\"u\":").count(), 1000);
}
