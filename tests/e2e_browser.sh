#!/bin/sh
# e2e_browser.sh - the analyst page in a real browser (system chromium driven
# by playwright-core): starts `embargo serve` on a free loopback port, runs
# tests/e2e/screen.mjs, leaves a screenshot in the build directory.
set -u
BIN=${EMBARGO_BIN:-build/embargo}
SRC=${EMBARGO_SRC:-.}
E2E="$SRC/tests/e2e"
OUTDIR=$(dirname "$BIN")
for tool in node npm; do
    command -v $tool >/dev/null || { echo "e2e_browser: $tool is not installed (deps.txt)"; exit 1; }
done
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "e2e_browser: chromium is not installed (deps.txt)"; exit 1; }
if [ ! -d "$E2E/node_modules/playwright-core" ]; then
    (cd "$E2E" && npm install --no-audit --no-fund) || { echo "e2e_browser: npm install failed"; exit 1; }
fi
T=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM
"$BIN" serve --port 0 --quiet 2>"$T/err" &
PID=$!
PORT=""
i=0
while [ $i -lt 600 ]; do
    PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/err" | head -1)
    [ -n "$PORT" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ] && break
    kill -0 "$PID" 2>/dev/null || { cat "$T/err"; exit 1; }
    sleep 0.1; i=$((i+1))
done
[ -n "$PORT" ] || { echo "e2e_browser: server not ready"; cat "$T/err"; exit 1; }
node "$E2E/screen.mjs" "http://127.0.0.1:$PORT/" "$OUTDIR/e2e_screen.png"
