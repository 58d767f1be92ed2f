//! Tests of the code snippets: both directive forms, locators, tags and
//! regions, reading inside the docset root, and the lowered HTML.

use super::*;

#[test]
fn parses_the_bang_form() {
    let l = r#"[!code-csharp[Main \[x\]](../a\(1\).cs#tag "The title")]"#;
    let (end, d, raw) = parse_bang(l, 0).unwrap();
    assert_eq!(end, l.len());
    assert_eq!(d.language, "csharp");
    assert_eq!(d.name, "Main [x]");
    assert_eq!(raw, "../a(1).cs#tag");
    assert_eq!(d.title, "The title");
    let l = r#"[!code-csharp[Main](a\(1\).cs?range=1-3&highlight=2 "T")]"#;
    let (_, d, raw) = parse_bang(l, 0).unwrap();
    assert_eq!(
        (raw.as_str(), d.title.as_str()),
        ("a(1).cs?range=1-3&highlight=2", "T")
    );
    let (_, d, raw) = parse_bang("[!code[](<a b.py>)]", 0).unwrap();
    assert_eq!((d.language.as_str(), raw.as_str()), ("", "a b.py"));
    assert!(parse_bang("[!code-cs[x](a.cs", 0).is_none());
    assert!(parse_bang("[!code-cs x](a.cs)]", 0).is_none());
}

#[test]
fn ranges() {
    assert_eq!(
        parse_ranges("1-2,10, 29-").unwrap(),
        vec![(1, Some(2)), (10, Some(10)), (29, None)]
    );
    assert!(parse_ranges("3-1").is_none());
    assert!(parse_ranges("a").is_none());
    assert!(parse_ranges("0").is_none());
    assert!(parse_ranges("1,,2").is_none());
}

#[test]
fn tags_in_every_comment_family() {
    let cases: &[(&str, &str)] = &[
        (
            "csharp",
            "x\n  // <Main>\n  a();\n  // <Inner>\n  b();\n  // </Inner>\n  // </Main>\ny",
        ),
        ("python", "x\n# <main>\na()\n#</ main >\ny"),
        ("xml", "x\n<!-- <Main> -->\n<a/>\n<!-- </Main> -->"),
        ("sql", "-- <Main>\nSELECT 1;\n-- </Main>"),
        ("vb", "' <Main>\nDim a\n' </Main>"),
        ("css", "/* <Main> */\na{}\n/* </Main> */"),
        ("fsharp", "(* <Main> *)\nlet a = 1\n(* </Main> *)"),
        ("batchfile", "REM <Main>\necho a\nrem </Main>"),
    ];
    for (lang, text) in cases {
        let lines: Vec<&str> = text.lines().collect();
        let got = extract_tag(&lines, "main", lang).unwrap_or_else(|e| panic!("{lang}: {e:?}"));
        assert!(!got.is_empty(), "{lang}");
        for i in &got {
            assert!(
                !lines[*i].contains('<') || *lang == "xml",
                "{lang}: marker kept: {}",
                lines[*i]
            );
        }
    }
    let lines: Vec<&str> = "// <a>\nx\n".lines().collect();
    assert_eq!(extract_tag(&lines, "a", "python"), Err(TagError::Missing));
    assert_eq!(
        extract_tag(&lines, "a", "javascript"),
        Err(TagError::Unclosed)
    );
}

#[test]
fn regions_nest_and_snippet_prefix_falls_back() {
    let t = "#region One\na\n#region Two\nb\n#endregion\nc\n#endregion\nd";
    let lines: Vec<&str> = t.lines().collect();
    let got: Vec<&str> = extract_tag(&lines, "one", "csharp")
        .unwrap()
        .iter()
        .map(|&i| lines[i])
        .collect();
    assert_eq!(got, vec!["a", "b", "c"]);
    let t = "#Region \"Snippet1\"\nDim a\n#End Region";
    let lines: Vec<&str> = t.lines().collect();
    let got: Vec<&str> = extract_tag(&lines, "1", "vb")
        .unwrap()
        .iter()
        .map(|&i| lines[i])
        .collect();
    assert_eq!(got, vec!["Dim a"]);
    let t = "// #region demo\nlet a;\n// #endregion";
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(extract_tag(&lines, "demo", "typescript").unwrap(), vec![1]);
}

#[test]
fn dedent_common_or_fixed() {
    let mut v = vec!["    a".to_string(), "".into(), "      b".into()];
    dedent(&mut v, None);
    assert_eq!(v, vec!["a", "", "  b"]);
    let mut v = vec!["    a".to_string(), "  b".into()];
    dedent(&mut v, Some(3));
    assert_eq!(v, vec![" a", "b"]);
}

#[test]
fn code_is_escaped_for_every_later_pass() {
    assert_eq!(
        escape_code("a::b [!NOTE] ```x``` <!-- c --> ~~~ \u{2E20}"),
        "a&#58;&#58;b &#91;!NOTE] &#96;&#96;&#96;x&#96;&#96;&#96; &lt;!-- c --&gt; &#126;&#126;&#126; &#x2E20;"
    );
    assert_eq!(escape_code("def f(): x[0]"), "def f(): x[0]");
}

proptest::proptest! {
    #[test]
    fn malformed_directives_never_panic(parts in proptest::collection::vec(proptest::sample::select(vec![
        "[!code", "-cs", "[", "]", "(", ")", "\\", "<", ">", "a.cs", "#L", "1", "-", "?range=",
        "&", "\"", ":::", "code ", "source=\"", "é", "⸠", " ", "> ", "1. ", "\t",
    ]), 0..20)) {
        let line: String = parts.concat();
        let files = vec!["p.md".to_string()];
        let cx = SnippetContext {
            root: Path::new("/nonexistent-tolk-root"),
            files: &files,
            not_found_label: "Missing",
            read: Default::default(),
        };
        let mut d = Vec::new();
        let o = LineOrigin { file: 0, line: 1 };
        let out = lower(vec![(line.clone(), o)], &cx, &mut d);
        // Either untouched, or reported.
        if out.len() != 1 || out[0].0 != line {
            proptest::prop_assert!(!d.is_empty());
        }
    }
}

#[test]
fn languages_from_extensions() {
    assert_eq!(language_of("a/b/Program.cs"), "csharp");
    assert_eq!(language_of("x.PS1"), "powershell");
    assert_eq!(language_of("Makefile"), "");
}
