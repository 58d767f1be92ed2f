// DocFX page behaviour that needs a script: the zone pivot selector.
// Zones written `::: zone pivot="a,b"` become <div class="zone has-pivot"
// data-pivot="a b">. Without JavaScript every zone shows; with it, a row of
// buttons before the first zone picks one pivot (initially `?pivots=` from
// the URL, else the first one) and hides the zones of the others.
(function () {
  "use strict";
  var zones = Array.prototype.slice.call(document.querySelectorAll("div.zone.has-pivot[data-pivot]"));
  if (!zones.length) return;
  var ids = [];
  zones.forEach(function (z) {
    z.getAttribute("data-pivot").split(/\s+/).forEach(function (id) {
      if (id && ids.indexOf(id) < 0) ids.push(id);
    });
  });
  var wanted = new URLSearchParams(location.search).get("pivots");
  var current = ids.indexOf(wanted) >= 0 ? wanted : ids[0];
  var bar = document.createElement("div");
  bar.className = "pivot-selector";
  bar.setAttribute("role", "group");
  var buttons = ids.map(function (id) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = id;
    b.setAttribute("data-pivot", id);
    b.addEventListener("click", function () { show(id, true); });
    bar.appendChild(b);
    return b;
  });
  zones[0].parentNode.insertBefore(bar, zones[0]);
  function show(id, remember) {
    current = id;
    buttons.forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-pivot") === id));
    });
    zones.forEach(function (z) {
      z.hidden = z.getAttribute("data-pivot").split(/\s+/).indexOf(id) < 0;
    });
    if (remember && history.replaceState) {
      var u = new URL(location.href);
      u.searchParams.set("pivots", id);
      history.replaceState(null, "", u.toString());
    }
  }
  show(current, false);
  var css = document.createElement("style");
  css.textContent = ".pivot-selector{display:flex;flex-wrap:wrap;gap:.4em;margin:1em 0}" +
    ".pivot-selector button{font:inherit;padding:.25em .8em;border:1px solid currentColor;border-radius:1em;background:none;color:inherit;cursor:pointer}" +
    ".pivot-selector button[aria-pressed=true]{font-weight:bold;outline:2px solid currentColor}";
  document.head.appendChild(css);
})();

// Markdig's `mathematics`: <span class="math">\(…\)</span> and
// <div class="math">\[…\]</div>, rendered by the KaTeX shipped in
// _tolk/katex/ (linked only from pages with math). Without JavaScript the
// TeX source stays readable.
(function () {
  "use strict";
  function render() {
    if (!window.katex) return;
    var els = document.querySelectorAll("span.math, div.math");
    Array.prototype.forEach.call(els, function (el) {
      var tex = el.textContent.trim();
      var display = el.tagName === "DIV";
      // Markdig writes \(…\) inline and \[…\] for display.
      var open = tex.slice(0, 2);
      var close = tex.slice(-2);
      if ((open === "\\(" && close === "\\)") || (open === "\\[" && close === "\\]")) {
        display = display || open === "\\[";
        tex = tex.slice(2, -2);
      }
      try {
        window.katex.render(tex, el, { displayMode: display, throwOnError: false });
      } catch (e) {
        // Leave the TeX source as it is.
      }
    });
  }
  if (!document.querySelector(".math")) return;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
