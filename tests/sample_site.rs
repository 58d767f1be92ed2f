//! The sample site (`content/`) built end to end through the CLI.

mod common;
use common::*;

fn build_sample(out: &std::path::Path) {
    build_sample_with(out, &[]);
}

/// The sample built with these environment variables set.
fn build_sample_with(out: &std::path::Path, vars: &[(&str, &str)]) {
    tolk()
        .envs(vars.iter().copied())
        .args(["build", "content", "--out"])
        .arg(out)
        .current_dir(repo())
        .assert()
        .success();
}

#[test]
fn sample_builds_six_complete_trees_without_raw_markup() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    build_sample(&out);
    for loc in ["nl-nl", "en-us"] {
        for env in ["lantern-global", "lantern-sovereign", "lantern-edu"] {
            let dir = out.join(loc).join(env);
            assert!(dir.join("support.html").is_file(), "{loc}/{env}");
            assert!(dir.join("index.html").is_file(), "{loc}/{env} index");
            // A page that exists only in lantern-global.
            assert_eq!(
                dir.join("admin/global-sharing.html").is_file(),
                env == "lantern-global"
            );
        }
    }
    assert!(out.join("index.html").is_file());
    assert!(
        out.join("_res/media/lantern-logo.png").is_file(),
        "resources written once at _res/"
    );
    assert!(
        !out.join("nl-nl/lantern-global/media").exists(),
        "resources are not copied per variant"
    );
    for f in html_files(&out) {
        assert_no_raw_markup(&f, &read(&f));
    }
}

#[test]
fn each_environment_shows_only_its_own_section() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    build_sample(&out);
    let sections = [
        ("lantern-global", "support-in-lantern-global"),
        ("lantern-sovereign", "support-in-lantern-sovereign"),
        ("lantern-edu", "support-in-lantern-for-education"),
    ];
    for (env, id) in sections {
        for loc in ["nl-nl", "en-us"] {
            let html = read(&out.join(loc).join(env).join("support.html"));
            let art = article(&html);
            assert!(
                art.contains(&format!("id=\"{id}\"")),
                "{loc}/{env} lacks its section"
            );
            for (other, oid) in sections {
                if other != env {
                    assert!(
                        !art.contains(&format!("id=\"{oid}\"")),
                        "{loc}/{env} shows {other}'s section"
                    );
                }
            }
        }
    }
}

#[test]
fn english_tree_reads_english_and_dutch_tree_carries_english_on_hover() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    build_sample(&out);
    let en = read(&out.join("en-us/lantern-global/support.html"));
    assert!(en.contains("<html lang=\"en-US\""));
    assert!(
        en.contains("<title>Get support for Lantern - "),
        "English title derived from the H1"
    );
    assert!(
        !en.contains("Ondersteuning"),
        "Dutch text in the en-US page"
    );
    assert!(
        !en.contains("class=\"sxs\""),
        "no hover markup in the source locale"
    );
    let nl = read(&out.join("nl-nl/lantern-global/support.html"));
    assert!(nl.contains("<html lang=\"nl-NL\""));
    assert!(nl.contains("<span class=\"sxs\">Ondersteuning voor Lantern krijgen<span class=\"sxs-src\" lang=\"en-US\">Get support for Lantern</span></span>"));
    assert!(nl.contains("In dit artikel"));
    assert!(en.contains("In this article"));
    // Localized alert titles.
    let nl_new = read(&out.join("nl-nl/lantern-global/whats-new.html")) + &nl;
    for title in ["Opmerking", "Tip", "Belangrijk", "Let op", "Waarschuwing"] {
        assert!(
            nl_new.contains(&format!("<p class=\"alert-title\">{title}</p>")),
            "missing {title}"
        );
    }
    let en_new = read(&out.join("en-us/lantern-global/whats-new.html")) + &en;
    for title in ["Note", "Tip", "Important", "Caution", "Warning"] {
        assert!(
            en_new.contains(&format!("<p class=\"alert-title\">{title}</p>")),
            "missing {title}"
        );
    }
}

#[test]
fn builds_are_byte_identical() {
    let t = tempfile::tempdir().unwrap();
    let a = t.path().join("a");
    let b = t.path().join("b");
    build_sample(&a);
    build_sample(&b);
    assert_same_tree(&a, &b);
}

#[test]
fn pages_read_again_at_render_give_the_same_site() {
    // A docset over the page-body budget lets page bodies go after loading
    // and reads each page again when rendering it: budget 0 does that for
    // every page of the sample, and the site must not change by a byte.
    let t = tempfile::tempdir().unwrap();
    let a = t.path().join("a");
    let b = t.path().join("b");
    build_sample(&a);
    build_sample_with(&b, &[("TOLK_PAGE_BODY_BUDGET", "0")]);
    assert_same_tree(&a, &b);
}

#[test]
fn the_review_report_is_the_same_when_page_bodies_are_released() {
    // Released pages keep only the front matter keys read after loading:
    // the report's translation type, hand-off date and source commit must
    // still be there (the sample's pages declare them).
    let t = tempfile::tempdir().unwrap();
    let a = t.path().join("a");
    let b = t.path().join("b");
    for (out, budget) in [(&a, None), (&b, Some("0"))] {
        let mut cmd = tolk();
        if let Some(v) = budget {
            cmd.env("TOLK_PAGE_BODY_BUDGET", v);
        }
        cmd.args(["build", "content", "--report", "--out"])
            .arg(out)
            .current_dir(repo())
            .assert()
            .success();
    }
    let report = read(&b.join("_report/report.json"));
    assert!(report.contains("\"translation_type\": \"HT\""), "{report}");
    assert_same_tree(&a, &b);
}

#[test]
fn an_unreadable_page_body_budget_is_a_warning_and_the_default_holds() {
    tolk()
        .env("TOLK_PAGE_BODY_BUDGET", "lots")
        .args(["check", "content"])
        .current_dir(repo())
        .assert()
        .success()
        .stderr(predicates::str::contains("environment-variable-invalid"))
        .stderr(predicates::str::contains(
            "TOLK_PAGE_BODY_BUDGET=\"lots\" is not a number of bytes",
        ));
}

#[test]
fn reference_page_snapshots_per_variant() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    build_sample(&out);
    for loc in ["nl-nl", "en-us"] {
        for env in ["lantern-global", "lantern-sovereign", "lantern-edu"] {
            let html = read(&out.join(loc).join(env).join("support.html"));
            insta::assert_snapshot!(format!("support-{loc}-{env}"), article(&html));
        }
    }
}

#[test]
fn a_slice_is_byte_identical_to_the_same_part_of_a_full_build() {
    let t = tempfile::tempdir().unwrap();
    let full = t.path().join("full");
    let slice = t.path().join("slice");
    build_sample(&full);
    tolk()
        .args([
            "build",
            "content",
            "-q",
            "--locale",
            "en-US",
            "--env",
            "lantern-edu",
            "--out",
        ])
        .arg(&slice)
        .current_dir(repo())
        .assert()
        .success();
    assert!(!slice.join("nl-nl/lantern-edu").exists());
    assert!(!slice.join("en-us/lantern-global").exists());
    let files: Vec<_> = walkdir::WalkDir::new(&slice)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .collect();
    assert!(files.len() > 20);
    for f in files {
        let rel = f.path().strip_prefix(&slice).unwrap();
        if rel == std::path::Path::new(".tolk-manifest") {
            continue; // lists what each build wrote: a slice writes less
        }
        let other = full.join(rel);
        assert!(
            other.is_file(),
            "{} is not in the full build",
            rel.display()
        );
        assert!(
            std::fs::read(f.path()).unwrap() == std::fs::read(&other).unwrap(),
            "{} differs from the full build",
            rel.display()
        );
    }
    // Unknown slices are errors.
    tolk()
        .args(["check", "content", "-q", "--env", "nowhere"])
        .current_dir(repo())
        .assert()
        .code(1);
}
