//! YAML content pages (`### YamlMime:<Type>` on the first line): `Landing`,
//! `Hub` and `FAQ` pages rendered completely, every section of their schema
//! (see [`schema`]); a key of a section tolk does not know is a located
//! warning (`yaml-section-unknown`), a YAML page type it does not know is
//! skipped with a located warning (`yaml-page-skipped`), never silently.
//!
//! The HTML is built here from the YAML value and a few callbacks the
//! renderer supplies per variant ([`YamlUi`]): links resolved per variant,
//! UI labels from Fluent (`item-type-<linkListType|itemType>`), English
//! labels from the docset's labels file, and Markdown (FAQ answers, FAQ and
//! Hub footers) through the same pipeline as Markdown pages.

mod schema;

use crate::bilingual::Side;
use crate::diagnostics::{Code, Diagnostic};
use crate::html::escape as escape_html;
use crate::markdown::slugify;
use serde_yaml::Value;
use std::collections::HashSet;
use std::path::Path;

pub use schema::check as check_schema;

/// The YAML page types tolk renders.
pub const RENDERED_TYPES: &[&str] = &["Landing", "Hub", "FAQ"];

/// The `YamlMime` type named on the first line of a YAML file.
pub fn mime_of(text: &str) -> Option<&str> {
    let first = text.trim_start_matches('\u{feff}').lines().next()?.trim();
    first.strip_prefix("### YamlMime:").map(str::trim)
}

/// Read a `.yml` content file. `Ok(None)`: not a YAML page (no `YamlMime`
/// line: a data file, not a page).
pub fn read(root: &Path, rel: &str) -> Result<Option<Value>, Diagnostic> {
    let text = crate::source::read_text(root, rel)?;
    match mime_of(&text) {
        Some(t) if RENDERED_TYPES.contains(&t) => {}
        Some(other) => {
            return Err(Diagnostic::warning(
                Code::YamlPageSkipped,
                rel,
                1,
                1,
                format!(
                    "YAML page type '{other}' is not rendered by tolk (it renders {}); the file was skipped.",
                    RENDERED_TYPES.join(", ")
                ),
            )
            .with_hint("Convert the page to Markdown or to one of the rendered YAML page types."))
        }
        None => return Ok(None),
    }
    match serde_yaml::from_str::<Value>(&text) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            let (l, c) = e
                .location()
                .map(|l| (l.line() as u32, l.column() as u32))
                .unwrap_or((1, 1));
            Err(Diagnostic::error(
                Code::YamlInvalid,
                rel,
                l,
                c,
                format!("YAML page is not valid YAML: {e}"),
            ))
        }
    }
}

fn s<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|x| !x.is_empty())
}

/// The page title (`title`, else `metadata.title`), character references
/// decoded once (it is escaped once when shown).
pub fn title(v: &Value) -> Option<String> {
    s(v, "title")
        .or_else(|| v.get("metadata").and_then(|m| s(m, "title")))
        .map(|t| crate::html::unescape(t).into_owned())
}

/// The page description (`summary`, else `metadata.description`), plain
/// text of the content locale's side: span pairs resolved, Markdown
/// emphasis and links reduced to their text, references decoded once.
pub fn summary(v: &Value) -> Option<String> {
    summary_in(v, Side::Target)
}

/// [`summary`] on one side; `None` on the source side when it has no
/// English (no span pairs).
pub fn summary_in(v: &Value, side: Side) -> Option<String> {
    let raw = s(v, "summary").or_else(|| v.get("metadata").and_then(|m| s(m, "description")))?;
    let scan = crate::bilingual::scan(raw);
    if side == Side::Source && scan.stats.pairs == 0 {
        return None;
    }
    // Quote markers and DocFX alert keywords are syntax, not text.
    let text: String = scan
        .text
        .lines()
        .map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix('>').unwrap_or(l).trim_start();
            if l.starts_with("[!") && l.trim_end().ends_with(']') {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    // References are kept for one decode at the end.
    let t = crate::bilingual::plain_line(&text.replace('&', "\u{2}"), side);
    Some(crate::html::unescape(&t.replace('\u{2}', "&")).into_owned()).filter(|t| !t.is_empty())
}

/// Line of a URL in the file's text (for link diagnostics); 1 when not found.
pub fn line_in(text: &str, url: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(url))
        .map(|i| i as u32 + 1)
        .unwrap_or(1)
}

fn seq(v: &Value, k: &str) -> Vec<Value> {
    v.get(k)
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default()
}

/// A `linkListType`/`itemType` id as words, when Fluent has no label for it.
fn humanize(t: &str) -> String {
    let t = t.replace(['-', '_'], " ");
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// What the renderer supplies for one variant.
pub struct YamlUi<'a> {
    pub side: Side,
    /// The language of the page's texts (the content locale): marked with
    /// `lang` where such a text shows on a source-locale page.
    pub text_lang: &'a str,
    /// URL → (href in this variant, English title of the linked page if known).
    pub link: &'a dyn Fn(&str) -> (String, Option<String>),
    /// A UI message of this locale (Fluent).
    pub message: &'a dyn Fn(&str) -> Option<String>,
    /// The English of a content-locale text (the docset's labels file).
    pub english: &'a dyn Fn(&str) -> Option<String>,
    /// Markdown → (HTML, whether it has text in this locale's own language),
    /// through the page pipeline; `u32` is the text's line in the file.
    pub markdown: &'a dyn Fn(&str, u32) -> (String, bool),
    /// The file's text (for lines of Markdown texts).
    pub source_text: &'a str,
}

/// What rendering a YAML page gives: its article HTML and, on the source
/// side, what was shown without an English counterpart: (what, text).
pub struct YamlHtml {
    pub html: String,
    pub untranslated: Vec<(String, String)>,
    /// Ids of the page's headings (bookmark targets), sorted.
    pub anchors: Vec<String>,
}

/// Render a YAML page of type `mime` in one variant.
pub fn render_html(v: &Value, mime: &str, ui: &YamlUi) -> YamlHtml {
    let mut b = Builder {
        ui,
        html: String::new(),
        untranslated: Vec::new(),
        ids: HashSet::new(),
    };
    match mime {
        "Hub" => b.hub(v),
        "FAQ" => b.faq(v),
        _ => b.landing(v),
    }
    let mut anchors: Vec<String> = b.ids.into_iter().collect();
    anchors.sort();
    YamlHtml {
        html: b.html,
        untranslated: b.untranslated,
        anchors,
    }
}

/// A YAML page's HTML being written.
struct Builder<'a, 'u> {
    ui: &'a YamlUi<'u>,
    html: String,
    untranslated: Vec<(String, String)>,
    ids: HashSet<String>,
}

impl Builder<'_, '_> {
    fn note(&mut self, what: &str, text: &str) {
        if self.ui.side == Side::Source && !text.is_empty() {
            self.untranslated.push((what.to_string(), text.to_string()));
        }
    }

    /// A text of the page, escaped: on the source side its English from the
    /// labels file, else the text itself marked with its language.
    fn text(&mut self, what: &str, t: &str) -> String {
        if self.ui.side == Side::Target {
            return escape_html(t);
        }
        if let Some(en) = (self.ui.english)(t) {
            return escape_html(&en);
        }
        self.note(what, t);
        format!(
            "<span lang=\"{}\">{}</span>",
            escape_html(self.ui.text_lang),
            escape_html(t)
        )
    }

    /// A localized label of a `linkListType`/`itemType` id.
    fn type_label(&self, kind: &str) -> String {
        let id = format!("item-type-{}", kind.to_ascii_lowercase());
        escape_html(&(self.ui.message)(&id).unwrap_or_else(|| humanize(kind)))
    }

    /// A link labelled `text` (on the source side, the English title of the
    /// page it leads to, when known).
    fn anchor(&mut self, what: &str, text: &str, url: &str) -> String {
        let (href, en) = (self.ui.link)(url);
        let label = match (self.ui.side, en) {
            (Side::Source, Some(t)) => escape_html(&t),
            _ => self.text(what, text),
        };
        format!("<a href=\"{}\">{label}</a>", escape_html(&href))
    }

    /// A heading of `level` (2 or 3) with `inner` HTML.
    fn heading(&mut self, level: u8, inner: &str, plain: &str) {
        let id = self.unique_id(plain);
        self.html
            .push_str(&format!("<h{level} id=\"{id}\">{inner}</h{level}>\n"));
    }

    fn unique_id(&mut self, plain: &str) -> String {
        let base = slugify(plain);
        let base = if base.is_empty() {
            "section".into()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 1;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        escape_html(&id)
    }

    fn title_and_summary(&mut self, v: &Value, summary_markdown: bool) {
        let title = s(v, "title")
            .or_else(|| v.get("metadata").and_then(|m| s(m, "title")))
            .unwrap_or("");
        let t = self.text("yaml-title", &crate::html::unescape(title));
        self.html.push_str(&format!("<h1>{t}</h1>\n"));
        if let Some(sum) = s(v, "summary") {
            if summary_markdown {
                let md = self.markdown(sum, "summary");
                self.html
                    .push_str(&format!("<div class=\"summary\">{md}</div>\n"));
            } else {
                let t = self.text("yaml-summary", sum);
                self.html
                    .push_str(&format!("<p class=\"summary\">{t}</p>\n"));
            }
        }
    }

    /// Markdown of the key `key` whose value is `md`, through the page pipeline.
    fn markdown(&mut self, md: &str, key: &str) -> String {
        let line = key_line(self.ui.source_text, key, md);
        let (html, own_language) = (self.ui.markdown)(md, line);
        if self.ui.side == Side::Source && !own_language {
            self.note(&format!("yaml-{key}"), md.trim());
            return format!(
                "<div lang=\"{}\">{html}</div>",
                escape_html(self.ui.text_lang)
            );
        }
        html
    }

    /// `<li>` items of `links` (`{text, url, note?}` each; `itemType` shown as a label).
    fn link_items(&mut self, what: &str, links: &[Value]) {
        if links.is_empty() {
            return;
        }
        self.html.push_str("<ul class=\"link-list\">\n");
        for l in links {
            let (Some(text), Some(url)) = (s(l, "text"), s(l, "url")) else {
                continue;
            };
            let a = self.anchor(what, text, url);
            self.html.push_str("<li>");
            if let Some(kind) = s(l, "itemType") {
                let label = self.type_label(kind);
                self.html.push_str(&format!(
                    "<span class=\"item-type\" data-type=\"{}\">{label}</span> ",
                    escape_html(kind)
                ));
            }
            self.html.push_str(&a);
            if let Some(note) = s(l, "note") {
                let n = self.text("hub-link-note", note);
                self.html
                    .push_str(&format!(" <span class=\"note\">{n}</span>"));
            }
            self.html.push_str("</li>\n");
        }
        self.html.push_str("</ul>\n");
    }

    /// Landing: `landingContent[{title, linkLists[{linkListType, links[{text,url}]}]}]`.
    fn landing(&mut self, v: &Value) {
        self.html
            .push_str("<div class=\"yaml-page landing-page\">\n");
        self.title_and_summary(v, false);
        let sections = seq(v, "landingContent");
        if !sections.is_empty() {
            self.html.push_str("<div class=\"landing-cards\">\n");
            for sec in &sections {
                let t = s(sec, "title").unwrap_or("");
                self.html.push_str("<section class=\"card\">\n");
                let inner = self.text("landing-card", t);
                self.heading(2, &inner, t);
                for ll in seq(sec, "linkLists") {
                    if let Some(kind) = s(&ll, "linkListType") {
                        let label = self.type_label(kind);
                        let id = self.unique_id(&format!("{t} {kind}"));
                        self.html.push_str(&format!(
                            "<h3 class=\"link-list-type\" id=\"{id}\" data-type=\"{}\">{label}</h3>\n",
                            escape_html(kind)
                        ));
                    }
                    self.link_items("landing-link", &seq(&ll, "links"));
                }
                self.html.push_str("</section>\n");
            }
            self.html.push_str("</div>\n");
        }
        self.html.push_str("</div>\n");
    }

    /// Hub: hero (`brand`, title, summary), `highlightedContent`,
    /// `productDirectory`, `conceptualContent`, `tools`, `additionalContent`
    /// (sections, items, footer), in the order Learn shows them.
    fn hub(&mut self, v: &Value) {
        let brand = s(v, "brand").unwrap_or("");
        self.html.push_str(&format!(
            "<div class=\"yaml-page hub-page\" data-brand=\"{}\">\n<header class=\"hub-hero\">\n",
            escape_html(brand)
        ));
        self.title_and_summary(v, false);
        self.html.push_str("</header>\n");
        if let Some(h) = v.get("highlightedContent") {
            self.html
                .push_str("<section class=\"hub-highlighted\">\n<ul class=\"hub-highlights\">\n");
            for item in seq(h, "items") {
                let (Some(t), Some(url)) = (s(&item, "title"), s(&item, "url")) else {
                    continue;
                };
                let a = self.anchor("hub-highlight", t, url);
                self.html.push_str("<li>");
                if let Some(kind) = s(&item, "itemType") {
                    let label = self.type_label(kind);
                    self.html.push_str(&format!(
                        "<span class=\"item-type\" data-type=\"{}\">{label}</span> ",
                        escape_html(kind)
                    ));
                }
                self.html.push_str(&a);
                self.html.push_str("</li>\n");
            }
            self.html.push_str("</ul>\n</section>\n");
        }
        for key in ["productDirectory", "conceptualContent", "tools"] {
            if let Some(block) = v.get(key) {
                self.hub_block(key, block);
            }
        }
        if let Some(ac) = v.get("additionalContent") {
            self.html
                .push_str("<section class=\"hub-additionalContent\">\n");
            for sec in seq(ac, "sections") {
                self.html.push_str("<div class=\"hub-section\">\n");
                let has_title = s(&sec, "title").is_some();
                if let Some(t) = s(&sec, "title") {
                    let inner = self.text("hub-title", t);
                    self.heading(2, &inner, t);
                }
                if let Some(sm) = s(&sec, "summary") {
                    let t = self.text("hub-summary", sm);
                    self.html.push_str(&format!("<p>{t}</p>\n"));
                }
                self.cards(&seq(&sec, "items"), if has_title { 3 } else { 2 });
                self.html.push_str("</div>\n");
            }
            if let Some(f) = s(ac, "footer") {
                let md = self.markdown(f, "footer");
                self.html
                    .push_str(&format!("<div class=\"hub-footer\">{md}</div>\n"));
            }
            self.html.push_str("</section>\n");
        }
        self.html.push_str("</div>\n");
    }

    /// A hub block with `title`, `summary` and `items` (cards).
    fn hub_block(&mut self, key: &str, block: &Value) {
        self.html
            .push_str(&format!("<section class=\"hub-{key}\">\n"));
        let has_title = s(block, "title").is_some();
        if let Some(t) = s(block, "title") {
            let inner = self.text("hub-title", t);
            self.heading(2, &inner, t);
        }
        if let Some(sm) = s(block, "summary") {
            let t = self.text("hub-summary", sm);
            self.html.push_str(&format!("<p>{t}</p>\n"));
        }
        self.cards(&seq(block, "items"), if has_title { 3 } else { 2 });
        self.html.push_str("</section>\n");
    }

    /// Cards: `{title, url?, imageSrc?, summary?, links[]?, footerLink?}`.
    fn cards(&mut self, items: &[Value], level: u8) {
        if items.is_empty() {
            return;
        }
        self.html.push_str("<div class=\"hub-cards\">\n");
        for item in items {
            self.html.push_str("<section class=\"card\">\n");
            if let Some(src) = s(item, "imageSrc") {
                let (href, _) = (self.ui.link)(src);
                self.html.push_str(&format!(
                    "<img class=\"card-image\" src=\"{}\" alt=\"\" loading=\"lazy\">\n",
                    escape_html(&href)
                ));
            }
            let t = s(item, "title").unwrap_or("");
            let inner = match s(item, "url") {
                Some(url) => self.anchor("hub-card", t, url),
                None => self.text("hub-card", t),
            };
            self.heading(level, &inner, t);
            if let Some(sm) = s(item, "summary") {
                let t = self.text("hub-summary", sm);
                self.html.push_str(&format!("<p>{t}</p>\n"));
            }
            self.link_items("hub-link", &seq(item, "links"));
            if let Some(f) = item.get("footerLink") {
                if let (Some(text), Some(url)) = (s(f, "text"), s(f, "url")) {
                    let a = self.anchor("hub-link", text, url);
                    self.html
                        .push_str(&format!("<p class=\"card-footer\">{a}</p>\n"));
                }
            }
            self.html.push_str("</section>\n");
        }
        self.html.push_str("</div>\n");
    }

    /// FAQ: title, summary (Markdown), `sections[{name, questions[{question,
    /// answer}]}]` (answers in Markdown), `additionalContent` (Markdown), and
    /// FAQPage structured data (JSON-LD) of every question and answer.
    fn faq(&mut self, v: &Value) {
        self.html.push_str("<div class=\"yaml-page faq-page\">\n");
        self.title_and_summary(v, true);
        let mut entities = Vec::new();
        for sec in seq(v, "sections") {
            self.html.push_str("<section class=\"faq-section\">\n");
            let has_name = s(&sec, "name").is_some();
            if let Some(n) = s(&sec, "name") {
                let inner = self.text("faq-section", n);
                self.heading(2, &inner, n);
            }
            let level = if has_name { 3 } else { 2 };
            for q in seq(&sec, "questions") {
                let Some(question) = s(&q, "question") else {
                    continue;
                };
                self.html.push_str("<div class=\"faq-item\">\n");
                let inner = self.text("faq-question", question);
                self.heading(level, &inner, question);
                let answer_md = s(&q, "answer").unwrap_or("");
                let answer = self.markdown(answer_md, "answer");
                self.html
                    .push_str(&format!("<div class=\"faq-answer\">{answer}</div>\n"));
                self.html.push_str("</div>\n");
                entities.push(serde_json::json!({
                    "@type": "Question",
                    "name": question,
                    "acceptedAnswer": { "@type": "Answer", "text": answer },
                }));
            }
            self.html.push_str("</section>\n");
        }
        if let Some(ac) = s(v, "additionalContent") {
            let md = self.markdown(ac, "additionalContent");
            self.html
                .push_str(&format!("<div class=\"faq-additional\">{md}</div>\n"));
        }
        let ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": entities,
        });
        // `</` cannot end the script early once written `<\/`.
        let ld = ld.to_string().replace("</", "<\\/");
        self.html.push_str(&format!(
            "<script type=\"application/ld+json\">{ld}</script>\n</div>\n"
        ));
    }
}

/// The line of `key: <text>` in the file (the text's first line), for
/// diagnostics in Markdown of YAML pages; 1 when not found.
fn key_line(source: &str, key: &str, md: &str) -> u32 {
    let probe: String = md
        .trim()
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(40)
        .collect();
    let key_pat = format!("{key}:");
    let lines: Vec<&str> = source.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start().trim_start_matches("- ");
        if t.starts_with(&key_pat) {
            // The value on this line, or on the next (block scalar).
            let here = l.contains(probe.trim()) || probe.trim().is_empty();
            let next = lines.get(i + 1).is_some_and(|n| n.contains(probe.trim()));
            if here {
                return i as u32 + 1;
            }
            if next {
                return i as u32 + 2;
            }
        }
    }
    1
}

#[cfg(test)]
mod tests;
