//! The `tolk` command line: parses the arguments and hands over to [`cmd`]
//! (`build`, `check`, `serve`, `report`, `explain`, `new`, `completions`).

mod cmd;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use tolk::BuildOptions;

#[derive(Parser)]
#[command(
    name = "tolk",
    version,
    about = "Static sites from localized DocFX docsets: one tree per locale and environment.",
    after_help = "Examples:
  tolk new my-docs && tolk build my-docs --out _site
  tolk check path/to/docset            # the folder, its docfx.json, or a repository holding one
  tolk serve path/to/docset --open"
)]
struct Cli {
    /// Colours on standard error: auto (a terminal without NO_COLOR), always or never.
    #[arg(long, value_enum, default_value = "auto", global = true)]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// Grouped by code, a few per code, with source lines, on standard error.
    Human,
    /// One JSON object per diagnostic on standard output.
    Json,
    /// GitHub Actions workflow annotations (::warning file=…) on standard output.
    Github,
}

#[derive(clap::Args)]
struct Common {
    /// The docset: its folder, its docfx.json, or a folder holding one docset.
    #[arg(default_value = "content")]
    source: PathBuf,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Show errors only.
    #[arg(short, long)]
    quiet: bool,
    /// Show every diagnostic (by default at most 3 per code are shown, the rest counted).
    #[arg(short, long)]
    verbose: bool,
    /// Treat warnings as errors: exit 1 and (build) write no site when there are any.
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
    #[command(after_help = "Examples:
  tolk build                                  # content/ into _site/
  tolk build docs/docfx.json --out public     # DocFX habit: the docfx.json itself
  tolk build docs --locale nl-NL --env o365-worldwide --out slice   # one slice (CI matrix)
  tolk build docs --strict --format github    # CI: annotations, no site on warnings")]
    Build {
        #[command(flatten)]
        common: Common,
        /// Output folder.
        #[arg(long, default_value = "_site")]
        out: PathBuf,
        /// Also write the review report into DIR/_report/ (index.html, report.json).
        #[arg(long)]
        report: bool,
        /// Render every page, ignoring the build cache of the previous site
        /// (DIR/.tolk-cache); a new cache is still written.
        #[arg(long)]
        no_cache: bool,
    },
    /// Report every problem without writing a site.
    #[command(after_help = "Examples:
  tolk check docs                     # grouped by code, 3 per code, a summary table
  tolk check docs --verbose           # every diagnostic
  tolk check docs --format json | jq -r .code | sort | uniq -c
  tolk check docs --strict --format github   # in a GitHub workflow")]
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// Build into memory, serve over HTTP, rebuild on change and reload open pages.
    #[command(after_help = "Examples:
  tolk serve                          # content/ at http://127.0.0.1:8080/
  tolk serve docs --port 0 --open     # any free port, open a browser")]
    Serve {
        /// The docset: its folder, its docfx.json, or a folder holding one docset.
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
    /// Translation review report per docset, folder and page; counts problems as `check` does.
    #[command(after_help = "Examples:
  tolk report docs                    # _report.html
  tolk report docs --format json | jq .totals")]
    Report {
        /// The docset: its folder, its docfx.json, or a folder holding one docset.
        #[arg(default_value = "content")]
        source: PathBuf,
        /// Output file. Default: _report.html for html; stdout for json.
        #[arg(long)]
        out: Option<PathBuf>,
        /// html: a self-contained page; json: the figures.
        #[arg(long, value_enum, default_value = "html")]
        format: ReportFormat,
    },
    /// Create a small working bilingual docset in DIR (which must not exist or be empty).
    #[command(after_help = "Example:
  tolk new my-docs && tolk build my-docs --out my-docs-site")]
    New {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  tolk completions bash > ~/.local/share/bash-completion/completions/tolk
  tolk completions zsh > ~/.zfunc/_tolk
  tolk completions fish > ~/.config/fish/completions/tolk.fish")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// What a diagnostic code means and what to do about it (no CODE: list every code).
    #[command(after_help = "Examples:
  tolk explain link-broken
  tolk explain                 # every code")]
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
            strict: self.strict,
            no_cache: false,
        }
    }

    fn printing(&self, color: bool) -> cmd::build::Printing {
        cmd::build::Printing {
            format: match self.format {
                Format::Human => cmd::Format::Human,
                Format::Json => cmd::Format::Json,
                Format::Github => cmd::Format::Github,
            },
            quiet: self.quiet,
            verbose: self.verbose,
            strict: self.strict,
            color,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => cmd::auto_color(),
    };
    match cli.command {
        Command::Build {
            common,
            out,
            report,
            no_cache,
        } => cmd::build::run(
            BuildOptions {
                no_cache,
                ..common.options(Some(out), report)
            },
            &common.printing(color),
        ),
        Command::Check { common } => {
            cmd::build::run(common.options(None, false), &common.printing(color))
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
            cmd::report::run(&source, out, format, color)
        }
        Command::Serve {
            source,
            port,
            host,
            open,
        } => cmd::serve::run(source, host, port, open, color),
        Command::New { dir } => cmd::new::run(&dir),
        Command::Explain { code } => cmd::explain::run(code.as_deref()),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "tolk", &mut out);
            cmd::out::stdout(&String::from_utf8_lossy(&out));
            ExitCode::SUCCESS
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
