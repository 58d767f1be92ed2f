//! Reading the redirection file: `jsonc-parser` reads the JSON leniently,
//! as DocFX's Newtonsoft reader does, and keeps byte positions; this module
//! turns its tree into [`Redirect`]s with 1-based line/column positions and
//! reports what it cannot use.

use super::Redirect;
use crate::diagnostics::{Code, Diagnostic};
use jsonc_parser::ast::{ObjectProp, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};
use std::borrow::Cow;

/// Deepest nesting read (deeper is a parse error, never a stack overflow).
const MAX_DEPTH: usize = 128;

/// What the reader accepts beyond strict JSON: comments, trailing commas,
/// single-quoted strings, lenient escapes (`\'`, `\a` → `a`) and numbers like
/// `5.` — what redirection files in the wild hold. Unicode whitespace
/// (no-break spaces) is whitespace to the reader.
fn options() -> ParseOptions {
    ParseOptions {
        allow_comments: true,
        allow_loose_object_property_names: false,
        allow_trailing_commas: true,
        allow_missing_commas: false,
        allow_single_quoted_strings: true,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: true,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: true,
    }
}

/// Lenient parse: tolerate what DocFX tolerates (non-breaking spaces and other
/// Unicode whitespace, BOMs and zero-width spaces between tokens, comments,
/// trailing commas, single-quoted strings). Each entry carries its 1-based
/// line/column. A structurally bad entry → warning `redirection-invalid` at
/// its line, entry skipped; a file that cannot be read as JSON even leniently
/// → error `redirection-parse-error` with line/col, and no entries. `file`
/// names the file in diagnostics.
pub fn parse(file: &str, text: &str) -> (Vec<Redirect>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let lines = Lines::new(text);
    let readable = blank_invisible(text);
    let parse_error = |at: usize, msg: String| {
        // Point at the offending token, not at the blank before it.
        let at = readable
            .get(at..)
            .map_or(at, |rest| at + rest.len() - rest.trim_start().len());
        let (line, col) = lines.at(at);
        Diagnostic::error(
            Code::RedirectionParseError,
            file,
            line,
            col,
            format!("cannot read the redirection file as JSON: {msg}"),
        )
    };
    let root = match jsonc_parser::parse_to_ast(&readable, &CollectOptions::default(), &options()) {
        Ok(r) => match r.value {
            Some(v) => v,
            None => {
                diags.push(parse_error(
                    text.len(),
                    "the file holds no JSON value".into(),
                ));
                return (Vec::new(), diags);
            }
        },
        Err(e) => {
            diags.push(parse_error(e.range().start, e.kind().to_string()));
            return (Vec::new(), diags);
        }
    };
    if let Some(at) = too_deep(&root, 0) {
        diags.push(parse_error(at, "nesting too deep".into()));
        return (Vec::new(), diags);
    }
    let invalid = |v: &dyn Ranged, msg: String| {
        let (line, col) = lines.at(v.range().start);
        Diagnostic::warning(Code::RedirectionInvalid, file, line, col, msg)
    };
    let list = match &root {
        Value::Object(o) => match field(&o.properties, "redirections") {
            Some(Value::Array(a)) => &a.elements,
            Some(v) => {
                diags.push(invalid(
                    v,
                    format!("`redirections` must be an array, found {}", kind(v)),
                ));
                return (Vec::new(), diags);
            }
            None => {
                diags.push(invalid(
                    &root,
                    "the redirection file has no `redirections` array".into(),
                ));
                return (Vec::new(), diags);
            }
        },
        _ => {
            diags.push(invalid(
                &root,
                format!(
                    "the redirection file must be an object with `redirections`, found {}",
                    kind(&root)
                ),
            ));
            return (Vec::new(), diags);
        }
    };

    let mut out = Vec::new();
    for entry in list {
        match entry_of(entry) {
            Ok(mut r) => {
                (r.line, r.column) = lines.at(entry.range().start);
                out.push(r);
            }
            Err(msg) => diags.push(invalid(entry, msg)),
        }
    }
    (out, diags)
}

/// The first property named `name` (ASCII case-insensitive, as DocFX reads keys).
fn field<'v, 'a>(props: &'v [ObjectProp<'a>], name: &str) -> Option<&'v Value<'a>> {
    props
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
        .map(|p| &p.value)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::NullKeyword(_) => "null",
        Value::BooleanLit(_) => "a boolean",
        Value::NumberLit(_) => "a number",
        Value::StringLit(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Byte offset of the first value nested deeper than [`MAX_DEPTH`].
fn too_deep(v: &Value, depth: usize) -> Option<usize> {
    if depth > MAX_DEPTH {
        return Some(v.range().start);
    }
    match v {
        Value::Array(a) => a.elements.iter().find_map(|e| too_deep(e, depth + 1)),
        Value::Object(o) => o
            .properties
            .iter()
            .find_map(|p| too_deep(&p.value, depth + 1)),
        _ => None,
    }
}

/// One entry; its position is set by the caller.
fn entry_of(entry: &Value) -> Result<Redirect, String> {
    let Value::Object(o) = entry else {
        return Err(format!(
            "a redirection must be an object, found {}",
            kind(entry)
        ));
    };
    let string = |name: &str| -> Result<Option<String>, String> {
        match field(&o.properties, name) {
            None | Some(Value::NullKeyword(_)) => Ok(None),
            Some(Value::StringLit(s)) => {
                Ok(Some(s.value.trim().to_string()).filter(|s| !s.is_empty()))
            }
            Some(v) => Err(format!("`{name}` must be a string, found {}", kind(v))),
        }
    };
    let source = string("source_path")?;
    let from_root = string("source_path_from_root")?;
    let source_path = match (source, from_root) {
        (Some(_), Some(_)) => {
            return Err("a redirection has both `source_path` and `source_path_from_root`".into())
        }
        (Some(s), None) => s,
        (None, Some(s)) => s.trim_start_matches('/').to_string(),
        (None, None) => return Err("a redirection has no `source_path`".into()),
    };
    let redirect_url = string("redirect_url")?
        .ok_or_else(|| format!("redirection of `{source_path}` has no `redirect_url`"))?;
    let redirect_document_id = match field(&o.properties, "redirect_document_id") {
        None | Some(Value::NullKeyword(_)) => false,
        Some(Value::BooleanLit(b)) => b.value,
        Some(Value::StringLit(s)) if s.value.trim().eq_ignore_ascii_case("true") => true,
        Some(Value::StringLit(s)) if s.value.trim().eq_ignore_ascii_case("false") => false,
        Some(v) => {
            return Err(format!(
                "`redirect_document_id` must be true or false, found {}",
                kind(v)
            ))
        }
    };
    Ok(Redirect {
        source_path,
        redirect_url,
        redirect_document_id,
        line: 0,
        column: 0,
    })
}

/// Characters DocFX's reader skips between tokens that are not Unicode
/// whitespace to `jsonc-parser`: the BOM and the zero-width space.
const INVISIBLE: [char; 2] = ['\u{feff}', '\u{200b}'];

/// `text` with every [`INVISIBLE`] character outside strings and comments
/// replaced by spaces of the same byte length, so byte offsets (and thus
/// positions) are unchanged and string values keep them as written.
fn blank_invisible(text: &str) -> Cow<'_, str> {
    if !text.contains(INVISIBLE) {
        return Cow::Borrowed(text);
    }
    #[derive(Clone, Copy)]
    enum In {
        Tokens,
        Str(char),
        Escape(char),
        LineComment,
        BlockComment,
    }
    let mut out = String::with_capacity(text.len());
    let mut state = In::Tokens;
    let mut prev = '\0';
    for c in text.chars() {
        state = match (state, c) {
            (In::Tokens, c) if INVISIBLE.contains(&c) => {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
                prev = ' ';
                continue;
            }
            (In::Tokens, '"' | '\'') => In::Str(c),
            (In::Tokens, '/') if prev == '/' => In::LineComment,
            (In::Tokens, '*') if prev == '/' => {
                // `/*/` does not close the comment it opens.
                out.push(c);
                prev = '\0';
                state = In::BlockComment;
                continue;
            }
            (In::Str(q), '\\') => In::Escape(q),
            (In::Str(q), c) if c == q => In::Tokens,
            (In::Escape(q), _) => In::Str(q),
            (In::LineComment, '\n') => In::Tokens,
            (In::BlockComment, '/') if prev == '*' => {
                out.push(c);
                prev = '\0';
                state = In::Tokens;
                continue;
            }
            (s, _) => s,
        };
        out.push(c);
        prev = c;
    }
    Cow::Owned(out)
}

/// Byte offset → 1-based line and column (in characters).
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { text, starts }
    }

    fn at(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: &str = ".openpublishing.redirection.json";

    fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
        d.iter().map(|d| d.code.name()).collect()
    }

    #[test]
    fn nbsp_indentation_bom_and_trailing_commas() {
        let text = "\u{feff}{\n  \"redirections\": [\n\u{a0}\u{a0} {\n\u{a0}\u{a0}   \"source_path\": \"microsoft-365/a.md\",\n\u{a0}   \"redirect_url\":\u{a0}\"/microsoft-365/b\",\n      \"redirect_document_id\":\u{a0}true,\n    },\n    // a comment\n    {\"source_path\": \" microsoft-365/c.md\", \"redirect_url\": \" https://x.test/c \"},\n  ],\n}\n";
        let (rs, d) = parse(F, text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            rs,
            vec![
                Redirect {
                    source_path: "microsoft-365/a.md".into(),
                    redirect_url: "/microsoft-365/b".into(),
                    redirect_document_id: true,
                    line: 3,
                    column: 4
                },
                Redirect {
                    source_path: "microsoft-365/c.md".into(),
                    redirect_url: "https://x.test/c".into(),
                    redirect_document_id: false,
                    line: 9,
                    column: 5
                },
            ]
        );
        assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
    }

    #[test]
    fn bad_entries_are_skipped_with_a_warning() {
        let text = r#"{"redirections": [
  {"source_path": "a.md", "redirect_url": "/b"},
  {"redirect_url": "/x"},
  {"source_path": "c.md"},
  {"source_path": 3, "redirect_url": "/x"},
  {"source_path": "d.md", "redirect_url": "/x", "redirect_document_id": "yes"},
  {"source_path": "e.md", "source_path_from_root": "/e.md", "redirect_url": "/x"},
  "not an object",
  {"source_path_from_root": "/docs/f.md", "redirect_url": "/f", "redirect_document_id": "true", "extra": [1, {"k": null}]}
]}"#;
        let (rs, d) = parse(F, text);
        assert_eq!(codes(&d), vec!["redirection-invalid"; 6], "{d:?}");
        assert_eq!(
            d.iter().map(|d| d.line).collect::<Vec<_>>(),
            vec![3, 4, 5, 6, 7, 8]
        );
        assert!(d.iter().all(|d| !d.is_error() && d.file == F));
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[1].source_path, "docs/f.md");
        assert!(rs[1].redirect_document_id);
        assert_eq!(rs[1].line, 9);
    }

    #[test]
    fn unreadable_json_is_one_error_with_position() {
        let (rs, d) = parse(
            F,
            "{\"redirections\": [\n  {\"source_path\": \"a.md\" \"redirect_url\": \"/b\"}\n]}",
        );
        assert!(rs.is_empty());
        assert_eq!(codes(&d), vec!["redirection-parse-error"]);
        assert!(d[0].is_error());
        assert_eq!((d[0].line, d[0].column), (2, 26), "{d:?}");
        let (_, d) = parse(F, "{\"redirections\": [ {\"source_path\": \"a.md\n");
        assert_eq!(codes(&d), vec!["redirection-parse-error"]);
        let (rs, d) = parse(F, "[]");
        assert!(rs.is_empty());
        assert_eq!(codes(&d), vec!["redirection-invalid"]);
        let (_, d) = parse(F, "");
        assert_eq!(codes(&d), vec!["redirection-parse-error"]);
        let (rs, d) = parse(F, "{\"redirections\": [{\"source_path\": \"\\u00e9\\ud83d\\ude00.md\", \"redirect_url\": \"/x\"}]}");
        assert!(d.is_empty());
        assert_eq!(rs[0].source_path, "é😀.md");
    }

    #[test]
    fn what_the_old_reader_tolerated_is_still_read() {
        let text = "\u{feff}{ /* block\n \"quoted\" */ 'Redirections': [\u{200b}\n\
            {'source_path': 'a\\'b.md', \"REDIRECT_URL\": \"/x\\/y\", \"n\": 5., \"source_path\": \"ignored.md\"},\u{feff}\n\
            {\"source_path\": \"c\u{200b}.md\", \"redirect_url\": \"\u{feff}/z\", \"redirect_document_id\": \" FALSE \"}\u{a0},\n\
            ]}";
        let (rs, d) = parse(F, text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(rs.len(), 2);
        assert_eq!(
            (rs[0].source_path.as_str(), rs[0].redirect_url.as_str()),
            ("a'b.md", "/x/y")
        );
        assert_eq!((rs[0].line, rs[0].column), (3, 1));
        // Invisible characters inside strings are kept as written.
        assert_eq!(rs[1].source_path, "c\u{200b}.md");
        assert_eq!(rs[1].redirect_url, "\u{feff}/z");
        assert!(!rs[1].redirect_document_id);
        assert_eq!((rs[1].line, rs[1].column), (4, 1));
    }

    #[test]
    fn hostile_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "{{\"redirections\": [{}{}]}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        let (rs, d) = parse(F, &deep);
        assert!(rs.is_empty());
        assert_eq!(codes(&d), vec!["redirection-parse-error"]);
        assert!(d[0].message.contains("nesting too deep"), "{d:?}");
        let deeper = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let (_, d) = parse(F, &deeper);
        assert_eq!(codes(&d), vec!["redirection-parse-error"]);
    }

    #[test]
    fn invisible_characters_in_comments_and_strings_stay() {
        assert_eq!(blank_invisible("plain"), "plain");
        assert_eq!(
            blank_invisible("\u{feff}{\"a\u{feff}\": 1 // x\u{200b}\n}\u{200b}"),
            "   {\"a\u{feff}\": 1 // x\u{200b}\n}   "
        );
        assert_eq!(
            blank_invisible("/* '\u{feff} */ '\\'\u{200b}'\u{200b}"),
            "/* '\u{feff} */ '\\'\u{200b}'   "
        );
        assert_eq!(blank_invisible("/*/\u{feff}*/\u{feff}"), "/*/\u{feff}*/   ");
    }
}
