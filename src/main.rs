//! The `tolk` command line: parses the arguments and hands over to [`cmd`]
//! (`build`, `check`, `serve`, `report`, `explain`).

mod cmd;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use tolk::serve::ServeOptions;
use tolk::BuildOptions;

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
    /// What a diagnostic code means and what to do about it (no CODE: list every code).
    Explain {
        /// A code as diagnostics print it, e.g. link-broken.
        code: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ReportFormat {
    Html,
    Json,
}

impl Common {
    /// What to build (`out: None`: check).
    fn options(&self, out: Option<PathBuf>, report: bool) -> BuildOptions {
        BuildOptions {
            source: self.source.clone(),
            out,
            only_locales: self.locales.clone(),
            only_envs: self.envs.clone(),
            progress: false,
            report,
        }
    }

    fn printing(&self) -> cmd::build::Printing {
        cmd::build::Printing {
            format: match self.format {
                Format::Human => cmd::Format::Human,
                Format::Json => cmd::Format::Json,
            },
            quiet: self.quiet,
            strict: self.strict,
        }
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            common,
            out,
            report,
        } => cmd::build::run(common.options(Some(out), report), &common.printing()),
        Command::Check { common } => {
            cmd::build::run(common.options(None, false), &common.printing())
        }
        Command::Report {
            source,
            out,
            format,
        } => {
            let format = match format {
                ReportFormat::Html => cmd::report::ReportFormat::Html,
                ReportFormat::Json => cmd::report::ReportFormat::Json,
            };
            cmd::report::run(&source, out, format)
        }
        Command::Serve {
            source,
            port,
            host,
            open,
        } => cmd::serve::run(&ServeOptions { source, host, port }, open),
        Command::Explain { code } => cmd::explain::run(code.as_deref()),
    }
}
