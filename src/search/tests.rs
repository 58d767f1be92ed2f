//! Tests of the search index: format, analysis per language, the query-side
//! rule against search.js in node, and sizes on corpus text.

use super::*;
use serde_json::Value;

#[test]
fn utf16_order_matches_javascript() {
    let words = [
        "",
        "a",
        "ab",
        "abc",
        "b",
        "é",
        "z",
        "\u{E000}",
        "\u{FFFD}",
        "\u{FF5E}x",
        "\u{10000}",
        "\u{1F600}",
        "a\u{1F600}",
        "a\u{FFFD}",
        "a\u{E000}b",
        "\u{D7FF}",
        "日本",
        "日\u{20000}",
    ];
    for a in words {
        for b in words {
            assert_eq!(
                utf16_cmp(a, b),
                a.encode_utf16().cmp(b.encode_utf16()),
                "{a:?} vs {b:?}"
            );
        }
    }
}

proptest::proptest! {
    #[test]
    fn utf16_order_matches_encode_utf16(a in "\\PC{0,6}", b in "\\PC{0,6}") {
        proptest::prop_assert_eq!(utf16_cmp(&a, &b), a.encode_utf16().cmp(b.encode_utf16()));
    }
}

fn doc(href: &str, title: &str, text: &str) -> SearchDoc {
    SearchDoc {
        href: href.into(),
        title: title.into(),
        breadcrumb: "Docs › Admin".into(),
        text: text.into(),
    }
}

/// The JSON inside `window.TOLK_SEARCH = <json>;`.
fn parse(out: &IndexOutput) -> Value {
    let body = out
        .js
        .strip_prefix("window.TOLK_SEARCH = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("window.TOLK_SEARCH = ...;");
    serde_json::from_str(body).expect("valid JSON")
}

/// A Rust mirror of search.js's query resolution and matching (no
/// ranking): the pages that match every query word.
struct Q {
    v: Value,
}
impl Q {
    fn terms(&self) -> Vec<&str> {
        self.v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect()
    }
    fn resolve(&self, q: &str) -> Option<String> {
        let q = normalize(q);
        let excw = self.v["excw"].as_array().unwrap();
        if let Some(i) = excw.iter().position(|w| w == q.as_str()) {
            let t = self.v["exct"][i].as_u64().unwrap() as usize;
            return Some(self.terms()[t].to_string());
        }
        rule_resolve(&q, &self.terms()).map(str::to_string)
    }
    fn pages(&self, term: &str) -> Vec<usize> {
        let i = self.terms().iter().position(|t| *t == term).unwrap();
        decode(self.v["post"][i].as_str().unwrap())
    }
    fn search(&self, query: &str) -> Vec<String> {
        let stop: Vec<&str> = self.v["stop"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let mut hits: Option<BTreeSet<usize>> = None;
        for w in words(query) {
            let n = normalize(w);
            if stop.contains(&n.as_str()) || utf16_len(&n) < MIN_WORD {
                continue;
            }
            let mut found = BTreeSet::new();
            if let Some(t) = self.resolve(&n) {
                found.extend(self.pages(&t));
            }
            if utf16_len(&n) >= 3 {
                for t in self.terms().iter().filter(|t| t.starts_with(n.as_str())) {
                    found.extend(self.pages(t));
                }
            }
            hits = Some(match hits {
                None => found,
                Some(h) => h.intersection(&found).copied().collect(),
            });
        }
        hits.unwrap_or_default()
            .into_iter()
            .map(|d| self.v["docs"][d][0].as_str().unwrap().to_string())
            .collect()
    }
}

fn decode(s: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut v, mut doc) = (0usize, 0usize);
    for b in s.bytes() {
        if let Some(d) = DIGITS_MORE.iter().position(|&x| x == b) {
            v = v * 32 + d;
        } else {
            let d = DIGITS_END.iter().position(|&x| x == b).expect("digit");
            v = v * 32 + d;
            doc += v + 1;
            out.push(doc - 1);
            v = 0;
        }
    }
    out
}

fn sample() -> Vec<SearchDoc> {
    vec![
            doc(
                "admin/abonnement.html",
                "Uw abonnement beheren",
                "Een abonnement verlengen of opzeggen in het beheercentrum. Financiële gegevens.",
            ),
            doc(
                "admin/users.html",
                "Gebruikers toevoegen",
                "Voeg gebruikers toe en wijs licenties toe. Using the admin center, settings for policies.",
            ),
            doc("security/mfa.html", "Meervoudige verificatie", "Stel MFA in voor Microsoft 365 E5."),
        ]
}

#[test]
fn builds_for_locales_and_parses() {
    for locale in [
        "nl-NL",
        "en-US",
        "de-DE",
        "he-IL",
        "fr",
        "zh-Hans-CN",
        "",
        "x",
    ] {
        let out = build_index(locale, &sample());
        assert_eq!(out.docs, 3);
        let v = parse(&out);
        assert_eq!(v["docs"].as_array().unwrap().len(), 3, "{locale}");
        let terms = v["terms"].as_array().unwrap();
        assert_eq!(terms.len(), v["post"].as_array().unwrap().len());
        assert_eq!(terms.len(), v["wt"].as_array().unwrap().len());
        for (p, w) in v["post"]
            .as_array()
            .unwrap()
            .iter()
            .zip(v["wt"].as_array().unwrap())
        {
            assert_eq!(decode(p.as_str().unwrap()).len(), w.as_str().unwrap().len());
        }
    }
    // The language of every locale; the stemmer where there is one.
    for (locale, lang, stem) in [
        ("nl-NL", "nl", "du"),
        ("en-US", "en", "en"),
        ("de-DE", "de", "de"),
        ("he-IL", "he", ""),
        ("zh-TW", "zh", ""),
        ("ja-JP", "ja", ""),
    ] {
        let v = parse(&build_index(locale, &sample()));
        assert_eq!(
            (v["lang"].as_str(), v["stem"].as_str()),
            (Some(lang), Some(stem))
        );
        assert_eq!(v["cjk"], "bigram");
    }
}

#[test]
fn cjk_runs_split_from_other_scripts_and_cut_into_bigrams() {
    let toks: Vec<Token> = tokens("使用autopilot來自動 E5授權, 表").collect();
    assert_eq!(
        toks,
        [
            Token::Cjk("使用"),
            Token::Word("autopilot"),
            Token::Cjk("來自動"),
            Token::Word("E5"),
            Token::Cjk("授權"),
            Token::Cjk("表"),
        ]
    );
    assert_eq!(bigrams("來自動").collect::<Vec<_>>(), ["來自", "自動"]);
    assert_eq!(bigrams("表").collect::<Vec<_>>(), ["表"]);
    // Code points, not UTF-16 units: an Extension B character is one.
    assert_eq!(bigrams("𠀋a").count(), 1);
    assert_eq!(bigrams("𠀋𠀋表").collect::<Vec<_>>(), ["𠀋𠀋", "𠀋表"]);
    // Kana and Hangul are CJK too; the long-vowel mark stays in its word.
    let ja: Vec<Token> = tokens("ユーザーにライセンスを").collect();
    assert_eq!(ja, [Token::Cjk("ユーザーにライセンスを")]);
    let ko: Vec<Token> = tokens("라이선스를 Windows용").collect();
    assert_eq!(
        ko,
        [
            Token::Cjk("라이선스를"),
            Token::Word("Windows"),
            Token::Cjk("용")
        ]
    );
}

#[test]
fn cjk_text_indexes_bigrams_and_lone_characters() {
    let docs = [
        doc("a.html", "管理授權", "每個授權都包含加密及備份功能。表"),
        doc("b.html", "登入", "如果忘記密碼，請聯絡支援人員。"),
    ];
    let v = parse(&build_index("zh-TW", &docs));
    let terms: Vec<&str> = v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    for t in [
        "管理", "理授", "授權", "加密", "密及", "表", "密碼", "登入", "docs", "admin",
    ] {
        assert!(terms.contains(&t), "{t} not in {terms:?}");
    }
    // No whole clause, no single character of a longer run.
    assert!(!terms.iter().any(|t| t.chars().count() > 2 && !t.is_ascii()));
    assert!(!terms.contains(&"密"));
    // Nothing to stem, nothing to except.
    assert!(v["excw"].as_array().unwrap().is_empty());
}

#[test]
fn empty_doc_list() {
    let out = build_index("nl-NL", &[]);
    assert_eq!(out.docs, 0);
    let v = parse(&out);
    assert!(v["docs"].as_array().unwrap().is_empty());
    assert!(v["terms"].as_array().unwrap().is_empty());
}

#[test]
fn dutch_stemming_finds_inflections() {
    let q = Q {
        v: parse(&build_index("nl-NL", &sample())),
    };
    assert_eq!(q.search("abonnementen"), ["admin/abonnement.html"]);
    assert_eq!(q.search("Abonnement"), ["admin/abonnement.html"]);
    assert_eq!(q.search("abon"), ["admin/abonnement.html"]); // prefix
    assert_eq!(q.search("gebruiker"), ["admin/users.html"]);
    assert_eq!(q.search("financiele"), ["admin/abonnement.html"]); // folded
    assert_eq!(q.search("het abonnement"), ["admin/abonnement.html"]); // stop word
    assert_eq!(q.search("e5 mfa"), ["security/mfa.html"]);
    assert!(q.search("abonnement mfa").is_empty());
}

#[test]
fn english_exceptions_resolve_exactly() {
    let docs = vec![
        doc(
            "a.html",
            "Happy users",
            "Using policies daily. The policy says so.",
        ),
        doc(
            "b.html",
            "Settings",
            "Configure the setting. Sets of things.",
        ),
    ];
    let v = parse(&build_index("en-US", &docs));
    let q = Q { v };
    // Porter: "using" -> "us", "happy" -> "happi": not prefixes, so exceptions.
    assert_eq!(q.resolve("using").as_deref(), Some("us"));
    assert_eq!(q.resolve("happy").as_deref(), Some("happi"));
    // Unseen inflection through the prefix rule.
    assert_eq!(q.resolve("happily").as_deref(), Some("happi"));
    assert_eq!(q.search("policy"), ["a.html"]);
    assert_eq!(q.search("policies"), ["a.html"]);
    assert_eq!(q.search("the"), Vec::<String>::new());
}

#[test]
fn every_indexed_word_resolves_to_its_stem() {
    let docs = corpus_docs(60, 400, Lang::Dutch);
    let mut an = Analyzer::new("nl-NL");
    // Each word's term: the smallest of its spellings' stems, as the index has it.
    let mut word_term: std::collections::BTreeMap<u32, u32> = Default::default();
    for d in &docs {
        for (w, t) in an.field(&d.text.read(), MAX_TEXT_WORDS).words {
            if t != STOP {
                let e = word_term.entry(w).or_insert(t);
                if utf16_lt(&an.terms[t as usize], &an.terms[*e as usize]) {
                    *e = t;
                }
            }
        }
    }
    let q = Q {
        v: parse(&build_index("nl-NL", &docs)),
    };
    for (&w, &t) in word_term.iter().take(3000) {
        let word = &an.words[w as usize];
        assert_eq!(
            q.resolve(word).as_deref(),
            Some(an.terms[t as usize].as_str()),
            "{word}"
        );
    }
}

#[test]
fn varint_round_trip() {
    for v in [0u32, 1, 31, 32, 33, 1023, 1024, 40_000] {
        let mut b = Vec::new();
        push_varint(&mut b, v);
        // decode() adds deltas: a single value v decodes as page v.
        assert_eq!(decode(std::str::from_utf8(&b).unwrap()), [v as usize]);
    }
    // The builder reads its postings and frequencies back to weigh them.
    let values = [
        0u32,
        1,
        31,
        32,
        33,
        127,
        128,
        1023,
        1024,
        16_384,
        40_000,
        u32::MAX,
    ];
    let (mut post, mut freq) = (Vec::new(), Vec::new());
    for v in values {
        push_varint(&mut post, v);
        push_leb128(&mut freq, v);
    }
    assert_eq!(Varint(&post).collect::<Vec<_>>(), values);
    assert_eq!(Leb128(&freq).collect::<Vec<_>>(), values);
}

/// The variants of a locale, built together (their pages read side by
/// side, a text shared between variants analysed once, pages missing from
/// some variants, a variant without pages), each get the same index and
/// text shards as a build of that variant alone.
#[test]
fn variants_built_together_match_each_alone() {
    let shared: SearchText =
        "Gedeelde tekst over beveiliging en wachtwoorden van gebruikers".into();
    let long = "woorden ".repeat(SHARD_BYTES / 8 + 5);
    let mk = |href: &str, title: &str, text: SearchText| SearchDoc {
        href: href.into(),
        title: title.into(),
        breadcrumb: "Docs › Beheer".into(),
        text,
    };
    let variants = vec![
        vec![
            mk("a.html", "Alfa", shared.clone()),
            mk("b.html", "Beta bakken", long.as_str().into()),
            mk("d.html", "Delta", "alleen in de eerste variant".into()),
        ],
        vec![
            mk("a.html", "Alfa", shared.clone()),
            mk("c.html", "Gamma", shared.clone()),
            mk(
                "d.html",
                "Delta",
                "een andere tekst, de gebruiker bakt".into(),
            ),
            mk("e.html", "Epsilon", long.as_str().into()),
        ],
        vec![],
        vec![mk("b.html", "Beta", "het abonnement".into())],
    ];
    let mut together: Vec<IndexOutput> = variants
        .iter()
        .map(|d| IndexOutput {
            js: String::new(),
            docs: d.len(),
            texts: Vec::new(),
        })
        .collect();
    build_indexes("nl-NL", variants.clone(), |vi, part| match part {
        IndexPart::Shard(n, js) => {
            assert_eq!(n, together[vi].texts.len());
            together[vi].texts.push(js);
        }
        IndexPart::Index(js) => together[vi].js = js,
    });
    for (docs, built) in variants.iter().zip(&together) {
        let alone = build_index("nl-NL", docs);
        assert_eq!(built.js, alone.js);
        assert_eq!(built.texts, alone.texts);
        assert_eq!(parse(built)["docs"].as_array().unwrap().len(), docs.len());
    }
    assert_eq!(together[0].texts.len(), 2);
}

#[test]
fn folding_table_is_complete() {
    assert_eq!(FOLD.chars().count(), 0x17F - 0xC0 + 1);
    assert_eq!(normalize("Financiële ÉÉN Straße"), "financiele een straße");
}

#[test]
fn search_js_passes_node_check_and_queries() {
    // Optional: only where node is installed.
    let Ok(outp) = std::process::Command::new("node").arg("--version").output() else {
        assert!(
            std::env::var_os("TOLK_REQUIRE_BROWSER").is_none_or(|v| v != "1"),
            "node required (TOLK_REQUIRE_BROWSER=1) but it is not installed"
        );
        println!("skipped: node not found");
        return;
    };
    if !outp.status.success() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("tolk-search-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let idx = dir.join("index.js");
    let js = dir.join("search.js");
    std::fs::write(&idx, build_index("nl-NL", &sample()).js).unwrap();
    std::fs::write(&js, SEARCH_JS.as_str()).unwrap();
    let check = std::process::Command::new("node")
        .arg("--check")
        .arg(&js)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let script = format!(
        r#"globalThis.window = globalThis;
const fs = require('fs');
(0, eval)(fs.readFileSync({idx:?}, 'utf8'));
(0, eval)(fs.readFileSync({js:?}, 'utf8'));
const s = window.tolkSearch;
const out = {{}};
for (const q of ['abonnementen', 'abon', 'gebruiker', 'financiele', 'het abonnement', 'e5 mfa', 'abonnement mfa', 'abonnement xyzzyq', 'het']) {{
  out[q] = s.search(window.TOLK_SEARCH, q).hits.map(h => h.href);
}}
out.hl = s.search(window.TOLK_SEARCH, 'abonnementen').hits[0].titleHtml;
console.log(JSON.stringify(out));"#
    );
    let run = std::process::Command::new("node")
        .arg("-e")
        .arg(script)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["abonnementen"][0], "admin/abonnement.html");
    assert_eq!(v["abonnementen"].as_array().unwrap().len(), 1);
    assert_eq!(v["abon"][0], "admin/abonnement.html");
    assert_eq!(v["gebruiker"][0], "admin/users.html");
    assert_eq!(v["financiele"][0], "admin/abonnement.html");
    assert_eq!(v["het abonnement"][0], "admin/abonnement.html");
    assert_eq!(v["e5 mfa"][0], "security/mfa.html");
    // No page has both: the pages matching most of the words.
    assert_eq!(v["abonnement mfa"].as_array().unwrap().len(), 2);
    assert_eq!(v["abonnement xyzzyq"][0], "admin/abonnement.html");
    assert_eq!(v["abonnement xyzzyq"].as_array().unwrap().len(), 1);
    assert_eq!(v["het"].as_array().unwrap().len(), 0);
    assert_eq!(v["hl"], "Uw <mark>abonnement</mark> beheren");
}

// -- size ---------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Lang {
    Dutch,
    English,
}

/// Sentence pairs from the real corpus beside the project, if present.
fn corpus_sentences(lang: Lang) -> Vec<String> {
    use std::path::{Path, PathBuf};
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rel = "shared/corpus/m365-nl-NL/microsoft-365";
    let Some(root) = [
        manifest.join("..").join(rel),
        manifest.join("../..").join(rel),
    ]
    .into_iter()
    .find(|p| p.is_dir()) else {
        return Vec::new();
    };
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    let mut out = Vec::new();
    let (open, mid) = (
        "<span data-ttu-id=\"",
        "</span><span class=\"sxs-lookup\"><span data-stu-id=\"",
    );
    for f in files {
        let Ok(s) = std::fs::read_to_string(&f) else {
            continue;
        };
        // <span data-ttu-id="..">NL</span><span class="sxs-lookup"><span data-stu-id="..">EN</span></span>
        for part in s.split(open).skip(1) {
            let Some((nl_part, rest)) = part.split_once(mid) else {
                continue;
            };
            let Some((_, nl)) = nl_part.split_once("\">") else {
                continue;
            };
            let Some((_, rest)) = rest.split_once("\">") else {
                continue;
            };
            let Some((en, _)) = rest.split_once("</span></span>") else {
                continue;
            };
            let text = if lang == Lang::Dutch { nl } else { en };
            if !text.contains('<') {
                out.push(strip_links(text));
            }
        }
    }
    out
}

/// `[label](url)` → `label`.
fn strip_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find(')') {
            Some(j) => rest = &after[j + 1..],
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace('[', "")
}

/// Deterministic fallback prose when the corpus is absent: Zipf-ish
/// draws from a vocabulary with inflections.
fn synthetic_sentences(lang: Lang, n: usize) -> Vec<String> {
    let (stems, ends): (&[&str], &[&str]) = match lang {
        Lang::Dutch => (
            &[
                "abonnement",
                "gebruiker",
                "beheer",
                "licentie",
                "beveilig",
                "instelling",
                "postvak",
                "toegang",
                "apparaat",
                "beleid",
                "rapport",
                "groep",
                "bestand",
                "wachtwoord",
                "domein",
                "organisatie",
                "verificatie",
                "gegeven",
                "migratie",
                "naleving",
            ],
            &[
                "",
                "en",
                "s",
                "ing",
                "ingen",
                "er",
                "ers",
                "centrum",
                "beheer",
                "instellingen",
            ],
        ),
        Lang::English => (
            &[
                "subscription",
                "user",
                "admin",
                "license",
                "secur",
                "setting",
                "mailbox",
                "access",
                "device",
                "policy",
                "report",
                "group",
                "file",
                "password",
                "domain",
                "organization",
                "verification",
                "data",
                "migration",
                "compliance",
            ],
            &[
                "",
                "s",
                "ing",
                "ed",
                "er",
                "ers",
                "center",
                "management",
                "ly",
                "ity",
            ],
        ),
    };
    let glue: &[&str] = match lang {
        Lang::Dutch => &[
            "de", "het", "een", "en", "van", "in", "voor", "met", "u", "kunt", "uw", "op",
        ],
        Lang::English => &[
            "the", "a", "and", "of", "in", "for", "with", "you", "can", "your", "on", "to",
        ],
    };
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(|_| {
            let len = 8 + (next() % 14) as usize;
            let mut s = String::new();
            for k in 0..len {
                let r = next();
                let w = if r % 3 == 0 {
                    glue[(r >> 8) as usize % glue.len()].to_string()
                } else {
                    // Zipf-ish over stems, plus a long tail of rare words.
                    let z = ((r >> 8) % 1000) as f64 / 1000.0;
                    let i = (z * z * z * stems.len() as f64) as usize;
                    if (r >> 20) % 5 == 0 {
                        format!("{}{}", stems[i], (r >> 24) % 20_000)
                    } else {
                        format!("{}{}", stems[i], ends[(r >> 32) as usize % ends.len()])
                    }
                };
                if k > 0 {
                    s.push(' ');
                }
                s.push_str(&w);
            }
            s.push('.');
            s
        })
        .collect()
}

/// `n` pages of ~`words` words each: consecutive corpus sentences (so a
/// page stays on topic), cycling through the corpus.
fn corpus_docs(n: usize, words_per_doc: usize, lang: Lang) -> Vec<SearchDoc> {
    let mut sentences = corpus_sentences(lang);
    if sentences.is_empty() {
        sentences = synthetic_sentences(lang, 60_000);
    }
    let mut i = 0;
    (0..n)
        .map(|d| {
            let title = sentences[i % sentences.len()].clone();
            let mut text = String::new();
            let mut count = 0;
            while count < words_per_doc {
                let s = &sentences[i % sentences.len()];
                i += 1;
                count += s.split_whitespace().count();
                text.push_str(s);
                text.push(' ');
            }
            SearchDoc {
                href: format!("section-{}/page-{d}.html", d / 40),
                title: title.chars().take(60).collect(),
                breadcrumb: format!("Microsoft 365 › Sectie {} › Onderwerp {}", d / 40, d / 8),
                text: text.into(),
            }
        })
        .collect()
}

fn gzip_len(data: &[u8]) -> Option<usize> {
    use std::io::Write;
    let mut child = std::process::Command::new("gzip")
        .arg("-c")
        .arg("-6")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let data = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    out.status.success().then_some(out.stdout.len())
}

fn measure(n: usize, words: usize, lang: Lang, locale: &str) -> (usize, Option<usize>) {
    let docs = corpus_docs(n, words, lang);
    let t = std::time::Instant::now();
    let out = build_index(locale, &docs);
    let raw = out.js.len();
    let gz = gzip_len(out.js.as_bytes());
    let v = parse(&out);
    for part in ["docs", "terms", "post", "wt", "excw", "exct", "stop"] {
        let j = v[part].to_string();
        println!(
            "  {part}: {} entries, {} raw, {:?} gzip",
            v[part].as_array().unwrap().len(),
            j.len(),
            gzip_len(j.as_bytes())
        );
    }
    println!(
        "{locale}: {n} docs x ~{words} words: {raw} bytes raw, {gz:?} gzip, built in {:?}",
        t.elapsed()
    );
    (raw, gz)
}

/// Always on: 250 pages, a tenth of the corpus variant, a tenth of the
/// budget (small sets have more vocabulary per page, so this is stricter).
#[test]
fn size_small_proportional() {
    for (lang, locale) in [(Lang::Dutch, "nl-NL"), (Lang::English, "en-US")] {
        let (raw, gz) = measure(250, 1500, lang, locale);
        match gz {
            Some(gz) => assert!(gz < 200 * 1024, "{locale}: {gz} bytes gzip"),
            None => assert!(raw < 600 * 1024, "{locale}: {raw} bytes raw"),
        }
    }
}

/// The size budget: the corpus variant, 2,500 pages of ~1,500 words, ships
/// a search index under 2 MB gzip (6 MB raw where gzip is missing). Always on:
/// it costs a few seconds of CPU (measured 2.2 s user, 18.7 s wall on a
/// loaded 2-core machine; en-US came to 0.54 MB gzip).
/// `cargo test --release --lib search::tests::size_full -- --nocapture`
#[test]
fn size_full() {
    for (lang, locale) in [(Lang::Dutch, "nl-NL"), (Lang::English, "en-US")] {
        let (raw, gz) = measure(2500, 1500, lang, locale);
        match gz {
            Some(gz) => assert!(gz < 2 * 1024 * 1024, "{locale}: {gz} bytes gzip"),
            None => assert!(raw < 6 * 1024 * 1024, "{locale}: {raw} bytes raw"),
        }
    }
}

#[test]
fn text_limit_counts_a_cjk_bigram_as_half_a_word() {
    let mut an = Analyzer::new("zh-TW");
    // 10 Latin words, then a run of 11 characters (10 bigrams).
    let text = "alpha beta gamma delta epsilon zeta eta theta iota kappa 一二三四五六七八九十百";
    assert_eq!(an.field(text, 10).terms.len(), 10);
    assert_eq!(an.field(text, 12).terms.len(), 14);
    assert_eq!(an.field(text, 100).terms.len(), 20);
}

#[test]
fn stored_text_stops_where_indexing_stopped() {
    let mut an = Analyzer::new("en-US");
    let text = "alpha  beta\n gamma delta epsilon";
    let f = an.field(text, 2);
    assert_eq!(&text[..f.end], "alpha  beta");
    assert_eq!(compact(&text[..f.end]), "alpha beta");
    assert_eq!(an.field(text, 100).end, text.len());
    // Shards: every page's text once, in page order, split at SHARD_BYTES.
    let long = "word ".repeat(SHARD_BYTES / 5 + 10);
    let docs = vec![
        doc("a.html", "A", &long),
        doc("b.html", "B", "short"),
        doc("c.html", "C", "other"),
    ];
    let out = build_index("en-US", &docs);
    let v = parse(&out);
    assert_eq!(v["shards"], serde_json::json!([0, 1]));
    assert_eq!(out.texts.len(), 2);
    assert!(
        out.texts[0].starts_with("(window.TOLK_TEXT = window.TOLK_TEXT || {})[0] = [\"word word")
    );
    assert_eq!(
        out.texts[1],
        "(window.TOLK_TEXT = window.TOLK_TEXT || {})[1] = [\"short\",\"other\"];\n"
    );
    assert!(parse(&build_index("en-US", &[]))["shards"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn index_hrefs_are_url_paths() {
    let docs = vec![
        doc("a b/c#1?.html", "A", "x"),
        doc("100%.html", "B", "y"),
        doc("plain/page.html", "C", "z"),
    ];
    let v = parse(&build_index("en-US", &docs));
    let hrefs: Vec<&str> = v["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d[0].as_str().unwrap())
        .collect();
    assert_eq!(
        hrefs,
        ["a%20b/c%231%3F.html", "100%25.html", "plain/page.html"]
    );
}

/// Run `script` in node with `index` (and its text shards, unless
/// `no_texts`) and search.js loaded; its stdout as JSON. None without node.
fn node_with(index: &IndexOutput, no_texts: bool, script: &str) -> Option<Value> {
    let ok = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("TOLK_REQUIRE_BROWSER").is_none_or(|v| v != "1"),
            "node required (TOLK_REQUIRE_BROWSER=1) but it is not installed"
        );
        println!("skipped: node not found");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![dir.path().join("index.js")];
    std::fs::write(&files[0], &index.js).unwrap();
    if !no_texts {
        for (n, t) in index.texts.iter().enumerate() {
            let f = dir.path().join(format!("text{n}.js"));
            std::fs::write(&f, t).unwrap();
            files.push(f);
        }
    }
    let js = dir.path().join("search.js");
    std::fs::write(&js, SEARCH_JS.as_str()).unwrap();
    files.push(js);
    let loads: String = files
        .iter()
        .map(|f| format!("(0, eval)(fs.readFileSync({f:?}, 'utf8'));\n"))
        .collect();
    let run = std::process::Command::new("node")
        .arg("-e")
        .arg(format!(
            "globalThis.window = globalThis;\nconst fs = require('fs');\n{loads}{script}"
        ))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    Some(serde_json::from_slice(&run.stdout).unwrap())
}

/// The first hit's href and snippet per query.
fn snippets(index: &IndexOutput, queries: &[&str]) -> Option<Value> {
    node_with(
        index,
        false,
        &format!(
            r#"const out = {{}};
for (const q of {}) {{
  const r = window.tolkSearch.search(window.TOLK_SEARCH, q);
  out[q] = r.hits.length ? [r.hits[0].href, r.hits[0].snippetHtml] : null;
}}
console.log(JSON.stringify(out));"#,
            serde_json::to_string(queries).unwrap()
        ),
    )
}

/// `html` without tags and the two-character entities: what a reader sees.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in html.chars() {
        match c {
            '<' => tag = true,
            '>' if tag => tag = false,
            _ if !tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn snippets_show_the_matched_words_anywhere_in_the_text() {
    // Filler of 2,000+ characters, then the words; in three scripts.
    let nl_fill = "Dit is een zin over iets anders in het beheercentrum. ".repeat(40);
    let zh_fill = "這是一個關於其他事情的句子，用於填充頁面。".repeat(100);
    let he_fill = "זהו משפט על נושא אחר לגמרי במרכז הניהול. ".repeat(50);
    let cases = [
        (
            "nl-NL",
            format!("{nl_fill}Stel een sterk wachtwoord in voor elk account. {nl_fill}"),
            "wachtwoord",
            "<mark>wachtwoord</mark>",
        ),
        (
            "zh-TW",
            format!("{zh_fill}每個授權都包含加密及備份功能。{zh_fill}"),
            "加密",
            "<mark>加密</mark>",
        ),
        (
            "he-IL",
            format!("{he_fill}כל רישיון כולל הצפנה וגיבוי. {he_fill}"),
            "הצפנה",
            "<mark>הצפנה</mark>",
        ),
    ];
    for (locale, text, q, marked) in cases {
        let docs = vec![
            doc("deep.html", "Pagina", &text),
            doc("other.html", "Ander", "niets"),
        ];
        let Some(v) = snippets(&build_index(locale, &docs), &[q]) else {
            return;
        };
        let snip = v[q][1].as_str().unwrap_or_else(|| panic!("{locale}: {v}"));
        assert!(snip.contains(marked), "{locale}: {snip}");
        let seen = visible(snip);
        // Cut on both sides, about 180 characters, from the sentence start.
        assert!(
            seen.starts_with('…') && seen.ends_with('…'),
            "{locale}: {seen}"
        );
        assert!(seen.chars().count() <= 183, "{locale}: {seen}");
        let sentence = match locale {
            "nl-NL" => "…Stel een sterk",
            "zh-TW" => "…每個授權都包含",
            _ => "…כל רישיון",
        };
        assert!(seen.starts_with(sentence), "{locale}: {seen}");
    }
}

#[test]
fn snippet_window_holds_the_most_query_words() {
    let fill = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do. ".repeat(10);
    let text =
        format!("Alpha stands alone here. {fill}Here alpha and bravo stand together. {fill}");
    let docs = vec![doc("a.html", "Page", &text)];
    let Some(v) = snippets(&build_index("en-US", &docs), &["alpha bravo", "lorem"]) else {
        return;
    };
    let snip = v["alpha bravo"][1].as_str().unwrap();
    assert!(visible(snip).starts_with("…Here alpha and bravo"), "{snip}");
    assert!(
        snip.contains("<mark>alpha</mark> and <mark>bravo</mark>"),
        "{snip}"
    );
    // A word near the start: the text from its start, no leading cut.
    let snip = v["lorem"][1].as_str().unwrap();
    assert!(visible(snip).starts_with("Alpha stands alone"), "{snip}");
}

#[test]
fn snippet_waits_for_its_shard_and_titles_match_without_it() {
    let docs = vec![doc("a.html", "Alpha page", "Some alpha text.")];
    let Some(v) = node_with(
        &build_index("en-US", &docs),
        true,
        r#"const r = window.tolkSearch.search(window.TOLK_SEARCH, 'alpha');
console.log(JSON.stringify([r.hits[0].snippetHtml, r.hits[0].titleHtml, r.hits[0].shard]));"#,
    ) else {
        return;
    };
    assert_eq!(v, serde_json::json!([null, "<mark>Alpha</mark> page", 0]));
}

#[test]
fn cjk_ranking_title_above_body_and_one_word_per_word() {
    let fill = "這是一個關於其他事情的句子，用於填充頁面。".repeat(20);
    let docs = vec![
        doc(
            "body-once.html",
            "其他頁面說明",
            &format!("{fill}每個方案都包含加密功能。{fill}"),
        ),
        doc("title.html", "設定加密", "本頁說明如何開始。"),
        doc(
            "body-many.html",
            "管理頁面",
            &format!("{fill}加密很重要。加密資料。使用加密。"),
        ),
        doc("autopilot.html", "裝置", "使用 autopilot 及加密。"),
        doc("whole.html", "說明", &format!("{fill}先設定加密方式。")),
    ];
    let Some(v) = node_with(
        &build_index("zh-TW", &docs),
        false,
        r#"const out = {};
for (const q of ['加密', '設定加密', 'autopilot 設定加密']) {
  out[q] = window.tolkSearch.search(window.TOLK_SEARCH, q).hits.map(h => h.href);
}
console.log(JSON.stringify(out));"#,
    ) else {
        return;
    };
    // The word in the title first; of the two long bodies, the one that
    // has it three times before the one that has it once.
    let hits: Vec<&str> = v["加密"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_eq!(hits.len(), 5);
    assert_eq!(hits[0], "title.html");
    let at = |p: &str| hits.iter().position(|h| *h == p).unwrap();
    assert!(at("body-many.html") < at("body-once.html"), "{hits:?}");
    // Every bigram of the word (設定 定加 加密): the pages with all three.
    assert_eq!(
        v["設定加密"],
        serde_json::json!(["title.html", "whole.html"])
    );
    // A CJK word's three bigrams count as one word, not three: the page
    // with autopilot and part of the word is among the best, and no page
    // outweighs it by holding the three bigrams alone.
    assert_eq!(v["autopilot 設定加密"][0], "autopilot.html");
}

#[test]
fn last_word_expands_while_it_is_typed() {
    let Some(v) = node_with(
        &build_index("nl-NL", &sample()),
        false,
        r#"const out = {};
for (const q of ['ab', 'ab ', 'ab mfa', 'wijs li']) {
  out[q] = window.tolkSearch.search(window.TOLK_SEARCH, q).hits.map(h => h.href);
}
out.mark = window.tolkSearch.search(window.TOLK_SEARCH, 'ab').hits[0].titleHtml;
console.log(JSON.stringify(out));"#,
    ) else {
        return;
    };
    // Two letters at the end of the query: a word being typed.
    assert_eq!(v["ab"], serde_json::json!(["admin/abonnement.html"]));
    assert_eq!(v["mark"], "Uw <mark>abonnement</mark> beheren");
    assert_eq!(v["wijs li"], serde_json::json!(["admin/users.html"]));
    // Followed by a space, or not last: a two-letter word, not a prefix.
    assert_eq!(v["ab "], serde_json::json!([]));
    assert_eq!(v["ab mfa"], serde_json::json!(["security/mfa.html"]));
}
