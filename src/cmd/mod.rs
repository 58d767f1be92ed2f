//! The commands of the `tolk` binary (`main.rs` parses the command line and
//! hands over here): each drives the library, prints what happened to
//! standard error (diagnostics, summaries) or the requested output to
//! standard output, and chooses the exit code.

pub mod build;
pub mod explain;
pub mod report;
pub mod serve;

use std::io::IsTerminal;

/// How diagnostics are printed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Like rustc: the source line with a caret, on standard error.
    Human,
    /// One JSON object per line on standard output.
    Json,
}

/// Whether standard error is a terminal (colours, progress bar).
fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}
