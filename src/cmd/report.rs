//! `tolk report`: load the docset, check it as `tolk check` does (every page
//! rendered into nothing, links verified) so that both count the same
//! problems, compute the review report and write it as HTML (a file) or
//! JSON (standard output or a file).

use super::build::docset_root;
use super::out::{stderr, stderr_line, stdout};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tolk::diagnostics::{summary_line, summary_table, Diagnostics, Renderer};

/// The report's form.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// A self-contained page, `_report.html` unless `--out` says otherwise.
    Html,
    /// The figures, on standard output unless `--out` says otherwise.
    Json,
}

pub fn run(source: &Path, out: Option<PathBuf>, format: ReportFormat, color: bool) -> ExitCode {
    let source = match docset_root(source) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let diags = Diagnostics::new();
    let Some(report) = tolk::report(&source, &diags) else {
        let mut r = Renderer::new(&source, color);
        stderr(&r.grouped(&diags.sorted(), None));
        stderr_line(&summary_line(diags.error_count(), diags.warning_count()));
        return ExitCode::from(1);
    };
    let (text, default_out) = match format {
        ReportFormat::Html => (tolk::report::to_html(&report), Some("_report.html")),
        ReportFormat::Json => (tolk::report::to_json(&report), None),
    };
    match out.or(default_out.map(PathBuf::from)) {
        Some(path) => {
            if let Err(e) = tolk::write_file_outside_sources(&path, &source, text.as_bytes()) {
                stderr_line(&format!("error: cannot write {}: {e}", path.display()));
                return ExitCode::from(1);
            }
            let t = &report.totals;
            stderr_line(&format!(
                "report of {} pages, {} segments ({} untranslated) written to {}",
                t.pages,
                t.segments,
                t.untranslated,
                path.display()
            ));
        }
        None => stdout(&text),
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e + w > 0 {
        stderr(&summary_table(&diags.sorted()));
        stderr_line(&format!(
            "the docset has {}; `tolk check` lists them",
            summary_line(e, w)
        ));
    }
    ExitCode::SUCCESS
}
