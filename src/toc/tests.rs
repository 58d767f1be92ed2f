//! Tests of TOC parsing, nesting, page assignment and projection, on
//! real-shaped input and the corpus.

use super::*;
use std::collections::{BTreeMap, HashSet};

fn page(p: &str) -> TocTarget {
    TocTarget::Page {
        path: p.into(),
        anchor: None,
    }
}

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code.name()).collect()
}

fn parse_ok(path: &str, text: &str) -> (Toc, Vec<Diagnostic>) {
    let (t, d) = parse(path, text);
    (t.expect("parsed"), d)
}

#[test]
fn yaml_hrefs_are_resolved_against_the_toc_folder() {
    let text = "\
- name: Home
  href: index.md
  expanded: true
- name: Setup
  items:
    - name: Plan
      href: setup/plan%20it.md#step-1
    - name: Up
      href: ../commerce/buy.md?toc=/x/toc.json&bc=/y
    - name: Root
      href: ~/business/set-up.md
    - name: Teams
      href: /microsoftteams/foo?bc=%2fx
    - name: Web
      href: 'https://support.microsoft.com/training'
    - name: Spaced
      href: ' space d.md '
";
    let (toc, d) = parse_ok("admin/TOC.yml", text);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(toc.path, "admin/TOC.yml");
    let home = &toc.items[0];
    assert_eq!(home.target, page("admin/index.md"));
    assert!(home.expanded);
    assert_eq!(home.line, 1);
    let setup = &toc.items[1];
    assert_eq!(setup.target, TocTarget::None);
    assert_eq!(setup.line, 4);
    let t: Vec<_> = setup
        .items
        .iter()
        .map(|n| (n.target.clone(), n.line))
        .collect();
    assert_eq!(
        t,
        vec![
            (
                TocTarget::Page {
                    path: "admin/setup/plan it.md".into(),
                    anchor: Some("step-1".into())
                },
                6
            ),
            (page("commerce/buy.md"), 8),
            (page("business/set-up.md"), 10),
            (
                TocTarget::External("/microsoftteams/foo?bc=%2fx".into()),
                12
            ),
            (
                TocTarget::External("https://support.microsoft.com/training".into()),
                14
            ),
            (page("admin/space d.md"), 16),
        ]
    );
    assert!(toc.items.iter().all(|n| n.file == "admin/TOC.yml"));
}

#[test]
fn yaml_map_form_and_odd_nodes() {
    let text = "\
metadata:
  layout: x
items:
- href: no-name.md
- just a string
- name: 42
  displayName: Home
  href: a.md
  uid: ignored
- name: ByUid
  topicUid: some.uid
- name: Home page
  homepage: home.md
- name: Empty group
  items:
";
    let (toc, d) = parse_ok("x/toc.yml", text);
    assert_eq!(
        codes(&d),
        vec!["toc-missing-name", "toc-invalid-syntax"],
        "{d:?}"
    );
    assert_eq!(d[0].line, 4);
    assert_eq!(toc.items.len(), 5);
    assert_eq!(toc.items[0].name, "");
    assert_eq!(toc.items[0].target, page("x/no-name.md"));
    assert_eq!(toc.items[1].name, "42");
    assert_eq!(toc.items[1].line, 6);
    assert_eq!(
        toc.items[2].target,
        TocTarget::External("xref:some.uid".into())
    );
    assert_eq!(toc.items[3].target, page("x/home.md"));
    assert_eq!(toc.items[4].line, 14);
    assert!(toc.items[4].items.is_empty());
}

#[test]
fn yaml_lines_for_flow_and_dash_on_its_own_line() {
    let text = "\
- {name: A, href: a.md}
-
  name: B
  items:
  - \"name\": C
    href: c.md
";
    let (toc, d) = parse_ok("toc.yml", text);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(toc.items[0].line, 1);
    assert_eq!(toc.items[1].line, 3);
    assert_eq!(toc.items[1].items[0].line, 5);
}

#[test]
fn empty_and_bom_files() {
    let (t, d) = parse("toc.yml", "");
    assert_eq!(t.unwrap().items, vec![]);
    assert!(d.is_empty());
    let (t, d) = parse("TOC.md", "");
    assert_eq!(t.unwrap().items, vec![]);
    assert!(d.is_empty());
    let (t, _) = parse("toc.yml", "\u{feff}- name: A\n  href: a.md\n");
    assert_eq!(t.unwrap().items[0].target, page("a.md"));
}

#[test]
fn yaml_error_is_located() {
    let (t, d) = parse("a/toc.yml", "- name: A\n  href: a.md\n - name: B\n");
    assert!(t.is_none());
    assert_eq!(codes(&d), vec!["toc-parse-error"]);
    assert!(d[0].is_error());
    assert_eq!(d[0].line, 3, "{d:?}");
    assert!(d[0].column > 0);
}

#[test]
fn href_outside_the_docset() {
    let (toc, d) = parse_ok("a/toc.yml", "- name: X\n  href: ../../x.md\n");
    assert_eq!(codes(&d), vec!["toc-href-outside"]);
    assert_eq!(d[0].line, 1);
    assert_eq!(toc.items[0].target, TocTarget::None);
}

#[test]
fn nested_reference_and_toc_href_kinds() {
    let text = "\
- name: Sub
  href: sub/TOC.yml
  topicHref: sub/index.md
- name: Folder
  href: other/
- name: ByTocHref
  tocHref: third/
  href: third/start.md
- name: Breadcrumb
  tocHref: /bookings/
  topicHref: /microsoft-365/bookings/
- name: Bad
  tocHref: page.md
";
    let (toc, d) = parse_ok("toc.yml", text);
    assert_eq!(codes(&d), vec!["toc-invalid-href"]);
    assert_eq!(d[0].line, 12);
    let n = &toc.items;
    assert_eq!(n[0].target, TocTarget::Nested("sub/TOC.yml".into()));
    assert_eq!(n[0].topic, Some(page("sub/index.md")));
    assert_eq!(n[1].target, TocTarget::Reference("other/toc.yml".into()));
    assert_eq!(n[2].target, TocTarget::Reference("third/toc.yml".into()));
    assert_eq!(n[2].topic, Some(page("third/start.md")));
    assert_eq!(
        n[3].target,
        TocTarget::External("/microsoft-365/bookings/".into())
    );
    assert_eq!(n[3].toc_href.as_deref(), Some("/bookings/"));
    assert_eq!(n[4].target, TocTarget::None);
}

fn tocs(files: &[(&str, &str)]) -> BTreeMap<String, Toc> {
    files
        .iter()
        .map(|(p, t)| (p.to_string(), parse(p, t).0.unwrap()))
        .collect()
}

#[test]
fn nesting_is_spliced_recursively() {
    let map = tocs(&[
            (
                "toc.yml",
                "- name: Sub\n  href: sub/toc.yml\n  topicHref: sub/index.md\n- name: Ref\n  href: ref/\n",
            ),
            (
                "sub/TOC.yml",
                "- name: A\n  href: a.md\n- name: Deeper\n  href: deep/toc.md\n",
            ),
            ("sub/deep/TOC.md", "# [D](d.md)\n"),
            ("ref/toc.yml", "- name: G\n  items:\n  - name: R1\n    href: r1.md\n"),
        ]);
    let (res, d) = resolve_nested(&map);
    assert!(d.is_empty(), "{d:?}");
    let root = &res["toc.yml"];
    let sub = &root.items[0];
    assert_eq!(sub.target, page("sub/index.md"));
    assert_eq!(sub.topic, None);
    assert_eq!(sub.items[0].target, page("sub/a.md"));
    assert_eq!(sub.items[0].file, "sub/TOC.yml");
    assert_eq!(sub.items[1].target, TocTarget::None);
    assert_eq!(sub.items[1].items[0].target, page("sub/deep/d.md"));
    assert_eq!(sub.items[1].items[0].file, "sub/deep/TOC.md");
    assert_eq!(root.items[1].target, page("ref/r1.md"));
    assert!(root.items[1].items.is_empty());
    // every TOC is resolved on its own too
    assert_eq!(res["sub/TOC.yml"].items[1].items.len(), 1);
}

#[test]
fn nesting_cycles_and_missing_files() {
    let map = tocs(&[
            ("a/toc.yml", "- name: B\n  href: ../b/toc.yml\n- name: Gone\n  href: gone/toc.yml\n- name: GoneRef\n  href: nowhere/\n"),
            ("b/toc.yml", "- name: X\n  href: x.md\n- name: A\n  href: ../a/toc.yml\n"),
        ]);
    let (res, d) = resolve_nested(&map);
    let mut c = codes(&d);
    c.sort();
    assert_eq!(
        c,
        vec![
            "toc-circular-reference",
            "toc-circular-reference",
            "toc-not-found",
            "toc-not-found"
        ],
        "{d:?}"
    );
    assert!(d
        .iter()
        .filter(|d| d.code == "toc-circular-reference")
        .all(|d| d.is_error()));
    let a = &res["a/toc.yml"];
    assert_eq!(a.items[0].items[0].target, page("b/x.md"));
    // the cycle is cut: A inside B inside A has no children
    assert_eq!(a.items[0].items[1].target, TocTarget::None);
    assert!(a.items[0].items[1].items.is_empty());
    assert_eq!(a.items[1].target, TocTarget::None);
}

#[test]
fn toc_md_lines_of_one_character_lines() {
    // A line of one character (a stray `x`, an empty `#` heading) is still
    // reported on its own line, not the next one.
    let text = "# [A](a.md)\nx\n\n#\n# [B](b.md)\n";
    let (toc, d) = parse_ok("TOC.md", text);
    assert_eq!(
        codes(&d),
        vec!["toc-invalid-syntax", "toc-missing-name"],
        "{d:?}"
    );
    assert_eq!(d.iter().map(|d| d.line).collect::<Vec<_>>(), [2, 4]);
    let lines: Vec<u32> = toc.items.iter().map(|n| n.line).collect();
    assert_eq!((lines.first(), lines.last()), (Some(&1), Some(&5)));
}

#[test]
fn toc_md_headings_levels_and_syntax() {
    let text = "\
---
title: x
---
<!-- a comment -->
# [Overview](overview.md)
## [Child](sub/child.md#part)
#### [Skipped](skip.md)
## Group
### [Spaced](a b.md)
Some stray paragraph.
# @some.uid
# [One](one.md) and text
";
    let (toc, d) = parse_ok("admin/TOC.md", text);
    assert_eq!(
        codes(&d),
        vec![
            "toc-invalid-level",
            "toc-invalid-syntax",
            "toc-invalid-syntax"
        ],
        "{d:?}"
    );
    assert_eq!(
        d.iter().map(|d| d.line).collect::<Vec<_>>(),
        vec![7, 10, 12]
    );
    assert_eq!(toc.items.len(), 3);
    let o = &toc.items[0];
    assert_eq!((o.name.as_str(), o.line), ("Overview", 5));
    assert_eq!(o.target, page("admin/overview.md"));
    assert_eq!(o.items.len(), 2);
    assert_eq!(
        o.items[0].target,
        TocTarget::Page {
            path: "admin/sub/child.md".into(),
            anchor: Some("part".into())
        }
    );
    assert_eq!(o.items[0].items[0].target, page("admin/skip.md"));
    assert_eq!(o.items[1].name, "Group");
    assert_eq!(o.items[1].target, TocTarget::None);
    assert_eq!(o.items[1].items[0].target, page("admin/a b.md"));
    assert_eq!(o.items[1].items[0].name, "Spaced");
    assert_eq!(
        toc.items[1].target,
        TocTarget::External("xref:some.uid".into())
    );
    assert_eq!(toc.items[2].target, page("admin/one.md"));
}

#[test]
fn toc_md_comments_html_and_titles() {
    let text = "<!--\nmulti-line\ncomment\n-->\n# [A](a.md \"title\")\n\n<div>x</div>\n\n## [B](<b c.md>)\n- a list\n";
    let (toc, d) = parse_ok("TOC.md", text);
    assert_eq!(
        d.iter()
            .map(|d| (d.code.name(), d.line))
            .collect::<Vec<_>>(),
        vec![("toc-invalid-syntax", 7), ("toc-invalid-syntax", 10)]
    );
    assert_eq!(toc.items[0].target, page("a.md"));
    assert_eq!(toc.items[0].items[0].target, page("b c.md"));
    let (_, d) = parse_ok("TOC.md", "## [Deep first](x.md)\n");
    assert_eq!(codes(&d), vec!["toc-invalid-level"]);
}

#[test]
fn assign_pages_prefers_referencing_toc_then_nearest() {
    let map = tocs(&[
        (
            "toc.yml",
            "- name: Index\n  href: index.md\n- name: Shared\n  href: admin/shared.md\n",
        ),
        (
            "admin/toc.yml",
            "- name: Shared\n  href: shared.md\n- name: Far\n  href: ../business/far.md\n",
        ),
        (
            "admin/sub/toc.yml",
            "- name: Shared\n  href: ../shared.md\n",
        ),
        ("nest/toc.yml", "- name: Inner\n  href: inner/toc.yml\n"),
        ("nest/inner/toc.yml", "- name: P\n  href: p.md\n"),
    ]);
    let (res, _) = resolve_nested(&map);
    let pages: Vec<String> = [
        "index.md",
        "admin/shared.md",
        "business/far.md",
        "admin/sub/unlisted.md",
        "business/unlisted.md",
        "nest/inner/p.md",
        "nest/inner/q.md",
        "ADMIN/Shared.md",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let a = assign_pages(&res, &pages);
    assert_eq!(a["index.md"], "toc.yml");
    assert_eq!(a["admin/shared.md"], "admin/toc.yml");
    assert_eq!(a["ADMIN/Shared.md"], "admin/toc.yml");
    assert_eq!(a["business/far.md"], "admin/toc.yml");
    assert_eq!(a["admin/sub/unlisted.md"], "admin/sub/toc.yml");
    assert_eq!(a["business/unlisted.md"], "toc.yml");
    // the nested TOC is part of nest/toc.yml, which wins
    assert_eq!(a["nest/inner/p.md"], "nest/toc.yml");
    assert_eq!(a["nest/inner/q.md"], "nest/toc.yml");
}

#[test]
fn projection_filters_marks_and_expands() {
    let text = "\
- name: A
  href: a.md
- name: Group
  items:
  - name: Missing
    href: missing.md
  - name: Deep
    items:
    - name: C
      href: c.md#x
- name: Empty group
  items:
  - name: Missing too
    href: missing.md
- name: Parent missing
  href: missing.md
  items:
  - name: Kid
    href: kid.md
- name: Web
  href: https://example.com/
";
    let (toc, _) = parse_ok("toc.yml", text);
    let exists = |p: &str| p != "missing.md";
    let label = |n: &TocNode| n.name.to_uppercase();
    let href = |t: &TocTarget| match t {
        TocTarget::Page { path, .. } => Some(path.replace(".md", ".html")),
        TocTarget::External(u) => Some(u.clone()),
        _ => None,
    };
    let nav = project(&toc, &exists, &label, &href, Some("C.md"));
    let labels: Vec<_> = nav.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(labels, vec!["A", "GROUP", "PARENT MISSING", "WEB"]);
    assert_eq!(nav[0].href.as_deref(), Some("a.html"));
    let group = &nav[1];
    assert!(group.expanded);
    assert_eq!(group.items.len(), 1);
    assert!(group.items[0].expanded);
    assert!(group.items[0].items[0].current);
    assert_eq!(group.items[0].items[0].href.as_deref(), Some("c.html"));
    assert!(!nav[0].expanded && !nav[0].current);
    assert_eq!(nav[2].href, None);
    assert_eq!(nav[2].items[0].label, "KID");
    assert_eq!(nav[3].href.as_deref(), Some("https://example.com/"));
    let json = serde_json::to_string(&nav[0]).unwrap();
    assert!(json.contains("\"label\":\"A\""));
}

#[test]
fn path_to_finds_the_breadcrumb_trail() {
    let text = "\
- name: Root
  href: index.md
  items:
  - name: Mid
    items:
    - name: Leaf anchor
      href: leaf.md#a
    - name: Leaf
      href: leaf.md
";
    let (toc, _) = parse_ok("toc.yml", text);
    let names = |v: Vec<&TocNode>| v.iter().map(|n| n.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(path_to(&toc, "leaf.md")), vec!["Root", "Mid", "Leaf"]);
    assert_eq!(
        names(path_to(&toc, "LEAF.md")),
        vec!["Root", "Mid", "Leaf anchor"]
    );
    assert_eq!(names(path_to(&toc, "index.md")), vec!["Root"]);
    assert!(path_to(&toc, "none.md").is_empty());
    let index = BreadcrumbIndex::new(&toc);
    for p in ["leaf.md", "LEAF.md", "index.md", "none.md", "Index.MD"] {
        assert_eq!(
            names(index.path_to(&toc, p)),
            names(path_to(&toc, p)),
            "{p}"
        );
    }
}

#[test]
fn never_panics_on_odd_yaml() {
    for text in [
        "name: only a map\n",
        "42\n",
        "- [a, b]\n- name: x\n  items: notalist\n",
        "- name: x\n  href: 12\n  expanded: 'true'\n",
        "- name:\n  href: ?only=query\n",
        "- name: x\n  href: '#anchor'\n",
        "- name: t\n  href: .\n",
        "---\n- name: a\n---\n- name: b\n",
        "\t- name: tab\n",
    ] {
        let (_t, _d) = parse("toc.yml", text);
    }
}

// ------------------------------------------------------------ corpus

fn corpus_docset() -> Option<std::path::PathBuf> {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        here.join("../shared/corpus/m365-nl-NL/microsoft-365"),
        here.join("../../shared/corpus/m365-nl-NL/microsoft-365"),
    ]
    .into_iter()
    .find(|p| p.join("docfx.json").is_file())
}

fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn corpus_tocs_parse_and_resolve() {
    let Some(root) = corpus_docset() else {
        // In CI (as tests/common's `in_ci`) the corpus must be there.
        assert!(
            !(std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
                || std::env::var_os("TOLK_REQUIRE_BROWSER").is_some_and(|v| v == "1")),
            "corpus required in CI but ../shared/corpus/m365-nl-NL is missing"
        );
        println!("skipped: ../shared/corpus/m365-nl-NL not found");
        return;
    };
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort();
    let toc_files: Vec<&String> = files
        .iter()
        .filter(|f| is_toc_file_name(f.rsplit('/').next().unwrap()))
        .collect();
    let mut map = BTreeMap::new();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &toc_files {
        let text = String::from_utf8_lossy(&std::fs::read(root.join(f)).unwrap()).into_owned();
        let (toc, d) = parse(f, &text);
        for d in &d {
            *by_code.entry(d.code.name()).or_default() += 1;
        }
        let toc = toc.unwrap_or_else(|| panic!("{f} did not parse: {d:?}"));
        // Line numbers: every YAML node's line holds its `name:` key.
        fn check_lines(nodes: &[TocNode], lines: &[&str]) {
            for n in nodes {
                let l = lines[n.line as usize - 1];
                assert!(l.contains("name:"), "{}:{} `{l}`", n.file, n.line);
                check_lines(&n.items, lines);
            }
        }
        if !f.to_lowercase().ends_with(".md") {
            check_lines(&toc.items, &text.lines().collect::<Vec<_>>());
        }
        map.insert(f.to_string(), toc);
    }
    let (res, d) = resolve_nested(&map);
    for d in &d {
        *by_code.entry(d.code.name()).or_default() += 1;
    }
    fn count(nodes: &[TocNode], acc: &mut (usize, usize, usize, Vec<String>)) {
        for n in nodes {
            acc.0 += 1;
            match &n.target {
                TocTarget::Page { path, .. } => acc.3.push(path.clone()),
                TocTarget::External(_) => acc.1 += 1,
                _ => acc.2 += 1,
            }
            count(&n.items, acc);
        }
    }
    let file_set: HashSet<&str> = files.iter().map(String::as_str).collect();
    let lower_set: HashSet<String> = files.iter().map(|f| f.to_lowercase()).collect();
    let (mut nodes, mut missing, mut missing_ci) = (0, 0, 0);
    println!("TOCs: {}", toc_files.len());
    for (k, toc) in &res {
        let mut acc = (0, 0, 0, Vec::new());
        count(&toc.items, &mut acc);
        let miss = acc
            .3
            .iter()
            .filter(|p| !file_set.contains(p.as_str()))
            .count();
        for p in acc.3.iter().filter(|p| !file_set.contains(p.as_str())) {
            println!("    missing: {p}");
        }
        let miss_ci = acc
            .3
            .iter()
            .filter(|p| !lower_set.contains(&p.to_lowercase()))
            .count();
        println!(
                "  {k}: {} nodes ({} pages, {} external, {} groups); {miss} page hrefs to missing files ({miss_ci} ignoring case)",
                acc.0,
                acc.3.len(),
                acc.1,
                acc.2
            );
        nodes += acc.0;
        missing += miss;
        missing_ci += miss_ci;
    }
    println!(
        "total nodes: {nodes}; page hrefs to missing files: {missing} ({missing_ci} ignoring case)"
    );
    println!("diagnostics by code: {by_code:?}");
    assert!(!by_code.contains_key("toc-parse-error"));

    let pages: Vec<String> = files
        .iter()
        .filter(|f| f.ends_with(".md") || f.ends_with(".yml"))
        .filter(|f| !is_toc_file_name(f.rsplit('/').next().unwrap()))
        .filter(|f| !f.contains("/includes/") && !f.starts_with("includes/"))
        .cloned()
        .collect();
    let page_tocs: BTreeMap<String, Toc> = res
        .into_iter()
        .filter(|(k, _)| !k.contains("breadcrumb/"))
        .collect();
    let assigned = assign_pages(&page_tocs, &pages);
    println!("pages: {}, with a TOC: {}", pages.len(), assigned.len());
    assert_eq!(
        assigned
            .get("business-video/get-help-support.md")
            .map(String::as_str),
        Some("business-video/TOC.yml")
    );
    let toc = &page_tocs["business-video/TOC.yml"];
    let trail = path_to(toc, "business-video/get-help-support.md");
    // The index finds the same trail as the walk, for every page of every TOC.
    for (path, toc) in &page_tocs {
        let index = BreadcrumbIndex::new(toc);
        for p in &pages {
            let walk: Vec<*const TocNode> =
                path_to(toc, p).into_iter().map(|n| n as *const _).collect();
            let looked_up: Vec<*const TocNode> = index
                .path_to(toc, p)
                .into_iter()
                .map(|n| n as *const _)
                .collect();
            assert_eq!(walk, looked_up, "{p} in {path}");
        }
    }
    println!(
        "trail of the reference page: {:?}",
        trail.iter().map(|n| n.name.as_str()).collect::<Vec<_>>()
    );
    assert!(!trail.is_empty());
}
