//! `tolk explain [CODE]`: what a diagnostic code means and what to do about
//! it, read from the registry ([`Code::ALL`]); without a code, every code.
//! An unknown code is an error that names the closest registered ones.

use std::process::ExitCode;
use tolk::diagnostics::Code;

pub fn run(code: Option<&str>) -> ExitCode {
    let Some(asked) = code else {
        print!("{}", list());
        return ExitCode::SUCCESS;
    };
    // Forgive case and underscores: `LINK_BROKEN` is `link-broken`.
    let name = asked.trim().to_ascii_lowercase().replace('_', "-");
    if let Some(c) = Code::from_name(&name) {
        println!("{}: {}", c.name(), c.explanation());
        return ExitCode::SUCCESS;
    }
    eprintln!("error: '{asked}' is not a tolk diagnostic code.");
    let near = did_you_mean(&name);
    if !near.is_empty() {
        eprintln!("  did you mean: {}?", near.join(", "));
    }
    eprintln!("  `tolk explain` lists every code.");
    ExitCode::from(2)
}

/// Every code and its explanation, one per line, names aligned.
fn list() -> String {
    let width = Code::ALL.iter().map(|c| c.name().len()).max().unwrap_or(0);
    Code::ALL
        .iter()
        .map(|c| format!("{:width$}  {}\n", c.name(), c.explanation()))
        .collect()
}

/// The registered names closest to `name`: within a third of its length in
/// edits (at least 2), or containing it; the nearest first, at most three.
fn did_you_mean(name: &str) -> Vec<&'static str> {
    let limit = (name.chars().count() / 3).max(2);
    let mut near: Vec<(usize, &'static str)> = Code::ALL
        .iter()
        .map(|c| c.name())
        .filter_map(|n| {
            let d = edit_distance(name, n);
            if d <= limit {
                Some((d, n))
            } else if name.len() >= 4 && n.contains(name) {
                Some((limit + 1, n))
            } else {
                None
            }
        })
        .collect();
    near.sort();
    near.into_iter().take(3).map(|(_, n)| n).collect()
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diag + usize::from(ca != cb));
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The README's table of codes: one row per registered code.
#[cfg(test)]
fn readme_table() -> String {
    let mut t = String::from("| code | what it means, what to do |\n| --- | --- |\n");
    for c in Code::ALL {
        t.push_str(&format!("| `{}` | {} |\n", c.name(), c.explanation()));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_misspellings_are_suggested() {
        assert_eq!(did_you_mean("link-brokn")[0], "link-broken");
        assert_eq!(did_you_mean("include-not-fond")[0], "include-not-found");
        assert!(did_you_mean("span-pair").contains(&"span-pair-half"));
        assert!(did_you_mean("completely-unrelated-words").is_empty());
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn the_list_has_every_code_once() {
        let l = list();
        assert_eq!(l.lines().count(), Code::ALL.len());
        for c in Code::ALL {
            assert!(
                l.lines()
                    .any(|line| line.split_whitespace().next() == Some(c.name())
                        && line.ends_with(c.explanation())),
                "{}",
                c.name()
            );
        }
    }

    /// README.md lists every code between the `codes` markers, as
    /// [`readme_table`] writes it. `TOLK_BLESS=1` rewrites the table.
    #[test]
    fn readme_lists_every_code() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let (start, end) = ("<!-- codes:start -->\n", "<!-- codes:end -->");
        let a = readme
            .find(start)
            .expect("README.md has <!-- codes:start -->")
            + start.len();
        let b = a + readme[a..]
            .find(end)
            .expect("README.md has <!-- codes:end -->");
        let table = readme_table();
        if readme[a..b] != table && std::env::var_os("TOLK_BLESS").is_some() {
            std::fs::write(&path, format!("{}{table}{}", &readme[..a], &readme[b..])).unwrap();
            return;
        }
        assert!(
            readme[a..b] == table,
            "README.md's table of diagnostic codes is out of date; run \
             `TOLK_BLESS=1 cargo test --bin tolk readme_lists_every_code`"
        );
    }
}
