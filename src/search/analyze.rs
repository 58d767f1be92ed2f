//! Text analysis: words, lowercasing and diacritic folding, the locale's
//! elasticlunr pipeline (stop words, stemming) with a per-word cache, and
//! the compact text kept for snippets.

use super::*;

/// Lowercase, then fold diacritics of U+00C0..=U+017F.
pub(super) fn normalize(word: &str) -> String {
    word.to_lowercase().chars().map(fold_char).collect()
}

pub(super) fn fold_char(c: char) -> char {
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let n = c as u32;
    if (0xC0..=0x17F).contains(&n) {
        let table = TABLE.get_or_init(|| FOLD.chars().collect());
        table.get((n - 0xC0) as usize).copied().unwrap_or(c)
    } else {
        c
    }
}

/// Words of a text: maximal runs of alphanumeric characters.
pub(super) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Is `c` a character of a script written without spaces between words:
/// Han (CJK Unified Ideographs, their extensions and compatibility forms,
/// 々〆〇), Hiragana, Katakana (and half-width Katakana) or Hangul? The
/// same ranges as `CJK` in search.js.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF
            | 0x3005..=0x3007
            | 0x3040..=0x30FF
            | 0x3131..=0x318F
            | 0x31F0..=0x31FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7FF
            | 0xF900..=0xFAFF
            | 0xFF66..=0xFF9F
            | 0x20000..=0x3134F)
}

/// A piece of text to index: a word, or a run of CJK characters (indexed
/// as its overlapping character bigrams).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Token<'a> {
    Word(&'a str),
    Cjk(&'a str),
}

/// The words of a text, each split where it changes between a CJK script
/// and any other (`autopilot來自動` → `autopilot`, `來自動`).
pub(super) fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> {
    words(text).flat_map(|w| {
        let mut rest = w;
        std::iter::from_fn(move || {
            let first = rest.chars().next()?;
            let cjk = is_cjk(first);
            let end = rest
                .char_indices()
                .find(|&(_, c)| is_cjk(c) != cjk)
                .map_or(rest.len(), |(i, _)| i);
            let (piece, tail) = rest.split_at(end);
            rest = tail;
            Some(if cjk {
                Token::Cjk(piece)
            } else {
                Token::Word(piece)
            })
        })
    })
}

/// The index terms of a CJK run: its overlapping character bigrams
/// (`自動預設` → `自動`, `動預`, `預設`), or the character itself when it
/// stands alone. search.js cuts a query the same way.
pub(super) fn bigrams(run: &str) -> impl Iterator<Item = &str> {
    let bounds: Vec<usize> = run
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(run.len()))
        .collect();
    let n = bounds.len() - 1;
    let grams = if n == 1 { 1 } else { n.saturating_sub(1) };
    (0..grams).map(move |i| &run[bounds[i]..bounds[(i + 2).min(n)]])
}

#[derive(Clone, Copy)]
pub(super) enum Analysed {
    Skip,
    /// A stop word (its normalized word number).
    Stop(u32),
    /// A term and the normalized word it came from ([`SELF`]: the term itself).
    Term {
        term: u32,
        word: u32,
    },
}

/// The locale's analysis, with a cache per distinct word form.
pub(super) struct Analyzer {
    pub(super) lang: &'static str,
    pub(super) pipeline: Option<Pipeline>,
    pub(super) cache: FxHashMap<String, Analysed>,
    pub(super) terms: Vec<String>,
    pub(super) term_ids: FxHashMap<String, u32>,
    /// Normalized words (lowercased, folded), numbered.
    pub(super) words: Vec<String>,
    pub(super) word_ids: FxHashMap<String, u32>,
}

/// The elasticlunr language code for a BCP-47 tag's primary subtag.
pub(super) fn language_code(locale: &str) -> Option<&'static str> {
    let primary = locale
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "en" => "en",
        "nl" => "du",
        "nb" | "nn" | "no" => "no",
        "ar" => "ar",
        "da" => "da",
        "de" => "de",
        "es" => "es",
        "fi" => "fi",
        "fr" => "fr",
        "hu" => "hu",
        "it" => "it",
        "pt" => "pt",
        "ro" => "ro",
        "ru" => "ru",
        "sv" => "sv",
        "tr" => "tr",
        _ => return None,
    })
}

impl Analyzer {
    pub(super) fn new(locale: &str) -> Self {
        let lang_pipeline = language_code(locale)
            .and_then(|code| elasticlunr::lang::from_code(code).map(|l| (code, l.make_pipeline())));
        let (lang, pipeline) = match lang_pipeline {
            Some((code, mut p)) => {
                // Our tokenizer already trims; the trimmers would drop digits.
                p.queue.retain(|f| !f.name().starts_with("trimmer"));
                (code, Some(p))
            }
            None => ("", None),
        };
        Analyzer {
            lang,
            pipeline,
            cache: FxHashMap::default(),
            terms: Vec::new(),
            term_ids: FxHashMap::default(),
            words: Vec::new(),
            word_ids: FxHashMap::default(),
        }
    }

    /// The terms of `text` (at most `limit`) and its distinct words. A CJK
    /// bigram counts as half a term: a word of these scripts
    /// is about two characters, so a page is cut at about the same length
    /// of text in every language.
    pub(super) fn field(&mut self, text: &str, limit: usize) -> FieldTerms {
        let limit = limit.saturating_mul(2);
        let mut used = 0usize;
        let mut f = FieldTerms {
            terms: Vec::new(),
            words: Vec::new(),
            indexed: 0,
            end: text.len(),
        };
        let mut seen: FxHashSet<u32> = FxHashSet::default();
        let pieces = tokens(text).flat_map(|t| {
            let (run, cjk) = match t {
                Token::Word(w) => (w, false),
                Token::Cjk(r) => (r, true),
            };
            let mut grams = cjk.then(|| bigrams(run));
            let mut word = (!cjk).then_some(run);
            std::iter::from_fn(move || match &mut grams {
                Some(g) => g.next().map(|g| (g, true)),
                None => word.take().map(|w| (w, false)),
            })
        });
        let mut last_end = 0;
        for (w, gram) in pieces {
            if used >= limit {
                f.end = last_end;
                break;
            }
            // Every piece is a slice of `text`.
            last_end = w.as_ptr() as usize - text.as_ptr() as usize + w.len();
            let a = match self.cache.get(w) {
                Some(&a) => a,
                None => {
                    let a = if gram {
                        self.analyse_gram(w)
                    } else {
                        self.analyse(w)
                    };
                    self.cache.insert(w.to_string(), a);
                    a
                }
            };
            match a {
                Analysed::Skip => {}
                Analysed::Stop(word) => {
                    if seen.insert(word) {
                        f.words.push((word, STOP));
                    }
                }
                Analysed::Term { term, word } => {
                    f.terms.push(term);
                    used += if gram { 1 } else { 2 };
                    if word != SELF && seen.insert(word) {
                        f.words.push((word, term));
                    }
                }
            }
        }
        f.indexed = f.terms.len();
        f.terms.shrink_to_fit();
        f.words.shrink_to_fit();
        f
    }

    pub(super) fn word_id(&mut self, word: String) -> u32 {
        if let Some(&id) = self.word_ids.get(&word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.clone());
        self.word_ids.insert(word, id);
        id
    }

    /// A CJK bigram (or lone character): its own term, never stemmed nor
    /// a stop word. (A gram never meets a word in the cache: words hold no
    /// CJK character.)
    pub(super) fn analyse_gram(&mut self, gram: &str) -> Analysed {
        let term = self.term_id(gram);
        Analysed::Term { term, word: SELF }
    }

    pub(super) fn term_id(&mut self, term: &str) -> u32 {
        match self.term_ids.get(term) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.terms.push(term.to_string());
                self.term_ids.insert(term.to_string(), id);
                id
            }
        }
    }

    pub(super) fn analyse(&mut self, raw: &str) -> Analysed {
        let len = utf16_len(raw);
        if !(MIN_WORD..=MAX_WORD).contains(&len) {
            return Analysed::Skip;
        }
        let lower = raw.to_lowercase();
        let word = normalize(&lower);
        if utf16_len(&word) < MIN_WORD {
            return Analysed::Skip;
        }
        let stem = match &self.pipeline {
            Some(p) if !lower.chars().any(|c| c.is_numeric()) => {
                let mut tok = lower;
                for f in &p.queue {
                    match f.filter(tok) {
                        Some(t) => tok = t,
                        None => {
                            if f.name().contains("topWord") {
                                return Analysed::Stop(self.word_id(word));
                            }
                            return Analysed::Skip;
                        }
                    }
                }
                normalize(&tok)
            }
            _ => word.clone(),
        };
        if stem.is_empty() {
            return Analysed::Skip;
        }
        let term = self.term_id(&stem);
        // A word that is its own term resolves to itself by the query rule:
        // it can never be an exception, and is not recorded (half of all
        // words; should another spelling of it stem elsewhere, that stem
        // stands for it).
        let word = if word == self.terms[term as usize] {
            SELF
        } else {
            self.word_id(word)
        };
        Analysed::Term { term, word }
    }
}

/// The analysis of one field (title, breadcrumb or text) of a page.
pub(super) struct FieldTerms {
    /// Its terms in text order, repeats included (locale term numbers).
    pub(super) terms: Vec<u32>,
    /// Its distinct normalized words with their term, or [`STOP`].
    pub(super) words: Vec<(u32, u32)>,
    /// Indexed words (the text's length for BM25).
    pub(super) indexed: usize,
    /// Where indexing stopped: the byte length of the text's indexed part
    /// (all of it unless the word limit cut it).
    pub(super) end: usize,
}

/// A text as stored for snippets: whitespace runs as one space, trimmed.
pub(super) fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// In [`FieldTerms::words`]: the word is a stop word.
pub(super) const STOP: u32 = u32::MAX;
/// In [`Analysed::Term`]: the word is its own term (not recorded).
pub(super) const SELF: u32 = u32::MAX;
