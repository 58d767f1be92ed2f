//! tolk: a static site generator for localized DocFX docsets.
//!
//! The library's entry points: [`build()`] builds or checks a docset
//! ([`BuildOptions`], [`BuildResult`]), [`serve::run`] serves it from memory,
//! [`report`] computes the review report, [`diagnostics`] is the one model of
//! every problem. The `tolk` binary (`main.rs` parses the command line,
//! `cmd/` prints and chooses exit codes) is a thin layer over them.
//!
//! Data flows one way; each module reads only the ones below it:
//!
//! - [`pipeline`]: load → render every page → site-wide files
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
//! - the ground floor: [`config`], [`monikers`], [`i18n`], [`templates`],
//!   [`search`], [`output`] (a site swapped in atomically, or memory),
//!   [`diagnostics`].

pub mod bilingual;
pub mod config;
pub mod diagnostics;
pub mod docset;
pub mod fence;
pub mod html;
pub mod i18n;
pub mod landing;
pub mod markdown;
pub mod monikers;
pub mod nav;
pub mod output;
pub mod paths;
pub mod pipeline;
pub mod redirects;
pub mod render;
pub mod report;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod siteurl;
pub mod source;
pub mod templates;
pub mod toc;

pub use pipeline::{build, BuildOptions, BuildResult};
