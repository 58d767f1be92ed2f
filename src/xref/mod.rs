//! Cross references: the uid table of a docset and its use.
//!
//! - [`XrefTable::build`]: at load, every page's front matter `uid:` (a YAML
//!   page's top-level `uid`), then the external maps docfx.json names in
//!   `build.xref` (local `xrefmap.yml`/`.json` files inside the docset; a
//!   URL is reported and never fetched). A page's uid wins over a map's.
//! - [`lower`]: at composition, `<xref:uid>`, `<xref:"uid">`,
//!   `[text](xref:uid)`, `@uid` and `@"uid"` (with `?displayProperty=`,
//!   `text=`, `title=` and `#anchor`) become `<a class="xref">` links to the
//!   page's source path (`~/…`), which the link pass then resolves per
//!   variant like any other link (a page missing from an environment gives
//!   the usual link warnings). An unresolved `<xref:>` or `xref:` link is a
//!   located `xref-not-found` and shows `<span class="xref">uid</span>`; an
//!   unresolved `@uid` stays literal and silent, as in DocFX.
//! - [`xrefmap_yml`]: the `xrefmap.yml` written at each variant's root
//!   (uid → href relative to that root, name in the variant's locale), so
//!   other docsets can link to this one.
//!
//! [`DocsetRefs`] bundles what composition needs besides the page's text:
//! the uid table, the docset root (snippet files are read from it) and the
//! localized text of the missing-snippet box.

use crate::bilingual::{SEG_CLOSE, SEG_MID, SEG_OPEN};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::fence::{FenceLine, FenceTracker};
use crate::paths;
use crate::source::LineOrigin;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What composing a page needs to know of the rest of the docset.
#[derive(Debug, Default)]
pub struct DocsetRefs {
    /// The docset root (snippet files are read inside it).
    pub root: PathBuf,
    pub uids: XrefTable,
    /// Text of the box shown for a missing code snippet (a bilingual pair
    /// of the content and source locales' strings when they differ).
    pub snippet_not_found: String,
}

/// Where a uid leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page of this docset (docset path).
    Page(String),
    /// A URL from an external map (absolute, or `~/`-rooted in the docset).
    Href(String),
}

/// One uid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub target: Target,
    /// Name in the content locale.
    pub name: String,
    /// Name in the source locale, when it differs.
    pub name_source: Option<String>,
    pub full_name: Option<String>,
    pub name_with_type: Option<String>,
}

/// uid → spec.
#[derive(Debug, Default)]
pub struct XrefTable {
    pub specs: BTreeMap<String, Spec>,
}

impl XrefTable {
    pub fn get(&self, uid: &str) -> Option<&Spec> {
        self.specs.get(uid)
    }

    /// True when a page of the docset declares a uid.
    pub fn has_pages(&self) -> bool {
        self.specs
            .values()
            .any(|s| matches!(s.target, Target::Page(_)))
    }

    /// The table of `pages` (in path order) and the maps of `config.xref`.
    pub fn build<'p>(
        config: &Config,
        pages: impl IntoIterator<Item = PageUid<'p>>,
        diags: &mut Vec<Diagnostic>,
    ) -> XrefTable {
        let mut specs: BTreeMap<String, Spec> = BTreeMap::new();
        for p in pages {
            let Some(uid) = p.uid else { continue };
            let line = key_line(config, p.rel, "uid");
            let uid = match uid {
                serde_yaml::Value::String(s) => s.trim().to_string(),
                serde_yaml::Value::Number(n) => n.to_string(),
                serde_yaml::Value::Bool(b) => b.to_string(),
                _ => String::new(),
            };
            if uid.is_empty() {
                diags.push(
                    Diagnostic::warning(
                        Code::XrefUidInvalid,
                        p.rel,
                        line,
                        1,
                        "`uid:` must be a non-empty text; the page gets no uid.",
                    )
                    .with_hint("Write the uid as text, e.g. `uid: product.area.topic`."),
                );
                continue;
            }
            let uid = uid.as_str();
            if let Some(first) = specs.get(uid) {
                let Target::Page(first) = &first.target else {
                    continue;
                };
                diags.push(
                    Diagnostic::warning(
                        Code::XrefDuplicateUid,
                        p.rel,
                        line,
                        1,
                        format!("uid '{uid}' is already declared by '{first}'; cross references to it go there."),
                    )
                    .with_hint("Give each page its own uid."),
                );
                continue;
            }
            let name_source = p.title_source.filter(|s| *s != p.title).map(str::to_string);
            specs.insert(
                uid.to_string(),
                Spec {
                    target: Target::Page(p.rel.to_string()),
                    name: p.title.to_string(),
                    name_source,
                    full_name: None,
                    name_with_type: None,
                },
            );
        }
        for map in &config.xref {
            read_map(config, map, &mut specs, diags);
        }
        XrefTable { specs }
    }
}

/// What the table needs of a page.
pub struct PageUid<'p> {
    pub rel: &'p str,
    /// The front matter's (or a YAML page's) `uid` value, if any.
    pub uid: Option<&'p serde_yaml::Value>,
    /// Title in the content locale, and in the source locale when known.
    pub title: &'p str,
    pub title_source: Option<&'p str>,
}

/// Line of a front matter key in a docset file (1 when not found).
fn key_line(config: &Config, rel: &str, key: &str) -> u32 {
    let text = std::fs::read_to_string(config.root.join(rel)).unwrap_or_default();
    let mut lines = text.lines().enumerate();
    let first = lines.next().map(|(_, l)| l.trim().to_string());
    for (i, l) in lines {
        if l.trim() == "---" && first.as_deref() == Some("---") {
            break;
        }
        if l.starts_with(&format!("{key}:")) {
            return i as u32 + 1;
        }
    }
    1
}

/// Read one external map into `specs` (page uids win).
fn read_map(
    config: &Config,
    map: &str,
    specs: &mut BTreeMap<String, Spec>,
    diags: &mut Vec<Diagnostic>,
) {
    let docfx = std::fs::read_to_string(config.root.join("docfx.json")).unwrap_or_default();
    let (line, col) = crate::config::docfx::locate(&docfx, &["build", "xref"]);
    let report = |msg: String, diags: &mut Vec<Diagnostic>| {
        diags.push(
            Diagnostic::warning(Code::XrefMapInvalid, "docfx.json", line, col, msg)
                .with_hint("Name a local xrefmap.yml or .json file inside the docset (download a remote map first)."),
        );
    };
    let m = map.trim();
    if m.starts_with("http://") || m.starts_with("https://") || m.contains("://") {
        report(
            format!("Xref map '{m}' is a URL; tolk does not fetch it (no network), so its uids are not resolved."),
            diags,
        );
        return;
    }
    let rel = if m.starts_with('/') || paths::is_external(m) || m.as_bytes().get(1) == Some(&b':') {
        None
    } else {
        paths::resolve("", &m.replace('\\', "/"))
    };
    let Some(rel) = rel else {
        report(
            format!("Xref map '{m}' is outside the docset; tolk only reads maps inside it."),
            diags,
        );
        return;
    };
    let full = config.root.join(&rel);
    let inside = match (full.canonicalize(), config.root.canonicalize()) {
        (Ok(f), Ok(r)) => f.starts_with(r),
        _ => true,
    };
    if !inside {
        report(
            format!(
                "Xref map '{m}' is a symbolic link leading outside the docset; it is not read."
            ),
            diags,
        );
        return;
    }
    let text = match std::fs::read_to_string(&full) {
        Ok(t) => t,
        Err(e) => {
            report(format!("Xref map '{m}' cannot be read: {e}."), diags);
            return;
        }
    };
    let value: serde_yaml::Value = match serde_yaml::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            report(format!("Xref map '{m}' is not YAML or JSON: {e}."), diags);
            return;
        }
    };
    let Some(refs) = value.get("references").and_then(|r| r.as_sequence()) else {
        report(format!("Xref map '{m}' has no `references:` list."), diags);
        return;
    };
    let base = value
        .get("baseUrl")
        .and_then(|b| b.as_str())
        .map(str::trim)
        .filter(|b| !b.is_empty());
    let map_dir = paths::dir_of(&rel).to_string();
    let s = |v: &serde_yaml::Value, k: &str| -> Option<String> {
        v.get(k)
            .and_then(|x| x.as_str())
            .map(str::to_string)
            .filter(|x| !x.trim().is_empty())
    };
    let mut skipped = 0;
    for r in refs {
        let (Some(uid), Some(href)) = (s(r, "uid"), s(r, "href")) else {
            skipped += 1;
            continue;
        };
        if specs.contains_key(&uid) {
            continue;
        }
        let href = if paths::is_external(&href) {
            href
        } else if let Some(b) = base {
            format!(
                "{}/{}",
                b.trim_end_matches('/'),
                href.trim_start_matches('/')
            )
        } else {
            match paths::resolve(&map_dir, &href) {
                Some(p) => format!("~/{p}"),
                None => href,
            }
        };
        let name = s(r, "name").unwrap_or_else(|| uid.clone());
        specs.insert(
            uid,
            Spec {
                target: Target::Href(href),
                name,
                name_source: None,
                full_name: s(r, "fullName"),
                name_with_type: s(r, "nameWithType"),
            },
        );
    }
    if skipped > 0 {
        report(
            format!("{skipped} reference(s) of xref map '{m}' lack a uid or href and are skipped."),
            diags,
        );
    }
}

/// Markdown showing `target` in the content locale and `source` in the
/// source locale (a bilingual pair when they differ).
pub fn bilingual_text(target: &str, source: &str) -> String {
    if target == source {
        md_escape(target)
    } else {
        format!(
            "{SEG_OPEN}{}{SEG_MID}{}{SEG_CLOSE}",
            md_escape(target),
            md_escape(source)
        )
    }
}

/// Backslash-escape ASCII punctuation so that a name is literal Markdown text.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

type Lines = Vec<(String, LineOrigin)>;

/// Which side of a bilingual pair a position is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Outside,
    Target,
    Source,
}

/// A parsed xref: uid, query values, anchor.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct XrefRef {
    pub uid: String,
    pub display_property: Option<String>,
    pub text: Option<String>,
    pub title: Option<String>,
    pub anchor: Option<String>,
}

/// Parse `uid?displayProperty=fullName&text=T&title=X#anchor`.
pub fn parse_ref(s: &str) -> XrefRef {
    let (before, anchor) = match s.find('#') {
        Some(i) => (&s[..i], Some(s[i + 1..].to_string())),
        None => (s, None),
    };
    let (uid, query) = before.split_once('?').unwrap_or((before, ""));
    let mut r = XrefRef {
        uid: paths::percent_decode(uid.trim()).into_owned(),
        anchor: anchor.filter(|a| !a.is_empty()),
        ..XrefRef::default()
    };
    for kv in query.split('&').filter(|k| !k.is_empty()) {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        let v = paths::percent_decode(&v.replace('+', " ")).into_owned();
        match k.to_ascii_lowercase().as_str() {
            "displayproperty" => r.display_property = Some(v),
            "text" => r.text = Some(v),
            "title" => r.title = Some(v),
            _ => {}
        }
    }
    r
}

/// Built once: `memmem::find` would build a searcher for every line.
static REF_COLON: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"ref:"));

/// Lower every cross reference of the composed lines.
pub fn lower(
    lines: Lines,
    files: &[String],
    refs: &DocsetRefs,
    diags: &mut Vec<Diagnostic>,
) -> Lines {
    // `@uid` can only resolve when some uid exists; `<xref:>` and `xref:`
    // links are reported even then.
    let table = &refs.uids;
    let shortcuts = !table.specs.is_empty();
    let candidate = |l: &str| {
        (shortcuts && l.contains('@'))
            || REF_COLON.find(l.as_bytes()).is_some() && l.to_ascii_lowercase().contains("xref:")
    };
    if !lines.iter().any(|(l, _)| candidate(l)) {
        return lines;
    }
    let mut fences = FenceTracker::default();
    let mut mode = Mode::Outside;
    let mut reported = std::collections::HashSet::new();
    // Raw lines of files whose composed lines hold span pairs (columns there
    // count sentinels, not the span markup the writer sees).
    let mut raw: std::collections::HashMap<u32, Vec<String>> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(lines.len());
    for (line, o) in lines {
        if fences.line(&line) != FenceLine::Text || !candidate(&line) {
            // A line without xrefs still moves the side of a pair spanning lines.
            if line.contains(['\u{2E20}', '\u{2E3E}', '\u{2E21}']) {
                for c in line.chars() {
                    match c {
                        SEG_OPEN => mode = Mode::Target,
                        SEG_MID => mode = Mode::Source,
                        SEG_CLOSE => mode = Mode::Outside,
                        _ => {}
                    }
                }
            }
            out.push((line, o));
            continue;
        }
        let file = &files[o.file as usize];
        let has_pairs = crate::bilingual::has_sentinels(&line);
        let l = lower_line(&line, table, &mut mode, &mut |col, uid, token| {
            // Both halves of a pair name the same uid: one report per line.
            if !reported.insert((o.file, o.line, uid.to_string())) {
                return;
            }
            let mut col = col;
            if has_pairs {
                let lines = raw.entry(o.file).or_insert_with(|| {
                    std::fs::read_to_string(refs.root.join(file))
                        .unwrap_or_default()
                        .lines()
                        .map(str::to_string)
                        .collect()
                });
                if let Some(r) = (o.line as usize).checked_sub(1).and_then(|i| lines.get(i)) {
                    if let Some(b) = r.find(token) {
                        col = r[..b].chars().count();
                    }
                }
            }
            diags.push(
                Diagnostic::warning(
                    Code::XrefNotFound,
                    file,
                    o.line,
                    col as u32 + 1,
                    format!("Cross reference '{uid}' matches no uid of this docset or its xref maps; it shows as plain text."),
                )
                .with_hint("Fix the uid, add `uid:` to the target page's front matter, or name the map in docfx.json `build.xref`."),
            )
        });
        out.push((l, o));
    }
    out
}

/// Lower one line; `missing(column, uid, token)` is called for each
/// unresolved `<xref:>` (at its `<`) and `xref:` link (at its URL).
fn lower_line(
    line: &str,
    table: &XrefTable,
    mode: &mut Mode,
    missing: &mut dyn FnMut(usize, &str, &str),
) -> String {
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len() + 32);
    let mut i = 0;
    let mut copied = 0;
    let col = |i: usize| line[..i].chars().count();
    while i < b.len() {
        let c = b[i];
        // Sentinels (3 bytes E2 B8 xx) switch the side.
        if c == 0xE2 {
            if let Some(ch) = line[i..].chars().next() {
                match ch {
                    SEG_OPEN => *mode = Mode::Target,
                    SEG_MID => *mode = Mode::Source,
                    SEG_CLOSE => *mode = Mode::Outside,
                    _ => {}
                }
                i += ch.len_utf8();
                continue;
            }
        }
        match c {
            b'\\' => {
                i += 1 + line[i + 1..].chars().next().map_or(0, char::len_utf8);
                continue;
            }
            b'`' => {
                // Skip a code span (the same run of backticks closes it).
                let run = b[i..].iter().take_while(|&&x| x == b'`').count();
                let ticks = &line[i..i + run];
                let after = i + run;
                match find_closing_ticks(&line[after..], run) {
                    Some(end) => i = after + end + run,
                    None => i = after,
                }
                let _ = ticks;
                continue;
            }
            b'<' if b.len() > i + 6 && b[i + 1..i + 6].eq_ignore_ascii_case(b"xref:") => {
                let Some((end, inner)) = autolink(line, i) else {
                    i += 1;
                    continue;
                };
                let r = parse_ref(&inner);
                out.push_str(&line[copied..i]);
                match table.get(&r.uid) {
                    Some(spec) => out.push_str(&anchor_html(spec, &r, *mode, None)),
                    None => {
                        missing(col(i), &r.uid, &line[i..end]);
                        out.push_str(&format!(
                            "<span class=\"xref\">{}</span>",
                            md_escape(r.text.as_deref().unwrap_or(&r.uid))
                        ));
                    }
                }
                i = end;
                copied = end;
                continue;
            }
            b']' if b.len() > i + 7 && b[i..i + 7].eq_ignore_ascii_case(b"](xref:") => {
                let Some(open) = opening_bracket(line, i) else {
                    i += 1;
                    continue;
                };
                if open < copied || (open > 0 && b[open - 1] == b'!') {
                    i += 1;
                    continue;
                }
                let url_start = i + 2 + "xref:".len();
                let Some(close) = line[url_start..].find(')').map(|k| url_start + k) else {
                    i += 1;
                    continue;
                };
                let inside = &line[url_start..close];
                let (target, title) = match inside.find(char::is_whitespace) {
                    Some(k) => (&inside[..k], inside[k..].trim()),
                    None => (inside, ""),
                };
                let r = parse_ref(target.trim_start_matches('<').trim_end_matches('>'));
                let text = &line[open + 1..i];
                out.push_str(&line[copied..open]);
                match table.get(&r.uid) {
                    Some(spec) => {
                        let title = title.trim_matches(['"', '\'']).to_string();
                        let r = XrefRef {
                            title: r.title.clone().or((!title.is_empty()).then_some(title)),
                            ..r
                        };
                        let text = (!text.trim().is_empty()).then_some(text);
                        out.push_str(&anchor_html(spec, &r, *mode, text));
                    }
                    None => {
                        let token = &line[i + 2..i + 2 + "xref:".len() + target.len()];
                        missing(col(i + 2), &r.uid, token);
                        let shown = if text.trim().is_empty() {
                            md_escape(&r.uid)
                        } else {
                            text.to_string()
                        };
                        out.push_str(&format!("<span class=\"xref\">{shown}</span>"));
                    }
                }
                i = close + 1;
                copied = i;
                continue;
            }
            // Other HTML tags and autolinks (`<a href="mailto:a@b">`,
            // `<https://x/@y>`): nothing inside is a cross reference.
            b'<' if b
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/' || *c == b'!') =>
            {
                i = skip_tag(b, i);
                continue;
            }
            // A link destination that is not `xref:`.
            b']' if b.get(i + 1) == Some(&b'(') => {
                i = match line[i..].find(')') {
                    Some(k) => i + k + 1,
                    None => i + 2,
                };
                continue;
            }
            b'@' => {
                let prev_ok = i == 0 || {
                    let p = line[..i].chars().next_back().unwrap_or(' ');
                    !(p.is_alphanumeric() || p == '@' || p == '_')
                };
                if prev_ok {
                    if let Some((end, inner)) = shortcut(line, i) {
                        let r = parse_ref(&inner);
                        if let Some(spec) = table.get(&r.uid) {
                            out.push_str(&line[copied..i]);
                            out.push_str(&anchor_html(spec, &r, *mode, None));
                            i = end;
                            copied = end;
                            continue;
                        }
                    }
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if copied == 0 {
        return line.to_string();
    }
    out.push_str(&line[copied..]);
    out
}

/// The end of the HTML tag or autolink opening at `i` (quotes respected),
/// or just past `<` when it does not close on the line.
fn skip_tag(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    let mut quote = None;
    while j < b.len() {
        match (quote, b[j]) {
            (None, b'"' | b'\'') => quote = Some(b[j]),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return j + 1,
            (None, b'<') => return i + 1,
            _ => {}
        }
        j += 1;
    }
    i + 1
}

fn find_closing_ticks(s: &str, run: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'`' {
            let r = b[i..].iter().take_while(|&&x| x == b'`').count();
            if r == run {
                return Some(i);
            }
            i += r;
        } else {
            i += 1;
        }
    }
    None
}

/// `<xref:uid>` / `<xref:"uid">` at `i`: (end, inner text).
fn autolink(line: &str, i: usize) -> Option<(usize, String)> {
    let start = i + "<xref:".len();
    let rest = &line[start..];
    if let Some(q) = rest.strip_prefix('"') {
        let close = q.find('"')?;
        let after = start + 1 + close + 1;
        if line[after..].starts_with('>') {
            return Some((after + 1, q[..close].to_string()));
        }
        return None;
    }
    let end = rest.find(|c: char| c == '>' || c == '<' || c.is_whitespace())?;
    if !rest[end..].starts_with('>') || end == 0 {
        return None;
    }
    Some((start + end + 1, rest[..end].to_string()))
}

/// `@uid` / `@"uid"` at `i`: (end, uid text).
fn shortcut(line: &str, i: usize) -> Option<(usize, String)> {
    let rest = &line[i + 1..];
    if let Some(q) = rest.strip_prefix('"') {
        let close = q.find('"')?;
        if close == 0 {
            return None;
        }
        return Some((i + 1 + 1 + close + 1, q[..close].to_string()));
    }
    if !rest.chars().next()?.is_alphabetic() {
        return None;
    }
    let stop = rest
        .find(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '"' | '\'' | '<' | '>' | '[' | ']' | '|' | '`' | '(' | ')'
                )
                || c == SEG_OPEN
                || c == SEG_MID
                || c == SEG_CLOSE
        })
        .unwrap_or(rest.len());
    let uid = rest[..stop].trim_end_matches(['.', ',', ';', ':', '!', '?', '~', '*', '_']);
    if uid.is_empty() {
        return None;
    }
    Some((i + 1 + uid.len(), uid.to_string()))
}

/// The `[` that opens the link text closed by the `]` at `close`.
fn opening_bracket(line: &str, close: usize) -> Option<usize> {
    let b = line.as_bytes();
    let mut depth = 0;
    let mut j = close;
    while j > 0 {
        j -= 1;
        let escaped = j > 0 && b[j - 1] == b'\\';
        match b[j] {
            b']' if !escaped => depth += 1,
            b'[' if !escaped => {
                if depth == 0 {
                    return Some(j);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

/// `<a class="xref" href="…" title="…">name</a>` for a resolved uid. `text`:
/// the link text written (Markdown), else the query's `text`, else the
/// display property, else the name (per side of a pair).
fn anchor_html(spec: &Spec, r: &XrefRef, mode: Mode, text: Option<&str>) -> String {
    let mut href = match &spec.target {
        Target::Page(rel) => format!("~/{rel}"),
        Target::Href(h) => h.clone(),
    };
    if let Some(a) = &r.anchor {
        href.push('#');
        href.push_str(a);
    }
    let shown = if let Some(t) = text {
        t.to_string()
    } else if let Some(t) = &r.text {
        md_escape(t)
    } else {
        let prop = r.display_property.as_deref().map(str::to_ascii_lowercase);
        let special = match prop.as_deref() {
            Some("fullname") => spec.full_name.as_deref(),
            Some("namewithtype") => spec.name_with_type.as_deref(),
            _ => None,
        };
        match (special, &spec.name_source, mode) {
            (Some(s), _, _) => md_escape(s),
            (None, Some(src), Mode::Outside) => format!(
                "{SEG_OPEN}{}{SEG_MID}{}{SEG_CLOSE}",
                md_escape(&spec.name),
                md_escape(src)
            ),
            (None, Some(src), Mode::Source) => md_escape(src),
            _ => md_escape(&spec.name),
        }
    };
    let title = r
        .title
        .as_deref()
        .map(|t| format!(" title=\"{}\"", crate::html::escape(t)))
        .unwrap_or_default();
    format!(
        "<a class=\"xref\" href=\"{}\"{title}>{shown}</a>",
        crate::html::escape(&href)
    )
}

/// One entry of a written xref map.
#[derive(Serialize)]
pub struct MapEntry<'a> {
    pub uid: &'a str,
    pub name: String,
    pub href: String,
}

#[derive(Serialize)]
struct MapFile<'a> {
    sorted: bool,
    references: Vec<MapEntry<'a>>,
}

/// An `xrefmap.yml` (DocFX's format) of `references`, sorted by uid.
pub fn xrefmap_yml(mut references: Vec<MapEntry>) -> String {
    references.sort_by(|a, b| a.uid.cmp(b.uid));
    let body = serde_yaml::to_string(&MapFile {
        sorted: true,
        references,
    })
    .unwrap_or_default();
    format!("### YamlMime:XRefMap\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> XrefTable {
        let mut specs = BTreeMap::new();
        specs.insert(
            "a.page".to_string(),
            Spec {
                target: Target::Page("docs/a.md".into()),
                name: "Pagina A".into(),
                name_source: Some("Page A".into()),
                full_name: None,
                name_with_type: None,
            },
        );
        specs.insert(
            "System.String".to_string(),
            Spec {
                target: Target::Href("https://learn.microsoft.com/dotnet/api/system.string".into()),
                name: "String".into(),
                name_source: None,
                full_name: Some("System.String".into()),
                name_with_type: None,
            },
        );
        XrefTable { specs }
    }

    fn run(line: &str) -> (String, Vec<(usize, String)>) {
        let mut miss = Vec::new();
        let mut mode = Mode::Outside;
        let out = lower_line(line, &table(), &mut mode, &mut |c, u, _| {
            miss.push((c, u.to_string()))
        });
        (out, miss)
    }

    #[test]
    fn autolinks_resolved_and_not() {
        let (o, m) =
            run("See <xref:a.page> and <xref:\"System.String?displayProperty=fullName\">.");
        assert_eq!(o, "See <a class=\"xref\" href=\"~/docs/a.md\">⸠Pagina A⸾Page A⸡</a> and <a class=\"xref\" href=\"https://learn.microsoft.com/dotnet/api/system.string\">System\\.String</a>.");
        assert!(m.is_empty());
        let (o, m) = run("x <xref:nope?text=Nope> y");
        assert_eq!(o, "x <span class=\"xref\">Nope</span> y");
        assert_eq!(m, vec![(2, "nope".to_string())]);
    }

    #[test]
    fn links_shortcuts_code_and_pairs() {
        let (o, _) = run("[the page](xref:a.page#sec \"T\") and [](xref:a.page)");
        assert_eq!(o, "<a class=\"xref\" href=\"~/docs/a.md#sec\" title=\"T\">the page</a> and <a class=\"xref\" href=\"~/docs/a.md\">⸠Pagina A⸾Page A⸡</a>");
        let (o, m) = run("[lost](xref:gone)");
        assert_eq!(o, "<span class=\"xref\">lost</span>");
        assert_eq!(m.len(), 1);
        let (o, m) =
            run("Mail a@a.page, see @a.page. Or @nope and `@a.page` and @\"System.String\"!");
        assert!(m.is_empty());
        assert_eq!(o, "Mail a@a.page, see <a class=\"xref\" href=\"~/docs/a.md\">⸠Pagina A⸾Page A⸡</a>. Or @nope and `@a.page` and <a class=\"xref\" href=\"https://learn.microsoft.com/dotnet/api/system.string\">String</a>!");
        let (o, _) = run("⸠Zie @a.page⸾See @a.page⸡");
        assert_eq!(o, "⸠Zie <a class=\"xref\" href=\"~/docs/a.md\">Pagina A</a>⸾See <a class=\"xref\" href=\"~/docs/a.md\">Page A</a>⸡");
    }

    #[test]
    fn html_tags_and_link_destinations_hold_no_xrefs() {
        let (o, m) = run("<a href=\"mailto:x@a.page\" title='@a.page'>@a.page</a> [x](https://h/@a.page) <https://h/@a.page>");
        assert!(m.is_empty());
        assert_eq!(o, "<a href=\"mailto:x@a.page\" title='@a.page'><a class=\"xref\" href=\"~/docs/a.md\">⸠Pagina A⸾Page A⸡</a></a> [x](https://h/@a.page) <https://h/@a.page>");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_keeps_plain_text(parts in proptest::collection::vec(proptest::sample::select(vec![
            "<xref:", "<xref:\"", "a.page", "nope", ">", "\"", "@", "@\"", "](xref:", "[", "]", "(", ")",
            "`", "``", "\\", "é", "⸠", "⸾", "⸡", "?text=", "#", " ", "<a href='", "<", "mailto:",
        ]), 0..24)) {
            let line: String = parts.concat();
            let mut mode = Mode::Outside;
            let out = lower_line(&line, &table(), &mut mode, &mut |_, _, _| {});
            if !line.contains('@') && !line.to_ascii_lowercase().contains("xref:") {
                proptest::prop_assert_eq!(out, line);
            }
        }
    }

    #[test]
    fn refs_parse() {
        let r = parse_ref("A.B?displayProperty=nameWithType&text=Hi+there&title=t#x");
        assert_eq!(r.uid, "A.B");
        assert_eq!(r.display_property.as_deref(), Some("nameWithType"));
        assert_eq!(r.text.as_deref(), Some("Hi there"));
        assert_eq!(r.title.as_deref(), Some("t"));
        assert_eq!(r.anchor.as_deref(), Some("x"));
    }
}
