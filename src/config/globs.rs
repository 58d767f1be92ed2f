//! Glob matching of docfx.json's file settings: the case-insensitive globs
//! DocFX uses, `build.content`/`build.resource` entries (`files`, `exclude`,
//! `src`, `group`) and `build.fileMetadata` (key → globs and values).

use super::docfx::{self, Entry, Field, Globs};
use super::{FileEntry, GlobValue, Wrong};
use crate::diagnostics::{Code, Diagnostic};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .case_insensitive(true)
        .build()
}

pub(super) fn globset(patterns: &[String], file: &str, diags: &mut Vec<Diagnostic>) -> GlobSet {
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

/// The globs of a `files`/`exclude` setting.
pub(super) fn glob_list(
    globs: &Field<Globs>,
    keys: &[&str],
    shown: &str,
    wrong: &mut Wrong,
) -> Vec<String> {
    const EXPECTED: &str = "a glob or a list of globs";
    wrong.check(globs, keys, shown, EXPECTED);
    match globs {
        Field::Ok(Globs::One(s)) => vec![s.clone()],
        Field::Ok(Globs::Many(list)) => list
            .iter()
            .enumerate()
            .filter_map(|(i, g)| {
                wrong.check(g, keys, &format!("{shown}[{i}]"), "a glob (a string)");
                g.ok().cloned()
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `build.content` or `build.resource` (`section`).
pub(super) fn file_entries(
    entries: &Field<Vec<Field<Entry>>>,
    section: &str,
    wrong: &mut Wrong,
    diags: &mut Vec<Diagnostic>,
) -> Vec<FileEntry> {
    let mut out = Vec::new();
    let shown = format!("build.{section}");
    wrong.check(entries, &["build", section], &shown, "a list of entries");
    let Some(items) = entries.ok() else {
        return out;
    };
    for (i, item) in items.iter().enumerate() {
        let shown = format!("{shown}[{i}]");
        wrong.check(
            item,
            &["build", section],
            &shown,
            "a glob or an object with `files`",
        );
        match item {
            Field::Ok(Entry::Glob(s)) => out.push(FileEntry {
                include: globset(std::slice::from_ref(s), "docfx.json", diags),
                exclude: GlobSet::empty(),
                group: None,
            }),
            Field::Ok(Entry::Files(o)) => {
                wrong.check(
                    &o.src,
                    &["build", section, "src"],
                    &format!("{shown}.src"),
                    "a folder (a string)",
                );
                wrong.check(
                    &o.group,
                    &["build", section, "group"],
                    &format!("{shown}.group"),
                    "a group name (a string)",
                );
                let src = o
                    .src
                    .ok()
                    .map_or("", String::as_str)
                    .trim_matches('/')
                    .trim_start_matches("./");
                let prefix = |p: String| {
                    if src.is_empty() || src == "." {
                        p
                    } else {
                        format!("{src}/{p}")
                    }
                };
                let mut globs = |field: &Field<Globs>, key: &str| -> Vec<String> {
                    let shown = format!("{shown}.{key}");
                    glob_list(field, &["build", section, key], &shown, wrong)
                        .into_iter()
                        .map(prefix)
                        .collect()
                };
                let files = globs(&o.files, "files");
                let exclude = globs(&o.exclude, "exclude");
                out.push(FileEntry {
                    include: globset(&files, "docfx.json", diags),
                    exclude: globset(&exclude, "docfx.json", diags),
                    group: o.group.ok().cloned(),
                });
            }
            _ => {}
        }
    }
    out
}

/// `build.fileMetadata`: key → [(glob, value)].
pub(super) fn file_metadata(
    build: &docfx::Build,
    wrong: &mut Wrong,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<GlobValue>)> {
    let mut file_metadata = Vec::new();
    wrong.check(
        &build.file_metadata,
        &["build", "fileMetadata"],
        "build.fileMetadata",
        "an object of keys",
    );
    if let Some(fm) = build.file_metadata.ok() {
        for (key, v) in fm {
            let mut entries = Vec::new();
            wrong.check(
                v,
                &["build", "fileMetadata", key],
                &format!("build.fileMetadata.{key}"),
                "an object of globs and values",
            );
            if let Some(globs) = v.ok() {
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
    file_metadata
}
