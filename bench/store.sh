#!/usr/bin/env bash
# The store's bench (`make bench` runs it after bench/run.sh):
#   1. ingest throughput against `extract` to /dev/null, with the same -j, on the
#      bench corpus (news-sub of bench/corpus.py when ../shared is there, else a
#      synthetic corpus from tests/store_corpus.py), and again at -j 1 when
#      -j is more than 1;
#   2. the database's size against the JSON Lines of the same corpus;
#   3. p50/p95 latency of filtered queries (entity, place, date range) on a large
#      database of distinct synthetic articles (bench/store_query.c).
#
#   bash bench/store.sh [path/to/newsgraph]
#   BENCH_STORE_JOBS=N          -j for both (default 2)
#   BENCH_STORE_ARTICLES=N      articles in the large database (default 100000;
#                               0 skips part 3). The database is kept in
#                               build/bench/store/ and reused while N is the same.
# Results: build/bench/store/store.md. Machines are noisy: the best of three
# interleaved runs is taken for each, and nothing is asserted.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$REPO/build/newsgraph}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
SHARED=${SHARED:-$REPO/../shared}
OUT=$REPO/build/bench/store
JOBS=${BENCH_STORE_JOBS:-2}
LARGE=${BENCH_STORE_ARTICLES:-100000}
QUERY=$(dirname "$BIN")/store_query
mkdir -p "$OUT"
MODELS=$(dirname "$BIN")/models
OPTS=(-q --gazetteer "$REPO/data/gazetteer.bin")
[ -f "$MODELS/ner.bin" ] && OPTS+=(--models "$MODELS")

if [ -d "$SHARED/data/news-html-corpus" ]; then
  CORPUS=$(python3 "$REPO/bench/corpus.py" "$SHARED/data" "$REPO/build/bench/corpus" | awk -F'\t' '$1 == "news-sub" {print $2}')
  NAME="news-sub ($(ls "$CORPUS" | wc -l) HTML pages)"
else
  CORPUS=$OUT/synthetic.jsonl
  python3 "$REPO/tests/store_corpus.py" 3000 5 > "$CORPUS"
  NAME="synthetic (3000 articles, tests/store_corpus.py)"
fi

calc() { python3 -c "print($1)"; }
now() { date +%s.%N; }
# One timed run: "wall cpu" seconds (cpu = user + sys of every thread).
timed() {
  /usr/bin/time -f "%e %U %S" -o "$OUT/time.txt" "$@" > /dev/null 2>"$OUT/last.err" || true
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$OUT/time.txt"
}

# Three rounds, extract and ingest one after the other in each (the machine's
# load changes; interleaving spreads it over both); the best wall time of each.
# Sets best_e, cpu_e, best_i, cpu_i for -j $1 (OPTS without -j).
compare() {
  local jobs=$1 round we ce wi ci
  best_e= best_i= cpu_e= cpu_i=
  echo "bench/store: corpus $NAME, -j $jobs" >&2
  for round in 1 2 3; do
    read -r we ce < <(timed "$BIN" extract "${OPTS[@]}" -j "$jobs" "$CORPUS")
    rm -f "$OUT/ingest.db" "$OUT/ingest.db-wal" "$OUT/ingest.db-shm" # each ingest starts from an empty database
    read -r wi ci < <(timed "$BIN" ingest "${OPTS[@]}" -j "$jobs" --db "$OUT/ingest.db" "$CORPUS")
    echo "bench/store: round $round: extract ${we}s (cpu ${ce}s), ingest ${wi}s (cpu ${ci}s)" >&2
    if [ -z "$best_e" ] || [ "$(calc "int($we < $best_e)")" = 1 ]; then best_e=$we; cpu_e=$ce; fi
    if [ -z "$best_i" ] || [ "$(calc "int($wi < $best_i)")" = 1 ]; then best_i=$wi; cpu_i=$ci; fi
  done
}
# With -j 1 too: on a machine with no core to spare for the store's writer
# thread, -j N extraction and the writer compete (docs/store.md).
one_row=
if [ "$JOBS" != 1 ]; then
  compare 1
  one_row="| the same at -j 1: extract / ingest (best of 3, wall), ingest / extract throughput | ${best_e} s / ${best_i} s, $(calc "round($best_e / $best_i, 3)") |"
fi
compare "$JOBS"
t_extract=$best_e
t_ingest=$best_i
"$BIN" extract "${OPTS[@]}" -j "$JOBS" "$CORPUS" > "$OUT/corpus.jsonl"
db_bytes=$(stat -c %s "$OUT/ingest.db")
jsonl_bytes=$(stat -c %s "$OUT/corpus.jsonl")
articles=$(wc -l < "$OUT/corpus.jsonl")

{
  echo "# Store bench"
  echo
  echo "Corpus: $NAME, $articles records; -j $JOBS; $(nproc) cores."
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| extract to /dev/null (best of 3, wall) | ${t_extract} s (cpu ${cpu_e} s) |"
  echo "| ingest into a new database (best of 3, wall) | ${t_ingest} s (cpu ${cpu_i} s) |"
  echo "| ingest throughput / extract throughput | $(calc "round($t_extract / $t_ingest, 3)") |"
  [ -n "$one_row" ] && echo "$one_row"
  echo "| JSON Lines size | $jsonl_bytes bytes |"
  echo "| database size | $db_bytes bytes |"
  echo "| database / JSON Lines | $(calc "round($db_bytes / $jsonl_bytes, 3)") |"
} > "$OUT/store.md"

if [ "$LARGE" -gt 0 ]; then
  LDB=$OUT/large-$LARGE.db
  if [ ! -f "$LDB" ] || [ ! -f "$LDB.done" ]; then
    rm -f "$LDB" "$LDB-wal" "$LDB-shm"
    python3 "$REPO/tests/store_corpus.py" "$LARGE" 11 > "$OUT/large.jsonl"
    echo "bench/store: ingesting $LARGE synthetic articles into $LDB" >&2
    s=$(now)
    nice "$BIN" ingest "${OPTS[@]}" -j "$JOBS" --max-size 2G --db "$LDB" "$OUT/large.jsonl"
    e=$(now)
    calc "round($e - $s, 1)" > "$LDB.done"
    rm -f "$OUT/large.jsonl"
  fi
  {
    echo
    echo "## Query latency on $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from articles').fetchone()[0])" "$LDB") articles"
    echo
    echo "Ingested in $(cat "$LDB.done") s; $(stat -c %s "$LDB") bytes. Filter values drawn at random from the database;"
    echo "each query through ng_store_query_run (limit 1000 rows), as a client runs it."
    echo
    "$QUERY" "$LDB" 200
  } >> "$OUT/store.md"
fi
cat "$OUT/store.md"
