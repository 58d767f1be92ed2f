//! Page templates (Tera): tolk's built-in theme, compiled into the binary,
//! overridable file by file by a `templates/` folder in the docset, and the
//! static assets (CSS, JS) written once per site under `_tolk/`.

use crate::diagnostics::{Code, Diagnostic};
use std::path::Path;
use tera::Tera;

const BUILTIN: &[(&str, &str)] = &[
    ("page.html", include_str!("../templates/page.html")),
    (
        "partials/header.html",
        include_str!("../templates/partials/header.html"),
    ),
    (
        "partials/breadcrumbs.html",
        include_str!("../templates/partials/breadcrumbs.html"),
    ),
    (
        "root_index.html",
        include_str!("../templates/root_index.html"),
    ),
    (
        "not_found.html",
        include_str!("../templates/not_found.html"),
    ),
    ("redirect.html", include_str!("../templates/redirect.html")),
    ("toc_page.html", include_str!("../templates/toc_page.html")),
];

/// Static files of the theme, written to `DIR/_tolk/`.
pub fn assets() -> Vec<(&'static str, &'static str)> {
    vec![
        ("tolk.css", include_str!("../assets/tolk.css")),
        ("tolk.js", include_str!("../assets/tolk.js")),
        ("search.js", crate::search::SEARCH_JS.as_str()),
        ("search.css", crate::search::SEARCH_CSS),
        ("rtl.css", include_str!("../assets/rtl.css")),
        ("pages.css", include_str!("../assets/pages.css")),
        ("docfx.js", include_str!("../assets/docfx.js")),
    ]
}

/// The file name under `_tolk/` of the site's logo (tolk.yml `logo`), or
/// `None` when it is not an image type browsers show.
pub fn logo_file(path: &str) -> Option<String> {
    let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
    ["svg", "png", "jpg", "jpeg", "gif", "webp"]
        .contains(&ext.as_str())
        .then(|| format!("logo.{ext}"))
}

/// KaTeX (MIT, assets/katex/LICENSE) for `mathematics`, written under
/// `_tolk/katex/` only when some page has math: script, style and the
/// woff2 fonts the style names (modern browsers never ask for its
/// woff/ttf fallbacks).
pub const KATEX: &[(&str, &[u8])] = &[
    (
        "katex.min.js",
        include_bytes!("../assets/katex/katex.min.js"),
    ),
    (
        "katex.min.css",
        include_bytes!("../assets/katex/katex.min.css"),
    ),
    ("LICENSE", include_bytes!("../assets/katex/LICENSE")),
    (
        "fonts/KaTeX_AMS-Regular.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_AMS-Regular.woff2"),
    ),
    (
        "fonts/KaTeX_Caligraphic-Bold.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Caligraphic-Bold.woff2"),
    ),
    (
        "fonts/KaTeX_Caligraphic-Regular.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Caligraphic-Regular.woff2"),
    ),
    (
        "fonts/KaTeX_Fraktur-Bold.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Fraktur-Bold.woff2"),
    ),
    (
        "fonts/KaTeX_Fraktur-Regular.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Fraktur-Regular.woff2"),
    ),
    (
        "fonts/KaTeX_Main-Bold.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Main-Bold.woff2"),
    ),
    (
        "fonts/KaTeX_Main-BoldItalic.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Main-BoldItalic.woff2"),
    ),
    (
        "fonts/KaTeX_Main-Italic.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Main-Italic.woff2"),
    ),
    (
        "fonts/KaTeX_Main-Regular.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Main-Regular.woff2"),
    ),
    (
        "fonts/KaTeX_Math-BoldItalic.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Math-BoldItalic.woff2"),
    ),
    (
        "fonts/KaTeX_Math-Italic.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Math-Italic.woff2"),
    ),
    (
        "fonts/KaTeX_SansSerif-Bold.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_SansSerif-Bold.woff2"),
    ),
    (
        "fonts/KaTeX_SansSerif-Italic.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_SansSerif-Italic.woff2"),
    ),
    (
        "fonts/KaTeX_SansSerif-Regular.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_SansSerif-Regular.woff2"),
    ),
    (
        "fonts/KaTeX_Script-Regular.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Script-Regular.woff2"),
    ),
    (
        "fonts/KaTeX_Size1-Regular.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Size1-Regular.woff2"),
    ),
    (
        "fonts/KaTeX_Size2-Regular.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Size2-Regular.woff2"),
    ),
    (
        "fonts/KaTeX_Size3-Regular.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Size3-Regular.woff2"),
    ),
    (
        "fonts/KaTeX_Size4-Regular.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Size4-Regular.woff2"),
    ),
    (
        "fonts/KaTeX_Typewriter-Regular.woff2",
        include_bytes!("../assets/katex/fonts/KaTeX_Typewriter-Regular.woff2"),
    ),
];

/// Load the templates: built-in first, then the docset's `templates/*.html`
/// (same names replace built-ins). Errors carry the template's file and line.
pub fn load(docset: &Path) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    let mut files: Vec<(String, String)> = BUILTIN
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let dir = docset.join("templates");
    let mut diags = Vec::new();
    if dir.is_dir() {
        for e in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !e.file_type().is_file() || e.path().extension().is_none_or(|x| x != "html") {
                continue;
            }
            let name = e
                .path()
                .strip_prefix(&dir)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            match std::fs::read_to_string(e.path()) {
                Ok(t) => {
                    files.retain(|(n, _)| *n != name);
                    files.push((name, t));
                }
                Err(err) => diags.push(Diagnostic::error(
                    Code::TemplateUnreadable,
                    format!("templates/{name}"),
                    0,
                    0,
                    format!("Cannot read template: {err}"),
                )),
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    if let Err(e) = tera.add_raw_templates(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        return Err(vec![Diagnostic::error(
            Code::TemplateInvalid,
            "templates",
            0,
            0,
            format!("A template does not compile: {}", error_chain(&e)),
        )
        .with_hint("Fix the template named in the message (templates/ in the docset overrides tolk's built-in ones).")]);
    }
    tera.autoescape_on(vec![".html"]);
    // Tera's default also escapes `/` and `'` (as `&#x2F;`, `&#x27;`): six
    // bytes per slash of every link. The templates quote attributes with `"`.
    tera.set_escape_fn(crate::html::escape);
    Ok(tera)
}

/// Tera's error with its causes (the useful part is often in the source).
pub fn error_chain(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(c) = src {
        s.push_str(": ");
        s.push_str(&c.to_string());
        src = c.source();
    }
    s
}
