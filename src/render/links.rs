//! Links per variant: `VariantLinks` resolves every link of a page in one
//! variant (pages, resources, case, environment, folders' index pages) and
//! records what is wrong; [`link_diagnostics`] turns the findings of all
//! pages into diagnostics once every page's anchors are known (bookmarks),
//! merged across environments.

use super::Site;
use crate::diagnostics::{Code, Diagnostic};
use crate::docset::{to_site_root, Docset, EnvId, PageInfo, Variant};
use crate::markdown::{LinkKind, LinkResolver};
use crate::nav::Navigation;
use crate::paths;
use crate::redirects::RedirectTarget;
use crate::siteurl::{docset_target, external_url, view_env, without_view, SiteTarget};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// A link problem seen while rendering one variant.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LinkIssue {
    code: Code,
    file: String,
    line: u32,
    url: String,
    message: String,
    hint: Option<String>,
    env: EnvId,
}

/// A `#bookmark` to check once every page's anchors are known.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BookmarkCheck {
    target: String,
    anchor: String,
    file: String,
    line: u32,
    url: String,
    env: EnvId,
}

/// "Did you mean" hints of one page's broken links, by target and kind
/// (image or not): a page's variants share them, so each is searched once.
pub(super) type HintCache = RefCell<HashMap<(String, bool), String>>;

/// Link resolution for one page in one variant.
pub(super) struct VariantLinks<'s> {
    docset: &'s Docset,
    nav: &'s Navigation,
    page: &'s PageInfo,
    variant: Variant,
    record: bool,
    hints: &'s HintCache,
    issues: RefCell<Vec<LinkIssue>>,
    bookmarks: RefCell<Vec<BookmarkCheck>>,
}

impl<'s> VariantLinks<'s> {
    /// Links of `page` in `variant`; problems are recorded only when
    /// `record` (once per environment, not once per locale).
    /// `hints` is shared by the page's variants.
    pub(super) fn new(
        site: &'s Site,
        page: &'s PageInfo,
        variant: Variant,
        record: bool,
        hints: &'s HintCache,
    ) -> Self {
        VariantLinks {
            docset: &site.docset,
            nav: &site.nav,
            page,
            variant,
            record,
            hints,
            issues: RefCell::new(Vec::new()),
            bookmarks: RefCell::new(Vec::new()),
        }
    }

    /// The problems and bookmarks recorded.
    pub(super) fn into_findings(self) -> (Vec<LinkIssue>, Vec<BookmarkCheck>) {
        (self.issues.into_inner(), self.bookmarks.into_inner())
    }

    fn issue(
        &self,
        code: Code,
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
                env: self.variant.env,
            });
        }
    }

    fn bookmark(&self, target: &str, anchor: &str, file: &str, line: u32, url: &str) {
        if self.record {
            self.bookmarks.borrow_mut().push(BookmarkCheck {
                target: target.to_string(),
                anchor: paths::percent_decode(anchor).into_owned(),
                file: file.to_string(),
                line,
                url: url.to_string(),
                env: self.variant.env,
            });
        }
    }

    /// The published page a docset path names: exactly, else in another
    /// case (reported: static hosts are case-sensitive), else a folder's
    /// index page. Returns the path found and the page's index.
    fn find_page(
        &self,
        target: &str,
        path: &str,
        kind: LinkKind,
        at: (&str, u32, &str),
    ) -> (String, Option<usize>) {
        let (file, line, url) = at;
        let ds = self.docset;
        let mut real = target.to_string();
        let mut idx = ds.page_index.get(target).copied();
        if idx.is_none() && !ds.resources.contains(target) {
            if let Some(r) = ds.store.real_case(target) {
                if r != target {
                    self.issue(
                        if kind == LinkKind::Image { Code::ImageCaseMismatch } else { Code::LinkCaseMismatch },
                        file,
                        line,
                        url,
                        format!("Link '{url}' differs in case from the file '{r}'; static hosts are case-sensitive, so the link was written with the file's case."),
                        Some(format!("Did you mean '{}'?", paths::relative(paths::dir_of(&self.page.rel), r))),
                    );
                    real = r.to_string();
                    idx = ds.page_index.get(&real).copied();
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
                if let Some(i) = ds.page_index.get(&c) {
                    idx = Some(*i);
                    real = c;
                    break;
                }
            }
        }
        (real, idx)
    }

    /// A link to page `p` (at docset path `real`) from this variant.
    fn page_link(
        &self,
        p: &PageInfo,
        real: &str,
        suffix: &str,
        anchor: Option<&str>,
        at: (&str, u32, &str),
    ) -> String {
        let (file, line, url) = at;
        let ds = self.docset;
        if p.monikers.contains(self.variant.env) {
            if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                self.bookmark(real, a, file, line, url);
            }
            return format!(
                "{}{}",
                paths::relative(paths::dir_of(&self.page.rel), &p.html_rel),
                suffix
            );
        }
        // Not in this environment: point to the page in an environment that has it.
        let other = ds.envs.iter().copied().find(|e| p.monikers.contains(*e));
        let envs_of = ds.config.catalog.names(&p.monikers).join(", ");
        self.issue(
            Code::LinkEnvironment,
            file,
            line,
            url,
            format!("Link '{url}' points to a page that does not exist in this environment (it exists in: {envs_of}); the link leads to that page in {}.", other.map(|e| ds.env_name(e)).unwrap_or("no environment")),
            Some("Put the link inside a moniker block for the environments that have the page.".into()),
        );
        match other {
            Some(e) => format!(
                "{}{suffix}",
                self.variant
                    .with_env(e)
                    .href_from(ds, &self.page.rel, &p.html_rel)
            ),
            None => url.to_string(),
        }
    }
}

impl LinkResolver for VariantLinks<'_> {
    fn page_title(&self, url: &str, side: crate::bilingual::Side) -> Option<String> {
        let (path, _, _) = paths::split_url(url.trim());
        if path.is_empty() || paths::is_external(path) {
            return None;
        }
        let target = paths::resolve(paths::dir_of(&self.page.rel), &paths::percent_decode(path))?;
        let page = &self.docset.pages[*self.docset.page_index.get(&target)?];
        Some(match side {
            crate::bilingual::Side::Source => page
                .title_source
                .clone()
                .unwrap_or_else(|| page.title.clone()),
            crate::bilingual::Side::Target => page.title.clone(),
        })
    }

    fn report(&self, code: Code, file: &str, line: u32, message: String) {
        self.issue(
            code,
            file,
            line,
            "",
            message,
            Some("Write the link text between the brackets.".into()),
        );
    }

    fn resolve(&self, url: &str, kind: LinkKind, file: &str, line: u32) -> String {
        let url_trim = url.trim();
        if url_trim.is_empty() {
            return url.to_string();
        }
        if let Some(anchor) = url_trim.strip_prefix('#') {
            if !anchor.is_empty() && !anchor.starts_with("tab/") {
                self.bookmark(&self.page.rel, anchor, file, line, url);
            }
            return url.to_string();
        }
        // A query alone (`?view=x#anchor`): this page.
        if url_trim.starts_with('?') {
            let (_, suffix, anchor) = paths::split_url(url_trim);
            if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                self.bookmark(&self.page.rel, a, file, line, url);
            }
            let clean = without_view(suffix);
            return if clean.is_empty() { "#".into() } else { clean };
        }
        if url_trim.starts_with('/') && !url_trim.starts_with("//") {
            return self.site_absolute(url_trim, kind, (file, line, url));
        }
        if paths::is_external(url_trim) {
            return url.to_string();
        }
        let at = (file, line, url);
        let (path, suffix, anchor) = paths::split_url(url_trim);
        let decoded = paths::percent_decode(path);
        let Some(target) = paths::resolve(paths::dir_of(&self.page.rel), &decoded) else {
            self.issue(
                Code::LinkOutsideDocset,
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
        let ds = self.docset;
        let (real, idx) = self.find_page(&target, path, kind, at);
        if let Some(i) = idx {
            return self.page_link(&ds.pages[i], &real, suffix, anchor, at);
        }
        if ds.resources.contains(&real) {
            return format!("{}_res/{}{}", to_site_root(&self.page.rel), real, suffix);
        }
        // A page a redirection moved: to its final target.
        if let Some(href) = self.moved_link(&real, suffix, anchor, at) {
            return href;
        }
        // A Markdown file that exists but is not published (include, excluded).
        if ds.store.get(&real).is_some() {
            self.issue(
                Code::LinkUnpublished,
                file,
                line,
                url,
                format!("Link '{url}' points to '{real}', which exists but is not a published page (it is excluded from the content)."),
                None,
            );
            return url.to_string();
        }
        let (code, what) = if kind == LinkKind::Image {
            (Code::ImageNotFound, "Image")
        } else {
            (Code::LinkBroken, "Link target")
        };
        if self.nav.moved.is_dead_end(&real) {
            self.issue(
                code,
                file,
                line,
                url,
                format!("{what} '{url}' was redirected, but its redirection leads nowhere (a loop or a chain of more than 20 redirections; docset path '{real}')."),
                Some("Link to the page's final location, and fix the redirection (see the circular-redirection warning).".into()),
            );
            return url.to_string();
        }
        if !self.record {
            // Not recorded in this variant: no hint to look for.
            return url.to_string();
        }
        // "Did you mean": the closest page (or resource, for an image) in
        // the target's folder; only that folder is searched, so a docset with
        // many broken links stays fast.
        let key = (real.clone(), kind == LinkKind::Image);
        let cached = self.hints.borrow().get(&key).cloned();
        let hint = cached.unwrap_or_else(|| {
            let dir = paths::dir_of(&real);
            // The prefix test first: most paths are in other folders.
            let in_dir = |p: &&String| p.starts_with(dir) && paths::dir_of(p) == dir;
            let hint = "Check the path: relative links start from the folder of the page.";
            let hint = if kind == LinkKind::Image {
                // Sorted: the paths under `dir` are one range.
                let from = (std::ops::Bound::Included(dir), std::ops::Bound::Unbounded);
                crate::diagnostics::path_hint(
                    &real,
                    ds.resources
                        .range::<str, _>(from)
                        .take_while(|p| p.starts_with(dir))
                        .filter(in_dir)
                        .map(String::as_str),
                    hint,
                )
            } else {
                crate::diagnostics::path_hint(
                    &real,
                    ds.page_index.keys().filter(in_dir).map(String::as_str),
                    hint,
                )
            };
            self.hints.borrow_mut().insert(key, hint.clone());
            hint
        });
        self.issue(
            code,
            file,
            line,
            url,
            format!("{what} '{url}' not found (docset path '{real}')."),
            Some(hint),
        );
        url.to_string()
    }
}

impl VariantLinks<'_> {
    /// A link to the page a redirection moved `real` to (its final target).
    fn moved_link(
        &self,
        real: &str,
        suffix: &str,
        anchor: Option<&str>,
        at: (&str, u32, &str),
    ) -> Option<String> {
        match self.nav.moved.target(real)? {
            RedirectTarget::Page { path, anchor: ra } => {
                let i = *self.docset.page_index.get(path)?;
                // The link's own anchor wins over the redirection's.
                let (suffix, anchor) = match (anchor, ra) {
                    (None, Some(a)) => (format!("{suffix}#{a}"), Some(a.as_str())),
                    _ => (suffix.to_string(), anchor),
                };
                Some(self.page_link(&self.docset.pages[i], path, &suffix, anchor, at))
            }
            RedirectTarget::Url(u) => {
                let (file, line, _) = at;
                if !u.starts_with('/') || u.starts_with("//") {
                    return Some(u.clone());
                }
                // The planner followed every chain: a site-absolute target is
                // a page of this docset or a URL elsewhere (never another move).
                let ds = self.docset;
                Some(match docset_target(ds, u) {
                    Some(SiteTarget::Page(real, i)) => {
                        let (_, sfx, anchor) = paths::split_url(u);
                        self.page_link(
                            &ds.pages[i],
                            &real,
                            &without_view(sfx),
                            anchor,
                            (file, line, u),
                        )
                    }
                    Some(SiteTarget::Resource(r)) => {
                        format!("{}_res/{r}", to_site_root(&self.page.rel))
                    }
                    _ => external_url(ds, self.variant.locale, u),
                })
            }
        }
    }

    /// A site-absolute URL (`/microsoft-365/admin/x?view=…`, `/azure/…`):
    /// under the docset's own URL base, the page (or resource) of this
    /// docset in this variant (`view=` naming another environment that has
    /// the page leads there); anything else, the external base URL in the
    /// page's locale.
    fn site_absolute(&self, url: &str, kind: LinkKind, at: (&str, u32, &str)) -> String {
        let ds = self.docset;
        let (_, suffix, anchor) = paths::split_url(url);
        match docset_target(ds, url) {
            Some(SiteTarget::Resource(rest)) => {
                return format!("{}_res/{}", to_site_root(&self.page.rel), rest);
            }
            Some(SiteTarget::Page(real, i)) => {
                let p = &ds.pages[i];
                let clean = without_view(suffix);
                return match view_env(ds, p, suffix) {
                    Some(e) if e != self.variant.env => format!(
                        "{}{clean}",
                        self.variant
                            .with_env(e)
                            .href_from(ds, &self.page.rel, &p.html_rel)
                    ),
                    _ => self.page_link(p, &real, &clean, anchor, at),
                };
            }
            Some(SiteTarget::Missing(candidates)) => {
                if let Some(href) = candidates
                    .iter()
                    .find_map(|c| self.moved_link(c, &without_view(suffix), anchor, at))
                {
                    return href;
                }
            }
            None => {}
        }
        let _ = kind;
        external_url(ds, self.variant.locale, url)
    }
}

/// Link and bookmark diagnostics of every page, merged across environments
/// (one diagnostic per file, line, URL and problem, naming the environments
/// it concerns unless it concerns them all). `anchors(page, env)`: the
/// heading ids and anchors of a page in an environment.
pub fn link_diagnostics<'a>(
    docset: &Docset,
    root: &Path,
    anchors: impl Fn(&str, EnvId) -> Option<&'a [String]>,
    issues: impl IntoIterator<Item = &'a LinkIssue>,
    bookmarks: impl IntoIterator<Item = &'a BookmarkCheck>,
) -> Vec<Diagnostic> {
    type Key = (String, u32, String, Code);
    let mut merged: BTreeMap<Key, (LinkIssue, BTreeSet<EnvId>)> = BTreeMap::new();
    let mut add = |i: &LinkIssue| {
        let key = (i.file.clone(), i.line, i.url.clone(), i.code);
        merged
            .entry(key)
            .or_insert_with(|| (i.clone(), BTreeSet::new()))
            .1
            .insert(i.env);
    };
    for i in issues {
        add(i);
    }
    for b in bookmarks {
        let ok = anchors(&b.target, b.env).is_some_and(|ids| {
            ids.iter()
                .any(|id| id == &b.anchor || id.eq_ignore_ascii_case(&b.anchor))
        });
        if !ok {
            add(&LinkIssue {
                code: Code::BookmarkNotFound,
                message: if b.url.starts_with('#') {
                    format!("Bookmark '{}' matches no heading or anchor of this page.", b.url)
                } else {
                    format!("Bookmark '#{}' matches no heading or anchor of '{}'.", b.anchor, b.target)
                },
                hint: Some("Heading ids come from <a name=\"…\"></a> anchors or the heading's English text.".into()),
                file: b.file.clone(),
                line: b.line,
                url: b.url.clone(),
                env: b.env,
            });
        }
    }
    let all_envs: BTreeSet<EnvId> = docset.envs.iter().copied().collect();
    let mut line_cache: HashMap<String, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for ((file, line, url, _), (i, envs)) in merged {
        let where_ = if envs == all_envs || docset.envs.len() == 1 {
            String::new()
        } else {
            format!(
                " [in {}]",
                envs.iter()
                    .map(|e| docset.env_name(*e))
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
        let mut d = Diagnostic::warning(i.code, file, line, col, format!("{}{where_}", i.message));
        if let Some(h) = i.hint {
            d = d.with_hint(h);
        }
        out.push(d);
    }
    out
}
