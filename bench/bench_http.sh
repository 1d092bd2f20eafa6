#!/bin/sh
# bench_http.sh - HTTP throughput of `embargo serve` on loopback: wrk, 10 s,
# 2 threads, 64 connections (and 16, cache off), GET /v1/screen rotating a few
# names; once with the result cache off (every request screens) and once with
# it on.  Beside it, the in-process rate of the same names in the same run
# (embargo batch --explain, as the server explains every match; list loading
# subtracted), so the HTTP overhead can be read as a ratio.  Then the same at
# 16 connections over 1,200 different names from the eval data (listed names
# with their variants, and customer names no list holds), with its own
# in-process rate: a few names repeated stay in every cache.  wrk shares the
# cores with the server.  BENCH_RUNS=N repeats each measurement and prints
# the best (on a shared machine one run says little).
# Usage: sh bench/bench_http.sh [BUILD_DIR]   (not a test: timings are printed only)
set -u
BUILD=${1:-build}
BIN=${EMBARGO_BIN:-$BUILD/embargo}
DUR=${BENCH_DURATION:-10s}
RUNS=${BENCH_RUNS:-1}
command -v wrk >/dev/null || { echo "bench_http: wrk is not installed (deps.txt)"; exit 1; }
T=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM

NAMES="Dmitry Pantus|Sergey Lavrov|Bank Rossiya|Jane Gardener|Kim Jong Un|Hezbollah|Vladimir Putin|Maria Gonzalez"
cat > "$T/rotate.lua" <<LUA
-- rotate a few names, each thread starting at a different one
local names = {}
for n in string.gmatch("$NAMES", "[^|]+") do names[#names + 1] = n:gsub(" ", "%%20") end
local i = 0
function setup(thread) thread:set("start", math.random(#names)) end
function request()
  i = i + 1
  local n = names[((i + (start or 0)) % #names) + 1]
  return wrk.format("GET", "/v1/screen?name=" .. n)
end
LUA

serve() { # serve ARGS...: starts the server, sets PORT
    "$BIN" serve --port 0 --quiet "$@" 2>"$T/err" &
    PID=$!
    i=0
    while [ $i -lt 600 ]; do
        PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/err" | head -1)
        [ -n "$PORT" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ] && return 0
        sleep 0.1; i=$((i+1))
    done
    cat "$T/err"; exit 1
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null; PID=""; }
run_wrk() { # run_wrk LABEL [PATH] [SCRIPT] [CONNECTIONS]: the best of RUNS runs (by req/s)
    best=""; k=0
    while [ $k -lt "$RUNS" ]; do
        wrk -t2 -c"${4:-64}" -d"$DUR" --latency ${3:+-s "$3"} "http://127.0.0.1:$PORT${2:-/}" > "$T/wrk.out" 2>&1
        rps=$(awk '/^Requests\/sec/ {print $2}' "$T/wrk.out")
        p99=$(awk '$1 == "99%" {print $2}' "$T/wrk.out")
        errs=$(grep -E 'Non-2xx|Socket errors' "$T/wrk.out" | tr -s ' ' | tr '\n' ';')
        if [ -z "$best" ] || awk -v a="${rps:-0}" -v b="$best" 'BEGIN { exit !(a > b) }'; then
            best=${rps:-0}; bp99=$p99; berrs=$errs
        fi
        k=$((k+1))
    done
    printf '%-34s %10s req/s   p99 %8s  %s\n' "$1" "$best" "$bp99" "$berrs"
}

# Many names: the development queries (listed names as written, with typos,
# transliterations, titles...) and as many customer names no list holds,
# from the eval data when it is there; each thread goes through them in
# turn.  Eight names repeated keep everything in the caches (and in the
# context's memo of words); these show a server's load closer to real.
EVAL=${EMBARGO_SHARED:-$(dirname "$0")/../../shared/data}/eval
: > "$T/many"
if [ -f "$EVAL/dev_variants.jsonl" ] && [ -f "$EVAL/negatives_us.csv" ]; then
    sed -n 's/.*"query": *"\([^"]*\)".*/\1/p' "$EVAL/dev_variants.jsonl" > "$T/many"
    nv=$(wc -l < "$T/many")
    awk -F, -v n="$nv" 'NR > 1 && NR <= n + 1 && $1 !~ /"/ {print $1}' "$EVAL/negatives_us.csv" >> "$T/many"
fi
cat > "$T/many.lua" <<LUA
-- the names of a file, URL-encoded, each thread from its own starting point
local names = {}
for line in io.lines("$T/many") do
  names[#names + 1] = line:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end)
end
local i = 0
function setup(thread) thread:set("start", math.random(#names)) end
function request()
  i = i + 1
  return wrk.format("GET", "/v1/screen?name=" .. names[((i + (start or 0)) % #names) + 1])
end
LUA

cores=$(nproc)
echo "bench_http: $cores cores, wrk 2 threads x 64 connections, $DUR each, best of $RUNS; names: $NAMES"
serve --cache 0
run_wrk "HTTP /v1/screen, cache off" / "$T/rotate.lua"
# with 64 connections and the cores saturated, p99 is mostly queueing (64
# requests in flight at 15k/s wait 4 ms on average); the same load from 16
# connections shows the latency a request sees when it does not queue
run_wrk "  same, 16 connections" / "$T/rotate.lua" 16
many=$(wc -l < "$T/many")
if [ "$many" -gt 0 ]; then
    # untimed first: a context's first name in a script builds that
    # script's transliterator (tens of milliseconds, once per context)
    wrk -t2 -c16 -d2s -s "$T/many.lua" "http://127.0.0.1:$PORT/" >/dev/null 2>&1
    run_wrk "  $many names, 16 connections" / "$T/many.lua" 16
fi
stop
serve --cache 10000
run_wrk "HTTP /v1/screen, cache on" / "$T/rotate.lua"
run_wrk "HTTP /healthz (no screening)" /healthz
stop

# in-process: the same names through `embargo batch` on all cores, minus the
# time of loading the lists (a one-line batch)
echo "$NAMES" | tr '|' '\n' > "$T/names1"
: > "$T/names"
i=0; while [ $i -lt 2500 ]; do cat "$T/names1" >> "$T/names"; i=$((i+1)); done
n=$(wc -l < "$T/names")
now() { date +%s.%N; }
t0=$(now); head -1 "$T/names" | "$BIN" batch --explain >/dev/null 2>&1; t1=$(now)
"$BIN" batch --explain --threads "$cores" "$T/names" >/dev/null 2>&1; t2=$(now)
awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
    q = (c - b) - (b - a); if (q <= 0) q = 1e-9;
    printf "%-34s %10.0f queries/s (%d queries in %.2f s, list loading %.2f s subtracted)\n", "in-process embargo batch", n / q, n, q, b - a }'
if [ "$many" -gt 0 ]; then
    : > "$T/manyx"
    i=0; while [ $i -lt 20 ]; do cat "$T/many" >> "$T/manyx"; i=$((i+1)); done
    n=$(wc -l < "$T/manyx")
    t2=$(now); "$BIN" batch --explain --threads "$cores" "$T/manyx" >/dev/null 2>&1; t3=$(now)
    awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v m="$many" 'BEGIN {
        q = (d - c) - (b - a); if (q <= 0) q = 1e-9;
        printf "%-34s %10.0f queries/s (%d queries in %.2f s)\n", "  same, the " m " names", n / q, n, q }'
fi
