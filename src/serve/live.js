// quire serve: reloads the page when a rebuild finishes, swaps stylesheets
// for CSS-only changes, keeps the scroll position, and shows build errors
// in an overlay (warnings as a small badge) until the file is fixed.
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

  function show(status) {
    var old = document.getElementById("quire-overlay");
    if (old) old.remove();
    var badge = document.getElementById("quire-badge");
    if (badge) badge.remove();
    var errors = status.diagnostics.filter(function (d) { return d.severity === "error"; });
    if (errors.length || status.failure) {
      var box = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f3f3f3;font:14px/1.6 \"Noto Sans Mono CJK SC\",\"Sarasa Mono SC\",ui-monospace,Menlo,Consolas,monospace;padding:2rem");
      box.id = "quire-overlay";
      box.setAttribute("role", "alert");
      box.appendChild(el("p", "font:600 18px/1.4 system-ui,sans-serif;margin:0 0 1rem;color:#ff8a80",
        "quire: the last change has " + (status.failure ? "a problem" : errors.length + " error" + (errors.length > 1 ? "s" : "")) + "; showing the last good version"));
      if (status.failure) box.appendChild(el("pre", "white-space:pre-wrap;margin:0 0 1rem", status.failure));
      errors.forEach(function (d) {
        var item = el("pre", "white-space:pre-wrap;margin:0 0 1rem;padding:.8rem 1rem;background:#26262c;border-left:4px solid #ff5252;border-radius:4px");
        item.className = "quire-diagnostic";
        item.textContent = d.text;
        box.appendChild(item);
      });
      document.body.appendChild(box);
    } else if (status.warnings > 0) {
      var b = el("button", "position:fixed;right:1rem;bottom:1rem;z-index:2147483647;border:0;border-radius:999px;padding:.4rem .9rem;background:#b7791f;color:#fff;font:13px system-ui,sans-serif;cursor:pointer",
        status.warnings + " warning" + (status.warnings > 1 ? "s" : "") + " ×");
      b.id = "quire-badge";
      b.title = "see the terminal for details; click to dismiss";
      b.onclick = function () { b.remove(); };
      document.body.appendChild(b);
    }
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
