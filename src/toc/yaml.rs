//! `toc.yml`: YAML nodes read into [`TocNode`]s, each placed on its line
//! (see "Line numbers" in the module documentation).

use super::*;
use serde_yaml::Value;

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

pub(super) fn parse_yaml(cx: &mut Cx, text: &str) -> Option<Vec<TocNode>> {
    if text.trim().is_empty() {
        return Some(Vec::new());
    }
    let value: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e
                .location()
                .map(|l| (l.line() as u32, l.column() as u32))
                // No position (a limit such as alias repetition): the file as a whole.
                .unwrap_or((1, 1));
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
