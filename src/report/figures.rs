//! The figures of the review report (what `report.json` holds).

use crate::bilingual::PairStats;
use crate::docset::Untranslated;
use serde::Serialize;

/// Segment counts of one file or a sum of files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub segments: u64,
    pub untranslated: u64,
    pub malformed: u64,
    pub untranslatable_lines: u64,
}

impl Counts {
    pub(super) fn of(s: &PairStats) -> Counts {
        Counts {
            segments: s.pairs as u64,
            untranslated: s.identical as u64,
            malformed: s.malformed as u64,
            untranslatable_lines: s.untranslatable_lines as u64,
        }
    }

    pub(super) fn add(&mut self, o: &Counts) {
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
