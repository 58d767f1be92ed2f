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

mod swap;

use swap::{
    check_swappable, exchange, keep_unknown_files, recover_stale, remove_tree, BeginError, Lock,
};

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
        /// The identity of each file written, as it was once written
        /// (what the build cache checks a file of the previous site by).
        stamps: Mutex<HashMap<String, Stamp>>,
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

/// The identity of a file of a site: device, inode, size and modification
/// time. A file of the previous site whose stamp is the one recorded when
/// tolk wrote it still holds what tolk wrote (tolk never writes into an
/// existing file; anything else changing it changes its stamp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub dev: u64,
    pub ino: u64,
    pub len: u64,
    pub mtime_ns: i64,
}

impl Stamp {
    #[cfg(unix)]
    fn of(m: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        m.file_type().is_file().then(|| Stamp {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            mtime_ns: m
                .mtime()
                .saturating_mul(1_000_000_000)
                .saturating_add(m.mtime_nsec()),
        })
    }

    #[cfg(not(unix))]
    fn of(_m: &std::fs::Metadata) -> Option<Stamp> {
        None
    }
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

    /// Link the previous site's file for `rel` to `to` when it is the file
    /// of stamp `stamp` (no comparison of content: the stamp vouches for it).
    /// (The link is checked, not the file before it: what was linked is
    /// what is judged, whatever happened to the path in between.) Returns
    /// the link's metadata when it did.
    #[cfg(unix)]
    fn carry_stamped(&self, rel: &Path, to: &Path, stamp: &Stamp) -> Option<std::fs::Metadata> {
        use std::os::unix::fs::MetadataExt;
        if !self.real_parent(rel) {
            return None;
        }
        let from = self.root.join(rel);
        if create_anew(to, || std::fs::hard_link(&from, to)).is_err() {
            return None;
        }
        let linked = std::fs::symlink_metadata(to).ok().filter(|m| {
            Stamp::of(m).as_ref() == Some(stamp)
                && m.uid() == self.uid
                && m.gid() == self.gid
                && m.mode() & 0o7777 == self.mode
        });
        if linked.is_none() {
            let _ = std::fs::remove_file(to);
        }
        linked
    }

    #[cfg(not(unix))]
    fn carry_stamped(&self, _rel: &Path, _to: &Path, _stamp: &Stamp) -> Option<std::fs::Metadata> {
        None
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
    // Before anything is read: a mount point or a dangling link would fail
    // only as the finished site is swapped in.
    if let Err(e) = check_swappable(dest) {
        return Err(Diagnostic::error(
            Code::OutputNotSwappable,
            "",
            0,
            0,
            format!("{e}."),
        ));
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
                stamps: Mutex::new(HashMap::new()),
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
        let site_rel = rel;
        let (rel, path, previous) = self.target(rel)?;
        if let Some(prev) = previous {
            if prev.carry_over(rel, &path, bytes.len() as u64, prev.mode, &mut &bytes[..]) {
                self.record_stamp(site_rel, std::fs::symlink_metadata(&path).ok());
                return Ok(());
            }
        }
        // The whole file is in memory: written as it is (a buffer in between
        // only added a 64 KiB allocation and a copy per file).
        let mut f = create_file(&path)?;
        f.write_all(bytes)?;
        self.record_stamp(site_rel, f.metadata().ok());
        Ok(())
    }

    /// Note the stamp of a file just written (or carried over).
    fn record_stamp(&self, rel: &str, meta: Option<std::fs::Metadata>) {
        let Sink::Disk { stamps, .. } = &self.sink else {
            return;
        };
        let mut stamps = stamps.lock().unwrap_or_else(|e| e.into_inner());
        match meta.as_ref().and_then(Stamp::of) {
            Some(s) => stamps.insert(rel.to_string(), s),
            None => stamps.remove(rel),
        };
    }

    /// The stamp of every file written so far, by site path.
    pub fn stamps(&self) -> HashMap<String, Stamp> {
        match &self.sink {
            Sink::Disk { stamps, .. } => stamps.lock().unwrap_or_else(|e| e.into_inner()).clone(),
            Sink::Memory(_) => HashMap::new(),
        }
    }

    /// The folder of the site this build replaces, if it is a tolk site.
    pub fn previous_site(&self) -> Option<&Path> {
        match &self.sink {
            Sink::Disk { previous, .. } => previous.as_ref().map(|p| p.root.as_path()),
            Sink::Memory(_) => None,
        }
    }

    /// The build cache of the destination: `.NAME.tolk-cache` beside it
    /// (as its lock), outside the site, so it is never deployed with it.
    pub fn cache_file(&self) -> Option<PathBuf> {
        match &self.sink {
            Sink::Disk { tmp, .. } => {
                let name = tmp.file_name()?.to_string_lossy();
                let (site, _) = name.rsplit_once(".tolk-tmp-")?;
                Some(tmp.with_file_name(format!("{site}.tolk-cache")))
            }
            Sink::Memory(_) => None,
        }
    }

    /// Put the previous site's file `rel` into the new site as it is, when
    /// its stamp is `stamp` (what this file was when tolk wrote it). Returns
    /// whether it did; when not, the caller writes the file.
    pub fn carry_stamped(&self, rel: &str, stamp: &Stamp) -> bool {
        let Sink::Disk {
            previous: Some(prev),
            tmp,
            written,
            ..
        } = &self.sink
        else {
            return false;
        };
        let Ok(p) = Self::check_rel(rel) else {
            return false;
        };
        let Some(linked) = prev.carry_stamped(p, &tmp.join(p), stamp) else {
            return false;
        };
        written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
        // The link's metadata, read once to check it.
        self.record_stamp(rel, Some(linked));
        true
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
        let site_rel = rel.to_string();
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
                self.record_stamp(&site_rel, std::fs::symlink_metadata(&path).ok());
                return Ok(());
            }
            // The comparison read part of the source: start again.
            src.seek(std::io::SeekFrom::Start(0))?;
        }
        let mut f = create_file(&path)?;
        std::io::copy(&mut src, &mut f)?;
        f.set_permissions(meta.permissions())?;
        self.record_stamp(&site_rel, f.metadata().ok());
        Ok(())
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
            if let Err(e) = remove_tree(&leftover) {
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
mod tests;
