#![allow(clippy::needless_range_loop)]
//! Deterministic generator of a large localized DocFX docset, shaped like the
//! real `microsoft-365` nl-NL corpus, for whole-site benchmarks (`benches/site.sh`).
//!
//! ```text
//! cargo run --release --example gen_docset -- --pages 20000 --seed 42 --out /tmp/docset
//! ```
//!
//! Std-only on purpose (no crates), so it also builds on its own:
//! `rustc --edition 2021 -O examples/gen_docset.rs -o /tmp/gen_docset`.
//!
//! What it writes (all paths relative to `--out`):
//! - `docfx.json`: two content entries (one in group `docs`), resources, the group with
//!   `moniker_range: "=env-a || =env-b || =env-c"`, globalMetadata and a `titleSuffix`
//!   fileMetadata per folder;
//! - `toc.yml` (root, references every folder's `toc.yml`) and one `toc.yml` per folder;
//! - folders of `--pages-per-folder` pages (default 200), about a third of them in two
//!   sub-folders, so relative links and includes use both `../` and `../../`;
//! - `includes/` with 50 include files: one is front matter only, every fifth holds
//!   moniker blocks, some include another include, some hold images and links;
//! - `media/` with eight 1×1 PNGs referenced by pages (`![..](..)` and `:::image:::`);
//! - pages: YAML front matter (Dutch title/description, `ms.contentlocale: nl-NL`,
//!   `ms.translationtype: MT|HT`), body of 2–40 KB (median ≈ 10 KB) where every sentence is a
//!   bilingual span pair, headings with `<a name>` anchors, bulleted and numbered lists, pipe
//!   tables, alerts, code blocks, images, relative links (with anchors) between pages,
//!   `::: moniker range=".."` blocks on ~20 % of pages and `[!INCLUDE]` on ~30 % of pages.
//!
//! About 1 % of the links between pages point to a missing page on purpose (deterministic);
//! their number is printed. Everything else resolves.
//!
//! Deterministic: the same arguments give a byte-identical tree, whatever the thread count:
//!
//! ```text
//! gen_docset --pages 2000 --seed 7 --out /tmp/a && gen_docset --pages 2000 --seed 7 --out /tmp/b \
//!   && diff -r /tmp/a /tmp/b && echo identical
//! ```

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process;
use std::time::Instant;

const ENVS: [&str; 3] = ["env-a", "env-b", "env-c"];
const N_INCLUDES: usize = 50;
const N_MEDIA: usize = 8;

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64. Every page has its own stream derived from (seed, page index), so output
// does not depend on the order in which threads write pages.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((self.next_u64() >> 11) % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn pct(&mut self, p: usize) -> bool {
        self.below(100) < p
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<T: Copy>(&mut self, s: &[T]) -> T {
        s[self.below(s.len())]
    }
}

fn mix(a: u64, b: u64) -> u64 {
    Rng::new(a ^ b.wrapping_mul(0xD1B5_4A32_D192_ED03)).next_u64()
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: Dutch-looking and English-looking pseudo-words plus a few real aligned terms.

const NL_ON: &[&str] = &[
    "b", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "st", "sch", "gr",
    "kl", "br", "pr", "tr", "vr", "sl", "sp", "bl", "dr", "kn", "",
];
const NL_VOW: &[&str] = &[
    "aa", "ee", "oo", "uu", "ie", "oe", "ui", "ij", "ei", "eu", "a", "e", "i", "o", "u", "e", "a",
];
const NL_CODA: &[&str] = &[
    "", "", "n", "r", "t", "k", "l", "ng", "cht", "rd", "st", "ls", "nd", "m", "rk",
];
const NL_SUF: &[&str] = &[
    "en", "ing", "heid", "lijk", "baar", "schap", "te", "er", "tie", "ig",
];
const NL_FUNC: &[&str] = &[
    "de", "het", "een", "van", "en", "in", "op", "voor", "met", "u", "kunt", "is", "niet", "te",
    "dat", "wordt", "als", "aan", "bij", "naar", "om", "uw", "of", "zijn", "deze", "worden", "ook",
    "door", "moet", "die", "er", "hebt", "alle", "wilt",
];
const EN_ON: &[&str] = &[
    "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "w", "th", "sh", "ch", "pl",
    "pr", "st", "tr", "", "",
];
const EN_VOW: &[&str] = &[
    "a", "e", "i", "o", "u", "ea", "ai", "ou", "y", "a", "e", "i", "o",
];
const EN_CODA: &[&str] = &[
    "", "n", "r", "t", "ck", "ll", "ng", "nd", "st", "ss", "x", "m", "", "s",
];
const EN_SUF: &[&str] = &[
    "ing", "tion", "ment", "er", "ed", "ly", "able", "ness", "ity", "s",
];
const EN_FUNC: &[&str] = &[
    "the", "a", "of", "and", "to", "in", "for", "with", "you", "can", "is", "not", "that", "your",
    "on", "as", "by", "from", "or", "be", "this", "are", "all", "an", "it", "when", "must", "have",
];
const DOMAIN: &[(&str, &str)] = &[
    ("beheerder", "admin"),
    ("abonnement", "subscription"),
    ("instellingen", "settings"),
    ("gebruiker", "user"),
    ("organisatie", "organization"),
    ("beveiliging", "security"),
    ("ondersteuning", "support"),
    ("licentie", "license"),
    ("apparaat", "device"),
    ("beleid", "policy"),
    ("toegang", "access"),
    ("groep", "group"),
    ("postvak", "mailbox"),
    ("wachtwoord", "password"),
    ("rapport", "report"),
    ("gegevens", "data"),
    ("account", "account"),
    ("machtiging", "permission"),
    ("domein", "domain"),
    ("netwerk", "network"),
    ("bestand", "file"),
    ("map", "folder"),
    ("site", "site"),
    ("team", "team"),
    ("vergadering", "meeting"),
    ("beheercentrum", "admin center"),
    ("factuur", "invoice"),
    ("naleving", "compliance"),
    ("bewaarbeleid", "retention policy"),
    ("migratie", "migration"),
];
const PRODUCTS: &[&str] = &[
    "Contoso 365",
    "Contoso-beheercentrum",
    "Exchange Online",
    "SharePoint Online",
    "PowerShell",
    "Azure AD",
    "Teams",
    "OneDrive",
    "Fabrikam Cloud",
];
const UI: &[(&str, &str)] = &[
    ("Instellingen", "Settings"),
    ("Opslaan", "Save"),
    ("Gebruikers", "Users"),
    ("Actieve gebruikers", "Active users"),
    ("Toevoegen", "Add"),
    ("Beveiliging", "Security"),
    ("Facturering", "Billing"),
    ("Volgende", "Next"),
    ("Voltooien", "Finish"),
    ("Beleid", "Policies"),
    ("Rapporten", "Reports"),
    ("Ondersteuning", "Support"),
    ("Wijzigingen opslaan", "Save changes"),
    ("Hulp nodig?", "Need help?"),
];
const ALERTS: &[&str] = &[
    "NOTE",
    "NOTE",
    "NOTE",
    "TIP",
    "IMPORTANT",
    "CAUTION",
    "WARNING",
];

fn pseudo(
    rng: &mut Rng,
    on: &[&str],
    vow: &[&str],
    coda: &[&str],
    suf: &[&str],
    max_syl: usize,
) -> String {
    let mut w = String::with_capacity(16);
    for _ in 0..rng.range(1, max_syl) {
        w.push_str(rng.pick(on));
        w.push_str(rng.pick(vow));
        w.push_str(rng.pick(coda));
    }
    if rng.pct(35) {
        w.push_str(rng.pick(suf));
    }
    if w.len() < 2 {
        w.push_str(rng.pick(vow));
    }
    w
}

/// Content words of the generated text: a fixed lexicon of Dutch/English
/// pairs drawn with a Zipf distribution (rank r with probability ∝ 1/r), as
/// words are in real prose, so the vocabulary grows with the docset the way
/// a real one does (Heaps' law) instead of one new word per token. The
/// lexicon is the same for every seed and size: 30,000 pairs, which gives
/// about 21,000 Dutch terms in a variant's search index at 1,700 pages (the
/// real corpus: 15,000 at 1,739 pages).
const LEXICON_SIZE: usize = 30_000;

fn lexicon() -> &'static [(String, String)] {
    static LEXICON: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut rng = Rng::new(0x1E81_C0A1);
        (0..LEXICON_SIZE)
            .map(|_| (nl_word(&mut rng), en_word(&mut rng)))
            .collect()
    })
}

/// A (Dutch, English) content word: lexicon rank ⌊N^u⌋, u uniform, which is
/// Zipf's law with exponent 1.
fn lexicon_word(rng: &mut Rng) -> (&'static str, &'static str) {
    let lex = lexicon();
    let rank = (lex.len() as f64).powf(rng.unit()) as usize;
    let (nl, en) = &lex[rank.clamp(1, lex.len()) - 1];
    (nl, en)
}

fn nl_word(rng: &mut Rng) -> String {
    pseudo(rng, NL_ON, NL_VOW, NL_CODA, NL_SUF, 3)
}

fn en_word(rng: &mut Rng) -> String {
    pseudo(rng, EN_ON, EN_VOW, EN_CODA, EN_SUF, 2)
}

fn capitalize(s: &mut String) {
    if let Some(c) = s.chars().next() {
        if c.is_ascii_lowercase() {
            let up = c.to_ascii_uppercase();
            s.replace_range(0..1, up.encode_utf8(&mut [0u8; 4]));
        }
    }
}

/// A parallel pair of plain phrases (no markup), `lo..=hi` tokens long.
fn phrase(rng: &mut Rng, lo: usize, hi: usize, markup: bool) -> (String, String) {
    let mut nl = String::with_capacity(128);
    let mut en = String::with_capacity(96);
    let n = rng.range(lo, hi);
    for i in 0..n {
        if i > 0 {
            nl.push(' ');
            en.push(' ');
        }
        let r = rng.below(100);
        if r < 36 {
            nl.push_str(rng.pick(NL_FUNC));
            if rng.pct(30) {
                nl.push(' ');
                nl.push_str(rng.pick(NL_FUNC));
            }
            en.push_str(rng.pick(EN_FUNC));
        } else if r < 60 {
            let (a, b) = rng.pick(DOMAIN);
            nl.push_str(a);
            en.push_str(b);
        } else if r < 86 || !markup {
            let (a, b) = lexicon_word(rng);
            nl.push_str(a);
            en.push_str(b);
        } else if r < 90 {
            let p = rng.pick(PRODUCTS);
            nl.push_str(p);
            en.push_str(p);
        } else if r < 95 {
            let (a, b) = rng.pick(UI);
            let _ = write!(nl, "**{a}**");
            let _ = write!(en, "**{b}**");
        } else if r < 97 {
            let v = rng.range(2, 365);
            let _ = write!(nl, "{v}");
            let _ = write!(en, "{v}");
        } else {
            let mut c = lexicon_word(rng).1.to_string();
            capitalize(&mut c);
            let verb = rng.pick(&["Get", "Set", "New", "Remove"]);
            let _ = write!(nl, "`{verb}-{c}`");
            let _ = write!(en, "`{verb}-{c}`");
        }
    }
    capitalize(&mut nl);
    capitalize(&mut en);
    (nl, en)
}

fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c == ' ' || c == '-') && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn hex(rng: &mut Rng, n: usize) -> String {
    let mut s = String::with_capacity(n);
    while s.len() < n {
        let _ = write!(s, "{:016x}", rng.next_u64());
    }
    s.truncate(n);
    s
}

/// Relative path from directory `from` to file `to` (both as components from the root).
fn rel(from: &[String], to: &[&str]) -> String {
    let common = from
        .iter()
        .zip(to.iter())
        .take_while(|(a, b)| a.as_str() == **b)
        .count();
    let mut s = String::new();
    for _ in common..from.len() {
        s.push_str("../");
    }
    s.push_str(&to[common..].join("/"));
    s
}

// ---------------------------------------------------------------------------------------------
// Site plan (pass 1, single-threaded, cheap).

struct Section {
    nl: String,
    en: String,
    anchor: String,
    /// Index into ENVS when the whole section sits in a moniker block.
    env: Option<usize>,
}

struct Page {
    folder: usize,
    sub: Option<usize>,
    slug: String,
    title_nl: String,
    title_en: String,
    target_bytes: usize,
    sections: Vec<Section>,
    /// A moniker block inside one section (rather than whole sections per environment).
    inline_moniker: bool,
    includes: usize,
}

impl Page {
    fn dir(&self, site: &Site) -> Vec<String> {
        let f = &site.folders[self.folder];
        let mut d = vec![f.slug.clone()];
        if let Some(s) = self.sub {
            d.push(f.subs[s].0.clone());
        }
        d
    }
    fn path(&self, site: &Site) -> Vec<String> {
        let mut d = self.dir(site);
        d.push(format!("{}.md", self.slug));
        d
    }
}

struct Folder {
    slug: String,
    nl: String,
    en: String,
    subs: Vec<(String, String)>, // (slug, nl title)
    pages: std::ops::Range<usize>,
}

struct Site {
    folders: Vec<Folder>,
    pages: Vec<Page>,
    includes: Vec<String>, // slugs
}

fn plan(n_pages: usize, per_folder: usize, seed: u64) -> Site {
    let mut rng = Rng::new(mix(seed, u64::MAX));
    let n_folders = n_pages.div_ceil(per_folder).max(1);
    let mut folders = Vec::with_capacity(n_folders);
    let mut used = std::collections::HashSet::new();
    for i in 0..n_folders {
        let (a_nl, a_en) = rng.pick(DOMAIN);
        let (mut b_nl, mut b_en) = rng.pick(DOMAIN);
        while b_en == a_en {
            (b_nl, b_en) = rng.pick(DOMAIN);
        }
        let mut slug = slugify(&format!("{a_en} {b_en}"));
        if !used.insert(slug.clone()) {
            slug = format!("{slug}-{i}");
            used.insert(slug.clone());
        }
        let mut nl = format!("{a_nl} en {b_nl}");
        capitalize(&mut nl);
        let mut en = format!("{a_en} and {b_en}");
        capitalize(&mut en);
        let mut subs: Vec<(String, String)> = Vec::new();
        while subs.len() < 2 {
            let (s_nl, s_en) = rng.pick(DOMAIN);
            let s = slugify(&format!("{s_en}s"));
            if subs.iter().any(|(x, _)| *x == s) {
                continue;
            }
            let mut t = s_nl.to_string();
            capitalize(&mut t);
            subs.push((s, t));
        }
        let start = i * per_folder;
        let end = ((i + 1) * per_folder).min(n_pages);
        folders.push(Folder {
            slug,
            nl,
            en,
            subs,
            pages: start..end,
        });
    }

    let mut pages = Vec::with_capacity(n_pages);
    let (ln_lo, ln_hi) = (1500f64.ln(), 34000f64.ln());
    for (fi, f) in folders.iter().enumerate() {
        let mut slugs = std::collections::HashSet::new();
        for idx in f.pages.clone() {
            let mut r = Rng::new(mix(seed, 2 * idx as u64));
            let sub = if r.pct(35) { Some(r.below(2)) } else { None };
            let (mut title_nl, mut title_en) = phrase(&mut r, 3, 7, false);
            if r.pct(25) {
                let p = r.pick(PRODUCTS);
                title_nl = format!("{title_nl} in {p}");
                title_en = format!("{title_en} in {p}");
            }
            let mut slug = slugify(&title_en);
            slug.truncate(60);
            while slug.ends_with('-') {
                slug.pop();
            }
            if slug.is_empty() || slug == "index" || slug == "toc" {
                slug = format!("page-{idx}");
            }
            let key = (sub, slug.clone());
            if !slugs.insert(key) {
                slug = format!("{slug}-{idx}");
            }
            // Body size: log-uniform in [1.5 KB, 34 KB]; blocks overshoot and front matter, title and
            // intro add ≈ 2 KB, so whole files land in ≈ [2.5 KB, 40 KB] with a median ≈ 10 KB.
            let target_bytes = (ln_lo + (ln_hi - ln_lo) * r.unit()).exp() as usize;
            let n_sections = (target_bytes / 1800).clamp(2, 24);
            let mut anchors = std::collections::HashSet::new();
            let mut sections = Vec::with_capacity(n_sections);
            for _ in 0..n_sections {
                let (nl, en) = phrase(&mut r, 2, 6, false);
                let mut anchor = slugify(&en);
                if anchor.is_empty() {
                    anchor = "section".into();
                }
                let base = anchor.clone();
                let mut k = 1;
                while !anchors.insert(anchor.clone()) {
                    anchor = format!("{base}-{k}");
                    k += 1;
                }
                sections.push(Section {
                    nl,
                    en,
                    anchor,
                    env: None,
                });
            }
            let mut inline_moniker = false;
            if r.pct(20) {
                if r.pct(50) {
                    // Reference-page style: the last sections, one per environment.
                    let k = n_sections.saturating_sub(1).min(3);
                    let first = n_sections - k;
                    for (j, s) in sections[first..].iter_mut().enumerate() {
                        s.env = Some(j % ENVS.len());
                    }
                } else {
                    inline_moniker = true;
                }
            }
            let includes = if r.pct(30) { r.range(1, 2) } else { 0 };
            pages.push(Page {
                folder: fi,
                sub,
                slug,
                title_nl,
                title_en,
                target_bytes,
                sections,
                inline_moniker,
                includes,
            });
        }
    }
    let mut includes = Vec::with_capacity(N_INCLUDES);
    for i in 0..N_INCLUDES {
        let (_, en) = phrase(&mut rng, 2, 4, false);
        includes.push(format!("{}-{:02}", slugify(&en), i));
    }
    Site {
        folders,
        pages,
        includes,
    }
}

// ---------------------------------------------------------------------------------------------
// Writing (pass 2).

struct Ctx<'a> {
    site: &'a Site,
    dir: Vec<String>,
    me: usize,
    out: String,
    pfx: String,
    id: u32,
    links: usize,
    broken: usize,
}

impl Ctx<'_> {
    fn pair(&mut self, nl: &str, en: &str) {
        let (p, id) = (&self.pfx, self.id);
        let _ = write!(
            self.out,
            "<span data-ttu-id=\"{p}-{id}\">{nl}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{p}-{id}\">{en}</span></span>"
        );
        self.id += 1;
    }

    /// (target, nl text, en text) of a link to another page of the site.
    fn link(&mut self, rng: &mut Rng) -> (String, String, String) {
        self.links += 1;
        let site = self.site;
        if rng.below(1000) < 10 {
            self.broken += 1;
            let (nl, en) = phrase(rng, 2, 4, false);
            return (format!("missing-{}.md", slugify(&en)), nl, en);
        }
        let r = rng.below(100);
        if r < 12 && self.me != usize::MAX {
            let p = &site.pages[self.me];
            let unwrapped: Vec<&Section> = p.sections.iter().filter(|s| s.env.is_none()).collect();
            let s = unwrapped[rng.below(unwrapped.len())];
            return (format!("#{}", s.anchor), s.nl.clone(), s.en.clone());
        }
        let target = if r < 65 && self.me != usize::MAX {
            let f = &site.folders[site.pages[self.me].folder];
            f.pages.start + rng.below(f.pages.len())
        } else {
            rng.below(site.pages.len())
        };
        let t = &site.pages[target];
        let path = t.path(site);
        let parts: Vec<&str> = path.iter().map(|s| s.as_str()).collect();
        let mut href = rel(&self.dir, &parts);
        if rng.pct(25) {
            // The first section is never inside a moniker block: valid in every environment.
            href.push('#');
            href.push_str(&t.sections[0].anchor);
        }
        (href, t.title_nl.clone(), t.title_en.clone())
    }

    fn sentence(&mut self, rng: &mut Rng, end: char) {
        if rng.pct(9) {
            let (href, lnl, len) = self.link(rng);
            let (nl, en) = match rng.below(3) {
                0 => (
                    format!("Zie [{lnl}]({href}) voor meer informatie{end}"),
                    format!("For more information, see [{len}]({href}){end}"),
                ),
                1 => {
                    let (a, b) = phrase(rng, 3, 8, true);
                    (
                        format!("{a} in [{lnl}]({href}){end}"),
                        format!("{b} in [{len}]({href}){end}"),
                    )
                }
                _ => {
                    let (a, b) = phrase(rng, 2, 5, true);
                    (
                        format!(
                            "Lees [{}]({href}) {} {a}{end}",
                            lnl.to_lowercase(),
                            rng.pick(NL_FUNC)
                        ),
                        format!(
                            "Read [{}]({href}) {} {b}{end}",
                            len.to_lowercase(),
                            rng.pick(EN_FUNC)
                        ),
                    )
                }
            };
            self.pair(&nl, &en);
        } else if rng.pct(3) {
            let url = format!(
                "https://contoso.example/fwlink/?linkid={}",
                rng.range(100000, 999999)
            );
            let (a, b) = phrase(rng, 3, 8, true);
            let (x, y) = phrase(rng, 1, 3, false);
            self.pair(
                &format!("{a} op [{x}]({url}){end}"),
                &format!("{b} on [{y}]({url}){end}"),
            );
        } else {
            let (mut a, mut b) = phrase(rng, 5, 18, true);
            a.push(end);
            b.push(end);
            self.pair(&a, &b);
        }
    }

    fn paragraph(&mut self, rng: &mut Rng, prefix: &str) {
        self.out.push_str(prefix);
        let n = rng.range(1, 4);
        for i in 0..n {
            if i > 0 {
                self.out.push(' ');
            }
            self.sentence(rng, '.');
        }
        self.out.push('\n');
    }

    fn media(&self, rng: &mut Rng) -> String {
        let name = format!("fig-{:02}.png", rng.below(N_MEDIA) + 1);
        rel(&self.dir, &["media", &name])
    }

    fn block(&mut self, rng: &mut Rng) {
        let r = rng.below(100);
        if r < 42 {
            self.paragraph(rng, "");
        } else if r < 56 {
            // Lead-in sentence, then a bulleted list.
            self.sentence(rng, ':');
            self.out.push_str("\n\n");
            let spaced = rng.pct(50);
            for i in 0..rng.range(3, 7) {
                if i > 0 && spaced {
                    self.out.push('\n');
                }
                self.out.push_str("- ");
                let end = if rng.pct(50) { '.' } else { ' ' };
                self.sentence(rng, end);
                trim_end(&mut self.out);
                self.out.push('\n');
            }
        } else if r < 70 {
            let n = rng.range(3, 8);
            for i in 1..=n {
                let _ = write!(self.out, "{i}. ");
                let k = rng.range(1, 2);
                for j in 0..k {
                    if j > 0 {
                        self.out.push(' ');
                    }
                    self.sentence(rng, '.');
                }
                self.out.push_str("\n\n");
                if rng.pct(12) {
                    let src = self.media(rng);
                    let (nl, _) = phrase(rng, 3, 7, false);
                    if rng.pct(50) {
                        let _ = writeln!(
                            self.out,
                            "   :::image type=\"content\" source=\"{src}\" alt-text=\"{nl}\":::\n"
                        );
                    } else {
                        let _ = writeln!(self.out, "   ![{nl}]({src})\n");
                    }
                }
            }
            trim_end(&mut self.out);
            self.out.push('\n');
        } else if r < 78 {
            let cols = rng.range(2, 3);
            self.out.push('|');
            for _ in 0..cols {
                let (a, b) = phrase(rng, 1, 3, false);
                self.out.push(' ');
                self.pair(&a, &b);
                self.out.push_str(" |");
            }
            self.out.push('\n');
            for _ in 0..cols {
                self.out.push_str("|---");
            }
            self.out.push_str("|\n");
            for _ in 0..rng.range(2, 6) {
                self.out.push('|');
                for c in 0..cols {
                    self.out.push(' ');
                    if c == 0 && rng.pct(30) {
                        self.out.push_str(rng.pick(PRODUCTS));
                    } else {
                        let (mut a, mut b) = phrase(rng, 2, 10, true);
                        if rng.pct(50) {
                            a.push('.');
                            b.push('.');
                        }
                        self.pair(&a, &b);
                    }
                    self.out.push_str(" |");
                }
                self.out.push('\n');
            }
        } else if r < 88 {
            let kind = rng.pick(ALERTS);
            let _ = writeln!(self.out, "> [!{kind}]");
            self.paragraph(rng, "> ");
        } else if r < 93 {
            let src = self.media(rng);
            let (nl, _) = phrase(rng, 3, 7, false);
            if rng.pct(30) {
                let _ = writeln!(
                    self.out,
                    ":::image type=\"content\" source=\"{src}\" alt-text=\"{nl}\":::"
                );
            } else {
                let _ = writeln!(self.out, "![{nl}]({src})");
            }
        } else if r < 96 {
            let mut c = lexicon_word(rng).1.to_string();
            capitalize(&mut c);
            let _ = writeln!(self.out, "```powershell");
            for _ in 0..rng.range(1, 4) {
                let verb = rng.pick(&["Get", "Set", "New", "Remove", "Connect"]);
                let _ = writeln!(
                    self.out,
                    "{verb}-{c} -Identity \"{}@contoso.com\" -{} ${}",
                    en_word(rng),
                    {
                        let mut p = en_word(rng);
                        capitalize(&mut p);
                        p
                    },
                    if rng.pct(50) { "true" } else { "false" }
                );
            }
            self.out.push_str("```\n");
        } else {
            let (nl, en) = phrase(rng, 2, 5, false);
            let anchor = format!("{}-{}", slugify(&en), self.id);
            let _ = write!(self.out, "### <a name=\"{anchor}\"></a>");
            self.pair(&nl, &en);
            self.out.push('\n');
        }
    }

    /// `in_moniker`: the directive sits inside a moniker block, so pick an include without
    /// moniker blocks of its own (moniker blocks do not nest).
    fn include(&mut self, rng: &mut Rng, in_moniker: bool) {
        // Skewed choice: a few includes are used by very many pages.
        let u = rng.unit();
        let mut i = (((u * u) * N_INCLUDES as f64) as usize).min(N_INCLUDES - 1);
        if in_moniker && include_has_monikers(i) {
            i -= 1;
        }
        let name = &self.site.includes[i];
        let file = format!("{name}.md");
        let href = rel(&self.dir, &["includes", &file]);
        let (_, en) = phrase(rng, 2, 4, false);
        let _ = writeln!(self.out, "[!INCLUDE [{en}]({href})]");
    }
}

fn include_has_monikers(i: usize) -> bool {
    i % 5 == 1
}

fn trim_end(s: &mut String) {
    while s.ends_with(' ') || s.ends_with('\n') {
        s.pop();
    }
}

fn front_matter(
    out: &mut String,
    rng: &mut Rng,
    title: Option<&str>,
    description: Option<&str>,
    locfileid: u64,
) {
    out.push_str("---\n");
    if let Some(t) = title {
        let _ = writeln!(out, "title: {t}");
    }
    if title.is_some() {
        out.push_str("f1.keywords:\n- NOCSH\n");
    }
    let author = format!("{}-contoso", en_word(rng));
    let _ = writeln!(
        out,
        "ms.author: {}\nauthor: {author}\nmanager: {}",
        en_word(rng),
        en_word(rng)
    );
    if title.is_some() {
        out.push_str("audience: Admin\nms.topic: article\nms.service: contoso-administration\nlocalization_priority: Normal\n");
        out.push_str("ms.collection:\n- Adm_Contoso\nms.custom:\n- AdminSurgePortfolio\nsearch.appverid:\n- MET150\n");
    }
    if let Some(d) = description {
        let _ = writeln!(out, "description: {d}");
    }
    let _ = writeln!(out, "ms.openlocfilehash: {}", hex(rng, 40));
    let _ = writeln!(out, "ms.sourcegitcommit: {}", hex(rng, 40));
    let tt = if rng.pct(10) { "HT" } else { "MT" };
    let _ = writeln!(
        out,
        "ms.translationtype: {tt}\nms.contentlocale: nl-NL\nms.lasthandoff: 05/24/2021"
    );
    let _ = writeln!(out, "ms.locfileid: \"{locfileid}\"\n---");
}

fn write_page(site: &Site, idx: usize, seed: u64) -> (String, usize, usize) {
    let p = &site.pages[idx];
    let mut rng = Rng::new(mix(seed, 2 * idx as u64 + 1));
    let mut ctx = Ctx {
        site,
        dir: p.dir(site),
        me: idx,
        out: String::with_capacity(p.target_bytes + 4096),
        pfx: hex(&mut rng, 5),
        id: 103,
        links: 0,
        broken: 0,
    };
    let (mut desc, _) = phrase(&mut rng, 8, 20, false);
    desc.push('.');
    front_matter(
        &mut ctx.out,
        &mut rng,
        Some(&p.title_nl),
        Some(&desc),
        52_000_000 + idx as u64,
    );
    let h1 = slugify(&p.title_en);
    let _ = write!(ctx.out, "# <a name=\"{h1}\"></a>");
    ctx.pair(&p.title_nl, &p.title_en);
    ctx.out.push_str("\n\n");
    ctx.paragraph(&mut rng, "");
    ctx.out.push('\n');

    let body_start = ctx.out.len();
    let per_section = p.target_bytes / p.sections.len();
    let mut includes_left = p.includes;
    let inline_at = if p.inline_moniker {
        rng.below(p.sections.len())
    } else {
        usize::MAX
    };
    let mut open_env: Option<usize> = None;
    for (si, s) in p.sections.iter().enumerate() {
        if s.env != open_env {
            if open_env.is_some() {
                ctx.out.push_str("::: moniker-end\n\n");
            }
            if let Some(e) = s.env {
                let _ = writeln!(ctx.out, "::: moniker range=\"{}\"\n", ENVS[e]);
            }
            open_env = s.env;
        }
        let _ = write!(ctx.out, "## <a name=\"{}\"></a>", s.anchor);
        ctx.pair(&s.nl, &s.en);
        ctx.out.push_str("\n\n");
        let end = body_start + per_section * (si + 1);
        let mut first = true;
        while ctx.out.len() < end || first {
            ctx.block(&mut rng);
            ctx.out.push('\n');
            if first && si == inline_at {
                let e = 1 + rng.below(ENVS.len() - 1);
                let _ = writeln!(ctx.out, "::: moniker range=\"{}\"\n", ENVS[e]);
                ctx.block(&mut rng);
                ctx.out.push('\n');
                ctx.block(&mut rng);
                ctx.out.push_str("\n::: moniker-end\n\n");
            }
            if includes_left > 0 && rng.pct(25) {
                ctx.include(&mut rng, open_env.is_some());
                ctx.out.push('\n');
                includes_left -= 1;
            }
            first = false;
        }
    }
    while includes_left > 0 {
        ctx.include(&mut rng, open_env.is_some());
        ctx.out.push('\n');
        includes_left -= 1;
    }
    if open_env.is_some() {
        ctx.out.push_str("::: moniker-end\n");
    }
    trim_end(&mut ctx.out);
    ctx.out.push('\n');
    (ctx.out, ctx.links, ctx.broken)
}

fn write_include(site: &Site, i: usize, seed: u64) -> (String, usize, usize) {
    let mut rng = Rng::new(mix(seed ^ 0x1AC1_0DE5, i as u64));
    let mut ctx = Ctx {
        site,
        dir: vec!["includes".to_string()],
        me: usize::MAX,
        out: String::with_capacity(4096),
        pfx: hex(&mut rng, 5),
        id: 101,
        links: 0,
        broken: 0,
    };
    // Include 0: front matter only (as in the real corpus); include 1: a title too.
    front_matter(&mut ctx.out, &mut rng, None, None, 52_600_000 + i as u64);
    if i == 0 {
        return (ctx.out, 0, 0);
    }
    match i % 5 {
        _ if include_has_monikers(i) => {
            // Moniker blocks inside an include.
            for e in 0..ENVS.len() {
                let _ = writeln!(ctx.out, "::: moniker range=\"{}\"\n", ENVS[e]);
                ctx.paragraph(&mut rng, "");
                ctx.out.push_str("\n::: moniker-end\n\n");
            }
        }
        2 => {
            let kind = rng.pick(ALERTS);
            let _ = writeln!(ctx.out, "> [!{kind}]");
            ctx.paragraph(&mut rng, "> ");
        }
        3 => {
            ctx.paragraph(&mut rng, "");
            ctx.out.push('\n');
            let src = rel(
                &ctx.dir,
                &["media", &format!("fig-{:02}.png", 1 + i % N_MEDIA)],
            );
            let (nl, _) = phrase(&mut rng, 3, 6, false);
            let _ = writeln!(ctx.out, "![{nl}]({src})");
        }
        _ => {
            for _ in 0..rng.range(1, 3) {
                ctx.block(&mut rng);
                ctx.out.push('\n');
            }
        }
    }
    if i % 10 == 9 {
        // Nested include (relative to this include file).
        let _ = writeln!(
            ctx.out,
            "\n[!INCLUDE [nested](./{}.md)]",
            site.includes[i - 1]
        );
    }
    trim_end(&mut ctx.out);
    ctx.out.push('\n');
    (ctx.out, ctx.links, ctx.broken)
}

fn toc_yaml(site: &Site, fi: usize) -> String {
    let f = &site.folders[fi];
    let mut s = String::with_capacity(64 * f.pages.len());
    let _ = writeln!(s, "- name: {}\n  items:", f.nl);
    for sub in [None, Some(0), Some(1)] {
        let indent = if let Some(k) = sub {
            let _ = writeln!(s, "  - name: {}\n    items:", f.subs[k].1);
            "    "
        } else {
            "  "
        };
        for idx in f.pages.clone() {
            let p = &site.pages[idx];
            if p.sub != sub {
                continue;
            }
            let href = match sub {
                Some(k) => format!("{}/{}.md", f.subs[k].0, p.slug),
                None => format!("{}.md", p.slug),
            };
            let _ = writeln!(s, "{indent}- name: {}\n{indent}  href: {href}", p.title_nl);
        }
    }
    s
}

fn docfx_json(site: &Site) -> String {
    let mut suffix = String::new();
    for (i, f) in site.folders.iter().enumerate() {
        let _ = write!(
            suffix,
            "{}        \"{}/**/*.md\": \"Contoso {}\"",
            if i > 0 { ",\n" } else { "" },
            f.slug,
            f.en
        );
    }
    format!(
        r#"{{
  "build": {{
    "content": [
      {{
        "files": [
          "**/*.md",
          "**/*.yml"
        ],
        "group": "docs",
        "exclude": [
          "**/obj/**",
          "**/includes/**",
          "_themes/**",
          "README.md",
          "LICENSE"
        ]
      }}
    ],
    "resource": [
      {{
        "files": [
          "**/*.png",
          "**/*.jpg",
          "**/*.gif",
          "**/*.svg"
        ],
        "group": "docs",
        "exclude": [
          "**/obj/**",
          "**/includes/**",
          "_themes/**"
        ]
      }}
    ],
    "groups": {{
      "docs": {{
        "dest": "contoso-dest",
        "moniker_range": "=env-a || =env-b || =env-c"
      }}
    }},
    "overwrite": [],
    "externalReference": [],
    "globalMetadata": {{
      "feedback_system": "None",
      "hide_comments": true,
      "extendBreadcrumb": true,
      "bilingual_type": "hover over"
    }},
    "fileMetadata": {{
      "titleSuffix": {{
{suffix}
      }}
    }},
    "template": [],
    "dest": "contoso-docs",
    "markdownEngineName": "markdig"
  }}
}}
"#
    )
}

/// A valid 1×1 transparent PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

fn write_file(path: &Path, data: &[u8]) {
    if let Err(e) = fs::write(path, data) {
        eprintln!("gen_docset: cannot write {}: {e}", path.display());
        process::exit(1);
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: gen_docset --out DIR [--pages N (20000)] [--seed S (42)] [--pages-per-folder N (200)] [--threads N]\n\
         DIR must be missing or empty. Same arguments give a byte-identical tree."
    );
    process::exit(2);
}

fn main() {
    let mut pages = 20_000usize;
    let mut seed = 42u64;
    let mut per_folder = 200usize;
    let mut out: Option<PathBuf> = None;
    let mut threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--pages" => pages = val().parse().unwrap_or_else(|_| usage()),
            "--seed" => seed = val().parse().unwrap_or_else(|_| usage()),
            "--pages-per-folder" => per_folder = val().parse().unwrap_or_else(|_| usage()),
            "--threads" => threads = val().parse().unwrap_or_else(|_| usage()),
            "--out" => out = Some(PathBuf::from(val())),
            _ => usage(),
        }
    }
    let Some(out) = out else { usage() };
    if pages == 0 || per_folder == 0 || threads == 0 {
        usage();
    }
    if let Ok(mut rd) = fs::read_dir(&out) {
        if rd.next().is_some() {
            eprintln!("gen_docset: {} is not empty", out.display());
            process::exit(1);
        }
    }
    let t0 = Instant::now();
    let site = plan(pages, per_folder, seed);

    // Directories.
    let mk = |p: &Path| {
        if let Err(e) = fs::create_dir_all(p) {
            eprintln!("gen_docset: cannot create {}: {e}", p.display());
            process::exit(1);
        }
    };
    mk(&out.join("includes"));
    mk(&out.join("media"));
    for f in &site.folders {
        for (s, _) in &f.subs {
            mk(&out.join(&f.slug).join(s));
        }
    }

    write_file(&out.join("docfx.json"), docfx_json(&site).as_bytes());
    let mut root_toc = String::from("- name: Contoso-documentatie\n  expanded: true\n  items:\n");
    for (fi, f) in site.folders.iter().enumerate() {
        let _ = writeln!(root_toc, "  - name: {}\n    href: {}/toc.yml", f.nl, f.slug);
        write_file(
            &out.join(&f.slug).join("toc.yml"),
            toc_yaml(&site, fi).as_bytes(),
        );
    }
    write_file(&out.join("toc.yml"), root_toc.as_bytes());
    for m in 1..=N_MEDIA {
        write_file(&out.join("media").join(format!("fig-{m:02}.png")), PNG);
    }
    let (mut inc_links, mut inc_broken) = (0, 0);
    for i in 0..N_INCLUDES {
        let (text, l, b) = write_include(&site, i, seed);
        inc_links += l;
        inc_broken += b;
        write_file(
            &out.join("includes")
                .join(format!("{}.md", site.includes[i])),
            text.as_bytes(),
        );
    }

    // Pages, in parallel; each page depends only on (seed, index).
    let (bytes, links, broken) = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let site = &site;
                let out = &out;
                sc.spawn(move || {
                    let (mut bytes, mut links, mut broken) = (0usize, 0usize, 0usize);
                    let mut idx = t;
                    while idx < site.pages.len() {
                        let (text, l, b) = write_page(site, idx, seed);
                        let mut path = out.clone();
                        for c in site.pages[idx].path(site) {
                            path.push(c);
                        }
                        write_file(&path, text.as_bytes());
                        bytes += text.len();
                        links += l;
                        broken += b;
                        idx += threads;
                    }
                    (bytes, links, broken)
                })
            })
            .collect();
        handles
            .into_iter()
            .fold((0, inc_links, inc_broken), |acc, h| {
                let (a, b, c) = h.join().expect("writer thread panicked");
                (acc.0 + a, acc.1 + b, acc.2 + c)
            })
    });
    let secs = t0.elapsed().as_secs_f64();
    eprintln!(
        "gen_docset: {} pages ({:.1} MB Markdown, median target ≈ 10 KB) in {} folders, {} includes, {} images, \
         {} links between pages of which {} deliberately broken (missing-*.md); seed {}; {:.2} s",
        site.pages.len(),
        bytes as f64 / 1e6,
        site.folders.len(),
        N_INCLUDES,
        N_MEDIA,
        links,
        broken,
        seed,
        secs
    );
}
