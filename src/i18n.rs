//! UI strings from Fluent files: `locales/<locale>/*.ftl`, built into tolk
//! (en-US, nl-NL) and overridable by a `locales/` folder in the docset. Each
//! locale's messages are formatted once into a plain table (variables become
//! `{$name}` placeholders filled in by the templates); a locale without its
//! own file falls back to en-US with one warning, and a missing message falls
//! back to its en-US text with a warning, never to an empty string.

use crate::diagnostics::{Code, Diagnostic};
use fluent::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use unic_langid::LanguageIdentifier;

/// The message naming a locale in its own language (the language switcher):
/// never taken from the fallback, so that a locale without it is shown by
/// its tag (`zh-TW`), not as a second "English".
pub const OWN_NAME: &str = "language-name";

/// The fallback locale: every message id must exist there.
pub const FALLBACK: &str = "en-US";

const BUILTIN: &[(&str, &str)] = &[
    ("en-US", include_str!("../locales/en-US/tolk.ftl")),
    ("nl-NL", include_str!("../locales/nl-NL/tolk.ftl")),
];

/// Formatted UI strings of one locale.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Strings {
    pub locale: String,
    pub messages: BTreeMap<String, String>,
}

impl Strings {
    pub fn get(&self, id: &str) -> Option<&str> {
        self.messages.get(id).map(String::as_str)
    }

    /// The message, or its id in brackets if even en-US lacks it.
    pub fn text(&self, id: &str) -> String {
        self.get(id)
            .map(str::to_string)
            .unwrap_or_else(|| format!("[{id}]"))
    }
}

/// Fluent sources found for each locale (built-in, then docset overrides appended).
fn sources(docset: &Path) -> HashMap<String, Vec<(String, String)>> {
    let mut map: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (loc, text) in BUILTIN {
        map.entry(loc.to_string())
            .or_default()
            .push((format!("(built-in)/{loc}/tolk.ftl"), text.to_string()));
    }
    let dir = docset.join("locales");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            if !e.path().is_dir() {
                continue;
            }
            let loc = e.file_name().to_string_lossy().to_string();
            if let Ok(files) = std::fs::read_dir(e.path()) {
                let mut files: Vec<_> = files.flatten().collect();
                files.sort_by_key(|f| f.file_name());
                for f in files {
                    if f.path().extension().is_some_and(|x| x == "ftl") {
                        if let Ok(t) = std::fs::read_to_string(f.path()) {
                            let rel = format!("locales/{loc}/{}", f.file_name().to_string_lossy());
                            map.entry(loc.clone()).or_default().push((rel, t));
                        }
                    }
                }
            }
        }
    }
    map
}

fn find_sources<'a>(
    all: &'a HashMap<String, Vec<(String, String)>>,
    locale: &str,
) -> Option<&'a Vec<(String, String)>> {
    if let Some(v) = all.iter().find(|(k, _)| k.eq_ignore_ascii_case(locale)) {
        return Some(v.1);
    }
    let lang = locale.split(['-', '_']).next().unwrap_or(locale);
    let mut keys: Vec<&String> = all.keys().collect();
    keys.sort();
    keys.into_iter()
        .find(|k| {
            k.split(['-', '_'])
                .next()
                .unwrap_or(k)
                .eq_ignore_ascii_case(lang)
        })
        .and_then(|k| all.get(k))
}

fn bundle(
    locale: &str,
    srcs: &[(String, String)],
    diags: &mut Vec<Diagnostic>,
) -> FluentBundle<FluentResource> {
    let langid: LanguageIdentifier = locale.parse().unwrap_or_else(|_| "en-US".parse().unwrap());
    let mut b = FluentBundle::new(vec![langid]);
    b.set_use_isolating(false);
    for (name, text) in srcs {
        let res = match FluentResource::try_new(text.clone()) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    let (line, col) = line_col(text, e.pos.start);
                    diags.push(Diagnostic::error(
                        Code::LocaleSyntaxError,
                        name.clone(),
                        line,
                        col,
                        format!("Fluent syntax error: {}", e.kind),
                    ));
                }
                r
            }
        };
        b.add_resource_overriding(res);
    }
    b
}

fn line_col(text: &str, pos: usize) -> (u32, u32) {
    let pos = pos.min(text.len());
    let before = &text[..pos];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col)
}

fn format_all(b: &FluentBundle<FluentResource>, ids: &[String]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for id in ids {
        let Some(msg) = b.get_message(id) else {
            continue;
        };
        let Some(pattern) = msg.value() else { continue };
        let mut args = FluentArgs::new();
        for var in ["environment", "count", "link", "locale", "page", "title"] {
            args.set(var, FluentValue::from(format!("{{${var}}}")));
        }
        let mut errors = vec![];
        let text = b.format_pattern(pattern, Some(&args), &mut errors);
        out.insert(id.clone(), text.into_owned());
    }
    out
}

fn message_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let first = l.chars().next()?;
            if !first.is_ascii_alphabetic() {
                return None;
            }
            let (id, _) = l.split_once('=')?;
            let id = id.trim();
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                .then(|| id.to_string())
        })
        .collect()
}

/// Load the strings of `locales` (and en-US). Problems are returned as
/// diagnostics: a missing locale or message is a warning.
pub fn load(docset: &Path, locales: &[String]) -> (HashMap<String, Strings>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let all = sources(docset);
    let fallback_src = find_sources(&all, FALLBACK).cloned().unwrap_or_default();
    let mut ids: Vec<String> = fallback_src
        .iter()
        .flat_map(|(_, t)| message_ids(t))
        .collect();
    ids.sort();
    ids.dedup();
    let fb = bundle(FALLBACK, &fallback_src, &mut diags);
    let fallback = format_all(&fb, &ids);
    let mut out = HashMap::new();
    for loc in locales {
        let messages = match find_sources(&all, loc) {
            Some(srcs) if !loc.eq_ignore_ascii_case(FALLBACK) => {
                let b = bundle(loc, srcs, &mut diags);
                let mut m = format_all(&b, &ids);
                let missing: Vec<&String> = ids.iter().filter(|id| !m.contains_key(*id)).collect();
                if !missing.is_empty() {
                    diags.push(
                        Diagnostic::warning(
                            Code::LocaleMessageMissing,
                            srcs.last().map(|s| s.0.clone()).unwrap_or_default(),
                            0,
                            0,
                            format!(
                                "{} UI message(s) missing for {loc}, shown in English: {}",
                                missing.len(),
                                missing
                                    .iter()
                                    .map(|s| s.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                        .with_hint("Add the messages to the locale's .ftl file."),
                    );
                }
                for (k, v) in &fallback {
                    if k != OWN_NAME {
                        m.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                m
            }
            Some(_) => fallback.clone(),
            None => {
                diags.push(
                    Diagnostic::warning(
                        Code::LocaleStringsMissing,
                        "",
                        0,
                        0,
                        format!("No UI strings for locale '{loc}'; its pages use the en-US strings."),
                    )
                    .with_hint(format!(
                        "Add locales/{loc}/tolk.ftl to the docset (copy tolk's locales/en-US/tolk.ftl and translate it)."
                    )),
                );
                let mut m = fallback.clone();
                m.remove(OWN_NAME);
                m
            }
        };
        out.insert(
            loc.clone(),
            Strings {
                locale: loc.clone(),
                messages,
            },
        );
    }
    (out, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_locales_and_fallback() {
        let dir = tempfile::tempdir().unwrap();
        let (m, d) = load(
            dir.path(),
            &["nl-NL".into(), "en-US".into(), "he-IL".into()],
        );
        assert_eq!(m["nl-NL"].get("alert-note"), Some("Opmerking"));
        assert_eq!(m["nl-NL"].get("alert-caution"), Some("Let op"));
        assert_eq!(m["en-US"].get("alert-note"), Some("Note"));
        assert_eq!(m["he-IL"].get("alert-note"), Some("Note"));
        // Not a second "English" in the language switcher: shown by its tag.
        assert_eq!(m["he-IL"].get(OWN_NAME), None);
        assert_eq!(m["nl-NL"].get(OWN_NAME), Some("Nederlands"));
        assert!(m["en-US"]
            .get("page-not-in-environment")
            .unwrap()
            .contains("{$environment}"));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "locale-strings-missing");
    }

    #[test]
    fn docset_overrides_and_missing_messages() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("locales/de-DE")).unwrap();
        std::fs::write(
            dir.path().join("locales/de-DE/tolk.ftl"),
            "alert-note = Hinweis\n",
        )
        .unwrap();
        let (m, d) = load(dir.path(), &["de-DE".into()]);
        assert_eq!(m["de-DE"].get("alert-note"), Some("Hinweis"));
        assert_eq!(m["de-DE"].get("alert-tip"), Some("Tip"));
        assert_eq!(m["de-DE"].get(OWN_NAME), None);
        assert_eq!(d[0].code, "locale-message-missing");
    }
}
