//! Where a composed line came from: shared by `resolve` and the passes it
//! calls (cross references), so they need not import the composer.

/// Where a composed line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineOrigin {
    /// Index into [`Composed::files`].
    pub file: u32,
    /// 1-based line in that file (front matter counted).
    pub line: u32,
}
