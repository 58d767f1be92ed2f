//! Site-absolute URLs (`/microsoft-365/admin/x?view=…`, `/azure/…`): under
//! the docset's own URL base (`docsetUrl` in tolk.yml, default
//! `/<docset folder>/`) they name a page or resource of this docset; every
//! other one leads to the external base URL (`externalBaseUrl`, default the
//! public docs host in the page's locale), so that no site-absolute link
//! dangles on a static host.

use crate::docset::{Docset, EnvId, LocaleId, PageInfo};
use crate::paths;

/// What a site-absolute URL under the docset's own URL base names.
pub enum SiteTarget {
    /// A page: its docset path and index.
    Page(String, usize),
    /// A resource (image, download), by docset path.
    Resource(String),
    /// Nothing published: the docset paths it could have named.
    Missing(Vec<String>),
}

/// The docset file a site-absolute URL (`/microsoft-365/admin/x?view=…`,
/// also after a locale segment `/en-us/…`) names, when it is under the
/// docset's URL base; Learn URLs are extensionless (`x` → `x.md`, `x.yml`,
/// `x/index.md`, `x/index.yml`).
pub fn docset_target(ds: &Docset, url: &str) -> Option<SiteTarget> {
    let (path, _, _) = paths::split_url(url);
    let base = &ds.config.docset_url;
    let local = without_locale_segment(path);
    let rest = paths::strip_prefix_ci(local, base).or_else(|| {
        local
            .eq_ignore_ascii_case(base.trim_end_matches('/'))
            .then_some("")
    })?;
    let rest = paths::percent_decode(rest);
    let rest = rest.trim_end_matches('/');
    if ds.resources.contains(rest) {
        return Some(SiteTarget::Resource(rest.to_string()));
    }
    let lower = rest.to_ascii_lowercase();
    let stem = lower
        .strip_suffix(".html")
        .map(|_| &rest[..rest.len() - 5])
        .unwrap_or(rest);
    let mut candidates = Vec::new();
    if lower.ends_with(".md") || lower.ends_with(".yml") {
        candidates.push(rest.to_string());
    }
    if stem.is_empty() {
        candidates.extend(["index.md".to_string(), "index.yml".to_string()]);
    } else {
        for ext in [".md", ".yml", "/index.md", "/index.yml"] {
            candidates.push(format!("{stem}{ext}"));
        }
    }
    let found = candidates.iter().find_map(|c| {
        ds.page_index
            .get(c.as_str())
            .map(|i| (c.clone(), *i))
            .or_else(|| {
                let real = ds.store.real_case(c)?;
                ds.page_index.get(real).map(|i| (real.to_string(), *i))
            })
    });
    Some(match found {
        Some((real, i)) => SiteTarget::Page(real, i),
        None => SiteTarget::Missing(candidates),
    })
}

/// The environment a `view=<moniker>` parameter of `suffix` names, when
/// the docset builds it and page `p` exists there.
pub fn view_env(ds: &Docset, p: &PageInfo, suffix: &str) -> Option<EnvId> {
    query_of(suffix).split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        if !k.eq_ignore_ascii_case("view") {
            return None;
        }
        let e = ds.config.catalog.index_of(v.trim_end_matches('.'))?;
        (ds.envs.contains(&e) && p.monikers.contains(e)).then_some(e)
    })
}

/// A site-absolute URL outside the docset on the external base URL in the
/// locale's language (`/azure/x` → `https://learn.microsoft.com/nl-nl/azure/x`).
pub fn external_url(ds: &Docset, locale: LocaleId, url: &str) -> String {
    let dir = &ds.locales[locale].dir_name;
    let ext = ds.config.external_base_url.replace("{locale}", dir);
    format!("{}{url}", ext.trim_end_matches('/'))
}

/// The query of a URL suffix (`?a=1&b=2#x` → `a=1&b=2`).
fn query_of(suffix: &str) -> &str {
    let q = suffix.split('#').next().unwrap_or("");
    q.strip_prefix('?').unwrap_or("")
}

/// `suffix` without the `view` and `preserve-view` parameters (they choose
/// the environment, which the site's folders do), anchor kept.
pub fn without_view(suffix: &str) -> String {
    let (query, anchor) = match suffix.find('#') {
        Some(i) => (&suffix[..i], &suffix[i..]),
        None => (suffix, ""),
    };
    let kept: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| {
            let name = p.split('=').next().unwrap_or("");
            !p.is_empty()
                && !name.eq_ignore_ascii_case("view")
                && !name.eq_ignore_ascii_case("preserve-view")
        })
        .collect();
    let mut out = String::new();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    out.push_str(anchor);
    out
}

/// A path without a leading Learn locale segment (`/en-us/x` → `/x`).
fn without_locale_segment(path: &str) -> &str {
    let rest = &path[1..];
    let seg = rest.split('/').next().unwrap_or("");
    if paths::is_locale_segment(seg) && rest.len() > seg.len() {
        &rest[seg.len()..]
    } else {
        path
    }
}
