//! The commands of the `tolk` binary (`main.rs` parses the command line and
//! hands over here): each drives the library, prints what happened to
//! standard error (diagnostics, summaries) or the requested output to
//! standard output, and chooses the exit code.

pub mod build;
pub mod explain;
pub mod new;
pub mod out;
pub mod report;
pub mod serve;
pub mod source;

use std::io::IsTerminal;

/// How diagnostics are printed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Grouped by code, with the source line and a caret, on standard error.
    Human,
    /// One JSON object per line on standard output.
    Json,
    /// GitHub Actions workflow commands on standard output.
    Github,
}

/// Whether standard error is a terminal (progress bar).
fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// `--color auto`: colours on a terminal, unless `NO_COLOR` is set to
/// anything but the empty string (<https://no-color.org>).
pub fn auto_color() -> bool {
    stderr_is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
