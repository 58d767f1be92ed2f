//! Owns the per-variant search index.
//!
//! Every variant tree (`_site/<locale>/<env>/`) gets one `_search/index.js`
//! built here from the pages' plain text, and the site gets one shared
//! `_tolk/search.js` ([`SEARCH_JS`]) that queries it in the browser. The index
//! is a JavaScript file that assigns a plain object literal (valid JSON) to
//! `window.TOLK_SEARCH`, so a `<script>` tag loads it from static hosting and
//! from `file://` alike: no fetch, no XHR, no dependency.
//!
//! # Analysis
//!
//! Text is split into words on every character that is not alphanumeric
//! (Rust `char::is_alphanumeric`, which is JavaScript's
//! `[\p{Alphabetic}\p{N}]`), lowercased, and run through the elasticlunr
//! pipeline of the locale's language (stop-word filter and Snowball/Porter
//! stemmer; its trimmer is skipped as the tokenizer already trims, and it
//! would drop digits: `365`, `E5`). Words containing a digit are indexed
//! verbatim. Stems and words are then folded: Latin-1 and Latin Extended-A
//! letters lose their diacritics (`financiële` → `financiele`), the same table
//! as `FOLD` in search.js. Locales whose primary subtag has no stemmer here
//! (he, ja, zh, ...) get the language-neutral analysis: words, lowercased,
//! folded, no stop words, no stemming (exact words, plus the prefix
//! expansion below).
//!
//! Scripts written without spaces between words (Han, Hiragana, Katakana,
//! Hangul; [`analyze::is_cjk`]) are cut out of their words at the script
//! boundary (`autopilot來自動` → `autopilot`, `來自動`) and indexed as
//! overlapping character bigrams (`來自`, `自動`; a lone character as
//! itself), in every locale. search.js cuts a query the same way, so a
//! two-character word is one term and a longer one is all of its bigrams:
//! a page must hold every bigram to rank among the best. Bigrams need no
//! dictionary (no binary size, no build time, no segmentation that differs
//! between the text and a short query); the README gives the measured index
//! sizes and precision.
//!
//! # Query side without a stemmer in JavaScript
//!
//! The browser never stems. It maps a (lowercased, folded) query word to an
//! index term by a fixed rule: a word that is a term is that term; a word
//! that is a proper prefix of some term is a partial word (`wachtw`) and
//! resolves to none; any other word resolves to the *longest term that is a
//! prefix of it* and covers at least `pratio` of it (`abonnementen` →
//! `abonnement`, `policies` → `polici`). Stemmers mostly strip suffixes, so
//! the rule is right for most words; for every word of the variant where it
//! is not (`using` → `us` by Porter, `bakken` → `bak` by Dutch undoubling,
//! `gebruikers` → `gebruiker` while `gebruikersaccount` is also a term) the
//! index lists the word with its true term as an exception. So every word
//! that occurs in the variant resolves exactly as the Rust pipeline stemmed
//! it, in any language elasticlunr supports, with no stemmer in JavaScript,
//! and an unseen inflection still finds its stem through the prefix rule.
//! Query words of three or more letters also expand to the terms they are a
//! prefix of (`wachtw` → `wachtwoord`, `beveiliging` →
//! `beveiligingsbeleid`), at a lower weight; so does the last word of a
//! query that does not end in a space from two letters (type-ahead). A CJK
//! query word's bigrams count together as one word in ranking. In Hebrew
//! (`lang` `he`, no stemmer) a query word also finds its forms behind the
//! one-letter prefixes ו ה ב ל מ ש כ (and common pairs), and a prefixed
//! query word the bare word.
//!
//! # Snippets
//!
//! The index carries no page text. Each page's indexed text (up to where the
//! word limit cut it, whitespace collapsed) goes to a *text shard*,
//! `_search/text/<n>.js`, which assigns an array of consecutive pages' texts
//! to `window.TOLK_TEXT[n]`; a shard is closed once it holds
//! [`SHARD_BYTES`]. The results page loads, by `<script>` tags (so from
//! `file://` too), the shards of its first hits and then of the hits that
//! scroll into view, and cuts each snippet where the query's words are:
//! the window of the text with the most different query words, from its
//! sentence start when near, the matched words (CJK: the characters of the
//! matched bigrams) in `<mark>`. The live box shows no snippets and loads
//! no shard, and the first query loads the index alone.
//!
//! # Format (`v` = 3)
//!
//! `lang`: the locale's language (primary subtag: `zh`, `nl`); `stem`: the
//! elasticlunr stemmer it was analysed with (`du`, `en`; empty: none);
//! `cjk`: how CJK runs were cut (`bigram`);
//! `docs`: `[href, title, breadcrumb]` per page, in input order, the href
//! percent-encoded as a URL path (`#`, `?`, `%`, spaces in file names);
//! `shards`: the first page number of each text shard;
//! `terms`: index terms sorted by UTF-16 code units (JavaScript's `<`);
//! `post[i]`: the pages of `terms[i]` as ascending page-number deltas in a
//! base-32 varint (continuation digits `A-Zwxyz_.`, final digit `0-9a-v`);
//! `wt[i]`: one weight letter per posting, `a`-`t` for 1-20: five times
//! the BM25-saturated text frequency (0-1) plus a title bonus (1-2.5, more
//! for shorter titles) and a breadcrumb bonus (0.5);
//! `excw`/`exct`: exception words (sorted) and their term numbers;
//! `stop`: the stop words seen in the variant (folded), dropped from queries;
//! `pmin`/`pratio`: the longest-prefix rule the exceptions were computed for.
//!
//! Files: this one holds the entry points and the tunables; `text.rs` keeps
//! page texts (in memory or spilled to a temporary file), `analyze.rs` turns
//! text into terms (words, folding, stemming), `index.rs` builds one
//! variant's index and writes its format.

mod analyze;
mod index;
#[cfg(test)]
mod tests;
mod text;

use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use elasticlunr::Pipeline;

use analyze::*;
use index::*;
use text::TextInner;
pub use text::{SearchText, TextSpill};

/// One page of a variant, as the search index sees it.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// page URL relative to the variant root, e.g. "admin/setup.html"
    pub href: String,
    pub title: String,
    /// breadcrumb labels joined with " › "
    pub breadcrumb: String,
    /// plain text of the article in that locale (shared by the variants
    /// whose text is the same)
    pub text: SearchText,
}

/// The built index of one variant (the files [`build_indexes`] hands out,
/// together).
#[cfg(test)]
#[derive(Debug, Clone)]
pub struct IndexOutput {
    /// JavaScript file content: assigns the index to a global so it loads
    /// from file:// with a <script> tag (no fetch/XHR):
    /// `window.TOLK_SEARCH = {...};`
    pub js: String,
    pub docs: usize,
    /// The text shards ([`TEXT_DIR`]`<n>.js`, n from 0), JavaScript files
    /// that the results page loads for the snippets of its hits.
    pub texts: Vec<String>,
}

/// Where [`IndexPart::Index`] goes, relative to the variant root.
pub const INDEX_FILE: &str = "_search/index.js";
/// The global the index file assigns.
pub const INDEX_GLOBAL: &str = "TOLK_SEARCH";
/// Where the text shards go, relative to the variant root: `<TEXT_DIR><n>.js`.
pub const TEXT_DIR: &str = "_search/text/";
/// The global object the text shards fill (`TOLK_TEXT[n] = [texts]`; the
/// name is written out in search.js, as `TOLK_SEARCH` is).
pub const TEXT_GLOBAL: &str = "TOLK_TEXT";
/// The site-wide query script (write it to `_tolk/search.js`), with
/// [`INDEX_FILE`] filled in where it loads a variant's index.
pub static SEARCH_JS: LazyLock<String> = LazyLock::new(|| {
    include_str!("../../assets/search.js")
        .replace("{{INDEX_FILE}}", INDEX_FILE)
        .replace("{{TEXT_DIR}}", TEXT_DIR)
});
/// Styles for the search form and results (write it to `_tolk/search.css`).
pub const SEARCH_CSS: &str = include_str!("../../assets/search.css");

const FORMAT_VERSION: u32 = 3;
/// How CJK runs are indexed (`cjk` in the index): overlapping bigrams.
const CJK_ANALYSIS: &str = "bigram";
/// Indexed words of an article's text beyond this many are not indexed
/// (title and breadcrumb always are). Keeps the 2,500-page corpus variant
/// under its 2 MB gzip budget with room to spare.
const MAX_TEXT_WORDS: usize = 5000;
/// A text shard is closed once its texts reach this many bytes (a page's
/// text alone may be longer): the results page loads the shards of the hits
/// it shows, so a shard is small, and a variant has few files of them.
const SHARD_BYTES: usize = 4 * 1024;
/// Words shorter (UTF-16 units) or longer than these are not indexed.
const MIN_WORD: usize = 2;
const MAX_WORD: usize = 40;
/// Weight of a term in a page: BM25-saturated text frequency (0..1) plus
/// `TITLE_BONUS + TITLE_SHORT / title terms` and `CRUMB_BONUS`.
const TITLE_BONUS: f32 = 1.0;
const TITLE_SHORT: f32 = 1.5;
const CRUMB_BONUS: f32 = 0.5;
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.75;
/// Longest-prefix rule: a term may stand for a query word it prefixes if it
/// is at least `min(len, PREFIX_MIN)` long and covers `PREFIX_RATIO` of it.
const PREFIX_MIN: usize = 3;
const PREFIX_RATIO: f64 = 0.4;

/// Diacritic folding of U+00C0..=U+017F (first char of the NFD form), shared
/// with search.js.
const FOLD: &str = "AAAAAAÆCEEEEIIIIÐNOOOOO×ØUUUUYÞßaaaaaaæceeeeiiiiðnooooo÷øuuuuyþyAaAaAaCcCcCcCcDdĐđEeEeEeEeEeGgGgGgGgHhĦħIiIiIiIiIıĲĳJjKkĸLlLlLlĿŀŁłNnNnNnŉŊŋOoOoOoŒœRrRrRrSsSsSsSsTtTtŦŧUuUuUuUuUuUuWwYyYZzZzZzſ";

const DIGITS_END: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const DIGITS_MORE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_.";

/// Build the index for one variant. `locale` is a BCP-47 tag ("nl-NL",
/// "en-US", "de-DE", "he-IL", ...); the elasticlunr language is picked by
/// primary subtag, unknown ones get a language-neutral analysis.
#[cfg(test)]
pub fn build_index(locale: &str, docs: &[SearchDoc]) -> IndexOutput {
    let mut out = IndexOutput {
        js: String::new(),
        docs: docs.len(),
        texts: Vec::new(),
    };
    build_indexes(locale, vec![docs.to_vec()], |_, part| match part {
        IndexPart::Shard(n, js) => {
            assert_eq!(n, out.texts.len(), "shards come in order");
            out.texts.push(js);
        }
        IndexPart::Index(js) => out.js = js,
    });
    out
}

/// A file of a variant's index, handed out as soon as it is complete.
#[derive(Debug)]
pub enum IndexPart {
    /// Text shard `n` ([`TEXT_DIR`]`<n>.js`).
    Shard(usize, String),
    /// The index itself ([`INDEX_FILE`]), the variant's last part.
    Index(String),
}

/// Build the indexes of several variants of one locale (one per
/// environment), handing each file to `emit` with its variant's position in
/// `variants` as soon as it is complete: text shards while the pages are
/// read, the index once they all are. Each index is the same as a separate
/// [`build_index`] of its variant would give.
///
/// Memory does not hold the locale's texts nor their analysis: the
/// variants' pages are read together, page by page (a page's entries in the
/// variants are neighbours: each variant's entries are sorted by href), so
/// a text shared by several variants (the same `Arc`, as the renderer hands
/// out for environments with the same text) is read and analysed once and
/// let go. What a variant keeps until its index is written is the index
/// itself in the making: its postings (already in their final encoding),
/// the term frequencies their weights need, a few numbers per page and the
/// `docs` list as JSON.
pub fn build_indexes(
    locale: &str,
    variants: Vec<Vec<SearchDoc>>,
    mut emit: impl FnMut(usize, IndexPart),
) {
    let mut an = Analyzer::new(locale);
    let mut builders: Vec<VariantIndex> = variants
        .iter()
        .map(|docs| VariantIndex::new(docs.len()))
        .collect();
    let mut queues: Vec<std::iter::Peekable<std::vec::IntoIter<SearchDoc>>> = variants
        .into_iter()
        .map(|docs| docs.into_iter().peekable())
        .collect();
    // The texts of the current href, analysed once for all its variants.
    let mut texts: Vec<(*const TextInner, Rc<PageText>)> = Vec::new();
    while let Some(href) = queues
        .iter_mut()
        .filter_map(|q| q.peek().map(|d| &d.href))
        .min()
        .cloned()
    {
        texts.clear();
        for (vi, q) in queues.iter_mut().enumerate() {
            let Some(d) = q.next_if(|d| d.href == href) else {
                continue;
            };
            let key = d.text.key();
            let text = match texts.iter().find(|(k, _)| *k == key) {
                Some((_, t)) => t.clone(),
                None => {
                    let body = d.text.read();
                    let terms = an.field(&body, MAX_TEXT_WORDS);
                    let stored = compact(&body[..terms.end.min(body.len())]);
                    let t = Rc::new(PageText { terms, stored });
                    texts.push((key, t.clone()));
                    t
                }
            };
            let fields = DocFields {
                title: an.field(&d.title, usize::MAX),
                crumb: an.field(&d.breadcrumb, usize::MAX),
                text,
            };
            builders[vi].add(&an, &d, &fields, |n, js| emit(vi, IndexPart::Shard(n, js)));
        }
    }
    texts.clear();
    for (vi, b) in builders.into_iter().enumerate() {
        let js = b.finish(locale, &an, |n, js| emit(vi, IndexPart::Shard(n, js)));
        emit(vi, IndexPart::Index(js));
    }
}
