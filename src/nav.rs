//! Site navigation built from the parsed TOCs: which TOC each page uses,
//! breadcrumbs (`breadcrumb_path` + the page's TOC path), and the per-variant
//! TOC written once as a script (plus a no-JavaScript TOC page) instead of
//! being repeated in every page.

use crate::bilingual::Side;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::docset::{Docset, EnvId, PageInfo, Untranslated};
use crate::html::escape;
use crate::source::{FileKind, SourceStore};
use crate::toc::{self, NavNode, Toc, TocNode, TocTarget};
use crate::url_policy::encode_path;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One step of a page's breadcrumbs.
#[derive(Serialize)]
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
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
    let untranslated = untranslated_labels(&tocs, breadcrumb.as_ref(), pages);
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
) -> Vec<Untranslated> {
    let titles: HashMap<&str, bool> = pages
        .iter()
        .map(|p| (p.rel.as_str(), p.title_source.is_some()))
        .collect();
    let mut untranslated = Vec::new();
    fn walk(nodes: &[TocNode], titles: &HashMap<&str, bool>, out: &mut Vec<Untranslated>) {
        for n in nodes {
            let has_en = matches!(&n.target, TocTarget::Page { path, .. } if titles.get(path.as_str()).copied().unwrap_or(false));
            if !has_en && !n.name.is_empty() {
                out.push(Untranslated {
                    file: n.file.clone(),
                    what: "toc-label".into(),
                    text: n.name.clone(),
                });
            }
            walk(&n.items, titles, out);
        }
    }
    for t in tocs.values() {
        walk(&t.items, &titles, &mut untranslated);
    }
    fn walk_breadcrumb(nodes: &[TocNode], out: &mut Vec<Untranslated>) {
        for n in nodes {
            if !n.name.is_empty() {
                out.push(Untranslated {
                    file: n.file.clone(),
                    what: "breadcrumb-label".into(),
                    text: n.name.clone(),
                });
            }
            walk_breadcrumb(&n.items, out);
        }
    }
    if let Some(bc) = breadcrumb {
        walk_breadcrumb(&bc.items, &mut untranslated);
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

    fn label(docset: &Docset, node: &TocNode, side: Side) -> String {
        if side == Side::Source {
            if let TocTarget::Page { path, .. } = &node.target {
                if let Some(t) = docset.page(path).and_then(|p| p.title_source.as_ref()) {
                    return t.clone();
                }
            }
        }
        node.name.clone()
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
                    (TocTarget::External(u), None) if !u.starts_with(&format!("/{folder}/")) => {
                        Some(u.clone())
                    }
                    _ => None,
                };
                // Breadcrumb nodes name sections, not pages: their label stays as written.
                out.push(Crumb {
                    label: n.name.clone(),
                    href,
                });
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
                    let label = Self::label(docset, n, side);
                    // The TOC's root often repeats the last breadcrumb node.
                    let repeated = out
                        .iter()
                        .any(|c| c.label == label || (href.is_some() && c.href == href));
                    if !repeated {
                        out.push(Crumb { label, href });
                    }
                }
            }
        }
        if out.is_empty() {
            out.push(Crumb {
                label: page.title_in(side),
                href: None,
            });
        }
        out
    }

    /// Every TOC as (id, nav HTML with `{ROOT}` placeholders) for one variant.
    pub fn variant_tocs(&self, docset: &Docset, side: Side, env: EnvId) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (path, toc) in &self.tocs {
            let exists = |p: &str| docset.page_in_env(p, env).is_some();
            let label = |n: &TocNode| Self::label(docset, n, side);
            let href = |t: &TocTarget| match t {
                TocTarget::Page { path, anchor } => docset.page(path).map(|p| {
                    let h = format!("{{ROOT}}{}", encode_path(&p.html_rel));
                    match anchor {
                        Some(a) => format!("{h}#{}", crate::url_policy::encode(a)),
                        None => h,
                    }
                }),
                TocTarget::External(u) => Some(crate::url_policy::encode(u).into_owned()),
                _ => None,
            };
            let nodes = toc::project(toc, &exists, &label, &href, None);
            let mut html = String::new();
            nav_html(&nodes, &mut html);
            out.push((self.ids[path].clone(), html));
        }
        out
    }
}

fn nav_html(nodes: &[NavNode], out: &mut String) {
    out.push_str("<ul>");
    for n in nodes {
        out.push_str("<li>");
        let link = match &n.href {
            Some(h) => format!("<a href=\"{}\">{}</a>", escape(h), escape(&n.label)),
            None => format!("<span>{}</span>", escape(&n.label)),
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
                "<span class=\"visually-hidden\">{}</span></summary>",
                escape(&n.label)
            ));
            nav_html(&n.items, out);
            out.push_str("</details>");
        } else {
            out.push_str(if n.expanded {
                "<details open><summary>"
            } else {
                "<details><summary>"
            });
            out.push_str(&escape(&n.label));
            out.push_str("</summary>");
            nav_html(&n.items, out);
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
