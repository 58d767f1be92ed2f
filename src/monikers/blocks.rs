//! Moniker blocks (`::: moniker range="…"` … `::: moniker-end`): a
//! line-based analysis of ONE file's text (a page body or an include), done
//! once per file; filtering per environment is then a cheap lookup
//! ([`BlockMap::keep`]).
//!
//! Rules (DocFX `MonikerRangeParser`, adapted to be lenient and loud):
//!
//! * Opener: optional leading whitespace (any amount) and `>` blockquote
//!   markers, ≥3 colons, optional spaces, `moniker` (any case), spaces,
//!   `range="…"`. `range=&quot;…&quot;`, `range='…'` and typographic quotes
//!   (`“…”`) are accepted with warning `moniker-range-quotes`. A missing
//!   `range=` or closing quote gives `moniker-block-invalid` and the line
//!   stays ordinary text. Junk after the closing quote gives
//!   `moniker-block-trailing`; the block still opens.
//! * End: optional whitespace/`>` markers, ≥3 colons, optional spaces,
//!   `moniker-end` (any case). A colon count different from the opener's
//!   gives `moniker-end-colons` (it closes anyway); trailing junk gives
//!   `moniker-block-trailing` (it closes anyway).
//! * No nesting: an opener while a block is open gives
//!   `moniker-block-nested`; the previous block is closed at that line and a
//!   new one opens. An end with no open block gives `moniker-end-stray` and
//!   the line is dropped (a marker never reaches a page).
//! * An unclosed block gives `moniker-block-unclosed`; its content stays
//!   governed by its range to the end of the text (never silently lost).
//! * A range that does not evaluate gives the error `moniker-range-invalid`;
//!   the block's content is then kept in every environment.
//! * Fenced code (the rules of [`crate::fence`]) is tracked over the whole
//!   text: lines inside a fence are content, never markers — except
//!   that while a moniker block is open, an end marker inside a fence that
//!   was opened within the block closes both the fence and the block (DocFX
//!   closes the block's child containers at its end marker); nothing is
//!   reported for that.
//!
//! The analysis ignores Markdown containers otherwise (list items,
//! blockquotes): marker lines are recognized at any indentation and simply
//! removed from the output.

use super::{Catalog, MonikerSet, RangeErrorKind};
use crate::diagnostics::{Code, Finding};
use crate::fence::FenceTracker;

/// What a line of the analysed text is.
#[derive(Debug, Clone, PartialEq)]
pub enum LineClass {
    /// Ordinary content outside any moniker block: always output.
    Normal,
    /// An opener/closer/stray marker line: never output.
    Marker,
    /// Content inside block number `b` (index into [`BlockMap::blocks`]).
    InBlock(u32),
}

/// One moniker block.
#[derive(Debug, Clone)]
pub struct Block {
    /// 0-based line of the opener.
    pub open_line: u32,
    /// 0-based line of the marker that closed it (its `::: moniker-end`, or
    /// the next opener when blocks were wrongly nested); `None` if unclosed.
    pub close_line: Option<u32>,
    /// The range exactly as written between the quotes.
    pub range_text: String,
    /// `None` when the range failed to parse (error reported); such a
    /// block's content is kept in every environment.
    pub monikers: Option<MonikerSet>,
}

/// Result of [`analyze`].
#[derive(Debug, Clone, Default)]
pub struct BlockMap {
    /// One per line of the text, as split by `'\n'`.
    pub lines: Vec<LineClass>,
    pub blocks: Vec<Block>,
}

impl BlockMap {
    /// True when the text has at least one marker line (opener, closer or
    /// stray end), i.e. when filtering can change it.
    pub fn has_blocks(&self) -> bool {
        !self.blocks.is_empty() || self.lines.contains(&LineClass::Marker)
    }

    /// Should 0-based line `i` be output for environment `env` (catalog
    /// index)? Lines beyond the text are kept (`true`).
    pub fn keep(&self, i: usize, env: usize) -> bool {
        match self.lines.get(i) {
            None | Some(LineClass::Normal) => true,
            Some(LineClass::Marker) => false,
            Some(LineClass::InBlock(b)) => self
                .blocks
                .get(*b as usize)
                .and_then(|b| b.monikers.as_ref())
                .is_none_or(|s| s.contains(env)),
        }
    }
}

// ---------------------------------------------------------------------------
// Line recognizers

/// Byte index after leading spaces/tabs and `>` blockquote markers.
fn skip_prefix(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t', '>']).len()
}

fn char_col(line: &str, byte: usize) -> u32 {
    line[..byte].chars().count() as u32 + 1
}

fn starts_with_ci(s: &str, kw: &str) -> bool {
    s.get(..kw.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(kw))
}

enum RawMarker {
    /// `colon_byte`: where the colons start; `after`: byte after `moniker`.
    Open {
        colons: usize,
        colon_byte: usize,
        after: usize,
    },
    /// `after`: byte after `moniker-end`.
    End {
        colons: usize,
        colon_byte: usize,
        after: usize,
    },
}

fn raw_marker(line: &str) -> Option<RawMarker> {
    let p = skip_prefix(line);
    let colons = line[p..].len() - line[p..].trim_start_matches(':').len();
    if colons < 3 {
        return None;
    }
    let after_colons = p + colons;
    let q = line.len() - line[after_colons..].trim_start_matches([' ', '\t']).len();
    let rest = &line[q..];
    if starts_with_ci(rest, "moniker-end") {
        return Some(RawMarker::End {
            colons,
            colon_byte: p,
            after: q + "moniker-end".len(),
        });
    }
    if starts_with_ci(rest, "moniker") && rest[7..].chars().next().is_none_or(char::is_whitespace) {
        return Some(RawMarker::Open {
            colons,
            colon_byte: p,
            after: q + "moniker".len(),
        });
    }
    None
}

/// A well-formed opener.
struct Opener {
    range: String,
    /// Byte offset of the range value within the line.
    value_byte: usize,
}

/// Parse the part after `::: moniker`. `Err` = not an opener (warning).
fn parse_opener(
    line: &str,
    after: usize,
    lineno: u32,
    col: u32,
    findings: &mut Vec<Finding>,
) -> Result<Opener, Finding> {
    let rest_start = line.len() - line[after..].trim_start().len();
    let rest = &line[rest_start..];
    if !starts_with_ci(rest, "range=") {
        return Err(Finding::warning(
            Code::MonikerBlockInvalid,
            lineno,
            col,
            "Invalid moniker block opener: expected `range=\"…\"` after `::: moniker`; the line is kept as text.",
        )
        .with_hint("Write it as ::: moniker range=\"o365-worldwide\""));
    }
    let v = rest_start + "range=".len();
    let after_eq = &line[v..];
    let quotes: [(&str, &str, bool); 5] = [
        ("\"", "\"", true),
        ("&quot;", "&quot;", false),
        ("'", "'", false),
        ("\u{201c}", "\u{201d}", false),
        ("\u{201d}", "\u{201d}", false),
    ];
    let Some(&(open_q, close_q, standard)) =
        quotes.iter().find(|(o, _, _)| after_eq.starts_with(o))
    else {
        return Err(Finding::warning(
            Code::MonikerBlockInvalid,
            lineno,
            char_col(line, v),
            "Invalid moniker block opener: the range must be quoted (`range=\"…\"`); the line is kept as text.",
        ));
    };
    let value_byte = v + open_q.len();
    let Some(len) = line[value_byte..].find(close_q) else {
        return Err(Finding::warning(
            Code::MonikerBlockInvalid,
            lineno,
            char_col(line, v),
            format!(
                "Invalid moniker block opener: no closing {close_q} after range={open_q}; the line is kept as text."
            ),
        ));
    };
    if !standard {
        findings.push(
            Finding::warning(
                Code::MonikerRangeQuotes,
                lineno,
                char_col(line, v),
                format!("Non-standard quoting of a moniker range: range={open_q}…{close_q}."),
            )
            .with_hint("Use plain double quotes: range=\"…\""),
        );
    }
    let junk_at = value_byte + len + close_q.len();
    if !line[junk_at..].trim().is_empty() {
        let junk_start = line.len() - line[junk_at..].trim_start().len();
        findings.push(Finding::warning(
            Code::MonikerBlockTrailing,
            lineno,
            char_col(line, junk_start),
            format!(
                "Unexpected text after the moniker range: '{}'; the block opens anyway.",
                line[junk_at..].trim()
            ),
        ));
    }
    Ok(Opener {
        range: line[value_byte..value_byte + len].to_string(),
        value_byte,
    })
}

// ---------------------------------------------------------------------------
// Analysis

struct OpenBlock {
    index: u32,
    colons: usize,
}

/// Analyse `text`. Findings use 1-based line/column relative to `text`.
pub fn analyze(text: &str, catalog: &Catalog) -> (BlockMap, Vec<Finding>) {
    let mut map = BlockMap::default();
    let mut findings = Vec::new();
    let mut open: Option<OpenBlock> = None;
    let mut fence = FenceTracker::default();

    for (i, raw) in text.split('\n').enumerate() {
        let i = i as u32;
        let lineno = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let content = match &open {
            Some(o) => LineClass::InBlock(o.index),
            None => LineClass::Normal,
        };

        if fence.is_open() {
            // Inside a fence only a block's end marker means anything.
            if open.is_some() {
                if let Some(RawMarker::End {
                    colons,
                    colon_byte,
                    after,
                }) = raw_marker(line)
                {
                    let o = open.take().expect("checked");
                    close_block(
                        &mut map,
                        &mut findings,
                        o,
                        line,
                        i,
                        colons,
                        colon_byte,
                        after,
                    );
                    fence.close();
                    map.lines.push(LineClass::Marker);
                    continue;
                }
            }
            fence.line(line);
            map.lines.push(content);
            continue;
        }

        match raw_marker(line) {
            Some(RawMarker::End {
                colons,
                colon_byte,
                after,
            }) => {
                match open.take() {
                    Some(o) => close_block(
                        &mut map,
                        &mut findings,
                        o,
                        line,
                        i,
                        colons,
                        colon_byte,
                        after,
                    ),
                    None => findings.push(
                        Finding::warning(
                            Code::MonikerEndStray,
                            lineno,
                            char_col(line, colon_byte),
                            "`::: moniker-end` without an open moniker block; the line is dropped.",
                        )
                        .with_hint(
                            "Remove it, or add the missing `::: moniker range=\"…\"` opener",
                        ),
                    ),
                }
                map.lines.push(LineClass::Marker);
            }
            Some(RawMarker::Open {
                colons,
                colon_byte,
                after,
            }) => {
                let col = char_col(line, colon_byte);
                match parse_opener(line, after, lineno, col, &mut findings) {
                    Err(f) => {
                        findings.push(f);
                        map.lines.push(content);
                    }
                    Ok(op) => {
                        if let Some(prev) = open.take() {
                            let b = &mut map.blocks[prev.index as usize];
                            b.close_line = Some(i);
                            findings.push(
                                Finding::warning(
                                    Code::MonikerBlockNested,
                                    lineno,
                                    col,
                                    format!(
                                        "Moniker blocks cannot nest: the block opened on line {} (range \"{}\") is still open; tolk closes it here and opens a new block for range \"{}\".",
                                        b.open_line + 1,
                                        b.range_text,
                                        op.range
                                    ),
                                )
                                .with_hint("Add `::: moniker-end` before this line"),
                            );
                        }
                        let monikers = evaluate(catalog, line, lineno, &op, &mut findings);
                        let index = map.blocks.len() as u32;
                        map.blocks.push(Block {
                            open_line: i,
                            close_line: None,
                            range_text: op.range,
                            monikers,
                        });
                        open = Some(OpenBlock { index, colons });
                        map.lines.push(LineClass::Marker);
                    }
                }
            }
            None => {
                fence.line(line);
                map.lines.push(content);
            }
        }
    }

    if let Some(o) = open {
        let b = &map.blocks[o.index as usize];
        let line = text
            .split('\n')
            .nth(b.open_line as usize)
            .unwrap_or("")
            .trim_end_matches('\r');
        findings.push(
            Finding::warning(
                Code::MonikerBlockUnclosed,
                b.open_line + 1,
                char_col(line, skip_prefix(line)),
                format!(
                    "No `::: moniker-end` found for the moniker block opened on line {} (range \"{}\"); its range applies to the end of the file.",
                    b.open_line + 1,
                    b.range_text
                ),
            )
            .with_hint("Add `::: moniker-end` where the versioned content ends"),
        );
    }

    (map, findings)
}

#[allow(clippy::too_many_arguments)]
fn close_block(
    map: &mut BlockMap,
    findings: &mut Vec<Finding>,
    o: OpenBlock,
    line: &str,
    i: u32,
    colons: usize,
    colon_byte: usize,
    after: usize,
) {
    let b = &mut map.blocks[o.index as usize];
    b.close_line = Some(i);
    let lineno = i + 1;
    if colons != o.colons {
        findings.push(
            Finding::warning(
                Code::MonikerEndColons,
                lineno,
                char_col(line, colon_byte),
                format!(
                    "`moniker-end` has {colons} colons but the block opened on line {} has {}; tolk closes the block anyway.",
                    b.open_line + 1,
                    o.colons
                ),
            )
            .with_hint("DocFX only closes a moniker block with the same number of colons as its opener"),
        );
    }
    let junk = line[after..].trim();
    if !junk.is_empty() {
        let junk_start = line.len() - line[after..].trim_start().len();
        findings.push(Finding::warning(
            Code::MonikerBlockTrailing,
            lineno,
            char_col(line, junk_start),
            format!("Unexpected text after `moniker-end`: '{junk}'; the block closes anyway."),
        ));
    }
}

fn evaluate(
    catalog: &Catalog,
    line: &str,
    lineno: u32,
    op: &Opener,
    findings: &mut Vec<Finding>,
) -> Option<MonikerSet> {
    match catalog.parse_range(&op.range) {
        Ok(set) => Some(set),
        Err(e) => {
            let col = char_col(line, op.value_byte + e.offset);
            let mut f = Finding::error(Code::MonikerRangeInvalid, lineno, col, e.message.clone());
            f = match e.kind {
                RangeErrorKind::UnknownMoniker if catalog.is_empty() => f.with_hint(
                    "No monikers are defined for this docset; the block's content is kept in every environment",
                ),
                RangeErrorKind::UnknownMoniker => f.with_hint(format!(
                    "Known monikers: {}",
                    catalog.names(&catalog.all()).join(", ")
                )),
                RangeErrorKind::Empty => f.with_hint(
                    "Give the block a range, e.g. range=\"o365-worldwide\"; its content is kept in every environment",
                ),
                _ => f.with_hint(
                    "Syntax: comparators like `>= a` side by side intersect, `||` unions; the block's content is kept in every environment",
                ),
            };
            findings.push(f);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use proptest::prelude::*;

    fn cat() -> Catalog {
        Catalog::single_product(["o365-worldwide", "o365-21vianet", "o365-germany"])
    }
    const WW: usize = 0;
    const CN: usize = 1;
    const DE: usize = 2;

    /// The text kept for `env`, lines joined by '\n'.
    fn render(text: &str, env: usize) -> String {
        let (map, _) = analyze(text, &cat());
        text.split('\n')
            .enumerate()
            .filter(|(i, _)| map.keep(*i, env))
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn codes(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.code.name()).collect()
    }

    // admin/setup/setup-business-basic.md (shortened): opener indented by a
    // space, list items split across zones, trailing space after an end.
    const SPLIT_LIST: &str = "- Als u tijdens de registratie een nieuw domein hebt gekocht.

 ::: moniker range=\"o365-worldwide\"

1. Ga naar het beheercentrum via <a href=\"https://go.microsoft.com/fwlink/p/?linkid=2024339\">Setup</a>.

::: moniker-end

::: moniker range=\"o365-germany\"

1. Ga naar het beheercentrum op <a href=\"https://go.microsoft.com/fwlink/p/?linkid=2024340\">Setup</a>.

::: moniker-end

::: moniker range=\"o365-21vianet\"

1. Ga naar het beheercentrum op <a href=\"https://go.microsoft.com/fwlink/p/?linkid=2024341\">Setup</a>.

::: moniker-end 

2. Kies **Naar setup** om de wizard te starten.";

    #[test]
    fn split_numbered_list() {
        let (map, f) = analyze(SPLIT_LIST, &cat());
        assert!(f.is_empty(), "{f:?}");
        assert!(map.has_blocks());
        assert_eq!(map.blocks.len(), 3);
        assert_eq!(map.blocks[0].open_line, 2);
        assert_eq!(map.blocks[0].close_line, Some(6));
        assert_eq!(map.blocks[2].range_text, "o365-21vianet");
        assert_eq!(map.lines.len(), SPLIT_LIST.split('\n').count());
        assert_eq!(map.lines[4], LineClass::InBlock(0));
        assert_eq!(map.lines[18], LineClass::Marker);
        let ww = render(SPLIT_LIST, WW);
        assert!(ww.contains("linkid=2024339") && !ww.contains("linkid=2024340"));
        assert!(ww.contains("2. Kies"));
        assert!(!ww.contains(":::"));
        let cn = render(SPLIT_LIST, CN);
        assert!(cn.contains("linkid=2024341") && !cn.contains("linkid=2024339"));
        let de = render(SPLIT_LIST, DE);
        assert!(de.contains("linkid=2024340") && !de.contains("linkid=2024341"));
        assert!(de.starts_with("- Als u"));
    }

    // admin/email/configure-email-forwarding.md: one `::: moniker-end` too many.
    const STRAY: &str = "4. Selecteer **Wijzigingen opslaan**.

::: moniker-end

::: moniker range=\"o365-germany\"

1. Ga naar het beheercentrum.

::: moniker-end";

    #[test]
    fn stray_end_is_dropped_and_warned() {
        let (map, f) = analyze(STRAY, &cat());
        assert_eq!(codes(&f), ["moniker-end-stray"]);
        assert_eq!((f[0].line, f[0].column), (3, 1));
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(map.lines[2], LineClass::Marker);
        assert!(!render(STRAY, WW).contains(":::"));
        assert_eq!(
            render(STRAY, WW),
            "4. Selecteer **Wijzigingen opslaan**.\n\n"
        );
        assert!(render(STRAY, DE).contains("1. Ga naar"));
    }

    #[test]
    fn unclosed_block_runs_to_end() {
        let text = "Intro\n::: moniker range=\"o365-21vianet\"\nChina only\n\nStill China";
        let (map, f) = analyze(text, &cat());
        assert_eq!(codes(&f), ["moniker-block-unclosed"]);
        assert_eq!((f[0].line, f[0].column), (2, 1));
        assert!(f[0].message.contains("line 2") && f[0].message.contains("o365-21vianet"));
        assert_eq!(map.blocks[0].close_line, None);
        assert_eq!(render(text, CN), "Intro\nChina only\n\nStill China");
        assert_eq!(render(text, WW), "Intro");
    }

    #[test]
    fn invalid_range_reports_column_and_keeps_content() {
        //          1234567890123456789012345678901
        let text = "  ::: moniker range=\">= o365-worldwide ||\"\nkept\n::: moniker-end";
        let (map, f) = analyze(text, &cat());
        assert_eq!(codes(&f), ["moniker-range-invalid"]);
        assert_eq!(f[0].severity, Severity::Error);
        // value starts at column 22; error offset 20 (after `|| `, at end)
        assert_eq!((f[0].line, f[0].column), (1, 22 + 20));
        assert!(f[0]
            .message
            .starts_with("Invalid moniker range: Expect a comparator set"));
        assert!(map.blocks[0].monikers.is_none());
        for env in [WW, CN, DE] {
            assert_eq!(render(text, env), "kept");
        }
    }

    #[test]
    fn unknown_moniker_and_empty() {
        let text = "::: moniker range=\"o365-worldwide || o365-gcc\"\nx\n::: moniker-end\n::: moniker range=\"\"\ny\n::: moniker-end";
        let (_, f) = analyze(text, &cat());
        assert_eq!(
            codes(&f),
            ["moniker-range-invalid", "moniker-range-invalid"]
        );
        assert!(f[0].message.contains("Moniker 'o365-gcc' is not defined"));
        assert_eq!(f[0].column, 20 + 18);
        assert_eq!(
            f[0].hint.as_deref(),
            Some("Known monikers: o365-worldwide, o365-21vianet, o365-germany")
        );
        assert_eq!((f[1].line, f[1].column), (4, 20));
        assert!(f[1].message.contains("empty"));
    }

    #[test]
    fn fenced_code_hides_markers() {
        let text = "```markdown\n::: moniker range=\"o365-germany\"\nvoorbeeld\n::: moniker-end\n```\n::: moniker-end\nna";
        let (map, f) = analyze(text, &cat());
        assert!(map.blocks.is_empty());
        assert_eq!(codes(&f), ["moniker-end-stray"]);
        assert_eq!(f[0].line, 6);
        assert_eq!(
            &map.lines[..5],
            &[
                LineClass::Normal,
                LineClass::Normal,
                LineClass::Normal,
                LineClass::Normal,
                LineClass::Normal
            ]
        );
        // A shorter or different fence does not close; tildes in blockquote.
        let text = "> ~~~~\n> ::: moniker-end\n> ~~~\n> ~~~~~ \nafter\n::: moniker-end";
        let (map, f) = analyze(text, &cat());
        assert_eq!(map.lines[1], LineClass::Normal);
        assert_eq!(map.lines[2], LineClass::Normal);
        assert_eq!(map.lines[5], LineClass::Marker);
        assert_eq!(codes(&f), ["moniker-end-stray"]);
    }

    #[test]
    fn fence_left_open_closes_at_block_end() {
        let text = "::: moniker range=\"o365-worldwide\"\n```powershell\nGet-Mailbox\n::: moniker-end\n::: moniker range=\"o365-germany\"\nDE\n::: moniker-end";
        let (map, f) = analyze(text, &cat());
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(map.blocks.len(), 2);
        assert_eq!(map.blocks[0].close_line, Some(3));
        assert_eq!(render(text, DE), "DE");
        assert_eq!(render(text, WW), "```powershell\nGet-Mailbox");
    }

    #[test]
    fn crlf_and_case_and_blockquote() {
        let text =
            "::: Moniker range=\"O365-Germany\"\r\n> DE\r\n   >  :::  MONIKER-END\r\nall\r\n";
        let (map, f) = analyze(text, &cat());
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(map.lines.len(), 5);
        assert_eq!(
            map.lines,
            [
                LineClass::Marker,
                LineClass::InBlock(0),
                LineClass::Marker,
                LineClass::Normal,
                LineClass::Normal
            ]
        );
        assert_eq!(render(text, DE), "> DE\r\nall\r\n");
        assert_eq!(render(text, WW), "all\r\n");
    }

    #[test]
    fn nested_opener_closes_previous() {
        let text = "::: moniker range=\"o365-worldwide\"\nWW\n::: moniker range=\"o365-germany\"\nDE\n::: moniker-end";
        let (map, f) = analyze(text, &cat());
        assert_eq!(codes(&f), ["moniker-block-nested"]);
        assert_eq!(f[0].line, 3);
        assert!(f[0].message.contains("line 1") && f[0].message.contains("closes it here"));
        assert_eq!(map.blocks[0].close_line, Some(2));
        assert_eq!(render(text, WW), "WW");
        assert_eq!(render(text, DE), "DE");
    }

    #[test]
    fn opener_variants() {
        // No closing quote: stays text, its end becomes stray.
        let text = "::: moniker range=\"o365-germany\nx\n::: moniker-end";
        let (map, f) = analyze(text, &cat());
        assert_eq!(codes(&f), ["moniker-block-invalid", "moniker-end-stray"]);
        assert_eq!((f[0].line, f[0].column), (1, 19));
        assert_eq!(map.lines[0], LineClass::Normal);
        assert!(map.blocks.is_empty());
        // Missing range=.
        let (_, f) = analyze("::: moniker o365-germany", &cat());
        assert_eq!(codes(&f), ["moniker-block-invalid"]);
        // Lenient quotes.
        for q in [
            "::: moniker range=&quot;o365-germany&quot;",
            "::: moniker range='o365-germany'",
            "::: moniker range=\u{201c}o365-germany\u{201d}",
        ] {
            let text = format!("{q}\nDE\n::: moniker-end");
            let (map, f) = analyze(&text, &cat());
            assert_eq!(codes(&f), ["moniker-range-quotes"], "{q}");
            assert_eq!(map.blocks[0].range_text, "o365-germany");
            assert_eq!(render(&text, WW), "");
        }
        // Junk after the quote and after the end; different colon count.
        let text = "::: moniker range=\"o365-germany\" extra\nDE\n:::: moniker-end junk";
        let (map, f) = analyze(text, &cat());
        assert_eq!(
            codes(&f),
            [
                "moniker-block-trailing",
                "moniker-end-colons",
                "moniker-block-trailing"
            ]
        );
        assert_eq!(f[0].column, 34);
        assert_eq!(f[2].column, 18);
        assert_eq!(map.blocks[0].close_line, Some(2));
        // Not markers at all.
        let (map, f) = analyze(
            ":: moniker range=\"x\"\n:::monikers\n:::image type=\"content\":::",
            &cat(),
        );
        assert!(f.is_empty() && !map.has_blocks());
    }

    /// The warnings about a `moniker-end` point at the end's own line (an
    /// editor jumps there), not at the line above it.
    #[test]
    fn end_warnings_carry_the_end_line() {
        let text = "Intro\n::: moniker range=\"o365-germany\"\nDE\n:::: moniker-end junk\nOutro";
        let (_, f) = analyze(text, &cat());
        assert_eq!(codes(&f), ["moniker-end-colons", "moniker-block-trailing"]);
        assert_eq!((f[0].line, f[0].column), (4, 1));
        assert_eq!((f[1].line, f[1].column), (4, 18));
        assert!(
            f[0].message.contains("opened on line 2"),
            "{}",
            f[0].message
        );
    }

    /// Each kind of invalid range gets the hint that fixes it.
    #[test]
    fn invalid_range_hints() {
        let text = "::: moniker range=\"\"\ny\n::: moniker-end";
        let (_, f) = analyze(text, &cat());
        assert_eq!(codes(&f), ["moniker-range-invalid"]);
        assert!(
            f[0].hint
                .as_deref()
                .unwrap()
                .starts_with("Give the block a range"),
            "{:?}",
            f[0].hint
        );
        // A docset that defines no monikers at all.
        let none = Catalog::single_product(Vec::<&str>::new());
        assert!(none.is_empty());
        let (map, f) = analyze(
            "::: moniker range=\"o365-worldwide\"\nx\n::: moniker-end",
            &none,
        );
        assert_eq!(codes(&f), ["moniker-range-invalid"]);
        assert!(
            f[0].hint
                .as_deref()
                .unwrap()
                .starts_with("No monikers are defined"),
            "{:?}",
            f[0].hint
        );
        assert!(map.keep(1, 0));
    }

    #[test]
    fn no_blocks() {
        let (map, f) = analyze("", &cat());
        assert_eq!(map.lines, [LineClass::Normal]);
        assert!(f.is_empty() && !map.has_blocks());
        assert!(map.keep(99, WW));
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC*") {
            let (map, _) = analyze(&text, &cat());
            prop_assert_eq!(map.lines.len(), text.split('\n').count());
        }

        #[test]
        fn never_panics_on_marker_soup(parts in prop::collection::vec(prop::sample::select(vec![
            "::: moniker range=\"o365-germany\"", " ::: moniker-end", ":::: moniker-end x",
            "::: moniker range=\"", "::: moniker range='>=o365-worldwide'", "```", "~~~~", "> ```",
            "text", "", "\r", "::: moniker range=\"bad ||\"", "é ::: moniker", "::: moniker-end\u{201d}",
        ]), 0..20)) {
            let text = parts.join("\n");
            let (map, findings) = analyze(&text, &cat());
            prop_assert_eq!(map.lines.len(), text.split('\n').count());
            for f in findings {
                prop_assert!(f.line >= 1 && f.column >= 1);
            }
            for (i, l) in map.lines.iter().enumerate() {
                if let LineClass::InBlock(b) = l {
                    prop_assert!((*b as usize) < map.blocks.len());
                    prop_assert!(map.blocks[*b as usize].open_line < i as u32);
                }
            }
        }
    }
}
