//! `--locale` and `--env` checked against the docset's configuration
//! before any page is loaded, with "did you mean".

use super::BuildOptions;
use crate::config::Config;
use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use std::collections::BTreeMap;

/// `--locale` and `--env` against what the configuration declares, before
/// any page is read: an unknown name is an error with the known names and
/// the closest one. Without a configuration nothing is checked here (the
/// load reports the configuration's problem).
pub fn check_selection(opts: &BuildOptions) -> Vec<Diagnostic> {
    if opts.only_envs.is_empty() && opts.only_locales.is_empty() {
        return Vec::new();
    }
    let Ok((config, _)) = Config::load(&opts.source) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let envs: Vec<&str> = config
        .environments
        .iter()
        .map(|&e| config.env_name(e))
        .collect();
    for name in &opts.only_envs {
        if !envs.iter().any(|e| e.eq_ignore_ascii_case(name)) {
            out.push(unknown(
                Code::EnvironmentUnknown,
                "--env",
                name,
                "environment",
                &envs,
            ));
        }
    }
    if !opts.only_locales.is_empty() {
        let locales = known_locales(&config);
        let locales: Vec<&str> = locales.iter().map(String::as_str).collect();
        for name in &opts.only_locales {
            if !locales.iter().any(|l| l.eq_ignore_ascii_case(name)) {
                out.push(unknown(
                    Code::LocaleUnknown,
                    "--locale",
                    name,
                    "locale",
                    &locales,
                ));
            }
        }
    }
    out
}

fn unknown(code: Code, flag: &str, name: &str, what: &str, known: &[&str]) -> Diagnostic {
    let mut message = format!("{flag} {name}: this docset has no such {what}.");
    if let Some(m) = did_you_mean(name, known.iter().copied()) {
        message.push_str(&format!(" Did you mean {m}?"));
    }
    Diagnostic::error(code, "", 0, 0, message).with_hint(format!(
        "The docset's {what}s: {}.",
        if known.is_empty() {
            "none".to_string()
        } else {
            known.join(", ")
        }
    ))
}

/// The locales a build makes, as the loader chooses them: those tolk.yml
/// names, or the content locale (tolk.yml's, else the `ms.contentlocale`
/// most pages declare, read from the front matter at the top of each
/// page) and the source locale.
fn known_locales(config: &Config) -> Vec<String> {
    if let Some(l) = &config.locales {
        return l.clone();
    }
    let content = config
        .content_locale
        .clone()
        .or_else(|| majority_content_locale(config));
    let mut out: Vec<String> = content.into_iter().collect();
    if !out
        .iter()
        .any(|l| l.eq_ignore_ascii_case(&config.source_locale))
    {
        out.push(config.source_locale.clone());
    }
    out
}

/// The `ms.contentlocale` most content pages declare (ties: the first
/// name), from the front matter alone, or from the configuration's
/// metadata for pages without one.
fn majority_content_locale(config: &Config) -> Option<String> {
    use std::io::Read;
    let (files, _) = crate::source::walk(config, &[]);
    let mut votes: BTreeMap<String, usize> = BTreeMap::new();
    for (rel, kind) in files {
        if kind != crate::source::FileKind::Page {
            continue;
        }
        let mut head = vec![0; 8192];
        let n = std::fs::File::open(config.root.join(&rel))
            .and_then(|mut f| f.read(&mut head))
            .unwrap_or(0);
        head.truncate(n);
        let text = String::from_utf8_lossy(&head);
        let declared = front_matter_value(&text, "ms.contentlocale").or_else(|| {
            config
                .file_metadata("ms.contentlocale", &rel)
                .or_else(|| config.global_metadata.get("ms.contentlocale"))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        });
        if let Some(l) = declared {
            *votes.entry(l).or_default() += 1;
        }
    }
    votes
        .into_iter()
        .max_by_key(|(l, n)| (*n, std::cmp::Reverse(l.clone())))
        .map(|(l, _)| l)
}

/// `key: value` in the YAML front matter at the top of `text`.
fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    for line in lines {
        if line.trim_end() == "---" {
            break;
        }
        if let Some(v) = line
            .strip_prefix(key)
            .and_then(|r| r.trim_start().strip_prefix(':'))
        {
            let v = v.trim().trim_matches(['"', '\'']);
            return (!v.is_empty()).then(|| v.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::front_matter_value;

    #[test]
    fn front_matter_values_are_read_from_the_top() {
        let t = "---\ntitle: x\nms.contentlocale: nl-NL\n---\nms.contentlocale: fr-FR\n";
        assert_eq!(
            front_matter_value(t, "ms.contentlocale").as_deref(),
            Some("nl-NL")
        );
        assert_eq!(
            front_matter_value("no front matter", "ms.contentlocale"),
            None
        );
        let t = "---\nms.contentlocale: 'en-GB'\n---\n";
        assert_eq!(
            front_matter_value(t, "ms.contentlocale").as_deref(),
            Some("en-GB")
        );
    }
}
