//! YAML pages, site-absolute and redirected links, escapes and the language
//! of fallback texts, on a small docset (tests/fixtures/pages-links: a repo
//! with its redirection file above the docset folder `docs/`).

mod common;
use common::*;
use std::path::Path;

fn built() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let src = repo().join("tests/fixtures/pages-links/docs");
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    let o = tolk()
        .args(["build", "--format", "json"])
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    (t, out, String::from_utf8_lossy(&o.stdout).into_owned())
}

fn page(out: &Path, rel: &str) -> String {
    read(&out.join(rel))
}

#[test]
fn site_absolute_and_redirected_links_resolve() {
    let (_t, out, diags) = built();
    let a = page(&out, "nl-nl/env-a/index.html");
    // The docset's own URL base: the local page; `view=` naming another
    // environment leads there, `view`/`preserve-view` dropped, anchor kept.
    assert!(a.contains("<a href=\"../../nl-nl/env-b/guide/new.html#boven\">nieuw</a>"));
    // Elsewhere: the external base URL in the page's locale.
    assert!(a.contains("href=\"https://docs.example.org/nl-nl/azure/thing?tabs=x\""));
    let en = page(&out, "en-us/env-a/index.html");
    assert!(en.contains("href=\"https://docs.example.org/en-us/azure/thing?tabs=x\""));
    // A site-absolute image of the docset: its resource.
    assert!(a.contains("<img src=\"../../_res/media/pic.png\""));
    // A query alone: this page, `view` dropped, its bookmark checked.
    assert!(page(&out, "nl-nl/env-a/guide/new.html").contains("<a href=\"#boven\">Terug</a>"));
    assert!(!diags.contains("bookmark-not-found"));
    // A moved page: the end of the chain old → mid → guide/new.
    assert!(a.contains("<a href=\"guide/new.html\">oud</a>"));
    // A loop: reported where the link is.
    assert!(diags.contains(
        "\"code\":\"link-broken\",\"severity\":\"warning\",\"file\":\"index.md\",\"line\":10"
    ));
    assert!(diags.contains("redirection leads nowhere"));
    // TOC: site-absolute entries go to the external base, .yml pages to .html.
    let toc = page(&out, "nl-nl/env-a/_toc/guide-toc.html");
    assert!(toc.contains("href=\"https://docs.example.org/nl-nl/powershell/module/x\""));
    assert!(toc.contains("faq.html"));
    assert!(!toc.contains(".yml\""));
}

#[test]
fn yaml_pages_render_with_structured_data_and_located_warnings() {
    let (_t, out, diags) = built();
    let faq = page(&out, "nl-nl/env-a/faq.html");
    assert!(faq.contains("<h2 id=\"algemeen\">Algemeen</h2>"));
    assert!(faq.contains("<h3 id=\"wat-is-nieuw\">Wat is nieuw?</h3>"));
    // The answer's moniker block is composed per environment.
    assert!(faq.contains("Alleen in omgeving A."));
    assert!(!page(&out, "nl-nl/env-b/faq.html").contains("Alleen in omgeving A."));
    assert!(faq.contains("<a href=\"guide/new.html\">nieuw</a>"));
    assert!(faq.contains("<a href=\"hub.html\">de hub</a>"));
    assert!(faq.contains("\"@type\":\"FAQPage\""));
    let hub = page(&out, "nl-nl/env-a/hub.html");
    assert!(hub.contains("<a href=\"faq.html\">Naar de vragen</a>"));
    assert!(hub.contains("<a href=\"guide/new.html\">Nieuw</a>"));
    assert!(diags.contains(
        "\"code\":\"yaml-section-unknown\",\"severity\":\"warning\",\"file\":\"hub.yml\",\"line\":12,\"column\":1"
    ));
}

#[test]
fn escapes_once_and_marks_the_language_of_fallback_texts() {
    let (_t, out, _) = built();
    let nl = page(&out, "nl-nl/env-a/index.html");
    assert!(nl.contains("<title>Beveiligings &amp; compliancecentrum - "));
    assert!(nl.contains("content=\"Over beveiliging &amp; naleving.\""));
    assert!(!nl.contains("&amp;amp;"));
    // An alert title inside the hover source is in the source language.
    assert!(nl.contains(
        "<span class=\"sxs-src\" lang=\"en-US\"><strong class=\"alert-inline\">Note:</strong>"
    ));
    // An alt text without English keeps its language on a source-locale page.
    let en = page(&out, "en-us/env-a/index.html");
    assert!(en.contains("alt=\"Alleen Nederlands\" lang=\"nl-NL\""));
    assert!(en.contains("alt=\"Picture\" loading"));
    assert!(nl.contains("alt=\"Alleen Nederlands\" loading"));
    // Source locale: Dutch without English is marked; the labels file's English is used.
    let faq = page(&out, "en-us/env-a/faq.html");
    assert!(faq.contains("<h2 id=\"algemeen\"><span lang=\"nl-NL\">Algemeen</span></h2>"));
    assert!(faq.contains("<div class=\"faq-answer\"><div lang=\"nl-NL\">"));
    let toc = page(&out, "en-us/env-a/_toc/guide-toc.html");
    assert!(
        toc.contains(">Guide<"),
        "labels file English for a TOC label"
    );
    // A page with an English H1: its English title.
    assert!(toc.contains(">New</a>"));
    // Environment display names: tolk.yml, else the moniker.
    assert!(nl.contains(">Cloud A<"));
    // 404 pages: root-relative, never above the root.
    let root404 = page(&out, "404.html");
    assert!(root404.contains("href=\"/_tolk/tolk.css\""));
    assert!(root404.contains("href=\"/index.html\""));
    assert!(!root404.contains("../"));
}
