/* tolk: progressive enhancements. Every page reads fine without this file. */
(function () {
  "use strict";
  var doc = document;
  // Remember the reader's locale/environment choice (bonus: pages work without it).
  try {
    var root = doc.documentElement.getAttribute("data-variant-root");
    if (root) localStorage.setItem("tolk-variant", location.pathname);
  } catch (e) {}
  // Tabs (DocFX tab groups).
  doc.querySelectorAll(".tabGroup").forEach(function (group) {
    var tabs = group.querySelectorAll('[role="tab"]');
    tabs.forEach(function (tab) {
      tab.addEventListener("click", function (ev) {
        ev.preventDefault();
        tabs.forEach(function (t) {
          var sel = t === tab;
          t.setAttribute("aria-selected", sel ? "true" : "false");
          t.setAttribute("tabindex", sel ? "0" : "-1");
          var panel = doc.getElementById(t.getAttribute("aria-controls"));
          if (panel) { panel.hidden = !sel; panel.setAttribute("aria-hidden", sel ? "false" : "true"); }
        });
      });
    });
  });
  // Side-by-side reading mode: a button, or ?view=side-by-side / #side-by-side.
  var toggle = doc.querySelector(".sxs-toggle");
  // Each block holding bilingual sentences becomes two columns: the
  // translation and, next to it, the English source (stacked on phones).
  var BLOCKS = "p,li,h1,h2,h3,h4,h5,h6,td,th,dt,dd";
  var saved = [];
  function columns(on) {
    var article = doc.querySelector("article");
    if (!article) return;
    if (!on) {
      saved.forEach(function (s) { s.el.innerHTML = s.html; });
      saved = [];
      return;
    }
    article.querySelectorAll(BLOCKS).forEach(function (el) {
      if (!el.querySelector(".sxs")) return;
      // Only the innermost blocks: a list item with a nested list keeps its hover view.
      var inner = Array.prototype.some.call(el.querySelectorAll(BLOCKS), function (c) { return c.querySelector(".sxs"); });
      if (inner) return;
      var target = el.cloneNode(true);
      target.querySelectorAll(".sxs-src").forEach(function (s) { s.remove(); });
      var source = el.cloneNode(true);
      source.querySelectorAll(".sxs").forEach(function (s) {
        var src = s.querySelector(".sxs-src");
        s.replaceWith.apply(s, src ? Array.prototype.slice.call(src.childNodes) : []);
      });
      saved.push({ el: el, html: el.innerHTML });
      var lang = (el.querySelector(".sxs-src") || {}).lang || "en";
      el.innerHTML = '<span class="sxs-cols"><span class="sxs-col-t"></span><span class="sxs-col-s"></span></span>';
      var t = el.querySelector(".sxs-col-t"), sc = el.querySelector(".sxs-col-s");
      while (target.firstChild) t.appendChild(target.firstChild);
      while (source.firstChild) sc.appendChild(source.firstChild);
      sc.setAttribute("lang", lang);
    });
  }
  function setSxs(on) {
    if (doc.body.classList.contains("side-by-side") !== on) columns(on);
    doc.body.classList.toggle("side-by-side", on);
    if (toggle) {
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      toggle.title = on ? toggle.getAttribute("data-off") : toggle.getAttribute("data-on");
    }
  }
  if (/[?&]view=side-by-side\b/.test(location.search) || location.hash === "#side-by-side") setSxs(true);
  if (toggle) toggle.addEventListener("click", function () { setSxs(!doc.body.classList.contains("side-by-side")); });
  // TOC: the variant's TOC script defines window.TOLK_TOC = {html, base}; mark the current page.
  var nav = doc.getElementById("toc");
  if (nav && window.TOLK_TOC) {
    nav.insertAdjacentHTML("beforeend", window.TOLK_TOC.html);
    var here = location.href.split("#")[0].split("?")[0];
    nav.querySelectorAll("a[href]").forEach(function (a) {
      if (a.href.split("#")[0] === here) {
        a.setAttribute("aria-current", "page");
        for (var el = a.parentElement; el && el !== nav; el = el.parentElement) {
          if (el.tagName === "DETAILS") el.open = true;
        }
      }
    });
  }
})();
