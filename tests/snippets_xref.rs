//! Code snippets and cross references: tests/fixtures/snippets built in
//! both locales and both environments, its HTML, its diagnostics (located),
//! the written xrefmap.yml files, and the snippet paths refused.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// Build `src` into a temporary folder: (status, diagnostics, site folder).
fn build(src: &Path) -> (i32, Vec<Value>, tempfile::TempDir) {
    let t = tempfile::tempdir().unwrap();
    let out = tolk()
        .args(["build", src.to_str().unwrap(), "--out"])
        .arg(t.path().join("site"))
        .args(["--format", "json"])
        .current_dir(repo())
        .output()
        .unwrap();
    let diags = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    (out.status.code().unwrap(), diags, t)
}

fn fixture() -> std::path::PathBuf {
    repo().join("tests/fixtures/snippets")
}

fn page(site: &Path, variant: &str, rel: &str) -> String {
    article(&read(&site.join("site").join(variant).join(rel))).to_string()
}

/// The diagnostic of `code` at file:line:col, if any.
fn at<'a>(d: &'a [Value], code: &str, file: &str, line: u64, col: u64) -> Option<&'a Value> {
    d.iter()
        .find(|x| x["code"] == code && x["file"] == file && x["line"] == line && x["column"] == col)
}

fn pres(html: &str) -> Vec<String> {
    html.split("<pre tabindex=\"0\">")
        .skip(1)
        .map(|s| s[..s.find("</pre>").unwrap()].to_string())
        .collect()
}

#[test]
fn every_snippet_locator_renders_the_same_code_in_both_locales() {
    let (status, diags, t) = build(&fixture());
    assert_eq!(status, 0, "{diags:?}");
    assert!(
        !diags.iter().any(|d| d["file"] == "docs/code.md"),
        "{diags:?}"
    );
    for env in ["env-a", "env-b"] {
        let nl = page(t.path(), &format!("nl-nl/{env}"), "docs/code.html");
        let en = page(t.path(), &format!("en-us/{env}"), "docs/code.html");
        assert!(nl.contains("<p>Een tag in C#.</p>") && en.contains("<p>A tag in C#.</p>"));
        let (pn, pe) = (pres(&nl), pres(&en));
        assert_eq!(pn, pe, "snippet code differs between locales");
        let expected = [
            // #Main: the tag's lines, the nested tag's markers dropped, common indent removed.
            "<code class=\"lang-csharp\" data-name=\"Main\" title=\"Program.cs\">static void Main()\n{\n    Console.WriteLine(&quot;Hello &lt;world&gt; &amp; \\&quot;you\\&quot;&quot;);\n}\n</code>",
            // #L17-L18, language from the extension.
            "<code class=\"lang-csharp\">static int Twice(int x) =&gt; x * 2;\n#endregion\n</code>",
            // #L11
            "<code class=\"lang-csharp\">Console.WriteLine(&quot;Hello &lt;world&gt; &amp; \\&quot;you\\&quot;&quot;);\n</code>",
            // ?name= (a #region, case-insensitive) &highlight=
            "<code class=\"lang-csharp\" data-highlight-lines=\"1\">static int Twice(int x) =&gt; x * 2;\n</code>",
            // ?range=1,3-4
            "<code class=\"lang-csharp\">using System;\nnamespace Demo\n{\n</code>",
            // ?start=8&end=9&dedent=4
            "<code class=\"lang-csharp\">    static void Main()\n    {\n</code>",
            // ~/ root path, #3 → the `snippet3` tag
            "<code class=\"lang-csharp\">static int Three() =&gt; 3;\n</code>",
            // comment families: # , <!-- -->, --, '
            "<code class=\"lang-python\">def main():\n    print(&quot;hi&quot;)\n</code>",
            "<code class=\"lang-xml\">&lt;setting name=&quot;a&quot; value=&quot;1&quot; /&gt;\n</code>",
            "<code class=\"lang-sql\">SELECT name\nFROM users;\n</code>",
            "<code class=\"lang-vb\">Sub Hello()\nEnd Sub\n</code>",
            // :::code with id, highlight, interactive
            "<code class=\"lang-csharp\" data-highlight-lines=\"1\" data-interactive=\"csharp\" data-interactive-mode=\"try-dotnet\">Console.WriteLine(&quot;Hello &lt;world&gt; &amp; \\&quot;you\\&quot;&quot;);\n</code>",
            // :::code range, language from the extension, markers kept (a range is not a tag)
            "<code class=\"lang-python\"># &lt;main&gt;\ndef main():\n    print(&quot;hi&quot;)\n</code>",
            // inside a list item: the whole file
            "<code class=\"lang-sql\">-- &lt;select&gt;\nSELECT name\nFROM users;\n-- &lt;/select&gt;\n</code>",
            // from an include in another folder: its path is relative to the include
            "<code class=\"lang-sql\">SELECT name\nFROM users;\n</code>",
            // a directive inside fenced code stays text
            "<code class=\"language-md\">[!code-csharp[](../src/Program.cs)]\n</code>",
        ];
        let got: Vec<String> = pn.iter().map(|p| p.replace("&#58;", ":")).collect();
        assert_eq!(got, expected, "{env}");
        // The list item holds its snippet.
        assert!(nl
            .contains("<li>\n<p>In een lijst:</p>\n<pre tabindex=\"0\"><code class=\"lang-sql\">"));
    }
}

#[test]
fn missing_and_refused_snippets_are_located_and_boxed() {
    let (_, diags, t) = build(&fixture());
    let cases = [
        ("codesnippet-not-found", 7, 1, "src/Nope.cs"),
        ("codesnippet-not-found", 9, 1, "NoSuchTag"),
        (
            "codesnippet-outside-docset",
            11,
            1,
            "climbs above the docset root",
        ),
        ("codesnippet-outside-docset", 13, 1, "absolute path"),
        ("codesnippet-invalid", 15, 1, "x-y"),
        ("codesnippet-invalid", 17, 6, "alone on its line"),
        ("codesnippet-invalid", 19, 1, "source="),
        (
            "codesnippet-invalid",
            21,
            1,
            "asks for line 99, but the file has 24 lines",
        ),
        (
            "codesnippet-invalid",
            23,
            8,
            "stand alone on its line (ending with :::)",
        ),
    ];
    for (code, line, col, text) in cases {
        let d = at(&diags, code, "docs/bad.md", line, col)
            .unwrap_or_else(|| panic!("{code} at {line}:{col} not in {diags:?}"));
        assert!(d["message"].as_str().unwrap().contains(text), "{d}");
        assert_eq!(d["severity"], "warning");
    }
    // Nothing else is said about the page (no "unsupported" on top).
    assert_eq!(
        diags.iter().filter(|d| d["file"] == "docs/bad.md").count(),
        cases.len(),
        "{diags:?}"
    );
    for (variant, title, label) in [
        ("nl-nl/env-a", "Waarschuwing", "Codefragment niet gevonden"),
        ("en-us/env-b", "Warning", "Code snippet not found"),
    ] {
        let html = page(t.path(), variant, "docs/bad.html");
        let boxes = html
            .matches(&format!(
                "<div class=\"alert is-warning WARNING\" role=\"note\">\n<p class=\"alert-title\">{title}</p>\n<p>{label}: <code>"
            ))
            .count();
        assert_eq!(boxes, 4, "{html}");
        assert!(html.contains(&format!("{label}: <code>../src/Nope.cs</code>")));
        assert!(!html.contains("root:x:"), "/etc/passwd is never read");
        // The bad range shows the whole file; malformed directives stay literal.
        assert!(html.contains(
            "<pre tabindex=\"0\"><code class=\"lang-csharp\">using System;\n\nnamespace Demo"
        ));
        assert!(html.contains("<p>Text [!code-csharp[](../src/Program.cs)] inline.</p>"));
        assert!(html.contains("<p>:::code language=\"csharp\":::</p>"));
        assert!(html.contains("<p>Inline :::code source=\"../src/app.py\"::: here.</p>"));
        // Lines past the end: an empty snippet.
        assert!(html.contains("<pre tabindex=\"0\"><code class=\"lang-csharp\"></code></pre>"));
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_docset_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let docset = t.path().join("docset");
    copy_dir(&fixture(), &docset);
    std::fs::write(t.path().join("secret.cs"), "// SECRET\n").unwrap();
    std::os::unix::fs::symlink(t.path().join("secret.cs"), docset.join("src/link.cs")).unwrap();
    std::fs::write(
        docset.join("docs/link.md"),
        "# Link\n\n[!code-csharp[](../src/link.cs)]\n",
    )
    .unwrap();
    let (status, diags, out) = build(&docset);
    // The walk already refuses the link (an error: no site is written); the
    // snippet is refused on its own account, located at the directive.
    assert_eq!(status, 1, "{diags:?}");
    assert!(diags
        .iter()
        .any(|d| d["code"] == "symlink-outside-docset" && d["file"] == "src/link.cs"));
    let d = at(&diags, "codesnippet-outside-docset", "docs/link.md", 3, 1)
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert!(d["message"].as_str().unwrap().contains("symbolic link"));
    assert!(!diags.iter().any(|d| d.to_string().contains("SECRET")));
    assert!(!out.path().join("site").exists());
}

#[test]
fn cross_references_resolve_per_locale_and_environment() {
    let (_, diags, t) = build(&fixture());
    let nl = page(t.path(), "nl-nl/env-a", "docs/xref.html");
    let en = page(t.path(), "en-us/env-a", "docs/xref.html");
    let api = "<a class=\"xref\" href=\"https://learn.example.org/dotnet/api/system.string\">";
    for (html, name) in [(&nl, "Doelpagina"), (&en, "Target page")] {
        let target = format!("<a class=\"xref\" href=\"target.html\">{name}</a>");
        assert!(html.contains(&format!("<p>Auto: {target} quoted: {target} anchor: <a class=\"xref\" href=\"target.html#section\">{name}</a></p>")), "{html}");
        assert!(html.contains(&format!("<p>Query: {api}System.String</a> text: <a class=\"xref\" href=\"target.html\" title=\"Tip\">Hier</a></p>")));
        assert!(html.contains(&format!("<p>Link: <a class=\"xref\" href=\"target.html\">de pagina</a> empty: {api}String</a></p>")));
        assert!(html.contains(&format!("<p>Short: {target}, quoted {api}String</a>. Mail: info@fixture.target and @nope.uid stays.</p>")));
        assert!(html.contains("<p>Missing: <span class=\"xref\">no.such.uid</span> and <span class=\"xref\">gone</span></p>"));
        assert!(html.contains("<p>Code: <code>&lt;xref:fixture.target&gt;</code> and <code>@fixture.target</code></p>"));
    }
    // Inside a span pair each side names the page in its own language.
    assert!(nl.contains("<p>Zie <a class=\"xref\" href=\"target.html\">Doelpagina</a>.</p>"));
    assert!(en.contains("<p>See <a class=\"xref\" href=\"target.html\">Target page</a>.</p>"));
    // A page of env-a only: a plain link in env-a, a link into env-a (with a warning) from env-b.
    assert!(nl.contains("<p>Env: <a class=\"xref\" href=\"only-a.html\">Alleen A</a></p>"));
    let nl_b = page(t.path(), "nl-nl/env-b", "docs/xref.html");
    assert!(nl_b.contains("href=\"../../../nl-nl/env-a/docs/only-a.html\">Alleen A</a>"));
    assert!(diags.iter().any(|d| d["code"] == "link-environment"
        && d["file"] == "docs/xref.md"
        && d["line"] == 19));
    // Diagnostics: unresolved <xref:> and xref: links (located), never @uid.
    assert!(
        at(&diags, "xref-not-found", "docs/xref.md", 17, 10).is_some(),
        "{diags:?}"
    );
    assert!(at(&diags, "xref-not-found", "docs/xref.md", 17, 40).is_some());
    // In a span pair both halves name the uid: reported once, at the first
    // (its column counted in the line as written, span markup included).
    assert!(
        at(&diags, "xref-not-found", "docs/xref.md", 23, 30).is_some(),
        "{diags:?}"
    );
    assert_eq!(
        diags
            .iter()
            .filter(|d| d["code"] == "xref-not-found")
            .count(),
        3
    );
    assert!(nl.contains("<p>Weg: <span class=\"xref\">half.missing</span></p>"));
    assert!(en.contains("<p>Gone: <span class=\"xref\">half.missing</span></p>"));
    assert!(at(&diags, "xref-uid-invalid", "docs/empty-uid.md", 3, 1).is_some());
    let dup = at(&diags, "xref-duplicate-uid", "docs/zz-dup.md", 3, 1).expect("duplicate uid");
    assert!(dup["message"].as_str().unwrap().contains("docs/target.md"));
    // External maps: a URL is not fetched, a path out of the docset is refused,
    // entries without href are reported; all located at build.xref.
    let maps: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "xref-map-invalid")
        .inspect(|d| {
            assert_eq!(
                (d["file"].as_str(), d["line"].as_u64()),
                (Some("docfx.json"), Some(1))
            )
        })
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(maps.len(), 3, "{maps:?}");
    assert!(maps
        .iter()
        .any(|m| m.contains("https://example.org/xrefmap.yml") && m.contains("does not fetch")));
    assert!(maps
        .iter()
        .any(|m| m.contains("'../outside.yml' is outside the docset")));
    assert!(maps.iter().any(|m| m.contains("lack a uid or href")));
}

#[test]
fn each_variant_writes_its_xrefmap() {
    let (_, _, t) = build(&fixture());
    let site = t.path().join("site");
    assert_eq!(
        read(&site.join("nl-nl/env-a/xrefmap.yml")),
        "### YamlMime:XRefMap\nsorted: true\nreferences:\n- uid: fixture.only-a\n  name: Alleen A\n  href: docs/only-a.html\n- uid: fixture.target\n  name: Doelpagina\n  href: docs/target.html\n"
    );
    assert_eq!(
        read(&site.join("en-us/env-b/xrefmap.yml")),
        "### YamlMime:XRefMap\nsorted: true\nreferences:\n- uid: fixture.target\n  name: Target page\n  href: docs/target.html\n"
    );
}

#[test]
fn a_written_xrefmap_is_read_back_by_another_docset() {
    // Docset one's map, copied into docset two and named in build.xref,
    // resolves uids to one's pages (hrefs relative to the map, no baseUrl).
    let (_, _, one) = build(&fixture());
    let t = tempfile::tempdir().unwrap();
    let two = t.path().join("two");
    std::fs::create_dir_all(two.join("ext/one")).unwrap();
    std::fs::copy(
        one.path().join("site/en-us/env-a/xrefmap.yml"),
        two.join("ext/one/xrefmap.yml"),
    )
    .unwrap();
    let map = read(&two.join("ext/one/xrefmap.yml")).replace(
        "references:",
        "baseUrl: https://one.example.org/en-us/env-a/\nreferences:",
    );
    std::fs::write(two.join("ext/one/xrefmap.yml"), map).unwrap();
    // A JSON map too (relative hrefs without baseUrl are docset paths).
    std::fs::write(
        two.join("ext/more.json"),
        r#"{"references": [{"uid": "json.uid", "name": "From JSON", "href": "https://j.example/x"},
                           {"uid": "local.uid", "name": "Local", "href": "../index.md"}]}"#,
    )
    .unwrap();
    std::fs::write(
        two.join("docfx.json"),
        r#"{"build":{"content":[{"files":["*.md"]}],"xref":["ext/one/xrefmap.yml","ext/more.json"]}}"#,
    )
    .unwrap();
    std::fs::write(
        two.join("index.md"),
        "# Two\n\nSee <xref:fixture.target>, @json.uid and @local.uid.\n",
    )
    .unwrap();
    let (status, diags, out) = build(&two);
    assert_eq!((status, diags.len()), (0, 0), "{diags:?}");
    let html = page(out.path(), "en-us/default", "index.html");
    assert!(
        html.contains("<a class=\"xref\" href=\"https://one.example.org/en-us/env-a/docs/target.html\">Target page</a>"),
        "{html}"
    );
    assert!(html.contains("<a class=\"xref\" href=\"https://j.example/x\">From JSON</a>"));
    assert!(html.contains("<a class=\"xref\" href=\"index.html\">Local</a>"));
}
