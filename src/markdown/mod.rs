//! Markdown on pulldown-cmark, in two steps. [`prepare`] parses a composed
//! page once per distinct environment text and applies the
//! locale-independent DocFX semantics on the event stream (heading ids,
//! alerts, video, `[!div]`, tabs, link rewriting). [`render`] then turns the
//! prepared events into HTML for one locale: it keeps one side of every
//! bilingual pair (with the English source on hover in the content locale),
//! localizes alert titles and collects the outline, title and plain text.

mod crossing;
mod events;
mod extras;
mod optional;
mod prepare;
mod render;

pub use prepare::{prepare, prepare_with, LinkKind, LinkResolver, Prepared};
pub use render::RenderOptions;
pub use render::{render, Rendered};

use pulldown_cmark::Options;

/// The one place where pulldown-cmark options are chosen.
pub fn options() -> Options {
    // Markdig's defaults in DocFX: pipe tables, emphasis extras (strike,
    // sub, sup; ins and mark in `extras`), task lists.
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_TASKLISTS
}

/// The options for the optional Markdig extensions docfx.json names in
/// `build.markdownEngineProperties.markdigExtensions` (Markdig's names):
/// `footnotes`, `definitionlists` and `mathematics` here; `emojis` and
/// `abbreviations` in [`optional`]. The config reports the
/// names tolk does not render.
pub fn options_for(extensions: &[String]) -> Options {
    let mut o = options();
    for e in extensions {
        match e.as_str() {
            "footnotes" => o |= Options::ENABLE_FOOTNOTES,
            "definitionlists" => o |= Options::ENABLE_DEFINITION_LIST,
            "mathematics" => o |= Options::ENABLE_MATH,
            _ => {}
        }
    }
    o
}

/// GitHub-style heading id: lower-case, Unicode letters/digits, `-` and `_`
/// kept, spaces become `-`, everything else dropped.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_github_style() {
        assert_eq!(
            slugify("1. Deploying the network"),
            "1-deploying-the-network"
        );
        assert_eq!(slugify("Wat is Microsoft 365?"), "wat-is-microsoft-365");
        assert_eq!(slugify("Übersicht & mehr"), "übersicht--mehr");
    }
}
