//! Locale-level pass: prepared events → HTML for one side of the bilingual
//! text, plus the outline, H1, first paragraph and plain text of the page.

use super::events::{is_block, is_block_end, Ev};
use super::prepare::{rewrite_html_urls, LinkKind, LinkResolver, Prepared};
use crate::bilingual::{self, Piece, Side};
use crate::html;
use crate::resolve::docfx_blocks::VIDEO_TITLE;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Quote-level DocFX syntax found where no quote can be (a table cell,
/// mid-paragraph): alert keywords, video lines, `[!div]` markers.
static INLINE_BANG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[!(NOTE|TIP|IMPORTANT|CAUTION|WARNING)\]|\[!VIDEO\s+([^\]\s]+)\s*\]|\[!div(?:\s[^\]]*)?\]").unwrap()
});

/// Options of one locale rendering.
pub struct RenderOptions<'s> {
    /// Which side of the pairs this locale shows.
    pub side: Side,
    /// Show the other side on hover/focus (the content locale of a hover-over docset).
    pub hover: bool,
    /// Language tag of the source text (for `lang` on hover spans).
    pub source_lang: &'s str,
    /// `dir` of the source text on hover spans, when it differs from the
    /// page's (an English source on a right-to-left page: `Some("ltr")`).
    pub source_dir: Option<&'s str>,
    /// UI string lookup (`alert-note` …); `None` when the message is missing.
    pub message: &'s dyn Fn(&str) -> Option<String>,
    /// Rewrites link and image URLs for the variant being rendered.
    pub links: &'s dyn LinkResolver,
    /// The language of text outside span pairs when it differs from the
    /// page's (the content locale, on a source-locale page): an image whose
    /// alt text has no English carries it as `lang`.
    pub fallback_lang: Option<&'s str>,
}

/// A page rendered for one locale.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    /// (level, id, text) of visible h2/h3 headings.
    pub outline: Vec<(u8, String, String)>,
    pub h1: Option<String>,
    pub first_paragraph: Option<String>,
    /// Plain text of the article in this locale (search, report).
    pub text: String,
    /// Number of bilingual pairs rendered.
    pub pairs: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Outside,
    Target,
    Source,
}

/// `'e`: the prepared events, whose text the output events borrow (only
/// text made here is allocated).
struct State<'s, 'e> {
    opts: &'s RenderOptions<'s>,
    /// The opening tag of a pair's source half shown on hover (the same
    /// for every pair of the page).
    source_open: &'e str,
    mode: Mode,
    wrappers: u8,
    emitted: Vec<bool>,
    out: Vec<Event<'e>>,
    text: String,
    pairs: usize,
}

impl<'e> State<'_, 'e> {
    fn visible(&self) -> bool {
        match self.mode {
            Mode::Outside => true,
            Mode::Target => self.opts.side == Side::Target,
            Mode::Source => self.opts.side == Side::Source || self.opts.hover,
        }
    }

    /// Visible as this locale's own text (not as a hover tooltip).
    fn own_text(&self) -> bool {
        match self.mode {
            Mode::Outside => true,
            Mode::Target => self.opts.side == Side::Target,
            Mode::Source => self.opts.side == Side::Source,
        }
    }

    fn close_wrappers(&mut self) {
        while self.wrappers > 0 {
            self.out
                .push(Event::InlineHtml(CowStr::Borrowed("</span>")));
            self.wrappers -= 1;
        }
    }

    fn block_boundary(&mut self) {
        self.close_wrappers();
        self.mode = Mode::Outside;
    }

    fn push_text(&mut self, t: CowStr<'e>) {
        if t.is_empty() {
            return;
        }
        if self.own_text() {
            self.text.push_str(&t);
        }
        if self.visible() {
            self.out.push(Event::Text(t));
        }
    }

    fn text_event(&mut self, t: &'e str) {
        if !bilingual::has_sentinels(t) {
            self.push_text(CowStr::Borrowed(t));
            return;
        }
        let hover = self.opts.hover && self.opts.side == Side::Target;
        for piece in bilingual::pieces(t) {
            match piece {
                Piece::Text(s) => self.push_text(CowStr::Borrowed(s)),
                Piece::Open => {
                    self.close_wrappers();
                    self.mode = Mode::Target;
                    self.pairs += 1;
                    if hover {
                        // Not focusable: one tab stop per sentence (and one
                        // inside every link) would bury the page; keyboard and
                        // screen-reader users reach the English through the
                        // side-by-side view (README, "Accessibility").
                        self.out
                            .push(Event::InlineHtml(CowStr::Borrowed("<span class=\"sxs\">")));
                        self.wrappers = 1;
                    }
                }
                Piece::Mid => {
                    self.mode = Mode::Source;
                    if hover && self.wrappers == 1 {
                        self.out
                            .push(Event::InlineHtml(CowStr::Borrowed(self.source_open)));
                        self.wrappers = 2;
                    }
                }
                Piece::Close => {
                    self.close_wrappers();
                    self.mode = Mode::Outside;
                }
            }
        }
    }
}

/// HTML comments are the writer's notes (often commented-out source): never published.
fn strip_comments<'a>(h: Cow<'a, str>, in_comment: &mut bool) -> Cow<'a, str> {
    if !*in_comment && !h.contains("<!--") {
        return h;
    }
    Cow::Owned(strip_comments_in(&h, in_comment))
}

fn strip_comments_in(h: &str, in_comment: &mut bool) -> String {
    let mut out = String::with_capacity(h.len());
    let mut rest = h;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(i) => {
                    rest = &rest[i + 3..];
                    *in_comment = false;
                }
                None => return out,
            }
        } else {
            match rest.find("<!--") {
                Some(i) => {
                    out.push_str(&rest[..i]);
                    rest = &rest[i + 4..];
                    *in_comment = true;
                }
                None => {
                    out.push_str(rest);
                    return out;
                }
            }
        }
    }
}

/// Index of the End(Image) matching the image started at `i`.
fn image_end(events: &[Ev], i: usize) -> usize {
    let mut j = i + 1;
    let mut depth = 1;
    while j < events.len() {
        match &events[j] {
            Ev::Md(Event::Start(Tag::Image { .. }))
            | Ev::Located(Event::Start(Tag::Image { .. }), _) => depth += 1,
            Ev::Md(Event::End(TagEnd::Image)) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    j
}

/// HTML for quote-level DocFX syntax met outside a quote (see [`INLINE_BANG`]).
fn bang_html(c: &regex::Captures, opts: &RenderOptions) -> String {
    bang_html_in(c, opts, false)
}

/// [`bang_html`]; `source_language`: inside the source side of a pair shown
/// on hover, where an alert title is in the source language (the keyword
/// itself, title-cased: `NOTE` → `Note`), not the page's.
fn bang_html_in(c: &regex::Captures, opts: &RenderOptions, source_language: bool) -> String {
    if let Some(kind) = c.get(1) {
        // An alert keyword: its localized title.
        let key = format!("alert-{}", kind.as_str().to_ascii_lowercase());
        let title = if source_language {
            title_case(kind.as_str())
        } else {
            (opts.message)(&key).unwrap_or_else(|| title_case(kind.as_str()))
        };
        format!(
            "<strong class=\"alert-inline\">{}:</strong>",
            html::escape(&title)
        )
    } else if let Some(url) = c.get(2) {
        // A video: a link to it.
        let url = crate::resolve::docfx_blocks::video_url(url.as_str());
        format!(
            "<a class=\"video-link\" href=\"{0}\">{0}</a>",
            html::escape(&url)
        )
    } else {
        String::new()
    }
}

/// `h` with [`VIDEO_TITLE`] replaced by the localized title.
fn localize_titles<'a>(h: Cow<'a, str>, opts: &RenderOptions) -> Cow<'a, str> {
    if h.contains(VIDEO_TITLE) {
        let t = (opts.message)("video-title").unwrap_or_else(|| "Video".into());
        Cow::Owned(h.replace(VIDEO_TITLE, &html::escape(&t)))
    } else {
        h
    }
}

/// Raw HTML with DocFX quote syntax in its text replaced (an HTML block
/// swallows the Markdown lines that follow it up to a blank line).
fn html_without_bangs<'a>(h: Cow<'a, str>, opts: &RenderOptions) -> Cow<'a, str> {
    if h.contains("[!") {
        Cow::Owned(
            INLINE_BANG
                .replace_all(&h, |c: &regex::Captures| bang_html(c, opts))
                .into_owned(),
        )
    } else {
        h
    }
}

/// Whether the alt text of an image holds a span pair (has English).
fn alt_has_pair(events: &[Ev]) -> bool {
    events.iter().any(
        |e| matches!(e, Ev::Md(Event::Text(t) | Event::Code(t)) if bilingual::has_sentinels(t)),
    )
}

/// Plain text of a run of events for one side.
fn plain_text(events: &[Ev], side: Side) -> String {
    let mut s = String::new();
    for e in events {
        if let Ev::Md(Event::Text(t) | Event::Code(t)) = e {
            s.push_str(t);
        }
    }
    let r = bilingual::resolve(&s, side);
    let r = if r.contains("[!") {
        INLINE_BANG.replace_all(&r, |c: &regex::Captures| match (c.get(1), c.get(2)) {
            (Some(kind), _) => format!("{}:", title_case(kind.as_str())),
            (None, Some(url)) => url.as_str().to_string(),
            _ => String::new(),
        })
    } else {
        r
    };
    r.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Render prepared events for one locale.
#[allow(clippy::collapsible_match)]
pub fn render(p: &Prepared, opts: &RenderOptions) -> Rendered {
    let dir = match opts.source_dir {
        Some(d) => format!(" dir=\"{}\"", html::escape(d)),
        None => String::new(),
    };
    let source_open = format!(
        "<span class=\"sxs-src\" lang=\"{}\"{dir}>",
        html::escape(opts.source_lang)
    );
    let mut st = State {
        opts,
        source_open: &source_open,
        mode: Mode::Outside,
        wrappers: 0,
        emitted: Vec::new(),
        out: Vec::with_capacity(p.events.len() + 32),
        text: String::new(),
        pairs: 0,
    };
    let mut in_code = false;
    let mut in_comment = false;
    let events: &[Ev] = &p.events;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Ev::Md(ev) => match ev {
                Event::Text(t) => {
                    if in_code {
                        let r = bilingual::resolve(t, opts.side);
                        st.text.push_str(&r);
                        st.out.push(Event::Text(CowStr::from(r)));
                    } else if t.contains("[!") {
                        // An alert keyword where no alert can be (a table cell, mid-paragraph):
                        // shown as its localized title, never as raw syntax.
                        let mut last = 0;
                        for c in INLINE_BANG.captures_iter(t) {
                            let m = c.get(0).unwrap();
                            st.text_event(&t[last..m.start()]);
                            let hover_source = st.mode == Mode::Source && opts.side == Side::Target;
                            let html = bang_html_in(&c, opts, hover_source);
                            if st.visible() && !html.is_empty() {
                                st.out.push(Event::InlineHtml(CowStr::from(html)));
                            }
                            last = m.end();
                        }
                        st.text_event(&t[last..]);
                    } else {
                        st.text_event(t);
                    }
                }
                Event::Code(t) => {
                    if st.visible() {
                        let r = bilingual::resolve(t, opts.side);
                        if st.own_text() {
                            st.text.push_str(&r);
                        }
                        st.out.push(Event::Code(CowStr::from(r)));
                    }
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    if st.visible() || matches!(ev, Event::Html(_)) {
                        // Inside the source half (a hover), its pairs show their source side too.
                        let side = if st.mode == Mode::Source {
                            Side::Source
                        } else {
                            opts.side
                        };
                        let r = strip_comments(bilingual::resolve(h, side), &mut in_comment);
                        let r = localize_titles(html_without_bangs(r, opts), opts);
                        st.out.push(match ev {
                            Event::Html(_) => Event::Html(CowStr::from(r)),
                            _ => Event::InlineHtml(CowStr::from(r)),
                        });
                    }
                }
                Event::Start(tag) => {
                    if is_block(tag) {
                        st.block_boundary();
                    }
                    if let Tag::CodeBlock(kind) = tag {
                        in_code = true;
                        // Focusable, so that keyboard users can scroll a long line (WCAG 2.1.1).
                        st.out.push(Event::Html(CowStr::from(code_open(kind))));
                        st.emitted.push(false);
                        i += 1;
                        continue;
                    }
                    let vis = st.visible() || is_block(tag);
                    st.emitted.push(vis);
                    if vis {
                        st.out.push(Event::Start(tag.clone()));
                    }
                }
                Event::End(tag) => {
                    if is_block_end(tag) {
                        st.block_boundary();
                        st.text.push('\n');
                    }
                    if let TagEnd::CodeBlock = tag {
                        in_code = false;
                        st.out
                            .push(Event::Html(CowStr::Borrowed("</code></pre>\n")));
                    }
                    if st.emitted.pop().unwrap_or(true) {
                        st.out.push(Event::End(*tag));
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if st.visible() {
                        st.out.push(ev.clone());
                        st.text.push(' ');
                    }
                }
                other => {
                    if st.visible() {
                        st.out.push(other.clone());
                    }
                }
            },
            Ev::Located(ev, offset) => {
                let (file, line) = p.composed.locate(*offset);
                match ev {
                    Event::Start(Tag::Image {
                        dest_url, title, ..
                    }) => {
                        let j = image_end(events, i);
                        if st.visible() {
                            let url = opts.links.resolve(dest_url, LinkKind::Image, file, line);
                            let alt_events = &events[i + 1..j.min(events.len())];
                            let alt = plain_text(alt_events, opts.side);
                            let mut html = format!(
                                "<img src=\"{}\" alt=\"{}\"",
                                html::escape(&url),
                                html::escape(&alt)
                            );
                            if let Some(lang) = opts.fallback_lang {
                                if st.mode == Mode::Outside
                                    && alt.chars().any(char::is_alphabetic)
                                    && !alt_has_pair(alt_events)
                                {
                                    html.push_str(&format!(" lang=\"{}\"", html::escape(lang)));
                                }
                            }
                            if !title.is_empty() {
                                let t = bilingual::resolve(title, opts.side);
                                html.push_str(&format!(" title=\"{}\"", html::escape(&t)));
                            }
                            html.push_str(" loading=\"lazy\">");
                            st.out.push(Event::InlineHtml(CowStr::from(html)));
                        }
                        i = j + 1;
                        continue;
                    }
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }) => {
                        let vis = st.visible();
                        st.emitted.push(vis);
                        // `[](page.md)`: the target page's title, with a warning.
                        let empty =
                            matches!(events.get(i + 1), Some(Ev::Md(Event::End(TagEnd::Link))));
                        if empty && vis {
                            let side = if st.mode == Mode::Source {
                                Side::Source
                            } else {
                                opts.side
                            };
                            if let Some(t) = opts.links.page_title(dest_url, side) {
                                opts.links.report(
                                    crate::diagnostics::Code::LinkTextEmpty,
                                    file,
                                    line,
                                    format!("Link '{dest_url}' has no text; the title of the page it links to is shown."),
                                );
                                let url = opts.links.resolve(dest_url, LinkKind::Link, file, line);
                                st.out.push(Event::Start(Tag::Link {
                                    link_type: *link_type,
                                    dest_url: CowStr::from(url),
                                    title: CowStr::from(
                                        bilingual::resolve(title, opts.side).into_owned(),
                                    ),
                                    id: CowStr::from(id.to_string()),
                                }));
                                st.push_text(CowStr::from(t));
                                i += 1;
                                continue;
                            }
                        }
                        if vis {
                            let url = opts.links.resolve(dest_url, LinkKind::Link, file, line);
                            // `[](url)` (a translation that lost its link text): the
                            // URL as its text, never an empty, nameless link.
                            let empty =
                                matches!(events.get(i + 1), Some(Ev::Md(Event::End(TagEnd::Link))));
                            let shown = empty.then(|| url.clone());
                            st.out.push(Event::Start(Tag::Link {
                                link_type: *link_type,
                                dest_url: CowStr::from(url),
                                title: CowStr::from(
                                    bilingual::resolve(title, opts.side).into_owned(),
                                ),
                                id: CowStr::from(id.to_string()),
                            }));
                            if let Some(text) = shown {
                                st.out.push(Event::Text(CowStr::from(text)));
                            }
                        }
                    }
                    Event::Html(h) | Event::InlineHtml(h) => {
                        if st.visible() || matches!(ev, Event::Html(_)) {
                            let r =
                                strip_comments(bilingual::resolve(h, opts.side), &mut in_comment);
                            let r = localize_titles(html_without_bangs(r, opts), opts);
                            let r =
                                rewrite_html_urls(&r, |u, k| opts.links.resolve(u, k, file, line));
                            st.out.push(match ev {
                                Event::Html(_) => Event::Html(CowStr::from(r)),
                                _ => Event::InlineHtml(CowStr::from(r)),
                            });
                        }
                    }
                    _ => {}
                }
            }
            Ev::AlertOpen(kind, class) => {
                st.block_boundary();
                let key = format!("alert-{}", kind.to_ascii_lowercase());
                let title = (opts.message)(&key).unwrap_or_else(|| title_case(kind));
                let css = if class.contains(' ') || class.chars().any(|c| c.is_lowercase()) {
                    class.clone()
                } else {
                    format!("alert is-{} {}", kind.to_ascii_lowercase(), class)
                };
                st.out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"{}\" role=\"note\">\n<p class=\"alert-title\">{}</p>\n",
                    html::escape(&css),
                    html::escape(&title)
                ))));
                st.emitted.push(true);
            }
            Ev::AlertClose => {
                st.block_boundary();
                st.emitted.pop();
                st.out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Ev::HeadingOpen(level, id) => {
                st.block_boundary();
                st.out.push(Event::Html(CowStr::from(format!(
                    "<{} id=\"{}\">",
                    level,
                    html::escape(id)
                ))));
            }
            Ev::HeadingClose(level) => {
                st.block_boundary();
                st.out
                    .push(Event::Html(CowStr::from(format!("</{level}>\n"))));
                st.text.push('\n');
            }
            Ev::Raw(s) => {
                st.block_boundary();
                st.out.push(Event::Html(CowStr::from(localize_titles(
                    Cow::Borrowed(s),
                    opts,
                ))));
            }
        }
        i += 1;
    }
    st.close_wrappers();

    let mut html = String::with_capacity(st.text.len() * 2 + 256);
    pulldown_cmark::html::push_html(&mut html, st.out.into_iter());

    let mut outline = Vec::new();
    let mut h1 = None;
    for h in &p.headings {
        let text = plain_text(&p.events[h.inner.clone()], opts.side);
        if h.level == 1 && h1.is_none() {
            h1 = Some(text);
        } else if h.level == 2 || h.level == 3 {
            outline.push((h.level, h.id.clone(), text));
        }
    }
    let first_paragraph = first_paragraph(p, opts.side);
    Rendered {
        html,
        outline,
        h1,
        first_paragraph,
        text: st.text,
        pairs: st.pairs,
    }
}

fn first_paragraph(p: &Prepared, side: Side) -> Option<String> {
    let mut depth = 0;
    let mut start = None;
    for (i, e) in p.events.iter().enumerate() {
        match e {
            Ev::Md(Event::Start(Tag::Paragraph)) if depth == 0 => start = Some(i + 1),
            Ev::Md(Event::End(TagEnd::Paragraph)) if start.is_some() && depth == 0 => {
                let t = plain_text(&p.events[start.unwrap()..i], side);
                if !t.is_empty() {
                    return Some(t);
                }
                start = None;
            }
            Ev::Md(Event::Start(t)) if is_block(t) && !matches!(t, Tag::Paragraph) => depth += 1,
            Ev::Md(Event::End(t)) if is_block_end(t) && !matches!(t, TagEnd::Paragraph) => {
                depth -= 1
            }
            Ev::AlertOpen(..) => depth += 1,
            Ev::AlertClose => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The opening of a code block: `<pre tabindex="0"><code class="language-x">`.
fn code_open(kind: &pulldown_cmark::CodeBlockKind) -> String {
    let lang = match kind {
        pulldown_cmark::CodeBlockKind::Fenced(info) => info.split(' ').next().unwrap_or(""),
        pulldown_cmark::CodeBlockKind::Indented => "",
    };
    if lang.is_empty() {
        "<pre tabindex=\"0\"><code>".into()
    } else {
        format!(
            "<pre tabindex=\"0\"><code class=\"language-{}\">",
            html::escape(lang)
        )
    }
}

fn title_case(kind: &str) -> String {
    let lower = kind.to_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
