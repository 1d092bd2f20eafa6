#!/bin/sh
# cli_indexfile.sh - `embargo build` and the ways screen finds an index:
# --index FILE, $EMBARGO_INDEX, and the per-user cache of a data directory
# (built on first use, rebuilt when corrupt).  --source filters an index.
set -u
BIN=${EMBARGO_BIN:-build/embargo}
FIX=${EMBARGO_FIXTURES:-tests/fixtures}
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

expect_exit() {
    want=$1; shift
    "$@" >"$T/out" 2>"$T/err"; got=$?
    if [ "$got" = "$want" ]; then ok; else bad "exit $got (want $want): $*"; cat "$T/err"; fi
}
top() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m=d["matches"]; print(m[0]["source"], m[0]["source_id"], m[0]["match"]) if m else print("none")' "$1"; }

# build the shipped lists, screen through the file
expect_exit 0 "$BIN" build -o "$T/lists.idx"
grep -q "wrote $T/lists.idx: 7 sources" "$T/out" && ok || bad "build output: $(cat "$T/out")"
expect_exit 1 "$BIN" screen --index "$T/lists.idx" --json "Dmitry Pantus"
[ "$(top "$T/out")" = "us_ofac_sdn 34779 True" ] && ok || bad "Dmitry Pantus via --index: $(top "$T/out")"
# --source filters at query time
expect_exit 0 "$BIN" screen --index "$T/lists.idx" --source un_sc --json "Dmitry Pantus"
[ "$(top "$T/out")" = "none" ] && ok || bad "--source un_sc still finds $(top "$T/out")"
expect_exit 1 "$BIN" screen --source us_ofac_sdn --json "Dmitry Pantus"
[ "$(top "$T/out")" = "us_ofac_sdn 34779 True" ] && ok || bad "--source us_ofac_sdn: $(top "$T/out")"
expect_exit 0 "$BIN" lists --source un_sc
[ "$(grep -c '^un_sc' "$T/out")" = 1 ] && ! grep -q us_ofac "$T/out" && ok || bad "lists --source: $(cat "$T/out")"
# EMBARGO_INDEX
expect_exit 1 env EMBARGO_INDEX="$T/lists.idx" "$BIN" screen --json "Dmitry Pantus"
[ "$(top "$T/out")" = "us_ofac_sdn 34779 True" ] && ok || bad "EMBARGO_INDEX: $(top "$T/out")"

# damaged files are refused with a reason, exit 2
head -c 100000 "$T/lists.idx" > "$T/cut.idx"
expect_exit 2 "$BIN" screen --index "$T/cut.idx" "Dmitry Pantus"
grep -q "truncated" "$T/err" && ok || bad "truncated: $(cat "$T/err")"
expect_exit 2 "$BIN" screen --index "$FIX/targets.simple.excerpt.csv" "Dmitry Pantus"
grep -q "not an embargo index" "$T/err" && ok || bad "foreign: $(cat "$T/err")"
expect_exit 2 "$BIN" build
expect_exit 2 "$BIN" screen --index "$T/nosuch.idx" "x"

# a custom list on its own
expect_exit 0 "$BIN" build --no-default-lists --list "$FIX/targets.simple.excerpt.csv" -o "$T/small.idx"
expect_exit 1 "$BIN" screen --index "$T/small.idx" --json "Sun Science International"
[ "$(top "$T/out")" = "targets NK-24ZomtS59XsEEB94Qcqy7S True" ] && ok || bad "small index: $(top "$T/out")"

# the per-user cache of a data directory other than the build's
mkdir -p "$T/data/ws" "$T/cache"
cp "$FIX/targets.simple.excerpt.csv" "$T/data/ws/targets.simple.csv"
sha=$(sha256sum "$T/data/ws/targets.simple.csv" | cut -d' ' -f1)
cat > "$T/data/manifest.json" <<JSON
{"sources":[{"id":"ua_ws","format":"os_csv","as_of":"2026-03-13","files":[{"path":"ws/targets.simple.csv","sha256":"$sha"}]}]}
JSON
expect_exit 1 env EMBARGO_DATA="$T/data" XDG_CACHE_HOME="$T/cache" EMBARGO_INDEX= "$BIN" screen --json "Sun Science International"
n=$(ls "$T/cache/embargo" | grep -c '^default-.*\.idx$')
[ "$n" = 1 ] && ok || bad "cache files: $n"
c=$(ls "$T/cache/embargo"/default-*.idx)
printf 'EMBARGO\000IDX garbage' > "$c"
expect_exit 1 env EMBARGO_DATA="$T/data" XDG_CACHE_HOME="$T/cache" "$BIN" screen --json "Sun Science International"
expect_exit 1 "$BIN" screen --index "$c" --json "Sun Science International"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
