//! The prepared event stream's vocabulary, shared by `prepare` and the
//! passes it runs (`extras`, `optional`): [`Ev`], and which pulldown-cmark
//! tags open or close a block.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

/// A prepared event: Markdown, or a DocFX construct resolved at this stage.
#[derive(Debug, Clone)]
pub enum Ev<'a> {
    Md(Event<'a>),
    /// Open an alert: (keyword in upper case, CSS classes).
    AlertOpen(String, String),
    AlertClose,
    HeadingOpen(HeadingLevel, String),
    HeadingClose(HeadingLevel),
    /// Locale-independent HTML.
    Raw(String),
    /// A link or image start, or raw HTML with href/src, whose URL is
    /// rewritten per variant; the offset locates it in the composed text.
    Located(Event<'a>, usize),
}

pub(crate) fn is_block(t: &Tag) -> bool {
    matches!(
        t,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
    )
}

pub(crate) fn is_block_end(t: &TagEnd) -> bool {
    matches!(
        t,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}
