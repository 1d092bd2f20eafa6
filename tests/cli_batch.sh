#!/bin/sh
# cli_batch.sh - `embargo batch`: input forms (lines, CSV with header, JSON
# lines), output in input order, one error object per bad line, exit codes.
set -u
BIN=${EMBARGO_BIN:-build/embargo}
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

# plain lines, with an empty line, an invalid UTF-8 line and an over-long line
{
    printf 'Dmitry Pantus\n\nJane Q. Gardener\n'
    printf 'bad \377 name\n'
    python3 -c 'print("x" * 3000)'
    printf 'Sergey Lavrov\n'
} > "$T/names.txt"
"$BIN" batch --threads 2 "$T/names.txt" > "$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 3 ] && ok || bad "exit $rc (want 3: some lines failed)"
python3 - "$T/out" <<'PY' && ok || bad "plain lines output"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["line"] for r in rows] == [1, 2, 3, 4, 5, 6], [r["line"] for r in rows]
assert rows[0]["matches"][0]["source_id"] == "34779" and rows[0]["matches"][0]["match"]
assert "error" in rows[1] and "empty" in rows[1]["error"]
assert not any(m["match"] for m in rows[2]["matches"])
assert "error" in rows[3] and "UTF-8" in rows[3]["error"]
assert "error" in rows[4] and "long" in rows[4]["error"]
assert rows[5]["matches"][0]["source_id"] == "35233"
PY

# CSV with a header: evidence columns are used
printf 'name,type,dob,country,id\n"PANTUS, Dmitry",person,1982-09-06,Belarus,\nJane Q. Gardener,person,,,\n' > "$T/in.csv"
"$BIN" batch "$T/in.csv" > "$T/out" 2>/dev/null; rc=$?
[ "$rc" = 1 ] && ok || bad "csv exit $rc (want 1)"
python3 - "$T/out" <<'PY' && ok || bad "csv output"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["line"] for r in rows] == [2, 3], rows
assert rows[0]["query"] == "PANTUS, Dmitry" and rows[0]["matches"][0]["match"]
PY

# JSON lines
printf '{"name":"Sergey Lavrov","type":"person"}\n{"nom":"x"}\n' > "$T/in.jsonl"
"$BIN" batch - < "$T/in.jsonl" > "$T/out" 2>/dev/null; rc=$?
[ "$rc" = 3 ] && ok || bad "jsonl exit $rc (want 3)"
python3 - "$T/out" <<'PY' && ok || bad "jsonl output"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows[0]["matches"][0]["source_id"] == "35233" and "error" in rows[1]
PY

# only clean lines, no alert: exit 0; missing file: exit 2
printf 'Jane Q. Gardener\n' | "$BIN" batch > /dev/null 2>&1; rc=$?
[ "$rc" = 0 ] && ok || bad "clean exit $rc (want 0)"
"$BIN" batch "$T/does-not-exist.txt" > /dev/null 2>&1; rc=$?
[ "$rc" = 2 ] && ok || bad "missing file exit $rc (want 2)"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
