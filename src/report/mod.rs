//! The review report (`tolk report`, `tolk build --report`): translation
//! figures per docset, per folder and per page, computed from the loaded
//! [`Docset`](crate::docset::Docset) and its [`Navigation`] — no page is rendered.
//!
//! Figures come from the per-file scan of [`bilingual`](crate::bilingual)
//! ([`PairStats`](crate::bilingual::PairStats)), counted once per source
//! file, whatever environments or moniker blocks later keep:
//!
//! * `segments`: span pairs;
//! * `untranslated`: pairs whose target text equals the source text;
//! * `malformed`: pairs that had to be repaired or were kept as plain text;
//! * `untranslatable_lines`: lines with text outside any pair (not localizable);
//! * `coverage`: `(segments - untranslated) / segments` in percent (null
//!   without segments).
//!
//! Front matter gives `translation_type` (`ms.translationtype`, MT or HT),
//! `last_handoff` (`ms.lasthandoff`) and `source_commit`
//! (`ms.sourcegitcommit`). Untranslated labels are the texts shown in the
//! source locale without an English counterpart: page titles without an
//! English H1, TOC labels ([`Navigation::untranslated`](crate::nav::Navigation))
//! and landing-page texts. The build additionally finds page descriptions
//! without a source-side first paragraph; `tolk build --report` passes its
//! list in ([`compute_with`]).
//!
//! `totals` counts Markdown content pages only; include files (Markdown
//! files that are not pages and are included by some file, or sit in an
//! `includes` folder) and YAML landing pages have their own sections. The
//! output is deterministic: everything is sorted, nothing is timestamped.
//!
//! This module computes the figures; `figures` holds their types (what
//! `report.json` holds), `html` writes them as one page.

use crate::bilingual::Side;
use crate::docset::{self, PageInfo, PageKind, Untranslated};
use crate::landing;
use crate::monikers::MonikerSet;
use crate::nav::Navigation;
use crate::paths;
use crate::resolve::includes;
use crate::source::{FileKind, SourceFile};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

mod figures;
mod html;

pub use figures::{
    Counts, Docset, FolderFigures, IncludeFigures, LandingFigures, PageFigures, Report, Totals,
};
pub use html::to_html;

/// A front matter value as text. YAML reads an all-digit commit hash as a
/// number (losing digits), so numbers are taken as written in the file.
fn page_meta(docset: &docset::Docset, file: &SourceFile, key: &str) -> Option<String> {
    if let Some(serde_yaml::Value::Number(_)) = file.front_matter.get(key) {
        let text = crate::source::read_text(&docset.config.root, &file.rel).ok()?;
        let (yaml, _, _, _) = crate::source::split_front_matter(&text);
        return yaml.lines().find_map(|l| {
            let v = l.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
            (!v.is_empty()).then(|| v.to_string())
        });
    }
    meta_scalar(&file.front_matter, key)
}

fn meta_scalar(fm: &serde_yaml::Value, key: &str) -> Option<String> {
    let s = match fm.get(key)? {
        serde_yaml::Value::String(s) => s.trim().to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

fn env_names(docset: &docset::Docset, set: &MonikerSet) -> Vec<String> {
    docset
        .config
        .environments
        .iter()
        .filter(|e| set.contains(**e))
        .map(|e| docset.config.env_name(*e).to_string())
        .collect()
}

/// Files included directly by `file` (docset paths of existing Markdown files).
fn included_by(docset: &docset::Docset, file: &Arc<SourceFile>) -> Vec<String> {
    let dir = paths::dir_of(&file.rel);
    let mut out = BTreeSet::new();
    let file = docset.store.full(file);
    for line in file.body_lines() {
        if !line.contains("[!") {
            continue;
        }
        for d in includes::find_directives(line) {
            let target = paths::resolve(dir, &paths::percent_decode(&d.path));
            if let Some(t) = target {
                let real = if docset.store.get(&t).is_some() {
                    Some(t)
                } else {
                    docset.store.real_case(&t).map(str::to_string)
                };
                if let Some(r) = real.filter(|r| docset.store.get(r).is_some()) {
                    out.insert(r);
                }
            }
        }
    }
    out.into_iter().collect()
}

/// The report of a loaded docset, with the untranslated labels found at load time.
pub fn compute(docset: &docset::Docset, nav: &Navigation) -> Report {
    compute_with(docset, nav, None)
}

/// The report of a loaded docset; `untranslated`, when given, is the build's
/// complete list (it replaces the labels detected here).
pub fn compute_with(
    docset: &docset::Docset,
    nav: &Navigation,
    untranslated: Option<&[Untranslated]>,
) -> Report {
    let mut labels: Vec<Untranslated> = nav.untranslated.clone();
    // Include file → the files that include it directly.
    let mut used_by: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pages = Vec::new();
    let mut landing_pages = Vec::new();
    for p in &docset.pages {
        match &p.kind {
            PageKind::Markdown(file) => {
                let figures = page_figures(docset, p, file);
                for i in &figures.includes {
                    used_by.entry(i.clone()).or_default().insert(p.rel.clone());
                }
                if figures.title_untranslated
                    && nav.labels.english_of_page(&p.rel, &p.title).is_none()
                {
                    labels.push(Untranslated {
                        file: p.rel.clone(),
                        what: "title".into(),
                        text: p.title.clone(),
                    });
                }
                pages.push(figures);
            }
            PageKind::Landing(value) => {
                let found = landing_labels(docset, nav, p, value);
                landing_pages.push(LandingFigures {
                    path: p.rel.clone(),
                    title: p.title.clone(),
                    environments: env_names(docset, &p.monikers),
                    untranslated_labels: found.len(),
                });
                labels.extend(found);
            }
        }
    }
    if let Some(un) = untranslated {
        labels = un.to_vec();
    }
    labels.sort();
    labels.dedup();
    let includes = include_figures(docset, used_by);
    let (folders, mut totals) = folders_and_totals(&pages);
    totals.untranslated_labels = labels.len();
    totals.include_files = includes.len();
    totals.include_segments = includes.iter().map(|i| i.counts.segments).sum();
    totals.landing_pages = landing_pages.len();
    Report {
        docset: Docset {
            name: docset.config.docset_folder.clone(),
            source_locale: docset.source_locale.clone(),
            locales: docset.locales.iter().map(|l| l.tag.clone()).collect(),
            environments: docset
                .config
                .environments
                .iter()
                .map(|e| docset.config.env_name(*e).to_string())
                .collect(),
        },
        totals,
        folders,
        pages,
        includes,
        landing_pages,
        untranslated_labels: labels,
    }
}

/// The figures of one Markdown page.
fn page_figures(docset: &docset::Docset, p: &PageInfo, file: &Arc<SourceFile>) -> PageFigures {
    let counts = Counts::of(&file.pair_stats);
    PageFigures {
        path: p.rel.clone(),
        folder: paths::dir_of(&p.rel).to_string(),
        title: p.title.clone(),
        counts,
        coverage: counts.coverage(),
        translation_type: page_meta(docset, file, "ms.translationtype")
            .map(|t| t.to_ascii_uppercase()),
        last_handoff: page_meta(docset, file, "ms.lasthandoff"),
        source_commit: page_meta(docset, file, "ms.sourcegitcommit"),
        environments: env_names(docset, &p.monikers),
        title_untranslated: p.title_source.is_none(),
        includes: included_by(docset, file),
    }
}

/// The texts of a landing page shown in the source locale without an
/// English counterpart.
fn landing_labels(
    docset: &docset::Docset,
    nav: &Navigation,
    p: &PageInfo,
    value: &serde_yaml::Value,
) -> Vec<Untranslated> {
    let here = paths::dir_of(&p.rel);
    let text = std::fs::read_to_string(docset.config.root.join(&p.rel)).unwrap_or_default();
    let mime = landing::mime_of(&text).unwrap_or("Landing");
    let link = |url: &str| -> (String, Option<String>) {
        let title = if paths::is_external(url) {
            None
        } else {
            let (path, _, _) = paths::split_url(url);
            paths::resolve(here, &paths::percent_decode(path))
                .and_then(|t| docset.page(&t))
                .and_then(|p| {
                    p.title_source
                        .clone()
                        .or_else(|| nav.labels.english_of_page(&p.rel, &p.title))
                })
        };
        (url.to_string(), title)
    };
    let message = |_: &str| None;
    let english = |t: &str| nav.labels.english(t);
    // Markdown texts have English where they hold span pairs.
    let markdown = |md: &str, _: u32| {
        let pairs = crate::bilingual::scan(md).stats.pairs;
        (String::new(), pairs > 0)
    };
    let ui = landing::YamlUi {
        side: Side::Source,
        text_lang: "",
        link: &link,
        message: &message,
        english: &english,
        markdown: &markdown,
        source_text: &text,
    };
    landing::render_html(value, mime, &ui)
        .untranslated
        .into_iter()
        .map(|(what, text)| Untranslated {
            file: p.rel.clone(),
            what,
            text,
        })
        .collect()
}

/// Include files: non-page Markdown that is included (directly or through
/// other includes), or lives in an `includes` folder. `used_by` gains the
/// includes' own includes.
fn include_figures(
    docset: &docset::Docset,
    mut used_by: BTreeMap<String, BTreeSet<String>>,
) -> Vec<IncludeFigures> {
    let mut include_paths: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<String> = used_by.keys().cloned().collect();
    for (rel, kind) in &docset.store.kinds {
        if *kind == FileKind::OtherMarkdown
            && rel.split('/').any(|s| s.eq_ignore_ascii_case("includes"))
        {
            queue.push(rel.clone());
        }
    }
    let mut scanned = BTreeSet::new();
    while let Some(rel) = queue.pop() {
        if docset.page_index.contains_key(&rel) || !scanned.insert(rel.clone()) {
            continue;
        }
        let Some(file) = docset.store.get(&rel) else {
            continue;
        };
        include_paths.insert(rel.clone());
        for i in included_by(docset, file) {
            used_by.entry(i.clone()).or_default().insert(rel.clone());
            queue.push(i);
        }
    }
    include_paths
        .iter()
        .filter_map(|rel| docset.store.get(rel))
        .map(|f| {
            let counts = Counts::of(&f.pair_stats);
            IncludeFigures {
                path: f.rel.clone(),
                counts,
                coverage: counts.coverage(),
                used_by: used_by.get(&f.rel).map_or(0, BTreeSet::len),
            }
        })
        .collect()
}

/// Sums per folder, and the totals over all pages (the label, include and
/// landing-page counts are the caller's).
fn folders_and_totals(pages: &[PageFigures]) -> (Vec<FolderFigures>, Totals) {
    let mut folders: BTreeMap<String, FolderFigures> = BTreeMap::new();
    let mut total = Counts::default();
    let mut totals = Totals {
        pages: pages.len(),
        ..Totals::default()
    };
    for p in pages {
        let f = folders
            .entry(p.folder.clone())
            .or_insert_with(|| FolderFigures {
                folder: p.folder.clone(),
                ..FolderFigures::default()
            });
        f.pages += 1;
        f.counts.add(&p.counts);
        total.add(&p.counts);
        match p.translation_type.as_deref() {
            Some("MT") => {
                f.mt_pages += 1;
                totals.mt_pages += 1;
            }
            Some("HT") => {
                f.ht_pages += 1;
                totals.ht_pages += 1;
            }
            _ => totals.other_type_pages += 1,
        }
        if p.title_untranslated {
            totals.untranslated_titles += 1;
        }
    }
    let folders: Vec<FolderFigures> = folders
        .into_values()
        .map(|mut f| {
            f.coverage = f.counts.coverage();
            f
        })
        .collect();
    totals.segments = total.segments;
    totals.untranslated = total.untranslated;
    totals.malformed = total.malformed;
    totals.untranslatable_lines = total.untranslatable_lines;
    totals.coverage = total.coverage();
    (folders, totals)
}

/// The report as pretty-printed JSON (with a final newline).
pub fn to_json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Write `_report/index.html` and `_report/report.json` into a build's
/// output (`tolk build --report`), with the build's untranslated labels.
/// Returns the number of files written; failures become diagnostics.
pub fn write_into(
    docset: &docset::Docset,
    nav: &Navigation,
    out: &crate::output::Output,
    untranslated: &[Untranslated],
    diags: &crate::diagnostics::Diagnostics,
) -> usize {
    let report = compute_with(docset, nav, Some(untranslated));
    let mut n = 0;
    for (rel, text) in [
        ("_report/index.html", to_html(&report)),
        ("_report/report.json", to_json(&report)),
    ] {
        match out.write(rel, text.as_bytes()) {
            Ok(()) => n += 1,
            Err(e) => diags.push(crate::diagnostics::Diagnostic::error(
                crate::diagnostics::Code::WriteFailed,
                "",
                0,
                0,
                format!("Cannot write {rel}: {e}"),
            )),
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_is_rounded_and_null_without_segments() {
        let c = Counts {
            segments: 3,
            untranslated: 1,
            ..Counts::default()
        };
        assert_eq!(c.coverage(), Some(66.7));
        assert_eq!(Counts::default().coverage(), None);
    }

    #[test]
    fn scalars_of_front_matter() {
        let fm: serde_yaml::Value =
            serde_yaml::from_str("a: ' MT '\nb: 1234\nc: ''\nd: [x]").unwrap();
        assert_eq!(meta_scalar(&fm, "a").as_deref(), Some("MT"));
        assert_eq!(meta_scalar(&fm, "b").as_deref(), Some("1234"));
        assert_eq!(meta_scalar(&fm, "c"), None);
        assert_eq!(meta_scalar(&fm, "d"), None);
        assert_eq!(meta_scalar(&fm, "e"), None);
    }
}
