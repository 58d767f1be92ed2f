//! The view model of `page.html`: what a page template sees ([`PageView`]:
//! titles, the variant's links — languages, environments, alternates,
//! breadcrumbs, TOC and search scripts —, the article and its outline), and
//! rendering a template with it.

use super::Site;
use crate::bilingual::Side;
use crate::diagnostics::{Code, Diagnostic};
use crate::docset::{to_site_root, Docset, EnvId, LocaleId, PageInfo, Variant};
use crate::nav::Crumb;
use crate::search;
use crate::templates;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Serialize)]
struct LanguageView {
    lang: String,
    label: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct EnvView {
    name: String,
    label: String,
    href: Option<String>,
    home: String,
    current: bool,
    absent_text: String,
}

/// One heading of the page's outline.
#[derive(Serialize)]
pub(super) struct OutlineView {
    level: u8,
    id: String,
    text: String,
}

impl OutlineView {
    /// The outline of a rendered article: (level, id, text) per heading.
    pub(super) fn list(outline: &[(u8, String, String)]) -> Vec<OutlineView> {
        outline
            .iter()
            .map(|(level, id, text)| OutlineView {
                level: *level,
                id: id.clone(),
                text: text.clone(),
            })
            .collect()
    }
}

#[derive(Serialize)]
struct AltView {
    hreflang: String,
    href: String,
}

/// What `page.html` is rendered with.
#[derive(Serialize)]
pub(super) struct PageView<'a> {
    lang: &'a str,
    dir: &'a str,
    variant_root: String,
    full_title: String,
    title: String,
    description: String,
    canonical: Option<String>,
    alternates: Vec<AltView>,
    assets: String,
    body_class: String,
    /// Put into the locale's context once (see [`PageContexts`]).
    #[serde(skip)]
    t: &'a BTreeMap<String, String>,
    home: String,
    site_title: &'a str,
    logo: Option<String>,
    languages: Vec<LanguageView>,
    environments: Vec<EnvView>,
    search_page: Option<String>,
    search_script: Option<String>,
    toc_script: Option<String>,
    toc_page: Option<String>,
    breadcrumbs: Vec<Crumb>,
    machine_translated: bool,
    source_href: Option<String>,
    source_lang: &'a str,
    hover: bool,
    content: &'a str,
    outline: Vec<OutlineView>,
    locale: &'a str,
    environment: &'a str,
    /// The environment's display name in this locale.
    environment_label: String,
}

/// An environment's display name in a locale: the Fluent message
/// `environment-name-<moniker>`, else tolk.yml `environmentNames`, else its moniker.
pub fn env_label(ds: &Docset, locale: LocaleId, env: EnvId) -> String {
    let name = ds.env_name(env);
    ds.strings(locale)
        .get(&format!("environment-name-{name}"))
        .map(str::to_string)
        .or_else(|| ds.config.environment_names.get(name).cloned())
        .unwrap_or_else(|| name.to_string())
}

impl PageView<'_> {
    /// The breadcrumb labels as one line (`A › B › C`).
    pub(super) fn breadcrumb_line(&self) -> String {
        self.breadcrumbs
            .iter()
            .map(|c| c.label.clone())
            .collect::<Vec<_>>()
            .join(" › ")
    }
}

/// The template contexts of one page's variants, one per locale: the
/// locale's interface strings (`t`) go in once, and each variant's view
/// replaces every other value (a view always sets all of its fields).
#[derive(Default)]
pub(super) struct PageContexts(HashMap<LocaleId, tera::Context>);

/// The texts a page shows besides its article.
pub(super) struct PageText<'a> {
    pub(super) title: String,
    pub(super) description: String,
    pub(super) content: &'a str,
    pub(super) outline: Vec<OutlineView>,
}

impl Site {
    /// Render a generated page (search page, fallback home) with the page template.
    pub fn render_plain(
        &self,
        page: &PageInfo,
        variant: Variant,
        body: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let text = PageText {
            title: page.title.clone(),
            description: String::new(),
            content: body,
            outline: Vec::new(),
        };
        let view = self.page_view(page, variant, text);
        self.render_page_html(
            &view,
            variant,
            &mut PageContexts::default(),
            &page.rel,
            diags,
        )
    }

    /// The view of `page` in `variant`.
    pub(super) fn page_view<'a>(
        &'a self,
        page: &PageInfo,
        variant: Variant,
        text: PageText<'a>,
    ) -> PageView<'a> {
        let ds = &self.docset;
        let loc = &ds.locales[variant.locale];
        let strings = ds.strings(variant.locale);
        let variant_root = variant.root_from(ds, &page.rel);
        let mut text = text;
        // A title shown without English on a source-locale page: the labels file's English.
        if loc.side == Side::Source && page.title_source.is_none() && text.title == page.title {
            if let Some(en) = self.nav.labels.english_of_page(&page.rel, &page.title) {
                text.title = en;
            }
        }
        let full_title = match &page.title_suffix {
            Some(s) => format!("{} - {s}", text.title),
            None => format!("{} - {}", text.title, ds.config.site_title),
        };
        let toc = self.nav.toc_of(&page.rel);
        PageView {
            lang: &loc.tag,
            dir: if loc.rtl { "rtl" } else { "ltr" },
            full_title,
            title: text.title,
            description: text.description,
            canonical: self.absolute_url(page, variant),
            alternates: self.alternates(page, variant),
            assets: format!("{}_tolk/", to_site_root(&page.rel)),
            body_class: if loc.hover {
                "bilingual hover".into()
            } else {
                "monolingual".into()
            },
            t: &strings.messages,
            home: format!("{variant_root}index.html"),
            site_title: &ds.config.site_title,
            logo: ds
                .config
                .logo
                .as_deref()
                .and_then(templates::logo_file)
                .map(|f| format!("{}_tolk/{f}", to_site_root(&page.rel))),
            languages: self.languages(page, variant),
            environments: self.environments(page, variant),
            search_page: Some(format!("{variant_root}search.html")),
            search_script: Some(format!("{variant_root}{}", search::INDEX_FILE)),
            toc_script: toc.map(|id| format!("{variant_root}_toc/{id}.js")),
            toc_page: toc.map(|id| format!("{variant_root}_toc/{id}.html")),
            breadcrumbs: self
                .nav
                .breadcrumbs(ds, page, loc.side, &variant_root, variant.env),
            machine_translated: page.machine_translated && loc.side == Side::Target,
            source_href: ds
                .source_locale_index()
                .map(|si| variant.with_locale(si).page_href(ds, page)),
            source_lang: &ds.source_locale,
            hover: loc.hover,
            content: text.content,
            outline: text.outline,
            locale: &loc.tag,
            environment: ds.env_name(variant.env),
            environment_label: env_label(ds, variant.locale, variant.env),
            variant_root,
        }
    }

    /// The language switcher: the page in every locale of this environment.
    fn languages(&self, page: &PageInfo, variant: Variant) -> Vec<LanguageView> {
        let ds = &self.docset;
        ds.locales
            .iter()
            .enumerate()
            .map(|(i, l)| LanguageView {
                lang: l.tag.clone(),
                label: ds
                    .strings(i)
                    .get("language-name")
                    .unwrap_or(&l.tag)
                    .to_string(),
                href: variant.with_locale(i).page_href(ds, page),
                current: i == variant.locale,
            })
            .collect()
    }

    /// The environment switcher: the page in every environment of this
    /// locale (where it exists there), and each environment's home page.
    fn environments(&self, page: &PageInfo, variant: Variant) -> Vec<EnvView> {
        let ds = &self.docset;
        let strings = ds.strings(variant.locale);
        ds.envs
            .iter()
            .map(|&e| EnvView {
                name: ds.env_name(e).to_string(),
                label: env_label(ds, variant.locale, e),
                href: page
                    .monikers
                    .contains(e)
                    .then(|| variant.with_env(e).page_href(ds, page)),
                home: variant.with_env(e).href_from(ds, &page.rel, "index.html"),
                current: e == variant.env,
                absent_text: strings
                    .text("page-not-in-environment")
                    .replace("{$environment}", &env_label(ds, variant.locale, e)),
            })
            .collect()
    }

    /// The page in every locale of this environment, for `hreflang` links:
    /// absolute with a base URL, else relative.
    fn alternates(&self, page: &PageInfo, variant: Variant) -> Vec<AltView> {
        self.docset
            .locales
            .iter()
            .enumerate()
            .map(|(i, l)| AltView {
                hreflang: l.tag.clone(),
                href: self
                    .absolute_url(page, variant.with_locale(i))
                    .unwrap_or_else(|| variant.with_locale(i).page_href(&self.docset, page)),
            })
            .collect()
    }

    /// The page's URL in `variant` under the site's base URL, if it has one.
    fn absolute_url(&self, page: &PageInfo, variant: Variant) -> Option<String> {
        let ds = &self.docset;
        ds.config
            .base_url
            .as_ref()
            .map(|b| variant.url(ds, b, &page.html_rel))
    }

    /// Render `page.html` with `view` of `variant`, in the context of its
    /// locale in `contexts`; failures become diagnostics of `rel`.
    pub(super) fn render_page_html(
        &self,
        view: &PageView,
        variant: Variant,
        contexts: &mut PageContexts,
        rel: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let name = "page.html";
        let values = match tera::Context::from_serialize(view) {
            Ok(c) => c,
            Err(e) => {
                diags.push(Diagnostic::error(
                    Code::TemplateFailed,
                    rel,
                    0,
                    0,
                    templates::error_chain(&e),
                ));
                return None;
            }
        };
        let ctx = contexts.0.entry(variant.locale).or_insert_with(|| {
            let mut c = tera::Context::new();
            c.insert("t", view.t);
            c
        });
        ctx.extend(values);
        match self.tera.render(name, ctx) {
            Ok(s) => Some(s),
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        Code::TemplateFailed,
                        rel,
                        0,
                        0,
                        format!("Template '{name}' failed for this page: {}", templates::error_chain(&e)),
                    )
                    .with_hint("Check the docset's templates/ folder (it overrides tolk's built-in templates)."),
                );
                None
            }
        }
    }
}
