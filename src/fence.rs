//! Fenced code blocks, followed line by line: the one fence tracker of the
//! crate, used wherever raw Markdown lines are read before parsing (span
//! pair statistics, moniker blocks, includes, DocFX block syntax), so that
//! all of them agree on which lines are code.
//!
//! Rules (CommonMark §4.5, as DocFX's Markdig applies them), read one line
//! at a time without building the container tree:
//!
//! * A fence line starts, after any spaces, tabs and `>` quote markers and
//!   at most one list marker (`-`, `*`, `+`, or 1–9 digits and `.`/`)`,
//!   followed by a space or tab), with a run of at least three backticks or
//!   three tildes.
//! * It opens a block, except that a backtick run whose rest of line holds
//!   another backtick is inline code (```` ```x``` ````), not a fence.
//! * It closes the open block when it uses the opening character, is at
//!   least as long, and is followed by nothing but whitespace.
//! * A block left open runs to the end of the text. Any indentation is
//!   accepted (list items nest their fences), which keeps the tracker
//!   lenient where real docsets indent fences inconsistently.

/// What a line is with respect to fenced code blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FenceLine {
    /// An opening or closing fence.
    Fence,
    /// Inside a fenced code block: literal text, no Markdown or DocFX syntax.
    Code,
    /// Ordinary text.
    Text,
}

/// Follows fenced code blocks line by line; see the module documentation.
#[derive(Debug, Default, Clone)]
pub struct FenceTracker {
    /// The open fence: its character and run length.
    open: Option<(u8, usize)>,
}

impl FenceTracker {
    /// Classify `line` (without its line break) and move past it.
    pub fn line(&mut self, line: &str) -> FenceLine {
        let run = fence_run(line);
        match (self.open, run) {
            (None, Some((ch, len, rest))) if !(ch == b'`' && rest.contains('`')) => {
                self.open = Some((ch, len));
                FenceLine::Fence
            }
            (None, _) => FenceLine::Text,
            (Some((oc, ol)), Some((ch, len, rest)))
                if ch == oc && len >= ol && rest.trim().is_empty() =>
            {
                self.open = None;
                FenceLine::Fence
            }
            (Some(_), _) => FenceLine::Code,
        }
    }

    /// Whether a fenced block is open (the next line is code unless it closes it).
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Close the open block, if any (a container around it ended).
    pub fn close(&mut self) {
        self.open = None;
    }
}

/// The fence run at the start of `line` (after quote and list markers):
/// its character, length and the rest of the line.
fn fence_run(line: &str) -> Option<(u8, usize, &str)> {
    let b = line.as_bytes();
    let mut i = b.iter().position(|c| !matches!(c, b' ' | b'\t' | b'>'))?;
    if !matches!(b[i], b'`' | b'~') {
        i = after_list_marker(b, i)?;
    }
    let ch = b[i];
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = b[i..].iter().take_while(|&&c| c == ch).count();
    (len >= 3).then(|| (ch, len, &line[i + len..]))
}

/// Index after a list marker at `i` and the spaces that follow it.
fn after_list_marker(b: &[u8], i: usize) -> Option<usize> {
    let end = match b[i] {
        b'-' | b'*' | b'+' => i + 1,
        b'0'..=b'9' => {
            let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 || !matches!(b.get(i + digits), Some(b'.' | b')')) {
                return None;
            }
            i + digits + 1
        }
        _ => return None,
    };
    let spaces = b[end..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    (spaces > 0 && end + spaces < b.len()).then_some(end + spaces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(text: &str) -> Vec<FenceLine> {
        let mut t = FenceTracker::default();
        text.split('\n').map(|l| t.line(l)).collect()
    }

    use FenceLine::{Code, Fence, Text};

    #[test]
    fn backtick_and_tilde_fences_open_and_close() {
        assert_eq!(
            classes("a\n```js\n::: x\n```\nb"),
            [Text, Fence, Code, Fence, Text]
        );
        assert_eq!(classes("~~~\n```\n~~~"), [Fence, Code, Fence]);
    }

    #[test]
    fn closing_needs_the_same_char_at_least_as_long_and_nothing_after() {
        assert_eq!(
            classes("````\n```\n~~~~\n```` x\n`````  "),
            [Fence, Code, Code, Code, Fence]
        );
    }

    #[test]
    fn backticks_in_the_info_string_make_inline_code() {
        assert_eq!(
            classes("```defaults write x```\n- ```y```\ntext"),
            [Text, Text, Text]
        );
        // Tildes may have backticks in their info string.
        assert_eq!(classes("~~~ a`b\nx\n~~~"), [Fence, Code, Fence]);
    }

    #[test]
    fn quotes_indentation_and_list_markers() {
        assert_eq!(classes("> ```\n> x\n>     ```"), [Fence, Code, Fence]);
        assert_eq!(
            classes("- ```ps\n  Get-X\n  ```\n12. ~~~\n~~~"),
            [Fence, Code, Fence, Fence, Fence]
        );
        assert_eq!(
            classes("-```\n1234567890. ```\n--- ```"),
            [Text, Text, Text]
        );
        assert_eq!(classes("``\n`\n- \n"), [Text, Text, Text, Text]);
    }

    #[test]
    fn an_open_block_runs_to_the_end_unless_closed() {
        let mut t = FenceTracker::default();
        assert_eq!(t.line("```"), Fence);
        assert!(t.is_open());
        assert_eq!(t.line("::: moniker-end"), Code);
        t.close();
        assert!(!t.is_open());
        assert_eq!(t.line("text"), Text);
    }
}
