//! Safe output: the site is written into a private temporary folder beside
//! the destination and swapped in only when the build succeeds, so a failed
//! build leaves the previous site as it was. Refuses destinations that are
//! the source, contain it or (unless excluded from content) lie inside it,
//! and non-empty folders tolk did not create (recognised by a marker file).
//!
//! Unchanged files are carried over (Unix): when the destination already
//! holds a tolk site, a file whose bytes equal the previous site's file of the
//! same path (a regular file reached without symlinks, with the owner, group
//! and permissions a fresh write would give) is hard-linked from there into
//! the temporary folder instead of written. Effects: unchanged files keep
//! their inode and modification time, so deploys that compare size and mtime
//! (rsync, static-host uploaders) upload only what changed; and the build
//! allocates, and the swap frees, only as many inodes as files changed (plus
//! the folders). That matters on ext4, where creating files soon after many
//! were deleted is slow (the inode allocator scans recently freed inodes), so
//! replacing a whole site by a fresh copy made every rebuild pay for the
//! previous one. Any error while comparing or linking (a filesystem without
//! hard links, say) falls back to an ordinary write.
//!
//! Safety: a linked file is never opened for writing. Every file is created
//! anew (`create_new`); a path written twice in one build is unlinked first,
//! so the second write cannot reach the previous site's inode through the
//! shared link. A failed build removes the temporary folder, which only
//! drops links: the previous site stays byte for byte as it was. A successful
//! one removes the old tree right after the swap, so no file stays shared
//! between two sites.
//!
//! Faults: one build at a time writes a destination (a lock file beside it,
//! `.NAME.tolk-lock`, held with `flock`); the swap exchanges the two folders
//! in one step where the system can (`renameat2(RENAME_EXCHANGE)` on Linux),
//! else renames twice; at start, a swap interrupted between its two renames
//! is undone (the previous site put back) and temporary trees left by dead
//! processes are removed. Each site lists the files tolk wrote in
//! `.tolk-manifest`; files of the previous site that are not listed (a
//! `CNAME`, the `.git` of a gh-pages worktree) are carried into the new
//! site, or named in a warning when the new site writes the same path.

use crate::diagnostics::{Code, Diagnostic};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// Name of the file that marks a folder as a tolk site.
pub const MARKER: &str = ".tolk-site";
const MARKER_TEXT: &str = "This folder was written by tolk. tolk replaces it on every build.\n";
/// Name of the file listing every file tolk wrote into a site, one per line.
pub const MANIFEST: &str = ".tolk-manifest";

/// Files of a site held in memory (`tolk serve`): site path → bytes.
pub type MemoryFiles = Arc<RwLock<HashMap<String, Arc<Vec<u8>>>>>;

/// A site being written: to disk (a temporary folder swapped in on
/// success), or into memory for `tolk serve`.
pub struct Output {
    sink: Sink,
}

// One per build: the size of the larger variant does not matter.
#[allow(clippy::large_enum_variant)]
enum Sink {
    Disk {
        dest: PathBuf,
        tmp: PathBuf,
        previous: Option<Previous>,
        /// Site paths written (for the manifest).
        written: Mutex<Vec<String>>,
        /// The destination's lock, held until the site is swapped in or dropped.
        _lock: Lock,
        /// The disk (or quota) filled up: the build cannot succeed, so later
        /// writes are skipped (one error, not one per file) and the site is
        /// never swapped in.
        full: std::sync::atomic::AtomicBool,
    },
    Memory(MemoryFiles),
}

/// The site being replaced, from which unchanged files are carried over.
struct Previous {
    root: PathBuf,
    /// Owner, group and permission bits of a file this build creates (read
    /// from the marker just written): a carried-over file must have the same.
    uid: u32,
    gid: u32,
    mode: u32,
    /// Site-relative folders known to be real folders (no symlink) in `root`.
    real_dirs: Mutex<HashSet<PathBuf>>,
}

/// Chunk size for comparing and writing files.
const CHUNK: usize = 64 * 1024;

/// Whether `a` and `b` both start with the same `len` bytes (compared chunk
/// by chunk; the caller knows both hold `len` bytes).
fn same_content(a: &mut impl Read, b: &mut impl Read, len: u64) -> std::io::Result<bool> {
    let n = len.min(CHUNK as u64) as usize;
    let (mut ba, mut bb) = (vec![0u8; n], vec![0u8; n]);
    let mut left = len;
    while left > 0 {
        let k = left.min(CHUNK as u64) as usize;
        a.read_exact(&mut ba[..k])?;
        b.read_exact(&mut bb[..k])?;
        if ba[..k] != bb[..k] {
            return Ok(false);
        }
        left -= k as u64;
    }
    Ok(true)
}

/// Remove `path` if it exists (a file written earlier in this build).
fn remove_existing(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Run `op`, which creates `path` (failing with `AlreadyExists` when it
/// exists). When the path exists (written earlier in this build), unlink it and
/// try again: existing files are never opened, one may be a link to the
/// previous site. When its folder is missing, create it and try again (so
/// folders cost a system call only when new).
fn create_anew<T>(path: &Path, mut op: impl FnMut() -> std::io::Result<T>) -> std::io::Result<T> {
    let mut tries = 0;
    loop {
        match op() {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 3 => {
                remove_existing(path)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && tries < 3 => {
                // Create the folder, even if it exists now: another thread
                // may have made it between the failed open and this check.
                match path.parent() {
                    Some(parent) => std::fs::create_dir_all(parent)?,
                    None => return Err(e),
                }
            }
            r => return r,
        }
        tries += 1;
    }
}

/// A new file at `path` (open for writing, never an existing one).
fn create_file(path: &Path) -> std::io::Result<File> {
    create_anew(path, || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    })
}

impl Previous {
    /// The previous site at `dest`, if it is one, with the attributes of the
    /// `marker` file just created in the temporary folder.
    #[cfg(unix)]
    fn open(dest: &Path, marker: &Path) -> Option<Previous> {
        use std::os::unix::fs::MetadataExt;
        let site = std::fs::symlink_metadata(dest).ok()?;
        let mark = std::fs::symlink_metadata(dest.join(MARKER)).ok()?;
        if !site.is_dir() || !mark.is_file() {
            return None;
        }
        let fresh = std::fs::metadata(marker).ok()?;
        Some(Previous {
            root: dest.to_path_buf(),
            uid: fresh.uid(),
            gid: fresh.gid(),
            mode: fresh.mode() & 0o7777,
            real_dirs: Mutex::new(HashSet::new()),
        })
    }

    #[cfg(not(unix))]
    fn open(_dest: &Path, _marker: &Path) -> Option<Previous> {
        None
    }

    /// Whether every folder of `rel`'s path in the previous site is a real
    /// folder (a symlink could lead out of the site).
    fn real_parent(&self, rel: &Path) -> bool {
        let Some(dir) = rel.parent() else {
            return true;
        };
        let unknown: Vec<PathBuf> = {
            let known = self.real_dirs.lock().unwrap_or_else(|e| e.into_inner());
            dir.ancestors()
                .take_while(|d| !d.as_os_str().is_empty() && !known.contains(*d))
                .map(Path::to_path_buf)
                .collect()
        };
        for d in unknown.iter().rev() {
            match std::fs::symlink_metadata(self.root.join(d)) {
                Ok(m) if m.is_dir() => {}
                _ => return false,
            }
        }
        if !unknown.is_empty() {
            self.real_dirs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(unknown);
        }
        true
    }

    /// The previous site's file for `rel`, opened for reading, when it is a
    /// regular file of `len` bytes with the attributes a fresh file would get
    /// (`mode` for the permission bits).
    #[cfg(unix)]
    fn candidate(&self, rel: &Path, len: u64, mode: u32) -> Option<(PathBuf, File)> {
        use std::os::unix::fs::MetadataExt;
        if !self.real_parent(rel) {
            return None;
        }
        let path = self.root.join(rel);
        let m = std::fs::symlink_metadata(&path).ok()?;
        if !m.file_type().is_file()
            || m.len() != len
            || m.uid() != self.uid
            || m.gid() != self.gid
            || m.mode() & 0o7777 != mode
        {
            return None;
        }
        let f = File::open(&path).ok()?;
        // The same file as the one checked (not replaced in between).
        let opened = f.metadata().ok()?;
        if opened.ino() != m.ino() || opened.dev() != m.dev() {
            return None;
        }
        Some((path, f))
    }

    #[cfg(not(unix))]
    fn candidate(&self, _rel: &Path, _len: u64, _mode: u32) -> Option<(PathBuf, File)> {
        None
    }

    /// Link the previous site's file for `rel` to `to` when its content
    /// equals `content` (`len` bytes, permission bits `mode`). Returns whether
    /// it did; any error means no (and leaves no file at `to` from this call).
    fn carry_over(
        &self,
        rel: &Path,
        to: &Path,
        len: u64,
        mode: u32,
        content: &mut impl Read,
    ) -> bool {
        let Some((from, mut f)) = self.candidate(rel, len, mode) else {
            return false;
        };
        if !matches!(same_content(&mut f, content, len), Ok(true)) {
            return false;
        }
        create_anew(to, || std::fs::hard_link(&from, to)).is_ok()
    }
}

/// `p` made absolute, normalized, with the symbolic links of its existing
/// part resolved (what the destination checks compare).
pub fn resolve_path(p: &Path) -> PathBuf {
    absolute(p)
}

fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Normalize lexically (the destination may not exist yet).
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    // Resolve symlinks of the existing part.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(n) => rest.push(n.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for n in rest.into_iter().rev() {
        real.push(n);
    }
    real
}

/// Check the destination against the rules; `inside_ok` says whether a
/// destination inside the source is excluded from the content.
pub fn check_destination(dest: &Path, source: &Path, inside_ok: bool) -> Result<(), Diagnostic> {
    let d = absolute(dest);
    let s = absolute(source);
    let shown = dest.display();
    if d == s {
        return Err(Diagnostic::error(
            Code::OutputIsSource,
            "",
            0,
            0,
            format!("The output folder '{shown}' is the source folder; tolk will not write over your docs."),
        )
        .with_hint("Choose another folder with --out, e.g. --out _site."));
    }
    if s.starts_with(&d) {
        return Err(Diagnostic::error(
            Code::OutputContainsSource,
            "",
            0,
            0,
            format!("The output folder '{shown}' contains the source folder; replacing it would delete your docs."),
        )
        .with_hint("Choose an output folder beside the source, not above it."));
    }
    if d.starts_with(&s) && !inside_ok {
        return Err(Diagnostic::error(
            Code::OutputInsideSource,
            "",
            0,
            0,
            format!("The output folder '{shown}' lies inside the source folder and would be read as content on the next build."),
        )
        .with_hint("Choose an output folder outside the docset, or exclude it in docfx.json's build.content."));
    }
    if d.exists() {
        if !d.is_dir() {
            return Err(Diagnostic::error(
                Code::OutputNotAFolder,
                "",
                0,
                0,
                format!("'{shown}' exists and is not a folder."),
            ));
        }
        let empty = std::fs::read_dir(&d)
            .map(|mut r| r.next().is_none())
            .unwrap_or(false);
        if !empty && !d.join(MARKER).is_file() {
            return Err(Diagnostic::error(
                Code::OutputNotTolk,
                "",
                0,
                0,
                format!("'{shown}' is not empty and was not written by tolk; tolk does not delete files it did not write."),
            )
            .with_hint("Choose an empty or new folder, or empty this one yourself."));
        }
    }
    Ok(())
}

/// Why [`Output::begin`] cannot start.
fn begin_error(code: Code, msg: String) -> std::io::Error {
    std::io::Error::other(BeginError(code, msg))
}

#[derive(Debug)]
struct BeginError(Code, String);

impl std::fmt::Display for BeginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.1)
    }
}

impl std::error::Error for BeginError {}

/// A destination that cannot be swapped: a dangling symbolic link (the swap
/// would fail only after the whole build) or a mount point (a mounted
/// folder cannot be renamed).
fn check_swappable(dest: &Path) -> std::io::Result<()> {
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
struct Lock {
    path: PathBuf,
    file: File,
}

impl Lock {
    fn take(path: &Path, dest: &Path) -> std::io::Result<Lock> {
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
fn recover_stale(parent: &Path, name: &str, dest: &Path) {
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

impl Output {
    /// Start writing a site that will replace `dest`. Fails when another
    /// process writes `dest` (its lock is held) or `dest` cannot be swapped.
    pub fn begin(dest: &Path) -> std::io::Result<Output> {
        check_swappable(dest)?;
        let dest = absolute(dest);
        let parent = dest
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent)?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "_site".into());
        let lock = Lock::take(&parent.join(format!(".{name}.tolk-lock")), &dest)?;
        recover_stale(&parent, &name, &dest);
        let tmp = parent.join(format!(".{name}.tolk-tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir_all(&tmp)?;
        std::fs::write(tmp.join(MARKER), MARKER_TEXT)?;
        // check_destination guarantees a non-empty destination is a tolk site.
        let previous = Previous::open(&dest, &tmp.join(MARKER));
        Ok(Output {
            sink: Sink::Disk {
                dest,
                tmp,
                previous,
                written: Mutex::new(Vec::new()),
                _lock: lock,
                full: std::sync::atomic::AtomicBool::new(false),
            },
        })
    }

    /// [`Output::begin`] with its failure as a diagnostic of the right code.
    pub fn begin_checked(dest: &Path) -> Result<Output, Diagnostic> {
        Output::begin(dest).map_err(|e| {
            let code = e
                .get_ref()
                .and_then(|i| i.downcast_ref::<BeginError>())
                .map(|b| b.0)
                .unwrap_or(Code::WriteFailed);
            Diagnostic::error(
                code,
                "",
                0,
                0,
                match code {
                    Code::WriteFailed => format!("Cannot create the output folder: {e}"),
                    _ => format!("{e}."),
                },
            )
        })
    }

    /// Write into memory: every file goes into `files` (nothing touches the disk).
    pub fn memory(files: MemoryFiles) -> Output {
        Output {
            sink: Sink::Memory(files),
        }
    }

    fn check_rel(rel: &str) -> std::io::Result<&Path> {
        let p = Path::new(rel);
        if p.is_absolute() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("refusing to write outside the site: {rel}"),
            ));
        }
        Ok(p)
    }

    /// The checked relative path, the path in the temporary folder (its
    /// folder is created when the file is) and the previous site, if any.
    fn target<'a>(&self, rel: &'a str) -> std::io::Result<(&'a Path, PathBuf, Option<&Previous>)> {
        let p = Self::check_rel(rel)?;
        match &self.sink {
            Sink::Disk {
                tmp,
                previous,
                written,
                ..
            } => {
                written
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(rel.to_string());
                Ok((p, tmp.join(p), previous.as_ref()))
            }
            Sink::Memory(_) => unreachable!("memory output has no target path"),
        }
    }

    fn put(files: &MemoryFiles, rel: &str, bytes: Vec<u8>) {
        files
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), Arc::new(bytes));
    }

    /// Write a file (folders created as needed; carried over from the
    /// previous site when unchanged).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        if let Sink::Memory(files) = &self.sink {
            Self::check_rel(rel)?;
            Self::put(files, rel, bytes.to_vec());
            return Ok(());
        }
        self.unless_full(|| self.write_disk(rel, bytes))
    }

    /// Run a disk write, unless the disk filled up earlier in this build
    /// (then skip it: the site is discarded anyway); note a full disk.
    fn unless_full(&self, op: impl FnOnce() -> std::io::Result<()>) -> std::io::Result<()> {
        use std::sync::atomic::Ordering;
        let Sink::Disk { full, .. } = &self.sink else {
            return op();
        };
        if full.load(Ordering::Relaxed) {
            return Ok(());
        }
        let r = op();
        if let Err(e) = &r {
            if matches!(
                e.kind(),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
            ) {
                full.store(true, Ordering::Relaxed);
                return Err(std::io::Error::new(
                    e.kind(),
                    format!("{e}; the build stops writing (the previous site is kept)"),
                ));
            }
        }
        r
    }

    fn write_disk(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let (rel, path, previous) = self.target(rel)?;
        if let Some(prev) = previous {
            if prev.carry_over(rel, &path, bytes.len() as u64, prev.mode, &mut &bytes[..]) {
                return Ok(());
            }
        }
        let f = create_file(&path)?;
        let mut w = std::io::BufWriter::with_capacity(CHUNK, f);
        w.write_all(bytes)?;
        w.flush()
    }

    /// Copy a source file into the site (with its permissions, as
    /// `std::fs::copy`; carried over from the previous site when unchanged).
    pub fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        if let Sink::Memory(files) = &self.sink {
            Self::check_rel(rel)?;
            Self::put(files, rel, std::fs::read(from).map_err(read_error)?);
            return Ok(());
        }
        self.unless_full(|| self.copy_disk(rel, from))
    }

    fn copy_disk(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        let (rel, path, previous) = self.target(rel)?;
        let mut src = File::open(from).map_err(read_error)?;
        let meta = src.metadata().map_err(read_error)?;
        if !meta.is_file() {
            return Err(read_error(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("not a regular file: {}", from.display()),
            )));
        }
        if let Some(prev) = previous {
            if prev.carry_over(rel, &path, meta.len(), permission_bits(&meta), &mut src) {
                return Ok(());
            }
            // The comparison read part of the source: start again.
            src.seek(std::io::SeekFrom::Start(0))?;
        }
        let mut f = create_file(&path)?;
        std::io::copy(&mut src, &mut f)?;
        f.set_permissions(meta.permissions())
    }

    /// Swap the finished site in place of the destination.
    /// (Memory: nothing to swap; returns an empty path.)
    pub fn commit(self) -> std::io::Result<PathBuf> {
        let (dest, notes) = self.swap()?;
        match notes.into_iter().find(|n| n.code == Code::WriteFailed) {
            Some(n) => Err(std::io::Error::other(n.message)),
            None => Ok(dest),
        }
    }

    /// Swap the finished site in, as the build ends: `Err` when the new site
    /// is not in place; `Ok` with the site's path and warnings (unknown files
    /// of the previous site, an old tree that could not be removed).
    pub fn finish(self) -> Result<(PathBuf, Vec<Diagnostic>), Diagnostic> {
        self.swap().map_err(|e| {
            Diagnostic::error(
                Code::WriteFailed,
                "",
                0,
                0,
                format!("Cannot put the new site in place (the previous site is unchanged): {e}"),
            )
        })
    }

    fn swap(self) -> std::io::Result<(PathBuf, Vec<Diagnostic>)> {
        let Sink::Disk {
            dest,
            tmp,
            written,
            _lock,
            full,
            ..
        } = self.sink
        else {
            return Ok((PathBuf::new(), Vec::new()));
        };
        if full.into_inner() {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "the disk filled up during the build",
            ));
        }
        let mut notes = Vec::new();
        let mut written = written.into_inner().unwrap_or_else(|e| e.into_inner());
        written.sort();
        written.dedup();
        let mut manifest = written.join("\n");
        manifest.push('\n');
        std::fs::write(tmp.join(MANIFEST), manifest)?;
        let had_old = std::fs::symlink_metadata(&dest).is_ok();
        if had_old {
            keep_unknown_files(&dest, &tmp, &written, &mut notes);
        }
        let old = tmp.with_file_name(format!(
            "{}.old",
            tmp.file_name().unwrap_or_default().to_string_lossy()
        ));
        // After the swap, the previous site is at `leftover`.
        let leftover = if !had_old {
            std::fs::rename(&tmp, &dest)?;
            None
        } else if exchange(&tmp, &dest) {
            Some(tmp)
        } else {
            std::fs::rename(&dest, &old)?;
            if let Err(e) = std::fs::rename(&tmp, &dest) {
                let _ = std::fs::rename(&old, &dest);
                return Err(e);
            }
            Some(old)
        };
        if let Some(leftover) = leftover {
            // Only ever a folder holding tolk's marker (checked before the build).
            if let Err(e) = std::fs::remove_dir_all(&leftover) {
                notes.push(Diagnostic::warning(
                    Code::WriteFailed,
                    "",
                    0,
                    0,
                    format!(
                        "The new site is in place, but the previous one could not be removed from '{}': {e}; the next build removes it.",
                        leftover.display()
                    ),
                ));
            }
        }
        Ok((dest, notes))
    }

    /// Throw the unfinished site away; the destination is untouched.
    pub fn abort(self) {
        // (The lock is released when the Output is dropped.)
        if let Sink::Disk { tmp, .. } = self.sink {
            let _ = std::fs::remove_dir_all(&tmp);
        }
    }
}

/// Write one file that is not part of a site (`tolk report --out FILE`):
/// refused when `path` is a file the docset at `source` is built from (a
/// page, a TOC, docfx.json, tolk.yml, a redirection file), symbolic links
/// resolved; written atomically (a temporary file beside it, renamed over
/// it), so an interrupted write never leaves half a file.
pub fn write_file_outside_sources(path: &Path, source: &Path, bytes: &[u8]) -> Result<(), String> {
    let real = absolute(path);
    let src = absolute(source);
    if real.starts_with(&src) && real.is_file() {
        let name = real
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let source_file = [".md", ".markdown", ".yml", ".yaml"]
            .iter()
            .any(|x| name.ends_with(x))
            || name == "docfx.json"
            || name.starts_with(".openpublishing.");
        if source_file {
            return Err(format!(
                "'{}' is a file of the docset; tolk will not write over your docs (choose another --out)",
                path.display()
            ));
        }
    }
    if real.is_dir() {
        return Err(format!("'{}' is a folder", path.display()));
    }
    let parent = real.parent().unwrap_or(Path::new("."));
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.tolk-tmp-{}", std::process::id()));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, &real));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    Ok(())
}

/// A failure to read the source of [`Output::copy`] (not to write the site).
#[derive(Debug)]
struct ReadError(std::io::Error);

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ReadError {}

fn read_error(e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), ReadError(e))
}

/// Whether an error of [`Output::copy`] is a failure to read its source
/// (`file-unreadable`, at the source file) rather than to write the site
/// (`write-failed`).
pub fn is_read_error(e: &std::io::Error) -> bool {
    e.get_ref().is_some_and(|i| i.is::<ReadError>())
}

/// Exchange two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`):
/// at every moment one complete site is at each path. `false` when the
/// system cannot (then nothing changed).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
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
fn exchange(_a: &Path, _b: &Path) -> bool {
    false
}

/// The previous site's manifest (`None`: none, e.g. a site of an older tolk).
fn read_manifest(site: &Path) -> Option<HashSet<String>> {
    let text = std::fs::read_to_string(site.join(MANIFEST)).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

/// Carry the files of the previous site at `dest` that tolk did not write
/// (not in its manifest) into the new site at `tmp` by hard link (folders
/// recreated, symbolic links copied as links), so that they survive the
/// swap; one that the new site also writes is named in a warning instead.
/// The previous site is not changed (a crash loses nothing).
fn keep_unknown_files(dest: &Path, tmp: &Path, written: &[String], notes: &mut Vec<Diagnostic>) {
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
fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
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

/// Permission bits of a file (what `std::fs::copy` gives its copy).
#[cfg(unix)]
fn permission_bits(m: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn permission_bits(_m: &std::fs::Metadata) -> u32 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_destinations() {
        let t = tempfile::tempdir().unwrap();
        let src = t.path().join("docs");
        std::fs::create_dir_all(&src).unwrap();
        assert_eq!(
            check_destination(&src, &src, false).unwrap_err().code,
            "output-is-source"
        );
        assert_eq!(
            check_destination(t.path(), &src, false).unwrap_err().code,
            "output-contains-source"
        );
        assert_eq!(
            check_destination(&src.join("_site"), &src, false)
                .unwrap_err()
                .code,
            "output-inside-source"
        );
        assert!(check_destination(&src.join("_site"), &src, true).is_ok());
        let foreign = t.path().join("foreign");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert_eq!(
            check_destination(&foreign, &src, false).unwrap_err().code,
            "output-not-tolk"
        );
        assert!(check_destination(&t.path().join("new"), &src, false).is_ok());
    }

    #[test]
    fn threads_writing_into_the_same_new_folders_all_succeed() {
        // Two threads may both find a folder missing; the one that loses the
        // race to create it must still write its file.
        let t = tempfile::tempdir().unwrap();
        for round in 0..20 {
            let out = Output::begin(&t.path().join(format!("site{round}"))).unwrap();
            std::thread::scope(|s| {
                for th in 0..4 {
                    let out = &out;
                    s.spawn(move || {
                        for i in 0..8 {
                            let rel = format!("d{}/e{}/f{th}-{i}.html", i % 2, i % 3);
                            out.write(&rel, b"x").unwrap();
                        }
                    });
                }
            });
            out.abort();
        }
    }

    #[test]
    fn commit_replaces_and_abort_keeps_previous_site() {
        let t = tempfile::tempdir().unwrap();
        let dest = t.path().join("site");
        let o = Output::begin(&dest).unwrap();
        o.write("a/b.html", b"one").unwrap();
        assert!(o.write("../evil", b"x").is_err());
        o.commit().unwrap();
        assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"one");
        let o = Output::begin(&dest).unwrap();
        o.write("a/b.html", b"two").unwrap();
        o.abort();
        assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"one");
        let leftovers: Vec<_> = std::fs::read_dir(t.path())
            .unwrap()
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().ends_with(".tolk-lock"))
            .collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[cfg(unix)]
    fn ino(p: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::symlink_metadata(p).unwrap().ino()
    }

    #[cfg(unix)]
    /// A committed site at `t/site` holding `a/b.html` = "same" and `c.html` = "old".
    fn first_site(t: &Path) -> PathBuf {
        let dest = t.join("site");
        let o = Output::begin(&dest).unwrap();
        o.write("a/b.html", b"same").unwrap();
        o.write("c.html", b"old").unwrap();
        o.commit().unwrap();
        dest
    }

    fn tmp_of(o: &Output) -> PathBuf {
        match &o.sink {
            Sink::Disk { tmp, .. } => tmp.clone(),
            Sink::Memory(_) => unreachable!(),
        }
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_file_is_carried_over_by_hard_link() {
        let t = tempfile::tempdir().unwrap();
        let dest = first_site(t.path());
        let before = ino(&dest.join("a/b.html"));
        let mtime = std::fs::metadata(dest.join("a/b.html"))
            .unwrap()
            .modified()
            .unwrap();
        let o = Output::begin(&dest).unwrap();
        o.write("a/b.html", b"same").unwrap();
        o.write("c.html", b"old").unwrap();
        assert_eq!(ino(&tmp_of(&o).join("a/b.html")), before);
        o.commit().unwrap();
        assert_eq!(ino(&dest.join("a/b.html")), before);
        assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"same");
        assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"old");
        let m = std::fs::metadata(dest.join("a/b.html")).unwrap();
        assert_eq!(m.modified().unwrap(), mtime);
        use std::os::unix::fs::MetadataExt;
        assert_eq!(m.nlink(), 1, "the old tree is gone: no file shared");
        let leftovers: Vec<_> = std::fs::read_dir(t.path())
            .unwrap()
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().ends_with(".tolk-lock"))
            .collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn changed_file_is_written_anew_and_previous_untouched_until_commit() {
        let t = tempfile::tempdir().unwrap();
        let dest = first_site(t.path());
        let before = ino(&dest.join("c.html"));
        let o = Output::begin(&dest).unwrap();
        o.write("c.html", b"new").unwrap(); // same length, other bytes
        o.write("a/b.html", b"longer now").unwrap(); // other length
        let tmp = tmp_of(&o);
        assert_ne!(ino(&tmp.join("c.html")), before);
        assert_eq!(std::fs::read(tmp.join("c.html")).unwrap(), b"new");
        assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"old");
        assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"same");
        assert_eq!(ino(&dest.join("c.html")), before);
        o.commit().unwrap();
        assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"new");
        assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"longer now");
    }

    #[cfg(unix)]
    #[test]
    fn abort_after_carry_over_leaves_previous_site_identical() {
        let t = tempfile::tempdir().unwrap();
        let dest = first_site(t.path());
        let before = ino(&dest.join("a/b.html"));
        let o = Output::begin(&dest).unwrap();
        o.write("a/b.html", b"same").unwrap();
        assert_eq!(ino(&tmp_of(&o).join("a/b.html")), before);
        o.write("c.html", b"changed").unwrap();
        o.abort();
        assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"same");
        assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"old");
        assert_eq!(ino(&dest.join("a/b.html")), before);
        use std::os::unix::fs::MetadataExt;
        assert_eq!(std::fs::metadata(dest.join("a/b.html")).unwrap().nlink(), 1);
        let leftovers: Vec<_> = std::fs::read_dir(t.path())
            .unwrap()
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().ends_with(".tolk-lock"))
            .collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn second_write_of_a_carried_over_path_leaves_previous_site_alone() {
        let t = tempfile::tempdir().unwrap();
        let dest = first_site(t.path());
        let src = t.path().join("src.bin");
        std::fs::write(&src, b"copied").unwrap();
        let o = Output::begin(&dest).unwrap();
        let tmp = tmp_of(&o);
        o.write("a/b.html", b"same").unwrap(); // carried over (linked)
        o.write("a/b.html", b"same").unwrap(); // linked again
        assert_eq!(ino(&tmp.join("a/b.html")), ino(&dest.join("a/b.html")));
        o.write("a/b.html", b"other").unwrap(); // must not truncate the old inode
        assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"same");
        assert_eq!(std::fs::read(tmp.join("a/b.html")).unwrap(), b"other");
        o.write("c.html", b"old").unwrap(); // carried over
        o.copy("c.html", &src).unwrap(); // then replaced by a copy
        assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"old");
        assert_eq!(std::fs::read(tmp.join("c.html")).unwrap(), b"copied");
        o.abort();
        assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"same");
        assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn copies_are_carried_over_when_equal() {
        let t = tempfile::tempdir().unwrap();
        let dest = t.path().join("site");
        // Larger than a comparison chunk, differing only near the end.
        let mut big: Vec<u8> = (0..3 * CHUNK + 17).map(|i| (i % 251) as u8).collect();
        let src = t.path().join("big.png");
        std::fs::write(&src, &big).unwrap();
        let o = Output::begin(&dest).unwrap();
        o.copy("_res/big.png", &src).unwrap();
        o.commit().unwrap();
        let before = ino(&dest.join("_res/big.png"));
        let o = Output::begin(&dest).unwrap();
        o.copy("_res/big.png", &src).unwrap();
        o.commit().unwrap();
        assert_eq!(ino(&dest.join("_res/big.png")), before);
        assert_eq!(std::fs::read(dest.join("_res/big.png")).unwrap(), big);
        let n = big.len();
        big[n - 2] ^= 1;
        std::fs::write(&src, &big).unwrap();
        let o = Output::begin(&dest).unwrap();
        o.copy("_res/big.png", &src).unwrap();
        assert_eq!(
            std::fs::read(dest.join("_res/big.png")).unwrap()[n - 2],
            big[n - 2] ^ 1
        );
        o.commit().unwrap();
        assert_ne!(ino(&dest.join("_res/big.png")), before);
        assert_eq!(std::fs::read(dest.join("_res/big.png")).unwrap(), big);
    }

    #[cfg(unix)]
    #[test]
    fn no_carry_over_through_symlinks_or_other_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let t = tempfile::tempdir().unwrap();
        let dest = first_site(t.path());
        let outside = t.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("x.html"), b"same").unwrap();
        std::os::unix::fs::symlink(outside.join("x.html"), dest.join("x.html")).unwrap();
        std::os::unix::fs::symlink(&outside, dest.join("d")).unwrap();
        std::fs::set_permissions(dest.join("c.html"), std::fs::Permissions::from_mode(0o600))
            .unwrap();
        let c = ino(&dest.join("c.html"));
        let o = Output::begin(&dest).unwrap();
        let tmp = tmp_of(&o);
        o.write("x.html", b"same").unwrap();
        o.write("d/x.html", b"same").unwrap();
        o.write("c.html", b"old").unwrap();
        assert_ne!(ino(&tmp.join("x.html")), ino(&outside.join("x.html")));
        assert_ne!(ino(&tmp.join("d/x.html")), ino(&outside.join("x.html")));
        assert_ne!(ino(&tmp.join("c.html")), c);
        o.commit().unwrap();
        assert!(!std::fs::symlink_metadata(dest.join("x.html"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(outside.join("x.html")).unwrap(), b"same");
    }

    #[test]
    fn a_full_disk_stops_writing_after_one_error_and_never_swaps_in() {
        let t = tempfile::tempdir().unwrap();
        let dest = t.path().join("site");
        let o = Output::begin(&dest).unwrap();
        o.write("a.html", b"one").unwrap();
        let full = o.unless_full(|| {
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "No space left on device",
            ))
        });
        assert!(full.unwrap_err().to_string().contains("stops writing"));
        // Later writes are skipped, not reported one by one.
        o.write("b.html", b"two").unwrap();
        assert!(!tmp_of(&o).join("b.html").exists());
        assert!(o.commit().is_err());
        assert!(!dest.exists(), "a partial site is never swapped in");
    }

    #[test]
    fn unknown_files_clashing_with_the_new_site_are_named() {
        let t = tempfile::tempdir().unwrap();
        let dest = t.path().join("site");
        let o = Output::begin(&dest).unwrap();
        o.write("index.html", b"one").unwrap();
        o.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join(MANIFEST)).unwrap(),
            "index.html\n"
        );
        std::fs::write(dest.join("CNAME"), "x").unwrap();
        std::fs::write(dest.join("robots.txt"), "mine").unwrap();
        let o = Output::begin(&dest).unwrap();
        o.write("index.html", b"two").unwrap();
        o.write("robots.txt", b"tolk's").unwrap();
        let (_, notes) = o.finish().unwrap();
        let msgs: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].starts_with("Kept 1") && msgs[0].contains("CNAME"));
        assert!(msgs[1].contains("robots.txt"));
        assert_eq!(std::fs::read_to_string(dest.join("CNAME")).unwrap(), "x");
        assert_eq!(
            std::fs::read_to_string(dest.join("robots.txt")).unwrap(),
            "tolk's"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_swap_exchanges_both_folders_in_one_step() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("x"), "a").unwrap();
        std::fs::write(b.join("x"), "b").unwrap();
        assert!(exchange(&a, &b));
        assert_eq!(std::fs::read_to_string(a.join("x")).unwrap(), "b");
        assert_eq!(std::fs::read_to_string(b.join("x")).unwrap(), "a");
        assert!(!exchange(&a, &t.path().join("missing")));
    }

    #[test]
    fn copy_errors_tell_reading_the_source_from_writing_the_site() {
        let t = tempfile::tempdir().unwrap();
        let o = Output::begin(&t.path().join("site")).unwrap();
        let e = o
            .copy("_res/a.png", &t.path().join("missing.png"))
            .unwrap_err();
        assert!(is_read_error(&e), "{e}");
        let e = o
            .copy("../evil.png", &t.path().join("missing.png"))
            .unwrap_err();
        assert!(!is_read_error(&e), "{e}");
        o.abort();
        let m = Output::memory(MemoryFiles::default());
        let e = m
            .copy("_res/a.png", &t.path().join("missing.png"))
            .unwrap_err();
        assert!(is_read_error(&e), "{e}");
    }

    #[test]
    fn a_report_never_overwrites_a_source_file_and_is_written_whole() {
        let t = tempfile::tempdir().unwrap();
        let src = t.path().join("docs");
        std::fs::create_dir_all(&src).unwrap();
        for f in ["page.md", "docfx.json", "toc.yml"] {
            std::fs::write(src.join(f), "mine").unwrap();
            assert!(write_file_outside_sources(&src.join(f), &src, b"report").is_err());
            assert_eq!(std::fs::read_to_string(src.join(f)).unwrap(), "mine");
        }
        #[cfg(unix)]
        {
            let link = t.path().join("link.html");
            std::os::unix::fs::symlink(src.join("page.md"), &link).unwrap();
            assert!(write_file_outside_sources(&link, &src, b"report").is_err());
        }
        let out = t.path().join("_report.html");
        write_file_outside_sources(&out, &src, b"one").unwrap();
        write_file_outside_sources(&out, &src, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(t.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 3, "no temporary file left: {names:?}");
    }

    #[test]
    fn memory_output_touches_no_disk() {
        let files = MemoryFiles::default();
        let o = Output::memory(files.clone());
        o.write("a/b.html", b"one").unwrap();
        assert!(o.write("../evil", b"x").is_err());
        assert!(o.write("/etc/x", b"x").is_err());
        assert_eq!(files.read().unwrap()["a/b.html"].as_slice(), b"one");
        assert_eq!(files.read().unwrap().len(), 1);
    }
}
