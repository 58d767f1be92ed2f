//! Safe output: the site is written into a private temporary folder beside
//! the destination and swapped in only when the build succeeds, so a failed
//! build leaves the previous site as it was. Refuses destinations that are
//! the source, contain it or (unless excluded from content) lie inside it,
//! and non-empty folders tolk did not create (recognised by a marker file).

use crate::diagnostics::Diagnostic;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Name of the file that marks a folder as a tolk site.
pub const MARKER: &str = ".tolk-site";
const MARKER_TEXT: &str = "This folder was written by tolk. tolk replaces it on every build.\n";

/// Files of a site held in memory (`tolk serve`): site path → bytes.
pub type MemoryFiles = Arc<RwLock<HashMap<String, Arc<Vec<u8>>>>>;

/// A site being written: to disk (a temporary folder swapped in on
/// success), or into memory for `tolk serve`.
pub struct Output {
    sink: Sink,
}

enum Sink {
    Disk { dest: PathBuf, tmp: PathBuf },
    Memory(MemoryFiles),
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
            "output-is-source",
            "",
            0,
            0,
            format!("The output folder '{shown}' is the source folder; tolk will not write over your docs."),
        )
        .with_hint("Choose another folder with --out, e.g. --out _site."));
    }
    if s.starts_with(&d) {
        return Err(Diagnostic::error(
            "output-contains-source",
            "",
            0,
            0,
            format!("The output folder '{shown}' contains the source folder; replacing it would delete your docs."),
        )
        .with_hint("Choose an output folder beside the source, not above it."));
    }
    if d.starts_with(&s) && !inside_ok {
        return Err(Diagnostic::error(
            "output-inside-source",
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
                "output-not-a-folder",
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
                "output-not-tolk",
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
    /// Start writing a site that will replace `dest`.
    pub fn begin(dest: &Path) -> std::io::Result<Output> {
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
        let tmp = parent.join(format!(".{name}.tolk-tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir_all(&tmp)?;
        std::fs::write(tmp.join(MARKER), MARKER_TEXT)?;
        Ok(Output {
            sink: Sink::Disk { dest, tmp },
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

    fn target(&self, rel: &str) -> std::io::Result<PathBuf> {
        let p = Self::check_rel(rel)?;
        match &self.sink {
            Sink::Disk { tmp, .. } => Ok(tmp.join(p)),
            Sink::Memory(_) => unreachable!("memory output has no target path"),
        }
    }

    fn put(files: &MemoryFiles, rel: &str, bytes: Vec<u8>) {
        files
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), Arc::new(bytes));
    }

    /// Write a file (folders created as needed).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        if let Sink::Memory(files) = &self.sink {
            Self::check_rel(rel)?;
            Self::put(files, rel, bytes.to_vec());
            return Ok(());
        }
        let path = self.target(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let f = std::fs::File::create(&path)?;
        let mut w = std::io::BufWriter::with_capacity(64 * 1024, f);
        w.write_all(bytes)?;
        w.flush()
    }

    /// Copy a source file into the site.
    pub fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        if let Sink::Memory(files) = &self.sink {
            Self::check_rel(rel)?;
            Self::put(files, rel, std::fs::read(from)?);
            return Ok(());
        }
        let path = self.target(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, &path).map(|_| ())
    }

    /// Swap the finished site in place of the destination.
    /// (Memory: nothing to swap; returns an empty path.)
    pub fn commit(self) -> std::io::Result<PathBuf> {
        let Sink::Disk { dest, tmp } = self.sink else {
            return Ok(PathBuf::new());
        };
        let old = tmp.with_file_name(format!(
            "{}.old",
            tmp.file_name().unwrap_or_default().to_string_lossy()
        ));
        let had_old = dest.exists();
        if had_old {
            std::fs::rename(&dest, &old)?;
        }
        if let Err(e) = std::fs::rename(&tmp, &dest) {
            if had_old {
                let _ = std::fs::rename(&old, &dest);
            }
            return Err(e);
        }
        if had_old {
            // Only ever a folder holding tolk's marker (checked before the build).
            std::fs::remove_dir_all(&old)?;
        }
        Ok(dest)
    }

    /// Throw the unfinished site away; the destination is untouched.
    pub fn abort(self) {
        if let Sink::Disk { tmp, .. } = self.sink {
            let _ = std::fs::remove_dir_all(&tmp);
        }
    }
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
        let leftovers: Vec<_> = std::fs::read_dir(t.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1);
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
