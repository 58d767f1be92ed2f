use super::*;

fn ui_test<'a>(
    side: Side,
    link: &'a dyn Fn(&str) -> (String, Option<String>),
    message: &'a dyn Fn(&str) -> Option<String>,
    english: &'a dyn Fn(&str) -> Option<String>,
    markdown: &'a dyn Fn(&str, u32) -> (String, bool),
) -> YamlUi<'a> {
    YamlUi {
        side,
        text_lang: "nl-NL",
        link,
        message,
        english,
        markdown,
        source_text: "",
    }
}

fn link(u: &str) -> (String, Option<String>) {
    if u == "install.md" {
        ("install.html".to_string(), Some("Install".to_string()))
    } else {
        (format!("R({u})"), None)
    }
}

fn message(id: &str) -> Option<String> {
    match id {
        "item-type-how-to-guide" => Some("Instructies".into()),
        "item-type-whats-new" => Some("Nieuw".into()),
        _ => None,
    }
}

fn no_english(_: &str) -> Option<String> {
    None
}

fn md(t: &str, _: u32) -> (String, bool) {
    (format!("<p>MD[{}]</p>", t.trim()), false)
}

#[test]
fn landing_in_both_sides_with_fluent_labels_and_lang_marks() {
    let v: Value = serde_yaml::from_str(
        "title: Welkom\nsummary: Samenvatting\nlandingContent:\n- title: Beginnen\n  linkLists:\n  - linkListType: how-to-guide\n    links:\n    - text: Installeren\n      url: install.md\n    - text: Elders\n      url: https://x.org\n  - linkListType: whats-new\n    links: []\n",
    )
    .unwrap();
    let ui = ui_test(Side::Target, &link, &message, &no_english, &md);
    let nl = render_html(&v, "Landing", &ui);
    assert!(nl.html.contains("<a href=\"install.html\">Installeren</a>"));
    assert!(nl.html.contains(">Instructies</h3>"), "{}", nl.html);
    assert!(nl.html.contains(">Nieuw</h3>"));
    assert!(nl.untranslated.is_empty());
    let english = |t: &str| (t == "Beginnen").then(|| "Get started".to_string());
    let ui = ui_test(Side::Source, &link, &message, &english, &md);
    let en = render_html(&v, "Landing", &ui);
    assert!(en.html.contains("<a href=\"install.html\">Install</a>"));
    // Supplied English is used; the rest keeps its language, marked.
    assert!(en.html.contains(">Get started</h2>"));
    assert!(en
        .html
        .contains("<h1><span lang=\"nl-NL\">Welkom</span></h1>"));
    assert!(en
        .html
        .contains("<a href=\"R(https://x.org)\"><span lang=\"nl-NL\">Elders</span></a>"));
    let whats: Vec<_> = en.untranslated.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(whats, vec!["yaml-title", "yaml-summary", "landing-link"]);
}

const HUB: &str = r#"### YamlMime:Hub
title: Documentatie
summary: Alles over het product
brand: m365
metadata:
  title: Documentatie &amp; meer
highlightedContent:
  items:
  - title: Gemarkeerd een
    itemType: how-to-guide
    url: a.md
productDirectory:
  title: Oplossingen
  summary: Kies een oplossing
  items:
  - title: Kaart een
    imageSrc: https://host/icon.svg
    summary: Kaarttekst een
    url: b.md
  - title: Kaart twee
    links:
    - url: c.md
      text: Koppeling twee
conceptualContent:
  title: Concepten
  items:
  - title: Concept een
    links:
    - url: d.md
      itemType: overview
      text: Overzicht lezen
    footerLink:
      url: e.md
      text: Meer concepten
tools:
  title: Hulpmiddelen
  items:
  - title: Hulpmiddel een
    imageSrc: /media/tool.svg
    url: f.md
additionalContent:
  sections:
  - title: Aanvullend
    summary: Aanvullende samenvatting
    items:
    - title: Item een
      summary: Itemtekst
      links:
      - text: Koppeling drie
        url: g.md
        note: (notitie)
  footer: "Voettekst met [koppeling](h.md)"
"#;

#[test]
fn hub_shows_every_section_text_and_link_in_heading_order() {
    let v: Value = serde_yaml::from_str(HUB).unwrap();
    let ui = ui_test(Side::Target, &link, &message, &no_english, &md);
    let out = render_html(&v, "Hub", &ui);
    for text in [
        "Documentatie",
        "Alles over het product",
        "Gemarkeerd een",
        "Instructies",
        "Oplossingen",
        "Kies een oplossing",
        "Kaart een",
        "Kaarttekst een",
        "Kaart twee",
        "Koppeling twee",
        "Concepten",
        "Concept een",
        "Overview",
        "Overzicht lezen",
        "Meer concepten",
        "Hulpmiddelen",
        "Hulpmiddel een",
        "Aanvullend",
        "Aanvullende samenvatting",
        "Item een",
        "Itemtekst",
        "Koppeling drie",
        "(notitie)",
        "MD[Voettekst met [koppeling](h.md)]",
    ] {
        assert!(out.html.contains(text), "missing {text:?} in {}", out.html);
    }
    for url in ["a.md", "b.md", "c.md", "d.md", "e.md", "f.md", "g.md"] {
        assert!(out.html.contains(&format!("href=\"R({url})\"")), "{url}");
    }
    assert!(out.html.contains("src=\"R(https://host/icon.svg)\""));
    assert!(out.html.contains("src=\"R(/media/tool.svg)\""));
    assert!(out.html.contains("data-brand=\"m365\""));
    // Headings never skip a level.
    let levels: Vec<u8> = out
        .html
        .match_indices("<h")
        .filter_map(|(i, _)| out.html[i + 2..].chars().next()?.to_digit(10))
        .map(|d| d as u8)
        .collect();
    assert_eq!(levels[0], 1);
    for w in levels.windows(2) {
        assert!(w[1] <= w[0] + 1, "heading jump {levels:?}");
    }
}

const FAQ: &str = r###"### YamlMime:FAQ
metadata:
  title: Vragen
title: Veelgestelde vragen
summary: "Een **samenvatting**."
sections:
- name: Algemeen
  questions:
  - question: Wat is dit?
    answer: "Een antwoord met [een koppeling](x.yml)."
  - question: Waarom </script>?
    answer: |
      Tweede antwoord.
additionalContent: "## Meer\n\nMeer tekst."
"###;

#[test]
fn faq_renders_questions_answers_and_structured_data() {
    let v: Value = serde_yaml::from_str(FAQ).unwrap();
    let lines = std::cell::RefCell::new(Vec::new());
    let md = |t: &str, line: u32| {
        lines.borrow_mut().push(line);
        (format!("<p>MD[{}]</p>", t.trim()), false)
    };
    let mut ui = ui_test(Side::Source, &link, &message, &no_english, &md);
    ui.source_text = FAQ;
    let out = render_html(&v, "FAQ", &ui);
    assert!(out
        .html
        .contains("<h1><span lang=\"nl-NL\">Veelgestelde vragen</span></h1>"));
    assert!(out
        .html
        .contains("<h2 id=\"algemeen\"><span lang=\"nl-NL\">Algemeen</span></h2>"));
    assert!(out
        .html
        .contains("<h3 id=\"wat-is-dit\"><span lang=\"nl-NL\">Wat is dit?</span></h3>"));
    // Answers without English keep their language, marked on the source side.
    assert!(out.html.contains(
        "<div class=\"faq-answer\"><div lang=\"nl-NL\"><p>MD[Een antwoord met [een koppeling](x.yml).]</p></div></div>"
    ));
    assert!(out.html.contains("MD[## Meer"));
    // Lines of the Markdown texts in the file: summary, two answers, additionalContent.
    assert_eq!(*lines.borrow(), vec![5, 10, 13, 14]);
    let start = out.html.find("application/ld+json\">").unwrap() + 21;
    let end = out.html[start..].find("</script>").unwrap() + start;
    let json = &out.html[start..end];
    assert!(!json.contains("</"), "script end escaped");
    let ld: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(ld["@type"], "FAQPage");
    assert_eq!(ld["mainEntity"][1]["name"], "Waarom </script>?");
    assert_eq!(ld["mainEntity"].as_array().unwrap().len(), 2);
}

#[test]
fn unknown_sections_and_types_are_located_warnings() {
    let text = "### YamlMime:Hub\ntitle: T\nhighlightedContent:\n  items:\n  - title: A\n    url: a.md\n    colour: red\nnewSection:\n  title: X\n";
    let v: Value = serde_yaml::from_str(text).unwrap();
    let d = check_schema(&v, "Hub", text, "index.yml");
    let got: Vec<(u32, u32, String)> = d
        .iter()
        .map(|d| (d.line, d.column, d.message.clone()))
        .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (7, 5));
    assert!(got[0].2.contains("highlightedContent.items[].colour"));
    assert_eq!((got[1].0, got[1].1), (8, 1));
    assert!(got[1].2.contains("'newSection'"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("x.yml"),
        "### YamlMime:Tutorial\ntitle: x\n",
    )
    .unwrap();
    let e = read(dir.path(), "x.yml").unwrap_err();
    assert_eq!(e.code.name(), "yaml-page-skipped");
    assert!(e.message.contains("'Tutorial'"));
}

#[test]
fn titles_decode_references_once() {
    let v: Value =
        serde_yaml::from_str("metadata:\n  title: Beveiligings &amp; compliancecentrum\n").unwrap();
    assert_eq!(
        title(&v).as_deref(),
        Some("Beveiligings & compliancecentrum")
    );
    let v: Value = serde_yaml::from_str("summary: 'A &amp;amp; **b**'\n").unwrap();
    assert_eq!(summary(&v).as_deref(), Some("A &amp; b"));
}

#[test]
fn descriptions_of_span_pairs_take_one_side() {
    let v: Value = serde_yaml::from_str(
        "summary: <span data-ttu-id=\"a-1\">Een &amp; twee.</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">One &amp; two.</span></span>\n",
    )
    .unwrap();
    assert_eq!(summary(&v).as_deref(), Some("Een & twee."));
    assert_eq!(summary_in(&v, Side::Source).as_deref(), Some("One & two."));
    let v: Value =
        serde_yaml::from_str("summary: \"Tekst.\\n\\n> [!NOTE]\\n> Let op.\"\n").unwrap();
    assert_eq!(summary(&v).as_deref(), Some("Tekst. Let op."));
    let v: Value = serde_yaml::from_str("summary: Alleen Nederlands\n").unwrap();
    assert_eq!(summary_in(&v, Side::Source), None);
}
