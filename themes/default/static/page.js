// Page behaviour that needs a script: copy buttons on scripts (话术) and the
// on-this-page contents following the scroll. Everything else works without it.
(function () {
  "use strict";

  // Copies text exactly. The Clipboard API needs a secure context; an
  // intranet server on plain http is not one, so fall back to a selection.
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  // The text copied is the text shown: `innerText` leaves out whatever is
  // hidden, so a script box can never copy words the reader did not see.
  // Only quire's own script boxes (a fenced script, a step's script) have
  // the button; author HTML cannot take their classes.
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button.copy");
    if (!button) return;
    var box = button.closest("figure.script");
    var code = box && box.querySelector("pre > code, .script-text");
    if (!code) return;
    var label = button.textContent;
    copy(code.innerText).then(function () {
      button.textContent = button.getAttribute("data-copied") || label;
      button.classList.add("done");
      setTimeout(function () { button.textContent = label; button.classList.remove("done"); }, 1500);
    });
  });

  // The contents entry of the section being read is marked as current.
  var links = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
  if (!links.length || !("IntersectionObserver" in window)) return;
  var byId = {};
  links.forEach(function (a) { byId[decodeURIComponent(a.hash.slice(1))] = a; });
  var visible = {};
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting ? entry.boundingClientRect.top : undefined; });
    var current = null, top = Infinity;
    Object.keys(visible).forEach(function (id) {
      if (visible[id] !== undefined && visible[id] < top) { top = visible[id]; current = id; }
    });
    if (!current) return;
    links.forEach(function (a) { a.removeAttribute("aria-current"); });
    byId[current].setAttribute("aria-current", "true");
  }, { rootMargin: "0px 0px -60% 0px" });
  Object.keys(byId).forEach(function (id) {
    var heading = document.getElementById(id);
    if (heading) observer.observe(heading);
  });
})();
