#!/usr/bin/env bash
# Throughput of the full `newsgraph extract` (every stage, with the NER model
# and the gazetteer; then again with --syntax) side by side with the peer pipeline, Readability (jsdom)
# then compromise, chrono-node and VADER on its text (bench/peer_pipeline.js),
# and with Readability alone, on the same real pages (`make bench`; not run in
# CI). Then newsgraph's peak RSS as the corpus grows (bench/rss.py), the date
# bench (timex.sh), the NER bench (ner.py), the syntax bench (syntax.sh: parse
# sentences/s, model load, the cost of extract --syntax) and the entity bench. See docs/eval.md.
#
#   bash bench/run.sh [path/to/newsgraph]
#   BENCH_FULL=1 bash bench/run.sh ...   all 2,172 news pages instead of every 4th
#   BENCH_SKIP_PEER=1 ...                newsgraph only (no Node/npm needed)
#   SHARED=/path/to/shared ...           default: ../shared next to the repo
#
# Corpora (decompressed .html copies in build/bench/corpus/, fed to both tools):
#   news-sub   every 4th page, sorted, of news-html-corpus/{l3s-gn1/original,
#              dragnet-2012/html, postlight-fixtures/html}  (news-full: all 2,172)
#   aeb        the 91 article-extraction-benchmark pages
# Each tool makes one pass per corpus under GNU `time -v`, one after the other.
# Results: build/bench/*.time|*.err|*.stats, the table build/bench/summary.md
# and build/bench/rss.md (BENCH_SKIP_RSS=1 skips the RSS-vs-size table).
# Machines are noisy: this reports ratios and never asserts times.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$REPO/build/newsgraph}
SHARED=${SHARED:-$REPO/../shared}
DATA=$SHARED/data
OUT=$REPO/build/bench
PEERS=$REPO/build/peers

if [ ! -d "$DATA" ]; then
  echo "skipped: ../shared/data not found"
  exit 0
fi
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
[ -x "$BIN" ] || { echo "bench: $BIN not found; build it first (make)" >&2; exit 2; }
mkdir -p "$OUT"
# The full extract: the model and the gazetteer are named explicitly, so a
# missing or corrupt one is an error (exit 2) instead of a quietly lighter run.
MODELS=${MODELS:-$(dirname "$BIN")/models}
# One thread, like the peers: the per-core comparison. bench/jobs.sh
# measures -j N against -j 1.
NG_OPTS=(--quiet -j 1 --models "$MODELS" --gazetteer "$REPO/data/gazetteer.bin")
[ -f "$MODELS/ner.bin" ] || { echo "bench: no NER model at $MODELS/ner.bin (make builds it)" >&2; exit 2; }

# --- tools: GNU time (required), hyperfine (optional), from Debian ----------
need=()
[ -x /usr/bin/time ] || need+=(time)
command -v hyperfine >/dev/null || need+=(hyperfine)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "bench: apt-get install ${need[*]}" >&2
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"; } >&2 ||
    echo "bench: apt-get failed" >&2
fi
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is required: apt-get install time" >&2; exit 2; }

# --- peers: a private copy of ../shared/peers, npm ci once --------------------
PEER=1
[ -z "${BENCH_SKIP_PEER:-}" ] || PEER=0
if [ $PEER = 1 ]; then
  missing=0
  for m in @mozilla/readability jsdom compromise chrono-node vader-sentiment; do
    [ -f "$PEERS/node_modules/$m/package.json" ] || missing=1
  done
  if [ $missing = 1 ]; then
    if ! command -v npm >/dev/null; then
      echo "bench: npm not found: running newsgraph only" >&2; PEER=0
    else
      echo "bench: installing peers into $PEERS (npm ci)" >&2
      rm -rf "$PEERS"
      cp -r "$SHARED/peers" "$PEERS"
      chmod -R u+w "$PEERS"
      (cd "$PEERS" && npm ci --no-audit --no-fund --loglevel=error) >&2 || { echo "bench: npm ci failed: newsgraph only" >&2; PEER=0; }
    fi
  fi
fi

# --- corpora --------------------------------------------------------------
full=(); [ -z "${BENCH_FULL:-}" ] || full=(--full)
python3 "$REPO/bench/corpus.py" "$DATA" "$OUT/corpus" "${full[@]}" > "$OUT/corpora.tsv"
rm -f "$OUT"/newsgraph.*.time "$OUT"/newsgraph-syntax.*.time "$OUT"/readability.*.time "$OUT"/pipeline.*.time "$OUT"/*.stats "$OUT"/hyperfine.json "$OUT"/rss.md

run() { # tool corpus cmd... : one pass under GNU time
  local tool=$1 corpus=$2; shift 2
  echo "== $tool on $corpus: $*" >&2
  /usr/bin/time -v -o "$OUT/$tool.$corpus.time" "$@" > "$OUT/$tool.$corpus.out" 2> "$OUT/$tool.$corpus.err" ||
    echo "bench: $tool on $corpus exited non-zero (see $OUT/$tool.$corpus.err)" >&2
}

while IFS=$'\t' read -r name dir pages bytes; do
  echo "bench: corpus $name: $pages pages, $((bytes / 1000000)) MB" >&2
  # Every tool writes its JSON lines to a file in build/bench (same cost for all).
  run newsgraph "$name" "$BIN" extract "${NG_OPTS[@]}" "$dir"
  # Records and facts written, to check that each tool saw every page and did
  # its stages (entities > 0 means the NER model was used).
  python3 "$REPO/bench/summary.py" --stats newsgraph "$OUT/newsgraph.$name.out" > "$OUT/newsgraph.$name.stats"
  wc -l < "$OUT/newsgraph.$name.out" > "$OUT/newsgraph.$name.records"
  rm -f "$OUT/newsgraph.$name.out"
  # The same with the syntax stage: every sentence tagged and parsed, and the
  # events stage coding from the parse (issues 12 and 13 hold it to 50x).
  run newsgraph-syntax "$name" "$BIN" extract --syntax "${NG_OPTS[@]}" "$dir"
  python3 "$REPO/bench/summary.py" --stats newsgraph-syntax "$OUT/newsgraph-syntax.$name.out" > "$OUT/newsgraph-syntax.$name.stats"
  wc -l < "$OUT/newsgraph-syntax.$name.out" > "$OUT/newsgraph-syntax.$name.records"
  rm -f "$OUT/newsgraph-syntax.$name.out"
  if [ $PEER = 1 ]; then
    run pipeline "$name" node "$REPO/bench/peer_pipeline.js" "$dir"
    grep '^TIMING' "$OUT/pipeline.$name.err" >&2 || true
    python3 "$REPO/bench/summary.py" --stats pipeline "$OUT/pipeline.$name.out" > "$OUT/pipeline.$name.stats"
    wc -l < "$OUT/pipeline.$name.out" > "$OUT/pipeline.$name.records"
    run readability "$name" node "$PEERS/extract_readability.js" "$dir"
    grep '^TIMING' "$OUT/readability.$name.err" >&2 || true
    wc -l < "$OUT/readability.$name.out" > "$OUT/readability.$name.records"
  fi
done < "$OUT/corpora.tsv"

# Peak RSS against corpus size (1/8 of the news pages up to all of them x4).
if [ -z "${BENCH_SKIP_RSS:-}" ]; then
  python3 "$REPO/bench/rss.py" "$BIN" "$DATA" "$OUT" "${NG_OPTS[@]:1}" > /dev/null || echo "bench: rss.py failed" >&2
fi

# Startup plus one page (the first AEB page), if hyperfine is there.
one=$(awk -F'\t' '$1=="aeb"{print $2}' "$OUT/corpora.tsv")
one=${one:+$(ls "$one" | head -1 | sed "s|^|$one/|")}
if command -v hyperfine >/dev/null && [ -n "$one" ]; then
  cmds=(-n newsgraph "$BIN extract ${NG_OPTS[*]} $one")
  [ $PEER = 0 ] || cmds+=(-n pipeline "node $REPO/bench/peer_pipeline.js $one"
                          -n readability "node $PEERS/extract_readability.js $one")
  hyperfine -N --warmup 1 --runs 10 --export-json "$OUT/hyperfine.json" "${cmds[@]}" > "$OUT/hyperfine.txt" 2>&1 ||
    echo "bench: hyperfine failed (see $OUT/hyperfine.txt)" >&2
fi

bash "$REPO/bench/timex.sh" "$BIN" || echo "bench: timex.sh failed" >&2
bash "$REPO/bench/jobs.sh" "$BIN" || echo "bench: jobs.sh failed" >&2
bash "$REPO/bench/events.sh" "$BIN" || echo "bench: events.sh failed" >&2
python3 "$REPO/bench/summary.py" "$OUT"
python3 "$REPO/bench/ner.py" "$BIN" || echo "bench: the NER bench failed" >&2
bash "$REPO/bench/syntax.sh" "$BIN" || echo "bench: the syntax bench failed" >&2
python3 "$REPO/bench/entity.py" --driver "$(dirname "$BIN")/entity_driver" --data "$DATA" | tee "$OUT/entity.txt"
echo "bench: wrote $OUT/summary.md" >&2
