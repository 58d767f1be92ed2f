//! [`Pipeline`]: a loaded site and what rendering its pages left behind,
//! one [`PageOutcome`] per page. Pages render in parallel, each on its own;
//! the later phases (site-wide files, link checks, the build's figures) are
//! reductions over the outcomes. `build` renders every page once; `serve`
//! renders them all, then again the pages a change touches.

use super::publish::{self, Published, SearchBatch};
use crate::cache::{Inputs, Stored};
use crate::diagnostics::Diagnostic;
use crate::docset::{PageInfo, Untranslated, Variant};
use crate::output::Output;
use crate::render::{link_diagnostics, PageOutcome, Sink, Site};
use crate::search::{SearchDoc, TextSpill};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Figures of one variant.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VariantStats {
    pub pages: usize,
    pub bytes: u64,
    pub search_index_bytes: u64,
}

/// A loaded site and the outcome of rendering each of its pages.
pub struct Pipeline {
    pub site: Site,
    /// The last outcome of each page rendered, by docset path.
    outcomes: BTreeMap<String, PageOutcome>,
}

impl Pipeline {
    pub fn new(site: Site) -> Self {
        Pipeline {
            site,
            outcomes: BTreeMap::new(),
        }
    }

    /// Render every page into `sink` (`None`: check only), in parallel;
    /// `progress` shows a progress bar.
    pub fn render_all(&mut self, sink: Option<Sink>, progress: bool) {
        let bar = progress.then(|| progress_bar(self.site.docset.pages.len()));
        let site = &self.site;
        let done: Vec<(String, PageOutcome)> = site
            .docset
            .pages
            .par_iter()
            .map(|page| {
                let o = site.render_page(page, sink);
                if let Some(b) = &bar {
                    b.inc(1);
                }
                (page.rel.clone(), o)
            })
            .collect();
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        self.outcomes = done.into_iter().collect();
    }

    /// Take every page whose stored outcome the build cache `stored` still
    /// vouches for (its files and what it read are unchanged), with its
    /// files linked from the previous site into `out`. Returns the pages
    /// taken; [`Pipeline::render_rest`] renders the others.
    pub(crate) fn reuse(
        &mut self,
        stored: &Stored,
        inputs: &Inputs,
        out: &Output,
        spill: Option<&Arc<TextSpill>>,
    ) -> BTreeSet<String> {
        let ds = &self.site.docset;
        let candidates: Vec<(&PageInfo, &[u8])> = ds
            .pages
            .iter()
            .filter_map(|p| Some((p, stored.page(&p.rel, inputs)?)))
            .collect();
        // Decoded and linked in parallel.
        let taken: Vec<(String, PageOutcome)> = candidates
            .into_par_iter()
            .filter_map(|(page, bytes)| {
                let o = crate::cache::decode_outcome(bytes, spill)?;
                let all = o.bytes.iter().all(|(v, _)| {
                    let path = v.file(ds, &page.html_rel);
                    stored
                        .stamp(&path)
                        .is_some_and(|s| out.carry_stamped(&path, s))
                });
                all.then(|| (page.rel.clone(), o))
            })
            .collect();
        if taken.iter().any(|(_, o)| o.math) {
            self.site
                .has_math
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let rels = taken.iter().map(|(r, _)| r.clone()).collect();
        self.outcomes.extend(taken);
        rels
    }

    /// Render every page that has no outcome yet. Returns the number rendered.
    pub(crate) fn render_rest(&mut self, sink: Option<Sink>) -> usize {
        let rest: BTreeSet<String> = self
            .site
            .docset
            .pages
            .iter()
            .filter(|p| !self.outcomes.contains_key(&p.rel))
            .map(|p| p.rel.clone())
            .collect();
        self.render_pages(&rest, sink)
    }

    /// The outcome of every page rendered (or reused), by docset path.
    pub(crate) fn outcomes(&self) -> &BTreeMap<String, PageOutcome> {
        &self.outcomes
    }

    /// Render the pages at these docset paths again (other paths are
    /// ignored). Returns the number of pages rendered.
    pub fn render_pages(&mut self, rels: &BTreeSet<String>, sink: Option<Sink>) -> usize {
        let site = &self.site;
        let list: Vec<&String> = rels.iter().collect();
        let done: Vec<(String, PageOutcome)> = list
            .par_iter()
            .filter_map(|rel| {
                let page = site.docset.page(rel)?;
                Some(((*rel).clone(), site.render_page(page, sink)))
            })
            .collect();
        let n = done.len();
        self.outcomes.extend(done);
        n
    }

    /// The pages whose last render included the file `rel`.
    pub fn includers_of<'a>(&'a self, rel: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.outcomes
            .iter()
            .filter(move |(_, o)| o.includes.iter().any(|x| x == rel))
            .map(|(p, _)| p)
    }

    /// The search entries of every variant (copies: the outcomes keep theirs).
    pub fn search_docs(&self) -> HashMap<Variant, Vec<SearchDoc>> {
        let mut docs: HashMap<Variant, Vec<SearchDoc>> = HashMap::new();
        for o in self.outcomes.values() {
            for (v, d) in &o.search {
                docs.entry(*v).or_default().push(d.clone());
            }
        }
        docs
    }

    /// The search entries of every variant, taken out of the outcomes.
    pub fn take_search_docs(&mut self) -> HashMap<Variant, Vec<SearchDoc>> {
        let mut docs: HashMap<Variant, Vec<SearchDoc>> = HashMap::new();
        for o in self.outcomes.values_mut() {
            for (v, d) in std::mem::take(&mut o.search) {
                docs.entry(v).or_default().push(d);
            }
        }
        docs
    }

    /// The search indexes of the current outcomes, ready to be built
    /// (by `serve`, off its update thread).
    pub fn search_batches(&self) -> Vec<SearchBatch> {
        publish::search_batches(&self.site.docset, self.search_docs())
    }

    /// Write the site-wide files into `out` with these search entries. Without
    /// an output (`check`) only the redirection file is read and verified.
    pub fn publish(
        &self,
        out: Option<&Output>,
        search: HashMap<Variant, Vec<SearchDoc>>,
    ) -> Published {
        self.publish_cached(out, search, None).0
    }

    /// [`Pipeline::publish`] with the build cache of the site `out`
    /// replaces (same fingerprint): unchanged site-wide files are linked
    /// from it. Also returns what the next cache keeps of them.
    pub(crate) fn publish_cached(
        &self,
        out: Option<&Output>,
        search: HashMap<Variant, Vec<SearchDoc>>,
        previous: Option<&Stored>,
    ) -> (Published, crate::cache::StoredSite) {
        match out {
            Some(out) => publish::write_site_files(&self.site, out, search, previous),
            None => {
                let mut diagnostics = Vec::new();
                publish::plan_redirects(&self.site.docset, &self.site.nav, &mut diagnostics);
                (
                    Published {
                        diagnostics,
                        ..Published::default()
                    },
                    Default::default(),
                )
            }
        }
    }

    /// Link and bookmark diagnostics of every page, merged across environments.
    pub fn link_diagnostics(&self) -> Vec<Diagnostic> {
        let anchors = |page: &str, env| self.outcomes.get(page).and_then(|o| o.anchors_in(env));
        link_diagnostics(
            &self.site.docset,
            &self.site.docset.config.root,
            anchors,
            self.outcomes.values().flat_map(|o| &o.issues),
            self.outcomes.values().flat_map(|o| &o.bookmarks),
        )
    }

    /// The diagnostics of rendering the pages, page by page.
    pub fn page_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.outcomes.values().flat_map(|o| &o.diagnostics)
    }

    /// Texts shown in the source locale without an English counterpart:
    /// the pages' and the navigation's, sorted.
    pub fn untranslated(&self) -> Vec<Untranslated> {
        let mut all: Vec<Untranslated> = self
            .outcomes
            .values()
            .flat_map(|o| o.untranslated.iter().cloned())
            .chain(self.site.nav.untranslated.iter().cloned())
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// Pages and bytes per variant.
    pub fn variant_stats(&self) -> BTreeMap<Variant, VariantStats> {
        let mut stats: BTreeMap<Variant, VariantStats> = BTreeMap::new();
        for (v, bytes) in self.outcomes.values().flat_map(|o| &o.bytes) {
            let s = stats.entry(*v).or_default();
            s.pages += 1;
            s.bytes += bytes;
        }
        stats
    }

    /// Page → the include files it uses.
    pub fn include_graph(&self) -> BTreeMap<String, Vec<String>> {
        self.outcomes
            .iter()
            .filter(|(_, o)| !o.includes.is_empty())
            .map(|(p, o)| (p.clone(), o.includes.clone()))
            .collect()
    }

    /// Page files written.
    pub fn files(&self) -> usize {
        self.outcomes.values().map(|o| o.files).sum()
    }
}

fn progress_bar(pages: usize) -> indicatif::ProgressBar {
    let b = indicatif::ProgressBar::new(pages as u64);
    b.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} rendering {pos}/{len} pages [{bar:30}] {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    b
}
