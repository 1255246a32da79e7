#!/usr/bin/env bash
# Load on `newsgraph serve` with Debian's wrk, on loopback and bounded in time:
# the search and article endpoints at 64 connections for 30 s each, on a large
# database of distinct synthetic articles (tests/store_corpus.py), with the
# server's RSS sampled every second. Prints wrk's latency percentiles, errors,
# and the RSS at the start and end of each run.
#
#   bash bench/serve.sh [path/to/newsgraph]
#   BENCH_SERVE_ARTICLES=N   articles (default 100000); the database is kept
#                            in build/bench/serve/ and reused
#   BENCH_SERVE_SECONDS=S    seconds per endpoint (default 30)
#   BENCH_SERVE_CONNECTIONS=C (default 64)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$REPO/build/newsgraph}
N=${BENCH_SERVE_ARTICLES:-100000}
SECS=${BENCH_SERVE_SECONDS:-30}
CONNS=${BENCH_SERVE_CONNECTIONS:-64}
OUT=$REPO/build/bench/serve
DB=$OUT/large-$N.db
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "bench/serve: no wrk (apt-get install wrk)"; exit 1; }
if [ ! -f "$DB.done" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    python3 "$REPO/tests/store_corpus.py" "$N" 11 > "$OUT/large.jsonl"
    nice "$BIN" ingest -q -j 2 --max-size 2G --db "$DB" "$OUT/large.jsonl"
    touch "$DB.done" && rm -f "$OUT/large.jsonl"
fi
"$BIN" serve --db "$DB" --port 0 --threads 4 2> "$OUT/serve.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
port=
for _ in $(seq 100); do
    port=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$OUT/serve.log"); [ -n "$port" ] && break; sleep 0.1
done
base=http://127.0.0.1:$port
# A word of the corpus for the search and one article id.
word=$(curl -s "$base/api/v1/search?per_page=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["title"].split()[0])')
article=$(curl -s "$base/api/v1/search?per_page=1&page=500" | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["article"])')
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
for target in "search?q=$word" "articles/$article"; do
    : > "$OUT/rss.txt"
    ( while kill -0 $pid 2>/dev/null; do rss >> "$OUT/rss.txt"; sleep 1; done ) &
    sampler=$!
    echo "== GET /api/v1/$target: $CONNS connections, ${SECS}s"
    wrk -t 2 -c "$CONNS" -d "${SECS}s" --latency "$base/api/v1/$target" | sed -n '/Latency Distribution/,$p'
    kill $sampler; wait $sampler 2>/dev/null || true
    echo "server RSS (kB): first $(head -1 "$OUT/rss.txt"), last $(tail -1 "$OUT/rss.txt"), max $(sort -n "$OUT/rss.txt" | tail -1) over $(wc -l < "$OUT/rss.txt") samples"
done
non200=$(grep -c '" [^2][0-9][0-9] ' "$OUT/serve.log" || true)
echo "requests not answered 2xx in the access log: $non200"
