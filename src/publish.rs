//! Site-wide files written after the pages: theme assets, resources (once,
//! shared by every variant), per-variant TOC scripts, search indexes and
//! search pages, fallback variant home pages, root and locale choosers,
//! localized 404 pages, redirect stubs and `_redirects`, sitemap and robots.

use crate::diagnostics::Diagnostic;
use crate::markdown::escape_html;
use crate::nav;
use crate::output::Output;
use crate::redirects::{self, RedirectTarget};
use crate::resolve::paths;
use crate::search::{self, SearchDoc};
use crate::site::{Locale, Site, VariantStats};
use crate::templates;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

struct Writer<'a> {
    out: &'a Output,
    count: usize,
    diags: Vec<Diagnostic>,
}

impl Writer<'_> {
    fn write(&mut self, rel: &str, bytes: &[u8]) {
        match self.out.write(rel, bytes) {
            Ok(()) => self.count += 1,
            Err(e) => self.diags.push(Diagnostic::error(
                "write-failed",
                "",
                0,
                0,
                format!("Cannot write {rel}: {e}"),
            )),
        }
    }
}

#[derive(Serialize)]
struct ChooserEnv {
    label: String,
    href: String,
}

#[derive(Serialize)]
struct ChooserLocale {
    lang: String,
    dir: String,
    label: String,
    environments: Vec<ChooserEnv>,
}

/// Find `.openpublishing.redirection.json` from the docset up to the repository root.
fn find_redirection_file(root: &Path) -> Option<(PathBuf, String)> {
    let abs = root.canonicalize().ok()?;
    let mut dir = abs.clone();
    for _ in 0..6 {
        let f = dir.join(".openpublishing.redirection.json");
        if f.is_file() {
            let prefix = abs
                .strip_prefix(&dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let prefix = if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            };
            return Some((f, prefix));
        }
        if dir.join(".git").exists() || !dir.pop() {
            break;
        }
    }
    None
}

/// Write everything but the pages. Returns the number of files written.
pub fn write_site_files(
    site: &Site,
    out: &Output,
    search_docs: HashMap<(usize, usize), Vec<SearchDoc>>,
    stats: &mut BTreeMap<(usize, usize), VariantStats>,
    diags: &mut Vec<Diagnostic>,
) -> usize {
    let mut w = Writer {
        out,
        count: 0,
        diags: Vec::new(),
    };
    for (name, text) in templates::ASSETS {
        w.write(&format!("_tolk/{name}"), text.as_bytes());
    }
    // Resources, once for every variant.
    let res: Vec<&String> = site.resources.iter().collect();
    let copied: Vec<Result<(), String>> = res
        .par_iter()
        .map(|rel| {
            out.copy(&format!("_res/{rel}"), &site.config.root.join(rel))
                .map_err(|e| format!("Cannot copy {rel}: {e}"))
        })
        .collect();
    for r in copied {
        match r {
            Ok(()) => w.count += 1,
            Err(m) => w.diags.push(Diagnostic::error("write-failed", "", 0, 0, m)),
        }
    }

    let planned = plan_redirects(site, &mut w.diags);
    let variants: Vec<(usize, usize)> = site
        .selected_locales
        .iter()
        .flat_map(|&li| site.selected_envs.iter().map(move |&e| (li, e)))
        .collect();
    // Search indexes, one job per locale (its analysis is shared by its
    // environments), beside one job per variant for everything else.
    enum Job {
        Search(usize, Vec<(usize, Vec<SearchDoc>)>),
        Variant(usize, usize),
    }
    let mut search_docs = search_docs;
    let mut jobs: Vec<Job> = site
        .selected_locales
        .iter()
        .map(|&li| {
            let docs = site
                .selected_envs
                .iter()
                .map(|&env| {
                    let mut docs = search_docs.remove(&(li, env)).unwrap_or_default();
                    docs.sort_by(|a, b| a.href.cmp(&b.href));
                    (env, docs)
                })
                .collect();
            Job::Search(li, docs)
        })
        .collect();
    jobs.extend(variants.iter().map(|&(li, env)| Job::Variant(li, env)));
    let done: Vec<Vec<VariantOutput>> = jobs
        .into_par_iter()
        .map(|job| match job {
            Job::Search(li, docs) => write_search_indexes(site, out, li, docs),
            Job::Variant(li, env) => vec![write_variant(site, out, li, env, &planned)],
        })
        .collect();
    for v in done.into_iter().flatten() {
        w.count += v.files;
        w.diags.extend(v.diags);
        if let Some(bytes) = v.index_bytes {
            stats.entry(v.key).or_default().search_index_bytes = bytes;
        }
    }
    // `_redirects` names every variant, whatever slice this build renders.
    let mut redirect_lines = Vec::new();
    for li in 0..site.locales.len() {
        for &env in &site.envs {
            redirect_lines.extend(write_redirect_stubs(site, &mut w, li, env, &planned, false));
        }
    }
    if !redirect_lines.is_empty() {
        redirect_lines.sort();
        redirect_lines.dedup();
        w.write("_redirects", (redirect_lines.join("\n") + "\n").as_bytes());
    }
    for (li, loc) in site.locales.iter().enumerate() {
        // Localized 404 per locale.
        let mut ctx = locale_context(site, loc, "../_tolk/");
        ctx.insert(
            "home",
            &format!("{}/index.html", site.config.env_name(site.envs[0])),
        );
        if let Ok(h) = site.tera.render("not_found.html", &ctx) {
            w.write(&format!("{}/404.html", loc.dir_name), h.as_bytes());
            if li == 0 {
                let h = h.replace("href=\"../_tolk/", "href=\"_tolk/").replace(
                    &format!("href=\"{}/index.html\"", site.config.env_name(site.envs[0])),
                    &format!(
                        "href=\"{}/{}/index.html\"",
                        loc.dir_name,
                        site.config.env_name(site.envs[0])
                    ),
                );
                w.write("404.html", h.as_bytes());
            }
        }
    }
    // Root chooser.
    let choosers: Vec<ChooserLocale> = site
        .locales
        .iter()
        .map(|l| ChooserLocale {
            lang: l.tag.clone(),
            dir: if l.rtl { "rtl".into() } else { "ltr".into() },
            label: site.strings[&l.tag]
                .get("language-name")
                .unwrap_or(&l.tag)
                .to_string(),
            environments: site
                .envs
                .iter()
                .map(|&e| ChooserEnv {
                    label: site.env_label(e),
                    href: format!("{}/{}/index.html", l.dir_name, site.config.env_name(e)),
                })
                .collect(),
        })
        .collect();
    let first = &site.locales[site.source_locale_position().unwrap_or(0)];
    let mut ctx = locale_context(site, first, "_tolk/");
    ctx.insert("locales", &choosers);
    match site.tera.render("root_index.html", &ctx) {
        Ok(h) => w.write("index.html", h.as_bytes()),
        Err(e) => w.diags.push(Diagnostic::error(
            "template-failed",
            "",
            0,
            0,
            templates::error_chain(&e),
        )),
    }
    for c in &choosers {
        let mut ctx = ctx.clone();
        let loc = site.locales.iter().find(|l| l.tag == c.lang).unwrap();
        ctx.insert("lang", &loc.tag);
        ctx.insert("dir", &c.dir);
        ctx.insert("t", &site.strings[&loc.tag].messages);
        ctx.insert("assets", "../_tolk/");
        let one = ChooserLocale {
            lang: c.lang.clone(),
            dir: c.dir.clone(),
            label: c.label.clone(),
            environments: c
                .environments
                .iter()
                .map(|e| ChooserEnv {
                    label: e.label.clone(),
                    href: e
                        .href
                        .trim_start_matches(&format!("{}/", loc.dir_name))
                        .to_string(),
                })
                .collect(),
        };
        ctx.insert("locales", &vec![one]);
        if let Ok(h) = site.tera.render("root_index.html", &ctx) {
            w.write(&format!("{}/index.html", loc.dir_name), h.as_bytes());
        }
    }
    write_sitemap(site, &mut w);
    diags.append(&mut w.diags);
    w.count
}

/// Template context every site-wide page of a locale starts from.
fn locale_context(site: &Site, loc: &Locale, assets: &str) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("lang", &loc.tag);
    ctx.insert("dir", if loc.rtl { "rtl" } else { "ltr" });
    ctx.insert("t", &site.strings[&loc.tag].messages);
    ctx.insert("site_title", &site.config.site_title);
    ctx.insert("assets", assets);
    ctx
}

fn write_plain_page(
    site: &Site,
    w: &mut Writer,
    li: usize,
    env: usize,
    rel: &str,
    title: &str,
    body: &str,
) {
    let page = crate::site::PageInfo {
        rel: rel.replace(".html", ".md"),
        html_rel: rel.to_string(),
        monikers: site.config.all_environments(),
        kind: crate::site::PageKind::Landing(serde_yaml::Value::Null),
        title: title.to_string(),
        title_source: Some(title.to_string()),
        description: None,
        title_suffix: None,
        machine_translated: false,
    };
    let mut d = Vec::new();
    if let Some(h) = site.render_plain(&page, li, env, body, &mut d) {
        let vdir = format!(
            "{}/{}",
            site.locales[li].dir_name,
            site.config.env_name(env)
        );
        w.write(&format!("{vdir}/{rel}"), h.as_bytes());
    }
    w.diags.extend(d);
}

/// Redirections of the docset mapped onto its pages (empty without a redirection file).
pub fn plan_redirects(site: &Site, diags: &mut Vec<Diagnostic>) -> Vec<redirects::PlannedRedirect> {
    let Some((file, prefix)) = find_redirection_file(&site.config.root) else {
        return Vec::new();
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::warning(
                "redirection-unreadable",
                "",
                0,
                0,
                format!("Cannot read {}: {e}", file.display()),
            ));
            return Vec::new();
        }
    };
    // Diagnostics name the file relative to the docset root.
    let shown = format!(
        "{}.openpublishing.redirection.json",
        "../".repeat(prefix.matches('/').count())
    );
    let (entries, d) = redirects::parse(&shown, &text);
    diags.extend(d);
    let pages: HashSet<String> = site.page_index.keys().cloned().collect();
    let folder = prefix
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    let candidates: Vec<String> = if folder.is_empty() {
        Vec::new()
    } else {
        vec![format!("/{folder}/")]
    };
    let (planned, _skipped, d) = redirects::plan(&entries, &shown, &prefix, &candidates, &pages);
    diags.extend(d);
    planned
        .into_iter()
        .filter(|r| !site.page_index.contains_key(&r.from))
        .collect()
}

/// Redirect stubs of one variant; returns the `_redirects` lines.
fn write_redirect_stubs(
    site: &Site,
    w: &mut Writer,
    li: usize,
    env: usize,
    planned: &[redirects::PlannedRedirect],
    write_stubs: bool,
) -> Vec<String> {
    let loc = &site.locales[li];
    let base = locale_context(site, loc, "");
    let vdir = format!("{}/{}", loc.dir_name, site.config.env_name(env));
    let mut lines = Vec::new();
    for r in planned {
        let from_html = paths::html_path(&r.from);
        let target = match &r.to {
            RedirectTarget::Page { path, anchor } => {
                let Some(p) = site.page_index.get(path).map(|i| &site.pages[*i]) else {
                    continue;
                };
                // The page in this environment, else in the first one that has it.
                let Some(target_env) = std::iter::once(env)
                    .chain(site.envs.iter().copied())
                    .find(|e| p.monikers.contains(*e))
                else {
                    continue;
                };
                let abs = format!(
                    "{}/{}/{}",
                    loc.dir_name,
                    site.config.env_name(target_env),
                    p.html_rel
                );
                let a = anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default();
                lines.push(format!("/{vdir}/{from_html} /{abs}{a} 301"));
                (
                    format!("{}{abs}{a}", paths::up_to_root(&from_html, 2)),
                    site.config
                        .base_url
                        .as_ref()
                        .map(|b| format!("{b}{abs}"))
                        .unwrap_or_else(|| format!("/{abs}")),
                )
            }
            RedirectTarget::Url(u) => {
                lines.push(format!("/{vdir}/{from_html} {u} 301"));
                (u.clone(), u.clone())
            }
        };
        if !write_stubs {
            continue;
        }
        let mut ctx = base.clone();
        ctx.insert("target", &target.0);
        ctx.insert("canonical", &target.1);
        if let Ok(h) = site.tera.render("redirect.html", &ctx) {
            w.write(&format!("{vdir}/{from_html}"), h.as_bytes());
        }
    }
    lines
}

/// What writing one variant's site-wide files produced.
struct VariantOutput {
    key: (usize, usize),
    files: usize,
    diags: Vec<Diagnostic>,
    /// Size of the search index written (search jobs only).
    index_bytes: Option<u64>,
}

/// TOC scripts and pages, search index and page, fallback home page and
/// redirect stubs of one variant.
fn write_variant(
    site: &Site,
    out: &Output,
    li: usize,
    env: usize,
    planned: &[redirects::PlannedRedirect],
) -> VariantOutput {
    let mut w = Writer {
        out,
        count: 0,
        diags: Vec::new(),
    };
    let loc = &site.locales[li];
    let strings = &site.strings[&loc.tag];
    let vdir = format!("{}/{}", loc.dir_name, site.config.env_name(env));
    // TOC scripts and no-JavaScript TOC pages.
    for (id, html) in site.nav.variant_tocs(site, loc.side, env) {
        w.write(
            &format!("{vdir}/_toc/{id}.js"),
            nav::toc_script(&html).as_bytes(),
        );
        let mut ctx = locale_context(site, loc, "../../../_tolk/");
        ctx.insert("nav", &nav::toc_page_html(&html));
        match site.tera.render("toc_page.html", &ctx) {
            Ok(h) => w.write(&format!("{vdir}/_toc/{id}.html"), h.as_bytes()),
            Err(e) => w.diags.push(Diagnostic::error(
                "template-failed",
                "",
                0,
                0,
                templates::error_chain(&e),
            )),
        }
    }
    // Search page and fallback home page, as ordinary pages of the variant.
    let search_body = format!(
        "<h1>{}</h1>\n<div id=\"search-results\" data-search-page data-no-results=\"{}\" data-results-count=\"{}\"></div>\n",
        escape_html(&strings.text("search-results-title")),
        escape_html(&strings.text("search-no-results")),
        escape_html(&strings.text("search-results-count")),
    );
    write_plain_page(
        site,
        &mut w,
        li,
        env,
        "search.html",
        &strings.text("search-results-title"),
        &search_body,
    );
    let has_index = ["index.md", "index.yml"]
        .iter()
        .any(|p| site.page_in_env(p, env).is_some());
    if !has_index {
        let mut body = format!("<h1>{}</h1>\n<ul>\n", escape_html(&site.config.site_title));
        for p in site.pages.iter().filter(|p| p.monikers.contains(env)) {
            body.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                escape_html(&p.html_rel),
                escape_html(&site.page_title(p, loc.side))
            ));
        }
        body.push_str("</ul>\n");
        write_plain_page(
            site,
            &mut w,
            li,
            env,
            "index.html",
            &site.config.site_title,
            &body,
        );
    }
    write_redirect_stubs(site, &mut w, li, env, planned, true);
    VariantOutput {
        key: (li, env),
        files: w.count,
        diags: w.diags,
        index_bytes: None,
    }
}

/// The search indexes of one locale's environments (`docs` sorted by page).
fn write_search_indexes(
    site: &Site,
    out: &Output,
    li: usize,
    docs: Vec<(usize, Vec<SearchDoc>)>,
) -> Vec<VariantOutput> {
    let loc = &site.locales[li];
    let envs: Vec<usize> = docs.iter().map(|(env, _)| *env).collect();
    let mut done = Vec::new();
    search::build_indexes(
        &loc.tag,
        docs.into_iter().map(|(_, d)| d).collect(),
        |i, idx| {
            let env = envs[i];
            let mut w = Writer {
                out,
                count: 0,
                diags: Vec::new(),
            };
            let vdir = format!("{}/{}", loc.dir_name, site.config.env_name(env));
            w.write(&format!("{vdir}/_search/index.js"), idx.js.as_bytes());
            done.push(VariantOutput {
                key: (li, env),
                files: w.count,
                diags: w.diags,
                index_bytes: Some(idx.js.len() as u64),
            });
        },
    );
    done
}

fn write_sitemap(site: &Site, w: &mut Writer) {
    let Some(base) = &site.config.base_url else {
        return;
    };
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for p in &site.pages {
        for &env in site.envs.iter().filter(|e| p.monikers.contains(**e)) {
            for loc in &site.locales {
                let url = format!(
                    "{base}{}/{}/{}",
                    loc.dir_name,
                    site.config.env_name(env),
                    p.html_rel
                );
                xml.push_str(&format!("<url><loc>{}</loc>", escape_html(&url)));
                for alt in &site.locales {
                    let a = format!(
                        "{base}{}/{}/{}",
                        alt.dir_name,
                        site.config.env_name(env),
                        p.html_rel
                    );
                    xml.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        escape_html(&alt.tag),
                        escape_html(&a)
                    ));
                }
                xml.push_str("</url>\n");
            }
        }
    }
    xml.push_str("</urlset>\n");
    w.write("sitemap.xml", xml.as_bytes());
    w.write(
        "robots.txt",
        format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n").as_bytes(),
    );
}
