//! YAML content pages: `### YamlMime:Landing` and `### YamlMime:Hub` pages
//! rendered as landing pages (title, summary, link lists, cards); other YAML
//! content files are skipped with a note.

use crate::bilingual::Side;
use crate::diagnostics::{Code, Diagnostic};
use crate::html::escape;
use serde_yaml::Value;
use std::path::Path;

/// Read a `.yml` content file. `Ok(None)`: not a page tolk renders (a note
/// is not needed for TOCs and known data files).
pub fn read(root: &Path, rel: &str) -> Result<Option<Value>, Diagnostic> {
    let text = crate::source::read_text(root, rel)?;
    let first = text.lines().next().unwrap_or("").trim();
    let mime = first.strip_prefix("### YamlMime:").map(str::trim);
    match mime {
        Some("Landing") | Some("Hub") => {}
        Some(other) => {
            return Err(Diagnostic::warning(
                Code::YamlPageSkipped,
                rel,
                1,
                1,
                format!("YAML page type '{other}' is not rendered by tolk; the file was skipped."),
            ))
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
                format!("Landing page is not valid YAML: {e}"),
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

pub fn title(v: &Value) -> Option<String> {
    s(v, "title")
        .or_else(|| v.get("metadata").and_then(|m| s(m, "title")))
        .map(str::to_string)
}

pub fn summary(v: &Value) -> Option<String> {
    s(v, "summary")
        .or_else(|| v.get("metadata").and_then(|m| s(m, "description")))
        .map(str::to_string)
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

fn list_type_label(t: &str) -> String {
    let t = t.replace(['-', '_'], " ");
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Render a landing/hub page body. `link` maps a URL to (href, English title
/// of the linked page if known). Returns the HTML and, for the source side,
/// what was shown without an English counterpart: (what, text).
pub fn render_html(
    v: &Value,
    side: Side,
    link: &dyn Fn(&str) -> (String, Option<String>),
) -> (String, Vec<(String, String)>) {
    let mut b = LandingHtml {
        side,
        link,
        html: String::new(),
        untranslated: Vec::new(),
    };
    let title = title(v).unwrap_or_default();
    b.note("landing-title", &title);
    b.html.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
    if let Some(sum) = summary(v) {
        b.note("landing-summary", &sum);
        b.html
            .push_str(&format!("<p class=\"summary\">{}</p>\n", escape(&sum)));
    }
    b.landing_cards(v);
    b.hub_cards(v, "highlightedContent", "items");
    b.hub_cards(v, "conceptualContent", "items");
    b.hub_cards(v, "tools", "items");
    b.hub_cards(v, "additionalContent", "sections");
    (b.html, b.untranslated)
}

/// A landing page's HTML being written, and its texts shown without an
/// English counterpart (source side only).
struct LandingHtml<'a> {
    side: Side,
    link: &'a dyn Fn(&str) -> (String, Option<String>),
    html: String,
    untranslated: Vec<(String, String)>,
}

impl LandingHtml<'_> {
    fn note(&mut self, what: &str, text: &str) {
        if self.side == Side::Source && !text.is_empty() {
            self.untranslated.push((what.to_string(), text.to_string()));
        }
    }

    /// A link labelled `text` (on the source side, the English title of the
    /// page it leads to, when known).
    fn anchor(&mut self, text: &str, url: &str) -> String {
        let (href, en) = (self.link)(url);
        let label = match (self.side, en) {
            (Side::Source, Some(t)) => t,
            _ => {
                self.note("landing-link", text);
                text.to_string()
            }
        };
        format!("<a href=\"{}\">{}</a>", escape(&href), escape(&label))
    }

    /// `<li>` items of `links` (`{text, url}` each).
    fn link_items(&mut self, links: &[Value]) {
        for l in links {
            if let (Some(text), Some(url)) = (s(l, "text"), s(l, "url")) {
                let a = self.anchor(text, url);
                self.html.push_str(&format!("<li>{a}</li>\n"));
            }
        }
    }

    /// Landing: `landingContent[{title, linkLists[{linkListType, links[{text,url}]}]}]`.
    fn landing_cards(&mut self, v: &Value) {
        let sections = seq(v, "landingContent");
        if sections.is_empty() {
            return;
        }
        self.html.push_str("<div class=\"landing-cards\">\n");
        for sec in &sections {
            let t = s(sec, "title").unwrap_or("");
            self.note("landing-card", t);
            self.html.push_str(&format!(
                "<section class=\"card\">\n<h2>{}</h2>\n",
                escape(t)
            ));
            for ll in seq(sec, "linkLists") {
                if let Some(kind) = s(&ll, "linkListType") {
                    self.html.push_str(&format!(
                        "<h3 class=\"link-list-type\" data-type=\"{}\">{}</h3>\n",
                        escape(kind),
                        escape(&list_type_label(kind))
                    ));
                }
                self.html.push_str("<ul>\n");
                self.link_items(&seq(&ll, "links"));
                self.html.push_str("</ul>\n");
            }
            self.html.push_str("</section>\n");
        }
        self.html.push_str("</div>\n");
    }

    /// Hub: `highlightedContent.items`, `conceptualContent.items`,
    /// `tools.items`, `additionalContent.sections` as cards.
    fn hub_cards(&mut self, v: &Value, key: &str, items_key: &str) {
        let Some(block) = v.get(key) else { return };
        // Card headings one level below the block's title, if it has one.
        let h = if s(block, "title").is_some() {
            "h3"
        } else {
            "h2"
        };
        if let Some(t) = s(block, "title") {
            self.note("hub-title", t);
            self.html.push_str(&format!("<h2>{}</h2>\n", escape(t)));
        }
        self.html
            .push_str(&format!("<div class=\"landing-cards {key}\">\n"));
        for item in seq(block, items_key) {
            self.html.push_str("<section class=\"card\">\n");
            let t = s(&item, "title").unwrap_or("");
            let heading = match s(&item, "url") {
                Some(url) => self.anchor(t, url),
                None => {
                    self.note("hub-card", t);
                    escape(t)
                }
            };
            self.html.push_str(&format!("<{h}>{heading}</{h}>\n"));
            if let Some(sm) = s(&item, "summary") {
                self.note("hub-summary", sm);
                self.html.push_str(&format!("<p>{}</p>\n", escape(sm)));
            }
            let links = seq(&item, "links");
            if !links.is_empty() {
                self.html.push_str("<ul>\n");
                self.link_items(&links);
                self.html.push_str("</ul>\n");
            }
            self.html.push_str("</section>\n");
        }
        self.html.push_str("</div>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn landing_in_both_sides() {
        let v: Value = serde_yaml::from_str(
            "title: Welkom\nsummary: Samenvatting\nlandingContent:\n- title: Beginnen\n  linkLists:\n  - linkListType: get-started\n    links:\n    - text: Installeren\n      url: install.md\n    - text: Elders\n      url: https://x.org\n",
        )
        .unwrap();
        let link = |u: &str| {
            if u == "install.md" {
                ("install.html".to_string(), Some("Install".to_string()))
            } else {
                (u.to_string(), None)
            }
        };
        let (nl, un) = render_html(&v, Side::Target, &link);
        assert!(nl.contains("<a href=\"install.html\">Installeren</a>"));
        assert!(un.is_empty());
        let (en, un) = render_html(&v, Side::Source, &link);
        assert!(en.contains("<a href=\"install.html\">Install</a>"));
        assert!(
            en.contains("<h3 class=\"link-list-type\" data-type=\"get-started\">Get started</h3>")
        );
        let whats: Vec<_> = un.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(
            whats,
            vec![
                "landing-title",
                "landing-summary",
                "landing-card",
                "landing-link"
            ]
        );
    }

    #[test]
    fn hub_card_headings_follow_the_page_outline() {
        let link = |u: &str| (u.replace(".md", ".html"), None);
        // No block title: the cards are the page's second level.
        let v: Value = serde_yaml::from_str(
            "title: Hub\nhighlightedContent:\n  items:\n  - title: Een\n    url: a.md\n",
        )
        .unwrap();
        let (html, _) = render_html(&v, Side::Target, &link);
        assert!(
            html.contains("<h2><a href=\"a.html\">Een</a></h2>"),
            "{html}"
        );
        // A block title is the second level, its cards the third.
        let v: Value = serde_yaml::from_str(
            "title: Hub\nconceptualContent:\n  title: Begrippen\n  items:\n  - title: Twee\n",
        )
        .unwrap();
        let (html, _) = render_html(&v, Side::Target, &link);
        assert!(html.contains("<h2>Begrippen</h2>"), "{html}");
        assert!(html.contains("<h3>Twee</h3>"), "{html}");
    }
}
