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

use crate::cache::{Hash, Stored, StoredSite};
use crate::diagnostics::{Code, Diagnostic};
use crate::docset::Variant;
use crate::output::Output;
use crate::render::Site;
use crate::search::SearchDoc;
use crate::templates;
use rayon::prelude::*;
use std::collections::HashMap;
use writer::Writer;

/// Write everything but the pages, given the search entries the pages left;
/// `previous`: the build cache of the site being replaced, when its
/// fingerprint is this site's. Returns, besides what was written, what the
/// next build cache keeps of the site-wide files.
pub(super) fn write_site_files(
    site: &Site,
    out: &Output,
    search_docs: HashMap<Variant, Vec<SearchDoc>>,
    previous: Option<&Stored>,
) -> (Published, StoredSite) {
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
            let (path, src) = (format!("_res/{rel}"), ds.config.root.join(rel));
            // Unchanged since the cached site: linked without reading it.
            if previous.is_some_and(|p| p.carry_resource(out, &path, &src)) {
                return Ok(());
            }
            out.copy(&path, &src)
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

    // Search indexes, one job per locale (its analysis is shared by its
    // environments), beside the site-wide files that depend only on what
    // the build cache's fingerprint covers: per variant (TOC scripts and
    // pages, search page, fallback home, redirect stubs, xrefmap), then
    // `_redirects`, 404 pages, choosers, sitemap. With the cache of the
    // previous site (same fingerprint), an index whose entries are the same
    // and those files are linked from the previous site as they are.
    enum Job {
        Search(SearchBatch, Hash),
        Reused(Vec<(Variant, String, u64)>),
        Variant(Variant),
    }
    let mut stored = StoredSite::default();
    let mut jobs: Vec<Job> = Vec::new();
    for batch in search::batches(ds, search_docs) {
        let hash = batch.hash();
        let reusable = previous
            .and_then(|p| p.site().search.iter().find(|(h, _)| *h == hash))
            .filter(|(_, files)| {
                files
                    .iter()
                    .all(|(_, path, _)| previous.is_some_and(|p| p.carry(out, path)))
            });
        match reusable {
            Some((_, files)) => {
                stored.search.push((hash, files.clone()));
                jobs.push(Job::Reused(files.clone()));
            }
            None => jobs.push(Job::Search(batch, hash)),
        }
    }
    let fixed = previous.map(|p| p.site()).filter(|s| {
        !s.paths.is_empty()
            && s.paths
                .iter()
                .all(|path| previous.is_some_and(|p| p.carry(out, path)))
    });
    let planned = match fixed {
        Some(_) => Vec::new(),
        None => {
            let mut d = Vec::new();
            let planned = plan_redirects(ds, &site.nav, &mut d);
            stored.diagnostics.extend(d);
            jobs.extend(ds.selected_variants().map(Job::Variant));
            planned
        }
    };
    // What each job did: its files and diagnostics, and for a search batch
    // built anew, its entry in the next cache.
    type SearchEntry = crate::cache::SearchBatchFiles;
    let done: Vec<(Published, Option<SearchEntry>, bool)> = jobs
        .into_par_iter()
        .map(|job| match job {
            Job::Search(batch, hash) => {
                let targets = batch.targets();
                let p = batch.write(out);
                let files = targets
                    .into_iter()
                    .map(|(v, path)| {
                        let bytes = p
                            .index_bytes
                            .iter()
                            .find(|(x, _)| *x == v)
                            .map_or(0, |(_, b)| *b);
                        (v, path, bytes)
                    })
                    .collect();
                // A batch that failed to write is not stored.
                let entry = p.diagnostics.is_empty().then_some((hash, files));
                (p, entry, false)
            }
            Job::Reused(files) => (
                Published {
                    files: files.len(),
                    index_bytes: files.iter().map(|(v, _, b)| (*v, *b)).collect(),
                    ..Published::default()
                },
                None,
                false,
            ),
            Job::Variant(v) => (variant::write(site, out, v, &planned), None, true),
        })
        .collect();
    let mut index_bytes = Vec::new();
    let mut fixed_writer = Writer::new(out);
    for (p, entry, fixed_part) in done {
        w.count += p.files;
        index_bytes.extend(p.index_bytes);
        if let Some(e) = entry {
            stored.search.push(e);
        }
        if fixed_part {
            fixed_writer.paths.extend(p.paths);
            fixed_writer.diags.extend(p.diagnostics);
        } else {
            w.diags.extend(p.diagnostics);
        }
    }
    match fixed {
        Some(s) => {
            // Linked from the previous site; its diagnostics as they were.
            w.count += s.paths.len();
            w.diags.extend(s.diagnostics.iter().cloned());
            stored.paths = s.paths.clone();
            stored.diagnostics = s.diagnostics.clone();
        }
        None => {
            let fw = &mut fixed_writer;
            redirects::write_list(ds, fw, &planned);
            choosers::write_not_found(site, fw);
            choosers::write_choosers(site, fw);
            sitemap::write(ds, fw);
            w.count += fw.count;
            stored.diagnostics.append(&mut fw.diags);
            w.diags.extend(stored.diagnostics.iter().cloned());
            stored.paths = std::mem::take(&mut fw.paths);
            stored.paths.sort();
        }
    }
    stored.search.sort_by(|a, b| a.1.cmp(&b.1));
    (
        Published {
            files: w.count,
            diagnostics: w.diags,
            index_bytes,
            paths: Vec::new(),
        },
        stored,
    )
}
