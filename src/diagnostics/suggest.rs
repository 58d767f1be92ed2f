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
