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
//!   the site as tolk wrote it;
//! - the [`FileStamp`] of every resource of the docset (not hashed: pages
//!   never read them), taken before the site's copies were made: a
//!   resource whose stamp is unchanged and was trusted when taken
//!   ([`FileStamp::trusted`]) is linked from the previous site unread.
//!
//! A page is rendered again unless the fingerprint is the same, its file and
//! every file its render read have the same content, and its files in the
//! previous site still have their stamps; then its stored outcome is used
//! and its files are linked from the previous site. The site-wide files are
//! always written again from the outcomes (unchanged ones are carried over
//! by the output). So an incremental build writes the same bytes as a build
//! from scratch. The file starts with a header (format, tolk version, a
//! 128-bit SipHash checksum of the body); a cache that fails any check is
//! ignored with a note (`build-cache-ignored`). The body is one line of
//! JSON (fingerprint, site-wide files, stamps, and per page its hashes and
//! the length of its outcome), then each page's outcome as JSON, one after
//! the other: the outcomes of the pages taken are decoded in parallel, and
//! copied as they are into the next cache (only rendered pages are encoded).

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::docset::{EnvId, PageKind, Untranslated, Variant};
use crate::output::Stamp;
use crate::render::{BookmarkCheck, LinkIssue, PageOutcome, Site};
use crate::search::{SearchDoc, SearchText, TextSpill};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};
use std::collections::{BTreeMap, BTreeSet, HashMap};
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
const FORMAT: u32 = 3;
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

/// What tells a source file's content without reading it (Unix): device,
/// inode, size, and modification and status-change times (the status-change
/// time moves on every write and cannot be set back, unlike the
/// modification time). See [`FileStamp::trusted`] for when it vouches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileStamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime_ns: i64,
    ctime_ns: i64,
}

/// How long after a file's last change its stamp starts to vouch for its
/// content: longer than any filesystem's timestamp step (2 s on FAT).
const RACY_NS: i64 = 3_000_000_000;

impl FileStamp {
    /// The stamp of the regular file at `path` (through symbolic links, as
    /// it is copied); `None` for anything else, or off Unix.
    #[cfg(unix)]
    pub(crate) fn of(path: &Path) -> Option<FileStamp> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        m.is_file().then(|| FileStamp {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            mtime_ns: m.mtime().saturating_mul(1_000_000_000) + m.mtime_nsec(),
            ctime_ns: m.ctime().saturating_mul(1_000_000_000) + m.ctime_nsec(),
        })
    }

    #[cfg(not(unix))]
    pub(crate) fn of(_path: &Path) -> Option<FileStamp> {
        None
    }

    /// Whether this stamp, taken at `taken_ns` (nanoseconds since the Unix
    /// epoch), vouches for the content the file had then: only if the file
    /// had not changed in the [`RACY_NS`] before. A file written twice within
    /// one timestamp step keeps its times (the racy case, as in git's
    /// index): a stamp taken between the two writes would vouch for the
    /// second content too. A stamp that does not vouch makes the file read.
    pub(crate) fn trusted(&self, taken_ns: i64) -> bool {
        self.mtime_ns.max(self.ctime_ns) < taken_ns.saturating_sub(RACY_NS)
    }
}

/// Now, in nanoseconds since the Unix epoch.
fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64)
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
    /// The resources' stamps, by path (the docset's path joined with the
    /// docset path), and when they were taken.
    resources: BTreeMap<String, FileStamp>,
    scanned_ns: i64,
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
        let scanned_ns = now_ns();
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
        let scanned: Vec<(String, Option<Hash>, Option<FileStamp>)> = paths
            .into_par_iter()
            .map(|(rel, resource)| {
                let path = root.join(&rel);
                if resource {
                    let stamp = FileStamp::of(&path);
                    (rel, None, stamp)
                } else {
                    // Unreadable: a hash no content has (the build reports it).
                    let h = read_hash(&path).unwrap_or(Hash(0));
                    (rel, Some(h), None)
                }
            })
            .collect();
        let mut files = BTreeMap::new();
        let mut resources = BTreeMap::new();
        for (rel, hash, stamp) in scanned {
            if let Some(s) = stamp {
                resources.insert(resource_key(root, &rel), s);
            }
            files.insert(rel, hash);
        }
        let redirection = crate::redirects::find_file(root).map(|(f, _)| {
            let h = read_hash(&f);
            (f, h)
        });
        Some(Inputs {
            root: root.to_path_buf(),
            files,
            redirection,
            resources,
            scanned_ns,
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
                // Its debug form: every key and value, in order (cheaper
                // than the YAML emitter).
                PageKind::Markdown(f) => h.str(&format!("{:?}", f.front_matter)),
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

/// How a resource is named among the stamps: its docset's folder (as the
/// build was given it) joined with its docset path.
fn resource_key(root: &Path, rel: &str) -> String {
    root.join(rel).to_string_lossy().into_owned()
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
pub(crate) struct StoredPage {
    /// Hash of the page's file.
    hash: Hash,
    /// Every other file the render read, with its hash (`None`: absent).
    deps: Vec<(String, Option<Hash>)>,
    /// Its [`StoredOutcome`], encoded: decoded only when the page is taken
    /// (in parallel), and copied as it is into the next cache.
    outcome: Vec<u8>,
}

/// A page's entry in the cache file's head (its outcome follows the head).
#[derive(Serialize, Deserialize)]
struct PageEntry {
    rel: String,
    hash: Hash,
    deps: Vec<(String, Option<Hash>)>,
    /// Bytes of its encoded outcome.
    len: usize,
}

/// The cache file's head: one line of JSON after the header.
#[derive(Serialize, Deserialize, Default)]
struct Head {
    fingerprint: Option<Hash>,
    site: StoredSite,
    stamps: BTreeMap<String, Stamp>,
    resources: BTreeMap<String, FileStamp>,
    scanned_ns: i64,
    pages: Vec<PageEntry>,
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
#[derive(Default)]
pub(crate) struct Stored {
    fingerprint: Option<Hash>,
    pages: BTreeMap<String, StoredPage>,
    site: StoredSite,
    /// Every file of the site, by site path, as tolk wrote it.
    stamps: BTreeMap<String, Stamp>,
    /// The stamps of the resources the site was copied from, and when they
    /// were taken (before the copies).
    resources: BTreeMap<String, FileStamp>,
    scanned_ns: i64,
    /// The resources whose stamp vouches that they are as when the cached
    /// site was built (see [`Stored::vouch_resources`]).
    vouched: std::collections::HashSet<String>,
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
        let parse = |e: serde_json::Error| Ignored(format!("it cannot be parsed ({e})"));
        let end = memchr::memchr(b'\n', rest).ok_or_else(|| bad("it is truncated"))?;
        let head: Head = serde_json::from_slice(&rest[..end]).map_err(parse)?;
        let mut blobs = &rest[end + 1..];
        let mut pages = BTreeMap::new();
        for p in head.pages {
            if p.len > blobs.len() {
                return Err(bad("it is truncated"));
            }
            let (outcome, more) = blobs.split_at(p.len);
            blobs = more;
            let page = StoredPage {
                hash: p.hash,
                deps: p.deps,
                outcome: outcome.to_vec(),
            };
            pages.insert(p.rel, page);
        }
        if !blobs.is_empty() {
            return Err(bad("it has bytes after its last page"));
        }
        Ok(Stored {
            fingerprint: head.fingerprint,
            pages,
            site: head.site,
            stamps: head.stamps,
            resources: head.resources,
            scanned_ns: head.scanned_ns,
            vouched: Default::default(),
        })
    }

    /// The file's bytes: header, then the body.
    pub(crate) fn encode(self) -> Vec<u8> {
        let head = Head {
            fingerprint: self.fingerprint,
            site: self.site,
            stamps: self.stamps,
            resources: self.resources,
            scanned_ns: self.scanned_ns,
            pages: self
                .pages
                .iter()
                .map(|(rel, p)| PageEntry {
                    rel: rel.clone(),
                    hash: p.hash,
                    deps: p.deps.clone(),
                    len: p.outcome.len(),
                })
                .collect(),
        };
        // The header with a placeholder checksum, filled in once the body
        // is written after it (the body is not copied again).
        let header = |sum: Hash| {
            format!(
                "{MAGIC}\nformat {FORMAT}\ntolk {}\nchecksum {:032x}\n",
                env!("CARGO_PKG_VERSION"),
                sum.0
            )
        };
        let mut out = header(Hash(0)).into_bytes();
        let start = out.len();
        let len: usize = self.pages.values().map(|p| p.outcome.len()).sum();
        if serde_json::to_writer(&mut out, &head).is_err() {
            return Vec::new();
        }
        drop(head);
        out.reserve(len + 1);
        out.push(b'\n');
        // Each outcome freed once copied.
        for (_, p) in self.pages {
            out.extend_from_slice(&p.outcome);
        }
        let sum = header(hash_bytes(&out[start..]));
        out[..start].copy_from_slice(sum.as_bytes());
        out
    }

    /// Whether pages may be taken from this cache for a site of `fingerprint`.
    pub(crate) fn matches(&self, fingerprint: Hash) -> bool {
        self.fingerprint == Some(fingerprint)
    }

    /// The encoded outcome of page `rel`, if its file and every file its
    /// render read are as they were (decode it with [`decode_outcome`]).
    pub(crate) fn page(&self, rel: &str, inputs: &Inputs) -> Option<&[u8]> {
        let p = self.pages.get(rel)?;
        if inputs.files.get(rel) != Some(&Some(p.hash))
            || p.deps.iter().any(|(d, h)| inputs.hash_of(d) != *h)
        {
            return None;
        }
        Some(&p.outcome)
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

    /// Note the resources that are as when the cached site was built: the
    /// same stamp now as then, and then a trusted one (taken long enough
    /// after the file's last change).
    pub(crate) fn vouch_resources(&mut self, inputs: &Inputs) {
        let taken = self.scanned_ns;
        self.vouched = inputs
            .resources
            .iter()
            .filter(|(k, now)| {
                self.resources
                    .get(*k)
                    .is_some_and(|then| then == *now && then.trusted(taken))
            })
            .map(|(k, _)| k.clone())
            .collect();
    }

    /// Link the previous site's copy of the resource at `src` (docset
    /// folder joined with its docset path) to site path `path`, if the
    /// resource is as it was and the copy as tolk wrote it.
    pub(crate) fn carry_resource(
        &self,
        out: &crate::output::Output,
        path: &str,
        src: &Path,
    ) -> bool {
        self.vouched.contains(src.to_string_lossy().as_ref()) && self.carry(out, path)
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
    /// The pages in `reused` were taken from `previous`: their entries move
    /// over as they are (same file, same dependencies, same outcome).
    pub(crate) fn new(
        fingerprint: Hash,
        inputs: &Inputs,
        outcomes: &BTreeMap<String, PageOutcome>,
        site: &Site,
        previous: Option<&mut Stored>,
        reused: &BTreeSet<String>,
    ) -> Stored {
        let mut moved: BTreeMap<String, StoredPage> = BTreeMap::new();
        if let Some(prev) = previous {
            for rel in reused {
                if let Some(p) = prev.pages.remove(rel) {
                    moved.insert(rel.clone(), p);
                }
            }
        }
        let fresh: Vec<(String, StoredPage)> = outcomes
            .par_iter()
            .filter(|(rel, _)| !moved.contains_key(*rel))
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
                let outcome = serde_json::to_vec(&StoredOutcome::of(o)).ok()?;
                Some((
                    rel.clone(),
                    StoredPage {
                        hash,
                        deps,
                        outcome,
                    },
                ))
            })
            .collect();
        let mut pages = moved;
        pages.extend(fresh);
        Stored {
            fingerprint: Some(fingerprint),
            pages,
            site: StoredSite::default(),
            stamps: BTreeMap::new(),
            resources: inputs.resources.clone(),
            scanned_ns: inputs.scanned_ns,
            vouched: Default::default(),
        }
    }
}

/// A page's outcome from its encoded form ([`Stored::page`]); `None` if it
/// does not decode (then the page is rendered).
pub(crate) fn decode_outcome(bytes: &[u8], spill: Option<&Arc<TextSpill>>) -> Option<PageOutcome> {
    let o: StoredOutcome = serde_json::from_slice(bytes).ok()?;
    Some(o.into_outcome(spill))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(outcome: &[u8]) -> StoredPage {
        StoredPage {
            hash: Hash(7),
            deps: vec![("includes/a.md".into(), Some(Hash(8)))],
            outcome: outcome.to_vec(),
        }
    }

    #[test]
    fn a_cache_reads_back_and_any_damage_is_refused() {
        let mut s = Stored {
            fingerprint: Some(Hash(42)),
            ..Stored::default()
        };
        s.pages.insert("a.md".into(), page(br#"{"x":1}"#));
        s.pages.insert("b.md".into(), page(b""));
        s.pages.insert("c.md".into(), page(br#"{"files":2}"#));
        let deps = s.pages["c.md"].deps.clone();
        let bytes = s.encode();
        let back = Stored::decode(&bytes).ok().expect("reads back");
        assert!(back.matches(Hash(42)));
        assert!(!back.matches(Hash(43)));
        // Each page's outcome is cut back out of the file as it was.
        let outcomes: Vec<(&str, &[u8])> = back
            .pages
            .iter()
            .map(|(r, p)| (r.as_str(), p.outcome.as_slice()))
            .collect();
        assert_eq!(
            outcomes,
            [
                ("a.md", &br#"{"x":1}"#[..]),
                ("b.md", &b""[..]),
                ("c.md", &br#"{"files":2}"#[..])
            ]
        );
        assert_eq!(back.pages["c.md"].deps, deps);
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

    #[test]
    fn a_stamp_vouches_only_once_the_file_is_old_enough() {
        let at = |t: i64| FileStamp {
            dev: 1,
            ino: 2,
            len: 3,
            mtime_ns: t,
            ctime_ns: t,
        };
        let now = 100 * 1_000_000_000;
        assert!(at(now - RACY_NS - 1).trusted(now));
        // Changed within the racy window before the stamp was taken: a
        // second write in the same timestamp step would leave it unchanged.
        assert!(!at(now - RACY_NS).trusted(now));
        assert!(!at(now).trusted(now));
        // A status change (a write whose modification time was set back)
        // counts as a change.
        let old = at(now - 2 * RACY_NS);
        let rewritten = FileStamp {
            ctime_ns: now - 1,
            ..old
        };
        assert!(!rewritten.trusted(now));
        assert_ne!(old, rewritten);
    }
}
