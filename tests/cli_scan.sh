#!/bin/sh
# cli_scan.sh - the command-line contract of `embargo scan`: exit codes,
# JSON shape with OFAC ids, HTML input, stdin, invalid UTF-8, usage errors.
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
# alerts JSONFILE -> sorted "source source_id" of the mentions with match true
alerts() { python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
print(" ".join(sorted(set(m["source"]+":"+m["source_id"] for m in d["mentions"] if m["match"] and m["source"]=="us_ofac_sdn"))))' "$1"; }
# other_alerts JSONFILE -> alerts on other lists that are not listings of the
# article's three parties (UK, Australian and CSL listings of the same parties)
other_alerts() { python3 -c '
import json,sys
same={"us_trade_csl:34778","us_trade_csl:34779","us_trade_csl:35233","uk_ofsi:15011","uk_ofsi:15037","uk_ofsi:14197","au_dfat:6663","au_dfat:6679"}
d=json.load(open(sys.argv[1]))
print(" ".join(sorted(set(k for k in (m["source"]+":"+m["source_id"] for m in d["mentions"] if m["match"] and m["source"]!="us_ofac_sdn") if k not in same))))' "$1"; }

# the acceptance article: exactly the three listed parties alert
expect_exit 1 "$BIN" scan --json "$FIX/docs/iran-belarus-military-ties-2025-10.txt"
[ "$(alerts "$T/out")" = "us_ofac_sdn:34778 us_ofac_sdn:34779 us_ofac_sdn:35233" ] && ok || bad "article alerts: $(alerts "$T/out")"
[ -z "$(other_alerts "$T/out")" ] && ok || bad "article: alerts for other parties: $(other_alerts "$T/out")"
python3 -c '
import json,sys
d=json.load(open(sys.argv[1])); t=open(sys.argv[2],"rb").read()
for m in d["mentions"]:
    assert t[m["start"]:m["end"]].decode() == m["text"], m
    for k in ("id","source","source_id","name","score","match","via"): assert k in m, k
' "$T/out" "$FIX/docs/iran-belarus-military-ties-2025-10.txt" && ok || bad "offsets do not point at the mention text"

# text mode: highlighted in its sentence (not a tty: guillemets)
expect_exit 1 "$BIN" scan "$FIX/docs/iran-belarus-military-ties-2025-10.txt"
grep -q "»Dmitry Pantus«, head of the Belarus" "$T/out" && ok || bad "text mode highlight"

# no listed party: exit 0
expect_exit 0 "$BIN" scan --json "$FIX/docs/no-listed-party.txt"
[ -z "$(alerts "$T/out")" ] && ok || bad "no-listed-party alerts: $(alerts "$T/out")"

# HTML (guessed from the name, and forced), and from standard input
expect_exit 1 "$BIN" scan --json "$FIX/docs/page.html"
[ "$(alerts "$T/out")" = "us_ofac_sdn:34778 us_ofac_sdn:34779 us_ofac_sdn:35233" ] && ok || bad "html alerts: $(alerts "$T/out")"
python3 -c '
import json,sys
d=json.load(open(sys.argv[1])); doc=d["document"].encode()
assert d["format"]=="html"
for m in d["mentions"]: assert doc[m["start"]:m["end"]].decode()==m["text"], m
' "$T/out" && ok || bad "html offsets refer to the extracted document"
expect_exit 1 sh -c "\"$BIN\" scan --html --json - < \"$FIX/docs/page.html\""
[ "$(alerts "$T/out")" = "us_ofac_sdn:34778 us_ofac_sdn:34779 us_ofac_sdn:35233" ] && ok || bad "stdin html alerts"

# payment remarks
expect_exit 1 "$BIN" scan --json "$FIX/docs/payment-remarks.txt"
alerts "$T/out" | grep -q "us_ofac_sdn:34779" && alerts "$T/out" | grep -q "us_ofac_sdn:12927" && ok || bad "payment alerts: $(alerts "$T/out")"

# a higher threshold silences the fuzzy organization match
expect_exit 1 "$BIN" scan --json --threshold 0.95 "$FIX/docs/iran-belarus-military-ties-2025-10.txt"
# at 0.95 Pantus (0.99) and Lavrov (his alias "LAVROV, Sergey") stay
[ "$(alerts "$T/out")" = "us_ofac_sdn:34779 us_ofac_sdn:35233" ] && ok || bad "threshold 0.95: $(alerts "$T/out")"

# empty file: no mentions, exit 0
: > "$T/empty.txt"
expect_exit 0 "$BIN" scan --json "$T/empty.txt"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["mentions"]==[]' "$T/out" && ok || bad "empty json"

# invalid UTF-8: read leniently with a warning; offsets are the file's bytes
printf 'Payment \377 to Dmitry Pantus \300 ok' > "$T/bad.txt"
expect_exit 1 "$BIN" scan --json "$T/bad.txt"
grep -q "not valid UTF-8" "$T/err" && ok || bad "invalid UTF-8 warning"
python3 -c '
import json,sys
d=json.load(open(sys.argv[1])); m=[x for x in d["mentions"] if x["source_id"]=="34779"][0]
assert (m["start"],m["end"])==(13,26), m' "$T/out" && ok || bad "offsets with invalid bytes"

# usage errors: exit 2
expect_exit 2 "$BIN" scan
expect_exit 2 "$BIN" scan --bogus x.txt
expect_exit 2 "$BIN" scan "$T/does-not-exist.txt"
expect_exit 2 "$BIN" scan --threshold 3 "$T/empty.txt"
expect_exit 2 "$BIN" scan a.txt b.txt
expect_exit 0 "$BIN" scan --help
grep -q "UTF-8" "$T/out" && ok || bad "help documents UTF-8 handling"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
