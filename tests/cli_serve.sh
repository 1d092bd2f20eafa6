#!/bin/sh
# cli_serve.sh - `embargo serve` end to end on loopback: the screening API,
# yente's /match, errors and limits, metrics, OpenAPI, entities, and hot
# reload under load (no request may fail; a broken reload keeps the old db).
set -u
BIN=${EMBARGO_BIN:-build/embargo}
DATA=${EMBARGO_DATA:-data}
FIX=${EMBARGO_FIXTURES:-tests/fixtures}
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
T=$(mktemp -d)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT INT TERM

# start NAME ARGS...: starts a server, sets PORT (stderr in $T/NAME.err)
start() {
    name=$1; shift
    "$BIN" serve --port 0 "$@" 2>"$T/$name.err" &
    PIDS="$PIDS $!"
    LAST_PID=$!
    PORT=""
    i=0
    while [ $i -lt 600 ]; do
        PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/$name.err" | head -1)
        if [ -n "$PORT" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ]; then return 0; fi
        kill -0 "$LAST_PID" 2>/dev/null || break
        sleep 0.1; i=$((i+1))
    done
    echo "server $name did not become ready:"; cat "$T/$name.err"; return 1
}
# req METHOD PATH [curl args...]: body to $T/out, prints the status code
req() {
    m=$1; p=$2; shift 2
    curl -s -o "$T/out" -w '%{http_code}' -X "$m" "$@" "http://127.0.0.1:$PORT$p"
}
expect() { # expect CODE METHOD PATH [curl args]
    want=$1; shift
    got=$(req "$@")
    if [ "$got" = "$want" ]; then ok; else bad "$* -> $got (want $want): $(head -c 300 "$T/out")"; fi
}
pyjson() { python3 -c "import json,sys; d=json.load(open('$T/out')); $1"; }

# A copy of the shipped lists, so that the reload test can break its manifest.
cp -r "$DATA" "$T/data"
printf '{"admin_token":"s3cret","max_body":65536,"max_batch":50,"threads":2}\n' > "$T/config.json"
start main --data "$T/data" --config "$T/config.json" || exit 1
MAIN_PID=$LAST_PID

# --- screening ---
expect 200 GET "/v1/screen?name=Dmitry%20Pantus"
pyjson 'm=d["matches"][0]; assert (m["source"],m["source_id"],m["match"])==("us_ofac_sdn","34779",True), m; assert d["query"]=="Dmitry Pantus"; assert m["explanation"]["alignment"]' && ok || bad "GET /v1/screen Dmitry Pantus top match"
# the server answers the same match objects as the CLI
"$BIN" screen --json --data "$T/data" "Dmitry Pantus" > "$T/cli.json" 2>/dev/null
python3 -c "
import json,sys
a=json.load(open('$T/cli.json'))['matches']; b=json.load(open('$T/out'))['matches']
assert [m['id'] for m in a]==[m['id'] for m in b] and a[0]==b[0], (a[0], b[0])" && ok || bad "server and CLI match objects differ"
expect 200 GET "/v1/screen?name=Dmitry%20Pantus&type=organization&threshold=0.9&limit=3"
pyjson 'assert all(m["schema"]!="person" for m in d["matches"]) and len(d["matches"])<=3 and d["threshold"]==0.9' && ok || bad "type/limit filters"
expect 200 GET "/v1/screen?name=Dmitry%20Pantus&algorithm=ofac"
pyjson 'assert d["algorithm"]=="ofac" and d["threshold"]==0.85' && ok || bad "algorithm=ofac"
expect 200 POST /v1/screen -H 'Content-Type: application/json' \
    -d '{"queries":[{"name":"Dmitry Pantus","dob":"1982-09-06"},{"name":"Sergey Lavrov","type":"person"}],"limit":3}'
pyjson 'r=d["results"]; assert len(r)==2 and r[0]["matches"][0]["id"]=="us_ofac_sdn-34779" and r[1]["matches"][0]["id"]=="us_ofac_sdn-35233", r' && ok || bad "POST /v1/screen batch"

# --- yente /match ---
expect 200 POST /match/default -H 'Content-Type: application/json' \
    -d '{"queries":{"q1":{"schema":"Person","properties":{"name":["Dmitry Pantus"],"birthDate":["1982-09-06"]}}}}'
pyjson '
r=d["responses"]["q1"]; top=r["results"][0]
assert r["status"]==200 and top["id"]=="us_ofac_sdn-34779" and top["match"] is True and top["schema"]=="Person", top
assert top["datasets"]==["us_ofac_sdn"] and "1982-09-06" in top["properties"]["birthDate"] and top["score"]>=0.9
assert r["total"]["relation"]=="eq" and r["query"]["schema"]=="Person" and d["limit"]==5 and "name" in d["matcher"]
assert "dob" in top["features"] and top["explanations"]["name"]["detail"]' && ok || bad "yente /match Dmitry Pantus"
expect 200 POST "/match/us_ofac_sdn?limit=2&threshold=0.95" -d '{"queries":{"a":{"schema":"Company","properties":{"name":"Bank Rossiya"}},"b":{"schema":"Person","properties":{"name":["Sergey Lavrov"]}}}}'
pyjson 'assert set(d["responses"])=={"a","b"} and all(len(v["results"])<=2 for v in d["responses"].values()) and d["responses"]["b"]["results"][0]["id"]=="us_ofac_sdn-35233"' && ok || bad "yente /match two queries"
expect 404 POST /match/no_such_list -d '{"queries":{"a":{"schema":"Person","properties":{"name":"x y"}}}}'
expect 400 POST /match/default -d '{"queries":{"a":{"schema":"Starship","properties":{"name":"x"}}}}'
expect 400 POST "/match/default?bogus=1" -d '{"queries":{"a":{"schema":"Person","properties":{"name":"x"}}}}'

# --- errors and limits ---
expect 400 POST /v1/screen -d '{"queries":[{"name":"x"}'
pyjson 'assert d["error"]["code"]=="invalid_json" and d["error"]["message"]' && ok || bad "malformed JSON error body"
expect 400 POST /v1/screen -d '{"queries":[{"name":42}]}'
expect 400 POST /v1/screen -d '{"queries":"Dmitry"}'
expect 400 POST /v1/screen -d '[1,2]'
expect 400 GET "/v1/screen?name=Dmitry&colour=blue"
pyjson 'assert d["error"]["code"]=="unknown_parameter"' && ok || bad "unknown parameter code"
expect 400 GET "/v1/screen?name="
expect 400 GET "/v1/screen?name=a&threshold=2"
expect 400 GET "/v1/screen?name=a&limit=0"
expect 400 GET "/v1/screen?name=a&dob=06.09.1982"
expect 400 GET "/v1/screen?name=a&name=b"
expect 400 GET "/v1/screen?name=$(python3 -c 'print("A"*600)')"
python3 -c 'import json; print(json.dumps({"queries":[{"name":"A"*100}]*1000}))' > "$T/big.json"
expect 413 POST /v1/screen -H 'Content-Type: application/json' --data-binary "@$T/big.json"
python3 -c 'import json; print(json.dumps({"queries":[{"name":"Ann Lee"}]*51}))' > "$T/batch.json"
expect 413 POST /v1/screen --data-binary "@$T/batch.json"
pyjson 'assert d["error"]["code"]=="batch_too_large"' && ok || bad "batch limit code"
expect 404 GET /v1/nothing
expect 405 DELETE /v1/screen
# --- scanning text ---
expect 200 POST /v1/scan -d '{"text":"The transfer went to Dmitry Pantus in Minsk on Monday."}'
pyjson 'm=[x for x in d["mentions"] if x["match"]]; assert m and all(x["party"]=="us_ofac_sdn-34779" for x in m), d; assert d["alerts"]==len(m); x=m[0]; assert (x["start"],x["end"],x["text"])==(21,34,"Dmitry Pantus"), x' && ok || bad "POST /v1/scan finds Dmitry Pantus with offsets"
# every text fixture: the same mentions as `embargo scan --json`; the
# acceptance article's three parties found with match true
for DOC in "$FIX"/docs/*.txt; do
    python3 -c "import json,sys; print(json.dumps({'text': open(sys.argv[1], encoding='utf-8').read()}))" "$DOC" > "$T/doc.json"
    expect 200 POST /v1/scan --data-binary "@$T/doc.json"
    "$BIN" scan --json --data "$T/data" "$DOC" > "$T/scan_cli.json" 2>/dev/null
    python3 -c "
import json
a=json.load(open('$T/scan_cli.json'))['mentions']; b=json.load(open('$T/out'))['mentions']
assert a==b, (len(a), len(b))" && ok || bad "POST /v1/scan and embargo scan --json differ on $DOC"
    case "$DOC" in *iran-belarus*)
        pyjson 'p={m["party"] for m in d["mentions"] if m["match"]}; assert {"us_ofac_sdn-34779","us_ofac_sdn-34778","us_ofac_sdn-35233"} <= p, p' && ok || bad "POST /v1/scan: the article's three parties";;
    esac
done
expect 200 POST /v1/scan -d '{"text":"Dmitry Pantus","source":"un_sc"}'
pyjson 'assert d["mentions"]==[] and d["alerts"]==0' && ok || bad "POST /v1/scan source filter"
expect 200 POST /v1/scan -d '{"text":""}'
pyjson 'assert d["mentions"]==[]' && ok || bad "POST /v1/scan empty text"
expect 400 POST /v1/scan -d '{"txt":"Dmitry Pantus"}'
pyjson 'assert d["error"]["code"]=="unknown_field"' && ok || bad "POST /v1/scan unknown field code"
expect 400 POST /v1/scan -d '{"text":42}'
expect 400 POST /v1/scan -d '{"text":"x","threshold":1.5}'
expect 400 POST /v1/scan -d 'not json'
expect 400 POST "/v1/scan?threshold=0.5" -d '{"text":"x"}'
expect 405 GET /v1/scan

# --- lists, entities, health, metrics, openapi, web page ---
expect 200 GET /v1/lists
pyjson 's={x["id"]:x for x in d["sources"]}; assert s["us_ofac_sdn"]["as_of"]=="2024-05-03" and s["us_ofac_sdn"]["records"]>10000 and s["us_ofac_sdn"]["age_days"]>0 and len(d["index"]["version"])==16' && ok || bad "/v1/lists"
expect 200 GET /v1/entities/us_ofac_sdn-34779
pyjson 'assert d["name"]=="PANTUS, Dmitry Aleksandrovich" and any(l["id"]=="us_ofac_sdn-34779" for l in d["listings"]) and d["attributes"]["dob"]==["1982-09-06"]' && ok || bad "entity record"
expect 404 GET /v1/entities/us_ofac_sdn-0
expect 200 GET /healthz
expect 200 GET /openapi.json
pyjson 'assert d["openapi"].startswith("3.") and {"/v1/screen","/match/{dataset}","/v1/lists","/v1/entities/{id}","/metrics","/admin/reload","/v1/scan","/healthz","/readyz"} <= set(d["paths"])' && ok || bad "openapi.json"
expect 200 GET /
grep -q 'id="q"' "$T/out" && ok || bad "web page"
expect 200 GET /app.js
expect 200 GET /metrics
grep -q 'embargo_http_requests_total{endpoint="screen",status="200"} [1-9]' "$T/out" && ok || bad "metrics: screen 200 counter"
grep -q 'embargo_http_requests_total{endpoint="screen",status="400"} [1-9]' "$T/out" && ok || bad "metrics: screen 400 counter"
grep -q 'embargo_http_request_duration_seconds_bucket{endpoint="screen",le="+Inf"}' "$T/out" && ok || bad "metrics: histogram"
grep -q 'embargo_list_age_days{source="us_ofac_sdn",as_of="2024-05-03"} [0-9]' "$T/out" && ok || bad "metrics: list age"
grep -q 'embargo_index_info{version="' "$T/out" && ok || bad "metrics: index version"

# --- reload ---
expect 401 POST /admin/reload
expect 401 POST /admin/reload -H 'Authorization: Bearer wrong'
# load in the background (4 keep-alive clients, until the reloads are done,
# at most 50000 requests) while reloading several times
cat > "$T/load.py" <<'EOF'
import http.client, json, os, sys, threading
port, n, out, stop = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
names = ["Dmitry Pantus", "Sergey Lavrov", "Bank Rossiya", "Jane Gardener"]
failed, done, lock = [], [0], threading.Lock()
def worker(k):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(k, n, 4):
        if i >= 400 and os.path.exists(stop): break
        try:
            c.request("GET", "/v1/screen?name=" + names[i % 4].replace(" ", "%20"))
            r = c.getresponse(); body = r.read()
            ok = r.status == 200 and "matches" in json.loads(body)
            if names[i % 4] == "Dmitry Pantus": ok = ok and json.loads(body)["matches"][0]["id"] == "us_ofac_sdn-34779"
        except Exception as e:
            ok = False; body = repr(e).encode()
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        with lock:
            done[0] += 1
            if not ok: failed.append(body[:200])
ts = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
for t in ts: t.start()
for t in ts: t.join()
open(out, "w").write("%d %d %s\n" % (done[0], len(failed), failed[:3]))
EOF
python3 "$T/load.py" "$PORT" 50000 "$T/load.out" "$T/stop" &
LOAD=$!
for k in 1 2 3; do
    expect 200 POST /admin/reload -H 'Authorization: Bearer s3cret'
done
touch "$T/stop"
wait $LOAD
read n_done n_failed rest < "$T/load.out"
echo "reload under load: $n_done requests, $n_failed failed"
[ "$n_done" -ge 400 ] && [ "$n_failed" = 0 ] && ok || bad "reload under load: $(cat "$T/load.out")"
expect 200 GET /readyz
pyjson 'assert d["generation"]==4' && ok || bad "generation after 3 reloads: $(cat "$T/out")"
# SIGHUP reloads too
kill -HUP "$MAIN_PID"
i=0; while [ $i -lt 1800 ] && ! grep -q 'SIGHUP reload done' "$T/main.err"; do sleep 0.1; i=$((i+1)); done
grep -q 'SIGHUP reload done' "$T/main.err" && ok || bad "SIGHUP reload"
# a broken manifest: refused with the reason, the old lists keep serving
echo '{"sources": [' > "$T/data/manifest.json"
expect 500 POST /admin/reload -H 'Authorization: Bearer s3cret'
pyjson 'assert d["error"]["code"]=="reload_failed" and "manifest" in d["error"]["message"]' && ok || bad "bad reload reason: $(cat "$T/out")"
expect 200 GET "/v1/screen?name=Dmitry%20Pantus"
pyjson 'assert d["matches"][0]["id"]=="us_ofac_sdn-34779"' && ok || bad "old db after a failed reload"
kill -HUP "$MAIN_PID"
i=0; while [ $i -lt 1800 ] && ! grep -q 'SIGHUP reload failed' "$T/main.err"; do sleep 0.1; i=$((i+1)); done
grep -q 'SIGHUP reload failed' "$T/main.err" && ok || bad "SIGHUP bad reload logged"
expect 200 GET /metrics
grep -q 'embargo_reloads_total{result="error"} 2' "$T/out" && ok || bad "metrics: failed reloads"
grep -q 'GET /v1/screen 200 [0-9]*us' "$T/main.err" && ok || bad "request log line"

# --- a small server without admin token: reload is 403; --quiet logs nothing ---
start small --no-default-lists --list "$FIX/un_sc.excerpt.xml" --quiet || exit 1
expect 403 POST /admin/reload
expect 200 GET "/v1/lists"
pyjson 'assert [s["id"] for s in d["sources"]]==["un_sc"]' && ok || bad "small server lists"
grep -q 'GET /v1/lists' "$T/small.err" && bad "--quiet still logs" || ok
# --- the result cache: a repeated request is answered from it, byte for
# byte; another request or a reload is not ---
EMBARGO_ADMIN_TOKEN=c4che start cached --no-default-lists --list "$FIX/un_sc.excerpt.xml" --quiet --cache 16 --threads 2 || exit 1
expect 200 GET "/v1/screen?name=Dmitry%20Pantus&limit=3"; cp "$T/out" "$T/c1"
expect 200 GET "/v1/screen?name=Dmitry%20Pantus&limit=3"; cp "$T/out" "$T/c2"
expect 200 GET "/v1/screen?limit=3&name=Dmitry%20Pantus"
expect 200 POST /v1/screen -d '{"queries":[{"name":"Sergey Lavrov"}]}'; cp "$T/out" "$T/p1"
expect 200 POST /v1/screen -d '{"queries":[{"name":"Sergey Lavrov"}]}'
cmp -s "$T/c1" "$T/c2" && cmp -s "$T/p1" "$T/out" && ok || bad "cached response differs from the computed one"
expect 200 GET /metrics
grep -q '^embargo_cache_hits_total 2$' "$T/out" && grep -q '^embargo_cache_misses_total 3$' "$T/out" && ok || bad "cache counters: $(grep cache_ "$T/out" | tr '\n' ' ')"
expect 200 POST /admin/reload -H 'Authorization: Bearer c4che'
expect 200 GET "/v1/screen?name=Dmitry%20Pantus&limit=3"
cmp -s "$T/c1" "$T/out" && ok || bad "response after reload differs"
expect 200 GET /metrics
grep -q '^embargo_cache_hits_total 2$' "$T/out" && grep -q '^embargo_cache_misses_total 4$' "$T/out" && ok || bad "a reload must empty the cache: $(grep cache_ "$T/out" | tr '\n' ' ')"

# a config file with an unknown key is refused at start
printf '{"colour":"blue"}' > "$T/badconf.json"
"$BIN" serve --port 0 --config "$T/badconf.json" --no-default-lists --list "$FIX/un_sc.excerpt.xml" 2>"$T/bc.err"
[ $? = 2 ] && grep -q 'unknown key' "$T/bc.err" && ok || bad "bad config accepted"

echo "cli_serve: $pass passed, $fail failed"
[ $fail = 0 ]
