//! A page's environments: the configured monikers of its docfx.json group
//! narrowed by its metadata (front matter first, then `fileMetadata`), as
//! DocFX reads them: `replace_monikers` replaces the set; else `monikerRange`
//! (a range expression) or `monikers` (a list) intersect it, and
//! `exclude_monikers` removes from it. The loader supplies the metadata and
//! where each key stands; this module evaluates and reports.

use super::{Catalog, MonikerSet};
use crate::diagnostics::{Code, Diagnostic};
use serde_yaml::Value;

/// What [`page_monikers`] reads of a page.
pub struct PageMetadata<'a> {
    /// Docset-relative path, for diagnostics.
    pub file: &'a str,
    /// The page's configured environments: its content entry's group, or all.
    pub configured: &'a MonikerSet,
    /// The page's metadata value for a key: front matter, else fileMetadata.
    pub value: &'a dyn Fn(&str) -> Option<Value>,
    /// The 1-based line of a front-matter key (for diagnostics).
    pub key_line: &'a dyn Fn(&str) -> u32,
}

/// The page's environments. Problems are pushed to `diags`: an invalid
/// `monikerRange` (`moniker-range-invalid`, error; the configured set
/// stands), an undefined moniker in a list (`moniker-unknown`, error; left
/// out), both `monikerRange` and `monikers` (`duplicate-moniker-config`,
/// warning; `monikers` is ignored) and an empty result
/// (`moniker-range-out-of-scope`, error).
pub fn page_monikers(
    catalog: &Catalog,
    page: &PageMetadata,
    diags: &mut Vec<Diagnostic>,
) -> MonikerSet {
    let configured = page.configured;
    let parse = |range: &str, key: &str, diags: &mut Vec<Diagnostic>| -> Option<MonikerSet> {
        match catalog.parse_range(range) {
            Ok(s) => Some(s),
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        Code::MonikerRangeInvalid,
                        page.file,
                        (page.key_line)(key),
                        1,
                        format!("{key}: {}", e.message),
                    )
                    .with_hint(format!(
                        "Known monikers: {}",
                        catalog.names(&catalog.all()).join(", ")
                    )),
                );
                None
            }
        }
    };
    let list_set = |names: &[String], key: &str, diags: &mut Vec<Diagnostic>| -> MonikerSet {
        let mut s = MonikerSet::new();
        for n in names {
            match catalog.index_of(n) {
                Some(i) => s.insert(i),
                None => diags.push(Diagnostic::error(
                    Code::MonikerUnknown,
                    page.file,
                    (page.key_line)(key),
                    1,
                    format!("{key}: moniker '{n}' is not defined."),
                )),
            }
        }
        s
    };
    let as_list = |v: &Value| -> Vec<String> {
        match v {
            Value::Sequence(s) => s
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            Value::String(s) => vec![s.clone()],
            _ => vec![],
        }
    };
    let value = page.value;
    let mut set = configured.clone();
    if let Some(v) = value("replace_monikers") {
        set = list_set(&as_list(&v), "replace_monikers", diags);
    } else if let Some(v) = value("monikerRange") {
        if value("monikers").is_some() {
            diags.push(Diagnostic::warning(
                Code::DuplicateMonikerConfig,
                page.file,
                (page.key_line)("monikers"),
                1,
                "Both monikerRange and monikers are set; monikers is ignored.",
            ));
        }
        if let Some(r) = v.as_str() {
            if !r.trim().is_empty() {
                if let Some(s) = parse(r, "monikerRange", diags) {
                    set = s.intersect(configured);
                }
            }
        }
    } else if let Some(v) = value("monikers") {
        set = list_set(&as_list(&v), "monikers", diags).intersect(configured);
    }
    if let Some(v) = value("exclude_monikers") {
        set = set.difference(&list_set(&as_list(&v), "exclude_monikers", diags));
    }
    if set.is_empty() {
        diags.push(
            Diagnostic::error(
                Code::MonikerRangeOutOfScope,
                page.file,
                (page.key_line)("monikerRange"),
                1,
                "This page's monikers have no environment in common with its docfx.json group; it would appear nowhere.",
            )
            .with_hint(format!("Environments of its group: {}", catalog.names(configured).join(", "))),
        );
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    const WW: usize = 0;
    const CN: usize = 1;
    const DE: usize = 2;

    fn cat() -> Catalog {
        Catalog::single_product(["o365-worldwide", "o365-21vianet", "o365-germany"])
    }

    /// Evaluate front matter `yaml` against `configured`; keys are on the
    /// line of their position in `yaml`, plus one for the opening `---`.
    fn eval(yaml: &str, configured: &[usize]) -> (Vec<usize>, Vec<Diagnostic>) {
        let fm: Value = serde_yaml::from_str(yaml).unwrap();
        let mut conf = MonikerSet::new();
        for &i in configured {
            conf.insert(i);
        }
        let value = |k: &str| fm.get(k).cloned();
        let key_line = |k: &str| {
            yaml.lines()
                .position(|l| l.starts_with(&format!("{k}:")))
                .map_or(1, |i| i as u32 + 2)
        };
        let mut diags = Vec::new();
        let set = page_monikers(
            &cat(),
            &PageMetadata {
                file: "a.md",
                configured: &conf,
                value: &value,
                key_line: &key_line,
            },
            &mut diags,
        );
        (set.iter().collect(), diags)
    }

    fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
        d.iter().map(|d| d.code.name()).collect()
    }

    #[test]
    fn range_and_list_narrow_the_configured_set() {
        let all = [WW, CN, DE];
        assert_eq!(eval("title: x", &all), (vec![WW, CN, DE], vec![]));
        assert_eq!(eval("monikerRange: '=o365-germany'", &all).0, [DE]);
        assert_eq!(eval("monikerRange: '=o365-germany'", &[WW, CN]).1.len(), 1);
        assert_eq!(
            eval("monikers: [o365-worldwide, o365-21vianet]", &[WW, DE]).0,
            [WW]
        );
        assert_eq!(eval("monikers: o365-21vianet", &all).0, [CN]);
        assert_eq!(eval("monikerRange: '  '", &all).0, [WW, CN, DE]);
        assert_eq!(eval("exclude_monikers: [o365-germany]", &all).0, [WW, CN]);
        // replace_monikers ignores the configured set and the others.
        let (set, d) = eval(
            "monikerRange: '=o365-worldwide'\nreplace_monikers: [o365-germany]",
            &[WW],
        );
        assert_eq!((set, d), (vec![DE], vec![]));
    }

    #[test]
    fn problems_are_reported_on_their_key_line() {
        let (set, d) = eval("title: x\nmonikerRange: '>= nope'", &[WW, CN, DE]);
        assert_eq!(
            set,
            [WW, CN, DE],
            "an invalid range leaves the configured set"
        );
        assert_eq!(codes(&d), ["moniker-range-invalid"]);
        assert_eq!(
            (d[0].file.as_str(), d[0].line, d[0].is_error()),
            ("a.md", 3, true)
        );
        assert!(d[0].hint.as_deref().unwrap().contains("o365-21vianet"));

        let (set, d) = eval(
            "monikerRange: '=o365-worldwide'\nmonikers: [o365-germany]",
            &[WW],
        );
        assert_eq!(set, [WW]);
        assert_eq!(codes(&d), ["duplicate-moniker-config"]);
        assert_eq!((d[0].line, d[0].is_error()), (3, false));

        let (set, d) = eval("monikers: [o365-worldwide, o365-mars]", &[WW, CN]);
        assert_eq!(set, [WW]);
        assert_eq!(codes(&d), ["moniker-unknown"]);
        assert!(d[0].message.contains("o365-mars"));

        let (set, d) = eval("title: x\nexclude_monikers: [o365-worldwide]", &[WW]);
        assert!(set.is_empty());
        assert_eq!(codes(&d), ["moniker-range-out-of-scope"]);
        assert_eq!(d[0].line, 1, "no monikerRange key: line 1");
        assert_eq!(
            d[0].hint.as_deref(),
            Some("Environments of its group: o365-worldwide")
        );
    }
}
