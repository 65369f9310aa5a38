// quire serve: reloads the page when a rebuild finishes, swaps stylesheets
// for CSS-only changes, keeps the scroll position, and lists build errors
// in an overlay (warnings as a small badge) until the file is fixed: docked
// at the bottom while the page shown is the latest build (its problems are
// marked on it), over the whole page when it is the site from before a
// change that could not be built.
(function () {
  "use strict";
  var KEY = "quire-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    window.addEventListener("load", function () { window.scrollTo(0, parseInt(saved, 10) || 0); });
  }

  function el(tag, css, text) {
    var e = document.createElement(tag);
    if (css) e.style.cssText = css;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // A wide character (Chinese, full-width punctuation, emoji) takes two
  // columns in the snippet, as in a terminal. Each is set in a cell exactly
  // two letters wide, so the caret line stays under the span whatever width
  // the fonts give Chinese glyphs (only a few monospace fonts make it so).
  // The cell's width is measured on the letters themselves (`--quire-cell`,
  // set once the overlay is on the page): `2ch` can differ from two
  // letters by a fraction of a pixel, which adds up along a Chinese line.
  var WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6]|[\uD83C-\uD83E][\uDC00-\uDFFF]|[\uD840-\uD8BF][\uDC00-\uDFFF]/;
  function monospaced(parent, text) {
    var run = "";
    Array.from(text).forEach(function (ch) {
      if (!WIDE.test(ch)) { run += ch; return; }
      if (run) parent.appendChild(document.createTextNode(run));
      run = "";
      parent.appendChild(el("span", "display:inline-block;width:var(--quire-cell,2ch);text-align:center", ch));
    });
    if (run) parent.appendChild(document.createTextNode(run));
  }

  // The overlay speaks the page's language (the holding page's too).
  var zh = /^zh/i.test(document.documentElement.lang || "zh");
  function say(zhText, enText) { return zh ? zhText : enText; }
  function count(n, zhWord, enWord) {
    return zh ? n + " 个" + zhWord : n + " " + enWord + (n === 1 ? "" : "s");
  }
  var FOLDED = "quire-overlay-folded";

  function show(status) {
    var old = document.getElementById("quire-overlay");
    if (old) old.remove();
    var badge = document.getElementById("quire-badge");
    if (badge) badge.remove();
    document.body.style.paddingBottom = "";
    var errors = status.diagnostics.filter(function (d) { return d.severity === "error"; });
    if (!errors.length && !status.failure) {
      if (status.warnings > 0) {
        var b = el("button", "position:fixed;right:1rem;bottom:1rem;z-index:2147483647;border:0;border-radius:999px;padding:.4rem .9rem;background:#8a5a12;color:#fff;font:13px system-ui,sans-serif;cursor:pointer",
          count(status.warnings, "警告", "warning") + " ×");
        b.id = "quire-badge";
        b.title = say("详情见终端和页面顶部的提示框；点击关闭", "see the terminal, or the box at the top of the page; click to dismiss");
        b.onclick = function () { b.remove(); };
        document.body.appendChild(b);
      }
      return;
    }
    // What is on screen under the overlay: the latest build with its
    // problems marked (the overlay docks at the bottom and the page stays
    // readable), the site from before the change (it covers the page, which
    // is out of date), or the holding page.
    var earlier = status.served === "earlier";
    var what;
    if (status.served === "holding") {
      what = say("还不能预览：", "quire: nothing to preview yet: ") +
        (status.failure ? say("quire 无法构建站点", "quire could not build the site")
          : say("quire.yaml 有 ", "") + count(errors.length, "错误", "error") + say("", " in quire.yaml"));
    } else if (earlier) {
      what = say("上一次保存后无法构建站点（", "quire: the last change could not be built (") +
        (status.failure ? say("quire 出错", "a problem in quire") : count(errors.length, "错误", "error")) +
        say("）；显示的是修改前的站点", "); showing the site as it was before it");
    } else {
      what = say("站点有 ", "quire: the site has ") + count(errors.length, "错误", "error") +
        say("；有错误的页面已在顶部标出", "; pages with errors are marked at the top");
    }
    var box = el("div", earlier
      ? "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f3f3f3;padding:2rem"
      : "position:fixed;left:0;right:0;bottom:0;max-height:30vh;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.96);color:#f3f3f3;padding:.8rem 1.2rem;box-shadow:0 -2px 12px rgba(0,0,0,.3)");
    box.style.font = '14px/1.6 "Noto Sans Mono CJK SC","Sarasa Mono SC",ui-monospace,Menlo,Consolas,monospace';
    box.id = "quire-overlay";
    box.setAttribute("role", earlier ? "alert" : "region");
    box.setAttribute("aria-label", "quire");
    var head = el("p", "display:flex;gap:1rem;align-items:baseline;font:600 15px/1.4 system-ui,sans-serif;margin:0 0 .6rem;color:#ff8a80");
    head.appendChild(el("span", "flex:1", what));
    var list = el("div");
    if (!earlier) {
      // A docked list can be folded to its first line, and stays folded across reloads.
      var fold = el("button", "border:1px solid #777;border-radius:4px;background:transparent;color:#f3f3f3;font:13px system-ui,sans-serif;padding:.1rem .6rem;cursor:pointer");
      var folded = sessionStorage.getItem(FOLDED) === "1";
      var apply = function () {
        list.hidden = folded;
        fold.textContent = folded ? say("展开", "Show") : say("收起", "Hide");
        fold.setAttribute("aria-expanded", String(!folded));
        document.body.style.paddingBottom = box.offsetHeight + "px";
      };
      fold.onclick = function () {
        folded = !folded;
        sessionStorage.setItem(FOLDED, folded ? "1" : "0");
        apply();
      };
      head.appendChild(fold);
      box.appendChild(head);
      box.appendChild(list);
      setTimeout(apply, 0);
    } else {
      box.appendChild(head);
      box.appendChild(list);
    }
    if (status.failure) list.appendChild(el("pre", "white-space:pre-wrap;margin:0 0 1rem", status.failure));
    errors.forEach(function (d) {
      // `font:inherit`: a <pre> would take the browser's own monospace,
      // whose `ch` need not match its letters.
      var item = el("pre", "font:inherit;white-space:pre-wrap;margin:0 0 .8rem;padding:.6rem .9rem;background:#26262c;border-left:4px solid #ff5252;border-radius:4px");
      item.className = "quire-diagnostic";
      monospaced(item, d.text);
      list.appendChild(item);
    });
    document.body.appendChild(box);
    var probe = el("pre", "font:inherit;position:absolute;visibility:hidden;margin:0", "0000000000");
    box.appendChild(probe);
    box.style.setProperty("--quire-cell", probe.getBoundingClientRect().width / 5 + "px");
    box.removeChild(probe);
  }

  function swapCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = links[i].href.split("?")[0];
      links[i].href = url + "?v=" + Date.now();
    }
  }

  var source = new EventSource("/__quire/events");
  // Marks the page as connected, for tools (and tests) that wait on it.
  source.onopen = function () { document.documentElement.setAttribute("data-quire-live", "open"); };
  source.onmessage = function (e) {
    var msg = JSON.parse(e.data);
    if (msg.action === "reload") {
      sessionStorage.setItem(KEY, String(window.scrollY));
      location.reload();
      return;
    }
    if (msg.action === "css") swapCss();
    show(msg.status);
  };
})();
