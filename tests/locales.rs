//! Search and reading in locales beyond nl-NL: Chinese, Japanese and Korean
//! (words without spaces around them), mixed scripts, Hebrew (right to
//! left), and the UI-string fallback of a locale without Fluent files.
//!
//! Each fixture in `tests/fixtures/locales/<locale>/` is a small docset of
//! three pages with span pairs (original text), its locale taken from
//! `ms.contentlocale`. The search tests query the built index with the
//! shipped `_tolk/search.js` in node (skipped without node); the browser
//! test (`tests/browser.rs`) does the same in Chromium for zh-TW and he-IL.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(locale: &str) -> PathBuf {
    common::repo().join("tests/fixtures/locales").join(locale)
}

/// Build a fixture into a temporary folder: the site and the JSON diagnostics.
fn build(locale: &str) -> (tempfile::TempDir, PathBuf, Vec<Value>) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = common::tolk()
        .arg("build")
        .arg(fixture(locale))
        .args(["--format", "json", "--out"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{locale}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let diags = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (tmp, site, diags)
}

fn has_node() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Run `queries` through the site's `_tolk/search.js` against the index of
/// `variant` in node, its text shards loaded: per query, the hrefs found
/// (best first) and the highlighted title and snippet of the first hit.
fn node_search(site: &Path, variant: &str, queries: &[&str]) -> Value {
    let index = site.join(variant).join("_search/index.js");
    let texts = site.join(variant).join("_search/text");
    let js = site.join("_tolk/search.js");
    let script = format!(
        r#"globalThis.window = globalThis;
const fs = require('fs');
(0, eval)(fs.readFileSync({index:?}, 'utf8'));
for (const f of fs.readdirSync({texts:?})) (0, eval)(fs.readFileSync({texts:?} + '/' + f, 'utf8'));
(0, eval)(fs.readFileSync({js:?}, 'utf8'));
const out = {{}};
for (const q of {queries}) {{
  const r = window.tolkSearch.search(window.TOLK_SEARCH, q);
  out[q] = {{ hits: r.hits.map(h => h.href), title: r.hits.length ? r.hits[0].titleHtml : '', snippet: r.hits.length ? r.hits[0].snippetHtml : '' }};
}}
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

fn hits(v: &Value, q: &str) -> Vec<String> {
    v[q]["hits"]
        .as_array()
        .unwrap_or_else(|| panic!("no result for {q}"))
        .iter()
        .map(|h| h.as_str().unwrap().to_string())
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// (query, the pages that contain it) for a locale.
fn expect_pages(locale: &str, variant: &str, cases: &[(&str, &[&str])]) {
    if !has_node() {
        assert!(
            std::env::var_os("TOLK_REQUIRE_BROWSER").is_none_or(|v| v != "1"),
            "node required (TOLK_REQUIRE_BROWSER=1) but it is not installed"
        );
        println!("SKIPPED: node is not installed");
        return;
    }
    let (_tmp, site, _) = build(locale);
    let queries: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let v = node_search(&site, variant, &queries);
    for (q, pages) in cases {
        let want: Vec<String> = pages.iter().map(|p| format!("{p}.html")).collect();
        assert_eq!(sorted(hits(&v, q)), sorted(want), "{locale}: query {q}");
    }
}

#[test]
fn chinese_words_without_spaces_are_found() {
    expect_pages(
        "zh-tw",
        "zh-tw/default",
        &[
            ("授權", &["licenses"]),
            ("加密", &["licenses", "protect-data"]),
            ("原則", &["protect-data"]),
            ("裝置", &["licenses", "sign-in"]),
            ("自動", &["licenses", "protect-data"]),
            // 密 is in 加密 (encryption) and 密碼 (password): only the word.
            ("密碼", &["sign-in"]),
            // Words of three characters: every bigram in the page.
            ("系統管理", &["licenses", "protect-data"]),
            ("支援人員", &["sign-in"]),
            ("不存在", &[]),
        ],
    );
}

#[test]
fn japanese_words_without_spaces_are_found() {
    expect_pages(
        "ja-jp",
        "ja-jp/default",
        &[
            ("暗号化", &["licenses", "protect-data"]),
            ("パスワード", &["sign-in"]),
            ("ポリシー", &["protect-data"]),
            ("ライセンス", &["licenses"]),
            ("自動的", &["licenses", "protect-data"]),
            ("デバイス", &["licenses", "sign-in"]),
            ("管理者", &["protect-data"]),
        ],
    );
}

#[test]
fn korean_words_with_particles_are_found() {
    expect_pages(
        "ko-kr",
        "ko-kr/default",
        &[
            // 라이선스를, 라이선스에는: the word inside its particles.
            ("라이선스", &["licenses"]),
            ("암호화", &["licenses", "protect-data"]),
            ("정책", &["protect-data"]),
            ("로그인", &["sign-in"]),
            ("장치", &["licenses", "sign-in"]),
            ("자동", &["licenses", "protect-data"]),
        ],
    );
}

#[test]
fn hebrew_words_are_found_without_a_stemmer() {
    expect_pages(
        "he-il",
        "he-il/default",
        &[
            ("הצפנה", &["licenses"]),
            ("מדיניות", &["protect-data"]),
            ("רישיונות", &["licenses"]),
            ("אוטומטי", &["licenses", "protect-data"]),
            ("autopilot", &["licenses"]),
        ],
    );
}

#[test]
fn mixed_scripts_split_at_the_script_boundary() {
    if !has_node() {
        assert!(
            std::env::var_os("TOLK_REQUIRE_BROWSER").is_none_or(|v| v != "1"),
            "node required (TOLK_REQUIRE_BROWSER=1) but it is not installed"
        );
        println!("SKIPPED: node is not installed");
        return;
    }
    let (_tmp, site, _) = build("zh-tw");
    let index = common::read(&site.join("zh-tw/default/_search/index.js"));
    let json: Value = serde_json::from_str(
        index
            .trim()
            .strip_prefix("window.TOLK_SEARCH = ")
            .and_then(|s| s.strip_suffix(';'))
            .unwrap(),
    )
    .unwrap();
    let terms: Vec<&str> = json["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    // `使用autopilot來自動預先設定新的裝置`: the Latin word alone, the
    // Chinese on both sides in bigrams; no term mixes the scripts.
    assert!(terms.contains(&"autopilot"), "{terms:?}");
    assert!(terms.contains(&"來自"), "{terms:?}");
    assert!(!terms
        .iter()
        .any(|t| t.contains("autopilot") && *t != "autopilot"));
    assert!(!terms.iter().any(|t| t.chars().count() > 2 && !t.is_ascii()));

    let v = node_search(
        &site,
        "zh-tw/default",
        &[
            "autopilot",
            "Autopilot裝置",
            "授權",
            "加密",
            "autopilot密碼",
        ],
    );
    assert_eq!(hits(&v, "autopilot"), ["licenses.html"]);
    // A mixed query: both parts on the page.
    assert_eq!(hits(&v, "Autopilot裝置"), ["licenses.html"]);
    // No page has both: the pages with the most of them.
    assert_eq!(
        sorted(hits(&v, "autopilot密碼")),
        ["licenses.html", "sign-in.html"]
    );
    // The matched word is marked in its context, not the whole clause.
    assert_eq!(v["授權"]["title"], "管理<mark>授權</mark>");
    let snippet = v["加密"]["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("都包含<mark>加密</mark>及備份"),
        "{snippet}"
    );
    assert!(
        v["autopilot"]["snippet"]
            .as_str()
            .unwrap()
            .contains("使用<mark>autopilot</mark>來自動"),
        "{}",
        v["autopilot"]["snippet"]
    );
}

#[test]
fn each_index_records_its_language() {
    for (locale, lang, stem) in [
        ("zh-tw", "zh", ""),
        ("ja-jp", "ja", ""),
        ("ko-kr", "ko", ""),
        ("he-il", "he", ""),
    ] {
        let (_tmp, site, _) = build(locale);
        for (variant, lang, stem) in [
            (format!("{locale}/default"), lang, stem),
            ("en-us/default".to_string(), "en", "en"),
        ] {
            let index = common::read(&site.join(&variant).join("_search/index.js"));
            assert!(
                index.contains(&format!("\"lang\":\"{lang}\",\"stem\":\"{stem}\"")),
                "{variant}: {}",
                &index[..200.min(index.len())]
            );
            assert!(index.contains("\"cjk\":\"bigram\""));
        }
    }
}

#[test]
fn right_to_left_pages_mirror_and_keep_the_english_source_left_to_right() {
    let (_tmp, site, _) = build("he-il");
    let he = common::read(&site.join("he-il/default/licenses.html"));
    assert!(
        he.contains("<html lang=\"he-IL\" dir=\"rtl\""),
        "{}",
        &he[..200]
    );
    assert!(he.contains("rtl.css"));
    // Every English source inside the Hebrew page reads left to right.
    let article = common::article(&he);
    let sources = article.matches("class=\"sxs-src\"").count();
    assert_eq!(sources, 4, "{article}");
    assert_eq!(
        article
            .matches("<span class=\"sxs-src\" lang=\"en-US\" dir=\"ltr\">")
            .count(),
        sources,
        "{article}"
    );
    // The search page of the locale is right to left too.
    let search = common::read(&site.join("he-il/default/search.html"));
    assert!(search.contains("dir=\"rtl\""));

    // The English tree and a left-to-right locale stay as they were.
    let en = common::read(&site.join("en-us/default/licenses.html"));
    assert!(en.contains("<html lang=\"en-US\" dir=\"ltr\""));
    assert!(!en.contains("rtl.css"));
    let (_tmp2, zh_site, _) = build("zh-tw");
    let zh = common::read(&zh_site.join("zh-tw/default/licenses.html"));
    assert!(zh.contains("dir=\"ltr\"") && !zh.contains("rtl.css"));
    assert!(zh.contains("<span class=\"sxs-src\" lang=\"en-US\">"));
}

#[test]
fn a_locale_without_ui_strings_warns_once() {
    // Three pages, one locale without Fluent files: one warning.
    let (_tmp, _site, diags) = build("he-il");
    let missing: Vec<&Value> = diags
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("No UI strings"))
        })
        .collect();
    assert_eq!(missing.len(), 1, "{diags:#?}");
    assert!(missing[0]["message"].as_str().unwrap().contains("he-IL"));
    assert_eq!(missing[0]["severity"], "warning");
}

#[test]
fn a_locale_without_ui_strings_is_named_by_its_tag_not_as_english() {
    let (_tmp, site, _) = build("zh-tw");
    let page = common::read(&site.join("zh-tw/default/licenses.html"));
    let switcher = &page[page.find("switch-language").unwrap()..];
    let switcher = &switcher[..switcher.find("</nav>").unwrap()];
    assert!(switcher.contains(">zh-TW</span>"), "{switcher}");
    assert_eq!(switcher.matches(">English<").count(), 1, "{switcher}");
}

/// Percent-decode a URL path (test side, independent of tolk's own).
fn decode_path(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// #17: file names with `#`, `?`, `%` and spaces are URL paths in the
/// index, so a hit's link leads to its page.
#[test]
fn search_index_urls_are_percent_encoded() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("docs");
    std::fs::create_dir_all(&src).unwrap();
    for e in std::fs::read_dir(fixture("he-il")).unwrap().flatten() {
        std::fs::copy(e.path(), src.join(e.file_name())).unwrap();
    }
    let page = common::read(&src.join("licenses.md"));
    for name in ["a b#c?.md", "100% zeker.md"] {
        std::fs::write(src.join(name), &page).unwrap();
    }
    let site = tmp.path().join("site");
    let out = common::tolk()
        .arg("build")
        .arg(&src)
        .args(["-q", "--out"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let variant = site.join("he-il/default");
    let index = common::read(&variant.join("_search/index.js"));
    let json: Value = serde_json::from_str(
        index
            .trim()
            .strip_prefix("window.TOLK_SEARCH = ")
            .and_then(|s| s.strip_suffix(';'))
            .unwrap(),
    )
    .unwrap();
    let hrefs: Vec<&str> = json["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d[0].as_str().unwrap())
        .collect();
    for want in ["a%20b%23c%3F.html", "100%25%20zeker.html"] {
        assert!(hrefs.contains(&want), "{hrefs:?}");
    }
    for h in &hrefs {
        assert!(!h.contains([' ', '#', '?']), "{h}");
        let file = variant.join(decode_path(h));
        assert!(file.is_file(), "{h} leads to no page ({})", file.display());
    }
    if has_node() {
        let v = node_search(&site, "he-il/default", &["הצפנה"]);
        assert_eq!(
            sorted(hits(&v, "הצפנה")),
            ["100%25%20zeker.html", "a%20b%23c%3F.html", "licenses.html"]
        );
    }
}

/// Hebrew has no stemmer: the article, the conjunction and the
/// prepositions are one-letter prefixes of the word (הסיסמה, למכשירים,
/// במרכז). A word is found behind them, and a query with one finds the
/// bare word. Each word with the pages whose text holds it, bare or behind
/// such a prefix (README: recall on this list 0.50 before, 1.00 after).
#[test]
fn hebrew_words_are_found_behind_their_prefixes() {
    expect_pages(
        "he-il",
        "he-il/default",
        &[
            ("ניהול", &["licenses"]),
            ("מרכז", &["licenses"]),
            ("משתמשים", &["licenses"]),
            ("גיבוי", &["licenses"]),
            ("מכשירים", &["licenses", "sign-in"]),
            ("נתונים", &["protect-data"]),
            ("שליחה", &["protect-data"]),
            ("סיסמה", &["sign-in"]),
            ("תמיכה", &["sign-in"]),
            ("כניסה", &["sign-in"]),
            ("עבודה", &["sign-in"]),
            ("שמירה", &["protect-data"]),
            ("מדיניות", &["protect-data"]),
            ("הצפנה", &["licenses"]),
            ("רישיונות", &["licenses"]),
            ("אוטומטי", &["licenses", "protect-data"]),
            ("חשבון", &["sign-in"]),
            ("קבצים", &["protect-data"]),
            // With a prefix: the bare word's page (and the word's own).
            ("לסיסמה", &["sign-in"]),
            ("והנתונים", &["protect-data"]),
        ],
    );
}
