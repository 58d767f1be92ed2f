//! Plain text of one side of a line of bilingual Markdown: tags, link
//! syntax, emphasis marks and sentinels removed, entities decoded, spaces
//! collapsed (page titles, navigation labels, landing-page texts).

use super::{resolve, Side, SEG_CLOSE, SEG_MID, SEG_OPEN};
use regex::Regex;
use std::sync::LazyLock;

static TAGS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").unwrap());
static MD_LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").unwrap());

/// Plain text of one side of a line of Markdown (for labels and titles).
pub fn plain_line(line: &str, side: Side) -> String {
    let r = resolve(line, side);
    let r = TAGS.replace_all(&r, "");
    let r = MD_LINK.replace_all(&r, "$1");
    let r: String = r
        .chars()
        .filter(|c| {
            !matches!(c, '*' | '`' | '\\') && *c != SEG_OPEN && *c != SEG_MID && *c != SEG_CLOSE
        })
        .collect();
    let r = r
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    r.split_whitespace().collect::<Vec<_>>().join(" ")
}
