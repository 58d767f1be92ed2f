//! How site-wide files are written: a [`Writer`] that counts the files and
//! turns failures into diagnostics, what a part of the publishing produced
//! ([`Published`]), and the template context of a locale's site-wide pages.

use crate::diagnostics::{Code, Diagnostic};
use crate::docset::{Locale, Variant};
use crate::output::Output;
use crate::render::Site;
use crate::templates;

/// Writes files of the site, counting them; failures become diagnostics.
pub(super) struct Writer<'a> {
    out: &'a Output,
    pub(super) count: usize,
    pub(super) diags: Vec<Diagnostic>,
    /// Site paths written.
    pub(super) paths: Vec<String>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(out: &'a Output) -> Self {
        Writer {
            out,
            count: 0,
            diags: Vec::new(),
            paths: Vec::new(),
        }
    }

    pub(super) fn write(&mut self, rel: &str, bytes: &[u8]) {
        match self.out.write(rel, bytes) {
            Ok(()) => {
                self.count += 1;
                self.paths.push(rel.to_string());
            }
            Err(e) => self.diags.push(Diagnostic::error(
                Code::WriteFailed,
                "",
                0,
                0,
                format!("Cannot write {rel}: {e}"),
            )),
        }
    }

    /// Render a site-wide template into `rel`; a failure is reported.
    pub(super) fn render(&mut self, site: &Site, name: &str, ctx: &tera::Context, rel: &str) {
        match site.tera.render(name, ctx) {
            Ok(h) => self.write(rel, h.as_bytes()),
            Err(e) => self.diags.push(Diagnostic::error(
                Code::TemplateFailed,
                "",
                0,
                0,
                templates::error_chain(&e),
            )),
        }
    }
}

/// What writing site-wide files produced.
#[derive(Default)]
pub struct Published {
    pub files: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Size of each search index written.
    pub index_bytes: Vec<(Variant, u64)>,
    /// Site paths written by the parts that depend only on what the build
    /// cache's fingerprint covers (see `write_site_files`).
    pub paths: Vec<String>,
}

/// Template context every site-wide page of a locale starts from.
pub(super) fn locale_context(site: &Site, loc: &Locale, assets: &str) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("lang", &loc.tag);
    ctx.insert("dir", if loc.rtl { "rtl" } else { "ltr" });
    ctx.insert("t", &site.docset.strings[&loc.tag].messages);
    ctx.insert("site_title", &site.docset.config.site_title);
    ctx.insert("assets", assets);
    ctx
}
