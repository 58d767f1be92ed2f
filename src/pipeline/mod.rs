//! The one build pipeline, driven alike by `build`, `check` and `serve`:
//! [`load`] the site (docset, navigation, templates) → render every page in
//! every variant ([`Pipeline`]) → the site-wide files (`publish`) → link
//! and bookmark checks. Where the output goes is the only difference: a
//! folder on disk swapped in when the build succeeds (`build`), memory
//! (`serve`, see [`crate::serve`]), or nowhere (`check`).

mod publish;
mod selection;
mod state;

pub use publish::SearchBatch;
pub use selection::check_selection;
pub use state::{Pipeline, VariantStats};

use crate::cache;
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::docset;
use crate::nav;
use crate::output::{self, Output};
use crate::render::{Sink, Site};
use crate::search::TextSpill;
use crate::templates;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub source: PathBuf,
    /// `None`: check only, write nothing.
    pub out: Option<PathBuf>,
    /// Build only these locales (empty: all).
    pub only_locales: Vec<String>,
    /// Build only these environments (empty: all).
    pub only_envs: Vec<String>,
    /// Show a progress bar.
    pub progress: bool,
    /// Also write the review report into `_report/` of the output.
    pub report: bool,
    /// Warnings fail the build too: with any, no site is written.
    pub strict: bool,
    /// Render every page: do not use the build cache of the previous site
    /// (a new one is written all the same).
    pub no_cache: bool,
}

/// The outcome of a build or check.
pub struct BuildResult {
    pub diagnostics: Diagnostics,
    pub root: PathBuf,
    pub pages: usize,
    pub files_written: usize,
    /// Figures by variant folder (`nl-nl/o365-worldwide`).
    pub variants: BTreeMap<String, VariantStats>,
    pub untranslated: Vec<docset::Untranslated>,
    pub seconds: f64,
    pub written_to: Option<PathBuf>,
    /// Page → include files it uses (the include graph).
    pub include_graph: BTreeMap<String, Vec<String>>,
    /// Pages rendered by this build…
    pub pages_rendered: usize,
    /// …and pages whose stored outcome and files were taken from the
    /// build cache of the previous site (see `crate::cache`).
    pub pages_reused: usize,
}

impl BuildResult {
    fn new(root: &Path) -> Self {
        BuildResult {
            diagnostics: Diagnostics::new(),
            root: root.to_path_buf(),
            pages: 0,
            files_written: 0,
            variants: BTreeMap::new(),
            untranslated: Vec::new(),
            seconds: 0.0,
            written_to: None,
            include_graph: BTreeMap::new(),
            pages_rendered: 0,
            pages_reused: 0,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.error_count() > 0
    }
}

/// Load everything rendering needs: the docset, its templates and its
/// navigation. `None` when the configuration or a template cannot be read.
pub fn load(opts: &BuildOptions, diags: &Diagnostics) -> Option<Site> {
    let docset = docset::load(
        &opts.source,
        opts.out.as_deref(),
        &opts.only_locales,
        &opts.only_envs,
        diags,
    )?;
    let tera = match templates::load(&docset.config.root) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    let (nav, ndiags) = nav::load(&docset.config, &docset.store, &docset.pages);
    diags.extend(ndiags);
    Some(Site {
        docset,
        nav,
        tera,
        has_math: Default::default(),
    })
}

/// Build (or, with `out: None`, check) a docset.
pub fn build(opts: &BuildOptions) -> BuildResult {
    let start = Instant::now();
    let diags = Diagnostics::new();
    let mut result = BuildResult::new(&opts.source);
    // Check the destination before anything is read or written.
    if let Some(out) = &opts.out {
        if let Err(d) = check_destination(out, &opts.source) {
            diags.push(d);
            result.diagnostics = diags;
            return result;
        }
    }
    let mut lap = Laps::new();
    // The docset's files are hashed before it is read (see crate::cache).
    let inputs = match &opts.out {
        Some(out) => cache::Inputs::scan(&opts.source, Some(out)),
        None => None,
    };
    lap.end("hash");
    let Some(site) = load(opts, &diags) else {
        result.diagnostics = diags;
        result.seconds = start.elapsed().as_secs_f64();
        return result;
    };
    // A docset over the page-body budget builds without a cache: the cache
    // holds every page's search text, and the budget's promise is memory
    // that does not grow with the docset.
    let over_budget = site.docset.store.markdown.values().any(|f| f.released);
    let inputs = if over_budget { None } else { inputs };
    let output = match &opts.out {
        Some(dir) => match Output::begin_checked(dir) {
            Ok(o) => Some(o),
            Err(d) => {
                diags.push(d);
                result.diagnostics = diags;
                return result;
            }
        },
        None => None,
    };
    // A build to disk keeps its search texts out of memory until indexing.
    let spill = output.as_ref().and_then(|_| TextSpill::new().ok());
    let sink = output.as_ref().map(|out| Sink {
        out,
        spill: spill.as_ref(),
    });
    lap.end("load");

    let fingerprint = inputs
        .as_ref()
        .map(|i| i.fingerprint(&site, &opts.only_locales, &opts.only_envs));
    let mut stored = match (&output, opts.no_cache) {
        (Some(out), false) => previous_cache(out, &diags),
        _ => None,
    }
    .filter(|s| fingerprint.is_some_and(|f| s.matches(f)));
    if let (Some(st), Some(i)) = (&mut stored, &inputs) {
        st.vouch_resources(i);
    }
    let mut pipeline = Pipeline::new(site);
    let reused = match (&stored, &inputs, &output) {
        (Some(st), Some(inputs), Some(out)) => pipeline.reuse(st, inputs, out, spill.as_ref()),
        _ => Default::default(),
    };
    lap.end("cache");
    result.pages_rendered = if reused.is_empty() {
        pipeline.render_all(sink, opts.progress);
        pipeline.site.docset.pages.len()
    } else {
        pipeline.render_rest(sink)
    };
    result.pages_reused = reused.len();
    diags.extend(pipeline.page_diagnostics().cloned());
    lap.end("render");

    // The cache of this site, written once the site is complete.
    let mut new_cache = match (&inputs, fingerprint) {
        (Some(i), Some(f)) => Some(cache::Stored::new(
            f,
            i,
            pipeline.outcomes(),
            &pipeline.site,
            stored.as_mut(),
            &reused,
        )),
        _ => None,
    };
    lap.end("cache");

    let search = pipeline.take_search_docs();
    let (published, site_files) = pipeline.publish_cached(output.as_ref(), search, stored.as_ref());
    drop(stored);
    if let Some(c) = &mut new_cache {
        c.set_site(site_files);
    }
    diags.extend(published.diagnostics);
    if let Some(n) = spill.as_ref().map(|s| s.lost()).filter(|n| *n > 0) {
        diags.push(Diagnostic::warning(
            Code::FileUnreadable,
            "",
            0,
            0,
            format!("{n} page texts could not be read back from the temporary file (TMPDIR); their pages are found in search by title only."),
        ));
    }
    lap.end("publish");

    diags.extend(pipeline.link_diagnostics());
    let site = &pipeline.site;
    result.untranslated = pipeline.untranslated();
    result.pages = site.docset.pages.len();
    result.files_written = pipeline.files() + published.files;
    result.include_graph = pipeline.include_graph();
    let mut stats = pipeline.variant_stats();
    for (v, bytes) in published.index_bytes {
        stats.entry(v).or_default().search_index_bytes = bytes;
    }
    result.variants = stats
        .into_iter()
        .map(|(v, s)| (v.dir(&site.docset), s))
        .collect();
    lap.end("checks");
    if let (Some(out), true) = (&output, opts.report && diags.error_count() == 0) {
        result.files_written +=
            crate::report::write_into(&site.docset, &site.nav, out, &result.untranslated, &diags);
    }
    // Pages deleted or changed between loading and rendering (page-body budget).
    diags.extend(site.docset.store.take_reread_failures());
    if let Some(out) = output {
        if diags.error_count() > 0 || (opts.strict && diags.warning_count() > 0) {
            out.abort();
        } else {
            // The cache of the new site, written beside it once it is in place.
            let cache_bytes = new_cache.take().map(|mut c| {
                c.set_stamps(out.stamps());
                c.encode()
            });
            let cache_file = out.cache_file();
            lap.end("encode");
            let finished = out.finish();
            lap.end("swap");
            match finished {
                Ok((p, notes)) => {
                    result.written_to = Some(p);
                    diags.extend(notes);
                    if let (Some(file), None) = (&cache_file, &cache_bytes) {
                        // No cache for this site: none of an earlier one stays beside it.
                        let _ = std::fs::remove_file(file);
                    }
                    if let (Some(file), Some(bytes)) = (cache_file, cache_bytes) {
                        if let Err(e) = cache::write(&file, &bytes) {
                            // The site is fine without it: the next build renders every page.
                            diags.push(Diagnostic::note(
                                Code::BuildCacheIgnored,
                                "",
                                0,
                                0,
                                format!("The build cache {} could not be written ({e}); the next build renders every page.", file.display()),
                            ));
                        }
                    }
                }
                Err(d) => diags.push(d),
            }
            lap.end("write");
        }
    }
    result.diagnostics = diags;
    result.seconds = start.elapsed().as_secs_f64();
    result
}

/// The build cache of the site `out` replaces, if it has a usable one (a
/// damaged or foreign one is reported with a note and ignored).
fn previous_cache(out: &Output, diags: &Diagnostics) -> Option<cache::Stored> {
    out.previous_site()?;
    let file = out.cache_file()?;
    match cache::Stored::read(&file) {
        Ok(s) => s,
        Err(cache::Ignored(why)) => {
            diags.push(Diagnostic::note(
                Code::BuildCacheIgnored,
                "",
                0,
                0,
                format!(
                    "The build cache of the previous site ({}) is not used: {why}. Every page is rendered.",
                    file.display()
                ),
            ));
            None
        }
    }
}

/// Whether `out` may receive the site of the docset at `source`: not the
/// docset, not above it, and inside it only where the content excludes it.
fn check_destination(out: &Path, source: &Path) -> Result<(), Diagnostic> {
    // Symbolic links resolved, as output::check_destination compares them.
    let abs_out = output::resolve_path(out);
    let abs_src = output::resolve_path(source);
    let inside_ok = match abs_out.strip_prefix(&abs_src) {
        Ok(rel) => {
            let rel = rel.to_string_lossy().replace('\\', "/");
            Config::load(source)
                .map(|(c, _)| {
                    c.content_entry(&format!("{rel}/x.md")).is_none()
                        && c.content_entry(&format!("{rel}/x.yml")).is_none()
                })
                .unwrap_or(false)
        }
        Err(_) => true,
    };
    output::check_destination(out, source, inside_ok)
}

/// Time, CPU time (user + system, all threads) and memory of each phase,
/// printed with `TOLK_TIMINGS=1`.
struct Laps {
    on: bool,
    phase: Instant,
    cpu: f64,
}

impl Laps {
    fn new() -> Self {
        Laps {
            on: std::env::var_os("TOLK_TIMINGS").is_some(),
            phase: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    fn end(&mut self, name: &str) {
        if self.on {
            let cpu = cpu_seconds();
            eprintln!(
                "timing: {name:<10} {:>8.3} s  cpu {:>7.3} s  {}",
                self.phase.elapsed().as_secs_f64(),
                cpu - self.cpu,
                memory_reading()
            );
            self.cpu = cpu;
        }
        self.phase = Instant::now();
    }
}

/// CPU time this process used so far, user and system (Unix; 0 elsewhere).
fn cpu_seconds() -> f64 {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes the struct it is given.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } == 0 {
            let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
            return t(u.ru_utime) + t(u.ru_stime);
        }
    }
    0.0
}

/// Resident and peak memory of this process (Linux; empty elsewhere).
fn memory_reading() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!("rss {} MB, peak {} MB", rss / 1024, peak / 1024),
        _ => String::new(),
    }
}
