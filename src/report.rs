//! The review report (`tolk report`, `tolk build --report`): translation
//! figures per docset, per folder and per page, computed from the loaded
//! [`Docset`](crate::docset::Docset) and its [`Navigation`] — no page is rendered.
//!
//! Figures come from the per-file scan of [`bilingual`](crate::bilingual)
//! ([`PairStats`]), counted once per source
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

use crate::bilingual::{PairStats, Side};
use crate::docset::{self, PageInfo, PageKind, Untranslated};
use crate::landing;
use crate::markdown::escape_html;
use crate::monikers::MonikerSet;
use crate::nav::Navigation;
use crate::resolve::{includes, paths};
use crate::source::{FileKind, SourceFile};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Segment counts of one file or a sum of files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub segments: u64,
    pub untranslated: u64,
    pub malformed: u64,
    pub untranslatable_lines: u64,
}

impl Counts {
    fn of(s: &PairStats) -> Counts {
        Counts {
            segments: s.pairs as u64,
            untranslated: s.identical as u64,
            malformed: s.malformed as u64,
            untranslatable_lines: s.untranslatable_lines as u64,
        }
    }

    fn add(&mut self, o: &Counts) {
        self.segments += o.segments;
        self.untranslated += o.untranslated;
        self.malformed += o.malformed;
        self.untranslatable_lines += o.untranslatable_lines;
    }

    /// Translated share of the segments in percent, one decimal.
    pub fn coverage(&self) -> Option<f64> {
        (self.segments > 0).then(|| {
            let p = (self.segments - self.untranslated.min(self.segments)) as f64 * 100.0
                / self.segments as f64;
            (p * 10.0).round() / 10.0
        })
    }
}

/// The docset the report is about.
#[derive(Debug, Clone, Serialize)]
pub struct Docset {
    /// The docset folder name.
    pub name: String,
    pub source_locale: String,
    pub locales: Vec<String>,
    pub environments: Vec<String>,
}

/// Figures over all Markdown content pages (plus section sizes).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub pages: usize,
    pub segments: u64,
    pub untranslated: u64,
    pub malformed: u64,
    pub untranslatable_lines: u64,
    pub coverage: Option<f64>,
    pub mt_pages: usize,
    pub ht_pages: usize,
    /// Pages whose `ms.translationtype` is missing or neither MT nor HT.
    pub other_type_pages: usize,
    /// Pages whose title has no English counterpart.
    pub untranslated_titles: usize,
    /// All entries of the report's `untranslated_labels`.
    pub untranslated_labels: usize,
    pub include_files: usize,
    pub include_segments: u64,
    pub landing_pages: usize,
}

/// One Markdown content page.
#[derive(Debug, Clone, Serialize)]
pub struct PageFigures {
    /// Docset-relative source path (the key of the page).
    pub path: String,
    pub folder: String,
    pub title: String,
    #[serde(flatten)]
    pub counts: Counts,
    pub coverage: Option<f64>,
    pub translation_type: Option<String>,
    pub last_handoff: Option<String>,
    pub source_commit: Option<String>,
    pub environments: Vec<String>,
    /// The title has no English counterpart (no English H1).
    pub title_untranslated: bool,
    /// Files this page includes directly.
    pub includes: Vec<String>,
}

/// Sums over the pages of one folder.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FolderFigures {
    /// Docset-relative folder ("" for the docset root).
    pub folder: String,
    pub pages: usize,
    #[serde(flatten)]
    pub counts: Counts,
    pub coverage: Option<f64>,
    pub mt_pages: usize,
    pub ht_pages: usize,
}

/// One include file.
#[derive(Debug, Clone, Serialize)]
pub struct IncludeFigures {
    pub path: String,
    #[serde(flatten)]
    pub counts: Counts,
    pub coverage: Option<f64>,
    /// Number of files (pages or includes) that include it directly.
    pub used_by: usize,
}

/// One YAML landing page.
#[derive(Debug, Clone, Serialize)]
pub struct LandingFigures {
    pub path: String,
    pub title: String,
    pub environments: Vec<String>,
    /// Texts shown in the source locale without an English counterpart.
    pub untranslated_labels: usize,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub docset: Docset,
    pub totals: Totals,
    pub folders: Vec<FolderFigures>,
    /// Markdown content pages, sorted by path.
    pub pages: Vec<PageFigures>,
    pub includes: Vec<IncludeFigures>,
    pub landing_pages: Vec<LandingFigures>,
    /// Texts shown in the source locale without an English counterpart
    /// (`what`: title, description, toc-label, landing-*), sorted.
    pub untranslated_labels: Vec<Untranslated>,
}

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
                if figures.title_untranslated {
                    labels.push(Untranslated {
                        file: p.rel.clone(),
                        what: "title".into(),
                        text: p.title.clone(),
                    });
                }
                pages.push(figures);
            }
            PageKind::Landing(value) => {
                let found = landing_labels(docset, p, value);
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
    p: &PageInfo,
    value: &serde_yaml::Value,
) -> Vec<Untranslated> {
    let here = paths::dir_of(&p.rel);
    let link = |url: &str| -> (String, Option<String>) {
        let title = if paths::is_external(url) {
            None
        } else {
            let (path, _, _) = paths::split_url(url);
            paths::resolve(here, &paths::percent_decode(path))
                .and_then(|t| docset.page(&t))
                .map(|p| p.title_in(Side::Source))
        };
        (url.to_string(), title)
    };
    let (_, found) = landing::render_html(value, Side::Source, &link);
    found
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

fn opt(v: &Option<String>) -> String {
    v.as_deref().map(escape_html).unwrap_or_default()
}

fn pct(c: Option<f64>) -> (String, String) {
    match c {
        Some(p) => (format!("{p:.1}"), format!("{p:.1}%")),
        None => ("-1".into(), "–".into()),
    }
}

const CSS: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:80rem;padding:1rem 2rem;color:#1b1b1b;background:#fff}
h1{font-size:1.6rem}h2{margin-top:2.5rem;font-size:1.25rem}
dl.totals{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.5rem}
dl.totals div{border:1px solid #ccc;border-radius:4px;padding:.5rem .75rem}
dt{font-size:.8rem;color:#555}dd{margin:0;font-size:1.3rem;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th button:focus-visible{outline:2px solid #0067b8}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
tr.warn td{background:#fff4ce}
.scroll{overflow-x:auto}
svg text{font-size:12px;fill:#1b1b1b}
code{font-size:.85em}
"#;

const JS: &str = r#"
document.querySelectorAll("table.sortable").forEach(function(t){
  var ths=t.querySelectorAll("thead th");
  ths.forEach(function(th,i){
    var b=th.querySelector("button");if(!b)return;
    b.addEventListener("click",function(){
      var asc=th.getAttribute("aria-sort")!=="ascending";
      ths.forEach(function(o){o.removeAttribute("aria-sort")});
      th.setAttribute("aria-sort",asc?"ascending":"descending");
      var num=th.classList.contains("n"),tb=t.tBodies[0];
      var rows=Array.prototype.slice.call(tb.rows);
      rows.sort(function(a,b){
        var x=a.cells[i].getAttribute("data-v")||a.cells[i].textContent,
            y=b.cells[i].getAttribute("data-v")||b.cells[i].textContent;
        var r=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y);
        return asc?r:-r;
      });
      rows.forEach(function(r){tb.appendChild(r)});
    });
  });
});
"#;

struct Table {
    html: String,
}

impl Table {
    /// A sortable table; a header ending in '#' is numeric.
    fn new(id: &str, caption: &str, heads: &[&str]) -> Table {
        let mut html = format!(
            "<div class=\"scroll\"><table class=\"sortable\" id=\"{id}\"><caption class=\"sr\">{}</caption><thead><tr>",
            escape_html(caption)
        );
        for h in heads {
            let (label, num) = match h.strip_suffix('#') {
                Some(l) => (l, true),
                None => (*h, false),
            };
            html.push_str(&format!(
                "<th scope=\"col\"{}><button type=\"button\">{}</button></th>",
                if num { " class=\"n\"" } else { "" },
                escape_html(label)
            ));
        }
        html.push_str("</tr></thead><tbody>\n");
        Table { html }
    }

    fn row(&mut self, warn: bool, cells: &[Cell]) {
        self.html
            .push_str(if warn { "<tr class=\"warn\">" } else { "<tr>" });
        for c in cells {
            match c {
                Cell::Text(t) => self.html.push_str(&format!("<td>{t}</td>")),
                Cell::Num(n) => self.html.push_str(&format!("<td class=\"n\">{n}</td>")),
                Cell::Sorted(v, t) => self
                    .html
                    .push_str(&format!("<td class=\"n\" data-v=\"{v}\">{t}</td>")),
            }
        }
        self.html.push_str("</tr>\n");
    }

    fn finish(mut self) -> String {
        self.html.push_str("</tbody></table></div>\n");
        self.html
    }
}

enum Cell {
    /// Escaped HTML.
    Text(String),
    Num(u64),
    /// (sort value, shown text)
    Sorted(String, String),
}

fn coverage_cell(c: Option<f64>) -> Cell {
    let (v, t) = pct(c);
    Cell::Sorted(v, t)
}

/// Horizontal bars of coverage per folder, as inline SVG.
fn folder_chart(folders: &[FolderFigures]) -> String {
    let row_h = 20;
    let label_w = 300;
    let bar_w = 400;
    let h = row_h * folders.len().max(1) + 10;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{h}\" viewBox=\"0 0 {} {h}\" role=\"img\" aria-labelledby=\"chart-title\"><title id=\"chart-title\">Translation coverage per folder (translated segments / segments)</title>\n",
        label_w + bar_w + 70,
        label_w + bar_w + 70
    );
    for (i, f) in folders.iter().enumerate() {
        let y = i * row_h + 5;
        let name = if f.folder.is_empty() {
            "(root)".to_string()
        } else {
            f.folder.clone()
        };
        let p = f.coverage.unwrap_or(0.0);
        let w = (p / 100.0 * bar_w as f64).round() as u64;
        let text = pct(f.coverage).1;
        s.push_str(&format!(
            "<g><title>{name}: {text} of {seg} segments, {pages} pages</title><text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{name}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{bar_w}\" height=\"{bh}\" fill=\"#e6e6e6\"/><rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{bh}\" fill=\"#0067b8\"/><text x=\"{vx}\" y=\"{ty}\">{text}</text></g>\n",
            name = escape_html(&name),
            seg = f.counts.segments,
            pages = f.pages,
            lx = label_w - 6,
            ty = y + 13,
            bh = row_h - 4,
            vx = label_w + bar_w + 6,
        ));
    }
    s.push_str("</svg>\n");
    s
}

/// The report as one self-contained HTML page (inline CSS, JS and SVG).
pub fn to_html(report: &Report) -> String {
    let d = &report.docset;
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(&format!(
        "<title>Review report – {}</title>\n<style>{CSS}.sr{{position:absolute;left:-9999px}}</style>\n</head>\n<body>\n",
        escape_html(&d.name)
    ));
    h.push_str(&format!(
        "<h1>Review report: {}</h1>\n<p>Locales: {}. Environments: {}. Figures count each source file once; segments are span pairs, <em>untranslated</em> segments have a target equal to the source.</p>\n",
        escape_html(if d.name.is_empty() { "docset" } else { &d.name }),
        escape_html(&d.locales.join(", ")),
        escape_html(&d.environments.join(", "))
    ));
    h.push_str(&totals_html(&report.totals));
    h.push_str(&folders_html(&report.folders));
    h.push_str(&pages_html(&report.pages));
    h.push_str(&includes_html(&report.includes));
    h.push_str(&landing_html(&report.landing_pages));
    h.push_str(&labels_html(&report.untranslated_labels));
    h.push_str(&format!("<script>{JS}</script>\n</body>\n</html>\n"));
    h
}

/// The totals, one figure a box.
fn totals_html(t: &Totals) -> String {
    let mut h = String::new();
    h.push_str("<h2 id=\"totals\">Totals (Markdown content pages)</h2>\n<dl class=\"totals\">\n");
    let items: Vec<(&str, String)> = vec![
        ("Pages", t.pages.to_string()),
        ("Segments", t.segments.to_string()),
        ("Untranslated segments", t.untranslated.to_string()),
        ("Coverage", pct(t.coverage).1),
        ("Malformed pairs", t.malformed.to_string()),
        ("Lines outside pairs", t.untranslatable_lines.to_string()),
        ("MT pages", t.mt_pages.to_string()),
        ("HT pages", t.ht_pages.to_string()),
        ("Other pages", t.other_type_pages.to_string()),
        ("Untranslated titles", t.untranslated_titles.to_string()),
        ("Untranslated labels", t.untranslated_labels.to_string()),
        ("Include files", t.include_files.to_string()),
        ("Include segments", t.include_segments.to_string()),
        ("Landing pages", t.landing_pages.to_string()),
    ];
    for (k, v) in items {
        h.push_str(&format!(
            "<div><dt>{}</dt><dd>{}</dd></div>\n",
            escape_html(k),
            escape_html(&v)
        ));
    }
    h.push_str("</dl>\n");

    h
}

/// Coverage per folder: a chart and a table.
fn folders_html(folders: &[FolderFigures]) -> String {
    let mut h = String::new();
    h.push_str("<h2 id=\"folders\">Coverage per folder</h2>\n");
    h.push_str(&folder_chart(folders));
    let mut ft = Table::new(
        "folder-table",
        "Folders",
        &[
            "Folder",
            "Pages#",
            "Segments#",
            "Untranslated#",
            "Coverage#",
            "Malformed#",
            "Outside pairs#",
            "MT#",
            "HT#",
        ],
    );
    for f in folders {
        ft.row(
            false,
            &[
                Cell::Text(escape_html(if f.folder.is_empty() {
                    "(root)"
                } else {
                    &f.folder
                })),
                Cell::Num(f.pages as u64),
                Cell::Num(f.counts.segments),
                Cell::Num(f.counts.untranslated),
                coverage_cell(f.coverage),
                Cell::Num(f.counts.malformed),
                Cell::Num(f.counts.untranslatable_lines),
                Cell::Num(f.mt_pages as u64),
                Cell::Num(f.ht_pages as u64),
            ],
        );
    }
    h.push_str(&ft.finish());

    h
}

/// One row per Markdown page.
fn pages_html(pages: &[PageFigures]) -> String {
    let mut h = String::new();
    h.push_str("<h2 id=\"pages\">Pages</h2>\n<p>Select a column header (or focus it and press Enter) to sort. Highlighted rows have malformed pairs or an untranslated title.</p>\n");
    let mut pt = Table::new(
        "page-table",
        "Pages",
        &[
            "Page",
            "Segments#",
            "Untranslated#",
            "Coverage#",
            "Malformed#",
            "Outside pairs#",
            "Type",
            "Hand-off",
            "Source commit",
            "Environments",
            "Title untranslated",
        ],
    );
    for p in pages {
        pt.row(
            p.counts.malformed > 0 || p.title_untranslated,
            &[
                Cell::Text(format!(
                    "<code>{}</code><br>{}",
                    escape_html(&p.path),
                    escape_html(&p.title)
                )),
                Cell::Num(p.counts.segments),
                Cell::Num(p.counts.untranslated),
                coverage_cell(p.coverage),
                Cell::Num(p.counts.malformed),
                Cell::Num(p.counts.untranslatable_lines),
                Cell::Text(opt(&p.translation_type)),
                Cell::Text(opt(&p.last_handoff)),
                Cell::Text(format!(
                    "<code>{}</code>",
                    opt(&p
                        .source_commit
                        .as_ref()
                        .map(|c| c.chars().take(10).collect()))
                )),
                Cell::Text(escape_html(&p.environments.join(", "))),
                Cell::Text(if p.title_untranslated { "yes" } else { "" }.into()),
            ],
        );
    }
    h.push_str(&pt.finish());

    h
}

/// One row per include file.
fn includes_html(includes: &[IncludeFigures]) -> String {
    let mut h = String::new();
    h.push_str("<h2 id=\"includes\">Include files</h2>\n");
    let mut it = Table::new(
        "include-table",
        "Include files",
        &[
            "Include",
            "Used by#",
            "Segments#",
            "Untranslated#",
            "Coverage#",
            "Malformed#",
            "Outside pairs#",
        ],
    );
    for i in includes {
        it.row(
            i.counts.malformed > 0,
            &[
                Cell::Text(format!("<code>{}</code>", escape_html(&i.path))),
                Cell::Num(i.used_by as u64),
                Cell::Num(i.counts.segments),
                Cell::Num(i.counts.untranslated),
                coverage_cell(i.coverage),
                Cell::Num(i.counts.malformed),
                Cell::Num(i.counts.untranslatable_lines),
            ],
        );
    }
    h.push_str(&it.finish());

    h
}

/// One row per landing page.
fn landing_html(landing_pages: &[LandingFigures]) -> String {
    let mut h = String::new();
    h.push_str("<h2 id=\"landing\">Landing pages</h2>\n");
    let mut lt = Table::new(
        "landing-table",
        "Landing pages",
        &["Page", "Title", "Environments", "Untranslated labels#"],
    );
    for l in landing_pages {
        lt.row(
            false,
            &[
                Cell::Text(format!("<code>{}</code>", escape_html(&l.path))),
                Cell::Text(escape_html(&l.title)),
                Cell::Text(escape_html(&l.environments.join(", "))),
                Cell::Num(l.untranslated_labels as u64),
            ],
        );
    }
    h.push_str(&lt.finish());

    h
}

/// One row per untranslated label.
fn labels_html(labels: &[Untranslated]) -> String {
    let mut h = String::new();
    h.push_str("<h2 id=\"labels\">Untranslated labels</h2>\n<p>Shown in the source locale as written in the content locale: they have no English counterpart.</p>\n");
    let mut ut = Table::new(
        "label-table",
        "Untranslated labels",
        &["File", "What", "Text"],
    );
    for u in labels {
        ut.row(
            false,
            &[
                Cell::Text(format!("<code>{}</code>", escape_html(&u.file))),
                Cell::Text(escape_html(&u.what)),
                Cell::Text(escape_html(&u.text)),
            ],
        );
    }
    h.push_str(&ut.finish());
    h
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
                "write-failed",
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
