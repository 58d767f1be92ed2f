//! `[!INCLUDE [title](path)]` expansion, block and inline, with moniker
//! blocks of included files evaluated for the including page, relative
//! links rebased to the docset root (`~/…`), and missing targets, cycles,
//! excessive depth and paths leaving the docset reported.

use super::{Builder, LineOrigin, PageContext};
use crate::diagnostics::{Code, Diagnostic};
use crate::fence::{FenceLine, FenceTracker};
use crate::monikers::blocks::LineClass;
use crate::paths;
use crate::source::SourceFile;
use regex::Regex;
use std::borrow::Cow;
use std::sync::Arc;
use std::sync::LazyLock;

/// Deepest include chain tolk follows.
pub const MAX_INCLUDE_DEPTH: usize = 128;

/// Largest page text, in bytes, that include expansion builds: a few files
/// that each include the next twice would otherwise grow a page
/// exponentially (21 tiny files: 25 MB).
pub const MAX_EXPANDED_BYTES: usize = 4 << 20;
/// Most include directives expanded for one page (empty files included
/// many times over cost time without adding bytes).
pub const MAX_EXPANSIONS: usize = 20_000;

#[derive(Default)]
pub(crate) struct State {
    /// Inclusion stack (docset-relative paths), the page first.
    stack: Vec<String>,
    pub used: Vec<String>,
    pub varies: bool,
    /// Bytes of expanded text so far (inline includes count twice: an
    /// upper bound is enough).
    bytes: usize,
    /// Include directives expanded so far.
    expansions: usize,
    /// The size limit was hit (reported once; no further include expanded).
    over: bool,
}

/// One include directive found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Byte range of the whole directive in the line.
    pub start: usize,
    pub end: usize,
    /// The target path as written (unescaped).
    pub path: String,
}

/// Find every include directive in a line.
pub fn find_directives(line: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(rel) = find_ci(&line[from..], "[!include") {
        let start = from + rel;
        match parse_directive(line, start) {
            Some((end, path)) => {
                out.push(Directive { start, end, path });
                from = end;
            }
            None => from = start + 1,
        }
        if from >= bytes.len() {
            break;
        }
    }
    out
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

/// Parse a directive starting at `start` (at `[!include`). Returns its end and path.
fn parse_directive(line: &str, start: usize) -> Option<(usize, String)> {
    let b = line.as_bytes();
    let mut i = start + "[!include".len();
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    if i >= b.len() || b[i] != b'[' {
        return None;
    }
    i += 1;
    // Title: up to an unescaped ']' (nested brackets balanced).
    let mut depth = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => depth += 1,
            b']' if depth == 0 => break,
            b']' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    if i >= b.len() {
        return None;
    }
    i += 1; // ']'
    if i >= b.len() || b[i] != b'(' {
        return None;
    }
    i += 1;
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    let mut path = String::new();
    if i < b.len() && b[i] == b'<' {
        let close = line[i..].find('>')? + i;
        path.push_str(&line[i + 1..close]);
        i = close + 1;
    } else {
        let mut parens = 0;
        let start_path = i;
        while i < b.len() {
            match b[i] {
                b'\\' if i + 1 < b.len() => {
                    i += 2;
                    continue;
                }
                b'(' => parens += 1,
                b')' if parens == 0 => break,
                b')' => parens -= 1,
                b' ' | b'\t' => break,
                _ => {}
            }
            i += 1;
        }
        let raw = &line[start_path..i.min(line.len())];
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(&n) = chars.peek() {
                    if n.is_ascii_punctuation() {
                        path.push(n);
                        chars.next();
                        continue;
                    }
                }
            }
            path.push(c);
        }
    }
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
        let q = b[i];
        i += 1;
        while i < b.len() && b[i] != q {
            i += 1;
        }
        i += 1;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
    }
    if i >= b.len() || b[i] != b')' {
        return None;
    }
    i += 1;
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    if i >= b.len() || b[i] != b']' {
        return None;
    }
    Some((i + 1, path))
}

/// Container prefix of a block directive line: leading spaces, `>` markers
/// and at most one list marker. `None` when the line holds more than the
/// directive (then it is an inline include).
fn block_prefix<'a>(line: &'a str, d: &Directive) -> Option<&'a str> {
    if !line[d.end..].trim().is_empty() {
        return None;
    }
    let prefix = &line[..d.start];
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?$").unwrap()
    });
    if PREFIX.is_match(prefix) {
        Some(prefix)
    } else {
        None
    }
}

/// The prefix for continuation lines: list markers become spaces.
fn continuation_prefix(prefix: &str) -> String {
    static MARKER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:[-*+]|\d{1,9}[.)])([ \t]+)$").unwrap());
    match MARKER.find(prefix) {
        Some(m) => {
            let mut s = prefix[..m.start()].to_string();
            s.push_str(&" ".repeat(m.as_str().chars().count()));
            s
        }
        None => prefix.to_string(),
    }
}

/// Emit `file`'s lines (moniker-filtered for the page's environment) into the
/// builder, expanding includes recursively.
pub(crate) fn emit_file(
    ctx: &PageContext,
    file: &Arc<SourceFile>,
    b: &mut Builder,
    state: &mut State,
    diags: &mut Vec<Diagnostic>,
) {
    emit_with_prefix(ctx, file, "", "", b, state, diags);
}

fn emit_with_prefix(
    ctx: &PageContext,
    file: &Arc<SourceFile>,
    first_prefix: &str,
    rest_prefix: &str,
    b: &mut Builder,
    state: &mut State,
    diags: &mut Vec<Diagnostic>,
) {
    state.stack.push(file.rel.clone());
    let fidx = b.file_index(&file.rel);
    let is_page = Arc::ptr_eq(file, ctx.page);
    if file.blocks.has_blocks() {
        state.varies = true;
        check_blocks_reach_page(ctx, file, diags);
    }
    let file_dir = paths::dir_of(&file.rel).to_string();
    let rebase = !is_page && file_dir != paths::dir_of(&ctx.page.rel);
    let mut first = true;
    let mut fences = FenceTracker::default();
    for (i, line) in file.body_lines().enumerate() {
        if !file.blocks.keep(i, ctx.env) {
            // A moniker line is a block of its own in DocFX: it ends the
            // paragraph before it (an HTML comment does the same here, and
            // is never published).
            if file.blocks.lines.get(i) == Some(&LineClass::Marker)
                && b.lines
                    .last()
                    .is_some_and(|(l, _)| !l.trim_matches([' ', '\t', '>']).is_empty())
            {
                let indent = &line[..line.len() - line.trim_start_matches([' ', '\t', '>']).len()];
                let origin = LineOrigin {
                    file: fidx,
                    line: file.body_line_offset + i as u32 + 1,
                };
                let p = if first { first_prefix } else { rest_prefix };
                b.lines.push((format!("{p}{indent}<!-- -->"), origin));
            }
            continue;
        }
        // Inside fenced code an include directive is literal text, as in DocFX.
        let in_code = fences.line(line) != FenceLine::Text;
        let origin = LineOrigin {
            file: fidx,
            line: file.body_line_offset + i as u32 + 1,
        };
        let prefix = if first { first_prefix } else { rest_prefix };
        first = false;
        let directives = if !in_code && line.len() >= 10 && has_include(line) {
            find_directives(line)
        } else {
            Vec::new()
        };
        if directives.len() == 1 {
            if let Some(bp) = block_prefix(line, &directives[0]) {
                let d = &directives[0];
                let col = line[..d.start].chars().count() as u32 + 1;
                if let Some(target) =
                    resolve_target(ctx, file, &d.path, origin.line, col, state, diags)
                {
                    let first_p = format!("{prefix}{bp}");
                    let rest_p = format!("{rest_prefix}{}", continuation_prefix(bp));
                    let before = b.lines.len();
                    emit_with_prefix(ctx, &target, &first_p, &rest_p, b, state, diags);
                    if b.lines.len() == before && !bp.trim().is_empty() {
                        // Keep the container (e.g. a list item) even if the include is empty.
                        b.lines.push((first_p.trim_end().to_string(), origin));
                    }
                }
                continue;
            }
        }
        let mut text: Cow<str> = Cow::Borrowed(line);
        if !directives.is_empty() {
            let mut s = String::with_capacity(line.len());
            let mut last = 0;
            for d in &directives {
                s.push_str(&line[last..d.start]);
                let col = line[..d.start].chars().count() as u32 + 1;
                if let Some(target) =
                    resolve_target(ctx, file, &d.path, origin.line, col, state, diags)
                {
                    s.push_str(&inline_text(ctx, &target, state, diags));
                }
                last = d.end;
            }
            s.push_str(&line[last..]);
            text = Cow::Owned(s);
        }
        if rebase {
            if let Cow::Owned(r) = rebase_links(&text, &file_dir) {
                text = Cow::Owned(r);
            }
        }
        let mut out = String::with_capacity(prefix.len() + text.len());
        if text.trim().is_empty() {
            // Blank lines keep only blockquote markers (a blank line ends paragraphs).
            out.push_str(prefix.trim_end_matches(|c: char| c != '>'));
        } else {
            out.push_str(prefix);
        }
        out.push_str(&text);
        state.bytes += out.len() + 1;
        b.lines.push((out, origin));
    }
    state.stack.pop();
}

/// Built once: `memmem::find` would build a searcher for every line.
static BANG_BRACKET: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"[!"));

fn has_include(line: &str) -> bool {
    BANG_BRACKET.find(line.as_bytes()).is_some() && find_ci(line, "[!include").is_some()
}

/// Inline form: the included file's text on one line (paragraphs joined by a space).
fn inline_text(
    ctx: &PageContext,
    file: &Arc<SourceFile>,
    state: &mut State,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let mut b = Builder {
        lines: Vec::new(),
        files: Vec::new(),
    };
    emit_with_prefix(ctx, file, "", "", &mut b, state, diags);
    let mut out = String::new();
    for (l, origin) in b.lines {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        // Block-only syntax (`::: zone`, `:::row:::`…) cannot live inside a sentence.
        static BLOCK_LINE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^[ \t>]*:{3,}\s*[A-Za-z]").unwrap());
        if BLOCK_LINE.is_match(t)
            && !t
                .trim_start_matches(['>', ' '])
                .to_ascii_lowercase()
                .starts_with(":::image")
        {
            let f = b
                .files
                .get(origin.file as usize)
                .cloned()
                .unwrap_or_default();
            diags.push(
                Diagnostic::warning(
                    Code::TripleColonMisplaced,
                    f,
                    origin.line,
                    1,
                    "This block (':::' syntax) is in a file included inline, inside a sentence, where blocks cannot be; it was left out.",
                )
                .with_hint("Include the file on a line of its own ([!INCLUDE …] alone) to keep its blocks."),
            );
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t);
    }
    // Inline content is in the including file's folder context: rebase.
    let dir = paths::dir_of(&file.rel);
    match rebase_links(&out, dir) {
        Cow::Owned(s) => s,
        Cow::Borrowed(_) => out,
    }
}

fn resolve_target(
    ctx: &PageContext,
    from: &SourceFile,
    raw: &str,
    line: u32,
    col: u32,
    state: &mut State,
    diags: &mut Vec<Diagnostic>,
) -> Option<Arc<SourceFile>> {
    let raw = raw.trim();
    let decoded = paths::percent_decode(raw);
    let (path_part, _, _) = paths::split_url(&decoded);
    if paths::is_external(path_part) && !path_part.starts_with('/') {
        diags.push(Diagnostic::warning(
            Code::IncludeInvalid,
            &from.rel,
            line,
            col,
            format!("'{raw}' is a URL; only files of the docset can be included."),
        ));
        return None;
    }
    let path_part = path_part
        .strip_prefix('/')
        .map_or(path_part.to_string(), |p| format!("~/{p}"));
    let Some(target) = paths::resolve(paths::dir_of(&from.rel), &path_part) else {
        diags.push(
            Diagnostic::error(
                Code::IncludeOutsideDocset,
                &from.rel,
                line,
                col,
                format!("Include '{raw}' points outside the docset; tolk only includes files under the docset root."),
            )
            .with_hint("Move the file into the docset, or use a path that stays inside it."),
        );
        return None;
    };
    if !target.to_ascii_lowercase().ends_with(".md") {
        diags.push(Diagnostic::warning(
            Code::IncludeInvalid,
            &from.rel,
            line,
            col,
            format!("Include '{raw}' is not a Markdown (.md) file; it was left out."),
        ));
        return None;
    }
    let file = match ctx.store.get(&target) {
        Some(f) => ctx.store.full(f),
        None => match ctx.store.real_case(&target).and_then(|r| ctx.store.get(r)) {
            Some(f) => {
                diags.push(
                    Diagnostic::warning(
                        Code::IncludeCaseMismatch,
                        &from.rel,
                        line,
                        col,
                        format!(
                            "Include '{raw}' differs in case from the file '{}'; static hosts are case-sensitive.",
                            f.rel
                        ),
                    )
                    .with_hint(format!("Did you mean '{}'?", f.rel)),
                );
                ctx.store.full(f)
            }
            None => {
                diags.push(
                    Diagnostic::warning(
                        Code::IncludeNotFound,
                        &from.rel,
                        line,
                        col,
                        format!("Included file '{raw}' (docset path '{target}') does not exist; nothing was included."),
                    )
                    .with_hint(crate::diagnostics::path_hint(&target, ctx.store.by_lower.values().map(String::as_str), "Check the path: it is relative to the folder of the file that holds the directive.")),
                );
                return None;
            }
        },
    };
    if state.stack.iter().any(|s| *s == file.rel) {
        let mut chain = state.stack.clone();
        chain.push(file.rel.clone());
        diags.push(
            Diagnostic::error(
                Code::IncludeCycle,
                &from.rel,
                line,
                col,
                format!("Include cycle: {}", chain.join(" --> ")),
            )
            .with_hint("Remove one of the includes so that no file includes itself."),
        );
        return None;
    }
    if state.over {
        return None;
    }
    state.expansions += 1;
    if state.bytes > MAX_EXPANDED_BYTES || state.expansions > MAX_EXPANSIONS {
        state.over = true;
        diags.push(
            Diagnostic::error(
                Code::IncludeExpansionTooLarge,
                &from.rel,
                line,
                col,
                format!(
                    "With its includes expanded, page '{}' exceeds tolk's limit ({} MB of text or {MAX_EXPANSIONS} includes); this include and the rest are left out.",
                    ctx.page.rel,
                    MAX_EXPANDED_BYTES >> 20
                ),
            )
            .with_hint("A file included many times over (or files that include each other's includes repeatedly) multiply; include less."),
        );
        return None;
    }
    if state.stack.len() >= MAX_INCLUDE_DEPTH {
        diags.push(Diagnostic::error(
            Code::IncludeTooDeep,
            &from.rel,
            line,
            col,
            format!("Includes nest more than {MAX_INCLUDE_DEPTH} levels deep here; the rest was left out."),
        ));
        return None;
    }
    state.used.push(file.rel.clone());
    Some(file)
}

/// Moniker blocks that admit none of the page's environments.
fn check_blocks_reach_page(ctx: &PageContext, file: &SourceFile, diags: &mut Vec<Diagnostic>) {
    for block in &file.blocks.blocks {
        if let Some(set) = &block.monikers {
            if set.intersect(ctx.page_monikers).is_empty() {
                diags.push(
                    Diagnostic::warning(
                        Code::MonikerZoneEmpty,
                        &file.rel,
                        file.body_line_offset + block.open_line + 1,
                        1,
                        format!(
                            "This moniker block (range \"{}\") matches no environment of page '{}'; its content appears nowhere.",
                            block.range_text, ctx.page.rel
                        ),
                    )
                    .with_hint("Fix the range, or remove the block."),
                );
            }
        }
    }
}

/// Rewrite relative link, image and resource URLs of a line from `dir` to
/// docset-rooted `~/` form, so they stay right wherever the text is included.
pub fn rebase_links<'a>(line: &'a str, dir: &str) -> Cow<'a, str> {
    static LINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(\]\(\s*<?)([^)\s>]+)|((?:src|href|source|lightbox)\s*=\s*")([^"]+)|^(\s*\[[^\]]+\]:\s*)(\S+)"#).unwrap()
    });
    if !(line.contains("](") || line.contains('=') || line.contains("]:")) {
        return Cow::Borrowed(line);
    }
    let mut changed = false;
    let out = LINK.replace_all(line, |c: &regex::Captures| {
        let (pre, url) = if let Some(u) = c.get(2) {
            (c.get(1).unwrap().as_str(), u.as_str())
        } else if let Some(u) = c.get(4) {
            (c.get(3).unwrap().as_str(), u.as_str())
        } else {
            (c.get(5).unwrap().as_str(), c.get(6).unwrap().as_str())
        };
        if url.starts_with('#') || url.starts_with("~/") || paths::is_external(url) {
            return format!("{pre}{url}");
        }
        changed = true;
        match paths::resolve(dir, url) {
            Some(p) => format!("{pre}~/{p}"),
            None => format!("{pre}{url}"),
        }
    });
    if changed {
        Cow::Owned(out.into_owned())
    } else {
        Cow::Borrowed(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_block_and_inline_directives() {
        let d = find_directives("[!INCLUDE [country](../admin/includes/list.md)]");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "../admin/includes/list.md");
        let line = "Text [!include[](<a b.md>)] and [!Include [x\\]y](c\\(1\\).md \"t\")] end";
        let d = find_directives(line);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].path, "a b.md");
        assert_eq!(d[1].path, "c(1).md");
        assert!(find_directives("[!INCLUDE [broken](x.md").is_empty());
        assert!(find_directives("[!NOTE]").is_empty());
    }

    #[test]
    fn block_prefixes() {
        let line = "> [!INCLUDE [x](a.md)]  ";
        let d = &find_directives(line)[0];
        assert_eq!(block_prefix(line, d), Some("> "));
        let line = "1. [!INCLUDE [x](a.md)]";
        let d = &find_directives(line)[0];
        assert_eq!(block_prefix(line, d), Some("1. "));
        assert_eq!(continuation_prefix("1. "), "   ");
        assert_eq!(continuation_prefix("  - "), "    ");
        let line = "See [!INCLUDE [x](a.md)] here";
        let d = &find_directives(line)[0];
        assert_eq!(block_prefix(line, d), None);
    }

    #[test]
    fn rebases_relative_urls_only() {
        let l =
            "![a](media/x.png) [b](../c.md#h) [c](#top) [d](https://x.org) <img src=\"m/y.png\">";
        assert_eq!(
            rebase_links(l, "admin/includes"),
            "![a](~/admin/includes/media/x.png) [b](~/admin/c.md#h) [c](#top) [d](https://x.org) <img src=\"~/admin/includes/m/y.png\">"
        );
        assert!(matches!(rebase_links("plain text", "a"), Cow::Borrowed(_)));
    }
}
