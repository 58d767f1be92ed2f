//! Page texts waiting to be indexed: shared between variants, kept in
//! memory or spilled to an anonymous temporary file.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};

/// The article text of a search document. Cloning shares
/// it; variants that share one are analysed once. The text stays in memory,
/// or, with a [`TextSpill`], waits in a temporary file until the index is
/// built, so a large docset's texts do not pile up in memory while its pages
/// render.
#[derive(Debug, Clone)]
pub struct SearchText(pub(super) Arc<TextInner>);

#[derive(Debug)]
pub(super) struct TextInner {
    pub(super) body: TextBody,
}

#[derive(Debug)]
pub(super) enum TextBody {
    Inline(String),
    Spilled {
        spill: Arc<TextSpill>,
        offset: u64,
        len: u32,
    },
}

impl SearchText {
    /// `text`, spilled when `spill` is given (kept in memory should the
    /// temporary file fail).
    pub fn new(text: &str, spill: Option<&Arc<TextSpill>>) -> SearchText {
        let body = match spill.map(|s| (s, s.put(text))) {
            Some((s, Ok((offset, len)))) => TextBody::Spilled {
                spill: s.clone(),
                offset,
                len,
            },
            _ => TextBody::Inline(text.to_string()),
        };
        SearchText(Arc::new(TextInner { body }))
    }

    /// The text (read back from the spill file if it was spilled; should
    /// that fail, the page is indexed by its title and breadcrumb only).
    pub(crate) fn read(&self) -> Cow<'_, str> {
        match &self.0.body {
            TextBody::Inline(t) => Cow::Borrowed(t),
            TextBody::Spilled { spill, offset, len } => match spill.get(*offset, *len) {
                Ok(t) => Cow::Owned(t),
                Err(_) => {
                    spill
                        .lost
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    Cow::Borrowed("")
                }
            },
        }
    }

    /// Identity of the shared text.
    pub(super) fn key(&self) -> *const TextInner {
        Arc::as_ptr(&self.0)
    }
}

impl From<&str> for SearchText {
    fn from(text: &str) -> SearchText {
        SearchText::new(text, None)
    }
}

impl From<String> for SearchText {
    fn from(text: String) -> SearchText {
        SearchText::new(&text, None)
    }
}

/// An anonymous temporary file (removed by the system when closed, even if
/// tolk is killed) that holds search texts between rendering and indexing.
/// Once a write fails (a full `TMPDIR`, say) the file takes no more texts
/// (they stay in memory); texts it took are read back from the file or from
/// its write buffer, so a write failure loses none of them.
#[derive(Debug)]
pub struct TextSpill {
    pub(super) file: Mutex<SpillFile>,
    /// Texts that could not be read back (the page is then indexed by its title and breadcrumb only).
    lost: std::sync::atomic::AtomicUsize,
}

#[derive(Debug)]
pub(super) struct SpillFile {
    pub(super) writer: std::io::BufWriter<std::fs::File>,
    /// Bytes of the texts taken: in the file, then in the writer's buffer.
    pub(super) len: u64,
    /// A write failed: the file takes no more texts.
    failed: bool,
}

impl TextSpill {
    pub fn new() -> std::io::Result<Arc<TextSpill>> {
        Ok(TextSpill::in_file(tempfile::tempfile()?))
    }

    fn in_file(file: std::fs::File) -> Arc<TextSpill> {
        Arc::new(TextSpill {
            file: Mutex::new(SpillFile {
                writer: std::io::BufWriter::with_capacity(256 * 1024, file),
                len: 0,
                failed: false,
            }),
            lost: Default::default(),
        })
    }

    /// Texts that could not be read back from the file (none unless it
    /// failed to read): their pages are indexed by title and breadcrumb only.
    pub fn lost(&self) -> usize {
        self.lost.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub(super) fn put(&self, text: &str) -> std::io::Result<(u64, u32)> {
        use std::io::Write;
        let len = u32::try_from(text.len()).map_err(std::io::Error::other)?;
        let mut f = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if f.failed {
            return Err(std::io::Error::other("the spill file failed earlier"));
        }
        // A failed write leaves what it could not write in the buffer (or,
        // for a text larger than the buffer, part of it in the file beyond
        // `len`): the texts taken so far stay where `get` finds them.
        if let Err(e) = f.writer.write_all(text.as_bytes()) {
            f.failed = true;
            return Err(e);
        }
        let offset = f.len;
        f.len += u64::from(len);
        Ok((offset, len))
    }

    pub(super) fn get(&self, offset: u64, len: u32) -> std::io::Result<String> {
        let mut f = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let end = offset + u64::from(len);
        if end > f.len {
            return Err(std::io::Error::other("beyond the spilled texts"));
        }
        let mut buf = vec![0; len as usize];
        // Bytes before `in_file` reached the file; the rest wait in the buffer.
        let buffered = f.writer.buffer();
        let in_file = f.len - buffered.len() as u64;
        if end > in_file {
            let from = offset.max(in_file);
            buf[(from - offset) as usize..]
                .copy_from_slice(&buffered[(from - in_file) as usize..(end - in_file) as usize]);
        }
        if offset < in_file {
            let n = (end.min(in_file) - offset) as usize;
            read_at(f.writer.get_mut(), &mut buf[..n], offset)?;
        }
        String::from_utf8(buf).map_err(std::io::Error::other)
    }
}

#[cfg(unix)]
fn read_at(file: &mut std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(file: &mut std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(offset))?;
    let r = file.read_exact(buf);
    file.seek(SeekFrom::End(0))?;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spill on a device where every write fails (a full disk): texts
    /// taken before the failure are read back whole from the write buffer,
    /// later ones stay in memory; none is lost.
    #[test]
    fn spill_on_a_full_disk_loses_no_search_text() {
        let Ok(full) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/full")
        else {
            eprintln!("skipped: no /dev/full on this system");
            return;
        };
        let spill = TextSpill::in_file(full);
        let texts: Vec<String> = (0..700)
            .map(|i| format!("pagina {i} ").repeat(100))
            .collect();
        let stored: Vec<SearchText> = texts
            .iter()
            .map(|t| SearchText::new(t, Some(&spill)))
            .collect();
        assert!(
            stored
                .iter()
                .any(|s| matches!(s.0.body, TextBody::Spilled { .. })),
            "some texts were taken before the write failed"
        );
        for (text, s) in texts.iter().zip(&stored) {
            assert_eq!(&*s.read(), text.as_str());
        }
        assert_eq!(spill.lost(), 0);
    }

    /// Texts that reached the file and texts still in the buffer read back.
    #[test]
    fn spilled_texts_read_back_from_file_and_buffer() {
        let spill = TextSpill::new().unwrap();
        let texts: Vec<String> = (0..400).map(|i| format!("tekst {i} ").repeat(90)).collect();
        let stored: Vec<SearchText> = texts
            .iter()
            .map(|t| SearchText::new(t, Some(&spill)))
            .collect();
        for (text, s) in texts.iter().zip(&stored).rev() {
            assert_eq!(&*s.read(), text.as_str());
        }
        assert_eq!(spill.lost(), 0);
    }
}
