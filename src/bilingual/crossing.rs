//! Inline Markdown that crosses span-pair boundaries.
//!
//! Machine-split sentences sometimes cut a Markdown construct in two: an
//! image `![alt …` ends one pair and `… alt](src)` starts the next. Parsed
//! as written, the construct swallows a sentinel and the locales lose text.
//! [`merge_crossing`] joins such pairs (target halves together, source
//! halves together, the text between them copied into both) until each
//! half holds whole code spans, brackets and link destinations; the hover
//! then shows one source for the joined sentence. Pairs separated by a
//! table's `|` are never joined.

use super::{Piece, SEG_CLOSE, SEG_MID, SEG_OPEN};

/// One pair on a line: byte ranges of its halves and of the whole pair.
struct Pair {
    start: usize,
    mid: usize,
    end: usize,
}

/// `line` with pairs that cut an inline construct joined, or `None` when
/// nothing needs joining.
pub fn merge_crossing(line: &str) -> Option<String> {
    if !line.contains(SEG_OPEN) {
        return None;
    }
    let pairs = pairs(line);
    if pairs.is_empty() {
        return None;
    }
    // Made at the first join: most lines have none.
    let mut out: Option<String> = None;
    let mut last = 0;
    let mut i = 0;
    while i < pairs.len() {
        let p = &pairs[i];
        let target = &line[p.start + SEG_OPEN.len_utf8()..p.mid];
        let source = &line[p.mid + SEG_MID.len_utf8()..p.end];
        if balanced(target) && balanced(source) {
            i += 1;
            continue;
        }
        // Join with the following pairs until both halves balance.
        let (mut t, mut s) = (target.to_string(), source.to_string());
        let mut j = i;
        let mut found = None;
        while j + 1 < pairs.len() {
            let gap = &line[pairs[j].end + SEG_CLOSE.len_utf8()..pairs[j + 1].start];
            if gap.contains('|') || gap.contains(SEG_MID) || gap.contains(SEG_CLOSE) {
                break;
            }
            let q = &pairs[j + 1];
            t.push_str(gap);
            t.push_str(&line[q.start + SEG_OPEN.len_utf8()..q.mid]);
            s.push_str(gap);
            s.push_str(&line[q.mid + SEG_MID.len_utf8()..q.end]);
            j += 1;
            if balanced(&t) && balanced(&s) {
                found = Some(j);
                break;
            }
        }
        let Some(j) = found else {
            i += 1;
            continue;
        };
        let out = out.get_or_insert_with(|| String::with_capacity(line.len() + 32));
        out.push_str(&line[last..p.start]);
        out.push(SEG_OPEN);
        out.push_str(&t);
        out.push(SEG_MID);
        out.push_str(&s);
        out.push(SEG_CLOSE);
        last = pairs[j].end + SEG_CLOSE.len_utf8();
        i = j + 1;
    }
    let mut out = out?;
    out.push_str(&line[last..]);
    Some(out)
}

/// The top-level, well-formed pairs of a line (a pair holding another
/// sentinel than its own is skipped).
fn pairs(line: &str) -> Vec<Pair> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut mid: Option<usize> = None;
    // Byte offset of the piece (the sentinels are found with memchr, not
    // by decoding every character of the line).
    let mut k = 0;
    for piece in super::pieces(line) {
        match piece {
            Piece::Text(t) => {
                k += t.len();
                continue;
            }
            Piece::Open => {
                open = Some(k);
                mid = None;
            }
            Piece::Mid => {
                if open.is_some() && mid.is_none() {
                    mid = Some(k);
                } else {
                    open = None;
                }
            }
            Piece::Close => {
                if let (Some(s), Some(m)) = (open, mid) {
                    out.push(Pair {
                        start: s,
                        mid: m,
                        end: k,
                    });
                }
                open = None;
                mid = None;
            }
        }
        // The three sentinels are three bytes each in UTF-8.
        k += SEG_OPEN.len_utf8();
    }
    out
}

/// Whether a half holds only whole code spans, bracket pairs and link
/// destinations.
pub(crate) fn balanced(s: &str) -> bool {
    let b = s.as_bytes();
    // Most halves have no code span nor bracket: nothing to balance.
    if memchr::memchr3(b'`', b'[', b']', b).is_none() {
        return true;
    }
    let mut depth = 0i32;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'`' => {
                let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                let mut k = i + run;
                let mut closed = false;
                while k < b.len() {
                    if b[k] == b'`' {
                        let r = b[k..].iter().take_while(|&&c| c == b'`').count();
                        if r == run {
                            closed = true;
                            k += r;
                            break;
                        }
                        k += r;
                    } else {
                        k += 1;
                    }
                }
                if !closed {
                    return false;
                }
                i = k;
                continue;
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
                if b.get(i + 1) == Some(&b'(') {
                    // The destination must close in this half.
                    let mut pd = 0;
                    let mut k = i + 1;
                    let mut closed = false;
                    while k < b.len() {
                        match b[k] {
                            b'\\' => k += 1,
                            b'(' => pd += 1,
                            b')' => {
                                pd -= 1;
                                if pd == 0 {
                                    closed = true;
                                    break;
                                }
                            }
                            _ => {}
                        }
                        k += 1;
                    }
                    if !closed {
                        return false;
                    }
                    i = k;
                }
            }
            _ => {}
        }
        i += 1;
    }
    depth == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(t: &str, s: &str) -> String {
        format!("{SEG_OPEN}{t}{SEG_MID}{s}{SEG_CLOSE}")
    }

    #[test]
    fn an_image_cut_in_two_pairs_is_joined() {
        let line = format!(
            "{} {}",
            pair("Zie ![Het vak.", "See ![The box."),
            pair("Alt+S.](a.png)", "Alt+S.](a.png)")
        );
        assert_eq!(
            merge_crossing(&line).unwrap(),
            pair(
                "Zie ![Het vak. Alt+S.](a.png)",
                "See ![The box. Alt+S.](a.png)"
            )
        );
    }

    #[test]
    fn whole_constructs_and_table_cells_are_left_alone() {
        let line = format!(
            "{} [x](y) {}",
            pair("a `b`", "a `b`"),
            pair("[c](d)", "[c](d)")
        );
        assert_eq!(merge_crossing(&line), None);
        // A cell boundary between the pairs: never joined.
        let line = format!("|{}|{}|", pair("a [b", "a [b"), pair("c](d)", "c](d)"));
        assert_eq!(merge_crossing(&line), None);
        // Never balanced: unchanged.
        let line = format!("{} {}", pair("a [b", "a [b"), pair("c", "c"));
        assert_eq!(merge_crossing(&line), None);
    }

    #[test]
    fn balance() {
        assert!(balanced("a [b](c (d)) `x]` \\["));
        assert!(!balanced("a ![b"));
        assert!(!balanced("b](c)"));
        assert!(!balanced("[b](c"));
        assert!(!balanced("``a`"));
    }
}
