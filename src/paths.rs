//! Docset-relative path arithmetic shared by includes, links and output:
//! joining, normalizing (refusing to leave the root), and relative URLs.

/// Folder of a docset-relative file path ("a/b/c.md" → "a/b", "c.md" → "").
pub fn dir_of(rel: &str) -> &str {
    match rel.rfind('/') {
        Some(i) => &rel[..i],
        None => "",
    }
}

/// True for URLs that tolk must keep as written: with a scheme (`https:`,
/// `mailto:`), protocol-relative, or site-absolute (`/x`).
pub fn is_external(url: &str) -> bool {
    if url.starts_with('/') || url.starts_with("\\\\") {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && !url.starts_with("~")
                // "C:\x" style Windows paths are not URLs but local file paths.
                && scheme.len() > 1
        }
        None => false,
    }
}

/// Split `path#anchor` / `path?query#anchor` into (path, query+anchor suffix, anchor).
pub fn split_url(url: &str) -> (&str, &str, Option<&str>) {
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    let (path, rest) = url.split_at(cut);
    let anchor = rest.find('#').map(|i| &rest[i + 1..]);
    (path, rest, anchor)
}

/// Decode `%20`-style escapes (invalid sequences are kept as written).
pub fn percent_decode(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('%') {
        return std::borrow::Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => std::borrow::Cow::Owned(s),
        Err(_) => std::borrow::Cow::Borrowed(s),
    }
}

/// Resolve `target` (relative to folder `base`, or `~/`-rooted) to a
/// normalized docset-relative path. `None` when it leaves the docset root.
pub fn resolve(base: &str, target: &str) -> Option<String> {
    let target = target.replace('\\', "/");
    let (start, rest): (&str, &str) = if let Some(r) = target.strip_prefix("~/") {
        ("", r)
    } else if target == "~" {
        ("", "")
    } else {
        (base, target.as_str())
    };
    let mut parts: Vec<&str> = start.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Relative URL from folder `from_dir` to docset path `to` ("a/b", "c/d.html" → "../../c/d.html").
pub fn relative(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from
        .iter()
        .zip(to_parts.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    for _ in common..from.len() {
        out.push_str("../");
    }
    out.push_str(&to_parts[common..].join("/"));
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// `../` repeated to climb from a file at docset path `rel` (with `extra`
/// folders above the docset root, e.g. locale/env = 2) to the site root.
pub fn up_to_root(rel: &str, extra: usize) -> String {
    let depth = rel.matches('/').count() + extra;
    "../".repeat(depth)
}

/// Replace the extension of a page path by `.html`.
pub fn html_path(rel: &str) -> String {
    let stem = match rel.rfind('.') {
        Some(i) if i > rel.rfind('/').map_or(0, |s| s + 1) => &rel[..i],
        _ => rel,
    };
    format!("{stem}.html")
}

/// `s` without `prefix`, compared ASCII-case-insensitively.
pub fn strip_prefix_ci<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    (s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix))
    .then(|| &s[prefix.len()..])
}

/// Whether a URL path segment is a Learn locale (`en-us`, `zh-hant`,
/// `zh-hant-tw`): two letters, a dash, then letters, digits and dashes,
/// 5, 7 or 10 characters in all.
pub fn is_locale_segment(seg: &str) -> bool {
    let b = seg.as_bytes();
    (b.len() == 5 || b.len() == 7 || b.len() == 10)
        && b[2] == b'-'
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[3..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_rooted_paths() {
        assert_eq!(resolve("a/b", "../c/d.md").as_deref(), Some("a/c/d.md"));
        assert_eq!(resolve("a/b", "~/x/y.md").as_deref(), Some("x/y.md"));
        assert_eq!(
            resolve("a", "./media/i.png").as_deref(),
            Some("a/media/i.png")
        );
        assert_eq!(resolve("a", "../../x.md"), None);
        assert_eq!(resolve("", "a\\b.md").as_deref(), Some("a/b.md"));
    }

    #[test]
    fn relative_urls() {
        assert_eq!(relative("a/b", "c/d.html"), "../../c/d.html");
        assert_eq!(relative("a/b", "a/b/x.html"), "x.html");
        assert_eq!(relative("", "x.html"), "x.html");
        assert_eq!(up_to_root("a/b.md", 2), "../../../");
        assert_eq!(html_path("a/b.md"), "a/b.html");
        assert_eq!(html_path("index.yml"), "index.html");
        assert_eq!(html_path("v1.0/readme"), "v1.0/readme.html");
    }

    #[test]
    fn external_urls() {
        assert!(is_external("https://x.org"));
        assert!(is_external("mailto:a@b"));
        assert!(is_external("/abs/path"));
        assert!(!is_external("a/b.md"));
        assert!(!is_external("~/a.md"));
        assert!(!is_external("b.md#x:y"));
        assert_eq!(split_url("a.md#x"), ("a.md", "#x", Some("x")));
        assert_eq!(split_url("a.md?v=1"), ("a.md", "?v=1", None));
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
