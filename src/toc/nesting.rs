//! Nesting: nested TOCs spliced into their parents, folder references
//! turned into links to their first page, cycles and missing TOCs reported.

use super::*;
use std::collections::BTreeMap;

/// Looks TOC files up by path, case-insensitively, and by folder.
struct TocIndex<'a> {
    tocs: &'a BTreeMap<String, Toc>,
    by_lower: HashMap<String, &'a str>,
    by_folder: HashMap<String, &'a str>,
}

impl<'a> TocIndex<'a> {
    fn new(tocs: &'a BTreeMap<String, Toc>) -> Self {
        let mut by_lower = HashMap::new();
        let mut by_folder: HashMap<String, &str> = HashMap::new();
        for k in tocs.keys() {
            by_lower.entry(k.to_lowercase()).or_insert(k.as_str());
            let name = k.rsplit('/').next().unwrap_or(k);
            if is_toc_file_name(name) {
                let folder = paths::dir_of(k).to_lowercase();
                // Prefer toc.yml over TOC.md in one folder.
                let better = match by_folder.get(&folder) {
                    None => true,
                    Some(old) => {
                        old.to_ascii_lowercase().ends_with(".md")
                            && !k.to_ascii_lowercase().ends_with(".md")
                    }
                };
                if better {
                    by_folder.insert(folder, k.as_str());
                }
            }
        }
        TocIndex {
            tocs,
            by_lower,
            by_folder,
        }
    }

    fn nested(&self, path: &str) -> Option<&'a str> {
        if let Some((k, _)) = self.tocs.get_key_value(path) {
            return Some(k.as_str());
        }
        self.by_lower.get(&path.to_lowercase()).copied()
    }

    fn folder(&self, toc_path: &str) -> Option<&'a str> {
        self.nested(toc_path).or_else(|| {
            self.by_folder
                .get(&paths::dir_of(toc_path).to_lowercase())
                .copied()
        })
    }
}

/// Splice nested TOCs into their parents (children replace the Nested target,
/// followed by the node's own items if it had any; the node keeps its
/// topicHref link if any, else [`TocTarget::None`]), recursively, with cycle
/// detection (`toc-circular-reference`, error) and missing files
/// (`toc-not-found`, warning). Reference targets become a link to the first
/// page of the referenced TOC. Input: every parsed TOC keyed by
/// docset-relative path; output: the same keys, resolved. Spliced nodes keep
/// the `file`/`line` of the TOC that defines them.
pub fn resolve_nested(tocs: &BTreeMap<String, Toc>) -> (BTreeMap<String, Toc>, Vec<Diagnostic>) {
    let index = TocIndex::new(tocs);
    let mut diags = Vec::new();
    let mut out = BTreeMap::new();
    for (path, toc) in tocs {
        let mut stack = vec![path.as_str()];
        let items = resolve_items(&toc.items, &index, &mut stack, &mut diags);
        out.insert(
            path.clone(),
            Toc {
                path: path.clone(),
                items,
            },
        );
    }
    let mut seen = HashSet::new();
    diags.retain(|d: &Diagnostic| seen.insert((d.file.clone(), d.line, d.code, d.message.clone())));
    (out, diags)
}

fn resolve_items<'a>(
    items: &[TocNode],
    index: &TocIndex<'a>,
    stack: &mut Vec<&'a str>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<TocNode> {
    items
        .iter()
        .map(|n| resolve_node(n, index, stack, diags))
        .collect()
}

fn resolve_node<'a>(
    n: &TocNode,
    index: &TocIndex<'a>,
    stack: &mut Vec<&'a str>,
    diags: &mut Vec<Diagnostic>,
) -> TocNode {
    let mut node = n.clone();
    node.items = resolve_items(&n.items, index, stack, diags);
    let topic = node.topic.take();
    match &n.target {
        TocTarget::Nested(p) => {
            node.target = topic.unwrap_or(TocTarget::None);
            match index.nested(p) {
                None => diags.push(Diagnostic::warning(
                    Code::TocNotFound,
                    n.file.clone(),
                    n.line,
                    0,
                    format!("nested TOC `{p}` not found"),
                )),
                Some(key) if stack.contains(&key) => {
                    let chain: Vec<&str> = stack.iter().copied().chain([key]).collect();
                    diags.push(Diagnostic::error(
                        Code::TocCircularReference,
                        n.file.clone(),
                        n.line,
                        0,
                        format!("circular TOC reference: {}", chain.join(" → ")),
                    ));
                }
                Some(key) => {
                    stack.push(key);
                    let mut children = resolve_items(&index.tocs[key].items, index, stack, diags);
                    stack.pop();
                    children.append(&mut node.items);
                    node.items = children;
                }
            }
        }
        TocTarget::Reference(p) => {
            node.target = match index.folder(p) {
                None => {
                    diags.push(Diagnostic::warning(
                        Code::TocNotFound,
                        n.file.clone(),
                        n.line,
                        0,
                        format!(
                            "referenced TOC `{p}` (folder `{}/`) not found",
                            paths::dir_of(p)
                        ),
                    ));
                    topic.unwrap_or(TocTarget::None)
                }
                Some(key) => match topic {
                    Some(t) => t,
                    None => {
                        let mut visited = HashSet::new();
                        first_page(key, index, &mut visited).unwrap_or(TocTarget::None)
                    }
                },
            };
        }
        _ => {}
    }
    node
}

/// The first page of a TOC (pre-order), looking through nesting and references.
fn first_page<'a>(
    key: &'a str,
    index: &TocIndex<'a>,
    visited: &mut HashSet<&'a str>,
) -> Option<TocTarget> {
    if !visited.insert(key) {
        return None;
    }
    fn walk<'a>(
        nodes: &[TocNode],
        index: &TocIndex<'a>,
        visited: &mut HashSet<&'a str>,
    ) -> Option<TocTarget> {
        for n in nodes {
            if let Some(t @ TocTarget::Page { .. }) = &n.topic {
                return Some(t.clone());
            }
            match &n.target {
                t @ TocTarget::Page { .. } => return Some(t.clone()),
                TocTarget::Nested(p) => {
                    if let Some(t) = index.nested(p).and_then(|k| first_page(k, index, visited)) {
                        return Some(t);
                    }
                }
                TocTarget::Reference(p) => {
                    if let Some(t) = index.folder(p).and_then(|k| first_page(k, index, visited)) {
                        return Some(t);
                    }
                }
                _ => {}
            }
            if let Some(t) = walk(&n.items, index, visited) {
                return Some(t);
            }
        }
        None
    }
    walk(&index.tocs[key].items, index, visited)
}
