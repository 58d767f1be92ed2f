//! tolk: a static site generator for localized DocFX docsets.
//!
//! The library's entry points, and all it exports: [`build()`] builds or
//! checks a docset ([`BuildOptions`], [`BuildResult`]), [`serve::run`] serves
//! it from memory, [`report()`] computes the review report (its figures and
//! writers in [`report`]), [`diagnostics`] is the one model of every problem
//! and the registry of their codes. Every other module is the crate's own.
//! The `tolk` binary (`main.rs` parses the command line, `cmd/` prints and
//! chooses exit codes) is a thin layer over them.
//!
//! Data flows one way; each module reads only the ones below it:
//!
//! - [`pipeline`]: load → render every page (or take it from the build
//!   [`cache`] of the previous site) → site-wide files
//!   (`pipeline/publish`: choosers, search indexes, redirects, sitemap,
//!   404s, TOC scripts) → link and bookmark checks; `build`, `check` and
//!   [`serve`] differ only in where the output goes (disk, nothing, memory);
//! - [`render`]: one page in all its variants — links per variant, the view
//!   model, the page template;
//! - [`nav`] (TOCs, breadcrumbs) and [`report`] read the loaded model;
//! - [`docset`]: the loaded, read-only model — pages, locales,
//!   environments, and [`docset::Variant`], the one place that knows a
//!   variant's folder (`<locale>/<environment>`);
//! - the formats: [`source`] walks and reads the files ([`bilingual`]
//!   reduces span pairs to sentinels), [`resolve`] composes a page per
//!   environment (moniker blocks, includes, DocFX block syntax), [`markdown`]
//!   parses once per distinct text and renders each side (a span pair
//!   becomes HTML there), [`landing`] renders YAML landing pages, [`toc`]
//!   and [`redirects`] read their files;
//! - the ground floor: [`config`], [`monikers`], [`i18n`], [`templates`], [`text`],
//!   [`search`], [`output`] (a site swapped in atomically, or memory),
//!   [`diagnostics`].

// The library surface: building, serving, the report and the diagnostics.
pub mod diagnostics;
pub mod report;
pub mod serve;
pub use output::write_file_outside_sources;
pub use pipeline::{build, check_selection, BuildOptions, BuildResult, VariantStats};

// Everything else is the crate's own.
pub(crate) mod bilingual;
pub(crate) mod cache;
pub(crate) mod config;
pub(crate) mod docset;
pub(crate) mod fence;
pub(crate) mod html;
pub(crate) mod i18n;
pub(crate) mod landing;
pub(crate) mod markdown;
pub(crate) mod monikers;
pub(crate) mod nav;
pub(crate) mod output;
pub(crate) mod paths;
pub(crate) mod pipeline;
pub(crate) mod redirects;
pub(crate) mod render;
pub(crate) mod resolve;
pub(crate) mod search;
pub(crate) mod siteurl;
pub(crate) mod source;
pub(crate) mod templates;
pub(crate) mod text;
pub(crate) mod toc;
pub(crate) mod url_policy;
pub(crate) mod xref;

/// Load a docset, check it as `tolk check` does (every page rendered into
/// nothing, site-wide files planned, links verified, so that both count the
/// same problems) and compute its review report. `None` when the docset
/// cannot be loaded; `diags` then says why, and holds the docset's other
/// problems either way.
pub fn report(
    source: &std::path::Path,
    diags: &diagnostics::Diagnostics,
) -> Option<report::Report> {
    let opts = BuildOptions {
        source: source.to_path_buf(),
        ..BuildOptions::default()
    };
    let site = pipeline::load(&opts, diags)?;
    let mut checked = pipeline::Pipeline::new(site);
    checked.render_all(None, false);
    diags.extend(checked.page_diagnostics().cloned());
    let search = checked.take_search_docs();
    diags.extend(checked.publish(None, search).diagnostics);
    diags.extend(checked.link_diagnostics());
    let untranslated = checked.untranslated();
    let site = &checked.site;
    let computed = report::compute_with(&site.docset, &site.nav, Some(&untranslated));
    // Pages deleted or changed between loading and reading them again.
    diags.extend(site.docset.store.take_reread_failures());
    Some(computed)
}

/// Internals the micro-benchmarks (`benches/hot_paths.rs`) time one by one;
/// not part of the library's interface.
#[doc(hidden)]
pub mod bench {
    pub use crate::bilingual::plain_line;
    pub use crate::bilingual::{scan, Side};
    pub use crate::docset::{PageKind, Variant};
    pub use crate::markdown::{prepare, render, LinkKind, LinkResolver, RenderOptions};
    pub use crate::monikers::blocks::analyze;
    pub use crate::pipeline::load;
    pub use crate::resolve::{compose, PageContext};
    pub use crate::search::{build_indexes, IndexPart, SearchDoc, SearchText};
}
