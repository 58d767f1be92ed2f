//! "Did you mean …?": the closest known name to a misspelt one, for hints
//! (`--env`, `--locale`, include and link paths).

/// The candidate closest to `name` (case-insensitive edit distance), when
/// it is close enough to be a plausible typo: at most a third of the
/// longer name's characters differ (and at least one may). Ties go to the
/// first candidate. `None` when nothing is close or `name` is itself a
/// candidate.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted = name.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let lc = c.to_lowercase();
        if lc == wanted {
            return None;
        }
        let longest = lc.chars().count().max(wanted.chars().count());
        // Cheap bound first: the length difference alone is too large.
        if lc.chars().count().abs_diff(wanted.chars().count()) * 3 > longest.max(3) {
            continue;
        }
        let d = strsim::damerau_levenshtein(&wanted, &lc);
        if d * 3 <= longest.max(3) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn close_names_are_suggested_and_far_ones_not() {
        let envs = ["o365-worldwide", "o365-21vianet", "o365-germany"];
        assert_eq!(did_you_mean("o365-germny", envs), Some("o365-germany"));
        assert_eq!(did_you_mean("O365-WORLDWIDE", envs), None);
        assert_eq!(did_you_mean("o365-nowhere", envs), None);
        assert_eq!(did_you_mean("nl-nk", ["nl-NL", "en-US"]), Some("nl-NL"));
        assert_eq!(did_you_mean("fr-FR", ["nl-NL", "en-US"]), None);
    }
}

/// The hint of a missing file: "Did you mean 'x'?" with the closest file of
/// the same extension among `files` (docset-relative paths), then
/// `otherwise`; only `otherwise` when nothing is close.
pub fn path_hint<'a>(
    target: &str,
    files: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> String {
    let ext = |p: &str| p.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let wanted = ext(target);
    let near = did_you_mean(target, files.into_iter().filter(|f| ext(f) == wanted));
    match near {
        Some(f) => format!("Did you mean '{f}'? {otherwise}"),
        None => otherwise.to_string(),
    }
}

#[cfg(test)]
mod path_tests {
    use super::path_hint;

    #[test]
    fn the_closest_file_of_the_same_kind_is_named() {
        let files = [
            "includes/support-hours.md",
            "includes/support-hours.png",
            "a.md",
        ];
        assert_eq!(
            path_hint("includes/suport-hours.md", files, "Check the path."),
            "Did you mean 'includes/support-hours.md'? Check the path."
        );
        assert_eq!(
            path_hint("zzz/q.md", files, "Check the path."),
            "Check the path."
        );
    }
}
