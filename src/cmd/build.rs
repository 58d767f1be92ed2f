//! `tolk build` and `tolk check`: find the docset, check `--locale` and
//! `--env` against its configuration before loading it, run the pipeline,
//! print the diagnostics (grouped by code, a few per code, a summary table;
//! or JSON, or GitHub annotations) and a summary; exit 1 on errors (or,
//! with `--strict`, on warnings, in which case no site is written).

use super::out::{stderr, stderr_line, stdout};
use super::{source, stderr_is_terminal, Format};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tolk::diagnostics::render::DEFAULT_PER_CODE;
use tolk::diagnostics::{
    summary_line, summary_table, to_json_line_with_path, Diagnostic, Renderer, Severity,
};
use tolk::{build, check_selection, BuildOptions, BuildResult};

/// How to print and judge the outcome.
pub struct Printing {
    pub format: Format,
    /// Errors only.
    pub quiet: bool,
    /// Every diagnostic, not only the first few of each code.
    pub verbose: bool,
    /// Warnings fail the command too.
    pub strict: bool,
    /// ANSI colours on standard error.
    pub color: bool,
}

/// The docset the argument names, or the exit code after saying why there
/// is none (several docsets, a file that is not a configuration).
pub fn docset_root(arg: &Path) -> Result<PathBuf, ExitCode> {
    match source::resolve(arg) {
        source::Resolved::Docset { root, note } => {
            if let Some(n) = note {
                stderr_line(&format!("note: {}", tolk::diagnostics::sanitize(&n)));
            }
            Ok(root)
        }
        source::Resolved::Several(list) => {
            let mut s = format!(
                "error: {} holds {} docsets; pass the one to use:\n",
                arg.display(),
                list.len()
            );
            for p in &list {
                s.push_str(&format!("  tolk build {}\n", p.display()));
            }
            stderr(&tolk::diagnostics::sanitize_lines(&s));
            Err(ExitCode::from(1))
        }
        source::Resolved::NotAConfig(p) => {
            stderr_line(&tolk::diagnostics::sanitize(&format!(
                "error: {} is a file, not a docset; pass the folder holding docfx.json (or tolk.yml), or the docfx.json itself",
                p.display()
            )));
            Err(ExitCode::from(1))
        }
    }
}

/// Build (`opts.out` set) or check a docset.
pub fn run(mut opts: BuildOptions, printing: &Printing) -> ExitCode {
    opts.source = match docset_root(&opts.source) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let early = check_selection(&opts);
    if !early.is_empty() {
        let diags: Vec<(Diagnostic, usize)> = early.into_iter().map(|d| (d, 1)).collect();
        print_diagnostics(&diags, &opts.source, printing);
        if printing.format == Format::Human {
            stderr_line(&summary_line(diags.len(), 0));
        }
        return ExitCode::from(1);
    }
    opts.progress = !printing.quiet && stderr_is_terminal() && printing.format == Format::Human;
    let result = build(&opts);
    let diags: Vec<(Diagnostic, usize)> = result
        .diagnostics
        .sorted()
        .into_iter()
        .filter(|(d, _)| !(printing.quiet && d.severity != Severity::Error))
        .collect();
    print_diagnostics(&diags, &result.root, printing);
    let errors = result.diagnostics.error_count();
    let warnings = result.diagnostics.warning_count();
    let failed = errors > 0 || (printing.strict && warnings > 0);
    if printing.format == Format::Human {
        if !printing.quiet {
            stderr(&summary_table(&diags));
            print_summary(&result, opts.out.is_none());
        }
        if opts.out.is_some() && failed && errors == 0 {
            stderr_line(&format!(
                "--strict: {} as errors, so the site was not written (the previous site, if any, is unchanged)",
                if warnings == 1 { "the warning counts" } else { "the warnings count" }
            ));
        }
        stderr_line(&summary_line(errors, warnings));
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(diags: &[(Diagnostic, usize)], root: &Path, printing: &Printing) {
    let mut r = Renderer::new(root, printing.color);
    match printing.format {
        Format::Json => {
            let mut s = String::new();
            for (d, n) in diags {
                s.push_str(&to_json_line_with_path(d, *n, &r.path_of(d)));
                s.push('\n');
            }
            stdout(&s);
        }
        Format::Github => {
            let mut s = String::new();
            for (d, n) in diags {
                s.push_str(&r.github(d, *n));
                s.push('\n');
            }
            stdout(&s);
        }
        Format::Human => {
            let per_code = (!printing.verbose).then_some(DEFAULT_PER_CODE);
            stderr(&r.grouped(diags, per_code));
        }
    }
}

/// What was built where (or checked), untranslated texts.
fn print_summary(result: &BuildResult, check: bool) {
    let mut s = String::new();
    if let Some(dir) = &result.written_to {
        s.push_str(&format!(
            "built {} pages into {} variants, {} files in {} ({:.2} s)\n",
            result.pages,
            result.variants.len(),
            result.files_written,
            dir.display(),
            result.seconds
        ));
        if result.pages_reused > 0 {
            s.push_str(&format!(
                "  incremental: {} pages rendered, {} taken from the build cache\n",
                result.pages_rendered, result.pages_reused
            ));
        }
        for (v, st) in &result.variants {
            s.push_str(&format!(
                "  {v}: {} pages, {:.1} MB, search index {:.2} MB\n",
                st.pages,
                st.bytes as f64 / 1e6,
                st.search_index_bytes as f64 / 1e6
            ));
        }
    } else if check {
        s.push_str(&format!(
            "checked {} pages in {:.2} s\n",
            result.pages, result.seconds
        ));
    } else if result.has_errors() {
        s.push_str("the site was not written: the previous site, if any, is unchanged\n");
    }
    if !result.untranslated.is_empty() {
        s.push_str(&format!(
            "{} texts have no English counterpart (shown as written in the source locale)\n",
            result.untranslated.len()
        ));
    }
    stderr(&tolk::diagnostics::sanitize_lines(&s));
}
