//! `docfx.json` read into typed structs, leniently.
//!
//! DocFX repositories write their configuration loosely: a glob list may be a
//! single string, a content entry a bare glob instead of an object, and keys
//! tolk does not use abound. Every setting tolk reads is a [`Field`]: absent
//! (or `null`), a value of the expected type, or a value of the wrong type,
//! which [`Config::load`](super::Config::load) reports as `config-wrong-type`
//! and then ignores, as it always did. Keys tolk does not read are ignored.
//! Objects are read into `BTreeMap`s, so their keys come in sorted order and
//! a repeated key keeps its last value (as `serde_json` reads objects).

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// One setting: absent, of the expected type, or of a wrong type.
#[derive(Debug, Clone, Default)]
pub enum Field<T> {
    /// Not written, or `null`.
    #[default]
    Absent,
    Ok(T),
    /// Written with a value that is not a `T`: what was found ("a number").
    Wrong(&'static str),
}

/// Which JSON values may become a `T` (serde would also read a struct from
/// a list, positionally; docfx.json settings are never written so).
pub trait Shape {
    fn accepts(v: &Value) -> bool;
}

macro_rules! shape {
    ($($t:ty => $check:expr;)*) => {
        $(impl Shape for $t {
            fn accepts(v: &Value) -> bool {
                let check: fn(&Value) -> bool = $check;
                check(v)
            }
        })*
    };
}

shape! {
    String => Value::is_string;
    Value => |_| true;
    serde_json::Map<String, Value> => Value::is_object;
    DocfxJson => Value::is_object;
    Build => Value::is_object;
    FilesEntry => Value::is_object;
    Group => Value::is_object;
    EngineProperties => Value::is_object;
    Entry => |v| v.is_string() || v.is_object();
    Globs => |v| v.is_string() || v.is_array();
}

impl<T> Shape for Vec<T> {
    fn accepts(v: &Value) -> bool {
        v.is_array()
    }
}

impl<T> Shape for BTreeMap<String, T> {
    fn accepts(v: &Value) -> bool {
        v.is_object()
    }
}

impl<'de, T: serde::de::DeserializeOwned + Shape> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Ok(Field::from_value(v))
    }
}

impl<T: serde::de::DeserializeOwned + Shape> Field<T> {
    pub fn from_value(v: Value) -> Self {
        if v.is_null() {
            return Field::Absent;
        }
        let kind = kind_of(&v);
        if !T::accepts(&v) {
            return Field::Wrong(kind);
        }
        match T::deserialize(v) {
            Ok(t) => Field::Ok(t),
            Err(_) => Field::Wrong(kind),
        }
    }
}

impl<T> Field<T> {
    /// The value when it has the expected type.
    pub fn ok(&self) -> Option<&T> {
        match self {
            Field::Ok(t) => Some(t),
            _ => None,
        }
    }
}

/// How a JSON value is named in messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The whole file: only `build` is read.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DocfxJson {
    pub build: Field<Build>,
}

/// The `build` section.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Build {
    pub content: Field<Vec<Field<Entry>>>,
    pub resource: Field<Vec<Field<Entry>>>,
    pub groups: Field<BTreeMap<String, Field<Group>>>,
    pub global_metadata: Field<serde_json::Map<String, Value>>,
    /// key → glob → value.
    pub file_metadata: Field<BTreeMap<String, Field<BTreeMap<String, Value>>>>,
    pub markdown_engine_properties: Field<EngineProperties>,
    /// Xref maps (`xrefmap.yml` files or URLs): one or a list.
    pub xref: Field<Globs>,
}

/// A `build.content` or `build.resource` entry: a bare glob, or an object.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Entry {
    Glob(String),
    Files(FilesEntry),
}

/// `{ "files": …, "exclude": …, "src": …, "group": … }`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FilesEntry {
    pub files: Field<Globs>,
    pub exclude: Field<Globs>,
    pub src: Field<String>,
    pub group: Field<String>,
}

/// One glob or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Globs {
    One(String),
    Many(Vec<Field<String>>),
}

/// A `build.groups` entry.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Group {
    pub moniker_range: Field<String>,
}

/// `build.markdownEngineProperties`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EngineProperties {
    /// Custom alert keyword → CSS classes.
    pub alerts: Field<BTreeMap<String, Field<String>>>,
    /// Optional Markdig extensions (`footnotes`, `definitionlists`, …).
    #[serde(rename = "markdigExtensions")]
    pub markdig_extensions: Field<Vec<Field<String>>>,
}

/// 1-based line and column of the setting at `path` (object keys, outermost
/// first) in `text`, found by looking for each quoted key after the previous
/// one; (0, 0) when a key is not found.
pub fn locate(text: &str, path: &[&str]) -> (u32, u32) {
    let mut at = 0;
    for key in path {
        let quoted = format!("\"{key}\"");
        match text[at..].find(&quoted) {
            Some(i) => at += i,
            None => return (0, 0),
        }
    }
    if path.is_empty() {
        return (0, 0);
    }
    let before = &text[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count() as u32
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_shapes_are_read_and_wrong_types_kept_as_such() {
        let d: DocfxJson = serde_json::from_str(
            r#"{"build": {
                "content": ["a.md", {"files": "**/*.md", "exclude": ["x.md", 3], "src": 7},
                            {"files": ["b/**"], "group": "g"}, 5, null],
                "resource": {"files": []},
                "groups": {"g": {"moniker_range": ">= a"}, "h": {"moniker_range": 1}, "i": 2},
                "globalMetadata": {"_appTitle": "T"},
                "fileMetadata": {"k": {"**/*.md": true}, "bad": []},
                "markdownEngineProperties": {"alerts": {"[!X]": "x", "Y": false}},
                "unknownKey": 1
            }}"#,
        )
        .unwrap();
        let b = d.build.ok().unwrap();
        let content = b.content.ok().unwrap();
        assert!(matches!(content[0], Field::Ok(Entry::Glob(ref g)) if g == "a.md"));
        let Field::Ok(Entry::Files(f)) = &content[1] else {
            panic!("{content:?}")
        };
        assert!(matches!(f.files, Field::Ok(Globs::One(_))));
        let Field::Ok(Globs::Many(ex)) = &f.exclude else {
            panic!()
        };
        assert!(matches!(ex[1], Field::Wrong("a number")));
        assert!(matches!(f.src, Field::Wrong("a number")));
        assert!(matches!(content[3], Field::Wrong("a number")));
        assert!(matches!(content[4], Field::Absent));
        assert!(matches!(b.resource, Field::Wrong("an object")));
        let groups = b.groups.ok().unwrap();
        assert!(matches!(
            groups["h"].ok().unwrap().moniker_range,
            Field::Wrong("a number")
        ));
        assert!(matches!(groups["i"], Field::Wrong("a number")));
        let fm = b.file_metadata.ok().unwrap();
        assert!(matches!(fm["bad"], Field::Wrong("a list")));
        let alerts = b
            .markdown_engine_properties
            .ok()
            .unwrap()
            .alerts
            .ok()
            .unwrap();
        assert!(matches!(alerts["Y"], Field::Wrong("a boolean")));
    }

    #[test]
    fn a_struct_is_never_read_from_a_list() {
        let d: Field<DocfxJson> = serde_json::from_str("[1, 2]").unwrap();
        assert!(matches!(d, Field::Wrong("a list")));
        let d: DocfxJson =
            serde_json::from_str(r#"{"build": {"content": [["**/*.md"]], "groups": [1]}}"#)
                .unwrap();
        let b = d.build.ok().unwrap();
        assert!(matches!(b.content.ok().unwrap()[0], Field::Wrong("a list")));
        assert!(matches!(b.groups, Field::Wrong("a list")));
        let d: Field<DocfxJson> = serde_json::from_str(r#"{"build": ["x"]}"#).unwrap();
        assert!(matches!(d.ok().unwrap().build, Field::Wrong("a list")));
    }

    #[test]
    fn settings_are_located_by_their_keys() {
        let text = "{\n  \"build\": {\n    \"content\": 5,\n    \"x\": { \"content\": 1 }\n  }\n}";
        assert_eq!(locate(text, &["build", "content"]), (3, 5));
        assert_eq!(locate(text, &["build", "x", "content"]), (4, 12));
        assert_eq!(locate(text, &["nothing"]), (0, 0));
    }
}
