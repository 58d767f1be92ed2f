//! Lines with text outside any pair: prose a translator left untranslated
//! (not in code fences, markup, links, URLs, HTML tags or DocFX directives).

use super::markup::starts_with_ci;
use super::sentinels::{has_sentinels, pieces, Piece};
use super::SEG_MID;
use crate::fence::{FenceLine, FenceTracker};
use memchr::{memchr, memmem};

/// Number of lines of `text` (sentinel-marked) with prose outside any pair.
pub(super) fn count_untranslatable_lines(text: &str) -> u32 {
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
            for piece in pieces(line) {
                match piece {
                    Piece::Open => {
                        depth += 1;
                        outside.push(' ');
                    }
                    Piece::Close => {
                        depth = depth.saturating_sub(1);
                        outside.push(' ');
                    }
                    Piece::Text(t) if depth == 0 => outside.push_str(t),
                    Piece::Mid if depth == 0 => outside.push(SEG_MID),
                    Piece::Text(_) | Piece::Mid => {}
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
                i = balanced_end(b, i, b'[', b']') + 1;
                continue;
            }
            b']' if b.get(i + 1) == Some(&b'(') => {
                // Link destination.
                i = balanced_end(b, i + 1, b'(', b')') + 1;
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

/// Index of the `close` that balances the `open` at `start` (`b.len()` when
/// it is never balanced).
fn balanced_end(b: &[u8], start: usize, open: u8, close: u8) -> usize {
    let mut depth = 0usize;
    let mut k = start;
    while k < b.len() {
        if b[k] == open {
            depth += 1;
        } else if b[k] == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                break;
            }
        }
        k += 1;
    }
    k
}
