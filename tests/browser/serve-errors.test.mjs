// A first draft with errors, previewed in a real browser: `quire serve` is
// started from inside the site with no flags, as the README says. The page
// of a playbook with errors shows its content, the marker box above it,
// and the overlay docked at the bottom listing every error with its code
// and file:line:col; the content is not hidden behind the overlay. Fixing
// the file takes the marker away. Needs QUIRE_BIN (the quire binary) and
// Debian's /usr/bin/chromium; .ci/run provides both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch } from "./launch.mjs";

const repo = resolve(import.meta.dirname, "../..");
const bin = process.env.QUIRE_BIN ?? join(repo, "target/debug/quire");
const BOUND = 30_000;

function startServer(cwd) {
  const child = spawn(bin, ["serve"], { cwd, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolvePort, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      const m = seen.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolvePort({ child, url: m[0] });
    });
    child.on("exit", (code) => reject(new Error(`quire serve exited with ${code}: ${seen}`)));
  });
}

function save(path, text) {
  writeFileSync(path + ".tmp-save", text);
  renameSync(path + ".tmp-save", path);
}

test("a site with errors is previewed: content, marker and overlay", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quire-browser-"));
  const site = join(dir, "site");
  cpSync(join(repo, "tests/fixtures/draft-errors"), site, { recursive: true });
  const { child, url } = await startServer(site);
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    await page.goto(url + "cases/reading-club/");
    await page.waitForSelector("html[data-quire-live=open]", { timeout: BOUND });

    // The page's own content is there and visible.
    assert.equal(await page.textContent("h1"), "社区读书会");
    assert.ok(await page.isVisible(".content"));
    assert.match(await page.textContent(".content"), /每月第一个周六线下共读/);

    // The marker box, above the content, lists this file's problems.
    const marker = page.locator("#quire-problems");
    assert.ok(await marker.isVisible());
    const markerText = await marker.textContent();
    assert.match(markerText, /源文件有 1 个错误、1 个警告/);
    assert.match(markerText, /20:37\s+broken-link\s+找不到叫 `sop\/signup` 的手册/);
    assert.match(markerText, /32:11\s+link-to-unreadable/);
    const above = await page.evaluate(() =>
      document.getElementById("quire-problems").getBoundingClientRect().bottom <=
      document.querySelector(".content").getBoundingClientRect().top);
    assert.ok(above, "the marker sits above the content");

    // The overlay lists every error of the site, with code and file:line:col.
    await page.waitForSelector("#quire-overlay .quire-diagnostic", { timeout: BOUND });
    const overlay = await page.textContent("#quire-overlay");
    assert.match(overlay, /站点有 3 个错误；有错误的页面已在顶部标出/);
    assert.match(overlay, /错误\[broken-link\]/);
    assert.match(overlay, /content\/cases\/reading-club\.md:20:37/);
    assert.match(overlay, /错误\[missing-element\]/);
    assert.match(overlay, /content\/group-rules\/newcomer\.md:1:1/);
    assert.match(overlay, /错误\[yaml-syntax\]/);
    assert.match(overlay, /content\/sop\/bad-yaml\.md:3:7/);
    assert.doesNotMatch(overlay, /last good|修改前/);
    // In the snippet of the broken link, after 18 Chinese characters, the
    // caret is under the link's first `[`, to the pixel.
    const offset = await page.evaluate(() => {
      const item = [...document.querySelectorAll("#quire-overlay .quire-diagnostic")]
        .find((i) => i.textContent.includes("[[sop/signup]]"));
      const at = (text) => {
        const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
        for (let n; (n = walker.nextNode()); ) {
          const i = n.data.indexOf(text);
          if (i >= 0) {
            const r = document.createRange();
            r.setStart(n, i);
            r.setEnd(n, i + 1);
            return r.getBoundingClientRect().left;
          }
        }
        return NaN;
      };
      return at("^") - at("[[sop/signup");
    });
    assert.ok(Math.abs(offset) < 1, `the caret is ${offset}px off the span`);
    // Docked at the bottom: the title and the marker are not behind it.
    for (const selector of ["h1", "#quire-problems-title"]) {
      const onTop = await page.evaluate((sel) => {
        const r = document.querySelector(sel).getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + 5, r.top + r.height / 2);
        return !!hit && !hit.closest("#quire-overlay");
      }, selector);
      assert.ok(onTop, `${selector} is not covered by the overlay`);
    }
    await page.screenshot({ path: join(repo, "target/browser-serve-errors.png") });

    // The page of the file that cannot be parsed says why.
    await page.goto(url + "sop/bad-yaml/");
    assert.equal(await page.textContent("h1"), "这个文件读不出来");
    assert.match(await page.textContent("#quire-problems"), /3:7\s+yaml-syntax/);

    // Fixing the broken link reloads the page without that error.
    await page.goto(url + "cases/reading-club/");
    await page.waitForSelector("html[data-quire-live=open]", { timeout: BOUND });
    const file = join(site, "content/cases/reading-club.md");
    save(file, readFileSync(file, "utf8").replace("[[sop/signup]]", "[[sop/welcome]]"));
    await page.waitForFunction(() => {
      const box = document.getElementById("quire-problems");
      return box && !box.textContent.includes("broken-link") && box.textContent.includes("1 个警告");
    }, null, { timeout: BOUND });
    assert.ok(await page.isVisible("#quire-problems.only-warnings"), "a warning alone is marked quietly");
  } finally {
    await browser.close();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
