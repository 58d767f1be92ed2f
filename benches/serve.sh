#!/usr/bin/env bash
# Live-update benchmark of `tolk serve` on the real corpus. See benches/README.md.
#
#   benches/serve.sh [--runs N]
#
# Copies the corpus to a temporary folder, starts `tolk serve` on it, then N times: edits one
# page (or the most widely used include) and measures the time until the new text is served.
# Prints the median and the peak RSS of the server. Environment: TOLK_BIN (default:
# target/release/tolk, built when needed), TOLK_CORPUS (another docset), TMPDIR.
set -euo pipefail
export LC_ALL=C

runs=10
while (($#)); do
    case $1 in
        --runs) runs=${2:?--runs needs a value}; shift 2 ;;
        -h | --help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "serve.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${TOLK_CORPUS:-$(dirname "$repo")/shared/corpus/m365-nl-NL/microsoft-365}
[[ -f $corpus/docfx.json ]] || { echo "serve.sh: no corpus at $corpus" >&2; exit 0; }
if [[ -z ${TOLK_BIN:-} ]]; then
    (cd "$repo" && cargo build --release --quiet)
    TOLK_BIN=$repo/target/release/tolk
fi
command -v curl >/dev/null || { echo "serve.sh: needs curl" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tolk-serve-bench.XXXXXX")
pid=
cleanup() {
    [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp -r "$corpus" "$work/docs"
log=$work/serve.log
start_ns=$(date +%s%N)
"$TOLK_BIN" serve "$work/docs" --port 0 2>"$log" &
pid=$!
url=
for _ in $(seq 600); do
    url=$(grep -o 'http://[^ ]*/' "$log" | head -1 || true)
    [[ -n $url ]] && break
    sleep 0.1
done
[[ -n $url ]] || { cat "$log" >&2; echo "serve.sh: serve did not start" >&2; exit 1; }
echo "startup (initial build in memory): $(( ($(date +%s%N) - start_ns) / 1000000 )) ms" >&2

# The first variant (locale/environment) of the site, from the root chooser.
variant=$(curl -s "$url" | sed 's/&#x2F;/\//g' | grep -o 'href="[^"]*/index.html"' | head -1 | sed -E 's/href="(.*)\/index.html"/\1/')
[[ -n $variant ]] || { echo "serve.sh: no variant in $url" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# measure FILE URL_PATH: edit FILE $runs times, time until URL_PATH serves the new text.
measure() {
    local file=$1 path=$2 orig times=()
    orig=$(cat "$file")
    curl -sf "$url$path" >/dev/null || { echo "serve.sh: $url$path is not served" >&2; exit 1; }
    for i in $(seq "$runs"); do
        local marker="ServeBench$RANDOM$i"
        local t0 t1
        t0=$(date +%s%N)
        printf '%s\n\n%s\n' "$orig" "$marker" >"$file"
        until curl -s "$url$path" | grep -q "$marker"; do
            (( ($(date +%s%N) - t0) < 20000000000 )) || { echo "serve.sh: timeout on $path" >&2; tail "$log" >&2; exit 1; }
        done
        t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000000 )))
        sleep 0.3
    done
    printf '%s\n' "$orig" >"$file"
    sleep 0.5
    printf '%s\n' "${times[@]}" | median
}

page=${TOLK_BENCH_PAGE:-enterprise/plan-for-multi-geo.md}
include=${TOLK_BENCH_INCLUDE:-includes/microsoft-365-multi-geo-locations.md}
users=$(grep -rlF "$(basename "$include")" --include='*.md' "$work/docs" | wc -l)
page_ms=$(measure "$work/docs/$page" "$variant/${page%.md}.html")
include_ms=$(measure "$work/docs/$include" "$variant/${page%.md}.html")
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)

printf '%-34s %10s\n' "measure ($runs runs, median)" "value"
printf '%-34s %8s ms\n' "one page: $page" "$page_ms"
printf '%-34s %8s ms\n' "include used by $users pages" "$include_ms"
printf '%-34s %8s MB\n' "peak RSS of serve" "$(( rss_kb / 1024 ))"
grep -E 're-rendered|rebuilt' "$log" | tail -3 >&2
