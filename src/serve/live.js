// tolk serve: live reload, error overlay and preview toolbar (never part of a built site).
(function () {
  "use strict";
  var me = document.currentScript;
  var generation = me ? +me.getAttribute("data-generation") : 0;
  var KEY = "tolk-serve-scroll:" + location.pathname;
  try {
    var y = sessionStorage.getItem(KEY);
    if (y !== null) {
      sessionStorage.removeItem(KEY);
      var to = +y;
      window.scrollTo(0, to);
      window.addEventListener("load", function () { window.scrollTo(0, to); });
    }
  } catch (e) { /* storage unavailable */ }

  function reload() {
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (text) { e.textContent = text; }
    return e;
  }

  var style = el("style", {});
  style.textContent =
    "#tolk-serve-bar{position:fixed;z-index:2147483000;inset-inline-end:.5rem;bottom:.5rem;display:flex;gap:.5rem;align-items:center;" +
    "font:13px/1.3 system-ui,sans-serif;background:#1f2328;color:#fff;padding:.35rem .6rem;border-radius:6px;box-shadow:0 2px 8px rgba(0,0,0,.3)}" +
    "#tolk-serve-bar select,#tolk-serve-bar label{font:inherit;color:inherit}#tolk-serve-bar select{background:#333;border:1px solid #555;border-radius:3px}" +
    "#tolk-serve-bar .err{background:#c62828;border-radius:3px;padding:0 .4em;cursor:pointer}" +
    "#tolk-serve-overlay{position:fixed;z-index:2147483001;inset:auto 0 0 0;max-height:45vh;overflow:auto;background:#fff5f5;color:#222;" +
    "border-top:4px solid #c62828;font:13px/1.4 ui-monospace,monospace;padding:.6rem 1rem 3rem;box-shadow:0 -2px 10px rgba(0,0,0,.2)}" +
    "#tolk-serve-overlay h2{font:600 14px system-ui,sans-serif;margin:0 0 .4rem;color:#c62828}" +
    "#tolk-serve-overlay li{margin:.15rem 0}#tolk-serve-overlay .loc{color:#555}" +
    "#tolk-serve-overlay button{position:absolute;top:.4rem;inset-inline-end:1rem}" +
    "#tolk-serve-overlay.warn-only{background:#fffbe6;max-height:35vh}#tolk-serve-overlay summary{cursor:pointer;font:600 13px system-ui,sans-serif;color:#8a6d00}";
  document.head.appendChild(style);

  var dismissed = false;
  var lastErrors = null;

  function items(list, count) {
    var ul = el("ul", {});
    list.forEach(function (e) {
      var li = el("li", {});
      var where = (e.file || "docset") + (e.line ? ":" + e.line + (e.column ? ":" + e.column : "") : "");
      li.appendChild(el("span", { "class": "loc" }, where + " "));
      li.appendChild(el("strong", {}, "[" + e.code + "] "));
      li.appendChild(document.createTextNode(e.message + (e.hint ? " (" + e.hint + ")" : "")));
      ul.appendChild(li);
    });
    if (count > list.length) {
      ul.appendChild(el("li", {}, "… and " + (count - list.length) + " more (see the terminal)"));
    }
    return ul;
  }

  // Errors open; warnings collapsed under a summary line (open it to read them).
  function overlay(m) {
    var old = document.getElementById("tolk-serve-overlay");
    if (old) { old.remove(); }
    lastErrors = m;
    if ((!m.error_count && !m.warning_count) || dismissed) { return; }
    var box = el("div", { id: "tolk-serve-overlay", role: m.error_count ? "alert" : "status" });
    if (!m.error_count) { box.className = "warn-only"; }
    var close = el("button", { type: "button" }, "×");
    close.onclick = function () { dismissed = true; box.remove(); };
    box.appendChild(close);
    if (m.error_count) {
      box.appendChild(el("h2", {}, m.error_count + " error(s) in the last build" + (m.what ? " (" + m.what + ")" : "")));
      box.appendChild(items(m.errors, m.error_count));
    }
    if (m.warning_count) {
      var det = el("details", {});
      det.appendChild(el("summary", {}, m.warning_count + " warning(s)" + (m.error_count || !m.what ? "" : " in the last build (" + m.what + ")")));
      det.appendChild(items(m.warnings || [], m.warning_count));
      box.appendChild(det);
    }
    document.body.appendChild(box);
  }

  function toolbar(m) {
    var old = document.getElementById("tolk-serve-bar");
    if (old) { old.remove(); }
    var bar = el("div", { id: "tolk-serve-bar" });
    bar.appendChild(el("strong", {}, "tolk serve"));
    var segs = location.pathname.split("/");
    // ["", locale, env, ...page]
    var inVariant = segs.length > 3 && m.locales.indexOf(segs[1]) >= 0 && m.environments.indexOf(segs[2]) >= 0;
    function chooser(list, at, label) {
      var s = el("select", { "aria-label": label, title: label });
      list.forEach(function (v) {
        var o = el("option", { value: v }, v);
        if (v === segs[at]) { o.selected = true; }
        s.appendChild(o);
      });
      s.onchange = function () {
        var p = segs.slice();
        p[at] = s.value;
        location.href = p.join("/") + location.hash;
      };
      return s;
    }
    if (inVariant) {
      bar.appendChild(chooser(m.locales, 1, "Locale"));
      bar.appendChild(chooser(m.environments, 2, "Environment"));
    }
    if (document.body.classList.contains("bilingual")) {
      var lab = el("label", { title: "Show the English source beside each sentence instead of on hover" });
      var cb = el("input", { type: "checkbox" });
      cb.checked = document.body.classList.contains("side-by-side");
      cb.onchange = function () {
        document.body.classList.toggle("side-by-side", cb.checked);
        try { localStorage.setItem("tolk-serve-sxs", cb.checked ? "1" : ""); } catch (e) { /* ignore */ }
      };
      lab.appendChild(cb);
      lab.appendChild(document.createTextNode(" side by side"));
      bar.appendChild(lab);
    }
    if (m.error_count) {
      var badge = el("span", { "class": "err", title: "Show the errors" }, m.error_count + " error(s)");
      badge.onclick = function () { dismissed = false; overlay(lastErrors); };
      bar.appendChild(badge);
    }
    document.body.appendChild(bar);
  }

  try {
    if (localStorage.getItem("tolk-serve-sxs") && document.body.classList.contains("bilingual")) {
      document.body.classList.add("side-by-side");
    }
  } catch (e) { /* ignore */ }

  function here() {
    var p = decodeURIComponent(location.pathname).replace(/^\//, "");
    return p === "" || p.slice(-1) === "/" ? p + "index.html" : p;
  }

  var first = true;
  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/_tolk-serve/ws");
    ws.onmessage = function (ev) {
      var m = JSON.parse(ev.data);
      if (m.generation !== generation) {
        var mine = m.all || m.pages.indexOf(here()) >= 0;
        // A missed rebuild, or this page changed: reload.
        if (first || m.generation > generation + 1 || mine) { reload(); return; }
        generation = m.generation;
        dismissed = false;
      }
      first = false;
      toolbar(m);
      overlay(m);
    };
    ws.onclose = function () { first = true; setTimeout(connect, 1000); };
  }
  connect();
})();
