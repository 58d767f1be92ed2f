//! Hostile input: nothing may panic, hang or overflow the stack; where a
//! limit is needed it is a diagnostic.

mod common;
use common::*;

fn docset() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("links").join("docfx.json"),
        t.path().join("docfx.json"),
    )
    .unwrap();
    t
}

fn check(dir: &std::path::Path) -> (i32, String, String) {
    let o = tolk()
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    (
        o.status.code().expect("tolk exited by a signal"),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn deep_nesting_and_huge_paragraphs_build() {
    let t = docset();
    let p = t.path();
    std::fs::write(
        p.join("quotes.md"),
        format!("# Q\n\n{} deep\n", ">".repeat(20_000)),
    )
    .unwrap();
    std::fs::write(
        p.join("brackets.md"),
        format!("# B\n\n{}x{}\n", "[".repeat(20_000), "]".repeat(100)),
    )
    .unwrap();
    let lists: String = (0..5_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    std::fs::write(p.join("lists.md"), format!("# L\n\n{lists}")).unwrap();
    std::fs::write(
        p.join("para.md"),
        format!("# P\n\n{}\n", "woord ".repeat(1_750_000)),
    )
    .unwrap();
    let o_dir = tempfile::tempdir().unwrap();
    let out = o_dir.path().join("site");
    let o = tolk()
        .args(["build", "-q"])
        .arg(p)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(read(&out.join("en-us/env-a/para.html")).len() > 10_000_000);
    assert!(out.join("en-us/env-c/quotes.html").is_file());
}

#[test]
fn include_chain_100_deep_works_and_deeper_is_a_diagnostic() {
    let t = docset();
    let p = t.path();
    std::fs::create_dir_all(p.join("includes")).unwrap();
    for i in 0..200 {
        std::fs::write(
            p.join(format!("includes/i{i}.md")),
            format!("Level {i}\n\n[!INCLUDE [n](i{}.md)]\n", i + 1),
        )
        .unwrap();
    }
    std::fs::write(p.join("includes/i200.md"), "bottom\n").unwrap();
    // i100 starts a chain of exactly 100 more levels.
    std::fs::write(p.join("includes/i100.md"), "Level 100\n").unwrap();
    std::fs::write(
        p.join("hundred.md"),
        "# H\n\n[!INCLUDE [n](includes/i1.md)]\n",
    )
    .unwrap();
    let (code, json, _) = check(p);
    assert_eq!(code, 0, "{json}");
    std::fs::write(
        p.join("includes/i100.md"),
        "Level 100\n\n[!INCLUDE [n](i101.md)]\n",
    )
    .unwrap();
    let (code, json, _) = check(p);
    assert_eq!(code, 1);
    assert!(json.contains("\"code\":\"include-too-deep\""), "{json}");
}

#[test]
fn pathological_pairs_and_long_lines_give_a_bounded_readable_report() {
    let t = docset();
    let p = t.path();
    let line = format!(
        "{}x{}",
        "<span data-ttu-id=\"a\">".repeat(5_000),
        "</span>".repeat(3_000)
    );
    std::fs::write(p.join("pairs.md"), format!("# S\n\n{line}\n")).unwrap();
    let (code, json, _) = check(p);
    assert_eq!(code, 0);
    let n = json
        .lines()
        .filter(|l| l.contains("span-pair-half"))
        .count();
    assert!(n <= 51, "{n} findings for one file");
    assert!(json.contains("more 'span-pair-half' problems in this file"));
    // Human output of a 100 kB line: an excerpt, no renderer panic.
    let o = tolk().arg("check").arg(p).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("pairs.md:3:"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(err.lines().all(|l| l.chars().count() < 400));
}
