//! Projection: a TOC filtered for one environment with the current page
//! marked ([`NavNode`]s), and breadcrumb trails.

use super::*;

/// A TOC projected for one variant.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NavNode {
    pub label: String,
    pub href: Option<String>,
    pub current: bool,
    pub expanded: bool,
    pub items: Vec<NavNode>,
}

/// Project a (resolved) TOC for one variant: a node whose Page target does
/// not exist in the variant (`page_exists` false) is removed — unless some of
/// its children survive, then it stays as a group without link; groups (no
/// target, or an unresolved Nested/Reference) left with no children are
/// pruned; External nodes are kept. Labels and hrefs come from the caller
/// (`href` returning `None` gives a node without link). The node(s) of
/// `current_page` (compared case-insensitively, anchors ignored) are marked
/// `current`, and every ancestor of a current node is `expanded`.
pub fn project(
    toc: &Toc,
    page_exists: &dyn Fn(&str) -> bool,
    label: &dyn Fn(&TocNode) -> String,
    href: &dyn Fn(&TocTarget) -> Option<String>,
    current_page: Option<&str>,
) -> Vec<NavNode> {
    fn go(
        nodes: &[TocNode],
        page_exists: &dyn Fn(&str) -> bool,
        label: &dyn Fn(&TocNode) -> String,
        href: &dyn Fn(&TocTarget) -> Option<String>,
        current_page: Option<&str>,
    ) -> (Vec<NavNode>, bool) {
        let mut out = Vec::new();
        let mut any_current = false;
        for n in nodes {
            let (items, child_current) = go(&n.items, page_exists, label, href, current_page);
            let (link, current) = match &n.target {
                TocTarget::Page { path, .. } => {
                    if page_exists(path) {
                        let cur = current_page.is_some_and(|c| c.eq_ignore_ascii_case(path));
                        (href(&n.target), cur)
                    } else if items.is_empty() {
                        continue;
                    } else {
                        (None, false)
                    }
                }
                TocTarget::External(_) => (href(&n.target), false),
                TocTarget::None | TocTarget::Nested(_) | TocTarget::Reference(_) => {
                    if items.is_empty() {
                        continue;
                    }
                    (None, false)
                }
            };
            any_current |= current || child_current;
            out.push(NavNode {
                label: label(n),
                href: link,
                current,
                expanded: n.expanded || child_current,
                items,
            });
        }
        (out, any_current)
    }
    go(&toc.items, page_exists, label, href, current_page).0
}

/// Path (labels + targets) from a TOC root to the node of `page`, for
/// breadcrumbs: the first node in document order whose Page target is `page`
/// (exact match preferred, then case-insensitive; a node without anchor
/// preferred). Empty when the page is not in the TOC. The reference
/// [`BreadcrumbIndex`] is tested against.
#[cfg(test)]
pub fn path_to<'t>(toc: &'t Toc, page: &str) -> Vec<&'t TocNode> {
    fn find<'t>(
        nodes: &'t [TocNode],
        hit: &dyn Fn(&TocNode) -> bool,
        trail: &mut Vec<&'t TocNode>,
    ) -> bool {
        for n in nodes {
            trail.push(n);
            if hit(n) || find(&n.items, hit, trail) {
                return true;
            }
            trail.pop();
        }
        false
    }
    let tests: [&dyn Fn(&TocNode) -> bool; 3] = [
        &|n| matches!(&n.target, TocTarget::Page { path, anchor: None } if path == page),
        &|n| matches!(&n.target, TocTarget::Page { path, .. } if path == page),
        &|n| matches!(&n.target, TocTarget::Page { path, .. } if path.eq_ignore_ascii_case(page)),
    ];
    for t in tests {
        let mut trail = Vec::new();
        if find(&toc.items, t, &mut trail) {
            return trail;
        }
    }
    Vec::new()
}

/// `path_to` for every page of a TOC at once: one walk of the tree, then a
/// lookup per page instead of a walk per page (which made breadcrumbs
/// quadratic in the size of the TOC: a 20,000-page docset spent a sixth of
/// its build in it).
#[derive(Debug, Default)]
pub struct BreadcrumbIndex {
    /// Page path → child positions from the root to its first node without
    /// an anchor…
    exact: HashMap<String, Vec<u32>>,
    /// …to its first node with or without one…
    any: HashMap<String, Vec<u32>>,
    /// …and, by ASCII-lowercased path, to its first node whatever the case.
    folded: HashMap<String, Vec<u32>>,
}

impl BreadcrumbIndex {
    pub fn new(toc: &Toc) -> BreadcrumbIndex {
        fn walk(nodes: &[TocNode], trail: &mut Vec<u32>, index: &mut BreadcrumbIndex) {
            for (i, n) in nodes.iter().enumerate() {
                trail.push(i as u32);
                if let TocTarget::Page { path, anchor } = &n.target {
                    if anchor.is_none() {
                        index
                            .exact
                            .entry(path.clone())
                            .or_insert_with(|| trail.clone());
                    }
                    index
                        .any
                        .entry(path.clone())
                        .or_insert_with(|| trail.clone());
                    index
                        .folded
                        .entry(path.to_ascii_lowercase())
                        .or_insert_with(|| trail.clone());
                }
                walk(&n.items, trail, index);
                trail.pop();
            }
        }
        let mut index = BreadcrumbIndex::default();
        walk(&toc.items, &mut Vec::new(), &mut index);
        index
    }

    /// The same as `path_to``(toc, page)`, `toc` being the TOC this index
    /// was made of.
    pub fn path_to<'t>(&self, toc: &'t Toc, page: &str) -> Vec<&'t TocNode> {
        let Some(trail) = self
            .exact
            .get(page)
            .or_else(|| self.any.get(page))
            .or_else(|| self.folded.get(&page.to_ascii_lowercase()))
        else {
            return Vec::new();
        };
        let mut nodes = &toc.items;
        let mut out = Vec::with_capacity(trail.len());
        for &i in trail {
            let n = &nodes[i as usize];
            out.push(n);
            nodes = &n.items;
        }
        out
    }
}
