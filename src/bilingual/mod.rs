//! Bilingual span pairs: this module owns them.
//!
//! A localized DocFX file holds every sentence twice, as a pair of spans:
//!
//! ```text
//! <span data-ttu-id="e8ad7-103">Ondersteuning krijgen</span><span class="sxs-lookup"><span data-stu-id="e8ad7-103">Get support</span></span>
//! ```
//!
//! The target-language text comes first, the English source follows inside
//! the `sxs-lookup` span. [`scan`] replaces that markup in the raw text,
//! before any Markdown parsing, by three sentinel characters:
//! [`SEG_OPEN`] target [`SEG_MID`] source [`SEG_CLOSE`]. Markdown is then
//! parsed once; the sentinels flow through the parser as ordinary text, and a
//! later pass keeps one side per locale. [`pieces`] is the one decoder of
//! sentinel-marked text; [`resolve`] keeps one side of plain strings (code
//! blocks, HTML blocks, alt text, titles).
//!
//! Files: `sentinels.rs` (finding and decoding sentinels), `markup.rs` (span
//! tags: marker search, tokenizer, last-resort sweep), `scan.rs` (the pair
//! scanner that repairs and reports), `untranslatable.rs` (lines with text
//! outside any pair).
//!
//! The sentinels are taken from the Supplemental Punctuation block so that
//! pulldown-cmark treats them as Unicode punctuation, exactly like the `>`
//! and `<` of the tags they replace: emphasis flanking is unchanged, e.g.
//! `<span ..>**(Optional)** text</span>` still gives `<strong>`.
//!
//! Real input is messy. The scanner is lenient about tag syntax (case,
//! whitespace, quotes mangled into `&quot;`, attribute order), repairs what
//! it can (stray `<span>`/`</span>` inside a side, mismatched ids) and never
//! loses a sentence: a pair it cannot repair is emitted as plain text,
//! visible in both locales. Whatever happens, no `data-ttu-id`,
//! `data-stu-id` or `sxs-lookup` text survives a scan, and the output has
//! exactly as many line breaks as the input, so line numbers stay valid.

mod crossing;
mod markup;
mod plain;
mod scan;
mod sentinels;
#[cfg(test)]
mod tests;
mod untranslatable;

use crate::diagnostics::{Code, Finding};
pub use crossing::merge_crossing;
pub use plain::plain_line;
pub use scan::scan;
pub use sentinels::{has_sentinels, pieces, resolve, Piece};

/// Starts a pair; the target-language side follows. U+2E20 LEFT VERTICAL BAR WITH QUILL (Pi).
pub const SEG_OPEN: char = '\u{2E20}';
/// Separates the target side from the source (English) side. U+2E3E WIGGLY VERTICAL LINE (Po).
pub const SEG_MID: char = '\u{2E3E}';
/// Ends a pair. U+2E21 RIGHT VERTICAL BAR WITH QUILL (Pf).
pub const SEG_CLOSE: char = '\u{2E21}';

/// Which side of a pair to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The translated text (the docset's content locale).
    Target,
    /// The English source text (inside `sxs-lookup`).
    Source,
}

/// Counts gathered by [`scan`].
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PairStats {
    /// Pairs turned into sentinels.
    pub pairs: u32,
    /// target == source after trimming/whitespace folding
    pub identical: u32,
    /// malformed pairs repaired or kept as plain text
    pub malformed: u32,
    /// lines with letters outside any pair (not in code fences, front matter excluded by caller, markup/links/URLs/HTML tags ignored)
    pub untranslatable_lines: u32,
}

/// The result of [`scan`].
#[derive(Debug, Clone)]
pub struct Scan {
    /// same number of '\n' as the input, every line keeps its line number; pair markup replaced by sentinels
    pub text: String,
    pub stats: PairStats,
    /// 1-based line/col relative to the input
    pub findings: Vec<Finding>,
}

/// Diagnostic codes produced here.
pub const CODE_STRAY_TAG: Code = Code::SpanStrayTag;
pub const CODE_ID_MISMATCH: Code = Code::SpanIdMismatch;
pub const CODE_UNTERMINATED: Code = Code::SpanPairUnterminated;
pub const CODE_HALF: Code = Code::SpanPairHalf;
pub const CODE_MANGLED: Code = Code::SpanAttrMangled;
