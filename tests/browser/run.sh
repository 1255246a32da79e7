#!/usr/bin/env bash
# Browser tests of `newsgraph serve`'s web UI (issue 15): builds a store from
# samples/, tests/store/*.txt, a hostile article (and ../shared/seed when
# present), starts serve on a free loopback port and drives Debian's chromium
# headless with playwright-core (tests/browser/ui.test.mjs). Screenshots go to
# build/browser/. Skips, saying why, without chromium or playwright-core
# (npm ci --prefix tests/browser installs it).
# usage: tests/browser/run.sh [path/to/newsgraph]
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-build/newsgraph}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then echo "browser tests: SKIPPED (no chromium; apt-get install chromium)"; exit 0; fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
    echo "browser tests: SKIPPED (no playwright-core; npm ci --prefix tests/browser)"; exit 0
fi
out=build/browser
rm -rf "$out" && mkdir -p "$out"
inputs=(samples tests/store/*.txt tests/browser/hostile.jsonl tests/browser/dated.jsonl)
[ -d ../shared/seed ] && inputs+=(../shared/seed)
"$BIN" ingest -q --db "$out/ui.db" "${inputs[@]}"
"$BIN" serve --db "$out/ui.db" --port 0 2> "$out/serve.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
port=
for _ in $(seq 50); do
    port=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$out/serve.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "browser tests: serve did not start"; cat "$out/serve.log"; exit 1; }
timeout 180 node tests/browser/ui.test.mjs "http://127.0.0.1:$port" "$CHROMIUM" "$out"
kill -TERM $pid && wait $pid
trap - EXIT
echo "browser tests: serve stopped cleanly on SIGTERM"
