//! Tables of contents: parsing `toc.yml` / `TOC.md`, nesting, and projection
//! per environment.
//!
//! This module owns every TOC file of a docset. [`parse`] reads one file into
//! a [`Toc`] whose links are already docset-relative; [`resolve_nested`]
//! splices nested TOCs into their parents and turns folder references into
//! links; [`assign_pages`] decides which TOC each page shows; [`project`]
//! filters a TOC for one environment (variant) and marks the current page;
//! [`path_to`] gives the breadcrumb trail of a page.
//!
//! ## Link kinds (as DocFX)
//! - `href: page.md` (relative, `~/` = docset root) → [`TocTarget::Page`];
//!   `?query` is dropped, `%XX` is decoded, `#anchor` kept.
//! - `href: sub/toc.yml` or `sub/TOC.md` (any case) → [`TocTarget::Nested`]:
//!   children spliced in by [`resolve_nested`]; the node links to its
//!   `topicHref` if any.
//! - `href: folder/` → [`TocTarget::Reference`]: the node links to the first
//!   page of `folder/toc.yml` (or `folder/TOC.md`), not merged.
//! - absolute (`/x`, `//host`) or with a scheme (`https:`, `xref:`, `mailto:`)
//!   → [`TocTarget::External`], kept as written.
//! - `tocHref` names a nested TOC or folder; an absolute `tocHref` (as in
//!   breadcrumb TOCs: a URL prefix) is kept raw in [`TocNode::toc_href`]; a
//!   `tocHref` naming a page → `toc-invalid-href`.
//! - `topicHref` (legacy `homepage`) overrides the node's link.
//! - `uid`/`topicUid` with no other link → `External("xref:<uid>")`, for the
//!   caller to resolve or drop.
//!
//! ## Line numbers
//! serde_yaml gives no positions for values, so [`parse`] recovers each node's
//! line by scanning the text: nodes are visited in document (pre-)order, and
//! each node's *first key* (mappings keep insertion order) is searched from
//! the line after the previous node, as a sequence item (`- key:`, `- {key:`,
//! `- "key":`, or `key:` right after a bare `-` line). A node is thus never
//! placed before its predecessor; if no such line is found, the previous
//! node's line is reused (never more than one node off).
//!
//! ## Diagnostics
//! `toc-parse-error` (error; YAML syntax, with serde_yaml's line/column),
//! `toc-href-outside` (warning; href leaves the docset root),
//! `toc-invalid-href` (warning; `tocHref` naming a page, `topicHref` naming a TOC),
//! `toc-missing-name` (warning; node without `name`),
//! `toc-invalid-syntax` (warning; non-node content),
//! `toc-invalid-level` (warning; TOC.md heading level skipped),
//! `toc-not-found` (warning; nested/referenced TOC missing),
//! `toc-circular-reference` (error; nesting cycle).
//! Whether a page href points to an existing file is *not* checked here: the
//! caller checks existence per environment.

use crate::diagnostics::{Code, Diagnostic};
use crate::paths;
use serde_yaml::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a TOC node points to.
#[derive(Debug, Clone, PartialEq)]
pub enum TocTarget {
    /// docset-relative normalized path of a page file ("admin/setup/foo.md",
    /// or "index.yml"), '/'-separated, no "./" or "..", plus optional "#anchor"
    /// (without the '#').
    Page {
        path: String,
        anchor: Option<String>,
    },
    /// absolute or external URL, kept as written
    External(String),
    /// Another TOC file whose items are spliced in here (docset-relative path
    /// as written in the href, e.g. "sub/toc.yml"). Gone after [`resolve_nested`].
    Nested(String),
    /// A folder TOC (`folder/` href), as "folder/toc.yml"; the node links to
    /// its first page. Gone after [`resolve_nested`].
    Reference(String),
    None,
}

/// One node of a TOC.
#[derive(Debug, Clone, PartialEq)]
pub struct TocNode {
    /// The label as written (empty when the node has no `name`).
    pub name: String,
    pub target: TocTarget,
    pub expanded: bool,
    pub items: Vec<TocNode>,
    /// where the node is defined (for diagnostics): docset-relative toc file path
    pub file: String,
    /// 1-based line of the node in `file` (see the module doc for the method).
    pub line: u32,
    /// The `topicHref` link of a node whose `target` is `Nested`/`Reference`
    /// (it cannot live in `target` until the nesting is resolved). Always
    /// `None` after [`resolve_nested`].
    pub topic: Option<TocTarget>,
    /// `tocHref` as written when it is absolute/external (breadcrumb TOCs: the
    /// URL prefix the node covers); `None` otherwise.
    pub toc_href: Option<String>,
}

/// One parsed TOC file.
#[derive(Debug, Clone, PartialEq)]
pub struct Toc {
    /// docset-relative toc file
    pub path: String,
    pub items: Vec<TocNode>,
}

/// Parse one toc.yml (case-insensitive file name) or TOC.md. `path` is
/// docset-relative. `None` only when the file cannot be read at all (YAML
/// syntax error); an empty file gives an empty TOC.
pub fn parse(path: &str, text: &str) -> (Option<Toc>, Vec<Diagnostic>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut cx = Cx {
        file: path.to_string(),
        dir: paths::dir_of(path).to_string(),
        diags: Vec::new(),
    };
    let items = if path.to_ascii_lowercase().ends_with(".md") {
        Some(parse_md(&mut cx, text))
    } else {
        parse_yaml(&mut cx, text)
    };
    let toc = items.map(|items| Toc {
        path: path.to_string(),
        items,
    });
    (toc, cx.diags)
}

struct Cx {
    file: String,
    dir: String,
    diags: Vec<Diagnostic>,
}

impl Cx {
    fn warn(&mut self, code: Code, line: u32, msg: String) {
        self.diags
            .push(Diagnostic::warning(code, self.file.clone(), line, 0, msg));
    }
}

// ---------------------------------------------------------------- paths

fn is_toc_file_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l == "toc.yml" || l == "toc.md" || l == "toc.yaml"
}

enum Href {
    Target(TocTarget),
    Outside,
}

/// Classify an href written in the TOC file whose folder is `dir`.
fn classify(dir: &str, raw: &str) -> Href {
    let s = raw.trim();
    if s.is_empty() {
        return Href::Target(TocTarget::None);
    }
    let (base, s) = match s.strip_prefix("~/") {
        Some(rest) => ("", rest),
        None if paths::is_external(s) || s.starts_with('#') => {
            return Href::Target(TocTarget::External(s.to_string()))
        }
        None => (dir, s),
    };
    let (path_part, anchor) = match s.split_once('#') {
        Some((p, a)) => (p, (!a.is_empty()).then(|| a.to_string())),
        None => (s, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let path_part = paths::percent_decode(path_part).replace('\\', "/");
    let path_part = path_part.trim();
    if path_part.is_empty() {
        return Href::Target(TocTarget::None);
    }
    let Some(joined) = paths::resolve(base, path_part) else {
        return Href::Outside;
    };
    if path_part.ends_with('/') {
        let toc = if joined.is_empty() {
            "toc.yml".to_string()
        } else {
            format!("{joined}/toc.yml")
        };
        return Href::Target(TocTarget::Reference(toc));
    }
    if joined.is_empty() {
        // "." or "sub/.." : the docset root folder.
        return Href::Target(TocTarget::Reference("toc.yml".to_string()));
    }
    let name = joined.rsplit('/').next().unwrap_or(&joined);
    if is_toc_file_name(name) {
        Href::Target(TocTarget::Nested(joined))
    } else {
        Href::Target(TocTarget::Page {
            path: joined,
            anchor,
        })
    }
}

// ---------------------------------------------------------------- YAML

/// Finds node lines by scanning the text (see the module doc).
struct LineFinder<'a> {
    lines: Vec<&'a str>,
    next: usize,
    last: u32,
}

impl<'a> LineFinder<'a> {
    fn new(text: &'a str) -> Self {
        LineFinder {
            lines: text.lines().collect(),
            next: 0,
            last: 1,
        }
    }

    /// Does line `i` start a sequence item whose first key is `key`?
    fn is_item_start(&self, i: usize, key: &str) -> bool {
        let line = self.lines[i].trim_start();
        let (dashed, rest) = match line.strip_prefix('-') {
            Some(r) if r.is_empty() || r.starts_with([' ', '\t']) => (true, r.trim_start()),
            _ => (false, line),
        };
        let dashed = dashed || {
            // `key:` right after a bare `-` line.
            let prev = self.lines[..i]
                .iter()
                .rev()
                .map(|l| l.trim())
                .find(|l| !l.is_empty() && !l.starts_with('#'));
            prev == Some("-")
        };
        if !dashed {
            return false;
        }
        let rest = rest.strip_prefix('{').map(str::trim_start).unwrap_or(rest);
        let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
        match rest.get(..key.len()) {
            Some(k) if k.eq_ignore_ascii_case(key) => {
                let after = &rest[key.len()..];
                let after = after.strip_prefix(['"', '\'']).unwrap_or(after);
                after.trim_start().starts_with(':')
            }
            _ => false,
        }
    }

    fn find(&mut self, key: &str) -> u32 {
        for i in self.next..self.lines.len() {
            if self.is_item_start(i, key) {
                self.next = i + 1;
                self.last = i as u32 + 1;
                return self.last;
            }
        }
        self.last
    }

    /// Start searching after the root `items:` line (map-form TOC).
    fn skip_to_root_items(&mut self) {
        if let Some(i) = self.lines.iter().position(|l| {
            l.strip_prefix("items")
                .is_some_and(|r| r.trim_start().starts_with(':'))
        }) {
            self.next = i + 1;
            self.last = i as u32 + 1;
        }
    }
}

fn parse_yaml(cx: &mut Cx, text: &str) -> Option<Vec<TocNode>> {
    if text.trim().is_empty() {
        return Some(Vec::new());
    }
    let value: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e
                .location()
                .map(|l| (l.line() as u32, l.column() as u32))
                .unwrap_or((0, 0));
            cx.diags.push(Diagnostic::error(
                Code::TocParseError,
                cx.file.clone(),
                line,
                col,
                format!("cannot parse TOC as YAML: {e}"),
            ));
            return None;
        }
    };
    let mut finder = LineFinder::new(text);
    let list = match &value {
        Value::Null => return Some(Vec::new()),
        Value::Sequence(s) => s.clone(),
        Value::Mapping(m) => {
            finder.skip_to_root_items();
            match get(m, "items") {
                Some(Value::Sequence(s)) => s.clone(),
                Some(Value::Null) | None if get(m, "name").is_none() => Vec::new(),
                _ => {
                    cx.warn(
                        Code::TocInvalidSyntax,
                        1,
                        "a TOC must be a list of nodes or a map with `items:`".into(),
                    );
                    Vec::new()
                }
            }
        }
        _ => {
            cx.warn(
                Code::TocInvalidSyntax,
                1,
                "a TOC must be a list of nodes or a map with `items:`".into(),
            );
            Vec::new()
        }
    };
    Some(convert_list(cx, &mut finder, &list))
}

/// Case-insensitive key lookup.
fn get<'v>(m: &'v serde_yaml::Mapping, key: &str) -> Option<&'v Value> {
    m.get(key).or_else(|| {
        m.iter()
            .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(key)))
            .map(|(_, v)| v)
    })
}

/// A scalar as text (strings, numbers, booleans); `None` for null/missing.
fn get_str(m: &serde_yaml::Mapping, key: &str) -> Option<String> {
    match get(m, key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => match &t.value {
            Value::String(s) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn convert_list(cx: &mut Cx, finder: &mut LineFinder, list: &[Value]) -> Vec<TocNode> {
    let mut out = Vec::new();
    for v in list {
        match v {
            Value::Mapping(m) => out.push(convert_node(cx, finder, m)),
            Value::Null => {}
            other => {
                let line = finder.last;
                cx.warn(
                    Code::TocInvalidSyntax,
                    line,
                    format!("TOC item is not a node (a map with `name`): {other:?}"),
                );
            }
        }
    }
    out
}

fn convert_node(cx: &mut Cx, finder: &mut LineFinder, m: &serde_yaml::Mapping) -> TocNode {
    let first_key = m
        .keys()
        .next()
        .and_then(|k| k.as_str())
        .unwrap_or("name")
        .to_string();
    let line = finder.find(&first_key);

    let name = get_str(m, "name").or_else(|| get_str(m, "displayName"));
    let name = match name {
        Some(n) => n.trim().to_string(),
        None => {
            cx.warn(
                Code::TocMissingName,
                line,
                "TOC node has no `name`".to_string(),
            );
            String::new()
        }
    };
    let expanded = match get(m, "expanded") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    };

    let href = get_str(m, "href");
    let topic_href = get_str(m, "topicHref").or_else(|| get_str(m, "homepage"));
    let toc_href_raw = get_str(m, "tocHref");
    let uid = get_str(m, "topicUid").or_else(|| get_str(m, "uid"));

    let mut target = TocTarget::None;
    let mut toc_href = None;
    let mut href_used_as_topic = false;

    if let Some(t) = toc_href_raw
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if paths::is_external(t) {
            toc_href = Some(t.to_string());
        } else {
            match resolve_href(cx, line, t) {
                t @ (TocTarget::Nested(_) | TocTarget::Reference(_)) => target = t,
                TocTarget::None => {}
                _ => cx.warn(
                    Code::TocInvalidHref,
                    line,
                    format!("`tocHref: {t}` must name a TOC file or a folder (ending in `/`), not a page"),
                ),
            }
        }
    }
    if let Some(h) = href.as_deref() {
        if matches!(target, TocTarget::None) {
            target = resolve_href(cx, line, h);
        } else if topic_href.is_none() {
            // `tocHref` + `href`: the href is the node's page.
            href_used_as_topic = true;
        }
    }
    let topic_src = if href_used_as_topic {
        href.as_deref()
    } else {
        topic_href.as_deref()
    };
    let mut topic = None;
    if let Some(th) = topic_src {
        let t = resolve_href(cx, line, th);
        match t {
            TocTarget::Nested(_) | TocTarget::Reference(_) => cx.warn(
                Code::TocInvalidHref,
                line,
                format!("`topicHref: {th}` must name a page, not a TOC or folder"),
            ),
            TocTarget::None => {}
            t => match target {
                TocTarget::Nested(_) | TocTarget::Reference(_) => topic = Some(t),
                _ => target = t,
            },
        }
    }
    if let (TocTarget::None, Some(uid)) = (&target, uid.as_deref()) {
        if topic.is_none() && !uid.trim().is_empty() {
            target = TocTarget::External(format!("xref:{}", uid.trim()));
        }
    }

    let items = match get(m, "items") {
        Some(Value::Sequence(s)) => convert_list(cx, finder, s),
        Some(Value::Null) | None => Vec::new(),
        Some(_) => {
            cx.warn(
                Code::TocInvalidSyntax,
                line,
                "`items` of a TOC node must be a list".to_string(),
            );
            Vec::new()
        }
    };

    TocNode {
        name,
        target,
        expanded,
        items,
        file: cx.file.clone(),
        line,
        topic,
        toc_href,
    }
}

/// Classify an href, reporting hrefs that leave the docset.
fn resolve_href(cx: &mut Cx, line: u32, raw: &str) -> TocTarget {
    match classify(&cx.dir, raw) {
        Href::Target(t) => t,
        Href::Outside => {
            cx.warn(
                Code::TocHrefOutside,
                line,
                format!("`{}` points outside the docset", raw.trim()),
            );
            TocTarget::None
        }
    }
}

// ---------------------------------------------------------------- TOC.md

struct Heading {
    level: u32,
    line: u32,
    links: usize,
    in_link: bool,
    dest: String,
    link_text: String,
    outside: String,
}

fn parse_md(cx: &mut Cx, text: &str) -> Vec<TocNode> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |off: usize| -> u32 {
        match line_starts.binary_search(&off) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    };

    // (written level, node) of the open headings.
    let mut stack: Vec<(u32, TocNode)> = Vec::new();
    let mut roots: Vec<TocNode> = Vec::new();
    fn close(stack: &mut Vec<(u32, TocNode)>, roots: &mut Vec<TocNode>) {
        if let Some((_, n)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.items.push(n),
                None => roots.push(n),
            }
        }
    }

    let mut depth = 0usize;
    let mut heading: Option<Heading> = None;
    let parser = Parser::new_ext(text, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    for (ev, range) in parser.into_offset_iter() {
        match ev {
            Event::Start(tag) => {
                if depth == 0 {
                    match &tag {
                        Tag::Heading { level, .. } => {
                            heading = Some(Heading {
                                level: *level as u32,
                                line: line_of(range.start),
                                links: 0,
                                in_link: false,
                                dest: String::new(),
                                link_text: String::new(),
                                outside: String::new(),
                            });
                        }
                        Tag::MetadataBlock(_) => {}
                        Tag::HtmlBlock => {
                            if !only_comments(&text[range.clone()]) {
                                cx.warn(
                                    Code::TocInvalidSyntax,
                                    line_of(range.start),
                                    "TOC.md may hold only headings and comments".into(),
                                );
                            }
                        }
                        _ => cx.warn(
                            Code::TocInvalidSyntax,
                            line_of(range.start),
                            "TOC.md may hold only headings (`# [Name](href)`) and comments".into(),
                        ),
                    }
                } else if let (Some(h), Tag::Link { dest_url, .. }) = (heading.as_mut(), &tag) {
                    h.links += 1;
                    if h.links == 1 {
                        h.dest = dest_url.to_string();
                        h.in_link = true;
                    }
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                match end {
                    TagEnd::Link => {
                        if let Some(h) = heading.as_mut() {
                            h.in_link = false;
                        }
                    }
                    TagEnd::Heading(_) if depth == 0 => {
                        if let Some(h) = heading.take() {
                            let node = heading_node(cx, h);
                            let level = node.1;
                            while stack.last().is_some_and(|(l, _)| *l >= level) {
                                close(&mut stack, &mut roots);
                            }
                            let expected = stack.last().map(|(l, _)| l + 1).unwrap_or(1);
                            if level > expected {
                                cx.warn(
                                    Code::TocInvalidLevel,
                                    node.0.line,
                                    format!(
                                        "heading level {level} skips a level (expected at most {expected})"
                                    ),
                                );
                            }
                            stack.push((level, node.0));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    if h.in_link {
                        h.link_text.push_str(&t);
                    } else {
                        h.outside.push_str(&t);
                    }
                } else if depth == 0 {
                    cx.warn(
                        Code::TocInvalidSyntax,
                        line_of(range.start),
                        "TOC.md may hold only headings and comments".into(),
                    );
                }
            }
            Event::Rule if depth == 0 => cx.warn(
                Code::TocInvalidSyntax,
                line_of(range.start),
                "TOC.md may hold only headings and comments".into(),
            ),
            _ => {}
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

/// Is this HTML only comments and whitespace?
fn only_comments(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(r) = rest.strip_prefix("<!--") {
        match r.find("-->") {
            Some(i) => rest = r[i + 3..].trim_start(),
            None => return true, // unterminated comment runs to the end
        }
    }
    rest.is_empty()
}

/// Turn a collected heading into a node; returns the node and its level.
fn heading_node(cx: &mut Cx, h: Heading) -> (TocNode, u32) {
    let mut name;
    let mut target = TocTarget::None;
    if h.links > 0 {
        name = h.link_text.trim().to_string();
        if h.links > 1 || !h.outside.trim().is_empty() {
            cx.warn(
                Code::TocInvalidSyntax,
                h.line,
                "a TOC.md heading must hold exactly one link or plain text".into(),
            );
        }
        target = resolve_href(cx, h.line, &h.dest);
    } else {
        let text = h.outside.trim();
        name = text.to_string();
        // `[Name](a b.md)`: not a CommonMark link (space in the destination).
        if let Some((n, d)) = text
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(')'))
            .and_then(|t| t.split_once("]("))
        {
            let d = d.trim();
            let d = d
                .strip_prefix('<')
                .and_then(|d| d.strip_suffix('>'))
                .unwrap_or(d);
            name = n.trim().to_string();
            target = resolve_href(cx, h.line, d);
        } else if let Some(uid) = text.strip_prefix('@') {
            name = uid.trim().to_string();
            target = TocTarget::External(format!("xref:{}", uid.trim()));
        }
    }
    if name.is_empty() {
        cx.warn(
            Code::TocMissingName,
            h.line,
            "TOC.md heading has no text".into(),
        );
    }
    let node = TocNode {
        name,
        target,
        expanded: false,
        items: Vec::new(),
        file: cx.file.clone(),
        line: h.line,
        topic: None,
        toc_href: None,
    };
    (node, h.level)
}

// ---------------------------------------------------------------- nesting

/// Looks TOC files up by path, case-insensitively, and by folder.
struct TocIndex<'a> {
    tocs: &'a BTreeMap<String, Toc>,
    by_lower: HashMap<String, &'a str>,
    by_folder: HashMap<String, &'a str>,
}

impl<'a> TocIndex<'a> {
    fn new(tocs: &'a BTreeMap<String, Toc>) -> Self {
        let mut by_lower = HashMap::new();
        let mut by_folder: HashMap<String, &str> = HashMap::new();
        for k in tocs.keys() {
            by_lower.entry(k.to_lowercase()).or_insert(k.as_str());
            let name = k.rsplit('/').next().unwrap_or(k);
            if is_toc_file_name(name) {
                let folder = paths::dir_of(k).to_lowercase();
                // Prefer toc.yml over TOC.md in one folder.
                let better = match by_folder.get(&folder) {
                    None => true,
                    Some(old) => {
                        old.to_ascii_lowercase().ends_with(".md")
                            && !k.to_ascii_lowercase().ends_with(".md")
                    }
                };
                if better {
                    by_folder.insert(folder, k.as_str());
                }
            }
        }
        TocIndex {
            tocs,
            by_lower,
            by_folder,
        }
    }

    fn nested(&self, path: &str) -> Option<&'a str> {
        if let Some((k, _)) = self.tocs.get_key_value(path) {
            return Some(k.as_str());
        }
        self.by_lower.get(&path.to_lowercase()).copied()
    }

    fn folder(&self, toc_path: &str) -> Option<&'a str> {
        self.nested(toc_path).or_else(|| {
            self.by_folder
                .get(&paths::dir_of(toc_path).to_lowercase())
                .copied()
        })
    }
}

/// Splice nested TOCs into their parents (children replace the Nested target,
/// followed by the node's own items if it had any; the node keeps its
/// topicHref link if any, else [`TocTarget::None`]), recursively, with cycle
/// detection (`toc-circular-reference`, error) and missing files
/// (`toc-not-found`, warning). Reference targets become a link to the first
/// page of the referenced TOC. Input: every parsed TOC keyed by
/// docset-relative path; output: the same keys, resolved. Spliced nodes keep
/// the `file`/`line` of the TOC that defines them.
pub fn resolve_nested(tocs: &BTreeMap<String, Toc>) -> (BTreeMap<String, Toc>, Vec<Diagnostic>) {
    let index = TocIndex::new(tocs);
    let mut diags = Vec::new();
    let mut out = BTreeMap::new();
    for (path, toc) in tocs {
        let mut stack = vec![path.as_str()];
        let items = resolve_items(&toc.items, &index, &mut stack, &mut diags);
        out.insert(
            path.clone(),
            Toc {
                path: path.clone(),
                items,
            },
        );
    }
    let mut seen = HashSet::new();
    diags.retain(|d: &Diagnostic| seen.insert((d.file.clone(), d.line, d.code, d.message.clone())));
    (out, diags)
}

fn resolve_items<'a>(
    items: &[TocNode],
    index: &TocIndex<'a>,
    stack: &mut Vec<&'a str>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<TocNode> {
    items
        .iter()
        .map(|n| resolve_node(n, index, stack, diags))
        .collect()
}

fn resolve_node<'a>(
    n: &TocNode,
    index: &TocIndex<'a>,
    stack: &mut Vec<&'a str>,
    diags: &mut Vec<Diagnostic>,
) -> TocNode {
    let mut node = n.clone();
    node.items = resolve_items(&n.items, index, stack, diags);
    let topic = node.topic.take();
    match &n.target {
        TocTarget::Nested(p) => {
            node.target = topic.unwrap_or(TocTarget::None);
            match index.nested(p) {
                None => diags.push(Diagnostic::warning(
                    Code::TocNotFound,
                    n.file.clone(),
                    n.line,
                    0,
                    format!("nested TOC `{p}` not found"),
                )),
                Some(key) if stack.contains(&key) => {
                    let chain: Vec<&str> = stack.iter().copied().chain([key]).collect();
                    diags.push(Diagnostic::error(
                        Code::TocCircularReference,
                        n.file.clone(),
                        n.line,
                        0,
                        format!("circular TOC reference: {}", chain.join(" → ")),
                    ));
                }
                Some(key) => {
                    stack.push(key);
                    let mut children = resolve_items(&index.tocs[key].items, index, stack, diags);
                    stack.pop();
                    children.append(&mut node.items);
                    node.items = children;
                }
            }
        }
        TocTarget::Reference(p) => {
            node.target = match index.folder(p) {
                None => {
                    diags.push(Diagnostic::warning(
                        Code::TocNotFound,
                        n.file.clone(),
                        n.line,
                        0,
                        format!(
                            "referenced TOC `{p}` (folder `{}/`) not found",
                            paths::dir_of(p)
                        ),
                    ));
                    topic.unwrap_or(TocTarget::None)
                }
                Some(key) => match topic {
                    Some(t) => t,
                    None => {
                        let mut visited = HashSet::new();
                        first_page(key, index, &mut visited).unwrap_or(TocTarget::None)
                    }
                },
            };
        }
        _ => {}
    }
    node
}

/// The first page of a TOC (pre-order), looking through nesting and references.
fn first_page<'a>(
    key: &'a str,
    index: &TocIndex<'a>,
    visited: &mut HashSet<&'a str>,
) -> Option<TocTarget> {
    if !visited.insert(key) {
        return None;
    }
    fn walk<'a>(
        nodes: &[TocNode],
        index: &TocIndex<'a>,
        visited: &mut HashSet<&'a str>,
    ) -> Option<TocTarget> {
        for n in nodes {
            if let Some(t @ TocTarget::Page { .. }) = &n.topic {
                return Some(t.clone());
            }
            match &n.target {
                t @ TocTarget::Page { .. } => return Some(t.clone()),
                TocTarget::Nested(p) => {
                    if let Some(t) = index.nested(p).and_then(|k| first_page(k, index, visited)) {
                        return Some(t);
                    }
                }
                TocTarget::Reference(p) => {
                    if let Some(t) = index.folder(p).and_then(|k| first_page(k, index, visited)) {
                        return Some(t);
                    }
                }
                _ => {}
            }
            if let Some(t) = walk(&n.items, index, visited) {
                return Some(t);
            }
        }
        None
    }
    walk(&index.tocs[key].items, index, visited)
}

// ---------------------------------------------------------------- pages

/// Folder segments of a path's parent folder.
fn folder_segments(path: &str) -> Vec<String> {
    paths::dir_of(path)
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.to_lowercase())
        .collect()
}

/// Sort key for "nearest to the page in the folder tree": tree distance
/// between the page's folder and the TOC's folder, then TOCs in an ancestor
/// folder of the page before others, then the TOC path.
fn nearness(page: &str, toc: &str) -> (usize, bool, String) {
    let p = folder_segments(page);
    let t = folder_segments(toc);
    let common = p.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let distance = (p.len() - common) + (t.len() - common);
    (distance, common != t.len(), toc.to_string())
}

/// Which TOC each page uses: the TOC that references it (directly, after
/// nesting; a page referenced by several: the one nearest to it in the folder
/// tree — see [`nearness`] — ties by path order), else the nearest toc file up
/// the folder tree from the page. TOCs that are spliced into another TOC
/// (their nodes appear in another resolved TOC) are only used when no other
/// TOC qualifies. Page paths are compared case-insensitively. Returns page
/// path → toc path for every page in `pages` that has one. The caller should
/// leave breadcrumb TOCs out of `resolved`.
pub fn assign_pages(resolved: &BTreeMap<String, Toc>, pages: &[String]) -> HashMap<String, String> {
    // TOCs whose nodes were spliced into another TOC.
    let mut nested: HashSet<String> = HashSet::new();
    fn collect_files(nodes: &[TocNode], own: &str, out: &mut HashSet<String>) {
        for n in nodes {
            if n.file != own {
                out.insert(n.file.clone());
            }
            collect_files(&n.items, own, out);
        }
    }
    for (k, toc) in resolved {
        collect_files(&toc.items, k, &mut nested);
    }

    // lowercase page path → (primary TOCs, nested TOCs) referencing it
    let mut refs: HashMap<String, (Vec<&str>, Vec<&str>)> = HashMap::new();
    fn collect_pages(nodes: &[TocNode], out: &mut Vec<String>) {
        for n in nodes {
            if let TocTarget::Page { path, .. } = &n.target {
                out.push(path.to_lowercase());
            }
            collect_pages(&n.items, out);
        }
    }
    for (k, toc) in resolved {
        let mut ps = Vec::new();
        collect_pages(&toc.items, &mut ps);
        ps.sort();
        ps.dedup();
        let is_nested = nested.contains(k);
        for p in ps {
            let e = refs.entry(p).or_default();
            if is_nested {
                e.1.push(k);
            } else {
                e.0.push(k);
            }
        }
    }

    // lowercase folder → (primary TOCs, nested TOCs) in that folder
    let mut by_folder: HashMap<String, (Vec<&str>, Vec<&str>)> = HashMap::new();
    for k in resolved.keys() {
        let e = by_folder
            .entry(paths::dir_of(k).to_lowercase())
            .or_default();
        if nested.contains(k) {
            e.1.push(k);
        } else {
            e.0.push(k);
        }
    }

    let mut out = HashMap::new();
    for page in pages {
        let best = |c: &[&str]| -> Option<String> {
            c.iter()
                .min_by_key(|t| nearness(page, t))
                .map(|t| t.to_string())
        };
        let by_ref = refs
            .get(&page.to_lowercase())
            .and_then(|(p, n)| best(p).or_else(|| best(n)));
        let chosen = by_ref.or_else(|| {
            let lower = page.to_lowercase();
            let mut dir = paths::dir_of(&lower).to_string();
            let mut fallback = None;
            loop {
                if let Some((p, n)) = by_folder.get(&dir) {
                    if let Some(first) = p.first() {
                        return Some(first.to_string());
                    }
                    if fallback.is_none() {
                        fallback = n.first().map(|s| s.to_string());
                    }
                }
                if dir.is_empty() {
                    return fallback;
                }
                dir = paths::dir_of(&dir).to_string();
            }
        });
        if let Some(t) = chosen {
            out.insert(page.clone(), t);
        }
    }
    out
}

// ---------------------------------------------------------------- projection

/// A TOC projected for one variant.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NavNode {
    pub label: String,
    pub href: Option<String>,
    pub current: bool,
    pub expanded: bool,
    pub items: Vec<NavNode>,
}

/// Project a (resolved) TOC for one variant: a node whose Page target does
/// not exist in the variant (`page_exists` false) is removed — unless some of
/// its children survive, then it stays as a group without link; groups (no
/// target, or an unresolved Nested/Reference) left with no children are
/// pruned; External nodes are kept. Labels and hrefs come from the caller
/// (`href` returning `None` gives a node without link). The node(s) of
/// `current_page` (compared case-insensitively, anchors ignored) are marked
/// `current`, and every ancestor of a current node is `expanded`.
pub fn project(
    toc: &Toc,
    page_exists: &dyn Fn(&str) -> bool,
    label: &dyn Fn(&TocNode) -> String,
    href: &dyn Fn(&TocTarget) -> Option<String>,
    current_page: Option<&str>,
) -> Vec<NavNode> {
    fn go(
        nodes: &[TocNode],
        page_exists: &dyn Fn(&str) -> bool,
        label: &dyn Fn(&TocNode) -> String,
        href: &dyn Fn(&TocTarget) -> Option<String>,
        current_page: Option<&str>,
    ) -> (Vec<NavNode>, bool) {
        let mut out = Vec::new();
        let mut any_current = false;
        for n in nodes {
            let (items, child_current) = go(&n.items, page_exists, label, href, current_page);
            let (link, current) = match &n.target {
                TocTarget::Page { path, .. } => {
                    if page_exists(path) {
                        let cur = current_page.is_some_and(|c| c.eq_ignore_ascii_case(path));
                        (href(&n.target), cur)
                    } else if items.is_empty() {
                        continue;
                    } else {
                        (None, false)
                    }
                }
                TocTarget::External(_) => (href(&n.target), false),
                TocTarget::None | TocTarget::Nested(_) | TocTarget::Reference(_) => {
                    if items.is_empty() {
                        continue;
                    }
                    (None, false)
                }
            };
            any_current |= current || child_current;
            out.push(NavNode {
                label: label(n),
                href: link,
                current,
                expanded: n.expanded || child_current,
                items,
            });
        }
        (out, any_current)
    }
    go(&toc.items, page_exists, label, href, current_page).0
}

/// Path (labels + targets) from a TOC root to the node of `page`, for
/// breadcrumbs: the first node in document order whose Page target is `page`
/// (exact match preferred, then case-insensitive; a node without anchor
/// preferred). Empty when the page is not in the TOC.
pub fn path_to<'t>(toc: &'t Toc, page: &str) -> Vec<&'t TocNode> {
    fn find<'t>(
        nodes: &'t [TocNode],
        hit: &dyn Fn(&TocNode) -> bool,
        trail: &mut Vec<&'t TocNode>,
    ) -> bool {
        for n in nodes {
            trail.push(n);
            if hit(n) || find(&n.items, hit, trail) {
                return true;
            }
            trail.pop();
        }
        false
    }
    let tests: [&dyn Fn(&TocNode) -> bool; 3] = [
        &|n| matches!(&n.target, TocTarget::Page { path, anchor: None } if path == page),
        &|n| matches!(&n.target, TocTarget::Page { path, .. } if path == page),
        &|n| matches!(&n.target, TocTarget::Page { path, .. } if path.eq_ignore_ascii_case(page)),
    ];
    for t in tests {
        let mut trail = Vec::new();
        if find(&toc.items, t, &mut trail) {
            return trail;
        }
    }
    Vec::new()
}

/// [`path_to`] for every page of a TOC at once: one walk of the tree, then a
/// lookup per page instead of a walk per page (which made breadcrumbs
/// quadratic in the size of the TOC: a 20,000-page docset spent a sixth of
/// its build in it).
#[derive(Debug, Default)]
pub struct BreadcrumbIndex {
    /// Page path → child positions from the root to its first node without
    /// an anchor…
    exact: HashMap<String, Vec<u32>>,
    /// …to its first node with or without one…
    any: HashMap<String, Vec<u32>>,
    /// …and, by ASCII-lowercased path, to its first node whatever the case.
    folded: HashMap<String, Vec<u32>>,
}

impl BreadcrumbIndex {
    pub fn new(toc: &Toc) -> BreadcrumbIndex {
        fn walk(nodes: &[TocNode], trail: &mut Vec<u32>, index: &mut BreadcrumbIndex) {
            for (i, n) in nodes.iter().enumerate() {
                trail.push(i as u32);
                if let TocTarget::Page { path, anchor } = &n.target {
                    if anchor.is_none() {
                        index
                            .exact
                            .entry(path.clone())
                            .or_insert_with(|| trail.clone());
                    }
                    index
                        .any
                        .entry(path.clone())
                        .or_insert_with(|| trail.clone());
                    index
                        .folded
                        .entry(path.to_ascii_lowercase())
                        .or_insert_with(|| trail.clone());
                }
                walk(&n.items, trail, index);
                trail.pop();
            }
        }
        let mut index = BreadcrumbIndex::default();
        walk(&toc.items, &mut Vec::new(), &mut index);
        index
    }

    /// The same as [`path_to`]`(toc, page)`, `toc` being the TOC this index
    /// was made of.
    pub fn path_to<'t>(&self, toc: &'t Toc, page: &str) -> Vec<&'t TocNode> {
        let Some(trail) = self
            .exact
            .get(page)
            .or_else(|| self.any.get(page))
            .or_else(|| self.folded.get(&page.to_ascii_lowercase()))
        else {
            return Vec::new();
        };
        let mut nodes = &toc.items;
        let mut out = Vec::with_capacity(trail.len());
        for &i in trail {
            let n = &nodes[i as usize];
            out.push(n);
            nodes = &n.items;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(p: &str) -> TocTarget {
        TocTarget::Page {
            path: p.into(),
            anchor: None,
        }
    }

    fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
        d.iter().map(|d| d.code.name()).collect()
    }

    fn parse_ok(path: &str, text: &str) -> (Toc, Vec<Diagnostic>) {
        let (t, d) = parse(path, text);
        (t.expect("parsed"), d)
    }

    #[test]
    fn yaml_hrefs_are_resolved_against_the_toc_folder() {
        let text = "\
- name: Home
  href: index.md
  expanded: true
- name: Setup
  items:
    - name: Plan
      href: setup/plan%20it.md#step-1
    - name: Up
      href: ../commerce/buy.md?toc=/x/toc.json&bc=/y
    - name: Root
      href: ~/business/set-up.md
    - name: Teams
      href: /microsoftteams/foo?bc=%2fx
    - name: Web
      href: 'https://support.microsoft.com/training'
    - name: Spaced
      href: ' space d.md '
";
        let (toc, d) = parse_ok("admin/TOC.yml", text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(toc.path, "admin/TOC.yml");
        let home = &toc.items[0];
        assert_eq!(home.target, page("admin/index.md"));
        assert!(home.expanded);
        assert_eq!(home.line, 1);
        let setup = &toc.items[1];
        assert_eq!(setup.target, TocTarget::None);
        assert_eq!(setup.line, 4);
        let t: Vec<_> = setup
            .items
            .iter()
            .map(|n| (n.target.clone(), n.line))
            .collect();
        assert_eq!(
            t,
            vec![
                (
                    TocTarget::Page {
                        path: "admin/setup/plan it.md".into(),
                        anchor: Some("step-1".into())
                    },
                    6
                ),
                (page("commerce/buy.md"), 8),
                (page("business/set-up.md"), 10),
                (
                    TocTarget::External("/microsoftteams/foo?bc=%2fx".into()),
                    12
                ),
                (
                    TocTarget::External("https://support.microsoft.com/training".into()),
                    14
                ),
                (page("admin/space d.md"), 16),
            ]
        );
        assert!(toc.items.iter().all(|n| n.file == "admin/TOC.yml"));
    }

    #[test]
    fn yaml_map_form_and_odd_nodes() {
        let text = "\
metadata:
  layout: x
items:
- href: no-name.md
- just a string
- name: 42
  displayName: Home
  href: a.md
  uid: ignored
- name: ByUid
  topicUid: some.uid
- name: Home page
  homepage: home.md
- name: Empty group
  items:
";
        let (toc, d) = parse_ok("x/toc.yml", text);
        assert_eq!(
            codes(&d),
            vec!["toc-missing-name", "toc-invalid-syntax"],
            "{d:?}"
        );
        assert_eq!(d[0].line, 4);
        assert_eq!(toc.items.len(), 5);
        assert_eq!(toc.items[0].name, "");
        assert_eq!(toc.items[0].target, page("x/no-name.md"));
        assert_eq!(toc.items[1].name, "42");
        assert_eq!(toc.items[1].line, 6);
        assert_eq!(
            toc.items[2].target,
            TocTarget::External("xref:some.uid".into())
        );
        assert_eq!(toc.items[3].target, page("x/home.md"));
        assert_eq!(toc.items[4].line, 14);
        assert!(toc.items[4].items.is_empty());
    }

    #[test]
    fn yaml_lines_for_flow_and_dash_on_its_own_line() {
        let text = "\
- {name: A, href: a.md}
-
  name: B
  items:
  - \"name\": C
    href: c.md
";
        let (toc, d) = parse_ok("toc.yml", text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(toc.items[0].line, 1);
        assert_eq!(toc.items[1].line, 3);
        assert_eq!(toc.items[1].items[0].line, 5);
    }

    #[test]
    fn empty_and_bom_files() {
        let (t, d) = parse("toc.yml", "");
        assert_eq!(t.unwrap().items, vec![]);
        assert!(d.is_empty());
        let (t, d) = parse("TOC.md", "");
        assert_eq!(t.unwrap().items, vec![]);
        assert!(d.is_empty());
        let (t, _) = parse("toc.yml", "\u{feff}- name: A\n  href: a.md\n");
        assert_eq!(t.unwrap().items[0].target, page("a.md"));
    }

    #[test]
    fn yaml_error_is_located() {
        let (t, d) = parse("a/toc.yml", "- name: A\n  href: a.md\n - name: B\n");
        assert!(t.is_none());
        assert_eq!(codes(&d), vec!["toc-parse-error"]);
        assert!(d[0].is_error());
        assert_eq!(d[0].line, 3, "{d:?}");
        assert!(d[0].column > 0);
    }

    #[test]
    fn href_outside_the_docset() {
        let (toc, d) = parse_ok("a/toc.yml", "- name: X\n  href: ../../x.md\n");
        assert_eq!(codes(&d), vec!["toc-href-outside"]);
        assert_eq!(d[0].line, 1);
        assert_eq!(toc.items[0].target, TocTarget::None);
    }

    #[test]
    fn nested_reference_and_toc_href_kinds() {
        let text = "\
- name: Sub
  href: sub/TOC.yml
  topicHref: sub/index.md
- name: Folder
  href: other/
- name: ByTocHref
  tocHref: third/
  href: third/start.md
- name: Breadcrumb
  tocHref: /bookings/
  topicHref: /microsoft-365/bookings/
- name: Bad
  tocHref: page.md
";
        let (toc, d) = parse_ok("toc.yml", text);
        assert_eq!(codes(&d), vec!["toc-invalid-href"]);
        assert_eq!(d[0].line, 12);
        let n = &toc.items;
        assert_eq!(n[0].target, TocTarget::Nested("sub/TOC.yml".into()));
        assert_eq!(n[0].topic, Some(page("sub/index.md")));
        assert_eq!(n[1].target, TocTarget::Reference("other/toc.yml".into()));
        assert_eq!(n[2].target, TocTarget::Reference("third/toc.yml".into()));
        assert_eq!(n[2].topic, Some(page("third/start.md")));
        assert_eq!(
            n[3].target,
            TocTarget::External("/microsoft-365/bookings/".into())
        );
        assert_eq!(n[3].toc_href.as_deref(), Some("/bookings/"));
        assert_eq!(n[4].target, TocTarget::None);
    }

    fn tocs(files: &[(&str, &str)]) -> BTreeMap<String, Toc> {
        files
            .iter()
            .map(|(p, t)| (p.to_string(), parse(p, t).0.unwrap()))
            .collect()
    }

    #[test]
    fn nesting_is_spliced_recursively() {
        let map = tocs(&[
            (
                "toc.yml",
                "- name: Sub\n  href: sub/toc.yml\n  topicHref: sub/index.md\n- name: Ref\n  href: ref/\n",
            ),
            (
                "sub/TOC.yml",
                "- name: A\n  href: a.md\n- name: Deeper\n  href: deep/toc.md\n",
            ),
            ("sub/deep/TOC.md", "# [D](d.md)\n"),
            ("ref/toc.yml", "- name: G\n  items:\n  - name: R1\n    href: r1.md\n"),
        ]);
        let (res, d) = resolve_nested(&map);
        assert!(d.is_empty(), "{d:?}");
        let root = &res["toc.yml"];
        let sub = &root.items[0];
        assert_eq!(sub.target, page("sub/index.md"));
        assert_eq!(sub.topic, None);
        assert_eq!(sub.items[0].target, page("sub/a.md"));
        assert_eq!(sub.items[0].file, "sub/TOC.yml");
        assert_eq!(sub.items[1].target, TocTarget::None);
        assert_eq!(sub.items[1].items[0].target, page("sub/deep/d.md"));
        assert_eq!(sub.items[1].items[0].file, "sub/deep/TOC.md");
        assert_eq!(root.items[1].target, page("ref/r1.md"));
        assert!(root.items[1].items.is_empty());
        // every TOC is resolved on its own too
        assert_eq!(res["sub/TOC.yml"].items[1].items.len(), 1);
    }

    #[test]
    fn nesting_cycles_and_missing_files() {
        let map = tocs(&[
            ("a/toc.yml", "- name: B\n  href: ../b/toc.yml\n- name: Gone\n  href: gone/toc.yml\n- name: GoneRef\n  href: nowhere/\n"),
            ("b/toc.yml", "- name: X\n  href: x.md\n- name: A\n  href: ../a/toc.yml\n"),
        ]);
        let (res, d) = resolve_nested(&map);
        let mut c = codes(&d);
        c.sort();
        assert_eq!(
            c,
            vec![
                "toc-circular-reference",
                "toc-circular-reference",
                "toc-not-found",
                "toc-not-found"
            ],
            "{d:?}"
        );
        assert!(d
            .iter()
            .filter(|d| d.code == "toc-circular-reference")
            .all(|d| d.is_error()));
        let a = &res["a/toc.yml"];
        assert_eq!(a.items[0].items[0].target, page("b/x.md"));
        // the cycle is cut: A inside B inside A has no children
        assert_eq!(a.items[0].items[1].target, TocTarget::None);
        assert!(a.items[0].items[1].items.is_empty());
        assert_eq!(a.items[1].target, TocTarget::None);
    }

    #[test]
    fn toc_md_headings_levels_and_syntax() {
        let text = "\
---
title: x
---
<!-- a comment -->
# [Overview](overview.md)
## [Child](sub/child.md#part)
#### [Skipped](skip.md)
## Group
### [Spaced](a b.md)
Some stray paragraph.
# @some.uid
# [One](one.md) and text
";
        let (toc, d) = parse_ok("admin/TOC.md", text);
        assert_eq!(
            codes(&d),
            vec![
                "toc-invalid-level",
                "toc-invalid-syntax",
                "toc-invalid-syntax"
            ],
            "{d:?}"
        );
        assert_eq!(
            d.iter().map(|d| d.line).collect::<Vec<_>>(),
            vec![7, 10, 12]
        );
        assert_eq!(toc.items.len(), 3);
        let o = &toc.items[0];
        assert_eq!((o.name.as_str(), o.line), ("Overview", 5));
        assert_eq!(o.target, page("admin/overview.md"));
        assert_eq!(o.items.len(), 2);
        assert_eq!(
            o.items[0].target,
            TocTarget::Page {
                path: "admin/sub/child.md".into(),
                anchor: Some("part".into())
            }
        );
        assert_eq!(o.items[0].items[0].target, page("admin/skip.md"));
        assert_eq!(o.items[1].name, "Group");
        assert_eq!(o.items[1].target, TocTarget::None);
        assert_eq!(o.items[1].items[0].target, page("admin/a b.md"));
        assert_eq!(o.items[1].items[0].name, "Spaced");
        assert_eq!(
            toc.items[1].target,
            TocTarget::External("xref:some.uid".into())
        );
        assert_eq!(toc.items[2].target, page("admin/one.md"));
    }

    #[test]
    fn toc_md_comments_html_and_titles() {
        let text = "<!--\nmulti-line\ncomment\n-->\n# [A](a.md \"title\")\n\n<div>x</div>\n\n## [B](<b c.md>)\n- a list\n";
        let (toc, d) = parse_ok("TOC.md", text);
        assert_eq!(
            d.iter()
                .map(|d| (d.code.name(), d.line))
                .collect::<Vec<_>>(),
            vec![("toc-invalid-syntax", 7), ("toc-invalid-syntax", 10)]
        );
        assert_eq!(toc.items[0].target, page("a.md"));
        assert_eq!(toc.items[0].items[0].target, page("b c.md"));
        let (_, d) = parse_ok("TOC.md", "## [Deep first](x.md)\n");
        assert_eq!(codes(&d), vec!["toc-invalid-level"]);
    }

    #[test]
    fn assign_pages_prefers_referencing_toc_then_nearest() {
        let map = tocs(&[
            (
                "toc.yml",
                "- name: Index\n  href: index.md\n- name: Shared\n  href: admin/shared.md\n",
            ),
            (
                "admin/toc.yml",
                "- name: Shared\n  href: shared.md\n- name: Far\n  href: ../business/far.md\n",
            ),
            (
                "admin/sub/toc.yml",
                "- name: Shared\n  href: ../shared.md\n",
            ),
            ("nest/toc.yml", "- name: Inner\n  href: inner/toc.yml\n"),
            ("nest/inner/toc.yml", "- name: P\n  href: p.md\n"),
        ]);
        let (res, _) = resolve_nested(&map);
        let pages: Vec<String> = [
            "index.md",
            "admin/shared.md",
            "business/far.md",
            "admin/sub/unlisted.md",
            "business/unlisted.md",
            "nest/inner/p.md",
            "nest/inner/q.md",
            "ADMIN/Shared.md",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let a = assign_pages(&res, &pages);
        assert_eq!(a["index.md"], "toc.yml");
        assert_eq!(a["admin/shared.md"], "admin/toc.yml");
        assert_eq!(a["ADMIN/Shared.md"], "admin/toc.yml");
        assert_eq!(a["business/far.md"], "admin/toc.yml");
        assert_eq!(a["admin/sub/unlisted.md"], "admin/sub/toc.yml");
        assert_eq!(a["business/unlisted.md"], "toc.yml");
        // the nested TOC is part of nest/toc.yml, which wins
        assert_eq!(a["nest/inner/p.md"], "nest/toc.yml");
        assert_eq!(a["nest/inner/q.md"], "nest/toc.yml");
    }

    #[test]
    fn projection_filters_marks_and_expands() {
        let text = "\
- name: A
  href: a.md
- name: Group
  items:
  - name: Missing
    href: missing.md
  - name: Deep
    items:
    - name: C
      href: c.md#x
- name: Empty group
  items:
  - name: Missing too
    href: missing.md
- name: Parent missing
  href: missing.md
  items:
  - name: Kid
    href: kid.md
- name: Web
  href: https://example.com/
";
        let (toc, _) = parse_ok("toc.yml", text);
        let exists = |p: &str| p != "missing.md";
        let label = |n: &TocNode| n.name.to_uppercase();
        let href = |t: &TocTarget| match t {
            TocTarget::Page { path, .. } => Some(path.replace(".md", ".html")),
            TocTarget::External(u) => Some(u.clone()),
            _ => None,
        };
        let nav = project(&toc, &exists, &label, &href, Some("C.md"));
        let labels: Vec<_> = nav.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, vec!["A", "GROUP", "PARENT MISSING", "WEB"]);
        assert_eq!(nav[0].href.as_deref(), Some("a.html"));
        let group = &nav[1];
        assert!(group.expanded);
        assert_eq!(group.items.len(), 1);
        assert!(group.items[0].expanded);
        assert!(group.items[0].items[0].current);
        assert_eq!(group.items[0].items[0].href.as_deref(), Some("c.html"));
        assert!(!nav[0].expanded && !nav[0].current);
        assert_eq!(nav[2].href, None);
        assert_eq!(nav[2].items[0].label, "KID");
        assert_eq!(nav[3].href.as_deref(), Some("https://example.com/"));
        let json = serde_json::to_string(&nav[0]).unwrap();
        assert!(json.contains("\"label\":\"A\""));
    }

    #[test]
    fn path_to_finds_the_breadcrumb_trail() {
        let text = "\
- name: Root
  href: index.md
  items:
  - name: Mid
    items:
    - name: Leaf anchor
      href: leaf.md#a
    - name: Leaf
      href: leaf.md
";
        let (toc, _) = parse_ok("toc.yml", text);
        let names = |v: Vec<&TocNode>| v.iter().map(|n| n.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(path_to(&toc, "leaf.md")), vec!["Root", "Mid", "Leaf"]);
        assert_eq!(
            names(path_to(&toc, "LEAF.md")),
            vec!["Root", "Mid", "Leaf anchor"]
        );
        assert_eq!(names(path_to(&toc, "index.md")), vec!["Root"]);
        assert!(path_to(&toc, "none.md").is_empty());
        let index = BreadcrumbIndex::new(&toc);
        for p in ["leaf.md", "LEAF.md", "index.md", "none.md", "Index.MD"] {
            assert_eq!(
                names(index.path_to(&toc, p)),
                names(path_to(&toc, p)),
                "{p}"
            );
        }
    }

    #[test]
    fn never_panics_on_odd_yaml() {
        for text in [
            "name: only a map\n",
            "42\n",
            "- [a, b]\n- name: x\n  items: notalist\n",
            "- name: x\n  href: 12\n  expanded: 'true'\n",
            "- name:\n  href: ?only=query\n",
            "- name: x\n  href: '#anchor'\n",
            "- name: t\n  href: .\n",
            "---\n- name: a\n---\n- name: b\n",
            "\t- name: tab\n",
        ] {
            let (_t, _d) = parse("toc.yml", text);
        }
    }

    // ------------------------------------------------------------ corpus

    fn corpus_docset() -> Option<std::path::PathBuf> {
        let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        [
            here.join("../shared/corpus/m365-nl-NL/microsoft-365"),
            here.join("../../shared/corpus/m365-nl-NL/microsoft-365"),
        ]
        .into_iter()
        .find(|p| p.join("docfx.json").is_file())
    }

    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if let Ok(rel) = p.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }

    #[test]
    fn corpus_tocs_parse_and_resolve() {
        let Some(root) = corpus_docset() else {
            println!("skipped: ../shared/corpus/m365-nl-NL not found");
            return;
        };
        let mut files = Vec::new();
        walk(&root, &root, &mut files);
        files.sort();
        let toc_files: Vec<&String> = files
            .iter()
            .filter(|f| is_toc_file_name(f.rsplit('/').next().unwrap()))
            .collect();
        let mut map = BTreeMap::new();
        let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &toc_files {
            let text = String::from_utf8_lossy(&std::fs::read(root.join(f)).unwrap()).into_owned();
            let (toc, d) = parse(f, &text);
            for d in &d {
                *by_code.entry(d.code.name()).or_default() += 1;
            }
            let toc = toc.unwrap_or_else(|| panic!("{f} did not parse: {d:?}"));
            // Line numbers: every YAML node's line holds its `name:` key.
            fn check_lines(nodes: &[TocNode], lines: &[&str]) {
                for n in nodes {
                    let l = lines[n.line as usize - 1];
                    assert!(l.contains("name:"), "{}:{} `{l}`", n.file, n.line);
                    check_lines(&n.items, lines);
                }
            }
            if !f.to_lowercase().ends_with(".md") {
                check_lines(&toc.items, &text.lines().collect::<Vec<_>>());
            }
            map.insert(f.to_string(), toc);
        }
        let (res, d) = resolve_nested(&map);
        for d in &d {
            *by_code.entry(d.code.name()).or_default() += 1;
        }
        fn count(nodes: &[TocNode], acc: &mut (usize, usize, usize, Vec<String>)) {
            for n in nodes {
                acc.0 += 1;
                match &n.target {
                    TocTarget::Page { path, .. } => acc.3.push(path.clone()),
                    TocTarget::External(_) => acc.1 += 1,
                    _ => acc.2 += 1,
                }
                count(&n.items, acc);
            }
        }
        let file_set: HashSet<&str> = files.iter().map(String::as_str).collect();
        let lower_set: HashSet<String> = files.iter().map(|f| f.to_lowercase()).collect();
        let (mut nodes, mut missing, mut missing_ci) = (0, 0, 0);
        println!("TOCs: {}", toc_files.len());
        for (k, toc) in &res {
            let mut acc = (0, 0, 0, Vec::new());
            count(&toc.items, &mut acc);
            let miss = acc
                .3
                .iter()
                .filter(|p| !file_set.contains(p.as_str()))
                .count();
            for p in acc.3.iter().filter(|p| !file_set.contains(p.as_str())) {
                println!("    missing: {p}");
            }
            let miss_ci = acc
                .3
                .iter()
                .filter(|p| !lower_set.contains(&p.to_lowercase()))
                .count();
            println!(
                "  {k}: {} nodes ({} pages, {} external, {} groups); {miss} page hrefs to missing files ({miss_ci} ignoring case)",
                acc.0,
                acc.3.len(),
                acc.1,
                acc.2
            );
            nodes += acc.0;
            missing += miss;
            missing_ci += miss_ci;
        }
        println!("total nodes: {nodes}; page hrefs to missing files: {missing} ({missing_ci} ignoring case)");
        println!("diagnostics by code: {by_code:?}");
        assert!(!by_code.contains_key("toc-parse-error"));

        let pages: Vec<String> = files
            .iter()
            .filter(|f| f.ends_with(".md") || f.ends_with(".yml"))
            .filter(|f| !is_toc_file_name(f.rsplit('/').next().unwrap()))
            .filter(|f| !f.contains("/includes/") && !f.starts_with("includes/"))
            .cloned()
            .collect();
        let page_tocs: BTreeMap<String, Toc> = res
            .into_iter()
            .filter(|(k, _)| !k.contains("breadcrumb/"))
            .collect();
        let assigned = assign_pages(&page_tocs, &pages);
        println!("pages: {}, with a TOC: {}", pages.len(), assigned.len());
        assert_eq!(
            assigned
                .get("business-video/get-help-support.md")
                .map(String::as_str),
            Some("business-video/TOC.yml")
        );
        let toc = &page_tocs["business-video/TOC.yml"];
        let trail = path_to(toc, "business-video/get-help-support.md");
        // The index finds the same trail as the walk, for every page of every TOC.
        for (path, toc) in &page_tocs {
            let index = BreadcrumbIndex::new(toc);
            for p in &pages {
                let walk: Vec<*const TocNode> =
                    path_to(toc, p).into_iter().map(|n| n as *const _).collect();
                let looked_up: Vec<*const TocNode> = index
                    .path_to(toc, p)
                    .into_iter()
                    .map(|n| n as *const _)
                    .collect();
                assert_eq!(walk, looked_up, "{p} in {path}");
            }
        }
        println!(
            "trail of the reference page: {:?}",
            trail.iter().map(|n| n.name.as_str()).collect::<Vec<_>>()
        );
        assert!(!trail.is_empty());
    }
}
