//! `tolk new DIR`: write a small working docset (the files of
//! `src/scaffold/`, built into the binary) into a new or empty folder, and
//! print what to do next. It builds with no warnings: docfx.json with two
//! environments, tolk.yml with two locales, bilingual pages (span pairs), a
//! moniker block, an include, a TOC and a landing page.

use super::out::{stderr, stderr_line};
use std::path::Path;
use std::process::ExitCode;
use tolk::diagnostics::sanitize;

/// The scaffold: path inside the new docset → contents.
pub const FILES: &[(&str, &str)] = &[
    ("docfx.json", include_str!("../scaffold/docfx.json")),
    ("tolk.yml", include_str!("../scaffold/tolk.yml")),
    ("toc.yml", include_str!("../scaffold/toc.yml")),
    ("index.yml", include_str!("../scaffold/index.yml")),
    (
        "get-started/install.md",
        include_str!("../scaffold/get-started/install.md"),
    ),
    (
        "get-started/environments.md",
        include_str!("../scaffold/get-started/environments.md"),
    ),
    (
        "includes/help.md",
        include_str!("../scaffold/includes/help.md"),
    ),
];

pub fn run(dir: &Path) -> ExitCode {
    let shown = sanitize(&dir.display().to_string()).into_owned();
    if dir.exists() {
        if !dir.is_dir() {
            stderr_line(&format!(
                "error: {shown} exists and is not a folder; choose a new folder name"
            ));
            return ExitCode::from(1);
        }
        match std::fs::read_dir(dir) {
            Ok(mut entries) => {
                if entries.next().is_some() {
                    stderr_line(&format!(
                        "error: {shown} is not empty; tolk new writes only into a new or empty folder \
                         (nothing was written). Choose another name, e.g. `tolk new {shown}-docs`"
                    ));
                    return ExitCode::from(1);
                }
            }
            Err(e) => {
                stderr_line(&format!("error: cannot read {shown}: {e}"));
                return ExitCode::from(1);
            }
        }
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, text));
        if let Err(e) = written {
            stderr_line(&format!(
                "error: cannot write {}: {e}",
                sanitize(&path.display().to_string())
            ));
            return ExitCode::from(1);
        }
    }
    let mut s = format!("created a docset in {shown}:\n");
    for (rel, _) in FILES {
        s.push_str(&format!("  {rel}\n"));
    }
    s.push_str(&format!(
        "next:\n  tolk serve {shown} --open          # preview, reloads as you edit\n  \
         tolk build {shown} --out _site     # the static site: _site/<locale>/<environment>/\n  \
         tolk check {shown} --strict        # what CI should run\n"
    ));
    stderr(&s);
    ExitCode::SUCCESS
}
