//! Writing to standard output and standard error without panicking: when
//! the reader went away (`tolk check --format json | head`), output stops
//! quietly instead of `println!`'s panic on the broken pipe.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Write `s` to standard output; nothing once the reader has gone.
pub fn stdout(s: &str) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if out
        .write_all(s.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// Write `s` to standard error, ignoring a closed one.
pub fn stderr(s: &str) {
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
}

/// Write `s` and a newline to standard error.
pub fn stderr_line(s: &str) {
    stderr(&format!("{s}\n"));
}
