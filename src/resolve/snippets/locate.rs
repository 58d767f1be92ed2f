//! Where a snippet's lines are in its file: line ranges (`1-3,7,9-`), the
//! language of a file from its extension, tags and regions found through the
//! comment family of that language, and dedenting the lines taken.

use regex::Regex;
use std::sync::LazyLock;

/// Line ranges `1-3,7,9-` (1-based, an open end runs to the last line).
pub fn parse_ranges(s: &str) -> Option<Vec<(usize, Option<usize>)>> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let part = part.trim();
        if part.is_empty() {
            return None;
        }
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => {
                let a: usize = a.trim().parse().ok()?;
                let b = b.trim();
                let b = if b.is_empty() {
                    None
                } else {
                    Some(b.parse().ok()?)
                };
                (a, b)
            }
            None => {
                let a: usize = part.parse().ok()?;
                (a, Some(a))
            }
        };
        if a == 0 || b.is_some_and(|b| b < a) {
            return None;
        }
        out.push((a, b));
    }
    Some(out)
}

/// Language of a file from its extension (DocFX's table, abridged).
pub fn language_of(path: &str) -> &'static str {
    let ext = path
        .rsplit('/')
        .next()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "cs" | "csx" => "csharp",
        "vb" => "vb",
        "fs" | "fsi" | "fsx" => "fsharp",
        "cpp" | "cc" | "cxx" | "h" | "hpp" | "hxx" => "cpp",
        "c" => "c",
        "java" => "java",
        "js" | "mjs" | "cjs" => "javascript",
        "jsx" => "javascript",
        "ts" | "tsx" => "typescript",
        "py" => "python",
        "ps1" | "psm1" | "psd1" => "powershell",
        "sh" | "bash" => "bash",
        "bat" | "cmd" => "batchfile",
        "json" => "json",
        "xml" | "csproj" | "vbproj" | "fsproj" | "props" | "targets" | "config" | "xsd" => "xml",
        "xaml" => "xaml",
        "html" | "htm" => "html",
        "cshtml" | "razor" => "cshtml",
        "aspx" | "ascx" | "master" => "aspx",
        "css" => "css",
        "scss" => "scss",
        "less" => "less",
        "sql" => "sql",
        "go" => "go",
        "rb" => "ruby",
        "rs" => "rust",
        "php" => "php",
        "swift" => "swift",
        "kt" | "kts" => "kotlin",
        "lua" => "lua",
        "yml" | "yaml" => "yaml",
        "md" | "markdown" => "markdown",
        "pl" | "pm" => "perl",
        "r" => "r",
        "m" => "objectivec",
        "scala" => "scala",
        "dart" => "dart",
        "txt" => "text",
        _ => "",
    }
}

/// Comment families of a language: (line opener, line closer).
fn comment_families(lang: &str) -> &'static [(&'static str, &'static str)] {
    const SLASH: &[(&str, &str)] = &[("//", ""), ("/*", "*/")];
    const HASH: &[(&str, &str)] = &[("#", "")];
    const XML: &[(&str, &str)] = &[("<!--", "-->")];
    const RAZOR: &[(&str, &str)] = &[("<!--", "-->"), ("@*", "*@"), ("//", "")];
    const SQL: &[(&str, &str)] = &[("--", "")];
    const VB: &[(&str, &str)] = &[("'", ""), ("rem ", "")];
    const FSHARP: &[(&str, &str)] = &[("//", ""), ("(*", "*)")];
    const CSS: &[(&str, &str)] = &[("/*", "*/")];
    const BATCH: &[(&str, &str)] = &[("rem ", ""), ("::", "")];
    const ALL: &[(&str, &str)] = &[
        ("//", ""),
        ("/*", "*/"),
        ("#", ""),
        ("<!--", "-->"),
        ("--", ""),
        ("'", ""),
        ("(*", "*)"),
        ("@*", "*@"),
        ("rem ", ""),
        ("::", ""),
    ];
    match lang.to_ascii_lowercase().as_str() {
        "csharp" | "cs" | "c#" | "cpp" | "c++" | "c" | "java" | "javascript" | "js"
        | "typescript" | "ts" | "go" | "swift" | "kotlin" | "rust" | "php" | "scala" | "dart"
        | "objectivec" | "objc" | "json" | "scss" | "less" | "groovy" => SLASH,
        "fsharp" | "fs" | "f#" => FSHARP,
        "python" | "py" | "powershell" | "ps" | "ps1" | "ruby" | "bash" | "sh" | "shell"
        | "console" | "azurecli" | "azurepowershell" | "yaml" | "yml" | "perl" | "r"
        | "dockerfile" | "makefile" => HASH,
        "xml" | "xaml" | "html" | "htm" | "aspx" | "markdown" | "md" => XML,
        "cshtml" | "razor" => RAZOR,
        "sql" | "tsql" | "lua" | "haskell" => SQL,
        "vb" | "vbnet" | "vbscript" | "vba" => VB,
        "css" => CSS,
        "batchfile" | "batch" | "bat" | "cmd" => BATCH,
        _ => ALL,
    }
}

/// A tag marker line: (closing, tag name) when `line` is `<open> <tag> <close>`
/// or `<open> </tag> <close>` of one of `families`.
fn tag_marker(line: &str, families: &[(&str, &str)]) -> Option<(bool, String)> {
    let t = line.trim();
    for (open, close) in families {
        let Some(rest) = strip_prefix_ci(t, open) else {
            continue;
        };
        let rest = rest.trim_end();
        let rest = if close.is_empty() {
            rest
        } else {
            match rest.strip_suffix(close) {
                Some(r) => r,
                None => continue,
            }
        };
        let rest = rest.trim();
        let Some(inner) = rest.strip_prefix('<').and_then(|r| r.strip_suffix('>')) else {
            continue;
        };
        let inner = inner.trim();
        let (closing, name) = match inner.strip_prefix('/') {
            Some(n) => (true, n.trim()),
            None => (false, inner),
        };
        if name.is_empty() || name.contains(['<', '>']) {
            continue;
        }
        return Some((closing, name.to_string()));
    }
    None
}

/// A region marker: `Some(Some(name))` opens, `Some(None)` closes.
fn region_marker(line: &str) -> Option<Option<String>> {
    static OPEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)^(?://\s*|<!--\s*|#pragma\s+)?#?region\s+"?([^"]*?)"?\s*(?:-->)?$"#)
            .unwrap()
    });
    static CLOSE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?://\s*|<!--\s*|#pragma\s+)?#?end\s*region\b.*$").unwrap()
    });
    let t = line.trim();
    if !(t.starts_with('#') || t.starts_with("//") || t.starts_with("<!--")) {
        return None;
    }
    if CLOSE.is_match(t) {
        return Some(None);
    }
    OPEN.captures(t)
        .map(|c| Some(c[1].trim().to_string()))
        .filter(|n| n.as_ref().is_some_and(|n| !n.is_empty()))
}

fn strip_prefix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    if s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes()) {
        Some(&s[p.len()..])
    } else {
        None
    }
}

fn same_tag(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    norm(a) == norm(b)
}

/// Why a tag could not be taken.
#[derive(Debug, PartialEq, Eq)]
pub enum TagError {
    Missing,
    Unclosed,
}

/// The lines of `tag` (0-based indexes into `lines`), marker lines dropped.
pub fn extract_tag(lines: &[&str], tag: &str, lang: &str) -> Result<Vec<usize>, TagError> {
    match extract_tag_exact(lines, tag, lang) {
        Err(TagError::Missing) if !tag.to_ascii_lowercase().starts_with("snippet") => {
            extract_tag_exact(lines, &format!("snippet{tag}"), lang)
        }
        r => r,
    }
}

fn extract_tag_exact(lines: &[&str], tag: &str, lang: &str) -> Result<Vec<usize>, TagError> {
    let fam = comment_families(lang);
    let is_marker = |l: &str| tag_marker(l, fam).is_some() || region_marker(l).is_some();
    for (s, l) in lines.iter().enumerate() {
        if let Some((false, name)) = tag_marker(l, fam) {
            if same_tag(&name, tag) {
                let end = lines[s + 1..]
                    .iter()
                    .position(
                        |l| matches!(tag_marker(l, fam), Some((true, n)) if same_tag(&n, tag)),
                    )
                    .ok_or(TagError::Unclosed)?;
                return Ok((s + 1..s + 1 + end)
                    .filter(|&i| !is_marker(lines[i]))
                    .collect());
            }
        }
        if let Some(Some(name)) = region_marker(l) {
            if same_tag(&name, tag) {
                let mut depth = 0;
                for (j, l2) in lines.iter().enumerate().skip(s + 1) {
                    match region_marker(l2) {
                        Some(Some(_)) => depth += 1,
                        Some(None) if depth == 0 => {
                            return Ok((s + 1..j).filter(|&i| !is_marker(lines[i])).collect());
                        }
                        Some(None) => depth -= 1,
                        None => {}
                    }
                }
                return Err(TagError::Unclosed);
            }
        }
    }
    Err(TagError::Missing)
}

/// Remove `n` leading blanks, or (`None`) the common indent of non-blank lines.
pub fn dedent(lines: &mut [String], n: Option<usize>) {
    let blanks = |l: &str| l.chars().take_while(|c| *c == ' ' || *c == '\t').count();
    let n = n.unwrap_or_else(|| {
        lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| blanks(l))
            .min()
            .unwrap_or(0)
    });
    for l in lines.iter_mut() {
        let k = blanks(l).min(n);
        let cut: usize = l.chars().take(k).map(char::len_utf8).sum();
        l.drain(..cut);
    }
}
