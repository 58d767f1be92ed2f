//! Loading the docset from disk: configuration, the file walk, sources,
//! pages, locales, the slice to render and the locale strings.

use super::model::{Docset, EnvId, Locale, LocaleId, PageInfo};
use super::page::{landing_page_info, markdown_page_info};
use crate::bilingual::Side;
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n;
use crate::landing;
use crate::source::{self, FileKind, SourceFile, SourceStore};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

/// Load and analyse the docset at `source`: everything before rendering.
/// `out`, when inside the docset, is not read as content. `only_locales` and
/// `only_envs` choose the slice to render (empty: all). `None` when the
/// configuration cannot be read (the reasons are in `diags`).
pub fn load(
    source: &Path,
    out: Option<&Path>,
    only_locales: &[String],
    only_envs: &[String],
    diags: &Diagnostics,
) -> Option<Docset> {
    let (config, cdiags) = match Config::load(source) {
        Ok(c) => c,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    diags.extend(cdiags);
    let skip: Vec<&Path> = out.into_iter().collect();
    let (kinds, wdiags) = source::walk(&config, &skip);
    diags.extend(wdiags);
    let budget = body_budget(diags);
    #[cfg(test)]
    let budget = tests::hook_budget().unwrap_or(budget);
    let (store, ldiags) = source::load(&config, kinds.clone(), budget);
    diags.extend(ldiags);

    let (pages, resources, locale_votes) = pages_of(&config, &store, &kinds, diags);
    let page_index = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.clone(), i))
        .collect();
    let source_locale = config.source_locale.clone();
    let locales = locales_of(&config, &locale_votes);
    let locale_tags: Vec<String> = locales.iter().map(|l| l.tag.clone()).collect();
    let envs = config.environments.clone();
    let selected_envs = select_envs(&config, &envs, only_envs, diags);
    let selected_locales = select_locales(&locale_tags, only_locales, diags);
    let (strings, sdiags) = i18n::load(&config.root, &locale_tags);
    diags.extend(sdiags);
    let refs = crate::xref::DocsetRefs::default();
    let mut ds = Docset {
        config,
        store,
        pages,
        page_index,
        locales,
        envs,
        selected_locales,
        selected_envs,
        strings,
        resources,
        source_locale,
        refs,
    };
    ds.refs = docset_refs(&ds, diags);
    #[cfg(test)]
    tests::after_load();
    compact_released_front_matter(&mut ds);
    Some(ds)
}

/// Front matter keys still read once the docset is loaded, from pages whose
/// body was released (the review report's; rendering reads such a page
/// again whole, see [`crate::source::SourceStore::full`]).
const FRONT_MATTER_KEPT: &[&str] = &["ms.translationtype", "ms.lasthandoff", "ms.sourcegitcommit"];

/// A page whose body was released keeps of its front matter only
/// [`FRONT_MATTER_KEPT`]: the parsed YAML of a DocFX page is several KB,
/// the largest part of what is held per page of a large docset. Everything
/// else was read from it while loading (titles, monikers, uids, locale).
fn compact_released_front_matter(ds: &mut Docset) {
    use super::model::PageKind;
    let mut compacted = false;
    for page in &mut ds.pages {
        let PageKind::Markdown(file) = &mut page.kind else {
            continue;
        };
        let serde_yaml::Value::Mapping(map) = &file.front_matter else {
            continue;
        };
        if !file.released || map.len() <= FRONT_MATTER_KEPT.len() {
            continue;
        }
        let kept: serde_yaml::Mapping = FRONT_MATTER_KEPT
            .iter()
            .filter_map(|k| Some(((*k).into(), map.get(*k)?.clone())))
            .collect();
        let compact = Arc::new(SourceFile {
            rel: file.rel.clone(),
            front_matter: serde_yaml::Value::Mapping(kept),
            body_line_offset: file.body_line_offset,
            body: String::new(),
            pair_stats: file.pair_stats.clone(),
            blocks: Default::default(),
            diagnostics: file.diagnostics.clone(),
            first_h1: file.first_h1.clone(),
            released: true,
        });
        if let Some(stored) = ds.store.markdown.get_mut(&page.rel) {
            *stored = compact.clone();
        }
        *file = compact;
        compacted = true;
    }
    if compacted {
        release_free_memory();
    }
}

/// Give the pages of memory the allocator holds free back to the system:
/// the front matter just let go lay between what is kept of each page, so
/// the allocator would otherwise keep it (glibc's malloc_trim).
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer; it only returns free pages.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The uid table (pages' `uid:` and `build.xref` maps) and the other
/// references composition needs.
fn docset_refs(ds: &Docset, diags: &Diagnostics) -> crate::xref::DocsetRefs {
    use super::model::PageKind;
    let mut found = Vec::new();
    let uids = crate::xref::XrefTable::build(
        &ds.config,
        ds.pages.iter().map(|p| crate::xref::PageUid {
            rel: &p.rel,
            uid: match &p.kind {
                PageKind::Markdown(f) => f.front_matter.get("uid"),
                PageKind::Landing(v) => v.get("uid"),
            },
            title: &p.title,
            title_source: p.title_source.as_deref(),
        }),
        &mut found,
    );
    diags.extend(found);
    let text = |side: Side| {
        let li = ds.locales.iter().position(|l| l.side == side)?;
        ds.strings(li)
            .get("codesnippet-not-found")
            .map(str::to_string)
    };
    let target = text(Side::Target).unwrap_or_else(|| "Code snippet not found".into());
    let source = text(Side::Source).unwrap_or_else(|| target.clone());
    crate::xref::DocsetRefs {
        root: ds.config.root.clone(),
        uids,
        snippet_not_found: crate::xref::bilingual_text(&target, &source),
    }
}

/// Bytes of page bodies kept in memory after loading (`TOLK_PAGE_BODY_BUDGET`).
fn body_budget(diags: &Diagnostics) -> u64 {
    match std::env::var("TOLK_PAGE_BODY_BUDGET") {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| {
            diags.push(Diagnostic::warning(
                Code::EnvironmentVariableInvalid,
                "",
                0,
                0,
                format!("TOLK_PAGE_BODY_BUDGET={v:?} is not a number of bytes; the default ({} MB) is used.", source::PAGE_BODY_BUDGET / (1024 * 1024)),
            ));
            source::PAGE_BODY_BUDGET
        }),
        Err(_) => source::PAGE_BODY_BUDGET,
    }
}

/// The published pages (sorted by path), the resources, and the votes of the
/// pages for the content locale (`ms.contentlocale`).
fn pages_of(
    config: &Config,
    store: &SourceStore,
    kinds: &[(String, FileKind)],
    diags: &Diagnostics,
) -> (Vec<PageInfo>, BTreeSet<String>, BTreeMap<String, usize>) {
    let mut pages = Vec::new();
    let mut resources = BTreeSet::new();
    let mut locale_votes: BTreeMap<String, usize> = BTreeMap::new();
    let mut page_diags = Vec::new();
    for (rel, kind) in kinds {
        match kind {
            FileKind::Page => {
                let Some(file) = store.get(rel).cloned() else {
                    continue;
                };
                if let Some(l) = file.meta_str("ms.contentlocale") {
                    *locale_votes.entry(l.to_string()).or_default() += 1;
                }
                pages.push(markdown_page_info(config, file, &mut page_diags));
            }
            FileKind::YamlPage => match landing::read(&config.root, rel) {
                Ok(Some(value)) => pages.push(landing_page_info(config, rel, value)),
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
    (pages, resources, locale_votes)
}

/// The locales: the content locale (from tolk.yml or the pages' votes) and
/// the source locale, or the list tolk.yml gives.
fn locales_of(config: &Config, locale_votes: &BTreeMap<String, usize>) -> Vec<Locale> {
    let source_locale = &config.source_locale;
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
            if !v.iter().any(|x| x.eq_ignore_ascii_case(source_locale)) {
                v.push(source_locale.clone());
            }
            v
        }
    };
    locale_tags
        .iter()
        .map(|tag| {
            let is_source = tag.eq_ignore_ascii_case(source_locale)
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
        .collect()
}

/// The environments `--env` asks for (all without it); unknown names are errors.
fn select_envs(
    config: &Config,
    envs: &[EnvId],
    only_envs: &[String],
    diags: &Diagnostics,
) -> Vec<EnvId> {
    let mut selected = envs.to_vec();
    if only_envs.is_empty() {
        return selected;
    }
    for name in only_envs {
        if config
            .catalog
            .index_of(name)
            .is_none_or(|i| !envs.contains(&i))
        {
            diags.push(Diagnostic::error(
                Code::EnvironmentUnknown,
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
    selected.retain(|e| {
        only_envs
            .iter()
            .any(|o| o.eq_ignore_ascii_case(config.env_name(*e)))
    });
    selected
}

/// The locales `--locale` asks for (all without it); unknown tags are errors.
fn select_locales(tags: &[String], only_locales: &[String], diags: &Diagnostics) -> Vec<LocaleId> {
    for l in only_locales {
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(l)) {
            diags.push(Diagnostic::error(
                Code::LocaleUnknown,
                "",
                0,
                0,
                format!("--locale {l}: this docset has no such locale."),
            ));
        }
    }
    (0..tags.len())
        .filter(|&i| {
            only_locales.is_empty()
                || only_locales
                    .iter()
                    .any(|o| o.eq_ignore_ascii_case(&tags[i]))
        })
        .collect()
}

/// What re-reading one Markdown file changed ([`Docset::reload_markdown`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Reloaded {
    /// A page, whose title, description and environments are as they were:
    /// only the page itself changed.
    Page,
    /// A page whose title, description or environments changed: other
    /// pages show them (TOCs, breadcrumbs, links), so everything is stale.
    PageReshaped,
    /// Not a page (an include, say).
    NotAPage,
}

impl Docset {
    /// Read the Markdown file `rel` again and put it in place (`tolk serve`).
    /// Returns what changed and the file's diagnostics.
    pub fn reload_markdown(&mut self, rel: &str) -> (Reloaded, Vec<Diagnostic>) {
        let file = Arc::new(source::read_markdown(&self.config, rel));
        let mut diags = file.diagnostics.clone();
        self.store.markdown.insert(rel.to_string(), file.clone());
        let Some(&i) = self.page_index.get(rel) else {
            return (Reloaded::NotAPage, diags);
        };
        let info = markdown_page_info(&self.config, file, &mut diags);
        let old = &self.pages[i];
        let same = old.title == info.title
            && old.title_source == info.title_source
            && old.monikers == info.monikers
            && old.description == info.description
            && old.title_suffix == info.title_suffix;
        if !same {
            return (Reloaded::PageReshaped, diags);
        }
        self.pages[i] = info;
        (Reloaded::Page, diags)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::cell::RefCell;
    use std::path::Path;

    type Hook = (u64, Box<dyn Fn()>);

    thread_local! {
        /// A page-body budget to load with instead of `TOLK_PAGE_BODY_BUDGET`,
        /// and what to do once the docset is loaded, before anything renders
        /// (on this thread's builds only).
        static HOOK: RefCell<Option<Hook>> = const { RefCell::new(None) };
    }

    pub(super) fn hook_budget() -> Option<u64> {
        HOOK.with(|h| h.borrow().as_ref().map(|(b, _)| *b))
    }

    pub(super) fn after_load() {
        HOOK.with(|h| {
            if let Some((_, f)) = h.borrow().as_ref() {
                f();
            }
        });
    }

    /// Run `f` with a page-body budget and an after-load hook.
    fn with_hook<R>(budget: u64, hook: impl Fn() + 'static, f: impl FnOnce() -> R) -> R {
        HOOK.with(|h| *h.borrow_mut() = Some((budget, Box::new(hook))));
        let r = f();
        HOOK.with(|h| *h.borrow_mut() = None);
        r
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn build(src: &Path, out: &Path) -> crate::BuildResult {
        // Without the build cache: the second build must render (and so
        // read again) the page; a cached page would be reused as loaded.
        crate::build(&crate::BuildOptions {
            source: src.to_path_buf(),
            out: Some(out.to_path_buf()),
            no_cache: true,
            ..Default::default()
        })
    }

    /// With page bodies released after loading (a docset over the budget), a
    /// page deleted before it renders is a located error and the previous
    /// site stays; it is not published with an empty article.
    #[test]
    fn page_deleted_between_load_and_render_under_the_body_budget_is_an_error() {
        let t = tempfile::tempdir().unwrap();
        let src = t.path().join("docs");
        write(
            &src,
            "docfx.json",
            r#"{"build":{"content":[{"files":["**/*.md"]}]}}"#,
        );
        write(&src, "index.md", "# Start\n\nWelkom.\n");
        write(&src, "gone.md", "# Weg\n\nDeze tekst verdwijnt.\n");
        let out = t.path().join("site");
        // Budget 0: every body is released and read again to render.
        let first = with_hook(0, || {}, || build(&src, &out));
        assert!(!first.has_errors(), "{:?}", first.diagnostics.sorted());
        let page = walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .find(|e| e.file_name() == "gone.html")
            .expect("gone.html was built")
            .into_path();
        let before = std::fs::read_to_string(&page).unwrap();
        assert!(before.contains("Deze tekst verdwijnt."));

        let victim = src.join("gone.md");
        let second = with_hook(
            0,
            move || std::fs::remove_file(&victim).unwrap(),
            || build(&src, &out),
        );
        assert!(second.has_errors());
        let sorted = second.diagnostics.sorted();
        let d = sorted
            .iter()
            .map(|(d, _)| d)
            .find(|d| d.code == crate::diagnostics::Code::FileUnreadable)
            .unwrap_or_else(|| panic!("{sorted:?}"));
        assert_eq!(d.file, "gone.md");
        assert!(d.message.contains("deleted or changed"), "{}", d.message);
        // The previous site is untouched.
        assert_eq!(std::fs::read_to_string(&page).unwrap(), before);
    }

    /// `tolk report` reads released pages again too: a page deleted in
    /// between is an error there as well, not a page counted as empty.
    #[test]
    fn report_on_a_page_deleted_after_loading_is_an_error() {
        let t = tempfile::tempdir().unwrap();
        let src = t.path().join("docs");
        write(
            &src,
            "docfx.json",
            r#"{"build":{"content":[{"files":["**/*.md"]}]}}"#,
        );
        write(&src, "index.md", "# Start\n\nWelkom.\n");
        write(&src, "gone.md", "# Weg\n\nDeze tekst verdwijnt.\n");
        let diags = crate::diagnostics::Diagnostics::new();
        let victim = src.join("gone.md");
        let report = with_hook(
            0,
            move || std::fs::remove_file(&victim).unwrap(),
            || crate::report(&src, &diags),
        );
        assert!(report.is_some());
        let sorted = diags.sorted();
        assert!(
            sorted
                .iter()
                .any(|(d, _)| d.code == crate::diagnostics::Code::FileUnreadable
                    && d.file == "gone.md"
                    && d.severity == crate::diagnostics::Severity::Error),
            "{sorted:?}"
        );
    }

    /// A resource that cannot be read as the site is written (deleted after
    /// loading) is `file-unreadable` at the resource, not `write-failed`:
    /// the reader's file is at fault, not the output.
    #[test]
    fn resource_unreadable_at_copy_is_file_unreadable_not_write_failed() {
        let t = tempfile::tempdir().unwrap();
        let src = t.path().join("docs");
        write(
            &src,
            "docfx.json",
            r#"{"build":{"content":[{"files":["**/*.md"]}],"resource":[{"files":["**/*.png"]}]}}"#,
        );
        write(
            &src,
            "index.md",
            "# Start\n\n![Plaatje](media/plaatje.png)\n",
        );
        write(&src, "media/plaatje.png", "png");
        let out = t.path().join("site");
        let victim = src.join("media/plaatje.png");
        let result = with_hook(
            u64::MAX,
            move || std::fs::remove_file(&victim).unwrap(),
            || build(&src, &out),
        );
        let sorted = result.diagnostics.sorted();
        let codes: Vec<&str> = sorted.iter().map(|(d, _)| d.code.name()).collect();
        assert!(!codes.contains(&"write-failed"), "{codes:?}");
        let d = sorted
            .iter()
            .map(|(d, _)| d)
            .find(|d| d.code == crate::diagnostics::Code::FileUnreadable)
            .unwrap_or_else(|| panic!("{codes:?}"));
        assert_eq!(d.file, "media/plaatje.png");
        assert!(result.has_errors());
        assert!(!out.exists());
    }
}
