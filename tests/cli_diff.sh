#!/bin/sh
# cli_diff.sh - `embargo diff`: text and JSON output for two publications of
# an OpenSanctions excerpt (tests/fixtures/diff/), diff(1)-style exit status,
# a manifest directory against a file, and usage errors.
set -u
BIN=${EMBARGO_BIN:-build/embargo}
FIX=${EMBARGO_FIXTURES:-tests/fixtures}
T=$(mktemp -d /tmp/embargo-diff-XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
expect() {
    want=$1; what=$2; shift 3
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    [ "$got" = "$want" ] || { fail "$what: exit $got, expected $want"; sed 's/^/  | /' "$T/err"; }
}
has() { grep -q -x -F -- "$2" "$T/out" || { fail "$1: no line '$2'"; sed 's/^/  | /' "$T/out"; }; }

OLD="$FIX/diff/old.csv"
NEW="$FIX/diff/new.csv"

expect 1 "text" -- "$BIN" diff --id ua_ws "$OLD" "$NEW"
has text "2 added, 1 removed, 7 changed, 11 unchanged"
has text "+ ua_ws-NK-ZZnewPerson01 PETRENKO Artem Olegovich"
has text "+ ua_ws-NK-ZZnewVessel02 NORDIC STAR"
has text "- ua_ws-NK-24triv8hGuc3x6NaoF4Z7b Ketee Co Ltd"
has text "~ ua_ws-NK-24ZomtS59XsEEB94Qcqy7S Sun Science International (fields: country, id)"
has text "~ ua_ws-NK-24cf2zYe7LEKhr2zFck73j ROSALIN (fields: aliases)"
has text "~ ua_ws-NK-26nYhY6yPdAQV9U4b9pj3U Laal Shipping Limited (fields: name) [was: Laal Shipping Ltd]"
has text "~ ua_ws-NK-29dGPcB5CxPwUQt4N3ZVEj USPENSKAYA Olesya Igorevna (fields: dob)"
has text "~ ua_ws-NK-2EmXxXHA4MQNAHPrqJ26Ks Eneya LLC (fields: schema)"
# the reordered alias list of MACKEREL is not a change
grep -q MACKEREL "$T/out" && fail "reordered aliases reported as a change"
[ "$(grep -c '^[-+~] ' "$T/out")" = 10 ] || fail "expected 10 entry lines"

# default id: NEW's base name
expect 1 "default id" -- "$BIN" diff "$OLD" "$NEW"
has "default id" "- new-NK-24triv8hGuc3x6NaoF4Z7b Ketee Co Ltd"

expect 0 "identical" -- "$BIN" diff "$OLD" "$OLD"
has identical "0 added, 0 removed, 0 changed, 19 unchanged"

expect 1 "ignore" -- "$BIN" diff --ignore name,schema "$OLD" "$NEW"
has ignore "2 added, 1 removed, 5 changed, 13 unchanged"

expect 1 "json" -- "$BIN" diff --json --id ua_ws "$OLD" "$NEW"
python3 - "$T/out" <<'EOF' || fail "json shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"] == {"added": 2, "removed": 1, "changed": 7, "unchanged": 11}, d["summary"]
assert [a["source_id"] for a in d["added"]] == ["NK-ZZnewPerson01", "NK-ZZnewVessel02"]
assert d["added"][0]["id"] == "ua_ws-NK-ZZnewPerson01" and d["added"][0]["schema"] == "person"
assert d["removed"][0]["name"] == "Ketee Co Ltd"
ch = {c["source_id"]: c for c in d["changed"]}
assert ch["NK-24ZomtS59XsEEB94Qcqy7S"]["fields"] == ["country", "id"]
assert ch["NK-2BqYpcHUPgg5MQnG9kYAkB"]["fields"] == ["program"]
assert ch["NK-28mqu8V3AzembAmAfehWPd"]["fields"] == ["address"]
assert ch["NK-26nYhY6yPdAQV9U4b9pj3U"]["old_name"] == "Laal Shipping Ltd"
o, n = d["old"]["sources"][0], d["new"]["sources"][0]
assert o["id"] == n["id"] == "ua_ws" and o["format"] == "os_csv"
assert o["records"] == 19 and n["records"] == 20 and n["as_of"] == "2026-03-02"
assert len(o["files"][0]["sha256"]) == 64
EOF

# a manifest directory against a file: the file takes the directory's source id
expect 1 "dir vs file" -- "$BIN" diff --source demo "$FIX/update/seed" "$NEW"
has "dir vs file" "+ demo-NK-ZZnewPerson01 PETRENKO Artem Olegovich"

# errors: exit 2
printf 'id,schema,name\nX1,Person,"Broken\n' >"$T/broken.csv"
expect 2 "broken list" -- "$BIN" diff "$OLD" "$T/broken.csv"
grep -q "broken.csv" "$T/err" || fail "error does not name the file"
expect 2 "missing file" -- "$BIN" diff "$OLD" "$T/nosuch.csv"
expect 2 "one path" -- "$BIN" diff "$OLD"
expect 2 "three paths" -- "$BIN" diff "$OLD" "$NEW" "$NEW"
expect 2 "unknown option" -- "$BIN" diff --frobnicate "$OLD" "$NEW"
expect 2 "unknown field" -- "$BIN" diff --ignore colour "$OLD" "$NEW"
expect 0 "help" -- "$BIN" diff --help
grep -q "Exit status: 0 identical, 1 different, 2 error" "$T/out" || fail "help text"

[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; exit 1; }
echo "cli_diff: ok"
