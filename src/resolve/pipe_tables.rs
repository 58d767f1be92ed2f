//! Markdig's pipe tables on a GFM parser: table source lines are rewritten so
//! that pulldown-cmark (strict GFM) reads them as DocFX's Markdig does.
//!
//! Markdig (`PipeTableSpecs.md`) differs from GFM in three ways this pass
//! irons out, line by line, before parsing:
//!
//! * the delimiter row needs a separator for each **header** column, not
//!   exactly as many: a longer delimiter row is cut to the header's cells
//!   (rows are normalized to the header: extra cells dropped, missing ones
//!   empty, which pulldown-cmark already does);
//! * an empty separator cell is allowed when another one has dashes;
//! * code spans, inline HTML and links take priority over the column
//!   delimiter `|`: a `|` inside them is escaped (`\|` in code spans and
//!   links, `&#124;` inside an HTML tag) so that it stays in its cell.
//!
//! `\|` is an escaped pipe in both parsers. Lines keep their number, so
//! origins stay valid; lines in fenced code blocks are left alone.

use crate::fence::{FenceLine, FenceTracker};
use crate::source::LineOrigin;

/// Rewrite the pipe tables of composed lines (see the module documentation).
pub fn normalize(mut lines: Vec<(String, LineOrigin)>) -> Vec<(String, LineOrigin)> {
    if !lines.iter().any(|(l, _)| l.contains('|')) {
        return lines;
    }
    let mut fences = FenceTracker::default();
    let mut code: Vec<bool> = Vec::with_capacity(lines.len());
    for (l, _) in &lines {
        code.push(fences.line(l) != FenceLine::Text);
    }
    let mut i = 0;
    while i + 1 < lines.len() {
        // A table starts a paragraph (Markdig: every line of the paragraph
        // belongs to the table), so the line before must end a block.
        let after_text =
            i > 0 && !code[i - 1] && !is_blank(&lines[i - 1].0) && !starts_block(&lines[i - 1].0);
        if code[i] || code[i + 1] || after_text {
            i += 1;
            continue;
        }
        let Some(table) = Table::detect(&lines[i].0, &lines[i + 1].0) else {
            i += 1;
            continue;
        };
        lines[i].0 = match &table.header {
            Some(h) => h.clone(),
            None => protect(&lines[i].0),
        };
        if let Some(d) = &table.delimiter {
            lines[i + 1].0 = d.clone();
        }
        let mut j = i + 2;
        while j < lines.len() && !code[j] && table.continues(&lines[j].0) {
            lines[j].0 = protect(&lines[j].0);
            j += 1;
        }
        i = j;
    }
    lines
}

fn is_blank(l: &str) -> bool {
    l.trim_matches([' ', '\t', '>']).is_empty()
}

/// A line after which a new block may start without a blank line (the lines
/// tolk itself writes for DocFX blocks, headings).
fn starts_block(l: &str) -> bool {
    let t = l.trim_start();
    t.starts_with('#') || (t.starts_with('<') && t.ends_with('>') && !t.contains('|'))
}

/// The container prefix of a line: its leading spaces, tabs and `>` markers.
fn prefix(l: &str) -> &str {
    let end = l
        .find(|c: char| !matches!(c, ' ' | '\t' | '>'))
        .unwrap_or(l.len());
    &l[..end]
}

fn quote_depth(p: &str) -> usize {
    p.matches('>').count()
}

struct Table {
    quotes: usize,
    /// A rewritten header row, when it needs one.
    header: Option<String>,
    /// A rewritten delimiter row, when it needs one.
    delimiter: Option<String>,
}

impl Table {
    fn detect(header: &str, delim: &str) -> Option<Table> {
        let (hp, dp) = (prefix(header), prefix(delim));
        if quote_depth(hp) != quote_depth(dp) {
            return None;
        }
        let h = cells(&header[hp.len()..]);
        if h.pipes == 0 {
            return None;
        }
        let d = cells(&delim[dp.len()..]);
        if d.pipes == 0 && d.cells.len() < 2 {
            // A single `---` line is a setext heading or a rule.
            if !delim[dp.len()..].starts_with('|') {
                return None;
            }
        }
        let mut dashes = 0;
        for c in &d.cells {
            let t = c.trim();
            if t.is_empty() {
                continue;
            }
            let core = t.strip_prefix(':').unwrap_or(t);
            let core = core.strip_suffix(':').unwrap_or(core);
            if core.is_empty() || !core.bytes().all(|b| b == b'-') {
                return None;
            }
            dashes += 1;
        }
        let n = h.cells.len();
        if dashes == 0 || d.cells.len() < n {
            return None;
        }
        if h.cells.iter().all(|c| c.trim().is_empty()) && d.cells.len() > n {
            // A header of empty cells (` |`): as many as the delimiter row has.
            let mut header = String::from(hp);
            header.push('|');
            for _ in &d.cells {
                header.push_str(" |");
            }
            let mut delim_row = String::from(dp);
            delim_row.push('|');
            for c in &d.cells {
                let t = c.trim();
                delim_row.push_str(if t.is_empty() { "---" } else { t });
                delim_row.push('|');
            }
            return Some(Table {
                quotes: quote_depth(hp),
                header: Some(header),
                delimiter: Some(delim_row),
            });
        }
        let rewrite = d.cells.len() != n || d.cells[..n].iter().any(|c| c.trim().is_empty());
        let delimiter = rewrite.then(|| {
            let mut s = String::from(dp);
            s.push('|');
            for c in &d.cells[..n] {
                let t = c.trim();
                s.push_str(if t.is_empty() { "---" } else { t });
                s.push('|');
            }
            s
        });
        Some(Table {
            quotes: quote_depth(hp),
            header: None,
            delimiter,
        })
    }

    /// Whether `l` is a further row: not blank, in the same quote.
    fn continues(&self, l: &str) -> bool {
        !is_blank(l) && quote_depth(prefix(l)) == self.quotes
    }
}

struct Cells<'a> {
    cells: Vec<&'a str>,
    /// Column delimiters (unescaped `|` outside code, HTML and links).
    pipes: usize,
}

/// What a byte range of a row is, for the delimiter search.
#[derive(Clone, Copy, PartialEq)]
enum Span {
    Code,
    Html,
    Link,
}

/// The protected spans of a row: code spans, inline HTML tags, links.
fn spans(s: &str) -> Vec<(usize, usize, Span)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => {
                let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                let mut k = i + run;
                let mut end = None;
                while k < b.len() {
                    if b[k] == b'`' {
                        let r = b[k..].iter().take_while(|&&c| c == b'`').count();
                        if r == run {
                            end = Some(k + r);
                            break;
                        }
                        k += r;
                    } else {
                        k += 1;
                    }
                }
                match end {
                    Some(e) => {
                        out.push((i, e, Span::Code));
                        i = e;
                    }
                    None => i += run,
                }
            }
            b'<' => match html_tag_end(b, i) {
                Some(e) => {
                    out.push((i, e, Span::Html));
                    i = e;
                }
                None => i += 1,
            },
            b'[' => match link_end(b, i) {
                Some(e) => {
                    out.push((i, e, Span::Link));
                    i = e;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    out
}

/// End of an inline HTML tag starting at `i` (`<name …>`, `</name>`, `<!-- … -->`).
fn html_tag_end(b: &[u8], i: usize) -> Option<usize> {
    let rest = &b[i + 1..];
    if rest.starts_with(b"!--") {
        let close = rest.windows(3).position(|w| w == b"-->")?;
        return Some(i + 1 + close + 3);
    }
    let name_at = usize::from(rest.first() == Some(&b'/'));
    if !rest.get(name_at)?.is_ascii_alphabetic() {
        return None;
    }
    let mut k = i + 1 + name_at;
    let mut quote: Option<u8> = None;
    while k < b.len() {
        match (quote, b[k]) {
            (None, b'"' | b'\'') => quote = Some(b[k]),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return Some(k + 1),
            (None, b'<') => return None,
            _ => {}
        }
        k += 1;
    }
    None
}

/// End of an inline link or image `[…](…)` starting at `i` (balanced
/// brackets and parentheses, escapes and code spans honoured).
fn link_end(b: &[u8], i: usize) -> Option<usize> {
    let mut depth = 0;
    let mut k = i;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 1,
            b'`' => {
                let run = b[k..].iter().take_while(|&&c| c == b'`').count();
                let close = b[k + run..]
                    .windows(run)
                    .position(|w| w.iter().all(|&c| c == b'`'))?;
                k += run + close + run - 1;
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        k += 1;
    }
    if b.get(k) != Some(&b']') || b.get(k + 1) != Some(&b'(') {
        return None;
    }
    let mut depth = 0;
    let mut k = k + 1;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k + 1);
                }
            }
            _ => {}
        }
        k += 1;
    }
    None
}

/// Split a row (container prefix removed) into cells.
fn cells(s: &str) -> Cells<'_> {
    let b = s.as_bytes();
    let protected = spans(s);
    let mut cuts = Vec::new();
    let mut p = 0;
    let mut i = 0;
    while i < b.len() {
        if let Some(&(_, e, _)) = protected.get(p).filter(|(st, _, _)| *st == i) {
            i = e;
            p += 1;
            continue;
        }
        match b[i] {
            b'\\' => i += 2,
            b'|' => {
                cuts.push(i);
                i += 1;
            }
            _ => i += 1,
        }
    }
    let pipes = cuts.len();
    let mut cells = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for c in cuts {
        cells.push(&s[start..c]);
        start = c + 1;
    }
    cells.push(&s[start.min(s.len())..]);
    if s.trim_start().starts_with('|') && cells.len() > 1 {
        cells.remove(0);
    }
    if cells.len() > 1 && cells.last().is_some_and(|c| c.trim().is_empty()) && pipes > 0 {
        let last_pipe_trailing = s.trim_end().ends_with('|') && !s.trim_end().ends_with("\\|");
        if last_pipe_trailing {
            cells.pop();
        }
    }
    Cells { cells, pipes }
}

/// Escape the pipes inside a row's code spans, links and HTML tags.
fn protect(l: &str) -> String {
    if !l.contains('|') {
        return l.to_string();
    }
    let mut out = String::with_capacity(l.len() + 8);
    let mut last = 0;
    for (s, e, kind) in spans(l) {
        let inner = &l[s..e];
        if !inner.contains('|') {
            continue;
        }
        out.push_str(&l[last..s]);
        match kind {
            Span::Html => out.push_str(&inner.replace('|', "&#124;")),
            Span::Code | Span::Link => {
                let b = inner.as_bytes();
                for (k, ch) in inner.char_indices() {
                    if ch == '|' && !(k > 0 && b[k - 1] == b'\\' && kind == Span::Link) {
                        out.push('\\');
                    }
                    out.push(ch);
                }
            }
        }
        last = e;
    }
    out.push_str(&l[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> String {
        let lines = src
            .lines()
            .enumerate()
            .map(|(i, l)| {
                (
                    l.to_string(),
                    LineOrigin {
                        file: 0,
                        line: i as u32 + 1,
                    },
                )
            })
            .collect();
        normalize(lines)
            .into_iter()
            .map(|(l, _)| l)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_longer_delimiter_row_is_cut_to_the_header() {
        assert_eq!(
            run("|a|b|\n|:--|:--|:--|\n|1|2|"),
            "|a|b|\n|:--|:--|\n|1|2|"
        );
        // Equal counts: untouched.
        assert_eq!(run("a | b\n-- | --\n0 | 1"), "a | b\n-- | --\n0 | 1");
        // Fewer separators than header cells: not a table.
        assert_eq!(
            run("|a|b|c|\n|--|--|\n|1|2|3|"),
            "|a|b|c|\n|--|--|\n|1|2|3|"
        );
        // An empty separator cell next to dashes.
        assert_eq!(
            run("| a | b |\n| --- | |\n| 1 | 2 |"),
            "| a | b |\n|---|---|\n| 1 | 2 |"
        );
        // A header of empty cells takes the delimiter row's columns.
        assert_eq!(run(" |\n --- | ---\na | b"), " | | |\n |---|---|\na | b");
    }

    #[test]
    fn code_spans_html_and_links_keep_their_pipes() {
        assert_eq!(
            run("| q | r |\n|--|--|\n| `a|b` | <a title=\"x|y\">t</a> [l|m](u) |"),
            "| q | r |\n|--|--|\n| `a\\|b` | <a title=\"x&#124;y\">t</a> [l\\|m](u) |"
        );
        // Outside a table nothing changes.
        assert_eq!(run("Use `a|b` here."), "Use `a|b` here.");
        // Fenced code is left alone.
        assert_eq!(
            run("```\n|a|b|\n|--|--|--|\n```"),
            "```\n|a|b|\n|--|--|--|\n```"
        );
    }

    #[test]
    fn tables_in_quotes_and_after_blank_lines_only() {
        assert_eq!(run("> |a|\n> |--|--|"), "> |a|\n> |--|");
        // A paragraph line before: Markdig reads no table.
        assert_eq!(run("text\n|a|\n|--|--|"), "text\n|a|\n|--|--|");
    }
}
