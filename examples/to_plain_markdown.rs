//! Converts a localized DocFX docset into plain CommonMark in the content locale, so that
//! other static-site generators (Hugo, Zola) can build the same pages in `benches/site.sh`.
//!
//! ```text
//! cargo run --release --example to_plain_markdown -- SRC OUT [--env NAME] [--toml] [--static DIR]
//! ```
//!
//! Std-only, so it also builds on its own:
//! `rustc --edition 2021 -O examples/to_plain_markdown.rs -o /tmp/to_plain_markdown`.
//!
//! Every page (`*.md` outside `includes/`, `obj/`, `_themes/`, except `TOC.md` and a root
//! `README.md`) is written to the same relative path under OUT, with:
//! - front matter reduced to a quoted `title` (YAML `---`, or TOML `+++` with `--toml`);
//! - bilingual span pairs replaced by their target (translated) text, source text dropped;
//!   broken pairs (a missing half, stray `<span>`/`</span>`, `&quot;`-mangled tags, pairs
//!   across lines) are resolved best effort;
//! - moniker blocks: `::: moniker` lines dropped, and only the content visible in ONE
//!   environment kept (`--env`, default: the first of `moniker_range` in `docfx.json`), so a
//!   page holds what one tolk variant holds;
//! - `[!INCLUDE [..](path)]` expanded in place, the path taken relative to the file that holds
//!   the directive (nested includes relative to the include), front matter of includes dropped;
//! - `> [!NOTE]` and the other `[!…]` markers (alerts, `[!div]`, `[!VIDEO]`) dropped, leaving
//!   plain blockquotes; `:::image … :::` becomes `![alt](src)`, other `:::` lines are dropped;
//! - links (including `.md` links) kept as they are.
//!
//! With `--static DIR`, resource files (images and other non-Markdown, non-YAML files outside
//! `obj/` and `_themes/`) are copied to the same relative path under DIR.
//!
//! Never panics on messy input: unreadable or non-UTF-8 files are converted lossily, missing
//! includes are dropped and counted.

use std::fmt::Write as _;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Opts {
    env: Option<String>,
    order: Vec<String>,
    toml: bool,
}

static MISSING_INCLUDES: AtomicUsize = AtomicUsize::new(0);
static BROKEN_PAIRS: AtomicUsize = AtomicUsize::new(0);

fn usage() -> ! {
    eprintln!(
        "usage: to_plain_markdown SRC OUT [--env NAME] [--toml] [--static DIR] [--threads N]"
    );
    process::exit(2);
}

// ---------------------------------------------------------------------------------------------
// docfx.json: only the moniker list is needed, read without a JSON parser (the real corpus has
// JSON that strict parsers reject elsewhere anyway).

fn moniker_order(src: &Path) -> Vec<String> {
    let Ok(text) = fs::read_to_string(src.join("docfx.json")) else {
        return Vec::new();
    };
    let Some(k) = text.find("\"moniker_range\"") else {
        return Vec::new();
    };
    let rest = &text[k + "\"moniker_range\"".len()..];
    let Some(q1) = rest.find('"') else {
        return Vec::new();
    };
    let rest = &rest[q1 + 1..];
    let Some(q2) = rest.find('"') else {
        return Vec::new();
    };
    rest[..q2]
        .split("||")
        .map(|t| {
            t.trim()
                .trim_start_matches(['=', '>', '<'])
                .trim()
                .to_string()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// DocFX moniker range: `a || b`, terms may carry `=`, `>`, `>=`, `<`, `<=`; space-separated
/// terms within one alternative must all hold.
fn range_matches(range: &str, opts: &Opts) -> bool {
    let Some(env) = opts.env.as_deref() else {
        return true;
    };
    let pos = |name: &str| opts.order.iter().position(|m| m.eq_ignore_ascii_case(name));
    let me = pos(env);
    range.split("||").any(|alt| {
        let mut any = false;
        let all = alt.split_whitespace().all(|term| {
            any = true;
            let (op, name) = if let Some(n) = term.strip_prefix(">=") {
                (">=", n)
            } else if let Some(n) = term.strip_prefix("<=") {
                ("<=", n)
            } else if let Some(n) = term.strip_prefix('>') {
                (">", n)
            } else if let Some(n) = term.strip_prefix('<') {
                ("<", n)
            } else {
                ("=", term.trim_start_matches('='))
            };
            if op == "=" {
                return name.eq_ignore_ascii_case(env);
            }
            match (me, pos(name)) {
                (Some(a), Some(b)) => match op {
                    ">=" => a >= b,
                    "<=" => a <= b,
                    ">" => a > b,
                    _ => a < b,
                },
                _ => false,
            }
        });
        any && all
    })
}

// ---------------------------------------------------------------------------------------------
// Front matter.

fn split_front_matter(text: &str) -> (&str, &str) {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = t.find('\n').unwrap_or(t.len());
    if t[..first_end].trim_end() != "---" {
        return ("", t);
    }
    let mut pos = first_end + 1;
    while pos < t.len() {
        let end = t[pos..].find('\n').map_or(t.len(), |e| pos + e);
        if t[pos..end].trim_end() == "---" {
            return (&t[first_end + 1..pos], &t[(end + 1).min(t.len())..]);
        }
        pos = end + 1;
    }
    ("", t) // unterminated: treat everything as body
}

fn yaml_scalar(v: &str) -> String {
    let v = v.trim();
    if let Some(inner) = v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    if let Some(inner) = v.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
        return inner.replace("\\\"", "\"").replace("\\\\", "\\");
    }
    v.to_string()
}

fn front_matter_title(fm: &str) -> Option<String> {
    let mut lines = fm.lines().peekable();
    while let Some(l) = lines.next() {
        let Some(v) = l.strip_prefix("title:") else {
            continue;
        };
        let v = v.trim();
        if v.is_empty() || v.starts_with('>') || v.starts_with('|') {
            let mut parts = Vec::new();
            while let Some(n) = lines.peek() {
                if n.starts_with(' ') || n.starts_with('\t') {
                    parts.push(n.trim());
                    lines.next();
                } else {
                    break;
                }
            }
            let s = parts.join(" ");
            return (!s.is_empty()).then(|| yaml_scalar(&s));
        }
        return Some(yaml_scalar(v));
    }
    None
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            c if (c as u32) < 0x20 => q.push(' '),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

// ---------------------------------------------------------------------------------------------
// Span pairs.

fn find_from(hay: &str, from: usize, needle: &str) -> Option<usize> {
    hay.get(from..)?.find(needle).map(|i| i + from)
}

/// Start (the `<span`) of the next pair's opening tag at or after `from`, or the text length.
fn next_pair_start(text: &str, from: usize) -> usize {
    match find_from(text, from, "data-ttu-id") {
        Some(d) => text[from..d].rfind("<span").map_or(d, |k| from + k),
        None => text.len(),
    }
}

fn remove_bare_spans(s: &str) -> String {
    if !s.contains("span>") {
        return s.to_string();
    }
    s.replace("</span>", "").replace("<span>", "")
}

/// Replaces every `<span data-ttu-id=..>T</span><span class="sxs-lookup"><span data-stu-id=..>S</span></span>`
/// by `T`, best effort on broken pairs.
fn resolve_pairs(text: &str) -> String {
    if !text.contains("<span") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() / 2 + 64);
    let mut i = 0;
    while let Some(pos) = find_from(text, i, "<span") {
        out.push_str(&text[i..pos]);
        // The tag itself: up to '>' on the same line, bounded.
        let tag_end = text[pos..]
            .char_indices()
            .take(400)
            .find(|&(_, c)| c == '>' || c == '\n')
            .filter(|&(_, c)| c == '>')
            .map(|(k, _)| pos + k);
        let Some(tag_end) = tag_end else {
            out.push_str("<span");
            i = pos + 5;
            continue;
        };
        let tag = &text[pos..=tag_end];
        let after = tag_end + 1;
        if tag.contains("data-ttu-id") {
            let next_pair = next_pair_start(text, after);
            let lookup = text[after..next_pair].find("sxs-lookup").map(|k| after + k);
            match lookup.and_then(|m| text[after..m].rfind("<span").map(|k| after + k)) {
                Some(lookup_start) => {
                    let target = text[after..lookup_start].trim_end();
                    let target = target.strip_suffix("</span>").unwrap_or(target);
                    out.push_str(&remove_bare_spans(target));
                    // Skip the source half.
                    let end =
                        find_from(text, lookup_start, "</span></span>").filter(|&e| e < next_pair);
                    i = match end {
                        Some(e) => e + "</span></span>".len(),
                        None => {
                            BROKEN_PAIRS.fetch_add(1, Ordering::Relaxed);
                            // Drop up to the first </span> after the source text, if any.
                            let stu = find_from(text, lookup_start + 5, "<span")
                                .filter(|&s| s < next_pair);
                            let from = stu.unwrap_or(lookup_start);
                            find_from(text, from, "</span>")
                                .filter(|&e| e < next_pair)
                                .map_or(next_pair, |e| e + "</span>".len())
                        }
                    };
                }
                None => {
                    // No source half before the next pair: keep the text, drop the tag.
                    BROKEN_PAIRS.fetch_add(1, Ordering::Relaxed);
                    i = after;
                }
            }
        } else if tag.contains("sxs-lookup") || tag.contains("data-stu-id") {
            // Orphan source half: drop it.
            BROKEN_PAIRS.fetch_add(1, Ordering::Relaxed);
            let next_pair = next_pair_start(text, after);
            i = match find_from(text, after, "</span></span>").filter(|&e| e < next_pair) {
                Some(e) => e + "</span></span>".len(),
                None => after,
            };
        } else {
            out.push_str(tag);
            i = after;
        }
    }
    out.push_str(&text[i..]);
    out
}

// ---------------------------------------------------------------------------------------------
// Lines: monikers, includes, alerts, :::image.

fn attr<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    let k = s.find(&format!("{name}="))? + name.len() + 1;
    let rest = &s[k..];
    let (q, rest) = if let Some(r) = rest.strip_prefix('"') {
        ("\"", r)
    } else if let Some(r) = rest.strip_prefix("&quot;") {
        ("&quot;", r)
    } else if let Some(r) = rest.strip_prefix('\'') {
        ("'", r)
    } else {
        return None;
    };
    rest.find(q).map(|e| &rest[..e])
}

/// `[!INCLUDE [text](path)]` at `start` (the '['): returns (path, end index after the ']').
fn parse_include(line: &str, start: usize) -> Option<(&str, usize)> {
    let rest = &line[start..];
    let upper = rest.get(..9)?;
    if !upper.eq_ignore_ascii_case("[!include") {
        return None;
    }
    let open = rest.find("](")?;
    let close = rest[open + 2..].find(')')? + open + 2;
    let path = rest[open + 2..close].trim();
    let after = rest[close + 1..].find(']').map(|k| close + 1 + k + 1)?;
    Some((path, start + after))
}

/// Case-insensitive fallback for each path component (the corpus has links whose case differs).
fn resolve_path(base: &Path, rel: &str) -> Option<PathBuf> {
    let rel = rel.split(['#', '?']).next().unwrap_or("").trim();
    if rel.is_empty() || rel.contains("://") {
        return None;
    }
    let rel = rel.trim_start_matches('~').trim_start_matches('/');
    let mut p = PathBuf::from(base);
    for c in Path::new(rel).components() {
        match c {
            Component::ParentDir => {
                p.pop();
            }
            Component::Normal(n) => {
                let direct = p.join(n);
                if direct.exists() {
                    p = direct;
                } else {
                    let want = n.to_string_lossy().to_lowercase();
                    let found = fs::read_dir(&p)
                        .ok()?
                        .flatten()
                        .find(|e| e.file_name().to_string_lossy().to_lowercase() == want)?;
                    p = found.path();
                }
            }
            _ => {}
        }
    }
    p.is_file().then_some(p)
}

/// Drops `[!NOTE]`, `[!div …]`, `[!VIDEO …]` … markers (anything `[!Word…]` but INCLUDE).
fn drop_markers(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains("[!") {
        return line.into();
    }
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while let Some(k) = find_from(line, i, "[!") {
        out.push_str(&line[i..k]);
        let word_ok = line[k + 2..].starts_with(|c: char| c.is_ascii_alphabetic());
        let is_include = line[k..]
            .get(..9)
            .is_some_and(|s| s.eq_ignore_ascii_case("[!include"));
        match line[k..].find(']') {
            Some(e) if word_ok && !is_include && !line[k + 2..k + e].contains('[') => {
                i = k + e + 1;
                // "> [!NOTE] text" → "> text"
                if line[i..].starts_with(' ') && (out.is_empty() || out.ends_with(' ')) {
                    i += 1;
                }
            }
            _ => {
                out.push_str("[!");
                i = k + 2;
            }
        }
    }
    out.push_str(&line[i..]);
    out.into()
}

/// `… :::image type="icon" source="x.png" border="false"::: …` inside a line → `![](x.png)`.
fn inline_images(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while let Some(k) = find_from(line, i, ":::image") {
        let Some(e) = find_from(line, k + 8, ":::") else {
            break;
        };
        out.push_str(&line[i..k]);
        let inner = &line[k + 8..e];
        if let Some(src) = attr(inner, "source") {
            let alt = attr(inner, "alt-text").unwrap_or("");
            let _ = write!(out, "![{alt}]({src})");
        }
        i = e + 3;
    }
    out.push_str(&line[i..]);
    out
}

struct Conv<'a> {
    opts: &'a Opts,
    stack: Vec<PathBuf>,
}

impl Conv<'_> {
    /// Converts a Markdown body (front matter already removed) held by a file in `dir`.
    fn body(&mut self, text: &str, dir: &Path, out: &mut String) {
        let text = resolve_pairs(text);
        let mut monikers: Vec<bool> = Vec::new();
        let mut skip_complex_image = false;
        for line in text.lines() {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix(":::") {
                let rest = rest.trim_start();
                if rest.starts_with("moniker-end") {
                    monikers.pop(); // a stray end is ignored
                } else if rest.starts_with("moniker") {
                    let range = attr(rest, "range").unwrap_or("");
                    monikers.push(range_matches(range, self.opts));
                } else if rest.starts_with("image-end") {
                    skip_complex_image = false;
                } else if rest.starts_with("image") && monikers.iter().all(|&v| v) {
                    let indent = &line[..line.len() - trimmed.len()];
                    let src = attr(rest, "source").unwrap_or("");
                    let alt = attr(rest, "alt-text").unwrap_or("");
                    if !src.is_empty() {
                        let _ = writeln!(out, "{indent}![{alt}]({src})");
                    }
                    if attr(rest, "type") == Some("complex") {
                        skip_complex_image = true;
                    }
                }
                continue; // other ::: lines (row, column, zone…) are dropped
            }
            if skip_complex_image || !monikers.iter().all(|&v| v) {
                continue;
            }
            let with_images;
            let line = if line.contains(":::image") {
                with_images = inline_images(line);
                with_images.as_str()
            } else {
                line
            };
            if line.contains("[!") {
                self.line_with_directives(line, dir, out);
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
    }

    fn line_with_directives(&mut self, line: &str, dir: &Path, out: &mut String) {
        // Includes first.
        let mut rest_start = 0;
        let mut expanded = String::new();
        let mut any = false;
        let mut i = 0;
        while let Some(k) = find_from(line, i, "[!") {
            if let Some((path, end)) = parse_include(line, k) {
                any = true;
                let prefix = &line[rest_start..k];
                let tail_empty = line[end..].trim().is_empty();
                let block = rest_start == 0
                    && prefix.chars().all(|c| c == ' ' || c == '>' || c == '\t')
                    && tail_empty;
                let content = self.include(path, dir);
                if block {
                    let content = content.trim_end_matches('\n');
                    for (n, l) in content.lines().enumerate() {
                        if n > 0 {
                            expanded.push('\n');
                        }
                        expanded.push_str(prefix);
                        expanded.push_str(l);
                    }
                    if content.is_empty() {
                        expanded.push_str(prefix.trim_end());
                    }
                } else {
                    expanded.push_str(prefix);
                    let joined: Vec<&str> = content
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .collect();
                    expanded.push_str(&joined.join(" "));
                }
                rest_start = end;
                i = end;
            } else {
                i = k + 2;
            }
        }
        let line_owned;
        let line = if any {
            expanded.push_str(&line[rest_start..]);
            line_owned = expanded;
            // Expanded text is already converted: emit as is, only markers of this line remain.
            out.push_str(&line_owned);
            out.push('\n');
            return;
        } else {
            line
        };
        let dropped = drop_markers(line);
        // A line that held only a marker ("> [!NOTE]") keeps its blockquote prefix.
        if dropped.trim().trim_start_matches('>').trim().is_empty() && !line.trim().is_empty() {
            let pfx = line.trim_end();
            let keep: String = pfx.chars().take_while(|c| *c == ' ' || *c == '>').collect();
            out.push_str(keep.trim_end());
        } else {
            out.push_str(&dropped);
        }
        out.push('\n');
    }

    fn include(&mut self, rel: &str, dir: &Path) -> String {
        let Some(path) = resolve_path(dir, rel) else {
            MISSING_INCLUDES.fetch_add(1, Ordering::Relaxed);
            return String::new();
        };
        if self.stack.len() > 8 || self.stack.contains(&path) {
            return String::new();
        }
        let bytes = fs::read(&path).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        let (_, body) = split_front_matter(&text);
        let mut out = String::with_capacity(body.len());
        self.stack.push(path.clone());
        let inc_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        self.body(body, &inc_dir, &mut out);
        self.stack.pop();
        out
    }
}

fn convert_page(path: &Path, opts: &Opts) -> String {
    let bytes = fs::read(path).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let (fm, body) = split_front_matter(&text);
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut conv = Conv {
        opts,
        stack: vec![path.to_path_buf()],
    };
    let mut converted = String::with_capacity(body.len() / 2 + 256);
    conv.body(body, &dir, &mut converted);
    let title = front_matter_title(fm)
        .map(|t| strip_tags(&resolve_pairs(&t)))
        .filter(|t| !t.is_empty())
        .or_else(|| {
            converted
                .lines()
                .find_map(|l| l.strip_prefix("# "))
                .map(strip_tags)
                .filter(|t| !t.is_empty())
        })
        .unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    let mut out = String::with_capacity(converted.len() + title.len() + 32);
    if opts.toml {
        let _ = write!(out, "+++\ntitle = {}\n+++\n\n", quote(&title));
    } else {
        let _ = write!(out, "---\ntitle: {}\n---\n\n", quote(&title));
    }
    out.push_str(converted.trim_start_matches('\n'));
    out
}

// ---------------------------------------------------------------------------------------------
// Walking the tree.

fn walk(dir: &Path, rel: &Path, pages: &mut Vec<PathBuf>, resources: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        let name_s = name.to_string_lossy();
        let Ok(ft) = e.file_type() else { continue };
        let r = rel.join(&name);
        if ft.is_dir() {
            if name_s.starts_with('.')
                || matches!(name_s.as_ref(), "obj" | "_themes" | "_themes.pdf")
            {
                continue;
            }
            let is_includes = name_s.eq_ignore_ascii_case("includes");
            if is_includes {
                // Not pages, but their resources still count.
                let mut ignored = Vec::new();
                walk(&e.path(), &r, &mut ignored, resources);
            } else {
                walk(&e.path(), &r, pages, resources);
            }
        } else if ft.is_file() {
            let lower = name_s.to_lowercase();
            if lower.ends_with(".md") {
                if lower == "toc.md" || (rel.as_os_str().is_empty() && lower == "readme.md") {
                    continue;
                }
                pages.push(r);
            } else if !(lower.ends_with(".yml")
                || lower.ends_with(".yaml")
                || lower.ends_with(".json"))
            {
                resources.push(r);
            }
        }
    }
}

fn main() {
    let t0 = Instant::now();
    let mut pos = Vec::new();
    let mut env = None;
    let mut toml = false;
    let mut static_dir: Option<PathBuf> = None;
    let mut threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--env" => env = Some(args.next().unwrap_or_else(|| usage())),
            "--toml" => toml = true,
            "--static" => static_dir = Some(PathBuf::from(args.next().unwrap_or_else(|| usage()))),
            "--threads" => {
                threads = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| usage())
            }
            s if s.starts_with("--") => usage(),
            _ => pos.push(PathBuf::from(a)),
        }
    }
    let [src, out] = <[PathBuf; 2]>::try_from(pos).unwrap_or_else(|_| usage());
    if !src.is_dir() {
        eprintln!("to_plain_markdown: {} is not a directory", src.display());
        process::exit(1);
    }
    let order = moniker_order(&src);
    let env = env.or_else(|| order.first().cloned());
    let opts = Opts { env, order, toml };

    let mut pages = Vec::new();
    let mut resources = Vec::new();
    walk(&src, Path::new(""), &mut pages, &mut resources);

    let failures = AtomicUsize::new(0);
    let out_bytes = AtomicUsize::new(0);
    let next = AtomicUsize::new(0);
    std::thread::scope(|sc| {
        for _ in 0..threads {
            sc.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(rel) = pages.get(k) else { break };
                let text = convert_page(&src.join(rel), &opts);
                let dest = out.join(rel);
                let ok = dest.parent().is_none_or(|p| fs::create_dir_all(p).is_ok())
                    && fs::write(&dest, &text).is_ok();
                if ok {
                    out_bytes.fetch_add(text.len(), Ordering::Relaxed);
                } else {
                    eprintln!("to_plain_markdown: cannot write {}", dest.display());
                    failures.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let mut copied = 0;
    if let Some(sd) = &static_dir {
        for rel in &resources {
            let dest = sd.join(rel);
            // A hard link is as good as a copy for a site generator's input, and much faster.
            let ok = dest.parent().is_none_or(|p| fs::create_dir_all(p).is_ok())
                && (fs::hard_link(src.join(rel), &dest).is_ok()
                    || fs::copy(src.join(rel), &dest).is_ok());
            if ok {
                copied += 1;
            } else {
                failures.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    eprintln!(
        "to_plain_markdown: {} pages ({:.1} MB) for environment {}, {} resources copied, {} broken span pairs, \
         {} missing includes, {:.2} s",
        pages.len(),
        out_bytes.load(Ordering::Relaxed) as f64 / 1e6,
        opts.env.as_deref().unwrap_or("(none: all moniker blocks kept)"),
        copied,
        BROKEN_PAIRS.load(Ordering::Relaxed),
        MISSING_INCLUDES.load(Ordering::Relaxed),
        t0.elapsed().as_secs_f64()
    );
    if failures.load(Ordering::Relaxed) > 0 {
        process::exit(1);
    }
}
