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
    let wanted_len = wanted.chars().count();
    let wanted_bag = Bag::of(&wanted);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let lc = c.to_lowercase();
        if lc == wanted {
            return None;
        }
        let lc_len = lc.chars().count();
        let longest = lc_len.max(wanted_len);
        // The largest distance that could still win: close enough
        // (d * 3 <= longest.max(3)) and strictly better than the best so far.
        let mut allowed = longest.max(3) / 3;
        if let Some((bd, _)) = best {
            allowed = allowed.min(bd.saturating_sub(1));
        }
        // Cheap lower bounds first (both ≤ the edit distance): the length
        // difference, then the characters one name has and the other lacks.
        // Only a candidate that could still win pays for the full distance.
        if lc_len.abs_diff(wanted_len) > allowed || wanted_bag.distance(&lc) > allowed {
            continue;
        }
        let d = strsim::damerau_levenshtein(&wanted, &lc);
        if d <= allowed {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The characters of a name as a multiset ("bag"). The bag distance of two
/// names (the larger of: characters of one not matched in the other, either
/// way) is a lower bound of their Damerau–Levenshtein distance: an insertion,
/// deletion or substitution changes it by at most one and a transposition
/// not at all.
struct Bag {
    ascii: [i32; 128],
    other: Vec<(char, i32)>,
}

impl Bag {
    fn of(s: &str) -> Bag {
        let mut bag = Bag {
            ascii: [0; 128],
            other: Vec::new(),
        };
        for ch in s.chars() {
            bag.add(ch, 1);
        }
        bag
    }

    fn add(&mut self, ch: char, n: i32) {
        if ch.is_ascii() {
            self.ascii[ch as usize] += n;
        } else if let Some(e) = self.other.iter_mut().find(|(c, _)| *c == ch) {
            e.1 += n;
        } else {
            self.other.push((ch, n));
        }
    }

    fn distance(&self, s: &str) -> usize {
        let mut diff = Bag {
            ascii: self.ascii,
            other: self.other.clone(),
        };
        for ch in s.chars() {
            diff.add(ch, -1);
        }
        let (mut only_self, mut only_s) = (0usize, 0usize);
        for n in diff.ascii.iter().chain(diff.other.iter().map(|(_, n)| n)) {
            if *n > 0 {
                only_self += *n as usize;
            } else {
                only_s += n.unsigned_abs() as usize;
            }
        }
        only_self.max(only_s)
    }
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

    /// The rule as first written: the full distance for every candidate.
    fn reference<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let wanted = name.to_lowercase();
        let mut best: Option<(usize, &'a str)> = None;
        for c in candidates {
            let lc = c.to_lowercase();
            if lc == wanted {
                return None;
            }
            let longest = lc.chars().count().max(wanted.chars().count());
            let d = strsim::damerau_levenshtein(&wanted, &lc);
            if d * 3 <= longest.max(3) && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, *c));
            }
        }
        best.map(|(_, c)| c)
    }

    proptest::proptest! {
        /// The cheap bounds only skip candidates that could not win: the
        /// answer is the one of the full computation, ties included.
        #[test]
        fn pruning_never_changes_the_answer(
            name in "[ab/éß-]{0,9}",
            candidates in proptest::collection::vec("[abAB/é-]{0,10}", 0..12),
        ) {
            let cands: Vec<&str> = candidates.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(
                did_you_mean(&name, cands.iter().copied()),
                reference(&name, &cands)
            );
        }
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
