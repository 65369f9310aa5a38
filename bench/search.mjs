// Times search in headless Chromium on a built site: the index's size, the
// time to load it, and each query's median over 15 runs.
//   node bench/search.mjs SITE_DIR
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "../tests/browser/node_modules/playwright-core/index.mjs";

const site = resolve(process.argv[2]);
const queries = ["邓巴", "每个月", "群", "KOL", "kol", "入群 话术", "社群运营 复盘"];
const size = statSync(join(site, "search-index.js")).size;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
await page.goto(pathToFileURL(join(site, "index.html")).href);
const load = await page.evaluate(() => new Promise((resolve) => {
  const t = performance.now();
  const s = document.createElement("script");
  s.src = document.documentElement.dataset.root + "search-index.js";
  s.onload = () => {
    window.benchIndex = window.quireSearch.prepare(window.quireSearchIndex);
    resolve({ ms: performance.now() - t, docs: window.benchIndex.length });
  };
  document.head.appendChild(s);
}));
console.log(`index: ${(size / 1e6).toFixed(2)} MB, ${load.docs} playbooks, loaded and prepared in ${load.ms.toFixed(0)} ms`);
for (const q of queries) {
  const r = await page.evaluate((q) => {
    const times = [];
    let hits = 0;
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      hits = window.quireSearch.search(window.benchIndex, q, 8).total;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { median: times[7], max: times[14], hits };
  }, q);
  console.log(`${q}: median ${r.median.toFixed(1)} ms, max ${r.max.toFixed(1)} ms, ${r.hits} results`);
}
await browser.close();
