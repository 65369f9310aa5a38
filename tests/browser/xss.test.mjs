// tests/fixtures/xss built with the default `html: sanitize`, opened in
// headless Chromium: no page and no search result runs any of the payloads
// hidden in the body, front matter, headings, glossary and handbook, not on
// opening, not when each element takes focus, not when tabbing through.
// Each payload sets `window.xss`; it must stay unset. A copy button copies
// only the script shown, and the search index refuses a page of another
// origin. Needs QUIRE_BIN and /usr/bin/chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./launch.mjs";

const repo = resolve(import.meta.dirname, "../..");
const bin = process.env.QUIRE_BIN ?? join(repo, "target/debug/quire");
const BOUND = 15_000;

let out, site, browser;

before(async () => {
  out = mkdtempSync(join(tmpdir(), "quire-xss-"));
  site = join(out, "public");
  execFileSync(bin, ["build", "--root", join(repo, "tests/fixtures/xss"), "--output", site, "--no-pdf"], { stdio: "ignore" });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

/** Opens `url` and returns what ran: dialogs opened and the value of `window.xss`. */
async function visit(url, act = async () => {}) {
  const p = await browser.newPage();
  const dialogs = [];
  p.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  await p.goto(url);
  await act(p);
  const xss = await p.evaluate(() => window.xss ?? null);
  await p.close();
  return { dialogs, xss };
}

test("no page of the built site runs a payload", async () => {
  const pages = readdirSync(site, { recursive: true }).filter((f) => f.endsWith(".html"));
  assert.ok(pages.length >= 8, pages.join(", "));
  for (const file of pages) {
    const ran = await visit(pathToFileURL(join(site, file)).href);
    assert.deepEqual(ran, { dialogs: [], xss: null }, file);
  }
});

test("search results show payloads as text and run none of them", async () => {
  for (const query of ["入群", "onerror", "script", "window"]) {
    let shown = [];
    const ran = await visit(pathToFileURL(join(site, "sop/payload/index.html")).href, async (p) => {
      await p.locator(".site-search input").fill(query);
      await p.waitForFunction(() => document.querySelector(".search-results")?.children.length > 0, null, { timeout: BOUND });
      shown = await p.$$eval(".search-results [role=option]", (options) => options.map((o) => ({
        text: o.textContent,
        elements: [...o.querySelectorAll("*")].map((e) => e.tagName.toLowerCase()).filter((t) => !["span", "mark", "a", "strong", "em", "b"].includes(t)),
      })));
    });
    assert.deepEqual(ran, { dialogs: [], xss: null }, query);
    assert.ok(shown.length > 0, query);
    for (const option of shown) assert.deepEqual(option.elements, [], `${query}: ${option.text}`);
  }
  // The title, payload and all, is what the first result says.
  const results = await visit(pathToFileURL(join(site, "search/index.html")).href + "?q=入群", async (p) => {
    await p.waitForFunction(() => document.body.textContent.includes("入群欢迎"), null, { timeout: BOUND });
    assert.ok((await p.textContent("body")).includes("<img src=x onerror=\"window.xss='title'\">入群欢迎"));
  });
  assert.deepEqual(results, { dialogs: [], xss: null });
});

/** Every element of the page that can take focus, as selectors `focus` accepts. */
const FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex], [contenteditable]";

test("no page runs a payload when each focusable element is focused, or when tabbing through", async () => {
  const pages = readdirSync(site, { recursive: true }).filter((f) => f.endsWith(".html"));
  for (const file of pages) {
    const ran = await visit(pathToFileURL(join(site, file)).href, async (p) => {
      const count = await p.$$eval(FOCUSABLE, (els) => els.length);
      for (let i = 0; i < count; i++) {
        await p.$$eval(FOCUSABLE, (els, k) => els[k]?.focus(), i);
      }
      await p.evaluate(() => document.activeElement?.blur());
      for (let i = 0; i < count + 2; i++) await p.keyboard.press("Tab");
    });
    assert.deepEqual(ran, { dialogs: [], xss: null }, file);
  }
});

// What a copy button hands the clipboard, on every page: the Clipboard API
// and the fallback (a selection and `execCommand`) are both recorded.
const RECORD_COPIES = () => {
  window.copied = [];
  const record = (text) => { window.copied.push(text); return Promise.resolve(); };
  Object.defineProperty(navigator, "clipboard", { value: { writeText: record }, configurable: true });
  document.execCommand = (command) => {
    if (command === "copy") window.copied.push(document.activeElement?.value ?? String(getSelection()));
    return true;
  };
};

test("a copy button copies exactly the script the reader sees, and author HTML has none", async () => {
  const pages = readdirSync(site, { recursive: true }).filter((f) => f.endsWith(".html"));
  let buttons = 0;
  for (const file of pages) {
    const p = await browser.newPage();
    await p.addInitScript(RECORD_COPIES);
    await p.goto(pathToFileURL(join(site, file)).href);
    const count = await p.locator("button.copy").count();
    for (let i = 0; i < count; i++) {
      const button = p.locator("button.copy").nth(i);
      if (!(await button.isVisible())) continue; // a print page hides its buttons
      const shown = await button.evaluate((b) => b.parentNode.querySelector("code, .script-text")?.innerText ?? "");
      await button.click();
      await p.waitForFunction(() => window.copied.length > 0, null, { timeout: BOUND });
      const copied = await p.evaluate(() => window.copied.pop());
      assert.equal(copied, shown, `${file}: button ${i}`);
      assert.ok(!copied.includes("phish"), `${file}: ${copied}`);
      buttons++;
    }
    if (file.startsWith(join("sop", "spoof"))) {
      assert.equal(count, 1, "only quire's own script box has a button");
      const text = await p.locator("figure.script code").innerText();
      assert.equal(text, "欢迎入群，请先读群规");
    }
    await p.close();
  }
  assert.ok(buttons >= 1, `${buttons} copy buttons`);
});

test("the search index hands its data only to pages of its own origin", async () => {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/other-site.html") {
      const port = server.address().port;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><script src="http://127.0.0.1:${port}/search-index.js"></script>`);
      return;
    }
    const file = join(site, path.endsWith("/") ? path + "index.html" : path);
    if (!file.startsWith(site) || !existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8" });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const port = server.address().port;
  try {
    const p = await browser.newPage();
    // Another origin (localhost is not 127.0.0.1) loads the index as a script.
    await p.goto(`http://localhost:${port}/other-site.html`);
    await p.waitForLoadState("load");
    assert.equal(await p.evaluate(() => typeof window.quireSearchIndex), "undefined");
    // The site's own pages, served and from disk, still search.
    for (const url of [`http://127.0.0.1:${port}/sop/payload/index.html`, pathToFileURL(join(site, "sop/payload/index.html")).href]) {
      await p.goto(url);
      await p.locator(".site-search input").fill("入群");
      await p.waitForFunction(() => document.querySelector(".search-results")?.children.length > 0, null, { timeout: BOUND });
      assert.ok(await p.evaluate(() => window.quireSearchIndex.docs.length >= 5), url);
    }
    await p.close();
  } finally {
    server.close();
  }
});
