//! The source argument: a docset folder (holding docfx.json or tolk.yml),
//! a `docfx.json`/`tolk.yml` itself (the DocFX habit), or a folder above
//! the docset, e.g. a repository root: one docset found below it is used
//! (and said), several are listed with how to pick one.

use std::path::{Path, PathBuf};

/// Folders searched below a source that is not itself a docset.
const MAX_DEPTH: usize = 4;
/// Entries looked at before giving up (a source of `/`, say).
const MAX_ENTRIES: usize = 20_000;

/// What the argument names.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// The docset folder; `note` says how it was found when it was not the
    /// argument itself.
    Docset { root: PathBuf, note: Option<String> },
    /// Several docsets below the argument: the user has to pick one.
    Several(Vec<PathBuf>),
    /// A file that is not a docset configuration.
    NotAConfig(PathBuf),
}

fn is_config_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("docfx.json") || name.eq_ignore_ascii_case("tolk.yml")
}

fn is_docset(dir: &Path) -> bool {
    dir.join("docfx.json").is_file() || dir.join("tolk.yml").is_file()
}

/// Resolve the source argument. A folder that is neither a docset nor
/// holds one below it is returned as it is: loading it says what is wrong.
pub fn resolve(arg: &Path) -> Resolved {
    if arg.is_file() {
        let name = arg.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.as_deref().is_some_and(is_config_name) {
            let parent = arg.parent().unwrap_or(Path::new(""));
            let root = if parent.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                parent.to_path_buf()
            };
            return Resolved::Docset { root, note: None };
        }
        return Resolved::NotAConfig(arg.to_path_buf());
    }
    if !arg.is_dir() || is_docset(arg) {
        return Resolved::Docset {
            root: arg.to_path_buf(),
            note: None,
        };
    }
    let found = docsets_below(arg);
    match found.len() {
        0 => Resolved::Docset {
            root: arg.to_path_buf(),
            note: None,
        },
        1 => {
            let root = found.into_iter().next().unwrap_or_default();
            let note = format!(
                "using the docset in {} (the only docfx.json or tolk.yml below {})",
                root.display(),
                arg.display()
            );
            Resolved::Docset {
                root,
                note: Some(note),
            }
        }
        _ => Resolved::Several(found),
    }
}

/// Docset folders below `dir` (not inside another docset, not in hidden
/// folders, build outputs or dependency folders), sorted.
fn docsets_below(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut walker = walkdir::WalkDir::new(dir)
        .max_depth(MAX_DEPTH)
        .sort_by_file_name()
        .into_iter();
    let mut seen = 0;
    while let Some(entry) = walker.next() {
        seen += 1;
        if seen > MAX_ENTRIES {
            break;
        }
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_dir() || entry.depth() == 0 {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let skip = name.starts_with('.')
            || matches!(name.as_ref(), "node_modules" | "target" | "obj" | "_site")
            || entry.path().join(".tolk-site").exists();
        if skip {
            walker.skip_current_dir();
            continue;
        }
        if is_docset(entry.path()) {
            found.push(entry.path().to_path_buf());
            walker.skip_current_dir();
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_files_folders_and_repositories() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path();
        let docs = repo.join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("docfx.json"), "{}").unwrap();
        std::fs::write(repo.join("README.md"), "").unwrap();
        assert_eq!(
            resolve(&docs.join("docfx.json")),
            Resolved::Docset {
                root: docs.clone(),
                note: None
            }
        );
        assert_eq!(
            resolve(&repo.join("README.md")),
            Resolved::NotAConfig(repo.join("README.md"))
        );
        match resolve(repo) {
            Resolved::Docset {
                root,
                note: Some(note),
            } => {
                assert_eq!(root, docs);
                assert!(note.contains("the only docfx.json"), "{note}");
            }
            other => panic!("{other:?}"),
        }
        // A second docset: both listed. One inside node_modules: ignored.
        let other = repo.join("other/en");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("tolk.yml"), "").unwrap();
        let hidden = repo.join("node_modules/x");
        std::fs::create_dir_all(&hidden).unwrap();
        std::fs::write(hidden.join("docfx.json"), "{}").unwrap();
        assert_eq!(resolve(repo), Resolved::Several(vec![docs, other]));
    }
}
