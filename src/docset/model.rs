//! The model's types: the [`Docset`] and its pages, locales and the texts
//! shown without an English counterpart, with the lookups everything above
//! uses.

use crate::bilingual::Side;
use crate::config::Config;
use crate::i18n::Strings;
use crate::monikers::MonikerSet;
use crate::source::{SourceFile, SourceStore};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// A locale's place in [`Docset::locales`].
pub type LocaleId = usize;
/// An environment: the catalog index of its moniker (see [`Config::env_name`]).
pub type EnvId = usize;

/// Everything loaded from the docset before rendering.
pub struct Docset {
    pub config: Config,
    pub store: SourceStore,
    /// Published pages, sorted by docset path.
    pub pages: Vec<PageInfo>,
    /// Docset path → index in `pages`.
    pub page_index: HashMap<String, usize>,
    /// Every locale and environment of the docset (switchers, choosers,
    /// sitemap and `_redirects` always name all of them)…
    pub locales: Vec<Locale>,
    pub envs: Vec<EnvId>,
    /// …and the slice this build renders (`--locale`, `--env`): a slice is
    /// byte-identical to the same part of a full build.
    pub selected_locales: Vec<LocaleId>,
    pub selected_envs: Vec<EnvId>,
    /// Interface strings by locale tag.
    pub strings: HashMap<String, Strings>,
    /// Files copied as they are (images and other media), by docset path.
    pub resources: BTreeSet<String>,
    pub source_locale: String,
    /// Uids and what composing a page needs besides its text (see [`crate::xref`]).
    pub refs: crate::xref::DocsetRefs,
}

/// A page of the site and what is known of it before rendering.
pub struct PageInfo {
    pub rel: String,
    pub html_rel: String,
    /// Environments (catalog indexes) the page exists in.
    pub monikers: MonikerSet,
    pub kind: PageKind,
    /// Title in the content locale (front matter, else the H1).
    pub title: String,
    /// English title from the page's H1, when it has one.
    pub title_source: Option<String>,
    pub description: Option<String>,
    pub title_suffix: Option<String>,
    pub machine_translated: bool,
}

pub enum PageKind {
    Markdown(Arc<SourceFile>),
    Landing(serde_yaml::Value),
}

impl PageInfo {
    /// The page's title as shown in a locale of `side`.
    pub fn title_in(&self, side: Side) -> String {
        match side {
            Side::Target => self.title.clone(),
            Side::Source => self
                .title_source
                .clone()
                .unwrap_or_else(|| self.title.clone()),
        }
    }
}

/// One side of the bilingual text rendered as one locale.
#[derive(Debug, Clone, Serialize)]
pub struct Locale {
    pub tag: String,
    /// Lower-cased folder name.
    pub dir_name: String,
    #[serde(skip)]
    pub side: Side,
    pub rtl: bool,
    pub hover: bool,
}

/// Something shown in English that has no English source (title, label…).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct Untranslated {
    pub file: String,
    pub what: String,
    pub text: String,
}

impl Docset {
    /// The environment's name (its folder in every locale).
    pub fn env_name(&self, env: EnvId) -> &str {
        self.config.env_name(env)
    }

    /// The interface strings of a locale.
    pub fn strings(&self, locale: LocaleId) -> &Strings {
        &self.strings[&self.locales[locale].tag]
    }

    /// The source locale, if the site has one distinct from the content locale.
    pub fn source_locale_index(&self) -> Option<LocaleId> {
        self.locales.iter().position(|l| l.side == Side::Source)
    }

    /// The page at docset path `path`.
    pub fn page(&self, path: &str) -> Option<&PageInfo> {
        self.page_index.get(path).map(|i| &self.pages[*i])
    }

    /// The page at docset path `path`, if it exists in environment `env`.
    pub fn page_in_env(&self, path: &str, env: EnvId) -> Option<&PageInfo> {
        self.page(path).filter(|p| p.monikers.contains(env))
    }
}
