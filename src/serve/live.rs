//! The site kept in memory by `tolk serve`, and how a change to the docset
//! updates it: a page re-renders its own variants, an include the pages that
//! use it; anything else (TOC, template, locale, configuration, an added,
//! deleted or renamed file) rebuilds the whole site in memory.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{MemoryFiles, Output};
use crate::search::SearchDoc;
use crate::site::{self, BookmarkCheck, BuildOptions, LinkIssue, PageOutcome, Site};
use crate::source::{self, FileKind};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What rendering one page left behind that later checks need.
struct PageRecord {
    anchors: Vec<(usize, Vec<String>)>,
    issues: Vec<LinkIssue>,
    bookmarks: Vec<BookmarkCheck>,
    search: Vec<((usize, usize), SearchDoc)>,
    includes: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

impl From<PageOutcome> for PageRecord {
    fn from(o: PageOutcome) -> Self {
        PageRecord {
            anchors: o.anchors,
            issues: o.issues,
            bookmarks: o.bookmarks,
            search: o.search,
            includes: o.includes,
            diagnostics: o.diagnostics,
        }
    }
}

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
    site: Option<Site>,
    kinds: HashMap<String, FileKind>,
    records: HashMap<String, PageRecord>,
    /// Diagnostics of loading (configuration, files, TOCs), by file.
    load_diags: Vec<Diagnostic>,
    /// Diagnostics of the site-wide files.
    site_diags: Vec<Diagnostic>,
    link_diags: Vec<Diagnostic>,
    /// The files served.
    pub files: MemoryFiles,
}

impl Live {
    /// Build the site at `source` into memory.
    pub fn new(source: &Path) -> (Live, Update) {
        let mut live = Live {
            source: source.to_path_buf(),
            site: None,
            kinds: HashMap::new(),
            records: HashMap::new(),
            load_diags: Vec::new(),
            site_diags: Vec::new(),
            link_diags: Vec::new(),
            files: MemoryFiles::default(),
        };
        let u = live.full("initial build".into());
        (live, u)
    }

    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Every current diagnostic (deduplicated, sorted, with repeat counts).
    pub fn diagnostics(&self) -> Vec<(Diagnostic, usize)> {
        let all = Diagnostics::new();
        all.extend(self.load_diags.iter().cloned());
        all.extend(self.site_diags.iter().cloned());
        all.extend(self.link_diags.iter().cloned());
        for r in self.records.values() {
            all.extend(r.diagnostics.iter().cloned());
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
        self.records.clear();
        self.site_diags.clear();
        self.link_diags.clear();
        let Some(site) = site::load(&opts, &diags) else {
            // Keep serving the last good site; the overlay shows why.
            self.site = None;
            self.kinds.clear();
            self.load_diags = diags.sorted().into_iter().map(|(d, _)| d).collect();
            return Update {
                all: true,
                what,
                seconds: start.elapsed().as_secs_f64(),
                ..Default::default()
            };
        };
        self.load_diags = diags.sorted().into_iter().map(|(d, _)| d).collect();
        self.kinds = site.store.kinds.iter().cloned().collect();
        let fresh = MemoryFiles::default();
        let out = Output::memory(fresh.clone());
        let records: Vec<(String, PageRecord)> = site
            .pages
            .par_iter()
            .map(|p| (p.rel.clone(), site.render_page(p, Some(&out)).into()))
            .collect();
        self.records = records.into_iter().collect();
        let mut search: HashMap<(usize, usize), Vec<SearchDoc>> = HashMap::new();
        for r in self.records.values() {
            for (k, d) in &r.search {
                search.entry(*k).or_default().push(d.clone());
            }
        }
        let mut stats = Default::default();
        crate::publish::write_site_files(&site, &out, search, &mut stats, &mut self.site_diags);
        let rendered = site.pages.len();
        self.site = Some(site);
        self.check_links();
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

    fn check_links(&mut self) {
        let Some(site) = &self.site else {
            return;
        };
        let mut anchors: HashMap<(String, usize), Vec<String>> = HashMap::new();
        let mut issues = Vec::new();
        let mut bookmarks = Vec::new();
        for (rel, r) in &self.records {
            for (env, ids) in &r.anchors {
                anchors
                    .entry((rel.clone(), *env))
                    .or_default()
                    .extend(ids.iter().cloned());
            }
            issues.extend(r.issues.iter().cloned());
            bookmarks.extend(r.bookmarks.iter().cloned());
        }
        self.link_diags = site::link_diagnostics(site, &self.source, &anchors, issues, bookmarks);
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
        match &self.site {
            Some(s) => s.config.is_resource(rel),
            None => true,
        }
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
        let mut pages = BTreeSet::new();
        let mut includes = BTreeSet::new();
        let mut resources = BTreeSet::new();
        let mut full: Option<String> = None;
        for rel in &rels {
            let exists = self.source.join(rel).is_file();
            match self.kinds.get(rel) {
                _ if self.site.is_none() => {
                    if self.relevant(rel) {
                        full.get_or_insert_with(|| format!("{rel}: full rebuild"));
                    }
                }
                Some(FileKind::Page) if exists => {
                    pages.insert(rel.clone());
                }
                Some(FileKind::OtherMarkdown) if exists => {
                    includes.insert(rel.clone());
                }
                Some(FileKind::Resource) if exists => {
                    resources.insert(rel.clone());
                }
                Some(_) => {
                    let why = if exists { "changed" } else { "removed" };
                    full.get_or_insert_with(|| format!("{rel} {why}: full rebuild"));
                }
                None => {
                    let prefix = format!("{rel}/");
                    let folder = self.kinds.keys().any(|k| k.starts_with(&prefix));
                    if folder || self.relevant(rel) {
                        full.get_or_insert_with(|| format!("{rel}: full rebuild"));
                    }
                }
            }
        }
        if let Some(what) = full {
            return Some(self.full(what));
        }
        if pages.is_empty() && includes.is_empty() && resources.is_empty() {
            return None;
        }
        let start = Instant::now();
        let mut what: Vec<String> = pages.iter().chain(&includes).cloned().collect();
        let mut all = false;
        // Resources: copy again.
        if let Some(site) = &self.site {
            let out = Output::memory(self.files.clone());
            for r in &resources {
                if let Err(e) = out.copy(&format!("_res/{r}"), &site.config.root.join(r)) {
                    self.site_diags.push(Diagnostic::error(
                        "write-failed",
                        r.as_str(),
                        0,
                        0,
                        format!("Cannot read: {e}"),
                    ));
                }
                what.push(r.clone());
                all = true;
            }
        }
        // Pages and includes: read again.
        let mut to_render: BTreeSet<String> = BTreeSet::new();
        for rel in pages.iter().chain(&includes) {
            let site = self.site.as_mut().expect("site loaded");
            let file = Arc::new(source::read_markdown(&site.config, rel));
            let mut d = file.diagnostics.clone();
            site.store.markdown.insert(rel.clone(), file.clone());
            if let Some(&i) = site.page_index.get(rel) {
                let info = site::markdown_page_info(&site.config, file, &mut d);
                let old = &site.pages[i];
                let same = old.title == info.title
                    && old.title_source == info.title_source
                    && old.monikers == info.monikers
                    && old.description == info.description
                    && old.title_suffix == info.title_suffix;
                if !same {
                    // Titles and environments show in TOCs, breadcrumbs and other pages.
                    return Some(self.full(format!("{rel} (title or environments): full rebuild")));
                }
                site.pages[i] = info;
                to_render.insert(rel.clone());
            }
            self.load_diags.retain(|x| &x.file != rel);
            self.load_diags.extend(d);
            // Pages that include this file.
            for (p, r) in &self.records {
                if r.includes.iter().any(|x| x == rel) {
                    to_render.insert(p.clone());
                }
            }
        }
        let site = self.site.as_ref().expect("site loaded");
        let out = Output::memory(self.files.clone());
        let list: Vec<&String> = to_render.iter().collect();
        let done: Vec<(String, PageRecord)> = list
            .par_iter()
            .filter_map(|rel| {
                let page = &site.pages[*site.page_index.get(*rel)?];
                Some(((*rel).clone(), site.render_page(page, Some(&out)).into()))
            })
            .collect();
        let mut written = Vec::new();
        for (rel, _) in &done {
            let page = &site.pages[site.page_index[rel]];
            for &env in site.envs.iter().filter(|e| page.monikers.contains(**e)) {
                for loc in &site.locales {
                    written.push(format!(
                        "{}/{}/{}",
                        loc.dir_name,
                        site.config.env_name(env),
                        page.html_rel
                    ));
                }
            }
        }
        let rendered = done.len();
        self.records.extend(done);
        self.check_links();
        Some(Update {
            all,
            pages: written,
            what: what.join(", "),
            rendered,
            seconds: start.elapsed().as_secs_f64(),
        })
    }

    /// The search documents of every variant, from the current records.
    pub fn search_docs(&self) -> HashMap<(usize, usize), Vec<SearchDoc>> {
        let mut docs: HashMap<(usize, usize), Vec<SearchDoc>> = HashMap::new();
        for r in self.records.values() {
            for (k, d) in &r.search {
                docs.entry(*k).or_default().push(d.clone());
            }
        }
        docs
    }

    /// Variant folders (`nl-nl/env`) by (locale index, environment).
    pub fn variant_dirs(&self) -> HashMap<(usize, usize), (String, String)> {
        let mut out = HashMap::new();
        if let Some(site) = &self.site {
            for (li, loc) in site.locales.iter().enumerate() {
                for &env in &site.envs {
                    out.insert(
                        (li, env),
                        (
                            loc.tag.clone(),
                            format!("{}/{}", loc.dir_name, site.config.env_name(env)),
                        ),
                    );
                }
            }
        }
        out
    }
}

/// Write the search index of every variant (after incremental updates; full
/// rebuilds write them already). Runs off the update thread.
pub fn write_search_indexes(
    files: &MemoryFiles,
    docs: HashMap<(usize, usize), Vec<SearchDoc>>,
    dirs: &HashMap<(usize, usize), (String, String)>,
) {
    let out = Output::memory(files.clone());
    // One job per locale: its environments share the analysis.
    let mut by_locale: BTreeMap<&str, Vec<(&str, Vec<SearchDoc>)>> = BTreeMap::new();
    for (k, mut docs) in docs {
        let Some((tag, dir)) = dirs.get(&k) else {
            continue;
        };
        docs.sort_by(|a, b| a.href.cmp(&b.href));
        by_locale.entry(tag).or_default().push((dir, docs));
    }
    by_locale.into_par_iter().for_each(|(tag, variants)| {
        let dirs: Vec<&str> = variants.iter().map(|(dir, _)| *dir).collect();
        crate::search::build_indexes(
            tag,
            variants.into_iter().map(|(_, d)| d).collect(),
            |i, idx| {
                let _ = out.write(&format!("{}/_search/index.js", dirs[i]), idx.js.as_bytes());
            },
        );
    });
}
