//! The build orchestrator: load → resolve → render → template → write, for
//! every page in every (locale, environment) variant, in parallel, streaming
//! each page to disk as soon as it is rendered. Also owns link resolution
//! per variant, the site-wide pages (root chooser, 404, variant index) and
//! the final link/bookmark checks.

use crate::bilingual::{self, Side};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{self, Strings};
use crate::landing;
use crate::markdown::{self, LinkResolver};
use crate::monikers::MonikerSet;
use crate::nav::{self, Navigation};
use crate::output::{self, Output};
use crate::resolve::{self, paths, PageContext};
use crate::source::{self, FileKind, SourceFile, SourceStore};
use crate::templates;
use once_cell::sync::Lazy;
use rayon::prelude::*;
use regex::Regex;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
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
}

/// A page of the site and what is known of it before rendering.
pub struct PageInfo {
    pub rel: String,
    pub html_rel: String,
    /// Environments (catalog indexes) the page exists in.
    pub monikers: MonikerSet,
    pub kind: PageKind,
    /// Title in the content locale (front matter, else the H1).
    pub title: String,
    /// English title from the page's H1, when it has one.
    pub title_source: Option<String>,
    pub description: Option<String>,
    pub title_suffix: Option<String>,
    pub machine_translated: bool,
}

pub enum PageKind {
    Markdown(Arc<SourceFile>),
    Landing(serde_yaml::Value),
}

/// One side of the bilingual text rendered as one locale.
#[derive(Debug, Clone, Serialize)]
pub struct Locale {
    pub tag: String,
    /// Lower-cased folder name.
    pub dir_name: String,
    #[serde(skip)]
    pub side: Side,
    pub rtl: bool,
    pub hover: bool,
}

/// Something shown in English that has no English source (title, label…).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Untranslated {
    pub file: String,
    pub what: String,
    pub text: String,
}

/// Figures of one variant.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VariantStats {
    pub pages: usize,
    pub bytes: u64,
    pub search_index_bytes: u64,
}

/// The outcome of a build or check.
pub struct BuildResult {
    pub diagnostics: Diagnostics,
    pub root: PathBuf,
    pub pages: usize,
    pub files_written: usize,
    pub variants: BTreeMap<String, VariantStats>,
    pub untranslated: Vec<Untranslated>,
    pub seconds: f64,
    pub written_to: Option<PathBuf>,
    /// Page → include files it uses (the include graph).
    pub include_graph: BTreeMap<String, Vec<String>>,
}

impl BuildResult {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.error_count() > 0
    }
}

/// Everything the render phase shares.
pub struct Site {
    pub config: Config,
    pub store: SourceStore,
    pub pages: Vec<PageInfo>,
    /// Docset path → index in `pages`.
    pub page_index: HashMap<String, usize>,
    /// Every locale and environment of the docset (switchers, choosers,
    /// sitemap and `_redirects` always name all of them)…
    pub locales: Vec<Locale>,
    pub envs: Vec<usize>,
    /// …and the slice this build renders (`--locale`, `--env`): a slice is
    /// byte-identical to the same part of a full build.
    pub selected_locales: Vec<usize>,
    pub selected_envs: Vec<usize>,
    pub strings: HashMap<String, Strings>,
    pub tera: tera::Tera,
    pub nav: Navigation,
    pub resources: BTreeSet<String>,
    pub source_locale: String,
    /// Where search texts wait for indexing (a build to disk); `None`: in memory.
    pub search_spill: Option<Arc<crate::search::TextSpill>>,
}

static TAGS: Lazy<Regex> = Lazy::new(|| Regex::new(r"<[^>]*>").unwrap());
static MD_LINK: Lazy<Regex> = Lazy::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").unwrap());

/// Plain text of one side of a line of Markdown (for labels and titles).
pub fn plain_line(line: &str, side: Side) -> String {
    let r = bilingual::resolve(line, side);
    let r = TAGS.replace_all(&r, "");
    let r = MD_LINK.replace_all(&r, "$1");
    let r: String = r
        .chars()
        .filter(|c| {
            !matches!(c, '*' | '`' | '\\')
                && *c != bilingual::SEG_OPEN
                && *c != bilingual::SEG_MID
                && *c != bilingual::SEG_CLOSE
        })
        .collect();
    let r = r
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    r.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn yaml_str<'a>(v: &'a serde_yaml::Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(|x| x.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The line of a front matter key (for diagnostics).
fn key_line(file: &SourceFile, root: &Path, key: &str) -> u32 {
    let text = std::fs::read_to_string(root.join(&file.rel)).unwrap_or_default();
    for (i, l) in text
        .lines()
        .enumerate()
        .take(file.body_line_offset as usize)
    {
        if l.trim_start().starts_with(&format!("{key}:")) {
            return i as u32 + 1;
        }
    }
    1
}

/// A page's environments: config group range narrowed by front matter.
fn page_monikers(config: &Config, file: &SourceFile, diags: &mut Vec<Diagnostic>) -> MonikerSet {
    let cfg = config.config_monikers(&file.rel);
    let fm = &file.front_matter;
    let meta_value = |key: &str| -> Option<serde_yaml::Value> {
        fm.get(key).cloned().or_else(|| {
            config
                .file_metadata(key, &file.rel)
                .and_then(|v| serde_yaml::to_value(v).ok())
        })
    };
    let parse = |range: &str, key: &str, diags: &mut Vec<Diagnostic>| -> Option<MonikerSet> {
        match config.catalog.parse_range(range) {
            Ok(s) => Some(s),
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        "moniker-range-invalid",
                        &file.rel,
                        key_line(file, &config.root, key),
                        1,
                        format!("{key}: {}", e.message),
                    )
                    .with_hint(format!(
                        "Known monikers: {}",
                        config.catalog.names(&config.catalog.all()).join(", ")
                    )),
                );
                None
            }
        }
    };
    let list_set = |names: &[String], key: &str, diags: &mut Vec<Diagnostic>| -> MonikerSet {
        let mut s = MonikerSet::new();
        for n in names {
            match config.catalog.index_of(n) {
                Some(i) => s.insert(i),
                None => diags.push(Diagnostic::error(
                    "moniker-unknown",
                    &file.rel,
                    key_line(file, &config.root, key),
                    1,
                    format!("{key}: moniker '{n}' is not defined."),
                )),
            }
        }
        s
    };
    let mut set = cfg.clone();
    let as_list = |v: &serde_yaml::Value| -> Vec<String> {
        match v {
            serde_yaml::Value::Sequence(s) => s
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            serde_yaml::Value::String(s) => vec![s.clone()],
            _ => vec![],
        }
    };
    if let Some(v) = meta_value("replace_monikers") {
        set = list_set(&as_list(&v), "replace_monikers", diags);
    } else if let Some(v) = meta_value("monikerRange") {
        if meta_value("monikers").is_some() {
            diags.push(Diagnostic::warning(
                "duplicate-moniker-config",
                &file.rel,
                key_line(file, &config.root, "monikers"),
                1,
                "Both monikerRange and monikers are set; monikers is ignored.",
            ));
        }
        if let Some(r) = v.as_str() {
            if !r.trim().is_empty() {
                if let Some(s) = parse(r, "monikerRange", diags) {
                    set = s.intersect(&cfg);
                }
            }
        }
    } else if let Some(v) = meta_value("monikers") {
        set = list_set(&as_list(&v), "monikers", diags).intersect(&cfg);
    }
    if let Some(v) = meta_value("exclude_monikers") {
        set = set.difference(&list_set(&as_list(&v), "exclude_monikers", diags));
    }
    if set.is_empty() {
        diags.push(
            Diagnostic::error(
                "moniker-range-out-of-scope",
                &file.rel,
                key_line(file, &config.root, "monikerRange"),
                1,
                "This page's monikers have no environment in common with its docfx.json group; it would appear nowhere.",
            )
            .with_hint(format!("Environments of its group: {}", config.catalog.names(&cfg).join(", "))),
        );
    }
    set
}

fn metadata_string(
    config: &Config,
    fm: &serde_yaml::Value,
    key: &str,
    rel: &str,
) -> Option<String> {
    yaml_str(fm, key)
        .map(str::to_string)
        .or_else(|| {
            config
                .file_metadata(key, rel)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
        .or_else(|| {
            config
                .global_metadata
                .get(key)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
}

/// What is known of a Markdown page before rendering (its environments,
/// titles, description).
pub(crate) fn markdown_page_info(
    config: &Config,
    file: Arc<SourceFile>,
    diags: &mut Vec<Diagnostic>,
) -> PageInfo {
    let rel = &file.rel;
    let monikers = page_monikers(config, &file, diags);
    let h1 = file.first_h1.clone();
    let title_fm = metadata_string(config, &file.front_matter, "title", rel);
    let title = title_fm
        .clone()
        .or_else(|| h1.as_ref().map(|h| plain_line(h, Side::Target)))
        .unwrap_or_else(|| rel.clone());
    let title_source = h1
        .as_ref()
        .map(|h| plain_line(h, Side::Source))
        .filter(|s| !s.is_empty());
    PageInfo {
        rel: rel.clone(),
        html_rel: paths::html_path(rel),
        monikers,
        title,
        title_source,
        description: metadata_string(config, &file.front_matter, "description", rel),
        title_suffix: metadata_string(config, &file.front_matter, "titleSuffix", rel),
        machine_translated: file
            .meta_str("ms.translationtype")
            .is_some_and(|t| t.eq_ignore_ascii_case("MT")),
        kind: PageKind::Markdown(file),
    }
}

/// Load and analyse the docset: everything before rendering.
pub fn load(opts: &BuildOptions, diags: &Diagnostics) -> Option<Site> {
    let (config, cdiags) = match Config::load(&opts.source) {
        Ok(c) => c,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    diags.extend(cdiags);
    let skip: Vec<&Path> = opts.out.iter().map(PathBuf::as_path).collect();
    let (kinds, wdiags) = source::walk(&config, &skip);
    diags.extend(wdiags);
    let budget = match std::env::var("TOLK_PAGE_BODY_BUDGET") {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| {
            diags.push(Diagnostic::warning(
                "environment-variable-invalid",
                "",
                0,
                0,
                format!("TOLK_PAGE_BODY_BUDGET={v:?} is not a number of bytes; the default ({} MB) is used.", source::PAGE_BODY_BUDGET / (1024 * 1024)),
            ));
            source::PAGE_BODY_BUDGET
        }),
        Err(_) => source::PAGE_BODY_BUDGET,
    };
    let (store, ldiags) = source::load(&config, kinds.clone(), budget);
    diags.extend(ldiags);

    // Pages.
    let mut pages = Vec::new();
    let mut resources = BTreeSet::new();
    let mut locale_votes: BTreeMap<String, usize> = BTreeMap::new();
    let mut page_diags = Vec::new();
    for (rel, kind) in &kinds {
        match kind {
            FileKind::Page => {
                let Some(file) = store.get(rel).cloned() else {
                    continue;
                };
                if let Some(l) = file.meta_str("ms.contentlocale") {
                    *locale_votes.entry(l.to_string()).or_default() += 1;
                }
                pages.push(markdown_page_info(&config, file, &mut page_diags));
            }
            FileKind::YamlPage => match landing::read(&config.root, rel) {
                Ok(Some(value)) => {
                    let title = landing::title(&value).unwrap_or_else(|| rel.clone());
                    pages.push(PageInfo {
                        rel: rel.clone(),
                        html_rel: paths::html_path(rel),
                        monikers: config.config_monikers(rel),
                        title,
                        title_source: None,
                        description: landing::summary(&value),
                        title_suffix: metadata_string(&config, &value, "titleSuffix", rel),
                        machine_translated: false,
                        kind: PageKind::Landing(value),
                    });
                }
                Ok(None) => {}
                Err(d) => page_diags.push(d),
            },
            FileKind::Resource => {
                resources.insert(rel.clone());
            }
            _ => {}
        }
    }
    diags.extend(page_diags);
    pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    let page_index = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.clone(), i))
        .collect();

    // Locales: the content locale (from tolk.yml or the pages) and the source locale.
    let source_locale = config.source_locale.clone();
    let content_locale = config.content_locale.clone().or_else(|| {
        locale_votes
            .iter()
            .max_by_key(|(l, n)| (**n, std::cmp::Reverse((*l).clone())))
            .map(|(l, _)| l.clone())
    });
    let hover = config
        .global_metadata
        .get("bilingual_type")
        .and_then(|v| v.as_str())
        .is_some_and(|v| v.to_ascii_lowercase().contains("hover"));
    let locale_tags: Vec<String> = match &config.locales {
        Some(l) => l.clone(),
        None => {
            let mut v = Vec::new();
            if let Some(c) = &content_locale {
                v.push(c.clone());
            }
            if !v.iter().any(|x| x.eq_ignore_ascii_case(&source_locale)) {
                v.push(source_locale.clone());
            }
            v
        }
    };
    let locales: Vec<Locale> = locale_tags
        .iter()
        .map(|tag| {
            let is_source = tag.eq_ignore_ascii_case(&source_locale)
                && content_locale
                    .as_deref()
                    .is_some_and(|c| !c.eq_ignore_ascii_case(tag));
            Locale {
                tag: tag.clone(),
                dir_name: tag.to_lowercase(),
                side: if is_source {
                    Side::Source
                } else {
                    Side::Target
                },
                rtl: config.is_rtl(tag),
                hover: hover && !is_source,
            }
        })
        .collect();
    let envs = config.environments.clone();
    let mut selected_envs = envs.clone();
    if !opts.only_envs.is_empty() {
        for name in &opts.only_envs {
            if config
                .catalog
                .index_of(name)
                .is_none_or(|i| !envs.contains(&i))
            {
                diags.push(Diagnostic::error(
                    "environment-unknown",
                    "",
                    0,
                    0,
                    format!(
                        "--env {name}: no such environment. Known: {}",
                        envs.iter()
                            .map(|e| config.env_name(*e))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        selected_envs.retain(|e| {
            opts.only_envs
                .iter()
                .any(|o| o.eq_ignore_ascii_case(config.env_name(*e)))
        });
    }
    for l in &opts.only_locales {
        if !locale_tags.iter().any(|t| t.eq_ignore_ascii_case(l)) {
            diags.push(Diagnostic::error(
                "locale-unknown",
                "",
                0,
                0,
                format!("--locale {l}: this docset has no such locale."),
            ));
        }
    }
    let selected_locales: Vec<usize> = (0..locale_tags.len())
        .filter(|&i| {
            opts.only_locales.is_empty()
                || opts
                    .only_locales
                    .iter()
                    .any(|o| o.eq_ignore_ascii_case(&locale_tags[i]))
        })
        .collect();
    let (strings, sdiags) = i18n::load(&config.root, &locale_tags);
    diags.extend(sdiags);
    let tera = match templates::load(&config.root) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    let (nav, ndiags) = nav::load(&config, &store, &pages);
    diags.extend(ndiags);
    Some(Site {
        config,
        store,
        pages,
        page_index,
        locales,
        envs,
        selected_locales,
        selected_envs,
        strings,
        tera,
        nav,
        resources,
        source_locale,
        search_spill: None,
    })
}

/// A link problem seen while rendering one variant.
#[derive(Debug, Clone)]
pub(crate) struct LinkIssue {
    code: &'static str,
    file: String,
    line: u32,
    url: String,
    message: String,
    hint: Option<String>,
    env: usize,
    error: bool,
}

/// A `#bookmark` to check once every page's anchors are known.
#[derive(Debug, Clone)]
pub(crate) struct BookmarkCheck {
    target: String,
    anchor: String,
    file: String,
    line: u32,
    url: String,
    env: usize,
}

/// Link resolution for one page in one environment.
struct VariantLinks<'s> {
    site: &'s Site,
    page: &'s PageInfo,
    env: usize,
    locale_dir: &'s str,
    record: bool,
    issues: RefCell<Vec<LinkIssue>>,
    bookmarks: RefCell<Vec<BookmarkCheck>>,
}

impl<'s> VariantLinks<'s> {
    /// Links of `page` in (`env`, locale folder); problems are recorded only
    /// when `record` (once per environment, not once per locale).
    fn new(
        site: &'s Site,
        page: &'s PageInfo,
        env: usize,
        locale_dir: &'s str,
        record: bool,
    ) -> Self {
        VariantLinks {
            site,
            page,
            env,
            locale_dir,
            record,
            issues: RefCell::new(Vec::new()),
            bookmarks: RefCell::new(Vec::new()),
        }
    }

    fn issue(
        &self,
        code: &'static str,
        file: &str,
        line: u32,
        url: &str,
        message: String,
        hint: Option<String>,
    ) {
        if self.record {
            self.issues.borrow_mut().push(LinkIssue {
                code,
                file: file.to_string(),
                line,
                url: url.to_string(),
                message,
                hint,
                env: self.env,
                error: false,
            });
        }
    }

    fn to_root(&self) -> String {
        paths::up_to_root(&self.page.rel, 2)
    }
}

impl LinkResolver for VariantLinks<'_> {
    fn resolve(&self, url: &str, kind: markdown::LinkKind, file: &str, line: u32) -> String {
        use markdown::LinkKind;
        let url_trim = url.trim();
        if url_trim.is_empty() {
            return url.to_string();
        }
        if let Some(anchor) = url_trim.strip_prefix('#') {
            if self.record && !anchor.is_empty() && !anchor.starts_with("tab/") {
                self.bookmarks.borrow_mut().push(BookmarkCheck {
                    target: self.page.rel.clone(),
                    anchor: paths::percent_decode(anchor).into_owned(),
                    file: file.to_string(),
                    line,
                    url: url.to_string(),
                    env: self.env,
                });
            }
            return url.to_string();
        }
        if paths::is_external(url_trim) {
            return url.to_string();
        }
        let (path, suffix, anchor) = paths::split_url(url_trim);
        let decoded = paths::percent_decode(path);
        let Some(target) = paths::resolve(paths::dir_of(&self.page.rel), &decoded) else {
            self.issue(
                "link-outside-docset",
                file,
                line,
                url,
                format!("Link '{url}' points outside the docset."),
                Some(
                    "Use a site-absolute URL (/...) or a full URL for pages outside the docset."
                        .into(),
                ),
            );
            return url.to_string();
        };
        let site = self.site;
        let here = paths::dir_of(&self.page.rel);
        // Exact page, then case-insensitive.
        let mut real = target.clone();
        let mut idx = site.page_index.get(&target).copied();
        if idx.is_none() && !site.resources.contains(&target) {
            if let Some(r) = site.store.real_case(&target) {
                if r != target {
                    self.issue(
                        if kind == LinkKind::Image { "image-case-mismatch" } else { "link-case-mismatch" },
                        file,
                        line,
                        url,
                        format!("Link '{url}' differs in case from the file '{r}'; static hosts are case-sensitive, so the link was written with the file's case."),
                        Some(format!("Did you mean '{}'?", paths::relative(here, r))),
                    );
                    real = r.to_string();
                    idx = site.page_index.get(&real).copied();
                }
            }
        }
        if idx.is_none() && (target.is_empty() || path.ends_with('/')) {
            for cand in ["index.md", "index.yml"] {
                let c = if target.is_empty() {
                    cand.to_string()
                } else {
                    format!("{target}/{cand}")
                };
                if let Some(i) = site.page_index.get(&c) {
                    idx = Some(*i);
                    real = c;
                    break;
                }
            }
        }
        if let Some(i) = idx {
            let p = &site.pages[i];
            if p.monikers.contains(self.env) {
                if let Some(a) = anchor {
                    if self.record && !a.is_empty() {
                        self.bookmarks.borrow_mut().push(BookmarkCheck {
                            target: real.clone(),
                            anchor: paths::percent_decode(a).into_owned(),
                            file: file.to_string(),
                            line,
                            url: url.to_string(),
                            env: self.env,
                        });
                    }
                }
                return format!("{}{}", paths::relative(here, &p.html_rel), suffix);
            }
            // Not in this environment: point to the page in an environment that has it.
            let other = site.envs.iter().copied().find(|e| p.monikers.contains(*e));
            let envs_of = site.config.catalog.names(&p.monikers).join(", ");
            self.issue(
                "link-environment",
                file,
                line,
                url,
                format!("Link '{url}' points to a page that does not exist in this environment (it exists in: {envs_of}); the link leads to that page in {}.", other.map(|e| site.config.env_name(e)).unwrap_or("no environment")),
                Some("Put the link inside a moniker block for the environments that have the page.".into()),
            );
            return match other {
                Some(e) => format!(
                    "{}{}/{}/{}{}",
                    self.to_root(),
                    self.locale_dir,
                    site.config.env_name(e),
                    p.html_rel,
                    suffix
                ),
                None => url.to_string(),
            };
        }
        if site.resources.contains(&real) {
            return format!("{}_res/{}{}", self.to_root(), real, suffix);
        }
        // A Markdown file that exists but is not published (include, excluded).
        if site.store.get(&real).is_some() {
            self.issue(
                "link-unpublished",
                file,
                line,
                url,
                format!("Link '{url}' points to '{real}', which exists but is not a published page (it is excluded from the content)."),
                None,
            );
            return url.to_string();
        }
        let (code, what) = if kind == LinkKind::Image {
            ("image-not-found", "Image")
        } else {
            ("link-broken", "Link target")
        };
        self.issue(
            code,
            file,
            line,
            url,
            format!("{what} '{url}' not found (docset path '{real}')."),
            Some("Check the path: relative links start from the folder of the page.".into()),
        );
        url.to_string()
    }
}

#[derive(Serialize)]
struct LanguageView {
    lang: String,
    label: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct EnvView {
    name: String,
    label: String,
    href: Option<String>,
    home: String,
    current: bool,
    absent_text: String,
}

#[derive(Serialize)]
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

#[derive(Serialize)]
struct OutlineView {
    level: u8,
    id: String,
    text: String,
}

#[derive(Serialize)]
struct AltView {
    hreflang: String,
    href: String,
}

#[derive(Serialize)]
struct PageView<'a> {
    lang: &'a str,
    dir: &'a str,
    variant_root: String,
    full_title: String,
    title: String,
    description: String,
    canonical: Option<String>,
    alternates: Vec<AltView>,
    assets: String,
    body_class: String,
    t: &'a BTreeMap<String, String>,
    home: String,
    site_title: &'a str,
    languages: Vec<LanguageView>,
    environments: Vec<EnvView>,
    search_page: Option<String>,
    search_script: Option<String>,
    toc_script: Option<String>,
    toc_page: Option<String>,
    breadcrumbs: Vec<Crumb>,
    machine_translated: bool,
    source_href: Option<String>,
    source_lang: &'a str,
    hover: bool,
    content: &'a str,
    outline: Vec<OutlineView>,
    locale: &'a str,
    environment: &'a str,
}

/// What rendering one page produced besides its files.
#[derive(Default)]
pub(crate) struct PageOutcome {
    pub(crate) anchors: Vec<(usize, Vec<String>)>,
    pub(crate) issues: Vec<LinkIssue>,
    pub(crate) bookmarks: Vec<BookmarkCheck>,
    pub(crate) search: Vec<((usize, usize), crate::search::SearchDoc)>,
    pub(crate) untranslated: Vec<Untranslated>,
    pub(crate) files: usize,
    pub(crate) bytes: Vec<((usize, usize), u64)>,
    pub(crate) includes: Vec<String>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// English (source-side) title per page, for navigation labels.
    pub(crate) source_title: Option<String>,
}

/// Characters of a page's text kept for its search entry (the opening of the
/// article: title, breadcrumb and headings are indexed besides).
const SEARCH_TEXT_CHARS: usize = 3000;

fn truncate_chars(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n).collect();
    if let Some(i) = out.rfind(' ') {
        out.truncate(i);
    }
    out.push('…');
    out
}

impl Site {
    pub fn env_label(&self, env: usize) -> String {
        self.config.env_name(env).to_string()
    }

    fn variant_dir(&self, li: usize, env: usize) -> String {
        format!(
            "{}/{}",
            self.locales[li].dir_name,
            self.config.env_name(env)
        )
    }

    fn strings(&self, li: usize) -> &Strings {
        &self.strings[&self.locales[li].tag]
    }

    /// The source locale index, if the site has one distinct from the content locale.
    fn source_locale_index(&self) -> Option<usize> {
        self.locales.iter().position(|l| l.side == Side::Source)
    }

    /// The page at docset path `path`, if it exists in environment `env`.
    pub fn page_in_env(&self, path: &str, env: usize) -> Option<&PageInfo> {
        self.page_index
            .get(path)
            .map(|i| &self.pages[*i])
            .filter(|p| p.monikers.contains(env))
    }

    pub fn source_locale_position(&self) -> Option<usize> {
        self.source_locale_index()
    }

    /// Render a generated page (search page, fallback home) with the page template.
    pub fn render_plain(
        &self,
        page: &PageInfo,
        li: usize,
        env: usize,
        body: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let view = self.page_view(
            page,
            li,
            env,
            page.title.clone(),
            String::new(),
            body,
            Vec::new(),
        );
        self.render_template("page.html", &view, &page.rel, diags)
    }

    /// Page title shown in a locale.
    pub fn page_title(&self, page: &PageInfo, side: Side) -> String {
        match side {
            Side::Target => page.title.clone(),
            Side::Source => page
                .title_source
                .clone()
                .unwrap_or_else(|| page.title.clone()),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn page_view<'a>(
        &'a self,
        page: &PageInfo,
        li: usize,
        env: usize,
        title: String,
        description: String,
        content: &'a str,
        outline: Vec<OutlineView>,
    ) -> PageView<'a> {
        let loc = &self.locales[li];
        let strings = self.strings(li);
        let to_root = paths::up_to_root(&page.rel, 2);
        let variant_root = format!("{to_root}{}/", self.variant_dir(li, env));
        let languages = self
            .locales
            .iter()
            .enumerate()
            .map(|(i, l)| LanguageView {
                lang: l.tag.clone(),
                label: self
                    .strings(i)
                    .get("language-name")
                    .unwrap_or(&l.tag)
                    .to_string(),
                href: format!("{to_root}{}/{}", self.variant_dir(i, env), page.html_rel),
                current: i == li,
            })
            .collect();
        let environments = self
            .envs
            .iter()
            .map(|&e| EnvView {
                name: self.config.env_name(e).to_string(),
                label: self.env_label(e),
                href: page
                    .monikers
                    .contains(e)
                    .then(|| format!("{to_root}{}/{}", self.variant_dir(li, e), page.html_rel)),
                home: format!("{to_root}{}/index.html", self.variant_dir(li, e)),
                current: e == env,
                absent_text: strings
                    .text("page-not-in-environment")
                    .replace("{$environment}", &self.env_label(e)),
            })
            .collect();
        let abs = |li: usize| {
            self.config
                .base_url
                .as_ref()
                .map(|b| format!("{b}{}/{}", self.variant_dir(li, env), page.html_rel))
        };
        let alternates = self
            .locales
            .iter()
            .enumerate()
            .map(|(i, l)| AltView {
                hreflang: l.tag.clone(),
                href: abs(i).unwrap_or_else(|| {
                    format!("{to_root}{}/{}", self.variant_dir(i, env), page.html_rel)
                }),
            })
            .collect();
        let suffix = page.title_suffix.clone();
        let full_title = match &suffix {
            Some(s) => format!("{title} - {s}"),
            None => format!("{title} - {}", self.config.site_title),
        };
        let toc = self.nav.toc_of(&page.rel);
        let src_li = self.source_locale_index();
        PageView {
            lang: &loc.tag,
            dir: if loc.rtl { "rtl" } else { "ltr" },
            variant_root: variant_root.clone(),
            full_title,
            title,
            description,
            canonical: abs(li),
            alternates,
            assets: format!("{to_root}_tolk/"),
            body_class: if loc.hover {
                "bilingual hover".into()
            } else {
                "monolingual".into()
            },
            t: &strings.messages,
            home: format!("{variant_root}index.html"),
            site_title: &self.config.site_title,
            languages,
            environments,
            search_page: Some(format!("{variant_root}search.html")),
            search_script: Some(format!("{variant_root}_search/index.js")),
            toc_script: toc.map(|id| format!("{variant_root}_toc/{id}.js")),
            toc_page: toc.map(|id| format!("{variant_root}_toc/{id}.html")),
            breadcrumbs: self
                .nav
                .breadcrumbs(self, page, loc.side, &variant_root, env),
            machine_translated: page.machine_translated && loc.side == Side::Target,
            source_href: src_li
                .map(|si| format!("{to_root}{}/{}", self.variant_dir(si, env), page.html_rel)),
            source_lang: &self.source_locale,
            hover: loc.hover,
            content,
            outline,
            locale: &loc.tag,
            environment: self.config.env_name(env),
        }
    }

    fn render_template(
        &self,
        name: &str,
        view: &impl Serialize,
        rel: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let ctx = match tera::Context::from_serialize(view) {
            Ok(c) => c,
            Err(e) => {
                diags.push(Diagnostic::error(
                    "template-failed",
                    rel,
                    0,
                    0,
                    templates::error_chain(&e),
                ));
                return None;
            }
        };
        match self.tera.render(name, &ctx) {
            Ok(s) => Some(s),
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        "template-failed",
                        rel,
                        0,
                        0,
                        format!("Template '{name}' failed for this page: {}", templates::error_chain(&e)),
                    )
                    .with_hint("Check the docset's templates/ folder (it overrides tolk's built-in templates)."),
                );
                None
            }
        }
    }

    fn write(&self, out: Option<&Output>, rel: &str, html: &str, o: &mut PageOutcome) {
        if let Some(out) = out {
            if let Err(e) = out.write(rel, html.as_bytes()) {
                o.diagnostics.push(Diagnostic::error(
                    "write-failed",
                    "",
                    0,
                    0,
                    format!("Cannot write {rel}: {e}"),
                ));
            }
        }
        o.files += 1;
    }

    pub(crate) fn render_page(&self, page: &PageInfo, out: Option<&Output>) -> PageOutcome {
        let mut o = PageOutcome::default();
        let envs: Vec<usize> = self
            .selected_envs
            .iter()
            .copied()
            .filter(|e| page.monikers.contains(*e))
            .collect();
        if envs.is_empty() {
            return o;
        }
        match &page.kind {
            PageKind::Markdown(file) => self.render_markdown(page, file, &envs, out, &mut o),
            PageKind::Landing(value) => self.render_landing(page, value, &envs, out, &mut o),
        }
        o
    }

    fn render_markdown(
        &self,
        page: &PageInfo,
        file: &Arc<SourceFile>,
        envs: &[usize],
        out: Option<&Output>,
        o: &mut PageOutcome,
    ) {
        let file = &self.store.full(file);
        // Compose per environment; environments with identical text share one parse.
        let mut groups: Vec<(resolve::Composed, Vec<usize>)> = Vec::new();
        for &env in envs {
            if let Some(g) = groups.iter_mut().find(|g| !g.0.varies_by_environment) {
                g.1.push(env);
                continue;
            }
            let ctx = PageContext {
                store: &self.store,
                page: file,
                page_monikers: &page.monikers,
                env,
            };
            let (composed, d) = resolve::compose(&ctx);
            o.diagnostics.extend(d);
            if let Some(g) = groups.iter_mut().find(|g| g.0.text == composed.text) {
                g.1.push(env);
            } else {
                o.includes.extend(composed.includes.iter().cloned());
                groups.push((composed, vec![env]));
            }
        }
        let mut recorded_untranslated = false;
        for (composed, genvs) in &groups {
            let prepared =
                markdown::prepare(composed, &self.config.custom_alerts, &mut o.diagnostics);
            // Environments that share this text share its search text too
            // (held until the indexes are built: memory grows with pages, not variants).
            let mut shared_text: HashMap<usize, crate::search::SearchText> = HashMap::new();
            for &env in genvs {
                o.anchors.push((env, prepared.anchors.clone()));
                for &li in &self.selected_locales {
                    let loc = &self.locales[li];
                    let strings = self.strings(li);
                    let links = VariantLinks::new(
                        self,
                        page,
                        env,
                        &loc.dir_name,
                        li == self.selected_locales[0],
                    );
                    let message = |id: &str| strings.get(id).map(str::to_string);
                    let opts = markdown::RenderOptions {
                        side: loc.side,
                        hover: loc.hover,
                        source_lang: &self.source_locale,
                        message: &message,
                        links: &links,
                    };
                    let r = markdown::render(&prepared, &opts);
                    o.issues.extend(links.issues.into_inner());
                    o.bookmarks.extend(links.bookmarks.into_inner());
                    let (title, description) = match loc.side {
                        Side::Target => (
                            page.title.clone(),
                            page.description.clone().unwrap_or_default(),
                        ),
                        Side::Source => {
                            let title = r.h1.clone().filter(|t| !t.is_empty());
                            let desc = r.first_paragraph.as_deref().map(|p| truncate_chars(p, 160));
                            if !recorded_untranslated {
                                if title.is_none() {
                                    o.untranslated.push(Untranslated {
                                        file: page.rel.clone(),
                                        what: "title".into(),
                                        text: page.title.clone(),
                                    });
                                }
                                if desc.is_none() {
                                    if let Some(d) = &page.description {
                                        o.untranslated.push(Untranslated {
                                            file: page.rel.clone(),
                                            what: "description".into(),
                                            text: d.clone(),
                                        });
                                    }
                                }
                                recorded_untranslated = true;
                            }
                            if o.source_title.is_none() {
                                o.source_title = title.clone();
                            }
                            (
                                title.unwrap_or_else(|| page.title.clone()),
                                desc.or_else(|| page.description.clone())
                                    .unwrap_or_default(),
                            )
                        }
                    };
                    let outline = r
                        .outline
                        .iter()
                        .map(|(level, id, text)| OutlineView {
                            level: *level,
                            id: id.clone(),
                            text: text.clone(),
                        })
                        .collect();
                    let view =
                        self.page_view(page, li, env, title.clone(), description, &r.html, outline);
                    let rel = format!("{}/{}", self.variant_dir(li, env), page.html_rel);
                    if let Some(html) =
                        self.render_template("page.html", &view, &page.rel, &mut o.diagnostics)
                    {
                        o.bytes.push(((li, env), html.len() as u64));
                        self.write(out, &rel, &html, o);
                    }
                    if out.is_none() {
                        // `check`: no search index is built.
                        continue;
                    }
                    let crumbs = view
                        .breadcrumbs
                        .iter()
                        .map(|c| c.label.clone())
                        .collect::<Vec<_>>()
                        .join(" › ");
                    o.search.push((
                        (li, env),
                        crate::search::SearchDoc {
                            href: page.html_rel.clone(),
                            title,
                            breadcrumb: crumbs,
                            text: shared_text
                                .entry(li)
                                .or_insert_with(|| {
                                    crate::search::SearchText::new(
                                        &truncate_chars(&r.text, SEARCH_TEXT_CHARS),
                                        self.search_spill.as_ref(),
                                    )
                                })
                                .clone(),
                        },
                    ));
                }
            }
        }
        o.includes.sort();
        o.includes.dedup();
        // One report per page, whatever the number of its environments and
        // locales: the collector's count is then the number of pages affected.
        let mut seen = std::collections::HashSet::new();
        o.diagnostics.retain(|d| seen.insert(d.clone()));
    }

    fn render_landing(
        &self,
        page: &PageInfo,
        value: &serde_yaml::Value,
        envs: &[usize],
        out: Option<&Output>,
        o: &mut PageOutcome,
    ) {
        let mut recorded = false;
        // Lines of link URLs, for diagnostics.
        let source_text =
            std::fs::read_to_string(self.config.root.join(&page.rel)).unwrap_or_default();
        for &env in envs {
            for &li in &self.selected_locales {
                let loc = &self.locales[li];
                let here = paths::dir_of(&page.rel);
                let links = VariantLinks::new(
                    self,
                    page,
                    env,
                    &loc.dir_name,
                    li == self.selected_locales[0],
                );
                let link = |url: &str| -> (String, Option<String>) {
                    let href = links.resolve(
                        url,
                        markdown::LinkKind::Link,
                        &page.rel,
                        landing::line_in(&source_text, url),
                    );
                    let title = if paths::is_external(url) {
                        None
                    } else {
                        let (p, _, _) = paths::split_url(url);
                        paths::resolve(here, &paths::percent_decode(p))
                            .and_then(|t| self.page_index.get(&t))
                            .map(|i| self.page_title(&self.pages[*i], Side::Source))
                    };
                    (href, title)
                };
                let (html, untranslated) = landing::render_html(value, loc.side, &link);
                o.issues.extend(links.issues.into_inner());
                o.bookmarks.extend(links.bookmarks.into_inner());
                if loc.side == Side::Source && !recorded {
                    o.untranslated
                        .extend(untranslated.into_iter().map(|(what, text)| Untranslated {
                            file: page.rel.clone(),
                            what,
                            text,
                        }));
                    recorded = true;
                }
                let title = page.title.clone();
                let view = self.page_view(
                    page,
                    li,
                    env,
                    title.clone(),
                    page.description.clone().unwrap_or_default(),
                    &html,
                    Vec::new(),
                );
                let rel = format!("{}/{}", self.variant_dir(li, env), page.html_rel);
                if let Some(h) =
                    self.render_template("page.html", &view, &page.rel, &mut o.diagnostics)
                {
                    o.bytes.push(((li, env), h.len() as u64));
                    self.write(out, &rel, &h, o);
                }
                o.search.push((
                    (li, env),
                    crate::search::SearchDoc {
                        href: page.html_rel.clone(),
                        title,
                        breadcrumb: String::new(),
                        text: "".into(),
                    },
                ));
            }
        }
    }
}

/// Link and bookmark diagnostics, merged across environments. `anchors`:
/// (page, environment) → heading ids and anchors of that page.
#[allow(clippy::type_complexity)]
pub(crate) fn link_diagnostics(
    site: &Site,
    root: &Path,
    anchors: &HashMap<(String, usize), Vec<String>>,
    issues: Vec<LinkIssue>,
    bookmarks: Vec<BookmarkCheck>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut merged: BTreeMap<(String, u32, String, &'static str), (LinkIssue, BTreeSet<usize>)> =
        BTreeMap::new();
    for i in issues {
        let key = (i.file.clone(), i.line, i.url.clone(), i.code);
        merged
            .entry(key)
            .or_insert_with(|| (i.clone(), BTreeSet::new()))
            .1
            .insert(i.env);
    }
    for b in bookmarks {
        let ok = anchors.get(&(b.target.clone(), b.env)).is_some_and(|ids| {
            ids.iter()
                .any(|id| id == &b.anchor || id.eq_ignore_ascii_case(&b.anchor))
        });
        if !ok {
            let i = LinkIssue {
                code: "bookmark-not-found",
                file: b.file.clone(),
                line: b.line,
                url: b.url.clone(),
                message: if b.url.starts_with('#') {
                    format!("Bookmark '{}' matches no heading or anchor of this page.", b.url)
                } else {
                    format!("Bookmark '#{}' matches no heading or anchor of '{}'.", b.anchor, b.target)
                },
                hint: Some("Heading ids come from <a name=\"…\"></a> anchors or the heading's English text.".into()),
                env: b.env,
                error: false,
            };
            let key = (i.file.clone(), i.line, i.url.clone(), i.code);
            merged
                .entry(key)
                .or_insert_with(|| (i.clone(), BTreeSet::new()))
                .1
                .insert(b.env);
        }
    }
    let all_envs: BTreeSet<usize> = site.envs.iter().copied().collect();
    let mut line_cache: HashMap<String, Vec<String>> = HashMap::new();
    for ((file, line, url, _), (i, envs)) in merged {
        let where_ = if envs == all_envs || site.envs.len() == 1 {
            String::new()
        } else {
            format!(
                " [in {}]",
                envs.iter()
                    .map(|e| site.config.env_name(*e))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let lines = line_cache.entry(file.clone()).or_insert_with(|| {
            std::fs::read_to_string(root.join(&file))
                .map(|t| t.lines().map(str::to_string).collect())
                .unwrap_or_default()
        });
        let col = lines
            .get(line.saturating_sub(1) as usize)
            .and_then(|l| {
                let key = url.rsplit('/').next().unwrap_or(&url);
                l.find(url.as_str())
                    .or_else(|| l.find(key))
                    .map(|b| l[..b].chars().count() as u32 + 1)
            })
            .unwrap_or(1);
        let mut d = if i.error {
            Diagnostic::error(i.code, file, line, col, format!("{}{where_}", i.message))
        } else {
            Diagnostic::warning(i.code, file, line, col, format!("{}{where_}", i.message))
        };
        if let Some(h) = i.hint {
            d = d.with_hint(h);
        }
        out.push(d);
    }
    out
}

/// Resident and peak memory of this process (Linux; empty elsewhere), for
/// `TOLK_TIMINGS=1`.
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

/// Build (or, with `out: None`, check) a docset.
#[allow(clippy::type_complexity)]
pub fn build(opts: &BuildOptions) -> BuildResult {
    let start = Instant::now();
    let diags = Diagnostics::new();
    let root = opts.source.clone();
    let mut result = BuildResult {
        diagnostics: Diagnostics::new(),
        root: root.clone(),
        pages: 0,
        files_written: 0,
        variants: BTreeMap::new(),
        untranslated: Vec::new(),
        seconds: 0.0,
        written_to: None,
        include_graph: BTreeMap::new(),
    };
    // Check the destination before anything is read or written.
    if let Some(out) = &opts.out {
        let inside_ok = {
            let abs_out = std::path::absolute(out).unwrap_or(out.clone());
            let abs_src = std::path::absolute(&root).unwrap_or(root.clone());
            match abs_out.strip_prefix(&abs_src) {
                Ok(rel) => {
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    Config::load(&root)
                        .map(|(c, _)| {
                            c.content_entry(&format!("{rel}/x.md")).is_none()
                                && c.content_entry(&format!("{rel}/x.yml")).is_none()
                        })
                        .unwrap_or(false)
                }
                Err(_) => true,
            }
        };
        if let Err(d) = output::check_destination(out, &root, inside_ok) {
            diags.push(d);
            result.diagnostics = diags;
            return result;
        }
    }
    let timings = std::env::var_os("TOLK_TIMINGS").is_some();
    let mut phase = Instant::now();
    let mut lap = |name: &str| {
        if timings {
            eprintln!(
                "timing: {name:<10} {:>8.3} s  {}",
                phase.elapsed().as_secs_f64(),
                memory_reading()
            );
        }
        phase = Instant::now();
    };
    let Some(mut site) = load(opts, &diags) else {
        result.diagnostics = diags;
        result.seconds = start.elapsed().as_secs_f64();
        return result;
    };
    // A build to disk keeps its search texts out of memory until indexing.
    if opts.out.is_some() {
        site.search_spill = crate::search::TextSpill::new().ok();
    }
    let output = match &opts.out {
        Some(dir) => match Output::begin(dir) {
            Ok(o) => Some(o),
            Err(e) => {
                diags.push(Diagnostic::error(
                    "write-failed",
                    "",
                    0,
                    0,
                    format!("Cannot create the output folder: {e}"),
                ));
                result.diagnostics = diags;
                return result;
            }
        },
        None => None,
    };

    let bar = if opts.progress {
        let b = indicatif::ProgressBar::new(site.pages.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} rendering {pos}/{len} pages [{bar:30}] {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Some(b)
    } else {
        None
    };
    let search_docs: Mutex<HashMap<(usize, usize), Vec<crate::search::SearchDoc>>> =
        Mutex::new(HashMap::new());
    let anchors: Mutex<HashMap<(String, usize), Vec<String>>> = Mutex::new(HashMap::new());
    let issues: Mutex<Vec<LinkIssue>> = Mutex::new(Vec::new());
    let bookmarks: Mutex<Vec<BookmarkCheck>> = Mutex::new(Vec::new());
    let untranslated: Mutex<Vec<Untranslated>> = Mutex::new(Vec::new());
    let variant_stats: Mutex<BTreeMap<(usize, usize), VariantStats>> = Mutex::new(BTreeMap::new());
    let include_graph: Mutex<BTreeMap<String, Vec<String>>> = Mutex::new(BTreeMap::new());
    let files = std::sync::atomic::AtomicUsize::new(0);

    lap("load");
    site.pages.par_iter().for_each(|page| {
        let o = site.render_page(page, output.as_ref());
        diags.extend(o.diagnostics);
        files.fetch_add(o.files, std::sync::atomic::Ordering::Relaxed);
        {
            let mut a = anchors.lock().unwrap();
            for (env, ids) in o.anchors {
                a.entry((page.rel.clone(), env)).or_default().extend(ids);
            }
        }
        issues.lock().unwrap().extend(o.issues);
        bookmarks.lock().unwrap().extend(o.bookmarks);
        untranslated.lock().unwrap().extend(o.untranslated);
        {
            let mut s = search_docs.lock().unwrap();
            for (k, d) in o.search {
                s.entry(k).or_default().push(d);
            }
        }
        {
            let mut vs = variant_stats.lock().unwrap();
            for (k, b) in o.bytes {
                let e = vs.entry(k).or_default();
                e.pages += 1;
                e.bytes += b;
            }
        }
        if !o.includes.is_empty() {
            include_graph
                .lock()
                .unwrap()
                .insert(page.rel.clone(), o.includes);
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }

    lap("render");
    // Site-wide files.
    let mut site_diags = Vec::new();
    let mut variant_stats = variant_stats.into_inner().unwrap();
    if let Some(out) = &output {
        let written = crate::publish::write_site_files(
            &site,
            out,
            search_docs.into_inner().unwrap(),
            &mut variant_stats,
            &mut site_diags,
        );
        files.fetch_add(written, std::sync::atomic::Ordering::Relaxed);
    } else {
        // `check`: the redirection file is verified all the same.
        crate::publish::plan_redirects(&site, &mut site_diags);
    }
    diags.extend(site_diags);

    lap("publish");
    // Link and bookmark diagnostics, merged across environments.
    diags.extend(link_diagnostics(
        &site,
        &root,
        &anchors.into_inner().unwrap(),
        issues.into_inner().unwrap(),
        bookmarks.into_inner().unwrap(),
    ));

    let mut un = untranslated.into_inner().unwrap();
    un.extend(site.nav.untranslated.iter().cloned());
    un.sort();
    un.dedup();
    result.untranslated = un;
    result.pages = site.pages.len();
    result.files_written = files.into_inner();
    result.include_graph = include_graph.into_inner().unwrap();
    for ((li, env), s) in variant_stats {
        result.variants.insert(site.variant_dir(li, env), s);
    }
    lap("checks");
    if let (Some(out), true) = (&output, opts.report && diags.error_count() == 0) {
        result.files_written += crate::report::write_into(&site, out, &result.untranslated, &diags);
    }
    let failed = diags.error_count() > 0;
    if let Some(out) = output {
        if failed {
            out.abort();
        } else {
            match out.commit() {
                Ok(p) => result.written_to = Some(p),
                Err(e) => diags.push(Diagnostic::error(
                    "write-failed",
                    "",
                    0,
                    0,
                    format!("Cannot put the new site in place: {e}"),
                )),
            }
        }
    }
    result.diagnostics = diags;
    result.seconds = start.elapsed().as_secs_f64();
    result
}
