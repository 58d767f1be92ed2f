//! The real corpus (../shared/corpus/m365-nl-NL/microsoft-365) built whole.

mod common;
use common::*;

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
    assert!(n > 14_000, "only {n} pages");

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
