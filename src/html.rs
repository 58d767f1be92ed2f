//! HTML text: the one escape and the one unescape of the crate.
//!
//! [`escape`] makes text safe both as element content and inside a
//! double-quoted attribute value: `&`, `<`, `>` and `"` become references,
//! `'` stays as written (tolk quotes every attribute with `"`).
//! [`escape_text`] is for element content only (`&`, `<`, `>`), where a quote
//! is left as the writer typed it. Both go through `pulldown-cmark-escape`,
//! the escaper of the Markdown renderer, so the page body and tolk's own
//! markup escape alike. [`unescape`] decodes character references, named
//! (`&amp;`, `&nbsp;`, all of HTML's list) and numeric (`&#39;`, `&#x2F;`),
//! with `html-escape`.

use std::borrow::Cow;

/// Escape `s` for element content and double-quoted attribute values
/// (`&` `<` `>` `"`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, s: &str) {
    let mut parts = s.split('"');
    if let Some(first) = parts.next() {
        text_into(out, first);
    }
    for part in parts {
        out.push_str("&quot;");
        text_into(out, part);
    }
}

/// Escape `s` for element content only (`&` `<` `>`; quotes kept).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    text_into(&mut out, s);
    out
}

fn text_into(out: &mut String, s: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(out, s);
}

/// Decode the character references of `s` (named and numeric, each ending
/// in `;`); `Cow::Borrowed` when there is none. Text that only looks like a
/// reference (`&copy` without `;`, `&unknown;`) is kept as written.
pub fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    html_escape::decode_html_entities(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_text_and_double_quoted_attributes() {
        assert_eq!(
            escape(r#"a & b < c > d "e" 'f'"#),
            "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("\"\""), "&quot;&quot;");
        assert_eq!(escape("héllo"), "héllo");
    }

    #[test]
    fn escape_text_keeps_quotes() {
        assert_eq!(
            escape_text(r#"a & b < c > d "e" 'f'"#),
            "a &amp; b &lt; c &gt; d \"e\" 'f'"
        );
    }

    #[test]
    fn unescape_decodes_named_and_numeric_references() {
        assert_eq!(
            unescape("a &amp; b &quot;c&quot; &#39;d&#x27; &lt;e&gt;"),
            "a & b \"c\" 'd' <e>"
        );
        assert_eq!(unescape("x&nbsp;y"), "x\u{a0}y");
        assert!(matches!(unescape("plain"), Cow::Borrowed("plain")));
        // Not references: kept as written.
        assert_eq!(unescape("AT&T &unknown; & ;"), "AT&T &unknown; & ;");
    }

    #[test]
    fn escape_then_unescape_round_trips() {
        for s in ["", "a&b", "<x y=\"z\">", "&amp;", "' \" ' \""] {
            assert_eq!(unescape(&escape(s)), s);
            assert_eq!(unescape(&escape_text(s)), s);
        }
    }
}
