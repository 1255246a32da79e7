#!/usr/bin/env bash
# newsgraph serve: the API's endpoints on a store of the samples and the
# store tests' articles, then malformed and hostile requests (tests/serve_client.py):
# each gets a 4xx and the server keeps serving; SIGTERM stops it with status 0.
# usage: tests/cli_serve.sh path/to/newsgraph
set -euo pipefail
BIN=${1:-build/newsgraph}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$BIN" ingest -q --db "$tmp/s.db" samples tests/store/*.txt tests/browser/hostile.jsonl tests/browser/dated.jsonl

# Options: loopback only unless --allow-remote; a missing database is refused.
if "$BIN" serve --db "$tmp/s.db" --bind 0.0.0.0 --port 0 2>"$tmp/err"; then echo "FAIL: served 0.0.0.0 without --allow-remote"; exit 1; fi
grep -q "allow-remote" "$tmp/err" || { echo "FAIL: no --allow-remote hint"; cat "$tmp/err"; exit 1; }
if "$BIN" serve --db "$tmp/none.db" --port 0 2>"$tmp/err"; then echo "FAIL: served a missing database"; exit 1; fi
if "$BIN" serve --db "$tmp/s.db" --port 99999 2>/dev/null; then echo "FAIL: took port 99999"; exit 1; fi

"$BIN" serve --db "$tmp/s.db" --port 0 --threads 2 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: serve did not start"; cat "$tmp/log"; exit 1; }
python3 tests/serve_client.py "$port"
# The database was opened read-only: the file is as ingest left it.
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
pid=
[ "$rc" -eq 0 ] || { echo "FAIL: serve exited $rc on SIGTERM"; tail "$tmp/log"; exit 1; }
grep -q '"GET /api/v1/search" 200' "$tmp/log" || { echo "FAIL: no access log line"; exit 1; }
echo "serve: stopped with status 0 on SIGTERM; $(grep -c '" [0-9][0-9][0-9] ' "$tmp/log") access log lines"
echo "cli_serve: all passed"
