//! A YAML page (Landing, Hub, FAQ) in all its variants: the page's links
//! resolved per variant (titles of linked pages in the source locale), its
//! Markdown texts (FAQ answers, footers) composed per environment and
//! rendered per locale through the same pipeline as Markdown pages, the
//! HTML from [`landing`](crate::landing), wrapped in `page.html`.

use super::links::{HintCache, VariantLinks};
use super::view::PageContexts;
use super::view::PageText;
use super::{PageOutcome, Sink, Site};
use crate::bilingual::{self, Side};
use crate::diagnostics::Diagnostic;
use crate::docset::{EnvId, PageInfo, Untranslated, Variant};
use crate::landing;
use crate::markdown::{self, LinkKind, LinkResolver};
use crate::paths;
use crate::resolve::{self, PageContext};
use crate::search::{SearchDoc, SearchText};
use crate::source::SourceFile;
use regex::Regex;
use std::cell::RefCell;
use std::sync::{Arc, LazyLock};

static NAMED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<(?:a|h[1-6])\b[^>]*\b(?:name|id)="([^"]+)""#).unwrap());
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").unwrap());
static SCRIPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<script[^>]*>.*?</script>").unwrap());

/// Plain text of rendered HTML (for the search index).
fn plain_text(html: &str) -> String {
    let t = SCRIPT.replace_all(html, " ");
    let t = TAG.replace_all(&t, " ");
    let t = crate::html::unescape(&t);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Links of a Markdown text of a YAML page: the line is the text's line in
/// the YAML file (the composed text's own lines mean nothing there).
struct AtLine<'a> {
    inner: &'a VariantLinks<'a>,
    line: u32,
}

impl LinkResolver for AtLine<'_> {
    fn resolve(&self, url: &str, kind: LinkKind, file: &str, _line: u32) -> String {
        self.inner.resolve(url, kind, file, self.line)
    }
}

impl Site {
    pub(super) fn render_landing(
        &self,
        page: &PageInfo,
        value: &serde_yaml::Value,
        envs: &[EnvId],
        sink: Option<Sink>,
        o: &mut PageOutcome,
    ) {
        let ds = &self.docset;
        let mut recorded = false;
        // Lines of link URLs and of sections, for diagnostics.
        let source_text =
            std::fs::read_to_string(ds.config.root.join(&page.rel)).unwrap_or_default();
        let mime = landing::mime_of(&source_text)
            .unwrap_or("Landing")
            .to_string();
        o.diagnostics
            .extend(landing::check_schema(value, &mime, &source_text, &page.rel));
        let here = paths::dir_of(&page.rel);
        let text_lang = ds
            .locales
            .iter()
            .find(|l| l.side == Side::Target)
            .map(|l| l.tag.clone())
            .unwrap_or_default();
        let md_diags: RefCell<Vec<Diagnostic>> = RefCell::new(Vec::new());
        // Includes and code snippets the Markdown texts read.
        let md_read: RefCell<(Vec<String>, Vec<String>)> = RefCell::default();
        let hints = HintCache::default();
        let mut contexts = PageContexts::default();
        for &env in envs {
            for &li in &ds.selected_locales {
                let variant = Variant::new(li, env);
                let loc = &ds.locales[li];
                let strings = ds.strings(li);
                let first = li == ds.selected_locales[0];
                let links = VariantLinks::new(self, page, variant, first, &hints);
                let link = |url: &str| -> (String, Option<String>) {
                    let href = links.resolve(
                        url,
                        LinkKind::Link,
                        &page.rel,
                        landing::line_in(&source_text, url),
                    );
                    let title = if paths::is_external(url) {
                        None
                    } else {
                        let (p, _, _) = paths::split_url(url);
                        paths::resolve(here, &paths::percent_decode(p))
                            .and_then(|t| ds.page(&t))
                            .and_then(|p| self.english_title(p))
                    };
                    (href, title)
                };
                let message = |id: &str| strings.get(id).map(str::to_string);
                let english = |t: &str| self.nav.labels.english(t);
                let md = |text: &str, line: u32| -> (String, bool) {
                    let mut d = md_diags.borrow_mut();
                    let mut read = md_read.borrow_mut();
                    let (html, own) = self
                        .yaml_markdown(page, text, line, variant, &links, first, &mut d, &mut read);
                    (html, own || loc.side == Side::Target)
                };
                let ui = landing::YamlUi {
                    side: loc.side,
                    text_lang: &text_lang,
                    link: &link,
                    message: &message,
                    english: &english,
                    markdown: &md,
                    source_text: &source_text,
                };
                let out = landing::render_html(value, &mime, &ui);
                if first {
                    // Heading ids, and `<a name>` anchors of Markdown answers.
                    let mut ids = out.anchors.clone();
                    ids.extend(
                        NAMED
                            .captures_iter(&out.html)
                            .map(|c| crate::html::unescape(&c[1]).into_owned()),
                    );
                    o.add_anchors(env, &ids);
                }
                let (issues, bookmarks) = links.into_findings();
                o.issues.extend(issues);
                o.bookmarks.extend(bookmarks);
                if loc.side == Side::Source && !recorded {
                    o.untranslated
                        .extend(
                            out.untranslated
                                .into_iter()
                                .map(|(what, text)| Untranslated {
                                    file: page.rel.clone(),
                                    what,
                                    text,
                                }),
                        );
                    recorded = true;
                }
                let (title, description) = match loc.side {
                    Side::Source => (
                        self.english_title(page)
                            .unwrap_or_else(|| page.title.clone()),
                        landing::summary_in(value, Side::Source)
                            .or_else(|| {
                                self.nav
                                    .labels
                                    .english(page.description.as_deref().unwrap_or(""))
                            })
                            .unwrap_or_else(|| page.description.clone().unwrap_or_default()),
                    ),
                    Side::Target => (
                        page.title.clone(),
                        page.description.clone().unwrap_or_default(),
                    ),
                };
                let text = PageText {
                    title: title.clone(),
                    description,
                    content: &out.html,
                    outline: Vec::new(),
                };
                let view = self.page_view(page, variant, text);
                if let Some(h) = self.render_page_html(
                    &view,
                    variant,
                    &mut contexts,
                    &page.rel,
                    &mut o.diagnostics,
                ) {
                    o.bytes.push((variant, h.len() as u64));
                    self.write(sink, &variant.file(ds, &page.html_rel), &h, o);
                }
                if let Some(sink) = sink {
                    o.search.push((
                        variant,
                        SearchDoc {
                            href: page.html_rel.clone(),
                            title,
                            breadcrumb: view.breadcrumb_line(),
                            text: SearchText::new(&plain_text(&out.html), sink.spill),
                        },
                    ));
                }
            }
        }
        o.diagnostics.extend(md_diags.into_inner());
        let (includes, snippets) = md_read.into_inner();
        o.includes.extend(includes);
        o.includes.sort();
        o.includes.dedup();
        o.snippets.extend(snippets);
        o.snippets.sort();
        o.snippets.dedup();
        let mut seen = std::collections::HashSet::new();
        o.diagnostics.retain(|d| seen.insert(d.clone()));
    }

    /// The English title of a page: its English H1, else the labels file.
    pub(super) fn english_title(&self, p: &PageInfo) -> Option<String> {
        p.title_source
            .clone()
            .or_else(|| self.nav.labels.english_of_page(&p.rel, &p.title))
    }

    /// A Markdown text of a YAML page (at `line` of its file) in `variant`:
    /// moniker blocks and includes composed for the environment, span pairs
    /// rendered for the locale, links resolved in the variant. Returns the
    /// HTML and whether it has text in the locale's own language (span
    /// pairs, on the source side).
    #[allow(clippy::too_many_arguments)]
    fn yaml_markdown(
        &self,
        page: &PageInfo,
        text: &str,
        line: u32,
        variant: Variant,
        links: &VariantLinks,
        record: bool,
        diags: &mut Vec<Diagnostic>,
        read: &mut (Vec<String>, Vec<String>),
    ) -> (String, bool) {
        let ds = &self.docset;
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        };
        let scan = bilingual::scan(&text);
        let (blocks, findings) = crate::monikers::blocks::analyze(&scan.text, &ds.config.catalog);
        let offset = line.saturating_sub(1);
        if record {
            diags.extend(
                scan.findings
                    .into_iter()
                    .chain(findings)
                    .map(|f| f.in_file(&page.rel, offset)),
            );
        }
        let pairs = scan.stats.pairs;
        let file = Arc::new(SourceFile {
            rel: page.rel.clone(),
            front_matter: serde_yaml::Value::Null,
            body_line_offset: offset,
            body: scan.text,
            pair_stats: scan.stats,
            blocks,
            diagnostics: Vec::new(),
            first_h1: None,
            released: false,
        });
        let ctx = PageContext {
            store: &ds.store,
            page: &file,
            page_monikers: &page.monikers,
            env: variant.env,
            refs: &ds.refs,
        };
        let (composed, d) = resolve::compose(&ctx);
        read.0.extend(composed.includes.iter().cloned());
        read.1.extend(composed.snippets.iter().cloned());
        let mut local = Vec::new();
        let prepared = markdown::prepare(&composed, &ds.config.custom_alerts, &mut local);
        if record {
            diags.extend(d);
            diags.extend(local);
        }
        let loc = &ds.locales[variant.locale];
        let strings = ds.strings(variant.locale);
        let message = |id: &str| strings.get(id).map(str::to_string);
        let at = AtLine { inner: links, line };
        let opts = markdown::RenderOptions {
            side: loc.side,
            hover: loc.hover,
            source_lang: &ds.source_locale,
            source_dir: super::markdown_page::source_dir(
                ds.config.is_rtl(&ds.source_locale),
                loc.rtl,
            ),
            message: &message,
            links: &at,
            fallback_lang: None,
        };
        let r = markdown::render(&prepared, &opts);
        (r.html, pairs > 0)
    }
}
