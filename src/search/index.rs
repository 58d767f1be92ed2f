//! One variant's index, built page by page ([`VariantIndex`]): postings,
//! weights, exceptions to the query-side prefix rule, text shards, and the
//! JavaScript file in the documented format.

use super::*;

/// A page's text, analysed, and as stored for snippets (shared by the
/// variants whose text it is).
pub(super) struct PageText {
    pub(super) terms: FieldTerms,
    pub(super) stored: String,
}

/// The analysed fields of one page of a variant.
pub(super) struct DocFields {
    pub(super) title: FieldTerms,
    pub(super) crumb: FieldTerms,
    pub(super) text: Rc<PageText>,
}

/// A term's postings in a variant, in the making.
#[derive(Default)]
struct Postings {
    /// Page-number deltas, already as in `post` (base-32 varint).
    post: Vec<u8>,
    /// Per posting, what its weight needs once the variant's average text
    /// length is known: `tf << 2 | title << 1 | crumb`, LEB128.
    freq: Vec<u8>,
    /// Page number + 1 of the last posting (0: none yet).
    last: u32,
}

/// One variant's index, fed its pages in order ([`VariantIndex::add`]),
/// written by [`VariantIndex::finish`]. It holds only what the index file
/// holds (postings, words, the `docs` list) plus two numbers per page;
/// text shards are handed out as soon as they close.
pub(super) struct VariantIndex {
    /// `docs` entries, serialized, comma-separated.
    docs_json: Vec<u8>,
    /// Per page: indexed words of its text (BM25 length) and title terms.
    doc_len: Vec<u32>,
    doc_title: Vec<u32>,
    total_len: usize,
    /// By locale term number.
    postings: Vec<Postings>,
    /// Normalized word → its term (locale numbers; the smallest term in
    /// JavaScript string order, should two spellings that fold alike stem
    /// differently).
    word_term: FxHashMap<u32, u32>,
    /// Stop words seen (word numbers).
    stop: FxHashSet<u32>,
    shard_starts: Vec<u32>,
    shard: Vec<String>,
    shard_bytes: usize,
    shards: usize,
    /// Per-page scratch: term → slot in `accs`.
    slot: FxHashMap<u32, usize>,
    accs: Vec<(u32, Acc)>,
}

impl VariantIndex {
    pub(super) fn new(pages: usize) -> Self {
        VariantIndex {
            docs_json: Vec::new(),
            doc_len: Vec::with_capacity(pages),
            doc_title: Vec::with_capacity(pages),
            total_len: 0,
            postings: Vec::new(),
            word_term: FxHashMap::default(),
            stop: FxHashSet::default(),
            shard_starts: Vec::new(),
            shard: Vec::new(),
            shard_bytes: SHARD_BYTES,
            shards: 0,
            slot: FxHashMap::default(),
            accs: Vec::new(),
        }
    }

    /// Add the next page; `shard_out` gets each text shard as it closes
    /// (its number and file content).
    pub(super) fn add(
        &mut self,
        an: &Analyzer,
        doc: &SearchDoc,
        f: &DocFields,
        mut shard_out: impl FnMut(usize, String),
    ) {
        let d = self.doc_len.len();
        if !self.docs_json.is_empty() {
            self.docs_json.push(b',');
        }
        let entry = (
            crate::url_policy::encode_path(&doc.href),
            doc.title.as_str(),
            doc.breadcrumb.as_str(),
        );
        serde_json::to_writer(&mut self.docs_json, &entry).expect("docs serialize");
        let text = &f.text.terms;
        self.doc_len.push(text.indexed as u32);
        self.doc_title.push(f.title.terms.len() as u32);
        self.total_len += text.indexed;

        // The page's terms: text frequency, in the title, in the breadcrumb.
        self.slot.clear();
        self.accs.clear();
        let (slot, accs) = (&mut self.slot, &mut self.accs);
        let entry = |term: u32, accs: &mut Vec<(u32, Acc)>| -> usize {
            *slot.entry(term).or_insert_with(|| {
                accs.push((
                    term,
                    Acc {
                        tf: 0,
                        title: false,
                        crumb: false,
                    },
                ));
                accs.len() - 1
            })
        };
        let mut entry = entry;
        for &t in &f.title.terms {
            let i = entry(t, accs);
            accs[i].1.title = true;
        }
        for &t in &f.crumb.terms {
            let i = entry(t, accs);
            accs[i].1.crumb = true;
        }
        for &t in &text.terms {
            let i = entry(t, accs);
            accs[i].1.tf += 1;
        }
        if self.postings.len() < an.terms.len() {
            self.postings.resize_with(an.terms.len(), Default::default);
        }
        for (term, acc) in accs.iter() {
            let p = &mut self.postings[*term as usize];
            // Page numbers are ascending: first delta is d + 1, never 0.
            let delta = d as u32 + 1 - p.last;
            push_varint(&mut p.post, delta - 1);
            push_leb128(
                &mut p.freq,
                acc.tf << 2 | u32::from(acc.title) << 1 | u32::from(acc.crumb),
            );
            p.last = d as u32 + 1;
        }

        // The page's words, with their terms, and its stop words.
        for &(w, a) in f
            .title
            .words
            .iter()
            .chain(&f.crumb.words)
            .chain(&text.words)
        {
            if a == STOP {
                self.stop.insert(w);
                continue;
            }
            self.word_term
                .entry(w)
                .and_modify(|cur| {
                    if utf16_lt(&an.terms[a as usize], &an.terms[*cur as usize]) {
                        *cur = a;
                    }
                })
                .or_insert(a);
        }

        // Text shards: consecutive pages' texts, closed at SHARD_BYTES.
        if self.shard_bytes >= SHARD_BYTES {
            if !self.shard_starts.is_empty() {
                shard_out(self.shards, shard_js(self.shards, &self.shard));
                self.shards += 1;
                self.shard.clear();
            }
            self.shard_starts.push(d as u32);
            self.shard_bytes = 0;
        }
        self.shard_bytes += f.text.stored.len();
        self.shard.push(f.text.stored.clone());
    }

    /// The index file, once every page was added; the last text shard
    /// goes to `shard_out`.
    pub(super) fn finish(
        mut self,
        locale: &str,
        an: &Analyzer,
        mut shard_out: impl FnMut(usize, String),
    ) -> String {
        if !self.shard_starts.is_empty() {
            shard_out(self.shards, shard_js(self.shards, &self.shard));
        }
        self.shard = Vec::new();
        self.slot = FxHashMap::default();
        self.accs = Vec::new();
        let docs = self.doc_len.len();

        // The locale's terms this variant uses, in JavaScript string order.
        const UNUSED: u32 = u32::MAX;
        let mut used: Vec<u32> = (0..self.postings.len() as u32)
            .filter(|&t| self.postings[t as usize].last != 0)
            .collect();
        used.sort_unstable_by(|&a, &b| utf16_cmp(&an.terms[a as usize], &an.terms[b as usize]));
        let mut new_id = vec![UNUSED; self.postings.len()];
        for (n, &t) in used.iter().enumerate() {
            new_id[t as usize] = n as u32;
        }
        let terms: Vec<&str> = used
            .iter()
            .map(|&t| an.terms[t as usize].as_str())
            .collect();

        // Weights, from the frequencies now that the average length is known.
        let avg_len = (self.total_len as f32 / docs.max(1) as f32).max(1.0);
        let norm: Vec<f32> = self
            .doc_len
            .iter()
            .map(|&len| 1.0 - BM25_B + BM25_B * (len as f32) / avg_len)
            .collect();
        let title_bonus: Vec<f32> = self
            .doc_title
            .iter()
            .map(|&n| TITLE_BONUS + TITLE_SHORT / n.max(1) as f32)
            .collect();
        let weights: Vec<Vec<u8>> = used
            .iter()
            .map(|&t| {
                let p = &self.postings[t as usize];
                let mut wt = Vec::with_capacity(p.freq.len());
                let mut freqs = Leb128(&p.freq);
                let mut doc = 0usize;
                for delta in Varint(&p.post) {
                    doc += delta as usize + 1;
                    let d = doc - 1;
                    let code = freqs.next().expect("one frequency per posting");
                    let tfn = (code >> 2) as f32 / norm[d];
                    let mut w = tfn / (tfn + BM25_K1);
                    if code & 2 != 0 {
                        w += title_bonus[d];
                    }
                    if code & 1 != 0 {
                        w += CRUMB_BONUS;
                    }
                    let level = ((w * 5.0).round() as u8).clamp(1, 20);
                    wt.push(b'a' + level - 1);
                }
                wt
            })
            .collect();

        // Exceptions: words the query rule would resolve wrongly.
        let term_set: FxHashSet<&str> = terms.iter().copied().collect();
        let mut exceptions: Vec<(&str, u32)> = self
            .word_term
            .iter()
            .map(|(&w, &t)| (an.words[w as usize].as_str(), new_id[t as usize]))
            .filter(|&(word, t)| {
                rule_resolve_in(word, &terms, &term_set) != Some(terms[t as usize])
            })
            .collect();
        exceptions.sort_unstable_by(|a, b| utf16_cmp(a.0, b.0));
        let stop: BTreeSet<&str> = self
            .stop
            .iter()
            .map(|&w| an.words[w as usize].as_str())
            .collect();

        // The file, field by field in the documented order.
        let mut js = format!("window.{INDEX_GLOBAL} = ").into_bytes();
        field(&mut js, "v", &FORMAT_VERSION);
        field(&mut js, "locale", &locale);
        field(&mut js, "lang", &language_tag(locale));
        field(&mut js, "stem", &an.lang);
        field(&mut js, "cjk", &CJK_ANALYSIS);
        js.extend_from_slice(b",\"docs\":[");
        js.append(&mut self.docs_json);
        js.push(b']');
        field(&mut js, "shards", &self.shard_starts);
        field(&mut js, "terms", &terms);
        let post: Vec<&str> = used
            .iter()
            .map(|&t| std::str::from_utf8(&self.postings[t as usize].post).expect("ASCII"))
            .collect();
        field(&mut js, "post", &post);
        drop(post);
        let wt: Vec<&str> = weights
            .iter()
            .map(|w| std::str::from_utf8(w).expect("ASCII"))
            .collect();
        field(&mut js, "wt", &wt);
        let excw: Vec<&str> = exceptions.iter().map(|e| e.0).collect();
        field(&mut js, "excw", &excw);
        let exct: Vec<u32> = exceptions.iter().map(|e| e.1).collect();
        field(&mut js, "exct", &exct);
        let stop: Vec<&str> = stop.into_iter().collect();
        field(&mut js, "stop", &stop);
        field(&mut js, "pmin", &PREFIX_MIN);
        field(&mut js, "pratio", &PREFIX_RATIO);
        js.extend_from_slice(b"};\n");
        script_safe(String::from_utf8(js).expect("serde_json writes UTF-8"))
    }
}

/// `"name":value` into the index file (`{` before the first field, `v`).
fn field(js: &mut Vec<u8>, name: &str, value: &dyn erased::Json) {
    js.push(if name == "v" { b'{' } else { b',' });
    serde_json::to_writer(&mut *js, name).expect("names serialize");
    js.push(b':');
    value.write(js);
}

/// Values written as JSON into the index file, one at a time.
mod erased {
    pub(super) trait Json {
        fn write(&self, out: &mut Vec<u8>);
    }
    impl<T: serde::Serialize + ?Sized> Json for T {
        fn write(&self, out: &mut Vec<u8>) {
            serde_json::to_writer(out, self).expect("index values serialize");
        }
    }
}

/// Text shard `n` holding `texts`.
fn shard_js(n: usize, texts: &[String]) -> String {
    let mut js =
        format!("(window.{TEXT_GLOBAL} = window.{TEXT_GLOBAL} || {{}})[{n}] = ").into_bytes();
    serde_json::to_writer(&mut js, texts).expect("texts serialize");
    js.extend_from_slice(b";\n");
    script_safe(String::from_utf8(js).expect("serde_json writes UTF-8"))
}

pub(super) fn push_leb128(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The numbers [`push_leb128`] wrote.
pub(super) struct Leb128<'a>(pub(super) &'a [u8]);

impl Iterator for Leb128<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let (&b, rest) = self.0.split_first()?;
            self.0 = rest;
            v |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
            shift += 7;
        }
    }
}

/// The numbers [`push_varint`] wrote.
pub(super) struct Varint<'a>(pub(super) &'a [u8]);

impl Iterator for Varint<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let mut v = 0u32;
        loop {
            let (&b, rest) = self.0.split_first()?;
            self.0 = rest;
            let digit = DIGIT_VALUES[b as usize];
            debug_assert!(digit != 0xFF, "a varint digit");
            v = v << 5 | u32::from(digit & 31);
            if digit & 32 != 0 {
                return Some(v);
            }
        }
    }
}

/// A varint digit's value, with 32 added for a final digit.
static DIGIT_VALUES: [u8; 256] = {
    let mut t = [0xFFu8; 256];
    let mut i = 0;
    while i < 32 {
        t[DIGITS_END[i] as usize] = i as u8 | 32;
        t[DIGITS_MORE[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// JSON as JavaScript: U+2028 and U+2029 are valid in JSON strings, but not
/// in pre-ES2019 JavaScript strings.
fn script_safe(js: String) -> String {
    if js.contains(['\u{2028}', '\u{2029}']) {
        js.replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    } else {
        js
    }
}

/// The language of a BCP-47 tag: its primary subtag, lowercased (`zh-TW`
/// → `zh`, `nl-NL` → `nl`).
pub(super) fn language_tag(locale: &str) -> String {
    locale
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A term in one page.
pub(super) struct Acc {
    pub(super) tf: u32,
    pub(super) title: bool,
    pub(super) crumb: bool,
}

pub(super) fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    let mut digits = [0u8; 7];
    let mut n = 0;
    loop {
        digits[n] = (v & 31) as u8;
        n += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (1..n).rev() {
        out.push(DIGITS_MORE[digits[i] as usize]);
    }
    out.push(DIGITS_END[digits[0] as usize]);
}

pub(super) fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// `a` and `b` in UTF-16 code unit order (JavaScript's `<`), at the speed of
/// a byte comparison: UTF-8 bytes sort as code points, and code points sort
/// as UTF-16 except where a supplementary character (a surrogate pair, first
/// unit U+D800..U+DBFF) meets a BMP character at or above U+E000. Only the
/// first characters that differ decide, so only they are decoded.
pub(super) fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let Some(i) = x.iter().zip(y).position(|(p, q)| p != q) else {
        return x.len().cmp(&y.len());
    };
    let mut start = i;
    while !a.is_char_boundary(start) {
        start -= 1;
    }
    let (ca, cb) = match (a[start..].chars().next(), b[start..].chars().next()) {
        (Some(ca), Some(cb)) => (ca as u32, cb as u32),
        _ => return x.len().cmp(&y.len()),
    };
    let first_unit = |c: u32| {
        if c >= 0x10000 {
            0xD800 + ((c - 0x10000) >> 10)
        } else {
            c
        }
    };
    if (ca >= 0x10000) == (cb >= 0x10000) {
        ca.cmp(&cb)
    } else {
        first_unit(ca).cmp(&first_unit(cb))
    }
}

pub(super) fn utf16_lt(a: &str, b: &str) -> bool {
    utf16_cmp(a, b) == std::cmp::Ordering::Less
}

/// The query side's rule (search.js `resolve` without the exceptions) over
/// the sorted terms: a term resolves to itself; a word that is a proper
/// prefix of a term is taken as a partial word (no term, prefix expansion
/// does the work); else the longest term that is a prefix of the word and
/// long enough for it.
#[cfg(test)]
pub(super) fn rule_resolve<'t>(word: &str, terms: &[&'t str]) -> Option<&'t str> {
    let set: FxHashSet<&str> = terms.iter().copied().collect();
    rule_resolve_in(word, terms, &set)
}

/// [`rule_resolve`] with `set` holding the same terms as `terms`, for
/// constant-time lookups of the word's prefixes.
pub(super) fn rule_resolve_in<'t>(
    word: &str,
    terms: &[&'t str],
    set: &FxHashSet<&'t str>,
) -> Option<&'t str> {
    if let Some(t) = set.get(word) {
        return Some(t);
    }
    let i = terms.partition_point(|t| utf16_lt(t, word));
    if terms.get(i).is_some_and(|t| t.starts_with(word)) {
        return None;
    }
    let len = utf16_len(word);
    let min = PREFIX_MIN
        .min(len)
        .max((len as f64 * PREFIX_RATIO).ceil() as usize);
    let mut ends: Vec<(usize, usize)> = Vec::new(); // (byte end, utf16 len)
    let mut u = 0;
    for (i, c) in word.char_indices() {
        u += c.len_utf16();
        ends.push((i + c.len_utf8(), u));
    }
    ends.iter()
        .rev()
        .skip(1)
        .take_while(|(_, u)| *u >= min)
        .find_map(|&(b, _)| set.get(&word[..b]).copied())
}
