//! Bad input: one fixture folder per kind under tests/fixtures/bad, each
//! checked for exit status, diagnostic code, file and line, and that the good
//! parts of the site are still built.

mod common;
use common::*;
use serde_json::Value;

fn check_json(kind: &str) -> (i32, Vec<Value>) {
    let out = tolk()
        .args([
            "check",
            &format!("tests/fixtures/bad/{kind}"),
            "--format",
            "json",
        ])
        .current_dir(repo())
        .output()
        .unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    (out.status.code().unwrap(), lines)
}

fn has(diags: &[Value], code: &str, file: &str, line: u64) -> bool {
    diags
        .iter()
        .any(|d| d["code"] == code && d["file"] == file && d["line"] == line)
}

#[test]
fn errors_exit_1_with_located_messages() {
    let cases = [
        ("front-matter", "front-matter-invalid", "page.md", 3),
        ("include-cycle", "include-cycle", "includes/b.md", 3),
        ("include-outside", "include-outside-docset", "page.md", 3),
        ("moniker-range", "moniker-range-invalid", "page.md", 3),
        ("moniker-range", "moniker-range-invalid", "page.md", 7),
        ("logo", "config-invalid", "tolk.yml", 2),
    ];
    for (kind, code, file, line) in cases {
        let (status, diags) = check_json(kind);
        assert_eq!(status, 1, "{kind}");
        assert!(has(&diags, code, file, line), "{kind}: {diags:?}");
        assert!(diags
            .iter()
            .all(|d| d["severity"] == "error" || d["severity"] == "warning"));
    }
}

#[test]
fn warnings_exit_0_and_name_the_place() {
    let cases = [
        ("include-missing", "include-not-found", "page.md", 8),
        ("moniker-unclosed", "moniker-end-stray", "page.md", 9),
        ("moniker-unclosed", "moniker-block-unclosed", "page.md", 11),
        ("span-broken", "span-pair-half", "page.md", 3),
        ("span-broken", "span-id-mismatch", "page.md", 5),
        ("links", "link-broken", "page.md", 3),
        ("links", "bookmark-not-found", "page.md", 3),
        ("links", "link-case-mismatch", "page.md", 3),
        ("links", "link-environment", "page.md", 3),
        ("links", "image-not-found", "page.md", 5),
        ("unsupported", "codesnippet-not-found", "page.md", 3),
        ("unsupported", "codesnippet-not-found", "page.md", 5),
        ("unsupported", "alert-unknown", "page.md", 7),
    ];
    for (kind, code, file, line) in cases {
        let (status, diags) = check_json(kind);
        assert_eq!(status, 0, "{kind}");
        assert!(
            has(&diags, code, file, line),
            "{kind}: {code} at {file}:{line} not in {diags:?}"
        );
    }
    // --strict turns warnings into failure.
    tolk()
        .args(["check", "tests/fixtures/bad/links", "--strict", "-q"])
        .current_dir(repo())
        .assert()
        .code(1);
}

#[test]
fn link_messages_name_the_affected_environments() {
    let (_, diags) = check_json("links");
    let d = diags
        .iter()
        .find(|d| d["code"] == "link-environment")
        .unwrap();
    let m = d["message"].as_str().unwrap();
    assert!(
        m.contains("env-b") && m.contains("env-c") && !m.contains("[in env-a"),
        "{m}"
    );
}

#[test]
fn warning_fixtures_still_build_their_good_pages_without_losing_text() {
    for kind in [
        "include-missing",
        "moniker-unclosed",
        "span-broken",
        "links",
        "unsupported",
    ] {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("site");
        build_quiet(&fixture(kind), &out).success();
        let good = read(&out.join("en-us/env-a/good.html"));
        assert!(good.contains("This page is fine."), "{kind}");
        for f in html_files(&out) {
            assert_no_raw_markup(&f, &read(&f));
        }
    }
    // Unterminated moniker block: its text still reaches the page of its environment.
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    build_quiet(&fixture("moniker-unclosed"), &out).success();
    assert!(read(&out.join("en-us/env-c/page.html")).contains("C until the end."));
    assert!(!read(&out.join("en-us/env-a/page.html")).contains("C until the end."));
    assert!(read(&out.join("en-us/env-b/page.html")).contains("Only B text."));
    // A half span pair is shown in both locales.
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    build_quiet(&fixture("span-broken"), &out).success();
    for loc in ["nl-nl", "en-us"] {
        assert!(read(&out.join(loc).join("env-a/page.html")).contains("Half zonder bron."));
    }
}

#[test]
fn binary_and_invalid_utf8_files_are_errors_not_panics() {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/bad/binary"), t.path());
    std::fs::write(t.path().join("image.md"), b"\x89PNG\r\n\x1a\n\0\0\0IHDR").unwrap();
    std::fs::write(t.path().join("latin1.md"), b"# Caf\xe9\n").unwrap();
    let out = tolk()
        .args(["check", "--format", "json"])
        .arg(t.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("\"code\":\"file-not-text\"") && s.contains("\"file\":\"image.md\""),
        "{s}"
    );
    assert!(
        s.contains("\"code\":\"file-not-utf8\"")
            && s.contains("\"file\":\"latin1.md\",\"line\":1,\"column\":6"),
        "{s}"
    );
}

#[test]
fn failed_build_leaves_previous_site_untouched() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("docs");
    copy_dir(&repo().join("tests/fixtures/bad/include-missing"), &src);
    let out = t.path().join("site");
    build_quiet(&src, &out).success();
    let before = read(&out.join("nl-nl/env-a/good.html"));
    // Break the docset: an include cycle is an error.
    std::fs::write(src.join("good.md"), "# G\n\n[!INCLUDE [me](good.md)]\n").unwrap();
    build_quiet(&src, &out).code(1);
    assert_eq!(read(&out.join("nl-nl/env-a/good.html")), before);
    let names: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        // The build cache of the site is kept beside it by design.
        .filter(|n| !n.to_string_lossy().ends_with(".tolk-cache"))
        .collect();
    assert_eq!(
        names.len(),
        2,
        "no temporary folders left behind: {names:?}"
    );
}

#[test]
fn refuses_unsafe_output_folders() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("docs");
    copy_dir(&repo().join("tests/fixtures/bad/include-missing"), &src);
    let foreign = t.path().join("mine");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
    let cases: [(&std::path::Path, &str); 3] = [
        (&src, "output-is-source"),
        (t.path(), "output-contains-source"),
        (&foreign, "output-not-tolk"),
    ];
    for (dir, code) in cases {
        let out = tolk()
            .args(["build", "--format", "json"])
            .arg(&src)
            .arg("--out")
            .arg(dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(code),
            "{code}"
        );
    }
    assert_eq!(read(&foreign.join("notes.txt")), "keep me");
    assert_eq!(std::fs::read_dir(&foreign).unwrap().count(), 1);
}

#[test]
fn human_format_shows_the_source_line_and_a_summary() {
    let out = tolk()
        .args(["check", "tests/fixtures/bad/front-matter"])
        .current_dir(repo())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("description: een: twee"), "{err}");
    assert!(err.contains("front-matter-invalid"));
    assert!(err.contains("1 error, 0 warnings"), "{err}");
}

#[test]
fn a_problem_in_an_include_is_reported_once_at_the_include_with_its_page_count() {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&fixture("include-missing"), t.path());
    std::fs::create_dir_all(t.path().join("includes")).unwrap();
    std::fs::write(
        t.path().join("includes/shared.md"),
        "Shared text.\n\n[!INCLUDE [gone](gone.md)]\n",
    )
    .unwrap();
    for p in ["one.md", "two.md"] {
        std::fs::write(
            t.path().join(p),
            "# P\n\n[!INCLUDE [s](includes/shared.md)]\n",
        )
        .unwrap();
    }
    let out = tolk()
        .args(["check", "--format", "json"])
        .arg(t.path())
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|d: &Value| d["file"] == "includes/shared.md")
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["code"], "include-not-found");
    assert_eq!(lines[0]["line"], 3);
    assert_eq!(lines[0]["occurrences"], 2);
    let human = tolk().arg("check").arg(t.path()).output().unwrap();
    assert!(String::from_utf8_lossy(&human.stderr).contains("(affects 2 pages)"));
}

#[test]
fn check_verifies_the_redirection_file_too() {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&fixture("include-missing"), t.path());
    std::fs::write(
        t.path().join(".openpublishing.redirection.json"),
        "{\"redirections\": [\n  {\"source_path\": \"a.md\", \"redirect_url\": \"b\"},\n  {\"source_path\": \"b.md\", \"redirect_url\": \"a\"}\n]}\n",
    )
    .unwrap();
    let (status, diags) = {
        let out = tolk()
            .args(["check", "--format", "json"])
            .arg(t.path())
            .output()
            .unwrap();
        let v: Vec<Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (out.status.code().unwrap(), v)
    };
    assert_eq!(status, 0);
    assert!(
        diags.iter().any(|d| d["code"] == "circular-redirection"),
        "{diags:?}"
    );
}

#[test]
fn landing_page_links_are_checked_and_setext_titles_found() {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&fixture("links"), t.path());
    std::fs::write(
        t.path().join("hub.yml"),
        "### YamlMime:Landing\ntitle: Hub\nsummary: S\nlandingContent:\n- title: Kaart\n  linkLists:\n  - linkListType: overview\n    links:\n    - text: Goed\n      url: good.md\n    - text: Weg\n      url: gone.md\n",
    )
    .unwrap();
    std::fs::write(t.path().join("setext.md"), "---\nms.contentlocale: nl-NL\n---\n<span data-ttu-id=\"s-1\">Titel</span><span class=\"sxs-lookup\"><span data-stu-id=\"s-1\">Title</span></span>\n=====\n\nTekst.\n").unwrap();
    let out = tolk()
        .args(["check", "--format", "json"])
        .arg(t.path())
        .output()
        .unwrap();
    let diags: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(has(&diags, "link-broken", "hub.yml", 12), "{diags:?}");
    let o = tempfile::tempdir().unwrap();
    build_quiet(t.path(), &o.path().join("s")).success();
    let en = read(&o.path().join("s/en-us/env-a/setext.html"));
    assert!(en.contains("<title>Title - "), "{}", &en[..600]);
}

#[test]
fn a_broken_link_names_the_closest_page_in_its_folder() {
    let (_, diags) = check_json("links");
    let near = diags
        .iter()
        .find(|d| d["code"] == "link-broken" && d["file"] == "page.md" && d["line"] == 7)
        .unwrap_or_else(|| panic!("no link-broken at page.md:7 in {diags:?}"));
    let hint = near["hint"].as_str().unwrap_or_default();
    assert!(hint.starts_with("Did you mean 'good.md'?"), "{hint}");
}
