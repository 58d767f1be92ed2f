//! [`Variant`]: one locale × one environment of the site, the one place that
//! spells a variant's folder (`<locale-dir>/<environment>`) and the relative
//! links into it; and the docset's variants (all, or the slice to render).

use super::model::{Docset, EnvId, LocaleId, PageInfo};
use crate::paths;

/// Folders between the site root and a variant's root (`<locale>/<env>/`).
const DEPTH: usize = 2;

/// One locale rendered in one environment: a folder of the site.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Variant {
    pub locale: LocaleId,
    pub env: EnvId,
}

/// The way from the folder of a variant's file at `rel` (relative to its
/// variant root) up to the site root: `../../` for a page at the top.
pub fn to_site_root(rel: &str) -> String {
    paths::up_to_root(rel, DEPTH)
}

impl Variant {
    pub fn new(locale: LocaleId, env: EnvId) -> Variant {
        Variant { locale, env }
    }

    /// The same environment in another locale.
    pub fn with_locale(self, locale: LocaleId) -> Variant {
        Variant { locale, ..self }
    }

    /// The same locale in another environment.
    pub fn with_env(self, env: EnvId) -> Variant {
        Variant { env, ..self }
    }

    /// The variant's folder in the site: `nl-nl/o365-worldwide`.
    pub fn dir(self, docset: &Docset) -> String {
        format!(
            "{}/{}",
            docset.locales[self.locale].dir_name,
            docset.env_name(self.env)
        )
    }

    /// Site path of the variant's file `rel`: `nl-nl/o365-worldwide/a/b.html`.
    pub fn file(self, docset: &Docset, rel: &str) -> String {
        format!("{}/{rel}", self.dir(docset))
    }

    /// This variant's root, relative to the folder of a file at `from`
    /// (relative to its own variant root, in whatever variant): `../../nl-nl/env/`.
    pub fn root_from(self, docset: &Docset, from: &str) -> String {
        format!("{}{}/", to_site_root(from), self.dir(docset))
    }

    /// Link from a file at `from` (in any variant) to this variant's file `rel`.
    pub fn href_from(self, docset: &Docset, from: &str, rel: &str) -> String {
        format!("{}{rel}", self.root_from(docset, from))
    }

    /// Link from `page` (in whatever variant) to the same page in this one.
    pub fn page_href(self, docset: &Docset, page: &PageInfo) -> String {
        self.href_from(docset, &page.rel, &page.html_rel)
    }

    /// Absolute URL of this variant's file `rel` under the site's `base` URL.
    pub fn url(self, docset: &Docset, base: &str, rel: &str) -> String {
        format!("{base}{}", self.file(docset, rel))
    }
}

impl Docset {
    /// Every variant of the docset, locale by locale.
    pub fn variants(&self) -> impl Iterator<Item = Variant> + '_ {
        (0..self.locales.len())
            .flat_map(move |li| self.envs.iter().map(move |&env| Variant::new(li, env)))
    }

    /// The variants this build renders, locale by locale.
    pub fn selected_variants(&self) -> impl Iterator<Item = Variant> + '_ {
        self.selected_locales.iter().flat_map(move |&li| {
            self.selected_envs
                .iter()
                .map(move |&env| Variant::new(li, env))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use std::path::Path;

    fn sample() -> Docset {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        crate::docset::load(&root, None, &[], &[], &Diagnostics::new()).expect("sample loads")
    }

    /// The sample's variant of locale `tag` and environment `env`.
    fn variant(ds: &Docset, tag: &str, env: &str) -> Variant {
        let li = ds.locales.iter().position(|l| l.tag == tag).unwrap();
        let e = ds
            .envs
            .iter()
            .copied()
            .find(|e| ds.env_name(*e) == env)
            .unwrap();
        Variant::new(li, e)
    }

    #[test]
    fn folder_and_files_of_a_variant() {
        let ds = sample();
        let v = variant(&ds, "nl-NL", "lantern-edu");
        assert_eq!(v.dir(&ds), "nl-nl/lantern-edu");
        assert_eq!(
            v.file(&ds, "admin/a.html"),
            "nl-nl/lantern-edu/admin/a.html"
        );
        assert_eq!(
            v.url(&ds, "https://x.org/", "a.html"),
            "https://x.org/nl-nl/lantern-edu/a.html"
        );
    }

    #[test]
    fn links_into_another_variant_climb_out_of_the_page_folder_and_the_variant() {
        let ds = sample();
        let nl = variant(&ds, "nl-NL", "lantern-edu");
        let en_global = nl
            .with_locale(variant(&ds, "en-US", "lantern-edu").locale)
            .with_env(variant(&ds, "en-US", "lantern-global").env);
        assert_eq!(en_global, variant(&ds, "en-US", "lantern-global"));
        assert_eq!(to_site_root("support.md"), "../../");
        assert_eq!(to_site_root("admin/sub/a.md"), "../../../../");
        assert_eq!(
            en_global.root_from(&ds, "admin/a.md"),
            "../../../en-us/lantern-global/"
        );
        assert_eq!(
            en_global.href_from(&ds, "admin/a.md", "admin/a.html"),
            "../../../en-us/lantern-global/admin/a.html"
        );
    }

    #[test]
    fn every_variant_once_locale_by_locale() {
        let ds = sample();
        let all: Vec<String> = ds.variants().map(|v| v.dir(&ds)).collect();
        assert_eq!(all.len(), ds.locales.len() * ds.envs.len());
        assert_eq!(all[0], "nl-nl/lantern-global");
        assert!(all.iter().collect::<std::collections::BTreeSet<_>>().len() == all.len());
        assert_eq!(ds.selected_variants().count(), all.len());
    }
}
