//! DocFX code snippets: `[!code-lang[name](path#tag "title")]` and
//! `:::code source="…" language="…" range="…" highlight="…" id="…"
//! interactive="…":::`, each alone on its line (inside a list item or a
//! quote too), lowered to `<pre tabindex="0"><code class="lang-…">` with the file's code.
//!
//! Locators, in DocFX's order of priority: a tag or region (`#tag`,
//! `?name=tag`, `id="tag"`), lines (`#L3`, `#L1-L5`), `?start=&end=`, a
//! range list (`?range=1-3,7,9-`, `range="…"`), else the whole file.
//! `?highlight=`/`highlight="…"` marks lines of the snippet
//! (`data-highlight-lines`; DocFX writes `highlight-lines`, which is not valid HTML), `?dedent=N` removes N leading blanks instead of the
//! common indent. Tags come from the comment family of the snippet's
//! language (`// <tag>`, `# <tag>`, `<!-- <tag> -->`, `-- <tag>`,
//! `' <tag>`, `/* <tag> */`, `(* <tag> *)`, `rem <tag>`) or a region
//! (`#region tag` … `#endregion`, VB's `#Region "tag"` … `#End Region`,
//! `#pragma region`, `//#region`); marker lines are dropped.
//!
//! Snippet files are read only inside the docset root: `..` past the root,
//! absolute paths, URLs and symbolic links leading out are refused. The code
//! is taken verbatim (it is not bilingual), so both locales show the same.
//! A missing file or tag is a located `codesnippet-not-found` and a warning
//! box in the page; a malformed directive stays literal text with a
//! `codesnippet-invalid`.

use crate::diagnostics::{Code, Diagnostic};
use crate::fence::{FenceLine, FenceTracker};
use crate::paths;
use crate::source::LineOrigin;
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

mod locate;

pub use locate::{dedent, extract_tag, language_of, parse_ranges, TagError};

type Lines = Vec<(String, LineOrigin)>;

/// Snippet files larger than this are refused.
const MAX_SNIPPET_BYTES: u64 = 16 * 1024 * 1024;

/// What lowering needs besides the lines.
pub struct SnippetContext<'a> {
    /// The docset root snippet paths resolve in.
    pub root: &'a Path,
    /// The files the lines came from (docset-relative; `LineOrigin::file` indexes it).
    pub files: &'a [String],
    /// Text of the warning box shown for a missing snippet, before the path
    /// (Markdown, possibly a bilingual pair).
    pub not_found_label: &'a str,
    /// Docset paths of the snippet files read (or looked for), for the
    /// build cache: a page's render depends on them.
    pub read: std::cell::RefCell<Vec<String>>,
}

static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?$").unwrap()
});
static TRIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^([ \t>]*):::[ \t]*code[ \t]+(.*?)[ \t]*:::[ \t]*$").unwrap()
});
static ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"([A-Za-z][\w-]*)\s*=\s*"([^"]*)""#).unwrap());

/// A snippet directive, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directive {
    /// Language as written (`code-csharp` → `csharp`), or from `language="…"`.
    pub language: String,
    pub name: String,
    /// The path without query or fragment.
    pub path: String,
    pub title: String,
    pub tag: Option<String>,
    /// `#L3` / `#L1-L5`.
    pub lines: Option<(usize, usize)>,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub range: Option<String>,
    pub highlight: Option<String>,
    pub dedent: Option<usize>,
    pub interactive: Option<String>,
    /// `:::code` (else `[!code-…]`).
    pub triple_colon: bool,
}

/// Lower every snippet directive of the composed lines.
pub fn lower(lines: Lines, cx: &SnippetContext, diags: &mut Vec<Diagnostic>) -> Lines {
    if !lines.iter().any(|(l, _)| may_hold_snippet(l)) {
        return lines;
    }
    let mut out: Lines = Vec::with_capacity(lines.len() + 16);
    let mut fences = FenceTracker::default();
    for (line, o) in lines {
        if fences.line(&line) != FenceLine::Text || !may_hold_snippet(&line) {
            out.push((line, o));
            continue;
        }
        lower_line(line, o, cx, &mut out, diags);
    }
    out
}

/// Built once: `memmem::find` would build a searcher for every line.
static BANG_BRACKET: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"[!"));
static TRIPLE_COLON: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b":::"));

fn may_hold_snippet(l: &str) -> bool {
    let b = l.as_bytes();
    BANG_BRACKET.find(b).is_some() && find_ci(l, "[!code").is_some()
        || TRIPLE_COLON.find(b).is_some() && find_ci(l, "code").is_some()
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

fn warn(cx: &SnippetContext, o: LineOrigin, col: usize, code: Code, msg: String) -> Diagnostic {
    Diagnostic::warning(
        code,
        &cx.files[o.file as usize],
        o.line,
        col as u32 + 1,
        msg,
    )
}

fn lower_line(
    line: String,
    o: LineOrigin,
    cx: &SnippetContext,
    out: &mut Lines,
    diags: &mut Vec<Diagnostic>,
) {
    // `:::code …:::`
    if let Some(c) = TRIPLE.captures(&line) {
        let prefix = c.get(1).unwrap().as_str();
        let col = prefix.chars().count();
        let mut d = Directive {
            triple_colon: true,
            ..Directive::default()
        };
        for a in ATTR.captures_iter(&c[2]) {
            let v = a[2].to_string();
            match a[1].to_ascii_lowercase().as_str() {
                "source" => d.path = v,
                "language" => d.language = v,
                "range" => d.range = Some(v),
                "highlight" => d.highlight = Some(v),
                "id" => d.tag = Some(v),
                "interactive" => d.interactive = Some(v),
                _ => {}
            }
        }
        if d.path.trim().is_empty() {
            diags.push(
                warn(
                    cx,
                    o,
                    col,
                    Code::CodesnippetInvalid,
                    ":::code needs source=\"…\" (the snippet file); the line is shown as written."
                        .into(),
                )
                .with_hint("Add source=\"path/to/file\" relative to this file."),
            );
            out.push((literal(&line), o));
            return;
        }
        // The source may carry a query or fragment like the other form.
        let raw = std::mem::take(&mut d.path);
        split_locators(&raw, &mut d, cx, o, col, diags);
        emit(prefix, d, o, col, cx, out, diags);
        return;
    }
    // `:::code` inside a line: block syntax where no block can be.
    static INLINE_TRIPLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i):::[ \t]*code[ \t]").unwrap());
    if let Some(m) = INLINE_TRIPLE.find(&line) {
        if find_ci(&line, "[!code").is_none_or(|b| b > m.start()) {
            diags.push(
                warn(
                    cx,
                    o,
                    line[..m.start()].chars().count(),
                    Code::CodesnippetInvalid,
                    "A :::code block must stand alone on its line (ending with :::); it is shown as written.".into(),
                )
                .with_hint("Put :::code source=\"…\"::: on a line of its own."),
            );
            out.push((literal(&line), o));
            return;
        }
    }
    // `[!code-…[name](path "title")]`
    let Some(start) = find_ci(&line, "[!code") else {
        out.push((line, o));
        return;
    };
    let col = line[..start].chars().count();
    let prefix = &line[..start];
    match parse_bang(&line, start) {
        Some((end, mut d, raw)) if PREFIX.is_match(prefix) && line[end..].trim().is_empty() => {
            split_locators(&raw, &mut d, cx, o, col, diags);
            emit(prefix, d, o, col, cx, out, diags);
        }
        parsed => {
            let why = if parsed.is_some() {
                "must stand alone on its line"
            } else {
                "is malformed (expected [!code-language[name](path)])"
            };
            diags.push(
                warn(
                    cx,
                    o,
                    col,
                    Code::CodesnippetInvalid,
                    format!("This code snippet {why}; it is shown as written."),
                )
                .with_hint("Write [!code-csharp[name](path/to/file.cs)] on a line of its own."),
            );
            out.push((literal(&line), o));
        }
    }
}

/// The line as literal text: the snippet syntax escaped so that neither the
/// Markdown parser nor the DocFX block pass reads it.
fn literal(line: &str) -> String {
    line.replace('[', "\\[").replace(':', "&#58;")
}

/// Parse `[!code-lang[name](path "title")]` at `start`: (end, directive, raw path).
fn parse_bang(line: &str, start: usize) -> Option<(usize, Directive, String)> {
    let b = line.as_bytes();
    let mut i = start + "[!code".len();
    let mut d = Directive::default();
    if i < b.len() && b[i] == b'-' {
        let ls = i + 1;
        while i < b.len() && b[i] != b'[' && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        d.language = line[ls..i].to_string();
    }
    if i >= b.len() || b[i] != b'[' {
        return None;
    }
    i += 1;
    let ns = i;
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
    d.name = unescape(&line[ns..i]);
    i += 1;
    if i >= b.len() || b[i] != b'(' {
        return None;
    }
    i += 1;
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    let raw;
    if i < b.len() && b[i] == b'<' {
        let close = line[i..].find('>')? + i;
        raw = line[i + 1..close].to_string();
        i = close + 1;
    } else {
        let ps = i;
        let mut parens = 0;
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
        raw = unescape(&line[ps..i.min(b.len())]);
    }
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
        let q = b[i];
        let ts = i + 1;
        i += 1;
        while i < b.len() && b[i] != q {
            i += 1;
        }
        d.title = line[ts..i.min(b.len())].to_string();
        i += 1;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
    }
    if i >= b.len() || b[i] != b')' {
        return None;
    }
    i += 1;
    if i >= b.len() || b[i] != b']' {
        return None;
    }
    Some((i + 1, d, raw))
}

/// Markdown backslash escapes of ASCII punctuation removed.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Split `path#fragment?query` into the path and its locators.
fn split_locators(
    raw: &str,
    d: &mut Directive,
    cx: &SnippetContext,
    o: LineOrigin,
    col: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let raw = raw.trim();
    let cut = raw.find(['?', '#']).unwrap_or(raw.len());
    d.path = paths::percent_decode(&raw[..cut]).into_owned();
    let mut rest = &raw[cut..];
    while !rest.is_empty() {
        let sep = rest.as_bytes()[0];
        let body_end = rest[1..].find(['?', '#']).map_or(rest.len(), |i| i + 1);
        let body = &rest[1..body_end];
        rest = &rest[body_end..];
        if sep == b'#' {
            static LINES: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"(?i)^L(\d+)(?:-L(\d+))?$").unwrap());
            if let Some(c) = LINES.captures(body) {
                let a: usize = c[1].parse().unwrap_or(0);
                let b = c.get(2).map_or(a, |m| m.as_str().parse().unwrap_or(0));
                d.lines = Some((a, b));
            } else if !body.is_empty() {
                d.tag = Some(paths::percent_decode(body).into_owned());
            }
            continue;
        }
        for kv in body.split('&').filter(|s| !s.is_empty()) {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            let v = paths::percent_decode(v).into_owned();
            let number = |v: &str, diags: &mut Vec<Diagnostic>| -> Option<usize> {
                match v.trim().parse::<usize>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        diags.push(warn(
                            cx,
                            o,
                            col,
                            Code::CodesnippetInvalid,
                            format!(
                                "`{k}={v}` in code snippet '{raw}' is not a number; it is ignored."
                            ),
                        ));
                        None
                    }
                }
            };
            match k.to_ascii_lowercase().as_str() {
                "name" => d.tag = Some(v),
                "range" => d.range = Some(v),
                "highlight" => d.highlight = Some(v),
                "start" => d.start = number(&v, diags),
                "end" => d.end = number(&v, diags),
                "dedent" => d.dedent = number(&v, diags),
                _ => diags.push(
                    warn(
                        cx,
                        o,
                        col,
                        Code::CodesnippetInvalid,
                        format!("Code snippet '{raw}' has an unknown option `{k}`; it is ignored."),
                    )
                    .with_hint("The options are name, range, start, end, highlight and dedent."),
                ),
            }
        }
    }
}

/// Why a snippet file could not be read.
enum ReadError {
    Outside(String),
    NotFound(String),
    Invalid(String),
}

/// Read the snippet file `raw` (relative to `dir`, or `~/`-rooted) inside `root`.
fn read_file(root: &Path, dir: &str, raw: &str) -> Result<(String, String), ReadError> {
    let p = raw.trim().replace('\\', "/");
    if p.starts_with('/')
        || (paths::is_external(&p) && !p.starts_with("~/"))
        || p.as_bytes().get(1) == Some(&b':')
    {
        return Err(ReadError::Outside(format!(
            "'{raw}' is an absolute path or a URL"
        )));
    }
    let Some(rel) = paths::resolve(dir, &p) else {
        return Err(ReadError::Outside(format!(
            "'{raw}' climbs above the docset root"
        )));
    };
    let full = root.join(&rel);
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let canon = match full.canonicalize() {
        Ok(c) => c,
        Err(_) => {
            return Err(ReadError::NotFound(format!(
                "the file '{raw}' (docset path '{rel}') does not exist"
            )))
        }
    };
    if !canon.starts_with(&canon_root) {
        return Err(ReadError::Outside(format!(
            "'{raw}' is a symbolic link leading outside the docset"
        )));
    }
    let meta = std::fs::metadata(&canon).map_err(|e| ReadError::NotFound(e.to_string()))?;
    if !meta.is_file() {
        return Err(ReadError::NotFound(format!("'{raw}' is not a file")));
    }
    if meta.len() > MAX_SNIPPET_BYTES {
        return Err(ReadError::Invalid(format!(
            "'{raw}' is larger than {} MB",
            MAX_SNIPPET_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(&canon)
        .map_err(|e| ReadError::NotFound(format!("'{raw}' cannot be read: {e}")))?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    Ok((rel, text))
}

/// Produce the HTML (or the warning box) for one directive.
fn emit(
    prefix: &str,
    d: Directive,
    o: LineOrigin,
    col: usize,
    cx: &SnippetContext,
    out: &mut Lines,
    diags: &mut Vec<Diagnostic>,
) {
    let rest_prefix = continuation_prefix(prefix);
    let from = &cx.files[o.file as usize];
    let shown = d.path.clone();
    let missing = |msg: String, code: Code, diags: &mut Vec<Diagnostic>, out: &mut Lines| {
        let hint = match code {
            Code::CodesnippetOutsideDocset => "Move the file into the docset and use a path relative to this file (or ~/ for the docset root).",
            _ => "Check the path (relative to the file holding the directive) and the tag.",
        };
        diags.push(warn(cx, o, col, code, msg).with_hint(hint));
        let tick = if shown.contains('`') { "`` " } else { "`" };
        let close = if shown.contains('`') { " ``" } else { "`" };
        out.push((format!("{prefix}> [!WARNING]"), o));
        out.push((
            format!(
                "{rest_prefix}> {}: {tick}{shown}{close}",
                cx.not_found_label
            ),
            o,
        ));
        out.push((rest_prefix.trim_end().to_string(), o));
    };
    if let Some(rel) = paths::resolve(paths::dir_of(from), &d.path.trim().replace('\\', "/")) {
        cx.read.borrow_mut().push(rel);
    }
    let (rel, text) = match read_file(cx.root, paths::dir_of(from), &d.path) {
        Ok(x) => x,
        Err(ReadError::Outside(why)) => {
            return missing(
                format!(
                    "Code snippet refused: {why}; tolk only reads snippet files inside the docset."
                ),
                Code::CodesnippetOutsideDocset,
                diags,
                out,
            )
        }
        Err(ReadError::NotFound(why)) => {
            return missing(
                format!("Code snippet not found: {why}."),
                Code::CodesnippetNotFound,
                diags,
                out,
            )
        }
        Err(ReadError::Invalid(why)) => {
            return missing(
                format!("Code snippet not read: {why}."),
                Code::CodesnippetInvalid,
                diags,
                out,
            )
        }
    };
    let lang = if d.language.trim().is_empty() {
        language_of(&rel).to_string()
    } else {
        d.language.trim().to_string()
    };
    let all: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let all = match all.split_last() {
        Some((&"", init)) => init.to_vec(),
        _ => all,
    };
    let n = all.len();
    let clamp_warn = |what: &str, a: usize, diags: &mut Vec<Diagnostic>| {
        if a > n || a == 0 {
            diags.push(warn(
                cx,
                o,
                col,
                Code::CodesnippetInvalid,
                format!("Code snippet '{shown}' asks for {what}, but the file has {n} lines."),
            ));
        }
    };
    let span = |a: usize, b: Option<usize>| -> Vec<usize> {
        let a = a.max(1);
        let b = b.unwrap_or(n).min(n);
        (a..=b).map(|i| i - 1).collect()
    };
    let picked: Vec<usize> = if let Some(tag) = &d.tag {
        match extract_tag(&all, tag, &lang) {
            Ok(v) => v,
            Err(e) => {
                let why = match e {
                    TagError::Missing => format!("the file '{rel}' has no tag or region '{tag}'"),
                    TagError::Unclosed => {
                        format!("the tag '{tag}' in '{rel}' is never closed")
                    }
                };
                return missing(
                    format!("Code snippet not found: {why}."),
                    Code::CodesnippetNotFound,
                    diags,
                    out,
                );
            }
        }
    } else if let Some((a, b)) = d.lines {
        clamp_warn(&format!("line {a}"), a, diags);
        span(a, Some(b))
    } else if d.start.is_some() || d.end.is_some() {
        let a = d.start.unwrap_or(1);
        clamp_warn(&format!("line {a}"), a, diags);
        span(a, d.end)
    } else if let Some(r) = &d.range {
        match parse_ranges(r) {
            Some(rs) => {
                let mut v = Vec::new();
                for (a, b) in rs {
                    clamp_warn(&format!("line {a}"), a, diags);
                    v.extend(span(a, b));
                }
                v
            }
            None => {
                diags.push(
                    warn(
                        cx,
                        o,
                        col,
                        Code::CodesnippetInvalid,
                        format!("Range '{r}' of code snippet '{shown}' is not a list of lines like 1-3,7,9-; the whole file is shown."),
                    ),
                );
                (0..n).collect()
            }
        }
    } else {
        (0..n).collect()
    };
    let mut code: Vec<String> = picked.iter().map(|&i| all[i].to_string()).collect();
    dedent(&mut code, d.dedent);
    let mut attrs = String::new();
    if !lang.is_empty() {
        attrs.push_str(&format!(" class=\"lang-{}\"", crate::html::escape(&lang)));
    }
    if !d.triple_colon {
        if !d.name.is_empty() {
            attrs.push_str(&format!(" data-name=\"{}\"", crate::html::escape(&d.name)));
        }
        if !d.title.is_empty() {
            attrs.push_str(&format!(" title=\"{}\"", crate::html::escape(&d.title)));
        }
    }
    if let Some(h) = &d.highlight {
        let h: String = h.chars().filter(|c| !c.is_whitespace()).collect();
        if parse_ranges(&h).is_some() {
            attrs.push_str(&format!(" data-highlight-lines=\"{h}\""));
        } else {
            diags.push(warn(
                cx,
                o,
                col,
                Code::CodesnippetInvalid,
                format!("highlight '{h}' of code snippet '{shown}' is not a list of lines like 1-3,7,9-; nothing is highlighted."),
            ));
        }
    }
    if let Some(mode) = &d.interactive {
        attrs.push_str(&format!(
            " data-interactive=\"{}\" data-interactive-mode=\"{}\"",
            crate::html::escape(&lang),
            crate::html::escape(mode)
        ));
    }
    let open = format!("{prefix}<pre tabindex=\"0\"><code{attrs}>");
    if code.is_empty() {
        out.push((format!("{open}</code></pre>"), o));
        return;
    }
    for (k, l) in code.iter().enumerate() {
        let esc = escape_code(l);
        if k == 0 {
            out.push((format!("{open}{esc}"), o));
        } else {
            out.push((format!("{rest_prefix}{esc}"), o));
        }
    }
    out.push((format!("{rest_prefix}</code></pre>"), o));
}

/// HTML-escape a code line so that no later pass reads anything in it:
/// `[!` and `:::` (DocFX syntax), backticks and tildes (fences), the
/// bilingual sentinels; `<` and `&` are escaped anyway, so no comment or
/// tag survives.
pub fn escape_code(l: &str) -> String {
    let mut s = String::with_capacity(l.len() + 8);
    let mut chars = l.chars().peekable();
    let mut prev = '\0';
    while let Some(c) = chars.next() {
        let before = std::mem::replace(&mut prev, c);
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '[' if chars.peek() == Some(&'!') => s.push_str("&#91;"),
            ':' if before == ':' || chars.peek() == Some(&':') => s.push_str("&#58;"),
            '`' => s.push_str("&#96;"),
            '~' => s.push_str("&#126;"),
            crate::bilingual::SEG_OPEN
            | crate::bilingual::SEG_MID
            | crate::bilingual::SEG_CLOSE => s.push_str(&format!("&#x{:X};", c as u32)),
            c => s.push(c),
        }
    }
    s
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

#[cfg(test)]
mod tests;
