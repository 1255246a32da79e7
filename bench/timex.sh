#!/usr/bin/env bash
# Throughput of the full `newsgraph extract` (all stages, dates[] included)
# next to the date peer chrono-node on the same plain-text news files, one
# pass each under GNU time, reported as docs/s and a ratio (never asserted).
#
#   bash bench/timex.sh [path/to/newsgraph] [BASELINE_BIN]
#
# Corpus: ../shared/data/news-text-bbc (2,225 BBC articles, .txt). With a
# BASELINE_BIN (e.g. a build without the timex stage) it is timed as well,
# which shows what the stage costs. Output: build/bench/timex.txt.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$REPO/build/newsgraph}
BASE=${2:-}
CORPUS=${SHARED:-$REPO/../shared}/data/news-text-bbc
OUT=$REPO/build/bench
[ -d "$CORPUS" ] || { echo "skipped: $CORPUS not found"; exit 0; }
mkdir -p "$OUT"
docs=$(find "$CORPUS" -name '*.txt' | wc -l)
run() { # name cmd... -> seconds (wall) on stdout
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$OUT/timex-$name.time" "$@" > /dev/null 2> "$OUT/timex-$name.err" || true
  cut -d' ' -f1 "$OUT/timex-$name.time"
}
{
  echo "corpus: $CORPUS ($docs docs)"
  ng=$(run newsgraph "$BIN" extract --quiet -j 1 "$CORPUS")
  printf '%-22s %8.2f s %10.0f docs/s   (all stages, NER included)\n' newsgraph "$ng" "$(echo "$docs / $ng" | bc -l)"
  # Without the NER tagger (its costliest stage, which chrono has no part of):
  # closer to the work a date parser does, dates[] still complete.
  nn=$(run newsgraph-no-ner "$BIN" extract --quiet -j 1 --no-ner "$CORPUS")
  printf '%-22s %8.2f s %10.0f docs/s   (all stages but NER)\n' "newsgraph --no-ner" "$nn" "$(echo "$docs / $nn" | bc -l)"
  if [ -n "$BASE" ]; then
    b=$(run baseline "$BASE" extract --quiet "$CORPUS")
    printf '%-22s %8.2f s %10.0f docs/s\n' baseline "$b" "$(echo "$docs / $b" | bc -l)"
  fi
  if [ -f "$REPO/build/peers/dates_chrono.js" ] && command -v node >/dev/null; then
    ch=$(run chrono node "$REPO/build/peers/dates_chrono.js" --ref 2005-01-01 "$CORPUS")
    printf '%-22s %8.2f s %10.0f docs/s   newsgraph is %.1fx chrono-node (%.1fx with --no-ner), wall, startups included\n' \
      chrono-node "$ch" "$(echo "$docs / $ch" | bc -l)" "$(echo "$ch / $ng" | bc -l)" "$(echo "$ch / $nn" | bc -l)"
  fi
} | tee "$OUT/timex.txt"
