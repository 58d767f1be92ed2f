//! Optional Markdig extensions that work on the prepared events, turned on
//! by name in docfx.json `build.markdownEngineProperties.markdigExtensions`:
//!
//! - `mathematics`: pulldown-cmark parses `$…$` and `$$…$$` (its rules are
//!   Markdig's: the opening `$` not followed by a space, the closing one not
//!   preceded by one nor followed by a digit, `\$` escapes); they render as
//!   Markdig does, `<span class="math">\(…\)</span>` inline and
//!   `<div class="math">\[…\]</div>` for a paragraph holding only `$$…$$`.
//!   KaTeX renders them in the browser (assets/docfx.js). Math whose
//!   dollars lie in different halves of a span pair is literal text
//!   (`crossing`), so each locale shows only its own math.
//! - `emojis`: `:shortcode:` (GitHub's gemoji names) → the emoji; unknown
//!   shortcodes stay text.
//! - `abbreviations`: lines `*[HTML]: Hyper Text Markup Language` are
//!   removed and every whole-word `HTML` in the page's text becomes
//!   `<abbr title="…">HTML</abbr>`; a title written as a span pair keeps
//!   one title per locale.
//!
//! Code (spans and blocks) and URLs are left alone.

use super::prepare::Ev;
use crate::html;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Which of these extensions docfx.json names.
#[derive(Debug, Default, Clone, Copy)]
pub struct Enabled {
    pub math: bool,
    pub emoji: bool,
    pub abbr: bool,
}

impl Enabled {
    pub fn from_names(names: &[String]) -> Self {
        let has = |n: &str| names.iter().any(|e| e.eq_ignore_ascii_case(n));
        Enabled {
            math: has("mathematics"),
            emoji: has("emojis"),
            abbr: has("abbreviations"),
        }
    }

    fn any(&self) -> bool {
        self.math || self.emoji || self.abbr
    }
}

/// `*[LABEL]: title` (Markdig's abbreviation definition), one line.
static ABBR_DEF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*\[([^\]\n]+)\]:[ \t]*(.*?)[ \t]*$").unwrap());

static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r":([a-z0-9_+\-]+):").unwrap());

/// An abbreviation: its label and its title (sentinels kept: the renderer
/// resolves them per locale).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    pub label: String,
    pub title: String,
}

/// Remove abbreviation definitions from parsed (text-merged) events and
/// return them. A definition is a paragraph line that is plain text
/// starting with `*[`; a paragraph left empty is dropped.
pub fn take_abbreviations<'a>(raw: &mut Vec<(Event<'a>, Range<usize>)>) -> Vec<Abbreviation> {
    let mut defs: Vec<Abbreviation> = Vec::new();
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(raw.len());
    let mut in_code = false;
    let mut i = 0;
    while i < raw.len() {
        match &raw[i].0 {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Paragraph) if !in_code => {
                // The paragraph's inline events, up to its end.
                let end = (i + 1..raw.len())
                    .find(|&k| matches!(raw[k].0, Event::End(TagEnd::Paragraph)))
                    .unwrap_or(raw.len());
                let mut kept: Vec<(Event<'a>, Range<usize>)> = Vec::new();
                let mut line_start = true;
                let mut k = i + 1;
                while k < end {
                    let next_breaks =
                        k + 1 >= end || matches!(raw[k + 1].0, Event::SoftBreak | Event::HardBreak);
                    if line_start && next_breaks {
                        if let Event::Text(t) = &raw[k].0 {
                            if let Some(d) = paired_definition(t) {
                                defs.push(d);
                                k += 2;
                                continue;
                            }
                            if let Some(c) = ABBR_DEF.captures(t) {
                                defs.push(Abbreviation {
                                    label: c[1].trim().to_string(),
                                    title: c[2].to_string(),
                                });
                                k += 2; // the line and its break
                                continue;
                            }
                        }
                    }
                    line_start = matches!(raw[k].0, Event::SoftBreak | Event::HardBreak);
                    kept.push(raw[k].clone());
                    k += 1;
                }
                if kept.len() < end - i - 1 {
                    while matches!(kept.last(), Some((Event::SoftBreak | Event::HardBreak, _))) {
                        kept.pop();
                    }
                    if !kept.is_empty() {
                        out.push(raw[i].clone());
                        out.append(&mut kept);
                        if end < raw.len() {
                            out.push(raw[end].clone());
                        }
                    }
                    i = end + 1;
                    continue;
                }
            }
            _ => {}
        }
        out.push(raw[i].clone());
        i += 1;
    }
    // A later definition of the same label wins (as in Markdig).
    let mut seen = std::collections::HashSet::new();
    let mut uniq: Vec<Abbreviation> = defs
        .into_iter()
        .rev()
        .filter(|d| !d.label.is_empty() && seen.insert(d.label.clone()))
        .collect();
    uniq.reverse();
    *raw = out;
    uniq
}

/// A definition line translated as a whole: `⸠*[X]: nl⸾*[X]: en⸡` (one
/// label, a title per side).
fn paired_definition(t: &str) -> Option<Abbreviation> {
    use crate::bilingual::{SEG_CLOSE, SEG_MID, SEG_OPEN};
    let inner = t.trim().strip_prefix(SEG_OPEN)?.strip_suffix(SEG_CLOSE)?;
    let (target, source) = inner.split_once(SEG_MID)?;
    let (ct, cs) = (ABBR_DEF.captures(target)?, ABBR_DEF.captures(source)?);
    (ct[1].trim() == cs[1].trim()).then(|| Abbreviation {
        label: cs[1].trim().to_string(),
        title: format!("{SEG_OPEN}{}{SEG_MID}{}{SEG_CLOSE}", &ct[2], &cs[2]),
    })
}

/// Markdig's rule that pulldown-cmark lacks: a closing `$` followed by a
/// digit does not close (`$5 or $6`, `$x$1`); such math is its literal text.
pub fn math_digit_rule<'a>(text: &'a str, events: &mut [(Event<'a>, Range<usize>)]) {
    for (ev, range) in events.iter_mut() {
        if matches!(ev, Event::InlineMath(_) | Event::DisplayMath(_))
            && text[range.end..].starts_with(|c: char| c.is_ascii_digit())
        {
            *ev = Event::Text(CowStr::Borrowed(&text[range.clone()]));
        }
    }
}

/// Apply math, emoji and abbreviations to prepared events.
pub fn apply<'a>(events: Vec<Ev<'a>>, on: Enabled, abbrs: &[Abbreviation]) -> Vec<Ev<'a>> {
    if !on.any() {
        return events;
    }
    let abbr_re = (on.abbr && !abbrs.is_empty()).then(|| {
        let mut labels: Vec<&str> = abbrs.iter().map(|a| a.label.as_str()).collect();
        // Longest first, so `HTML5` wins over `HTML`.
        labels.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alt: Vec<String> = labels.iter().map(|l| regex::escape(l)).collect();
        Regex::new(&alt.join("|")).unwrap()
    });
    let mut out: Vec<Ev<'a>> = Vec::with_capacity(events.len() + 8);
    let mut in_code = false;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Ev::Md(Event::Start(Tag::CodeBlock(_))) => in_code = true,
            Ev::Md(Event::End(TagEnd::CodeBlock)) => in_code = false,
            // A paragraph that is only display math: Markdig's math block.
            Ev::Md(Event::Start(Tag::Paragraph)) if on.math => {
                if let (
                    Some(Ev::Md(Event::DisplayMath(m))),
                    Some(Ev::Md(Event::End(TagEnd::Paragraph))),
                ) = (events.get(i + 1), events.get(i + 2))
                {
                    out.push(Ev::Md(Event::Html(CowStr::from(format!(
                        "<div class=\"math\">\n\\[\n{}\n\\]</div>\n",
                        html::escape_text(m.trim())
                    )))));
                    i += 3;
                    continue;
                }
            }
            Ev::Md(Event::InlineMath(m) | Event::DisplayMath(m)) => {
                out.push(Ev::Md(Event::InlineHtml(CowStr::from(format!(
                    "<span class=\"math\">\\({}\\)</span>",
                    html::escape_text(m)
                )))));
                i += 1;
                continue;
            }
            Ev::Md(Event::Text(t)) if !in_code => {
                let t = if on.emoji && t.contains(':') {
                    emojify(t)
                } else {
                    None
                };
                let text = t.as_deref().unwrap_or(match &events[i] {
                    Ev::Md(Event::Text(t)) => t,
                    _ => unreachable!(),
                });
                match &abbr_re {
                    Some(re) if re.is_match(text) => abbreviate(text, re, abbrs, &mut out),
                    _ => match t {
                        Some(s) => out.push(Ev::Md(Event::Text(CowStr::from(s)))),
                        None => out.push(events[i].clone()),
                    },
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(events[i].clone());
        i += 1;
    }
    out
}

/// `:shortcode:` → emoji; `None` when nothing changes.
fn emojify(t: &str) -> Option<String> {
    let mut changed = false;
    let s = SHORTCODE.replace_all(t, |c: &regex::Captures| {
        match emojis::get_by_shortcode(&c[1]) {
            Some(e) => {
                changed = true;
                e.as_str().to_string()
            }
            None => c[0].to_string(),
        }
    });
    changed.then(|| s.into_owned())
}

/// Whole-word occurrences of the labels → `<abbr>`.
fn abbreviate<'a>(t: &str, re: &Regex, abbrs: &[Abbreviation], out: &mut Vec<Ev<'a>>) {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut last = 0;
    for m in re.find_iter(t) {
        if word(t[..m.start()].chars().next_back()) || word(t[m.end()..].chars().next()) {
            continue;
        }
        let Some(a) = abbrs.iter().find(|a| a.label == m.as_str()) else {
            continue;
        };
        if last < m.start() {
            out.push(Ev::Md(Event::Text(CowStr::from(
                t[last..m.start()].to_string(),
            ))));
        }
        // The title may hold a span pair: the renderer keeps its locale's side.
        out.push(Ev::Md(Event::InlineHtml(CowStr::from(format!(
            "<abbr title=\"{}\">",
            html::escape(&a.title)
        )))));
        out.push(Ev::Md(Event::Text(CowStr::from(m.as_str().to_string()))));
        out.push(Ev::Md(Event::InlineHtml(CowStr::Borrowed("</abbr>"))));
        last = m.end();
    }
    if last < t.len() {
        out.push(Ev::Md(Event::Text(CowStr::from(t[last..].to_string()))));
    }
}
