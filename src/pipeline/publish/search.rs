//! The search indexes of the site (`<variant>/_search/index.js`, and the
//! text shards for snippets, `<variant>/_search/text/<n>.js`): one
//! [`SearchBatch`] per locale, whose environments share one analysis. A
//! batch owns what it needs, so `tolk serve` builds one off its update
//! thread with the same code as a build.

use super::writer::{Published, Writer};
use crate::docset::{Docset, Variant};
use crate::output::Output;
use crate::search::{self, SearchDoc};
use std::collections::HashMap;

/// The search indexes of one locale's variants, ready to be built.
pub struct SearchBatch {
    tag: String,
    /// Variant, its site root (`nl-nl/env/`), its entries sorted by page.
    variants: Vec<(Variant, String, Vec<SearchDoc>)>,
}

/// One batch per selected locale, over the selected environments (a variant
/// without entries gets an empty index).
pub(crate) fn batches(
    docset: &Docset,
    mut docs: HashMap<Variant, Vec<SearchDoc>>,
) -> Vec<SearchBatch> {
    docset
        .selected_locales
        .iter()
        .map(|&li| SearchBatch {
            tag: docset.locales[li].tag.clone(),
            variants: docset
                .selected_envs
                .iter()
                .map(|&env| {
                    let v = Variant::new(li, env);
                    let mut entries = docs.remove(&v).unwrap_or_default();
                    entries.sort_by(|a, b| a.href.cmp(&b.href));
                    (v, v.file(docset, ""), entries)
                })
                .collect(),
        })
        .collect()
}

impl SearchBatch {
    /// Build and write the batch's indexes.
    pub fn write(self, out: &Output) -> Published {
        let mut w = Writer::new(out);
        let mut index_bytes = Vec::new();
        let (targets, docs): (Vec<(Variant, String)>, Vec<Vec<SearchDoc>>) = self
            .variants
            .into_iter()
            .map(|(v, path, entries)| ((v, path), entries))
            .unzip();
        search::build_indexes(&self.tag, docs, |i, part| {
            let (v, root) = &targets[i];
            match part {
                search::IndexPart::Shard(n, js) => {
                    w.write(&format!("{root}{}{n}.js", search::TEXT_DIR), js.as_bytes());
                }
                search::IndexPart::Index(js) => {
                    w.write(&format!("{root}{}", search::INDEX_FILE), js.as_bytes());
                    index_bytes.push((*v, js.len() as u64));
                }
            }
        });
        Published {
            files: w.count,
            diagnostics: w.diags,
            index_bytes,
            paths: w.paths,
        }
    }

    /// A hash of everything the batch's indexes are built from.
    pub(crate) fn hash(&self) -> crate::cache::Hash {
        let mut h = crate::cache::Hasher::new();
        h.str(&self.tag);
        for (v, path, entries) in &self.variants {
            h.str(&format!("{v:?}")).str(path);
            for e in entries {
                h.str(&e.href)
                    .str(&e.title)
                    .str(&e.breadcrumb)
                    .str(&e.text.read());
            }
        }
        h.finish()
    }

    /// The variants of the batch and the site paths of their indexes.
    pub(crate) fn targets(&self) -> Vec<(Variant, String)> {
        self.variants
            .iter()
            .map(|(v, p, _)| (*v, p.clone()))
            .collect()
    }
}
