#!/bin/sh
# cli_screen.sh - the command-line contract of screen / compare / lists on
# the shipped lists (the foundation's acceptance checks).
set -u
BIN=${EMBARGO_BIN:-build/embargo}
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

# expect_exit CODE CMD...
expect_exit() {
    want=$1; shift
    "$@" >"$T/out" 2>"$T/err"; got=$?
    if [ "$got" = "$want" ]; then ok; else bad "exit $got (want $want): $*"; cat "$T/err"; fi
}
# top_id JSONFILE -> "source source_id" of the first match
top() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m=d["matches"]; print(m[0]["source"], m[0]["source_id"], m[0]["match"]) if m else print("none")' "$1"; }
in_top() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); n=int(sys.argv[3]); print(any(m["source"]+" "+m["source_id"]==sys.argv[2] for m in d["matches"][:n]))' "$1" "$2" "$3"; }

expect_exit 1 "$BIN" screen --json "Dmitry Pantus"
[ "$(top "$T/out")" = "us_ofac_sdn 34779 True" ] && ok || bad "Dmitry Pantus top: $(top "$T/out")"
expect_exit 1 "$BIN" screen --json "Дмитрий Пантус"
[ "$(in_top "$T/out" "us_ofac_sdn 34779" 3)" = True ] && ok || bad "Дмитрий Пантус not in top 3"
expect_exit 1 "$BIN" screen --json "Sergey Lavrov"
[ "$(top "$T/out")" = "us_ofac_sdn 35233 True" ] && ok || bad "Sergey Lavrov top: $(top "$T/out")"
expect_exit 1 "$BIN" screen --json "Mohammed Reza Naserzadeh"
[ "$(top "$T/out")" = "us_ofac_sdn 47248 True" ] && ok || bad "Naserzadeh top: $(top "$T/out")"
expect_exit 0 "$BIN" screen "Jane Q. Gardener"
expect_exit 0 "$BIN" screen --json "Jane Q. Gardener"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["threshold"]>0 and all(not m["match"] for m in d["matches"])' "$T/out" && ok || bad "Jane Q. Gardener json"

# one party, many listings: Pantus on the OFAC, UK and Australian lists
expect_exit 1 "$BIN" screen --json "Dmitry Pantus"
python3 -c '
import json,sys
m=json.load(open(sys.argv[1]))["matches"]
p={x["source"]+" "+x["source_id"]:x["party"] for x in m}
ofac=p["us_ofac_sdn 34779"]
assert p.get("uk_ofsi 15011")==ofac and p.get("au_dfat 6663")==ofac, p
' "$T/out" && ok || bad "Pantus listings not tied to one party"
expect_exit 1 "$BIN" screen "Dmitry Pantus"
grep -A6 "PANTUS" "$T/out" | grep -q "uk_ofsi" && grep -A6 "PANTUS" "$T/out" | grep -q "au_dfat" && ok || bad "text mode: one party with its listings"
# the Belarus state military-industrial committee: UK RUS1094 (group 15037) and OFAC 34778
expect_exit 1 "$BIN" screen --json "STATE MILITARY-INDUSTRIAL COMMITTEE OF THE REPUBLIC OF BELARUS"
python3 -c '
import json,sys
m={x["source"]+" "+x["source_id"]:x for x in json.load(open(sys.argv[1]))["matches"]}
assert m["us_ofac_sdn 34778"]["match"] and m["uk_ofsi 15037"]["match"], list(m)
' "$T/out" && ok || bad "SMIC: OFAC 34778 and UK 15037 (RUS1094)"

# compare
s=$("$BIN" compare "Vladimir Putin" "PUTIN, Vladimir Vladimirovich" 2>/dev/null)
python3 -c "import sys; sys.exit(0 if float('$s') >= 0.80 else 1)" && ok || bad "Putin compare $s"
s=$("$BIN" compare "John Smith" "Ivan Petrov" 2>/dev/null)
python3 -c "import sys; sys.exit(0 if float('$s') < 0.4 else 1)" && ok || bad "Smith/Petrov compare $s"
printf 'name1,name2\n"Vladimir Putin","PUTIN, Vladimir Vladimirovich"\nJohn Smith,Ivan Petrov\n' > "$T/pairs.csv"
expect_exit 0 "$BIN" compare --pairs "$T/pairs.csv"
[ "$(head -1 "$T/out")" = "name1,name2,score" ] && [ "$(wc -l < "$T/out")" = 3 ] && ok || bad "compare --pairs output"

# lists: every row of sdn.csv is loaded or skipped
expect_exit 0 "$BIN" lists --json
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
s={x["id"]:x for x in d["sources"]}
assert s["us_ofac_sdn"]["records"]+s["us_ofac_sdn"]["skipped"]==14965, s["us_ofac_sdn"]
for k in ("us_ofac_sdn","us_ofac_cons","un_sc"):
    assert s[k]["as_of"] and s[k]["files"] and len(s[k]["files"][0]["sha256"])==64, k
' "$T/out" && ok || bad "lists --json counts"

# bad input: exit 2 with a clear message
expect_exit 2 "$BIN" screen ""
expect_exit 2 "$BIN" screen --bogus "x"
expect_exit 2 "$BIN" screen "$(printf 'bad \377 utf8')"
grep -q "UTF-8" "$T/err" && ok || bad "invalid UTF-8 message"
expect_exit 2 "$BIN" screen --threshold 2 "x"
printf 'id,schema,name\nX1,Person,John Doe\nX2,Person,"Broken\n' > "$T/bad.csv"
expect_exit 2 "$BIN" screen --no-default-lists --list "$T/bad.csv" "John Doe"
grep -q "bad.csv" "$T/err" && grep -q "line 3" "$T/err" && ok || bad "malformed list message: $(cat "$T/err")"

# --list with --no-default-lists: source_id is the file's id column
printf 'id,schema,name,aliases\nC-1,Person,Vasily Testovsky,Basil Testov\n' > "$T/custom.csv"
expect_exit 1 "$BIN" screen --json --no-default-lists --list "$T/custom.csv" "Vasily Testovsky"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m=d["matches"][0]; assert m["source_id"]=="C-1" and m["source"]=="custom", m' "$T/out" && ok || bad "custom list"

# --help everywhere
for c in screen compare lists batch; do expect_exit 0 "$BIN" $c --help; done
expect_exit 0 "$BIN" --version

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
