//! Property pass over the files that steer a build rather than fill a page:
//! the configuration (`docfx.json`), the redirect file
//! (`.openpublishing.redirection.json`) and TOCs (`toc.yml`, `TOC.md`).
//! Real-shaped documents with hostile values (wrong types, nulls, huge
//! numbers, deep nesting, YAML alias bombs, control characters) and hostile
//! bytes (invalid UTF-8, BOMs, CRLF, NUL, cut short) never panic; every
//! problem in such a file names the file and its line and column; and the
//! outcome is consistent: a site is written exactly when there is no error.
//! CI runs a short fixed-seed pass; a long one:
//! `PROPTEST_RNG_SEED=random PROPTEST_CASES=2000 cargo test --release --test fuzz_inputs`.

use proptest::prelude::*;
use std::path::Path;
use tolk::{build, BuildOptions};

const PAGE: &str = "---\ntitle: Pagina\nms.contentlocale: nl-NL\n---\n# Pagina\n\nTekst.\n";

/// JSON values a setting may hold, most of them wrong for it.
const JSON_VALUES: &[&str] = &[
    "null",
    "true",
    "0",
    "-1",
    "1e999",
    "18446744073709551616",
    "-9223372036854775809",
    "1.5e-400",
    "\"\"",
    "\"**/*.md\"",
    "\"../../etc/passwd\"",
    "\"/dev/zero\"",
    "\"a\\u0000b\"",
    "\"\\u001b]52;c;ZXZpbA==\\u0007\"",
    "\"javascript:alert(1)\"",
    "\"https://example.com/x\"",
    "\"\\ud800\"",
    "[]",
    "{}",
    "[null]",
    "[\"**/*.md\"]",
    "[1, 2, 3]",
    "[{\"files\": null}]",
    "[{\"files\": [\"**/*.md\"], \"exclude\": 5}]",
    "{\"files\": [\"**\"]}",
    "{\"a\": {\"b\": {\"c\": []}}}",
];

fn json_value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(JSON_VALUES).prop_map(str::to_string),
        1 => (1usize..3000).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
        1 => (1usize..3000).prop_map(|n| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n))),
        1 => "\\PC{0,20}".prop_map(|s| serde_json::to_string(&s).unwrap()),
    ]
}

/// A docfx.json: the real shape, some settings replaced by hostile values.
fn docfx() -> impl Strategy<Value = String> {
    let keys = [
        "content",
        "resource",
        "globalMetadata",
        "fileMetadata",
        "groups",
        "xref",
        "markdownEngineProperties",
        "dest",
    ];
    (
        prop::collection::vec((prop::sample::select(keys.to_vec()), json_value()), 0..5),
        prop::bool::ANY,
        prop_oneof![
            4 => Just(None),
            1 => prop::sample::select(JSON_VALUES).prop_map(Some),
        ],
    )
        .prop_map(|(settings, keep_content, whole)| {
            if let Some(w) = whole {
                return w.to_string();
            }
            let mut fields = Vec::new();
            if keep_content {
                fields.push(r#""content": [{"files": ["**/*.md", "**/*.yml"]}]"#.to_string());
            }
            for (k, v) in settings {
                fields.push(format!("\"{k}\": {v}"));
            }
            format!(
                "{{\n  \"build\": {{\n    {}\n  }}\n}}\n",
                fields.join(",\n    ")
            )
        })
}

/// A redirect file: real-shaped entries with hostile values.
fn redirects() -> impl Strategy<Value = String> {
    let entry = (json_value(), json_value(), prop::bool::ANY).prop_map(|(s, u, real)| {
        if real {
            format!(
                "{{\"source_path\": \"docs/oud.md\", \"redirect_url\": {u}, \"redirect_document_id\": {s}}}"
            )
        } else {
            format!("{{\"source_path\": {s}, \"redirect_url\": {u}}}")
        }
    });
    prop_oneof![
        6 => prop::collection::vec(entry, 0..6)
            .prop_map(|e| format!("{{\n  \"redirections\": [\n    {}\n  ]\n}}\n", e.join(",\n    "))),
        1 => json_value().prop_map(|v| format!("{{\"redirections\": {v}}}")),
        1 => json_value(),
    ]
}

/// YAML values a TOC node's field may hold.
const YAML_VALUES: &[&str] = &[
    "index.md",
    "oud.md",
    "~",
    "null",
    "[]",
    "{}",
    "[a, b]",
    "{a: b}",
    "123456789012345678901234567890",
    "-.inf",
    ".nan",
    "'javascript:alert(1)'",
    "\"\\e]52;c;ZXZpbA==\\a\"",
    "\"\\0\"",
    "../../../etc/passwd",
    "'#anker'",
    "toc.yml",
    "sub/toc.yml",
    "!!binary aGFsbG8=",
    "&a [x, *a]",
    "*onbekend",
    "|\n    blok\n    tekst",
];

/// A toc.yml: nodes with hostile fields, sometimes an alias bomb or deep nesting.
fn toc_yml() -> impl Strategy<Value = String> {
    let node = (
        prop::sample::select(YAML_VALUES),
        prop::sample::select(YAML_VALUES),
        prop::sample::select(vec![
            "name",
            "href",
            "items",
            "topicHref",
            "tocHref",
            "uid",
            "expanded",
        ]),
        prop::sample::select(YAML_VALUES),
        0usize..4,
    )
        .prop_map(|(name, href, key, value, indent)| {
            let pad = "  ".repeat(indent);
            format!("{pad}- name: {name}\n{pad}  href: {href}\n{pad}  {key}: {value}\n")
        });
    prop_oneof![
        6 => (prop::bool::ANY, prop::collection::vec(node, 0..8)).prop_map(|(map, nodes)| {
            let body = nodes.concat();
            if map { format!("items:\n{body}") } else { body }
        }),
        1 => Just(
            "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nitems: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n".to_string()
        ),
        1 => (1usize..2000).prop_map(|n| format!("items:\n{}x\n", "- ".repeat(n))),
        1 => (1usize..2000).prop_map(|n| format!("- name: a\n  items: {}{}\n", "[".repeat(n), "]".repeat(n))),
    ]
}

/// A TOC.md: headings of any level with links, some malformed.
fn toc_md() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        (
            1usize..9,
            prop::sample::select(YAML_VALUES),
            prop::sample::select(YAML_VALUES)
        )
            .prop_map(|(level, name, href)| format!("{} [{name}]({href})", "#".repeat(level))),
        (1usize..9, "\\PC{0,20}").prop_map(|(level, t)| format!("{}{t}", "#".repeat(level))),
        Just("#[geen spatie](index.md)".to_string()),
        Just("# [open(index.md".to_string()),
        Just("# [a](javascript:alert(1))".to_string()),
        Just("## [](index.md)".to_string()),
        Just("".to_string()),
        "\\PC{0,30}",
    ];
    prop::collection::vec(line, 0..12).prop_map(|l| l.join("\n"))
}

/// What the bytes of a generated text undergo on the way to disk.
#[derive(Debug, Clone)]
enum Mangle {
    None,
    Bom,
    DoubleBom,
    Crlf,
    Cr,
    InvalidUtf8(usize, u8),
    Nul(usize),
    Control(usize, char),
    Cut(usize),
}

fn mangle() -> impl Strategy<Value = Mangle> {
    prop_oneof![
        6 => Just(Mangle::None),
        1 => Just(Mangle::Bom),
        1 => Just(Mangle::DoubleBom),
        1 => Just(Mangle::Crlf),
        1 => Just(Mangle::Cr),
        1 => (any::<usize>(), prop::sample::select(vec![0x80u8, 0xC0, 0xFF, 0xED, 0xF5])).prop_map(|(i, b)| Mangle::InvalidUtf8(i, b)),
        1 => any::<usize>().prop_map(Mangle::Nul),
        1 => (any::<usize>(), prop::sample::select(vec!['\u{1b}', '\u{7}', '\u{8}', '\u{c}', '\u{85}', '\u{2028}', '\u{feff}', '\u{202e}'])).prop_map(|(i, c)| Mangle::Control(i, c)),
        1 => any::<usize>().prop_map(Mangle::Cut),
    ]
}

fn apply(text: &str, m: &Mangle) -> Vec<u8> {
    // A byte position at a character boundary (mangling adds the damage).
    let at = |i: usize| {
        let mut p = if text.is_empty() {
            0
        } else {
            i % (text.len() + 1)
        };
        while !text.is_char_boundary(p) {
            p -= 1;
        }
        p
    };
    let mut b = text.as_bytes().to_vec();
    match m {
        Mangle::None => {}
        Mangle::Bom => b.splice(0..0, "\u{feff}".bytes()).for_each(drop),
        Mangle::DoubleBom => b.splice(0..0, "\u{feff}\u{feff}".bytes()).for_each(drop),
        Mangle::Crlf => b = text.replace('\n', "\r\n").into_bytes(),
        Mangle::Cr => b = text.replace('\n', "\r").into_bytes(),
        Mangle::InvalidUtf8(i, byte) => b.insert(at(*i), *byte),
        Mangle::Nul(i) => b.insert(at(*i), 0),
        Mangle::Control(i, c) => {
            let p = at(*i);
            b.splice(p..p, c.to_string().bytes()).for_each(drop);
        }
        Mangle::Cut(i) => b.truncate(at(*i)),
    }
    b
}

const DOCFX: &str =
    r#"{"build":{"content":[{"files":["**/*.md","**/*.yml"],"exclude":["**/includes/**"]}]}}"#;

/// Codes about the build as a whole, not a place in a file.
const WHOLE_BUILD: &[&str] = &["output-unknown-files"];

/// Codes of a file that cannot be read as text or parsed: located to the column.
const SYNTAX: &[&str] = &[
    "config-invalid",
    "file-not-text",
    "file-not-utf8",
    "redirection-parse-error",
    "toc-parse-error",
];

/// Build a docset with `file` (docset-relative, or `../x` beside it) holding
/// `bytes`, and check the properties. `shown` is how diagnostics name it.
fn check_file(rel: &str, shown: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir(t.path().join(".git")).unwrap();
    let src = t.path().join("docs");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    std::fs::write(src.join("docfx.json"), DOCFX).unwrap();
    std::fs::write(src.join("index.md"), PAGE).unwrap();
    std::fs::write(src.join("sub/deel.md"), PAGE).unwrap();
    let path = src.join(rel);
    std::fs::write(&path, bytes).unwrap();
    let out = t.path().join("site");
    let result = build(&BuildOptions {
        source: src.clone(),
        out: Some(out.clone()),
        ..Default::default()
    });
    let diags = result.diagnostics.sorted();
    for (d, _) in &diags {
        let code = d.code.name();
        prop_assert!(!d.message.is_empty(), "{code}: empty message");
        if WHOLE_BUILD.contains(&code) {
            continue;
        }
        prop_assert!(!d.file.is_empty(), "{code} names no file: {}", d.message);
        if d.file == shown {
            // Every problem has its line; a syntax error its column too
            // (TOC structure warnings concern whole lines: column 0, unknown).
            let column_needed = SYNTAX.contains(&code);
            prop_assert!(
                d.line >= 1 && (d.column >= 1 || !column_needed),
                "{code} in {shown} is not located ({}:{}): {}",
                d.line,
                d.column,
                d.message
            );
        }
    }
    // A site exactly when there is no error; never a half-written one.
    let written = out.join(".tolk-site").is_file();
    prop_assert_eq!(
        result.has_errors(),
        !written,
        "errors: {:?}",
        diags.iter().map(|(d, _)| d.code.name()).collect::<Vec<_>>()
    );
    prop_assert_eq!(result.written_to.is_some(), written);
    if !written {
        prop_assert!(!out.exists(), "a half-written site");
    }
    let leftovers: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tolk-tmp"))
        .collect();
    prop_assert!(leftovers.is_empty(), "{:?}", leftovers);
    drop(path);
    Ok(())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        rng_seed: match std::env::var("PROPTEST_RNG_SEED").ok().as_deref() {
            Some("random") => proptest::test_runner::RngSeed::Random,
            Some(n) => n
                .parse()
                .map(proptest::test_runner::RngSeed::Fixed)
                .unwrap_or(proptest::test_runner::RngSeed::Fixed(2026)),
            None => proptest::test_runner::RngSeed::Fixed(2026),
        },
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn hostile_docfx_json_is_located_and_consistent(text in docfx(), m in mangle()) {
        check_file("docfx.json", "docfx.json", &apply(&text, &m))?;
    }

    #[test]
    fn hostile_redirect_file_is_located_and_consistent(text in redirects(), m in mangle()) {
        check_file(
            "../.openpublishing.redirection.json",
            "../.openpublishing.redirection.json",
            &apply(&text, &m),
        )?;
    }

    #[test]
    fn hostile_toc_yml_is_located_and_consistent(text in toc_yml(), m in mangle(), nested in prop::bool::ANY) {
        let rel = if nested { "sub/toc.yml" } else { "toc.yml" };
        check_file(rel, rel, &apply(&text, &m))?;
    }

    #[test]
    fn hostile_toc_md_is_located_and_consistent(text in toc_md(), m in mangle(), nested in prop::bool::ANY) {
        let rel = if nested { "sub/TOC.md" } else { "TOC.md" };
        check_file(rel, rel, &apply(&text, &m))?;
    }
}

#[test]
fn fuzz_helpers_mangle_at_character_boundaries() {
    let t = "één\ntwee\n";
    for i in 0..20 {
        let b = apply(t, &Mangle::Control(i, '\u{1b}'));
        assert!(std::str::from_utf8(&b).is_ok());
        assert_eq!(b.len(), t.len() + 1);
    }
    assert_eq!(apply("a\nb", &Mangle::Crlf), b"a\r\nb");
    assert!(std::str::from_utf8(&apply(t, &Mangle::InvalidUtf8(3, 0xFF))).is_err());
    let _ = Path::new("");
}
