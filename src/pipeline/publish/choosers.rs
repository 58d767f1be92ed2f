//! The pages above the variants: the root chooser (`index.html`: every
//! locale with its environments), one chooser per locale
//! (`<locale>/index.html`), and the localized 404 pages (`<locale>/404.html`,
//! and the first locale's at the root).

use super::writer::{locale_context, Writer};
use crate::docset::{LocaleId, Variant};
use crate::render::Site;
use serde::Serialize;

#[derive(Serialize)]
struct ChooserEnv {
    label: String,
    href: String,
}

#[derive(Serialize)]
struct ChooserLocale {
    lang: String,
    dir: String,
    label: String,
    environments: Vec<ChooserEnv>,
}

/// The path of the site root on its host: the path of `baseUrl` (`/docs/`
/// for `https://host/docs/`), else `/`.
fn site_path(base_url: Option<&str>) -> String {
    let Some(u) = base_url else {
        return "/".into();
    };
    let after_scheme = u.split_once("://").map_or(u, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.trim_end_matches('/');
    format!("{path}/")
}

/// A localized 404 page per locale; the first locale's also at the root.
/// A host serves a 404 page at any depth, so its links are root-relative
/// (from the path of `baseUrl`, else the host's root), never relative.
pub(super) fn write_not_found(site: &Site, w: &mut Writer) {
    let ds = &site.docset;
    let root = site_path(ds.config.base_url.as_deref());
    let assets = format!("{root}_tolk/");
    for (li, loc) in ds.locales.iter().enumerate() {
        let mut ctx = locale_context(site, loc, &assets);
        let home = format!(
            "{root}{}",
            Variant::new(li, ds.envs[0]).file(ds, "index.html")
        );
        ctx.insert("home", &home);
        ctx.insert("site_root", &root);
        let Ok(h) = site.tera.render("not_found.html", &ctx) else {
            continue;
        };
        w.write(&format!("{}/404.html", loc.dir_name), h.as_bytes());
    }
    // The root's: in the source locale (or the first), home is the site's chooser.
    let li = ds.source_locale_index().unwrap_or(0);
    let mut ctx = locale_context(site, &ds.locales[li], &assets);
    ctx.insert("home", &format!("{root}index.html"));
    ctx.insert("site_root", &root);
    if let Ok(h) = site.tera.render("not_found.html", &ctx) {
        w.write("404.html", h.as_bytes());
    }
}

/// The locale's entry of a chooser; `from_root`: hrefs from the site root,
/// else from the locale's folder.
fn chooser(site: &Site, li: LocaleId, from_root: bool) -> ChooserLocale {
    let ds = &site.docset;
    let l = &ds.locales[li];
    ChooserLocale {
        lang: l.tag.clone(),
        dir: if l.rtl { "rtl".into() } else { "ltr".into() },
        label: ds
            .strings(li)
            .get("language-name")
            .unwrap_or(&l.tag)
            .to_string(),
        environments: ds
            .envs
            .iter()
            .map(|&e| ChooserEnv {
                label: crate::render::env_label(ds, li, e),
                href: if from_root {
                    Variant::new(li, e).file(ds, "index.html")
                } else {
                    format!("{}/index.html", ds.env_name(e))
                },
            })
            .collect(),
    }
}

/// The root chooser and one chooser per locale.
pub(super) fn write_choosers(site: &Site, w: &mut Writer) {
    let ds = &site.docset;
    let all: Vec<ChooserLocale> = (0..ds.locales.len())
        .map(|li| chooser(site, li, true))
        .collect();
    let first = &ds.locales[ds.source_locale_index().unwrap_or(0)];
    let mut ctx = locale_context(site, first, "_tolk/");
    ctx.insert("locales", &all);
    w.render(site, "root_index.html", &ctx, "index.html");
    for (li, loc) in ds.locales.iter().enumerate() {
        let one = chooser(site, li, false);
        let mut ctx = ctx.clone();
        ctx.insert("lang", &loc.tag);
        ctx.insert("dir", &one.dir);
        ctx.insert("t", &ds.strings(li).messages);
        ctx.insert("assets", "../_tolk/");
        ctx.insert("locales", &vec![one]);
        if let Ok(h) = site.tera.render("root_index.html", &ctx) {
            w.write(&format!("{}/index.html", loc.dir_name), h.as_bytes());
        }
    }
}
