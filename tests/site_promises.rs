//! Every promise of a built site, checked end to end on the sample site
//! (`content/`) built by the real binary. Each expectation is derived from the
//! input by a route of its own (the redirection JSON, the toc.yml files parsed
//! here with serde_yaml, the source pages and their `monikerRange` read here),
//! never from tolk's own model of the docset.

mod common;
use common::*;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const LOCALES: [(&str, &str); 2] = [("nl-nl", "nl-NL"), ("en-us", "en-US")];
const ENVS: [&str; 3] = ["lantern-global", "lantern-sovereign", "lantern-edu"];
const BASE: &str = "https://docs.example.org/";

fn build_sample_into(src: &Path, out: &Path) {
    tolk()
        .args(["build", "-q"])
        .arg(src)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

fn sample() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    build_sample_into(&repo().join("content"), &out);
    (t, out)
}

fn redirections() -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(&read(
        &repo().join("content/.openpublishing.redirection.json"),
    ))
    .unwrap();
    let list: Vec<(String, String)> = v["redirections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["source_path"].as_str().unwrap().to_string(),
                r["redirect_url"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(list.len() >= 3, "the sample keeps at least three redirects");
    list
}

fn html_path(md: &str) -> String {
    let stem = md
        .strip_suffix(".md")
        .or_else(|| md.strip_suffix(".yml"))
        .unwrap_or(md);
    format!("{stem}.html")
}

/// Where a redirection leads in a variant, worked out from the JSON alone:
/// a full URL as written; otherwise the page the target names, relative to
/// the source's folder (`create-workspace` → `get-started/create-workspace.html`).
fn redirect_target(loc: &str, env: &str, source: &str, target: &str) -> String {
    if target.starts_with("http://") || target.starts_with("https://") {
        return target.to_string();
    }
    let dir = source.rsplit_once('/').map_or("", |(d, _)| d);
    let rel = if dir.is_empty() {
        target.to_string()
    } else {
        format!("{dir}/{target}")
    };
    format!("/{loc}/{env}/{}", html_path(&format!("{rel}.md")))
}

#[test]
fn every_redirect_has_a_stub_in_every_variant() {
    let (_t, out) = sample();
    let refresh =
        regex::Regex::new(r#"<meta http-equiv="refresh" content="0; url=([^"]+)">"#).unwrap();
    for (loc, _) in LOCALES {
        for env in ENVS {
            for (source, target) in redirections() {
                let stub = out.join(loc).join(env).join(html_path(&source));
                let html = read(&stub);
                let at = stub.display();
                let want = redirect_target(loc, env, &source, &target);
                let url = refresh
                    .captures(&html)
                    .unwrap_or_else(|| panic!("{at}: no meta refresh"))[1]
                    .to_string();
                if want.starts_with("http") {
                    assert_eq!(url, want, "{at}");
                } else {
                    // Relative to the stub, and leading to a built page.
                    assert!(url.ends_with(&want), "{at}: refresh {url}, want {want}");
                    assert!(
                        stub.parent().unwrap().join(&url).is_file(),
                        "{at}: {url} leads nowhere"
                    );
                }
                assert!(
                    html.contains("<link rel=\"canonical\" href=\"")
                        && html.contains(&format!("{want}\">")),
                    "{at}: no canonical link to {want}"
                );
                assert!(
                    html.contains(&format!("<a href=\"{url}\">")),
                    "{at}: no visible link to {url}"
                );
                assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
            }
        }
    }
}

#[test]
fn redirects_file_has_one_line_per_redirect_and_variant() {
    let (_t, out) = sample();
    let text = read(&out.join("_redirects"));
    let mut got = BTreeSet::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            f.len(),
            3,
            "_redirects line {line:?} is not `from to status`"
        );
        assert_eq!(f[2], "301", "{line}");
        assert!(
            got.insert((f[0].to_string(), f[1].to_string())),
            "{line} twice"
        );
    }
    let mut want = BTreeSet::new();
    for (loc, _) in LOCALES {
        for env in ENVS {
            for (source, target) in redirections() {
                want.insert((
                    format!("/{loc}/{env}/{}", html_path(&source)),
                    redirect_target(loc, env, &source, &target),
                ));
            }
        }
    }
    assert_eq!(got, want);
}

/// The environments a page's `monikerRange` admits (`a || =b`), all without one.
fn admitted(page: &Path, env: &str) -> bool {
    let text = read(page);
    let Some(fm) = text
        .strip_prefix("---\n")
        .and_then(|r| r.split("\n---").next())
    else {
        return true;
    };
    let v: serde_yaml::Value = serde_yaml::from_str(fm).unwrap();
    match v.get("monikerRange").and_then(|r| r.as_str()) {
        None => true,
        Some(r) => r
            .split("||")
            .any(|m| m.trim().trim_start_matches('=').trim() == env),
    }
}

/// A TOC node as the test reads it: a link's page (relative to the variant
/// root) or `§` for a group without a page, then its children.
#[derive(Debug, PartialEq)]
struct Node(String, Vec<Node>);

fn md_toc(dir: &str, text: &str) -> Vec<Node> {
    // `# [name](href)` or `# name`; the number of `#` is the depth.
    let re = regex::Regex::new(r"^(#+)\s+(?:\[[^\]]*\]\(([^)]*)\)|.*)$").unwrap();
    let mut stack: Vec<(usize, Vec<Node>)> = vec![(0, Vec::new())];
    for line in text.lines() {
        let Some(c) = re.captures(line) else { continue };
        let depth = c[1].len();
        while stack.len() > 1 && stack.last().unwrap().0 >= depth {
            let (_, kids) = stack.pop().unwrap();
            stack.last_mut().unwrap().1.last_mut().unwrap().1 = kids;
        }
        let label = c
            .get(2)
            .map(|h| html_path(&format!("{dir}{}", h.as_str())))
            .unwrap_or_else(|| "§".into());
        stack.last_mut().unwrap().1.push(Node(label, Vec::new()));
        stack.push((depth, Vec::new()));
    }
    while stack.len() > 1 {
        let (_, kids) = stack.pop().unwrap();
        stack.last_mut().unwrap().1.last_mut().unwrap().1 = kids;
    }
    stack.pop().unwrap().1
}

fn yml_toc(dir: &str, items: &serde_yaml::Value) -> Vec<Node> {
    let content = repo().join("content");
    let mut v = Vec::new();
    for it in items.as_sequence().unwrap() {
        let href = it.get("href").and_then(|h| h.as_str());
        let topic = it.get("topicHref").and_then(|h| h.as_str());
        let mut kids = match it.get("items") {
            Some(i) => yml_toc(dir, i),
            None => Vec::new(),
        };
        let mut label = "§".to_string();
        match href {
            Some(h) if h.ends_with("toc.yml") || h.ends_with("TOC.md") => {
                let sub = format!("{dir}{h}");
                let sub_dir = match sub.rfind('/') {
                    Some(i) => sub[..=i].to_string(),
                    None => String::new(),
                };
                let text = read(&content.join(&sub));
                kids = if h.ends_with(".md") {
                    md_toc(&sub_dir, &text)
                } else {
                    yml_toc(&sub_dir, &serde_yaml::from_str(&text).unwrap())
                };
            }
            Some(h) => label = html_path(&format!("{dir}{h}")),
            None => {}
        }
        if let Some(t) = topic {
            label = html_path(&format!("{dir}{t}"));
        }
        v.push(Node(label, kids));
    }
    v
}

/// The source tree for one environment: pages it does not admit go, and so
/// do groups left without children.
fn prune(nodes: Vec<Node>, env: &str) -> Vec<Node> {
    let content = repo().join("content");
    nodes
        .into_iter()
        .filter_map(|Node(label, kids)| {
            let had_kids = !kids.is_empty();
            let kids = prune(kids, env);
            if label != "§" {
                let src = content.join(label.replace(".html", ".md"));
                if src.is_file() && !admitted(&src, env) {
                    return None;
                }
            } else if had_kids && kids.is_empty() {
                return None;
            }
            Some(Node(label, kids))
        })
        .collect()
}

/// The TOC tree of a built `_toc/toc.js`.
fn built_toc(js: &str) -> Vec<Node> {
    let html = js
        .split("html:\"")
        .nth(1)
        .and_then(|s| s.split("\".split(").next())
        .expect("toc.js holds an html string")
        .replace("\\\"", "\"");
    // A page: its link (maybe with `lang`); a group without a page: a
    // summary holding its label (a linked node's summary holds only a
    // visually hidden copy of its label, beside the link).
    let re = regex::Regex::new(
        r#"<ul>|</ul>|<a href="\{ROOT\}([^"]*)"[^>]*>|<summary>(?:<span(?: lang="[^"]*")?>)?([^<]*)(?:</span>)?</summary>"#,
    )
    .unwrap();
    let mut stack: Vec<Vec<Node>> = vec![Vec::new()];
    for c in re.captures_iter(&html) {
        match &c[0] {
            "<ul>" => stack.push(Vec::new()),
            "</ul>" => {
                let kids = stack.pop().unwrap();
                match stack.last_mut().unwrap().last_mut() {
                    Some(parent) => parent.1 = kids,
                    None => *stack.last_mut().unwrap() = kids,
                }
            }
            _ => {
                let label = c.get(1).map_or("§".to_string(), |m| m.as_str().to_string());
                stack.last_mut().unwrap().push(Node(label, Vec::new()));
            }
        }
    }
    assert_eq!(stack.len(), 1, "unbalanced <ul> in the TOC");
    stack.pop().unwrap()
}

#[test]
fn toc_order_and_nesting_follow_the_toc_files_in_every_variant() {
    let (_t, out) = sample();
    let root: serde_yaml::Value =
        serde_yaml::from_str(&read(&repo().join("content/toc.yml"))).unwrap();
    let source = || yml_toc("", &root);
    // Sanity: the source tree has depth and several siblings, so a reversed
    // or flattened TOC cannot match it.
    assert!(source()[0].1.len() >= 4);
    for (loc, _) in LOCALES {
        for env in ENVS {
            let want = prune(source(), env);
            let got = built_toc(&read(&out.join(loc).join(env).join("_toc/toc.js")));
            assert_eq!(got, want, "{loc}/{env}: TOC differs from the toc files");
        }
    }
}

/// The content pages of one environment, from the source folder: Markdown
/// and YAML pages outside includes, TOCs and configuration.
fn source_pages(env: &str) -> BTreeSet<String> {
    let content = repo().join("content");
    let mut v = BTreeSet::new();
    for e in walkdir::WalkDir::new(&content).into_iter().flatten() {
        let rel = e.path().strip_prefix(&content).unwrap();
        let rel_s = rel.to_string_lossy().replace('\\', "/");
        let name = e.file_name().to_string_lossy().to_string();
        let skip = !e.file_type().is_file()
            || !(name.ends_with(".md") || name.ends_with(".yml"))
            || rel_s.split('/').any(|p| {
                p == "includes" || p == "locales" || p == "breadcrumb" || p == "tolk-labels"
            })
            || name.eq_ignore_ascii_case("toc.yml")
            || name.eq_ignore_ascii_case("toc.md")
            || ["tolk.yml", "zone-pivot-groups.yml"].contains(&name.as_str());
        if skip || (name.ends_with(".md") && !admitted(e.path(), env)) {
            continue;
        }
        v.insert(html_path(&rel_s));
    }
    v
}

#[test]
fn sitemap_lists_every_page_of_every_variant_and_nothing_else() {
    let (_t, out) = sample();
    let xml = read(&out.join("sitemap.xml"));
    let re = regex::Regex::new(r"<url><loc>([^<]*)</loc>(.*?)</url>").unwrap();
    let mut got = BTreeSet::new();
    for c in re.captures_iter(&xml) {
        assert!(got.insert(c[1].to_string()), "{} listed twice", &c[1]);
        // Each entry names both language versions of its page.
        let rel = c[1]
            .strip_prefix(BASE)
            .and_then(|r| r.split_once('/'))
            .unwrap()
            .1;
        for (loc, tag) in LOCALES {
            assert!(
                c[2].contains(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{tag}\" href=\"{BASE}{loc}/{rel}\"/>"
                )),
                "{}: no {tag} alternate",
                &c[1]
            );
        }
    }
    let mut want = BTreeSet::new();
    for (loc, _) in LOCALES {
        for env in ENVS {
            for p in source_pages(env) {
                want.insert(format!("{BASE}{loc}/{env}/{p}"));
            }
        }
    }
    assert!(want.len() >= 60, "{} pages", want.len());
    assert_eq!(got, want);
}

#[test]
fn every_page_names_its_language_versions_and_itself_as_canonical() {
    let (_t, out) = sample();
    for env in ENVS {
        for p in source_pages(env) {
            for (loc, tag) in LOCALES {
                let html = read(&out.join(loc).join(env).join(&p));
                let own = format!("{BASE}{loc}/{env}/{p}");
                assert!(
                    html.contains(&format!("<html lang=\"{tag}\"")),
                    "{own}: lang"
                );
                assert!(
                    html.contains(&format!("<link rel=\"canonical\" href=\"{own}\">")),
                    "{own}: canonical"
                );
                for (l2, t2) in LOCALES {
                    assert!(
                        html.contains(&format!(
                            "<link rel=\"alternate\" hreflang=\"{t2}\" href=\"{BASE}{l2}/{env}/{p}\">"
                        )),
                        "{own}: no {t2} alternate"
                    );
                    assert!(out.join(l2).join(env).join(&p).is_file());
                }
            }
        }
    }
}

#[test]
fn not_found_pages_exist_per_locale_and_lead_home() {
    let (_t, out) = sample();
    let cases = [
        (PathBuf::from("404.html"), "en-US"),
        (PathBuf::from("nl-nl/404.html"), "nl-NL"),
        (PathBuf::from("en-us/404.html"), "en-US"),
    ];
    let re = regex::Regex::new(r#"<main[^>]*>.*<a [^>]*href="([^"]+)"[^>]*>"#).unwrap();
    for (rel, tag) in cases {
        let html = read(&out.join(&rel));
        assert!(html.contains(&format!("<html lang=\"{tag}\"")), "{rel:?}");
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
        let home = re
            .captures(&html.replace('\n', " "))
            .unwrap_or_else(|| panic!("{rel:?}: no link home"))[1]
            .to_string();
        // Root-relative (404 pages work at any depth on a host) or relative.
        let target = match home.strip_prefix('/') {
            Some(r) => out.join(r),
            None => out.join(rel.parent().unwrap()).join(&home),
        };
        assert!(target.is_file(), "{rel:?}: home link {home} leads nowhere");
    }
    // The English page is in English, the Dutch one in Dutch.
    assert_ne!(
        read(&out.join("nl-nl/404.html")).split("<h1>").nth(1),
        read(&out.join("en-us/404.html")).split("<h1>").nth(1)
    );
}

fn search_index(out: &Path, variant: &str) -> Value {
    let text = read(&out.join(variant).join("_search/index.js"));
    serde_json::from_str(
        text.trim()
            .strip_prefix("window.TOLK_SEARCH = ")
            .and_then(|s| s.strip_suffix(';'))
            .unwrap(),
    )
    .unwrap()
}

#[test]
fn search_index_holds_every_page_of_its_variant_and_their_words() {
    let (_t, out) = sample();
    for (loc, tag) in LOCALES {
        for env in ENVS {
            let v = search_index(&out, &format!("{loc}/{env}"));
            assert_eq!(v["locale"], tag);
            let docs: BTreeSet<String> = v["docs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d[0].as_str().unwrap().to_string())
                .collect();
            assert_eq!(docs, source_pages(env), "{loc}/{env}: indexed pages");
            let terms: Vec<&str> = v["terms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            // Words of admin/audit-log.md in each language.
            let words: &[&str] = if loc == "nl-nl" {
                &["auditlogboek", "exporteer"]
            } else {
                &["audit", "export"]
            };
            for w in words {
                assert!(
                    terms.iter().any(|t| w.starts_with(t) && t.len() >= 4),
                    "{loc}/{env}: no term for {w}"
                );
            }
        }
    }
}

fn node_hits(out: &Path, variant: &str, q: &str) -> Vec<String> {
    let index = out.join(variant).join("_search/index.js");
    let js = out.join("_tolk/search.js");
    let script = format!(
        r#"globalThis.window = globalThis;
const fs = require('fs');
(0, eval)(fs.readFileSync({index:?}, 'utf8'));
(0, eval)(fs.readFileSync({js:?}, 'utf8'));
console.log(JSON.stringify(window.tolkSearch.search(window.TOLK_SEARCH, {q:?}).hits.map(h => h.href)));"#
    );
    let run = Command::new("node").arg("-e").arg(script).output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).unwrap()
}

#[test]
fn a_query_per_locale_finds_its_page_through_search_js() {
    if Command::new("node").arg("--version").output().is_err() {
        if std::env::var_os("TOLK_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
            panic!("node required (TOLK_REQUIRE_BROWSER=1) but it is not installed");
        }
        println!("SKIPPED: node is not installed");
        return;
    }
    let (_t, out) = sample();
    let first = |variant: &str, q: &str| node_hits(&out, variant, q).into_iter().next();
    assert_eq!(
        first("nl-nl/lantern-global", "auditlogboek").as_deref(),
        Some("admin/audit-log.html")
    );
    assert_eq!(
        first("en-us/lantern-global", "audit log").as_deref(),
        Some("admin/audit-log.html")
    );
    // A page of one environment is not found in another.
    let sharing = "admin/global-sharing.html".to_string();
    assert!(node_hits(&out, "nl-nl/lantern-global", "openbaar").contains(&sharing));
    assert!(!node_hits(&out, "nl-nl/lantern-edu", "openbaar").contains(&sharing));
}

/// Every file of a tree with its bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_failing_build_that_would_change_every_page_leaves_every_byte() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("docs");
    copy_dir(&repo().join("content"), &src);
    let out = t.path().join("site");
    build_sample_into(&src, &out);
    let before = tree(&out);

    // A new site title changes every page.
    let cfg =
        read(&src.join("tolk.yml")).replace("siteTitle: Lantern Docs", "siteTitle: Lantern Manual");
    std::fs::write(src.join("tolk.yml"), &cfg).unwrap();
    // Proof that it would: built elsewhere, every page differs.
    let other = t.path().join("other");
    build_sample_into(&src, &other);
    let changed = tree(&other);
    let mut pages = 0;
    for (rel, bytes) in &before {
        if rel.extension().is_some_and(|e| e == "html") && !rel.starts_with("_toc") {
            let html = String::from_utf8_lossy(bytes);
            if html.contains("http-equiv=\"refresh\"") || !html.contains("Lantern Docs") {
                continue;
            }
            let new = changed.iter().find(|(r, _)| r == rel).expect("page kept");
            assert_ne!(&new.1, bytes, "{} would not change", rel.display());
            pages += 1;
        }
    }
    assert!(pages >= 60, "only {pages} pages carry the title");

    // Now break one page: an include of itself is an error.
    let page = src.join("support.md");
    let text = read(&page) + "\n[!INCLUDE [me](support.md)]\n";
    std::fs::write(&page, text).unwrap();
    build_quiet(&src, &out).code(1);
    let after = tree(&out);
    assert_eq!(
        before.iter().map(|f| &f.0).collect::<Vec<_>>(),
        after.iter().map(|f| &f.0).collect::<Vec<_>>(),
        "the failed build changed the set of files"
    );
    for (a, b) in before.iter().zip(&after) {
        assert!(a.1 == b.1, "{} changed by a failed build", a.0.display());
    }
}

#[test]
fn corpus_builds_are_byte_identical() {
    let Some(corpus) = corpus() else {
        println!("SKIPPED: ../shared/corpus is not beside the repository");
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    for out in [&a, &b] {
        tolk()
            .args(["build", "-q"])
            .arg(&corpus)
            .arg("--out")
            .arg(out)
            .assert()
            .success();
    }
    assert_same_tree(&a, &b);

    // The search-size budget (README: under 2 MB gzip per variant), on the
    // real corpus rather than a synthetic set.
    const BUDGET: usize = 2 * 1024 * 1024;
    let mut checked = 0;
    for loc in ["nl-nl", "en-us"] {
        for e in std::fs::read_dir(a.join(loc)).unwrap().flatten() {
            let index = e.path().join("_search/index.js");
            if !index.is_file() {
                continue;
            }
            let gz = match Command::new("gzip").arg("-9c").arg(&index).output() {
                Ok(o) if o.status.success() => o.stdout.len(),
                _ => {
                    if std::env::var_os("TOLK_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
                        panic!("gzip required (TOLK_REQUIRE_BROWSER=1) but it did not run");
                    }
                    println!("SKIPPED (size budget): gzip did not run");
                    return;
                }
            };
            assert!(gz < BUDGET, "{}: {gz} bytes gzip", index.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 6, "six variant indexes");
}

/// Comparison operators in moniker ranges (`<`, `<=`, `>`, `>=`), on pages
/// and on blocks, against monikers listed out of order in monikers.json
/// (their `order` field ranks them). Expected membership written out by hand.
#[test]
fn comparison_ranges_select_by_moniker_order() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    build_sample_into(&repo().join("tests/fixtures/ranges"), &out);
    let cases: [(&str, &[&str], &[&str]); 3] = [
        ("app-v1", &["index", "le", "lt"], &["LEBLOCK", "LTBLOCK"]),
        ("app-v2", &["index", "le", "ge"], &["LEBLOCK", "GEBLOCK"]),
        ("app-v3", &["index", "ge", "gt"], &["GEBLOCK", "GTBLOCK"]),
    ];
    for (env, pages, blocks) in cases {
        let dir = out.join("en-us").join(env);
        for p in ["index", "le", "lt", "ge", "gt"] {
            assert_eq!(
                dir.join(format!("{p}.html")).is_file(),
                pages.contains(&p),
                "{env}: page {p}"
            );
        }
        let html = read(&dir.join("index.html"));
        for b in ["LEBLOCK", "LTBLOCK", "GEBLOCK", "GTBLOCK"] {
            assert_eq!(html.contains(b), blocks.contains(&b), "{env}: block {b}");
        }
    }
}

/// The Learn layout: the redirection file at the root of the repository
/// (marked by `.openpublishing.publish.config.json`), sources named from
/// there. Each stub sits where the old page was and its refresh leads to a
/// page the build wrote, following chains and relative URLs; an external
/// URL is kept as written.
#[test]
fn redirect_stubs_of_a_learn_repository_lead_to_built_pages() {
    let t = tempfile::tempdir().unwrap();
    let repo_dir = t.path().join("repo");
    copy_dir(&repo().join("tests/fixtures/redirect-repo"), &repo_dir);
    let out = t.path().join("site");
    build_sample_into(&repo_dir.join("docs"), &out);
    let refresh = regex::Regex::new(r#"http-equiv="refresh" content="0; url=([^"]+)""#).unwrap();
    let variants: Vec<PathBuf> = ["nl-nl", "en-us"]
        .iter()
        .flat_map(|l| {
            std::fs::read_dir(out.join(l))
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|e| e.path())
        .filter(|p| p.join("start.html").is_file())
        .collect();
    assert!(!variants.is_empty(), "no variant holds start.html");
    let cases = [
        ("old-start.html", Some("start.html")),
        ("guides/old-setup.html", Some("guides/setup.html")),
        ("older-start.html", Some("start.html")),
        // A ten-letter locale segment is dropped like a five-letter one.
        ("old-start-tw.html", Some("start.html")),
        // A later `//` in a site-absolute URL is no host.
        ("old-start-slash.html", Some("start.html")),
        ("retired.html", None),
        ("moved-away.html", None),
    ];
    for v in &variants {
        for (stub, page) in cases {
            let path = v.join(stub);
            let html = read(&path);
            let url = refresh
                .captures(&html)
                .unwrap_or_else(|| panic!("{}: no refresh", path.display()))[1]
                .to_string();
            match page {
                Some(p) => {
                    let target = path.parent().unwrap().join(url.split('#').next().unwrap());
                    assert!(
                        target.is_file()
                            && target.canonicalize().unwrap() == v.join(p).canonicalize().unwrap(),
                        "{}: refresh to {url}, not to {p}",
                        path.display()
                    );
                }
                // Outside the docset: kept as written.
                None => assert!(
                    [
                        "https://archive.example.org/retired",
                        "/elsewhere/docs/start"
                    ]
                    .contains(&url.as_str()),
                    "{}: refresh to {url}",
                    path.display()
                ),
            }
        }
    }
}
