//! Docset configuration: `docfx.json` as DocFX reads it, plus the optional
//! `tolk.yml` for what docfx.json cannot say (site title, base URL, locales,
//! moniker definition). Owns glob matching of content and resource entries.

use crate::diagnostics::{Code, Diagnostic};
use crate::monikers::{self, Catalog, MonikerSet};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Environment name used when a docset declares no monikers at all.
pub const DEFAULT_ENVIRONMENT: &str = "default";

/// `tolk.yml`: every key optional, unknown keys are an error.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TolkFile {
    pub site_title: Option<String>,
    pub base_url: Option<String>,
    pub locales: Option<Vec<String>>,
    pub source_locale: Option<String>,
    pub content_locale: Option<String>,
    pub moniker_definition: Option<String>,
    /// Right-to-left locales beyond the built-in list (ar, he, fa, ur, …).
    pub rtl_locales: Option<Vec<String>>,
}

/// A fileMetadata glob (pattern, matcher) and its value.
pub type GlobValue = (Glob, GlobSet, Value);

/// One `build.content` or `build.resource` entry.
#[derive(Debug, Clone)]
pub struct FileEntry {
    pub include: GlobSet,
    pub exclude: GlobSet,
    pub group: Option<String>,
}

impl FileEntry {
    pub fn matches(&self, rel: &str) -> bool {
        self.include.is_match(rel) && !self.exclude.is_match(rel)
    }
}

/// The resolved configuration of a docset.
pub struct Config {
    /// Docset root (the folder holding docfx.json / tolk.yml).
    pub root: PathBuf,
    /// Name of the docset folder (the first segment of its Learn URLs).
    pub docset_folder: String,
    pub content: Vec<FileEntry>,
    pub resource: Vec<FileEntry>,
    /// Group name → moniker set.
    pub groups: BTreeMap<String, MonikerSet>,
    pub catalog: Catalog,
    /// Environments built: catalog indexes, in catalog order.
    pub environments: Vec<usize>,
    pub global_metadata: serde_json::Map<String, Value>,
    /// key → [(glob, value)] in file order (later wins).
    pub file_metadata: Vec<(String, Vec<GlobValue>)>,
    /// Custom alert types: upper-case keyword → CSS classes.
    pub custom_alerts: BTreeMap<String, String>,
    pub site_title: String,
    pub base_url: Option<String>,
    pub source_locale: String,
    /// Locales from tolk.yml; when None, the content locale(s) found in pages plus the source locale.
    pub locales: Option<Vec<String>>,
    pub content_locale: Option<String>,
    pub rtl_locales: Vec<String>,
}

fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .case_insensitive(true)
        .build()
}

fn globset(patterns: &[String], file: &str, diags: &mut Vec<Diagnostic>) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let p = p.trim_start_matches("./");
        match glob(p) {
            Ok(g) => {
                b.add(g);
                // DocFX: a pattern naming a folder-less file also matches it at the root only;
                // a bare folder pattern like "folder/**" matches its files (globset does).
            }
            Err(e) => diags.push(Diagnostic::error(
                Code::ConfigInvalid,
                file,
                0,
                0,
                format!("Invalid glob pattern '{p}': {e}"),
            )),
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

fn string_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn file_entries(v: Option<&Value>, file: &str, diags: &mut Vec<Diagnostic>) -> Vec<FileEntry> {
    let mut out = Vec::new();
    let Some(Value::Array(items)) = v else {
        return out;
    };
    for item in items {
        match item {
            Value::String(s) => out.push(FileEntry {
                include: globset(std::slice::from_ref(s), file, diags),
                exclude: GlobSet::empty(),
                group: None,
            }),
            Value::Object(o) => {
                let src = o
                    .get("src")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim_matches('/')
                    .trim_start_matches("./");
                let prefix = |p: &String| {
                    if src.is_empty() || src == "." {
                        p.clone()
                    } else {
                        format!("{src}/{p}")
                    }
                };
                let files: Vec<String> = string_list(o.get("files")).iter().map(prefix).collect();
                let exclude: Vec<String> =
                    string_list(o.get("exclude")).iter().map(prefix).collect();
                out.push(FileEntry {
                    include: globset(&files, file, diags),
                    exclude: globset(&exclude, file, diags),
                    group: o.get("group").and_then(Value::as_str).map(str::to_string),
                });
            }
            _ => {}
        }
    }
    out
}

/// Built-in right-to-left language subtags.
const RTL_LANGUAGES: &[&str] = &["ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ku"];

impl Config {
    /// Load the configuration of the docset at `root`. Problems are returned
    /// as diagnostics; `Err` only when there is nothing to build from.
    pub fn load(root: &Path) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let docfx_path = root.join("docfx.json");
        let tolk_path = root.join("tolk.yml");
        let has_docfx = docfx_path.is_file();
        let has_tolk = tolk_path.is_file();
        if !root.is_dir() {
            return Err(vec![Diagnostic::error(
                Code::SourceNotFound,
                "",
                0,
                0,
                format!("Source folder '{}' does not exist.", root.display()),
            )
            .with_hint(
                "Pass the folder that holds docfx.json (or tolk.yml): `tolk build path/to/docset`.",
            )]);
        }
        if !has_docfx && !has_tolk {
            return Err(vec![Diagnostic::error(
                Code::ConfigNotFound,
                "",
                0,
                0,
                format!(
                    "'{}' holds neither docfx.json nor tolk.yml.",
                    root.display()
                ),
            )
            .with_hint("Point tolk at the docset folder (the one with docfx.json), or add a tolk.yml there.")]);
        }

        let mut tolk = TolkFile::default();
        if has_tolk {
            match std::fs::read_to_string(&tolk_path) {
                Ok(text) => match serde_yaml::from_str::<Option<TolkFile>>(&text) {
                    Ok(t) => tolk = t.unwrap_or_default(),
                    Err(e) => {
                        let (line, col) = e
                            .location()
                            .map(|l| (l.line() as u32, l.column() as u32))
                            .unwrap_or((0, 0));
                        return Err(vec![Diagnostic::error(
                            Code::ConfigInvalid,
                            "tolk.yml",
                            line,
                            col,
                            format!("tolk.yml: {e}"),
                        )
                        .with_hint("Known keys: siteTitle, baseUrl, locales, sourceLocale, contentLocale, monikerDefinition, rtlLocales.")]);
                    }
                },
                Err(e) => {
                    return Err(vec![Diagnostic::error(
                        Code::FileUnreadable,
                        "tolk.yml",
                        0,
                        0,
                        format!("Cannot read tolk.yml: {e}"),
                    )])
                }
            }
        }

        let mut build = serde_json::Map::new();
        if has_docfx {
            let text = match std::fs::read_to_string(&docfx_path) {
                Ok(t) => t,
                Err(e) => {
                    return Err(vec![Diagnostic::error(
                        Code::FileUnreadable,
                        "docfx.json",
                        0,
                        0,
                        format!("Cannot read docfx.json: {e}"),
                    )])
                }
            };
            let text = text.trim_start_matches('\u{feff}');
            match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(mut o)) => {
                    if let Some(Value::Object(b)) = o.remove("build") {
                        build = b;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    return Err(vec![Diagnostic::error(
                        Code::ConfigInvalid,
                        "docfx.json",
                        e.line() as u32,
                        e.column() as u32,
                        format!("docfx.json is not valid JSON: {e}"),
                    )])
                }
            }
        }

        let mut content = file_entries(build.get("content"), "docfx.json", &mut diags);
        if content.is_empty() {
            // tolk.yml-only site: every Markdown and YAML file is content.
            content.push(FileEntry {
                include: globset(
                    &["**/*.md".to_string(), "**/*.yml".to_string()],
                    "docfx.json",
                    &mut diags,
                ),
                exclude: globset(
                    &[
                        "**/includes/**".to_string(),
                        "tolk.yml".to_string(),
                        "_site/**".to_string(),
                        "templates/**".to_string(),
                    ],
                    "docfx.json",
                    &mut diags,
                ),
                group: None,
            });
        }
        let mut resource = file_entries(build.get("resource"), "docfx.json", &mut diags);
        if resource.is_empty() && !has_docfx {
            resource.push(FileEntry {
                include: globset(
                    &[
                        "**/*.{png,jpg,jpeg,gif,svg,webp,pdf,ppt,pptx,xls,xlsx,docx,zip}"
                            .to_string(),
                    ],
                    "tolk.yml",
                    &mut diags,
                ),
                exclude: GlobSet::empty(),
                group: None,
            });
        }

        // Groups and the moniker catalog.
        let mut group_ranges: Vec<(String, String)> = Vec::new();
        if let Some(Value::Object(groups)) = build.get("groups") {
            for (name, g) in groups {
                if let Some(r) = g.get("moniker_range").and_then(Value::as_str) {
                    group_ranges.push((name.clone(), r.to_string()));
                }
            }
        }
        let catalog = if let Some(def) = &tolk.moniker_definition {
            let path = root.join(def);
            match std::fs::read_to_string(&path) {
                Ok(t) => match Catalog::from_definition_json(&t) {
                    Ok(c) => c,
                    Err(e) => {
                        return Err(vec![Diagnostic::error(
                            Code::MonikerDefinitionInvalid,
                            def.clone(),
                            0,
                            0,
                            format!("Moniker definition is invalid: {e}"),
                        )])
                    }
                },
                Err(e) => {
                    return Err(vec![Diagnostic::error(
                        Code::MonikerDefinitionInvalid,
                        "tolk.yml",
                        0,
                        0,
                        format!("Cannot read monikerDefinition '{def}': {e}"),
                    )])
                }
            }
        } else {
            let mut names = Vec::new();
            for (g, r) in &group_ranges {
                match monikers::names_in_range(r) {
                    Ok(ns) => names.extend(ns),
                    Err(e) => diags.push(Diagnostic::error(
                        Code::MonikerRangeInvalid,
                        "docfx.json",
                        0,
                        0,
                        format!("Group '{g}': {}", e.message),
                    )),
                }
            }
            Catalog::single_product(names)
        };

        let mut groups = BTreeMap::new();
        for (g, r) in &group_ranges {
            match catalog.parse_range(r) {
                Ok(set) => {
                    groups.insert(g.clone(), set);
                }
                Err(e) => diags.push(Diagnostic::error(
                    Code::MonikerRangeInvalid,
                    "docfx.json",
                    0,
                    0,
                    format!("Group '{g}': {}", e.message),
                )),
            }
        }
        let mut env_set = MonikerSet::new();
        for s in groups.values() {
            env_set = env_set.union(s);
        }
        let (catalog, environments) = if catalog.is_empty() {
            let c = Catalog::single_product([DEFAULT_ENVIRONMENT]);
            (c, vec![0])
        } else if env_set.is_empty() {
            let all: Vec<usize> = (0..catalog.len()).collect();
            (catalog, all)
        } else {
            let envs: Vec<usize> = env_set.iter().collect();
            (catalog, envs)
        };

        let global_metadata = match build.get("globalMetadata") {
            Some(Value::Object(o)) => o.clone(),
            _ => serde_json::Map::new(),
        };
        let mut file_metadata = Vec::new();
        if let Some(Value::Object(fm)) = build.get("fileMetadata") {
            for (key, v) in fm {
                let mut entries = Vec::new();
                if let Value::Object(globs) = v {
                    for (pattern, value) in globs {
                        let pattern = pattern.trim_start_matches("./");
                        match glob(pattern) {
                            Ok(g) => {
                                let set = GlobSetBuilder::new()
                                    .add(g.clone())
                                    .build()
                                    .unwrap_or_else(|_| GlobSet::empty());
                                entries.push((g, set, value.clone()));
                            }
                            Err(e) => diags.push(Diagnostic::error(
                                Code::ConfigInvalid,
                                "docfx.json",
                                0,
                                0,
                                format!("fileMetadata.{key}: invalid glob '{pattern}': {e}"),
                            )),
                        }
                    }
                }
                file_metadata.push((key.clone(), entries));
            }
        }
        let mut custom_alerts = BTreeMap::new();
        if let Some(Value::Object(alerts)) = build
            .get("markdownEngineProperties")
            .and_then(|m| m.get("alerts"))
        {
            for (k, v) in alerts {
                let key = k
                    .trim_matches(|c| c == '[' || c == ']' || c == '!')
                    .to_uppercase();
                custom_alerts.insert(key, v.as_str().unwrap_or("").to_string());
            }
        }

        let docset_folder = root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .unwrap_or_default();
        let site_title = tolk
            .site_title
            .clone()
            .or_else(|| {
                global_metadata
                    .get("_appTitle")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_else(|| {
                if docset_folder.is_empty() {
                    "Documentation".to_string()
                } else {
                    docset_folder.clone()
                }
            });
        let base_url = tolk.base_url.clone().map(|mut u| {
            if !u.ends_with('/') {
                u.push('/');
            }
            u
        });
        let mut rtl_locales: Vec<String> = RTL_LANGUAGES.iter().map(|s| s.to_string()).collect();
        rtl_locales.extend(tolk.rtl_locales.clone().unwrap_or_default());

        Ok((
            Config {
                root: root.to_path_buf(),
                docset_folder,
                content,
                resource,
                groups,
                catalog,
                environments,
                global_metadata,
                file_metadata,
                custom_alerts,
                site_title,
                base_url,
                source_locale: tolk.source_locale.clone().unwrap_or_else(|| "en-US".into()),
                locales: tolk.locales.clone(),
                content_locale: tolk.content_locale.clone(),
                rtl_locales,
            },
            diags,
        ))
    }

    /// Index of the first content entry matching `rel`, if any.
    pub fn content_entry(&self, rel: &str) -> Option<&FileEntry> {
        self.content.iter().find(|e| e.matches(rel))
    }

    pub fn is_resource(&self, rel: &str) -> bool {
        self.resource.iter().any(|e| e.matches(rel))
    }

    /// fileMetadata value of `key` for `rel` (later globs win).
    pub fn file_metadata(&self, key: &str, rel: &str) -> Option<&Value> {
        let (_, entries) = self.file_metadata.iter().find(|(k, _)| k == key)?;
        entries
            .iter()
            .rev()
            .find(|(_, set, _)| set.is_match(rel))
            .map(|(_, _, v)| v)
    }

    /// Monikers of the configuration for a content file: its entry's group, or all environments.
    pub fn config_monikers(&self, rel: &str) -> MonikerSet {
        let all = self.all_environments();
        match self.content_entry(rel).and_then(|e| e.group.as_ref()) {
            Some(g) => self.groups.get(g).cloned().unwrap_or(all),
            None => all,
        }
    }

    pub fn all_environments(&self) -> MonikerSet {
        let mut s = MonikerSet::new();
        for &e in &self.environments {
            s.insert(e);
        }
        s
    }

    pub fn env_name(&self, env: usize) -> &str {
        &self.catalog.moniker(env).name
    }

    pub fn is_rtl(&self, locale: &str) -> bool {
        let lang = locale.split(['-', '_']).next().unwrap_or("").to_lowercase();
        self.rtl_locales
            .iter()
            .any(|l| l.eq_ignore_ascii_case(locale) || l.eq_ignore_ascii_case(&lang))
    }
}
