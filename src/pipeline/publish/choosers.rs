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

/// A localized 404 page per locale; the first locale's also at the root.
pub(super) fn write_not_found(site: &Site, w: &mut Writer) {
    let ds = &site.docset;
    let first_env = ds.env_name(ds.envs[0]);
    for (li, loc) in ds.locales.iter().enumerate() {
        let mut ctx = locale_context(site, loc, "../_tolk/");
        // Relative to the locale's folder.
        let home = format!("{first_env}/index.html");
        ctx.insert("home", &home);
        let Ok(h) = site.tera.render("not_found.html", &ctx) else {
            continue;
        };
        w.write(&format!("{}/404.html", loc.dir_name), h.as_bytes());
        if li == 0 {
            let from_root = Variant::new(li, ds.envs[0]).file(ds, "index.html");
            let h = h.replace("href=\"../_tolk/", "href=\"_tolk/").replace(
                &format!("href=\"{home}\""),
                &format!("href=\"{from_root}\""),
            );
            w.write("404.html", h.as_bytes());
        }
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
                label: crate::render::env_label(ds.strings(li), ds.env_name(e)).to_string(),
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
