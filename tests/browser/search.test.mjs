// The search code without a browser: the tokenizer, the ranking, and the
// sample site's own index answering the queries operators ask. search.js
// runs in a bare VM context with just enough of a document to start.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import vm from "node:vm";
import { pathToFileURL } from "node:url";

const repo = resolve(import.meta.dirname, "../..");
const bin = process.env.QUIRE_BIN ?? join(repo, "target/debug/quire");
const code = readFileSync(join(repo, "themes/default/static/search.js"), "utf8");

function load() {
  const window = {};
  const document = {
    documentElement: { getAttribute: () => null },
    querySelectorAll: () => [],
    getElementById: () => null,
  };
  vm.runInNewContext(code, { window, document, URLSearchParams });
  return window.quireSearch;
}

// Arrays made in the VM context have that context's prototypes; compare copies.
const plain = (x) => JSON.parse(JSON.stringify(x));
const s = load();
const words = (q) => plain(s.terms(q).map((t) => [t.text, t.bigrams, t.words]));

test("Chinese is cut into bigrams, one character stays one, Latin into words", () => {
  assert.deepEqual(words("入群 话术"), [["入群", ["入群"], []], ["话术", ["话术"], []]]);
  assert.deepEqual(words("每个月"), [["每个月", ["每个", "个月"], []]]);
  assert.deepEqual(words("群"), [["群", ["群"], []]]);
  assert.deepEqual(words("KOL"), [["kol", [], ["kol"]]]);
  assert.deepEqual(words("新人KOL群"), [["新人kol群", ["新人", "群"], ["kol"]]]);
  assert.deepEqual(words("，、 "), []);
});

test("traditional and full-width forms read as simplified and half-width", () => {
  assert.equal(s.norm("每個月的羣規"), "每个月的群规");
  assert.equal(s.norm("ＫＯＬ　群"), "kol 群");
  assert.deepEqual(words("每個月"), words("每个月"));
});

test("title hits rank over heading hits over body hits; every term must match", () => {
  const doc = (u, t, heading, body) => ({ u, t, k: "SOP话术", g: [], o: "", s: "", x: [["a", heading, body]] });
  const index = s.prepare({ docs: [
    doc("body/", "甲", "乙", "这里讲入群话术"),
    doc("heading/", "丙", "入群话术", "正文"),
    doc("title/", "入群话术大全", "丁", "正文"),
    doc("apart/", "入群须知", "戊", "附带话术"),
    doc("none/", "无关", "无关", "无关"),
  ] });
  // Pages link from the site root, `./` when the page is the root itself.
  const order = (q) => plain(s.search(index, q).results.map((r) => r.href.replace(/^\.\//, "").split("/")[0]));
  assert.deepEqual(order("入群话术"), ["title", "heading", "body"]);
  // Two terms: both must be somewhere, in any field.
  assert.deepEqual(order("入群 话术"), ["title", "apart", "heading", "body"]);
  assert.deepEqual(order("不存在"), []);
  const hit = s.search(index, "入群话术").results[2];
  assert.equal(hit.href, "./body/index.html#a");
  assert.equal(hit.snippet, "这里讲<mark>入群话术</mark>");
});

test("Latin words match by prefix, not inside other words", () => {
  const index = s.prepare({ docs: [
    { u: "a/", t: "KOL 招募", k: "", g: [], o: "", s: "", x: [] },
    { u: "b/", t: "skolar", k: "", g: [], o: "", s: "", x: [] },
  ] });
  assert.deepEqual(plain(s.search(index, "ko").results.map((r) => r.href)), ["./a/index.html"]);
  assert.deepEqual(plain(s.search(index, "kol").results.map((r) => r.href)), ["./a/index.html"]);
});

test("the sample site's index answers operators' queries", () => {
  const out = mkdtempSync(join(tmpdir(), "quire-search-"));
  try {
    execFileSync(bin, ["build", "--root", repo, "--output", join(out, "public"), "--no-pdf"], { stdio: "inherit" });
    const window = {};
    // The index hands itself over only to a page of its own origin: here, a page on disk.
    const page = { href: pathToFileURL(join(out, "public/index.html")).href, protocol: "file:", origin: "null" };
    const document = { currentScript: { src: pathToFileURL(join(out, "public/search-index.js")).href } };
    vm.runInNewContext(readFileSync(join(out, "public/search-index.js"), "utf8"), { window, document, location: page, URL });
    const index = s.prepare(window.quireSearchIndex);
    const top = (q, n = 3) => plain(s.search(index, q).results.slice(0, n).map((r) => decodeURI(r.href.replace(/^\.\//, "").split("index.html")[0])));
    assert.equal(index.length, 16);
    assert.ok(top("邓巴").includes("group-rules/core-group/"), top("邓巴").join());
    assert.deepEqual(top("每个月", 2).sort(), ["group-rules/core-group/", "group-rules/newcomer-group/"]);
    assert.deepEqual(top("每個月", 2).sort(), ["group-rules/core-group/", "group-rules/newcomer-group/"]);
    assert.ok(s.search(index, "群").total >= 12, "one character finds every page that has it");
    assert.equal(s.search(index, "群", 2).results.length, 2, "only the first are described");
    assert.deepEqual(top("KOL"), top("kol"));
    assert.ok(top("kol").length > 0);
    assert.equal(top("入群 话术", 1)[0], "sop/welcome/", top("入群 话术").join());
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("the index holds encoded paths, so a # or ? in a file name stays in the path", () => {
  const index = s.prepare({ docs: [{ u: "sop/C%23%E5%85%A5%E9%97%A8/", t: "C# 入门", k: "", g: [], o: "", s: "", x: [] }] });
  assert.equal(s.search(index, "入门").results[0].href, "./sop/C%23%E5%85%A5%E9%97%A8/index.html");
  assert.equal(s.norm("İstanbul 群"), "İstanbul 群".replace("stanbul", "stanbul"), "a letter that lower-cases to two stays");
});
