//! Hostile input and faults (issue 17): every URL tolk writes passes one
//! policy, line-based files cannot be injected into, configured paths stay
//! inside the docset, work per page is bounded, the output folder survives
//! concurrent and interrupted builds and keeps files tolk did not write,
//! and the preview server answers only its own names.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const DOCFX: &str =
    r#"{"build":{"content":[{"files":["**/*.md","**/*.yml"],"exclude":["**/includes/**"]}]}}"#;

/// A docset in a temporary folder (`docs/` inside it, so that tests can put
/// files above the docset), from (path, text) pairs plus a docfx.json.
fn docset(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("docs");
    write(&root, "docfx.json", DOCFX);
    for (p, text) in files {
        write(&root, p, text);
    }
    (t, root)
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// `tolk ARGS --format json`: exit status and diagnostics.
fn run_json(args: &[&std::ffi::OsStr]) -> (i32, Vec<Value>) {
    let out = tolk()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let diags = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|v: &Value| v.get("code").is_some())
        .collect();
    (out.status.code().expect("no signal"), diags)
}

fn check(root: &Path) -> (i32, Vec<Value>) {
    run_json(&["check".as_ref(), root.as_os_str()])
}

fn build(root: &Path, out: &Path) -> (i32, Vec<Value>) {
    run_json(&[
        "build".as_ref(),
        root.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ])
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn has(diags: &[Value], code: &str, file: &str, line: u64) -> bool {
    diags
        .iter()
        .any(|d| d["code"] == code && d["file"] == file && d["line"] == line)
}

/// Every file of a built site, as text (lossy), with its path.
fn site_texts(out: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned(),
            )
        })
        .collect()
}

const PAGE: &str = "---\ntitle: Pagina\n---\n# Pagina\n\nTekst.\n";

// ------------------------------------------------------------ URL policy

#[test]
fn toc_href_with_a_dangerous_scheme_is_dropped_with_a_located_warning() {
    let toc = "items:\n- name: Home\n  href: index.md\n- name: Bad\n  href: javascript:alert(1)\n- name: Hidden\n  href: \"JaVa\\tScRiPt:alert(2)\"\n- name: Data\n  href: data:text/html,<script>alert(3)</script>\n- name: Entity\n  href: '&#106;avascript:alert(4)'\n";
    let (_t, root) = docset(&[("index.md", PAGE), ("toc.yml", toc)]);
    let (_, diags) = check(&root);
    for line in [4, 6, 8, 10] {
        assert!(
            has(&diags, "url-unsafe", "toc.yml", line),
            "{line}: {diags:?}"
        );
    }
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    let (status, _) = build(&root, &out);
    assert_eq!(status, 0);
    for (p, text) in site_texts(&out) {
        let lower = text.to_ascii_lowercase();
        for bad in ["javascript:", "data:text/html", "&#106;avascript"] {
            assert!(!lower.contains(bad), "{} holds {bad}", p.display());
        }
    }
}

#[test]
fn redirect_targets_with_dangerous_schemes_write_no_stub() {
    let redirects = r#"{"redirections": [
  {"source_path": "docs/a.md", "redirect_url": "javascript:alert(1)"},
  {"source_path": "docs/b.md", "redirect_url": "data:text/html,<script>alert(1)</script>"},
  {"source_path": "docs/c.md", "redirect_url": "VBScript:msgbox(1)"},
  {"source_path": "docs/d.md", "redirect_url": "https://example.com/d"}
]}"#;
    let (t, root) = docset(&[("index.md", PAGE)]);
    write(t.path(), ".openpublishing.redirection.json", redirects);
    std::fs::create_dir(t.path().join(".git")).unwrap();
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    let (status, diags) = build(&root, &out);
    assert_eq!(status, 0, "{diags:?}");
    let shown = "../.openpublishing.redirection.json";
    for line in [2, 3, 4] {
        assert!(has(&diags, "url-unsafe", shown, line), "{line}: {diags:?}");
    }
    let list = std::fs::read_to_string(out.join("_redirects")).unwrap();
    assert!(list.contains("d.html https://example.com/d 301"), "{list}");
    for (p, text) in site_texts(&out) {
        let lower = text.to_ascii_lowercase();
        for bad in ["javascript:", "data:text/html", "vbscript:"] {
            assert!(!lower.contains(bad), "{} holds {bad}", p.display());
        }
    }
}

#[test]
fn redirect_target_with_a_line_break_cannot_inject_rules() {
    let redirects = "{\"redirections\": [\n  {\"source_path\": \"docs/a.md\", \"redirect_url\": \"https://example.com/a\\n/* https://evil.example/:splat 200\"},\n  {\"source_path\": \"docs/b.md\", \"redirect_url\": \"https://example.com/b 302\"}\n]}";
    let (t, root) = docset(&[("index.md", PAGE)]);
    write(t.path(), ".openpublishing.redirection.json", redirects);
    std::fs::create_dir(t.path().join(".git")).unwrap();
    let (status, diags) = check(&root);
    assert_eq!(status, 1, "a refused injection is an error: {diags:?}");
    let shown = "../.openpublishing.redirection.json";
    assert!(has(&diags, "url-unsafe", shown, 2), "{diags:?}");
    assert!(has(&diags, "url-unsafe", shown, 3), "{diags:?}");
}

#[test]
fn redirects_file_keeps_three_fields_per_rule_for_names_with_spaces() {
    let redirects = r##"{"redirections": [
  {"source_path": "docs/old page.md", "redirect_url": "/docs/index#a b"},
  {"source_path": "docs/x.md", "redirect_url": "https://example.com/x"}
]}"##;
    let (t, root) = docset(&[("index.md", PAGE)]);
    write(t.path(), ".openpublishing.redirection.json", redirects);
    std::fs::create_dir(t.path().join(".git")).unwrap();
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    let (status, diags) = build(&root, &out);
    assert_eq!(status, 0, "{diags:?}");
    let list = std::fs::read_to_string(out.join("_redirects")).unwrap();
    assert!(!list.is_empty());
    for line in list.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields.len(), 3, "{line:?}");
        assert_eq!(fields[2], "301", "{line:?}");
    }
    assert!(list.contains("old%20page.html"), "{list}");
    assert!(list.contains("#a%20b"), "{list}");
}

#[test]
fn toc_and_sitemap_percent_encode_file_names() {
    let (_t, root) = docset(&[
        ("index.md", PAGE),
        ("a b#c?.md", PAGE),
        (
            "toc.yml",
            "- name: Home\n  href: index.md\n- name: Odd\n  href: 'a%20b%23c%3F.md'\n",
        ),
        ("tolk.yml", "baseUrl: https://docs.example.com/\n"),
    ]);
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    let (status, diags) = build(&root, &out);
    assert_eq!(status, 0, "{diags:?}");
    let texts = site_texts(&out);
    let sitemap = &texts
        .iter()
        .find(|(p, _)| p.ends_with("sitemap.xml"))
        .expect("sitemap")
        .1;
    assert!(sitemap.contains("a%20b%23c%3F.html"), "{sitemap}");
    assert!(!sitemap.contains("a b#c?.html"), "{sitemap}");
    let tocs: Vec<&String> = texts
        .iter()
        .filter(|(p, _)| p.parent().is_some_and(|d| d.ends_with("_toc")))
        .map(|(_, t)| t)
        .collect();
    assert!(!tocs.is_empty());
    for t in tocs {
        assert!(t.contains("a%20b%23c%3F.html"), "{t}");
        assert!(!t.contains("a b#c?.html"), "{t}");
    }
}

#[test]
fn base_url_with_a_dangerous_scheme_is_refused() {
    let (_t, root) = docset(&[
        ("index.md", PAGE),
        ("tolk.yml", "siteTitle: T\nbaseUrl: javascript:alert(1)//\n"),
    ]);
    let (status, diags) = check(&root);
    assert_eq!(status, 1);
    assert!(has(&diags, "url-unsafe", "tolk.yml", 2), "{diags:?}");
}

/// Build a one-page site and assert no file holds `javascript:`.
fn assert_no_javascript_url(page: &str) {
    let (_t, root) = docset(&[("index.md", page)]);
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    build(&root, &out);
    assert!(out.join(".tolk-site").is_file(), "the site was built");
    for (p, text) in site_texts(&out) {
        assert!(
            !text.to_ascii_lowercase().contains("javascript:"),
            "{} holds javascript:",
            p.display()
        );
    }
}

// `[!VIDEO …]` and `:::video` URLs go through the URL policy.
#[test]
fn video_url_with_a_dangerous_scheme_is_not_written() {
    assert_no_javascript_url(
        "---\ntitle: V\n---\n# V\n\n> [!VIDEO javascript:alert(1)]\n\n:::video source=\"JavaScript:alert(2)\":::\n",
    );
}

// A `:::image` lightbox link goes through the URL policy.
#[test]
fn image_lightbox_with_a_dangerous_scheme_is_not_written() {
    assert_no_javascript_url(
        "---\ntitle: I\n---\n# I\n\n:::image type=\"content\" source=\"a.png\" alt-text=\"a\" lightbox=\"javascript:alert(3)\":::\n",
    );
}

// ------------------------------------------------------------ configuration

#[test]
fn moniker_definition_outside_the_docset_is_refused_with_a_located_error() {
    for (def, line) in [
        ("/dev/zero", 2),
        ("../../etc/passwd", 2),
        ("/etc/hostname", 2),
    ] {
        let (_t, root) = docset(&[
            ("index.md", PAGE),
            (
                "tolk.yml",
                &format!("siteTitle: T\nmonikerDefinition: {def}\n"),
            ),
        ]);
        let (status, diags) = check(&root);
        assert_eq!(status, 1, "{def}");
        assert!(
            has(&diags, "config-path-outside", "tolk.yml", line),
            "{def}: {diags:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn moniker_definition_through_a_symlink_out_of_the_docset_is_refused() {
    let (t, root) = docset(&[
        ("index.md", PAGE),
        ("tolk.yml", "monikerDefinition: monikers.json\n"),
    ]);
    write(t.path(), "secret.json", "{}");
    std::os::unix::fs::symlink(t.path().join("secret.json"), root.join("monikers.json")).unwrap();
    let (status, diags) = check(&root);
    assert_eq!(status, 1);
    assert!(
        has(&diags, "config-path-outside", "tolk.yml", 1),
        "{diags:?}"
    );
}

#[test]
fn redirection_file_above_the_docset_applies_only_inside_its_repository() {
    let redirects =
        r#"{"redirections": [{"source_path": "docs/old.md", "redirect_url": "/docs/index"}]}"#;
    let (t, root) = docset(&[("index.md", PAGE)]);
    write(t.path(), ".openpublishing.redirection.json", redirects);
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    // No repository encloses the folder above: its file is not ours.
    let (status, diags) = build(&root, &out);
    assert_eq!(status, 0, "{diags:?}");
    assert!(!out.join("_redirects").exists());
    // A repository root (.git) above the docset: applied.
    std::fs::create_dir(t.path().join(".git")).unwrap();
    let (status, diags) = build(&root, &out);
    assert_eq!(status, 0, "{diags:?}");
    assert!(out.join("_redirects").exists());
}

#[test]
fn front_matter_moniker_range_of_the_wrong_type_is_an_error() {
    let (_t, root) = docset(&[
        ("index.md", PAGE),
        (
            "restricted.md",
            "---\ntitle: R\nmonikerRange: [env]\n---\n# R\n\nTekst.\n",
        ),
        (
            "titled.md",
            "---\ntitle:\n  nested: x\nmonikers: {a: b}\n---\n# T\n\nTekst.\n",
        ),
    ]);
    let (status, diags) = check(&root);
    assert_eq!(status, 1);
    assert!(
        has(&diags, "front-matter-wrong-type", "restricted.md", 3),
        "{diags:?}"
    );
    assert!(
        has(&diags, "front-matter-wrong-type", "titled.md", 2),
        "{diags:?}"
    );
    assert!(
        has(&diags, "front-matter-wrong-type", "titled.md", 4),
        "{diags:?}"
    );
}

#[test]
fn docfx_json_of_the_wrong_type_is_reported_not_silently_defaulted() {
    for (text, line) in [("null", 1), ("[]", 1), ("{\"build\": []}", 1)] {
        let (_t, root) = docset(&[("index.md", PAGE)]);
        write(&root, "docfx.json", text);
        let (status, diags) = check(&root);
        assert_eq!(status, 0, "{text}");
        assert!(
            has(&diags, "config-wrong-type", "docfx.json", line),
            "{text}: {diags:?}"
        );
    }
}

// ------------------------------------------------------------ bounded work

#[test]
fn include_fan_out_is_stopped_with_a_located_error() {
    // 24 files that each include the next twice: 2^24 copies without a limit.
    let mut files: Vec<(String, String)> = vec![(
        "index.md".into(),
        "---\ntitle: F\n---\n# F\n\n[!INCLUDE [x](includes/f0.md)]\n".into(),
    )];
    for i in 0..24 {
        files.push((
            format!("includes/f{i}.md"),
            format!(
                "Regel {i} met wat tekst.\n\n[!INCLUDE [x](f{n}.md)]\n\n[!INCLUDE [x](f{n}.md)]\n",
                n = i + 1
            ),
        ));
    }
    files.push(("includes/f24.md".into(), "Einde.\n".into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (_t, root) = docset(&refs);
    let (status, diags) = check(&root);
    assert_eq!(status, 1);
    let d = diags
        .iter()
        .find(|d| d["code"] == "include-expansion-too-large")
        .unwrap_or_else(|| panic!("{:?}", codes(&diags)));
    assert!(d["file"].as_str().unwrap().starts_with("includes/f"), "{d}");
    assert!(d["line"].as_u64().unwrap() >= 3, "{d}");
    assert_eq!(
        codes(&diags)
            .iter()
            .filter(|c| *c == "include-expansion-too-large")
            .count(),
        1,
        "reported once per page"
    );
}

/// A binary file included into a page: its bytes never reach the terminal
/// raw through the human diagnostics (escape sequences, bell, NUL).
#[test]
fn binary_include_dumps_no_raw_bytes_to_the_terminal() {
    let (_t, root) = docset(&[(
        "index.md",
        "---\ntitle: B\n---\n# B\n\n[!INCLUDE [x](includes/bin.md)]\n",
    )]);
    std::fs::create_dir_all(root.join("includes")).unwrap();
    std::fs::write(
        root.join("includes/bin.md"),
        b"\x1b]52;c;ZXZpbA==\x07\x1b[2J\x89PNG\r\n\x1a\n\0\0\0IHDR\xff\xfe",
    )
    .unwrap();
    let run = tolk().arg("check").arg(&root).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = &run.stderr;
    assert!(!err.is_empty());
    for bad in [0x1bu8, 0x07, 0x00, 0x1a, 0xff, 0xfe] {
        assert!(
            !err.contains(&bad),
            "raw byte {bad:#04x} in the diagnostics"
        );
    }
    assert!(String::from_utf8_lossy(err).contains("includes/bin.md"));
}

/// Thousands of problems in one page give a bounded human report (a few
/// shown per code, the rest counted), as JSON lists them all.
#[test]
fn human_diagnostics_for_thousands_of_problems_in_one_page_are_capped() {
    let links: String = (0..8_000).map(|i| format!("[x{i}](weg{i}.md)\n")).collect();
    let page = format!("---\ntitle: L\n---\n# L\n\n{links}");
    let (_t, root) = docset(&[("index.md", &page)]);
    let run = tolk().arg("check").arg(&root).output().unwrap();
    assert_eq!(run.status.code(), Some(0));
    let err = String::from_utf8_lossy(&run.stderr);
    let lines = err.lines().count();
    assert!(lines < 300, "{lines} lines of human output");
    assert!(err.contains("8000"), "the rest is counted: {err}");
    let (_, diags) = check(&root);
    assert_eq!(
        codes(&diags).iter().filter(|c| *c == "link-broken").count(),
        8_000
    );
}

// ------------------------------------------------------------ output folder

fn small_site() -> (tempfile::TempDir, PathBuf) {
    docset(&[
        ("index.md", PAGE),
        ("toc.yml", "- name: Home\n  href: index.md\n"),
    ])
}

#[test]
fn rebuild_keeps_files_tolk_did_not_write() {
    let (_t, root) = small_site();
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    assert_eq!(build(&root, &out).0, 0);
    std::fs::write(out.join("CNAME"), "docs.example.com\n").unwrap();
    std::fs::create_dir_all(out.join(".git/objects")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(out.join(".git/objects/ab"), "x").unwrap();
    let (status, diags) = build(&root, &out);
    assert_eq!(status, 0, "{diags:?}");
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap(),
        "docs.example.com\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages\n"
    );
    assert!(out.join(".git/objects/ab").is_file());
    let kept = diags
        .iter()
        .find(|d| d["code"] == "output-unknown-files")
        .expect("the kept files are named");
    let msg = kept["message"].as_str().unwrap();
    assert!(msg.contains("CNAME") && msg.contains(".git"), "{msg}");
}

/// The previous site cannot be removed after the swap (a folder in it the
/// user cannot write): the new site is live, so that is a warning saying
/// so, exit 0, not "site not written".
#[cfg(unix)]
#[test]
fn old_tree_that_cannot_be_removed_is_a_warning_and_the_new_site_is_live() {
    use std::os::unix::fs::PermissionsExt;
    let (_t, root) = small_site();
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    assert_eq!(build(&root, &out).0, 0);
    // A folder tolk wrote, made read-only: its files cannot be unlinked.
    let locked = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .find(|e| {
            e.file_type().unwrap().is_dir() && !e.file_name().to_string_lossy().starts_with('.')
        })
        .expect("a folder in the site")
        .path();
    let locked_name = locked.file_name().unwrap().to_owned();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(locked.join("probe"), "").is_ok() {
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: running as root, a read-only folder does not stop removal");
        return;
    }
    write(
        &root,
        "index.md",
        "---\ntitle: Nieuw\n---\n# Nieuw\n\nAnders.\n",
    );
    let (status, diags) = build(&root, &out);
    let cleanup = |d: &Path| {
        for e in walkdir::WalkDir::new(d).into_iter().flatten() {
            if e.file_type().is_dir() && e.file_name() == locked_name.as_os_str() {
                let _ = std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o755));
            }
        }
    };
    cleanup(o.path());
    assert_eq!(status, 0, "{diags:?}");
    // The new page is live.
    assert!(
        site_texts(&out).iter().any(|(_, t)| t.contains("Anders.")),
        "the new site is in place"
    );
    let d = diags
        .iter()
        .find(|d| d["code"] == "write-failed")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(d["severity"], "warning");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("new site is in place"),
        "{d}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_second_build_into_a_locked_output_is_refused() {
    let (_t, root) = small_site();
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    // Another build holds the output's lock.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(o.path().join(".site.tolk-lock"))
        .unwrap();
    lock.lock().unwrap();
    let (status, diags) = build(&root, &out);
    assert_eq!(status, 1);
    assert_eq!(codes(&diags), vec!["output-locked"], "{diags:?}");
    assert!(!out.exists());
    drop(lock);
    assert_eq!(build(&root, &out).0, 0);
}

#[cfg(target_os = "linux")]
#[test]
fn stale_temporary_trees_are_removed_and_an_interrupted_swap_is_undone() {
    let (_t, root) = small_site();
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    assert_eq!(build(&root, &out).0, 0);
    std::fs::write(out.join("CNAME"), "mine\n").unwrap();
    // A kill between the two renames of a swap: the site is beside its place.
    let dead = 4_000_000u32; // above the default pid_max: never a live process
    let old = o.path().join(format!(".site.tolk-tmp-{dead}.old"));
    std::fs::rename(&out, &old).unwrap();
    // And a full-size temporary tree of another dead build.
    let tmp = o.path().join(format!(".site.tolk-tmp-{}", dead + 1));
    std::fs::create_dir_all(tmp.join("nl-nl")).unwrap();
    std::fs::write(tmp.join(".tolk-site"), "x").unwrap();
    std::fs::write(tmp.join("nl-nl/big.html"), vec![b'x'; 1 << 16]).unwrap();
    let (status, diags) = build(&root, &out);
    assert_eq!(status, 0, "{diags:?}");
    // The previous site was put back before the build, so its own files survive.
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap(),
        "mine\n"
    );
    let left: Vec<String> = std::fs::read_dir(o.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The lock, and the build cache (both kept beside the site by design).
        .filter(|n| !n.ends_with(".tolk-lock") && !n.ends_with(".tolk-cache"))
        .collect();
    assert_eq!(left, vec!["site".to_string()]);
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_into_the_docset_is_refused() {
    let (t, root) = small_site();
    let link = t.path().join("out-link");
    std::fs::create_dir_all(root.join("_site")).unwrap();
    std::os::unix::fs::symlink(root.join("_site"), &link).unwrap();
    let (status, diags) = build(&root, &link.join("site"));
    assert_eq!(status, 1);
    assert_eq!(codes(&diags), vec!["output-inside-source"], "{diags:?}");
    // And the docset reached through a symlink, with the output inside it.
    let src_link = t.path().join("src-link");
    std::os::unix::fs::symlink(&root, &src_link).unwrap();
    let (status, diags) = build(&src_link, &root.join("out"));
    assert_eq!(status, 1);
    assert_eq!(codes(&diags), vec!["output-inside-source"], "{diags:?}");
}

#[cfg(unix)]
#[test]
fn output_that_is_a_dangling_symlink_fails_before_the_build() {
    let (t, root) = small_site();
    let link = t.path().join("dangling");
    std::os::unix::fs::symlink(t.path().join("nowhere/at/all"), &link).unwrap();
    let (status, diags) = build(&root, &link);
    assert_eq!(status, 1);
    assert_eq!(codes(&diags), vec!["output-not-swappable"], "{diags:?}");
}

// ------------------------------------------------------------ unreadable input

/// A path to the site's copy of `index.md` and its text.
fn site_page(out: &Path, name: &str) -> (PathBuf, String) {
    let p = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .find(|e| e.file_name() == name)
        .unwrap_or_else(|| panic!("{name} in {}", out.display()))
        .into_path();
    let text = std::fs::read_to_string(&p).unwrap();
    (p, text)
}

#[cfg(unix)]
#[test]
fn unreadable_folder_is_an_error_and_the_previous_site_stays() {
    use std::os::unix::fs::PermissionsExt;
    let (_t, root) = docset(&[("index.md", PAGE), ("sectie/deel.md", PAGE)]);
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    assert_eq!(build(&root, &out).0, 0);
    let (page, before) = site_page(&out, "deel.html");
    let folder = root.join("sectie");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&folder).is_ok() {
        // Root reads any folder: `folder_beyond_the_path_limit_is_an_error_naming_it`
        // covers the same path for root.
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: running as root, chmod 000 does not stop reads");
        return;
    }
    let (status, diags) = build(&root, &out);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(status, 1, "{diags:?}");
    let d = diags
        .iter()
        .find(|d| d["code"] == "file-unreadable")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(d["file"], "sectie");
    assert_eq!(d["severity"], "error");
    assert_eq!(std::fs::read_to_string(&page).unwrap(), before);
}

/// A folder the walk cannot open, for any user (root too): its path is
/// longer than the system's path limit.
#[cfg(target_os = "linux")]
#[test]
fn folder_beyond_the_path_limit_is_an_error_naming_it() {
    let (_t, root) = docset(&[("index.md", PAGE), ("diep/deel.md", PAGE)]);
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    assert_eq!(build(&root, &out).0, 0);
    let (index, before) = site_page(&out, "index.html");
    // 20 folders of 250 characters, each made inside the last one opened
    // (`mkdirat`), since no full path to the deepest ones can be given.
    let name = "d".repeat(250);
    {
        use std::ffi::CString;
        use std::io::Write;
        use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
        let c = CString::new(name.clone()).unwrap();
        let mut dir: OwnedFd = std::fs::File::open(root.join("diep")).unwrap().into();
        for _ in 0..20 {
            // SAFETY: valid fd and NUL-terminated name; the result is checked.
            unsafe {
                assert_eq!(libc::mkdirat(dir.as_raw_fd(), c.as_ptr(), 0o755), 0);
                let fd = libc::openat(
                    dir.as_raw_fd(),
                    c.as_ptr(),
                    libc::O_RDONLY | libc::O_DIRECTORY,
                );
                assert!(fd >= 0);
                dir = OwnedFd::from_raw_fd(fd);
            }
        }
        let f = CString::new("diep.md").unwrap();
        // SAFETY: as above.
        let fd = unsafe {
            libc::openat(
                dir.as_raw_fd(),
                f.as_ptr(),
                libc::O_WRONLY | libc::O_CREAT,
                0o644,
            )
        };
        assert!(fd >= 0);
        // SAFETY: a fresh fd owned here.
        let mut file = std::fs::File::from(unsafe { OwnedFd::from_raw_fd(fd) });
        file.write_all(b"# Diep\n").unwrap();
    }
    let (status, diags) = build(&root, &out);
    assert_eq!(status, 1, "{diags:?}");
    let d = diags
        .iter()
        .find(|d| d["code"] == "file-unreadable")
        .unwrap_or_else(|| panic!("{diags:?}"));
    let file = d["file"].as_str().unwrap();
    assert!(file.starts_with(&format!("diep/{name}/")), "{file}");
    assert_eq!(d["severity"], "error");
    let msg = d["message"].as_str().unwrap();
    assert!(msg.contains("Cannot read the folder"), "{msg}");
    assert!(d["hint"].as_str().unwrap().contains("readable"), "{d}");
    // No smaller site was swapped in.
    assert_eq!(std::fs::read_to_string(&index).unwrap(), before);
    assert!(site_page(&out, "deel.html").1.contains("Tekst."));
}

#[cfg(unix)]
#[test]
fn unreadable_page_file_is_an_error_with_a_failing_exit() {
    use std::os::unix::fs::PermissionsExt;
    let (_t, root) = docset(&[("index.md", PAGE), ("dicht.md", PAGE)]);
    let file = root.join("dicht.md");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file).is_ok() {
        eprintln!("skipped: running as root, chmod 000 does not stop reads (a_link_to_a_pipe_is_refused_not_read covers root)");
        return;
    }
    let (status, diags) = check(&root);
    assert_eq!(status, 1);
    assert!(has(&diags, "file-unreadable", "dicht.md", 0), "{diags:?}");
}

/// A symbolic link to a FIFO inside the docset: reading it would block the
/// build forever (a page) or its resource copy (an image). Both are refused
/// with an error at the link, for any user.
#[cfg(unix)]
#[test]
fn a_link_to_a_pipe_is_refused_not_read() {
    let (_t, root) = docset(&[("index.md", PAGE)]);
    write(
        &root,
        "docfx.json",
        r#"{"build":{"content":[{"files":["**/*.md"]}],"resource":[{"files":["**/*.png"]}]}}"#,
    );
    let fifo = root.join("pijp");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("pijp", root.join("pagina.md")).unwrap();
    std::fs::create_dir(root.join("media")).unwrap();
    std::os::unix::fs::symlink("../pijp", root.join("media/plaatje.png")).unwrap();
    let o = tempfile::tempdir().unwrap();
    let out = o.path().join("site");
    let run = tolk()
        .arg("build")
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .args(["--format", "json"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let status = run
        .status
        .code()
        .expect("tolk was stopped: it blocked on the pipe");
    let diags: Vec<Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert_eq!(status, 1, "{diags:?}");
    assert!(has(&diags, "file-unreadable", "pagina.md", 0), "{diags:?}");
    assert!(
        has(&diags, "file-unreadable", "media/plaatje.png", 0),
        "{diags:?}"
    );
    assert!(!out.exists());
}

/// On Linux a backslash is part of a file name, not a folder separator: a
/// problem in `a\b.md` is reported at `a\b.md` (a file that exists), in
/// JSON and in the human output, not at `a/b.md`.
#[cfg(unix)]
#[test]
fn file_name_with_a_backslash_is_reported_at_its_real_path() {
    let (_t, root) = docset(&[
        ("index.md", PAGE),
        ("a\\b.md", "---\ntitle: [open\n---\n# A\n"),
    ]);
    let run = tolk()
        .arg("check")
        .arg(".")
        .args(["--format", "json"])
        .current_dir(&root)
        .output()
        .unwrap();
    let diags: Vec<Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let d = diags
        .iter()
        .find(|d| d["code"] == "front-matter-invalid")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(d["file"], "a\\b.md", "{d}");
    assert!(root.join(d["file"].as_str().unwrap()).is_file());
    assert!(root.join(d["path"].as_str().unwrap()).is_file(), "{d}");
    assert!(!codes(&diags).contains(&"file-unreadable".to_string()));
    let human = tolk()
        .arg("check")
        .arg(".")
        .current_dir(&root)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&human.stderr);
    assert!(err.contains("--> a\\b.md:3:"), "{err}");
    assert!(!err.contains("a/b.md"), "{err}");
}

/// A `TMPDIR` tolk cannot use for its search-text spill file: the texts
/// stay in memory and the search index is the same, byte for byte, as with
/// a usable one (a spill that fails mid-build is covered by
/// `search::text::tests::spill_on_a_full_disk_loses_no_search_text`).
#[test]
fn search_index_is_the_same_when_tmpdir_is_unusable() {
    // A word far past the snippet, within the indexed text (3000 characters).
    let words: String = (0..150).map(|i| format!("woord{i} ")).collect();
    let page = format!("---\ntitle: Lang\n---\n# Lang\n\n{words}\n\nslotwoord\n");
    let (t, root) = docset(&[("index.md", PAGE), ("lang.md", &page)]);
    let index_of = |tmpdir: &Path, out: &Path| {
        let run = tolk()
            .arg("build")
            .arg(&root)
            .arg("--out")
            .arg(out)
            .args(["--format", "json"])
            .env("TMPDIR", tmpdir)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0));
        assert!(
            !String::from_utf8_lossy(&run.stdout).contains("\"severity\":\"warning\""),
            "{}",
            String::from_utf8_lossy(&run.stdout)
        );
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(out)
            .into_iter()
            .flatten()
            .filter(|e| {
                e.file_type().is_file() && e.path().components().any(|c| c.as_os_str() == "_search")
            })
            .map(|e| {
                (
                    e.path().strip_prefix(out).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        assert!(!files.is_empty());
        files
    };
    let good = index_of(&std::env::temp_dir(), &t.path().join("a"));
    let bad = index_of(&t.path().join("no/such/folder"), &t.path().join("b"));
    assert!(
        good == bad,
        "the search index differs without a usable TMPDIR"
    );
    assert!(good
        .iter()
        .any(|(_, b)| String::from_utf8_lossy(b).contains("slotwoord")));
}

/// A mount point as `--out` is refused before anything is read (a page
/// with invalid front matter is not even reported) and is left untouched,
/// as is the folder that holds it. The candidates are real mount points
/// (`/proc/self/mountinfo`); the test prefers a non-empty one, which tolk
/// would refuse to replace anyway, so no mounted folder is ever at risk.
#[cfg(target_os = "linux")]
#[test]
fn output_on_a_mount_point_is_refused_before_the_build_and_left_untouched() {
    let (_t, root) = docset(&[
        ("index.md", PAGE),
        ("kapot.md", "---\ntitle: [open\n---\n# K\n"),
    ]);
    let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let unescape = |s: &str| {
        s.replace("\\040", " ")
            .replace("\\011", "\t")
            .replace("\\012", "\n")
            .replace("\\134", "\\")
    };
    let listing = |p: &Path| -> Option<Vec<String>> {
        let mut v: Vec<String> = std::fs::read_dir(p)
            .ok()?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        Some(v)
    };
    let real_root = root.canonicalize().unwrap();
    let mut candidates: Vec<PathBuf> = info
        .lines()
        .filter_map(|l| l.split(' ').nth(4).map(|m| PathBuf::from(unescape(m))))
        .filter(|m| {
            m.parent().is_some()
                && !m.starts_with("/proc")
                && !m.starts_with("/sys")
                && !real_root.starts_with(m)
                && std::fs::symlink_metadata(m).is_ok_and(|md| md.is_dir())
                && listing(m).is_some_and(|l| !l.is_empty())
        })
        .collect();
    candidates.sort_by_key(|m| m != Path::new("/dev/shm"));
    let Some(mount) = candidates.first() else {
        eprintln!("skipped: no non-empty mount point to try");
        return;
    };
    // Other processes may write in a shared mount (/dev/shm): what is
    // checked is that tolk left no trace of its own in or beside it.
    let parent = mount.parent().unwrap();
    let name = mount.file_name().unwrap().to_string_lossy().into_owned();
    let traces = || -> Vec<String> {
        let mut t: Vec<String> = listing(parent)
            .unwrap_or_default()
            .into_iter()
            .filter(|n| n.starts_with(&format!(".{name}.tolk-")))
            .collect();
        t.extend(
            listing(mount)
                .unwrap_or_default()
                .into_iter()
                .filter(|n| n == ".tolk-site" || n == ".tolk-manifest"),
        );
        t
    };
    let before = traces();
    let (status, diags) = build(&root, mount);
    assert_eq!(status, 1);
    assert_eq!(
        codes(&diags),
        vec!["output-not-swappable"],
        "{}: {diags:?}",
        mount.display()
    );
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("mount point"));
    assert_eq!(traces(), before);
}

// ------------------------------------------------------------ serve

mod serve {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::process::{Child, Command, Stdio};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    struct Server {
        child: Child,
        addr: String,
    }

    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn start(source: &std::path::Path, host: &str) -> (Server, Arc<Mutex<String>>) {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("tolk"))
            .arg("serve")
            .arg(source)
            .args(["--port", "0", "--host", host])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let mut server = Server {
            child,
            addr: String::new(),
        };
        let log = Arc::new(Mutex::new(String::new()));
        let l = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                l.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let start = Instant::now();
        loop {
            let text = log.lock().unwrap().clone();
            if let Some(i) = text.find(" at http://") {
                let rest = &text[i + " at http://".len()..];
                server.addr = rest[..rest.find('/').unwrap()].to_string();
                return (server, log);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("serve exited with {status}:\n{text}");
            }
            assert!(start.elapsed() < Duration::from_secs(30), "{text}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Send a raw request; the status code.
    fn status(addr: &str, request: &str) -> u16 {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut buf = [0u8; 64];
        let n = s.read(&mut buf).unwrap();
        let head = String::from_utf8_lossy(&buf[..n]);
        head.split(' ').nth(1).unwrap().parse().unwrap()
    }

    #[test]
    fn serve_answers_only_its_own_host_names_and_same_origin_websockets() {
        let (_t, root) = super::small_site();
        let (server, _) = start(&root, "127.0.0.1");
        let a = &server.addr;
        let get = |host: &str| {
            status(
                a,
                &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            )
        };
        assert_eq!(get(a), 200);
        assert_eq!(get(&a.replace("127.0.0.1", "localhost")), 200);
        assert_eq!(get("attacker.example:8080"), 421, "DNS rebinding");
        let ws = |origin: &str| {
            status(
                a,
                &format!(
                    "GET /_tolk-serve/ws HTTP/1.1\r\nHost: {a}\r\nOrigin: {origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
                ),
            )
        };
        assert_eq!(ws(&format!("http://{a}")), 101);
        assert_eq!(ws("http://attacker.example"), 403);
    }

    /// Read one WebSocket frame from the server: (opcode, payload), `None` at EOF.
    fn frame(s: &mut TcpStream) -> Option<(u8, Vec<u8>)> {
        let mut h = [0u8; 2];
        s.read_exact(&mut h).ok()?;
        let len = match h[1] & 0x7f {
            126 => {
                let mut b = [0u8; 2];
                s.read_exact(&mut b).ok()?;
                u16::from_be_bytes(b) as usize
            }
            127 => {
                let mut b = [0u8; 8];
                s.read_exact(&mut b).ok()?;
                u64::from_be_bytes(b) as usize
            }
            n => n as usize,
        };
        let mut payload = vec![0u8; len];
        s.read_exact(&mut payload).ok()?;
        Some((h[0] & 0x0f, payload))
    }

    /// A masked client frame (mask key 0: the payload goes as is).
    fn client_frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
        assert!(payload.len() < 126);
        let mut f = vec![0x80 | opcode, 0x80 | payload.len() as u8, 0, 0, 0, 0];
        f.extend_from_slice(payload);
        f
    }

    #[test]
    fn serve_does_not_resend_the_status_for_every_incoming_message() {
        let (_t, root) = super::small_site();
        let (server, _) = start(&root, "127.0.0.1");
        let a = &server.addr;
        let mut s = TcpStream::connect(a).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(format!(
            "GET /_tolk-serve/ws HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).as_bytes()).unwrap();
        // The response head, byte by byte up to the blank line.
        let mut head = Vec::new();
        let mut b = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            s.read_exact(&mut b).unwrap();
            head.push(b[0]);
        }
        assert!(head.starts_with(b"HTTP/1.1 101"));
        let (op, first) = frame(&mut s).unwrap();
        assert_eq!(op, 1);
        assert!(String::from_utf8_lossy(&first).contains("\"generation\""));
        for _ in 0..50 {
            s.write_all(&client_frame(1, b"ping")).unwrap();
        }
        s.write_all(&client_frame(8, &[3, 232])).unwrap();
        let mut texts = 0;
        while let Some((op, _)) = frame(&mut s) {
            match op {
                1 => texts += 1,
                8 => break,
                _ => {}
            }
        }
        assert_eq!(texts, 0, "the status was sent again for incoming messages");
    }

    /// A client that never finishes its request headers is dropped after the
    /// header-read timeout (10 s), and others are served meanwhile.
    #[test]
    fn serve_drops_a_client_that_never_finishes_its_headers() {
        let (_t, root) = super::small_site();
        let (server, _) = start(&root, "127.0.0.1");
        let a = &server.addr;
        let mut slow: Vec<TcpStream> = (0..8)
            .map(|_| {
                let mut s = TcpStream::connect(a).unwrap();
                s.write_all(format!("GET / HTTP/1.1\r\nHost: {a}\r\nX-Slow: ").as_bytes())
                    .unwrap();
                s
            })
            .collect();
        // Others are not blocked by the slow ones.
        let get = format!("GET / HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n");
        assert_eq!(status(a, &get), 200);
        // Each slow connection is closed by the server (EOF, or a 408 first)
        // well before this client gives up waiting.
        for s in &mut slow {
            s.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
            let mut buf = Vec::new();
            match s.read_to_end(&mut buf) {
                Ok(_) => assert!(
                    buf.is_empty() || buf.starts_with(b"HTTP/1.1 408"),
                    "{}",
                    String::from_utf8_lossy(&buf)
                ),
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
                Err(e) => panic!("the slow connection was kept open: {e}"),
            }
        }
        assert_eq!(status(a, &get), 200);
    }

    #[test]
    fn serve_on_all_interfaces_warns() {
        let (_t, root) = super::small_site();
        let (_server, log) = start(&root, "0.0.0.0");
        let text = log.lock().unwrap().clone();
        assert!(
            text.contains("warning: --host 0.0.0.0") && text.contains("no authentication"),
            "{text}"
        );
    }
}
