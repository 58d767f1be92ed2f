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
            /// A name not (yet) in the registry, kept as written. Only made by
            /// the temporary `From<&'static str>`; never in [`Code::ALL`].
            // TODO(merge): remove once every call site names a variant.
            Unregistered(&'static str),
        }

        impl Code {
            /// Every registered code, in registry (alphabetical) order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name, e.g. `include-not-found`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                    Code::Unregistered(name) => name,
                }
            }

            /// What the code means and what to do, in one line.
            pub const fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => $explanation,)*
                    Code::Unregistered(_) => "This code is not in tolk's registry of diagnostic codes.",
                }
            }
        }
    };
}

codes! {
    AlertInvalid = "alert-invalid": "Text follows an alert keyword like `[!NOTE]` on its line; put the keyword alone on its line and the text on the next `>` line.",
    AlertUnknown = "alert-unknown": "`[!WORD]` is not a known alert type and shows as a plain quote; fix the keyword or declare it in docfx.json `build.markdownEngineProperties.alerts`.",
    BookmarkNotFound = "bookmark-not-found": "A link's `#bookmark` matches no heading or anchor of its target page; fix the bookmark or the heading.",
    CircularRedirection = "circular-redirection": "Redirections form a loop or a chain longer than 20 hops, so no stub is written; point the first redirection at the final page.",
    ConfigInvalid = "config-invalid": "docfx.json or tolk.yml cannot be read (not JSON/YAML, an unknown tolk.yml key, an invalid glob); fix the file at the position shown.",
    ConfigNotFound = "config-not-found": "The folder holds neither docfx.json nor tolk.yml; pass the docset folder, or add a tolk.yml.",
    ConfigWrongType = "config-wrong-type": "A docfx.json or tolk.yml setting holds a value of the wrong type and is ignored; write it in the type the message names.",
    DuplicateMonikerConfig = "duplicate-moniker-config": "A page sets both `monikerRange` and `monikers`; `monikers` is ignored, so remove one of them.",
    EnvironmentUnknown = "environment-unknown": "`--env` names an environment the docset does not have; use one of the names listed.",
    EnvironmentVariableInvalid = "environment-variable-invalid": "An environment variable tolk reads (e.g. TOLK_PAGE_BODY_BUDGET) holds an unusable value, so the default is used; fix or unset it.",
    FileNotText = "file-not-text": "A Markdown file holds a NUL byte, so it is binary and is skipped; replace it with a text file or exclude it.",
    FileNotUtf8 = "file-not-utf8": "A file is not valid UTF-8; the bad bytes are replaced with U+FFFD, so save the file as UTF-8.",
    FileTooLarge = "file-too-large": "A Markdown file is larger than tolk reads and is skipped; split it into smaller pages.",
    FileUnreadable = "file-unreadable": "A file or folder cannot be read (permissions, I/O error); make it readable or remove it.",
    FrontMatterInvalid = "front-matter-invalid": "A page's front matter is not a YAML mapping of keys to values; fix the YAML at the position shown.",
    FrontMatterUnterminated = "front-matter-unterminated": "Front matter opened by `---` is never closed by a `---` line; add the closing line.",
    ImageAltMissing = "image-alt-missing": "An image has no alt text, so screen readers get nothing; add `alt-text=\"…\"` describing it.",
    ImageCaseMismatch = "image-case-mismatch": "An image path differs in case from the file; static hosts are case-sensitive, so write the file's case.",
    ImageInvalid = "image-invalid": "A `:::image` lacks `source=\"…\"`, or a complex image lacks its description and `:::image-end:::`; complete the block.",
    ImageNotFound = "image-not-found": "An image path points to no file of the docset; fix the path or add the image.",
    IncludeCaseMismatch = "include-case-mismatch": "An include path differs in case from the file; static hosts are case-sensitive, so write the file's case.",
    IncludeCycle = "include-cycle": "Includes include each other in a loop; the repeated include is left out, so break the loop.",
    IncludeInvalid = "include-invalid": "An include names a URL or a file that is not Markdown and is left out; include a .md file of the docset.",
    IncludeMalformed = "include-malformed": "An `[!INCLUDE …]` directive is malformed and left out; write it as `[!INCLUDE [title](path.md)]`.",
    IncludeNotFound = "include-not-found": "An included file does not exist, so nothing is included; fix the path or add the file.",
    IncludeOutsideDocset = "include-outside-docset": "An include points outside the docset folder and is left out; move the file into the docset.",
    IncludeTooDeep = "include-too-deep": "Includes nest deeper than tolk follows; the rest is left out, so flatten the includes.",
    LinkBroken = "link-broken": "A link points to no file of the docset; fix the path or add the page.",
    LinkCaseMismatch = "link-case-mismatch": "A link differs in case from the file; static hosts are case-sensitive, so write the file's case.",
    LinkEnvironment = "link-environment": "A link points to a page that does not exist in this environment; put the link in a moniker block for the environments that have the page.",
    LinkOutsideDocset = "link-outside-docset": "A relative link leaves the docset folder; link to the published URL instead.",
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
    NoLocInvalid = "no-loc-invalid": "A `:::no-loc` lacks `text=\"…\"` and is left out; add the text.",
    OutputContainsSource = "output-contains-source": "The output folder contains the source folder, and replacing it would delete the docs; choose another output folder.",
    OutputInsideSource = "output-inside-source": "The output folder lies inside the source folder and would be read as content; choose a folder outside it.",
    OutputIsSource = "output-is-source": "The output folder is the source folder; choose another output folder.",
    OutputNotAFolder = "output-not-a-folder": "The output path exists and is not a folder; choose another path or remove the file.",
    OutputNotTolk = "output-not-tolk": "The output folder is not empty and was not written by tolk, which never deletes others' files; empty it or choose another.",
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
    TripleColonStrayEnd = "triple-colon-stray-end": "A `:::…-end` closes no open block and is ignored; remove it or add the opening block.",
    TripleColonUnclosed = "triple-colon-unclosed": "A `:::row`, `:::column`, `::: zone` or complex `:::image` is never closed; it is closed at the end of the page, so add the end line.",
    UnsupportedSyntax = "unsupported-syntax": "DocFX syntax tolk does not render (e.g. `:::code`, `[!code-…]`) is left out of the page; replace it with Markdown.",
    VideoInvalid = "video-invalid": "A `:::video` lacks `source=\"…\"` and is left out; add the video URL.",
    WriteFailed = "write-failed": "A file of the site cannot be written (disk full, permissions); free space or fix the output folder's permissions.",
    YamlInvalid = "yaml-invalid": "A YAML page (landing, hub) is not valid YAML and is skipped; fix it at the position shown.",
    YamlPageSkipped = "yaml-page-skipped": "A YAML page of a type tolk does not render is skipped; it is missing from the site.",
    ZoneInvalid = "zone-invalid": "A `::: zone` has neither `target=\"…\"` nor `pivot=\"…\"`; add one of them.",
}

impl Code {
    /// The registered code of that name, if any (for `tolk explain CODE`).
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }
}

/// Temporary bridge for call sites that still pass a code as a string
/// literal: a registered name becomes its variant, anything else is kept as
/// [`Code::Unregistered`] (never a panic).
// TODO(merge): remove once every call site names a variant.
impl From<&'static str> for Code {
    fn from(name: &'static str) -> Code {
        Code::from_name(name).unwrap_or(Code::Unregistered(name))
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
            assert_eq!(Code::from(name), c);
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
    fn unknown_names_are_kept_not_panicked_on() {
        assert_eq!(Code::from_name("no-such-code"), None);
        let c = Code::from("no-such-code");
        assert_eq!(c, Code::Unregistered("no-such-code"));
        assert_eq!(c.name(), "no-such-code");
        assert!(!Code::ALL.contains(&c));
    }

    /// Every code literal still passed as a string (call sites not yet
    /// converted) is registered, so `Code::Unregistered` never reaches output.
    #[test]
    fn every_code_literal_in_the_sources_is_registered() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src];
        let mut checked = 0;
        while let Some(p) = files.pop() {
            if p.is_dir() {
                files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if p.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            for ctor in [
                "Diagnostic::error(",
                "Diagnostic::warning(",
                "Finding::error(",
                "Finding::warning(",
                "code: \"",
            ] {
                for (at, _) in text.match_indices(ctor) {
                    let rest = text[at + ctor.len()..].trim_start();
                    let rest = rest.strip_prefix('"').unwrap_or(rest);
                    if ctor.ends_with('"') || text[at + ctor.len()..].trim_start().starts_with('"')
                    {
                        let name = &rest[..rest.find('"').unwrap()];
                        assert!(
                            Code::from_name(name).is_some(),
                            "{}: code literal '{name}' is not registered",
                            p.display()
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 0);
    }
}
