//! The crash-safe swap around a site's output folder: the destination's
//! lock (`.NAME.tolk-lock`), recovery of swaps and temporary trees left by
//! dead processes, the one-step folder exchange, and the manifest of the
//! files tolk wrote (files of the previous site not listed in it are carried
//! into the new one).

use super::{absolute, MANIFEST, MARKER};
use crate::diagnostics::{Code, Diagnostic};
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Why [`Output::begin`](super::Output::begin) cannot start.
fn begin_error(code: Code, msg: String) -> std::io::Error {
    std::io::Error::other(BeginError(code, msg))
}

#[derive(Debug)]
pub(super) struct BeginError(pub(super) Code, String);

impl std::fmt::Display for BeginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.1)
    }
}

impl std::error::Error for BeginError {}

/// A destination that cannot be swapped: a dangling symbolic link (the swap
/// would fail only after the whole build) or a mount point (a mounted
/// folder cannot be renamed).
pub(super) fn check_swappable(dest: &Path) -> std::io::Result<()> {
    let Ok(link) = std::fs::symlink_metadata(dest) else {
        return Ok(());
    };
    if link.file_type().is_symlink() && std::fs::metadata(dest).is_err() {
        return Err(begin_error(
            Code::OutputNotSwappable,
            format!(
                "'{}' is a symbolic link to nothing; tolk cannot put a site there",
                dest.display()
            ),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let real = absolute(dest);
        if let (Ok(d), Some(Ok(p))) = (
            std::fs::metadata(&real),
            real.parent().map(std::fs::metadata),
        ) {
            if d.is_dir() && d.dev() != p.dev() {
                return Err(begin_error(
                    Code::OutputNotSwappable,
                    format!(
                        "'{}' is a mount point, which tolk cannot replace atomically; write into a folder inside it",
                        dest.display()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The lock of one destination: `.NAME.tolk-lock` beside it, held with
/// `flock` while a build writes, removed when the build ends.
pub(super) struct Lock {
    path: PathBuf,
    file: File,
}

impl Lock {
    pub(super) fn take(path: &Path, dest: &Path) -> std::io::Result<Lock> {
        for _ in 0..8 {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(begin_error(
                        Code::OutputLocked,
                        format!(
                            "another tolk process is writing '{}'; wait for it to finish",
                            dest.display()
                        ),
                    ))
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
            // The previous holder removes the file as it ends: a lock on a
            // removed file locks nothing, so check that the path still
            // names the file locked.
            if same_file(&file, path) {
                return Ok(Lock {
                    path: path.to_path_buf(),
                    file,
                });
            }
        }
        Err(std::io::Error::other(format!(
            "cannot take the lock {}",
            path.display()
        )))
    }
}

#[cfg(unix)]
fn same_file(f: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (f.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_f: &File, path: &Path) -> bool {
    path.exists()
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held (see `take`), then released.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether process `pid` is alive (unknown: assumed alive).
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return false; // our own leftover from an earlier Output
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// With the destination's lock held: undo a swap interrupted between its
/// two renames (no site at `dest`, the previous one beside it as
/// `.NAME.tolk-tmp-PID.old`), then remove temporary trees of processes
/// that are gone. Only folders holding tolk's marker are touched.
pub(super) fn recover_stale(parent: &Path, name: &str, dest: &Path) {
    let prefix = format!(".{name}.tolk-tmp-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut stale: Vec<(PathBuf, bool)> = Vec::new();
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().to_string();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let (pid, old) = match rest.strip_suffix(".old") {
            Some(p) => (p, true),
            None => (rest, false),
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let path = e.path();
        let is_tree = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
            && path.join(MARKER).is_file();
        if is_tree && !process_alive(pid) {
            stale.push((path, old));
        }
    }
    stale.sort();
    if std::fs::symlink_metadata(dest).is_err() {
        if let Some(i) = stale.iter().position(|(_, old)| *old) {
            if std::fs::rename(&stale[i].0, dest).is_ok() {
                stale.remove(i);
            }
        }
    }
    for (p, _) in stale {
        let _ = std::fs::remove_dir_all(p);
    }
}

/// Exchange two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`):
/// at every moment one complete site is at each path. `false` when the
/// system cannot (then nothing changed).
#[cfg(target_os = "linux")]
pub(super) fn exchange(a: &Path, b: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let (Ok(ca), Ok(cb)) = (
        std::ffi::CString::new(a.as_os_str().as_bytes()),
        std::ffi::CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both are valid NUL-terminated paths; the call only renames.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    r == 0
}

#[cfg(not(target_os = "linux"))]
pub(super) fn exchange(_a: &Path, _b: &Path) -> bool {
    false
}

/// The previous site's manifest (`None`: none, e.g. a site of an older tolk).
pub(super) fn read_manifest(site: &Path) -> Option<HashSet<String>> {
    let text = std::fs::read_to_string(site.join(MANIFEST)).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

/// Carry the files of the previous site at `dest` that tolk did not write
/// (not in its manifest) into the new site at `tmp` by hard link (folders
/// recreated, symbolic links copied as links), so that they survive the
/// swap; one that the new site also writes is named in a warning instead.
/// The previous site is not changed (a crash loses nothing).
pub(super) fn keep_unknown_files(
    dest: &Path,
    tmp: &Path,
    written: &[String],
    notes: &mut Vec<Diagnostic>,
) {
    let Some(known) = read_manifest(dest) else {
        return;
    };
    let written: HashSet<&str> = written.iter().map(String::as_str).collect();
    // Folders of known files are known.
    let mut known_dirs: HashSet<String> = HashSet::new();
    for k in &known {
        let mut d = k.as_str();
        while let Some(i) = d.rfind('/') {
            d = &d[..i];
            if !known_dirs.insert(d.to_string()) {
                break;
            }
        }
    }
    let mut kept = Vec::new();
    let mut replaced = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(dest.join(&dir)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        for n in names {
            let rel = if dir.is_empty() {
                n.clone()
            } else {
                format!("{dir}/{n}")
            };
            if rel == MARKER || rel == MANIFEST || known.contains(&rel) {
                continue;
            }
            if known_dirs.contains(&rel) {
                stack.push(rel);
                continue;
            }
            let clash = written.contains(rel.as_str())
                || written.iter().any(|w| w.starts_with(&format!("{rel}/")));
            if clash || std::fs::symlink_metadata(tmp.join(&rel)).is_ok() {
                replaced.push(rel);
            } else if link_tree(&dest.join(&rel), &tmp.join(&rel)).is_ok() {
                kept.push(rel);
            } else {
                replaced.push(rel);
            }
        }
    }
    if !kept.is_empty() {
        notes.push(Diagnostic::warning(
            Code::OutputUnknownFiles,
            "",
            0,
            0,
            format!(
                "Kept {} file(s) or folder(s) in the output that tolk did not write: {}.",
                kept.len(),
                kept.join(", ")
            ),
        ));
    }
    if !replaced.is_empty() {
        notes.push(Diagnostic::warning(
            Code::OutputUnknownFiles,
            "",
            0,
            0,
            format!(
                "The new site writes over {} file(s) in the output that tolk did not write, or could not keep them: {}.",
                replaced.len(),
                replaced.join(", ")
            ),
        ));
    }
}

/// Recreate `from` (a file, symbolic link or folder) at `to` by hard links.
pub(super) fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let m = std::fs::symlink_metadata(from)?;
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)?;
    }
    if m.file_type().is_symlink() {
        #[cfg(unix)]
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
        #[cfg(not(unix))]
        return Err(std::io::Error::other("symbolic link"));
    }
    if m.is_dir() {
        std::fs::create_dir(to)?;
        for e in std::fs::read_dir(from)? {
            let e = e?;
            link_tree(&e.path(), &to.join(e.file_name()))?;
        }
        return std::fs::set_permissions(to, m.permissions());
    }
    std::fs::hard_link(from, to)
}

/// Remove the folder `root` and everything in it, on every core: the
/// entries of its first three levels are listed (symbolic links are not
/// followed), the files and folders found there removed in parallel (each
/// folder with `std::fs::remove_dir_all`, which follows no link either),
/// then what is left. A previous site is a tree of thousands of hard links;
/// unlinking them is most of what a rebuild of a few pages does at its end.
pub(super) fn remove_tree(root: &Path) -> std::io::Result<()> {
    let mut leaves: Vec<(PathBuf, bool)> = Vec::new();
    let mut level = vec![root.to_path_buf()];
    for _ in 0..3 {
        let mut next = Vec::new();
        for dir in level {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                match e.file_type() {
                    Ok(t) if t.is_dir() => next.push(e.path()),
                    _ => leaves.push((e.path(), false)),
                }
            }
        }
        level = next;
    }
    leaves.extend(level.into_iter().map(|d| (d, true)));
    // Failures are left for the last call, which reports them.
    leaves.par_iter().for_each(|(p, dir)| {
        let _ = match dir {
            true => std::fs::remove_dir_all(p),
            false => std::fs::remove_file(p),
        };
    });
    std::fs::remove_dir_all(root)
}
