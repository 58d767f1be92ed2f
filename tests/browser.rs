//! End-to-end test in headless Chromium: builds the sample site and runs
//! `tests/browser/browser.test.mjs` (Playwright-core under `node --test`) on it,
//! and `search.test.mjs` (the live search box against the results page, in
//! nl-NL, en-US and the zh-TW, ja-JP, ko-KR and he-IL fixtures).
//!
//! Needs `node`, Chromium (`/usr/bin/chromium`, or `CHROMIUM=path`) and
//! `npm ci --prefix tests/browser`; `.ci/run` installs them. Without them the
//! test prints `SKIPPED` and passes, unless `TOLK_REQUIRE_BROWSER=1` is set
//! (`.ci/run` sets it whenever `CI` is set). `a11y.test.mjs` runs axe-core over
//! every page kind, and over a slice of the real docset when `../shared` is
//! beside the repository. Screenshots and `axe-report.json` go to
//! `target/browser-artifacts/`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn has_node() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Why the test cannot run here, if it cannot.
fn missing(browser_dir: &Path) -> Option<String> {
    if !has_node() {
        return Some("node is not installed".into());
    }
    let chromium = chromium();
    if !chromium.is_file() {
        return Some(format!("no Chromium at {}", chromium.display()));
    }
    if !browser_dir.join("node_modules/playwright-core").is_dir() {
        return Some(format!(
            "playwright-core is not installed (npm ci --prefix {})",
            browser_dir.display()
        ));
    }
    None
}

/// `target/` (honours CARGO_TARGET_DIR): the parent of Cargo's test temp dir.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .to_path_buf()
}

#[test]
fn sample_site_works_in_headless_chromium() {
    let browser_dir = common::repo().join("tests/browser");
    if let Some(reason) = missing(&browser_dir) {
        if std::env::var_os("TOLK_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
            panic!("browser test required (TOLK_REQUIRE_BROWSER=1) but {reason}");
        }
        println!("SKIPPED: {reason}");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::tolk()
        .current_dir(common::repo())
        .args(["build", "content", "-q", "--out"])
        .arg(&site)
        .assert()
        .success();

    // Locale fixtures for the CJK search and right-to-left tests.
    let locales = tmp.path().join("locales");
    for loc in ["zh-tw", "ja-jp", "ko-kr", "he-il"] {
        common::tolk()
            .current_dir(common::repo())
            .arg("build")
            .arg(format!("tests/fixtures/locales/{loc}"))
            .args(["-q", "--out"])
            .arg(locales.join(loc))
            .assert()
            .success();
    }

    // A slice of the real docset for the accessibility test, when it is beside the repository.
    let corpus_site = tmp.path().join("corpus");
    let mut node = Command::new("node");
    if let Some(corpus) = common::corpus() {
        common::tolk()
            .args([
                "build",
                "-q",
                "--locale",
                "nl-NL",
                "--env",
                "o365-worldwide",
                "--out",
            ])
            .arg(&corpus_site)
            .arg(&corpus)
            .assert()
            .success();
        node.env("CORPUS_SITE_DIR", &corpus_site);
    } else {
        println!("SKIPPED (corpus part): ../shared/corpus is not beside the repository");
    }

    let artifacts = target_dir().join("browser-artifacts");
    let start = Instant::now();
    let out = node
        .current_dir(&browser_dir)
        .args([
            "--test",
            "--test-reporter=spec",
            "browser.test.mjs",
            "search.test.mjs",
            "a11y.test.mjs",
        ])
        .env("SITE_DIR", &site)
        .env("LOCALES_DIR", &locales)
        .env("ARTIFACTS", &artifacts)
        .env("CHROMIUM", chromium())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}\n{stderr}");
    println!(
        "browser test: {:.1}s, artifacts in {}",
        start.elapsed().as_secs_f64(),
        artifacts.display()
    );
    assert!(
        out.status.success(),
        "browser test failed ({}); see the output above",
        out.status
    );
    for shot in [
        "support-nl-nl-lantern-global.png",
        "support-en-us-lantern-sovereign.png",
        "theme-1280-light.png",
        "theme-1280-dark.png",
        "theme-390-light.png",
        "theme-390-dark.png",
    ] {
        assert!(artifacts.join(shot).is_file(), "no screenshot {shot}");
    }
}
