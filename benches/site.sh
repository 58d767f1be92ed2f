#!/usr/bin/env bash
# Whole-site benchmark of `tolk build`, optionally against Hugo and Zola. See benches/README.md.
#
#   benches/site.sh [--runs N] [--pages N] [--seed S] [--skip-peers] [--install-peers]
#
# Inputs: the real corpus (../shared/corpus/m365-nl-NL/microsoft-365, skipped when absent)
# and a docset of N generated pages (examples/gen_docset.rs, deterministic from the seed).
# Environment: TOLK_BIN (binary to measure; default: target/release/tolk, built when needed),
# TOLK_CORPUS (another corpus root), TMPDIR (where the temporary trees go).
set -euo pipefail
export LC_ALL=C # decimal points in printf/awk/sort, whatever the user's locale

runs=5
pages=20000
seed=42
skip_peers=0
install_peers=0

usage() {
    sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

while (($#)); do
    case $1 in
        --runs) runs=${2:?--runs needs a value}; shift 2 ;;
        --pages) pages=${2:?--pages needs a value}; shift 2 ;;
        --seed) seed=${2:?--seed needs a value}; shift 2 ;;
        --skip-peers) skip_peers=1; shift ;;
        --install-peers) install_peers=1; shift ;;
        -h | --help) usage 0 ;;
        *) echo "site.sh: unknown argument: $1" >&2; usage ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "site.sh: --runs must be a positive integer" >&2; exit 2; }
[[ $pages =~ ^[1-9][0-9]*$ ]] || { echo "site.sh: --pages must be a positive integer" >&2; exit 2; }
[[ $seed =~ ^[0-9]+$ ]] || { echo "site.sh: --seed must be a non-negative integer" >&2; exit 2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${TOLK_CORPUS:-$(dirname "$repo")/shared/corpus/m365-nl-NL/microsoft-365}
work=$(mktemp -d "${TMPDIR:-/tmp}/tolk-site-bench.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*" >&2; }

# --- tools --------------------------------------------------------------------------------------

if [[ -n ${TOLK_BIN:-} ]]; then
    tolk=$TOLK_BIN
    [[ -x $tolk ]] || { say "site.sh: TOLK_BIN=$tolk is not executable"; exit 1; }
else
    tolk=$repo/target/release/tolk
    say "== cargo build --release (tolk)"
    if ! (cd "$repo" && cargo build --release --quiet --bin tolk); then
        if [[ -x $tolk ]]; then
            say "site.sh: cargo build failed; measuring the existing $tolk"
        else
            say "site.sh: cargo build failed and there is no $tolk"
            exit 1
        fi
    fi
fi

# The helpers are std-only: compile them with rustc directly, so neither the state of the crate
# nor its dev-dependencies matter. Cached in target/site-bench/ until the source changes.
tools=$repo/target/site-bench
mkdir -p "$tools"
helper() {
    local name=$1 src=$repo/examples/$1.rs bin=$tools/$1
    if [[ ! -x $bin || $src -nt $bin ]]; then
        say "== rustc -O examples/$name.rs"
        rustc --edition 2021 -O "$src" -o "$bin"
    fi
    printf '%s\n' "$bin"
}
gen=$(helper gen_docset)
to_plain=$(helper to_plain_markdown)

have_time=0
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%e' true 2>/dev/null; then
    have_time=1
elif ((EUID == 0)) && command -v apt-get >/dev/null; then
    say "== apt-get install time (for peak RSS)"
    if apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq time >/dev/null 2>&1; }; then
        have_time=1
    fi
fi
((have_time)) || say "site.sh: /usr/bin/time unavailable: timing with bash, peak RSS n/a"

if ((install_peers && !skip_peers)) && ! command -v hugo >/dev/null; then
    if ((EUID == 0)); then
        say "== apt-get install hugo"
        apt-get update -qq >/dev/null && apt-get install -y -qq hugo >/dev/null
    else
        say "site.sh: --install-peers needs root; hugo not installed"
    fi
fi

# --- measurement --------------------------------------------------------------------------------

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Input size in MB (10^6 bytes, apparent size) of the files matching the given -name patterns.
input_mb() {
    local dir=$1; shift
    local args=() p
    for p in "$@"; do args+=(-o -name "$p"); done
    find "$dir" -type f \( "${args[@]:1}" \) -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }'
}

# time_run LOG CMD... : runs CMD with stdout+stderr appended to LOG; prints "wall cpu rss_mb rc".
time_run() {
    local log=$1; shift
    local rc=0 t=$work/time.txt
    if ((have_time)); then
        /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >>"$log" 2>&1 || rc=$?
        tail -n 1 "$t" | awk -v rc="$rc" '{ printf "%s %.2f %.1f %d\n", $1, $2 + $3, $4 / 1024, rc }'
    else
        local TIMEFORMAT='%R %U %S'
        { time "$@" >>"$log" 2>&1 || rc=$?; } 2>"$t"
        tail -n 1 "$t" | awk -v rc="$rc" '{ printf "%s %.2f n/a %d\n", $1, $2 + $3, rc }'
    fi
}

results=()   # "input tool runs wall cpu rss pages pages_per_s in_mb mb_per_s exit"
notes=()     # printed under the table
declare -A pps wall_of last_out
outs=$work/out
mkdir -p "$outs"
same_out=    # set: bench rebuilds into this existing folder instead of a new one per run
pre_run=     # set: a command run (with the run number) before each timed run, outside the timing

# Flush the outputs written so far to disk (outside the timed region), so that no run pays for
# the writeback of an earlier one.
sync_outputs() { sync -f "$outs" 2>/dev/null || sync; }

# Free space (KiB) of the filesystem holding the outputs.
free_kb() { df -Pk "$outs" | awk 'NR == 2 { print $4 }'; }

# bench INPUT TOOL IN_MB CMD... : N runs, then one result row. Every `@OUT@` in CMD is replaced by
# the run's output folder: a new, never-used folder per run ($work/out/INPUT.TOOL.I), kept until
# the script exits, so that no run creates its files right after many were deleted (ext4's inode
# allocator then scans the recently freed inodes: up to 3x the system time). When the first
# run's output times the runs does not fit on the disk, the previous run's folder is deleted
# before each run instead (with a warning: the figures then include that penalty). With
# `same_out` set, every run writes into that existing folder (a rebuild over the last site).
bench() {
    local input=$1 tool=$2 in_mb=$3; shift 3
    local log=$work/$input.$tool.log walls=() cpus=() rsss=() rcs=() i line w c r rc out a
    local keep=1 first_kb need_kb have_kb cmd
    : >"$log"
    say "== $tool on $input: $runs run(s)"
    for ((i = 1; i <= runs; i++)); do
        if [[ -n $same_out ]]; then
            out=$same_out
        else
            out=$outs/$input.$tool.$i
            if ((!keep)); then rm -rf "$outs/$input.$tool.$((i - 1))"; fi
        fi
        if [[ -n $pre_run ]]; then "$pre_run" "$i"; fi
        cmd=()
        for a in "$@"; do cmd+=("${a//@OUT@/"$out"}"); done
        line=$(time_run "$log" "${cmd[@]}")
        read -r w c r rc <<<"$line"
        walls+=("$w"); cpus+=("$c"); rsss+=("$r"); rcs+=("$rc")
        say "   run $i: wall ${w}s cpu ${c}s rss ${r}MB exit $rc"
        sync_outputs
        if ((i == 1 && runs > 1)) && [[ -z $same_out && -d $out ]]; then
            # The other runs' outputs plus one spare (room for the rebuild's temporary folder).
            first_kb=$(du -sk "$out" | cut -f1)
            need_kb=$((first_kb * runs))
            have_kb=$(free_kb)
            if ((have_kb < need_kb)); then
                keep=0
                say "   warning: $((need_kb / 1024)) MiB needed to keep every output, $((have_kb / 1024)) MiB free on $outs:"
                say "   deleting each run's output before the next run; the figures of $tool on $input include"
                say "   the cost of creating files right after many were deleted (ext4 recently-deleted inode scan)"
                notes+=("$tool on $input: outputs deleted between runs (low disk space); figures include the deleted-inode penalty")
            fi
        fi
    done
    local n_pages
    n_pages=$({ find "$out" -name '*.html' 2>/dev/null || true; } | wc -l)
    last_out[$input.$tool]=$out
    local mw mc mr raw
    raw=$(printf '%s\n' "${walls[@]}" | median)
    mw=$(printf '%.2f' "$raw")
    mc=$(printf '%s\n' "${cpus[@]}" | median | xargs printf '%.2f')
    if [[ ${rsss[0]} == n/a ]]; then mr=n/a; else mr=$(printf '%s\n' "${rsss[@]}" | median | xargs printf '%.0f'); fi
    local ps ms
    ps=$(awk -v p="$n_pages" -v w="$raw" 'BEGIN { if (w > 0) printf "%.0f", p / w; else print "inf" }')
    ms=$(awk -v m="$in_mb" -v w="$raw" 'BEGIN { if (w > 0) printf "%.1f", m / w; else print "inf" }')
    local worst
    worst=$(printf '%s\n' "${rcs[@]}" | sort -n | tail -n 1)
    if ((worst != 0)); then
        say "   note: $tool exited $worst on $input; last lines of its output:"
        tail -n 5 "$log" | sed 's/^/     /' >&2
    fi
    if ((n_pages == 0)); then
        say "   warning: $tool wrote no .html pages for $input"
    fi
    pps[$input.$tool]=$ps
    wall_of[$input.$tool]=$mw
    results+=("$input $tool $runs $mw $mc $mr $n_pages $ps $in_mb $ms $worst")
}

# --- inputs -------------------------------------------------------------------------------------

inputs=()
declare -A src_of mb_of
if [[ -f $corpus/docfx.json ]]; then
    inputs+=(corpus)
    src_of[corpus]=$corpus
else
    say "site.sh: corpus not found at $corpus: skipped"
fi

gen_name=gen$pages
say "== generating $pages pages (seed $seed)"
"$gen" --pages "$pages" --seed "$seed" --out "$work/$gen_name" >&2
inputs+=("$gen_name")
src_of[$gen_name]=$work/$gen_name

for input in "${inputs[@]}"; do
    src=${src_of[$input]}
    mb=$(input_mb "$src" '*.md' '*.yml')
    mb_of[$input]=$mb
    bench "$input" tolk "$mb" "$tolk" build "$src" --out @OUT@
done

# --- peers --------------------------------------------------------------------------------------

peers=()
if ((skip_peers)); then
    say "peers: skipped (--skip-peers)"
else
    if command -v hugo >/dev/null; then peers+=(hugo); else say "hugo: not installed, skipped (Debian: apt-get install hugo, or --install-peers)"; fi
    if command -v zola >/dev/null; then peers+=(zola); else say "zola: not installed, skipped"; fi
fi

# One page per html file, as tolk writes: Hugo with ugly URLs and no list/feed pages besides the
# home page; the same minimal template everywhere; highlighting off.
page_tpl='<!DOCTYPE html><html lang="nl-NL"><head><meta charset="utf-8"><title>%s</title></head><body><main>%s</main></body></html>\n'

make_hugo_site() {
    local src=$1 site=$2
    mkdir -p "$site/layouts/_default"
    cat >"$site/hugo.toml" <<'EOF'
baseURL = "http://localhost/"
languageCode = "nl-NL"
title = "bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "section"]
uglyURLs = true
disablePathToLower = true
enableRobotsTXT = false
[markup.highlight]
codeFences = false
[markup.goldmark.renderer]
unsafe = true
EOF
    # shellcheck disable=SC2059 # the template is the format
    printf "$page_tpl" '{{ .Title }}' '{{ .Content }}' >"$site/layouts/_default/single.html"
    cp "$site/layouts/_default/single.html" "$site/layouts/_default/list.html"
    "$to_plain" "$src" "$site/content" --static "$site/static" >&2
    rename_index_pages "$site/content"
}

make_zola_site() {
    local src=$1 site=$2
    mkdir -p "$site/templates"
    cat >"$site/config.toml" <<'EOF'
base_url = "http://localhost"
compile_sass = false
build_search_index = false
[markdown]
highlight_code = false
EOF
    # shellcheck disable=SC2059
    printf "$page_tpl" '{{ page.title }}' '{{ page.content | safe }}' >"$site/templates/page.html"
    # shellcheck disable=SC2059
    printf "$page_tpl" '{{ section.title }}' '{{ section.content | safe }}' >"$site/templates/section.html"
    cp "$site/templates/section.html" "$site/templates/index.html"
    "$to_plain" "$src" "$site/content" --toml --static "$site/static" >&2
    rename_index_pages "$site/content"
}

# `index.md` makes a page bundle in Hugo and Zola, which would swallow its sibling pages.
rename_index_pages() {
    find "$1" -type f -name index.md -execdir mv index.md index-page.md \;
}

for peer in "${peers[@]}"; do
    for input in "${inputs[@]}"; do
        site=$work/$peer-site-$input
        say "== converting $input to plain Markdown for $peer"
        "make_${peer}_site" "${src_of[$input]}" "$site"
        mb=$(input_mb "$site/content" '*.md')
        case $peer in
            hugo) bench "$input" hugo "$mb" hugo --quiet --source "$site" -d @OUT@ ;;
            zola) bench "$input" zola "$mb" zola --root "$site" build --output-dir @OUT@ ;;
        esac
        # The converted site stays until exit: nothing is deleted while measuring.
    done
done

# --- rebuilds -----------------------------------------------------------------------------------

# A writer rebuilding: N more `tolk build` runs into the existing site of tolk's last fresh run
# (unchanged files are carried over from it). Last, so that whatever a rebuild deletes (the
# replaced tree) is deleted after every fresh-folder measurement.
for input in "${inputs[@]}"; do
    dir=${last_out[$input.tolk]:-}
    if [[ -z $dir || ! -d $dir ]]; then
        say "tolk-rebuild on $input: skipped (no site from the fresh runs)"
        continue
    fi
    same_out=$dir
    # --no-cache: every page rendered again (an unchanged docset would otherwise take them all
    # from the build cache; tolk-edit1 below measures that incremental case).
    bench "$input" tolk-rebuild "${mb_of[$input]}" "$tolk" build "${src_of[$input]}" --no-cache --out @OUT@
    same_out=
done

# --- one-page edits -----------------------------------------------------------------------------

# A writer editing one page and building again (the incremental build: the build cache of the
# previous site, `.tolk-cache`): before each run, outside the timing, one paragraph is appended to
# one page of a writable copy of the input (with the corpus, its repository folder, so that the
# redirection file comes along); the site is the one of the rebuilds above, built once from the
# copy first so that its cache describes the copy.
edit_page=
edit_one() { printf '\n\nA paragraph of edit %s.\n' "$1" >>"$edit_page"; }
for input in "${inputs[@]}"; do
    dir=${last_out[$input.tolk-rebuild]:-}
    if [[ -z $dir || ! -d $dir ]]; then
        say "tolk-edit1 on $input: skipped (no site from the rebuilds)"
        continue
    fi
    src=${src_of[$input]}
    copy=$work/edit.$input
    if [[ -f $(dirname "$src")/.openpublishing.redirection.json ]]; then
        cp -r "$(dirname "$src")" "$copy"
        src=$copy/$(basename "$src")
    else
        cp -r "$src" "$copy"
        src=$copy
    fi
    chmod -R u+w "$copy"
    page=$(cd "$src" && find . -name '*.md' ! -path '*include*' | LC_ALL=C sort | sed -n '20p')
    edit_page=$src/${page#./}
    say "== tolk-edit1 on $input: editing ${page#./}"
    "$tolk" build "$src" --out "$dir" >/dev/null 2>&1 || true
    same_out=$dir
    pre_run=edit_one
    bench "$input" tolk-edit1 "${mb_of[$input]}" "$tolk" build "$src" --out @OUT@
    same_out=
    pre_run=
done

# --- report -------------------------------------------------------------------------------------

echo
echo "tolk: $tolk"
echo "machine: $(nproc) CPU(s); medians of $runs run(s); RSS = peak resident set size"
printf '%-12s %-12s %4s %9s %9s %9s %8s %9s %8s %8s %4s\n' \
    input tool runs wall_s cpu_s rss_MB pages pages/s in_MB in_MB/s exit
for row in "${results[@]}"; do
    # shellcheck disable=SC2086 # a row is whitespace-separated fields
    printf '%-12s %-12s %4s %9s %9s %9s %8s %9s %8s %8s %4s\n' $row
done
echo "each run writes into a new, empty folder; tolk-rebuild: tolk building again into the site of its last run;"
echo "tolk-edit1: one paragraph appended to one page before each run, then an incremental build into that site"
for n in ${notes[@]+"${notes[@]}"}; do echo "note: $n"; done
if ((${#peers[@]})); then
    echo
    echo "ratio of output pages/s, tolk ÷ peer (> 1: tolk writes pages faster; tolk writes every page"
    echo "once per locale and environment, a peer once: see the median wall times for the whole docset):"
    for input in "${inputs[@]}"; do
        for peer in "${peers[@]}"; do
            t=${pps[$input.tolk]:-} p=${pps[$input.$peer]:-}
            if [[ -n $t && -n $p && $p != 0 && $p != inf && $t != inf ]]; then
                awk -v i="$input" -v q="$peer" -v t="$t" -v p="$p" -v tw="${wall_of[$input.tolk]}" -v pw="${wall_of[$input.$peer]}" \
                    'BEGIN { printf "  %-12s tolk/%-5s %6.2f   (wall: tolk %s s, %s %s s)\n", i, q, t / p, tw, q, pw }'
            else
                printf '  %-12s tolk/%-5s    n/a\n' "$input" "$peer"
            fi
        done
    done
fi
