//! `TOC.md`: Markdown headings (`# [name](href)`) read into [`TocNode`]s.

use super::*;

struct Heading {
    level: u32,
    line: u32,
    links: usize,
    in_link: bool,
    dest: String,
    link_text: String,
    outside: String,
}

pub(super) fn parse_md(cx: &mut Cx, text: &str) -> Vec<TocNode> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |off: usize| -> u32 {
        match line_starts.binary_search(&off) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    };

    // (written level, node) of the open headings.
    let mut stack: Vec<(u32, TocNode)> = Vec::new();
    let mut roots: Vec<TocNode> = Vec::new();
    fn close(stack: &mut Vec<(u32, TocNode)>, roots: &mut Vec<TocNode>) {
        if let Some((_, n)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.items.push(n),
                None => roots.push(n),
            }
        }
    }

    let mut depth = 0usize;
    let mut heading: Option<Heading> = None;
    let parser = Parser::new_ext(text, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    for (ev, range) in parser.into_offset_iter() {
        match ev {
            Event::Start(tag) => {
                if depth == 0 {
                    match &tag {
                        Tag::Heading { level, .. } => {
                            heading = Some(Heading {
                                level: *level as u32,
                                line: line_of(range.start),
                                links: 0,
                                in_link: false,
                                dest: String::new(),
                                link_text: String::new(),
                                outside: String::new(),
                            });
                        }
                        Tag::MetadataBlock(_) => {}
                        Tag::HtmlBlock => {
                            if !only_comments(&text[range.clone()]) {
                                cx.warn(
                                    Code::TocInvalidSyntax,
                                    line_of(range.start),
                                    "TOC.md may hold only headings and comments".into(),
                                );
                            }
                        }
                        _ => cx.warn(
                            Code::TocInvalidSyntax,
                            line_of(range.start),
                            "TOC.md may hold only headings (`# [Name](href)`) and comments".into(),
                        ),
                    }
                } else if let (Some(h), Tag::Link { dest_url, .. }) = (heading.as_mut(), &tag) {
                    h.links += 1;
                    if h.links == 1 {
                        h.dest = dest_url.to_string();
                        h.in_link = true;
                    }
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                match end {
                    TagEnd::Link => {
                        if let Some(h) = heading.as_mut() {
                            h.in_link = false;
                        }
                    }
                    TagEnd::Heading(_) if depth == 0 => {
                        if let Some(h) = heading.take() {
                            let node = heading_node(cx, h);
                            let level = node.1;
                            while stack.last().is_some_and(|(l, _)| *l >= level) {
                                close(&mut stack, &mut roots);
                            }
                            let expected = stack.last().map(|(l, _)| l + 1).unwrap_or(1);
                            if level > expected {
                                cx.warn(
                                    Code::TocInvalidLevel,
                                    node.0.line,
                                    format!(
                                        "heading level {level} skips a level (expected at most {expected})"
                                    ),
                                );
                            }
                            stack.push((level, node.0));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    if h.in_link {
                        h.link_text.push_str(&t);
                    } else {
                        h.outside.push_str(&t);
                    }
                } else if depth == 0 {
                    cx.warn(
                        Code::TocInvalidSyntax,
                        line_of(range.start),
                        "TOC.md may hold only headings and comments".into(),
                    );
                }
            }
            Event::Rule if depth == 0 => cx.warn(
                Code::TocInvalidSyntax,
                line_of(range.start),
                "TOC.md may hold only headings and comments".into(),
            ),
            _ => {}
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

/// Is this HTML only comments and whitespace?
fn only_comments(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(r) = rest.strip_prefix("<!--") {
        match r.find("-->") {
            Some(i) => rest = r[i + 3..].trim_start(),
            None => return true, // unterminated comment runs to the end
        }
    }
    rest.is_empty()
}

/// Turn a collected heading into a node; returns the node and its level.
fn heading_node(cx: &mut Cx, h: Heading) -> (TocNode, u32) {
    let mut name;
    let mut target = TocTarget::None;
    if h.links > 0 {
        name = h.link_text.trim().to_string();
        if h.links > 1 || !h.outside.trim().is_empty() {
            cx.warn(
                Code::TocInvalidSyntax,
                h.line,
                "a TOC.md heading must hold exactly one link or plain text".into(),
            );
        }
        target = resolve_href(cx, h.line, &h.dest);
    } else {
        let text = h.outside.trim();
        name = text.to_string();
        // `[Name](a b.md)`: not a CommonMark link (space in the destination).
        if let Some((n, d)) = text
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(')'))
            .and_then(|t| t.split_once("]("))
        {
            let d = d.trim();
            let d = d
                .strip_prefix('<')
                .and_then(|d| d.strip_suffix('>'))
                .unwrap_or(d);
            name = n.trim().to_string();
            target = resolve_href(cx, h.line, d);
        } else if let Some(uid) = text.strip_prefix('@') {
            name = uid.trim().to_string();
            target = TocTarget::External(format!("xref:{}", uid.trim()));
        }
    }
    if name.is_empty() {
        cx.warn(
            Code::TocMissingName,
            h.line,
            "TOC.md heading has no text".into(),
        );
    }
    let node = TocNode {
        name,
        target,
        expanded: false,
        items: Vec::new(),
        file: cx.file.clone(),
        line: h.line,
        topic: None,
        toc_href: None,
    };
    (node, h.level)
}
