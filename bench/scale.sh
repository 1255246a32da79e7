#!/usr/bin/env bash
# How the cost of ONE article grows with its size: `newsgraph extract` on
# one-paragraph plain-text articles of 1, 4 and 16 MB (bench/big_article.py,
# sentences of samples/), each run RUNS times under GNU time. Prints, per
# size, the best wall and CPU (user + system) seconds and the largest peak
# RSS, then each size's ratios to the first: time ratio (CPU, the steadier
# one on a shared machine, and wall), and peak RSS over input size. Linear
# time gives a CPU ratio near the size ratio (4 for 4 MB / 1 MB).
# Never asserts anything (tests/cli_large.sh guards the peak RSS).
#
#   bash bench/scale.sh [path/to/newsgraph]
#   SIZES="1M 4M" RUNS=5 bash bench/scale.sh ...   (default: 1M 4M 16M, 3 runs)
#   PLACES=1 bash bench/scale.sh ...   paragraphs dense in place names instead
#                                      (big_article.py --places)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$REPO/build/newsgraph}
SIZES=${SIZES:-1M 4M 16M}
RUNS=${RUNS:-3}
KIND=article GEN_OPTS=()
[ -z "${PLACES:-}" ] || { KIND=places; GEN_OPTS=(--places); }
OUT=$REPO/build/bench/scale
[ -x "$BIN" ] || { echo "scale: $BIN not found; build it first (make)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "scale: GNU time (/usr/bin/time) is required: apt-get install time" >&2; exit 2; }
mkdir -p "$OUT"

printf '%-6s %10s %8s %8s %10s %8s %8s %8s\n' size bytes wall_s cpu_s peak_MiB cpu_x wall_x rss/size
first_bytes='' first_cpu='' first_wall=''
for s in $SIZES; do
  f=$OUT/$KIND-$s.txt
  [ -f "$f" ] || python3 "$REPO/bench/big_article.py" "$s" "$f" "${GEN_OPTS[@]}"
  bytes=$(wc -c < "$f")
  best_wall='' best_cpu='' peak=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %U %S %M' -o "$OUT/time.txt" "$BIN" extract --quiet --max-size 1G "$f" > "$OUT/out.jsonl"
    read -r wall user sys rss < "$OUT/time.txt"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then best_wall=$wall; fi
    if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then best_cpu=$cpu; fi
    [ "$rss" -gt "$peak" ] && peak=$rss
  done
  [ -n "$first_bytes" ] || { first_bytes=$bytes; first_cpu=$best_cpu; first_wall=$best_wall; }
  awk -v s="$s" -v b="$bytes" -v w="$best_wall" -v c="$best_cpu" -v r="$peak" -v b0="$first_bytes" \
      -v c0="$first_cpu" -v w0="$first_wall" 'BEGIN {
        cx = c0 > 0 ? c / c0 : 0; wx = w0 > 0 ? w / w0 : 0
        printf "%-6s %10d %8.2f %8.2f %10.1f %8.2f %8.2f %8.1f\n", s, b, w, c, r / 1024, cx, wx, r * 1024 / b }'
done
echo "(cpu_x, wall_x: time over the first size's; rss/size: peak RSS over input bytes; best of $RUNS runs)"
