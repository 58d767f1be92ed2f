//! What the build summary tells the user, checked against the built tree
//! counted by a route of its own (walking the output folder).
mod common;

use common::*;
use walkdir::WalkDir;

/// `built N pages into M variants, F files in DIR`: F is every file a
/// reader can fetch (pages, assets, resources, search indexes, redirect
/// stubs, `_redirects`, 404 pages, sitemaps), i.e. every file in DIR but
/// tolk's own bookkeeping (`.tolk-*` at the top).
#[test]
fn summary_counts_every_file_written() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    let run = tolk()
        .arg("build")
        .arg(repo().join("content"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    let line = stderr
        .lines()
        .find(|l| l.starts_with("built "))
        .unwrap_or_else(|| panic!("no summary line in:\n{stderr}"));
    let files: usize = line
        .split(", ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no file count in {line:?}"));
    let on_disk: Vec<String> = WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| !(e.depth() == 1 && e.file_name().to_string_lossy().starts_with(".tolk-")))
        .map(|e| e.path().strip_prefix(&out).unwrap().display().to_string())
        .collect();
    // The sample has resources and several variants, so each kind of file
    // the summary adds up is present.
    assert!(
        on_disk.iter().any(|p| p.starts_with("_res/")),
        "{on_disk:?}"
    );
    assert!(on_disk.iter().any(|p| p == "_redirects"), "{on_disk:?}");
    assert_eq!(files, on_disk.len(), "{line}");
}

/// Every variant has its search results page: the search form of each page
/// submits to `search.html` of its variant, a page of the site's template
/// titled in the variant's language.
#[test]
fn every_variant_has_its_search_page() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    tolk()
        .args(["build", "-q"])
        .arg(repo().join("content"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    // Variants found by walking: `<locale>/<env>/index.html`.
    let variants: Vec<std::path::PathBuf> = WalkDir::new(&out)
        .min_depth(3)
        .max_depth(3)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .map(|e| e.path().parent().unwrap().to_path_buf())
        .collect();
    // content/ has two locales and three environments.
    assert_eq!(variants.len(), 6, "{variants:?}");
    for v in &variants {
        assert!(
            read(&v.join("index.html")).contains("search.html"),
            "{}",
            v.display()
        );
        let page = read(&v.join("search.html"));
        let title = if v.parent().unwrap().ends_with("nl-nl") {
            "<title>Zoekresultaten - "
        } else {
            "<title>Search results - "
        };
        assert!(page.contains(title), "{}: {page}", v.display());
    }
}
