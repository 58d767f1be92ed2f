//! Planning redirections for one docset: which redirected page gets a stub
//! and where it points, following chains to their final target.

use super::Redirect;
use crate::diagnostics::{Code, Diagnostic};
use crate::paths;
use std::collections::{HashMap, HashSet};

/// Longest chain followed.
const MAX_HOPS: usize = 20;

/// Where a redirected page points.
#[derive(Debug, Clone, PartialEq)]
pub enum RedirectTarget {
    /// a docset-relative page path (".md"/".yml") that exists, plus anchor
    /// (without '#')
    Page {
        path: String,
        anchor: Option<String>,
    },
    /// external or unresolvable URL kept as written
    Url(String),
}

/// One stub to write.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRedirect {
    /// docset-relative path of the old page (".md" or ".yml"), the stub is
    /// written where its .html would be
    pub from: String,
    pub to: RedirectTarget,
    pub line: u32,
    pub column: u32,
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) if i > 0 => {
            let scheme = &s[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// The URL without a Learn locale segment ("/en-us/", "/nl-nl/") at the
/// start of its path ("https://host/en-us/x" → "https://host/x",
/// "/en-us/x" → "/x"); `None` when there is none.
fn without_locale(url: &str) -> Option<String> {
    let path_start = match url.find("//") {
        Some(i) if has_scheme(url) || i == 0 => {
            let host_start = i + 2;
            host_start + url[host_start..].find('/')?
        }
        _ => 0,
    };
    let rest = url[path_start..].strip_prefix('/')?;
    let seg = rest.split('/').next().unwrap_or("");
    (paths::is_locale_segment(seg) && rest.len() > seg.len())
        .then(|| format!("{}{}", &url[..path_start], &rest[seg.len()..]))
}

/// Case-insensitive view of the docset's pages and redirect sources.
struct Lookup<'a> {
    pages: HashMap<String, &'a str>,
}

impl<'a> Lookup<'a> {
    /// Candidate files for a docset-relative, extensionless-or-not path.
    fn candidates(rest: &str) -> Vec<String> {
        let rest = rest.trim_end_matches('/');
        let lower = rest.to_ascii_lowercase();
        let mut c = Vec::new();
        if rest.is_empty() {
            return vec!["index.md".into(), "index.yml".into()];
        }
        if lower.ends_with(".md") || lower.ends_with(".yml") {
            c.push(rest.to_string());
        } else if let Some(stem) = lower.strip_suffix(".html").map(|_| &rest[..rest.len() - 5]) {
            c.push(format!("{stem}.md"));
            c.push(format!("{stem}.yml"));
        }
        c.push(format!("{rest}.md"));
        c.push(format!("{rest}.yml"));
        c.push(format!("{rest}/index.md"));
        c.push(format!("{rest}/index.yml"));
        c
    }

    fn page(&self, rest: &str) -> Option<&'a str> {
        Self::candidates(rest)
            .iter()
            .find_map(|c| self.pages.get(&c.to_lowercase()).copied())
    }
}

/// How one redirect_url resolves, before chains are followed.
enum Hop {
    /// an existing page
    Page(String, Option<String>),
    /// the docset-relative key (lowercase) of another redirect source
    Source(String, Option<String>),
    /// a docset-relative path (no scheme, or the docset's URL prefix) that
    /// is neither a page nor a redirect source
    Missing(String),
    Url,
}

/// Map redirections onto the docset. `docset_prefix` is the docset folder
/// relative to the repository root ("microsoft-365/", or "" when the docset is
/// the repo root). `site_prefix_candidates`: URL prefixes that mean the docset
/// root in redirect_url (e.g. "/microsoft-365/" or
/// "https://docs.microsoft.com/microsoft-365/"; matched case-insensitively,
/// also after a locale segment such as "/en-us/"). Learn URLs are
/// extensionless: "/microsoft-365/admin/foo" → "admin/foo.md" or
/// "admin/foo.yml" or "admin/foo/index.md" (or ".yml") if it exists in
/// `pages`; relative redirect URLs ("index", "../setup/x") are resolved
/// against the source's folder; `?query` is dropped and `#anchor` kept.
/// Sources not under the docset → skipped silently but counted (the returned
/// usize); sources that are still existing pages → warning
/// `redirected-file-not-removed` and no stub; a source twice → warning
/// `redirection-conflict` (the first wins); chains are followed to the final
/// target (max 20 hops); loops → warning `circular-redirection` and no stub;
/// sources that are not `.md`/`.yml` → warning `redirection-invalid`. Nothing
/// here is an error. `file` names the redirection file in diagnostics.
pub fn plan(
    redirects: &[Redirect],
    file: &str,
    docset_prefix: &str,
    site_prefix_candidates: &[String],
    pages: &HashSet<String>,
) -> (Vec<PlannedRedirect>, usize, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let lookup = Lookup {
        pages: pages
            .iter()
            .map(|p| (p.to_lowercase(), p.as_str()))
            .collect(),
    };
    let docset_prefix = paths::resolve("", docset_prefix).unwrap_or_default();

    // 1. Sources under the docset, first occurrence wins.
    let mut skipped = 0usize;
    // (docset-relative source, redirect) in file order
    let mut sources: Vec<(String, &Redirect)> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for r in redirects {
        let src = paths::resolve("", &r.source_path);
        let rel = src.as_deref().and_then(|s| {
            if docset_prefix.is_empty() {
                Some(s)
            } else {
                paths::strip_prefix_ci(s, &docset_prefix).and_then(|rest| rest.strip_prefix('/'))
            }
        });
        let Some(rel) = rel.filter(|r| !r.is_empty()) else {
            skipped += 1;
            continue;
        };
        if rel.chars().any(char::is_control) {
            // A line break here would end a `_redirects` rule early.
            diags.push(Diagnostic::error(
                Code::UrlUnsafe,
                file,
                r.line,
                r.column,
                format!(
                    "redirection source `{}` holds a line break or control character and is skipped",
                    r.source_path.escape_default()
                ),
            ));
            continue;
        }
        let lower = rel.to_ascii_lowercase();
        if !(lower.ends_with(".md") || lower.ends_with(".yml")) {
            diags.push(Diagnostic::warning(
                Code::RedirectionInvalid,
                file,
                r.line,
                r.column,
                format!(
                    "redirection source `{}` is not a page (.md or .yml)",
                    r.source_path
                ),
            ));
            continue;
        }
        if let Some(&first) = by_key.get(&lower) {
            let f = sources[first].1;
            diags.push(Diagnostic::warning(
                Code::RedirectionConflict,
                file,
                r.line,
                r.column,
                format!(
                    "`{}` is already redirected at line {} (to `{}`); this redirection is ignored",
                    r.source_path, f.line, f.redirect_url
                ),
            ));
            continue;
        }
        by_key.insert(lower, sources.len());
        sources.push((rel.to_string(), r));
    }

    // 2. Resolve each source's URL one hop.
    let resolve = |from: &str, url: &str| -> Hop {
        let url = url.trim();
        let (no_frag, anchor) = match url.split_once('#') {
            Some((u, a)) => (u, Some(a.to_string()).filter(|a| !a.is_empty())),
            None => (url, None),
        };
        let path = no_frag.split('?').next().unwrap_or("");
        let rest: Option<String> = if has_scheme(path) || path.starts_with('/') {
            // Absolute: try the URL as is, then without a locale segment.
            let mut variants = vec![path.to_string()];
            if let Some(v) = without_locale(path) {
                variants.push(v);
            }
            variants.iter().find_map(|p| {
                site_prefix_candidates.iter().find_map(|c| {
                    let after = paths::strip_prefix_ci(p, c.trim_end_matches('/'))?;
                    // the prefix must end at a segment boundary
                    (after.is_empty() || after.starts_with('/')).then(|| after.to_string())
                })
            })
        } else {
            // relative to the source page's folder
            Some(format!("{}/{}", paths::dir_of(from), path))
        };
        let Some(rest) = rest else { return Hop::Url };
        let Some(rest) = paths::resolve("", &paths::percent_decode(&rest)) else {
            return Hop::Url;
        };
        if let Some(p) = lookup.page(&rest) {
            return Hop::Page(p.to_string(), anchor);
        }
        for c in Lookup::candidates(&rest) {
            let key = c.to_ascii_lowercase();
            if by_key.contains_key(&key) {
                return Hop::Source(key, anchor);
            }
        }
        Hop::Missing(rest)
    };

    // Candidates of "did you mean" in a fixed order (ties go to the first:
    // the set's own order would vary from run to run).
    let mut page_names: Vec<&str> = pages
        .iter()
        .filter_map(|p| p.strip_suffix(".md").or_else(|| p.strip_suffix(".yml")))
        .collect();
    page_names.sort_unstable();

    // 3. Plan, following chains.
    let mut planned = Vec::new();
    for (rel, r) in &sources {
        if let Some(existing) = lookup.pages.get(&rel.to_ascii_lowercase()) {
            diags.push(
                Diagnostic::warning(
                    Code::RedirectedFileNotRemoved,
                    file,
                    r.line,
                    r.column,
                    format!("`{}` is redirected but the file `{existing}` still exists; the page is kept", r.source_path),
                )
                .with_hint("remove the file, or remove its redirection"),
            );
            continue;
        }
        let mut cur_from = rel.clone();
        let mut cur = *r;
        let mut visited = vec![rel.to_ascii_lowercase()];
        let mut last_anchor: Option<String> = None;
        let mut to = None;
        let mut unsafe_url = false;
        for _ in 0..MAX_HOPS {
            match resolve(&cur_from, &cur.redirect_url) {
                Hop::Page(path, anchor) => {
                    to = Some(RedirectTarget::Page {
                        path,
                        anchor: anchor.or(last_anchor.take()),
                    });
                    break;
                }
                Hop::Missing(rest) => {
                    let mut d = Diagnostic::warning(
                        Code::RedirectionTargetNotFound,
                        file,
                        cur.line,
                        cur.column,
                        format!(
                            "`{}` redirects to `{}`, which is no page of the docset (looked for `{rest}.md`, `.yml`, `/index.md`)",
                            cur.source_path, cur.redirect_url
                        ),
                    );
                    let wanted = rest.trim_end_matches('/');
                    let near = crate::diagnostics::did_you_mean(wanted, page_names.iter().copied());
                    if let Some(near) = near {
                        d = d.with_hint(format!("Did you mean `{near}`?"));
                    }
                    diags.push(d);
                    // The stub keeps the URL as written: the same policy as
                    // any URL written into a stub and `_redirects`.
                    if refuse_unsafe_url(cur, r, file, &mut diags) {
                        unsafe_url = true;
                        break;
                    }
                    to = Some(RedirectTarget::Url(cur.redirect_url.trim().to_string()));
                    break;
                }
                Hop::Url => {
                    // The URL goes into a stub's link and meta refresh and
                    // into `_redirects`, one rule per line: refuse dangerous
                    // schemes and anything that could end a line or a field.
                    // A line break is an injection into `_redirects`: an
                    // error; a scheme is a bad target like any other: a warning.
                    if refuse_unsafe_url(cur, r, file, &mut diags) {
                        unsafe_url = true;
                        break;
                    }
                    to = Some(RedirectTarget::Url(cur.redirect_url.trim().to_string()));
                    break;
                }
                Hop::Source(key, anchor) => {
                    if visited.contains(&key) {
                        visited.push(key);
                        break;
                    }
                    if anchor.is_some() {
                        last_anchor = anchor;
                    }
                    visited.push(key.clone());
                    let (next_rel, next) = &sources[by_key[&key]];
                    cur_from = next_rel.clone();
                    cur = next;
                }
            }
        }
        match to {
            Some(to) => planned.push(PlannedRedirect {
                from: rel.clone(),
                to,
                line: r.line,
                column: r.column,
            }),
            None if unsafe_url => {}
            None => {
                let (last, before) = visited.split_last().expect("the source itself");
                let looped = before.contains(last);
                let chain: Vec<&str> = visited
                    .iter()
                    .map(|k| sources[by_key[k]].0.as_str())
                    .collect();
                diags.push(Diagnostic::warning(
                    Code::CircularRedirection,
                    file,
                    r.line,
                    r.column,
                    if looped {
                        format!("circular redirection: {}", chain.join(" → "))
                    } else {
                        format!(
                            "redirection chain from `{}` is longer than {MAX_HOPS} hops: {}",
                            r.source_path,
                            chain.join(" → ")
                        )
                    },
                ));
            }
        }
    }
    diags.sort_by_key(|d| (d.line, d.column));
    (planned, skipped, diags)
}

/// A redirect URL goes into a stub's link and meta refresh and into
/// `_redirects`, one rule per line: a dangerous scheme, or anything that
/// could end a line or a field, is refused (true) with a `url-unsafe`
/// diagnostic — an error for a line break (an injection into `_redirects`),
/// a warning for a scheme (a bad target like any other).
fn refuse_unsafe_url(
    cur: &Redirect,
    r: &Redirect,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let Err(why) = crate::url_policy::check_line_safe(cur.redirect_url.trim()) else {
        return false;
    };
    let make = match why {
        crate::url_policy::UrlProblem::Whitespace => Diagnostic::error,
        crate::url_policy::UrlProblem::Scheme(_) => Diagnostic::warning,
    };
    diags.push(make(
        Code::UrlUnsafe,
        file,
        cur.line,
        cur.column,
        format!(
            "redirect_url `{}` is refused: {why}; no stub is written for `{}`",
            cur.redirect_url.escape_default(),
            r.source_path.escape_default()
        ),
    ));
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redirects::{parse, Redirect};

    const F: &str = ".openpublishing.redirection.json";

    fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
        d.iter().map(|d| d.code.name()).collect()
    }

    fn r(src: &str, url: &str, line: u32) -> Redirect {
        Redirect {
            source_path: src.into(),
            redirect_url: url.into(),
            redirect_document_id: false,
            line,
            column: 5,
        }
    }

    fn pages(p: &[&str]) -> HashSet<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    fn page(p: &str, a: Option<&str>) -> RedirectTarget {
        RedirectTarget::Page {
            path: p.into(),
            anchor: a.map(str::to_string),
        }
    }

    fn cands() -> Vec<String> {
        vec![
            "/microsoft-365/".to_string(),
            "https://docs.microsoft.com/microsoft-365/".to_string(),
        ]
    }

    #[test]
    fn urls_resolve_to_pages() {
        let ps = pages(&[
            "admin/foo.md",
            "admin/faq.yml",
            "enterprise/index.md",
            "solutions/index.yml",
            "admin/setup/add-domain.md",
            "index.yml",
        ]);
        let rs = vec![
            r(
                "microsoft-365/admin/a.md",
                "/microsoft-365/admin/foo#part?x",
                1,
            ),
            r(
                "microsoft-365/admin/b.md",
                "/microsoft-365/admin/faq?toc=/x/toc.json",
                2,
            ),
            r("microsoft-365/admin/c.md", "/microsoft-365/Enterprise/", 3),
            r(
                "microsoft-365/admin/d.md",
                "https://docs.microsoft.com/en-us/microsoft-365/solutions",
                4,
            ),
            r("microsoft-365/admin/sub/e.md", "../setup/add-domain", 5),
            r("microsoft-365/admin/f.md", "foo", 6),
            r(
                "microsoft-365/admin/g.md",
                "/microsoftteams/teams-overview",
                7,
            ),
            r(
                "microsoft-365/admin/h.md",
                "nhttps://docs.microsoft.com/x",
                8,
            ),
            r(
                "microsoft-365/admin/i.md",
                "/microsoft-365/admin/missing",
                9,
            ),
            r("microsoft-365/admin/j.md", "/microsoft-365", 10),
            r("microsoft-365/admin/k.md", "/microsoft-3650/admin/foo", 11),
            r(
                "microsoft-365/admin/l.md",
                "/microsoft-365/admin/foo.md",
                12,
            ),
        ];
        let (plan, skipped, d) = plan(&rs, F, "microsoft-365/", &cands(), &ps);
        // A scheme outside http/https/mailto (here a typo) writes no stub;
        // a target into the docset but to no page is a warning (the stub
        // keeps the URL).
        assert_eq!(
            codes(&d),
            vec!["url-unsafe", "redirection-target-not-found"],
            "{d:?}"
        );
        assert_eq!((d[0].line, d[0].is_error()), (8, false));
        assert_eq!(d[1].line, 9);
        assert_eq!(skipped, 0);
        let to: Vec<_> = plan
            .iter()
            .map(|p| (p.from.as_str(), p.to.clone()))
            .collect();
        assert_eq!(
            to,
            vec![
                ("admin/a.md", page("admin/foo.md", Some("part?x"))),
                ("admin/b.md", page("admin/faq.yml", None)),
                ("admin/c.md", page("enterprise/index.md", None)),
                ("admin/d.md", page("solutions/index.yml", None)),
                ("admin/sub/e.md", page("admin/setup/add-domain.md", None)),
                ("admin/f.md", page("admin/foo.md", None)),
                (
                    "admin/g.md",
                    RedirectTarget::Url("/microsoftteams/teams-overview".into())
                ),
                (
                    "admin/i.md",
                    RedirectTarget::Url("/microsoft-365/admin/missing".into())
                ),
                ("admin/j.md", page("index.yml", None)),
                (
                    "admin/k.md",
                    RedirectTarget::Url("/microsoft-3650/admin/foo".into())
                ),
                ("admin/l.md", page("admin/foo.md", None)),
            ]
        );
        assert_eq!((plan[0].line, plan[0].column), (1, 5));
    }

    #[test]
    fn sources_outside_the_docset_existing_and_invalid() {
        let ps = pages(&["admin/still-here.md", "admin/target.md"]);
        let rs = vec![
            r("other-docset/a.md", "/x", 1),
            r("./office-365-security/x.md", "/x", 2),
            r("../escape.md", "/x", 3),
            r(
                "microsoft-365/admin/still-here.md",
                "/microsoft-365/admin/target",
                4,
            ),
            r("microsoft-365/admin/image.png", "/x", 5),
            r(
                "microsoft-365\\admin\\old.md",
                "/microsoft-365/admin/target",
                6,
            ),
            r(
                "Microsoft-365/admin/Old2.md",
                "/microsoft-365/admin/target",
                7,
            ),
        ];
        let (plan, skipped, d) = plan(&rs, F, "microsoft-365/", &cands(), &ps);
        assert_eq!(skipped, 3);
        assert_eq!(
            codes(&d),
            vec!["redirected-file-not-removed", "redirection-invalid"]
        );
        assert_eq!(d[0].line, 4);
        assert!(d.iter().all(|d| !d.is_error()));
        let from: Vec<_> = plan.iter().map(|p| p.from.as_str()).collect();
        assert_eq!(from, vec!["admin/old.md", "admin/Old2.md"]);
        // a docset at the repository root
        let (plan, skipped, _) = plan_root(&[r("a/old.md", "/a/target", 1)]);
        assert_eq!(skipped, 0);
        assert_eq!(plan[0].to, page("a/target.md", None));
    }

    fn plan_root(rs: &[Redirect]) -> (Vec<PlannedRedirect>, usize, Vec<Diagnostic>) {
        plan(rs, F, "", &["/".to_string()], &pages(&["a/target.md"]))
    }

    #[test]
    fn chains_are_followed() {
        let ps = pages(&["final.md"]);
        let rs = vec![
            r("m/a.md", "/m/b#from-a", 1),
            r("m/b.md", "/m/c", 2),
            r("m/c.md", "/m/final#end", 3),
            r("m/d.md", "/m/e", 4),
            r("m/e.md", "https://example.com/", 5),
        ];
        let (plan, _, d) = plan(&rs, F, "m/", &["/m/".to_string()], &ps);
        assert!(d.is_empty(), "{d:?}");
        let to: Vec<_> = plan
            .iter()
            .map(|p| (p.from.as_str(), p.to.clone()))
            .collect();
        assert_eq!(
            to,
            vec![
                ("a.md", page("final.md", Some("end"))),
                ("b.md", page("final.md", Some("end"))),
                ("c.md", page("final.md", Some("end"))),
                ("d.md", RedirectTarget::Url("https://example.com/".into())),
                ("e.md", RedirectTarget::Url("https://example.com/".into())),
            ]
        );
    }

    #[test]
    fn loops_and_long_chains_are_reported() {
        let mut rs = vec![
            r("m/a.md", "/m/b", 1),
            r("m/b.md", "/m/a", 2),
            r("m/self.md", "self", 3),
            r("m/into.md", "/m/a", 4),
        ];
        for i in 0..25 {
            rs.push(r(&format!("m/n{i}.md"), &format!("/m/n{}", i + 1), 10 + i));
        }
        let (plan, _, d) = plan(&rs, F, "m/", &["/m/".to_string()], &pages(&[]));
        let circ: Vec<_> = d
            .iter()
            .filter(|d| d.code == "circular-redirection")
            .collect();
        assert_eq!(circ.len(), 4 + 5, "{d:?}");
        assert!(
            circ[0].message.contains("a.md → b.md → a.md"),
            "{}",
            circ[0].message
        );
        assert!(circ[4].message.contains("longer than 20 hops"));
        assert!(d.iter().all(|d| !d.is_error()));
        // n5..n24 reach n25 (not a source, no page) within 20 hops: its URL
        assert_eq!(plan.len(), 20);
        assert_eq!(plan[0].from, "n5.md");
        assert_eq!(plan[0].to, RedirectTarget::Url("/m/n25".into()));
    }

    #[test]
    fn conflicting_sources() {
        let rs = vec![
            r("m/a.md", "/m/x", 1),
            r("m/A.md", "/m/y", 2),
            r("m/./a.md", "/m/z", 3),
        ];
        let (plan, _, d) = plan(&rs, F, "m/", &["/m/".to_string()], &pages(&["x.md"]));
        assert_eq!(
            codes(&d),
            vec!["redirection-conflict", "redirection-conflict"]
        );
        assert_eq!(d[0].line, 2);
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].to, page("x.md", None));
    }

    // ------------------------------------------------------------ corpus

    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut HashSet<String>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if let Ok(rel) = p.strip_prefix(root) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if rel.ends_with(".md") || rel.ends_with(".yml") {
                    out.insert(rel);
                }
            }
        }
    }

    #[test]
    fn corpus_redirection_file() {
        let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(repo) = [
            here.join("../shared/corpus/m365-nl-NL"),
            here.join("../../shared/corpus/m365-nl-NL"),
        ]
        .into_iter()
        .find(|p| p.join(F).is_file()) else {
            // In CI (as tests/common's `in_ci`) the corpus must be there.
            assert!(
                !(std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
                    || std::env::var_os("TOLK_REQUIRE_BROWSER").is_some_and(|v| v == "1")),
                "corpus required in CI but ../shared/corpus/m365-nl-NL/{F} is missing"
            );
            println!("skipped: ../shared/corpus/m365-nl-NL/{F} not found");
            return;
        };
        let text = String::from_utf8_lossy(&std::fs::read(repo.join(F)).unwrap()).into_owned();
        let (rs, d) = parse(F, &text);
        let mut by_code: std::collections::BTreeMap<&str, usize> = Default::default();
        for d in &d {
            *by_code.entry(d.code.name()).or_default() += 1;
        }
        println!("entries: {}; parse diagnostics: {by_code:?}", rs.len());
        assert!(d.iter().all(|d| !d.is_error()), "{d:?}");
        assert!(rs.len() > 500);

        let docset = repo.join("microsoft-365");
        let mut ps = HashSet::new();
        walk(&docset, &docset, &mut ps);
        let cands = vec![
            "/microsoft-365/".to_string(),
            "https://docs.microsoft.com/microsoft-365/".to_string(),
        ];
        let (planned, skipped, d) = plan(&rs, F, "microsoft-365/", &cands, &ps);
        let mut by_code: std::collections::BTreeMap<&str, usize> = Default::default();
        for d in &d {
            *by_code.entry(d.code.name()).or_default() += 1;
        }
        let to_pages = planned
            .iter()
            .filter(|p| matches!(p.to, RedirectTarget::Page { .. }))
            .count();
        println!(
            "planned for microsoft-365/: {} ({} to pages, {} to URLs); skipped outside the docset: {skipped}; diagnostics: {by_code:?}",
            planned.len(),
            to_pages,
            planned.len() - to_pages
        );
        for d in d.iter().filter(|d| d.code == "circular-redirection") {
            println!("  line {}: {}", d.line, d.message);
        }
        let unresolved_here: Vec<_> = planned
            .iter()
            .filter_map(|p| match &p.to {
                RedirectTarget::Url(u) if u.to_lowercase().contains("/microsoft-365/") => {
                    Some(u.as_str())
                }
                _ => None,
            })
            .collect();
        let not_security = unresolved_here
            .iter()
            .filter(|u| !u.contains("/security/"))
            .count();
        println!(
            "URL targets naming the docset: {} ({} outside the absent security/ folder), e.g. {:?}",
            unresolved_here.len(),
            not_security,
            unresolved_here
                .iter()
                .filter(|u| !u.contains("/security/"))
                .take(5)
                .collect::<Vec<_>>()
        );
        assert!(d.iter().all(|d| !d.is_error()));
        assert!(!planned.is_empty());
    }
}
