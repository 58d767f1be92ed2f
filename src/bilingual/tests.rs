//! Tests of the bilingual module: pairs in real-shaped input, repairs,
//! statistics, properties and the whole corpus.

use super::*;
use std::borrow::Cow;

fn seg(t: &str, s: &str) -> String {
    format!("{SEG_OPEN}{t}{SEG_MID}{s}{SEG_CLOSE}")
}

fn codes(s: &Scan) -> Vec<Code> {
    s.findings.iter().map(|f| f.code).collect()
}

fn assert_clean(input: &str, s: &Scan) {
    let lower = s.text.to_ascii_lowercase();
    for m in [
        "data-ttu-id",
        "data-stu-id",
        "sxs-lookup",
        "ttu-id",
        "stu-id",
    ] {
        assert!(!lower.contains(m), "leftover {m} in {:?}", s.text);
    }
    assert_eq!(
        input.matches('\n').count(),
        s.text.matches('\n').count(),
        "newline count changed: {:?} -> {:?}",
        input,
        s.text
    );
}

fn check(input: &str) -> Scan {
    let s = scan(input);
    assert_clean(input, &s);
    let _ = resolve(&s.text, Side::Target);
    let _ = resolve(&s.text, Side::Source);
    s
}

// -- real shapes from the corpus ------------------------------------

#[test]
fn heading_pair() {
    let input = r#"# <a name="get-support"></a><span data-ttu-id="e8ad7-103">Ondersteuning krijgen</span><span class="sxs-lookup"><span data-stu-id="e8ad7-103">Get support</span></span>"#;
    let s = check(input);
    assert_eq!(
        s.text,
        format!(
            "# <a name=\"get-support\"></a>{}",
            seg("Ondersteuning krijgen", "Get support")
        )
    );
    assert_eq!(s.stats.pairs, 1);
    assert_eq!(s.stats.malformed, 0);
    assert!(s.findings.is_empty());
    assert_eq!(
        resolve(&s.text, Side::Target),
        "# <a name=\"get-support\"></a>Ondersteuning krijgen"
    );
    assert_eq!(
        resolve(&s.text, Side::Source),
        "# <a name=\"get-support\"></a>Get support"
    );
    assert_eq!(s.stats.untranslatable_lines, 0);
}

#[test]
fn list_item_with_html_link() {
    let input = r#"1. <span data-ttu-id="e8ad7-115">Ga naar het beheercentrum via <a href="https://go.microsoft.com/fwlink/p/?linkid=2024339" target="_blank">https://admin.microsoft.com</a>.</span><span class="sxs-lookup"><span data-stu-id="e8ad7-115">Go to the admin center at <a href="https://go.microsoft.com/fwlink/p/?linkid=2024339" target="_blank">https://admin.microsoft.com</a>.</span></span> <span data-ttu-id="e8ad7-116">Als u de melding krijgt (Raadpleeg [Wie heeft beheerdersrechten binnen mijn onderneming?](admin-center-overview.md#who-has-admin-permissions-in-my-business) voor meer informatie.)</span><span class="sxs-lookup"><span data-stu-id="e8ad7-116">If you get a message (For more information, see [Who has admin permissions in my business?](admin-center-overview.md#who-has-admin-permissions-in-my-business).)</span></span>"#;
    let s = check(input);
    assert_eq!(s.stats.pairs, 2);
    assert!(s.findings.is_empty());
    let t = resolve(&s.text, Side::Target);
    assert!(t.starts_with("1. Ga naar het beheercentrum via <a href=\"https://go.microsoft.com/fwlink/p/?linkid=2024339\" target=\"_blank\">https://admin.microsoft.com</a>. Als u"));
    assert!(t.ends_with("voor meer informatie.)"));
    let e = resolve(&s.text, Side::Source);
    assert!(e.starts_with("1. Go to the admin center at <a href="));
    assert!(e.contains(" If you get a message (For more information, see [Who has admin"));
}

#[test]
fn bold_list_item() {
    let input = r#"- <span data-ttu-id="e8ad7-129">**In de Verenigde Staten belt u 1 800 865 9408.**</span><span class="sxs-lookup"><span data-stu-id="e8ad7-129">**In the United States, call 1 800 865 9408.**</span></span>"#;
    let s = check(input);
    assert_eq!(
        s.text,
        format!(
            "- {}",
            seg(
                "**In de Verenigde Staten belt u 1 800 865 9408.**",
                "**In the United States, call 1 800 865 9408.**"
            )
        )
    );
}

#[test]
fn table_row_with_pipes_and_inline_html() {
    let input = r#"| <span data-ttu-id="e8ad7-178">Configuratie</span><span class="sxs-lookup"><span data-stu-id="e8ad7-178">Configuration</span></span> | <span data-ttu-id="e8ad7-179">Problemen met de configuratie van de service</span><span class="sxs-lookup"><span data-stu-id="e8ad7-179">Service configuration issues</span></span>  <ul><li><span data-ttu-id="e8ad7-180">Eenmalige aanmelding (SSO)</span><span class="sxs-lookup"><span data-stu-id="e8ad7-180">Single sign-on (SSO)</span></span></li></ul> |
| <span data-ttu-id="x-1">Kies A \| B</span><span class="sxs-lookup"><span data-stu-id="x-1">Choose A \| B</span></span> | x |"#;
    let s = check(input);
    assert_eq!(s.stats.pairs, 4);
    assert_eq!(
            resolve(&s.text, Side::Target),
            "| Configuratie | Problemen met de configuratie van de service  <ul><li>Eenmalige aanmelding (SSO)</li></ul> |\n| Kies A \\| B | x |"
        );
    assert_eq!(
            resolve(&s.text, Side::Source),
            "| Configuration | Service configuration issues  <ul><li>Single sign-on (SSO)</li></ul> |\n| Choose A \\| B | x |"
        );
}

#[test]
fn link_text_pair() {
    let input = r#"| <span data-ttu-id="8502f-121">2</span><span class="sxs-lookup"><span data-stu-id="8502f-121">2</span></span>  | [<span data-ttu-id="8502f-122">Microsoft-ondersteunings- en herstelassistent voor Office 365</span><span class="sxs-lookup"><span data-stu-id="8502f-122">Microsoft Support and Recovery Assistant for Office 365</span></span>](https://diagnostics.office.com) |"#;
    let s = check(input);
    assert_eq!(s.stats.pairs, 2);
    assert_eq!(s.stats.identical, 1);
    assert_eq!(
            resolve(&s.text, Side::Target),
            "| 2  | [Microsoft-ondersteunings- en herstelassistent voor Office 365](https://diagnostics.office.com) |"
        );
}

#[test]
fn pair_across_line_break() {
    let input = "<span data-ttu-id=\"d9c98-210\">[Activiteitenrapporten](https://support.office.com/a) \n [Voorkeuren voor berichtencentrum](../admin/manage/message-center.md#preferences)</span><span class=\"sxs-lookup\"><span data-stu-id=\"d9c98-210\">[Activity Reports](https://support.office.com/a) \n [Message center preferences](../admin/manage/message-center.md#preferences)</span></span>\nnext";
    let s = check(input);
    assert_eq!(s.stats.pairs, 1);
    assert_eq!(
            resolve(&s.text, Side::Target),
            "[Activiteitenrapporten](https://support.office.com/a) \n [Voorkeuren voor berichtencentrum](../admin/manage/message-center.md#preferences)\nnext"
        );
    assert_eq!(
            resolve(&s.text, Side::Source),
            "[Activity Reports](https://support.office.com/a) \n [Message center preferences](../admin/manage/message-center.md#preferences)\nnext"
        );
}

#[test]
fn adjacent_pairs_without_space() {
    let input = r#"<span data-ttu-id="234ee-171">Het standaardthema blijft zichtbaar voor alle werknemers.</span><span class="sxs-lookup"><span data-stu-id="234ee-171">The default theme will continue to be shown to all employees.</span></span><span data-ttu-id="234ee-172">Tweede.</span><span class="sxs-lookup"><span data-stu-id="234ee-172">Second.</span></span>"#;
    let s = check(input);
    assert_eq!(s.stats.pairs, 2);
    assert_eq!(
        s.text,
        format!(
            "{}{}",
            seg(
                "Het standaardthema blijft zichtbaar voor alle werknemers.",
                "The default theme will continue to be shown to all employees."
            ),
            seg("Tweede.", "Second.")
        )
    );
}

#[test]
fn quot_mangled_pairs() {
    let input = r#"<span data-ttu-id="90c07-218&quot;>De uitlegbibliotheek bevat een aantal veelgebruikte beschrijvingen van de frasenlijst, waaronder:</span><span class=&quot;sxs-lookup&quot;><span data-stu-id=&quot;90c07-218&quot;>The explanation library includes commonly used phrase list explanations, including:</span></span>

- <span data-ttu-id=&quot;90c07-219&quot;>Datum: Kalenderdatums, alle notaties.</span><span class=&quot;sxs-lookup&quot;><span data-stu-id=&quot;90c07-219&quot;>Date: Calendar dates, all formats.</span></span> <span data-ttu-id=&quot;90c07-220&quot;>Bevat tekst en getallen (bijvoorbeeld &quot;9 dec, 2020").</span><span class="sxs-lookup"><span data-stu-id="90c07-220">Includes text and numbers (for example, "Dec 9, 2020").</span></span>"#;
    let s = check(input);
    assert_eq!(s.stats.pairs, 3);
    assert_eq!(s.stats.malformed, 3);
    assert_eq!(codes(&s), vec![CODE_MANGLED; 3]);
    assert_eq!((s.findings[1].line, s.findings[1].column), (3, 3));
    assert!(s.findings[0].message.contains("90c07-218"));
    assert_eq!(
            resolve(&s.text, Side::Target),
            "De uitlegbibliotheek bevat een aantal veelgebruikte beschrijvingen van de frasenlijst, waaronder:\n\n- Datum: Kalenderdatums, alle notaties. Bevat tekst en getallen (bijvoorbeeld &quot;9 dec, 2020\")."
        );
    assert_eq!(
            resolve(&s.text, Side::Source),
            "The explanation library includes commonly used phrase list explanations, including:\n\n- Date: Calendar dates, all formats. Includes text and numbers (for example, \"Dec 9, 2020\")."
        );
}

#[test]
fn stray_close_in_target() {
    let input = r#"   <span data-ttu-id="2ec7c-152">Met deze opdracht wordt u gevraagd  *_om TenantDomain_* (bijvoorbeeld *TailspinToysIncorporated.onmicrosoft. </span> com*) en vraagt vervolgens toestemming.</span><span class="sxs-lookup"><span data-stu-id="2ec7c-152">This command prompts you for *_TenantDomain_* (for example, *TailspinToysIncorporated.onmicrosoft.com*) and then asks for consent.</span></span>"#;
    let s = check(input);
    assert_eq!(s.stats.pairs, 1);
    assert_eq!(s.stats.malformed, 1);
    assert_eq!(codes(&s), vec![CODE_STRAY_TAG]);
    assert_eq!((s.findings[0].line, s.findings[0].column), (1, 4));
    assert_eq!(
            resolve(&s.text, Side::Target),
            "   Met deze opdracht wordt u gevraagd  *_om TenantDomain_* (bijvoorbeeld *TailspinToysIncorporated.onmicrosoft.  com*) en vraagt vervolgens toestemming."
        );
}

#[test]
fn stray_bare_spans_in_both_sides() {
    let input = r#"<span data-ttu-id="3b2ef-108">Een aangepast domein zoals *rob@contoso. <span> com* met Microsoft 365.</span><span class="sxs-lookup"><span data-stu-id="3b2ef-108">Using a custom domain like *rob@contoso.<span>com* with Microsoft 365.</span></span>
  - <span data-ttu-id="b3506-144">**SharePoint**: https <span>://</span>contoso.sharepoint.com/sites/marketing</span><span class="sxs-lookup"><span data-stu-id="b3506-144">**SharePoint**: https<span>://</span>contoso.sharepoint.com/sites/marketing</span></span>"#;
    let s = check(input);
    assert_eq!(s.stats.pairs, 2);
    assert_eq!(codes(&s), vec![CODE_STRAY_TAG, CODE_STRAY_TAG]);
    assert_eq!(
            resolve(&s.text, Side::Source),
            "Using a custom domain like *rob@contoso.com* with Microsoft 365.\n  - **SharePoint**: https://contoso.sharepoint.com/sites/marketing"
        );
    assert_eq!(
            resolve(&s.text, Side::Target),
            "Een aangepast domein zoals *rob@contoso.  com* met Microsoft 365.\n  - **SharePoint**: https ://contoso.sharepoint.com/sites/marketing"
        );
}

#[test]
fn bare_span_closed_by_extra_closer() {
    let input = r#"<span data-ttu-id="a-1">x</span><span class="sxs-lookup"><span data-stu-id="a-1">https<span>://</span></span></span> after"#;
    let s = check(input);
    assert_eq!(s.text, format!("{} after", seg("x", "https://")));
}

#[test]
fn other_spans_are_kept() {
    let input = r#"<span data-ttu-id="a-1">Kies <span class="underline">Opslaan</span>.</span><span class="sxs-lookup"><span data-stu-id="a-1">Choose <span class="underline">Save</span>.</span></span>"#;
    let s = check(input);
    assert!(s.findings.is_empty());
    assert_eq!(
        s.text,
        seg(
            "Kies <span class=\"underline\">Opslaan</span>.",
            "Choose <span class=\"underline\">Save</span>."
        )
    );
}

#[test]
fn half_pairs() {
    let input = "Voor <span data-ttu-id=\"a-1\">Alleen doeltekst.</span> na.\n<span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">Only source.</span></span> eind";
    let s = check(input);
    assert_eq!(s.text, "Voor Alleen doeltekst. na.\nOnly source. eind");
    assert_eq!(s.stats.pairs, 0);
    assert_eq!(s.stats.malformed, 2);
    assert_eq!(codes(&s), vec![CODE_HALF, CODE_HALF]);
    assert_eq!((s.findings[1].line, s.findings[1].column), (2, 1));
    // A paragraph break ends a half pair even when the ids match.
    let input = "<span data-ttu-id=\"a-1\">Alleen doel.\n\nVolgende alinea <span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Src</span></span>";
    let s = check(input);
    assert_eq!(s.text, "Alleen doel.\n\nVolgende alinea Src");
    assert_eq!(codes(&s), vec![CODE_HALF, CODE_HALF]);
}

#[test]
fn unterminated_pair_keeps_both_texts() {
    let input = "<span data-ttu-id=\"a-1\">Doel.</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Source without end\n\n<span data-ttu-id=\"a-2\">Twee</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">Two</span></span>";
    let s = check(input);
    assert_eq!(s.stats.pairs, 1);
    assert_eq!(codes(&s), vec![CODE_UNTERMINATED]);
    assert_eq!(
        s.text,
        format!("Doel. Source without end\n\n{}", seg("Twee", "Two"))
    );
}

#[test]
fn missing_one_closer_is_repaired() {
    let input = "<span data-ttu-id=\"a-1\">Doel.</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Source.</span> <span data-ttu-id=\"a-2\">Twee</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">Two</span></span>";
    let s = check(input);
    assert_eq!(s.stats.pairs, 2);
    assert_eq!(codes(&s), vec![CODE_UNTERMINATED]);
    assert_eq!(
        s.text,
        format!("{} {}", seg("Doel.", "Source."), seg("Twee", "Two"))
    );
}

#[test]
fn mismatched_ids() {
    let input = r#"<span data-ttu-id="e8ad7-103">Ondersteuning krijgen</span><span class="sxs-lookup"><span data-stu-id="e8ad7-104">Get support</span></span>"#;
    let s = check(input);
    assert_eq!(s.text, seg("Ondersteuning krijgen", "Get support"));
    assert_eq!(codes(&s), vec![CODE_ID_MISMATCH]);
    assert!(
        s.findings[0].message.contains("e8ad7-103") && s.findings[0].message.contains("e8ad7-104")
    );
}

#[test]
fn pair_inside_td() {
    let input = "<tr>\n<td><span data-ttu-id=\"74d71-158\">Kernzaken van eDiscovery in het Microsoft 365 compliancecentrum</span><span class=\"sxs-lookup\"><span data-stu-id=\"74d71-158\">Core eDiscovery cases in the Microsoft 365 compliance center</span></span> </td>\n</tr>";
    let s = check(input);
    assert_eq!(s.stats.pairs, 1);
    assert_eq!(
        resolve(&s.text, Side::Source),
        "<tr>\n<td>Core eDiscovery cases in the Microsoft 365 compliance center </td>\n</tr>"
    );
}

#[test]
fn lenient_tag_syntax() {
    let input = "<SPAN  Data-TTU-ID = 'x-1' class=\"foo\" >Doel</Span ><span data-stu-id=x-1 CLASS=\"sxs-lookup\">Src</span>\n<span data-ttu-id=x-2>A</span>\n<span class=\"sxs-lookup\"\n><span data-stu-id=\"x-2\">B</span>\n</span>";
    let s = check(input);
    assert_eq!(s.stats.pairs, 2, "{:?} {:?}", s.text, s.findings);
    assert!(s.findings.is_empty(), "{:?}", s.findings);
    // Line breaks inside the markup between the sides stay with the
    // target, those between the closers with the source.
    assert_eq!(resolve(&s.text, Side::Target), "Doel\nA\n\n");
    assert_eq!(resolve(&s.text, Side::Source), "Src\nB\n");
}

#[test]
fn fast_path_and_anchors() {
    let input = "# Titel\n\n<span id=\"1\" />\nGewone tekst [link](https://x.y)\n";
    let s = check(input);
    assert_eq!(s.text, input);
    assert_eq!(s.stats.untranslatable_lines, 2);
    assert!(matches!(resolve(input, Side::Target), Cow::Borrowed(_)));
}

#[test]
fn leftovers_are_swept() {
    for input in [
        "<div data-ttu-id=\"a\">x</div>",
        "text data-stu-id=\"a\" more sxs-lookup SXS-LOOKUP",
        "<span data-ttu-id=\"a\" Ondersteuning</span>",
        "sxs-sxs-lookuplookup data-ttu-<span>id",
    ] {
        check(input);
    }
}

#[test]
fn untranslatable_lines() {
    let input = "::: moniker range=\"o365-worldwide\"\n\n> [!NOTE]\n> <span data-ttu-id=\"a-1\">A</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">B</span></span>\n\n[!INCLUDE [x](../y.md)]\n\n![Alt tekst](../media/x.png)\n\n```powershell\nGet-Mailbox\n```\n\nLos <span data-ttu-id=\"a-2\">C</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">D</span></span>\n<https://example.com> `code` &nbsp;\n";
    let s = check(input);
    // Alt text and "Los" are outside pairs; directives, code and URLs are not.
    assert_eq!(s.stats.untranslatable_lines, 2);
}

#[test]
fn resolve_is_defensive() {
    let t =
        format!("a{SEG_MID}b{SEG_CLOSE}c{SEG_OPEN}d{SEG_OPEN}e{SEG_MID}f{SEG_CLOSE}g{SEG_MID}h");
    assert_eq!(resolve(&t, Side::Target), "abcdeg");
    assert_eq!(resolve(&t, Side::Source), "abch");
    assert!(has_sentinels(&t));
    assert!(!has_sentinels("⸟⸢ plain"));
}

#[test]
fn sentinels_in_input_are_neutralized() {
    let s = check(&format!("x{SEG_OPEN}y"));
    assert!(!has_sentinels(&s.text));
}

// -- the sentinels are punctuation for pulldown-cmark -----------------

fn strong_texts(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::Strong) => cur = Some(String::new()),
            Event::End(TagEnd::Strong) => out.extend(cur.take()),
            Event::Text(t) => {
                if let Some(c) = cur.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn sentinels_keep_emphasis_flanking() {
    let pair = format!("{SEG_OPEN}**(Optioneel)** tekst{SEG_MID}text **done.**{SEG_CLOSE}");
    let contexts = [
        pair.clone(),
        format!("- {pair}"),
        format!("## {pair}"),
        format!("| a | b |\n|---|---|\n| {pair} | x |"),
    ];
    for md in &contexts {
        assert_eq!(
            strong_texts(md),
            vec!["(Optioneel)".to_string(), "done.".to_string()],
            "in {md:?}"
        );
    }
    // And they behave exactly like the tags they replace.
    let tags = "<span data-ttu-id=\"a-1\">**(Optioneel)** tekst</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">text **done.**</span></span>";
    assert_eq!(strong_texts(tags), vec!["(Optioneel)", "done."]);
    assert_eq!(scan(tags).text, pair);
    // Control: a non-punctuation character in the same place breaks it.
    let control = "\u{E000}**(Optioneel)** tekst\u{E001}text **done.**\u{E002}";
    assert_eq!(strong_texts(control), Vec::<String>::new());
}

// -- property: pair soups with corruptions ----------------------------

mod props {
    use super::*;
    use proptest::prelude::*;

    fn side() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("woord".to_string()),
                Just(" ".to_string()),
                Just("\n".to_string()),
                Just("**vet**".to_string()),
                Just("[link](a.md)".to_string()),
                Just("`code`".to_string()),
                Just("\\|".to_string()),
                Just("&quot;".to_string()),
                Just("<a href=\"x\" target=\"_blank\">y</a>".to_string()),
                Just("<sup>1</sup>".to_string()),
                Just("<span class=\"underline\">u</span>".to_string()),
                "[a-zA-Zé .,!?<>\"'=/-]{0,8}",
            ],
            0..6,
        )
        .prop_map(|v| v.concat())
    }

    fn quote() -> impl Strategy<Value = (&'static str, &'static str)> {
        prop_oneof![
            Just(("\"", "\"")),
            Just(("'", "'")),
            Just(("&quot;", "&quot;")),
            Just(("\"", "&quot;")),
            Just(("", "")),
        ]
    }

    #[derive(Debug, Clone)]
    enum Frag {
        Text(String),
        Pair(String, String, (&'static str, &'static str), bool),
    }

    fn frag() -> impl Strategy<Value = Frag> {
        prop_oneof![
            side().prop_map(Frag::Text),
            (side(), side(), quote(), any::<bool>())
                .prop_map(|(t, s, q, nl)| Frag::Pair(t, s, q, nl)),
        ]
    }

    fn render(frags: &[Frag]) -> String {
        let mut out = String::new();
        for (n, f) in frags.iter().enumerate() {
            match f {
                Frag::Text(t) => out.push_str(t),
                Frag::Pair(t, s, (qo, qc), nl) => {
                    let gap = if *nl { "\n" } else { "" };
                    out.push_str(&format!(
                            "<span data-ttu-id={qo}ab-{n}{qc}>{t}</span>{gap}<span class={qo}sxs-lookup{qc}><span data-stu-id={qo}ab-{n}{qc}>{s}</span></span>"
                        ));
                }
            }
        }
        out
    }

    #[derive(Debug, Clone)]
    enum Corrupt {
        Delete(usize, usize),
        Insert(usize, &'static str),
        Upper(usize, usize),
    }

    fn corrupt() -> impl Strategy<Value = Corrupt> {
        prop_oneof![
            (any::<usize>(), 1usize..12).prop_map(|(a, l)| Corrupt::Delete(a, l)),
            (
                any::<usize>(),
                prop::sample::select(vec![
                    "<span>",
                    "</span>",
                    "</span></span>",
                    "<span data-ttu-id=\"z\">",
                    "<span class=\"sxs-lookup\">",
                    "<span data-stu-id=\"q\">",
                    "\n",
                    "\"",
                    "&quot;",
                    ">",
                    "<",
                    "data-",
                    "sxs-",
                    "-id",
                    "lookup",
                    "ttu",
                    "stu",
                ])
            )
                .prop_map(|(a, s)| Corrupt::Insert(a, s)),
            (any::<usize>(), 1usize..30).prop_map(|(a, l)| Corrupt::Upper(a, l)),
        ]
    }

    fn apply(mut s: String, cs: &[Corrupt]) -> String {
        for c in cs {
            let len = s.len();
            let at = |a: usize, s: &String| {
                let mut p = if len == 0 { 0 } else { a % (len + 1) };
                while !s.is_char_boundary(p) {
                    p -= 1;
                }
                p
            };
            match c {
                Corrupt::Delete(a, l) => {
                    let p = at(*a, &s);
                    let mut e = (p + l).min(len);
                    while !s.is_char_boundary(e) {
                        e += 1;
                    }
                    s.replace_range(p..e, "");
                }
                Corrupt::Insert(a, ins) => {
                    let p = at(*a, &s);
                    s.insert_str(p, ins);
                }
                Corrupt::Upper(a, l) => {
                    let p = at(*a, &s);
                    let mut e = (p + l).min(len);
                    while !s.is_char_boundary(e) {
                        e += 1;
                    }
                    let up = s[p..e].to_ascii_uppercase();
                    s.replace_range(p..e, &up);
                }
            }
        }
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn clean_soups_resolve_to_each_side(frags in prop::collection::vec(frag(), 0..8)) {
            // Sides without tag-like noise resolve exactly.
            let frags: Vec<Frag> = frags
                .into_iter()
                .map(|f| match f {
                    Frag::Text(t) => Frag::Text(t.replace(['<', '>'], "")),
                    Frag::Pair(t, s, q, nl) => Frag::Pair(t.replace(['<', '>'], ""), s.replace(['<', '>'], ""), q, nl),
                })
                .collect();
            let input = render(&frags);
            let s = scan(&input);
            assert_clean(&input, &s);
            let mut want_t = String::new();
            let mut want_s = String::new();
            let mut pairs = 0;
            for f in &frags {
                match f {
                    Frag::Text(t) => { want_t.push_str(t); want_s.push_str(t); }
                    Frag::Pair(t, s, _, nl) => {
                        pairs += 1;
                        want_t.push_str(t);
                        if *nl { want_t.push('\n'); }
                        want_s.push_str(s);
                    }
                }
            }
            prop_assert_eq!(s.stats.pairs, pairs);
            prop_assert_eq!(resolve(&s.text, Side::Target), want_t);
            prop_assert_eq!(resolve(&s.text, Side::Source), want_s);
        }

        #[test]
        fn corrupted_soups_never_leak_markup(
            frags in prop::collection::vec(frag(), 0..8),
            cs in prop::collection::vec(corrupt(), 0..6),
        ) {
            let input = apply(render(&frags), &cs);
            let s = scan(&input);
            assert_clean(&input, &s);
            let _ = resolve(&s.text, Side::Target);
            let _ = resolve(&s.text, Side::Source);
            prop_assert!(s.findings.len() <= input.matches('<').count() + 1);
            for f in &s.findings {
                prop_assert!(f.line >= 1 && f.column >= 1);
                prop_assert!(f.line as usize <= input.matches('\n').count() + 1);
            }
        }
    }
}

// -- the real corpus ----------------------------------------------------

#[test]
fn whole_corpus() {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rel = "shared/corpus/m365-nl-NL/microsoft-365";
    let Some(root) = [
        manifest.join("..").join(rel),
        manifest.join("../..").join(rel),
    ]
    .into_iter()
    .find(|p| p.is_dir()) else {
        println!("skipped: corpus {rel} not found beside the project");
        return;
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
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|p| {
            let mut t = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
            // The caller excludes front matter: blank it, keeping its lines.
            if t.starts_with("---") {
                if let Some(end) = t[3..].find("\n---").map(|i| i + 3 + 4) {
                    let blank: String = t[..end].chars().filter(|&c| c == '\n').collect();
                    t.replace_range(..end, &blank);
                }
            }
            (p, t)
        })
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let started = std::time::Instant::now();
    let mut total = PairStats::default();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut examples: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (p, t) in &texts {
        let s = scan(t);
        let lower = s.text.to_ascii_lowercase();
        for m in ["data-ttu-id", "data-stu-id", "sxs-lookup"] {
            assert!(!lower.contains(m), "leftover {m} in {}", p.display());
        }
        assert_eq!(
            t.matches('\n').count(),
            s.text.matches('\n').count(),
            "{}",
            p.display()
        );
        total.pairs += s.stats.pairs;
        total.identical += s.stats.identical;
        total.malformed += s.stats.malformed;
        total.untranslatable_lines += s.stats.untranslatable_lines;
        for f in s.findings {
            *by_code.entry(f.code.name()).or_default() += 1;
            let ex = examples.entry(f.code.name()).or_default();
            if ex.len() < 3 {
                let rel = p.strip_prefix(&root).unwrap_or(p);
                ex.push(format!(
                    "{}:{}:{}: {}",
                    rel.display(),
                    f.line,
                    f.column,
                    f.message
                ));
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "corpus: {} files, {:.1} MB, scanned in {:?} (this build)",
        texts.len(),
        bytes as f64 / 1e6,
        elapsed
    );
    println!(
        "pairs {} identical {} malformed {} untranslatable_lines {}",
        total.pairs, total.identical, total.malformed, total.untranslatable_lines
    );
    for (c, n) in &by_code {
        println!("  {c}: {n}");
        for e in &examples[c] {
            println!("    {e}");
        }
    }
    // Counted by another route: each pair carries one `data-stu-id=` (a
    // malformed span has none and is counted apart).
    let stu: usize = texts
        .iter()
        .map(|(_, t)| t.matches("data-stu-id=").count())
        .sum();
    assert!(stu > 0);
    assert_eq!(total.pairs as usize, stu, "pairs = data-stu-id count");
}
