/* tolk: progressive enhancements. Every page reads fine without this file:
 * the TOC has its own page, the switchers are <details> menus of links. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;
  function store(k, v) { try { if (v === undefined) return localStorage.getItem(k); if (v) localStorage.setItem(k, v); else localStorage.removeItem(k); } catch (e) {} return null; }
  function each(sel, fn, from) { Array.prototype.forEach.call((from || doc).querySelectorAll(sel), fn); }
  function show(el) { if (el) el.hidden = false; return el; }
  // Remember the reader's locale/environment choice.
  if (root.getAttribute("data-variant-root") !== null) store("tolk-variant", location.pathname);

  // Dark mode: follows the system until the reader picks one; remembered.
  var themeBtn = show(doc.querySelector(".theme-toggle"));
  var sysDark = window.matchMedia ? matchMedia("(prefers-color-scheme: dark)") : { matches: false };
  function isDark() { var t = root.getAttribute("data-theme"); return t ? t === "dark" : sysDark.matches; }
  function syncTheme() { if (themeBtn) themeBtn.setAttribute("aria-pressed", isDark() ? "true" : "false"); }
  syncTheme();
  if (sysDark.addEventListener) sysDark.addEventListener("change", syncTheme);
  if (themeBtn) themeBtn.addEventListener("click", function () {
    var t = isDark() ? "light" : "dark";
    // Back to "follow the system" when the choice equals it.
    if ((t === "dark") === sysDark.matches) t = "";
    root.setAttribute("data-theme", t);
    store("tolk-theme", t);
    syncTheme();
  });

  // Tabs (DocFX tab groups): click or arrow keys, as the ARIA tabs pattern.
  each(".tabGroup", function (group) {
    var tabs = Array.prototype.slice.call(group.querySelectorAll('[role="tab"]'));
    function select(tab, focus) {
      tabs.forEach(function (t) {
        var sel = t === tab, panel = doc.getElementById(t.getAttribute("aria-controls"));
        t.setAttribute("aria-selected", sel ? "true" : "false");
        t.setAttribute("tabindex", sel ? "0" : "-1");
        if (panel) panel.hidden = !sel;
      });
      if (focus) tab.focus();
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function (ev) { ev.preventDefault(); select(tab); });
      tab.addEventListener("keydown", function (ev) {
        var rtl = getComputedStyle(tab).direction === "rtl", n = tabs.length, k = ev.key, j = -1;
        if (k === "ArrowRight") j = rtl ? i - 1 : i + 1; else if (k === "ArrowLeft") j = rtl ? i + 1 : i - 1;
        else if (k === "Home") j = 0; else if (k === "End") j = n - 1; else return;
        ev.preventDefault();
        select(tabs[(j + n) % n], true);
      });
    });
  });

  // Side-by-side view: the keyboard and screen-reader route to the English
  // source (the hover spans are not focusable). A button, remembered, or
  // ?view=side-by-side / #side-by-side.
  var toggle = show(doc.querySelector(".sxs-toggle"));
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
    each(BLOCKS, function (el) {
      if (!el.querySelector(".sxs")) return;
      // Only the innermost blocks: a list item with a nested list keeps its hover view.
      var inner = Array.prototype.some.call(el.querySelectorAll(BLOCKS), function (c) { return c.querySelector(".sxs"); });
      if (inner) return;
      var target = el.cloneNode(true);
      each(".sxs-src", function (s) { s.remove(); }, target);
      var source = el.cloneNode(true);
      each(".sxs", function (s) {
        var src = s.querySelector(".sxs-src");
        s.replaceWith.apply(s, src ? Array.prototype.slice.call(src.childNodes) : []);
      }, source);
      saved.push({ el: el, html: el.innerHTML });
      var lang = (el.querySelector(".sxs-src") || {}).lang || "en";
      el.innerHTML = '<span class="sxs-cols"><span class="sxs-col-t"></span><span class="sxs-col-s"></span></span>';
      var t = el.querySelector(".sxs-col-t"), sc = el.querySelector(".sxs-col-s");
      while (target.firstChild) t.appendChild(target.firstChild);
      while (source.firstChild) sc.appendChild(source.firstChild);
      sc.setAttribute("lang", lang);
      // The source column repeats the ids of the translation's headings.
      each("[id]", function (x) { x.removeAttribute("id"); }, sc);
    }, article);
  }
  function setSxs(on, remember) {
    if (doc.body.classList.contains("side-by-side") !== on) columns(on);
    doc.body.classList.toggle("side-by-side", on);
    if (toggle) toggle.setAttribute("aria-pressed", on ? "true" : "false");
    if (remember) store("tolk-sxs", on ? "1" : "");
  }
  if (toggle && (/[?&]view=side-by-side\b/.test(location.search) || location.hash === "#side-by-side" || store("tolk-sxs"))) setSxs(true);
  if (toggle) toggle.addEventListener("click", function () { setSxs(!doc.body.classList.contains("side-by-side"), true); });
  // Escape hides a hover popup until the pointer moves (WCAG 1.4.13).
  doc.addEventListener("keydown", function (e) { if (e.key === "Escape") doc.body.classList.add("sxs-quiet"); });
  doc.addEventListener("mousemove", function () { doc.body.classList.remove("sxs-quiet"); }, { passive: true });

  // TOC: the variant's TOC script defines window.TOLK_TOC = {html}; mark the current page.
  var nav = doc.getElementById("toc");
  if (nav && window.TOLK_TOC) {
    each("noscript", function (n) { n.remove(); }, nav);
    nav.insertAdjacentHTML("beforeend", window.TOLK_TOC.html);
    var here = location.href.split("#")[0].split("?")[0], cur = null;
    each("a[href]", function (a) {
      if (a.href.split("#")[0] === here) {
        a.setAttribute("aria-current", "page");
        cur = cur || a;
        for (var el = a.parentElement; el && el !== nav; el = el.parentElement) {
          if (el.tagName === "DETAILS") el.open = true;
        }
        // A section's own page: show what it holds.
        var sub = a.nextElementSibling;
        if (sub && sub.tagName === "DETAILS") sub.open = true;
      }
    }, nav);
    // Keep the current entry in view in the sticky sidebar (not the page).
    if (cur && nav.scrollHeight > nav.clientHeight) nav.scrollTop = cur.offsetTop - nav.clientHeight / 3;
  }

  // Narrow screens: the TOC is a drawer behind the menu button (a link to
  // the TOC page without JavaScript).
  var menu = doc.querySelector(".menu-button");
  if (menu && nav && window.TOLK_TOC) {
    menu.setAttribute("role", "button");
    menu.setAttribute("aria-expanded", "false");
    var drawer = function (open) {
      doc.body.classList.toggle("toc-open", open);
      menu.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { var f = nav.querySelector("a[aria-current]") || nav.querySelector("a,summary"); if (f) f.focus(); }
    };
    menu.addEventListener("click", function (e) { e.preventDefault(); drawer(!doc.body.classList.contains("toc-open")); });
    menu.addEventListener("keydown", function (e) { if (e.key === " ") { e.preventDefault(); menu.click(); } });
    doc.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && doc.body.classList.contains("toc-open")) { drawer(false); menu.focus(); }
    });
    doc.addEventListener("click", function (e) {
      if (doc.body.classList.contains("toc-open") && !nav.contains(e.target) && !menu.contains(e.target)) drawer(false);
    });
  }

  // Switchers (<details> menus): one open at a time; Escape or a click elsewhere closes.
  var menus = doc.querySelectorAll("details.switch");
  each("details.switch", function (d) {
    d.addEventListener("toggle", function () {
      if (d.open) Array.prototype.forEach.call(menus, function (o) { if (o !== d) o.open = false; });
    });
    d.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && d.open) { d.open = false; d.querySelector("summary").focus(); }
    });
  });
  doc.addEventListener("click", function (e) {
    Array.prototype.forEach.call(menus, function (d) { if (d.open && !d.contains(e.target)) d.open = false; });
  });

  // Code blocks: highlighted here (a few common languages; no request, no
  // build cost) and a copy button.
  var RULES = {
    c: [["c", /\/\/[^\n]*|\/\*[\s\S]*?\*\//], ["s", /@?"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`]*`/], ["n", /\b\d[\d.]*\b/],
      ["k", /\b(?:abstract|as|async|await|bool|break|case|catch|class|const|continue|default|do|double|else|enum|export|false|final|finally|for|foreach|from|function|if|import|in|int|interface|let|namespace|new|null|object|override|private|protected|public|readonly|return|static|string|switch|this|throw|true|try|typeof|using|var|void|while|yield)\b/]],
    ps: [["c", /<#[\s\S]*?#>|#[^\n]*/], ["s", /"(?:[^"`\n]|`.)*"|'[^'\n]*'/], ["v", /\$[\w:]+/], ["f", /\b[A-Z][a-z]+-[A-Za-z]+\b/],
      ["p", /(?:^|\s)-[A-Za-z]\w*/], ["k", /\b(?:if|else|elseif|foreach|for|while|function|param|return|switch|try|catch|finally|throw|\$true|\$false|\$null)\b/i]],
    sh: [["c", /(?:^|\s)#[^\n]*/], ["s", /"(?:[^"\\\n]|\\.)*"|'[^'\n]*'/], ["v", /\$\{?\w+\}?/], ["p", /(?:^|\s)--?[A-Za-z][\w-]*/],
      ["k", /\b(?:if|then|else|fi|for|do|done|while|case|esac|function|export|sudo|echo)\b/]],
    json: [["s", /"(?:[^"\\\n]|\\.)*"(?=\s*:)/, "p"], ["s", /"(?:[^"\\\n]|\\.)*"/], ["n", /-?\b\d[\d.eE+-]*\b/], ["k", /\b(?:true|false|null)\b/]],
    xml: [["c", /<!--[\s\S]*?-->/], ["k", /<\/?[\w:.-]+|\/?>/], ["p", /\s[\w:.-]+(?==)/], ["s", /"[^"]*"|'[^']*'/]],
    sql: [["c", /--[^\n]*/], ["s", /'(?:[^'\n]|'')*'/], ["n", /\b\d+\b/],
      ["k", /\b(?:select|from|where|and|or|not|insert|into|values|update|set|delete|create|table|join|on|group|by|order|as|distinct|top|union|having|limit)\b/i]],
    py: [["c", /#[^\n]*/], ["s", /"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/], ["n", /\b\d[\d.]*\b/],
      ["k", /\b(?:def|class|import|from|return|if|elif|else|for|while|in|not|and|or|try|except|finally|with|as|None|True|False|lambda|yield|pass)\b/]],
    yaml: [["c", /(?:^|\s)#[^\n]*/], ["p", /^[ \t-]*[\w.-]+(?=:)/m], ["s", /"(?:[^"\\\n]|\\.)*"|'[^'\n]*'/], ["k", /\b(?:true|false|null|yes|no)\b/]]
  };
  var ALIAS = { csharp: "c", cs: "c", "c#": "c", java: "c", "javascript": "c", js: "c", typescript: "c", ts: "c", cpp: "c", kotlin: "c", go: "c", rust: "c",
    powershell: "ps", ps: "ps", ps1: "ps", azurepowershell: "ps", bash: "sh", sh: "sh", shell: "sh", console: "sh", azurecli: "sh", cmd: "sh",
    json: "json", jsonc: "json", xml: "xml", html: "xml", xaml: "xml", sql: "sql", kusto: "sql", python: "py", py: "py", yaml: "yaml", yml: "yaml" };
  function esc(s) { return s.replace(/[&<>]/g, function (c) { return c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"; }); }
  function highlight(code) {
    var m = /\b(?:language|lang)-([\w#+-]+)/.exec(code.className), rules = m && RULES[ALIAS[m[1].toLowerCase()]];
    var marked = lineSet(code.getAttribute("data-highlight-lines"));
    if ((!rules && !marked) || code.children.length || code.textContent.length > 20000) return;
    var text = code.textContent, pieces = [], last = 0, x;
    if (rules) {
      var re = new RegExp(rules.map(function (r) { return "(" + r[1].source + ")"; }).join("|"), "g" + (rules.some(function (r) { return r[1].multiline; }) ? "m" : "") + (rules.some(function (r) { return r[1].ignoreCase; }) ? "i" : ""));
      while ((x = re.exec(text)) !== null) {
        if (!x[0]) { re.lastIndex++; continue; }
        for (var g = 1; g < x.length && x[g] === undefined; g++);
        pieces.push([text.slice(last, x.index), ""], [x[0], rules[g - 1][2] || rules[g - 1][0]]);
        last = x.index + x[0].length;
      }
    }
    pieces.push([text.slice(last), ""]);
    // One line at a time, so that a token across lines closes at each line's
    // end and the lines a snippet names (`highlight=`) can be marked.
    var lines = [""];
    pieces.forEach(function (p) {
      p[0].split("\n").forEach(function (part, i) {
        if (i) lines.push("");
        if (part) lines[lines.length - 1] += p[1] ? '<span class="tk-' + p[1] + '">' + esc(part) + "</span>" : esc(part);
      });
    });
    code.innerHTML = lines.map(function (l, i) {
      return marked && marked[i + 1] ? '<mark class="hl-line">' + l + "</mark>" : l;
    }).join("\n");
  }
  // "1,3-5" → {1: true, 3: true, 4: true, 5: true}; null when none.
  function lineSet(spec) {
    if (!spec) return null;
    var set = {}, any = false;
    spec.split(",").forEach(function (r) {
      var ab = r.split("-"), a = parseInt(ab[0], 10), b = ab.length > 1 ? parseInt(ab[1], 10) : a;
      if (isNaN(b)) b = a + 10000;
      for (var n = a; n <= b && n < a + 10000; n++) { set[n] = true; any = true; }
    });
    return any ? set : null;
  }
  var labels = doc.querySelector("[data-copy]");
  var copyText = labels ? labels.getAttribute("data-copy").split("|") : ["Copy", "Copied"];
  each("article pre > code", function (code) {
    highlight(code);
    var pre = code.parentNode, wrap = doc.createElement("div"), btn = doc.createElement("button");
    wrap.className = "code-block";
    btn.type = "button";
    btn.className = "copy-code";
    btn.textContent = copyText[0];
    btn.addEventListener("click", function () {
      var done = function () { btn.textContent = copyText[1] || copyText[0]; setTimeout(function () { btn.textContent = copyText[0]; }, 1500); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(code.textContent).then(done, function () {});
    });
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(btn);
    wrap.appendChild(pre);
  });
})();
