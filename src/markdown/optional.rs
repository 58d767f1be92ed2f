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
//! - `emojis`: `:shortcode:` (GitHub's gemoji names, as Markdig's list)
//!   after whitespace or at a line start → the emoji; unknown shortcodes
//!   stay text. Markdig's smileys (`:)`, `->`) are not converted.
//! - `abbreviations`: lines `*[HTML]: Hyper Text Markup Language` are
//!   removed and every whole-word `HTML` in the page's text becomes
//!   `<abbr title="…">HTML</abbr>`; a title written as a span pair keeps
//!   one title per locale.
//!
//! Code (spans and blocks) and URLs are left alone.

use super::events::Ev;
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
                // What precedes the text: a line start, or other inline content.
                let after_space = i == 0
                    || match &events[i - 1] {
                        Ev::Md(Event::SoftBreak | Event::HardBreak) => true,
                        Ev::Md(Event::Start(t)) => super::events::is_block(t),
                        Ev::Md(Event::End(t)) => super::events::is_block_end(t),
                        Ev::HeadingOpen(..) | Ev::AlertOpen(..) | Ev::Raw(_) => true,
                        _ => false,
                    };
                let t = if on.emoji && t.contains(':') {
                    emojify(t, after_space)
                } else {
                    None
                };
                let text = t.as_deref().unwrap_or(match &events[i] {
                    Ev::Md(Event::Text(t)) => t,
                    _ => unreachable!(),
                });
                match &abbr_re {
                    Some(re) if re.is_match(text) => {
                        abbreviate(text, after_space, re, abbrs, &mut out)
                    }
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

/// `:shortcode:` → emoji; `None` when nothing changes. As in Markdig, only
/// after whitespace (or where a line or a span pair's half starts);
/// `at_start`: the text itself starts a line.
fn emojify(t: &str, at_start: bool) -> Option<String> {
    use crate::bilingual::{SEG_CLOSE, SEG_MID, SEG_OPEN};
    let mut changed = false;
    let s = SHORTCODE.replace_all(t, |c: &regex::Captures| {
        let start = c.get(0).unwrap().start();
        let after_space = match t[..start].chars().next_back() {
            None => at_start,
            Some(p) => p.is_whitespace() || [SEG_OPEN, SEG_MID, SEG_CLOSE].contains(&p),
        };
        if !after_space {
            return c[0].to_string();
        }
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

/// Whether `c` separates words as whitespace does (a span-pair sentinel
/// stands for the span markup around a sentence).
fn spacing(c: char) -> bool {
    use crate::bilingual::{SEG_CLOSE, SEG_MID, SEG_OPEN};
    c.is_whitespace() || [SEG_OPEN, SEG_MID, SEG_CLOSE].contains(&c)
}

/// Occurrences of the labels → `<abbr>`, with Markdig's whole-word rule:
/// after whitespace (or at a line start: `at_start`), and followed by
/// whitespace, the end, or ASCII punctuation up to the next whitespace.
fn abbreviate<'a>(
    t: &str,
    at_start: bool,
    re: &Regex,
    abbrs: &[Abbreviation],
    out: &mut Vec<Ev<'a>>,
) {
    let mut last = 0;
    for m in re.find_iter(t) {
        let starts = match t[..m.start()].chars().next_back() {
            None => at_start,
            Some(c) => spacing(c),
        };
        let ends = t[m.end()..]
            .chars()
            .take_while(|&c| !spacing(c))
            .all(|c| c.is_ascii_punctuation());
        if !starts || !ends {
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

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    /// Parse with text events merged (as `prepare` does), take the definitions.
    fn defs(src: &str) -> (Vec<Abbreviation>, Vec<Event<'_>>) {
        let mut raw: Vec<(Event, Range<usize>)> = Vec::new();
        for (ev, r) in Parser::new_ext(src, super::super::options()).into_offset_iter() {
            if let (Event::Text(t), Some((Event::Text(p), pr))) = (&ev, raw.last_mut()) {
                *p = CowStr::from(format!("{p}{t}"));
                pr.end = r.end;
                continue;
            }
            raw.push((ev, r));
        }
        let d = take_abbreviations(&mut raw);
        (d, raw.into_iter().map(|(e, _)| e).collect())
    }

    #[test]
    fn abbreviation_definitions_are_taken_out_of_paragraphs() {
        let (d, ev) = defs("Text about HTML.\n*[HTML]: Hyper Text\n*[CSS]: Style sheets\nMore.\n");
        assert_eq!(
            d,
            vec![
                Abbreviation {
                    label: "HTML".into(),
                    title: "Hyper Text".into()
                },
                Abbreviation {
                    label: "CSS".into(),
                    title: "Style sheets".into()
                },
            ]
        );
        let texts: Vec<String> = ev
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["Text about HTML.", "More."]);
        // A later definition wins; an empty label is not a definition.
        let (d, ev) = defs("*[A]: one\n\n*[A]: two\n\n*[]: none\n");
        assert_eq!(
            d,
            vec![Abbreviation {
                label: "A".into(),
                title: "two".into()
            }]
        );
        assert!(ev
            .iter()
            .any(|e| matches!(e, Event::Text(t) if t.as_ref() == "*[]: none")));
        // In code: not a definition.
        let (d, _) = defs("```\n*[A]: one\n```\n");
        assert!(d.is_empty());
    }

    #[test]
    fn shortcodes_need_a_space_before() {
        assert_eq!(emojify("a :smile: b", false).as_deref(), Some("a 😄 b"));
        assert_eq!(emojify(":smile:", true).as_deref(), Some("😄"));
        assert_eq!(emojify(":smile:", false), None);
        assert_eq!(emojify("x:smile: :nope:", true), None);
    }
}
