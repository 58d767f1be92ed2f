//! `tolk serve`: run the server, print each rebuild (what changed, the
//! diagnostics that are new since the last one, a summary), open the
//! browser when asked; exit 1 when it cannot serve.

use super::build::docset_root;
use super::out::{stderr, stderr_line};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use tolk::diagnostics::{sanitize, summary_line, Diagnostic, Renderer, Severity};
use tolk::serve::{self, Event, ServeOptions, Update};

/// Serve `source` (a docset folder, its docfx.json, or a folder holding
/// one) until Ctrl-C; `open`: open the site in the default browser.
pub fn run(source: PathBuf, host: String, port: u16, open: bool, color: bool) -> ExitCode {
    let source = match docset_root(&source) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let opts = &ServeOptions { source, host, port };
    // Diagnostics already shown (only new ones are printed after a rebuild).
    let shown: Mutex<Option<HashSet<Diagnostic>>> = Mutex::new(None);
    if let Some(w) = serve::exposure_warning(&opts.host) {
        eprintln!("warning: {w}");
    }
    let served = serve::run(opts, move |event| match event {
        Event::Built {
            update,
            diagnostics,
            root,
        } => {
            stderr_line(&sanitize(&describe(update)));
            let mut shown = shown.lock().unwrap_or_else(|e| e.into_inner());
            print_new(diagnostics, &mut shown, root, color);
        }
        Event::Listening { root, url } => {
            stderr_line(&sanitize(&format!(
                "serving {} at {url} (Ctrl-C to stop)",
                root.display()
            )));
            if open {
                open_browser(url);
            }
        }
        Event::WatchError(e) => stderr_line(&sanitize(&format!("watch error: {e}"))),
        Event::Stopping => stderr_line("stopping…"),
    });
    match served {
        Ok(()) => {
            stderr_line("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            stderr_line(&format!("error: {e}"));
            ExitCode::from(1)
        }
    }
}

fn describe(u: &Update) -> String {
    let ms = u.seconds * 1000.0;
    if u.all {
        format!("{} → rebuilt {} pages in {ms:.0} ms", u.what, u.rendered)
    } else {
        format!(
            "changed: {} → re-rendered {} page(s), {} file(s) in {ms:.0} ms",
            u.what,
            u.rendered,
            u.pages.len()
        )
    }
}

/// Print the diagnostics not shown yet, how many were fixed since the last
/// rebuild (`shown`: `None` before the first), and a summary.
fn print_new(
    diags: &[(Diagnostic, usize)],
    shown: &mut Option<HashSet<Diagnostic>>,
    root: &Path,
    color: bool,
) {
    // A fresh renderer each time: the files change while serving.
    let mut r = Renderer::new(root, color);
    let now: HashSet<Diagnostic> = diags.iter().map(|(d, _)| d.clone()).collect();
    let mut errors = 0;
    let mut warnings = 0;
    for (d, n) in diags {
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Note => {}
        }
        if !shown.as_ref().is_some_and(|s| s.contains(d)) {
            stderr(&r.human(d, *n));
        }
    }
    if let Some(before) = shown {
        let fixed = before.difference(&now).count();
        if fixed > 0 {
            stderr_line(&format!("{fixed} problem(s) fixed"));
        }
    }
    stderr_line(&summary_line(errors, warnings));
    *shown = Some(now);
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(cmd)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        stderr_line(&format!("cannot open a browser ({cmd}): {e}"));
    }
}
