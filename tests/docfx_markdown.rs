//! DocFX Markdown as DocFX's Markdig reads it, on `tests/fixtures/markdown`
//! (one page per construct, bilingual): the article HTML in both locales.

mod common;
use common::*;
use std::path::PathBuf;
use std::sync::OnceLock;
use tolk::{build, BuildOptions};

struct Site {
    _dir: tempfile::TempDir,
    out: PathBuf,
    diagnostics: Vec<(String, String, u32)>,
}

/// The fixture docset, built once.
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let r = build(&BuildOptions {
            source: repo().join("tests/fixtures/markdown"),
            out: Some(out.clone()),
            ..Default::default()
        });
        assert!(!r.has_errors());
        let diagnostics = r
            .diagnostics
            .sorted()
            .into_iter()
            .map(|(d, _)| (d.code.to_string(), d.file.clone(), d.line))
            .collect();
        Site {
            _dir: dir,
            out,
            diagnostics,
        }
    })
}

/// The article of `page` in `locale` (environment `env-a`).
fn page(locale: &str, page: &str) -> String {
    page_in(locale, "env-a", page)
}

fn page_in(locale: &str, env: &str, page: &str) -> String {
    let html = read(&site().out.join(locale).join(env).join(page));
    article(&html).to_string()
}

/// Tags open and close in order (void elements aside).
fn assert_well_nested(html: &str) {
    const VOID: &[&str] = &[
        "br", "img", "hr", "input", "meta", "link", "source", "wbr", "col",
    ];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("tag end");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop();
            assert_eq!(open.as_deref(), Some(name.trim()), "in {html}");
        } else {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if !VOID.contains(&name.as_str()) {
                stack.push(name);
            }
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?} in {html}");
}

#[test]
fn pipe_tables_follow_markdig() {
    for (loc, action, delete, explain) in [
        ("nl-nl", "Actie", "Verwijderen", "Creditcardnummers."),
        ("en-us", "Action", "Delete", "Credit card numbers."),
    ] {
        let a = page(loc, "tables.html");
        assert_well_nested(&a);
        assert!(!a.contains("|:---"), "{a}");
        assert_eq!(a.matches("<table>").count(), 2, "{a}");
        // Header of two cells, delimiter row of three: two columns.
        assert!(
            a.contains(&format!("<th style=\"text-align: left\">{action}"))
                || a.contains(&format!(
                    "<th style=\"text-align: left\"><span class=\"sxs\">{action}<span"
                )),
            "{a}"
        );
        let first = &a[..a.find("</table>").unwrap()];
        assert_eq!(first.matches("<th ").count(), 2, "{first}");
        // A short row is padded to the header.
        assert!(first.contains(delete) && first.contains("<td style=\"text-align: left\"></td>"));
        // `|` inside a code span, escaped, and inside an HTML attribute.
        assert!(
            a.contains("<code>SensitiveType:\"Credit Card Number|1..4294967295\"</code>"),
            "{a}"
        );
        assert!(a.contains(explain));
        assert!(
            a.contains("<td style=\"text-align: left\">a | b</td>"),
            "{a}"
        );
        assert!(a.contains("<abbr title=\"x&#124;y\">"), "{a}");
    }
}

#[test]
fn columns_indented_inside_rows_and_lists() {
    for loc in ["nl-nl", "en-us"] {
        let a = page(loc, "rows.html");
        assert_well_nested(&a);
        assert!(
            a.contains("<section class=\"row\">\n<div class=\"column\">\n<ul>"),
            "{a}"
        );
        assert!(a.contains("<div class=\"column span2\">\n<p>"), "{a}");
        assert!(!a.contains("<pre>") && !a.contains("&lt;div"), "{a}");
    }
    assert!(page("en-us", "rows.html").contains("<li>Armenia</li>"));
}

#[test]
fn sections_of_one_quote_are_separate() {
    for loc in ["nl-nl", "en-us"] {
        let a = page(loc, "quotes.html");
        assert_well_nested(&a);
        assert!(!a.contains("blockquote"), "{a}");
        let note = a.find("is-note").unwrap();
        let div = a.find("<div class=\"nextstepaction\">").unwrap();
        assert!(note < div);
        // The note closes before the div opens.
        assert!(a[note..div].contains("</div>"), "{a}");
        assert_eq!(a.matches("class=\"embeddedvideo\"").count(), 2);
        assert!(a.contains("embed/one?rel=0") && a.contains("embed/two?rel=0"));
        assert!(a.contains("is-tip"));
    }
}

#[test]
fn a_moniker_block_after_a_paragraph_line_is_its_own_block() {
    let a = page_in("en-us", "env-a", "monikers.html");
    assert!(a.contains("<p>A paragraph.</p>"), "{a}");
    assert!(a.contains("<p>Only A.</p>"), "{a}");
    assert!(a.contains("<p>After.</p>"), "{a}");
    let b = page_in("en-us", "env-b", "monikers.html");
    assert!(
        b.contains("<p>A paragraph.</p>") && !b.contains("Only A."),
        "{b}"
    );
    let nl = page_in("nl-nl", "env-a", "monikers.html");
    assert!(nl.contains("<p><span class=\"sxs\">Alleen A."), "{nl}");
}

#[test]
fn inline_markdown_across_pairs_is_well_nested() {
    let nl = page("nl-nl", "crossing.html");
    let en = page("en-us", "crossing.html");
    assert_well_nested(&nl);
    assert_well_nested(&en);
    // The image cut over two pairs: one image per side, both texts kept.
    assert!(en.contains("<p>We have started. <img src=\"../../_res/media/a.png\" alt=\"Search box has moved. Alt+S to search.\""), "{en}");
    assert!(nl.contains("We zijn begonnen. <img src=\"../../_res/media/a.png\" alt=\"Het zoekvak is verplaatst. Alt+S om te zoeken.\""), "{nl}");
    assert!(!en.contains("zoekvak") && !en.contains("Alt+S om"));
    // `_` once per half: no emphasis, both underscores shown.
    assert!(!nl.contains("<em>") && !en.contains("<em>"), "{nl}");
    assert!(en.contains("<p>An underscore (_) is permitted.</p>"));
    assert!(nl.contains("Een onderstrepingsteken (_) is toegestaan.<span class=\"sxs-src\" lang=\"en-US\">An underscore (_) is permitted.</span>"));
    // A code span cut over two pairs.
    assert!(
        en.contains("<p>A <code>code|span up to here</code> and on.</p>"),
        "{en}"
    );
    assert!(
        nl.contains("Een <code>code|span tot hier</code> en verder.<span class=\"sxs-src\" lang=\"en-US\">A <code>code|span up to here</code> and on.</span></span>"),
        "{nl}"
    );
}

#[test]
fn an_image_with_link_and_lightbox_is_one_link() {
    for loc in ["nl-nl", "en-us"] {
        let a = page(loc, "images.html");
        assert_well_nested(&a);
        assert_eq!(a.matches("<a ").count(), 1, "{a}");
        assert!(a.contains("<a href=\"rows.html\"><img"), "{a}");
    }
    assert!(site()
        .diagnostics
        .iter()
        .any(|(c, f, l)| c == "image-invalid" && f == "images.md" && *l == 7));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    const TOKENS: &[&str] = &[
        "woord", " ", " ", "*", "_", "**", "__", "`", "``", "[", "]", "](a.md)", "![", "(", ")",
        "~~", "\\", "!", "<", "&",
    ];

    fn half() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(TOKENS), 0..8).prop_map(|t| t.concat())
    }

    const MATH_TOKENS: &[&str] = &[
        "woord", " ", " ", "$", "$$", "\\$", "1", "x", "*", "_", "`", ":smile:", "<", "&",
    ];

    fn math_half() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(MATH_TOKENS), 0..8).prop_map(|t| t.concat())
    }

    /// Text outside `<span class="sxs-src">` (the body a reader sees) and
    /// inside it, with tags removed.
    fn body_and_hover(html: &str) -> (String, String) {
        let (mut body, mut hover) = (String::new(), String::new());
        let mut stack: Vec<bool> = Vec::new(); // is this open span the hover?
        let mut rest = html;
        while !rest.is_empty() {
            let Some(i) = rest.find('<') else {
                break;
            };
            let text = &rest[..i];
            if stack.iter().any(|&h| h) {
                hover.push_str(text);
            } else {
                body.push_str(text);
            }
            let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
            let tag = &rest[i..end];
            rest = &rest[end..];
            if tag.starts_with("<span") {
                stack.push(tag.contains("sxs-src"));
            } else if tag.starts_with("</span") {
                stack.pop();
            } else if tag.starts_with("<img") {
                // Alt text is the image's text.
                if let Some(a) = tag.find("alt=\"") {
                    let alt = &tag[a + 5..];
                    let alt = &alt[..alt.find('"').unwrap_or(alt.len())];
                    if stack.iter().any(|&h| h) {
                        hover.push_str(alt);
                    } else {
                        body.push_str(alt);
                    }
                }
            }
        }
        (body, hover)
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 24,
            rng_seed: proptest::test_runner::RngSeed::Fixed(12),
            ..ProptestConfig::default()
        })]

        /// Random inline Markdown cut over span pairs renders well-nested in
        /// both locales, with every pair's own text in its locale's body and
        /// no English in the Dutch body.
        #[test]
        fn inline_markdown_split_across_pairs(halves in prop::collection::vec((half(), half(), half(), half()), 1..6)) {
            check_split(&halves, r#"{"build":{"content":[{"files":["**/*.md"]}],"globalMetadata":{"bilingual_type":"hover over"}}}"#)?;
        }

        /// The same with math, emoji and abbreviations on: `$` pairs in
        /// different halves stay text, each locale keeps its own math.
        #[test]
        fn math_split_across_pairs(halves in prop::collection::vec((math_half(), math_half(), math_half(), math_half()), 1..6)) {
            check_split(&halves, r#"{"build":{"content":[{"files":["**/*.md"]}],"globalMetadata":{"bilingual_type":"hover over"},"markdownEngineProperties":{"markdigExtensions":["mathematics","emojis","abbreviations"]}}}"#)?;
        }
    }

    /// Builds a page of `halves` cut over span pairs with `docfx` as
    /// docfx.json and checks both locales (see the property tests).
    fn check_split(
        halves: &[(String, String, String, String)],
        docfx: &str,
    ) -> Result<(), TestCaseError> {
        let mut para = String::from("Begin ");
        for (k, (a, b, c, d)) in halves.iter().enumerate() {
            para.push_str(&format!(
                "<span data-ttu-id=\"p-{k}\">{a}nl{k}x{b}</span><span class=\"sxs-lookup\"><span data-stu-id=\"p-{k}\">{c}en{k}x{d}</span></span> "
            ));
        }
        let t = tempfile::tempdir().unwrap();
        let src = t.path().join("docs");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("docfx.json"), docfx).unwrap();
        std::fs::write(src.join("a.md"), "# A\n").unwrap();
        std::fs::write(
            src.join("p.md"),
            format!("---\nms.contentlocale: nl-NL\n---\n# Titel\n\n{para}\n\nEinde\n"),
        )
        .unwrap();
        let out = t.path().join("site");
        let r = build(&BuildOptions {
            source: src,
            out: Some(out.clone()),
            ..Default::default()
        });
        prop_assert!(!r.has_errors());
        for (loc, own, other) in [("nl-nl", "nl", "en"), ("en-us", "en", "nl")] {
            let html = read(&out.join(loc).join("default").join("p.html"));
            let a = article(&html);
            assert_well_nested(a);
            let (body, hover) = body_and_hover(a);
            prop_assert!(body.contains("Begin") && body.contains("Einde"), "{}", a);
            for k in 0..halves.len() {
                prop_assert!(
                    body.contains(&format!("{own}{k}x")),
                    "{} lacks {}{}x: {}",
                    loc,
                    own,
                    k,
                    a
                );
                prop_assert!(
                    !body.contains(&format!("{other}{k}x")),
                    "{} shows {}{}x: {}",
                    loc,
                    other,
                    k,
                    a
                );
                if loc == "nl-nl" {
                    prop_assert!(
                        hover.contains(&format!("en{k}x")),
                        "hover lacks en{}x: {}",
                        k,
                        a
                    );
                }
            }
        }
        Ok(())
    }
}

#[test]
fn invalid_docfx_syntax_stays_literal_with_a_located_warning() {
    for loc in ["nl-nl", "en-us"] {
        let a = page(loc, "invalid.html");
        assert_well_nested(&a);
        for l in [
            "<p>::: zone pivot = \"**\"</p>",
            "<p>::: zone-end</p>",
            "<p>:::image type=\"icon\":::</p>",
            "<p>:::video title=\"x\":::</p>",
            "<p>:::video source=\"\":::</p>",
        ] {
            assert!(a.contains(l), "{loc}: {l} in {a}");
        }
        assert!(!a.contains("<div class=\"zone") && !a.contains("<iframe") && !a.contains("<img"));
    }
    let d = &site().diagnostics;
    for (code, line) in [
        ("zone-invalid", 7),
        ("triple-colon-stray-end", 11),
        ("image-invalid", 13),
        ("video-invalid", 15),
        ("video-invalid", 17),
    ] {
        assert!(
            d.iter()
                .any(|(c, f, l)| c == code && f == "invalid.md" && *l == line),
            "{code} at {line}: {d:?}"
        );
    }
}

#[test]
fn no_loc_is_verbatim_and_form_renders() {
    let nl = page("nl-nl", "noloc.html");
    assert!(nl.contains("Klik op Find a \"*Quote*\" &lt;here&gt; nu.<span class=\"sxs-src\" lang=\"en-US\">Select Find a \"*Quote*\" &lt;here&gt; now.</span>"), "{nl}");
    let en = page("en-us", "noloc.html");
    assert!(
        en.contains("<p>Select Find a \"*Quote*\" &lt;here&gt; now.</p>"),
        "{en}"
    );
    for a in [&nl, &en] {
        assert!(a.contains("<form class=\"chromeless-form\" data-model=\"resource\" data-action=\"create-resource\"><div></div><button class=\"button\" disabled=\"disabled\" type=\"submit\">Maken</button></form>"));
    }
}

#[test]
fn markdig_default_extensions() {
    let en = page("en-us", "extensions.html");
    assert_well_nested(&en);
    assert!(
        en.contains("<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\nDone</li>"),
        "{en}"
    );
    assert!(
        en.contains("<li><input disabled=\"\" type=\"checkbox\"/>\nOpen</li>"),
        "{en}"
    );
    assert!(en.contains("<p>This is <del>gone</del>, H<sub>2</sub>O, x<sup>2</sup>, <ins>new</ins> and <mark>marked</mark>.</p>"), "{en}");
    assert!(
        en.contains(
            "<p>See <a href=\"https://example.org/docs\">https://example.org/docs</a>.</p>"
        ),
        "{en}"
    );
    let nl = page("nl-nl", "extensions.html");
    assert_well_nested(&nl);
    assert!(nl.contains("Dit is <del>weg</del>, H<sub>2</sub>O, x<sup>2</sup>, <ins>nieuw</ins> en <mark>gemarkeerd</mark>.<span class=\"sxs-src\" lang=\"en-US\">This is <del>gone</del>"), "{nl}");
    assert!(
        nl.contains("Zie <a href=\"https://example.org/docs\">https://example.org/docs</a>.<span"),
        "{nl}"
    );
}

#[test]
fn pivot_zones_get_the_selector_script() {
    for loc in ["nl-nl", "en-us"] {
        let html = read(&site().out.join(loc).join("env-a").join("zones.html"));
        let a = article(&html);
        assert!(
            a.contains("<div class=\"zone has-pivot\" data-pivot=\"windows linux\">"),
            "{a}"
        );
        assert!(a.contains("<div class=\"zone has-pivot\" data-pivot=\"macos\">"));
        assert!(html.contains("docfx.js\" defer></script>"));
        let other = read(&site().out.join(loc).join("env-a").join("tables.html"));
        assert!(!other.contains("docfx.js"));
    }
    assert!(site().out.join("_tolk/docfx.js").is_file());
}

#[test]
fn an_empty_link_text_takes_the_target_title() {
    let nl = page("nl-nl", "empty-link.html");
    assert!(nl.contains("Zie <a href=\"rows.html\">Rijen</a> en <a href=\"https://example.org\">https://example.org</a>.<span class=\"sxs-src\" lang=\"en-US\">See <a href=\"rows.html\">Rows</a>"), "{nl}");
    let en = page("en-us", "empty-link.html");
    assert!(
        en.contains("<p>See <a href=\"rows.html\">Rows</a> and"),
        "{en}"
    );
    let d = &site().diagnostics;
    assert_eq!(
        d.iter()
            .filter(|(c, f, l)| c == "link-text-empty" && f == "empty-link.md" && *l == 7)
            .count(),
        1,
        "{d:?}"
    );
}

#[test]
fn optional_markdig_extensions_from_docfx_json() {
    let en = page("en-us", "optional.html");
    assert_well_nested(&en);
    assert!(en.contains("<p>A sentence with a footnote.<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>"), "{en}");
    assert!(en.contains("<div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup>\n<p>The footnote.</p>"));
    assert!(
        en.contains("<dl>\n<dt>Notebook</dt>\n<dd>A document with cells.</dd>\n</dl>"),
        "{en}"
    );
    let nl = page("nl-nl", "optional.html");
    assert!(nl.contains("<dt><span class=\"sxs\">Notitieboek<span class=\"sxs-src\" lang=\"en-US\">Notebook</span></span></dt>"), "{nl}");
    // Named but not rendered by tolk: reported at docfx.json.
    assert!(site()
        .diagnostics
        .iter()
        .any(|(c, f, l)| c == "unsupported-syntax" && f == "docfx.json" && *l == 30));
}

#[test]
fn math_as_markdig_renders_it_in_both_locales() {
    let en = page("en-us", "math.html");
    assert_well_nested(&en);
    // Inline: escaped, no emphasis inside.
    assert!(en.contains("<p>The formula <span class=\"math\">\\(E=mc^2\\)</span> holds, also for <span class=\"math\">\\(a&lt;b\\)</span> and <span class=\"math\">\\(a*b*c\\)</span>.</p>"), "{en}");
    // A paragraph of `$$…$$` only: Markdig's math block.
    assert!(
        en.contains("<div class=\"math\">\n\\[\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n\\]</div>"),
        "{en}"
    );
    // Space after the opener, before the closer, a digit after the closer, `\$`.
    assert!(
        en.contains("<p>No math: $ x$, $y $, $5 and $6, $z$1 and $w$.</p>"),
        "{en}"
    );
    // `$$…$$` inside a sentence stays inline.
    assert!(
        en.contains("<p>Inline <span class=\"math\">\\(x^2\\)</span> in a sentence.</p>"),
        "{en}"
    );
    // Dollars in different halves of a pair: each locale keeps its own text.
    assert!(en.contains("<p>b$ is the price</p>"), "{en}");
    let nl = page("nl-nl", "math.html");
    assert_well_nested(&nl);
    assert!(
        nl.contains("De formule <span class=\"math\">\\(E=mc^2\\)</span> geldt"),
        "{nl}"
    );
    assert!(nl.contains("<p><span class=\"sxs\">De prijs $a<span class=\"sxs-src\" lang=\"en-US\">b$ is the price</span></span></p>"), "{nl}");
    assert!(
        nl.contains("Geen wiskunde: $ x$, $y $, $5 en $6, $z$1 en $w$."),
        "{nl}"
    );
    // KaTeX is shipped with the site and linked from pages with math only.
    let full = read(&site().out.join("en-us/env-a/math.html"));
    assert!(full.contains("katex/katex.min.css") && full.contains("katex/katex.min.js"));
    let other = read(&site().out.join("en-us/env-a/optional.html"));
    assert!(!other.contains("katex"), "{other}");
    assert!(site().out.join("_tolk/katex/katex.min.js").is_file());
    assert!(site()
        .out
        .join("_tolk/katex/fonts/KaTeX_Main-Regular.woff2")
        .is_file());
}

#[test]
fn emoji_shortcodes_and_abbreviations_per_locale() {
    let en = page("en-us", "emoji-abbr.html");
    assert_well_nested(&en);
    assert!(
        en.contains("<p>Happy 😄 and 🚀, but :no-such-emoji: stays. <code>:smile:</code></p>"),
        "{en}"
    );
    // Markdig's whole words (after whitespace; then punctuation or a space),
    // in link text but not URLs nor code; the definitions are not shown.
    assert!(en.contains("<p>Write <abbr title=\"HyperText Markup Language\">HTML</abbr>, not XHTML or HTML5; see <a href=\"https://example.org/HTML\">the <abbr title=\"HyperText Markup Language\">HTML</abbr> spec</a> or (HTML). <code>HTML</code></p>"), "{en}");
    assert!(
        en.contains("<code class=\"language-text\">HTML :smile:\n</code>"),
        "{en}"
    );
    assert!(!en.contains("*[") && !en.contains("Consortium"), "{en}");
    // As in Markdig, a shortcode converts only after whitespace or at a line start.
    assert!(en.contains("<p>🎉 Not after a letter:smile: or <em>:smile:</em>, but <strong>after</strong> 😄</p>"), "{en}");
    let nl = page("nl-nl", "emoji-abbr.html");
    assert_well_nested(&nl);
    assert!(
        nl.contains("Blij 😄 en 🚀, maar :geen-emoji: blijft."),
        "{nl}"
    );
    // The title written as a pair: each side its own.
    assert!(
        nl.contains("Schrijf <abbr title=\"Hypertext-opmaaktaal\">HTML</abbr>"),
        "{nl}"
    );
    assert!(nl.contains("<span class=\"sxs-src\" lang=\"en-US\">Write <abbr title=\"HyperText Markup Language\">HTML</abbr>"), "{nl}");
    assert!(!nl.contains("*[") && !nl.contains("Consortium"), "{nl}");
}
