//! The sentinel characters in text: finding them and decoding them. [`pieces`]
//! is the one decoder of sentinel-marked text; [`resolve`] and every other
//! reader of the sentinels (statistics, the Markdown renderer) go through it.

use super::Side;
use std::borrow::Cow;

// UTF-8 of the sentinels: all three are E2 B8 xx.
const SENTINEL_LEAD: [u8; 2] = [0xE2, 0xB8];
const OPEN_LAST: u8 = 0xA0;
const CLOSE_LAST: u8 = 0xA1;
const MID_LAST: u8 = 0xBE;

/// True if the text contains any sentinel.
pub fn has_sentinels(text: &str) -> bool {
    first_sentinel(text.as_bytes(), 0).is_some()
}

/// Byte offset of the first sentinel at or after `from`. This runs on every
/// text event of every page, mostly short ones: `memchr` of the first byte
/// costs less per call than a two-byte `memmem` search (whose searcher
/// set-up dominated), and a false hit (another `E2 xx xx` character, such as
/// a typographic quote) costs one more call.
fn first_sentinel(b: &[u8], from: usize) -> Option<usize> {
    let mut pos = from;
    while let Some(off) = memchr::memchr(SENTINEL_LEAD[0], b.get(pos..)?) {
        let at = pos + off;
        if b.get(at + 1) == Some(&SENTINEL_LEAD[1])
            && matches!(b.get(at + 2), Some(&(OPEN_LAST | CLOSE_LAST | MID_LAST)))
        {
            return Some(at);
        }
        pos = at + 1;
    }
    None
}

/// A stretch of sentinel-marked text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text without sentinels (never empty).
    Text(&'a str),
    /// [`SEG_OPEN`](super::SEG_OPEN): a pair starts; its target side follows.
    Open,
    /// [`SEG_MID`](super::SEG_MID): the source side follows.
    Mid,
    /// [`SEG_CLOSE`](super::SEG_CLOSE): the pair ends.
    Close,
}

/// The pieces of `text`, in order: text stretches and sentinels.
pub fn pieces(text: &str) -> Pieces<'_> {
    Pieces { text, pos: 0 }
}

/// Iterator of [`pieces`].
#[derive(Debug, Clone)]
pub struct Pieces<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        let rest_start = self.pos;
        if rest_start >= self.text.len() {
            return None;
        }
        match first_sentinel(self.text.as_bytes(), rest_start) {
            Some(at) if at == rest_start => {
                self.pos = at + 3;
                Some(match self.text.as_bytes()[at + 2] {
                    OPEN_LAST => Piece::Open,
                    MID_LAST => Piece::Mid,
                    _ => Piece::Close,
                })
            }
            Some(at) => {
                self.pos = at;
                Some(Piece::Text(&self.text[rest_start..at]))
            }
            None => {
                self.pos = self.text.len();
                Some(Piece::Text(&self.text[rest_start..]))
            }
        }
    }
}

/// Keep one side of every sentinel-marked pair, drop the sentinels (for code
/// blocks, HTML blocks, plain-text contexts like alt text and titles).
/// `Cow::Borrowed` when there is no sentinel. Never panics: nested pairs are
/// resolved recursively, an unmatched `SEG_MID`/`SEG_CLOSE` is dropped and an
/// unclosed `SEG_OPEN` ends at the end of the text.
pub fn resolve(text: &str, side: Side) -> Cow<'_, str> {
    if !has_sentinels(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    // One entry per open pair: true while inside its source part.
    let mut stack: Vec<bool> = Vec::new();
    let mut hidden = 0usize; // open pairs whose current part is not `side`
    let hides = |in_source: bool| in_source != (side == Side::Source);
    for piece in pieces(text) {
        match piece {
            Piece::Open => {
                stack.push(false);
                if hides(false) {
                    hidden += 1;
                }
            }
            Piece::Mid => {
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
            Piece::Close => {
                if let Some(top) = stack.pop() {
                    if hides(top) {
                        hidden -= 1;
                    }
                }
            }
            Piece::Text(t) => {
                if hidden == 0 {
                    out.push_str(t);
                }
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bilingual::{SEG_CLOSE, SEG_MID, SEG_OPEN};

    #[test]
    fn pieces_split_at_every_sentinel() {
        let t = format!("a{SEG_OPEN}doel{SEG_MID}target{SEG_CLOSE}{SEG_CLOSE}ü");
        assert_eq!(
            pieces(&t).collect::<Vec<_>>(),
            [
                Piece::Text("a"),
                Piece::Open,
                Piece::Text("doel"),
                Piece::Mid,
                Piece::Text("target"),
                Piece::Close,
                Piece::Close,
                Piece::Text("ü"),
            ]
        );
        assert_eq!(pieces("").count(), 0);
        // Other characters of the same UTF-8 lead are text.
        assert_eq!(pieces("⸢x⸣").collect::<Vec<_>>(), [Piece::Text("⸢x⸣")]);
        let joined: String = pieces(&t)
            .map(|p| match p {
                Piece::Text(s) => s.to_string(),
                Piece::Open => SEG_OPEN.to_string(),
                Piece::Mid => SEG_MID.to_string(),
                Piece::Close => SEG_CLOSE.to_string(),
            })
            .collect();
        assert_eq!(joined, t);
    }
}
