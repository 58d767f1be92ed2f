//! Stemming checked against the published stems of each language, not against
//! tolk's own analyzer: `tests/fixtures/stemming/stems.tsv` lists word → stem
//! pairs copied from Snowball's Dutch sample vocabulary and Porter's English
//! vocabulary (the algorithm elasticlunr uses for English). The fixture docset
//! holds every word once (Dutch in the target spans, English in the source
//! spans); the built index of each locale must hold the published stem as its
//! term and never the unstemmed word. The queries go through the shipped
//! `_tolk/search.js` in node, with words whose only route to the page is their
//! stem (prefix matching cannot reach it).

mod common;

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn stems(lang: &str) -> Vec<(String, String)> {
    let text = common::read(&common::repo().join("tests/fixtures/stemming/stems.tsv"));
    let v: Vec<(String, String)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(
                f.len(),
                3,
                "stems.tsv: {l:?} is not language<TAB>word<TAB>stem"
            );
            (f[0] == lang).then(|| (f[1].to_string(), f[2].to_string()))
        })
        .collect();
    assert!(v.len() >= 14, "stems.tsv lists {} {lang} pairs", v.len());
    v
}

fn build() -> (tempfile::TempDir, std::path::PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    common::tolk()
        .args(["build", "-q"])
        .arg(common::repo().join("tests/fixtures/stemming"))
        .arg("--out")
        .arg(&site)
        .assert()
        .success();
    (t, site)
}

fn index(site: &Path, variant: &str) -> Value {
    let text = common::read(&site.join(variant).join("_search/index.js"));
    serde_json::from_str(
        text.trim()
            .strip_prefix("window.TOLK_SEARCH = ")
            .and_then(|s| s.strip_suffix(';'))
            .expect("index.js wraps one JSON object"),
    )
    .unwrap()
}

fn terms(v: &Value) -> Vec<String> {
    v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect()
}

fn check_index(site: &Path, variant: &str, lang: &str, algo: &str) {
    let v = index(site, variant);
    assert_eq!(v["stem"], algo, "{variant}: stemmer");
    let terms = terms(&v);
    let pairs = stems(lang);
    let all_stems: Vec<&str> = pairs.iter().map(|p| p.1.as_str()).collect();
    for (word, stem) in &pairs {
        assert!(
            terms.contains(stem),
            "{variant}: {word} should be indexed under its published stem {stem}; terms: {terms:?}"
        );
        if word != stem && !all_stems.contains(&word.as_str()) {
            assert!(
                !terms.contains(word),
                "{variant}: {word} is indexed unstemmed"
            );
        }
    }
}

#[test]
fn dutch_words_are_indexed_under_snowball_stems() {
    let (_t, site) = build();
    check_index(&site, "nl-nl/default", "nl", "du");
}

#[test]
fn english_words_are_indexed_under_porter_stems() {
    let (_t, site) = build();
    check_index(&site, "en-us/default", "en", "en");
}

fn has_node() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn node_hits(site: &Path, variant: &str, queries: &[&str]) -> Value {
    let index = site.join(variant).join("_search/index.js");
    let js = site.join("_tolk/search.js");
    let script = format!(
        r#"globalThis.window = globalThis;
const fs = require('fs');
(0, eval)(fs.readFileSync({index:?}, 'utf8'));
(0, eval)(fs.readFileSync({js:?}, 'utf8'));
const out = {{}};
for (const q of {queries}) out[q] = window.tolkSearch.search(window.TOLK_SEARCH, q).hits.map(h => h.href);
console.log(JSON.stringify(out));"#,
        queries = serde_json::to_string(queries).unwrap()
    );
    let run = Command::new("node").arg("-e").arg(script).output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).unwrap()
}

fn require_node() -> bool {
    if has_node() {
        return true;
    }
    if std::env::var_os("TOLK_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
        panic!("node required (TOLK_REQUIRE_BROWSER=1) but it is not installed");
    }
    println!("SKIPPED: node is not installed");
    false
}

fn hits(v: &Value, q: &str) -> Vec<String> {
    v[q].as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn queries_reach_pages_only_through_the_stem() {
    if !require_node() {
        return;
    }
    let (_t, site) = build();
    // nl: "lichamen" is no prefix of "lichamelijkheden"; "lichtkranten" is
    // longer than the "lichtkrant" of the comfort page.
    let nl = node_hits(&site, "nl-nl/default", &["lichamen", "lichtkranten"]);
    assert_eq!(hits(&nl, "lichamen"), ["words.html"]);
    let mut both = hits(&nl, "lichtkranten");
    both.sort();
    assert_eq!(both, ["comfort.html", "words.html"]);
    // en: "consoled" and "consolation" meet only at the stem "consol".
    let en = node_hits(&site, "en-us/default", &["consoled", "kneels"]);
    assert!(
        hits(&en, "consoled").contains(&"comfort.html".to_string()),
        "{en}"
    );
    assert_eq!(hits(&en, "kneels"), ["words.html"]);
}
