//! What is known of a page before rendering: its environments (the
//! configuration's group narrowed by front matter), titles in both locales,
//! description and title suffix.

use super::model::{PageInfo, PageKind};
use crate::bilingual::{self, Side};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::landing;
use crate::monikers::MonikerSet;
use crate::resolve::paths;
use crate::source::SourceFile;
use regex::Regex;
use std::path::Path;
use std::sync::{Arc, LazyLock};

static TAGS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").unwrap());
static MD_LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").unwrap());

/// Plain text of one side of a line of Markdown (for labels and titles).
pub fn plain_line(line: &str, side: Side) -> String {
    let r = bilingual::resolve(line, side);
    let r = TAGS.replace_all(&r, "");
    let r = MD_LINK.replace_all(&r, "$1");
    let r: String = r
        .chars()
        .filter(|c| {
            !matches!(c, '*' | '`' | '\\')
                && *c != bilingual::SEG_OPEN
                && *c != bilingual::SEG_MID
                && *c != bilingual::SEG_CLOSE
        })
        .collect();
    let r = r
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    r.split_whitespace().collect::<Vec<_>>().join(" ")
}

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

/// A page's environments: config group range narrowed by front matter.
// moves to monikers at merge
pub(super) fn page_monikers(
    config: &Config,
    file: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> MonikerSet {
    let cfg = config.config_monikers(&file.rel);
    let fm = &file.front_matter;
    let meta_value = |key: &str| -> Option<serde_yaml::Value> {
        fm.get(key).cloned().or_else(|| {
            config
                .file_metadata(key, &file.rel)
                .and_then(|v| serde_yaml::to_value(v).ok())
        })
    };
    let parse = |range: &str, key: &str, diags: &mut Vec<Diagnostic>| -> Option<MonikerSet> {
        match config.catalog.parse_range(range) {
            Ok(s) => Some(s),
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        "moniker-range-invalid",
                        &file.rel,
                        key_line(file, &config.root, key),
                        1,
                        format!("{key}: {}", e.message),
                    )
                    .with_hint(format!(
                        "Known monikers: {}",
                        config.catalog.names(&config.catalog.all()).join(", ")
                    )),
                );
                None
            }
        }
    };
    let list_set = |names: &[String], key: &str, diags: &mut Vec<Diagnostic>| -> MonikerSet {
        let mut s = MonikerSet::new();
        for n in names {
            match config.catalog.index_of(n) {
                Some(i) => s.insert(i),
                None => diags.push(Diagnostic::error(
                    "moniker-unknown",
                    &file.rel,
                    key_line(file, &config.root, key),
                    1,
                    format!("{key}: moniker '{n}' is not defined."),
                )),
            }
        }
        s
    };
    let mut set = cfg.clone();
    let as_list = |v: &serde_yaml::Value| -> Vec<String> {
        match v {
            serde_yaml::Value::Sequence(s) => s
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            serde_yaml::Value::String(s) => vec![s.clone()],
            _ => vec![],
        }
    };
    if let Some(v) = meta_value("replace_monikers") {
        set = list_set(&as_list(&v), "replace_monikers", diags);
    } else if let Some(v) = meta_value("monikerRange") {
        if meta_value("monikers").is_some() {
            diags.push(Diagnostic::warning(
                "duplicate-moniker-config",
                &file.rel,
                key_line(file, &config.root, "monikers"),
                1,
                "Both monikerRange and monikers are set; monikers is ignored.",
            ));
        }
        if let Some(r) = v.as_str() {
            if !r.trim().is_empty() {
                if let Some(s) = parse(r, "monikerRange", diags) {
                    set = s.intersect(&cfg);
                }
            }
        }
    } else if let Some(v) = meta_value("monikers") {
        set = list_set(&as_list(&v), "monikers", diags).intersect(&cfg);
    }
    if let Some(v) = meta_value("exclude_monikers") {
        set = set.difference(&list_set(&as_list(&v), "exclude_monikers", diags));
    }
    if set.is_empty() {
        diags.push(
            Diagnostic::error(
                "moniker-range-out-of-scope",
                &file.rel,
                key_line(file, &config.root, "monikerRange"),
                1,
                "This page's monikers have no environment in common with its docfx.json group; it would appear nowhere.",
            )
            .with_hint(format!("Environments of its group: {}", config.catalog.names(&cfg).join(", "))),
        );
    }
    set
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
    let monikers = page_monikers(config, &file, diags);
    let h1 = file.first_h1.clone();
    // Character references in front matter are decoded once (shown escaped once).
    let title_fm = metadata_string(config, &file.front_matter, "title", rel)
        .map(|t| crate::html::unescape(&t).into_owned());
    let title = title_fm
        .clone()
        .or_else(|| h1.as_ref().map(|h| plain_line(h, Side::Target)))
        .unwrap_or_else(|| rel.clone());
    let title_source = h1
        .as_ref()
        .map(|h| plain_line(h, Side::Source))
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
