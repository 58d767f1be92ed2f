//! Environment-level pass: parse once, then apply DocFX semantics that do
//! not depend on the locale.

pub use super::events::Ev;
use super::events::{is_block, is_block_end};
use super::slugify;
use crate::bilingual::{self, Side};
use crate::diagnostics::{Code, Diagnostic};
use crate::html;
use crate::resolve::docfx_blocks::video_url;
use crate::resolve::Composed;
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

/// What a link is, for the resolver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Link,
    Image,
}

/// Rewrites URLs for one page variant and records link problems.
pub trait LinkResolver {
    /// `url` as written, found at `file`:`line` (the file the writer edits).
    fn resolve(&self, url: &str, kind: LinkKind, file: &str, line: u32) -> String;

    /// The title, on `side`, of the docset page `url` links to (for links
    /// written without text); `None` when it is not a page of the docset.
    fn page_title(&self, _url: &str, _side: Side) -> Option<String> {
        None
    }

    /// Record a problem found while rendering a link at `file`:`line`.
    fn report(&self, _code: crate::diagnostics::Code, _file: &str, _line: u32, _message: String) {}
}

/// A heading of the prepared page.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Index range of the heading's inner events in [`Prepared::events`].
    pub inner: Range<usize>,
}

/// A page parsed for one environment.
pub struct Prepared<'a> {
    /// The text the events borrow from (for locating links).
    pub composed: &'a Composed,
    pub events: Vec<Ev<'a>>,
    pub headings: Vec<Heading>,
    /// Ids of all headings (and `<a name>` anchors) of the page: bookmark targets.
    pub anchors: Vec<String>,
}

static ALERT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[!([A-Za-z][\w-]*)\]\s*$").unwrap());
static ALERT_LOOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[!([A-Za-z]+)\]\s*(.+)$").unwrap());
static VIDEO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\[!video\s+(\S+?)\s*\]\s*$").unwrap());
static DIV: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\[!div(\s+[^\]]*)?\]\s*$").unwrap());
static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^<a\s+(?:name|id)\s*=\s*["']?([^"'>\s]+)["']?\s*/?>"#).unwrap()
});
static HTML_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\b(href|src)(\s*=\s*)(?:"([^"]*)"|'([^']*)')"#).unwrap());

const STANDARD_ALERTS: [&str; 5] = ["NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING"];

fn alert_class(kind: &str, custom: &BTreeMap<String, String>) -> Option<String> {
    if STANDARD_ALERTS.contains(&kind) {
        Some(kind.to_string())
    } else {
        custom.get(kind).cloned()
    }
}

/// Parse a composed page and prepare its events (DocFX's default extensions).
pub fn prepare<'a>(
    composed: &'a Composed,
    custom_alerts: &BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) -> Prepared<'a> {
    prepare_with(composed, custom_alerts, &[], diags)
}

/// [`prepare`] with the optional Markdig extensions docfx.json names.
#[allow(clippy::needless_range_loop)]
pub fn prepare_with<'a>(
    composed: &'a Composed,
    custom_alerts: &BTreeMap<String, String>,
    extensions: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Prepared<'a> {
    let parser = Parser::new_ext(&composed.text, super::options_for(extensions)).into_offset_iter();
    let mut parsed: Vec<(Event<'a>, Range<usize>)> = parser.collect();
    super::optional::math_digit_rule(&composed.text, &mut parsed);
    super::crossing::literal_crossing(&composed.text, &mut parsed);
    // Merge adjacent text events (pulldown-cmark splits at special characters).
    let mut raw: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(parsed.len());
    for (ev, range) in parsed {
        if let Event::Text(t) = &ev {
            if let Some((Event::Text(prev), prange)) = raw.last_mut() {
                let mut s = String::with_capacity(prev.len() + t.len());
                s.push_str(prev);
                s.push_str(t);
                *prev = CowStr::from(s);
                prange.end = range.end;
                continue;
            }
        }
        raw.push((ev, range));
    }
    let enabled = super::optional::Enabled::from_names(extensions);
    let abbreviations = if enabled.abbr {
        super::optional::take_abbreviations(&mut raw)
    } else {
        Vec::new()
    };

    let mut out: Vec<Ev<'a>> = Vec::with_capacity(raw.len() + 16);
    let mut headings = Vec::new();
    let mut anchors: Vec<String> = Vec::new();
    let mut id_counts: HashMap<String, usize> = HashMap::new();
    // Stack of open blockquotes: what their End must emit.
    #[derive(Clone, Copy, PartialEq)]
    enum Quote {
        Plain,
        Alert,
        Div,
        Dropped,
    }
    let mut quotes: Vec<Quote> = Vec::new();
    let mut i = 0;
    let n = raw.len();
    while i < n {
        let range = raw[i].1.clone();
        match &raw[i].0 {
            Event::Start(Tag::BlockQuote(_)) => {
                // Marker paragraph?  Start(Paragraph), Text(marker), SoftBreak|End(Paragraph)
                let marker = match (raw.get(i + 1), raw.get(i + 2)) {
                    (Some((Event::Start(Tag::Paragraph), _)), Some((Event::Text(t), _))) => {
                        let end_kind = raw.get(i + 3).map(|(e, _)| e);
                        let line_end = matches!(
                            end_kind,
                            Some(Event::SoftBreak)
                                | Some(Event::HardBreak)
                                | Some(Event::End(TagEnd::Paragraph))
                        );
                        Some((
                            t.to_string(),
                            line_end,
                            end_kind.is_some_and(|e| matches!(e, Event::End(TagEnd::Paragraph))),
                        ))
                    }
                    _ => None,
                };
                let (file, line) = composed.locate(range.start);
                if let Some((text, line_end, para_ends)) = marker {
                    let t = text.trim();
                    if line_end {
                        if let Some(c) = VIDEO.captures(t) {
                            out.push(Ev::Raw(video_html(&c[1])));
                            quotes.push(Quote::Dropped);
                            i += 4;
                            if !para_ends {
                                // Rest of the paragraph continues: reopen it.
                                out.push(Ev::Md(Event::Start(Tag::Paragraph)));
                            }
                            continue;
                        }
                        if let Some(c) = DIV.captures(t) {
                            let attrs = c.get(1).map(|m| m.as_str().trim()).unwrap_or("");
                            let attrs = attrs.trim_matches('`');
                            let attrs = sanitize_attrs(attrs);
                            out.push(Ev::Raw(if attrs.is_empty() {
                                "<div>\n".into()
                            } else {
                                format!("<div {attrs}>\n")
                            }));
                            quotes.push(Quote::Div);
                            i += 3;
                            if para_ends {
                                i += 1;
                            } else {
                                i += 1;
                                out.push(Ev::Md(Event::Start(Tag::Paragraph)));
                            }
                            continue;
                        }
                        if let Some(c) = ALERT.captures(t) {
                            let kind = c[1].to_ascii_uppercase();
                            match alert_class(&kind, custom_alerts) {
                                Some(class) => {
                                    out.push(Ev::AlertOpen(kind, class));
                                    quotes.push(Quote::Alert);
                                    i += 4;
                                    if !para_ends {
                                        out.push(Ev::Md(Event::Start(Tag::Paragraph)));
                                    }
                                    continue;
                                }
                                None => {
                                    diags.push(Diagnostic::warning(
                                        Code::AlertUnknown,
                                        file,
                                        line,
                                        1,
                                        format!("'[!{}]' is not a known alert type (NOTE, TIP, IMPORTANT, CAUTION, WARNING or a custom type from docfx.json); it is shown as a plain quote.", &c[1]),
                                    ).with_hint("Fix the keyword, or declare it in build.markdownEngineProperties.alerts."));
                                    out.push(Ev::Md(Event::Start(Tag::BlockQuote(None))));
                                    quotes.push(Quote::Plain);
                                    i += 4;
                                    if !para_ends {
                                        out.push(Ev::Md(Event::Start(Tag::Paragraph)));
                                    }
                                    continue;
                                }
                            }
                        }
                    }
                    if let Some(c) = ALERT_LOOSE.captures(t) {
                        let kind = c[1].to_ascii_uppercase();
                        if let Some(class) = alert_class(&kind, custom_alerts) {
                            diags.push(Diagnostic::warning(
                                Code::AlertInvalid,
                                file,
                                line,
                                1,
                                format!("Text follows '[!{}]' on the same line; DocFX shows this as a plain quote, tolk shows it as an alert.", &c[1]),
                            ).with_hint("Put the alert keyword alone on its line: '> [!NOTE]', then '> text'."));
                            let rest = c[2].to_string();
                            out.push(Ev::AlertOpen(kind, class));
                            out.push(Ev::Md(Event::Start(Tag::Paragraph)));
                            out.push(Ev::Md(Event::Text(CowStr::from(rest))));
                            quotes.push(Quote::Alert);
                            i += 3;
                            continue;
                        }
                    }
                }
                out.push(Ev::Md(Event::Start(Tag::BlockQuote(None))));
                quotes.push(Quote::Plain);
                i += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                match quotes.pop() {
                    Some(Quote::Alert) => out.push(Ev::AlertClose),
                    Some(Quote::Div) => out.push(Ev::Raw("</div>\n".into())),
                    Some(Quote::Dropped) => {}
                    _ => out.push(Ev::Md(Event::End(TagEnd::BlockQuote(None)))),
                }
                i += 1;
            }
            // A later alert keyword inside a quote: `SoftBreak, Text([!TIP]), SoftBreak|End`.
            Event::SoftBreak if !quotes.is_empty() => {
                if let Some((Event::Text(t), _)) = raw.get(i + 1) {
                    let next_is_end = matches!(
                        raw.get(i + 2).map(|(e, _)| e),
                        Some(Event::SoftBreak) | Some(Event::End(TagEnd::Paragraph))
                    );
                    if next_is_end {
                        if let Some(c) = VIDEO.captures(t.trim()) {
                            // A video line inside a quote (e.g. an alert): the player, in place.
                            out.push(Ev::Md(Event::End(TagEnd::Paragraph)));
                            out.push(Ev::Raw(video_html(&c[1])));
                            out.push(Ev::Md(Event::Start(Tag::Paragraph)));
                            i += 2;
                            if matches!(raw.get(i).map(|(e, _)| e), Some(Event::SoftBreak)) {
                                i += 1;
                            }
                            continue;
                        }
                        if let Some(c) = ALERT.captures(t.trim()) {
                            let kind = c[1].to_ascii_uppercase();
                            if let Some(class) = alert_class(&kind, custom_alerts) {
                                out.push(Ev::Md(Event::End(TagEnd::Paragraph)));
                                let top = quotes.last().copied();
                                close_quote(
                                    &mut out,
                                    top.filter(|q| *q != Quote::Dropped)
                                        .map(|q| q == Quote::Alert),
                                    top == Some(Quote::Div),
                                );
                                out.push(Ev::AlertOpen(kind, class));
                                if let Some(q) = quotes.last_mut() {
                                    *q = Quote::Alert;
                                }
                                if matches!(raw.get(i + 2).map(|(e, _)| e), Some(Event::SoftBreak))
                                {
                                    out.push(Ev::Md(Event::Start(Tag::Paragraph)));
                                    i += 3;
                                } else {
                                    // The paragraph ends right after the keyword.
                                    i += 3;
                                }
                                continue;
                            }
                        }
                    }
                }
                out.push(Ev::Md(Event::SoftBreak));
                i += 1;
            }
            // A later paragraph of a quote that starts with an alert keyword.
            Event::Start(Tag::Paragraph) if !quotes.is_empty() => {
                if let Some((Event::Text(t), _)) = raw.get(i + 1) {
                    let after = raw.get(i + 2).map(|(e, _)| e);
                    if matches!(
                        after,
                        Some(Event::SoftBreak) | Some(Event::End(TagEnd::Paragraph))
                    ) {
                        if let Some(c) = VIDEO.captures(t.trim()) {
                            out.push(Ev::Raw(video_html(&c[1])));
                            if matches!(after, Some(Event::SoftBreak)) {
                                out.push(Ev::Md(Event::Start(Tag::Paragraph)));
                            } else {
                                i += 1; // the paragraph's End
                            }
                            i += 3;
                            continue;
                        }
                        if let Some(c) = ALERT.captures(t.trim()) {
                            let kind = c[1].to_ascii_uppercase();
                            if let Some(class) = alert_class(&kind, custom_alerts) {
                                let top = quotes.last().copied();
                                close_quote(
                                    &mut out,
                                    top.filter(|q| *q != Quote::Dropped)
                                        .map(|q| q == Quote::Alert),
                                    top == Some(Quote::Div),
                                );
                                out.push(Ev::AlertOpen(kind, class));
                                if let Some(q) = quotes.last_mut() {
                                    *q = Quote::Alert;
                                }
                                if matches!(after, Some(Event::SoftBreak)) {
                                    out.push(Ev::Md(Event::Start(Tag::Paragraph)));
                                    i += 3;
                                } else {
                                    i += 3; // skip Start(P), Text, End(P)
                                }
                                continue;
                            }
                        }
                    }
                }
                out.push(Ev::Md(Event::Start(Tag::Paragraph)));
                i += 1;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level;
                // Find the heading's end.
                let mut j = i + 1;
                while j < n && !matches!(raw[j].0, Event::End(TagEnd::Heading(_))) {
                    j += 1;
                }
                // Explicit anchor: <a name="x"></a> among the first inlines.
                let mut explicit: Option<String> = None;
                let mut skip = Vec::new();
                for k in (i + 1)..j.min(i + 4) {
                    if let Event::InlineHtml(h) | Event::Html(h) = &raw[k].0 {
                        if let Some(c) = ANCHOR.captures(h.trim()) {
                            explicit = Some(c[1].to_string());
                            skip.push(k);
                            if let Some((Event::InlineHtml(h2), _)) = raw.get(k + 1) {
                                if h2.trim().eq_ignore_ascii_case("</a>") {
                                    skip.push(k + 1);
                                }
                            }
                            break;
                        }
                    } else if let Event::Text(t) = &raw[k].0 {
                        if !t.trim().is_empty() {
                            break;
                        }
                    }
                }
                let base = match &explicit {
                    Some(id) => id.clone(),
                    None => {
                        let mut text = String::new();
                        for (e, _) in &raw[i + 1..j] {
                            match e {
                                Event::Text(t) | Event::Code(t) => {
                                    text.push_str(&bilingual::resolve(t, Side::Source))
                                }
                                _ => {}
                            }
                        }
                        slugify(&text)
                    }
                };
                let id = unique_id(&mut id_counts, &base);
                anchors.push(id.clone());
                out.push(Ev::HeadingOpen(level, id.clone()));
                let start = out.len();
                for k in (i + 1)..j {
                    if skip.contains(&k) {
                        continue;
                    }
                    push_inline(&mut out, &raw[k], &mut anchors);
                }
                headings.push(Heading {
                    level: level as u8,
                    id,
                    inner: start..out.len(),
                });
                out.push(Ev::HeadingClose(level));
                i = j + 1;
            }
            _ => {
                let item = &raw[i];
                push_inline(&mut out, item, &mut anchors);
                i += 1;
            }
        }
    }
    let out = super::optional::apply(super::extras::apply(out), enabled, &abbreviations);
    let out = group_tabs(out, &headings);
    let headings = reindex_headings(&out);
    Prepared {
        composed,
        events: out,
        headings,
        anchors,
    }
}

/// DocFX's embedded video player.
fn video_html(url: &str) -> String {
    format!(
        "<div class=\"embeddedvideo\"><iframe src=\"{}\" allowfullscreen loading=\"lazy\" title=\"{}\"></iframe></div>\n",
        html::escape(&video_url(url)),
        crate::resolve::docfx_blocks::VIDEO_TITLE
    )
}

fn close_quote(out: &mut Vec<Ev>, is_alert: Option<bool>, is_div: bool) {
    match is_alert {
        Some(true) => out.push(Ev::AlertClose),
        _ if is_div => out.push(Ev::Raw("</div>\n".into())),
        Some(false) => out.push(Ev::Md(Event::End(TagEnd::BlockQuote(None)))),
        None => {}
    }
}

/// Ids are unique per page: a repeated id (explicit `<a name>` ones too, as
/// DocFX numbers them) gets `-1`, `-2`…
fn unique_id(counts: &mut HashMap<String, usize>, base: &str) -> String {
    let base = if base.is_empty() { "section" } else { base };
    let c = counts.entry(base.to_string()).or_insert(0);
    let id = if *c == 0 {
        base.to_string()
    } else {
        format!("{base}-{c}")
    };
    *c += 1;
    id
}

/// Keep only `class`, `id` and `data-*` attributes of a `[!div]`.
fn sanitize_attrs(attrs: &str) -> String {
    static A: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(class|id|data-[\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|&quot;(.*?)&quot;)"#)
            .unwrap()
    });
    A.captures_iter(attrs)
        .map(|c| {
            let v = c
                .get(2)
                .or(c.get(3))
                .or(c.get(4))
                .map_or("", |m| m.as_str());
            format!("{}=\"{}\"", &c[1], html::escape(v))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Push an ordinary event; URL-bearing events keep their location so the
/// renderer can rewrite them per variant.
fn push_inline<'a>(
    out: &mut Vec<Ev<'a>>,
    item: &(Event<'a>, Range<usize>),
    anchors: &mut Vec<String>,
) {
    let (ev, range) = item;
    match ev {
        Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => {
            out.push(Ev::Located(ev.clone(), range.start));
        }
        Event::Html(h) | Event::InlineHtml(h) => {
            if let Some(c) = ANCHOR.captures(h.trim()) {
                anchors.push(c[1].to_string());
            } else if h.contains(" id=") || h.contains(" name=") {
                static IDS: LazyLock<Regex> =
                    LazyLock::new(|| Regex::new(r#"\s(?:id|name)\s*=\s*"([^"]+)""#).unwrap());
                for c in IDS.captures_iter(h) {
                    anchors.push(c[1].to_string());
                }
            }
            if HTML_URL.is_match(h) {
                out.push(Ev::Located(ev.clone(), range.start));
            } else {
                out.push(Ev::Md(ev.clone()));
            }
        }
        e => out.push(Ev::Md(e.clone())),
    }
}

/// Rewrite the href/src attributes of raw HTML.
pub(crate) fn rewrite_html_urls(h: &str, mut f: impl FnMut(&str, LinkKind) -> String) -> String {
    HTML_URL
        .replace_all(h, |c: &regex::Captures| {
            let url = c.get(3).or(c.get(4)).map_or("", |m| m.as_str());
            let kind = if c[1].eq_ignore_ascii_case("src") {
                LinkKind::Image
            } else {
                LinkKind::Link
            };
            let new = f(&html::unescape(url), kind);
            format!("{}{}\"{}\"", &c[1], &c[2], html::escape(&new))
        })
        .into_owned()
}

/// Tabs: a heading whose only inline is a link to `#tab/<id>` starts a tab;
/// the group ends at a thematic break (consumed) or the end of the page.
fn group_tabs<'a>(events: Vec<Ev<'a>>, _headings: &[Heading]) -> Vec<Ev<'a>> {
    let is_tab = |events: &[Ev], i: usize| -> Option<(String, usize)> {
        // HeadingOpen, Start(Link #tab/..), inner..., End(Link), HeadingClose
        if let (
            Some(Ev::HeadingOpen(..)),
            Some(Ev::Located(Event::Start(Tag::Link { dest_url, .. }), _)),
        ) = (events.get(i), events.get(i + 1))
        {
            let id = dest_url.strip_prefix("#tab/")?;
            let mut j = i + 2;
            let mut depth = 1;
            while j < events.len() {
                match &events[j] {
                    Ev::Located(Event::Start(Tag::Link { .. }), _) => depth += 1,
                    Ev::Md(Event::End(TagEnd::Link)) => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if matches!(events.get(j + 1), Some(Ev::HeadingClose(_))) {
                return Some((id.split('/').next().unwrap_or(id).to_string(), j + 1));
            }
        }
        None
    };
    if !events.iter().any(|e| matches!(e, Ev::Located(Event::Start(Tag::Link { dest_url, .. }), _) if dest_url.starts_with("#tab/"))) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 16);
    let mut depth = 0i32; // block nesting depth (only group at top level)
    let mut i = 0;
    let mut group_no = 0;
    while i < events.len() {
        if depth == 0 {
            if let Some((first_id, _)) = is_tab(&events, i) {
                group_no += 1;
                // Collect tabs: (id, title events, body events)
                let mut tabs: Vec<(String, Vec<Ev<'a>>, Vec<Ev<'a>>)> = Vec::new();
                let mut cur: Option<(String, Vec<Ev<'a>>, Vec<Ev<'a>>)> = None;
                let mut d = 0i32;
                let _ = first_id;
                while i < events.len() {
                    if d == 0 {
                        if let Some((id, close)) = is_tab(&events, i) {
                            if let Some(t) = cur.take() {
                                tabs.push(t);
                            }
                            let title: Vec<Ev<'a>> = events[i + 2..close - 1].to_vec();
                            cur = Some((id, title, Vec::new()));
                            i = close + 1;
                            continue;
                        }
                        if matches!(events[i], Ev::Md(Event::Rule)) {
                            i += 1;
                            break;
                        }
                    }
                    d += block_delta(&events[i]);
                    if d < 0 {
                        break;
                    }
                    if let Some(t) = cur.as_mut() {
                        t.2.push(events[i].clone());
                    }
                    i += 1;
                }
                if let Some(t) = cur.take() {
                    tabs.push(t);
                }
                out.push(Ev::Raw(format!(
                    "<div class=\"tabGroup\" id=\"tabgroup_{group_no}\">\n<ul role=\"tablist\">\n"
                )));
                for (k, (id, title, _)) in tabs.iter().enumerate() {
                    let sel = k == 0;
                    out.push(Ev::Raw(format!(
                        "<li role=\"presentation\"><a href=\"#tabpanel_{group_no}_{id}\" role=\"tab\" id=\"tab_{group_no}_{id}\" aria-controls=\"tabpanel_{group_no}_{id}\" data-tab=\"{id}\" tabindex=\"{}\" aria-selected=\"{sel}\">",
                        if sel { "0" } else { "-1" }
                    )));
                    out.extend(title.iter().cloned());
                    out.push(Ev::Raw("</a></li>\n".into()));
                }
                out.push(Ev::Raw("</ul>\n".into()));
                for (k, (id, _, body)) in tabs.into_iter().enumerate() {
                    let hidden = if k == 0 { "" } else { " hidden" };
                    out.push(Ev::Raw(format!(
                        "<div id=\"tabpanel_{group_no}_{id}\" role=\"tabpanel\" aria-labelledby=\"tab_{group_no}_{id}\" data-tab=\"{id}\"{hidden}>\n"
                    )));
                    out.extend(body);
                    out.push(Ev::Raw("</div>\n".into()));
                }
                out.push(Ev::Raw("</div>\n".into()));
                continue;
            }
        }
        depth += block_delta(&events[i]);
        out.push(events[i].clone());
        i += 1;
    }
    out
}

fn block_delta(e: &Ev) -> i32 {
    match e {
        Ev::Md(Event::Start(t)) if is_block(t) => 1,
        Ev::Md(Event::End(t)) if is_block_end(t) => -1,
        Ev::AlertOpen(..) => 1,
        Ev::AlertClose => -1,
        _ => 0,
    }
}

fn reindex_headings(events: &[Ev]) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut open: Option<(u8, String, usize)> = None;
    for (i, e) in events.iter().enumerate() {
        match e {
            Ev::HeadingOpen(level, id) => open = Some((*level as u8, id.clone(), i + 1)),
            Ev::HeadingClose(_) => {
                if let Some((level, id, start)) = open.take() {
                    out.push(Heading {
                        level,
                        id,
                        inner: start..i,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_ids_are_numbered_explicit_ones_too() {
        let mut c = HashMap::new();
        assert_eq!(unique_id(&mut c, "advanced-audit"), "advanced-audit");
        assert_eq!(unique_id(&mut c, "advanced-audit"), "advanced-audit-1");
        assert_eq!(unique_id(&mut c, ""), "section");
    }
}
