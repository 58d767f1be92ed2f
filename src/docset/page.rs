//! What is known of a page before rendering: its environments (the
//! configuration's group narrowed by front matter), titles in both locales,
//! description and title suffix.

use super::model::{PageInfo, PageKind};
use crate::bilingual::{self, Side};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::landing;
use crate::monikers::{self, MonikerSet};
use crate::paths;
use crate::source::SourceFile;
use std::path::Path;
use std::sync::Arc;

fn yaml_str<'a>(v: &'a serde_yaml::Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(|x| x.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The line of a front matter key (for diagnostics).
fn key_line(file: &SourceFile, root: &Path, key: &str) -> u32 {
    let text = std::fs::read_to_string(root.join(&file.rel)).unwrap_or_default();
    for (i, l) in text
        .lines()
        .enumerate()
        .take(file.body_line_offset as usize)
    {
        if l.trim_start().starts_with(&format!("{key}:")) {
            return i as u32 + 1;
        }
    }
    1
}

/// Front matter keys tolk reads, in the type it reads them: a value of
/// another type would be ignored silently (`monikerRange: [env]`, a list,
/// would publish a restricted page in every environment). Moniker keys of
/// the wrong type are errors (the page's environments would be wrong),
/// text keys warnings (the value is ignored).
pub(super) fn check_front_matter_types(
    file: &SourceFile,
    root: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    use serde_yaml::Value;
    let fm = &file.front_matter;
    let kind = |v: &Value| match v {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    };
    let mut wrong = |key: &str, v: &Value, expected: &str, error: bool| {
        let make = if error {
            Diagnostic::error
        } else {
            Diagnostic::warning
        };
        diags.push(
            make(
                Code::FrontMatterWrongType,
                &file.rel,
                key_line(file, root, key),
                1,
                format!(
                    "`{key}` holds {} where tolk reads {expected}; it is ignored.",
                    kind(v)
                ),
            )
            .with_hint(format!("Write `{key}` as {expected}.")),
        );
    };
    if let Some(v) = fm.get("monikerRange") {
        if !matches!(v, Value::String(_)) {
            wrong("monikerRange", v, "a moniker range in quotes (text)", true);
        }
    }
    for key in ["monikers", "replace_monikers", "exclude_monikers"] {
        if let Some(v) = fm.get(key) {
            let ok = match v {
                Value::String(_) => true,
                Value::Sequence(items) => items.iter().all(|i| matches!(i, Value::String(_))),
                _ => false,
            };
            if !ok {
                wrong(key, v, "a list of moniker names", true);
            }
        }
    }
    for key in ["title", "titleSuffix", "description"] {
        if let Some(v) = fm.get(key) {
            if matches!(v, Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_)) {
                wrong(key, v, "text", false);
            }
        }
    }
}

/// A page's environments: its docfx.json group narrowed by its metadata
/// (front matter, then `fileMetadata`), evaluated by [`monikers::page`].
fn page_monikers(config: &Config, file: &SourceFile, diags: &mut Vec<Diagnostic>) -> MonikerSet {
    let configured = config.config_monikers(&file.rel);
    let value = |key: &str| -> Option<serde_yaml::Value> {
        file.front_matter.get(key).cloned().or_else(|| {
            config
                .file_metadata(key, &file.rel)
                .and_then(|v| serde_yaml::to_value(v).ok())
        })
    };
    let line = |key: &str| key_line(file, &config.root, key);
    let page = monikers::page::PageMetadata {
        file: &file.rel,
        configured: &configured,
        value: &value,
        key_line: &line,
    };
    monikers::page::page_monikers(&config.catalog, &page, diags)
}

fn metadata_string(
    config: &Config,
    fm: &serde_yaml::Value,
    key: &str,
    rel: &str,
) -> Option<String> {
    yaml_str(fm, key)
        .map(str::to_string)
        .or_else(|| {
            config
                .file_metadata(key, rel)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
        .or_else(|| {
            config
                .global_metadata
                .get(key)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
}

/// What is known of a Markdown page before rendering (its environments,
/// titles, description).
pub(super) fn markdown_page_info(
    config: &Config,
    file: Arc<SourceFile>,
    diags: &mut Vec<Diagnostic>,
) -> PageInfo {
    let rel = &file.rel;
    check_front_matter_types(&file, &config.root, diags);
    let monikers = page_monikers(config, &file, diags);
    let h1 = file.first_h1.clone();
    // Character references in front matter are decoded once (shown escaped once).
    let title_fm = metadata_string(config, &file.front_matter, "title", rel)
        .map(|t| crate::html::unescape(&t).into_owned());
    let title = title_fm
        .clone()
        .or_else(|| h1.as_ref().map(|h| bilingual::plain_line(h, Side::Target)))
        .unwrap_or_else(|| rel.clone());
    let title_source = h1
        .as_ref()
        .map(|h| bilingual::plain_line(h, Side::Source))
        .filter(|s| !s.is_empty());
    PageInfo {
        rel: rel.clone(),
        html_rel: paths::html_path(rel),
        monikers,
        title,
        title_source,
        description: metadata_string(config, &file.front_matter, "description", rel)
            .map(|t| crate::html::unescape(&t).into_owned()),
        title_suffix: metadata_string(config, &file.front_matter, "titleSuffix", rel),
        machine_translated: file
            .meta_str("ms.translationtype")
            .is_some_and(|t| t.eq_ignore_ascii_case("MT")),
        kind: PageKind::Markdown(file),
    }
}

/// What is known of a YAML landing page before rendering.
pub(super) fn landing_page_info(config: &Config, rel: &str, value: serde_yaml::Value) -> PageInfo {
    PageInfo {
        rel: rel.to_string(),
        html_rel: paths::html_path(rel),
        monikers: config.config_monikers(rel),
        title: landing::title(&value).unwrap_or_else(|| rel.to_string()),
        title_source: None,
        description: landing::summary(&value),
        title_suffix: metadata_string(config, &value, "titleSuffix", rel),
        machine_translated: false,
        kind: PageKind::Landing(value),
    }
}
