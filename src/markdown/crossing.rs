//! Inline constructs that still cross a span-pair boundary after parsing
//! (an `_` once in each half of a pair pairs up as emphasis; a link that
//! opens in one pair and closes in the next) become their literal text, so
//! that every locale renders well-nested HTML with all of its own text and
//! none of the other side's. Pairs cut by brackets and code spans are
//! joined before parsing (`bilingual::merge_crossing`); this is the last
//! line of defence.

use crate::bilingual::{self, Piece};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// Where the text is with respect to span pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Outside,
    /// (pair number, in the source half)
    In(u32, bool),
}

#[derive(Default)]
struct Tracker {
    pairs: u32,
    at: Option<At>,
}

impl Tracker {
    fn at(&self) -> At {
        self.at.unwrap_or(At::Outside)
    }

    fn feed(&mut self, t: &str) {
        if !bilingual::has_sentinels(t) {
            return;
        }
        for p in bilingual::pieces(t) {
            match p {
                Piece::Open => {
                    self.pairs += 1;
                    self.at = Some(At::In(self.pairs, false));
                }
                Piece::Mid => {
                    if let Some(At::In(n, _)) = self.at {
                        self.at = Some(At::In(n, true));
                    }
                }
                Piece::Close => self.at = Some(At::Outside),
                Piece::Text(_) => {}
            }
        }
    }
}

/// Whether the sentinels of `t` form whole pairs only.
fn whole_pairs(t: &str) -> bool {
    let mut state = 0u8; // 0 outside, 1 target, 2 source
    for p in bilingual::pieces(t) {
        state = match (state, p) {
            (_, Piece::Text(_)) => state,
            (0, Piece::Open) => 1,
            (1, Piece::Mid) => 2,
            (2, Piece::Close) => 0,
            _ => return false,
        };
    }
    state == 0
}

/// Replace crossing constructs in `events` by their literal source text.
pub fn literal_crossing<'a>(text: &'a str, events: &mut [(Event<'a>, Range<usize>)]) {
    if !bilingual::has_sentinels(text) {
        return;
    }
    let mut tr = Tracker::default();
    // Open inline containers: (index, state at the start).
    let mut open: Vec<(usize, At)> = Vec::new();
    for i in 0..events.len() {
        let (ev, range) = &events[i];
        match ev {
            Event::Text(t) => tr.feed(t),
            Event::Code(t) if bilingual::has_sentinels(t) && !whole_pairs(t) => {
                // A code span whose backticks lie in different halves.
                let src = &text[range.clone()];
                tr.feed(src);
                events[i].0 = Event::Text(CowStr::Borrowed(src));
            }
            Event::InlineMath(t) | Event::DisplayMath(t) if bilingual::has_sentinels(t) => {
                // Dollars in different halves (or around a pair): math is
                // never translated, so this is text.
                let src = &text[range.clone()];
                tr.feed(src);
                events[i].0 = Event::Text(CowStr::Borrowed(src));
            }
            Event::InlineHtml(h) | Event::Html(h) => tr.feed(h),
            Event::Start(t) if is_inline_container(t) => open.push((i, tr.at())),
            Event::Start(_) => {
                // A block starts: the renderer closes any open pair here.
                tr.at = Some(At::Outside);
            }
            Event::End(t) if is_inline_end(t) => {
                let Some((s, at)) = open.pop() else { continue };
                if at != tr.at() {
                    // Where the construct's content ends (its last inner event).
                    let inner_end = (i > s + 1).then(|| events[i - 1].1.end);
                    let (start, end) =
                        literal_delimiters(text, &events[s].0, &events[s].1, inner_end);
                    tr.feed(&end);
                    events[s].0 = Event::Text(start);
                    events[i].0 = Event::Text(end);
                }
            }
            Event::End(_) => {
                open.clear();
                tr.at = Some(At::Outside);
            }
            _ => {}
        }
    }
}

fn is_inline_container(t: &Tag) -> bool {
    matches!(
        t,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(t: &TagEnd) -> bool {
    matches!(
        t,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// The source text of a construct's opening and closing delimiters.
fn literal_delimiters<'a>(
    text: &'a str,
    start: &Event<'a>,
    range: &Range<usize>,
    inner_end: Option<usize>,
) -> (CowStr<'a>, CowStr<'a>) {
    let src = &text[range.clone()];
    let run = |s: &'a str, from_end: bool| -> &'a str {
        let Some(c) = (if from_end {
            s.chars().next_back()
        } else {
            s.chars().next()
        }) else {
            return "";
        };
        let n = if from_end {
            s.chars().rev().take_while(|&x| x == c).count()
        } else {
            s.chars().take_while(|&x| x == c).count()
        };
        let bytes = n * c.len_utf8();
        if from_end {
            &s[s.len() - bytes..]
        } else {
            &s[..bytes]
        }
    };
    match start {
        Event::Start(Tag::Emphasis) => (src[..1].into(), src[src.len() - 1..].into()),
        Event::Start(Tag::Strong) if src.len() >= 4 => {
            (src[..2].into(), src[src.len() - 2..].into())
        }
        Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
            let open = if src.starts_with("![") {
                "!["
            } else if src.starts_with('[') {
                "["
            } else {
                ""
            };
            // Everything after the link text: `](destination "title")`.
            let from = inner_end
                .filter(|&e| e > range.start && e <= range.end)
                .unwrap_or(range.start + open.len());
            (open.into(), text[from..range.end].into())
        }
        _ => (run(src, false).into(), run(src, true).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bilingual::{SEG_CLOSE, SEG_MID, SEG_OPEN};
    use pulldown_cmark::Parser;

    fn fixed(src: &str) -> Vec<Event<'_>> {
        let mut ev: Vec<_> = Parser::new_ext(src, super::super::options())
            .into_offset_iter()
            .collect();
        literal_crossing(src, &mut ev);
        ev.into_iter().map(|(e, _)| e).collect()
    }

    #[test]
    fn emphasis_across_the_halves_of_a_pair_is_literal() {
        let src = format!("{SEG_OPEN}Een (_) teken{SEG_MID}An (_) sign{SEG_CLOSE}\n");
        let ev = fixed(&src);
        assert!(
            !ev.iter().any(|e| matches!(e, Event::Start(Tag::Emphasis))),
            "{ev:?}"
        );
        // Emphasis inside one half stays.
        let src = format!("{SEG_OPEN}Een _x_{SEG_MID}An _x_{SEG_CLOSE}\n");
        let n = fixed(&src)
            .iter()
            .filter(|e| matches!(e, Event::Start(Tag::Emphasis)))
            .count();
        assert_eq!(n, 2);
        // Around whole pairs too.
        let src = format!("**{SEG_OPEN}a{SEG_MID}b{SEG_CLOSE}**\n");
        assert!(fixed(&src)
            .iter()
            .any(|e| matches!(e, Event::Start(Tag::Strong))));
    }
}
