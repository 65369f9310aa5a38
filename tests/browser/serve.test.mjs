// Live reload in a real browser: open a page served by `quire serve`, edit
// its source file as an editor would, and see the new text appear with no
// action from the page's side; then break a link and see the overlay and the
// page's marker, fix it and see both go. The server is started as the README
// says: with `--root site` from the folder above, and with no flags from
// inside the site. Needs QUIRE_BIN (the quire binary) and Debian's /usr/bin/chromium;
// .ci/run provides both.
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

// Without --port the default port may be busy; the server then picks a free
// one and prints it.
function startServer(args, cwd) {
  const child = spawn(bin, ["serve", ...args], { cwd, stdio: ["ignore", "pipe", "inherit"] });
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

const launches = [
  ["with --root site from the folder above", ["--root", "site"], (dir) => dir],
  ["from inside the site with no flags", [], (dir) => join(dir, "site")],
];

for (const [how, args, cwd] of launches) test(`a page follows edits to its source, with an overlay for errors (${how})`, async () => {
  const dir = mkdtempSync(join(tmpdir(), "quire-browser-"));
  const site = join(dir, "site");
  cpSync(join(repo, "tests/fixtures/basic"), site, { recursive: true });
  const { child, url } = await startServer(args, cwd(dir));
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(url + "sop/welcome/");
    await page.waitForFunction(() => !!document.querySelector("h1"), null, { timeout: BOUND });
    const file = join(site, "content/sop/welcome.md");
    const original = readFileSync(file, "utf8");
    // The edit must come after the live script has connected.
    await page.waitForSelector("html[data-quire-live=open]", { timeout: BOUND });

    // A small window, scrolled down: the reload must keep the place.
    await page.setViewportSize({ width: 420, height: 320 });
    await page.evaluate(() => window.scrollTo(0, 240));
    save(file, original.replace("先私聊，再在群里欢迎。", "浏览器里看到了新的一句。"));
    await page.waitForFunction(() => document.body.innerText.includes("浏览器里看到了新的一句"), null, { timeout: BOUND });
    await page.waitForFunction(() => window.scrollY > 200, null, { timeout: BOUND });

    save(file, original.replace("../group-rules/core.md#发言规范", "../group-rules/nope.md"));
    await page.waitForSelector("#quire-overlay .quire-diagnostic", { timeout: BOUND });
    const overlay = await page.textContent("#quire-overlay");
    assert.match(overlay, /broken-link/);
    assert.match(overlay, /content\/sop\/welcome\.md:14:29/);
    // The page as it is now, with the problem marked at its top.
    assert.match(await page.textContent("#quire-problems"), /14:29\s+broken-link/);
    await page.screenshot({ path: join(repo, "target/browser-overlay.png") });

    save(file, original);
    await page.waitForFunction(() => !document.getElementById("quire-overlay") && document.body.innerText.includes("先私聊"), null, { timeout: BOUND });
  } finally {
    await browser.close();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
