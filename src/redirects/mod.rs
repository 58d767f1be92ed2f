//! Redirections: `.openpublishing.redirection.json`.
//!
//! This module owns the redirection file of a repository: [`parse`] (in
//! `parse.rs`) reads it leniently (as DocFX's Newtonsoft reader does:
//! non-breaking spaces and other Unicode whitespace, a BOM, `//` and `/* */`
//! comments and trailing commas are accepted), keeping the line/column of
//! each entry; [`plan`] (in `plan.rs`) maps the entries onto one docset:
//! which old page gets a stub, and where it points (following chains).
//!
//! ## Diagnostics
//! - `redirection-parse-error` (error): not JSON even leniently; no entries.
//! - `redirection-invalid` (warning): an entry without `source_path` /
//!   `redirect_url`, with wrong types, with both `source_path` and
//!   `source_path_from_root`, or whose source is not a `.md`/`.yml` page;
//!   the entry is skipped.
//! - `redirected-file-not-removed` (warning): the source page still exists;
//!   the page is kept and no stub is planned.
//! - `redirection-conflict` (warning): a source redirected twice; the first wins.
//! - `circular-redirection` (warning): a chain that loops; no stub planned.

mod parse;
mod plan;

pub use parse::parse;
pub use plan::{plan, PlannedRedirect, RedirectTarget};

/// One entry of the redirection file.
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    /// as written (surrounding whitespace trimmed), repository-relative (e.g.
    /// "microsoft-365/admin/old.md"), or from `source_path_from_root` with its
    /// leading '/' removed
    pub source_path: String,
    /// as written (surrounding whitespace trimmed)
    pub redirect_url: String,
    pub redirect_document_id: bool,
    /// 1-based line of the entry's `{`
    pub line: u32,
    /// 1-based column (characters) of the entry's `{`
    pub column: u32,
}
