//! The Typst document of a handbook: the page set-up (A4, a running
//! header with the chapter's title, page numbers), the cover, the
//! contents, the chapters with their playbooks, and the glossary appendix.
//! Playbook bodies are written by [`super::markup`].

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::images::Images;
use super::markup::{content, escape, string, Weight, Writer};
use crate::base::i18n::{self, Language};
use crate::input::handbook::Handbook;
use crate::input::site::Site;
use crate::markdown;
use crate::markdown::term_id;
use crate::output::Built;

/// The font families to set text in, found by [`super::Fonts`].
pub struct Families<'a> {
    pub body: &'a str,
    pub heading: &'a str,
    pub mono: &'a str,
}

/// What a handbook's author text weighs: each placed playbook's body (by
/// playbook index) and the rest (cover note, intros, glossary appendix).
#[derive(Debug, Default)]
pub struct Weights {
    pub playbooks: Vec<(usize, Weight)>,
    pub rest: Weight,
}

/// The whole Typst source of a handbook, and what its author text weighs.
pub fn handbook(
    built: &Built,
    h: &Handbook,
    families: &Families,
    images: &Images,
) -> (String, Weights) {
    let site = &built.site;
    let language = site.config.language;
    let t = |key| i18n::t(language, key);
    let mut out = String::with_capacity(64 * 1024);
    let mut weights = Weights::default();
    preamble(&mut out, site, h, families);
    weights.rest.add(cover(&mut out, site, h, families));
    let _ = writeln!(
        out,
        "#page(header: none, footer: none)[#outline(title: {}, depth: 2, indent: 1.5em)]\n#counter(page).update(1)\n",
        string(t("toc"))
    );

    // Absolute site addresses only make sense where the site has a host.
    let site_href = |p: &crate::input::parse::Playbook| {
        if site.config.base_url.starts_with("http") {
            format!("{}{}", site.config.base_url, p.dir)
        } else {
            String::new()
        }
    };
    let (chapters, appendix) = h.bodies(site, &built.links.index, &site_href);
    let labels = labels(h, &chapters, site, &appendix);
    for (c, (chapter, bodies)) in h.chapters.iter().zip(chapters).enumerate() {
        let _ = writeln!(
            out,
            "#chapter({}, {})\n",
            content(&chapter.title),
            string(&format!("ch{}", c + 1))
        );
        if let Some(intro) = &chapter.intro {
            let (intro, w) = snippet(intro, language);
            weights.rest.add(w);
            let _ = writeln!(out, "#intro[{intro}]\n");
        }
        for (n, (i, prepared)) in bodies.into_iter().enumerate() {
            let p = &site.playbooks[i];
            let kind = site
                .config
                .kind(&p.kind)
                .map_or(p.kind.as_str(), |k| k.name(language));
            let mut meta = Vec::new();
            if let Some(owner) = &p.owner {
                meta.push(format!("{}：{owner}", t("owner")));
            }
            if let Some(reviewed) = &p.reviewed {
                meta.push(format!("{}：{reviewed}", t("reviewed")));
            }
            let _ = writeln!(
                out,
                "#playbook({}, {}, {}, first: {}, summary: {}, meta: {})\n",
                content(&p.title),
                string(&h.anchor(i).unwrap_or_default()),
                content(kind),
                n == 0,
                p.summary.as_deref().map_or("none".into(), content),
                content(&meta.join(" · ")),
            );
            let mut weight = super::facts::facts_box(built, h, i, &mut out);
            let steps = built.checked.get(i).map_or(&[][..], |c| c.steps.as_slice());
            if let Some(timeline) = crate::output::timeline::draw(steps, &p.title) {
                // The drawing carries its colours as attributes, so it stands alone.
                let _ = writeln!(
                    out,
                    "#block(breakable: false, above: 1em, below: 1.2em, image(bytes({}), format: \"svg\", width: 100%, alt: {}))\n",
                    string(&timeline.svg),
                    string(&format!("{} {}", p.title, i18n::t(language, "timeline")))
                );
            }
            weight.add(super::facts::field_steps(built, i, &labels, &mut out));
            weight.add(
                Writer::new(language, &labels)
                    .numbered(3)
                    .images(images)
                    .write(&prepared.events, &mut out),
            );
            weights.playbooks.push((i, weight));
        }
    }
    if !appendix.is_empty() {
        let _ = writeln!(out, "#appendix({})\n", content(t("appendix_glossary")));
        for k in appendix {
            let term = &site.glossary[k];
            let aliases = if term.aliases.is_empty() {
                String::new()
            } else {
                format!("（{}：{}）", t("aliases"), term.aliases.join("、"))
            };
            let (definition, w) = snippet(&term.definition, language);
            weights.rest.add(w);
            let _ = writeln!(
                out,
                "#term({}, {}, {})[{definition}]\n",
                content(&term.term),
                string(&term_id(&term.term)),
                content(&aliases),
            );
        }
    }
    (out, weights)
}

/// The labels a link may point at: each placed playbook, each appendix
/// term, and each heading whose id occurs once in the handbook. Typst
/// refuses a link to a label that is missing or on two elements, and a
/// heading inside a footnote is set once per reference, so those get none.
fn labels(
    h: &Handbook,
    chapters: &[Vec<(usize, markdown::Prepared)>],
    site: &Site,
    appendix: &[usize],
) -> HashSet<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (_, prepared) in chapters.iter().flatten() {
        let mut in_footnote = 0;
        for event in &prepared.events {
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) => in_footnote += 1,
                Event::End(TagEnd::FootnoteDefinition) => in_footnote -= 1,
                Event::Start(Tag::Heading { id: Some(id), .. }) if in_footnote == 0 => {
                    *count.entry(id).or_default() += 1;
                }
                _ => {}
            }
        }
    }
    let mut labels: HashSet<String> = count
        .into_iter()
        .filter(|(_, n)| *n == 1)
        .map(|(id, _)| id.to_string())
        .collect();
    labels.extend(chapters.iter().flatten().filter_map(|(i, _)| h.anchor(*i)));
    labels.extend(appendix.iter().map(|&k| term_id(&site.glossary[k].term)));
    labels
}

fn preamble(out: &mut String, site: &Site, h: &Handbook, f: &Families) {
    let lang = match site.config.language {
        Language::Zh => "lang: \"zh\", region: \"cn\"",
        Language::En => "lang: \"en\"",
    };
    let _ = write!(
        out,
        r##"#set document(title: {title}, date: none)
#set page(paper: "a4", margin: (top: 24mm, bottom: 22mm, x: 20mm),
  header: context {{
    // No running header on the page a chapter opens; elsewhere, the chapter's title.
    let chapters = heading.where(level: 1, outlined: true)
    let opens = query(chapters).filter(h => h.location().page() == here().page())
    let before = query(chapters.before(here()))
    if opens.len() == 0 and before.len() > 0 {{
      set text(size: 8.5pt, fill: luma(90))
      {short}
      h(1fr)
      before.last().body
      v(-0.6em)
      line(length: 100%, stroke: 0.4pt + luma(180))
    }}
  }},
  footer: context align(center, text(size: 9pt, fill: luma(90), counter(page).display())))
#set text(font: ({body}, {heading}), size: 10.5pt, {lang})
#set par(justify: true, leading: 0.85em, spacing: 1.2em)
#show heading: set text(font: ({heading}, {body}))
#show raw: set text(font: ({mono}, {body}), size: 9pt)
#set heading(numbering: (..n) => if n.pos().len() <= 3 {{ numbering("1.1", ..n) }})
#show heading.where(level: 1, outlined: true): it => {{ pagebreak(weak: true); v(12mm); text(size: 20pt, it) ; v(4mm) }}
#show heading.where(level: 2): it => {{ text(size: 15pt, it) }}
#show heading.where(level: 3): set text(size: 12.5pt)
#show heading.where(level: 4): set text(size: 11pt)
#show link: set text(fill: rgb("#8a3320"))
#set table(stroke: 0.5pt + luma(170), inset: 5pt)
#show table: set text(size: 9pt)
#show table: set par(justify: false)
#show table.cell.where(y: 0): set text(weight: "bold")
#set table.cell(breakable: false)
#set quote(block: true)
#show quote: it => block(inset: (left: 10pt, y: 2pt), stroke: (left: 2pt + luma(180)), it.body)
#show raw.where(block: true): it => block(fill: luma(245), inset: 8pt, radius: 2pt, width: 100%, breakable: false, it)

#let chapter(title, anchor) = [#heading(level: 1, title) #label(anchor)]
#let intro(body) = block(inset: (left: 10pt), stroke: (left: 2pt + rgb("#b4432c")), text(fill: luma(70), body))
#let playbook(title, anchor, kind, first: false, summary: none, meta: []) = {{
  if first {{ v(6mm) }} else {{ pagebreak(weak: true) }}
  text(size: 9pt, fill: luma(90), kind)
  [#heading(level: 2, title) #label(anchor)]
  if summary != none {{ text(fill: luma(70), summary) }}
  if meta != [] {{ parbreak(); text(size: 9pt, fill: luma(90), meta) }}
  line(length: 100%, stroke: 0.4pt + luma(180))
}}
#let callout(title, color, body) = block(width: 100%, inset: 8pt, stroke: (left: 3pt + rgb(color)), fill: rgb(color).lighten(92%), breakable: false, [#text(weight: "bold", fill: rgb(color), title) \ #body])
#let task(done) = box(width: 0.8em, height: 0.8em, stroke: 0.6pt, baseline: 0.1em, if done {{ place(center + horizon, text(size: 0.7em, "✓")) }})
#let appendix(title) = [#pagebreak(weak: true) #heading(level: 1, numbering: none, title)]
// An image at its width on paper, never wider than where it stands (the
// text, a table cell, a list item); its alt text, when it has one, as caption.
#let picture(path, width, pixelated, alt, caption) = figure(
  layout(size => align(center, image(path, width: calc.min(width, size.width), alt: alt,
    scaling: if pixelated {{ "pixelated" }} else {{ "smooth" }}))),
  caption: if caption == [] {{ none }} else {{ caption }}, kind: image, supplement: none, numbering: none)
#let term(name, anchor, aliases, body) = block(breakable: false, below: 1em)[#strong(name) #label(anchor) #text(size: 9pt, fill: luma(90), aliases) \ #body]
{facts}
"##,
        title = string(&h.title),
        short = content(&h.title),
        body = string(f.body),
        heading = string(f.heading),
        mono = string(f.mono),
        facts = super::facts::FACTS_DEFINITION,
    );
}

fn cover(out: &mut String, site: &Site, h: &Handbook, f: &Families) -> Weight {
    let language = site.config.language;
    let t = |key| i18n::t(language, key);
    let mut meta = String::new();
    for (key, value) in [("audience", &h.audience), ("version", &h.version)] {
        if let Some(value) = value {
            let _ = writeln!(meta, "{}：{} \\", escape(t(key)), escape(value));
        }
    }
    let note = h.cover_note.as_deref().map(|n| snippet(n, language));
    let _ = writeln!(
        out,
        "#page(header: none, footer: none)[\n#set par(justify: false)\n#v(1fr)\n#text(size: 11pt, fill: luma(90))[{}]\n#v(4mm)\n#text(size: 28pt, weight: \"bold\", font: {})[{}]\n#v(3mm)\n{}\n#v(10mm)\n#text(size: 10.5pt)[{}]\n#v(1fr)\n{}\n]\n",
        escape(&site.config.title),
        string(f.heading),
        escape(&h.title),
        h.subtitle
            .as_deref()
            .map(|s| format!("#text(size: 14pt, fill: luma(70))[{}]", escape(s)))
            .unwrap_or_default(),
        meta,
        note.as_ref()
            .map(|(n, _)| format!(
                "#line(length: 100%, stroke: 0.4pt + luma(180))\n#text(size: 10pt)[{n}]"
            ))
            .unwrap_or_default(),
    );
    note.map(|(_, w)| w).unwrap_or_default()
}

/// Markdown from a definition file (cover note, intro, definition), links
/// kept as written.
fn snippet(markdown_text: &str, language: Language) -> (String, Weight) {
    let prepared = markdown::prepare(markdown_text, &markdown::Context::plain(language));
    let mut out = String::new();
    let weight = Writer::new(language, &HashSet::new()).write(&prepared.events, &mut out);
    (out.trim_end().to_string(), weight)
}
