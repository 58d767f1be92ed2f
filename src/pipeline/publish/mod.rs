//! Site-wide files, written once every page is rendered: theme assets,
//! resources (once, shared by every variant), per variant its TOC scripts
//! and pages, search page, fallback home page and redirect stubs
//! (`variant`), per locale its search indexes ([`search`]), the root and
//! locale choosers and localized 404 pages (`choosers`), `_redirects`
//! (`redirects`), sitemap and robots (`sitemap`).

mod choosers;
mod redirects;
mod search;
mod sitemap;
mod variant;
mod writer;

pub(super) use redirects::plan_redirects;
pub(super) use search::batches as search_batches;
pub use search::SearchBatch;
pub use writer::Published;

use crate::diagnostics::{Code, Diagnostic};
use crate::docset::Variant;
use crate::output::Output;
use crate::render::Site;
use crate::search::SearchDoc;
use crate::templates;
use rayon::prelude::*;
use std::collections::HashMap;
use writer::Writer;

/// Write everything but the pages, given the search entries the pages left.
pub(super) fn write_site_files(
    site: &Site,
    out: &Output,
    search_docs: HashMap<Variant, Vec<SearchDoc>>,
) -> Published {
    let ds = &site.docset;
    let mut w = Writer::new(out);
    for (name, text) in templates::assets() {
        w.write(&format!("_tolk/{name}"), text.as_bytes());
    }
    // The logo (tolk.yml `logo`, checked when the configuration loads).
    if let Some(name) = ds.config.logo.as_deref().and_then(templates::logo_file) {
        let logo = ds.config.logo.as_deref().unwrap_or_default();
        match std::fs::read(ds.config.root.join(logo)) {
            Ok(bytes) => w.write(&format!("_tolk/{name}"), &bytes),
            Err(e) => w.diags.push(Diagnostic::error(
                Code::FileUnreadable,
                logo,
                0,
                0,
                format!("Cannot read the logo {logo}: {e}"),
            )),
        }
    }
    if site.has_math.load(std::sync::atomic::Ordering::Relaxed) {
        for (name, bytes) in templates::KATEX {
            w.write(&format!("_tolk/katex/{name}"), bytes);
        }
    }
    // Resources, once for every variant.
    let res: Vec<&String> = ds.resources.iter().collect();
    let copied: Vec<Result<(), Diagnostic>> = res
        .par_iter()
        .map(|rel| {
            out.copy(&format!("_res/{rel}"), &ds.config.root.join(rel))
                .map_err(|e| match crate::output::is_read_error(&e) {
                    true => Diagnostic::error(
                        Code::FileUnreadable,
                        rel.as_str(),
                        0,
                        0,
                        format!("Cannot read {rel}: {e}"),
                    ),
                    false => Diagnostic::error(
                        Code::WriteFailed,
                        "",
                        0,
                        0,
                        format!("Cannot copy {rel}: {e}"),
                    ),
                })
        })
        .collect();
    for r in copied {
        match r {
            Ok(()) => w.count += 1,
            Err(d) => w.diags.push(d),
        }
    }

    let planned = plan_redirects(ds, &site.nav, &mut w.diags);
    // Search indexes, one job per locale (its analysis is shared by its
    // environments), beside one job per variant for everything else.
    enum Job {
        Search(SearchBatch),
        Variant(Variant),
    }
    let mut jobs: Vec<Job> = search::batches(ds, search_docs)
        .into_iter()
        .map(Job::Search)
        .collect();
    jobs.extend(ds.selected_variants().map(Job::Variant));
    let done: Vec<Published> = jobs
        .into_par_iter()
        .map(|job| match job {
            Job::Search(batch) => batch.write(out),
            Job::Variant(v) => variant::write(site, out, v, &planned),
        })
        .collect();
    let mut index_bytes = Vec::new();
    for p in done {
        w.count += p.files;
        w.diags.extend(p.diagnostics);
        index_bytes.extend(p.index_bytes);
    }
    redirects::write_list(ds, &mut w, &planned);
    choosers::write_not_found(site, &mut w);
    choosers::write_choosers(site, &mut w);
    sitemap::write(ds, &mut w);
    Published {
        files: w.count,
        diagnostics: w.diags,
        index_bytes,
    }
}
