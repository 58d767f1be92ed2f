//! `sitemap.xml` (every page in every variant, with its other locales as
//! alternates) and `robots.txt`, when the site has a base URL.

use super::writer::Writer;
use crate::docset::{Docset, Variant};
use crate::html::escape;

pub(super) fn write(docset: &Docset, w: &mut Writer) {
    let Some(base) = &docset.config.base_url else {
        return;
    };
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for p in &docset.pages {
        for &env in docset.envs.iter().filter(|e| p.monikers.contains(**e)) {
            for li in 0..docset.locales.len() {
                let rel = crate::url_policy::encode_path(&p.html_rel);
                let url = Variant::new(li, env).url(docset, base, &rel);
                xml.push_str(&format!("<url><loc>{}</loc>", escape(&url)));
                for (ai, alt) in docset.locales.iter().enumerate() {
                    let a = Variant::new(ai, env).url(docset, base, &rel);
                    xml.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        escape(&alt.tag),
                        escape(&a)
                    ));
                }
                xml.push_str("</url>\n");
            }
        }
    }
    xml.push_str("</urlset>\n");
    w.write("sitemap.xml", xml.as_bytes());
    w.write(
        "robots.txt",
        format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n").as_bytes(),
    );
}
