//! A YAML landing page in all its variants: the page's links resolved per
//! variant (titles of linked pages in the source locale), the HTML from
//! [`landing`](crate::landing), wrapped in `page.html`.

use super::links::VariantLinks;
use super::view::PageText;
use super::{PageOutcome, Sink, Site};
use crate::bilingual::Side;
use crate::docset::{EnvId, PageInfo, Untranslated, Variant};
use crate::landing;
use crate::markdown::{LinkKind, LinkResolver};
use crate::paths;
use crate::search::SearchDoc;

impl Site {
    pub(super) fn render_landing(
        &self,
        page: &PageInfo,
        value: &serde_yaml::Value,
        envs: &[EnvId],
        sink: Option<Sink>,
        o: &mut PageOutcome,
    ) {
        let ds = &self.docset;
        let mut recorded = false;
        // Lines of link URLs, for diagnostics.
        let source_text =
            std::fs::read_to_string(ds.config.root.join(&page.rel)).unwrap_or_default();
        let here = paths::dir_of(&page.rel);
        for &env in envs {
            for &li in &ds.selected_locales {
                let variant = Variant::new(li, env);
                let loc = &ds.locales[li];
                let links = VariantLinks::new(ds, page, variant, li == ds.selected_locales[0]);
                let link = |url: &str| -> (String, Option<String>) {
                    let href = links.resolve(
                        url,
                        LinkKind::Link,
                        &page.rel,
                        landing::line_in(&source_text, url),
                    );
                    let title = if paths::is_external(url) {
                        None
                    } else {
                        let (p, _, _) = paths::split_url(url);
                        paths::resolve(here, &paths::percent_decode(p))
                            .and_then(|t| ds.page(&t))
                            .map(|p| p.title_in(Side::Source))
                    };
                    (href, title)
                };
                let (html, untranslated) = landing::render_html(value, loc.side, &link);
                let (issues, bookmarks) = links.into_findings();
                o.issues.extend(issues);
                o.bookmarks.extend(bookmarks);
                if loc.side == Side::Source && !recorded {
                    o.untranslated
                        .extend(untranslated.into_iter().map(|(what, text)| Untranslated {
                            file: page.rel.clone(),
                            what,
                            text,
                        }));
                    recorded = true;
                }
                let text = PageText {
                    title: page.title.clone(),
                    description: page.description.clone().unwrap_or_default(),
                    content: &html,
                    outline: Vec::new(),
                };
                let view = self.page_view(page, variant, text);
                if let Some(h) =
                    self.render_template("page.html", &view, &page.rel, &mut o.diagnostics)
                {
                    o.bytes.push((variant, h.len() as u64));
                    self.write(sink, &variant.file(ds, &page.html_rel), &h, o);
                }
                if sink.is_some() {
                    o.search.push((
                        variant,
                        SearchDoc {
                            href: page.html_rel.clone(),
                            title: page.title.clone(),
                            breadcrumb: String::new(),
                            text: "".into(),
                        },
                    ));
                }
            }
        }
    }
}
