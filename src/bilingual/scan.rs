//! The pair scanner: replaces bilingual span pairs by sentinels, repairs
//! what it can (stray tags, mismatched ids, mangled quotes) and reports
//! each repair as a finding.

use super::markup::{find_marker, is_ws, push_newlines, sweep_markers, tokenize, Kind, Tok};
use super::untranslatable::count_untranslatable_lines;
use super::*;
use memchr::memchr_iter;
use std::ops::Range;

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
