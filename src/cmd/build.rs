//! `tolk build` and `tolk check`: find the docset, check `--locale` and
//! `--env` against its configuration before loading it, run the pipeline,
//! print the diagnostics (grouped by code, a few per code, a summary table;
//! or JSON, or GitHub annotations) and a summary; exit 1 on errors (or,
//! with `--strict`, on warnings, in which case no site is written).

use super::out::{stderr, stderr_line, stdout};
use super::{source, stderr_is_terminal, Format};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tolk::config::Config;
use tolk::diagnostics::render::DEFAULT_PER_CODE;
use tolk::diagnostics::{
    did_you_mean, summary_line, summary_table, to_json_line_with_path, Code, Diagnostic, Renderer,
    Severity,
};
use tolk::pipeline::{build, BuildOptions, BuildResult};

/// How to print and judge the outcome.
pub struct Printing {
    pub format: Format,
    /// Errors only.
    pub quiet: bool,
    /// Every diagnostic, not only the first few of each code.
    pub verbose: bool,
    /// Warnings fail the command too.
    pub strict: bool,
    /// ANSI colours on standard error.
    pub color: bool,
}

/// The docset the argument names, or the exit code after saying why there
/// is none (several docsets, a file that is not a configuration).
pub fn docset_root(arg: &Path) -> Result<PathBuf, ExitCode> {
    match source::resolve(arg) {
        source::Resolved::Docset { root, note } => {
            if let Some(n) = note {
                stderr_line(&format!("note: {}", tolk::diagnostics::sanitize(&n)));
            }
            Ok(root)
        }
        source::Resolved::Several(list) => {
            let mut s = format!(
                "error: {} holds {} docsets; pass the one to use:\n",
                arg.display(),
                list.len()
            );
            for p in &list {
                s.push_str(&format!("  tolk build {}\n", p.display()));
            }
            stderr(&tolk::diagnostics::sanitize_lines(&s));
            Err(ExitCode::from(1))
        }
        source::Resolved::NotAConfig(p) => {
            stderr_line(&tolk::diagnostics::sanitize(&format!(
                "error: {} is a file, not a docset; pass the folder holding docfx.json (or tolk.yml), or the docfx.json itself",
                p.display()
            )));
            Err(ExitCode::from(1))
        }
    }
}

/// Build (`opts.out` set) or check a docset.
pub fn run(mut opts: BuildOptions, printing: &Printing) -> ExitCode {
    opts.source = match docset_root(&opts.source) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let early = check_selection(&opts);
    if !early.is_empty() {
        let diags: Vec<(Diagnostic, usize)> = early.into_iter().map(|d| (d, 1)).collect();
        print_diagnostics(&diags, &opts.source, printing);
        if printing.format == Format::Human {
            stderr_line(&summary_line(diags.len(), 0));
        }
        return ExitCode::from(1);
    }
    opts.progress = !printing.quiet && stderr_is_terminal() && printing.format == Format::Human;
    let result = build(&opts);
    let diags: Vec<(Diagnostic, usize)> = result
        .diagnostics
        .sorted()
        .into_iter()
        .filter(|(d, _)| !(printing.quiet && d.severity == Severity::Warning))
        .collect();
    print_diagnostics(&diags, &result.root, printing);
    let errors = result.diagnostics.error_count();
    let warnings = result.diagnostics.warning_count();
    let failed = errors > 0 || (printing.strict && warnings > 0);
    if printing.format == Format::Human {
        if !printing.quiet {
            stderr(&summary_table(&diags));
            print_summary(&result, opts.out.is_none());
        }
        if opts.out.is_some() && failed && errors == 0 {
            stderr_line(&format!(
                "--strict: {} as errors, so the site was not written (the previous site, if any, is unchanged)",
                if warnings == 1 { "the warning counts" } else { "the warnings count" }
            ));
        }
        stderr_line(&summary_line(errors, warnings));
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(diags: &[(Diagnostic, usize)], root: &Path, printing: &Printing) {
    let mut r = Renderer::new(root, printing.color);
    match printing.format {
        Format::Json => {
            let mut s = String::new();
            for (d, n) in diags {
                s.push_str(&to_json_line_with_path(d, *n, &r.path_of(d)));
                s.push('\n');
            }
            stdout(&s);
        }
        Format::Github => {
            let mut s = String::new();
            for (d, n) in diags {
                s.push_str(&r.github(d, *n));
                s.push('\n');
            }
            stdout(&s);
        }
        Format::Human => {
            let per_code = (!printing.verbose).then_some(DEFAULT_PER_CODE);
            stderr(&r.grouped(diags, per_code));
        }
    }
}

/// `--locale` and `--env` against what the configuration declares, before
/// any page is read: an unknown name is an error with the known names and
/// the closest one. Without a configuration nothing is checked here (the
/// load reports the configuration's problem).
fn check_selection(opts: &BuildOptions) -> Vec<Diagnostic> {
    if opts.only_envs.is_empty() && opts.only_locales.is_empty() {
        return Vec::new();
    }
    let Ok((config, _)) = Config::load(&opts.source) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let envs: Vec<&str> = config
        .environments
        .iter()
        .map(|&e| config.env_name(e))
        .collect();
    for name in &opts.only_envs {
        if !envs.iter().any(|e| e.eq_ignore_ascii_case(name)) {
            out.push(unknown(
                Code::EnvironmentUnknown,
                "--env",
                name,
                "environment",
                &envs,
            ));
        }
    }
    if !opts.only_locales.is_empty() {
        let locales = known_locales(&config);
        let locales: Vec<&str> = locales.iter().map(String::as_str).collect();
        for name in &opts.only_locales {
            if !locales.iter().any(|l| l.eq_ignore_ascii_case(name)) {
                out.push(unknown(
                    Code::LocaleUnknown,
                    "--locale",
                    name,
                    "locale",
                    &locales,
                ));
            }
        }
    }
    out
}

fn unknown(code: Code, flag: &str, name: &str, what: &str, known: &[&str]) -> Diagnostic {
    let mut message = format!("{flag} {name}: this docset has no such {what}.");
    if let Some(m) = did_you_mean(name, known.iter().copied()) {
        message.push_str(&format!(" Did you mean {m}?"));
    }
    Diagnostic::error(code, "", 0, 0, message).with_hint(format!(
        "The docset's {what}s: {}.",
        if known.is_empty() {
            "none".to_string()
        } else {
            known.join(", ")
        }
    ))
}

/// The locales a build makes, as the loader chooses them: those tolk.yml
/// names, or the content locale (tolk.yml's, else the `ms.contentlocale`
/// most pages declare, read from the front matter at the top of each
/// page) and the source locale.
fn known_locales(config: &Config) -> Vec<String> {
    if let Some(l) = &config.locales {
        return l.clone();
    }
    let content = config
        .content_locale
        .clone()
        .or_else(|| majority_content_locale(config));
    let mut out: Vec<String> = content.into_iter().collect();
    if !out
        .iter()
        .any(|l| l.eq_ignore_ascii_case(&config.source_locale))
    {
        out.push(config.source_locale.clone());
    }
    out
}

/// The `ms.contentlocale` most content pages declare (ties: the first
/// name), from the front matter alone, or from the configuration's
/// metadata for pages without one.
fn majority_content_locale(config: &Config) -> Option<String> {
    use std::io::Read;
    let (files, _) = tolk::source::walk(config, &[]);
    let mut votes: BTreeMap<String, usize> = BTreeMap::new();
    for (rel, kind) in files {
        if kind != tolk::source::FileKind::Page {
            continue;
        }
        let mut head = vec![0; 8192];
        let n = std::fs::File::open(config.root.join(&rel))
            .and_then(|mut f| f.read(&mut head))
            .unwrap_or(0);
        head.truncate(n);
        let text = String::from_utf8_lossy(&head);
        let declared = front_matter_value(&text, "ms.contentlocale").or_else(|| {
            config
                .file_metadata("ms.contentlocale", &rel)
                .or_else(|| config.global_metadata.get("ms.contentlocale"))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        });
        if let Some(l) = declared {
            *votes.entry(l).or_default() += 1;
        }
    }
    votes
        .into_iter()
        .max_by_key(|(l, n)| (*n, std::cmp::Reverse(l.clone())))
        .map(|(l, _)| l)
}

/// `key: value` in the YAML front matter at the top of `text`.
fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    for line in lines {
        if line.trim_end() == "---" {
            break;
        }
        if let Some(v) = line
            .strip_prefix(key)
            .and_then(|r| r.trim_start().strip_prefix(':'))
        {
            let v = v.trim().trim_matches(['"', '\'']);
            return (!v.is_empty()).then(|| v.to_string());
        }
    }
    None
}

/// What was built where (or checked), untranslated texts.
fn print_summary(result: &BuildResult, check: bool) {
    let mut s = String::new();
    if let Some(dir) = &result.written_to {
        s.push_str(&format!(
            "built {} pages into {} variants, {} files in {} ({:.2} s)\n",
            result.pages,
            result.variants.len(),
            result.files_written,
            dir.display(),
            result.seconds
        ));
        for (v, st) in &result.variants {
            s.push_str(&format!(
                "  {v}: {} pages, {:.1} MB, search index {:.2} MB\n",
                st.pages,
                st.bytes as f64 / 1e6,
                st.search_index_bytes as f64 / 1e6
            ));
        }
    } else if check {
        s.push_str(&format!(
            "checked {} pages in {:.2} s\n",
            result.pages, result.seconds
        ));
    } else if result.has_errors() {
        s.push_str("the site was not written: the previous site, if any, is unchanged\n");
    }
    if !result.untranslated.is_empty() {
        s.push_str(&format!(
            "{} texts have no English counterpart (shown as written in the source locale)\n",
            result.untranslated.len()
        ));
    }
    stderr(&tolk::diagnostics::sanitize_lines(&s));
}

#[cfg(test)]
mod tests {
    use super::front_matter_value;

    #[test]
    fn front_matter_values_are_read_from_the_top() {
        let t = "---\ntitle: x\nms.contentlocale: nl-NL\n---\nms.contentlocale: fr-FR\n";
        assert_eq!(
            front_matter_value(t, "ms.contentlocale").as_deref(),
            Some("nl-NL")
        );
        assert_eq!(
            front_matter_value("no front matter", "ms.contentlocale"),
            None
        );
        let t = "---\nms.contentlocale: 'en-GB'\n---\n";
        assert_eq!(
            front_matter_value(t, "ms.contentlocale").as_deref(),
            Some("en-GB")
        );
    }
}
