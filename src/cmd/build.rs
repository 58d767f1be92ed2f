//! `tolk build` and `tolk check`: run the pipeline, print the diagnostics
//! and a summary (pages, variants, files, time), exit 1 on errors (or, with
//! `--strict`, on warnings).

use super::{stderr_is_terminal, Format};
use std::process::ExitCode;
use tolk::diagnostics::{render_human, summary_line, to_json_line, Severity};
use tolk::{build, BuildOptions, BuildResult};

/// How to print and judge the outcome.
pub struct Printing {
    pub format: Format,
    /// Errors only.
    pub quiet: bool,
    /// Warnings fail the command too.
    pub strict: bool,
}

/// Build (`opts.out` set) or check a docset.
pub fn run(mut opts: BuildOptions, printing: &Printing) -> ExitCode {
    opts.progress = !printing.quiet && stderr_is_terminal() && printing.format == Format::Human;
    let result = build(&opts);
    print_diagnostics(&result, printing);
    let errors = result.diagnostics.error_count();
    let warnings = result.diagnostics.warning_count();
    if printing.format == Format::Human {
        if !printing.quiet {
            print_summary(&result, opts.out.is_none());
        }
        eprintln!("{}", summary_line(errors, warnings));
    }
    if errors > 0 || (printing.strict && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(result: &BuildResult, printing: &Printing) {
    let color = stderr_is_terminal();
    for (d, count) in result.diagnostics.sorted() {
        if printing.quiet && d.severity == Severity::Warning {
            continue;
        }
        match printing.format {
            Format::Json => println!("{}", to_json_line(&d, count)),
            Format::Human => eprint!("{}", render_human(&d, count, &result.root, color)),
        }
    }
}

/// Counts by code, what was built where (or checked), untranslated texts.
fn print_summary(result: &BuildResult, check: bool) {
    let counts = result.diagnostics.counts_by_code();
    if !counts.is_empty() {
        let list: Vec<String> = counts.iter().map(|(c, n)| format!("{c}: {n}")).collect();
        eprintln!("by code: {}", list.join(", "));
    }
    if let Some(dir) = &result.written_to {
        eprintln!(
            "built {} pages into {} variants, {} files in {} ({:.2} s)",
            result.pages,
            result.variants.len(),
            result.files_written,
            dir.display(),
            result.seconds
        );
        for (v, s) in &result.variants {
            eprintln!(
                "  {v}: {} pages, {:.1} MB, search index {:.2} MB",
                s.pages,
                s.bytes as f64 / 1e6,
                s.search_index_bytes as f64 / 1e6
            );
        }
    } else if check {
        eprintln!("checked {} pages in {:.2} s", result.pages, result.seconds);
    } else if result.has_errors() {
        eprintln!("the site was not written: the previous site, if any, is unchanged");
    }
    if !result.untranslated.is_empty() {
        eprintln!(
            "{} texts have no English counterpart (shown as written in the source locale)",
            result.untranslated.len()
        );
    }
}
