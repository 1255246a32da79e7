#!/usr/bin/env bash
# Parallel extract: `newsgraph extract -j N` against -j 1 on the bench
# corpus (news-sub: every 4th of the 2,172 news pages, as bench/run.sh lays
# it out), with the NER model and the gazetteer. Each setting runs RUNS
# times, alternating, under GNU time; the table gives the median wall time,
# the speed-up, and the peak RSS of each, and checks that the outputs are
# byte-identical. Run by `make bench`; machines are noisy, so it reports
# ratios and asserts nothing about time.
#
#   bash bench/jobs.sh [path/to/newsgraph] [N]     N default: the number of cores
#   RUNS=5 bash bench/jobs.sh ...                  default 3
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$REPO/build/newsgraph}
N=${2:-$(nproc)}
RUNS=${RUNS:-3}
SHARED=${SHARED:-$REPO/../shared}
OUT=$REPO/build/bench
[ -d "$SHARED/data" ] || { echo "skipped: ../shared/data not found"; exit 0; }
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is required: apt-get install time" >&2; exit 2; }
mkdir -p "$OUT"
rm -f "$OUT"/jobs.*.time
CORPUS=$(python3 "$REPO/bench/corpus.py" "$SHARED/data" "$OUT/corpus" | awk -F'\t' '$1=="news-sub"{print $2}')
MODELS=${MODELS:-$(dirname "$BIN")/models}
OPTS=(--quiet --models "$MODELS" --gazetteer "$REPO/data/gazetteer.bin")

for r in $(seq "$RUNS"); do
  for j in 1 "$N"; do
    /usr/bin/time -f "%e %M" -o "$OUT/jobs.$j.$r.time" "$BIN" extract "${OPTS[@]}" -j "$j" "$CORPUS" > "$OUT/jobs.$j.out"
  done
done
cmp -s "$OUT/jobs.1.out" "$OUT/jobs.$N.out" && same=yes || same=NO
python3 - "$OUT" "$N" "$RUNS" "$same" "$(wc -l < "$OUT/jobs.1.out")" <<'PY' | tee "$OUT/jobs.md"
import statistics, sys
out, n, runs, same, records = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
def read(j):
    rows = [open(f'{out}/jobs.{j}.{r}.time').read().split() for r in range(1, runs + 1)]
    return statistics.median(float(w) for w, _ in rows), max(int(m) for _, m in rows)
t1, m1 = read('1')
tn, mn = read(n)
print(f'| extract | wall s (median of {runs}) | speed-up | peak RSS MiB | RSS vs -j 1 |')
print('|---|---|---|---|---|')
print(f'| -j 1 | {t1:.2f} | 1.00x | {m1 / 1024:.0f} | 1.00x |')
print(f'| -j {n} | {tn:.2f} | {t1 / tn:.2f}x | {mn / 1024:.0f} | {mn / m1:.2f}x |')
print(f'\n{records} records; output of -j {n} byte-identical to -j 1: {same}')
PY
rm -f "$OUT"/jobs.*.out
