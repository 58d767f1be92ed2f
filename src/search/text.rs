//! Page texts waiting to be indexed: shared between variants, kept in
//! memory or spilled to an anonymous temporary file.

use super::analyze::snippet;
use std::borrow::Cow;
use std::sync::{Arc, Mutex};

/// The article text of a search document and its snippet. Cloning shares
/// it; variants that share one are analysed once. The text stays in memory,
/// or, with a [`TextSpill`], waits in a temporary file until the index is
/// built, so a large docset's texts do not pile up in memory while its pages
/// render.
#[derive(Debug, Clone)]
pub struct SearchText(pub(super) Arc<TextInner>);

#[derive(Debug)]
pub(super) struct TextInner {
    pub(super) snippet: String,
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
        SearchText(Arc::new(TextInner {
            snippet: snippet(text),
            body,
        }))
    }

    /// The text (read back from the spill file if it was spilled; should
    /// that fail, the snippet stands in for it).
    pub(crate) fn read(&self) -> Cow<'_, str> {
        match &self.0.body {
            TextBody::Inline(t) => Cow::Borrowed(t),
            TextBody::Spilled { spill, offset, len } => match spill.get(*offset, *len) {
                Ok(t) => Cow::Owned(t),
                Err(_) => Cow::Borrowed(&self.0.snippet),
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
#[derive(Debug)]
pub struct TextSpill {
    pub(super) file: Mutex<SpillFile>,
}

#[derive(Debug)]
pub(super) struct SpillFile {
    pub(super) writer: std::io::BufWriter<std::fs::File>,
    pub(super) len: u64,
}

impl TextSpill {
    pub fn new() -> std::io::Result<Arc<TextSpill>> {
        Ok(Arc::new(TextSpill {
            file: Mutex::new(SpillFile {
                writer: std::io::BufWriter::with_capacity(256 * 1024, tempfile::tempfile()?),
                len: 0,
            }),
        }))
    }

    pub(super) fn put(&self, text: &str) -> std::io::Result<(u64, u32)> {
        use std::io::Write;
        let len = u32::try_from(text.len()).map_err(std::io::Error::other)?;
        let mut f = self.file.lock().unwrap_or_else(|e| e.into_inner());
        f.writer.write_all(text.as_bytes())?;
        let offset = f.len;
        f.len += u64::from(len);
        Ok((offset, len))
    }

    pub(super) fn get(&self, offset: u64, len: u32) -> std::io::Result<String> {
        use std::io::{Read, Seek, SeekFrom, Write};
        let mut f = self.file.lock().unwrap_or_else(|e| e.into_inner());
        f.writer.flush()?;
        let mut buf = vec![0; len as usize];
        let file = f.writer.get_mut();
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(&mut buf)?;
        file.seek(SeekFrom::End(0))?;
        String::from_utf8(buf).map_err(std::io::Error::other)
    }
}
