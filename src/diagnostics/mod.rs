//! Diagnostics: the one model for every problem tolk reports.
//!
//! Every stage produces [`Diagnostic`]s (a stable code, a severity, a file
//! relative to the docset root, a 1-based line and column, a message and an
//! optional hint). A [`Diagnostics`] collector gathers them from many threads,
//! removes duplicates, sorts them by file and line, and renders them either
//! like rustc (source line with a caret, via miette) or as JSON lines.
//! Every code is a [`Code`] of the registry in [`codes`].

pub mod codes;
pub mod render;
pub mod suggest;

pub use codes::Code;
pub use render::{sanitize, sanitize_lines, summary_table, Renderer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
pub use suggest::{did_you_mean, path_hint};

/// How serious a diagnostic is. An error makes `build` and `check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Information that needs no action (never fails a build, not even `--strict`).
    Note,
}

/// One located problem.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable code, serialized kebab-case, e.g. `include-not-found`.
    pub code: Code,
    pub severity: Severity,
    /// Path relative to the docset root, `/`-separated. Empty for the docset as a whole.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based column (in characters); 0 when unknown.
    pub column: u32,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: Code,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            file: file.into(),
            line,
            column,
            message: message.into(),
            hint: None,
        }
    }

    pub fn error(
        code: Code,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, file, line, column, message)
    }

    pub fn note(
        code: Code,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Note, code, file, line, column, message)
    }

    pub fn warning(
        code: Code,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, file, line, column, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A location-free finding produced by a pure scanner (span pairs, moniker
/// blocks, ranges). The caller knows the file and turns it into a
/// [`Diagnostic`] with [`Finding::in_file`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// 1-based line within the scanned text.
    pub line: u32,
    /// 1-based column (characters) within that line.
    pub column: u32,
    pub message: String,
    pub hint: Option<String>,
}

impl Finding {
    pub fn warning(code: Code, line: u32, column: u32, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: Severity::Warning,
            line,
            column,
            message: message.into(),
            hint: None,
        }
    }

    pub fn error(code: Code, line: u32, column: u32, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: Severity::Error,
            line,
            column,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Place the finding in `file`, shifting its line by `line_offset`
    /// (e.g. the number of front-matter lines before the scanned body).
    pub fn in_file(self, file: &str, line_offset: u32) -> Diagnostic {
        Diagnostic {
            code: self.code,
            severity: self.severity,
            file: file.to_string(),
            line: self.line + line_offset,
            column: self.column,
            message: self.message,
            hint: self.hint,
        }
    }
}

/// Thread-safe collector. Identical diagnostics are kept once, with a count
/// of how many times they were reported (e.g. one include used by many pages).
#[derive(Default)]
pub struct Diagnostics {
    inner: Mutex<BTreeMap<SortKey, (Diagnostic, usize)>>,
}

type SortKey = (String, u32, u32, Code, String);

fn key(d: &Diagnostic) -> SortKey {
    (d.file.clone(), d.line, d.column, d.code, d.message.clone())
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, d: Diagnostic) {
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(key(&d)).or_insert((d, 0)).1 += 1;
    }

    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        for d in ds {
            map.entry(key(&d)).or_insert((d, 0)).1 += 1;
        }
    }

    /// All diagnostics, sorted by file, line, column, code; each once, with
    /// the number of times it was reported.
    pub fn sorted(&self) -> Vec<(Diagnostic, usize)> {
        let map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        map.values().cloned().collect()
    }

    pub fn error_count(&self) -> usize {
        let map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        map.values().filter(|(d, _)| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        let map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        map.values()
            .filter(|(d, _)| d.severity == Severity::Warning)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
    }

    /// Count per code, for summaries and notes.
    pub fn counts_by_code(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for (d, _) in self.sorted() {
            *out.entry(d.code.name()).or_insert(0) += 1;
        }
        out
    }
}

/// `2 errors, 17 warnings`.
pub fn summary_line(errors: usize, warnings: usize) -> String {
    fn plural(n: usize, word: &str) -> String {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    }
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// Render one diagnostic as JSON (one line).
pub fn to_json_line(d: &Diagnostic, count: usize) -> String {
    json_line(d, count, None)
}

/// As [`to_json_line`], with `path`: the file as seen from the working
/// directory ([`Renderer::path_of`]) beside the docset-relative `file`.
pub fn to_json_line_with_path(d: &Diagnostic, count: usize, path: &str) -> String {
    json_line(d, count, Some(path).filter(|p| !p.is_empty()))
}

fn json_line(d: &Diagnostic, count: usize, path: Option<&str>) -> String {
    #[derive(Serialize)]
    struct J<'a> {
        #[serde(flatten)]
        d: &'a Diagnostic,
        #[serde(skip_serializing_if = "Option::is_none")]
        path: Option<&'a str>,
        #[serde(skip_serializing_if = "is_one")]
        occurrences: usize,
    }
    fn is_one(n: &usize) -> bool {
        *n <= 1
    }
    serde_json::to_string(&J {
        d,
        path,
        occurrences: count,
    })
    .unwrap_or_default()
}

/// Render one diagnostic for a terminal ([`Renderer::human`]); `root` is
/// the docset root the file is relative to. Printing many diagnostics: keep
/// one [`Renderer`], which reads each source file once.
pub fn render_human(d: &Diagnostic, count: usize, root: &Path, color: bool) -> String {
    Renderer::new(root, color).human(d, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_counted_once_and_sorted() {
        let c = Diagnostics::new();
        c.push(Diagnostic::warning(Code::LinkBroken, "z.md", 3, 1, "x"));
        c.push(Diagnostic::warning(Code::AlertUnknown, "a.md", 9, 1, "y"));
        c.push(Diagnostic::warning(Code::LinkBroken, "z.md", 3, 1, "x"));
        c.push(Diagnostic::error(Code::IncludeNotFound, "a.md", 2, 1, "z"));
        let s = c.sorted();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].0.line, 2);
        assert_eq!(s[1].0.line, 9);
        assert_eq!(s[2].1, 2);
        assert_eq!(c.error_count(), 1);
        assert_eq!(c.warning_count(), 2);
        assert_eq!(summary_line(1, 2), "1 error, 2 warnings");
    }

    #[test]
    fn json_line_has_the_fields() {
        let d = Diagnostic::error(Code::IncludeNotFound, "a/b.md", 4, 7, "missing");
        let j: serde_json::Value = serde_json::from_str(&to_json_line(&d, 1)).unwrap();
        assert_eq!(j["code"], "include-not-found");
        assert_eq!(j["severity"], "error");
        assert_eq!(j["file"], "a/b.md");
        assert_eq!(j["line"], 4);
        assert_eq!(j["column"], 7);
        assert_eq!(j["message"], "missing");
    }
}
