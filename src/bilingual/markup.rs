//! Span tags in raw text: the case-insensitive search for pair markers, the
//! hand-written tokenizer of `<span …>`/`</span>` tags (lenient about case,
//! whitespace, attribute order and `&quot;`-mangled quotes) and the last-resort
//! sweep that removes any marker text a scan left behind.

use memchr::{memchr, memchr_iter};
use std::ops::Range;

// ---------------------------------------------------------------------------
// Marker search (case-insensitive, memchr-driven)

/// Byte range of the next `ttu-id`, `stu-id` or `sxs-lookup` (any case) at
/// or after `from`, widened to a preceding `data-`.
pub(super) fn find_marker(b: &[u8], from: usize) -> Option<Range<usize>> {
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
pub(super) fn sweep_markers(out: &mut String) {
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

pub(super) fn starts_with_ci(b: &[u8], at: usize, needle: &[u8]) -> bool {
    b.get(at..at + needle.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(needle))
}

pub(super) fn push_newlines(out: &mut String, removed: &str) {
    for _ in memchr_iter(b'\n', removed.as_bytes()) {
        out.push('\n');
    }
}

pub(super) fn is_ws(b: &[u8]) -> bool {
    b.iter().all(|c| c.is_ascii_whitespace())
}

// ---------------------------------------------------------------------------
// Tokenizer: span tags only, scanned by hand

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
    pub(super) fn is_marker(self) -> bool {
        matches!(self, Kind::Ttu | Kind::Lookup { .. } | Kind::Stu)
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
    /// Byte range of the id value (ttu or stu), empty if none.
    pub(super) id: (usize, usize),
    /// Some attribute used `&quot;` as a quote.
    pub(super) mangled: bool,
}

const MAX_TAG: usize = 400;

pub(super) fn tokenize(b: &[u8]) -> Vec<Tok> {
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
