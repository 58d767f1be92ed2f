//! Composition of a page for one environment: moniker blocks filtered,
//! includes expanded (with their own moniker blocks evaluated for the
//! including page), DocFX block syntax lowered to Markdown + HTML. The result
//! is one text plus, for each of its lines, the file and line it came from,
//! so diagnostics always point into the file the writer must edit.

pub mod crossing_pairs;
pub mod docfx_blocks;
pub mod includes;
pub mod pipe_tables;
pub mod snippets;

pub use crate::source::LineOrigin;

use crate::diagnostics::Diagnostic;
use crate::monikers::MonikerSet;
use crate::source::{SourceFile, SourceStore};
use std::sync::Arc;

/// A page's text for one environment, ready for Markdown parsing.
#[derive(Debug, Default)]
pub struct Composed {
    pub text: String,
    /// One per line of `text`.
    pub origins: Vec<LineOrigin>,
    /// Byte offset of each line start in `text`.
    pub line_starts: Vec<usize>,
    /// Docset-relative files that contributed lines (index 0 is the page).
    pub files: Vec<String>,
    /// Include files used, directly or not (for the include graph).
    pub includes: Vec<String>,
    /// Code snippet files read or looked for (docset paths).
    pub snippets: Vec<String>,
    /// Whether any contributing file has moniker blocks (else the text is the
    /// same for every environment).
    pub varies_by_environment: bool,
}

impl Composed {
    /// File and 1-based line of a byte offset in `text`.
    pub fn locate(&self, offset: usize) -> (&str, u32) {
        let idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        match self.origins.get(idx) {
            Some(o) => (self.files[o.file as usize].as_str(), o.line),
            None => (self.files.first().map(String::as_str).unwrap_or(""), 0),
        }
    }
}

/// Builds a [`Composed`] line by line.
pub(crate) struct Builder {
    pub lines: Vec<(String, LineOrigin)>,
    pub files: Vec<String>,
}

impl Builder {
    pub fn file_index(&mut self, rel: &str) -> u32 {
        match self.files.iter().position(|f| f == rel) {
            Some(i) => i as u32,
            None => {
                self.files.push(rel.to_string());
                (self.files.len() - 1) as u32
            }
        }
    }
}

/// Everything composition needs to know about the page being composed.
pub struct PageContext<'a> {
    pub store: &'a SourceStore,
    pub page: &'a Arc<SourceFile>,
    /// The page's environments (for "block matches no environment" checks).
    pub page_monikers: &'a MonikerSet,
    /// Custom alert keywords are not needed here; block syntax is lowered generically.
    pub env: usize,
    /// Uids, the docset root for snippet files, the missing-snippet text.
    pub refs: &'a crate::xref::DocsetRefs,
}

/// Compose `ctx.page` for `ctx.env`.
pub fn compose(ctx: &PageContext) -> (Composed, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut b = Builder {
        lines: Vec::with_capacity(ctx.page.body.len() / 40 + 8),
        files: vec![ctx.page.rel.clone()],
    };
    let mut state = includes::State::default();
    includes::emit_file(ctx, ctx.page, &mut b, &mut state, &mut diags);
    let lines = crate::xref::lower(b.lines, &b.files, ctx.refs, &mut diags);
    let snippet_cx = snippets::SnippetContext {
        root: &ctx.refs.root,
        files: &b.files,
        not_found_label: &ctx.refs.snippet_not_found,
        read: Default::default(),
    };
    let lines = snippets::lower(lines, &snippet_cx, &mut diags);
    let lines = docfx_blocks::lower(lines, &b.files, &mut diags);
    let lines = pipe_tables::normalize(crossing_pairs::join(lines));

    let mut text = String::with_capacity(lines.iter().map(|(l, _)| l.len() + 1).sum());
    let mut origins = Vec::with_capacity(lines.len());
    let mut line_starts = Vec::with_capacity(lines.len());
    for (l, o) in lines {
        line_starts.push(text.len());
        text.push_str(&l);
        text.push('\n');
        origins.push(o);
    }
    let mut includes = state.used;
    includes.sort();
    includes.dedup();
    let mut snippets = snippet_cx.read.into_inner();
    snippets.sort();
    snippets.dedup();
    (
        Composed {
            text,
            origins,
            line_starts,
            files: b.files,
            includes,
            snippets,
            varies_by_environment: state.varies,
        },
        diags,
    )
}
