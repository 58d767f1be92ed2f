//! Bilingual span pairs: this module owns them.
//!
//! A localized DocFX file holds every sentence twice, as a pair of spans:
//!
//! ```text
//! <span data-ttu-id="e8ad7-103">Ondersteuning krijgen</span><span class="sxs-lookup"><span data-stu-id="e8ad7-103">Get support</span></span>
//! ```
//!
//! The target-language text comes first, the English source follows inside
//! the `sxs-lookup` span. [`scan`] replaces that markup in the raw text,
//! before any Markdown parsing, by three sentinel characters:
//! [`SEG_OPEN`] target [`SEG_MID`] source [`SEG_CLOSE`]. Markdown is then
//! parsed once; the sentinels flow through the parser as ordinary text, and a
//! later pass keeps one side per locale. [`resolve`] does that for plain
//! strings (code blocks, HTML blocks, alt text, titles).
//!
//! The sentinels are taken from the Supplemental Punctuation block so that
//! pulldown-cmark treats them as Unicode punctuation, exactly like the `>`
//! and `<` of the tags they replace: emphasis flanking is unchanged, e.g.
//! `<span ..>**(Optional)** text</span>` still gives `<strong>`.
//!
//! Real input is messy. The scanner is lenient about tag syntax (case,
//! whitespace, quotes mangled into `&quot;`, attribute order), repairs what
//! it can (stray `<span>`/`</span>` inside a side, mismatched ids) and never
//! loses a sentence: a pair it cannot repair is emitted as plain text,
//! visible in both locales. Whatever happens, no `data-ttu-id`,
//! `data-stu-id` or `sxs-lookup` text survives a scan, and the output has
//! exactly as many line breaks as the input, so line numbers stay valid.

use crate::diagnostics::{Code, Finding};
use crate::fence::{FenceLine, FenceTracker};
use memchr::{memchr, memchr_iter, memmem};
use std::borrow::Cow;
use std::ops::Range;

/// Starts a pair; the target-language side follows. U+2E20 LEFT VERTICAL BAR WITH QUILL (Pi).
pub const SEG_OPEN: char = '\u{2E20}';
/// Separates the target side from the source (English) side. U+2E3E WIGGLY VERTICAL LINE (Po).
pub const SEG_MID: char = '\u{2E3E}';
/// Ends a pair. U+2E21 RIGHT VERTICAL BAR WITH QUILL (Pf).
pub const SEG_CLOSE: char = '\u{2E21}';

/// Which side of a pair to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The translated text (the docset's content locale).
    Target,
    /// The English source text (inside `sxs-lookup`).
    Source,
}

/// Counts gathered by [`scan`].
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PairStats {
    /// Pairs turned into sentinels.
    pub pairs: u32,
    /// target == source after trimming/whitespace folding
    pub identical: u32,
    /// malformed pairs repaired or kept as plain text
    pub malformed: u32,
    /// lines with letters outside any pair (not in code fences, front matter excluded by caller, markup/links/URLs/HTML tags ignored)
    pub untranslatable_lines: u32,
}

/// The result of [`scan`].
#[derive(Debug, Clone)]
pub struct Scan {
    /// same number of '\n' as the input, every line keeps its line number; pair markup replaced by sentinels
    pub text: String,
    pub stats: PairStats,
    /// 1-based line/col relative to the input
    pub findings: Vec<Finding>,
}

/// Diagnostic codes produced here.
pub const CODE_STRAY_TAG: Code = Code::SpanStrayTag;
pub const CODE_ID_MISMATCH: Code = Code::SpanIdMismatch;
pub const CODE_UNTERMINATED: Code = Code::SpanPairUnterminated;
pub const CODE_HALF: Code = Code::SpanPairHalf;
pub const CODE_MANGLED: Code = Code::SpanAttrMangled;

// UTF-8 of the sentinels: all three are E2 B8 xx.
const SENTINEL_LEAD: [u8; 2] = [0xE2, 0xB8];
const OPEN_LAST: u8 = 0xA0;
const CLOSE_LAST: u8 = 0xA1;
const MID_LAST: u8 = 0xBE;

/// True if the text contains any sentinel.
pub fn has_sentinels(text: &str) -> bool {
    first_sentinel(text.as_bytes()).is_some()
}

fn first_sentinel(b: &[u8]) -> Option<usize> {
    let finder = memmem::Finder::new(&SENTINEL_LEAD);
    let mut pos = 0;
    while let Some(off) = finder.find(&b[pos..]) {
        let at = pos + off;
        if matches!(b.get(at + 2), Some(&(OPEN_LAST | CLOSE_LAST | MID_LAST))) {
            return Some(at);
        }
        pos = at + 1;
    }
    None
}

/// Keep one side of every sentinel-marked pair, drop the sentinels (for code
/// blocks, HTML blocks, plain-text contexts like alt text and titles).
/// `Cow::Borrowed` when there is no sentinel. Never panics: nested pairs are
/// resolved recursively, an unmatched `SEG_MID`/`SEG_CLOSE` is dropped and an
/// unclosed `SEG_OPEN` ends at the end of the text.
pub fn resolve(text: &str, side: Side) -> Cow<'_, str> {
    let Some(first) = first_sentinel(text.as_bytes()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    // One entry per open pair: true while inside its source part.
    let mut stack: Vec<bool> = Vec::new();
    let mut hidden = 0usize; // open pairs whose current part is not `side`
    let hides = |in_source: bool| in_source != (side == Side::Source);
    for c in text[first..].chars() {
        match c {
            SEG_OPEN => {
                stack.push(false);
                if hides(false) {
                    hidden += 1;
                }
            }
            SEG_MID => {
                if let Some(top) = stack.last_mut() {
                    if !*top {
                        if hides(false) {
                            hidden -= 1;
                        }
                        *top = true;
                        if hides(true) {
                            hidden += 1;
                        }
                    }
                }
            }
            SEG_CLOSE => {
                if let Some(top) = stack.pop() {
                    if hides(top) {
                        hidden -= 1;
                    }
                }
            }
            _ => {
                if hidden == 0 {
                    out.push(c);
                }
            }
        }
    }
    Cow::Owned(out)
}

/// Replace bilingual span pairs by sentinels; see the module documentation.
///
/// Fast path: when the input has no `data-ttu-id`/`data-stu-id`/`sxs-lookup`
/// (any case) the text is returned unchanged (only `untranslatable_lines`
/// is counted).
pub fn scan(text: &str) -> Scan {
    // Defensive: the sentinels never occur in real docs; if one does, it
    // must not be mistaken for pair structure.
    let cleaned;
    let text = if has_sentinels(text) {
        cleaned = text.replace([SEG_OPEN, SEG_MID, SEG_CLOSE], "\u{FFFD}");
        cleaned.as_str()
    } else {
        text
    };
    if find_marker(text.as_bytes(), 0).is_none() {
        let stats = PairStats {
            untranslatable_lines: count_untranslatable_lines(text),
            ..PairStats::default()
        };
        return Scan {
            text: text.to_owned(),
            stats,
            findings: Vec::new(),
        };
    }
    let mut sc = Scanner {
        src: text,
        b: text.as_bytes(),
        toks: tokenize(text.as_bytes()),
        out: String::with_capacity(text.len()),
        emit_from: 0,
        stats: PairStats::default(),
        findings: Vec::new(),
        cursor: LineCursor::new(text),
    };
    sc.run();
    let Scanner {
        mut out,
        mut stats,
        findings,
        ..
    } = sc;
    sweep_markers(&mut out);
    stats.untranslatable_lines = count_untranslatable_lines(&out);
    Scan {
        text: out,
        stats,
        findings,
    }
}

// ---------------------------------------------------------------------------
// Marker search (case-insensitive, memchr-driven)

/// Byte range of the next `ttu-id`, `stu-id` or `sxs-lookup` (any case) at
/// or after `from`, widened to a preceding `data-`.
fn find_marker(b: &[u8], from: usize) -> Option<Range<usize>> {
    for off in memchr_iter(b'-', b.get(from..)?) {
        let h = from + off;
        if h < 3 {
            continue;
        }
        let pre = &b[h - 3..h];
        let range = if (pre.eq_ignore_ascii_case(b"ttu") || pre.eq_ignore_ascii_case(b"stu"))
            && starts_with_ci(b, h + 1, b"id")
        {
            h - 3..h + 3
        } else if pre.eq_ignore_ascii_case(b"sxs") && starts_with_ci(b, h + 1, b"lookup") {
            h - 3..h + 7
        } else {
            continue;
        };
        let start =
            if range.start >= 5 && b[range.start - 5..range.start].eq_ignore_ascii_case(b"data-") {
                range.start - 5
            } else {
                range.start
            };
        return Some(start..range.end);
    }
    None
}

/// Last line of defence: remove any marker text that survived (inside a
/// broken tag, a non-span tag, or plain text). A marker inside something
/// tag-like (`<` .. `>` on the same stretch) takes the whole tag with it;
/// otherwise the marker word and an attached `=value` go. Newlines are kept.
fn sweep_markers(out: &mut String) {
    while find_marker(out.as_bytes(), 0).is_some() {
        let b = out.as_bytes();
        let mut res = String::with_capacity(out.len());
        let mut copied = 0;
        let mut from = 0;
        while let Some(m) = find_marker(b, from) {
            let (mut s, mut e) = (m.start, m.end);
            // Tag-like surroundings?
            let back_lim = s.saturating_sub(300).max(copied);
            let lt = b[back_lim..s]
                .iter()
                .rposition(|&c| c == b'<' || c == b'>')
                .map(|i| back_lim + i)
                .filter(|&i| b[i] == b'<');
            let fwd_lim = (e + 300).min(b.len());
            let gt = b[e..fwd_lim]
                .iter()
                .position(|&c| c == b'<' || c == b'>')
                .map(|i| e + i)
                .filter(|&i| b[i] == b'>');
            if let (Some(lt), Some(gt)) = (lt, gt) {
                s = lt;
                e = gt + 1;
            } else {
                // Drop an attached `=value`.
                let mut p = e;
                while p < b.len() && matches!(b[p], b' ' | b'\t') {
                    p += 1;
                }
                if p < b.len() && b[p] == b'=' {
                    p += 1;
                    while p < b.len() && !matches!(b[p], b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'<')
                    {
                        p += 1;
                    }
                    e = p;
                }
            }
            // Stay on char boundaries (all delimiters above are ASCII).
            res.push_str(&out[copied..s]);
            push_newlines(&mut res, &out[s..e]);
            copied = e;
            from = e;
        }
        res.push_str(&out[copied..]);
        *out = res;
    }
}

fn starts_with_ci(b: &[u8], at: usize, needle: &[u8]) -> bool {
    b.get(at..at + needle.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(needle))
}

fn push_newlines(out: &mut String, removed: &str) {
    for _ in memchr_iter(b'\n', removed.as_bytes()) {
        out.push('\n');
    }
}

fn is_ws(b: &[u8]) -> bool {
    b.iter().all(|c| c.is_ascii_whitespace())
}

// ---------------------------------------------------------------------------
// Tokenizer: span tags only, scanned by hand

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `<span data-ttu-id=..>`
    Ttu,
    /// `<span class="sxs-lookup">`; `stu` when it also carries `data-stu-id`.
    Lookup { stu: bool },
    /// `<span data-stu-id=..>`
    Stu,
    /// `<span>` without attributes.
    Bare,
    /// Any other `<span ...>` (kept as is).
    Other,
    /// `</span>`
    Close,
}

impl Kind {
    fn is_marker(self) -> bool {
        matches!(self, Kind::Ttu | Kind::Lookup { .. } | Kind::Stu)
    }
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
    /// Byte range of the id value (ttu or stu), empty if none.
    id: (usize, usize),
    /// Some attribute used `&quot;` as a quote.
    mangled: bool,
}

const MAX_TAG: usize = 400;

fn tokenize(b: &[u8]) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut pos = 0;
    while let Some(off) = memchr(b'<', &b[pos..]) {
        let at = pos + off;
        match parse_tag(b, at) {
            Some(t) => {
                pos = t.end;
                toks.push(t);
            }
            None => pos = at + 1,
        }
    }
    toks
}

fn skip_ws(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && b[p].is_ascii_whitespace() {
        p += 1;
    }
    p
}

fn parse_tag(b: &[u8], at: usize) -> Option<Tok> {
    let limit = (at + MAX_TAG).min(b.len());
    let mut p = at + 1;
    if b.get(p) == Some(&b'/') {
        p = skip_ws(b, p + 1);
        if !starts_with_ci(b, p, b"span") {
            return None;
        }
        p = skip_ws(b, p + 4);
        if p < limit && b[p] == b'>' {
            return Some(Tok {
                start: at,
                end: p + 1,
                kind: Kind::Close,
                id: (0, 0),
                mangled: false,
            });
        }
        return None;
    }
    if !starts_with_ci(b, p, b"span") {
        return None;
    }
    p += 4;
    match b.get(p) {
        Some(c) if c.is_ascii_whitespace() || *c == b'>' || *c == b'/' => {}
        _ => return None,
    }
    let mut ttu = None;
    let mut stu = None;
    let mut lookup = false;
    let mut other = false;
    let mut mangled = false;
    let self_closing;
    loop {
        p = skip_ws(b, p);
        if p >= limit {
            return None;
        }
        match b[p] {
            b'>' => {
                self_closing = false;
                p += 1;
                break;
            }
            b'/' if b.get(p + 1) == Some(&b'>') => {
                self_closing = true;
                p += 2;
                break;
            }
            b'<' => return None,
            b'"' | b'\'' | b'/' => {
                p += 1;
                continue;
            }
            b'&' if starts_with_ci(b, p, b"&quot;") => {
                mangled = true;
                p += 6;
                continue;
            }
            _ => {}
        }
        let name_start = p;
        while p < limit
            && (b[p].is_ascii_alphanumeric() || matches!(b[p], b'-' | b'_' | b':' | b'.'))
        {
            p += 1;
        }
        if p == name_start {
            // Not an attribute character: garbage inside the tag, skip it.
            p += 1;
            continue;
        }
        let name = &b[name_start..p];
        p = skip_ws(b, p);
        let mut value = (p, p);
        if p < limit && b[p] == b'=' {
            p = skip_ws(b, p + 1);
            let quoted = if starts_with_ci(b, p, b"&quot;") {
                mangled = true;
                p += 6;
                true
            } else if p < limit && (b[p] == b'"' || b[p] == b'\'') {
                p += 1;
                true
            } else {
                false
            };
            let vstart = p;
            loop {
                if p >= limit {
                    return None;
                }
                let c = b[p];
                if c == b'"' || c == b'\'' {
                    value = (vstart, p);
                    p += 1;
                    break;
                }
                if c == b'&' && starts_with_ci(b, p, b"&quot;") {
                    mangled = true;
                    value = (vstart, p);
                    p += 6;
                    break;
                }
                if c == b'>' || c == b'<' || (!quoted && c.is_ascii_whitespace()) {
                    value = (vstart, p);
                    break;
                }
                p += 1;
            }
        }
        if name.eq_ignore_ascii_case(b"data-ttu-id") {
            ttu = Some(value);
        } else if name.eq_ignore_ascii_case(b"data-stu-id") {
            stu = Some(value);
        } else if name.eq_ignore_ascii_case(b"class")
            && b[value.0..value.1]
                .split(|c| c.is_ascii_whitespace())
                .any(|w| w.eq_ignore_ascii_case(b"sxs-lookup"))
        {
            lookup = true;
        } else {
            other = true;
        }
    }
    let (kind, id) = if let Some(v) = ttu {
        (Kind::Ttu, v)
    } else if lookup {
        (Kind::Lookup { stu: stu.is_some() }, stu.unwrap_or((0, 0)))
    } else if let Some(v) = stu {
        (Kind::Stu, v)
    } else if self_closing {
        return None; // `<span id="x" />`: an anchor, plain HTML
    } else if other {
        (Kind::Other, (0, 0))
    } else {
        (Kind::Bare, (0, 0))
    };
    Some(Tok {
        start: at,
        end: p,
        kind,
        id,
        mangled,
    })
}

// ---------------------------------------------------------------------------
// Line/column of byte offsets (monotonic cursor)

struct LineCursor<'a> {
    s: &'a str,
    pos: usize,
    line: u32,
    line_start: usize,
}

impl<'a> LineCursor<'a> {
    fn new(s: &'a str) -> Self {
        LineCursor {
            s,
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn at(&mut self, p: usize) -> (u32, u32) {
        if p < self.pos {
            *self = LineCursor::new(self.s);
        }
        for nl in memchr_iter(b'\n', &self.s.as_bytes()[self.pos..p]) {
            self.line += 1;
            self.line_start = self.pos + nl + 1;
        }
        self.pos = p;
        let col = self.s[self.line_start..p].chars().count() as u32 + 1;
        (self.line, col)
    }
}

// ---------------------------------------------------------------------------
// The pair scanner

#[derive(Default)]
struct Issues {
    mangled: bool,
    stray: u32,
    id_mismatch: Option<(String, String)>,
    /// Missing tags that were supplied (repaired).
    missing: Vec<&'static str>,
}

impl Issues {
    fn any(&self) -> bool {
        self.mangled || self.stray > 0 || self.id_mismatch.is_some() || !self.missing.is_empty()
    }
}

enum SEnd {
    /// The side ends at token `end_tok`; its closers are `end_tok..closers_end`.
    Found {
        end_tok: usize,
        closers_end: usize,
        missing_close: bool,
    },
    /// No closer before token `stop` (a marker tag or the end).
    Unterminated { stop: usize },
}

struct Scanner<'a> {
    src: &'a str,
    b: &'a [u8],
    toks: Vec<Tok>,
    out: String,
    emit_from: usize,
    stats: PairStats,
    findings: Vec<Finding>,
    cursor: LineCursor<'a>,
}

impl Scanner<'_> {
    fn run(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            i = match self.toks[i].kind {
                Kind::Ttu => self.pair(i),
                Kind::Lookup { .. } | Kind::Stu => self.orphan_lookup(i),
                _ => i + 1,
            };
        }
        let rest = &self.src[self.emit_from..];
        self.out.push_str(rest);
    }

    fn id_of(&self, t: &Tok) -> &str {
        self.src[t.id.0..t.id.1]
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
    }

    /// Copy the untouched text before `pos`.
    fn flush_to(&mut self, pos: usize) {
        self.out.push_str(&self.src[self.emit_from..pos]);
        self.emit_from = pos;
    }

    /// Drop markup in `range`, keeping its line breaks.
    fn drop_markup(&mut self, range: Range<usize>) {
        push_newlines(&mut self.out, &self.src[range]);
    }

    fn finding(&mut self, code: Code, pos: usize, msg: String) {
        let (line, col) = self.cursor.at(pos);
        self.findings.push(Finding::warning(code, line, col, msg));
    }

    /// Where the lookup part starting at token `j` puts its source text:
    /// (text start, first token inside, expected closers, stu token).
    fn lookup_part(&self, j: usize, issues: &mut Issues) -> (usize, usize, usize, Option<usize>) {
        let lk = self.toks[j];
        issues.mangled |= lk.mangled;
        match lk.kind {
            Kind::Lookup { stu: true } => (lk.end, j + 1, 1, Some(j)),
            Kind::Lookup { stu: false } => {
                if let Some(st) = self.toks.get(j + 1) {
                    if st.kind == Kind::Stu && is_ws(&self.b[lk.end..st.start]) {
                        issues.mangled |= st.mangled;
                        return (st.end, j + 2, 2, Some(j + 1));
                    }
                }
                issues.missing.push("the data-stu-id span");
                (lk.end, j + 1, 1, None)
            }
            _ => {
                issues.missing.push("the sxs-lookup span");
                (lk.end, j + 1, 1, Some(j))
            }
        }
    }

    /// Find the end of a side whose content starts at token `from` and which
    /// is closed by `expected` consecutive `</span>`. Stray bare `<span>` and
    /// `</span>` inside are tolerated; other spans are matched by depth.
    fn find_side_end(&self, from: usize, expected: usize) -> SEnd {
        let toks = &self.toks;
        let mut depth = 0usize;
        let mut bare = 0usize;
        let mut fallback = None;
        let mut k = from;
        while k < toks.len() {
            match toks[k].kind {
                Kind::Ttu | Kind::Lookup { .. } | Kind::Stu => break,
                Kind::Other => depth += 1,
                Kind::Bare => bare += 1,
                Kind::Close if depth > 0 => depth -= 1,
                Kind::Close => {
                    let mut n = 1;
                    while k + n < toks.len()
                        && toks[k + n].kind == Kind::Close
                        && is_ws(&self.b[toks[k + n - 1].end..toks[k + n].start])
                    {
                        n += 1;
                    }
                    if n >= expected {
                        let for_bare = bare.min(n - expected);
                        return SEnd::Found {
                            end_tok: k + for_bare,
                            closers_end: k + for_bare + expected,
                            missing_close: false,
                        };
                    }
                    if bare > 0 {
                        bare -= 1;
                    } else if fallback.is_none() {
                        fallback = Some(k);
                    }
                }
            }
            k += 1;
        }
        match fallback {
            Some(f) => SEnd::Found {
                end_tok: f,
                closers_end: f + 1,
                missing_close: true,
            },
            None => SEnd::Unterminated { stop: k },
        }
    }

    /// Copy `from..to` cleaning the span tags among `toks`: bare `<span>`,
    /// unmatched `</span>` and marker tags are dropped (counted as stray),
    /// other spans and their matching closers are kept.
    fn clean_side(&mut self, from: usize, to: usize, toks: Range<usize>) -> u32 {
        let mut p = from;
        let mut stack: Vec<bool> = Vec::new();
        let mut stray = 0;
        for k in toks {
            let t = self.toks[k];
            self.out.push_str(&self.src[p..t.start]);
            let keep = match t.kind {
                Kind::Other => {
                    stack.push(true);
                    true
                }
                Kind::Bare => {
                    stack.push(false);
                    stray += 1;
                    false
                }
                Kind::Close => match stack.pop() {
                    Some(kept) => kept,
                    None => {
                        stray += 1;
                        false
                    }
                },
                _ => {
                    stray += 1;
                    false
                }
            };
            if keep {
                self.out.push_str(&self.src[t.start..t.end]);
            } else {
                push_newlines(&mut self.out, &self.src[t.start..t.end]);
            }
            p = t.end;
        }
        self.out.push_str(&self.src[p..to]);
        stray
    }

    /// A `data-ttu-id` span at token `i`. Returns the next token to look at.
    fn pair(&mut self, i: usize) -> usize {
        let ttu = self.toks[i];
        let mut j = i + 1;
        while j < self.toks.len() && !self.toks[j].kind.is_marker() {
            j += 1;
        }
        if j == self.toks.len() || self.toks[j].kind == Kind::Ttu {
            return self.half_target(i);
        }
        if self.target_is_half(i, j) {
            return self.half_target(i);
        }
        let mut issues = Issues {
            mangled: ttu.mangled,
            ..Issues::default()
        };
        // The target ends at the `</span>` directly before the lookup part.
        let (t_end, t_toks_end) = {
            let prev = self.toks[j - 1];
            if j > i + 1 && prev.kind == Kind::Close && is_ws(&self.b[prev.end..self.toks[j].start])
            {
                (prev.start, j - 1)
            } else {
                issues.missing.push("the </span> closing the target text");
                (self.toks[j].start, j)
            }
        };
        let (s_start, s_first, expected, stu_tok) = self.lookup_part(j, &mut issues);
        if let Some(st) = stu_tok {
            let (a, b) = (self.id_of(&ttu), self.id_of(&self.toks[st]));
            if !a.eq_ignore_ascii_case(b) {
                issues.id_mismatch = Some((a.to_string(), b.to_string()));
            }
        }
        let side_end = self.find_side_end(s_first, expected);

        self.flush_to(ttu.start);
        match side_end {
            SEnd::Found {
                end_tok,
                closers_end,
                missing_close,
            } => {
                if missing_close {
                    issues.missing.push("a </span> closing the sxs-lookup part");
                }
                let s_end = self.toks[end_tok].start;
                let after = self.toks[closers_end - 1].end;
                self.out.push(SEG_OPEN);
                self.drop_markup(ttu.start..ttu.end);
                let t0 = self.out.len();
                issues.stray += self.clean_side(ttu.end, t_end, i + 1..t_toks_end);
                let t1 = self.out.len();
                self.drop_markup(t_end..s_start);
                self.out.push(SEG_MID);
                let s0 = self.out.len();
                issues.stray += self.clean_side(s_start, s_end, s_first..end_tok);
                let s1 = self.out.len();
                self.drop_markup(s_end..after);
                self.out.push(SEG_CLOSE);
                self.emit_from = after;
                self.stats.pairs += 1;
                if fold_eq(&self.out[t0..t1], &self.out[s0..s1]) {
                    self.stats.identical += 1;
                }
                if issues.any() {
                    self.stats.malformed += 1;
                    self.report(&issues, ttu.start, self.id_of(&ttu).to_string());
                }
                closers_end
            }
            SEnd::Unterminated { stop } => {
                // No sentence may be lost: both sides as plain text.
                let end = self.toks.get(stop).map_or(self.src.len(), |t| t.start);
                self.drop_markup(ttu.start..ttu.end);
                self.clean_side(ttu.end, t_end, i + 1..t_toks_end);
                if !self.out.ends_with(|c: char| c.is_whitespace()) {
                    self.out.push(' ');
                }
                self.drop_markup(t_end..s_start);
                self.clean_side(s_start, end, s_first..stop);
                self.emit_from = end;
                self.stats.malformed += 1;
                let id = self.id_of(&ttu).to_string();
                self.finding(
                    CODE_UNTERMINATED,
                    ttu.start,
                    format!(
                        "span pair {id} is not terminated (no closing </span></span>); \
                         its text is shown in both languages"
                    ),
                );
                stop
            }
        }
    }

    /// Does the `data-ttu-id` span at `i` end before the lookup part at `j`
    /// belongs to another sentence? Only when the target is not closed
    /// directly before the lookup part (closed early by a `</span>` at depth
    /// 0 followed by more text, or not closed at all) and either a paragraph
    /// break lies between them or the lookup part carries another id.
    fn target_is_half(&self, i: usize, j: usize) -> bool {
        let prev = self.toks[j - 1];
        let direct_close =
            j > i + 1 && prev.kind == Kind::Close && is_ws(&self.b[prev.end..self.toks[j].start]);
        let inner_end = if direct_close { j - 1 } else { j };
        let mut depth = 0usize;
        let mut early_close = false;
        for k in i + 1..inner_end {
            match self.toks[k].kind {
                Kind::Other | Kind::Bare => depth += 1,
                Kind::Close if depth > 0 => depth -= 1,
                Kind::Close => {
                    early_close = true;
                    break;
                }
                _ => {}
            }
        }
        if direct_close && !early_close {
            return false;
        }
        if has_blank_line(&self.b[self.toks[i].end..self.toks[j].start]) {
            return true;
        }
        let stu = match self.toks[j].kind {
            Kind::Lookup { stu: false } => match self.toks.get(j + 1) {
                Some(t) if t.kind == Kind::Stu => Some(t),
                _ => None,
            },
            _ => Some(&self.toks[j]),
        };
        stu.is_some_and(|st| {
            !self
                .id_of(&self.toks[i])
                .eq_ignore_ascii_case(self.id_of(st))
        })
    }

    /// A `data-ttu-id` span with no sxs-lookup part after it.
    fn half_target(&mut self, i: usize) -> usize {
        let ttu = self.toks[i];
        let id = self.id_of(&ttu).to_string();
        self.flush_to(ttu.start);
        self.drop_markup(ttu.start..ttu.end);
        self.stats.malformed += 1;
        self.finding(
            CODE_HALF,
            ttu.start,
            format!(
                "span pair {id} has target text but no sxs-lookup (English) part; \
                 the text is shown in both languages"
            ),
        );
        match self.find_side_end(i + 1, 1) {
            SEnd::Found {
                end_tok,
                closers_end,
                ..
            } => {
                let end = self.toks[end_tok].start;
                self.clean_side(ttu.end, end, i + 1..end_tok);
                let after = self.toks[closers_end - 1].end;
                self.drop_markup(end..after);
                self.emit_from = after;
                closers_end
            }
            SEnd::Unterminated { .. } => {
                self.emit_from = ttu.end;
                i + 1
            }
        }
    }

    /// An sxs-lookup (or data-stu-id) span with no target text before it.
    fn orphan_lookup(&mut self, i: usize) -> usize {
        let start = self.toks[i].start;
        let mut issues = Issues::default();
        let (s_start, s_first, expected, stu_tok) = self.lookup_part(i, &mut issues);
        let id = stu_tok
            .map(|t| self.id_of(&self.toks[t]).to_string())
            .unwrap_or_default();
        self.flush_to(start);
        self.drop_markup(start..s_start);
        self.stats.malformed += 1;
        self.finding(
            CODE_HALF,
            start,
            format!(
                "span pair {id} has an sxs-lookup (English) part but no target text; \
                 the English text is shown in both languages"
            ),
        );
        match self.find_side_end(s_first, expected) {
            SEnd::Found {
                end_tok,
                closers_end,
                ..
            } => {
                let end = self.toks[end_tok].start;
                self.clean_side(s_start, end, s_first..end_tok);
                let after = self.toks[closers_end - 1].end;
                self.drop_markup(end..after);
                self.emit_from = after;
                closers_end
            }
            SEnd::Unterminated { .. } => {
                self.emit_from = s_start;
                s_first
            }
        }
    }

    /// One finding per pair, with the most serious code and every issue in the message.
    fn report(&mut self, issues: &Issues, pos: usize, id: String) {
        let mut parts = Vec::new();
        if !issues.missing.is_empty() {
            parts.push(format!("missing {} (supplied)", issues.missing.join(", ")));
        }
        if let Some((a, b)) = &issues.id_mismatch {
            parts.push(format!(
                "data-ttu-id \"{a}\" does not match data-stu-id \"{b}\""
            ));
        }
        if issues.stray > 0 {
            parts.push(format!(
                "{} stray <span>/</span> tag{} removed",
                issues.stray,
                if issues.stray == 1 { "" } else { "s" }
            ));
        }
        if issues.mangled {
            parts.push("attribute quotes mangled into &quot;".to_string());
        }
        let code = if !issues.missing.is_empty() {
            CODE_UNTERMINATED
        } else if issues.id_mismatch.is_some() {
            CODE_ID_MISMATCH
        } else if issues.stray > 0 {
            CODE_STRAY_TAG
        } else {
            CODE_MANGLED
        };
        self.finding(
            code,
            pos,
            format!("span pair {id}: {} (repaired)", parts.join("; ")),
        );
    }
}

/// A line containing only whitespace lies inside `b`.
fn has_blank_line(b: &[u8]) -> bool {
    let mut it = memchr_iter(b'\n', b);
    let Some(mut prev) = it.next() else {
        return false;
    };
    for nl in it {
        if is_ws(&b[prev + 1..nl]) {
            return true;
        }
        prev = nl;
    }
    false
}

/// Equal after trimming and folding runs of whitespace.
fn fold_eq(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

// ---------------------------------------------------------------------------
// Lines with text outside any pair

fn count_untranslatable_lines(text: &str) -> u32 {
    let mut count = 0;
    let mut fences = FenceTracker::default();
    let mut depth = 0usize; // open pairs carried across lines
    let mut outside = String::new();
    for line in text.split('\n') {
        // Code fences (also inside block quotes and list items).
        if fences.line(line) != FenceLine::Text {
            continue;
        }
        // Letters outside pairs at all? (cheap check first)
        let has_sentinel = has_sentinels(line);
        if !has_sentinel {
            if depth > 0 || !line.chars().any(char::is_alphabetic) {
                continue;
            }
            outside.clear();
            outside.push_str(line);
        } else {
            outside.clear();
            for c in line.chars() {
                match c {
                    SEG_OPEN => {
                        depth += 1;
                        outside.push(' ');
                    }
                    SEG_CLOSE => {
                        depth = depth.saturating_sub(1);
                        outside.push(' ');
                    }
                    _ if depth == 0 => outside.push(c),
                    _ => {}
                }
            }
            if !outside.chars().any(char::is_alphabetic) {
                continue;
            }
        }
        if has_prose(&outside) {
            count += 1;
        }
    }
    count
}

/// Does the line hold letters once markup, links, URLs, HTML tags, inline
/// code, entities and DocFX directives are ignored?
fn has_prose(line: &str) -> bool {
    let t = line.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
    if t.starts_with(":::") || t.starts_with("---") {
        return false;
    }
    // Reference link definition `[label]: url`.
    if t.starts_with('[') {
        if let Some(p) = t.find("]:") {
            if !t[..p].contains(']') {
                return false;
            }
        }
    }
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'<' => {
                // HTML tag or autolink: skip to '>'.
                match memchr(b'>', &b[i..]) {
                    Some(off) => i += off + 1,
                    None => i += 1,
                }
                continue;
            }
            b'`' => {
                let run = b[i..].iter().take_while(|&&x| x == b'`').count();
                let closer = &b[i..i + run];
                match memmem::find(&b[i + run..], closer) {
                    Some(off) => i += run + off + run,
                    None => i += run,
                }
                continue;
            }
            b'[' if b.get(i + 1) == Some(&b'!') => {
                // DocFX directive `[!NOTE]`, `[!INCLUDE [x](y)]`, `[!VIDEO url]`.
                let mut d = 0usize;
                let mut k = i;
                while k < b.len() {
                    match b[k] {
                        b'[' => d += 1,
                        b']' => {
                            d -= 1;
                            if d == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    k += 1;
                }
                i = k + 1;
                continue;
            }
            b']' if b.get(i + 1) == Some(&b'(') => {
                // Link destination.
                let mut d = 0usize;
                let mut k = i + 1;
                while k < b.len() {
                    match b[k] {
                        b'(' => d += 1,
                        b')' => {
                            d -= 1;
                            if d == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    k += 1;
                }
                i = k + 1;
                continue;
            }
            b'&' => {
                let k = b[i + 1..]
                    .iter()
                    .take(10)
                    .position(|&x| !(x.is_ascii_alphanumeric() || x == b'#'));
                if let Some(k) = k {
                    if b[i + 1 + k] == b';' {
                        i += k + 2;
                        continue;
                    }
                }
            }
            b'h' | b'H' | b'w' | b'W'
                if starts_with_ci(b, i, b"http://")
                    || starts_with_ci(b, i, b"https://")
                    || starts_with_ci(b, i, b"www.") =>
            {
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b')' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        if c.is_ascii_alphabetic() {
            return true;
        }
        if c >= 0x80 {
            // Decode the char (we only stop on ASCII, so `i` is a boundary).
            let ch = t[i..].chars().next().unwrap_or(' ');
            if ch.is_alphabetic() {
                return true;
            }
            i += ch.len_utf8();
            continue;
        }
        i += 1;
    }
    false
}

// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(t: &str, s: &str) -> String {
        format!("{SEG_OPEN}{t}{SEG_MID}{s}{SEG_CLOSE}")
    }

    fn codes(s: &Scan) -> Vec<Code> {
        s.findings.iter().map(|f| f.code).collect()
    }

    fn assert_clean(input: &str, s: &Scan) {
        let lower = s.text.to_ascii_lowercase();
        for m in [
            "data-ttu-id",
            "data-stu-id",
            "sxs-lookup",
            "ttu-id",
            "stu-id",
        ] {
            assert!(!lower.contains(m), "leftover {m} in {:?}", s.text);
        }
        assert_eq!(
            input.matches('\n').count(),
            s.text.matches('\n').count(),
            "newline count changed: {:?} -> {:?}",
            input,
            s.text
        );
    }

    fn check(input: &str) -> Scan {
        let s = scan(input);
        assert_clean(input, &s);
        let _ = resolve(&s.text, Side::Target);
        let _ = resolve(&s.text, Side::Source);
        s
    }

    // -- real shapes from the corpus ------------------------------------

    #[test]
    fn heading_pair() {
        let input = r#"# <a name="get-support"></a><span data-ttu-id="e8ad7-103">Ondersteuning krijgen</span><span class="sxs-lookup"><span data-stu-id="e8ad7-103">Get support</span></span>"#;
        let s = check(input);
        assert_eq!(
            s.text,
            format!(
                "# <a name=\"get-support\"></a>{}",
                seg("Ondersteuning krijgen", "Get support")
            )
        );
        assert_eq!(s.stats.pairs, 1);
        assert_eq!(s.stats.malformed, 0);
        assert!(s.findings.is_empty());
        assert_eq!(
            resolve(&s.text, Side::Target),
            "# <a name=\"get-support\"></a>Ondersteuning krijgen"
        );
        assert_eq!(
            resolve(&s.text, Side::Source),
            "# <a name=\"get-support\"></a>Get support"
        );
        assert_eq!(s.stats.untranslatable_lines, 0);
    }

    #[test]
    fn list_item_with_html_link() {
        let input = r#"1. <span data-ttu-id="e8ad7-115">Ga naar het beheercentrum via <a href="https://go.microsoft.com/fwlink/p/?linkid=2024339" target="_blank">https://admin.microsoft.com</a>.</span><span class="sxs-lookup"><span data-stu-id="e8ad7-115">Go to the admin center at <a href="https://go.microsoft.com/fwlink/p/?linkid=2024339" target="_blank">https://admin.microsoft.com</a>.</span></span> <span data-ttu-id="e8ad7-116">Als u de melding krijgt (Raadpleeg [Wie heeft beheerdersrechten binnen mijn onderneming?](admin-center-overview.md#who-has-admin-permissions-in-my-business) voor meer informatie.)</span><span class="sxs-lookup"><span data-stu-id="e8ad7-116">If you get a message (For more information, see [Who has admin permissions in my business?](admin-center-overview.md#who-has-admin-permissions-in-my-business).)</span></span>"#;
        let s = check(input);
        assert_eq!(s.stats.pairs, 2);
        assert!(s.findings.is_empty());
        let t = resolve(&s.text, Side::Target);
        assert!(t.starts_with("1. Ga naar het beheercentrum via <a href=\"https://go.microsoft.com/fwlink/p/?linkid=2024339\" target=\"_blank\">https://admin.microsoft.com</a>. Als u"));
        assert!(t.ends_with("voor meer informatie.)"));
        let e = resolve(&s.text, Side::Source);
        assert!(e.starts_with("1. Go to the admin center at <a href="));
        assert!(e.contains(" If you get a message (For more information, see [Who has admin"));
    }

    #[test]
    fn bold_list_item() {
        let input = r#"- <span data-ttu-id="e8ad7-129">**In de Verenigde Staten belt u 1 800 865 9408.**</span><span class="sxs-lookup"><span data-stu-id="e8ad7-129">**In the United States, call 1 800 865 9408.**</span></span>"#;
        let s = check(input);
        assert_eq!(
            s.text,
            format!(
                "- {}",
                seg(
                    "**In de Verenigde Staten belt u 1 800 865 9408.**",
                    "**In the United States, call 1 800 865 9408.**"
                )
            )
        );
    }

    #[test]
    fn table_row_with_pipes_and_inline_html() {
        let input = r#"| <span data-ttu-id="e8ad7-178">Configuratie</span><span class="sxs-lookup"><span data-stu-id="e8ad7-178">Configuration</span></span> | <span data-ttu-id="e8ad7-179">Problemen met de configuratie van de service</span><span class="sxs-lookup"><span data-stu-id="e8ad7-179">Service configuration issues</span></span>  <ul><li><span data-ttu-id="e8ad7-180">Eenmalige aanmelding (SSO)</span><span class="sxs-lookup"><span data-stu-id="e8ad7-180">Single sign-on (SSO)</span></span></li></ul> |
| <span data-ttu-id="x-1">Kies A \| B</span><span class="sxs-lookup"><span data-stu-id="x-1">Choose A \| B</span></span> | x |"#;
        let s = check(input);
        assert_eq!(s.stats.pairs, 4);
        assert_eq!(
            resolve(&s.text, Side::Target),
            "| Configuratie | Problemen met de configuratie van de service  <ul><li>Eenmalige aanmelding (SSO)</li></ul> |\n| Kies A \\| B | x |"
        );
        assert_eq!(
            resolve(&s.text, Side::Source),
            "| Configuration | Service configuration issues  <ul><li>Single sign-on (SSO)</li></ul> |\n| Choose A \\| B | x |"
        );
    }

    #[test]
    fn link_text_pair() {
        let input = r#"| <span data-ttu-id="8502f-121">2</span><span class="sxs-lookup"><span data-stu-id="8502f-121">2</span></span>  | [<span data-ttu-id="8502f-122">Microsoft-ondersteunings- en herstelassistent voor Office 365</span><span class="sxs-lookup"><span data-stu-id="8502f-122">Microsoft Support and Recovery Assistant for Office 365</span></span>](https://diagnostics.office.com) |"#;
        let s = check(input);
        assert_eq!(s.stats.pairs, 2);
        assert_eq!(s.stats.identical, 1);
        assert_eq!(
            resolve(&s.text, Side::Target),
            "| 2  | [Microsoft-ondersteunings- en herstelassistent voor Office 365](https://diagnostics.office.com) |"
        );
    }

    #[test]
    fn pair_across_line_break() {
        let input = "<span data-ttu-id=\"d9c98-210\">[Activiteitenrapporten](https://support.office.com/a) \n [Voorkeuren voor berichtencentrum](../admin/manage/message-center.md#preferences)</span><span class=\"sxs-lookup\"><span data-stu-id=\"d9c98-210\">[Activity Reports](https://support.office.com/a) \n [Message center preferences](../admin/manage/message-center.md#preferences)</span></span>\nnext";
        let s = check(input);
        assert_eq!(s.stats.pairs, 1);
        assert_eq!(
            resolve(&s.text, Side::Target),
            "[Activiteitenrapporten](https://support.office.com/a) \n [Voorkeuren voor berichtencentrum](../admin/manage/message-center.md#preferences)\nnext"
        );
        assert_eq!(
            resolve(&s.text, Side::Source),
            "[Activity Reports](https://support.office.com/a) \n [Message center preferences](../admin/manage/message-center.md#preferences)\nnext"
        );
    }

    #[test]
    fn adjacent_pairs_without_space() {
        let input = r#"<span data-ttu-id="234ee-171">Het standaardthema blijft zichtbaar voor alle werknemers.</span><span class="sxs-lookup"><span data-stu-id="234ee-171">The default theme will continue to be shown to all employees.</span></span><span data-ttu-id="234ee-172">Tweede.</span><span class="sxs-lookup"><span data-stu-id="234ee-172">Second.</span></span>"#;
        let s = check(input);
        assert_eq!(s.stats.pairs, 2);
        assert_eq!(
            s.text,
            format!(
                "{}{}",
                seg(
                    "Het standaardthema blijft zichtbaar voor alle werknemers.",
                    "The default theme will continue to be shown to all employees."
                ),
                seg("Tweede.", "Second.")
            )
        );
    }

    #[test]
    fn quot_mangled_pairs() {
        let input = r#"<span data-ttu-id="90c07-218&quot;>De uitlegbibliotheek bevat een aantal veelgebruikte beschrijvingen van de frasenlijst, waaronder:</span><span class=&quot;sxs-lookup&quot;><span data-stu-id=&quot;90c07-218&quot;>The explanation library includes commonly used phrase list explanations, including:</span></span>

- <span data-ttu-id=&quot;90c07-219&quot;>Datum: Kalenderdatums, alle notaties.</span><span class=&quot;sxs-lookup&quot;><span data-stu-id=&quot;90c07-219&quot;>Date: Calendar dates, all formats.</span></span> <span data-ttu-id=&quot;90c07-220&quot;>Bevat tekst en getallen (bijvoorbeeld &quot;9 dec, 2020").</span><span class="sxs-lookup"><span data-stu-id="90c07-220">Includes text and numbers (for example, "Dec 9, 2020").</span></span>"#;
        let s = check(input);
        assert_eq!(s.stats.pairs, 3);
        assert_eq!(s.stats.malformed, 3);
        assert_eq!(codes(&s), vec![CODE_MANGLED; 3]);
        assert_eq!((s.findings[1].line, s.findings[1].column), (3, 3));
        assert!(s.findings[0].message.contains("90c07-218"));
        assert_eq!(
            resolve(&s.text, Side::Target),
            "De uitlegbibliotheek bevat een aantal veelgebruikte beschrijvingen van de frasenlijst, waaronder:\n\n- Datum: Kalenderdatums, alle notaties. Bevat tekst en getallen (bijvoorbeeld &quot;9 dec, 2020\")."
        );
        assert_eq!(
            resolve(&s.text, Side::Source),
            "The explanation library includes commonly used phrase list explanations, including:\n\n- Date: Calendar dates, all formats. Includes text and numbers (for example, \"Dec 9, 2020\")."
        );
    }

    #[test]
    fn stray_close_in_target() {
        let input = r#"   <span data-ttu-id="2ec7c-152">Met deze opdracht wordt u gevraagd  *_om TenantDomain_* (bijvoorbeeld *TailspinToysIncorporated.onmicrosoft. </span> com*) en vraagt vervolgens toestemming.</span><span class="sxs-lookup"><span data-stu-id="2ec7c-152">This command prompts you for *_TenantDomain_* (for example, *TailspinToysIncorporated.onmicrosoft.com*) and then asks for consent.</span></span>"#;
        let s = check(input);
        assert_eq!(s.stats.pairs, 1);
        assert_eq!(s.stats.malformed, 1);
        assert_eq!(codes(&s), vec![CODE_STRAY_TAG]);
        assert_eq!((s.findings[0].line, s.findings[0].column), (1, 4));
        assert_eq!(
            resolve(&s.text, Side::Target),
            "   Met deze opdracht wordt u gevraagd  *_om TenantDomain_* (bijvoorbeeld *TailspinToysIncorporated.onmicrosoft.  com*) en vraagt vervolgens toestemming."
        );
    }

    #[test]
    fn stray_bare_spans_in_both_sides() {
        let input = r#"<span data-ttu-id="3b2ef-108">Een aangepast domein zoals *rob@contoso. <span> com* met Microsoft 365.</span><span class="sxs-lookup"><span data-stu-id="3b2ef-108">Using a custom domain like *rob@contoso.<span>com* with Microsoft 365.</span></span>
  - <span data-ttu-id="b3506-144">**SharePoint**: https <span>://</span>contoso.sharepoint.com/sites/marketing</span><span class="sxs-lookup"><span data-stu-id="b3506-144">**SharePoint**: https<span>://</span>contoso.sharepoint.com/sites/marketing</span></span>"#;
        let s = check(input);
        assert_eq!(s.stats.pairs, 2);
        assert_eq!(codes(&s), vec![CODE_STRAY_TAG, CODE_STRAY_TAG]);
        assert_eq!(
            resolve(&s.text, Side::Source),
            "Using a custom domain like *rob@contoso.com* with Microsoft 365.\n  - **SharePoint**: https://contoso.sharepoint.com/sites/marketing"
        );
        assert_eq!(
            resolve(&s.text, Side::Target),
            "Een aangepast domein zoals *rob@contoso.  com* met Microsoft 365.\n  - **SharePoint**: https ://contoso.sharepoint.com/sites/marketing"
        );
    }

    #[test]
    fn bare_span_closed_by_extra_closer() {
        let input = r#"<span data-ttu-id="a-1">x</span><span class="sxs-lookup"><span data-stu-id="a-1">https<span>://</span></span></span> after"#;
        let s = check(input);
        assert_eq!(s.text, format!("{} after", seg("x", "https://")));
    }

    #[test]
    fn other_spans_are_kept() {
        let input = r#"<span data-ttu-id="a-1">Kies <span class="underline">Opslaan</span>.</span><span class="sxs-lookup"><span data-stu-id="a-1">Choose <span class="underline">Save</span>.</span></span>"#;
        let s = check(input);
        assert!(s.findings.is_empty());
        assert_eq!(
            s.text,
            seg(
                "Kies <span class=\"underline\">Opslaan</span>.",
                "Choose <span class=\"underline\">Save</span>."
            )
        );
    }

    #[test]
    fn half_pairs() {
        let input = "Voor <span data-ttu-id=\"a-1\">Alleen doeltekst.</span> na.\n<span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">Only source.</span></span> eind";
        let s = check(input);
        assert_eq!(s.text, "Voor Alleen doeltekst. na.\nOnly source. eind");
        assert_eq!(s.stats.pairs, 0);
        assert_eq!(s.stats.malformed, 2);
        assert_eq!(codes(&s), vec![CODE_HALF, CODE_HALF]);
        assert_eq!((s.findings[1].line, s.findings[1].column), (2, 1));
        // A paragraph break ends a half pair even when the ids match.
        let input = "<span data-ttu-id=\"a-1\">Alleen doel.\n\nVolgende alinea <span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Src</span></span>";
        let s = check(input);
        assert_eq!(s.text, "Alleen doel.\n\nVolgende alinea Src");
        assert_eq!(codes(&s), vec![CODE_HALF, CODE_HALF]);
    }

    #[test]
    fn unterminated_pair_keeps_both_texts() {
        let input = "<span data-ttu-id=\"a-1\">Doel.</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Source without end\n\n<span data-ttu-id=\"a-2\">Twee</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">Two</span></span>";
        let s = check(input);
        assert_eq!(s.stats.pairs, 1);
        assert_eq!(codes(&s), vec![CODE_UNTERMINATED]);
        assert_eq!(
            s.text,
            format!("Doel. Source without end\n\n{}", seg("Twee", "Two"))
        );
    }

    #[test]
    fn missing_one_closer_is_repaired() {
        let input = "<span data-ttu-id=\"a-1\">Doel.</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Source.</span> <span data-ttu-id=\"a-2\">Twee</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">Two</span></span>";
        let s = check(input);
        assert_eq!(s.stats.pairs, 2);
        assert_eq!(codes(&s), vec![CODE_UNTERMINATED]);
        assert_eq!(
            s.text,
            format!("{} {}", seg("Doel.", "Source."), seg("Twee", "Two"))
        );
    }

    #[test]
    fn mismatched_ids() {
        let input = r#"<span data-ttu-id="e8ad7-103">Ondersteuning krijgen</span><span class="sxs-lookup"><span data-stu-id="e8ad7-104">Get support</span></span>"#;
        let s = check(input);
        assert_eq!(s.text, seg("Ondersteuning krijgen", "Get support"));
        assert_eq!(codes(&s), vec![CODE_ID_MISMATCH]);
        assert!(
            s.findings[0].message.contains("e8ad7-103")
                && s.findings[0].message.contains("e8ad7-104")
        );
    }

    #[test]
    fn pair_inside_td() {
        let input = "<tr>\n<td><span data-ttu-id=\"74d71-158\">Kernzaken van eDiscovery in het Microsoft 365 compliancecentrum</span><span class=\"sxs-lookup\"><span data-stu-id=\"74d71-158\">Core eDiscovery cases in the Microsoft 365 compliance center</span></span> </td>\n</tr>";
        let s = check(input);
        assert_eq!(s.stats.pairs, 1);
        assert_eq!(
            resolve(&s.text, Side::Source),
            "<tr>\n<td>Core eDiscovery cases in the Microsoft 365 compliance center </td>\n</tr>"
        );
    }

    #[test]
    fn lenient_tag_syntax() {
        let input = "<SPAN  Data-TTU-ID = 'x-1' class=\"foo\" >Doel</Span ><span data-stu-id=x-1 CLASS=\"sxs-lookup\">Src</span>\n<span data-ttu-id=x-2>A</span>\n<span class=\"sxs-lookup\"\n><span data-stu-id=\"x-2\">B</span>\n</span>";
        let s = check(input);
        assert_eq!(s.stats.pairs, 2, "{:?} {:?}", s.text, s.findings);
        assert!(s.findings.is_empty(), "{:?}", s.findings);
        // Line breaks inside the markup between the sides stay with the
        // target, those between the closers with the source.
        assert_eq!(resolve(&s.text, Side::Target), "Doel\nA\n\n");
        assert_eq!(resolve(&s.text, Side::Source), "Src\nB\n");
    }

    #[test]
    fn fast_path_and_anchors() {
        let input = "# Titel\n\n<span id=\"1\" />\nGewone tekst [link](https://x.y)\n";
        let s = check(input);
        assert_eq!(s.text, input);
        assert_eq!(s.stats.untranslatable_lines, 2);
        assert!(matches!(resolve(input, Side::Target), Cow::Borrowed(_)));
    }

    #[test]
    fn leftovers_are_swept() {
        for input in [
            "<div data-ttu-id=\"a\">x</div>",
            "text data-stu-id=\"a\" more sxs-lookup SXS-LOOKUP",
            "<span data-ttu-id=\"a\" Ondersteuning</span>",
            "sxs-sxs-lookuplookup data-ttu-<span>id",
        ] {
            check(input);
        }
    }

    #[test]
    fn untranslatable_lines() {
        let input = "::: moniker range=\"o365-worldwide\"\n\n> [!NOTE]\n> <span data-ttu-id=\"a-1\">A</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">B</span></span>\n\n[!INCLUDE [x](../y.md)]\n\n![Alt tekst](../media/x.png)\n\n```powershell\nGet-Mailbox\n```\n\nLos <span data-ttu-id=\"a-2\">C</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">D</span></span>\n<https://example.com> `code` &nbsp;\n";
        let s = check(input);
        // Alt text and "Los" are outside pairs; directives, code and URLs are not.
        assert_eq!(s.stats.untranslatable_lines, 2);
    }

    #[test]
    fn resolve_is_defensive() {
        let t = format!(
            "a{SEG_MID}b{SEG_CLOSE}c{SEG_OPEN}d{SEG_OPEN}e{SEG_MID}f{SEG_CLOSE}g{SEG_MID}h"
        );
        assert_eq!(resolve(&t, Side::Target), "abcdeg");
        assert_eq!(resolve(&t, Side::Source), "abch");
        assert!(has_sentinels(&t));
        assert!(!has_sentinels("⸟⸢ plain"));
    }

    #[test]
    fn sentinels_in_input_are_neutralized() {
        let s = check(&format!("x{SEG_OPEN}y"));
        assert!(!has_sentinels(&s.text));
    }

    // -- the sentinels are punctuation for pulldown-cmark -----------------

    fn strong_texts(md: &str) -> Vec<String> {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let mut out = Vec::new();
        let mut cur: Option<String> = None;
        for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
            match ev {
                Event::Start(Tag::Strong) => cur = Some(String::new()),
                Event::End(TagEnd::Strong) => out.extend(cur.take()),
                Event::Text(t) => {
                    if let Some(c) = cur.as_mut() {
                        c.push_str(&t);
                    }
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn sentinels_keep_emphasis_flanking() {
        let pair = format!("{SEG_OPEN}**(Optioneel)** tekst{SEG_MID}text **done.**{SEG_CLOSE}");
        let contexts = [
            pair.clone(),
            format!("- {pair}"),
            format!("## {pair}"),
            format!("| a | b |\n|---|---|\n| {pair} | x |"),
        ];
        for md in &contexts {
            assert_eq!(
                strong_texts(md),
                vec!["(Optioneel)".to_string(), "done.".to_string()],
                "in {md:?}"
            );
        }
        // And they behave exactly like the tags they replace.
        let tags = "<span data-ttu-id=\"a-1\">**(Optioneel)** tekst</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">text **done.**</span></span>";
        assert_eq!(strong_texts(tags), vec!["(Optioneel)", "done."]);
        assert_eq!(scan(tags).text, pair);
        // Control: a non-punctuation character in the same place breaks it.
        let control = "\u{E000}**(Optioneel)** tekst\u{E001}text **done.**\u{E002}";
        assert_eq!(strong_texts(control), Vec::<String>::new());
    }

    // -- property: pair soups with corruptions ----------------------------

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn side() -> impl Strategy<Value = String> {
            prop::collection::vec(
                prop_oneof![
                    Just("woord".to_string()),
                    Just(" ".to_string()),
                    Just("\n".to_string()),
                    Just("**vet**".to_string()),
                    Just("[link](a.md)".to_string()),
                    Just("`code`".to_string()),
                    Just("\\|".to_string()),
                    Just("&quot;".to_string()),
                    Just("<a href=\"x\" target=\"_blank\">y</a>".to_string()),
                    Just("<sup>1</sup>".to_string()),
                    Just("<span class=\"underline\">u</span>".to_string()),
                    "[a-zA-Zé .,!?<>\"'=/-]{0,8}",
                ],
                0..6,
            )
            .prop_map(|v| v.concat())
        }

        fn quote() -> impl Strategy<Value = (&'static str, &'static str)> {
            prop_oneof![
                Just(("\"", "\"")),
                Just(("'", "'")),
                Just(("&quot;", "&quot;")),
                Just(("\"", "&quot;")),
                Just(("", "")),
            ]
        }

        #[derive(Debug, Clone)]
        enum Frag {
            Text(String),
            Pair(String, String, (&'static str, &'static str), bool),
        }

        fn frag() -> impl Strategy<Value = Frag> {
            prop_oneof![
                side().prop_map(Frag::Text),
                (side(), side(), quote(), any::<bool>())
                    .prop_map(|(t, s, q, nl)| Frag::Pair(t, s, q, nl)),
            ]
        }

        fn render(frags: &[Frag]) -> String {
            let mut out = String::new();
            for (n, f) in frags.iter().enumerate() {
                match f {
                    Frag::Text(t) => out.push_str(t),
                    Frag::Pair(t, s, (qo, qc), nl) => {
                        let gap = if *nl { "\n" } else { "" };
                        out.push_str(&format!(
                            "<span data-ttu-id={qo}ab-{n}{qc}>{t}</span>{gap}<span class={qo}sxs-lookup{qc}><span data-stu-id={qo}ab-{n}{qc}>{s}</span></span>"
                        ));
                    }
                }
            }
            out
        }

        #[derive(Debug, Clone)]
        enum Corrupt {
            Delete(usize, usize),
            Insert(usize, &'static str),
            Upper(usize, usize),
        }

        fn corrupt() -> impl Strategy<Value = Corrupt> {
            prop_oneof![
                (any::<usize>(), 1usize..12).prop_map(|(a, l)| Corrupt::Delete(a, l)),
                (
                    any::<usize>(),
                    prop::sample::select(vec![
                        "<span>",
                        "</span>",
                        "</span></span>",
                        "<span data-ttu-id=\"z\">",
                        "<span class=\"sxs-lookup\">",
                        "<span data-stu-id=\"q\">",
                        "\n",
                        "\"",
                        "&quot;",
                        ">",
                        "<",
                        "data-",
                        "sxs-",
                        "-id",
                        "lookup",
                        "ttu",
                        "stu",
                    ])
                )
                    .prop_map(|(a, s)| Corrupt::Insert(a, s)),
                (any::<usize>(), 1usize..30).prop_map(|(a, l)| Corrupt::Upper(a, l)),
            ]
        }

        fn apply(mut s: String, cs: &[Corrupt]) -> String {
            for c in cs {
                let len = s.len();
                let at = |a: usize, s: &String| {
                    let mut p = if len == 0 { 0 } else { a % (len + 1) };
                    while !s.is_char_boundary(p) {
                        p -= 1;
                    }
                    p
                };
                match c {
                    Corrupt::Delete(a, l) => {
                        let p = at(*a, &s);
                        let mut e = (p + l).min(len);
                        while !s.is_char_boundary(e) {
                            e += 1;
                        }
                        s.replace_range(p..e, "");
                    }
                    Corrupt::Insert(a, ins) => {
                        let p = at(*a, &s);
                        s.insert_str(p, ins);
                    }
                    Corrupt::Upper(a, l) => {
                        let p = at(*a, &s);
                        let mut e = (p + l).min(len);
                        while !s.is_char_boundary(e) {
                            e += 1;
                        }
                        let up = s[p..e].to_ascii_uppercase();
                        s.replace_range(p..e, &up);
                    }
                }
            }
            s
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

            #[test]
            fn clean_soups_resolve_to_each_side(frags in prop::collection::vec(frag(), 0..8)) {
                // Sides without tag-like noise resolve exactly.
                let frags: Vec<Frag> = frags
                    .into_iter()
                    .map(|f| match f {
                        Frag::Text(t) => Frag::Text(t.replace(['<', '>'], "")),
                        Frag::Pair(t, s, q, nl) => Frag::Pair(t.replace(['<', '>'], ""), s.replace(['<', '>'], ""), q, nl),
                    })
                    .collect();
                let input = render(&frags);
                let s = scan(&input);
                assert_clean(&input, &s);
                let mut want_t = String::new();
                let mut want_s = String::new();
                let mut pairs = 0;
                for f in &frags {
                    match f {
                        Frag::Text(t) => { want_t.push_str(t); want_s.push_str(t); }
                        Frag::Pair(t, s, _, nl) => {
                            pairs += 1;
                            want_t.push_str(t);
                            if *nl { want_t.push('\n'); }
                            want_s.push_str(s);
                        }
                    }
                }
                prop_assert_eq!(s.stats.pairs, pairs);
                prop_assert_eq!(resolve(&s.text, Side::Target), want_t);
                prop_assert_eq!(resolve(&s.text, Side::Source), want_s);
            }

            #[test]
            fn corrupted_soups_never_leak_markup(
                frags in prop::collection::vec(frag(), 0..8),
                cs in prop::collection::vec(corrupt(), 0..6),
            ) {
                let input = apply(render(&frags), &cs);
                let s = scan(&input);
                assert_clean(&input, &s);
                let _ = resolve(&s.text, Side::Target);
                let _ = resolve(&s.text, Side::Source);
                prop_assert!(s.findings.len() <= input.matches('<').count() + 1);
                for f in &s.findings {
                    prop_assert!(f.line >= 1 && f.column >= 1);
                    prop_assert!(f.line as usize <= input.matches('\n').count() + 1);
                }
            }
        }
    }

    // -- the real corpus ----------------------------------------------------

    #[test]
    fn whole_corpus() {
        use std::collections::BTreeMap;
        use std::path::{Path, PathBuf};
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let rel = "shared/corpus/m365-nl-NL/microsoft-365";
        let Some(root) = [
            manifest.join("..").join(rel),
            manifest.join("../..").join(rel),
        ]
        .into_iter()
        .find(|p| p.is_dir()) else {
            println!("skipped: corpus {rel} not found beside the project");
            return;
        };
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            let Ok(rd) = std::fs::read_dir(dir) else {
                return;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "md") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(&root, &mut files);
        files.sort();
        let texts: Vec<(PathBuf, String)> = files
            .into_iter()
            .map(|p| {
                let mut t = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                // The caller excludes front matter: blank it, keeping its lines.
                if t.starts_with("---") {
                    if let Some(end) = t[3..].find("\n---").map(|i| i + 3 + 4) {
                        let blank: String = t[..end].chars().filter(|&c| c == '\n').collect();
                        t.replace_range(..end, &blank);
                    }
                }
                (p, t)
            })
            .collect();
        let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
        let started = std::time::Instant::now();
        let mut total = PairStats::default();
        let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
        let mut examples: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (p, t) in &texts {
            let s = scan(t);
            let lower = s.text.to_ascii_lowercase();
            for m in ["data-ttu-id", "data-stu-id", "sxs-lookup"] {
                assert!(!lower.contains(m), "leftover {m} in {}", p.display());
            }
            assert_eq!(
                t.matches('\n').count(),
                s.text.matches('\n').count(),
                "{}",
                p.display()
            );
            total.pairs += s.stats.pairs;
            total.identical += s.stats.identical;
            total.malformed += s.stats.malformed;
            total.untranslatable_lines += s.stats.untranslatable_lines;
            for f in s.findings {
                *by_code.entry(f.code.name()).or_default() += 1;
                let ex = examples.entry(f.code.name()).or_default();
                if ex.len() < 3 {
                    let rel = p.strip_prefix(&root).unwrap_or(p);
                    ex.push(format!(
                        "{}:{}:{}: {}",
                        rel.display(),
                        f.line,
                        f.column,
                        f.message
                    ));
                }
            }
        }
        let elapsed = started.elapsed();
        println!(
            "corpus: {} files, {:.1} MB, scanned in {:?} (this build)",
            texts.len(),
            bytes as f64 / 1e6,
            elapsed
        );
        println!(
            "pairs {} identical {} malformed {} untranslatable_lines {}",
            total.pairs, total.identical, total.malformed, total.untranslatable_lines
        );
        for (c, n) in &by_code {
            println!("  {c}: {n}");
            for e in &examples[c] {
                println!("    {e}");
            }
        }
        assert!(total.pairs > 100_000);
    }
}
