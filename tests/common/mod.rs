//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real corpus, if `../shared` is beside the repository. In CI (see
/// [`in_ci`]) it must be: a missing corpus fails the test that wanted it
/// instead of letting it print SKIPPED and pass.
pub fn corpus() -> Option<PathBuf> {
    let p = repo().join("../shared/corpus/m365-nl-NL/microsoft-365");
    if p.join("docfx.json").is_file() {
        return Some(p);
    }
    assert!(
        !in_ci(),
        "corpus required in CI (CI or TOLK_REQUIRE_BROWSER=1 set) but {} is missing",
        p.display()
    );
    None
}

/// CI, where no test may skip: `CI` set to anything but `false`/`0` (what
/// CI services export), or `TOLK_REQUIRE_BROWSER=1` (what `.ci/run` exports).
pub fn in_ci() -> bool {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    ci || std::env::var_os("TOLK_REQUIRE_BROWSER").is_some_and(|v| v == "1")
}

pub fn tolk() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("tolk").unwrap()
}

pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The `<article>` of a page.
pub fn article(html: &str) -> &str {
    let s = html.find("<article").expect("article start");
    let e = html.find("</article>").expect("article end");
    &html[s..e + "</article>".len()]
}

/// Copy a folder (fixtures into temp dirs).
pub fn copy_dir(from: &Path, to: &Path) {
    for e in WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Markup that must never reach a page.
pub const RAW_MARKERS: &[&str] = &[
    "data-ttu-id",
    "data-stu-id",
    "sxs-lookup",
    "::: moniker",
    ":::moniker",
    "[!INCLUDE",
    "[!include",
    "[!NOTE]",
    "[!TIP]",
    "[!IMPORTANT]",
    "[!WARNING]",
    "[!CAUTION]",
    "[!VIDEO",
    "[!div",
    ":::image",
    ":::row",
    ":::column",
    "::: zone",
];

pub fn assert_no_raw_markup(file: &Path, html: &str) {
    for m in RAW_MARKERS {
        assert!(!html.contains(m), "{} contains raw {m:?}", file.display());
    }
    for c in ['\u{2E20}', '\u{2E3E}', '\u{2E21}'] {
        assert!(!html.contains(c), "{} contains a sentinel", file.display());
    }
}

/// `tolk build -q SRC --out OUT`, for assertions on its status.
pub fn build_quiet(src: &Path, out: &Path) -> assert_cmd::assert::Assert {
    tolk()
        .args(["build", "-q"])
        .arg(src)
        .arg("--out")
        .arg(out)
        .assert()
}

/// A bad-input fixture folder.
pub fn fixture(kind: &str) -> PathBuf {
    repo().join("tests/fixtures/bad").join(kind)
}

/// Both folders hold the same files with the same bytes.
pub fn assert_same_tree(a: &Path, b: &Path) {
    let files = |d: &Path| -> Vec<PathBuf> {
        walkdir::WalkDir::new(d)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(d).unwrap().to_path_buf())
            .collect()
    };
    let (fa, fb) = (files(a), files(b));
    assert_eq!(fa, fb, "the two trees hold different files");
    for rel in &fa {
        assert!(
            std::fs::read(a.join(rel)).unwrap() == std::fs::read(b.join(rel)).unwrap(),
            "{} differs",
            rel.display()
        );
    }
}
