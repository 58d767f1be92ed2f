//! tolk: a static site generator for localized DocFX docsets.
//!
//! Data flows one way: [`config`] and [`source`] load the docset,
//! [`resolve`] composes each page per environment (moniker blocks, includes,
//! DocFX block syntax) on text whose bilingual span pairs were already
//! reduced to sentinels by [`bilingual`], [`markdown`] parses once per
//! distinct environment text and renders the events per locale, [`templates`]
//! wraps the article in a page, and [`site`] orchestrates and writes through
//! [`output`].

pub mod bilingual;
pub mod diagnostics;
pub mod monikers;
pub mod redirects;
pub mod resolve;
pub mod toc;
