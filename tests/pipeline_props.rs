//! Property test of the whole page pipeline (span pairs, moniker blocks,
//! includes, DocFX blocks, Markdown, templates): random documents built from
//! real-shaped fragments never panic and never leak raw markup into a page.
//! CI runs a short fixed-seed pass; a long one: `PROPTEST_RNG_SEED=random PROPTEST_CASES=5000 cargo test --release --test pipeline_props`.
//! Failing inputs are kept by proptest in `proptest-regressions/` and replayed.

mod common;
use common::*;
use proptest::prelude::*;
use tolk::{build, BuildOptions};

const FRAGMENTS: &[&str] = &[
    "<span data-ttu-id=\"a-1\">Doel **vet**</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Source **bold**</span></span>",
    "<span data-ttu-id=\"a-2\">Half",
    "</span>",
    "<span class=\"sxs-lookup\"><span data-stu-id=\"a-3\">Orphan</span></span>",
    "<span data-ttu-id=&quot;a-4&quot;>Mangled</span><span class=&quot;sxs-lookup&quot;><span data-stu-id=&quot;a-4&quot;>Mangled</span></span>",
    "::: moniker range=\"env-a\"",
    "::: moniker range=\"env-b || env-c\"",
    "::: moniker range=\">\"",
    "::: moniker-end",
    "[!INCLUDE [x](includes/a.md)]",
    "[!INCLUDE [x](includes/missing.md)]",
    "[!INCLUDE [x](../outside.md)]",
    "Tekst [!INCLUDE [x](includes/a.md)] inline",
    "> [!NOTE]",
    "> [!TIP]\n> tip",
    "> [!VIDEO https://www.youtube.com/watch?v=abc]",
    "> [!div class=\"checklist\"]",
    "> [!FOO]",
    ":::image type=\"content\" source=\"media/a.png\" alt-text=\"A\":::",
    ":::image type=\"complex\" source=\"a.png\" alt-text=\"a\":::",
    ":::image-end:::",
    ":::row:::",
    ":::column:::",
    ":::column-end:::",
    ":::row-end:::",
    "::: zone pivot=\"a\"",
    "::: zone-end",
    ":::code source=\"x.cs\":::",
    "# [Tab](#tab/one)",
    "---",
    "## <a name=\"x\"></a>Heading",
    "1. item",
    "   - nested",
    "| a | b |\n|---|---|\n| <span data-ttu-id=\"t\">c</span><span class=\"sxs-lookup\"><span data-stu-id=\"t\">c</span></span> | d |",
    "```",
    "~~~",
    "    indented code",
    "<table><tr><td><span data-ttu-id=\"h\">x</span><span class=\"sxs-lookup\"><span data-stu-id=\"h\">y</span></span></td></tr></table>",
    "<!-- comment",
    "-->",
    "[link](good.md#good) [bad](nope.md) ![img](media/none.png)",
    "",
    "\\",
    "&nbsp; &quot; <b>",
];

fn doc() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            1 => "\\PC{0,40}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.join("\n"))
}

/// The HTML with `<pre>…</pre>` and `<code>…</code>` removed.
fn outside_code(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        let next = [("<pre", "</pre>"), ("<code", "</code>")]
            .iter()
            .filter_map(|(o, c)| rest.find(o).map(|i| (i, *c)))
            .min_by_key(|(i, _)| *i);
        match next {
            Some((i, close)) => {
                out.push_str(&rest[..i]);
                match rest[i..].find(close) {
                    Some(j) => rest = &rest[i + j + close.len()..],
                    None => return out,
                }
            }
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

proptest! {
    // A fixed seed keeps CI reproducible; PROPTEST_RNG_SEED=random (or a number)
    // and PROPTEST_CASES explore further.
    #![proptest_config(ProptestConfig {
        cases: 24,
        rng_seed: match std::env::var("PROPTEST_RNG_SEED").ok().as_deref() {
            Some("random") => proptest::test_runner::RngSeed::Random,
            Some(n) => n.parse().map(proptest::test_runner::RngSeed::Fixed).unwrap_or(proptest::test_runner::RngSeed::Fixed(2026)),
            None => proptest::test_runner::RngSeed::Fixed(2026),
        },
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_document_builds_without_raw_markup(page in doc(), include in doc()) {
        let t = tempfile::tempdir().unwrap();
        let src = t.path().join("docs");
        copy_dir(&fixture("links"), &src);
        std::fs::create_dir_all(src.join("includes")).unwrap();
        std::fs::write(src.join("includes/a.md"), &include).unwrap();
        std::fs::write(src.join("random.md"), format!("---\nms.contentlocale: nl-NL\n---\n{page}")).unwrap();
        let out = t.path().join("site");
        let result = build(&BuildOptions { source: src.clone(), out: Some(out.clone()), ..Default::default() });
        if result.has_errors() {
            // Errors must be located and the site must not be written.
            for (d, _) in result.diagnostics.sorted() {
                prop_assert!(!d.message.is_empty());
            }
            prop_assert!(!out.exists());
        } else {
            // A fence may put any text in a code block, where DocFX syntax is shown as
            // written (HTML blocks can swallow the fence itself); span-pair markup must
            // not leak even there.
            let fenced = [&page, &include].iter().any(|d| d.contains("```") || d.contains("~~~"));
            // Invalid DocFX syntax stays literal text, as in DocFX, but only
            // with a located diagnostic telling the writer.
            let literal = result.diagnostics.sorted().iter().any(|(d, _)| {
                ["triple-colon-stray-end", "zone-invalid", "image-invalid", "video-invalid", "no-loc-invalid", "form-invalid"]
                    .contains(&d.code.name())
            });
            let markers: Vec<&str> = RAW_MARKERS
                .iter()
                .copied()
                .filter(|m| !(fenced || literal) || m.contains("-id") || m.contains("sxs"))
                .collect();
            for f in html_files(&out) {
                // Code blocks show their text literally (docs about DocFX syntax).
                let html = outside_code(&read(&f));
                for m in &markers {
                    prop_assert!(!html.contains(m), "{} contains {:?}", f.display(), m);
                }
                for c in ['\u{2E20}', '\u{2E3E}', '\u{2E21}'] {
                    prop_assert!(!html.contains(c), "{} contains a sentinel", f.display());
                }
            }
        }
    }
}
