//! File bytes as text: UTF-8 decoding with a located error (file, line,
//! column) for NUL bytes and invalid sequences. Shared by every reader of
//! the docset's files (pages, configuration, the redirection file), so it
//! stands below all of them.

use crate::diagnostics::{Code, Diagnostic};

/// Decode bytes as UTF-8 (BOM dropped); NUL bytes or invalid UTF-8 give a located error.
pub fn decode_utf8(rel: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let locate = |pos: usize, bytes: &[u8]| {
        let before = &bytes[..pos];
        let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let col = String::from_utf8_lossy(&bytes[line_start..pos])
            .chars()
            .count() as u32
            + 1;
        (line, col)
    };
    if let Some(pos) = memchr::memchr(0, &bytes) {
        let (line, col) = locate(pos, &bytes);
        return Err(Diagnostic::error(
            Code::FileNotText,
            rel,
            line,
            col,
            "This file holds a NUL byte: it is binary, not text.",
        )
        .with_hint("Save it as UTF-8 text (or rename it if it is not meant to be read as text)."));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let pos = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let (line, col) = locate(pos, &bytes);
            Err(Diagnostic::error(
                Code::FileNotUtf8,
                rel,
                line,
                col,
                format!("Invalid UTF-8 (byte 0x{:02X}).", bytes[pos]),
            )
            .with_hint("Save the file as UTF-8."))
        }
    }
}
