// The sample handbook's print page in a real browser: every link in its
// contents reaches its target, print media hides the page's own buttons and
// puts each playbook on a new page, and printing it gives A4 pages, more
// than one per playbook. Then an SOP checklist printed on one page. Needs
// QUIRE_BIN and Debian's /usr/bin/chromium; .ci/run provides both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./launch.mjs";

const repo = resolve(import.meta.dirname, "../..");
const bin = process.env.QUIRE_BIN ?? join(repo, "target/debug/quire");

/** Pages in a PDF made by Chromium: one `/Type /Page` object each. */
function pageCount(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length;
}

test("the handbook prints as A4 pages with working contents", async () => {
  const out = mkdtempSync(join(tmpdir(), "quire-handbook-"));
  execFileSync(bin, ["build", "--root", repo, "--output", join(out, "public"), "--no-pdf"], { stdio: "inherit" });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(out, "public/handbooks/newcomer/index.html")).href);

    const targets = await page.$$eval(".contents a", (links) =>
      links.map((a) => [a.getAttribute("href"), !!document.getElementById(decodeURIComponent(a.hash.slice(1)))]));
    assert.equal(targets.length, 5 + 16 + 1, "chapters, playbooks and the appendix");
    for (const [href, found] of targets) assert.ok(found, `${href} has a target`);

    // A link between playbooks stays inside the page.
    const inside = await page.$$eval(".playbook .content a:not(.term)", (links) =>
      links.filter((a) => a.getAttribute("href").startsWith("#")).length);
    assert.ok(inside > 0, "links to included playbooks are in-page anchors");

    await page.emulateMedia({ media: "print" });
    const print = await page.evaluate(() => ({
      bar: getComputedStyle(document.querySelector(".print-bar")).display,
      breaks: [...document.querySelectorAll(".playbook")].map((p) => getComputedStyle(p).breakBefore),
      row: getComputedStyle(document.querySelector(".playbook tr")).breakInside,
    }));
    assert.equal(print.bar, "none", "no buttons on paper");
    assert.equal(print.breaks.length, 16);
    // A chapter's first playbook follows its title; every other starts a page.
    assert.equal(print.breaks.filter((b) => b === "page").length, 16 - 5);
    assert.equal(print.row, "avoid", "table rows do not split");

    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = pageCount(pdf);
    assert.ok(pages > 16 + 2, `${pages} pages`);
    // A4 is 595 x 842 points.
    assert.match(pdf.toString("latin1"), /\/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]/);
    await page.screenshot({ path: join(repo, "target/handbook-print.png") });

    const checklist = await browser.newPage();
    await checklist.goto(pathToFileURL(join(out, "public/sop/course-opening/checklist.html")).href);
    assert.equal(await checklist.locator(".steps tbody tr").count(), 10);
    await checklist.emulateMedia({ media: "print" });
    assert.equal(pageCount(await checklist.pdf({ preferCSSPageSize: true })), 1, "a checklist fits one page");
  } finally {
    await browser.close();
    rmSync(out, { recursive: true, force: true });
  }
});
