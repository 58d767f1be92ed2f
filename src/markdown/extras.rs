//! Markdig extensions DocFX turns on that pulldown-cmark lacks, applied to
//! the text of prepared events: bare-URL autolinks (`https://…`, `http://…`,
//! `ftp://…`, `mailto:…`, `www.…`), inserted text `++x++` and marked text
//! `==x==`. Task lists, `~~strike~~`, `~sub~` and `^sup^` come from
//! pulldown-cmark's own options ([`super::options`]).
//!
//! Text inside links, images, code, headings' anchors and raw HTML is left
//! alone, and nothing is matched across a span-pair sentinel, so both
//! locales stay well-nested.

use super::events::Ev;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use regex::Regex;
use std::sync::LazyLock;

static EXTRAS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // Markdig's autolinks: a scheme or `www.`, then no whitespace, `<` or sentinel.
        r"(?P<url>\b(?:https?://|ftp://|mailto:|www\.)[^\s<>\x{2E20}\x{2E21}\x{2E3E}]+)",
        r"|\+\+(?P<ins>[^\s+\x{2E20}\x{2E21}\x{2E3E}](?:[^+\x{2E20}\x{2E21}\x{2E3E}]*[^\s+\x{2E20}\x{2E21}\x{2E3E}])?)\+\+",
        r"|==(?P<mark>[^\s=\x{2E20}\x{2E21}\x{2E3E}](?:[^=\x{2E20}\x{2E21}\x{2E3E}]*[^\s=\x{2E20}\x{2E21}\x{2E3E}])?)==",
        // Intraword sub/sup (`H~2~O`, `x^2^`), which pulldown-cmark leaves as text.
        r"|~(?P<sub>[^\s~\x{2E20}\x{2E21}\x{2E3E}]+)~",
        r"|\^(?P<sup>[^\s^\x{2E20}\x{2E21}\x{2E3E}]+)\^",
    ))
    .unwrap()
});

/// Trailing punctuation is not part of a bare URL (Markdig's rule).
fn trim_url(u: &str) -> &str {
    let mut u = u.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '*', '_', '~']);
    // A closing parenthesis without its opener ends the URL.
    while u.ends_with(')') && u.matches(')').count() > u.matches('(').count() {
        u = &u[..u.len() - 1];
    }
    u
}

/// Whether `t` holds `://`, `www.`, `mailto:`, `++` or `==`: two `memchr`
/// passes over the text instead of five substring searches (this runs on
/// every text event of every page).
fn may_have_extras(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr3_iter(b':', b'+', b'=', b).any(|i| match b[i] {
        b':' => b[i + 1..].starts_with(b"//") || b[..i].ends_with(b"mailto"),
        c => b.get(i + 1) == Some(&c),
    }) || memchr::memchr_iter(b'.', b).any(|i| b[..i].ends_with(b"www"))
}

/// Apply the extensions to `events`.
pub fn apply(events: Vec<Ev<'_>>) -> Vec<Ev<'_>> {
    let needed = events.iter().any(|e| match e {
        Ev::Md(Event::Text(t)) => may_have_extras(t),
        _ => false,
    });
    if !needed {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    // Depth of constructs whose text is left alone.
    let mut inert = 0i32;
    for e in events {
        match &e {
            Ev::Located(Event::Start(Tag::Link { .. } | Tag::Image { .. }), _)
            | Ev::Md(Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_))) => {
                inert += 1
            }
            Ev::Md(Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock)) => inert -= 1,
            Ev::Md(Event::Text(t)) if inert == 0 && EXTRAS.is_match(t) => {
                split(t, &mut out);
                continue;
            }
            _ => {}
        }
        out.push(e);
    }
    out
}

fn split<'a>(t: &str, out: &mut Vec<Ev<'a>>) {
    let mut last = 0;
    let text = |s: &str| Ev::Md(Event::Text(CowStr::from(s.to_string())));
    for c in EXTRAS.captures_iter(t) {
        let m = c.get(0).unwrap();
        if let Some(u) = c.name("url") {
            // Markdig links a bare URL only at a word start.
            let url = trim_url(u.as_str());
            if url.len() <= "www.".len() || (url.starts_with("www.") && !url[4..].contains('.')) {
                continue;
            }
            out.push(text(&t[last..m.start()]));
            let href = if url.starts_with("www.") {
                format!("http://{url}")
            } else {
                url.to_string()
            };
            out.push(Ev::Md(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: CowStr::from(href),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            })));
            out.push(text(url));
            out.push(Ev::Md(Event::End(TagEnd::Link)));
            last = m.start() + url.len();
            continue;
        }
        let (tag, inner) = match (c.name("sub"), c.name("sup")) {
            (Some(i), _) => ("sub", i.as_str()),
            (_, Some(k)) => ("sup", k.as_str()),
            _ => ("", ""),
        };
        if !tag.is_empty() {
            out.push(text(&t[last..m.start()]));
            out.push(Ev::Md(Event::InlineHtml(CowStr::from(format!("<{tag}>")))));
            out.push(text(inner));
            out.push(Ev::Md(Event::InlineHtml(CowStr::from(format!("</{tag}>")))));
            last = m.end();
            continue;
        }
        // Like emphasis delimiters: not inside a word.
        let before = t[..m.start()].chars().next_back();
        let after = t[m.end()..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        out.push(text(&t[last..m.start()]));
        let (tag, inner) = match (c.name("ins"), c.name("mark")) {
            (Some(i), _) => ("ins", i.as_str()),
            (_, Some(k)) => ("mark", k.as_str()),
            _ => continue,
        };
        out.push(Ev::Md(Event::InlineHtml(CowStr::from(format!("<{tag}>")))));
        out.push(text(inner));
        out.push(Ev::Md(Event::InlineHtml(CowStr::from(format!("</{tag}>")))));
        last = m.end();
    }
    if last < t.len() {
        out.push(text(&t[last..]));
    }
    out.retain(|e| !matches!(e, Ev::Md(Event::Text(s)) if s.is_empty()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(t: &str) -> String {
        let evs = apply(vec![Ev::Md(Event::Text(CowStr::from(t.to_string())))]);
        let mut s = String::new();
        pulldown_cmark::html::push_html(
            &mut s,
            evs.into_iter().map(|e| match e {
                Ev::Md(e) => e,
                _ => unreachable!(),
            }),
        );
        s
    }

    #[test]
    fn the_quick_check_is_the_five_searches() {
        for t in [
            "", "a", "http://x", "a:/b", ":", "//:", "www.", "ww.w", "wwww", "mailto:", "mailto",
            "ailto:", "+", "+ +", "a++", "=", "a==b", "= =", "x:y+z=w.", "https:/", "www", ".www",
            "mailto:x", "€=€=", "=€=",
        ] {
            let slow = t.contains("://")
                || t.contains("www.")
                || t.contains("mailto:")
                || t.contains("++")
                || t.contains("==");
            assert_eq!(super::may_have_extras(t), slow, "{t:?}");
        }
    }

    #[test]
    fn bare_urls_ins_and_mark() {
        assert_eq!(
            html("See https://example.org/a_(b). Or www.example.org, x"),
            "See <a href=\"https://example.org/a_(b)\">https://example.org/a_(b)</a>. Or <a href=\"http://www.example.org\">www.example.org</a>, x"
        );
        assert_eq!(
            html("a ++new++ and ==hot== b"),
            "a <ins>new</ins> and <mark>hot</mark> b"
        );
        assert_eq!(html("a ++ b ++ c == d"), "a ++ b ++ c == d");
        assert_eq!(html("www. alone"), "www. alone");
        assert_eq!(
            html("C++/CLI and C++ or a==b==c"),
            "C++/CLI and C++ or a==b==c"
        );
    }
}
