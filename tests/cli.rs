//! The command line as a new user meets it: `tolk new` → build with no
//! warnings, the source argument (folder, docfx.json, repository root),
//! diagnostics (grouped, relative paths, trimmed, sanitized, GitHub
//! annotations), `--strict`, early `--locale`/`--env` checks, broken pipes,
//! colours, completions and `--help` examples.

mod common;

use predicates::prelude::*;
use std::path::Path;
use std::process::{Command, Stdio};

/// A docset in `dir` from `tolk new`.
fn scaffold(dir: &Path) {
    common::tolk()
        .args(["new"])
        .arg(dir)
        .assert()
        .success()
        .stderr(predicate::str::contains("next:"));
}

/// A page with `n` broken links, each on a long bilingual line.
fn write_broken_page(docset: &Path, name: &str, n: usize) {
    let mut body = String::from("---\ntitle: Kapot\nms.contentlocale: nl-NL\n---\n# Kapot\n\n");
    for i in 0..n {
        body.push_str(&format!(
            "<span data-ttu-id=\"x-{i}\">{} [hier](missing-{i}.md) klaar.</span><span class=\"sxs-lookup\"><span data-stu-id=\"x-{i}\">{} [here](missing-{i}.md) done.</span></span>\n\n",
            "Een lange Nederlandse zin die de regel ver over de tweehonderd tekens laat lopen".repeat(2),
            "A long English sentence that runs the line well past two hundred characters".repeat(2),
        ));
    }
    std::fs::write(docset.join(name), body).unwrap();
}

#[test]
fn new_docset_builds_with_no_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-docs");
    scaffold(&dir);
    for f in [
        "docfx.json",
        "tolk.yml",
        "toc.yml",
        "index.yml",
        "includes/help.md",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let site = tmp.path().join("site");
    common::tolk()
        .arg("build")
        .arg(&dir)
        .arg("--out")
        .arg(&site)
        .arg("--strict")
        .assert()
        .success()
        .stderr(predicate::str::contains("0 errors, 0 warnings"));
    // Two locales × two environments, the moniker block per environment.
    for (variant, text) in [
        ("nl-nl/cloud", "updates automatisch"),
        ("nl-nl/on-premises", "installeert uw beheerder"),
        ("en-us/cloud", "updates are installed automatically"),
    ] {
        let page = common::read(&site.join(variant).join("get-started/environments.html"));
        assert!(page.contains(text), "{variant}: {text}");
    }
    let install = common::read(&site.join("en-us/cloud/get-started/install.html"));
    assert!(install.contains("Ask your administrator."), "the include");
    assert!(
        site.join("nl-nl/cloud/index.html").is_file(),
        "landing page"
    );
}

#[test]
fn new_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("keep.txt"), "mine").unwrap();
    common::tolk()
        .arg("new")
        .arg(tmp.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("is not empty")
                .and(predicate::str::contains("nothing was written")),
        );
    assert!(!tmp.path().join("docfx.json").exists());
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn source_may_be_docfx_json_or_a_folder_above_one_docset() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("repo/docs");
    scaffold(&docs);
    common::tolk()
        .arg("check")
        .arg(docs.join("docfx.json"))
        .assert()
        .success()
        .stderr(predicate::str::contains("checked 3 pages"));
    common::tolk()
        .current_dir(tmp.path())
        .args(["check", "repo"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "note: using the docset in repo/docs",
        ));
    // A second docset: both listed, nothing checked.
    scaffold(&tmp.path().join("repo/other"));
    common::tolk()
        .current_dir(tmp.path())
        .args(["check", "repo"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("holds 2 docsets")
                .and(predicate::str::contains("tolk build repo/docs"))
                .and(predicate::str::contains("tolk build repo/other")),
        );
    common::tolk()
        .arg("check")
        .arg(docs.join("toc.yml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a file, not a docset"));
}

#[test]
fn diagnostics_are_grouped_relative_trimmed_and_summarized() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    scaffold(&docs);
    write_broken_page(&docs, "broken.md", 5);
    let out = common::tolk()
        .current_dir(tmp.path())
        .args(["check", "docs"])
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    // Relative to the working directory, not to the docset.
    assert!(err.contains("--> docs/broken.md:7:"), "{err}");
    // Three shown, the rest counted.
    assert_eq!(err.matches("--> docs/broken.md").count(), 3, "{err}");
    assert!(
        err.contains("… and 2 more link-broken (--verbose shows all)"),
        "{err}"
    );
    // Long lines are excerpts: no printed line is much wider than the window.
    let widest = err.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest < 200, "a line of {widest} characters:\n{err}");
    assert!(err.contains('…'));
    // The summary table and line.
    assert!(err.contains("count  severity code"), "{err}");
    assert!(err.contains("5  warning  link-broken"), "{err}");
    assert!(err.trim_end().ends_with("0 errors, 5 warnings"), "{err}");

    common::tolk()
        .current_dir(tmp.path())
        .args(["check", "docs", "--verbose"])
        .assert()
        .success()
        .stderr(predicate::function(|s: &str| {
            s.matches("--> docs/broken.md").count() == 5 && !s.contains("more link-broken")
        }));
}

#[test]
fn github_annotations_and_json_carry_the_relative_path() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    scaffold(&docs);
    write_broken_page(&docs, "broken.md", 2);
    let out = common::tolk()
        .current_dir(tmp.path())
        .args(["check", "docs", "--format", "github"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("::warning file=docs/broken.md,line=7,col=")
            && lines[0].contains(",title=link-broken::"),
        "{out}"
    );
    let out = common::tolk()
        .current_dir(tmp.path())
        .args(["check", "docs", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let first: serde_json::Value =
        serde_json::from_slice(out.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["file"], "broken.md");
    assert_eq!(first["path"], "docs/broken.md");
}

#[test]
fn control_characters_in_files_and_paths_are_shown_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    scaffold(&docs);
    // An OSC title sequence, a bell and a screen clear in the page, an
    // escape in the file name.
    std::fs::write(
        docs.join("evil\x1b[2J.md"),
        "---\ntitle: Evil\nms.contentlocale: nl-NL\n---\n# Evil\n\n[x](missing.md) \x1b]0;pwned\x07 \x1b[2J done\n",
    )
    .unwrap();
    let out = common::tolk()
        .current_dir(tmp.path())
        .args(["check", "docs", "--verbose"])
        .assert()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains('\x1b') && !err.contains('\x07'), "{err:?}");
    assert!(err.contains("evil\\x1b[2J.md"), "{err}");
    assert!(err.contains("\\x1b]0;pwned\\x07"), "{err}");
    let out = common::tolk()
        .current_dir(tmp.path())
        .args(["check", "docs", "--format", "github"])
        .assert()
        .get_output()
        .clone();
    assert!(!out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07));
}

#[test]
fn strict_writes_no_site_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    scaffold(&docs);
    write_broken_page(&docs, "broken.md", 1);
    let site = tmp.path().join("site");
    common::tolk()
        .arg("build")
        .arg(&docs)
        .arg("--out")
        .arg(&site)
        .arg("--strict")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--strict: the warning counts as errors, so the site was not written",
        ));
    assert!(!site.exists());
    // Without --strict the same docset builds (warnings allowed).
    common::tolk()
        .arg("build")
        .arg(&docs)
        .arg("--out")
        .arg(&site)
        .assert()
        .success();
    assert!(site.join("index.html").is_file());
}

#[test]
fn unknown_locale_and_environment_are_caught_before_loading() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    scaffold(&docs);
    // A page that cannot be loaded would be reported if loading started.
    std::fs::write(docs.join("bad.md"), "---\ntitle: [unclosed\n---\n# x\n").unwrap();
    common::tolk()
        .arg("check")
        .arg(&docs)
        .args(["--env", "clowd", "--locale", "nl-NK"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains(
                "--env clowd: this docset has no such environment. Did you mean cloud?",
            )
            .and(predicate::str::contains(
                "The docset's environments: cloud, on-premises.",
            ))
            .and(predicate::str::contains(
                "--locale nl-NK: this docset has no such locale. Did you mean nl-NL?",
            ))
            .and(predicate::str::contains("bad.md").not()),
        );
}

#[test]
fn locales_are_found_from_the_pages_when_not_configured() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    scaffold(&docs);
    std::fs::write(docs.join("tolk.yml"), "siteTitle: x\n").unwrap();
    common::tolk()
        .arg("check")
        .arg(&docs)
        .args(["--locale", "nl-nl"])
        .assert()
        .success();
    common::tolk()
        .arg("check")
        .arg(&docs)
        .args(["--locale", "de-DE"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "The docset's locales: nl-NL, en-US.",
        ));
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    scaffold(&docs);
    write_broken_page(&docs, "broken.md", 400);
    let docs = docs.to_str().unwrap();
    for args in [
        &["check", docs, "--format", "json"][..],
        &["check", docs, "--format", "github"][..],
        &["report", docs, "--format", "json"][..],
        &["completions", "bash"][..],
    ] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("tolk"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read nothing: close the pipe at once, as `| head -0` does.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn colours_follow_the_flag_and_no_color() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    scaffold(&docs);
    write_broken_page(&docs, "broken.md", 1);
    let run = |args: &[&str], no_color: bool| {
        let mut c = common::tolk();
        c.arg("check").arg(&docs).args(args);
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        String::from_utf8(c.assert().success().get_output().stderr.clone()).unwrap()
    };
    assert!(run(&["--color", "always"], false).contains("\x1b[1;33mwarning[link-broken]"));
    assert!(!run(&["--color", "never"], false).contains('\x1b'));
    // Not a terminal: no colour by default; NO_COLOR never adds any.
    assert!(!run(&[], false).contains('\x1b'));
    assert!(!run(&[], true).contains('\x1b'));
}

#[test]
fn completions_and_help_examples() {
    for (shell, marker) in [
        ("bash", "_tolk()"),
        ("zsh", "#compdef tolk"),
        ("fish", "complete -c tolk"),
    ] {
        common::tolk()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker).and(predicate::str::contains("completions")));
    }
    for sub in ["build", "check", "serve", "report", "new", "completions"] {
        common::tolk()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(
                predicate::str::contains("Example")
                    .and(predicate::str::contains(format!("tolk {sub}"))),
            );
    }
}
