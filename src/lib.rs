//! tolk: a static site generator for localized DocFX docsets.
//!
//! Data flows one way: [`config`] and [`source`] load the docset (span pairs
//! reduced to sentinels by [`bilingual`], moniker blocks classified),
//! [`resolve`] composes each page per environment (moniker blocks, includes,
//! DocFX block syntax), [`markdown`] parses once per distinct environment text
//! and renders the events per locale, [`templates`] wraps the article in a
//! page, [`site`] orchestrates and streams pages to [`output`], and
//! [`publish`] writes the site-wide files ([`nav`], [`search`], redirects).

pub mod bilingual;
pub mod config;
pub mod diagnostics;
pub mod fence;
pub mod html;
pub mod i18n;
pub mod landing;
pub mod markdown;
pub mod monikers;
pub mod nav;
pub mod output;
pub mod paths;
pub mod publish;
pub mod redirects;
pub mod report;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod templates;
pub mod toc;
