// tests/fixtures/xss built with the default `html: sanitize`, opened in
// headless Chromium: no page and no search result runs any of the payloads
// hidden in the body, front matter, glossary and handbook. Each payload
// sets `window.xss`; it must stay unset. Needs QUIRE_BIN and /usr/bin/chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
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
