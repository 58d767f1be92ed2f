//! The loaded docset, read-only while the site renders: its pages
//! ([`PageInfo`]: path, environments, titles), its locales ([`Locale`]) and
//! environments (catalog indexes of the configuration's monikers), the slice
//! a build renders (`--locale`, `--env`), the locale strings, and
//! [`Variant`] — one locale × one environment, the only place that knows a
//! variant's folder and how to link into it. [`load`] reads it all from
//! disk; everything above (navigation, rendering, publishing, the report)
//! reads it and never writes it (`tolk serve` swaps a re-read page in
//! between renders, [`Docset::reload_markdown`]).

mod load;
mod model;
mod page;
mod variant;

pub use load::{load, Reloaded};
pub use model::{Docset, EnvId, Locale, LocaleId, PageInfo, PageKind, Untranslated};
pub use variant::{to_site_root, Variant};
