#!/usr/bin/env bash
# Mutation pass (cargo-mutants) over tolk's core modules; its own command,
# never part of .ci/run (a whole pass takes hours on two cores).
#
#   scripts/mutants.sh                         # every core module
#   scripts/mutants.sh src/redirects/plan.rs   # one file (or folder)
#   MUTANTS_TESTS="--lib --test=site_promises" scripts/mutants.sh src/toc
#
# Needs `cargo install cargo-mutants --locked`. Environment:
#   MUTANTS_JOBS     parallel builds (default 1; each needs its own target dir; not with MUTANTS_IN_PLACE)
#   MUTANTS_TIMEOUT  seconds per test run of one mutant (default 300)
#   MUTANTS_TESTS    test targets built and run per mutant, as cargo args
#                    (default: the unit tests and the end-to-end site tests)
#   MUTANTS_FILTER   regex on mutant names (`cargo mutants --list`), e.g. ' in plan$'
#   MUTANTS_PROFILE  cargo profile of the mutant builds (default release: the
#                    warm profile of `cargo test --release`; built incrementally
#                    here, so one mutant rebuilds in ~30 s instead of ~3 min)
#   MUTANTS_TEST_ARGS  extra arguments to every test binary, e.g. a name filter
#                    for a cheap first stage (`monikers`: only tests whose path
#                    holds it); the stage-1 misses are then re-run without it
#   MUTANTS_OUTPUT   output directory (default target/mutants), one per stage
#   MUTANTS_OPT_LEVEL  opt-level of the tolk crate only (dependencies keep the
#                    profile's, so nothing of theirs is rebuilt); 0 makes one
#                    mutant's incremental build ~3x cheaper (15 s instead of
#                    48 s, lib tests, load ~10) but end-to-end tests ~3x slower:
#                    use it with `--lib` and a MUTANTS_TEST_ARGS filter
#   MUTANTS_IN_PLACE=1  mutate this tree and reuse target/ (no copy; do not
#                    edit the tree meanwhile; an interrupted run may leave a
#                    mutation behind: `git diff src/` shows it)
# Two corpus builds per mutant would dominate: the corpus determinism test is skipped.
# Results: $MUTANTS_OUTPUT/mutants.out/{caught,missed,timeout,unviable}.txt
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || {
  echo "cargo-mutants is not installed: cargo install cargo-mutants --locked" >&2
  exit 2
}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(src/monikers src/bilingual src/resolve src/markdown src/toc src/redirects
    src/pipeline/publish src/search src/output.rs src/config)
fi
files=()
for t in "${targets[@]}"; do
  if [ -d "$t" ]; then
    while IFS= read -r f; do files+=(-f "$f"); done < <(find "$t" -name '*.rs' ! -name 'tests.rs' | sort)
  else
    files+=(-f "$t")
  fi
done
cargo_args=()
for a in ${MUTANTS_TESTS:---lib --test=site_promises --test=sample_site --test=stemming --test=diagnostics}; do
  cargo_args+=("--cargo-arg=$a")
done
profile="${MUTANTS_PROFILE:-release}"
[ -n "${MUTANTS_OPT_LEVEL:-}" ] &&
  cargo_args+=("--cargo-arg=--config=profile.$profile.package.tolk.opt-level=$MUTANTS_OPT_LEVEL")
# Incremental: only the codegen units of the mutated function are rebuilt.
export "CARGO_PROFILE_${profile^^}_INCREMENTAL=true"
in_place=(-j "${MUTANTS_JOBS:-1}")
[ -n "${MUTANTS_IN_PLACE:-}" ] && in_place=(--in-place)
filter=()
[ -n "${MUTANTS_FILTER:-}" ] && filter=(--re "$MUTANTS_FILTER")
exec nice -n 10 cargo mutants --no-shuffle --profile "$profile" \
  --timeout "${MUTANTS_TIMEOUT:-300}" "${in_place[@]}" \
  --output "${MUTANTS_OUTPUT:-target/mutants}" "${files[@]}" "${filter[@]}" "${cargo_args[@]}" \
  -- -- --skip corpus_builds_are_byte_identical ${MUTANTS_TEST_ARGS:-}
