//! Site navigation built from the parsed TOCs: which TOC each page uses,
//! breadcrumbs (`breadcrumb_path` + the page's TOC path), and the per-variant
//! TOC written once as a script (plus a no-JavaScript TOC page) instead of
//! being repeated in every page.

use crate::bilingual::Side;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::docset::{Docset, EnvId, PageInfo, Untranslated};
use crate::html::escape;
use crate::siteurl;
use crate::source::{FileKind, SourceStore};
use crate::toc::{self, NavNode, Toc, TocNode, TocTarget};
use crate::url_policy::encode_path;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

mod labels;
pub use labels::Labels;

/// Marks a TOC label shown in the content locale on a source-locale page
/// (between the label closure and the nav HTML).
const FALLBACK_MARK: char = '\u{1}';

/// One step of a page's breadcrumbs.
#[derive(Serialize)]
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
    /// The label's language when it differs from the page's (a label with
    /// no English shown on a source-locale page).
    pub lang: Option<String>,
}

/// Navigation of the docset.
#[derive(Default)]
pub struct Navigation {
    /// Page TOCs after nesting, by docset path.
    pub tocs: BTreeMap<String, Toc>,
    /// Breadcrumb lookups, by TOC path.
    indexes: HashMap<String, toc::BreadcrumbIndex>,
    /// Page → TOC path.
    assignment: HashMap<String, String>,
    /// TOC path → file id used under `_toc/`.
    ids: BTreeMap<String, String>,
    breadcrumb: Option<Toc>,
    extend_breadcrumb: bool,
    /// TOC labels shown in the source locale without an English counterpart.
    pub untranslated: Vec<Untranslated>,
    /// English labels from the docset's labels file.
    pub labels: Labels,
    /// Pages a redirection moved: links to them go to the final target.
    pub moved: crate::redirects::Moved,
    /// The redirections planned onto the pages, planned once here: links
    /// follow them (`moved`), publishing writes their stubs and `_redirects`.
    pub redirects: Vec<crate::redirects::PlannedRedirect>,
    /// The diagnostics of reading and planning them (reported where the
    /// stubs are written, or by `check`).
    pub redirect_diagnostics: Vec<Diagnostic>,
}

fn toc_id(path: &str) -> String {
    let stem = path.rsplit_once('.').map_or(path, |(s, _)| s);
    stem.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Load every TOC file of the docset.
pub fn load(
    config: &Config,
    store: &SourceStore,
    pages: &[PageInfo],
) -> (Navigation, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut parsed = BTreeMap::new();
    for (rel, kind) in &store.kinds {
        if *kind != FileKind::Toc {
            continue;
        }
        let text = match crate::source::read_text(&config.root, rel) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let (toc, d) = toc::parse(rel, &text);
        diags.extend(d);
        if let Some(t) = toc {
            parsed.insert(rel.clone(), t);
        }
    }
    // The breadcrumb TOC (globalMetadata.breadcrumb_path).
    let folder = &config.docset_folder;
    let breadcrumb_path = config
        .global_metadata
        .get("breadcrumb_path")
        .and_then(|v| v.as_str())
        .map(|p| {
            let p = p.trim();
            let p = p.strip_prefix("~/").unwrap_or(p);
            let p = p.strip_prefix('/').unwrap_or(p);
            let p = p.strip_prefix(&format!("{folder}/")).unwrap_or(p);
            p.replace(".json", ".yml")
        });
    let breadcrumb_key = breadcrumb_path
        .as_ref()
        .and_then(|bp| parsed.keys().find(|k| k.eq_ignore_ascii_case(bp)).cloned());
    let breadcrumb = breadcrumb_key.as_ref().and_then(|k| parsed.remove(k));
    // Other breadcrumb TOCs (any folder named breadcrumb) are not page TOCs.
    parsed.retain(|k, _| !k.to_ascii_lowercase().split('/').any(|s| s == "breadcrumb"));
    let (tocs, d) = toc::resolve_nested(&parsed);
    diags.extend(d);
    let page_paths: Vec<String> = pages.iter().map(|p| p.rel.clone()).collect();
    let assignment = toc::assign_pages(&tocs, &page_paths);
    let ids = tocs.keys().map(|k| (k.clone(), toc_id(k))).collect();
    let (labels, d) = Labels::load(&config.root, &config.source_locale);
    diags.extend(d);
    // The redirections' own diagnostics are reported where their stubs are written.
    let page_set = pages.iter().map(|p| p.rel.clone()).collect();
    let (redirects, sources, redirect_diagnostics) =
        crate::redirects::plan_for_docset(&config.root, &page_set);
    let moved = crate::redirects::Moved::new(&redirects, sources);
    let untranslated = untranslated_labels(&tocs, breadcrumb.as_ref(), pages, &labels);
    let extend_breadcrumb = config
        .global_metadata
        .get("extendBreadcrumb")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    (
        Navigation {
            indexes: tocs
                .iter()
                .map(|(path, t)| (path.clone(), toc::BreadcrumbIndex::new(t)))
                .collect(),
            tocs,
            assignment,
            ids,
            breadcrumb,
            extend_breadcrumb,
            untranslated,
            labels,
            moved,
            redirects,
            redirect_diagnostics,
        },
        diags,
    )
}

/// TOC labels with no English counterpart (the label of a page without an
/// English title, or of no page), and every breadcrumb label (they name
/// sections: shown as written in every locale).
fn untranslated_labels(
    tocs: &BTreeMap<String, Toc>,
    breadcrumb: Option<&Toc>,
    pages: &[PageInfo],
    labels: &Labels,
) -> Vec<Untranslated> {
    let titles: HashMap<&str, bool> = pages
        .iter()
        .map(|p| {
            let en = p.title_source.is_some() || labels.english_of_page(&p.rel, &p.title).is_some();
            (p.rel.as_str(), en)
        })
        .collect();
    let mut untranslated = Vec::new();
    fn walk(
        nodes: &[TocNode],
        titles: &HashMap<&str, bool>,
        labels: &Labels,
        out: &mut Vec<Untranslated>,
    ) {
        for n in nodes {
            let has_en = matches!(&n.target, TocTarget::Page { path, .. } if titles.get(path.as_str()).copied().unwrap_or(false))
                || labels.english(&n.name).is_some();
            if !has_en && !n.name.is_empty() {
                out.push(Untranslated {
                    file: n.file.clone(),
                    what: "toc-label".into(),
                    text: n.name.clone(),
                });
            }
            walk(&n.items, titles, labels, out);
        }
    }
    for t in tocs.values() {
        walk(&t.items, &titles, labels, &mut untranslated);
    }
    fn walk_breadcrumb(nodes: &[TocNode], labels: &Labels, out: &mut Vec<Untranslated>) {
        for n in nodes {
            if !n.name.is_empty() && labels.english(&n.name).is_none() {
                out.push(Untranslated {
                    file: n.file.clone(),
                    what: "breadcrumb-label".into(),
                    text: n.name.clone(),
                });
            }
            walk_breadcrumb(&n.items, labels, out);
        }
    }
    if let Some(bc) = breadcrumb {
        walk_breadcrumb(&bc.items, labels, &mut untranslated);
    }
    untranslated
}

impl Navigation {
    /// The `_toc/` id of the TOC a page uses.
    pub fn toc_of(&self, page: &str) -> Option<&str> {
        self.assignment
            .get(page)
            .and_then(|t| self.ids.get(t))
            .map(String::as_str)
    }

    /// A TOC node's label on a page of `side`, and, when it is shown in
    /// the content locale on a source-locale page, that language.
    fn label(&self, docset: &Docset, node: &TocNode, side: Side) -> (String, Option<String>) {
        if side == Side::Source {
            if let TocTarget::Page { path, .. } = &node.target {
                if let Some(p) = docset.page(path) {
                    if let Some(t) = p
                        .title_source
                        .clone()
                        .or_else(|| self.labels.pages_title(&p.rel))
                    {
                        return (t, None);
                    }
                }
            }
            if let Some(t) = self.labels.english(&node.name) {
                return (t, None);
            }
            return (node.name.clone(), content_lang(docset));
        }
        (node.name.clone(), None)
    }

    /// Breadcrumbs of a page in one variant.
    pub fn breadcrumbs(
        &self,
        docset: &Docset,
        page: &PageInfo,
        side: Side,
        variant_root: &str,
        env: EnvId,
    ) -> Vec<Crumb> {
        let mut out = Vec::new();
        if let Some(bc) = &self.breadcrumb {
            // Nodes whose tocHref prefix covers the page URL, deepest chain.
            let folder = &docset.config.docset_folder;
            let url = format!("/{folder}/{}", page.rel);
            let mut nodes: &[TocNode] = &bc.items;
            loop {
                let hit = nodes.iter().find(|n| {
                    n.toc_href.as_deref().is_some_and(|p| {
                        url.to_ascii_lowercase()
                            .starts_with(&p.to_ascii_lowercase())
                    })
                });
                let Some(n) = hit else { break };
                // The node's page (a docset page, or a Learn URL of one), if any.
                let page_of_node: Option<&PageInfo> = match &n.target {
                    TocTarget::Page { path, .. } => docset.page_in_env(path, env),
                    TocTarget::External(u) => {
                        u.strip_prefix(&format!("/{folder}/")).and_then(|rest| {
                            let rest = rest.trim_end_matches('/');
                            [
                                format!("{rest}.md"),
                                format!("{rest}.yml"),
                                format!("{rest}/index.md"),
                                format!("{rest}/index.yml"),
                            ]
                            .iter()
                            .map(|c| c.trim_start_matches('/').to_string())
                            .find_map(|c| docset.page_in_env(&c, env))
                        })
                    }
                    _ => None,
                };
                let href = match (&n.target, page_of_node) {
                    (_, Some(p)) => Some(format!("{variant_root}{}", encode_path(&p.html_rel))),
                    (TocTarget::External(u), None) => {
                        let locale = docset
                            .locales
                            .iter()
                            .position(|l| l.side == side)
                            .unwrap_or(0);
                        Some(self.site_absolute(docset, locale, u, variant_root))
                    }
                    _ => None,
                };
                // Breadcrumb nodes name sections, not pages: their label stays
                // as written, unless the labels file gives its English.
                let (label, lang) = match side {
                    Side::Source => match self.labels.english(&n.name) {
                        Some(en) => (en, None),
                        None => (n.name.clone(), content_lang(docset)),
                    },
                    Side::Target => (n.name.clone(), None),
                };
                out.push(Crumb { label, href, lang });
                nodes = &n.items;
            }
        }
        if self.extend_breadcrumb || self.breadcrumb.is_none() {
            if let Some((toc, index)) = self
                .assignment
                .get(&page.rel)
                .and_then(|t| Some((self.tocs.get(t)?, self.indexes.get(t)?)))
            {
                for n in index.path_to(toc, &page.rel) {
                    let href = match &n.target {
                        TocTarget::Page { path, .. } => docset
                            .page_in_env(path, env)
                            .map(|p| format!("{variant_root}{}", encode_path(&p.html_rel))),
                        _ => None,
                    };
                    let (label, lang) = self.label(docset, n, side);
                    // The TOC's root often repeats the last breadcrumb node.
                    let repeated = out
                        .iter()
                        .any(|c| c.label == label || (href.is_some() && c.href == href));
                    if !repeated {
                        out.push(Crumb { label, href, lang });
                    }
                }
            }
        }
        if out.is_empty() {
            let (label, lang) = match side {
                Side::Source => match page
                    .title_source
                    .clone()
                    .or_else(|| self.labels.english_of_page(&page.rel, &page.title))
                {
                    Some(t) => (t, None),
                    None => (page.title.clone(), content_lang(docset)),
                },
                Side::Target => (page.title.clone(), None),
            };
            out.push(Crumb {
                label,
                href: None,
                lang,
            });
        }
        out
    }

    /// A TOC or breadcrumb URL: a site-absolute one under the docset's URL
    /// base names a page (`root` + its path; a moved page's target), any other
    /// site-absolute one the external base URL in `locale`; the rest as written.
    fn site_absolute(&self, docset: &Docset, locale: usize, u: &str, root: &str) -> String {
        if !u.starts_with('/') || u.starts_with("//") {
            return u.to_string();
        }
        let (_, suffix, _) = crate::paths::split_url(u);
        let clean = siteurl::without_view(suffix);
        match siteurl::docset_target(docset, u) {
            Some(siteurl::SiteTarget::Page(_, i)) => {
                format!("{root}{}{clean}", docset.pages[i].html_rel)
            }
            Some(siteurl::SiteTarget::Resource(r)) => format!("{root}../../_res/{r}"),
            Some(siteurl::SiteTarget::Missing(c)) => c
                .iter()
                .find_map(|c| match self.moved.target(c)? {
                    crate::redirects::RedirectTarget::Page { path, .. } => docset
                        .page(path)
                        .map(|p| format!("{root}{}{clean}", p.html_rel)),
                    crate::redirects::RedirectTarget::Url(_) => None,
                })
                .unwrap_or_else(|| siteurl::external_url(docset, locale, u)),
            None => siteurl::external_url(docset, locale, u),
        }
    }

    /// Every TOC as (id, nav HTML with `{ROOT}` placeholders) for one variant.
    pub fn variant_tocs(&self, docset: &Docset, side: Side, env: EnvId) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let locale = docset
            .locales
            .iter()
            .position(|l| l.side == side)
            .unwrap_or(0);
        for (path, toc) in &self.tocs {
            let exists = |p: &str| docset.page_in_env(p, env).is_some();
            let label = |n: &TocNode| match self.label(docset, n, side) {
                (l, Some(_)) => format!("{FALLBACK_MARK}{l}"),
                (l, None) => l,
            };
            let href = |t: &TocTarget| match t {
                TocTarget::Page { path, anchor } => docset.page(path).map(|p| {
                    let h = format!("{{ROOT}}{}", encode_path(&p.html_rel));
                    match anchor {
                        Some(a) => format!("{h}#{}", crate::url_policy::encode(a)),
                        None => h,
                    }
                }),
                TocTarget::External(u) => Some(
                    crate::url_policy::encode(&self.site_absolute(docset, locale, u, "{ROOT}"))
                        .into_owned(),
                ),
                _ => None,
            };
            let nodes = toc::project(toc, &exists, &label, &href, None);
            let mut html = String::new();
            let lang = content_lang(docset).unwrap_or_default();
            nav_html(&nodes, &lang, &mut html);
            out.push((self.ids[path].clone(), html));
        }
        out
    }
}

/// The content locale's tag (the language of texts without English).
fn content_lang(docset: &Docset) -> Option<String> {
    docset
        .locales
        .iter()
        .find(|l| l.side == Side::Target)
        .map(|l| l.tag.clone())
}

fn nav_html(nodes: &[NavNode], lang: &str, out: &mut String) {
    out.push_str("<ul>");
    for n in nodes {
        out.push_str("<li>");
        let (label, lang_attr) = match n.label.strip_prefix(FALLBACK_MARK) {
            Some(l) => (l, format!(" lang=\"{}\"", escape(lang))),
            None => (n.label.as_str(), String::new()),
        };
        let link = match &n.href {
            Some(h) => format!("<a href=\"{}\"{lang_attr}>{}</a>", escape(h), escape(label)),
            None => format!("<span{lang_attr}>{}</span>", escape(label)),
        };
        if n.items.is_empty() {
            out.push_str(&link);
        } else if n.href.is_some() {
            // The link beside the disclosure, never inside its <summary>
            // (an interactive element in an interactive element); the
            // summary names the section for screen readers.
            out.push_str(&link);
            out.push_str(if n.expanded {
                "<details open><summary>"
            } else {
                "<details><summary>"
            });
            out.push_str(&format!(
                "<span class=\"visually-hidden\"{lang_attr}>{}</span></summary>",
                escape(label)
            ));
            nav_html(&n.items, lang, out);
            out.push_str("</details>");
        } else {
            out.push_str(if n.expanded {
                "<details open><summary>"
            } else {
                "<details><summary>"
            });
            out.push_str(&link);
            out.push_str("</summary>");
            nav_html(&n.items, lang, out);
            out.push_str("</details>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// The TOC script of a variant: defines `window.TOLK_TOC` for tolk.js.
pub fn toc_script(html: &str) -> String {
    let json = serde_json::to_string(html).unwrap_or_else(|_| "\"\"".into());
    format!(
        "(function(){{var r=document.documentElement.getAttribute('data-variant-root')||'';window.TOLK_TOC={{html:{json}.split('{{ROOT}}').join(r)}};}})();\n"
    )
}

/// Relative root placeholder for pages under `_toc/`.
pub fn toc_page_html(html: &str) -> String {
    html.replace("{ROOT}", "../")
}
