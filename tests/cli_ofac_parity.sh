#!/bin/sh
# cli_ofac_parity.sh - `embargo compare --algorithm ofac --pairs` against the
# scores OFAC's own Sanctions List Search reported (tests/fixtures/ofac_parity.csv):
# within 5 points on at least 95% of the scored rows.
set -u
BIN=${EMBARGO_BIN:-build/embargo}
FIX=${EMBARGO_FIXTURES:-tests/fixtures}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
sed '1s/query_name,result_name/name1,name2/' "$FIX/ofac_parity.csv" > "$T/pairs.csv"
"$BIN" compare --algorithm ofac --no-default-lists --pairs "$T/pairs.csv" > "$T/out" || { echo "FAIL: compare exit $?"; exit 1; }
python3 - "$T/out" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if float(r["ofac_score"]) >= 0]
close = sum(abs(float(r["score"]) * 100 - float(r["ofac_score"])) <= 5 for r in rows)
share = close / len(rows)
print(f"{close}/{len(rows)} within 5 points ({share:.3f})")
ok = len(rows) == 164 and share >= 0.95
print(f"{int(ok)} passed, {int(not ok)} failed")
sys.exit(0 if ok else 1)
PY
