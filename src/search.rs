//! Per-variant search index (placeholder until the search module lands).
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub href: String,
    pub title: String,
    pub breadcrumb: String,
    pub text: String,
}
pub struct IndexOutput {
    pub js: String,
    pub docs: usize,
}
pub fn build_index(_locale: &str, docs: &[SearchDoc]) -> IndexOutput {
    let items: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| serde_json::json!({"href": d.href, "title": d.title, "breadcrumb": d.breadcrumb}))
        .collect();
    IndexOutput {
        js: format!(
            "window.TOLK_SEARCH = {};\n",
            serde_json::Value::Array(items)
        ),
        docs: docs.len(),
    }
}
