#!/usr/bin/env python3
"""Migrates a real documentation repository into a quire site and checks
what comes out: every link, every image, the print page and the PDF.

usage: real_content.py CHECKOUT QUIRE_YAML [--quire BIN] [--keep DIR] [--json FILE]

CHECKOUT is a clone of the repository; QUIRE_YAML is its migration
(bench/migrations/<repo>/quire.yaml). The migration's first lines say where
the repository keeps its pages and its site-root files, as a user would copy
them:

    # real-content: content=docs static=static

`content=` is copied to the site's content/ and `static=` (optional) to its
static/, unchanged: the Markdown is never edited. Handbook definitions beside
the quire.yaml (handbooks/*.yaml) go to content/handbooks/, as a user would add
them; they are meant to include every page, so every image in the source is
expected on the print page and in the PDF.

quire runs from inside the site, as a user runs it: `quire build --format json`
(json only so the diagnostics can be counted). Then the built public/ is read:

- every href and src in every HTML file must name a file of the output
  (`?query` dropped; a `#fragment` must be an id of the target page;
  addresses with a scheme, such as https: or mailto:, are not followed),
  and not a raw .md/.mdx file (a page quire did not make);
- every image the source Markdown uses (`![](…)`, reference images and raw
  `<img src>`, outside code) must be on its page and on the print page,
  compared by the image file's bytes;
- the PDF must hold each raster image (`pdfimages -list`; SVG is drawn as
  vector and is not counted);
- every source page must have a page in the output;
- the pages' text must not show another generator's syntax left as written
  (`:::`, `[[toc]]`, `{{< >}}`, `{% %}`, `{{#include}}`, `!!! note`, MDX
  `import`, `<Tabs>`), the losses no diagnostic names.

It prints a summary table and exits 1 when anything is broken or missing, 2
when it cannot run. Python 3 standard library only; pdfimages (poppler-utils)
for the PDF count.
"""
import argparse
import hashlib
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE_EXT = (".md", ".markdown", ".mdx")
RASTER = (".png", ".jpg", ".jpeg", ".gif", ".webp")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

# Another generator's syntax that a reader should never see as text.
FOREIGN = [
    ("::: container", re.compile(r"^\s*:::")),
    # `::: tip` read as a definition list leaves `::` in a <dd>.
    ("::: container read as a definition list", re.compile(r"^\s*::(\s|$)")),
    ("[[toc]] / [TOC]", re.compile(r"\[\[toc\]\]|^\s*\[TOC\]\s*$", re.I)),
    ("Hugo shortcode {{< >}}", re.compile(r"\{\{[<%]")),
    ("template tag {% %}", re.compile(r"\{%-?\s*\w")),
    ("mdBook {{#include}}", re.compile(r"\{\{#\w+")),
    ("MkDocs !!! admonition", re.compile(r"^\s*[!?]{3}\+?\s+\w")),
    ("MDX import/export", re.compile(r"^\s*(import\s+[\w{}*,\s]+\s+from\s+['\"]|export\s+(default|const)\b)")),
    ("JSX component <Tabs>", re.compile(r"<\s*/?\s*(Tabs|TabItem|Badge|details|summary)\b")),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkout")
    ap.add_argument("quire_yaml")
    ap.add_argument("--quire", default=os.path.join(ROOT, "target/debug/quire"))
    ap.add_argument("--keep", help="build the site in this folder (emptied first) and keep it")
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args()
    quire = os.path.abspath(args.quire)
    if not os.access(quire, os.X_OK):
        sys.exit(f"no quire binary at {quire} (pass --quire)")
    layout = read_layout(args.quire_yaml)

    if args.keep:
        site = os.path.abspath(args.keep)
        shutil.rmtree(site, ignore_errors=True)
        os.makedirs(site)
    else:
        site = tempfile.mkdtemp(prefix="quire-real-")
    setup_site(site, args.checkout, args.quire_yaml, layout)

    run = subprocess.run([quire, "build", "--format", "json"], cwd=site,
                         capture_output=True, text=True)
    diags = parse_diagnostics(run.stdout)
    public = os.path.join(site, "public")
    built = run.returncode == 0 and os.path.isdir(public)

    sources = read_sources(site)
    result = {
        "repo": os.path.basename(os.path.abspath(args.checkout.rstrip("/"))),
        "commit": git_head(args.checkout),
        "quire_exit": run.returncode,
        "pages_in_source": len(sources),
        "diagnostics": diags,
    }
    if built:
        result.update(check_output(site, public, sources))
    else:
        result["stderr_tail"] = run.stderr.strip().splitlines()[-5:]
    print_report(result, site if args.keep else None)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False, indent=1)
    if not args.keep:
        shutil.rmtree(site, ignore_errors=True)
    sys.exit(0 if built and not result["broken"] else 1)


def read_layout(path):
    """The `# real-content: content=… static=…` line of the migration."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"#\s*real-content:(.*)", line)
            if m:
                pairs = dict(p.split("=", 1) for p in m.group(1).split() if "=" in p)
                if "content" not in pairs:
                    break
                return pairs
    sys.exit(f"{path}: no `# real-content: content=DIR [static=DIR]` line")


def setup_site(site, checkout, quire_yaml, layout):
    # Copied, not linked: quire refuses a linked content/ (it never follows links).
    shutil.copy(quire_yaml, os.path.join(site, "quire.yaml"))
    shutil.copytree(os.path.join(checkout, layout["content"]), os.path.join(site, "content"),
                    symlinks=True, ignore=shutil.ignore_patterns(".git"))
    if layout.get("static"):
        shutil.copytree(os.path.join(checkout, layout["static"]), os.path.join(site, "static"),
                        symlinks=True)
    books = os.path.join(os.path.dirname(os.path.abspath(quire_yaml)), "handbooks")
    if os.path.isdir(books):
        dest = os.path.join(site, "content", "handbooks")
        os.makedirs(dest, exist_ok=True)
        for name in sorted(os.listdir(books)):
            shutil.copy(os.path.join(books, name), dest)


def git_head(checkout):
    out = subprocess.run(["git", "-C", checkout, "rev-parse", "HEAD"], capture_output=True, text=True)
    return out.stdout.strip() or None


def parse_diagnostics(stdout):
    """Counts by severity and code, and each diagnostic as file:line:col code."""
    try:
        doc = json.loads(stdout)
    except ValueError:
        return {"unparsed": True, "by_code": {}, "list": []}
    by_code = Counter()
    listed = []
    for d in doc.get("diagnostics", []):
        by_code[f"{d['severity']}[{d['code']}]"] += 1
        listed.append(f"{d.get('file')}:{d.get('line')}:{d.get('column')} "
                      f"{d['severity']}[{d['code']}] {d.get('message', '')}")
    return {"by_code": dict(sorted(by_code.items())), "list": listed,
            "summary": doc.get("summary", {})}


# ---------------------------------------------------------------- sources

empty_pages = []


def read_sources(site):
    """Each source page (under content/, not a handbook) with the images it uses."""
    content = os.path.join(site, "content")
    pages = {}
    empty_pages.clear()
    for dirpath, dirs, files in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_dir = os.path.relpath(dirpath, content)
        if rel_dir.split(os.sep)[0] == "handbooks":
            continue
        for name in sorted(files):
            if name.lower().endswith(PAGE_EXT) and not name.startswith("."):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, content).replace(os.sep, "/")
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                # An empty file has no page, and quire says so (`empty-file`):
                # reported, not lost, so it is listed apart.
                if not text.strip():
                    empty_pages.append(rel)
                    continue
                # A sound, video or document written as an image is linked
                # (`not-an-image`); it is checked as a link, not an image.
                images = [i for i in source_images(site, path, text)
                          if i[2] is None or i[2].lower().endswith(RASTER + (".svg",))]
                pages[rel] = {"images": images,
                              "slug": front_matter_slug(text),
                              "constructs": source_constructs(text)}
    return pages


# What another generator makes of a code fence's info string; quire has no
# equivalent for these, so each is counted for a look at the output.
FENCE_INFO = [
    ("fence title=\"…\"", re.compile(r"\btitle=")),
    ("fence line highlight {1,3-5}", re.compile(r"\{[\d,\s-]+\}")),
    ("mermaid diagram", re.compile(r"^mermaid\b")),
    ("echarts chart", re.compile(r"^echarts\b")),
]


def source_constructs(text):
    """(construct, line) for each fence whose info string asks for more than a
    language, e.g. a diagram or a file title."""
    found = []
    for n, line in enumerate(text.split("\n"), 1):
        m = re.match(r"^\s{0,3}(`{3,}|~{3,})\s*(\S.*)$", line)
        if m:
            for name, pat in FENCE_INFO:
                if pat.search(m.group(2)):
                    found.append((name, n))
    return found


def strip_code(text):
    """The text with fenced code, inline code and HTML comments blanked
    (kept as newlines, so line numbers stay right)."""
    out, fence = [], None
    for line in text.split("\n"):
        m = re.match(r"^\s{0,3}(`{3,}|~{3,})", line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            out.append("")
            continue
        if m:
            fence = m.group(1)
            out.append("")
            continue
        out.append(re.sub(r"(`+)(?:(?!\1).)+?\1", "", line))
    text = "\n".join(out)
    return re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)


def front_matter_slug(text):
    m = re.match(r"\A(?:\ufeff)?---\s*\n(.*?)\n---\s*\n", text, re.S)
    if m:
        s = re.search(r"^slug:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", m.group(1), re.M)
        if s:
            return s.group(1)
    return None


IMG_INLINE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
IMG_REF = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?:\[([^\]]*)\])?(?![(\[])")
REF_DEF = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*(<[^>]*>|\S+)", re.M)
IMG_HTML = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)


def source_images(site, md_path, text):
    """(line, written address, file it names or None) for each local image."""
    body = strip_code(text)
    defs = {m.group(1).strip().lower(): m.group(2).strip("<>") for m in REF_DEF.finditer(body)}
    found = []
    for m in IMG_INLINE.finditer(body):
        found.append((m.start(), m.group(1).strip("<>")))
    for m in IMG_REF.finditer(body):
        label = (m.group(2) or m.group(1)).strip().lower()
        if label in defs:
            found.append((m.start(), defs[label]))
    for m in IMG_HTML.finditer(body):
        found.append((m.start(), next(g for g in m.groups() if g is not None)))
    images = []
    for pos, url in sorted(found):
        if not url or SCHEME.match(url) or url.startswith("//"):
            continue
        line = body.count("\n", 0, pos) + 1
        images.append((line, url, resolve_source_file(site, md_path, url)))
    return images


def resolve_source_file(site, md_path, url):
    path = urllib.parse.unquote(url.split("#")[0].split("?")[0])
    if path.startswith("/"):
        candidates = [os.path.join(site, "static", path.lstrip("/")),
                      os.path.join(site, "content", path.lstrip("/"))]
    else:
        candidates = [os.path.join(os.path.dirname(md_path), path)]
    for c in candidates:
        if os.path.isfile(c):
            return os.path.normpath(c)
    return None


# ---------------------------------------------------------------- output

class Page(html.parser.HTMLParser):
    """The ids, the addresses and the visible text of one HTML file."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.refs, self.text = set(), [], []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id",):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src", "poster"):
            if a.get(key) is not None:
                self.refs.append((tag, key, a[key], self.getpos()[0]))
        if a.get("srcset"):
            for part in a["srcset"].split(","):
                if part.strip():
                    self.refs.append((tag, "srcset", part.split()[0], self.getpos()[0]))
        if tag in ("script", "style", "pre", "code", "template"):
            self._skip += 1
        elif tag in ("p", "li", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                     "section", "dt", "dd", "blockquote"):
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "pre", "code", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse_html(path):
    p = Page()
    with open(path, encoding="utf-8", errors="replace") as f:
        p.feed(f.read())
    return p


def digest(path, cache={}):
    if path not in cache:
        with open(path, "rb") as f:
            cache[path] = hashlib.sha1(f.read()).hexdigest()
    return cache[path]


def target_of(public, html_file, url):
    """(file the address names, fragment) or None for an address not to follow."""
    if not url or SCHEME.match(url) or url.startswith("//"):
        return None
    path, _, frag = url.partition("#")
    path = path.split("?")[0]
    if not path:
        return html_file, urllib.parse.unquote(frag)
    path = urllib.parse.unquote(path)
    base = public if path.startswith("/") else os.path.dirname(html_file)
    target = os.path.normpath(os.path.join(base, path.lstrip("/")))
    if os.path.isdir(target):
        target = os.path.join(target, "index.html")
    return target, urllib.parse.unquote(frag)


def page_html(public, rel, slug):
    """The output page of source page `rel`, or None."""
    stem = rel.rsplit(".", 1)[0]
    parent = os.path.dirname(stem)
    tries = []
    if slug:
        tries.append(slug.strip("/") if slug.startswith("/") else os.path.join(parent, slug))
    tries.append(stem)
    if os.path.basename(stem).lower() in ("index", "readme", "_index"):
        tries.append(parent)
    for t in tries:
        f = os.path.join(public, t, "index.html") if t else os.path.join(public, "index.html")
        if os.path.isfile(f):
            return f
    return None


def check_output(site, public, sources):
    html_files = []
    for dirpath, dirs, files in os.walk(public):
        html_files += [os.path.join(dirpath, n) for n in files if n.endswith(".html")]
    parsed = {f: parse_html(f) for f in sorted(html_files)}

    broken_href, broken_src, missing_anchor, to_source = [], [], [], []
    for f, p in parsed.items():
        rel = os.path.relpath(f, public)
        for tag, key, url, line in p.refs:
            t = target_of(public, f, url)
            if t is None:
                continue
            target, frag = t
            where = f"{rel}:{line} <{tag} {key}=\"{url}\">"
            if not os.path.isfile(target):
                (broken_href if key == "href" else broken_src).append(where)
            elif target.lower().endswith(PAGE_EXT):
                # The reader would get the raw Markdown, not a page.
                to_source.append(where)
            elif frag and target.endswith(".html"):
                ids = parsed[target].ids if target in parsed else parse_html(target).ids
                if frag not in ids:
                    missing_anchor.append(where)

    def images_on(p, f):
        got = set()
        for tag, key, url, _ in p.refs:
            if tag in ("img", "source", "image") or key in ("srcset", "poster"):
                t = target_of(public, f, url)
                if t and os.path.isfile(t[0]):
                    got.add(digest(t[0]))
        return got

    print_pages = sorted(f for f in parsed if os.path.relpath(f, public).startswith("handbooks" + os.sep))
    on_print = set()
    for f in print_pages:
        on_print |= images_on(parsed[f], f)

    pages_missing, img_src_missing = [], []
    used, on_site_n, on_print_n = 0, 0, 0
    missing_site, missing_print = [], []
    raster_used = set()
    foreign = defaultdict(list)
    constructs = defaultdict(list)
    for rel, info in sources.items():
        for name, line in info["constructs"]:
            constructs[name].append(f"content/{rel}:{line}")
        page = page_html(public, rel, info["slug"])
        if page is None:
            pages_missing.append(rel)
        else:
            scan_foreign(parsed[page], os.path.relpath(page, public), foreign)
        site_imgs = images_on(parsed[page], page) if page else set()
        for line, url, file in info["images"]:
            if file is None:
                img_src_missing.append(f"content/{rel}:{line} {url}")
                continue
            used += 1
            h = digest(file)
            if file.lower().endswith(RASTER):
                raster_used.add(h)
            if h in site_imgs:
                on_site_n += 1
            else:
                missing_site.append(f"content/{rel}:{line} {url}")
            if h in on_print:
                on_print_n += 1
            else:
                missing_print.append(f"content/{rel}:{line} {url}")

    pdfs = []
    for dirpath, _, files in os.walk(os.path.join(public, "handbooks")):
        pdfs += [os.path.join(dirpath, n) for n in files if n.endswith(".pdf")]
    pdf_rows, pdf_distinct = pdf_images(pdfs)

    broken = bool(broken_href or broken_src or missing_anchor or to_source or missing_site or missing_print
                  or pages_missing or (pdfs and pdf_distinct < len(raster_used)) or not pdfs
                  or not print_pages)
    return {
        "html_files": len(parsed),
        "pages_missing": pages_missing,
        "empty_pages": list(empty_pages),
        "images_used": used,
        "images_missing_in_source": img_src_missing,
        "images_on_site": on_site_n,
        "images_on_print": on_print_n,
        "images_missing_on_site": missing_site,
        "images_missing_on_print": missing_print,
        "print_pages": [os.path.relpath(f, public) for f in print_pages],
        "pdfs": [os.path.relpath(f, public) for f in pdfs],
        "raster_images_distinct": len(raster_used),
        "pdf_image_rows": pdf_rows,
        "pdf_images_distinct": pdf_distinct,
        "broken_hrefs": broken_href,
        "broken_srcs": broken_src,
        "missing_anchors": missing_anchor,
        "links_to_markdown_files": to_source,
        "foreign_syntax": {k: v for k, v in sorted(foreign.items())},
        "fence_constructs": {k: v for k, v in sorted(constructs.items())},
        "broken": broken,
    }


def scan_foreign(page, rel, foreign):
    for line in "".join(page.text).split("\n"):
        for name, pat in FOREIGN:
            if pat.search(line):
                foreign[name].append(f"{rel}: {line.strip()[:70]}")


def pdf_images(pdfs):
    """(image rows, distinct image objects) over the PDFs, from pdfimages -list."""
    rows, distinct = 0, 0
    for pdf in pdfs:
        out = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True)
        objs = set()
        for line in out.stdout.splitlines()[2:]:
            cols = line.split()
            if len(cols) > 11 and cols[2] == "image":
                rows += 1
                objs.add(cols[10])
        distinct += len(objs)
    return rows, distinct


# ---------------------------------------------------------------- report

def print_report(r, kept):
    d = r["diagnostics"]
    print(f"== {r['repo']} @ {r['commit']}")
    if kept:
        print(f"   site kept in {kept}")
    s = d.get("summary", {})
    print(f"   quire build exit {r['quire_exit']}: {s.get('playbooks', '?')} playbooks, "
          f"{s.get('errors', '?')} errors, {s.get('warnings', '?')} warnings")
    for code, n in d["by_code"].items():
        print(f"     {n:5}  {code}")
    rows = [("pages in source", r["pages_in_source"])]
    if "html_files" in r:
        rows += [
            ("pages with no output page", len(r["pages_missing"])),
            ("empty source files (empty-file)", len(r["empty_pages"])),
            ("images used in source (local)", r["images_used"]),
            ("images the source names but lacks", len(r["images_missing_in_source"])),
            ("images on their site page", r["images_on_site"]),
            ("images on the print page", r["images_on_print"]),
            ("raster images (distinct)", r["raster_images_distinct"]),
            ("images in the PDF (distinct)", r["pdf_images_distinct"] if r["pdfs"] else "no PDF"),
            ("broken hrefs", len(r["broken_hrefs"])),
            ("broken srcs", len(r["broken_srcs"])),
            ("missing anchors", len(r["missing_anchors"])),
            ("links to a raw .md/.mdx file", len(r["links_to_markdown_files"])),
            ("foreign syntax left as text", sum(len(v) for v in r["foreign_syntax"].values())),
        ]
    else:
        rows.append(("site built", "no: " + " | ".join(r.get("stderr_tail", []))[:200]))
    width = max(len(k) for k, _ in rows)
    print("   " + "-" * (width + 10))
    for k, v in rows:
        print(f"   {k:<{width}}  {v}")
    if "html_files" not in r:
        return
    for key in ("pages_missing", "empty_pages", "images_missing_in_source", "images_missing_on_site",
                "images_missing_on_print", "broken_hrefs", "broken_srcs", "missing_anchors",
                "links_to_markdown_files"):
        if r[key]:
            print(f"   {key} ({len(r[key])}):")
            for item in r[key][:12]:
                print(f"     {item}")
            if len(r[key]) > 12:
                print(f"     … {len(r[key]) - 12} more")
    for name, items in r["foreign_syntax"].items():
        print(f"   foreign syntax {name} ({len(items)}):")
        for item in items[:5]:
            print(f"     {item}")
    for name, items in r["fence_constructs"].items():
        print(f"   code fences asking for a {name} ({len(items)}; look at the output):")
        for item in items[:3]:
            print(f"     {item}")


if __name__ == "__main__":
    main()
