//! One variant's index: postings, weights, exceptions to the query-side
//! prefix rule, and the JavaScript file in the documented format.

use super::*;

/// The analysed fields of one page of a variant.
pub(super) struct DocFields {
    pub(super) title: FieldTerms,
    pub(super) crumb: FieldTerms,
    pub(super) text: Rc<FieldTerms>,
}

/// One variant's index from its analysed pages.
pub(super) fn variant_index(
    locale: &str,
    an: &Analyzer,
    docs: &[SearchDoc],
    fields: &[DocFields],
) -> IndexOutput {
    // The locale's terms this variant uses, in JavaScript string order.
    const UNUSED: u32 = u32::MAX;
    let mut new_id = vec![UNUSED; an.terms.len()];
    let mut used: Vec<u32> = Vec::new();
    for f in fields {
        for t in f
            .title
            .terms
            .iter()
            .chain(&f.crumb.terms)
            .chain(&f.text.terms)
        {
            if new_id[*t as usize] == UNUSED {
                new_id[*t as usize] = 0;
                used.push(*t);
            }
        }
    }
    used.sort_unstable_by(|&a, &b| utf16_cmp(&an.terms[a as usize], &an.terms[b as usize]));
    for (n, &t) in used.iter().enumerate() {
        new_id[t as usize] = n as u32;
    }

    // Weights and postings.
    let avg_len = {
        let total: usize = fields.iter().map(|f| f.text.indexed).sum();
        (total as f32 / docs.len().max(1) as f32).max(1.0)
    };
    let mut postings: Vec<(Vec<u8>, Vec<u8>, u32)> = vec![(Vec::new(), Vec::new(), 0); used.len()];
    let mut slot: FxHashMap<u32, usize> = FxHashMap::default();
    let mut accs: Vec<(u32, Acc)> = Vec::new();
    for (d, f) in fields.iter().enumerate() {
        slot.clear();
        accs.clear();
        let mut entry = |term: u32, accs: &mut Vec<(u32, Acc)>| -> usize {
            *slot.entry(term).or_insert_with(|| {
                accs.push((
                    term,
                    Acc {
                        tf: 0.0,
                        title: false,
                        crumb: false,
                    },
                ));
                accs.len() - 1
            })
        };
        for &t in &f.title.terms {
            let i = entry(t, &mut accs);
            accs[i].1.title = true;
        }
        for &t in &f.crumb.terms {
            let i = entry(t, &mut accs);
            accs[i].1.crumb = true;
        }
        for &t in &f.text.terms {
            let i = entry(t, &mut accs);
            accs[i].1.tf += 1.0;
        }
        let title_bonus = TITLE_BONUS + TITLE_SHORT / f.title.terms.len().max(1) as f32;
        let norm = 1.0 - BM25_B + BM25_B * (f.text.indexed as f32) / avg_len;
        for (term, acc) in &accs {
            let tfn = acc.tf / norm;
            let mut w = tfn / (tfn + BM25_K1);
            if acc.title {
                w += title_bonus;
            }
            if acc.crumb {
                w += CRUMB_BONUS;
            }
            let level = ((w * 5.0).round() as u8).clamp(1, 20);
            let p = &mut postings[new_id[*term as usize] as usize];
            // Page numbers are ascending: first delta is d + 1, never 0.
            let delta = d as u32 + 1 - p.2;
            push_varint(&mut p.0, delta - 1);
            p.1.push(b'a' + level - 1);
            p.2 = d as u32 + 1;
        }
    }

    let terms: Vec<&str> = used
        .iter()
        .map(|&t| an.terms[t as usize].as_str())
        .collect();

    // The variant's words: each with its term (the smallest, should two
    // spellings that fold alike stem differently), and its stop words.
    let mut word_term: FxHashMap<u32, u32> = FxHashMap::default();
    let mut stop: BTreeSet<&str> = BTreeSet::new();
    for f in fields {
        for &(w, a) in f
            .title
            .words
            .iter()
            .chain(&f.crumb.words)
            .chain(&f.text.words)
        {
            if a == STOP {
                stop.insert(&an.words[w as usize]);
                continue;
            }
            let t = new_id[a as usize];
            word_term
                .entry(w)
                .and_modify(|cur| *cur = (*cur).min(t))
                .or_insert(t);
        }
    }
    // Exceptions: words the query rule would resolve wrongly.
    let term_set: FxHashSet<&str> = terms.iter().copied().collect();
    let mut exceptions: Vec<(&str, u32)> = word_term
        .iter()
        .map(|(&w, &t)| (an.words[w as usize].as_str(), t))
        .filter(|&(word, t)| rule_resolve_in(word, &terms, &term_set) != Some(terms[t as usize]))
        .collect();
    exceptions.sort_unstable_by(|a, b| utf16_cmp(a.0, b.0));

    // Text shards: consecutive pages' texts, closed at SHARD_BYTES. Each
    // text is read again (from memory or the spill file) and compacted here,
    // one shard at a time, so a locale's texts are not all held at once.
    let shard_js = |n: usize, texts: &[String]| {
        let mut js =
            format!("(window.{TEXT_GLOBAL} = window.{TEXT_GLOBAL} || {{}})[{n}] = ").into_bytes();
        serde_json::to_writer(&mut js, texts).expect("texts serialize");
        js.extend_from_slice(b";\n");
        script_safe(String::from_utf8(js).expect("serde_json writes UTF-8"))
    };
    let mut shard_starts: Vec<u32> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut bytes = SHARD_BYTES;
    for (d, (doc, f)) in docs.iter().zip(fields).enumerate() {
        if bytes >= SHARD_BYTES {
            if !shard_starts.is_empty() {
                texts.push(shard_js(texts.len(), &current));
                current.clear();
            }
            shard_starts.push(d as u32);
            bytes = 0;
        }
        let body = doc.text.read();
        let stored = compact(&body[..f.text.end.min(body.len())]);
        bytes += stored.len();
        current.push(stored);
    }
    if !shard_starts.is_empty() {
        texts.push(shard_js(texts.len(), &current));
    }

    let out = Out {
        v: FORMAT_VERSION,
        locale,
        lang: language_tag(locale),
        stem: an.lang,
        cjk: CJK_ANALYSIS,
        docs: docs
            .iter()
            .map(|d| {
                (
                    crate::url_policy::encode_path(&d.href),
                    d.title.as_str(),
                    d.breadcrumb.as_str(),
                )
            })
            .collect(),
        shards: shard_starts,
        terms,
        post: postings
            .iter()
            .map(|p| std::str::from_utf8(&p.0).expect("ASCII"))
            .collect(),
        wt: postings
            .iter()
            .map(|p| std::str::from_utf8(&p.1).expect("ASCII"))
            .collect(),
        excw: exceptions.iter().map(|e| e.0).collect(),
        exct: exceptions.iter().map(|e| e.1).collect(),
        stop: stop.into_iter().collect(),
        pmin: PREFIX_MIN,
        pratio: PREFIX_RATIO,
    };
    let mut js = format!("window.{INDEX_GLOBAL} = ").into_bytes();
    serde_json::to_writer(&mut js, &out).expect("search index serializes");
    js.extend_from_slice(b";\n");
    let js = script_safe(String::from_utf8(js).expect("serde_json writes UTF-8"));
    IndexOutput {
        js,
        docs: docs.len(),
        texts,
    }
}

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
    pub(super) tf: f32,
    pub(super) title: bool,
    pub(super) crumb: bool,
}

#[derive(Serialize)]
pub(super) struct Out<'a> {
    pub(super) v: u32,
    pub(super) locale: &'a str,
    pub(super) lang: String,
    pub(super) stem: &'a str,
    pub(super) cjk: &'a str,
    pub(super) docs: Vec<(std::borrow::Cow<'a, str>, &'a str, &'a str)>,
    pub(super) shards: Vec<u32>,
    pub(super) terms: Vec<&'a str>,
    pub(super) post: Vec<&'a str>,
    pub(super) wt: Vec<&'a str>,
    pub(super) excw: Vec<&'a str>,
    pub(super) exct: Vec<u32>,
    pub(super) stop: Vec<&'a str>,
    pub(super) pmin: usize,
    pub(super) pratio: f64,
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
