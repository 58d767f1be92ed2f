//! English for texts the docset has only in its content locale: the
//! optional labels file `tolk-labels/<source locale>.yml` in the docset
//! (e.g. `tolk-labels/en-US.yml`):
//!
//! ```yaml
//! pages:                  # by the docset path of a page (or a TOC href)
//!   admin/index.yml: Microsoft 365 admin
//! texts:                  # by the text as written in the content locale
//!   "Microsoft 365-documentatie": Microsoft 365 documentation
//! ```
//!
//! `pages` gives a page's English title (TOC labels, breadcrumbs, link
//! texts to it, its `<title>`), `texts` the English of any text shown on a
//! source-locale page without an English counterpart (TOC and breadcrumb
//! labels, YAML page texts, descriptions). What neither gives stays in the
//! content locale, marked with its `lang`, and is listed by the review report.

use crate::diagnostics::{Code, Diagnostic};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The folder of the labels files, in the docset root.
pub const LABELS_DIR: &str = "tolk-labels";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelsFile {
    #[serde(default)]
    pages: BTreeMap<String, String>,
    #[serde(default)]
    texts: BTreeMap<String, String>,
}

/// English labels supplied by the writers.
#[derive(Debug, Default)]
pub struct Labels {
    pages: BTreeMap<String, String>,
    texts: BTreeMap<String, String>,
}

impl Labels {
    /// Read `tolk-labels/<locale>.yml` under `root`; none is no labels.
    pub fn load(root: &Path, locale: &str) -> (Labels, Vec<Diagnostic>) {
        let rel = format!("{LABELS_DIR}/{locale}.yml");
        let path = root.join(&rel);
        if !path.is_file() {
            return (Labels::default(), Vec::new());
        }
        let text = match crate::source::read_text(root, &rel) {
            Ok(t) => t,
            Err(d) => return (Labels::default(), vec![d]),
        };
        Self::parse(&rel, &text)
    }

    /// Parse the text of a labels file (`rel` names it in diagnostics).
    pub fn parse(rel: &str, text: &str) -> (Labels, Vec<Diagnostic>) {
        if text.trim().is_empty() {
            return (Labels::default(), Vec::new());
        }
        match serde_yaml::from_str::<LabelsFile>(text) {
            Ok(f) => (
                Labels {
                    pages: f
                        .pages
                        .into_iter()
                        .map(|(k, v)| (k.trim_start_matches('/').to_string(), v))
                        .collect(),
                    texts: f
                        .texts
                        .into_iter()
                        .map(|(k, v)| (k.trim().to_string(), v))
                        .collect(),
                },
                Vec::new(),
            ),
            Err(e) => {
                let (l, c) = e
                    .location()
                    .map(|l| (l.line() as u32, l.column() as u32))
                    .unwrap_or((1, 1));
                (
                    Labels::default(),
                    vec![Diagnostic::error(
                        Code::LabelsInvalid,
                        rel,
                        l,
                        c,
                        format!("The labels file cannot be read: {e}"),
                    )
                    .with_hint("It holds two optional maps: `pages` (docset path → English title) and `texts` (text as written → English).")],
                )
            }
        }
    }

    /// The English of a text as written in the content locale.
    pub fn english(&self, text: &str) -> Option<String> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        self.texts.get(t).cloned()
    }

    /// The English title of the page at docset path `rel` whose title is `title`.
    pub fn english_of_page(&self, rel: &str, title: &str) -> Option<String> {
        self.pages.get(rel).cloned().or_else(|| self.english(title))
    }

    /// The English title the `pages` map gives the page at `rel`.
    pub fn pages_title(&self, rel: &str) -> Option<String> {
        self.pages.get(rel).cloned()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.texts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_texts_are_looked_up_and_bad_files_located() {
        let (l, d) = Labels::parse(
            "tolk-labels/en-US.yml",
            "pages:\n  /admin/index.yml: Admin\ntexts:\n  \"Beheer \": Administration\n",
        );
        assert!(d.is_empty());
        assert_eq!(
            l.english_of_page("admin/index.yml", "x").as_deref(),
            Some("Admin")
        );
        assert_eq!(
            l.english_of_page("other.md", "Beheer").as_deref(),
            Some("Administration")
        );
        assert_eq!(l.english(" Beheer "), Some("Administration".into()));
        assert_eq!(l.english("Onbekend"), None);
        let (l, d) = Labels::parse("tolk-labels/en-US.yml", "pages: {}\nlabels: {}\n");
        assert!(l.is_empty());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 2);
    }
}
