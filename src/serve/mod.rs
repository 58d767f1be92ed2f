//! `tolk serve`: build a docset into memory, serve it over HTTP, watch the
//! docset and update the site on every change (`live`, through the
//! build's own pipeline), and reload the open pages (a WebSocket at
//! `/_tolk-serve/ws`). Served HTML pages get one script
//! (`/_tolk-serve/live.js`) that reloads them, shows the errors of the last
//! rebuild and adds a preview toolbar; the files in memory are exactly what
//! `build` would write. Nothing is written to disk, nothing printed: [`run`]
//! reports [`Event`]s to its caller.

mod live;

pub use live::Update;

use crate::diagnostics::{Diagnostic, Severity};
use crate::output::MemoryFiles;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use live::Live;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub source: PathBuf,
    pub host: String,
    pub port: u16,
}

/// An error (or warning) shown in the browser overlay.
#[derive(Debug, Clone, Serialize)]
struct ErrorView {
    file: String,
    line: u32,
    column: u32,
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
}

impl ErrorView {
    fn of(d: &Diagnostic) -> Self {
        ErrorView {
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            code: d.code.name(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// What the reload channel sends after every rebuild (and once on connect).
#[derive(Debug, Clone, Serialize, Default)]
struct Status {
    generation: u64,
    all: bool,
    pages: Vec<String>,
    what: String,
    errors: Vec<ErrorView>,
    /// The first warnings (the overlay shows them collapsed).
    warnings: Vec<ErrorView>,
    error_count: usize,
    warning_count: usize,
    locales: Vec<String>,
    environments: Vec<String>,
}

#[derive(Clone)]
struct AppState {
    files: MemoryFiles,
    status: watch::Receiver<Arc<Status>>,
    hosts: Arc<HostPolicy>,
}

/// Which `Host` names the server answers. A page of any web site can make
/// the browser request `http://attacker.example:8080/` after pointing that
/// name at 127.0.0.1 (DNS rebinding); answering only the names the server
/// is known by keeps the unpublished preview and its error stream private.
#[derive(Debug, Clone)]
struct HostPolicy {
    /// Any name (`--host 0.0.0.0`: the user put the server on the network).
    any: bool,
    /// Lowercase names and addresses answered besides the loopback ones.
    extra: Vec<String>,
}

impl HostPolicy {
    fn new(host: &str, bound: Option<std::net::SocketAddr>) -> HostPolicy {
        let unspecified = host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_unspecified());
        let mut extra = vec![host.trim_matches(['[', ']']).to_ascii_lowercase()];
        if let Some(a) = bound {
            extra.push(a.ip().to_string());
        }
        HostPolicy {
            any: unspecified,
            extra,
        }
    }

    /// Whether a request with this `Host` header is answered.
    fn allows(&self, host_header: Option<&str>) -> bool {
        if self.any {
            return true;
        }
        let Some(h) = host_header else {
            return false;
        };
        let h = h.trim().to_ascii_lowercase();
        // Strip the port: "[::1]:8080", "localhost:8080", "127.0.0.1".
        let name = if let Some(rest) = h.strip_prefix('[') {
            rest.split(']').next().unwrap_or("")
        } else {
            h.rsplit_once(':').map(|(n, _)| n).unwrap_or(&h)
        };
        let name = name.trim_end_matches('.');
        name == "localhost"
            || name.ends_with(".localhost")
            || name
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
            || self.extra.iter().any(|e| e == name)
    }
}

/// The warning to show when `--host` puts the server on the network: it
/// has no authentication, so anyone who can reach the port reads the
/// unpublished site. `None` for loopback hosts.
pub fn exposure_warning(host: &str) -> Option<String> {
    let h = host.trim_matches(['[', ']']);
    let loopback = h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    (!loopback).then(|| {
        format!(
            "--host {host}: the preview server is reachable from other machines and has no authentication; anyone who can reach this port can read the unpublished site"
        )
    })
}

/// How long a client may take to send a request's headers.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once (more wait to be accepted).
const MAX_CONNECTIONS: usize = 256;

const LIVE_JS: &str = include_str!("live.js");
const MAX_OVERLAY_ERRORS: usize = 100;

fn status_of(live: &Live, u: &Update, generation: u64) -> Status {
    let diags = live.diagnostics();
    let errors: Vec<&Diagnostic> = diags
        .iter()
        .map(|(d, _)| d)
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let (locales, environments) = match live.docset() {
        Some(d) => (
            d.locales.iter().map(|l| l.dir_name.clone()).collect(),
            d.envs.iter().map(|e| d.env_name(*e).to_string()).collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    Status {
        generation,
        all: u.all,
        pages: u.pages.clone(),
        what: u.what.clone(),
        error_count: errors.len(),
        warning_count: diags.len() - errors.len(),
        errors: errors
            .iter()
            .take(MAX_OVERLAY_ERRORS)
            .map(|d| ErrorView::of(d))
            .collect(),
        warnings: diags
            .iter()
            .map(|(d, _)| d)
            .filter(|d| d.severity == Severity::Warning)
            .take(MAX_OVERLAY_ERRORS)
            .map(ErrorView::of)
            .collect(),
        locales,
        environments,
    }
}

/// What [`run`] reports as it goes; printing it is the caller's.
pub enum Event<'a> {
    /// The site was built (first) or updated: what changed, and every
    /// current diagnostic (`root`: the docset folder they are relative to).
    Built {
        update: &'a Update,
        diagnostics: &'a [(Diagnostic, usize)],
        root: &'a Path,
    },
    /// The server listens at `url`.
    Listening { root: &'a Path, url: &'a str },
    /// The file watcher failed to report a change.
    WatchError(String),
    /// Ctrl-C or SIGTERM: the server stops.
    Stopping,
}

/// Something [`run`] tells as it goes, from any thread.
type Events = Arc<dyn Fn(Event) + Send + Sync>;

/// Run `tolk serve` until Ctrl-C or SIGTERM. `Err`: why it could not serve.
pub fn run(
    opts: &ServeOptions,
    events: impl Fn(Event) + Send + Sync + 'static,
) -> Result<(), String> {
    let events: Events = Arc::new(events);
    let root = opts
        .source
        .canonicalize()
        .map_err(|e| format!("cannot read {}: {e}", opts.source.display()))?;
    let (live, first) = Live::new(&root);
    events(Event::Built {
        update: &first,
        diagnostics: &live.diagnostics(),
        root: &root,
    });
    let (tx, rx) = watch::channel(Arc::new(status_of(&live, &first, 1)));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let addr = format!("{}:{}", opts.host, opts.port);
    let listener = rt
        .block_on(tokio::net::TcpListener::bind(&addr))
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let bound = listener.local_addr().ok();
    let state = AppState {
        files: live.files.clone(),
        status: rx,
        hosts: Arc::new(HostPolicy::new(&opts.host, bound)),
    };
    let local = bound.map(|a| a.to_string()).unwrap_or(addr);
    let url = format!("http://{local}/");
    events(Event::Listening {
        root: &root,
        url: &url,
    });

    // Watch the docset; a thread applies the changes.
    let (ev_tx, ev_rx) = std::sync::mpsc::channel();
    let watch_error = |e: notify::Error| format!("cannot watch {}: {e}", root.display());
    let mut debouncer = notify_debouncer_full::new_debouncer(
        Duration::from_millis(20),
        Some(Duration::from_millis(5)),
        ev_tx,
    )
    .map_err(watch_error)?;
    debouncer
        .watch(&root, notify::RecursiveMode::Recursive)
        .map_err(watch_error)?;
    let watcher_events = events.clone();
    std::thread::spawn(move || apply_changes(live, &root, ev_rx, tx, watcher_events));

    let app = Router::new()
        .route("/_tolk-serve/ws", get(ws_handler))
        .route("/_tolk-serve/live.js", get(live_js))
        .fallback(serve_file)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            check_host,
        ))
        .with_state(state);
    let served: Result<(), String> = rt.block_on(accept_loop(listener, app, events));
    drop(debouncer);
    // Open WebSockets do not hold the process.
    rt.shutdown_timeout(Duration::from_millis(500));
    served
}

/// Accept connections until Ctrl-C or SIGTERM: at most [`MAX_CONNECTIONS`]
/// at once, each closed when its request headers take longer than
/// [`HEADER_READ_TIMEOUT`] (a slow client cannot hold connections until
/// file descriptors run out).
async fn accept_loop(
    listener: tokio::net::TcpListener,
    app: Router,
    events: Events,
) -> Result<(), String> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let shutdown = shutdown_signal(events);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return Ok(()),
            },
            _ = &mut shutdown => return Ok(()),
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, say: wait a moment and go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => return Ok(()),
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut builder = Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT);
            let _ = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}

/// Refuse requests whose `Host` the server is not known by (see [`HostPolicy`]).
async fn check_host(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()));
    if !state.hosts.allows(host) {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "tolk serve answers only requests for localhost (use --host to serve other names)\n",
        )
            .into_response();
    }
    next.run(req).await
}

/// The update thread: apply each batch of changes to the live site, tell
/// the open pages, and refresh the search indexes once the docset has been
/// quiet for a moment (on another thread, so that they never delay a page).
fn apply_changes(
    mut live: Live,
    root: &Path,
    changes: std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    status: watch::Sender<Arc<Status>>,
    events: Events,
) {
    let mut generation = 1u64;
    let mut search_stale = false;
    let search_epoch = Arc::new(AtomicU64::new(0));
    loop {
        let first = match changes.recv_timeout(Duration::from_millis(800)) {
            Ok(r) => r,
            Err(RecvTimeoutError::Timeout) => {
                if search_stale {
                    search_stale = false;
                    let batches = live.search_batches();
                    let files = live.files.clone();
                    let epoch = search_epoch.clone();
                    let mine = epoch.fetch_add(1, Ordering::SeqCst) + 1;
                    std::thread::spawn(move || {
                        if epoch.load(Ordering::SeqCst) == mine {
                            live::write_search_indexes(&files, batches);
                        }
                    });
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut collect = |r: notify_debouncer_full::DebounceEventResult| match r {
            Ok(evs) => {
                for e in evs {
                    if !e.kind.is_access() {
                        paths.extend(e.paths.iter().cloned());
                    }
                }
            }
            Err(errs) => {
                for e in errs {
                    events(Event::WatchError(e.to_string()));
                }
            }
        };
        collect(first);
        while let Ok(more) = changes.try_recv() {
            collect(more);
        }
        paths.sort();
        paths.dedup();
        let t0 = std::time::Instant::now();
        let Some(mut u) = live.apply(root, &paths) else {
            continue;
        };
        generation += 1;
        let _ = status.send(Arc::new(status_of(&live, &u, generation)));
        // Until the new status is out (pages are served as soon as they are written).
        u.seconds = t0.elapsed().as_secs_f64();
        events(Event::Built {
            update: &u,
            diagnostics: &live.diagnostics(),
            root,
        });
        // A full rebuild wrote fresh indexes; an older refresh must not overwrite them.
        search_epoch.fetch_add(1, Ordering::SeqCst);
        search_stale = !u.all;
    }
}

async fn shutdown_signal(events: Events) {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    events(Event::Stopping);
}

async fn live_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
        .into_response()
}

async fn ws_handler(
    ws: WebSocketUpgrade,
    headers: axum::http::HeaderMap,
    State(state): State<AppState>,
) -> Response {
    let get = |name| {
        headers
            .get(name)
            .and_then(|h: &HeaderValue| h.to_str().ok())
    };
    if !same_origin(get(header::ORIGIN), get(header::HOST)) {
        return (StatusCode::FORBIDDEN, "cross-origin WebSocket refused\n").into_response();
    }
    ws.on_upgrade(move |socket| reload_channel(socket, state.status))
}

/// Whether a WebSocket request comes from a page of this server: browsers
/// always send `Origin`, and a page of another site (DNS rebinding, a
/// malicious tab) has another origin than the `Host` it connects to.
/// Clients that are not browsers send no `Origin` and are let through.
fn same_origin(origin: Option<&str>, host: Option<&str>) -> bool {
    let Some(origin) = origin else {
        return true;
    };
    let Some(host) = host else {
        return false;
    };
    origin
        .strip_prefix("http://")
        .is_some_and(|o| o.trim_end_matches('/').eq_ignore_ascii_case(host.trim()))
}

/// Send the status on connect and after every rebuild; messages from the
/// page are read (to notice a close) but never answered, so a client
/// cannot make the server serialize and resend the status at will.
async fn reload_channel(mut socket: WebSocket, mut status: watch::Receiver<Arc<Status>>) {
    let mut send = true;
    loop {
        if send {
            let json = {
                let s = status.borrow_and_update();
                serde_json::to_string(&**s).unwrap_or_default()
            };
            if socket.send(Message::Text(json.into())).await.is_err() {
                return;
            }
        }
        tokio::select! {
            changed = status.changed() => {
                if changed.is_err() {
                    return;
                }
                send = true;
            }
            msg = socket.recv() => {
                match msg {
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                    _ => send = false,
                }
            }
        }
    }
}

/// The site path a request asks for, or `None` when it tries to leave the site.
fn site_path(uri_path: &str) -> Option<String> {
    let decoded = crate::paths::percent_decode(uri_path);
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return None;
    }
    let segs: Vec<&str> = decoded[1..].split('/').collect();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        if *seg == "." || *seg == ".." || seg.contains(':') || (seg.is_empty() && !last) {
            return None;
        }
    }
    let mut p = segs.join("/");
    if p.is_empty() || p.ends_with('/') {
        p.push_str("index.html");
    }
    Some(p)
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html") | Some("htm") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg") | Some("jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        _ if path.ends_with("_redirects") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// HTML with the live script added before `</body>`.
fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"/_tolk-serve/live.js\" data-generation=\"{generation}\"></script>\n"
    );
    let at = memchr::memmem::rfind(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn file_response(state: &AppState, path: &str, status: StatusCode) -> Option<Response> {
    let bytes = state
        .files
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(path)
        .cloned()?;
    let ct = content_type(path);
    let body = if ct.starts_with("text/html") {
        inject(&bytes, state.status.borrow().generation)
    } else {
        bytes.to_vec()
    };
    let mut r = (status, body).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Some(r)
}

async fn serve_file(State(state): State<AppState>, uri: Uri) -> Response {
    let Some(path) = site_path(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad path\n").into_response();
    };
    if let Some(r) = file_response(&state, &path, StatusCode::OK) {
        return r;
    }
    // A folder without the trailing slash.
    let index = format!("{path}/index.html");
    if state
        .files
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .contains_key(&index)
    {
        let to = format!("/{path}/");
        return (
            StatusCode::FOUND,
            [(header::LOCATION, to.as_str())],
            "moved\n",
        )
            .into_response();
    }
    let first = path.split('/').next().unwrap_or("");
    for candidate in [format!("{first}/404.html"), "404.html".to_string()] {
        if let Some(r) = file_response(&state, &candidate, StatusCode::NOT_FOUND) {
            return r;
        }
    }
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_stay_in_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/nl-nl/").as_deref(), Some("nl-nl/index.html"));
        assert_eq!(
            site_path("/nl-nl/a%20b.html").as_deref(),
            Some("nl-nl/a b.html")
        );
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/x",
            "/nl-nl/../../etc/passwd",
            "/a/%2e%2e%2f%2e%2e/x",
            "//etc/passwd",
            "/a\\..\\b",
            "/c:/windows",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_localhost_names_are_answered_on_a_loopback_server() {
        let bound = "127.0.0.1:8080".parse().ok();
        let p = HostPolicy::new("127.0.0.1", bound);
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
            "preview.localhost:8080",
            "localhost.:8080",
        ] {
            assert!(p.allows(Some(ok)), "{ok}");
        }
        for bad in [
            "attacker.example:8080",
            "attacker.example",
            "127.0.0.1.attacker.example",
            "localhost.attacker.example:8080",
            "",
        ] {
            assert!(!p.allows(Some(bad)), "{bad}");
        }
        assert!(!p.allows(None));
        // An explicit host name is answered too; 0.0.0.0 answers any name.
        let named = HostPolicy::new("devbox.lan", "192.168.1.5:8080".parse().ok());
        assert!(named.allows(Some("devbox.lan:8080")));
        assert!(named.allows(Some("192.168.1.5:8080")));
        assert!(!named.allows(Some("attacker.example")));
        assert!(HostPolicy::new("0.0.0.0", None).allows(Some("attacker.example")));
    }

    #[test]
    fn websocket_origin_must_match_the_host() {
        assert!(same_origin(
            Some("http://127.0.0.1:8080"),
            Some("127.0.0.1:8080")
        ));
        assert!(same_origin(None, Some("127.0.0.1:8080")));
        assert!(!same_origin(
            Some("http://attacker.example:8080"),
            Some("127.0.0.1:8080")
        ));
        assert!(!same_origin(Some("null"), Some("127.0.0.1:8080")));
        assert!(!same_origin(
            Some("https://127.0.0.1:8080"),
            Some("127.0.0.1:8080")
        ));
    }

    #[test]
    fn binding_to_the_network_warns() {
        assert!(exposure_warning("0.0.0.0").is_some());
        assert!(exposure_warning("::").is_some());
        assert!(exposure_warning("192.168.1.5").is_some());
        assert!(exposure_warning("127.0.0.1").is_none());
        assert!(exposure_warning("localhost").is_none());
        assert!(exposure_warning("::1").is_none());
    }

    #[test]
    fn script_goes_before_body_end() {
        let h = inject(b"<html><body>x</body></html>", 3);
        let s = String::from_utf8(h).unwrap();
        assert!(s.contains(
            "x<script src=\"/_tolk-serve/live.js\" data-generation=\"3\"></script>\n</body>"
        ));
    }
}
