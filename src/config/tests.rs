//! Tests of the docset configuration: docfx.json and tolk.yml reading,
//! settings of the wrong type, globs, environments and file metadata.

use super::*;

fn load(docfx: &str) -> (Config, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("docfx.json"), docfx).unwrap();
    match Config::load(dir.path()) {
        Ok(r) => r,
        Err(d) => panic!("{d:?}"),
    }
}

fn wrong_types(d: &[Diagnostic]) -> Vec<(String, u32)> {
    d.iter()
        .filter(|d| d.code == Code::ConfigWrongType)
        .map(|d| {
            assert!(!d.is_error() && d.file == "docfx.json", "{d:?}");
            (d.message.split('`').nth(1).unwrap().to_string(), d.line)
        })
        .collect()
}

#[test]
fn lenient_shapes_load_without_a_word() {
    let (c, d) = load(
        r#"{"build": {
            "content": ["**/*.md", {"files": "docs/**/*.yml", "src": "./ref/", "group": "g"},
                        {"files": ["**/*.md"], "exclude": "drafts/**", "dest": "x"}],
            "resource": [{"files": ["**/*.png"]}],
            "groups": {"g": {"moniker_range": ">= a", "dest": "d"}, "h": {}},
            "globalMetadata": {"_appTitle": "Docs", "other": [1]},
            "fileMetadata": {"ms.topic": {"a/**": "x", "./b/*.md": 3}},
            "markdownEngineProperties": {"alerts": {"[!TODO]": "alert todo"}},
            "template": ["default"], "dest": "_site"
        }}"#,
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(c.content.len(), 3);
    assert!(c.content[0].matches("a/b.md"));
    assert!(c.content[1].matches("ref/docs/x/y.yml") && !c.content[1].matches("docs/y.yml"));
    assert_eq!(c.content[1].group.as_deref(), Some("g"));
    assert!(!c.content[2].matches("drafts/x.md") && c.content[2].matches("x.md"));
    assert!(c.is_resource("img/a.png"));
    assert_eq!(c.site_title, "Docs");
    assert_eq!(c.groups.len(), 1);
    assert_eq!(
        c.file_metadata("ms.topic", "b/c.md"),
        Some(&serde_json::json!(3))
    );
    assert_eq!(c.custom_alerts["TODO"], "alert todo");
}

#[test]
fn wrong_types_are_reported_where_they_were_silently_ignored() {
    let text = r#"{
  "build": {
"content": [
  {"files": ["**/*.md", 7], "exclude": {"x": 1}, "src": 3, "group": ["g"]},
  12
],
"resource": {"files": ["**/*.png"]},
"groups": {"g": {"moniker_range": 5}, "h": "=a"},
"globalMetadata": {"_appTitle": 42},
"fileMetadata": {"ms.topic": ["x"]},
"markdownEngineProperties": {"alerts": {"TODO": true}}
  }
}"#;
    let (c, d) = load(text);
    assert_eq!(
        wrong_types(&d),
        [
            ("build.content[0].src".into(), 4),
            ("build.content[0].group".into(), 4),
            ("build.content[0].files[1]".into(), 4),
            ("build.content[0].exclude".into(), 4),
            ("build.content[1]".into(), 3),
            ("build.resource".into(), 7),
            ("build.groups.g.moniker_range".into(), 8),
            ("build.groups.h".into(), 8),
            ("build.fileMetadata.ms.topic".into(), 10),
            ("build.markdownEngineProperties.alerts.TODO".into(), 11),
            ("build.globalMetadata._appTitle".into(), 9),
        ]
    );
    assert_eq!(d.len(), 11, "{d:?}");
    // Each value is ignored exactly as before: defaults stand.
    assert_eq!(c.content.len(), 1);
    assert!(c.content[0].matches("a.md") && c.content[0].group.is_none());
    assert!(c.resource.is_empty());
    assert!(c.groups.is_empty());
    assert_eq!(c.environments, vec![0]);
    assert_eq!(c.file_metadata.len(), 1);
    assert!(c.file_metadata[0].0 == "ms.topic" && c.file_metadata[0].1.is_empty());
    assert_eq!(c.custom_alerts["TODO"], "");
    assert_ne!(c.site_title, "42");
    let col = d[0].column;
    assert_eq!(
        col,
        text.lines().nth(3).unwrap().find("\"src\"").unwrap() as u32 + 1
    );
}

#[test]
fn a_docfx_json_that_is_no_object_is_reported_and_builds_the_default() {
    let (c, d) = load("[1, 2]");
    assert_eq!(wrong_types(&d), [("docfx.json".into(), 1)]);
    assert_eq!(c.content.len(), 1, "the tolk.yml-only default content");
    let (_, d) = load(r#"{"build": "x"}"#);
    assert_eq!(wrong_types(&d), [("build".into(), 1)]);
    let (_, d) = load(r#"{"build": {"content": null, "groups": null}, "other": 1}"#);
    assert!(d.is_empty(), "null is an unset value: {d:?}");
}

#[test]
fn syntax_errors_and_bad_globs_are_located_as_before() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("docfx.json"), "{\n  \"build\": {,\n}").unwrap();
    let Err(d) = Config::load(dir.path()) else {
        panic!()
    };
    assert_eq!(
        (d[0].code, d[0].line, d[0].column),
        (Code::ConfigInvalid, 2, 13)
    );
    let (_, d) = load(r#"{"build": {"content": [{"files": ["a/[b"]}]}}"#);
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].code, d[0].line, d[0].column),
        (Code::ConfigInvalid, 0, 0)
    );
}
