//! The one URL policy for every URL tolk itself writes into a page or a
//! site file (TOC links, redirect stubs and `_redirects`, video iframes,
//! image lightboxes, sitemap entries): which URLs are allowed and how they
//! are encoded.
//!
//! Allowed: `http:`, `https:`, `mailto:`, protocol-relative (`//host/x`),
//! site-absolute (`/x`), relative paths (`x/y.html`, `../y`), fragments
//! (`#x`) and queries (`?x`). Everything else with a scheme is refused
//! (`javascript:`, `data:`, `vbscript:`, `file:`, …). The scheme is read the
//! way a browser reads it: after decoding HTML character references
//! (`&#106;avascript:`, `java&Tab;script:`), dropping ASCII tab/newline
//! anywhere and control characters and spaces around, and ignoring case.
//!
//! Raw HTML that an author writes passes through unchanged, as in DocFX:
//! this policy is about the elements tolk generates.

use std::borrow::Cow;
use std::fmt;

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// A scheme outside http/https/mailto (lowercased, e.g. `javascript`).
    Scheme(String),
    /// A control character, space or line break inside the URL, where it
    /// could end a line or a field of a line-based file (`_redirects`).
    Whitespace,
}

impl fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlProblem::Scheme(s) => write!(
                f,
                "the `{s}:` scheme is not allowed (only http:, https:, mailto:, and relative URLs)"
            ),
            UrlProblem::Whitespace => {
                f.write_str("it holds a space, line break or control character")
            }
        }
    }
}

/// Schemes tolk writes into its own elements.
const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The scheme a browser would see in `url`, lowercased (`None` for a
/// relative or protocol-relative URL).
pub fn effective_scheme(url: &str) -> Option<String> {
    let decoded: Cow<str> = if url.contains('&') {
        html_escape::decode_html_entities(url)
    } else {
        Cow::Borrowed(url)
    };
    // Browsers strip leading/trailing C0 controls and spaces, and remove
    // tab/CR/LF anywhere; other controls in the scheme make it invalid, but
    // refusing them too is the safe reading.
    let mut scheme = String::new();
    for c in decoded
        .trim_matches(|c: char| c <= ' ' || c.is_whitespace())
        .chars()
    {
        match c {
            ':' => return (!scheme.is_empty()).then_some(scheme),
            c if c.is_control() || c.is_whitespace() || c == '\u{feff}' => {}
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                scheme.push(c.to_ascii_lowercase())
            }
            _ => return None,
        }
    }
    None
}

/// Check `url` against the policy: `Err` for a refused scheme. Whitespace
/// inside is allowed here (it is percent-encoded by [`encode`]); line-based
/// files use [`check_line_safe`].
pub fn check(url: &str) -> Result<(), UrlProblem> {
    match effective_scheme(url) {
        Some(s) if !ALLOWED_SCHEMES.contains(&s.as_str()) => {
            // "C:\x" and "c:/x" are Windows paths, not URLs; they resolve as
            // relative paths (and are refused elsewhere as leaving the docset).
            if s.len() == 1 {
                return Ok(());
            }
            Err(UrlProblem::Scheme(s))
        }
        _ => Ok(()),
    }
}

/// [`check`], and also refuse any space, line break or control character
/// inside (for one-line-per-entry files such as `_redirects`).
pub fn check_line_safe(url: &str) -> Result<(), UrlProblem> {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(UrlProblem::Whitespace);
    }
    check(url)
}

/// A URL that passed [`check`], percent-encoded: spaces, control
/// characters, `"<>\`{}|^\\` and non-ASCII characters become `%XX` (UTF-8);
/// a `%` not followed by two hex digits becomes `%25`; everything else
/// (including existing escapes, `#` and `?`) is kept.
pub fn sanitize(url: &str) -> Result<String, UrlProblem> {
    check(url)?;
    Ok(encode(url.trim()).into_owned())
}

/// [`sanitize`], or `fallback` when the URL is refused: for call sites that
/// must write some URL (a video iframe: `"about:blank"`; a lightbox link: `""`).
pub fn sanitize_or(url: &str, fallback: &str) -> String {
    sanitize(url).unwrap_or_else(|_| fallback.to_string())
}

/// Percent-encode what may not appear raw in a URL (see [`sanitize`]);
/// does not check the scheme.
pub fn encode(url: &str) -> Cow<'_, str> {
    encode_with(url, |_| false)
}

/// A docset-relative file path (`a b/c#1.html`) as a URL path: like
/// [`encode`], and also `#`, `?` and `%` (which in a file name are literal
/// characters) and a `:` (so that a first segment never reads as a scheme).
pub fn encode_path(path: &str) -> Cow<'_, str> {
    encode_with(path, |b| matches!(b, b'#' | b'?' | b'%' | b':'))
}

fn encode_with(s: &str, extra: impl Fn(u8) -> bool) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let needs = |i: usize| -> bool {
        let b = bytes[i];
        if extra(b) {
            return true;
        }
        match b {
            b'%' => {
                !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            }
            0..=0x20 | 0x7f.. => true,
            b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'^' | b'\\' | b'\'' => true,
            _ => false,
        }
    };
    if !(0..bytes.len()).any(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (i, &b) in bytes.iter().enumerate() {
        if needs(i) {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(b as char);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_schemes_are_refused_however_written() {
        for u in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "java&Tab;script:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
        ] {
            assert!(
                matches!(check(u), Err(UrlProblem::Scheme(_))),
                "{u:?} must be refused"
            );
        }
    }

    #[test]
    fn safe_urls_pass() {
        for u in [
            "https://example.com/a?b=c#d",
            "HTTP://example.com",
            "mailto:a@example.com",
            "//cdn.example.com/x",
            "/docs/x",
            "../a/b.html",
            "a/b.html#c",
            "#top",
            "?q=1",
            "a:b",                      // a one-letter "scheme" is a Windows drive, relative
            "page.html?x=javascript:1", // the colon is not in a scheme position
            "",
        ] {
            assert_eq!(check(u), Ok(()), "{u:?}");
        }
    }

    #[test]
    fn line_safe_refuses_spaces_and_line_breaks() {
        assert_eq!(
            check_line_safe("https://a.example/x\n/* https://evil.example/:splat 200"),
            Err(UrlProblem::Whitespace)
        );
        assert_eq!(check_line_safe("/a b"), Err(UrlProblem::Whitespace));
        assert_eq!(check_line_safe("/a\u{85}b"), Err(UrlProblem::Whitespace));
        assert_eq!(check_line_safe("https://a.example/x%20y"), Ok(()));
    }

    #[test]
    fn encoding_escapes_what_a_url_cannot_hold() {
        assert_eq!(encode("a b\"<x>"), "a%20b%22%3Cx%3E");
        assert_eq!(encode("a%20b%zz%"), "a%20b%25zz%25");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(encode("a/b.html?q=1#x"), "a/b.html?q=1#x");
        assert!(matches!(encode("plain/path.html"), Cow::Borrowed(_)));
        assert_eq!(encode_path("a b/c#1?.html"), "a%20b/c%231%3F.html");
        assert_eq!(
            encode_path("javascript:alert(1).html"),
            "javascript%3Aalert(1).html"
        );
        assert_eq!(encode_path("100%.html"), "100%25.html");
        assert_eq!(
            sanitize(" https://a.example/x y "),
            Ok("https://a.example/x%20y".into())
        );
        assert_eq!(
            sanitize_or("javascript:alert(1)", "about:blank"),
            "about:blank"
        );
        assert_eq!(
            sanitize_or("https://v.example/e", ""),
            "https://v.example/e"
        );
    }
}

/// Property passes over redirect files and TOC hrefs with hostile URL pieces
/// (they reach the crate's own readers, so they live here, not in tests/).
#[cfg(test)]
mod props {
    use crate::redirects::{self, RedirectTarget};
    use crate::toc::{TocNode, TocTarget};
    use crate::url_policy;
    use proptest::prelude::*;

    /// URL-ish strings built from hostile pieces: schemes in every spelling,
    /// entities, line breaks, spaces, controls, separators.
    fn hostile_url() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "javascript:",
            "JaVaScRiPt:",
            "java\tscript:",
            "java\nscript:",
            "&#106;avascript:",
            "&#x6A;",
            "&colon;",
            "data:",
            "vbscript:",
            "file:",
            "https:",
            "http:",
            "mailto:",
            "//",
            "/",
            "../",
            "#",
            "?",
            "%",
            "%0A",
            "%20",
            " ",
            "\n",
            "\r\n",
            "\t",
            "\u{1}",
            "\u{85}",
            "\u{a0}",
            "\u{2028}",
            "a",
            "b.md",
            "docs/",
            "x y",
            "*",
            ":splat",
            "200",
            "alert(1)",
            "\"",
            "'",
            "<",
            ">",
        ]);
        prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
    }

    fn json_string(s: &str) -> String {
        serde_json::to_string(s).unwrap()
    }

    fn externals(nodes: &[TocNode], out: &mut Vec<String>) {
        for n in nodes {
            if let TocTarget::External(u) = &n.target {
                out.push(u.clone());
            }
            externals(&n.items, out);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// No planned redirect target can break a `_redirects` rule or carry
        /// a refused scheme, whatever the file holds.
        #[test]
        fn redirect_targets_are_line_safe_and_allowed(
            urls in prop::collection::vec(hostile_url(), 1..6),
            sources in prop::collection::vec(hostile_url(), 1..6),
        ) {
            let entries: Vec<String> = urls
                .iter()
                .zip(sources.iter().cycle())
                .enumerate()
                .map(|(i, (u, s))| format!(
                    "{{\"source_path\": {}, \"redirect_url\": {}}}",
                    json_string(&format!("docs/{i}{s}.md")),
                    json_string(u)
                ))
                .collect();
            let text = format!("{{\"redirections\": [{}]}}", entries.join(",\n"));
            let (parsed, _) = redirects::parse("r.json", &text);
            let pages = ["index.md".to_string()].into_iter().collect();
            let (planned, _, _) =
                redirects::plan(&parsed, "r.json", "docs/", &["/docs/".to_string()], &pages);
            for p in planned {
                prop_assert!(!p.from.chars().any(char::is_control), "{:?}", p.from);
                if let RedirectTarget::Url(u) = &p.to {
                    prop_assert!(url_policy::check_line_safe(u).is_ok(), "{u:?}");
                }
            }
        }

        /// No TOC href with a refused scheme reaches a TOC node, in YAML or
        /// TOC.md, and parsing never panics.
        #[test]
        fn toc_hrefs_never_carry_a_refused_scheme(hrefs in prop::collection::vec(hostile_url(), 1..6)) {
            let yaml: String = hrefs
                .iter()
                .map(|h| format!("- name: N\n  href: {}\n", json_string(h)))
                .collect();
            let md: String = hrefs
                .iter()
                .map(|h| format!("# [N]({})\n", h.replace(['\n', '\r'], "")))
                .collect();
            for (path, text) in [("toc.yml", yaml), ("TOC.md", md)] {
                let (toc, _) = crate::toc::parse(path, &text);
                let mut ext = Vec::new();
                if let Some(t) = &toc {
                    externals(&t.items, &mut ext);
                }
                for u in ext {
                    prop_assert!(url_policy::check(&u).is_ok(), "{path}: {u:?}");
                }
            }
        }

        /// Encoded paths never hold a character that ends or splits a URL.
        #[test]
        fn encoded_paths_hold_no_separator_or_space(p in hostile_url()) {
            let e = url_policy::encode_path(&p);
            prop_assert!(!e.chars().any(|c| c.is_whitespace() || c.is_control()
                || matches!(c, '#' | '?' | ':' | '"' | '<' | '>')), "{e:?}");
            prop_assert_eq!(crate::paths::percent_decode(&e).into_owned(), p);
        }
    }
}
