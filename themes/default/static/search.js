// quire search. The index is a script written at build time
// (search-index.js), loaded the first time someone searches, so search works
// from any server and straight from disk. Chinese is matched by character
// bigrams and confirmed by substring, Latin words by prefix; traditional
// characters are read as their simplified forms. Titles rank above headings,
// headings above tags and summaries, those above body text.
(function () {
  "use strict";

  // "./" rather than "": a page path must never start a URL scheme.
  var root = document.documentElement.getAttribute("data-root") || "./";
  var strings = JSON.parse(document.documentElement.getAttribute("data-search") || "{}");

  // Traditional → simplified for characters common in operations writing.
  var T2S = "個个們们時时會会來来對对說说這这為为與与運运營营羣群規规話话術术員员題题動动東东開开關关發发經经現现從从還还點点進进過过問问間间門门長长書书學学習习號号後后裡里裏里體体讓让請请線线質质轉转換换買买賣卖錢钱價价辦办處处務务讀读寫写記记錄录應应變变級级紅红給给結结網网頁页頭头類类願愿風风飛飞見见觀观視视計计訂订認认語语調调論论講讲識识護护讚赞貼贴費费資资賽赛車车農农遊游達达適适選选邊边鄉乡醫医鐘钟鍵键隊队陽阳際际難难雲云電电靜静領领顯显館馆驗验魚鱼鳥鸟麼么齊齐龍龙歡欢僅仅儘尽優优幾几復复複复週周準准國国圖图實实寶宝將将專专導导屬属歲岁廣广張张強强當当錯错帶带師师幫帮嗎吗區区團团夥伙數数標标權权條条榮荣樂乐氣气漲涨滿满熱热獎奖產产畫画盡尽眾众碼码禮礼稱称競竞筆笔築筑範范簡简糧粮紀纪約约紙纸組组細细終终統统絡络綜综緊紧總总績绩續续義义聯联聽听膽胆臺台興兴舉举艱艰藝艺莊庄萬万節节著着獲获蘭兰衝冲補补裝装製制親亲覺觉訊讯許许設设評评試试詢询誌志誤误誰谁課课談谈諮咨謝谢證证議议豐丰負负財财貨货販贩責责貴贵貸贷賓宾賞赏購购趙赵跡迹蹤踪躍跃軍军輕轻輯辑輸输辭辞邏逻遲迟遷迁遺遗郵邮鄰邻釋释鈕钮銀银銷销鋪铺鍊炼鎖锁鏈链鑑鉴閉闭閱阅闆板陣阵陰阴陸陆隨随險险雙双雜杂雞鸡離离響响項项順顺預预頓顿頻频顧顾飯饭餘余駐驻髮发鬆松麗丽黨党齡龄";
  var t2s = {}, traditional = "";
  for (var i = 0; i + 1 < T2S.length; i += 2) { t2s[T2S[i]] = T2S[i + 1]; traditional += T2S[i]; }
  var TRADITIONAL = new RegExp("[" + traditional + "]", "g");
  var FULL_WIDTH = /[\uff01-\uff5e]/g;

  // The same length as its input, character for character, so a position in
  // the normalized text is a position in the original. Built from native
  // replaces: a large site normalizes megabytes of text once.
  function norm(s) {
    var folded = s
      .replace(FULL_WIDTH, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .replace(/\u3000/g, " ")
      .replace(TRADITIONAL, function (c) { return t2s[c]; });
    var lower = folded.toLowerCase();
    if (lower.length === folded.length) return lower;
    // A few letters lower-case to two (İ): keep those as they are.
    return folded.replace(/[^\s]/g, function (c) { var l = c.toLowerCase(); return l.length === 1 ? l : c; });
  }

  function isCjk(c) {
    var code = c.charCodeAt(0);
    return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0x3040 && code <= 0x30ff);
  }

  // A query term: its text, its CJK bigrams (or its one CJK character), and its Latin words.
  function parseTerm(text) {
    var bigrams = [], words = [], run = "", word = "";
    function endRun() {
      if (run.length === 1) bigrams.push(run);
      for (var k = 0; k + 1 < run.length; k++) bigrams.push(run.substr(k, 2));
      run = "";
    }
    for (var j = 0; j < text.length; j++) {
      var c = text[j];
      if (isCjk(c)) { run += c; if (word) { words.push(word); word = ""; } }
      else if (/[a-z0-9]/.test(c)) { word += c; endRun(); }
      else { endRun(); if (word) { words.push(word); word = ""; } }
    }
    endRun();
    if (word) words.push(word);
    return { text: text, bigrams: bigrams, words: words };
  }

  function terms(query) {
    return norm(query).split(/[\s,，、。;；]+/).filter(Boolean).map(parseTerm)
      .filter(function (t) { return t.bigrams.length || t.words.length; });
  }

  // How well one term matches one text: 2 as a substring, 1 when every
  // bigram and word is there but not together, 0 not at all.
  function match(term, text) {
    if (!text) return 0;
    // A Latin word matches from its start (`ko` finds `KOL`, not `skolar`).
    var latin = !term.bigrams.length;
    if (latin ? atWordStart(text, term.text) : text.indexOf(term.text) >= 0) return 2;
    for (var j = 0; j < term.bigrams.length; j++) if (text.indexOf(term.bigrams[j]) < 0) return 0;
    for (var w = 0; w < term.words.length; w++) if (!atWordStart(text, term.words[w])) return 0;
    return 1;
  }

  function atWordStart(text, word) {
    var at = -1;
    while ((at = text.indexOf(word, at + 1)) >= 0) {
      if (at === 0 || !/[a-z0-9]/.test(text[at - 1])) return true;
    }
    return false;
  }

  var WEIGHT = { title: 100, heading: 30, meta: 12, body: 4 };

  function prepare(raw) {
    return raw.docs.map(function (d) {
      return {
        url: d.u, title: d.t, kind: d.k, summary: d.s, sections: d.x,
        nTitle: norm(d.t),
        nMeta: norm([d.k, d.g.join(" "), d.o, d.s].join(" ")),
        nHeadings: d.x.map(function (x) { return norm(x[1]); }),
        nBodies: d.x.map(function (x) { return norm(x[2]); })
      };
    });
  }

  // Every document that matches every term, best first: `total` of them,
  // the first `limit` described (the section to link to, the text to
  // quote), so a query that matches most of a large site stays quick.
  function search(index, query, limit) {
    var ts = terms(query);
    if (!ts.length) return { total: 0, results: [] };
    var results = [];
    for (var d = 0; d < index.length; d++) {
      var doc = index[d], score = 0, section = -1, ok = true;
      for (var t = 0; t < ts.length && ok; t++) {
        var term = ts[t], best = 0, where = -1;
        var m = match(term, doc.nTitle);
        if (m) best = WEIGHT.title * m;
        for (var h = 0; h < doc.nHeadings.length; h++) {
          m = match(term, doc.nHeadings[h]);
          if (m && WEIGHT.heading * m > best) { best = WEIGHT.heading * m; where = h; }
        }
        m = match(term, doc.nMeta);
        if (m && WEIGHT.meta * m > best) best = WEIGHT.meta * m;
        for (var b = 0; b < doc.nBodies.length; b++) {
          m = match(term, doc.nBodies[b]);
          if (m && WEIGHT.body * m > best) { best = WEIGHT.body * m; where = b; }
          if (m && where < 0) where = b;
        }
        if (!best) ok = false;
        score += best;
        if (section < 0) section = where;
      }
      if (ok) results.push({ doc: doc, score: score, section: section });
    }
    results.sort(function (a, b) { return b.score - a.score || a.doc.title.length - b.doc.title.length; });
    return {
      total: results.length,
      results: results.slice(0, limit || 50).map(function (r) { return describe(r, ts); })
    };
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  // `text` with each term (or, failing that, each bigram and word) marked.
  function highlight(text, ts) {
    var n = norm(text), marks = [];
    ts.forEach(function (t) {
      var needles = n.indexOf(t.text) >= 0 ? [t.text] : t.bigrams.concat(t.words);
      needles.forEach(function (needle) {
        var at = -1;
        while ((at = n.indexOf(needle, at + 1)) >= 0) marks.push([at, at + needle.length]);
      });
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var out = "", last = 0;
    marks.forEach(function (m) {
      if (m[0] < last) { if (m[1] > last) { out += "<mark>" + escapeHtml(text.slice(last, m[1])) + "</mark>"; last = m[1]; } return; }
      out += escapeHtml(text.slice(last, m[0])) + "<mark>" + escapeHtml(text.slice(m[0], m[1])) + "</mark>";
      last = m[1];
    });
    return out + escapeHtml(text.slice(last));
  }

  // Up to about 90 characters of text around the first match.
  function excerpt(text, ts) {
    var n = norm(text), at = -1;
    for (var t = 0; t < ts.length && at < 0; t++) {
      at = n.indexOf(ts[t].text);
      if (at < 0 && ts[t].bigrams.length) at = n.indexOf(ts[t].bigrams[0]);
      if (at < 0 && ts[t].words.length) at = n.indexOf(ts[t].words[0]);
    }
    var start = Math.max(0, at - 30);
    var part = text.slice(start, start + 90);
    return (start > 0 ? "…" : "") + part + (start + 90 < text.length ? "…" : "");
  }

  function describe(r, ts) {
    var doc = r.doc, section = r.section >= 0 ? doc.sections[r.section] : null;
    var href = root + doc.url + "index.html" + (section && section[0] ? "#" + encodeURIComponent(section[0]) : "");
    var quote = section && section[2] ? section[2] : doc.summary || (doc.sections[0] ? doc.sections[0][2] : "");
    return {
      href: href,
      title: highlight(doc.title, ts),
      kind: escapeHtml(doc.kind),
      heading: section && section[1] ? highlight(section[1], ts) : "",
      snippet: highlight(excerpt(quote, ts), ts)
    };
  }

  var index = null, loading = null;
  function load() {
    if (index) return Promise.resolve(index);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = root + "search-index.js";
        s.onload = function () { index = prepare(window.quireSearchIndex || { docs: [] }); resolve(index); };
        s.onerror = function () { loading = null; reject(new Error("search index not found")); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  // A result. In the header's list each link is itself an option of the
  // listbox (an option may not hold a link); on the results page it is a link.
  function item(r, i, option) {
    return (option ? '<li role="none"><a role="option" aria-selected="false" id="sr-' + i + '"' : "<li><a") +
      ' href="' + r.href + '"><span class="sr-title">' + r.title +
      '</span> <span class="sr-kind">' + r.kind + "</span>" +
      (r.heading ? '<span class="sr-heading">' + r.heading + "</span>" : "") +
      '<span class="sr-snippet">' + r.snippet + "</span></a></li>";
  }
  function option(r, i) { return item(r, i, true); }

  // The box in every page's header: results as you type, `/` to focus,
  // arrows and Enter to choose, Escape to close. The list is an ARIA listbox
  // of links; "see all" and "nothing found" sit beside it, not in it.
  function attach(form) {
    var input = form.querySelector("input[type=search]");
    var panel = form.querySelector(".search-panel");
    var list = form.querySelector(".search-results");
    var status = form.querySelector(".search-status");
    var active = -1, shown = [];
    function close() {
      panel.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function open(options, note) {
      list.innerHTML = options;
      status.innerHTML = note;
      panel.hidden = false;
      active = -1;
      input.setAttribute("aria-expanded", options ? "true" : "false");
      input.removeAttribute("aria-activedescendant");
    }
    function render(found, query) {
      shown = found.results.slice(0, 8);
      if (!query) { close(); return; }
      if (!shown.length) { open("", escapeHtml(strings.none)); return; }
      open(shown.map(option).join(""), found.total > shown.length
        ? '<a href="' + form.action + "?q=" + encodeURIComponent(query) + '">' +
          escapeHtml(strings.all.replace("{n}", function () { return found.total; })) + "</a>"
        : "");
    }
    function run() {
      var query = input.value.trim();
      if (!query) { close(); return; }
      load().then(function (idx) { if (input.value.trim() === query) render(search(idx, query, 8), query); },
        function () { open("", escapeHtml(strings.missing)); });
    }
    function select(i) {
      if (panel.hidden) { run(); return; }
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (i + options.length) % options.length;
      options.forEach(function (o, k) { o.parentNode.classList.toggle("active", k === active); o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }
    input.addEventListener("input", run);
    input.addEventListener("focus", function () { load().catch(function () {}); if (input.value.trim()) run(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); select(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
      else if (e.key === "Escape") close();
      else if (e.key === "Enter" && !panel.hidden && active >= 0 && shown[active]) { e.preventDefault(); window.location.href = shown[active].href; }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
    document.addEventListener("keydown", function (e) {
      var typing = /^(input|textarea|select)$/i.test(e.target.tagName) || e.target.isContentEditable;
      if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); input.focus(); input.select(); }
    });
  }

  // The results page: every result for `?q=`.
  function resultsPage(box) {
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var input = document.querySelector(".site-search input[type=search]");
    if (input) input.value = query;
    if (!query.trim()) return;
    load().then(function (idx) {
      var found = search(idx, query, 200);
      var count = strings.count.replace("{n}", function () { return found.total; }).replace("{q}", function () { return query; });
      box.innerHTML = '<p class="sr-count">' + escapeHtml(count) + "</p>" +
        (found.results.length ? '<ol class="search-page-results">' + found.results.map(function (r, i) { return item(r, i, false); }).join("") + "</ol>" : "");
    }, function () { box.textContent = strings.missing; });
  }

  window.quireSearch = { search: search, prepare: prepare, terms: terms, norm: norm };
  document.querySelectorAll("form.site-search").forEach(attach);
  var box = document.getElementById("search-page");
  if (box) resultsPage(box);
})();
