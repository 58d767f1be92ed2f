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

use crate::diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Find `.openpublishing.redirection.json`: in the docset folder, or in a
/// folder above it up to the root of the repository that encloses the
/// docset (the nearest folder holding `.git`, or the
/// `.openpublishing.publish.config.json` that marks a Learn docs repository,
/// whose root also holds the redirection file). Without an enclosing
/// repository only the docset folder is searched: a file in some unrelated
/// folder above must not redirect this site's pages. Returns the file and
/// the docset's folder relative to it ("microsoft-365/", or "").
pub fn find_file(root: &Path) -> Option<(PathBuf, String)> {
    let abs = root.canonicalize().ok()?;
    let repo_root = abs.ancestors().find(|d| {
        d.join(".git").exists() || d.join(".openpublishing.publish.config.json").is_file()
    });
    let search: Vec<&Path> = match repo_root {
        Some(repo) => abs
            .ancestors()
            .take_while(|d| d.starts_with(repo))
            .collect(),
        None => vec![abs.as_path()],
    };
    for dir in search {
        let f = dir.join(".openpublishing.redirection.json");
        if f.is_file() {
            let prefix = abs
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let prefix = if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            };
            return Some((f, prefix));
        }
    }
    None
}

/// Largest redirection file read (the corpus's is under 1 MB).
const MAX_REDIRECTION_FILE: u64 = 64 << 20;

/// The redirections of the docset at `root` planned onto its `pages`
/// (docset paths), with the diagnostics of reading and planning them, and
/// the (lower-cased) docset paths of every redirected source.
pub fn plan_for_docset(
    root: &Path,
    pages: &HashSet<String>,
) -> (Vec<PlannedRedirect>, HashSet<String>, Vec<Diagnostic>) {
    let Some((file, prefix)) = find_file(root) else {
        return (Vec::new(), HashSet::new(), Vec::new());
    };
    // Diagnostics name the file relative to the docset root.
    let shown = format!(
        "{}.openpublishing.redirection.json",
        "../".repeat(prefix.matches('/').count())
    );
    let read = std::fs::metadata(&file).and_then(|m| {
        if m.len() > MAX_REDIRECTION_FILE {
            Err(std::io::Error::other(format!(
                "it holds {} bytes, more than the {MAX_REDIRECTION_FILE} tolk reads",
                m.len()
            )))
        } else {
            std::fs::read(&file)
        }
    });
    let text = match read {
        Ok(t) => t,
        Err(e) => {
            return (
                Vec::new(),
                HashSet::new(),
                vec![Diagnostic::warning(
                    crate::diagnostics::Code::RedirectionUnreadable,
                    &shown,
                    0,
                    0,
                    format!("Cannot read {}: {e}", file.display()),
                )],
            )
        }
    };
    // Not UTF-8 text: an error at the offending byte, as for a JSON error.
    let text = match crate::text::decode_utf8(&shown, text) {
        Ok(t) => t,
        Err(d) => return (Vec::new(), HashSet::new(), vec![d]),
    };
    let (entries, mut diags) = parse(&shown, &text);
    let folder = prefix
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    let candidates: Vec<String> = if folder.is_empty() {
        Vec::new()
    } else {
        vec![format!("/{folder}/")]
    };
    let (planned, _skipped, d) = plan(&entries, &shown, &prefix, &candidates, pages);
    diags.extend(d);
    let lower_prefix = prefix.to_ascii_lowercase();
    let sources = entries
        .iter()
        .filter_map(|r| {
            let s = crate::paths::resolve("", &r.source_path)?.to_ascii_lowercase();
            s.strip_prefix(&lower_prefix).map(str::to_string)
        })
        .collect();
    (planned, sources, diags)
}

/// Where links to moved pages go: each redirected source (docset path,
/// lower-cased) → its final target; and the sources whose redirection leads
/// nowhere (a loop, a chain too long).
#[derive(Debug, Default)]
pub struct Moved {
    targets: HashMap<String, RedirectTarget>,
    dead_ends: HashSet<String>,
}

impl Moved {
    /// From a plan and every redirected source.
    pub fn new(planned: &[PlannedRedirect], sources: HashSet<String>) -> Moved {
        let targets: HashMap<String, RedirectTarget> = planned
            .iter()
            .map(|r| (r.from.to_ascii_lowercase(), r.to.clone()))
            .collect();
        let dead_ends = sources
            .into_iter()
            .filter(|s| !targets.contains_key(s))
            .collect();
        Moved { targets, dead_ends }
    }

    /// Where a link to the docset path `rel` goes when a redirection moved it.
    pub fn target(&self, rel: &str) -> Option<&RedirectTarget> {
        self.targets.get(&rel.to_ascii_lowercase())
    }

    /// Whether `rel` is redirected but its redirection leads nowhere.
    pub fn is_dead_end(&self, rel: &str) -> bool {
        self.dead_ends.contains(&rel.to_ascii_lowercase())
    }
}
