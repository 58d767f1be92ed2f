//! DocFX's triple-colon family lowered to HTML + Markdown, line by line:
//! `:::image` (content, complex with hidden long description, icon, border,
//! lightbox), `:::row:::`/`:::column:::`, `::: zone`, `:::no-loc`,
//! `:::video`; unsupported DocFX syntax (`:::code`, `[!code-…]`, unknown
//! `:::name`, malformed `[!INCLUDE`) is reported and never reaches a page.
//! Lines inside fenced code blocks are left alone. Owns DocFX's video URL
//! fix-ups ([`video_url`]), shared with the `[!VIDEO url]` of the Markdown pass.

use crate::diagnostics::{Code, Diagnostic};
use crate::fence::{FenceLine, FenceTracker};
use crate::html;
use crate::source::LineOrigin;
use regex::Regex;
use std::sync::LazyLock;

type Lines = Vec<(String, LineOrigin)>;

static ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"([A-Za-z][\w-]*)\s*=\s*"((?:[^"\\]|\\.)*)""#).unwrap());
static INLINE_TC: LazyLock<Regex> = LazyLock::new(|| {
    // :::image …:::  /  :::no-loc text="…":::  /  :::video …:::  (self-closing, inline), and
    // any other :::name…::: met inside a line (reported, never printed).
    Regex::new(r#"(?i):::\s*([A-Za-z][\w-]*)\b((?:[^:"]|"(?:[^"\\]|\\.)*"|:[^:]|::[^:])*):::"#)
        .unwrap()
});
static BLOCK_TC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([ \t>]*):{3,}\s*([A-Za-z][\w-]*)(.*)$").unwrap());

/// The `name="value"` attributes of a triple-colon line (`\"` is a quote
/// inside a value).
fn attrs(s: &str) -> Vec<(String, String)> {
    ATTR.captures_iter(s)
        .map(|c| (c[1].to_ascii_lowercase(), c[2].replace("\\\"", "\"")))
        .collect()
}

/// Invalid DocFX syntax shown as DocFX shows it: literal text (every ASCII
/// punctuation character backslash-escaped, so no Markdown or HTML reads it).
fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.trim_start().chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Pivot ids: lower-case letters, digits and `-`, comma-separated.
fn valid_pivots(p: &str) -> bool {
    p.split(',').all(|id| {
        let id = id.trim();
        !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}

fn get<'a>(a: &'a [(String, String)], k: &str) -> Option<&'a str> {
    a.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

struct Ctx<'a> {
    files: &'a [String],
    diags: &'a mut Vec<Diagnostic>,
    image_counter: u32,
}

impl Ctx<'_> {
    fn warn(&mut self, code: Code, o: LineOrigin, col: usize, msg: String, hint: &str) {
        let mut d = Diagnostic::warning(
            code,
            &self.files[o.file as usize],
            o.line,
            col as u32 + 1,
            msg,
        );
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        self.diags.push(d);
    }
}

/// Whether a line holds `:::` or `[!` (DocFX block or quote syntax): one
/// `memchr` pass instead of two substring searches (this runs on every line
/// of every page).
fn has_block_syntax(l: &str) -> bool {
    let b = l.as_bytes();
    memchr::memchr2_iter(b':', b'[', b).any(|i| match b[i] {
        b':' => b[i + 1..].starts_with(b"::"),
        _ => b.get(i + 1) == Some(&b'!'),
    })
}

/// Lower DocFX block syntax in composed lines.
pub fn lower(lines: Lines, files: &[String], diags: &mut Vec<Diagnostic>) -> Lines {
    // Fast path: nothing to do.
    if !lines.iter().any(|(l, _)| has_block_syntax(l)) {
        return lines;
    }
    let mut ctx = Ctx {
        files,
        diags,
        image_counter: 0,
    };
    let mut out: Lines = Vec::with_capacity(lines.len() + 8);
    let mut fences = FenceTracker::default();
    // Open containers: ("row"|"column"|"zone"|"image", origin)
    let mut open: Vec<(&'static str, LineOrigin)> = Vec::new();
    for (line, o) in lines {
        match fences.line(&line) {
            FenceLine::Fence => {
                out.push((dedent(line, &open), o));
                continue;
            }
            FenceLine::Code => {
                out.push((line, o));
                continue;
            }
            FenceLine::Text => {}
        }
        if !has_block_syntax(&line) {
            out.push((dedent(line, &open), o));
            continue;
        }
        if let Some(c) = BLOCK_TC.captures(&line) {
            let prefix = c.get(1).unwrap().as_str().to_string();
            let name = c[2].to_ascii_lowercase();
            let rest = c[3].to_string();
            let col = prefix.len();
            // Row and column lines may be indented at will (DocFX reads their
            // content without code indentation): only quote markers stay.
            let prefix = if matches!(name.as_str(), "row" | "column" | "row-end" | "column-end")
                || in_row(&open)
            {
                prefix.trim_start_matches([' ', '\t']).to_string()
            } else {
                prefix
            };
            let self_closing = rest.trim_end().ends_with(":::");
            match name.as_str() {
                "row" => {
                    out.push((format!("{prefix}<section class=\"row\">"), o));
                    out.push((String::new(), o));
                    open.push(("row", o));
                    continue;
                }
                "column" => {
                    let a = attrs(&rest);
                    let class = match get(&a, "span") {
                        Some(n) if n.chars().all(|c| c.is_ascii_digit()) => {
                            format!("column span{n}")
                        }
                        _ => "column".to_string(),
                    };
                    out.push((format!("{prefix}<div class=\"{class}\">"), o));
                    out.push((String::new(), o));
                    open.push(("column", o));
                    continue;
                }
                "row-end" | "column-end" | "zone-end" => {
                    let want = &name[..name.len() - 4];
                    if let Some(pos) = open.iter().rposition(|(n, _)| *n == want) {
                        open.truncate(pos);
                        let tag = if want == "row" { "section" } else { "div" };
                        out.push((String::new(), o));
                        out.push((format!("{prefix}</{tag}>"), o));
                        out.push((String::new(), o));
                    } else {
                        ctx.warn(
                            Code::TripleColonStrayEnd,
                            o,
                            col,
                            format!(
                                "':::{name}' closes no open ':::{want}' block; it is shown as text, as DocFX does."
                            ),
                            "Remove the line, or add (or fix) the opening block.",
                        );
                        out.push((
                            format!(
                                "{prefix}{}",
                                literal(&line[c.get(1).unwrap().as_str().len()..])
                            ),
                            o,
                        ));
                    }
                    continue;
                }
                "zone" => {
                    let a = attrs(&rest);
                    let target = get(&a, "target");
                    let problem = match (target, get(&a, "pivot")) {
                        (None, None) => Some("needs a target=\"…\" or pivot=\"…\" attribute".to_string()),
                        (Some(t), _) if !["docs", "chromeless", "pdf"].contains(&t) => {
                            Some(format!("has target=\"{t}\"; the targets are docs, chromeless and pdf"))
                        }
                        (Some("pdf"), Some(_)) => Some("cannot have both target=\"pdf\" and a pivot".into()),
                        (_, Some(p)) if !valid_pivots(p) => Some(format!(
                            "has pivot=\"{p}\"; pivot ids are lower-case letters, digits and '-', separated by commas"
                        )),
                        _ => None,
                    };
                    if let Some(problem) = problem {
                        ctx.warn(
                            Code::ZoneInvalid,
                            o,
                            col,
                            format!(
                                "This '::: zone' {problem}; it is shown as text, as DocFX does."
                            ),
                            "Fix the attribute, e.g. ::: zone pivot=\"windows\".",
                        );
                        out.push((format!("{prefix}{}", literal(&line[prefix.len()..])), o));
                        continue;
                    }
                    let mut classes = vec!["zone".to_string()];
                    let mut data = String::new();
                    let mut hidden = "";
                    if let Some(t) = get(&a, "target") {
                        classes.push("has-target".into());
                        data.push_str(&format!(" data-target=\"{}\"", html::escape(t)));
                        if t != "docs" {
                            hidden = " hidden";
                        }
                    }
                    if let Some(p) = get(&a, "pivot") {
                        classes.push("has-pivot".into());
                        let pivots: Vec<&str> = p.split(',').map(str::trim).collect();
                        data.push_str(&format!(
                            " data-pivot=\"{}\"",
                            html::escape(&pivots.join(" "))
                        ));
                    }
                    out.push((
                        format!(
                            "{prefix}<div class=\"{}\"{data}{hidden}>",
                            classes.join(" ")
                        ),
                        o,
                    ));
                    out.push((String::new(), o));
                    open.push(("zone", o));
                    continue;
                }
                "image" if !self_closing || rest.contains("type=\"complex\"") => {
                    // Complex image: description until :::image-end:::
                    if let Some(m) = INLINE_TC.find(&line) {
                        let html = image_html(&mut ctx, &line[m.start()..m.end()], o, col, true);
                        out.push((format!("{prefix}{html}"), o));
                        out.push((String::new(), o));
                        open.push(("image", o));
                        continue;
                    }
                }
                "image-end" => {
                    if let Some(pos) = open.iter().rposition(|(n, _)| *n == "image") {
                        open.truncate(pos);
                        out.push((String::new(), o));
                        out.push((format!("{prefix}</div></div>"), o));
                        out.push((String::new(), o));
                    } else {
                        ctx.warn(
                            Code::TripleColonStrayEnd,
                            o,
                            col,
                            "':::image-end:::' closes no complex image; it was ignored.".into(),
                            "",
                        );
                    }
                    continue;
                }
                "form" if self_closing => {
                    let html = form_html(&mut ctx, line[prefix.len()..].trim(), o, col);
                    out.push((format!("{prefix}{html}"), o));
                    continue;
                }
                "image" | "no-loc" | "video" | "form" => {}
                "moniker" => {
                    // Left by the moniker scanner only if malformed: already reported there.
                    continue;
                }
                _ => {
                    ctx.warn(
                        Code::UnsupportedSyntax,
                        o,
                        col,
                        format!("tolk does not support DocFX ':::{name}' blocks; the line was left out of the page."),
                        "Replace it with Markdown, or file an issue asking for support.",
                    );
                    continue;
                }
            }
        }
        let mut l = line;
        if l.contains(":::") {
            l = lower_inline(&mut ctx, &l, o);
        }
        if l.contains("[!") {
            l = drop_unsupported_bang(&mut ctx, &l, o);
            if let Some(sep) = section_break(&l, out.last().map(|(p, _)| p.as_str())) {
                out.push((sep, o));
            }
        }
        out.push((dedent(l, &open), o));
    }
    for (name, o) in open {
        ctx.warn(
            Code::TripleColonUnclosed,
            o,
            0,
            format!("':::{name}' is never closed with ':::{name}-end:::'; it was closed at the end of the page."),
            "Add the closing line.",
        );
        let tag = if name == "row" {
            "</section>"
        } else if name == "image" {
            "</div></div>"
        } else {
            "</div>"
        };
        out.push((String::new(), o));
        out.push((tag.to_string(), o));
    }
    out
}

/// The title of a video iframe before it is localized: the renderer puts
/// the locale's `video-title` message in its place.
pub const VIDEO_TITLE: &str = "\u{1}video-title\u{1}";

/// DocFX's video URL fix-ups: `http:` → `https:`, YouTube links → the
/// privacy-enhanced embed URL.
pub fn video_url(url: &str) -> String {
    let url = &crate::url_policy::sanitize_or(url, "about:blank");
    let url = if let Some(rest) = url.strip_prefix("http://") {
        format!("https://{rest}")
    } else {
        url.to_string()
    };
    let yt_id = if let Some(rest) = url.strip_prefix("https://youtu.be/") {
        Some(rest.split(['?', '&', '#']).next().unwrap_or(""))
    } else if url.starts_with("https://www.youtube.com/watch")
        || url.starts_with("https://youtube.com/watch")
    {
        url.split(['?', '&']).find_map(|p| p.strip_prefix("v="))
    } else if let Some(i) = url.find("youtube.com/embed/") {
        Some(
            url[i + "youtube.com/embed/".len()..]
                .split(['?', '&', '#'])
                .next()
                .unwrap_or(""),
        )
    } else {
        None
    };
    match yt_id {
        Some(id) if !id.is_empty() => format!("https://www.youtube-nocookie.com/embed/{id}?rel=0"),
        _ => url,
    }
}

/// A quote line that starts a DocFX section (`[!NOTE]`, `[!div …]`,
/// `[!VIDEO …]`) after other lines of the same quote starts a quote of its
/// own, as in DocFX: the separator line (the outer quote markers only) to
/// put before it.
fn section_break(line: &str, prev: Option<&str>) -> Option<String> {
    static SECTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\[!(?:[A-Za-z][\w-]*|div(?:\s[^\]]*)?|video\s+\S+)\]\s*$").unwrap()
    });
    let depth = |l: &str| {
        let p = l.len() - l.trim_start_matches([' ', '\t', '>']).len();
        (l[..p].matches('>').count(), p)
    };
    let (d, p) = depth(line);
    if d == 0 || !SECTION.is_match(&line[p..]) {
        return None;
    }
    let prev = prev?;
    let (pd, pp) = depth(prev);
    if pd != d || prev[pp..].trim().is_empty() {
        return None;
    }
    let last = line[..p].rfind('>')?;
    Some(line[..last].to_string())
}

fn in_row(open: &[(&'static str, LineOrigin)]) -> bool {
    open.iter().any(|(n, _)| *n == "row" || *n == "column")
}

/// Inside row/column blocks content may be indented without becoming code.
fn dedent(line: String, open: &[(&'static str, LineOrigin)]) -> String {
    if in_row(open) {
        line.trim_start_matches([' ', '\t']).to_string()
    } else {
        line
    }
}

fn lower_inline(ctx: &mut Ctx, line: &str, o: LineOrigin) -> String {
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for m in INLINE_TC.find_iter(line) {
        out.push_str(&line[last..m.start()]);
        let col = line[..m.start()].chars().count();
        let s = m.as_str();
        let name_end = s[3..].trim_start();
        let lower = name_end.to_ascii_lowercase();
        if lower.starts_with("image") {
            out.push_str(&image_html(ctx, s, o, col, false));
        } else if lower.starts_with("no-loc") {
            let a = attrs(s);
            match get(&a, "text") {
                // Verbatim: no Markdown inside, escaped quotes kept.
                Some(t) => out.push_str(&literal(t)),
                None => {
                    ctx.warn(
                        Code::NoLocInvalid,
                        o,
                        col,
                        ":::no-loc needs text=\"…\"; it is shown as text, as DocFX does.".into(),
                        "Write :::no-loc text=\"term\":::.",
                    );
                    out.push_str(&literal(s));
                }
            }
        } else if lower.starts_with("video") {
            let a = attrs(s);
            let width = get(&a, "max-width");
            match get(&a, "source").filter(|s| !s.trim().is_empty()) {
                Some(_)
                    if width.is_some_and(|w| {
                        !w.chars().all(|c| c.is_ascii_digit()) || w.is_empty()
                    }) =>
                {
                    ctx.warn(
                        Code::VideoInvalid,
                        o,
                        col,
                        format!("':::video' has max-width=\"{}\", which is not a number of pixels; it is shown as text, as DocFX does.", width.unwrap_or("")),
                        "Write max-width=\"400\".",
                    );
                    out.push_str(&literal(s));
                }
                Some(src) => {
                    let title = get(&a, "title").filter(|t| !t.trim().is_empty());
                    let style = get(&a, "max-width")
                        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
                        .map(|w| format!(" style=\"max-width:{w}px;\""))
                        .unwrap_or_default();
                    out.push_str(&format!(
                        "<span class=\"embeddedvideo\"><iframe src=\"{}\" title=\"{}\" allowfullscreen loading=\"lazy\"{style}></iframe></span>",
                        html::escape(&video_url(src)),
                        title.map_or_else(|| VIDEO_TITLE.to_string(), html::escape)
                    ));
                }
                None => {
                    ctx.warn(
                        Code::VideoInvalid,
                        o,
                        col,
                        ":::video needs a non-empty source=\"…\"; it is shown as text, as DocFX does.".into(),
                        "Add the video's URL: :::video source=\"https://…\":::.",
                    );
                    out.push_str(&literal(s));
                }
            }
        } else if lower.starts_with("form") {
            out.push_str(&form_html(ctx, s, o, col));
        } else if ["row", "column", "zone", "moniker", "image-end"]
            .iter()
            .any(|b| lower.starts_with(b))
        {
            ctx.warn(
                Code::TripleColonMisplaced,
                o,
                col,
                format!(
                    "'{}' must stand on a line of its own (an inline include flattens its file onto one line); it was left out.",
                    s.chars().take(30).collect::<String>()
                ),
                "Use a block include ([!INCLUDE …] alone on its line) for files with block syntax.",
            );
        } else {
            ctx.warn(
                Code::UnsupportedSyntax,
                o,
                col,
                format!(
                    "tolk does not support '{}'; it was left out of the page.",
                    s.chars().take(20).collect::<String>()
                ),
                "",
            );
        }
        last = m.end();
    }
    out.push_str(&line[last..]);
    out
}

fn image_html(ctx: &mut Ctx, s: &str, o: LineOrigin, col: usize, complex_block: bool) -> String {
    let a = attrs(s);
    let kind = get(&a, "type").unwrap_or("content").to_ascii_lowercase();
    let Some(src) = get(&a, "source").filter(|s| !s.trim().is_empty()) else {
        ctx.warn(
            Code::ImageInvalid,
            o,
            col,
            ":::image needs a source=\"…\" attribute; it is shown as text, as DocFX does.".into(),
            "Add source=\"media/picture.png\".",
        );
        return literal(s);
    };
    let alt = get(&a, "alt-text").unwrap_or("");
    if alt.is_empty() && kind != "icon" {
        ctx.warn(
            Code::ImageAltMissing,
            o,
            col,
            format!("Image '{src}' has no alt-text; readers of screen readers get nothing."),
            "Add alt-text=\"…\" describing the image.",
        );
    }
    let border = match get(&a, "border") {
        Some(b) => b.eq_ignore_ascii_case("true"),
        None => kind != "icon",
    };
    let mut img = if kind == "icon" {
        format!("<img src=\"{}\" alt=\"\">", html::escape(src))
    } else {
        format!(
            "<img src=\"{}\" alt=\"{}\"",
            html::escape(src),
            html::escape(alt)
        )
    };
    let mut desc_id = String::new();
    if kind != "icon" {
        if kind == "complex" {
            ctx.image_counter += 1;
            desc_id = format!("image-desc-{}-{}", o.line, ctx.image_counter);
            img.push_str(&format!(" aria-describedby=\"{desc_id}\""));
        }
        img.push_str(" loading=\"lazy\">");
    }
    let link = get(&a, "link");
    if let (Some(lb), Some(link)) = (get(&a, "lightbox"), link) {
        ctx.warn(
            Code::ImageInvalid,
            o,
            col,
            format!("Image '{src}' has both link=\"{link}\" and lightbox=\"{lb}\"; a link cannot hold another link, so the lightbox was left out."),
            "Keep one of the two attributes.",
        );
    } else if let Some(lb) = get(&a, "lightbox") {
        img = format!(
            "<a href=\"{}#lightbox\" data-linktype=\"relative-path\">{img}</a>",
            html::escape(&crate::url_policy::sanitize_or(lb, ""))
        );
    }
    if let Some(link) = link {
        img = format!("<a href=\"{}\">{img}</a>", html::escape(link));
    }
    if border {
        img = format!("<span class=\"mx-imgBorder\">{img}</span>");
    }
    if kind == "complex" {
        if complex_block {
            return format!(
                "<div class=\"image complex\">{img}<div id=\"{desc_id}\" class=\"visually-hidden\">"
            );
        }
        ctx.warn(
            Code::ImageInvalid,
            o,
            col,
            "A complex :::image needs its long description on the following lines, closed by ':::image-end:::'.".into(),
            "",
        );
    }
    img
}

/// `::: form action="…" submitText="…" model="…" :::`: DocFX's chromeless
/// form (its behaviour comes from the page's script on Learn; here it is
/// shown disabled).
fn form_html(ctx: &mut Ctx, s: &str, o: LineOrigin, col: usize) -> String {
    let a = attrs(s);
    let (Some(action), Some(submit)) = (get(&a, "action"), get(&a, "submittext")) else {
        ctx.warn(
            Code::FormInvalid,
            o,
            col,
            "'::: form' needs action=\"…\" and submitText=\"…\"; it is shown as text, as DocFX does.".into(),
            "Write ::: form action=\"create-resource\" submitText=\"Create\" :::.",
        );
        return literal(s);
    };
    let model = get(&a, "model").unwrap_or("");
    format!(
        "<form class=\"chromeless-form\" data-model=\"{}\" data-action=\"{}\"><div></div><button class=\"button\" disabled=\"disabled\" type=\"submit\">{}</button></form>",
        html::escape(model),
        html::escape(action),
        html::escape(submit)
    )
}

/// `[!code-…]` and other `[!word…]` constructs outside blockquotes that tolk
/// does not render, and malformed `[!INCLUDE` directives.
fn drop_unsupported_bang(ctx: &mut Ctx, line: &str, o: LineOrigin) -> String {
    static BANG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\[!(code(?:-[\w+#-]+)?|include[+-]?)\s*\[").unwrap());
    let trimmed = line.trim_start_matches([' ', '\t', '>']);
    // Alerts / div / video inside block quotes are handled by the Markdown stage.
    let Some(m) = BANG.find(line) else {
        return line.to_string();
    };
    let _ = trimmed;
    let col = line[..m.start()].chars().count();
    let kind = line[m.start() + 2..m.end() - 1].trim().to_ascii_lowercase();
    if kind.starts_with("include") {
        ctx.warn(
            Code::IncludeMalformed,
            o,
            col,
            "This [!INCLUDE …] directive is malformed (expected [!INCLUDE [title](path)]); it was left out.".into(),
            "Check the brackets and parentheses.",
        );
    } else {
        ctx.warn(
            Code::UnsupportedSyntax,
            o,
            col,
            format!(
                "tolk does not support DocFX code snippets ([!{kind}…]); the snippet was left out."
            ),
            "Paste the code into a fenced code block instead.",
        );
    }
    // Remove up to the end of the construct: the next ")]" or the end of the line.
    let rest = &line[m.start()..];
    let end = rest
        .find(")]")
        .map(|i| m.start() + i + 2)
        .unwrap_or(line.len());
    format!("{}{}", &line[..m.start()], &line[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_check_is_the_two_searches() {
        for l in [
            "",
            ":",
            "::",
            ":::",
            "a :: :",
            "x:::y",
            "[",
            "[!",
            "[ !",
            "![",
            "a[b[!c",
            ":[!",
            "::[",
            "€:::",
            "https://x",
            "[!NOTE]",
        ] {
            let slow = l.contains(":::") || l.contains("[!");
            assert_eq!(has_block_syntax(l), slow, "{l:?}");
        }
    }

    fn run(src: &str) -> (String, Vec<Diagnostic>) {
        let files = vec!["p.md".to_string()];
        let lines: Lines = src
            .lines()
            .enumerate()
            .map(|(i, l)| {
                (
                    l.to_string(),
                    LineOrigin {
                        file: 0,
                        line: i as u32 + 1,
                    },
                )
            })
            .collect();
        let mut d = Vec::new();
        let out = lower(lines, &files, &mut d);
        (
            out.into_iter()
                .map(|(l, _)| l)
                .collect::<Vec<_>>()
                .join("\n"),
            d,
        )
    }

    #[test]
    fn images_of_every_kind() {
        let (o, d) = run(":::image type=\"content\" source=\"media/a.png\" alt-text=\"An A\":::");
        assert_eq!(o, "<span class=\"mx-imgBorder\"><img src=\"media/a.png\" alt=\"An A\" loading=\"lazy\"></span>");
        assert!(d.is_empty());
        let (o, _) = run("x :::image type=\"icon\" source=\"i.svg\"::: y");
        assert_eq!(o, "x <img src=\"i.svg\" alt=\"\"> y");
        let (o, _) = run(
            ":::image source=\"a.png\" alt-text=\"a\" border=\"false\" lightbox=\"big.png\":::",
        );
        assert!(o.starts_with("<a href=\"big.png#lightbox\""), "{o}");
        let (o, d) = run(":::image type=\"complex\" source=\"a.png\" alt-text=\"a\":::\nLong description.\n:::image-end:::");
        assert!(o.contains("aria-describedby=\"image-desc-1-1\""), "{o}");
        assert!(o.contains("<div id=\"image-desc-1-1\" class=\"visually-hidden\">"));
        assert!(o.contains("\nLong description.\n"));
        assert!(o.trim_end().ends_with("</div></div>"));
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn rows_columns_and_zones() {
        let (o, d) = run(":::row:::\n    :::column span=\"2\":::\n        Text\n    :::column-end:::\n:::row-end:::");
        assert!(o.contains("<section class=\"row\">"));
        assert!(o.contains("<div class=\"column span2\">"));
        assert!(o.contains("\nText\n"), "{o}");
        assert!(o.contains("</section>"));
        assert!(d.is_empty());
        let (o, _) = run("::: zone pivot=\"windows,mac\"\nHi\n::: zone-end");
        assert!(o.contains("<div class=\"zone has-pivot\" data-pivot=\"windows mac\">"));
    }

    #[test]
    fn unsupported_and_stray_are_reported_not_printed() {
        let (o, d) = run(
            ":::code language=\"cs\" source=\"a.cs\":::\n[!code-csharp[Main](a.cs)]\n:::row-end:::",
        );
        assert!(!o.contains(":::"));
        assert!(!o.contains("[!code"));
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec![
                "unsupported-syntax",
                "unsupported-syntax",
                "triple-colon-stray-end"
            ]
        );
        assert_eq!(d[1].line, 2);
    }

    #[test]
    fn code_fences_are_left_alone() {
        let (o, d) = run("```\n:::row:::\n```");
        assert_eq!(o, "```\n:::row:::\n```");
        assert!(d.is_empty());
    }

    #[test]
    fn video_urls_are_fixed_up() {
        assert_eq!(
            video_url("https://www.youtube.com/watch?v=abc123"),
            "https://www.youtube-nocookie.com/embed/abc123?rel=0"
        );
        assert_eq!(video_url("http://x.org/v"), "https://x.org/v");
        assert_eq!(
            video_url("https://www.microsoft.com/videoplayer/embed/RE1FOgo?autoplay=false"),
            "https://www.microsoft.com/videoplayer/embed/RE1FOgo?autoplay=false"
        );
    }
}
