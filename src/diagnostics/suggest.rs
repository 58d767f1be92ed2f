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
    let wanted_chars: Vec<char> = wanted.chars().collect();
    let wanted_len = wanted_chars.len();
    let wanted_bag = Bag::of(&wanted);
    let mut best: Option<(usize, &'a str)> = None;
    let mut dl = Distance::default();
    let mut lc_chars: Vec<char> = Vec::new();
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
        lc_chars.clear();
        lc_chars.extend(lc.chars());
        if let Some(d) = dl.within(&wanted_chars, &lc_chars, allowed) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The Damerau–Levenshtein distance of `strsim::damerau_levenshtein`
/// (unrestricted: substrings may be edited after a transposition), computed
/// only as far as it can stay within a bound: most candidates of a hint are
/// far from the name, and the full distance of each was most of the cost of
/// a build's hints (60 missing redirect targets against 1,700 page names).
/// The rows of Zhao and Sahni's linear-space algorithm, as in strsim, with
/// the common prefix and suffix left out first (they never change the
/// distance) and a stop as soon as a whole row exceeds the bound.
///
/// Why the stop is exact: with `H[i][j]` the distance of the prefixes
/// `a[..i]` and `b[..j]`, the smallest value of row `i + 1` is at least the
/// smallest of row `i`. Each of its cells comes from a cell of row `i` plus
/// 0 or 1, from its left neighbour plus 1 (by induction along the row; its
/// first cell is `i + 1`), or from a transposition: `H[k-1][l-1] + (i+1-k) +
/// (j-l) - 1` with `k <= i`, `l < j`, which is at least `H[k-1][l-1] +
/// (i-k+1)`, and a row's minimum grows by at most one per row
/// (`H[r+1][j] <= H[r][j] + 1`), so the minimum of row `i` is at most that.
/// The distance `H[n][m]` is therefore at least every row's minimum.
#[derive(Default)]
struct Distance {
    /// Per row of the algorithm: the current, previous and transposition rows.
    r: Vec<isize>,
    r1: Vec<isize>,
    fr: Vec<isize>,
    /// The last row of `a` holding a character: Latin-1 by index, others listed.
    latin1: Vec<isize>,
    other: Vec<(char, isize)>,
}

impl Distance {
    /// The distance of `a` and `b` when it is at most `max`, else `None`.
    fn within(&mut self, a: &[char], b: &[char], max: usize) -> Option<usize> {
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let (a, b) = (&a[prefix..], &b[prefix..]);
        let suffix = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
        let (len1, len2) = (a.len(), b.len());
        if len1.abs_diff(len2) > max {
            return None;
        }
        if len1 == 0 || len2 == 0 {
            return Some(len1.max(len2));
        }
        let max_val = len1.max(len2) as isize + 1;
        let size = len2 + 2;
        self.latin1.clear();
        self.latin1.resize(256, -1);
        self.other.clear();
        self.fr.clear();
        self.fr.resize(size, max_val);
        self.r1.clear();
        self.r1.resize(size, max_val);
        self.r.clear();
        self.r.push(max_val);
        self.r.extend(0..(size - 1) as isize);
        let (r, r1, fr) = (&mut self.r, &mut self.r1, &mut self.fr);
        for (i, &ch1) in a.iter().enumerate().map(|(i, c)| (i + 1, c)) {
            std::mem::swap(r, r1);
            let mut last_col_id: isize = -1;
            let mut last_i2l1 = r[1];
            r[1] = i as isize;
            let mut t = max_val;
            let mut row_min = r[1];
            for (j, &ch2) in b.iter().enumerate().map(|(j, c)| (j + 1, c)) {
                let diag = r1[j] + isize::from(ch1 != ch2);
                let left = r[j] + 1;
                let up = r1[j + 1] + 1;
                let mut temp = diag.min(left).min(up);
                if ch1 == ch2 {
                    last_col_id = j as isize;
                    fr[j + 1] = r1[j - 1];
                    t = last_i2l1;
                } else {
                    let k = match ch2 as u32 {
                        v @ 0..=255 => self.latin1[v as usize],
                        _ => self
                            .other
                            .iter()
                            .find(|(c, _)| *c == ch2)
                            .map_or(-1, |(_, v)| *v),
                    };
                    let l = last_col_id;
                    if j as isize - l == 1 {
                        temp = temp.min(fr[j + 1] + (i as isize - k));
                    } else if i as isize - k == 1 {
                        temp = temp.min(t + (j as isize - l));
                    }
                }
                last_i2l1 = r[j + 1];
                r[j + 1] = temp;
                row_min = row_min.min(temp);
            }
            if row_min > max as isize {
                return None;
            }
            match ch1 as u32 {
                v @ 0..=255 => self.latin1[v as usize] = i as isize,
                _ => match self.other.iter_mut().find(|(c, _)| *c == ch1) {
                    Some(e) => e.1 = i as isize,
                    None => self.other.push((ch1, i as isize)),
                },
            }
        }
        let d = r[len2 + 1] as usize;
        (d <= max).then_some(d)
    }
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

    /// Every pair of strings of up to 5 characters over a small alphabet
    /// (with a non-Latin-1 one): the bounded distance is strsim's whenever
    /// that is within the bound, and `None` exactly when it is not.
    #[test]
    fn bounded_distance_is_strsims_within_the_bound() {
        let alphabet = ['a', 'b', 'c', 'ß', '\u{3b1}'];
        let mut words: Vec<Vec<char>> = vec![Vec::new()];
        let mut last = vec![Vec::new()];
        for _ in 0..4 {
            let next: Vec<Vec<char>> = last
                .iter()
                .flat_map(|w: &Vec<char>| {
                    alphabet.iter().map(move |c| {
                        let mut w = w.clone();
                        w.push(*c);
                        w
                    })
                })
                .collect();
            words.extend(next.iter().cloned());
            last = next;
        }
        // Length 5 over three letters (transpositions across edits).
        for w in last.iter().filter(|w| w.iter().all(|c| "abc".contains(*c))) {
            for c in ['a', 'b', 'c'] {
                let mut w = w.clone();
                w.push(c);
                words.push(w);
            }
        }
        let mut dl = super::Distance::default();
        for a in &words {
            let sa: String = a.iter().collect();
            for b in words.iter().step_by(3) {
                let sb: String = b.iter().collect();
                let d = strsim::damerau_levenshtein(&sa, &sb);
                for max in [0, 1, 2, d.saturating_sub(1), d, d + 1] {
                    assert_eq!(
                        dl.within(a, b, max),
                        (d <= max).then_some(d),
                        "{sa:?} {sb:?} within {max}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// The bounded distance on longer names (shared folders, moved
        /// letters): strsim's within the bound, `None` beyond it.
        #[test]
        fn bounded_distance_on_longer_names(
            a in "(ab/|ba/|[abc/é-]){0,14}",
            b in "(ab/|ba/|[abc/é-]){0,14}",
            max in 0usize..12,
        ) {
            let d = strsim::damerau_levenshtein(&a, &b);
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            proptest::prop_assert_eq!(
                super::Distance::default().within(&ca, &cb, max),
                (d <= max).then_some(d)
            );
        }

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
    let ext = |p: &'a str| p.rsplit_once('.').map(|(_, e)| e);
    let wanted = target.rsplit_once('.').map(|(_, e)| e);
    // The same extension, whatever its case (compared without a copy per file).
    let same = |f: &&'a str| match (ext(f), wanted) {
        (Some(e), Some(w)) => e.eq_ignore_ascii_case(w),
        (e, w) => e.is_none() && w.is_none(),
    };
    let near = did_you_mean(target, files.into_iter().filter(same));
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
