/* tolk search: queries the variant's index (window.TOLK_SEARCH, assigned by
 * <variant root>{{INDEX_FILE}}) with no dependency, offline and from file://.
 *
 * The browser does not stem. A query word maps to an index term through the
 * index's exception list (every corpus word the prefix rule gets wrong) or
 * else the longest term that is a prefix of it; words of 3+ letters also
 * expand to the terms they prefix. Runs of CJK characters (Chinese, Japanese,
 * Korean) are cut into character bigrams, as the index was. See
 * src/search/mod.rs for the index format. */
(function () {
  'use strict';
  var G = typeof window !== 'undefined' ? window : self;

  // Diacritic folding of U+00C0..U+017F, shared with src/search.rs.
  var FOLD = 'AAAAAAÆCEEEEIIIIÐNOOOOO×ØUUUUYÞßaaaaaaæceeeeiiiiðnooooo÷øuuuuyþyAaAaAaCcCcCcCcDdĐđEeEeEeEeEeGgGgGgGgHhĦħIiIiIiIiIıĲĳJjKkĸLlLlLlĿŀŁłNnNnNnŉŊŋOoOoOoŒœRrRrRrSsSsSsSsTtTtŦŧUuUuUuUuUuUuWwYyYZzZzZzſ';
  var MIN_WORD = 2, MAX_WORD = 40, MAX_EXPAND = 40, EXPAND_WEIGHT = 0.5;
  var MAX_RESULTS = 200, MAX_LIVE = 8;

  // Words: runs of [\p{Alphabetic}\p{N}] (Rust's char::is_alphanumeric);
  // older engines get a punctuation-based approximation.
  var WORD_SRC;
  try { new RegExp('\\p{N}', 'u'); WORD_SRC = ['[\\p{Alphabetic}\\p{N}]+', 'gu']; }
  catch (e) { WORD_SRC = ['[^\\s!-/:-@\\[-`{-~\\u00a0-\\u00bf\\u00d7\\u00f7\\u2000-\\u206f\\u2190-\\u2bff\\u3000-\\u303f\\ufe30-\\ufe4f\\uff01-\\uff0f\\uff1a-\\uff20]+', 'g']; }

  function eachWord(text, fn) {
    var re = new RegExp(WORD_SRC[0], WORD_SRC[1]), m;
    while ((m = re.exec(text)) !== null) fn(m[0], m.index);
  }

  // Scripts written without spaces (Han, Hiragana, Katakana, Hangul): the
  // same ranges as is_cjk in src/search/analyze.rs.
  var CJK_BMP = '\u1100-\u11ff\u3005-\u3007\u3040-\u30ff\u3131-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f';
  var CJK_SRC;
  try { new RegExp('[\u{20000}-\u{3134f}]', 'u'); CJK_SRC = ['[' + CJK_BMP + '\u{20000}-\u{3134f}]', 'u']; }
  catch (e) { CJK_SRC = ['[' + CJK_BMP + ']', '']; }
  var CJK = new RegExp(CJK_SRC[0], CJK_SRC[1]);
  var PIECES = new RegExp(CJK_SRC[0] + '+|(?:(?!' + CJK_SRC[0] + ')[^])+', 'g' + CJK_SRC[1]);

  // Words split where they change between a CJK script and any other
  // (tokens in analyze.rs): fn(piece, offset, isCjk).
  function eachToken(text, fn) {
    eachWord(text, function (w, at) {
      if (!CJK.test(w)) { fn(w, at, false); return; }
      PIECES.lastIndex = 0;
      var m;
      while ((m = PIECES.exec(w)) !== null) fn(m[0], at + m.index, CJK.test(m[0]));
    });
  }

  // A CJK run's terms: its overlapping bigrams of characters (code points),
  // or the one character of a lone one (bigrams in analyze.rs).
  function bigrams(run) {
    var c = Array.from(run), out = [];
    if (c.length === 1) return c;
    for (var i = 0; i + 1 < c.length; i++) out.push(c[i] + c[i + 1]);
    return out;
  }
  // Terms are CJK throughout or not at all.
  function isCjkTerm(t) { return CJK.test(t); }

  function norm(word) {
    return word.toLowerCase().replace(/[\u00c0-\u017f]/g, function (c) {
      return FOLD.charAt(c.charCodeAt(0) - 0xc0);
    });
  }

  var DIGIT = (function () {
    var d = new Int8Array(128).fill(-1), end = '0123456789abcdefghijklmnopqrstuv', more = 'ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_.';
    for (var i = 0; i < 32; i++) { d[end.charCodeAt(i)] = i; d[more.charCodeAt(i)] = 32 + i; }
    return d;
  })();

  // ---- the index ---------------------------------------------------------

  function Index(raw) {
    this.raw = raw;
    this.terms = raw.terms;
    this.n = raw.docs.length;
    this.exc = new Map();
    for (var i = 0; i < raw.excw.length; i++) this.exc.set(raw.excw[i], raw.exct[i]);
    this.stop = new Set(raw.stop);
    this.lang = raw.lang || '';
    this.pmin = raw.pmin || 3;
    this.pratio = raw.pratio || 0.4;
    this.cache = new Map();
  }

  // First position whose term is >= t (JavaScript string order, as sorted).
  Index.prototype.lowerBound = function (t) {
    var lo = 0, hi = this.terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (this.terms[mid] < t) lo = mid + 1; else hi = mid;
    }
    return lo;
  };

  Index.prototype.find = function (t) {
    var i = this.lowerBound(t);
    return i < this.terms.length && this.terms[i] === t ? i : -1;
  };

  // Term of a normalized word: [term id, weight factor] or null. The same
  // rule as rule_resolve in src/search.rs; the exceptions list every word of
  // the variant that it gets wrong.
  Index.prototype.resolve = function (q) {
    if (this.exc.has(q)) return [this.exc.get(q), 1];
    var i = this.lowerBound(q);
    if (i < this.terms.length && this.terms[i] === q) return [i, 1];
    // A proper prefix of a term: a partial word, left to the expansion.
    if (i < this.terms.length && this.terms[i].slice(0, q.length) === q) return null;
    var min = Math.max(Math.min(q.length, this.pmin), Math.ceil(q.length * this.pratio));
    for (var k = q.length - 1; k >= min; k--) {
      var id = this.find(q.slice(0, k));
      // A stripped suffix longer than 4 is a guess (compound, unseen word).
      if (id >= 0) return [id, q.length - k <= 4 ? 1 : k / q.length];
    }
    return null;
  };

  // Postings of a term: {docs: [page numbers], w: [weights 1..20]}.
  Index.prototype.postings = function (id) {
    var p = this.cache.get(id);
    if (p) return p;
    var s = this.raw.post[id], wt = this.raw.wt[id], docs = [], w = [], v = 0, doc = -1;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s.charCodeAt(i)];
      if (d >= 32) { v = v * 32 + d - 32; continue; }
      v = v * 32 + d;
      doc += v + 1;
      docs.push(doc);
      w.push(wt.charCodeAt(docs.length - 1) - 96);
      v = 0;
    }
    p = { docs: docs, w: w };
    this.cache.set(id, p);
    return p;
  };

  // Query words: normalized, deduplicated, stop words and 1-letter words
  // dropped. A CJK word becomes its bigrams, which together count as one
  // word (size: how many terms its word has). open: the position of the
  // last word when the query does not end in a space (the reader may still
  // be typing it), else -1.
  Index.prototype.queryWords = function (query) {
    var out = [], size = [], open = -1, end = query.replace(/\s+$/, '').length, self = this;
    eachToken(query, function (w, at, cjk) {
      if (cjk) {
        var gs = [];
        bigrams(w).forEach(function (g) { if (out.indexOf(g) < 0 && gs.indexOf(g) < 0) gs.push(g); });
        gs.forEach(function (g) { out.push(g); size.push(gs.length); });
        return;
      }
      var n = norm(w);
      if (n.length < MIN_WORD || n.length > MAX_WORD || self.stop.has(n) || out.indexOf(n) >= 0) return;
      out.push(n);
      size.push(1);
      if (at + w.length === query.length && end === query.length) open = out.length - 1;
    });
    return { words: out, size: size, open: open };
  };

  // Hebrew writes its prepositions, conjunction and article as one-letter
  // prefixes of the word (ו ה ב ל מ ש כ, and their common pairs): with no
  // stemmer, a query word also finds its forms behind them.
  var HE_CLITICS = ['\u05d5', '\u05d4', '\u05d1', '\u05dc', '\u05de', '\u05e9', '\u05db',
    '\u05d5\u05d4', '\u05d5\u05d1', '\u05d5\u05dc', '\u05d5\u05de', '\u05d5\u05e9', '\u05d5\u05db',
    '\u05e9\u05d4', '\u05e9\u05d1', '\u05e9\u05dc', '\u05e9\u05de', '\u05de\u05d4', '\u05db\u05e9', '\u05dc\u05db\u05e9'];
  var CLITIC_WEIGHT = 0.9;

  // Candidate terms of a query word: Map term id -> factor. `open`: the
  // reader may still be typing it, so a two-letter word expands too.
  Index.prototype.candidates = function (q, open) {
    var c = new Map(), self = this;
    if (isCjkTerm(q)) {
      // A bigram is its own term; a lone character stands for every bigram
      // that begins or ends with it.
      var id = this.find(q);
      if (id >= 0) c.set(id, 1);
      if (Array.from(q).length === 1) {
        for (var j = 0; j < this.terms.length; j++) {
          var g = Array.from(this.terms[j]);
          if (g.length === 2 && (g[0] === q || g[1] === q)) c.set(j, 1);
        }
      }
      return c;
    }
    var r = this.resolve(q);
    if (r) c.set(r[0], r[1]);
    if (q.length >= 3 || open) {
      for (var i = this.lowerBound(q), k = 0; i < this.terms.length && k < MAX_EXPAND; i++, k++) {
        var t = this.terms[i];
        if (t.slice(0, q.length) !== q) break;
        var f = t === q ? 1 : EXPAND_WEIGHT * Math.max(q.length / t.length, 0.5);
        if (!(c.get(i) >= f)) c.set(i, f);
      }
    }
    if (this.lang === 'he' && q.length >= 3) {
      var add = function (t) {
        var id = self.find(t);
        if (id >= 0 && !(c.get(id) >= CLITIC_WEIGHT)) c.set(id, CLITIC_WEIGHT);
      };
      HE_CLITICS.forEach(function (p) { add(p + q); });
      // A query word with a prefix (that is not a word as typed) finds the
      // bare word, and the word behind the other prefixes.
      if (!r) {
        HE_CLITICS.forEach(function (p) {
          if (q.length - p.length < 3 || q.slice(0, p.length) !== p) return;
          var bare = q.slice(p.length);
          add(bare);
          HE_CLITICS.forEach(function (p2) { if (p2 !== p) add(p2 + bare); });
        });
      }
    }
    return c;
  };

  // Pages matching the most query words, best first.
  Index.prototype.search = function (query) {
    var qw = this.queryWords(query), words = qw.words, self = this;
    var score = new Map(), matched = new Map(), termWord = new Map(), best = 0;
    words.forEach(function (q, wi) {
      var per = new Map(), part = 1 / qw.size[wi];
      // Best (factor x weight) per page over the word's candidate terms...
      self.candidates(q, wi === qw.open).forEach(function (f, id) {
        var p = self.postings(id);
        if (p.docs.length && !termWord.has(id)) termWord.set(id, wi);
        for (var i = 0; i < p.docs.length; i++) {
          var s = f * p.w[i];
          if (!(per.get(p.docs[i]) >= s)) per.set(p.docs[i], s);
        }
      });
      // ...times the rarity of the word itself (all its candidates together),
      // so that a rare compound it prefixes does not outrank the word.
      var idf = Math.log(1 + (self.n - per.size + 0.5) / (per.size + 0.5));
      // A CJK word's bigrams share its one word's part.
      per.forEach(function (s, doc) {
        score.set(doc, (score.get(doc) || 0) + idf * s * part);
        var m = (matched.get(doc) || 0) + part;
        matched.set(doc, m);
        if (m > best) best = m;
      });
    });
    var docs = [];
    matched.forEach(function (m, doc) { if (m > best - 1e-9) docs.push(doc); });
    docs.sort(function (a, b) { return score.get(b) - score.get(a) || a - b; });
    return { words: words, open: qw.open, docs: docs, score: score, termWord: termWord };
  };

  // Which query word (its position in res.words) a text word matches, or -1:
  // the word's own term was hit, or it starts with a query word of 3+ letters.
  Index.prototype.matchOf = function (word, res) {
    var n = norm(word);
    if (n.length < MIN_WORD || this.stop.has(n)) return -1;
    var r = this.resolve(n);
    if (r && r[1] === 1 && res.termWord.has(r[0])) return res.termWord.get(r[0]);
    for (var i = 0; i < res.words.length; i++) {
      var q = res.words[i];
      if (n === q || ((q.length >= 3 || i === res.open) && n.slice(0, q.length) === q)) return i;
    }
    return -1;
  };

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // The matches of a text: [start, end, query word] UTF-16 ranges, in order.
  // A CJK run marks the characters of the query bigrams it holds (or of a
  // query's lone character), as runs of adjacent marked characters.
  function matches(index, text, res) {
    var out = [];
    eachToken(text, function (w, at, cjk) {
      if (!cjk) {
        var m = index.matchOf(w, res);
        if (m >= 0) out.push([at, at + w.length, m]);
        return;
      }
      var c = Array.from(w), on = new Array(c.length).fill(-1), i, k;
      for (i = 0; i < c.length; i++) {
        if (i + 1 < c.length && (k = res.words.indexOf(c[i] + c[i + 1])) >= 0) { on[i] = k; on[i + 1] = k; }
        if (on[i] < 0 && (k = res.words.indexOf(c[i])) >= 0) on[i] = k;
      }
      var pos = at, start = -1, key = -1;
      for (i = 0; i <= c.length; i++) {
        if (i < c.length && on[i] >= 0) { if (start < 0) { start = pos; key = on[i]; } }
        else if (start >= 0) { out.push([start, pos, key]); start = -1; }
        if (i < c.length) pos += c[i].length;
      }
    });
    return out;
  }

  function highlight(text, ms) {
    var out = '', last = 0;
    ms.forEach(function (m) {
      out += escapeHtml(text.slice(last, m[0])) + '<mark>' + escapeHtml(text.slice(m[0], m[1])) + '</mark>';
      last = m[1];
    });
    return out + escapeHtml(text.slice(last));
  }

  // Sentence ends (Latin, CJK full-width and Arabic punctuation).
  var SENTENCE_END = /[.!?\u3002\uff01\uff1f\u061f\u06d4]/;
  var SNIPPET = 180, LEAD = 50;

  // A cut at `i` that splits no surrogate pair.
  function safe(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff ? i - 1 : i;
  }

  // The snippet of a page's text for a query: SNIPPET characters around the
  // window holding the most different query words (then the most matches,
  // then the earliest), starting at its sentence when that is near or else
  // at a word; '…' where text was cut. Its matches are marked.
  function snippet(index, text, res) {
    var ms = matches(index, text, res), best = -1, bestKinds = 0, bestCount = 0;
    for (var i = 0; i < ms.length; i++) {
      var kinds = new Set(), count = 0;
      for (var j = i; j < ms.length && ms[j][1] - ms[i][0] <= SNIPPET - LEAD; j++) { kinds.add(ms[j][2]); count++; }
      if (kinds.size > bestKinds || (kinds.size === bestKinds && count > bestCount)) { best = i; bestKinds = kinds.size; bestCount = count; }
    }
    var start = 0;
    if (best >= 0 && ms[best][1] > SNIPPET - 20) {
      var at = ms[best][0], from = Math.max(0, at - LEAD);
      start = -1;
      for (var k = at - 1; k >= from; k--) {
        if (SENTENCE_END.test(text.charAt(k)) && (k + 1 >= text.length || /\s/.test(text.charAt(k + 1)) || text.charCodeAt(k) > 0x2fff)) { start = k + 1; break; }
      }
      if (start < 0) {
        start = from;
        var sp = text.indexOf(' ', start);
        if (start > 0 && sp >= 0 && sp < at) start = sp + 1;
      }
      while (start < at && /\s/.test(text.charAt(start))) start++;
      start = safe(text, start);
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var space = text.lastIndexOf(' ', end);
      if (space > start + SNIPPET / 2) end = space;
      end = safe(text, end);
    }
    var cut = text.slice(start, end), shift = start, inside = [];
    ms.forEach(function (m) { if (m[0] >= start && m[1] <= end) inside.push([m[0] - shift, m[1] - shift]); });
    return (start > 0 ? '\u2026' : '') + highlight(cut, inside) + (end < text.length ? '\u2026' : '');
  }

  var indexes = new WeakMap();
  function indexOf(raw) {
    var ix = indexes.get(raw);
    if (!ix) { ix = new Index(raw); indexes.set(raw, ix); }
    return ix;
  }

  // The text shard of page `doc` and its place in it: [shard, i].
  function shardOf(raw, doc) {
    var sh = raw.shards || [], lo = 0, hi = sh.length - 1;
    if (!sh.length) return null;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (sh[mid] <= doc) lo = mid; else hi = mid - 1;
    }
    return [lo, doc - sh[lo]];
  }

  // A page's text, if its shard is loaded (window.TOLK_TEXT[shard]).
  function textOf(raw, doc) {
    var s = shardOf(raw, doc), t = G.TOLK_TEXT;
    return s && t && t[s[0]] ? t[s[0]][s[1]] : null;
  }

  // Public, DOM-free: {total, words, hits: [{href, title, crumb, doc, shard,
  // titleHtml, crumbHtml, snippetHtml, score}]}. snippetHtml is null while
  // the page's text shard is not loaded (TOLK_TEXT[shard]).
  function search(raw, query, limit) {
    var ix = indexOf(raw), res = ix.search(query), hits = [];
    var n = Math.min(res.docs.length, limit || MAX_RESULTS);
    for (var i = 0; i < n; i++) {
      var doc = res.docs[i], d = raw.docs[doc], text = textOf(raw, doc), s = shardOf(raw, doc);
      hits.push({
        href: d[0], title: d[1], crumb: d[2], doc: doc, shard: s ? s[0] : -1, score: res.score.get(doc),
        titleHtml: highlight(d[1], matches(ix, d[1], res)), crumbHtml: escapeHtml(d[2]),
        snippetHtml: text === null ? null : snippet(ix, text, res)
      });
    }
    return { total: res.docs.length, words: res.words, hits: hits, res: res };
  }

  // The snippet of a hit once its shard is loaded ('' if it is not).
  function snippetOf(raw, result, hit) {
    var text = textOf(raw, hit.doc);
    return text === null ? '' : snippet(indexOf(raw), text, result.res);
  }

  G.tolkSearch = { search: search, snippet: snippetOf, normalize: norm };

  // ---- the page ----------------------------------------------------------

  if (typeof document === 'undefined') return;

  function variantRoot() {
    var r = document.documentElement.getAttribute('data-variant-root');
    if (r !== null) return r;
    if (typeof G.TOLK_ROOT === 'string') return G.TOLK_ROOT;
    var scripts = document.getElementsByTagName('script');
    for (var i = 0; i < scripts.length; i++) {
      var src = scripts[i].getAttribute('src') || '';
      var at = src.indexOf('{{INDEX_FILE}}');
      if (at >= 0) return src.slice(0, at);
    }
    return '';
  }

  var loading = null;
  // Calls back with the index, loading index.js by a <script> tag if the page did not.
  function withIndex(fn) {
    if (G.TOLK_SEARCH) { fn(G.TOLK_SEARCH); return; }
    if (!loading) {
      loading = [];
      var s = document.createElement('script');
      s.src = variantRoot() + '{{INDEX_FILE}}';
      s.onload = function () { var l = loading; loading = null; l.forEach(function (f) { if (G.TOLK_SEARCH) f(G.TOLK_SEARCH); }); };
      s.onerror = function () { loading = null; };
      document.head.appendChild(s);
    }
    loading.push(fn);
  }

  // Count messages come from the container: data-results-count (with
  // {$count}), optional data-results-count-one, and data-no-results.
  function message(box, count, query) {
    var m = (count === 0 && box.getAttribute('data-no-results')) ||
      (count === 1 && box.getAttribute('data-results-count-one')) ||
      box.getAttribute('data-results-count') || (count ? '{$count} results' : 'No results');
    return m.replace(/\{\s*\$count\s*\}/g, String(count)).replace(/\{\s*\$query\s*\}/g, query);
  }

  // The container keeps one status line (the live region, so that screen
  // readers announce the count, not the whole list) and a list below it.
  function parts(box) {
    var status = box.querySelector(':scope > .search-status'), list = box.querySelector(':scope > .search-body');
    if (!status) {
      box.innerHTML = '';
      box.setAttribute('aria-live', 'off');
      status = document.createElement('p');
      status.className = 'search-status';
      status.setAttribute('role', 'status');
      status.setAttribute('aria-live', 'polite');
      list = document.createElement('div');
      list.className = 'search-body';
      box.appendChild(status);
      box.appendChild(list);
    }
    return { status: status, list: list };
  }

  function clear(box) {
    box.removeAttribute('data-query');
    var p = parts(box);
    p.status.textContent = '';
    p.list.innerHTML = '';
  }

  function render(box, result, query, live, root) {
    var p = parts(box), html = '';
    box.setAttribute('data-query', query);
    p.status.textContent = message(box, result.total, query);
    if (result.total) {
      html = '<ol class="search-list">';
      result.hits.forEach(function (h) {
        html += '<li class="search-hit" data-doc="' + h.doc + '"><a class="search-title" href="' + escapeHtml(root + h.href) + '">' + h.titleHtml + '</a>' +
          (h.crumb ? '<div class="search-crumb">' + h.crumbHtml + '</div>' : '') +
          (live ? '' : h.snippetHtml ? '<p class="search-snippet">' + h.snippetHtml + '</p>' : '<p class="search-snippet" hidden></p>') + '</li>';
      });
      html += '</ol>';
      if (live && result.total > result.hits.length) {
        html += '<p class="search-more"><a href="' + escapeHtml(searchPage() + '?q=' + encodeURIComponent(query)) + '">' +
          escapeHtml(message(box, result.total, query)) + ' \u2192</a></p>';
      }
    }
    p.list.innerHTML = html;
  }

  // Text shards (window.TOLK_TEXT[n], from {{TEXT_DIR}}<n>.js): loaded once
  // each, by a <script> tag (works from file:// too).
  var shards = new Map(), generation = 0, observer = null;
  function withShard(n, fn) {
    var st = shards.get(n);
    if (st === true) { fn(); return; }
    if (st) { st.push(fn); return; }
    st = [fn];
    shards.set(n, st);
    var s = document.createElement('script');
    s.src = variantRoot() + '{{TEXT_DIR}}' + n + '.js';
    s.onload = s.onerror = function () { shards.set(n, true); st.forEach(function (f) { f(); }); };
    document.head.appendChild(s);
  }

  // Fill the snippets of the results page: the first EAGER hits' shards
  // at once (then `done`), the others' as their hits scroll into view.
  var EAGER = 10;
  function snippets(box, raw, result, gen, done) {
    var items = box.querySelectorAll('.search-hit'), byDoc = new Map();
    result.hits.forEach(function (h) { byDoc.set(h.doc, h); });
    function fill(li) {
      var h = byDoc.get(+li.getAttribute('data-doc')), p = li.querySelector('.search-snippet');
      if (!h || !p || !p.hidden) return;
      withShard(h.shard, function () {
        if (gen !== generation) return;
        var html = snippetOf(raw, result, h);
        if (html) { p.innerHTML = html; p.hidden = false; }
      });
    }
    var eager = [], rest = [];
    Array.prototype.forEach.call(items, function (li, i) { (i < EAGER ? eager : rest).push(li); });
    var pending = new Set();
    eager.forEach(function (li) {
      var h = byDoc.get(+li.getAttribute('data-doc'));
      if (h && h.snippetHtml === null) pending.add(h.shard);
    });
    eager.forEach(fill);
    var left = pending.size;
    if (!left) done();
    pending.forEach(function (n) { withShard(n, function () { if (--left === 0) done(); }); });
    if (!rest.length) return;
    if (typeof IntersectionObserver === 'undefined') { rest.forEach(fill); return; }
    var obs = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { obs.unobserve(e.target); fill(e.target); }
      });
    }, { rootMargin: '400px 0px' });
    observer = obs;
    rest.forEach(function (li) { obs.observe(li); });
  }

  function searchPage() {
    var form = document.querySelector('form.search');
    var action = form && form.getAttribute('action');
    return action || variantRoot() + 'search.html';
  }

  function links(box) { return Array.prototype.slice.call(box.querySelectorAll('a')); }

  // Arrow keys move between the input and the result links; Escape goes back.
  function keyboard(input, box, live) {
    if (input) {
      input.addEventListener('keydown', function (e) {
        if (e.key === 'ArrowDown') {
          var l = links(box);
          if (l.length) { e.preventDefault(); l[0].focus(); }
        } else if (e.key === 'Escape' && live) {
          clear(box); box.hidden = true;
        }
      });
    }
    box.addEventListener('keydown', function (e) {
      var l = links(box), i = l.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === 'ArrowDown' && i + 1 < l.length) { e.preventDefault(); l[i + 1].focus(); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); if (i > 0) l[i - 1].focus(); else if (input) input.focus(); }
      else if (e.key === 'Escape' && input) {
        e.preventDefault(); input.focus();
        if (live) { clear(box); box.hidden = true; }
      }
    });
  }

  function start() {
    var input = document.querySelector('form.search input[name="q"]') || document.getElementById('q');
    var form = input && input.form;
    var page = document.querySelector('[data-search-page]');
    var root = variantRoot();

    if (page) {
      // The search results page: ?q= drives the results.
      var run = function (query) {
        var gen = ++generation;
        if (observer) { observer.disconnect(); observer = null; }
        if (!query.trim()) { clear(page); return; }
        page.setAttribute('aria-busy', 'true');
        withIndex(function (raw) {
          if (gen !== generation) return;
          var result = search(raw, query);
          render(page, result, query, false, root);
          snippets(page, raw, result, gen, function () { if (gen === generation) page.removeAttribute('aria-busy'); });
        });
      };
      var q = '';
      try { q = new URLSearchParams(G.location.search).get('q') || ''; } catch (e) { /* no query */ }
      if (input) input.value = q;
      if (q && document.title.indexOf(q) < 0) document.title = q + ' – ' + document.title;
      run(q);
      if (form) {
        form.addEventListener('submit', function (e) {
          e.preventDefault();
          var query = input.value;
          try { G.history.replaceState(null, '', '?q=' + encodeURIComponent(query)); } catch (err) { /* file:// in some browsers */ }
          run(query);
        });
      }
      keyboard(input, page, false);
      return;
    }

    // Any other page: the form submits to search.html?q= natively; results
    // appear as the user types, in #search-results under the form.
    var box = document.getElementById('search-live') || document.getElementById('search-results');
    if (!input || !box) return;
    box.hidden = true;
    if (form && !form.getAttribute('action')) {
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        G.location.href = searchPage() + '?q=' + encodeURIComponent(input.value);
      });
    }
    var timer = 0;
    input.setAttribute('autocomplete', 'off');
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var query = input.value;
        if (query.trim().length < MIN_WORD && !CJK.test(query)) { clear(box); box.hidden = true; return; }
        withIndex(function (raw) {
          if (input.value !== query) return;
          render(box, search(raw, query, MAX_LIVE), query, true, root);
          box.hidden = false;
        });
      }, 120);
    });
    input.addEventListener('focus', function () { withIndex(function () {}); }, { once: true });
    document.addEventListener('click', function (e) {
      if (!box.contains(e.target) && e.target !== input) box.hidden = true;
    });
    keyboard(input, box, true);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
