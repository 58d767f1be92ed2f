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

/// Texts of a YAML page, read from its YAML independently of tolk's
/// renderer: every string under a text key (metadata excluded), and from
/// Markdown texts (answers, footers) a run of plain words outside moniker blocks.
fn yaml_texts(v: &serde_yaml::Value, key: &str, plain: &mut Vec<String>, md: &mut Vec<String>) {
    match v {
        serde_yaml::Value::Mapping(m) => {
            for (k, x) in m {
                let k = k.as_str().unwrap_or("");
                if k != "metadata" {
                    yaml_texts(x, k, plain, md);
                }
            }
        }
        serde_yaml::Value::Sequence(s) => s.iter().for_each(|x| yaml_texts(x, key, plain, md)),
        serde_yaml::Value::String(s) => match key {
            "title" | "text" | "name" | "question" | "note" => plain.push(s.trim().to_string()),
            "summary" | "answer" | "additionalContent" | "footer" => md.push(s.clone()),
            _ => {}
        },
        _ => {}
    }
}

/// Three plain words in a row from Markdown outside moniker blocks, if any.
fn plain_run(md: &str) -> Option<String> {
    let mut depth = 0;
    for line in md.lines() {
        let t = line.trim();
        if t.starts_with(":::") {
            depth += if t.contains("moniker-end") { -1 } else { 1 };
            continue;
        }
        if depth > 0 || t.starts_with('#') || t.starts_with('|') {
            continue;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        for w in words.windows(3) {
            if w.iter()
                .all(|x| x.chars().all(|c| c.is_alphabetic()) && x.len() > 1)
            {
                return Some(w.join(" "));
            }
        }
    }
    None
}

/// The visible text of an article: tags dropped, references decoded, spaces folded.
fn visible_text(html: &str) -> String {
    let no_script = regex::Regex::new(r"(?s)<script.*?</script>")
        .unwrap()
        .replace_all(html, " ");
    let t = regex::Regex::new(r"<[^>]*>")
        .unwrap()
        .replace_all(&no_script, " ");
    let t = t
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn corpus_yaml_pages_render_with_all_their_text() {
    let Some(corpus) = corpus() else {
        println!("SKIPPED: ../shared/corpus is not beside the repository");
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    let o = tolk()
        .args(["build", "-q"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let yml_href = regex::Regex::new(r#"href="([^":#?]*\.yml)""#).unwrap();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&corpus) {
        let entry = entry.unwrap();
        let p = entry.path();
        if p.extension().and_then(|e| e.to_str()) != Some("yml") {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap();
        if !text.starts_with("### YamlMime:") {
            continue;
        }
        let rel = p
            .strip_prefix(&corpus)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let v: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let (mut plain, mut md) = (Vec::new(), Vec::new());
        yaml_texts(&v, "", &mut plain, &mut md);
        let urls = text.matches("url:").count();
        let html_rel = rel.replace(".yml", ".html");
        for env in ["o365-worldwide", "o365-21vianet", "o365-germany"] {
            let nl = read(&out.join("nl-nl").join(env).join(&html_rel));
            let shown = visible_text(article(&nl));
            for s in &plain {
                let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(shown.contains(&s), "{rel} nl-nl/{env}: text {s:?} missing");
            }
            for m in &md {
                if let Some(run) = plain_run(m) {
                    assert!(
                        shown.contains(&run),
                        "{rel} nl-nl/{env}: Markdown text {run:?} missing"
                    );
                }
            }
            let links = article(&nl).matches("<a ").count();
            assert!(
                links >= urls,
                "{rel} nl-nl/{env}: {links} links for {urls} URLs"
            );
            // A link left to a `.yml` file names a page the docset lacks.
            let dir = p.parent().unwrap();
            for m in yml_href.captures_iter(article(&nl)) {
                assert!(!dir.join(&m[1]).exists(), "{rel}: a link left to {}", &m[1]);
            }
            // The source locale: same links; texts without English keep
            // their language, marked.
            let en = read(&out.join("en-us").join(env).join(&html_rel));
            assert!(
                article(&en).matches("<a ").count() >= urls,
                "{rel} en-us/{env}"
            );
            assert!(
                en.contains("lang=\"nl-NL\""),
                "{rel} en-us/{env}: no fallback marked"
            );
        }
        if text.starts_with("### YamlMime:FAQ") {
            let nl = read(&out.join("nl-nl/o365-worldwide").join(&html_rel));
            assert!(
                nl.contains("\"@type\":\"FAQPage\""),
                "{rel}: no FAQPage data"
            );
        }
        pages += 1;
    }
    assert!(pages >= 25, "only {pages} YAML pages");
}

/// The corpus pages whose tables, columns and cut sentences DocFX's Markdig
/// reads differently from strict GFM, built on their own (with the corpus's
/// docfx.json): tables and columns in both locales, no raw `|` paragraphs,
/// no lost paragraph.
#[test]
fn corpus_markdig_tables_columns_and_cut_sentences() {
    let Some(corpus) = corpus() else {
        println!("SKIPPED: ../shared/corpus is not beside the repository");
        return;
    };
    let pages = [
        "compliance/records-management.md",
        "compliance/form-a-query-to-find-sensitive-data-stored-on-sites.md",
        "commerce/billing-and-payments/tax-information.md",
        "admin/whats-new-in-preview.md",
        "solutions/groups-naming-policy.md",
        "managed-desktop/intro/technologies.md",
    ];
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("docs");
    for f in ["docfx.json"].iter().chain(pages.iter()) {
        let to = src.join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(corpus.join(f), &to).unwrap();
    }
    let out = t.path().join("site");
    tolk()
        .args(["build", "-q", "--env", "o365-worldwide"])
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let page = |loc: &str, p: &str| {
        let html = read(
            &out.join(loc)
                .join("o365-worldwide")
                .join(p.replace(".md", ".html")),
        );
        article(&html).to_string()
    };
    for loc in ["nl-nl", "en-us"] {
        for p in pages {
            let a = page(loc, p);
            assert!(
                !a.contains("|:---") && !a.contains("|---") && !a.contains("--- |"),
                "{loc}/{p}: raw table syntax"
            );
            assert_no_raw_markup(std::path::Path::new(p), &a);
        }
    }
    let en = page("en-us", pages[0]);
    assert!(en.contains("<th style=\"text-align: left\">Action</th><th style=\"text-align: left\">Retention label</th>"), "{en}");
    assert!(en.contains("<td style=\"text-align: left\">Edit contents</td>"));
    let nl = page("nl-nl", pages[0]);
    assert!(
        nl.contains("Inhoud bewerken<span class=\"sxs-src\" lang=\"en-US\">Edit contents</span>")
    );
    for loc in ["nl-nl", "en-us"] {
        let a = page(loc, pages[1]);
        assert!(a.contains(
            "<td><code>SensitiveType:\"Credit Card Number|1..4294967295|1..100\"</code> <br/></td>"
        ) || a.contains(
            "<td style=\"text-align: left\"><code>SensitiveType:\"Credit Card Number|1..4294967295|1..100\"</code> <br/></td>"
        ), "{loc}: {a}");
        let a = page(loc, pages[2]);
        assert!(
            a.contains("<section class=\"row\">\n<div class=\"column\">\n<ul>"),
            "{loc}: {a}"
        );
        assert!(!a.contains("<pre>") && !a.contains("&lt;div"));
        assert!(a.matches("<div class=\"column\">").count() == 2);
    }
    let en = page("en-us", pages[3]);
    assert!(en.contains("<p>We've started rolling out a new Search experience for the admin center, and we can't wait for you to try it out. <img src="), "{en}");
    assert!(en.contains(
        "alt=\"Search box has moved to the banner region. Alt+S to search from any page.\""
    ));
    let nl = page("nl-nl", pages[3]);
    assert!(nl.contains("alt=\"Het zoekvak is verplaatst naar het bannergebied. Alt+S om op elke pagina te zoeken.\""), "{nl}");
    let en = page("en-us", pages[4]);
    assert!(en.contains("An underscore (_) is permitted anywhere in the group name, including at the beginning or end of the name."));
    let nl = page("nl-nl", pages[4]);
    assert!(nl.contains("Een onderstrepingsteken (_) is overal in de groepsnaam toegestaan, ook aan het begin of einde van de naam.<span class=\"sxs-src\" lang=\"en-US\">An underscore (_)"));
    let en = page("en-us", pages[5]);
    assert!(
        en.contains("<table><thead><tr><th></th><th></th></tr></thead><tbody>\n<tr><td>Microsoft 365 Apps for enterprise (64-bit)</td>"),
        "{en}"
    );
}
