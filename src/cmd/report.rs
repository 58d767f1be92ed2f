//! `tolk report`: load the docset (nothing is rendered), compute the review
//! report and write it as HTML (a file) or JSON (standard output or a file).

use super::stderr_is_terminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tolk::diagnostics::{render_human, summary_line, Diagnostics};

/// The report's form.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// A self-contained page, `_report.html` unless `--out` says otherwise.
    Html,
    /// The figures, on standard output unless `--out` says otherwise.
    Json,
}

pub fn run(source: &Path, out: Option<PathBuf>, format: ReportFormat) -> ExitCode {
    let diags = Diagnostics::new();
    let Some(report) = tolk::report(source, &diags) else {
        let color = stderr_is_terminal();
        for (d, count) in diags.sorted() {
            eprint!("{}", render_human(&d, count, source, color));
        }
        eprintln!(
            "{}",
            summary_line(diags.error_count(), diags.warning_count())
        );
        return ExitCode::from(1);
    };
    let (text, default_out) = match format {
        ReportFormat::Html => (tolk::report::to_html(&report), Some("_report.html")),
        ReportFormat::Json => (tolk::report::to_json(&report), None),
    };
    match out.or(default_out.map(PathBuf::from)) {
        Some(path) => {
            if let Err(e) = tolk::write_file_outside_sources(&path, source, text.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(1);
            }
            let t = &report.totals;
            eprintln!(
                "report of {} pages, {} segments ({} untranslated) written to {}",
                t.pages,
                t.segments,
                t.untranslated,
                path.display()
            );
        }
        None => print!("{text}"),
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e + w > 0 {
        eprintln!("the docset has {e} errors and {w} warnings; `tolk check` lists them");
    }
    ExitCode::SUCCESS
}
