//! The site-wide files of one variant: TOC scripts and no-JavaScript TOC
//! pages, the search page, a fallback home page when the docset has no
//! index page, and redirect stubs.

use super::redirects;
use super::writer::{locale_context, Published, Writer};
use crate::docset::{to_site_root, PageInfo, PageKind, Variant};
use crate::html::escape;
use crate::nav;
use crate::output::Output;
use crate::redirects::PlannedRedirect;
use crate::render::Site;

/// Write the variant's files.
pub(super) fn write(
    site: &Site,
    out: &Output,
    v: Variant,
    planned: &[&PlannedRedirect],
) -> Published {
    let mut w = Writer::new(out);
    let ds = &site.docset;
    let loc = &ds.locales[v.locale];
    let strings = ds.strings(v.locale);
    // TOC scripts and no-JavaScript TOC pages.
    for (id, html) in site.nav.variant_tocs(ds, loc.side, v.env) {
        let script = format!("_toc/{id}.js");
        w.write(&v.file(ds, &script), nav::toc_script(&html).as_bytes());
        let page = format!("_toc/{id}.html");
        let mut ctx = locale_context(site, loc, &format!("{}_tolk/", to_site_root(&page)));
        ctx.insert("nav", &nav::toc_page_html(&html));
        w.render(site, "toc_page.html", &ctx, &v.file(ds, &page));
    }
    // Search page and fallback home page, as ordinary pages of the variant.
    let search_body = format!(
        "<h1>{}</h1>\n<div id=\"search-results\" data-search-page data-no-results=\"{}\" data-results-count=\"{}\"></div>\n",
        escape(&strings.text("search-results-title")),
        escape(&strings.text("search-no-results")),
        escape(&strings.text("search-results-count")),
    );
    write_plain_page(
        site,
        &mut w,
        v,
        "search.html",
        &strings.text("search-results-title"),
        &search_body,
    );
    let has_index = ["index.md", "index.yml"]
        .iter()
        .any(|p| ds.page_in_env(p, v.env).is_some());
    if !has_index {
        let mut body = format!("<h1>{}</h1>\n<ul>\n", escape(&ds.config.site_title));
        for p in ds.pages.iter().filter(|p| p.monikers.contains(v.env)) {
            body.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                escape(&p.html_rel),
                escape(&p.title_in(loc.side))
            ));
        }
        body.push_str("</ul>\n");
        write_plain_page(site, &mut w, v, "index.html", &ds.config.site_title, &body);
    }
    redirects::write_stubs(site, &mut w, v, planned);
    // The uids of the variant's pages, for other docsets' `build.xref`.
    if ds.refs.uids.has_pages() {
        let yml = crate::xref::xrefmap_yml(
            ds.refs
                .uids
                .specs
                .iter()
                .filter_map(|(uid, spec)| {
                    let crate::xref::Target::Page(rel) = &spec.target else {
                        return None;
                    };
                    let page = ds.page_in_env(rel, v.env)?;
                    Some(crate::xref::MapEntry {
                        uid,
                        name: page.title_in(loc.side),
                        href: page.html_rel.clone(),
                    })
                })
                .collect(),
        );
        w.write(&v.file(ds, "xrefmap.yml"), yml.as_bytes());
    }
    Published {
        files: w.count,
        diagnostics: w.diags,
        index_bytes: Vec::new(),
        paths: w.paths,
    }
}

/// A generated page of the variant, rendered with the page template.
fn write_plain_page(site: &Site, w: &mut Writer, v: Variant, rel: &str, title: &str, body: &str) {
    let page = PageInfo {
        rel: rel.replace(".html", ".md"),
        html_rel: rel.to_string(),
        monikers: site.docset.config.all_environments(),
        kind: PageKind::Landing(serde_yaml::Value::Null),
        title: title.to_string(),
        title_source: Some(title.to_string()),
        description: None,
        title_suffix: None,
        machine_translated: false,
    };
    let mut d = Vec::new();
    if let Some(h) = site.render_plain(&page, v, body, &mut d) {
        w.write(&v.file(&site.docset, rel), h.as_bytes());
    }
    w.diags.extend(d);
}
