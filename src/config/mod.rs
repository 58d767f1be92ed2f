//! Docset configuration: `docfx.json` as DocFX reads it, plus the optional
//! `tolk.yml` for what docfx.json cannot say (site title, base URL, locales,
//! moniker definition). Owns glob matching of content and resource entries.
//! [`docfx`] reads docfx.json into typed, lenient structs; a setting of the
//! wrong type is reported (`config-wrong-type`) and ignored.

pub mod docfx;
mod globs;

use crate::diagnostics::{Code, Diagnostic};
use crate::monikers::{self, Catalog, MonikerSet};
use docfx::{DocfxJson, Field, Globs};
use globset::{Glob, GlobSet};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globs::{file_entries, file_metadata, globset};

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
    /// Logo image shown before the site title (docset-relative path).
    pub logo: Option<String>,
    /// The docset's own URL base in site-absolute links (default `/<docset folder>/`).
    pub docset_url: Option<String>,
    /// Where other site-absolute links lead (default
    /// `https://learn.microsoft.com/{locale}`; `{locale}`: the page's, lower-case).
    pub external_base_url: Option<String>,
    /// Display names of environments (moniker → name); Fluent messages
    /// `environment-name-<moniker>` of a locale win over them.
    pub environment_names: Option<BTreeMap<String, String>>,
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
    /// key → [(glob, value)], keys and globs in sorted order (as serde_json
    /// reads objects); a later glob in that order wins.
    pub file_metadata: Vec<(String, Vec<GlobValue>)>,
    /// Custom alert types: upper-case keyword → CSS classes.
    pub custom_alerts: BTreeMap<String, String>,
    /// `build.markdownEngineProperties.markdigExtensions`, lower-cased.
    pub markdig_extensions: Vec<String>,
    pub site_title: String,
    pub base_url: Option<String>,
    pub source_locale: String,
    /// Locales from tolk.yml; when None, the content locale(s) found in pages plus the source locale.
    pub locales: Option<Vec<String>>,
    pub content_locale: Option<String>,
    pub rtl_locales: Vec<String>,
    /// `build.xref`: xref maps as written (docset-relative files or URLs).
    pub xref: Vec<String>,
    /// Logo image (docset-relative path), from tolk.yml.
    pub logo: Option<String>,
    /// The docset's own URL base in site-absolute links: `/microsoft-365/`.
    pub docset_url: String,
    /// The base of every other site-absolute link, `{locale}` to fill in.
    pub external_base_url: String,
    /// Display names of environments, by moniker (lower-case).
    pub environment_names: BTreeMap<String, String>,
}

/// Where site-absolute links outside the docset lead by default: the public
/// docs host in the page's locale.
pub const DEFAULT_EXTERNAL_BASE_URL: &str = "https://learn.microsoft.com/{locale}";

/// The docset's URL base, `/<segments>/`: as configured, else the docset folder.
fn docset_url(configured: Option<&str>, folder: &str) -> String {
    let raw = configured.unwrap_or(folder).trim().trim_matches('/');
    if raw.is_empty() {
        "/".into()
    } else {
        format!("/{raw}/")
    }
}

/// Reports settings of the wrong type in docfx.json, located by their keys.
struct Wrong<'a> {
    text: &'a str,
    found: Vec<Diagnostic>,
}

impl Wrong<'_> {
    /// `keys`: the object keys leading to the setting (for its position);
    /// `shown`: the setting as the message names it (`build.content[2]`).
    fn check<T>(&mut self, field: &Field<T>, keys: &[&str], shown: &str, expected: &str) {
        if let Field::Wrong(found) = field {
            let (line, column) = match keys {
                // The whole file: its start.
                [] => (1, 1),
                _ => docfx::locate(self.text, keys),
            };
            self.found.push(
                Diagnostic::warning(
                    Code::ConfigWrongType,
                    "docfx.json",
                    line,
                    column,
                    format!("`{shown}` must be {expected}, found {found}; it is ignored."),
                )
                .with_hint(format!("Write `{shown}` as {expected}, or remove it.")),
            );
        }
    }
}

/// Why tolk.yml's `logo` cannot be shown, located at its line.
fn logo_problem(root: &Path, logo: &str) -> Option<Diagnostic> {
    let ext = Path::new(logo)
        .extension()
        .and_then(|x| x.to_str())
        .map(|x| x.to_ascii_lowercase());
    let message = if !matches!(
        ext.as_deref(),
        Some("svg" | "png" | "jpg" | "jpeg" | "gif" | "webp")
    ) {
        format!("The logo '{logo}' is not an image tolk can show (svg, png, jpg, jpeg, gif, webp).")
    } else if !root.join(logo).is_file() {
        format!("The logo '{logo}' does not exist.")
    } else {
        return None;
    };
    let yml = std::fs::read_to_string(root.join("tolk.yml")).unwrap_or_default();
    let (line, col) = yml
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("logo:"))
        .map_or((0, 0), |(i, l)| {
            let value = l["logo:".len()..].trim_start();
            (i as u32 + 1, (l.len() - value.len()) as u32 + 1)
        });
    Some(
        Diagnostic::error(Code::ConfigInvalid, "tolk.yml", line, col, message)
            .with_hint("logo: an .svg, .png, .jpg, .gif or .webp file, relative to the docset folder (media/logo.svg)."),
    )
}

/// Read tolk.yml; an unreadable or invalid file stops the load.
fn read_tolk(path: &Path) -> Result<TolkFile, Vec<Diagnostic>> {
    match read_located(path, "tolk.yml")? {
        Ok(text) => match serde_yaml::from_str::<Option<TolkFile>>(&text) {
            Ok(t) => Ok(t.unwrap_or_default()),
            Err(e) => {
                let (line, col) = e
                    .location()
                    .map(|l| (l.line() as u32, l.column() as u32))
                    .unwrap_or((0, 0));
                Err(vec![Diagnostic::error(
                    Code::ConfigInvalid,
                    "tolk.yml",
                    line,
                    col,
                    format!("tolk.yml: {e}"),
                )
                .with_hint("Known keys: siteTitle, baseUrl, locales, sourceLocale, contentLocale, monikerDefinition, rtlLocales, logo.")])
            }
        },
        Err(e) => Err(vec![Diagnostic::error(
            Code::FileUnreadable,
            "tolk.yml",
            0,
            0,
            format!("Cannot read tolk.yml: {e}"),
        )]),
    }
}

/// A configuration file's text: `Err` with a located diagnostic when it is
/// not UTF-8 text (the byte's line and column), `Ok(Err)` when it cannot be
/// read at all.
#[allow(clippy::type_complexity)]
fn read_located(path: &Path, shown: &str) -> Result<std::io::Result<String>, Vec<Diagnostic>> {
    match std::fs::read(path) {
        Ok(bytes) => crate::text::decode_utf8(shown, bytes)
            .map(Ok)
            .map_err(|d| vec![d]),
        Err(e) => Ok(Err(e)),
    }
}

/// Read docfx.json (its text, for locating settings, and its settings); an
/// unreadable file or invalid JSON stops the load.
fn read_docfx(path: &Path) -> Result<(String, Field<DocfxJson>), Vec<Diagnostic>> {
    let text = match read_located(path, "docfx.json")? {
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
    let text = text.trim_start_matches('\u{feff}').to_string();
    match serde_json::from_str::<Field<DocfxJson>>(&text) {
        Ok(d) => Ok((text, d)),
        Err(e) => Err(vec![Diagnostic::error(
            Code::ConfigInvalid,
            "docfx.json",
            // An empty file ends at line 1, column 0: point at its start.
            (e.line() as u32).max(1),
            (e.column() as u32).max(1),
            format!("docfx.json is not valid JSON: {e}"),
        )]),
    }
}

/// `build.groups`: (group, moniker range) of each group that has a range.
fn group_ranges(build: &docfx::Build, wrong: &mut Wrong) -> Vec<(String, String)> {
    let mut group_ranges: Vec<(String, String)> = Vec::new();
    wrong.check(
        &build.groups,
        &["build", "groups"],
        "build.groups",
        "an object of groups",
    );
    for (name, g) in build.groups.ok().into_iter().flatten() {
        let shown = format!("build.groups.{name}");
        wrong.check(g, &["build", "groups", name], &shown, "an object");
        let Some(g) = g.ok() else { continue };
        wrong.check(
            &g.moniker_range,
            &["build", "groups", name, "moniker_range"],
            &format!("{shown}.moniker_range"),
            "a moniker range (a string)",
        );
        if let Some(r) = g.moniker_range.ok() {
            group_ranges.push((name.clone(), r.clone()));
        }
    }
    group_ranges
}

/// Largest file tolk reads from a path set in the configuration.
pub const MAX_CONFIGURED_FILE: u64 = 16 << 20;

/// Read a file named by the configuration (`rel`, relative to the docset
/// folder `root`): it must resolve, symbolic links followed, to a regular
/// file inside the docset of at most `max` bytes. `Err`: why not (for the
/// message). Every configured path goes through here, so `/dev/zero`,
/// `../../x` or a link out of the docset is refused, never read.
pub fn read_configured_file(
    root: &Path,
    rel: &str,
    max: u64,
) -> Result<std::io::Result<String>, String> {
    use std::io::Read;
    let root = root
        .canonicalize()
        .map_err(|e| format!("the docset folder cannot be resolved: {e}"))?;
    if Path::new(rel).is_absolute() || crate::paths::resolve("", rel).is_none() {
        return Err("it lies outside the docset folder".into());
    }
    let path = root.join(rel);
    let real = match path.canonicalize() {
        Ok(p) => p,
        // Missing: an ordinary read error, reported by the caller.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Err(e)),
        Err(e) => return Err(e.to_string()),
    };
    if !real.starts_with(&root) {
        return Err("it lies outside the docset folder".into());
    }
    let meta = std::fs::metadata(&real).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("it is not a regular file".into());
    }
    if meta.len() > max {
        return Err(format!(
            "it holds {} bytes, more than the {max} tolk reads",
            meta.len()
        ));
    }
    let mut text = String::new();
    let read = std::fs::File::open(&real).and_then(|f| f.take(max + 1).read_to_string(&mut text));
    if matches!(read, Ok(n) if n as u64 > max) {
        return Err(format!("it holds more than the {max} bytes tolk reads"));
    }
    Ok(read.map(|_| text))
}

/// 1-based line and column of `key:` in a YAML text ((0, 0) when absent).
fn key_position(text: &str, key: &str) -> (u32, u32) {
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            return ((i + 1) as u32, (line.len() - t.len() + 1) as u32);
        }
    }
    (0, 0)
}

/// The moniker catalog (tolk.yml's monikerDefinition, or the monikers named
/// by the groups' ranges), each group's moniker set and the environments
/// built (catalog indexes, in catalog order).
#[allow(clippy::type_complexity)]
fn environments(
    root: &Path,
    tolk: &TolkFile,
    group_ranges: &[(String, String)],
    diags: &mut Vec<Diagnostic>,
) -> Result<(Catalog, BTreeMap<String, MonikerSet>, Vec<usize>), Vec<Diagnostic>> {
    let catalog = if let Some(def) = &tolk.moniker_definition {
        let read = read_configured_file(root, def, MAX_CONFIGURED_FILE).map_err(|why| {
            let (line, column) = std::fs::read_to_string(root.join("tolk.yml"))
                .map(|t| key_position(&t, "monikerDefinition"))
                .unwrap_or((0, 0));
            vec![Diagnostic::error(
                Code::ConfigPathOutside,
                "tolk.yml",
                line,
                column,
                format!(
                    "monikerDefinition '{}' is not read: {why}",
                    def.escape_default()
                ),
            )
            .with_hint("Point monikerDefinition at a JSON file inside the docset folder.")]
        })?;
        match read {
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
        for (g, r) in group_ranges {
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
    for (g, r) in group_ranges {
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
    Ok((catalog, groups, environments))
}

/// `build.markdownEngineProperties.alerts`: upper-case keyword → CSS classes.
fn custom_alerts(build: &docfx::Build, wrong: &mut Wrong) -> BTreeMap<String, String> {
    let mut custom_alerts = BTreeMap::new();
    let engine = &build.markdown_engine_properties;
    wrong.check(
        engine,
        &["build", "markdownEngineProperties"],
        "build.markdownEngineProperties",
        "an object",
    );
    if let Some(alerts) = engine.ok().map(|e| &e.alerts) {
        let keys = ["build", "markdownEngineProperties", "alerts"];
        let shown = "build.markdownEngineProperties.alerts";
        wrong.check(
            alerts,
            &keys,
            shown,
            "an object of alert keywords and CSS classes",
        );
        for (k, v) in alerts.ok().into_iter().flatten() {
            wrong.check(v, &keys, &format!("{shown}.{k}"), "CSS classes (a string)");
            let key = k
                .trim_matches(|c| c == '[' || c == ']' || c == '!')
                .to_uppercase();
            custom_alerts.insert(key, v.ok().cloned().unwrap_or_default());
        }
    }
    custom_alerts
}

/// `build.xref`: the xref maps (one path or URL, or a list of them).
fn xref_maps(build: &docfx::Build, wrong: &mut Wrong) -> Vec<String> {
    let (keys, shown) = (["build", "xref"], "build.xref");
    wrong.check(
        &build.xref,
        &keys,
        shown,
        "a path or URL, or a list of them",
    );
    match &build.xref {
        Field::Ok(Globs::One(s)) => vec![s.clone()],
        Field::Ok(Globs::Many(list)) => list
            .iter()
            .enumerate()
            .filter_map(|(i, g)| {
                wrong.check(
                    g,
                    &keys,
                    &format!("{shown}[{i}]"),
                    "a path or URL (a string)",
                );
                g.ok().cloned()
            })
            .collect(),
        _ => Vec::new(),
    }
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

        let tolk = if has_tolk {
            read_tolk(&tolk_path)?
        } else {
            TolkFile::default()
        };
        let (docfx_text, docfx) = if has_docfx {
            read_docfx(&docfx_path)?
        } else {
            (String::new(), Field::Absent)
        };
        let mut wrong = Wrong {
            text: &docfx_text,
            found: Vec::new(),
        };
        wrong.check(&docfx, &[], "docfx.json", "an object");
        if has_docfx && matches!(docfx, Field::Absent) {
            // `null` (or only whitespace and comments): nothing configured.
            wrong.found.push(
                Diagnostic::warning(
                    Code::ConfigWrongType,
                    "docfx.json",
                    1,
                    1,
                    "`docfx.json` must be an object, found null; the defaults are used.",
                )
                .with_hint("Write docfx.json as an object, e.g. {\"build\": {…}}."),
            );
        }
        let build = match docfx.ok() {
            Some(d) => {
                wrong.check(&d.build, &["build"], "build", "an object");
                d.build.ok()
            }
            None => None,
        };
        let default_build = docfx::Build::default();
        let build = build.unwrap_or(&default_build);
        let mut content = file_entries(&build.content, "content", &mut wrong, &mut diags);
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
        let mut resource = file_entries(&build.resource, "resource", &mut wrong, &mut diags);
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

        let group_ranges = group_ranges(build, &mut wrong);
        let (catalog, groups, environments) = environments(root, &tolk, &group_ranges, &mut diags)?;

        wrong.check(
            &build.global_metadata,
            &["build", "globalMetadata"],
            "build.globalMetadata",
            "an object",
        );
        let global_metadata = build.global_metadata.ok().cloned().unwrap_or_default();
        let file_metadata = file_metadata(build, &mut wrong, &mut diags);
        let custom_alerts = custom_alerts(build, &mut wrong);
        let xref = xref_maps(build, &mut wrong);
        let markdig_extensions: Vec<String> = build
            .markdown_engine_properties
            .ok()
            .and_then(|e| e.markdig_extensions.ok())
            .into_iter()
            .flatten()
            .filter_map(|x| x.ok().map(|s| s.to_ascii_lowercase()))
            .collect();
        // Markdig extensions tolk renders (footnotes, definition lists, math,
        // emoji, abbreviations) or
        // always has on (DocFX's defaults); any other is reported.
        const MARKDIG_KNOWN: &[&str] = &[
            "footnotes",
            "definitionlists",
            "mathematics",
            "emojis",
            "abbreviations",
            "pipetables",
            "emphasisextras",
            "tasklists",
            "autolinks",
            "autoidentifiers",
            "yaml",
            "common",
        ];
        for e in markdig_extensions
            .iter()
            .filter(|e| !MARKDIG_KNOWN.contains(&e.as_str()))
        {
            let (line, column) = docfx::locate(
                &docfx_text,
                &["build", "markdownEngineProperties", "markdigExtensions"],
            );
            diags.push(
                Diagnostic::warning(
                    Code::UnsupportedSyntax,
                    "docfx.json",
                    line,
                    column,
                    format!("tolk does not render the Markdig extension '{e}'; its syntax is read as plain Markdown."),
                )
                .with_hint("Remove it from build.markdownEngineProperties.markdigExtensions, or avoid its syntax."),
            );
        }
        let app_title = match global_metadata.get("_appTitle") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                wrong.check(
                    &Field::<String>::Wrong(docfx::kind_of(other)),
                    &["build", "globalMetadata", "_appTitle"],
                    "build.globalMetadata._appTitle",
                    "a title (a string)",
                );
                None
            }
        };
        diags.append(&mut wrong.found);

        let docset_folder = root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .unwrap_or_default();
        let site_title = tolk.site_title.clone().or(app_title).unwrap_or_else(|| {
            if docset_folder.is_empty() {
                "Documentation".to_string()
            } else {
                docset_folder.clone()
            }
        });
        let base_url = tolk.base_url.clone().and_then(|mut u| {
            // Written into every page's canonical link, the sitemap and
            // robots.txt: an http(s) URL on one line, percent-encoded.
            let scheme = crate::url_policy::effective_scheme(&u);
            let line_safe = crate::url_policy::check_line_safe(u.trim());
            if line_safe.is_err() || !matches!(scheme.as_deref(), Some("http" | "https")) {
                let (line, column) = std::fs::read_to_string(root.join("tolk.yml"))
                    .map(|t| key_position(&t, "baseUrl"))
                    .unwrap_or((0, 0));
                diags.push(Diagnostic::error(
                    Code::UrlUnsafe,
                    "tolk.yml",
                    line,
                    column,
                    format!(
                        "baseUrl `{}` is not an http:// or https:// URL on one line; it is ignored.",
                        u.escape_default()
                    ),
                ));
                return None;
            }
            u = u.trim().to_string();
            if !u.ends_with('/') {
                u.push('/');
            }
            Some(u)
        });
        let mut rtl_locales: Vec<String> = RTL_LANGUAGES.iter().map(|s| s.to_string()).collect();
        rtl_locales.extend(tolk.rtl_locales.clone().unwrap_or_default());

        let docset_url = docset_url(tolk.docset_url.as_deref(), &docset_folder);
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
                markdig_extensions,
                site_title,
                base_url,
                source_locale: tolk.source_locale.clone().unwrap_or_else(|| "en-US".into()),
                locales: tolk.locales.clone(),
                content_locale: tolk.content_locale.clone(),
                rtl_locales,
                xref,
                logo: tolk.logo.clone().filter(|l| {
                    let bad = logo_problem(root, l);
                    diags.extend(bad.clone());
                    bad.is_none()
                }),
                docset_url,
                external_base_url: tolk
                    .external_base_url
                    .clone()
                    .map(|u| u.trim_end_matches('/').to_string())
                    .unwrap_or_else(|| DEFAULT_EXTERNAL_BASE_URL.to_string()),
                environment_names: tolk
                    .environment_names
                    .clone()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), v))
                    .collect(),
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

#[cfg(test)]
mod tests;
