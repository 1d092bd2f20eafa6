#!/bin/sh
# run.sh - `make bench`: the speed benchmark (shipped lists), the scan
# benchmark, then the accuracy benchmark (HTTP: bench/bench_http.sh).  BUILD is the build directory (default build).
# The scale run (1M synthetic entities, several minutes) is opt-in:
#   EMBARGO_BENCH_SCALE=1000000 make bench
set -eu
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
echo "== speed (shipped lists) =="
"$BUILD/bench_speed"
if [ -n "${EMBARGO_BENCH_SCALE:-}" ]; then
    SYN="$BUILD/synthetic-$EMBARGO_BENCH_SCALE.csv"
    [ -f "$SYN" ] || python3 "$HERE/gen_synthetic.py" -n "$EMBARGO_BENCH_SCALE" -o "$SYN"
    echo "== speed at scale ($EMBARGO_BENCH_SCALE synthetic entities) =="
    "$BUILD/bench_speed" --list "$SYN" --no-default --per-kind 200 --exhaustive-queries 3 --batch 2000
fi
echo "== scan (news-like text) =="
"$BUILD/bench_scan"
echo "== accuracy =="
"$BUILD/bench_accuracy"
