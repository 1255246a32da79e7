#!/usr/bin/env bash
# The cost of a change to the pipeline: two newsgraph binaries on the same
# bench pages (build/bench/corpus, made by bench/corpus.py as in run.sh).
#
#   bash bench/before_after.sh OLD_BIN NEW_BIN [RUNS]
#   CALLGRIND=1 ...   also count instructions with valgrind (slow, but
#                     deterministic: wall and CPU times on a shared machine
#                     vary by 10-20 % between runs)
#
# Runs alternate old/new RUNS times (default 5) per corpus; the best CPU time
# (user+sys, GNU time) of each gives docs/s. Output discarded. Not run in CI.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
OLD=$1 NEW=$2 RUNS=${3:-5}
OUT=$REPO/build/bench
DATA=${SHARED:-$REPO/../shared}/data
mkdir -p "$OUT"
[ -s "$OUT/corpora.tsv" ] || python3 "$REPO/bench/corpus.py" "$DATA" "$OUT/corpus" > "$OUT/corpora.tsv"
cpu() { /usr/bin/time -f '%U %S' "$1" extract --quiet "$2" 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2}'; }
while IFS=$'\t' read -r name dir pages bytes; do
  best_old=1e9 best_new=1e9
  for _ in $(seq "$RUNS"); do
    best_old=$(python3 -c "print(min($best_old, $(cpu "$OLD" "$dir")))")
    best_new=$(python3 -c "print(min($best_new, $(cpu "$NEW" "$dir")))")
  done
  python3 -c "
o, n, p = $best_old, $best_new, $pages
print('%-9s %4d pages  old %.2fs cpu %6.0f docs/s   new %.2fs cpu %6.0f docs/s   new/old time %.3f' % ('$name', p, o, p / o, n, p / n, n / o))"
  if [ -n "${CALLGRIND:-}" ]; then
    for b in old new; do
      bin=$OLD; [ $b = new ] && bin=$NEW
      valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.$name.$b" "$bin" extract --quiet "$dir" \
        >/dev/null 2>"$OUT/callgrind.$name.$b.err"
    done
    python3 -c "
import re
def ir(f): return int(re.search(r'Collected : (\d+)', open(f).read()).group(1))
o, n = ir('$OUT/callgrind.$name.old.err'), ir('$OUT/callgrind.$name.new.err')
print('%-9s instructions old %.3fG new %.3fG  new/old %.3f' % ('$name', o / 1e9, n / 1e9, n / o))"
  fi
done < "$OUT/corpora.tsv"
