//! The incremental build cache: `.NAME.tolk-cache` beside the output folder
//! `NAME` (as its lock file; outside the site, so never deployed with it),
//! written once the site it describes is in place.
//!
//! It holds, for the site in that folder:
//! - a *site fingerprint*: a hash of everything site-wide that rendering a
//!   page can read — tolk's version and the cache format, the slice built
//!   (`--locale`, `--env`), every file of the docset that is not Markdown
//!   and not a resource (docfx.json, tolk.yml, TOCs, YAML pages, templates,
//!   locales, labels, code files…) by content, the redirection file, the
//!   path and kind of every file (the set of pages, includes and resources),
//!   and each page's metadata (path, environments, titles, description,
//!   title suffix, the whole front matter);
//! - per Markdown page: the hash of its file, the files its last render
//!   read (includes, code snippets) with their hashes, and what rendering it
//!   produced ([`PageOutcome`]: diagnostics, anchors, link findings,
//!   bookmarks, search entries, untranslated texts, sizes);
//! - the stamp (device, inode, size, modification time) of every file of
//!   the site as tolk wrote it.
//!
//! A page is rendered again unless the fingerprint is the same, its file and
//! every file its render read have the same content, and its files in the
//! previous site still have their stamps; then its stored outcome is used
//! and its files are linked from the previous site. The site-wide files are
//! always written again from the outcomes (unchanged ones are carried over
//! by the output). So an incremental build writes the same bytes as a build
//! from scratch. The file starts with a header (format, tolk version, a
//! 128-bit SipHash checksum of the body); a cache that fails any check is
//! ignored with a note (`build-cache-ignored`).

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::docset::{EnvId, PageKind, Untranslated, Variant};
use crate::output::Stamp;
use crate::render::{BookmarkCheck, LinkIssue, PageOutcome, Site};
use crate::search::{SearchDoc, SearchText, TextSpill};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};
use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Write the cache file atomically (a temporary file beside it, renamed
/// over it); on failure, no cache is left (the previous one is removed).
pub(crate) fn write(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = file.with_file_name(format!(
        "{}-tmp-{}",
        file.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let r = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, file));
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_file(file);
    }
    r
}
/// Changes whenever what the cache holds or means changes.
const FORMAT: u32 = 2;
const MAGIC: &str = "tolk-cache";

/// A 128-bit content hash, written as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Hash(u128);

impl Serialize for Hash {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:032x}", self.0))
    }
}

impl<'de> Deserialize<'de> for Hash {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Hash, D::Error> {
        let s = String::deserialize(d)?;
        u128::from_str_radix(&s, 16)
            .map(Hash)
            .map_err(serde::de::Error::custom)
    }
}

/// Hashes fields one after another (each length-prefixed, so no two
/// sequences of fields hash alike by running into each other).
pub(crate) struct Hasher(SipHasher13);

impl Hasher {
    pub(crate) fn new() -> Hasher {
        Hasher(SipHasher13::new_with_keys(
            0x746f_6c6b_2d63_6163,
            0x6865_2d76_3100_0000,
        ))
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.write_u64(b.len() as u64);
        self.0.write(b);
        self
    }

    pub(crate) fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    pub(crate) fn finish(&self) -> Hash {
        Hash(self.0.finish128().as_u128())
    }
}

pub(crate) fn hash_bytes(b: &[u8]) -> Hash {
    Hasher::new().bytes(b).finish()
}

/// The files of the docset, hashed before it is loaded (a file edited while
/// the build runs is then older in the cache than in the site, and is
/// rendered again next time, never the other way round).
pub(crate) struct Inputs {
    root: PathBuf,
    /// Docset path → content hash; `None` for resources (their content
    /// is copied, never read by a page).
    files: BTreeMap<String, Option<Hash>>,
    /// The redirection file, wherever it is, and its hash.
    redirection: Option<(PathBuf, Option<Hash>)>,
}

/// The hash of a regular file's content (through symbolic links); `None`
/// for anything else: a pipe or device would block or never end (the load
/// reports such files).
fn read_hash(path: &Path) -> Option<Hash> {
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    std::fs::read(path).ok().map(|b| hash_bytes(&b))
}

impl Inputs {
    /// Walk the docset at `root` (not into `.git`, the output folder `out`
    /// or tolk's temporary folders) and hash every file but the resources.
    pub(crate) fn scan(root: &Path, out: Option<&Path>) -> Option<Inputs> {
        let (config, _) = Config::load(root).ok()?;
        let skip = out.and_then(|o| o.canonicalize().ok());
        let walker = walkdir::WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                if e.depth() > 0 && (name == ".git" || name.contains(".tolk-")) {
                    return false;
                }
                if let (Some(s), true) = (&skip, e.file_type().is_dir()) {
                    if e.path().canonicalize().ok().as_ref() == Some(s) {
                        return false;
                    }
                }
                true
            });
        let mut paths: Vec<(String, bool)> = Vec::new();
        for entry in walker.flatten() {
            if entry.file_type().is_dir() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let resource = config.is_resource(&rel) && !is_markdown(&rel);
            paths.push((rel, resource));
        }
        let files = paths
            .into_par_iter()
            .map(|(rel, resource)| {
                let h = if resource {
                    None
                } else {
                    // Unreadable: a hash no content has (the build reports it).
                    Some(read_hash(&root.join(&rel)).unwrap_or(Hash(0)))
                };
                (rel, h)
            })
            .collect();
        let redirection = crate::redirects::find_file(root).map(|(f, _)| {
            let h = read_hash(&f);
            (f, h)
        });
        Some(Inputs {
            root: root.to_path_buf(),
            files,
            redirection,
        })
    }

    /// The content hash of docset file `rel` (`None`: no such readable file).
    fn hash_of(&self, rel: &str) -> Option<Hash> {
        match self.files.get(rel) {
            Some(Some(h)) => Some(*h),
            _ => read_hash(&self.root.join(rel)),
        }
    }

    /// The site fingerprint: a hash of everything site-wide a page render
    /// can read (see the module documentation).
    pub(crate) fn fingerprint(
        &self,
        site: &Site,
        only_locales: &[String],
        only_envs: &[String],
    ) -> Hash {
        let ds = &site.docset;
        let mut h = Hasher::new();
        h.str(MAGIC)
            .str(&FORMAT.to_string())
            .str(env!("CARGO_PKG_VERSION"))
            .str(&executable());
        h.str(&format!("{only_locales:?} {only_envs:?}"));
        for (rel, hash) in &self.files {
            h.str(rel);
            match hash {
                Some(x) if !is_markdown(rel) => h.str(&format!("{x:?}")),
                Some(_) => h.str("markdown"),
                None => h.str("resource"),
            };
        }
        match &self.redirection {
            Some((f, x)) => h.str(&f.to_string_lossy()).str(&format!("{x:?}")),
            None => h.str("no redirection file"),
        };
        // The cross-reference table as loaded (front matter uids and
        // external maps): front matter of released pages is compacted after
        // loading, so the table is hashed, not read back from it.
        h.str(&format!("{:?}", ds.refs.uids.specs))
            .str(&ds.refs.snippet_not_found);
        for (rel, kind) in &ds.store.kinds {
            h.str(rel).str(&format!("{kind:?}"));
        }
        for p in &ds.pages {
            h.str(&p.rel)
                .str(&p.html_rel)
                .str(&format!("{:?}", p.monikers))
                .str(&p.title)
                .str(&format!(
                    "{:?} {:?} {:?} {}",
                    p.title_source, p.description, p.title_suffix, p.machine_translated
                ));
            match &p.kind {
                PageKind::Markdown(f) => {
                    h.str(&serde_yaml::to_string(&f.front_matter).unwrap_or_default())
                }
                PageKind::Landing(_) => h.str("landing"),
            };
        }
        h.finish()
    }
}

/// The running program's file (size and modification time): a tolk built
/// again from other sources under the same version number may render
/// otherwise, so its caches are not taken. Unknown: a value no other run has.
fn executable() -> String {
    static ID: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(
            || match std::env::current_exe().and_then(std::fs::metadata) {
                Ok(m) => format!("{} {:?}", m.len(), m.modified().ok()),
                Err(_) => format!(
                    "unknown {} {:?}",
                    std::process::id(),
                    std::time::SystemTime::now()
                ),
            },
        );
    ID.clone()
}

fn is_markdown(rel: &str) -> bool {
    let l = rel.to_ascii_lowercase();
    l.ends_with(".md") || l.ends_with(".markdown")
}

/// One search entry of a stored outcome; `text` indexes the outcome's texts.
#[derive(Serialize, Deserialize)]
struct StoredDoc {
    variant: Variant,
    href: String,
    title: String,
    breadcrumb: String,
    text: usize,
}

/// A [`PageOutcome`] as stored.
#[derive(Serialize, Deserialize)]
struct StoredOutcome {
    anchors: Vec<(Vec<EnvId>, Vec<String>)>,
    issues: Vec<LinkIssue>,
    bookmarks: Vec<BookmarkCheck>,
    /// Search texts, each once (variants of a locale share one).
    texts: Vec<String>,
    search: Vec<StoredDoc>,
    untranslated: Vec<Untranslated>,
    files: usize,
    bytes: Vec<(Variant, u64)>,
    includes: Vec<String>,
    snippets: Vec<String>,
    math: bool,
    diagnostics: Vec<Diagnostic>,
}

impl StoredOutcome {
    fn of(o: &PageOutcome) -> StoredOutcome {
        let mut texts: Vec<String> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let search = o
            .search
            .iter()
            .map(|(v, d)| {
                let t = d.text.read().into_owned();
                let text = *seen.entry(t).or_insert_with_key(|t| {
                    texts.push(t.clone());
                    texts.len() - 1
                });
                StoredDoc {
                    variant: *v,
                    href: d.href.clone(),
                    title: d.title.clone(),
                    breadcrumb: d.breadcrumb.clone(),
                    text,
                }
            })
            .collect();
        StoredOutcome {
            anchors: o.anchors.clone(),
            issues: o.issues.clone(),
            bookmarks: o.bookmarks.clone(),
            texts,
            search,
            untranslated: o.untranslated.clone(),
            files: o.files,
            bytes: o.bytes.clone(),
            includes: o.includes.clone(),
            snippets: o.snippets.clone(),
            math: o.math,
            diagnostics: o.diagnostics.clone(),
        }
    }

    fn into_outcome(self, spill: Option<&Arc<TextSpill>>) -> PageOutcome {
        let texts: Vec<SearchText> = self
            .texts
            .iter()
            .map(|t| SearchText::new(t, spill))
            .collect();
        PageOutcome {
            anchors: self.anchors,
            issues: self.issues,
            bookmarks: self.bookmarks,
            search: self
                .search
                .into_iter()
                .filter_map(|d| {
                    let text = texts.get(d.text)?.clone();
                    Some((
                        d.variant,
                        SearchDoc {
                            href: d.href,
                            title: d.title,
                            breadcrumb: d.breadcrumb,
                            text,
                        },
                    ))
                })
                .collect(),
            untranslated: self.untranslated,
            files: self.files,
            bytes: self.bytes,
            includes: self.includes,
            snippets: self.snippets,
            math: self.math,
            diagnostics: self.diagnostics,
        }
    }
}

/// One page as the cache knows it.
#[derive(Serialize, Deserialize)]
pub(crate) struct StoredPage {
    /// Hash of the page's file.
    hash: Hash,
    /// Every other file the render read, with its hash (`None`: absent).
    deps: Vec<(String, Option<Hash>)>,
    outcome: StoredOutcome,
}

/// What the cache keeps of a site's site-wide files.
#[derive(Serialize, Deserialize, Default, Clone)]
pub(crate) struct StoredSite {
    /// The files that depend only on what the fingerprint covers (TOC
    /// scripts and pages, search pages, redirect stubs, choosers, 404
    /// pages, sitemap…), and the diagnostics of writing them.
    pub(crate) paths: Vec<String>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Search index batches: the hash of their entries, and per variant the
    /// index's site path and size.
    pub(crate) search: Vec<SearchBatchFiles>,
}

/// A search batch's hash and, per variant, its index's site path and size.
pub(crate) type SearchBatchFiles = (Hash, Vec<(Variant, String, u64)>);

/// The cache of one site.
#[derive(Serialize, Deserialize, Default)]
pub(crate) struct Stored {
    fingerprint: Option<Hash>,
    pages: BTreeMap<String, StoredPage>,
    site: StoredSite,
    /// Every file of the site, by site path, as tolk wrote it.
    stamps: BTreeMap<String, Stamp>,
}

/// Why a cache file was not used.
pub(crate) struct Ignored(pub String);

impl Stored {
    /// Read the cache file `file` (`Ok(None)`: there is none).
    pub(crate) fn read(file: &Path) -> Result<Option<Stored>, Ignored> {
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Ignored(format!("it cannot be read ({e})"))),
        };
        Self::decode(&bytes).map(Some)
    }

    fn decode(bytes: &[u8]) -> Result<Stored, Ignored> {
        let bad = |why: &str| Ignored(why.to_string());
        let mut rest = bytes;
        let mut line = || -> Result<&str, Ignored> {
            let i = memchr::memchr(b'\n', rest).ok_or_else(|| bad("it is truncated"))?;
            let l = std::str::from_utf8(&rest[..i]).map_err(|_| bad("its header is damaged"))?;
            rest = &rest[i + 1..];
            Ok(l)
        };
        if line()? != MAGIC {
            return Err(bad("it is not a tolk cache"));
        }
        let format = line()?;
        let version = line()?;
        let want_format = format!("format {FORMAT}");
        let want_version = format!("tolk {}", env!("CARGO_PKG_VERSION"));
        if format != want_format || version != want_version {
            return Err(Ignored(format!(
                "it was written by another version of tolk ({version}, {format})"
            )));
        }
        let sum = line()?
            .strip_prefix("checksum ")
            .map(str::to_string)
            .ok_or_else(|| bad("its header is damaged"))?;
        if sum != format!("{:032x}", hash_bytes(rest).0) {
            return Err(bad("its checksum does not match (damaged or altered)"));
        }
        serde_json::from_slice(rest).map_err(|e| Ignored(format!("it cannot be parsed ({e})")))
    }

    /// The file's bytes: header, then the body.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let body = serde_json::to_vec(self).unwrap_or_default();
        let mut out = format!(
            "{MAGIC}\nformat {FORMAT}\ntolk {}\nchecksum {:032x}\n",
            env!("CARGO_PKG_VERSION"),
            hash_bytes(&body).0
        )
        .into_bytes();
        out.extend_from_slice(&body);
        out
    }

    /// Whether pages may be taken from this cache for a site of `fingerprint`.
    pub(crate) fn matches(&self, fingerprint: Hash) -> bool {
        self.fingerprint == Some(fingerprint)
    }

    /// The stored outcome of page `rel` (taken out of the cache), if its
    /// file and every file its render read are as they were.
    pub(crate) fn take_page(
        &mut self,
        rel: &str,
        inputs: &Inputs,
        spill: Option<&Arc<TextSpill>>,
    ) -> Option<PageOutcome> {
        let p = self.pages.get(rel)?;
        if inputs.files.get(rel) != Some(&Some(p.hash))
            || p.deps.iter().any(|(d, h)| inputs.hash_of(d) != *h)
        {
            return None;
        }
        let p = self.pages.remove(rel)?;
        Some(p.outcome.into_outcome(spill))
    }

    /// The stamp the site's file `path` had when tolk wrote it.
    pub(crate) fn stamp(&self, path: &str) -> Option<&Stamp> {
        self.stamps.get(path)
    }

    /// Link the previous site's file `path` into `out` if it is as tolk
    /// wrote it. Returns whether it did.
    pub(crate) fn carry(&self, out: &crate::output::Output, path: &str) -> bool {
        self.stamp(path).is_some_and(|s| out.carry_stamped(path, s))
    }

    /// The site-wide files of the cached site.
    pub(crate) fn site(&self) -> &StoredSite {
        &self.site
    }

    /// What the next cache keeps of this site's site-wide files.
    pub(crate) fn set_site(&mut self, site: StoredSite) {
        self.site = site;
    }

    /// The stamps of the site's files, once they are all written.
    pub(crate) fn set_stamps(&mut self, stamps: HashMap<String, Stamp>) {
        self.stamps = stamps.into_iter().collect();
    }

    /// A cache of the site just built (its stamps set once it is written).
    pub(crate) fn new(
        fingerprint: Hash,
        inputs: &Inputs,
        outcomes: &BTreeMap<String, PageOutcome>,
        site: &Site,
    ) -> Stored {
        let pages = outcomes
            .par_iter()
            .filter_map(|(rel, o)| {
                site.docset.page(rel)?;
                let hash = (*inputs.files.get(rel)?)?;
                let deps = o
                    .includes
                    .iter()
                    .chain(&o.snippets)
                    .filter(|d| *d != rel)
                    .map(|d| (d.clone(), inputs.hash_of(d)))
                    .collect();
                Some((
                    rel.clone(),
                    StoredPage {
                        hash,
                        deps,
                        outcome: StoredOutcome::of(o),
                    },
                ))
            })
            .collect();
        Stored {
            fingerprint: Some(fingerprint),
            pages,
            site: StoredSite::default(),
            stamps: BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_reads_back_and_any_damage_is_refused() {
        let s = Stored {
            fingerprint: Some(Hash(42)),
            ..Stored::default()
        };
        let bytes = s.encode();
        let back = Stored::decode(&bytes).ok().expect("reads back");
        assert!(back.matches(Hash(42)));
        assert!(!back.matches(Hash(43)));
        // Every single flipped byte, and every truncation, is detected.
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x20;
            assert!(Stored::decode(&b).is_err(), "flipped byte {i} accepted");
            assert!(
                Stored::decode(&bytes[..i]).is_err(),
                "truncation at {i} accepted"
            );
        }
        let other = String::from_utf8(bytes.clone()).unwrap().replace(
            &format!("tolk {}", env!("CARGO_PKG_VERSION")),
            "tolk 0.0.0-other",
        );
        let why = Stored::decode(other.as_bytes()).err().expect("refused").0;
        assert!(why.contains("another version"), "{why}");
    }
}
