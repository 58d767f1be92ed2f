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
