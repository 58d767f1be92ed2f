//! Tables of contents: parsing `toc.yml` / `TOC.md`, nesting, and projection
//! per environment.
//!
//! This module owns every TOC file of a docset. [`parse`] reads one file into
//! a [`Toc`] whose links are already docset-relative; [`resolve_nested`]
//! splices nested TOCs into their parents and turns folder references into
//! links; [`assign_pages`] decides which TOC each page shows; [`project`]
//! filters a TOC for one environment (variant) and marks the current page;
//! [`BreadcrumbIndex`] gives the breadcrumb trail of a page.
//!
//! Files: this one holds the model, [`parse`] and link classification;
//! `yaml.rs` reads `toc.yml`, `markdown.rs` reads `TOC.md`, `nesting.rs`
//! splices nested and referenced TOCs, `pages.rs` assigns pages to TOCs and
//! `project.rs` projects a TOC per environment (and finds breadcrumbs).
//!
//! ## Link kinds (as DocFX)
//! - `href: page.md` (relative, `~/` = docset root) → [`TocTarget::Page`];
//!   `?query` is dropped, `%XX` is decoded, `#anchor` kept.
//! - `href: sub/toc.yml` or `sub/TOC.md` (any case) → [`TocTarget::Nested`]:
//!   children spliced in by [`resolve_nested`]; the node links to its
//!   `topicHref` if any.
//! - `href: folder/` → [`TocTarget::Reference`]: the node links to the first
//!   page of `folder/toc.yml` (or `folder/TOC.md`), not merged.
//! - absolute (`/x`, `//host`) or with a scheme (`https:`, `xref:`, `mailto:`)
//!   → [`TocTarget::External`], kept as written.
//! - `tocHref` names a nested TOC or folder; an absolute `tocHref` (as in
//!   breadcrumb TOCs: a URL prefix) is kept raw in [`TocNode::toc_href`]; a
//!   `tocHref` naming a page → `toc-invalid-href`.
//! - `topicHref` (legacy `homepage`) overrides the node's link.
//! - `uid`/`topicUid` with no other link → `External("xref:<uid>")`, for the
//!   caller to resolve or drop.
//!
//! ## Line numbers
//! serde_yaml gives no positions for values, so [`parse`] recovers each node's
//! line by scanning the text: nodes are visited in document (pre-)order, and
//! each node's *first key* (mappings keep insertion order) is searched from
//! the line after the previous node, as a sequence item (`- key:`, `- {key:`,
//! `- "key":`, or `key:` right after a bare `-` line). A node is thus never
//! placed before its predecessor; if no such line is found, the previous
//! node's line is reused (never more than one node off).
//!
//! ## Diagnostics
//! `toc-parse-error` (error; YAML syntax, with serde_yaml's line/column),
//! `toc-href-outside` (warning; href leaves the docset root),
//! `url-unsafe` (warning; an href with a scheme the [`crate::url_policy`] refuses),
//! `toc-invalid-href` (warning; `tocHref` naming a page, `topicHref` naming a TOC),
//! `toc-missing-name` (warning; node without `name`),
//! `toc-invalid-syntax` (warning; non-node content),
//! `toc-invalid-level` (warning; TOC.md heading level skipped),
//! `toc-not-found` (warning; nested/referenced TOC missing),
//! `toc-circular-reference` (error; nesting cycle).
//! Whether a page href points to an existing file is *not* checked here: the
//! caller checks existence per environment.

mod markdown;
mod nesting;
mod pages;
mod project;
#[cfg(test)]
mod tests;
mod yaml;

use crate::diagnostics::{Code, Diagnostic};
use crate::paths;
use markdown::parse_md;
pub use nesting::resolve_nested;
pub use pages::assign_pages;
#[cfg(test)]
use project::path_to;
pub use project::{project, BreadcrumbIndex, NavNode};
use std::collections::{HashMap, HashSet};
use yaml::parse_yaml;

/// What a TOC node points to.
#[derive(Debug, Clone, PartialEq)]
pub enum TocTarget {
    /// docset-relative normalized path of a page file ("admin/setup/foo.md",
    /// or "index.yml"), '/'-separated, no "./" or "..", plus optional "#anchor"
    /// (without the '#').
    Page {
        path: String,
        anchor: Option<String>,
    },
    /// absolute or external URL, kept as written
    External(String),
    /// Another TOC file whose items are spliced in here (docset-relative path
    /// as written in the href, e.g. "sub/toc.yml"). Gone after [`resolve_nested`].
    Nested(String),
    /// A folder TOC (`folder/` href), as "folder/toc.yml"; the node links to
    /// its first page. Gone after [`resolve_nested`].
    Reference(String),
    None,
}

/// One node of a TOC.
#[derive(Debug, Clone, PartialEq)]
pub struct TocNode {
    /// The label as written (empty when the node has no `name`).
    pub name: String,
    pub target: TocTarget,
    pub expanded: bool,
    pub items: Vec<TocNode>,
    /// where the node is defined (for diagnostics): docset-relative toc file path
    pub file: String,
    /// 1-based line of the node in `file` (see the module doc for the method).
    pub line: u32,
    /// The `topicHref` link of a node whose `target` is `Nested`/`Reference`
    /// (it cannot live in `target` until the nesting is resolved). Always
    /// `None` after [`resolve_nested`].
    pub topic: Option<TocTarget>,
    /// `tocHref` as written when it is absolute/external (breadcrumb TOCs: the
    /// URL prefix the node covers); `None` otherwise.
    pub toc_href: Option<String>,
}

/// One parsed TOC file.
#[derive(Debug, Clone, PartialEq)]
pub struct Toc {
    /// docset-relative toc file
    pub path: String,
    pub items: Vec<TocNode>,
}

/// Parse one toc.yml (case-insensitive file name) or TOC.md. `path` is
/// docset-relative. `None` only when the file cannot be read at all (YAML
/// syntax error); an empty file gives an empty TOC.
pub fn parse(path: &str, text: &str) -> (Option<Toc>, Vec<Diagnostic>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut cx = Cx {
        file: path.to_string(),
        dir: paths::dir_of(path).to_string(),
        diags: Vec::new(),
    };
    let items = if path.to_ascii_lowercase().ends_with(".md") {
        Some(parse_md(&mut cx, text))
    } else {
        parse_yaml(&mut cx, text)
    };
    let toc = items.map(|items| Toc {
        path: path.to_string(),
        items,
    });
    (toc, cx.diags)
}

struct Cx {
    file: String,
    dir: String,
    diags: Vec<Diagnostic>,
}

impl Cx {
    fn warn(&mut self, code: Code, line: u32, msg: String) {
        self.diags
            .push(Diagnostic::warning(code, self.file.clone(), line, 0, msg));
    }
}

// ---------------------------------------------------------------- paths

fn is_toc_file_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l == "toc.yml" || l == "toc.md" || l == "toc.yaml"
}

enum Href {
    Target(TocTarget),
    Outside,
}

/// Classify an href written in the TOC file whose folder is `dir`.
fn classify(dir: &str, raw: &str) -> Href {
    let s = raw.trim();
    if s.is_empty() {
        return Href::Target(TocTarget::None);
    }
    let (base, s) = match s.strip_prefix("~/") {
        Some(rest) => ("", rest),
        None if paths::is_external(s) || s.starts_with('#') => {
            return Href::Target(TocTarget::External(s.to_string()))
        }
        None => (dir, s),
    };
    let (path_part, anchor) = match s.split_once('#') {
        Some((p, a)) => (p, (!a.is_empty()).then(|| a.to_string())),
        None => (s, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let path_part = paths::percent_decode(path_part).replace('\\', "/");
    let path_part = path_part.trim();
    if path_part.is_empty() {
        return Href::Target(TocTarget::None);
    }
    let Some(joined) = paths::resolve(base, path_part) else {
        return Href::Outside;
    };
    if path_part.ends_with('/') {
        let toc = if joined.is_empty() {
            "toc.yml".to_string()
        } else {
            format!("{joined}/toc.yml")
        };
        return Href::Target(TocTarget::Reference(toc));
    }
    if joined.is_empty() {
        // "." or "sub/.." : the docset root folder.
        return Href::Target(TocTarget::Reference("toc.yml".to_string()));
    }
    let name = joined.rsplit('/').next().unwrap_or(&joined);
    if is_toc_file_name(name) {
        Href::Target(TocTarget::Nested(joined))
    } else {
        Href::Target(TocTarget::Page {
            path: joined,
            anchor,
        })
    }
}

/// Classify an href, reporting hrefs that leave the docset.
/// An href whose scheme the URL policy refuses (`javascript:`, `data:`, …,
/// however written) → `url-unsafe` and no link.
fn resolve_href(cx: &mut Cx, line: u32, raw: &str) -> TocTarget {
    if let Err(why) = crate::url_policy::check(raw) {
        cx.warn(
            Code::UrlUnsafe,
            line,
            format!(
                "TOC href `{}` is left out: {why}",
                raw.trim().escape_default()
            ),
        );
        return TocTarget::None;
    }
    match classify(&cx.dir, raw) {
        Href::Target(t) => t,
        Href::Outside => {
            cx.warn(
                Code::TocHrefOutside,
                line,
                format!("`{}` points outside the docset", raw.trim()),
            );
            TocTarget::None
        }
    }
}
