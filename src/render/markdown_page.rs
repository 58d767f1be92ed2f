//! A Markdown page in all its variants: composed per environment
//! (environments whose text is the same share one parse), rendered per
//! locale, wrapped in `page.html`, plus its search entries.

use super::links::{HintCache, VariantLinks};
use super::view::{OutlineView, PageContexts, PageText};
use super::{PageOutcome, Sink, Site};
use crate::bilingual::Side;
use crate::docset::{EnvId, PageInfo, Untranslated, Variant};
use crate::markdown::{self, Prepared, Rendered};
use crate::resolve::{self, PageContext};
use crate::search::{SearchDoc, SearchText};
use crate::source::SourceFile;
use std::collections::HashMap;
use std::sync::Arc;

/// Characters of a page's text kept for its search entry (the opening of the
/// article: title, breadcrumb and headings are indexed besides).
const SEARCH_TEXT_CHARS: usize = 3000;

fn truncate_chars(s: &str, n: usize) -> String {
    // The byte offset of the character after the first `n` (none: all fit).
    let Some((cut, _)) = s.char_indices().nth(n) else {
        return s.to_string();
    };
    let mut out = s[..cut].to_string();
    if let Some(i) = out.rfind(' ') {
        out.truncate(i);
    }
    out.push('…');
    out
}

impl Site {
    pub(super) fn render_markdown(
        &self,
        page: &PageInfo,
        file: &Arc<SourceFile>,
        envs: &[EnvId],
        sink: Option<Sink>,
        o: &mut PageOutcome,
    ) {
        let ds = &self.docset;
        let file = &ds.store.full(file);
        let groups = self.compose(page, file, envs, o);
        let mut recorded_untranslated = false;
        let hints = HintCache::default();
        let mut contexts = PageContexts::default();
        for (composed, genvs) in &groups {
            let prepared = markdown::prepare_with(
                composed,
                &ds.config.custom_alerts,
                &ds.config.markdig_extensions,
                &mut o.diagnostics,
            );
            // Environments that share this text share its search text too
            // (held until the indexes are built: memory grows with pages, not variants).
            let mut shared_text: HashMap<usize, SearchText> = HashMap::new();
            for &env in genvs {
                o.add_anchors(env, &prepared.anchors);
                for &li in &ds.selected_locales {
                    let variant = Variant::new(li, env);
                    let r = self.article(page, &prepared, variant, &hints, o);
                    if r.html.contains("<span class=\"math\">")
                        || r.html.contains("<div class=\"math\">")
                    {
                        o.math = true;
                        self.has_math
                            .store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    let (title, description) = match ds.locales[li].side {
                        Side::Target => (
                            page.title.clone(),
                            page.description.clone().unwrap_or_default(),
                        ),
                        Side::Source => {
                            let record = !std::mem::replace(&mut recorded_untranslated, true);
                            source_texts(page, &r, record, o)
                        }
                    };
                    let text = PageText {
                        title: title.clone(),
                        description,
                        content: &r.html,
                        outline: OutlineView::list(&r.outline),
                    };
                    let view = self.page_view(page, variant, text);
                    if let Some(html) = self.render_page_html(
                        &view,
                        variant,
                        &mut contexts,
                        &page.rel,
                        &mut o.diagnostics,
                    ) {
                        o.bytes.push((variant, html.len() as u64));
                        self.write(sink, &variant.file(ds, &page.html_rel), &html, o);
                    }
                    let Some(sink) = sink else {
                        // `check`: no search index is built.
                        continue;
                    };
                    let text = shared_text.entry(li).or_insert_with(|| {
                        SearchText::new(&truncate_chars(&r.text, SEARCH_TEXT_CHARS), sink.spill)
                    });
                    o.search.push((
                        variant,
                        SearchDoc {
                            href: page.html_rel.clone(),
                            title,
                            breadcrumb: view.breadcrumb_line(),
                            text: text.clone(),
                        },
                    ));
                }
            }
        }
        o.includes.sort();
        o.includes.dedup();
        o.snippets.sort();
        o.snippets.dedup();
        // One report per page, whatever the number of its environments and
        // locales: the collector's count is then the number of pages affected.
        let mut seen = std::collections::HashSet::new();
        o.diagnostics.retain(|d| seen.insert(d.clone()));
    }

    /// The article of `page` in `variant`; link findings go to `o`.
    fn article(
        &self,
        page: &PageInfo,
        prepared: &Prepared,
        variant: Variant,
        hints: &HintCache,
        o: &mut PageOutcome,
    ) -> Rendered {
        let ds = &self.docset;
        let loc = &ds.locales[variant.locale];
        let strings = ds.strings(variant.locale);
        // Link problems are the same in every locale: recorded in the first.
        let record = variant.locale == ds.selected_locales[0];
        let links = VariantLinks::new(self, page, variant, record, hints);
        let message = |id: &str| strings.get(id).map(str::to_string);
        let opts = markdown::RenderOptions {
            side: loc.side,
            hover: loc.hover,
            source_lang: &ds.source_locale,
            source_dir: source_dir(ds.config.is_rtl(&ds.source_locale), loc.rtl),
            message: &message,
            links: &links,
            fallback_lang: (loc.side == crate::bilingual::Side::Source)
                .then(|| ds.locales.iter().find(|l| l.side != loc.side))
                .flatten()
                .map(|l| l.tag.as_str()),
        };
        let r = markdown::render(prepared, &opts);
        let (issues, bookmarks) = links.into_findings();
        o.issues.extend(issues);
        o.bookmarks.extend(bookmarks);
        r
    }

    /// The page's text per environment, environments with the same text
    /// grouped (a page without moniker blocks is composed once).
    fn compose(
        &self,
        page: &PageInfo,
        file: &Arc<SourceFile>,
        envs: &[EnvId],
        o: &mut PageOutcome,
    ) -> Vec<(resolve::Composed, Vec<EnvId>)> {
        let mut groups: Vec<(resolve::Composed, Vec<EnvId>)> = Vec::new();
        for &env in envs {
            if let Some(g) = groups.iter_mut().find(|g| !g.0.varies_by_environment) {
                g.1.push(env);
                continue;
            }
            let ctx = PageContext {
                store: &self.docset.store,
                page: file,
                page_monikers: &page.monikers,
                env,
                refs: &self.docset.refs,
            };
            let (composed, d) = resolve::compose(&ctx);
            o.diagnostics.extend(d);
            if let Some(g) = groups.iter_mut().find(|g| g.0.text == composed.text) {
                g.1.push(env);
            } else {
                o.includes.extend(composed.includes.iter().cloned());
                o.snippets.extend(composed.snippets.iter().cloned());
                groups.push((composed, vec![env]));
            }
        }
        groups
    }
}

/// Title and description of a page in the source locale: its English H1 and
/// first paragraph, else the content locale's (recorded as untranslated
/// once per page when `record`).
fn source_texts(
    page: &PageInfo,
    r: &Rendered,
    record: bool,
    o: &mut PageOutcome,
) -> (String, String) {
    let title = r.h1.clone().filter(|t| !t.is_empty());
    let desc = r.first_paragraph.as_deref().map(|p| truncate_chars(p, 160));
    if record {
        if title.is_none() {
            o.untranslated.push(Untranslated {
                file: page.rel.clone(),
                what: "title".into(),
                text: page.title.clone(),
            });
        }
        if desc.is_none() {
            if let Some(d) = &page.description {
                o.untranslated.push(Untranslated {
                    file: page.rel.clone(),
                    what: "description".into(),
                    text: d.clone(),
                });
            }
        }
    }
    (
        title.unwrap_or_else(|| page.title.clone()),
        desc.or_else(|| page.description.clone())
            .unwrap_or_default(),
    )
}

/// `dir` for the source text inside a page: only where it differs from the
/// page's own direction (an English source on a right-to-left page).
pub(super) fn source_dir(source_rtl: bool, page_rtl: bool) -> Option<&'static str> {
    (source_rtl != page_rtl).then_some(if source_rtl { "rtl" } else { "ltr" })
}

#[cfg(test)]
mod tests {
    use super::truncate_chars;

    #[test]
    fn truncation_counts_characters_and_cuts_at_a_space() {
        assert_eq!(truncate_chars("één twee", 8), "één twee");
        assert_eq!(truncate_chars("één twee drie", 7), "één…");
        assert_eq!(truncate_chars("één twee drie", 9), "één twee…");
        assert_eq!(truncate_chars("ééééé", 3), "ééé…");
        assert_eq!(truncate_chars("", 0), "");
        assert_eq!(truncate_chars("ab", 0), "…");
    }
}
