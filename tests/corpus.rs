//! The real corpus (../shared/corpus/m365-nl-NL/microsoft-365) built whole.

mod common;
use common::*;

/// The Markdown pages of `env` in the docset at `root`, as output paths:
/// every `.md` outside `includes/`, `obj/`, `_themes*/`, TOC.md and the root
/// README.md, whose front-matter `monikerRange` (`a || =b`) names `env` or
/// which has none.
fn source_md_pages(root: &std::path::Path, env: &str) -> Vec<String> {
    let range = regex::Regex::new(r#"(?m)^monikerRange:\s*['"]?([^'"\r\n]*)"#).unwrap();
    let mut v = Vec::new();
    for e in walkdir::WalkDir::new(root).into_iter().flatten() {
        let rel = e
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let name = e.file_name().to_string_lossy().to_string();
        if !e.file_type().is_file()
            || !name.ends_with(".md")
            || name.eq_ignore_ascii_case("toc.md")
            || rel == "README.md"
            || rel
                .split('/')
                .any(|p| ["includes", "obj", "_themes", "_themes.pdf"].contains(&p))
        {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        let body = text.trim_start_matches('\u{feff}');
        let front = body
            .strip_prefix("---")
            .and_then(|r| r.split("\n---").next())
            .unwrap_or("");
        let admitted = match range.captures(front) {
            None => true,
            Some(c) => c[1]
                .split("||")
                .any(|m| m.trim().trim_start_matches('=').trim() == env),
        };
        if admitted {
            v.push(format!("{}.html", rel.strip_suffix(".md").unwrap()));
        }
    }
    v
}

#[test]
fn corpus_builds_six_complete_trees() {
    let Some(corpus) = corpus() else {
        println!("SKIPPED: ../shared/corpus is not beside the repository");
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    let o = tolk()
        .args(["build", "--format", "json"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| l.contains("\"error\""))
            .take(20)
            .collect::<Vec<_>>()
            .join("\n")
    );
    let variants = ["o365-worldwide", "o365-21vianet", "o365-germany"];
    for loc in ["nl-nl", "en-us"] {
        for env in variants {
            assert!(out.join(loc).join(env).is_dir(), "{loc}/{env}");
        }
    }
    // Every content page present where its range admits it: pages in the
    // unversioned second entry (contentunderstanding/, knowledge/) and group pages.
    for env in variants {
        assert!(out
            .join("nl-nl")
            .join(env)
            .join("business-video/get-help-support.html")
            .is_file());
        assert!(
            out.join("en-us")
                .join(env)
                .join("knowledge/index.html")
                .is_file()
                || !corpus.join("knowledge/index.md").exists()
        );
    }
    let mut n = 0;
    for f in html_files(&out) {
        assert_no_raw_markup(&f, &read(&f));
        n += 1;
    }
    // Every Markdown page of the source, counted here from the files and
    // their `monikerRange` (not from tolk's docset model), is in each tree
    // its range admits.
    let mut expected = 0;
    for env in variants {
        for page in source_md_pages(&corpus, env) {
            for loc in ["nl-nl", "en-us"] {
                assert!(
                    out.join(loc).join(env).join(&page).is_file(),
                    "{loc}/{env}/{page} missing"
                );
                expected += 1;
            }
        }
    }
    assert!(expected > 6 * 1000, "only {expected} source pages found");
    assert!(n >= expected, "{n} HTML files for {expected} source pages");

    // The reference page: each environment's own sections, each locale its own language.
    let page = |loc: &str, env: &str| {
        read(
            &out.join(loc)
                .join(env)
                .join("business-video/get-help-support.html"),
        )
    };
    let ww = page("en-us", "o365-worldwide");
    let vianet = page("en-us", "o365-21vianet");
    let de = page("en-us", "o365-germany");
    assert!(article(&ww).contains("id=\"online-support\""));
    assert!(!article(&vianet).contains("id=\"online-support\""));
    assert!(article(&vianet).contains("id=\"pre-sales-support\""));
    assert!(!article(&ww).contains("id=\"pre-sales-support\""));
    assert!(
        !article(&de).contains("id=\"pre-sales-support\"")
            && !article(&de).contains("id=\"online-support\"")
    );
    assert!(ww.contains("<title>Get support"), "English title in en-US");
    assert!(!article(&ww).contains("Ondersteuning krijgen"));
    assert!(article(&ww).contains("Get support</h1>"));
    let nl = page("nl-nl", "o365-worldwide");
    assert!(nl.contains("<title>Ondersteuning krijgen"));
    assert!(nl.contains(
        "Ondersteuning krijgen<span class=\"sxs-src\" lang=\"en-US\">Get support</span>"
    ));
    assert!(nl.contains("<p class=\"alert-title\">Belangrijk</p>"));
    assert!(ww.contains("<p class=\"alert-title\">Important</p>"));
    assert!(nl.contains("class=\"embeddedvideo\""));
}
