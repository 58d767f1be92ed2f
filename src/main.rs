//! The `tolk` command line: `build`, `check`, `serve`, `report`.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use tolk::diagnostics::{render_human, summary_line, to_json_line, Severity};
use tolk::pipeline::{build, BuildOptions, BuildResult};

#[derive(Parser)]
#[command(
    name = "tolk",
    version,
    about = "Static sites from localized DocFX docsets: one tree per locale and environment."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

#[derive(clap::Args)]
struct Common {
    /// The docset folder (the one holding docfx.json or tolk.yml).
    #[arg(default_value = "content")]
    source: PathBuf,
    /// How to print diagnostics: human (with source lines) or json (one object per line).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Show errors only.
    #[arg(short, long)]
    quiet: bool,
    /// Treat warnings as errors (exit 1 when there are any).
    #[arg(long)]
    strict: bool,
    /// Build only this locale (repeatable), e.g. --locale nl-NL.
    #[arg(long = "locale")]
    locales: Vec<String>,
    /// Build only this environment (repeatable), e.g. --env o365-germany.
    #[arg(long = "env")]
    envs: Vec<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the static site into DIR/<locale>/<environment>/.
    Build {
        #[command(flatten)]
        common: Common,
        /// Output folder.
        #[arg(long, default_value = "_site")]
        out: PathBuf,
        /// Also write the review report into DIR/_report/ (index.html, report.json).
        #[arg(long)]
        report: bool,
    },
    /// Report every problem without writing a site.
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// Build into memory, serve over HTTP, rebuild on change and reload open pages.
    Serve {
        /// The docset folder (the one holding docfx.json or tolk.yml).
        #[arg(default_value = "content")]
        source: PathBuf,
        /// Port to listen on (0: any free port; the URL is printed).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on (loopback unless you choose another).
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Translation review report per docset, folder and page (no page is rendered).
    Report {
        /// The docset folder (the one holding docfx.json or tolk.yml).
        #[arg(default_value = "content")]
        source: PathBuf,
        /// Output file. Default: _report.html for html; stdout for json.
        #[arg(long)]
        out: Option<PathBuf>,
        /// html: a self-contained page; json: the figures.
        #[arg(long, value_enum, default_value = "html")]
        format: ReportFormat,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ReportFormat {
    Html,
    Json,
}

fn run_report(source: PathBuf, out: Option<PathBuf>, format: ReportFormat) -> ExitCode {
    let opts = BuildOptions {
        source,
        ..BuildOptions::default()
    };
    let diags = tolk::diagnostics::Diagnostics::new();
    let color = std::io::stderr().is_terminal();
    let Some(site) = tolk::pipeline::load(&opts, &diags) else {
        for (d, count) in diags.sorted() {
            eprint!("{}", render_human(&d, count, &opts.source, color));
        }
        eprintln!(
            "{}",
            summary_line(diags.error_count(), diags.warning_count())
        );
        return ExitCode::from(1);
    };
    let report = tolk::report::compute(&site.docset, &site.nav);
    let (text, default_out) = match format {
        ReportFormat::Html => (tolk::report::to_html(&report), Some("_report.html")),
        ReportFormat::Json => (tolk::report::to_json(&report), None),
    };
    match out.or(default_out.map(PathBuf::from)) {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, text) {
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

fn report(result: &BuildResult, common: &Common) -> (usize, usize) {
    let color = std::io::stderr().is_terminal();
    let errors = result.diagnostics.error_count();
    let warnings = result.diagnostics.warning_count();
    for (d, count) in result.diagnostics.sorted() {
        if common.quiet && d.severity == Severity::Warning {
            continue;
        }
        match common.format {
            Format::Json => println!("{}", to_json_line(&d, count)),
            Format::Human => eprint!("{}", render_human(&d, count, &result.root, color)),
        }
    }
    (errors, warnings)
}

fn run(common: &Common, out: Option<PathBuf>, with_report: bool) -> ExitCode {
    let progress =
        !common.quiet && std::io::stderr().is_terminal() && common.format == Format::Human;
    let opts = BuildOptions {
        source: common.source.clone(),
        out,
        only_locales: common.locales.clone(),
        only_envs: common.envs.clone(),
        progress,
        report: with_report,
    };
    let result = build(&opts);
    let (errors, warnings) = report(&result, common);
    if common.format == Format::Human {
        if !common.quiet {
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
            } else if opts.out.is_none() {
                eprintln!("checked {} pages in {:.2} s", result.pages, result.seconds);
            } else if errors > 0 {
                eprintln!("the site was not written: the previous site, if any, is unchanged");
            }
            if !result.untranslated.is_empty() {
                eprintln!(
                    "{} texts have no English counterpart (shown as written in the source locale)",
                    result.untranslated.len()
                );
            }
        }
        eprintln!("{}", summary_line(errors, warnings));
    }
    if errors > 0 || (common.strict && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            common,
            out,
            report,
        } => run(&common, Some(out), report),
        Command::Check { common } => run(&common, None, false),
        Command::Report {
            source,
            out,
            format,
        } => run_report(source, out, format),
        Command::Serve {
            source,
            port,
            host,
            open,
        } => tolk::serve::run(&tolk::serve::ServeOptions {
            source,
            host,
            port,
            open,
        }),
    }
}
