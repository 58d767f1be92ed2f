//! Every page of the sample site is valid HTML: the Nu Html Checker (vnu,
//! from the npm package `vnu-jar` in tests/browser, run with Java) reports no
//! error. The sample's Markdown is written for this project, so any error is
//! tolk's (a template or the renderer).
//!
//! Needs `java` and `npm ci --prefix tests/browser`; `.ci/run` installs both.
//! Without them the test prints `SKIPPED` and passes, unless
//! `TOLK_REQUIRE_BROWSER=1` is set (CI sets it).

mod common;

use std::path::PathBuf;
use std::process::Command;

fn vnu_jar() -> PathBuf {
    common::repo().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar")
}

fn has_java() -> bool {
    Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn sample_site_is_valid_html() {
    let jar = vnu_jar();
    let missing = if !has_java() {
        Some("java is not installed".to_string())
    } else if !jar.is_file() {
        Some(format!(
            "no {} (npm ci --prefix tests/browser)",
            jar.display()
        ))
    } else {
        None
    };
    if let Some(reason) = missing {
        if std::env::var_os("TOLK_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
            panic!("HTML validation required (TOLK_REQUIRE_BROWSER=1) but {reason}");
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
    let pages = common::html_files(&site).len();
    assert!(pages > 50, "only {pages} pages built");
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "json"])
        .arg(&site)
        .output()
        .expect("run vnu");
    // vnu writes its JSON report to stderr.
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu gave no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("");
            let file = url.rsplit_once("/site/").map_or(url, |(_, f)| f);
            format!(
                "{file}:{}:{}: {}",
                m["lastLine"],
                m["firstColumn"],
                m["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    println!("vnu: {pages} pages, {} errors", errors.len());
    assert!(
        errors.is_empty(),
        "{} HTML errors in the sample site:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
