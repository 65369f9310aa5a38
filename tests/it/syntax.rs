//! What other tools wrote (`tests/fixtures/syntax`): `:::` containers as
//! VitePress and Docusaurus write them, `[[toc]]`, other generators' syntax
//! reported as `foreign-syntax`, and code blocks highlighted at build time.

use std::path::Path;

use crate::*;

fn built() -> TempDir {
    let site = fixture("syntax");
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    site
}

/// The body of a built playbook page.
fn body(site: &Path, page: &str) -> String {
    let html = read(site.join("public").join(page).join("index.html"));
    let start = html.find("<div class=\"content\">").unwrap();
    let end = html[start..].find("<nav class=\"pager\"").unwrap() + start;
    html[start..end].to_string()
}

#[test]
fn each_problem_is_reported_at_its_line_and_column_and_code_is_never_read() {
    let site = fixture("syntax");
    let (code, json) = check_json(site.path(), &[]);
    assert_eq!(code, Some(0), "warnings only");
    let at = |place: &str, code: &str| format!("content/sop/{place} warning {code}");
    assert_eq!(
        codes(&json),
        [
            at("containers.md:57:1", "foreign-syntax"),
            at("containers.md:65:1", "unclosed-container"),
            at("fences.md:23:13", "foreign-syntax"),
            at("fences.md:30:4", "diagram-not-drawn"),
            at("fences.md:35:4", "diagram-not-drawn"),
            at("foreign.md:5:1", "foreign-syntax"),
            at("foreign.md:6:1", "foreign-syntax"),
            at("foreign.md:10:1", "foreign-syntax"),
            at("foreign.md:12:4", "foreign-syntax"),
            at("foreign.md:14:1", "foreign-syntax"),
            at("foreign.md:16:1", "foreign-syntax"),
            at("foreign.md:20:1", "foreign-syntax"),
            at("foreign.md:22:5", "foreign-syntax"),
            at("foreign.md:26:1", "foreign-syntax"),
            at("foreign.md:27:1", "foreign-syntax"),
            at("foreign.md:31:1", "foreign-syntax"),
            at("foreign.md:32:1", "foreign-syntax"),
            at("foreign.md:34:4", "foreign-syntax"),
            at("foreign.md:36:1", "foreign-syntax"),
            at("foreign.md:40:13", "foreign-syntax"),
            at("foreign.md:43:1", "foreign-syntax"),
            at("media.md:7:5", "not-an-image"),
            at("media.md:9:1", "not-an-image"),
            at("media.md:12:5", "not-an-image"),
            at("mkdocs.md:21:1", "foreign-syntax"),
        ]
    );
    let messages: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["message"].as_str().unwrap(), d["help"].as_str().unwrap()))
        .collect();
    // Each names the tool, what quire does with it and what to write instead.
    assert_eq!(messages[0].0, "`::: code-group` is a VitePress or Docusaurus container of a type quire does not know: its fence lines are left out and its content is shown without a box");
    assert_eq!(
        messages[1].0,
        "`::: tip 忘了关` is never closed: its box runs to the end of the page"
    );
    assert_eq!(messages[1].1, "end the container with a line `:::`");
    assert_eq!(messages[7].0, "`{{< figure src=\"qr.png\" title=\"二维码\" >}}` is a Hugo shortcode, which quire does not run: it is left out of the page");
    assert_eq!(
        messages[7].1,
        "write the image in Markdown: `![说明](图片.png)`"
    );
    assert_eq!(messages[11].0, "`{% include footer.html %}` is a Jekyll (Liquid) tag, which quire does not run: it is left out of the page");
    assert_eq!(messages[12].0, "`{{ page.title }}` is a Jekyll or Hugo template value, which quire does not fill in: it is shown as written");
    assert_eq!(messages[5].0, "`import Tabs from '@theme/Tabs';` is an MDX import (Docusaurus), which quire does not read: the line is left out of the page");
    assert_eq!(messages[17].0, "`<Badge type=\"tip\" text=\"新\" />` is a VuePress or VitePress component, which quire does not have: its text `新` is shown in its place");
    assert_eq!(messages[19].0, "`{width=50%}` is a Pandoc or kramdown attribute, which quire does not read: it is left out of the page");
}

#[test]
fn containers_are_callouts_with_their_titles_and_details_fold_on_the_site() {
    let site = built();
    let html = body(site.path(), "sop/containers");
    let boxes: Vec<&str> = html
        .lines()
        .filter(|l| l.contains("class=\"callout "))
        .collect();
    assert_eq!(
        boxes,
        [
            "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">自定义标题</p>",
            "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">警告</p>",
            "<div class=\"callout callout-danger\" role=\"note\"><p class=\"callout-title\">危险</p>",
            "<div class=\"callout callout-info\" role=\"note\"><p class=\"callout-title\">信息</p>",
            "<details class=\"callout callout-details\"><summary class=\"callout-title\">点击展开</summary>",
            "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">提示</p>",
            "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">说明</p>",
            "<div class=\"callout callout-caution\" role=\"note\"><p class=\"callout-title\">注意</p>",
            "<div class=\"callout callout-danger\" role=\"note\"><p class=\"callout-title\">别这样做</p>",
            "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">老写法的标题</p>",
            "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">外层</p>",
            "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">内层</p>",
            "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">忘了关</p>",
        ]
    );
    // `::::` holds the `:::` box and its own last paragraph.
    assert!(
        html.contains("<p>内层的话。</p>\n</div>\n<p>外层收尾。</p>\n</div>\n"),
        "{html}"
    );
    // The details box folds its content; the unknown type's is shown plain.
    assert!(html.contains("<p>折叠的内容。</p>\n</details>\n"), "{html}");
    assert!(
        html.contains("</div>\n<pre class=\"hl\"><code class=\"language-sh\">"),
        "{html}"
    );
    // No fence is left as text, and no container is a definition list.
    assert!(!html.contains(":::") && !html.contains("<dl>"), "{html}");
    // The one never closed runs to the end of the page.
    let last = html.rsplit("没关上的").next().unwrap_or("");
    assert!(
        last.contains(
            "<p class=\"callout-title\">忘了关</p>\n<p>这一段在框里，直到页面结束。</p>\n</div>\n"
        ),
        "{html}"
    );
}

#[test]
fn the_print_page_shows_details_open_as_a_titled_box() {
    let site = fixture("syntax");
    std::fs::create_dir_all(site.path().join("content/handbooks")).unwrap();
    std::fs::write(
        site.path().join("content/handbooks/h.yaml"),
        "title: 手册\nchapters:\n  - title: 全部\n    include: [sop/containers, sop/toc]\n",
    )
    .unwrap();
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let print = read(site.path().join("public/handbooks/h/index.html"));
    assert!(!print.contains("<details"), "nothing folds on paper");
    assert!(print.contains("<div class=\"callout callout-details\" role=\"note\"><p class=\"callout-title\">点击展开</p>\n<p>折叠的内容。</p>"));
    // The contents link to the headings' places in the handbook.
    assert!(
        print.contains("<li><a href=\"#s1-2-%E7%AC%AC%E4%B8%80%E8%8A%82\">第一节</a></li>"),
        "{print}"
    );
}

#[test]
fn toc_lists_the_page_s_headings_and_is_no_wikilink() {
    let site = built();
    let html = body(site.path(), "sop/toc");
    let toc = "<nav class=\"toc-inline\" aria-label=\"目录\"><p class=\"toc-inline-title\">目录</p>\n<ul>\n<li><a href=\"#%E7%AC%AC%E4%B8%80%E8%8A%82\">第一节</a></li>\n<li class=\"toc-inline-sub\"><a href=\"#%E7%AC%AC%E4%B8%80%E5%B0%8F%E8%8A%82\">第一小节</a></li>\n<li><a href=\"#%E7%AC%AC%E4%BA%8C%E8%8A%82\">第二节</a></li>\n</ul></nav>\n";
    // `[[toc]]`, `[TOC]` and `${toc}`; not the one in code.
    assert_eq!(html.matches(toc).count(), 3, "{html}");
    assert!(html.contains("<code>[[toc]]</code>"), "{html}");
    assert!(
        !html.contains("[TOC]") && !html.contains("${toc}"),
        "{html}"
    );
}

#[test]
fn foreign_syntax_is_hidden_replaced_or_kept_as_the_warning_says() {
    let site = built();
    let html = body(site.path(), "sop/foreign");
    let (prose, code) = html.split_once("<p><code>").unwrap();
    for gone in [
        "import ", "{{&lt;", "{{%", "{%", "Tabs", "TabItem", "Badge", "{/*", "{width", "{:",
    ] {
        assert!(!prose.contains(gone), "{gone} in {html}");
        assert!(code.len() > 10);
    }
    for shown in [
        "<p>文中  一处。</p>",
        "<p>Hugo 的提示。</p>",
        "<p>标题是 {{ page.title }}，昵称写作 {{昵称}}。</p>",
        "<p>甲的内容。</p>",
        "<p>版本 新 已发布。</p>",
        "<h2 id=\"attrs\">属性",
        "<p><img src=\"../qr.png\" alt=\"图\" width=\"2\" height=\"2\" /></p>",
        "<p>一段话。</p>",
        "<code>{{&lt; 代码里 &gt;}}</code>",
        "<pre><code>{{&lt; 也不算 &gt;}}\n</code></pre>",
    ] {
        assert!(html.contains(shown), "{shown} in {html}");
    }
}

#[test]
fn code_in_a_known_language_is_highlighted_with_classes_and_any_other_stays_plain() {
    let site = built();
    let html = body(site.path(), "sop/code");
    assert!(html.contains("<pre class=\"hl\"><code class=\"language-rust\"><span class=\"hl-k\">fn </span><span class=\"hl-f\">main</span>()"), "{html}");
    assert!(
        html.contains("<span class=\"hl-s\">&quot;你好&quot;</span>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<pre class=\"hl\"><code class=\"language-yaml\"><span class=\"hl-t\">title</span>: "
        ),
        "{html}"
    );
    assert!(html.contains("<pre class=\"hl\"><code class=\"language-bash\"><span class=\"hl-f\">echo </span><span class=\"hl-s\">&quot;hello&quot; </span><span class=\"hl-c\"># 注释"), "{html}");
    assert!(
        html.contains("<pre><code class=\"language-klingon\">nuqneH &lt;b&gt;\n</code></pre>"),
        "{html}"
    );
    assert!(
        html.contains("<pre><code>没有语言 &lt;i&gt;\n</code></pre>"),
        "{html}"
    );
    assert!(!html.contains("style="), "classes, not inline styles");
}

#[test]
fn what_a_container_holds_is_checked_at_its_own_line_and_column() {
    let site = site(
        RELAXED,
        &[(
            "content/sop/a.md",
            "---\ntitle: 甲\n---\n\n::: tip 标题\n见 [[nope]]。\n\n:::: warning\n\n## 节\n::::\n:::\n\n[[toc]]\n",
        )],
    );
    let (code, json) = check_json(site.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&json), ["content/sop/a.md:6:3 error broken-link"]);
}

#[test]
fn a_glossary_definition_and_a_handbook_note_are_read_the_same_way() {
    let site = site(
        &format!("{RELAXED}html: allow\n"),
        &[
            ("content/sop/a.md", "---\ntitle: 甲\n---\n\n正文\n"),
            (
                "content/glossary.yaml",
                "- term: 邓巴数字\n  definition: 约 150 人 {{< ref \"x\" >}}。\n",
            ),
            (
                "content/handbooks/h.yaml",
                "title: 手册\ncover_note: |\n  先读。\n\n  ::: tip 提醒\n  带上笔。\nchapters:\n  - title: 一\n    include: [sop/a]\n",
            ),
        ],
    );
    let (code, json) = check_json(site.path(), &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        codes(&json),
        [
            "content/glossary.yaml:2:23 warning foreign-syntax",
            "content/handbooks/h.yaml:5:3 warning unclosed-container",
        ]
    );
}

#[test]
fn mkdocs_admonitions_are_callouts_that_fold_as_written() {
    let site = built();
    let html = body(site.path(), "sop/mkdocs");
    let boxes: Vec<&str> = html
        .lines()
        .filter(|l| l.contains("class=\"callout "))
        .collect();
    assert_eq!(
        boxes,
        [
            "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">入群须知</p>",
            "<details class=\"callout callout-tip callout-fold\"><summary class=\"callout-title\">提示</summary>",
            "<details class=\"callout callout-warning callout-fold\" open><summary class=\"callout-title\">展开的警告</summary>",
            // `!!! abstract ""`: a note, with no title.
            "<div class=\"callout callout-note\" role=\"note\">",
            "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">自定义</p>",
            "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">外层</p>",
            "<div class=\"callout callout-danger\" role=\"note\"><p class=\"callout-title\">内层</p>",
        ]
    );
    // The indented body is Markdown, not code: its image is shown.
    assert!(
        html.contains("<p>新成员先读群规。</p>\n<p><img src=\"../qr.png\" alt=\"二维码\" width=\"2\" height=\"2\" /></p>\n</div>\n"),
        "{html}"
    );
    assert!(
        html.contains("<p>内层正文。</p>\n</div>\n</div>\n<p>正文在框外。</p>"),
        "{html}"
    );
    assert!(
        !html.contains("<pre") && !html.contains("!!!") && !html.contains("???"),
        "{html}"
    );
}

#[test]
fn what_an_admonition_holds_is_checked_at_its_own_line_and_column() {
    let site = site(
        RELAXED,
        &[(
            "content/sop/a.md",
            "---\ntitle: 甲\n---\n\n!!! note \"看\"\n    正文 [坏](nope.md) 。\n\n    !!! tip\n        内层 [也坏](gone.md) {{< x >}}\n\n```\n!!! note\n    [代码](no.md)\n```\n",
        )],
    );
    let (code, json) = check_json(site.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&json),
        [
            "content/sop/a.md:6:8 error broken-link",
            "content/sop/a.md:9:12 error broken-link",
            "content/sop/a.md:9:26 warning foreign-syntax",
        ]
    );
}

#[test]
fn fence_titles_and_marked_lines_are_shown_and_diagrams_are_source_with_a_warning() {
    let site = fixture("syntax");
    let (_, json) = check_json(site.path(), &[]);
    let said = |file: &str, line: u64| -> (String, String) {
        let d = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["file"] == file && d["line"] == line)
            .unwrap();
        (
            d["message"].as_str().unwrap().into(),
            d["help"].as_str().unwrap().into(),
        )
    };
    let (message, help) = said("content/sop/fences.md", 30);
    assert_eq!(
        message,
        "a `mermaid` diagram is not drawn: quire shows its source as code"
    );
    assert!(
        help.contains("export an SVG or PNG") && help.contains("![流程图](flow.svg)"),
        "{help}"
    );
    assert_eq!(
        said("content/sop/fences.md", 23).0,
        "`showLineNumbers` asks for line numbers, which quire does not show: the code is shown without them"
    );
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let html = body(site.path(), "sop/fences");
    for shown in [
        "<figure class=\"code-titled\"><figcaption class=\"code-title\">src/main.rs</figcaption>\n<pre class=\"hl\"><code class=\"language-rust\"><span class=\"hl-k\">fn </span>",
        "<figure class=\"code-titled\"><figcaption class=\"code-title\">配置.js</figcaption>\n<pre class=\"hl\"><code class=\"language-js\">",
        "<code class=\"language-yaml\"><span class=\"hl-line\"><span class=\"hl-t\">a</span>: <span class=\"hl-n\">1</span></span>\n<span class=\"hl-t\">b</span>",
        "<pre><code class=\"language-text\">一\n<span class=\"hl-line\">二</span>\n</code></pre>",
        "<pre><code class=\"language-mermaid\">graph TD\n  A --&gt; B\n</code></pre>",
    ] {
        assert!(html.contains(shown), "{shown} in {html}");
    }
    assert_eq!(html.matches("hl-line").count(), 3, "{html}");
    assert!(
        !html.contains("title=") && !html.contains("{1,3}"),
        "{html}"
    );
}

#[test]
fn an_image_that_is_sound_or_a_document_is_a_link_or_a_player_where_html_allows() {
    let site = fixture("syntax");
    let (_, json) = check_json(site.path(), &[]);
    let d = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "not-an-image")
        .unwrap();
    assert_eq!(d["message"], "`a.wav` is sound, not an image: the page shows it as an audio player under `html: allow`, else a link to the file, and the PDF shows its name");
    assert_eq!(d["help"], "write it as a link: `[说明](../audios/a.wav)`");
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let html = body(site.path(), "sop/media");
    assert!(
        html.contains(
            "<p>听一听：<a class=\"media-link\" href=\"../../audios/a.wav\">a.wav</a></p>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<p><a class=\"media-link\" href=\"../slides.pdf\">讲义</a></p>"),
        "{html}"
    );
    assert!(!html.contains("<img"), "{html}");
    let config = site.path().join("quire.yaml");
    let allowed = std::fs::read_to_string(&config).unwrap() + "html: allow\n";
    std::fs::write(&config, allowed).unwrap();
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let html = body(site.path(), "sop/media");
    assert!(html.contains("<p>听一听：<audio controls src=\"../../audios/a.wav\"><a class=\"media-link\" href=\"../../audios/a.wav\">a.wav</a></audio></p>"), "{html}");
    assert!(
        html.contains("<p><a class=\"media-link\" href=\"../slides.pdf\">讲义</a></p>"),
        "a document is a link still: {html}"
    );
}

#[test]
fn an_admonition_in_a_list_item_is_the_items_callout_and_an_indented_one_after_text_is_code() {
    let site = site(
        RELAXED,
        &[(
            "content/sop/a.md",
            "---\ntitle: 甲\n---\n\n- **top**\n\n    用法：`top`\n\n    !!! tip\n        先输入 [坏](nope.md) 。\n\n    常见字段。\n\n正文。\n\n    !!! note\n        [代码](no.md)\n",
        )],
    );
    let (code, json) = check_json(site.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&json), ["content/sop/a.md:10:13 error broken-link"]);
    let site = site_with_rules(&site);
    let run = quire(site, &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let html = read(site.join("public/sop/a/index.html"));
    assert!(
        html.contains("<p>用法：<code>top</code></p>\n<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">"),
        "{html}"
    );
    assert!(html.contains("<p>常见字段。</p>\n</li>"), "{html}");
    assert!(
        html.contains("<pre><code>!!! note\n    [代码](no.md)\n</code></pre>"),
        "{html}"
    );
}

/// The site, with broken links lowered so it builds.
fn site_with_rules(site: &TempDir) -> &Path {
    std::fs::write(
        site.path().join("quire.yaml"),
        format!("{RELAXED}rules:\n  broken-link: warning\n"),
    )
    .unwrap();
    site.path()
}

#[test]
fn a_container_in_a_list_item_is_the_items_callout_and_one_never_closed_there_has_no_box() {
    let site = site(
        RELAXED,
        &[(
            "content/sop/a.md",
            "---\ntitle: 甲\n---\n\n1. 打开设置。\n\n    :::info\n    保存后生效。\n    :::\n\n2. 重启。\n\n    :::warning[注意]\n    没有关上\n\n正文。\n",
        )],
    );
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let html = read(site.path().join("public/sop/a/index.html"));
    assert!(
        html.contains("<p>打开设置。</p>\n<div class=\"callout callout-info\" role=\"note\"><p class=\"callout-title\">信息</p>\n<p>保存后生效。</p>\n</div>\n</li>"),
        "{html}"
    );
    assert!(
        html.contains("<p>重启。</p>\n<p>没有关上</p>\n</li>"),
        "{html}"
    );
    let (_, json) = check_json(site.path(), &[]);
    assert_eq!(
        codes(&json),
        ["content/sop/a.md:13:5 warning unclosed-container"]
    );
}

#[test]
fn what_an_mdx_component_holds_indented_is_markdown_not_code() {
    let site = site(
        RELAXED,
        &[
            (
                "content/guide/shop.mdx",
                "---\ntitle: 商城\n---\n\n<Tabs>\n  <TabItem value=\"控制台\">\n    ![控制台](a.png) [坏](nope.md)\n  </TabItem>\n</Tabs>\n\n结尾。\n",
            ),
        ],
    );
    std::fs::copy(
        crate::repo().join("content/group-rules/assistant-qr.png"),
        site.path().join("content/guide/a.png"),
    )
    .unwrap();
    let (_, json) = check_json(site.path(), &[]);
    assert_eq!(
        codes(&json),
        [
            "content/guide/shop.mdx:5:1 warning foreign-syntax",
            "content/guide/shop.mdx:6:3 warning foreign-syntax",
            "content/guide/shop.mdx:7:19 error broken-link",
            "content/guide/shop.mdx:8:3 warning foreign-syntax",
            "content/guide/shop.mdx:9:1 warning foreign-syntax",
        ]
    );
    std::fs::write(
        site.path().join("quire.yaml"),
        format!("{RELAXED}rules:\n  broken-link: warning\n"),
    )
    .unwrap();
    let run = quire(site.path(), &["build", "--no-pdf"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let html = read(site.path().join("public/guide/shop/index.html"));
    assert!(
        html.contains("<div class=\"content\">\n<p><img src=\"../a.png\" alt=\"控制台\""),
        "{html}"
    );
    assert!(!html.contains("<pre") && !html.contains("Tabs"), "{html}");
}
