//! `tolk serve`: run the server, print each rebuild (what changed, the
//! diagnostics that are new since the last one, a summary), open the
//! browser when asked; exit 1 when it cannot serve.

use super::stderr_is_terminal;
use std::collections::HashSet;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;
use tolk::diagnostics::{render_human, summary_line, Diagnostic, Severity};
use tolk::serve::{self, Event, ServeOptions, Update};

/// Serve until Ctrl-C; `open`: open the site in the default browser.
pub fn run(opts: &ServeOptions, open: bool) -> ExitCode {
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
            eprintln!("{}", describe(update));
            let mut shown = shown.lock().unwrap_or_else(|e| e.into_inner());
            print_new(diagnostics, &mut shown, root);
        }
        Event::Listening { root, url } => {
            eprintln!("serving {} at {url} (Ctrl-C to stop)", root.display());
            if open {
                open_browser(url);
            }
        }
        Event::WatchError(e) => eprintln!("watch error: {e}"),
        Event::Stopping => eprintln!("stopping…"),
    });
    match served {
        Ok(()) => {
            eprintln!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
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
fn print_new(diags: &[(Diagnostic, usize)], shown: &mut Option<HashSet<Diagnostic>>, root: &Path) {
    let color = stderr_is_terminal();
    let now: HashSet<Diagnostic> = diags.iter().map(|(d, _)| d.clone()).collect();
    let mut errors = 0;
    let mut warnings = 0;
    for (d, n) in diags {
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        if !shown.as_ref().is_some_and(|s| s.contains(d)) {
            eprint!("{}", render_human(d, *n, root, color));
        }
    }
    if let Some(before) = shown {
        let fixed = before.difference(&now).count();
        if fixed > 0 {
            eprintln!("{fixed} problem(s) fixed");
        }
    }
    eprintln!("{}", summary_line(errors, warnings));
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
        eprintln!("cannot open a browser ({cmd}): {e}");
    }
}
