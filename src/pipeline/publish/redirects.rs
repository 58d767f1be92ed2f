//! Redirections of the docset (`.openpublishing.redirection.json`, parsed
//! and planned by [`crate::redirects`]) as files of the site: a stub page
//! per variant and redirected path, and one `_redirects` list for hosts that
//! read it.

use super::writer::{locale_context, Writer};
use crate::diagnostics::Diagnostic;
use crate::docset::{Docset, Variant};
use crate::nav::Navigation;
use crate::paths;
use crate::redirects::{PlannedRedirect, RedirectTarget};
use crate::render::Site;
use crate::url_policy::{self, encode_path};

/// Redirections of the docset mapped onto its pages (empty without a
/// redirection file): the plan made once when the navigation loaded, less
/// the sources that are pages themselves; its diagnostics go to `diags`.
pub(crate) fn plan_redirects<'a>(
    docset: &Docset,
    nav: &'a Navigation,
    diags: &mut Vec<Diagnostic>,
) -> Vec<&'a PlannedRedirect> {
    diags.extend(nav.redirect_diagnostics.iter().cloned());
    nav.redirects
        .iter()
        .filter(|r| !docset.page_index.contains_key(&r.from))
        .collect()
}

/// One redirected path of one variant.
struct Stub {
    /// Where the stub goes in the variant (`old/page.html`).
    from_html: String,
    /// Its `_redirects` line.
    line: String,
    /// The target, relative to the stub (or a full URL).
    target: String,
    canonical: String,
}

/// The redirect stubs of variant `v`.
fn stubs(docset: &Docset, v: Variant, planned: &[&PlannedRedirect]) -> Vec<Stub> {
    let vdir = v.dir(docset);
    let mut out = Vec::new();
    for r in planned {
        let from_html = paths::html_path(&r.from);
        let (target, canonical, to) = match &r.to {
            RedirectTarget::Page { path, anchor } => {
                let Some(p) = docset.page(path) else {
                    continue;
                };
                // The page in this environment, else in the first one that has it.
                let Some(target_env) = std::iter::once(v.env)
                    .chain(docset.envs.iter().copied())
                    .find(|e| p.monikers.contains(*e))
                else {
                    continue;
                };
                let tv = v.with_env(target_env);
                let a = anchor
                    .as_ref()
                    .map(|a| format!("#{}", url_policy::encode(a)))
                    .unwrap_or_default();
                (
                    format!("{}{a}", tv.href_from(docset, &from_html, &p.html_rel)),
                    docset
                        .config
                        .base_url
                        .as_ref()
                        .map(|b| tv.url(docset, b, &p.html_rel))
                        .unwrap_or_else(|| format!("/{}", tv.file(docset, &p.html_rel))),
                    format!("/{}{a}", encode_path(&tv.file(docset, &p.html_rel))),
                )
            }
            RedirectTarget::Url(u) => {
                // Planned targets passed the URL policy; never write one that
                // could end a `_redirects` rule or shift its fields.
                if url_policy::check_line_safe(u).is_err() {
                    continue;
                }
                (u.clone(), u.clone(), u.clone())
            }
        };
        let from = encode_path(&from_html);
        if to.chars().any(|c| c.is_whitespace() || c.is_control()) {
            continue;
        }
        out.push(Stub {
            line: format!("/{vdir}/{from} {to} 301"),
            from_html,
            target,
            canonical,
        });
    }
    out
}

/// `_redirects`: every variant's redirections, whatever slice this build renders.
pub(super) fn write_list(docset: &Docset, w: &mut Writer, planned: &[&PlannedRedirect]) {
    let mut lines: Vec<String> = docset
        .variants()
        .flat_map(|v| stubs(docset, v, planned))
        .map(|s| s.line)
        .collect();
    if !lines.is_empty() {
        lines.sort();
        lines.dedup();
        w.write("_redirects", (lines.join("\n") + "\n").as_bytes());
    }
}

/// The stub pages of variant `v`.
pub(super) fn write_stubs(site: &Site, w: &mut Writer, v: Variant, planned: &[&PlannedRedirect]) {
    let ds = &site.docset;
    let base = locale_context(site, &ds.locales[v.locale], "");
    for s in stubs(ds, v, planned) {
        let mut ctx = base.clone();
        ctx.insert("target", &s.target);
        ctx.insert("canonical", &s.canonical);
        if let Ok(h) = site.tera.render("redirect.html", &ctx) {
            w.write(&v.file(ds, &s.from_html), h.as_bytes());
        }
    }
}
