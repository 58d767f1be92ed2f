//! `tolk report`: exact figures on a fixture docset, the HTML page, the
//! `build --report` output, and consistency on the real corpus.

mod common;
use common::*;
use serde_json::{json, Value};
use std::path::Path;

fn report_fixture() -> std::path::PathBuf {
    repo().join("tests/fixtures/report")
}

fn report_json(src: &Path) -> Value {
    let o = tolk()
        .args(["report", "--format", "json"])
        .arg(src)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("report JSON")
}

fn sxs_count(html: &str) -> usize {
    article(html).matches("class=\"sxs\"").count()
}

fn expected_fixture_report() -> Value {
    json!({
      "docset": {
        "name": "report",
        "source_locale": "en-US",
        "locales": ["nl-NL", "en-US"],
        "environments": ["env-a", "env-b"]
      },
      "totals": {
        "pages": 3,
        "segments": 9,
        "untranslated": 3,
        "malformed": 1,
        "untranslatable_lines": 1,
        "coverage": 66.7,
        "mt_pages": 2,
        "ht_pages": 1,
        "other_type_pages": 0,
        "untranslated_titles": 1,
        "untranslated_labels": 3,
        "include_files": 1,
        "include_segments": 2,
        "landing_pages": 0
      },
      "folders": [
        {
          "folder": "", "pages": 1, "segments": 4, "untranslated": 1, "malformed": 0,
          "untranslatable_lines": 0, "coverage": 75.0, "mt_pages": 0, "ht_pages": 1
        },
        {
          "folder": "guide", "pages": 2, "segments": 5, "untranslated": 2, "malformed": 1,
          "untranslatable_lines": 1, "coverage": 60.0, "mt_pages": 2, "ht_pages": 0
        }
      ],
      "pages": [
        {
          "path": "guide/install.md",
          "folder": "guide",
          "title": "Installeren",
          "segments": 3,
          "untranslated": 0,
          "malformed": 1,
          "untranslatable_lines": 1,
          "coverage": 100.0,
          "translation_type": "MT",
          "last_handoff": "04/05/2021",
          "source_commit": "2222222222222222222222222222222222222222",
          "environments": ["env-a"],
          "title_untranslated": false,
          "includes": []
        },
        {
          "path": "guide/no-heading.md",
          "folder": "guide",
          "title": "Zonder kop",
          "segments": 2,
          "untranslated": 2,
          "malformed": 0,
          "untranslatable_lines": 0,
          "coverage": 0.0,
          "translation_type": "MT",
          "last_handoff": null,
          "source_commit": null,
          "environments": ["env-a", "env-b"],
          "title_untranslated": true,
          "includes": []
        },
        {
          "path": "overview.md",
          "folder": "",
          "title": "Overzicht",
          "segments": 4,
          "untranslated": 1,
          "malformed": 0,
          "untranslatable_lines": 0,
          "coverage": 75.0,
          "translation_type": "HT",
          "last_handoff": "03/02/2021",
          "source_commit": "1111111111111111111111111111111111111111",
          "environments": ["env-a", "env-b"],
          "title_untranslated": false,
          "includes": ["includes/note.md"]
        }
      ],
      "includes": [
        {
          "path": "includes/note.md", "segments": 2, "untranslated": 1, "malformed": 0,
          "untranslatable_lines": 0, "coverage": 50.0, "used_by": 1
        }
      ],
      "landing_pages": [],
      "untranslated_labels": [
        { "file": "guide/no-heading.md", "what": "title", "text": "Zonder kop" },
        { "file": "toc.yml", "what": "toc-label", "text": "Handleiding" },
        { "file": "toc.yml", "what": "toc-label", "text": "Zonder kop" }
      ]
    })
}

#[test]
fn fixture_report_has_exact_figures() {
    let got = report_json(&report_fixture());
    let want = expected_fixture_report();
    assert_eq!(
        got,
        want,
        "got:\n{}",
        serde_json::to_string_pretty(&got).unwrap()
    );
}

#[test]
fn report_output_is_deterministic() {
    let run = || {
        tolk()
            .args(["report", "--format", "json"])
            .arg(report_fixture())
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn html_report_is_self_contained_and_sortable() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("r.html");
    tolk()
        .args(["report"])
        .arg(report_fixture())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let html = read(&out);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>") && html.contains("<script>"));
    // Nothing loaded from elsewhere: no external scripts, styles or images.
    for bad in ["<link", "src=", "https://", "@import"] {
        assert!(!html.contains(bad), "the report refers to {bad}");
    }
    assert!(html.contains("<svg") && html.contains("<rect"));
    // One bar per folder: (root) and guide.
    assert!(html.contains(">(root)</text>") && html.contains(">guide</text>"));
    assert!(html.contains("<table class=\"sortable\" id=\"page-table\""));
    assert!(html
        .contains("<th scope=\"col\" class=\"n\"><button type=\"button\">Segments</button></th>"));
    for p in [
        "guide/install.md",
        "guide/no-heading.md",
        "overview.md",
        "includes/note.md",
    ] {
        assert!(html.contains(&format!("<code>{p}</code>")), "{p}");
    }
    assert!(html.contains("Handleiding"));
}

#[test]
fn build_report_matches_cli_report_and_rendered_segments() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    tolk()
        .args(["build", "-q", "--report"])
        .arg(report_fixture())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let json: Value = serde_json::from_str(&read(&out.join("_report/report.json"))).unwrap();
    assert_eq!(json, expected_fixture_report());
    let html = read(&out.join("_report/index.html"));
    assert!(html.contains("<svg"));

    // Segments in = segments rendered: every pair of a page without moniker
    // blocks is one hover span in the content locale (plus its includes').
    let page = |env: &str, p: &str| read(&out.join("nl-nl").join(env).join(p));
    assert_eq!(sxs_count(&page("env-a", "guide/install.html")), 3);
    assert!(!out.join("nl-nl/env-b/guide/install.html").exists());
    for env in ["env-a", "env-b"] {
        assert_eq!(sxs_count(&page(env, "guide/no-heading.html")), 2);
        assert_eq!(sxs_count(&page(env, "overview.html")), 4 + 2);
    }
    // Without --report nothing is written there.
    let out2 = t.path().join("site2");
    build_quiet(&report_fixture(), &out2).success();
    assert!(!out2.join("_report").exists());
}

#[test]
fn corpus_report_is_consistent() {
    let Some(corpus) = corpus() else {
        println!("SKIPPED: ../shared/corpus is not beside the repository");
        return;
    };
    let r = report_json(&corpus);
    let totals = &r["totals"];
    let pages = r["pages"].as_array().unwrap();
    let sum =
        |key: &str, list: &[Value]| -> u64 { list.iter().map(|p| p[key].as_u64().unwrap()).sum() };
    assert_eq!(totals["pages"].as_u64().unwrap() as usize, pages.len());
    for key in [
        "segments",
        "untranslated",
        "malformed",
        "untranslatable_lines",
    ] {
        assert_eq!(totals[key].as_u64().unwrap(), sum(key, pages), "{key}");
        let folders = r["folders"].as_array().unwrap();
        assert_eq!(
            totals[key].as_u64().unwrap(),
            sum(key, folders),
            "{key} by folder"
        );
    }
    let includes = r["includes"].as_array().unwrap();
    assert_eq!(
        totals["include_segments"].as_u64().unwrap(),
        sum("segments", includes)
    );
    let (mt, ht, other) = (
        totals["mt_pages"].as_u64().unwrap(),
        totals["ht_pages"].as_u64().unwrap(),
        totals["other_type_pages"].as_u64().unwrap(),
    );
    assert!(mt + ht <= pages.len() as u64);
    assert_eq!(mt + ht + other, pages.len() as u64);
    // Only Markdown content pages in `pages`; no include file among them.
    assert!(pages
        .iter()
        .all(|p| p["path"].as_str().unwrap().ends_with(".md")));
    assert!(pages
        .iter()
        .all(|p| !p["path"].as_str().unwrap().contains("includes/")));
    assert!(pages
        .windows(2)
        .all(|w| w[0]["path"].as_str() < w[1]["path"].as_str()));
    let reference = pages
        .iter()
        .find(|p| p["path"] == "business-video/get-help-support.md")
        .expect("reference page");
    assert!(reference["segments"].as_u64().unwrap() > 0);
    assert_eq!(
        reference["environments"],
        json!(["o365-worldwide", "o365-21vianet", "o365-germany"])
    );
    println!(
        "corpus report totals: {}",
        serde_json::to_string_pretty(totals).unwrap()
    );
    println!(
        "folders: {}, include files: {}, landing pages: {}, untranslated labels: {}",
        r["folders"].as_array().unwrap().len(),
        includes.len(),
        r["landing_pages"].as_array().unwrap().len(),
        r["untranslated_labels"].as_array().unwrap().len()
    );
}

/// Segments in = segments rendered, on real pages: the first corpus pages
/// without moniker blocks, includes, monikerRange, images or code are copied
/// into a small docset and built; each page's hover span count must equal its
/// `segments`.
#[test]
fn corpus_sample_segments_equal_rendered_spans() {
    let Some(corpus) = corpus() else {
        println!("SKIPPED: ../shared/corpus is not beside the repository");
        return;
    };
    let r = report_json(&corpus);
    let mut sample = Vec::new();
    for p in r["pages"].as_array().unwrap() {
        let path = p["path"].as_str().unwrap();
        let text = read(&corpus.join(path));
        let lower = text.to_lowercase();
        if p["segments"].as_u64().unwrap() == 0
            || p["malformed"].as_u64().unwrap() > 0
            || [
                "moniker",
                "[!include",
                "![",
                "```",
                "<img",
                ":::",
                "|",
                "<table",
                "[!div",
                "[!video",
            ]
            .iter()
            .any(|m| lower.contains(m))
        {
            continue;
        }
        sample.push((path.to_string(), p["segments"].as_u64().unwrap() as usize));
        if sample.len() == 25 {
            break;
        }
    }
    assert!(sample.len() >= 10, "only {} sample pages", sample.len());
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("docs");
    for (p, _) in &sample {
        let dest = src.join(p);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(corpus.join(p), dest).unwrap();
    }
    std::fs::write(
        src.join("docfx.json"),
        r#"{"build":{"content":[{"files":["**/*.md"]}],"globalMetadata":{"bilingual_type":"hover over"}}}"#,
    )
    .unwrap();
    let out = t.path().join("site");
    build_quiet(&src, &out).success();
    let mut checked = 0;
    for (p, segments) in &sample {
        let html_rel = p.trim_end_matches(".md").to_string() + ".html";
        let html = read(&out.join("nl-nl/default").join(&html_rel));
        assert_eq!(sxs_count(&html), *segments, "{p}");
        checked += 1;
    }
    println!("segments == rendered hover spans on {checked} corpus pages");
}
