//! Micro-benchmarks of the hot parts of the pipeline (criterion):
//! span-pair scanning, moniker-block analysis, include/moniker composition,
//! Markdown parsing + per-locale rendering of a large page, and template
//! rendering, and building the search indexes of one locale. Input: the real corpus when `../shared` is beside the
//! repository (its largest page and the reference page), else the sample site.
//!
//! Run: `cargo bench --bench hot_paths` (add `-- --quick` for a short pass).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::path::PathBuf;
use tolk::bench::{
    self as internals, LinkKind, LinkResolver, PageContext, PageKind, RenderOptions, Side, Variant,
};
use tolk::diagnostics::Diagnostics;
use tolk::BuildOptions;

struct Identity;
impl LinkResolver for Identity {
    fn resolve(&self, url: &str, _: LinkKind, _: &str, _: u32) -> String {
        url.to_string()
    }
}

fn docset() -> PathBuf {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = repo.join("../shared/corpus/m365-nl-NL/microsoft-365");
    if corpus.join("docfx.json").is_file() {
        corpus
    } else {
        eprintln!("../shared absent: benchmarking the sample site");
        repo.join("content")
    }
}

fn benches(c: &mut Criterion) {
    // Keep every page body in memory, whatever the docset's size.
    std::env::set_var("TOLK_PAGE_BODY_BUDGET", u64::MAX.to_string());
    let opts = BuildOptions {
        source: docset(),
        ..Default::default()
    };
    let diags = Diagnostics::new();
    let site = internals::load(&opts, &diags).expect("docset loads");
    let ds = &site.docset;
    // The largest Markdown page, and the reference page when present.
    let largest = ds
        .pages
        .iter()
        .filter_map(|p| match &p.kind {
            PageKind::Markdown(f) => Some((p, f)),
            _ => None,
        })
        .max_by_key(|(_, f)| f.body.len())
        .expect("a Markdown page");
    let raw = std::fs::read_to_string(opts.source.join(&largest.0.rel)).unwrap();
    let env = ds.envs[0];
    println!("largest page: {} ({} KB)", largest.0.rel, raw.len() / 1024);

    c.bench_function("span pairs: scan largest page", |b| {
        b.iter(|| internals::scan(black_box(&raw)))
    });
    c.bench_function("moniker blocks: analyze largest page", |b| {
        b.iter(|| internals::analyze(black_box(&largest.1.body), &ds.config.catalog))
    });
    let reference = ds
        .pages
        .iter()
        .find(|p| p.rel == "business-video/get-help-support.md")
        .unwrap_or(largest.0);
    if let PageKind::Markdown(file) = &reference.kind {
        c.bench_function(
            "compose: reference page, one environment (monikers + includes)",
            |b| {
                b.iter(|| {
                    internals::compose(&PageContext {
                        store: &ds.store,
                        page: file,
                        page_monikers: &reference.monikers,
                        env,
                        refs: &ds.refs,
                    })
                })
            },
        );
    }
    let ctx = PageContext {
        store: &ds.store,
        page: largest.1,
        page_monikers: &largest.0.monikers,
        env,
        refs: &ds.refs,
    };
    let (composed, _) = internals::compose(&ctx);
    c.bench_function("markdown: parse + prepare largest page", |b| {
        b.iter(|| {
            let mut d = Vec::new();
            internals::prepare(black_box(&composed), &ds.config.custom_alerts, &mut d)
                .events
                .len()
        })
    });
    let mut d = Vec::new();
    let prepared = internals::prepare(&composed, &ds.config.custom_alerts, &mut d);
    let message = |_: &str| None;
    for (side, hover, name) in [
        (Side::Target, true, "target + hover"),
        (Side::Source, false, "source"),
    ] {
        let opts = RenderOptions {
            side,
            hover,
            source_lang: "en-US",
            source_dir: None,
            message: &message,
            links: &Identity,
            fallback_lang: None,
        };
        c.bench_function(&format!("markdown: render largest page, {name}"), |b| {
            b.iter(|| internals::render(black_box(&prepared), &opts).html.len())
        });
    }
    let body = internals::render(
        &prepared,
        &RenderOptions {
            side: Side::Target,
            hover: true,
            source_lang: "en-US",
            source_dir: None,
            message: &message,
            links: &Identity,
            fallback_lang: None,
        },
    )
    .html;
    c.bench_function("templates: page.html around the largest page", |b| {
        b.iter(|| {
            let mut d = Vec::new();
            site.render_plain(largest.0, Variant::new(0, env), black_box(&body), &mut d)
                .map(|h| h.len())
        })
    });

    // Search: the Dutch indexes of three environments over the first 600
    // pages (the opening 3,000 characters of each page's Dutch text, as the
    // renderer hands them over; environments share the texts).
    let docs: Vec<internals::SearchDoc> = ds
        .pages
        .iter()
        .filter_map(|p| match &p.kind {
            PageKind::Markdown(f) => Some((p, f)),
            _ => None,
        })
        .take(600)
        .map(|(p, f)| {
            let text: String = internals::plain_line(&f.body, Side::Target)
                .chars()
                .take(3000)
                .collect();
            internals::SearchDoc {
                href: p.html_rel.clone(),
                title: p.title.clone(),
                breadcrumb: String::new(),
                text: internals::SearchText::from(text.as_str()),
            }
        })
        .collect();
    c.bench_function("search: nl indexes of 3 environments, 600 pages", |b| {
        b.iter(|| {
            let mut bytes = 0;
            internals::build_indexes(
                "nl-NL",
                vec![docs.clone(), docs.clone(), docs.clone()],
                |_, part| {
                    if let internals::IndexPart::Index(js) = part {
                        bytes += js.len()
                    }
                },
            );
            bytes
        })
    });
}

criterion_group! {
    name = hot;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(hot);
