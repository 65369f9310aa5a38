// The built sample site in headless Chromium, as operators use it: search
// from the header box (opened from disk, and from a server under a
// sub-path), the results page, the keyboard, the copy button on a script,
// the SOP timeline, every page free of console errors, page weight, and the
// screenshots in docs/. Needs QUIRE_BIN and Debian's /usr/bin/chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./launch.mjs";

const repo = resolve(import.meta.dirname, "../..");
const bin = process.env.QUIRE_BIN ?? join(repo, "target/debug/quire");
const BOUND = 15_000;

let out, site, browser, server, served;

before(async () => {
  out = mkdtempSync(join(tmpdir(), "quire-site-"));
  site = join(out, "public");
  // 2026-11-25, as in the Rust tests, so the review page is the same every day.
  execFileSync(bin, ["build", "--root", repo, "--output", site, "--no-pdf", "--base-url", "/handbook/"],
    { stdio: "inherit", env: { ...process.env, SOURCE_DATE_EPOCH: "1795564800" } });
  browser = await launch();
  // The same output served under /handbook/, as on an intranet server.
  const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".xml": "application/xml" };
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith("/handbook/")) { res.writeHead(404); res.end(); return; }
    let file = join(site, path.slice("/handbook/".length));
    try { if (statSync(file).isDirectory()) file = join(file, "index.html"); res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }); res.end(readFileSync(file)); }
    catch { res.writeHead(404); res.end(); }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  served = `http://127.0.0.1:${server.address().port}/handbook/`;
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(out, { recursive: true, force: true });
});

const fileUrl = (path) => pathToFileURL(join(site, path)).href;

/** Types `query` into the header box and returns the result links, in order. */
async function searchBox(page, query) {
  const input = page.locator(".site-search input");
  await input.fill("");
  await input.fill(query);
  await page.waitForFunction((q) => {
    const panel = document.querySelector(".search-panel");
    const list = document.querySelector(".search-results");
    return document.querySelector(".site-search input").value === q && !panel.hidden && list.children.length > 0;
  }, query, { timeout: BOUND });
  return page.$$eval(".search-results a[role=option]", (links) => links.map((a) => decodeURIComponent(new URL(a.href).pathname)));
}

const page = (hrefs) => hrefs.map((h) => h.replace(/^.*?(group-rules|sop|sharing|cases)\//, "$1/").replace(/index\.html$/, ""));

for (const [where, base] of [["from disk", () => fileUrl("sop/welcome/index.html")], ["under a sub-path", () => served + "sop/welcome/"]]) {
  test(`search finds what operators ask for, ${where}`, async () => {
    const p = await browser.newPage();
    await p.goto(base());
    const expect = {
      "邓巴": "group-rules/core-group/",
      "每个月": "group-rules/newcomer-group/",
      "每個月": "group-rules/newcomer-group/",
      "群": "group-rules/newcomer-group/",
      "KOL": "sop/welcome/",
      "kol": "sop/welcome/",
      "入群 话术": "sop/welcome/",
    };
    for (const [query, wanted] of Object.entries(expect)) {
      const found = page(await searchBox(p, query));
      assert.ok(found.includes(wanted), `${query}: ${wanted} in ${found.join(", ")}`);
    }
    assert.equal(page(await searchBox(p, "入群 话术"))[0], "sop/welcome/", "the title hit comes first");
    // A title hit is marked in the result.
    assert.match(await p.locator(".search-results [role=option]").first().innerHTML(), /<mark>入群<\/mark>/);
    await p.close();
  });
}

test("the keyboard: / to search, arrows and Enter to open, a results page for everything", async () => {
  const p = await browser.newPage();
  await p.goto(fileUrl("index.html"));
  await p.keyboard.press("/");
  assert.equal(await p.evaluate(() => document.activeElement.getAttribute("type")), "search");
  await p.keyboard.type("邓巴");
  await p.waitForSelector(".search-results [role=option]", { timeout: BOUND });
  await p.keyboard.press("ArrowDown");
  const first = await p.locator(".search-results a[role=option]").first().getAttribute("href");
  assert.equal(await p.locator("[role=option][aria-selected=true]").getAttribute("href"), first);
  await Promise.all([p.waitForNavigation(), p.keyboard.press("Enter")]);
  assert.ok(decodeURIComponent(p.url()).includes(first.replace(/#.*/, "").replace(/^(\.\.?\/)*/, "")), p.url());

  await p.goto(fileUrl("search/index.html") + "?q=" + encodeURIComponent("入群 话术"));
  await p.waitForSelector(".search-page-results li", { timeout: BOUND });
  assert.match(await p.locator(".sr-count").innerText(), /条结果/);
  assert.ok(await p.locator(".search-page-results li").count() >= 3);
  await p.close();
});

test("the copy button puts the script's exact text on the clipboard", async () => {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(served).origin });
  const p = await context.newPage();
  await p.goto(served + "sop/welcome/");
  const script = p.locator("figure.script").first();
  const text = await script.locator("code").evaluate((c) => c.textContent);
  assert.match(text, /^欢迎\{昵称\}加入\{群名\}！/);
  assert.ok(await script.locator(".var").count() >= 2, "placeholders are marked");
  await script.locator("button.copy").click();
  await p.waitForFunction(() => document.querySelector("figure.script button.copy").classList.contains("done"), null, { timeout: BOUND });
  assert.equal(await p.evaluate(() => navigator.clipboard.readText()), text);
  await context.close();
});

test("the on-this-page contents follow the scroll, and headings link to themselves", async () => {
  const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await p.goto(fileUrl("sop/welcome/index.html"));
  await p.evaluate(() => document.getElementById("指标").scrollIntoView());
  await p.waitForFunction(() => document.querySelector(".toc a[aria-current]")?.textContent === "指标", null, { timeout: BOUND });
  assert.equal(await p.locator("#指标 a.anchor").getAttribute("href"), "#%E6%8C%87%E6%A0%87");
  // Previous and next stay within the kind.
  const pager = await p.$$eval(".pager a", (links) => links.map((a) => a.getAttribute("rel")));
  assert.deepEqual(pager, ["prev"], "welcome is the last SOP by id");
  assert.equal(await p.locator(".sidebar a[aria-current=page]").innerText(), "新人入群接待话术");
  await p.close();
});

test("an SOP's timeline has one mark per step", async () => {
  const p = await browser.newPage();
  await p.goto(fileUrl("sop/course-opening/index.html"));
  const marks = await p.locator(".timeline-svg .mark").count();
  const listed = await p.locator(".timeline-steps li").count();
  const rows = await p.locator(".content table").first().locator("tbody tr").count();
  assert.equal(marks, 10);
  assert.equal(listed, 10);
  assert.equal(rows, 10, "the page's own step table");
  for (const label of ["D-7", "D0", "D+1"]) {
    assert.ok(await p.locator(".timeline-svg text", { hasText: new RegExp(`^${label.replace("+", "\\+")}$`) }).count(), label);
  }
  await p.close();
});

function pages(dir, prefix = "") {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pages(join(dir, e.name), prefix + e.name + "/") : e.name.endsWith(".html") ? [prefix + e.name] : []);
}

test("no page of the sample site logs an error, and a playbook page stays light", async () => {
  const p = await browser.newPage();
  const errors = [];
  p.on("console", (m) => { if (m.type() === "error") errors.push(`${p.url()}: ${m.text()}`); });
  p.on("pageerror", (e) => errors.push(`${p.url()}: ${e}`));
  const all = pages(site);
  assert.ok(all.length > 40, `${all.length} pages`);
  for (const path of all) {
    // The 404 page is sent by a server for any missing path, so its links
    // are absolute under base_url: it is checked where it is served.
    await p.goto(path === "404.html" ? served + "404.html" : fileUrl(path));
    // Start a search so the index loads too.
    if (await p.locator(".site-search input").count()) await p.locator(".site-search input").fill("群");
  }
  assert.deepEqual(errors, []);
  await p.close();

  const weight = ["sop/welcome/index.html", "static/style.css", "static/search.js", "static/page.js"]
    .map((f) => statSync(join(site, f)).size).reduce((a, b) => a + b);
  assert.ok(weight < 100 * 1024, `${weight} bytes`);
  assert.throws(() => statSync(join(site, "sitemap.xml")), "no sitemap without a host in base_url");
  const html = readFileSync(join(site, "sop/welcome/index.html"), "utf8");
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, "no request leaves the site");
});

const axe = readFileSync(join(import.meta.dirname, "node_modules/axe-core/axe.min.js"), "utf8");

test("pages pass axe's WCAG A and AA rules in light and dark mode", async () => {
  const pagesToCheck = ["index.html", "sop/course-opening/index.html", "group-rules/newcomer-group/index.html",
    "review/index.html", "glossary/index.html", "coverage/index.html", "search/index.html?q=" + encodeURIComponent("入群")];
  for (const scheme of ["light", "dark"]) {
    const p = await browser.newPage({ colorScheme: scheme });
    for (const path of pagesToCheck) {
      const [file, query] = path.split("?");
      await p.goto(fileUrl(file) + (query ? "?" + query : ""));
      if (query) await p.waitForSelector(".search-page-results li", { timeout: BOUND });
      await p.addScriptTag({ content: axe });
      const violations = await p.evaluate(async () => {
        const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
        return r.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      });
      assert.deepEqual(violations, [], `${scheme} ${path}`);
    }
    await p.close();
  }
});

test("screenshots at 1280 and 390 pixels", async () => {
  const shots = [
    ["home", "index.html"],
    ["playbook", "group-rules/newcomer-group/index.html"],
    ["sop", "sop/course-opening/index.html"],
    ["search", "search/index.html?q=" + encodeURIComponent("入群 话术")],
  ];
  for (const width of [1280, 390]) {
    const p = await browser.newPage({ viewport: { width, height: width > 600 ? 900 : 844 }, deviceScaleFactor: 1 });
    for (const [name, path] of shots) {
      const [file, query] = path.split("?");
      await p.goto(fileUrl(file) + (query ? "?" + query : ""));
      if (name === "search") await p.waitForSelector(".search-page-results li", { timeout: BOUND });
      await p.screenshot({ path: join(repo, `docs/screenshot-${name}-${width}.png`) });
    }
    await p.close();
  }
});

test("images beside a playbook and in static/ load from disk, at their written size", async () => {
  const fixture = mkdtempSync(join(tmpdir(), "quire-assets-"));
  try {
    cpSync(join(repo, "tests/fixtures/assets"), fixture, { recursive: true });
    // From inside the site, with no flags but --no-pdf, as an author builds it.
    const built = spawnSync(bin, ["build", "--no-pdf"], { cwd: fixture, encoding: "utf8" });
    assert.equal(built.status, 0, built.stderr);
    const p = await browser.newPage();
    for (const page of ["group-rules/newcomer/index.html", "sop/welcome/index.html", "handbooks/newcomer/index.html"]) {
      await p.goto(pathToFileURL(join(fixture, "public", page)).href);
      const images = await p.$$eval("img[width]", (imgs) => Promise.all(imgs.map(async (img) => {
        await img.decode().catch(() => {});
        return { src: img.getAttribute("src"), natural: img.naturalWidth, width: Number(img.getAttribute("width")) };
      })));
      assert.ok(images.length > 0, page);
      for (const image of images) assert.equal(image.natural, image.width, `${page} ${image.src}`);
    }
    await p.close();
  } finally {
    rmSync(fixture, { recursive: true, force: true });
  }
});
