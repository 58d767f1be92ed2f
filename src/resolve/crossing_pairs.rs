//! Span pairs that cut an inline construct in two are joined before parsing
//! (see [`crate::bilingual::merge_crossing`]); lines in fenced code are
//! left alone.

use crate::bilingual::{merge_crossing, SEG_OPEN};
use crate::fence::{FenceLine, FenceTracker};
use crate::source::LineOrigin;

/// Join crossing pairs on every text line.
pub fn join(mut lines: Vec<(String, LineOrigin)>) -> Vec<(String, LineOrigin)> {
    let mut fences = FenceTracker::default();
    for (l, _) in lines.iter_mut() {
        if fences.line(l) != FenceLine::Text || !l.contains(SEG_OPEN) {
            continue;
        }
        if let Some(m) = merge_crossing(l) {
            *l = m;
        }
    }
    lines
}
