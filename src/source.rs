//! Source files: walking the docset, reading files, splitting YAML front
//! matter, and the per-file analysis done exactly once (span pairs reduced to
//! sentinels, moniker blocks classified). Owns the [`SourceStore`].

use crate::bilingual::{self, PairStats};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::monikers::blocks::{self as moniker_blocks, BlockMap};
use crate::monikers::Catalog;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a composed line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineOrigin {
    /// Index into the composed page's files (`resolve::Composed::files`).
    pub file: u32,
    /// 1-based line in that file (front matter counted).
    pub line: u32,
}

/// Files larger than this are refused (a diagnostic, not an out-of-memory).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A Markdown file, analysed once.
#[derive(Debug)]
pub struct SourceFile {
    /// Docset-relative path, `/`-separated, with its real case.
    pub rel: String,
    /// Parsed front matter (a YAML mapping) or Null.
    pub front_matter: serde_yaml::Value,
    /// Number of lines before the body (front matter and its fences).
    pub body_line_offset: u32,
    /// The body with span pairs reduced to sentinels (line structure kept).
    pub body: String,
    pub pair_stats: PairStats,
    pub blocks: BlockMap,
    /// Problems found while reading this file (reported once per file).
    pub diagnostics: Vec<Diagnostic>,
    /// The first H1 of the body (ATX or setext), as written.
    pub first_h1: Option<String>,
    /// The body and blocks were let go after loading to bound memory (see
    /// [`PAGE_BODY_BUDGET`]); [`SourceStore::full`] reads the file again.
    pub released: bool,
}

impl SourceFile {
    pub fn meta_str(&self, key: &str) -> Option<&str> {
        self.front_matter.get(key).and_then(|v| v.as_str())
    }

    /// Lines of the body (split on '\n').
    pub fn body_lines(&self) -> std::str::Split<'_, char> {
        self.body.split('\n')
    }
}

/// What a docset file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A Markdown content page.
    Page,
    /// A `.yml` content file (landing page, hub, or other YAML).
    YamlPage,
    /// `toc.yml` / `TOC.md` (any case).
    Toc,
    /// A resource (image, PDF …) listed in `build.resource`.
    Resource,
    /// Any other Markdown file (includes, excluded files): readable, not published.
    OtherMarkdown,
}

/// Every file of the docset that tolk reads, keyed by docset-relative path.
pub struct SourceStore {
    pub markdown: HashMap<String, Arc<SourceFile>>,
    /// Lower-cased path → real path, for case-insensitive lookups.
    pub by_lower: HashMap<String, String>,
    pub kinds: Vec<(String, FileKind)>,
    /// What reading a file again needs (docset root, moniker catalog).
    root: PathBuf,
    catalog: Catalog,
    /// Pages whose body was released and could not be read again (deleted
    /// or changed during the build), by path: see [`SourceStore::take_reread_failures`].
    reread_failures: std::sync::Mutex<std::collections::BTreeMap<String, Diagnostic>>,
}

/// Page files kept in memory after loading, in bytes, summed over pages: a
/// docset within it renders from memory; a larger one lets each page body go
/// as soon as the page is loaded and reads the page again when it renders
/// it, so memory does not grow with the size of the docset's text. (The
/// corpus holds about 35 MB of pages; includes always stay.)
pub const PAGE_BODY_BUDGET: u64 = 96 * 1024 * 1024;

impl SourceStore {
    pub fn get(&self, rel: &str) -> Option<&Arc<SourceFile>> {
        self.markdown.get(rel)
    }

    /// The file with its body: the stored one, or, if its body was released,
    /// the file read again (its diagnostics were reported when it loaded).
    /// Should reading it again fail (the page was deleted or changed during
    /// the build), the failure is kept for [`SourceStore::take_reread_failures`]:
    /// the page must not be published with an empty article.
    pub fn full(&self, file: &Arc<SourceFile>) -> Arc<SourceFile> {
        if !file.released {
            return file.clone();
        }
        let (mut again, failed) = read_markdown_checked(&self.root, &self.catalog, &file.rel);
        again.diagnostics.clear();
        if let Some(mut d) = failed {
            d.message = format!(
                "{} The page was read when the build started and again to render it (tolk re-reads pages to bound memory); it was deleted or changed in between.",
                d.message
            );
            d.hint = Some("Do not change the docset while tolk builds it; build again.".into());
            self.reread_failures
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry(file.rel.clone())
                .or_insert(d);
        }
        Arc::new(again)
    }

    /// Pages that could not be read again to render them (errors, one per
    /// page, by path); taken once.
    pub fn take_reread_failures(&self) -> Vec<Diagnostic> {
        std::mem::take(
            &mut *self
                .reread_failures
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        )
        .into_values()
        .collect()
    }

    /// Real path of a file whose case may differ.
    pub fn real_case(&self, rel: &str) -> Option<&str> {
        self.by_lower.get(&rel.to_lowercase()).map(String::as_str)
    }
}

pub fn is_toc_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "toc.yml" || n == "toc.md" || n == "toc.yaml"
}

/// Walk the docset and classify every file. `skip` is a folder (the output)
/// never to enter.
pub fn walk(config: &Config, skip: &[&Path]) -> (Vec<(String, FileKind)>, Vec<Diagnostic>) {
    let root = &config.root;
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.clone());
    let skip: Vec<_> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            if e.depth() > 0 && (name.starts_with('.') || name == "obj" || name == "_themes") {
                return false;
            }
            if e.file_type().is_dir() {
                if let Ok(c) = e.path().canonicalize() {
                    if skip.contains(&c) {
                        return false;
                    }
                }
            }
            true
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(unreadable_in_walk(root, &e));
                continue;
            }
        };
        let rel = match entry.path().strip_prefix(root) {
            Ok(r) => match rel_string(r) {
                Ok(rel) => rel,
                Err(lossy) => {
                    diags.push(
                        Diagnostic::error(
                            Code::FileUnreadable,
                            lossy,
                            0,
                            0,
                            "This name is not valid UTF-8: tolk cannot name it in a link, a URL or a message, so it is not read.",
                        )
                        .with_hint("Rename it with UTF-8 characters."),
                    );
                    continue;
                }
            },
            Err(_) => continue,
        };
        if rel.is_empty() {
            continue;
        }
        let ft = entry.file_type();
        if ft.is_symlink() {
            // A link may only point inside the docset.
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&canon_root) => {
                    if target.is_dir() {
                        continue;
                    }
                    if !target.is_file() {
                        // A pipe or device would block the build or never end.
                        diags.push(
                            Diagnostic::error(
                                Code::FileUnreadable,
                                rel.clone(),
                                0,
                                0,
                                "This symbolic link points to a pipe or device, not a file; tolk does not read it.",
                            )
                            .with_hint("Point the link at a regular file, or remove it."),
                        );
                        continue;
                    }
                }
                _ => {
                    diags.push(
                        Diagnostic::error(
                            Code::SymlinkOutsideDocset,
                            rel.clone(),
                            0,
                            0,
                            "This symbolic link points outside the docset (or nowhere); tolk does not follow it.",
                        )
                        .with_hint("Copy the file into the docset, or remove the link."),
                    );
                    continue;
                }
            }
        } else if !ft.is_file() {
            continue;
        }
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let lower = name.to_ascii_lowercase();
        let kind = if is_toc_name(name) {
            FileKind::Toc
        } else if lower.ends_with(".md") || lower.ends_with(".markdown") {
            if config.content_entry(&rel).is_some() {
                FileKind::Page
            } else {
                FileKind::OtherMarkdown
            }
        } else if lower.ends_with(".yml") || lower.ends_with(".yaml") {
            if config.content_entry(&rel).is_some() {
                FileKind::YamlPage
            } else {
                continue;
            }
        } else if config.is_resource(&rel) {
            FileKind::Resource
        } else {
            continue;
        };
        out.push((rel, kind));
    }
    (out, diags)
}

/// A docset-relative path as tolk names it, `/`-separated (a backslash is a
/// separator only on Windows: elsewhere it is part of the name, and
/// replacing it would name a file that does not exist). `Err` with a lossy
/// rendering when the name is not UTF-8.
fn rel_string(rel: &Path) -> Result<String, String> {
    match rel.to_str() {
        Some(s) if cfg!(windows) => Ok(s.replace('\\', "/")),
        Some(s) => Ok(s.to_string()),
        None => Err(rel.to_string_lossy().into_owned()),
    }
}

/// A folder (or file) the walk cannot read: an error, since everything in
/// it would be missing from the site, and a smaller site must not replace
/// the previous one without a word.
fn unreadable_in_walk(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e.path();
    let rel = path
        .and_then(|p| p.strip_prefix(root).ok())
        .map(|p| match rel_string(p) {
            Ok(r) | Err(r) => r,
        })
        .unwrap_or_default();
    let reason = e
        .io_error()
        .map_or_else(|| e.to_string(), ToString::to_string);
    // The walk fails on folders it cannot open or list (whose type may not
    // even be known: a path too long to name); anything known not to be a
    // folder is called a file.
    let folder = !path.is_some_and(|p| std::fs::symlink_metadata(p).is_ok_and(|m| !m.is_dir()));
    let (what, hint) = if folder {
        (
            "folder",
            "Make the folder readable for the user running tolk (e.g. `chmod -R u+rX` on it), or move it out of the docset.",
        )
    } else {
        (
            "file",
            "Make the file readable for the user running tolk, or move it out of the docset.",
        )
    };
    Diagnostic::error(
        Code::FileUnreadable,
        rel.clone(),
        0,
        0,
        format!(
            "Cannot read the {what} '{}': {reason}. Its pages would be missing from the site, so no site is written.",
            if rel.is_empty() { "." } else { &rel }
        ),
    )
    .with_hint(hint)
}

/// Read and analyse every Markdown file (pages, TOC.md files, includes) in
/// parallel. When the content pages together exceed `budget` bytes, each
/// page keeps only what is known of it without its body (see
/// [`PAGE_BODY_BUDGET`]).
pub fn load(
    config: &Config,
    kinds: Vec<(String, FileKind)>,
    budget: u64,
) -> (SourceStore, Vec<Diagnostic>) {
    let page_bytes: u64 = kinds
        .par_iter()
        .filter(|(_, k)| *k == FileKind::Page)
        .filter_map(|(rel, _)| std::fs::metadata(config.root.join(rel)).ok())
        .map(|m| m.len())
        .sum();
    let release = page_bytes > budget;
    let md: Vec<&(String, FileKind)> = kinds
        .iter()
        .filter(|(rel, k)| {
            matches!(k, FileKind::Page | FileKind::OtherMarkdown)
                || (*k == FileKind::Toc && rel.to_ascii_lowercase().ends_with(".md"))
        })
        .collect();
    let files: Vec<SourceFile> = md
        .par_iter()
        .map(|(rel, kind)| {
            let mut f = read_markdown(config, rel);
            if release && *kind == FileKind::Page {
                f.body = String::new();
                f.blocks = BlockMap::default();
                f.released = true;
            }
            f
        })
        .collect();
    let mut diags = Vec::new();
    let mut markdown = HashMap::with_capacity(files.len());
    for f in files {
        diags.extend(f.diagnostics.iter().cloned());
        markdown.insert(f.rel.clone(), Arc::new(f));
    }
    let mut by_lower = HashMap::with_capacity(kinds.len());
    for (rel, _) in &kinds {
        by_lower.insert(rel.to_lowercase(), rel.clone());
    }
    (
        SourceStore {
            markdown,
            by_lower,
            kinds,
            root: config.root.clone(),
            catalog: config.catalog.clone(),
            reread_failures: Default::default(),
        },
        diags,
    )
}

/// Read one file as UTF-8 text, with a located error if it is not.
pub fn read_text(root: &Path, rel: &str) -> Result<String, Diagnostic> {
    let path = root.join(rel);
    let meta = std::fs::metadata(&path).map_err(|e| {
        Diagnostic::error(
            Code::FileUnreadable,
            rel,
            0,
            0,
            format!("Cannot read this file: {e}"),
        )
    })?;
    // A FIFO or device would block or never end: only regular files are read.
    if !meta.is_file() {
        return Err(Diagnostic::error(
            Code::FileUnreadable,
            rel,
            0,
            0,
            "Cannot read this file: it is not a regular file (a folder, pipe or device).",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Code::FileTooLarge,
            rel,
            0,
            0,
            format!(
                "This file is {} MB; tolk reads Markdown files of at most {} MB.",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(
            Code::FileUnreadable,
            rel,
            0,
            0,
            format!("Cannot read this file: {e}"),
        )
    })?;
    crate::text::decode_utf8(rel, bytes)
}

/// Split `---` YAML front matter off a text. Returns (yaml text, yaml first
/// line (1-based), body, lines before body). No front matter: ("", 0, text, 0).
pub fn split_front_matter(text: &str) -> (&str, u32, &str, u32) {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return ("", 0, text, 0);
    }
    let mut pos = first_end + 1;
    let mut line = 1u32;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        line += 1;
        let l = text[pos..end].trim_end();
        if l == "---" || l == "..." {
            let body_start = (end + 1).min(text.len());
            return (&text[first_end + 1..pos], 2, &text[body_start..], line);
        }
        if end >= text.len() {
            break;
        }
        pos = end + 1;
    }
    // Unterminated front matter: treat the whole file as body (reported by the caller).
    ("", 0, text, 0)
}

/// Read and analyse one Markdown file (also used by `tolk serve` for a changed file).
pub fn read_markdown(config: &Config, rel: &str) -> SourceFile {
    read_markdown_at(&config.root, &config.catalog, rel)
}

/// [`read_markdown_at`], and the reason when the file could not be read as
/// text (that diagnostic is also among the file's).
fn read_markdown_checked(
    root: &Path,
    catalog: &Catalog,
    rel: &str,
) -> (SourceFile, Option<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut failed = None;
    let text = match read_text(root, rel) {
        Ok(t) => t,
        Err(d) => {
            failed = Some(d.clone());
            diagnostics.push(d);
            String::new()
        }
    };
    (analyse(rel, text, catalog, diagnostics), failed)
}

fn read_markdown_at(root: &Path, catalog: &Catalog, rel: &str) -> SourceFile {
    read_markdown_checked(root, catalog, rel).0
}

/// Analyse a Markdown file's text (front matter, span pairs, moniker blocks).
fn analyse(
    rel: &str,
    text: String,
    catalog: &Catalog,
    mut diagnostics: Vec<Diagnostic>,
) -> SourceFile {
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    let (yaml, yaml_line, body, offset) = split_front_matter(&text);
    if yaml_line == 0
        && text.starts_with("---")
        && text.lines().next().map(str::trim_end) == Some("---")
    {
        diagnostics.push(
            Diagnostic::error(
                Code::FrontMatterUnterminated,
                rel,
                1,
                1,
                "The front matter opened here is never closed with a '---' line.",
            )
            .with_hint("Add a line with only '---' after the last metadata line."),
        );
    }
    let front_matter = if yaml.trim().is_empty() {
        serde_yaml::Value::Null
    } else {
        match serde_yaml::from_str::<serde_yaml::Value>(yaml) {
            Ok(v @ serde_yaml::Value::Mapping(_)) => v,
            Ok(serde_yaml::Value::Null) => serde_yaml::Value::Null,
            Ok(_) => {
                diagnostics.push(Diagnostic::error(
                    Code::FrontMatterInvalid,
                    rel,
                    yaml_line,
                    1,
                    "Front matter must be a YAML mapping of keys to values.",
                ));
                serde_yaml::Value::Null
            }
            Err(e) => {
                let (l, c) = e
                    .location()
                    .map(|l| (l.line() as u32, l.column() as u32))
                    .unwrap_or((1, 1));
                diagnostics.push(
                    Diagnostic::error(
                        Code::FrontMatterInvalid,
                        rel,
                        yaml_line + l.saturating_sub(1),
                        c,
                        format!("Front matter is not valid YAML: {}", yaml_error_text(&e)),
                    )
                    .with_hint("Quote values that contain ': ' or start with a special character."),
                );
                serde_yaml::Value::Null
            }
        }
    };
    let scan = bilingual::scan(body);
    let first_h1 = H1_LINE
        .captures(&scan.text)
        .and_then(|c| c.get(1).or(c.get(2)))
        .map(|m| m.as_str().to_string());
    let (blocks, findings) = moniker_blocks::analyze(&scan.text, catalog);
    push_capped(
        &mut diagnostics,
        scan.findings.into_iter().chain(findings),
        rel,
        offset,
    );
    SourceFile {
        rel: rel.to_string(),
        front_matter,
        body_line_offset: offset,
        body: scan.text,
        pair_stats: scan.stats,
        blocks,
        diagnostics,
        first_h1,
        released: false,
    }
}

/// The first H1 of a body: ATX (`# Title`) or setext (`Title` over `===`).
static H1_LINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?m)^ {0,3}#[ \t]+(.+?)[ \t#]*$|^ {0,3}(\S[^\n]*)\n {0,3}=+[ \t]*$")
        .expect("valid regex")
});

/// Findings of one file, at most [`MAX_FINDINGS_PER_CODE`] of each code; the
/// rest is summed up in one more diagnostic so a pathological file cannot
/// drown every other message.
pub const MAX_FINDINGS_PER_CODE: usize = 50;

fn push_capped(
    out: &mut Vec<Diagnostic>,
    findings: impl Iterator<Item = crate::diagnostics::Finding>,
    rel: &str,
    offset: u32,
) {
    let mut counts: std::collections::BTreeMap<Code, (usize, crate::diagnostics::Severity)> =
        std::collections::BTreeMap::new();
    for f in findings {
        let c = counts.entry(f.code).or_insert((0, f.severity));
        c.0 += 1;
        if c.0 <= MAX_FINDINGS_PER_CODE {
            out.push(f.in_file(rel, offset));
        }
    }
    for (code, (n, severity)) in counts {
        if n > MAX_FINDINGS_PER_CODE {
            out.push(Diagnostic::new(
                severity,
                code,
                rel,
                0,
                0,
                format!("… and {} more '{code}' problems in this file (only the first {MAX_FINDINGS_PER_CODE} are listed).", n - MAX_FINDINGS_PER_CODE),
            ));
        }
    }
}

fn yaml_error_text(e: &serde_yaml::Error) -> String {
    let s = e.to_string();
    // serde_yaml appends " at line X column Y"; the diagnostic already says where.
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_with_line_offsets() {
        let t = "---\ntitle: x\n---\n# H\n";
        let (y, yl, body, off) = split_front_matter(t);
        assert_eq!(y, "title: x\n");
        assert_eq!(yl, 2);
        assert_eq!(body, "# H\n");
        assert_eq!(off, 3);
        let (y, _, body, off) = split_front_matter("# no fm\n");
        assert_eq!(y, "");
        assert_eq!(body, "# no fm\n");
        assert_eq!(off, 0);
    }

    #[test]
    fn front_matter_only_file_has_empty_body() {
        let (y, _, body, off) = split_front_matter("---\na: 1\n---");
        assert_eq!(y, "a: 1\n");
        assert_eq!(body, "");
        assert_eq!(off, 3);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let d = crate::text::decode_utf8("a.md", b"ok\nab\xffc".to_vec()).unwrap_err();
        assert_eq!(d.code, "file-not-utf8");
        assert_eq!((d.line, d.column), (2, 3));
        let d = crate::text::decode_utf8("b.md", b"x\0".to_vec()).unwrap_err();
        assert_eq!(d.code, "file-not-text");
    }
}
