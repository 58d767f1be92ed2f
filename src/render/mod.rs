//! Rendering one page in all its variants: a Markdown page is composed per
//! environment (environments with the same text share one parse) and
//! rendered per locale (`markdown_page`); a YAML landing page per variant
//! (`landing_page`). Links resolve per variant (`links`), the article is
//! wrapped in `page.html` through a small view model (`view`), each page
//! goes to the [`Sink`] as soon as it is rendered, and what later phases need
//! (anchors, link findings, search entries, sizes) comes back in a
//! [`PageOutcome`].

mod landing_page;
mod links;
mod markdown_page;
mod view;
pub use view::env_label;

use crate::diagnostics::{Code, Diagnostic};
use crate::docset::{Docset, EnvId, PageInfo, PageKind, Untranslated, Variant};
use crate::nav::Navigation;
use crate::output::Output;
use crate::search::{SearchDoc, TextSpill};
pub use links::{link_diagnostics, BookmarkCheck, LinkIssue};
use std::sync::Arc;

/// Everything rendering reads: the docset, its navigation and the templates.
pub struct Site {
    pub docset: Docset,
    pub nav: Navigation,
    pub tera: tera::Tera,
    /// Some page rendered math (`mathematics`): KaTeX is written.
    pub has_math: std::sync::atomic::AtomicBool,
}

/// Where rendered pages go: the output, and for a build to disk the file
/// where search texts wait for indexing (`None`: they stay in memory).
#[derive(Clone, Copy)]
pub struct Sink<'a> {
    pub out: &'a Output,
    pub spill: Option<&'a Arc<TextSpill>>,
}

/// What rendering one page produced besides its files.
#[derive(Default)]
pub struct PageOutcome {
    /// Heading ids and anchors of the page, once per set of environments
    /// that have the same ones (see [`PageOutcome::anchors_in`]).
    pub anchors: Vec<(Vec<EnvId>, Vec<String>)>,
    pub issues: Vec<LinkIssue>,
    pub bookmarks: Vec<BookmarkCheck>,
    /// Search entries per variant (none when there is no sink: `check`).
    pub search: Vec<(Variant, SearchDoc)>,
    pub untranslated: Vec<Untranslated>,
    /// Files written (or, without a sink, that would have been).
    pub files: usize,
    /// Bytes of the page per variant.
    pub bytes: Vec<(Variant, u64)>,
    /// Files the page includes (the include graph).
    pub includes: Vec<String>,
    /// Code snippet files the page read (or tried to: docset paths), for
    /// the build cache's page keys.
    pub snippets: Vec<String>,
    /// The page rendered math (KaTeX is written).
    pub math: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl PageOutcome {
    /// Record the anchors of the page in `env`: shared with the environments
    /// that have the same ones (kept once, not once per environment).
    fn add_anchors(&mut self, env: EnvId, ids: &[String]) {
        match self.anchors.iter_mut().find(|(_, a)| a.as_slice() == ids) {
            Some((envs, _)) => envs.push(env),
            None => self.anchors.push((vec![env], ids.to_vec())),
        }
    }

    /// The anchors of the page in `env`, if it was rendered there.
    pub fn anchors_in(&self, env: EnvId) -> Option<&[String]> {
        self.anchors
            .iter()
            .find(|(envs, _)| envs.contains(&env))
            .map(|(_, ids)| ids.as_slice())
    }
}

impl Site {
    /// Render `page` in every selected variant that has it, writing each
    /// into `sink` (`None`: render and check only).
    pub fn render_page(&self, page: &PageInfo, sink: Option<Sink>) -> PageOutcome {
        let mut o = PageOutcome::default();
        let envs: Vec<EnvId> = self
            .docset
            .selected_envs
            .iter()
            .copied()
            .filter(|e| page.monikers.contains(*e))
            .collect();
        if envs.is_empty() {
            return o;
        }
        match &page.kind {
            PageKind::Markdown(file) => self.render_markdown(page, file, &envs, sink, &mut o),
            PageKind::Landing(value) => self.render_landing(page, value, &envs, sink, &mut o),
        }
        o
    }

    /// Write one rendered file of a page.
    fn write(&self, sink: Option<Sink>, rel: &str, html: &str, o: &mut PageOutcome) {
        if let Some(sink) = sink {
            if let Err(e) = sink.out.write(rel, html.as_bytes()) {
                o.diagnostics.push(Diagnostic::error(
                    Code::WriteFailed,
                    "",
                    0,
                    0,
                    format!("Cannot write {rel}: {e}"),
                ));
            }
        }
        o.files += 1;
    }
}
