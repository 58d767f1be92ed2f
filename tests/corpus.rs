//! The real corpus (../shared/corpus/m365-nl-NL/microsoft-365) built whole.

mod common;
use common::*;

#[test]
fn corpus_builds_six_complete_trees() {
    let Some(corpus) = corpus() else {
        println!("SKIPPED: ../shared/corpus is not beside the repository");
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    let o = tolk()
        .args(["build", "--format", "json"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| l.contains("\"error\""))
            .take(20)
            .collect::<Vec<_>>()
            .join("\n")
    );
    let variants = ["o365-worldwide", "o365-21vianet", "o365-germany"];
    for loc in ["nl-nl", "en-us"] {
        for env in variants {
            assert!(out.join(loc).join(env).is_dir(), "{loc}/{env}");
        }
    }
    // Every content page present where its range admits it: pages in the
    // unversioned second entry (contentunderstanding/, knowledge/) and group pages.
    for env in variants {
        assert!(out
            .join("nl-nl")
            .join(env)
            .join("business-video/get-help-support.html")
            .is_file());
        assert!(
            out.join("en-us")
                .join(env)
                .join("knowledge/index.html")
                .is_file()
                || !corpus.join("knowledge/index.md").exists()
        );
    }
    let mut n = 0;
    for f in html_files(&out) {
        assert_no_raw_markup(&f, &read(&f));
        n += 1;
    }
    assert!(n > 14_000, "only {n} pages");

    // The reference page: each environment's own sections, each locale its own language.
    let page = |loc: &str, env: &str| {
        read(
            &out.join(loc)
                .join(env)
                .join("business-video/get-help-support.html"),
        )
    };
    let ww = page("en-us", "o365-worldwide");
    let vianet = page("en-us", "o365-21vianet");
    let de = page("en-us", "o365-germany");
    assert!(article(&ww).contains("id=\"online-support\""));
    assert!(!article(&vianet).contains("id=\"online-support\""));
    assert!(article(&vianet).contains("id=\"pre-sales-support\""));
    assert!(!article(&ww).contains("id=\"pre-sales-support\""));
    assert!(
        !article(&de).contains("id=\"pre-sales-support\"")
            && !article(&de).contains("id=\"online-support\"")
    );
    assert!(ww.contains("<title>Get support"), "English title in en-US");
    assert!(!article(&ww).contains("Ondersteuning krijgen"));
    assert!(article(&ww).contains("Get support</h1>"));
    let nl = page("nl-nl", "o365-worldwide");
    assert!(nl.contains("<title>Ondersteuning krijgen"));
    assert!(nl.contains(
        "Ondersteuning krijgen<span class=\"sxs-src\" lang=\"en-US\">Get support</span>"
    ));
    assert!(nl.contains("<p class=\"alert-title\">Belangrijk</p>"));
    assert!(ww.contains("<p class=\"alert-title\">Important</p>"));
    assert!(nl.contains("class=\"embeddedvideo\""));
}
