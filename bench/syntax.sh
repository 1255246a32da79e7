#!/usr/bin/env bash
# The syntax layer's speed (`make bench` runs it; also alone):
#  1. `parse --conllu` (tagger + parser) on UD English EWT dev, repeated
#     REPEAT times in one input: sentences and tokens per second of one
#     core, from the command's own TIMING line (models loaded beforehand,
#     I/O included); and the same with pos.bin alone, so the parser's share
#     shows; and the time to load pos.bin + parse.bin (load_secs);
#  2. the cost of --syntax inside extract: the news-sub corpus (every 4th
#     news page, bench/corpus.py) through `extract -j 1` with and without
#     --syntax, least CPU time of RUNS runs each, and, when run.sh measured
#     the peer pipeline on the same corpus, how many times faster than the
#     peer the extract with --syntax still is.
# CPU time, not wall time: on a shared machine the wall clock also counts
# the other processes. This reports, it never asserts a time.
#
#   bash bench/syntax.sh [path/to/newsgraph]
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$REPO/build/newsgraph}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
SHARED=${SHARED:-$REPO/../shared}
DATA=$SHARED/data
OUT=$REPO/build/bench
MODELS=${MODELS:-$(dirname "$BIN")/models}
REPEAT=${REPEAT:-10}
RUNS=${RUNS:-3}
DEV=$DATA/ud-english/en_ewt-ud-dev.conllu.gz
mkdir -p "$OUT/syntax-models" "$OUT/pos-models"
[ -f "$MODELS/parse.bin" ] && [ -f "$MODELS/pos.bin" ] || { echo "bench/syntax: no pos.bin + parse.bin in $MODELS" >&2; exit 2; }
cp "$MODELS/pos.bin" "$MODELS/parse.bin" "$OUT/syntax-models/"
cp "$MODELS/pos.bin" "$OUT/pos-models/"

best_timing() { # dir: the best of RUNS TIMING lines of parse --conllu on the repeated dev file
  for _ in $(seq "$RUNS"); do
    "$BIN" parse --conllu --timing --models "$1" < "$OUT/dev-x$REPEAT.conllu" 2>&1 >/dev/null | grep '^TIMING '
  done | python3 -c '
import json, sys
runs = [json.loads(l[7:]) for l in sys.stdin]
best = max(runs, key=lambda r: r["sentences_per_cpu_sec"])
best["load_secs"] = min(r["load_secs"] for r in runs)
best["load_cpu_secs"] = min(r["load_cpu_secs"] for r in runs)
print(json.dumps(best))'
}

if [ -f "$DEV" ]; then
  python3 -c '
import gzip, sys
t = gzip.open(sys.argv[1], "rt", encoding="utf-8").read()
sys.stdout.write(t * int(sys.argv[2]))' "$DEV" "$REPEAT" > "$OUT/dev-x$REPEAT.conllu"
  both=$(best_timing "$OUT/syntax-models")
  tag=$(best_timing "$OUT/pos-models")
  python3 - "$both" "$tag" <<'PY' | tee "$OUT/syntax-parse.txt"
import json, sys
both, tag = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print('syntax bench: parse --conllu on EWT dev repeated (%d sentences, %d tokens), one core, best of runs'
      % (both['sentences'], both['tokens']))
print('  per CPU second (the process\'s own CPU time; wall in brackets, which a busy machine inflates):')
print('  tagger + parser: %8.0f sentences/s  %9.0f tokens/s   (wall: %.0f sentences/s)'
      % (both['sentences_per_cpu_sec'], both['tokens_per_cpu_sec'], both['sentences_per_sec']))
print('  tagger alone:    %8.0f sentences/s  %9.0f tokens/s   (wall: %.0f sentences/s)'
      % (tag['sentences_per_cpu_sec'], tag['tokens_per_cpu_sec'], tag['sentences_per_sec']))
p = both['cpu_secs'] - tag['cpu_secs']
if p > 0:
    print('  parser alone (the difference): %8.0f sentences/s' % (both['sentences'] / p))
print('  model load (ner.bin if there, pos.bin + parse.bin: mmap + checksum): %.1f ms CPU (%.1f ms wall); '
      'pos.bin alone %.1f ms CPU' % (1000 * both['load_cpu_secs'], 1000 * both['load_secs'], 1000 * tag['load_cpu_secs']))
PY
else
  echo "syntax bench: $DEV not found, parse speed skipped"
fi

# --- extract with and without --syntax -----------------------------------
if [ -d "$DATA/news-html-corpus" ]; then
  CORPUS=$(python3 "$REPO/bench/corpus.py" "$DATA" "$OUT/corpus" | awk -F'\t' '$1 == "news-sub" {print $2}')
  NG=(--quiet -j 1 --models "$MODELS" --gazetteer "$REPO/data/gazetteer.bin")
  best_wall() { # extra args: the least CPU seconds (user + system) of RUNS runs of extract
    for _ in $(seq "$RUNS"); do
      /usr/bin/time -f '%U %S' -o "$OUT/syntax-extract.time" "$BIN" extract "${NG[@]}" "$@" "$CORPUS" > /dev/null
      awk '{print $1 + $2}' "$OUT/syntax-extract.time"
    done | sort -n | head -1
  }
  plain=$(best_wall)
  syntax=$(best_wall --syntax)
  pages=$(find "$CORPUS" -type f | wc -l)
  peer=$(python3 - "$OUT/pipeline.news-sub.time" <<'PY' 2>/dev/null || true
import re, sys
t = open(sys.argv[1]).read()
u = re.search(r'User time \(seconds\): ([\d.]+)', t)
s = re.search(r'System time \(seconds\): ([\d.]+)', t)
print(float(u.group(1)) + float(s.group(1)))
PY
)
  python3 - "$plain" "$syntax" "$pages" "${peer:-}" <<'PY' | tee "$OUT/syntax-extract.txt"
import sys
plain, syntax, pages = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
peer = float(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else None
print('syntax bench: extract -j 1 on news-sub (%d pages), CPU seconds (user + system), least of runs' % pages)
print('  default stages: %.2f s (%.0f pages/s)' % (plain, pages / plain))
print('  with --syntax:  %.2f s (%.0f pages/s): --syntax costs %.0f%% more time' % (syntax, pages / syntax, 100 * (syntax / plain - 1)))
if peer:
    print('  peer pipeline (run.sh\'s last run, same corpus): %.2f CPU s: extract --syntax is %.0fx faster' % (peer, peer / syntax))
else:
    print('  peer pipeline: not measured here (bench/run.sh measures it)')
PY
else
  echo "syntax bench: news-html-corpus not found, extract cost skipped"
fi
