//! The site kept in memory by `tolk serve`, and how a change to the docset
//! updates it — through the build's own [`Pipeline`]: a page re-renders its
//! own variants, an include the pages that use it; anything else (TOC,
//! template, locale, configuration, an added, deleted or renamed file)
//! rebuilds the whole site in memory. Search indexes are refreshed apart
//! ([`Live::search_batches`]), so that they never delay a page.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::docset::{Docset, Reloaded, Variant};
use crate::output::{MemoryFiles, Output};
use crate::pipeline::{self, BuildOptions, Pipeline, SearchBatch};
use crate::render::Sink;
use crate::source::{self, FileKind};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What one update did.
#[derive(Debug, Default)]
pub struct Update {
    /// Whole site rebuilt (every page may have changed).
    pub all: bool,
    /// Site paths (`nl-nl/env/page.html`) written, when not `all`.
    pub pages: Vec<String>,
    /// Human summary of the change ("admin/a.md", "toc.yml: full rebuild").
    pub what: String,
    /// Docset pages rendered.
    pub rendered: usize,
    pub seconds: f64,
}

/// The live site.
pub struct Live {
    source: PathBuf,
    pipeline: Option<Pipeline>,
    kinds: HashMap<String, FileKind>,
    /// Diagnostics of loading (configuration, files, TOCs), by file.
    load_diags: Vec<Diagnostic>,
    /// Diagnostics of the site-wide files.
    site_diags: Vec<Diagnostic>,
    link_diags: Vec<Diagnostic>,
    /// The files served.
    pub files: MemoryFiles,
}

/// Changed docset paths sorted by what they need.
#[derive(Default)]
struct Changes {
    pages: BTreeSet<String>,
    includes: BTreeSet<String>,
    resources: BTreeSet<String>,
    /// Why everything is rebuilt, if it is.
    full: Option<String>,
}

impl Live {
    /// Build the site at `source` into memory.
    pub fn new(source: &Path) -> (Live, Update) {
        let mut live = Live {
            source: source.to_path_buf(),
            pipeline: None,
            kinds: HashMap::new(),
            load_diags: Vec::new(),
            site_diags: Vec::new(),
            link_diags: Vec::new(),
            files: MemoryFiles::default(),
        };
        let u = live.full("initial build".into());
        (live, u)
    }

    /// The docset served, unless it failed to load.
    pub fn docset(&self) -> Option<&Docset> {
        self.pipeline.as_ref().map(|p| &p.site.docset)
    }

    /// Every current diagnostic (deduplicated, sorted, with repeat counts).
    pub fn diagnostics(&self) -> Vec<(Diagnostic, usize)> {
        let all = Diagnostics::new();
        all.extend(self.load_diags.iter().cloned());
        all.extend(self.site_diags.iter().cloned());
        all.extend(self.link_diags.iter().cloned());
        if let Some(p) = &self.pipeline {
            all.extend(p.page_diagnostics().cloned());
        }
        all.sorted()
    }

    /// Rebuild everything into a fresh map, then swap it in.
    fn full(&mut self, what: String) -> Update {
        let start = Instant::now();
        let diags = Diagnostics::new();
        let opts = BuildOptions {
            source: self.source.clone(),
            ..Default::default()
        };
        self.site_diags.clear();
        self.link_diags.clear();
        let loaded = pipeline::load(&opts, &diags);
        self.load_diags = diags.sorted().into_iter().map(|(d, _)| d).collect();
        let Some(site) = loaded else {
            // Keep serving the last good site; the overlay shows why.
            self.pipeline = None;
            self.kinds.clear();
            return Update {
                all: true,
                what,
                seconds: start.elapsed().as_secs_f64(),
                ..Default::default()
            };
        };
        self.kinds = site.docset.store.kinds.iter().cloned().collect();
        let fresh = MemoryFiles::default();
        let out = Output::memory(fresh.clone());
        let sink = Sink {
            out: &out,
            spill: None,
        };
        let mut pipeline = Pipeline::new(site);
        pipeline.render_all(Some(sink), false);
        let published = pipeline.publish(Some(&out), pipeline.search_docs());
        self.site_diags = published.diagnostics;
        self.link_diags = pipeline.link_diagnostics();
        let rendered = pipeline.site.docset.pages.len();
        self.pipeline = Some(pipeline);
        let map = std::mem::take(&mut *fresh.write().unwrap_or_else(|e| e.into_inner()));
        *self.files.write().unwrap_or_else(|e| e.into_inner()) = map;
        Update {
            all: true,
            what,
            rendered,
            seconds: start.elapsed().as_secs_f64(),
            ..Default::default()
        }
    }

    /// Is a path (relative to the docset) something the site is built from?
    fn relevant(&self, rel: &str) -> bool {
        if rel
            .split('/')
            .any(|c| c.starts_with('.') || c == "obj" || c == "_themes")
        {
            return false;
        }
        let lower = rel.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        if lower.starts_with("templates/") || lower.starts_with("locales/") {
            return true;
        }
        if !rel.contains('/') && (name.ends_with(".json") || name.ends_with(".yml")) {
            return true;
        }
        if source::is_toc_name(name)
            || [".md", ".markdown", ".yml", ".yaml"]
                .iter()
                .any(|x| name.ends_with(x))
        {
            return true;
        }
        match self.docset() {
            Some(d) => d.config.is_resource(rel),
            None => true,
        }
    }

    /// Sort changed docset paths by what they need.
    fn classify(&self, rels: &BTreeSet<String>) -> Changes {
        let mut c = Changes::default();
        for rel in rels {
            let exists = self.source.join(rel).is_file();
            match self.kinds.get(rel) {
                _ if self.pipeline.is_none() => {
                    if self.relevant(rel) {
                        c.full.get_or_insert_with(|| format!("{rel}: full rebuild"));
                    }
                }
                Some(FileKind::Page) if exists => {
                    c.pages.insert(rel.clone());
                }
                Some(FileKind::OtherMarkdown) if exists => {
                    c.includes.insert(rel.clone());
                }
                Some(FileKind::Resource) if exists => {
                    c.resources.insert(rel.clone());
                }
                Some(_) => {
                    let why = if exists { "changed" } else { "removed" };
                    c.full
                        .get_or_insert_with(|| format!("{rel} {why}: full rebuild"));
                }
                None => {
                    let prefix = format!("{rel}/");
                    let folder = self.kinds.keys().any(|k| k.starts_with(&prefix));
                    if folder || self.relevant(rel) {
                        c.full.get_or_insert_with(|| format!("{rel}: full rebuild"));
                    }
                }
            }
        }
        c
    }

    /// Apply a batch of changed paths (absolute or relative to the docset
    /// root as `root` names it).
    pub fn apply(&mut self, root: &Path, changed: &[PathBuf]) -> Option<Update> {
        let mut rels = BTreeSet::new();
        for p in changed {
            if let Ok(r) = p.strip_prefix(root) {
                let r = r.to_string_lossy().replace('\\', "/");
                if !r.is_empty() {
                    rels.insert(r);
                }
            }
        }
        let changes = self.classify(&rels);
        if let Some(what) = changes.full {
            return Some(self.full(what));
        }
        if changes.pages.is_empty() && changes.includes.is_empty() && changes.resources.is_empty() {
            return None;
        }
        let start = Instant::now();
        let mut what: Vec<String> = changes
            .pages
            .iter()
            .chain(&changes.includes)
            .cloned()
            .collect();
        let all = !changes.resources.is_empty();
        what.extend(changes.resources.iter().cloned());
        self.copy_resources(&changes.resources);
        // Pages and includes: read again, and render what uses them.
        let mut to_render: BTreeSet<String> = BTreeSet::new();
        for rel in changes.pages.iter().chain(&changes.includes) {
            let pipeline = self.pipeline.as_mut().expect("site loaded");
            let (reloaded, d) = pipeline.site.docset.reload_markdown(rel);
            if reloaded == Reloaded::PageReshaped {
                // Titles and environments show in TOCs, breadcrumbs and other pages.
                return Some(self.full(format!("{rel} (title or environments): full rebuild")));
            }
            if reloaded == Reloaded::Page {
                to_render.insert(rel.clone());
            }
            self.load_diags.retain(|x| &x.file != rel);
            self.load_diags.extend(d);
            to_render.extend(pipeline.includers_of(rel).cloned());
        }
        let pipeline = self.pipeline.as_mut().expect("site loaded");
        let out = Output::memory(self.files.clone());
        let sink = Sink {
            out: &out,
            spill: None,
        };
        let rendered = pipeline.render_pages(&to_render, Some(sink));
        let written = written_files(&pipeline.site.docset, &to_render);
        self.link_diags = pipeline.link_diagnostics();
        Some(Update {
            all,
            pages: written,
            what: what.join(", "),
            rendered,
            seconds: start.elapsed().as_secs_f64(),
        })
    }

    /// Copy changed resources again.
    fn copy_resources(&mut self, resources: &BTreeSet<String>) {
        let Some(root) = self.docset().map(|d| d.config.root.clone()) else {
            return;
        };
        let out = Output::memory(self.files.clone());
        for r in resources {
            if let Err(e) = out.copy(&format!("_res/{r}"), &root.join(r)) {
                // Memory output: only reading the resource can fail.
                self.site_diags.push(Diagnostic::error(
                    Code::FileUnreadable,
                    r.as_str(),
                    0,
                    0,
                    format!("Cannot read: {e}"),
                ));
            }
        }
    }

    /// The search indexes of the current pages, to refresh after
    /// incremental updates (full rebuilds write them already).
    pub fn search_batches(&self) -> Vec<SearchBatch> {
        self.pipeline
            .as_ref()
            .map(Pipeline::search_batches)
            .unwrap_or_default()
    }
}

/// The site paths of the pages at `rels` in every variant that has them.
fn written_files(docset: &Docset, rels: &BTreeSet<String>) -> Vec<String> {
    let mut written = Vec::new();
    for page in rels.iter().filter_map(|rel| docset.page(rel)) {
        for &env in docset.envs.iter().filter(|e| page.monikers.contains(**e)) {
            for li in 0..docset.locales.len() {
                written.push(Variant::new(li, env).file(docset, &page.html_rel));
            }
        }
    }
    written
}

/// Write search indexes into the served files (off the update thread).
pub(super) fn write_search_indexes(files: &MemoryFiles, batches: Vec<SearchBatch>) {
    let out = Output::memory(files.clone());
    batches.into_par_iter().for_each(|b| {
        b.write(&out);
    });
}
