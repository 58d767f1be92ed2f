//! `tolk serve` end to end: the built binary on a temporary copy of the
//! sample site, plain HTTP/1.1 and a hand-rolled WebSocket client.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

/// A running `tolk serve`; killed when dropped (also when a test fails).
struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(source: &Path) -> Server {
        let bin = assert_cmd::cargo::cargo_bin("tolk");
        let mut child = Command::new(bin)
            .arg("serve")
            .arg(source)
            .args(["--port", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start tolk serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let l = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut g = l.lock().unwrap();
                g.push_str(&line);
                g.push('\n');
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            log,
        };
        let start = Instant::now();
        loop {
            let text = server.log();
            if let Some(i) = text.find(" at http://") {
                let rest = &text[i + " at http://".len()..];
                server.addr = rest[..rest.find('/').unwrap()].to_string();
                break;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("serve exited with {status}:\n{text}");
            }
            assert!(start.elapsed() < WAIT, "serve did not start:\n{text}");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// GET a raw request target; (status, body).
    fn get(&self, target: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).unwrap();
        let text = String::from_utf8_lossy(&buf).to_string();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// Poll until `ok` holds for the response to `target`.
    fn wait_for(&self, target: &str, what: &str, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
        let start = Instant::now();
        loop {
            let (st, body) = self.get(target);
            if ok(st, &body) {
                return (st, body);
            }
            assert!(
                start.elapsed() < WAIT,
                "{what}: {target} gave {st}\nserve's output:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn sample_copy() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    common::copy_dir(&common::repo().join("content"), t.path());
    t
}

const PAGE: &str = "/nl-nl/lantern-global/support.html";

#[test]
fn serves_the_site_and_updates_a_changed_page() {
    let src = sample_copy();
    let server = Server::start(src.path());
    let (st, body) = server.get(PAGE);
    assert_eq!(st, 200, "{body}\n{}", server.log());
    assert!(
        body.contains("/_tolk-serve/live.js"),
        "live script injected"
    );
    assert!(!body.contains("ServeMarkerOne"));
    let (st, _) = server.get("/");
    assert_eq!(st, 200);
    let (st, css) = server.get("/_tolk/tolk.css");
    assert_eq!(st, 200);
    assert!(!css.contains("_tolk-serve"));

    let file = src.path().join("support.md");
    let text = common::read(&file);
    std::fs::write(&file, format!("{text}\nServeMarkerOne paragraph.\n")).unwrap();
    server.wait_for(PAGE, "edited page served", |st, b| {
        st == 200 && b.contains("ServeMarkerOne")
    });
    // Save by rename-and-replace, as vim and VS Code do.
    let tmp = src.path().join(".support.md.swp");
    std::fs::write(&tmp, format!("{text}\nServeMarkerTwo paragraph.\n")).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    server.wait_for(PAGE, "page saved by rename served", |st, b| {
        st == 200 && b.contains("ServeMarkerTwo") && !b.contains("ServeMarkerOne")
    });
    assert!(server.log().contains("support.md"), "{}", server.log());
}

#[test]
fn search_indexes_follow_an_edited_page() {
    let src = sample_copy();
    let server = Server::start(src.path());
    let index = "/nl-nl/lantern-global/_search/index.js";
    let (st, body) = server.get(index);
    assert_eq!(st, 200, "{}", server.log());
    // The index holds the word as a term (lowercased; its stem starts so).
    assert!(!body.contains("\"zoekmarkeer"));
    // A new first paragraph: the page's search entry (its opening text) changes.
    let file = src.path().join("support.md");
    let text = common::read(&file);
    let (head, rest) = text.split_once("\n# ").unwrap();
    let (h1, body) = rest.split_once('\n').unwrap();
    std::fs::write(
        &file,
        format!("{head}\n# {h1}\n\nZoekmarkeerwoord staat hier.\n{body}"),
    )
    .unwrap();
    server.wait_for(PAGE, "edited page served", |st, b| {
        st == 200 && b.contains("Zoekmarkeerwoord")
    });
    let (_, fresh) = server.wait_for(index, "search index refreshed", |st, b| {
        st == 200 && b.contains("\"zoekmarkeer")
    });
    // The other environments' indexes are refreshed by the same writer.
    assert!(fresh.starts_with("window.TOLK_SEARCH = "), "{fresh}");
    let (_, edu) = server.wait_for(
        "/nl-nl/lantern-edu/_search/index.js",
        "other environment's index refreshed",
        |st, b| st == 200 && b.contains("\"zoekmarkeer"),
    );
    assert!(edu.contains("support.html"));
}

/// `html` without the live script `serve` adds before `</body>`.
fn without_live_script(html: &str) -> String {
    let Some(start) = html.find("<script src=\"/_tolk-serve/live.js\"") else {
        return html.to_string();
    };
    let end = start + html[start..].find("</script>\n").unwrap() + "</script>\n".len();
    format!("{}{}", &html[..start], &html[end..])
}

#[test]
fn serves_exactly_what_build_writes() {
    let src = sample_copy();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    common::build_quiet(src.path(), &site).success();
    let server = Server::start(src.path());
    let mut compared = 0;
    for e in walkdir::WalkDir::new(&site).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !e.file_type().is_file() || rel == ".tolk-site" || rel == ".tolk-manifest" {
            continue;
        }
        let (st, body) = server.get(&format!("/{rel}"));
        assert_eq!(st, 200, "{rel} is not served\n{}", server.log());
        let text = [".html", ".js", ".css", ".xml", ".txt", "_redirects"]
            .iter()
            .any(|x| rel.ends_with(x));
        if text {
            assert_eq!(
                without_live_script(&body),
                common::read(e.path()),
                "{rel} differs from the build's"
            );
            compared += 1;
        }
    }
    assert!(compared > 50, "only {compared} files compared");
}

#[test]
fn an_include_change_reaches_the_pages_using_it() {
    let src = sample_copy();
    let server = Server::start(src.path());
    let target = "/nl-nl/lantern-global/admin/audit-log.html";
    let (st, _) = server.get(target);
    assert_eq!(st, 200, "{}", server.log());
    let inc = src.path().join("includes/retention-policy.md");
    let text = common::read(&inc);
    std::fs::write(&inc, format!("{text}\nIncludeMarker sentence.\n")).unwrap();
    server.wait_for(target, "include change served", |st, b| {
        st == 200 && b.contains("IncludeMarker")
    });
}

#[test]
fn a_deleted_page_404s_and_links_to_it_break() {
    let src = sample_copy();
    let server = Server::start(src.path());
    // admin/manage-members.md links to it.
    let target = "/nl-nl/lantern-global/admin/global-sharing.html";
    assert_eq!(server.get(target).0, 200, "{}", server.log());
    std::fs::remove_file(src.path().join("admin/global-sharing.md")).unwrap();
    let (_, body) = server.wait_for(target, "deleted page gone", |st, _| st == 404);
    assert!(body.contains("<html"), "the localized 404 page: {body}");
    let start = Instant::now();
    while !(server.log().contains("link-broken") && server.log().contains("global-sharing.md")) {
        assert!(
            start.elapsed() < WAIT,
            "no broken-link diagnostic:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.get("/nl-nl/no-such-page.html").0, 404);
}

#[test]
fn requests_cannot_leave_the_site() {
    let src = sample_copy();
    std::fs::write(src.path().join("secret.txt"), "SECRET").unwrap();
    let server = Server::start(src.path());
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/nl-nl/../../etc/passwd",
        "/nl-nl/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "//etc/passwd",
        "/secret.txt",
        "/docfx.json",
        "/support.md",
    ] {
        let (st, body) = server.get(target);
        assert!(st == 400 || st == 404, "{target}: {st}");
        assert!(
            !body.contains("SECRET") && !body.contains("root:"),
            "{target}"
        );
        assert!(
            !body.contains("[package]") && !body.contains("\"build\""),
            "{target}"
        );
    }
}

/// Read one WebSocket text frame (server frames are not masked).
fn read_frame(s: &mut TcpStream) -> String {
    let mut h = [0u8; 2];
    s.read_exact(&mut h).unwrap();
    let len = match h[1] & 0x7f {
        126 => {
            let mut b = [0u8; 2];
            s.read_exact(&mut b).unwrap();
            u16::from_be_bytes(b) as usize
        }
        127 => {
            let mut b = [0u8; 8];
            s.read_exact(&mut b).unwrap();
            u64::from_be_bytes(b) as usize
        }
        n => n as usize,
    };
    let mut payload = vec![0u8; len];
    s.read_exact(&mut payload).unwrap();
    String::from_utf8_lossy(&payload).to_string()
}

fn generation(json: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["generation"].as_u64().unwrap()
}

#[test]
fn the_reload_channel_announces_changes() {
    let src = sample_copy();
    let server = Server::start(src.path());
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "GET /_tolk-serve/ws HTTP/1.1\r\nHost: {}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        server.addr
    )
    .unwrap();
    // The 101 response, up to the blank line.
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut b).unwrap();
        head.push(b[0]);
    }
    let head = String::from_utf8_lossy(&head);
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    let first = read_frame(&mut s);
    let g0 = generation(&first);
    let file = src.path().join("support.md");
    let text = common::read(&file);
    // A misspelt include: a warning, sent to the overlay with its hint.
    std::fs::write(
        &file,
        format!("{text}\nChannelMarker.\n\n[!INCLUDE [hours](includes/suport-hours.md)]\n"),
    )
    .unwrap();
    let next = read_frame(&mut s);
    assert!(generation(&next) > g0, "{next}");
    assert!(next.contains("support.html"), "{next}");
    let status: serde_json::Value = serde_json::from_str(&next).unwrap();
    let warnings = status["warnings"].as_array().expect("warnings");
    let w = warnings
        .iter()
        .find(|w| w["code"] == "include-not-found")
        .unwrap_or_else(|| panic!("{next}"));
    assert_eq!(w["file"], "support.md");
    assert!(
        w["hint"]
            .as_str()
            .unwrap()
            .starts_with("Did you mean 'includes/support-hours.md'?"),
        "{w}"
    );
}
