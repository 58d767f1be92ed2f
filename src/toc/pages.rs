//! Which TOC each page shows: the TOC that references it, else the nearest
//! one up its folders.

use super::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Folder segments of a path's parent folder.
fn folder_segments(path: &str) -> Vec<String> {
    paths::dir_of(path)
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.to_lowercase())
        .collect()
}

/// Sort key for "nearest to the page in the folder tree": tree distance
/// between the page's folder and the TOC's folder, then TOCs in an ancestor
/// folder of the page before others, then the TOC path.
fn nearness(page: &str, toc: &str) -> (usize, bool, String) {
    let p = folder_segments(page);
    let t = folder_segments(toc);
    let common = p.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let distance = (p.len() - common) + (t.len() - common);
    (distance, common != t.len(), toc.to_string())
}

/// Which TOC each page uses: the TOC that references it (directly, after
/// nesting; a page referenced by several: the one nearest to it in the folder
/// tree — see [`nearness`] — ties by path order), else the nearest toc file up
/// the folder tree from the page. TOCs that are spliced into another TOC
/// (their nodes appear in another resolved TOC) are only used when no other
/// TOC qualifies. Page paths are compared case-insensitively. Returns page
/// path → toc path for every page in `pages` that has one. The caller should
/// leave breadcrumb TOCs out of `resolved`.
pub fn assign_pages(resolved: &BTreeMap<String, Toc>, pages: &[String]) -> HashMap<String, String> {
    // TOCs whose nodes were spliced into another TOC.
    let mut nested: HashSet<String> = HashSet::new();
    fn collect_files(nodes: &[TocNode], own: &str, out: &mut HashSet<String>) {
        for n in nodes {
            if n.file != own {
                out.insert(n.file.clone());
            }
            collect_files(&n.items, own, out);
        }
    }
    for (k, toc) in resolved {
        collect_files(&toc.items, k, &mut nested);
    }

    // lowercase page path → (primary TOCs, nested TOCs) referencing it
    let mut refs: HashMap<String, (Vec<&str>, Vec<&str>)> = HashMap::new();
    fn collect_pages(nodes: &[TocNode], out: &mut Vec<String>) {
        for n in nodes {
            if let TocTarget::Page { path, .. } = &n.target {
                out.push(path.to_lowercase());
            }
            collect_pages(&n.items, out);
        }
    }
    for (k, toc) in resolved {
        let mut ps = Vec::new();
        collect_pages(&toc.items, &mut ps);
        ps.sort();
        ps.dedup();
        let is_nested = nested.contains(k);
        for p in ps {
            let e = refs.entry(p).or_default();
            if is_nested {
                e.1.push(k);
            } else {
                e.0.push(k);
            }
        }
    }

    // lowercase folder → (primary TOCs, nested TOCs) in that folder
    let mut by_folder: HashMap<String, (Vec<&str>, Vec<&str>)> = HashMap::new();
    for k in resolved.keys() {
        let e = by_folder
            .entry(paths::dir_of(k).to_lowercase())
            .or_default();
        if nested.contains(k) {
            e.1.push(k);
        } else {
            e.0.push(k);
        }
    }

    let mut out = HashMap::new();
    for page in pages {
        let best = |c: &[&str]| -> Option<String> {
            c.iter()
                .min_by_key(|t| nearness(page, t))
                .map(|t| t.to_string())
        };
        let by_ref = refs
            .get(&page.to_lowercase())
            .and_then(|(p, n)| best(p).or_else(|| best(n)));
        let chosen = by_ref.or_else(|| {
            let lower = page.to_lowercase();
            let mut dir = paths::dir_of(&lower).to_string();
            let mut fallback = None;
            loop {
                if let Some((p, n)) = by_folder.get(&dir) {
                    if let Some(first) = p.first() {
                        return Some(first.to_string());
                    }
                    if fallback.is_none() {
                        fallback = n.first().map(|s| s.to_string());
                    }
                }
                if dir.is_empty() {
                    return fallback;
                }
                dir = paths::dir_of(&dir).to_string();
            }
        });
        if let Some(t) = chosen {
            out.insert(page.clone(), t);
        }
    }
    out
}
