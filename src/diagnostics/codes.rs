//! The registry of diagnostic codes: every code tolk reports, its stable
//! kebab-case name (what JSON output and `--format json` consumers see) and
//! a one-line explanation of what it means and what to do about it.

use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! codes {
    ($($variant:ident = $name:literal: $explanation:literal,)*) => {
        /// A stable diagnostic code. Serialized as its kebab-case [`name`](Code::name).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(
                #[doc = $explanation]
                $variant,
            )*
        }

        impl Code {
            /// Every registered code, in registry (alphabetical) order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name, e.g. `include-not-found`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// What the code means and what to do, in one line.
            pub const fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => $explanation,)*
                }
            }
        }
    };
}

codes! {
    AlertInvalid = "alert-invalid": "Text follows an alert keyword like `[!NOTE]` on its line; put the keyword alone on its line and the text on the next `>` line.",
    AlertUnknown = "alert-unknown": "`[!WORD]` is not a known alert type and shows as a plain quote; fix the keyword or declare it in docfx.json `build.markdownEngineProperties.alerts`.",
    BookmarkNotFound = "bookmark-not-found": "A link's `#bookmark` matches no heading or anchor of its target page; fix the bookmark or the heading.",
    BuildCacheIgnored = "build-cache-ignored": "The incremental build cache beside the output folder (`.NAME.tolk-cache`) is damaged, truncated, altered or from another tolk version, or cannot be written; it is ignored and every page is rendered (a new cache is written). Nothing to do.",
    CircularRedirection = "circular-redirection": "Redirections form a loop or a chain longer than 20 hops, so no stub is written; point the first redirection at the final page.",
    CodesnippetInvalid = "codesnippet-invalid": "A code snippet (`[!code-…]`, `:::code`) is malformed or has a locator (`range`, `highlight`, `#L…`, `dedent`) tolk cannot read; fix it as the message says.",
    CodesnippetNotFound = "codesnippet-not-found": "A code snippet's file, or the tag/region it names, does not exist; the page shows a warning box instead of the code, so fix the path or the tag.",
    CodesnippetOutsideDocset = "codesnippet-outside-docset": "A code snippet's path leaves the docset (`..` past the root, an absolute path, a symbolic link out); tolk only reads snippet files inside the docset.",
    ConfigInvalid = "config-invalid": "docfx.json or tolk.yml cannot be read (not JSON/YAML, an unknown tolk.yml key, an invalid glob); fix the file at the position shown.",
    ConfigNotFound = "config-not-found": "The folder holds neither docfx.json nor tolk.yml; pass the docset folder, or add a tolk.yml.",
    ConfigPathOutside = "config-path-outside": "A path set in docfx.json or tolk.yml (e.g. monikerDefinition) leads outside the docset, to a non-file or to a too-large file, and is not read; point it at a file inside the docset.",
    ConfigWrongType = "config-wrong-type": "A docfx.json or tolk.yml setting holds a value of the wrong type and is ignored; write it in the type the message names.",
    DuplicateMonikerConfig = "duplicate-moniker-config": "A page sets both `monikerRange` and `monikers`; `monikers` is ignored, so remove one of them.",
    EnvironmentUnknown = "environment-unknown": "`--env` names an environment the docset does not have; use one of the names listed.",
    EnvironmentVariableInvalid = "environment-variable-invalid": "An environment variable tolk reads (e.g. TOLK_PAGE_BODY_BUDGET) holds an unusable value, so the default is used; fix or unset it.",
    FileNotText = "file-not-text": "A Markdown file holds a NUL byte, so it is binary and is skipped; replace it with a text file or exclude it.",
    FileNotUtf8 = "file-not-utf8": "A file is not valid UTF-8; the bad bytes are replaced with U+FFFD, so save the file as UTF-8.",
    FileTooLarge = "file-too-large": "A Markdown file is larger than tolk reads and is skipped; split it into smaller pages.",
    FileUnreadable = "file-unreadable": "A file or folder cannot be read (permissions, I/O error); make it readable or remove it.",
    FormInvalid = "form-invalid": "A `::: form` lacks `action=\"…\"` or `submitText=\"…\"` and is shown as text; add them.",
    FrontMatterInvalid = "front-matter-invalid": "A page's front matter is not a YAML mapping of keys to values; fix the YAML at the position shown.",
    FrontMatterUnterminated = "front-matter-unterminated": "Front matter opened by `---` is never closed by a `---` line; add the closing line.",
    FrontMatterWrongType = "front-matter-wrong-type": "A front matter key that tolk reads holds a value of the wrong type (a list where text is expected, say) and is ignored; write it in the type the message names.",
    ImageAltMissing = "image-alt-missing": "An image has no alt text, so screen readers get nothing; add `alt-text=\"…\"` describing it.",
    ImageCaseMismatch = "image-case-mismatch": "An image path differs in case from the file; static hosts are case-sensitive, so write the file's case.",
    ImageInvalid = "image-invalid": "A `:::image` lacks `source=\"…\"` (shown as text), has both `link` and `lightbox`, or a complex image lacks its description and `:::image-end:::`; complete the block.",
    ImageNotFound = "image-not-found": "An image path points to no file of the docset; fix the path or add the image.",
    IncludeCaseMismatch = "include-case-mismatch": "An include path differs in case from the file; static hosts are case-sensitive, so write the file's case.",
    IncludeCycle = "include-cycle": "Includes include each other in a loop; the repeated include is left out, so break the loop.",
    IncludeExpansionTooLarge = "include-expansion-too-large": "A page grows beyond tolk's size limit once its includes are expanded (often one file included many times over); the rest of the includes are left out, so include less.",
    IncludeInvalid = "include-invalid": "An include names a URL or a file that is not Markdown and is left out; include a .md file of the docset.",
    IncludeMalformed = "include-malformed": "An `[!INCLUDE …]` directive is malformed and left out; write it as `[!INCLUDE [title](path.md)]`.",
    IncludeNotFound = "include-not-found": "An included file does not exist, so nothing is included; fix the path or add the file.",
    IncludeOutsideDocset = "include-outside-docset": "An include points outside the docset folder and is left out; move the file into the docset.",
    IncludeTooDeep = "include-too-deep": "Includes nest deeper than tolk follows; the rest is left out, so flatten the includes.",
    LabelsInvalid = "labels-invalid": "The docset's labels file (`tolk-labels/<locale>.yml`) is not a mapping of `pages` and `texts`; fix it at the position shown (no labels are used).",
    LinkBroken = "link-broken": "A link points to no file of the docset; fix the path or add the page.",
    LinkCaseMismatch = "link-case-mismatch": "A link differs in case from the file; static hosts are case-sensitive, so write the file's case.",
    LinkEnvironment = "link-environment": "A link points to a page that does not exist in this environment; put the link in a moniker block for the environments that have the page.",
    LinkOutsideDocset = "link-outside-docset": "A relative link leaves the docset folder; link to the published URL instead.",
    LinkTextEmpty = "link-text-empty": "A link to a page has no text (`[](page.md)`); the page's title is shown. Write the link text.",
    LinkUnpublished = "link-unpublished": "A link points to a file that exists but is not published (excluded from the content); link to a published page or publish the file.",
    LocaleMessageMissing = "locale-message-missing": "A locale's UI strings lack some messages, shown in English; add them to its Fluent file.",
    LocaleStringsMissing = "locale-strings-missing": "A locale has no UI strings, so its pages use the en-US strings; add a Fluent file for it.",
    LocaleSyntaxError = "locale-syntax-error": "A Fluent (.ftl) file of UI strings has a syntax error; fix it at the position shown.",
    LocaleUnknown = "locale-unknown": "`--locale` names a locale the docset does not have; use one of its locales.",
    MonikerBlockInvalid = "moniker-block-invalid": "A `::: moniker` line lacks a quoted `range=\"…\"` and is kept as text; write `::: moniker range=\"name\"`.",
    MonikerBlockNested = "moniker-block-nested": "A moniker block opens while another is open; tolk closes the first there, so add `::: moniker-end` before it.",
    MonikerBlockTrailing = "moniker-block-trailing": "Text follows a moniker block's range or its `moniker-end`; the marker works anyway, so remove the text.",
    MonikerBlockUnclosed = "moniker-block-unclosed": "A moniker block has no `::: moniker-end`; its range applies to the end of the file, so add the end marker.",
    MonikerDefinitionInvalid = "moniker-definition-invalid": "tolk.yml's monikerDefinition file cannot be read or is not a valid moniker definition; fix the file or the path.",
    MonikerEndColons = "moniker-end-colons": "A `moniker-end` has a different number of colons than its opener; it closes the block anyway, so match the colons.",
    MonikerEndStray = "moniker-end-stray": "A `::: moniker-end` closes no open block and is dropped; remove it or add the opener.",
    MonikerRangeInvalid = "moniker-range-invalid": "A moniker range expression does not evaluate (syntax, unknown moniker); fix it with the monikers listed.",
    MonikerRangeOutOfScope = "moniker-range-out-of-scope": "A page's monikers share no environment with its docfx.json group, so it appears nowhere; fix its monikerRange.",
    MonikerRangeQuotes = "moniker-range-quotes": "A moniker range is quoted with `&quot;`, `'` or typographic quotes; it works, but use plain double quotes.",
    MonikerUnknown = "moniker-unknown": "A page's monikers list names a moniker that is not defined; use one of the docset's monikers.",
    MonikerZoneEmpty = "moniker-zone-empty": "A moniker block matches no environment of the page that holds it, so its content appears nowhere; fix its range.",
    NoLocInvalid = "no-loc-invalid": "A `:::no-loc` lacks `text=\"…\"` and is shown as text; add the text.",
    OutputContainsSource = "output-contains-source": "The output folder contains the source folder, and replacing it would delete the docs; choose another output folder.",
    OutputInsideSource = "output-inside-source": "The output folder lies inside the source folder and would be read as content; choose a folder outside it.",
    OutputIsSource = "output-is-source": "The output folder is the source folder; choose another output folder.",
    OutputLocked = "output-locked": "Another tolk process is writing the same output folder; wait for it to finish or choose another folder.",
    OutputNotAFolder = "output-not-a-folder": "The output path exists and is not a folder; choose another path or remove the file.",
    OutputNotSwappable = "output-not-swappable": "The output path is a mount point or a dangling symbolic link, which tolk cannot replace atomically; write into a folder inside it or fix the link.",
    OutputNotTolk = "output-not-tolk": "The output folder is not empty and was not written by tolk, which never deletes others' files; empty it or choose another.",
    OutputUnknownFiles = "output-unknown-files": "The previous site holds files tolk did not write (a CNAME, a .git folder); they are kept in the new site, unless the new site writes the same path.",
    RedirectedFileNotRemoved = "redirected-file-not-removed": "A redirected page still exists, so the page is kept and no stub is written; remove the file or its redirection.",
    RedirectionConflict = "redirection-conflict": "A page is redirected twice; the first redirection wins, so remove the other.",
    RedirectionInvalid = "redirection-invalid": "A redirection entry lacks `source_path`/`redirect_url`, has wrong types, or its source is not a page; it is skipped, so fix the entry.",
    RedirectionParseError = "redirection-parse-error": "The redirection file is not JSON even leniently, so no redirection is planned; fix it at the position shown.",
    RedirectionTargetNotFound = "redirection-target-not-found": "A redirection points into the docset at a page that does not exist, so its stub leads nowhere; point it at an existing page.",
    RedirectionUnreadable = "redirection-unreadable": "The redirection file exists but cannot be read; make it readable.",
    SourceNotFound = "source-not-found": "The source folder does not exist; pass the folder that holds docfx.json or tolk.yml.",
    SpanAttrMangled = "span-attr-mangled": "A bilingual span pair's attribute quotes are mangled (e.g. into `&quot;`); tolk repairs it, but fix the translation file.",
    SpanIdMismatch = "span-id-mismatch": "The two halves of a bilingual span pair carry different ids; tolk pairs them anyway, but fix the ids.",
    SpanPairHalf = "span-pair-half": "A bilingual span pair lacks one of its halves; the text present is shown in both locales, so restore the pair.",
    SpanPairUnterminated = "span-pair-unterminated": "A bilingual span pair is never closed; its text is kept as plain text, so add the missing `</span>`.",
    SpanStrayTag = "span-stray-tag": "A stray `<span>` or `</span>` sits inside or beside a bilingual pair; tolk drops it, but fix the translation file.",
    SymlinkOutsideDocset = "symlink-outside-docset": "A symbolic link points outside the docset (or nowhere) and is not followed; replace it with the file.",
    TemplateFailed = "template-failed": "A page or site file template failed to render; the message names the template and the cause.",
    TemplateInvalid = "template-invalid": "A template does not compile; fix its syntax at the place shown.",
    TemplateUnreadable = "template-unreadable": "A template file cannot be read; make it readable or remove it to use the built-in one.",
    TocCircularReference = "toc-circular-reference": "Nested or referenced TOCs include each other in a loop; break the loop.",
    TocHrefOutside = "toc-href-outside": "A TOC href points outside the docset and is dropped; link inside the docset or use a URL.",
    TocInvalidHref = "toc-invalid-href": "A TOC `tocHref` names a page, or a `topicHref` names a TOC or folder; use each for its kind of target.",
    TocInvalidLevel = "toc-invalid-level": "A TOC.md heading skips a level; use the next level down.",
    TocInvalidSyntax = "toc-invalid-syntax": "A TOC is not a list of nodes or a map with `items:`, or a node is not a mapping; fix its structure.",
    TocMissingName = "toc-missing-name": "A TOC node or TOC.md heading has no name, so it shows empty; add the name.",
    TocNotFound = "toc-not-found": "A nested or referenced TOC file does not exist; fix the path or add the TOC.",
    TocParseError = "toc-parse-error": "A toc.yml is not valid YAML; fix it at the position shown.",
    TripleColonMisplaced = "triple-colon-misplaced": "A `:::` block stands inside a line (often via an inline include) where blocks cannot be, and is left out; put it on its own line.",
    TripleColonStrayEnd = "triple-colon-stray-end": "A `:::…-end` closes no open block and is shown as text; remove it or add the opening block.",
    TripleColonUnclosed = "triple-colon-unclosed": "A `:::row`, `:::column`, `::: zone` or complex `:::image` is never closed; it is closed at the end of the page, so add the end line.",
    UnsupportedSyntax = "unsupported-syntax": "DocFX syntax tolk does not render (e.g. an unknown `:::name` block, a Markdig extension tolk lacks) is left out of the page; replace it with Markdown.",
    UrlUnsafe = "url-unsafe": "A URL that tolk would write into a page or site file has a scheme other than http, https or mailto (e.g. javascript:), or a line break or space where the file cannot hold one; it is left out, so fix the URL.",
    VideoInvalid = "video-invalid": "A `:::video` lacks a non-empty `source=\"…\"` or has a non-numeric `max-width` and is shown as text; fix the attribute.",
    WriteFailed = "write-failed": "A file of the site cannot be written (disk full, permissions); free space or fix the output folder's permissions.",
    XrefDuplicateUid = "xref-duplicate-uid": "Two pages declare the same `uid:`; the first (by path) wins, so give each page its own uid.",
    XrefMapInvalid = "xref-map-invalid": "An xref map named in docfx.json `build.xref` is missing, outside the docset, not YAML/JSON, or a URL (never fetched); its uids are not resolved.",
    XrefNotFound = "xref-not-found": "An `<xref:uid>` or `[text](xref:uid)` names a uid no page or xref map declares; it shows as plain text, so fix the uid or add the map.",
    XrefUidInvalid = "xref-uid-invalid": "A page's front matter `uid:` is empty or not text (a list, a mapping); the page gets no uid, so write the uid as text.",
    YamlInvalid = "yaml-invalid": "A YAML page (landing, hub) is not valid YAML and is skipped; fix it at the position shown.",
    YamlPageSkipped = "yaml-page-skipped": "A YAML page of a type tolk does not render is skipped; it is missing from the site.",
    YamlSectionUnknown = "yaml-section-unknown": "A key of a YAML page (landing, hub, FAQ) is not part of its schema and is not shown; fix its name or move its content to a known section.",
    ZoneInvalid = "zone-invalid": "A `::: zone` has neither `target=\"…\"` nor `pivot=\"…\"`, or an invalid one, and is shown as text; fix the attribute.",
}

impl Code {
    /// The registered code of that name, if any (for `tolk explain CODE`).
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let name = String::deserialize(d)?;
        Code::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown code {name}")))
    }
}

/// Codes order by name, so sorted diagnostics keep their order.
impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.name().cmp(other.name())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.name() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_an_explanation_and_its_name_round_trips() {
        assert!(Code::ALL.len() >= 80);
        for &c in Code::ALL {
            let name = c.name();
            assert!(
                !name.is_empty()
                    && name.split('-').all(|w| !w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{name} is not kebab-case"
            );
            assert_eq!(Code::from_name(name), Some(c), "{name}");
            let e = c.explanation();
            assert!(e.len() > 30 && e.ends_with('.'), "{name}: {e}");
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{name}\""));
            assert_eq!(c.to_string(), name);
        }
    }

    #[test]
    fn registry_is_sorted_and_unique() {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }

    #[test]
    fn unknown_names_are_not_codes() {
        assert_eq!(Code::from_name("no-such-code"), None);
        assert_eq!(Code::from_name(""), None);
        assert_eq!(Code::from_name("Link-Broken"), None);
    }
}
