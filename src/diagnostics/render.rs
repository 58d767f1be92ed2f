//! Printing diagnostics for people and for CI: a compact rustc-like block per
//! diagnostic (location relative to the working directory, one source line
//! trimmed around the column, a caret, the hint), grouped by code with at
//! most a few per code unless asked for all, a summary table, and GitHub
//! workflow annotations. Everything that comes from a file or a path is
//! passed through [`sanitize`] first, so a docset cannot send escape
//! sequences to the terminal.
//!
//! Rendering is linear in the number of diagnostics: each source file is
//! read and indexed once ([`Renderer`] keeps it), each diagnostic then costs
//! only its own line.

use super::{Code, Diagnostic, Severity};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// Source lines longer than this (in characters) are shown as an excerpt
/// around the column.
pub const SNIPPET_WIDTH: usize = 100;
/// Characters kept before the column in an excerpt.
const SNIPPET_BEFORE: usize = 40;

/// Diagnostics shown per code unless `verbose`.
pub const DEFAULT_PER_CODE: usize = 3;

/// Make `s` safe to print on a terminal: control characters (C0, DEL, C1:
/// ESC, BEL, the OSC introducer, carriage returns, …) and the bidirectional
/// overrides become visible escapes (`\x1b`, `\u{9b}`, `\u{202e}`); tabs
/// and newlines too (`\t`, `\n`), since every printed field is one line.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// [`sanitize`] each line of `s`, keeping its line breaks.
pub fn sanitize_lines(s: &str) -> String {
    s.split('\n').map(sanitize).collect::<Vec<_>>().join("\n")
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if needs_escape(c) && (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if needs_escape(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// `path` as it should be shown to someone working in `cwd`: relative to it
/// when that is shorter than going through the root (`../docs/a.md`,
/// `content/a.md`), absolute otherwise; `/`-separated, without `./`.
pub fn relative_to(path: &Path, cwd: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let abs = normalize(&abs);
    let cwd = normalize(cwd);
    let a: Vec<Component> = abs.components().collect();
    let b: Vec<Component> = cwd.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    // Only the root in common (or another drive): absolute is clearer.
    if common <= 1 {
        return abs;
    }
    let mut rel = PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for c in &a[common..] {
        rel.push(c.as_os_str());
    }
    if rel.as_os_str().is_empty() {
        rel.push(".");
    }
    rel
}

/// Remove `.` and resolve `..` lexically (no file system access).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// A source file read once, with the byte offset of each line.
struct Source {
    text: String,
    line_starts: Vec<usize>,
}

impl Source {
    fn read(path: &Path) -> Option<Source> {
        let bytes = std::fs::read(path).ok()?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Some(Source { text, line_starts })
    }

    /// Line `n` (1-based) without its line ending.
    fn line(&self, n: u32) -> Option<&str> {
        let i = (n as usize).checked_sub(1)?;
        let start = *self.line_starts.get(i)?;
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |e| e - 1);
        if start > self.text.len() || start > end {
            return None;
        }
        let line = &self.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// Prints diagnostics of one docset; keeps each source file it reads.
pub struct Renderer {
    root: PathBuf,
    cwd: PathBuf,
    color: bool,
    sources: HashMap<String, Option<Source>>,
}

impl Renderer {
    /// `root`: the docset root the diagnostics' files are relative to.
    pub fn new(root: &Path, color: bool) -> Self {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        Self::with_cwd(root, &cwd, color)
    }

    /// As [`Renderer::new`], with paths shown relative to `cwd`.
    pub fn with_cwd(root: &Path, cwd: &Path, color: bool) -> Self {
        Renderer {
            root: root.to_path_buf(),
            cwd: cwd.to_path_buf(),
            color,
            sources: HashMap::new(),
        }
    }

    /// The diagnostic's file relative to the working directory
    /// (`/`-separated, sanitized); empty for the docset as a whole.
    pub fn path_of(&self, d: &Diagnostic) -> String {
        if d.file.is_empty() {
            return String::new();
        }
        let p = relative_to(&self.root.join(&d.file), &self.cwd);
        let s = p.to_string_lossy();
        // A backslash separates folders only on Windows; elsewhere it is
        // part of a file name (`a\b.md` is not `a/b.md`).
        let s = if cfg!(windows) {
            s.replace('\\', "/").into()
        } else {
            s
        };
        sanitize(&s).into_owned()
    }

    /// `path:line:col` (or `path` for a whole file); empty without a file.
    pub fn location(&self, d: &Diagnostic) -> String {
        let path = self.path_of(d);
        if path.is_empty() || d.line == 0 {
            path
        } else {
            format!("{path}:{}:{}", d.line, d.column.max(1))
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// One diagnostic: header, location, the source line (an excerpt of a
    /// long one) with a caret under the column, the hint.
    pub fn human(&mut self, d: &Diagnostic, count: usize) -> String {
        let (word, colour) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Note => ("note", "1;36"),
        };
        let mut out = String::new();
        let mut message = sanitize(&d.message).into_owned();
        if count > 1 {
            let _ = write!(message, " (affects {count} pages)");
        }
        let _ = writeln!(
            out,
            "{} {}",
            self.paint(colour, &format!("{word}[{}]:", d.code.name())),
            self.paint("1", &message)
        );
        let location = self.location(d);
        if !location.is_empty() {
            let _ = writeln!(out, "  {} {location}", self.paint("34", "-->"));
        }
        let mut width = 1;
        if let Some((number, text, caret)) = self.snippet(d) {
            width = number.len();
            let bar = self.paint("34", "|");
            let _ = writeln!(out, "{:width$} {bar}", "");
            let _ = writeln!(out, "{} {bar} {text}", self.paint("34", &number));
            if let Some(at) = caret {
                let _ = writeln!(
                    out,
                    "{:width$} {bar} {}{}",
                    "",
                    " ".repeat(at),
                    self.paint(colour, "^")
                );
            }
        }
        if let Some(h) = &d.hint {
            let _ = writeln!(
                out,
                "{:width$} {} {}",
                "",
                self.paint("36", "= help:"),
                sanitize(h)
            );
        }
        out
    }

    /// The line number, the line (trimmed, sanitized) and where the caret
    /// goes in it (`None` without a column).
    fn snippet(&mut self, d: &Diagnostic) -> Option<(String, String, Option<usize>)> {
        if d.file.is_empty() || d.line == 0 {
            return None;
        }
        let root = &self.root;
        let source = self
            .sources
            .entry(d.file.clone())
            .or_insert_with(|| Source::read(&root.join(&d.file)))
            .as_ref()?;
        let line = source.line(d.line)?;
        let (text, caret) = excerpt(line, d.column);
        Some((d.line.to_string(), text, caret))
    }

    /// One GitHub Actions workflow command (`::warning file=…,line=…::…`).
    pub fn github(&self, d: &Diagnostic, count: usize) -> String {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = Vec::new();
        let path = self.path_of(d);
        if !path.is_empty() {
            props.push(format!("file={}", gh_property(&path)));
            if d.line > 0 {
                props.push(format!("line={}", d.line));
                if d.column > 0 {
                    props.push(format!("col={}", d.column));
                }
            }
        }
        props.push(format!("title={}", gh_property(d.code.name())));
        let mut message = sanitize(&d.message).into_owned();
        if count > 1 {
            let _ = write!(message, " (affects {count} pages)");
        }
        if let Some(h) = &d.hint {
            let _ = write!(message, "\nhelp: {}", sanitize(h));
        }
        format!("::{kind} {}::{}", props.join(","), gh_data(&message))
    }

    /// Diagnostics grouped by code (errors first), at most `per_code` of
    /// each (all with `None`), each group under a line with its count and
    /// what the code means, the rest counted.
    pub fn grouped(&mut self, diags: &[(Diagnostic, usize)], per_code: Option<usize>) -> String {
        let mut out = String::new();
        for ((severity, code), members) in groups(diags) {
            let word = match severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            let header = format!("{} {}", code.name(), plural(members.len(), word));
            let _ = writeln!(
                out,
                "{} {}",
                self.paint("1", &format!("── {header}:")),
                code.explanation()
            );
            let shown = per_code.unwrap_or(usize::MAX).min(members.len());
            for &i in &members[..shown] {
                let (d, n) = &diags[i];
                out.push_str(&self.human(d, *n));
            }
            if shown < members.len() {
                let _ = writeln!(
                    out,
                    "   … and {} more {} (--verbose shows all)",
                    members.len() - shown,
                    code.name()
                );
            }
            out.push('\n');
        }
        out
    }
}

/// Indexes of `diags` by (severity, code), errors first, codes by name;
/// within a group the input order (file, line, column).
fn groups(diags: &[(Diagnostic, usize)]) -> BTreeMap<(Severity, CodeKey), Vec<usize>> {
    let mut g: BTreeMap<(Severity, CodeKey), Vec<usize>> = BTreeMap::new();
    for (i, (d, _)) in diags.iter().enumerate() {
        g.entry((d.severity, CodeKey(d.code))).or_default().push(i);
    }
    g
}

/// A code ordered by its name.
#[derive(Clone, Copy, PartialEq, Eq)]
struct CodeKey(Code);

impl std::ops::Deref for CodeKey {
    type Target = Code;
    fn deref(&self) -> &Code {
        &self.0
    }
}

impl PartialOrd for CodeKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CodeKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.name().cmp(other.0.name())
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The table printed after the diagnostics: one row per code and severity,
/// errors first, then by count (largest first).
pub fn summary_table(diags: &[(Diagnostic, usize)]) -> String {
    let mut rows: Vec<(Severity, usize, &'static str)> = groups(diags)
        .into_iter()
        .map(|((s, c), m)| (s, m.len(), c.name()))
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    let mut out = String::new();
    let _ = writeln!(out, "  {:>6}  {:<8} code", "count", "severity");
    for (s, n, code) in rows {
        let word = match s {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let _ = writeln!(out, "  {n:>6}  {word:<8} {code}");
    }
    out
}

/// The line, sanitized, and the caret's position in it. Lines longer than
/// [`SNIPPET_WIDTH`] characters become an excerpt of that width around the
/// column, with `…` where text was cut.
fn excerpt(line: &str, column: u32) -> (String, Option<usize>) {
    let chars: Vec<char> = line.chars().collect();
    let col = (column as usize).checked_sub(1).map(|c| c.min(chars.len()));
    let (from, to) = if chars.len() <= SNIPPET_WIDTH {
        (0, chars.len())
    } else {
        let at = col.unwrap_or(0);
        let from = at.saturating_sub(SNIPPET_BEFORE);
        let to = (from + SNIPPET_WIDTH).min(chars.len());
        let from = to.saturating_sub(SNIPPET_WIDTH).min(from);
        (from, to)
    };
    let mut text = String::new();
    if from > 0 {
        text.push('…');
    }
    let mut caret = None;
    for (i, &c) in chars[from..to].iter().enumerate() {
        if Some(from + i) == col {
            caret = Some(text.chars().count());
        }
        if c == '\t' {
            text.push(' ');
        } else {
            push_escaped(&mut text, c);
        }
    }
    if col.is_some() && caret.is_none() {
        caret = Some(text.chars().count());
    }
    if to < chars.len() {
        text.push('…');
    }
    (text, caret)
}

/// Escape a workflow command's message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow command's property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(sanitize("plain"), "plain");
        assert_eq!(
            sanitize("a\x1b[31mred\x07\u{9b}\u{202e}"),
            "a\\x1b[31mred\\x07\\u{9b}\\u{202e}"
        );
        assert_eq!(sanitize("x\ny\tz"), "x\\ny\\tz");
    }

    #[test]
    fn long_lines_are_trimmed_around_the_column() {
        let line = format!("{}TARGET{}", "a".repeat(300), "b".repeat(300));
        let (text, caret) = excerpt(&line, 301);
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert_eq!(text.chars().count(), SNIPPET_WIDTH + 2);
        let at = caret.unwrap();
        let rest: String = text.chars().skip(at).take(6).collect();
        assert_eq!(rest, "TARGET");
        // A short line is whole; the caret sits under the column.
        assert_eq!(excerpt("ab\x1bc", 4), ("ab\\x1bc".to_string(), Some(6)));
        // Near the end of a long line: the window ends with the line.
        let (text, caret) = excerpt(&line, 606);
        assert!(text.starts_with('…') && !text.ends_with('…'));
        assert_eq!(caret, Some(text.chars().count() - 1));
    }

    #[test]
    fn paths_are_relative_to_the_working_directory() {
        let cwd = Path::new("/w/repo");
        assert_eq!(
            relative_to(Path::new("/w/repo/docs/a.md"), cwd),
            PathBuf::from("docs/a.md")
        );
        assert_eq!(
            relative_to(Path::new("/w/shared/c/./x/../a.md"), cwd),
            PathBuf::from("../shared/c/a.md")
        );
        assert_eq!(
            relative_to(Path::new("docs/a.md"), cwd),
            PathBuf::from("docs/a.md")
        );
        assert_eq!(
            relative_to(Path::new("/elsewhere/a.md"), cwd),
            PathBuf::from("/elsewhere/a.md")
        );
    }

    #[test]
    fn github_annotations_escape_their_fields() {
        let d = Diagnostic::warning(Code::LinkBroken, "a,b:c.md", 3, 4, "50% gone\nreally")
            .with_hint("fix it");
        let r = Renderer::with_cwd(Path::new("/w/docs"), Path::new("/w"), false);
        assert_eq!(
            r.github(&d, 1),
            "::warning file=docs/a%2Cb%3Ac.md,line=3,col=4,title=link-broken::50%25 gone\\nreally%0Ahelp: fix it"
        );
    }

    #[test]
    fn groups_show_a_few_per_code_and_count_the_rest() {
        let diags: Vec<(Diagnostic, usize)> = (1..=5)
            .map(|i| {
                (
                    Diagnostic::warning(Code::LinkBroken, "", 0, 0, format!("m{i}")),
                    1,
                )
            })
            .chain([(Diagnostic::error(Code::IncludeNotFound, "", 0, 0, "e"), 1)])
            .collect();
        let mut r = Renderer::with_cwd(Path::new("/w"), Path::new("/w"), false);
        let out = r.grouped(&diags, Some(3));
        assert!(out.find("include-not-found").unwrap() < out.find("link-broken").unwrap());
        assert!(out.contains("m3") && !out.contains("m4"), "{out}");
        assert!(out.contains("… and 2 more link-broken"), "{out}");
        let all = r.grouped(&diags, None);
        assert!(all.contains("m5") && !all.contains("more link-broken"));
        let table = summary_table(&diags);
        let rows: Vec<&str> = table.lines().collect();
        assert!(rows[1].contains("1  error    include-not-found"), "{table}");
        assert!(rows[2].contains("5  warning  link-broken"), "{table}");
    }
}
