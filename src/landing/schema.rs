//! The keys of each YAML page type that tolk renders, section by section;
//! [`check`] reports every other key where it is written, so a section
//! tolk does not show is never dropped silently.

use crate::diagnostics::{Code, Diagnostic};
use serde_yaml::Value;

/// (path of a mapping, its known keys). A path is the keys from the root,
/// `[]` for the items of a list.
type Schema = &'static [(&'static str, &'static [&'static str])];

const LANDING: Schema = &[
    ("", &["title", "summary", "metadata", "landingContent"]),
    ("landingContent[]", &["title", "linkLists"]),
    ("landingContent[].linkLists[]", &["linkListType", "links"]),
    ("landingContent[].linkLists[].links[]", &["text", "url"]),
];

const HUB: Schema = &[
    (
        "",
        &[
            "title",
            "summary",
            "brand",
            "metadata",
            "highlightedContent",
            "productDirectory",
            "conceptualContent",
            "tools",
            "additionalContent",
        ],
    ),
    ("highlightedContent", &["items"]),
    ("highlightedContent.items[]", &["title", "itemType", "url"]),
    ("productDirectory", &["title", "summary", "items"]),
    (
        "productDirectory.items[]",
        &["title", "imageSrc", "summary", "url", "links"],
    ),
    ("productDirectory.items[].links[]", &["text", "url"]),
    ("conceptualContent", &["title", "summary", "items"]),
    (
        "conceptualContent.items[]",
        &["title", "summary", "url", "links", "footerLink"],
    ),
    (
        "conceptualContent.items[].links[]",
        &["text", "url", "itemType"],
    ),
    ("conceptualContent.items[].footerLink", &["text", "url"]),
    ("tools", &["title", "summary", "items"]),
    ("tools.items[]", &["title", "imageSrc", "url", "summary"]),
    ("additionalContent", &["sections", "footer"]),
    (
        "additionalContent.sections[]",
        &["title", "summary", "items"],
    ),
    (
        "additionalContent.sections[].items[]",
        &["title", "summary", "url", "links"],
    ),
    (
        "additionalContent.sections[].items[].links[]",
        &["text", "url", "note"],
    ),
];

const FAQ: Schema = &[
    (
        "",
        &[
            "title",
            "summary",
            "metadata",
            "sections",
            "additionalContent",
        ],
    ),
    ("sections[]", &["name", "questions"]),
    ("sections[].questions[]", &["question", "answer"]),
];

fn schema_of(mime: &str) -> Option<Schema> {
    match mime {
        "Landing" => Some(LANDING),
        "Hub" => Some(HUB),
        "FAQ" => Some(FAQ),
        _ => None,
    }
}

/// Keys of a YAML page of type `mime` that its schema does not have, each a
/// warning at its line in `text` (the file `rel`).
pub fn check(v: &Value, mime: &str, text: &str, rel: &str) -> Vec<Diagnostic> {
    let Some(schema) = schema_of(mime) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut from_line = 0usize;
    walk(v, "", schema, text, rel, &mut from_line, &mut out);
    out
}

fn walk(
    v: &Value,
    path: &str,
    schema: Schema,
    text: &str,
    rel: &str,
    from_line: &mut usize,
    out: &mut Vec<Diagnostic>,
) {
    match v {
        Value::Mapping(m) => {
            let known = schema.iter().find(|(p, _)| *p == path).map(|(_, k)| *k);
            for (k, child) in m {
                let Some(key) = k.as_str() else { continue };
                let (line, col) = locate(text, key, from_line);
                let Some(known) = known else { continue };
                if key == "metadata" && path.is_empty() {
                    continue;
                }
                if !known.contains(&key) {
                    let shown = if path.is_empty() {
                        key.to_string()
                    } else {
                        format!("{path}.{key}")
                    };
                    out.push(
                        Diagnostic::warning(
                            Code::YamlSectionUnknown,
                            rel,
                            line,
                            col,
                            format!("'{shown}' is not a section tolk renders on this page; its content is not shown."),
                        )
                        .with_hint(format!(
                            "Known here: {}.",
                            known.join(", ")
                        )),
                    );
                    continue;
                }
                let child_path = if path.is_empty() {
                    key.to_string()
                } else {
                    format!("{path}.{key}")
                };
                walk(child, &child_path, schema, text, rel, from_line, out);
            }
        }
        Value::Sequence(items) => {
            let p = format!("{path}[]");
            for item in items {
                walk(item, &p, schema, text, rel, from_line, out);
            }
        }
        _ => {}
    }
}

/// Line and column of the next `key:` at or after line `from` (0-based),
/// moving `from` past it; (1, 1) when not found.
fn locate(text: &str, key: &str, from: &mut usize) -> (u32, u32) {
    let pat = format!("{key}:");
    for (i, l) in text.lines().enumerate().skip(*from) {
        let trimmed = l.trim_start();
        let t = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let t = t.trim_start();
        if t.starts_with(&pat) {
            *from = i + 1;
            let col = l.len() - t.len();
            return (i as u32 + 1, l[..col].chars().count() as u32 + 1);
        }
    }
    (1, 1)
}
