#!/bin/sh
# cli_update.sh - `embargo update` against a local fixture server on
# 127.0.0.1 (tests/http_fixture_server.py; no network): a good update switches
# DIR/current and writes a manifest whose sha256 match the files; a truncated
# file, an HTML page, a 404, a broken transfer and a list that shrank by 90%
# are refused with exit 3 and the last good set is kept.
set -u
BIN=${EMBARGO_BIN:-build/embargo}
FIX=${EMBARGO_FIXTURES:-tests/fixtures}
SRC=${EMBARGO_SRC:-.}
T=$(mktemp -d /tmp/embargo-update-XXXXXX)
SERVER=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT INT TERM
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }

python3 "$SRC/tests/http_fixture_server.py" "$FIX" >"$T/port" 2>"$T/server.err" &
SERVER=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(head -n1 "$T/port")
[ -n "$PORT" ] || { echo "fixture server did not start"; cat "$T/server.err"; exit 1; }
U="http://127.0.0.1:$PORT"

cp -r "$FIX/update/seed" "$T/seed"
sed -i "s/@PORT@/$PORT/g" "$T/seed/manifest.json"
H="$T/home"

# expect CODE DESCRIPTION -- command...: runs it, output in $T/out, $T/err
expect() {
    want=$1; what=$2; shift 3
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    [ "$got" = "$want" ] || { fail "$what: exit $got, expected $want"; sed 's/^/  | /' "$T/err"; }
}
contains() { grep -q -- "$2" "$1" || { fail "$3: '$2' not in $1"; sed 's/^/  | /' "$1"; }; }

# --- usage errors: exit 2, nothing created beyond the directory
expect 2 "bad --max-drop" -- "$BIN" update --dir "$H" --max-drop 2
expect 2 "--url without =" -- "$BIN" update --dir "$H" --url demo
expect 0 "--help" -- "$BIN" update --help
contains "$T/out" "--data DIR/current" "help documents --data"

# --- a good update: the first one seeds DIR/current from --seed, then fetches
expect 0 "good update" -- "$BIN" update --dir "$H" --seed "$T/seed" --url demo="$U/diff/new.csv"
contains "$T/err" "started $H/current from $T/seed" "seeded"
contains "$T/out" "demo .*20 records (was 19: +2 -1 ~7), as of 2026-03-02" "demo summary"
contains "$T/out" "multi .*6 records (was 5: +1 -0 ~1)" "multi summary"
[ -L "$H/current" ] || fail "current is not a symlink"
FIRST_SET=$(ls "$H/sets" | head -n1)
CUR=$(readlink "$H/current")
[ "$(ls "$H/sets" | wc -l)" = 2 ] || fail "expected 2 sets, got: $(ls "$H/sets")"
[ "$CUR" != "sets/$FIRST_SET" ] || fail "current still points at the seed set"
ls -a "$H/sets" | grep -q staging && fail "a staging directory was left behind"
cmp -s "$H/current/demo/targets.csv" "$FIX/diff/new.csv" || fail "demo file is not the downloaded one"
cmp -s "$H/current/multi/a.csv" "$FIX/update/served/multi/a.csv" || fail "multi/a.csv (via redirect) not downloaded"
cmp -s "$H/current/other/list.csv" "$FIX/update/seed/other/list.csv" || fail "other (no URL) not carried over"
python3 - "$H/current" "$(date -u +%Y-%m-%d)" <<'EOF' || fail "new manifest"
import hashlib, json, sys
d, today = sys.argv[1], sys.argv[2]
m = json.load(open(d + "/manifest.json"))
src = {s["id"]: s for s in m["sources"]}
for s in m["sources"]:
    for f in s["files"]:
        h = hashlib.sha256(open(d + "/" + f["path"], "rb").read()).hexdigest()
        assert f["sha256"] == h, (f["path"], f["sha256"], h)
assert src["demo"]["as_of"] == "2026-03-02", src["demo"]   # the list's own date
assert src["demo"]["as_of_source"] == "list"
assert src["demo"]["records"] == 20
assert src["multi"]["as_of"] == today, src["multi"]          # no date in the files
assert src["multi"]["files"][0]["url"].endswith("/redirect/update/served/multi/a.csv")
assert src["other"]["as_of"] == "2026-01-01" and "fetched_at" not in src["other"]
EOF
# the updated set is loadable, and diff sees what changed
expect 0 "lists --data current" -- "$BIN" lists --data "$H/current"
contains "$T/out" "demo .* 20 " "lists shows the new demo"
expect 1 "diff seed..current" -- "$BIN" diff --source demo "$H/sets/$FIRST_SET" "$H/current"
contains "$T/out" "^+ demo-NK-ZZnewPerson01 PETRENKO Artem Olegovich" "diff added"

# --- the same files again: nothing to publish
expect 0 "rerun" -- "$BIN" update --dir "$H" --url demo="$U/diff/new.csv"
contains "$T/out" "already current" "rerun is a no-op"
[ "$(readlink "$H/current")" = "$CUR" ] || fail "rerun switched current"

# --- refusals: exit 3, current unchanged, the reason names source, URL and check
refused() {
    what=$1; url=$2; reason=$3; shift 3
    expect 3 "$what" -- "$BIN" update --dir "$H" --source demo --url demo="$url" "$@"
    contains "$T/err" "demo: $url: .*$reason" "$what reason"
    contains "$T/err" "still the last good set" "$what keeps the set"
    [ "$(readlink "$H/current")" = "$CUR" ] || fail "$what switched current"
    cmp -s "$H/current/demo/targets.csv" "$FIX/diff/new.csv" || fail "$what touched the current files"
}
refused "truncated" "$U/truncated/diff/old.csv" "does not parse"
refused "broken transfer" "$U/short/diff/old.csv" "download failed"
refused "text/html" "$U/html/diff/old.csv" "served as text/html"
refused "404" "$U/404/diff/old.csv" "HTTP 404"
refused "shrank 90%" "$U/update/served/shrunk.csv" "2 records against 20 .*drop of 90%"
refused "too big" "$U/diff/old.csv" "size limit" --max-size 1K --timeout 5
ls -a "$H/sets" | grep -q staging && fail "a staging directory was left behind after a refusal"
[ "$(ls "$H/sets" | wc -l)" = 2 ] || fail "a refused update created a set"

# a source without a URL, asked for explicitly: configuration error
expect 2 "no URL" -- "$BIN" update --dir "$H" --source other
contains "$T/err" "no URL" "no URL reason"
expect 2 "unknown source" -- "$BIN" update --dir "$H" --source nosuch

# --max-drop 1 disables the check: the shrunk list is accepted; --keep 2
# deletes the seed set (the oldest of three)
expect 0 "max-drop 1" -- "$BIN" update --dir "$H" --source demo --url demo="$U/update/served/shrunk.csv" --max-drop 1 --keep 2
[ "$(readlink "$H/current")" != "$CUR" ] || fail "--max-drop 1 did not switch current"
[ -e "$H/sets/$FIRST_SET" ] && fail "--keep 2 kept the oldest set"
[ -e "$H/$CUR/manifest.json" ] || fail "--keep 2 deleted the previous set"
[ "$(ls "$H/sets" | wc -l)" = 2 ] || fail "--keep 2: sets are $(ls "$H/sets")"
cmp -s "$H/current/multi/b.csv" "$FIX/update/served/multi/b.csv" || fail "multi not carried into the third set"

[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; exit 1; }
echo "cli_update: ok"
